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
//! [`REPLICATE_EXACT_GROUPS`] touchpoint groups; above it (and for sampled
//! models) a replicate uses [`REPLICATE_PERMUTATIONS`] permutations with
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

use serde::Serialize;

use crate::direction::{direction, TermWeight};
use crate::importance::{decompose_by, Estimator, MAX_EXACT_GROUPS};
use crate::linalg::{Correlation, Factor};
use crate::rng::{seeded_bucket, BootstrapStream};
use crate::{ImportanceMethod, KpiModel, RegressionError};

mod logistic;
use self::logistic::{LogitDesign, LogitFit, LogitStats};
use crate::logistic::{null_log_likelihood, pseudo_per_linear, pseudo_r2};

/// The seed used when the caller gives none.
pub const DEFAULT_SEED: u64 = 20261122;

/// Settings of the bootstrap.
#[derive(Debug, Clone, PartialEq)]
pub struct BootstrapOptions {
    /// Number of replicates; 0 turns the bootstrap off.
    pub replicates: usize,
    /// Seed of every random draw (resampling, chunk assignment, noise).
    pub seed: u64,
    /// Coverage of the intervals, e.g. 0.95.
    pub level: f64,
    /// From this many respondents on, resample chunks instead of
    /// respondents.
    pub block_from: usize,
    /// Number of chunks of the block bootstrap.
    pub chunks: usize,
}

impl Default for BootstrapOptions {
    fn default() -> Self {
        BootstrapOptions {
            replicates: 200,
            seed: DEFAULT_SEED,
            level: 0.95,
            block_from: 20_000,
            chunks: 512,
        }
    }
}

/// What one replicate draws with replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResampleUnit {
    /// Respondents (the classic case bootstrap).
    Respondent,
    /// Chunks of respondents, through their sufficient statistics.
    Chunk,
}

/// The respondents of a survey as the bootstrap sees them. Every slice is
/// indexed by survey row; `rows` lists the rows to resample (the analysed
/// respondents), in order.
#[derive(Debug, Clone)]
pub struct SurveySample<'a> {
    /// Satisfaction per touchpoint (`None` = not experienced).
    pub touchpoints: Vec<&'a [Option<f64>]>,
    /// Survey weights (positive), or `None` for an unweighted analysis.
    pub weights: Option<&'a [f64]>,
    /// The rows to resample.
    pub rows: &'a [usize],
}

/// One KPI's data and full-sample model.
#[derive(Debug, Clone)]
pub struct KpiSample<'a> {
    /// The KPI as the model saw it (oriented), indexed by survey row; `None`
    /// where the respondent is not in this KPI's model. Must describe the
    /// same respondents that `model` was fitted on: the rows of
    /// [`SurveySample::rows`] with a value, in that order.
    pub kpi: &'a [Option<f64>],
    pub model: &'a KpiModel,
}

/// Bootstrap intervals of one touchpoint in one KPI model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TouchpointUncertainty {
    /// Interval of the satisfaction mean among all analysed respondents
    /// who experienced it (the matrix's x; the same for every KPI); `None`
    /// when no one experienced it.
    pub satisfaction_ci: Option<[f64; 2]>,
    /// Interval of the frequency (share who experienced it, 0-1; the same
    /// for every KPI).
    pub frequency_ci: [f64; 2],
    /// Interval of the importance (R² units); `None` when the touchpoint
    /// has no term in the model.
    pub importance_ci: Option<[f64; 2]>,
    /// Interval of the signed impact (R² units); `None` as above.
    pub impact_ci: Option<[f64; 2]>,
    /// Interval of the impact as plotted: signed share of the explained
    /// variance in % (`100 * impact / R²` per replicate).
    pub impact_pct_ci: Option<[f64; 2]>,
    /// The impact interval contains zero: the direction is not established.
    pub impact_uncertain: bool,
    /// The importance interval lies above the noise benchmark
    /// ([`KpiUncertainty::noise_threshold`]); `None` when the touchpoint
    /// has no term in the model.
    pub significant: Option<bool>,
    /// Interval of [`crate::TouchpointEffect::gain_one_point`]; `None`
    /// where that is `None`.
    pub gain_one_point_ci: Option<[f64; 2]>,
    /// Interval of [`crate::TouchpointEffect::gain_prevent`]; `None` where
    /// that is `None`.
    pub gain_prevent_ci: Option<[f64; 2]>,
}

/// The bootstrap of one KPI model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiUncertainty {
    /// Replicates drawn.
    pub replicates: usize,
    pub seed: u64,
    /// Coverage of the intervals.
    pub level: f64,
    /// What a replicate resampled.
    pub unit: ResampleUnit,
    /// Chunks of the block bootstrap (`None` for the respondent bootstrap).
    pub chunks: Option<usize>,
    /// Interval of R².
    pub r2_ci: [f64; 2],
    /// Interval of the KPI's (oriented, weighted) mean among the model's
    /// respondents: a share for a yes/no KPI. `None` when the draws hold no
    /// KPI means.
    pub kpi_mean_ci: Option<[f64; 2]>,
    /// Importance of the noise group on the full sample.
    pub noise_importance: f64,
    /// The 95th percentile of the noise group's importance over the
    /// replicates: the bar a significant importance must clear.
    pub noise_threshold: f64,
    /// One entry per touchpoint, in input order.
    pub touchpoints: Vec<TouchpointUncertainty>,
    /// Every replicate's values, for quadrant probabilities and plots.
    #[serde(skip)]
    pub draws: BootstrapDraws,
}

/// Replicate values, row-major: value `[r * touchpoints + j]` belongs to
/// replicate `r` and touchpoint `j`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BootstrapDraws {
    pub replicates: usize,
    pub touchpoints: usize,
    /// Satisfaction mean among all analysed respondents who experienced it.
    pub satisfaction: Vec<f64>,
    /// Frequency among all analysed respondents, 0-1.
    pub frequency: Vec<f64>,
    /// Importance (R² units).
    pub importance: Vec<f64>,
    /// Signed impact (R² units).
    pub impact: Vec<f64>,
    /// R² per replicate.
    pub r2: Vec<f64>,
    /// Noise-group importance per replicate.
    pub noise: Vec<f64>,
    /// What-if gains per replicate and touchpoint (`None` where the
    /// touchpoint has no such gain); empty when not drawn.
    pub gain_one_point: Vec<Option<f64>>,
    pub gain_prevent: Vec<Option<f64>>,
    /// The KPI's mean per replicate; empty when not drawn.
    pub kpi_mean: Vec<f64>,
}

