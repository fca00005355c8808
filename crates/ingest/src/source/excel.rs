//! Excel workbooks (`.xlsx`, also `.xls`, `.xlsb`, `.ods`) via calamine: the
//! chosen sheet as rows of text, numbers in their shortest exact form, and a
//! sheet that a stray far cell would blow up to millions of empty cells
//! refused.

use std::io::Cursor;

use super::grid::{table_from_rows, GridRow, RowSource, Select, TextRows};
use super::{guard, number_text, workbook_size, xls_size, Container, Layout, Table};
use crate::error::IngestError;

/// A workbook's sheet (`sheet`, else the first) as a [`Table`]; `forced` is
/// the header layout when the format names one, `select` the columns whose
/// cells are kept.
pub(super) fn read_excel(
    bytes: &[u8],
    file: &str,
    sheet: Option<&str>,
    forced: Option<Layout>,
    select: Select,
) -> Result<Table, IngestError> {
    let excel_error = |message: String| IngestError::Excel {
        file: file.to_string(),
        message,
    };
    let (name, cells) = sheet_cells(bytes, file, sheet)?;
    let rows = SheetRows::new(cells, &name).map_err(excel_error)?;
    let source = RowSource {
        file,
        container: Container::Excel,
        separator: None,
        forced,
        select,
        warnings: Vec::new(),
    };
    table_from_rows(&mut TextRows::new(rows), source)
}

/// The name and filled cells of the chosen sheet of a workbook.
fn sheet_cells(
    bytes: &[u8],
    file: &str,
    sheet: Option<&str>,
) -> Result<(String, Vec<SheetCell>), IngestError> {
    use calamine::Reader;
    let excel_error = |message: String| IngestError::Excel {
        file: file.to_string(),
        message,
    };
    let cost = || workbook_size::too_costly(bytes).or_else(|| xls_size::too_costly(bytes));
    if let Some(message) = guard(file, cost)? {
        return Err(excel_error(message));
    }
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
    let sheet_error = |e: String| excel_error(format!("sheet \"{name}\": {e}"));
    // .xlsx and .xlsb sheets are read cell by cell, so that a stray cell
    // far from the data is found before any grid is built; .xls and .ods
    // come as calamine's range (see `dense_guard` for how they are kept
    // small).
    let cells = match &mut book {
        calamine::Sheets::Xlsx(xlsx) => guard(file, || -> Result<_, calamine::XlsxError> {
            let mut reader = xlsx.worksheet_cells_reader(&name)?;
            let mut cells = Vec::new();
            while let Some(cell) = reader.next_cell()? {
                push_filled(
                    &mut cells,
                    cell.get_position(),
                    cell.get_value().clone().into(),
                );
            }
            Ok(cells)
        })?
        .map_err(|e| sheet_error(e.to_string()))?,
        calamine::Sheets::Xlsb(xlsb) => guard(file, || -> Result<_, calamine::XlsbError> {
            let mut reader = xlsb.worksheet_cells_reader(&name)?;
            let mut cells = Vec::new();
            while let Some(cell) = reader.next_cell()? {
                push_filled(
                    &mut cells,
                    cell.get_position(),
                    cell.get_value().clone().into(),
                );
            }
            Ok(cells)
        })?
        .map_err(|e| sheet_error(e.to_string()))?,
        _ => {
            let range = guard(file, || book.worksheet_range(&name))?
                .map_err(|e| sheet_error(e.to_string()))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            let mut cells = Vec::new();
            for (r, c, value) in range.used_cells() {
                push_filled(&mut cells, (top + r as u32, left + c as u32), value.clone());
            }
            cells
        }
    };
    Ok((name, cells))
}

/// Adds a cell to `cells` unless it is empty.
fn push_filled(cells: &mut Vec<SheetCell>, at: (u32, u32), value: calamine::Data) {
    if value != calamine::Data::Empty {
        cells.push((at, value));
    }
}

/// A filled cell of a sheet: its (row, column) from 0, and its value.
type SheetCell = ((u32, u32), calamine::Data);

