//! Tables in a worksheet: typed cells (numbers stay numbers, each with its
//! number format; text is always written as text, so a label starting
//! with `=` is never run as a formula), a bold wrapped header row, and
//! column widths that fit the content. The sheets in `workbook.rs` only
//! say what goes in which column.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::i18n::fill;

/// Excel's longest text in a cell.
const MAX_TEXT: usize = 32_767;
/// Widest column, in characters: longer text wraps into the next cells'
/// space or is cut off on screen, never in the file.
const MAX_WIDTH: f64 = 50.0;
/// A header wraps at this many characters rather than widen its column.
const HEADER_WRAP: f64 = 16.0;

/// How a number is shown. The file holds the full value; Excel shows it
/// with the reader's own decimal separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Num {
    /// A count: `1,987`.
    Int,
    /// A mean or ratio: `6.61`.
    Dec2,
    /// A p-value: `0.004`.
    Dec3,
    /// A share 0-1 as a percentage: `38.2%`.
    Pct,
    /// An NPS or another signed level: `+12.4`.
    Signed1,
    /// A gain or change: `+0.35`.
    Signed2,
    /// A model effect: `+0.123`.
    Signed3,
    /// A signed share: `+12.5%`.
    SignedPct,
}

impl Num {
    const ALL: [Num; 8] = [
        Num::Int,
        Num::Dec2,
        Num::Dec3,
        Num::Pct,
        Num::Signed1,
        Num::Signed2,
        Num::Signed3,
        Num::SignedPct,
    ];

    fn code(self) -> &'static str {
        match self {
            Num::Int => "#,##0",
            Num::Dec2 => "0.00",
            Num::Dec3 => "0.000",
            Num::Pct => "0.0%",
            Num::Signed1 => "+0.0;-0.0;0.0",
            Num::Signed2 => "+0.00;-0.00;0.00",
            Num::Signed3 => "+0.000;-0.000;0.000",
            Num::SignedPct => "+0.0%;-0.0%;0.0%",
        }
    }
}

/// One cell's content.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Text(String),
    Num(f64, Num),
    Bool(bool),
    Blank,
}

impl Cell {
    /// Text; empty text is a blank cell.
    pub(super) fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Blank
        } else {
            Cell::Text(s)
        }
    }

    /// A number; not a number (NaN, infinite) is a blank cell.
    pub(super) fn num(v: f64, n: Num) -> Cell {
        if v.is_finite() {
            Cell::Num(v, n)
        } else {
            Cell::Blank
        }
    }

    pub(super) fn opt(v: Option<f64>, n: Num) -> Cell {
        v.map_or(Cell::Blank, |v| Cell::num(v, n))
    }

    pub(super) fn int(v: usize) -> Cell {
        Cell::num(v as f64, Num::Int)
    }

    pub(super) fn opt_bool(v: Option<bool>) -> Cell {
        v.map_or(Cell::Blank, Cell::Bool)
    }

    /// Width on screen, in characters.
    fn width(&self) -> f64 {
        match self {
            Cell::Text(s) => s.chars().count() as f64,
            Cell::Num(..) => 9.0,
            Cell::Bool(_) => 6.0,
            Cell::Blank => 0.0,
        }
    }
}

/// A header row and its records.
#[derive(Debug, Default)]
pub(super) struct Table {
    pub(super) headers: Vec<String>,
    pub(super) rows: Vec<Vec<Cell>>,
}

type Value<'a, R> = Box<dyn Fn(&R) -> Cell + 'a>;

/// A table described column by column: each header beside the value it
/// takes from a record of type `R`, so the two cannot drift apart.
pub(super) struct Columns<'a, R> {
    columns: Vec<(String, Value<'a, R>)>,
}

impl<'a, R> Columns<'a, R> {
    pub(super) fn new() -> Self {
        Columns {
            columns: Vec::new(),
        }
    }

    pub(super) fn add(&mut self, header: impl Into<String>, value: impl Fn(&R) -> Cell + 'a) {
        self.columns.push((header.into(), Box::new(value)));
    }

