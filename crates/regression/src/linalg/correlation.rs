//! Correlation matrices (predictors first, the KPI last) and the weighted
//! covariances they come from.

use crate::RegressionError;

/// A correlation matrix of `p` predictors followed by the KPI, row-major
/// `(p + 1) x (p + 1)`.
#[derive(Debug, Clone)]
pub(crate) struct Correlation {
    pub p: usize,
    pub r: Vec<f64>,
}

impl Correlation {
    fn dim(&self) -> usize {
        self.p + 1
    }

    pub(crate) fn at(&self, i: usize, j: usize) -> f64 {
        self.r[i * self.dim() + j]
    }

    /// The correlation matrix of the predictors `keep` followed by the KPI.
    pub(crate) fn restrict(&self, keep: &[usize]) -> Correlation {
        let idx: Vec<usize> = keep
            .iter()
            .copied()
            .chain(std::iter::once(self.p))
            .collect();
        Correlation {
            p: keep.len(),
            r: submatrix(&self.r, self.dim(), &idx),
        }
    }

    /// The correlation matrix of `cols` (predictor indices) as a dense
    /// row-major block.
    pub(crate) fn block(&self, cols: &[usize]) -> Vec<f64> {
        let k = cols.len();
        let mut a = vec![0.0; k * k];
        for (i, &ci) in cols.iter().enumerate() {
            for (j, &cj) in cols.iter().enumerate() {
                a[i * k + j] = self.at(ci, cj);
            }
        }
        a
    }

    /// Scales a covariance matrix (KPI last) to correlations. A column
    /// without variance gets a zero row and column, so it can never enter a
    /// factorization and contributes nothing.
    pub(crate) fn from_covariance(p: usize, cov: &[f64]) -> Correlation {
        let dim = p + 1;
        let scale: Vec<f64> = (0..dim)
            .map(|i| {
                let v = cov[i * dim + i];
                if v > 0.0 {
                    1.0 / v.sqrt()
                } else {
                    0.0
                }
            })
            .collect();
        let mut r = vec![0.0; dim * dim];
        for i in 0..dim {
            for j in 0..dim {
                r[i * dim + j] = cov[i * dim + j] * scale[i] * scale[j];
            }
        }
        Correlation { p, r }
    }

    /// Reads a correlation matrix given with the KPI first (row and column
    /// 0) and the predictors after it, as published tables usually print
    /// it, into the internal order (KPI last).
    pub(crate) fn from_kpi_first(corr: &[Vec<f64>]) -> Result<Correlation, RegressionError> {
        let dim = corr.len();
        if dim < 2 || corr.iter().any(|row| row.len() != dim) {
            return Err(RegressionError::InvalidGroups(
                "the correlation matrix must be square with the KPI and at least one predictor"
                    .into(),
            ));
        }
        if let Some(index) = corr.iter().flatten().position(|v| !v.is_finite()) {
            return Err(RegressionError::NonFinite {
                what: "the correlation matrix".into(),
                index,
            });
        }
        // Move the KPI from first to last place.
        let map = |i: usize| if i == dim - 1 { 0 } else { i + 1 };
        let mut r = vec![0.0; dim * dim];
        for i in 0..dim {
            for j in 0..dim {
                r[i * dim + j] = corr[map(i)][map(j)];
            }
        }
        Ok(Correlation { p: dim - 1, r })
    }
}

/// The `keep x keep` submatrix of a row-major `m x m` matrix, in the order
/// of `keep`.
pub(crate) fn submatrix(a: &[f64], m: usize, keep: &[usize]) -> Vec<f64> {
    let mut out = Vec::with_capacity(keep.len() * keep.len());
    for &i in keep {
        for &j in keep {
            out.push(a[i * m + j]);
        }
    }
    out
}

/// Checks that every predictor index is in range and in one group at most.
pub(crate) fn check_groups(p: usize, groups: &[Vec<usize>]) -> Result<(), RegressionError> {
    let mut seen = vec![false; p];
    for group in groups {
        for &c in group {
            if c >= p || seen[c] {
                return Err(RegressionError::InvalidGroups(format!(
                    "predictor {c} is out of range or in two groups"
                )));
            }
            seen[c] = true;
        }
    }
    Ok(())
}

/// Weighted covariance matrix (divisor: the sum of weights) of `columns`
/// followed by `y`, row-major `(p + 1) x (p + 1)`, computed in two passes
/// (means first) for accuracy.
pub(crate) fn weighted_covariance<C: AsRef<[f64]> + Sync>(
    columns: &[C],
    y: &[f64],
    weights: Option<&[f64]>,
) -> Vec<f64> {
    let p = columns.len();
    let dim = p + 1;
    let n = y.len();
    let w = |i: usize| weights.map_or(1.0, |w| w[i]);
    let total: f64 = (0..n).map(w).sum();
    let col = |j: usize| -> &[f64] {
        if j < p {
            columns[j].as_ref()
        } else {
            y
        }
    };
    let means: Vec<f64> = (0..dim)
        .map(|j| {
            let c = col(j);
            (0..n).map(|i| w(i) * c[i]).sum::<f64>() / total
        })
        .collect();
    // Cross-products of rows `range`, upper triangle.
    let part = |range: std::ops::Range<usize>| -> Vec<f64> {
        let mut centred = vec![0.0; dim];
        let mut cov = vec![0.0; dim * dim];
        for i in range {
            let wi = w(i);
            for j in 0..dim {
                centred[j] = col(j)[i] - means[j];
            }
            for a in 0..dim {
                let wa = wi * centred[a];
                if wa == 0.0 {
                    continue;
                }
                let row = &mut cov[a * dim..(a + 1) * dim];
                for b in a..dim {
                    row[b] += wa * centred[b];
                }
            }
        }
        cov
    };
    // Large inputs: the two halves of the rows on two threads (a fixed
    // split, so the result does not depend on timing).
    let mut cov = if n >= 20_000 {
        let half = n / 2;
        let (first, second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| part(half..n));
            (part(0..half), second.join())
        });
        // A thread that could not finish: its half is done here.
        let second = second.unwrap_or_else(|_| part(half..n));
        first.iter().zip(&second).map(|(a, b)| a + b).collect()
    } else {
        part(0..n)
    };
    for a in 0..dim {
        for b in a..dim {
            let v = cov[a * dim + b] / total;
            cov[a * dim + b] = v;
            cov[b * dim + a] = v;
        }
    }
    cov
}
