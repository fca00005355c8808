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
    /// Exact Shapley up to this many touchpoints with a term in the model
    /// (default 25, capped at [`crate::MAX_EXACT_GROUPS`]); above it,
    /// permutation-sampled Shapley with a standard error.
    pub exact_limit: usize,
    /// Sampled Shapley up to this many touchpoints (default 100: about a
    /// second per KPI with the default permutations); above it importance
    /// is Johnson's relative weights alone
    /// ([`ImportanceMethod::RelativeWeights`]).
    pub sampling_limit: usize,
    /// Orders sampled for sampled Shapley, in antithetic pairs (default
    /// [`crate::DEFAULT_PERMUTATIONS`]).
    pub permutations: usize,
    /// Seed of the sampled orders: same seed, same result.
    pub seed: u64,
    /// The capacity rule: a yes/no KPI's model is fitted only when it has
    /// at most one term per this many respondents with the rarer answer,
    /// any other KPI's when it has at most one per half as many
    /// respondents ([`crate::per_term_continuous`]). Default
    /// [`crate::PER_TERM`]; 0 turns the rule off. See [`Capacity`].
    pub per_term: usize,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            min_not_experienced: 30,
            small_base: 30,
            exact_limit: 25,
            sampling_limit: 100,
            permutations: crate::DEFAULT_PERMUTATIONS,
            seed: 1,
            per_term: crate::PER_TERM,
        }
    }
}

/// What a KPI model needs against what its data carry: the capacity rule
/// of [`ModelOptions::per_term`], checked before any fit.
///
/// A model estimates one coefficient per term; each needs about
/// `per_term` observations of the limiting sample size or the estimates,
/// R² and the importances mostly describe noise (the expected R² of a
/// linear model on pure noise is `terms / (n - 1)`; a logistic model with
/// fewer than about ten of the rarer answer per term has biased
/// coefficients and unstable fits: Peduzzi et al. 1996, Harrell 2015).
/// The limiting sample size is the number of respondents, or for a KPI
/// with two answers the number who gave the rarer one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Capacity {
    /// Touchpoints with a term in the model.
    pub touchpoints: usize,
    /// Terms the model would estimate (after the design's screening).
    pub terms: usize,
    /// The limiting sample size (unweighted).
    pub base: usize,
    /// `base` counts the respondents who gave the rarer of two answers.
    pub rarer_answer: bool,
    /// Observations of `base` needed per term.
    pub per_term: usize,
}

impl Capacity {
    /// Most terms the data carry: `base / per_term`.
    pub fn max_terms(&self) -> usize {
        self.base / self.per_term.max(1)
    }

    /// About how many of the touchpoints the data carry, at their average
    /// number of terms each.
    pub fn max_touchpoints(&self) -> usize {
        if self.terms == 0 {
            return self.touchpoints;
        }
        (self.max_terms() * self.touchpoints / self.terms).min(self.touchpoints)
    }

    /// The limiting sample size the model's terms need.
    pub fn base_needed(&self) -> usize {
        self.terms * self.per_term
    }

    /// The data carry the model's terms.
    pub fn suffices(&self) -> bool {
        self.terms <= self.max_terms()
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

/// Which of a touchpoint's terms carries most of its effect: the term
/// with the larger share of the direction weight `beta^2 var(term)` (see
/// [`TouchpointEffect::direction`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImpactBasis {
    /// The incidence effect: having experienced the moment at all.
    Incidence,
    /// The quality slope: how well the moment went.
    Quality,
    /// Neither term is in the model (or both effects are zero): impact is
    /// zero.
    None,
}

/// Which model explains the KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    /// Weighted least squares on the KPI score; importance decomposes R².
    #[default]
    Linear,
    /// Logistic regression on a 0/1 KPI (see [`crate::fit_kpi_logistic`]):
    /// effects are log-odds coefficients and importance decomposes
    /// McFadden's pseudo-R².
    Logistic,
}

