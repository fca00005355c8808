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
//! exact over all subsets up to 25 touchpoints (`importance::exact`),
//! sampled from permutations with a standard error above that
//! (`importance::sampled`), with Johnson's relative weights
//! (`importance::relweights`) reported beside it and used alone beyond 100
//! touchpoints (the dispatcher in `importance`).
//!
//! The crate takes plain vectors and returns plain numbers: no files, no
//! data frames.
//!
//! # Modules, in dependency order
//!
//! Each module imports only modules above it in this list (and the public
//! types of `types` and `error`, which every module may use); none imports
//! another in a loop, and inside a module directory the files import
//! downward the same way.
//!
//! 1. `types`, `error`: the public data types and the error.
//! 2. `rng`: every random stream (SplitMix64 and the bootstrap's ChaCha8
//!    streams, and why there are two).
//! 3. `linalg`: weighted covariances, correlation matrices, the Cholesky
//!    factorizations every algorithm solves with, the eigendecomposition,
//!    packed triangles.
//! 4. `design`: input checks, each touchpoint's candidate terms, the
//!    collinearity screen, touchpoints as players.
//! 5. `direction`: which way a touchpoint drives the KPI; signed impact.
//! 6. `importance`: exact Shapley, sampled Shapley and relative weights
//!    behind one dispatcher; journey phases as players.
//! 7. `linear`: the linear model of a KPI.
//! 8. `logistic`: the logistic model of a yes/no KPI (`irls`, the fit;
//!    `shapley`, its pseudo-R² decomposition).
//! 9. `whatif`: what-if gains in the KPI's own units.
//! 10. `moments`: the sufficient statistics of the linear models (weighted
//!     cross-products, summed per chunk of respondents) and the linear
//!     model fitted from them, for surveys read once in one pass.
//! 11. `groups`: whether a touchpoint acts differently in a customer
//!     group (an F-test on the design's terms; Holm's adjustment).
//! 12. `describe`: performance, frequency and NPS (needs nothing above).
//! 13. `bootstrap`: intervals for every number, replicating the models
//!     above from cross-products (`options` and `intervals` are what goes
//!     in and out; `rows`, `logistic`, `fixed_design`, `resample`,
//!     `replicate` in dependency order).

mod types;

pub use types::*;
mod bootstrap;
mod describe;
mod design;
mod direction;
mod error;
mod groups;
mod importance;
mod linalg;
mod linear;
mod logistic;
mod moments;
mod rng;
mod whatif;

pub use bootstrap::{
    bootstrap, bootstrap_chunk, bootstrap_moments, bootstrap_noise, quantile, BootstrapDraws,
    BootstrapOptions, KpiSample, KpiUncertainty, MomentSample, ReplicateHook, ResampleUnit,
    SurveySample, TouchpointUncertainty, DEFAULT_SEED,
};
pub use describe::{describe, describe_levels, nps, nps_contribution};
pub use design::{per_term_continuous, MIN_RESPONDENTS, PER_TERM};
pub use error::RegressionError;
pub use groups::{group_differences, group_differences_moments, holm, GroupDifference};
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
pub use moments::{fit_kpi_moments, Answers, CodeTable, Moments, MomentsBuilder, ProductScratch};
pub use rng::SplitMix;
pub use whatif::{add_gains, PREVENT_SHARE};
