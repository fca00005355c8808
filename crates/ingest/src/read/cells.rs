//! The meaning of cells: a rating column's numbers (codes meaning "no
//! answer", text answers mapped to numbers, anchored answers such as "10 -
//! Extremely likely", the scale configured or detected), a yes/no KPI's
//! answers, segment values and respondent ids. Every cell that is not a
//! clean answer becomes a warning with its row and column.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::plan::Plan;
use super::Ctx;
use crate::column::{Ids, Labels, Values};
use crate::config::{
    check_top_box, normalise_code, Config, KpiConfig, DEFAULT_NEGATIVE, DEFAULT_POSITIVE,
};
use crate::error::IngestError;
use crate::model::{KpiColumn, KpiKind, SegmentColumn, TouchpointColumn};
use crate::source::{Cells, ColumnCells, Table};
use crate::warning::WarningKind;

/// The columns of a table as the reader sees them.
pub(super) struct ColumnText<'t> {
    cells: &'t Cells,
}

impl<'t> ColumnText<'t> {
    pub(super) fn new(cells: &'t Cells) -> ColumnText<'t> {
        ColumnText { cells }
    }

    /// The cells of column `idx`.
    pub(super) fn column(&self, idx: usize) -> Text<'t> {
        Text(self.cells.column(idx))
    }
}

/// One column's cells, borrowed from the table: trimmed, each distinct
/// text once with a code per row; no cells for a column not kept.
#[derive(Clone, Copy)]
pub(super) struct Text<'t>(Option<&'t ColumnCells>);

impl<'t> Text<'t> {
    /// The cell of 0-based data row `r`; `None` where blank.
    pub(super) fn get(self, r: usize) -> Option<&'t str> {
        self.0.and_then(|c| c.get(r))
    }

    /// The code of row `r`'s cell: 0 where blank.
    pub(super) fn code(self, r: usize) -> u32 {
        self.0.map_or(0, |c| c.code(r))
    }

    /// The code of each of `rows`.
    pub(super) fn codes_of(self, rows: &[usize]) -> Vec<u32> {
        match self.0 {
            Some(c) => c.codes_of(rows),
            None => vec![0; rows.len()],
        }
    }

    /// The number of codes: blank and each distinct text.
    pub(super) fn codes(self) -> usize {
        self.0.map_or(0, ColumnCells::distinct) + 1
    }

    /// The text of `code`; `None` for blank.
    pub(super) fn text(self, code: u32) -> Option<&'t str> {
        match (self.0, code) {
            (Some(c), 1..) => Some(c.text(code)),
            _ => None,
        }
    }

    /// Each distinct text with the number of the first `rows` rows
    /// holding it.
    pub(super) fn counted(self, rows: usize) -> Vec<(&'t str, usize)> {
        let Some(c) = self.0 else { return Vec::new() };
        let counts = c.counts(rows);
        (1..=c.distinct())
            .map(|code| (c.text(code as u32), counts[code]))
            .collect()
    }
}

/// Respondent ids of every data row (the id column's text, `row <n>` where
/// it is blank, the row number without an id column), warning about kept
/// rows with a blank id.
pub(super) fn read_ids(
    ctx: &mut Ctx,
    plan: &Plan,
    header: &[String],
    text: &ColumnText,
    n: usize,
    kept: &[usize],
) -> Ids {
    let Some(ii) = plan.id else {
        return (1..=n).map(|r| r.to_string()).collect();
    };
    let id_cells = text.column(ii);
    let mut all_ids = Ids::default();
    for r in 0..n {
        match id_cells.get(r) {
            Some(id) => all_ids.push(id),
            None => all_ids.push(&format!("row {}", r + 1)),
        }
    }
    for &r in kept {
        if id_cells.get(r).is_none() {
            ctx.warn(
                WarningKind::IdBlank { row: r + 1 },
                Some(r + 1),
                Some(&header[ii]),
            );
        }
    }
    all_ids
}

