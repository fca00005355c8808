//! KPI levels per segment group (customer type, region, wave, ...): the
//! analysed respondents of each group and each modelled KPI's level among
//! them.

use cximpact_ingest::{KpiColumn, SegmentColumn, Survey};
use cximpact_regression::nps;

use crate::model::{KpiAnalysis, KpiKind, SegmentGroup, SegmentSummary};

/// Per segment variable and group: analysed respondents and each modelled
/// KPI's level (NPS for NPS questions, else the weighted mean on the
/// question's own scale; the share of "yes" for binary KPIs). Named groups
/// come first, sorted; blank answers form the last group.
pub(crate) fn segments(
    survey: &Survey,
    columns: &[KpiColumn],
    analysed: &[usize],
    kpis: &[KpiAnalysis],
) -> Vec<SegmentSummary> {
    survey
        .segments
        .iter()
        .map(|seg| {
            let groups = group_values(seg, analysed)
                .into_iter()
                .map(|value| group(survey, seg, value, columns, analysed, kpis))
                .collect();
            SegmentSummary {
                column: seg.column.clone(),
                groups,
            }
        })
        .collect()
}

/// The groups of `seg` among the analysed respondents: the named ones
/// sorted, then the blank answers (`None`) when there are any.
pub(crate) fn group_values<'a>(
    seg: &'a SegmentColumn,
    analysed: &[usize],
) -> Vec<Option<&'a String>> {
    let mut values: Vec<Option<&String>> =
        analysed.iter().map(|&i| seg.values[i].as_ref()).collect();
    values.sort();
    values.dedup();
    let blank_first = usize::from(values.first() == Some(&None));
    values.rotate_left(blank_first);
    values
}

/// One group of `seg`: the analysed respondents whose answer is `value`.
fn group(
    survey: &Survey,
    seg: &SegmentColumn,
    value: Option<&String>,
    columns: &[KpiColumn],
    analysed: &[usize],
    kpis: &[KpiAnalysis],
) -> SegmentGroup {
    let members: Vec<usize> = analysed
        .iter()
        .copied()
        .filter(|&i| seg.values[i].as_ref() == value)
        .collect();
    let kpi_values = kpis
        .iter()
        .map(|k| {
            let col = columns.iter().find(|c| c.column == k.name)?;
            kpi_level(survey, col, k.kind, &members)
        })
        .collect();
    SegmentGroup {
        value: value.cloned().unwrap_or_default(),
        n: members.len(),
        kpi_values,
    }
}

/// The KPI's level among `members`: the NPS for an NPS question, else the
/// weighted mean of the answers; `None` when none of them answered.
fn kpi_level(survey: &Survey, col: &KpiColumn, kind: KpiKind, members: &[usize]) -> Option<f64> {
    let weight_of = |i: usize| survey.weights.as_ref().map_or(1.0, |w| w[i]);
    let answered: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| col.values[i].is_some())
        .collect();
    let ys: Vec<f64> = answered.iter().filter_map(|&i| col.values[i]).collect();
    let ws: Vec<f64> = answered.iter().map(|&i| weight_of(i)).collect();
    if ys.is_empty() {
        return None;
    }
    match kind {
        KpiKind::Nps => nps(&ys, Some(&ws)).map(|s| s.score),
        _ => {
            let total: f64 = ws.iter().sum();
            Some(ys.iter().zip(&ws).map(|(y, w)| y * w).sum::<f64>() / total)
        }
    }
}
