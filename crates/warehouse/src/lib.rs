//! The warehouse path: when a survey outgrows one machine, the heavy pass
//! runs where the data is. [`query`] writes one SQL query (DuckDB, Spark or
//! Postgres) that sums, per block of respondents and per segment group,
//! everything the in-process one-pass analysis sums; [`read_sums`] reads
//! the engine's CSV or Parquet export of its result back, checks that it was computed
//! for the same config, and hands the sums to
//! [`cximpact_analysis::analyse_sums`].
//!
//! # The result
//!
//! One row per set of respondents and block (per wave when the config
//! names a wave column), six columns:
//!
//! - `layout`: what the sums were computed for (blocks, touchpoints with
//!   their scales, KPI columns, segment columns, weight), one `key=value`
//!   per `;`. The reader compares it with the config's and names what
//!   differs.
//! - `set_column`: empty for the whole survey, else a segment column.
//! - `set_value`: the segment group's value (empty or NULL: the blank
//!   answers).
//! - `block`: the block `0..blocks` of the whole survey's rows; `-1` for a
//!   segment group (its own analysis has no bootstrap).
//! - `wave`: the wave (`[survey] wave`; empty or NULL without one).
//! - `sums`: the numbers, separated by spaces, in this order (`T`
//!   touchpoints; shifts are the middles of the scales):
//!   1. rows, rows with a missing or invalid weight, with a zero weight,
//!      kept rows without a KPI answer, analysed rows (kept, answered a
//!      KPI), the kept rows' summed weight (the reader rescales the weights
//!      to a mean of one over the kept rows, as ingest does);
//!   2. per touchpoint: kept rows that rated it;
//!   3. over the analysed rows: `sum w`, then per touchpoint `sum w d`,
//!      `sum w x`;
//!   4. per touchpoint: per point `p` of its scale (lowest, lowest + 1, ...)
//!      `sum w [x = p]` and `count [x = p]`, then the count of ratings that
//!      are not a point of the scale (the reader refuses a result where it
//!      is not 0: the report describes touchpoints by scale point);
//!   5. per KPI question with linear analyses (config order): the
//!      respondents who answered it; per KPI column with few possible
//!      values (0/1 answers: 0 then 1; NPS points: -100, 0, 100) the count
//!      of each; per touchpoint its raters, lowest and highest rating
//!      (`1e300` and `-1e300` when none) and `sum w min(1, top - x)`; then
//!      `sum w r_a r_b` for `a <= b`, row by row, of the raw vector `r` of
//!      `cximpact_regression::Moments`.
//!
//! # Hash, blocks and noise
//!
//! `h = md5(trim(id))` as 32 hex digits (a blank id hashes the empty
//! text); `H1`, `H2`, `H3` are digits 1-8, 9-16 and 17-24 read as unsigned
//! 32-bit numbers; `block = H3 mod blocks`; `u1 = (H1 + 0.5) / 2^32`, `u2 =
//! (H2 + 0.5) / 2^32`; the noise pair is `z1 = sqrt(-2 ln u1) cos(2 pi
//! u2)`, `z2 = sqrt(-2 ln u1) sin(2 pi u2)` (Box-Muller). The same in every
//! dialect.

mod layout;
mod read;
mod sql;

pub use layout::Layout;
pub use read::{read_sums, WaveSums};
pub use sql::query;

use std::fmt;

/// The SQL dialects `cximpact sql` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Spark,
    Postgres,
}

impl Dialect {
    /// Every dialect, by its command-line name.
    pub const ALL: [(&'static str, Dialect); 3] = [
        ("duckdb", Dialect::DuckDb),
        ("spark", Dialect::Spark),
        ("postgres", Dialect::Postgres),
    ];

    /// The dialect called `name`, or an error listing the supported ones.
    pub fn parse(name: &str) -> Result<Dialect, WarehouseError> {
        let lower = name.trim().to_lowercase();
        Dialect::ALL
            .iter()
            .find(|(n, _)| *n == lower)
            .map(|(_, d)| *d)
            .ok_or_else(|| WarehouseError::Dialect(name.to_string()))
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = Dialect::ALL
            .iter()
            .find(|(_, d)| d == self)
            .map_or("?", |(n, _)| n);
        f.write_str(name)
    }
}

/// Why no query could be written or a result not read.
#[derive(Debug, thiserror::Error)]
pub enum WarehouseError {
    #[error("dialect \"{0}\" is not supported; use duckdb, spark or postgres")]
    Dialect(String),
    #[error("{config}: {message}")]
    Config { config: String, message: String },
    #[error("{file}: {message}")]
    Result { file: String, message: String },
    #[error("{file}: {line}: {message}")]
    Row {
        file: String,
        /// The CSV line or Parquet row.
        line: String,
        message: String,
    },
    #[error(
        "{file} was computed for another config ({config}): {what} differs: the sums have \
         {theirs}, the config has {ours}; print the query again with `cximpact sql` for this \
         config"
    )]
    Mismatch {
        file: String,
        config: String,
        what: String,
        theirs: String,
        ours: String,
    },
    #[error("{file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
}
