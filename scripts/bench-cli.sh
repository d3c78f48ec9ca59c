#!/usr/bin/env bash
# Benchmark of `fleetdeck server list -o json`, run on demand, not in the tests.
#
# The sandbox serves every provider it simulates with ACCOUNTS accounts × SERVERS servers each
# (default 5 × 200) behind LATENCY_MS of injected latency (default 100 ms). Prints the wall time of
#   - the CLI listing every account at once, next to its critical path: the longest chain of
#     requests that depend on each other (dependent round trips × LATENCY_MS; the target: at most
#     2 × this),
#   - (a) the slowest single account listed alone (the target: at most 1.3 × this),
#   - (b) curl fetching the same pages one after another (the target: far below this),
#   - (c) the listing of every account with no latency: the local work (CLI and sandbox) that
#     no concurrency hides, with the CLI's CPU time.
# Dependent round trips per listing: LetsCloud and Cloude.ro 1 (one request; Cloude.ro's session
# is stored by the untimed first run), Cloudzy one per bookmark page (each page names the next),
# vz 2 (the ids, then the details, which depend only on the ids; they go 100 at a time, so 200
# containers take two rounds of them: the account's detected flavour is stored by `account add`,
# so no `GET /1.0` comes first). docs/wire-decisions.md, "List concurrency", says how wide
# each provider's requests go.
#
#   bash scripts/bench-cli.sh                 # release build (as users run it)
#   PROFILE=debug bash scripts/bench-cli.sh   # quicker to build, slower to run
#
# Needs: cargo, curl, python3 (JSON parsing for the curl replay), dbus-run-session + gnome-keyring
# (the CLI keeps secrets in the OS keyring only; the script runs its own private keyring).
set -euo pipefail
cd "$(dirname "$0")/.."

ACCOUNTS=${ACCOUNTS:-5}
SERVERS=${SERVERS:-200}
LATENCY_MS=${LATENCY_MS:-100}
PROFILE=${PROFILE:-release}

# A private Secret Service: re-run this script inside its own D-Bus session with gnome-keyring.
if [ -z "${FLEETDECK_BENCH_INNER:-}" ]; then
  export FLEETDECK_BENCH_INNER=1
  XDG_DATA_HOME="$(mktemp -d)"
  export XDG_DATA_HOME
  exec dbus-run-session -- bash -c \
    'echo -n bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec bash "$0"' "$0"
fi

echo "== building ($PROFILE)" >&2
if [ "$PROFILE" = release ]; then
  cargo build --release -p fleetdeck-cli -p fleetdeck-sandbox --bin fleetdeck --bin fleetdeck-sandbox >&2
  BIN=target/release
else
  cargo build -p fleetdeck-cli -p fleetdeck-sandbox --bin fleetdeck --bin fleetdeck-sandbox >&2
  BIN=target/debug
fi

WORK="$(mktemp -d)"
SB_PID=""
cleanup() {
  if [ -n "$SB_PID" ]; then
    kill "$SB_PID" 2>/dev/null || true
    wait "$SB_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN/fleetdeck-sandbox" serve --accounts "$ACCOUNTS" --servers "$SERVERS" --action-delay-ms 1000 \
  >"$WORK/sandbox.out" 2>"$WORK/sandbox.err" &
SB_PID=$!
for _ in $(seq 1 300); do
  grep -q '^# seeded accounts' "$WORK/sandbox.out" 2>/dev/null && break
  sleep 0.1
done
grep -q '^# seeded accounts' "$WORK/sandbox.out" || { cat "$WORK/sandbox.err" >&2; echo "sandbox did not start" >&2; exit 1; }
sleep 0.3 # the credential lines follow the header
ADMIN="$(awk '$1 == "admin" { print $2 }' "$WORK/sandbox.out")"

export FLEETDECK_DATA_DIR="$WORK/data"
export FLEETDECK_KEYRING_SERVICE="fleetdeck-bench-$$"
FD="$BIN/fleetdeck"
now_ms() { date +%s%3N; }
json_get() { python3 -c "$1" ; }

# Accounts: "<kind> <label> user=<u> password=<p>" or "<kind> <label> token=<t>".
declare -a NAMES KINDS URLS USERS SECRETS
while read -r kind label rest; do
  case "$kind" in letscloud|cloudero|cloudzy|vz) ;; *) continue ;; esac
  url="$(awk -v k="$kind" '$1 == k && $2 ~ /^http/ { print $2 }' "$WORK/sandbox.out")"
  user=""; secret=""
  for kv in $rest; do
    case "$kv" in user=*) user="${kv#user=}" ;; password=*) secret="${kv#password=}" ;; token=*) secret="${kv#token=}" ;; esac
  done
  NAMES+=("$label"); KINDS+=("$kind"); URLS+=("$url"); USERS+=("$user"); SECRETS+=("$secret")
