//! The report's workbook: one sheet per table, one per figure's data, and the sources.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use super::Report;
use crate::bench::figure::{self, Figure};
use crate::error::{Error, Result};
use crate::query::Params;
use crate::render::Chart;
use crate::render::export::write_xlsx;
use crate::write::xlsx::{Frame, Sheet, sheet_name_from_title};

fn xlsx_err(e: impl std::fmt::Display) -> Error {
    Error::Render(format!("tableaux.xlsx: {e}"))
}

/// French header of a column the report queries name in English or in snake case (`territory`
/// → `Code`, `publisher` → `Éditeur`); `None` when the name is already for readers.
pub fn french_column(name: &str) -> Option<&'static str> {
    Some(match name {
        "territory" | "code" => "Code",
        "territoire" => "Territoire",
        "departement" => "Département",
        "year" | "annee" => "Année",
        "base_year" => "Année de base",
        "population_year" => "Année de la population (1er janvier)",
        "population_note" => "Note sur la population",
        "theme" => "Thème",
        "position" => "Ordre",
        "id" => "Identifiant",
        "publisher" => "Producteur",
        "title" => "Titre",
        "edition" => "Édition",
        "licence" => "Licence",
        "origin" => "Fichier d'origine",
        "ligne" => "Ligne",
        "role" => "Rôle",
        _ => return None,
    })
}

/// The header readers see for a result column: [`french_column`], else the name with a capital
/// (`libellé` → `Libellé`).
pub fn header(name: &str) -> String {
    match french_column(name) {
        Some(fr) => fr.to_string(),
        None => {
            let mut c = name.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

/// Excel number format of `decimals` decimals with a thousands separator (`#,##0.0`): a French
/// Excel shows `1 234,5`.
fn decimals_format(decimals: usize) -> String {
    if decimals == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(decimals))
    }
}

/// The French headers of a figure's result columns, as its data sheet in `tableaux.xlsx` and
/// its `donnees/*.csv` both show them (one place): a value column gets the figure's header
/// (`headers:`), else its name with a capital, and its unit in brackets unless the header
/// names it (`Taux pour 1 000 jeunes de 0 à 20 ans`, `Part (%)`); other columns their
/// `header` (`territory` → `Code`, `year` → `Année`, `raison` → `Raison`).
/// `$param` and `{column}` in a header are filled as in the chart's ([`figure::fill`]:
/// `Évolution des enfants confiés 2018-2022`).
pub fn figure_headers(
    f: &Figure,
    params: &Params,
    schema: &datafusion::arrow::datatypes::SchemaRef,
    batches: &[datafusion::arrow::array::RecordBatch],
) -> Vec<String> {
    schema
        .fields()
        .iter()
        .map(|field| {
            let name = field.name().as_str();
            let Some(i) = f.values.iter().position(|v| v == name) else {
                return header(name);
            };
            let unit = f.units.get(i).copied().unwrap_or(f.unit).label();
            let header = f
                .headers
                .get(i)
                .map(|h| figure::fill(h, params, schema, batches))
                .unwrap_or_else(|| {
                    let mut c = name.replace('_', " ");
                    if let Some(first) = c.get(0..1) {
                        c.replace_range(0..1, &first.to_uppercase());
                    }
                    c
                });
            // Headers already naming their unit (`(%)`) are kept; others get it in brackets.
            if header.contains('(')
                || header.to_lowercase() == unit
                || f.headers.get(i).is_some() && header.contains(" pour ")
            {
                header
            } else {
                format!("{header} ({unit})")
            }
        })
        .collect()
}

/// The frame of a figure's data sheet: its title, the headers of its data (`data`, from
/// [`figure_headers`]), the figure's decimals as number formats, its notes and source.
fn figure_frame(f: &Figure, chart: &Chart, data: &super::data::FigureData) -> Frame {
    Frame {
        title: chart.title().to_string(),
        subtitle: chart.subtitle().map(str::to_string),
        headers: data
            .schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect(),
        number_formats: data
            .decimals
            .iter()
            .map(|d| d.map(decimals_format))
            .collect(),
        notes: chart.meta.notes.clone(),
        source: chart
            .source()
            .map_or_else(|| f.source.clone(), str::to_string),
    }
}

/// Write a query result as a framed sheet with the one XLSX writer: title, French headers,
/// numbers as numbers (read from Arrow, never from text) with display formats, source row.
fn data_sheet(
    wb: &mut Workbook,
    name: &str,
    schema: &datafusion::arrow::datatypes::SchemaRef,
    batches: &[datafusion::arrow::array::RecordBatch],
    frame: &Frame,
) -> Result<()> {
    let mut sheet = Sheet::add_framed(wb, name, schema, frame)?;
    for b in batches {
        sheet.write(wb, b)?;
    }
    sheet.finish(wb)
}

/// A frame naming columns in French, for the sheets that are not figures.
fn plain_frame(
    title: &str,
    schema: &datafusion::arrow::datatypes::SchemaRef,
    source: &str,
) -> Frame {
    Frame {
        title: title.to_string(),
        subtitle: None,
        headers: schema.fields().iter().map(|f| header(f.name())).collect(),
        number_formats: Vec::new(),
        notes: Vec::new(),
        source: source.to_string(),
    }
}

/// A one-column, one-row result holding `text` (a sheet saying why it has no rows).
fn sentence(
    text: &str,
) -> Result<(
    datafusion::arrow::datatypes::SchemaRef,
    Vec<datafusion::arrow::array::RecordBatch>,
)> {
    use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    let schema = std::sync::Arc::new(Schema::new(vec![Field::new(
        "Constat",
        DataType::Utf8,
        false,
    )]));
    let column: ArrayRef = std::sync::Arc::new(StringArray::from(vec![text]));
    let batch = RecordBatch::try_new(schema.clone(), vec![column]).map_err(xlsx_err)?;
    Ok((schema, vec![batch]))
}

/// A figure's sheet named `name`: a comparison table as the table chart shows it, any other
/// figure's data ([`super::data::figure_data`]: rounded to the chart's decimals plus one, time
/// series wide, flags) under its title, [`figure_headers`] (`headers`), number formats, notes
/// and source.
fn figure_sheet(
    wb: &mut Workbook,
    name: &str,
    f: &Figure,
    chart: &Chart,
    schema: &datafusion::arrow::datatypes::SchemaRef,
    batches: &[datafusion::arrow::array::RecordBatch],
    headers: &[String],
) -> Result<()> {
    match chart.as_table() {
        Some(t) => write_xlsx(wb, name, &chart.meta, t).map_err(xlsx_err),
        None => {
            let data = super::data::figure_data(f, headers, schema, batches, &chart.meta.notes)?;
            let frame = figure_frame(f, chart, &data);
            data_sheet(wb, name, &data.schema, &data.batches, &frame)
        }
    }
}

/// The sheet name of figure `f` drawn as `chart`, after `prefix` (the report's figure number,
/// `03`, or nothing): its `-- sheet:` name (at most 28 characters, checked when the header
/// is read, so `03 ` + name stays within Excel's 31), else its French title cut at a word
/// ([`sheet_name_from_title`]).
pub fn figure_sheet_name(prefix: &str, f: &Figure, chart: &Chart) -> String {
    match &f.sheet {
        Some(sheet) => sheet_name_from_title(prefix, sheet),
        None => sheet_name_from_title(prefix, chart.title()),
    }
}

/// One figure as a workbook of one sheet, the sheet `tableaux.xlsx` holds for it (the
/// explorer's XLSX download, `depbench chart`'s `.xlsx`), named by [`figure_sheet_name`]; identical bytes for identical data (fixed creation date).
pub fn figure_workbook(
    f: &Figure,
    chart: &Chart,
    schema: &datafusion::arrow::datatypes::SchemaRef,
    batches: &[datafusion::arrow::array::RecordBatch],
    headers: &[String],
) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let name = figure_sheet_name("", f, chart);
    figure_sheet(&mut wb, &name, f, chart, schema, batches, headers)?;
    crate::write::xlsx::fixed_date(&mut wb)?;
    wb.save_to_buffer().map_err(xlsx_err)
}

