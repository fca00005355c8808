//! Reads a survey export (CSV) into a [`Survey`], applying a [`Config`].
//!
//! Exports come from many survey tools and from Excel in several locales, so
//! this module is deliberately forgiving about format (BOM, CRLF, `;` or `,`
//! or tab, decimal comma) and strict about meaning: every cell that is not a
//! clean answer becomes a [`Warning`] with its row and column, and anything
//! that suggests the config points at the wrong data is an error.
//!
//! polars does the CSV tokenising (quotes, embedded newlines); every column
//! is read as text so that codes like "n.v.t." and decimal commas are
//! interpreted here, where each problem can be reported precisely.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use polars::prelude::{
    CsvParseOptions, CsvReadOptions, DataFrame, DataType, Field, PlSmallStr, Schema, SerReader,
};

use crate::config::{
    check_top_box, is_glob, normalise_code, Config, KpiConfig, TouchpointConfig, DEFAULT_NEGATIVE,
    DEFAULT_POSITIVE,
};
use crate::error::IngestError;
use crate::model::{
    ExcludedRows, KpiColumn, KpiKind, SegmentColumn, Survey, TouchpointColumn, Warning,
};

/// Reason recorded in [`ExcludedRows`] for a blank, unreadable or negative weight.
pub const EXCLUDED_INVALID_WEIGHT: &str = "missing or invalid weight";
/// Reason recorded in [`ExcludedRows`] for a weight of zero.
pub const EXCLUDED_ZERO_WEIGHT: &str = "weight is zero";

/// Reason recorded in [`ExcludedRows`] for a row with no value in any column.
pub const EXCLUDED_EMPTY_ROW: &str = "empty row";

/// The column names of a survey export, trimmed, in file order.
pub fn read_header(path: &Path, config: &Config) -> Result<Vec<String>, IngestError> {
    let file = path.display().to_string();
    let text = load_text(path, &file)?;
    let separator = config
        .separator()
        .unwrap_or_else(|| detect_separator(&text));
    header_of(&text, separator, &file)
}

