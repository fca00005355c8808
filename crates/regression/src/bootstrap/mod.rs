//! Bootstrap uncertainty of a survey's touchpoint numbers: seeded,
//! reproducible percentile intervals for each touchpoint's satisfaction
//! mean, frequency, importance and impact, for every KPI's R², and a
//! random-noise benchmark that gives "significant importance" a meaning.
//!
//! # What is resampled
//!
//! Respondents, jointly: one replicate draws `n` of the survey's `n`
//! analysed respondents with replacement (uniformly; a weighted respondent
//! keeps its weight, so a replicate is the weighted data with each weight
//! multiplied by how often the respondent was drawn). The same draw feeds the
//! touchpoint descriptives and every KPI's model, exactly as the full
//! analysis uses one set of respondents for all of them; a KPI's model in a
//! replicate uses the drawn respondents who answered that KPI.
//!
//! # A replicate costs no pass over the rows
//!
//! For each KPI, every respondent contributes a raw vector
//!
//! ```text
//! u = (1, d_1, q_1, ..., d_T, q_T, z_1, z_2, y - ybar)
//! ```
//!
//! with `d_j` = experienced touchpoint `j`, `q_j = d_j (x_j - m_j)` its
//! satisfaction centred at the full-sample centre `m_j` (zero where not
//! experienced, which keeps the vector sparse), `z` two noise columns (see
//! below) and `y` the KPI. The weighted cross-product `S = sum_i v_i u_i u_i'`
//! (with `v_i` = weight x times drawn) holds everything a replicate needs:
//! `W = S[0,0]`, the means `S[0,a] / W` and the covariances
//! `S[a,b] / W - mean_a mean_b`. A replicate re-centres each quality term at
//! its own mean: with `delta_j = sum v q_j / sum v d_j`, the replicate's
//! quality column `d_j (x_j - m_j - delta_j) = q_j - delta_j d_j` is a linear
//! map of the raw columns, so its covariances are too. The model is then
//! solved and decomposed from the covariance exactly as the full model
//! (standardised coefficients by Cholesky, importance by the model's
//! importance method).
//!
//! * **Respondent bootstrap** (`n < block_from`, default 20,000): a replicate
//!   draws respondent counts and accumulates `S` over the drawn rows.
//! * **Block bootstrap** (`n >= block_from`): respondents are assigned to
//!   `chunks` (default 512) chunks by a seeded hash of their position (so a
//!   chunk is a random subsample even when the file is sorted by region or
//!   wave), one pass over the rows builds every chunk's `S`, and a replicate
//!   draws chunks with replacement and adds their `S`: its cost depends on
//!   the number of chunks, not on `n`. With `K` chunks the bootstrap variance
//!   is `(K - 1) / K` of the respondent bootstrap's for linear statistics
//!   (0.998 at 512 chunks); chunks hold at least `block_from / chunks` (39)
//!   respondents, enough for the model's non-linear statistics to be smooth
//!   in the chunk sums.
//!
//! # Fixed design
//!
//! Every replicate keeps the full-sample model's term set: a replicate never
//! adds or drops a term. Where a term has no variance in a replicate (all
//! drawn respondents experienced the touchpoint, or gave it the same score)
//! its column is zero, it cannot enter the factorization, and its effect in
//! that replicate is 0; a touchpoint whose effects are all 0 has
//! impact 0 in that replicate. A replicate that draws fewer than two of a
//! KPI's respondents, or no KPI variance, counts as R² = 0 with zero
//! importances. A replicate that draws no one who experienced a touchpoint
//! keeps the full-sample satisfaction mean for it. No replicate yields NaN.
//!
//! # Logistic KPIs
//!
//! A binary KPI's model is logistic and its importance the Shapley value of
//! McFadden's pseudo-R² (see `crate::logistic`). A replicate refits the
//! log-odds coefficients (respondent bootstrap) or takes one Newton step
//! from chunk statistics (block bootstrap; details in `logistic.rs` beside
//! this file) and gets its pseudo-R² from them; the impact's sign follows
//! the replicate's direction (see `crate::direction`) from its log-odds
//! coefficients, the incidence effect taken at the replicate's own centre
//! of the quality term (`c + delta b`). Recomputing the pseudo-R²
//! decomposition (thousands of logistic fits) in every replicate is out of
//! reach, so a replicate's importances are the linear-probability Shapley
//! values of the same replicate (least squares of the 0/1 KPI on the same
//! terms, from the cross-products like any linear model) rescaled to its
//! pseudo-R², plus each touchpoint's fixed offset between the point
//! estimate and that estimator on the full sample:
//!
//! ```text
//! importance*_j = (pseudo-R²* / R²_lin*) phi_lin*_j + (importance_j - (pseudo-R² / R²_lin) phi_lin_j)
//! ```
//!
//! By the score test, the log-likelihood gain of adding terms is close to
//! `W / 2` times the gain in the linear-probability R², which is why the
//! same rescaling serves as the control variate of the sampled pseudo-R²
//! decomposition. The replicate importances sum to the replicate's
//! pseudo-R², and the noise benchmark is rescaled the same way. Tests check
//! the replicates against exact pseudo-R² decompositions refitted on the
//! same draws.
//!
//! # Cost per replicate
//!
//! Exact Shapley values are recomputed in a replicate up to
//! [`REPLICATE_EXACT_GROUPS`](fixed_design::REPLICATE_EXACT_GROUPS) touchpoint groups; above it (and for sampled
//! models) a replicate uses
//! [`REPLICATE_PERMUTATIONS`](fixed_design::REPLICATE_PERMUTATIONS) permutations with
//! the same seed in every replicate, shifted onto the point estimate.
//!
//! # Intervals
//!
//! Percentile intervals: the `(1 - level) / 2` and `(1 + level) / 2`
//! quantiles of the replicate values (linear interpolation between order
//! statistics, R's type 7). Impact is the touchpoint's importance signed by
//! its direction in each replicate (the direction rule of `crate::direction`
//! on the replicate's own coefficients and term variances, so a sign that
//! flips between replicates shows); an impact interval that contains zero
//! marks the impact as uncertain.
//!
//! # What-if gains
//!
//! A replicate's gain is its own coefficient times the full sample's gain
//! per unit of that coefficient, scaled by the change in the touchpoint's
//! reach among the KPI's respondents (see `FixedDesign::set_gain_factors`).
//! The replicate's KPI mean gives the interval of the KPI itself.
//!
//! # Noise benchmark
//!
//! Two independent standard normal columns `z_1, z_2` (seeded, one pair per
//! respondent, resampled with the respondent) form a pure-noise "touchpoint"
//! with two terms, like a touchpoint with an incidence and a quality term.
//! Its importance in each replicate is
//!
//! ```text
//! noise = ( R²(z) + R²(all terms + z) - R²(all terms) ) / 2
//! ```
//!
//! the mean of its R² gain on the empty and on the full model, which equals
//! its Shapley value when the noise is uncorrelated with the touchpoints
//! (and approximates it closely, as random noise is); the noise never enters
//! the touchpoints' own decomposition, so it does not change their
//! importances. A touchpoint's importance is **significant** when the lower
//! end of its importance interval lies above the 95th percentile of the
//! noise importance over the replicates.

