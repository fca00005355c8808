//! The impact model of a binary KPI (will stay or not, promoter or not):
//! logistic regression on the same design as the linear model, with
//! importance as the Shapley decomposition of McFadden's pseudo-R².
//!
//! For respondent `i` with KPI `y_i` in {0, 1} (1 = the positive class) the
//! model is
//!
//! ```text
//! logit P(y_i = 1) = a + sum_j ( c_j * d_ij + b_j * d_ij * (x_ij - mean_j) )
//! ```
//!
//! with exactly the terms [`crate::fit_kpi`] would use (the design, the
//! reasons for leaving terms out and the collinearity screen are shared:
//! `crate::design`). `c_j` and `b_j` are log-odds; `exp(c_j)` and
//! `exp(b_j)` are odds ratios.
//!
//! # Estimation
//!
//! Maximum likelihood with no penalty, by Newton-Raphson (iteratively
//! reweighted least squares) on the weighted log-likelihood
//!
//! ```text
//! LL(beta) = sum_i w_i ( y_i * eta_i - log(1 + exp(eta_i)) ),   eta = X beta
//! gradient = X' W (y - p),   Hessian = -X' W diag(p (1 - p)) X
//! ```
//!
//! with step halving whenever a full Newton step would lower `LL`. Survey
//! weights `w_i` enter the likelihood as frequency weights, so integer
//! weights give the same fit as duplicated rows. linfa-logistic (0.8.1) has
//! no sample weights and takes the larger class as its positive class, so it
//! is the *test oracle* here (unweighted fits agree to 1e-6) rather than the
//! estimator: IRLS is used throughout, weighted or not, which also makes the
//! thousands of sub-model fits of the decomposition cheap (each starts from
//! its parent's coefficients and converges in a few steps).
//!
//! # Separation
//!
//! When a combination of terms separates the classes (for example nobody
//! who skipped a touchpoint is a promoter), the likelihood has no maximum:
//! some coefficients grow without bound while `LL` creeps up to its
//! supremum. Newton steps then keep a size of about one in the diverging
//! direction while `LL` stops changing. The fit stops there (or after
//! [`LOGISTIC_MAX_ITERATIONS`]), keeps the finite coefficients it reached, marks the
//! terms still moving as diverging and reports
//! [`KpiModel::separation`](crate::KpiModel::separation); their odds ratios
//! are `None`. `LL` and the pseudo-R² stay well defined (they converge).
//!
//! # Importance
//!
//! McFadden's pseudo-R² of a set `S` of touchpoint groups is
//! `v(S) = 1 - LL(S) / LL(0)`, `LL(0)` the log-likelihood of the
//! intercept-only model, `LL(0) = W (p log p + (1 - p) log(1 - p))` with
//! `p` the weighted share of the positive class and `W` the weight sum. The
//! importance of a touchpoint is its Shapley value over the groups (each
//! touchpoint's incidence and quality terms one player), so importances sum
//! to the model's pseudo-R²:
//!
//! ```text
//! phi_g = sum_{S not containing g} |S|! (G - |S| - 1)! / G! * (v(S + g) - v(S))
//! ```
//!
//! * Up to [`MAX_EXACT_LOGISTIC_GROUPS`] groups (or
//!   [`ModelOptions::exact_limit`] when lower) it is exact: one logistic
//!   fit per subset (`2^G - 1` fits), walked depth first so that each fit
//!   starts from its parent's. Reported as `shapley-exact`.
//! * Above that it is estimated from random permutations (Castro et al.
//!   2009), in antithetic pairs (a permutation and its reverse), with the
//!   linear-probability model as a control variate: by the score test, the
//!   gain in `LL` from adding terms is close to `W / 2` times the gain in
//!   the R² of the least-squares fit of `y` on the same terms, whose
//!   Shapley values are cheap (they come from the correlation matrix: exact
//!   up to 22 groups, from 4,000 permutations above, their standard error
//!   added to the estimate's). Per permutation the estimator averages
//!   `Delta v - k * Delta R²_lin` and adds back `k` times the linear Shapley
//!   value, with `k = v(all) / R²_lin(all)`. The estimate is unbiased
//!   whatever `k`; the control variate only shrinks its variance. Sampling stops when every
//!   standard error is below half a percent of the pseudo-R² (at least
//!   [`LOGISTIC_MIN_PAIRS`] and at most [`LOGISTIC_MAX_PAIRS`] pairs), with a fixed seed so
//!   that a report is reproducible. Reported as `shapley-sampled`, with each
//!   touchpoint's standard error in
//!   [`TouchpointEffect::importance_se`](crate::TouchpointEffect::importance_se).
//!   The estimates still sum exactly to the pseudo-R² (every permutation's
//!   gains do).
//!
//! ## Large surveys
//!
//! Every sub-model fit passes over the rows, so above
//! [`LOGISTIC_DECOMPOSITION_ROWS`] respondents the sub-model fits run on a
//! seeded random subsample of that many respondents, and only the small
//! non-linear part of the decomposition comes from it:
//!
//! ```text
//! phi_g = k phi_lin,g  +  ( phi_sub(v)_g - k_sub phi_sub,lin,g )
//! ```
//!
//! The first term (the linear-probability values on every respondent,
//! scaled to the full model's pseudo-R²) carries almost all of each
//! importance; the bracket, the difference between the logistic and the
//! scaled linear decomposition on the subsample, is computed exactly (up to
//! 12 groups) or by the control-variate sampler above. The full model, its
//! coefficients, odds ratios and pseudo-R² always use every respondent, and
//! the importances still sum exactly to that pseudo-R² (the bracket sums to
//! zero). [`KpiModel::importance_subsample`](crate::KpiModel::importance_subsample)
//! reports the subsample size.