impl BootstrapDraws {
    /// The values of replicate `r` of one of the per-touchpoint fields.
    pub fn replicate<'a>(&self, values: &'a [f64], r: usize) -> &'a [f64] {
        &values[r * self.touchpoints..(r + 1) * self.touchpoints]
    }
}

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
    let n = survey.rows.len();
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
    let weight = |row: usize| survey.weights.map_or(1.0, |w| w[row]);
    let noise = noise_columns(n, boot.seed);
    let mut designs: Vec<FixedDesign> = kpis.iter().map(|k| FixedDesign::new(k.model)).collect();

    let block = n >= boot.block_from.max(1) && boot.chunks >= 2;
    let units = if block {
        Units::chunks(survey, kpis, &designs, &noise, boot)
    } else {
        Units::rows(survey, kpis, &designs, &noise)
    };

    // An estimator that is not the model's own (fewer sampled permutations)
    // is shifted onto the point estimate.
    // The full-sample solve also gives the noise group's importance.
    let mut full_noise = Vec::with_capacity(kpis.len());
    for (k, (design, sample)) in designs.iter_mut().zip(kpis).enumerate() {
        design.estimator.seed = boot.seed;
        let full = units.full_solve(k, design)?;
        design.full_reach = full.reach.clone();
        design.set_gain_factors(sample.model);
        if design.needs_shift() {
            design.shift = design
                .players
                .iter()
                .map(|&j| sample.model.touchpoints[j].importance - full.importance[j])
                .collect();
        }
        full_noise.push(full.noise);
    }

    // Full-sample satisfaction means: the fallback of an empty replicate.
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
    let point_sat: Vec<Option<f64>> = (0..t)
        .map(|j| {
            (point_desc[1 + 2 * j] > 0.0).then(|| point_desc[2 + 2 * j] / point_desc[1 + 2 * j])
        })
        .collect();

    // Replicates, split over two threads; each replicate has its own random
    // stream, so results do not depend on the split.
    let reps = boot.replicates;
    let run = |r: usize| -> Replicate {
        let counts = units.draw(&mut BootstrapStream::replicate(boot.seed, r));
        let desc = units.descriptives(&counts, t);
        let mut sat = Vec::with_capacity(t);
        let mut freq = Vec::with_capacity(t);
        for j in 0..t {
            let (w_all, w_exp, wx) = (desc[0], desc[1 + 2 * j], desc[2 + 2 * j]);
            freq.push(if w_all > 0.0 { w_exp / w_all } else { 0.0 });
            sat.push(if w_exp > 0.0 {
                wx / w_exp
            } else {
                point_sat[j].unwrap_or(0.0)
            });
        }
        let models = designs
            .iter()
            .enumerate()
            .map(|(k, d)| {
                let logit = units.logit_fit(k, &counts, d);
                d.solve(&units.cross_products(k, &counts, d.dim), logit.as_ref())
            })
            .collect();
        Replicate { sat, freq, models }
    };
    let results: Vec<Replicate> = if reps >= 4 {
        std::thread::scope(|scope| {
            let odd = scope.spawn(|| (1..reps).step_by(2).map(run).collect::<Vec<_>>());
            let even: Vec<Replicate> = (0..reps).step_by(2).map(run).collect();
            let odd = odd.join().unwrap_or_default();
            let mut all = Vec::with_capacity(reps);
            let mut odd = odd.into_iter();
            for e in even {
                all.push(e);
                if let Some(o) = odd.next() {
                    all.push(o);
                }
            }
            all
        })
    } else {
        (0..reps).map(run).collect()
    };
    if results.len() != reps {
        return Err(RegressionError::Fit("a bootstrap thread failed".into()));
    }
    let results = results
        .into_iter()
        .map(|r| {
            r.models
                .into_iter()
                .collect::<Result<Vec<_>, _>>()
                .map(|m| (r.sat, r.freq, m))
        })
        .collect::<Result<Vec<_>, _>>()?;

    let unit = if block {
        ResampleUnit::Chunk
    } else {
        ResampleUnit::Respondent
    };
    let rated: Vec<bool> = point_sat.iter().map(Option::is_some).collect();
    let mut out = Vec::with_capacity(kpis.len());
    for (k, design) in designs.iter().enumerate() {
        let mut draws = BootstrapDraws {
            replicates: reps,
            touchpoints: t,
            ..BootstrapDraws::default()
        };
        for (sat, freq, models) in &results {
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
        let in_model: Vec<bool> = (0..t).map(|j| design.players.contains(&j)).collect();
        let mut u = KpiUncertainty::from_draws(draws, &in_model, &rated, boot.level);
        u.seed = boot.seed;
        u.unit = unit;
        u.chunks = block.then_some(boot.chunks.min(u16::MAX as usize));
        u.noise_importance = full_noise[k];
        out.push(u);
    }
    Ok(out)
}

impl KpiUncertainty {
    /// Summarises replicate values: percentile intervals at `level`, the
    /// noise threshold (95th percentile of the noise importance), the
    /// uncertain and significant flags. `in_model[j]`: touchpoint `j` has a
    /// term in the model; `rated[j]`: someone experienced it. Seed, unit and
    /// the full-sample noise importance are left at defaults (0, respondent,
    /// 0) for the caller to fill in.
    pub fn from_draws(
        draws: BootstrapDraws,
        in_model: &[bool],
        rated: &[bool],
        level: f64,
    ) -> KpiUncertainty {
        let (reps, t) = (draws.replicates, draws.touchpoints);
        let lo_q = (1.0 - level) / 2.0;
        let hi_q = (1.0 + level) / 2.0;
        let ci = |mut v: Vec<f64>| -> [f64; 2] { [quantile(&mut v, lo_q), quantile(&mut v, hi_q)] };
        let column = |values: &[f64], j: usize| -> Vec<f64> {
            (0..reps).map(|r| values[r * t + j]).collect()
        };
        let noise_threshold = quantile(&mut draws.noise.clone(), 0.95);
        let touchpoints = (0..t)
            .map(|j| {
                let in_model = in_model.get(j).copied().unwrap_or(false);
                let importance_ci = in_model.then(|| ci(column(&draws.importance, j)));
                let impact_ci = in_model.then(|| ci(column(&draws.impact, j)));
                let impact_pct_ci = in_model.then(|| {
                    ci((0..reps)
                        .map(|r| pct(draws.impact[r * t + j], draws.r2[r]))
                        .collect())
                });
                // A gain's interval where every replicate has the gain.
                let gain_ci = |values: &[Option<f64>]| {
                    if values.len() != reps * t || reps == 0 {
                        return None;
                    }
                    (0..reps)
                        .map(|r| values[r * t + j].filter(|v| v.is_finite()))
                        .collect::<Option<Vec<f64>>>()
                        .map(ci)
                };
                TouchpointUncertainty {
                    satisfaction_ci: rated
                        .get(j)
                        .copied()
                        .unwrap_or(false)
                        .then(|| ci(column(&draws.satisfaction, j))),
                    frequency_ci: ci(column(&draws.frequency, j)),
                    importance_ci,
                    impact_ci,
                    impact_pct_ci,
                    impact_uncertain: impact_ci.is_some_and(|[lo, hi]| lo <= 0.0 && hi >= 0.0),
                    significant: importance_ci.map(|[lo, _]| lo > noise_threshold),
                    gain_one_point_ci: gain_ci(&draws.gain_one_point),
                    gain_prevent_ci: gain_ci(&draws.gain_prevent),
                }
            })
            .collect();
        KpiUncertainty {
            replicates: reps,
            seed: 0,
            level,
            unit: ResampleUnit::Respondent,
            chunks: None,
            r2_ci: ci(draws.r2.clone()),
            kpi_mean_ci: (draws.kpi_mean.len() == reps && reps > 0)
                .then(|| ci(draws.kpi_mean.clone())),
            noise_importance: 0.0,
            noise_threshold,
            touchpoints,
            draws,
        }
    }
}

