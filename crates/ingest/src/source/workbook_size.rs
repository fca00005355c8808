//! What a zipped workbook will cost before calamine opens it.
//!
//! calamine reads an `.ods` workbook whole when it opens it: every sheet
//! becomes a dense grid, rows and cells repeated as the file says
//! (`number-rows-repeated="1000000"`), spaces as many as a `text:c` count
//! asks. An `.xlsx` opening reserves room for as many shared strings as the
//! file claims. A file of a few kilobytes can thus ask for gigabytes, and
//! an allocation that fails aborts the process. This module reads the same
//! XML as a stream first, adds up what calamine would build, and refuses a
//! workbook that would not fit, with the same words as a sheet whose stray
//! far cell would blow up its grid.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::excel::{a1, column_letters, SPARSE_GRID_CELLS, SPARSE_GRID_SHARE};

/// The most cells of all sheets together that an `.ods` may make calamine
/// build (each cell costs calamine about 60 bytes, a value and a formula,
/// and twice while it trims the grid): about 600 MB at this limit, and a
/// survey of 100,000 respondents by 100 questions.
pub(super) const DENSE_CELLS: u64 = 10_000_000;

/// Text calamine would write for space counts (`text:c`), at most.
const SPACES: u64 = 10_000_000;

/// An error message when the zipped workbook `bytes` would make calamine
/// allocate far more than the file holds; `None` when it is fine or not a
/// zip this module knows (calamine then says what is wrong).
pub(super) fn too_costly(bytes: &[u8]) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if zip.index_for_name("content.xml").is_some() {
        let content = zip.by_name("content.xml").ok()?;
        return ods_cost(content).err();
    }
    // calamine reads the shared strings beside the workbook part, usually
    // xl/sharedStrings.xml.
    let strings = zip
        .file_names()
        .flatten()
        .find(|n| n.ends_with("sharedStrings.xml"))?
        .to_string();
    let claim = shared_strings_claim(zip.by_name(&strings).ok()?);
    claim.err()
}

/// The shared strings table says how many strings it holds, and calamine
/// reserves room for them; each takes at least 8 bytes of XML (`<si></si>`),
/// so a count beyond that is a lie.
fn shared_strings_claim(xml: impl Read) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(xml));
    let mut buf = Vec::new();
    let mut claimed = None;
    while claimed.is_none() {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                claimed = Some(attr(&e, "uniqueCount").unwrap_or(0));
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
    let read = reader.buffer_position();
    let rest = std::io::copy(reader.get_mut(), &mut std::io::sink()).unwrap_or(0);
    let most = (read + rest) / 8;
    match claimed {
        Some(n) if n > most => Err(format!(
            "the workbook is damaged: its shared strings claim {n} strings in room for at most \
             {most}; save it again from Excel, or export the survey as CSV"
        )),
        _ => Ok(()),
    }
}

/// What an `.ods` content.xml makes calamine build, as it is read.
#[derive(Default)]
struct OdsCost {
    /// Cells calamine pushes while reading rows (before repeats of rows).
    read: u64,
    /// Cells of every sheet's grid, rows repeated (an upper bound).
    grid: u64,
    /// Filled cells, rows and columns repeated.
    filled: u64,
    spaces: u64,
    /// The current sheet: its name, rows so far (repeats counted), widest
    /// row, first and last filled row, and its farthest filled cell.
    sheet: String,
    rows: u64,
    width: u64,
    first_filled: Option<u64>,
    far: (u64, u64),
    sheet_filled: u64,
    /// The current row: cells so far, repeats, and the end of its last
    /// filled cell.
    row_cells: u64,
    row_repeats: u64,
    row_end: u64,
}

/// calamine's limits for `.ods` (it caps repeats at these).
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

fn ods_cost(xml: impl Read) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(xml));
    let mut buf = Vec::new();
    let mut cost = OdsCost::default();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(event) => event,
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => cost.start_sheet(e),
                "table:table-row" => {
                    cost.row_repeats = attr(e, "table:number-rows-repeated").unwrap_or(1);
                    (cost.row_cells, cost.row_end) = (0, 0);
                    if matches!(event, Event::Empty(_)) {
                        cost.end_row()?;
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let repeats = attr(e, "table:number-columns-repeated").unwrap_or(1);
                    cost.cell(repeats.min(MAX_COLUMNS), filled_cell(e));
                }
                "text:s" => {
                    cost.spaces += attr(e, "text:c").unwrap_or(1);
                    if cost.spaces > SPACES {
                        return Err(format!(
                            "sheet \"{}\" asks for more than {SPACES} spaces in its text; the \
                             workbook is damaged or made to exhaust memory: export the survey as \
                             CSV",
                            cost.sheet
                        ));
                    }
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "table:table-row" => cost.end_row()?,
            Event::End(e) if e.name().as_ref() == "table:table" => cost.end_sheet()?,
            _ => {}
        }
        buf.clear();
    }
}

