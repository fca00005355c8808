//! The client report: one self-contained HTML page.
//!
//! Following cargo-criterion, the analysis is first turned into a view
//! model in which every number is already a formatted string (thousands
//! separators, decimals, `%`, decimal comma in Dutch), and the embedded
//! template only arranges those strings. That keeps formatting testable in
//! Rust and the template free of logic. The page needs no network and no
//! JavaScript: CSS and the matrix SVGs are inline, so it can be mailed to a
//! client or printed.

use minijinja::{context, Environment};
use serde::Serialize;

use crate::data::{caveat_text, drop_reason_text, touchpoint_label};
use crate::format::NumFmt;
use crate::i18n::{fill, texts, Texts};
use crate::lang::Lang;
use crate::model::{Analysis, Exclusion, KpiAnalysis, KpiKind, TouchpointInfo};
use crate::priorities::{
    gain_scale, priorities, shares, what_if, Flag, Gain, Measure, Priorities, Priority,
};
use crate::quadrant::{place, CrosshairRule, Matrix, MatrixPoint, Quadrant, XScale};
use crate::svg::render_matrix_svg;
use crate::{ReportError, ReportSettings};
use cximpact_regression::{ImpactBasis, ModelKind, Term};

const TEMPLATE: &str = include_str!("../templates/report.html");

/// How many excluded or warned rows are listed before "…".
const ROWS_SHOWN: usize = 8;
/// How many warnings of one kind are quoted.
const EXAMPLES_SHOWN: usize = 3;
/// How many certain actions the first screen lists, and how many flagged
/// ones it shows apart.
const TOP_ACTIONS: usize = 5;
const APART_SHOWN: usize = 5;

/// Renders the whole report.
pub fn render_html(analysis: &Analysis, settings: &ReportSettings) -> Result<String, ReportError> {
    let view = build_view(analysis, settings)?;
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    let tmpl = env.get_template("report.html")?;
    Ok(tmpl.render(context! { v => view, t => texts(settings.lang) })?)
}

#[derive(Debug, Serialize)]
struct View {
    title: String,
    source: String,
    headline: Option<HeadlineView>,
    priorities: PrioritiesView,
    /// The matrix the actions follow, on the first screen.
    lead_matrix: Option<LeadMatrixView>,
    key_figures: Vec<KeyFigure>,
    nps: Vec<NpsView>,
    kpis: Vec<KpiView>,
    segments: Vec<SegmentView>,
    quality: QualityView,
    methods_settings: String,
    /// Methods paragraph on logistic models; empty when no KPI has one.
    methods_logistic: Vec<String>,
    /// Methods paragraphs on the bootstrap; empty when it did not run.
    methods_bootstrap: Vec<String>,
    journey: Vec<PhaseView>,
}

#[derive(Debug, Serialize)]
struct KeyFigure {
    label: String,
    value: String,
}

/// The lead KPI's level: "NPS +12" with its interval and base.
#[derive(Debug, Serialize)]
struct HeadlineView {
    value: String,
    label: String,
    detail: String,
}

#[derive(Debug, Serialize)]
struct PrioritiesView {
    intro: String,
    /// Sentences on how the list was made (ranked on another KPI, no
    /// bootstrap, touchpoints left out).
    notes: Vec<String>,
    /// The first certain actions; empty with `empty` saying why.
    top: Vec<ActionView>,
    empty: String,
    /// Flagged actions, shown apart.
    apart: Vec<ActionView>,
    apart_more: String,
}

#[derive(Debug, Serialize)]
struct ActionView {
    rank: String,
    quadrant: &'static str,
    verb: &'static str,
    /// Economize actions: the question to check first.
    question: String,
    /// "One point more satisfaction with X: +0.12 on Y (95%: ...)".
    sentence: String,
    /// The same action's gains on the other KPIs.
    also: String,
    /// Why a flagged action is shown apart.
    flags: String,
    note: String,
}

#[derive(Debug, Serialize)]
struct LeadMatrixView {
    anchor: String,
    heading: String,
    svg: String,
    how_to_read: String,
}

#[derive(Debug, Serialize)]
struct NpsView {
    label: String,
    score: String,
    n: String,
    /// Formatted shares, and plain CSS widths (always `.` decimals).
    promoters: String,
    passives: String,
    detractors: String,
    promoters_w: String,
    passives_w: String,
    detractors_w: String,
}

#[derive(Debug, Serialize)]
struct KpiView {
    anchor: String,
    heading: String,
    meta: String,
    reversed: bool,
    svg: String,
    how_to_read: String,
    /// Why this KPI's importances are not sound; empty when they are.
    caveat: String,
    gain_unit: String,
    rows: Vec<RowView>,
    table_note: String,
    has_small_base: bool,
    small_base_note: String,
    quadrants: Vec<QuadrantView>,
    /// Column headers of the effects: odds ratios for logistic KPIs.
    th_incidence: &'static str,
    th_quality: &'static str,
    /// Bootstrap columns and note are shown.
    has_uncertainty: bool,
    uncertainty_note: String,
}