use std::collections::HashMap;

use crate::design::{build_design, check_inputs, touchpoint_groups, Design};
use crate::importance::{decompose, decompose_by, Estimator};
use crate::linalg::{full_r2, solve_spd, weighted_covariance, Correlation, Factor};
use crate::rng::SplitMix;
use crate::{
    DriverData, ImportanceMethod, KpiModel, ModelCaveat, ModelKind, ModelOptions, RegressionError,
    Term,
};

/// Most touchpoint groups whose pseudo-R² Shapley values are computed
/// exactly (`2^12 - 1 = 4095` logistic fits); above it they are sampled.
pub const MAX_EXACT_LOGISTIC_GROUPS: usize = 12;

/// Newton-Raphson iterations per fit before it gives up (a fit that needs
/// them all is reported as not converged).
pub const LOGISTIC_MAX_ITERATIONS: usize = 60;

/// Fewest antithetic permutation pairs a sampled decomposition uses.
pub const LOGISTIC_MIN_PAIRS: usize = 16;
/// Most antithetic permutation pairs a sampled decomposition uses.
pub const LOGISTIC_MAX_PAIRS: usize = 256;

/// Seed of the permutation sampler: fixed, so reports are reproducible.
const PERMUTATION_SEED: u64 = 0x0C1A_55E5_5EED_2024;

/// Largest number of groups for which the linear-probability control
/// variate's exact Shapley values are computed (they cost `2^G` cheap
/// steps); above it they are sampled from [`ANCHOR_PERMUTATIONS`]
/// permutations (cheap too: no pass over the rows).
const CONTROL_VARIATE_MAX_GROUPS: usize = 22;

/// Permutations of the sampled linear-probability anchor.
const ANCHOR_PERMUTATIONS: usize = 4000;

/// Above this many respondents the sub-model fits of the pseudo-R²
/// decomposition run on a seeded random subsample of this size (see the
/// module docs); the full model is always fitted on every respondent.
pub const LOGISTIC_DECOMPOSITION_ROWS: usize = 20_000;

/// A fitted logistic regression (see the module docs for the maths).
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticFit {
    /// Intercept first, then one log-odds coefficient per column.
    pub coefficients: Vec<f64>,
    /// Weighted log-likelihood at `coefficients`.
    pub log_likelihood: f64,
    /// Weighted log-likelihood of the intercept-only model.
    pub null_log_likelihood: f64,
    /// McFadden's pseudo-R², `1 - log_likelihood / null_log_likelihood`.
    pub pseudo_r2: f64,
    /// Newton-Raphson iterations used.
    pub iterations: usize,
    /// The coefficients converged (no separation, no iteration cap).
    pub converged: bool,
    /// Columns (0-based, intercept not counted) whose coefficients were
    /// still diverging when the fit stopped: the classes are separated.
    pub diverging: Vec<usize>,
    /// The intercept was diverging too.
    pub intercept_diverging: bool,
}

/// Fits `logit P(y = 1) = a + sum_k beta_k * columns[k]` by weighted
/// maximum likelihood, no penalty, positive class `y = 1`.
///
/// `y` must hold only 0 and 1 and contain both; weights (optional) must be
/// positive and act as frequency weights. Collinear columns are the
/// caller's concern (the Hessian is then singular and a tiny ridge keeps
/// the steps finite).
pub fn fit_logistic(
    columns: &[Vec<f64>],
    y: &[f64],
    weights: Option<&[f64]>,
) -> Result<LogisticFit, RegressionError> {
    check_inputs(columns.iter().map(|c| c.as_slice()), y, weights)?;
    check_binary(y)?;
    let problem = Problem::new(columns, y, weights);
    let cols: Vec<usize> = (0..columns.len()).collect();
    let start = problem.start(cols.len());
    let fit = problem.fit(&cols, &start, &mut Workspace::new(y.len()));
    let ll0 = problem.null_ll;
    Ok(LogisticFit {
        pseudo_r2: pseudo_r2(fit.ll, ll0),
        coefficients: fit.coef,
        log_likelihood: fit.ll,
        null_log_likelihood: ll0,
        iterations: fit.iterations,
        converged: fit.converged,
        diverging: fit
            .diverging
            .iter()
            .filter(|&&k| k > 0)
            .map(|k| k - 1)
            .collect(),
        intercept_diverging: fit.diverging.contains(&0),
    })
}

