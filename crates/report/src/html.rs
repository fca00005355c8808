//! The client report: one self-contained HTML page.
//!
//! Following cargo-criterion, the analysis is first turned into a view
//! model in which every number is already a formatted string (thousands
//! separators, decimals, `%`, decimal comma in Dutch), and the embedded
//! template only arranges those strings. That keeps formatting testable in
//! Rust and the template free of logic. The page needs no network and no
//! JavaScript: CSS and the matrix SVGs are inline, so it can be mailed to a
//! client or printed.
//!
//! `view` holds the view model; `first_screen`, `kpi`, `quality`
//! and `methods` fill its parts, and `gains` words the what-ifs.

use minijinja::{context, Environment};

use crate::charts::render_journey_svg;
use crate::format::NumFmt;
use crate::i18n::{chart_texts, fill, texts, Texts};
use crate::lang::Lang;
use crate::model::{Analysis, KpiKind};
use crate::priorities::{priorities, Priorities};
use crate::quadrant::{place, Matrix};
use crate::{ReportError, ReportSettings};

mod first_screen;
mod gains;
mod kpi;
mod methods;
mod moves;
mod quality;
mod segment_groups;
mod view;

#[cfg(test)]
mod tests;

pub(crate) use first_screen::flag_words;
use first_screen::{first_screen_lines, headline, priorities_view};
use kpi::{anchor, inline_svg, kpi_view};
use methods::{methods_bootstrap, methods_logistic, methods_settings};
use quality::quality_view;
use view::{
    JourneyChartView, KeyFigure, LeadMatrixView, NpsView, PhaseView, SegmentRow, SegmentView, View,
};

const TEMPLATE: &str = include_str!("../templates/report.html");

/// Renders the whole report.
pub fn render_html(analysis: &Analysis, settings: &ReportSettings) -> Result<String, ReportError> {
    let view = build_view(analysis, settings)?;
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    let tmpl = env.get_template("report.html")?;
    Ok(tmpl.render(context! { v => view, t => texts(settings.lang) })?)
}

/// The report's first screen as plain lines, for a batch's index: the
/// lead KPI's label, its level, the level's interval and base, and the
/// first certain action in words.
pub fn first_screen_summary(analysis: &Analysis, settings: &ReportSettings) -> [String; 4] {
    let p = priorities(analysis, &settings.crosshair);
    first_screen_lines(
        analysis,
        &p,
        texts(settings.lang),
        NumFmt::new(settings.lang),
    )
}

/// The whole view model, section by section in the page's order.
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

    let ct = chart_texts(settings.lang);
    let journey_chart = JourneyChartView {
        heading: ct.journey_heading.to_string(),
        intro: ct.journey_intro.to_string(),
        svg: strip_namespace(render_journey_svg(a, &matrices, settings.lang)?),
    };
    let segments = segment_views(a, t, nf);
    let quality = quality_view(a, t, nf);
    let methods_settings = methods_settings(a, settings, &matrices, &weighting, t, nf);
    let methods_bootstrap = methods_bootstrap(a, t, nf);
    let journey = journey(a);

    Ok(View {
        title: a.title.clone(),
        print_footer: css_string(&format!("{} \u{b7} {}", a.title, t.report_kind)),
        source: fill(t.generated_from, &[("file", &a.source_file)]),
        headline,
        priorities,
        lead_matrix,
        key_figures,
        nps,
        kpis,
        journey_chart,
        segments,
        quality,
        methods_settings,
        methods_logistic: methods_logistic(a, t, nf),
        methods_bootstrap,
        journey,
    })
}

/// `text` as the body of a CSS string: letters, digits and spaces as they
/// are, every other character as a hex escape (`\3c ` for `<`), so the
/// text can neither end the string nor the `<style>` element it sits in.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out
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
    // The readable names of `[segments.labels]`, carried by the groups.
    let named = |column: &str, value: Option<&str>| {
        a.segment_models
            .iter()
            .find(|g| g.column == column && value.is_none_or(|v| g.value == v))
            .map(|g| {
                if value.is_some() {
                    g.label.clone()
                } else {
                    g.column_label.clone()
                }
            })
    };
    a.segments
        .iter()
        .map(|s| SegmentView {
            column: named(&s.column, None).unwrap_or_else(|| s.column.clone()),
            headers: a.kpis.iter().map(|k| k.label.clone()).collect(),
            rows: s
                .groups
                .iter()
                .map(|g| SegmentRow {
                    group: if g.value.trim().is_empty() {
                        t.blank_group.into()
                    } else {
                        named(&s.column, Some(&g.value)).unwrap_or_else(|| g.value.clone())
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

/// A chart as inline SVG: no namespace declaration needed, and dropping
/// it keeps the page free of any URL.
fn strip_namespace(svg: String) -> String {
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
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
