//! DREES *séries longues* workbooks (bénéficiaires — all-in-one up to the 2020 edition, ASE-only
//! since 2022 —, dépenses, personnel), any edition → observations of that edition.
//!
//! Recognition reads the tables, not the file name nor exact sentences: a sheet holds a series
//! when it has a header block (`Code région | Code département | Département | years…`, or
//! `Numéro de département | Département | years…` for the personnel, or years alone for the
//! national MNA count) under a title naming the series by its keywords ([`SERIES`]). Sheets of
//! other fields (personnes âgées, handicapées, RSA…) are accounted for and skipped. Years must
//! be consecutive integers; every value cell a number or a documented marker; every code a
//! known territory. Cells outside the table block (a leftover check formula under a total) are
//! reported in the account, not loaded. The edition is the end of the coverage the workbook
//! prints in its summary (« de 1996 à 2019 ») or, if later, its last year of data.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader};

use super::book::{self, Book, Sheet, Value, is_blank, normalise, squash, text, year_of};
pub use super::series::{SERIES, Series, series_of};
use super::territories::{Known, aggregate_code, departement_code};
use super::{Account, ObservationRow, a1, number_text, value_status};
use crate::error::{Error, Result};
use crate::model::numbers::{self, Measure};

/// The three DREES publications read from workbooks (and their tidy conversions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Publication {
    Beneficiaires,
    Depenses,
    Personnel,
}

impl Publication {
    /// Stem of the workbook source ids: `drees-benef-sl-2020`.
    pub fn workbook_stem(self) -> &'static str {
        match self {
            Publication::Beneficiaires => "drees-benef-sl",
            Publication::Depenses => "drees-dep-sl",
            Publication::Personnel => "drees-pers",
        }
    }

    /// Stem of the tidy-CSV source ids: `drees-benef-2022`.
    pub fn tidy_stem(self) -> &'static str {
        match self {
            Publication::Beneficiaires => "drees-benef",
            Publication::Depenses => "drees-dep",
            Publication::Personnel => "drees-assfam",
        }
    }

    /// French name of the publication, for sources and accounts.
    pub fn title(self) -> &'static str {
        match self {
            Publication::Beneficiaires => {
                "Bénéficiaires de l'aide sociale départementale (aide sociale à l'enfance), séries longues"
            }
            Publication::Depenses => {
                "Dépenses d'aide sociale départementale (aide sociale à l'enfance), séries longues"
            }
            Publication::Personnel => {
                "Personnel départemental de l'action sociale et médico-sociale (assistants familiaux), séries longues"
            }
        }
    }

    /// Values are head counts (fractional ones are DREES imputations); spending is in k€.
    pub fn counts(self) -> bool {
        self != Publication::Depenses
    }
}

/// One DREES workbook read: the edition it is and every value it holds.
#[derive(Debug)]
pub struct WorkbookEdition {
    pub publication: Publication,
    pub edition: i32,
    pub source_id: String,
    pub rows: Vec<ObservationRow>,
    pub accounts: Vec<Account>,
    pub first_year: i32,
    pub last_year: i32,
}

