// The demo start (`scripts/run.sh`): with FLEETDECK_START_SANDBOX=1 and no account, the app adds
// one account per simulated provider (credential check + keyring, like any account) and the
// servers of the embedded simulators show in the table.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { byTestId, launchApp, SCREENSHOTS } from "./harness.mjs";

describe("the sandbox start", () => {
  let app;
  before(async () => {
    app = await launchApp({ port: 4450, env: { FLEETDECK_START_SANDBOX: "1" } });
  });
  after(async () => {
    await app?.stop();
  });

  it("lists the sandbox accounts and their servers", async () => {
    const { browser } = app;
    await browser.$(byTestId("account-list")).waitForDisplayed({ timeout: 20_000 });
    const names = await browser.$$(`${byTestId("account-list")} [data-testid^="account-sandbox-"]`).map((e) =>
      e.getAttribute("data-testid"),
    );
    const accounts = names.filter((n) => !/^account-(sub|settings)-/.test(n));
    // One account per simulated provider, each through the credential check and the keyring.
    assert.deepEqual(
      accounts.sort(),
      ["account-sandbox-cloudero", "account-sandbox-cloudzy", "account-sandbox-letscloud", "account-sandbox-vz"],
    );

    // The unified table fills from the simulators (a refresh through every provider client).
    await browser.waitUntil(
      async () => (await browser.$$('[data-testid^="server-row-"]').length) > 0,
      { timeout: 20_000, timeoutMsg: "no server row from the sandbox" },
    );
    await browser.saveScreenshot(path.join(SCREENSHOTS, "sandbox.png"));
  });
});
