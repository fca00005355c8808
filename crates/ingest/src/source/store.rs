//! The cells of a table, stored so that memory follows what is read, not
//! the shape the file claims, and a million rows cost a few bytes each.
//!
//! An export can name 20,000 columns of which the config uses five, or end
//! every row after four fields under a header of thousands: storing a cell
//! for every column of every row made a 1 MB file take gigabytes. Here only
//! the columns the reader asks for keep any cells, and a kept column keeps
//! each distinct answer (trimmed) once with a code per row: a rating column
//! of a million respondents is a million bytes and its ten answers. What
//! the reader needs of the other columns (is a row empty, is it an exact
//! repeat of another) is kept per row as a flag and a digest.

use std::collections::HashMap;
use std::hash::Hasher;

use hashbrown::hash_table::Entry;
use hashbrown::HashTable;
use rustc_hash::FxHasher;

/// The cells of one column: a code per row (0 = blank) and each distinct
/// trimmed text once.
#[derive(Debug, Clone, Default)]
pub(crate) struct ColumnCells {
    /// Code per row, up to the last row with a cell (later rows blank).
    codes: Codes,
    /// The distinct texts, one after the other; code `k` is text `k - 1`.
    text: String,
    /// The end of each distinct text in `text`.
    ends: Vec<u32>,
    /// Code of each one-byte text and two-digit number (most answers:
    /// "7", "10"), by its bytes: a lookup without hashing. Empty until the
    /// column holds such a text (1.4 KB then).
    short: Vec<u32>,
    /// Code per distinct text with its text's hash (kept, so that growing
    /// the table does not read the texts again).
    index: HashTable<(u32, u32)>,
}

/// Codes per row: a byte each while there are at most 255 distinct texts.
#[derive(Debug, Clone)]
enum Codes {
    Narrow(Vec<u8>),
    Wide(Vec<u32>),
}

impl Default for Codes {
    fn default() -> Self {
        Codes::Narrow(Vec::new())
    }
}

impl Codes {
    fn len(&self) -> usize {
        match self {
            Codes::Narrow(c) => c.len(),
            Codes::Wide(c) => c.len(),
        }
    }

    fn get(&self, row: usize) -> u32 {
        match self {
            Codes::Narrow(c) => c.get(row).map_or(0, |&c| u32::from(c)),
            Codes::Wide(c) => c.get(row).copied().unwrap_or(0),
        }
    }

    /// Sets `row`'s code, blank rows before it padded.
    #[inline]
    fn set(&mut self, row: usize, code: u32) {
        // The usual case: a code that fits, after a few blank rows at most.
        if let (Codes::Narrow(c), Ok(code)) = (&mut *self, u8::try_from(code)) {
            while c.len() < row {
                c.push(0);
            }
            c.push(code);
            return;
        }
        self.set_wide(row, code);
    }

    /// [`Codes::set`] of a code past 255, or in wide codes.
    #[cold]
    #[inline(never)]
    fn set_wide(&mut self, row: usize, code: u32) {
        if let (Codes::Narrow(narrow), Err(_)) = (&*self, u8::try_from(code)) {
            *self = Codes::Wide(narrow.iter().map(|&c| u32::from(c)).collect());
        }
        match self {
            Codes::Narrow(c) => {
                c.resize(row, 0);
                c.push(code as u8);
            }
            Codes::Wide(c) => {
                c.resize(row, 0);
                c.push(code);
            }
        }
    }
}

/// The index of a one-byte text or a two-digit number in
/// [`ColumnCells::short`].
fn short_slot(cell: &[u8]) -> Option<usize> {
    match *cell {
        [a] => Some(usize::from(a)),
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => {
            Some(SHORT_ONE + usize::from(a - b'0') * 10 + usize::from(b - b'0'))
        }
        _ => None,
    }
}

/// Slots of one-byte texts in [`ColumnCells::short`]; two-digit numbers
/// follow.
const SHORT_ONE: usize = 256;

/// A text's hash, as kept beside its code in [`ColumnCells::index`].
fn hash_of(cell: &[u8]) -> u32 {
    let mut hasher = FxHasher::default();
    hasher.write(cell);
    let h = hasher.finish();
    (h ^ h >> 32) as u32
}

/// A text's hash in [`ColumnCells::index`]. A number (an id) hashes so
/// that ids numbered in order fill the index eight at a time in
/// neighbouring slots, the eight of a cache line, while the groups of
/// eight are spread as any hash spreads them: a column of a million
/// distinct ids then costs a cache miss per eight ids, not one per id
/// (ids a power of two apart still spread). Other texts hash through
/// FxHash.
fn index_hash(cell: &[u8]) -> u32 {
    if (1..=19).contains(&cell.len()) && cell.iter().all(u8::is_ascii_digit) {
        let value = cell.iter().fold(0u64, |v, &d| v * 10 + u64::from(d - b'0'));
        let spread = mix(value >> 3) as u32;
        return (spread & !7) | (value as u32 & 7);
    }
    hash_of(cell)
}

