//! Reads touchpoint survey exports into a clean [`Survey`]: codes resolved,
//! scales checked, every problem recorded with file, row and column.
//!
//! [`Config`] says what the columns mean, `source` reads any supported
//! export (CSV, Qualtrics, SurveyMonkey, Excel, SPSS) into a table of
//! cells, [`read_survey`] gives the cells their meaning, [`inspect()`]
//! describes an unknown export and suggests a config, [`IngestError`] is
//! what stops reading. What reading finds on the way travels as types: a
//! [`Warning`] with its [`WarningKind`], rows left out with their
//! [`ExclusionReason`].
//!
//! Modules depend downward only, in this order:
//!
//! 1. `error`, `warning`, `exclusion`, `column`, `model`: the types
//!    everything shares;
//! 2. `source`: bytes to a table of text cells; it knows no config, only
//!    its `LoadOptions`;
//! 3. `config`: the TOML config, validated (it names the formats `source`
//!    reads and turns its `[survey]` keys into `LoadOptions`);
//! 4. `read`: a config applied to a table, giving a [`Survey`];
//! 5. `inspect`: a table described, and a config suggested.
//!
//! The modules are private: what callers use is re-exported here.

mod column;
mod config;
mod error;
mod exclusion;
mod inspect;
mod model;
mod read;
mod source;
mod translations;
mod warning;

pub use column::{Ids, Labels, Values};
pub use config::{
    AnalysisConfig, Config, KpiConfig, KpiModelChoice, NpsAnalysis, ReportConfig, SegmentsConfig,
    SurveyConfig, TouchpointConfig, DEFAULT_NEGATIVE, DEFAULT_POSITIVE,
};
pub use error::IngestError;
pub use exclusion::{ExcludedRows, ExclusionReason};
pub use inspect::{inspect, ColumnInfo, ColumnType, Inspection, Role};
pub use model::*;
pub use read::{
    read_header, read_survey, read_survey_as, read_survey_from_bytes, read_survey_with_progress,
};
pub use source::Format;
pub use warning::{Finding, Shortest, Warning, WarningKind};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_formats;
