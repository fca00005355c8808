//! Machine-readable outputs: `impact.json`, `impact.csv` and
//! `excluded.csv`, the two CSV files in one dialect (comma, CRLF, RFC 4180
//! quoting, see [`csv_quote`]), or for Dutch Excel in the dialect of
//! [`CsvLocale::Nl`](crate::csv_locale::CsvLocale).
//!
//! These are what a consultant pastes into their own charts or a client's
//! dashboard, and what scripts read, so their field names are a contract
//! (`name` is always the survey column, shares are between 0 and 1, absent
//! values are `null` / empty) and numbers are never localised.

use cximpact_regression::{
    DropReason, ImpactBasis, ModelCaveat, ModelKind, Term, TouchpointEffect,
};
use serde::Serialize;
use serde_json::{json, Value};

pub use crate::csv_locale::csv_quote;
use crate::csv_locale::{CsvLocale, CsvWriter};
use crate::format::NumFmt;
use crate::groups::{group_matrices, skip_text, GroupMatrix};
use crate::i18n::{fill, texts, Texts};
use crate::lang::Lang;
use crate::model::{Analysis, ExclusionReason, KpiAnalysis};
use crate::priorities::{gain_scale, priorities, Gain, Measure, Priorities};
use crate::quadrant::{place, Matrix, XScale};
use crate::ReportSettings;

/// One touchpoint of one KPI, as both outputs describe it.
#[derive(Debug, Clone, Serialize)]
pub struct TouchpointRow<'a> {
    /// Survey column name.
    pub name: &'a str,
    pub label: &'a str,
    pub phase: Option<&'a str>,
    /// Respondents who rated it (base of the satisfaction numbers).
    pub n_experienced: usize,
    /// Weighted share who experienced it, 0-1.
    pub frequency: f64,
    pub satisfaction_mean: Option<f64>,
    pub satisfaction_sd: Option<f64>,
    pub top_box_share: Option<f64>,
    pub incidence_effect: Option<f64>,
    pub quality_effect: Option<f64>,
    pub quality_effect_std: Option<f64>,
    /// Logistic KPIs: `exp(incidence_effect)`, the odds ratio of the
    /// positive class for those who experienced the touchpoint.
    pub incidence_odds_ratio: Option<f64>,
    /// Logistic KPIs: `exp(quality_effect)`, the odds ratio per
    /// satisfaction point.
    pub quality_odds_ratio: Option<f64>,
    /// Shapley share of R² (sums to R² over touchpoints).
    pub importance: f64,
    /// `importance / R²`, 0-1.
    pub importance_share: f64,
    /// Standard error of `importance` when it was sampled
    /// (`importance_method = shapley-sampled`), else `null`.
    pub importance_se: Option<f64>,
    /// Johnson's relative weight of the touchpoint's terms (sums to R²
    /// over touchpoints), reported beside the Shapley importance.
    pub relative_weight: Option<f64>,
    /// Importance signed by the net effect, in R² units.
    pub impact: f64,
    pub impact_basis: Option<ImpactBasis>,
    /// Quadrant id, `null` when the touchpoint is not in the matrix.
    pub quadrant: Option<&'static str>,
    pub small_base: bool,
    // Beyond the contract: what the matrix plots and the model's own base.
    pub satisfaction_median: Option<f64>,
    pub scale_min: f64,
    pub scale_max: f64,
    pub model_n_experienced: Option<usize>,
    pub model_n_not_experienced: Option<usize>,
    /// x as plotted (scale points, or % of scale with mixed scales).
    pub matrix_x: Option<f64>,
    /// y as plotted: signed share of explained variance, in %.
    pub matrix_y: Option<f64>,
    // Bootstrap (all `null` when it is off): 95% percentile intervals.
    /// Interval of `satisfaction_mean`.
    pub satisfaction_ci: Option<[f64; 2]>,
    /// Interval of `frequency`.
    pub frequency_ci: Option<[f64; 2]>,
    /// Interval of `importance` (R² units).
    pub importance_ci: Option<[f64; 2]>,
    /// Interval of `impact` (R² units).
    pub impact_ci: Option<[f64; 2]>,
    /// Interval of `matrix_x`, in its units.
    pub matrix_x_ci: Option<[f64; 2]>,
    /// Interval of `matrix_y`, in %.
    pub matrix_y_ci: Option<[f64; 2]>,
    /// Share of replicates in which the touchpoint lands in `quadrant`.
    pub quadrant_probability: Option<f64>,
    /// The impact interval contains zero.
    pub impact_uncertain: Option<bool>,
    /// The importance interval lies above the noise benchmark.
    pub significant: Option<bool>,
    // Direction, importance split and what-ifs.
    /// Net direction of the effect in [-1, 1] (the terms' signs weighted
    /// by the KPI variance each moves on its own); `null` when the
    /// touchpoint is not in the model.
    pub direction: Option<f64>,
    /// The parts of `importance` its incidence and quality terms carry
    /// (they add up to `importance`); `null` where the term is not in the
    /// model.
    pub importance_incidence: Option<f64>,
    pub importance_quality: Option<f64>,
    /// Change in the KPI's mean if everyone who experienced it rated it
    /// one point higher: KPI points, or percentage points for a yes/no
    /// KPI (see the KPI's `gain_unit`); positive = better.
    pub gain_one_point: Option<f64>,
    pub gain_one_point_ci: Option<[f64; 2]>,
    /// Change in the KPI's mean if one in ten of those who experienced it
    /// no longer did (units as `gain_one_point`); positive for a moment
    /// that hurts.
    pub gain_prevent: Option<f64>,
    pub gain_prevent_ci: Option<[f64; 2]>,
    /// NPS questions analysed as a score: the same what-ifs in NPS points.
    pub gain_one_point_nps: Option<f64>,
    pub gain_one_point_nps_ci: Option<[f64; 2]>,
    pub gain_prevent_nps: Option<f64>,
    pub gain_prevent_nps_ci: Option<[f64; 2]>,
    /// Config `controllable`: false keeps it out of the priorities.
    pub controllable: bool,
    /// The consultant's note from the config.
    pub note: Option<&'a str>,
}

