// The app benchmarks behind scripts/bench-app.sh (run there, inside Xvfb and a private keyring;
// figures printed, nothing asserted):
//   1. cold start: the release binary's process start → the first server row in the DOM, painted
//      from the cache of a seeded data directory (the sandbox is down: rows can only come from it);
//   2. idle PSS of the whole app process tree with 1,000 servers loaded, next to an empty Tauri 2
//      window measured the same way (sum of Pss in /proc/<pid>/smaps_rollup over the process and
//      every descendant: the WebKit web and network processes).
// Env: BENCH_APP, BENCH_EMPTY_WINDOW, BENCH_CLI, FLEETDECK_SANDBOX_BIN (binaries), BENCH_RUNS.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { byTestId, launchApp, startSandbox } from "../tests/e2e/harness.mjs";

const APP = realpathSync(process.env.BENCH_APP);
const EMPTY = realpathSync(process.env.BENCH_EMPTY_WINDOW);
const CLI = process.env.BENCH_CLI;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SERVERS = 1000;
const PORT = 4470;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());
const BOOT_MS = Number(/^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))[1]) * 1000;

/** Every pid with its parent, from /proc. */
function processTable() {
  const table = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // Fields after the command (which may hold spaces) start after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      table.push({ pid: Number(name), ppid: Number(rest[1]), startTicks: Number(rest[19]) });
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

/** The newest process running `exe`. */
function processOf(exe) {
  let found = null;
  for (const p of processTable()) {
    let target;
    try {
      target = readlinkSync(`/proc/${p.pid}/exe`);
    } catch {
      continue;
    }
    if (target === exe && (found === null || p.startTicks > found.startTicks)) found = p;
  }
  if (found === null) throw new Error(`no process runs ${exe}`);
  return found;
}

/** `pid` and all of its descendants. */
function tree(pid) {
  const table = processTable();
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const p of table) if (p.ppid === out[i]) out.push(p.pid);
  return out;
}

/** Sum of Pss (kB) over the tree of `pid`, with what each process contributes. */
function pssOfTree(pid) {
  let total = 0;
  const parts = [];
  for (const p of tree(pid)) {
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, "utf8");
      const kb = Number(/^Pss:\s+(\d+) kB$/m.exec(rollup)?.[1] ?? 0);
      const comm = readFileSync(`/proc/${p}/comm`, "utf8").trim();
      total += kb;
      parts.push(`${comm}=${(kb / 1024).toFixed(0)}`);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return { mb: total / 1024, parts: parts.join(" ") };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 0) => n.toFixed(d);

/** A data directory holding one LetsCloud account and the cache of its `SERVERS` servers. */
async function seedDataDir(sandbox) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "fleetdeck-bench-"));
  const cred = sandbox.credentials.letscloud[0];
  const env = { ...process.env, FLEETDECK_DATA_DIR: dataDir };
  execFileSync(CLI, ["account", "add", "--provider", "letscloud", "--endpoint", sandbox.endpoints.letscloud, "--secret-stdin", "bench"], {
    env,
    input: cred.token,
    stdio: ["pipe", "ignore", "inherit"],
  });
  // A listing through the CLI writes the account's cache, the one the app paints at start.
  const listing = JSON.parse(execFileSync(CLI, ["server", "list", "-o", "json"], { env, maxBuffer: 64 << 20 }).toString());
  const count = Array.isArray(listing) ? listing.length : (listing.servers?.length ?? NaN);
  return { dataDir, count };
}

async function rowsShown(browser) {
  return (await browser.$$('[data-testid^="server-row-"]').length) > 0;
}

/** launchApp, tried again when the session fails to start (tauri-driver can race WebKitWebDriver on a loaded machine). */
async function launch(options, attempts = 3) {
  for (let i = 1; ; i++) {
    try {
      return await launchApp({ port: PORT, ...options });
    } catch (e) {
      if (i >= attempts) throw e;
      console.error(`(the WebDriver session did not start, trying again: ${e.message})`);
      await sleep(3000);
    }
  }
}

/** One cold start: process start → first server row in the DOM, in ms. */
async function coldStart(dataDir) {
  const app = await launch({ application: APP, dataDir });
  try {
    const { browser } = app;
    while (!(await rowsShown(browser))) await sleep(5);
    const seen = Date.now();
    const proc = processOf(APP);
    const started = BOOT_MS + (proc.startTicks * 1000) / CLK_TCK;
    // Where the time went: the process until the page's navigation started, then the page.
    const pageOrigin = await browser.execute(() => performance.timeOrigin);
    return { total: seen - started, toPage: pageOrigin - started, page: seen - pageOrigin };
  } finally {
    await app.stop();
    await sleep(1500);
  }
}

async function idlePss(application, dataDir, ready) {
  const app = await launch({ application, dataDir });
  try {
    await ready(app.browser);
    // Idle: the first refresh, layout and GC settle.
    await sleep(10_000);
    return pssOfTree(processOf(application).pid);
  } finally {
    await app.stop();
    await sleep(1500);
  }
}

async function main() {
  // 1,000 servers: one LetsCloud account of 1,000 (every provider gets that; only it is added).
  let sandbox = await startSandbox({ args: ["--accounts", "1", "--servers", String(SERVERS), "--port-base", "7790"] });
  const { dataDir, count } = await seedDataDir(sandbox);
  console.log(`seeded ${dataDir}: ${count} servers in the cache`);
  await sandbox.stop();

  const starts = [];
  for (let i = 0; i < RUNS; i++) starts.push(await coldStart(dataDir));
  const totals = starts.map((s) => s.total);
  console.log(`cold start (process start → first server row from the cache; ±10 ms clock ticks): ${totals.map((s) => fmt(s)).join(", ")} ms; median ${fmt(median(totals))} ms (target ≤ 1000)`);
  console.log(`  of which process start → page navigation: median ${fmt(median(starts.map((s) => s.toPage)))} ms; page → rows: median ${fmt(median(starts.map((s) => s.page)))} ms`);

  // The same sandbox again (same ports and seed): the app refreshes as it would in use.
  sandbox = await startSandbox({ args: ["--accounts", "1", "--servers", String(SERVERS), "--port-base", "7790"] });
  try {
    const app = await idlePss(APP, dataDir, async (browser) => {
      await browser.waitUntil(async () => /\b1,?000 servers/.test(await browser.$(byTestId("server-count")).getText()), {
        timeout: 60_000,
        timeoutMsg: "the app never showed 1,000 servers",
      });
    });
    const empty = await idlePss(EMPTY, mkdtempSync(path.join(tmpdir(), "fleetdeck-bench-empty-")), async (browser) => {
      await browser.waitUntil(async () => (await browser.execute(() => document.readyState)) === "complete", { timeout: 30_000 });
    });
    console.log(`idle PSS, app with ${SERVERS} servers: ${fmt(app.mb)} MB (${app.parts})`);
    console.log(`idle PSS, empty Tauri 2 window:  ${fmt(empty.mb)} MB (${empty.parts})`);
    console.log(`ratio app / empty window: ${fmt(app.mb / empty.mb, 2)} (target ≤ 1.3)`);
  } finally {
    await sandbox.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