impl OdsCost {
    fn start_sheet(&mut self, e: &BytesStart) {
        self.sheet = e
            .try_get_attribute("table:name")
            .ok()
            .flatten()
            .map(|a| a.value.into_owned())
            .unwrap_or_default();
        (self.rows, self.width, self.first_filled) = (0, 0, None);
        (self.far, self.sheet_filled) = ((0, 0), 0);
    }

    /// A cell `repeats` columns wide, filled or not.
    fn cell(&mut self, repeats: u64, filled: bool) {
        let start = self.row_cells;
        self.row_cells = (self.row_cells + repeats).min(MAX_COLUMNS);
        let rows = self.row_repeats.min(MAX_ROWS);
        // A repeat count of 0 adds nothing, as calamine reads it.
        if filled && self.row_cells > start && rows > 0 {
            self.row_end = self.row_cells;
            self.sheet_filled += (self.row_cells - start) * rows;
            self.filled += (self.row_cells - start) * rows;
            let cell = (self.rows + rows - 1, self.row_cells - 1);
            self.far = self.far.max(cell);
        }
    }

    fn end_row(&mut self) -> Result<(), String> {
        let repeats = self.row_repeats.min(MAX_ROWS.saturating_sub(self.rows));
        // calamine keeps a row's cells up to its last filled one.
        self.read += self.row_end;
        if self.row_end > 0 {
            self.first_filled.get_or_insert(self.rows);
            self.width = self.width.max(self.row_end);
        }
        self.rows += repeats;
        (self.row_cells, self.row_end, self.row_repeats) = (0, 0, 1);
        if self.read > DENSE_CELLS {
            return Err(self.too_large(self.read));
        }
        Ok(())
    }

    fn end_sheet(&mut self) -> Result<(), String> {
        let Some(first) = self.first_filled else {
            return Ok(());
        };
        let height = self.far.0.saturating_sub(first) + 1;
        let area = height.saturating_mul(self.width);
        if area > SPARSE_GRID_CELLS as u64 && area / SPARSE_GRID_SHARE as u64 > self.sheet_filled {
            let last_col = u32::try_from(self.width - 1).unwrap_or(u32::MAX);
            let far = (
                u32::try_from(self.far.0).unwrap_or(u32::MAX),
                u32::try_from(self.far.1).unwrap_or(u32::MAX),
            );
            return Err(format!(
                "sheet \"{}\" has {} filled cells spread over rows {} to {} and columns A to {}: \
                 a cell such as {} lies far from the data. Delete the stray cells, or copy the \
                 survey into a fresh sheet",
                self.sheet,
                self.sheet_filled,
                first + 1,
                self.far.0 + 1,
                column_letters(last_col),
                a1(far)
            ));
        }
        self.grid = self.grid.saturating_add(area);
        if self.grid > DENSE_CELLS {
            return Err(self.too_large(self.grid));
        }
        Ok(())
    }

    fn too_large(&self, cells: u64) -> String {
        format!(
            "sheet \"{}\" makes the workbook more than {DENSE_CELLS} cells ({cells} so far, \
             repeated rows and cells counted); save the survey as .xlsx or CSV, which are read \
             cell by cell",
            self.sheet
        )
    }
}

/// Whether calamine reads a value from the cell: one of the value
/// attributes, a string type (its text is the value) or a formula.
fn filled_cell(e: &BytesStart) -> bool {
    e.attributes().flatten().any(|a| {
        matches!(
            a.key.as_ref(),
            "office:value"
                | "office:string-value"
                | "office:date-value"
                | "office:time-value"
                | "office:boolean-value"
                | "office:value-type"
                | "table:formula"
        )
    })
}

/// A whole-number attribute; `None` when missing or not a number.
fn attr(e: &BytesStart, name: &str) -> Option<u64> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.trim().parse().ok())
}
