//! One KPI's section: the matrix, the touchpoint table with effects,
//! what-ifs and intervals, the quadrants in words, and the notes under them.

use super::gains::{gain_numbers, shown};
use super::view::{KpiView, QuadrantView, RowView};
use crate::data::caveat_text;
use crate::format::NumFmt;
use crate::i18n::{fill, Texts};
use crate::lang::Lang;
use crate::model::{Analysis, KpiAnalysis, KpiKind, TouchpointInfo};
use crate::priorities::{gain_scale, shares, what_if, Measure};
use crate::quadrant::{Matrix, MatrixPoint, Quadrant};
use crate::svg::render_matrix_svg;
use crate::{ReportError, ReportSettings};
use cximpact_regression::{ImpactBasis, ModelKind};

/// One KPI's section: its matrix, the touchpoint table, the quadrants in
/// words and the notes that go with them.
pub(super) fn kpi_view(
    a: &Analysis,
    k: usize,
    kpi: &KpiAnalysis,
    m: &Matrix,
    settings: &ReportSettings,
    t: &'static Texts,
    nf: NumFmt,
) -> Result<KpiView, ReportError> {
    let logistic = kpi.model.model == ModelKind::Logistic;
    let meta = kpi_meta(kpi, t, nf);
    let svg = inline_svg(m, kpi, settings.lang)?;
    let rows: Vec<RowView> = a
        .touchpoints
        .iter()
        .enumerate()
        .map(|(i, tp)| row_view(i, tp, kpi, m, t, nf))
        .collect();
    let quadrants = quadrant_views(kpi, m, t, nf);
    let caveat = caveat_note(kpi, t, nf);
    let gain_unit = gain_unit(kpi, t);
    Ok(KpiView {
        anchor: anchor(k),
        heading: fill(t.kpi_section, &[("kpi", &kpi.label)]),
        meta,
        reversed: kpi.reverse,
        svg,
        how_to_read: fill(t.how_to_read, &[("goal", &t.goal(kpi))]),
        caveat,
        gain_unit,
        has_small_base: rows.iter().any(|r| r.small_base),
        rows,
        table_note: if logistic {
            logistic_note(kpi, t, nf)
        } else {
            fill(t.table_note, &[("kpi", &kpi.label)])
        },
        small_base_note: fill(t.small_base_note, &[("n", &nf.int(a.settings.small_base))]),
        quadrants,
        th_incidence: if logistic {
            t.th_incidence_or
        } else {
            t.th_incidence
        },
        th_quality: if logistic {
            t.th_quality_or
        } else {
            t.th_quality
        },
        has_uncertainty: kpi.uncertainty.is_some(),
        uncertainty_note: uncertainty_note(kpi, t, nf),
        moves: super::moves::moves_view(a, k, m, t, nf),
        groups: super::segment_groups::groups_view(a, k, m, settings, t, nf)?,
    })
}

/// The line under a KPI's heading: its kind, n and R², and whether its
/// model was fitted on a subsample.
fn kpi_meta(kpi: &KpiAnalysis, t: &Texts, nf: NumFmt) -> String {
    let kind = match kpi.kind {
        KpiKind::Nps => t.kind_nps,
        KpiKind::Scale => t.kind_scale,
        KpiKind::Binary => t.kind_binary,
    };
    let logistic = kpi.model.model == ModelKind::Logistic;
    let mut meta = fill(
        if logistic {
            t.kpi_meta_logistic
        } else {
            t.kpi_meta
        },
        &[
            ("kind", kind),
            ("n", &nf.int(kpi.model.n)),
            ("r2", &nf.dec(kpi.model.r2, 2)),
            ("adj", &nf.opt(kpi.model.adj_r2, |f, v| f.dec(v, 2))),
        ],
    );
    if let Some(s) = kpi.subsample {
        meta.push_str(" \u{b7} ");
        meta.push_str(&fill(
            t.kpi_meta_subsample,
            &[("n", &nf.int(s.n)), ("of", &nf.int(s.of))],
        ));
    }
    meta
}

/// A what-if cell: the gain as shown, its interval, and for an NPS
/// question its NPS points with their interval.
struct GainCells {
    gain: String,
    ci: String,
    nps: String,
    nps_ci: String,
}

fn gain_cells(kpi: &KpiAnalysis, j: usize, measure: Measure, t: &Texts, nf: NumFmt) -> GainCells {
    let scale = gain_scale(kpi);
    let g = what_if(&kpi.model, kpi.uncertainty.as_ref(), j, measure, scale);
    let (v, ci) = g.map_or_else(
        || (nf.opt(None, |f, v| f.dec(v, 2)), String::new()),
        |g| gain_numbers(shown(g, kpi), nf, t.ci_range),
    );
    // Compact: "+1.4 NPS (0.6 to 2.3)".
    let nps = kpi
        .nps_effects
        .as_ref()
        .and_then(|e| what_if(&e.model, e.uncertainty.as_ref(), j, measure, 1.0))
        .map_or_else(
            || (String::new(), String::new()),
            |g| {
                let (v, ci) = gain_numbers(g, nf, t.ci_range);
                (fill(t.nps_short, &[("v", &v)]), ci)
            },
        );
    GainCells {
        gain: v,
        ci,
        nps: nps.0,
        nps_ci: nps.1,
    }
}

