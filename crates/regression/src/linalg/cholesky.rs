//! Cholesky factorizations of correlation and covariance matrices.

use super::Correlation;

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
    pub fn new(corr: &'a Correlation) -> Self {
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

    pub fn r2(&self) -> f64 {
        *self.r2.last().unwrap_or(&0.0)
    }

    /// Adds column `col`; returns false (and adds nothing) when it is a
    /// linear combination of the columns already in.
    pub fn push(&mut self, col: usize) -> bool {
        let k = self.cols.len();
        let y = self.corr.p;
        let mut ll = 0.0;
        for i in 0..k {
            let row = &self.l[i * (i + 1) / 2..(i + 1) * (i + 2) / 2];
            let dot: f64 = row[..i]
                .iter()
                .zip(&self.scratch[..i])
                .map(|(a, b)| a * b)
                .sum();
            let v = (self.corr.at(self.cols[i], col) - dot) / row[i];
            self.scratch[i] = v;
            ll += v * v;
        }
        let d2 = self.corr.at(col, col) - ll;
        // NaN-safe: anything not clearly positive is collinear.
        if d2.partial_cmp(&COLLINEAR_TOL) != Some(std::cmp::Ordering::Greater) {
            return false;
        }
        let d = d2.sqrt();
        let dot: f64 = self.scratch[..k]
            .iter()
            .zip(&self.z)
            .map(|(a, b)| a * b)
            .sum();
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
    pub fn clear(&mut self) {
        self.cols.clear();
        self.l.clear();
        self.z.clear();
        self.r2.truncate(1);
    }
}
