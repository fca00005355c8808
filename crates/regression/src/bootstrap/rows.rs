//! The respondents of one KPI model as sparse raw vectors (see the module
//! docs of `crate::bootstrap`): what the respondent bootstrap sums over,
//! and what a logistic replicate refits on.

/// The rows of one KPI model as sparse raw vectors.
pub(super) struct SparseRows {
    /// Each row's position among the analysed respondents.
    pub(super) pos: Vec<usize>,
    /// Each row's survey weight.
    pub(super) weight: Vec<f64>,
    /// Row `r`'s entries are `start[r]..start[r + 1]` of `idx` and `val`.
    pub(super) start: Vec<usize>,
    /// Raw column of each non-zero entry.
    pub(super) idx: Vec<usize>,
    pub(super) val: Vec<f64>,
}