/// Fits the impact model of a binary KPI (`data.kpi` coded 1 for the
/// positive class, 0 otherwise) as a logistic regression on the design of
/// [`crate::fit_kpi`], and decomposes McFadden's pseudo-R² over the
/// touchpoints (see the module docs).
///
/// In the returned [`KpiModel`]: `model` is `logistic`; `r2` and
/// `pseudo_r2` are McFadden's pseudo-R²; `adj_r2` is McFadden's adjusted
/// value `1 - (LL - K) / LL(0)` with `K` the number of terms and the
/// log-likelihoods on the scale of weights that sum to `n`; `intercept` and
/// the incidence and quality effects are log-odds with their odds ratios
/// beside them; `quality_effect_std` is `None` (a standardised beta has no
/// agreed meaning here); `kpi_mean` is the weighted share of the positive
/// class. Importance is the Shapley share of the pseudo-R²; impact is it
/// signed by the incidence effect where that term is in the model, else by
/// the quality slope, as in the linear model.
pub fn fit_kpi_logistic(
    data: &DriverData,
    opts: &ModelOptions,
) -> Result<KpiModel, RegressionError> {
    check_inputs(std::iter::empty(), &data.kpi, None)?;
    check_binary(&data.kpi)?;
    let Design {
        n,
        weighted_n,
        kpi_mean,
        kpi_var,
        candidates,
        kept_idx,
        corr,
        cov,
        mut effects,
        dropped,
        ..
    } = build_design(data, opts)?;
    let columns: Vec<Vec<f64>> = kept_idx
        .iter()
        .map(|&k| candidates[k].values.clone())
        .collect();
    let n_terms = columns.len();
    let problem = Problem::new(&columns, &data.kpi, data.weights.as_deref());
    let all: Vec<usize> = (0..n_terms).collect();
    let mut ws = Workspace::new(n);
    let full = problem.fit(&all, &problem.start(n_terms), &mut ws);
    let ll0 = problem.null_ll;
    let r2 = pseudo_r2(full.ll, ll0);
    // Log-likelihoods on the scale of weights summing to n, so that the
    // penalty of K terms means the same whatever the weights' unit.
    let scale = n as f64 / weighted_n;
    let adj_r2 = Some(1.0 - (full.ll * scale - n_terms as f64) / (ll0 * scale));
    let separation = !full.converged;

    for (k, &c) in kept_idx.iter().enumerate() {
        let term = candidates[c].term;
        let coef = full.coef[k + 1];
        let odds_ratio = (!full.diverging.contains(&(k + 1)))
            .then(|| coef.exp())
            .filter(|v| v.is_finite());
        let e = &mut effects[term.touchpoint];
        match term.term {
            Term::Incidence => {
                e.incidence_effect = Some(coef);
                e.incidence_odds_ratio = odds_ratio;
            }
            Term::Quality => {
                e.quality_effect = Some(coef);
                e.quality_odds_ratio = odds_ratio;
            }
        }
    }

    let (players, groups) = touchpoint_groups(&candidates, &kept_idx);
    // The linear-probability correlations of the kept terms (KPI last).
    let kept_corr = corr.restrict(&kept_idx);
    // `opts.exact_limit` (the command line's --exact-limit) can only lower
    // the logistic limit: each subset costs a logistic fit.
    let exact = groups.len() <= MAX_EXACT_LOGISTIC_GROUPS.min(opts.exact_limit);
    let subsample = (n > LOGISTIC_DECOMPOSITION_ROWS).then(|| {
        Subsample::draw(
            &columns,
            &data.kpi,
            data.weights.as_deref(),
            LOGISTIC_DECOMPOSITION_ROWS,
        )
    });
    // The control variate's anchor, on every respondent.
    let anchor = || linear_anchor(&kept_corr, &groups, r2);
    let shapley = match &subsample {
        None if exact => exact_shapley(&problem, &groups, &full.coef),
        None => {
            let anchor = anchor()?;
            sampled_shapley(&problem, &groups, &kept_corr, anchor.k, &anchor, r2)?
        }
        Some(sub) => {
            let anchor = anchor()?;
            let sub_problem = Problem::new(&sub.columns, &sub.y, sub.weights.as_deref());
            let sub_corr = Correlation::from_covariance(
                n_terms,
                &weighted_covariance(&sub.columns, &sub.y, sub.weights.as_deref()),
            );
            let mut sub_ws = Workspace::new(sub.y.len());
            let sub_full = sub_problem.fit(&all, &full.coef, &mut sub_ws);
            let k_sub = pseudo_per_linear(
                pseudo_r2(sub_full.ll, sub_problem.null_ll),
                full_r2(&sub_corr, &groups),
            );
            if exact {
                // phi = k phi_lin + (phi(v_sub) - k_sub phi_lin_sub), the
                // correction exact over every subset of the subsample.
                let on_sub = exact_shapley(&sub_problem, &groups, &sub_full.coef);
                let lin_sub = decompose(&sub_corr, &groups)?;
                let values = (0..groups.len())
                    .map(|g| anchor.values[g] + on_sub.values[g] - k_sub * lin_sub.shapley[g])
                    .collect();
                ShapleyEstimate { values, se: None }
            } else {
                sampled_shapley(&sub_problem, &groups, &sub_corr, k_sub, &anchor, r2)?
            }
        }
    };
    let method = if !exact {
        ImportanceMethod::ShapleySampled
    } else {
        ImportanceMethod::ShapleyExact
    };
    for (g, &tp) in players.iter().enumerate() {
        let e = &mut effects[tp];
        e.importance = shapley.values[g].max(0.0);
        e.importance_se = shapley.se.as_ref().map(|se| se[g]);
    }

    let mut caveats = Vec::new();
    if separation {
        caveats.push(ModelCaveat::Separation);
    }
    let positive: usize = data.kpi.iter().filter(|&&y| y > 0.5).count();
    let rarer = positive.min(n - positive);
    if rarer < opts.small_base {
        caveats.push(ModelCaveat::FewInClass {
            n: rarer,
            min: opts.small_base,
        });
    }
    let mut model = KpiModel {
        n,
        weighted_n,
        kpi_mean,
        kpi_sd: kpi_var.sqrt(),
        r2,
        adj_r2,
        intercept: full.coef[0],
        n_terms,
        importance_method: method,
        touchpoints: effects,
        dropped,
        condition_number: crate::linalg::condition_number(&corr, &kept_idx),
        model: ModelKind::Logistic,
        pseudo_r2: Some(r2),
        separation,
        importance_subsample: subsample.map(|s| s.y.len()),
        caveats,
    };
    crate::direction::settle_importances(&mut model);
    crate::direction::sign_touchpoints(&mut model, &candidates, &kept_idx, &cov);
    Ok(model)
}

