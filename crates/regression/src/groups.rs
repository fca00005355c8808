//! Does a touchpoint act differently in one customer group than in the
//! rest of the sample?
//!
//! One model on the whole sample has every term of the impact model, an
//! indicator of the group and every term multiplied by that indicator (each
//! touchpoint's effect may differ in the group). For each touchpoint, a
//! nested-model F-test drops that touchpoint's products: a small p-value
//! says its effect in the group differs from its effect elsewhere, whatever
//! the other touchpoints do. The p-values of all touchpoints are
//! then adjusted with Holm's step-down method, so that the chance of
//! flagging any touchpoint whose effect does not differ stays at the level.
//!
//! Limits: the test is the least-squares one, also for a yes/no KPI (a
//! linear probability model), where it is an approximation. A weighted
//! survey is tested by weighted least squares with Kish's effective number
//! of respondents, (Σw)² / Σw², as its base, so unequal weights make the
//! test more cautious, not bolder.

use statrs::distribution::{ContinuousCDF, FisherSnedecor};

use crate::design::{build_design, Design};
use crate::linalg::{weighted_covariance, Cholesky};
use crate::moments::Moments;
use crate::{DriverData, ModelOptions, RegressionError};

/// The test of one touchpoint.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupDifference {
    /// The F statistic and its degrees of freedom.
    pub f: f64,
    pub df1: usize,
    pub df2: usize,
    /// Unadjusted p-value.
    pub p: f64,
    /// Holm-adjusted p-value over the touchpoints tested.
    pub p_adjusted: f64,
}

/// Tests every touchpoint of the impact model of `data` for a different
/// effect among the respondents with `in_group[i]`; `None` for touchpoints
/// without a term in the model, or when the group or the rest is too small
/// to fit (not more respondents than twice the terms) or the model with
/// every product is singular (a term without variation in the group).
pub fn group_differences(
    data: &DriverData,
    opts: &ModelOptions,
    in_group: &[bool],
) -> Result<Vec<Option<GroupDifference>>, RegressionError> {
    let n = data.kpi.len();
    if in_group.len() != n {
        return Err(RegressionError::LengthMismatch {
            what: "group membership".into(),
            expected: n,
            got: in_group.len(),
        });
    }
    let design = build_design(data, opts)?;
    let kept: Vec<&[f64]> = design
        .kept_idx
        .iter()
        .map(|&c| design.candidates[c].values.as_slice())
        .collect();
    let k = kept.len();
    let g: Vec<f64> = in_group
        .iter()
        .map(|&b| if b { 1.0 } else { 0.0 })
        .collect();
    let group_n = in_group.iter().filter(|&&b| b).count();
    // Columns: the model's terms, the indicator, then each term times the
    // indicator (same order as the terms).
    let mut columns: Vec<Vec<f64>> = kept.iter().map(|c| c.to_vec()).collect();
    columns.push(g.clone());
    columns.extend(
        kept.iter()
            .map(|c| c.iter().zip(&g).map(|(v, g)| v * g).collect()),
    );
    let cov = weighted_covariance(&columns, &data.kpi, data.weights.as_deref());
    let own = own_columns(&design, data.touchpoints.len());
    let sizes = Sizes {
        n,
        group_n,
        effective_n: effective_n(data.weights.as_deref(), n),
    };
    Ok(f_tests(&cov, k, &own, sizes))
}

