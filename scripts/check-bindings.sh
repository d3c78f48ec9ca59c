#!/usr/bin/env bash
# Fails when the committed TypeScript bindings (ui/src/bindings) are not what the Rust types generate:
# runs every ts-rs export test of the workspace into a temporary directory and compares both trees
# (a changed, missing or extra file fails). Fix: `cargo test --workspace export_bindings`, commit.
# Extra cargo arguments (features) are passed on, so the test binaries test.sh builds are reused.
set -euo pipefail
cd "$(dirname "$0")/.."

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# The environment wins over .cargo/config.toml's [env] (which points at ui/src/bindings).
TS_RS_EXPORT_DIR="$out" cargo test --workspace "$@" export_bindings >"$out.log" 2>&1 || {
  cat "$out.log" >&2; rm -f "$out.log"; echo "bindings: the export tests failed" >&2; exit 1; }
rm -f "$out.log"
if ! diff -ru ui/src/bindings "$out" >&2; then
  echo "bindings: ui/src/bindings is stale: run \`cargo test --workspace export_bindings\` and commit the result" >&2
  exit 1
fi
echo "bindings: $(find "$out" -name '*.ts' | wc -l) files current"
