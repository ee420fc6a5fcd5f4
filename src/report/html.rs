//! The report as one self-contained HTML page (inline SVG and CSS, no script, no network) and
//! the sources as Markdown.

use std::fmt::Write;

use super::{Report, Sourced};
use crate::error::Result;
use crate::model::format;
use crate::query::output;
use crate::render::export::{html_escape, to_html};

/// A data table (sources, document figures) for French readers, by the one HTML table writer.
/// Columns named in English by the queries (`publisher`, `origin`…) get their French header;
/// the columns named in `hidden` (internal ids) are left out.
fn rows_table(s: &Sourced, hidden: &[&str]) -> Result<String> {
    use datafusion::arrow::datatypes::{Field, Schema};
    let kept: Vec<usize> = (0..s.schema.fields().len())
        .filter(|&i| !hidden.contains(&s.schema.field(i).name().as_str()))
        .collect();
    let fields: Vec<Field> = kept
        .iter()
        .map(|&i| {
            let f = s.schema.field(i);
            f.clone().with_name(super::xlsx::header(f.name()))
        })
        .collect();
    let schema = std::sync::Arc::new(Schema::new(fields));
    let batches = s
        .batches
        .iter()
        .map(|b| {
            datafusion::arrow::array::RecordBatch::try_new(
                schema.clone(),
                kept.iter().map(|&i| b.column(i).clone()).collect(),
            )
        })
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| crate::error::Error::Render(format!("sources table: {e}")))?;
    crate::write::html::french_table(&schema, &batches)
}

/// `text` with every indicator id of `names` (a whole word: `TotBenefAED`, not part of a
/// longer word) replaced by its French name in guillemets (« AED »). `names` come longest id
/// first, so that an id starting a longer one never cuts it.
pub fn in_readers_words(text: &str, names: &[(String, String)]) -> String {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut out = text.to_string();
    for (id, name) in names.iter().filter(|(id, _)| !id.is_empty()) {
        let mut from = 0;
        while let Some(i) = out[from..].find(id.as_str()).map(|i| i + from) {
            let end = i + id.len();
            if word(out[..i].chars().next_back()) || word(out[end..].chars().next()) {
                from = end;
                continue;
            }
            let with = format!("«\u{a0}{name}\u{a0}»");
            out.replace_range(i..end, &with);
            from = i + with.len();
        }
    }
    out
}

/// The document figures with their explanations in the reader's words ([`in_readers_words`]
/// on the `explication` column; the document's own words, `libellé`, stay as printed).
fn readers_figures(d: &Sourced, names: &[(String, String)]) -> Result<Sourced> {
    use datafusion::arrow::array::{Array, ArrayRef, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    let Ok(col) = d.schema.index_of("explication") else {
        return Ok(d.clone());
    };
    let err = |e: datafusion::arrow::error::ArrowError| {
        crate::error::Error::Render(format!("document figures: {e}"))
    };
    let fields: Vec<Field> = d
        .schema
        .fields()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let f = f.as_ref().clone();
            if i == col {
                f.with_data_type(DataType::Utf8)
            } else {
                f
            }
        })
        .collect();
    let schema = std::sync::Arc::new(Schema::new(fields));
    let mut batches = Vec::new();
    for b in &d.batches {
        let text = datafusion::arrow::compute::cast(b.column(col), &DataType::Utf8).map_err(err)?;
        let text = text
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or_else(|| crate::error::Error::Render("document figures: explication".into()))?;
        let words: StringArray = (0..text.len())
            .map(|r| (!text.is_null(r)).then(|| in_readers_words(text.value(r), names)))
            .collect();
        let mut columns: Vec<ArrayRef> = b.columns().to_vec();
        columns[col] = std::sync::Arc::new(words);
        batches.push(
            datafusion::arrow::array::RecordBatch::try_new(schema.clone(), columns).map_err(err)?,
        );
    }
    Ok(Sourced { schema, batches })
}

/// The running header of every printed page but the cover: « Charente-Maritime (17) —
/// diagnostic 2022 ».
pub fn running_header(r: &Report) -> String {
    format!(
        "{} ({}) — diagnostic {}",
        r.request.focus_name, r.request.focus, r.request.year
    )
}