/// [`group_differences`] from sufficient statistics: `whole` holds the
/// moments of the model's respondents, `group` those of the group's among
/// them (same layout), `y` the KPI column. The same tests as on the rows
/// (to rounding): the products of the terms with the group indicator are
/// sums over the group, so every covariance of the interaction design is
/// a combination of the two sets of moments.
pub fn group_differences_moments(
    whole: &Moments,
    group: &Moments,
    y: usize,
    opts: &ModelOptions,
) -> Result<Vec<Option<GroupDifference>>, RegressionError> {
    let design = whole.design(y, opts)?;
    let combos = whole.kept_combos(&design);
    let k = combos.len();
    // Columns: terms (whole), indicator and terms x indicator (group),
    // KPI (whole); a product involving a group column is a group sum.
    let one = vec![(0, 1.0)];
    let y_combo = vec![(whole.y_index(y), 1.0)];
    let mut cols: Vec<(bool, &[(usize, f64)])> = combos.iter().map(|c| (false, &c[..])).collect();
    cols.push((true, &one));
    cols.extend(combos.iter().map(|c| (true, &c[..])));
    cols.push((false, &y_combo));
    let dim = cols.len();
    let total = whole.at(0, 0);
    let product = |a: (bool, &[(usize, f64)]), b: (bool, &[(usize, f64)])| {
        let m = if a.0 || b.0 { group } else { whole };
        m.combo_product(a.1, b.1)
    };
    let mean: Vec<f64> = cols
        .iter()
        .map(|&c| product(c, (false, &one)) / total)
        .collect();
    let mut cov = vec![0.0; dim * dim];
    for a in 0..dim {
        for b in a..dim {
            let v = product(cols[a], cols[b]) / total - mean[a] * mean[b];
            cov[a * dim + b] = v;
            cov[b * dim + a] = v;
        }
    }
    let own = own_columns(&design, whole.touchpoints);
    let effective_n = if whole.sum_w2 > 0.0 {
        total * total / whole.sum_w2
    } else {
        0.0
    };
    let sizes = Sizes {
        n: whole.n,
        group_n: group.n,
        effective_n,
    };
    Ok(f_tests(&cov, k, &own, sizes))
}

/// Per touchpoint, the positions (in `kept_idx` order) of its terms.
fn own_columns(design: &Design, touchpoints: usize) -> Vec<Vec<usize>> {
    (0..touchpoints)
        .map(|j| {
            design
                .kept_idx
                .iter()
                .enumerate()
                .filter(|(_, &c)| design.candidates[c].term.touchpoint == j)
                .map(|(pos, _)| pos)
                .collect()
        })
        .collect()
}

/// The respondents of a test: the model's, the group's and Kish's
/// effective number.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    n: usize,
    group_n: usize,
    effective_n: f64,
}

/// The F-test of each touchpoint from the covariance `cov` of the `k`
/// terms, the indicator, the `k` products and the KPI (last); `own[j]`
/// are touchpoint `j`'s term positions.
fn f_tests(
    cov: &[f64],
    k: usize,
    own: &[Vec<usize>],
    sizes: Sizes,
) -> Vec<Option<GroupDifference>> {
    let n_cols = 2 * k + 1;
    let dim = n_cols + 1;
    let y = n_cols;
    let total_ss = cov[y * dim + y];
    // R² of the model on `cols`; `None` when its covariance is singular.
    let r2 = |cols: &[usize]| -> Option<f64> {
        let m = cols.len();
        let factor = Cholesky::new(
            m,
            |i, j| cov[cols[i] * dim + cols[j]],
            1e-12 * total_ss.max(f64::MIN_POSITIVE),
        )?;
        let sy: Vec<f64> = cols.iter().map(|&c| cov[c * dim + y]).collect();
        let mut b = vec![0.0; m];
        factor.solve(&sy, &mut b);
        let explained: f64 = b.iter().zip(&sy).map(|(b, s)| b * s).sum();
        (total_ss > 0.0).then(|| (explained / total_ss).clamp(0.0, 1.0))
    };
    let all: Vec<usize> = (0..n_cols).collect();
    let r2_full = r2(&all);
    let Sizes {
        n,
        group_n,
        effective_n,
    } = sizes;
    let mut tests: Vec<Option<GroupDifference>> = vec![None; own.len()];
    for (j, slot) in tests.iter_mut().enumerate() {
        let own: Vec<usize> = own[j].iter().map(|pos| k + 1 + pos).collect();
        let q = own.len();
        let df2 = (effective_n.floor() as usize).saturating_sub(n_cols + 1);
        if q == 0 || df2 == 0 || group_n <= 2 * k || n - group_n <= 2 * k {
            continue;
        }
        let restricted: Vec<usize> = all.iter().copied().filter(|c| !own.contains(c)).collect();
        let (Some(r0), Some(r1)) = (r2(&restricted), r2_full) else {
            continue;
        };
        let f = ((r1 - r0).max(0.0) / q as f64) / ((1.0 - r1).max(1e-300) / df2 as f64);
        let p = FisherSnedecor::new(q as f64, df2 as f64).map_or(f64::NAN, |d| 1.0 - d.cdf(f));
        *slot = Some(GroupDifference {
            f,
            df1: q,
            df2,
            p,
            p_adjusted: p,
        });
    }
    holm_tests(&mut tests);
    tests
}

