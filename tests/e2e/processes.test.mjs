// The process-tree stop of the e2e harness (tests/e2e/processes.mjs) and the leftover check of the
// e2e step (scripts/e2e-leftovers.sh), without a window: fake "drivers" are shell scripts whose
// descendants ignore SIGTERM, leave the process group or outlive the driver, like WebKitWebDriver,
// the app and WebKit's processes did when only tauri-driver got SIGTERM.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { readStat, spawnTree, stopProcessTree } from "./processes.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LEFTOVERS = path.resolve(HERE, "../../scripts/e2e-leftovers.sh");
const GRACE_MS = 1_000;
// Polling /proc and the SIGKILL wait on a loaded 2-core machine.
const MARGIN_MS = 2_500;

const scratch = mkdtempSync(path.join(tmpdir(), "fleetdeck-processes-test-"));
/** Every process a test learned of (pid → start time): SIGKILLed after the file whatever the outcome. */
const startTimes = new Map();
const started = { add: (pid) => startTimes.set(pid, readStat(pid)?.start) };
after(() => {
  for (const [pid, start] of startTimes) {
    // Only the very process recorded, never a later one that reuses its pid.
    if (start === undefined || readStat(pid)?.start !== start) continue;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone, as it should be
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

/** Whether `pid` runs (a zombie has ended; only its reaping is pending). */
function running(pid) {
  const stat = readStat(pid);
  return stat !== null && stat.state !== "Z" && stat.state !== "X";
}

/** Whether `pid` ends within `ms`: a SIGKILL is delivered asynchronously. */
async function endsSoon(pid, ms = 2_000) {
  const deadline = Date.now() + ms;
  while (running(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

function script(name, body) {
  const file = path.join(scratch, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

// A driver whose child stays in its group and ignores SIGTERM, whose other child leaves group and
// session (setsid) and ignores SIGTERM, and a plain child; all hold the driver's stdout and print
// their pid.
const DRIVER = script(
  "fake-driver.sh",
  `sh -c 'trap "" TERM; echo "grouped $$"; exec sleep 300' &
setsid sh -c 'trap "" TERM; echo "escaped $$"; exec sleep 300' &
sh -c 'echo "plain $$"; exec sleep 300' &
wait`,
);

// A driver that starts a detached SIGTERM-proof grandchild and exits: an orphan before any stop.
const EXITING_DRIVER = script(
  "exiting-driver.sh",
  `setsid sh -c 'trap "" TERM; echo "orphan $$"; exec sleep 300' &
sleep 0.3
exit 0`,
);

/** Read `name pid` lines from `stream` until every name in `names` was seen. */
function readPids(stream, names) {
  return new Promise((resolve, reject) => {
    const pids = {};
    let buffered = "";
    const timer = setTimeout(() => reject(new Error(`no pids of ${names} within 10 s: ${buffered}`)), 10_000);
    stream.on("data", (chunk) => {
      buffered += chunk.toString();
      for (const [, name, pid] of buffered.matchAll(/^(\w+) (\d+)$/gm)) {
        pids[name] = Number(pid);
        started.add(Number(pid));
      }
      if (names.every((n) => n in pids)) {
        clearTimeout(timer);
        resolve(pids);
      }
    });
  });
}

/** Resolves true when `stream` ends (every writer closed it) within `ms`, false otherwise. */
function endsWithin(stream, ms) {
  return new Promise((resolve) => {
    if (stream.readableEnded) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    stream.once("end", () => {
      clearTimeout(timer);
      resolve(true);
    });
    stream.resume();
  });
}

describe("stopping a process tree", { timeout: 60_000 }, () => {
  it("a SIGTERM to the driver alone leaves its descendants holding its stdout (the hang)", async () => {
    const driver = spawn(DRIVER, [], { stdio: ["ignore", "pipe", "inherit"], detached: true });
    started.add(driver.pid);
    const pids = await readPids(driver.stdout, ["grouped", "escaped", "plain"]);
    driver.kill("SIGTERM");
    await new Promise((r) => driver.once("exit", r));
    assert.ok(running(pids.grouped) && running(pids.escaped), "the descendants outlive the driver");
    assert.equal(await endsWithin(driver.stdout, 500), false, "their stdout stays open");
    for (const pid of Object.values(pids)) process.kill(pid, "SIGKILL");
  });

  it("stopProcessTree ends the group, the escaped and the SIGTERM-proof descendants within the grace", async () => {
    const { child, stop } = spawnTree(DRIVER, [], { stdio: ["ignore", "pipe", "inherit"], graceMs: GRACE_MS });
    started.add(child.pid);
    const pids = await readPids(child.stdout, ["grouped", "escaped", "plain"]);
    // The setup is what it claims: one descendant shares the driver's group, one left it.
    assert.equal(readStat(pids.grouped).pgid, child.pid);
    assert.notEqual(readStat(pids.escaped).pgid, child.pid);
    assert.notEqual(readStat(pids.escaped).sid, child.pid);

    const begin = Date.now();
    const left = await stop();
    const took = Date.now() - begin;

    assert.deepEqual(left, []);
    for (const [name, pid] of Object.entries({ driver: child.pid, ...pids })) {
      assert.equal(running(pid), false, `${name} ${pid} is gone`);
    }
    assert.ok(took < GRACE_MS + MARGIN_MS, `the stop took ${took} ms (grace ${GRACE_MS} ms)`);
    assert.equal(await endsWithin(child.stdout, 1_000), true, "nothing holds the driver's stdout any more");
  });

  it("ends a descendant orphaned before the stop, through the tree's marker", async () => {
    const { child, stop } = spawnTree(EXITING_DRIVER, [], { stdio: ["ignore", "pipe", "inherit"], graceMs: GRACE_MS });
    started.add(child.pid);
    const { orphan } = await readPids(child.stdout, ["orphan"]);
    await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
    // Neither the ppid links nor the process group lead to it any more.
    assert.notEqual(readStat(orphan).ppid, child.pid);
    assert.notEqual(readStat(orphan).pgid, child.pid);

    assert.deepEqual(await stop(), []);
    assert.equal(running(orphan), false, `the orphan ${orphan} is gone`);
  });

  it("stop() is idempotent: every call answers the same settled stop", async () => {
    const { child, stop } = spawnTree("sleep", ["300"], { stdio: "ignore", graceMs: GRACE_MS });
    started.add(child.pid);
    const first = stop();
    assert.equal(stop(), first);
    assert.deepEqual(await first, []);
    assert.deepEqual(await stop(), []);
    assert.equal(running(child.pid), false);
  });

  // A node process that starts the fake driver through spawnTree, never stops it, and exits when
  // told on stdin (or is sent a signal): the safety net must end the tree.
  const OWNER = `
    import { spawnTree } from ${JSON.stringify(path.join(HERE, "processes.mjs"))};
    spawnTree(${JSON.stringify(DRIVER)}, [], { stdio: ["ignore", "inherit", "inherit"] });
    process.stdin.on("data", () => process.exit(0));
  `;
  for (const how of ["exit", "SIGTERM", "SIGINT"]) {
    it(`kills a tree never stopped when its owner ends (${how})`, async () => {
      const owner = spawn(process.execPath, ["--input-type=module", "-e", OWNER], {
        stdio: ["pipe", "pipe", "pipe"],
      });
      started.add(owner.pid);
      let stderr = "";
      owner.stderr.on("data", (c) => (stderr += c));
      const pids = await readPids(owner.stdout, ["grouped", "escaped", "plain"]);
      if (how === "exit") owner.stdin.write("exit\n");
      else owner.kill(how);
      const code = await new Promise((r) => owner.once("exit", (c) => r(c)));
      assert.equal(code, { exit: 0, SIGTERM: 143, SIGINT: 130 }[how]);
      assert.equal(await endsWithin(owner.stdout, 3_000), true, "nothing holds the owner's stdout");
      for (const [name, pid] of Object.entries(pids)) assert.ok(await endsSoon(pid), `${name} ${pid} is gone`);
      assert.match(stderr, /killing a process tree never stopped/);
    });
  }
});

describe("scripts/e2e-leftovers.sh", { timeout: 60_000 }, () => {
  // `sleep` under a driver's name: /proc/<pid>/comm is the name it was executed as.
  const sleepPath = spawnSync("sh", ["-c", "command -v sleep"], { encoding: "utf8" }).stdout.trim();
  const fakeDriver = path.join(scratch, "tauri-driver");
  symlinkSync(sleepPath, fakeDriver);

  /** A SIGTERM-proof "tauri-driver" with FLEETDECK_E2E_RUN=`marker` in its environment. */
  function leftover(marker) {
    const child = spawn("sh", ["-c", `trap '' TERM; exec ${fakeDriver} 300`], {
      env: { ...process.env, FLEETDECK_E2E_RUN: marker },
      stdio: "ignore",
      detached: true,
    });
    started.add(child.pid);
    return child.pid;
  }

  const check = (marker) =>
    spawnSync("bash", [LEFTOVERS, marker], {
      encoding: "utf8",
      env: { ...process.env, FLEETDECK_E2E_LEFTOVER_GRACE_S: "1" },
      timeout: 30_000,
    });

  it("exits 0 when the run left nothing", () => {
    const result = check(randomUUID());
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, "");
  });

  it("reports and ends a leftover of the run, fails, and leaves another run's process alone", async () => {
    const run = randomUUID();
    const mine = leftover(run);
    const theirs = leftover(randomUUID()); // a developer's own, or another run's
    // exec has happened once comm shows the driver's name.
    const execed = (pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "tauri-driver";
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && !(execed(mine) && execed(theirs))) await new Promise((r) => setTimeout(r, 20));

    const result = check(run);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`\\b${mine}\\b.*tauri-driver`));
    assert.doesNotMatch(result.stderr, new RegExp(`\\b${theirs}\\b`));
    assert.equal(running(mine), false, "the run's leftover is gone (SIGKILL after SIGTERM was ignored)");
    assert.equal(running(theirs), true, "another run's process is untouched");
    process.kill(theirs, "SIGKILL");

    // The check found everything: a second one finds nothing.
    assert.equal(check(run).status, 0);
  });
});