/// A KPI for a logistic model holds only 0 and 1.
fn check_binary(y: &[f64]) -> Result<(), RegressionError> {
    match y.iter().position(|&v| v != 0.0 && v != 1.0) {
        Some(index) => Err(RegressionError::NotBinary {
            index,
            value: y[index],
        }),
        None => Ok(()),
    }
}

/// `1 - LL / LL0`, 0 when there is nothing to explain, never negative.
pub(crate) fn pseudo_r2(ll: f64, ll0: f64) -> f64 {
    if ll0 < 0.0 {
        (1.0 - ll / ll0).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Log-likelihood of the intercept-only model, `W (p log p + (1 - p)
/// log(1 - p))`, for weight sum `W` and positive share `p`.
pub(crate) fn null_log_likelihood(total: f64, share: f64) -> f64 {
    let xlogx = |p: f64| if p > 0.0 { p * p.ln() } else { 0.0 };
    total * (xlogx(share) + xlogx(1.0 - share))
}

/// `log(1 + exp(x))` without overflow.
pub(crate) fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// `1 / (1 + exp(-x))` without overflow.
pub(crate) fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// The rows of one logistic problem: columns (column-major), 0/1 KPI and
/// weights.
struct Problem<'a> {
    n: usize,
    columns: &'a [Vec<f64>],
    y: &'a [f64],
    w: Vec<f64>,
    /// Weighted share of the positive class.
    share: f64,
    /// Log-likelihood of the intercept-only model.
    null_ll: f64,
}

/// One fit of a subset of columns.
#[derive(Debug, Clone)]
struct SubsetFit {
    /// Intercept first, then the subset's columns in the order given.
    coef: Vec<f64>,
    ll: f64,
    iterations: usize,
    converged: bool,
    /// Positions in `coef` still moving when the fit stopped.
    diverging: Vec<usize>,
}

/// Scratch vectors reused across fits.
struct Workspace {
    eta: Vec<f64>,
    trial: Vec<f64>,
    v: Vec<f64>,
    vx: Vec<f64>,
}

impl Workspace {
    fn new(n: usize) -> Self {
        Workspace {
            eta: vec![0.0; n],
            trial: vec![0.0; n],
            v: vec![0.0; n],
            vx: vec![0.0; n],
        }
    }
}

impl<'a> Problem<'a> {
    fn new(columns: &'a [Vec<f64>], y: &'a [f64], weights: Option<&[f64]>) -> Self {
        let n = y.len();
        let w: Vec<f64> = weights.map_or_else(|| vec![1.0; n], |w| w.to_vec());
        let total: f64 = w.iter().sum();
        let positive: f64 = w.iter().zip(y).map(|(w, y)| w * y).sum();
        let share = if total > 0.0 { positive / total } else { 0.0 };
        let null_ll = null_log_likelihood(total, share);
        Problem {
            n,
            columns,
            y,
            w,
            share,
            null_ll,
        }
    }

    /// Starting values: the intercept-only maximum, zero slopes.
    fn start(&self, k: usize) -> Vec<f64> {
        let p = self.share.clamp(1e-12, 1.0 - 1e-12);
        let mut start = vec![0.0; k + 1];
        start[0] = (p / (1.0 - p)).ln();
        start
    }

    /// Linear predictor of `coef` (intercept first) on `cols` into `eta`,
    /// returning the log-likelihood.
    fn eval(&self, cols: &[usize], coef: &[f64], eta: &mut [f64]) -> f64 {
        eta.fill(coef[0]);
        for (k, &c) in cols.iter().enumerate() {
            let b = coef[k + 1];
            if b != 0.0 {
                for (e, x) in eta.iter_mut().zip(&self.columns[c]) {
                    *e += b * x;
                }
            }
        }
        eta.iter()
            .zip(self.y)
            .zip(&self.w)
            .map(|((&e, &y), &w)| w * (y * e - softplus(e)))
            .sum()
    }

    /// Newton-Raphson with step halving from `start` (intercept first, then
    /// one value per entry of `cols`).
    ///
    /// The information matrix (the expensive part: `m^2 / 2` products per
    /// row against `m` for the gradient) is recomputed only when the last
    /// step did not shrink the step size fourfold or needed halving; in
    /// between, steps reuse it (the chord method). Warm-started fits, the
    /// bulk of a decomposition, then take one full Newton step and a few
    /// cheap ones. The fixed point, a zero gradient, is the same.
    fn fit(&self, cols: &[usize], start: &[f64], ws: &mut Workspace) -> SubsetFit {
        let m = cols.len() + 1;
        let mut coef = start.to_vec();
        let mut ll = self.eval(cols, &coef, &mut ws.eta);
        let mut grad = vec![0.0; m];
        let mut hess = vec![0.0; m * m];
        let mut trial_coef = vec![0.0; m];
        let mut stalls = 0;
        let mut delta = vec![0.0; m];
        let mut fresh = true;
        let mut last_size = f64::INFINITY;
        for iteration in 1..=LOGISTIC_MAX_ITERATIONS {
            // Gradient X'W(y - p) and (when refreshed) information
            // X'W diag(p(1-p)) X, the intercept as column 0.
            let mut g0 = 0.0;
            let mut h00 = 0.0;
            for i in 0..self.n {
                let p = sigmoid(ws.eta[i]);
                let r = self.w[i] * (self.y[i] - p);
                ws.vx[i] = r;
                g0 += r;
                if fresh {
                    let v = self.w[i] * p * (1.0 - p);
                    ws.v[i] = v;
                    h00 += v;
                }
            }
            grad[0] = g0;
            if fresh {
                hess[0] = h00;
            }
            for (ka, &ca) in cols.iter().enumerate() {
                let a = ka + 1;
                let xa = &self.columns[ca];
                grad[a] = dot(xa, &ws.vx);
                if !fresh {
                    continue;
                }
                for (t, (x, v)) in ws.trial.iter_mut().zip(xa.iter().zip(&ws.v)) {
                    *t = x * v;
                }
                hess[a * m] = sum(&ws.trial);
                hess[a] = hess[a * m];
                for (kb, &cb) in cols[..=ka].iter().enumerate() {
                    let b = kb + 1;
                    let h = dot(&ws.trial, &self.columns[cb]);
                    hess[a * m + b] = h;
                    hess[b * m + a] = h;
                }
            }
            let was_fresh = fresh;
            solve_spd(&hess, &grad, m, &mut delta);

            // Step halving: never accept a lower likelihood.
            let mut step = 1.0;
            let mut accepted = false;
            let mut stalled = false;
            for _ in 0..40 {
                for k in 0..m {
                    trial_coef[k] = coef[k] + step * delta[k];
                }
                let trial_ll = self.eval(cols, &trial_coef, &mut ws.trial);
                if trial_ll >= ll - 1e-12 * ll.abs().max(1.0) {
                    let gain = trial_ll - ll;
                    std::mem::swap(&mut coef, &mut trial_coef);
                    std::mem::swap(&mut ws.eta, &mut ws.trial);
                    ll = trial_ll;
                    accepted = true;
                    // Only full Newton steps count as stalls: a chord step
                    // that gains nothing gets a fresh matrix instead.
                    stalled = gain <= 1e-13 * (ll.abs() + 1.0);
                    if !stalled {
                        stalls = 0;
                    } else if was_fresh {
                        stalls += 1;
                    }
                    break;
                }
                step *= 0.5;
            }
            let size = coef.iter().fold(1.0f64, |a, c| a.max(c.abs()));
            let moved = delta.iter().fold(0.0f64, |a, d| a.max(d.abs())) * step;
            if accepted && moved <= 1e-10 * size {
                return SubsetFit {
                    coef,
                    ll,
                    iterations: iteration,
                    converged: true,
                    diverging: vec![],
                };
            }
            // A step from a reused information matrix that did not contract
            // well (or was halved or refused): refresh it and try again.
            let contracted = step == 1.0 && moved <= 0.25 * last_size && !stalled;
            last_size = moved;
            fresh = !contracted;
            // (A refused chord step is retried with a fresh matrix, unless
            // the iterations are used up.)
            if !was_fresh && !accepted && iteration < LOGISTIC_MAX_ITERATIONS {
                continue;
            }
            if !accepted || stalls >= 3 || iteration == LOGISTIC_MAX_ITERATIONS {
                // The likelihood no longer moves but the coefficients do:
                // they diverge (separation), or the cap was reached.
                let diverging = delta
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.abs() > 1e-3)
                    .map(|(k, _)| k)
                    .collect();
                return SubsetFit {
                    coef,
                    ll,
                    iterations: iteration,
                    converged: false,
                    diverging,
                };
            }
        }
        unreachable!("the loop returns at LOGISTIC_MAX_ITERATIONS at the latest")
    }
}

