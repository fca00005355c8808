//! The linear impact model of one KPI: the effects of the design's terms
//! (weighted least squares, by QR with linfa-linear or from covariances on
//! large surveys) and each touchpoint's Shapley importance and signed
//! impact.

use linfa::prelude::*;
use linfa_linear::LinearRegression;
use ndarray::{Array1, Array2};

use crate::design::{build_design, touchpoint_groups, Column, Design};
use crate::direction::{settle_importances, sign_touchpoints};
use crate::importance::group_importance;
use crate::linalg::Cholesky;
use crate::{DriverData, KpiModel, ModelKind, ModelOptions, RegressionError, Term};

/// Fits the impact model of one KPI:
///
/// ```text
/// y = a + sum_j ( c_j * d_j + b_j * d_j * (x_j - mean_j) ) + e
/// ```
///
/// by weighted least squares, where `d_j` marks respondents who experienced
/// touchpoint `j` and `mean_j` is their weighted mean satisfaction.
///
/// An incidence term enters only when at least
/// [`ModelOptions::min_not_experienced`] respondents did not experience the
/// touchpoint; a quality term only when its ratings vary. A term that is a
/// linear combination of earlier terms (touchpoints skipped together by the
/// same respondents) is left out as collinear; every left-out term is listed
/// in [`KpiModel::dropped`] with its reason, so the model always stays
/// solvable.
///
/// Importance is the Shapley (LMG) decomposition of R² with each
/// touchpoint's terms as one player: exact up to
/// [`ModelOptions::exact_limit`] touchpoints in the model, sampled from
/// permutations (with a standard error) up to
/// [`ModelOptions::sampling_limit`], Johnson's relative weights above (see
/// [`crate::importance_method_for`]). Relative weights and the condition
/// number of the design are reported for every model. Impact is importance
/// signed by the touchpoint's direction: its terms' coefficient signs
/// weighted by the KPI variance each moves on its own (see
/// [`TouchpointEffect::direction`](crate::TouchpointEffect::direction)).
pub fn fit_kpi(data: &DriverData, opts: &ModelOptions) -> Result<KpiModel, RegressionError> {
    let design = build_design(data, opts)?;
    design.check_capacity(&data.kpi, opts.per_term)?;
    fit_design(&design, &data.kpi, data.weights.as_deref(), opts)
}

/// Fits the impact models of two KPIs of the same respondents on the same
/// terms: `data`'s KPI with `opts`, and `second` (one value per respondent
/// of `data`) with `second_opts`. The design (its columns and their
/// covariances, the costly part on a large survey) is built once; each
/// model is the one [`fit_kpi`] gives for its KPI, since the terms a model
/// keeps do not depend on the KPI. The second model's own error (say, a
/// constant KPI) does not stop the first.
pub fn fit_kpi_pair(
    data: &DriverData,
    opts: &ModelOptions,
    second: &[f64],
    second_opts: &ModelOptions,
) -> Result<(KpiModel, Result<KpiModel, RegressionError>), RegressionError> {
    let mut design = build_design(data, opts)?;
    design.check_capacity(&data.kpi, opts.per_term)?;
    let weights = data.weights.as_deref();
    let first = fit_design(&design, &data.kpi, weights, opts)?;
    let second = design
        .replace_kpi(second, weights)
        .and_then(|()| design.check_capacity(second, second_opts.per_term))
        .and_then(|()| fit_design(&design, second, weights, second_opts));
    Ok((first, second))
}

