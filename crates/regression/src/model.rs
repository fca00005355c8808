//! The touchpoint impact model of one KPI: which terms enter, their
//! effects (weighted least squares with linfa-linear) and each touchpoint's
//! Shapley importance and signed impact.

use linfa::prelude::*;
use linfa_linear::LinearRegression;
use ndarray::{Array1, Array2};

use crate::direction::{settle_importances, sign_touchpoint, TermWeight};
use crate::importance::group_importance;
use crate::linalg::{weighted_covariance, Cholesky, Correlation, Factor};
use crate::{
    DriverData, DropReason, DroppedTerm, KpiModel, ModelKind, ModelOptions, RegressionError, Term,
    TermRef, TouchpointEffect,
};

/// Fewest respondents a KPI model accepts.
pub const MIN_RESPONDENTS: usize = 3;

/// Checks that predictors, KPI and weights line up and are usable.
pub(crate) fn check_inputs<'a>(
    columns: impl Iterator<Item = &'a [f64]>,
    y: &[f64],
    weights: Option<&[f64]>,
) -> Result<(), RegressionError> {
    let n = y.len();
    for (j, c) in columns.enumerate() {
        if c.len() != n {
            return Err(RegressionError::LengthMismatch {
                what: format!("predictor {j}"),
                expected: n,
                got: c.len(),
            });
        }
        if let Some(index) = c.iter().position(|v| !v.is_finite()) {
            return Err(RegressionError::NonFinite {
                what: format!("predictor {j}"),
                index,
            });
        }
    }
    if let Some(index) = y.iter().position(|v| !v.is_finite()) {
        return Err(RegressionError::NonFinite {
            what: "the KPI".into(),
            index,
        });
    }
    check_weights(weights, n)
}

fn check_weights(weights: Option<&[f64]>, n: usize) -> Result<(), RegressionError> {
    if let Some(w) = weights {
        if w.len() != n {
            return Err(RegressionError::LengthMismatch {
                what: "the weights".into(),
                expected: n,
                got: w.len(),
            });
        }
        if let Some(index) = w.iter().position(|v| !(v.is_finite() && *v > 0.0)) {
            return Err(RegressionError::InvalidWeight {
                index,
                value: w[index],
            });
        }
    }
    Ok(())
}

/// A candidate column of the design.
pub(crate) struct Column {
    pub term: TermRef,
    pub values: Vec<f64>,
}

/// The design of one KPI model, shared by the linear ([`fit_kpi`]) and the
/// logistic ([`crate::fit_kpi_logistic`]) fit: the candidate terms, which of
/// them survived the screening, and the respondent-level summaries.
pub(crate) struct Design {
    /// Respondents in the model.
    pub n: usize,
    /// Sum of their weights.
    pub weighted_n: f64,
    /// Weighted mean and variance (divisor: the sum of weights) of the KPI.
    pub kpi_mean: f64,
    pub kpi_var: f64,
    /// Every candidate term, in touchpoint order (incidence first).
    pub candidates: Vec<Column>,
    /// Indices into `candidates` of the terms in the model, in order.
    pub kept_idx: Vec<usize>,
    /// Weighted covariance of the candidates followed by the KPI.
    pub cov: Vec<f64>,
    /// The same as correlations.
    pub corr: Correlation,
    /// Per touchpoint: bases, centre and small-base flag filled in; effects
    /// and importances still empty.
    pub effects: Vec<TouchpointEffect>,
    /// Terms left out, with reasons, sorted by touchpoint.
    pub dropped: Vec<DroppedTerm>,
}