/// Reads a survey export as described by `config`.
///
/// Row numbers in warnings, errors and [`Survey::rows`] are 1-based data
/// rows (the header is not counted).
pub fn read_survey(path: &Path, config: &Config) -> Result<Survey, IngestError> {
    let file = path.display().to_string();
    let text = load_text(path, &file)?;
    let separator = config
        .separator()
        .unwrap_or_else(|| detect_separator(&text));
    let header = header_of(&text, separator, &file)?;
    let plan = Plan::resolve(&header, config, &file)?;

    let frame = read_frame(text, separator, header.len(), &file)?;
    // Rows with nothing in any column are padding (trailing blank lines,
    // ";;;;" lines from Excel), not respondents. Trailing ones are dropped;
    // ones in between are excluded, so later row numbers still match the
    // file.
    let mut empty = vec![true; frame.height()];
    for column in frame.columns() {
        if let Ok(strings) = column.str() {
            for (r, cell) in strings.iter().enumerate() {
                if cell.is_some_and(|t| !t.trim().is_empty()) {
                    empty[r] = false;
                }
            }
        }
    }
    let n = empty.iter().rposition(|e| !e).map_or(0, |last| last + 1);
    if n == 0 {
        return Err(IngestError::NoData { file });
    }
    let empty_rows: Vec<usize> = (0..n).filter(|&r| empty[r]).map(|r| r + 1).collect();
    // Text of every column, borrowed from the frame; only used columns are
    // materialised.
    let mut cells: HashMap<usize, Vec<Option<&str>>> = HashMap::new();
    for idx in plan.used_columns() {
        let column = frame.columns().get(idx).ok_or_else(|| IngestError::Csv {
            file: file.clone(),
            message: format!("column {} is missing from the parsed data", idx + 1),
        })?;
        let strings = column.str().map_err(|e| IngestError::Csv {
            file: file.clone(),
            message: e.to_string(),
        })?;
        cells.insert(idx, strings.iter().collect());
    }
    let column_cells = |idx: usize| -> &[Option<&str>] { cells.get(&idx).map_or(&[], |v| v) };

    let decimal_comma = config.decimal_comma().unwrap_or_else(|| {
        separator != b',' && detect_decimal_comma(plan.numeric_columns().map(&column_cells))
    });
    let mut ctx = Ctx {
        file: file.clone(),
        decimal_comma,
        warnings: Vec::new(),
    };

    // Weight first: it decides which rows are kept at all.
    let mut kept: Vec<usize> = Vec::with_capacity(n);
    let mut weights = Vec::new();
    let mut invalid_rows = Vec::new();
    let mut zero_rows = Vec::new();
    if let Some(wi) = plan.weight {
        let name = &header[wi];
        for (r, cell) in column_cells(wi).iter().enumerate().take(n) {
            if empty[r] {
                continue;
            }
            let raw = cell.unwrap_or("").trim();
            match parse_number(raw, decimal_comma) {
                Some(w) if w > 0.0 => {
                    kept.push(r);
                    weights.push(w);
                }
                Some(0.0) => zero_rows.push(r + 1),
                _ => {
                    invalid_rows.push(r + 1);
                    let what = if raw.is_empty() {
                        "weight is missing".to_string()
                    } else {
                        format!("weight \"{raw}\" is not a valid weight (a number of zero or more)")
                    };
                    ctx.warn(
                        "invalid_weight",
                        Some(r + 1),
                        Some(name),
                        format!("{what}; respondent left out"),
                    );
                }
            }
        }
    } else {
        kept.extend((0..n).filter(|&r| !empty[r]));
    }

    let ids = match plan.id {
        Some(ii) => read_ids(&mut ctx, &header[ii], column_cells(ii), &kept)?,
        None => kept.iter().map(|r| (r + 1).to_string()).collect(),
    };

    let survey_codes = config.not_experienced_codes();
    let mut touchpoints = Vec::with_capacity(plan.touchpoints.len());
    for (idx, tp, label) in &plan.touchpoints {
        let name = &header[*idx];
        let codes = with_extra_codes(&survey_codes, &tp.not_experienced);
        let scale = tp.scale.map(|s| (s[0], s[1]));
        let (values, scale) =
            read_numeric(&mut ctx, name, column_cells(*idx), &kept, &codes, scale)?;
        let top_box_from = tp.top_box.unwrap_or(scale.1 - 1.0);
        check_top_box(&format!("touchpoint \"{name}\""), top_box_from, scale).map_err(
            |message| IngestError::Config {
                file: config.origin.clone(),
                message: format!(
                    "{message}; the scale was taken from the data, set scale to be explicit"
                ),
            },
        )?;
        let experienced = values.iter().flatten().count();
        if experienced < config.analysis.small_base {
            ctx.warn(
                "small_base",
                None,
                Some(name),
                format!(
                    "only {experienced} respondents experienced this touchpoint (fewer than {}); read its results with care",
                    config.analysis.small_base
                ),
            );
        }
        touchpoints.push(TouchpointColumn {
            column: name.clone(),
            label: label.clone(),
            phase: tp.phase.clone(),
            scale,
            top_box_from,
            values,
        });
    }

    let mut kpis = Vec::with_capacity(plan.kpis.len());
    for (idx, kpi) in &plan.kpis {
        let name = &header[*idx];
        let codes = with_extra_codes(&survey_codes, &kpi.not_experienced);
        let cells = column_cells(*idx);
        let (values, scale) = match kpi.kind {
            KpiKind::Binary => (
                read_binary(&mut ctx, name, cells, &kept, &codes, kpi)?,
                (0.0, 1.0),
            ),
            KpiKind::Nps => {
                let scale = kpi.scale.map_or((0.0, 10.0), |s| (s[0], s[1]));
                read_numeric(&mut ctx, name, cells, &kept, &codes, Some(scale))?
            }
            KpiKind::Scale => {
                let scale = kpi.scale.map(|s| (s[0], s[1]));
                read_numeric(&mut ctx, name, cells, &kept, &codes, scale)?
            }
        };
        kpis.push(KpiColumn {
            column: name.clone(),
            label: kpi.label.clone().unwrap_or_else(|| name.clone()),
            kind: kpi.kind,
            scale,
            reverse: kpi.reverse,
            values,
        });
    }

    let segments = plan
        .segments
        .iter()
        .map(|&idx| {
            let cells = column_cells(idx);
            SegmentColumn {
                column: header[idx].clone(),
                values: kept
                    .iter()
                    .map(|&r| {
                        cells
                            .get(r)
                            .copied()
                            .flatten()
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                    })
                    .collect(),
            }
        })
        .collect();

    let mut excluded = Vec::new();
    if !invalid_rows.is_empty() {
        excluded.push(ExcludedRows {
            reason: EXCLUDED_INVALID_WEIGHT.to_string(),
            rows: invalid_rows,
        });
    }
    if !zero_rows.is_empty() {
        excluded.push(ExcludedRows {
            reason: EXCLUDED_ZERO_WEIGHT.to_string(),
            rows: zero_rows,
        });
    }
    if !empty_rows.is_empty() {
        excluded.push(ExcludedRows {
            reason: EXCLUDED_EMPTY_ROW.to_string(),
            rows: empty_rows,
        });
    }

    // Column-level warnings (no row) first, then by row; the sort is stable
    // so within a row the column (journey) order is kept.
    let mut warnings = ctx.warnings;
    warnings.sort_by_key(|w| w.row.unwrap_or(0));

    Ok(Survey {
        file,
        respondents_in: n,
        ids,
        rows: kept.iter().map(|r| r + 1).collect(),
        weights: plan.weight.map(|_| weights),
        weight_column: plan.weight.map(|i| header[i].clone()),
        touchpoints,
        kpis,
        segments,
        excluded,
        warnings,
    })
}

