#!/usr/bin/env bash
# Cold release build (issue 12): builds the `depbench` binary in release into an empty target
# directory and prints the wall time and the binary's size. Takes tens of minutes on 2 cores:
# run it on an otherwise idle machine. Usage: scripts/bench-build.sh [TARGET_DIR]
# (default: a fresh temporary directory, removed afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-}"
if [ -z "$target" ]; then
    target="$(mktemp -d)"
    trap 'rm -rf "$target"' EXIT
fi
if [ -e "$target/release" ]; then
    echo "error: $target/release exists: give an empty target directory for a cold build" >&2
    exit 1
fi
echo "== cold release build into $target ($(nproc) cores, rustc $(rustc --version | cut -d' ' -f2))"
start=$(date +%s)
CARGO_TARGET_DIR="$target" cargo build --release --locked --bin depbench
end=$(date +%s)
bin="$target/release/depbench"
echo "cold release build: $(( (end - start) / 60 )) min $(( (end - start) % 60 )) s"
echo "release binary: $(stat -c %s "$bin") bytes ($(awk "BEGIN { printf \"%.1f\", $(stat -c %s "$bin") / 1e6 }") MB)"
size -A "$bin" | awk '$1 ~ /^\.(text|rodata|eh_frame|eh_frame_hdr|rela.dyn|data.rel.ro)$/ { printf "  %-14s %6.1f MB\n", $1, $2 / 1e6 }'
