//! What an export is: the format asked for, the container its bytes are
//! (magic bytes, then extension) and the shape of its header rows.

use std::path::Path;
use std::str::FromStr;

/// How to read a file, as configured or given with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Decide from the content (magic bytes, header rows) and extension.
    #[default]
    Auto,
    /// Delimited text, one header row (the header shape is not sniffed).
    Csv,
    /// An Excel workbook (`.xlsx`, also `.xls`, `.xlsb`, `.ods`).
    Excel,
    /// An SPSS `.sav` / `.zsav` file.
    Sav,
    /// A Qualtrics export (CSV or Excel): names, question text, ImportId.
    Qualtrics,
    /// A SurveyMonkey export (CSV or Excel): question, sub-question.
    SurveyMonkey,
}

impl Format {
    /// The accepted spellings, for messages.
    pub const NAMES: &'static str = "auto, csv, xlsx, sav, qualtrics or surveymonkey";
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_lowercase().as_str() {
            "auto" => Format::Auto,
            "csv" | "tsv" | "txt" | "text" => Format::Csv,
            "xlsx" | "xls" | "excel" | "xlsb" | "ods" => Format::Excel,
            "sav" | "zsav" | "spss" => Format::Sav,
            "qualtrics" => Format::Qualtrics,
            "surveymonkey" | "survey-monkey" | "monkey" => Format::SurveyMonkey,
            other => return Err(format!("unknown format \"{other}\": use {}", Format::NAMES)),
        })
    }
}

impl Format {
    /// The container to read: the one this format names, else detected
    /// from the bytes and the file name.
    pub(super) fn container(self, bytes: &[u8], file: &str) -> Container {
        match self {
            Format::Csv => Container::Csv,
            Format::Excel => Container::Excel,
            Format::Sav => Container::Sav,
            Format::Auto | Format::Qualtrics | Format::SurveyMonkey => {
                detect_container(bytes, file)
            }
        }
    }

    /// The header layout this format forces; `None` to detect it.
    pub(super) fn layout(self) -> Option<Layout> {
        match self {
            Format::Qualtrics => Some(Layout::Qualtrics),
            Format::SurveyMonkey => Some(Layout::SurveyMonkey),
            Format::Csv | Format::Excel => Some(Layout::Plain),
            Format::Auto | Format::Sav => None,
        }
    }
}

/// The container the cells came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Csv,
    Excel,
    Sav,
}

/// The header shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One header row of column names.
    Plain,
    /// Qualtrics: names, question text, `{"ImportId":...}` (the legacy
    /// export lacks the third row).
    Qualtrics,
    /// SurveyMonkey: question, then sub-question / "Response".
    SurveyMonkey,
    /// SPSS dictionary: names, variable labels, value labels.
    Spss,
}

impl Layout {
    /// A short human name, e.g. for `inspect`.
    pub fn describe(self, container: Container) -> &'static str {
        match (self, container) {
            (Layout::Qualtrics, Container::Excel) => "Qualtrics export (Excel)",
            (Layout::Qualtrics, _) => "Qualtrics export (CSV)",
            (Layout::SurveyMonkey, Container::Excel) => "SurveyMonkey export (Excel)",
            (Layout::SurveyMonkey, _) => "SurveyMonkey export (CSV)",
            (Layout::Spss, _) => "SPSS data file",
            (Layout::Plain, Container::Excel) => "Excel workbook",
            (Layout::Plain, _) => "CSV",
        }
    }
}

/// Magic bytes first (they do not lie), then the extension, else CSV.
pub(super) fn detect_container(bytes: &[u8], file: &str) -> Container {
    if bytes.starts_with(b"$FL2") || bytes.starts_with(b"$FL3") {
        return Container::Sav;
    }
    // Zip (xlsx, ods) and OLE2 (xls).
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Container::Excel;
    }
    let ext = Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "sav" | "zsav" => Container::Sav,
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Container::Excel,
        _ => Container::Csv,
    }
}

/// The header layout of rows of text from their first three rows: a
/// Qualtrics ImportId row third, a SurveyMonkey sub-question row second,
/// else one plain header row.
pub(super) fn detect_layout(first: &[String], second: &[String], third: &[String]) -> Layout {
    if is_import_id_row(third) {
        Layout::Qualtrics
    } else if is_monkey_subheader(first, second) {
        Layout::SurveyMonkey
    } else {
        Layout::Plain
    }
}

/// Whether the row is Qualtrics' third header row (`{"ImportId":"QID1"}`).
pub(super) fn is_import_id_row(row: &[String]) -> bool {
    let filled: Vec<&String> = row.iter().filter(|c| !c.trim().is_empty()).collect();
    let ids = filled
        .iter()
        .filter(|c| c.trim_start().starts_with("{\"ImportId\""))
        .count();
    ids > 0 && ids * 2 >= filled.len()
}

/// SurveyMonkey's second header row names answer columns "Response" or
/// "Open-Ended Response" under a question in the first row.
fn is_monkey_subheader(header: &[String], second: &[String]) -> bool {
    let marker = |c: &String| {
        let c = c.trim().to_lowercase();
        c == "response" || c == "open-ended response"
    };
    let starts_like_monkey = header
        .first()
        .is_some_and(|h| h.trim().eq_ignore_ascii_case("respondent id"));
    second.iter().any(marker) && (starts_like_monkey || header.iter().any(|h| h.trim().is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_by_magic_then_extension() {
        assert_eq!(detect_container(b"$FL2@(#)", "x.csv"), Container::Sav);
        assert_eq!(detect_container(b"PK\x03\x04..", "x.csv"), Container::Excel);
        assert_eq!(detect_container(b"a,b", "x.sav"), Container::Sav);
        assert_eq!(detect_container(b"a,b", "x.XLSX"), Container::Excel);
        assert_eq!(detect_container(b"a,b", "x.txt"), Container::Csv);
    }

    #[test]
    fn formats_parse() {
        assert_eq!("SPSS".parse::<Format>(), Ok(Format::Sav));
        assert_eq!("xlsx".parse::<Format>(), Ok(Format::Excel));
        assert!("pdf".parse::<Format>().unwrap_err().contains("qualtrics"));
    }
}
