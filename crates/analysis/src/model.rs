//! The hand-off model: what [`analyse`](crate::analyse) produces and the
//! report crate renders (it re-exports these types). Plain data: the
//! survey's facts and every KPI's model; the report computes no statistics
//! of its own beyond placing touchpoints in quadrants.

use cximpact_regression::{Descriptives, KpiModel, KpiUncertainty, NpsSummary};
use serde::Serialize;

pub use crate::findings::{
    ExclusionReason, ReadExclusion, ReadWarning, Shortest, SumsGap, Warning, WarningKind,
};
/// The machine code of a warning kind (`out_of_scale`, ...).
pub use cximpact_ingest::Finding;
/// The kind of a KPI question, as ingest declares it.
pub use cximpact_ingest::KpiKind;

/// Everything one run produced, ready to be reported.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// A short title for the report, e.g. the survey file's stem.
    pub title: String,
    /// The survey file as given on the command line.
    pub source_file: String,
    /// Data rows read from the file.
    pub respondents_in: usize,
    /// Rows used in at least one KPI model.
    pub respondents_analysed: usize,
    /// Name of the weight column, if the analysis is weighted.
    pub weight_column: Option<String>,
    /// Rows left out of the whole analysis, grouped by reason.
    pub excluded: Vec<Exclusion>,
    /// Data-quality findings that did not stop the analysis.
    pub warnings: Vec<Warning>,
    /// Touchpoints in journey order, with performance and frequency over
    /// all analysed respondents.
    pub touchpoints: Vec<TouchpointInfo>,
    /// One entry per KPI, in config order.
    pub kpis: Vec<KpiAnalysis>,
    /// The KPI the report leads with and ranks the priority list on
    /// (index into `kpis`; config `[report] lead_kpi`, else 0).
    pub lead_kpi: usize,
    /// Respondent counts and KPI levels per segment.
    pub segments: Vec<SegmentSummary>,
    /// Settings that shaped the numbers, for the methods appendix.
    pub settings: AnalysisSettings,
    /// The previous wave and what moved since (`--compare`).
    pub comparison: Option<Comparison>,
    /// Per segment group: its own analysis, or why it has none, and which
    /// touchpoints act differently in it.
    pub segment_models: Vec<SegmentAnalysis>,
}

/// One customer group (a value of a segment column).
#[derive(Debug, Clone, Serialize)]
pub struct SegmentAnalysis {
    pub column: String,
    /// The column's readable name (`[segments.labels]`, else the column).
    pub column_label: String,
    /// The value as in the export; empty for the blank answers.
    pub value: String,
    /// The value's readable name.
    pub label: String,
    /// Analysed respondents in the group.
    pub analysed: usize,
    /// The smallest group with an analysis of its own (`[segments]
    /// min_size`).
    pub min_size: usize,
    /// Why the group has no analysis of its own.
    pub skipped: Option<SegmentSkip>,
    /// The group's own analysis (no bootstrap, no segments).
    #[serde(skip)]
    pub analysis: Option<Box<Analysis>>,
    /// Per KPI of the whole analysis: does each touchpoint act differently
    /// in the group than in the rest?
    #[serde(skip)]
    pub differences: Vec<KpiDifferences>,
}

/// Why a segment group has no analysis of its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentSkip {
    /// Fewer analysed respondents than `[segments] min_size`.
    TooSmall { n: usize, min: usize },
    /// The respondents who left the segment question blank.
    Blank,
    /// No KPI could be modelled in the group: each KPI's reason (the data
    /// carry fewer terms than the model has, say).
    #[serde(serialize_with = "warning_texts")]
    NoKpiModelled(Vec<WarningKind>),
    /// The group's analysis failed (the error in English).
    Failed(String),
}

/// The reasons as their English texts (the JSON field of a skip).
fn warning_texts<S: serde::Serializer>(kinds: &[WarningKind], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(kinds.iter().map(ToString::to_string))
}

