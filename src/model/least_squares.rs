//! Ordinary least squares with an intercept, and its leave-one-out predictions, for the model
//! « observé et attendu compte tenu du contexte » (SQL window function `loo_ols`,
//! [`crate::query::functions`]).
//!
//! A few dozen rows (≤ 101 départements) and a handful of predictors: the normal equations
//! `(XᵀX) b = Xᵀy` are solved by Gauss–Jordan elimination with partial pivoting, which also
//! gives `(XᵀX)⁻¹` for the prediction interval. A singular system (a predictor constant over
//! the rows, fewer rows than coefficients + 1) gives `None`, never NaN nor infinity.

/// A fitted model: coefficients (intercept first), residual sum of squares, rows, `(XᵀX)⁻¹`,
/// and R² (1 − RSS / TSS; `None` when y is constant).
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub coefficients: Vec<f64>,
    pub rss: f64,
    pub n: usize,
    pub inverse: Vec<Vec<f64>>,
    pub r2: Option<f64>,
}

impl Fit {
    /// Number of coefficients, intercept included.
    pub fn p(&self) -> usize {
        self.coefficients.len()
    }

    /// Residual variance `RSS / (n − p)` (`None` without degrees of freedom).
    pub fn sigma2(&self) -> Option<f64> {
        (self.n > self.p()).then(|| self.rss / (self.n - self.p()) as f64)
    }

    /// The prediction at the predictors `x` (without the intercept's 1).
    pub fn predict(&self, x: &[f64]) -> f64 {
        self.coefficients[0]
            + self.coefficients[1..]
                .iter()
                .zip(x)
                .map(|(b, v)| b * v)
                .sum::<f64>()
    }

    /// The standard error of a new observation at `x`: `σ √(1 + x̃ᵀ (XᵀX)⁻¹ x̃)`, x̃ = (1, x).
    pub fn prediction_se(&self, x: &[f64]) -> Option<f64> {
        let s2 = self.sigma2()?;
        let xt: Vec<f64> = std::iter::once(1.0).chain(x.iter().copied()).collect();
        let q: f64 = (0..xt.len())
            .map(|i| {
                (0..xt.len())
                    .map(|j| xt[i] * self.inverse[i][j] * xt[j])
                    .sum::<f64>()
            })
            .sum();
        let v = s2 * (1.0 + q);
        (v.is_finite() && v >= 0.0).then(|| v.sqrt())
    }
}

/// Fit `y` on the rows of `x` (each row the predictors of one observation) with an intercept.
/// `None` when the rows are fewer than the coefficients, of unequal length, not finite, or the
/// system is singular.
pub fn fit(x: &[Vec<f64>], y: &[f64]) -> Option<Fit> {
    let n = y.len();
    let k = x.first().map_or(0, Vec::len);
    let p = k + 1;
    if n != x.len() || n < p || x.iter().any(|r| r.len() != k) {
        return None;
    }
    if y.iter().chain(x.iter().flatten()).any(|v| !v.is_finite()) {
        return None;
    }
    let row = |i: usize| std::iter::once(1.0).chain(x[i].iter().copied());
    let mut xtx = vec![vec![0.0; p]; p];
    let mut xty = vec![0.0; p];
    for (i, yi) in y.iter().enumerate() {
        let r: Vec<f64> = row(i).collect();
        for (a, ra) in r.iter().enumerate() {
            xty[a] += ra * yi;
            for (b, rb) in r.iter().enumerate() {
                xtx[a][b] += ra * rb;
            }
        }
    }
    let inverse = invert(&xtx)?;
    let coefficients: Vec<f64> = (0..p)
        .map(|a| (0..p).map(|b| inverse[a][b] * xty[b]).sum())
        .collect();
    let fit = |i: usize| -> f64 { row(i).zip(&coefficients).map(|(v, b)| v * b).sum() };
    let rss: f64 = (0..n).map(|i| (y[i] - fit(i)).powi(2)).sum();
    let mean = y.iter().sum::<f64>() / n as f64;
    let tss: f64 = y.iter().map(|v| (v - mean).powi(2)).sum();
    let r2 = (tss > 0.0).then(|| 1.0 - rss / tss);
    coefficients.iter().all(|b| b.is_finite()).then_some(Fit {
        coefficients,
        rss,
        n,
        inverse,
        r2,
    })
}

/// The inverse of a square matrix by Gauss–Jordan elimination with partial pivoting; `None`
/// when a pivot is (relatively) zero.
pub fn invert(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let p = m.len();
    let scale = m
        .iter()
        .flatten()
        .fold(0.0_f64, |a, v| a.max(v.abs()))
        .max(f64::MIN_POSITIVE);
    let mut a: Vec<Vec<f64>> = m
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row = r.clone();
            row.extend((0..p).map(|j| if i == j { 1.0 } else { 0.0 }));
            row
        })
        .collect();
    for c in 0..p {
        let pivot = (c..p).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[pivot][c].abs() <= scale * 1e-12 {
            return None;
        }
        a.swap(c, pivot);
        let d = a[c][c];
        for v in a[c].iter_mut() {
            *v /= d;
        }
        for r in 0..p {
            if r != c && a[r][c] != 0.0 {
                let f = a[r][c];
                let pivot_row = a[c].clone();
                for (v, pv) in a[r].iter_mut().zip(&pivot_row) {
                    *v -= f * pv;
                }
            }
        }
    }
    Some(a.into_iter().map(|r| r[p..].to_vec()).collect())
}

