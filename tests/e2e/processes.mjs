// Process trees the e2e harness starts, and how they end. tauri-driver starts WebKitWebDriver, which
// starts the app, which starts WebKitWebProcess/WebKitNetworkProcess; SIGTERM to tauri-driver alone
// orphans the rest, and an orphan that holds the test file's stdout/stderr keeps `node --test` from
// ever exiting (the hang scripts/test.sh now bounds and checks with scripts/e2e-leftovers.sh).
// So each started process gets its own process group (`spawn(..., { detached: true })`) and a marker
// in its environment, and `stopProcessTree` ends the group, every descendant recorded through the
// /proc ppid links (one that left the group is still found) and every process carrying the marker
// (one already orphaned before the stop is still found). Linux only, like the e2e step.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, writeSync } from "node:fs";

/** The variable that tags every process of one started tree (inherited by all its descendants). */
export const TREE_MARKER_VAR = "FLEETDECK_E2E_TREE";

/** The grace between SIGTERM and SIGKILL. */
export const DEFAULT_GRACE_MS = 5_000;

/**
 * `/proc/<pid>/stat` as `{ pid, ppid, pgid, sid, state, start }`, or null when the process is gone.
 * `start` (clock ticks since boot) tells a process from a later one that reuses its pid.
 */
export function readStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name may hold spaces and parentheses: the fields follow its last ')'.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return {
    pid,
    state: fields[0],
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    sid: Number(fields[3]),
    start: fields[19],
  };
}

function allPids() {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function hasMarker(pid, marker) {
  try {
    return readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").includes(`${TREE_MARKER_VAR}=${marker}`);
  } catch {
    return false; // gone, or not ours to read
  }
}

/**
 * Every live process that belongs to the tree of `rootPid`: the root, its descendants (through
 * ppid links), the members of its process group, and, when `marker` is given, every process whose
 * environment carries it. Answers a Map pid → start time. Never includes the calling process.
 */
export function collectTree(rootPid, marker) {
  const stats = new Map();
  for (const pid of allPids()) {
    const stat = readStat(pid);
    if (stat) stats.set(pid, stat);
  }
  const children = new Map();
  for (const stat of stats.values()) {
    if (!children.has(stat.ppid)) children.set(stat.ppid, []);
    children.get(stat.ppid).push(stat.pid);
  }
  const found = new Set();
  const queue = stats.has(rootPid) ? [rootPid] : [];
  for (const stat of stats.values()) {
    if (stat.pgid === rootPid || (marker && hasMarker(stat.pid, marker))) queue.push(stat.pid);
  }
  while (queue.length > 0) {
    const pid = queue.pop();
    if (found.has(pid)) continue;
    found.add(pid);
    for (const child of children.get(pid) ?? []) queue.push(child);
  }
  found.delete(process.pid);
  const tree = new Map();
  for (const pid of found) tree.set(pid, stats.get(pid).start);
  return tree;
}

/** Whether `pid` is still the process recorded with start time `start` and not a zombie. */
function stillRunning(pid, start) {
  const stat = readStat(pid);
  // A zombie has ended; its parent (or init) only has not reaped it yet.
  return stat !== null && stat.start === start && stat.state !== "Z" && stat.state !== "X";
}

function signalTree(rootPid, known, signal) {
  try {
    process.kill(-rootPid, signal); // the whole group, if any member is left
  } catch {
    // ESRCH: the group is empty
  }
  for (const [pid, start] of known) {
    // Only the very process recorded: its pid may already belong to someone else.
    if (!stillRunning(pid, start)) continue;
    try {
      process.kill(pid, signal);
    } catch {
      // ended in between
    }
  }
}

function merge(known, rootPid, marker) {
  for (const [pid, start] of collectTree(rootPid, marker)) known.set(pid, start);
}

function living(known) {
  return [...known].filter(([pid, start]) => stillRunning(pid, start)).map(([pid]) => pid);
}

/**
 * End the tree of `rootPid` (a process-group leader started with `detached: true`): record it,
 * SIGTERM the group and every recorded process, wait up to `graceMs` for all of them to end (new
 * descendants seen meanwhile join the record), then SIGKILL whatever is left and wait until it is
 * gone. Answers the pids that were still running after SIGKILL (empty unless one is stuck in the
 * kernel) so a caller can report them.
 */
export async function stopProcessTree(rootPid, { marker, graceMs = DEFAULT_GRACE_MS, killWaitMs = 5_000 } = {}) {
  const known = new Map();
  merge(known, rootPid, marker);
  signalTree(rootPid, known, "SIGTERM");
  const pause = () => new Promise((r) => setTimeout(r, 50));
  const termDeadline = Date.now() + graceMs;
  while (Date.now() < termDeadline) {
    merge(known, rootPid, marker);
    if (living(known).length === 0) return [];
    await pause();
  }
  merge(known, rootPid, marker);
  signalTree(rootPid, known, "SIGKILL");
  const killDeadline = Date.now() + killWaitMs;
  for (;;) {
    // A process forked between the record and the kill: SIGKILL it too.
    const before = known.size;
    merge(known, rootPid, marker);
    if (known.size !== before) signalTree(rootPid, known, "SIGKILL");
    const left = living(known);
    if (left.length === 0 || Date.now() >= killDeadline) return left;
    await pause();
  }
}

/** Started trees not stopped yet: the safety net below SIGKILLs them when this process ends. */
const liveTrees = new Map();

function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "?";
  }
}

/** SIGKILL every tree not stopped yet, synchronously, saying on stderr what it ends. */
function killLiveTreesNow(why) {
  for (const [rootPid, marker] of liveTrees) {
    const known = collectTree(rootPid, marker);
    const listing = [...known.keys()].map((pid) => `  ${pid} ${commandLine(pid)}`).join("\n");
    // Synchronous: this runs in 'exit', where asynchronous writes are lost.
    writeSync(2, `e2e harness (${why}): killing a process tree never stopped:\n${listing}\n`);
    signalTree(rootPid, known, "SIGKILL");
  }
  liveTrees.clear();
}

let safetyNetInstalled = false;
function installSafetyNet() {
  if (safetyNetInstalled) return;
  safetyNetInstalled = true;
  // 'exit' handlers run synchronously: collectTree and kill are synchronous.
  process.on("exit", () => killLiveTreesNow("exit"));
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ]) {
    process.on(signal, () => {
      killLiveTreesNow(signal);
      process.exit(code);
    });
  }
}

/**
 * Spawn `command` as the leader of a new process group and session, tagged with a fresh marker
 * in its environment. Answers `{ child, marker, stop }`; `stop()` ends the whole tree
 * (`stopProcessTree`), is idempotent (every call answers the same promise) and never rejects.
 * Until it is stopped the tree is SIGKILLed when this process exits or receives SIGINT/SIGTERM.
 */
export function spawnTree(command, args, { env = process.env, stdio, graceMs = DEFAULT_GRACE_MS } = {}) {
  const marker = randomUUID();
  const child = spawn(command, args, { env: { ...env, [TREE_MARKER_VAR]: marker }, stdio, detached: true });
  let stopping = null;
  // A spawn that fails (no such binary) has no pid and nothing to stop.
  if (child.pid !== undefined) {
    installSafetyNet();
    liveTrees.set(child.pid, marker);
  }
  const stop = () => {
    stopping ??= (async () => {
      if (child.pid === undefined) return [];
      try {
        return await stopProcessTree(child.pid, { marker, graceMs });
      } finally {
        liveTrees.delete(child.pid);
      }
    })().catch(() => []);
    return stopping;
  };
  return { child, marker, stop };
}
