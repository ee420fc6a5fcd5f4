#!/usr/bin/env bash
# OLINPE at national scale (issue 25 §8), in one run, in release: `depbench olinpe synth
# --departements all` (once: kept and reused when its parameters have not changed), the import of
# every file, then every olinpe_* indicator view, each step's wall time and peak memory
# (/usr/bin/time -v). The indicators are computed at import (src/import/olinpe/indicators.rs)
# and the views read them; their definitions, the reference SQL of queries/olinpe/reference/,
# are what is compared with DuckDB: the stock and durations reference queries run in depbench
# and in DuckDB (from PyPI, in a venv outside the repository, created when missing) on the same
# Parquet files with the same SQL (DuckDB's dialect where it differs), timed the same way, SQL
# against SQL, and the results of both engines and of the views compared.
# Targets: import ≤ 60 s; every view ≤ 10 s in total, each within 2 GB; stock and durations
# ≤ 1,0× DuckDB (reference SQL against the same SQL).
# Usage: scripts/bench-olinpe.sh [WORK_DIR]   (default ../olinpe-bench, outside the repository;
# ~3 GB of XML at full scale). Results: WORK_DIR/results-<echelle>.txt.
# Env: CARGO_TARGET_DIR (default /work/target-release), DUCKDB_VENV (default /work/venv-duckdb),
# YEARS (2014-2023), SEED (7), DEFAUTS (0.01), ECHELLE (1: the stock of DREES's counts; 0.153
# gives about 400 000 persons over ten years), KEEP_XML (1; 0 deletes the extracts at the end),
# BUILD (1; 0: no cargo build), DEPBENCH_BIN (the binary, default the release build's),
# STOP_AFTER_IMPORT (0; 1: stop after the import, with its phase timings, DEPBENCH_TIMING=1).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="${1:-$root/../olinpe-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-release}"
venv="${DUCKDB_VENV:-/work/venv-duckdb}"
years="${YEARS:-2014-2023}"
seed="${SEED:-7}"
defauts="${DEFAUTS:-0.01}"
echelle="${ECHELLE:-1}"
keep_xml="${KEEP_XML:-1}"

[ "${BUILD:-1}" = 0 ] || cargo build --release --bin depbench
bin="${DEPBENCH_BIN:-$CARGO_TARGET_DIR/release/depbench}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
case="$work/echelle-$echelle"
extraits="$case/extraits"
data="$case/data"
mkdir -p "$case"
export DEPBENCH_CACHE=off DEPBENCH_QUERIES="$root/queries"

results="$work/results-$echelle.txt"
: > "$results"
say() { echo "$@" | tee -a "$results"; }
# measure LABEL CMD…: wall seconds and peak RSS (MB) of one command, and the machine's load
# average (1 min) when it started (the machine is shared: a loaded run is slower). A view that
# fails (memory limit…) is recorded as failed with its first error line and the run goes on;
# synth and import failing stop it.
measure() {
    local label="$1"
    shift
    local load status=ok
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -v "$@" > "$case/$label.out" 2> "$case/$label.time" || {
        case "$label" in synth | import) cat "$case/$label.time" >&2; exit 1 ;; esac
        status="ÉCHEC : $(grep -m1 -E '^(erreur|error)' "$case/$label.time" || true)"
    }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$case/$label.time")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$case/$label.time")
    echo "$wall" > "$case/$label.wall"
    printf '| %-28s | %8s s | %6s Mo | %5s | %s\n' "$label" "$wall" "$rss" "$load" "$status" | tee -a "$results"
}

say "# OLINPE bench $(date -u +%FT%TZ), $(nproc) cœurs, $(git -C "$root" rev-parse --short HEAD)"
say "# synth --departements all --years $years --seed $seed --defauts $defauts --echelle $echelle"
say "| étape                        |    temps   | pointe    | charge | état"
stamp="$years $seed $defauts $echelle $(sha1sum "$root/src/import/olinpe/synth.rs" | cut -c1-12)"
if [ -f "$case/synth.stamp" ] && [ "$(cat "$case/synth.stamp")" = "$stamp" ] && [ -d "$extraits" ]; then
    say "| synth                        | (réutilisé : $extraits)"
else
    rm -rf "$extraits" "$data"
    mkdir -p "$data"
    cp -r "$root/data/." "$data/"
    measure synth "$bin" --data-dir "$data" olinpe synth --departements all --years "$years" \
        --seed "$seed" --defauts "$defauts" --echelle "$echelle" -o "$extraits"
    echo "$stamp" > "$case/synth.stamp"
fi
tail -1 "$case/synth.out" | tee -a "$results"
say "# extraits : $(du -sh "$extraits" | cut -f1)"

# A fresh data directory (the committed DREES counts) for the import.
rm -rf "$data"
mkdir -p "$data"
cp -r "$root/data/." "$data/"
DEPBENCH_TIMING=1 measure import "$bin" --data-dir "$data" import --quiet "$extraits"
say "# $(tail -1 "$case/import.out") ; Parquet : $(du -sh "$data/olinpe" | cut -f1)"
say "# import : $(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%s s user, %s s sys", u, s }' "$case/import.time")"
grep '^timing olinpe' "$case/import.time" | sed 's/^/#   /' | tee -a "$results"
if [ "${STOP_AFTER_IMPORT:-0}" = 1 ]; then
    echo "== résultats (import seul, STOP_AFTER_IMPORT=1) : $results"
    exit 0
fi

