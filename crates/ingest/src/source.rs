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

use std::io::Cursor;
use std::path::Path;
use std::str::FromStr;

use encoding_rs::Encoding;

use crate::error::IngestError;
use crate::warning::{Shortest, Warning, WarningKind};

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
    /// Cells per column, one per data row; `None` = blank.
    pub cells: Vec<Vec<Option<String>>>,
    /// Data rows (header rows not counted).
    pub rows: usize,
    /// The CSV separator, for decimal-comma detection; `None` otherwise.
    pub separator: Option<u8>,
    /// File-level findings (encoding assumed, ragged rows, ...).
    pub warnings: Vec<Warning>,
}

impl Table {
    /// The cells of column `idx` as `&str`.
    pub fn column_cells(&self, idx: usize) -> Vec<Option<&str>> {
        self.cells
            .get(idx)
            .map(|c| c.iter().map(|v| v.as_deref()).collect())
            .unwrap_or_default()
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
}

/// Reads `path` into a [`Table`].
pub fn load_table(path: &Path, opts: &LoadOptions) -> Result<Table, IngestError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| IngestError::Io {
        file: file.clone(),
        source,
    })?;
    load_table_from_bytes(&bytes, &file, opts)
}

/// Reads an export held in memory; `file` names it in messages and its
/// extension helps detect the format.
pub fn load_table_from_bytes(
    bytes: &[u8],
    file: &str,
    opts: &LoadOptions,
) -> Result<Table, IngestError> {
    let container = match opts.format {
        Format::Csv => Container::Csv,
        Format::Excel => Container::Excel,
        Format::Sav => Container::Sav,
        Format::Auto | Format::Qualtrics | Format::SurveyMonkey => detect_container(bytes, file),
    };
    let forced = match opts.format {
        Format::Qualtrics => Some(Layout::Qualtrics),
        Format::SurveyMonkey => Some(Layout::SurveyMonkey),
        Format::Csv | Format::Excel => Some(Layout::Plain),
        _ => None,
    };
    match container {
        Container::Sav => read_sav(bytes, file, opts),
        Container::Excel => {
            let grid = excel_grid(bytes, file, opts.sheet.as_deref())?;
            table_from_grid(grid, file, Container::Excel, None, forced, Vec::new())
        }
        Container::Csv => {
            let mut warnings = Vec::new();
            let text = decode(bytes, file, opts.encoding.as_deref(), &mut warnings)?;
            let separator = opts.separator.unwrap_or_else(|| detect_separator(&text));
            // The common case, a regular file, is read column-wise by
            // polars; anything irregular (ragged rows, blank lines, broken
            // quotes) goes through the record reader, which can name the
            // line of every problem.
            if let Some(fields) = regular_width(text.as_bytes(), separator) {
                if let Ok(grid) = polars_grid(&text, separator, fields) {
                    return table_from_columns(grid, file, Some(separator), forced, warnings);
                }
            }
            let grid = csv_grid(&text, separator, file)?;
            table_from_grid(
                grid,
                file,
                Container::Csv,
                Some(separator),
                forced,
                warnings,
            )
        }
    }
}

