//! Why rows are left out of a survey, as a type.
//!
//! A reason travels from the reader through the analysis to every output;
//! as an enum the report translates it with an exhaustive `match`, and the
//! English text the data outputs keep is written here, once.

use std::fmt;

/// Why the reader left rows out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExclusionReason {
    /// A blank, unreadable or negative weight.
    InvalidWeight,
    /// A weight of zero.
    ZeroWeight,
    /// No value in any column.
    EmptyRow,
    /// An exact repeat of an earlier row (same id, same answers).
    Duplicate,
    /// A speeder, when `[survey] exclude` lists "speeders".
    Speeder,
    /// A straight-liner, when `[survey] exclude` lists "straight_liners".
    StraightLiner,
    /// A wave before the two compared (`[survey] wave`).
    EarlierWave,
    /// No wave given, in a file whose waves are compared.
    NoWave,
}

/// The reason in English, as data outputs write it.
impl fmt::Display for ExclusionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExclusionReason::InvalidWeight => "missing or invalid weight",
            ExclusionReason::ZeroWeight => "weight is zero",
            ExclusionReason::EmptyRow => "empty row",
            ExclusionReason::Duplicate => "duplicate of an earlier row",
            ExclusionReason::Speeder => "speeder",
            ExclusionReason::StraightLiner => "straight-liner",
            ExclusionReason::EarlierWave => "an earlier wave than the two compared",
            ExclusionReason::NoWave => "no wave given",
        })
    }
}

/// Rows left out of the survey, with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct ExcludedRows {
    pub reason: ExclusionReason,
    /// 1-based data rows.
    pub rows: Vec<usize>,
}
