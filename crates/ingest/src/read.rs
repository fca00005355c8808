//! Applies a [`Config`] to a survey export and produces a [`Survey`].
//!
//! [`crate::source`] turns any supported file (CSV, Qualtrics, SurveyMonkey,
//! Excel, SPSS) into a [`Table`] of text cells; this module gives the cells
//! their meaning. It is strict about meaning: every cell that is not a
//! clean answer becomes a [`Warning`] with its row and column, every row
//! left out is listed in [`Survey::excluded`] with its reason, and anything
//! that suggests the config points at the wrong data is an error.
//!
//! Meaning, in order, for a rating cell: blank or a "not experienced" code
//! (survey, column, or an SPSS value whose label is such a code) means no
//! answer; a text answer found in the `values` maps (or the SPSS value
//! labels) is that number; a number is a number; "10 - Extremely likely"
//! is 10; anything else is a warning and no answer.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::config::{
    check_top_box, is_glob, normalise_code, Config, KpiConfig, TouchpointConfig, DEFAULT_NEGATIVE,
    DEFAULT_POSITIVE,
};
use crate::error::IngestError;
use crate::exclusion::{ExcludedRows, ExclusionReason};
use crate::model::{KpiColumn, KpiKind, SegmentColumn, Survey, TouchpointColumn};
use crate::source::{load_table, load_table_from_bytes, Format, Table};
use crate::warning::{Shortest, Warning, WarningKind};

/// The column names of a survey export, trimmed, in file order.
pub fn read_header(path: &Path, config: &Config) -> Result<Vec<String>, IngestError> {
    Ok(load_table(path, &config.load_options(None)?)?.columns)
}

/// Reads a survey export as described by `config`, detecting the format.
///
/// Row numbers in warnings, errors and [`Survey::rows`] are 1-based data
/// rows (header rows not counted).
pub fn read_survey(path: &Path, config: &Config) -> Result<Survey, IngestError> {
    read_survey_as(path, config, None)
}

/// [`read_survey`] with the format given (e.g. by `--format`), overriding
/// detection and the config's `format`.
pub fn read_survey_as(
    path: &Path,
    config: &Config,
    format: Option<Format>,
) -> Result<Survey, IngestError> {
    let table = load_table(path, &config.load_options(format)?)?;
    survey_from_table(table, config)
}

/// [`read_survey_as`] on an export held in memory; `file` names it (and
/// its extension helps detect the format). The fuzz target.
pub fn read_survey_from_bytes(
    bytes: &[u8],
    file: &str,
    config: &Config,
    format: Option<Format>,
) -> Result<Survey, IngestError> {
    let table = load_table_from_bytes(bytes, file, &config.load_options(format)?)?;
    survey_from_table(table, config)
}