/// A grid whose filled cells are fewer than this share of its cells, and
/// that has more than [`SPARSE_GRID_CELLS`] cells, is refused: a stray cell
/// far from the data (XFD1048576, say) would otherwise make millions of
/// empty cells (gigabytes) out of a workbook of a few kilobytes.
pub(super) const SPARSE_GRID_SHARE: usize = 20;
/// See [`SPARSE_GRID_SHARE`].
pub(super) const SPARSE_GRID_CELLS: usize = 2_000_000;

/// The rows of a sheet from its filled cells, one at a time, as
/// calamine's dense range would give them: from the first to the last row
/// with a filled cell, every row as wide as the rightmost filled column,
/// columns in place (column A first), 1-based line numbers.
struct SheetRows {
    /// The filled cells, by row then column.
    cells: std::vec::IntoIter<SheetCell>,
    next_cell: Option<SheetCell>,
    /// The next row to give (0-based) and the last one.
    row: u64,
    last_row: u64,
    width: usize,
}

impl SheetRows {
    /// Refuses a grid that its cells fill too thinly (see
    /// [`SPARSE_GRID_SHARE`]), naming the farthest cell.
    fn new(mut cells: Vec<SheetCell>, sheet: &str) -> Result<SheetRows, String> {
        let rows = cells.iter().map(|((r, _), _)| *r);
        let (Some(first_row), Some(last_row)) = (rows.clone().min(), rows.max()) else {
            // No filled cell: no rows.
            return Ok(SheetRows {
                cells: Vec::new().into_iter(),
                next_cell: None,
                row: 1,
                last_row: 0,
                width: 0,
            });
        };
        let last_col = cells.iter().map(|((_, c), _)| *c).max().unwrap_or(0);
        check_thin(&cells, sheet, (first_row, last_row), last_col)?;
        cells.sort_by_key(|(pos, _)| *pos);
        let mut cells = cells.into_iter();
        Ok(SheetRows {
            next_cell: cells.next(),
            cells,
            row: first_row.into(),
            last_row: last_row.into(),
            width: last_col as usize + 1,
        })
    }
}

impl Iterator for SheetRows {
    type Item = GridRow;

    fn next(&mut self) -> Option<GridRow> {
        if self.row > self.last_row {
            return None;
        }
        let mut cells = vec![String::new(); self.width];
        while let Some(((r, c), value)) = self.next_cell.take() {
            if u64::from(r) != self.row {
                self.next_cell = Some(((r, c), value));
                break;
            }
            cells[c as usize] = excel_cell(&value);
            self.next_cell = self.cells.next();
        }
        let line = self.row as usize + 1;
        self.row += 1;
        Some((line, cells))
    }
}

/// An error naming the farthest cell when `cells` fill the grid of rows
/// `rows` (first, last) and columns A to `last_col` too thinly.
fn check_thin(
    cells: &[SheetCell],
    sheet: &str,
    (first_row, last_row): (u32, u32),
    last_col: u32,
) -> Result<(), String> {
    let height = (last_row - first_row) as usize + 1;
    let width = last_col as usize + 1;
    let area = height.saturating_mul(width);
    if area <= SPARSE_GRID_CELLS || area / SPARSE_GRID_SHARE <= cells.len() {
        return Ok(());
    }
    // The farthest cell: the lowest row's, else the rightmost column's.
    let far = cells
        .iter()
        .map(|(pos, _)| *pos)
        .max_by_key(|&(r, c)| {
            (u64::from(r) - u64::from(first_row)) * 16_384 / height as u64
                + u64::from(c) * 16_384 / width as u64
        })
        .unwrap_or((last_row, last_col));
    Err(format!(
        "sheet \"{sheet}\" has {} filled cells spread over rows {} to {} and columns A to {}: \
         a cell such as {} lies far from the data. Delete the stray cells, or copy the \
         survey into a fresh sheet",
        cells.len(),
        first_row + 1,
        last_row + 1,
        column_letters(last_col),
        a1(far)
    ))
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
