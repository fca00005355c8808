//! Cholesky factorizations: every symmetric positive definite system of the
//! crate is factored here.
//!
//! Two kernels, on purpose:
//!
//! * [`Factor`] grows the factor of a correlation matrix one column at a
//!   time, skips a column that is (nearly) a combination of those already
//!   in, and carries `z = L^-1 r_xy` so that R² is `z . z`. The
//!   decompositions (exact, sampled, the logistic control variate), the
//!   bootstrap replicates and the design's collinearity screen use it.
//! * [`Cholesky`] factors a whole matrix at once, failing on a pivot that
//!   is not above a floor the caller sets, and solves `A x = b`
//!   ([`solve_spd`] adds a growing ridge instead of failing). The linear
//!   fit from covariances and the Newton steps of the logistic fits use it.
//!
//! The two subtract the products of earlier entries in a different order
//! (`Factor` one dot product per entry, `Cholesky` term by term), which
//! moves the last bits of a result. Each caller keeps the kernel it has
//! always used, so that reported numbers stay exactly as they were.

use std::cmp::Ordering;

use super::correlation::Correlation;

/// Pivots below this (on the correlation scale: one minus the squared
/// multiple correlation with the columns already in) count as collinear.
pub(crate) const COLLINEAR_TOL: f64 = 1e-8;

/// A Cholesky factor of the correlations of the predictors currently in the
/// model, grown one column at a time, with `z = L^-1 r_xy` so that R² is
/// `z . z`: adding a column to `k` costs `O(k^2)`.
pub(crate) struct Factor<'a> {
    corr: &'a Correlation,
    cols: Vec<usize>,
    /// Row `i` of the lower-triangular factor, `i + 1` entries, packed.
    l: Vec<f64>,
    z: Vec<f64>,
    r2: Vec<f64>,
    scratch: Vec<f64>,
    /// Dot products in four interleaved sums and divisions by a pivot as
    /// products with its reciprocal (see [`Factor::new_fast`]).
    fast: bool,
    /// The reciprocal of each pivot.
    inv: Vec<f64>,
}

impl<'a> Factor<'a> {
    pub(crate) fn new(corr: &'a Correlation) -> Self {
        let p = corr.p;
        Factor {
            corr,
            cols: Vec::with_capacity(p),
            l: Vec::with_capacity(p * (p + 1) / 2),
            z: Vec::with_capacity(p),
            r2: vec![0.0],
            scratch: vec![0.0; p],
            fast: false,
            inv: Vec::with_capacity(p),
        }
    }

    /// A factor whose dot products run as four interleaved sums and whose
    /// divisions by a pivot are products with its reciprocal, which the
    /// processor overlaps: several times as fast on long columns, with the
    /// last bits of a result moved. Only sampled Shapley values use it
    /// (their orders are random anyway); every other caller keeps the
    /// sequential sums, so reported numbers stay as they were.
    pub(crate) fn new_fast(corr: &'a Correlation) -> Self {
        Factor {
            fast: true,
            ..Factor::new(corr)
        }
    }

    fn dot(&self, a: &[f64], b: &[f64]) -> f64 {
        if self.fast {
            dot4(a, b)
        } else {
            a.iter().zip(b).map(|(a, b)| a * b).sum()
        }
    }

    pub(crate) fn r2(&self) -> f64 {
        *self.r2.last().unwrap_or(&0.0)
    }

    /// Adds column `col`; returns false (and adds nothing) when it is a
    /// linear combination of the columns already in.
    pub(crate) fn push(&mut self, col: usize) -> bool {
        let k = self.cols.len();
        let y = self.corr.p;
        let mut ll = 0.0;
        for i in 0..k {
            let row = &self.l[i * (i + 1) / 2..(i + 1) * (i + 2) / 2];
            let dot = self.dot(&row[..i], &self.scratch[..i]);
            let rest = self.corr.at(self.cols[i], col) - dot;
            let v = if self.fast {
                rest * self.inv[i]
            } else {
                rest / row[i]
            };
            self.scratch[i] = v;
            ll += v * v;
        }
        let d2 = self.corr.at(col, col) - ll;
        // NaN-safe: anything not clearly positive is collinear.
        if d2.partial_cmp(&COLLINEAR_TOL) != Some(Ordering::Greater) {
            return false;
        }
        let d = d2.sqrt();
        let dot = self.dot(&self.scratch[..k], &self.z);
        let zk = (self.corr.at(col, y) - dot) / d;
        self.l.extend_from_slice(&self.scratch[..k]);
        self.l.push(d);
        self.inv.push(1.0 / d);
        self.z.push(zk);
        self.cols.push(col);
        let r2 = self.r2() + zk * zk;
        self.r2.push(r2);
        true
    }

    /// Empties the factor, keeping its buffers.
    pub(crate) fn clear(&mut self) {
        self.cols.clear();
        self.l.clear();
        self.inv.clear();
        self.z.clear();
        self.r2.truncate(1);
    }

    /// The columns in the factor, in the order they entered.
    pub(crate) fn cols(&self) -> &[usize] {
        &self.cols
    }

    /// `z = L^-1 r_xy` for the columns in, in the same order.
    pub(crate) fn z(&self) -> &[f64] {
        &self.z
    }

    /// Solves `L' x = rhs` (back substitution) over the columns in: with
    /// `rhs = z`, the standardised regression coefficients.
    pub(crate) fn solve_transposed(&self, rhs: Vec<f64>) -> Vec<f64> {
        let k = self.cols.len();
        let at = |i: usize, j: usize| self.l[i * (i + 1) / 2 + j];
        let mut x = rhs;
        for i in (0..k).rev() {
            let s = x[i] - (i + 1..k).map(|m| at(m, i) * x[m]).sum::<f64>();
            x[i] = s / at(i, i);
        }
        x
    }

