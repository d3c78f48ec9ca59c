// The fleet on the real window against standalone sandboxes, with the real keyring: accounts added
// through the form, servers of two providers side by side, a stop that ends as a job with its
// toast and job events on the fleet event channel, a snapshot, and the cached state kept (stale, its age, the error
// on that account only) when one provider goes offline. Screenshots of each screen land in
// target/e2e-screenshots/fleet-*.png.
//
// Two sandboxes, so "offline" can hit one account only: A serves the Cloude.ro account that is
// stopped, snapshotted and then taken offline; B serves the LetsCloud account that stays up.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { addAccount, byTestId, choose, FLEET_EVENT, launchApp, screenshot, startSandbox } from "./harness.mjs";

const CLOUDERO = "lab-cloudero";
const LETSCLOUD = "lab-letscloud";
const shot = (browser, name) => screenshot(browser, `fleet-${name}`);

/** Rows of the unified table whose address starts with `account/`. */
async function rowsOf(browser, account) {
  return browser.$$(`[data-testid^="server-row-${account}/"]`).map((e) => e.getAttribute("data-testid"));
}

/**
 * Record the job of every job event the webview receives into `window.__e2eJobEvents`: the app's
 * one event channel (`FLEET_EVENT` in ui/src/bindings/Commands.ts), filtered on its `job` tag.
 */
async function recordJobEvents(browser) {
  return browser.execute(async (eventName) => {
    const internals = window.__TAURI_INTERNALS__;
    if (!internals?.transformCallback) return false;
    window.__e2eJobEvents = [];
    const handler = internals.transformCallback((event) => {
      if (event.payload?.type === "job") window.__e2eJobEvents.push(event.payload.job);
    });
    await internals.invoke("plugin:event|listen", { event: eventName, target: { kind: "Any" }, handler });
    return true;
  }, FLEET_EVENT);
}

