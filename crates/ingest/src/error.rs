//! Errors that stop reading a survey.
//!
//! Each variant carries the file (and row and column where there is one) so
//! the message alone tells the analyst where to look; `Display` is one
//! readable sentence meant to be shown as is.

use std::fmt;

/// Why a config or survey could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },

    /// A config problem; `message` includes toml's line/column for syntax
    /// and unknown-key errors.
    #[error("{file}: {message}")]
    Config { file: String, message: String },

    #[error("{file} is empty: expected a header line with column names")]
    EmptyFile { file: String },

    #[error("{file} has a header but no data rows")]
    NoData { file: String },

    #[error("{file}, line {line}: the file is not UTF-8 text; export it as \"CSV UTF-8\" or set encoding in [survey] (e.g. \"windows-1252\")")]
    NotUtf8 { file: String, line: usize },

    #[error("{file}: column \"{column}\" appears more than once in the header (columns {first} and {second}); rename one of them")]
    DuplicateColumn {
        file: String,
        column: String,
        /// 1-based column positions.
        first: usize,
        second: usize,
    },

    #[error("{file}: column \"{column}\" not found{}", Suggestions(suggestions))]
    MissingColumn {
        file: String,
        column: String,
        /// Closest header names, best first.
        suggestions: Vec<String>,
    },

    #[error("{file}: no column matches \"{pattern}\"")]
    NoGlobMatch { file: String, pattern: String },

    #[error("{file}, row {row}, column \"{column}\": value \"{value}\" is not a number, and {bad} of the {total} answers in this column are text (text in numeric column; is this the right column?)")]
    TextInNumericColumn {
        file: String,
        column: String,
        /// First row with text.
        row: usize,
        value: String,
        bad: usize,
        total: usize,
    },

    #[error("{file}, row {row}, column \"{column}\": answer \"{value}\" is not a recognised yes/no answer, and {bad} of the {total} answers in this column are not (set `positive`/`negative` for this KPI, or check the column)")]
    UnrecognisedBinary {
        file: String,
        column: String,
        row: usize,
        value: String,
        bad: usize,
        total: usize,
    },

    #[error("{file}, row {row}, column \"{column}\": weight {value} is {} the median weight{}; a weight over {limit} times the median is no survey weight (weighting schemes trim at 5 to 10 times): check the weight column, or trim the weights", Times(*ratio), Median(*median))]
    ImplausibleWeight {
        file: String,
        column: String,
        row: usize,
        /// The weight as written.
        value: String,
        /// The weight over the median positive weight (infinite for a
        /// number too large for a float).
        ratio: f64,
        /// The median positive weight, when there is one to compare with.
        median: Option<f64>,
        limit: f64,
    },

    #[error("{file}, column \"{column}\": no row has a usable weight (a number above zero): {}; check that weight in [survey] names the weight column", Unusable { zero: *zero, invalid: *invalid, first })]
    NoUsableWeight {
        file: String,
        column: String,
        /// Rows with a weight of zero.
        zero: usize,
        /// Rows with a blank, negative or unreadable weight.
        invalid: usize,
        /// The first of those, as (1-based data row, text).
        first: Option<(usize, String)>,
    },

    #[error("{file}, column \"{column}\": id \"{id}\" appears in row {first_row} and row {second_row}; ids must be unique")]
    DuplicateId {
        file: String,
        column: String,
        id: String,
        first_row: usize,
        second_row: usize,
    },

    /// The CSV itself is malformed.
    #[error("{file}: cannot parse as CSV: {message}")]
    Csv { file: String, message: String },

    #[error("{file}: the file starts with a {bom} byte order mark, but the text after it is {text}; save the export again (as \"CSV UTF-8\", say), or remove the mark")]
    BomMismatch {
        file: String,
        /// The encoding the mark names, e.g. "UTF-16LE".
        bom: &'static str,
        /// The encoding the text is in.
        text: &'static str,
    },

    #[error("{file}: encoding = \"{declared}\" in [survey], but the file starts with a {bom} byte order mark; remove encoding from [survey] (the mark says it all) or save the export as \"CSV UTF-8\"")]
    EncodingConflict {
        file: String,
        declared: String,
        bom: &'static str,
    },

    #[error("{file}, line {line}: this is not a text file (binary content); if it is an Excel or SPSS file, give it its .xlsx or .sav extension or pass --format")]
    NotText { file: String, line: usize },

    #[error("{file}, line {line}: a quote (\") opens here and is never closed, so the rest of the file would be one cell; the file is truncated or its quoting is broken")]
    UnterminatedQuote { file: String, line: usize },

    #[error("{file}, row {row} (line {line}): the row has {fields} fields but the header has {expected}; a separator inside an unquoted value shifts the columns (quote the value, or check the separator)")]
    RaggedRow {
        file: String,
        /// 1-based data row.
        row: usize,
        /// 1-based line in the file.
        line: usize,
        fields: usize,
        expected: usize,
    },

    #[error("{file}: the file is too large to read (a column holds more than 4 GiB of text or the file more than 4 billion rows); split it")]
    TooLarge { file: String },

    #[error("{file}: cannot read as an Excel workbook: {message}")]
    Excel { file: String, message: String },

    #[error(
        "{file}: sheet \"{sheet}\" not found; the workbook has {}",
        Quoted(sheets)
    )]
    SheetNotFound {
        file: String,
        sheet: String,
        sheets: Vec<String>,
    },

    #[error("{file}: cannot read as an SPSS .sav file: {message}")]
    Sav { file: String, message: String },

    /// A third-party parser failed on a damaged file.
    #[error("{file}: the file is damaged and cannot be read (the reader stopped on malformed content); export it again")]
    Corrupt { file: String },
}

