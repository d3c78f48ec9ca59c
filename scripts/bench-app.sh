#!/usr/bin/env bash
# App benchmarks, run on demand (not by test.sh); prints figures, asserts nothing:
#   - cold start of the release binary to a painted server list from the cache (target ≤ 1 s),
#   - idle PSS of the whole app process tree with 1,000 servers loaded, next to an empty Tauri 2
#     window measured the same way in the same run (target ≤ 1.3×),
#   - the size of the .deb (target ≤ 15 MB).
# Builds first: `npx tauri build --bundles deb` (release binary + .deb) and the empty window of
# benches/empty-window (copied to target/bench-empty-window with the root Cargo.lock, so it uses
# the workspace's tauri; it shares target/ and reuses the app's release tauri artifacts).
# BENCH_SKIP_BUILD=1 measures what is already built. BENCH_RUNS=N cold starts (default 5).
# Also runs the UI's filter/sort bench of 10,000 servers (ui/src/features/servers/table.bench.ts).
# Nothing lands in $HOME: app data, keyring, WebKit and Mesa caches go to a temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

EMPTY_DIR="$ROOT/target/bench-empty-window"

build() {
  echo "==== release build + .deb (npx tauri build --bundles deb)"
  local start=$SECONDS
  npx tauri build --bundles deb
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

  echo "==== CLI + sandbox (debug: they only seed and serve)"
  cargo build -p fleetdeck-cli -p fleetdeck-sandbox --bin fleetdeck --bin fleetdeck-sandbox
}

if [ -z "${BENCH_APP_INNER:-}" ]; then
  [ -n "${BENCH_SKIP_BUILD:-}" ] || build

  echo
  echo "==== .deb"
  deb="$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)"
  if [ -n "$deb" ]; then
    echo ".deb size: $(stat -c %s "$deb") bytes = $(awk -v b="$(stat -c %s "$deb")" 'BEGIN { printf "%.2f", b / 1048576 }') MiB ($deb; target ≤ 15 MB)"
  else
    echo ".deb: none under target/release/bundle/deb/"
  fi
  echo "release binary: $(stat -c %s target/release/fleetdeck-desktop) bytes"

  echo
  echo "==== filter + sort of 10,000 servers in the UI (vitest bench; ms; target ≤ 50)"
  NO_COLOR=1 FORCE_COLOR=0 npm run --silent -w ui bench 2>&1 | grep -vE '^\s*$' || echo "ui bench failed"

  WORK="$(mktemp -d -t fleetdeck-bench.XXXXXX)"
  trap 'rm -rf "$WORK"' EXIT
  export XDG_DATA_HOME="$WORK/xdg-data" XDG_CACHE_HOME="$WORK/xdg-cache" XDG_CONFIG_HOME="$WORK/xdg-config"
  export FLEETDECK_KEYRING_SERVICE="fleetdeck-bench" NO_AT_BRIDGE=1 BENCH_APP_INNER=1
  mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME"
  echo
  echo "==== cold start and idle PSS (Xvfb, private keyring)"
  xvfb-run -a -s '-screen 0 1280x800x24' bash scripts/with-keyring.sh bash "$0"
  exit $?
fi

# Inside Xvfb and the keyring session.
BENCH_APP="$ROOT/target/release/fleetdeck-desktop" \
  BENCH_EMPTY_WINDOW="$ROOT/target/release/fleetdeck-empty-window" \
  BENCH_CLI="$ROOT/target/debug/fleetdeck" \
  FLEETDECK_SANDBOX_BIN="$ROOT/target/debug/fleetdeck-sandbox" \
  node benches/app-bench.mjs
