//! The data quality section: rows excluded and why, warnings grouped by
//! kind with a few examples, and terms the models dropped.

use super::view::{DroppedView, ExclusionView, KpiExclusions, QualityView, WarningGroup};
use crate::data::{drop_reason_text, touchpoint_label};
use crate::format::NumFmt;
use crate::i18n::{fill, Texts};
use crate::model::{Analysis, Exclusion, Finding, WarningKind};
use cximpact_regression::Term;

/// How many excluded or warned rows are listed before "…".
const ROWS_SHOWN: usize = 8;
/// How many warnings of one kind are quoted.
const EXAMPLES_SHOWN: usize = 3;

/// The data quality section: rows excluded (overall and per KPI),
/// warnings by kind, and terms the models dropped.
pub(super) fn quality_view(a: &Analysis, t: &Texts, nf: NumFmt) -> QualityView {
    QualityView {
        rows_read: nf.int(a.respondents_in),
        rows_analysed: nf.int(a.respondents_analysed),
        excluded: a.excluded.iter().map(|e| exclusion_view(e, nf)).collect(),
        kpi_excluded: a
            .kpis
            .iter()
            .filter(|k| !k.excluded.is_empty())
            .map(|k| KpiExclusions {
                heading: fill(t.kpi_excluded, &[("kpi", &k.label)]),
                excluded: k.excluded.iter().map(|e| exclusion_view(e, nf)).collect(),
            })
            .collect(),
        warnings: warning_groups(a, t, nf),
        dropped: a
            .kpis
            .iter()
            .flat_map(|k| {
                k.model.dropped.iter().map(move |d| DroppedView {
                    kpi: k.label.clone(),
                    touchpoint: touchpoint_label(a, d.touchpoint),
                    term: match d.term {
                        Term::Incidence => t.term_incidence,
                        Term::Quality => t.term_quality,
                    },
                    reason: drop_reason_text(t, &d.reason, a),
                })
            })
            .collect(),
    }
}

fn exclusion_view(e: &Exclusion, nf: NumFmt) -> ExclusionView {
    ExclusionView {
        reason: crate::i18n::exclusion_reason(nf.lang, &e.reason),
        count: nf.int(e.count),
        rows: row_list(&e.rows, nf),
    }
}

fn row_list(rows: &[usize], nf: NumFmt) -> String {
    let mut s: Vec<String> = rows.iter().take(ROWS_SHOWN).map(|r| nf.int(*r)).collect();
    if rows.len() > ROWS_SHOWN {
        s.push("\u{2026}".into());
    }
    s.join(", ")
}

/// Warnings grouped by kind (their code), in order of first appearance.
fn warning_groups(a: &Analysis, t: &Texts, nf: NumFmt) -> Vec<WarningGroup> {
    // The first warning of each group, its examples and its count.
    let mut groups: Vec<(&WarningKind, Vec<String>, usize)> = Vec::new();
    for w in &a.warnings {
        let place = match (w.row, &w.column) {
            (Some(r), Some(c)) => format!("{} {}, {c}", t.row, nf.int(r)),
            (Some(r), None) => format!("{} {}", t.row, nf.int(r)),
            (None, Some(c)) => format!("{c} ({})", t.whole_column),
            (None, None) => w.file.clone(),
        };
        let message = crate::i18n::warning_message(nf.lang, &w.kind);
        let example = format!("{place}: {message}");
        match groups.iter_mut().find(|g| g.0.code() == w.kind.code()) {
            Some(g) => {
                g.2 += 1;
                if g.1.len() < EXAMPLES_SHOWN {
                    g.1.push(example);
                }
            }
            None => groups.push((&w.kind, vec![example], 1)),
        }
    }
    groups
        .into_iter()
        .map(|(kind, examples, count)| WarningGroup {
            kind: crate::i18n::warning_kind(nf.lang, kind),
            count: nf.int(count),
            examples,
        })
        .collect()
}
