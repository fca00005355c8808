//! Packed upper triangles of symmetric matrices: the bootstrap's
//! cross-product sums and the logistic information matrices, stored once
//! per pair of columns.

/// Offset of row `a` in a packed upper triangle of dimension `dim`, minus
/// `a`, so that entry `(a, b)` with `b >= a` sits at `row_base(a) + b`.
pub(crate) fn row_base(dim: usize, a: usize) -> usize {
    a * dim - a * (a + 1) / 2
}

/// Entries of a packed upper triangle of dimension `dim`.
pub(crate) fn packed_len(dim: usize) -> usize {
    dim * (dim + 1) / 2
}

/// Adds `v * u u'` to a packed upper triangle, `u` given by its non-zero
/// entries (ascending indices).
pub(crate) fn add_outer(s: &mut [f64], dim: usize, idx: &[usize], val: &[f64], v: f64) {
    for (ai, &a) in idx.iter().enumerate() {
        let va = v * val[ai];
        let base = row_base(dim, a);
        for (bi, &b) in idx.iter().enumerate().skip(ai) {
            s[base + b] += va * val[bi];
        }
    }
}
