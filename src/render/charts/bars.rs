//! Comparison bars: focus highlighted, peers, France as reference, values written on the bars.

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

pub(crate) fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
    bars: &[Bar],
) -> Result<(), RenderError> {
    let values: Vec<f64> = bars
        .iter()
        .filter_map(|b| b.value)
        .filter(|v| v.is_finite())
        .collect();
    if values.is_empty() {
        return Err(RenderError::empty(&meta.title));
    }
    let plot = frame(area, meta)?;
    let labels: Vec<(&str, Role)> = bars.iter().map(|b| (b.label.as_str(), b.role)).collect();
    let (label_w, fitted) = label_column(&labels, plot);

    let vmin = values.iter().copied().fold(0.0, f64::min);
    let vmax = values.iter().copied().fold(0.0, f64::max);
    let scale = Scale::nice(vmin, vmax, 6);
    let value_texts: Vec<String> = bars.iter().map(|b| meta.value_label(b.value)).collect();
    let room = |neg: bool| {
        bars.iter()
            .zip(&value_texts)
            .filter(|(b, _)| b.value.is_some_and(|v| v < 0.0) == neg)
            .map(|(b, t)| text_width(t, theme::VALUE_SIZE, theme::role_bold(b.role)) as i32 + 10)
            .max()
            .unwrap_or(0)
    };
    let (pos_room, neg_room) = (room(false), room(true));
    let label_x = plot.x0 + label_w;
    let bx0 = label_x + 14 + neg_room;
    let bx1 = plot.x1 - pos_room;
    let (y0, y1) = (plot.y0 + 4, plot.y1 - x_axis_room());
    // Value axis: only as wide as the scale needs, data ends stay inside [bx0, bx1].
    let map = |v: f64| {
        // Pixels per unit so that both the data and the round axis bounds fit.
        scale.px(v, bx0, bx1)
    };
    value_axis_x(area, &scale, bx0, bx1, y0, y1, meta.axis_label())?;

    let roles: Vec<Role> = bars.iter().map(|b| b.role).collect();
    let (order, centres, band, separator) = bar_slots(&roles, y0, y1);
    let bar_h = ((f64::from(band) * 0.64).round() as i32).clamp(4, 46);
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
    let zero = map(0.0);
    for (&i, &cy) in order.iter().zip(&centres) {
        let b = &bars[i];
        let bold = theme::role_bold(b.role);
        let colour = theme::role_text_colour(b.role);
        text(
            area,
            &fitted[i],
            label_x,
            middle(cy, theme::TICK_SIZE),
            theme::TICK_SIZE,
            bold,
            colour,
            HPos::Right,
        )?;
        let hover = marks::title(&b.label, meta.period.as_deref(), &value_texts[i]);
        marks::titled(area, &hover, || match b.value.filter(|v| v.is_finite()) {
            Some(v) => {
                let x = map(v);
                let r = Rect {
                    x0: zero.min(x),
                    y0: cy - bar_h / 2,
                    x1: zero.max(x),
                    y1: cy - bar_h / 2 + bar_h,
                };
                role_bar(area, r, b.role)?;
                let (tx, h) = if v < 0.0 {
                    (r.x0 - 6, HPos::Right)
                } else {
                    (r.x1 + 6, HPos::Left)
                };
                text(
                    area,
                    &value_texts[i],
                    tx,
                    middle(cy, theme::VALUE_SIZE),
                    theme::VALUE_SIZE,
                    bold,
                    colour,
                    h,
                )
            }
            None => text(
                area,
                crate::model::format::NOT_AVAILABLE,
                zero + 6,
                middle(cy, theme::VALUE_SIZE),
                theme::VALUE_SIZE,
                false,
                theme::TEXT_MUTED,
                HPos::Left,
            ),
        })?;
    }
    // Zero line on top of the bars.
    line(area, vec![(zero, y0 - 4), (zero, y1)], theme::AXIS, 2)?;
    Ok(())
}

/// A comparison bar chart, as [`Body::Bars`](crate::render::Body::Bars) holds it.
pub(crate) struct Bars<'a> {
    pub meta: &'a Meta,
    pub bars: &'a [Bar],
}

impl<'a> Kind<'a> for Bars<'a> {
    fn title(&self) -> &'a str {
        &self.meta.title
    }

    /// Fixed canvas, taller when there are many bars (34 px a bar).
    fn canvas_size(&self) -> (u32, u32) {
        let (w, h) = theme::CHART_SIZE;
        let needed = text_height(self.meta, w) + 90 + 34 * (self.bars.len() as i32 + 1);
        (w, h.max(needed as u32))
    }

    fn draw(&self, area: &Area<'_>) -> Result<(), RenderError> {
        draw_bars(area, self.meta, self.bars)
    }
}
