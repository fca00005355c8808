//! Cholesky factorizations: every symmetric positive definite system of the
//! crate is factored here.
//!
//! Three kernels, on purpose:
//!
//! * [`Factor`] grows the factor of a correlation matrix one column at a
//!   time, skips a column that is (nearly) a combination of those already
//!   in, and carries `z = L^-1 r_xy` so that R² is `z . z`. The exact
//!   decomposition, the logistic control variate and the design's
//!   collinearity screen use it.
//! * [`OrderWalk`] gives the same R² along a whole order at once, computed
//!   for speed, for the random orders of sampled Shapley values (point
//!   estimates and bootstrap replicates).
//! * [`Cholesky`] factors a whole matrix at once, failing on a pivot that
//!   is not above a floor the caller sets, and solves `A x = b`
//!   ([`solve_spd`] adds a growing ridge instead of failing). The linear
//!   fit from covariances and the Newton steps of the logistic fits use it.
//!
//! They subtract the products of earlier entries in a different order
//! (`Factor` one dot product per entry, `Cholesky` term by term), which
//! moves the last bits of a result. Each caller keeps its kernel, so that
//! reported numbers stay as they are.

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
        }
    }

    fn dot(a: &[f64], b: &[f64]) -> f64 {
        a.iter().zip(b).map(|(a, b)| a * b).sum()
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
            let dot = Self::dot(&row[..i], &self.scratch[..i]);
            let v = (self.corr.at(self.cols[i], col) - dot) / row[i];
            self.scratch[i] = v;
            ll += v * v;
        }
        let d2 = self.corr.at(col, col) - ll;
        // NaN-safe: anything not clearly positive is collinear.
        if d2.partial_cmp(&COLLINEAR_TOL) != Some(Ordering::Greater) {
            return false;
        }
        let d = d2.sqrt();
        let dot = Self::dot(&self.scratch[..k], &self.z);
        let zk = (self.corr.at(col, y) - dot) / d;
        self.l.extend_from_slice(&self.scratch[..k]);
        self.l.push(d);
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

/// The R² of every prefix of an order of columns, for the random orders of
/// sampled Shapley values, where nearly all the time goes. The pivots, the
/// collinearity rule and the R² are [`Factor`]'s, but the whole order is
/// known at once, so the factor is computed right-looking: after each
/// column, every later column (the KPI's correlations riding along as the
/// last row) is updated by one contiguous `w -= l_c l` run. The runs are
/// independent of each other, so they go at the processor's throughput
/// rather than waiting on one dot product after another. The sums run in
/// another order than [`Factor`]'s, which moves the last bits of a value;
/// only sampled values (random orders anyway) use it, so every other
/// reported number is as it was.
pub(crate) struct OrderWalk<'a> {
    corr: &'a Correlation,
    /// The working matrix, by column: column `c` of an order of `m`
    /// columns at `[c * (m + 1), (c + 1) * (m + 1))`, its rows the order's
    /// columns then the KPI; only rows from `c` on are used.
    w: Vec<f64>,
}

impl<'a> OrderWalk<'a> {
    pub(crate) fn new(corr: &'a Correlation) -> Self {
        let dim = corr.p + 1;
        OrderWalk {
            corr,
            w: vec![0.0; dim * dim],
        }
    }

    /// Sets `r2[i]` to the R² of `cols[..=i]`; a column that is (nearly) a
    /// combination of earlier ones adds nothing, as [`Factor::push`] would
    /// leave it out.
    pub(crate) fn run(&mut self, cols: &[usize], r2: &mut [f64]) {
        let m = cols.len();
        let ld = m + 1;
        let p = self.corr.p;
        let dim = p + 1;
        for (c, &col) in cols.iter().enumerate() {
            let row = &self.corr.r[col * dim..(col + 1) * dim];
            let w = &mut self.w[c * ld..(c + 1) * ld];
            for (v, &other) in w[c..m].iter_mut().zip(&cols[c..]) {
                *v = row[other];
            }
            w[m] = row[p];
        }
        factor_order(&mut self.w[..m * ld], m, r2);
    }
}

/// The right-looking factorization of [`OrderWalk::run`] on its gathered
/// working matrix `w` (`m` columns of `m + 1` rows), writing the R² after
/// each column into `r2`. Compiled once more for AVX2, picked at run time:
/// four lanes instead of two on the updates, with the same operations in
/// the same order (no fused multiply-add), so the same bits on any
/// processor.
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn factor_order(w: &mut [f64], m: usize, r2: &mut [f64]) {
    let ld = m + 1;
    let mut acc = 0.0;
    // Four columns at a time: each is first updated by the block's kept
    // columns before it, then every later column by all of them in one
    // run, which divides the loads and stores of the updates by up to four.
    let mut j = 0;
    while j < m {
        let width = 4.min(m - j);
        let mut kept = [0usize; 4];
        let mut k = 0;
        for col in j..j + width {
            for &a in &kept[..k] {
                let (head, tail) = w.split_at_mut(col * ld);
                update(&mut tail[..ld], ld, col, &head[a * ld..(a + 1) * ld]);
            }
            if pivot(w, ld, col, &mut acc, r2) {
                kept[k] = col;
                k += 1;
            }
        }
        let first = j + width;
        let (head, rest) = w.split_at_mut(first * ld);
        let l = |q: usize| &head[kept[q] * ld..(kept[q] + 1) * ld];
        match k {
            4 => update4(rest, ld, first, [l(0), l(1), l(2), l(3)]),
            3 => {
                update2(rest, ld, first, [l(0), l(1)]);
                update(rest, ld, first, l(2));
            }
            2 => update2(rest, ld, first, [l(0), l(1)]),
            1 => update(rest, ld, first, l(0)),
            _ => {}
        }
        j = first;
    }
}

