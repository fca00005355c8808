//! Permutation-sampled Shapley values, for more touchpoints than the exact
//! walk is asked to handle.
//!
//! Why: the Shapley value of a group is its average R² gain over all
//! orders in which the groups can enter the model. Averaging over a random
//! sample of orders instead gives an unbiased estimate whose standard error
//! is known, at `O(p^3)` per order (each order grows one Cholesky factor
//! column by column) instead of `2^G` subsets.
//!
//! ```text
//! gain_g(pi)  = R²(groups before g in pi, and g) - R²(groups before g in pi)
//! shapley_g   ~ mean over sampled pi of gain_g(pi)
//! ```
//!
//! Each sampled order is paired with its reverse (antithetic sampling): a
//! group that enters early in one enters late in the other, which cancels
//! much of the order-to-order variation. The estimate is the mean of the
//! pair averages, its standard error their standard deviation over the
//! square root of the number of pairs. Every order's gains add up to the
//! full R², so the estimates do too, exactly.
//!
//! Reproducible: the orders come from a SplitMix64 stream per chunk of 32
//! pairs, seeded from `seed` and the chunk number, and chunks are merged in
//! order, so the result depends on the seed only, not on the number of
//! threads.

use crate::linalg::{check_groups, full_r2, weighted_covariance, Correlation, OrderWalk};
use crate::rng::SplitMix;
use crate::RegressionError;

/// Pairs of orders per chunk of work (and per random stream).
const CHUNK: usize = 32;

/// Up to this many chunks, the orders are walked on the calling thread
/// (the values do not depend on it).
const THREAD_FROM_CHUNKS: usize = 2;

/// Orders sampled by default (in antithetic pairs).
pub const DEFAULT_PERMUTATIONS: usize = 2000;

/// A permutation-sampled Shapley decomposition.
#[derive(Debug, Clone, PartialEq)]
pub struct SampledDecomposition {
    /// R² of the model with every group.
    pub r2: f64,
    /// Estimated Shapley value of each group; they sum to `r2`.
    pub shapley: Vec<f64>,
    /// Standard error of each estimate.
    pub se: Vec<f64>,
    /// Orders sampled (twice the number of antithetic pairs).
    pub permutations: usize,
}

/// Adds each group's R² gain along `order` to `gains`; `cols` and `r2` are
/// scratch.
fn add_gains(
    walk: &mut OrderWalk,
    groups: &[Vec<usize>],
    order: &[usize],
    gains: &mut [f64],
    (cols, r2): (&mut Vec<usize>, &mut Vec<f64>),
) {
    cols.clear();
    cols.extend(order.iter().flat_map(|&g| groups[g].iter().copied()));
    r2.resize(cols.len(), 0.0);
    walk.run(cols, r2);
    let (mut end, mut before) = (0, 0.0);
    for &g in order {
        if groups[g].is_empty() {
            continue;
        }
        end += groups[g].len();
        let now = r2[end - 1];
        gains[g] += now - before;
        before = now;
    }
}

