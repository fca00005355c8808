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

use crate::data::{drop_reason_text, touchpoint_label};
use crate::format::NumFmt;
use crate::i18n::{fill, texts, Texts};
use crate::model::{Analysis, Exclusion, KpiAnalysis, KpiKind};
use crate::quadrant::{place, CrosshairRule, Lang, Matrix, MatrixPoint, Quadrant, XScale};
use crate::svg::render_matrix_svg;
use crate::{ReportError, ReportSettings};
use cximpact_regression::{ImpactBasis, ModelKind, Term};

const TEMPLATE: &str = include_str!("../templates/report.html");

/// How many excluded or warned rows are listed before "…".
const ROWS_SHOWN: usize = 8;
/// How many warnings of one kind are quoted.
const EXAMPLES_SHOWN: usize = 3;

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
    key_figures: Vec<KeyFigure>,
    summaries: Vec<KpiSummary>,
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

#[derive(Debug, Serialize)]
struct KpiSummary {
    anchor: String,
    label: String,
    explains: String,
    intro: String,
    actions: Vec<ActionView>,
}

#[derive(Debug, Serialize)]
struct ActionView {
    quadrant: &'static str,
    verb: &'static str,
    touchpoint: String,
    detail: String,
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
    rows: Vec<RowView>,
    table_note: String,
    has_small_base: bool,
    small_base_note: String,
    quadrants: Vec<QuadrantView>,
    /// Column headers of the effects: odds ratios for logistic KPIs.
    th_incidence: &'static str,
    th_quality: &'static str,
    th_importance: &'static str,
    /// Bootstrap columns and note are shown.
    has_uncertainty: bool,
    uncertainty_note: String,
}