/// `sum_i a_i b_i` in eight independent lanes, so that the compiler can
/// vectorise it (a plain `sum` must add in order, one at a time).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0.0f64; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f64 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    acc.iter().sum::<f64>() + tail
}

/// `sum_i a_i` in eight lanes (see [`dot`]).
fn sum(a: &[f64]) -> f64 {
    let mut acc = [0.0f64; 8];
    let chunks = a.chunks_exact(8);
    let tail: f64 = chunks.remainder().iter().sum();
    for x in chunks {
        for k in 0..8 {
            acc[k] += x[k];
        }
    }
    acc.iter().sum::<f64>() + tail
}

/// Shapley values of the pseudo-R², with standard errors when sampled.
struct ShapleyEstimate {
    values: Vec<f64>,
    se: Option<Vec<f64>>,
}

/// The columns of a set of groups, in group order.
fn columns_of(groups: &[Vec<usize>], members: impl Iterator<Item = usize>) -> Vec<usize> {
    members.flat_map(|g| groups[g].iter().copied()).collect()
}

/// Starting values for `cols` from coefficients known per column
/// (`known[0]` the intercept, `known[c + 1]` column `c`).
fn start_from(known: &[f64], cols: &[usize]) -> Vec<f64> {
    std::iter::once(known[0])
        .chain(cols.iter().map(|&c| known[c + 1]))
        .collect()
}

