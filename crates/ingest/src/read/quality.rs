//! Which rows are kept, and why the others are not: padding and empty
//! rows, exact duplicates, blank, invalid or zero weights, and (when
//! `[survey] exclude` says so) speeders and straight-liners. Data-quality
//! flags are always a warning; every row left out is listed with its
//! reason.

use std::collections::HashMap;

use super::cells::{number_overflows, parse_number, Text};
use super::Ctx;
use crate::config::Config;
use crate::error::IngestError;
use crate::exclusion::{ExcludedRows, ExclusionReason};
use crate::model::{KpiColumn, SegmentColumn, TouchpointColumn};
use crate::source::{Cells, Table};
use crate::warning::{Shortest, WarningKind};

/// The data rows of a table: how many there are, and which are empty.
///
/// Rows with nothing in any column are padding (trailing blank lines,
/// ";;;;" lines from Excel), not respondents. Trailing ones are dropped;
/// ones in between are excluded, so later row numbers still match the
/// file.
pub(super) struct DataRows {
    /// Data rows up to the last one with a value.
    pub(super) n: usize,
    empty: Vec<bool>,
}

impl DataRows {
    /// The data rows of `table`; an error when every row is empty.
    pub(super) fn of(table: &Table, cells: &Cells) -> Result<DataRows, IngestError> {
        let empty: Vec<bool> = (0..table.rows).map(|r| !cells.filled(r)).collect();
        let n = empty.iter().rposition(|e| !e).map_or(0, |last| last + 1);
        if n == 0 {
            return Err(IngestError::NoData {
                file: table.file.clone(),
            });
        }
        Ok(DataRows { n, empty })
    }

    /// The rows (0-based) that are not empty.
    pub(super) fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.n).filter(|&r| !self.empty[r])
    }

    /// The empty rows among them (1-based).
    pub(super) fn empty_rows(&self) -> Vec<usize> {
        (0..self.n)
            .filter(|&r| self.empty[r])
            .map(|r| r + 1)
            .collect()
    }
}

/// The largest weight may be at most this many times the median positive
/// weight. Survey weighting schemes trim weights at 5 to 10 times the
/// median (some raking schemes reach 50 to 100); a weight 1,000 times the
/// median makes one respondent count as a thousand typical ones, which no
/// weighting scheme intends. Above it the column holds something else (an
/// amount, an id, a broken export) or one value is mistyped, and the
/// weighted estimates would be one respondent's answers: an error naming
/// the row, not an estimate.
pub(crate) const MAX_WEIGHT_RATIO: f64 = 1_000.0;

/// The rows a weight keeps and the ones it leaves out.
pub(super) struct Weighed {
    /// Kept rows (0-based).
    pub(super) kept: Vec<usize>,
    /// Their weights; empty without a weight column.
    pub(super) weights: Vec<f64>,
    /// Rows (1-based) with a blank, unreadable or negative weight.
    pub(super) invalid: Vec<usize>,
    /// Rows (1-based) with a weight of zero.
    pub(super) zero: Vec<usize>,
}

/// Keeps the `candidates` whose weight (column name and cells) is
/// positive, warning about the invalid ones; every candidate without a
/// weight column. An error when no candidate has a usable weight, or when
/// one weight is implausibly large (see [`MAX_WEIGHT_RATIO`]).
pub(super) fn weigh(
    ctx: &mut Ctx,
    weight: Option<(&str, Text)>,
    candidates: impl Iterator<Item = usize>,
) -> Result<Weighed, IngestError> {
    let mut weighed = Weighed {
        kept: Vec::new(),
        weights: Vec::new(),
        invalid: Vec::new(),
        zero: Vec::new(),
    };
    let Some((name, cells)) = weight else {
        weighed.kept.extend(candidates);
        return Ok(weighed);
    };
    let raw_at = |r: usize| cells.get(r).unwrap_or("");
    // Each distinct weight is read once.
    let parsed: Vec<Option<f64>> = (0..cells.codes())
        .map(|code| parse_number(cells.text(code as u32).unwrap_or(""), ctx.decimal_comma))
        .collect();
    for r in candidates {
        let raw = raw_at(r);
        match parsed[cells.code(r) as usize] {
            Some(w) if w > 0.0 => {
                weighed.kept.push(r);
                weighed.weights.push(w);
            }
            Some(0.0) => weighed.zero.push(r + 1),
            // A number too large for a float: the extreme implausible weight.
            None if number_overflows(raw, ctx.decimal_comma) => {
                return Err(implausible(ctx, name, r + 1, raw, f64::INFINITY, None))
            }
            _ => {
                weighed.invalid.push(r + 1);
                let kind = if raw.is_empty() {
                    WarningKind::WeightMissing
                } else {
                    WarningKind::WeightInvalid {
                        raw: raw.to_string(),
                    }
                };
                ctx.warn(kind, Some(r + 1), Some(name));
            }
        }
    }
    if weighed.kept.is_empty() {
        let first = weighed
            .invalid
            .first()
            .map(|&row| (row, raw_at(row - 1).to_string()));
        return Err(IngestError::NoUsableWeight {
            file: ctx.file.clone(),
            column: name.to_string(),
            zero: weighed.zero.len(),
            invalid: weighed.invalid.len(),
            first,
        });
    }
    let median = median(&weighed.weights);
    let (at, &largest) = weighed
        .weights
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap_or((0, &median));
    let ratio = largest / median;
    if ratio > MAX_WEIGHT_RATIO {
        let row = weighed.kept[at] + 1;
        return Err(implausible(
            ctx,
            name,
            row,
            raw_at(row - 1),
            ratio,
            Some(median),
        ));
    }
    Ok(weighed)
}

