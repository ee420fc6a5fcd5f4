#!/usr/bin/env bash
# OLINPE at national scale (issue 25 §8): `depbench olinpe synth --departements all`, the import
# of every file, then every olinpe_* indicator view, in release, each step's wall time and peak
# memory (/usr/bin/time -v); then the stock and durations queries in DuckDB (from PyPI, in a venv
# outside the repository, created when missing) on the same Parquet files with equivalent SQL,
# timed the same way, and the results of both engines compared.
# Targets: import ≤ 60 s; every view ≤ 10 s within 2 GB; stock and durations ≤ 1,0× DuckDB.
# Usage: scripts/bench-olinpe.sh [WORK_DIR]  (default /tmp/depbench-olinpe-bench; several GB)
# Env: CARGO_TARGET_DIR (default /work/target-release), DUCKDB_VENV (default /work/venv-duckdb),
# YEARS (default 2014-2023), SEED (7), DEFAUTS (0.01).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="${1:-/tmp/depbench-olinpe-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-release}"
venv="${DUCKDB_VENV:-/work/venv-duckdb}"
years="${YEARS:-2014-2023}"
seed="${SEED:-7}"
defauts="${DEFAUTS:-0.01}"

cargo build --release --bin depbench
bin="$CARGO_TARGET_DIR/release/depbench"
rm -rf "$work"
mkdir -p "$work"
# The committed data (DREES counts of every département) plus the OLINPE partitions.
cp -r "$root/data" "$work/data"
export DEPBENCH_CACHE=off

results="$work/results.txt"
: > "$results"
# measure LABEL CMD…: wall seconds and peak RSS (MB) of one command, and the machine's load
# average (1 min) when it started (the machine is shared: a loaded run is slower). A view that
# fails (memory limit…) is recorded as failed with its first error line and the run goes on;
# synth and import failing stop it.
measure() {
    local label="$1"
    shift
    local load status=ok
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -v "$@" > "$work/$label.out" 2> "$work/$label.time" || {
        case "$label" in synth | import) cat "$work/$label.time" >&2; exit 1 ;; esac
        status="ÉCHEC : $(grep -m1 -E '^(erreur|error)' "$work/$label.time")"
    }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$work/$label.time")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/$label.time")
    printf '%-32s %8s s %7s MB   load %s   %s\n' "$label" "$wall" "$rss" "$load" "$status" | tee -a "$results"
}

echo "== $(nproc) cores; synth --departements all --years $years --seed $seed --defauts $defauts"
measure synth "$bin" --data-dir "$work/data" olinpe synth --departements all --years "$years" \
    --seed "$seed" --defauts "$defauts" -o "$work/extraits"
cat "$work/synth.out"
du -sh "$work/extraits" | tee -a "$results"

echo "== import"
measure import "$bin" --data-dir "$work/data" import --quiet "$work/extraits"
tail -1 "$work/import.out"
du -sh "$work/data/olinpe" | tee -a "$results"

echo "== every indicator view (SELECT * … written as CSV)"
for sql in "$root"/queries/views/olinpe_*.sql; do
    view="$(basename "$sql" .sql)"
    measure "$view" "$bin" --data-dir "$work/data" query --format csv -o "$work/$view.csv" \
        "SELECT * FROM $view"
done

