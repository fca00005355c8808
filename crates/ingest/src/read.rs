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
//!
//! Three steps, one module each: `plan` finds the configured columns in the
//! header, `cells` gives the cells of those columns their meaning, and
//! `quality` decides which rows are kept (empty rows, duplicates, weights,
//! speeders and straight-liners) and what is left out, with the reason.

mod cells;
mod plan;
mod quality;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

pub(crate) use cells::parse_number;
use cells::{detect_decimal_comma_in, ColumnText, Columns};
use plan::Plan;
use quality::{DataRows, Kept};

use crate::config::Config;
use crate::error::IngestError;
use crate::exclusion::ExclusionReason;
use crate::model::Survey;
use crate::source::{load_table, load_table_from_bytes, Format, LoadOptions, Select, Table};
use crate::warning::{Warning, WarningKind};

/// The column names of a survey export, trimmed, in file order.
pub fn read_header(path: &Path, config: &Config) -> Result<Vec<String>, IngestError> {
    let none = |_: &[String]| Vec::new();
    Ok(load_table(path, &config.load_options(None)?, Select::Columns(&none))?.columns)
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
    let file = path.display().to_string();
    let used = |header: &[String]| used_columns(header, config, &file);
    let table = load_table(path, &config.load_options(format)?, Select::Columns(&used))?;
    survey_from_table(table, config)
}

/// [`read_survey_as`], storing in `progress` how many bytes of the export
/// have been read so far, for a progress bar to poll (CSV exports raise it
/// as they go; other formats leave it alone).
pub fn read_survey_with_progress(
    path: &Path,
    config: &Config,
    format: Option<Format>,
    progress: Arc<AtomicU64>,
) -> Result<Survey, IngestError> {
    let file = path.display().to_string();
    let used = |header: &[String]| used_columns(header, config, &file);
    let opts = LoadOptions {
        progress: Some(progress),
        ..config.load_options(format)?
    };
    let table = load_table(path, &opts, Select::Columns(&used))?;
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
    let used = |header: &[String]| used_columns(header, config, file);
    let opts = config.load_options(format)?;
    let table = load_table_from_bytes(bytes, file, &opts, Select::Columns(&used))?;
    survey_from_table(table, config)
}

/// Per header column, whether `config` reads it: only those columns keep
/// their cells when the export is loaded. A header the config does not fit
/// keeps none; [`survey_from_table`] then reports why.
fn used_columns(header: &[String], config: &Config, file: &str) -> Vec<bool> {
    let mut used = vec![false; header.len()];
    if let Ok(plan) = Plan::resolve(header, &[], config, file) {
        for i in plan.used_columns() {
            used[i] = true;
        }
    }
    used
}