/// A CSS string literal: `text` between double quotes, quotes and backslashes escaped, line
/// breaks as spaces (a running header is one line).
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            // `</style>` cannot end the sheet early.
            '<' => out.push_str("\\3C "),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The printed report (a PDF for a client, A4): the running `header` (département, year) at
/// the top left of every page and « Page N sur M » at the bottom right, in the page's margin
/// boxes (CSS Paged Media, Chromium 131 and later; an older browser prints the pages without
/// them); the cover (title, département, date of the data, sources) with the table of contents
/// fills the first page, which has neither; the annex of the département's figures starts
/// a page.
pub fn print_css(header: &str) -> String {
    format!(
        "@page{{size:A4;margin:18mm 12mm 18mm;\
@top-left{{content:{h};font:8pt 'DejaVu Sans',Arial,sans-serif;color:#555;vertical-align:bottom;padding-bottom:3mm}}\
@top-right{{content:\"depbench\";font:8pt 'DejaVu Sans',Arial,sans-serif;color:#555;vertical-align:bottom;padding-bottom:3mm}}\
@bottom-right{{content:\"Page \" counter(page) \" sur \" counter(pages);font:8pt 'DejaVu Sans',Arial,sans-serif;color:#555;vertical-align:top;padding-top:3mm}}}}\
@page:first{{@top-left{{content:none}}@top-right{{content:none}}@bottom-right{{content:none}}}}\
header.cover .kicker{{text-transform:uppercase;letter-spacing:.08em;color:#555;margin:0}}\
header.cover .cover-date{{font-size:1.05em}}\
@media print{{header.cover{{min-height:95mm;display:flex;flex-direction:column;justify-content:flex-end;border-bottom:2px solid #1F3B63;margin-bottom:6mm;padding-bottom:4mm}}\
header.cover h1{{font-size:22pt;margin:.2em 0 .4em}}\
#chiffres-du-departement{{break-before:page}}#chiffres-du-departement table{{font-size:8pt}}\
thead{{display:table-header-group}}}}",
        h = css_string(header)
    )
}

/// The sources named on the cover: the publishers of the report's sources, once each, in
/// their order (« Sources : DREES ; Insee ; Département 17 »).
fn cover_sources(r: &Report) -> String {
    let rows = crate::query::rows::Rows::new(r.sources.schema.clone(), r.sources.batches.clone());
    let mut names: Vec<String> = Vec::new();
    for i in 0..rows.len() {
        if let Some(p) = rows.text("publisher", i).filter(|p| !p.trim().is_empty())
            && !names.contains(&p)
        {
            names.push(p);
        }
    }
    if names.is_empty() {
        return "Sources : voir la dernière section".to_string();
    }
    format!(
        "Sources : {} (détail en dernière section)",
        names.join(" ; ")
    )
}

/// An entry of the table of contents: anchor and title.
struct Entry {
    id: String,
    title: String,
}