/// A kept 32-bit hash as the table wants it: its bits both high (the
/// tag compared first) and low (the bucket).
fn widen(hash: u32) -> u64 {
    u64::from(hash) << 32 | u64::from(hash)
}

impl ColumnCells {
    /// Sets the cell of data row `row` (after every earlier row's) to
    /// `cell` trimmed, unless that is blank; whether it is not, or
    /// [`TooLarge`] when the column outgrows 4 GiB of distinct text.
    #[inline(always)]
    fn push_untrimmed(&mut self, row: usize, cell: &[u8]) -> Result<bool, TooLarge> {
        // Most cells: blank, or an answer such as "7" or "10" seen before,
        // which trimming leaves as it is.
        let slot = match *cell {
            [] => return Ok(false),
            [a] if !a.is_ascii_whitespace() => short_slot(cell),
            [b'0'..=b'9', b'0'..=b'9'] => short_slot(cell),
            _ => None,
        };
        if let Some(&code) = slot.and_then(|s| self.short.get(s)).filter(|&&c| c != 0) {
            self.codes.set(row, code);
            return Ok(true);
        }
        self.push_trimmed(row, cell)
    }

    /// [`ColumnCells::push_untrimmed`] of a cell not seen before or not
    /// short.
    #[inline(never)]
    fn push_trimmed(&mut self, row: usize, cell: &[u8]) -> Result<bool, TooLarge> {
        let cell = trim(cell);
        if cell.is_empty() {
            return Ok(false);
        }
        if self.push(row, cell) {
            Ok(true)
        } else {
            Err(TooLarge)
        }
    }

    /// Sets the cell of data row `row` (after every earlier row's) to the
    /// trimmed, non-blank `cell`; `false` when the column outgrows 4 GiB
    /// of distinct text.
    fn push(&mut self, row: usize, cell: &[u8]) -> bool {
        let slot = short_slot(cell);
        if let Some(&code) = slot.and_then(|s| self.short.get(s)).filter(|&&c| c != 0) {
            self.codes.set(row, code);
            return true;
        }
        let hash = index_hash(cell);
        let (text, ends) = (&self.text, &self.ends);
        let entry = self.index.entry(
            widen(hash),
            |&(c, h)| h == hash && text_of(text, ends, c).as_bytes() == cell,
            |&(_, h)| widen(h),
        );
        let code = match entry {
            Entry::Occupied(entry) => entry.get().0,
            Entry::Vacant(entry) => {
                let Ok(end) = u32::try_from(self.text.len() + cell.len()) else {
                    return false;
                };
                self.text.push_str(&String::from_utf8_lossy(cell));
                self.ends.push(end);
                let code = self.ends.len() as u32;
                entry.insert((code, hash));
                if let Some(slot) = slot {
                    if self.short.is_empty() {
                        self.short = vec![0; SHORT_ONE + 100];
                    }
                    self.short[slot] = code;
                }
                code
            }
        };
        self.codes.set(row, code);
        true
    }

    /// The code of 0-based data row `row`: 0 where blank, else the number
    /// of its text (see [`ColumnCells::text`]).
    pub(crate) fn code(&self, row: usize) -> u32 {
        self.codes.get(row)
    }

    /// The code of each of `rows`.
    pub(crate) fn codes_of(&self, rows: &[usize]) -> Vec<u32> {
        match &self.codes {
            Codes::Narrow(c) => rows
                .iter()
                .map(|&r| c.get(r).map_or(0, |&c| u32::from(c)))
                .collect(),
            Codes::Wide(c) => rows
                .iter()
                .map(|&r| c.get(r).copied().unwrap_or(0))
                .collect(),
        }
    }

    /// The text of `code` (1 to [`ColumnCells::distinct`]).
    pub(crate) fn text(&self, code: u32) -> &str {
        text_of(&self.text, &self.ends, code)
    }

    /// How many distinct texts the column holds.
    pub(crate) fn distinct(&self) -> usize {
        self.ends.len()
    }

    /// How many of the first `rows` rows hold each code (index = code).
    pub(crate) fn counts(&self, rows: usize) -> Vec<usize> {
        let mut counts = vec![0; self.distinct() + 1];
        for r in 0..rows.min(self.codes.len()) {
            counts[self.code(r) as usize] += 1;
        }
        counts
    }

    /// The cell of 0-based data row `row` (trimmed); `None` where blank.
    pub(crate) fn get(&self, row: usize) -> Option<&str> {
        match self.code(row) {
            0 => None,
            code => Some(self.text(code)),
        }
    }

