//! "What moved": a KPI's touchpoints against the previous wave
//! (`--compare`), the ones that changed beyond chance first.

use serde::Serialize;

use crate::format::NumFmt;
use crate::i18n::{fill, Texts};
use crate::model::Analysis;
use crate::quadrant::Matrix;

#[derive(Debug, Serialize)]
pub(super) struct MovesView {
    pub(super) intro: String,
    pub(super) rows: Vec<MoveRow>,
    /// Touchpoints in one wave only.
    pub(super) only: String,
}

#[derive(Debug, Serialize)]
pub(super) struct MoveRow {
    pub(super) label: String,
    pub(super) satisfaction: String,
    pub(super) satisfaction_ci: String,
    pub(super) frequency: String,
    pub(super) frequency_ci: String,
    pub(super) impact: String,
    pub(super) impact_ci: String,
    /// "Improve → Amplify", or the one quadrant when it stayed.
    pub(super) quadrants: String,
    pub(super) verdict: &'static str,
    pub(super) changed: bool,
}

/// The "what moved" table of KPI `k`; `None` without a comparison or when
/// the previous wave lacks the KPI.
pub(super) fn moves_view(
    a: &Analysis,
    k: usize,
    m: &Matrix,
    t: &'static Texts,
    nf: NumFmt,
) -> Option<MovesView> {
    let c = a.comparison.as_ref()?;
    let kc = c.kpis.iter().find(|kc| kc.kpi == k)?;
    let ci = |c: Option<[f64; 2]>, f: &dyn Fn(f64) -> String| {
        c.map_or_else(String::new, |[lo, hi]| {
            fill(t.ci_95, &[("lo", &f(lo)), ("hi", &f(hi))])
        })
    };
    let sat = |v: f64| nf.signed(v, 2);
    let pp = |v: f64| nf.signed(100.0 * v, 0);
    let imp = |v: f64| nf.signed(v, 1);
    let mut rows: Vec<MoveRow> = kc
        .touchpoints
        .iter()
        .map(|tc| {
            let point = m.point(tc.touchpoint);
            let now = point.map(|p| t.quadrant(p.quadrant).name);
            let then = point
                .and_then(|p| p.previous)
                .map(|p| t.quadrant(p.quadrant).name);
            let quadrants = match (then, now) {
                (Some(a), Some(b)) if a != b => format!("{a} \u{2192} {b}"),
                (_, Some(b)) => b.to_string(),
                _ => String::new(),
            };
            let changed = tc.significant_change == Some(true);
            MoveRow {
                label: a.touchpoints[tc.touchpoint].label.clone(),
                satisfaction: tc.satisfaction_change.map_or_else(String::new, sat),
                satisfaction_ci: ci(tc.satisfaction_change_ci, &sat),
                frequency: pp(tc.frequency_change),
                frequency_ci: ci(tc.frequency_change_ci, &pp),
                impact: imp(tc.impact_change),
                impact_ci: ci(tc.impact_change_ci, &imp),
                quadrants,
                verdict: match tc.significant_change {
                    Some(true) => t.moved_changed,
                    Some(false) => t.moved_chance,
                    None => "",
                },
                changed,
            }
        })
        .collect();
    // Changes beyond chance first; the journey order within each group.
    rows.sort_by_key(|r| !r.changed);
    let prev = &c.previous.kpis[kc.previous_kpi];
    let level = match (kc.nps_change, &prev.nps) {
        (Some(change), Some(p)) => fill(
            t.moves_nps,
            &[
                ("then", &nf.signed(p.score, 0)),
                ("change", &nf.signed(change, 0)),
                ("ci", &ci(kc.nps_change_ci, &|v| nf.signed(v, 0))),
            ],
        ),
        _ => String::new(),
    };
    let mut only: Vec<String> = Vec::new();
    if !c.touchpoints_only_current.is_empty() {
        only.push(fill(
            t.moves_only_current,
            &[("list", &c.touchpoints_only_current.join(", "))],
        ));
    }
    if !c.touchpoints_only_previous.is_empty() {
        only.push(fill(
            t.moves_only_previous,
            &[("list", &c.touchpoints_only_previous.join(", "))],
        ));
    }
    Some(MovesView {
        intro: format!(
            "{} {}",
            fill(
                t.moves_intro,
                &[("file", &c.previous_file), ("n", &nf.int(prev.model.n))]
            ),
            level
        )
        .trim_end()
        .to_string(),
        rows,
        only: only.join(" "),
    })
}