/// [`fit_kpi`] on a built design whose KPI moments are those of `y`.
pub(crate) fn fit_design(
    design: &Design,
    y: &[f64],
    weights: Option<&[f64]>,
    opts: &ModelOptions,
) -> Result<KpiModel, RegressionError> {
    let Design {
        n,
        weighted_n,
        kpi_mean,
        kpi_var,
        ref candidates,
        ref kept_idx,
        ref cov,
        ..
    } = *design;
    let mut effects = design.effects.clone();
    let dropped = design.dropped.clone();
    let w = |i: usize| weights.map_or(1.0, |w| w[i]);
    let kept: Vec<&Column> = kept_idx.iter().map(|&k| &candidates[k]).collect();
    let n_terms = kept.len();

    // Coefficients. From COVARIANCE_SOLVE_FROM respondents on, the normal
    // equations are solved from the covariance matrix the design already
    // holds (no pass over the rows but one for the column means); below it,
    // weighted least squares by QR on the rows (linfa-linear).
    let (params, r2) = if let Some(means) = &design.means {
        solve_from_covariance(cov, candidates.len(), kept_idx, kpi_mean, kpi_var, |k| {
            means[kept_idx[k]]
        })?
    } else if n >= COVARIANCE_SOLVE_FROM {
        solve_from_covariance(cov, candidates.len(), kept_idx, kpi_mean, kpi_var, |k| {
            let col = &kept[k].values;
            (0..n).map(|i| w(i) * col[i]).sum::<f64>() / weighted_n
        })?
    } else {
        solve_by_qr(&kept, y, weights, kpi_var * weighted_n)?
    };
    let intercept = params[0];
    let df_resid = n as i64 - n_terms as i64 - 1;
    let adj_r2 = (df_resid > 0).then(|| 1.0 - (1.0 - r2) * (n as f64 - 1.0) / df_resid as f64);

    let kpi_sd = kpi_var.sqrt();
    for (k, col) in kept.iter().enumerate() {
        let e = &mut effects[col.term.touchpoint];
        let coef = params[k + 1];
        match col.term.term {
            Term::Incidence => e.incidence_effect = Some(coef),
            Term::Quality => {
                e.quality_effect = Some(coef);
                let col_var = cov[kept_idx[k] * (candidates.len() + 1) + kept_idx[k]];
                e.quality_effect_std = Some(coef * col_var.sqrt() / kpi_sd);
            }
        }
    }

    // Shapley importance: one player per touchpoint with a term in the model.
    let (players, groups) = touchpoint_groups(candidates, kept_idx);
    // Exact, sampled or relative weights by the number of players (see
    // `importance_method_for`); relative weights beside it always.
    let kept_corr = design.kept_correlation();
    let decomposition = group_importance(&kept_corr, &groups, opts)?;
    for (g, &tp) in players.iter().enumerate() {
        let e = &mut effects[tp];
        e.importance = decomposition.values[g].max(0.0);
        e.importance_se = decomposition.se.as_ref().map(|se| se[g]);
        e.relative_weight = decomposition.relative[g].max(0.0);
    }

    let mut model = KpiModel {
        n,
        weighted_n,
        kpi_mean,
        kpi_sd,
        r2,
        adj_r2,
        intercept,
        n_terms,
        importance_method: decomposition.method,
        touchpoints: effects,
        dropped,
        condition_number: decomposition.condition_number,
        model: ModelKind::Linear,
        pseudo_r2: None,
        separation: false,
        importance_subsample: None,
        caveats: Vec::new(),
    };
    settle_importances(&mut model);
    sign_touchpoints(&mut model, design);
    Ok(model)
}

/// Weighted least squares by QR on the rows (linfa-linear): ordinary least
/// squares on rows scaled by `sqrt(w)`, with the intercept as an explicit
/// `sqrt(w)` column. `total_ss` is the KPI's weighted sum of squares about
/// its mean. Returns the intercept followed by the slopes, and R².
fn solve_by_qr(
    kept: &[&Column],
    y: &[f64],
    weights: Option<&[f64]>,
    total_ss: f64,
) -> Result<(Vec<f64>, f64), RegressionError> {
    let n = y.len();
    let n_terms = kept.len();
    let w = |i: usize| weights.map_or(1.0, |w| w[i]);
    let mut x = Array2::<f64>::zeros((n, n_terms + 1));
    let mut ty = Array1::<f64>::zeros(n);
    for i in 0..n {
        let s = w(i).sqrt();
        x[[i, 0]] = s;
        for (k, col) in kept.iter().enumerate() {
            x[[i, k + 1]] = s * col.values[i];
        }
        ty[i] = s * y[i];
    }
    let dataset = Dataset::new(x, ty);
    let fitted = LinearRegression::new()
        .with_intercept(false)
        .fit(&dataset)
        .map_err(|e| RegressionError::Fit(e.to_string()))?;
    let params = fitted.params().to_vec();
    if params.iter().any(|v| !v.is_finite()) {
        return Err(RegressionError::Fit(
            "the solver returned non-finite coefficients".into(),
        ));
    }
    let intercept = params[0];
    let sse: f64 = (0..n)
        .map(|i| {
            let fit = intercept
                + kept
                    .iter()
                    .enumerate()
                    .map(|(k, c)| params[k + 1] * c.values[i])
                    .sum::<f64>();
            w(i) * (y[i] - fit).powi(2)
        })
        .sum();
    let r2 = (1.0 - sse / total_ss).clamp(0.0, 1.0);
    Ok((params, r2))
}