/// Read a DREES long-series workbook. `Ok(Err(reason))`: not such a workbook (why); `Err`:
/// such a workbook with a cell that breaks the rules.
pub fn read(
    path: &Path,
    book: &mut Book,
    known: &Known,
) -> Result<std::result::Result<WorkbookEdition, String>> {
    let file = super::file_name(path);
    let names = book.sheet_names().to_vec();
    let mut accounts = Vec::new();
    let mut rows = Vec::new();
    let mut found: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut publications = BTreeMap::new();
    let mut coverage_end = None;
    let mut years = (i32::MAX, i32::MIN);
    for name in names.iter() {
        let mut sheet = Sheet::read(book, path, name)?;
        let norm = normalise(name);
        if norm.contains("sommaire") || norm.contains("présentation") {
            coverage_end = coverage_end.max(coverage(&sheet));
        }
        let Some(table) = find_table(&sheet) else {
            let mut a = Account::new(format!("{file} feuille `{name}`"));
            a.rows_read += 1;
            a.skip(
                "pas de tableau de série (sommaire, notes ou autre mise en page)",
                name.clone(),
            );
            accounts.push(a);
            continue;
        };
        let Some(spec) = table.series else {
            let mut a = Account::new(format!("{file} feuille `{name}`"));
            a.rows_read += 1;
            a.skip(
                format!(
                    "pas une série de l'ASE lue par depbench («{}»)",
                    table.title
                ),
                name.clone(),
            );
            accounts.push(a);
            continue;
        };
        // National summary tables (« Données nationales ») repeat series read by département:
        // only the MNA count is published nationally alone.
        if table.layout == Layout::National && spec.indicator != "NbMNA" {
            let mut a = Account::new(format!("{file} feuille `{name}`"));
            a.rows_read += 1;
            a.skip(
                format!(
                    "tableau de synthèse nationale («{}») : séries lues dans les tableaux par département",
                    table.title
                ),
                name.clone(),
            );
            accounts.push(a);
            continue;
        }
        if let Some(first) = found.insert(spec.indicator, name.clone()) {
            return Err(Error::Workbook {
                path: path.to_path_buf(),
                message: format!(
                    "la série {} est dans deux feuilles, `{first}` et `{name}` : attendu : une feuille par série",
                    spec.indicator
                ),
            });
        }
        *publications.entry(spec.publication).or_insert(0) += 1;
        let reader = SheetReader {
            path,
            file: &file,
            spec,
            known,
            table: &table,
        };
        let (mut sheet_rows, account) = reader.read(&mut sheet, book)?;
        for &(_, y) in &table.years {
            years = (years.0.min(y), years.1.max(y));
        }
        rows.append(&mut sheet_rows);
        accounts.push(account);
    }
    let publication = match publications.len() {
        0 => {
            return Ok(Err(
                "aucun tableau de séries longues DREES : aucune feuille n'a d'en-tête `Code région | Code département | Département | années…` (ou `Numéro de département | Département | années…`) sous un titre nommant une série de l'ASE"
                    .into(),
            ));
        }
        1 => *publications.keys().next().expect("one"),
        _ => {
            return Err(Error::Workbook {
                path: path.to_path_buf(),
                message: format!(
                    "séries de plusieurs publications dans un même classeur ({:?}) : attendu : une publication par classeur",
                    publications.keys().collect::<Vec<_>>()
                ),
            });
        }
    };
    let edition = coverage_end.unwrap_or(years.1).max(years.1);
    let source_id = format!("{}-{edition}", publication.workbook_stem());
    for r in &mut rows {
        r.source_id = source_id.clone();
        r.edition = edition.to_string();
    }
    Ok(Ok(WorkbookEdition {
        publication,
        edition,
        source_id,
        rows,
        accounts,
        first_year: years.0,
        last_year: years.1,
    }))
}

/// The latest year of a coverage printed in a summary sheet: « de 1996 à 2020 »,
/// « séries longues 2014 à 2020 », « 1999-2018 ».
fn coverage(sheet: &Sheet) -> Option<i32> {
    let ((r0, c0), (r1, c1)) = sheet.bounds();
    let mut best = None;
    for r in r0..=r1.min(r0 + 80) {
        for c in c0..=c1.min(c0 + 10) {
            if let Data::String(s) = sheet.get(r, c) {
                best = best.max(coverage_in(s));
            }
        }
    }
    best
}

/// End year of every `YYYY à YYYY` / `YYYY-YYYY` in a text, the latest.
pub fn coverage_in(s: &str) -> Option<i32> {
    let chars: Vec<char> = s.chars().collect();
    let mut years = Vec::new();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let is_year = chars[i..i + 4].iter().all(char::is_ascii_digit)
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if is_year {
            let y: i32 = chars[i..i + 4].iter().collect::<String>().parse().ok()?;
            years.push((i, y));
            i += 4;
        } else {
            i += 1;
        }
    }
    let mut best = None;
    for w in years.windows(2) {
        let ((i, a), (j, b)) = (w[0], w[1]);
        let between: String = chars[i + 4..j].iter().collect();
        let joined = matches!(between.trim(), "à" | "-" | "–" | "au");
        if joined && (1900..=2100).contains(&a) && a < b && b <= 2100 {
            best = best.max(Some(b));
        }
    }
    best
}

