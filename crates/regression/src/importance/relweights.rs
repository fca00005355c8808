//! Johnson's relative weights: an importance for any number of touchpoints.
//!
//! Why: the exact Shapley walk doubles in cost with every touchpoint and
//! stops being practical past 25-30. Relative weights (Johnson 2000,
//! Multivariate Behavioral Research 35(1)) approximate the same division of
//! R² with one symmetric eigendecomposition of the predictor correlation
//! matrix, `O(p^3)` whatever the number of touchpoints, and agree closely
//! with Shapley in practice (exactly on uncorrelated predictors). They are
//! reported beside Shapley for every model, so a reader can see both.
//!
//! The maths, with `R = V diag(l) V'` the correlations of the predictors
//! and `r` their correlations with the KPI:
//!
//! ```text
//! L    = V diag(sqrt l) V'          the correlations of the predictors with
//!                                   their closest orthonormal counterparts Z
//! beta = V diag(1 / sqrt l) V' r    the regression of the KPI on Z
//! raw_j = sum_k L[j,k]^2 beta_k^2   and sum_j raw_j = r' R^-1 r = R²
//! ```
//!
//! A group of columns (a touchpoint's incidence and quality terms) gets the
//! sum of its columns' raw weights. Eigenvalues at or below `1e-10` times
//! the largest count as zero (a pseudo-inverse), so collinear or constant
//! columns give a defined answer instead of an overflow.
//!
//! The eigendecomposition (and the condition number it gives) is
//! `crate::linalg`'s.

use crate::linalg::{
    check_groups, condition_from_eigenvalues, symmetric_eigen, weighted_covariance, Correlation,
};
use crate::RegressionError;

/// Eigenvalues at or below this share of the largest count as zero.
const EIGEN_CUTOFF: f64 = 1e-10;

/// Johnson's relative weights of groups of predictors.
#[derive(Debug, Clone, PartialEq)]
pub struct RelativeWeights {
    /// R² of the model with every group's columns.
    pub r2: f64,
    /// Raw weight of each predictor column (0 for a column in no group);
    /// they sum to `r2`.
    pub raw: Vec<f64>,
    /// Raw weight of each group: the sum over its columns.
    pub weights: Vec<f64>,
    /// Each group's weight as a percentage of `r2` (0 when `r2` is 0).
    pub rescaled: Vec<f64>,
    /// Condition number (largest over smallest eigenvalue, the smallest
    /// floored at `f64::EPSILON` times the largest) of the correlation
    /// matrix of the columns in the groups.
    pub condition_number: f64,
}

/// Johnson's relative weights from a correlation matrix (predictors first,
/// KPI last), for the columns of `groups`.
pub(crate) fn relative_weights_corr(
    corr: &Correlation,
    groups: &[Vec<usize>],
) -> Result<RelativeWeights, RegressionError> {
    check_groups(corr.p, groups)?;
    let cols: Vec<usize> = groups.iter().flatten().copied().collect();
    let k = cols.len();
    let (values, vectors) = symmetric_eigen(&corr.block(&cols), k);
    let max = values.iter().copied().fold(0.0, f64::max);
    let cut = EIGEN_CUTOFF * max;
    let rxy: Vec<f64> = cols.iter().map(|&c| corr.at(c, corr.p)).collect();
    let vec_at = |i: usize, j: usize| vectors[i * k + j];
    // beta = V diag(1 / sqrt l) V' r, over the eigenvalues above the cut.
    let proj: Vec<f64> = (0..k)
        .map(|j| {
            if values[j] > cut {
                (0..k).map(|i| vec_at(i, j) * rxy[i]).sum::<f64>() / values[j].sqrt()
            } else {
                0.0
            }
        })
        .collect();
    let beta: Vec<f64> = (0..k)
        .map(|i| (0..k).map(|j| vec_at(i, j) * proj[j]).sum())
        .collect();
    // L = V diag(sqrt l) V'; raw_i = sum_j L[i,j]^2 beta_j^2.
    let root: Vec<f64> = values
        .iter()
        .map(|&l| if l > cut { l.sqrt() } else { 0.0 })
        .collect();
    let mut raw_cols = vec![0.0; k];
    for (i, raw) in raw_cols.iter_mut().enumerate() {
        for (j, b) in beta.iter().enumerate() {
            let lij: f64 = (0..k).map(|m| vec_at(i, m) * root[m] * vec_at(j, m)).sum();
            *raw += lij * lij * b * b;
        }
    }
    let mut raw = vec![0.0; corr.p];
    for (&c, &w) in cols.iter().zip(&raw_cols) {
        raw[c] = w;
    }
    let r2: f64 = raw_cols.iter().sum();
    let weights: Vec<f64> = groups
        .iter()
        .map(|g| g.iter().map(|&c| raw[c]).sum())
        .collect();
    let rescaled = weights
        .iter()
        .map(|w| if r2 > 0.0 { 100.0 * w / r2 } else { 0.0 })
        .collect();
    Ok(RelativeWeights {
        r2,
        raw,
        weights,
        rescaled,
        condition_number: condition_from_eigenvalues(&values),
    })
}