/// Applies `config` to a loaded table.
pub fn survey_from_table(table: Table, config: &Config) -> Result<Survey, IngestError> {
    let file = table.file.clone();
    let header = &table.columns;
    let plan = Plan::resolve(header, &table.labels, config, &file)?;

    // Rows with nothing in any column are padding (trailing blank lines,
    // ";;;;" lines from Excel), not respondents. Trailing ones are dropped;
    // ones in between are excluded, so later row numbers still match the
    // file.
    let mut empty = vec![true; table.rows];
    for column in &table.cells {
        for (r, cell) in column.iter().enumerate() {
            if cell.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                empty[r] = false;
            }
        }
    }
    let n = empty.iter().rposition(|e| !e).map_or(0, |last| last + 1);
    if n == 0 {
        return Err(IngestError::NoData { file });
    }
    let empty_rows: Vec<usize> = (0..n).filter(|&r| empty[r]).map(|r| r + 1).collect();
    // Text of the used columns, borrowed from the table.
    let mut cells: HashMap<usize, Vec<Option<&str>>> = HashMap::new();
    for idx in plan.used_columns() {
        cells.insert(idx, table.column_cells(idx));
    }
    let column_cells = |idx: usize| -> &[Option<&str>] { cells.get(&idx).map_or(&[], |v| v) };

    let decimal_comma = config.decimal_comma().unwrap_or_else(|| {
        table.separator != Some(b',')
            && detect_decimal_comma(plan.numeric_columns().map(&column_cells))
    });
    let mut ctx = Ctx {
        file: file.clone(),
        decimal_comma,
        warnings: table.warnings.clone(),
    };

    // Exact repeats of an earlier row are left out before anything else;
    // a repeated id with different answers is an error (see read_ids).
    let duplicate_of = match plan.id {
        Some(ii) => find_duplicates(&mut ctx, &table, ii, n)?,
        None => HashMap::new(),
    };

    // Weight next: it decides which rows are kept at all.
    let mut kept: Vec<usize> = Vec::with_capacity(n);
    let mut weights = Vec::new();
    let mut invalid_rows = Vec::new();
    let mut zero_rows = Vec::new();
    let candidates = (0..n).filter(|r| !empty[*r] && !duplicate_of.contains_key(r));
    if let Some(wi) = plan.weight {
        let name = &header[wi];
        let weight_cells = column_cells(wi);
        for r in candidates {
            let raw = weight_cells.get(r).copied().flatten().unwrap_or("").trim();
            match parse_number(raw, decimal_comma) {
                Some(w) if w > 0.0 => {
                    kept.push(r);
                    weights.push(w);
                }
                Some(0.0) => zero_rows.push(r + 1),
                _ => {
                    invalid_rows.push(r + 1);
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
    } else {
        kept.extend(candidates);
    }

    let all_ids: Vec<String> = match plan.id {
        Some(ii) => {
            let id_cells = column_cells(ii);
            (0..n)
                .map(|r| {
                    let id = id_cells.get(r).copied().flatten().unwrap_or("").trim();
                    if id.is_empty() {
                        format!("row {}", r + 1)
                    } else {
                        id.to_string()
                    }
                })
                .collect()
        }
        None => (1..=n).map(|r| r.to_string()).collect(),
    };
    if let Some(ii) = plan.id {
        let id_cells = column_cells(ii);
        for &r in &kept {
            if id_cells
                .get(r)
                .copied()
                .flatten()
                .unwrap_or("")
                .trim()
                .is_empty()
            {
                ctx.warn(
                    WarningKind::IdBlank { row: r + 1 },
                    Some(r + 1),
                    Some(&header[ii]),
                );
            }
        }
    }

    let survey_codes = config.not_experienced_codes();
    let survey_values = normalise_values(&config.survey.values);
    let mut touchpoints = Vec::with_capacity(plan.touchpoints.len());
    for (idx, tp, label) in &plan.touchpoints {
        let name = &header[*idx];
        let meaning = Meaning::new(
            &survey_codes,
            &tp.not_experienced,
            &survey_values,
            &tp.values,
            &table.value_labels[*idx],
        );
        let scale = tp.scale.map(|s| (s[0], s[1]));
        let (mut values, scale) =
            read_numeric(&mut ctx, name, column_cells(*idx), &kept, &meaning, scale)?;
        if tp.reverse {
            for v in values.iter_mut().flatten() {
                *v = scale.0 + scale.1 - *v;
            }
        }
        let top_box_from = tp.top_box.unwrap_or(scale.1 - 1.0);
        check_top_box(&format!("touchpoint \"{name}\""), top_box_from, scale).map_err(
            |message| IngestError::Config {
                file: config.origin.clone(),
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

    let mut kpis = Vec::with_capacity(plan.kpis.len());
    for (idx, kpi, label) in &plan.kpis {
        let name = &header[*idx];
        let meaning = Meaning::new(
            &survey_codes,
            &kpi.not_experienced,
            &survey_values,
            &kpi.values,
            &table.value_labels[*idx],
        );
        let cells = column_cells(*idx);
        let (values, scale) = match kpi.kind {
            KpiKind::Binary => (
                read_binary(&mut ctx, name, cells, &kept, &meaning.codes, kpi)?,
                (0.0, 1.0),
            ),
            KpiKind::Nps => {
                let scale = kpi.scale.map_or((0.0, 10.0), |s| (s[0], s[1]));
                read_numeric(&mut ctx, name, cells, &kept, &meaning, Some(scale))?
            }
            KpiKind::Scale => {
                let scale = kpi.scale.map(|s| (s[0], s[1]));
                read_numeric(&mut ctx, name, cells, &kept, &meaning, scale)?
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

    let mut segments: Vec<SegmentColumn> = plan
        .segments
        .iter()
        .map(|&idx| {
            let cells = column_cells(idx);
            // Coded segments (SPSS: 1 = "Noord") are reported by label.
            let labels: HashMap<&str, &str> = table.value_labels[idx]
                .iter()
                .map(|(c, l)| (c.as_str(), l.as_str()))
                .collect();
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
                            .map(|s| labels.get(s).copied().unwrap_or(s).to_string())
                    })
                    .collect(),
            }
        })
        .collect();

    // Data-quality flags: always a warning, an exclusion when configured.
    let straight = straight_liners(&mut ctx, config, &touchpoints, &kept);
    let speeders = match plan.duration {
        Some(di) => speeders(&mut ctx, config, &header[di], column_cells(di), &kept),
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
    let mut keep = vec![true; kept.len()];
    let mut flag_rows: Vec<(ExclusionReason, Vec<usize>)> = Vec::new();
    for (reason, positions) in flagged {
        // A row is listed under its first reason only.
        let rows: Vec<usize> = positions
            .into_iter()
            .filter(|&p| std::mem::replace(&mut keep[p], false))
            .map(|p| kept[p] + 1)
            .collect();
        if !rows.is_empty() {
            flag_rows.push((reason, rows));
        }
    }
    if keep.iter().any(|k| !k) {
        kept = retain(&kept, &keep);
        weights = retain(&weights, &keep);
        for tp in &mut touchpoints {
            tp.values = retain(&tp.values, &keep);
        }
        for kpi in &mut kpis {
            kpi.values = retain(&kpi.values, &keep);
        }
        for seg in &mut segments {
            seg.values = retain(&seg.values, &keep);
        }
    }

    for tp in &touchpoints {
        let experienced = tp.values.iter().flatten().count();
        if experienced < config.analysis.small_base {
            ctx.warn(
                WarningKind::SmallBase {
                    n: experienced,
                    min: config.analysis.small_base,
                },
                None,
                Some(&tp.column),
            );
        }
    }

    let mut excluded = Vec::new();
    let mut exclude = |reason: ExclusionReason, rows: Vec<usize>| {
        if !rows.is_empty() {
            excluded.push(ExcludedRows { reason, rows });
        }
    };
    exclude(ExclusionReason::InvalidWeight, invalid_rows);
    exclude(ExclusionReason::ZeroWeight, zero_rows);
    exclude(ExclusionReason::EmptyRow, empty_rows);
    let mut duplicates: Vec<usize> = duplicate_of.keys().map(|r| r + 1).collect();
    duplicates.sort_unstable();
    exclude(ExclusionReason::Duplicate, duplicates);
    for (reason, rows) in flag_rows {
        exclude(reason, rows);
    }

    // Column-level warnings (no row) first, then by row; the sort is stable
    // so within a row the column (journey) order is kept.
    let mut warnings = ctx.warnings;
    warnings.sort_by_key(|w| w.row.unwrap_or(0));

    Ok(Survey {
        file,
        format: table.layout.describe(table.container).to_string(),
        respondents_in: n,
        ids: kept.iter().map(|&r| all_ids[r].clone()).collect(),
        all_ids,
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
fn find_duplicates(
    ctx: &mut Ctx,
    table: &Table,
    id_column: usize,
    n: usize,
) -> Result<HashMap<usize, usize>, IngestError> {
    let ids = &table.cells[id_column];
    let mut first_row: HashMap<&str, usize> = HashMap::new();
    let mut duplicates = HashMap::new();
    for (r, cell) in ids.iter().enumerate().take(n) {
        let id = cell.as_deref().unwrap_or("").trim();
        if id.is_empty() {
            continue;
        }
        match first_row.get(id) {
            None => {
                first_row.insert(id, r);
            }
            Some(&first) => {
                let same = table.cells.iter().all(|c| {
                    c.get(first).map(|v| v.as_deref().map(str::trim))
                        == c.get(r).map(|v| v.as_deref().map(str::trim))
                });
                if !same {
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
        }
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
        let rated: Vec<f64> = touchpoints.iter().filter_map(|t| t.values[p]).collect();
        if rated.len() >= min && rated.iter().all(|&v| v == rated[0]) {
            flagged.push(p);
            ctx.warn(
                WarningKind::StraightLiner {
                    count: rated.len(),
                    score: Shortest(rated[0]),
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
    cells: &[Option<&str>],
    kept: &[usize],
) -> Vec<usize> {
    let fraction = config.survey.speeder_fraction.unwrap_or(1.0 / 3.0);
    let durations: Vec<Option<f64>> = kept
        .iter()
        .map(|&r| {
            let raw = cells.get(r).copied().flatten().unwrap_or("").trim();
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
        column_values: &std::collections::BTreeMap<String, f64>,
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

fn normalise_values(map: &std::collections::BTreeMap<String, f64>) -> HashMap<String, f64> {
    map.iter().map(|(k, v)| (normalise_code(k), *v)).collect()
}

/// Collects warnings while reading; knows the file and decimal mark.
struct Ctx {
    file: String,
    decimal_comma: bool,
    warnings: Vec<Warning>,
}

impl Ctx {
    /// Records a warning at `row` and `column` of the file.
    fn warn(&mut self, kind: WarningKind, row: Option<usize>, column: Option<&str>) {
        self.warnings.push(Warning {
            kind,
            file: self.file.clone(),
            row,
            column: column.map(str::to_string),
        });
    }
}

/// Which header column plays which role.
struct Plan<'c> {
    id: Option<usize>,
    weight: Option<usize>,
    /// Header index, config entry, label.
    touchpoints: Vec<(usize, &'c TouchpointConfig, String)>,
    /// Header index, config entry, label.
    kpis: Vec<(usize, &'c KpiConfig, String)>,
    segments: Vec<usize>,
    duration: Option<usize>,
}

impl<'c> Plan<'c> {
    fn resolve(
        header: &[String],
        labels: &[Option<String>],
        config: &'c Config,
        file: &str,
    ) -> Result<Plan<'c>, IngestError> {
        // The configured label, else the file's (question text, variable
        // label), else the column name.
        let label_of = |idx: usize, configured: &Option<String>| {
            configured
                .clone()
                .or_else(|| labels.get(idx).cloned().flatten())
                .unwrap_or_else(|| header[idx].clone())
        };
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
        let duration = config.survey.duration.as_deref().map(find).transpose()?;
        let kpis = config
            .kpis
            .iter()
            .map(|k| {
                let idx = find(&k.column)?;
                Ok((idx, k, label_of(idx, &k.label)))
            })
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
        taken.extend(duration);
        taken.extend(kpis.iter().map(|(i, _, _)| *i));
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
                    touchpoints.push((idx, tp, label_of(idx, &tp.label)));
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
                touchpoints.push((idx, tp, label_of(idx, &tp.label)));
            }
        }
        Ok(Plan {
            id,
            weight,
            touchpoints,
            kpis,
            segments,
            duration,
        })
    }

    fn used_columns(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self
            .id
            .into_iter()
            .chain(self.weight)
            .chain(self.duration)
            .collect();
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

/// A number as written in an export: optional sign, digits, at most one
/// decimal mark (a comma only when the file uses decimal commas; a point is
/// always accepted). Rejects "inf", "NaN" and the like, which `f64::from_str`
/// would accept.
pub(crate) fn parse_number(raw: &str, decimal_comma: bool) -> Option<f64> {
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
type NumericColumn = (Vec<Option<f64>>, (f64, f64));

/// A touchpoint or KPI rating column: values in the scale, warnings for the
/// rest, and the scale (configured or detected).
fn read_numeric(
    ctx: &mut Ctx,
    column: &str,
    cells: &[Option<&str>],
    kept: &[usize],
    meaning: &Meaning,
    scale: Option<(f64, f64)>,
) -> Result<NumericColumn, IngestError> {
    let classified: Vec<(usize, Cell)> = kept
        .iter()
        .map(|&r| {
            (
                r + 1,
                classify(cells.get(r).copied().flatten(), meaning, ctx.decimal_comma),
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
            let (scale, kind) = detect_scale(&numbers);
            ctx.warn(kind, None, Some(column));
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
                    WarningKind::OutOfScale {
                        raw: raw.to_string(),
                        low: scale.0,
                        high: scale.1,
                    },
                    Some(row),
                    Some(column),
                );
                None
            }
            Cell::Text(raw) => {
                ctx.warn(
                    WarningKind::NotANumber {
                        raw: raw.to_string(),
                    },
                    Some(row),
                    Some(column),
                );
                None
            }
        });
    }
    Ok((values, scale))
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
                        WarningKind::NotYesNo {
                            raw: raw.to_string(),
                        },
                        Some(r + 1),
                        Some(column),
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
    fn durations_read_seconds_and_clock_times() {
        assert_eq!(parse_duration("95", false), Some(95.0));
        assert_eq!(parse_duration("1:35", false), Some(95.0));
        assert_eq!(parse_duration("1:01:35", false), Some(3695.0));
        assert_eq!(parse_duration("12,5", true), Some(12.5));
        assert_eq!(parse_duration("soon", false), None);
        assert_eq!(parse_duration("1:2:3:4", false), None);
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
