// Accessibility of the real window (issue "What a person sees", section Accessibility): with one
// account of each of the four providers added through the form against a standalone sandbox, axe-core
// (harness `checkA11y`) finds no serious or critical violation in any view of the sidebar or in the
// main dialogs (add account, the create wizard's first step, a destructive confirmation, the command
// palette, About), light and dark, in English and in Brazilian Portuguese (the status bar's language
// choice). What axe cannot see is checked by hand: an open dialog keeps Tab
// and Shift+Tab inside it and gives focus back to its opener when it closes, and a button focused
// from the keyboard shows a focus ring. Screenshots: target/e2e-screenshots/a11y-<what>-<theme>-<language>.png.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { addAccount, byTestId, checkA11y, choose, describeViolations, launchApp, screenshot, startSandbox } from "./harness.mjs";

const shot = (browser, name) => screenshot(browser, `a11y-${name}`);
const THEMES = ["light", "dark"];
const LANGUAGES = ["en", "pt-BR"];
const VIEWS = ["servers", "snapshots", "backups", "images", "ssh-keys", "floating-ips", "tags", "billing", "plans"];
/** The account of each provider, named after it. */
const ACCOUNTS = { letscloud: "a11y-letscloud", cloudero: "a11y-cloudero", cloudzy: "a11y-cloudzy", vz: "a11y-vz" };

async function setTheme(browser, theme) {
  await choose(browser, "theme-select", theme);
  await browser.waitUntil(async () => (await browser.$(byTestId("app-frame")).getAttribute("data-theme")) === theme, {
    timeoutMsg: `the frame did not switch to ${theme}`,
  });
}

/** Switch the UI's language from the status bar and wait until the page says it is in it. */
async function setLanguage(browser, language) {
  await choose(browser, "language-select", language);
  await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.lang)) === language, {
    timeoutMsg: `the page did not switch to ${language}`,
  });
}

/**
 * Wait (bounded, without failing) until the screen is still: the main area says no "Loading…" any
 * more, and no toast that fades is left. Such a toast could begin its fade while axe runs, and its
 * text would be measured at part opacity; toasts get their own check (`checkToast`), paused.
 */
