//! Pieces shared by the bar-like charts (bars, composition, ranking): hatching of the reference,
//! bars coloured by role, the label column, bar slots and the value axis.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::render::RenderError;
use crate::render::layout::Rect;
use crate::render::layout::*;
use crate::render::model::*;
use crate::render::scales::*;
use crate::render::theme::{self, text_width};

/// Diagonal white hatching over a filled rectangle (reference bars).
pub(crate) fn hatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: Rect,
) -> Result<(), RenderError> {
    let h = r.height();
    let mut c = r.x0 - h;
    while c < r.x1 {
        // Points (c + t, y1 - t), t in [0, h], clipped to x0..=x1.
        let t0 = (r.x0 - c).max(0);
        let t1 = (r.x1 - c).min(h);
        if t1 > t0 {
            line(
                area,
                vec![(c + t0, r.y1 - t0), (c + t1, r.y1 - t1)],
                theme::BACKGROUND,
                2,
            )?;
        }
        c += 8;
    }
    Ok(())
}

/// A filled bar for a role: reference bars are hatched so they differ from focus in grey.
pub(crate) fn role_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: Rect,
    role: Role,
) -> Result<(), RenderError> {
    rect(area, r, theme::role_colour(role))?;
    if role == Role::Reference && r.width() > 2 && r.height() > 2 {
        hatch(area, r)?;
    }
    Ok(())
}

/// Category labels of horizontal bar charts: width of the label column and fitted labels.
pub(crate) fn label_column(labels: &[(&str, Role)], plot: Rect) -> (i32, Vec<String>) {
    let cap = (f64::from(plot.width()) * 0.38) as u32;
    let fitted: Vec<String> = labels
        .iter()
        .map(|(l, role)| theme::ellipsize(l, theme::TICK_SIZE, theme::role_bold(*role), cap))
        .collect();
    let width = fitted
        .iter()
        .zip(labels)
        .map(|(l, (_, role))| text_width(l, theme::TICK_SIZE, theme::role_bold(*role)))
        .max()
        .unwrap_or(0) as i32;
    (width, fitted)
}

/// Vertical slots of horizontal bars: main rows, then a gap, then reference rows at the bottom.
/// Returns the row order (indices into the input) and each row's centre y.
pub(crate) fn bar_slots(
    roles: &[Role],
    y0: i32,
    y1: i32,
) -> (Vec<usize>, Vec<i32>, i32, Option<i32>) {
    let mut order: Vec<usize> = (0..roles.len())
        .filter(|&i| roles[i] != Role::Reference)
        .collect();
    let n_main = order.len();
    order.extend((0..roles.len()).filter(|&i| roles[i] == Role::Reference));
    let gap = if n_main > 0 && order.len() > n_main {
        0.6
    } else {
        0.0
    };
    let slots = order.len() as f64 + gap;
    let band = f64::from(y1 - y0) / slots.max(1.0);
    let centres = (0..order.len())
        .map(|k| {
            let extra = if k >= n_main { gap } else { 0.0 };
            (f64::from(y0) + band * (k as f64 + extra + 0.5)).round() as i32
        })
        .collect();
    let separator =
        (gap > 0.0).then(|| (f64::from(y0) + band * (n_main as f64 + gap / 2.0)).round() as i32);
    (order, centres, band.round() as i32, separator)
}

/// Vertical grid, tick labels under the plot and the axis title, for a horizontal value axis.
pub(crate) fn value_axis_x<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scale: &Scale,
    x0: i32,
    x1: i32,
    y0: i32,
    y1: i32,
    axis_label: &str,
) -> Result<(), RenderError> {
    for &t in &scale.ticks {
        let x = scale.px(t, x0, x1);
        line(area, vec![(x, y0), (x, y1)], theme::GRID, 1)?;
        let baseline = y1 + 8 + (0.8 * theme::TICK_SIZE).round() as i32;
        text(
            area,
            &scale.label(t),
            x,
            baseline,
            theme::TICK_SIZE,
            false,
            theme::TEXT_MUTED,
            HPos::Center,
        )?;
    }
    let baseline =
        y1 + 14 + line_height(theme::TICK_SIZE) + (0.8 * theme::AXIS_LABEL_SIZE).round() as i32;
    text(
        area,
        axis_label,
        (x0 + x1) / 2,
        baseline,
        theme::AXIS_LABEL_SIZE,
        false,
        theme::TEXT,
        HPos::Center,
    )?;
    Ok(())
}

/// Room under a horizontal value axis: tick labels and the axis title.
pub(crate) fn x_axis_room() -> i32 {
    14 + line_height(theme::TICK_SIZE) + line_height(theme::AXIS_LABEL_SIZE) + 4
}
