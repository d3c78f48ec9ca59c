#!/usr/bin/env bash
# App benchmarks, run on demand (not by test.sh); prints figures, asserts nothing. The figures and
# their targets (issue 19), measured by benches/app-bench.mjs (its header says how):
#   installers  sizes of the installers built (.deb ≤ 10 MB; .rpm too) and of the release binary;
#   ui          filter + sort of 10,000 servers in the UI (vitest bench, ≤ 50 ms);
#   cold        cold start of the release binary to a painted server list from the cache (≤ 1 s), and
#               against an empty Tauri 2 window's process start → first paint (≤ 1.15×);
#   pss         idle PSS of the whole app process tree with 1,000 servers (≤ 1.2×) and with 10,000
#               (≤ 1.5×) loaded, next to the empty window measured the same way in the same run;
#   growth      Refresh clicked every second for BENCH_GROWTH_SECONDS with 10,000 servers: PSS of the
#               app and of the WebKit web process, end against minute 1 (≤ 1.05× each), threads, fds, jobs;
#   refresh     Refresh in the app, 20 accounts behind 100 ms latency against the slowest alone (≤ 1.3×);
#   input       keystroke latency in the search box with 10,000 servers (p95 ≤ 50 ms) and scrolling
#               frame intervals (mean < 16 ms).
# Ends with one Markdown table of every target, also written to target/bench-app-summary.md.
# Builds first: `npx tauri build --bundles deb,rpm` (release binary + .deb + .rpm) and the empty
# window of benches/empty-window (copied to target/bench-empty-window with the root Cargo.lock, so it
# uses the workspace's tauri; it shares target/ and reuses the app's release tauri artifacts).
# Env: BENCH_SKIP_BUILD=1 measures what is already built; BENCH_RUNS=N cold starts (default 5);
# BENCH_GROWTH_SECONDS=S (default 600); BENCH_ONLY=<comma list of the sections above> runs only those.
#   bash scripts/bench-app.sh
#   BENCH_SKIP_BUILD=1 BENCH_ONLY=cold,pss BENCH_RUNS=2 bash scripts/bench-app.sh
# Nothing lands in $HOME: app data, keyring, WebKit and Mesa caches go to a temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

EMPTY_DIR="$ROOT/target/bench-empty-window"

build() {
  echo "==== release build + .deb + .rpm (npx tauri build --bundles deb,rpm)"
  local start=$SECONDS
  npx tauri build --bundles deb,rpm
  echo "     $((SECONDS - start)) s"

  echo "==== empty Tauri 2 window (benches/empty-window → target/bench-empty-window)"
  start=$SECONDS
  mkdir -p "$EMPTY_DIR"
  cp -r benches/empty-window/. "$EMPTY_DIR/"
  mkdir -p "$EMPTY_DIR/icons"
  cp icons/32x32.png icons/128x128.png icons/icon.png "$EMPTY_DIR/icons/"
  # The workspace's lock file: the same tauri (and every shared dependency) as the app.
  cp Cargo.lock "$EMPTY_DIR/Cargo.lock"
  # …and the workspace's profiles: the same settings give the same artifacts, which cargo reuses.
  awk '/^\[/ { keep = ($0 ~ /^\[profile/) } keep' Cargo.toml >> "$EMPTY_DIR/Cargo.toml"
  cargo build --release --manifest-path "$EMPTY_DIR/Cargo.toml" --target-dir "$ROOT/target" \
    --features tauri/custom-protocol
  echo "     $((SECONDS - start)) s"

  # Release, as scripts/bench-cli.sh: a debug sandbox answering 20 accounts' listings (1,000 vz
  # container requests) on 2 cores is itself the bottleneck of the refresh figure.
  echo "==== CLI + sandbox (release)"
  start=$SECONDS
  cargo build --release -p fleetdeck-cli -p fleetdeck-sandbox --bin fleetdeck --bin fleetdeck-sandbox
  echo "     $((SECONDS - start)) s"
}

if [ -z "${BENCH_APP_INNER:-}" ]; then
  [ -n "${BENCH_SKIP_BUILD:-}" ] || build

  WORK="$(mktemp -d -t fleetdeck-bench.XXXXXX)"
  trap 'rm -rf "$WORK"' EXIT
  export XDG_DATA_HOME="$WORK/xdg-data" XDG_CACHE_HOME="$WORK/xdg-cache" XDG_CONFIG_HOME="$WORK/xdg-config"
  export FLEETDECK_KEYRING_SERVICE="fleetdeck-bench" NO_AT_BRIDGE=1 BENCH_APP_INNER=1
  mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME"
  echo
  echo "==== app benchmarks (Xvfb, private keyring)${BENCH_ONLY:+: $BENCH_ONLY}"
  xvfb-run -a -s '-screen 0 1280x800x24' bash scripts/with-keyring.sh bash "$0"
  exit $?
fi

# Inside Xvfb and the keyring session.
BENCH_APP="$ROOT/target/release/fleetdeck-desktop" \
  BENCH_EMPTY_WINDOW="$ROOT/target/release/fleetdeck-empty-window" \
  BENCH_CLI="$ROOT/target/release/fleetdeck" \
  FLEETDECK_SANDBOX_BIN="$ROOT/target/release/fleetdeck-sandbox" \
  node benches/app-bench.mjs
