#!/usr/bin/env bash
# Open every generated report in headless Chromium (Debian's package) and fail on any console
# error or failed load; screenshots go next to each report (screenshot.png) for a human look.
# Usage: scripts/check-reports.sh [reports-dir]   (after `depbench report --all`)
set -euo pipefail
dir="${1:-reports}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    echo "chromium not found: apt-get install -y chromium" >&2
    exit 2
fi
status=0
for page in "$dir"/*/index.html; do
    profile="$(mktemp -d)"
    log="$(mktemp)"
    # --enable-logging=stderr --v=0 prints console messages as "CONSOLE" lines.
    "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --enable-logging=stderr --v=0 \
        --window-size=1280,4000 --screenshot="$(dirname "$page")/screenshot.png" \
        "file://$(realpath "$page")" >"$log" 2>&1 || true
    if grep -E "CONSOLE|Uncaught|Failed to load|ERR_FILE_NOT_FOUND" "$log" | grep -v "dbus" ; then
        echo "FAIL $page" >&2
        status=1
    else
        echo "ok   $page"
    fi
    rm -rf "$profile" "$log"
done
exit $status
