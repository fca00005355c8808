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
//! Shapley (LMG) share of R² with each touchpoint's two terms as one player.
//!
//! The crate takes plain vectors and returns plain numbers: no files, no
//! data frames.

mod types;

pub use types::*;
mod describe;
mod error;
mod model;
mod shapley;

pub use describe::{describe, nps};
pub use error::RegressionError;
pub use model::{fit_kpi, MIN_RESPONDENTS};
pub use shapley::{
    shapley_decomposition, shapley_from_correlation, Decomposition, MAX_EXACT_GROUPS,
};