impl Design {
    /// Makes `y` (one value per respondent) the design's KPI: its mean,
    /// variance and covariances with the candidate terms replace the old
    /// KPI's, as [`build_design`] would compute them; the terms stay.
    pub(crate) fn replace_kpi(
        &mut self,
        y: &[f64],
        weights: Option<&[f64]>,
    ) -> Result<(), RegressionError> {
        if y.len() != self.n {
            return Err(RegressionError::LengthMismatch {
                what: "the second KPI".into(),
                expected: self.n,
                got: y.len(),
            });
        }
        check_inputs(std::iter::empty(), y, None)?;
        let w = |i: usize| weights.map_or(1.0, |w| w[i]);
        let total = self.weighted_n;
        let mean = (0..self.n).map(|i| w(i) * y[i]).sum::<f64>() / total;
        let var = (0..self.n)
            .map(|i| w(i) * (y[i] - mean).powi(2))
            .sum::<f64>()
            / total;
        if var <= 1e-12 * mean.abs().max(1.0).powi(2) {
            return Err(RegressionError::ConstantKpi { value: mean });
        }
        let p = self.candidates.len();
        let dim = p + 1;
        for (k, c) in self.candidates.iter().enumerate() {
            // sum w (c - mean_c)(y - mean) = sum w c (y - mean).
            let v = (0..self.n)
                .map(|i| w(i) * c.values[i] * (y[i] - mean))
                .sum::<f64>()
                / total;
            self.cov[k * dim + p] = v;
            self.cov[p * dim + k] = v;
        }
        self.cov[p * dim + p] = var;
        self.kpi_mean = mean;
        self.kpi_var = var;
        self.corr = Correlation::from_covariance(p, &self.cov);
        Ok(())
    }
}

/// The Shapley players of a design: the touchpoints with a term in the
/// model, and per player the positions (in `kept_idx` order) of its terms.
pub(crate) fn touchpoint_groups(
    candidates: &[Column],
    kept_idx: &[usize],
) -> (Vec<usize>, Vec<Vec<usize>>) {
    let mut players: Vec<usize> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (pos, &k) in kept_idx.iter().enumerate() {
        let tp = candidates[k].term.touchpoint;
        if players.last() != Some(&tp) {
            players.push(tp);
            groups.push(Vec::new());
        }
        if let Some(g) = groups.last_mut() {
            g.push(pos);
        }
    }
    (players, groups)
}

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
/// [`crate::direction`]).
pub fn fit_kpi(data: &DriverData, opts: &ModelOptions) -> Result<KpiModel, RegressionError> {
    let design = build_design(data, opts)?;
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
    let weights = data.weights.as_deref();
    let first = fit_design(&design, &data.kpi, weights, opts)?;
    let second = design
        .replace_kpi(second, weights)
        .and_then(|()| fit_design(&design, second, weights, second_opts));
    Ok((first, second))
}

