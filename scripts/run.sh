#!/usr/bin/env bash
# Installs what is missing (scripts/setup.sh), builds the app with its UI embedded, and launches it
# on the sandbox: with no account yet, the app adds one account per simulated provider (the
# embedded simulators; no provider account, no cost). Your own accounts are left as they are.
# With no display (a server, CI) it runs under Xvfb with a private D-Bus session, keyring and data
# directory, so it starts anywhere; close it with Ctrl-C. Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

echo "run: building (debug, UI embedded; the first build takes a few minutes)" >&2
npx tauri build --debug --no-bundle
APP=target/debug/fleetdeck-desktop
export FLEETDECK_START_SANDBOX=1

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display: starting Fleetdeck under Xvfb with a private keyring and data directory" >&2
  # The private keyring is gone when the app exits; accounts kept beside it would lose their secrets.
  FLEETDECK_DATA_DIR="$(mktemp -d -t fleetdeck-run.XXXXXX)"
  export FLEETDECK_DATA_DIR
  exec xvfb-run -a -s '-screen 0 1280x800x24' bash scripts/with-keyring.sh "$APP" "$@"
fi
exec "$APP" "$@"
