#!/usr/bin/env bash
# Drives the demo shop through a storm so the dashboard shows shedding and healing:
#   calm (healthy traffic) → storm (downstreams fail and slow down) → heal (storm off, traffic goes on).
# Bounded: each phase has a fixed duration, each worker a maximum request count, and the script
# stops by itself. Loopback only: it refuses any host but 127.0.0.1 / localhost / [::1].
#
# usage: load.sh [BASE_URL]     (default http://127.0.0.1:8080)
#   CALM_S=20 STORM_S=40 HEAL_S=60 WORKERS=4 MAX_REQUESTS=20000 load.sh
set -euo pipefail

base="${1:-http://127.0.0.1:8080}"
base="${base%/}"
host="$(printf '%s' "$base" | sed -E 's#^[a-z]+://(\[[^]]*\]|[^:/]+).*#\1#')"
case "$host" in
  127.0.0.1|localhost|"[::1]") ;;
  *) echo "load.sh: refusing $host: this load generator only targets this machine (127.0.0.1, localhost, [::1])" >&2; exit 2 ;;
esac
command -v curl >/dev/null || { echo "load.sh: needs curl" >&2; exit 2; }

calm="${CALM_S:-20}"
storm="${STORM_S:-40}"
heal="${HEAL_S:-60}"
workers="${WORKERS:-4}"
max="${MAX_REQUESTS:-20000}"
tiers=(critical high normal normal low bulk)

curl -fsS -o /dev/null "$base/actuator/health" || { echo "load.sh: $base is not answering; start the demo first" >&2; exit 1; }
echo "dashboard: $base/actuator/atrion/dashboard/"

out="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; curl -s -o /dev/null -X POST "$base/admin/storm/off" || true; rm -rf "$out"' EXIT

worker() {
  local id="$1" deadline="$2" n=0 code path tier
  while [ "$n" -lt "$max" ] && [ "$(date +%s)" -lt "$deadline" ]; do
    tier="${tiers[$((RANDOM % ${#tiers[@]}))]}"
    if [ $((RANDOM % 5)) -eq 0 ]; then
      code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' -X POST -H "X-Atrion-Voltage: $tier" "$base/orders" || true)"
    else
      path="/products/sku-$((RANDOM % 50))"
      code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' -H "X-Atrion-Voltage: $tier" "$base$path" || true)"
    fi
    echo "$code" >> "$out/$id"
    n=$((n + 1))
  done
}

phase() {
  local name="$1" seconds="$2" deadline i
  deadline=$(( $(date +%s) + seconds ))
  rm -f "$out"/w*
  for i in $(seq 1 "$workers"); do worker "w$i" "$deadline" & done
  wait
  printf '%-6s %3ss: ' "$name" "$seconds"
  cat "$out"/w* 2>/dev/null | sort | uniq -c | awk '{printf "%s×%s  ", $1, $2} END {print ""}'
}

phase calm "$calm"
curl -fsS -o /dev/null -X POST "$base/admin/storm/on"
phase storm "$storm"
curl -fsS -o /dev/null -X POST "$base/admin/storm/off"
phase heal "$heal"
echo "done: 200 = served, 503 = shed by Atrion (Retry-After), 500 = failed downstream"
