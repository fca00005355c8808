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
//! The eigen solver is the Householder reduction to tridiagonal form
//! followed by the implicit QL algorithm (EISPACK `tred2`/`tql2`, as in
//! JAMA): backward stable, about `9 p^3` flops, no dependency.

use crate::linalg::{check_groups, weighted_covariance, Correlation};
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
    /// Condition number (largest over smallest eigenvalue) of the
    /// correlation matrix of the columns in the groups; see
    /// [`condition_number`].
    pub condition_number: f64,
}

/// Eigenvalues (ascending) and eigenvectors of a symmetric `n x n` matrix
/// given row-major. Column `j` of the returned row-major matrix is the unit
/// eigenvector of eigenvalue `j`.
pub(crate) fn symmetric_eigen(a: &[f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    if n == 0 {
        return (vec![], vec![]);
    }
    let mut v = a.to_vec();
    let mut d = vec![0.0; n];
    let mut e = vec![0.0; n];
    tred2(&mut v, &mut d, &mut e, n);
    tql2(&mut v, &mut d, &mut e, n);
    (d, v)
}

/// Householder reduction of the symmetric matrix in `v` to tridiagonal form
/// (diagonal `d`, subdiagonal `e[1..]`), accumulating the transformation
/// in `v`.
#[allow(clippy::needless_range_loop)] // index loops mirror EISPACK
fn tred2(v: &mut [f64], d: &mut [f64], e: &mut [f64], n: usize) {
    let at = |i: usize, j: usize| i * n + j;
    for j in 0..n {
        d[j] = v[at(n - 1, j)];
    }
    for i in (1..n).rev() {
        let scale: f64 = d[..i].iter().map(|x| x.abs()).sum();
        let mut h = 0.0;
        if scale == 0.0 {
            e[i] = d[i - 1];
            for j in 0..i {
                d[j] = v[at(i - 1, j)];
                v[at(i, j)] = 0.0;
                v[at(j, i)] = 0.0;
            }
        } else {
            for k in 0..i {
                d[k] /= scale;
                h += d[k] * d[k];
            }
            let mut f = d[i - 1];
            let mut g = h.sqrt();
            if f > 0.0 {
                g = -g;
            }
            e[i] = scale * g;
            h -= f * g;
            d[i - 1] = f - g;
            for ej in e[..i].iter_mut() {
                *ej = 0.0;
            }
            for j in 0..i {
                f = d[j];
                v[at(j, i)] = f;
                g = e[j] + v[at(j, j)] * f;
                for k in j + 1..i {
                    g += v[at(k, j)] * d[k];
                    e[k] += v[at(k, j)] * f;
                }
                e[j] = g;
            }
            f = 0.0;
            for j in 0..i {
                e[j] /= h;
                f += e[j] * d[j];
            }
            let hh = f / (h + h);
            for j in 0..i {
                e[j] -= hh * d[j];
            }
            for j in 0..i {
                f = d[j];
                g = e[j];
                for k in j..i {
                    v[at(k, j)] -= f * e[k] + g * d[k];
                }
                d[j] = v[at(i - 1, j)];
                v[at(i, j)] = 0.0;
            }
        }
        d[i] = h;
    }
    for i in 0..n - 1 {
        v[at(n - 1, i)] = v[at(i, i)];
        v[at(i, i)] = 1.0;
        let h = d[i + 1];
        if h != 0.0 {
            for k in 0..=i {
                d[k] = v[at(k, i + 1)] / h;
            }
            for j in 0..=i {
                let mut g = 0.0;
                for k in 0..=i {
                    g += v[at(k, i + 1)] * v[at(k, j)];
                }
                for k in 0..=i {
                    v[at(k, j)] -= g * d[k];
                }
            }
        }
        for k in 0..=i {
            v[at(k, i + 1)] = 0.0;
        }
    }
    for j in 0..n {
        d[j] = v[at(n - 1, j)];
        v[at(n - 1, j)] = 0.0;
    }
    v[at(n - 1, n - 1)] = 1.0;
    e[0] = 0.0;
}

/// Implicit QL iterations on the tridiagonal matrix (`d`, `e`), rotating
/// the eigenvectors in `v`; sorts the eigenvalues ascending. At most 60
/// iterations per eigenvalue (convergence is typically 1-2).
#[allow(clippy::needless_range_loop)] // index loops mirror EISPACK
fn tql2(v: &mut [f64], d: &mut [f64], e: &mut [f64], n: usize) {
    let at = |i: usize, j: usize| i * n + j;
    for i in 1..n {
        e[i - 1] = e[i];
    }
    e[n - 1] = 0.0;
    let mut f = 0.0;
    let mut tst1: f64 = 0.0;
    let eps = f64::EPSILON;
    for l in 0..n {
        tst1 = tst1.max(d[l].abs() + e[l].abs());
        let mut m = l;
        while m < n - 1 && e[m].abs() > eps * tst1 {
            m += 1;
        }
        if m > l {
            for _ in 0..60 {
                let mut g = d[l];
                let mut p = (d[l + 1] - g) / (2.0 * e[l]);
                let mut r = p.hypot(1.0);
                if p < 0.0 {
                    r = -r;
                }
                d[l] = e[l] / (p + r);
                d[l + 1] = e[l] * (p + r);
                let dl1 = d[l + 1];
                let mut h = g - d[l];
                for di in d[l + 2..n].iter_mut() {
                    *di -= h;
                }
                f += h;
                p = d[m];
                let mut c = 1.0;
                let mut c2 = c;
                let mut c3 = c;
                let el1 = e[l + 1];
                let mut s = 0.0;
                let mut s2 = 0.0;
                for i in (l..m).rev() {
                    c3 = c2;
                    c2 = c;
                    s2 = s;
                    g = c * e[i];
                    h = c * p;
                    r = p.hypot(e[i]);
                    e[i + 1] = s * r;
                    s = e[i] / r;
                    c = p / r;
                    p = c * d[i] - s * g;
                    d[i + 1] = h + s * (c * g + s * d[i]);
                    for k in 0..n {
                        h = v[at(k, i + 1)];
                        v[at(k, i + 1)] = s * v[at(k, i)] + c * h;
                        v[at(k, i)] = c * v[at(k, i)] - s * h;
                    }
                }
                p = -s * s2 * c3 * el1 * e[l] / dl1;
                e[l] = s * p;
                d[l] = c * p;
                // NaN-safe: stop unless clearly not converged.
                if e[l].abs().partial_cmp(&(eps * tst1)) != Some(std::cmp::Ordering::Greater) {
                    break;
                }
            }
        }
        d[l] += f;
        e[l] = 0.0;
    }
    // Selection sort, ascending, swapping eigenvector columns along.
    for i in 0..n.saturating_sub(1) {
        let mut k = i;
        for j in i + 1..n {
            if d[j] < d[k] {
                k = j;
            }
        }
        if k != i {
            d.swap(i, k);
            for row in 0..n {
                v.swap(at(row, i), at(row, k));
            }
        }
    }
}

/// Condition number of a symmetric positive semi-definite matrix from its
/// eigenvalues: `l_max / l_min`, with `l_min` floored at `l_max * EPSILON`
/// so that a singular matrix gives a large finite number (about 4.5e15),
/// never infinity or NaN. 1 for an empty or all-zero matrix.
pub(crate) fn condition_from_eigenvalues(values: &[f64]) -> f64 {
    let max = values.iter().copied().fold(0.0, f64::max);
    if max.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return 1.0;
    }
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    max / min.max(max * f64::EPSILON)
}

