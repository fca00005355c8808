//! Exact Shapley (LMG) decomposition of R² over groups of predictors.
//!
//! Every subset's R² comes from the correlation matrix of the design, never
//! from refitting on rows: after one pass over the data the cost no longer
//! depends on the number of respondents.
//!
//! Why it is fast: subsets are walked depth first, deciding the last group
//! first. The state at a node is the residual (Schur complement) matrix of
//! y and the still-undecided columns given the columns already in. Leaving a
//! group out costs nothing; taking it in eliminates its columns from the
//! leading block, whose size shrinks with depth. Since half of all nodes sit
//! on the last level, a quarter on the one before and so on, the average
//! node costs a few dozen flops and a leaf's R² is one entry of its state:
//! `2^30` subsets (30 touchpoints of two terms) take well under a minute on
//! two cores. The walk is split into independent top-level branches that
//! the cores take in turn.
//!
//! Nothing is stored per subset: R² sums by subset size are gathered bottom
//! up, and each group's sums over the subsets containing it are added once
//! per node where it enters, which gives both the conditional dominance
//! table (Azen and Budescu) and the Shapley value. Memory stays
//! `O(groups * columns^2)` whatever the number of subsets.

use crate::linalg::{check_groups, full_r2, weighted_covariance, Correlation, COLLINEAR_TOL};
use crate::RegressionError;

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

/// Residual (Schur complement) matrices along the depth-first walk over
/// subsets, and the running R² sums of one thread.
///
/// The walk decides groups from the last to the first. At a node where
/// groups `0..g` are still undecided, the state is the residual covariance
/// of `[y, columns of groups 0..g]` given the columns already included:
///
/// ```text
/// S = R[u,u] - R[u,i] R[i,i]^-1 R[i,u]      (u = y and the undecided columns,
///                                            i = the included columns)
/// R²(included) = (R[y,y] - S[y,y]) / R[y,y]
/// ```
///
/// Leaving group `g - 1` out keeps `S` as it is (its leading block is the
/// child's state, so nothing is copied); taking it in eliminates its
/// columns, a rank-`c` update of the leading block of dimension
/// `1 + (columns of groups 0..g-1)`. Near the leaves, where almost all nodes
/// are, that block is tiny, so a node costs `O(1)` on average and a leaf's R²
/// is a single entry.
///
/// Sums: `h[g][t]` is the sum of R² over the leaves of the current subtree
/// with `t` of its `g` undecided groups in. Including group `q` at a node
/// with `base` groups already in adds its child's `h[q]` to
/// `inside[q][base + 1 + t]`, so `inside[q][s]` ends up as the sum of R²
/// over all subsets of size `s` containing `q`, at `O(g)` per node instead
/// of `O(G)` per leaf.
struct Walker {
    groups: usize,
    /// `off[g]`: columns in groups `0..g`; group `q` occupies positions
    /// `1 + off[q] .. 1 + off[q + 1]` (position 0 is y).
    off: Vec<usize>,
    /// Residual matrices, one slot per level: slot `q` (written when group
    /// `q` is included) has dimension `1 + off[q]`; slot `G` holds the full
    /// correlation matrix. Row-major, only the lower triangle is used.
    buf: Vec<f64>,
    start: Vec<usize>,
    /// Pivot vectors of the group being included, `max_cols x (1 + off[G])`.
    piv: Vec<f64>,
    /// Cross terms of accepted pivots with the group's later columns.
    cross: Vec<f64>,
    max_cols: usize,
    /// `R[y,y]`: 1 on the correlation scale, 0 for a constant KPI.
    ryy: f64,
    h: Vec<Vec<f64>>,
    inside: Vec<f64>,
}