/// Applies `config` to a loaded table.
pub fn survey_from_table(mut table: Table, config: &Config) -> Result<Survey, IngestError> {
    // The cells apart from the rest, so that a column can be let go of
    // once it has been read.
    let mut cells = std::mem::take(&mut table.cells);
    let table = table;
    let header = &table.columns;
    let plan = Plan::resolve(header, &table.labels, config, &table.file)?;
    let data = DataRows::of(&table, &cells)?;
    let text = ColumnText::new(&cells);
    let decimal_comma = config.decimal_comma().unwrap_or_else(|| {
        table.separator != Some(b',')
            && detect_decimal_comma_in(
                plan.numeric_columns()
                    .flat_map(|i| text.column(i).counted(table.rows)),
            )
    });
    let mut ctx = Ctx {
        file: table.file.clone(),
        decimal_comma,
        warnings: table.warnings.clone(),
    };

    // Exact repeats of an earlier row are left out before anything else;
    // a repeated id with different answers is an error.
    let duplicate_of = match plan.id {
        Some(ii) => quality::find_duplicates(&mut ctx, &table, &cells, ii, data.n)?,
        None => HashMap::new(),
    };
    // Weight next: it decides which rows are kept at all.
    let candidates = data.rows().filter(|r| !duplicate_of.contains_key(r));
    let weight = plan.weight.map(|wi| (header[wi].as_str(), text.column(wi)));
    let weighed = quality::weigh(&mut ctx, weight, candidates)?;
    let all_ids = cells::read_ids(&mut ctx, &plan, header, &text, data.n, &weighed.kept);
    // The id and weight columns have been read (a million distinct ids
    // are most of the cells' memory); their cells go unless another role
    // reads them.
    drop(cells.take_columns(&plan.done_after_weighing()));

    // The rating and segment columns are read once each: their cells go
    // as they are read, so their values and their cells are never all held
    // at once.
    let owned = cells.take_columns(&plan.read_once());
    let text = ColumnText::new(&cells);
    let mut columns = Columns::new(config, &table, &text, &weighed.kept, owned);
    let mut kept = Kept {
        touchpoints: columns.touchpoints(&mut ctx, &plan)?,
        kpis: columns.kpis(&mut ctx, &plan)?,
        segments: columns.segments(&plan),
        rows: weighed.kept.clone(),
        weights: weighed.weights,
    };
    // Data-quality flags: always a warning, an exclusion when configured.
    let duration = plan
        .duration
        .map(|di| (header[di].as_str(), text.column(di)));
    let flagged = quality::exclude_flagged(&mut ctx, config, &mut kept, duration);

    let mut duplicates: Vec<usize> = duplicate_of.keys().map(|r| r + 1).collect();
    duplicates.sort_unstable();
    let excluded = quality::excluded(
        [
            (ExclusionReason::InvalidWeight, weighed.invalid),
            (ExclusionReason::ZeroWeight, weighed.zero),
            (ExclusionReason::EmptyRow, data.empty_rows()),
            (ExclusionReason::Duplicate, duplicates),
        ]
        .into_iter()
        .chain(flagged),
    );

    // Column-level warnings (no row) first, then by row; the sort is stable
    // so within a row the column (journey) order is kept.
    let mut warnings = ctx.warnings;
    warnings.sort_by_key(|w| w.row.unwrap_or(0));
    Ok(Survey {
        format: table.layout.describe(table.container).to_string(),
        file: table.file,
        respondents_in: data.n,
        all_ids,
        rows: kept.rows.iter().map(|r| r + 1).collect(),
        weights: plan.weight.map(|_| mean_one(kept.weights)),
        weight_column: plan.weight.map(|i| header[i].clone()),
        touchpoints: kept.touchpoints,
        kpis: kept.kpis,
        wave: plan.wave.and_then(|_| kept.segments.pop()),
        segments: kept.segments,
        excluded,
        warnings,
    })
}

/// Weights rescaled to mean 1 over the kept rows. Every estimate is the
/// same under any common factor, but tiny (1e-300) or huge weights would
/// lose precision in sums of squares; at mean 1 they do not. Weights whose
/// sum is too large for a float (1e307 each) are divided by the largest
/// first.
fn mean_one(weights: Vec<f64>) -> Vec<f64> {
    let mean = |w: &[f64]| w.iter().sum::<f64>() / w.len().max(1) as f64;
    let mut weights = weights;
    if !mean(&weights).is_finite() {
        let largest = weights.iter().copied().fold(0.0, f64::max);
        weights.iter_mut().for_each(|w| *w /= largest);
    }
    let mean = mean(&weights);
    if mean > 0.0 && mean.is_finite() {
        weights.into_iter().map(|w| w / mean).collect()
    } else {
        weights
    }
}

/// Collects warnings while reading; knows the file and decimal mark.
pub(crate) struct Ctx {
    file: String,
    decimal_comma: bool,
    warnings: Vec<Warning>,
}

impl Ctx {
    /// Records a warning at `row` and `column` of the file.
    pub(crate) fn warn(&mut self, kind: WarningKind, row: Option<usize>, column: Option<&str>) {
        self.warnings.push(Warning {
            kind,
            file: self.file.clone(),
            row,
            column: column.map(str::to_string),
        });
    }
}