    /// The non-blank cells as (0-based data row, text), in row order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        (0..self.codes.len()).filter_map(|r| self.get(r).map(|t| (r, t)))
    }

    /// One cell per data row for `rows` rows, `None` where blank.
    #[cfg(test)]
    pub(crate) fn dense(&self, rows: usize) -> Vec<Option<&str>> {
        (0..rows).map(|r| self.get(r)).collect()
    }
}

fn text_of<'a>(text: &'a str, ends: &[u32], code: u32) -> &'a str {
    let i = code as usize - 1;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &text[start..ends[i] as usize]
}

/// A cell without the white space around it: ASCII trimmed as bytes, the
/// rest (a no-break space) as `str::trim` does.
pub(super) fn trim(cell: &[u8]) -> &[u8] {
    let t = cell.trim_ascii();
    let edge_is_ascii = |b: Option<&u8>| b.is_none_or(u8::is_ascii);
    if edge_is_ascii(t.first()) && edge_is_ascii(t.last()) {
        return t;
    }
    match std::str::from_utf8(t) {
        Ok(s) => s.trim().as_bytes(),
        Err(_) => t,
    }
}

/// The cells of every data row: those of the kept columns, and per row
/// whether it has any content and a digest of the columns not kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cells {
    /// Per header column; `None` for a column not kept.
    columns: Vec<Option<ColumnCells>>,
    /// Per data row: some cell, in any column, is not blank.
    filled: Vec<bool>,
    /// Per data row: a digest of its non-blank cells (trimmed) with their
    /// columns, over the columns not kept (those kept hold their cells).
    digests: Vec<u64>,
}

/// The column grew beyond what a table holds (4 GiB of distinct text).
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
    #[cfg(test)]
    pub(crate) fn push_row<'a>(
        &mut self,
        row: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), TooLarge> {
        self.push_fields(row.into_iter().map(str::as_bytes))
    }

    /// [`Cells::push_row`] with the cells as UTF-8 bytes (a CSV record).
    pub(crate) fn push_fields<'a>(
        &mut self,
        row: impl IntoIterator<Item = &'a [u8]>,
    ) -> Result<(), TooLarge> {
        let r = self.filled.len();
        let mut digest = RowDigest::default();
        let mut filled = false;
        for (c, cell) in row.into_iter().enumerate() {
            if let Some(Some(column)) = self.columns.get_mut(c) {
                filled |= column.push_untrimmed(r, cell)?;
                continue;
            }
            let cell = trim(cell);
            if !cell.is_empty() {
                digest.add(c, cell);
            }
        }
        self.filled.push(filled || digest.filled);
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
            let Some(cell) = cell.map(|t| trim(t.as_bytes())).filter(|t| !t.is_empty()) else {
                continue;
            };
            let (Some(filled), Some(value)) = (self.filled.get_mut(r), self.digests.get_mut(r))
            else {
                break;
            };
            *filled = true;
            if let Some(Some(column)) = self.columns.get_mut(c) {
                if !column.push(r, cell) {
                    return Err(TooLarge);
                }
                continue;
            }
            let mut digest = RowDigest {
                filled: true,
                value: *value,
            };
            digest.add(c, cell);
            *value = digest.value;
        }
        Ok(())
    }

    /// Takes the cells of `columns` out (those kept), by column.
    pub(crate) fn take_columns(&mut self, columns: &[usize]) -> HashMap<usize, ColumnCells> {
        columns
            .iter()
            .filter_map(|&c| Some((c, self.columns.get_mut(c)?.take()?)))
            .collect()
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
    /// in every column: equal cells in the kept columns, and equal digests
    /// of the others. Before any column is taken out.
    pub(crate) fn same_rows(&self, a: usize, b: usize) -> bool {
        self.digests.get(a) == self.digests.get(b)
            && self
                .columns
                .iter()
                .flatten()
                .all(|column| column.code(a) == column.code(b))
    }
}

/// A row's digest, built cell by cell in column order: only compared
/// between rows with the same id (whose kept cells are compared too), so
/// a fast mix is enough.
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
    /// Adds the non-blank, trimmed `cell` of column `c`: a cell of up to
    /// eight bytes (most answers) is hashed as one word with its length, a
    /// longer one through FxHash.
    #[inline]
    fn add(&mut self, c: usize, cell: &[u8]) {
        let word = if cell.len() <= 8 {
            let packed = cell.iter().rev().fold(0u64, |w, &b| w << 8 | u64::from(b));
            packed ^ ((cell.len() as u64) << 59)
        } else {
            u64::from(hash_of(cell)) | 1 << 63
        };
        // A sum of the cells' hashes, not a chain: no cell waits for the
        // one before, and a row built by columns gets the same digest.
        self.value = self.value.wrapping_add(mix(word ^ mix(c as u64 + 1)));
        self.filled = true;
    }
}

