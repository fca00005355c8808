//! Exact Shapley (LMG) decomposition of R² over groups of predictors.
//!
//! Every subset's R² comes from the correlation matrix of the design, never
//! from refitting on rows: after one pass over the data the cost no longer
//! depends on the number of respondents. Subsets are walked depth first so
//! that each R² extends its parent's Cholesky factor by the columns of one
//! group (`O(k^2)` per step instead of `O(k^3)` from scratch), and the walk
//! is split over two threads on the last group.
//!
//! Nothing is stored per subset: each subset's R² is added to running sums
//! by group, subset size and membership, which give both the conditional
//! dominance table (Azen and Budescu) and the Shapley value, so memory stays
//! `O(groups^2)` whatever the number of subsets.

use crate::RegressionError;

/// Pivots below this (on the correlation scale: one minus the squared
/// multiple correlation with the columns already in) count as collinear.
pub(crate) const COLLINEAR_TOL: f64 = 1e-8;

/// Most groups an exact decomposition accepts (2^30 subsets).
pub const MAX_EXACT_GROUPS: usize = 30;

/// The result of an exact Shapley decomposition.
#[derive(Debug, Clone, PartialEq)]
pub struct Decomposition {
    /// R² of the model with every group.
    pub r2: f64,
    /// Shapley value (LMG) of each group; they sum to `r2`.
    pub shapley: Vec<f64>,
    /// `conditional[g][s]`: the average R² gain of adding group `g` to the
    /// subsets of `s` other groups (conditional dominance, Azen and
    /// Budescu 2003). The Shapley value is the mean over `s`.
    pub conditional: Vec<Vec<f64>>,
}

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

    fn at(&self, i: usize, j: usize) -> f64 {
        self.r[i * self.dim() + j]
    }

    /// Scales a covariance matrix (KPI last) to correlations. A column
    /// without variance gets a zero row and column, so it can never enter a
    /// factorization and contributes nothing.
    pub fn from_covariance(p: usize, cov: &[f64]) -> Correlation {
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
}

/// A Cholesky factor of the correlations of the predictors currently in the
/// model, grown and shrunk one column at a time, with `z = L^-1 r_xy` so
/// that R² is `z . z`.
struct Factor<'a> {
    corr: &'a Correlation,
    cols: Vec<usize>,
    /// Row `i` of the lower-triangular factor, `i + 1` entries, packed.
    l: Vec<f64>,
    z: Vec<f64>,
    r2: Vec<f64>,
    scratch: Vec<f64>,
}