/// Collects warnings while reading; knows the file and decimal mark.
struct Ctx {
    file: String,
    decimal_comma: bool,
    warnings: Vec<Warning>,
}

impl Ctx {
    fn warn(&mut self, kind: &str, row: Option<usize>, column: Option<&str>, message: String) {
        self.warnings.push(Warning {
            kind: kind.to_string(),
            file: self.file.clone(),
            row,
            column: column.map(str::to_string),
            message,
        });
    }
}

/// Which header column plays which role.
struct Plan<'c> {
    id: Option<usize>,
    weight: Option<usize>,
    /// Header index, config entry, label.
    touchpoints: Vec<(usize, &'c TouchpointConfig, String)>,
    kpis: Vec<(usize, &'c KpiConfig)>,
    segments: Vec<usize>,
}

impl<'c> Plan<'c> {
    fn resolve(header: &[String], config: &'c Config, file: &str) -> Result<Plan<'c>, IngestError> {
        let missing = |name: &str| IngestError::MissingColumn {
            file: file.to_string(),
            column: name.to_string(),
            suggestions: suggest(name, header),
        };
        let find = |name: &str| -> Result<usize, IngestError> {
            let name = name.trim();
            header
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| missing(name))
        };
        let id = config.survey.id.as_deref().map(find).transpose()?;
        let weight = config.survey.weight.as_deref().map(find).transpose()?;
        let kpis = config
            .kpis
            .iter()
            .map(|k| Ok((find(&k.column)?, k)))
            .collect::<Result<Vec<_>, IngestError>>()?;
        let segments = config
            .segments
            .columns
            .iter()
            .map(|s| find(s))
            .collect::<Result<Vec<_>, IngestError>>()?;

        // A glob never picks up a column that has another role or that is
        // named explicitly as a touchpoint elsewhere: "tp_*" next to an
        // explicit "tp_app" with its own label must not list tp_app twice.
        let mut taken: HashSet<usize> = HashSet::new();
        taken.extend(id);
        taken.extend(weight);
        taken.extend(kpis.iter().map(|(i, _)| *i));
        taken.extend(segments.iter().copied());
        let explicit: HashSet<usize> = config
            .touchpoints
            .iter()
            .filter_map(|tp| header.iter().position(|h| h == tp.column.trim()))
            .collect();

        let mut touchpoints: Vec<(usize, &TouchpointConfig, String)> = Vec::new();
        let mut used: HashSet<usize> = HashSet::new();
        for tp in &config.touchpoints {
            let name = tp.column.trim();
            // An exact header name wins over glob syntax: names such as
            // "Q1[a]" are real columns in some exports.
            if let Some(idx) = header.iter().position(|h| h == name) {
                if used.insert(idx) {
                    let label = tp.label.clone().unwrap_or_else(|| header[idx].clone());
                    touchpoints.push((idx, tp, label));
                }
                continue;
            }
            if !is_glob(name) {
                return Err(missing(name));
            }
            let pattern = glob::Pattern::new(name).map_err(|e| IngestError::Config {
                file: config.origin.clone(),
                message: format!("touchpoint \"{name}\": invalid pattern: {e}"),
            })?;
            let matching: Vec<usize> = (0..header.len())
                .filter(|&i| pattern.matches(&header[i]))
                .collect();
            if matching.is_empty() {
                return Err(IngestError::NoGlobMatch {
                    file: file.to_string(),
                    pattern: name.to_string(),
                });
            }
            let new: Vec<usize> = matching
                .into_iter()
                .filter(|i| !taken.contains(i) && !explicit.contains(i) && !used.contains(i))
                .collect();
            if new.len() > 1 && tp.label.is_some() {
                return Err(IngestError::Config {
                    file: config.origin.clone(),
                    message: format!(
                        "touchpoint \"{name}\" matches {} columns but has one label; give each column its own [[touchpoint]] or remove label",
                        new.len()
                    ),
                });
            }
            for idx in new {
                used.insert(idx);
                let label = tp.label.clone().unwrap_or_else(|| header[idx].clone());
                touchpoints.push((idx, tp, label));
            }
        }
        Ok(Plan {
            id,
            weight,
            touchpoints,
            kpis,
            segments,
        })
    }

    fn used_columns(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self.id.into_iter().chain(self.weight).collect();
        all.extend(self.touchpoints.iter().map(|t| t.0));
        all.extend(self.kpis.iter().map(|k| k.0));
        all.extend(self.segments.iter().copied());
        all
    }

    /// Columns whose cells are numbers, for decimal mark detection.
    fn numeric_columns(&self) -> impl Iterator<Item = usize> + '_ {
        self.weight
            .into_iter()
            .chain(self.touchpoints.iter().map(|t| t.0))
            .chain(
                self.kpis
                    .iter()
                    .filter(|k| k.1.kind != KpiKind::Binary)
                    .map(|k| k.0),
            )
    }
}