/// Writes a subset fit's coefficients back per column.
fn remember(known: &mut [f64], cols: &[usize], coef: &[f64]) {
    known[0] = coef[0];
    for (k, &c) in cols.iter().enumerate() {
        known[c + 1] = coef[k + 1];
    }
}

/// Exact Shapley values over all `2^G` subsets of groups, walked depth
/// first (last group decided first) so that every fit starts from its
/// parent's coefficients. Two threads take the halves without and with
/// the last group; the result does not depend on timing.
fn exact_shapley(problem: &Problem, groups: &[Vec<usize>], full: &[f64]) -> ShapleyEstimate {
    let g_count = groups.len();
    if g_count == 0 {
        return ShapleyEstimate {
            values: vec![],
            se: None,
        };
    }
    let p = problem.columns.len();
    let ll0 = problem.null_ll;
    // Warm starts begin from the full model's coefficients, whose values
    // are close to each sub-model's.
    let base: Vec<f64> = full.to_vec();
    let top = g_count - 1;
    let half = |with_top: bool| -> Vec<(usize, f64)> {
        let mut ws = Workspace::new(problem.n);
        let mut out = Vec::with_capacity(1 << top);
        let mut known = vec![0.0; p + 1];
        known[0] = problem.start(0)[0];
        let mut mask = 0usize;
        if with_top {
            mask = 1 << top;
            let cols = columns_of(groups, std::iter::once(top));
            let start = start_from(&base, &cols);
            let fit = problem.fit(&cols, &start, &mut ws);
            remember(&mut known, &cols, &fit.coef);
            out.push((mask, pseudo_r2(fit.ll, ll0)));
        } else {
            out.push((0, 0.0));
        }
        walk(problem, groups, &base, top, mask, known, &mut ws, &mut out);
        out
    };
    let mut values = vec![0.0; 1 << g_count];
    let results: Vec<Vec<(usize, f64)>> = if g_count >= 8 {
        std::thread::scope(|scope| {
            let with = scope.spawn(|| half(true));
            let without = half(false);
            vec![without, with.join().unwrap_or_default()]
        })
    } else {
        vec![half(false), half(true)]
    };
    for (mask, v) in results.into_iter().flatten() {
        values[mask] = v;
    }
    ShapleyEstimate {
        values: shapley_from_values(&values, g_count),
        se: None,
    }
}

/// Visits every subset of groups `0..g` added to `mask`: leaving group
/// `g - 1` out needs no fit, taking it in needs one (from the parent's
/// coefficients, new terms at the full model's values).
#[allow(clippy::too_many_arguments)] // the walk's state, passed down
fn walk(
    problem: &Problem,
    groups: &[Vec<usize>],
    base: &[f64],
    g: usize,
    mask: usize,
    known: Vec<f64>,
    ws: &mut Workspace,
    out: &mut Vec<(usize, f64)>,
) {
    if g == 0 {
        return;
    }
    let gi = g - 1;
    walk(problem, groups, base, gi, mask, known.clone(), ws, out);
    let with = mask | 1 << gi;
    let members = (0..groups.len()).filter(|&h| with >> h & 1 == 1);
    let cols = columns_of(groups, members);
    let mut start_known = known;
    for &c in &groups[gi] {
        start_known[c + 1] = base[c + 1];
    }
    let start = start_from(&start_known, &cols);
    let fit = problem.fit(&cols, &start, ws);
    out.push((with, pseudo_r2(fit.ll, problem.null_ll)));
    remember(&mut start_known, &cols, &fit.coef);
    walk(problem, groups, base, gi, with, start_known, ws, out);
}