#[derive(Debug, Serialize)]
struct RowView {
    label: String,
    name: String,
    n: String,
    frequency: String,
    mean: String,
    top_box: String,
    incidence: String,
    quality: String,
    impact: String,
    /// What-ifs as shown (a reversed KPI in its own direction), each with
    /// its interval and, for an NPS question, NPS points.
    gain_more: String,
    gain_more_ci: String,
    gain_more_nps: String,
    gain_more_nps_ci: String,
    gain_prevent: String,
    gain_prevent_ci: String,
    gain_prevent_nps: String,
    gain_prevent_nps_ci: String,
    not_controllable: bool,
    note: String,
    quadrant: String,
    quadrant_id: &'static str,
    small_base: bool,
    /// Bootstrap interval of the mean, "7.1–7.4" (empty without one).
    mean_ci: String,
    /// Bootstrap interval of the impact as plotted, in %.
    impact_ci: String,
    /// Share of bootstrap replicates in the same quadrant.
    quadrant_probability: String,
    /// The impact interval contains zero.
    uncertain: bool,
    /// The importance does not clear the noise benchmark.
    not_above_noise: bool,
}

#[derive(Debug, Serialize)]
struct QuadrantView {
    id: &'static str,
    name: &'static str,
    meaning: String,
    advice: &'static str,
    touchpoints: Vec<String>,
    /// Touchpoints marked not controllable: listed for information, with
    /// no advice.
    not_controllable: String,
}

#[derive(Debug, Serialize)]
struct SegmentView {
    column: String,
    headers: Vec<String>,
    rows: Vec<SegmentRow>,
}

#[derive(Debug, Serialize)]
struct SegmentRow {
    group: String,
    n: String,
    values: Vec<String>,
}

#[derive(Debug, Serialize)]
struct QualityView {
    rows_read: String,
    rows_analysed: String,
    excluded: Vec<ExclusionView>,
    kpi_excluded: Vec<KpiExclusions>,
    warnings: Vec<WarningGroup>,
    dropped: Vec<DroppedView>,
}

#[derive(Debug, Serialize)]
struct ExclusionView {
    reason: String,
    count: String,
    rows: String,
}

#[derive(Debug, Serialize)]
struct KpiExclusions {
    heading: String,
    excluded: Vec<ExclusionView>,
}

#[derive(Debug, Serialize)]
struct WarningGroup {
    kind: String,
    count: String,
    examples: Vec<String>,
}

#[derive(Debug, Serialize)]
struct DroppedView {
    kpi: String,
    touchpoint: String,
    term: &'static str,
    reason: String,
}

#[derive(Debug, Serialize)]
struct PhaseView {
    phase: String,
    touchpoints: Vec<String>,
}

fn build_view(a: &Analysis, settings: &ReportSettings) -> Result<View, ReportError> {
    let t = texts(settings.lang);
    let nf = NumFmt::new(settings.lang);
    let matrices: Vec<Matrix> = (0..a.kpis.len())
        .map(|k| place(a, k, &settings.crosshair))
        .collect();

    let weighting = a.weight_column.as_ref().map_or_else(
        || t.unweighted.to_string(),
        |c| fill(t.weighted_by, &[("col", c)]),
    );
    let key_figures = key_figures(a, &weighting, t, nf);

    let prio = priorities(a, &settings.crosshair);
    let priorities = priorities_view(a, &prio, t, nf);
    let headline = a.kpis.get(prio.lead).map(|k| headline(k, t, nf));
    let lead_matrix = lead_matrix_view(a, &prio, &matrices, settings.lang, t)?;

    let nps = nps_views(a, nf);

    let mut kpis = Vec::new();
    for (k, (kpi, m)) in a.kpis.iter().zip(&matrices).enumerate() {
        kpis.push(kpi_view(a, k, kpi, m, settings, t, nf)?);
    }

    let segments = segment_views(a, t, nf);
    let quality = quality_view(a, t, nf);
    let methods_settings = methods_settings(a, settings, &matrices, &weighting, t, nf);
    let methods_bootstrap = methods_bootstrap(a, t, nf);
    let journey = journey(a);

    Ok(View {
        title: a.title.clone(),
        source: fill(t.generated_from, &[("file", &a.source_file)]),
        headline,
        priorities,
        lead_matrix,
        key_figures,
        nps,
        kpis,
        segments,
        quality,
        methods_settings,
        methods_logistic: methods_logistic(a, t),
        methods_bootstrap,
        journey,
    })
}

