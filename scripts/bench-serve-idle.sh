#!/usr/bin/env bash
# The explorer's answer time for a real request while 300 idle connections are open (issue
# 20 §5; release build, never in unit tests). Starts `depbench serve` on a free loopback port,
# times 20 real requests (`/api/query`, one row) with no other connection, then 20 rounds of:
# open 300 idle connections (half of them send half a request head, as a slow client does),
# time one real request, count the connections the server still holds, close them all. The
# server keeps at most 256 connections (`serve::connections::MAX_CONNECTIONS`): past that it
# closes the oldest idle one, so the real request is answered at once. Prints median and max
# answer times of both series and the server's established connections. Needs curl and ss.
# Usage: scripts/bench-serve-idle.sh [--debug]
#   --debug: use the debug binary already built by `cargo test` (checks the script, not the speed)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--debug" ]; then
    bin="${CARGO_TARGET_DIR:-target}/debug/depbench"
else
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depbench-release}"
    [ -x "$CARGO_TARGET_DIR/release/depbench" ] && [ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked
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
port="${base##*:}"
echo "server $base (pid $pid)"
url="$base/api/query?format=csv&sql=SELECT%20name%20FROM%20territories%20WHERE%20code%20=%20'61'"

# One real request: prints its time (s); fails unless it is answered 200 with Orne.
real() {
    local out t
    out=$(curl -s -m 60 -w '\n%{time_total} %{http_code}' "$url")
    t=$(tail -n 1 <<<"$out")
    [ "${t#* }" = 200 ] && grep -q '^Orne$' <<<"$out" || { echo "FAILED: $out" >&2; exit 1; }
    echo "${t% *}"
}
held() { ss -Htn state established "( sport = :$port )" | wc -l; }
stats() { sort -n "$1" | awk '{a[NR]=$1} END {printf "median %.1f ms, max %.1f ms (%d requests)\n", a[int((NR+1)/2)]*1000, a[NR]*1000, NR}'; }

real >/dev/null  # warm-up
for _ in $(seq 1 20); do real; done >"$work/alone"
echo "alone:                   $(stats "$work/alone")"

for round in $(seq 1 20); do
    fds=()
    for i in $(seq 1 300); do
        exec {fd}<>"/dev/tcp/127.0.0.1/$port"
        fds+=("$fd")
        if [ $((i % 2)) -eq 0 ]; then printf 'GET / HTTP/1.1\r\nHost: loc' >&"$fd" || true; fi
    done
    real >>"$work/idle"
    echo "$(held)" >>"$work/held"
    for fd in "${fds[@]}"; do exec {fd}>&-; done
    sleep 0.2
done
echo "with 300 idle connections: $(stats "$work/idle")"
echo "connections held by the server after each real request: max $(sort -n "$work/held" | tail -n 1) (cap 256 + the request's own)"
echo "server peak RSS: $(awk '/VmHWM/ {print $2/1024 " MB"}' /proc/$pid/status)"
