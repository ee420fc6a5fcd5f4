//! Evolution lines over years: focus thick, peers with markers, reference dashed, the
//! distribution of the départements as its median line and bands filled between their edges
//! ([`theme::band_fill`], a legend row under the chart, each year's band titled on hover),
//! labels kept apart.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{Area, Kind};
use crate::model::format;
use crate::render::layout::Rect;
use crate::render::layout::*;
use crate::render::model::*;
use crate::render::scales::*;
use crate::render::theme::{self, text_width};
use crate::render::{RenderError, marks};

/// Marker shapes that tell peers apart in grey print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    None,
    Dot,
    Circle,
    Square,
    Triangle,
    Diamond,
}

pub(crate) const PEER_MARKERS: [Marker; 4] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
];

pub(crate) fn marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    m: Marker,
    (x, y): (i32, i32),
    colour: RGBColor,
) -> Result<(), RenderError> {
    let r = 6;
    match m {
        Marker::None => {}
        Marker::Dot => {
            area.draw(&Circle::new((x, y), 5, colour.filled()))?;
        }
        Marker::Circle => {
            area.draw(&Circle::new((x, y), r, theme::BACKGROUND.filled()))?;
            area.draw(&Circle::new((x, y), r, colour.stroke_width(2)))?;
        }
        Marker::Square => {
            rect(
                area,
                Rect {
                    x0: x - 5,
                    y0: y - 5,
                    x1: x + 5,
                    y1: y + 5,
                },
                colour,
            )?;
        }
        Marker::Triangle => {
            area.draw(&Polygon::new(
                vec![(x, y - 7), (x + 7, y + 5), (x - 7, y + 5)],
                colour.filled(),
            ))?;
        }
        Marker::Diamond => {
            area.draw(&Polygon::new(
                vec![(x, y - 7), (x + 7, y), (x, y + 7), (x - 7, y)],
                colour.filled(),
            ))?;
        }
    }
    Ok(())
}

/// How a line of a given role and rank among peers is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineStyle {
    colour: RGBColor,
    width: u32,
    /// (dash, gap) in pixels; `None`: solid.
    dash: Option<(f64, f64)>,
    marker: Marker,
}

/// The reference's dash on the chart and in the legend's shorter sample.
const REFERENCE_DASH: (f64, f64) = (12.0, 7.0);
const REFERENCE_SAMPLE_DASH: (f64, f64) = (8.0, 5.0);

pub(crate) fn line_styles(lines: &[Line]) -> Vec<LineStyle> {
    let mut peer = 0;
    lines
        .iter()
        .map(|l| match (l.quantile, l.role) {
            // The distribution's median, whatever its role.
            (Some(Quantile::Median), _) => {
                let (colour, width, dash) = theme::median_style();
                LineStyle {
                    colour,
                    width,
                    dash,
                    marker: Marker::None,
                }
            }
            // A band's edge: a thin line of the band's hue over its fill, dashed for the
            // median's bands (told apart where they overlap the quantiles' bands).
            (Some(Quantile::Edge { band, .. }), _) => LineStyle {
                colour: theme::band_fill(band).0,
                width: 1,
                dash: matches!(band, Band::Median10 | Band::Median20).then_some((6.0, 4.0)),
                marker: Marker::None,
            },
            (None, Role::Focus) => LineStyle {
                colour: theme::FOCUS,
                width: theme::FOCUS_STROKE,
                dash: None,
                marker: Marker::Dot,
            },
            (None, Role::Peer) => {
                let m = PEER_MARKERS[peer % PEER_MARKERS.len()];
                peer += 1;
                LineStyle {
                    colour: theme::PEER,
                    width: theme::PEER_STROKE,
                    dash: None,
                    marker: m,
                }
            }
            (None, Role::Reference) => LineStyle {
                colour: theme::REFERENCE,
                width: theme::REFERENCE_STROKE,
                dash: Some(REFERENCE_DASH),
                marker: Marker::None,
            },
            (None, Role::Other) => LineStyle {
                colour: theme::OTHER,
                width: theme::PEER_STROKE,
                dash: None,
                marker: Marker::None,
            },
        })
        .collect()
}

