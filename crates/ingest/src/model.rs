//! The clean survey model that ingest produces: one value per respondent and
//! column, codes already resolved, problems already recorded.

use serde::Serialize;

use crate::column::{Ids, Labels, Values};
use crate::exclusion::ExcludedRows;
use crate::warning::Warning;

/// A survey as read from its export, ready for analysis.
#[derive(Debug, Clone)]
pub struct Survey {
    /// The file as given by the caller.
    pub file: String,
    /// Data rows in the file (header rows not counted).
    pub respondents_in: usize,
    /// Respondent id of every data row, kept or not (index = row - 1): the
    /// id column's text, or the 1-based data row number when no id column
    /// is configured. [`Survey::id`] gives a kept row's.
    pub all_ids: Ids,
    /// What the file was read as, e.g. "Qualtrics export (CSV)".
    pub format: String,
    /// 1-based data row number (in the file) of every kept row.
    pub rows: Vec<usize>,
    /// Weight per kept row; `None` when the survey has no weight column.
    pub weights: Option<Vec<f64>>,
    pub weight_column: Option<String>,
    /// Touchpoints in config (journey) order.
    pub touchpoints: Vec<TouchpointColumn>,
    /// KPIs in config order.
    pub kpis: Vec<KpiColumn>,
    /// Segment variables.
    pub segments: Vec<SegmentColumn>,
    /// The wave of each kept row (`[survey] wave`), for a file holding
    /// several measurements.
    pub wave: Option<SegmentColumn>,
    /// Rows of the file not kept, by reason (e.g. an invalid weight).
    pub excluded: Vec<ExcludedRows>,
    /// Problems that did not stop reading.
    pub warnings: Vec<Warning>,
}

/// A touchpoint satisfaction column.
#[derive(Debug, Clone)]
pub struct TouchpointColumn {
    pub column: String,
    pub label: String,
    pub phase: Option<String>,
    /// `(lowest, highest)` point of the scale.
    pub scale: (f64, f64),
    /// Lowest score counted as top box (default: the two highest points).
    pub top_box_from: f64,
    /// Satisfaction per kept row; `None` = not experienced.
    pub values: Values,
    /// The organisation can act on the moment (config `controllable`,
    /// default true).
    pub controllable: bool,
    /// The consultant's note from the config, trimmed.
    pub note: Option<String>,
}

/// The kind of a KPI question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiKind {
    /// Likelihood to recommend, 0-10.
    Nps,
    /// Any rating scale.
    Scale,
    /// Yes/no; stored as 1.0 (yes) and 0.0 (no).
    Binary,
}

/// A KPI column.
#[derive(Debug, Clone)]
pub struct KpiColumn {
    pub column: String,
    pub label: String,
    pub kind: KpiKind,
    /// `(lowest, highest)`; `(0, 1)` for binary KPIs.
    pub scale: (f64, f64),
    /// Low answers are good (e.g. Customer Effort Score).
    pub reverse: bool,
    /// Answer per kept row as given (not reversed); `None` = no answer.
    pub values: Values,
}

/// A segment variable (customer type, region, wave, ...).
#[derive(Debug, Clone)]
pub struct SegmentColumn {
    pub column: String,
    /// Value per kept row; `None` where blank.
    pub values: Labels,
}

impl Survey {
    /// Respondents left after excluding rows (e.g. invalid weights).
    pub fn respondents_kept(&self) -> usize {
        self.rows.len()
    }

    /// The id of 1-based data row `row` (the row number when unknown).
    pub fn id_of_row(&self, row: usize) -> String {
        row.checked_sub(1)
            .and_then(|i| self.all_ids.get(i))
            .map_or_else(|| row.to_string(), str::to_string)
    }

    /// The id of every kept row, in order.
    pub fn kept_ids(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.rows.len()).map(|i| self.id(i).unwrap_or_default())
    }

    /// The id of kept row `i`; `None` when there is no such row.
    pub fn id(&self, i: usize) -> Option<&str> {
        let row = *self.rows.get(i)?;
        self.all_ids.get(row.checked_sub(1)?)
    }
}