    /// After a [`Factor::push`] that returned false: the coefficients of
    /// the rejected column on the columns in (`L' a = L^-1 r[in, col]`),
    /// which say what it is a combination of.
    pub(crate) fn rejected_dependence(&self) -> Vec<f64> {
        self.solve_transposed(self.scratch[..self.cols.len()].to_vec())
    }
}

/// `a . b` as four interleaved sums.
fn dot4(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..4 {
            acc[k] += x[k] * y[k];
        }
    }
    let tail: f64 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// R² of all the columns of `groups` together.
pub(crate) fn full_r2(corr: &Correlation, groups: &[Vec<usize>]) -> f64 {
    let mut full = Factor::new(corr);
    for group in groups {
        for &c in group {
            full.push(c);
        }
    }
    full.r2().clamp(0.0, 1.0)
}

/// A Cholesky factor `L` (lower triangular, row-major `m x m`) of a whole
/// symmetric positive definite matrix, for solving `A x = b`.
pub(crate) struct Cholesky {
    m: usize,
    l: Vec<f64>,
}

impl Cholesky {
    /// Factors the `m x m` symmetric matrix whose entry `(i, j)`, `j <= i`,
    /// is `entry(i, j)`, row by row, each entry reduced by the products of
    /// earlier ones one term at a time. `None` when a pivot is not above
    /// `min_pivot` (NaN-safe: anything not clearly above fails).
    pub(crate) fn new(
        m: usize,
        entry: impl Fn(usize, usize) -> f64,
        min_pivot: f64,
    ) -> Option<Cholesky> {
        let mut l = vec![0.0; m * m];
        for i in 0..m {
            for j in 0..=i {
                let mut s = entry(i, j);
                for k in 0..j {
                    s -= l[i * m + k] * l[j * m + k];
                }
                if i == j {
                    if s.partial_cmp(&min_pivot) != Some(Ordering::Greater) {
                        return None;
                    }
                    l[i * m + i] = s.sqrt();
                } else {
                    l[i * m + j] = s / l[j * m + j];
                }
            }
        }
        Some(Cholesky { m, l })
    }

    /// Solves `L L' x = b`: forward, then back substitution (in place in
    /// `x`, whose old values are not read).
    pub(crate) fn solve(&self, b: &[f64], x: &mut [f64]) {
        let (m, l) = (self.m, &self.l);
        for i in 0..m {
            let s: f64 = b[i] - (0..i).map(|k| l[i * m + k] * x[k]).sum::<f64>();
            x[i] = s / l[i * m + i];
        }
        for i in (0..m).rev() {
            let s: f64 = x[i] - (i + 1..m).map(|k| l[k * m + i] * x[k]).sum::<f64>();
            x[i] = s / l[i * m + i];
        }
    }
}

/// Solves `A x = b` for a symmetric positive (semi-)definite `m x m` `A`
/// (row-major) by Cholesky; a (near-)singular `A` gets a growing ridge so
/// that the step stays finite.
pub(crate) fn solve_spd(a: &[f64], b: &[f64], m: usize, x: &mut [f64]) {
    let scale = (0..m).map(|i| a[i * m + i]).fold(0.0f64, f64::max);
    let min_pivot = 1e-13 * scale.max(f64::MIN_POSITIVE);
    let mut ridge = 0.0;
    for attempt in 0..12 {
        let entry = |i: usize, j: usize| a[i * m + j] + if i == j { ridge } else { 0.0 };
        match Cholesky::new(m, entry, min_pivot) {
            Some(factor) => {
                factor.solve(b, x);
                return;
            }
            None => ridge = scale.max(f64::MIN_POSITIVE) * 1e-12 * 100f64.powi(attempt),
        }
    }
    // Nothing positive definite even with a large ridge: a plain gradient
    // step, scaled by the largest curvature.
    for i in 0..m {
        x[i] = b[i] / scale.max(1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `[[4, 2], [2, 3]] x = [2, 1]`: `L = [[2, 0], [1, sqrt 2]]`, and
    /// `x = (0.5, 0)` (from `4x + 2y = 2`, `2x + 3y = 1`).
    #[test]
    fn solves_a_two_by_two() {
        let a = [4.0, 2.0, 2.0, 3.0];
        let factor = Cholesky::new(2, |i, j| a[i * 2 + j], 0.0).unwrap();
        assert_eq!(factor.l[0], 2.0);
        assert!((factor.l[3] - 2f64.sqrt()).abs() < 1e-15);
        let mut x = [9.0, 9.0];
        factor.solve(&[2.0, 1.0], &mut x);
        assert!((x[0] - 0.5).abs() < 1e-15 && x[1].abs() < 1e-15);
    }

    /// `[[1, 2], [2, 1]]` has eigenvalues 3 and -1: the second pivot is
    /// `1 - 4 = -3`, not positive, and NaN never passes.
    #[test]
    fn an_indefinite_matrix_has_no_factor() {
        let a = [1.0, 2.0, 2.0, 1.0];
        assert!(Cholesky::new(2, |i, j| a[i * 2 + j], 0.0).is_none());
        assert!(Cholesky::new(1, |_, _| f64::NAN, 0.0).is_none());
    }

    /// A singular `A` (two equal columns) gets a ridge: the answer is
    /// finite and close to the minimum-norm solution `(0.5, 0.5)`.
    #[test]
    fn a_singular_system_gets_a_ridge() {
        let mut x = [0.0; 2];
        solve_spd(&[1.0, 1.0, 1.0, 1.0], &[1.0, 1.0], 2, &mut x);
        assert!(
            (x[0] - 0.5).abs() < 1e-6 && (x[1] - 0.5).abs() < 1e-6,
            "{x:?}"
        );
    }
}