/// `100 * impact / r2`, 0 where R² is 0 (as the matrix plots it).
fn pct(impact: f64, r2: f64) -> f64 {
    if r2 > 0.0 {
        impact / r2 * 100.0
    } else {
        0.0
    }
}

/// The `q` quantile of `values` (sorted in place), interpolating linearly
/// between order statistics (R's type 7): position `q (n - 1)`.
pub fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let pos = q.clamp(0.0, 1.0) * (values.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    values[lo] + (values[hi] - values[lo]) * (pos - lo as f64)
}

/// One replicate's numbers before they are gathered per KPI.
struct Replicate {
    sat: Vec<f64>,
    freq: Vec<f64>,
    models: Vec<Result<ReplicateModel, RegressionError>>,
}

/// One KPI model solved from a cross-product matrix.
#[derive(Debug, Clone, PartialEq)]
struct ReplicateModel {
    r2: f64,
    importance: Vec<f64>,
    impact: Vec<f64>,
    noise: f64,
    /// Per touchpoint (`None` where it has no such gain).
    gain_one_point: Vec<Option<f64>>,
    gain_prevent: Vec<Option<f64>>,
    /// The KPI's weighted mean (oriented; a share for a yes/no KPI).
    kpi_mean: f64,
    /// Per player: weighted share of the model's respondents who
    /// experienced the touchpoint.
    reach: Vec<f64>,
}

/// Two seeded standard normal values per respondent position.
fn noise_columns(n: usize, seed: u64) -> Vec<[f64; 2]> {
    let mut rng = BootstrapStream::noise(seed);
    (0..n)
        .map(|_| [rng.standard_normal(), rng.standard_normal()])
        .collect()
}

/// Offset of row `a` in a packed upper triangle of dimension `dim`, minus
/// `a`, so that entry `(a, b)` with `b >= a` sits at `row_base(a) + b`.
fn row_base(dim: usize, a: usize) -> usize {
    a * dim - a * (a + 1) / 2
}

fn packed_len(dim: usize) -> usize {
    dim * (dim + 1) / 2
}

/// Adds `v * u u'` to a packed upper triangle, `u` given by its non-zero
/// entries (ascending indices).
fn add_outer(s: &mut [f64], dim: usize, idx: &[usize], val: &[f64], v: f64) {
    for (ai, &a) in idx.iter().enumerate() {
        let va = v * val[ai];
        let base = row_base(dim, a);
        for (bi, &b) in idx.iter().enumerate().skip(ai) {
            s[base + b] += va * val[bi];
        }
    }
}

/// The fixed design of one KPI model and how to read a respondent into it.
struct FixedDesign {
    /// Raw vector length: `1 + 2 * players + 2 + 1`.
    dim: usize,
    /// Touchpoints with a term in the model, in order; player `g` has raw
    /// columns `d` at `1 + 2g` and `q` at `2 + 2g`.
    players: Vec<usize>,
    /// Full-sample centre of each player's quality term.
    centre: Vec<f64>,
    /// Whether each player has an incidence / a quality term.
    has_incidence: Vec<bool>,
    has_quality: Vec<bool>,
    /// Per player: the full sample's gains per unit of coefficient (see
    /// [`FixedDesign::set_gain_factors`]); `None` where the player has no
    /// such gain.
    gain_per_quality: Vec<Option<f64>>,
    gain_per_incidence: Vec<Option<f64>>,
    /// Per player: its reach on the full sample (see
    /// [`ReplicateModel::reach`]).
    full_reach: Vec<f64>,
    /// Full-sample mean of the KPI (a shift for accuracy).
    kpi_mean: f64,
    /// How a replicate decomposes its R²: exact Shapley up to
    /// [`REPLICATE_EXACT_GROUPS`] groups; above it [`REPLICATE_PERMUTATIONS`]
    /// sampled permutations, drawn with the same seed in every replicate
    /// (common random numbers: the Monte Carlo error then hardly moves
    /// between replicates, so the spread of the replicates is the data's),
    /// or relative weights where the model has them.
    estimator: Estimator,
    /// Per player: added to each replicate's importance, the difference
    /// between the point estimate and the replicates' estimator on the full
    /// sample (see [`FixedDesign::needs_shift`]); empty when not needed.
    shift: Vec<f64>,
    touchpoints: usize,
    /// The logistic model of a binary KPI (`None` for a linear model).
    logit: Option<LogitDesign>,
}

impl FixedDesign {
    fn new(model: &KpiModel) -> FixedDesign {
        let mut players = Vec::new();
        let mut centre = Vec::new();
        let mut has_incidence = Vec::new();
        let mut has_quality = Vec::new();
        for (j, e) in model.touchpoints.iter().enumerate() {
            let inc = e.incidence_effect.is_some();
            let qual = e.quality_effect.is_some();
            if inc || qual {
                players.push(j);
                centre.push(e.centre.unwrap_or(0.0));
                has_incidence.push(inc);
                has_quality.push(qual);
            }
        }
        let dim = 1 + 2 * players.len() + 3;
        let logit = LogitDesign::new(model, &players, dim);
        // A replicate recomputes exact Shapley values up to
        // REPLICATE_EXACT_GROUPS groups; a logistic model's pseudo-R² values
        // are estimated from the linear-probability ones (see the module
        // docs), exactly where that is cheap.
        let method = if players.len() > REPLICATE_EXACT_GROUPS {
            match model.importance_method {
                ImportanceMethod::RelativeWeights => ImportanceMethod::RelativeWeights,
                _ => ImportanceMethod::ShapleySampled,
            }
        } else if logit.is_some() {
            ImportanceMethod::ShapleyExact
        } else {
            model.importance_method
        };
        FixedDesign {
            dim,
            players,
            centre,
            has_incidence,
            has_quality,
            gain_per_quality: Vec::new(),
            gain_per_incidence: Vec::new(),
            full_reach: Vec::new(),
            kpi_mean: model.kpi_mean,
            estimator: Estimator {
                method,
                permutations: REPLICATE_PERMUTATIONS,
                seed: DEFAULT_SEED,
            },
            shift: Vec::new(),
            touchpoints: model.touchpoints.len(),
            logit,
        }
    }