/// Johnson's relative weights of the R² of `y` on `columns`, each group of
/// column indices one touchpoint; weighted when weights are given. Columns
/// in no group are left out of the model.
pub fn relative_weights(
    columns: &[Vec<f64>],
    y: &[f64],
    weights: Option<&[f64]>,
    groups: &[Vec<usize>],
) -> Result<RelativeWeights, RegressionError> {
    crate::design::check_inputs(columns.iter().map(|c| c.as_slice()), y, weights)?;
    let cov = weighted_covariance(columns, y, weights);
    relative_weights_corr(&Correlation::from_covariance(columns.len(), &cov), groups)
}

/// Johnson's relative weights from a correlation matrix given with the KPI
/// first (row and column 0) and the predictors after it, as in
/// [`crate::shapley_from_correlation`].
pub fn relative_weights_from_correlation(
    corr: &[Vec<f64>],
    groups: &[Vec<usize>],
) -> Result<RelativeWeights, RegressionError> {
    relative_weights_corr(&Correlation::from_kpi_first(corr)?, groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corr_from(rows: &[Vec<f64>]) -> Correlation {
        // Predictors first, KPI last, as given.
        let dim = rows.len();
        Correlation {
            p: dim - 1,
            r: rows.iter().flatten().copied().collect(),
        }
    }

    /// Uncorrelated predictors: each weight is the squared correlation with
    /// the KPI (0.25 and 0.09), as for Shapley.
    #[test]
    fn uncorrelated_predictors_get_their_squared_correlation() {
        let corr = corr_from(&[
            vec![1.0, 0.0, 0.5],
            vec![0.0, 1.0, 0.3],
            vec![0.5, 0.3, 1.0],
        ]);
        let rw = relative_weights_corr(&corr, &[vec![0], vec![1]]).unwrap();
        assert!((rw.weights[0] - 0.25).abs() < 1e-14);
        assert!((rw.weights[1] - 0.09).abs() < 1e-14);
        assert!((rw.r2 - 0.34).abs() < 1e-14);
        assert!((rw.rescaled[0] - 100.0 * 0.25 / 0.34).abs() < 1e-12);
        assert!((rw.condition_number - 1.0).abs() < 1e-14);
    }

    /// Two predictors correlated 0.5, both correlated 0.5 with y: by
    /// symmetry each gets half of R² = r' R^-1 r = 2 * 0.25 / 1.5 = 1/3.
    /// Condition number (1 + 0.5) / (1 - 0.5) = 3.
    #[test]
    fn symmetric_pair_splits_r2() {
        let corr = corr_from(&[
            vec![1.0, 0.5, 0.5],
            vec![0.5, 1.0, 0.5],
            vec![0.5, 0.5, 1.0],
        ]);
        let rw = relative_weights_corr(&corr, &[vec![0], vec![1]]).unwrap();
        assert!((rw.r2 - 1.0 / 3.0).abs() < 1e-14);
        assert!((rw.weights[0] - 1.0 / 6.0).abs() < 1e-14);
        assert!((rw.condition_number - 3.0).abs() < 1e-12);
        // As one group the pair takes everything.
        let one = relative_weights_corr(&corr, &[vec![0, 1]]).unwrap();
        assert!((one.weights[0] - 1.0 / 3.0).abs() < 1e-14);
    }

    /// A duplicated column (correlation 1): the pseudo-inverse gives a
    /// defined, finite answer and the duplicates share equally.
    #[test]
    fn duplicate_columns_are_defined() {
        let corr = corr_from(&[
            vec![1.0, 1.0, 0.6],
            vec![1.0, 1.0, 0.6],
            vec![0.6, 0.6, 1.0],
        ]);
        let rw = relative_weights_corr(&corr, &[vec![0], vec![1]]).unwrap();
        assert!((rw.r2 - 0.36).abs() < 1e-12);
        assert!((rw.weights[0] - 0.18).abs() < 1e-12);
        assert!(rw.condition_number.is_finite() && rw.condition_number > 1e12);
    }

    #[test]
    fn empty_model() {
        let corr = corr_from(&[vec![1.0, 0.2], vec![0.2, 1.0]]);
        let rw = relative_weights_corr(&corr, &[]).unwrap();
        assert_eq!(rw.r2, 0.0);
        assert_eq!(rw.condition_number, 1.0);
        assert!(relative_weights_corr(&corr, &[vec![5]]).is_err());
    }
}