mod fixed_design;
mod intervals;
mod logistic;
mod options;
mod replicate;
mod resample;
mod rows;

pub use intervals::{
    quantile, BootstrapDraws, KpiUncertainty, ResampleUnit, TouchpointUncertainty,
};
pub use options::{BootstrapOptions, KpiSample, ReplicateHook, SurveySample, DEFAULT_SEED};

use crate::moments::Moments;
use crate::{KpiModel, RegressionError};
use fixed_design::FixedDesign;
use replicate::{run_replicates, Replicate};
use resample::{noise_columns, Units};

/// Bootstraps every KPI of a survey jointly (see the module docs).
/// Returns one [`KpiUncertainty`] per entry of `kpis`, or an empty vector
/// when `boot.replicates` is 0.
pub fn bootstrap(
    survey: &SurveySample,
    kpis: &[KpiSample],
    boot: &BootstrapOptions,
) -> Result<Vec<KpiUncertainty>, RegressionError> {
    if boot.replicates == 0 {
        return Ok(Vec::new());
    }
    check_inputs(survey, kpis, boot)?;
    let n = survey.rows.len();
    let noise = noise_columns(n, boot.seed);
    let designs: Vec<FixedDesign> = kpis
        .iter()
        .map(|k| FixedDesign::new(k.model, k.importance))
        .collect();

    let block = n >= boot.block_from.max(1) && boot.chunks >= 2;
    let units = if block {
        Units::chunks(survey, kpis, &designs, &noise, boot)
    } else {
        Units::rows(survey, kpis, &designs, &noise)
    };
    let models: Vec<&KpiModel> = kpis.iter().map(|k| k.model).collect();
    let point_sat = point_satisfaction(survey);
    finish(units, designs, &models, &point_sat, block, boot)
}