/// The group-difference tests of one KPI.
#[derive(Debug, Clone)]
pub struct KpiDifferences {
    /// Index into the whole analysis's `kpis`.
    pub kpi: usize,
    /// Per touchpoint (journey order); `None` where it cannot be tested.
    /// `p_adjusted` is Holm's over every group of the segment column and
    /// every touchpoint of the KPI.
    pub touchpoints: Vec<Option<GroupDifference>>,
}

pub use cximpact_regression::GroupDifference;

/// The comparison of an analysis with the previous wave's.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The previous wave's survey file.
    pub previous_file: String,
    /// The previous wave's whole analysis.
    #[serde(skip)]
    pub previous: Box<Analysis>,
    /// One entry per KPI of this wave that the previous wave has too.
    pub kpis: Vec<KpiComparison>,
    /// Touchpoint columns of this wave only, and of the previous only.
    pub touchpoints_only_current: Vec<String>,
    pub touchpoints_only_previous: Vec<String>,
    /// KPI columns of this wave only, and of the previous only.
    pub kpis_only_current: Vec<String>,
    pub kpis_only_previous: Vec<String>,
}

/// One KPI in both waves.
#[derive(Debug, Clone, Serialize)]
pub struct KpiComparison {
    /// Index into this wave's `kpis`.
    pub kpi: usize,
    /// Index into the previous wave's `kpis`.
    pub previous_kpi: usize,
    /// NPS now minus NPS then (NPS questions), with its interval.
    pub nps_change: Option<f64>,
    pub nps_change_ci: Option<[f64; 2]>,
    /// The KPI's mean now minus then, in the units of its model (a
    /// reversed KPI reversed; a yes/no KPI as a share 0-1).
    pub mean_change: f64,
    pub mean_change_ci: Option<[f64; 2]>,
    /// Every touchpoint of this wave that the previous one has, in this
    /// wave's journey order.
    pub touchpoints: Vec<TouchpointChange>,
}

/// How one touchpoint moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TouchpointChange {
    /// Index into this wave's `touchpoints`.
    pub touchpoint: usize,
    /// Index into the previous wave's `touchpoints`.
    pub previous_touchpoint: usize,
    /// Mean satisfaction now minus then (scale points).
    pub satisfaction_change: Option<f64>,
    pub satisfaction_change_ci: Option<[f64; 2]>,
    /// Share who experienced it now minus then (0-1).
    pub frequency_change: f64,
    pub frequency_change_ci: Option<[f64; 2]>,
    /// Signed impact as a percentage of what the model explains, now minus
    /// then (percentage points: the matrix's y axis).
    pub impact_change: f64,
    pub impact_change_ci: Option<[f64; 2]>,
    /// Satisfaction or frequency changed: the change is further from zero
    /// than `z` bootstrap standard errors, with `z` the normal quantile of
    /// `1 - (1 - level) / 4` (2.24 at 95%: Bonferroni over the two
    /// measures, so that a touchpoint that did not change is flagged in at
    /// most 1 - `level` of waves). The standard error is the spread of the
    /// paired replicate differences, which a few hundred replicates
    /// estimate well, where the far tails of a percentile interval would
    /// not. `None` without a bootstrap.
    pub significant_change: Option<bool>,
}

/// Impact as the signed share of explained variance, in % (the matrix's
/// y); 0 where the model explains nothing.
pub fn impact_pct(impact: f64, r2: f64) -> f64 {
    if r2 > 0.0 && r2.is_finite() && impact.is_finite() {
        impact / r2 * 100.0
    } else {
        0.0
    }
}

/// Settings echoed in the methods appendix.
#[derive(Debug, Clone, Serialize)]
pub struct AnalysisSettings {
    /// Minimum number of respondents who did not experience a touchpoint
    /// for its incidence term to enter the model.
    pub min_not_experienced: usize,
    /// Below this many experienced respondents a touchpoint is a small base.
    pub small_base: usize,
}

/// Rows left out, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exclusion {
    /// Why, e.g. no answer to the KPI question (written in English in
    /// data outputs).
    pub reason: ExclusionReason,
    /// Number of rows with this reason.
    pub count: usize,
    /// Data rows (1-based, header not counted) with this reason.
    pub rows: Vec<usize>,
    /// The respondent id of each of `rows`, in the same order (the row
    /// number where the survey has no id), for `excluded.csv`.
    #[serde(skip)]
    pub ids: Vec<String>,
}

