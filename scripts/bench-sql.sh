#!/usr/bin/env bash
# SQL interface benchmark (issue 12), release build, one run on this machine:
#  - the KPMG evolution query (queries/figures/02_tableau_evolutions.sql, CD17 and its peers)
#    run by depbench (warm table cache, and DEPBENCH_CACHE=off) and by the DuckDB CLI on the
#    same CSV files and the same SQL (views `changes` and `shares` from queries/views/, the
#    parameters substituted as depbench does); hyperfine medians, whole process, and the ratios;
#  - the tableau de bord (queries/figures/01_tableau_de_bord.sql) by depbench, warm and no
#    cache (its `rates` view needs the long population table that depbench derives from the
#    wide Insee file, so it has no DuckDB twin here);
#  - peak RSS (/usr/bin/time) of each, the cross join observations × territories piped to
#    `head` (time, peak RSS), and the release binary size.
# Targets (issue 12): warm ≤ 0,35 × DuckDB and ≤ 64 MB; no cache ≤ 1,0 × DuckDB; binary ≤ 80 MB;
# cross join | head: seconds, ≤ 300 MB.
# Needs hyperfine and the DuckDB CLI (`pip install duckdb-cli`).
# Usage: scripts/bench-sql.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depbench-release}"
if [ "${1:-}" != "--no-build" ]; then
    start=$(date +%s)
    cargo build --release --locked
    echo "release build: $(( $(date +%s) - start )) s (cold only if the target dir was empty)"
fi
bin="$CARGO_TARGET_DIR/release/depbench"
duckdb="$(command -v duckdb || true)"
if [ -z "$duckdb" ]; then
    echo "duckdb not found: pip install duckdb-cli" >&2
    exit 2
fi
for tool in hyperfine /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 2; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

evolution=(query -f queries/figures/02_tableau_evolutions.sql -p focus=17 -p peers=22,64,14 -p references=FRM -p from=2018 -p to=2022 --format csv)
dashboard=(query -f queries/figures/01_tableau_de_bord.sql -p focus=17 -p peers=22,64,14 -p references=FRM -p year=2022 -p from=2018 --format csv)

# The same SQL for DuckDB: the observations files with `is_current` computed as depbench does
# (newest edition of each territory, indicator and year), the territories, the two views, then
# the figure with its parameters substituted.
{
    echo "CREATE VIEW observations_raw AS SELECT * FROM read_csv('data/observations/*.csv', header = true, types = {'territory': 'VARCHAR', 'indicator': 'VARCHAR', 'year': 'INTEGER', 'value': 'DOUBLE', 'status': 'VARCHAR', 'source_id': 'VARCHAR', 'source_ref': 'VARCHAR', 'edition': 'VARCHAR'});"
    # Read once into tables, as depbench loads each table once (a view would re-read the CSV
    # files for each of its uses in `changes` and `shares`).
    echo "CREATE TABLE observations AS SELECT *, row_number() OVER (PARTITION BY territory, indicator, year ORDER BY edition DESC) = 1 AS is_current FROM observations_raw;"
    echo "CREATE TABLE territories AS SELECT * FROM read_csv('data/territories.csv', header = true, all_varchar = true);"
    # The benchmarks' view of the values (queries/views/bench_observations.sql) without its
    # régions summed from their départements: with France métropolitaine as the only reference
    # the query reads no région, so both engines read the same rows.
    echo "CREATE TABLE bench_observations AS SELECT o.territory, o.indicator, o.year, o.value, o.status FROM observations o JOIN territories t ON t.code = o.territory WHERE o.is_current AND t.kind <> 'region';"
    for v in changes shares; do
        printf 'CREATE VIEW %s AS\n' "$v"
        grep -v '^--' "queries/views/$v.sql" | sed -e 's/;[[:space:]]*$//'
        echo ";"
    done
    grep -v '^--' queries/figures/02_tableau_evolutions.sql \
        | sed -e "s/\$focus/'17'/g" -e "s/\$peers/'22', '64', '14'/g" -e "s/\$references/'FRM'/g" -e 's/\$from/2018/g' -e 's/\$to/2022/g' \
        | sed -e 's/;[[:space:]]*$//'
    echo ";"
} > "$work/evolution.duckdb.sql"
duck=("$duckdb" -csv -c ".read $work/evolution.duckdb.sql")
# hyperfine -N splits its command like a shell: quote the `.read` command.
duck_cmd="$duckdb -csv -c '.read $work/evolution.duckdb.sql'"

