//! DREES tidy series (CSV, extended to 2022) and the variable catalogue → `observations/`,
//! `indicators.csv`.

use std::collections::BTreeMap;
use std::path::Path;

use super::territories::{Known, aggregate_code, csv_error, departement_code};
use super::{Account, ObservationRow, Output, file_name, files, marker, observations_csv};
use crate::error::{Error, Result};

/// Edition of the tidy series: the long series as extended to 2022.
pub const EDITION: &str = "2022";

const HEADER: [&str; 8] = [
    "code_region",
    "code_departement",
    "territoire",
    "type_territoire",
    "annee",
    "variable",
    "valeur",
    "unite",
];

/// The tidy files: (file, source id, output file under `data/observations/`).
const TIDY: [(&str, &str, &str); 3] = [
    (
        files::BENEF_TIDY,
        "drees-benef-2022",
        "drees-beneficiaires-2002-2022.csv",
    ),
    (
        files::SPENDING_TIDY,
        "drees-dep-2022",
        "drees-depenses-1999-2019.csv",
    ),
    (
        files::ASSFAM_TIDY,
        "drees-assfam-2022",
        "drees-assistants-familiaux-2014-2020.csv",
    ),
];

/// Indicators that are not DREES variables: the MNA national count and the derived measures
/// computed by the views in `queries/views/` (id, label, short label, unit, definition,
/// reference population, source).
pub const EXTRA_INDICATORS: [[&str; 7]; 16] = [
    [
        "NbMNA",
        "Nombre de mineurs et jeunes majeurs non accompagnés pris en charge par les départements",
        "Mineurs non accompagnés (MNA)",
        "count",
        "Données au 31 décembre. France entière hors Mayotte uniquement.",
        "",
        "drees-benef-sl-2020",
    ],
    [
        "pop_0_19",
        "Population de 0 à 19 ans au 1er janvier (Insee)",
        "Population 0-19 ans",
        "count",
        "Somme des tranches quinquennales 0-4 à 15-19 ans des estimations Insee. Les tranches quinquennales ne permettent pas d'isoler les 20 ans inclus dans la population de référence DREES (0-20 ans).",
        "",
        "insee-pop-2022",
    ],
    [
        "pop_total",
        "Population totale au 1er janvier (Insee)",
        "Population totale",
        "count",
        "Estimations de population Insee, tous âges.",
        "",
        "insee-pop-2022",
    ],
    [
        "taux_accueillis_0_19",
        "Enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 19 ans",
        "Taux d'enfants accueillis",
        "per_thousand",
        "TotEnfAccueillisASE au 31/12/N pour 1 000 habitants de 0 à 19 ans au 1/1/N+1 (convention DREES ; population la plus récente disponible à défaut). Vue `rates`.",
        "00-19",
        "derived",
    ],
    [
        "taux_confies_0_19",
        "Enfants confiés à l'ASE pour 1 000 jeunes de 0 à 19 ans",
        "Taux d'enfants confiés",
        "per_thousand",
        "TotEnfConfiesASE au 31/12/N pour 1 000 habitants de 0 à 19 ans au 1/1/N+1. Vue `rates`.",
        "00-19",
        "derived",
    ],
    [
        "taux_ae_0_19",
        "Actions éducatives (AED et AEMO) pour 1 000 jeunes de 0 à 19 ans",
        "Taux d'actions éducatives",
        "per_thousand",
        "TotBenefAE au 31/12/N pour 1 000 habitants de 0 à 19 ans au 1/1/N+1. Vue `rates`.",
        "00-19",
        "derived",
    ],
    [
        "part_judiciaire_ae",
        "Part des mesures judiciaires (AEMO) parmi les actions éducatives à domicile",
        "Taux de judiciarisation des actions éducatives",
        "percent",
        "TotBenefAEMO / (TotBenefAED + TotBenefAEMO) × 100. Vue `shares`.",
        "",
        "derived",
    ],
    [
        "part_familles_accueil",
        "Part des enfants confiés placés en famille d'accueil",
        "Part en famille d'accueil",
        "percent",
        "TotEnfASEPlacesFamillesAccueil / TotEnfConfiesASE × 100. Vue `shares`.",
        "",
        "derived",
    ],
    [
        "part_etablissements",
        "Part des enfants confiés placés en établissement",
        "Part en établissement",
        "percent",
        "TotEnfASEPlacesEtab / TotEnfConfiesASE × 100. Vue `shares`.",
        "",
        "derived",
    ],
    [
        "depense_par_jeune",
        "Dépense brute d'ASE par jeune de 0 à 19 ans",
        "Dépense par jeune",
        "euro",
        "DepBruteASE (k€) × 1 000 / population de 0 à 19 ans au 1/1/N+1, euros courants. Vue `spending_ratios`, qui donne aussi la dépense par enfant accueilli.",
        "00-19",
        "derived",
    ],
    [
        "pop_0_20",
        "Population de 0 à 20 ans au 1er janvier (Insee, estimation)",
        "Population 0-20 ans",
        "count",
        "Population de référence DREES (moins de 21 ans), estimée : 0-19 ans + 1/5 des 20-24 ans des estimations Insee par tranche quinquennale (âges supposés répartis également). Vue `populations`.",
        "",
        "insee-pop-2022",
    ],
    [
        "pop_0_17",
        "Population de 0 à 17 ans au 1er janvier (Insee, estimation)",
        "Population 0-17 ans",
        "count",
        "Mineurs, estimés : 0-14 ans + 3/5 des 15-19 ans des estimations Insee par tranche quinquennale (âges supposés répartis également). Vue `populations`.",
        "",
        "insee-pop-2022",
    ],
    [
        "taux_accueillis_0_20",
        "Enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans",
        "Taux d'enfants accueillis",
        "per_thousand",
        "TotEnfAccueillisASE au 31/12/N pour 1 000 habitants de 0 à 20 ans au 1/1/N+1 (convention DREES ; population estimée : 0-19 ans + 1/5 des 20-24 ans ; population la plus récente disponible à défaut). Vue `rates`, band 0-20.",
        "00-20",
        "derived",
    ],
    [
        "taux_confies_0_20",
        "Enfants confiés à l'ASE pour 1 000 jeunes de 0 à 20 ans",
        "Taux d'enfants confiés",
        "per_thousand",
        "TotEnfConfiesASE au 31/12/N pour 1 000 habitants de 0 à 20 ans au 1/1/N+1 (population estimée). Vue `rates`, band 0-20.",
        "00-20",
        "derived",
    ],
    [
        "taux_ae_0_20",
        "Actions éducatives (AED et AEMO) pour 1 000 jeunes de 0 à 20 ans",
        "Taux d'actions éducatives",
        "per_thousand",
        "TotBenefAE au 31/12/N pour 1 000 habitants de 0 à 20 ans au 1/1/N+1 (population estimée). Vue `rates`, band 0-20.",
        "00-20",
        "derived",
    ],
    [
        "depense_par_jeune_0_20",
        "Dépense brute d'ASE par jeune de 0 à 20 ans",
        "Dépense par jeune",
        "euro",
        "DepBruteASE (k€) × 1 000 / population de 0 à 20 ans au 1/1/N+1 (estimée : 0-19 ans + 1/5 des 20-24 ans), euros courants. Vue `spending_ratios`.",
        "00-20",
        "derived",
    ],
];