impl<'a> Factor<'a> {
    fn new(corr: &'a Correlation) -> Self {
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

    fn r2(&self) -> f64 {
        *self.r2.last().unwrap_or(&0.0)
    }

    /// Adds column `col`; returns false (and adds nothing) when it is a
    /// linear combination of the columns already in.
    fn push(&mut self, col: usize) -> bool {
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

    fn pop(&mut self) {
        if let Some(_col) = self.cols.pop() {
            let k = self.cols.len();
            self.l.truncate(k * (k + 1) / 2);
            self.z.pop();
            self.r2.pop();
        }
    }
}

/// Running sums over subsets: `inside[g * (G + 1) + s]` adds the R² of the
/// subsets of size `s` that contain `g`, `outside[...]` of those that do not.
struct Sums {
    groups: usize,
    inside: Vec<f64>,
    outside: Vec<f64>,
}

impl Sums {
    fn new(groups: usize) -> Self {
        Sums {
            groups,
            inside: vec![0.0; groups * (groups + 1)],
            outside: vec![0.0; groups * (groups + 1)],
        }
    }

    fn add(&mut self, mask: u64, r2: f64) {
        let s = mask.count_ones() as usize;
        let stride = self.groups + 1;
        for g in 0..self.groups {
            if mask >> g & 1 == 1 {
                self.inside[g * stride + s] += r2;
            } else {
                self.outside[g * stride + s] += r2;
            }
        }
    }

    fn merge(&mut self, other: Sums) {
        for (a, b) in self.inside.iter_mut().zip(other.inside) {
            *a += b;
        }
        for (a, b) in self.outside.iter_mut().zip(other.outside) {
            *a += b;
        }
    }
}

/// Depth-first walk over groups `0..g` (deciding group `g - 1` first),
/// with the groups above already decided in `mask` and in `factor`.
fn walk(factor: &mut Factor, groups: &[Vec<usize>], g: usize, mask: u64, sums: &mut Sums) {
    if g == 0 {
        sums.add(mask, factor.r2().clamp(0.0, 1.0));
        return;
    }
    let gi = g - 1;
    walk(factor, groups, gi, mask, sums);
    let mut pushed = 0;
    for &col in &groups[gi] {
        if factor.push(col) {
            pushed += 1;
        }
    }
    walk(factor, groups, gi, mask | 1 << gi, sums);
    for _ in 0..pushed {
        factor.pop();
    }
}

/// Exact Shapley decomposition of R² for `groups` of predictor indices
/// (each index in `0..corr.p`, each predictor in at most one group).
pub(crate) fn decompose(
    corr: &Correlation,
    groups: &[Vec<usize>],
) -> Result<Decomposition, RegressionError> {
    let n_groups = groups.len();
    if n_groups > MAX_EXACT_GROUPS {
        return Err(RegressionError::InvalidGroups(format!(
            "{n_groups} groups; an exact decomposition handles at most {MAX_EXACT_GROUPS}"
        )));
    }
    let mut seen = vec![false; corr.p];
    for group in groups {
        for &c in group {
            if c >= corr.p || seen[c] {
                return Err(RegressionError::InvalidGroups(format!(
                    "predictor {c} is out of range or in two groups"
                )));
            }
            seen[c] = true;
        }
    }
    if n_groups == 0 {
        return Ok(Decomposition {
            r2: 0.0,
            shapley: vec![],
            conditional: vec![],
        });
    }

    // The last group splits the walk in two halves of equal size, one per
    // core; small problems are not worth a thread.
    let top = n_groups - 1;
    let top_mask = 1u64 << top;
    let sums = if n_groups >= 12 {
        let (mut without, with) = std::thread::scope(|scope| {
            let handle = scope.spawn(|| {
                let mut f = Factor::new(corr);
                let mut sums = Sums::new(n_groups);
                for &col in &groups[top] {
                    f.push(col);
                }
                walk(&mut f, groups, top, top_mask, &mut sums);
                sums
            });
            let mut f = Factor::new(corr);
            let mut sums = Sums::new(n_groups);
            walk(&mut f, groups, top, 0, &mut sums);
            (sums, handle.join())
        });
        match with {
            Ok(with) => without.merge(with),
            Err(_) => return Err(RegressionError::Fit("a decomposition thread failed".into())),
        }
        without
    } else {
        let mut f = Factor::new(corr);
        let mut sums = Sums::new(n_groups);
        walk(&mut f, groups, n_groups, 0, &mut sums);
        sums
    };

    // conditional[g][s] = (sum of R²(S + g) over |S| = s) - (sum of R²(S)),
    // divided by the number of such subsets, C(G - 1, s).
    let stride = n_groups + 1;
    let mut conditional = vec![vec![0.0; n_groups]; n_groups];
    let mut shapley = vec![0.0; n_groups];
    for g in 0..n_groups {
        let mut count = 1.0; // C(G - 1, 0)
        for (s, cell) in conditional[g].iter_mut().enumerate() {
            let gain = sums.inside[g * stride + s + 1] - sums.outside[g * stride + s];
            *cell = gain / count;
            shapley[g] += *cell / n_groups as f64;
            count = count * (n_groups - 1 - s) as f64 / (s + 1) as f64;
        }
    }
    let mut full = Factor::new(corr);
    for group in groups {
        for &c in group {
            full.push(c);
        }
    }
    Ok(Decomposition {
        r2: full.r2().clamp(0.0, 1.0),
        shapley,
        conditional,
    })
}

/// Weighted covariance matrix (divisor: the sum of weights) of `columns`
/// followed by `y`, row-major `(p + 1) x (p + 1)`, computed in two passes
/// (means first) for accuracy.
pub(crate) fn weighted_covariance(
    columns: &[Vec<f64>],
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
            &columns[j]
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
    let mut centred = vec![0.0; dim];
    let mut cov = vec![0.0; dim * dim];
    for i in 0..n {
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
    for a in 0..dim {
        for b in a..dim {
            let v = cov[a * dim + b] / total;
            cov[a * dim + b] = v;
            cov[b * dim + a] = v;
        }
    }
    cov
}

/// Exact Shapley (LMG) decomposition of the R² of `y` on `columns`, each
/// group of column indices one player. Weighted least squares when weights
/// are given.
pub fn shapley_decomposition(
    columns: &[Vec<f64>],
    y: &[f64],
    weights: Option<&[f64]>,
    groups: &[Vec<usize>],
) -> Result<Decomposition, RegressionError> {
    crate::model::check_inputs(columns.iter().map(|c| c.as_slice()), y, weights)?;
    let cov = weighted_covariance(columns, y, weights);
    decompose(&Correlation::from_covariance(columns.len(), &cov), groups)
}

/// Exact Shapley decomposition from a correlation matrix given with the KPI
/// first (row and column 0) and the predictors after it, as published
/// tables usually print it.
pub fn shapley_from_correlation(
    corr: &[Vec<f64>],
    groups: &[Vec<usize>],
) -> Result<Decomposition, RegressionError> {
    let dim = corr.len();
    if dim < 2 || corr.iter().any(|row| row.len() != dim) {
        return Err(RegressionError::InvalidGroups(
            "the correlation matrix must be square with the KPI and at least one predictor".into(),
        ));
    }
    // Move the KPI from first to last place.
    let map = |i: usize| if i == dim - 1 { 0 } else { i + 1 };
    let mut r = vec![0.0; dim * dim];
    for i in 0..dim {
        for j in 0..dim {
            r[i * dim + j] = corr[map(i)][map(j)];
        }
    }
    decompose(&Correlation { p: dim - 1, r }, groups)
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)] // index loops mirror the formulas
mod tests {
    use super::*;

    /// Azen and Budescu (2003), Psychological Methods 8(2), four predictors
    /// from a correlation matrix; conditional dominance to the three
    /// published decimals and general dominance (the Shapley values).
    #[test]
    fn azen_budescu_2003_example() {
        let corr = vec![
            vec![1.0, 0.6, 0.3, 0.4, 0.5],
            vec![0.6, 1.0, 0.8, 0.1, 0.3],
            vec![0.3, 0.8, 1.0, 0.1, 0.1],
            vec![0.4, 0.1, 0.1, 1.0, 0.5],
            vec![0.5, 0.3, 0.1, 0.5, 1.0],
        ];
        let groups: Vec<Vec<usize>> = (0..4).map(|i| vec![i]).collect();
        let d = shapley_from_correlation(&corr, &groups).unwrap();
        let published = [
            [0.360, 0.090, 0.160, 0.250],
            [0.300, 0.074, 0.095, 0.152],
            [0.263, 0.069, 0.063, 0.073],
            [0.246, 0.071, 0.061, 0.010],
        ];
        for (s, row) in published.iter().enumerate() {
            for (g, &value) in row.iter().enumerate() {
                assert!(
                    (d.conditional[g][s] - value).abs() < 0.0005 + 1e-12,
                    "x{} at size {s}: {} vs {value}",
                    g + 1,
                    d.conditional[g][s]
                );
            }
        }
        // General dominance is the mean of each column of the table.
        for (g, expected) in [0.29225, 0.076, 0.09475, 0.12125].iter().enumerate() {
            assert!((d.shapley[g] - expected).abs() < 0.0005, "x{}", g + 1);
        }
        let sum: f64 = d.shapley.iter().sum();
        assert!((sum - d.r2).abs() < 1e-12);
    }

    /// Two uncorrelated predictors: each one's Shapley value is its squared
    /// correlation with y, and R² is their sum.
    #[test]
    fn uncorrelated_predictors_get_their_squared_correlation() {
        let corr = vec![
            vec![1.0, 0.5, 0.3],
            vec![0.5, 1.0, 0.0],
            vec![0.3, 0.0, 1.0],
        ];
        let d = shapley_from_correlation(&corr, &[vec![0], vec![1]]).unwrap();
        assert!((d.shapley[0] - 0.25).abs() < 1e-12);
        assert!((d.shapley[1] - 0.09).abs() < 1e-12);
        assert!((d.r2 - 0.34).abs() < 1e-12);
    }

    /// A group of two columns is one player: with one group it takes all.
    #[test]
    fn one_group_takes_the_whole_r2() {
        let corr = vec![
            vec![1.0, 0.5, 0.3],
            vec![0.5, 1.0, 0.0],
            vec![0.3, 0.0, 1.0],
        ];
        let d = shapley_from_correlation(&corr, &[vec![0, 1]]).unwrap();
        assert!((d.shapley[0] - 0.34).abs() < 1e-12);
    }

    #[test]
    fn bad_groups_are_errors_not_panics() {
        let corr = vec![vec![1.0, 0.5], vec![0.5, 1.0]];
        assert!(shapley_from_correlation(&corr, &[vec![3]]).is_err());
        assert!(shapley_from_correlation(&corr, &[vec![0], vec![0]]).is_err());
        assert!(shapley_from_correlation(&[vec![1.0]], &[]).is_err());
    }

    /// The threaded walk (12 groups or more) gives the same values as the
    /// single-threaded one: compare against brute force on 13 predictors.
    #[test]
    fn threaded_walk_matches_brute_force() {
        let p = 13;
        // A valid correlation matrix: equicorrelated predictors (0.2) with
        // varying correlations with y.
        let mut corr = vec![vec![0.0; p + 1]; p + 1];
        for i in 0..=p {
            for j in 0..=p {
                corr[i][j] = if i == j {
                    1.0
                } else if i == 0 || j == 0 {
                    0.05 * ((i + j) % 7) as f64
                } else {
                    0.2
                };
            }
        }
        let groups: Vec<Vec<usize>> = (0..p).map(|i| vec![i]).collect();
        let d = shapley_from_correlation(&corr, &groups).unwrap();
        // Brute force: R² of every subset solved from scratch.
        let r2_of = |mask: u32| -> f64 {
            let cols: Vec<usize> = (0..p).filter(|&g| mask >> g & 1 == 1).collect();
            let dim = p + 1;
            let mut r = vec![0.0; dim * dim];
            let map = |i: usize| if i == p { 0 } else { i + 1 };
            for i in 0..dim {
                for j in 0..dim {
                    r[i * dim + j] = corr[map(i)][map(j)];
                }
            }
            let c = Correlation { p, r };
            let mut f = Factor::new(&c);
            for col in cols {
                f.push(col);
            }
            f.r2()
        };
        let all: Vec<f64> = (0..1u32 << p).map(r2_of).collect();
        let mut fact = vec![1.0f64; p + 1];
        for i in 1..=p {
            fact[i] = fact[i - 1] * i as f64;
        }
        for g in 0..p {
            let mut phi = 0.0;
            for mask in 0..1u32 << p {
                if mask >> g & 1 == 0 {
                    let s = mask.count_ones() as usize;
                    let w = fact[s] * fact[p - s - 1] / fact[p];
                    phi += w * (all[(mask | 1 << g) as usize] - all[mask as usize]);
                }
            }
            assert!(
                (phi - d.shapley[g]).abs() < 1e-12,
                "group {g}: {phi} vs {}",
                d.shapley[g]
            );
        }
    }
}