/// The key figures at the top: rows read and analysed, weighting, KPIs.
fn key_figures(a: &Analysis, weighting: &str, t: &Texts, nf: NumFmt) -> Vec<KeyFigure> {
    vec![
        KeyFigure {
            label: t.respondents_in.into(),
            value: nf.int(a.respondents_in),
        },
        KeyFigure {
            label: t.respondents_analysed.into(),
            value: nf.int(a.respondents_analysed),
        },
        KeyFigure {
            label: t.weighting.into(),
            value: weighting.to_string(),
        },
        KeyFigure {
            label: t.kpis_analysed.into(),
            value: nf.int(a.kpis.len()),
        },
    ]
}

/// The matrix the first screen's actions follow: the KPI they were ranked
/// on, else the lead KPI.
fn lead_matrix_view(
    a: &Analysis,
    prio: &Priorities,
    matrices: &[Matrix],
    lang: Lang,
    t: &Texts,
) -> Result<Option<LeadMatrixView>, ReportError> {
    Ok(match prio.ranked_on.or(Some(prio.lead)) {
        Some(k) if k < a.kpis.len() => Some(LeadMatrixView {
            anchor: anchor(k),
            heading: fill(t.lead_matrix, &[("kpi", &a.kpis[k].label)]),
            svg: inline_svg(&matrices[k], &a.kpis[k], lang)?,
            how_to_read: fill(t.how_to_read, &[("goal", &t.goal(&a.kpis[k]))]),
        }),
        _ => None,
    })
}

/// The NPS of every KPI that has one, with its bar of shares.
fn nps_views(a: &Analysis, nf: NumFmt) -> Vec<NpsView> {
    a.kpis
        .iter()
        .filter_map(|kpi| {
            let s = kpi.nps.as_ref()?;
            Some(NpsView {
                label: kpi.label.clone(),
                score: nf.signed(s.score, 0),
                n: nf.int(s.n),
                promoters: nf.share(s.promoters, 0),
                passives: nf.share(s.passives, 0),
                detractors: nf.share(s.detractors, 0),
                promoters_w: css_pct(s.promoters),
                passives_w: css_pct(s.passives),
                detractors_w: css_pct(s.detractors),
            })
        })
        .collect()
}

