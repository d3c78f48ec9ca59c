// The plan comparison on the real window against the embedded sandbox (FLEETDECK_START_SANDBOX=1:
// one account per simulated provider): the Plans view lists the plans of every account with a
// plan catalog, sorting by price per vCPU orders the rows by that decimal within a currency, and
// "Create a server with this plan" opens the create wizard with the plan chosen. The view is
// photographed light and dark: target/e2e-screenshots/money-plans-<theme>.png.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { byTestId, choose, launchApp, screenshot } from "./harness.mjs";

const shot = (browser, name) => screenshot(browser, `money-${name}`);

/**
 * The rendered plan rows in order: id and the per-vCPU cell's text (the DOM's own text: WebDriver's
 * visible-text atom skips ellipsised table cells on WebKitGTK).
 */
async function planRows(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('[data-testid^="plans-row-"]')].map((row) => ({
      id: row.getAttribute("data-testid").slice("plans-row-".length),
      perVcpu: row.querySelector("td.col-perVcpu")?.textContent ?? "",
    })),
  );
}

/** `"9.5000 USD"` → `{ amount: "9.5000", currency: "USD" }`; empty text → null. */
function parsePrice(text) {
  const [amount, currency = ""] = text.trim().split(/\s+/);
  return amount ? { amount, currency } : null;
}

/** Exact order of two non-negative decimal strings (as the view's own sort: no floats). */
function compareDecimal(a, b) {
  const [ai, af = ""] = a.split(".");
  const [bi, bf = ""] = b.split(".");
  const x = ai.replace(/^0+(?=\d)/, "");
  const y = bi.replace(/^0+(?=\d)/, "");
  if (x.length !== y.length) return x.length - y.length;
  if (x !== y) return x < y ? -1 : 1;
  const w = Math.max(af.length, bf.length);
  const p = af.padEnd(w, "0");
  const q = bf.padEnd(w, "0");
  return p === q ? 0 : p < q ? -1 : 1;
}

describe("the plan comparison against the sandbox", () => {
  let app;
  before(async () => {
    app = await launchApp({ port: 4480, env: { FLEETDECK_START_SANDBOX: "1" } });
    const { browser } = app;
    await browser.$(byTestId("account-list")).waitForDisplayed({ timeout: 30_000 });
    await browser.$(byTestId("nav-plans")).waitForDisplayed({ timeout: 30_000 });
  });
  after(async () => {
    await app?.stop();
  });

  it("compares every account's plans, sorts by price per vCPU and opens the wizard from a row", async () => {
    const { browser } = app;
    await browser.$(byTestId("nav-plans")).click();
    await browser.waitUntil(async () => (await planRows(browser)).length > 1, {
      timeout: 30_000,
      timeoutMsg: "the plans view showed fewer than 2 plans",
    });
    const accounts = new Set((await planRows(browser)).map((r) => r.id.split("/")[0]));
    assert.ok(accounts.size >= 2, `plans of several accounts: ${[...accounts].join(", ")}`);

    // The header's aria-sort says the order; a click cycles it (ascending is asked for here).
    const sortState = () =>
      browser.execute(() => document.querySelector("th.col-perVcpu")?.getAttribute("aria-sort") ?? "none");
    await browser.$(byTestId("plans-sort-perVcpu")).click();
    await browser.waitUntil(async () => (await sortState()) !== "none", { timeoutMsg: "the per-vCPU column is not sorted" });
    if ((await sortState()) !== "ascending") await browser.$(byTestId("plans-sort-perVcpu")).click();
    await browser.waitUntil(async () => (await sortState()) === "ascending", { timeoutMsg: "the per-vCPU column is not ascending" });
    const rows = await planRows(browser);
    console.log(`plans by price per vCPU: ${rows.map((r) => `${r.id}=${r.perVcpu}`).join(", ")}`);
    const priced = rows.map((r) => parsePrice(r.perVcpu));
    // Unknown prices last; within one currency, ascending by the decimal.
    const firstUnknown = priced.findIndex((p) => p === null);
    if (firstUnknown >= 0) assert.ok(priced.slice(firstUnknown).every((p) => p === null), "unpriced plans come last");
    const known = priced.filter((p) => p !== null);
    assert.ok(known.length > 1, "some plans have a price per vCPU");
    for (let i = 1; i < known.length; i++) {
      const [a, b] = [known[i - 1], known[i]];
      if (a.currency === b.currency) assert.ok(compareDecimal(a.amount, b.amount) <= 0, `${a.amount} before ${b.amount}`);
    }

    const cheapest = rows.find((r) => r.perVcpu !== "");
    assert.ok(cheapest);
    await browser.$(byTestId(`plans-name-${cheapest.id}`)).click();
    await browser.$(byTestId("plan-create-server")).waitForDisplayed({ timeout: 10_000 });
    await shot(browser, "plans-detail");
    await browser.$(byTestId("plan-create-server")).click();
    await browser.$(byTestId("create-wizard")).waitForDisplayed({ timeout: 10_000 });
    // Walk to the plan step (the region, if any, is chosen from the plan): the plan is selected.
    const planId = cheapest.id.slice(cheapest.id.indexOf("/") + 1).split(/[@#]/)[0];
    await browser.waitUntil(
      async () => {
        if (await browser.$(byTestId("wizard-plan-select")).isExisting()) return true;
        await browser.$(byTestId("wizard-next")).click();
        return false;
      },
      { timeout: 20_000, interval: 500, timeoutMsg: "no plan step in the wizard" },
    );
    await browser.waitUntil(async () => (await browser.$(byTestId("wizard-plan-select")).getValue()) === planId, {
      timeout: 20_000,
      timeoutMsg: `the wizard's plan is not ${planId}`,
    });
    await browser.keys("Escape");
    await browser.$(byTestId("create-wizard")).waitForExist({ reverse: true, timeout: 10_000 });
  });

  it("looks right light and dark", async () => {
    const { browser } = app;
    for (const theme of ["light", "dark"]) {
      await choose(browser, "theme-select", theme);
      await browser.waitUntil(async () => (await browser.$(byTestId("app-frame")).getAttribute("data-theme")) === theme);
      await shot(browser, `plans-${theme}`);
    }
    await choose(browser, "theme-select", "system");
  });
});
