//! The linear algebra every model and decomposition shares.
//!
//! * `correlation`: weighted covariances and correlation matrices (the
//!   predictors first, the KPI last), the matrix every algorithm starts
//!   from.
//! * `cholesky`: the factorizations of symmetric positive definite
//!   systems, the growing factor that gives R² of any set of columns and
//!   the whole-matrix solve (why two, see there).
//! * `eigen`: the symmetric eigendecomposition (relative weights) and the
//!   condition number of a design.
//! * `packed`: packed upper triangles of symmetric matrices.
//!
//! Why one home: the linear fit, the logistic fit, the three importance
//! decompositions, the design's collinearity screen and the bootstrap all
//! solve the same kind of systems. Kept here, below every algorithm, each
//! of them imports it downward and a fix or a tolerance lives in one place.

mod cholesky;
mod correlation;
mod eigen;
mod packed;

pub(crate) use cholesky::{full_r2, solve_spd, Cholesky, Factor, OrderWalk, COLLINEAR_TOL};
pub(crate) use correlation::{check_groups, submatrix, weighted_covariance, Correlation};
pub(crate) use eigen::{condition_from_eigenvalues, condition_number, symmetric_eigen};
pub(crate) use packed::{add_outer, packed_len, row_base};
