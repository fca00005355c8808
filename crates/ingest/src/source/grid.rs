//! Rows of text (from CSV or a sheet) to a [`Table`]: the header rows read
//! by their layout (names, question texts, sub-questions), then the data
//! cells, checked for rows longer or shorter than the header.

use super::detect::{detect_layout, is_import_id_row};
use super::split::Record;
use super::store::{trim, Cells};
use super::{Container, Layout, Table};
use crate::error::IngestError;
use crate::warning::{Warning, WarningKind};

/// A grid row: its 1-based line in the file (for messages) and its cells.
pub(super) type GridRow = (usize, Vec<String>);

/// The fields of a row: text cells (a sheet) or the bytes of a CSV record,
/// read without copying.
pub(super) trait Fields {
    /// How many fields the row has.
    fn count(&self) -> usize;
    /// Field `i` (below [`Fields::count`]) as UTF-8 bytes.
    fn field(&self, i: usize) -> &[u8];
    /// Every field in order.
    fn fields(&self) -> impl Iterator<Item = &[u8]>;

    /// The fields as text, for header rows.
    fn to_strings(&self) -> Vec<String> {
        (0..self.count())
            .map(|i| String::from_utf8_lossy(self.field(i)).into_owned())
            .collect()
    }
}

impl Fields for Vec<String> {
    fn count(&self) -> usize {
        self.len()
    }

    fn field(&self, i: usize) -> &[u8] {
        self[i].as_bytes()
    }

    fn fields(&self) -> impl Iterator<Item = &[u8]> {
        self.iter().map(String::as_bytes)
    }
}

impl<T: Fields> Fields for &T {
    fn count(&self) -> usize {
        (*self).count()
    }

    fn field(&self, i: usize) -> &[u8] {
        (*self).field(i)
    }

    fn fields(&self) -> impl Iterator<Item = &[u8]> {
        (*self).fields()
    }
}

impl Fields for Record<'_> {
    fn count(&self) -> usize {
        self.len()
    }

    fn field(&self, i: usize) -> &[u8] {
        self.get(i)
    }

    fn fields(&self) -> impl Iterator<Item = &[u8]> {
        self.iter()
    }
}

/// Rows read one at a time, each lent until the next is asked for, with
/// its 1-based line in the file (for messages).
pub(super) trait Rows {
    type Row<'a>: Fields
    where
        Self: 'a;
    fn next_row(&mut self) -> Option<Result<(usize, Self::Row<'_>), IngestError>>;
}

/// [`Rows`] from an iterator of rows of text (a sheet).
pub(super) struct TextRows<I> {
    rows: I,
    current: Vec<String>,
}

impl<I> TextRows<I> {
    pub(super) fn new(rows: I) -> TextRows<I> {
        TextRows {
            rows,
            current: Vec::new(),
        }
    }
}

impl<I: Iterator<Item = GridRow>> Rows for TextRows<I> {
    type Row<'a>
        = &'a Vec<String>
    where
        I: 'a;

    fn next_row(&mut self) -> Option<Result<(usize, &Vec<String>), IngestError>> {
        let (line, row) = self.rows.next()?;
        self.current = row;
        Some(Ok((line, &self.current)))
    }
}

/// Line breaks and runs of spaces in question text become one space.
pub(super) fn clean_label(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The Qualtrics default label: the question text, or for a matrix row
/// ("How satisfied were you with ... - Website visit") the row's text.
fn qualtrics_label(text: &str) -> Option<String> {
    let text = clean_label(text);
    if text.is_empty() {
        return None;
    }
    match text.rsplit_once(" - ") {
        Some((_, row)) if !row.trim().is_empty() => Some(row.trim().to_string()),
        _ => Some(text),
    }
}

/// Which columns keep their cells, from the header's column names: every
/// column (`inspect`), or those a reader names (a config's columns), so
/// that columns nobody reads cost nothing.
#[derive(Clone, Copy)]
pub enum Select<'a> {
    All,
    Columns(&'a dyn Fn(&[String]) -> Vec<bool>),
}

impl Select<'_> {
    /// Per column of `columns`, whether it keeps its cells.
    pub(crate) fn keep(&self, columns: &[String]) -> Vec<bool> {
        match self {
            Select::All => vec![true; columns.len()],
            Select::Columns(choose) => {
                let mut keep = choose(columns);
                keep.resize(columns.len(), false);
                keep
            }
        }
    }
}

/// Where rows of text come from and go: the file, its container and
/// separator, the header layout when the format names one, the columns to
/// keep and the warnings found so far.
pub(super) struct RowSource<'a> {
    pub(super) file: &'a str,
    pub(super) container: Container,
    pub(super) separator: Option<u8>,
    pub(super) forced: Option<Layout>,
    pub(super) select: Select<'a>,
    pub(super) warnings: Vec<Warning>,
}