/// The correlation matrix of `cols` (predictor indices) as a dense
/// row-major block.
fn block(corr: &Correlation, cols: &[usize]) -> Vec<f64> {
    let k = cols.len();
    let mut a = vec![0.0; k * k];
    for (i, &ci) in cols.iter().enumerate() {
        for (j, &cj) in cols.iter().enumerate() {
            a[i * k + j] = corr.at(ci, cj);
        }
    }
    a
}

/// Condition number of the correlation matrix of the predictors `cols`
/// (see [`condition_from_eigenvalues`]).
pub(crate) fn condition_number(corr: &Correlation, cols: &[usize]) -> f64 {
    let (values, _) = symmetric_eigen(&block(corr, cols), cols.len());
    condition_from_eigenvalues(&values)
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
    let (values, vectors) = symmetric_eigen(&block(corr, &cols), k);
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
    crate::model::check_inputs(columns.iter().map(|c| c.as_slice()), y, weights)?;
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

    /// [[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors
    /// (1, -1) / sqrt 2 and (1, 1) / sqrt 2.
    #[test]
    fn eigen_of_a_two_by_two() {
        let (values, vectors) = symmetric_eigen(&[2.0, 1.0, 1.0, 2.0], 2);
        assert!((values[0] - 1.0).abs() < 1e-14 && (values[1] - 3.0).abs() < 1e-14);
        let h = std::f64::consts::FRAC_1_SQRT_2;
        assert!((vectors[0].abs() - h).abs() < 1e-14);
        assert!((vectors[0] + vectors[2]).abs() < 1e-14, "(1, -1) direction");
        assert!((vectors[1] - vectors[3]).abs() < 1e-14, "(1, 1) direction");
    }

    /// A V = V diag(l) and V'V = I on a 7 x 7 matrix with a repeated
    /// eigenvalue (equicorrelation 0.3: 1 + 6 * 0.3 once, 0.7 six times).
    #[test]
    fn eigen_reconstructs_equicorrelation() {
        let n = 7;
        let a: Vec<f64> = (0..n * n)
            .map(|k| if k / n == k % n { 1.0 } else { 0.3 })
            .collect();
        let (values, v) = symmetric_eigen(&a, n);
        for &l in &values[..n - 1] {
            assert!((l - 0.7).abs() < 1e-13);
        }
        assert!((values[n - 1] - 2.8).abs() < 1e-13);
        for i in 0..n {
            for j in 0..n {
                let av: f64 = (0..n).map(|k| a[i * n + k] * v[k * n + j]).sum();
                assert!((av - v[i * n + j] * values[j]).abs() < 1e-13);
                let vv: f64 = (0..n).map(|k| v[k * n + i] * v[k * n + j]).sum();
                assert!((vv - if i == j { 1.0 } else { 0.0 }).abs() < 1e-13);
            }
        }
        assert!((condition_from_eigenvalues(&values) - 4.0).abs() < 1e-12);
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