/// Kish's effective number of respondents: `n` unweighted, else
/// (Σw)² / Σw².
fn effective_n(weights: Option<&[f64]>, n: usize) -> f64 {
    match weights {
        None => n as f64,
        Some(w) => {
            let sum: f64 = w.iter().sum();
            let sq: f64 = w.iter().map(|w| w * w).sum();
            if sq > 0.0 {
                sum * sum / sq
            } else {
                0.0
            }
        }
    }
}

/// Holm's step-down adjustment of `p` (missing values stay missing): the
/// i-th smallest of m is multiplied by m - i (from 0), made monotone,
/// capped at 1.
pub fn holm(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&j| p[j].is_some()).collect();
    order.sort_by(|&a, &b| {
        p[a].unwrap_or(f64::NAN)
            .total_cmp(&p[b].unwrap_or(f64::NAN))
    });
    let m = order.len();
    let mut out = vec![None; p.len()];
    let mut running: f64 = 0.0;
    for (i, &j) in order.iter().enumerate() {
        if let Some(pj) = p[j] {
            running = running.max(((m - i) as f64 * pj).min(1.0));
            out[j] = Some(running);
        }
    }
    out
}

/// [`holm`] over the touchpoints' tests, into their `p_adjusted`.
fn holm_tests(tests: &mut [Option<GroupDifference>]) {
    let p: Vec<Option<f64>> = tests.iter().map(|t| t.map(|t| t.p)).collect();
    for (t, adjusted) in tests.iter_mut().zip(holm(&p)) {
        if let (Some(t), Some(a)) = (t, adjusted) {
            t.p_adjusted = a;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_p(ps: &[f64]) -> Vec<Option<GroupDifference>> {
        ps.iter()
            .map(|&p| {
                Some(GroupDifference {
                    f: 0.0,
                    df1: 1,
                    df2: 1,
                    p,
                    p_adjusted: p,
                })
            })
            .collect()
    }

    /// Holm on (0.01, 0.04, 0.03, 0.5): sorted 0.01, 0.03, 0.04, 0.5 times
    /// 4, 3, 2, 1 = 0.04, 0.09, 0.08 -> 0.09 (monotone), 0.5.
    #[test]
    fn holm_adjusts_step_down_and_stays_monotone() {
        let mut t = with_p(&[0.01, 0.04, 0.03, 0.5]);
        t.insert(1, None);
        holm_tests(&mut t);
        let adj: Vec<Option<f64>> = t.iter().map(|t| t.map(|t| t.p_adjusted)).collect();
        let want = [Some(0.04), None, Some(0.09), Some(0.09), Some(0.5)];
        for (a, w) in adj.iter().zip(want) {
            match (a, w) {
                (Some(a), Some(w)) => assert!((a - w).abs() < 1e-12, "{a} vs {w}"),
                (None, None) => {}
                other => panic!("{other:?}"),
            }
        }
    }
}