/// Turns rows, read one at a time, into a [`Table`]: the first rows
/// decide the header shape, every later row is a data row whose cells are
/// kept only for the selected columns.
pub(super) fn table_from_rows(
    rows: &mut impl Rows,
    source: RowSource,
) -> Result<Table, IngestError> {
    let RowSource {
        file,
        container,
        separator,
        forced,
        select,
        mut warnings,
    } = source;
    let empty = || IngestError::EmptyFile {
        file: file.to_string(),
    };
    let first = rows.next_row().ok_or_else(empty)??.1.to_strings();
    if first.iter().all(|c| c.trim().is_empty()) {
        return Err(empty());
    }
    // The header shape is decided by the first three rows at most.
    let mut head: Vec<GridRow> = Vec::with_capacity(2);
    while head.len() < 2 {
        let Some(row) = rows.next_row() else { break };
        let (line, row) = row?;
        head.push((line, row.to_strings()));
    }
    let header = Header::read(&first, &head, forced);
    check_unique(&header.columns, file)?;
    let mut data = DataRows {
        cells: Cells::new(&select.keep(&header.columns)),
        width: first.len(),
        file,
        // Short rows are a CSV problem; a sheet's rows end at their last
        // cell.
        warn_short: container == Container::Csv,
        warnings: &mut warnings,
    };
    for (line, row) in head.iter().skip(header.skip) {
        data.push(*line, row)?;
    }
    while let Some(row) = rows.next_row() {
        let (line, row) = row?;
        data.push(line, &row)?;
    }
    let cells = data.cells;
    Ok(Table {
        file: file.to_string(),
        container,
        layout: header.layout,
        value_labels: vec![Vec::new(); first.len()],
        columns: header.columns,
        labels: header.labels,
        rows: cells.rows(),
        cells,
        separator,
        warnings,
    })
}

/// The data rows as they are read: their cells, and what they need
/// checking against (the header's width).
struct DataRows<'a> {
    cells: Cells,
    width: usize,
    file: &'a str,
    warn_short: bool,
    warnings: &'a mut Vec<Warning>,
}

impl DataRows<'_> {
    /// Adds one data row. A row longer than the header with content in the
    /// extra fields is an error; a shorter one is a warning when
    /// `warn_short` (CSV), its missing cells blank.
    fn push(&mut self, line: usize, row: &impl Fields) -> Result<(), IngestError> {
        let r = self.cells.rows() + 1;
        let count = row.count();
        let filled = |i: usize| !trim(row.field(i)).is_empty();
        if count > self.width {
            // Extra fields are harmless when blank (trailing separators);
            // with content the row's values may sit in the wrong columns.
            if (self.width..count).any(filled) {
                return Err(IngestError::RaggedRow {
                    file: self.file.to_string(),
                    row: r,
                    line,
                    fields: count,
                    expected: self.width,
                });
            }
        } else if count < self.width && self.warn_short && (0..count).any(filled) {
            self.warnings.push(Warning {
                kind: WarningKind::RaggedRow {
                    fields: count,
                    expected: self.width,
                },
                file: self.file.to_string(),
                row: Some(r),
                column: None,
            });
        }
        self.cells
            .push_fields(row.fields().take(self.width))
            .map_err(|_| IngestError::TooLarge {
                file: self.file.to_string(),
            })
    }
}

/// What the header rows say: the layout, the column names and default
/// labels, and how many rows after the first are header rows too.
struct Header {
    layout: Layout,
    columns: Vec<String>,
    labels: Vec<Option<String>>,
    skip: usize,
}

