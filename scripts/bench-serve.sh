#!/usr/bin/env bash
# Load test of `depbench serve` on the loopback address (release build; never in unit tests).
# Starts the explorer on a free port, warms it, then sends 50 concurrent figure requests
# (queries/figures/03_taux_accueillis, SVG) for 50 different départements, checks every answer
# (HTTP 200, an SVG naming that département), prints the median and max latency and the
# server's peak RSS, and stops the server it started. Targets: median ≤ 50 ms warm, ≤ 300 MB.
# Needs curl. Usage: scripts/bench-serve.sh [--debug]
#   --debug: use the debug binary already built by `cargo test` (checks the script, not the speed)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--debug" ]; then
    bin="${CARGO_TARGET_DIR:-target}/debug/depbench"
else
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depbench-release}"
    cargo build --release --locked
    bin="$CARGO_TARGET_DIR/release/depbench"
fi
work="$(mktemp -d)"
"$bin" serve --port 0 >"$work/server.out" 2>"$work/server.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do
    grep -q "depbench explorer: http" "$work/server.out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.err"; exit 1; }
    sleep 0.1
done
base="$(sed -n 's/^depbench explorer: \(http[^ ]*\)\/ .*/\1/p' "$work/server.out")"
[ -n "$base" ] || { echo "server did not start"; cat "$work/server.err"; exit 1; }
echo "server $base (pid $pid)"

# 50 départements with data in 2022 (code;name), peers 75 and 13 kept out of the focus list.
curl -sfG "$base/api/query" --data-urlencode format=csv --data-urlencode \
    "sql=SELECT DISTINCT t.code, t.name FROM territories t JOIN rates r ON r.territory = t.code WHERE t.kind = 'departement' AND r.year = 2022 AND r.indicator = 'TotEnfAccueillisASE' AND t.code NOT IN ('75', '13') ORDER BY t.code LIMIT 50" \
    | tail -n +2 >"$work/deps.csv"
n=$(wc -l <"$work/deps.csv")
[ "$n" -eq 50 ] || { echo "expected 50 départements, got $n"; exit 1; }

url() { echo "$base/figure/03_taux_accueillis.svg?departement=$1&peers=75,13&year=2022"; }
# Warm-up: each request once, sequentially (materialised views, fonts, code paths).
while IFS=, read -r code _; do curl -sf -o /dev/null "$(url "$code")"; done <"$work/deps.csv"

# 50 at once: each curl writes its body and "code time_total http_status".
while IFS=, read -r code name; do
    (
        t=$(curl -s -o "$work/$code.svg" -w '%{time_total} %{http_code}' "$(url "$code")")
        echo "$code $t" >"$work/$code.time"
    ) &
done <"$work/deps.csv"
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
sleep 0.2

while IFS=, read -r code name; do
    name="${name%\"}"; name="${name#\"}"
    key="${name%%\'*}"   # the name up to an apostrophe, whatever escaping the SVG uses
    read -r _ t status <"$work/$code.time"
    if [ "$status" != 200 ] || ! grep -q "<svg" "$work/$code.svg" || ! grep -qF "$key" "$work/$code.svg"; then
        echo "FAILED: $code ($name): HTTP $status"
    fi
    echo "$t"
done <"$work/deps.csv" | sort -n >"$work/times"
if grep -q FAILED "$work/times"; then grep FAILED "$work/times"; exit 1; fi
median=$(awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f", m * 1000}' "$work/times")
max=$(awk 'END {printf "%.1f", $1 * 1000}' "$work/times")
rss=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
echo "50 concurrent figure requests: all correct; median ${median} ms, max ${max} ms (target median ≤ 50 ms)"
echo "server peak RSS: ${rss} MB (target ≤ 300 MB)"
