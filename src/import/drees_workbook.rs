//! DREES *séries longues* workbooks as published (xlsx): one row per territory, one column per
//! year, values at 31 December → `data/observations/drees-sl-*.csv`.
//!
//! Layout (checked, not assumed): a title in A1, a header row (`Code région`, `Code
//! département`, `Département`, then years), a département block, a second header and a region
//! block. Overseas départements appear in some sheets as their region code with the name in
//! column B; they are resolved through the département list, by code. Totals are labelled,
//! not coded ([`aggregate_code`]).

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Range, Reader, open_workbook_auto};

use super::territories::{Known, aggregate_code, departement_code};
use super::{
    Account, ObservationRow, Output, a1, file_name, files, marker, number_text, observations_csv,
    value_status,
};
use crate::error::{Error, Result};

/// Edition of the published workbooks.
pub const EDITION: &str = "2020";

/// How a sheet lays out its codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `Code région | Code département | Département | years…` then a region block.
    Series,
    /// `Numéro de département | Département | years…` (personnel workbook).
    Staff,
    /// Years from column D and a single national total row (MNA sheet).
    National,
}

/// One sheet to import: its name, the indicator it holds and a phrase its title must contain.
#[derive(Debug, Clone, Copy)]
pub struct SheetSpec {
    pub sheet: &'static str,
    pub indicator: &'static str,
    pub title: &'static str,
    pub layout: Layout,
}

const fn spec(
    sheet: &'static str,
    indicator: &'static str,
    title: &'static str,
    layout: Layout,
) -> SheetSpec {
    SheetSpec {
        sheet,
        indicator,
        title,
        layout,
    }
}

/// Beneficiaries workbook: the ASE sheets.
pub const BENEF_SHEETS: [SheetSpec; 11] = [
    spec(
        "Tab1-ase",
        "TotEnfAccueillisASE",
        "enfants accueillis à l'ASE",
        Layout::Series,
    ),
    spec(
        "Tab2-ase",
        "TotEnfConfiesASE",
        "enfants confiés à l'ASE",
        Layout::Series,
    ),
    spec(
        "Tab3-ase",
        "TotEnfASEPlacesFamillesAccueil",
        "placés en familles d'accueil",
        Layout::Series,
    ),
    spec(
        "Tab4-ase",
        "TotEnfASEPlacesEtab",
        "placés en établissements",
        Layout::Series,
    ),
    spec(
        "Tab5-ase",
        "TotEnfASEDirectJuge",
        "placements directs par le juge",
        Layout::Series,
    ),
    spec(
        "Tab6-ase",
        "TotBenefAE",
        "actions éducatives (AED et AEMO)",
        Layout::Series,
    ),
    spec(
        "Tab7-ase",
        "TotBenefAED",
        "actions éducatives à domicile (AED)",
        Layout::Series,
    ),
    spec(
        "Tab8-ase",
        "TotBenefAEMO",
        "actions éducatives en milieu ouvert (AEMO)",
        Layout::Series,
    ),
    spec(
        "Tab9-ase",
        "TotEnfASEMesuresAdmin",
        "mesures administratives",
        Layout::Series,
    ),
    spec(
        "Tab10-ase",
        "TotEnfASEMesuresJudic",
        "mesures judiciaires",
        Layout::Series,
    ),
    spec(
        "Tab11-ase",
        "NbMNA",
        "mineurs et jeunes majeurs non accompagnés",
        Layout::National,
    ),
];

