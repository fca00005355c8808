//! The warnings the analysis itself raises (a small base, a KPI not
//! modelled, separation in a logistic model, no bootstrap), and ingest's
//! warnings carried over into the hand-off model.

use cximpact_ingest::{KpiColumn, Survey};
use cximpact_regression::{KpiModel, RegressionError};

use crate::model::{Warning, WarningKind};

/// An ingest warning as the report receives it.
pub(crate) fn from_ingest(w: &cximpact_ingest::Warning) -> Warning {
    w.clone().map_kind(WarningKind::Read)
}

/// Touchpoints fewer than `min` kept respondents experienced, one warning
/// each, inserted after the survey's warnings about whole columns and
/// files and before those about rows (where they have always been listed).
pub(crate) fn insert_small_bases(warnings: &mut Vec<Warning>, survey: &Survey, min: usize) {
    let small: Vec<Warning> = survey
        .touchpoints
        .iter()
        .filter_map(|tp| {
            let n = tp.values.iter().flatten().count();
            (n < min).then(|| about(survey, Some(&tp.column), WarningKind::SmallBase { n, min }))
        })
        .collect();
    let at = warnings
        .iter()
        .position(|w| w.row.is_some())
        .unwrap_or(warnings.len());
    warnings.splice(at..at, small);
}

/// A warning about the whole survey, or one of its columns.
fn about(survey: &Survey, column: Option<&str>, kind: WarningKind) -> Warning {
    Warning {
        kind,
        file: survey.file.clone(),
        row: None,
        column: column.map(str::to_string),
    }
}

/// A KPI whose model could not be fitted; the others go on.
pub(crate) fn kpi_not_modelled(survey: &Survey, kpi: &KpiColumn, err: &RegressionError) -> Warning {
    let kind = WarningKind::KpiNotModelled {
        kpi: kpi.label.clone(),
        error: err.clone(),
    };
    about(survey, Some(&kpi.column), kind)
}

/// A data-quality warning for a logistic model whose classes the
/// touchpoints separate.
pub(crate) fn separation(survey: &Survey, kpi: &KpiColumn, model: &KpiModel) -> Warning {
    let kind = WarningKind::Separation {
        kpi: kpi.label.clone(),
        pseudo_r2: model.r2,
    };
    about(survey, Some(&kpi.column), kind)
}

/// The bootstrap failed: the analysis stands without intervals.
pub(crate) fn bootstrap_failed(survey: &Survey, err: &RegressionError) -> Warning {
    let kind = WarningKind::BootstrapFailed { error: err.clone() };
    about(survey, None, kind)
}