/// One table per segment column: each group's n and KPI levels.
fn segment_views(a: &Analysis, t: &Texts, nf: NumFmt) -> Vec<SegmentView> {
    a.segments
        .iter()
        .map(|s| SegmentView {
            column: s.column.clone(),
            headers: a.kpis.iter().map(|k| k.label.clone()).collect(),
            rows: s
                .groups
                .iter()
                .map(|g| SegmentRow {
                    group: if g.value.trim().is_empty() {
                        t.blank_group.into()
                    } else {
                        g.value.clone()
                    },
                    n: nf.int(g.n),
                    values: a
                        .kpis
                        .iter()
                        .enumerate()
                        .map(|(i, kpi)| {
                            nf.opt(g.kpi_values.get(i).copied().flatten(), |f, v| {
                                kpi_level(f, kpi.kind, v)
                            })
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// The data quality section: rows excluded (overall and per KPI),
/// warnings by kind, and terms the models dropped.
fn quality_view(a: &Analysis, t: &Texts, nf: NumFmt) -> QualityView {
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

/// The methods paragraph on the settings: crosshair rules, bases,
/// weighting and importance method.
fn methods_settings(
    a: &Analysis,
    settings: &ReportSettings,
    matrices: &[Matrix],
    weighting: &str,
    t: &Texts,
    nf: NumFmt,
) -> String {
    let rule = |r: CrosshairRule, unit: &str| match r {
        CrosshairRule::Mean => fill(t.rule_mean, &[("v", "")]).replace(" ()", ""),
        CrosshairRule::Median => fill(t.rule_median, &[("v", "")]).replace(" ()", ""),
        CrosshairRule::Midpoint => fill(t.rule_midpoint, &[("v", "")]).replace(" ()", ""),
        CrosshairRule::Zero => t.rule_zero.to_string(),
        CrosshairRule::Value(v) => format!("{}{unit}", nf.dec(v, 2)),
    };
    let x_unit = match matrices.first().map(|m| m.x_scale) {
        Some(XScale::PercentOfScale) => "%",
        _ => "",
    };
    fill(
        t.methods_settings,
        &[
            ("x", &rule(settings.crosshair.x, x_unit)),
            ("y", &rule(settings.crosshair.y, "%")),
            ("min_not", &nf.int(a.settings.min_not_experienced)),
            ("small", &nf.int(a.settings.small_base)),
            ("weights", weighting),
            ("method", &importance_methods(a, nf.lang)),
        ],
    )
}

/// The touchpoints by journey phase, phases in order of first appearance.
fn journey(a: &Analysis) -> Vec<PhaseView> {
    let mut journey: Vec<PhaseView> = Vec::new();
    for tp in &a.touchpoints {
        let phase = tp.phase.clone().unwrap_or_else(|| "–".into());
        match journey.iter_mut().find(|p| p.phase == phase) {
            Some(p) => p.touchpoints.push(tp.label.clone()),
            None => journey.push(PhaseView {
                phase,
                touchpoints: vec![tp.label.clone()],
            }),
        }
    }
    journey
}

/// The importance methods the KPIs used, named in the report's language.
fn importance_methods(a: &Analysis, lang: Lang) -> String {
    use cximpact_regression::ImportanceMethod as M;
    let mut names: Vec<&str> = Vec::new();
    for kpi in &a.kpis {
        let name = match (kpi.model.importance_method, lang) {
            (M::ShapleyExact, Lang::En) => "Shapley (LMG), exact over all subsets",
            (M::ShapleyExact, Lang::Nl) => "Shapley (LMG), exact over alle deelverzamelingen",
            (M::ShapleySampled, Lang::En) => "Shapley (LMG), estimated from sampled orders",
            (M::ShapleySampled, Lang::Nl) => {
                "Shapley (LMG), geschat uit steekproeven van volgordes"
            }
            (M::RelativeWeights, Lang::En) => "Johnson's relative weights",
            (M::RelativeWeights, Lang::Nl) => "relatieve gewichten (Johnson)",
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.join("; ")
}

/// The methods paragraphs on logistic models: how they are fitted and,
/// when one of them was bootstrapped, how.
fn methods_logistic(a: &Analysis, t: &'static Texts) -> Vec<String> {
    let logistic: Vec<_> = a
        .kpis
        .iter()
        .filter(|k| k.model.model == ModelKind::Logistic)
        .collect();
    let mut out = Vec::new();
    if !logistic.is_empty() {
        out.push(t.methods_logistic.to_string());
    }
    if logistic.iter().any(|k| k.uncertainty.is_some()) {
        out.push(t.methods_logistic_bootstrap.to_string());
    }
    out
}

/// The bootstrap paragraphs of the methods appendix, from the first KPI
/// with intervals (all KPIs share one bootstrap).
fn methods_bootstrap(a: &Analysis, t: &'static Texts, nf: NumFmt) -> Vec<String> {
    let Some(u) = a.kpis.iter().find_map(|k| k.uncertainty.as_ref()) else {
        return Vec::new();
    };
    let unit = match u.chunks {
        Some(chunks) => fill(t.bootstrap_blocks, &[("chunks", &nf.int(chunks))]),
        None => String::new(),
    };
    t.methods_bootstrap
        .iter()
        .map(|p| {
            fill(
                p,
                &[
                    ("reps", &nf.int(u.replicates)),
                    ("seed", &u.seed.to_string()),
                    ("unit", &unit),
                    ("small", &nf.int(a.settings.small_base)),
                ],
            )
            .replace("  ", " ")
        })
        .collect()
}

fn anchor(k: usize) -> String {
    format!("kpi-{}", k + 1)
}

/// A share as a CSS width: never localised.
fn css_pct(share: f64) -> String {
    format!("{:.1}%", (share * 100.0).clamp(0.0, 100.0))
}

/// A KPI level as the segments table shows it.
fn kpi_level(f: NumFmt, kind: KpiKind, v: f64) -> String {
    match kind {
        KpiKind::Nps => f.signed(v, 1),
        KpiKind::Binary => f.share(v, 0),
        KpiKind::Scale => f.dec(v, 2),
    }
}

/// A matrix as inline SVG: no namespace declaration needed, and dropping
/// it keeps the page free of any URL.
fn inline_svg(m: &Matrix, kpi: &KpiAnalysis, lang: Lang) -> Result<String, ReportError> {
    Ok(render_matrix_svg(m, kpi, lang)?.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1))
}

/// The lead KPI's level with its interval and base: the NPS for an NPS
/// question, the share who say yes for a yes/no KPI, else the mean, all
/// as the question was asked (a reversed KPI is turned back).
fn headline(kpi: &KpiAnalysis, t: &Texts, nf: NumFmt) -> HeadlineView {
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

/// Decimals that show a gain with two significant digits (one to four).
fn gain_decimals(v: f64) -> usize {
    let m = v.abs();
    if m.is_nan() || m <= 0.0 || m.is_infinite() {
        return 2;
    }
    let digits = |m: f64| (1 - m.log10().floor() as i64).clamp(1, 4) as usize;
    // 0.0996 rounds to 0.100: two significant digits of that are 0.10.
    let d = digits(m);
    let scale = 10f64.powi(d as i32);
    digits((m * scale).round() / scale).min(d)
}

/// A gain as a reader takes it: a reversed KPI's gain turned into the
/// change of its own score (negative: lower, which is better there).
fn shown(g: Gain, kpi: &KpiAnalysis) -> Gain {
    if kpi.reverse {
        Gain {
            value: -g.value,
            ci: g.ci.map(|[lo, hi]| [-hi, -lo]),
        }
    } else {
        g
    }
}

/// A gain's number and interval: "+0.12", "95%: 0.08 to 0.16" (with
/// `template` [`Texts::ci_95`]; [`Texts::ci_range`] for a table cell).
fn gain_numbers(g: Gain, nf: NumFmt, template: &str) -> (String, String) {
    let d = gain_decimals(g.value);
    (
        nf.signed(g.value, d),
        g.ci.map_or_else(String::new, |[lo, hi]| {
            fill(template, &[("lo", &nf.dec(lo, d)), ("hi", &nf.dec(hi, d))])
        }),
    )
}

/// "+0.12 on Likelihood to recommend (95%: 0.08 to 0.16)", in percentage
/// points for a yes/no KPI, "(lower is better)" for a reversed one.
fn gain_on(g: Gain, kpi: &KpiAnalysis, t: &Texts, nf: NumFmt) -> String {
    let (v, ci) = gain_numbers(shown(g, kpi), nf, t.ci_95);
    let v = if shares(kpi) {
        fill(t.pp, &[("v", &v)])
    } else {
        v
    };
    let mut s = fill(t.gain_on, &[("v", &v), ("kpi", &kpi.label)]);
    let aside: Vec<&str> = [kpi.reverse.then_some(t.lower_is_better), Some(ci.as_str())]
        .into_iter()
        .flatten()
        .filter(|x| !x.is_empty())
        .collect();
    if !aside.is_empty() {
        s.push_str(&format!(" ({})", aside.join("; ")));
    }
    s
}

/// "+1.4 NPS points (95%: 0.9 to 1.9)".
fn nps_points(g: Gain, t: &Texts, nf: NumFmt) -> String {
    let (v, ci) = gain_numbers(g, nf, t.ci_95);
    let mut s = fill(t.nps_points, &[("v", &v)]);
    if !ci.is_empty() {
        s.push_str(&format!(" ({ci})"));
    }
    s
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
    let n = kpi
        .model
        .touchpoints
        .get(p.touchpoint)
        .map_or(0, |e| e.n_experienced);
    let flags: Vec<String> = p
        .flags
        .iter()
        .map(|f| match f {
            Flag::DirectionUncertain => t.flag_direction.to_string(),
            Flag::NotSignificant => t.flag_noise.to_string(),
            Flag::SmallBase => fill(t.flag_small_base, &[("n", &nf.int(n))]),
            Flag::GainIncludesZero => t.flag_gain_zero.to_string(),
            Flag::NoGain => t.flag_no_gain.to_string(),
        })
        .collect();
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
fn priorities_view(a: &Analysis, p: &Priorities, t: &'static Texts, nf: NumFmt) -> PrioritiesView {
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

/// One KPI's section: its matrix, the touchpoint table, the quadrants in
/// words and the notes that go with them.
fn kpi_view(
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
    })
}

/// The line under a KPI's heading: its kind, n and R².
fn kpi_meta(kpi: &KpiAnalysis, t: &Texts, nf: NumFmt) -> String {
    let kind = match kpi.kind {
        KpiKind::Nps => t.kind_nps,
        KpiKind::Scale => t.kind_scale,
        KpiKind::Binary => t.kind_binary,
    };
    let logistic = kpi.model.model == ModelKind::Logistic;
    fill(
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
    )
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
fn odds_ratio(log_odds: Option<f64>, ratio: Option<f64>, t: &Texts, nf: NumFmt) -> String {
    match (log_odds, ratio) {
        (_, Some(r)) => nf.dec(r, 2),
        (Some(_), None) => t.not_estimable.to_string(),
        (None, None) => nf.opt(None, |f, v| f.dec(v, 2)),
    }
}

/// The note under a logistic KPI's table: what the odds ratios mean, how
/// importance was computed and whether the classes were separated.
fn logistic_note(kpi: &KpiAnalysis, t: &Texts, nf: NumFmt) -> String {
    let yes = if kpi.reverse {
        t.odds_of_no_reversed
    } else {
        t.odds_of_yes
    };
    let mut note = fill(t.table_note_logistic, &[("kpi", &kpi.label), ("yes", yes)]);
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
            &[("groups", &nf.int(groups)), ("se", &nf.dec(se, 4))],
        ));
    }
    if let Some(rows) = m.importance_subsample {
        note.push(' ');
        note.push_str(&fill(
            t.subsample_note,
            &[("rows", &nf.int(rows)), ("n", &nf.int(m.n))],
        ));
    }
    if m.separation {
        note.push(' ');
        note.push_str(t.separation_note);
    }
    note
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

/// Warnings grouped by kind, in order of first appearance.
fn warning_groups(a: &Analysis, t: &Texts, nf: NumFmt) -> Vec<WarningGroup> {
    let mut groups: Vec<(String, Vec<String>, usize)> = Vec::new();
    for w in &a.warnings {
        let place = match (w.row, &w.column) {
            (Some(r), Some(c)) => format!("{} {}, {c}", t.row, nf.int(r)),
            (Some(r), None) => format!("{} {}", t.row, nf.int(r)),
            (None, Some(c)) => format!("{c} ({})", t.whole_column),
            (None, None) => w.file.clone(),
        };
        let message = crate::i18n::warning_message(nf.lang, &w.message, &w.args);
        let example = format!("{place}: {message}");
        match groups.iter_mut().find(|g| g.0 == w.kind) {
            Some(g) => {
                g.2 += 1;
                if g.1.len() < EXAMPLES_SHOWN {
                    g.1.push(example);
                }
            }
            None => groups.push((w.kind.clone(), vec![example], 1)),
        }
    }
    groups
        .into_iter()
        .map(|(kind, examples, count)| WarningGroup {
            kind: crate::i18n::warning_kind(nf.lang, &kind),
            count: nf.int(count),
            examples,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::fixture;
    use crate::lang::Lang;

    /// minijinja's HTML escaping, for comparing texts.
    fn esc(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('\'', "&#x27;")
            .replace('/', "&#x2f;")
            .replace('"', "&quot;")
    }

    fn html(lang: Lang) -> String {
        let s = ReportSettings {
            lang,
            ..Default::default()
        };
        render_html(&fixture(), &s).unwrap()
    }

    #[test]
    fn html_names_every_touchpoint_and_quadrant_advice() {
        let h = html(Lang::En);
        let a = fixture();
        for tp in &a.touchpoints {
            assert!(h.contains(&esc(&tp.label)), "missing {}", tp.label);
        }
        let t = texts(Lang::En);
        for q in Quadrant::ALL {
            assert!(
                h.contains(&esc(t.quadrant(q).advice)),
                "missing advice for {q:?}"
            );
        }
        assert!(h.contains("Net Promoter Score") && h.contains("+12"));
        assert!(h.contains("1,987") && h.contains("2,104"));
        assert!(h.contains("weighted by weight"));
        assert!(h.contains("What to do first"));
        assert!(h.contains("out of scale") && h.contains("row 17, q10_app"));
        assert!(h.contains("nobody rated it"));
        assert!(h.contains("(no answer)"));
        // The lead KPI's matrix on the first screen, then one per KPI.
        assert_eq!(h.matches("<svg").count(), 4);
    }

    #[test]
    fn html_is_self_contained() {
        let h = html(Lang::En);
        assert!(!h.contains("http://") && !h.contains("https://"));
        assert!(!h.contains("<script"));
        assert!(!h.contains("<link"));
        assert!(!h.contains("@import") && !h.contains("url("));
        assert!(h.starts_with("<!DOCTYPE html>"));
    }

    #[test]
    fn dutch_html_uses_dutch_words_and_decimal_comma() {
        let h = html(Lang::Nl);
        for w in [
            "lang=\"nl\"",
            "Koesteren en uitbouwen",
            "Verbeteren",
            "Voorkomen of herontwerpen",
            "Besparen",
            "je doet het te goed",
            "klantreis",
            "Contactmoment",
            "Tevredenheid",
            "Frequentie",
            "Impact",
            "Respondenten",
            "Aanbeveling",
            "1.987",
            "0,41",
        ] {
            assert!(h.contains(w), "missing {w}");
        }
        assert!(!h.contains("What to do first"));
        assert!(h.contains("Wat eerst te doen") && h.contains("NPS-punten"));
    }

    /// The first screen: the lead KPI's headline with interval and base,
    /// the top five certain actions in KPI points with intervals and NPS
    /// points, then the matrix they follow; all before the KPI sections.
    #[test]
    fn first_screen_tells_the_story() {
        let a = fixture();
        let h = html(Lang::En);
        let summary = &h[h.find("id=\"summary\"").unwrap()..h.find("id=\"kpi-1\"").unwrap()];
        let nps_ci = a.kpis[0]
            .nps_effects
            .as_ref()
            .unwrap()
            .uncertainty
            .as_ref()
            .unwrap()
            .kpi_mean_ci
            .unwrap();
        let nf = NumFmt::new(Lang::En);
        assert!(summary.contains("NPS +12"), "{summary}");
        assert!(summary.contains(&format!(
            "95%: {} to {} \u{b7} n = 1,987",
            nf.signed(nps_ci[0], 0),
            nf.signed(nps_ci[1], 0)
        )));
        let p = priorities(&a, &Default::default());
        let top: Vec<&Priority> = p.certain().take(5).collect();
        assert_eq!(top.len(), 5);
        let ol = &summary
            [summary.find("<ol class=\"actions\">").unwrap()..summary.find("</ol>").unwrap()];
        assert_eq!(ol.matches("<li>").count(), 5);
        // The first action in words, with its interval and NPS points.
        let first = &top[0];
        let tp = &a.touchpoints[first.touchpoint].label;
        let g = first.gain.unwrap();
        let d = gain_decimals(g.value);
        let [lo, hi] = g.ci.unwrap();
        let words = format!(
            "{}: {} on Likelihood to recommend (95%: {} to {}), {} NPS points",
            match first.measure {
                Measure::OnePointMore => format!("One point more satisfaction with {tp}"),
                Measure::OneInTenFewer => format!("One in ten fewer customers experiencing {tp}"),
                Measure::OnePointLess => format!("One point less satisfaction with {tp}"),
            },
            nf.signed(g.value, d),
            nf.dec(lo, d),
            nf.dec(hi, d),
            nf.signed(
                first.nps.unwrap().value,
                gain_decimals(first.nps.unwrap().value)
            ),
        );
        assert!(summary.contains(&esc(&words)), "{words}");
        // The other KPIs beside it, effort in its own direction.
        assert!(summary.contains("Also: "));
        assert!(summary.contains("on Customer effort (lower is better; 95%"));
        assert!(summary.contains("percentage points on Still a customer next year"));
        // The flagged ones apart, with their reasons.
        assert!(summary.contains("Shown apart: not certain enough to rank"));
        assert!(summary.contains("not above noise"));
        // The not controllable payment arrangement is left out, and said so.
        assert!(summary.contains("Left out as not controllable: Payment arrangement."));
        assert!(!summary.contains("experiencing Payment arrangement"));
        // The matrix the actions follow, with its how-to-read line.
        assert!(summary.contains("<svg"));
        assert!(summary.contains("How to read: further right"));
        // The old ranking by share of R² times reach is gone.
        assert!(!h.contains("of what explains Likelihood to recommend</span>"));
    }

    #[test]
    fn headline_speaks_the_kpis_own_scale() {
        let a = fixture();
        let t = texts(Lang::En);
        let nf = NumFmt::new(Lang::En);
        // Effort was reversed for the model: the headline turns it back.
        let h = headline(&a.kpis[1], t, nf);
        assert_eq!(h.value, "2.90");
        assert_eq!(
            h.label,
            "Customer effort: mean on the 1-7 scale (low is good)"
        );
        assert!(
            h.detail.starts_with("95%: 2.") && h.detail.ends_with("n = 1,904"),
            "{}",
            h.detail
        );
        let h = headline(&a.kpis[2], t, nf);
        assert_eq!(h.value, "86%");
        assert_eq!(h.label, "Still a customer next year: share who say yes");
    }

    /// Economize is a question to check; not controllable moments get no
    /// prevent or economize advice, only a mark and their note.
    #[test]
    fn advice_fits_the_kpi_and_respects_overrides() {
        let h = html(Lang::En);
        assert!(h.contains("Does this moment cost more than it returns? Check before relaxing"));
        assert!(!h.contains("save cost"));
        // Effort's quadrants speak of lower effort, not loyalty.
        let effort = &h[h.find("id=\"kpi-2\"").unwrap()..h.find("id=\"kpi-3\"").unwrap()];
        assert!(effort.contains("lower customer effort"));
        assert!(!effort.contains("loyalty"));
        let stay = &h[h.find("id=\"kpi-3\"").unwrap()..];
        assert!(stay.contains("the share who say yes to still a customer next year"));
        // The payment arrangement: marked, its note shown, listed apart in
        // its quadrant with no advice.
        assert!(h.contains(">not controllable</span>"));
        assert!(h.contains("Offered by law to every customer in arrears."));
        assert!(
            h.contains("Not controllable, shown for information (no advice): Payment arrangement")
        );
        assert!(!h.contains("<li>Payment arrangement ("));
        // A controllable touchpoint's note is shown too.
        assert!(h.contains("Run by a subcontractor since March."));
    }

    #[test]
    fn kpi_with_caveats_is_flagged_and_not_ranked() {
        let mut a = fixture();
        a.kpis[2].model.caveats =
            vec![cximpact_regression::ModelCaveat::FewInClass { n: 7, min: 30 }];
        let h = render_html(&a, &ReportSettings::default()).unwrap();
        let note = "Caution: the importances of Still a customer next year are not sound: only 7 \
                    respondents gave the rarer answer (at least 30 are needed).";
        // At its matrix and at its table.
        assert_eq!(h.matches(&esc(note)).count(), 2);
        // Not quoted beside the actions.
        assert!(!h.contains("percentage points on Still a customer next year"));
        let nl = render_html(
            &a,
            &ReportSettings {
                lang: Lang::Nl,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(
            nl.contains("Let op: de belangen van Still a customer next year zijn niet betrouwbaar")
        );

        // A lead KPI with caveats: ranked on the next sound one, and said so.
        a.kpis[0].model.caveats = vec![cximpact_regression::ModelCaveat::Separation];
        let h = render_html(&a, &ReportSettings::default()).unwrap();
        assert!(h.contains(&esc("The importances of Likelihood to recommend are not sound (see its section), so the list is ranked on Customer effort.")));
    }

    #[test]
    fn methods_explain_direction_what_if_and_limits() {
        let h = html(Lang::En);
        let methods = &h[h.find("id=\"methods\"").unwrap()..];
        assert!(methods.contains("net direction"));
        assert!(methods.contains("Shapley lends a term credit"));
        assert!(methods.contains("capped at the top of the scale"));
        assert!(methods.contains("one in ten of those customers"));
        assert!(methods.contains("not proven causes"));
        let nl = html(Lang::Nl);
        assert!(nl.contains("geen bewezen oorzaken") && nl.contains("netto-richting"));
    }

    /// Without a bootstrap the list says its certainty was not checked
    /// and quotes no intervals.
    #[test]
    fn priorities_without_a_bootstrap_say_so() {
        let mut a = fixture();
        for k in &mut a.kpis {
            k.uncertainty = None;
            if let Some(e) = k.nps_effects.as_mut() {
                e.uncertainty = None;
            }
        }
        let h = render_html(&a, &ReportSettings::default()).unwrap();
        let summary = &h[h.find("id=\"summary\"").unwrap()..h.find("id=\"kpi-1\"").unwrap()];
        assert!(summary.contains("The bootstrap was off"));
        assert!(!summary.contains("95%"));
        assert!(summary.contains("NPS +12</div>"));
    }

    #[test]
    fn gains_keep_two_significant_digits() {
        assert_eq!(gain_decimals(0.12), 2);
        assert_eq!(gain_decimals(1.4), 1);
        assert_eq!(gain_decimals(0.013), 3);
        assert_eq!(gain_decimals(23.0), 1);
        assert_eq!(gain_decimals(0.0), 2);
        assert_eq!(gain_decimals(0.09996), 2);
        assert_eq!(gain_decimals(-0.0996), 2);
    }

    /// The fixture's retention KPI is logistic: its table shows odds
    /// ratios, its headline a pseudo-R², and the methods explain both.
    #[test]
    fn logistic_kpis_speak_of_odds_ratios() {
        let h = html(Lang::En);
        assert_eq!(h.matches("Incidence (odds ratio)").count(), 1);
        // The linear KPIs keep their effect headers.
        assert!(h.contains("<th class=\"num wrap\">Incidence effect</th>"));
        assert!(h.contains("McFadden pseudo-R\u{b2} = 0.22"));
        assert!(h.contains("the largest standard error is 0.0006"));
        assert!(h.contains("get a logistic model"));
        // exp(0.1176) for the first touchpoint, two decimals.
        let a = fixture();
        let or = a.kpis[2].model.touchpoints[0].incidence_odds_ratio.unwrap();
        assert!(h.contains(&format!("<td class=\"num\">{or:.2}</td>")));
        let nl = html(Lang::Nl);
        assert!(nl.contains("Incidentie (odds ratio)") && nl.contains("logistisch model"));

        // A separated model says which effects are not estimable.
        let mut a = fixture();
        a.kpis[2].model.separation = true;
        a.kpis[2].model.touchpoints[0].incidence_odds_ratio = None;
        let h = render_html(&a, &ReportSettings::default()).unwrap();
        assert!(h.contains(">not estimable<"));
        assert!(h.contains("no finite odds ratio"));
        assert!(!h.contains("random subsample"));

        // A large survey's decomposition says it used a subsample; the
        // bootstrap of a logistic model is explained in the methods.
        let mut a = fixture();
        a.kpis[2].model.importance_subsample = Some(20_000);
        a.kpis[2].model.n = 250_000;
        let h = render_html(&a, &ReportSettings::default()).unwrap();
        assert!(h.contains("over all 250,000 with the logistic correction computed on a random subsample of 20,000"));
        assert!(h.contains("each resample refits the logistic model"));
        let v = crate::data::impact_json(&a, &ReportSettings::default());
        assert_eq!(v["kpis"][2]["importance_subsample"], 20_000);
        assert!(v["kpis"][0]["importance_subsample"].is_null());
    }
}
