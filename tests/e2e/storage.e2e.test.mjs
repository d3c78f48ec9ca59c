// The storage views on the real window against the embedded sandbox (FLEETDECK_START_SANDBOX=1:
// one account per simulated provider): every view opened from the sidebar shows the sandbox's
// objects (Cloude.ro/Cloudzy/LetsCloud snapshots, the Cloudzy backup schedule, its ISO and custom
// image); an ISO imported from a URL is a job that ends; a LetsCloud snapshot is renamed; a Cloudzy
// server is restored from its snapshot, made from a snapshot, parked (snapshot, delete) and unparked. Each view is
// photographed light and dark: target/e2e-screenshots/storage-<view>-<theme>.png.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { byTestId, choose, launchApp, screenshot } from "./harness.mjs";

const shot = (browser, name) => screenshot(browser, `storage-${name}`);

/**
 * The text an element holds. WebDriver's visible-text atom skips the table's plain cells on
 * WebKitGTK (ellipsised `nowrap` cells read as empty), so the DOM's own text is read.
 */
async function textOf(browser, testId) {
  return browser.execute((selector) => document.querySelector(selector)?.textContent ?? "", byTestId(testId));
}

/** The data-testids of the rows of view `view` (`snapshots-row-ACCOUNT/ID`…). */
async function rowIds(browser, view) {
  return browser.$$(`[data-testid^="${view}-row-"]`).map((e) => e.getAttribute("data-testid"));
}

/** Open a view from the sidebar and wait until its rows (at least `min`) are there. */
async function openView(browser, view, rowsOf = view, min = 1) {
  await browser.$(byTestId(`nav-${view}`)).click();
  await browser.waitUntil(
    async () => (await rowIds(browser, rowsOf)).length >= min,
    { timeout: 30_000, timeoutMsg: `the ${view} view showed fewer than ${min} row(s)` },
  );
}

/** The ids of the jobs in the jobs panel. */
async function jobIds(browser) {
  return browser.$$('li[data-testid^="job-"]').map((e) => e.getAttribute("data-testid"));
}

/** Wait for a job that was not in `before` to appear and end; answers its final status. */
async function newJobEnds(browser, before, what) {
  let id;
  await browser.waitUntil(
    async () => {
      id = (await jobIds(browser)).find((j) => !before.includes(j));
      return id !== undefined;
    },
    { timeout: 15_000, timeoutMsg: `no job for ${what}` },
  );
  const job = await browser.$(byTestId(id));
  await browser.waitUntil(async () => ["succeeded", "failed", "cancelled"].includes(await job.getAttribute("data-status")), {
    timeout: 120_000,
    timeoutMsg: `the job of ${what} did not end`,
  });
  return job.getAttribute("data-status");
}

/** Type `name` into the typed confirmation and confirm. */
async function confirmTyped(browser, name) {
  const input = await browser.$(byTestId("storage-confirm-input"));
  await input.waitForDisplayed({ timeout: 10_000 });
  await input.setValue(name);
  await browser.$(byTestId("storage-confirm-ok")).click();
}

