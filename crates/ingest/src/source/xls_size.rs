//! What an `.xls` workbook will cost before calamine opens it.
//!
//! calamine reads every sheet of an `.xls` when it opens it, each into a
//! dense grid from its top-left to its bottom-right filled cell, after
//! reserving room for the cells the sheet's DIMENSIONS record claims. One
//! cell at IV65536 makes a 5 KB file take 1.5 GB; a lying record makes an
//! allocation fail and the process abort. This module finds the workbook
//! stream in the compound file, walks its records, and refuses a sheet as
//! the other workbook formats do before calamine sees it.

use super::excel::{a1, column_letters, SPARSE_GRID_CELLS, SPARSE_GRID_SHARE};
use super::workbook_size::DENSE_CELLS;

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

/// An error message when the `.xls` `bytes` would make calamine allocate
/// far more than the file holds; `None` when it is fine or not a compound
/// file this module can read (calamine then says what is wrong).
pub(super) fn too_costly(bytes: &[u8]) -> Option<String> {
    let stream = workbook_stream(bytes)?;
    check_records(&stream).err()
}

/// A little-endian u16 / u32 at `at`, if there.
fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The "Workbook" (or "Book") stream of a compound file.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return None;
    }
    let sector = 1usize << u16_at(bytes, 0x1E)?.min(16);
    let mini = 1usize << u16_at(bytes, 0x20)?.min(16);
    let sectors = bytes.len() / sector;
    let at = |s: u32| (s as usize + 1) * sector;
    // The FAT: its sectors are listed in the header (109) and DIFAT sectors.
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
        .collect();
    let mut difat = u32_at(bytes, 0x44)?;
    let mut hops = 0;
    while difat < END_OF_CHAIN && hops < sectors {
        let base = at(difat);
        let per = sector / 4 - 1;
        fat_sectors.extend((0..per).filter_map(|i| u32_at(bytes, base + 4 * i)));
        difat = u32_at(bytes, base + 4 * per)?;
        hops += 1;
    }
    let fat: Vec<u32> = fat_sectors
        .iter()
        .filter(|&&s| s < END_OF_CHAIN && (s as usize) < sectors)
        .flat_map(|&s| (0..sector / 4).filter_map(move |i| u32_at(bytes, at(s) + 4 * i)))
        .collect();
    let chain = |start: u32, table: &[u32], limit: usize| -> Vec<u32> {
        let mut out = Vec::new();
        let mut s = start;
        while s < END_OF_CHAIN && out.len() < limit {
            out.push(s);
            s = *table.get(s as usize).unwrap_or(&END_OF_CHAIN);
        }
        out
    };
    let read = |start: u32| -> Vec<u8> {
        chain(start, &fat, sectors)
            .into_iter()
            .filter_map(|s| bytes.get(at(s)..at(s) + sector))
            .flatten()
            .copied()
            .collect()
    };
    let directory = read(u32_at(bytes, 0x30)?);
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let name_of = |e: &[u8]| -> String {
        let len = (u16_at(e, 64).unwrap_or(0) as usize).min(64);
        let units: Vec<u16> = e[..len.saturating_sub(2)]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let entry = entries
        .iter()
        .find(|e| e[66] == 2 && matches!(name_of(e).as_str(), "Workbook" | "Book"))?;
    let (start, size) = (u32_at(entry, 116)?, u32_at(entry, 120)? as usize);
    let mut stream = if size < u32_at(bytes, 0x38)? as usize {
        // A small stream lives in the mini stream, chained by the mini FAT.
        let root = entries.first()?;
        let mini_stream = read(u32_at(root, 116)?);
        let mini_fat: Vec<u32> = read(u32_at(bytes, 0x3C)?)
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        chain(start, &mini_fat, mini_stream.len() / mini + 1)
            .into_iter()
            .filter_map(|s| mini_stream.get(s as usize * mini..(s as usize + 1) * mini))
            .flatten()
            .copied()
            .collect()
    } else {
        read(start)
    };
    stream.truncate(size);
    Some(stream)
}

/// A sheet's filled cells as calamine gathers them.
#[derive(Default)]
struct Extent {
    /// The cells its DIMENSIONS record claims (calamine reserves them).
    claimed: u64,
    cells: u64,
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
    /// The cell farthest down (then right).
    far: (u32, u32),
}