/// A touchpoint as the survey describes it.
#[derive(Debug, Clone, Serialize)]
pub struct TouchpointInfo {
    /// Column name in the survey file (the stable id in data outputs).
    pub name: String,
    pub label: String,
    pub phase: Option<String>,
    /// Lowest and highest point of the satisfaction scale.
    pub scale: (f64, f64),
    /// Lowest score counted as top box.
    pub top_box_from: f64,
    /// Performance and frequency over all analysed respondents.
    pub descriptives: Descriptives,
    /// The organisation can act on the moment (config `controllable`).
    /// When false the report marks it, gives it no prevent or economize
    /// advice and leaves it out of the priority list.
    pub controllable: bool,
    /// The consultant's note, shown with the touchpoint.
    pub note: Option<String>,
}

/// One KPI and its impact model.
#[derive(Debug, Clone, Serialize)]
pub struct KpiAnalysis {
    /// Column name in the survey file.
    pub name: String,
    pub label: String,
    pub kind: KpiKind,
    pub scale: (f64, f64),
    /// True when low answers are good (e.g. effort); the model then uses
    /// the reversed score so that a positive impact is always good news.
    pub reverse: bool,
    pub model: KpiModel,
    /// NPS breakdown, for `kind = nps`.
    pub nps: Option<NpsSummary>,
    /// Analysed respondents left out of this KPI's model, by reason.
    pub excluded: Vec<Exclusion>,
    /// Bootstrap intervals, quadrant draws and the noise benchmark; `None`
    /// when the bootstrap is off (`--bootstrap 0`) or not available for
    /// this model.
    pub uncertainty: Option<KpiUncertainty>,
    /// NPS questions analysed as a score: the what-ifs in NPS points.
    pub nps_effects: Option<NpsEffects>,
    /// A logistic model of a large survey fitted on a random subsample of
    /// the KPI's respondents (see
    /// [`LOGISTIC_MODEL_ROWS`](crate::LOGISTIC_MODEL_ROWS)); `None` when
    /// the model uses every respondent who answered the KPI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subsample: Option<ModelSubsample>,
}

/// The seeded random subsample a KPI's model was fitted on: `n` of the
/// `of` analysed respondents who answered the KPI. Its fit, importances,
/// what-ifs and bootstrap all use those `n` (`model.n` is `n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ModelSubsample {
    /// Respondents in the subsample.
    pub n: usize,
    /// Analysed respondents who answered the KPI.
    pub of: usize,
    /// The seed of the draw (the bootstrap's seed).
    pub seed: u64,
}

/// The what-ifs of an NPS question in NPS points (-100..100).
///
/// Each customer's NPS contribution is +100 (promoter, 9-10), 0 (passive)
/// or -100 (detractor, 0-6); their weighted mean is the NPS. `model` is the
/// linear impact model of that contribution on the same terms as the
/// score's model (the promoter model minus the detractor model, both as
/// linear probability models), so its touchpoints'
/// [`gain_one_point`](cximpact_regression::TouchpointEffect::gain_one_point)
/// and `gain_prevent` are in NPS points and its `kpi_mean` is the NPS.
#[derive(Debug, Clone, Serialize)]
pub struct NpsEffects {
    pub model: KpiModel,
    /// Its bootstrap: gain intervals per touchpoint, and the NPS interval
    /// (`kpi_mean_ci`); `None` without a bootstrap.
    pub uncertainty: Option<KpiUncertainty>,
}

/// Respondents and KPI levels within the groups of one segment variable.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentSummary {
    pub column: String,
    pub groups: Vec<SegmentGroup>,
}

/// One group of a segment variable.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentGroup {
    /// The group's value; blank answers form a group of their own.
    pub value: String,
    /// Analysed respondents in the group (unweighted).
    pub n: usize,
    /// Per KPI, in the order of [`Analysis::kpis`]: the NPS for an NPS
    /// KPI, otherwise the weighted mean (share for binary), as reported;
    /// `None` where the group has no answers.
    pub kpi_values: Vec<Option<f64>>,
}
