#!/usr/bin/env bash
# Runs a command in a private D-Bus session with an unlocked gnome-keyring: a real Secret Service
# for the keyring tests and the app, whose files go to $XDG_DATA_HOME/keyrings (test.sh points that
# at a temporary directory). The daemon exits by itself when the session bus closes.
#   scripts/with-keyring.sh COMMAND [ARGS...]
set -euo pipefail
exec dbus-run-session -- bash -c '
  printf "fleetdeck-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' with-keyring "$@"
