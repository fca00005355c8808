//! The cells of a table, stored so that memory follows what is read, not
//! the shape the file claims.
//!
//! An export can name 20,000 columns of which the config uses five, or end
//! every row after four fields under a header of thousands: storing a cell
//! for every column of every row made a 1 MB file take gigabytes. Here a
//! column keeps only its non-blank cells, packed into one string with their
//! rows and ends beside it, and only the columns the reader asks for keep
//! any cells at all. What the reader needs of the other columns (is a row
//! empty, is it an exact repeat of another) is kept per row.

use std::hash::{DefaultHasher, Hash, Hasher};

/// The non-blank cells of one column, in row order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ColumnCells {
    /// The 0-based data row of each cell, ascending.
    rows: Vec<u32>,
    /// The end of each cell's text in `text`.
    ends: Vec<u32>,
    text: String,
}

impl ColumnCells {
    /// Adds `cell` as the cell of data row `row` (after every earlier
    /// row's); `false` when the column outgrows 4 GiB of text.
    fn push(&mut self, row: usize, cell: &str) -> bool {
        let (Ok(row), Ok(end)) = (
            u32::try_from(row),
            u32::try_from(self.text.len() + cell.len()),
        ) else {
            return false;
        };
        self.rows.push(row);
        self.text.push_str(cell);
        self.ends.push(end);
        true
    }

    /// The text of cell `i` (in storage order).
    fn text_of(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// The cell of 0-based data row `row`; `None` where blank.
    pub(crate) fn get(&self, row: usize) -> Option<&str> {
        let row = u32::try_from(row).ok()?;
        let i = self.rows.binary_search(&row).ok()?;
        Some(self.text_of(i))
    }

    /// The non-blank cells as (0-based data row, text), in row order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        (0..self.rows.len()).map(|i| (self.rows[i] as usize, self.text_of(i)))
    }

    /// One cell per data row for `rows` rows, `None` where blank.
    pub(crate) fn dense(&self, rows: usize) -> Vec<Option<&str>> {
        let mut cells = vec![None; rows];
        for (r, text) in self.iter() {
            if let Some(cell) = cells.get_mut(r) {
                *cell = Some(text);
            }
        }
        cells
    }
}

/// The cells of every data row: those of the kept columns, and per row
/// whether it has any content and a digest of all of it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cells {
    /// Per header column; `None` for a column not kept.
    columns: Vec<Option<ColumnCells>>,
    /// Per data row: some cell, in any column, is not blank.
    filled: Vec<bool>,
    /// Per data row: a digest of its non-blank cells (trimmed) with their
    /// columns, over every column.
    digests: Vec<u64>,
}

/// The column grew beyond what a table holds (4 GiB of text or 4 billion
/// rows).
#[derive(Debug)]
pub(crate) struct TooLarge;

impl Cells {
    /// No rows yet; `keep[c]` says whether column `c` keeps its cells.
    pub(crate) fn new(keep: &[bool]) -> Cells {
        Cells {
            columns: keep.iter().map(|&k| k.then(ColumnCells::default)).collect(),
            filled: Vec::new(),
            digests: Vec::new(),
        }
    }