# The indicator views written whole as CSV; the per-measure and per-period views (millions of
# rows, the building blocks the indicators aggregate) computed with a COUNT(*), apart.
total=0
for sql in "$root"/queries/views/olinpe_*.sql; do
    view="$(basename "$sql" .sql)"
    case "$view" in
        olinpe_measures | olinpe_periods)
            measure "${view}_count" "$bin" --data-dir "$data" query --format csv \
                -o "$case/$view.count.csv" "SELECT COUNT(*) AS n FROM $view"
            continue ;;
    esac
    measure "$view" "$bin" --data-dir "$data" query --format csv -o "$case/$view.csv" \
        "SELECT * FROM $view"
    total=$(awk -v a="$total" -v b="$(cat "$case/$view.wall")" 'BEGIN { printf "%.2f", a + b }')
done
say "| vues indicateurs (somme)     | $(printf '%8s' "$total") s |"

# The reference SQL of the stock and the durations (the definitions the import's tables equal),
# run by depbench over the measures: the SQL compared with DuckDB's.
for which in stock durations; do
    measure "reference_$which" "$bin" --data-dir "$data" query --format csv \
        -o "$case/reference_$which.csv" -f "$root/queries/olinpe/reference/$which.sql"
done

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet duckdb
fi
say "# $("$venv/bin/python" -c 'import duckdb; print("duckdb", duckdb.__version__)')"
cat > "$case/duck.py" <<'PY'
# The reference SQL (queries/views/olinpe_measures.sql, queries/olinpe/reference/stock.sql,
# durations.sql) in DuckDB's dialect (date − date = days, no CAST of a date to INT), on the same Parquet files
# (the extracts held, the measures the import derived).
import csv, sys, time, duckdb
root, which, out = sys.argv[1:4]
con = duckdb.connect()
con.execute("SET threads = 2")
con.execute(f"CREATE VIEW olinpe_extracts AS SELECT * FROM read_parquet('{root}/olinpe/extractions.parquet')")
con.execute(f"CREATE VIEW olinpe_measure_rows AS SELECT * FROM read_parquet('{root}/olinpe/mesures.parquet')")
con.execute("""
CREATE VIEW olinpe_measures AS
SELECT departement, person, measure_type, drees_family, datdeb, end_date, ended, NOT ended AS censored, censor_date,
       CASE WHEN ended AND datfin IS NOT NULL THEN datfin - datdeb
            WHEN NOT ended THEN censor_date - datdeb END AS duration_days
FROM olinpe_measure_rows
""")
stock = """
WITH years AS (SELECT departement, year FROM olinpe_extracts),
m AS (
    SELECT departement, measure_type, person,
           unnest(range(CAST(stock_from AS BIGINT), CAST(stock_to AS BIGINT))) AS year
    FROM olinpe_measure_rows
),
s AS (SELECT y.departement, y.year, m.measure_type, m.person
      FROM years y JOIN m ON m.departement = y.departement AND m.year = y.year)
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
start = time.monotonic()
rows = con.execute(stock if which == "stock" else durations).fetchall()
print(f"requête seule : {time.monotonic() - start:.2f} s, {len(rows)} lignes")
with open(out, "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
PY
measure duckdb_stock "$venv/bin/python" "$case/duck.py" "$data" stock "$case/duck_stock.csv"
say "#   DuckDB stock, $(cat "$case/duckdb_stock.out")"
measure duckdb_durations "$venv/bin/python" "$case/duck.py" "$data" durations "$case/duck_durations.csv"
say "#   DuckDB durées, $(cat "$case/duckdb_durations.out")"

ratio() { awk -v a="$(cat "$case/$1.wall")" -v b="$(cat "$case/$2.wall")" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
say "# même SQL (référence), depbench / DuckDB : stock $(ratio reference_stock duckdb_stock)×, durées $(ratio reference_durations duckdb_durations)× (cible ≤ 1,0×)"
say "# vues (tables calculées à l'import) / DuckDB (SQL de référence) : stock $(ratio olinpe_stock duckdb_stock)×, durées $(ratio olinpe_durations duckdb_durations)× (pas le même travail : pour information)"

# Sorted rows without headers, numbers as integers: both engines must give the same table.
norm() { tail -n +"$2" "$1" | sed 's/\.0\b//g' | sort; }
cut -d, -f1-7 "$case/olinpe_durations.csv" > "$case/olinpe_durations.cut.csv"
cut -d, -f1-7 "$case/reference_durations.csv" > "$case/reference_durations.cut.csv"
for pair in "stock olinpe_stock.csv" "durations olinpe_durations.cut.csv" \
    "stock reference_stock.csv" "durations reference_durations.cut.csv"; do
    set -- $pair
    if diff <(norm "$case/$2" 2) <(norm "$case/duck_$1.csv" 1) > /dev/null; then
        say "# $1 : mêmes lignes dans $2 et DuckDB ($(($(wc -l < "$case/$2") - 1)) lignes)"
    else
        say "# $1 : DIFFÉRENT (diff $case/$2 $case/duck_$1.csv)"
    fi
done
say "# stock 2022 face à la DREES (olinpe_reconciliation, plus grands écarts en %) :"
awk -F, '$2 == 2022 && $9 != ""' "$case/olinpe_reconciliation.csv" | sort -t, -k9 -g | awk 'NR <= 3' | tee -a "$results"
if [ "$keep_xml" = 0 ]; then
    rm -rf "$extraits" "$case/synth.stamp"
    say "# extraits XML supprimés (KEEP_XML=0)"
fi
echo "== résultats : $results"
