//! Exports of a comparison [`Table`]: Markdown and HTML for reports (French formatting), CSV for
//! machines (raw numbers), and an XLSX sheet (numbers stored as numbers, French-looking formats).
//!
//! Only the human outputs go through [`crate::model::format`]; CSV and XLSX cells keep the raw `f64` so
//! that a reader can recompute from them.
//!
//! Percent columns are stored in XLSX as the **percent value** (`16.1`, not `0.161`) with a number
//! format that appends a literal ` %` suffix: the cell value is the same number as in the CSV and
//! in the query results, and a French Excel displays `+16,1 %`. The same holds for `‰`, `€`, etc.:
//! the unit is a literal suffix of the number format, never a scaling.

use std::fmt::Write as _;
use std::io::Write;

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use crate::model::format;
use crate::render::model::{Column, FLAG_MARK, FLAG_SIGN, Meta, Role, Row, Table};
pub use crate::write::NOT_AVAILABLE;
pub use crate::write::html::escape as html_escape;
pub use crate::write::xlsx::{SHEET_NAME_MAX, sheet_name};
use crate::write::{html, markdown, xlsx};

/// Header of the label column in every export.
pub const LABEL_HEADER_FR: &str = "Territoire";

/// The header of `table`'s label column: its own, else [`LABEL_HEADER_FR`].
pub fn label_header(table: &Table) -> &str {
    table.label_header.as_deref().unwrap_or(LABEL_HEADER_FR)
}

/// Header of the XLSX column that marks the rows a data-quality flag concerns.
const FLAG_HEADER_FR: &str = "Signalement qualité";
/// Header of the label column in machine CSV.
pub const LABEL_HEADER_CSV: &str = "territoire";

/// Errors of the table exports.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("feuille xlsx `{sheet}` : {source}")]
    Xlsx {
        sheet: String,
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
    #[error("csv: {0}")]
    Write(crate::error::Error),
    #[error("csv : une ligne a {fields} champs pour un en-tête de {header}")]
    Width { fields: usize, header: usize },
    #[error("tableau « {title} » : la ligne `{row}` a {cells} cellules pour {columns} colonnes")]
    Shape {
        title: String,
        row: String,
        cells: usize,
        columns: usize,
    },
}

/// The text of one cell for human readers: French number, unit suffix, `+` on signed columns,
/// `n.d.` for NULL.
pub fn cell_text(column: &Column, value: Option<f64>) -> String {
    match value {
        None => NOT_AVAILABLE.to_string(),
        Some(v) if !v.is_finite() => NOT_AVAILABLE.to_string(),
        Some(v) if column.signed => format::signed(v, column.unit, column.decimals),
        Some(v) => column.unit.format_with(v, column.decimals),
    }
}

/// A number for machines: shortest round-trip decimal with a dot (`16.1`, `-0.7`, `12`), empty
/// for NULL and for non-finite values.
pub fn raw_number(value: Option<f64>) -> String {
    value.map(crate::write::raw_number).unwrap_or_default()
}

fn role_class(role: Role) -> &'static str {
    match role {
        Role::Focus => "focus",
        Role::Peer => "peer",
        Role::Reference => "reference",
        Role::Other => "other",
    }
}

/// [`cell_text`] in a row: a missing cell of a row under secret reads « s ».
pub fn row_cell_text(row: &Row, column: &Column, value: Option<f64>) -> String {
    match value {
        None if row.secret => format::SECRET.to_string(),
        _ => cell_text(column, value),
    }
}

fn cells<'a>(table: &'a Table, row: &'a Row) -> impl Iterator<Item = (&'a Column, Option<f64>)> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c, row.cells.get(i).copied().flatten()))
}