/// What reading the plan's columns for the kept rows needs: the table
/// (names, value labels), its text, and the survey's codes and values.
pub(super) struct Columns<'a, 't> {
    config: &'a Config,
    table: &'t Table,
    text: &'a ColumnText<'t>,
    /// Columns taken out of the table, let go of once read.
    owned: HashMap<usize, ColumnCells>,
    kept: &'a [usize],
    survey_codes: HashSet<String>,
    survey_values: HashMap<String, f64>,
}

impl<'a, 't> Columns<'a, 't> {
    pub(super) fn new(
        config: &'a Config,
        table: &'t Table,
        text: &'a ColumnText<'t>,
        kept: &'a [usize],
        owned: HashMap<usize, ColumnCells>,
    ) -> Columns<'a, 't> {
        Columns {
            config,
            table,
            text,
            owned,
            kept,
            survey_codes: config.not_experienced_codes(),
            survey_values: normalise_values(&config.survey.values),
        }
    }

    /// How column `idx` is read: the survey's codes and values with the
    /// column's own and its value labels.
    fn meaning(&self, idx: usize, codes: &[String], values: &BTreeMap<String, f64>) -> Meaning {
        Meaning::new(
            &self.survey_codes,
            codes,
            &self.survey_values,
            values,
            &self.table.value_labels[idx],
        )
    }

    /// The touchpoint columns: values in the scale (mirrored when the
    /// question is reversed), the scale and the top box.
    pub(super) fn touchpoints(
        &mut self,
        ctx: &mut Ctx,
        plan: &Plan,
    ) -> Result<Vec<TouchpointColumn>, IngestError> {
        let mut touchpoints = Vec::with_capacity(plan.touchpoints.len());
        for (idx, tp, label) in &plan.touchpoints {
            let name = &self.table.columns[*idx];
            let meaning = self.meaning(*idx, &tp.not_experienced, &tp.values);
            let scale = tp.scale.map(|s| (s[0], s[1]));
            let taken = self.owned.remove(idx);
            let cells = self.cells_of(*idx, taken.as_ref());
            let (mut values, scale) = read_numeric(ctx, name, cells, self.kept, &meaning, scale)?;
            if tp.reverse {
                values.map(|v| scale.0 + scale.1 - v);
            }
            let top_box_from = tp.top_box.unwrap_or(scale.1 - 1.0);
            check_top_box(&format!("touchpoint \"{name}\""), top_box_from, scale).map_err(
                |message| IngestError::Config {
                    file: self.config.origin.clone(),
                    message: format!(
                        "{message}; the scale was taken from the data, set scale to be explicit"
                    ),
                },
            )?;
            touchpoints.push(TouchpointColumn {
                column: name.clone(),
                label: label.clone(),
                phase: tp.phase.clone(),
                scale,
                top_box_from,
                values,
                controllable: tp.controllable,
                note: tp.note.as_ref().map(|n| n.trim().to_string()),
            });
        }
        Ok(touchpoints)
    }

    /// The KPI columns: yes/no answers as 1 and 0, NPS on 0-10 unless
    /// configured, other scales configured or detected.
    pub(super) fn kpis(
        &mut self,
        ctx: &mut Ctx,
        plan: &Plan,
    ) -> Result<Vec<KpiColumn>, IngestError> {
        let mut kpis = Vec::with_capacity(plan.kpis.len());
        for (idx, kpi, label) in &plan.kpis {
            let name = &self.table.columns[*idx];
            let meaning = self.meaning(*idx, &kpi.not_experienced, &kpi.values);
            let taken = self.owned.remove(idx);
            let cells = self.cells_of(*idx, taken.as_ref());
            let kept = self.kept;
            let (values, scale) = match kpi.kind {
                KpiKind::Binary => (
                    read_binary(ctx, name, cells, kept, &meaning.codes, kpi)?,
                    (0.0, 1.0),
                ),
                KpiKind::Nps => {
                    let scale = kpi.scale.map_or((0.0, 10.0), |s| (s[0], s[1]));
                    read_numeric(ctx, name, cells, kept, &meaning, Some(scale))?
                }
                KpiKind::Scale => {
                    let scale = kpi.scale.map(|s| (s[0], s[1]));
                    read_numeric(ctx, name, cells, kept, &meaning, scale)?
                }
            };
            kpis.push(KpiColumn {
                column: name.clone(),
                label: label.clone(),
                kind: kpi.kind,
                scale,
                reverse: kpi.reverse,
                values,
            });
        }
        Ok(kpis)
    }