describe("the storage views against the sandbox", () => {
  let app;
  before(async () => {
    app = await launchApp({ port: 4500, env: { FLEETDECK_START_SANDBOX: "1" } });
    const { browser } = app;
    await browser.$(byTestId("account-list")).waitForDisplayed({ timeout: 30_000 });
    await browser.waitUntil(async () => (await browser.$$('[data-testid^="server-row-"]').length) > 0, {
      timeout: 30_000,
      timeoutMsg: "no server row from the sandbox",
    });
  });
  after(async () => {
    await app?.stop();
  });

  it("shows the views the sandbox's providers offer, each with the sandbox's objects", async () => {
    const { browser } = app;
    for (const view of ["servers", "snapshots", "backups", "images"]) {
      assert.ok(await browser.$(byTestId(`nav-${view}`)).isDisplayed(), `nav-${view} is shown`);
    }

    await openView(browser, "snapshots");
    const snapshots = await rowIds(browser, "snapshots");
    for (const account of ["sandbox-cloudzy", "sandbox-letscloud"]) {
      assert.ok(
        snapshots.some((id) => id.startsWith(`snapshots-row-${account}/`)),
        `a snapshot of ${account} in ${snapshots.join(", ")}`,
      );
    }

    await openView(browser, "backups", "schedules");
    const schedules = await rowIds(browser, "schedules");
    assert.ok(schedules.some((id) => id.startsWith("schedules-row-sandbox-cloudzy/")), `the Cloudzy schedule in ${schedules}`);

    await openView(browser, "images", "images", 2);
    const table = await textOf(browser, "images-table");
    assert.match(table, /SystemRescue 11\.02/);
    assert.match(table, /Debian 12 golden image/);
  });

  it("opens the views with Ctrl+digit", async () => {
    const { browser } = app;
    await browser.keys(["Control", "2"]);
    await browser.$('[data-view="snapshots"]').waitForDisplayed({ timeout: 10_000 });
    await browser.keys(["Control", "1"]);
    await browser.$(byTestId("server-table")).waitForDisplayed({ timeout: 10_000 });
  });

  it("imports an ISO from a URL and follows its job to the end", async () => {
    const { browser } = app;
    await openView(browser, "images", "images", 2);
    await browser.$(byTestId("images-import")).click();
    await browser.$(byTestId("image-import-dialog")).waitForDisplayed({ timeout: 10_000 });
    await choose(browser, "image-import-account", "sandbox-cloudzy");
    await browser.$(byTestId("image-import-name")).setValue("Alpine e2e");
    await browser.$(byTestId("image-import-url")).setValue("https://dl.example.test/alpine-e2e.iso");
    await shot(browser, "import-dialog");
    await browser.$(byTestId("image-import-ok")).click();
    // The job is in the jobs panel at once and ends (DOWNLOADING → READY in the simulator).
    const job = await browser.$('//li[starts-with(@data-testid, "job-")][contains(., "Alpine e2e")]');
    await job.waitForExist({ timeout: 15_000, timeoutMsg: "no job for the ISO import" });
    await browser.waitUntil(async () => ["succeeded", "failed"].includes(await job.getAttribute("data-status")), {
      timeout: 90_000,
      timeoutMsg: "the ISO import's job did not end",
    });
    assert.equal(await job.getAttribute("data-status"), "succeeded");
    // The view refetches the account's ISOs when the job ends: the new one is there, ready.
    await browser.waitUntil(async () => /Alpine e2e/.test(await textOf(browser, "images-table")), {
      timeout: 20_000,
      timeoutMsg: "the imported ISO is not listed",
    });
    await shot(browser, "import-done");
  });

  it("renames a snapshot", async () => {
    const { browser } = app;
    await openView(browser, "snapshots");
    const id = (await rowIds(browser, "snapshots")).find((t) => t.startsWith("snapshots-row-sandbox-letscloud/"));
    assert.ok(id, "a LetsCloud snapshot to rename");
    const address = id.slice("snapshots-row-".length);
    await browser.$(byTestId(`snapshots-name-${address}`)).click();
    await browser.$(byTestId("snapshot-rename")).click();
    const input = await browser.$(byTestId("snapshot-rename-dialog-input"));
    await input.waitForDisplayed({ timeout: 10_000 });
    await input.clearValue();
    await input.setValue("renamed-by-e2e");
    await browser.$(byTestId("snapshot-rename-dialog-ok")).click();
    await browser.waitUntil(async () => (await textOf(browser, id)).includes("renamed-by-e2e"), {
      timeout: 30_000,
      timeoutMsg: "the snapshot's new name is not shown",
    });
  });

  it("restores a server from its snapshot after the server's name is typed", async () => {
    const { browser } = app;
    await openView(browser, "snapshots");
    const id = (await rowIds(browser, "snapshots")).find((t) => t.startsWith("snapshots-row-sandbox-cloudzy/"));
    assert.ok(id, "a Cloudzy snapshot to restore");
    await browser.$(byTestId(`snapshots-name-${id.slice("snapshots-row-".length)}`)).click();
    const server = await browser.execute(() => {
      const dt = [...document.querySelectorAll('[data-testid="snapshots-detail"] dt')].find((d) => d.textContent === "Server");
      return dt?.nextElementSibling?.textContent ?? "";
    });
    assert.ok(server !== "" && !server.includes("gone"), `the snapshot's server exists: ${server}`);
    const before = await jobIds(browser);
    await browser.$(byTestId("snapshot-restore")).click();
    assert.match(await textOf(browser, "storage-confirm-text"), new RegExp(`Server ${server} of account sandbox-cloudzy \\(Cloudzy\\) is overwritten`));
    await confirmTyped(browser, server);
    assert.equal(await newJobEnds(browser, before, "the restore"), "succeeded");
  });

  it("creates a server from a snapshot through the wizard", async () => {
    const { browser } = app;
    await openView(browser, "snapshots");
    // The smallest Cloudzy snapshot: a plan's disk must hold it (the simulator checks, as Cloudzy).
    const id = await browser.execute(() => {
      const rows = [...document.querySelectorAll('[data-testid^="snapshots-row-sandbox-cloudzy/"]')];
      const size = (r) => parseFloat(r.querySelector(".col-size")?.textContent ?? "") || Infinity;
      return rows.sort((a, b) => size(a) - size(b))[0]?.getAttribute("data-testid") ?? null;
    });
    assert.ok(id, "a Cloudzy snapshot to start from");
    await browser.$(byTestId(`snapshots-name-${id.slice("snapshots-row-".length)}`)).click();
    const region = await browser.execute(() => {
      const dt = [...document.querySelectorAll('[data-testid="snapshots-detail"] dt')].find((d) => d.textContent === "Regions");
      return (dt?.nextElementSibling?.textContent ?? "").split(", ")[0];
    });
    await browser.$(byTestId("snapshot-create-server")).click();
    const wizard = await browser.$(byTestId("create-wizard"));
    await wizard.waitForDisplayed({ timeout: 10_000 });
    const before = await jobIds(browser);
    // Each step: fill what it asks (the snapshot's region, the first plan, a hostname), then Next.
    for (let step = 0; step < 10 && !(await browser.$(byTestId("wizard-create")).isExisting()); step++) {
      for (const select of ["wizard-region-select", "wizard-plan-select"]) {
        if (!(await browser.$(byTestId(select)).isExisting())) continue;
        await browser.waitUntil(async () => (await browser.$$(`${byTestId(select)} option`).length) > 1, {
          timeout: 20_000,
          timeoutMsg: `${select} listed nothing`,
        });
        const options = await browser.execute(
          (selector) => [...document.querySelectorAll(`${selector} option`)].filter((o) => o.value !== "" && !o.disabled).map((o) => [o.value, o.textContent]),
          byTestId(select),
        );
        // The snapshot's region; the plan with the largest disk (it must hold the snapshot's).
        const disk = ([, text]) => Number(/(\d+) GB disk/.exec(text)?.[1] ?? 0);
        const value =
          select === "wizard-region-select"
            ? (options.find(([v]) => v === region) ?? options[0])[0]
            : options.reduce((best, o) => (disk(o) > disk(best) ? o : best))[0];
        await choose(browser, select, value);
      }
      const name = await browser.$(byTestId("wizard-name-input"));
      if ((await name.isExisting()) && (await name.getValue()) === "") await name.setValue("from-snapshot-e2e");
      await browser.$(byTestId("wizard-next")).click();
    }
    assert.match(await textOf(browser, "wizard-review"), /Made fromsnapshot /);
    await shot(browser, "create-from-snapshot");
    await browser.$(byTestId("wizard-create")).click();
    // A refusal shows in the wizard: say it rather than wait for a job that will not come.
    const alert = () => browser.$(`${byTestId("create-wizard")} [role="alert"]`);
    await browser.waitUntil(
      async () => (await jobIds(browser)).some((j) => !before.includes(j)) || (await alert().isExisting()),
      { timeout: 15_000, timeoutMsg: "neither a job nor an error after Create" },
    );
    if (await alert().isExisting()) {
      const why = await alert().getProperty("textContent");
      await shot(browser, "create-from-snapshot-refused");
      await browser.$(byTestId("create-wizard")).$("button=Cancel").click();
      assert.fail(`the wizard refused: ${why}`);
    }
    assert.equal(await newJobEnds(browser, before, "the create from a snapshot"), "succeeded");
    if (await browser.$(byTestId("wizard-done")).isExisting()) await browser.$(byTestId("wizard-done")).click();
    await openView(browser, "servers", "server");
    await browser.waitUntil(async () => (await textOf(browser, "server-table")).includes("from-snapshot-e2e"), {
      timeout: 30_000,
      timeoutMsg: "the server made from the snapshot is not listed",
    });
  });

  it("parks a server and unparks it from the snapshots view", async () => {
    const { browser } = app;
    await openView(browser, "servers", "server");
    const row = (await rowIds(browser, "server")).find((t) => t.startsWith("server-row-sandbox-cloudzy/"));
    assert.ok(row, "a Cloudzy server to park");
    const address = row.slice("server-row-".length);
    await browser.$(byTestId(`server-name-${address}`)).click();
    const name = await textOf(browser, "detail-name");
    let before = await jobIds(browser);
    await browser.$(byTestId("action-park")).click();
    await confirmTyped(browser, name);
    assert.equal(await newJobEnds(browser, before, "parking"), "succeeded");
    // The server is gone from the listing and parked, with its snapshot.
    await browser.waitUntil(async () => !(await browser.$(byTestId(row)).isExisting()), {
      timeout: 30_000,
      timeoutMsg: "the parked server is still listed",
    });
    await openView(browser, "snapshots");
    const parked = await browser.$(`//li[starts-with(@data-testid, "parked-")][contains(., "${name}")]`);
    await parked.waitForExist({ timeout: 20_000, timeoutMsg: "the parked server is not in the snapshots view" });
    await shot(browser, "parked");
    const parkedId = (await parked.getAttribute("data-testid")).slice("parked-".length);
    before = await jobIds(browser);
    await browser.$(byTestId(`unpark-${parkedId}`)).click();
    assert.equal(await newJobEnds(browser, before, "unparking"), "succeeded");
    await browser.waitUntil(async () => !(await browser.$(byTestId(`parked-${parkedId}`)).isExisting()), {
      timeout: 30_000,
      timeoutMsg: "the unparked server is still listed as parked",
    });
    await openView(browser, "servers", "server");
    await browser.waitUntil(async () => (await textOf(browser, "server-table")).includes(name), {
      timeout: 30_000,
      timeoutMsg: `${name} is not listed again after unparking`,
    });
  });

  it("looks right light and dark: a screenshot of every view", async () => {
    const { browser } = app;
    for (const theme of ["light", "dark"]) {
      await choose(browser, "theme-select", theme);
      await browser.waitUntil(async () => (await browser.$(byTestId("app-frame")).getAttribute("data-theme")) === theme);
      await openView(browser, "servers", "server");
      await shot(browser, `servers-${theme}`);
      await openView(browser, "snapshots");
      // The detail pane with the provider's raw data.
      const first = (await rowIds(browser, "snapshots"))[0].slice("snapshots-row-".length);
      await browser.$(byTestId(`snapshots-name-${first}`)).click();
      await browser.$(byTestId("snapshots-detail")).waitForDisplayed({ timeout: 10_000 });
      await shot(browser, `snapshots-${theme}`);
      await openView(browser, "backups", "schedules");
      await shot(browser, `backups-${theme}`);
      await openView(browser, "images", "images", 2);
      await shot(browser, `images-${theme}`);
    }
    await choose(browser, "theme-select", "system");
  });
});