impl Extent {
    fn add(&mut self, row: u32, col: u32) {
        self.cells += 1;
        let (r0, r1) = self.rows.unwrap_or((row, row));
        let (c0, c1) = self.cols.unwrap_or((col, col));
        self.rows = Some((r0.min(row), r1.max(row)));
        self.cols = Some((c0.min(col), c1.max(col)));
        self.far = self.far.max((row, col));
    }

    /// The grid calamine builds, in cells.
    fn area(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1),
            _ => 0,
        }
    }
}

/// Walks the workbook stream's records: every sheet's DIMENSIONS claim and
/// filled cells, as calamine reads them (charts inside a sheet skipped).
fn check_records(stream: &[u8]) -> Result<(), String> {
    let mut depth = 0usize;
    let mut sheet = 0usize;
    let mut extent = Extent::default();
    let mut total = 0u64;
    let mut at = 0usize;
    while let (Some(typ), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let data = stream.get(at + 4..at + 4 + len as usize).unwrap_or(&[]);
        at += 4 + len as usize;
        match typ {
            0x0809 => depth += 1,
            0x000A => {
                if depth == 1 && (extent.cells > 0 || extent.claimed > 0) {
                    sheet += 1;
                    total += check_sheet(&extent, sheet)?;
                    if total > DENSE_CELLS {
                        return Err(format!(
                            "the workbook's sheets make more than {DENSE_CELLS} cells; save the \
                             survey as .xlsx or CSV, which are read cell by cell"
                        ));
                    }
                }
                extent = Extent::default();
                depth = depth.saturating_sub(1);
            }
            _ if depth != 1 => {}
            0x0200 => extent.claimed = extent.claimed.max(claimed_cells(data)),
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    extent.add(r.into(), c.into());
                }
            }
            0x00BD if data.len() >= 6 => {
                let (r, first) = (u16_at(data, 0).unwrap_or(0), u16_at(data, 2).unwrap_or(0));
                let last = u16_at(data, data.len() - 2).unwrap_or(first);
                extent.add(r.into(), first.into());
                extent.add(r.into(), last.max(first).into());
                extent.cells += u64::from(last.saturating_sub(first).saturating_sub(1));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The cells calamine reserves for a DIMENSIONS record (as it reads one:
/// rows as u32 in BIFF8, u16 before; a row range running backwards wraps).
fn claimed_cells(data: &[u8]) -> u64 {
    let (first, last, first_col, last_col) = match data.len() {
        10 => (
            u16_at(data, 0).map(u32::from),
            u16_at(data, 2).map(u32::from),
            u16_at(data, 4),
            u16_at(data, 6),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8),
            u16_at(data, 10),
        ),
        _ => return 0,
    };
    let (Some(rf), Some(rl), Some(cf), Some(cl)) = (first, last, first_col, last_col) else {
        return 0;
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    if rl == 0 || cl == 0 {
        return 1;
    }
    if rl - 1 < rf {
        return u64::MAX;
    }
    u64::from(rl - rf) * u64::from(cl - cf)
}

/// The grid of one sheet (the `n`th): an error when its filled cells cover
/// it too thinly, the same rule as a stray far cell in .xlsx.
fn check_sheet(extent: &Extent, n: usize) -> Result<u64, String> {
    let area = extent.area();
    if area > SPARSE_GRID_CELLS as u64 && area / SPARSE_GRID_SHARE as u64 > extent.cells {
        let (r0, r1) = extent.rows.unwrap_or((0, 0));
        let (_, c1) = extent.cols.unwrap_or((0, 0));
        return Err(format!(
            "sheet {n} has {} filled cells spread over rows {} to {} and columns A to {}: a cell \
             such as {} lies far from the data. Delete the stray cells, or copy the survey into \
             a fresh sheet",
            extent.cells,
            r0 + 1,
            r1 + 1,
            column_letters(c1),
            a1(extent.far)
        ));
    }
    // An honest DIMENSIONS record claims the cells' extent; one claiming
    // far more makes calamine reserve it all.
    if extent.claimed > DENSE_CELLS && extent.claimed / 2 > area {
        return Err(format!(
            "the workbook is damaged: sheet {n} claims {} cells but fills {}; save it again \
             from Excel, or export the survey as CSV",
            extent.claimed, extent.cells
        ));
    }
    Ok(area)
}
