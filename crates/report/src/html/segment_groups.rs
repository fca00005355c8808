//! A KPI's customer groups: small multiples of the groups' matrices on
//! shared axes, the touchpoints that act differently in a group, and the
//! groups without a matrix of their own.

use serde::Serialize;

use super::kpi::inline_svg;
use crate::format::NumFmt;
use crate::groups::{group_matrices, skip_text};
use crate::i18n::{fill, warning_message, Texts};
use crate::model::{Analysis, SegmentSkip, WarningKind};
use crate::quadrant::Matrix;
use crate::{ReportError, ReportSettings};

#[derive(Debug, Serialize)]
pub(super) struct GroupsView {
    pub(super) intro: String,
    pub(super) multiples: Vec<MultipleView>,
    pub(super) differs: Vec<DiffersRow>,
    pub(super) differs_none: String,
    pub(super) skipped: String,
}

#[derive(Debug, Serialize)]
pub(super) struct MultipleView {
    pub(super) title: String,
    pub(super) svg: String,
}

#[derive(Debug, Serialize)]
pub(super) struct DiffersRow {
    pub(super) group: String,
    pub(super) touchpoint: String,
    pub(super) impact_group: String,
    pub(super) impact_whole: String,
    pub(super) quality_group: String,
    pub(super) p: String,
}

/// The customer-groups part of KPI `k`'s section; `None` without segments.
pub(super) fn groups_view(
    a: &Analysis,
    k: usize,
    whole: &Matrix,
    settings: &ReportSettings,
    t: &'static Texts,
    nf: NumFmt,
) -> Result<Option<GroupsView>, ReportError> {
    if a.segment_models.is_empty() {
        return Ok(None);
    }
    let views = group_matrices(a, k, &settings.crosshair);
    let name = |g: &crate::model::SegmentAnalysis| format!("{}: {}", g.column_label, g.label);
    let mut multiples = Vec::new();
    let mut differs = Vec::new();
    let mut skipped = Vec::new();
    let min = a.segment_models[0].min_size;
    for v in &views {
        let g = v.group;
        match &v.kpi {
            Some((_, gk, m)) => multiples.push(MultipleView {
                title: fill(
                    t.group_title,
                    &[
                        ("column", &g.column_label),
                        ("value", &g.label),
                        ("n", &nf.int(gk.model.n)),
                    ],
                ),
                svg: inline_svg(m, gk, settings.lang)?,
            }),
            None => {
                let label = if g.label.is_empty() {
                    t.segment_blank.to_string()
                } else {
                    name(g)
                };
                let why = match (&g.skipped, &g.analysis) {
                    // In a KPI's section, only that KPI's reason.
                    (Some(skip), _) => kpi_reason(skip, &a.kpis[k].label, nf)
                        .unwrap_or_else(|| skip_text(skip, t, nf)),
                    (None, Some(own)) => not_modelled(own, &a.kpis[k].name, nf),
                    (None, None) => String::new(),
                };
                skipped.push(format!("{label} ({why})"));
            }
        }
        for j in 0..a.touchpoints.len() {
            if v.differs(j) != Some(true) {
                continue;
            }
            let test = v.test(j);
            let group_point = v.kpi.as_ref().and_then(|(_, _, m)| m.point(j));
            let quality = v
                .kpi
                .as_ref()
                .and_then(|(_, gk, _)| gk.model.touchpoints.get(j))
                .and_then(|e| e.quality_effect);
            differs.push(DiffersRow {
                group: name(g),
                touchpoint: a.touchpoints[j].label.clone(),
                impact_group: group_point.map_or_else(String::new, |p| nf.signed(p.y, 1)),
                impact_whole: whole
                    .point(j)
                    .map_or_else(String::new, |p| nf.signed(p.y, 1)),
                quality_group: quality.map_or_else(String::new, |q| nf.signed(q, 2)),
                p: test.map_or_else(String::new, |t| format_p(t.p_adjusted, nf)),
            });
        }
    }
    Ok(Some(GroupsView {
        intro: fill(
            t.groups_intro,
            &[("kpi", &a.kpis[k].label), ("min", &nf.int(min))],
        ),
        multiples,
        differs_none: if differs.is_empty() {
            t.differs_none.to_string()
        } else {
            String::new()
        },
        differs,
        skipped: if skipped.is_empty() {
            String::new()
        } else {
            fill(t.groups_skipped, &[("list", &skipped.join("; "))])
        },
    }))
}

/// A p-value as a reader takes it: "< 0.001" below a thousandth.
fn format_p(p: f64, nf: NumFmt) -> String {
    if p < 0.001 {
        format!("< {}", nf.dec(0.001, 3))
    } else {
        nf.dec(p, 3)
    }
}

/// When no KPI could be modelled in a group: the reason of the KPI
/// labelled `label`.
fn kpi_reason(skip: &SegmentSkip, label: &str, nf: NumFmt) -> Option<String> {
    let SegmentSkip::NoKpiModelled(reasons) = skip else {
        return None;
    };
    reasons
        .iter()
        .find(|r| matches!(r, WarningKind::KpiNotModelled { kpi, .. } if kpi == label))
        .map(|r| warning_message(nf.lang, r))
}

/// Why the KPI named `kpi` has no model in a group's own analysis (say,
/// more terms than the group's respondents carry): its warning there.
fn not_modelled(own: &Analysis, kpi: &str, nf: NumFmt) -> String {
    own.warnings
        .iter()
        .find(|w| {
            w.column.as_deref() == Some(kpi) && matches!(w.kind, WarningKind::KpiNotModelled { .. })
        })
        .map_or_else(String::new, |w| warning_message(nf.lang, &w.kind))
}
