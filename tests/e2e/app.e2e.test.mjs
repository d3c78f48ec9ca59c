// The real window: the frame renders, Rust commands answer through the UI, the data directory the
// CLI shares is the one the app reads. Screenshots land in target/e2e-screenshots/.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { byTestId, launchApp, SCREENSHOTS } from "./harness.mjs";

const requireKeyring = process.env.REQUIRE_SECRET_SERVICE === "1";

describe("the Fleetdeck window", () => {
  let app;
  before(async () => {
    app = await launchApp({
      accounts: [
        {
          id: "6f1c9d7e-0000-4000-8000-00000000e2e1",
          name: "e2e-lab",
          provider: "cloudero",
          endpoint: null,
          username: "operator",
          color: "#d08a1d",
          lxd: null,
          sandbox: false,
          createdAt: "2026-11-30T00:00:00Z",
        },
      ],
    });
  });
  after(async () => {
    await app?.stop();
  });

  it("renders the frame: sidebar, main area, status bar", async () => {
    const { browser } = app;
    const frame = await browser.$(byTestId("app-frame"));
    await frame.waitForDisplayed({ timeout: 15_000 });
    for (const id of ["sidebar", "main-area", "statusbar"]) {
      assert.ok(await browser.$(byTestId(id)).isDisplayed(), `${id} is displayed`);
    }
    assert.equal(await browser.getTitle(), "Fleetdeck");
  });

  it("shows the keyring status and the version answered by Rust commands", async () => {
    const { browser } = app;
    const status = await browser.$(byTestId("keyring-status"));
    // keyring_status answered: the state leaves `pending` for what Rust said.
    await browser.waitUntil(async () => (await status.getAttribute("data-state")) !== "pending", {
      timeout: 10_000,
      timeoutMsg: "keyring_status never answered",
    });
    const state = await status.getAttribute("data-state");
    const text = await status.getText();
    if (requireKeyring) {
      assert.equal(state, "available", `keyring status: ${text}`);
      assert.match(text, /Secret Service/);
    } else {
      assert.ok(["available", "unavailable"].includes(state), `keyring status state ${state}: ${text}`);
    }
    // app_info answers the crate version from Cargo.toml.
    const version = await browser.$(byTestId("app-version"));
    await version.waitForDisplayed({ timeout: 10_000 });
    assert.match(await version.getText(), /^v\d+\.\d+\.\d+/);
  });

  it("lists the accounts of its data directory (list_accounts through the UI)", async () => {
    const { browser } = app;
    const row = await browser.$(byTestId("account-e2e-lab"));
    await row.waitForDisplayed({ timeout: 10_000 });
    // textContent: WebKitWebDriver's rendered-text algorithm drops the ellipsised name span.
    const text = await row.getProperty("textContent");
    assert.match(String(text), /e2e-lab/);
    assert.match(String(text), /Cloude\.ro/);
    await browser.saveScreenshot(path.join(SCREENSHOTS, "frame.png"));
  });

  it("opens the About dialog from the status bar's version: commit and build date from the build", async () => {
    const { browser } = app;
    await browser.$(byTestId("app-version")).click();
    const dialog = await browser.$(byTestId("about-dialog"));
    await dialog.waitForDisplayed({ timeout: 10_000 });
    const commit = await browser.$(byTestId("about-commit"));
    await commit.waitForDisplayed({ timeout: 10_000 });
    assert.match(await commit.getText(), /^([0-9a-f]{7,}|unknown)$/);
    // The day the build says (its title), written for the UI's language (English here: `Dec 3, 2026`).
    const built = await browser.$(byTestId("about-build-date"));
    const day = await built.getAttribute("title");
    assert.match(day, /^\d{4}-\d{2}-\d{2}$/);
    const [y, m, d] = day.split("-").map(Number);
    assert.equal(await built.getText(), new Intl.DateTimeFormat("en", { dateStyle: "medium" }).format(new Date(y, m - 1, d)));
    await browser.saveScreenshot(path.join(SCREENSHOTS, "about.png"));
    await browser.$(byTestId("about-close")).click();
    await dialog.waitForDisplayed({ reverse: true, timeout: 10_000 });
  });
});