impl Header {
    /// The header of rows whose first is `first` and the others `rest`;
    /// `forced` is the layout when the format names one.
    fn read(first: &[String], rest: &[GridRow], forced: Option<Layout>) -> Header {
        let empty: Vec<String> = Vec::new();
        let second = rest.first().map_or(&empty, |r| &r.1);
        let third = rest.get(1).map_or(&empty, |r| &r.1);
        let layout = forced.unwrap_or_else(|| detect_layout(first, second, third));
        let width = first.len();
        let names = || first.iter().map(|c| c.trim().to_string()).collect();
        let (columns, labels, skip) = match layout {
            Layout::Plain | Layout::Spss => (names(), vec![None; width], 0),
            Layout::Qualtrics => {
                let labels = (0..width)
                    .map(|i| second.get(i).and_then(|t| qualtrics_label(t)))
                    .collect();
                let skip = if is_import_id_row(third) { 2 } else { 1 };
                (names(), labels, skip)
            }
            Layout::SurveyMonkey => {
                let (columns, labels) = monkey_columns(first, second);
                (columns, labels, 1)
            }
        };
        Header {
            layout,
            columns,
            labels,
            skip,
        }
    }
}

/// SurveyMonkey names: the sub-question ("Website") where it is unique in
/// the file, else "question - sub-question"; a "Response" column is named
/// by its question. The question is carried over the blank cells to its
/// right, as SurveyMonkey writes a matrix question only once.
fn monkey_columns(first: &[String], second: &[String]) -> (Vec<String>, Vec<Option<String>>) {
    let mut question = String::new();
    let mut parts = Vec::new();
    for (i, q) in first.iter().enumerate() {
        let q = clean_label(q);
        if !q.is_empty() {
            question = q;
        }
        let sub = clean_label(second.get(i).map_or("", |s| s.as_str()));
        let generic = sub.is_empty() || {
            let l = sub.to_lowercase();
            l == "response" || l == "open-ended response"
        };
        parts.push((question.clone(), if generic { None } else { Some(sub) }));
    }
    let count = |s: &str| {
        parts
            .iter()
            .filter(|(_, sub)| sub.as_deref() == Some(s))
            .count()
    };
    let mut columns: Vec<String> = parts
        .iter()
        .map(|(q, sub)| match sub {
            Some(s) if count(s) == 1 => s.clone(),
            Some(s) => format!("{q} - {s}"),
            None => q.clone(),
        })
        .collect();
    // Identical questions asked twice: number the repeats.
    for i in 0..columns.len() {
        let mut k = 1;
        while !columns[i].is_empty() && columns[..i].contains(&columns[i]) {
            k += 1;
            columns[i] = format!(
                "{} ({k})",
                columns[i].trim_end_matches(&format!(" ({})", k - 1))
            );
        }
    }
    let labels = parts
        .into_iter()
        .map(|(q, sub)| sub.or(Some(q)).filter(|l| !l.is_empty()))
        .collect();
    (columns, labels)
}

/// Column names must be unique where not blank (blank names cannot be
/// configured, so repeating them is harmless).
pub(super) fn check_unique(columns: &[String], file: &str) -> Result<(), IngestError> {
    let mut first_seen: std::collections::HashMap<&str, usize> = Default::default();
    for (i, name) in columns.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(first) = first_seen.insert(name, i) {
            return Err(IngestError::DuplicateColumn {
                file: file.to_string(),
                column: name.clone(),
                first: first + 1,
                second: i + 1,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualtrics_labels_take_the_matrix_row() {
        assert_eq!(
            qualtrics_label("How satisfied were you\nwith: - Website visit").as_deref(),
            Some("Website visit")
        );
        assert_eq!(
            qualtrics_label("How likely, on a scale 0-10?").as_deref(),
            Some("How likely, on a scale 0-10?")
        );
        assert_eq!(qualtrics_label("  "), None);
    }

    #[test]
    fn monkey_names_are_unique() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let (columns, labels) = monkey_columns(
            &s(&[
                "Respondent ID",
                "Satisfaction?",
                "",
                "Importance?",
                "",
                "NPS?",
            ]),
            &s(&["", "Website", "Shop", "Website", "Until", "Response"]),
        );
        assert_eq!(
            columns,
            [
                "Respondent ID",
                "Satisfaction? - Website",
                "Shop",
                "Importance? - Website",
                "Until",
                "NPS?"
            ]
        );
        assert_eq!(labels[2].as_deref(), Some("Shop"));
        assert_eq!(labels[5].as_deref(), Some("NPS?"));
        let (columns, _) = monkey_columns(&s(&["Q", "Q"]), &s(&["Response", "Response"]));
        assert_eq!(columns, ["Q", "Q (2)"]);
    }
}