/// Magic bytes first (they do not lie), then the extension, else CSV.
pub fn detect_container(bytes: &[u8], file: &str) -> Container {
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

// ---------------------------------------------------------------- text ----

/// The bytes of a text export as a `String` without BOM.
///
/// An explicit encoding is obeyed (strictly for UTF-8: an invalid byte is an
/// error naming its line). Otherwise a BOM decides, then valid UTF-8 is
/// taken as is and anything else is read as Windows-1252 with a warning:
/// that is what Excel writes for "CSV (comma delimited)" in Western
/// European locales. Bytes that are clearly not text are an error.
fn decode(
    bytes: &[u8],
    file: &str,
    encoding: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> Result<String, IngestError> {
    if let Some(label) = encoding {
        let enc = Encoding::for_label(label.trim().as_bytes()).unwrap_or(encoding_rs::UTF_8);
        if enc == encoding_rs::UTF_8 {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            return std::str::from_utf8(body).map(str::to_string).map_err(|e| {
                IngestError::NotUtf8 {
                    file: file.to_string(),
                    line: line_of(body, e.valid_up_to()),
                }
            });
        }
        let (text, _, _) = enc.decode(bytes);
        return Ok(text.into_owned());
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return Ok(text.into_owned());
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Ok(text.into_owned());
    }
    if let Some(at) = binary_byte(bytes) {
        return Err(IngestError::NotText {
            file: file.to_string(),
            line: line_of(bytes, at),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let line = line_of(bytes, e.valid_up_to());
            warnings.push(Warning {
                kind: WarningKind::EncodingAssumed { line },
                file: file.to_string(),
                row: None,
                column: None,
            });
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(text.into_owned())
        }
    }
}

/// 1-based line of byte offset `at`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// UTF-16 without BOM ("Unicode text" from Excel sometimes lacks one):
/// ASCII text with a zero byte in every other position.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(512) & !1];
    if sample.len() < 8 {
        return None;
    }
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    let half = sample.len() / 2;
    if zeros_at(1) * 10 >= half * 9 && zeros_at(0) == 0 {
        Some(encoding_rs::UTF_16LE)
    } else if zeros_at(0) * 10 >= half * 9 && zeros_at(1) == 0 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Offset of the first byte showing that `bytes` is not a text export: a
/// NUL, or control characters making up more than 1% of the start.
fn binary_byte(bytes: &[u8]) -> Option<usize> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if let Some(i) = sample.iter().position(|&b| b == 0) {
        return Some(i);
    }
    let is_control = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A);
    let controls = sample.iter().filter(|&&b| is_control(b)).count();
    if controls * 100 > sample.len() {
        return sample.iter().position(|&b| is_control(b));
    }
    None
}

/// The most frequent of `;`, tab and `,` in the header line (outside
/// quotes); `,` when there is none (a single-column file).
pub(crate) fn detect_separator(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let candidates = [b';', b'\t', b','];
    let mut in_quotes = false;
    for b in text.bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(i) = candidates.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 2;
    for i in 0..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// What one quote-aware pass over CSV bytes finds.
struct Shape {
    /// Fields per record when every record has the same number and no
    /// line is blank.
    width: Option<usize>,
    /// The line where a quote opens that is never closed.
    open_quote_line: Option<usize>,
}

/// Scans CSV bytes once, quote-aware. Quotes only open at the start of a
/// field (as the csv crate reads them); a quote inside an unquoted field is
/// a literal character.
fn scan(bytes: &[u8], separator: u8) -> Shape {
    let mut width: Option<usize> = None;
    let mut regular = true;
    let mut fields = 1;
    let mut in_quotes = false;
    let mut at_field_start = true;
    let mut record_len = 0usize;
    let (mut line, mut opened_line) = (1, 0);
    let mut end_record = |fields: usize, record_len: usize| {
        if record_len == 0 || *width.get_or_insert(fields) != fields {
            regular = false;
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else if b == b'"' && at_field_start {
            in_quotes = true;
            opened_line = line;
        } else if b == separator {
            fields += 1;
        } else if b == b'\n' || (b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
            if b == b'\r' {
                i += 1;
                line += 1;
            }
            end_record(fields, record_len);
            fields = 1;
            record_len = 0;
            at_field_start = true;
            i += 1;
            continue;
        }
        at_field_start = !in_quotes && (b == separator || b == b'\r');
        record_len += 1;
        i += 1;
    }
    if record_len > 0 {
        end_record(fields, record_len);
    }
    Shape {
        width: width.filter(|_| regular && !in_quotes),
        open_quote_line: in_quotes.then_some(opened_line),
    }
}

/// The number of fields per record when every record has the same number,
/// quotes are balanced and no line is blank: a file polars can read without
/// losing anything the record reader would report.
fn regular_width(bytes: &[u8], separator: u8) -> Option<usize> {
    scan(bytes, separator).width
}

/// The line where a quote opens that is never closed, if any.
fn unterminated_quote(bytes: &[u8], separator: u8) -> Option<usize> {
    scan(bytes, separator).open_quote_line
}

/// Every record of a regular CSV text as columns of text, parsed by polars
/// (header rows included, as data: the layout decides what they are).
fn polars_grid(
    text: &str,
    separator: u8,
    width: usize,
) -> Result<Vec<Vec<Option<String>>>, String> {
    use polars::prelude::{
        CsvParseOptions, CsvReadOptions, DataType, Field, PlSmallStr, Schema, SerReader,
    };
    let schema: Schema = (0..width)
        .map(|i| Field::new(PlSmallStr::from(format!("c{i}")), DataType::String))
        .collect();
    let bytes = if text.contains('\r') {
        text.replace("\r\n", "\n").into_bytes()
    } else {
        text.as_bytes().to_vec()
    };
    let frame = CsvReadOptions::default()
        .with_has_header(false)
        .with_schema(Some(std::sync::Arc::new(schema)))
        .with_parse_options(
            CsvParseOptions::default()
                .with_separator(separator)
                .with_quote_char(Some(b'"'))
                .with_missing_is_null(true),
        )
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
        .map_err(|e| e.to_string())?;
    frame
        .columns()
        .iter()
        .map(|column| {
            let strings = column.str().map_err(|e| e.to_string())?;
            Ok(strings.iter().map(|c| c.map(str::to_string)).collect())
        })
        .collect()
}

/// [`table_from_grid`] for a regular file read column-wise: the header rows
/// are taken from the top of each column, the rest are data cells.
fn table_from_columns(
    mut columns: Vec<Vec<Option<String>>>,
    file: &str,
    separator: Option<u8>,
    forced: Option<Layout>,
    warnings: Vec<Warning>,
) -> Result<Table, IngestError> {
    let header_row = |r: usize| -> GridRow {
        let cells = columns
            .iter()
            .map(|c| c.get(r).cloned().flatten().unwrap_or_default())
            .collect();
        (r + 1, cells)
    };
    let height = columns.first().map_or(0, Vec::len);
    let head: Vec<GridRow> = (0..height.min(3)).map(header_row).collect();
    // Only the header rows go through the shared layout logic; the data
    // cells are moved over as they are.
    let mut table = table_from_grid(head, file, Container::Csv, separator, forced, warnings)?;
    let skip = height.min(3) - table.rows;
    for column in &mut columns {
        column.drain(..skip.min(column.len()));
        for cell in column.iter_mut() {
            if cell.as_deref().is_some_and(|t| t.trim().is_empty()) {
                *cell = None;
            }
        }
    }
    table.rows = height - skip;
    table.cells = columns;
    Ok(table)
}

/// A grid row: its 1-based line in the file (for messages) and its cells.
type GridRow = (usize, Vec<String>);

/// Splits CSV text into records, quote-aware.
///
/// A quote that is opened and never closed would swallow the rest of the
/// file into one cell, so it is an error naming the line where it opened.
fn csv_grid(text: &str, separator: u8, file: &str) -> Result<Vec<GridRow>, IngestError> {
    if text.trim().is_empty() {
        return Err(IngestError::EmptyFile {
            file: file.to_string(),
        });
    }
    if let Some(line) = unterminated_quote(text.as_bytes(), separator) {
        return Err(IngestError::UnterminatedQuote {
            file: file.to_string(),
            line,
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .quote(b'"')
        .double_quote(true)
        .from_reader(text.as_bytes());
    let mut grid: Vec<GridRow> = Vec::new();
    // The line after the previous record, to find blank lines the csv
    // crate skips: they are rows of the file (and excluded as empty rows
    // later), so that row numbers keep matching what the analyst sees.
    let mut next_line = 1usize;
    for record in reader.records() {
        let record = record.map_err(|e| IngestError::Csv {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(next_line, |p| p.line() as usize);
        if !grid.is_empty() {
            for blank in next_line..line {
                grid.push((blank, Vec::new()));
            }
        }
        next_line = line
            + 1
            + record
                .iter()
                .map(|f| f.matches('\n').count())
                .sum::<usize>();
        // CRLF: the csv crate ends records on '\r\n', but a stray '\r' can
        // remain at the end of quoted last fields in mixed files.
        let cells = record
            .iter()
            .map(|c| c.strip_suffix('\r').unwrap_or(c).to_string())
            .collect();
        grid.push((line, cells));
    }
    Ok(grid)
}

// --------------------------------------------------------------- excel ----

/// The chosen sheet of a workbook as text rows.
fn excel_grid(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<Vec<GridRow>, IngestError> {
    use calamine::Reader;
    let excel_error = |message: String| IngestError::Excel {
        file: file.to_string(),
        message,
    };
    let mut book = guard(file, || {
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
    })?
    .map_err(|e| excel_error(e.to_string()))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| IngestError::SheetNotFound {
                file: file.to_string(),
                sheet: wanted.to_string(),
                sheets: names.clone(),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| excel_error("the workbook has no sheets".to_string()))?,
    };
    // An .xlsx sheet is read cell by cell, so that a stray cell far from
    // the data is found before any grid is built; the other workbook
    // formats come as calamine's dense range.
    if let calamine::Sheets::Xlsx(xlsx) = &mut book {
        let cells = guard(file, || -> Result<Vec<SheetCell>, calamine::XlsxError> {
            let mut reader = xlsx.worksheet_cells_reader(&name)?;
            let mut cells = Vec::new();
            while let Some(cell) = reader.next_cell()? {
                let value = calamine::Data::from(cell.get_value().clone());
                if value != calamine::Data::Empty {
                    cells.push((cell.get_position(), value));
                }
            }
            Ok(cells)
        })?
        .map_err(|e| excel_error(format!("sheet \"{name}\": {e}")))?;
        return grid_from_cells(cells, &name).map_err(excel_error);
    }
    let range = guard(file, || book.worksheet_range(&name))?
        .map_err(|e| excel_error(format!("sheet \"{name}\": {e}")))?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            // Keep columns in place when the sheet does not start in A.
            let mut cells = vec![String::new(); first_col];
            cells.extend(row.iter().map(excel_cell));
            (first_row + i + 1, cells)
        })
        .collect())
}

/// A filled cell of a sheet: its (row, column) from 0, and its value.
type SheetCell = ((u32, u32), calamine::Data);

/// A grid whose filled cells are fewer than this share of its cells, and
/// that has more than [`SPARSE_GRID_CELLS`] cells, is refused: a stray cell
/// far from the data (XFD1048576, say) would otherwise make millions of
/// empty cells (gigabytes) out of a workbook of a few kilobytes.
const SPARSE_GRID_SHARE: usize = 20;
/// See [`SPARSE_GRID_SHARE`].
const SPARSE_GRID_CELLS: usize = 2_000_000;

/// The rows of a sheet from its filled cells, as calamine's dense range
/// gives them: from the first to the last row with a filled cell, every row
/// as wide as the rightmost filled column, columns in place (column A
/// first), 1-based line numbers. Refuses a grid that its cells fill too
/// thinly (see [`SPARSE_GRID_SHARE`]), naming the farthest cell.
fn grid_from_cells(mut cells: Vec<SheetCell>, sheet: &str) -> Result<Vec<GridRow>, String> {
    let Some(first_row) = cells.iter().map(|((r, _), _)| *r).min() else {
        return Ok(Vec::new());
    };
    let last_row = cells
        .iter()
        .map(|((r, _), _)| *r)
        .max()
        .unwrap_or(first_row);
    let last_col = cells.iter().map(|((_, c), _)| *c).max().unwrap_or(0);
    let height = (last_row - first_row) as usize + 1;
    let width = last_col as usize + 1;
    let area = height.saturating_mul(width);
    if area > SPARSE_GRID_CELLS && area / SPARSE_GRID_SHARE > cells.len() {
        // The farthest cell: the lowest row's, else the rightmost column's.
        let far = cells
            .iter()
            .map(|(pos, _)| *pos)
            .max_by_key(|&(r, c)| {
                (u64::from(r) - u64::from(first_row)) * 16_384 / height as u64
                    + u64::from(c) * 16_384 / width as u64
            })
            .unwrap_or((last_row, last_col));
        return Err(format!(
            "sheet \"{sheet}\" has {} filled cells spread over rows {} to {} and columns A to {}: \
             a cell such as {} lies far from the data. Delete the stray cells, or copy the \
             survey into a fresh sheet",
            cells.len(),
            first_row + 1,
            last_row + 1,
            column_letters(last_col),
            a1(far)
        ));
    }
    cells.sort_by_key(|(pos, _)| *pos);
    let mut grid: Vec<GridRow> = (0..height)
        .map(|i| (first_row as usize + i + 1, vec![String::new(); width]))
        .collect();
    for ((r, c), value) in &cells {
        grid[(r - first_row) as usize].1[*c as usize] = excel_cell(value);
    }
    Ok(grid)
}

/// A cell's address in A1 notation, from a 0-based (row, column).
pub(crate) fn a1((row, col): (u32, u32)) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// Spreadsheet column letters of a 0-based column: 0 -> A, 25 -> Z, 26 -> AA.
pub(crate) fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

fn excel_cell(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Data::Error(e) => format!("#{e:?}"),
        other => other.to_string(),
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

// ---------------------------------------------------------------- spss ----

/// ambers' message in the words of the rest of the tool: a short read is a
/// truncated file, and its own "error:" prefixes would read as a second
/// error in the one-line message.
fn sav_message(message: &str) -> String {
    if message.contains("failed to fill whole buffer") || message.contains("UnexpectedEof") {
        return "the file ends too early; it is truncated (export it again)".to_string();
    }
    message.replace("I/O error: ", "").replace("error: ", "")
}

/// An SPSS `.sav` / `.zsav` file via `ambers`.
fn read_sav(bytes: &[u8], file: &str, opts: &LoadOptions) -> Result<Table, IngestError> {
    use ambers::{MissingSpec, Value};
    use arrow::array::{Array, Float64Array, StringArray, StringViewArray};

    let sav_error = |message: String| IngestError::Sav {
        file: file.to_string(),
        message,
    };
    let (batch, meta) = guard(file, || ambers::read_sav_from_reader(Cursor::new(bytes)))?
        .map_err(|e| sav_error(sav_message(&e.to_string())))?;
    let mut warnings = Vec::new();
    for w in &meta.warnings {
        warnings.push(Warning {
            kind: WarningKind::FileDamaged {
                detail: w.to_string(),
            },
            file: file.to_string(),
            row: None,
            column: None,
        });
    }
    let rows = batch.num_rows();
    let schema = batch.schema();
    let mut columns = Vec::new();
    let mut labels = Vec::new();
    let mut value_labels = Vec::new();
    let mut cells = Vec::new();
    for (i, field) in schema.fields().iter().enumerate() {
        let name = field.name().trim().to_string();
        let array = batch.column(i);
        let missing = meta
            .variable_missing_values
            .get(field.name())
            .cloned()
            .unwrap_or_default();
        let is_missing_number = |v: f64| {
            opts.user_missing_blank
                && missing.iter().any(|m| match m {
                    MissingSpec::Value(x) => *x == v,
                    MissingSpec::Range { lo, hi } => *lo <= v && v <= *hi,
                    MissingSpec::StringValue(_) => false,
                })
        };
        let is_missing_text = |t: &str| {
            opts.user_missing_blank
                && missing
                    .iter()
                    .any(|m| matches!(m, MissingSpec::StringValue(s) if s.trim() == t))
        };
        let text_cell = |t: &str| {
            let t = t.trim_end();
            (!t.is_empty() && !is_missing_text(t.trim())).then(|| t.to_string())
        };
        let column: Vec<Option<String>> = if let Some(a) =
            array.as_any().downcast_ref::<Float64Array>()
        {
            (0..rows)
                .map(|r| {
                    (!a.is_null(r))
                        .then(|| a.value(r))
                        .filter(|v| v.is_finite() && !is_missing_number(*v))
                        .map(number_text)
                })
                .collect()
        } else if let Some(a) = array.as_any().downcast_ref::<StringViewArray>() {
            (0..rows)
                .map(|r| (!a.is_null(r)).then(|| text_cell(a.value(r))).flatten())
                .collect()
        } else if let Some(a) = array.as_any().downcast_ref::<StringArray>() {
            (0..rows)
                .map(|r| (!a.is_null(r)).then(|| text_cell(a.value(r))).flatten())
                .collect()
        } else {
            // Dates, times, durations: shown as text, never rated.
            let formatter =
                arrow::util::display::ArrayFormatter::try_new(array.as_ref(), &Default::default())
                    .map_err(|e| sav_error(format!("column \"{name}\": {e}")))?;
            (0..rows)
                .map(|r| (!array.is_null(r)).then(|| formatter.value(r).to_string()))
                .collect()
        };
        let vl: Vec<(String, String)> = meta
            .variable_value_labels
            .get(field.name())
            .map(|m| {
                m.iter()
                    .map(|(v, l)| {
                        let code = match v {
                            Value::Numeric(x) => number_text(*x),
                            Value::String(s) => s.trim().to_string(),
                        };
                        (code, l.trim().to_string())
                    })
                    .collect()
            })
            .unwrap_or_default();
        labels.push(
            meta.label(field.name())
                .map(clean_label)
                .filter(|l| !l.is_empty()),
        );
        columns.push(name);
        value_labels.push(vl);
        cells.push(column);
    }
    check_unique(&columns, file)?;
    if columns.is_empty() {
        return Err(IngestError::EmptyFile {
            file: file.to_string(),
        });
    }
    Ok(Table {
        file: file.to_string(),
        container: Container::Sav,
        layout: Layout::Spss,
        columns,
        labels,
        value_labels,
        cells,
        rows,
        separator: None,
        warnings,
    })
}

// -------------------------------------------------------------- shapes ----

/// Line breaks and runs of spaces in question text become one space.
fn clean_label(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the row is Qualtrics' third header row (`{"ImportId":"QID1"}`).
fn is_import_id_row(row: &[String]) -> bool {
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

/// Turns text rows into a [`Table`], recognising the header shape.
fn table_from_grid(
    grid: Vec<GridRow>,
    file: &str,
    container: Container,
    separator: Option<u8>,
    forced: Option<Layout>,
    mut warnings: Vec<Warning>,
) -> Result<Table, IngestError> {
    let mut rows = grid.into_iter();
    let Some((_, first)) = rows.next() else {
        return Err(IngestError::EmptyFile {
            file: file.to_string(),
        });
    };
    let rest: Vec<GridRow> = rows.collect();
    if first.iter().all(|c| c.trim().is_empty()) {
        return Err(IngestError::EmptyFile {
            file: file.to_string(),
        });
    }
    let empty: Vec<String> = Vec::new();
    let second = rest.first().map_or(&empty, |r| &r.1);
    let third = rest.get(1).map_or(&empty, |r| &r.1);
    let layout = forced.unwrap_or_else(|| {
        if is_import_id_row(third) {
            Layout::Qualtrics
        } else if is_monkey_subheader(&first, second) {
            Layout::SurveyMonkey
        } else {
            Layout::Plain
        }
    });
    let width = first.len();
    let (columns, labels, skip): (Vec<String>, Vec<Option<String>>, usize) = match layout {
        Layout::Plain | Layout::Spss => (
            first.iter().map(|c| c.trim().to_string()).collect(),
            vec![None; width],
            0,
        ),
        Layout::Qualtrics => {
            let labels = (0..width)
                .map(|i| second.get(i).and_then(|t| qualtrics_label(t)))
                .collect();
            let skip = if is_import_id_row(third) { 2 } else { 1 };
            (
                first.iter().map(|c| c.trim().to_string()).collect(),
                labels,
                skip,
            )
        }
        Layout::SurveyMonkey => {
            let (columns, labels) = monkey_columns(&first, second);
            (columns, labels, 1)
        }
    };
    check_unique(&columns, file)?;

    let data: Vec<GridRow> = rest.into_iter().skip(skip).collect();
    let mut cells: Vec<Vec<Option<String>>> = vec![Vec::with_capacity(data.len()); width];
    for (r, (line, row)) in data.iter().enumerate() {
        let filled = row.iter().filter(|c| !c.trim().is_empty()).count();
        if row.len() > width {
            // Extra fields are harmless when blank (trailing separators);
            // with content the row's values may sit in the wrong columns.
            if row[width..].iter().any(|c| !c.trim().is_empty()) {
                return Err(IngestError::RaggedRow {
                    file: file.to_string(),
                    row: r + 1,
                    line: *line,
                    fields: row.len(),
                    expected: width,
                });
            }
        } else if row.len() < width && filled > 0 && container == Container::Csv {
            warnings.push(Warning {
                kind: WarningKind::RaggedRow {
                    fields: row.len(),
                    expected: width,
                },
                file: file.to_string(),
                row: Some(r + 1),
                column: None,
            });
        }
        for (c, column) in cells.iter_mut().enumerate() {
            let cell = row.get(c).filter(|t| !t.trim().is_empty()).cloned();
            column.push(cell);
        }
    }
    Ok(Table {
        file: file.to_string(),
        container,
        layout,
        value_labels: vec![Vec::new(); width],
        columns,
        labels,
        rows: data.len(),
        cells,
        separator,
        warnings,
    })
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
fn check_unique(columns: &[String], file: &str) -> Result<(), IngestError> {
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
    fn separator_detection_ignores_quoted_text() {
        assert_eq!(detect_separator("a;b;c\n1,2;3;4"), b';');
        assert_eq!(detect_separator("\"x;y;z\",b,c\n"), b',');
        assert_eq!(detect_separator("a\tb\tc,d\n"), b'\t');
        assert_eq!(detect_separator("single\n1\n"), b',');
    }

    #[test]
    fn unterminated_quotes_are_found() {
        assert_eq!(unterminated_quote(b"a,b\n1,\"x\n2,3\n", b','), Some(2));
        assert_eq!(unterminated_quote(b"a,b\n1,\"x\ny\"\n2,3\n", b','), None);
        // A quote inside an unquoted field is literal.
        assert_eq!(unterminated_quote(b"a,b\n1,5\" screen\n", b','), None);
        assert_eq!(unterminated_quote(b"a;b\n\"x\"\"\";2\n", b';'), None);
    }

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

    #[test]
    fn windows_1252_falls_back_with_a_warning() {
        let mut w = Vec::new();
        let text = decode(b"id,naam\n1,caf\xE9\n", "f.csv", None, &mut w).unwrap();
        assert_eq!(text, "id,naam\n1,café\n");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::EncodingAssumed { line: 2 });
        let err = decode(b"a\n\xE9", "f.csv", Some("utf-8"), &mut w).unwrap_err();
        assert!(matches!(err, IngestError::NotUtf8 { line: 2, .. }));
        let text = decode(b"a\n\xE9", "f.csv", Some("windows-1252"), &mut w).unwrap();
        assert_eq!(text, "a\né");
    }

    /// polars reads regular files column-wise; the record reader handles
    /// the rest. Both must give the same table for a regular file, header
    /// rows of every layout included.
    #[test]
    fn polars_and_record_reader_agree_on_regular_files() {
        let files = [
            "id;tp_a;nps\r\nR1;7;9\r\nR2;;\"6\"\r\nR3; ;10\r\n",
            "id,q1,q2\nResponse ID,\"How satisfied,\nreally?\",NPS\n{\"ImportId\":\"x\"},{\"ImportId\":\"y\"},{\"ImportId\":\"z\"}\nR1,5,9\nR2,4,\n",
            "id\tscore\nA\t1\nB\t2",
        ];
        for text in files {
            let sep = detect_separator(text);
            let width = regular_width(text.as_bytes(), sep).expect("regular");
            let fast = table_from_columns(
                polars_grid(text, sep, width).unwrap(),
                "f.csv",
                Some(sep),
                None,
                vec![],
            )
            .unwrap();
            let grid = csv_grid(text, sep, "f.csv").unwrap();
            let slow =
                table_from_grid(grid, "f.csv", Container::Csv, Some(sep), None, vec![]).unwrap();
            assert_eq!(fast.columns, slow.columns, "{text:?}");
            assert_eq!(fast.labels, slow.labels);
            assert_eq!(fast.layout, slow.layout);
            assert_eq!(fast.rows, slow.rows);
            assert_eq!(fast.cells, slow.cells, "{text:?}");
        }
    }

    #[test]
    fn irregular_files_are_not_regular() {
        assert_eq!(regular_width(b"a,b\n1,2\n", b','), Some(2));
        assert_eq!(regular_width(b"a,b\n1,2", b','), Some(2));
        assert_eq!(regular_width(b"a,b\n1\n", b','), None, "short row");
        assert_eq!(regular_width(b"a,b\n\n1,2\n", b','), None, "blank line");
        assert_eq!(regular_width(b"a,b\n\"1,2\n", b','), None, "open quote");
        assert_eq!(
            regular_width(b"a,b\n\"x,y\",2\n", b','),
            Some(2),
            "quoted separator"
        );
        assert_eq!(regular_width(b"", b','), None);
    }

    #[test]
    fn utf16_is_decoded_and_binary_rejected() {
        let mut w = Vec::new();
        let le: Vec<u8> = "id\ttp\n1\t5\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&le, "f", None, &mut w).unwrap(), "id\ttp\n1\t5\n");
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(&le);
        assert_eq!(decode(&bom, "f", None, &mut w).unwrap(), "id\ttp\n1\t5\n");
        let err = decode(b"id\n\x01\x02\x00\x03", "f", None, &mut w).unwrap_err();
        assert!(
            matches!(err, IngestError::NotText { line: 2, .. }),
            "{err:?}"
        );
        assert!(w.is_empty());
    }
}