/// One linear KPI model's sufficient statistics per chunk of respondents
/// (see [`bootstrap_moments`]).
#[derive(Debug, Clone)]
pub struct MomentSample<'a> {
    /// The model's respondents' moments, one per chunk (chunk `c` holds the
    /// respondents at positions `p` with [`bootstrap_chunk`]`(p) == c`).
    pub chunks: &'a [Moments],
    /// The KPI column of the moments that the model explains.
    pub y: usize,
    /// The full-sample model ([`crate::fit_kpi_moments`] on the chunks'
    /// sum).
    pub model: &'a KpiModel,
    /// Whether the replicates decompose the model's R²: importance and
    /// impact intervals and the significance flag. False for a model whose
    /// effects alone are read (an NPS in points beside its score's model),
    /// which saves a decomposition per replicate; its gains and mean keep
    /// their intervals.
    pub importance: bool,
}

/// The block bootstrap of [`bootstrap`] from sufficient statistics: the
/// same replicates, drawn from the same chunks with the same seed, as
/// [`bootstrap`] draws from the rows of a survey of at least
/// `boot.block_from` respondents, without a pass over the rows. `desc`
/// holds each chunk's descriptive sums over every analysed respondent
/// (`[sum w, (sum w d_j, sum w d_j x_j) per touchpoint]`); the noise
/// columns inside the moments must be [`bootstrap_noise`]'s. Linear models
/// only.
pub fn bootstrap_moments(
    desc: Vec<Vec<f64>>,
    kpis: &[MomentSample],
    boot: &BootstrapOptions,
) -> Result<Vec<KpiUncertainty>, RegressionError> {
    if boot.replicates == 0 {
        return Ok(Vec::new());
    }
    let chunks = desc.len();
    let t = desc.first().map_or(0, |d| (d.len().max(1) - 1) / 2);
    for k in kpis {
        if k.model.model != crate::ModelKind::Linear {
            return Err(RegressionError::Fit(
                "the bootstrap from sums takes linear models only".into(),
            ));
        }
        if k.chunks.len() != chunks || k.model.touchpoints.len() != t {
            return Err(RegressionError::LengthMismatch {
                what: "a KPI's chunks".into(),
                expected: chunks,
                got: k.chunks.len(),
            });
        }
    }
    let designs: Vec<FixedDesign> = kpis
        .iter()
        .map(|k| FixedDesign::new(k.model, k.importance))
        .collect();
    // Each KPI's chunks mapped onto its design, one KPI per thread (the
    // same numbers on any number of cores).
    let cross: Vec<Vec<Vec<f64>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = kpis
            .iter()
            .zip(&designs)
            .map(|(k, d)| {
                scope.spawn(move || -> Vec<Vec<f64>> {
                    k.chunks
                        .iter()
                        .map(|m| d.cross_from_moments(m, k.y))
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| RegressionError::Fit("a bootstrap thread failed".into()))
            })
            .collect::<Result<_, _>>()
    })?;
    let mut total = vec![0.0; 1 + 2 * t];
    for chunk in &desc {
        for (o, v) in total.iter_mut().zip(chunk) {
            *o += v;
        }
    }
    let point_sat = (0..t)
        .map(|j| (total[1 + 2 * j] > 0.0).then(|| total[2 + 2 * j] / total[1 + 2 * j]))
        .collect::<Vec<_>>();
    let units = Units::Chunks {
        chunks,
        desc,
        cross,
        logit: vec![Vec::new(); kpis.len()],
    };
    let models: Vec<&KpiModel> = kpis.iter().map(|k| k.model).collect();
    finish(units, designs, &models, &point_sat, true, boot)
}

/// The chunk of the respondent at analysed position `position` in the
/// block bootstrap (a seeded hash: chunks are random subsamples however
/// the file is sorted).
pub fn bootstrap_chunk(position: usize, boot: &BootstrapOptions) -> usize {
    crate::rng::seeded_bucket(position, boot.seed, boot.chunks.min(u16::MAX as usize))
}

/// The noise columns of the bootstrap's benchmark, one pair per analysed
/// position (see the module docs).
pub fn bootstrap_noise(n: usize, seed: u64) -> Vec<[f64; 2]> {
    noise_columns(n, seed)
}