/// How a sheet lays out its codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `Code région | Code département | Département | years…` then a region block.
    Series,
    /// `Numéro de département | Département | years…` (personnel workbook).
    Staff,
    /// Years only, national total rows (MNA sheet).
    National,
}

/// The table block found in a sheet.
#[derive(Debug)]
pub struct Table {
    pub title: String,
    pub series: Option<&'static Series>,
    pub layout: Layout,
    pub header_row: u32,
    /// (column, year), consecutive years.
    pub years: Vec<(u32, i32)>,
    /// Non-empty header cells right of the years, reported as stray.
    pub stray_header: Vec<u32>,
}

fn labels_match(sheet: &Sheet, row: u32, wanted: &[&[&str]]) -> bool {
    wanted.iter().enumerate().all(|(c, accepted)| {
        let got = normalise(&text(sheet.get(row, c as u32)));
        accepted.contains(&got.as_str())
    })
}

const SERIES_LABELS: [&[&str]; 3] = [
    &["code région"],
    &["code département", "numéro de département"],
    &["département", "départements"],
];
const STAFF_LABELS: [&[&str]; 2] = [
    &["numéro de département", "code département"],
    &["département", "départements"],
];

/// Find the header block: the first row with a year in column B-E followed by the next year
/// (or labelled like a DREES header). `None`: no table of years in this sheet.
fn find_table(sheet: &Sheet) -> Option<Table> {
    let ((r0, _), (r1, c1)) = sheet.bounds();
    let mut header = None;
    'rows: for r in r0..=r1.min(r0 + 40) {
        for c in 1..=4u32.min(c1) {
            if let Some(y) = year_of(sheet.get(r, c)) {
                let next = year_of(sheet.get(r, c + 1)) == Some(y + 1);
                let labelled = (c == 3 && labels_match(sheet, r, &SERIES_LABELS))
                    || (c == 2 && labels_match(sheet, r, &STAFF_LABELS));
                if next || labelled {
                    header = Some((r, c));
                    break 'rows;
                }
            }
        }
    }
    let (header_row, first_col) = header?;
    // A header whose labels are not DREES's is reported at the first wrong label once the
    // title shows the sheet is a series ([`SheetReader::check_labels`]).
    let layout = if (0..first_col).all(|c| text(sheet.get(header_row, c)).is_empty()) {
        Layout::National
    } else if first_col == 2 {
        Layout::Staff
    } else {
        Layout::Series
    };
    // Title: the first line above the header naming a series; else the first text line.
    let mut title = String::new();
    let mut series = None;
    for r in r0..header_row {
        let t = squash(&text(sheet.get(r, 0)));
        if t.is_empty() {
            continue;
        }
        if title.is_empty() {
            title = t.clone();
        }
        let found = series_of(&t);
        if let Some(first) = found.first() {
            series = Some(*first);
            title = t;
            break;
        }
    }
    let mut years = Vec::new();
    let mut c = first_col;
    while let Some(y) = year_of(sheet.get(header_row, c)) {
        years.push((c, y));
        c += 1;
    }
    let stray_header = (c..=c1)
        .filter(|&c| !matches!(sheet.get(header_row, c), Data::Empty))
        .collect();
    Some(Table {
        title,
        series,
        layout,
        header_row,
        years,
        stray_header,
    })
}

struct SheetReader<'a> {
    path: &'a Path,
    file: &'a str,
    spec: &'a Series,
    known: &'a Known,
    table: &'a Table,
}

