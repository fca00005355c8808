//! The warnings the analysis itself raises (a KPI not modelled, separation
//! in a logistic model, no bootstrap), and ingest's warnings carried over
//! into the hand-off model.

use cximpact_ingest::{KpiColumn, Survey};
use cximpact_regression::{KpiModel, RegressionError};

use crate::model::Warning;

/// An ingest warning as the report receives it.
pub(crate) fn from_ingest(w: &cximpact_ingest::Warning) -> Warning {
    Warning {
        kind: w.kind.clone(),
        file: w.file.clone(),
        row: w.row,
        column: w.column.clone(),
        message: w.message.clone(),
        args: w.args.clone(),
    }
}

/// A KPI whose model could not be fitted; the others go on.
pub(crate) fn kpi_not_modelled(survey: &Survey, kpi: &KpiColumn, err: &RegressionError) -> Warning {
    Warning {
        kind: "kpi_not_modelled".into(),
        file: survey.file.clone(),
        row: None,
        column: Some(kpi.column.clone()),
        message: format!("{} was not modelled: {err}", kpi.label),
        args: Vec::new(),
    }
}

/// A data-quality warning for a logistic model whose classes the
/// touchpoints separate.
pub(crate) fn separation(survey: &Survey, kpi: &KpiColumn, model: &KpiModel) -> Warning {
    Warning {
        kind: "separation".into(),
        file: survey.file.clone(),
        row: None,
        column: Some(kpi.column.clone()),
        message: format!(
            "{}: the touchpoints separate the two answers (some groups of respondents all \
             gave the same answer), so some effects are not estimable: their odds ratios \
             are left out and their log-odds only show the direction. The pseudo-R\u{b2} \
             ({:.3}) and the importances remain valid.",
            kpi.label, model.r2
        ),
        args: Vec::new(),
    }
}

/// The bootstrap failed: the analysis stands without intervals.
pub(crate) fn bootstrap_failed(survey: &Survey, err: &RegressionError) -> Warning {
    Warning {
        kind: "bootstrap_failed".into(),
        file: survey.file.clone(),
        row: None,
        column: None,
        message: format!("no uncertainty intervals: {err}"),
        args: Vec::new(),
    }
}