/// A touchpoint's row in a KPI's table.
fn row_view(
    i: usize,
    tp: &TouchpointInfo,
    kpi: &KpiAnalysis,
    m: &Matrix,
    t: &'static Texts,
    nf: NumFmt,
) -> RowView {
    // Logistic effects are log-odds, shown with their odds ratio.
    let logistic = kpi.model.model == ModelKind::Logistic;
    let effect = |value: Option<f64>, odds: Option<f64>| {
        if logistic {
            odds_ratio(value, odds, t, nf)
        } else {
            nf.opt(value, |f, v| f.signed(v, 2))
        }
    };
    let d = &tp.descriptives;
    let e = kpi.model.touchpoints.get(i);
    let p = m.point(i);
    let more = gain_cells(kpi, i, Measure::OnePointMore, t, nf);
    let prevent = gain_cells(kpi, i, Measure::OneInTenFewer, t, nf);
    RowView {
        label: tp.label.clone(),
        name: tp.name.clone(),
        n: nf.int(d.n_experienced),
        frequency: nf.share(d.frequency, 0),
        mean: nf.opt(d.satisfaction_mean, |f, v| f.dec(v, 1)),
        top_box: nf.opt(d.top_box_share, |f, v| f.share(v, 0)),
        incidence: effect(
            e.and_then(|e| e.incidence_effect),
            e.and_then(|e| e.incidence_odds_ratio),
        ),
        quality: effect(
            e.and_then(|e| e.quality_effect),
            e.and_then(|e| e.quality_odds_ratio),
        ),
        gain_more: more.gain,
        gain_more_ci: more.ci,
        gain_more_nps: more.nps,
        gain_more_nps_ci: more.nps_ci,
        gain_prevent: prevent.gain,
        gain_prevent_ci: prevent.ci,
        gain_prevent_nps: prevent.nps,
        gain_prevent_nps_ci: prevent.nps_ci,
        not_controllable: !tp.controllable,
        note: tp.note.clone().unwrap_or_default(),
        impact: nf.opt(p.map(|p| p.y), |f, v| format!("{}%", f.signed(v, 1))),
        quadrant: p.map_or_else(
            || t.not_in_matrix.to_string(),
            |p| t.quadrant(p.quadrant).name.to_string(),
        ),
        quadrant_id: p.map_or("none", |p| p.quadrant.id()),
        small_base: e.is_some_and(|e| e.small_base),
        mean_ci: kpi
            .uncertainty
            .as_ref()
            .and_then(|u| u.touchpoints.get(i))
            .and_then(|u| u.satisfaction_ci)
            .map_or_else(String::new, |[lo, hi]| {
                format!("{}\u{2013}{}", nf.dec(lo, 1), nf.dec(hi, 1))
            }),
        impact_ci: p.and_then(|p| p.y_ci).map_or_else(String::new, |[lo, hi]| {
            fill(
                t.ci_range,
                &[
                    ("lo", &nf.signed(lo, 1)),
                    ("hi", &format!("{}%", nf.signed(hi, 1))),
                ],
            )
        }),
        quadrant_probability: p
            .and_then(|p| p.quadrant_probability)
            .map_or_else(String::new, |v| nf.share(v, 0)),
        uncertain: p.is_some_and(|p| p.impact_uncertain),
        not_above_noise: p.is_some_and(|p| p.significant == Some(false)),
    }
}

/// The quadrants in words, in the same arrangement as the matrix: low
/// satisfaction on the left, positive impact on top.
fn quadrant_views(
    kpi: &KpiAnalysis,
    m: &Matrix,
    t: &'static Texts,
    nf: NumFmt,
) -> Vec<QuadrantView> {
    [
        Quadrant::Improve,
        Quadrant::Amplify,
        Quadrant::Prevent,
        Quadrant::Economize,
    ]
    .iter()
    .map(|&q| {
        let mut pts: Vec<&MatrixPoint> = m.points.iter().filter(|p| p.quadrant == q).collect();
        pts.sort_by(|x, y| y.y.abs().total_cmp(&x.y.abs()));
        let qt = t.quadrant(q);
        let item = |p: &&MatrixPoint| format!("{} ({}%)", p.label, nf.signed(p.y, 1));
        // Not controllable: listed for information, never advised.
        let fixed: Vec<String> = pts.iter().filter(|p| !p.controllable).map(item).collect();
        QuadrantView {
            id: q.id(),
            name: qt.name,
            meaning: fill(qt.meaning, &[("goal", &t.goal(kpi))]),
            advice: qt.advice,
            touchpoints: pts.iter().filter(|p| p.controllable).map(item).collect(),
            not_controllable: if fixed.is_empty() {
                String::new()
            } else {
                fill(t.quadrant_not_controllable, &[("list", &fixed.join(", "))])
            },
        }
    })
    .collect()
}