/// Spending workbook: the ASE sheets, in thousands of euros.
pub const SPENDING_SHEETS: [SheetSpec; 8] = [
    spec(
        "ASE-tab1",
        "DepNetteASE",
        "Dépenses nettes totales d’aide sociale à l’enfance",
        Layout::Series,
    ),
    spec(
        "ASE-tab2",
        "DepBruteASE",
        "Dépenses brutes totales d’aide sociale à l’enfance",
        Layout::Series,
    ),
    spec(
        "ASE-tab3",
        "DepBruteAllocASE",
        "Dépenses brutes totales d'allocations",
        Layout::Series,
    ),
    spec(
        "ASE-tab4",
        "DepBruteAEDAEMO",
        "Dépenses brutes d’actions éducatives (AED et AEMO)",
        Layout::Series,
    ),
    spec(
        "ASE-tab5",
        "DepBrutePrevSpe",
        "Dépenses brutes de prévention spécialisée",
        Layout::Series,
    ),
    spec(
        "ASE-tab6",
        "DepBrutePlacementASE",
        "Dépenses brutes totales de placements",
        Layout::Series,
    ),
    spec(
        "ASE-tab7",
        "DepBrutePlacementFamASE",
        "Dépenses brutes de placement familial",
        Layout::Series,
    ),
    spec(
        "ASE-tab8",
        "DepBrutePlacementetabASE",
        "Dépenses brutes de placements hors familles d'accueil",
        Layout::Series,
    ),
];

/// Personnel workbook: assistants familiaux.
pub const STAFF_SHEETS: [SheetSpec; 1] = [spec(
    "eff - pers ass fam",
    "effpersassfam",
    "Assistants familiaux employés par le conseil départemental",
    Layout::Staff,
)];

/// Import the three published workbooks.
pub fn import(shared_data: &Path, known: &Known) -> Result<Output> {
    let mut out = Output::default();
    let books: [(&str, &[SheetSpec], &'static str, &str, bool); 3] = [
        (
            files::BENEF_WORKBOOK,
            &BENEF_SHEETS,
            "drees-benef-sl-2020",
            "drees-sl-beneficiaires-2002-2020.csv",
            true,
        ),
        (
            files::SPENDING_WORKBOOK,
            &SPENDING_SHEETS,
            "drees-dep-sl-2020",
            "drees-sl-depenses-1999-2019.csv",
            false,
        ),
        (
            files::STAFF_WORKBOOK,
            &STAFF_SHEETS,
            "drees-pers-2020",
            "drees-sl-assistants-familiaux-2014-2020.csv",
            true,
        ),
    ];
    for (file, sheets, source_id, target, counts) in books {
        let (rows, accounts) =
            read_workbook(&shared_data.join(file), sheets, source_id, counts, known)?;
        out.file(format!("observations/{target}"), observations_csv(rows));
        out.accounts.extend(accounts);
    }
    Ok(out)
}

/// Read the given sheets of one workbook. `counts`: values are head counts (fractional ones
/// are DREES imputations).
pub fn read_workbook(
    path: &Path,
    sheets: &[SheetSpec],
    source_id: &'static str,
    counts: bool,
    known: &Known,
) -> Result<(Vec<ObservationRow>, Vec<Account>)> {
    let mut book = open_workbook_auto(path).map_err(|e| Error::Workbook {
        path: path.to_path_buf(),
        message: format!("cannot open workbook (corrupt or not xlsx?): {e}"),
    })?;
    let mut rows = Vec::new();
    let mut accounts = Vec::new();
    for spec in sheets {
        if !book.sheet_names().iter().any(|n| n == spec.sheet) {
            return Err(Error::Workbook {
                path: path.to_path_buf(),
                message: format!("missing sheet `{}`", spec.sheet),
            });
        }
        let range = book
            .worksheet_range(spec.sheet)
            .map_err(|e| Error::Workbook {
                path: path.to_path_buf(),
                message: format!("sheet `{}`: cannot read: {e}", spec.sheet),
            })?;
        let reader = SheetReader {
            path,
            file: file_name(path),
            spec,
            source_id,
            counts,
            known,
            range: &range,
        };
        let (mut sheet_rows, account) = reader.read()?;
        rows.append(&mut sheet_rows);
        accounts.push(account);
    }
    Ok((rows, accounts))
}

struct SheetReader<'a> {
    path: &'a Path,
    file: String,
    spec: &'a SheetSpec,
    source_id: &'static str,
    counts: bool,
    known: &'a Known,
    range: &'a Range<Data>,
}