/// `phi_g = sum_{S not containing g} |S|! (G-|S|-1)! / G! (v(S+g) - v(S))`
/// from the values of all subsets (index = membership bit mask).
fn shapley_from_values(values: &[f64], g_count: usize) -> Vec<f64> {
    let mut fact = vec![1.0f64; g_count + 1];
    for i in 1..=g_count {
        fact[i] = fact[i - 1] * i as f64;
    }
    (0..g_count)
        .map(|g| {
            (0..values.len())
                .filter(|mask| mask >> g & 1 == 0)
                .map(|mask| {
                    let s = (mask as u64).count_ones() as usize;
                    fact[s] * fact[g_count - s - 1] / fact[g_count]
                        * (values[mask | 1 << g] - values[mask])
                })
                .sum()
        })
        .collect()
}

/// The linear-probability Shapley values of the pseudo-R² decomposition's
/// control variate, scaled by `k = pseudo-R² / R²_lin` (both on every
/// respondent): exact up to [`CONTROL_VARIATE_MAX_GROUPS`] groups, sampled
/// from [`ANCHOR_PERMUTATIONS`] permutations above (with their standard
/// errors, scaled alike).
struct Anchor {
    k: f64,
    values: Vec<f64>,
    se: Option<Vec<f64>>,
}

fn linear_anchor(
    corr: &Correlation,
    groups: &[Vec<usize>],
    pseudo_r2: f64,
) -> Result<Anchor, RegressionError> {
    let method = if groups.len() <= CONTROL_VARIATE_MAX_GROUPS {
        ImportanceMethod::ShapleyExact
    } else {
        ImportanceMethod::ShapleySampled
    };
    let estimator = Estimator {
        method,
        permutations: ANCHOR_PERMUTATIONS,
        seed: PERMUTATION_SEED,
    };
    let linear = decompose_by(corr, groups, &estimator)?;
    let k = pseudo_per_linear(pseudo_r2, linear.r2);
    Ok(Anchor {
        k,
        values: linear.values.iter().map(|v| k * v).collect(),
        se: linear.se.map(|se| se.iter().map(|s| k * s).collect()),
    })
}

/// `k = pseudo-R² / R²_lin`, the factor that puts linear-probability
/// values on the pseudo-R² scale (0 when the linear model explains
/// nothing).
pub(crate) fn pseudo_per_linear(pseudo_r2: f64, linear_r2: f64) -> f64 {
    if linear_r2 > 1e-12 {
        pseudo_r2 / linear_r2
    } else {
        0.0
    }
}

/// A seeded random subsample of a logistic problem's rows (without
/// replacement, in file order), for the sub-model fits of the
/// decomposition of a large survey.
struct Subsample {
    columns: Vec<Vec<f64>>,
    y: Vec<f64>,
    weights: Option<Vec<f64>>,
}

impl Subsample {
    fn draw(columns: &[Vec<f64>], y: &[f64], weights: Option<&[f64]>, size: usize) -> Subsample {
        let n = y.len();
        // Selection sampling (Knuth's algorithm S): each row is taken with
        // the probability of filling the remaining places.
        let mut rng = SplitMix(PERMUTATION_SEED ^ 0x5AB5_A3B1_E000_0001);
        let mut rows = Vec::with_capacity(size.min(n));
        for i in 0..n {
            let needed = size.min(n) - rows.len();
            if needed == 0 {
                break;
            }
            if rng.below(n - i) < needed {
                rows.push(i);
            }
        }
        Subsample {
            columns: columns
                .iter()
                .map(|c| rows.iter().map(|&i| c[i]).collect())
                .collect(),
            y: rows.iter().map(|&i| y[i]).collect(),
            weights: weights.map(|w| rows.iter().map(|&i| w[i]).collect()),
        }
    }
}