/// The workbook bytes; identical for identical reports (fixed creation date).
pub fn workbook(r: &Report) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let date = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx_err)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "depbench — {} ({}) {}",
                r.request.focus_name, r.request.focus, r.request.year
            ))
            .set_creation_datetime(&date),
    );
    for (i, f) in r.figures.iter().enumerate() {
        // The figure's number and its sheet name or French title, accents kept (`03 Taux
        // d'enfants accueillis`).
        let name = figure_sheet_name(&format!("{:02}", i + 1), &f.figure, &f.chart);
        figure_sheet(
            &mut wb, &name, &f.figure, &f.chart, &f.schema, &f.batches, &f.headers,
        )?;
    }
    if let Some(d) = &r.document_figures {
        let frame = plain_frame(
            &format!(
                "Chiffres publiés par le département : {} ({})",
                r.request.focus_name, r.request.focus
            ),
            &d.schema,
            "schéma départemental (ligne du document) ; DREES, enquête Aide sociale",
        );
        // The DREES value (never rounded) shown with one decimal, as the report's page shows
        // rates and shares (`47,5` on every line; src/report/published.rs).
        let mut frame = frame;
        frame.number_formats = d
            .schema
            .fields()
            .iter()
            .map(|f| (f.name() == super::published::DREES).then(|| decimals_format(1)))
            .collect();
        data_sheet(&mut wb, "Chiffres du schéma", &d.schema, &d.batches, &frame)?;
    }
    match super::flags::table(&r.flags) {
        Some((schema, batches)) => {
            let mut frame = plain_frame(
                "Qualité des données : valeurs signalées",
                &schema,
                "depbench, vue quality_flags (docs/quality-flags.md)",
            );
            frame.subtitle = Some(super::flags::INTRO.to_string());
            data_sheet(&mut wb, "Qualité des données", &schema, &batches, &frame)?;
        }
        None => {
            let (schema, batches) = sentence(super::flags::NONE)?;
            let frame = plain_frame(
                "Qualité des données : valeurs signalées",
                &schema,
                "depbench, vue quality_flags (docs/quality-flags.md)",
            );
            data_sheet(&mut wb, "Qualité des données", &schema, &batches, &frame)?;
        }
    }
    let frame = plain_frame(
        "Sources des données du rapport",
        &r.sources.schema,
        "catalogue des sources de depbench (data/sources.csv)",
    );
    data_sheet(
        &mut wb,
        "Sources",
        &r.sources.schema,
        &r.sources.batches,
        &frame,
    )?;
    wb.save_to_buffer().map_err(xlsx_err)
}