echo "== same result?"
"$bin" "${evolution[@]}" > "$work/depbench.csv"
"${duck[@]}" > "$work/duckdb.csv"
if python3 - "$work/depbench.csv" "$work/duckdb.csv" <<'PY'
import csv, sys
a = list(csv.reader(open(sys.argv[1])))[1:]
b = list(csv.reader(open(sys.argv[2])))[1:]
def same(x, y):
    try:
        return abs(float(x) - float(y)) <= 1e-9 * max(1.0, abs(float(x)))
    except ValueError:
        return x == y
ok = len(a) == len(b) and all(len(r) == len(s) and all(same(x, y) for x, y in zip(r, s)) for r, s in zip(a, b))
print("depbench and DuckDB agree" if ok else "RESULTS DIFFER")
sys.exit(0 if ok else 1)
PY
then :; else diff "$work/depbench.csv" "$work/duckdb.csv" || true; fi

echo "== timings (hyperfine medians)"
hyperfine --warmup 3 --runs 30 -N --export-json "$work/evolution.json" \
    -n depbench-warm "$bin ${evolution[*]}" \
    -n depbench-nocache "env DEPBENCH_CACHE=off $bin ${evolution[*]}" \
    -n duckdb "$duck_cmd" >/dev/null
hyperfine --warmup 3 --runs 20 -N --export-json "$work/dashboard.json" \
    -n dashboard-warm "$bin ${dashboard[*]}" \
    -n dashboard-nocache "env DEPBENCH_CACHE=off $bin ${dashboard[*]}" >/dev/null

rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
rss_warm=$(rss "$bin" "${evolution[@]}")
rss_nocache=$(DEPBENCH_CACHE=off rss "$bin" "${evolution[@]}")
rss_duck=$(rss "${duck[@]}")
rss_dash=$(rss "$bin" "${dashboard[@]}")

python3 - "$work/evolution.json" "$work/dashboard.json" "$rss_warm" "$rss_nocache" "$rss_duck" "$rss_dash" <<'PY'
import json, sys
ev = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
db = {r["command"]: r["median"] for r in json.load(open(sys.argv[2]))["results"]}
warm, nocache, duck = ev["depbench-warm"], ev["depbench-nocache"], ev["duckdb"]
rw, rn, rd, rdash = (int(x) / 1024 for x in sys.argv[3:7])
print(f"evolution query   depbench warm    {warm*1000:7.1f} ms  {rw:6.1f} MB   {warm/duck:5.2f} × DuckDB (target ≤ 0.35, ≤ 64 MB)")
print(f"evolution query   depbench nocache {nocache*1000:7.1f} ms  {rn:6.1f} MB   {nocache/duck:5.2f} × DuckDB (target ≤ 1.0)")
print(f"evolution query   DuckDB CLI       {duck*1000:7.1f} ms  {rd:6.1f} MB")
print(f"tableau de bord   depbench warm    {db['dashboard-warm']*1000:7.1f} ms  {rdash:6.1f} MB")
print(f"tableau de bord   depbench nocache {db['dashboard-nocache']*1000:7.1f} ms")
PY

echo "== cross join observations × territories | head -5 (target: seconds, ≤ 300 MB)"
/usr/bin/time -f "elapsed %e s, peak RSS %M KB" sh -c \
    "'$bin' query --format csv 'SELECT * FROM observations CROSS JOIN territories' | head -5 >/dev/null"
echo "== cross join, table format (counts every row, shows 40)"
/usr/bin/time -f "elapsed %e s, peak RSS %M KB" "$bin" query \
    'SELECT o.territory, t.name FROM observations o CROSS JOIN territories t' | tail -1

echo "== release binary"
ls -lL "$bin" | awk '{printf "size %.1f MB (target ≤ 80 MB)\n", $5 / 1048576}'
"$duckdb" --version
