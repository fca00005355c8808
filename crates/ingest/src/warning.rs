//! Warnings as types: what was found, where, with the finding's variable
//! parts as typed fields.
//!
//! A warning crosses three crates (ingest finds it, analysis adds its own,
//! the report words it in the reader's language). Its kind is an enum so
//! that a report's `match` is exhaustive and the compiler catches a new or
//! renamed kind; the English sentence and the machine code live here, once,
//! and data outputs keep them as they are.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// A kind of warning: a stable machine code (`out_of_scale`, ...) that data
/// outputs write, and (as `Display`) its sentence in English.
pub trait Finding: fmt::Display {
    /// The machine code, e.g. `out_of_scale`; several kinds may share one.
    fn code(&self) -> &'static str;
}

/// A problem that did not stop the analysis, at its place in the file.
///
/// `K` is the kind: [`WarningKind`] for what reading finds; the analysis
/// widens it with its own kinds (see [`Warning::map_kind`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Warning<K = WarningKind> {
    pub kind: K,
    pub file: String,
    /// 1-based data row (header not counted); `None` for a whole column or
    /// file.
    pub row: Option<usize>,
    pub column: Option<String>,
}

impl<K> Warning<K> {
    /// The same warning with its kind turned into another (wider) kind.
    pub fn map_kind<L>(self, f: impl FnOnce(K) -> L) -> Warning<L> {
        Warning {
            kind: f(self.kind),
            file: self.file,
            row: self.row,
            column: self.column,
        }
    }
}

/// `{kind, file, row, column, message}`: the code and the English sentence,
/// as `impact.json` has always written them.
impl<K: Finding> Serialize for Warning<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Warning", 5)?;
        s.serialize_field("kind", self.kind.code())?;
        s.serialize_field("file", &self.file)?;
        s.serialize_field("row", &self.row)?;
        s.serialize_field("column", &self.column)?;
        s.serialize_field("message", &self.kind.to_string())?;
        s.end()
    }
}

/// One sentence naming file, row and column, e.g.
/// `survey.csv, row 17, column "tp_app": value "12" is outside the scale 1-10; ...`.
impl<K: fmt::Display> fmt::Display for Warning<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column \"{column}\"")?;
        }
        write!(f, ": {}", self.kind)
    }
}

/// A number in its shortest exact form: "5", "7.5", "-99" (as the cells of
/// binary formats are written, and as warnings quote durations and scores).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shortest(pub f64);

impl fmt::Display for Shortest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 1e15 {
            write!(f, "{}", v as i64)
        } else {
            write!(f, "{v}")
        }
    }
}

/// What reading an export can find, with the finding's variable parts.
#[derive(Debug, Clone, PartialEq)]
pub enum WarningKind {
    /// A CSV export that is not UTF-8, read as Windows-1252.
    EncodingAssumed {
        /// 1-based line of the first byte that is not UTF-8.
        line: usize,
    },
    /// A CSV row with fewer fields than the header.
    RaggedRow { fields: usize, expected: usize },
    /// The SPSS reader's own warning about the file.
    FileDamaged { detail: String },
    /// A blank weight; the respondent is left out.
    WeightMissing,
    /// A weight that is not a number of zero or more; the respondent is
    /// left out.
    WeightInvalid { raw: String },
    /// A blank respondent id, replaced by `row <row>`.
    IdBlank { row: usize },
    /// An exact repeat of an earlier row, left out.
    DuplicateRow {
        /// The repeated respondent id.
        id: String,
        /// The 1-based data row it repeats.
        first: usize,
    },
    /// No scale configured and no numeric answers: 1-10 assumed.
    ScaleAssumedWithoutAnswers,
    /// No scale configured: `low`-`high` assumed from the answers.
    ScaleAssumed {
        low: f64,
        high: f64,
        lowest: f64,
        highest: f64,
        /// The highest answer looks like a "did not experience" code (97,
        /// 98, 99, 999 or 9999).
        highest_looks_like_code: bool,
    },
    /// A rating outside the scale, read as no answer.
    OutOfScale { raw: String, low: f64, high: f64 },
    /// Text in a rating column, read as no answer.
    NotANumber { raw: String },
    /// A yes/no KPI answer that is neither, read as no answer.
    NotYesNo { raw: String },
    /// The same score for every touchpoint rated.
    StraightLiner { count: usize, score: Shortest },
    /// A duration column without one readable duration: no speeder check.
    NoDurations,
    /// Faster than `fraction` of the median duration.
    Speeder {
        took: Shortest,
        median: Shortest,
        fraction: f64,
    },
}

impl Finding for WarningKind {
    fn code(&self) -> &'static str {
        match self {
            WarningKind::EncodingAssumed { .. } => "encoding_assumed",
            WarningKind::RaggedRow { .. } => "ragged_row",
            WarningKind::FileDamaged { .. } => "file_damaged",
            WarningKind::WeightMissing | WarningKind::WeightInvalid { .. } => "invalid_weight",
            WarningKind::IdBlank { .. } => "missing_id",
            WarningKind::DuplicateRow { .. } => "duplicate_row",
            WarningKind::ScaleAssumedWithoutAnswers | WarningKind::ScaleAssumed { .. } => {
                "scale_assumed"
            }
            WarningKind::OutOfScale { .. } => "out_of_scale",
            WarningKind::NotANumber { .. } | WarningKind::NotYesNo { .. } => "unrecognised_value",
            WarningKind::StraightLiner { .. } => "straight_liner",
            WarningKind::NoDurations => "no_durations",
            WarningKind::Speeder { .. } => "speeder",
        }
    }
}

