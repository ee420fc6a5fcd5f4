#!/usr/bin/env bash
# Benchmarks on the release build (never in unit tests):
#  1. process start → result of a typical benchmark query (hyperfine, median; target ≤ 30 ms),
#     with the table cache warm (the normal case) and cold (DEPBENCH_CACHE=off: CSV parsing);
#  2. the standard report for every département (time and peak memory; target ≤ 10 s, ≤ 300 MB),
#     first with an empty table cache, then warm;
#  3. criterion micro-benchmarks (open catalogue, plan + run, render) with `cargo bench`.
# Needs hyperfine (apt-get install hyperfine). Usage: scripts/bench.sh [--no-criterion]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depbench-release}"
cargo build --release --locked
bin="$CARGO_TARGET_DIR/release/depbench"
query=(query -f queries/figures/01_tableau_de_bord.sql -p focus=17 -p peers=22,64,14 -p year=2022 -p from=2018)

echo "== 1. start → result of a typical benchmark query (tableau de bord, CD17 and peers)"
"$bin" "${query[@]}" >/dev/null   # fills the cache
hyperfine --warmup 3 --runs 30 -N --export-markdown /tmp/depbench-query.md \
    "$bin ${query[*]}" \
    "env DEPBENCH_CACHE=off $bin ${query[*]}"
hyperfine --warmup 3 --runs 30 -N "$bin tables"

echo "== 2. standard report for every département (target ≤ 10 s): first with an empty table cache"
echo "   (views materialised, as after a build or an import), then warm"
# Each run writes into a folder of its own, and the folders are removed after the last run: on
# this machine's ext4 (no journal), creating files just after deleting thousands (the previous
# run's ~4 300) makes the kernel skip the recently freed inodes one by one, which added 1 to
# 4 s of system time to a run that a user, writing a report folder once, never sees.
cache="$(mktemp -d)"
outs=()
for run in cold warm warm; do
    out="$(mktemp -d)"
    outs+=("$out")
    DEPBENCH_CACHE="$cache" /usr/bin/time -f "$run: elapsed %e s, user %U s, system %S s, peak RSS %M KB" \
        "$bin" report --every-departement --out "$out" 2>&1 >/dev/null | tail -1
    echo "   reports: $(ls "$out" | wc -l), $(du -sh "$out" | cut -f1)"
done
rm -rf "$cache" "${outs[@]}"

if [ "${1:-}" != "--no-criterion" ]; then
    echo "== 3. criterion"
    cargo bench --locked --bench engine
fi