    /// The segment columns, coded values (SPSS: 1 = "Noord") by label.
    pub(super) fn segments(&mut self, plan: &Plan) -> Vec<SegmentColumn> {
        let mut segments = Vec::with_capacity(plan.segments.len());
        for &idx in &plan.segments {
            let taken = self.owned.remove(&idx);
            let cells = self.cells_of(idx, taken.as_ref());
            let labels: HashMap<&str, &str> = self.table.value_labels[idx]
                .iter()
                .map(|(c, l)| (c.as_str(), l.as_str()))
                .collect();
            let label_of: Vec<Option<String>> = (0..cells.codes())
                .map(|code| {
                    let s = cells.text(code as u32)?;
                    Some(labels.get(s).copied().unwrap_or(s).to_string())
                })
                .collect();
            let raw = cells.codes_of(self.kept);
            segments.push(SegmentColumn {
                column: self.table.columns[idx].clone(),
                values: Labels::from_raw_codes(raw.into_iter(), &label_of),
            });
        }
        segments
    }

    /// The cells of column `idx`: `taken` out of the table, else the
    /// table's.
    fn cells_of<'s>(&'s self, idx: usize, taken: Option<&'s ColumnCells>) -> Text<'s> {
        match taken {
            Some(cells) => Text(Some(cells)),
            None => self.text.column(idx),
        }
    }
}

/// Decimal comma when numeric-looking cells with a single comma ("7,5")
/// outnumber those with a decimal point ("7.5").
#[cfg(test)]
fn detect_decimal_comma<'a>(columns: impl Iterator<Item = &'a [Option<&'a str>]>) -> bool {
    detect_decimal_comma_in(columns.flat_map(|c| c.iter().flatten().map(|&t| (t, 1))))
}

/// [`detect_decimal_comma`] over distinct cells with how often each occurs.
pub(super) fn detect_decimal_comma_in<'a>(cells: impl Iterator<Item = (&'a str, usize)>) -> bool {
    let mut comma = 0usize;
    let mut point = 0usize;
    for (cell, times) in cells {
        let t = cell.trim();
        let t = t.strip_prefix(['-', '+']).unwrap_or(t);
        let digits_around = |sep: char| -> bool {
            let mut parts = t.split(sep);
            match (parts.next(), parts.next(), parts.next()) {
                (Some(a), Some(b), None) => {
                    a.chars().all(|c| c.is_ascii_digit())
                        && !b.is_empty()
                        && b.chars().all(|c| c.is_ascii_digit())
                }
                _ => false,
            }
        };
        if digits_around(',') {
            comma += times;
        } else if digits_around('.') {
            point += times;
        }
    }
    comma > 0 && comma >= point
}

/// A number as written in an export: optional sign, digits, at most one
/// decimal mark (a comma only when the file uses decimal commas; a point is
/// always accepted). Rejects "inf", "NaN" and the like, which `f64::from_str`
/// would accept, and numbers too large for a float ("1e999").
pub(crate) fn parse_number(raw: &str, decimal_comma: bool) -> Option<f64> {
    number_text(raw, decimal_comma)?
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// Whether `raw` is written as a number that is too large for a float
/// ("1e999"), which [`parse_number`] rejects.
pub(crate) fn number_overflows(raw: &str, decimal_comma: bool) -> bool {
    number_text(raw, decimal_comma)
        .and_then(|t| t.parse::<f64>().ok())
        .is_some_and(f64::is_infinite)
}

/// The text of a number as `f64::from_str` reads it (decimal comma made a
/// point), when `raw` is written like one.
fn number_text(raw: &str, decimal_comma: bool) -> Option<std::borrow::Cow<'_, str>> {
    let t = raw.trim();
    let t = if decimal_comma && t.matches(',').count() == 1 && !t.contains('.') {
        std::borrow::Cow::Owned(t.replace(',', "."))
    } else {
        std::borrow::Cow::Borrowed(t)
    };
    let numeric = t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'));
    numeric.then_some(t)
}

