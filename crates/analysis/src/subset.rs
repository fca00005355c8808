//! A survey restricted to some of its kept rows: a customer group, or one
//! wave of a file holding several.

use cximpact_ingest::{SegmentColumn, Survey};

/// The survey of the kept rows `members` (indices into the kept rows), with
/// every column cut to them and none of the whole file's exclusions or
/// warnings (the caller reports those once).
pub(crate) fn subset(survey: &Survey, members: &[usize]) -> Survey {
    let pick_text = |column: &SegmentColumn| SegmentColumn {
        column: column.column.clone(),
        values: column.values.select(members),
    };
    let mut s = survey.clone();
    s.respondents_in = members.len();
    s.rows = members.iter().map(|&i| survey.rows[i]).collect();
    s.weights = survey
        .weights
        .as_ref()
        .map(|w| members.iter().map(|&i| w[i]).collect());
    for (tp, all) in s.touchpoints.iter_mut().zip(&survey.touchpoints) {
        tp.values = all.values.select(members);
    }
    for (kpi, all) in s.kpis.iter_mut().zip(&survey.kpis) {
        kpi.values = all.values.select(members);
    }
    s.segments = survey.segments.iter().map(pick_text).collect();
    s.wave = survey.wave.as_ref().map(pick_text);
    s.excluded.clear();
    s.warnings.clear();
    s
}
