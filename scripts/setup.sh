#!/usr/bin/env bash
# Installs everything Fleetdeck needs to build, run and test on Debian 12 (bookworm) or Ubuntu 22.04+.
# Idempotent: each step checks first, so running it again costs a few seconds.
#   apt: Tauri 2's Linux build prerequisites (WebKitGTK 4.1, libsoup 3, appindicator, rsvg, xdo) and
#        what the tests use (Xvfb, WebKitWebDriver, D-Bus, gnome-keyring);
#   npm: the UI, the Tauri CLI and WebdriverIO (`npm ci`, from package-lock.json);
#   cargo: tauri-driver (no npm package exists), and the crates (`cargo fetch`).
# Needs: Rust >= 1.90 (rustup), Node.js >= 20.19 with npm, and root or sudo for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "setup: $*" >&2; }
die() { echo "setup: $*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "run as root or install sudo (apt packages are needed)"
  SUDO="sudo"
fi

APT_BUILD="build-essential pkg-config file patchelf libssl-dev libwebkit2gtk-4.1-dev \
  libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev libxdo-dev"
APT_TEST="xvfb xauth webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-tools"
missing=""
for p in $APT_BUILD $APT_TEST; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  log "apt-get install$missing"
  $SUDO apt-get update
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
fi

command -v cargo >/dev/null || die "Rust is missing: install it with rustup (https://rustup.rs), then run me again"
command -v node >/dev/null || die "Node.js >= 20.19 with npm is missing: install it, then run me again"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node.js $(node --version) is too old: Vite 8 needs >= 20.19"

# npm ci when node_modules is missing or older than the manifests (a marker records the last install).
marker=node_modules/.fleetdeck-npm-ci
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ] || [ package.json -nt "$marker" ] \
   || [ ui/package.json -nt "$marker" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund
  touch "$marker"
fi

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! command -v tauri-driver >/dev/null; then
  log "cargo install tauri-driver (about 40 s)"
  cargo install tauri-driver --version '^2' --locked
fi

cargo fetch >/dev/null
log "done"
