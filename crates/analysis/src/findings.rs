//! The warnings and exclusion reasons of the hand-off model: ingest's, and
//! the analysis's own beside them, as enums.
//!
//! The report words them with an exhaustive `match`, so a kind added here
//! does not compile until it has its wording in every language. The English
//! text and the machine code that data outputs keep are written here (and
//! in ingest for what reading finds), once.

use std::fmt;

use cximpact_ingest::Finding;
use cximpact_regression::RegressionError;
use serde::{Serialize, Serializer};

/// Why reading left rows out ([`ExclusionReason::Read`]).
pub use cximpact_ingest::ExclusionReason as ReadExclusion;
/// A number as read warnings quote it ("5", "7.5").
pub use cximpact_ingest::Shortest;
/// What reading the survey found ([`WarningKind::Read`]).
pub use cximpact_ingest::WarningKind as ReadWarning;

/// A data-quality finding: its kind, file, row and column (ingest's
/// warning, widened to the analysis's kinds).
pub type Warning = cximpact_ingest::Warning<WarningKind>;

/// Every kind of warning a run can give.
#[derive(Debug, Clone, PartialEq)]
pub enum WarningKind {
    /// Found while reading the survey.
    Read(ReadWarning),
    /// A touchpoint experienced by fewer than `min` respondents.
    SmallBase { n: usize, min: usize },
    /// A KPI whose model could not be fitted; the others go on.
    KpiNotModelled {
        /// The KPI's label.
        kpi: String,
        error: RegressionError,
    },
    /// A logistic model whose two answers the touchpoints separate.
    Separation {
        /// The KPI's label.
        kpi: String,
        /// The model's (McFadden) pseudo-R².
        pseudo_r2: f64,
    },
    /// The bootstrap failed: no uncertainty intervals.
    BootstrapFailed { error: RegressionError },
    /// An analysis from a warehouse's sums lacks what needs the rows.
    NotFromSums(SumsGap),
}

/// What an analysis from sums (`cximpact analyze --moments`) cannot give.
#[derive(Debug, Clone, PartialEq)]
pub enum SumsGap {
    /// A yes/no KPI with a logistic model.
    LogisticKpi {
        /// The KPI's label.
        kpi: String,
    },
    /// Row-level data checks (cells out of scale or not a number, blank
    /// ids, duplicates, ...) and the lists of excluded rows.
    RowChecks,
    /// The tests of whether a touchpoint acts differently in a segment
    /// group than in the rest.
    SegmentDifferences,
}

impl Finding for WarningKind {
    fn code(&self) -> &'static str {
        match self {
            WarningKind::Read(kind) => kind.code(),
            WarningKind::SmallBase { .. } => "small_base",
            WarningKind::KpiNotModelled { .. } => "kpi_not_modelled",
            WarningKind::Separation { .. } => "separation",
            WarningKind::BootstrapFailed { .. } => "bootstrap_failed",
            WarningKind::NotFromSums(_) => "not_from_sums",
        }
    }
}

/// The sentence in English, as data outputs write it.
impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningKind::Read(kind) => kind.fmt(f),
            WarningKind::SmallBase { n, min } => write!(
                f,
                "only {n} respondents experienced this touchpoint (fewer than {min}); read its \
                 results with care"
            ),
            WarningKind::KpiNotModelled { kpi, error } => {
                write!(f, "{kpi} was not modelled: {error}")
            }
            WarningKind::Separation { kpi, pseudo_r2 } => write!(
                f,
                "{kpi}: the touchpoints separate the two answers (some groups of respondents all \
                 gave the same answer), so some effects are not estimable: their odds ratios \
                 are left out and their log-odds only show the direction. The pseudo-R\u{b2} \
                 ({pseudo_r2:.3}) and the importances remain valid."
            ),
            WarningKind::BootstrapFailed { error } => {
                write!(f, "no uncertainty intervals: {error}")
            }
            WarningKind::NotFromSums(gap) => match gap {
                SumsGap::LogisticKpi { kpi } => write!(
                    f,
                    "{kpi} was not modelled: its logistic model needs the respondents' rows, \
                     not the warehouse's sums; run cximpact on the export, or set model = \
                     \"linear\" for this KPI"
                ),
                SumsGap::RowChecks => f.write_str(
                    "analysed from the warehouse's sums: the row-level data checks (answers out \
                     of scale or not a number, blank ids, duplicate rows) and the lists of \
                     excluded rows need the rows; run cximpact on the export for them",
                ),
                SumsGap::SegmentDifferences => f.write_str(
                    "analysed from the warehouse's sums: each segment group has its own \
                     analysis, but the tests of whether a touchpoint acts differently in a \
                     group need the rows; run cximpact on the export for them",
                ),
            },
        }
    }
}

/// Why rows are left out of the analysis, or out of one KPI's model.
#[derive(Debug, Clone, PartialEq)]
pub enum ExclusionReason {
    /// Left out while reading (an invalid weight, an empty row, ...).
    Read(ReadExclusion),
    /// The respondent answered no KPI question.
    NoKpiAnswer,
    /// The respondent did not answer this KPI question (an exclusion of
    /// one KPI's model).
    NoAnswerTo {
        /// The question's label.
        kpi: String,
    },
}

/// The reason in English, as data outputs write it.
impl fmt::Display for ExclusionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExclusionReason::Read(reason) => reason.fmt(f),
            ExclusionReason::NoKpiAnswer => f.write_str("no answer to any KPI question"),
            ExclusionReason::NoAnswerTo { kpi } => write!(f, "no answer to {kpi}"),
        }
    }
}

/// As its English text (`impact.json` keeps the reasons as sentences).
impl Serialize for ExclusionReason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_findings_keep_their_code_and_text() {
        let kind = WarningKind::Read(ReadWarning::NotYesNo {
            raw: "misschien".into(),
        });
        assert_eq!(kind.code(), "unrecognised_value");
        assert_eq!(
            kind.to_string(),
            "answer \"misschien\" is not a recognised yes/no answer; treated as no answer"
        );
        let reason = ExclusionReason::Read(ReadExclusion::ZeroWeight);
        assert_eq!(reason.to_string(), "weight is zero");
    }

    #[test]
    fn the_analysis_own_findings_read_as_before() {
        let kind = WarningKind::Separation {
            kpi: "Stays".into(),
            pseudo_r2: 0.41234,
        };
        assert_eq!(kind.code(), "separation");
        assert!(kind
            .to_string()
            .starts_with("Stays: the touchpoints separate"));
        assert!(kind.to_string().contains("pseudo-R\u{b2} (0.412)"));
        assert_eq!(
            ExclusionReason::NoAnswerTo {
                kpi: "Recommend".into()
            }
            .to_string(),
            "no answer to Recommend"
        );
    }

    #[test]
    fn a_warning_and_a_reason_serialise_as_before() {
        let w = Warning {
            kind: WarningKind::SmallBase { n: 18, min: 30 },
            file: "survey.csv".into(),
            row: None,
            column: Some("tp_chat".into()),
        };
        assert_eq!(
            serde_json::to_string(&w).unwrap(),
            "{\"kind\":\"small_base\",\"file\":\"survey.csv\",\"row\":null,\"column\":\"tp_chat\",\
             \"message\":\"only 18 respondents experienced this touchpoint (fewer than 30); read \
             its results with care\"}"
        );
        assert_eq!(
            serde_json::to_string(&ExclusionReason::NoKpiAnswer).unwrap(),
            "\"no answer to any KPI question\""
        );
    }
}