    /// Adds a data row given as its cells in column order (no more than
    /// there are columns; missing ones are blank).
    pub(crate) fn push_row<'a>(
        &mut self,
        row: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), TooLarge> {
        let r = self.filled.len();
        let mut digest = RowDigest::default();
        for (c, cell) in row.into_iter().enumerate() {
            if cell.trim().is_empty() {
                continue;
            }
            digest.add(c, cell);
            if let Some(Some(column)) = self.columns.get_mut(c) {
                if !column.push(r, cell) {
                    return Err(TooLarge);
                }
            }
        }
        self.filled.push(digest.filled);
        self.digests.push(digest.value);
        Ok(())
    }

    /// A table of `rows` rows built column by column: call
    /// [`Cells::push_column`] for every column in order.
    pub(crate) fn with_rows(keep: &[bool], rows: usize) -> Cells {
        Cells {
            filled: vec![false; rows],
            digests: vec![RowDigest::default().value; rows],
            ..Cells::new(keep)
        }
    }

    /// Adds column `c`'s cells (`None` where blank), one per row.
    pub(crate) fn push_column<'a>(
        &mut self,
        c: usize,
        cells: impl IntoIterator<Item = Option<&'a str>>,
    ) -> Result<(), TooLarge> {
        for (r, cell) in cells.into_iter().enumerate() {
            let Some(cell) = cell.filter(|t| !t.trim().is_empty()) else {
                continue;
            };
            let (Some(filled), Some(value)) = (self.filled.get_mut(r), self.digests.get_mut(r))
            else {
                break;
            };
            let mut digest = RowDigest {
                filled: *filled,
                value: *value,
            };
            digest.add(c, cell);
            (*filled, *value) = (digest.filled, digest.value);
            if let Some(Some(column)) = self.columns.get_mut(c) {
                if !column.push(r, cell) {
                    return Err(TooLarge);
                }
            }
        }
        Ok(())
    }

    /// The number of data rows.
    pub(crate) fn rows(&self) -> usize {
        self.filled.len()
    }

    /// Column `c`'s cells; `None` when the column was not kept.
    pub(crate) fn column(&self, c: usize) -> Option<&ColumnCells> {
        self.columns.get(c).and_then(Option::as_ref)
    }

    /// Whether 0-based data row `r` has content in any column.
    pub(crate) fn filled(&self, r: usize) -> bool {
        self.filled.get(r).copied().unwrap_or(false)
    }

    /// Whether 0-based data rows `a` and `b` hold the same text (trimmed)
    /// in every column: equal digests, and equal cells in the kept columns.
    pub(crate) fn same_rows(&self, a: usize, b: usize) -> bool {
        self.digests.get(a) == self.digests.get(b)
            && self
                .columns
                .iter()
                .flatten()
                .all(|column| column.get(a).map(str::trim) == column.get(b).map(str::trim))
    }
}

/// A row's digest, built cell by cell in column order.
struct RowDigest {
    filled: bool,
    value: u64,
}

impl Default for RowDigest {
    fn default() -> Self {
        RowDigest {
            filled: false,
            value: 0x9E37_79B9_7F4A_7C15,
        }
    }
}

impl RowDigest {
    /// Adds the non-blank `cell` of column `c`.
    fn add(&mut self, c: usize, cell: &str) {
        let mut hasher = DefaultHasher::new();
        (self.value, c, cell.trim()).hash(&mut hasher);
        self.value = hasher.finish();
        self.filled = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_keeps_its_non_blank_cells_by_row() {
        let mut cells = Cells::new(&[true, false, true]);
        cells.push_row(["a", " 1 ", ""]).unwrap();
        cells.push_row([]).unwrap();
        cells.push_row(["b", "", "x y"]).unwrap();
        cells.push_row(["  "]).unwrap();
        assert_eq!(cells.rows(), 4);
        let first = cells.column(0).unwrap();
        assert_eq!(first.dense(4), [Some("a"), None, Some("b"), None]);
        assert_eq!(first.get(2), Some("b"));
        assert!(cells.column(1).is_none(), "not kept");
        assert_eq!(
            cells.column(2).unwrap().iter().collect::<Vec<_>>(),
            [(2, "x y")]
        );
        let filled: Vec<bool> = (0..4).map(|r| cells.filled(r)).collect();
        assert_eq!(filled, [true, false, true, false]);
    }

    /// Rows are the same when every column holds the same trimmed text,
    /// kept or not; built by rows or by columns, the digests agree.
    #[test]
    fn repeats_are_found_in_columns_not_kept_too() {
        let rows = [
            ["1", "x", "5"],
            ["1", "x ", "5"],
            ["1", "y", "5"],
            ["1", "", "5"],
        ];
        let mut by_row = Cells::new(&[true, false, true]);
        for row in rows {
            by_row.push_row(row).unwrap();
        }
        let mut by_column = Cells::with_rows(&[true, false, true], rows.len());
        for c in 0..3 {
            by_column
                .push_column(c, rows.iter().map(|r| Some(r[c])))
                .unwrap();
        }
        for cells in [&by_row, &by_column] {
            assert!(cells.same_rows(0, 1));
            assert!(!cells.same_rows(0, 2), "the column not kept differs");
            assert!(!cells.same_rows(0, 3), "blank is not the same as x");
        }
        assert_eq!(by_row.digests, by_column.digests);
    }
}