async function settle(browser) {
  await browser
    .waitUntil(
      async () =>
        browser.execute(
          () =>
            !/Loading…|Carregando…/.test(document.querySelector("main")?.textContent ?? "Loading…") &&
            !document.querySelector('[data-testid="toast"]:not([data-tone="bad"])'),
        ),
      { timeout: 20_000 },
    )
    .catch(() => undefined);
  await browser.execute(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Check a toast as it stands before its fade: copy the servers view as JSON (an "ok" toast, or an
 * error one where the clipboard refuses), rest the pointer on the toast (which holds it), check the
 * toasts, then dismiss them.
 */
async function checkToast(browser, problems, where) {
  await browser.$(byTestId("nav-servers")).click();
  await browser.$(byTestId("copy-json")).click();
  const toast = await browser.$(byTestId("toast"));
  await toast.waitForDisplayed({ timeout: 10_000, timeoutMsg: "copying the servers showed no toast" });
  await toast.moveTo();
  await problems.check(browser, where, byTestId("toasts"));
  await shot(browser, where.replace(/[ (),]+/g, "-").replace(/-$/, ""));
  for (const dismiss of await browser.$$(byTestId("toast-dismiss"))) await dismiss.click();
  await browser.$(byTestId("toasts")).waitForDisplayed({ reverse: true, timeout: 10_000, timeoutMsg: "the toasts were not dismissed" });
}

/**
 * Buttons whose text holds no letter or digit (✕, ⚙, +, ↻…) and that have no name of their own
 * (aria-label, aria-labelledby or title): axe's `button-name` catches most, this names them plainly.
 */
async function unnamedIconButtons(browser, scope) {
  return browser.execute((selector) => {
    const root = document.querySelector(selector) ?? document;
    return [...root.querySelectorAll("button")]
      .filter((b) => !/[\p{L}\p{N}]/u.test(b.textContent ?? ""))
      .filter((b) => !(b.getAttribute("aria-label")?.trim() || b.getAttribute("aria-labelledby") || b.title?.trim()))
      .map((b) => b.outerHTML.slice(0, 160));
  }, scope);
}

/**
 * The problems found on the screens checked so far, one entry per rule and element (the sidebar's
 * repeat on every view): what axe says fails, and on which screens.
 */
class Problems {
  #found = new Map();

  /** Check the screen `where` (the whole document, or the element `scope`): axe, then unnamed icon buttons. */
  async check(browser, where, scope = null) {
    for (const v of await checkA11y(browser, scope)) {
      for (const n of v.nodes) this.#add(`${v.id} (${v.impact}): ${v.summary}`, n.target, `${n.html}\n      ${n.summary}`, where);
    }
    for (const html of await unnamedIconButtons(browser, scope ?? "body")) {
      this.#add("icon-button-name: an icon-only button without aria-label, aria-labelledby or title", html, "", where);
    }
  }

  #add(rule, target, detail, where) {
    const key = `${rule}\n  ${target}`;
    const entry = this.#found.get(key) ?? { detail, screens: [] };
    entry.screens.push(where);
    this.#found.set(key, entry);
  }

  get count() {
    return this.#found.size;
  }

  /** Every problem: the rule, the element, what fails, and the screens it was seen on. */
  toString() {
    return [...this.#found]
      .map(([key, { detail, screens }]) => `${key}\n      ${detail}\n      on: ${screens.join(", ")}`)
      .join("\n");
  }
}

/** Close whatever dialog is open (a failed step may leave one): Escape until none is. */
async function closeAnyDialog(browser) {
  for (let i = 0; i < 3 && (await browser.$('[role="dialog"]').isExisting()); i++) {
    await browser.keys("Escape");
    await browser.pause(100);
  }
}

/** Where the keyboard focus is, as a short description (its testid, else its tag and text). */
async function focused(browser) {
  return browser.execute(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "body";
    return el.getAttribute("data-testid") ?? `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
  });
}

/** Whether the focused element is inside the element `selector`. */
async function focusInside(browser, selector) {
  return browser.execute((s) => !!document.querySelector(s)?.contains(document.activeElement), selector);
}

/** Focus `testId` (as a keyboard user who got there would) and press Enter on it. */
async function openFromKeyboard(browser, testId) {
  await browser.execute((s) => document.querySelector(s)?.focus(), byTestId(testId));
  assert.equal(await focused(browser), testId, `${testId} takes the focus`);
  await browser.keys("Enter");
}

/** Open the first server of `account` in the servers view (its detail pane and action bar). */
async function openServerOf(browser, account) {
  await browser.$(byTestId("nav-servers")).click();
  await browser.$(byTestId("account-all")).click();
  const row = await browser.$(`[data-testid^="server-row-${account}/"]`);
  await row.waitForExist({ timeout: 30_000, timeoutMsg: `no server of ${account} listed` });
  const address = (await row.getAttribute("data-testid")).slice("server-row-".length);
  await browser.$(byTestId(`server-name-${address}`)).click();
  await browser.$(byTestId("server-detail")).waitForDisplayed({ timeout: 10_000 });
}

/** The main dialogs: how each opens (answering the opener's testid when a button opens it) and its testid. */
const DIALOGS = [
  {
    name: "add-account",
    testId: "add-account-dialog",
    open: async (browser) => {
      await browser.$(byTestId("add-account")).click();
      return "add-account";
    },
  },
  {
    name: "create-wizard",
    testId: "create-wizard",
    open: async (browser) => {
      await browser.$(byTestId("nav-servers")).click();
      await browser.$(byTestId(`account-${ACCOUNTS.cloudzy}`)).click();
      await browser.$(byTestId("create-server")).waitForDisplayed({ timeout: 10_000 });
      await browser.$(byTestId("create-server")).click();
      // The first step's region list is in before it is checked.
      await browser.$('[data-testid^="wizard-step-"]').waitForDisplayed({ timeout: 10_000 });
      await browser
        .waitUntil(async () => (await browser.$$(`${byTestId("wizard-region-select")} option`).length) > 1, { timeout: 20_000 })
        .catch(() => undefined);
      return "create-server";
    },
  },
  {
    name: "destructive-confirmation",
    testId: "action-dialog",
    open: async (browser) => {
      await openServerOf(browser, ACCOUNTS.cloudzy);
      await browser.$(byTestId("action-delete")).click();
      await browser.$(byTestId("confirm-name-input")).waitForDisplayed({ timeout: 10_000 });
      return "action-delete";
    },
  },
  {
    name: "palette",
    testId: "palette",
    open: async (browser) => {
      await browser.$(byTestId("open-palette")).click();
      return "open-palette";
    },
  },
  {
    name: "about",
    testId: "about-dialog",
    open: async (browser) => {
      await browser.$(byTestId("app-version")).click();
      await browser.$(byTestId("about-version")).waitForDisplayed({ timeout: 10_000 });
      return "app-version";
    },
  },
];

async function closeDialog(browser, testId) {
  await browser.keys("Escape");
  await browser.$(byTestId(testId)).waitForDisplayed({ reverse: true, timeout: 10_000, timeoutMsg: `Escape did not close ${testId}` });
}

describe("accessibility of every view and the main dialogs", () => {
  let app;
  let sandbox;

  before(async () => {
    sandbox = await startSandbox();
    // Its own port pair: storage.e2e.test.mjs drives on 4500/4501, and a driver that is still
    // exiting keeps its port a while (harness launchApp).
    app = await launchApp({ port: 4510 });
    const { browser } = app;
    await browser.$(byTestId("app-frame")).waitForDisplayed({ timeout: 15_000 });
    const { letscloud, cloudero, cloudzy, vz } = sandbox.credentials;
    const endpoints = sandbox.endpoints;
    await addAccount(browser, { provider: "letscloud", name: ACCOUNTS.letscloud, endpoint: endpoints.letscloud, secret: letscloud[0].token });
    await addAccount(browser, {
      provider: "cloudero",
      name: ACCOUNTS.cloudero,
      endpoint: endpoints.cloudero,
      username: cloudero[0].user,
      secret: cloudero[0].password,
    });
    await addAccount(browser, { provider: "cloudzy", name: ACCOUNTS.cloudzy, endpoint: endpoints.cloudzy, secret: cloudzy[0].token });
    await addAccount(browser, { provider: "vz", name: ACCOUNTS.vz, endpoint: endpoints.vz, secret: vz[0].token, signIn: "token" });
    await browser.$(byTestId("account-all")).click();
    await browser.waitUntil(
      async () => {
        const rows = await browser.$$('[data-testid^="server-row-"]').map((e) => e.getAttribute("data-testid"));
        return Object.values(ACCOUNTS).every((a) => rows.some((r) => r.startsWith(`server-row-${a}/`)));
      },
      { timeout: 60_000, timeoutMsg: "the table never showed servers of all four accounts" },
    );
  });
  after(async () => {
    await app?.stop();
    await sandbox?.stop();
  });

  it("every view, light and dark, in both languages: no serious or critical axe violation, every icon button named", async () => {
    const { browser } = app;
    const problems = new Problems();
    await closeAnyDialog(browser);
    for (const language of LANGUAGES) {
      await setLanguage(browser, language);
      for (const theme of THEMES) {
        await setTheme(browser, theme);
        await browser.$(byTestId("account-all")).click();
        for (const view of VIEWS) {
          const nav = await browser.$(byTestId(`nav-${view}`));
          assert.ok(await nav.isDisplayed(), `nav-${view} is shown with all four providers' accounts`);
          await nav.click();
          await settle(browser);
          await problems.check(browser, `${view} (${theme}, ${language})`);
          await shot(browser, `${view}-${theme}-${language}`);
        }
        await checkToast(browser, problems, `toast (${theme}, ${language})`);
        // The servers view with a server's detail pane open (the detail, its action bar, its tabs).
        await openServerOf(browser, ACCOUNTS.cloudzy);
        await settle(browser);
        await problems.check(browser, `server detail (${theme}, ${language})`);
        await shot(browser, `server-detail-${theme}-${language}`);
      }
    }
    await setLanguage(browser, "en");
    await choose(browser, "language-select", "system");
    await choose(browser, "theme-select", "system");
    assert.equal(problems.count, 0, `accessibility problems in the views:\n${problems}`);
  });

  it("the main dialogs, light and dark, in both languages: no serious or critical axe violation, every icon button named", async () => {
    const { browser } = app;
    const problems = new Problems();
    for (const language of LANGUAGES) {
      await setLanguage(browser, language);
      for (const theme of THEMES) {
        await setTheme(browser, theme);
        for (const dialog of DIALOGS) {
          await closeAnyDialog(browser);
          await dialog.open(browser);
          await browser.$(byTestId(dialog.testId)).waitForDisplayed({ timeout: 10_000 });
          await settle(browser);
          await problems.check(browser, `${dialog.name} dialog (${theme}, ${language})`, byTestId(dialog.testId));
          await shot(browser, `dialog-${dialog.name}-${theme}-${language}`);
          await closeDialog(browser, dialog.testId);
        }
      }
    }
    await setLanguage(browser, "en");
    await choose(browser, "language-select", "system");
    await choose(browser, "theme-select", "system");
    assert.equal(problems.count, 0, `accessibility problems in the dialogs:\n${problems}`);
  });

  it("an open dialog keeps the focus inside it (Tab and Shift+Tab) and gives it back to its opener on close", async () => {
    const { browser } = app;
    const problems = [];
    for (const dialog of DIALOGS) {
      await closeAnyDialog(browser);
      // Open it once to learn its opener, then again from the keyboard: focus on the opener, Enter.
      const opener = await dialog.open(browser);
      await closeDialog(browser, dialog.testId);
      await openFromKeyboard(browser, opener);
      const box = byTestId(dialog.testId);
      await browser.$(box).waitForDisplayed({ timeout: 10_000 });
      await settle(browser);
      if (!(await focusInside(browser, box))) problems.push(`${dialog.name}: the focus is not in the dialog when it opens (${await focused(browser)})`);
      // More presses than the dialog has stops: each of them lands inside, wrapping at the ends.
      const stops = await browser.execute(
        (s) => document.querySelector(s)?.querySelectorAll("input, select, textarea, button, [tabindex], a[href]").length ?? 0,
        box,
      );
      for (const keys of [["Tab"], ["Shift", "Tab"]]) {
        for (let i = 0; i < stops + 2; i++) {
          await browser.keys(keys);
          if (!(await focusInside(browser, box))) {
            problems.push(`${dialog.name}: ${keys.join("+")} #${i + 1} left the dialog for ${await focused(browser)}`);
            break;
          }
        }
      }
      await closeDialog(browser, dialog.testId);
      const back = await focused(browser);
      if (back !== opener) problems.push(`${dialog.name}: closing it left the focus on ${back}, not on its opener ${opener}`);
    }
    assert.equal(problems.length, 0, problems.join("\n"));
  });

  it("a button focused from the keyboard shows a focus ring, light and dark", async () => {
    const { browser } = app;
    await closeAnyDialog(browser);
    for (const theme of THEMES) {
      await setTheme(browser, theme);
      await browser.$(byTestId("nav-servers")).click();
      // From one sidebar button to the next with Tab: keyboard focus, so :focus-visible applies.
      await browser.execute((s) => document.querySelector(s)?.focus(), byTestId("nav-servers"));
      await browser.keys("Tab");
      const ring = await browser.execute(() => {
        const el = document.activeElement;
        if (!(el instanceof HTMLButtonElement)) return { button: false, what: el?.tagName ?? "none" };
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        return {
          button: true,
          what: el.getAttribute("data-testid") ?? el.textContent,
          focusVisible: el.matches(":focus-visible"),
          ring: outline || style.boxShadow !== "none",
          style: `outline: ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}; box-shadow: ${style.boxShadow}`,
        };
      });
      assert.ok(ring.button, `Tab from nav-servers focused a button (${ring.what})`);
      assert.ok(ring.focusVisible, `${ring.what} matches :focus-visible after Tab (${theme})`);
      assert.ok(ring.ring, `${ring.what} shows a focus ring (${theme}): ${ring.style}`);
      await shot(browser, `focus-ring-${theme}`);
    }
    await choose(browser, "theme-select", "system");
  });
});
