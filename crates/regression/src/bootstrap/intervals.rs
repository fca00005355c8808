//! What the bootstrap hands back: percentile intervals of every number a
//! client acts on, the significance and uncertainty flags, and the
//! replicate values behind them.

use serde::Serialize;

/// What one replicate draws with replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResampleUnit {
    /// Respondents (the classic case bootstrap).
    Respondent,
    /// Chunks of respondents, through their sufficient statistics.
    Chunk,
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
