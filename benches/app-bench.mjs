// The app benchmarks behind scripts/bench-app.sh (run there, inside Xvfb and a private keyring;
// figures printed, nothing asserted). Sections (BENCH_ONLY=<comma list> runs some of them):
//   installers  the size of every installer built (.deb, .rpm; target .deb ≤ 10 MB) and of the binary;
//   ui          the UI's filter/sort bench of 10,000 servers (ui/src/features/servers/table.bench.ts;
//               vitest bench, target ≤ 50 ms);
//   cold        cold start: the release binary's process start (/proc start ticks) → the first server
//               row in the DOM (polled through WebDriver), painted from the cache of a seeded data
//               directory (the sandbox is down: rows can only come from it; target ≤ 1 s), next to an
//               empty Tauri 2 window measured the same way (process start → its page's content in the
//               DOM), runs interleaved; target app / empty ≤ 1.15. The paint entries WebKit gives
//               (performance.getEntriesByType("paint")) are printed beside;
//   pss         idle PSS of the whole process tree (sum of Pss in /proc/<pid>/smaps_rollup over the
//               process and every descendant: the WebKit web and network processes) with 1,000 and
//               with 10,000 servers loaded, next to the empty window (targets ≤ 1.2 and ≤ 1.5);
//   growth      no growth: the app with 10,000 servers against the sandbox, Refresh clicked every
//               second for BENCH_GROWTH_SECONDS (default 600); PSS of the app process and of the
//               WebKit web process, threads, open fds and the jobs shown after the first minute and
//               at the end (target end / minute 1 ≤ 1.05 for each PSS);
//   refresh     Refresh in the app: 4 providers × 5 accounts × 200 servers behind 100 ms of injected
//               latency, all 20 accounts in one data dir, the time from the click on Refresh to every
//               account's state showing a refresh after the click (median of 3), against each
//               provider's first account alone in its own data dir (the slowest of them; target ≤ 1.3);
//   input       with 10,000 servers loaded: per-keystroke latency in the search box (keydown → the
//               table's DOM mutation → the next animation frame; target p95 ≤ 50 ms) and the frame
//               intervals while the table scrolls for ~3 s (target mean < 16 ms).
// Then one Markdown summary table (figure | value | target | ratio / met), printed and written to
// target/bench-app-summary.md.
// Env: BENCH_APP, BENCH_EMPTY_WINDOW, BENCH_CLI, FLEETDECK_SANDBOX_BIN (binaries), BENCH_RUNS (cold
// starts, default 5), BENCH_GROWTH_SECONDS (default 600), BENCH_ONLY.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { byTestId, launchApp, ROOT, startSandbox } from "../tests/e2e/harness.mjs";

const APP = realpathSync(process.env.BENCH_APP);
const EMPTY = realpathSync(process.env.BENCH_EMPTY_WINDOW);
const CLI = process.env.BENCH_CLI;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GROWTH_SECONDS = Number(process.env.BENCH_GROWTH_SECONDS ?? 600);
const SECTIONS = ["installers", "ui", "cold", "pss", "growth", "refresh", "input"];
const ONLY = (process.env.BENCH_ONLY ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
for (const s of ONLY) if (!SECTIONS.includes(s)) throw new Error(`BENCH_ONLY: no section ${s} (sections: ${SECTIONS.join(", ")})`);
const runs = (section) => ONLY.length === 0 || ONLY.includes(section);

const PORT = 4470;
// Sandbox port bases (each serves 5 ports): one world per size, the same ports (and seed) every
// time it is started again, as the accounts of a data dir name their endpoints.
const PORTS_1K = 7790;
const PORTS_10K = 7800;
const PORTS_REFRESH = 7810;
const LATENCY_MS = 100;
const KINDS = ["letscloud", "cloudero", "cloudzy", "vz"];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());
const BOOT_MS = Number(/^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))[1]) * 1000;

// ---------------------------------------------------------------------------------------------
// /proc

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