/// Drawing order: others below, then peers, reference, focus on top.
pub(crate) fn role_layer(role: Role) -> u8 {
    match role {
        Role::Other => 0,
        Role::Peer => 1,
        Role::Reference => 2,
        Role::Focus => 3,
    }
}

/// Spread label centres (sorted by wanted y) so they are at least `gap` apart inside [lo, hi].
pub(crate) fn spread(wanted: &[i32], gap: i32, lo: i32, hi: i32) -> Vec<i32> {
    let mut idx: Vec<usize> = (0..wanted.len()).collect();
    idx.sort_by_key(|&i| (wanted[i], i));
    let mut ys: Vec<i32> = idx.iter().map(|&i| wanted[i]).collect();
    for k in 0..ys.len() {
        let min = if k == 0 { lo } else { ys[k - 1] + gap };
        ys[k] = ys[k].max(min);
    }
    for k in (0..ys.len()).rev() {
        let max = if k + 1 == ys.len() {
            hi
        } else {
            ys[k + 1] - gap
        };
        ys[k] = ys[k].min(max);
    }
    let mut out = vec![0; wanted.len()];
    for (k, &i) in idx.iter().enumerate() {
        out[i] = ys[k];
    }
    out
}

pub(crate) fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
    lines: &[Line],
) -> Result<(), RenderError> {
    let all: Vec<(i32, f64)> = lines
        .iter()
        .flat_map(|l| {
            l.points
                .iter()
                .filter_map(|&(y, v)| v.filter(|v| v.is_finite()).map(|v| (y, v)))
        })
        .collect();
    if all.is_empty() {
        return Err(RenderError::empty(&meta.title));
    }
    let plot = frame(area, meta)?;
    let year_min = all.iter().map(|p| p.0).min().unwrap_or(0);
    let year_max = all.iter().map(|p| p.0).max().unwrap_or(0);
    let mut vmin = all.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let vmax = all.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    // Levels (rates, counts) read best from zero unless the data sit far from it; an index
    // (base 100) never starts at zero.
    if meta.unit != format::Unit::Index && vmin > 0.0 && vmin < 0.5 * vmax {
        vmin = 0.0;
    }
    let scale = Scale::nice(vmin, vmax, 6);
    let styles = line_styles(lines);

    // Lines that have a last value, highest first (the legend follows the line ends).
    let last = |l: &Line| {
        l.points
            .iter()
            .rev()
            .find_map(|&(y, v)| v.filter(|v| v.is_finite()).map(|v| (y, v)))
    };
    // A band's edges are named by the band's legend row, not at their ends.
    let is_edge = |l: &Line| matches!(l.quantile, Some(Quantile::Edge { .. }));
    let mut legend: Vec<usize> = (0..lines.len())
        .filter(|&i| last(&lines[i]).is_some() && !is_edge(&lines[i]))
        .collect();
    legend.sort_by(|&a, &b| {
        let (va, vb) = (
            last(&lines[a]).map_or(0.0, |p| p.1),
            last(&lines[b]).map_or(0.0, |p| p.1),
        );
        vb.total_cmp(&va).then(a.cmp(&b))
    });
    let sample = 40;
    let name_cap = (f64::from(plot.width()) * 0.26) as u32;
    let names: Vec<String> = lines
        .iter()
        .map(|l| {
            theme::ellipsize(
                &l.label,
                theme::LEGEND_SIZE,
                theme::role_bold(l.role),
                name_cap,
            )
        })
        .collect();
    let legend_w = legend
        .iter()
        .map(|&i| {
            text_width(
                &names[i],
                theme::LEGEND_SIZE,
                theme::role_bold(lines[i].role),
            ) as i32
        })
        .max()
        .unwrap_or(0)
        + sample
        + 10;
    let values_w = lines
        .iter()
        .filter(|l| !is_edge(l))
        .filter_map(|l| {
            last(l).map(|p| {
                text_width(
                    &meta.value_label(Some(p.1)),
                    theme::VALUE_SIZE,
                    theme::role_bold(l.role),
                ) as i32
            })
        })
        .max()
        .unwrap_or(0)
        + 12;
    let tick_w = scale
        .ticks
        .iter()
        .map(|&t| text_width(&scale.label(t), theme::TICK_SIZE, false) as i32)
        .max()
        .unwrap_or(0);

    // Unit over the value axis.
    let unit_baseline = plot.y0 + (0.8 * theme::AXIS_LABEL_SIZE).round() as i32;
    text(
        area,
        meta.axis_label(),
        plot.x0,
        unit_baseline,
        theme::AXIS_LABEL_SIZE,
        false,
        theme::TEXT,
        HPos::Left,
    )?;
    let x0 = plot.x0 + tick_w + 10;
    let x1 = plot.x1 - legend_w - values_w - 24;
    let y0 = plot.y0 + line_height(theme::AXIS_LABEL_SIZE) + 14;
    let bands = bands(lines);
    let band_rows = band_legend(&bands, plot.x0, plot.x1);
    let band_h = band_rows
        .iter()
        .map(|(_, _, row)| row + 1)
        .max()
        .map_or(0, |rows| rows * (line_height(theme::LEGEND_SIZE) + 4) + 10);
    let y1 = plot.y1 - 12 - line_height(theme::TICK_SIZE) - band_h;
    let (ya, yb) = (f64::from(year_min) - 0.3, f64::from(year_max) + 0.3);
    let xpx = |year: i32| {
        (f64::from(x0) + (f64::from(year) - ya) / (yb - ya) * f64::from(x1 - x0)).round() as i32
    };
    let ypx = |v: f64| scale.px(v, y1, y0);

    for &t in &scale.ticks {
        let y = ypx(t);
        let colour = if t == 0.0 { theme::AXIS } else { theme::GRID };
        line(area, vec![(x0, y), (x1, y)], colour, 1)?;
        text(
            area,
            &scale.label(t),
            x0 - 8,
            middle(y, theme::TICK_SIZE),
            theme::TICK_SIZE,
            false,
            theme::TEXT_MUTED,
            HPos::Right,
        )?;
    }
    line(area, vec![(x0, y1), (x1, y1)], theme::AXIS, 1)?;
    let span = year_max - year_min;
    let year_step = if span <= 12 { 1 } else { (span + 11) / 12 };
    let mut year = year_min;
    while year <= year_max {
        let x = xpx(year);
        line(area, vec![(x, y1), (x, y1 + 5)], theme::AXIS, 1)?;
        text(
            area,
            &format::year(year),
            x,
            y1 + 8 + (0.8 * theme::TICK_SIZE).round() as i32,
            theme::TICK_SIZE,
            false,
            theme::TEXT_MUTED,
            HPos::Center,
        )?;
        year += year_step;
    }

    // The distribution's lines say « pondéré(e) » when its quantiles are weighted (the
    // explorer's `weight=population`): each band's hover title says it too.
    let weighted = lines
        .iter()
        .any(|l| l.quantile.is_some() && l.label.contains("pondéré"));
    draw_bands(area, meta, &bands, weighted, &xpx, &ypx)?;
    let row_h = line_height(theme::LEGEND_SIZE) + 4;
    for &(band, x, row) in &band_rows {
        let y = y1 + 14 + line_height(theme::TICK_SIZE) + 10 + row * row_h + row_h / 2;
        let (colour, alpha) = theme::band_fill(band);
        area.draw(&Rectangle::new(
            [(x, y - 7), (x + BAND_SAMPLE, y + 7)],
            colour.mix(alpha).filled(),
        ))?;
        area.draw(&Rectangle::new(
            [(x, y - 7), (x + BAND_SAMPLE, y + 7)],
            colour.stroke_width(1),
        ))?;
        text(
            area,
            band.label(),
            x + BAND_SAMPLE + 6,
            middle(y, theme::LEGEND_SIZE),
            theme::LEGEND_SIZE,
            false,
            theme::TEXT,
            HPos::Left,
        )?;
    }

    let mut layers: Vec<usize> = (0..lines.len()).collect();
    layers.sort_by_key(|&i| (role_layer(lines[i].role), i));
    for &i in &layers {
        let st = styles[i];
        let mut points: Vec<(i32, Option<f64>)> = lines[i].points.clone();
        points.sort_by_key(|p| p.0);
        // Split at NULL values: each run of consecutive values is one polyline.
        let mut runs: Vec<Vec<(i32, i32)>> = vec![Vec::new()];
        let mut years: Vec<Vec<(i32, f64)>> = vec![Vec::new()];
        for (yr, v) in points {
            match v.filter(|v| v.is_finite()) {
                Some(v) => {
                    if let (Some(r), Some(y)) = (runs.last_mut(), years.last_mut()) {
                        r.push((xpx(yr), ypx(v)));
                        y.push((yr, v));
                    }
                }
                None => {
                    runs.push(Vec::new());
                    years.push(Vec::new());
                }
            }
        }
        for (run, values) in runs.iter().zip(&years).filter(|(r, _)| !r.is_empty()) {
            if run.len() > 1 {
                if let Some((dash, gap)) = st.dash {
                    dashed(area, run, st.colour, st.width, dash, gap)?;
                } else {
                    line(area, run.clone(), st.colour, st.width)?;
                }
            }
            // Each vertex carries its value on hover, with or without a marker.
            for (&p, &(yr, v)) in run.iter().zip(values) {
                let hover = marks::title(
                    &lines[i].label,
                    Some(&format::year(yr)),
                    &meta.value_label(Some(v)),
                );
                marks::titled(area, &hover, || {
                    if run.len() == 1 {
                        marker(area, Marker::Dot, p, st.colour)?;
                    } else if st.marker != Marker::Dot {
                        marker(area, st.marker, p, st.colour)?;
                    }
                    marks::hit(area, p)
                })?;
            }
        }
    }

    // Legend outside the plot on the right, one row per line at the height of its last value
    // (spread so rows never overlap): last value, line sample, name.
    let ends = &legend;
    let wanted: Vec<i32> = ends
        .iter()
        .map(|&i| ypx(last(&lines[i]).map_or(0.0, |p| p.1)))
        .collect();
    let row = line_height(theme::LEGEND_SIZE) + 6;
    let placed = spread(&wanted, row, y0, y1);
    let vx = x1 + 24;
    let sx0 = vx + values_w;
    let sx1 = sx0 + sample - 10;
    for (k, &i) in ends.iter().enumerate() {
        let l = &lines[i];
        let st = styles[i];
        let (yr, v) = last(l).unwrap_or((year_max, 0.0));
        let y = placed[k];
        line(
            area,
            vec![(xpx(yr) + 8, wanted[k]), (vx - 6, y)],
            theme::RULE,
            1,
        )?;
        let bold = theme::role_bold(l.role);
        let colour = if l.role == Role::Peer {
            theme::TEXT
        } else {
            theme::role_text_colour(l.role)
        };
        text(
            area,
            &meta.value_label(Some(v)),
            vx,
            middle(y, theme::VALUE_SIZE),
            theme::VALUE_SIZE,
            bold,
            colour,
            HPos::Left,
        )?;
        // The reference's long dash is shortened to fit the sample; other dashes are short.
        let dash = st.dash.map(|d| {
            if d == REFERENCE_DASH {
                REFERENCE_SAMPLE_DASH
            } else {
                d
            }
        });
        if let Some((dash, gap)) = dash {
            dashed(area, &[(sx0, y), (sx1, y)], st.colour, st.width, dash, gap)?;
        } else {
            line(area, vec![(sx0, y), (sx1, y)], st.colour, st.width)?;
        }
        let m = if st.marker == Marker::Dot {
            Marker::None
        } else {
            st.marker
        };
        marker(area, m, ((sx0 + sx1) / 2, y), st.colour)?;
        text(
            area,
            &names[i],
            sx0 + sample,
            middle(y, theme::LEGEND_SIZE),
            theme::LEGEND_SIZE,
            bold,
            colour,
            HPos::Left,
        )?;
    }
    Ok(())
}

