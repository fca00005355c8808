//! Reads touchpoint survey exports into a clean [`Survey`]: codes resolved,
//! scales checked, every problem recorded with file, row and column.
//!
//! [`Config`] says what the columns mean, [`read_survey`] applies it to a
//! CSV export, [`IngestError`] is what stops reading.

pub mod config;
pub mod error;
pub mod model;
pub mod read;

pub use config::{
    AnalysisConfig, Config, KpiConfig, ReportConfig, SegmentsConfig, SurveyConfig, TouchpointConfig,
};
pub use error::IngestError;
pub use model::*;
pub use read::{read_header, read_survey};

#[cfg(test)]
mod tests;
