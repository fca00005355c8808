//! The first screen: the lead KPI's level, and the ranked actions in words
//! with their gains, the uncertain ones apart.

use super::gains::{gain_on, nps_points};
use super::view::{ActionView, HeadlineView, PrioritiesView};
use crate::format::NumFmt;
use crate::i18n::{fill, Texts};
use crate::model::{Analysis, KpiAnalysis, KpiKind};
use crate::priorities::{shares, Flag, Measure, Priorities, Priority};
use crate::quadrant::Quadrant;

/// How many certain actions the first screen lists, and how many flagged
/// ones it shows apart.
const TOP_ACTIONS: usize = 5;
const APART_SHOWN: usize = 5;

/// The lead KPI's level with its interval and base: the NPS for an NPS
/// question, the share who say yes for a yes/no KPI, else the mean, all
/// as the question was asked (a reversed KPI is turned back).
pub(super) fn headline(kpi: &KpiAnalysis, t: &Texts, nf: NumFmt) -> HeadlineView {
    let ci = |lo: String, hi: String| fill(t.ci_95, &[("lo", &lo), ("hi", &hi)]);
    let mut detail: Vec<String> = Vec::new();
    let (value, label) = if let (KpiKind::Nps, Some(s)) = (kpi.kind, &kpi.nps) {
        let nps_ci = kpi
            .nps_effects
            .as_ref()
            .and_then(|e| e.uncertainty.as_ref())
            .and_then(|u| u.kpi_mean_ci);
        if let Some([lo, hi]) = nps_ci {
            detail.push(ci(nf.signed(lo, 0), nf.signed(hi, 0)));
        }
        detail.push(format!("n = {}", nf.int(s.n)));
        (
            format!("{} {}", t.nps_score, nf.signed(s.score, 0)),
            fill(t.headline_nps_label, &[("kpi", &kpi.label)]),
        )
    } else {
        // The model's mean is oriented: turn a reversed KPI back.
        let (lo_s, hi_s) = kpi.scale;
        let raw = |v: f64| if kpi.reverse { lo_s + hi_s - v } else { v };
        let mean = raw(kpi.model.kpi_mean);
        let mean_ci = kpi
            .uncertainty
            .as_ref()
            .and_then(|u| u.kpi_mean_ci)
            .map(|[a, b]| {
                let (a, b) = (raw(a), raw(b));
                [a.min(b), a.max(b)]
            });
        let share = shares(kpi);
        let show = |v: f64| if share { nf.share(v, 0) } else { nf.dec(v, 2) };
        if let Some([lo, hi]) = mean_ci {
            detail.push(ci(show(lo), show(hi)));
        }
        detail.push(format!("n = {}", nf.int(kpi.model.n)));
        let label = match (share, kpi.reverse) {
            (true, false) => fill(t.headline_share_label, &[("kpi", &kpi.label)]),
            (true, true) => fill(t.headline_share_label_reversed, &[("kpi", &kpi.label)]),
            (false, reverse) => fill(
                if reverse {
                    t.headline_mean_label_reversed
                } else {
                    t.headline_mean_label
                },
                &[
                    ("kpi", &kpi.label),
                    (
                        "scale",
                        &format!("{}-{}", nf.scale_point(lo_s), nf.scale_point(hi_s)),
                    ),
                ],
            ),
        };
        (show(mean), label)
    };
    HeadlineView {
        value,
        label,
        detail: detail.join(" \u{b7} "),
    }
}

/// Why a priority is shown apart, in words (the small base with its n).
pub(crate) fn flag_words(a: &Analysis, p: &Priority, t: &Texts, nf: NumFmt) -> Vec<String> {
    let n = a.kpis[p.kpi]
        .model
        .touchpoints
        .get(p.touchpoint)
        .map_or(0, |e| e.n_experienced);
    p.flags
        .iter()
        .map(|f| match f {
            Flag::DirectionUncertain => t.flag_direction.to_string(),
            Flag::NotSignificant => t.flag_noise.to_string(),
            Flag::SmallBase => fill(t.flag_small_base, &[("n", &nf.int(n))]),
            Flag::GainIncludesZero => t.flag_gain_zero.to_string(),
            Flag::NoGain => t.flag_no_gain.to_string(),
        })
        .collect()
}