/// Width of a band's sample in its legend row.
const BAND_SAMPLE: i32 = 22;

/// A band and its `(year, low, high)`, years ascending.
pub(crate) type BandPoints = (Band, Vec<(i32, f64, f64)>);

/// The bands whose two edges `lines` hold, widest first ([`Band::ALL`]), each with its
/// `(year, low, high)` for the years both edges have a finite value, years ascending.
pub(crate) fn bands(lines: &[Line]) -> Vec<BandPoints> {
    Band::ALL
        .into_iter()
        .filter_map(|band| {
            let edge = |upper| {
                lines
                    .iter()
                    .find(|l| l.quantile == Some(Quantile::Edge { band, upper }))
            };
            let (low, high) = (edge(false)?, edge(true)?);
            let mut points: Vec<(i32, f64, f64)> = low
                .points
                .iter()
                .filter_map(|&(year, lo)| {
                    let lo = lo.filter(|v| v.is_finite())?;
                    let hi = high
                        .points
                        .iter()
                        .find(|p| p.0 == year)?
                        .1
                        .filter(|v| v.is_finite())?;
                    Some((year, lo, hi))
                })
                .collect();
            points.sort_by_key(|p| p.0);
            (!points.is_empty()).then_some((band, points))
        })
        .collect()
}

