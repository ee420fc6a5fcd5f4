//! All départements on one axis, focus and peers marked and named.

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

/// Competition ranks (1 = highest value; ties share a rank) of `values`, NULLs excluded.
pub fn ranks(values: &[Option<f64>]) -> Vec<Option<usize>> {
    values
        .iter()
        .map(|v| {
            v.filter(|v| v.is_finite()).map(|v| {
                1 + values
                    .iter()
                    .flatten()
                    .filter(|w| w.is_finite() && **w > v)
                    .count()
            })
        })
        .collect()
}

/// The note under the bars: how many départements are ranked, then those without a value —
/// the focus and the peers always by name (their label carries the reason when the figure
/// gives one), the others by name up to three, else counted.
pub fn ranking_note(deps: &[&Bar], values: &[Option<f64>], total: usize) -> String {
    let mut note = format!("{total} départements classés du plus élevé au plus faible");
    let missing = |named: bool| -> Vec<&str> {
        deps.iter()
            .zip(values)
            .filter(|(b, v)| v.is_none() && matches!(b.role, Role::Focus | Role::Peer) == named)
            .map(|(b, _)| b.label.as_str())
            .collect()
    };
    let (named, others) = (missing(true), missing(false));
    if !named.is_empty() {
        note.push_str(&format!(" ; n.d. : {}", named.join(", ")));
    }
    match others.len() {
        0 => {}
        n if n <= 3 => {
            let lead = if named.is_empty() {
                "n.d."
            } else {
                "autres n.d."
            };
            note.push_str(&format!(" ; {lead} : {}", others.join(", ")));
        }
        n if named.is_empty() => note.push_str(&format!(" ; {n} départements n.d.")),
        n => note.push_str(&format!(" ; {n} autres départements n.d.")),
    }
    note
}