/// Runs the replicates on `units` and gathers every KPI's intervals.
fn finish(
    units: Units,
    mut designs: Vec<FixedDesign>,
    models: &[&KpiModel],
    point_sat: &[Option<f64>],
    block: bool,
    boot: &BootstrapOptions,
) -> Result<Vec<KpiUncertainty>, RegressionError> {
    let full_noise = prepare_designs(&mut designs, &units, models, boot.seed)?;
    let results = run_replicates(
        &units,
        &designs,
        point_sat,
        boot.replicates,
        boot.seed,
        &boot.on_replicate,
    )?;

    let unit = if block {
        ResampleUnit::Chunk
    } else {
        ResampleUnit::Respondent
    };
    let rated: Vec<bool> = point_sat.iter().map(Option::is_some).collect();
    let t = point_sat.len();
    let mut out = Vec::with_capacity(models.len());
    for (k, design) in designs.iter().enumerate() {
        // Without a decomposition no touchpoint has importance intervals.
        let in_model: Vec<bool> = (0..t)
            .map(|j| design.importance() && design.players.contains(&j))
            .collect();
        let draws = gather_draws(&results, k, t);
        let mut u = KpiUncertainty::from_draws(draws, &in_model, &rated, boot.level);
        u.seed = boot.seed;
        u.unit = unit;
        u.chunks = block.then_some(boot.chunks.min(u16::MAX as usize));
        u.noise_importance = full_noise[k];
        out.push(u);
    }
    Ok(out)
}

/// Every KPI model has one effect per survey touchpoint, and the interval
/// level lies strictly between 0 and 1.
fn check_inputs(
    survey: &SurveySample,
    kpis: &[KpiSample],
    boot: &BootstrapOptions,
) -> Result<(), RegressionError> {
    let t = survey.touchpoints.len();
    for k in kpis {
        if k.model.touchpoints.len() != t {
            return Err(RegressionError::LengthMismatch {
                what: "a KPI model's touchpoints".into(),
                expected: t,
                got: k.model.touchpoints.len(),
            });
        }
    }
    if !(boot.level > 0.0 && boot.level < 1.0) {
        return Err(RegressionError::Fit(format!(
            "the interval level must lie between 0 and 1, not {}",
            boot.level
        )));
    }
    Ok(())
}

/// Solves every KPI's fixed design on the full sample by the replicates'
/// estimator (with the permutation `seed`): its reach and gain factors,
/// and, where that estimator is not the model's own, the shift onto the
/// point estimate. Returns each KPI's full-sample noise importance.
fn prepare_designs(
    designs: &mut [FixedDesign],
    units: &Units,
    models: &[&KpiModel],
    seed: u64,
) -> Result<Vec<f64>, RegressionError> {
    let mut full_noise = Vec::with_capacity(models.len());
    for (k, (design, model)) in designs.iter_mut().zip(models).enumerate() {
        design.estimator.seed = seed;
        let full = units.full_solve(k, design)?;
        design.full_reach = full.reach.clone();
        design.set_gain_factors(model);
        if design.needs_shift() {
            design.shift = design
                .players
                .iter()
                .map(|&j| model.touchpoints[j].importance - full.importance[j])
                .collect();
        }
        full_noise.push(full.noise);
    }
    Ok(full_noise)
}

/// Full-sample satisfaction mean of each touchpoint (`None` where no one
/// experienced it): the fallback of a replicate that draws no one who did.
fn point_satisfaction(survey: &SurveySample) -> Vec<Option<f64>> {
    let t = survey.touchpoints.len();
    let weight = |row: usize| survey.weights.map_or(1.0, |w| w[row]);
    let mut point_desc = vec![0.0; 1 + 2 * t];
    for &row in survey.rows {
        let w = weight(row);
        point_desc[0] += w;
        for (j, tp) in survey.touchpoints.iter().enumerate() {
            if let Some(x) = tp[row] {
                point_desc[1 + 2 * j] += w;
                point_desc[2 + 2 * j] += w * x;
            }
        }
    }
    (0..t)
        .map(|j| {
            (point_desc[1 + 2 * j] > 0.0).then(|| point_desc[2 + 2 * j] / point_desc[1 + 2 * j])
        })
        .collect()
}

/// KPI `k`'s values of every replicate, replicate by replicate.
fn gather_draws(results: &[Replicate], k: usize, t: usize) -> BootstrapDraws {
    let mut draws = BootstrapDraws {
        replicates: results.len(),
        touchpoints: t,
        ..BootstrapDraws::default()
    };
    for Replicate { sat, freq, models } in results {
        let m = &models[k];
        draws.satisfaction.extend_from_slice(sat);
        draws.frequency.extend_from_slice(freq);
        draws.importance.extend_from_slice(&m.importance);
        draws.impact.extend_from_slice(&m.impact);
        draws.r2.push(m.r2);
        draws.noise.push(m.noise);
        draws.gain_one_point.extend_from_slice(&m.gain_one_point);
        draws.gain_prevent.extend_from_slice(&m.gain_prevent);
        draws.kpi_mean.push(m.kpi_mean);
    }
    draws
}

#[cfg(test)]
mod tests;