/// Reads the file as UTF-8 without BOM and with `\n` line ends.
fn load_text(path: &Path, file: &str) -> Result<String, IngestError> {
    let bytes = std::fs::read(path).map_err(|source| IngestError::Io {
        file: file.to_string(),
        source,
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| IngestError::NotUtf8 {
        file: file.to_string(),
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
    })?;
    // Normalising CRLF here keeps stray '\r's out of every cell, also of
    // quoted last fields.
    Ok(text.replace("\r\n", "\n"))
}

/// The header record, split quote-aware; the column names trimmed.
fn header_of(text: &str, separator: u8, file: &str) -> Result<Vec<String>, IngestError> {
    if text.trim().is_empty() {
        return Err(IngestError::EmptyFile {
            file: file.to_string(),
        });
    }
    let separator = char::from(separator);
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    current.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                current.push(c);
            }
        } else if c == '"' {
            in_quotes = true;
        } else if c == separator {
            fields.push(std::mem::take(&mut current));
        } else if c == '\n' {
            break;
        } else {
            current.push(c);
        }
    }
    fields.push(current);
    let header: Vec<String> = fields.iter().map(|f| f.trim().to_string()).collect();

    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        // Blank names (e.g. a trailing separator) cannot be configured, so
        // repeating them is harmless.
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
    Ok(header)
}

/// The most frequent of `;`, tab and `,` in the header line (outside
/// quotes); `,` when there is none (a single-column file).
fn detect_separator(text: &str) -> u8 {
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

/// Decimal comma when numeric-looking cells with a single comma ("7,5")
/// outnumber those with a decimal point ("7.5").
fn detect_decimal_comma<'a>(columns: impl Iterator<Item = &'a [Option<&'a str>]>) -> bool {
    let mut comma = 0usize;
    let mut point = 0usize;
    for column in columns {
        for cell in column.iter().flatten() {
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
                comma += 1;
            } else if digits_around('.') {
                point += 1;
            }
        }
    }
    comma > 0 && comma >= point
}

/// Every column as text via polars. Column names come from a generated
/// schema because the real header was already checked (duplicates, blanks)
/// and columns are addressed by position.
fn read_frame(
    text: String,
    separator: u8,
    width: usize,
    file: &str,
) -> Result<DataFrame, IngestError> {
    let schema: Schema = (0..width)
        .map(|i| Field::new(PlSmallStr::from(format!("c{i}")), DataType::String))
        .collect();
    let frame = CsvReadOptions::default()
        .with_has_header(true)
        .with_schema(Some(Arc::new(schema)))
        .with_raise_if_empty(false)
        .with_parse_options(
            CsvParseOptions::default()
                .with_separator(separator)
                .with_quote_char(Some(b'"'))
                .with_missing_is_null(true),
        )
        .into_reader_with_file_handle(Cursor::new(text.into_bytes()))
        .finish()
        .map_err(|e| IngestError::Csv {
            file: file.to_string(),
            message: e.to_string(),
        })?;
    Ok(frame)
}