pub(crate) fn draw_ranking<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
    bars: &[Bar],
) -> Result<(), RenderError> {
    let reference: Vec<&Bar> = bars.iter().filter(|b| b.role == Role::Reference).collect();
    let deps: Vec<&Bar> = bars.iter().filter(|b| b.role != Role::Reference).collect();
    let values: Vec<Option<f64>> = deps
        .iter()
        .map(|b| b.value.filter(|v| v.is_finite()))
        .collect();
    let rank = ranks(&values);
    let mut sorted: Vec<usize> = (0..deps.len()).filter(|&i| values[i].is_some()).collect();
    if sorted.is_empty() {
        return Err(RenderError::empty(&meta.title));
    }
    let total = sorted.len();
    sorted.sort_by(|&a, &b| {
        let (va, vb) = (values[a].unwrap_or(0.0), values[b].unwrap_or(0.0));
        vb.total_cmp(&va)
            .then_with(|| deps[a].label.cmp(&deps[b].label))
    });
    let plot = frame(area, meta)?;
    let ref_values: Vec<f64> = reference
        .iter()
        .filter_map(|b| b.value)
        .filter(|v| v.is_finite())
        .collect();
    let vmin = values
        .iter()
        .flatten()
        .chain(&ref_values)
        .copied()
        .fold(0.0, f64::min);
    let vmax = values
        .iter()
        .flatten()
        .chain(&ref_values)
        .copied()
        .fold(0.0, f64::max);
    let scale = Scale::nice(vmin, vmax, 5);
    let tick_w = scale
        .ticks
        .iter()
        .map(|&t| text_width(&scale.label(t), theme::TICK_SIZE, false) as i32)
        .max()
        .unwrap_or(0);

    // Unit above the value axis, note under the bars.
    text(
        area,
        meta.axis_label(),
        plot.x0,
        plot.y0 + (0.8 * theme::AXIS_LABEL_SIZE).round() as i32,
        theme::AXIS_LABEL_SIZE,
        false,
        theme::TEXT,
        HPos::Left,
    )?;
    let note_lines = theme::wrap(
        &ranking_note(&deps, &values, total),
        theme::AXIS_LABEL_SIZE,
        false,
        (plot.x1 - plot.x0).max(100) as u32,
    );
    let x0 = plot.x0 + tick_w + 10;
    let x1 = plot.x1;
    let note_h = note_lines.len() as i32 * line_height(theme::AXIS_LABEL_SIZE);
    let y_bottom = plot.y1 - note_h - 8;
    for (n, l) in note_lines.iter().enumerate() {
        text(
            area,
            l,
            (plot.x0 + plot.x1) / 2,
            y_bottom
                + 8
                + n as i32 * line_height(theme::AXIS_LABEL_SIZE)
                + (0.8 * theme::AXIS_LABEL_SIZE).round() as i32,
            theme::AXIS_LABEL_SIZE,
            false,
            theme::TEXT,
            HPos::Center,
        )?;
    }

    let band = f64::from(x1 - x0) / total as f64;
    let bar_x = |k: usize| -> (i32, i32) {
        let a = f64::from(x0) + band * k as f64;
        let gap = if band >= 5.0 { band * 0.2 } else { 0.0 };
        (
            (a + gap / 2.0).round() as i32,
            (a + band - gap / 2.0).round() as i32,
        )
    };

    // Labels of focus and peers: two lines, name then value and rank.
    struct Label {
        k: usize,
        lines: [String; 2],
        bold: bool,
        w: i32,
        h: i32,
    }
    let mut labels: Vec<Label> = sorted
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(deps[**i].role, Role::Focus | Role::Peer))
        .map(|(k, &i)| {
            let bold = deps[i].role == Role::Focus;
            let l2 = format!(
                "{} – {}",
                meta.value_label(values[i]),
                format::rank_of(rank[i].unwrap_or(0), total)
            );
            let lines = [deps[i].label.clone(), l2];
            let w = lines
                .iter()
                .map(|l| text_width(l, theme::VALUE_SIZE, bold) as i32)
                .max()
                .unwrap_or(0)
                + 10;
            let h = 2 * line_height(theme::VALUE_SIZE) + 6;
            Label {
                k,
                lines,
                bold,
                w,
                h,
            }
        })
        .collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.k));

    // Find the top of the bar area so that every label fits above the bars (a few passes:
    // labels stack upwards when they collide).
    let y_axis_top = plot.y0 + line_height(theme::AXIS_LABEL_SIZE) + 14;
    let mut y0 = y_axis_top;
    let mut boxes: Vec<Rect> = Vec::new();
    for _ in 0..8 {
        let ypx = |v: f64| scale.px(v, y_bottom, y0);
        let zero = ypx(0.0);
        let tops: Vec<i32> = sorted
            .iter()
            .map(|&i| ypx(values[i].unwrap_or(0.0)).min(zero))
            .collect();
        boxes.clear();
        // The leaders already drawn (a thin box from the bar's top to its label): a label
        // never covers another's leader.
        let mut leaders: Vec<Rect> = Vec::new();
        for l in &labels {
            let (bx0, bx1) = bar_x(l.k);
            let cx = (bx0 + bx1) / 2;
            let place = |lx0: i32, boxes: &[Rect], leaders: &[Rect]| -> Rect {
                let lx0 = lx0.clamp(x0, (x1 - l.w).max(x0));
                let span = (lx0, lx0 + l.w);
                let highest = (0..total)
                    .filter(|&k| {
                        let (a, b) = bar_x(k);
                        b >= span.0 && a <= span.1
                    })
                    .map(|k| tops[k])
                    .min()
                    .unwrap_or(zero);
                let mut r = Rect {
                    x0: span.0,
                    y0: highest - 14 - l.h,
                    x1: span.1,
                    y1: highest - 14,
                };
                while let Some(hit) = boxes
                    .iter()
                    .chain(leaders)
                    .filter(|b| b.overlaps(&r))
                    .map(|b| b.y0)
                    .min()
                {
                    r.y1 = hit - 4;
                    r.y0 = r.y1 - l.h;
                }
                r
            };
            // Its own leader, from the bar up to the label, must cross no label either: the
            // label goes right of its bar, else left of it, else the lower of the two.
            let top = tops[l.k];
            let crosses = |r: &Rect| {
                let lead = Rect {
                    x0: cx - 1,
                    y0: r.y1,
                    x1: cx + 1,
                    y1: top,
                };
                boxes.iter().any(|b| b.overlaps(&lead))
            };
            let right = place(cx - 6, &boxes, &leaders);
            let r = if crosses(&right) {
                let left = place(cx + 6 - l.w, &boxes, &leaders);
                if !crosses(&left) || left.y0 > right.y0 {
                    left
                } else {
                    right
                }
            } else {
                right
            };
            leaders.push(Rect {
                x0: cx - 2,
                y0: r.y1,
                x1: cx + 2,
                y1: top,
            });
            boxes.push(r);
        }
        let top = boxes.iter().map(|b| b.y0).min().unwrap_or(y0);
        if top >= y_axis_top || y0 > y_bottom - 120 {
            break;
        }
        y0 += y_axis_top - top;
    }
    let ypx = |v: f64| scale.px(v, y_bottom, y0);
    let zero = ypx(0.0);

    for &t in &scale.ticks {
        let y = ypx(t);
        line(area, vec![(x0, y), (x1, y)], theme::GRID, 1)?;
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
    for (k, &i) in sorted.iter().enumerate() {
        let (a, b) = bar_x(k);
        let y = ypx(values[i].unwrap_or(0.0));
        let r = Rect {
            x0: a,
            y0: y.min(zero),
            x1: b.max(a + 1),
            y1: y.max(zero),
        };
        let hover = marks::title(
            &deps[i].label,
            meta.period.as_deref(),
            &format!(
                "{} ({})",
                meta.value_label(values[i]),
                format::rank_of(rank[i].unwrap_or(0), total)
            ),
        );
        // A thin bar is hard to point at: the whole column of the bar takes the pointer.
        marks::titled(area, &hover, || {
            rect(area, r, theme::role_colour(deps[i].role))?;
            marks::column(area, (r.x0, y0), (r.x1, y_bottom))
        })?;
    }
    line(area, vec![(x0, zero), (x1, zero)], theme::AXIS, 2)?;

    // France métropolitaine as a dashed reference line, labelled at the right.
    let leader_boxes: Vec<Rect> = labels
        .iter()
        .zip(&boxes)
        .map(|(l, r)| {
            let (a, b) = bar_x(l.k);
            let cx = (a + b) / 2;
            let top = ypx(values[sorted[l.k]].unwrap_or(0.0)).min(zero);
            Rect {
                x0: cx - 2,
                y0: r.y1,
                x1: cx + 2,
                y1: top,
            }
        })
        .collect();
    let mut ref_boxes: Vec<Rect> = Vec::new();
    for b in &reference {
        let Some(v) = b.value.filter(|v| v.is_finite()) else {
            continue;
        };
        let y = ypx(v);
        dashed(
            area,
            &[(x0, y), (x1, y)],
            theme::REFERENCE,
            theme::REFERENCE_STROKE,
            12.0,
            7.0,
        )?;
        let label = format!("{} : {}", b.label, meta.value_label(Some(v)));
        let w = text_width(&label, theme::VALUE_SIZE, false) as i32 + 8;
        let lh = line_height(theme::VALUE_SIZE);
        // Right above the line, else left above, right below, left below: away from labels.
        let candidates = [
            Rect {
                x0: x1 - w,
                y0: y - 4 - lh,
                x1,
                y1: y - 4,
            },
            Rect {
                x0,
                y0: y - 4 - lh,
                x1: x0 + w,
                y1: y - 4,
            },
            Rect {
                x0: x1 - w,
                y0: y + 4,
                x1,
                y1: y + 4 + lh,
            },
            Rect {
                x0,
                y0: y + 4,
                x1: x0 + w,
                y1: y + 4 + lh,
            },
        ];
        // Each reference label avoids the peers' labels, their leaders and the reference
        // labels already placed: two close lines keep both labels (the second one moves a
        // line further up or down when the four places are taken).
        let taken = |c: &Rect| {
            boxes
                .iter()
                .chain(&leader_boxes)
                .chain(&ref_boxes)
                .any(|b| b.overlaps(c))
        };
        let shifted = |c: &Rect, dy: i32| Rect {
            y0: c.y0 + dy,
            y1: c.y1 + dy,
            ..*c
        };
        let r = candidates
            .iter()
            .copied()
            .find(|c| !taken(c))
            .or_else(|| {
                (1..6).find_map(|n| {
                    candidates
                        .iter()
                        .map(|c| shifted(c, if c.y1 <= y { -n * lh } else { n * lh }))
                        .find(|c| !taken(c))
                })
            })
            .unwrap_or(candidates[0]);
        ref_boxes.push(r);
        let r = &r;
        rect(area, *r, theme::BACKGROUND)?;
        text(
            area,
            &label,
            r.x0 + 4,
            r.y1 - 6,
            theme::VALUE_SIZE,
            false,
            theme::REFERENCE,
            HPos::Left,
        )?;
    }

    // Leaders and labels on top.
    for (l, r) in labels.iter().zip(&boxes) {
        let (a, b) = bar_x(l.k);
        let cx = (a + b) / 2;
        let i = sorted[l.k];
        let top = ypx(values[i].unwrap_or(0.0)).min(zero);
        let colour = theme::role_text_colour(deps[i].role);
        line(area, vec![(cx, top - 2), (cx, r.y1)], colour, 1)?;
        rect(
            area,
            Rect {
                x0: r.x0,
                y0: r.y0,
                x1: r.x1,
                y1: r.y1,
            },
            theme::BACKGROUND,
        )?;
        line(area, vec![(cx, r.y1 - 2), (cx, r.y1)], colour, 1)?;
        let lh = line_height(theme::VALUE_SIZE);
        for (n, s) in l.lines.iter().enumerate() {
            let baseline = r.y0 + 4 + n as i32 * lh + (0.8 * theme::VALUE_SIZE).round() as i32;
            text(
                area,
                s,
                r.x0 + 4,
                baseline,
                theme::VALUE_SIZE,
                l.bold,
                colour,
                HPos::Left,
            )?;
        }
    }
    Ok(())
}

