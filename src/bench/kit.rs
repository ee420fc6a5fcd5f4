//! `depbench template`: the local data kit a département fills, as a workbook (sheet
//! « Valeurs »: one row per local indicator of [`crate::model::local::LOCAL_INDICATORS`], one
//! column per year, « Source / commentaire », DREES's value beside where the indicator has a
//! DREES counterpart; sheet « Département » naming the département and the years) or as the
//! long CSV in French Excel form (`departement;indicateur;annee;valeur;source`, BOM, `;`). Both
//! are read back by `depbench import` ([`crate::import::kit`]).

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatBorder, Workbook,
};

use crate::error::{Error, Result};
use crate::import::kit::{
    COMMENT_HEADER, CSV_HEADER, DEPARTEMENT_CELLS, DEPARTEMENT_SHEET, DREES_PREFIX, VALUE_HEADERS,
    VALUES_SHEET,
};
use crate::model::local::{Bounds, LOCAL_INDICATORS, LocalIndicator};
use crate::query::run::run_file;
use crate::query::{Engine, Params};

/// What a kit is for: a département (code and name) and its years.
#[derive(Debug, Clone)]
pub struct KitRequest {
    pub code: String,
    pub name: String,
    pub from: i32,
    pub to: i32,
}

/// DREES's current values shown beside the kit's cells: (local indicator, year) → (DREES
/// indicator, value), from `queries/local/kit_drees.sql`.
pub type DreesValues = std::collections::BTreeMap<(String, i32), (String, Option<f64>)>;

/// DREES's current values of the département for the kit's years.
pub async fn drees_values(engine: &Engine, req: &KitRequest) -> Result<DreesValues> {
    let mut p = Params::default();
    p.set("focus", req.code.clone())
        .set("from", req.from.to_string())
        .set("to", req.to.to_string());
    let rows = run_file(engine, "local/kit_drees.sql", &p).await?;
    let mut out = DreesValues::new();
    for i in 0..rows.len() {
        let (Some(local), Some(drees), Some(year)) = (
            rows.text("local_indicator", i),
            rows.text("indicator", i),
            rows.int("year", i),
        ) else {
            continue;
        };
        out.insert((local, year as i32), (drees, rows.number("value", i)));
    }
    Ok(out)
}

fn xlsx(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Render(format!("writing the kit workbook: {e}"))
}

/// The French unit label the kit shows.
fn unit_label(i: &LocalIndicator) -> &'static str {
    use crate::model::format::Unit;
    match i.unit {
        Unit::Count => "nombre",
        Unit::Places => "places",
        Unit::Percent => "%",
        Unit::PerThousand => "pour 1 000",
        Unit::ThousandEuro => "k€",
        Unit::Days => "jours",
        other => other.label(),
    }
}

/// The kit's data validation of one indicator's value cells: a number within its bounds. The
/// error style is a warning, so that a documented marker (ND, NC…) can still be typed.
fn validation(i: &LocalIndicator) -> Result<DataValidation> {
    let v = match i.bounds {
        Bounds::Count => {
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        }
        Bounds::NonNegative => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
        Bounds::Percent => {
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
        }
        Bounds::PerThousand => {
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 1000.0))
        }
    };
    let title: String = i.label.chars().take(32).collect();
    let message: String = format!(
        "Attendu : {}. Case vide si la valeur n'est pas connue ; ND, NC ou s pour un marqueur.",
        i.bounds.expected()
    )
    .chars()
    .take(255)
    .collect();
    v.set_error_style(DataValidationErrorStyle::Warning)
        .set_input_title(title)
        .and_then(|v| v.set_input_message(message))
        .and_then(|v| v.set_error_message(format!("Attendu : {}.", i.bounds.expected())))
        .map_err(xlsx)
}

