//! A comparison table drawn as an image for slides.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{Area, Kind};
use crate::model::format;
use crate::render::layout::Rect;
use crate::render::layout::*;
use crate::render::model::*;
use crate::render::theme::{self, text_width};
use crate::render::{RenderError, marks};

pub(crate) const TABLE_ROW: i32 = 38;

pub(crate) struct TableLayout {
    label_w: i32,
    col_w: i32,
    headers: Vec<Vec<String>>,
    /// Size of the column headers: the table's size, or smaller so that every word of every
    /// header (pieces after `+`, `-`, `/` apart) fits its column whole.
    header_size: f64,
    header_h: i32,
    height: i32,
}

pub(crate) fn table_layout(meta: &Meta, t: &Table) -> TableLayout {
    let w = theme::TABLE_WIDTH;
    let header = header_layout(&meta.title, meta.subtitle.as_deref(), w);
    let footer = footer_layout(&meta.notes, &meta.source, w);
    let inner = (w - 2 * theme::MARGIN) as i32;
    let label_w = t
        .rows
        .iter()
        .map(|r| text_width(&r.label, theme::TABLE_SIZE, true) as i32)
        .chain([text_width(
            crate::render::export::label_header(t),
            theme::TABLE_SIZE,
            true,
        ) as i32])
        .max()
        .unwrap_or(0)
        .clamp(140, inner * 2 / 5)
        + 24;
    let col_w = (inner - label_w) / t.columns.len().max(1) as i32;
    // Headers wrap within their column ([`theme::wrap_within`]): no header runs into its
    // neighbour's. Their size steps down (to 12 px at least) until every word fits whole, so a
    // word is cut between letters only in columns too narrow even for that.
    let (room, hard) = ((col_w - 16).max(20) as u32, (col_w - 6).max(20) as u32);
    let fits = |size: f64| {
        t.columns.iter().all(|c| {
            c.header
                .split([' ', '+', '-', '/'])
                .all(|w| text_width(w, size, true) <= hard)
        })
    };
    let header_size = [theme::TABLE_SIZE, 16.0, 15.0, 14.0, 13.0, 12.0]
        .into_iter()
        .find(|&s| fits(s))
        .unwrap_or(12.0);
    let headers: Vec<Vec<String>> = t
        .columns
        .iter()
        .map(|c| theme::wrap_within(&c.header, header_size, true, room, hard))
        .collect();
    let n = headers.iter().map(Vec::len).max().unwrap_or(1).max(1) as i32;
    let header_h = n * line_height(header_size) + 18;
    let height = header.height + header_h + TABLE_ROW * t.rows.len() as i32 + footer.height;
    TableLayout {
        label_w,
        col_w,
        headers,
        header_size,
        header_h,
        height,
    }
}