    /// A number and its 95% interval, as three columns; the bounds'
    /// headers are `low` and `high` filled with the header.
    pub(super) fn with_ci(
        &mut self,
        header: &str,
        [low, high]: [&str; 2],
        n: Num,
        value: impl Fn(&R) -> (Option<f64>, Option<[f64; 2]>) + Copy + 'a,
    ) {
        self.add(header, move |r| Cell::opt(value(r).0, n));
        self.add(fill(low, &[("h", header)]), move |r| {
            Cell::opt(value(r).1.map(|c| c[0]), n)
        });
        self.add(fill(high, &[("h", header)]), move |r| {
            Cell::opt(value(r).1.map(|c| c[1]), n)
        });
    }

    pub(super) fn table<'r>(&self, records: impl IntoIterator<Item = &'r R>) -> Table
    where
        R: 'r,
    {
        Table {
            headers: self.columns.iter().map(|(h, _)| h.clone()).collect(),
            rows: records
                .into_iter()
                .map(|r| self.columns.iter().map(|(_, v)| v(r)).collect())
                .collect(),
        }
    }
}

/// The formats of a workbook, made once.
pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) bold: Format,
    header: Format,
    numbers: Vec<Format>,
}

impl Formats {
    pub(super) fn new() -> Self {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xEE_EEEE))
                .set_border_bottom(FormatBorder::Thin),
            numbers: Num::ALL
                .iter()
                .map(|n| Format::new().set_num_format(n.code()))
                .collect(),
        }
    }

    fn number(&self, n: Num) -> &Format {
        let i = Num::ALL.iter().position(|x| *x == n).unwrap_or(0);
        &self.numbers[i]
    }
}

/// Column widths of one sheet, grown by every table written into it.
#[derive(Debug, Default)]
pub(super) struct Widths(Vec<f64>);

impl Widths {
    pub(super) fn fit(&mut self, col: usize, chars: f64) {
        if self.0.len() <= col {
            self.0.resize(col + 1, 8.0);
        }
        let w = (chars + 2.0).min(MAX_WIDTH);
        if w > self.0[col] {
            self.0[col] = w;
        }
    }

    fn get(&self, col: usize) -> f64 {
        self.0.get(col).copied().unwrap_or(8.0)
    }

    pub(super) fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (c, w) in self.0.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        Ok(())
    }
}

/// Text as a cell can hold it.
pub(super) fn cell_text(s: &str) -> &str {
    match s.char_indices().nth(MAX_TEXT) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Writes one cell; text with [`Worksheet::write_string`], so it is never
/// taken for a formula.
pub(super) fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) => ws.write_string(row, col, cell_text(s))?,
        Cell::Num(v, n) => ws.write_number_with_format(row, col, *v, f.number(*n))?,
        Cell::Bool(b) => ws.write_boolean(row, col, *b)?,
        Cell::Blank => ws,
    };
    Ok(())
}

/// Writes `table` with its header at `row`; returns the first row after
/// it.
pub(super) fn write_table(
    ws: &mut Worksheet,
    row: u32,
    table: &Table,
    f: &Formats,
    widths: &mut Widths,
) -> Result<u32, XlsxError> {
    for (c, h) in table.headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, cell_text(h), &f.header)?;
        widths.fit(c, (h.chars().count() as f64).min(HEADER_WRAP));
    }
    for (i, cells) in table.rows.iter().enumerate() {
        let r = row + 1 + i as u32;
        for (c, cell) in cells.iter().enumerate() {
            write_cell(ws, r, c as u16, cell, f)?;
            widths.fit(c, cell.width());
        }
    }
    // Wrapped headers get the lines they need.
    let lines = table
        .headers
        .iter()
        .enumerate()
        .map(|(c, h)| (h.chars().count() as f64 / (widths.get(c) - 1.0)).ceil())
        .fold(1.0, f64::max);
    ws.set_row_height(row, 15.0 * lines)?;
    Ok(row + 1 + table.rows.len() as u32)
}

/// A sheet that is one table: header frozen (with the first
/// `frozen_cols` columns), an autofilter over it, widths fitted.
pub(super) fn table_sheet(
    ws: &mut Worksheet,
    table: &Table,
    frozen_cols: u16,
    f: &Formats,
) -> Result<(), XlsxError> {
    let mut widths = Widths::default();
    let end = write_table(ws, 0, table, f, &mut widths)?;
    ws.set_freeze_panes(1, frozen_cols)?;
    if !table.headers.is_empty() {
        let last_col = table.headers.len() as u16 - 1;
        ws.autofilter(0, 0, end - 1, last_col)?;
    }
    widths.apply(ws)
}
