//! The hand-off model the report renders. It is made by the analysis crate
//! (`cximpact_analysis::model`) and re-exported here, so the renderers and
//! the report's callers name it as `cximpact_report::Analysis`.

pub use cximpact_analysis::model::*;