/// Read the tidy series and the variable catalogue.
pub fn import(shared_data: &Path, known: &Known) -> Result<Output> {
    let mut out = Output::default();
    let mut units: BTreeMap<String, &'static str> = BTreeMap::new();
    for (file, source_id, target) in TIDY {
        let path = shared_data.join(file);
        let (rows, account) = read_tidy(&path, source_id, known, &mut units)?;
        out.file(format!("observations/{target}"), observations_csv(rows));
        out.accounts.push(account);
    }
    let (indicators, account) = read_variables(&shared_data.join(files::VARIABLES), &units)?;
    out.file("indicators.csv", indicators);
    out.accounts.push(account);
    Ok(out)
}

fn unit_of(text: &str) -> Option<&'static str> {
    match text.trim() {
        "personnes" => Some("count"),
        "milliers d'euros" | "milliers d’euros" => Some("thousand_euro"),
        _ => None,
    }
}

/// Read one tidy CSV file; every row is loaded or the import fails naming line and field.
pub fn read_tidy(
    path: &Path,
    source_id: &'static str,
    known: &Known,
    units: &mut BTreeMap<String, &'static str>,
) -> Result<(Vec<ObservationRow>, Account)> {
    let name = file_name(path);
    let mut account = Account::new(&name);
    let mut reader = csv::Reader::from_path(path).map_err(|e| csv_error(path, e))?;
    let header = reader.headers().map_err(|e| csv_error(path, e))?.clone();
    for (i, want) in HEADER.iter().enumerate() {
        if header.get(i) != Some(*want) {
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line: 1,
                field: want.to_string(),
                message: format!(
                    "expected column `{want}` at position {}, found `{}`",
                    i + 1,
                    header.get(i).unwrap_or("(none)")
                ),
            });
        }
    }
    let mut rows: Vec<ObservationRow> = Vec::new();
    // (territory, variable, year) → index in `rows` and line of its first row.
    let mut seen: BTreeMap<(String, String, i32), (usize, u64)> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, e))?;
        let line = record.position().map_or(0, |p| p.line());
        account.rows_read += 1;
        let bad = |field: &str, message: String| Error::Csv {
            path: path.to_path_buf(),
            line,
            field: field.to_string(),
            message,
        };
        let kind = &record[3];
        let territory = match kind {
            "Département" => departement_code(&record[1]),
            "Région" => format!("R{}", record[0].trim()),
            "France" => aggregate_code(&record[2])
                .ok_or_else(|| {
                    bad(
                        "territoire",
                        format!("unknown national aggregate `{}`", &record[2]),
                    )
                })?
                .to_string(),
            other => {
                return Err(bad(
                    "type_territoire",
                    format!("unknown territory type `{other}`"),
                ));
            }
        };
        if !known.contains(&territory) {
            return Err(bad(
                "code_departement",
                format!("unknown territory code `{territory}` ({})", &record[2]),
            ));
        }
        let year: i32 = record[4]
            .trim()
            .parse()
            .map_err(|_| bad("annee", format!("not a year: `{}`", &record[4])))?;
        let unit = unit_of(&record[7])
            .ok_or_else(|| bad("unite", format!("unknown unit `{}`", &record[7])))?;
        let indicator = record[5].trim().to_string();
        if let Some(previous) = units.insert(indicator.clone(), unit)
            && previous != unit
        {
            return Err(bad(
                "unite",
                format!("unit `{unit}` differs from `{previous}` for {indicator}"),
            ));
        }
        let text = record[6].trim();
        let (value, status) = match marker(text) {
            Some(status) => (String::new(), status),
            None => {
                let v: f64 = text
                    .parse()
                    .map_err(|_| bad("valeur", format!("not a number: `{text}`")))?;
                let estimated = kind == "France";
                (
                    text.to_string(),
                    super::value_status(v, unit == "count", estimated),
                )
            }
        };
        // The spending series prints the DROM total twice a year («TOTAL estimé DROM (hors
        // Mayotte)» then «Total estimé DROM (hors Mayotte)»): keep one value per key, or the
        // newest edition would be ambiguous and the repeat would pass for a vintage. The first
        // row is kept; a repeat that differs (once, in the last decimal) is reported, not hidden.
        let key = (territory.clone(), indicator.clone(), year);
        if let Some(&(first, first_line)) = seen.get(&key) {
            let kept = &rows[first];
            if kept.value == value && kept.status == status {
                account.skip(
                    "repeats a row already read",
                    format!("line {line} (first at line {first_line})"),
                );
            } else {
                account.skip(
                    "repeats a row already read with a different value (the first is kept)",
                    format!("line {line} `{text}` (line {first_line} `{}`)", kept.value),
                );
            }
            continue;
        }
        seen.insert(key, (rows.len(), line));
        rows.push(ObservationRow {
            territory,
            indicator,
            year,
            value,
            status: status.to_string(),
            source_id,
            source_ref: format!("line {line}"),
            edition: EDITION,
        });
        account.rows_loaded += 1;
        account.values_loaded += 1;
    }
    Ok((rows, account))
}