    /// A replicate's gain is its own coefficient times the full sample's
    /// gain per unit of coefficient, scaled by the change in the
    /// touchpoint's reach:
    ///
    /// ```text
    /// gain* = coef* * (gain / coef) * reach* / reach
    /// ```
    ///
    /// For a linear model `gain / coef` is the (weighted) share of
    /// respondents with headroom (one point more) or `-0.1 f` (prevent), so
    /// this is the replicate's own what-if up to the change in the headroom
    /// share beyond reach. For a logistic model it also keeps the full
    /// sample's average slope of the probability: the spread of the
    /// replicates comes from the coefficient and the reach, which carry
    /// nearly all of it. Call after `full_reach` is set.
    fn set_gain_factors(&mut self, model: &KpiModel) {
        // A zero coefficient: the slope at zero, the reach times the KPI's
        // variance (p (1 - p)) for a logistic model, the reach for a linear
        // one; prevent's runs the other way, times a tenth.
        let logistic = self.logit.is_some();
        let slope = |reach: f64| {
            if logistic {
                reach * model.kpi_sd * model.kpi_sd
            } else {
                reach
            }
        };
        let factor = |gain: Option<f64>, coef: Option<f64>, at_zero: f64| match (gain, coef) {
            (Some(g), Some(c)) if c != 0.0 => Some(g / c),
            (Some(_), Some(_)) => Some(at_zero),
            _ => None,
        };
        self.gain_per_quality = Vec::with_capacity(self.players.len());
        self.gain_per_incidence = Vec::with_capacity(self.players.len());
        for (g, &j) in self.players.iter().enumerate() {
            let e = &model.touchpoints[j];
            let reach = self.full_reach.get(g).copied().unwrap_or(0.0);
            self.gain_per_quality
                .push(factor(e.gain_one_point, e.quality_effect, slope(reach)));
            self.gain_per_incidence.push(factor(
                e.gain_prevent,
                e.incidence_effect,
                -crate::PREVENT_SHARE * slope(reach),
            ));
        }
    }

    /// The replicate estimator is not the point estimator: it is shifted
    /// onto the point estimate (see [`FixedDesign::shift`]).
    fn needs_shift(&self) -> bool {
        self.logit.is_some() || self.estimator.method != ImportanceMethod::ShapleyExact
    }

    /// The non-zero entries of a respondent's raw vector, or `None` when
    /// the respondent is not in the model.
    fn row(
        &self,
        survey: &SurveySample,
        kpi: &[Option<f64>],
        row: usize,
        noise: [f64; 2],
        idx: &mut Vec<usize>,
        val: &mut Vec<f64>,
    ) -> bool {
        idx.clear();
        val.clear();
        let Some(y) = kpi[row] else {
            return false;
        };
        idx.push(0);
        val.push(1.0);
        for (g, &j) in self.players.iter().enumerate() {
            if let Some(x) = survey.touchpoints[j][row] {
                idx.push(1 + 2 * g);
                val.push(1.0);
                let q = x - self.centre[g];
                if q != 0.0 {
                    idx.push(2 + 2 * g);
                    val.push(q);
                }
            }
        }
        let d = self.dim;
        idx.extend_from_slice(&[d - 3, d - 2, d - 1]);
        val.extend_from_slice(&[noise[0], noise[1], y - self.kpi_mean]);
        true
    }

    /// Solves the model from a packed cross-product matrix `s` and, for a
    /// logistic model, the replicate's logistic fit.
    fn solve(
        &self,
        s: &[f64],
        logit: Option<&LogitFit>,
    ) -> Result<ReplicateModel, RegressionError> {
        let dim = self.dim;
        let t = self.touchpoints;
        let zero = ReplicateModel {
            r2: 0.0,
            importance: vec![0.0; t],
            impact: vec![0.0; t],
            noise: 0.0,
            gain_one_point: vec![None; t],
            gain_prevent: vec![None; t],
            kpi_mean: self.kpi_mean,
            reach: vec![0.0; self.players.len()],
        };
        let at = |a: usize, b: usize| {
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            s[row_base(dim, a) + b]
        };
        let total = at(0, 0);
        if total <= 0.0 {
            return Ok(zero);
        }
        let mean: Vec<f64> = (0..dim).map(|a| at(0, a) / total).collect();
        let raw_cov = |a: usize, b: usize| at(a, b) / total - mean[a] * mean[b];
        let second = |a: usize| at(a, a) / total;

        // FixedDesign columns as linear combinations of raw columns.
        let mut cols: Vec<Vec<(usize, f64)>> = Vec::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        // Per player: its incidence and quality columns, if in the model.
        let mut term_cols: Vec<(Option<usize>, Option<usize>)> = Vec::new();
        // Per player: how far the replicate's centre of the quality term
        // lies from the full sample's.
        let mut deltas: Vec<f64> = Vec::new();
        for g in 0..self.players.len() {
            let (d, q) = (1 + 2 * g, 2 + 2 * g);
            let mut group = Vec::new();
            let mut inc_col = None;
            let mut qual_col = None;
            let delta = if mean[d] > 0.0 {
                mean[q] / mean[d]
            } else {
                0.0
            };
            deltas.push(delta);
            if self.has_incidence[g] {
                inc_col = Some(cols.len());
                group.push(cols.len());
                cols.push(vec![(d, 1.0)]);
            }
            if self.has_quality[g] {
                qual_col = Some(cols.len());
                group.push(cols.len());
                cols.push(vec![(q, 1.0), (d, -delta)]);
            }
            term_cols.push((inc_col, qual_col));
            groups.push(group);
        }
        let p = cols.len();
        cols.push(vec![(dim - 3, 1.0)]);
        cols.push(vec![(dim - 2, 1.0)]);
        cols.push(vec![(dim - 1, 1.0)]);
        let m = cols.len();
        let mut cov = vec![0.0; m * m];
        for a in 0..m {
            for b in a..m {
                let mut v = 0.0;
                for &(ra, ca) in &cols[a] {
                    for &(rb, cb) in &cols[b] {
                        v += ca * cb * raw_cov(ra, rb);
                    }
                }
                cov[a * m + b] = v;
                cov[b * m + a] = v;
            }
        }
        // A column whose variance is lost in rounding has none: zero it so
        // it cannot enter a factorization (effect 0 in this replicate).
        for a in 0..m {
            let scale: f64 = cols[a]
                .iter()
                .map(|&(r, c)| c * c * second(r))
                .sum::<f64>()
                .max(f64::MIN_POSITIVE);
            if cov[a * m + a] <= 1e-10 * scale {
                for b in 0..m {
                    cov[a * m + b] = 0.0;
                    cov[b * m + a] = 0.0;
                }
            }
        }
        if cov[m * m - 1] <= 0.0 {
            return Ok(zero);
        }
        // Order: terms, KPI (for the decomposition) and terms, z1, z2, KPI.
        let terms_y: Vec<usize> = (0..p).chain(std::iter::once(m - 1)).collect();
        let corr_terms = Correlation::from_covariance(p, &sub(&cov, m, &terms_y));
        let corr_all = Correlation::from_covariance(p + 2, &cov);

        let decomposition = decompose_by(&corr_terms, &groups, &self.estimator)?;
        let (mut importance_g, linear_r2) = (decomposition.values, decomposition.r2);
        // A logistic model: its pseudo-R², and the linear-probability
        // values rescaled to it.
        let (r2, scale) = match logit {
            Some(fit) if self.logit.is_some() => {
                // The KPI column is centred at the full-sample share.
                let positive = at(0, dim - 1) + self.kpi_mean * total;
                let share = (positive / total).clamp(0.0, 1.0);
                let ll0 = null_log_likelihood(total, share);
                let pseudo = pseudo_r2(fit.ll, ll0);
                (pseudo, pseudo_per_linear(pseudo, linear_r2))
            }
            _ => (linear_r2, 1.0),
        };
        for v in importance_g.iter_mut() {
            *v *= scale;
        }
        for (v, shift) in importance_g.iter_mut().zip(&self.shift) {
            *v += shift;
        }
        // Each term's coefficient in the KPI's units (linear) or in log-odds
        // (logistic: an incidence effect taken at the replicate's own
        // quality centre, c + delta b).
        let coefficients: Vec<(f64, f64)> = match (&self.logit, logit) {
            (Some(design), Some(fit)) => (0..self.players.len())
                .map(|g| {
                    let (d, q) = (1 + 2 * g, 2 + 2 * g);
                    let b_q = design.coefficient(&fit.beta, q);
                    (design.coefficient(&fit.beta, d) + deltas[g] * b_q, b_q)
                })
                .collect(),
            _ => {
                let beta = standardized_coefficients(&corr_terms);
                let sd_y = cov[m * m - 1].max(0.0).sqrt();
                let raw = |c: Option<usize>| {
                    c.map_or(0.0, |c| {
                        let sd = cov[c * m + c].max(0.0).sqrt();
                        if sd > 0.0 {
                            beta[c] * sd_y / sd
                        } else {
                            0.0
                        }
                    })
                };
                term_cols.iter().map(|&(i, q)| (raw(i), raw(q))).collect()
            }
        };
        let mut importance = vec![0.0; t];
        let mut impact = vec![0.0; t];
        let mut gain_one_point = vec![None; t];
        let mut gain_prevent = vec![None; t];
        let reach: Vec<f64> = (0..self.players.len()).map(|g| mean[1 + 2 * g]).collect();
        for (g, &j) in self.players.iter().enumerate() {
            let imp = importance_g[g].max(0.0);
            importance[j] = imp;
            let (c, b) = coefficients[g];
            let (inc_col, qual_col) = term_cols[g];
            let weight = |col: Option<usize>, coef: f64| {
                col.map(|col| TermWeight {
                    coef,
                    var: cov[col * m + col],
                })
            };
            let (d, _) = direction(weight(inc_col, c), weight(qual_col, b));
            impact[j] = if d > 0.0 {
                imp
            } else if d < 0.0 {
                -imp
            } else {
                0.0
            };
            let full = self.full_reach.get(g).copied().unwrap_or(0.0);
            let reach_ratio = if full > 0.0 { reach[g] / full } else { 0.0 };
            if let Some(Some(k)) = self.gain_per_quality.get(g) {
                gain_one_point[j] = Some(b * k * reach_ratio);
            }
            if let Some(Some(k)) = self.gain_per_incidence.get(g) {
                gain_prevent[j] = Some(c * k * reach_ratio);
            }
        }
        let all_terms: Vec<usize> = (0..p).collect();
        let with_noise: Vec<usize> = (0..p + 2).collect();
        let r2_all = r2_of(&corr_all, &all_terms);
        let r2_noise = r2_of(&corr_all, &[p, p + 1]);
        let r2_both = r2_of(&corr_all, &with_noise);
        let noise = (0.5 * (r2_noise + r2_both - r2_all)).max(0.0) * scale;
        Ok(ReplicateModel {
            r2: r2.clamp(0.0, 1.0),
            importance,
            impact,
            noise,
            gain_one_point,
            gain_prevent,
            kpi_mean: self.kpi_mean + mean[dim - 1],
            reach,
        })
    }
}

