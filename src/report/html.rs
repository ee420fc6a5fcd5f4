//! The report as one self-contained HTML page (inline SVG and CSS, no script, no network) and
//! the sources as Markdown.

use std::fmt::Write;

use super::{Report, Sourced};
use crate::error::Result;
use crate::model::format;
use crate::query::output;
use crate::render::export::{html_escape, to_html};

/// A data table (sources, document figures) for French readers, by the one HTML table writer.
/// Columns named in English by the queries (`publisher`, `origin`…) get their French header.
fn rows_table(s: &Sourced) -> Result<String> {
    use datafusion::arrow::datatypes::{Field, Schema};
    let fields: Vec<Field> = s
        .schema
        .fields()
        .iter()
        .map(|f| match super::xlsx::french_column(f.name()) {
            Some(fr) => f.as_ref().clone().with_name(fr),
            None => f.as_ref().clone(),
        })
        .collect();
    let schema = std::sync::Arc::new(Schema::new(fields));
    let batches = s
        .batches
        .iter()
        .map(|b| {
            datafusion::arrow::array::RecordBatch::try_new(schema.clone(), b.columns().to_vec())
        })
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| crate::error::Error::Render(format!("sources table: {e}")))?;
    crate::write::html::french_table(&schema, &batches)
}

/// The report page.
pub fn page(r: &Report) -> Result<String> {
    let mut h = String::new();
    let title = format!(
        "{} ({}) : diagnostic comparé de la protection de l'enfance, {}",
        r.request.focus_name, r.request.focus, r.request.year
    );
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{}</title><style>{}</style></head><body>\n",
        html_escape(&title),
        crate::render::theme::css()
    );
    let _ = writeln!(h, "<h1>{}</h1>", html_escape(&title));
    let peers: Vec<String> = r
        .request
        .peer_names
        .iter()
        .map(|(c, n)| format!("{} ({c})", html_escape(n)))
        .collect();
    let _ = writeln!(
        h,
        "<p class=\"meta\">Données au {} ; évolutions depuis {}. Départements de comparaison : {}, et France métropolitaine.</p>",
        format::year_end(r.request.year),
        r.request.from,
        peers.join(", ")
    );
    let _ = writeln!(
        h,
        "<p class=\"meta\">Méthode de choix : {}</p>",
        html_escape(&r.request.peers.method)
    );
    if !r.request.peers.distances.is_empty() {
        let d: Vec<String> = r
            .request
            .peers
            .distances
            .iter()
            .map(|(c, d)| format!("{c} : {}", format::number(*d, 2)))
            .collect();
        let _ = writeln!(h, "<p class=\"meta\">Distances : {}.</p>", d.join(" ; "));
    }
    for (i, f) in r.figures.iter().enumerate() {
        let stem = format!("{:02}-{}", i + 1, super::strip_number(&f.figure.name));
        let _ = writeln!(h, "<h2>{}</h2>", html_escape(f.chart.title()));
        h.push_str("<figure>");
        if let Some(t) = f.chart.as_table() {
            h.push_str(&to_html(&f.chart.meta, t));
        } else {
            h.push_str(std::str::from_utf8(&f.svg).unwrap_or(""));
        }
        let _ = writeln!(
            h,
            "<figcaption class=\"links\"><a href=\"figures/{stem}.svg\">SVG</a><a href=\"figures/{stem}.png\">PNG</a><a href=\"donnees/{stem}.csv\">données (CSV)</a><a href=\"tableaux.xlsx\">classeur XLSX</a> — requête <code>{}</code></figcaption></figure>",
            html_escape(
                &f.figure
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            )
        );
    }
    h.push_str(&left_out_notes(r));
    if let Some(d) = &r.document_figures {
        let _ = writeln!(
            h,
            "<h2>Chiffres publiés par le département</h2>\n<p class=\"meta\">Chiffres du schéma départemental rattachés à un indicateur du catalogue, avec leur ligne dans le document, rapprochés de la valeur DREES (même territoire, indicateur et année ou période).</p>"
        );
        h.push_str(&rows_table(d)?);
    }
    let _ = writeln!(h, "<h2>Sources</h2>");
    h.push_str(&rows_table(&r.sources)?);
    let _ = writeln!(
        h,
        "<p class=\"meta\">Produit par depbench. Taux calculés sur la population de 0 à 19 ans (Insee, tranches quinquennales) au 1er janvier de l'année suivante ; la DREES publie des taux sur les 0-20 ans.</p>\n</body></html>"
    );
    Ok(h)
}

/// The figures left out for lack of data, one line each (which figure, why).
fn left_out_notes(r: &Report) -> String {
    if r.left_out.is_empty() {
        return String::new();
    }
    let mut h = String::from("<h2>Figures non produites</h2>\n<ul class=\"meta\">\n");
    for l in &r.left_out {
        let _ = writeln!(
            h,
            "<li>{} : {}.</li>",
            html_escape(&l.title),
            html_escape(&l.reason)
        );
    }
    h.push_str("</ul>\n");
    h
}

/// The sources as Markdown (`sources.md`).
pub fn sources_markdown(r: &Report) -> Result<String> {
    let mut out = format!(
        "# Sources — {} ({}), {}\n\n",
        r.request.focus_name, r.request.focus, r.request.year
    );
    out.push_str(&output::render(
        &r.sources.schema,
        &r.sources.batches,
        output::Format::Markdown,
    )?);
    out.push_str(
        "\nChaque figure : requête SQL dans `queries/figures/`, données dans `donnees/`.\n",
    );
    Ok(out)
}