/// The error for a weight `ratio` times the `median` weight.
fn implausible(
    ctx: &Ctx,
    column: &str,
    row: usize,
    raw: &str,
    ratio: f64,
    median: Option<f64>,
) -> IngestError {
    IngestError::ImplausibleWeight {
        file: ctx.file.clone(),
        column: column.to_string(),
        row,
        value: raw.to_string(),
        ratio,
        median,
        limit: MAX_WEIGHT_RATIO,
    }
}

/// The median of `values` (not empty).
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        sorted[mid - 1] / 2.0 + sorted[mid] / 2.0
    } else {
        sorted[mid]
    }
}

/// The kept rows (0-based) and their values, column by column.
pub(super) struct Kept {
    pub(super) rows: Vec<usize>,
    pub(super) weights: Vec<f64>,
    pub(super) touchpoints: Vec<TouchpointColumn>,
    pub(super) kpis: Vec<KpiColumn>,
    pub(super) segments: Vec<SegmentColumn>,
}

impl Kept {
    /// Keeps the rows whose `keep` flag is set, in every column.
    fn retain(&mut self, keep: &[bool]) {
        self.rows = retain(&self.rows, keep);
        self.weights = retain(&self.weights, keep);
        let positions: Vec<usize> = (0..keep.len()).filter(|&p| keep[p]).collect();
        for tp in &mut self.touchpoints {
            tp.values = tp.values.select(&positions);
        }
        for kpi in &mut self.kpis {
            kpi.values = kpi.values.select(&positions);
        }
        for seg in &mut self.segments {
            seg.values = seg.values.select(&positions);
        }
    }
}

/// Flags straight-liners and speeders (duration column name and cells)
/// with a warning each, and leaves them out where `[survey] exclude` says
/// so. Returns the rows (1-based) left out, by reason; a row is listed
/// under its first reason only.
pub(super) fn exclude_flagged(
    ctx: &mut Ctx,
    config: &Config,
    kept: &mut Kept,
    duration: Option<(&str, Text)>,
) -> Vec<(ExclusionReason, Vec<usize>)> {
    let straight = straight_liners(ctx, config, &kept.touchpoints, &kept.rows);
    let speeders = match duration {
        Some((column, cells)) => speeders(ctx, config, column, cells, &kept.rows),
        None => Vec::new(),
    };
    let excluding = |flag: &str| config.survey.exclude.iter().any(|f| f == flag);
    let mut flagged: Vec<(ExclusionReason, Vec<usize>)> = Vec::new();
    if excluding("speeders") {
        flagged.push((ExclusionReason::Speeder, speeders));
    }
    if excluding("straight_liners") {
        flagged.push((ExclusionReason::StraightLiner, straight));
    }
    let mut keep = vec![true; kept.rows.len()];
    let mut flag_rows: Vec<(ExclusionReason, Vec<usize>)> = Vec::new();
    for (reason, positions) in flagged {
        let rows: Vec<usize> = positions
            .into_iter()
            .filter(|&p| std::mem::replace(&mut keep[p], false))
            .map(|p| kept.rows[p] + 1)
            .collect();
        if !rows.is_empty() {
            flag_rows.push((reason, rows));
        }
    }
    if keep.iter().any(|k| !k) {
        kept.retain(&keep);
    }
    flag_rows
}

/// The rows left out, by reason, in the order given; reasons without rows
/// are not listed.
pub(super) fn excluded(
    reasons: impl Iterator<Item = (ExclusionReason, Vec<usize>)>,
) -> Vec<ExcludedRows> {
    reasons
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(reason, rows)| ExcludedRows { reason, rows })
        .collect()
}

/// The elements of `v` whose `keep` flag is set.
fn retain<T: Clone>(v: &[T], keep: &[bool]) -> Vec<T> {
    v.iter()
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(x, _)| x.clone())
        .collect()
}

