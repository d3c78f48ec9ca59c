#!/usr/bin/env bash
# A real LXD daemon on this machine for the vz/LXD client's integration tests
# (src-tauri/crates/provider-lxd/tests/real_lxd.rs). Idempotent: every step checks first.
#
# Usage:  eval "$(scripts/lxd-test-daemon.sh start)"   # install, start, prepare; print the test env
#         scripts/lxd-test-daemon.sh env                # print the test env of a running daemon
#         scripts/lxd-test-daemon.sh stop               # shut the daemon down (state is kept)
#
# start: installs Debian's lxd 5.0 (+ lxd-client, busybox-static, nftables, openssl) when missing,
# starts the daemon without systemd, initialises a `dir` storage pool and the default profile (no
# network: `lxd init --auto` finds no free subnet here), listens on https://127.0.0.1:$PORT, makes
# a client certificate and trusts it, and imports a tiny busybox image under the alias `busybox`.
#
# Env contract (stdout carries only these `export` lines; progress goes to stderr):
#   FLEETDECK_LXD_URL          https://127.0.0.1:<port>  (the REST API over HTTPS)
#   FLEETDECK_LXD_CERT         PEM file of the trusted client certificate
#   FLEETDECK_LXD_KEY          PEM file of its private key
#   FLEETDECK_LXD_FINGERPRINT  SHA-256 (lowercase hex) of the server certificate, to pin
#   FLEETDECK_LXD_IMAGE        alias of the busybox image (`busybox`)
# Inputs: FLEETDECK_LXD_PORT (default 8443), FLEETDECK_LXD_STATE (client files and the daemon's log;
# default /var/tmp/fleetdeck-lxd). The daemon's own state is /var/lib/lxd (`rm -rf /var/lib/lxd/*`
# with the daemon stopped resets it). Needs root (apt, the daemon).
set -euo pipefail

PORT="${FLEETDECK_LXD_PORT:-8443}"
STATE="${FLEETDECK_LXD_STATE:-/var/tmp/fleetdeck-lxd}"
SERVER_CRT=/var/lib/lxd/server.crt
log() { echo "lxd-test-daemon: $*" >&2; }

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

install_packages() {
  local missing=""
  for p in lxd lxd-client busybox-static nftables openssl; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    log "installing$missing"
    $SUDO apt-get update >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing >&2
  fi
}

# A daemon process exists (ours, or a packaged one started by systemd). Checked by process, not by a
# quick API call: on a loaded machine (2 cores, a build running) that call can be slow, and a second
# daemon must never be started next to a running one.
daemon_running() { pgrep -f '^/usr/bin/lxd --group' >/dev/null 2>&1; }
daemon_ready() { daemon_running && $SUDO lxd waitready --timeout="${1:-30}" >/dev/null 2>&1; }

start_daemon() {
  mkdir -p "$STATE"
  if daemon_running; then
    log "daemon already running"
    $SUDO lxd waitready --timeout=120
    return
  fi
  log "starting the daemon"
  # No systemd here: run it detached, in its own session, logging to the state directory.
  $SUDO nohup setsid /usr/bin/lxd --group root --logfile "$STATE/lxd.log" >/dev/null 2>&1 &
  echo $! > "$STATE/lxd.pid"
  $SUDO lxd waitready --timeout=120
}

init_daemon() {
  if ! $SUDO lxc storage show default >/dev/null 2>&1; then
    log "initialising storage and the default profile"
    $SUDO lxd init --preseed >&2 <<'YAML'
storage_pools: [{name: default, driver: dir}]
profiles: [{name: default, devices: {root: {path: /, pool: default, type: disk}}}]
YAML
  fi
  if [ "$($SUDO lxc config get core.https_address)" != "127.0.0.1:$PORT" ]; then
    log "listening on https://127.0.0.1:$PORT"
    $SUDO lxc config set core.https_address "127.0.0.1:$PORT"
  fi
}

trust_client() {
  if [ ! -s "$STATE/client.crt" ] || [ ! -s "$STATE/client.key" ]; then
    log "making a client certificate"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -sha384 -nodes \
      -keyout "$STATE/client.key" -out "$STATE/client.crt" -days 3650 -subj /CN=fleetdeck-test 2>/dev/null
    chmod 600 "$STATE/client.key"
  fi
  local fp
  fp="$(openssl x509 -in "$STATE/client.crt" -outform DER | sha256sum | cut -d' ' -f1)"
  if ! $SUDO lxc config trust list --format csv | grep -q "${fp:0:12}"; then
    log "trusting the client certificate ${fp:0:12}"
    $SUDO lxc config trust add "$STATE/client.crt" --name fleetdeck-test >&2
  fi
}

import_image() {
  if $SUDO lxc image alias list --format csv | grep -q '^busybox,'; then
    return
  fi
  log "building and importing the busybox image"
  local work
  work="$(mktemp -d)"
  local root="$work/rootfs"
  mkdir -p "$root"/{bin,sbin,etc,dev,proc,sys,tmp,root,run,var}
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  ln -sf ../bin/busybox "$root/sbin/init"
  printf '::sysinit:/bin/hostname -F /etc/hostname\n::respawn:/bin/sleep 3600\n' > "$root/etc/inittab"
  echo busybox > "$root/etc/hostname"
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
  cat > "$work/metadata.yaml" <<YAML
architecture: x86_64
creation_date: $(date +%s)
properties:
  os: busybox
  release: "$(/bin/busybox | head -1 | awk '{print $2}')"
  description: busybox (fleetdeck tests)
YAML
  tar -C "$work" -czf "$work/image.tar.gz" metadata.yaml rootfs
  $SUDO lxc image import "$work/image.tar.gz" --alias busybox >&2
  rm -rf "$work"
}

print_env() {
  local fp
  fp="$(openssl x509 -in "$SERVER_CRT" -outform DER | sha256sum | cut -d' ' -f1)"
  echo "export FLEETDECK_LXD_URL=https://127.0.0.1:$PORT"
  echo "export FLEETDECK_LXD_CERT=$STATE/client.crt"
  echo "export FLEETDECK_LXD_KEY=$STATE/client.key"
  echo "export FLEETDECK_LXD_FINGERPRINT=$fp"
  echo "export FLEETDECK_LXD_IMAGE=busybox"
}

case "${1:-start}" in
  start)
    install_packages
    start_daemon
    init_daemon
    trust_client
    import_image
    print_env
    ;;
  env)
    daemon_ready || { log "the daemon is not running: run '$0 start'"; exit 1; }
    print_env
    ;;
  stop)
    if daemon_ready; then
      log "shutting the daemon down"
      $SUDO lxd shutdown --timeout 30 || true
    fi
    ;;
  *)
    echo "usage: $0 [start|env|stop]" >&2
    exit 2
    ;;
esac