/// The rows of one KPI, in journey order.
pub fn touchpoint_rows<'a>(
    analysis: &'a Analysis,
    kpi: &'a KpiAnalysis,
    matrix: &Matrix,
) -> Vec<TouchpointRow<'a>> {
    analysis
        .touchpoints
        .iter()
        .enumerate()
        .map(|(i, tp)| {
            let d = &tp.descriptives;
            let e: Option<&TouchpointEffect> = kpi.model.touchpoints.get(i);
            let point = matrix.point(i);
            let u = kpi.uncertainty.as_ref().and_then(|u| u.touchpoints.get(i));
            let scale = gain_scale(kpi);
            let gain = |m: Measure| {
                crate::priorities::what_if(&kpi.model, kpi.uncertainty.as_ref(), i, m, scale)
            };
            let nps = |m: Measure| {
                kpi.nps_effects.as_ref().and_then(|n| {
                    crate::priorities::what_if(&n.model, n.uncertainty.as_ref(), i, m, 1.0)
                })
            };
            let (one, prevent) = (gain(Measure::OnePointMore), gain(Measure::OneInTenFewer));
            let (one_nps, prevent_nps) = (nps(Measure::OnePointMore), nps(Measure::OneInTenFewer));
            let in_model = e.filter(|e| e.incidence_effect.is_some() || e.quality_effect.is_some());
            TouchpointRow {
                name: &tp.name,
                label: &tp.label,
                phase: tp.phase.as_deref(),
                n_experienced: d.n_experienced,
                frequency: d.frequency,
                satisfaction_mean: d.satisfaction_mean,
                satisfaction_sd: d.satisfaction_sd,
                top_box_share: d.top_box_share,
                incidence_effect: e.and_then(|e| e.incidence_effect),
                quality_effect: e.and_then(|e| e.quality_effect),
                quality_effect_std: e.and_then(|e| e.quality_effect_std),
                incidence_odds_ratio: e.and_then(|e| e.incidence_odds_ratio),
                quality_odds_ratio: e.and_then(|e| e.quality_odds_ratio),
                importance: e.map_or(0.0, |e| e.importance),
                importance_share: e.map_or(0.0, |e| e.importance_share),
                importance_se: e.and_then(|e| e.importance_se),
                relative_weight: e.map(|e| e.relative_weight),
                impact: e.map_or(0.0, |e| e.impact),
                impact_basis: e.map(|e| e.impact_basis),
                quadrant: point.map(|p| p.quadrant.id()),
                small_base: e.is_some_and(|e| e.small_base),
                satisfaction_median: d.satisfaction_median,
                scale_min: tp.scale.0,
                scale_max: tp.scale.1,
                model_n_experienced: e.map(|e| e.n_experienced),
                model_n_not_experienced: e.map(|e| e.n_not_experienced),
                matrix_x: point.map(|p| p.x),
                matrix_y: point.map(|p| p.y),
                satisfaction_ci: u.and_then(|u| u.satisfaction_ci),
                frequency_ci: u.map(|u| u.frequency_ci),
                importance_ci: u.and_then(|u| u.importance_ci),
                impact_ci: u.and_then(|u| u.impact_ci),
                matrix_x_ci: point.and_then(|p| p.x_ci),
                matrix_y_ci: point.and_then(|p| p.y_ci),
                quadrant_probability: point.and_then(|p| p.quadrant_probability),
                impact_uncertain: u.map(|u| u.impact_uncertain),
                significant: u.and_then(|u| u.significant),
                direction: in_model.map(|e| e.direction),
                importance_incidence: e.and_then(|e| e.importance_incidence),
                importance_quality: e.and_then(|e| e.importance_quality),
                gain_one_point: one.map(|g| g.value),
                gain_one_point_ci: one.and_then(|g| g.ci),
                gain_prevent: prevent.map(|g| g.value),
                gain_prevent_ci: prevent.and_then(|g| g.ci),
                gain_one_point_nps: one_nps.map(|g| g.value),
                gain_one_point_nps_ci: one_nps.and_then(|g| g.ci),
                gain_prevent_nps: prevent_nps.map(|g| g.value),
                gain_prevent_nps_ci: prevent_nps.and_then(|g| g.ci),
                controllable: tp.controllable,
                note: tp.note.as_deref(),
            }
        })
        .collect()
}

