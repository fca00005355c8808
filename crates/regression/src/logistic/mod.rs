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
//! Every sub-model fit of the decomposition starts from coefficients
//! already known (its parent's) and stops as soon as the Newton decrement
//! `g' H^-1 g / 2` puts it within `1e-10 |LL(0)|` of its maximum, so a
//! sub-model's pseudo-R² is off by about `1e-10`, far below any sampling
//! error; the full model alone runs until its coefficients converge.
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

mod irls;
mod shapley;

pub use irls::LOGISTIC_MAX_ITERATIONS;
pub use shapley::{LOGISTIC_MAX_PAIRS, LOGISTIC_MIN_PAIRS};

pub(crate) use irls::{null_log_likelihood, pseudo_r2, sigmoid, softplus};
pub(crate) use shapley::pseudo_per_linear;

use crate::design::{build_design, check_inputs, touchpoint_groups, Design};
use crate::direction::{settle_importances, sign_touchpoints};
use crate::linalg::condition_number;
use crate::{
    DriverData, ImportanceMethod, KpiModel, ModelCaveat, ModelKind, ModelOptions, RegressionError,
    Term, TouchpointEffect,
};
use irls::{Problem, SubsetFit, Workspace};
use shapley::{pseudo_r2_shapley, Subsample};

/// Most touchpoint groups whose pseudo-R² Shapley values are computed
/// exactly (`2^12 - 1 = 4095` logistic fits); above it they are sampled.
pub const MAX_EXACT_LOGISTIC_GROUPS: usize = 12;

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
    let mut design = build_design(data, opts)?;
    // Before any fit: a model its data cannot carry stops here, at once.
    design.check_capacity(&data.kpi, opts.per_term)?;
    let n = design.n;
    let columns: Vec<Vec<f64>> = design
        .kept_idx
        .iter()
        .map(|&k| design.candidates[k].values.clone())
        .collect();
    let n_terms = columns.len();
    let problem = Problem::new(&columns, &data.kpi, data.weights.as_deref());
    let all: Vec<usize> = (0..n_terms).collect();
    let full = problem.fit(&all, &problem.start(n_terms), &mut Workspace::new(n));
    let ll0 = problem.null_ll;
    let r2 = pseudo_r2(full.ll, ll0);
    // Log-likelihoods on the scale of weights summing to n, so that the
    // penalty of K terms means the same whatever the weights' unit.
    let scale = n as f64 / design.weighted_n;
    let adj_r2 = Some(1.0 - (full.ll * scale - n_terms as f64) / (ll0 * scale));
    let separation = !full.converged;
    let mut effects = std::mem::take(&mut design.effects);
    set_log_odds(&mut effects, &design, &full);

    let (players, groups) = touchpoint_groups(&design.candidates, &design.kept_idx);
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
    // The linear-probability correlations of the kept terms (KPI last).
    let kept_corr = design.kept_correlation();
    let shapley = pseudo_r2_shapley(
        &problem,
        &kept_corr,
        &groups,
        &full.coef,
        r2,
        exact,
        subsample.as_ref(),
    )?;
    for (g, &tp) in players.iter().enumerate() {
        let e = &mut effects[tp];
        e.importance = shapley.values[g].max(0.0);
        e.importance_se = shapley.se.as_ref().map(|se| se[g]);
    }

    let mut model = KpiModel {
        n,
        weighted_n: design.weighted_n,
        kpi_mean: design.kpi_mean,
        kpi_sd: design.kpi_var.sqrt(),
        r2,
        adj_r2,
        intercept: full.coef[0],
        n_terms,
        importance_method: if exact {
            ImportanceMethod::ShapleyExact
        } else {
            ImportanceMethod::ShapleySampled
        },
        touchpoints: effects,
        dropped: std::mem::take(&mut design.dropped),
        condition_number: condition_number(&design.corr, &design.kept_idx),
        model: ModelKind::Logistic,
        pseudo_r2: Some(r2),
        separation,
        importance_subsample: subsample.map(|s| s.y.len()),
        caveats: caveats(&data.kpi, separation, opts),
    };
    settle_importances(&mut model);
    sign_touchpoints(&mut model, &design);
    Ok(model)
}

/// Writes the full fit's log-odds coefficients into the kept terms'
/// touchpoint effects, with their odds ratios (`None` for a coefficient
/// still diverging, or one whose odds ratio overflows).
fn set_log_odds(effects: &mut [TouchpointEffect], design: &Design, full: &SubsetFit) {
    for (k, &c) in design.kept_idx.iter().enumerate() {
        let term = design.candidates[c].term;
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
}

/// What a reader of a logistic model must know: the classes are
/// separated, or the rarer class of `y` is smaller than the small-base
/// threshold.
fn caveats(y: &[f64], separation: bool, opts: &ModelOptions) -> Vec<ModelCaveat> {
    let mut caveats = Vec::new();
    if separation {
        caveats.push(ModelCaveat::Separation);
    }
    let positive: usize = y.iter().filter(|&&y| y > 0.5).count();
    let rarer = positive.min(y.len() - positive);
    if rarer < opts.small_base {
        caveats.push(ModelCaveat::FewInClass {
            n: rarer,
            min: opts.small_base,
        });
    }
    caveats
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

#[cfg(test)]
#[allow(clippy::needless_range_loop)] // index loops mirror the formulas
mod tests;