/// A 64-bit mixing step (the finaliser of SplitMix64): every input bit
/// changes about half the output bits.
#[inline]
fn mix(x: u64) -> u64 {
    let x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_keeps_its_non_blank_cells_by_row() {
        let mut cells = Cells::new(&[true, false, true]);
        cells.push_row(["a", " 1 ", ""]).unwrap();
        cells.push_row([]).unwrap();
        cells.push_row([" b\u{a0}", "", "x y"]).unwrap();
        cells.push_row(["  "]).unwrap();
        cells.push_row(["a"]).unwrap();
        assert_eq!(cells.rows(), 5);
        let first = cells.column(0).unwrap();
        assert_eq!(
            first.dense(5),
            [Some("a"), None, Some("b"), None, Some("a")]
        );
        assert_eq!(first.get(2), Some("b"));
        assert_eq!(first.distinct(), 2, "a and b, each once");
        assert_eq!(first.code(0), first.code(4));
        assert_eq!(first.counts(5), [2, 2, 1]);
        assert!(cells.column(1).is_none(), "not kept");
        assert_eq!(
            cells.column(2).unwrap().iter().collect::<Vec<_>>(),
            [(2, "x y")]
        );
        let filled: Vec<bool> = (0..5).map(|r| cells.filled(r)).collect();
        assert_eq!(filled, [true, false, true, false, true]);
    }

    /// A cell is coded by its trimmed text whichever way it is coded:
    /// blanks and short answers seen before without trimming, the others
    /// through the index (numbers differing in leading zeros stay apart,
    /// as do ids far apart whose values share their low bits).
    #[test]
    fn every_cell_is_coded_by_its_trimmed_text() {
        let texts = [
            "7",
            " 7",
            "7 ",
            "",
            " ",
            "\t",
            "10",
            " 10",
            "07",
            "007",
            "7",
            "x",
            " x ",
            "1048576",
            "2097152",
            "0",
            "00",
            "4194304",
            "",
            "10",
            "\u{a0}9\u{a0}",
            "9",
        ];
        let mut cells = Cells::new(&[true, false]);
        for text in texts {
            cells.push_row([text, text]).unwrap();
        }
        let column = cells.column(0).unwrap();
        let expected: Vec<Option<&str>> = texts
            .iter()
            .map(|t| Some(t.trim()).filter(|t| !t.is_empty()))
            .collect();
        assert_eq!(column.dense(texts.len()), expected);
        let mut distinct: Vec<&str> = expected.iter().flatten().copied().collect();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(column.distinct(), distinct.len());
        for (a, b) in [(0, 1), (0, 2), (0, 10), (6, 7), (6, 19), (20, 21)] {
            assert_eq!(column.code(a), column.code(b), "rows {a} and {b}");
        }
        let filled: Vec<bool> = (0..texts.len()).map(|r| cells.filled(r)).collect();
        let expected_filled: Vec<bool> = expected.iter().map(Option::is_some).collect();
        assert_eq!(filled, expected_filled);
    }

    /// Ids numbered in order, and ids a power of two apart, each
    /// keep their own code and text.
    #[test]
    fn ids_in_order_or_far_apart_keep_their_texts() {
        let ids: Vec<String> = (0..200_000u64)
            .map(|i| i.to_string())
            .chain((1..2_000u64).map(|i| (i << 20).to_string()))
            .collect();
        let mut cells = Cells::new(&[true]);
        for id in &ids {
            cells.push_row([id.as_str()]).unwrap();
        }
        let column = cells.column(0).unwrap();
        assert_eq!(column.distinct(), ids.len());
        for (r, id) in ids.iter().enumerate() {
            assert_eq!(column.get(r), Some(id.as_str()), "row {r}");
            assert_eq!(column.code(r) as usize, r + 1);
        }
    }

    /// Past 255 distinct texts the codes widen, and every cell keeps its
    /// text; short and long texts alike.
    #[test]
    fn many_distinct_texts_keep_their_rows() {
        let texts: Vec<String> = (0..1_000).map(|i| format!("{}", i * 7 % 1_000)).collect();
        let mut cells = Cells::new(&[true]);
        for t in texts.iter().chain(&texts) {
            cells.push_row([t.as_str()]).unwrap();
        }
        let column = cells.column(0).unwrap();
        assert_eq!(column.distinct(), 1_000);
        for (r, t) in texts.iter().chain(&texts).enumerate() {
            assert_eq!(column.get(r), Some(t.as_str()), "row {r}");
        }
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