/// The full analysis as JSON (see the crate docs for the contract).
pub fn impact_json(analysis: &Analysis, settings: &ReportSettings) -> Value {
    let en = texts(Lang::En);
    let kpis: Vec<Value> = analysis
        .kpis
        .iter()
        .enumerate()
        .map(|(k, kpi)| {
            let m = place(analysis, k, &settings.crosshair);
            let dropped: Vec<Value> = kpi
                .model
                .dropped
                .iter()
                .map(|d| {
                    json!({
                        "touchpoint": touchpoint_name(analysis, d.touchpoint),
                        "term": d.term,
                        "reason": drop_reason_text(en, &d.reason, analysis),
                        "reason_detail": d.reason,
                    })
                })
                .collect();
            let mut v = json!({
                "name": kpi.name,
                "label": kpi.label,
                "kind": kpi.kind,
                "reverse": kpi.reverse,
                "scale": [kpi.scale.0, kpi.scale.1],
                "n": kpi.model.n,
                "weighted_n": kpi.model.weighted_n,
                "kpi_mean": kpi.model.kpi_mean,
                "kpi_sd": kpi.model.kpi_sd,
                "r2": kpi.model.r2,
                "adj_r2": kpi.model.adj_r2,
                "intercept": kpi.model.intercept,
                "n_terms": kpi.model.n_terms,
                "importance_method": kpi.model.importance_method,
                "importance_subsample": kpi.model.importance_subsample,
                "model": kpi.model.model,
                "pseudo_r2": kpi.model.pseudo_r2,
                "separation": kpi.model.separation,
                "condition_number": kpi.model.condition_number,
                "r2_ci": kpi.uncertainty.as_ref().map(|u| u.r2_ci),
                "bootstrap": kpi.uncertainty.as_ref().map(|u| json!({
                    "replicates": u.replicates,
                    "seed": u.seed,
                    "level": u.level,
                    "unit": u.unit,
                    "chunks": u.chunks,
                    "noise_importance": u.noise_importance,
                    "noise_threshold": u.noise_threshold,
                })),
                "nps": kpi.nps,
                "excluded": kpi.excluded,
                "dropped_terms": dropped,
                "crosshair": {
                    "x": m.cx,
                    "y": m.cy,
                    "x_rule": m.crosshair.x,
                    "y_rule": m.crosshair.y,
                    "x_unit": x_unit(&m),
                },
                "gain_unit": gain_unit(kpi),
                "kpi_mean_ci": kpi.uncertainty.as_ref().and_then(|u| u.kpi_mean_ci),
                "nps_ci": kpi
                    .nps_effects
                    .as_ref()
                    .and_then(|n| n.uncertainty.as_ref())
                    .and_then(|u| u.kpi_mean_ci),
                "caveats": kpi
                    .model
                    .caveats
                    .iter()
                    .map(|c| {
                        let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
                        if let Value::Object(o) = &mut v {
                            o.insert("reason".into(), caveat_text(en, NumFmt::new(Lang::En), c, kpi).into());
                        }
                        v
                    })
                    .collect::<Vec<Value>>(),
                "touchpoints": touchpoint_rows(analysis, kpi, &m),
            });
            // Only a model fitted on a subsample says so (n, of, seed).
            if let Some(sub) = kpi.subsample {
                v["model_subsample"] = json!(sub);
            }
            v
        })
        .collect();
    let p = priorities(analysis, &settings.crosshair);
    let mut out = json!({
        "survey": {
            "title": analysis.title,
            "file": analysis.source_file,
            "respondents_in": analysis.respondents_in,
            "respondents_analysed": analysis.respondents_analysed,
            "weight_column": analysis.weight_column,
            "excluded": analysis.excluded,
            "warnings": analysis.warnings,
            "settings": analysis.settings,
        },
        "crosshair": {
            "x": settings.crosshair.x,
            "y": settings.crosshair.y,
        },
        "kpis": kpis,
        "lead_kpi": analysis.kpis.get(p.lead).map(|k| k.name.as_str()),
        "ranked_on": p.ranked_on.map(|k| analysis.kpis[k].name.as_str()),
        "priorities": priorities_json(analysis, &p),
    });
    if let (Some(c), Value::Object(o)) = (comparison_json(analysis, settings), &mut out) {
        o.insert("comparison".into(), c);
    }
    if let Value::Object(o) = &mut out {
        o.insert("segments".into(), segments_json(analysis, settings));
    }
    out
}

/// Per segment group: its size, why it has no model (if so), and per KPI
/// its own model's touchpoints with the test of a different effect.
fn segments_json(analysis: &Analysis, settings: &ReportSettings) -> Value {
    let en = texts(Lang::En);
    let nf = NumFmt::new(Lang::En);
    let per_kpi: Vec<Vec<GroupMatrix>> = (0..analysis.kpis.len())
        .map(|k| group_matrices(analysis, k, &settings.crosshair))
        .collect();
    let groups: Vec<Value> = analysis
        .segment_models
        .iter()
        .enumerate()
        .map(|(g, seg)| {
            let kpis: Vec<Value> = per_kpi
                .iter()
                .enumerate()
                .filter_map(|(k, views)| {
                    let view = &views[g];
                    let (ga, gk, m) = view.kpi.as_ref()?;
                    let touchpoints: Vec<Value> = touchpoint_rows(ga, gk, m)
                        .into_iter()
                        .enumerate()
                        .map(|(j, r)| {
                            let test = view.test(j);
                            json!({
                                "name": r.name,
                                "satisfaction_mean": r.satisfaction_mean,
                                "frequency": r.frequency,
                                "impact": r.impact,
                                "quadrant": r.quadrant,
                                "incidence_effect": r.incidence_effect,
                                "quality_effect": r.quality_effect,
                                "gain_one_point": r.gain_one_point,
                                "differs_from_rest": view.differs(j),
                                "difference_p": test.map(|t| t.p_adjusted),
                                "difference_p_unadjusted": test.map(|t| t.p),
                            })
                        })
                        .collect();
                    Some(json!({
                        "name": analysis.kpis[k].name,
                        "n": gk.model.n,
                        "r2": gk.model.r2,
                        "nps": gk.nps.as_ref().map(|n| n.score),
                        "touchpoints": touchpoints,
                    }))
                })
                .collect();
            json!({
                "column": seg.column,
                "column_label": seg.column_label,
                "value": seg.value,
                "label": seg.label,
                "n": seg.analysed,
                "analysed": seg.analysis.as_ref().map_or(0, |a| a.respondents_analysed),
                "reason": seg.skipped.as_ref().map(|s| skip_text(s, en, nf)),
                "kpis": kpis,
            })
        })
        .collect();
    Value::Array(groups)
}

/// The wave comparison (`--compare`): per KPI both waves share, the
/// previous level and the change of the NPS (or mean), and per shared
/// touchpoint the changes with intervals and both quadrants (the previous
/// position against this wave's crosshair).
fn comparison_json(analysis: &Analysis, settings: &ReportSettings) -> Option<Value> {
    let c = analysis.comparison.as_ref()?;
    let kpis: Vec<Value> = c
        .kpis
        .iter()
        .map(|kc| {
            let kpi = &analysis.kpis[kc.kpi];
            let prev = &c.previous.kpis[kc.previous_kpi];
            let m = place(analysis, kc.kpi, &settings.crosshair);
            let touchpoints: Vec<Value> = kc
                .touchpoints
                .iter()
                .map(|t| {
                    let point = m.point(t.touchpoint);
                    let quadrant = point.map(|p| p.quadrant.id());
                    let previous_quadrant = point.and_then(|p| p.previous).map(|p| p.quadrant.id());
                    json!({
                        "name": touchpoint_name(analysis, t.touchpoint),
                        "satisfaction_change": t.satisfaction_change,
                        "satisfaction_change_ci": t.satisfaction_change_ci,
                        "frequency_change": t.frequency_change,
                        "frequency_change_ci": t.frequency_change_ci,
                        "impact_change": t.impact_change,
                        "impact_change_ci": t.impact_change_ci,
                        "previous_quadrant": previous_quadrant,
                        "quadrant": quadrant,
                        "moved": quadrant.is_some()
                            && previous_quadrant.is_some()
                            && quadrant != previous_quadrant,
                        "significant_change": t.significant_change,
                    })
                })
                .collect();
            json!({
                "name": kpi.name,
                "previous": {
                    "n": prev.model.n,
                    "r2": prev.model.r2,
                    "nps": prev.nps.as_ref().map(|n| n.score),
                    "kpi_mean": prev.model.kpi_mean,
                },
                "nps_change": kc.nps_change,
                "nps_change_ci": kc.nps_change_ci,
                "mean_change": kc.mean_change,
                "mean_change_ci": kc.mean_change_ci,
                "touchpoints": touchpoints,
            })
        })
        .collect();
    Some(json!({
        "previous_file": c.previous_file,
        "kpis": kpis,
        "touchpoints_only_current": c.touchpoints_only_current,
        "touchpoints_only_previous": c.touchpoints_only_previous,
        "kpis_only_current": c.kpis_only_current,
        "kpis_only_previous": c.kpis_only_previous,
    }))
}