/// One cell of a numeric column, before the scale is known.
enum Cell<'a> {
    NoAnswer,
    Number(f64, &'a str),
    Text(&'a str),
}

fn classify<'a>(cell: Option<&'a str>, meaning: &Meaning, decimal_comma: bool) -> Cell<'a> {
    let raw = cell.unwrap_or("").trim();
    let code = normalise_code(raw);
    if raw.is_empty() || meaning.codes.contains(&code) {
        return Cell::NoAnswer;
    }
    if let Some(&v) = meaning.values.get(&code) {
        return Cell::Number(v, raw);
    }
    match parse_number(raw, decimal_comma).or_else(|| leading_number(raw)) {
        Some(v) => Cell::Number(v, raw),
        None => Cell::Text(raw),
    }
}

/// The number that starts an anchored answer such as "10 - Extremely
/// likely" or "1 = Zeer ontevreden" (choice-text exports write these).
fn leading_number(raw: &str) -> Option<f64> {
    let end = raw
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
        .map_or(raw.len(), |(i, _)| i);
    let (number, rest) = raw.split_at(end);
    let rest = rest.trim_start();
    let anchored = ["- ", "= ", ": "]
        .iter()
        .any(|sep| rest.starts_with(sep) && rest.len() > sep.len());
    if anchored && number.chars().any(|c| c.is_ascii_digit()) {
        number.parse().ok()
    } else {
        None
    }
}

/// Values per kept row and the `(lowest, highest)` scale.
type NumericColumn = (Values, (f64, f64));

/// A touchpoint or KPI rating column: values in the scale, warnings for the
/// rest, and the scale (configured or detected). Each distinct cell is
/// read once; the rows only pick their cell's reading.
fn read_numeric(
    ctx: &mut Ctx,
    column: &str,
    cells: Text,
    kept: &[usize],
    meaning: &Meaning,
    scale: Option<(f64, f64)>,
) -> Result<NumericColumn, IngestError> {
    let classes: Vec<Cell> = (0..cells.codes())
        .map(|code| classify(cells.text(code as u32), meaning, ctx.decimal_comma))
        .collect();
    let row_codes = cells.codes_of(kept);
    let mut seen = vec![0usize; classes.len()];
    for &code in &row_codes {
        seen[code as usize] += 1;
    }
    let kept_with = |code: usize| seen[code] > 0;
    let texts: usize = (0..classes.len())
        .filter(|&c| matches!(classes[c], Cell::Text(_)))
        .map(|c| seen[c])
        .sum();
    let answered = texts
        + (0..classes.len())
            .filter(|&c| matches!(classes[c], Cell::Number(..)))
            .map(|c| seen[c])
            .sum::<usize>();
    if texts >= 5 && texts * 2 > answered {
        let first = kept
            .iter()
            .find_map(|&r| match classes[cells.code(r) as usize] {
                Cell::Text(t) => Some((r + 1, t)),
                _ => None,
            });
        let (row, value) = first.unwrap_or((0, ""));
        return Err(IngestError::TextInNumericColumn {
            file: ctx.file.clone(),
            column: column.to_string(),
            row,
            value: value.to_string(),
            bad: texts,
            total: answered,
        });
    }

    let scale = match scale {
        Some(s) => s,
        None => {
            // Distinct numbers, in order of appearance.
            let mut numbers: Vec<f64> = Vec::new();
            let mut counted = vec![false; classes.len()];
            for &code in &row_codes {
                let code = code as usize;
                if let Cell::Number(v, _) = classes[code] {
                    if !std::mem::replace(&mut counted[code], true) {
                        numbers.push(v);
                    }
                }
            }
            let (scale, kind) = detect_scale(&numbers);
            ctx.warn(kind, None, Some(column));
            scale
        }
    };

    // Per code: its value, or the warning each row holding it gets.
    let mut value_of = Vec::with_capacity(classes.len());
    let mut warning_of = Vec::with_capacity(classes.len());
    for (code, cell) in classes.iter().enumerate() {
        let (value, warning) = match *cell {
            Cell::NoAnswer => (None, None),
            Cell::Number(v, _) if v >= scale.0 && v <= scale.1 => (Some(v), None),
            Cell::Number(_, raw) => (
                None,
                Some(WarningKind::OutOfScale {
                    raw: raw.to_string(),
                    low: scale.0,
                    high: scale.1,
                }),
            ),
            Cell::Text(raw) => (
                None,
                Some(WarningKind::NotANumber {
                    raw: raw.to_string(),
                }),
            ),
        };
        value_of.push(value);
        warning_of.push(warning.filter(|_| kept_with(code)));
    }
    if warning_of.iter().any(Option::is_some) {
        for (&r, &code) in kept.iter().zip(&row_codes) {
            if let Some(kind) = &warning_of[code as usize] {
                ctx.warn(kind.clone(), Some(r + 1), Some(column));
            }
        }
    }
    Ok((
        Values::from_raw_codes(row_codes.iter().copied(), &value_of),
        scale,
    ))
}