impl SheetReader<'_> {
    fn cell_error(&self, sheet: &Sheet, row: u32, col: u32, message: String) -> Error {
        Error::Cell {
            path: self.path.to_path_buf(),
            sheet: sheet.name.clone(),
            cell: a1(row, col),
            message,
        }
    }

    fn read(&self, sheet: &mut Sheet, book: &mut Book) -> Result<(Vec<ObservationRow>, Account)> {
        let mut account = Account::new(format!("{} feuille `{}`", self.file, sheet.name));
        let ((r0, _), (r1, c1)) = sheet.bounds();
        let t = self.table;
        let h = t.header_row;
        let last_col = t.years.last().map_or(0, |&(c, _)| c);
        if let Some(region) = sheet.merged_in_row(h, 0, last_col) {
            return Err(self.cell_error(
                sheet,
                h,
                0,
                format!(
                    "cellules d'en-tête fusionnées {region} : attendu : un libellé ou une année par colonne dans la ligne d'en-tête"
                ),
            ));
        }
        self.check_labels(sheet, h)?;
        self.check_years(sheet, h)?;
        for r in r0..=h {
            account.rows_read += 1;
            account.skip("bloc de titre ou en-tête", format!("ligne {}", r + 1));
        }
        for &c in &t.stray_header {
            account.skip(
                "cellule isolée hors du bloc du tableau (non chargée)",
                stray(sheet, book, h, c),
            );
        }

        let mut in_regions = false;
        let mut seen_totals: BTreeMap<String, u32> = BTreeMap::new();
        let mut rows = Vec::new();
        for r in h + 1..=r1 {
            account.rows_read += 1;
            let a_text = squash(&text(sheet.get(r, 0)));
            let has_numbers = t
                .years
                .iter()
                .any(|&(c, _)| matches!(sheet.get(r, c), Data::Float(_) | Data::Int(_)));
            // Cells right of the years are outside the table block.
            for c in last_col + 1..=c1 {
                if !matches!(sheet.get(r, c), Data::Empty) {
                    account.skip(
                        "cellule isolée hors du bloc du tableau (non chargée)",
                        stray(sheet, book, r, c),
                    );
                }
            }
            let labelled = (1..t.years.first().map_or(1, |y| y.0))
                .any(|c| !matches!(sheet.get(r, c), Data::Empty));
            let (territory, estimated) = if a_text.is_empty() && labelled && has_numbers {
                // A row of the table that lost its code: never guessed from its name.
                return Err(self.cell_error(
                    sheet,
                    r,
                    0,
                    "des valeurs sans code de territoire".into(),
                ));
            } else if a_text.is_empty() {
                let cells: Vec<u32> = (1..=last_col)
                    .filter(|&c| !matches!(sheet.get(r, c), Data::Empty))
                    .collect();
                if cells.is_empty() {
                    account.skip("ligne vide", format!("ligne {}", r + 1));
                } else {
                    for c in cells {
                        account.skip(
                            "cellule isolée hors du bloc du tableau (non chargée)",
                            stray(sheet, book, r, c),
                        );
                    }
                }
                continue;
            } else if let Some(code) = aggregate_code(&a_text) {
                if let Some(first) = seen_totals.get(code) {
                    account.skip(
                        format!("répète un total déjà lu (d'abord à la ligne {})", first + 1),
                        format!("ligne {}", r + 1),
                    );
                    continue;
                }
                seen_totals.insert(code.to_string(), r);
                (code.to_string(), true)
            } else if a_text.to_lowercase().starts_with("total") && has_numbers {
                return Err(self.cell_error(
                    sheet,
                    r,
                    0,
                    format!("agrégat national inconnu «{a_text}»"),
                ));
            } else if normalise(&a_text).starts_with("code") {
                in_regions = true;
                self.check_years(sheet, r)?;
                account.skip("bloc de titre ou en-tête", format!("ligne {}", r + 1));
                continue;
            } else if self.table.layout == Layout::Staff
                && a_text.len() <= 3
                && a_text.starts_with(|c: char| c.is_ascii_digit())
            {
                let code = departement_code(&a_text);
                if !self.known.contains(&code) {
                    return Err(self.cell_error(
                        sheet,
                        r,
                        0,
                        format!("code de territoire inconnu `{code}`"),
                    ));
                }
                (code, false)
            } else if self.table.layout == Layout::Series
                && a_text.chars().all(|c| c.is_ascii_digit() || c == '.')
            {
                (self.series_territory(sheet, r, &a_text, in_regions)?, false)
            } else {
                if has_numbers {
                    return Err(self.cell_error(
                        sheet,
                        r,
                        0,
                        format!("attendu : un code de territoire ou un libellé de total ; trouvé : «{a_text}»"),
                    ));
                }
                account.skip("ligne de note", format!("ligne {}", r + 1));
                continue;
            };
            for &(c, year) in &t.years {
                let cell = sheet.get(r, c);
                let read = match cell {
                    cell if is_blank(cell) => match sheet.formula(book, r, c) {
                        Some(f) => Err(format!(
                            "{} ; trouvé : la formule ={f} sans résultat enregistré (ouvrez et enregistrez le classeur dans un tableur pour la calculer)",
                            book::expected()
                        )),
                        None => Ok(Value::Marker("missing")),
                    },
                    other => book::value(other),
                };
                let counts = self.spec.publication.counts();
                let read = read
                    .and_then(|v| match v {
                        Value::Number(n) => numbers::check(n, Measure::drees(counts)).map(|()| v),
                        marker => Ok(marker),
                    })
                    .map_err(|m| {
                        self.cell_error(
                            sheet,
                            r,
                            c,
                            format!("{} {year} de {territory} : {m}", self.spec.indicator),
                        )
                    })?;
                let (value, status) = match read {
                    Value::Number(v) => (number_text(v), value_status(v, counts, estimated)),
                    Value::Marker(status) => (String::new(), status),
                };
                rows.push(ObservationRow {
                    territory: territory.clone(),
                    indicator: self.spec.indicator.to_string(),
                    year,
                    value,
                    status: status.to_string(),
                    source_id: String::new(),
                    source_ref: format!("{}!{}", sheet.name, a1(r, c)),
                    edition: String::new(),
                });
                account.values_loaded += 1;
            }
            account.rows_loaded += 1;
        }
        Ok((rows, account))
    }

    /// Header labels must be DREES's: a renamed column is an error, not a guess.
    fn check_labels(&self, sheet: &Sheet, row: u32) -> Result<()> {
        let expected: &[&[&str]] = match self.table.layout {
            Layout::Series => &SERIES_LABELS,
            Layout::Staff => &STAFF_LABELS,
            Layout::National => return Ok(()),
        };
        let first_year_col = self.table.years.first().map_or(0, |&(c, _)| c) as usize;
        if expected.len() != first_year_col {
            return Err(self.cell_error(
                sheet,
                row,
                0,
                format!(
                    "attendu : les années à partir de la colonne D (après Code région | Code département | Département) ou C (après Numéro de département | Département) ; trouvé : à partir de la colonne {}",
                    a1(0, first_year_col as u32).trim_end_matches('1')
                ),
            ));
        }
        for (c, accepted) in expected.iter().enumerate() {
            let got = squash(&text(sheet.get(row, c as u32)));
            if !accepted.contains(&normalise(&got).as_str()) {
                let shown: Vec<String> = accepted
                    .iter()
                    .map(|a| crate::model::format::capitalise(a))
                    .collect();
                return Err(self.cell_error(
                    sheet,
                    row,
                    c as u32,
                    format!(
                        "attendu : l'en-tête «{}» ; trouvé : «{got}»",
                        shown.join("» or «")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A header row's years: the table's years, consecutive, in the same columns.
    fn check_years(&self, sheet: &Sheet, row: u32) -> Result<()> {
        let mut previous: Option<i32> = None;
        for &(c, _) in &self.table.years {
            let cell = sheet.get(row, c);
            let Some(y) = year_of(cell) else {
                return Err(self.cell_error(
                    sheet,
                    row,
                    c,
                    format!(
                        "attendu : une année dans l'en-tête ; trouvé : «{}»",
                        text(cell)
                    ),
                ));
            };
            if let Some(p) = previous
                && y != p + 1
            {
                return Err(self.cell_error(
                    sheet,
                    row,
                    c,
                    format!(
                        "attendu : l'année {} après {p} (années consécutives) ; trouvé : {y}",
                        p + 1
                    ),
                ));
            }
            let want = self
                .table
                .years
                .iter()
                .find(|&&(cc, _)| cc == c)
                .map(|x| x.1);
            if want != Some(y) {
                return Err(self.cell_error(
                    sheet,
                    row,
                    c,
                    format!(
                        "attendu : l'année {} (comme dans le premier en-tête, ligne {}) ; trouvé : {y}",
                        want.unwrap_or(0),
                        self.table.header_row + 1
                    ),
                ));
            }
            previous = Some(y);
        }
        Ok(())
    }

    /// Territory of a row whose column A is a region code.
    fn series_territory(
        &self,
        sheet: &Sheet,
        r: u32,
        region: &str,
        in_regions: bool,
    ) -> Result<String> {
        let region = region.trim_end_matches(".0");
        if in_regions {
            let code = format!("R{region}");
            return if self.known.contains(&code) {
                Ok(code)
            } else {
                Err(self.cell_error(sheet, r, 0, format!("code de région inconnu `{region}`")))
            };
        }
        let b_text = text(sheet.get(r, 1)).trim().to_string();
        let c_empty = matches!(sheet.get(r, 2), Data::Empty);
        let looks_like_code = !b_text.is_empty()
            && b_text.len() <= 5
            && b_text.chars().next().is_some_and(|c| c.is_ascii_digit());
        if looks_like_code {
            let code = departement_code(&b_text);
            return if self.known.contains(&code) {
                Ok(code)
            } else {
                Err(self.cell_error(sheet, r, 1, format!("code de territoire inconnu `{code}`")))
            };
        }
        // Overseas départements printed as «region code | name» in the département block.
        match (c_empty, self.known.sole_departement(region)) {
            (true, Some(dep)) => Ok(dep.to_string()),
            _ => Err(self.cell_error(
                sheet,
                r,
                1,
                format!("code de territoire inconnu «{b_text}» (région {region})"),
            )),
        }
    }
}

/// A stray cell for the account: `D116 (=D115-D147 → 0)` or `F3 «note»`.
fn stray(sheet: &mut Sheet, book: &mut Book, r: u32, c: u32) -> String {
    let shown = text(sheet.get(r, c));
    match sheet.formula(book, r, c) {
        Some(f) => format!("{} (={f} → {shown})", a1(r, c)),
        None => format!("{} «{shown}»", a1(r, c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_name_their_series_in_every_wording() {
        let one = |t: &str| series_of(t).iter().map(|s| s.indicator).collect::<Vec<_>>();
        assert_eq!(
            one("Tableau 11 - Nombre de mineurs non accompagnés pris en charge"),
            ["NbMNA"]
        );
        assert_eq!(
            one("Tableau 6 – Dépenses brutes totales de placement(*) par département"),
            ["DepBrutePlacementASE"]
        );
        assert_eq!(
            one("Tableau 6 – Dépenses brutes totales de placements(*) par département"),
            ["DepBrutePlacementASE"]
        );
        assert_eq!(
            one("Tableau 8 – Dépenses brutes de placement en établissement par département"),
            ["DepBrutePlacementetabASE"]
        );
        assert_eq!(
            one(
                "Tableau 8 – Dépenses brutes de placements hors familles d'accueil par département"
            ),
            ["DepBrutePlacementetabASE"]
        );
        assert_eq!(
            one("Tableau 3 - Enfants confiés à l'ASE placés en familles d'accueil")[0],
            "TotEnfASEPlacesFamillesAccueil"
        );
        assert_eq!(
            one("Tableau 2 – Dépenses brutes totales d’aide aux personnes âgées par département"),
            Vec::<&str>::new()
        );
        assert_eq!(
            one("Effectifs au 31/12 - Total général (y.c. assistants familiaux)"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn coverage_is_read_from_summaries() {
        assert_eq!(coverage_in("Données nationales de 1996 à 2019"), Some(2019));
        assert_eq!(coverage_in("séries longues 2014 à 2018"), Some(2018));
        assert_eq!(coverage_in("1999-2018"), Some(2018));
        assert_eq!(coverage_in("ajout des données sur l'année 2016"), None);
    }
}
