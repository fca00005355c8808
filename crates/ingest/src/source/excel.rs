//! Excel workbooks (`.xlsx`, also `.xls`, `.xlsb`, `.ods`) via calamine: the
//! chosen sheet as rows of text, numbers in their shortest exact form, and a
//! sheet that a stray far cell would blow up to millions of empty cells
//! refused.

use std::io::Cursor;

use super::grid::{table_from_grid, GridRow};
use super::{guard, number_text, Container, Layout, Table};
use crate::error::IngestError;

/// A workbook's sheet (`sheet`, else the first) as a [`Table`]; `forced` is
/// the header layout when the format names one.
pub(super) fn read_excel(
    bytes: &[u8],
    file: &str,
    sheet: Option<&str>,
    forced: Option<Layout>,
) -> Result<Table, IngestError> {
    let grid = excel_grid(bytes, file, sheet)?;
    table_from_grid(grid, file, Container::Excel, None, forced, Vec::new())
}

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