/// The pair averages of one chunk, `pairs x groups`, row-major.
fn run_chunk(
    corr: &Correlation,
    groups: &[Vec<usize>],
    seed: u64,
    chunk: usize,
    pairs: usize,
) -> Vec<f64> {
    let n_groups = groups.len();
    let mut rng = SplitMix(seed ^ (chunk as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
    // Decorrelate nearby seeds before use.
    rng.next();
    let mut walk = OrderWalk::new(corr);
    let (mut cols, mut r2) = (Vec::new(), Vec::new());
    let mut order: Vec<usize> = (0..n_groups).collect();
    let mut out = vec![0.0; pairs * n_groups];
    for row in out.chunks_mut(n_groups) {
        // Fisher-Yates shuffle.
        for i in (1..n_groups).rev() {
            order.swap(i, rng.below(i + 1));
        }
        add_gains(&mut walk, groups, &order, row, (&mut cols, &mut r2));
        order.reverse();
        add_gains(&mut walk, groups, &order, row, (&mut cols, &mut r2));
        for v in row.iter_mut() {
            *v *= 0.5;
        }
    }
    out
}

/// Permutation-sampled Shapley values of `groups` (predictor indices into
/// `corr`), from about `permutations` orders (rounded up to an even number,
/// at least 4) drawn with `seed`.
pub(crate) fn sample(
    corr: &Correlation,
    groups: &[Vec<usize>],
    permutations: usize,
    seed: u64,
) -> Result<SampledDecomposition, RegressionError> {
    check_groups(corr.p, groups)?;
    let n_groups = groups.len();
    let pairs = permutations.div_ceil(2).max(2);
    if n_groups == 0 {
        return Ok(SampledDecomposition {
            r2: 0.0,
            shapley: vec![],
            se: vec![],
            permutations: 2 * pairs,
        });
    }
    let chunks = pairs.div_ceil(CHUNK);
    let size = |c: usize| CHUNK.min(pairs - c * CHUNK);
    // A few chunks (a bootstrap replicate's hundred orders, whose
    // replicates already share the cores) are not worth a thread each.
    let threads = if chunks <= THREAD_FROM_CHUNKS {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(chunks)
    };
    let mut results: Vec<(usize, Vec<f64>)> = if threads <= 1 {
        (0..chunks)
            .map(|c| (c, run_chunk(corr, groups, seed, c, size(c))))
            .collect()
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let per_thread: Vec<Vec<(usize, Vec<f64>)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut out = Vec::new();
                        loop {
                            let c = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            if c >= chunks {
                                break out;
                            }
                            out.push((c, run_chunk(corr, groups, seed, c, size(c))));
                        }
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        per_thread.into_iter().flatten().collect()
    };
    if results.len() != chunks {
        return Err(RegressionError::Fit("a sampling thread failed".into()));
    }
    results.sort_by_key(|(c, _)| *c);
    let rows: Vec<f64> = results.into_iter().flat_map(|(_, r)| r).collect();

    let m = pairs as f64;
    let mut shapley = vec![0.0; n_groups];
    for row in rows.chunks(n_groups) {
        for (s, v) in shapley.iter_mut().zip(row) {
            *s += v;
        }
    }
    for s in shapley.iter_mut() {
        *s /= m;
    }
    let mut var = vec![0.0; n_groups];
    for row in rows.chunks(n_groups) {
        for ((v, x), s) in var.iter_mut().zip(row).zip(&shapley) {
            *v += (x - s) * (x - s);
        }
    }
    let se = var.iter().map(|v| (v / (m - 1.0) / m).sqrt()).collect();
    Ok(SampledDecomposition {
        r2: full_r2(corr, groups),
        shapley,
        se,
        permutations: 2 * pairs,
    })
}

/// Permutation-sampled Shapley (LMG) decomposition of the R² of `y` on
/// `columns`, each group of column indices one player; weighted least
/// squares when weights are given. About `permutations` orders (in
/// antithetic pairs) drawn reproducibly from `seed`.
pub fn sampled_shapley(
    columns: &[Vec<f64>],
    y: &[f64],
    weights: Option<&[f64]>,
    groups: &[Vec<usize>],
    permutations: usize,
    seed: u64,
) -> Result<SampledDecomposition, RegressionError> {
    crate::design::check_inputs(columns.iter().map(|c| c.as_slice()), y, weights)?;
    let cov = weighted_covariance(columns, y, weights);
    sample(
        &Correlation::from_covariance(columns.len(), &cov),
        groups,
        permutations,
        seed,
    )
}

/// Permutation-sampled Shapley values from a correlation matrix given with
/// the KPI first (row and column 0) and the predictors after it, as in
/// [`crate::shapley_from_correlation`].
pub fn sampled_shapley_from_correlation(
    corr: &[Vec<f64>],
    groups: &[Vec<usize>],
    permutations: usize,
    seed: u64,
) -> Result<SampledDecomposition, RegressionError> {
    sample(
        &Correlation::from_kpi_first(corr)?,
        groups,
        permutations,
        seed,
    )
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)] // index loops mirror the matrices
mod tests {
    use super::*;

    fn corr_from(rows: &[Vec<f64>]) -> Correlation {
        Correlation {
            p: rows.len() - 1,
            r: rows.iter().flatten().copied().collect(),
        }
    }

    /// With two groups there are only two orders, and every antithetic pair
    /// holds both: the estimate is exact and its standard error zero.
    #[test]
    fn two_groups_are_exact() {
        // Predictors correlated 0.5, correlations with y 0.5 and 0.3.
        let corr = corr_from(&[
            vec![1.0, 0.5, 0.5],
            vec![0.5, 1.0, 0.3],
            vec![0.5, 0.3, 1.0],
        ]);
        let s = sample(&corr, &[vec![0], vec![1]], 10, 7).unwrap();
        // R² = (0.25 + 0.09 - 2 * 0.5 * 0.5 * 0.3) / 0.75 = 0.19 / 0.75.
        let r2 = 0.19 / 0.75;
        assert!((s.r2 - r2).abs() < 1e-14);
        // Shapley of x1 = (0.25 + (r2 - 0.09)) / 2.
        assert!((s.shapley[0] - (0.25 + r2 - 0.09) / 2.0).abs() < 1e-14);
        assert!(s.se.iter().all(|&e| e < 1e-14));
        assert_eq!(s.permutations, 10);
    }

    /// Same seed, same answer; another seed, another sample.
    #[test]
    fn seeded_and_reproducible() {
        let p = 6;
        let mut rows = vec![vec![0.0; p + 1]; p + 1];
        for i in 0..=p {
            for j in 0..=p {
                rows[i][j] = if i == j {
                    1.0
                } else if i == p || j == p {
                    0.1 * (1 + (i + j) % 4) as f64
                } else {
                    0.25
                };
            }
        }
        let corr = corr_from(&rows);
        let groups: Vec<Vec<usize>> = (0..p).map(|i| vec![i]).collect();
        let a = sample(&corr, &groups, 200, 1).unwrap();
        let b = sample(&corr, &groups, 200, 1).unwrap();
        let c = sample(&corr, &groups, 200, 2).unwrap();
        assert_eq!(a, b);
        assert_ne!(a.shapley, c.shapley);
        let sum: f64 = a.shapley.iter().sum();
        assert!((sum - a.r2).abs() < 1e-12);
    }
}
