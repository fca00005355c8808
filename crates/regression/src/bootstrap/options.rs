//! What the caller hands the bootstrap: its settings, and the survey's
//! respondents with each KPI's data and full-sample model.

use crate::KpiModel;

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
    /// Called once each replicate is done (a progress display); it only
    /// watches, so it takes no part in equality.
    pub on_replicate: ReplicateHook,
}

/// A call after each bootstrap replicate, from any thread.
#[derive(Clone, Default)]
pub struct ReplicateHook(pub Option<std::sync::Arc<dyn Fn() + Send + Sync>>);

impl ReplicateHook {
    pub(super) fn tell(&self) {
        if let Some(hook) = &self.0 {
            hook();
        }
    }
}

impl std::fmt::Debug for ReplicateHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "ReplicateHook(set)"
        } else {
            "ReplicateHook(none)"
        })
    }
}

impl PartialEq for ReplicateHook {
    fn eq(&self, _: &ReplicateHook) -> bool {
        true
    }
}

impl Default for BootstrapOptions {
    fn default() -> Self {
        BootstrapOptions {
            replicates: 200,
            seed: DEFAULT_SEED,
            level: 0.95,
            block_from: 20_000,
            chunks: 512,
            on_replicate: ReplicateHook::default(),
        }
    }
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
    /// Whether the replicates decompose the model's R²: importance and
    /// impact intervals and the significance flag. False for a model whose
    /// effects alone are read (an NPS in points beside its score's model),
    /// which saves a decomposition per replicate; its gains and mean keep
    /// their intervals.
    pub importance: bool,
}
