#!/usr/bin/env bash
# After the e2e run (scripts/test.sh): finds the app, driver, sandbox and WebKit processes that run
# still has, prints them, ends them (SIGTERM, then SIGKILL after a grace) and fails. A process is the
# run's only when its environment carries FLEETDECK_E2E_RUN=<MARKER> (set for the run by test.sh and
# inherited down the tree), so a developer's own app or driver is never touched.
#   scripts/e2e-leftovers.sh MARKER    exit 0: nothing left; 1: leftovers found (and ended)
set -uo pipefail
marker="${1:?usage: scripts/e2e-leftovers.sh MARKER}"
grace_s="${FLEETDECK_E2E_LEFTOVER_GRACE_S:-5}"
# /proc/<pid>/comm is cut at 15 characters: fleetdeck-desktop is "fleetdeck-deskt".
names='^(fleetdeck-|tauri-driver|WebKit)'

# The state letter of /proc/<pid>/stat (after the command name, which may hold ") ").
state_of() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  printf '%s' "${stat%% *}"
}

marked() { grep -qzxF "FLEETDECK_E2E_RUN=$marker" "/proc/$1/environ" 2>/dev/null; }

# Live (not zombie) app, driver, sandbox and WebKit processes of the run.
find_run_processes() {
  local dir pid comm state
  for dir in /proc/[0-9]*; do
    pid="${dir#/proc/}"
    { read -r comm <"$dir/comm"; } 2>/dev/null || continue
    [[ $comm =~ $names ]] || continue
    marked "$pid" || continue
    state="$(state_of "$pid")" || continue
    [ "$state" = Z ] || [ "$state" = X ] || echo "$pid"
  done
}

# Signal every leftover, and the whole process group of one when every member of that group is
# of the run too (a group shared with anything else is never signalled as a group).
signal_leftovers() {
  local signal="$1" pid pgid member whole
  shift
  declare -A groups=()
  for pid in "$@"; do
    pgid="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" && [ -n "$pgid" ] && groups[$pgid]=1
  done
  for pgid in "${!groups[@]}"; do
    whole=1
    for member in $(ps -e -o pid= -o pgid= | awk -v g="$pgid" '$2 == g { print $1 }'); do
      marked "$member" || { whole=""; break; }
    done
    [ -n "$whole" ] && kill "-$signal" -- "-$pgid" 2>/dev/null
  done
  kill "-$signal" "$@" 2>/dev/null
  return 0
}

mapfile -t left < <(find_run_processes)
[ "${#left[@]}" -eq 0 ] && exit 0

echo "e2e-leftovers: processes of this e2e run still running after it ended:" >&2
ps -o pid,ppid,pgid,sid,etime,cmd -p "$(IFS=,; echo "${left[*]}")" >&2
signal_leftovers TERM "${left[@]}"
for _ in $(seq $((grace_s * 10))); do
  mapfile -t left < <(find_run_processes)
  [ "${#left[@]}" -eq 0 ] && break
  sleep 0.1
done
if [ "${#left[@]}" -gt 0 ]; then
  echo "e2e-leftovers: still running after SIGTERM + ${grace_s} s, SIGKILL: ${left[*]}" >&2
  signal_leftovers KILL "${left[@]}"
  for _ in $(seq 50); do
    mapfile -t left < <(find_run_processes)
    [ "${#left[@]}" -eq 0 ] && break
    sleep 0.1
  done
  [ "${#left[@]}" -eq 0 ] || echo "e2e-leftovers: could not end: ${left[*]}" >&2
fi
exit 1
