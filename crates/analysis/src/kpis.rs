//! Which KPIs are modelled and how: each KPI question in config order, an
//! NPS question also as promoter or detractor vs the rest (sub-KPIs), the
//! orientation of reversed KPIs, and which KPI the report leads with.

use cximpact_ingest::{Config, KpiColumn, KpiKind, KpiModelChoice, NpsAnalysis, Survey};
use cximpact_regression::DriverData;

use crate::options::SubKpiLabels;

/// One analysis of one KPI question: the column as it is modelled.
#[derive(Debug, Clone)]
pub(crate) struct KpiToModel {
    /// The KPI column as analysed (for a sub-KPI, a 0/1 column named
    /// `<column>_promoter` or `<column>_detractor`).
    pub column: KpiColumn,
    /// Whether the model is logistic.
    pub logistic: bool,
    /// The question's own label, for exclusion reasons.
    pub question: String,
}

/// The analyses of every KPI of the survey, in config order.
///
/// Yes/no analyses (binary KPIs, promoter, detractor) are logistic unless
/// the KPI's config says `model = "linear"`. A detractor analysis is
/// reversed, like an effort score: the model explains "not a detractor" so
/// that a positive impact is good news.
pub(crate) fn kpi_analyses(
    survey: &Survey,
    config: &Config,
    labels: SubKpiLabels,
) -> Vec<KpiToModel> {
    let mut out = Vec::new();
    for kpi in &survey.kpis {
        let cfg = config.kpis.iter().find(|c| c.column == kpi.column);
        let linear = cfg.and_then(|c| c.model) == Some(KpiModelChoice::Linear);
        let analyses = cfg.map_or_else(|| vec![NpsAnalysis::Score], |c| c.analyses());
        for analysis in analyses {
            let column = match (analysis, kpi.kind) {
                (NpsAnalysis::Score, _) | (_, KpiKind::Scale | KpiKind::Binary) => kpi.clone(),
                (_, KpiKind::Nps) => sub_kpi(kpi, analysis, labels),
            };
            let logistic = column.kind == KpiKind::Binary && !linear;
            out.push(KpiToModel {
                column,
                logistic,
                question: kpi.label.clone(),
            });
        }
    }
    out
}

/// An NPS question analysed as promoter or detractor vs the rest: a 0/1
/// column, reversed for detractors.
fn sub_kpi(kpi: &KpiColumn, analysis: NpsAnalysis, labels: SubKpiLabels) -> KpiColumn {
    let which = if analysis == NpsAnalysis::Promoter {
        labels.promoter
    } else {
        labels.detractor
    };
    KpiColumn {
        column: format!("{}{}", kpi.column, analysis.suffix()),
        label: format!("{}: {which}", kpi.label),
        kind: KpiKind::Binary,
        scale: (0.0, 1.0),
        reverse: analysis == NpsAnalysis::Detractor,
        values: kpi
            .values
            .iter()
            .map(|v| v.and_then(|y| analysis.indicator(y)))
            .collect(),
    }
}

/// The KPI as the model sees it: reversed KPIs (low is good) are mirrored
/// within their scale so that a positive impact always means "better".
pub(crate) fn oriented(kpi: &KpiColumn, y: f64) -> f64 {
    if kpi.reverse {
        kpi.scale.0 + kpi.scale.1 - y
    } else {
        y
    }
}

/// The model data of `kpi` over the analysed respondents who answered it:
/// their indices, their answers as given, and the oriented KPI with every
/// touchpoint and the weights.
pub(crate) fn driver_data(
    survey: &Survey,
    analysed: &[usize],
    kpi: &KpiColumn,
) -> (Vec<usize>, Vec<f64>, DriverData) {
    let rows: Vec<usize> = analysed
        .iter()
        .copied()
        .filter(|&i| kpi.values[i].is_some())
        .collect();
    let raw: Vec<f64> = rows.iter().filter_map(|&i| kpi.values[i]).collect();
    let data = DriverData {
        kpi: raw.iter().map(|&y| oriented(kpi, y)).collect(),
        touchpoints: survey
            .touchpoints
            .iter()
            .map(|tp| rows.iter().map(|&i| tp.values[i]).collect())
            .collect(),
        weights: survey
            .weights
            .as_ref()
            .map(|w| rows.iter().map(|&i| w[i]).collect()),
    };
    (rows, raw, data)
}

/// The index of the lead KPI among the modelled KPIs' `names`: the
/// configured `[report] lead_kpi` column (an NPS question analysed several
/// ways leads with its score analysis, named after the column; without
/// one, with its first analysis), else the first KPI. A lead KPI that
/// could not be modelled (its warning says why) leaves the lead to the
/// first KPI.
pub(crate) fn lead_kpi(names: &[&str], lead: Option<&str>) -> usize {
    let Some(lead) = lead else {
        return 0;
    };
    let derived =
        [NpsAnalysis::Promoter, NpsAnalysis::Detractor].map(|a| format!("{lead}{}", a.suffix()));
    names
        .iter()
        .position(|&k| k == lead)
        .or_else(|| names.iter().position(|k| derived.iter().any(|d| d == k)))
        .unwrap_or(0)
}
