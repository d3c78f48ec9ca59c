// Keys, addresses, tags and money on the real window against a standalone sandbox of this file's
// own, with accounts added through the form and a data directory of its own: an Ed25519 pair is
// generated (the private key in a temp file, mode 0600, its text nowhere in the page once the
// dialog is closed) and its public key pushed to two other accounts, each with its result; a
// Cloudzy floating IP is allocated and released after its address is typed; two Cloude.ro servers
// get a provider tag (listed with its count of 2) and a Cloudzy and a LetsCloud server a local
// tag, and the server table filtered by the local tag shows exactly those two; Billing shows each
// account's balance, the totals per currency (the sums of those balances, currencies apart) and
// the Cloude.ro invoices. Each view is photographed light and dark (Billing twice: its top, then
// its invoices): target/e2e-screenshots/keys-money-<view>-<theme>.png.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { addAccount, byTestId, choose, launchApp, screenshot, startSandbox } from "./harness.mjs";

const CLOUDERO = "km-cloudero";
const CLOUDZY = "km-cloudzy";
const LETSCLOUD = "km-letscloud";
const shot = (browser, name) => screenshot(browser, `keys-money-${name}`);

/** The data-testids of the rows of table `table` (`ssh-keys-row-ACCOUNT/ID`…). */
async function rowIds(browser, table) {
  return browser.execute(
    (prefix) => [...document.querySelectorAll(`[data-testid^="${prefix}"]`)].map((e) => e.getAttribute("data-testid")),
    `${table}-row-`,
  );
}

/**
 * The text an element holds. WebDriver's visible-text atom skips the table's plain cells on
 * WebKitGTK (ellipsised `nowrap` cells read as empty), so the DOM's own text is read.
 */
async function textOf(browser, selector) {
  return browser.execute((s) => document.querySelector(s)?.textContent ?? "", selector);
}

/** Open a view from the sidebar and wait until it is shown (the server table, or a main area that names the view). */
async function openView(browser, view) {
  await browser.$(byTestId(`nav-${view}`)).click();
  const shown = view === "servers" ? byTestId("server-table") : `[data-testid="main-area"][data-view="${view}"]`;
  await browser.$(shown).waitForDisplayed({ timeout: 15_000 });
}

/**
 * Everything of the page a private key could hide in: the markup, every input's and textarea's
 * current value (a property, not in the markup), localStorage and sessionStorage.
 */