/// How importance was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportanceMethod {
    /// Exact Shapley (LMG) value over all subsets of touchpoint groups.
    ShapleyExact,
    /// Shapley value estimated from sampled permutations of the groups;
    /// each touchpoint's standard error is in
    /// [`TouchpointEffect::importance_se`].
    ShapleySampled,
    /// Johnson's relative weights (above [`ModelOptions::sampling_limit`]
    /// touchpoints, where even sampling is too slow).
    RelativeWeights,
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
    /// The part of `importance` carried by the incidence term: the group's
    /// Shapley value divided between its terms in proportion to the KPI
    /// variance each term moves on its own, `beta_t^2 var(term_t)`.
    /// `importance_incidence + importance_quality = importance`; `None`
    /// when the incidence term is not in the model.
    pub importance_incidence: Option<f64>,
    /// The part of `importance` carried by the quality term (as above);
    /// `None` when the quality term is not in the model.
    pub importance_quality: Option<f64>,
    /// Net direction of the touchpoint's effect, in `[-1, 1]`: the sum of
    /// its terms' coefficient signs, each weighted by the KPI variance the
    /// term moves on its own (`beta_t^2 var(term_t)`), over the sum of the
    /// weights. +1: every term helps; -1: every term hurts; near 0: the
    /// terms pull against each other. A term whose coefficient is about
    /// zero weighs about nothing, whatever Shapley credit it shares with
    /// correlated neighbours. 0 when no term is in the model.
    pub direction: f64,
    /// `importance` signed by the direction (`-importance` when
    /// `direction < 0`, 0 when it is 0). Only the sign is taken, so that
    /// the impacts' sizes still add up to R²; a direction near zero shows
    /// in `direction` and in the bootstrap's uncertainty.
    pub impact: f64,
    /// Which term carries most of the direction weight.
    pub impact_basis: ImpactBasis,
    /// What-if, one point more: the change in the mean of the KPI (its own
    /// units after orientation, positive = better; for a logistic model the
    /// share of the positive class, 0-1) if every model respondent who
    /// experienced the touchpoint rated it one point higher, capped at the
    /// top of its scale, all else equal. Filled by [`crate::add_gains`];
    /// `None` without a quality term.
    pub gain_one_point: Option<f64>,
    /// What-if, prevent: the change in the mean of the KPI (units as
    /// `gain_one_point`) if one in ten of the model respondents who now
    /// experience the touchpoint no longer did, all else equal. Positive
    /// for a moment that hurts. Filled by [`crate::add_gains`]; `None`
    /// without an incidence term.
    pub gain_prevent: Option<f64>,
    /// Fewer than [`ModelOptions::small_base`] model respondents experienced it.
    pub small_base: bool,
    /// Logistic models only: `exp(c_j)`, the odds of the positive class for
    /// those who experienced the touchpoint (at average satisfaction) over
    /// the odds for those who did not, other touchpoints held equal.
    /// `None` for linear models, when the incidence term is not in the
    /// model, or when the coefficient diverged (see [`KpiModel::separation`]).
    pub incidence_odds_ratio: Option<f64>,
    /// Logistic models only: `exp(b_j)`, the factor by which the odds of
    /// the positive class change per satisfaction point. `None` as for
    /// [`TouchpointEffect::incidence_odds_ratio`].
    pub quality_odds_ratio: Option<f64>,
    /// Standard error of `importance` when it was estimated by sampling
    /// permutations (`importance_method = shapley-sampled`); `None` when it
    /// is exact.
    pub importance_se: Option<f64>,
    /// Johnson's relative weight of the touchpoint's terms, reported beside
    /// the Shapley importance whatever the method; the relative weights of
    /// a (linear) model sum to its R².
    pub relative_weight: f64,
}