/// The kit as an xlsx workbook.
pub fn workbook(req: &KitRequest, drees: &DreesValues) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDE4EE")
        .set_border(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap();
    let input = Format::new()
        .set_background_color("#FFF8DC")
        .set_border(FormatBorder::Thin);
    let grey = Format::new().set_font_color("#555555").set_italic();
    let years: Vec<i32> = (req.from..=req.to).collect();

    let values = wb.add_worksheet();
    values.set_name(VALUES_SHEET).map_err(xlsx)?;
    for (c, h) in VALUE_HEADERS.iter().enumerate() {
        values
            .write_with_format(0, c as u16, *h, &header)
            .map_err(xlsx)?;
    }
    let first_year_col = VALUE_HEADERS.len() as u16;
    for (k, y) in years.iter().enumerate() {
        values
            .write_with_format(0, first_year_col + k as u16, *y, &header)
            .map_err(xlsx)?;
    }
    let comment_col = first_year_col + years.len() as u16;
    values
        .write_with_format(0, comment_col, COMMENT_HEADER, &header)
        .map_err(xlsx)?;
    let drees_col = comment_col + 1;
    for (k, y) in years.iter().enumerate() {
        values
            .write_with_format(
                0,
                drees_col + k as u16,
                format!("{DREES_PREFIX} {y}"),
                &header,
            )
            .map_err(xlsx)?;
    }
    let drees_id_col = drees_col + years.len() as u16;
    values
        .write_with_format(0, drees_id_col, "Indicateur DREES correspondant", &header)
        .map_err(xlsx)?;
    for (r, i) in LOCAL_INDICATORS.iter().enumerate() {
        let row = r as u32 + 1;
        values.write(row, 0, i.id).map_err(xlsx)?;
        values
            .write_with_format(row, 1, i.label, &wrap)
            .map_err(xlsx)?;
        values.write(row, 2, unit_label(i)).map_err(xlsx)?;
        let mut definition = i.definition.to_string();
        if !i.ages.is_empty() {
            definition.push_str(&format!(" ; âges comptés : {} ans", i.ages));
        }
        values
            .write_with_format(row, 3, definition, &wrap)
            .map_err(xlsx)?;
        for k in 0..years.len() {
            values
                .write_blank(row, first_year_col + k as u16, &input)
                .map_err(xlsx)?;
        }
        values
            .add_data_validation(row, first_year_col, row, comment_col - 1, &validation(i)?)
            .map_err(xlsx)?;
        values.write_blank(row, comment_col, &input).map_err(xlsx)?;
        if let Some(d) = i.drees {
            values
                .write_with_format(row, drees_id_col, d, &grey)
                .map_err(xlsx)?;
            for (k, y) in years.iter().enumerate() {
                match drees.get(&(i.id.to_string(), *y)) {
                    Some((_, Some(v))) => values
                        .write_with_format(row, drees_col + k as u16, *v, &grey)
                        .map_err(xlsx)?,
                    Some((_, None)) => values
                        .write_with_format(row, drees_col + k as u16, "n.d.", &grey)
                        .map_err(xlsx)?,
                    None => values,
                };
            }
        }
    }
    values.set_column_width(0, 26).map_err(xlsx)?;
    values.set_column_width(1, 34).map_err(xlsx)?;
    values.set_column_width(2, 10).map_err(xlsx)?;
    values.set_column_width(3, 60).map_err(xlsx)?;
    values.set_column_width(comment_col, 36).map_err(xlsx)?;
    values.set_column_width(drees_id_col, 22).map_err(xlsx)?;
    values.set_freeze_panes(1, 2).map_err(xlsx)?;

    let dep = wb.add_worksheet();
    dep.set_name(DEPARTEMENT_SHEET).map_err(xlsx)?;
    dep.write_with_format(0, 0, "Kit de données locales depbench", &bold)
        .map_err(xlsx)?;
    let cells: [(u32, &str, String); 4] = [
        (
            DEPARTEMENT_CELLS[0].0,
            DEPARTEMENT_CELLS[0].1,
            req.code.clone(),
        ),
        (
            DEPARTEMENT_CELLS[1].0,
            DEPARTEMENT_CELLS[1].1,
            req.name.clone(),
        ),
        (
            DEPARTEMENT_CELLS[2].0,
            DEPARTEMENT_CELLS[2].1,
            String::new(),
        ),
        (
            DEPARTEMENT_CELLS[3].0,
            DEPARTEMENT_CELLS[3].1,
            String::new(),
        ),
    ];
    for (row, label, value) in cells {
        dep.write_with_format(row, 0, label, &bold).map_err(xlsx)?;
        if !value.is_empty() {
            dep.write_string(row, 1, value).map_err(xlsx)?;
        }
    }
    dep.write(DEPARTEMENT_CELLS[2].0, 1, req.from)
        .map_err(xlsx)?;
    dep.write(DEPARTEMENT_CELLS[3].0, 1, req.to).map_err(xlsx)?;
    let guide = [
        "Mode d'emploi",
        "1. Dans la feuille « Valeurs », saisir pour chaque indicateur la valeur de chaque année (cases jaunes), telle que vos services la comptent.",
        "2. Laisser vide une valeur inconnue ; écrire ND (non disponible), NC (non communiqué) ou s (secret) quand c'est le cas.",
        "3. Effectifs en nombres entiers ; montants en milliers d'euros ; parts en % (0 à 100) ; délais en jours.",
        "4. Indiquer la source (outil, extraction, rapport d'activité) dans « Source / commentaire ».",
        "5. Les colonnes « DREES » rappellent la valeur publiée par la DREES quand l'indicateur a un équivalent : elles ne sont pas importées.",
        "6. Ne pas modifier le code du département, les en-têtes ni la première colonne (identifiants des indicateurs).",
        "7. Importer le kit rempli : depbench import kit.xlsx ; un kit corrigé du même département devient l'édition courante, l'ancienne reste consultable (vue revisions).",
    ];
    for (k, line) in guide.iter().enumerate() {
        let row = 8 + k as u32;
        if k == 0 {
            dep.write_with_format(row, 0, *line, &bold).map_err(xlsx)?;
        } else {
            dep.write(row, 0, *line).map_err(xlsx)?;
        }
    }
    dep.set_column_width(0, 24).map_err(xlsx)?;
    dep.set_column_width(1, 24).map_err(xlsx)?;
    wb.save_to_buffer().map_err(xlsx)
}

/// The kit as the long CSV in French Excel form: BOM, `;`, one row per indicator and year with
/// `valeur` and `source` left to fill (decimal comma).
pub fn csv(req: &KitRequest) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&CSV_HEADER.join(";"));
    out.push_str("\r\n");
    for i in &LOCAL_INDICATORS {
        for y in req.from..=req.to {
            out.push_str(&format!("{};{};{y};;\r\n", req.code, i.id));
        }
    }
    out.into_bytes()
}