/// `kpi_points`, or `percentage_points` for a yes/no KPI whose gains are
/// written in percentage points.
pub fn gain_unit(kpi: &KpiAnalysis) -> &'static str {
    if gain_scale(kpi) == 1.0 {
        "kpi_points"
    } else {
        "percentage_points"
    }
}

/// The priority list as JSON: survey column names for touchpoints and
/// KPIs, gains in each KPI's `gain_unit`.
fn priorities_json(a: &Analysis, p: &Priorities) -> Vec<Value> {
    let value = |g: Option<Gain>| g.map(|g| g.value);
    let ci = |g: Option<Gain>| g.and_then(|g| g.ci);
    p.items
        .iter()
        .map(|i| {
            json!({
                "rank": i.rank,
                "touchpoint": touchpoint_name(a, i.touchpoint),
                "label": touchpoint_label(a, i.touchpoint),
                "action": i.action,
                "measure": i.measure,
                "kpi": a.kpis[i.kpi].name,
                "gain": value(i.gain),
                "gain_ci": ci(i.gain),
                "certain": i.certain,
                "flags": i.flags,
                "other_kpis": i.other_kpis.iter().map(|o| json!({
                    "kpi": a.kpis[o.kpi].name,
                    "gain": value(o.gain),
                    "gain_ci": ci(o.gain),
                    "gain_nps": value(o.nps),
                    "gain_nps_ci": ci(o.nps),
                })).collect::<Vec<Value>>(),
                "gain_nps": value(i.nps),
                "gain_nps_ci": ci(i.nps),
            })
        })
        .collect()
}

/// Why a KPI's importances are not sound, in words.
pub(crate) fn caveat_text(t: &Texts, nf: NumFmt, c: &ModelCaveat, kpi: &KpiAnalysis) -> String {
    match c {
        ModelCaveat::Separation => t.caveat_separation.to_string(),
        ModelCaveat::FewInClass { n, min } => {
            fill(t.caveat_few, &[("n", &nf.int(*n)), ("min", &nf.int(*min))])
        }
        ModelCaveat::ImportanceSum { sum } => fill(
            t.caveat_sum,
            &[("sum", &nf.dec(*sum, 3)), ("r2", &nf.dec(kpi.model.r2, 3))],
        ),
    }
}

fn x_unit(m: &Matrix) -> &'static str {
    match m.x_scale {
        XScale::Raw { .. } => "scale",
        XScale::PercentOfScale => "percent_of_scale",
    }
}

/// Column header of the CSV, in order.
pub const CSV_HEADER: [&str; 74] = [
    "kpi",
    "kpi_label",
    "kpi_n",
    "kpi_r2",
    "name",
    "label",
    "phase",
    "n_experienced",
    "frequency",
    "satisfaction_mean",
    "satisfaction_sd",
    "top_box_share",
    "incidence_effect",
    "quality_effect",
    "quality_effect_std",
    "incidence_odds_ratio",
    "quality_odds_ratio",
    "importance",
    "importance_share",
    "importance_se",
    "relative_weight",
    "impact",
    "impact_basis",
    "quadrant",
    "small_base",
    "satisfaction_median",
    "scale_min",
    "scale_max",
    "model_n_experienced",
    "model_n_not_experienced",
    "matrix_x",
    "matrix_y",
    "crosshair",
    "satisfaction_ci_low",
    "satisfaction_ci_high",
    "frequency_ci_low",
    "frequency_ci_high",
    "importance_ci_low",
    "importance_ci_high",
    "impact_ci_low",
    "impact_ci_high",
    "quadrant_probability",
    "impact_uncertain",
    "significant",
    "kpi_r2_ci_low",
    "kpi_r2_ci_high",
    "kpi_model",
    "direction",
    "importance_incidence",
    "importance_quality",
    "gain_one_point",
    "gain_one_point_ci_low",
    "gain_one_point_ci_high",
    "gain_prevent",
    "gain_prevent_ci_low",
    "gain_prevent_ci_high",
    "gain_one_point_nps",
    "gain_one_point_nps_ci_low",
    "gain_one_point_nps_ci_high",
    "gain_prevent_nps",
    "gain_prevent_nps_ci_low",
    "gain_prevent_nps_ci_high",
    "controllable",
    "note",
    "gain_unit",
    "kpi_mean_ci_low",
    "kpi_mean_ci_high",
    "nps_ci_low",
    "nps_ci_high",
    "caveats",
    "lead_kpi",
    "priority_rank",
    "priority_action",
    "priority_certain",
];

/// One row per KPI and touchpoint, comma-separated with `.` decimals and
/// RFC 4180 quoting (or in the dialect of `settings.csv_locale`); empty
/// cells for absent values.
pub fn impact_csv(analysis: &Analysis, settings: &ReportSettings) -> String {
    let mut csv = CsvWriter::new(settings.csv_locale, &CSV_HEADER);
    for record in impact_records(analysis, settings) {
        csv.record(record);
    }
    csv.finish()
}