/// The usual rating scale that contains the observed answers, and the
/// warning saying what was assumed.
fn detect_scale(numbers: &[f64]) -> ((f64, f64), WarningKind) {
    let Some(min) = numbers.iter().copied().reduce(f64::min) else {
        return ((1.0, 10.0), WarningKind::ScaleAssumedWithoutAnswers);
    };
    let max = numbers.iter().copied().fold(min, f64::max);
    let scale = if min == 0.0 && max <= 10.0 {
        (0.0, 10.0)
    } else if min >= 1.0 && max <= 5.0 {
        (1.0, 5.0)
    } else if min >= 1.0 && max <= 7.0 {
        (1.0, 7.0)
    } else if min >= 1.0 && max <= 10.0 {
        (1.0, 10.0)
    } else if max > min {
        (min, max)
    } else {
        // All answers equal and outside the usual scales: any valid range
        // containing them will do, the warning tells the analyst.
        (min, min + 1.0)
    };
    let kind = WarningKind::ScaleAssumed {
        low: scale.0,
        high: scale.1,
        lowest: min,
        highest: max,
        highest_looks_like_code: [97.0, 98.0, 99.0, 999.0, 9999.0].contains(&max),
    };
    (scale, kind)
}

/// A yes/no KPI: 1.0 for yes, 0.0 for no. Each distinct cell is read
/// once; the rows only pick their cell's reading.
fn read_binary(
    ctx: &mut Ctx,
    column: &str,
    cells: Text,
    kept: &[usize],
    codes: &HashSet<String>,
    kpi: &KpiConfig,
) -> Result<Values, IngestError> {
    let positive: HashSet<String> = match &kpi.positive {
        Some(list) => list.iter().map(|c| normalise_code(c)).collect(),
        None => DEFAULT_POSITIVE.iter().map(|c| normalise_code(c)).collect(),
    };
    let negative: HashSet<String> = DEFAULT_NEGATIVE
        .iter()
        .map(|c| c.to_string())
        .chain(kpi.negative.iter().map(|c| normalise_code(c)))
        .filter(|c| !positive.contains(c))
        .collect();
    // Per code: the answer, or `Err` for a cell that is no yes/no answer.
    let answer_of = |raw: &str| -> Result<Option<f64>, ()> {
        let code = normalise_code(raw);
        // Explicit yes/no answers are checked before the no-answer codes so
        // that a configured answer can never be swallowed by a code.
        if positive.contains(&code) {
            Ok(Some(1.0))
        } else if negative.contains(&code) {
            Ok(Some(0.0))
        } else if codes.contains(&code) {
            Ok(None)
        } else {
            // "1.0"/"0,0" from a tool that writes numbers as decimals.
            match (kpi.positive.is_none())
                .then(|| parse_number(raw, true))
                .flatten()
            {
                Some(1.0) => Ok(Some(1.0)),
                Some(0.0) => Ok(Some(0.0)),
                _ => Err(()),
            }
        }
    };
    let answers: Vec<Result<Option<f64>, ()>> = (0..cells.codes())
        .map(|code| cells.text(code as u32).map_or(Ok(None), answer_of))
        .collect();

    let row_codes = cells.codes_of(kept);
    let mut unrecognised: Vec<(usize, &str)> = Vec::new();
    let mut answered = 0usize;
    for (&r, &code) in kept.iter().zip(&row_codes) {
        match answers[code as usize] {
            Ok(Some(_)) => answered += 1,
            Ok(None) => {}
            Err(()) => {
                let raw = cells.get(r).unwrap_or("");
                unrecognised.push((r + 1, raw));
                ctx.warn(
                    WarningKind::NotYesNo {
                        raw: raw.to_string(),
                    },
                    Some(r + 1),
                    Some(column),
                );
            }
        }
    }
    let total = answered + unrecognised.len();
    if unrecognised.len() >= 5 && unrecognised.len() * 2 > total {
        let (row, value) = unrecognised[0];
        return Err(IngestError::UnrecognisedBinary {
            file: ctx.file.clone(),
            column: column.to_string(),
            row,
            value: value.to_string(),
            bad: unrecognised.len(),
            total,
        });
    }
    let value_of: Vec<Option<f64>> = answers.iter().map(|a| a.ok().flatten()).collect();
    Ok(Values::from_raw_codes(row_codes.into_iter(), &value_of))
}