describe("the fleet against the sandbox", () => {
  let app;
  let sandboxA;
  let sandboxB;
  let listening = false;
  let stopped = null;

  before(async () => {
    // Short actions: a job ends within a few of the client's polls.
    sandboxA = await startSandbox({ args: ["--action-delay-ms", "500", "--servers", "4"] });
    sandboxB = await startSandbox({ args: ["--action-delay-ms", "500", "--servers", "3"] });
    app = await launchApp({ port: 4460 });
    await app.browser.$(byTestId("app-frame")).waitForDisplayed({ timeout: 15_000 });
  });
  after(async () => {
    await app?.stop();
    await sandboxA?.stop();
    await sandboxB?.stop();
  });

  it("adds two accounts through the form and shows their servers side by side", async () => {
    const { browser } = app;
    const cloudero = sandboxA.credentials.cloudero[0];
    const letscloud = sandboxB.credentials.letscloud[0];
    await addAccount(browser, {
      provider: "cloudero",
      name: CLOUDERO,
      endpoint: sandboxA.endpoints.cloudero,
      username: cloudero.user,
      secret: cloudero.password,
      beforeSubmit: () => shot(browser, "add-account-dialog"),
    });
    await addAccount(browser, { provider: "letscloud", name: LETSCLOUD, endpoint: sandboxB.endpoints.letscloud, secret: letscloud.token });

    await browser.$(byTestId("account-all")).click();
    await browser.waitUntil(async () => (await rowsOf(browser, CLOUDERO)).length > 0 && (await rowsOf(browser, LETSCLOUD)).length > 0, {
      timeout: 30_000,
      timeoutMsg: "the unified table never showed servers of both accounts",
    });
    assert.equal((await rowsOf(browser, CLOUDERO)).length, 4, "Cloude.ro servers in the table");
    assert.equal((await rowsOf(browser, LETSCLOUD)).length, 3, "LetsCloud servers in the table");
    for (const account of [CLOUDERO, LETSCLOUD]) {
      const state = await browser.$(byTestId(`account-state-${account}`));
      assert.equal(await state.getAttribute("data-error"), "", `${account} refreshed without error`);
      assert.equal(await state.getAttribute("data-stale"), "false", `${account} is fresh`);
    }
    await shot(browser, "table");
  });

  it("stops a server: a job in the jobs panel, job events, a toast when it finishes", async () => {
    const { browser } = app;
    listening = await recordJobEvents(browser);
    // The first Cloude.ro server that can be stopped (the seed mixes running and stopped ones).
    for (const row of await rowsOf(browser, CLOUDERO)) {
      const address = row.slice("server-row-".length);
      await browser.$(byTestId(`server-name-${address}`)).click();
      await browser.$(byTestId("server-detail")).waitForDisplayed({ timeout: 10_000 });
      const stop = await browser.$(byTestId("action-stop"));
      await stop.waitForDisplayed({ timeout: 10_000 });
      if (await stop.isEnabled()) {
        stopped = address;
        break;
      }
    }
    assert.ok(stopped, "a running Cloude.ro server to stop");
    await shot(browser, "detail");
    await browser.$(byTestId("action-stop")).click();

    const jobs = browser.$(byTestId("job-list"));
    await jobs.waitForDisplayed({ timeout: 10_000, timeoutMsg: "no job appeared in the jobs panel" });
    const job = await jobs.$('[data-testid^="job-"]');
    const jobTestId = await job.getAttribute("data-testid");
    await browser.waitUntil(async () => (await browser.$(byTestId(jobTestId)).getAttribute("data-status")) === "succeeded", {
      timeout: 45_000,
      timeoutMsg: "the stop job did not succeed",
    });
    const description = String(await browser.$(byTestId(jobTestId)).getProperty("textContent"));
    assert.match(description, new RegExp(CLOUDERO), description);

    // The toast raised from the job's final event.
    await browser.waitUntil(
      async () => {
        for (const t of await browser.$$(byTestId("toast"))) {
          if (/— done/.test(String(await t.getProperty("textContent")))) return true;
        }
        return false;
      },
      { timeout: 10_000, timeoutMsg: "no toast said the stop finished" },
    );
    // The toasts cover neither the jobs panel they talk about nor the server's detail pane.
    const overlaps = await browser.execute(() => {
      const box = (id) => document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect() ?? null;
      const toasts = box("toasts");
      const meet = (a, b) => !!a && !!b && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      return { jobs: meet(toasts, box("jobs-panel")), detail: meet(toasts, box("server-detail")), shown: !!toasts };
    });
    assert.ok(overlaps.shown, "the toasts are shown");
    assert.equal(overlaps.jobs, false, "a toast covers the jobs panel");
    assert.equal(overlaps.detail, false, "a toast covers the server's detail pane");
    await shot(browser, "jobs-panel");
    if (!listening) console.log("# job events could not be observed in the webview; the toast stands for the event");
    if (listening) {
      const events = await browser.execute(() => window.__e2eJobEvents ?? []);
      const statuses = events.filter((j) => `job-${j.id}` === jobTestId).map((j) => j.status);
      assert.ok(statuses.includes("succeeded"), `job events of the stop: ${statuses.join(", ")}`);
      console.log(`# job events of the stop: ${statuses.join(", ")}`);
    }

    // The account's refresh after the job shows the server stopped: start is offered again.
    await browser.waitUntil(async () => browser.$(byTestId("action-start")).isEnabled(), {
      timeout: 20_000,
      timeoutMsg: "the stopped server never offered Start",
    });
  });

  it("creates a snapshot of the server and lists it", async () => {
    const { browser } = app;
    assert.ok(stopped, "the previous test opened a server");
    const panel = await browser.$(byTestId("snapshots"));
    await panel.waitForDisplayed({ timeout: 10_000 });
    const name = `e2e-snap-${Date.now() % 100000}`;
    await browser.$(byTestId("snapshot-name")).setValue(name);
    await browser.$(byTestId("snapshot-create")).click();
    await browser.waitUntil(
      async () => {
        const list = await browser.$(byTestId("snapshot-list"));
        return (await list.isExisting()) && String(await list.getProperty("textContent")).includes(name);
      },
      { timeout: 45_000, timeoutMsg: `snapshot ${name} never listed` },
    );
    // The snapshot job ends and the listing shows the snapshot ready. The job's line says what it
    // does in the UI's language; the provider's description, naming the snapshot, is its hover text.
    const jobText = `Create snapshot: … (${name})`;
    await browser.waitUntil(
      async () => {
        for (const job of await browser.$$(`${byTestId("job-list")} [data-testid^="job-"][data-status]`)) {
          const line = await job.$(".job-description");
          if (!(await line.isExisting())) continue;
          const said = String(await line.getProperty("textContent"));
          const hover = String(await line.getAttribute("title"));
          if (said.startsWith("Create snapshot") && hover.includes(name)) return (await job.getAttribute("data-status")) === "succeeded";
        }
        return false;
      },
      { timeout: 60_000, timeoutMsg: `the job "${jobText}" did not succeed` },
    );
    await browser.waitUntil(
      async () => {
        for (const item of await browser.$$(`${byTestId("snapshot-list")} [data-testid^="snapshot-"]`)) {
          const text = String(await item.getProperty("textContent"));
          if (text.includes(name) && /ready/.test(text)) return true;
        }
        return false;
      },
      { timeout: 20_000, timeoutMsg: `snapshot ${name} never listed as ready` },
    );
    await browser.$(byTestId("snapshot-list")).scrollIntoView();
    await shot(browser, "snapshots");
  });

  it("opens the create wizard of an account", async () => {
    const { browser } = app;
    await browser.$(byTestId(`account-${CLOUDERO}`)).click();
    await browser.$(byTestId("create-server")).click();
    const wizard = await browser.$(byTestId("create-wizard"));
    await wizard.waitForDisplayed({ timeout: 10_000 });
    // The regions come from the provider (a select with options beyond the placeholder).
    await browser.waitUntil(async () => (await browser.$$(`${byTestId("wizard-region-select")} option`).length) > 1, {
      timeout: 15_000,
      timeoutMsg: "the wizard never listed regions",
    });
    await browser.waitUntil(async () => !String(await wizard.getProperty("textContent")).includes("Loading…"), {
      timeout: 15_000,
      timeoutMsg: "the wizard kept loading",
    });
    // An available region, then the plans of that region (with prices) on the next step.
    const region = await browser.execute(
      (selector) => [...document.querySelectorAll(`${selector} option`)].find((o) => o.value !== "" && !o.disabled)?.value ?? null,
      byTestId("wizard-region-select"),
    );
    assert.ok(region, "an available region");
    await choose(browser, "wizard-region-select", region);
    await wizard.$("button=Next").click();
    await browser.$(byTestId("wizard-plan-select")).waitForDisplayed({ timeout: 10_000 });
    await browser.waitUntil(async () => (await browser.$$(`${byTestId("wizard-plan-select")} option`).length) > 1, {
      timeout: 15_000,
      timeoutMsg: `the wizard never listed plans of ${region}`,
    });
    await shot(browser, "create-wizard");
    await browser.keys("Escape");
    await wizard.waitForDisplayed({ reverse: true, timeout: 5_000 });
    await browser.$(byTestId("account-all")).click();
  });

  it("keeps the cached state when one provider goes offline: stale, its age, the error on that account only", async () => {
    const { browser } = app;
    await sandboxA.stop();
    await browser.$(byTestId("refresh")).click();
    const offline = await browser.$(byTestId(`account-state-${CLOUDERO}`));
    await browser.waitUntil(async () => (await offline.getAttribute("data-stale")) === "true" && (await offline.getAttribute("data-error")) !== "", {
      timeout: 60_000,
      timeoutMsg: "the offline account was never marked stale with an error",
    });
    const text = String(await offline.getProperty("textContent"));
    assert.match(text, /stale · from/, text);
    // The cached servers stay in the table.
    assert.equal((await rowsOf(browser, CLOUDERO)).length, 4, "cached Cloude.ro servers kept");
    // The other account is untouched.
    const online = await browser.$(byTestId(`account-state-${LETSCLOUD}`));
    await browser.waitUntil(async () => (await browser.$(byTestId("refresh")).isEnabled()), { timeout: 60_000 });
    assert.equal(await online.getAttribute("data-error"), "", "LetsCloud has no error");
    assert.equal(await online.getAttribute("data-stale"), "false", "LetsCloud is fresh");
    assert.equal((await rowsOf(browser, LETSCLOUD)).length, 3);
    await shot(browser, "offline-stale");
  });
});