/// Read `variables.csv` (multi-line fields) into `indicators.csv`.
fn read_variables(
    path: &Path,
    units: &BTreeMap<String, &'static str>,
) -> Result<(Vec<u8>, Account)> {
    let name = file_name(path);
    let mut account = Account::new(&name);
    let mut reader = csv::Reader::from_path(path).map_err(|e| csv_error(path, e))?;
    let header = reader.headers().map_err(|e| csv_error(path, e))?.clone();
    let col = |want: &str| {
        header
            .iter()
            .position(|h| h == want)
            .ok_or_else(|| Error::Csv {
                path: path.to_path_buf(),
                line: 1,
                field: want.to_string(),
                message: format!("missing column `{want}`"),
            })
    };
    let (c_var, c_label, c_short, c_champ, c_note, c_pop) = (
        col("variable")?,
        col("intitule")?,
        col("intitule_court")?,
        col("champ")?,
        col("note")?,
        col("population_reference")?,
    );
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "label",
        "short_label",
        "unit",
        "definition",
        "reference_population",
        "source_id",
    ])
    .expect("in-memory write");
    let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, e))?;
        let line = record.position().map_or(0, |p| p.line());
        account.rows_read += 1;
        let id = record[c_var].trim();
        let unit = units.get(id).copied().ok_or_else(|| Error::Csv {
            path: path.to_path_buf(),
            line,
            field: "variable".into(),
            message: format!("variable `{id}` has no values in the tidy series"),
        })?;
        let source = if id.starts_with("Dep") {
            "drees-dep-2022"
        } else if id == "effpersassfam" {
            "drees-assfam-2022"
        } else {
            "drees-benef-2022"
        };
        let definition = format!(
            "{} Champ : {} {}",
            clean(&record[c_label]),
            clean(&record[c_champ]),
            clean(&record[c_note])
        );
        w.write_record([
            id,
            &clean(&record[c_label]),
            &clean(&record[c_short]),
            unit,
            definition.trim(),
            record[c_pop].trim(),
            source,
        ])
        .expect("in-memory write");
        account.rows_loaded += 1;
    }
    for row in EXTRA_INDICATORS {
        w.write_record(row).expect("in-memory write");
    }
    Ok((w.into_inner().expect("in-memory write"), account))
}