fn check_shape(meta: &Meta, table: &Table) -> Result<(), ExportError> {
    match table
        .rows
        .iter()
        .find(|r| r.cells.len() != table.columns.len())
    {
        Some(r) => Err(ExportError::Shape {
            title: meta.title.clone(),
            row: r.label.clone(),
            cells: r.cells.len(),
            columns: table.columns.len(),
        }),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// The table as a GitHub-flavoured Markdown block: title in bold, subtitle in italics, the table
/// (label column left, numbers right-aligned, French formatting, `+` on signed columns, focus row
/// in bold, `n.d.` for NULL), then the notes (one paragraph each) and the source line of `meta`.
/// A missing cell (row shorter than the columns) reads `n.d.`.
pub fn to_markdown(meta: &Meta, table: &Table) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "**{}**", markdown::escape(&meta.title));
    if let Some(sub) = &meta.subtitle {
        let _ = writeln!(out, "\n*{}*", markdown::escape(sub));
    }
    out.push('\n');
    let mut headers = vec![label_header(table).to_string()];
    headers.extend(table.columns.iter().map(|c| c.header.clone()));
    let mut right = vec![false];
    right.extend(table.columns.iter().map(|_| true));
    out.push_str(&markdown::header(&headers, &right));
    for row in &table.rows {
        let mut texts = vec![row.label.clone()];
        texts.extend(cells(table, row).map(|(col, v)| row_cell_text(row, col, v)));
        out.push_str(&markdown::row(&texts, row.role == Role::Focus));
    }
    for note in &meta.notes {
        let _ = writeln!(out, "\n{}", markdown::escape(note));
    }
    if !meta.source.is_empty() {
        let _ = writeln!(out, "\n{}", markdown::escape(&meta.source));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// HTML

/// The table as a self-contained HTML fragment:
/// `<figure class="depbench-table"><table>…</table><figcaption>source</figcaption></figure>`.
///
/// The title (and subtitle) is the table `<caption>`. Every body row carries
/// `class="role-focus|role-peer|role-reference|role-other"` so a stylesheet can highlight it;
/// the focus row is also bold inline so the fragment reads right without a stylesheet. Number
/// cells have `class="num"` and are right-aligned inline. All text is escaped.
pub fn to_html(meta: &Meta, table: &Table) -> String {
    let mut out = String::new();
    out.push_str("<figure class=\"depbench-table\">\n<table>\n<caption>");
    out.push_str(&html_escape(&meta.title));
    if let Some(sub) = &meta.subtitle {
        let _ = write!(out, "<br><small>{}</small>", html_escape(sub));
    }
    out.push_str("</caption>\n<thead>\n<tr>");
    out.push_str(&html::header_cell(label_header(table), false, ""));
    for c in &table.columns {
        let unit = format!(" data-unit=\"{}\"", c.unit.id());
        out.push_str(&html::header_cell(&c.header, true, &unit));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &table.rows {
        let class = format!("role-{}", role_class(row.role));
        out.push_str(&html::row_start(Some(&class), row.role == Role::Focus));
        out.push_str(&html::row_header(&row.label));
        for (col, v) in cells(table, row) {
            out.push_str(&html::cell(&row_cell_text(row, col, v), true));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if !meta.notes.is_empty() || !meta.source.is_empty() {
        out.push_str("<figcaption>");
        for note in &meta.notes {
            let _ = write!(out, "<span class=\"note\">{}</span><br>", html_escape(note));
        }
        let _ = writeln!(out, "{}</figcaption>", html_escape(&meta.source));
    }
    out.push_str("</figure>\n");
    out
}

// ---------------------------------------------------------------------------------------------
// CSV

/// Write a generic machine CSV (e.g. query results): a header row, then rows of already
/// machine-formatted fields (use [`raw_number`] for numbers, an empty string for NULL).
/// RFC 4180 quoting, `\n` line ends; every row must have the header's length.
pub fn write_csv_rows<W, H, R, F>(w: W, header: &[H], rows: R) -> Result<(), ExportError>
where
    W: Write,
    H: AsRef<str>,
    R: IntoIterator,
    R::Item: IntoIterator<Item = F>,
    F: AsRef<str>,
{
    let mut records = crate::write::csv::Records::new(w);
    let width = header.len();
    records
        .record(header.iter().map(|h| h.as_ref().as_bytes()))
        .map_err(ExportError::Write)?;
    for row in rows {
        let fields: Vec<F> = row.into_iter().collect();
        if fields.len() != width {
            return Err(ExportError::Width {
                fields: fields.len(),
                header: width,
            });
        }
        records
            .record(fields.iter().map(|f| f.as_ref().as_bytes()))
            .map_err(ExportError::Write)?;
    }
    records.flush().map_err(ExportError::Write)
}

/// The table as machine CSV: header `territoire,<column headers>`, one row per territory, raw
/// numbers with a dot decimal (no rounding, no unit, no `+`), empty fields for NULL. No title or
/// source line: those live in the human outputs.
pub fn to_csv(table: &Table) -> String {
    let mut header = vec![LABEL_HEADER_CSV.to_string()];
    header.extend(table.columns.iter().map(|c| c.header.clone()));
    let rows = table.rows.iter().map(|r| {
        let mut f = vec![r.label.clone()];
        f.extend(cells(table, r).map(|(_, v)| match v {
            None if r.secret => format::SECRET.to_string(),
            _ => raw_number(v),
        }));
        f
    });
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail, and `cells` gives every row the header's length.
    write_csv_rows(&mut buf, &header, rows).expect("csv to memory");
    String::from_utf8(buf).expect("csv of UTF-8 strings is UTF-8")
}

// ---------------------------------------------------------------------------------------------
// XLSX

/// The Excel number format of a column. Excel stores format codes in the US notation
/// (`#,##0.0`); a French Excel displays them with a space for thousands and a decimal comma.
/// The unit suffix is a quoted literal after a no-break space; signed columns get an explicit
/// `+` section. Percent values are the percent number itself (see the module doc).
pub fn xlsx_num_format(column: &Column) -> String {
    let mut body = "#,##0".to_string();
    if column.decimals > 0 {
        body.push('.');
        body.push_str(&"0".repeat(column.decimals));
    }
    let suffix = match column.unit.suffix() {
        "" => String::new(),
        s => format!("\"\u{a0}{s}\""),
    };
    if column.signed {
        format!("+{body}{suffix};-{body}{suffix};{body}{suffix}")
    } else {
        format!("{body}{suffix}")
    }
}

/// Write the table into a new sheet of `workbook`: title row (bold, larger), optional subtitle,
/// a blank row, a bold header row, one row per territory (focus row bold), numbers stored as
/// numbers with [`xlsx_num_format`], the text `n.d.` for NULL, then one row under the table the
/// notes (one row each) and the source line (italic). Title, subtitle, notes and source are those
/// of `meta`. `sheet_name` is sanitized with [`sheet_name`]; panes are frozen below the header and
/// right of the label column.
pub fn write_xlsx(
    workbook: &mut Workbook,
    sheet_name: &str,
    meta: &Meta,
    table: &Table,
) -> Result<(), ExportError> {
    check_shape(meta, table)?;
    let name = xlsx::unique_sheet_name(workbook, &self::sheet_name(sheet_name));
    let err = |source| ExportError::Xlsx {
        sheet: name.clone(),
        source,
    };
    let sheet = workbook.add_worksheet();
    sheet.set_name(&name).map_err(err)?;

    let title_fmt = Format::new().set_bold().set_font_size(13);
    let subtitle_fmt = Format::new().set_italic();
    let (header_label, header_num) = (xlsx::header_format(false), xlsx::header_format(true));
    let source_fmt = Format::new().set_italic().set_font_size(9);

    let mut r: u32 = 0;
    sheet
        .write_string_with_format(r, 0, &meta.title, &title_fmt)
        .map_err(err)?;
    r += 1;
    if let Some(sub) = &meta.subtitle {
        sheet
            .write_string_with_format(r, 0, sub, &subtitle_fmt)
            .map_err(err)?;
        r += 1;
    }
    r += 1; // blank row before the table
    let header_row = r;
    sheet
        .write_string_with_format(r, 0, label_header(table), &header_label)
        .map_err(err)?;
    for (i, c) in table.columns.iter().enumerate() {
        sheet
            .write_string_with_format(r, col_index(i + 1), &c.header, &header_num)
            .map_err(err)?;
    }
    // A flagged row's sign goes to a column of its own, so the names stay lookup keys.
    let flagged = |label: &str| label.ends_with(FLAG_MARK);
    let flag_col = table
        .rows
        .iter()
        .any(|row| flagged(&row.label))
        .then(|| col_index(table.columns.len() + 1));
    if let Some(c) = flag_col {
        sheet
            .write_string_with_format(r, c, FLAG_HEADER_FR, &header_label)
            .map_err(err)?;
    }
    r += 1;

    for row in &table.rows {
        let bold = row.role == Role::Focus;
        let label_fmt = if bold {
            Format::new().set_bold()
        } else {
            Format::new()
        };
        let label = row.label.strip_suffix(FLAG_MARK).unwrap_or(&row.label);
        sheet
            .write_string_with_format(r, 0, label, &label_fmt)
            .map_err(err)?;
        if let (Some(c), true) = (flag_col, flagged(&row.label)) {
            sheet.write_string(r, c, FLAG_SIGN).map_err(err)?;
        }
        for (i, (col, v)) in cells(table, row).enumerate() {
            let mut f = Format::new().set_align(FormatAlign::Right);
            if bold {
                f = f.set_bold();
            }
            let value = v.map_or(crate::write::Value::Null, crate::write::Value::Float);
            let number = f.clone().set_num_format(xlsx_num_format(col));
            xlsx::write_value(
                sheet,
                r,
                col_index(i + 1),
                &value,
                &number,
                Some((
                    if row.secret {
                        format::SECRET
                    } else {
                        NOT_AVAILABLE
                    },
                    &f,
                )),
            )
            .map_err(err)?;
        }
        r += 1;
    }
    if !meta.notes.is_empty() || !meta.source.is_empty() {
        r += 1;
    }
    for note in &meta.notes {
        sheet
            .write_string_with_format(r, 0, note, &Format::new().set_font_size(9))
            .map_err(err)?;
        r += 1;
    }
    if !meta.source.is_empty() {
        sheet
            .write_string_with_format(r, 0, &meta.source, &source_fmt)
            .map_err(err)?;
    }

    let label_width = table
        .rows
        .iter()
        .map(|row| row.label.chars().count())
        .chain([label_header(table).chars().count()])
        .max()
        .unwrap_or(10);
    sheet
        .set_column_width(0, (label_width as f64 + 2.0).clamp(12.0, 40.0))
        .map_err(err)?;
    for i in 0..table.columns.len() {
        sheet
            .set_column_width(col_index(i + 1), 18.0)
            .map_err(err)?;
    }
    sheet.set_freeze_panes(header_row + 1, 1).map_err(err)?;
    Ok(())
}

fn col_index(i: usize) -> u16 {
    xlsx::col(i)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::format::Unit;

    /// The Charente-Maritime comparison table used by the export snapshots.
    pub(crate) fn charente_maritime() -> (Meta, Table) {
        let pct = |header: &str, signed| Column {
            header: header.to_string(),
            unit: Unit::Percent,
            decimals: 1,
            signed,
        };
        let row = |label: &str, role, cells: [f64; 3]| Row {
            label: label.to_string(),
            role,
            cells: cells.into_iter().map(Some).collect(),
            secret: false,
        };
        let mut meta = Meta::new(
            "Charente-Maritime : comparaison avec les départements de référence",
            Unit::Percent,
            "Source : DREES, enquête Aide sociale ; calculs depbench. Données au 31/12.",
        );
        meta.subtitle = Some("Enfants confiés, AEMO et part judiciaire des mesures".into());
        let table = Table {
            label_header: None,
            columns: vec![
                pct("Évolution des enfants confiés 2018-2022", true),
                pct("Évolution des AEMO 2018-2022", true),
                pct("Part judiciaire des mesures éducatives 2022", false),
            ],
            rows: vec![
                row("Charente-Maritime", Role::Focus, [16.1, 41.3, 79.8]),
                row("Côtes-d'Armor", Role::Peer, [12.4, -0.7, 59.0]),
                row("Pyrénées-Atlantiques", Role::Peer, [21.3, -3.5, 80.6]),
                row("Calvados", Role::Peer, [11.3, 36.7, 60.4]),
                row("France métropolitaine", Role::Reference, [12.1, 4.6, 70.4]),
            ],
        };
        (meta, table)
    }

    /// Snapshots are named without the crate/module prefix so that the same files serve the
    /// scratch crate and the main crate.
    fn settings() -> insta::Settings {
        let mut s = insta::Settings::clone_current();
        s.set_prepend_module_to_snapshot(false);
        s
    }

    #[test]
    fn markdown_snapshot() {
        let md = {
            let (m, t) = charente_maritime();
            to_markdown(&m, &t)
        };
        assert!(md.contains(
            "| **Charente-Maritime** | **+16,1\u{a0}%** | **+41,3\u{a0}%** | **79,8\u{a0}%** |"
        ));
        assert!(md.contains("| Côtes-d'Armor | +12,4\u{a0}% | -0,7\u{a0}% | 59,0\u{a0}% |"));
        settings().bind(|| insta::assert_snapshot!("export_markdown", md));
    }

    #[test]
    fn html_snapshot() {
        let html = {
            let (m, t) = charente_maritime();
            to_html(&m, &t)
        };
        assert!(html.starts_with("<figure"));
        assert!(html.trim_end().ends_with("</figure>"));
        assert!(html.contains("Côtes-d&#39;Armor"));
        assert!(html.contains("class=\"role-focus\""));
        settings().bind(|| insta::assert_snapshot!("export_html", html));
    }

    #[test]
    fn csv_snapshot() {
        let csv = to_csv(&charente_maritime().1);
        assert!(csv.starts_with("territoire,Évolution des enfants confiés 2018-2022,"));
        assert!(csv.contains("\nCôtes-d'Armor,12.4,-0.7,59\n"));
        settings().bind(|| insta::assert_snapshot!("export_csv", csv));
    }

    #[test]
    fn nulls_and_escaping() {
        let (m, mut t) = charente_maritime();
        t.rows[1].cells[1] = None;
        t.rows[2].label = "A | <b>&</b>, \"x\"".into();
        let md = to_markdown(&m, &t);
        assert!(md.contains("| Côtes-d'Armor | +12,4\u{a0}% | n.d. | 59,0\u{a0}% |"));
        assert!(md.contains("| A \\| \\<b\\>&\\</b\\>, \"x\" |"), "{md}");
        let html = to_html(&m, &t);
        assert!(html.contains(">A | &lt;b&gt;&amp;&lt;/b&gt;, &quot;x&quot;</th>"));
        assert!(html.contains(">n.d.</td>"));
        let csv = to_csv(&t);
        assert!(csv.contains("\nCôtes-d'Armor,12.4,,59\n"));
        assert!(
            csv.contains("\n\"A | <b>&</b>, \"\"x\"\"\",21.3,-3.5,80.6\n"),
            "{csv}"
        );
    }

    #[test]
    fn raw_numbers() {
        assert_eq!(raw_number(Some(16.1)), "16.1");
        assert_eq!(raw_number(Some(-0.0)), "0");
        assert_eq!(raw_number(Some(1234567.0)), "1234567");
        assert_eq!(raw_number(Some(f64::NAN)), "");
        assert_eq!(raw_number(None), "");
    }

    #[test]
    fn csv_rows_quote_commas() {
        let mut buf = Vec::new();
        write_csv_rows(&mut buf, &["a", "b"], [vec!["x,y", "1.5"], vec!["", "2"]]).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "a,b\n\"x,y\",1.5\n,2\n");
    }

    #[test]
    fn sheet_names() {
        assert_eq!(sheet_name("Comparaison 17"), "Comparaison 17");
        assert_eq!(sheet_name("a/b:c*d?[e]\\f"), "a-b-c-d--e--f");
        assert_eq!(sheet_name("'quoted'"), "quoted");
        assert_eq!(sheet_name(""), "Feuille");
        assert_eq!(sheet_name("History"), "Feuille");
        let long = sheet_name("Évolution des enfants confiés à l'ASE 2018-2022");
        assert_eq!(long, "Évolution des enfants confiés à");
        assert_eq!(long.encode_utf16().count(), 31);
    }

    #[test]
    fn number_formats() {
        let (_, t) = charente_maritime();
        assert_eq!(
            xlsx_num_format(&t.columns[0]),
            "+#,##0.0\"\u{a0}%\";-#,##0.0\"\u{a0}%\";#,##0.0\"\u{a0}%\""
        );
        assert_eq!(xlsx_num_format(&t.columns[2]), "#,##0.0\"\u{a0}%\"");
        let count = Column {
            header: "n".into(),
            unit: Unit::Count,
            decimals: 0,
            signed: false,
        };
        assert_eq!(xlsx_num_format(&count), "#,##0");
    }

    #[test]
    fn xlsx_is_a_zip() {
        let mut wb = Workbook::new();
        let (m, t) = charente_maritime();
        write_xlsx(&mut wb, "Comparaison: 17/pairs", &m, &t).unwrap();
        let (mut m, mut t) = charente_maritime();
        t.rows[0].cells[0] = None;
        m.subtitle = None;
        m.notes = vec!["(a) Une note.".into()];
        write_xlsx(&mut wb, "Avec une valeur manquante", &m, &t).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        assert!(bytes.len() > 1000);
        assert_eq!(&bytes[..4], b"PK\x03\x04");
    }

    /// A flagged row's sign is a cell of its own column, never part of the name (a lookup key).
    #[test]
    fn xlsx_puts_the_flag_sign_in_its_own_column() {
        use calamine::Reader;
        let sheet_rows = |t: &Table| {
            let mut wb = Workbook::new();
            write_xlsx(&mut wb, "t", &charente_maritime().0, t).unwrap();
            let bytes = wb.save_to_buffer().unwrap();
            let mut book: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
            let range = book.worksheet_range("t").unwrap();
            range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        };
        let (_, mut t) = charente_maritime();
        let plain = sheet_rows(&t);
        assert!(
            plain
                .iter()
                .all(|r| !r.contains(&FLAG_HEADER_FR.to_string()))
        );
        t.rows[1].label.push_str(FLAG_MARK);
        let rows = sheet_rows(&t);
        let header = rows.iter().find(|r| r[0] == LABEL_HEADER_FR).unwrap();
        assert_eq!(header[4], FLAG_HEADER_FR);
        let armor = rows.iter().find(|r| r[0].starts_with("Côtes")).unwrap();
        assert_eq!(armor[0], "Côtes-d'Armor");
        assert_eq!(armor[4], FLAG_SIGN);
        let calvados = rows.iter().find(|r| r[0] == "Calvados").unwrap();
        assert_eq!(calvados.get(4).map(String::as_str).unwrap_or(""), "");
    }

    #[test]
    fn xlsx_rejects_ragged_rows() {
        let (m, mut t) = charente_maritime();
        t.rows[3].cells.pop();
        let e = write_xlsx(&mut Workbook::new(), "x", &m, &t).unwrap_err();
        assert!(
            e.to_string()
                .contains("la ligne `Calvados` a 2 cellules pour 3 colonnes"),
            "{e}"
        );
    }
}