async function pageText(browser) {
  return browser.execute(() => {
    const values = [...document.querySelectorAll("input, textarea")].map((e) => e.value);
    const storage = (s) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i))}`);
    return [document.documentElement.outerHTML, ...values, ...storage(localStorage), ...storage(sessionStorage)].join("\n");
  });
}

/** `"12.50"` → 1250n at `scale` 2: an exact decimal as a scaled integer (no floats near money). */
function scaled(amount, scale) {
  const negative = amount.startsWith("-");
  const [int, frac = ""] = amount.replace(/^[-+]/, "").split(".");
  const value = BigInt(int || "0") * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, "0") || "0");
  return negative ? -value : value;
}

/**
 * `"12.50 EUR"` → `{ amount: "12.50", currency: "EUR" }`; an amount whose provider states no
 * currency (Cloude.ro's: src-tauri/crates/provider-cloudero/src/parse.rs) is `"173.82"`, or `"173.82 (currency not stated)"`
 * in the totals: currency "". Text that is no amount → null.
 */
function parseMoney(text) {
  const found = /^(-?\d+(?:\.\d+)?)(?: ([A-Z]{3}|\(currency not stated\)))?$/.exec(text.trim());
  if (!found) return null;
  return { amount: found[1], currency: found[2] === undefined || found[2].startsWith("(") ? "" : found[2] };
}

describe("keys, addresses, tags and money against the sandbox", () => {
  let sandbox;
  let app;
  let scratch;
  let dataDir;

  before(async () => {
    sandbox = await startSandbox({ args: ["--action-delay-ms", "500", "--servers", "3"] });
    scratch = mkdtempSync(path.join(tmpdir(), "fleetdeck-e2e-keys-"));
    dataDir = mkdtempSync(path.join(tmpdir(), "fleetdeck-e2e-keys-data-"));
    app = await launchApp({ port: 4490, dataDir });
    const { browser } = app;
    await browser.$(byTestId("app-frame")).waitForDisplayed({ timeout: 15_000 });
    const cloudero = sandbox.credentials.cloudero[0];
    await addAccount(browser, { provider: "cloudero", name: CLOUDERO, endpoint: sandbox.endpoints.cloudero, username: cloudero.user, secret: cloudero.password });
    await addAccount(browser, { provider: "cloudzy", name: CLOUDZY, endpoint: sandbox.endpoints.cloudzy, secret: sandbox.credentials.cloudzy[0].token });
    await addAccount(browser, { provider: "letscloud", name: LETSCLOUD, endpoint: sandbox.endpoints.letscloud, secret: sandbox.credentials.letscloud[0].token });
    await browser.$(byTestId("account-all")).click();
    await browser.waitUntil(
      async () => {
        const rows = await rowIds(browser, "server");
        return [CLOUDERO, CLOUDZY, LETSCLOUD].every((a) => rows.some((r) => r.startsWith(`server-row-${a}/`)));
      },
      { timeout: 30_000, timeoutMsg: "the table never showed servers of all three accounts" },
    );
  });
  after(async () => {
    await app?.stop();
    await sandbox?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("generates a key pair (private key 0600, never left in the page) and pushes it to two accounts", async () => {
    const { browser } = app;
    const keyName = `e2e-key-${Date.now() % 100000}`;
    const privateFile = path.join(scratch, "id_e2e");
    await openView(browser, "ssh-keys");

    await browser.$(byTestId("ssh-keys-generate")).click();
    await browser.$(byTestId("ssh-key-generate-dialog")).waitForDisplayed({ timeout: 10_000 });
    await choose(browser, "ssh-key-generate-account", CLOUDERO);
    await browser.$(byTestId("ssh-key-generate-name")).setValue(keyName);
    await browser.$(byTestId("ssh-key-generate-file")).setValue(privateFile);
    await browser.$(byTestId("ssh-key-generate-ok")).click();
    const generated = await browser.$(byTestId("ssh-key-generated"));
    await browser.waitUntil(async () => (await generated.isExisting()) || (await browser.$(byTestId("ssh-key-generate-error")).isExisting()), {
      timeout: 30_000,
      timeoutMsg: "neither the generated key nor an error was shown",
    });
    if (!(await generated.isExisting())) assert.fail(`generate failed: ${await textOf(browser, byTestId("ssh-key-generate-error"))}`);
    assert.equal(await textOf(browser, byTestId("ssh-key-generated-private")), privateFile);
    await shot(browser, "ssh-key-generated");

    // The private key: on disk, only the owner may read it, and the page holds none of its text.
    assert.equal(statSync(privateFile).mode & 0o777, 0o600, "the private key file has mode 0600");
    const privateText = readFileSync(privateFile, "utf8");
    assert.match(privateText, /^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    const bodyLines = privateText.split("\n").filter((l) => l !== "" && !l.startsWith("-----"));
    assert.ok(bodyLines.length > 0, "the private key has a body");
    const publicText = readFileSync(`${privateFile}.pub`, "utf8").trim();
    assert.match(publicText, /^ssh-ed25519 [A-Za-z0-9+/=]+/);
    await browser.$(byTestId("ssh-key-generated-done")).click();
    await browser.$(byTestId("ssh-key-generate-dialog")).waitForExist({ reverse: true, timeout: 10_000 });
    const page = await pageText(browser);
    for (const line of bodyLines) assert.ok(!page.includes(line), "a line of the private key is in the page after the dialog closed");
    assert.ok(!page.includes(bodyLines.join("")), "the private key is in the page after the dialog closed");

    // The generating account lists the key.
    await browser.waitUntil(
      async () => (await rowIds(browser, "ssh-keys")).some((r) => r.startsWith(`ssh-keys-row-${CLOUDERO}/`)),
      { timeout: 30_000, timeoutMsg: `${CLOUDERO} lists no key after the generate` },
    );

    // Push the public key (as the .pub file holds it) to the two other accounts at once.
    await browser.$(byTestId("ssh-keys-push")).click();
    await browser.$(byTestId("ssh-key-push-dialog")).waitForDisplayed({ timeout: 10_000 });
    await browser.$(byTestId("ssh-key-push-name")).setValue(keyName);
    await browser.$(byTestId("ssh-key-push-public")).setValue(publicText);
    for (const account of [CLOUDZY, LETSCLOUD]) await browser.$(byTestId(`ssh-key-push-account-${account}`)).click();
    await browser.$(byTestId("ssh-key-push-ok")).click();
    await browser.$(byTestId("ssh-key-push-results")).waitForDisplayed({ timeout: 60_000, timeoutMsg: "no result per account after the push" });
    for (const account of [CLOUDZY, LETSCLOUD]) {
      const result = await browser.$(byTestId(`ssh-key-push-result-${account}`));
      assert.ok(await result.isExisting(), `a result for ${account}`);
      assert.equal(await result.getAttribute("data-ok"), "true", `${account}: ${await textOf(browser, byTestId(`ssh-key-push-result-${account}`))}`);
    }
    assert.ok(!(await browser.$(byTestId(`ssh-key-push-result-${CLOUDERO}`)).isExisting()), "no result for an account not chosen");
    await shot(browser, "ssh-key-pushed");
    await browser.$(byTestId("ssh-key-push-dialog")).$("button=Close").click();
    await browser.$(byTestId("ssh-key-push-dialog")).waitForExist({ reverse: true, timeout: 10_000 });

    // The SSH keys view lists the key (by its name) for every account that has it now.
    const accountsWithKey = () =>
      browser.execute(
        (name) =>
          [...document.querySelectorAll('[data-testid^="ssh-keys-row-"]')]
            .filter((row) => row.textContent.includes(name))
            .map((row) => row.getAttribute("data-testid").slice("ssh-keys-row-".length).split("/")[0]),
        keyName,
      );
    await browser.waitUntil(
      async () => {
        const have = await accountsWithKey();
        return [CLOUDERO, CLOUDZY, LETSCLOUD].every((a) => have.includes(a));
      },
      { timeout: 30_000, timeoutMsg: `the key is not listed for every account: ${(await accountsWithKey()).join(", ")}` },
    );
    assert.equal((await accountsWithKey()).length, 3, "the key once per account");
  });

  it("allocates a Cloudzy floating IP and releases it after the address is typed", async () => {
    const { browser } = app;
    await openView(browser, "floating-ips");
    const ours = async () => (await rowIds(browser, "floating-ips")).filter((r) => r.startsWith(`floating-ips-row-${CLOUDZY}/`));
    // The listing has answered (rows, or the empty state) before the count is taken.
    await browser.waitUntil(async () => (await ours()).length > 0 || (await browser.$(byTestId("floating-ips-empty")).isExisting()), {
      timeout: 30_000,
      timeoutMsg: "the floating IPs view never listed anything",
    });
    const before = await ours();

    await browser.$(byTestId("floating-ips-allocate")).click();
    await browser.$(byTestId("floating-ip-allocate-dialog")).waitForDisplayed({ timeout: 10_000 });
    await choose(browser, "floating-ip-allocate-account", CLOUDZY);
    await browser.waitUntil(async () => (await browser.$$(`${byTestId("floating-ip-allocate-region")} option`).length) > 0, {
      timeout: 20_000,
      timeoutMsg: "the allocate dialog listed no region",
    });
    await shot(browser, "floating-ip-allocate");
    await browser.$(byTestId("floating-ip-allocate-ok")).click();
    await browser.$(byTestId("floating-ip-allocate-dialog")).waitForExist({ reverse: true, timeout: 10_000 });
    let added;
    await browser.waitUntil(
      async () => {
        added = (await ours()).find((r) => !before.includes(r));
        return added !== undefined;
      },
      { timeout: 60_000, timeoutMsg: "the allocated floating IP is not listed" },
    );
    const address = added.slice("floating-ips-row-".length);
    assert.equal((await ours()).length, before.length + 1, "one more floating IP");

    await browser.$(byTestId(`floating-ips-name-${address}`)).click();
    await browser.$(byTestId("floating-ips-detail")).waitForDisplayed({ timeout: 10_000 });
    const ip = await textOf(browser, `${byTestId("floating-ips-detail")} h2`);
    assert.match(ip, /^\d{1,3}(\.\d{1,3}){3}$|:/, `the detail is titled with the address: ${ip}`);
    await browser.$(byTestId("floating-ip-release")).click();
    const confirm = await browser.$(byTestId("storage-confirm-input"));
    await confirm.waitForDisplayed({ timeout: 10_000 });
    assert.match(await textOf(browser, byTestId("storage-confirm-text")), new RegExp(`Floating IP ${ip.replace(/\./g, "\\.")} of account ${CLOUDZY}`));
    // The release waits for the address typed in full.
    assert.equal(await browser.$(byTestId("storage-confirm-ok")).isEnabled(), false, "Release is not offered before the address is typed");
    await confirm.setValue(ip);
    await browser.$(byTestId("storage-confirm-ok")).click();
    await browser.waitUntil(async () => !(await rowIds(browser, "floating-ips")).includes(added), {
      timeout: 60_000,
      timeoutMsg: `${ip} is still listed after its release`,
    });
    assert.deepEqual((await ours()).sort(), [...before].sort(), "the list is back to what it was");
  });

  it("tags two servers with a Cloude.ro tag and two with a local tag; the table filtered by the local tag shows exactly those two", async () => {
    const { browser } = app;
    await openView(browser, "servers");
    const suffix = Date.now() % 100000;
    const nativeTag = `e2e-web-${suffix}`;
    const localTag = `e2e-local-${suffix}`;
    const servers = await rowIds(browser, "server");
    const of = (account) => servers.filter((r) => r.startsWith(`server-row-${account}/`)).map((r) => r.slice("server-row-".length));
    const tagged = of(CLOUDERO).slice(0, 2);
    const locallyTagged = [of(CLOUDZY)[0], of(LETSCLOUD)[0]];
    assert.equal(tagged.length, 2, "two Cloude.ro servers");
    assert.ok(locallyTagged.every(Boolean), "a Cloudzy and a LetsCloud server");

    await openView(browser, "tags");
    // The provider's tags: one tag on two Cloude.ro servers at once.
    await browser.$(byTestId("tags-tag-servers")).click();
    await browser.$(byTestId("tag-servers-dialog")).waitForDisplayed({ timeout: 10_000 });
    await choose(browser, "tag-servers-account", CLOUDERO);
    await browser.$(byTestId("tag-servers-tags")).setValue(nativeTag);
    for (const address of tagged) {
      const box = await browser.$(byTestId(`tag-servers-server-${address}`));
      await box.waitForExist({ timeout: 15_000, timeoutMsg: `${address} is not offered to tag` });
      await box.click();
    }
    await browser.$(byTestId("tag-servers-ok")).click();
    await browser.$(byTestId("tag-servers-dialog")).waitForExist({ reverse: true, timeout: 30_000, timeoutMsg: "tagging did not close the dialog" });
    // Listed with its count of servers: the provider counts them (its server objects carry no tags).
    const nativeRow = `${byTestId(`tags-row-${CLOUDERO}/${nativeTag}`)} td.col-count`;
    await browser.waitUntil(async () => (await textOf(browser, nativeRow)) === "2", {
      timeout: 30_000,
      timeoutMsg: `the provider tag ${nativeTag} is not listed on 2 servers: "${await textOf(browser, nativeRow)}"`,
    });

    // Local tags: one tag on servers of two providers without tags of their own.
    await browser.$(byTestId("tags-add-local")).click();
    await browser.$(byTestId("local-tags-add-dialog")).waitForDisplayed({ timeout: 10_000 });
    await browser.$(byTestId("local-tags-add-tags")).setValue(localTag);
    for (const address of locallyTagged) {
      const box = await browser.$(byTestId(`local-tags-add-server-${address}`));
      await box.waitForExist({ timeout: 15_000, timeoutMsg: `${address} is not offered a local tag` });
      await box.click();
    }
    await browser.$(byTestId("local-tags-add-ok")).click();
    await browser.$(byTestId("local-tags-add-dialog")).waitForExist({ reverse: true, timeout: 30_000, timeoutMsg: "adding local tags did not close the dialog" });
    for (const address of locallyTagged) {
      await browser.waitUntil(async () => (await rowIds(browser, "local-tags")).includes(`local-tags-row-${address}/${localTag}`), {
        timeout: 30_000,
        timeoutMsg: `the local tag of ${address} is not listed`,
      });
    }
    await shot(browser, "tags-added");

    // The server table filtered by the local tag: exactly the two servers, of two providers.
    await openView(browser, "servers");
    await browser.waitUntil(async () => (await browser.$$(`${byTestId("filter-tag")} option[value="${localTag}"]`).length) === 1, {
      timeout: 30_000,
      timeoutMsg: `the tag filter does not offer ${localTag}`,
    });
    await choose(browser, "filter-tag", localTag);
    const want = locallyTagged.map((a) => `server-row-${a}`).sort();
    await browser.waitUntil(async () => JSON.stringify((await rowIds(browser, "server")).sort()) === JSON.stringify(want), {
      timeout: 15_000,
      timeoutMsg: `filtered by ${localTag}: ${(await rowIds(browser, "server")).join(", ")}, not ${want.join(", ")}`,
    });
    await shot(browser, "servers-by-local-tag");
    // Cloude.ro's server objects carry no tags (src-tauri/crates/sandbox/src/cloudero/model.rs), so
    // the table can offer its provider tag only if the app learns the pairs some other way: said, not asserted.
    const offered = (await browser.$$(`${byTestId("filter-tag")} option[value="${nativeTag}"]`).length) === 1;
    console.log(`# the server table's tag filter ${offered ? "offers" : "does not offer"} the Cloude.ro tag ${nativeTag}`);
    await browser.$(byTestId("clear-filters")).click();
    await browser.waitUntil(async () => (await rowIds(browser, "server")).length === servers.length, {
      timeout: 15_000,
      timeoutMsg: "clearing the filter did not bring every server back",
    });
  });

  it("shows each account's balance, the totals per currency, and the Cloude.ro invoices in Billing", async () => {
    const { browser } = app;
    await openView(browser, "billing");
    const balanceOf = (account) => textOf(browser, `${byTestId(`billing-balance-${account}`)} strong`);
    await browser.waitUntil(async () => (await Promise.all([CLOUDERO, CLOUDZY, LETSCLOUD].map(balanceOf))).every((t) => t !== ""), {
      timeout: 30_000,
      timeoutMsg: "not every account's balance is shown",
    });
    const perCurrency = new Map();
    for (const account of [CLOUDERO, CLOUDZY, LETSCLOUD]) {
      const text = await balanceOf(account);
      const money = parseMoney(text);
      assert.ok(money, `${account}'s balance is an amount (with its currency when the provider states one): ${text}`);
      (perCurrency.get(money.currency) ?? perCurrency.set(money.currency, []).get(money.currency)).push(money.amount);
    }
    // The totals: one per currency, each the exact sum of that currency's balances.
    const totalsText = await textOf(browser, `${byTestId("billing-balance-totals")} strong`);
    const totals = totalsText.split(" · ").map(parseMoney);
    assert.ok(totals.every(Boolean), `totals are amounts with currencies: ${totalsText}`);
    assert.deepEqual(totals.map((t) => t.currency).sort(), [...perCurrency.keys()].sort(), `one total per currency: ${totalsText}`);
    for (const total of totals) {
      const amounts = perCurrency.get(total.currency);
      const scale = Math.max(...[total.amount, ...amounts].map((a) => (a.split(".")[1] ?? "").length));
      const sum = amounts.reduce((s, a) => s + scaled(a, scale), 0n);
      assert.equal(scaled(total.amount, scale), sum, `${total.currency} total ${total.amount} is the sum of ${amounts.join(" + ")}`);
    }
    console.log(`# balances per currency: ${[...perCurrency].map(([c, a]) => `${c}: ${a.join(" + ")}`).join("; ")}; totals: ${totalsText}`);

    // Invoices: the Cloude.ro account's, each with an amount and a status.
    await browser.$(byTestId("billing-tab-invoices")).click();
    await browser.waitUntil(async () => (await rowIds(browser, "invoices")).some((r) => r.startsWith(`invoices-row-${CLOUDERO}/`)), {
      timeout: 30_000,
      timeoutMsg: `no invoice of ${CLOUDERO} is listed`,
    });
    const invoices = await rowIds(browser, "invoices");
    assert.ok(invoices.every((r) => r.startsWith(`invoices-row-${CLOUDERO}/`)), `invoices only of the account that has them: ${invoices.join(", ")}`);
    const cells = await browser.execute(
      () =>
        [...document.querySelectorAll('[data-testid^="invoices-row-"]')].map((row) => ({
          amount: row.querySelector("td.col-amount")?.textContent ?? "",
          status: row.querySelector("td.col-status")?.textContent ?? "",
        })),
    );
    for (const { amount, status } of cells) {
      assert.ok(parseMoney(amount), `an invoice amount with its currency: "${amount}"`);
      assert.ok(status.trim() !== "", "an invoice status");
    }
    console.log(`# ${cells.length} invoices of ${CLOUDERO}: ${cells.map((c) => `${c.amount} ${c.status.trim()}`).join(", ")}`);
  });

  it("looks right light and dark: SSH keys, floating IPs, tags and billing", async () => {
    const { browser } = app;
    for (const theme of ["light", "dark"]) {
      await choose(browser, "theme-select", theme);
      await browser.waitUntil(async () => (await browser.$(byTestId("app-frame")).getAttribute("data-theme")) === theme);
      for (const view of ["ssh-keys", "floating-ips", "tags", "billing"]) {
        await openView(browser, view);
        // Settled: nothing of the view still says it is loading.
        await browser.waitUntil(async () => !(await textOf(browser, byTestId("main-area"))).includes("Loading…"), {
          timeout: 20_000,
          timeoutMsg: `the ${view} view kept loading`,
        });
        await shot(browser, `${view}-${theme}`);
      }
      // The invoices sit below the balances and the estimate: the view's own scrolling box scrolls
      // to them (scrollIntoView would also scroll the document and move the whole frame up).
      await browser.execute((selector) => {
        const history = document.querySelector(selector);
        let box = history?.parentElement ?? null;
        while (box && !(/(auto|scroll)/.test(getComputedStyle(box).overflowY) && box.scrollHeight > box.clientHeight)) box = box.parentElement;
        if (history && box) box.scrollTop += history.getBoundingClientRect().top - box.getBoundingClientRect().top;
      }, byTestId("billing-history"));
      await shot(browser, `billing-invoices-${theme}`);
    }
    await choose(browser, "theme-select", "system");
  });
});
