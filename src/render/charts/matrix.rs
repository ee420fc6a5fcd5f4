//! Themes × départements matrix (counts), cells shaded by value.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{Area, Kind, text_height};
use crate::model::format;
use crate::render::layout::Rect;
use crate::render::layout::*;
use crate::render::model::*;
use crate::render::theme::{self, text_width};
use crate::render::{RenderError, marks};

pub(crate) const MATRIX_ROW: i32 = 40;

/// Column headers of a matrix: wrapped lines per column and the header height.
pub(crate) fn matrix_header(columns: &[String], width: u32) -> (Vec<Vec<String>>, i32) {
    let label_w = (f64::from(width) * 0.3) as u32;
    let col_w = (width - 2 * theme::MARGIN - label_w) / columns.len().max(1) as u32;
    let lines: Vec<Vec<String>> = columns
        .iter()
        .map(|c| {
            // Break after hyphens too: "Pyrénées-Atlantiques" → "Pyrénées-" / "Atlantiques".
            let spaced = c.replace('-', "-\u{1}");
            let words: Vec<&str> = spaced
                .split([' ', '\u{1}'])
                .filter(|w| !w.is_empty())
                .collect();
            let mut out: Vec<String> = Vec::new();
            for w in words {
                let joined = match out.last() {
                    Some(l) if l.ends_with('-') => format!("{l}{w}"),
                    Some(l) => format!("{l} {w}"),
                    None => w.to_string(),
                };
                match out.last_mut() {
                    Some(last) if text_width(&joined, theme::TICK_SIZE, false) <= col_w - 8 => {
                        *last = joined;
                    }
                    _ => out.push(w.to_string()),
                }
            }
            out.into_iter()
                .map(|l| theme::ellipsize(&l, theme::TICK_SIZE, false, col_w - 6))
                .collect()
        })
        .collect();
    let n = lines.iter().map(Vec::len).max().unwrap_or(1) as i32;
    (lines, n * line_height(theme::TICK_SIZE) + 12)
}

pub(crate) fn draw_matrix<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
    rows: &[String],
    columns: &[String],
    cells: &[Vec<Option<f64>>],
) -> Result<(), RenderError> {
    if rows.is_empty() || columns.is_empty() {
        return Err(RenderError::empty(&meta.title));
    }
    if cells.len() != rows.len() {
        return Err(RenderError::invalid(
            &meta.title,
            format!("{} rows of cells for {} themes", cells.len(), rows.len()),
        ));
    }
    if let Some((r, row)) = rows
        .iter()
        .zip(cells)
        .find(|(_, c)| c.len() != columns.len())
    {
        return Err(RenderError::invalid(
            &meta.title,
            format!(
                "theme `{r}` has {} cells for {} départements",
                row.len(),
                columns.len()
            ),
        ));
    }
    let plot = frame(area, meta)?;
    let (w, _) = area.dim_in_pixel();
    let (headers, header_h) = matrix_header(columns, w);
    let label_cap = (f64::from(w) * 0.3) as u32 - 16;
    let labels: Vec<String> = rows
        .iter()
        .map(|r| theme::ellipsize(r, theme::TICK_SIZE, false, label_cap))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(l, theme::TICK_SIZE, false) as i32)
        .max()
        .unwrap_or(0);
    let gx0 = plot.x0 + label_w + 16;
    let col_w = (plot.x1 - gx0) / columns.len() as i32;
    let max = cells
        .iter()
        .flatten()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let lh = line_height(theme::TICK_SIZE);
    for (c, lines) in headers.iter().enumerate() {
        let cx = gx0 + c as i32 * col_w + col_w / 2;
        let top = plot.y0 + header_h - 8 - lines.len() as i32 * lh;
        for (n, l) in lines.iter().enumerate() {
            let baseline = top + n as i32 * lh + (0.8 * theme::TICK_SIZE).round() as i32;
            text(
                area,
                l,
                cx,
                baseline,
                theme::TICK_SIZE,
                false,
                theme::TEXT,
                HPos::Center,
            )?;
        }
    }
    let row_h = ((plot.height() - header_h) / rows.len() as i32).clamp(16, MATRIX_ROW);
    // What the counts are, in the top-left corner.
    text(
        area,
        meta.axis_label(),
        plot.x0,
        plot.y0 + header_h - 8 - lh + (0.8 * theme::TICK_SIZE).round() as i32,
        theme::TICK_SIZE,
        false,
        theme::TEXT_MUTED,
        HPos::Left,
    )?;
    let gy0 = plot.y0 + header_h;
    line(
        area,
        vec![
            (plot.x0, gy0 - 2),
            (gx0 + col_w * columns.len() as i32, gy0 - 2),
        ],
        theme::AXIS,
        1,
    )?;
    for (r, (label, row)) in labels.iter().zip(cells).enumerate() {
        let y = gy0 + r as i32 * row_h;
        text(
            area,
            label,
            gx0 - 12,
            middle(y + row_h / 2, theme::TICK_SIZE),
            theme::TICK_SIZE,
            false,
            theme::TEXT,
            HPos::Right,
        )?;
        for (c, v) in row.iter().enumerate() {
            let cell = Rect {
                x0: gx0 + c as i32 * col_w + 2,
                y0: y + 2,
                x1: gx0 + (c as i32 + 1) * col_w - 2,
                y1: y + row_h - 2,
            };
            let value = match v.filter(|v| v.is_finite()) {
                Some(v) => meta.unit.format_with(v, meta.decimals.unwrap_or(0)),
                None => format::NOT_AVAILABLE.to_string(),
            };
            let hover = marks::title(
                &format!(
                    "{} — {}",
                    columns.get(c).map_or("", String::as_str),
                    rows.get(r).map_or("", String::as_str)
                ),
                None,
                &value,
            );
            marks::titled(area, &hover, || {
                match v.filter(|v| v.is_finite() && *v != 0.0) {
                    Some(v) => {
                        let t = if max > 0.0 { v / max } else { 0.0 };
                        let fill = theme::shade(0.15 + 0.85 * t);
                        rect(area, cell, fill)?;
                        let label = format::number(v, meta.decimals.unwrap_or(0));
                        text(
                            area,
                            &label,
                            (cell.x0 + cell.x1) / 2,
                            middle((cell.y0 + cell.y1) / 2, theme::VALUE_SIZE),
                            theme::VALUE_SIZE,
                            false,
                            theme::text_on(fill),
                            HPos::Center,
                        )
                    }
                    None => outline(area, cell, theme::GRID),
                }
            })?;
        }
    }
    Ok(())
}

/// A themes × départements matrix, as [`Body::Matrix`](crate::render::Body::Matrix) holds it.
pub(crate) struct Matrix<'a> {
    pub meta: &'a Meta,
    pub rows: &'a [String],
    pub columns: &'a [String],
    pub cells: &'a [Vec<Option<f64>>],
}

impl<'a> Kind<'a> for Matrix<'a> {
    fn title(&self) -> &'a str {
        &self.meta.title
    }

    /// Full width; the height follows the column header and the rows.
    fn canvas_size(&self) -> (u32, u32) {
        let w = theme::CHART_SIZE.0;
        let header = matrix_header(self.columns, w).1;
        let needed = text_height(self.meta, w) + header + MATRIX_ROW * self.rows.len() as i32 + 8;
        (w, needed.max(300) as u32)
    }

    fn draw(&self, area: &Area<'_>) -> Result<(), RenderError> {
        draw_matrix(area, self.meta, self.rows, self.columns, self.cells)
    }
}