/// The `keep x keep` submatrix of a row-major `m x m` matrix.
fn sub(cov: &[f64], m: usize, keep: &[usize]) -> Vec<f64> {
    let mut out = Vec::with_capacity(keep.len() * keep.len());
    for &a in keep {
        for &b in keep {
            out.push(cov[a * m + b]);
        }
    }
    out
}

/// Permutations per replicate when the model's importance is sampled
/// Shapley (above the exact limit).
pub const REPLICATE_PERMUTATIONS: usize = 100;

/// Most touchpoint groups whose Shapley values a replicate recomputes
/// exactly (`2^18` subsets, about 10 ms); above it a replicate samples
/// [`REPLICATE_PERMUTATIONS`] permutations, shifted onto the point estimate.
pub const REPLICATE_EXACT_GROUPS: usize = 18;

// A replicate's exact decomposition never meets the exact walk's limit.
const _: () = assert!(REPLICATE_EXACT_GROUPS <= MAX_EXACT_GROUPS);

/// R² of the KPI on columns `cols` of a correlation matrix (a column that
/// is a combination of earlier ones is skipped).
fn r2_of(corr: &Correlation, cols: &[usize]) -> f64 {
    let mut factor = Factor::new(corr);
    for &c in cols {
        factor.push(c);
    }
    factor
        .z()
        .iter()
        .map(|v| v * v)
        .sum::<f64>()
        .clamp(0.0, 1.0)
}

/// Standardised regression coefficients of the KPI on every predictor;
/// a predictor skipped as collinear (or without variance) gets 0.
fn standardized_coefficients(corr: &Correlation) -> Vec<f64> {
    let mut factor = Factor::new(corr);
    for c in 0..corr.p {
        factor.push(c);
    }
    let b = factor.solve_transposed(factor.z().to_vec());
    let mut beta = vec![0.0; corr.p];
    for (i, &c) in factor.cols().iter().enumerate() {
        beta[c] = b[i];
    }
    beta
}

/// What a replicate resamples, with what it needs to sum.
enum Units {
    /// Respondents: each KPI's rows as sparse raw vectors.
    Rows {
        n: usize,
        /// Per analysed position: weight.
        weights: Vec<f64>,
        /// Per analysed position and touchpoint: satisfaction.
        touchpoints: Vec<Vec<Option<f64>>>,
        /// Per KPI: sparse rows (position, weight, indices, values).
        kpis: Vec<SparseRows>,
    },
    /// Chunks: each chunk's descriptive sums and, per KPI, cross-products.
    Chunks {
        chunks: usize,
        /// `[chunk][1 + 2T]`: sum w, then per touchpoint sum w d, sum w d x.
        desc: Vec<Vec<f64>>,
        /// `[kpi][chunk]` packed cross-products.
        cross: Vec<Vec<Vec<f64>>>,
        /// `[kpi][chunk]` logistic statistics at the full-sample
        /// coefficients (empty for a linear KPI).
        logit: Vec<Vec<LogitStats>>,
    },
}

/// The rows of one KPI model as sparse raw vectors.
struct SparseRows {
    pos: Vec<usize>,
    weight: Vec<f64>,
    start: Vec<usize>,
    idx: Vec<usize>,
    val: Vec<f64>,
}

impl Units {
    fn rows(
        survey: &SurveySample,
        kpis: &[KpiSample],
        designs: &[FixedDesign],
        noise: &[[f64; 2]],
    ) -> Units {
        let weight = |row: usize| survey.weights.map_or(1.0, |w| w[row]);
        let n = survey.rows.len();
        let mut idx = Vec::new();
        let mut val = Vec::new();
        let sparse = kpis
            .iter()
            .zip(designs)
            .map(|(k, d)| {
                let mut s = SparseRows {
                    pos: Vec::new(),
                    weight: Vec::new(),
                    start: vec![0],
                    idx: Vec::new(),
                    val: Vec::new(),
                };
                for (p, &row) in survey.rows.iter().enumerate() {
                    if d.row(survey, k.kpi, row, noise[p], &mut idx, &mut val) {
                        s.pos.push(p);
                        s.weight.push(weight(row));
                        s.idx.extend_from_slice(&idx);
                        s.val.extend_from_slice(&val);
                        s.start.push(s.idx.len());
                    }
                }
                s
            })
            .collect();
        Units::Rows {
            n,
            weights: survey.rows.iter().map(|&r| weight(r)).collect(),
            touchpoints: survey
                .touchpoints
                .iter()
                .map(|tp| survey.rows.iter().map(|&r| tp[r]).collect())
                .collect(),
            kpis: sparse,
        }
    }