/// How one rating column's cells are read: its "no answer" codes and its
/// text-to-number map.
struct Meaning {
    codes: HashSet<String>,
    values: HashMap<String, f64>,
}

impl Meaning {
    /// Survey codes plus the column's; survey values overridden by the
    /// column's. Value labels from the file add both: a code whose label is
    /// a "no answer" code (99 = "Weet niet") is one, and a label read as
    /// text means its code.
    fn new(
        survey_codes: &HashSet<String>,
        column_codes: &[String],
        survey_values: &HashMap<String, f64>,
        column_values: &BTreeMap<String, f64>,
        value_labels: &[(String, String)],
    ) -> Meaning {
        let mut codes = survey_codes.clone();
        codes.extend(column_codes.iter().map(|c| normalise_code(c)));
        let mut values = HashMap::new();
        for (code, label) in value_labels {
            let label = normalise_code(label);
            if codes.contains(&label) {
                codes.insert(normalise_code(code));
            } else if let Some(v) = parse_number(code, false) {
                values.insert(label, v);
            }
        }
        values.extend(survey_values.iter().map(|(k, v)| (k.clone(), *v)));
        values.extend(normalise_values(column_values));
        Meaning { codes, values }
    }
}

fn normalise_values(map: &BTreeMap<String, f64>) -> HashMap<String, f64> {
    map.iter().map(|(k, v)| (normalise_code(k), *v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_respect_the_decimal_mark() {
        assert_eq!(parse_number(" 7,5 ", true), Some(7.5));
        assert_eq!(parse_number("7,5", false), None);
        assert_eq!(parse_number("7.5", true), Some(7.5));
        assert_eq!(parse_number("-2", false), Some(-2.0));
        assert_eq!(parse_number("1,234.5", true), None);
        for text in ["inf", "NaN", "infinity", "", "e", "1e999", "7 / 10"] {
            assert_eq!(parse_number(text, false), None, "{text}");
        }
    }

    #[test]
    fn anchored_answers_start_with_their_number() {
        assert_eq!(leading_number("10 - Extremely likely"), Some(10.0));
        assert_eq!(leading_number("1 = Zeer ontevreden"), Some(1.0));
        assert_eq!(leading_number("0: Not at all"), Some(0.0));
        assert_eq!(leading_number("-"), None);
        assert_eq!(leading_number("10 -"), None);
        assert_eq!(leading_number("5 stars"), None);
        assert_eq!(leading_number("Very - good"), None);
    }

    #[test]
    fn decimal_comma_needs_more_commas_than_points() {
        let a = [Some("7,5"), Some("8"), None];
        let b = [Some("7.5"), Some("6.5"), Some("1,5")];
        assert!(detect_decimal_comma([&a[..]].into_iter()));
        assert!(!detect_decimal_comma([&b[..]].into_iter()));
        assert!(!detect_decimal_comma([&a[1..]].into_iter()));
    }
}