/// Why a KPI's importances are not sound; empty when they are.
fn caveat_note(kpi: &KpiAnalysis, t: &Texts, nf: NumFmt) -> String {
    if kpi.model.caveats.is_empty() {
        return String::new();
    }
    let reasons: Vec<String> = kpi
        .model
        .caveats
        .iter()
        .map(|c| caveat_text(t, nf, c, kpi))
        .collect();
    fill(
        t.caveat_note,
        &[("kpi", &kpi.label), ("reasons", &reasons.join("; "))],
    )
}

/// The unit of the what-if columns: percentage points for a share, else
/// the KPI's points ("lower is better" for a reversed KPI).
fn gain_unit(kpi: &KpiAnalysis, t: &Texts) -> String {
    if shares(kpi) {
        t.gain_unit_pp.to_string()
    } else if kpi.reverse {
        format!(
            "{} ({})",
            fill(t.gain_unit_points, &[("kpi", &kpi.label)]),
            t.lower_is_better
        )
    } else {
        fill(t.gain_unit_points, &[("kpi", &kpi.label)])
    }
}

/// The note on the bootstrap columns: replicates and the noise benchmark
/// as a share of R²; empty without a bootstrap.
fn uncertainty_note(kpi: &KpiAnalysis, t: &Texts, nf: NumFmt) -> String {
    kpi.uncertainty.as_ref().map_or_else(String::new, |u| {
        fill(
            t.uncertainty_note,
            &[
                ("reps", &nf.int(u.replicates)),
                (
                    "noise",
                    &nf.share(
                        if kpi.model.r2 > 0.0 {
                            u.noise_threshold / kpi.model.r2
                        } else {
                            0.0
                        },
                        1,
                    ),
                ),
            ],
        )
    })
}

/// An odds ratio cell: the ratio to two decimals, "not estimable" where
/// the log-odds diverged (separation), empty where the term is not in the
/// model.
pub(super) fn odds_ratio(
    log_odds: Option<f64>,
    ratio: Option<f64>,
    t: &Texts,
    nf: NumFmt,
) -> String {
    match (log_odds, ratio) {
        (_, Some(r)) => nf.dec(r, 2),
        (Some(_), None) => t.not_estimable.to_string(),
        (None, None) => nf.opt(None, |f, v| f.dec(v, 2)),
    }
}

/// The note under a logistic KPI's table: what the odds ratios mean,
/// whether the model was fitted on a subsample of a large survey, how
/// importance was computed and whether the classes were separated.
pub(super) fn logistic_note(kpi: &KpiAnalysis, t: &Texts, nf: NumFmt) -> String {
    let yes = if kpi.reverse {
        t.odds_of_no_reversed
    } else {
        t.odds_of_yes
    };
    let mut note = fill(t.table_note_logistic, &[("kpi", &kpi.label), ("yes", yes)]);
    if let Some(s) = kpi.subsample {
        // A standard error shrinks with the square root of the sample.
        let wider = (s.of as f64 / s.n.max(1) as f64).sqrt();
        note.push(' ');
        note.push_str(&fill(
            t.model_subsample_note,
            &[
                ("n", &nf.int(s.n)),
                ("of", &nf.int(s.of)),
                ("seed", &s.seed.to_string()),
                ("wider", &nf.dec(wider, 1)),
            ],
        ));
    }
    let m = &kpi.model;
    let se = m
        .touchpoints
        .iter()
        .filter_map(|e| e.importance_se)
        .fold(None, |a: Option<f64>, s| Some(a.map_or(s, |a| a.max(s))));
    if let Some(se) = se {
        let groups = m
            .touchpoints
            .iter()
            .filter(|e| e.impact_basis != ImpactBasis::None)
            .count();
        note.push(' ');
        note.push_str(&fill(
            t.sampled_note,
            &[("groups", &nf.int(groups)), ("se", &se_text(se, t, nf))],
        ));
    }
    if let Some(rows) = m.importance_subsample {
        // The decomposition's subsample is drawn from the model's
        // respondents, themselves a subsample when `kpi.subsample` is set.
        let template = if kpi.subsample.is_some() {
            t.subsample_note_of_sample
        } else {
            t.subsample_note
        };
        note.push(' ');
        note.push_str(&fill(
            template,
            &[("rows", &nf.int(rows)), ("n", &nf.int(m.n))],
        ));
    }
    if m.separation {
        note.push(' ');
        note.push_str(t.separation_note);
    }
    note
}

/// The id of a KPI's section, for links from the first screen.
pub(super) fn anchor(k: usize) -> String {
    format!("kpi-{}", k + 1)
}

/// A matrix as inline SVG: no namespace declaration needed, and dropping
/// it keeps the page free of any URL.
pub(super) fn inline_svg(m: &Matrix, kpi: &KpiAnalysis, lang: Lang) -> Result<String, ReportError> {
    Ok(render_matrix_svg(m, kpi, lang)?.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1))
}

/// A standard error to four decimals; one that would show as 0.0000 (a
/// very large sample) is "below 0.0001".
fn se_text(se: f64, t: &Texts, nf: NumFmt) -> String {
    if se < 0.00005 {
        fill(t.below_se, &[("se", &nf.dec(0.0001, 4))])
    } else {
        nf.dec(se, 4)
    }
}