/// The report page: title, context, table of contents, one block per figure (its chart or
/// table, the « Lecture : » sentence, links to its files), the figures left out, the
/// département's own figures, the data-quality flags, the sources.
pub fn page(r: &Report) -> Result<String> {
    let mut h = String::new();
    let title = format!(
        "{} ({}) : diagnostic comparé de la protection de l'enfance, {}",
        r.request.focus_name, r.request.focus, r.request.year
    );
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{}</title><style>{}</style><style>{}</style></head><body>\n",
        html_escape(&title),
        crate::render::theme::css(),
        print_css(&running_header(r))
    );
    let _ = writeln!(
        h,
        "<header class=\"cover\"><p class=\"kicker\">Diagnostic comparé de la protection de l'enfance</p><h1>{}</h1>",
        html_escape(&title)
    );
    let _ = writeln!(
        h,
        "<p class=\"cover-date\">Données au {} — {}</p>",
        format::year_end(r.request.year),
        html_escape(&cover_sources(r))
    );
    let peers: Vec<String> = r
        .request
        .peer_names
        .iter()
        .map(|(c, n)| format!("{} ({c})", html_escape(n)))
        .collect();
    let _ = writeln!(
        h,
        "<p class=\"meta\">Données au {} ; évolutions depuis {}. Départements de comparaison : {}. Références : {}.</p>",
        format::year_end(r.request.year),
        r.request.from,
        peers.join(", "),
        html_escape(&r.request.references.names())
    );
    for note in &r.request.references.notes {
        let _ = writeln!(h, "<p class=\"meta note\">{}</p>", html_escape(note));
    }
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
    h.push_str("</header>\n");

    let mut body = String::new();
    let mut toc: Vec<Entry> = Vec::new();
    let mut section: Option<&str> = None;
    for (i, f) in r.figures.iter().enumerate() {
        // Figures of one section (`-- section:`) follow each other under its heading.
        if f.figure.section.as_deref() != section {
            if section.is_some() {
                body.push_str("</section>\n");
            }
            section = f.figure.section.as_deref();
            if let (Some(title), Some(id)) = (section, f.figure.section_id()) {
                let _ = writeln!(
                    body,
                    "<section class=\"part\" id=\"{id}\"><h2>{}</h2>",
                    html_escape(title)
                );
                if let Some(note) = &f.figure.section_note {
                    let _ = writeln!(body, "<p class=\"meta\">{}</p>", html_escape(note));
                }
                toc.push(Entry {
                    id,
                    title: title.to_string(),
                });
            }
        }
        let stem = format!("{:02}-{}", i + 1, super::strip_number(&f.figure.name));
        let id = format!("figure-{}", i + 1);
        let numbered = format!("Figure {} — {}", i + 1, f.chart.title());
        // The chart and the table carry their title: the heading numbers the figure and names
        // it for screen readers and the table of contents only.
        let _ = writeln!(
            body,
            "<section class=\"figure\" id=\"{id}\"><h2 class=\"figure-number\">Figure {}<span class=\"sr\"> — {}</span></h2>",
            i + 1,
            html_escape(f.chart.title())
        );
        body.push_str("<figure>");
        if let Some(t) = f.chart.as_table() {
            body.push_str(&to_html(&f.chart.meta, t));
        } else {
            body.push_str(std::str::from_utf8(&f.svg).unwrap_or(""));
        }
        if let Some(l) = &f.lecture {
            let _ = writeln!(body, "<p class=\"lecture\">{}</p>", html_escape(l));
        }
        let _ = writeln!(
            body,
            "<figcaption class=\"links\"><a href=\"figures/{stem}.svg\">SVG</a><a href=\"figures/{stem}.png\">PNG</a><a href=\"donnees/{stem}.csv\">données (CSV)</a><a href=\"tableaux.xlsx\">classeur XLSX</a> — requête <code>{}</code></figcaption></figure></section>",
            html_escape(
                &f.figure
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            )
        );
        toc.push(Entry {
            id,
            title: numbered,
        });
    }
    if section.is_some() {
        body.push_str("</section>\n");
    }
    if !r.left_out.is_empty() {
        body.push_str(&left_out_notes(r));
        toc.push(entry("non-produites", "Figures non produites"));
    }
    body.push_str(&documents_section(r)?);
    toc.push(entry(
        "chiffres-du-departement",
        "Chiffres publiés par le département",
    ));
    body.push_str(&quality_section(r)?);
    toc.push(entry("qualite", "Qualité des données"));
    let _ = writeln!(body, "<section id=\"sources\"><h2>Sources</h2>");
    // Source ids are the catalogue's: the reader has the publisher, title and edition.
    body.push_str(&rows_table(&r.sources, &["id"])?);
    body.push_str("</section>\n");
    toc.push(entry("sources", "Sources"));

    h.push_str("<nav class=\"toc\"><h2>Sommaire</h2><ol>\n");
    for e in &toc {
        let _ = writeln!(
            h,
            "<li><a href=\"#{}\">{}</a></li>",
            e.id,
            html_escape(&e.title)
        );
    }
    h.push_str("</ol></nav>\n");
    h.push_str(&body);
    let _ = writeln!(
        h,
        "<footer><p class=\"meta\">Produit par depbench. Taux pour 1 000 jeunes de 0 à 20 ans (convention DREES) : enfants au 31 décembre rapportés à la population estimée par l'Insee au 1er janvier suivant (0-20 ans estimés : 0-19 ans + 1/5 des 20-24 ans ; dernière population publiée à défaut, signalé sous la figure).</p></footer>\n</body></html>"
    );
    Ok(h)
}

fn entry(id: &str, title: &str) -> Entry {
    Entry {
        id: id.to_string(),
        title: title.to_string(),
    }
}