/// From this many respondents on, [`fit_kpi`] solves the normal equations
/// from the design's covariance matrix instead of a QR decomposition of the
/// rows: the same coefficients (to rounding; terms are screened for
/// collinearity first, so the system is well posed) at a fraction of the
/// time and memory.
pub(crate) const COVARIANCE_SOLVE_FROM: usize = 20_000;

/// Weighted least squares from covariances: with `S` the covariance of the
/// kept terms and `s_y` their covariance with the KPI, the slopes solve
/// `S b = s_y` (Cholesky), the intercept is `mean_y - sum_k b_k mean_k` and
/// `R² = b . s_y / var_y`. `cov` is the `(p + 1) x (p + 1)` covariance of
/// the `p` candidates and the KPI (divisor: the sum of weights, as for
/// `kpi_var`); `mean(k)` gives the weighted mean of kept term `k`. Returns
/// the intercept followed by the slopes, and R².
fn solve_from_covariance(
    cov: &[f64],
    p: usize,
    kept_idx: &[usize],
    kpi_mean: f64,
    kpi_var: f64,
    mean: impl Fn(usize) -> f64,
) -> Result<(Vec<f64>, f64), RegressionError> {
    let dim = p + 1;
    let k = kept_idx.len();
    let at = |a: usize, b: usize| cov[a * dim + b];
    // S = L L' (any pivot not above 0 fails), then L z = s_y and L' b = z.
    let Some(factor) = Cholesky::new(k, |i, j| at(kept_idx[i], kept_idx[j]), 0.0) else {
        return Err(RegressionError::Fit(
            "the design's covariance matrix is not positive definite".into(),
        ));
    };
    let sy: Vec<f64> = kept_idx.iter().map(|&c| at(c, p)).collect();
    let mut b = vec![0.0; k];
    factor.solve(&sy, &mut b);
    if b.iter().any(|v| !v.is_finite()) {
        return Err(RegressionError::Fit(
            "the solver returned non-finite coefficients".into(),
        ));
    }
    let intercept = kpi_mean - (0..k).map(|i| b[i] * mean(i)).sum::<f64>();
    let explained: f64 = b.iter().zip(&sy).map(|(b, s)| b * s).sum();
    let r2 = if kpi_var > 0.0 {
        (explained / kpi_var).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mut params = Vec::with_capacity(k + 1);
    params.push(intercept);
    params.extend(b);
    Ok((params, r2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DropReason, DroppedTerm, ImpactBasis, TermRef};

    const EPS: f64 = 1e-9;

    fn opts(min_not: usize) -> ModelOptions {
        ModelOptions {
            min_not_experienced: min_not,
            small_base: 30,
            // Hand-sized data: the capacity rule has tests of its own.
            per_term: 0,
            ..ModelOptions::default()
        }
    }

    /// One touchpoint everyone rated, KPI exactly 2 + 0.5 (x - 6): the
    /// quality slope is 0.5, R² is 1 and takes all importance; the incidence
    /// term cannot exist.
    #[test]
    fn pure_quality_effect() {
        let xs = [4.0, 5.0, 6.0, 7.0, 8.0];
        let data = DriverData {
            kpi: xs.iter().map(|x| 2.0 + 0.5 * (x - 6.0)).collect(),
            touchpoints: vec![xs.iter().map(|&x| Some(x)).collect()],
            weights: None,
        };
        let m = fit_kpi(&data, &opts(30)).unwrap();
        let t = &m.touchpoints[0];
        assert!((t.quality_effect.unwrap() - 0.5).abs() < EPS);
        assert_eq!(t.incidence_effect, None);
        assert_eq!(t.centre, Some(6.0));
        assert!((m.intercept - 2.0).abs() < EPS);
        assert!((m.r2 - 1.0).abs() < EPS);
        assert!((t.importance - 1.0).abs() < EPS);
        assert_eq!(t.impact_basis, ImpactBasis::Quality);
        assert!(t.impact > 0.0);
        assert_eq!(
            m.dropped,
            vec![DroppedTerm {
                touchpoint: 0,
                term: Term::Incidence,
                reason: DropReason::EveryoneExperienced
            }]
        );
    }

    /// Three respondents who did not experience the touchpoint score 5, three
    /// who did (all rating 7) score 8 or 9: the incidence effect is the
    /// difference of the group means, 8.5 - 5 = 3.5; the quality term drops
    /// out (no variation). R² = between-group SS / total SS
    /// = 6 * 1.75^2 / (6 * 1.75^2 + 2 * 0.25) = 18.375 / 18.875.
    #[test]
    fn pure_incidence_effect_with_negative_sign_flip() {
        let data = DriverData {
            kpi: vec![5.0, 5.0, 5.0, 8.0, 9.0, 8.5],
            touchpoints: vec![vec![None, None, None, Some(7.0), Some(7.0), Some(7.0)]],
            weights: None,
        };
        let m = fit_kpi(&data, &opts(3)).unwrap();
        let t = &m.touchpoints[0];
        assert!((t.incidence_effect.unwrap() - 3.5).abs() < EPS);
        assert_eq!(t.quality_effect, None);
        assert!((m.r2 - 18.375 / 18.875).abs() < EPS);
        assert_eq!(t.impact_basis, ImpactBasis::Incidence);
        assert!((t.impact - m.r2).abs() < EPS);
        assert!(m
            .dropped
            .iter()
            .any(|d| d.reason == DropReason::NoVariation));

        // The same with the KPI mirrored: a negative incidence effect makes
        // the impact negative while the importance stays positive.
        let mirrored = DriverData {
            kpi: data.kpi.iter().map(|y| 10.0 - y).collect(),
            ..data.clone()
        };
        let m = fit_kpi(&mirrored, &opts(3)).unwrap();
        let t = &m.touchpoints[0];
        assert!((t.incidence_effect.unwrap() + 3.5).abs() < EPS);
        assert!(t.importance > 0.0);
        assert!((t.impact + t.importance).abs() < EPS);
    }

    /// Below the minimum of non-experiencers the incidence term drops out
    /// and the touchpoint's sign comes from its quality slope.
    #[test]
    fn too_few_not_experienced_drops_incidence() {
        let data = DriverData {
            kpi: vec![1.0, 2.0, 3.0, 6.0],
            touchpoints: vec![vec![None, Some(3.0), Some(2.0), Some(1.0)]],
            weights: None,
        };
        let m = fit_kpi(&data, &opts(30)).unwrap();
        let t = &m.touchpoints[0];
        assert_eq!(t.incidence_effect, None);
        assert!(t.quality_effect.unwrap() < 0.0);
        assert_eq!(t.impact_basis, ImpactBasis::Quality);
        assert!(t.impact < 0.0);
        assert_eq!(
            m.dropped[0].reason,
            DropReason::TooFewNotExperienced { n: 1, min: 30 }
        );
    }

    /// Two touchpoints skipped by exactly the same respondents: the second
    /// incidence term is collinear with the first and is dropped, naming it;
    /// the model stays solvable and importances still sum to R².
    #[test]
    fn touchpoints_skipped_together_stay_solvable() {
        let n = 12;
        let skip = |i: usize| i.is_multiple_of(3);
        let a: Vec<Option<f64>> = (0..n)
            .map(|i| (!skip(i)).then_some((i % 5) as f64 + 3.0))
            .collect();
        let b: Vec<Option<f64>> = (0..n)
            .map(|i| (!skip(i)).then_some(((i * 7) % 4) as f64 + 5.0))
            .collect();
        let kpi: Vec<f64> = (0..n)
            .map(|i| if skip(i) { 4.0 } else { 7.0 } + (i % 4) as f64 * 0.3)
            .collect();
        let data = DriverData {
            kpi,
            touchpoints: vec![a, b],
            weights: None,
        };
        let m = fit_kpi(&data, &opts(2)).unwrap();
        let collinear = m
            .dropped
            .iter()
            .find(|d| matches!(d.reason, DropReason::Collinear { .. }))
            .expect("one term is collinear");
        assert_eq!((collinear.touchpoint, collinear.term), (1, Term::Incidence));
        assert_eq!(
            collinear.reason,
            DropReason::Collinear {
                with: vec![TermRef {
                    touchpoint: 0,
                    term: Term::Incidence
                }]
            }
        );
        let sum: f64 = m.touchpoints.iter().map(|t| t.importance).sum();
        assert!((sum - m.r2).abs() < 1e-12);
        assert!(m.touchpoints.iter().all(|t| t.impact.is_finite()));
    }

    /// Importances sum to R² on a messy, weighted design with blanks.
    #[test]
    fn importances_sum_to_r2() {
        let n = 200;
        let mut state = 12345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as f64 / (1u64 << 31) as f64
        };
        let mut touchpoints: Vec<Vec<Option<f64>>> = vec![Vec::new(); 5];
        let mut kpi = Vec::with_capacity(n);
        let mut weights = Vec::with_capacity(n);
        for _ in 0..n {
            let mut y = 5.0 + next();
            for (j, tp) in touchpoints.iter_mut().enumerate() {
                if next() < 0.3 + 0.1 * j as f64 {
                    let x = (next() * 9.0).round() + 1.0;
                    y += 0.2 * j as f64 * (x - 5.0) / 5.0 + if j == 2 { -1.0 } else { 0.5 };
                    tp.push(Some(x));
                } else {
                    tp.push(None);
                }
            }
            kpi.push(y);
            weights.push(0.5 + next());
        }
        let data = DriverData {
            kpi,
            touchpoints,
            weights: Some(weights),
        };
        let m = fit_kpi(&data, &opts(30)).unwrap();
        let sum: f64 = m.touchpoints.iter().map(|t| t.importance).sum();
        assert!(m.r2 > 0.3);
        assert!((sum - m.r2).abs() < 1e-10, "{sum} vs {}", m.r2);
        let share: f64 = m.touchpoints.iter().map(|t| t.importance_share).sum();
        assert!((share - 1.0).abs() < 1e-10);
        assert!(
            m.touchpoints[2].impact < 0.0,
            "touchpoint 2 has a negative incidence effect"
        );
    }

    #[test]
    fn bad_inputs_are_errors() {
        let base = DriverData {
            kpi: vec![1.0, 2.0, 3.0],
            touchpoints: vec![vec![Some(1.0), None, Some(2.0)]],
            weights: None,
        };
        let short = DriverData {
            touchpoints: vec![vec![Some(1.0)]],
            ..base.clone()
        };
        assert!(matches!(
            fit_kpi(&short, &opts(1)),
            Err(RegressionError::LengthMismatch { .. })
        ));
        let constant = DriverData {
            kpi: vec![4.0; 3],
            ..base.clone()
        };
        assert!(matches!(
            fit_kpi(&constant, &opts(1)),
            Err(RegressionError::ConstantKpi { .. })
        ));
        let weighted = DriverData {
            weights: Some(vec![1.0, -1.0, 1.0]),
            ..base.clone()
        };
        assert!(matches!(
            fit_kpi(&weighted, &opts(1)),
            Err(RegressionError::InvalidWeight { index: 1, .. })
        ));
        let tiny = DriverData {
            kpi: vec![1.0, 2.0],
            touchpoints: vec![vec![Some(1.0), None]],
            weights: None,
        };
        assert!(matches!(
            fit_kpi(&tiny, &opts(1)),
            Err(RegressionError::TooFewRespondents { .. })
        ));
    }

    /// More touchpoints than respondents: terms beyond the rank drop out as
    /// collinear and the result is defined.
    #[test]
    fn more_touchpoints_than_respondents() {
        let n = 5;
        let touchpoints: Vec<Vec<Option<f64>>> = (0..8)
            .map(|j| {
                (0..n)
                    .map(|i| Some(((i * (j + 2)) % 7) as f64 + 1.0))
                    .collect()
            })
            .collect();
        let data = DriverData {
            kpi: vec![1.0, 3.0, 2.0, 5.0, 4.0],
            touchpoints,
            weights: None,
        };
        let m = fit_kpi(&data, &opts(30)).unwrap();
        assert!(m.n_terms < n);
        assert!(m
            .touchpoints
            .iter()
            .all(|t| t.importance.is_finite() && t.impact.is_finite()));
        let sum: f64 = m.touchpoints.iter().map(|t| t.importance).sum();
        assert!((sum - m.r2).abs() < 1e-9);
    }
}