/// [`update`] by two factor columns at once.
#[inline(always)]
fn update2(cols: &mut [f64], ld: usize, first: usize, [a, b]: [&[f64]; 2]) {
    for (c, x) in cols.chunks_exact_mut(ld).enumerate() {
        let r = first + c;
        let (fa, fb) = (a[r], b[r]);
        for ((x, la), lb) in x[r..].iter_mut().zip(&a[r..ld]).zip(&b[r..ld]) {
            *x -= fa * la + fb * lb;
        }
    }
}

/// [`update`] by four factor columns at once.
#[inline(always)]
fn update4(cols: &mut [f64], ld: usize, first: usize, [a, b, c4, d]: [&[f64]; 4]) {
    for (c, x) in cols.chunks_exact_mut(ld).enumerate() {
        let r = first + c;
        let (fa, fb, fc, fd) = (a[r], b[r], c4[r], d[r]);
        let rows = x[r..]
            .iter_mut()
            .zip(&a[r..ld])
            .zip(&b[r..ld])
            .zip(&c4[r..ld])
            .zip(&d[r..ld]);
        for ((((x, la), lb), lc), ldd) in rows {
            *x -= (fa * la + fb * lb) + (fc * lc + fd * ldd);
        }
    }
}

/// Takes the pivot of column `j` of `w` (columns of `ld` rows, the KPI's
/// row last): scales the column's rows from `j` on by it and sets `r2[j]`,
/// the R² after it. False, the R² unchanged, when the column is (nearly)
/// a combination of the earlier ones.
#[inline(always)]
fn pivot(w: &mut [f64], ld: usize, j: usize, acc: &mut f64, r2: &mut [f64]) -> bool {
    let l = &mut w[j * ld + j..(j + 1) * ld];
    let d2 = l[0];
    // NaN-safe: anything not clearly positive is collinear.
    let kept = d2.partial_cmp(&COLLINEAR_TOL) == Some(Ordering::Greater);
    if kept {
        let inv = 1.0 / d2.sqrt();
        for v in l.iter_mut() {
            *v *= inv;
        }
        let z = l[l.len() - 1];
        *acc += z * z;
    }
    r2[j] = *acc;
    kept
}

/// Updates the columns in `cols` (the first is column `first`, each `ld`
/// rows) by the factor column `l` (a whole column, rows from 0).
#[inline(always)]
fn update(cols: &mut [f64], ld: usize, first: usize, l: &[f64]) {
    for (c, x) in cols.chunks_exact_mut(ld).enumerate() {
        let r = first + c;
        let f = l[r];
        for (x, l) in x[r..].iter_mut().zip(&l[r..ld]) {
            *x -= f * l;
        }
    }
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

    /// The order walk gives the R² of every prefix of an order as the
    /// growing factor does, and leaves out the same columns: here a column
    /// that is the sum of two others, in several orders.
    #[test]
    fn the_order_walk_follows_the_growing_factor() {
        let (n, p) = (60, 7);
        let mut rng = crate::rng::SplitMix(7);
        let mut draw = || rng.uniform() - 0.5;
        let mut rows: Vec<Vec<f64>> = (0..n).map(|_| (0..=p).map(|_| draw()).collect()).collect();
        for r in &mut rows {
            r[3] = r[1] + r[2];
            r[p] += r[0] - 2.0 * r[4];
        }
        let cov: Vec<f64> = (0..=p)
            .flat_map(|i| {
                let rows = &rows;
                (0..=p).map(move |j| rows.iter().map(|r| r[i] * r[j]).sum::<f64>() / n as f64)
            })
            .collect();
        let corr = Correlation::from_covariance(p, &cov);
        let mut walk = OrderWalk::new(&corr);
        for order in [
            vec![0, 1, 2, 3, 4, 5, 6],
            vec![3, 6, 2, 0, 1, 5, 4],
            vec![6, 5, 4, 3, 2, 1, 0],
            vec![4, 1],
        ] {
            let mut r2 = vec![f64::NAN; order.len()];
            walk.run(&order, &mut r2);
            let mut grow = Factor::new(&corr);
            let mut before = 0.0;
            for (i, &c) in order.iter().enumerate() {
                let added = grow.push(c);
                assert!((grow.r2() - r2[i]).abs() < 1e-12, "{order:?} at {i}");
                assert_eq!(added, r2[i] > before, "{order:?} at {i}");
                before = r2[i];
            }
        }
        assert!(r2_of(&mut walk, &[1, 2, 3]) == r2_of(&mut walk, &[1, 2]));
    }

    fn r2_of(walk: &mut OrderWalk, cols: &[usize]) -> f64 {
        let mut r2 = vec![0.0; cols.len()];
        walk.run(cols, &mut r2);
        r2[cols.len() - 1]
    }
}
