//! The analysis layer: turns a read survey (`cximpact-ingest`) and its
//! settings into the whole analysis as plain data, using the models of
//! `cximpact-regression`: which respondents are analysed and which are
//! excluded (always with a reason), each KPI's impact model (NPS questions
//! also as promoter and detractor sub-KPIs, reversed KPIs mirrored), the
//! NPS-points what-ifs, the bootstrap intervals, the segments and the lead
//! KPI. The report crate renders the result ([`Analysis`]); the binary only
//! parses settings and calls [`analyse`].
//!
//! Data flows one way: ingest and regression → analysis → report → binary.

mod analyse;
pub mod batch;
mod compare;
mod findings;
mod from_sums;
mod kpis;
pub mod model;
mod one_pass;
mod options;
mod segment_models;
mod segments;
mod subsample;
mod subset;
mod uncertainty;
mod warnings;
mod waves;

#[cfg(test)]
mod tests;

pub use analyse::analyse;
pub use batch::{run_batch, BatchError, BatchPlan, PlannedSurvey, Skipped};
pub use compare::{change_ci, compare};
pub use from_sums::{
    analyse_sums, split_sums_waves, sums_plan, SetSums, SumColumn, SummedQuestion, SumsPlan,
    SurveySums,
};
pub use model::*;
pub use options::{Options, OptionsError, Stage, SubKpiLabels};
pub use subsample::LOGISTIC_MODEL_ROWS;
pub use waves::{split_waves, WaveSplit};

use cximpact_regression::RegressionError;

/// The reasons of [`AnalysisError::NoKpiModelled`] in one line.
fn join_reasons(reasons: &[WarningKind]) -> String {
    reasons
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a survey could not be analysed at all. (A KPI that cannot be
/// modelled is a warning as long as another one can.)
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error(
        "{file}: the wave column \"{column}\" holds one wave ({waves}); comparing needs two \
         (or give the previous wave's file with --compare)"
    )]
    OneWave {
        file: String,
        column: String,
        waves: String,
    },
    #[error("{file}: no respondent answered any KPI question; nothing to analyse")]
    NothingToAnalyse { file: String },
    #[error(
        "{file}: the config names no KPI to explain: add a [[kpi]] block (or give --kpi COLUMN)"
    )]
    NoKpi { file: String },
    #[error(
        "{file}: the config names no touchpoint: add [[touchpoint]] blocks (or give \
         --touchpoints PATTERN)"
    )]
    NoTouchpoints { file: String },
    #[error("{file}: every data row was left out before the analysis: {reasons}")]
    EveryRowExcluded { file: String, reasons: String },
    #[error(
        "{file}: none of the KPIs could be modelled: {}",
        join_reasons(reasons)
    )]
    NoKpiModelled {
        file: String,
        /// Each KPI's reason.
        reasons: Vec<WarningKind>,
    },
    #[error("{file}: {message}")]
    Sums { file: String, message: String },
    #[error(transparent)]
    Regression(#[from] RegressionError),
}