impl Walker {
    fn new(corr: &Correlation, groups: &[Vec<usize>]) -> Walker {
        let n_groups = groups.len();
        let mut off = vec![0];
        for g in groups {
            off.push(off.last().copied().unwrap_or(0) + g.len());
        }
        let dims: Vec<usize> = off.iter().map(|o| 1 + o).collect();
        let mut start = Vec::with_capacity(n_groups + 1);
        let mut total = 0;
        for d in &dims {
            start.push(total);
            total += d * d;
        }
        let mut buf = vec![0.0; total];
        // Slot G: y first, then the columns of group 0, 1, ...
        let order: Vec<usize> = std::iter::once(corr.p)
            .chain(groups.iter().flatten().copied())
            .collect();
        let full = &mut buf[start[n_groups]..];
        let dim = order.len();
        for (i, &oi) in order.iter().enumerate() {
            for (j, &oj) in order.iter().enumerate() {
                full[i * dim + j] = corr.at(oi, oj);
            }
        }
        let max_cols = groups.iter().map(Vec::len).max().unwrap_or(0);
        Walker {
            groups: n_groups,
            ryy: corr.at(corr.p, corr.p),
            piv: vec![0.0; max_cols.max(2) * dim],
            cross: vec![0.0; max_cols * max_cols],
            max_cols,
            off,
            buf,
            start,
            h: (0..=n_groups).map(|g| vec![0.0; g + 1]).collect(),
            inside: vec![0.0; n_groups * (n_groups + 1)],
        }
    }

    fn dim(&self, slot: usize) -> usize {
        1 + self.off[slot]
    }

