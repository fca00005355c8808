//! Eigenvalues and eigenvectors of a symmetric matrix, and the condition
//! number they give.
//!
//! Why: Johnson's relative weights need the eigendecomposition of the
//! predictors' correlation matrix, and every model reports the condition
//! number of its design. The solver is the Householder reduction to
//! tridiagonal form followed by the implicit QL algorithm (EISPACK
//! `tred2`/`tql2`, as in JAMA): backward stable, about `9 p^3` flops, no
//! dependency.

use super::correlation::Correlation;

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

/// Condition number of the correlation matrix of the predictors `cols`
/// (see [`condition_from_eigenvalues`]).
pub(crate) fn condition_number(corr: &Correlation, cols: &[usize]) -> f64 {
    let (values, _) = symmetric_eigen(&corr.block(cols), cols.len());
    condition_from_eigenvalues(&values)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