/// The records of `impact.csv` (without its header), one per KPI and
/// touchpoint, in [`CSV_HEADER`]'s order; a batch's `summary.csv` puts the
/// survey's name in front of each.
pub fn impact_records(analysis: &Analysis, settings: &ReportSettings) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let p = priorities(analysis, &settings.crosshair);
    for (k, kpi) in analysis.kpis.iter().enumerate() {
        let m = place(analysis, k, &settings.crosshair);
        let crosshair = format!("{};{}", num(m.cx), num(m.cy));
        let kpi_mean_ci = kpi.uncertainty.as_ref().and_then(|u| u.kpi_mean_ci);
        let nps_ci = kpi
            .nps_effects
            .as_ref()
            .and_then(|n| n.uncertainty.as_ref())
            .and_then(|u| u.kpi_mean_ci);
        let caveats: Vec<&str> = kpi
            .model
            .caveats
            .iter()
            .map(|c| match c {
                ModelCaveat::Separation => "separation",
                ModelCaveat::FewInClass { .. } => "few_in_class",
                ModelCaveat::ImportanceSum { .. } => "importance_sum",
            })
            .collect();
        let caveats = caveats.join(";");
        for (j, r) in touchpoint_rows(analysis, kpi, &m).into_iter().enumerate() {
            // The priority of this touchpoint, on the rows of the KPI the
            // list is ranked on.
            let prio = p.items.iter().find(|i| i.kpi == k && i.touchpoint == j);
            let lo = |c: Option<[f64; 2]>| opt(c.map(|c| c[0]));
            let hi = |c: Option<[f64; 2]>| opt(c.map(|c| c[1]));
            let basis = r.impact_basis.map(|b| match b {
                ImpactBasis::Incidence => "incidence",
                ImpactBasis::Quality => "quality",
                ImpactBasis::None => "none",
            });
            out.push(vec![
                kpi.name.clone(),
                kpi.label.clone(),
                kpi.model.n.to_string(),
                num(kpi.model.r2),
                r.name.to_string(),
                r.label.to_string(),
                r.phase.unwrap_or_default().to_string(),
                r.n_experienced.to_string(),
                num(r.frequency),
                opt(r.satisfaction_mean),
                opt(r.satisfaction_sd),
                opt(r.top_box_share),
                opt(r.incidence_effect),
                opt(r.quality_effect),
                opt(r.quality_effect_std),
                opt(r.incidence_odds_ratio),
                opt(r.quality_odds_ratio),
                num(r.importance),
                num(r.importance_share),
                opt(r.importance_se),
                opt(r.relative_weight),
                num(r.impact),
                basis.unwrap_or_default().to_string(),
                r.quadrant.unwrap_or_default().to_string(),
                r.small_base.to_string(),
                opt(r.satisfaction_median),
                num(r.scale_min),
                num(r.scale_max),
                r.model_n_experienced
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                r.model_n_not_experienced
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                opt(r.matrix_x),
                opt(r.matrix_y),
                crosshair.clone(),
                opt(r.satisfaction_ci.map(|c| c[0])),
                opt(r.satisfaction_ci.map(|c| c[1])),
                opt(r.frequency_ci.map(|c| c[0])),
                opt(r.frequency_ci.map(|c| c[1])),
                opt(r.importance_ci.map(|c| c[0])),
                opt(r.importance_ci.map(|c| c[1])),
                opt(r.impact_ci.map(|c| c[0])),
                opt(r.impact_ci.map(|c| c[1])),
                opt(r.quadrant_probability),
                r.impact_uncertain
                    .map(|b| b.to_string())
                    .unwrap_or_default(),
                r.significant.map(|b| b.to_string()).unwrap_or_default(),
                opt(kpi.uncertainty.as_ref().map(|u| u.r2_ci[0])),
                opt(kpi.uncertainty.as_ref().map(|u| u.r2_ci[1])),
                match kpi.model.model {
                    ModelKind::Linear => "linear".to_string(),
                    ModelKind::Logistic => "logistic".to_string(),
                },
                opt(r.direction),
                opt(r.importance_incidence),
                opt(r.importance_quality),
                opt(r.gain_one_point),
                lo(r.gain_one_point_ci),
                hi(r.gain_one_point_ci),
                opt(r.gain_prevent),
                lo(r.gain_prevent_ci),
                hi(r.gain_prevent_ci),
                opt(r.gain_one_point_nps),
                lo(r.gain_one_point_nps_ci),
                hi(r.gain_one_point_nps_ci),
                opt(r.gain_prevent_nps),
                lo(r.gain_prevent_nps_ci),
                hi(r.gain_prevent_nps_ci),
                r.controllable.to_string(),
                r.note.unwrap_or_default().to_string(),
                gain_unit(kpi).to_string(),
                lo(kpi_mean_ci),
                hi(kpi_mean_ci),
                lo(nps_ci),
                hi(nps_ci),
                caveats.clone(),
                (k == p.lead).to_string(),
                prio.map(|i| i.rank.to_string()).unwrap_or_default(),
                prio.map(|i| i.action.id().to_string()).unwrap_or_default(),
                prio.map(|i| i.certain.to_string()).unwrap_or_default(),
            ]);
        }
    }
    out
}

/// The columns of `excluded.csv`.
pub const EXCLUDED_HEADER: [&str; 4] = ["row", "id", "reason", "kpi"];

/// `excluded.csv`: every data row left out of the analysis, or out of one
/// KPI's model, with its reason, so that nothing is lost silently.
///
/// `impact.json` has the same information grouped by reason (row numbers
/// only); this file is the one an analyst filters in Excel to see which
/// respondents, by id, were not used and why. Rows left out of the whole
/// analysis have an empty `kpi`; rows left out of one KPI's model name it.
/// One record per excluded row (and per KPI), by row, in the dialect of
/// `locale`.
pub fn excluded_csv(analysis: &Analysis, locale: CsvLocale) -> String {
    let mut csv = CsvWriter::new(locale, &EXCLUDED_HEADER);
    for (row, id, reason, kpi) in excluded_rows(analysis) {
        // Data outputs keep the reason in English.
        csv.record([row.to_string(), id.into(), reason.to_string(), kpi.into()]);
    }
    csv.finish()
}

/// Every excluded row as (row, id, reason, KPI column name or empty for
/// the whole analysis), by row and KPI: `excluded.csv`'s records.
pub(crate) fn excluded_rows(analysis: &Analysis) -> Vec<(usize, &str, &ExclusionReason, &str)> {
    let mut lines: Vec<(usize, &str, &ExclusionReason, &str)> = Vec::new();
    let whole = analysis.excluded.iter().map(|e| (e, ""));
    let per_kpi = analysis
        .kpis
        .iter()
        .flat_map(|k| k.excluded.iter().map(|e| (e, k.name.as_str())));
    for (e, kpi) in whole.chain(per_kpi) {
        for (&row, id) in e.rows.iter().zip(&e.ids) {
            lines.push((row, id, &e.reason, kpi));
        }
    }
    lines.sort_by(|a, b| (a.0, a.3).cmp(&(b.0, b.3)));
    lines
}