/// A ranking of all départements, as [`Body::Ranking`](crate::render::Body::Ranking) holds it.
pub(crate) struct Ranking<'a> {
    pub meta: &'a Meta,
    pub bars: &'a [Bar],
}

impl<'a> Kind<'a> for Ranking<'a> {
    fn title(&self) -> &'a str {
        &self.meta.title
    }

    fn canvas_size(&self) -> (u32, u32) {
        theme::RANKING_SIZE
    }

    fn draw(&self, area: &Area<'_>) -> Result<(), RenderError> {
        draw_ranking(area, self.meta, self.bars)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: Option<f64>, role: Role) -> Bar {
        Bar {
            label: label.into(),
            value,
            role,
        }
    }

    #[test]
    fn note_names_focus_and_peers_without_value() {
        let bars = [
            bar(
                "Métropole de Lyon (taux n.d. : l'Insee publie la population du Rhône entier)",
                None,
                Role::Focus,
            ),
            bar("Ain", Some(10.0), Role::Peer),
            bar("Aisne", None, Role::Peer),
            bar("Allier", None, Role::Other),
            bar("Ardèche", Some(9.0), Role::Other),
        ];
        let deps: Vec<&Bar> = bars.iter().collect();
        let values: Vec<Option<f64>> = bars.iter().map(|b| b.value).collect();
        assert_eq!(
            ranking_note(&deps, &values, 2),
            "2 départements classés du plus élevé au plus faible ; n.d. : Métropole de Lyon (taux n.d. : l'Insee publie la population du Rhône entier), Aisne ; autres n.d. : Allier"
        );
        let others: Vec<Bar> = (0..5)
            .map(|i| bar(&format!("D{i}"), None, Role::Other))
            .collect();
        let deps: Vec<&Bar> = others.iter().collect();
        assert_eq!(
            ranking_note(&deps, &[None; 5], 0),
            "0 départements classés du plus élevé au plus faible ; 5 départements n.d."
        );
    }
}