pub(crate) fn draw_table<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
    t: &Table,
) -> Result<(), RenderError> {
    if t.rows.is_empty() || t.columns.is_empty() {
        return Err(RenderError::empty(&meta.title));
    }
    if let Some(r) = t.rows.iter().find(|r| r.cells.len() != t.columns.len()) {
        return Err(RenderError::invalid(
            &meta.title,
            format!(
                "la ligne `{}` a {} cellules pour {} colonnes",
                r.label,
                r.cells.len(),
                t.columns.len()
            ),
        ));
    }
    let layout = table_layout(meta, t);
    let plot = frame(area, meta)?;
    let x0 = plot.x0;
    let x_end = x0 + layout.label_w + layout.col_w * t.columns.len() as i32;
    let mut y = plot.y0;
    rect(
        area,
        Rect {
            x0,
            y0: y,
            x1: x_end,
            y1: y + layout.header_h,
        },
        theme::HEADER,
    )?;
    let size = layout.header_size;
    let lh = line_height(size);
    // The label column's header, as in the HTML and XLSX tables.
    text(
        area,
        crate::render::export::label_header(t),
        x0 + 10,
        y + (layout.header_h - lh) / 2 + (0.8 * size).round() as i32,
        size,
        true,
        theme::BACKGROUND,
        HPos::Left,
    )?;
    for (c, lines) in layout.headers.iter().enumerate() {
        let cx = x0 + layout.label_w + c as i32 * layout.col_w + layout.col_w / 2;
        let top = y + (layout.header_h - lines.len() as i32 * lh) / 2;
        for (n, l) in lines.iter().enumerate() {
            let baseline = top + n as i32 * lh + (0.8 * size).round() as i32;
            text(
                area,
                l,
                cx,
                baseline,
                size,
                true,
                theme::BACKGROUND,
                HPos::Center,
            )?;
        }
    }
    y += layout.header_h;
    for (k, row) in t.rows.iter().enumerate() {
        let bold = theme::role_bold(row.role);
        let r = Rect {
            x0,
            y0: y,
            x1: x_end,
            y1: y + TABLE_ROW,
        };
        if row.role == Role::Focus {
            rect(area, r, theme::FOCUS_ROW)?;
        }
        let rule_w = if row.role == Role::Reference && k > 0 {
            2
        } else {
            1
        };
        let rule = if rule_w == 2 {
            theme::AXIS
        } else {
            theme::RULE
        };
        if k > 0 {
            line(area, vec![(x0, y), (x_end, y)], rule, rule_w)?;
        }
        let colour = match row.role {
            Role::Focus => theme::FOCUS,
            Role::Reference => theme::REFERENCE,
            _ => theme::TEXT,
        };
        let cy = middle(y + TABLE_ROW / 2, theme::TABLE_SIZE);
        let label = theme::ellipsize(
            &row.label,
            theme::TABLE_SIZE,
            bold,
            (layout.label_w - 20) as u32,
        );
        text(
            area,
            &label,
            x0 + 10,
            cy,
            theme::TABLE_SIZE,
            bold,
            colour,
            HPos::Left,
        )?;
        for (c, (col, v)) in t.columns.iter().zip(&row.cells).enumerate() {
            let s = match v.filter(|v| v.is_finite()) {
                None if row.secret => format::SECRET.to_string(),
                None => format::NOT_AVAILABLE.to_string(),
                Some(v) if col.signed => format::signed(v, col.unit, col.decimals),
                Some(v) => col.unit.format_with(v, col.decimals),
            };
            let right = x0 + layout.label_w + (c as i32 + 1) * layout.col_w - 14;
            let colour = if v.is_none() {
                theme::TEXT_MUTED
            } else {
                colour
            };
            let hover = marks::title(&format!("{} — {}", row.label, col.header), None, &s);
            marks::titled(area, &hover, || {
                marks::column(
                    area,
                    (right + 14 - layout.col_w, y),
                    (right + 14, y + TABLE_ROW),
                )?;
                text(
                    area,
                    &s,
                    right,
                    cy,
                    theme::TABLE_SIZE,
                    bold,
                    colour,
                    HPos::Right,
                )
            })?;
        }
        y += TABLE_ROW;
    }
    line(area, vec![(x0, y), (x_end, y)], theme::AXIS, 2)?;
    Ok(())
}

/// A comparison table drawn as an image, as [`Body::Table`] holds it.
pub(crate) struct TableChart<'a> {
    pub meta: &'a Meta,
    pub table: &'a Table,
}

impl<'a> Kind<'a> for TableChart<'a> {
    fn title(&self) -> &'a str {
        &self.meta.title
    }

    /// [`theme::TABLE_WIDTH`] wide; the height follows the rows.
    fn canvas_size(&self) -> (u32, u32) {
        (
            theme::TABLE_WIDTH,
            table_layout(self.meta, self.table).height as u32,
        )
    }

    fn draw(&self, area: &Area<'_>) -> Result<(), RenderError> {
        draw_table(area, self.meta, self.table)
    }
}