/// Where each band's legend row item goes: (band, x, row), rows wrapping within `x0..x1`.
fn band_legend(bands: &[BandPoints], x0: i32, x1: i32) -> Vec<(Band, i32, i32)> {
    let mut out = Vec::new();
    let (mut x, mut row) = (x0, 0);
    for (band, _) in bands {
        let w = BAND_SAMPLE + 6 + text_width(band.label(), theme::LEGEND_SIZE, false) as i32;
        if x > x0 && x + w > x1 {
            x = x0;
            row += 1;
        }
        out.push((*band, x, row));
        x += w + 28;
    }
    out
}

/// The bands filled between their edges (runs of consecutive years), widest first, each
/// titled on hover with [`Band::hover_label`] (`weighted`: the quantiles are weighted);
/// year's slice titled on hover: « 1er au 3e quartile (Q1-Q3), 2022 : de 11,8 ‰ à 17,2 ‰ ».
fn draw_bands<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
    bands: &[BandPoints],
    weighted: bool,
    xpx: &impl Fn(i32) -> i32,
    ypx: &impl Fn(f64) -> i32,
) -> Result<(), RenderError> {
    for (band, points) in bands {
        let (colour, alpha) = theme::band_fill(*band);
        let mut runs: Vec<Vec<(i32, f64, f64)>> = Vec::new();
        for &p in points {
            match runs.last_mut() {
                Some(run) if run.last().is_some_and(|q| q.0 + 1 == p.0) => run.push(p),
                _ => runs.push(vec![p]),
            }
        }
        for run in &runs {
            let mut outline: Vec<(i32, i32)> = run.iter().map(|p| (xpx(p.0), ypx(p.1))).collect();
            outline.extend(run.iter().rev().map(|p| (xpx(p.0), ypx(p.2))));
            if run.len() == 1 {
                // A lone year: a narrow column between its two values.
                let (x, lo, hi) = (xpx(run[0].0), ypx(run[0].1), ypx(run[0].2));
                outline = vec![(x - 4, lo), (x + 4, lo), (x + 4, hi), (x - 4, hi)];
            }
            area.draw(&Polygon::new(outline, colour.mix(alpha).filled()))?;
        }
        for (k, &(year, lo, hi)) in points.iter().enumerate() {
            let x = xpx(year);
            let before = k.checked_sub(1).map_or(6, |j| (x - xpx(points[j].0)) / 2);
            let after = points.get(k + 1).map_or(6, |p| (xpx(p.0) - x) / 2);
            let hover = marks::title(
                &band.hover_label(weighted),
                Some(&format::year(year)),
                &format!(
                    "de {} à {}",
                    meta.value_label(Some(lo)),
                    meta.value_label(Some(hi))
                ),
            );
            marks::titled(area, &hover, || {
                marks::column(area, (x - before, ypx(hi)), (x + after, ypx(lo)))
            })?;
        }
    }
    Ok(())
}

/// An evolution chart, as [`Body::Lines`](crate::render::Body::Lines) holds it.
pub(crate) struct Lines<'a> {
    pub meta: &'a Meta,
    pub lines: &'a [Line],
}

impl<'a> Kind<'a> for Lines<'a> {
    fn title(&self) -> &'a str {
        &self.meta.title
    }

    fn canvas_size(&self) -> (u32, u32) {
        theme::CHART_SIZE
    }

    fn draw(&self, area: &Area<'_>) -> Result<(), RenderError> {
        draw_lines(area, self.meta, self.lines)
    }
}
