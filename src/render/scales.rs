//! Value axes: "nice" scales (rounded bounds and ticks) from the values a chart shows.

use crate::model::format;

/// A linear axis with round ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
    pub ticks: Vec<f64>,
    /// Decimals needed to write the ticks.
    pub decimals: usize,
}

impl Scale {
    /// Axis from `lo` to `hi` extended to round bounds, about `target` intervals.
    pub fn nice(lo: f64, hi: f64, target: usize) -> Scale {
        let (mut lo, mut hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        if !lo.is_finite() || !hi.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if hi - lo < 1e-12 {
            if hi == 0.0 {
                hi = 1.0;
            } else if hi > 0.0 {
                lo = lo.min(0.0);
                hi *= 1.0 + 1e-9;
            } else {
                hi = 0.0;
            }
            if hi - lo < 1e-12 {
                hi = lo + 1.0;
            }
        }
        let rough = (hi - lo) / target.max(1) as f64;
        let mag = 10f64.powf(rough.log10().floor());
        let norm = rough / mag;
        let nice = if norm <= 1.0 {
            1.0
        } else if norm <= 2.0 {
            2.0
        } else if norm <= 2.5 {
            2.5
        } else if norm <= 5.0 {
            5.0
        } else {
            10.0
        };
        let step = nice * mag;
        let k0 = (lo / step + 1e-9).floor() as i64;
        let k1 = (hi / step - 1e-9).ceil() as i64;
        let ticks: Vec<f64> = (k0..=k1).map(|k| k as f64 * step).collect();
        Scale {
            lo: k0 as f64 * step,
            hi: k1 as f64 * step,
            step,
            ticks,
            decimals: format::tick_decimals(step),
        }
    }

    /// Pixel position of `v` when the axis runs from pixel `p0` (at `lo`) to `p1` (at `hi`).
    pub fn px(&self, v: f64, p0: i32, p1: i32) -> i32 {
        let t = (v - self.lo) / (self.hi - self.lo);
        (f64::from(p0) + t * f64::from(p1 - p0)).round() as i32
    }

    /// A tick label in French: `1 234`, `12,5`.
    pub fn label(&self, v: f64) -> String {
        format::number(v, self.decimals)
    }
}
