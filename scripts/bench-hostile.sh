#!/usr/bin/env bash
# Hostile-input benchmark (issue 20 §3), release build, one run on this machine; elapsed time
# and peak RSS (/usr/bin/time -v) of:
#  - `LIMIT 1` and `count(*)` on a 1 GB `--table` CSV (generated: French département codes,
#    years, integers, decimals, text), `count(*)` under `--memory-limit 64MB`;
#  - importing a large tidy DREES CSV, TIDY_MB megabytes (default 500): ../shared's
#    ase-beneficiaires-2002-2022.csv repeated as it is (the rows stream: repeats are counted,
#    not held), then repeated with distinct keys (each copy's variables suffixed `_rN`: refused
#    past `drees_tidy::MAX_VALUES` distinct values, at the line that passes it);
#  - the Insee workbook of ../shared with one far cell (XFD1048576) in sheet `2022`, imported
#    and read with `--table`: refused naming sheet and range;
#  - the same workbook with a zip-bomb part (sheet `2022` padded with 1,5 GB of blanks,
#    about 1,6 MB compressed): refused naming the part.
# Targets (issue 20): LIMIT 1 well under a second and ≤ 300 MB; count(*) within the memory
# limit; workbooks refused in proportion to the cells present.
# Needs python3 and ../shared/data. Usage: scripts/bench-hostile.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depbench-release}"
if [ "${1:-}" != "--no-build" ]; then
    cargo build --release --locked
fi
bin="$CARGO_TARGET_DIR/release/depbench"
shared=../shared/data
[ -d "$shared/drees" ] || { echo "../shared/data is absent: nothing to measure" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "/usr/bin/time not found" >&2; exit 2; }
work="${BENCH_DIR:-$(mktemp -d)}"
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"

# One measured run: label, then the command; prints time, peak RSS and the exit status.
measure() {
    local label="$1"; shift
    local status=0
    /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt" || status=$?
    local secs rss
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt")
    printf '%-58s %10s %8s MB  exit %s\n' "$label" "$secs" "$rss" "$status"
    if [ "$status" != 0 ]; then sed -n '1,3p' "$work/err.txt" | cut -c1-400 | sed 's/^/    /'; fi
}

python3 - "$work" "$shared" "${TIDY_MB:-500}" <<'PY'
import os, sys, zipfile
work, shared, tidy_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
# 1 GB CSV for --table.
big = os.path.join(work, "big.csv")
if not os.path.exists(big):
    codes = [f"{i:02d}" for i in range(1, 96) if i != 20] + ["2A", "2B", "971", "972", "973", "974", "976"]
    with open(big, "w") as f:
        f.write("Département,annee,valeur,taux,libelle\n")
        size, i, chunk = 0, 0, []
        while size < 1 << 30:
            line = f"{codes[i % len(codes)]},{2000 + i % 23},{i},{(i % 1000) / 7:.3f},ligne {i}\n"
            chunk.append(line); size += len(line); i += 1
            if len(chunk) == 100000:
                f.write("".join(chunk)); chunk = []
        f.write("".join(chunk))
# Tidy CSV repeated as it is.
repeat_dir = os.path.join(work, "tidy-repeated")
os.makedirs(repeat_dir, exist_ok=True)
repeated = os.path.join(repeat_dir, "ase-beneficiaires-2002-2022.csv")
if not os.path.exists(repeated):
    text = open(os.path.join(shared, "drees/ase-beneficiaires-2002-2022.csv"), encoding="utf-8").read()
    header, _, body = text.partition("\n")
    with open(repeated, "w", encoding="utf-8") as f:
        f.write(header + "\n")
        size = 0
        while size < tidy_mb << 20:
            f.write(body); size += len(body)
# Tidy CSV repeated with distinct keys.
tidy_dir = os.path.join(work, "tidy")
os.makedirs(tidy_dir, exist_ok=True)
tidy = os.path.join(tidy_dir, "ase-beneficiaires-2002-2022.csv")
if not os.path.exists(tidy):
    lines = open(os.path.join(shared, "drees/ase-beneficiaires-2002-2022.csv"), encoding="utf-8").read().splitlines()
    header, rows = lines[0], [l.split(",") for l in lines[1:] if l]
    with open(tidy, "w", encoding="utf-8") as f:
        f.write(header + "\n")
        size, n = 0, 0
        while size < tidy_mb << 20:
            block = "".join(",".join(r[:5] + [f"{r[5]}_r{n}"] + r[6:]) + "\n" for r in rows)
            f.write(block); size += len(block); n += 1
# Workbooks: the Insee file with sheet `2022` (xl/worksheets/sheet2.xml) edited.
src = os.path.join(shared, "insee/estim-pop-dep-sexe-aq-1975-2022.xlsx")
def rewrite(dst, edit):
    if os.path.exists(dst):
        return
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                edit(out, info.filename, data)
            else:
                out.writestr(info.filename, data)
def far(out, name, data):
    out.writestr(name, data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'))
def bomb(out, name, data):
    head, tail = data.split(b"</sheetData>")
    with out.open(name, "w", force_zip64=True) as w:
        w.write(head)
        blank = b" " * (1 << 20)
        for _ in range(1500):
            w.write(blank)
        w.write(b"</sheetData>" + tail)
rewrite(os.path.join(work, "far-cell.xlsx"), far)
rewrite(os.path.join(work, "zip-bomb.xlsx"), bomb)
PY
ls -l "$work"/big.csv "$work"/tidy*/*.csv "$work"/*.xlsx | awk '{printf "%-50s %12d bytes\n", $NF, $5}'
rm -rf "$work/data"; cp -r data "$work/data"

measure "LIMIT 1, 1 GB --table CSV" "$bin" query --table "t=$work/big.csv" "SELECT * FROM t LIMIT 1"
measure "count(*), 1 GB --table CSV, --memory-limit 64MB" "$bin" query --memory-limit 64MB --table "t=$work/big.csv" "SELECT count(*) FROM t"
measure "count(*), sum, count distinct, 1 GB CSV, 64MB" "$bin" query --memory-limit 64MB --table "t=$work/big.csv" "SELECT count(*), sum(valeur), count(DISTINCT \"Département\") FROM t"
measure "import far-cell workbook (refused)" "$bin" --data-dir "$work/data" import "$work/far-cell.xlsx"
measure "--table far-cell workbook (refused)" "$bin" query --table "t=$work/far-cell.xlsx#2022" "SELECT 1"
measure "import zip-bomb workbook (refused)" "$bin" --data-dir "$work/data" import "$work/zip-bomb.xlsx"
measure "import tidy CSV, repeated rows ($(du -m "$work/tidy-repeated/ase-beneficiaires-2002-2022.csv" | cut -f1) MB)" "$bin" --data-dir "$work/data" import -q "$work/tidy-repeated"
measure "import tidy CSV, distinct keys ($(du -m "$work/tidy/ase-beneficiaires-2002-2022.csv" | cut -f1) MB, refused)" "$bin" --data-dir "$work/data" import -q "$work/tidy"
