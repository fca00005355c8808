//! Hand-built analyses for tests: a realistic survey (17 touchpoints across
//! the journey, an NPS, a reversed effort score and a binary retention KPI)
//! and a tiny one whose numbers can be checked by hand.

use cximpact_regression::{
    BootstrapDraws, Descriptives, DropReason, DroppedTerm, ImpactBasis, ImportanceMethod, KpiModel,
    KpiUncertainty, ModelKind, NpsSummary, Term, TermRef, TouchpointEffect, DEFAULT_SEED,
};

use crate::model::*;

/// name, label, phase, frequency, mean, sd, top-box share.
type Tp = (&'static str, &'static str, &'static str, f64, f64, f64, f64);

const TOUCHPOINTS: [Tp; 18] = [
    (
        "q01_website",
        "Website visit",
        "Orientation",
        0.82,
        7.6,
        1.4,
        0.41,
    ),
    (
        "q02_product_info",
        "Product information",
        "Orientation",
        0.64,
        7.2,
        1.5,
        0.33,
    ),
    (
        "q03_store_advice",
        "Advice in store",
        "Consideration",
        0.31,
        8.1,
        1.2,
        0.52,
    ),
    (
        "q04_quote",
        "Quotation",
        "Consideration",
        0.45,
        7.0,
        1.6,
        0.30,
    ),
    (
        "q05_ordering",
        "Ordering online",
        "Purchase",
        0.71,
        8.0,
        1.1,
        0.49,
    ),
    (
        "q06_contract",
        "Contract & terms",
        "Purchase",
        0.58,
        6.4,
        1.8,
        0.21,
    ),
    (
        "q07_welcome",
        "Welcome letter",
        "Delivery",
        0.66,
        7.5,
        1.3,
        0.38,
    ),
    ("q08_delivery", "Delivery", "Delivery", 0.77, 7.9, 1.4, 0.47),
    (
        "q09_installation",
        "Installation by engineer",
        "Delivery",
        0.22,
        8.4,
        1.0,
        0.58,
    ),
    ("q10_app", "Mobile app", "Use", 0.49, 6.6, 1.9, 0.25),
    ("q11_invoice", "Invoice", "Use", 0.93, 6.9, 1.6, 0.27),
    (
        "q12_helpdesk",
        "Helpdesk call",
        "Service",
        0.38,
        6.3,
        2.1,
        0.24,
    ),
    (
        "q13_chat",
        "Chat with customer service",
        "Service",
        0.19,
        7.1,
        1.8,
        0.35,
    ),
    (
        "q14_complaint",
        "Complaint handling",
        "Service",
        0.013,
        4.9,
        2.4,
        0.08,
    ),
    (
        "q15_payment_plan",
        "Payment arrangement",
        "Service",
        0.009,
        5.3,
        2.2,
        0.11,
    ),
    (
        "q16_newsletter",
        "Newsletter",
        "Loyalty",
        0.55,
        6.0,
        1.7,
        0.15,
    ),
    (
        "q17_anniversary_gift",
        "Anniversary gift",
        "Loyalty",
        0.12,
        8.6,
        1.1,
        0.63,
    ),
    (
        "q18_moving_service",
        "Moving house service",
        "Loyalty",
        0.0,
        f64::NAN,
        0.0,
        0.0,
    ),
];

/// Signed share of explained variance per touchpoint for the NPS model
/// (absolute values sum to 1).
const NPS_SHARES: [f64; 18] = [
    0.07, 0.04, 0.05, 0.03, 0.06, 0.05, -0.02, 0.09, 0.03, 0.11, 0.11, 0.10, 0.02, -0.09, -0.04,
    -0.06, -0.03, 0.0,
];

const ANALYSED: usize = 1987;

pub fn fixture() -> Analysis {
    let touchpoints: Vec<TouchpointInfo> = TOUCHPOINTS
        .iter()
        .map(|&(name, label, phase, freq, mean, sd, top)| {
            let n = (freq * ANALYSED as f64).round() as usize;
            let rated = n > 0;
            TouchpointInfo {
                name: name.into(),
                label: label.into(),
                phase: Some(phase.into()),
                scale: (1.0, 10.0),
                top_box_from: 9.0,
                descriptives: Descriptives {
                    n_experienced: n,
                    n_total: ANALYSED,
                    frequency: freq,
                    satisfaction_mean: rated.then_some(mean),
                    satisfaction_sd: rated.then_some(sd),
                    satisfaction_median: rated.then_some(mean.round()),
                    top_box_share: rated.then_some(top),
                },
                // The payment arrangement is offered by law; the engineer's
                // visit carries a consultant's note.
                controllable: name != "q15_payment_plan",
                note: match name {
                    "q15_payment_plan" => {
                        Some("Offered by law to every customer in arrears.".into())
                    }
                    "q09_installation" => Some("Run by a subcontractor since March.".into()),
                    _ => None,
                },
            }
        })
        .collect();

    let nps_model = model(ANALYSED, 0.41, 6.9, &NPS_SHARES);
    // Effort and retention weigh the same moments differently: service
    // moments matter more for effort, the contract and invoice for
    // retention.
    let mut effort_shares = NPS_SHARES;
    effort_shares[11] = 0.16;
    effort_shares[12] = 0.06;
    effort_shares[4] = 0.09;
    effort_shares[8] = 0.0;
    effort_shares[2] = 0.01;
    let mut stay_shares = NPS_SHARES;
    stay_shares[5] = 0.10;
    stay_shares[10] = 0.14;
    stay_shares[16] = -0.01;
    stay_shares[0] = 0.03;

    let mut kpis = vec![
        KpiAnalysis {
            name: "q20_recommend".into(),
            label: "Likelihood to recommend".into(),
            kind: KpiKind::Nps,
            scale: (0.0, 10.0),
            reverse: false,
            model: nps_model,
            nps: Some(NpsSummary {
                n: ANALYSED,
                score: 12.4,
                promoters: 0.361,
                passives: 0.402,
                detractors: 0.237,
            }),
            excluded: vec![],
            uncertainty: None,
            nps_effects: None,
            subsample: None,
        },
        KpiAnalysis {
            name: "q21_effort".into(),
            label: "Customer effort".into(),
            kind: KpiKind::Scale,
            scale: (1.0, 7.0),
            reverse: true,
            model: model(1904, 0.33, 5.1, &normalised(effort_shares)),
            nps: None,
            excluded: vec![no_answer_to(
                "Customer effort",
                (0..83).map(|i| 12 + i * 23).collect(),
            )],
            uncertainty: None,
            nps_effects: None,
            subsample: None,
        },
        KpiAnalysis {
            name: "q22_stay".into(),
            label: "Still a customer next year".into(),
            kind: KpiKind::Binary,
            scale: (0.0, 1.0),
            reverse: false,
            model: logistic(model(1951, 0.22, 0.86, &normalised(stay_shares))),
            nps: None,
            excluded: vec![no_answer_to(
                "Still a customer next year",
                (0..36).map(|i| 40 + i * 51).collect(),
            )],
            uncertainty: None,
            nps_effects: None,
            subsample: None,
        },
    ];
    // Bootstrap intervals on every matrix, the logistic one included.
    for kpi in kpis.iter_mut() {
        kpi.uncertainty = Some(uncertainty(&touchpoints, &kpi.model));
    }
    // The NPS question in NPS points: a contribution model whose gains are
    // about twelve NPS points per point of the 0-10 score.
    let mut contribution = kpis[0].model.clone();
    contribution.kpi_mean = 12.4;
    contribution.kpi_sd = 80.0;
    for e in &mut contribution.touchpoints {
        e.gain_one_point = e.gain_one_point.map(|g| g * 12.0);
        e.gain_prevent = e.gain_prevent.map(|g| g * 12.0);
    }
    kpis[0].nps_effects = Some(NpsEffects {
        uncertainty: Some(uncertainty(&touchpoints, &contribution)),
        model: contribution,
    });

    Analysis {
        title: "Energy supplier, wave 2 2024".into(),
        source_file: "survey_wave2.csv".into(),
        respondents_in: 2104,
        respondents_analysed: ANALYSED,
        weight_column: Some("weight".into()),
        excluded: vec![
            exclusion(
                ExclusionReason::Read(ReadExclusion::InvalidWeight),
                (0..64).map(|i| 5 + i * 31).collect(),
            ),
            exclusion(
                ExclusionReason::NoKpiAnswer,
                (0..53).map(|i| 9 + i * 37).collect(),
            ),
        ],
        warnings: vec![
            scale_warning(17, "q10_app", "11"),
            scale_warning(244, "q10_app", "12"),
            scale_warning(1033, "q04_quote", "0"),
            text_warning(88, "q12_helpdesk", "weet niet, misschien"),
            text_warning(90, "q12_helpdesk", "?"),
            small_base_warning("q15_payment_plan", 18, 30),
        ],
        touchpoints,
        kpis,
        lead_kpi: 0,
        segments: vec![
            SegmentSummary {
                column: "customer_type".into(),
                groups: vec![
                    group("Consumer", 1402, [Some(14.1), Some(5.2), Some(0.87)]),
                    group("Business", 585, [Some(8.3), Some(4.8), Some(0.83)]),
                ],
            },
            SegmentSummary {
                column: "region".into(),
                groups: vec![
                    group("North", 1011, [Some(13.0), Some(5.1), Some(0.86)]),
                    group("South", 961, [Some(11.9), Some(5.0), Some(0.85)]),
                    group("", 15, [None, None, None]),
                ],
            },
        ],
        settings: AnalysisSettings {
            min_not_experienced: 30,
            small_base: 30,
        },
        comparison: None,
        segment_models: Vec::new(),
    }
}

fn normalised(mut shares: [f64; 18]) -> [f64; 18] {
    let total: f64 = shares.iter().map(|s| s.abs()).sum();
    for s in &mut shares {
        *s /= total;
    }
    shares
}

/// A model whose touchpoints carry the given signed shares of R².
/// The same numbers read as a logistic model: effects become log-odds
/// with their odds ratios, R² becomes McFadden's pseudo-R², and the
/// importances are sampled with a standard error.
fn logistic(mut m: KpiModel) -> KpiModel {
    m.model = ModelKind::Logistic;
    m.pseudo_r2 = Some(m.r2);
    m.kpi_sd = (m.kpi_mean * (1.0 - m.kpi_mean)).sqrt();
    m.importance_method = ImportanceMethod::ShapleySampled;
    for (j, t) in m.touchpoints.iter_mut().enumerate() {
        t.quality_effect_std = None;
        t.incidence_odds_ratio = t.incidence_effect.map(f64::exp);
        t.quality_odds_ratio = t.quality_effect.map(f64::exp);
        t.importance_se = Some(0.0004 + 0.0001 * (j % 3) as f64);
        // Gains in a share of the customers: a few percentage points.
        t.gain_one_point = t.gain_one_point.map(|g| g * 0.3);
        t.gain_prevent = t.gain_prevent.map(|g| g * 0.3);
    }
    m
}

fn model(n: usize, r2: f64, kpi_mean: f64, shares: &[f64; 18]) -> KpiModel {
    let dropped = vec![
        DroppedTerm {
            touchpoint: 17,
            term: Term::Incidence,
            reason: DropReason::TooFewExperienced { n: 0 },
        },
        DroppedTerm {
            touchpoint: 17,
            term: Term::Quality,
            reason: DropReason::TooFewExperienced { n: 0 },
        },
        DroppedTerm {
            touchpoint: 12,
            term: Term::Incidence,
            reason: DropReason::Collinear {
                with: vec![TermRef {
                    touchpoint: 8,
                    term: Term::Incidence,
                }],
            },
        },
    ];
    let touchpoints = TOUCHPOINTS
        .iter()
        .zip(shares)
        .enumerate()
        .map(|(i, (&(_, _, _, freq, mean, _, _), &share))| {
            let n_exp = (freq * n as f64).round() as usize;
            let n_not = n - n_exp;
            let rated = n_exp > 0;
            let has_incidence = rated && n_not >= 30 && i != 12;
            let basis = if !rated {
                ImpactBasis::None
            } else if has_incidence {
                ImpactBasis::Incidence
            } else {
                ImpactBasis::Quality
            };
            let importance = share.abs() * r2;
            // Moments that hurt do so through having them at all.
            let incidence_effect =
                has_incidence.then_some(share * if share < 0.0 { 12.0 } else { 4.0 });
            let quality_effect = rated.then_some(share.signum() * (0.05 + share.abs()));
            // The incidence term carries 60% where both are in the model.
            let incidence_part = if has_incidence { 0.6 } else { 0.0 };
            TouchpointEffect {
                n_experienced: n_exp,
                n_not_experienced: n_not,
                centre: rated.then_some(mean),
                incidence_effect,
                quality_effect,
                quality_effect_std: rated.then_some(share * 1.3),
                importance,
                importance_share: share.abs(),
                importance_incidence: incidence_effect.map(|_| importance * incidence_part),
                importance_quality: quality_effect
                    .map(|_| importance - importance * incidence_part),
                direction: if rated { share.signum() } else { 0.0 },
                impact: importance * share.signum(),
                impact_basis: basis,
                gain_one_point: quality_effect.map(|b| b * freq * 0.8),
                gain_prevent: incidence_effect.map(|c| -0.1 * c * freq),
                small_base: rated && n_exp < 30,
                incidence_odds_ratio: None,
                quality_odds_ratio: None,
                importance_se: None,
                relative_weight: importance,
            }
        })
        .collect();
    KpiModel {
        n,
        weighted_n: n as f64 * 0.98,
        kpi_mean,
        kpi_sd: 2.1,
        r2,
        adj_r2: Some(r2 - 0.01),
        intercept: kpi_mean - 1.2,
        n_terms: 31,
        importance_method: ImportanceMethod::ShapleyExact,
        touchpoints,
        dropped,
        condition_number: 4.2,
        model: ModelKind::Linear,
        pseudo_r2: None,
        separation: false,
        importance_subsample: None,
        caveats: vec![],
    }
}

/// An out-of-scale warning, as ingest finds it.
fn scale_warning(row: usize, column: &str, raw: &str) -> Warning {
    let kind = ReadWarning::OutOfScale {
        raw: raw.into(),
        low: 1.0,
        high: 10.0,
    };
    warning(WarningKind::Read(kind), Some(row), column)
}

/// A text answer in a rating column, as ingest finds it.
fn text_warning(row: usize, column: &str, raw: &str) -> Warning {
    let kind = ReadWarning::NotANumber { raw: raw.into() };
    warning(WarningKind::Read(kind), Some(row), column)
}

/// A touchpoint too few respondents experienced, as the analysis finds it.
fn small_base_warning(column: &str, n: usize, min: usize) -> Warning {
    warning(WarningKind::SmallBase { n, min }, None, column)
}

fn warning(kind: WarningKind, row: Option<usize>, column: &str) -> Warning {
    Warning {
        kind,
        file: "survey_wave2.csv".into(),
        row,
        column: Some(column.into()),
    }
}

fn group(value: &str, n: usize, kpi_values: [Option<f64>; 3]) -> SegmentGroup {
    SegmentGroup {
        value: value.into(),
        n,
        kpi_values: kpi_values.to_vec(),
    }
}

/// Four touchpoints on a 1-10 scale, one NPS-like KPI with R² = 0.5:
///
/// | tp | mean | freq | impact | y (%) |
/// |----|------|------|--------|-------|
/// | A  | 8    | 0.5  | +0.2   | +40   |
/// | B  | 6    | 1.0  | +0.1   | +20   |
/// | C  | 5    | 0.5  | -0.2   | -40   |
/// | D  | -    | 0.0  | 0      | -     |
pub fn small_fixture() -> Analysis {
    let tps = [
        ("a", "A", Some(8.0), 0.5, 0.2),
        ("b", "B", Some(6.0), 1.0, 0.1),
        ("c", "C", Some(5.0), 0.5, -0.2),
        ("d", "D", None, 0.0, 0.0),
    ];
    let touchpoints = tps
        .iter()
        .map(|&(name, label, mean, freq, _)| TouchpointInfo {
            name: name.into(),
            label: label.into(),
            phase: None,
            scale: (1.0, 10.0),
            top_box_from: 9.0,
            descriptives: Descriptives {
                n_experienced: (freq * 100.0) as usize,
                n_total: 100,
                frequency: freq,
                satisfaction_mean: mean,
                satisfaction_sd: mean.map(|_| 1.0),
                satisfaction_median: mean,
                top_box_share: mean.map(|_| 0.2),
            },
            controllable: true,
            note: None,
        })
        .collect();
    let effects = tps
        .iter()
        .map(
            |&(_, _, mean, freq, impact): &(_, _, Option<f64>, f64, f64)| TouchpointEffect {
                n_experienced: (freq * 100.0) as usize,
                n_not_experienced: 100 - (freq * 100.0) as usize,
                centre: mean,
                incidence_effect: None,
                quality_effect: mean.map(|_| impact * 2.0),
                quality_effect_std: mean.map(|_| impact),
                importance: impact.abs(),
                importance_share: impact.abs() / 0.5,
                importance_incidence: None,
                importance_quality: mean.map(|_| impact.abs()),
                direction: if mean.is_some() { impact.signum() } else { 0.0 },
                impact,
                impact_basis: if mean.is_some() {
                    ImpactBasis::Quality
                } else {
                    ImpactBasis::None
                },
                gain_one_point: mean.map(|_| impact * 2.0 * freq * 0.8),
                gain_prevent: None,
                small_base: false,
                incidence_odds_ratio: None,
                quality_odds_ratio: None,
                importance_se: None,
                relative_weight: impact.abs(),
            },
        )
        .collect();
    Analysis {
        title: "small".into(),
        source_file: "small.csv".into(),
        respondents_in: 100,
        respondents_analysed: 100,
        weight_column: None,
        excluded: vec![],
        warnings: vec![],
        touchpoints,
        kpis: vec![KpiAnalysis {
            name: "rec".into(),
            label: "Recommend".into(),
            kind: KpiKind::Scale,
            scale: (0.0, 10.0),
            reverse: false,
            model: KpiModel {
                n: 100,
                weighted_n: 100.0,
                kpi_mean: 7.0,
                kpi_sd: 2.0,
                r2: 0.5,
                adj_r2: Some(0.48),
                intercept: 6.0,
                n_terms: 3,
                importance_method: ImportanceMethod::ShapleyExact,
                touchpoints: effects,
                dropped: vec![],
                condition_number: 1.0,
                model: ModelKind::Linear,
                pseudo_r2: None,
                separation: false,
                importance_subsample: None,
                caveats: vec![],
            },
            nps: None,
            excluded: vec![],
            uncertainty: None,
            nps_effects: None,
            subsample: None,
        }],
        lead_kpi: 0,
        segments: vec![],
        settings: AnalysisSettings {
            min_not_experienced: 30,
            small_base: 30,
        },
        comparison: None,
        segment_models: Vec::new(),
    }
}

/// Made-up but plausible bootstrap draws for a model: 100 replicates that
/// scatter satisfaction by its standard error, frequency by a binomial
/// error and impact by a quarter of its size plus a floor, so that small
/// impacts straddle zero.
fn uncertainty(touchpoints: &[TouchpointInfo], model: &KpiModel) -> KpiUncertainty {
    let reps = 100;
    let t = touchpoints.len();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut normal = || {
        // Sum of 12 uniforms minus 6: close enough to a standard normal.
        (0..12)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 11) as f64 / (1u64 << 53) as f64
            })
            .sum::<f64>()
            - 6.0
    };
    let mut draws = BootstrapDraws {
        replicates: reps,
        touchpoints: t,
        ..BootstrapDraws::default()
    };
    for _ in 0..reps {
        let r2 = (model.r2 + 0.02 * normal()).max(0.0);
        for (tp, e) in touchpoints.iter().zip(&model.touchpoints) {
            let d = &tp.descriptives;
            let n = d.n_experienced.max(1) as f64;
            let mean = d.satisfaction_mean.unwrap_or(0.0);
            let sd = d.satisfaction_sd.unwrap_or(0.0);
            draws.satisfaction.push(mean + sd / n.sqrt() * normal());
            let f = d.frequency;
            let se = (f * (1.0 - f) / 1900.0).sqrt();
            draws.frequency.push((f + se * normal()).clamp(0.0, 1.0));
            let impact =
                e.impact * r2 / model.r2.max(1e-9) + (0.25 * e.impact.abs() + 0.004) * normal();
            draws.impact.push(impact);
            draws.importance.push(impact.abs());
            let mut gain = |g: Option<f64>| g.map(|g| g + (0.3 * g.abs() + 0.002) * normal());
            let one = gain(e.gain_one_point);
            let prevent = gain(e.gain_prevent);
            draws.gain_one_point.push(one);
            draws.gain_prevent.push(prevent);
        }
        draws.r2.push(r2);
        draws
            .kpi_mean
            .push(model.kpi_mean + model.kpi_sd / (model.n as f64).sqrt() * normal());
        draws.noise.push(0.001 + 0.0008 * normal().abs());
    }
    let in_model: Vec<bool> = model
        .touchpoints
        .iter()
        .map(|e| e.incidence_effect.is_some() || e.quality_effect.is_some())
        .collect();
    let rated: Vec<bool> = touchpoints
        .iter()
        .map(|tp| tp.descriptives.satisfaction_mean.is_some())
        .collect();
    let mut u = KpiUncertainty::from_draws(draws, &in_model, &rated, 0.95);
    u.seed = DEFAULT_SEED;
    u.noise_importance = 0.0012;
    u
}

/// Rows left out for `reason`, with customer ids made from the row numbers.
fn exclusion(reason: ExclusionReason, rows: Vec<usize>) -> Exclusion {
    Exclusion {
        reason,
        count: rows.len(),
        ids: rows.iter().map(|r| format!("C{r:05}")).collect(),
        rows,
    }
}

/// Respondents who did not answer the KPI question `kpi`.
fn no_answer_to(kpi: &str, rows: Vec<usize>) -> Exclusion {
    exclusion(ExclusionReason::NoAnswerTo { kpi: kpi.into() }, rows)
}
