//! Touchpoint impact on a KPI, the statistical core of cximpact.
//!
//! Each touchpoint `j` enters a KPI model with two terms (see the crate
//! README and DOMAIN notes):
//!
//! ```text
//! y = a + sum_j ( c_j * d_j + b_j * d_j * (x_j - mean_j) ) + e
//! ```
//!
//! `d_j` is 1 where the respondent experienced the touchpoint, `x_j` the
//! satisfaction and `mean_j` the mean satisfaction among those who did.
//! `c_j` is the incidence effect, `b_j` the quality effect. Importance is the
//! Shapley (LMG) share of R² with each touchpoint's two terms as one player:
//! exact over all subsets up to 25 touchpoints (`shapley`), sampled from
//! permutations with a standard error above that (`sampled`), with
//! Johnson's relative weights (`relweights`) reported beside it and used
//! alone beyond 100 touchpoints (`importance`).
//!
//! The crate takes plain vectors and returns plain numbers: no files, no
//! data frames.

mod types;

pub use types::*;
mod bootstrap;
mod describe;
mod design;
mod direction;
mod error;
mod importance;
mod linalg;
mod linear;
mod logistic;
mod rng;
mod whatif;

pub use bootstrap::{
    bootstrap, quantile, BootstrapDraws, BootstrapOptions, KpiSample, KpiUncertainty, ResampleUnit,
    SurveySample, TouchpointUncertainty, DEFAULT_SEED,
};
pub use describe::{describe, nps, nps_contribution};
pub use design::MIN_RESPONDENTS;
pub use error::RegressionError;
pub use importance::{
    importance_method_for, phase_importance, relative_weights, relative_weights_from_correlation,
    sampled_shapley, sampled_shapley_from_correlation, shapley_decomposition,
    shapley_from_correlation, Decomposition, PhaseImportance, RelativeWeights,
    SampledDecomposition, DEFAULT_PERMUTATIONS, MAX_EXACT_GROUPS,
};
pub use linear::{fit_kpi, fit_kpi_pair};
pub use logistic::{
    fit_kpi_logistic, fit_logistic, LogisticFit, LOGISTIC_DECOMPOSITION_ROWS,
    LOGISTIC_MAX_ITERATIONS, LOGISTIC_MAX_PAIRS, LOGISTIC_MIN_PAIRS, MAX_EXACT_LOGISTIC_GROUPS,
};
pub use whatif::{add_gains, PREVENT_SHARE};