/// « Chiffres publiés par le département » (the annex of a printed report, starting a page):
/// the plan's figures next to DREES with their explanations in the reader's words, or one
/// sentence saying none is held (a département whose plan depbench does not hold).
fn documents_section(r: &Report) -> Result<String> {
    let mut h = String::from(
        "<section id=\"chiffres-du-departement\"><h2>Chiffres publiés par le département</h2>\n",
    );
    match r
        .document_figures
        .as_ref()
        .filter(|d| d.batches.iter().any(|b| b.num_rows() > 0))
    {
        Some(d) => {
            h.push_str("<p class=\"meta\">Chiffres du schéma départemental rattachés à un indicateur du catalogue, avec leur ligne dans le document, rapprochés de la valeur DREES (même territoire, indicateur et année ou période).</p>\n");
            // The values in the French format, the DREES value with its unit's decimals.
            h.push_str(&super::published::table(
                &readers_figures(d, &r.indicator_names)?,
                super::xlsx::header,
            )?);
        }
        None => {
            let _ = writeln!(
                h,
                "<p class=\"meta\">depbench ne détient aucun document publié par {} ({}) : pas de chiffres du département à rapprocher des séries DREES.</p>",
                html_escape(&super::lecture::with_article(
                    &r.request.focus,
                    &r.request.focus_name
                )),
                html_escape(&r.request.focus)
            );
        }
    }
    h.push_str("</section>\n");
    Ok(h)
}

/// The « Qualité des données » section: the flags of the values shown, or a sentence saying
/// none applies.
fn quality_section(r: &Report) -> Result<String> {
    let mut h = String::from("<section id=\"qualite\"><h2>Qualité des données</h2>\n");
    match super::flags::table(&r.flags) {
        Some((schema, batches)) => {
            let _ = writeln!(
                h,
                "<p class=\"meta\">{}</p>",
                html_escape(super::flags::INTRO)
            );
            h.push_str(&crate::write::html::french_table(&schema, &batches)?);
        }
        None => {
            let _ = writeln!(
                h,
                "<p class=\"meta\">{}</p>",
                html_escape(super::flags::NONE)
            );
        }
    }
    Ok(h)
}

/// The figures left out for lack of data, one line each (which figure, why).
fn left_out_notes(r: &Report) -> String {
    if r.left_out.is_empty() {
        return String::new();
    }
    let mut h = String::from(
        "<section id=\"non-produites\"><h2>Figures non produites</h2>\n<ul class=\"meta\">\n",
    );
    for l in &r.left_out {
        let _ = writeln!(
            h,
            "<li>{} : {}.</li>",
            html_escape(&l.title),
            html_escape(&l.reason)
        );
    }
    h.push_str("</ul></section>\n");
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

#[cfg(test)]
mod print_tests {
    use super::*;

    #[test]
    fn annex_notes_name_indicators_in_the_readers_words() {
        let names = vec![
            (
                "TotEnfConfiesASE".to_string(),
                "Enfants confiés à l'ASE".to_string(),
            ),
            ("TotBenefAEDx".to_string(), "autre".to_string()),
            ("TotBenefAED".to_string(), "AED".to_string()),
        ];
        assert_eq!(
            in_readers_words(
                "inexpliqué : DREES TotBenefAED pour le 17 (TotEnfConfiesASE 2022 = 2 160) ; TotBenefAEDy reste",
                &names
            ),
            "inexpliqué : DREES «\u{a0}AED\u{a0}» pour le 17 («\u{a0}Enfants confiés à l'ASE\u{a0}» 2022 = 2 160) ; TotBenefAEDy reste"
        );
    }

    #[test]
    fn running_header_is_one_css_string() {
        assert_eq!(
            css_string("Côtes-d'Armor (22) — \"x\"\n"),
            "\"Côtes-d'Armor (22) — \\\"x\\\" \""
        );
        assert_eq!(css_string("a</style>"), "\"a\\3C /style>\"");
        let css = print_css("Orne (61) — diagnostic 2022");
        assert!(css.contains("@top-left{content:\"Orne (61) — diagnostic 2022\""));
        assert!(css.contains("counter(page) \" sur \" counter(pages)"));
        assert!(css.contains("@page:first{@top-left{content:none}"));
    }
}