/// One action in words.
fn action_view(a: &Analysis, p: &Priority, t: &'static Texts, nf: NumFmt) -> ActionView {
    let kpi = &a.kpis[p.kpi];
    let tp = &a.touchpoints[p.touchpoint];
    let mut gain = p
        .gain
        .map_or_else(|| t.flag_no_gain.to_string(), |g| gain_on(g, kpi, t, nf));
    if let Some(n) = p.nps {
        gain.push_str(", ");
        gain.push_str(&nps_points(n, t, nf));
    }
    let template = match p.measure {
        Measure::OnePointMore => t.sentence_more,
        Measure::OneInTenFewer => t.sentence_prevent,
        Measure::OnePointLess => t.sentence_less,
    };
    let also: Vec<String> = p
        .other_kpis
        .iter()
        .filter_map(|o| {
            let other = &a.kpis[o.kpi];
            let mut s = gain_on(o.gain?, other, t, nf);
            if let Some(n) = o.nps {
                s.push_str(", ");
                s.push_str(&nps_points(n, t, nf));
            }
            Some(s)
        })
        .collect();
    let flags = flag_words(a, p, t, nf);
    let q = p.action.quadrant();
    ActionView {
        rank: nf.int(p.rank),
        quadrant: q.id(),
        verb: t.quadrant(q).name,
        question: if q == Quadrant::Economize {
            fill(t.economize_question, &[("tp", &tp.label)])
        } else {
            String::new()
        },
        sentence: fill(template, &[("tp", &tp.label), ("gain", &gain)]),
        also: if also.is_empty() {
            String::new()
        } else {
            fill(t.also, &[("list", &also.join("; "))])
        },
        flags: flags.join(", "),
        note: tp.note.clone().unwrap_or_default(),
    }
}

/// The first screen's priority list: the top certain actions, the flagged
/// ones apart, and how the list was made.
pub(super) fn priorities_view(
    a: &Analysis,
    p: &Priorities,
    t: &'static Texts,
    nf: NumFmt,
) -> PrioritiesView {
    let mut notes = Vec::new();
    let label = |k: usize| a.kpis.get(k).map_or_else(String::new, |k| k.label.clone());
    let Some(k) = p.ranked_on else {
        return PrioritiesView {
            intro: String::new(),
            notes,
            top: Vec::new(),
            empty: t.priorities_none_sound.to_string(),
            apart: Vec::new(),
            apart_more: String::new(),
        };
    };
    if k != p.lead {
        notes.push(fill(
            t.priorities_ranked_on_other,
            &[("lead", &label(p.lead)), ("kpi", &label(k))],
        ));
    }
    if a.kpis[k].uncertainty.is_none() {
        notes.push(t.priorities_no_bootstrap.to_string());
    }
    if !p.not_controllable.is_empty() {
        let list: Vec<String> = p
            .not_controllable
            .iter()
            .map(|&j| a.touchpoints[j].label.clone())
            .collect();
        notes.push(fill(
            t.left_out_not_controllable,
            &[("list", &list.join(", "))],
        ));
    }
    let top: Vec<ActionView> = p
        .certain()
        .take(TOP_ACTIONS)
        .map(|i| action_view(a, i, t, nf))
        .collect();
    let apart_all: Vec<&Priority> = p.uncertain().collect();
    PrioritiesView {
        intro: fill(t.priorities_intro, &[("kpi", &label(k))]),
        notes,
        empty: if top.is_empty() {
            fill(t.priorities_none_certain, &[("kpi", &label(k))])
        } else {
            String::new()
        },
        top,
        apart: apart_all
            .iter()
            .take(APART_SHOWN)
            .map(|i| action_view(a, i, t, nf))
            .collect(),
        apart_more: if apart_all.len() > APART_SHOWN {
            fill(
                t.apart_more,
                &[("n", &nf.int(apart_all.len() - APART_SHOWN))],
            )
        } else {
            String::new()
        },
    }
}

/// The first screen in three lines, for a batch's index: the lead KPI's
/// label, its level ("NPS +12") with interval and base, and the first
/// certain action in words (or why there is none).
pub(crate) fn first_screen_lines(
    a: &Analysis,
    p: &Priorities,
    t: &'static Texts,
    nf: NumFmt,
) -> [String; 4] {
    let Some(kpi) = a.kpis.get(p.lead) else {
        return Default::default();
    };
    let h = headline(kpi, t, nf);
    let action = match (p.ranked_on, p.certain().next()) {
        (Some(_), Some(first)) => {
            let v = action_view(a, first, t, nf);
            format!("{}: {}", v.verb, v.sentence)
        }
        (Some(k), None) => fill(t.priorities_none_certain, &[("kpi", &a.kpis[k].label)]),
        (None, _) => t.priorities_none_sound.to_string(),
    };
    [h.label, h.value, h.detail, action]
}