/// A leave-one-out prediction: the value expected for a row by the model fitted on every
/// other row, its 95 % prediction interval, and that model's residual standard error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Loo {
    pub expected: f64,
    pub lower: f64,
    pub upper: f64,
    pub sigma: f64,
}

/// For each row of `x` (predictors complete) the [`Loo`] prediction from the fit on the rows
/// whose `y` is known, that row left out; `None` for a row with a predictor missing or when the
/// fit without it is singular or has no degree of freedom. A row without `y` is predicted by
/// the fit on all known rows.
pub fn leave_one_out(x: &[Option<Vec<f64>>], y: &[Option<f64>]) -> Vec<Option<Loo>> {
    let known: Vec<usize> = (0..x.len())
        .filter(|&i| x[i].is_some() && y[i].is_some_and(f64::is_finite))
        .collect();
    (0..x.len())
        .map(|i| {
            let xi = x[i].as_ref()?;
            let rows: Vec<usize> = known.iter().copied().filter(|&j| j != i).collect();
            let xs: Vec<Vec<f64>> = rows
                .iter()
                .map(|&j| x[j].clone().unwrap_or_default())
                .collect();
            let ys: Vec<f64> = rows.iter().map(|&j| y[j].unwrap_or_default()).collect();
            let f = fit(&xs, &ys)?;
            let expected = f.predict(xi);
            let se = f.prediction_se(xi)?;
            let t = student_t_975(f.n.checked_sub(f.p())?)?;
            let sigma = f.sigma2()?.sqrt();
            let loo = Loo {
                expected,
                lower: expected - t * se,
                upper: expected + t * se,
                sigma,
            };
            [loo.expected, loo.lower, loo.upper, loo.sigma]
                .iter()
                .all(|v| v.is_finite())
                .then_some(loo)
        })
        .collect()
}

/// The 97.5 % quantile of Student's t with `df` degrees of freedom (two-sided 95 %), by the
/// Cornish–Fisher expansion around the normal quantile (error below 1e-4 from 10 degrees of
/// freedom, the models here have 80 and more); `None` below 3 degrees of freedom.
pub fn student_t_975(df: usize) -> Option<f64> {
    if df < 3 {
        return None;
    }
    let z: f64 = 1.959_963_984_540_054;
    let v = df as f64;
    let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
    Some(
        z + (z3 + z) / (4.0 * v)
            + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v)
            + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v.powi(3)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_through_exact_points_is_found() {
        let x: Vec<Vec<f64>> = (0..5).map(|i| vec![i as f64]).collect();
        let y: Vec<f64> = (0..5).map(|i| 2.0 + 3.0 * i as f64).collect();
        let f = fit(&x, &y).unwrap();
        assert!((f.coefficients[0] - 2.0).abs() < 1e-12);
        assert!((f.coefficients[1] - 3.0).abs() < 1e-12);
        assert_eq!(f.r2, Some(1.0));
    }

    #[test]
    fn singular_systems_give_none_not_nan() {
        let x = vec![vec![1.0], vec![1.0], vec![1.0]];
        assert_eq!(fit(&x, &[1.0, 2.0, 3.0]), None);
        assert_eq!(fit(&[vec![1.0]], &[1.0]), None);
        assert_eq!(fit(&[vec![f64::NAN], vec![1.0]], &[1.0, 2.0]), None);
    }

    #[test]
    fn student_quantiles_match_the_tables() {
        // Tables: t(0.975; 10) = 2.228, t(0.975; 30) = 2.042, t(0.975; 90) = 1.987.
        assert!((student_t_975(10).unwrap() - 2.2281).abs() < 2e-3);
        assert!((student_t_975(30).unwrap() - 2.0423).abs() < 1e-4);
        assert!((student_t_975(90).unwrap() - 1.9867).abs() < 1e-4);
        assert_eq!(student_t_975(2), None);
    }

    #[test]
    fn leave_one_out_leaves_the_row_out() {
        // y = 1 + x except an outlier at x = 3: its own prediction ignores it.
        let x: Vec<Option<Vec<f64>>> = (0..6).map(|i| Some(vec![i as f64])).collect();
        let y: Vec<Option<f64>> = (0..6)
            .map(|i| Some(if i == 3 { 100.0 } else { 1.0 + i as f64 }))
            .collect();
        let loo = leave_one_out(&x, &y);
        assert!((loo[3].unwrap().expected - 4.0).abs() < 1e-9);
        assert!(loo[3].unwrap().lower <= 4.0 + 1e-9 && loo[3].unwrap().upper >= 4.0 - 1e-9);
        let x2 = vec![None, Some(vec![1.0])];
        assert_eq!(leave_one_out(&x2, &[Some(1.0), None])[0], None);
    }
}