/// Renders `"a", "b"` (or "no sheets").
struct Quoted<'a>(&'a [String]);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return write!(f, "no sheets");
        }
        let quoted: Vec<String> = self.0.iter().map(|s| format!("\"{s}\"")).collect();
        write!(f, "{}", quoted.join(", "))
    }
}

/// Renders ", did you mean "a" or "b"?" for [`IngestError::MissingColumn`].
struct Suggestions<'a>(&'a [String]);

impl fmt::Display for Suggestions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted: Vec<String> = self.0.iter().map(|s| format!("\"{s}\"")).collect();
        match quoted.len() {
            0 => Ok(()),
            1 => write!(f, "; did you mean {}?", quoted[0]),
            n => write!(
                f,
                "; did you mean {} or {}?",
                quoted[..n - 1].join(", "),
                quoted[n - 1]
            ),
        }
    }
}

/// "1e14 times" / "2,500 times" / "too large a number, infinitely many
/// times" for [`IngestError::ImplausibleWeight`].
struct Times(f64);

impl fmt::Display for Times {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            r if !r.is_finite() => write!(f, "too large to compare with"),
            r if r < 1e6 => write!(f, "{r:.0} times"),
            r => write!(f, "{r:.1e} times"),
        }
    }
}

/// " (1.2)" after "the median weight", when there is one.
struct Median(Option<f64>);

impl fmt::Display for Median {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(m) = self.0 else {
            return Ok(());
        };
        if !(1e-6..1e6).contains(&m) {
            return write!(f, " ({m:.3e})");
        }
        // Four significant digits, trailing zeros dropped: 1.015, 0.0001234.
        let decimals = (3 - m.log10().floor() as i32).max(0) as usize;
        let text = format!("{m:.decimals$}");
        let text = if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.')
        } else {
            &text
        };
        write!(f, " ({text})")
    }
}

/// What made every weight unusable, for [`IngestError::NoUsableWeight`].
struct Unusable<'a> {
    zero: usize,
    invalid: usize,
    first: &'a Option<(usize, String)>,
}

impl fmt::Display for Unusable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = |n: usize| {
            if n == 1 {
                "1 row".to_string()
            } else {
                format!("{n} rows")
            }
        };
        if self.zero > 0 {
            write!(f, "{} with a weight of zero", rows(self.zero))?;
            if self.invalid > 0 {
                write!(f, ", ")?;
            }
        }
        if self.invalid > 0 {
            write!(f, "{} blank, negative or not a number", rows(self.invalid))?;
        }
        match self.first {
            Some((row, text)) if text.is_empty() => write!(f, " (row {row} is blank)"),
            Some((row, text)) => write!(f, " (row {row}: \"{text}\")"),
            None => Ok(()),
        }
    }
}