impl TouchpointEffect {
    /// A touchpoint's bases, centre and small-base flag, before any term is
    /// fitted: no effects, zero importance and impact.
    pub fn unfitted(
        n_experienced: usize,
        n_not_experienced: usize,
        centre: Option<f64>,
        small_base: bool,
    ) -> TouchpointEffect {
        TouchpointEffect {
            n_experienced,
            n_not_experienced,
            centre,
            incidence_effect: None,
            quality_effect: None,
            quality_effect_std: None,
            importance: 0.0,
            importance_share: 0.0,
            importance_incidence: None,
            importance_quality: None,
            direction: 0.0,
            impact: 0.0,
            impact_basis: ImpactBasis::None,
            gain_one_point: None,
            gain_prevent: None,
            small_base,
            incidence_odds_ratio: None,
            quality_odds_ratio: None,
            importance_se: None,
            relative_weight: 0.0,
        }
    }
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
    /// How [`TouchpointEffect::importance`] was computed: exact Shapley up
    /// to [`ModelOptions::exact_limit`] touchpoints in the model, sampled
    /// Shapley up to [`ModelOptions::sampling_limit`], relative weights
    /// above.
    pub importance_method: ImportanceMethod,
    /// One entry per input touchpoint, in input order.
    pub touchpoints: Vec<TouchpointEffect>,
    /// Terms left out, with reasons.
    pub dropped: Vec<DroppedTerm>,
    /// Condition number (largest over smallest eigenvalue) of the
    /// correlation matrix of the terms in the model: 1 for uncorrelated
    /// terms, above about 1000 a sign that effects are poorly determined.
    /// Finite (at most about 4.5e15) even for a singular matrix; 1 when
    /// there are no terms.
    pub condition_number: f64,
    /// `linear` (least squares on the score) or `logistic` (0/1 KPI). For a
    /// logistic model [`KpiModel::r2`] is McFadden's pseudo-R², `intercept`
    /// and the incidence and quality effects are log-odds, `kpi_mean` is the
    /// weighted share of the positive class and `kpi_sd` its
    /// `sqrt(p (1 - p))`.
    pub model: ModelKind,
    /// Logistic models: McFadden's pseudo-R², `1 - LL_model / LL_null`
    /// (weighted log-likelihoods; `LL_null` from the intercept-only model).
    /// `None` for linear models.
    pub pseudo_r2: Option<f64>,
    /// Logistic models: the classes are (quasi-)completely separated by the
    /// design, so some coefficients diverge. The fit stops after a capped
    /// number of iterations; likelihoods and pseudo-R² are still defined
    /// (they converge), but the diverging coefficients are not estimable
    /// and their odds ratios are `None`. Always false for linear models.
    pub separation: bool,
    /// Logistic models on more than
    /// [`LOGISTIC_DECOMPOSITION_ROWS`](crate::LOGISTIC_DECOMPOSITION_ROWS)
    /// respondents: the size of the seeded random subsample on which the
    /// sub-model fits of the pseudo-R² decomposition ran (anchored at the
    /// linear-probability decomposition of every respondent; see
    /// `fit_kpi_logistic`). `None` when every respondent was used.
    pub importance_subsample: Option<usize>,
    /// Reasons not to read this model's importances as sound (empty for a
    /// sound model): the report flags such a KPI and leaves it out of the
    /// priorities.
    pub caveats: Vec<ModelCaveat>,
}

/// Why a KPI model's importances and impacts should not be read as sound.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ModelCaveat {
    /// Logistic model: the touchpoints separate the two answers (see
    /// [`KpiModel::separation`]).
    Separation,
    /// Logistic model: the rarer answer was given by fewer respondents
    /// than `min` (the small-base threshold), too few to estimate the
    /// model's terms soundly.
    FewInClass { n: usize, min: usize },
    /// The importances did not add up to the model's R² within 1%
    /// (numerical trouble in the decomposition); `sum` is what they added
    /// up to before they were rescaled to R².
    ImportanceSum { sum: f64 },
}
