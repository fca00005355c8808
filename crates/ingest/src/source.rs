//! From the bytes of an export to a [`Table`]: column names, default labels,
//! value labels and the text of every data cell.
//!
//! Consultants do not hand-edit exports, so this module accepts what survey
//! platforms produce as they produce it: plain CSV in the shapes found in the
//! wild (`;` with decimal comma, tab, UTF-8 BOM, UTF-16, Windows-1252, CRLF,
//! quoted separators and line breaks), Qualtrics CSV/Excel exports (three
//! header rows), SurveyMonkey exports (two header rows), Excel workbooks and
//! SPSS `.sav` files. Everything downstream ([`crate::read`],
//! [`crate::inspect`]) only sees a [`Table`], so the meaning of answers is
//! decided in one place whatever the file format.
//!
//! Cells stay text here: codes such as "n.v.t." and decimal commas are
//! interpreted by the reader, where each problem can be reported with its
//! row and column. Numbers from binary formats (Excel, SPSS) are written in
//! their shortest exact form ("5", "7.5").
//!
//! `detect` decides what a file is (container, header layout); `csv`,
//! `excel` and `sav` read each container into rows or columns of text (a
//! CSV export streamed through `text_stream` and split into records by
//! `csv_records` and `split`, never held whole); `grid`
//! turns rows into a [`Table`] by their header layout; `store` keeps the
//! cells compactly.

mod csv;
mod csv_records;
mod detect;
mod excel;
mod grid;
mod sav;
mod split;
mod store;
mod text_stream;
mod workbook_size;
mod xls_size;

use std::path::Path;

pub use detect::{Container, Format, Layout};
#[cfg(test)]
pub(crate) use excel::{a1, column_letters};
pub use grid::Select;
pub(crate) use store::{Cells, ColumnCells};

use crate::error::IngestError;
use crate::warning::{Shortest, Warning};

/// A survey export as cells: what every format has in common.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: String,
    pub container: Container,
    pub layout: Layout,
    /// Column names, trimmed, unique where not blank.
    pub columns: Vec<String>,
    /// Default label per column: the question text (Qualtrics), the
    /// sub-question (SurveyMonkey) or the variable label (SPSS).
    pub labels: Vec<Option<String>>,
    /// Value labels per column as `(code, label)`, e.g. `("99", "Weet
    /// niet")` (SPSS).
    pub value_labels: Vec<Vec<(String, String)>>,
    /// The cells of the data rows: those of the selected columns, and per
    /// row whether it is empty or a repeat of another (see [`Select`]).
    pub(crate) cells: Cells,
    /// Data rows (header rows not counted).
    pub rows: usize,
    /// The CSV separator, for decimal-comma detection; `None` otherwise.
    pub separator: Option<u8>,
    /// File-level findings (encoding assumed, ragged rows, ...).
    pub warnings: Vec<Warning>,
}

impl Table {
    /// The cells of column `idx`, one per data row (`None` where blank);
    /// empty for a column that was not selected.
    #[cfg(test)]
    pub fn column_cells(&self, idx: usize) -> Vec<Option<&str>> {
        self.column(idx)
            .map(|c| c.dense(self.rows))
            .unwrap_or_default()
    }

    /// The non-blank cells of column `idx`; `None` for a column that was
    /// not selected.
    pub(crate) fn column(&self, idx: usize) -> Option<&ColumnCells> {
        self.cells.column(idx)
    }
}

/// How to read an export: what [`load_table`] needs from the config
/// ([`crate::Config::load_options`]) and the command line.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub format: Format,
    pub sheet: Option<String>,
    pub encoding: Option<String>,
    pub separator: Option<u8>,
    /// SPSS user-missing values become blanks (not experienced).
    pub user_missing_blank: bool,
    /// Bytes of the export read so far, for a progress bar to poll: the CSV
    /// reader raises it as it goes; other formats leave it alone.
    pub progress: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
}

/// Reads `path` into a [`Table`], keeping the cells of the columns
/// `select` names.
///
/// A CSV export is streamed from the file, never held whole; a workbook or
/// SPSS file is read whole, as their readers need.
pub fn load_table(path: &Path, opts: &LoadOptions, select: Select) -> Result<Table, IngestError> {
    use std::io::{Read, Seek, SeekFrom};
    let file = path.display().to_string();
    let io_error = |source| IngestError::Io {
        file: file.clone(),
        source,
    };
    let mut input = std::fs::File::open(path).map_err(io_error)?;
    let mut magic = Vec::with_capacity(8);
    (&mut input)
        .take(8)
        .read_to_end(&mut magic)
        .map_err(io_error)?;
    input.seek(SeekFrom::Start(0)).map_err(io_error)?;
    if opts.format.container(&magic, &file) == Container::Csv {
        return csv::read_csv(input, &file, opts, opts.format.layout(), select);
    }
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(io_error)?;
    load_table_from_bytes(&bytes, &file, opts, select)
}

/// Reads an export held in memory; `file` names it in messages and its
/// extension helps detect the format.
pub fn load_table_from_bytes(
    bytes: &[u8],
    file: &str,
    opts: &LoadOptions,
    select: Select,
) -> Result<Table, IngestError> {
    let forced = opts.format.layout();
    match opts.format.container(bytes, file) {
        Container::Sav => sav::read_sav(bytes, file, opts, select),
        Container::Excel => excel::read_excel(bytes, file, opts.sheet.as_deref(), forced, select),
        Container::Csv => csv::read_csv(std::io::Cursor::new(bytes), file, opts, forced, select),
    }
}

/// Runs a third-party parser so that a panic on a malformed file becomes an
/// error instead of taking the program down.
fn guard<T>(file: &str, f: impl FnOnce() -> T) -> Result<T, IngestError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| IngestError::Corrupt {
        file: file.to_string(),
    })
}

/// A number in its shortest exact form: "5", "7.5", "-99".
pub(crate) fn number_text(v: f64) -> String {
    Shortest(v).to_string()
}