/// Rows (0-based) repeating an earlier row exactly, mapped to that row.
///
/// Exact repeats happen when exports are merged or a response is submitted
/// twice; they are left out with a warning so the analysis can go on. A
/// repeated id with different answers means the id column is not an id (or
/// two waves were mixed): the analysis cannot choose, so it is an error
/// naming both rows.
pub(super) fn find_duplicates(
    ctx: &mut Ctx,
    table: &Table,
    cells: &Cells,
    id_column: usize,
    n: usize,
) -> Result<HashMap<usize, usize>, IngestError> {
    let Some(ids) = cells.column(id_column) else {
        return Ok(HashMap::new());
    };
    // The first row of each id: the store keeps each trimmed id once, so
    // rows with the same id have the same code.
    let mut first_row: Vec<usize> = vec![usize::MAX; ids.distinct() + 1];
    let mut duplicates = HashMap::new();
    for r in 0..n {
        let code = ids.code(r) as usize;
        if code == 0 {
            continue;
        }
        let first = first_row[code];
        if first == usize::MAX {
            first_row[code] = r;
            continue;
        }
        let id = ids.text(code as u32);
        if !cells.same_rows(first, r) {
            return Err(IngestError::DuplicateId {
                file: ctx.file.clone(),
                column: table.columns[id_column].clone(),
                id: id.to_string(),
                first_row: first + 1,
                second_row: r + 1,
            });
        }
        ctx.warn(
            WarningKind::DuplicateRow {
                id: id.to_string(),
                first: first + 1,
            },
            Some(r + 1),
            Some(&table.columns[id_column]),
        );
        duplicates.insert(r, first);
    }
    Ok(duplicates)
}

/// Positions in `kept` of respondents who gave the same rating to every
/// touchpoint they rated, having rated at least `straight_liner_min`.
fn straight_liners(
    ctx: &mut Ctx,
    config: &Config,
    touchpoints: &[TouchpointColumn],
    kept: &[usize],
) -> Vec<usize> {
    let min = config.survey.straight_liner_min.unwrap_or(5);
    let mut flagged = Vec::new();
    for (p, &r) in kept.iter().enumerate() {
        // The touchpoints rated, and the first rating if all are equal.
        let mut count = 0;
        let mut same: Option<f64> = None;
        for v in touchpoints.iter().filter_map(|t| t.values[p]) {
            if count == 0 {
                same = Some(v);
            } else if same != Some(v) {
                same = None;
                break;
            }
            count += 1;
        }
        if let Some(score) = same.filter(|_| count >= min) {
            flagged.push(p);
            ctx.warn(
                WarningKind::StraightLiner {
                    count,
                    score: Shortest(score),
                },
                Some(r + 1),
                None,
            );
        }
    }
    flagged
}

/// Positions in `kept` of respondents faster than `speeder_fraction` of
/// the median duration.
fn speeders(
    ctx: &mut Ctx,
    config: &Config,
    column: &str,
    cells: Text,
    kept: &[usize],
) -> Vec<usize> {
    let fraction = config.survey.speeder_fraction.unwrap_or(1.0 / 3.0);
    let durations: Vec<Option<f64>> = kept
        .iter()
        .map(|&r| {
            let raw = cells.get(r).unwrap_or("");
            parse_duration(raw, ctx.decimal_comma)
        })
        .collect();
    let mut sorted: Vec<f64> = durations
        .iter()
        .flatten()
        .copied()
        .filter(|d| *d > 0.0)
        .collect();
    if sorted.is_empty() {
        ctx.warn(WarningKind::NoDurations, None, Some(column));
        return Vec::new();
    }
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    let median = if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    };
    let limit = median * fraction;
    let mut flagged = Vec::new();
    for (p, d) in durations.iter().enumerate() {
        if let Some(d) = d {
            if *d < limit {
                flagged.push(p);
                ctx.warn(
                    WarningKind::Speeder {
                        took: Shortest(*d),
                        median: Shortest(median),
                        fraction,
                    },
                    Some(kept[p] + 1),
                    Some(column),
                );
            }
        }
    }
    flagged
}

/// A duration as a number (any unit) or `[h:]mm:ss`.
fn parse_duration(raw: &str, decimal_comma: bool) -> Option<f64> {
    if raw.contains(':') {
        let parts: Vec<&str> = raw.split(':').collect();
        if parts.len() > 3 {
            return None;
        }
        let mut total = 0.0;
        for part in parts {
            total = total * 60.0 + parse_number(part, decimal_comma)?;
        }
        return Some(total);
    }
    parse_number(raw, decimal_comma)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_seconds_and_clock_times() {
        assert_eq!(parse_duration("95", false), Some(95.0));
        assert_eq!(parse_duration("1:35", false), Some(95.0));
        assert_eq!(parse_duration("1:01:35", false), Some(3695.0));
        assert_eq!(parse_duration("12,5", true), Some(12.5));
        assert_eq!(parse_duration("soon", false), None);
        assert_eq!(parse_duration("1:2:3:4", false), None);
    }
}