echo "== DuckDB (PyPI) on the same Parquet files"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet duckdb
fi
"$venv/bin/python" -c 'import duckdb; print("duckdb", duckdb.__version__)' | tee -a "$results"
cat > "$work/duck.py" <<'PY'
# Stock at 31/12 and Kaplan-Meier durations, the SQL of queries/views/olinpe_measures.sql,
# olinpe_stock.sql and olinpe_durations.sql in DuckDB's dialect (date − date = days).
import csv, sys, duckdb
root, which, out = sys.argv[1], sys.argv[2], sys.argv[3]
con = duckdb.connect()
types = open(sys.argv[4]).read()
types = types[types.index("SELECT"):]
con.execute(f"CREATE VIEW olinpe_events AS SELECT * FROM read_parquet('{root}/olinpe/evenements/*.parquet')")
con.execute(f"CREATE VIEW olinpe_persons AS SELECT * FROM read_parquet('{root}/olinpe/personnes.parquet')")
con.execute(f"CREATE VIEW olinpe_measure_types AS {types}")
con.execute("""
CREATE VIEW olinpe_measures AS
WITH e AS (
    SELECT ev.departement, p.person, ev.year, ev.typev, ev.decision,
           CASE WHEN ev.decision = 1 THEN ev.natpdecadm WHEN ev.decision = 2 THEN ev.natdecassed END AS nature,
           ev.typinterdom, ev.datdeb, ev.datfin
    FROM olinpe_events ev JOIN olinpe_persons p ON p.numanonym = ev.numanonym
    WHERE ev.datdeb IS NOT NULL
),
m AS (
    SELECT departement, person, decision, nature, datdeb, MAX(typinterdom) AS typinterdom,
           SUM(CASE WHEN typev = 3 THEN 1 ELSE 0 END) > 0 AS ended,
           MAX(CASE WHEN typev = 3 THEN datfin END) AS datfin,
           MAX(CASE WHEN typev = 3 THEN year END) AS end_year
    FROM e GROUP BY departement, person, decision, nature, datdeb
),
held AS (SELECT departement, MAX(year) AS last_year FROM olinpe_events GROUP BY departement),
typed AS (
    SELECT m.*, COALESCE(t.measure_type, 'autre') AS measure_type,
           make_date(h.last_year, 12, 31) AS censor_date,
           CASE WHEN m.ended THEN COALESCE(m.datfin, make_date(m.end_year, 12, 31)) END AS end_date
    FROM m JOIN held h ON h.departement = m.departement
    LEFT JOIN olinpe_measure_types t ON t.decision = m.decision AND t.nature = m.nature
     AND (t.typinterdom IS NULL OR t.typinterdom = m.typinterdom)
)
SELECT departement, person, measure_type, datdeb, end_date, NOT ended AS censored,
       CASE WHEN ended AND datfin IS NOT NULL THEN datfin - datdeb
            WHEN NOT ended THEN censor_date - datdeb END AS duration_days
FROM typed
""")
stock = """
WITH years AS (SELECT DISTINCT departement, year FROM olinpe_events),
s AS (
    SELECT y.departement, y.year, m.measure_type, m.person
    FROM years y JOIN olinpe_measures m ON m.departement = y.departement
    WHERE m.datdeb <= make_date(y.year, 12, 31)
      AND (m.end_date IS NULL OR m.end_date > make_date(y.year, 12, 31))
)
SELECT departement, year, measure_type, COUNT(*) AS measures, COUNT(DISTINCT person) AS persons
FROM s GROUP BY departement, year, measure_type
UNION ALL
SELECT departement, year, 'total', COUNT(*), COUNT(DISTINCT person) FROM s GROUP BY departement, year
"""
durations = """
WITH d AS (
    SELECT departement, measure_type, duration_days AS t, CASE WHEN censored THEN 0 ELSE 1 END AS ev
    FROM olinpe_measures WHERE duration_days IS NOT NULL AND duration_days >= 0
),
g AS (SELECT departement, measure_type, t, SUM(ev) AS d, COUNT(*) AS c FROM d GROUP BY departement, measure_type, t),
r AS (SELECT g.*, SUM(c) OVER (PARTITION BY departement, measure_type ORDER BY t DESC
                              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS at_risk FROM g),
s AS (
    SELECT departement, measure_type, t,
           SUM(CASE WHEN d = at_risk THEN 1 ELSE 0 END)
               OVER (PARTITION BY departement, measure_type ORDER BY t ROWS UNBOUNDED PRECEDING) AS emptied,
           SUM(CASE WHEN d < at_risk THEN ln(1.0 - CAST(d AS DOUBLE) / CAST(at_risk AS DOUBLE)) ELSE 0.0 END)
               OVER (PARTITION BY departement, measure_type ORDER BY t ROWS UNBOUNDED PRECEDING) AS log_surv
    FROM r
),
k AS (SELECT departement, measure_type, t, CASE WHEN emptied > 0 THEN 0.0 ELSE exp(log_surv) END AS surv FROM s),
q AS (
    SELECT departement, measure_type,
           MIN(CASE WHEN surv <= 0.75 + 1e-9 THEN t END) AS q1_days,
           MIN(CASE WHEN surv <= 0.5 + 1e-9 THEN t END) AS median_days,
           MIN(CASE WHEN surv <= 0.25 + 1e-9 THEN t END) AS q3_days
    FROM k GROUP BY departement, measure_type
),
n AS (SELECT departement, measure_type, COUNT(*) AS n, SUM(1 - ev) AS censored FROM d GROUP BY departement, measure_type)
SELECT n.departement, n.measure_type, n.n, n.censored, q.median_days, q.q1_days, q.q3_days
FROM n JOIN q ON q.departement = n.departement AND q.measure_type = n.measure_type
"""
rows = con.execute(stock if which == "stock" else durations).fetchall()
with open(out, "w", newline="") as f:
    csv.writer(f).writerows(rows)
PY
types="$root/queries/views/olinpe_measure_types.sql"
measure duckdb_stock "$venv/bin/python" "$work/duck.py" "$work/data" stock "$work/duck_stock.csv" "$types"
measure duckdb_durations "$venv/bin/python" "$work/duck.py" "$work/data" durations "$work/duck_durations.csv" "$types"

echo "== same results?"
# Sorted rows without headers, numbers as integers: both engines must give the same table.
norm() { tail -n +"$2" "$1" | sed 's/\.0\b//g' | sort; }
touch "$work/olinpe_stock.csv" "$work/olinpe_durations.csv" "$work/olinpe_reconciliation.csv"
cut -d, -f1-7 "$work/olinpe_durations.csv" > "$work/olinpe_durations.cut.csv"
if diff <(norm "$work/olinpe_stock.csv" 2) <(norm "$work/duck_stock.csv" 1) > /dev/null; then
    echo "stock: identical ($(($(wc -l < "$work/olinpe_stock.csv") - 1)) rows)" | tee -a "$results"
else
    echo "stock: DIFFERENT (diff $work/olinpe_stock.csv $work/duck_stock.csv)" | tee -a "$results"
fi
if diff <(norm "$work/olinpe_durations.cut.csv" 2) <(norm "$work/duck_durations.csv" 1) > /dev/null; then
    echo "durations: identical ($(($(wc -l < "$work/olinpe_durations.csv") - 1)) rows)" | tee -a "$results"
else
    echo "durations: DIFFERENT (diff $work/olinpe_durations.cut.csv $work/duck_durations.csv)" | tee -a "$results"
fi
echo "== stock 2022 against DREES (olinpe_reconciliation, largest gaps)"
sort -t, -k9 -g "$work/olinpe_reconciliation.csv" | awk -F, '$2 == 2022' | head -3 | tee -a "$results"
echo "== summary in $results"
cat "$results"