    fn chunks(
        survey: &SurveySample,
        kpis: &[KpiSample],
        designs: &[FixedDesign],
        noise: &[[f64; 2]],
        boot: &BootstrapOptions,
    ) -> Units {
        let weight = |row: usize| survey.weights.map_or(1.0, |w| w[row]);
        // Chunk ids are stored as u16.
        let k_chunks = boot.chunks.min(u16::MAX as usize);
        let t = survey.touchpoints.len();
        let chunk: Vec<u16> = (0..survey.rows.len())
            .map(|p| seeded_bucket(p, boot.seed, k_chunks) as u16)
            .collect();
        let mut desc = vec![vec![0.0; 1 + 2 * t]; k_chunks];
        for (p, &row) in survey.rows.iter().enumerate() {
            let w = weight(row);
            let c = &mut desc[chunk[p] as usize];
            c[0] += w;
            for (j, tp) in survey.touchpoints.iter().enumerate() {
                if let Some(x) = tp[row] {
                    c[1 + 2 * j] += w;
                    c[2 + 2 * j] += w * x;
                }
            }
        }
        // One pass per KPI, the chunks split over two threads by parity.
        let cross = kpis
            .iter()
            .zip(designs)
            .map(|(k, d)| {
                type Chunk = (usize, Vec<f64>, Option<LogitStats>);
                let half = |parity: usize| -> Vec<Chunk> {
                    let mut mine: Vec<Chunk> = (parity..k_chunks)
                        .step_by(2)
                        .map(|c| {
                            let logit = d.logit.as_ref().map(|l| LogitStats::zeros(l.m));
                            (c, vec![0.0; packed_len(d.dim)], logit)
                        })
                        .collect();
                    let mut idx = Vec::with_capacity(d.dim);
                    let mut val = Vec::with_capacity(d.dim);
                    let mut scratch = (Vec::new(), Vec::new());
                    for (p, &row) in survey.rows.iter().enumerate() {
                        let c = chunk[p] as usize;
                        if c % 2 != parity {
                            continue;
                        }
                        if d.row(survey, k.kpi, row, noise[p], &mut idx, &mut val) {
                            let (_, cross, logit) = &mut mine[c / 2];
                            add_outer(cross, d.dim, &idx, &val, weight(row));
                            if let (Some(design), Some(stats)) = (&d.logit, logit) {
                                design.accumulate(
                                    &design.beta,
                                    &idx,
                                    &val,
                                    weight(row),
                                    &mut scratch,
                                    stats,
                                );
                            }
                        }
                    }
                    mine
                };
                let (even, odd) = std::thread::scope(|scope| {
                    let odd = scope.spawn(|| half(1));
                    (half(0), odd.join())
                });
                let mut all = vec![Vec::new(); k_chunks];
                let mut logit = match &d.logit {
                    Some(l) => vec![LogitStats::zeros(l.m); k_chunks],
                    None => Vec::new(),
                };
                for (c, s, l) in even.into_iter().chain(odd.unwrap_or_default()) {
                    all[c] = s;
                    if let Some(l) = l {
                        logit[c] = l;
                    }
                }
                for s in &mut all {
                    if s.is_empty() {
                        *s = vec![0.0; packed_len(d.dim)];
                    }
                }
                (all, logit)
            })
            .unzip::<_, _, Vec<_>, Vec<_>>();
        let (cross, logit) = cross;
        Units::Chunks {
            chunks: k_chunks,
            desc,
            cross,
            logit,
        }
    }

    /// How often each unit is drawn in one replicate: as many draws as
    /// units, uniformly with replacement.
    fn draw(&self, rng: &mut BootstrapStream) -> Vec<u32> {
        let units = match self {
            Units::Rows { n, .. } => *n,
            Units::Chunks { chunks, .. } => *chunks,
        };
        let mut counts = vec![0u32; units];
        for _ in 0..units {
            counts[rng.below(units)] += 1;
        }
        counts
    }

    /// Every unit once: the full sample.
    fn all_once(&self) -> Vec<u32> {
        let units = match self {
            Units::Rows { n, .. } => *n,
            Units::Chunks { chunks, .. } => *chunks,
        };
        vec![1; units]
    }

    /// The packed cross-products of the full sample.
    #[cfg(test)]
    fn full_cross_products(&self, kpi: usize, dim: usize) -> Vec<f64> {
        self.cross_products(kpi, &self.all_once(), dim)
    }

    /// KPI `kpi`'s model solved on the full sample by the replicates'
    /// estimator.
    fn full_solve(
        &self,
        kpi: usize,
        design: &FixedDesign,
    ) -> Result<ReplicateModel, RegressionError> {
        let counts = self.all_once();
        let logit = self.logit_fit(kpi, &counts, design);
        design.solve(
            &self.cross_products(kpi, &counts, design.dim),
            logit.as_ref(),
        )
    }

    /// The logistic fit of KPI `kpi` in a replicate (`None` for a linear
    /// KPI).
    fn logit_fit(&self, kpi: usize, counts: &[u32], design: &FixedDesign) -> Option<LogitFit> {
        let logit = design.logit.as_ref()?;
        Some(match self {
            Units::Rows { kpis, .. } => logit.fit_rows(&kpis[kpi], counts),
            Units::Chunks { logit: stats, .. } => logit.fit_chunks(&stats[kpi], counts),
        })
    }

    /// Descriptive sums of a replicate: `[sum w, (sum w d_j, sum w d_j x_j)...]`.
    fn descriptives(&self, counts: &[u32], t: usize) -> Vec<f64> {
        let mut out = vec![0.0; 1 + 2 * t];
        match self {
            Units::Rows {
                weights,
                touchpoints,
                ..
            } => {
                for (p, &c) in counts.iter().enumerate() {
                    if c == 0 {
                        continue;
                    }
                    let v = c as f64 * weights[p];
                    out[0] += v;
                    for (j, tp) in touchpoints.iter().enumerate() {
                        if let Some(x) = tp[p] {
                            out[1 + 2 * j] += v;
                            out[2 + 2 * j] += v * x;
                        }
                    }
                }
            }
            Units::Chunks { desc, .. } => {
                for (chunk, &c) in desc.iter().zip(counts) {
                    if c == 0 {
                        continue;
                    }
                    let c = c as f64;
                    for (o, s) in out.iter_mut().zip(chunk) {
                        *o += c * s;
                    }
                }
            }
        }
        out
    }

