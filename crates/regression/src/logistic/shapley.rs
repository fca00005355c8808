//! Shapley values of McFadden's pseudo-R² over touchpoint groups: the
//! exact walk over every subset (each fit warm-started from its parent's),
//! the permutation sampler with the linear-probability control variate, and
//! the anchored decomposition of a large survey's subsample. The maths is
//! in the module docs of `crate::logistic`.

use std::collections::HashMap;

use super::irls::{pseudo_r2, Problem, Workspace};
use crate::importance::{decompose, decompose_by, Estimator};
use crate::linalg::{full_r2, weighted_covariance, Correlation, Factor};
use crate::rng::SplitMix;
use crate::{ImportanceMethod, RegressionError};

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
pub(super) const CONTROL_VARIATE_MAX_GROUPS: usize = 22;

/// Permutations of the sampled linear-probability anchor.
const ANCHOR_PERMUTATIONS: usize = 4000;

/// The Shapley values of the pseudo-R² `r2` of the full fit (coefficients
/// `full`) over `groups` (see the module docs of `crate::logistic`):
/// `exact` over every subset or sampled with the linear-probability control
/// variate, on every respondent, or with `subsample` the linear-probability
/// anchor on every respondent plus the correction from the subsample.
/// `kept_corr` holds the linear-probability correlations of the terms (KPI
/// last) on every respondent.
pub(super) fn pseudo_r2_shapley(
    problem: &Problem,
    kept_corr: &Correlation,
    groups: &[Vec<usize>],
    full: &[f64],
    r2: f64,
    exact: bool,
    subsample: Option<&Subsample>,
) -> Result<ShapleyEstimate, RegressionError> {
    // The control variate's anchor, on every respondent.
    let anchor = || linear_anchor(kept_corr, groups, r2);
    Ok(match subsample {
        None if exact => exact_shapley(problem, groups, full),
        None => {
            let anchor = anchor()?;
            sampled_shapley(problem, groups, kept_corr, anchor.k, &anchor, r2)?
        }
        Some(sub) => on_subsample(sub, groups, full, r2, exact, &anchor()?)?,
    })
}

/// `phi = k phi_lin + (phi_sub(v) - k_sub phi_sub,lin)`: the anchor on
/// every respondent plus the difference between the logistic and the
/// scaled linear decomposition on the subsample, exact or sampled.
fn on_subsample(
    sub: &Subsample,
    groups: &[Vec<usize>],
    full: &[f64],
    r2: f64,
    exact: bool,
    anchor: &Anchor,
) -> Result<ShapleyEstimate, RegressionError> {
    let n_terms = sub.columns.len();
    let all: Vec<usize> = (0..n_terms).collect();
    let sub_problem = Problem::new(&sub.columns, &sub.y, sub.weights.as_deref());
    let sub_corr = Correlation::from_covariance(
        n_terms,
        &weighted_covariance(&sub.columns, &sub.y, sub.weights.as_deref()),
    );
    let mut sub_ws = Workspace::new(sub.y.len());
    let sub_full = sub_problem.fit(&all, full, &mut sub_ws);
    let k_sub = pseudo_per_linear(
        pseudo_r2(sub_full.ll, sub_problem.null_ll),
        full_r2(&sub_corr, groups),
    );
    if exact {
        // The correction exact over every subset of the subsample.
        let on_sub = exact_shapley(&sub_problem, groups, &sub_full.coef);
        let lin_sub = decompose(&sub_corr, groups)?;
        let values = (0..groups.len())
            .map(|g| anchor.values[g] + on_sub.values[g] - k_sub * lin_sub.shapley[g])
            .collect();
        Ok(ShapleyEstimate { values, se: None })
    } else {
        sampled_shapley(&sub_problem, groups, &sub_corr, k_sub, anchor, r2)
    }
}

/// Shapley values of the pseudo-R², with standard errors when sampled.
pub(super) struct ShapleyEstimate {
    pub(super) values: Vec<f64>,
    pub(super) se: Option<Vec<f64>>,
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
pub(super) fn exact_shapley(
    problem: &Problem,
    groups: &[Vec<usize>],
    full: &[f64],
) -> ShapleyEstimate {
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
            let fit = problem.fit_subset(&cols, &start, &mut ws);
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
    let fit = problem.fit_subset(&cols, &start, ws);
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
pub(super) struct Anchor {
    pub(super) k: f64,
    pub(super) values: Vec<f64>,
    pub(super) se: Option<Vec<f64>>,
}

pub(super) fn linear_anchor(
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
pub(super) struct Subsample {
    columns: Vec<Vec<f64>>,
    pub(super) y: Vec<f64>,
    weights: Option<Vec<f64>>,
}

impl Subsample {
    pub(super) fn draw(
        columns: &[Vec<f64>],
        y: &[f64],
        weights: Option<&[f64]>,
        size: usize,
    ) -> Subsample {
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
pub(super) fn sampled_shapley(
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
                            let fit =
                                problem.fit_subset(&cols, &start_from(&known, &cols), &mut ws);
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
