#!/usr/bin/env bash
# Import benchmark on the release build (never in unit tests): `depbench import` of everything in
# ../shared/data (every DREES workbook and tidy series, the Insee workbook, the département
# list, the IGN outlines) into a scratch copy of data/. Target (issue 9): ≤ 5 s.
# Needs hyperfine (apt-get install hyperfine). Usage: scripts/bench-import.sh [SHARED_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${1:-../shared/data}"
[ -d "$shared" ] || { echo "no $shared: nothing to import" >&2; exit 1; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depbench-release}"
cargo build --release --locked
bin="$CARGO_TARGET_DIR/release/depbench"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp -r data "$scratch/data"

echo "== import of everything in $shared (target ≤ 5 s)"
hyperfine --warmup 1 --runs 5 -N --export-markdown /tmp/depbench-import.md \
    "$bin --data-dir $scratch/data import -q $shared"
# The committed data must be what the import writes.
diff -r data "$scratch/data" && echo "scratch data/ identical to the committed data/"
