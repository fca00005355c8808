//! The plain numeric types the regression crate hands to its callers.
//!
//! Nothing here knows about files, data frames or reports: a caller fills a
//! [`DriverData`], asks for a [`KpiModel`] and reads numbers back.

use serde::Serialize;

/// The respondents of one KPI model: the KPI answer, every touchpoint's
/// satisfaction (`None` = not experienced) and an optional weight, all of the
/// same length and in the same respondent order.
#[derive(Debug, Clone, Default)]
pub struct DriverData {
    /// KPI value per respondent, already oriented so that higher is better.
    pub kpi: Vec<f64>,
    /// One vector per touchpoint; `None` where the respondent did not
    /// experience (or cannot remember) the touchpoint.
    pub touchpoints: Vec<Vec<Option<f64>>>,
    /// Survey weights (positive), or `None` for an unweighted analysis.
    pub weights: Option<Vec<f64>>,
}

/// Settings of the impact model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelOptions {
    /// An incidence term needs at least this many respondents who did not
    /// experience the touchpoint (unweighted count); below it the term drops
    /// out and the touchpoint's net effect is its quality slope.
    pub min_not_experienced: usize,
    /// A touchpoint experienced by fewer respondents than this is flagged as
    /// a small base.
    pub small_base: usize,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            min_not_experienced: 30,
            small_base: 30,
        }
    }
}

/// Performance and frequency of one touchpoint among a set of respondents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Descriptives {
    /// Respondents (unweighted) who rated the touchpoint.
    pub n_experienced: usize,
    /// Respondents (unweighted) described.
    pub n_total: usize,
    /// Weighted share of respondents who experienced it, between 0 and 1.
    pub frequency: f64,
    /// Weighted mean satisfaction among those who experienced it.
    pub satisfaction_mean: Option<f64>,
    /// Weighted standard deviation of satisfaction among them.
    pub satisfaction_sd: Option<f64>,
    /// Weighted median satisfaction among them.
    pub satisfaction_median: Option<f64>,
    /// Weighted share of them at or above the top-box threshold.
    pub top_box_share: Option<f64>,
}

/// Net Promoter Score of a 0-10 recommendation question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NpsSummary {
    /// Respondents (unweighted) with an answer.
    pub n: usize,
    /// % promoters - % detractors, from -100 to +100.
    pub score: f64,
    /// Weighted share (0-1) answering 9 or 10.
    pub promoters: f64,
    /// Weighted share (0-1) answering 7 or 8.
    pub passives: f64,
    /// Weighted share (0-1) answering 0 to 6.
    pub detractors: f64,
}

/// One of the two terms a touchpoint contributes to the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// `d_j`: experienced the touchpoint or not.
    Incidence,
    /// `d_j * (x_j - mean_j)`: satisfaction among those who experienced it.
    Quality,
}

/// Why a term is not in the model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DropReason {
    /// Fewer respondents than the minimum did not experience the touchpoint.
    TooFewNotExperienced { n: usize, min: usize },
    /// Every respondent of the model experienced the touchpoint.
    EveryoneExperienced,
    /// Fewer than two respondents rated the touchpoint.
    TooFewExperienced { n: usize },
    /// All who experienced the touchpoint gave the same score.
    NoVariation,
    /// The term is (almost) a linear combination of terms already in the
    /// model, e.g. touchpoints that the same respondents skipped together.
    Collinear { with: Vec<TermRef> },
}

/// A term of a given touchpoint (index into [`DriverData::touchpoints`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TermRef {
    pub touchpoint: usize,
    pub term: Term,
}

/// A term left out of the model, with its reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DroppedTerm {
    pub touchpoint: usize,
    pub term: Term,
    pub reason: DropReason,
}

/// Which effect gives a touchpoint's impact its sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImpactBasis {
    /// The incidence effect (enough respondents did not experience it).
    Incidence,
    /// The quality slope (the incidence term is not in the model).
    Quality,
    /// Neither term is in the model: impact is zero.
    None,
}

/// How importance was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportanceMethod {
    /// Exact Shapley (LMG) value over all subsets of touchpoint groups.
    ShapleyExact,
}

/// One touchpoint's effects in one KPI model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TouchpointEffect {
    /// Model respondents (unweighted) who experienced the touchpoint.
    pub n_experienced: usize,
    /// Model respondents (unweighted) who did not.
    pub n_not_experienced: usize,
    /// Weighted mean satisfaction among model respondents who experienced
    /// it: the centre of the quality term.
    pub centre: Option<f64>,
    /// `c_j`: KPI difference between those who experienced the touchpoint
    /// (at average satisfaction) and those who did not, other touchpoints
    /// held equal. `None` when the term is not in the model.
    pub incidence_effect: Option<f64>,
    /// `b_j`: KPI points per satisfaction point among those who experienced
    /// it. `None` when the term is not in the model.
    pub quality_effect: Option<f64>,
    /// `b_j` times the standard deviation of the quality term over the
    /// standard deviation of the KPI (a standardized beta).
    pub quality_effect_std: Option<f64>,
    /// Shapley (LMG) share of R² for the touchpoint's group of terms; the
    /// importances of a model sum to its R².
    pub importance: f64,
    /// `importance / R²` (0 when R² is 0): the share of the explained
    /// variance, between 0 and 1.
    pub importance_share: f64,
    /// `importance` signed by the net effect (see [`ImpactBasis`]).
    pub impact: f64,
    /// Which effect gave the sign.
    pub impact_basis: ImpactBasis,
    /// Fewer than [`ModelOptions::small_base`] model respondents experienced it.
    pub small_base: bool,
}

/// The fitted impact model of one KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiModel {
    /// Respondents (unweighted) in the model.
    pub n: usize,
    /// Sum of their weights (equals `n` when unweighted).
    pub weighted_n: f64,
    /// Weighted mean of the KPI.
    pub kpi_mean: f64,
    /// Weighted standard deviation of the KPI.
    pub kpi_sd: f64,
    /// Coefficient of determination of the full model.
    pub r2: f64,
    /// R² adjusted for the number of terms in the model; `None` when the
    /// model has no residual degrees of freedom.
    pub adj_r2: Option<f64>,
    /// Model intercept `a`: the KPI of a respondent who experienced nothing
    /// (where incidence terms are in the model).
    pub intercept: f64,
    /// Terms in the model.
    pub n_terms: usize,
    pub importance_method: ImportanceMethod,
    /// One entry per input touchpoint, in input order.
    pub touchpoints: Vec<TouchpointEffect>,
    /// Terms left out, with reasons.
    pub dropped: Vec<DroppedTerm>,
}
