//! 100 % composition bars, one segment per part, with a legend.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::shared::*;
use super::{Area, Kind, text_height};
use crate::render::layout::Rect;
use crate::render::layout::*;
use crate::render::model::*;
use crate::render::scales::*;
use crate::render::theme::{self, text_width};
use crate::render::{RenderError, marks};

pub(crate) fn draw_composition<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
    parts: &[String],
    stacks: &[Stack],
) -> Result<(), RenderError> {
    if let Some(s) = stacks.iter().find(|s| s.parts.len() != parts.len()) {
        return Err(RenderError::invalid(
            &meta.title,
            format!(
                "`{}` a {} valeurs pour {} parties",
                s.label,
                s.parts.len(),
                parts.len()
            ),
        ));
    }
    let total = |s: &Stack| {
        s.parts
            .iter()
            .flatten()
            .filter(|v| v.is_finite() && **v > 0.0)
            .sum::<f64>()
    };
    if stacks
        .iter()
        .all(|s| s.parts.iter().flatten().all(|v| !v.is_finite()))
    {
        return Err(RenderError::empty(&meta.title));
    }
    if stacks
        .iter()
        .flat_map(|s| s.parts.iter().flatten())
        .any(|v| *v < 0.0)
    {
        return Err(RenderError::invalid(&meta.title, "a share is negative"));
    }
    let mut plot = frame(area, meta)?;

    // Legend of parts, wrapped in rows under the header.
    let sw = 16;
    let mut lx = plot.x0;
    let mut ly = plot.y0 + 8;
    let row_h = line_height(theme::LEGEND_SIZE) + 4;
    for (k, p) in parts.iter().enumerate() {
        let w = sw + 8 + text_width(p, theme::LEGEND_SIZE, false) as i32 + 24;
        if lx > plot.x0 && lx + w > plot.x1 {
            lx = plot.x0;
            ly += row_h;
        }
        let r = Rect {
            x0: lx,
            y0: ly - sw / 2,
            x1: lx + sw,
            y1: ly + sw / 2,
        };
        rect(area, r, theme::part_colour(k))?;
        outline(area, r, theme::TEXT_MUTED)?;
        text(
            area,
            p,
            lx + sw + 8,
            middle(ly, theme::LEGEND_SIZE),
            theme::LEGEND_SIZE,
            false,
            theme::TEXT,
            HPos::Left,
        )?;
        lx += w;
    }
    plot.y0 = ly + row_h;

    let labels: Vec<(&str, Role)> = stacks.iter().map(|s| (s.label.as_str(), s.role)).collect();
    let (label_w, fitted) = label_column(&labels, plot);
    let max_total = stacks.iter().map(total).fold(100.0, f64::max);
    let scale = Scale::nice(0.0, max_total, 5);
    let label_x = plot.x0 + label_w;
    let (bx0, bx1) = (label_x + 14, plot.x1 - 20);
    let (y0, y1) = (plot.y0 + 4, plot.y1 - x_axis_room());
    value_axis_x(area, &scale, bx0, bx1, y0, y1, meta.axis_label())?;
    let roles: Vec<Role> = stacks.iter().map(|s| s.role).collect();
    let (order, centres, band, separator) = bar_slots(&roles, y0, y1);
    let bar_h = ((f64::from(band) * 0.68).round() as i32).clamp(4, 48);
    if let Some(sy) = separator {
        dashed(
            area,
            &[(plot.x0, sy), (plot.x1, sy)],
            theme::RULE,
            1,
            4.0,
            4.0,
        )?;
    }
    for (&i, &cy) in order.iter().zip(&centres) {
        let s = &stacks[i];
        let bold = theme::role_bold(s.role);
        text(
            area,
            &fitted[i],
            label_x,
            middle(cy, theme::TICK_SIZE),
            theme::TICK_SIZE,
            bold,
            theme::role_text_colour(s.role),
            HPos::Right,
        )?;
        if s.parts.iter().flatten().all(|v| !v.is_finite()) {
            text(
                area,
                crate::model::format::NOT_AVAILABLE,
                bx0 + 6,
                middle(cy, theme::VALUE_SIZE),
                theme::VALUE_SIZE,
                false,
                theme::TEXT_MUTED,
                HPos::Left,
            )?;
            continue;
        }
        let mut acc = 0.0;
        for (k, v) in s.parts.iter().enumerate() {
            let Some(v) = v.filter(|v| v.is_finite() && *v > 0.0) else {
                continue;
            };
            let (xa, xb) = (scale.px(acc, bx0, bx1), scale.px(acc + v, bx0, bx1));
            acc += v;
            let fill = theme::part_colour(k);
            let r = Rect {
                x0: xa,
                y0: cy - bar_h / 2,
                x1: xb,
                y1: cy - bar_h / 2 + bar_h,
            };
            let label = meta.unit.format_with(v, meta.decimals());
            let hover = marks::title(
                &s.label,
                meta.period.as_deref(),
                &format!("{}, {label}", parts.get(k).map_or("", String::as_str)),
            );
            marks::titled(area, &hover, || {
                rect(area, r, fill)?;
                // White separators between segments.
                line(area, vec![(xb, r.y0), (xb, r.y1)], theme::BACKGROUND, 2)?;
                if text_width(&label, theme::VALUE_SIZE, bold) as i32 + 8 <= r.width() {
                    text(
                        area,
                        &label,
                        (xa + xb) / 2,
                        middle(cy, theme::VALUE_SIZE),
                        theme::VALUE_SIZE,
                        bold,
                        theme::text_on(fill),
                        HPos::Center,
                    )?;
                }
                Ok(())
            })?;
        }
        if s.role == Role::Focus {
            let r = Rect {
                x0: bx0 - 3,
                y0: cy - bar_h / 2 - 3,
                x1: scale.px(acc, bx0, bx1) + 3,
                y1: cy - bar_h / 2 + bar_h + 3,
            };
            area.draw(&Rectangle::new(
                [(r.x0, r.y0), (r.x1, r.y1)],
                theme::TEXT.stroke_width(2),
            ))?;
        }
    }
    line(area, vec![(bx0, y0 - 4), (bx0, y1)], theme::AXIS, 2)?;
    Ok(())
}

/// A 100 % composition chart, as [`Body::Composition`](crate::render::Body::Composition) holds it.
pub(crate) struct Composition<'a> {
    pub meta: &'a Meta,
    pub parts: &'a [String],
    pub stacks: &'a [Stack],
}

impl<'a> Kind<'a> for Composition<'a> {
    fn title(&self) -> &'a str {
        &self.meta.title
    }

    /// Fixed canvas, taller when there are many stacks (34 px a stack, room for the legend).
    fn canvas_size(&self) -> (u32, u32) {
        let (w, h) = theme::CHART_SIZE;
        let needed = text_height(self.meta, w) + 150 + 34 * (self.stacks.len() as i32 + 1);
        (w, h.max(needed as u32))
    }

    fn draw(&self, area: &Area<'_>) -> Result<(), RenderError> {
        draw_composition(area, self.meta, self.parts, self.stacks)
    }
}