/// Permutation-sampled Shapley values of the pseudo-R² with the linear
/// probability model as control variate (see the module docs): per
/// permutation the gains `Delta v - k Delta R²_lin` of `problem` (every
/// respondent, or the subsample) are averaged and added to the anchor.
/// Standard errors combine the permutations' and the anchor's.
fn sampled_shapley(
    problem: &Problem,
    groups: &[Vec<usize>],
    lin_corr: &Correlation,
    k: f64,
    anchor: &Anchor,
    full_pseudo_r2: f64,
) -> Result<ShapleyEstimate, RegressionError> {
    let g_count = groups.len();
    let mut rng = SplitMix(PERMUTATION_SEED);
    let mut sum = vec![0.0; g_count];
    let mut sum_sq = vec![0.0; g_count];
    let mut pairs = 0usize;
    let mut caches = [Cache::default(), Cache::default()];
    let tolerance = (0.005 * full_pseudo_r2).max(1e-6);
    let anchor_var = |g: usize| anchor.se.as_ref().map_or(0.0, |se| se[g] * se[g]);
    loop {
        // A batch of pairs, split over two threads in a fixed way.
        let batch = if pairs == 0 { LOGISTIC_MIN_PAIRS } else { 8 }.min(LOGISTIC_MAX_PAIRS - pairs);
        let perms: Vec<Vec<usize>> = (0..batch).map(|_| rng.permutation(g_count)).collect();
        let [cache_a, cache_b] = &mut caches;
        let (mut a, b) = std::thread::scope(|scope| {
            let odd: Vec<&Vec<usize>> = perms.iter().skip(1).step_by(2).collect();
            let handle =
                scope.spawn(move || pair_samples(problem, groups, lin_corr, k, &odd, cache_b));
            let even: Vec<&Vec<usize>> = perms.iter().step_by(2).collect();
            let a = pair_samples(problem, groups, lin_corr, k, &even, cache_a);
            (a, handle.join().unwrap_or_default())
        });
        // Back into the order the permutations were drawn in.
        let mut ordered = Vec::with_capacity(batch);
        let mut b = b.into_iter();
        for sample in a.drain(..) {
            ordered.push(sample);
            if let Some(s) = b.next() {
                ordered.push(s);
            }
        }
        for sample in ordered {
            for g in 0..g_count {
                sum[g] += sample[g];
                sum_sq[g] += sample[g] * sample[g];
            }
            pairs += 1;
        }
        let m = pairs as f64;
        let se: Vec<f64> = (0..g_count)
            .map(|g| {
                let mean = sum[g] / m;
                let var = ((sum_sq[g] - m * mean * mean) / (m - 1.0)).max(0.0);
                (var / m + anchor_var(g)).sqrt()
            })
            .collect();
        let worst = se.iter().fold(0.0f64, |a, s| a.max(*s));
        if pairs >= LOGISTIC_MAX_PAIRS || (pairs >= LOGISTIC_MIN_PAIRS && worst <= tolerance) {
            let values = (0..g_count)
                .map(|g| anchor.values[g] + sum[g] / m)
                .collect();
            return Ok(ShapleyEstimate {
                values,
                se: Some(se),
            });
        }
    }
}

/// Pseudo-R² of group subsets already fitted, with their coefficients (per
/// column) for warm starts, keyed by membership bits.
#[derive(Default)]
struct Cache {
    fits: HashMap<Vec<u64>, (f64, Vec<f64>)>,
}

/// For each permutation, the antithetic pair's average per group of
/// `Delta v - k * Delta R²_lin` along the permutation and its reverse.
fn pair_samples(
    problem: &Problem,
    groups: &[Vec<usize>],
    lin_corr: &Correlation,
    k: f64,
    perms: &[&Vec<usize>],
    cache: &mut Cache,
) -> Vec<Vec<f64>> {
    let g_count = groups.len();
    let p = problem.columns.len();
    let mut ws = Workspace::new(problem.n);
    // R² of the least-squares fit of the KPI on the columns in so far.
    let mut lin = Factor::new(lin_corr);
    let words = g_count.div_ceil(64);
    perms
        .iter()
        .map(|perm| {
            let mut sample = vec![0.0; g_count];
            let reversed: Vec<usize> = perm.iter().rev().copied().collect();
            for order in [perm.as_slice(), reversed.as_slice()] {
                let mut key = vec![0u64; words];
                let mut known = vec![0.0; p + 1];
                known[0] = problem.start(0)[0];
                let mut members: Vec<usize> = Vec::with_capacity(g_count);
                let mut v_prev = 0.0;
                let mut lin_prev = 0.0;
                lin.clear();
                for &g in order {
                    key[g / 64] |= 1 << (g % 64);
                    members.push(g);
                    let v = match cache.fits.get(&key) {
                        Some((v, coef)) => {
                            known.copy_from_slice(coef);
                            *v
                        }
                        None => {
                            let mut sorted = members.clone();
                            sorted.sort_unstable();
                            let cols = columns_of(groups, sorted.into_iter());
                            for &c in &groups[g] {
                                known[c + 1] = 0.0;
                            }
                            let fit = problem.fit(&cols, &start_from(&known, &cols), &mut ws);
                            remember(&mut known, &cols, &fit.coef);
                            let v = pseudo_r2(fit.ll, problem.null_ll);
                            cache.fits.insert(key.clone(), (v, known.clone()));
                            v
                        }
                    };
                    for &c in &groups[g] {
                        lin.push(c);
                    }
                    sample[g] += 0.5 * ((v - v_prev) - k * (lin.r2() - lin_prev));
                    v_prev = v;
                    lin_prev = lin.r2();
                }
            }
            sample
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)] // index loops mirror the formulas
mod tests;