/// Text of a cell, numbers included (`10.0` reads `10`).
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => number_text(*f),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn year_of(cell: &Data) -> Option<i32> {
    let y: i32 = match cell {
        Data::Float(f) if f.fract() == 0.0 => *f as i32,
        Data::Int(i) => *i as i32,
        Data::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (1900..=2100).contains(&y).then_some(y)
}

impl SheetReader<'_> {
    fn cell_error(&self, row: u32, col: u32, message: String) -> Error {
        Error::Cell {
            path: self.path.to_path_buf(),
            sheet: self.spec.sheet.to_string(),
            cell: a1(row, col),
            message,
        }
    }

    fn get(&self, row: u32, col: u32) -> &Data {
        self.range.get_value((row, col)).unwrap_or(&Data::Empty)
    }

    fn read(&self) -> Result<(Vec<ObservationRow>, Account)> {
        let mut account = Account::new(format!("{} sheet `{}`", self.file, self.spec.sheet));
        let (r0, _) = self.range.start().unwrap_or((0, 0));
        let (r1, c1) = self.range.end().unwrap_or((0, 0));

        let title = text(self.get(r0, 0));
        if !squash(&title).contains(self.spec.title) {
            return Err(self.cell_error(
                r0,
                0,
                format!(
                    "expected a title containing «{}», found «{}»",
                    self.spec.title,
                    squash(&title)
                ),
            ));
        }

        let first_year_col = if self.spec.layout == Layout::Staff {
            2
        } else {
            3
        };
        let header_row = (r0..=r1)
            .find(|&r| year_of(self.get(r, first_year_col)).is_some())
            .ok_or_else(|| Error::Workbook {
                path: self.path.to_path_buf(),
                message: format!(
                    "sheet `{}`: no header row with years from column {}",
                    self.spec.sheet,
                    a1(0, first_year_col).trim_end_matches('1')
                ),
            })?;
        self.check_header_labels(header_row)?;
        let mut years = Vec::new();
        for c in first_year_col..=c1 {
            match self.get(header_row, c) {
                Data::Empty => break,
                cell => match year_of(cell) {
                    Some(y) => years.push((c, y)),
                    None => {
                        return Err(self.cell_error(
                            header_row,
                            c,
                            format!("expected a year in the header, found «{}»", text(cell)),
                        ));
                    }
                },
            }
        }
        // Rows above the header are the title block.
        for r in r0..=header_row {
            account.rows_read += 1;
            account.skip("title block or header", format!("row {}", r + 1));
        }

        let mut in_regions = false;
        let mut seen_totals: BTreeMap<String, u32> = BTreeMap::new();
        let mut rows = Vec::new();
        for r in header_row + 1..=r1 {
            account.rows_read += 1;
            let a = self.get(r, 0);
            let a_text = squash(&text(a));
            let has_numbers = years
                .iter()
                .any(|&(c, _)| matches!(self.get(r, c), Data::Float(_) | Data::Int(_)));
            let (territory, estimated) = if a_text.is_empty() {
                if has_numbers {
                    return Err(self.cell_error(r, 0, "values without a territory code".into()));
                }
                account.skip("empty or note row", format!("row {}", r + 1));
                continue;
            } else if let Some(code) = aggregate_code(&a_text) {
                if let Some(first) = seen_totals.get(code) {
                    account.skip(
                        format!("repeats a total already read (first at row {})", first + 1),
                        format!("row {}", r + 1),
                    );
                    continue;
                }
                seen_totals.insert(code.to_string(), r);
                (code.to_string(), true)
            } else if a_text.to_lowercase().starts_with("total") && has_numbers {
                return Err(self.cell_error(
                    r,
                    0,
                    format!("unknown national aggregate «{a_text}»"),
                ));
            } else if a_text.starts_with("Code") {
                in_regions = true;
                account.skip("title block or header", format!("row {}", r + 1));
                continue;
            } else if self.spec.layout == Layout::Staff
                && a_text.len() <= 3
                && a_text.starts_with(|c: char| c.is_ascii_digit())
            {
                let code = departement_code(&a_text);
                if !self.known.contains(&code) {
                    return Err(self.cell_error(r, 0, format!("unknown territory code `{code}`")));
                }
                (code, false)
            } else if a_text.chars().all(|c| c.is_ascii_digit() || c == '.') {
                (self.series_territory(r, &a_text, in_regions)?, false)
            } else {
                if has_numbers {
                    return Err(self.cell_error(r, 0, format!("unknown territory «{a_text}»")));
                }
                account.skip("empty or note row", format!("row {}", r + 1));
                continue;
            };
            for &(c, year) in &years {
                let cell = self.get(r, c);
                let (value, status) = match cell {
                    Data::Float(v) => (number_text(*v), value_status(*v, self.counts, estimated)),
                    Data::Int(i) => (
                        i.to_string(),
                        value_status(*i as f64, self.counts, estimated),
                    ),
                    Data::Empty => (String::new(), "missing"),
                    Data::String(s) => match marker(s) {
                        Some(status) => (String::new(), status),
                        None => match s.trim().replace(',', ".").parse::<f64>() {
                            Ok(v) => (number_text(v), value_status(v, self.counts, estimated)),
                            Err(_) => {
                                return Err(self.cell_error(
                                    r,
                                    c,
                                    format!(
                                        "non-numeric value «{s}» for {} {year}",
                                        self.spec.indicator
                                    ),
                                ));
                            }
                        },
                    },
                    other => {
                        return Err(self.cell_error(
                            r,
                            c,
                            format!(
                                "unexpected cell «{other}» for {} {year}",
                                self.spec.indicator
                            ),
                        ));
                    }
                };
                rows.push(ObservationRow {
                    territory: territory.clone(),
                    indicator: self.spec.indicator.to_string(),
                    year,
                    value,
                    status: status.to_string(),
                    source_id: self.source_id,
                    source_ref: format!("{}!{}", self.spec.sheet, a1(r, c)),
                    edition: EDITION,
                });
                account.values_loaded += 1;
            }
            account.rows_loaded += 1;
        }
        Ok((rows, account))
    }

    /// Header labels must be the published ones: a renamed column is an error, not a guess.
    fn check_header_labels(&self, row: u32) -> Result<()> {
        // Accepted spellings per column: DREES varies singular/plural between sheets.
        let expected: &[&[&str]] = match self.spec.layout {
            Layout::Series => &[
                &["Code région"],
                &["Code département"],
                &["Département", "Départements"],
            ],
            Layout::Staff => &[&["Numéro de département"], &["Département", "Départements"]],
            Layout::National => &[],
        };
        for (c, accepted) in expected.iter().enumerate() {
            let got = squash(&text(self.get(row, c as u32)));
            if !accepted.contains(&got.as_str()) {
                return Err(self.cell_error(
                    row,
                    c as u32,
                    format!(
                        "expected header «{}», found «{got}»",
                        accepted.join("» or «")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Territory of a row whose column A is a region code.
    fn series_territory(&self, r: u32, region: &str, in_regions: bool) -> Result<String> {
        let region = region.trim_end_matches(".0");
        if in_regions {
            let code = format!("R{region}");
            return if self.known.contains(&code) {
                Ok(code)
            } else {
                Err(self.cell_error(r, 0, format!("unknown region code `{region}`")))
            };
        }
        let b = self.get(r, 1);
        let b_text = text(b).trim().to_string();
        let c_empty = matches!(self.get(r, 2), Data::Empty);
        let looks_like_code = !b_text.is_empty()
            && b_text.len() <= 5
            && b_text.chars().next().is_some_and(|c| c.is_ascii_digit());
        if looks_like_code {
            let code = departement_code(&b_text);
            return if self.known.contains(&code) {
                Ok(code)
            } else {
                Err(self.cell_error(r, 1, format!("unknown territory code `{code}`")))
            };
        }
        // Overseas départements printed as «region code | name» in the département block.
        match (c_empty, self.known.sole_departement(region)) {
            (true, Some(dep)) => Ok(dep.to_string()),
            _ => Err(self.cell_error(
                r,
                1,
                format!("unknown territory code «{b_text}» (region {region})"),
            )),
        }
    }
}