    /// The packed cross-products of KPI `kpi` in a replicate.
    fn cross_products(&self, kpi: usize, counts: &[u32], dim: usize) -> Vec<f64> {
        let mut s = vec![0.0; packed_len(dim)];
        match self {
            Units::Rows { kpis, .. } => {
                let rows = &kpis[kpi];
                for (r, &p) in rows.pos.iter().enumerate() {
                    let c = counts[p];
                    if c == 0 {
                        continue;
                    }
                    let (a, b) = (rows.start[r], rows.start[r + 1]);
                    add_outer(
                        &mut s,
                        dim,
                        &rows.idx[a..b],
                        &rows.val[a..b],
                        c as f64 * rows.weight[r],
                    );
                }
            }
            Units::Chunks { cross, .. } => {
                for (chunk, &c) in cross[kpi].iter().zip(counts) {
                    if c == 0 {
                        continue;
                    }
                    let c = c as f64;
                    for (o, v) in s.iter_mut().zip(chunk) {
                        *o += c * v;
                    }
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use rand_distr::{Distribution, StandardNormal};

    use super::*;
    use crate::{fit_kpi, DriverData, ModelOptions};

    mod logistic;

    /// A survey of `n` respondents, 4 touchpoints (one experienced by
    /// everyone, one rarely), a KPI driven by two of them, optional weights.
    struct Synthetic {
        touchpoints: Vec<Vec<Option<f64>>>,
        kpi: Vec<Option<f64>>,
        weights: Option<Vec<f64>>,
        rows: Vec<usize>,
    }

    fn synthetic(n: usize, seed: u64, weighted: bool) -> Synthetic {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let share = [1.0, 0.7, 0.5, 0.08];
        let mut touchpoints: Vec<Vec<Option<f64>>> =
            (0..4).map(|_| Vec::with_capacity(n)).collect();
        let mut kpi = Vec::with_capacity(n);
        let mut weights = Vec::with_capacity(n);
        for _ in 0..n {
            let e: f64 = StandardNormal.sample(&mut rng);
            let mut y = 6.0 + 1.5 * e;
            for (j, tp) in touchpoints.iter_mut().enumerate() {
                if rng.random::<f64>() < share[j] {
                    let x: f64 = rng.random_range(1..=10) as f64;
                    y += match j {
                        0 => 0.3 * (x - 5.5),
                        1 => 0.8 + 0.1 * (x - 5.5),
                        2 => -0.6,
                        _ => 0.0,
                    };
                    tp.push(Some(x));
                } else {
                    tp.push(None);
                }
            }
            // Some respondents skip the KPI.
            kpi.push((rng.random::<f64>() > 0.05).then_some(y));
            weights.push(0.5 + rng.random::<f64>());
        }
        Synthetic {
            touchpoints,
            kpi,
            weights: weighted.then_some(weights),
            rows: (0..n).collect(),
        }
    }

    impl Synthetic {
        fn model(&self) -> KpiModel {
            let rows: Vec<usize> = self
                .rows
                .iter()
                .copied()
                .filter(|&r| self.kpi[r].is_some())
                .collect();
            let data = DriverData {
                kpi: rows.iter().filter_map(|&r| self.kpi[r]).collect(),
                touchpoints: self
                    .touchpoints
                    .iter()
                    .map(|tp| rows.iter().map(|&r| tp[r]).collect())
                    .collect(),
                weights: self
                    .weights
                    .as_ref()
                    .map(|w| rows.iter().map(|&r| w[r]).collect()),
            };
            fit_kpi(&data, &ModelOptions::default()).unwrap()
        }

        fn run(&self, model: &KpiModel, boot: &BootstrapOptions) -> KpiUncertainty {
            let survey = SurveySample {
                touchpoints: self.touchpoints.iter().map(|t| t.as_slice()).collect(),
                weights: self.weights.as_deref(),
                rows: &self.rows,
            };
            let kpis = [KpiSample {
                kpi: &self.kpi,
                model,
            }];
            bootstrap(&survey, &kpis, boot).unwrap().remove(0)
        }
    }

    fn opts(replicates: usize, seed: u64) -> BootstrapOptions {
        BootstrapOptions {
            replicates,
            seed,
            ..BootstrapOptions::default()
        }
    }

    /// Solving the fixed design from the full sample's cross-products
    /// reproduces the fitted model: R², importances and impacts.
    #[test]
    fn full_sample_cross_products_reproduce_the_model() {
        for weighted in [false, true] {
            let s = synthetic(3_000, 1, weighted);
            let model = s.model();
            let survey = SurveySample {
                touchpoints: s.touchpoints.iter().map(|t| t.as_slice()).collect(),
                weights: s.weights.as_deref(),
                rows: &s.rows,
            };
            let kpis = [KpiSample {
                kpi: &s.kpi,
                model: &model,
            }];
            let design = FixedDesign::new(&model);
            let noise = noise_columns(s.rows.len(), 7);
            let by_rows = Units::rows(&survey, &kpis, std::slice::from_ref(&design), &noise);
            let boot = BootstrapOptions {
                chunks: 64,
                ..BootstrapOptions::default()
            };
            let by_chunks =
                Units::chunks(&survey, &kpis, std::slice::from_ref(&design), &noise, &boot);
            for units in [&by_rows, &by_chunks] {
                let full = design
                    .solve(&units.full_cross_products(0, design.dim), None)
                    .unwrap();
                assert!(
                    (full.r2 - model.r2).abs() < 1e-9,
                    "{} vs {}",
                    full.r2,
                    model.r2
                );
                for (j, e) in model.touchpoints.iter().enumerate() {
                    assert!((full.importance[j] - e.importance).abs() < 1e-9, "tp {j}");
                    assert!((full.impact[j] - e.impact).abs() < 1e-9, "tp {j}");
                }
                assert!(full.noise >= 0.0 && full.noise < 0.01, "{}", full.noise);
            }
        }
    }

    #[test]
    fn same_seed_same_intervals_other_seed_other_intervals() {
        let s = synthetic(800, 2, true);
        let model = s.model();
        let a = s.run(&model, &opts(50, 11));
        let b = s.run(&model, &opts(50, 11));
        let c = s.run(&model, &opts(50, 12));
        assert_eq!(a, b);
        assert_ne!(a.touchpoints, c.touchpoints);
        assert_ne!(a.r2_ci, c.r2_ci);
    }

    #[test]
    fn intervals_contain_the_point_estimates() {
        let s = synthetic(2_000, 3, true);
        let model = s.model();
        let u = s.run(&model, &opts(200, DEFAULT_SEED));
        let inside = |ci: [f64; 2], v: f64| ci[0] <= v && v <= ci[1];
        assert!(inside(u.r2_ci, model.r2), "{:?} {}", u.r2_ci, model.r2);
        let survey_desc: Vec<_> = s
            .touchpoints
            .iter()
            .map(|tp| crate::describe(tp, s.weights.as_deref(), 9.0))
            .collect();
        for (j, t) in u.touchpoints.iter().enumerate() {
            let e = &model.touchpoints[j];
            let d = &survey_desc[j];
            assert!(inside(t.frequency_ci, d.frequency), "tp {j}");
            assert!(inside(
                t.satisfaction_ci.unwrap(),
                d.satisfaction_mean.unwrap()
            ));
            if let Some(ci) = t.importance_ci {
                assert!(inside(ci, e.importance), "tp {j}: {ci:?} {}", e.importance);
                assert!(inside(t.impact_ci.unwrap(), e.impact), "tp {j}");
            }
        }
        // Touchpoints 0 (quality), 1 and 2 (incidence) drive the KPI; the
        // rare touchpoint 3 does not.
        assert_eq!(u.touchpoints[0].significant, Some(true));
        assert_eq!(u.touchpoints[1].significant, Some(true));
        assert_eq!(u.touchpoints[2].significant, Some(true));
        assert!(!u.touchpoints[1].impact_uncertain);
        assert!(u.touchpoints[2].impact_ci.unwrap()[1] < 0.0);
        assert!(u.noise_threshold > 0.0 && u.noise_threshold < 0.01);
        let all_finite = |v: &[f64]| v.iter().all(|x| x.is_finite());
        let d = &u.draws;
        assert!(all_finite(&d.satisfaction) && all_finite(&d.frequency));
        assert!(all_finite(&d.importance) && all_finite(&d.impact) && all_finite(&d.r2));
    }

    #[test]
    fn intervals_shrink_with_n() {
        let width = |n: usize| {
            let s = synthetic(n, 4, false);
            let model = s.model();
            let u = s.run(&model, &opts(100, 5));
            let ci = u.touchpoints[1].importance_ci.unwrap();
            let sat = u.touchpoints[1].satisfaction_ci.unwrap();
            (ci[1] - ci[0], sat[1] - sat[0])
        };
        let (imp_small, sat_small) = width(500);
        let (imp_large, sat_large) = width(8_000);
        // Widths go with 1 / sqrt(n): a factor 4 here; ask for 2.
        assert!(imp_large * 2.0 < imp_small, "{imp_large} vs {imp_small}");
        assert!(sat_large * 2.0 < sat_small, "{sat_large} vs {sat_small}");
    }

    /// The block bootstrap of chunk statistics agrees with the respondent
    /// bootstrap on a large sample.
    #[test]
    fn block_bootstrap_agrees_with_respondent_bootstrap() {
        let s = synthetic(40_000, 6, true);
        let model = s.model();
        let rows = s.run(
            &model,
            &BootstrapOptions {
                replicates: 200,
                block_from: usize::MAX,
                ..BootstrapOptions::default()
            },
        );
        let blocks = s.run(&model, &opts(200, DEFAULT_SEED));
        assert_eq!(rows.unit, ResampleUnit::Respondent);
        assert_eq!(blocks.unit, ResampleUnit::Chunk);
        let width = |ci: [f64; 2]| ci[1] - ci[0];
        let close = |a: [f64; 2], b: [f64; 2], what: &str| {
            if width(b) == 0.0 {
                assert_eq!(width(a), 0.0, "{what}");
                return;
            }
            let ratio = width(a) / width(b);
            assert!((0.7..1.4).contains(&ratio), "{what}: {a:?} vs {b:?}");
            let mid = |c: [f64; 2]| (c[0] + c[1]) / 2.0;
            assert!(
                (mid(a) - mid(b)).abs() < 0.5 * width(b),
                "{what}: {a:?} vs {b:?}"
            );
        };
        close(blocks.r2_ci, rows.r2_ci, "r2");
        for j in 0..3 {
            let (b, r) = (&blocks.touchpoints[j], &rows.touchpoints[j]);
            close(
                b.importance_ci.unwrap(),
                r.importance_ci.unwrap(),
                "importance",
            );
            close(
                b.satisfaction_ci.unwrap(),
                r.satisfaction_ci.unwrap(),
                "satisfaction",
            );
            close(b.frequency_ci, r.frequency_ci, "frequency");
        }
    }

    /// A touchpoint rated by 40 respondents, 39 of them giving 8 and one 3:
    /// most replicates draw no 3, so the quality term has no variance there.
    /// Its effect is then 0 and nothing is NaN.
    #[test]
    fn a_term_without_variance_in_a_replicate_is_zero_not_nan() {
        let mut s = synthetic(300, 8, false);
        for (i, v) in s.touchpoints[3].iter_mut().enumerate() {
            *v = match i {
                0 => Some(3.0),
                1..40 => Some(8.0),
                _ => None,
            };
        }
        let model = s.model();
        assert!(model.touchpoints[3].quality_effect.is_some());
        let u = s.run(&model, &opts(100, 9));
        let d = &u.draws;
        for v in [
            &d.satisfaction,
            &d.frequency,
            &d.importance,
            &d.impact,
            &d.r2,
            &d.noise,
        ] {
            assert!(v.iter().all(|x| x.is_finite()));
        }
        let t = &u.touchpoints[3];
        assert!(t.importance_ci.unwrap().iter().all(|x| x.is_finite()));
        assert!(t.impact_pct_ci.unwrap().iter().all(|x| x.is_finite()));
    }

    #[test]
    fn zero_replicates_is_off() {
        let s = synthetic(100, 10, false);
        let model = s.model();
        let survey = SurveySample {
            touchpoints: s.touchpoints.iter().map(|t| t.as_slice()).collect(),
            weights: None,
            rows: &s.rows,
        };
        let kpis = [KpiSample {
            kpi: &s.kpi,
            model: &model,
        }];
        assert!(bootstrap(&survey, &kpis, &opts(0, 1)).unwrap().is_empty());
    }

    /// From `COVARIANCE_SOLVE_FROM` respondents on, `fit_kpi` solves from
    /// covariances instead of QR: the survey repeated 8 times (24,000 rows,
    /// that path) gives the model of the survey once (3,000 rows, QR).
    #[test]
    fn covariance_solve_matches_qr() {
        let s = synthetic(3_000, 12, true);
        let once = s.model();
        let times = 8;
        let rep = |v: &Vec<Option<f64>>| -> Vec<Option<f64>> {
            (0..times).flat_map(|_| v.iter().copied()).collect()
        };
        let big = Synthetic {
            touchpoints: s.touchpoints.iter().map(rep).collect(),
            kpi: rep(&s.kpi),
            weights: s
                .weights
                .as_ref()
                .map(|w| (0..times).flat_map(|_| w.iter().copied()).collect()),
            rows: (0..times * s.rows.len()).collect(),
        };
        let many = big.model();
        assert!(many.n >= crate::linear::COVARIANCE_SOLVE_FROM);
        assert!((once.r2 - many.r2).abs() < 1e-10);
        assert!((once.intercept - many.intercept).abs() < 1e-9);
        for (a, b) in once.touchpoints.iter().zip(&many.touchpoints) {
            for (x, y) in [
                (a.incidence_effect, b.incidence_effect),
                (a.quality_effect, b.quality_effect),
            ] {
                assert_eq!(x.is_some(), y.is_some());
                if let (Some(x), Some(y)) = (x, y) {
                    assert!((x - y).abs() < 1e-9, "{x} vs {y}");
                }
            }
            assert!((a.importance - b.importance).abs() < 1e-10);
        }
    }

    #[test]
    fn quantiles_interpolate() {
        let mut v = vec![4.0, 1.0, 3.0, 2.0];
        assert_eq!(quantile(&mut v, 0.0), 1.0);
        assert_eq!(quantile(&mut v, 1.0), 4.0);
        assert!((quantile(&mut v, 0.5) - 2.5).abs() < 1e-12);
        assert!((quantile(&mut v, 0.25) - 1.75).abs() < 1e-12);
    }
}