fn num(v: f64) -> String {
    if v.is_finite() {
        v.to_string()
    } else {
        String::new()
    }
}

fn opt(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

/// A touchpoint's column name, or its index if the model refers to one the
/// analysis does not have.
pub(crate) fn touchpoint_name(analysis: &Analysis, i: usize) -> String {
    analysis
        .touchpoints
        .get(i)
        .map_or_else(|| format!("#{i}"), |t| t.name.clone())
}

pub(crate) fn touchpoint_label(analysis: &Analysis, i: usize) -> String {
    analysis
        .touchpoints
        .get(i)
        .map_or_else(|| format!("#{i}"), |t| t.label.clone())
}

/// Why a term was dropped, in plain words.
pub(crate) fn drop_reason_text(t: &Texts, reason: &DropReason, analysis: &Analysis) -> String {
    match reason {
        DropReason::TooFewNotExperienced { n, min } => fill(
            t.reason_too_few_not,
            &[("n", &n.to_string()), ("min", &min.to_string())],
        ),
        DropReason::EveryoneExperienced => t.reason_everyone.to_string(),
        DropReason::TooFewExperienced { n: 0 } => t.reason_none_exp.to_string(),
        DropReason::TooFewExperienced { n } => fill(t.reason_too_few_exp, &[("n", &n.to_string())]),
        DropReason::NoVariation => t.reason_no_variation.to_string(),
        DropReason::Collinear { with } => {
            let names: Vec<String> = with
                .iter()
                .map(|r| {
                    let term = match r.term {
                        Term::Incidence => t.term_incidence,
                        Term::Quality => t.term_quality,
                    };
                    format!("{} ({term})", touchpoint_label(analysis, r.touchpoint))
                })
                .collect();
            fill(t.reason_collinear, &[("with", &names.join(", "))])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::fixture;

    /// A comma-separated text without quoted fields as its header and rows.
    pub(super) fn table(csv: &str) -> (Vec<&str>, Vec<Vec<&str>>) {
        let mut lines = csv.lines();
        let header = lines.next().unwrap().split(',').collect();
        (header, lines.map(|l| l.split(',').collect()).collect())
    }

    #[test]
    fn excluded_csv_lists_every_row_by_id_in_the_csv_dialect() {
        let a = fixture();
        let csv = excluded_csv(&a, CsvLocale::Standard);
        let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
        assert_eq!(lines[0], "row,id,reason,kpi");
        // Sorted by row: row 5 (an invalid weight) comes first.
        assert_eq!(lines[1], "5,C00005,missing or invalid weight,");
        let total: usize = a.excluded.iter().map(|e| e.count).sum::<usize>()
            + a.kpis
                .iter()
                .flat_map(|k| &k.excluded)
                .map(|e| e.count)
                .sum::<usize>();
        assert_eq!(lines.len(), 1 + total);
        assert!(lines.contains(&"12,C00012,no answer to Customer effort,q21_effort"));
        assert!(!csv.replace("\r\n", "").contains('\n'));
        assert_eq!(
            csv_quote("no answer to Q2, recommend"),
            "\"no answer to Q2, recommend\""
        );
        assert_eq!(csv_quote("a \"b\""), "\"a \"\"b\"\"\"");
    }

    #[test]
    fn json_has_the_contract_fields() {
        let a = fixture();
        let v = impact_json(&a, &ReportSettings::default());
        let s = &v["survey"];
        assert_eq!(s["file"], "survey_wave2.csv");
        assert_eq!(s["respondents_in"], 2104);
        assert_eq!(s["respondents_analysed"], 1987);
        assert_eq!(s["weight_column"], "weight");
        assert_eq!(s["excluded"][0]["reason"], "missing or invalid weight");
        assert_eq!(s["excluded"][0]["count"], 64);
        assert_eq!(s["excluded"][0]["rows"][0], 5);
        let w = &s["warnings"][5];
        for f in ["kind", "file", "row", "column", "message"] {
            assert!(w.get(f).is_some(), "warning field {f}");
        }
        assert_eq!(w["row"], Value::Null);
        assert_eq!(v["crosshair"]["x"], "mean");
        assert_eq!(v["crosshair"]["y"], "zero");

        let kpis = v["kpis"].as_array().unwrap();
        assert_eq!(kpis.len(), 3);
        let k = &kpis[0];
        assert_eq!(k["name"], "q20_recommend");
        assert_eq!(k["kind"], "nps");
        assert_eq!(k["reverse"], false);
        assert_eq!(k["n"], 1987);
        assert_eq!(k["r2"], 0.41);
        assert_eq!(k["importance_method"], "shapley-exact");
        assert_eq!(k["nps"]["score"], 12.4);
        assert_eq!(kpis[1]["nps"], Value::Null);
        assert_eq!(kpis[1]["reverse"], true);
        assert_eq!(kpis[1]["excluded"][0]["count"], 83);
        for f in ["weighted_n", "adj_r2", "intercept", "excluded"] {
            assert!(k.get(f).is_some(), "kpi field {f}");
        }
        let d = &k["dropped_terms"][2];
        assert_eq!(d["touchpoint"], "q13_chat");
        assert_eq!(d["term"], "incidence");
        assert!(d["reason"]
            .as_str()
            .unwrap()
            .contains("Installation by engineer"));
        assert_eq!(k["crosshair"]["y"], 0.0);
        assert!(k["crosshair"]["x"].as_f64().unwrap() > 6.0);

        let tps = k["touchpoints"].as_array().unwrap();
        assert_eq!(tps.len(), 18);
        let app = &tps[9];
        assert_eq!(app["name"], "q10_app");
        assert_eq!(app["label"], "Mobile app");
        assert_eq!(app["phase"], "Use");
        assert_eq!(app["frequency"], 0.49);
        assert_eq!(app["satisfaction_mean"], 6.6);
        assert_eq!(app["quadrant"], "improve");
        assert_eq!(app["impact_basis"], "incidence");
        assert_eq!(app["small_base"], false);
        let contract = [
            "name",
            "label",
            "phase",
            "n_experienced",
            "frequency",
            "satisfaction_mean",
            "satisfaction_sd",
            "top_box_share",
            "incidence_effect",
            "quality_effect",
            "quality_effect_std",
            "importance",
            "importance_share",
            "impact",
            "impact_basis",
            "quadrant",
            "small_base",
        ];
        for f in contract {
            assert!(app.get(f).is_some(), "touchpoint field {f}");
            // The CSV carries the same fields.
            assert!(CSV_HEADER.contains(&f), "csv lacks {f}");
        }
        let complaint = &tps[13];
        assert_eq!(complaint["small_base"], true);
        assert_eq!(complaint["quadrant"], "prevent");
        let moving = &tps[17];
        assert_eq!(moving["satisfaction_mean"], Value::Null);
        assert_eq!(moving["quadrant"], Value::Null);
        assert_eq!(tps[12]["incidence_effect"], Value::Null);
        assert_eq!(tps[12]["impact_basis"], "quality");
    }

    #[test]
    fn csv_has_a_row_per_kpi_and_touchpoint() {
        let a = fixture();
        let csv = impact_csv(&a, &ReportSettings::default());
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 1 + 3 * 18);
        assert_eq!(lines[0].split(',').count(), CSV_HEADER.len());
        // "Contract & terms" needs no quotes; the crosshair field has `;`.
        assert!(lines[6].contains(",Contract & terms,"), "{}", lines[6]);
        assert!(
            lines[1].starts_with("q20_recommend,Likelihood to recommend,1987,0.41,q01_website,")
        );
        assert!(lines[18].contains(",,"), "moving service has empty cells");
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_quote("plain"), "plain");
        // Formulas from the export are written as text, numbers as numbers.
        assert_eq!(csv_quote("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_quote("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_quote("+31 6 1234"), "'+31 6 1234");
        assert_eq!(csv_quote("-0.035"), "-0.035");
        assert_eq!(csv_quote("-1e-5"), "-1e-5");
        assert_eq!(csv_quote("a,b"), "\"a,b\"");
        assert_eq!(csv_quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_quote("two\nlines"), "\"two\nlines\"");
        let mut a = fixture();
        a.touchpoints[0].label = "Website, \"new\"".into();
        let csv = impact_csv(&a, &ReportSettings::default());
        assert!(csv.contains(",\"Website, \"\"new\"\"\","));
    }

    /// Splits a CSV record on `sep`, honouring quotes.
    fn fields(line: &str, sep: char) -> Vec<String> {
        let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                '"' => quoted = !quoted,
                c if c == sep && !quoted => out.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        out.push(cur);
        out
    }

    /// `--csv-locale nl`: the same records with `;`, decimal commas and a
    /// byte order mark; the default stays comma and point.
    #[test]
    fn dutch_csv_has_the_same_values_in_the_dutch_dialect() {
        let mut a = fixture();
        a.touchpoints[0].label = "Website; \"new\" 2.0".into();
        let standard = impact_csv(&a, &ReportSettings::default());
        assert!(!standard.starts_with('\u{feff}'));
        assert!(standard.starts_with("kpi,kpi_label,kpi_n,kpi_r2,name,"));
        let nl_settings = ReportSettings {
            csv_locale: CsvLocale::Nl,
            ..Default::default()
        };
        let dutch = impact_csv(&a, &nl_settings);
        let body = dutch.strip_prefix('\u{feff}').expect("a byte order mark");
        assert!(body.starts_with("kpi;kpi_label;kpi_n;kpi_r2;name;"));
        let s_lines: Vec<&str> = standard.split_terminator("\r\n").collect();
        let d_lines: Vec<&str> = body.split_terminator("\r\n").collect();
        assert_eq!(s_lines.len(), d_lines.len());
        let col = |name: &str| CSV_HEADER.iter().position(|h| *h == name).unwrap();
        for (s, d) in s_lines.iter().zip(&d_lines).skip(1) {
            let (s, d) = (fields(s, ','), fields(d, ';'));
            assert_eq!(d.len(), CSV_HEADER.len());
            for (i, (sv, dv)) in s.iter().zip(&d).enumerate() {
                let text = ["kpi", "kpi_label", "name", "label", "phase", "note"];
                if text.contains(&CSV_HEADER[i]) {
                    assert_eq!(sv, dv, "free text keeps its point");
                } else {
                    assert_eq!(*dv, sv.replace('.', ","), "column {}", CSV_HEADER[i]);
                }
            }
        }
        let first = &d_lines[1];
        assert!(first.contains(";0,41;"), "{first}");
        assert!(first.contains(";\"Website; \"\"new\"\" 2.0\";"), "{first}");
        assert!(fields(first, ';')[col("crosshair")].contains(','));
        let excluded = excluded_csv(&a, CsvLocale::Nl);
        assert!(excluded
            .starts_with("\u{feff}row;id;reason;kpi\r\n5;C00005;missing or invalid weight;\r\n"));
    }

    /// Logistic KPIs carry their model, pseudo-R² and odds ratios in both
    /// outputs; linear ones say so and leave the odds ratios empty.
    #[test]
    fn logistic_fields_in_json_and_csv() {
        let a = fixture();
        let v = impact_json(&a, &ReportSettings::default());
        let lin = &v["kpis"][0];
        assert_eq!(lin["model"], "linear");
        assert_eq!(lin["pseudo_r2"], Value::Null);
        assert_eq!(lin["separation"], false);
        assert_eq!(lin["touchpoints"][0]["incidence_odds_ratio"], Value::Null);
        let log = &v["kpis"][2];
        assert_eq!(log["model"], "logistic");
        assert_eq!(log["pseudo_r2"], 0.22);
        assert_eq!(log["importance_method"], "shapley-sampled");
        let t = &log["touchpoints"][0];
        let c = t["incidence_effect"].as_f64().unwrap();
        assert!((t["incidence_odds_ratio"].as_f64().unwrap() - c.exp()).abs() < 1e-12);
        assert!(t["quality_odds_ratio"].as_f64().is_some());
        assert!(t["importance_se"].as_f64().is_some());

        let csv = impact_csv(&a, &ReportSettings::default());
        let (header, rows) = table(&csv);
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let stay = rows.iter().find(|r| r[0] == "q22_stay").unwrap();
        assert_eq!(stay[col("kpi_model")], "logistic");
        assert!(!stay[col("incidence_odds_ratio")].is_empty());
        assert!(!stay[col("importance_se")].is_empty());
        let nps = &rows[0];
        assert_eq!(nps[col("kpi_model")], "linear");
        assert!(nps[col("quality_odds_ratio")].is_empty());
    }
}

#[cfg(test)]
mod direction_gains_priorities_tests {
    use super::tests::table;
    use super::*;
    use crate::fixture::fixture;

    #[test]
    fn json_has_direction_gains_and_priorities() {
        let a = fixture();
        let v = impact_json(&a, &ReportSettings::default());
        assert_eq!(v["lead_kpi"], "q20_recommend");
        assert_eq!(v["ranked_on"], "q20_recommend");
        let units: Vec<&str> = (0..3)
            .map(|k| v["kpis"][k]["gain_unit"].as_str().unwrap())
            .collect();
        assert_eq!(units, ["kpi_points", "kpi_points", "percentage_points"]);
        assert!(v["kpis"][0]["kpi_mean_ci"].as_array().is_some());
        assert!(v["kpis"][0]["nps_ci"][0].as_f64().unwrap() < 12.4);
        assert!(v["kpis"][1]["nps_ci"].is_null());
        assert_eq!(v["kpis"][0]["caveats"], json!([]));

        let web = &v["kpis"][0]["touchpoints"][0];
        let e = &a.kpis[0].model.touchpoints[0];
        assert_eq!(web["direction"], e.direction);
        let parts = web["importance_incidence"].as_f64().unwrap()
            + web["importance_quality"].as_f64().unwrap();
        assert!((parts - web["importance"].as_f64().unwrap()).abs() < 1e-12);
        assert_eq!(web["gain_one_point"], e.gain_one_point.unwrap());
        assert!(web["gain_one_point_ci"][1].as_f64().is_some());
        let nps = a.kpis[0].nps_effects.as_ref().unwrap();
        assert_eq!(
            web["gain_one_point_nps"],
            nps.model.touchpoints[0].gain_one_point.unwrap()
        );
        assert_eq!(web["controllable"], true);
        // Yes/no gains in percentage points.
        let stay = &v["kpis"][2]["touchpoints"][0];
        let raw = a.kpis[2].model.touchpoints[0].gain_one_point.unwrap();
        assert!((stay["gain_one_point"].as_f64().unwrap() - 100.0 * raw).abs() < 1e-9);
        assert!(stay["gain_one_point_nps"].is_null());
        let plan = &v["kpis"][0]["touchpoints"][14];
        assert_eq!(plan["controllable"], false);
        assert_eq!(plan["note"], "Offered by law to every customer in arrears.");
        // The chat has no incidence term: no prevent gain.
        assert!(v["kpis"][0]["touchpoints"][12]["gain_prevent"].is_null());
        assert!(v["kpis"][0]["touchpoints"][12]["importance_incidence"].is_null());

        let p = v["priorities"].as_array().unwrap();
        assert!(!p.is_empty());
        for (i, item) in p.iter().enumerate() {
            assert_eq!(item["rank"], i + 1);
            assert_eq!(item["kpi"], "q20_recommend");
            assert_ne!(item["touchpoint"], "q15_payment_plan");
            for f in [
                "action",
                "gain",
                "gain_ci",
                "certain",
                "flags",
                "other_kpis",
                "gain_nps",
                "gain_nps_ci",
            ] {
                assert!(item.get(f).is_some(), "{f}");
            }
            assert_eq!(item["other_kpis"].as_array().unwrap().len(), 2);
        }
        // Certain items first, each group by gain.
        let certain: Vec<bool> = p.iter().map(|i| i["certain"].as_bool().unwrap()).collect();
        assert!(certain.windows(2).all(|w| w[0] >= w[1]), "{certain:?}");
        assert!(certain[0]);
        let gains: Vec<f64> = p
            .iter()
            .filter(|i| i["certain"] == true)
            .map(|i| i["gain"].as_f64().unwrap())
            .collect();
        assert!(gains.windows(2).all(|w| w[0] >= w[1]), "{gains:?}");
        assert!(p
            .iter()
            .filter(|i| i["certain"] == false)
            .all(|i| !i["flags"].as_array().unwrap().is_empty()));
    }

    #[test]
    fn caveats_are_written_with_their_reason() {
        let mut a = fixture();
        a.kpis[2].model.caveats = vec![ModelCaveat::FewInClass { n: 4, min: 30 }];
        let v = impact_json(&a, &ReportSettings::default());
        let c = &v["kpis"][2]["caveats"][0];
        assert_eq!(c["kind"], "few_in_class");
        assert_eq!(c["n"], 4);
        assert!(c["reason"].as_str().unwrap().contains("only 4 respondents"));
        let csv = impact_csv(&a, &ReportSettings::default());
        let (header, rows) = table(&csv);
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let stay = rows.iter().find(|r| r[0] == "q22_stay").unwrap();
        assert_eq!(stay[col("caveats")], "few_in_class");
        assert_eq!(stay[col("gain_unit")], "percentage_points");
    }

    #[test]
    fn csv_carries_the_new_columns_at_the_end() {
        let a = fixture();
        let csv = impact_csv(&a, &ReportSettings::default());
        let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        // The columns of before keep their place.
        assert_eq!(header[46], "kpi_model");
        assert_eq!(header[47], "direction");
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let rows: Vec<Vec<String>> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect();
        assert!(rows.iter().all(|r| r.len() == header.len()));
        let web = &rows[0];
        assert_eq!(web[col("lead_kpi")], "true");
        assert!(!web[col("gain_one_point")].is_empty());
        assert!(!web[col("gain_one_point_nps")].is_empty());
        // Ranked rows name their action; the other KPIs' rows do not.
        let ranked: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| !r[col("priority_rank")].is_empty())
            .collect();
        assert!(!ranked.is_empty());
        assert!(ranked.iter().all(|r| r[0] == "q20_recommend"));
        assert!(ranked.iter().any(|r| r[col("priority_rank")] == "1"));
        let plan = rows.iter().find(|r| r[4] == "q15_payment_plan").unwrap();
        assert_eq!(plan[col("controllable")], "false");
        assert!(plan[col("priority_rank")].is_empty());
    }
}