done < <(sed -n '/^# seeded accounts/,$p' "$WORK/sandbox.out")

echo "== adding ${#NAMES[@]} accounts" >&2
for i in "${!NAMES[@]}"; do
  args=(account add "${NAMES[$i]}" --provider "${KINDS[$i]}" --endpoint "${URLS[$i]}" --secret-stdin)
  [ -n "${USERS[$i]}" ] && args+=(--username "${USERS[$i]}")
  printf '%s' "${SECRETS[$i]}" | "$FD" "${args[@]}" >/dev/null
done

# Every simulated provider's injected latency, in ms.
set_latency() {
  for kind in $(printf '%s\n' "${KINDS[@]}" | sort -u); do
    curl -fsS -X PUT "$ADMIN/admin/faults/$kind" -H 'content-type: application/json' \
      -d "{\"latency\":{\"minMs\":$1}}" >/dev/null
  done
}
set_latency "$LATENCY_MS"

# One untimed run: Cloude.ro logins happen here and their sessions go to the keyring, as in daily use.
"$FD" -o json server list >/dev/null

echo "== fleetdeck server list over every account" >&2
t0=$(now_ms)
"$FD" -o json server list >"$WORK/all.json"
ALL_MS=$(( $(now_ms) - t0 ))
COUNT=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/all.json")

# The same listing with no latency at all: the CLI's own work (decoding every answer, the cache
# writes, printing) and the sandbox's, which no concurrency hides; with its CPU time.
set_latency 0
t0=$(now_ms)
LOCAL_CPU="$( { TIMEFORMAT='%U %S'; time "$FD" -o json server list >/dev/null 2>&1; } 2>&1)"
LOCAL_MS=$(( $(now_ms) - t0 ))
set_latency "$LATENCY_MS"

echo "== each account alone" >&2
SLOWEST_MS=0; SLOWEST=""
for name in "${NAMES[@]}"; do
  t0=$(now_ms)
  "$FD" -o json server list --account "$name" >/dev/null
  ms=$(( $(now_ms) - t0 ))
  if [ "$ms" -gt "$SLOWEST_MS" ]; then SLOWEST_MS=$ms; SLOWEST=$name; fi
done

# (b): the same pages with curl, one request after another. Logins (Cloude.ro) happen first,
# outside the clock, as the CLI's timed runs reuse their stored sessions.
echo "== curl, sequentially" >&2
declare -a TOKENS
for i in "${!NAMES[@]}"; do
  TOKENS[$i]="${SECRETS[$i]}"
  if [ "${KINDS[$i]}" = cloudero ]; then
    TOKENS[$i]="$(curl -fsS -X POST "${URLS[$i]}/v1/user/login" \
      --data-urlencode "username=${USERS[$i]}" --data-urlencode "password=${SECRETS[$i]}" |
      python3 -c '
import json, sys
def find(v):
    if isinstance(v, dict):
        for k in ("access_token", "accessToken", "token"):
            if isinstance(v.get(k), str): return v[k]
        for x in v.values():
            r = find(x)
            if r: return r
    if isinstance(v, list):
        for x in v:
            r = find(x)
            if r: return r
print(find(json.load(sys.stdin)) or "")')"
  fi