    /// R² of the included columns, from the residual variance of y.
    fn r2(&self, slot: usize) -> f64 {
        if self.ryy > 0.0 {
            ((self.ryy - self.buf[self.start[slot]]) / self.ryy).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// Eliminates the columns of group `q` from the state in slot `src`
    /// (which holds groups `0..=q` undecided) into slot `q`. A column whose
    /// residual variance is at most [`COLLINEAR_TOL`] is a linear
    /// combination of the columns in and is skipped.
    fn include(&mut self, q: usize, src: usize) {
        let c = self.off[q + 1] - self.off[q];
        if c <= 2 {
            self.include_small(q, src);
        } else {
            self.include_general(q, src);
        }
    }

    /// [`Walker::include`] for a group of one or two columns (a touchpoint's
    /// incidence and quality terms).
    fn include_small(&mut self, q: usize, src: usize) {
        let ms = self.dim(src);
        let mq = self.dim(q);
        let c = self.off[q + 1] - self.off[q];
        let (lower, upper) = self.buf.split_at_mut(self.start[src]);
        let s = &upper[..ms * ms];
        let dst = &mut lower[self.start[q]..self.start[q] + mq * mq];
        let (u, rest) = self.piv.split_at_mut(mq);
        eliminate_small(s, ms, mq, c, dst, u, &mut rest[..mq]);
    }

    fn r2_of(&self, syy: f64) -> f64 {
        if self.ryy > 0.0 {
            ((self.ryy - syy) / self.ryy).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// The R² after including group 0 into the state in `slot`, without
    /// writing a new state: only the y entry of the result is needed.
    fn leaf_with_group0(&mut self, slot: usize) -> f64 {
        let c = self.off[1];
        if c > 2 {
            self.include(0, slot);
            return self.r2(0);
        }
        let ms = self.dim(slot);
        let s = &self.buf[self.start[slot]..self.start[slot] + ms * ms];
        self.r2_of(y_residual_small(s, ms, 1, c))
    }

    /// The last two levels at once, for groups 0 and 1 of one or two
    /// columns each: the four subsets' R² from the state in `slot` with no
    /// state written (the both-in case eliminates group 1 into a local
    /// 3 x 3 block first). Fills `h[2]` and adds to `inside`.
    fn bottom_two(&mut self, slot: usize, base: usize) {
        let (c0, c1) = (self.off[1], self.off[2] - self.off[1]);
        let ms = self.dim(slot);
        let s = &self.buf[self.start[slot]..self.start[slot] + ms * ms];
        let none = self.r2_of(s[0]);
        let zero = self.r2_of(y_residual_small(s, ms, 1, c0));
        let one = self.r2_of(y_residual_small(s, ms, 1 + c0, c1));
        let mut block = [0.0; 9];
        let (mut u, mut v) = ([0.0; 3], [0.0; 3]);
        let m0 = 1 + c0;
        eliminate_small(s, ms, m0, c1, &mut block[..m0 * m0], &mut u, &mut v);
        let both = self.r2_of(y_residual_small(&block, m0, 1, c0));
        let stride = self.groups + 1;
        self.inside[base + 1] += zero;
        self.inside[base + 2] += both;
        self.inside[stride + base + 1] += one;
        self.inside[stride + base + 2] += both;
        self.h[2][0] = none;
        self.h[2][1] = zero + one;
        self.h[2][2] = both;
    }

    /// [`Walker::include`] for any number of columns (journey phases as
    /// players): sequential pivots, then one rank-`c` update.
    fn include_general(&mut self, q: usize, src: usize) {
        let ms = self.dim(src);
        let mq = self.dim(q);
        let c = self.off[q + 1] - self.off[q];
        let stride = self.piv.len() / self.max_cols.max(2);
        let (lower, upper) = self.buf.split_at_mut(self.start[src]);
        let s = &upper[..ms * ms];
        let dst = &mut lower[self.start[q]..self.start[q] + mq * mq];
        let mut accepted = 0;
        for j in 0..c {
            let pj = mq + j;
            let mut d = s[pj * ms + pj];
            for k in 0..accepted {
                let x = self.cross[k * c + j];
                d -= x * x;
            }
            // NaN-safe: anything not clearly positive is collinear.
            if d.partial_cmp(&COLLINEAR_TOL) != Some(std::cmp::Ordering::Greater) {
                continue;
            }
            let inv = 1.0 / d.sqrt();
            let (done, rest) = self.piv.split_at_mut(accepted * stride);
            let u = &mut rest[..mq];
            u.copy_from_slice(&s[pj * ms..pj * ms + mq]);
            for k in 0..accepted {
                let x = self.cross[k * c + j];
                for (a, b) in u.iter_mut().zip(&done[k * stride..k * stride + mq]) {
                    *a -= x * b;
                }
            }
            for a in u.iter_mut() {
                *a *= inv;
            }
            for j2 in j + 1..c {
                let mut x = s[(mq + j2) * ms + pj];
                for k in 0..accepted {
                    x -= self.cross[k * c + j] * self.cross[k * c + j2];
                }
                self.cross[accepted * c + j2] = x * inv;
            }
            accepted += 1;
        }
        // dst = leading block of s minus the accepted rank-one terms (lower
        // triangle only).
        for i in 0..mq {
            let row = &mut dst[i * mq..i * mq + i + 1];
            row.copy_from_slice(&s[i * ms..i * ms + i + 1]);
            for k in 0..accepted {
                let u = &self.piv[k * stride..k * stride + mq];
                let ui = u[i];
                for (a, b) in row.iter_mut().zip(&u[..=i]) {
                    *a -= ui * b;
                }
            }
        }
    }

    /// Walks the subsets of groups `0..g` below the state in `slot`, with
    /// `base` groups already included; leaves the R² sums by number of
    /// included groups in `h[g]`.
    fn walk(&mut self, g: usize, slot: usize, base: usize) {
        if g == 0 {
            self.h[0][0] = self.r2(slot);
            return;
        }
        let q = g - 1;
        if g == 2 && self.off[2] <= 4 && self.off[1] <= 2 && self.off[2] - self.off[1] <= 2 {
            self.bottom_two(slot, base);
            return;
        }
        if q == 0 {
            // Last level inline: both leaves.
            let out = self.r2(slot);
            let r_in = self.leaf_with_group0(slot);
            self.inside[base + 1] += r_in;
            self.h[1][0] = out;
            self.h[1][1] = r_in;
            return;
        }
        self.walk(q, slot, base);
        {
            let (lo, hi) = self.h.split_at_mut(g);
            hi[0][..g].copy_from_slice(&lo[q]);
            hi[0][g] = 0.0;
        }
        self.include(q, slot);
        self.walk(q, q, base + 1);
        let stride = self.groups + 1;
        let (lo, hi) = self.h.split_at_mut(g);
        let (hg, hc) = (&mut hi[0], &lo[q]);
        let row = &mut self.inside[q * stride + base + 1..q * stride + base + 1 + g];
        for t in 0..g {
            row[t] += hc[t];
            hg[t + 1] += hc[t];
        }
    }

    /// Runs the subtree of one top-level branch: `mask` says which of the
    /// groups `low..G` are in. Returns the R² sums by subset size and the
    /// `inside` sums of this branch alone.
    fn branch(&mut self, low: usize, mask: u64) -> BranchSums {
        self.inside.iter_mut().for_each(|v| *v = 0.0);
        let mut slot = self.groups;
        for q in (low..self.groups).rev() {
            if mask >> q & 1 == 1 {
                self.include(q, slot);
                slot = q;
            }
        }
        let base = mask.count_ones() as usize;
        self.walk(low, slot, base);
        let stride = self.groups + 1;
        let mut totals = vec![0.0; stride];
        let h = &self.h[low];
        for (t, v) in h.iter().enumerate() {
            totals[base + t] += v;
        }
        let mut inside = self.inside.clone();
        for q in low..self.groups {
            if mask >> q & 1 == 1 {
                for (t, v) in h.iter().enumerate() {
                    inside[q * stride + base + t] += v;
                }
            }
        }
        (totals, inside)
    }
}

/// Eliminates the `c` (at most two) columns at positions `mq, mq + 1` from
/// the symmetric matrix `s` (stride `ms`, lower triangle used): writes the
/// leading `mq x mq` block of the Schur complement to `dst` (stride `mq`,
/// lower triangle). A column whose residual variance is at most
/// [`COLLINEAR_TOL`] is skipped as collinear. `u` and `v` are scratch of
/// length `mq`.
fn eliminate_small(
    s: &[f64],
    ms: usize,
    mq: usize,
    c: usize,
    dst: &mut [f64],
    u: &mut [f64],
    v: &mut [f64],
) {
    let (u, v) = (&mut u[..mq], &mut v[..mq]);
    let (a, b) = (mq, mq + 1);
    let daa = if c >= 1 { s[a * ms + a] } else { 0.0 };
    let mut cross = 0.0;
    let has_u = daa > COLLINEAR_TOL;
    if has_u {
        let inv = 1.0 / daa.sqrt();
        for (x, r) in u.iter_mut().zip(&s[a * ms..a * ms + mq]) {
            *x = r * inv;
        }
        if c == 2 {
            cross = s[b * ms + a] * inv;
        }
    }
    let mut has_v = false;
    if c == 2 {
        let dbb = s[b * ms + b] - cross * cross;
        has_v = dbb > COLLINEAR_TOL;
        if has_v {
            let inv = 1.0 / dbb.sqrt();
            let row_b = &s[b * ms..b * ms + mq];
            if has_u {
                for ((x, r), w) in v.iter_mut().zip(row_b).zip(u.iter()) {
                    *x = (r - w * cross) * inv;
                }
            } else {
                for (x, r) in v.iter_mut().zip(row_b) {
                    *x = r * inv;
                }
            }
        }
    }
    for i in 0..mq {
        let row = &mut dst[i * mq..i * mq + i + 1];
        let from = &s[i * ms..i * ms + i + 1];
        match (has_u, has_v) {
            (true, true) => {
                let (ui, vi) = (u[i], v[i]);
                for ((d, f), (x, y)) in row.iter_mut().zip(from).zip(u.iter().zip(v.iter())) {
                    *d = f - ui * x - vi * y;
                }
            }
            (true, false) => {
                let ui = u[i];
                for ((d, f), x) in row.iter_mut().zip(from).zip(u.iter()) {
                    *d = f - ui * x;
                }
            }
            (false, true) => {
                let vi = v[i];
                for ((d, f), y) in row.iter_mut().zip(from).zip(v.iter()) {
                    *d = f - vi * y;
                }
            }
            (false, false) => row.copy_from_slice(from),
        }
    }
}

/// The residual variance of y (position 0) after eliminating the `c` (at
/// most two) columns at positions `first, first + 1` of the symmetric
/// matrix `s` (stride `ms`, lower triangle used), in closed form:
///
/// ```text
/// S_yy - S_ya^2 / S_aa - (S_yb - S_ya S_ba / S_aa)^2 / (S_bb - S_ba^2 / S_aa)
/// ```
fn y_residual_small(s: &[f64], ms: usize, first: usize, c: usize) -> f64 {
    let (a, b) = (first, first + 1);
    let mut syy = s[0];
    if c == 0 {
        return syy;
    }
    let daa = s[a * ms + a];
    let (mut ua, mut cross) = (0.0, 0.0);
    if daa > COLLINEAR_TOL {
        let inv = 1.0 / daa.sqrt();
        ua = s[a * ms] * inv;
        syy -= ua * ua;
        if c == 2 {
            cross = s[b * ms + a] * inv;
        }
    }
    if c == 2 {
        let dbb = s[b * ms + b] - cross * cross;
        if dbb > COLLINEAR_TOL {
            let vb = (s[b * ms] - ua * cross) / dbb.sqrt();
            syy -= vb * vb;
        }
    }
    syy
}

/// One branch's R² sums by subset size and its `inside` sums.
type BranchSums = (Vec<f64>, Vec<f64>);

/// Exact Shapley decomposition of R² for `groups` of predictor indices
/// (each index in `0..corr.p`, each predictor in at most one group).
///
/// With `G` groups and `v(S)` the R² of the columns of the groups in `S`:
///
/// ```text
/// conditional[g][s] = mean over |S| = s, g not in S of v(S + g) - v(S)
/// shapley[g]        = (1 / G) * sum_s conditional[g][s]
///                   = sum_{S not containing g} |S|! (G-|S|-1)! / G! * (v(S + g) - v(S))
/// ```
///
/// The walk visits all `2^G` subsets; the top `min(G - 8, 4)` groups (when
/// there are at least 12) split it into independent branches that the
/// cores take in turn. Results do not depend on the number of threads:
/// branch sums are merged in branch order.
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
    check_groups(corr.p, groups)?;
    if n_groups == 0 {
        return Ok(Decomposition {
            r2: 0.0,
            shapley: vec![],
            conditional: vec![],
        });
    }

    let split = if n_groups >= 12 {
        (n_groups - 8).min(4)
    } else {
        0
    };
    let low = n_groups - split;
    let branches = 1usize << split;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(branches);
    let results: Vec<BranchSums> = if threads <= 1 {
        let mut w = Walker::new(corr, groups);
        (0..branches)
            .map(|b| w.branch(low, (b as u64) << low))
            .collect()
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let per_thread: Vec<Vec<(usize, BranchSums)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut w = Walker::new(corr, groups);
                        let mut out = Vec::new();
                        loop {
                            let b = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            if b >= branches {
                                break out;
                            }
                            out.push((b, w.branch(low, (b as u64) << low)));
                        }
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        let mut all: Vec<(usize, BranchSums)> = per_thread.into_iter().flatten().collect();
        if all.len() != branches {
            return Err(RegressionError::Fit("a decomposition thread failed".into()));
        }
        all.sort_by_key(|(b, _)| *b);
        all.into_iter().map(|(_, r)| r).collect()
    };
    let stride = n_groups + 1;
    let mut totals = vec![0.0; stride];
    let mut inside = vec![0.0; n_groups * stride];
    for (t, i) in &results {
        for (a, b) in totals.iter_mut().zip(t) {
            *a += b;
        }
        for (a, b) in inside.iter_mut().zip(i) {
            *a += b;
        }
    }

    // conditional[g][s] = (sum of R²(S + g) over |S| = s, g not in S)
    //                   - (sum of R²(S) over the same S),
    // divided by the number of such subsets, C(G - 1, s). The second sum is
    // all subsets of size s minus those containing g.
    let mut conditional = vec![vec![0.0; n_groups]; n_groups];
    let mut shapley = vec![0.0; n_groups];
    for g in 0..n_groups {
        let mut count = 1.0; // C(G - 1, 0)
        for (s, cell) in conditional[g].iter_mut().enumerate() {
            let with = inside[g * stride + s + 1];
            let without = totals[s] - inside[g * stride + s];
            *cell = (with - without) / count;
            shapley[g] += *cell / n_groups as f64;
            count = count * (n_groups - 1 - s) as f64 / (s + 1) as f64;
        }
    }
    Ok(Decomposition {
        r2: full_r2(corr, groups),
        shapley,
        conditional,
    })
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
    crate::design::check_inputs(columns.iter().map(|c| c.as_slice()), y, weights)?;
    let cov = weighted_covariance(columns, y, weights);
    decompose(&Correlation::from_covariance(columns.len(), &cov), groups)
}

/// Exact Shapley decomposition from a correlation matrix given with the KPI
/// first (row and column 0) and the predictors after it, as published
/// tables usually print it. Group indices count predictors from 0.
pub fn shapley_from_correlation(
    corr: &[Vec<f64>],
    groups: &[Vec<usize>],
) -> Result<Decomposition, RegressionError> {
    decompose(&Correlation::from_kpi_first(corr)?, groups)
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)] // index loops mirror the formulas
mod tests {
    use super::*;
    use crate::linalg::Factor;

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

    /// Brute force over all subsets, each R² solved from scratch.
    fn brute_force_shapley(corr: &Correlation, groups: &[Vec<usize>]) -> Vec<f64> {
        let n = groups.len();
        let r2_of = |mask: usize| -> f64 {
            let mut f = Factor::new(corr);
            for (g, cols) in groups.iter().enumerate() {
                if mask >> g & 1 == 1 {
                    for &c in cols {
                        f.push(c);
                    }
                }
            }
            f.r2()
        };
        let all: Vec<f64> = (0..1usize << n).map(r2_of).collect();
        let mut fact = vec![1.0f64; n + 1];
        for i in 1..=n {
            fact[i] = fact[i - 1] * i as f64;
        }
        (0..n)
            .map(|g| {
                (0..1usize << n)
                    .filter(|m| m >> g & 1 == 0)
                    .map(|m| {
                        let s = m.count_ones() as usize;
                        fact[s] * fact[n - s - 1] / fact[n] * (all[m | 1 << g] - all[m])
                    })
                    .sum()
            })
            .collect()
    }

    /// Groups of 0, 1, 2 and 3 columns (every code path of the walk), a
    /// duplicated column and a constant one, on 13 groups (threaded):
    /// brute force agrees, the constant column and the empty group get
    /// nothing, and the values sum to R².
    #[test]
    fn mixed_groups_with_collinear_and_constant_columns_match_brute_force() {
        let n = 60;
        let mut state = 99u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let common: Vec<f64> = (0..n).map(|_| next()).collect();
        let mut columns: Vec<Vec<f64>> = (0..22)
            .map(|j| {
                (0..n)
                    .map(|i| 0.5 * common[i] + next() + if j % 2 == 0 { 0.3 } else { 0.0 })
                    .collect()
            })
            .collect();
        columns[5] = columns[2].clone(); // collinear with column 2
        columns[9] = vec![3.0; n]; // constant
        let y: Vec<f64> = (0..n)
            .map(|i| columns.iter().step_by(3).map(|c| c[i]).sum::<f64>() + next())
            .collect();
        let cov = weighted_covariance(&columns, &y, None);
        let corr = Correlation::from_covariance(columns.len(), &cov);
        let groups: Vec<Vec<usize>> = vec![
            vec![0, 1],
            vec![2],
            vec![3, 4, 5],
            vec![],
            vec![6, 7],
            vec![8, 9],
            vec![10],
            vec![11, 12],
            vec![13, 14, 15],
            vec![16],
            vec![17, 18],
            vec![19],
            vec![20, 21],
        ];
        let d = decompose(&corr, &groups).unwrap();
        let expected = brute_force_shapley(&corr, &groups);
        for g in 0..groups.len() {
            assert!(
                (d.shapley[g] - expected[g]).abs() < 1e-12,
                "group {g}: {} vs {}",
                d.shapley[g],
                expected[g]
            );
            assert!(d.conditional[g].iter().all(|v| v.is_finite()));
        }
        assert!(d.shapley[3].abs() < 1e-14, "the empty group gets nothing");
        let sum: f64 = d.shapley.iter().sum();
        assert!((sum - d.r2).abs() < 1e-12);
        // The same problem on fewer groups runs single-threaded.
        let few = &groups[..6];
        let d = decompose(&corr, few).unwrap();
        let expected = brute_force_shapley(&corr, few);
        for g in 0..few.len() {
            assert!((d.shapley[g] - expected[g]).abs() < 1e-12);
        }
    }
}