/// [`fit_kpi`] on a built design whose KPI moments are those of `y`.
fn fit_design(
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
        ref corr,
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
    let (params, r2) = if n >= COVARIANCE_SOLVE_FROM {
        solve_from_covariance(cov, candidates.len(), kept_idx, kpi_mean, kpi_var, |k| {
            let col = &kept[k].values;
            (0..n).map(|i| w(i) * col[i]).sum::<f64>() / weighted_n
        })?
    } else {
        // Coefficients: weighted least squares as ordinary least squares on rows
        // scaled by sqrt(w), with the intercept as an explicit sqrt(w) column.
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
        let r2 = (1.0 - sse / (kpi_var * weighted_n)).clamp(0.0, 1.0);
        (params, r2)
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
    let kept_corr = sub_correlation(corr, kept_idx);
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
    sign_touchpoints(&mut model, candidates, kept_idx, cov);
    Ok(model)
}

/// Signs every touchpoint's impact by its direction (see
/// [`crate::direction`]), from the fitted coefficients and the variances of
/// the kept terms' columns (`cov`: the design's covariance, candidates then
/// the KPI).
pub(crate) fn sign_touchpoints(
    model: &mut KpiModel,
    candidates: &[Column],
    kept_idx: &[usize],
    cov: &[f64],
) {
    let dim = candidates.len() + 1;
    let mut weights: Vec<(Option<TermWeight>, Option<TermWeight>)> =
        vec![(None, None); model.touchpoints.len()];
    for &k in kept_idx {
        let term = candidates[k].term;
        let e = &model.touchpoints[term.touchpoint];
        let var = cov[k * dim + k];
        let slot = &mut weights[term.touchpoint];
        match term.term {
            Term::Incidence => {
                slot.0 = e.incidence_effect.map(|coef| TermWeight { coef, var });
            }
            Term::Quality => {
                slot.1 = e.quality_effect.map(|coef| TermWeight { coef, var });
            }
        }
    }
    for (e, (inc, qual)) in model.touchpoints.iter_mut().zip(weights) {
        sign_touchpoint(e, inc, qual);
    }
}

/// From this many respondents on, [`fit_kpi`] solves the normal equations
/// from the design's covariance matrix instead of a QR decomposition of the
/// rows: the same coefficients (to rounding; terms are screened for
/// collinearity first, so the system is well posed) at a fraction of the
/// time and memory.
pub const COVARIANCE_SOLVE_FROM: usize = 20_000;

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

/// Checks the inputs of a KPI model and builds its design: the candidate
/// incidence and quality terms of every touchpoint, the reasons for those
/// that cannot enter, and a collinearity screen (see [`fit_kpi`]).
pub(crate) fn build_design(
    data: &DriverData,
    opts: &ModelOptions,
) -> Result<Design, RegressionError> {
    let y = &data.kpi;
    let n = y.len();
    for (j, tp) in data.touchpoints.iter().enumerate() {
        if tp.len() != n {
            return Err(RegressionError::LengthMismatch {
                what: format!("touchpoint {j}"),
                expected: n,
                got: tp.len(),
            });
        }
        if let Some(index) = tp.iter().position(|v| v.is_some_and(|v| !v.is_finite())) {
            return Err(RegressionError::NonFinite {
                what: format!("touchpoint {j}"),
                index,
            });
        }
    }
    check_inputs(std::iter::empty(), y, None)?;
    let weights = data.weights.as_deref();
    check_weights(weights, n)?;
    if n < MIN_RESPONDENTS {
        return Err(RegressionError::TooFewRespondents {
            n,
            min: MIN_RESPONDENTS,
        });
    }
    let w = |i: usize| weights.map_or(1.0, |w| w[i]);
    let weighted_n: f64 = (0..n).map(w).sum();
    let kpi_mean = (0..n).map(|i| w(i) * y[i]).sum::<f64>() / weighted_n;
    let kpi_var = (0..n)
        .map(|i| w(i) * (y[i] - kpi_mean).powi(2))
        .sum::<f64>()
        / weighted_n;
    if kpi_var <= 1e-12 * kpi_mean.abs().max(1.0).powi(2) {
        return Err(RegressionError::ConstantKpi { value: kpi_mean });
    }

    // Candidate terms per touchpoint, in touchpoint order (incidence first).
    let mut dropped = Vec::new();
    let mut candidates = Vec::new();
    let mut effects = Vec::with_capacity(data.touchpoints.len());
    for (j, tp) in data.touchpoints.iter().enumerate() {
        let n_exp = tp.iter().filter(|v| v.is_some()).count();
        let n_not = n - n_exp;
        let w_exp: f64 = (0..n).filter(|&i| tp[i].is_some()).map(w).sum();
        let centre = (n_exp > 0)
            .then(|| (0..n).filter_map(|i| tp[i].map(|x| w(i) * x)).sum::<f64>() / w_exp);
        let drop = |term, reason| DroppedTerm {
            touchpoint: j,
            term,
            reason,
        };
        let incidence = if n_exp == 0 {
            Err(DropReason::TooFewExperienced { n: 0 })
        } else if n_not == 0 {
            Err(DropReason::EveryoneExperienced)
        } else if n_not < opts.min_not_experienced {
            Err(DropReason::TooFewNotExperienced {
                n: n_not,
                min: opts.min_not_experienced,
            })
        } else {
            Ok(())
        };
        match incidence {
            Ok(()) => candidates.push(Column {
                term: TermRef {
                    touchpoint: j,
                    term: Term::Incidence,
                },
                values: tp
                    .iter()
                    .map(|v| if v.is_some() { 1.0 } else { 0.0 })
                    .collect(),
            }),
            Err(reason) => dropped.push(drop(Term::Incidence, reason)),
        }
        let quality = match centre {
            _ if n_exp < 2 => Err(DropReason::TooFewExperienced { n: n_exp }),
            Some(m) => {
                let spread = tp
                    .iter()
                    .flatten()
                    .map(|x| (x - m).abs())
                    .fold(0.0, f64::max);
                if spread <= 1e-12 * m.abs().max(1.0) {
                    Err(DropReason::NoVariation)
                } else {
                    Ok(m)
                }
            }
            None => Err(DropReason::TooFewExperienced { n: n_exp }),
        };
        match quality {
            Ok(m) => candidates.push(Column {
                term: TermRef {
                    touchpoint: j,
                    term: Term::Quality,
                },
                values: tp.iter().map(|v| v.map_or(0.0, |x| x - m)).collect(),
            }),
            Err(reason) => dropped.push(drop(Term::Quality, reason)),
        }
        effects.push(TouchpointEffect::unfitted(
            n_exp,
            n_not,
            centre,
            n_exp < opts.small_base,
        ));
    }

    // Screen for collinearity on the correlation scale, in term order: a
    // term that (almost) lies in the span of the terms kept before it goes.
    let cand_values: Vec<&[f64]> = candidates.iter().map(|c| c.values.as_slice()).collect();
    let cov = weighted_covariance(&cand_values, y, weights);
    let corr = Correlation::from_covariance(candidates.len(), &cov);
    let kept_idx = screen_collinear(&corr, &candidates, &mut dropped);
    dropped.sort_by_key(|d| (d.touchpoint, d.term == Term::Quality));
    Ok(Design {
        n,
        weighted_n,
        kpi_mean,
        kpi_var,
        candidates,
        kept_idx,
        cov,
        corr,
        effects,
        dropped,
    })
}

/// Greedy pivoted Cholesky in term order: returns the indices of the terms
/// kept and records each dropped one with the kept terms it depends on.
fn screen_collinear(
    corr: &Correlation,
    candidates: &[Column],
    dropped: &mut Vec<DroppedTerm>,
) -> Vec<usize> {
    let mut factor = Factor::new(corr);
    for k in 0..corr.p {
        if factor.push(k) {
            continue;
        }
        let with = factor
            .cols()
            .iter()
            .zip(&factor.rejected_dependence())
            .filter(|(_, c)| c.abs() > 1e-6)
            .map(|(&i, _)| candidates[i].term)
            .collect();
        let term = candidates[k].term;
        let reason = if corr.at(k, k) == 0.0 {
            DropReason::NoVariation
        } else {
            DropReason::Collinear { with }
        };
        dropped.push(DroppedTerm {
            touchpoint: term.touchpoint,
            term: term.term,
            reason,
        });
    }
    factor.cols().to_vec()
}

/// The correlation matrix restricted to `keep` (plus the KPI).
pub(crate) fn sub_correlation(corr: &Correlation, keep: &[usize]) -> Correlation {
    let dim = corr.p + 1;
    let idx: Vec<usize> = keep
        .iter()
        .copied()
        .chain(std::iter::once(corr.p))
        .collect();
    let mut r = Vec::with_capacity(idx.len() * idx.len());
    for &i in &idx {
        for &j in &idx {
            r.push(corr.r[i * dim + j]);
        }
    }
    Correlation { p: keep.len(), r }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ImpactBasis;

    const EPS: f64 = 1e-9;

    fn opts(min_not: usize) -> ModelOptions {
        ModelOptions {
            min_not_experienced: min_not,
            small_base: 30,
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