done
REQUESTS=0
declare -a CHAIN # dependent round trips of each account's listing (see the header)
t0=$(now_ms)
for i in "${!NAMES[@]}"; do
  url="${URLS[$i]}"; tok="${TOKENS[$i]}"
  case "${KINDS[$i]}" in
    letscloud)
      curl -fsS -H "api-token: $tok" "$url/instances" >/dev/null; REQUESTS=$((REQUESTS + 1)); CHAIN[$i]=1 ;;
    cloudero)
      curl -fsS -H "Authorization: Bearer $tok" "$url/v1/server/list" >/dev/null; REQUESTS=$((REQUESTS + 1)); CHAIN[$i]=1 ;;
    cloudzy)
      bookmark=""; CHAIN[$i]=0
      while :; do
        page="$(curl -fsS -G -H "API-Token: $tok" "$url/v1/instances" --data-urlencode "limit=100" \
          ${bookmark:+--data-urlencode "bookmark=$bookmark"})"
        REQUESTS=$((REQUESTS + 1)); CHAIN[$i]=$((CHAIN[$i] + 1))
        bookmark="$(printf '%s' "$page" | python3 -c 'import json,sys; d=json.load(sys.stdin).get("data") or {}; print(d.get("bookmark") or "")')"
        [ -z "$bookmark" ] && break
      done ;;
    vz)
      curl -fsS -H "Authorization: Bearer $tok" "$url/1.0" >/dev/null
      ids="$(curl -fsS -H "Authorization: Bearer $tok" "$url/1.0/vz" |
        python3 -c 'import json,sys; print(" ".join(str(x).rstrip("/").split("/")[-1] for x in json.load(sys.stdin).get("metadata") or []))')"
      REQUESTS=$((REQUESTS + 2)); CHAIN[$i]=2
      for id in $ids; do
        curl -fsS -H "Authorization: Bearer $tok" "$url/1.0/vz/$id" >/dev/null; REQUESTS=$((REQUESTS + 1))
      done ;;
  esac
done
CURL_MS=$(( $(now_ms) - t0 ))

ratio() { python3 -c "print(f'{$1 / max($2, 1):.2f}')"; }

# The critical path of the whole listing is its longest account's; the slowest account alone has its own.
CP_RT=0; CP_WHO=""; SLOWEST_RT=0
declare -A KIND_RT
for i in "${!NAMES[@]}"; do
  rt=${CHAIN[$i]:-0}
  if [ "$rt" -gt "$CP_RT" ]; then CP_RT=$rt; CP_WHO="${NAMES[$i]}"; fi
  if [ "${NAMES[$i]}" = "$SLOWEST" ]; then SLOWEST_RT=$rt; fi
  if [ "$rt" -gt "${KIND_RT[${KINDS[$i]}]:-0}" ]; then KIND_RT[${KINDS[$i]}]=$rt; fi
done
CP_MS=$((CP_RT * LATENCY_MS))
SLOWEST_CP_MS=$((SLOWEST_RT * LATENCY_MS))
PER_KIND="$(for k in $(printf '%s\n' "${!KIND_RT[@]}" | sort); do printf '%s %s, ' "$k" "${KIND_RT[$k]}"; done)"

echo
echo "fleetdeck server list benchmark: ${#NAMES[@]} accounts ($(printf '%s\n' "${KINDS[@]}" | sort -u | tr '\n' ' ')), $SERVERS servers each, ${LATENCY_MS} ms latency, $PROFILE build"
printf '  %-44s %8s ms  (%s servers)  critical path %s ms (%s round trips x %s ms, %s)  ratio %s (target <= 2.00)\n' \
  "fleetdeck -o json server list (all accounts)" "$ALL_MS" "$COUNT" "$CP_MS" "$CP_RT" "$LATENCY_MS" "$CP_WHO" "$(ratio "$ALL_MS" "$CP_MS")"
printf '  %-44s %8s ms  (%s)  ratio %s (target <= 1.30)  critical path %s ms, ratio %s\n' "(a) slowest account alone" "$SLOWEST_MS" "$SLOWEST" \
  "$(ratio "$ALL_MS" "$SLOWEST_MS")" "$SLOWEST_CP_MS" "$(ratio "$SLOWEST_MS" "$SLOWEST_CP_MS")"
printf '  %-44s %8s ms  (%s requests)  ratio %s\n' "(b) curl, the same pages sequentially" "$CURL_MS" "$REQUESTS" "$(ratio "$ALL_MS" "$CURL_MS")"
printf '  %-44s %8s ms  (CPU of the CLI: %s s user, %s s system)\n' "(c) all accounts, no latency (local work)" "$LOCAL_MS" $LOCAL_CPU
printf '  %-44s %s\n' "dependent round trips per listing" "${PER_KIND%, }"