/// The sentence in English, as data outputs write it.
impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningKind::EncodingAssumed { line } => write!(
                f,
                "the file is not UTF-8 (first invalid byte on line {line}); read as Windows-1252. Set encoding in [survey] if accented letters look wrong"
            ),
            WarningKind::RaggedRow { fields, expected } => write!(
                f,
                "the row has {fields} fields but the header has {expected}; the missing ones are read as blank"
            ),
            WarningKind::FileDamaged { detail } => {
                write!(f, "the SPSS file may be damaged: {detail}")
            }
            WarningKind::WeightMissing => write!(f, "weight is missing; respondent left out"),
            WarningKind::WeightInvalid { raw } => write!(
                f,
                "weight \"{raw}\" is not a valid weight (a number of zero or more); respondent left out"
            ),
            WarningKind::IdBlank { row } => {
                write!(f, "respondent id is blank; using \"row {row}\"")
            }
            WarningKind::DuplicateRow { id, first } => write!(
                f,
                "id \"{id}\" repeats row {first} with identical answers; the copy is left out"
            ),
            WarningKind::ScaleAssumedWithoutAnswers => write!(
                f,
                "no scale configured and no numeric answers; assumed 1-10"
            ),
            WarningKind::ScaleAssumed {
                low,
                high,
                lowest,
                highest,
                highest_looks_like_code,
            } => {
                write!(
                    f,
                    "no scale configured; assumed {low}-{high} from the answers (lowest {lowest}, highest {highest}); set scale to be sure"
                )?;
                if *highest_looks_like_code {
                    write!(
                        f,
                        "; if {highest} means \"did not experience\", add it to not_experienced"
                    )?;
                }
                Ok(())
            }
            WarningKind::OutOfScale { raw, low, high } => write!(
                f,
                "value \"{raw}\" is outside the scale {low}-{high}; treated as no answer"
            ),
            WarningKind::NotANumber { raw } => write!(
                f,
                "value \"{raw}\" is not a number; treated as no answer (map text answers to numbers with values = {{ \"{raw}\" = ... }})"
            ),
            WarningKind::NotYesNo { raw } => write!(
                f,
                "answer \"{raw}\" is not a recognised yes/no answer; treated as no answer"
            ),
            WarningKind::StraightLiner { count, score } => write!(
                f,
                "gave every one of the {count} touchpoints rated the same score ({score}); a straight-liner may not have read the questions"
            ),
            WarningKind::NoDurations => write!(
                f,
                "no readable durations (seconds, or h:mm:ss); the speeder check was skipped"
            ),
            WarningKind::Speeder {
                took,
                median,
                fraction,
            } => write!(
                f,
                "took {took} where the median is {median}: under {:.0}% of the median; a speeder may not have read the questions",
                fraction * 100.0
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(kind: WarningKind, row: Option<usize>, column: Option<&str>) -> Warning {
        Warning {
            kind,
            file: "survey.csv".into(),
            row,
            column: column.map(Into::into),
        }
    }

    #[test]
    fn shortest_numbers_drop_needless_decimals() {
        assert_eq!(Shortest(5.0).to_string(), "5");
        assert_eq!(Shortest(7.5).to_string(), "7.5");
        assert_eq!(Shortest(-99.0).to_string(), "-99");
    }

    #[test]
    fn a_warning_names_file_row_and_column() {
        let w = warning(
            WarningKind::OutOfScale {
                raw: "12".into(),
                low: 1.0,
                high: 10.0,
            },
            Some(17),
            Some("tp_app"),
        );
        assert_eq!(
            w.to_string(),
            "survey.csv, row 17, column \"tp_app\": value \"12\" is outside the scale 1-10; treated as no answer"
        );
        assert_eq!(w.kind.code(), "out_of_scale");
    }

    #[test]
    fn a_warning_serialises_with_its_code_and_english_sentence() {
        let w = warning(
            WarningKind::Speeder {
                took: Shortest(40.0),
                median: Shortest(300.0),
                fraction: 1.0 / 3.0,
            },
            Some(3),
            Some("duration"),
        );
        assert_eq!(
            serde_json::to_string(&w).unwrap(),
            "{\"kind\":\"speeder\",\"file\":\"survey.csv\",\"row\":3,\"column\":\"duration\",\
             \"message\":\"took 40 where the median is 300: under 33% of the median; a speeder \
             may not have read the questions\"}"
        );
        let w = warning(WarningKind::NoDurations, None, None);
        assert_eq!(
            serde_json::to_string(&w).unwrap(),
            "{\"kind\":\"no_durations\",\"file\":\"survey.csv\",\"row\":null,\"column\":null,\
             \"message\":\"no readable durations (seconds, or h:mm:ss); the speeder check was \
             skipped\"}"
        );
    }

    #[test]
    fn an_assumed_scale_points_at_a_code_like_highest_answer() {
        let kind = |highest_looks_like_code| WarningKind::ScaleAssumed {
            low: 1.0,
            high: 99.0,
            lowest: 1.0,
            highest: 99.0,
            highest_looks_like_code,
        };
        assert_eq!(
            kind(false).to_string(),
            "no scale configured; assumed 1-99 from the answers (lowest 1, highest 99); set scale to be sure"
        );
        assert!(kind(true)
            .to_string()
            .ends_with("; if 99 means \"did not experience\", add it to not_experienced"));
    }
}
