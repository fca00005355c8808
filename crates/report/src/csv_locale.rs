//! The two CSV dialects of the data outputs (`impact.csv`, `excluded.csv`
//! and a batch's `summary.csv`).
//!
//! The standard dialect (comma, decimal point) is the machine contract that
//! scripts read, and stays the default. Dutch Excel opens a CSV by its
//! regional settings: it splits on `;` and reads `0,41` as a number, so a
//! standard file lands in one column with numbers as text. `--csv-locale
//! nl` writes the files its way: `;` between fields, a decimal comma in
//! numbers, and a UTF-8 byte order mark (without it Excel reads the file
//! as Windows-1252 and garbles accented labels). Only the way fields are
//! written changes: the columns, their order and the values are the same.

use std::str::FromStr;

use serde::Serialize;

/// The dialect of the CSV outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CsvLocale {
    /// Comma, decimal point, no byte order mark: the stable contract.
    #[default]
    Standard,
    /// Dutch Excel: `;`, decimal comma, UTF-8 with a byte order mark.
    Nl,
}

impl FromStr for CsvLocale {
    type Err = ParseCsvLocaleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "standard" | "en" => Ok(CsvLocale::Standard),
            "nl" | "dutch" => Ok(CsvLocale::Nl),
            _ => Err(ParseCsvLocaleError(s.to_string())),
        }
    }
}

/// A CSV locale that is neither `standard` nor `nl`; holds the text as
/// given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown CSV locale {0:?}: expected \"standard\" or \"nl\"")]
pub struct ParseCsvLocaleError(pub String);

/// Columns of the CSV outputs that hold free text (labels, notes, ids,
/// reasons): a value there that looks like a number ("3.5" as a label) is
/// text and keeps its point. Every other column holds numbers or fixed
/// words.
const FREE_TEXT: [&str; 9] = [
    "survey",
    "kpi",
    "kpi_label",
    "name",
    "label",
    "phase",
    "note",
    "id",
    "reason",
];

/// Builds one CSV file in a locale: the byte order mark where the locale
/// has one, then CRLF-terminated records.
pub(crate) struct CsvWriter {
    out: String,
    locale: CsvLocale,
    /// Whether each column may hold a number (not a free-text column).
    numeric: Vec<bool>,
}

impl CsvWriter {
    /// A file with `header` as its first record.
    pub(crate) fn new(locale: CsvLocale, header: &[&str]) -> Self {
        let mut w = CsvWriter {
            out: String::new(),
            locale,
            numeric: header.iter().map(|c| !FREE_TEXT.contains(c)).collect(),
        };
        if locale == CsvLocale::Nl {
            w.out.push('\u{feff}');
        }
        w.record(header.iter().map(|c| c.to_string()));
        w
    }

    /// Appends one record; its fields are in the machine form (`.`
    /// decimals), in the header's column order.
    pub(crate) fn record(&mut self, fields: impl IntoIterator<Item = String>) {
        for (i, f) in fields.into_iter().enumerate() {
            match self.locale {
                CsvLocale::Standard => {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.out.push_str(&csv_quote(&f));
                }
                CsvLocale::Nl => {
                    if i > 0 {
                        self.out.push(';');
                    }
                    let numeric = self.numeric.get(i).copied().unwrap_or(false);
                    self.out.push_str(&nl_field(&f, numeric));
                }
            }
        }
        self.out.push_str("\r\n");
    }

    /// The finished file.
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// A field for Dutch Excel. A number in a numeric column (or a `;` list of
/// numbers, like the crosshair) gets decimal commas; text that Excel would
/// run as a formula gets a leading `'` (see [`csv_quote`]); a field with a
/// `;`, a quote or a line break is quoted.
///
fn nl_field(field: &str, numeric: bool) -> String {
    let is_number = |p: &str| p.trim().parse::<f64>().is_ok_and(f64::is_finite);
    let field = if numeric && !field.is_empty() && field.split(';').all(is_number) {
        field.replace('.', ",")
    } else {
        formula_neutral(field).into_owned()
    };
    if field.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// Quotes a CSV field when it holds a separator, quote or line break
/// (doubling inner quotes). Text that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, a tab or a carriage return: a label
/// or id such as `=HYPERLINK(...)` from the export) gets a leading `'`, so
/// Excel shows it as text; numbers, negative ones included, stay numbers.
pub fn csv_quote(field: &str) -> String {
    let field = formula_neutral(field);
    if field.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.into_owned()
    }
}

/// `field` with a leading `'` when a spreadsheet would run it as a formula
/// (see [`csv_quote`]).
pub(crate) fn formula_neutral(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.trim().parse::<f64>().is_err() {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_locale_names() {
        assert_eq!("nl".parse(), Ok(CsvLocale::Nl));
        assert_eq!(" Standard ".parse(), Ok(CsvLocale::Standard));
        assert_eq!("en".parse(), Ok(CsvLocale::Standard));
        let e = "de".parse::<CsvLocale>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown CSV locale \"de\": expected \"standard\" or \"nl\""
        );
    }

    #[test]
    fn dutch_fields_have_decimal_commas_and_quote_on_semicolons() {
        assert_eq!(nl_field("0.41", true), "0,41");
        assert_eq!(nl_field("-0.035", true), "-0,035");
        assert_eq!(nl_field("1987", true), "1987");
        assert_eq!(nl_field("6.5;0", true), "\"6,5;0\"");
        // Free text keeps its point; a comma needs no quotes.
        assert_eq!(nl_field("3.5", false), "3.5");
        assert_eq!(nl_field("Website, new", false), "Website, new");
        assert_eq!(nl_field("a;b", false), "\"a;b\"");
        assert_eq!(nl_field("say \"hi\"", false), "\"say \"\"hi\"\"\"");
        assert_eq!(nl_field("two\nlines", false), "\"two\nlines\"");
        assert_eq!(
            nl_field("few_in_class;separation", true),
            "\"few_in_class;separation\""
        );
        // Formulas are neutralised as in the standard dialect.
        assert_eq!(nl_field("=SUM(A1)", false), "'=SUM(A1)");
        assert_eq!(nl_field("true", true), "true");
        assert_eq!(nl_field("", true), "");
    }

    #[test]
    fn a_dutch_file_starts_with_a_byte_order_mark() {
        let mut w = CsvWriter::new(CsvLocale::Nl, &["label", "frequency"]);
        w.record(["Web.site".to_string(), "0.5".to_string()]);
        assert_eq!(w.finish(), "\u{feff}label;frequency\r\nWeb.site;0,5\r\n");
        let mut w = CsvWriter::new(CsvLocale::Standard, &["label", "frequency"]);
        w.record(["Web,site".to_string(), "0.5".to_string()]);
        assert_eq!(w.finish(), "label,frequency\r\n\"Web,site\",0.5\r\n");
    }
}