/// A number as written in an export: optional sign, digits, at most one
/// decimal mark (a comma only when the file uses decimal commas; a point is
/// always accepted). Rejects "inf", "NaN" and the like, which `f64::from_str`
/// would accept.
fn parse_number(raw: &str, decimal_comma: bool) -> Option<f64> {
    let t = raw.trim();
    let owned;
    let t = if decimal_comma && t.matches(',').count() == 1 && !t.contains('.') {
        owned = t.replace(',', ".");
        owned.as_str()
    } else {
        t
    };
    if !t.chars().any(|c| c.is_ascii_digit())
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'))
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn with_extra_codes(base: &HashSet<String>, extra: &[String]) -> HashSet<String> {
    let mut codes = base.clone();
    codes.extend(extra.iter().map(|c| normalise_code(c)));
    codes
}

/// One cell of a numeric column, before the scale is known.
enum Cell<'a> {
    NoAnswer,
    Number(f64, &'a str),
    Text(&'a str),
}

fn classify<'a>(cell: Option<&'a str>, codes: &HashSet<String>, decimal_comma: bool) -> Cell<'a> {
    let raw = cell.unwrap_or("").trim();
    if raw.is_empty() || codes.contains(&raw.to_lowercase()) {
        return Cell::NoAnswer;
    }
    match parse_number(raw, decimal_comma) {
        Some(v) => Cell::Number(v, raw),
        None => Cell::Text(raw),
    }
}

/// Values per kept row and the `(lowest, highest)` scale.
type NumericColumn = (Vec<Option<f64>>, (f64, f64));

/// A touchpoint or KPI rating column: values in the scale, warnings for the
/// rest, and the scale (configured or detected).
fn read_numeric(
    ctx: &mut Ctx,
    column: &str,
    cells: &[Option<&str>],
    kept: &[usize],
    codes: &HashSet<String>,
    scale: Option<(f64, f64)>,
) -> Result<NumericColumn, IngestError> {
    let classified: Vec<(usize, Cell)> = kept
        .iter()
        .map(|&r| {
            (
                r + 1,
                classify(cells.get(r).copied().flatten(), codes, ctx.decimal_comma),
            )
        })
        .collect();

    let texts: Vec<(usize, &str)> = classified
        .iter()
        .filter_map(|(row, c)| match c {
            Cell::Text(t) => Some((*row, *t)),
            _ => None,
        })
        .collect();
    let numbers: Vec<f64> = classified
        .iter()
        .filter_map(|(_, c)| match c {
            Cell::Number(v, _) => Some(*v),
            _ => None,
        })
        .collect();
    let answered = texts.len() + numbers.len();
    if texts.len() >= 5 && texts.len() * 2 > answered {
        let (row, value) = texts[0];
        return Err(IngestError::TextInNumericColumn {
            file: ctx.file.clone(),
            column: column.to_string(),
            row,
            value: value.to_string(),
            bad: texts.len(),
            total: answered,
        });
    }

    let scale = match scale {
        Some(s) => s,
        None => {
            let (scale, message) = detect_scale(&numbers);
            ctx.warn("scale_assumed", None, Some(column), message);
            scale
        }
    };

    let mut values = Vec::with_capacity(classified.len());
    for (row, cell) in classified {
        values.push(match cell {
            Cell::NoAnswer => None,
            Cell::Number(v, _) if v >= scale.0 && v <= scale.1 => Some(v),
            Cell::Number(_, raw) => {
                ctx.warn(
                    "out_of_scale",
                    Some(row),
                    Some(column),
                    format!(
                        "value \"{raw}\" is outside the scale {}-{}; treated as no answer",
                        scale.0, scale.1
                    ),
                );
                None
            }
            Cell::Text(raw) => {
                ctx.warn(
                    "unrecognised_value",
                    Some(row),
                    Some(column),
                    format!("value \"{raw}\" is not a number; treated as no answer"),
                );
                None
            }
        });
    }
    Ok((values, scale))
}