const commOf = (pid) => readFileSync(`/proc/${pid}/comm`, "utf8").trim();
/** Pss of one process, kB (0 when gone). */
function pssKb(pid) {
  try {
    return Number(/^Pss:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
const countDir = (dir) => {
  try {
    return readdirSync(dir).length;
  } catch {
    return NaN;
  }
};

/** Sum of Pss (kB) over the tree of `pid`, with what each process contributes. */
function pssOfTree(pid) {
  let total = 0;
  const parts = [];
  for (const p of tree(pid)) {
    try {
      const kb = pssKb(p);
      const comm = commOf(p);
      total += kb;
      parts.push(`${comm}=${(kb / 1024).toFixed(0)}`);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return { mb: total / 1024, parts: parts.join(" ") };
}

/** PSS (MB), threads and open fds of one process. */
function processFigures(pid) {
  return { pid, mb: pssKb(pid) / 1024, threads: countDir(`/proc/${pid}/task`), fds: countDir(`/proc/${pid}/fd`) };
}

// ---------------------------------------------------------------------------------------------
// Numbers

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Nearest-rank percentile. */
const percentile = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");

// ---------------------------------------------------------------------------------------------
// Summary: one row per target.

const summary = [];
/** A ratio row: `value` says what was compared, `ratio` is checked against `max` (`strict`: <). */
function ratioRow(figure, value, ratio, max, { strict = false } = {}) {
  const ok = Number.isFinite(ratio) && (strict ? ratio < max : ratio <= max);
  summary.push({ figure, value, target: `${strict ? "<" : "≤"} ${max}`, result: Number.isFinite(ratio) ? `${fmt(ratio, 2)} (${ok ? "met" : "not met"})` : "n/a" });
}
/** An absolute row: `n` in `unit` against `max`. */
function absoluteRow(figure, n, unit, max, { strict = false, value, digits = 0 } = {}) {
  const ok = Number.isFinite(n) && (strict ? n < max : n <= max);
  summary.push({ figure, value: value ?? `${fmt(n, digits)} ${unit}`, target: `${strict ? "<" : "≤"} ${max} ${unit}`, result: Number.isFinite(n) ? (ok ? "met" : "not met") : "n/a" });
}
/** A row for a section that did not run or failed. */
function missingRow(figure, target, why) {
  summary.push({ figure, value: why, target, result: "n/a" });
}

// ---------------------------------------------------------------------------------------------
// Data directories

/** Temporary directories made here, removed at the end. */
const made = [];
const newDir = (prefix) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

/** `fleetdeck account add` of one sandbox account (its secret on stdin). */
function addAccount(dataDir, kind, endpoint, cred, name = cred.label) {
  const args = ["account", "add", "--provider", kind, "--endpoint", endpoint, "--secret-stdin"];
  if (cred.user !== undefined) args.push("--username", cred.user);
  args.push(name);
  execFileSync(CLI, args, {
    env: { ...process.env, FLEETDECK_DATA_DIR: dataDir },
    input: cred.token ?? cred.password,
    stdio: ["pipe", "ignore", "inherit"],
  });
}

/** A listing through the CLI: writes every account's cache, the one the app paints at start. Answers the servers. */
function listThroughCli(dataDir) {
  const out = execFileSync(CLI, ["server", "list", "-o", "json"], {
    env: { ...process.env, FLEETDECK_DATA_DIR: dataDir },
    maxBuffer: 512 << 20,
  }).toString();
  const listing = JSON.parse(out);
  return Array.isArray(listing) ? listing : (listing.servers ?? []);
}

/** A sandbox of `servers` servers in one account per provider, on `portBase`. */
const sandboxOf = (servers, portBase) =>
  startSandbox({ args: ["--accounts", "1", "--servers", String(servers), "--port-base", String(portBase)], timeoutMs: 120_000 });

/** A data directory holding one LetsCloud account and the cache of its servers (seeded from a sandbox started and stopped here). */
async function seedFleet(servers, portBase) {
  const sandbox = await sandboxOf(servers, portBase);
  try {
    const dataDir = newDir(`fleetdeck-bench-${servers}-`);
    addAccount(dataDir, "letscloud", sandbox.endpoints.letscloud, sandbox.credentials.letscloud[0], "bench");
    const listing = listThroughCli(dataDir);
    console.log(`seeded ${dataDir}: ${listing.length} servers in the cache`);
    return { dataDir, count: listing.length };
  } finally {
    await sandbox.stop();
  }
}

const fleets = new Map();
/** The seeded data dir of `servers` servers, made once per run. */
async function fleet(servers) {
  if (!fleets.has(servers)) fleets.set(servers, await seedFleet(servers, servers >= 10_000 ? PORTS_10K : PORTS_1K));
  return fleets.get(servers);
}

// ---------------------------------------------------------------------------------------------
// The app

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

/** Run `body(app)` with the app (or the empty window) started; always stopped (and given time to exit) after. */
async function withApp(options, body) {
  const app = await launch(options);
  try {
    return await body(app);
  } finally {
    await app.stop();
    await sleep(1500);
  }
}

const groupedCount = (n) => n.toLocaleString("en-US");
async function waitForCount(browser, count, timeout = 120_000) {
  const pattern = new RegExp(`\\b${groupedCount(count).replace(",", ",?")} servers`);
  await browser.waitUntil(async () => pattern.test(await browser.$(byTestId("server-count")).getText()), {
    timeout,
    interval: 200,
    timeoutMsg: `the app never showed ${groupedCount(count)} servers`,
  });
}

/** The accounts' refresh states as the page shows them. */
const accountStates = (browser) =>
  browser.execute(() => ({
    refreshEnabled: !(document.querySelector('[data-testid="refresh"]')?.disabled ?? true),
    states: [...document.querySelectorAll('[data-testid^="account-state-"]')].map((li) => ({
      account: li.getAttribute("data-testid").slice("account-state-".length),
      stale: li.dataset.stale,
      error: li.dataset.error,
      fetchedAt: li.dataset.fetchedAt ?? "",
    })),
  }));

/** Until the refresh the app makes at start is over: Refresh enabled and every one of `accounts` states refreshed. */
async function waitForStartRefresh(browser, accounts, timeout = 120_000) {
  let last = null;
  await browser
    .waitUntil(
      async () => {
        last = await accountStates(browser);
        return last.refreshEnabled && last.states.length === accounts && last.states.every((s) => s.stale === "false" && s.fetchedAt !== "");
      },
      { timeout, interval: 200 },
    )
    .catch(() => {
      throw new Error(`the start refresh did not end: ${JSON.stringify(last)}`);
    });
}

// ---------------------------------------------------------------------------------------------
// Sections

async function installers() {
  console.log("\n==== installers");
  const bundle = path.join(ROOT, "target", "release", "bundle");
  const found = [];
  for (const [dir, ext] of [["deb", ".deb"], ["rpm", ".rpm"], ["appimage", ".AppImage"]]) {
    let files = [];
    try {
      files = readdirSync(path.join(bundle, dir)).filter((f) => f.endsWith(ext));
    } catch {
      continue;
    }
    // The newest of each kind: what the last build made.
    const newest = files.map((f) => path.join(bundle, dir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    if (newest) found.push({ ext, file: newest, bytes: statSync(newest).size, when: statSync(newest).mtime });
  }
  for (const f of found)
    console.log(`${f.ext}: ${f.bytes} bytes = ${fmt(f.bytes / 1e6, 2)} MB = ${fmt(f.bytes / 1048576, 2)} MiB (${path.relative(ROOT, f.file)}, built ${f.when.toISOString()})`);
  if (found.length === 0) console.log(`no installer under ${path.relative(ROOT, bundle)}`);
  console.log(`release binary: ${statSync(APP).size} bytes`);
  const deb = found.find((f) => f.ext === ".deb");
  if (deb) absoluteRow(".deb size", deb.bytes / 1e6, "MB", 10, { digits: 2 });
  else missingRow(".deb size", "≤ 10 MB", "no .deb built");
  for (const f of found.filter((f) => f.ext !== ".deb")) summary.push({ figure: `${f.ext} size (no target)`, value: `${fmt(f.bytes / 1e6, 2)} MB`, target: "–", result: "–" });
}

/** Run a command, its output streamed to ours and kept; resolves with it (and the exit code) when it has exited. */
function runCaptured(cmd, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const take = (chunk) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

async function uiBench() {
  console.log("\n==== filter + sort of 10,000 servers in the UI (vitest bench; ms; target ≤ 50)");
  const { code, out } = await runCaptured("npm", ["run", "--silent", "-w", "ui", "bench"], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  // vitest bench rows: "· name  hz  min  max  mean  p75  p99  p995  p999  ±rme  samples" (ms).
  const meanOf = (name) => {
    const line = out.split("\n").find((l) => l.includes(name));
    if (!line) return NaN;
    const numbers = line
      .slice(line.indexOf(name) + name.length)
      .trim()
      .split(/\s+/)
      .map((w) => Number(w.replace(/,/g, "")));
    return numbers[3];
  };
  const keystroke = meanOf("filter (text) + sort by name: one keystroke");
  const everyRow = meanOf("no filter + sort by created, descending: every row");
  if (code !== 0 || !Number.isFinite(keystroke)) {
    console.log(`ui bench failed (exit ${code})`);
    missingRow("filter + sort of 10,000 servers (vitest bench, mean)", "≤ 50 ms", "bench failed");
    return;
  }
  absoluteRow("filter + sort of 10,000 servers (vitest bench, mean)", Math.max(keystroke, everyRow), "ms", 50, {
    digits: 1,
    value: `${fmt(keystroke, 1)} ms text filter + sort by name; ${fmt(everyRow, 1)} ms no filter + sort every row`,
  });
}

/** One cold start of `application`: process start → `shown(browser)` true, in ms, with the page's paint entries. */
async function coldStart(application, dataDir, shown) {
  return withApp({ application, dataDir }, async ({ browser }) => {
    while (!(await shown(browser))) await sleep(5);
    const seen = Date.now();
    const proc = processOf(application);
    const started = BOOT_MS + (proc.startTicks * 1000) / CLK_TCK;
    // Where the time went: the process until the page's navigation started, then the page.
    const page = await browser.execute(() => ({
      origin: performance.timeOrigin,
      paints: performance.getEntriesByType("paint").map((e) => ({ name: e.name, at: e.startTime })),
      // The app's own start marks (ui/src/app/startupMarks.ts), from the page's navigation.
      marks: Object.fromEntries(
        performance
          .getEntriesByType("mark")
          .filter((e) => e.name.startsWith("fleetdeck:"))
          .map((e) => [e.name.slice("fleetdeck:".length), e.startTime]),
      ),
    }));
    const paint = (name) => {
      const entry = page.paints.find((p) => p.name === name);
      return entry ? page.origin + entry.at - started : NaN;
    };
    // The cached listing's IPC round trip on its own, once the window is idle (the app only).
    let ipc = null;
    if (application === APP) {
      await sleep(3000);
      ipc = await browser.execute(async () => {
        const began = performance.now();
        const answer = await window.__TAURI_INTERNALS__.invoke("cached_servers", { accounts: [] });
        const ms = performance.now() - began;
        return { ms, kb: JSON.stringify(answer).length / 1024, servers: answer.servers.length };
      });
    }
    return {
      ipc,
      total: seen - started,
      toPage: page.origin - started,
      page: seen - page.origin,
      firstPaint: paint("first-paint"),
      firstContentfulPaint: paint("first-contentful-paint"),
      marks: page.marks,
    };
  });
}

async function cold() {
  console.log("\n==== cold start: the app against an empty Tauri 2 window");
  const { dataDir } = await fleet(1000);
  const rowsShown = async (browser) => (await browser.$$('[data-testid^="server-row-"]').length) > 0;
  const emptyShown = async (browser) => (await browser.$$("#ready").length) > 0;
  const emptyDir = newDir("fleetdeck-bench-empty-");
  const app = [];
  const empty = [];
  // Interleaved: a machine that gets busier mid-run weighs on both alike.
  for (let i = 0; i < RUNS; i++) {
    app.push(await coldStart(APP, dataDir, rowsShown));
    empty.push(await coldStart(EMPTY, emptyDir, emptyShown));
  }
  const report = (label, starts, what) => {
    const totals = starts.map((s) => s.total);
    console.log(`${label} (process start → ${what}; ±10 ms clock ticks): ${totals.map((s) => fmt(s)).join(", ")} ms; median ${fmt(median(totals))} ms`);
    console.log(`  of which process start → page navigation: median ${fmt(median(starts.map((s) => s.toPage)))} ms; page → content: median ${fmt(median(starts.map((s) => s.page)))} ms`);
    const fcp = starts.map((s) => s.firstContentfulPaint).filter(Number.isFinite);
    const fp = starts.map((s) => s.firstPaint).filter(Number.isFinite);
    console.log(
      `  WebKit paint entries from process start: first-paint ${fp.length ? `median ${fmt(median(fp))} ms` : "not given"}, first-contentful-paint ${fcp.length ? `median ${fmt(median(fcp))} ms` : "not given"} (${fcp.length}/${starts.length} runs)`,
    );
    const steps = [...new Set(starts.flatMap((s) => Object.keys(s.marks)))];
    if (steps.length > 0) {
      const at = steps.map((step) => `${step} ${fmt(median(starts.map((s) => s.marks[step]).filter(Number.isFinite)))} ms`);
      console.log(`  the page's own marks from its navigation (medians): ${at.join(", ")}; the row seen ${fmt(median(starts.map((s) => s.page)))} ms`);
    }
    const ipc = starts.map((s) => s.ipc).filter(Boolean);
    if (ipc.length > 0) {
      console.log(
        `  the cached listing's IPC round trip alone, idle window (cached_servers, ${ipc[0].servers} servers, ${fmt(ipc[0].kb)} KB of JSON): median ${fmt(median(ipc.map((i) => i.ms)))} ms`,
      );
    }
    return median(totals);
  };
  const appMs = report("cold start, app (1,000 servers)", app, "first server row from the cache");
  const emptyMs = report("first paint, empty window", empty, "its page's content in the DOM");
  console.log(`cold start app ${fmt(appMs)} ms (target ≤ 1000); ratio app / empty window: ${fmt(appMs / emptyMs, 2)} (target ≤ 1.15)`);
  absoluteRow("cold start to the first server row (median)", appMs, "ms", 1000);
  ratioRow("cold start, app / empty window (medians)", `${fmt(appMs)} ms / ${fmt(emptyMs)} ms`, appMs / emptyMs, 1.15);
}

async function idlePss(application, dataDir, ready) {
  return withApp({ application, dataDir }, async ({ browser }) => {
    await ready(browser);
    // Idle: the first refresh, layout and GC settle.
    await sleep(10_000);
    return pssOfTree(processOf(application).pid);
  });
}

async function pss() {
  console.log("\n==== idle PSS of the process tree: the app with 1,000 and 10,000 servers, the empty window");
  const results = {};
  for (const servers of [1000, 10_000]) {
    const { dataDir } = await fleet(servers);
    // The same sandbox again (same ports and seed): the app refreshes as it would in use.
    const sandbox = await sandboxOf(servers, servers >= 10_000 ? PORTS_10K : PORTS_1K);
    try {
      results[servers] = await idlePss(APP, dataDir, (browser) => waitForCount(browser, servers));
    } finally {
      await sandbox.stop();
    }
    console.log(`idle PSS, app with ${groupedCount(servers)} servers: ${fmt(results[servers].mb)} MB (${results[servers].parts})`);
  }
  const empty = await idlePss(EMPTY, newDir("fleetdeck-bench-empty-"), async (browser) => {
    await browser.waitUntil(async () => (await browser.execute(() => document.readyState)) === "complete", { timeout: 30_000 });
  });
  console.log(`idle PSS, empty Tauri 2 window:  ${fmt(empty.mb)} MB (${empty.parts})`);
  console.log(`ratio app (1,000 servers) / empty window: ${fmt(results[1000].mb / empty.mb, 2)} (target ≤ 1.2)`);
  console.log(`ratio app (10,000 servers) / empty window: ${fmt(results[10_000].mb / empty.mb, 2)} (target ≤ 1.5)`);
  ratioRow("idle PSS, app with 1,000 servers / empty window", `${fmt(results[1000].mb)} MB / ${fmt(empty.mb)} MB`, results[1000].mb / empty.mb, 1.2);
  ratioRow("idle PSS, app with 10,000 servers / empty window", `${fmt(results[10_000].mb)} MB / ${fmt(empty.mb)} MB`, results[10_000].mb / empty.mb, 1.5);
}

/** The app process, its WebKit web process(es) and what each holds, with the jobs the page shows. */
async function growthSample(browser, appPid) {
  const webPids = tree(appPid).filter((p) => {
    try {
      return commOf(p).startsWith("WebKitWebProces");
    } catch {
      return false;
    }
  });
  const web = webPids.map(processFigures);
  const jobs = await browser.execute(async () => {
    const listed = document.querySelectorAll('[data-testid="job-list"] > li').length;
    const running = document.querySelector('[data-testid="jobs-running-count"]')?.textContent?.trim() ?? "";
    let ipc = null;
    try {
      const answer = await window.__TAURI_INTERNALS__.invoke("jobs", {});
      ipc = Array.isArray(answer) ? answer.length : null;
    } catch {
      ipc = null;
    }
    return { listed, running, ipc };
  });
  return {
    app: processFigures(appPid),
    web: {
      pids: webPids,
      mb: web.reduce((a, w) => a + w.mb, 0),
      threads: web.reduce((a, w) => a + w.threads, 0),
      fds: web.reduce((a, w) => a + w.fds, 0),
    },
    jobs,
  };
}

async function growth() {
  const seconds = GROWTH_SECONDS;
  // The first sample after a minute; a shorter run takes it half-way.
  const firstAt = Math.min(60, seconds / 2);
  console.log(`\n==== no growth: 10,000 servers, Refresh clicked every second for ${seconds} s (samples at ${firstAt} s and at the end)`);
  const { dataDir } = await fleet(10_000);
  const sandbox = await sandboxOf(10_000, PORTS_10K);
  try {
    await withApp({ application: APP, dataDir }, async ({ browser }) => {
      await waitForCount(browser, 10_000);
      await waitForStartRefresh(browser, 1);
      const appPid = processOf(APP).pid;
      const refreshes = new Set();
      let clicks = 0;
      let busy = 0;
      let first = null;
      const start = Date.now();
      for (let i = 0; ; i++) {
        const due = start + i * 1000;
        if (due > start + seconds * 1000) break;
        await sleep(Math.max(0, due - Date.now()));
        if (first === null && Date.now() - start >= firstAt * 1000) first = { at: (Date.now() - start) / 1000, ...(await growthSample(browser, appPid)), refreshes: refreshes.size };
        const { refreshEnabled, states } = await accountStates(browser);
        for (const s of states) if (s.fetchedAt) refreshes.add(s.fetchedAt);
        if (refreshEnabled) {
          await browser.$(byTestId("refresh")).click();
          clicks++;
        } else busy++; // the last refresh is still running: the button is disabled
      }
      // The last click's refresh ends before the last sample.
      await waitForStartRefresh(browser, 1);
      await sleep(2000);
      for (const s of (await accountStates(browser)).states) if (s.fetchedAt) refreshes.add(s.fetchedAt);
      const last = { at: (Date.now() - start) / 1000, ...(await growthSample(browser, appPid)), refreshes: refreshes.size };
      first ??= last;
      console.log(`${clicks} clicks on Refresh (${busy} seconds the button was disabled: a refresh still running); ${refreshes.size - 1} refreshes ended (distinct fetchedAt after the start refresh)`);
      const row = (label, f, digits = 0) => [label, fmt(f(first), digits), fmt(f(last), digits), fmt(f(last) / f(first), 3)];
      const rows = [
        ["", `at ${fmt(first.at)} s`, `at ${fmt(last.at)} s`, "end / first"],
        row(`app process PSS, MB (pid ${appPid})`, (s) => s.app.mb, 1),
        row(`web process PSS, MB (pid ${last.web.pids.join("+")})`, (s) => s.web.mb, 1),
        row("app process threads", (s) => s.app.threads),
        row("web process threads", (s) => s.web.threads),
        row("app process open fds", (s) => s.app.fds),
        row("web process open fds", (s) => s.web.fds),
        ["jobs listed in the jobs panel (job-list items)", String(first.jobs.listed), String(last.jobs.listed), ""],
        ["jobs answered by the `jobs` IPC command", String(first.jobs.ipc ?? "unreachable"), String(last.jobs.ipc ?? "unreachable"), ""],
        ["jobs panel badge", first.jobs.running, last.jobs.running, ""],
      ];
      const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
      for (const r of rows) console.log("  " + r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("   "));
      const note = seconds < 600 ? ` over ${seconds} s (target run: 600 s)` : "";
      ratioRow(`no growth: app process PSS, end / ${fmt(first.at)} s${note}`, `${fmt(last.app.mb)} MB / ${fmt(first.app.mb)} MB`, last.app.mb / first.app.mb, 1.05);
      ratioRow(`no growth: web process PSS, end / ${fmt(first.at)} s${note}`, `${fmt(last.web.mb)} MB / ${fmt(first.web.mb)} MB`, last.web.mb / first.web.mb, 1.05);
    });
  } finally {
    await sandbox.stop();
  }
}

/**
 * In the page: a click on Refresh stamps the start (performance.now() and the wall clock the
 * account states' fetchedAt compares with); the first DOM change after which every account state
 * is current (not stale, fetchedAt after the click) stamps the end, and the next animation frame
 * the painted end. Answers nothing; `window.__benchRefresh` holds the last run.
 */
function installRefreshTimer() {
  window.__benchRefresh = null;
  document.addEventListener(
    "click",
    (e) => {
      if (!(e.target instanceof Element) || !e.target.closest('[data-testid="refresh"]')) return;
      window.__benchRefresh = { startWall: Date.now(), start: performance.now(), end: null, painted: null };
    },
    true,
  );
  const check = () => {
    const run = window.__benchRefresh;
    if (!run || run.end !== null) return;
    const states = [...document.querySelectorAll('[data-testid^="account-state-"]')];
    if (states.length === 0) return;
    const current = states.every((li) => li.dataset.stale === "false" && Date.parse(li.dataset.fetchedAt ?? "") >= run.startWall);
    if (!current) return;
    run.end = performance.now();
    requestAnimationFrame(() => {
      run.painted = performance.now();
    });
  };
  new MutationObserver(check).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["data-fetched-at", "data-stale"],
  });
}

/** The machine's CPU time so far, busy and in all, in clock ticks summed over the cores (/proc/stat). */
function cpuTicks() {
  const fields = /^cpu\s+(.+)$/m.exec(readFileSync("/proc/stat", "utf8"))[1].trim().split(/\s+/).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  // idle and iowait are the 4th and 5th fields.
  return { busy: total - fields[3] - fields[4], total };
}
const CORES = readFileSync("/proc/cpuinfo", "utf8").match(/^processor\s*:/gm).length;

/**
 * Launch the app on `dataDir` (`accounts` of them), wait out its start refresh, then time `presses`
 * clicks on Refresh. Also answers how many of the machine's cores were busy during each (the
 * sandbox, the app, WebKit and Xvfb share them): near every core, the refresh is bound by the CPU.
 */
async function refreshTimes(dataDir, accounts, presses = 3) {
  return withApp({ application: APP, dataDir }, async ({ browser }) => {
    await waitForStartRefresh(browser, accounts);
    await browser.execute(installRefreshTimer);
    const times = [];
    const busyCores = [];
    for (let i = 0; i < presses; i++) {
      await sleep(1000);
      // The page's wall clock and ours are the same: a run stamped before this is an earlier one.
      const pressed = Date.now();
      const cpuBefore = cpuTicks();
      await browser.$(byTestId("refresh")).click();
      let run = null;
      await browser.waitUntil(
        async () => {
          run = await browser.execute(() => window.__benchRefresh);
          return run !== null && run.startWall >= pressed && run.painted !== null;
        },
        { timeout: 60_000, interval: 25, timeoutMsg: `the refresh did not bring every account up to date: ${JSON.stringify(await accountStates(browser))}` },
      );
      const cpuAfter = cpuTicks();
      times.push(run.painted - run.start);
      busyCores.push((CORES * (cpuAfter.busy - cpuBefore.busy)) / Math.max(1, cpuAfter.total - cpuBefore.total));
      // Refresh enabled again before the next press.
      await waitForStartRefresh(browser, accounts);
    }
    return { times, busyCores };
  });
}

async function refresh() {
  console.log(`\n==== Refresh in the app: 4 providers × 5 accounts × 200 servers, ${LATENCY_MS} ms latency`);
  const sandbox = await startSandbox({
    args: ["--accounts", "5", "--servers", "200", "--action-delay-ms", "1000", "--port-base", String(PORTS_REFRESH)],
    timeoutMs: 120_000,
  });
  try {
    // startSandbox answers once each provider has printed one account; the rest follow.
    const deadline = Date.now() + 30_000;
    while (!KINDS.every((k) => sandbox.credentials[k]?.length >= 5)) {
      if (Date.now() > deadline) throw new Error(`the sandbox printed too few accounts: ${JSON.stringify(sandbox.credentials)}`);
      await sleep(50);
    }
    // Every account in one data dir; each provider's first account alone in its own.
    const all = newDir("fleetdeck-bench-refresh-all-");
    const alone = {};
    for (const kind of KINDS) {
      for (const cred of sandbox.credentials[kind]) addAccount(all, kind, sandbox.endpoints[kind], cred);
      alone[kind] = newDir(`fleetdeck-bench-refresh-${kind}-`);
      addAccount(alone[kind], kind, sandbox.endpoints[kind], sandbox.credentials[kind][0]);
    }
    const accounts = KINDS.reduce((n, k) => n + sandbox.credentials[k].length, 0);
    // The caches (and Cloude.ro's sessions, in the keyring) are written before the latency.
    const listed = listThroughCli(all).length;
    for (const kind of KINDS) listThroughCli(alone[kind]);
    for (const kind of KINDS) {
      const answer = await fetch(`${sandbox.endpoints.admin}/admin/faults/${kind}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ latency: { minMs: LATENCY_MS } }),
      });
      if (!answer.ok) throw new Error(`PUT /admin/faults/${kind}: ${answer.status}`);
    }
    console.log(`seeded ${accounts} accounts (${listed} servers) in ${all}; latency ${LATENCY_MS} ms on ${KINDS.join(", ")}`);

    const busyText = (cores) => `busy cores during each: ${cores.map((c) => fmt(c, 2)).join(", ")} of ${CORES}`;
    const { times: allTimes, busyCores } = await refreshTimes(all, accounts);
    const allMs = median(allTimes);
    console.log(`Refresh, all ${accounts} accounts (click → every account current, next frame): ${allTimes.map((t) => fmt(t)).join(", ")} ms; median ${fmt(allMs)} ms; ${busyText(busyCores)}`);
    let slowest = null;
    for (const kind of KINDS) {
      const { times, busyCores: aloneCores } = await refreshTimes(alone[kind], 1);
      const ms = median(times);
      console.log(`Refresh, ${sandbox.credentials[kind][0].label} alone: ${times.map((t) => fmt(t)).join(", ")} ms; median ${fmt(ms)} ms; ${busyText(aloneCores)}`);
      if (slowest === null || ms > slowest.ms) slowest = { kind, label: sandbox.credentials[kind][0].label, ms };
    }
    console.log(`ratio all accounts / slowest account alone (${slowest.label}): ${fmt(allMs / slowest.ms, 2)} (target ≤ 1.3)`);
    ratioRow(
      `Refresh in the app: all ${accounts} accounts / slowest alone (${slowest.label}), medians`,
      `${fmt(allMs)} ms / ${fmt(slowest.ms)} ms (all: ${fmt(median(busyCores), 2)} of ${CORES} cores busy)`,
      allMs / slowest.ms,
      1.3,
    );
  } finally {
    await sandbox.stop();
  }
}

/**
 * In the page: a keydown (or input) on the search box, captured, opens a measurement stamped with
 * performance.now(); the first mutation of the table after it stamps `mutated` and the next animation
 * frame `painted`. A keystroke that changes nothing in the table is counted apart (`unchanged`, once
 * the next one starts). `window.__benchKeys.recording` false ignores keystrokes.
 */
function installKeystrokeTimer() {
  const input = document.querySelector('[data-testid="server-search"]');
  const table = document.querySelector('[data-testid="server-table-scroll"]');
  const keys = { recording: false, pending: null, done: [], unchanged: 0 };
  window.__benchKeys = keys;
  const open = () => {
    if (!keys.recording) return;
    if (keys.pending !== null && keys.pending.mutated === null) keys.unchanged++;
    keys.pending = { start: performance.now(), mutated: null, painted: null };
  };
  input.addEventListener("keydown", open, true);
  input.addEventListener(
    "input",
    () => {
      // An input without its keydown (none came through): still one keystroke.
      if (keys.recording && (keys.pending === null || keys.pending.mutated !== null)) open();
    },
    true,
  );
  new MutationObserver(() => {
    const run = keys.pending;
    if (run === null || run.mutated !== null) return;
    run.mutated = performance.now();
    requestAnimationFrame(() => {
      run.painted = performance.now();
      keys.done.push(run);
    });
  }).observe(table, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** In the page: the search box emptied as React sees it (the value setter, then an input event). */
function clearSearch() {
  const input = document.querySelector('[data-testid="server-search"]');
  window.__benchKeys.recording = false;
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, "");
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

/** In the page: scroll the table's scroll container by `step` px every animation frame for `ms`; answers the frame intervals. */
function scrollFrames(ms, step) {
  const scroller = document.querySelector('[data-testid="server-table-scroll"]');
  scroller.scrollTop = 0;
  return new Promise((resolve) => {
    const intervals = [];
    let last = null;
    let start = null;
    const frame = (now) => {
      if (last !== null) intervals.push(now - last);
      last = now;
      start ??= now;
      if (now - start >= ms) {
        resolve({ intervals, scrolled: scroller.scrollTop, height: scroller.scrollHeight });
        return;
      }
      // Down, and back up from the bottom (step 0: no scrolling, the idle frame rate).
      if (step !== 0 && scroller.scrollTop + scroller.clientHeight + step > scroller.scrollHeight) step = -Math.abs(step);
      if (scroller.scrollTop - Math.abs(step) < 0 && step < 0) step = Math.abs(step);
      if (step !== 0) scroller.scrollTop += step;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/**
 * In the empty window's page: a scroller of the app table's size holding `rows` static rows of
 * `cells` text cells, `rowHeight` px each, under the app table's test id (so scrollFrames scrolls
 * it). No script runs while it scrolls: its frame intervals are what WebKit's painting alone costs
 * on this machine for a viewport of table rows.
 */
function staticTable(width, height, rowHeight, rows, cells) {
  const scroller = document.createElement("div");
  scroller.dataset.testid = "server-table-scroll";
  Object.assign(scroller.style, { width: `${width}px`, height: `${height}px`, overflow: "auto", font: "13px sans-serif" });
  const words = ["web-nyc-167", "running", "LetsCloud", "acme", "nyc1", "203.0.113.17", "2 vCPU · 4 GB", "3 days ago", "prod"];
  const body = document.createDocumentFragment();
  for (let r = 0; r < rows; r++) {
    const row = document.createElement("div");
    Object.assign(row.style, { display: "flex", height: `${rowHeight}px`, alignItems: "center", borderBottom: "1px solid #ddd" });
    if (r % 2) row.style.background = "#f6f7f9";
    for (let c = 0; c < cells; c++) {
      const cell = document.createElement("span");
      Object.assign(cell.style, { flex: "1", padding: "0 8px", overflow: "hidden", whiteSpace: "nowrap" });
      cell.textContent = `${words[(r + c) % words.length]} ${r}`;
      row.append(cell);
    }
    body.append(row);
  }
  scroller.append(body);
  document.body.replaceChildren(scroller);
  return scroller.scrollHeight;
}

async function input() {
  console.log("\n==== keystrokes in the search box and scrolling, 10,000 servers loaded");
  const { dataDir } = await fleet(10_000);
  // Names of the seeded fleet: each further character narrows the rows shown (about 46 characters in all).
  const words = ["web-nyc-167", "cache-sao-29", "proxy-mia-301", "vpn-nyc-42"];
  const sandbox = await sandboxOf(10_000, PORTS_10K);
  let measured;
  try {
    measured = await withApp({ application: APP, dataDir }, async ({ browser }) => {
      await waitForCount(browser, 10_000);
      await waitForStartRefresh(browser, 1);
      await sleep(2000);
      await browser.execute(installKeystrokeTimer);
      const search = await browser.$(byTestId("server-search"));
      let typed = 0;
      let timedOut = 0;
      for (const word of words) {
        await browser.execute(clearSearch);
        await waitForCount(browser, 10_000, 30_000);
        await sleep(300);
        await browser.execute(() => {
          window.__benchKeys.recording = true;
          window.__benchKeys.pending = null;
        });
        for (const ch of word) {
          const before = await browser.execute(() => window.__benchKeys.done.length);
          await search.addValue(ch);
          typed++;
          // One keystroke at a time: the next once this one's frame is painted (or after 1 s: nothing changed).
          const done = await browser
            .waitUntil(async () => (await browser.execute(() => window.__benchKeys.done.length)) > before, { timeout: 1000, interval: 10 })
            .then(() => true)
            .catch(() => false);
          if (!done) timedOut++;
          await sleep(100);
        }
      }
      const result = await browser.execute(() => ({
        latencies: window.__benchKeys.done.map((r) => r.painted - r.start),
        toMutation: window.__benchKeys.done.map((r) => r.mutated - r.start),
        unchanged: window.__benchKeys.unchanged,
      }));
      await browser.execute(clearSearch);
      const lat = result.latencies;
      console.log(
        `keystrokes: ${typed} typed (${words.join(" ")}, cleared between words), ${lat.length} changed the table and were timed, ${typed - lat.length} did not change it within 1 s (not timed)`,
      );
      console.log(`  keydown → table mutation → next frame: p50 ${fmt(percentile(lat, 50), 1)} ms, p95 ${fmt(percentile(lat, 95), 1)} ms, max ${fmt(Math.max(...lat), 1)} ms (target p95 ≤ 50)`);
      console.log(`  keydown → table mutation alone: p50 ${fmt(percentile(result.toMutation, 50), 1)} ms, p95 ${fmt(percentile(result.toMutation, 95), 1)} ms`);
      console.log(`  each (ms): ${lat.map((t) => fmt(t)).join(" ")}`);
      absoluteRow("keystroke in the search box, 10,000 servers (p95)", percentile(lat, 95), "ms", 50, {
        digits: 1,
        value: `${fmt(percentile(lat, 95), 1)} ms (p50 ${fmt(percentile(lat, 50), 1)} ms, ${lat.length} keystrokes)`,
      });

      await waitForCount(browser, 10_000, 30_000);
      await sleep(500);
      // The window's frame rate with nothing to do (step 0): what scrolling is compared to.
      const idle = (await browser.execute(scrollFrames, 1000, 0)).intervals;
      console.log(`animation frames of the idle window (1 s, ${idle.length} frames): interval mean ${fmt(mean(idle), 1)} ms, p95 ${fmt(percentile(idle, 95), 1)} ms`);
      const scroll = await browser.execute(scrollFrames, 3000, 120);
      const frames = scroll.intervals;
      console.log(
        `scrolling the table (120 px a frame for 3 s, ${frames.length} frames): frame interval mean ${fmt(mean(frames), 1)} ms, p95 ${fmt(percentile(frames, 95), 1)} ms, max ${fmt(Math.max(...frames), 1)} ms (target mean < 16)`,
      );
      const shape = await browser.execute(() => {
        const scroller = document.querySelector('[data-testid="server-table-scroll"]');
        const row = scroller.querySelector('[data-testid^="server-row-"]');
        return {
          width: scroller.clientWidth,
          height: scroller.clientHeight,
          rowHeight: row ? Math.round(row.getBoundingClientRect().height) : 32,
          cells: row ? row.children.length : 8,
        };
      });
      return { frames, shape };
    });
  } finally {
    await sandbox.stop();
  }
  const { frames, shape } = measured;
  // The same scrolling with no script at all: a static table of the app table's size in the empty
  // window, what painting alone costs a frame on this stack.
  const still = await withApp({ application: EMPTY, dataDir: newDir("fleetdeck-bench-empty-") }, async ({ browser }) => {
    await browser.waitUntil(async () => (await browser.execute(() => document.readyState)) === "complete", { timeout: 30_000 });
    await browser.execute(staticTable, shape.width, shape.height, shape.rowHeight, 10_000, shape.cells);
    await sleep(500);
    return (await browser.execute(scrollFrames, 3000, 120)).intervals;
  });
  console.log(
    `scrolling a static table of the same size (${shape.width}×${shape.height} px, rows of ${shape.rowHeight} px, ${shape.cells} cells a row, no script) in the empty window: frame interval mean ${fmt(mean(still), 1)} ms, p95 ${fmt(percentile(still, 95), 1)} ms`,
  );
  absoluteRow("scrolling 10,000 rows, mean frame interval", mean(frames), "ms", 16, {
    strict: true,
    digits: 1,
    value: `${fmt(mean(frames), 1)} ms (p95 ${fmt(percentile(frames, 95), 1)} ms; a static table of its size in the empty window: ${fmt(mean(still), 1)} ms)`,
  });
}

// ---------------------------------------------------------------------------------------------

const TARGETS = {
  installers: [[".deb size", "≤ 10 MB"]],
  ui: [["filter + sort of 10,000 servers (vitest bench, mean)", "≤ 50 ms"]],
  cold: [
    ["cold start to the first server row (median)", "≤ 1000 ms"],
    ["cold start, app / empty window (medians)", "≤ 1.15"],
  ],
  pss: [
    ["idle PSS, app with 1,000 servers / empty window", "≤ 1.2"],
    ["idle PSS, app with 10,000 servers / empty window", "≤ 1.5"],
  ],
  growth: [
    ["no growth: app process PSS, end / minute 1", "≤ 1.05"],
    ["no growth: web process PSS, end / minute 1", "≤ 1.05"],
  ],
  refresh: [["Refresh in the app: all accounts / slowest alone", "≤ 1.3"]],
  input: [
    ["keystroke in the search box, 10,000 servers (p95)", "≤ 50 ms"],
    ["scrolling 10,000 rows, mean frame interval", "< 16 ms"],
  ],
};

async function main() {
  const bodies = { installers, ui: uiBench, cold, pss, growth, refresh, input };
  let failed = false;
  for (const section of SECTIONS) {
    if (!runs(section)) {
      for (const [figure, target] of TARGETS[section]) missingRow(figure, target, "not run (BENCH_ONLY)");
      continue;
    }
    const before = summary.length;
    try {
      await bodies[section]();
    } catch (e) {
      failed = true;
      console.error(`section ${section} failed:`, e);
      summary.splice(before);
      for (const [figure, target] of TARGETS[section]) missingRow(figure, target, `failed: ${String(e.message ?? e).split("\n")[0].slice(0, 80)}`);
    }
  }
  const escape = (s) => String(s).replace(/\|/g, "\\|");
  const table = [
    "| figure | value | target | ratio / met |",
    "| --- | --- | --- | --- |",
    ...summary.map((r) => `| ${escape(r.figure)} | ${escape(r.value)} | ${escape(r.target)} | ${escape(r.result)} |`),
  ].join("\n");
  const when = new Date().toISOString();
  const settings = `BENCH_RUNS=${RUNS}, BENCH_GROWTH_SECONDS=${GROWTH_SECONDS}${ONLY.length ? `, BENCH_ONLY=${ONLY.join(",")}` : ""}`;
  console.log(`\n==== summary (${when}; ${settings})\n\n${table}\n`);
  const out = path.join(ROOT, "target", "bench-app-summary.md");
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `<!-- scripts/bench-app.sh, ${when}; ${settings} -->\n\n${table}\n`);
  console.log(`(written to ${path.relative(ROOT, out)})`);
  if (failed) process.exitCode = 1;
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