#[derive(Debug, Serialize)]
struct RowView {
    label: String,
    name: String,
    phase: String,
    n: String,
    frequency: String,
    mean: String,
    top_box: String,
    incidence: String,
    quality: String,
    importance: String,
    impact: String,
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
    meaning: &'static str,
    advice: &'static str,
    touchpoints: Vec<String>,
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
    let key_figures = vec![
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
            value: weighting.clone(),
        },
        KeyFigure {
            label: t.kpis_analysed.into(),
            value: nf.int(a.kpis.len()),
        },
    ];

    let summaries = a
        .kpis
        .iter()
        .zip(&matrices)
        .enumerate()
        .map(|(k, (kpi, m))| KpiSummary {
            anchor: anchor(k),
            label: kpi.label.clone(),
            explains: if kpi.model.model == ModelKind::Logistic {
                fill(
                    t.explains_logistic,
                    &[
                        ("r2", &nf.dec(kpi.model.r2, 2)),
                        ("kpi", &kpi.label),
                        ("n", &nf.int(kpi.model.n)),
                    ],
                )
            } else {
                fill(
                    t.explains,
                    &[
                        ("r2", &nf.share(kpi.model.r2, 0)),
                        ("kpi", &kpi.label),
                        ("n", &nf.int(kpi.model.n)),
                    ],
                )
            },
            intro: fill(t.top_actions_intro, &[("kpi", &kpi.label)]),
            actions: top_actions(a, kpi, m, t, nf),
        })
        .collect();

    let nps = a
        .kpis
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
        .collect();

    let mut kpis = Vec::new();
    for (k, (kpi, m)) in a.kpis.iter().zip(&matrices).enumerate() {
        kpis.push(kpi_view(a, k, kpi, m, settings, t, nf)?);
    }

    let segments = a
        .segments
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
        .collect();

    let quality = QualityView {
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
    };

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
    let methods_settings = fill(
        t.methods_settings,
        &[
            ("x", &rule(settings.crosshair.x, x_unit)),
            ("y", &rule(settings.crosshair.y, "%")),
            ("min_not", &nf.int(a.settings.min_not_experienced)),
            ("small", &nf.int(a.settings.small_base)),
            ("weights", &weighting),
            ("method", &importance_methods(a, nf.lang)),
        ],
    );

    let methods_bootstrap = methods_bootstrap(a, t, nf);

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

    Ok(View {
        title: a.title.clone(),
        source: fill(t.generated_from, &[("file", &a.source_file)]),
        key_figures,
        summaries,
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

/// The three touchpoints to work on first: those that hurt or under-
/// perform (improve, prevent), ranked by impact times the share of
/// customers who meet them; topped up with the best moments to amplify.
fn top_actions(
    a: &Analysis,
    kpi: &KpiAnalysis,
    m: &Matrix,
    t: &'static Texts,
    nf: NumFmt,
) -> Vec<ActionView> {
    let score = |p: &MatrixPoint| p.y.abs() * p.frequency;
    let mut urgent: Vec<&MatrixPoint> = m
        .points
        .iter()
        .filter(|p| matches!(p.quadrant, Quadrant::Improve | Quadrant::Prevent) && p.y != 0.0)
        .collect();
    urgent.sort_by(|x, y| score(y).total_cmp(&score(x)));
    let mut amplify: Vec<&MatrixPoint> = m
        .points
        .iter()
        .filter(|p| p.quadrant == Quadrant::Amplify && p.y > 0.0)
        .collect();
    // Room to grow: strong moments that few customers meet yet.
    amplify.sort_by(|x, y| (y.y * (1.0 - y.frequency)).total_cmp(&(x.y * (1.0 - x.frequency))));
    urgent
        .into_iter()
        .chain(amplify)
        .take(3)
        .map(|p| {
            let mean = a.touchpoints[p.touchpoint]
                .descriptives
                .satisfaction_mean
                .unwrap_or(f64::NAN);
            ActionView {
                quadrant: p.quadrant.id(),
                verb: t.quadrant(p.quadrant).action,
                touchpoint: p.label.clone(),
                detail: fill(
                    t.action_detail,
                    &[
                        ("mean", &nf.dec(mean, 1)),
                        ("freq", &nf.share(p.frequency, 0)),
                        ("n", &nf.int(p.n_experienced)),
                        ("share", &nf.pct(p.y.abs(), 0)),
                        ("kpi", &kpi.label),
                    ],
                ),
            }
        })
        .collect()
}

fn kpi_view(
    a: &Analysis,
    k: usize,
    kpi: &KpiAnalysis,
    m: &Matrix,
    settings: &ReportSettings,
    t: &'static Texts,
    nf: NumFmt,
) -> Result<KpiView, ReportError> {
    let kind = match kpi.kind {
        KpiKind::Nps => t.kind_nps,
        KpiKind::Scale => t.kind_scale,
        KpiKind::Binary => t.kind_binary,
    };
    let logistic = kpi.model.model == ModelKind::Logistic;
    let meta = fill(
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
    // Inline SVG needs no namespace declaration, and dropping it keeps the
    // page free of any URL.
    let svg = render_matrix_svg(m, kpi, settings.lang)?.replacen(
        " xmlns=\"http://www.w3.org/2000/svg\"",
        "",
        1,
    );

    // Logistic effects are log-odds, shown with their odds ratio.
    let effect = |value: Option<f64>, odds: Option<f64>| {
        if logistic {
            odds_ratio(value, odds, t, nf)
        } else {
            nf.opt(value, |f, v| f.signed(v, 2))
        }
    };
    let rows: Vec<RowView> = a
        .touchpoints
        .iter()
        .enumerate()
        .map(|(i, tp)| {
            let d = &tp.descriptives;
            let e = kpi.model.touchpoints.get(i);
            let p = m.point(i);
            RowView {
                label: tp.label.clone(),
                name: tp.name.clone(),
                phase: tp.phase.clone().unwrap_or_default(),
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
                importance: nf.opt(e.map(|e| e.importance_share), |f, v| f.share(v, 1)),
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
                    format!("{} \u{2026} {}%", nf.signed(lo, 1), nf.signed(hi, 1))
                }),
                quadrant_probability: p
                    .and_then(|p| p.quadrant_probability)
                    .map_or_else(String::new, |v| nf.share(v, 0)),
                uncertain: p.is_some_and(|p| p.impact_uncertain),
                not_above_noise: p.is_some_and(|p| p.significant == Some(false)),
            }
        })
        .collect();

    // The same arrangement as the matrix: low satisfaction on the left,
    // positive impact on top.
    let quadrants = [
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
        QuadrantView {
            id: q.id(),
            name: qt.name,
            meaning: qt.meaning,
            advice: qt.advice,
            touchpoints: pts
                .iter()
                .map(|p| format!("{} ({}%)", p.label, nf.signed(p.y, 1)))
                .collect(),
        }
    })
    .collect();

    Ok(KpiView {
        anchor: anchor(k),
        heading: fill(t.kpi_section, &[("kpi", &kpi.label)]),
        meta,
        reversed: kpi.reverse,
        svg,
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
        th_importance: if logistic {
            t.th_importance_pseudo
        } else {
            t.th_importance
        },
        has_uncertainty: kpi.uncertainty.is_some(),
        uncertainty_note: kpi.uncertainty.as_ref().map_or_else(String::new, |u| {
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
        }),
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
    use crate::quadrant::Lang;

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
        assert!(h.contains("What to work on first"));
        assert!(h.contains("out of scale") && h.contains("row 17, q10_app"));
        assert!(h.contains("nobody rated it"));
        assert!(h.contains("(no answer)"));
        assert_eq!(h.matches("<svg").count(), 3);
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
        assert!(!h.contains("What to work on first"));
    }

    #[test]
    fn top_actions_rank_by_impact_and_reach() {
        let a = fixture();
        let m = place(&a, 0, &Default::default());
        let acts = top_actions(&a, &a.kpis[0], &m, texts(Lang::En), NumFmt::new(Lang::En));
        let names: Vec<&str> = acts.iter().map(|x| x.touchpoint.as_str()).collect();
        // Invoice: 11% x 0.93; Mobile app: 11% x 0.49; Helpdesk call: 10% x 0.38.
        assert_eq!(names, ["Invoice", "Mobile app", "Helpdesk call"]);
        assert!(acts[0].detail.contains("93%") && acts[0].detail.contains("n = 1,848"));
    }

    /// The fixture's retention KPI is logistic: its table shows odds
    /// ratios, its headline a pseudo-R², and the methods explain both.
    #[test]
    fn logistic_kpis_speak_of_odds_ratios() {
        let h = html(Lang::En);
        assert_eq!(h.matches("Incidence (odds ratio)").count(), 1);
        // The linear KPIs keep their effect headers.
        assert!(h.contains("<th class=\"num\">Incidence effect</th>"));
        assert!(h.contains("Importance (% of pseudo-R\u{b2})"));
        assert!(h.contains("McFadden pseudo-R\u{b2} of 0.22"));
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