/// The usual rating scale that contains the observed answers, and a
/// message saying what was assumed.
fn detect_scale(numbers: &[f64]) -> ((f64, f64), String) {
    let Some(min) = numbers.iter().copied().reduce(f64::min) else {
        return (
            (1.0, 10.0),
            "no scale configured and no numeric answers; assumed 1-10".to_string(),
        );
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
    let mut message = format!(
        "no scale configured; assumed {}-{} from the answers (lowest {min}, highest {max}); set scale to be sure",
        scale.0, scale.1
    );
    if [97.0, 98.0, 99.0, 999.0, 9999.0].contains(&max) {
        message.push_str(&format!(
            "; if {max} means \"did not experience\", add it to not_experienced"
        ));
    }
    (scale, message)
}

/// A yes/no KPI: 1.0 for yes, 0.0 for no.
fn read_binary(
    ctx: &mut Ctx,
    column: &str,
    cells: &[Option<&str>],
    kept: &[usize],
    codes: &HashSet<String>,
    kpi: &KpiConfig,
) -> Result<Vec<Option<f64>>, IngestError> {
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

    let mut values = Vec::with_capacity(kept.len());
    let mut unrecognised: Vec<(usize, &str)> = Vec::new();
    let mut answered = 0usize;
    for &r in kept {
        let raw = cells.get(r).copied().flatten().unwrap_or("").trim();
        let code = normalise_code(raw);
        // Explicit yes/no answers are checked before the no-answer codes so
        // that a configured answer can never be swallowed by a code.
        let value = if raw.is_empty() {
            None
        } else if positive.contains(&code) {
            Some(1.0)
        } else if negative.contains(&code) {
            Some(0.0)
        } else if codes.contains(&code) {
            None
        } else {
            // "1.0"/"0,0" from a tool that writes numbers as decimals.
            match (kpi.positive.is_none())
                .then(|| parse_number(raw, true))
                .flatten()
            {
                Some(1.0) => Some(1.0),
                Some(0.0) => Some(0.0),
                _ => {
                    unrecognised.push((r + 1, raw));
                    ctx.warn(
                        "unrecognised_value",
                        Some(r + 1),
                        Some(column),
                        format!("answer \"{raw}\" is not a recognised yes/no answer; treated as no answer"),
                    );
                    None
                }
            }
        };
        if value.is_some() {
            answered += 1;
        }
        values.push(value);
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
    Ok(values)
}

/// Respondent ids of the kept rows; duplicates anywhere in the file are an
/// error, blanks become "row N".
fn read_ids(
    ctx: &mut Ctx,
    column: &str,
    cells: &[Option<&str>],
    kept: &[usize],
) -> Result<Vec<String>, IngestError> {
    let mut first_row: HashMap<&str, usize> = HashMap::new();
    for (r, cell) in cells.iter().enumerate() {
        let id = cell.unwrap_or("").trim();
        if id.is_empty() {
            continue;
        }
        if let Some(first) = first_row.insert(id, r + 1) {
            return Err(IngestError::DuplicateId {
                file: ctx.file.clone(),
                column: column.to_string(),
                id: id.to_string(),
                first_row: first,
                second_row: r + 1,
            });
        }
    }
    let mut ids = Vec::with_capacity(kept.len());
    for &r in kept {
        let id = cells.get(r).copied().flatten().unwrap_or("").trim();
        if id.is_empty() {
            ctx.warn(
                "missing_id",
                Some(r + 1),
                Some(column),
                format!("respondent id is blank; using \"row {}\"", r + 1),
            );
            ids.push(format!("row {}", r + 1));
        } else {
            ids.push(id.to_string());
        }
    }
    Ok(ids)
}

/// Header names close to `name` (case-insensitive edit distance), best
/// first, at most three.
fn suggest(name: &str, header: &[String]) -> Vec<String> {
    let target = name.to_lowercase();
    let limit = (target.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &String)> = header
        .iter()
        .filter(|h| !h.is_empty())
        .map(|h| (edit_distance(&target, &h.to_lowercase()), h))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort_by_key(|(d, _)| *d);
    scored.into_iter().take(3).map(|(_, h)| h.clone()).collect()
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
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
    fn decimal_comma_needs_more_commas_than_points() {
        let a = [Some("7,5"), Some("8"), None];
        let b = [Some("7.5"), Some("6.5"), Some("1,5")];
        assert!(detect_decimal_comma([&a[..]].into_iter()));
        assert!(!detect_decimal_comma([&b[..]].into_iter()));
        assert!(!detect_decimal_comma([&a[1..]].into_iter()));
    }

    #[test]
    fn suggestions_use_edit_distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        let header = [
            "tp_app".to_string(),
            "tp_web".to_string(),
            "nps".to_string(),
        ];
        assert_eq!(suggest("tp_ap", &header), ["tp_app"]);
        assert_eq!(suggest("TP_WEB", &header), ["tp_web"]);
        assert!(suggest("completely_different", &header).is_empty());
    }
}
