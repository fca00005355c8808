//! The one-pass analysis against the row-by-row analysis of the same
//! survey.

use cximpact_ingest::{Config, KpiColumn, KpiKind, Survey, TouchpointColumn};
use cximpact_regression::{BootstrapOptions, ModelOptions};

use crate::{analyse, Options, SubKpiLabels};

/// A weighted survey of `n` respondents: six touchpoints of different
/// reach, an NPS question (some skip it) and a reversed effort score
/// (others skip it).
fn survey(n: usize) -> Survey {
    let mut state = 77u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let t = 6;
    let mut tps: Vec<Vec<Option<f64>>> = vec![Vec::new(); t];
    let (mut nps, mut ces, mut weights) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..n {
        let mut y = 0.0;
        for (j, tp) in tps.iter_mut().enumerate() {
            if next() < 0.35 + 0.1 * j as f64 {
                let x = (1.0 + next() * 9.99).floor();
                y += 0.2 * (j as f64 - 2.0) * (x - 5.5) / 4.5 + 0.3;
                tp.push(Some(x));
            } else {
                tp.push(None);
            }
        }
        let noise = next() * 3.0 - 1.5;
        nps.push((next() > 0.05).then(|| (6.0 + y + noise).round().clamp(0.0, 10.0)));
        ces.push((next() > 0.08).then(|| (3.5 - y / 2.0 + noise).round().clamp(1.0, 7.0)));
        weights.push(0.5 + next());
    }
    survey_of(
        "big.csv",
        weights,
        tps,
        vec![
            KpiColumn {
                column: "nps".into(),
                label: "Recommend".into(),
                kind: KpiKind::Nps,
                scale: (0.0, 10.0),
                reverse: false,
                values: nps.into(),
            },
            KpiColumn {
                column: "ces".into(),
                label: "Effort".into(),
                kind: KpiKind::Scale,
                scale: (1.0, 7.0),
                reverse: true,
                values: ces.into(),
            },
        ],
    )
}

/// A survey of `weights.len()` respondents, all analysed, read from
/// `file`: touchpoint `j` of `tps` rated 1-10 (top box from 9), `kpis`.
pub(super) fn survey_of(
    file: &str,
    weights: Vec<f64>,
    tps: Vec<Vec<Option<f64>>>,
    kpis: Vec<KpiColumn>,
) -> Survey {
    let n = weights.len();
    Survey {
        file: file.into(),
        respondents_in: n,
        all_ids: (1..=n).map(|r| format!("R{r}")).collect(),
        format: "CSV".into(),
        weights: Some(weights),
        weight_column: Some("w".into()),
        touchpoints: tps
            .into_iter()
            .enumerate()
            .map(|(j, values)| TouchpointColumn {
                column: format!("tp{j}"),
                label: format!("Touchpoint {j}"),
                phase: None,
                scale: (1.0, 10.0),
                top_box_from: 9.0,
                values: values.into(),
                controllable: true,
                note: None,
            })
            .collect(),
        kpis,
        segments: Vec::new(),
        wave: None,
        rows: (1..=n).collect(),
        excluded: Vec::new(),
        warnings: Vec::new(),
    }
}

fn options(block_from: usize) -> Options {
    let boot = BootstrapOptions {
        replicates: 20,
        chunks: 64,
        block_from,
        ..BootstrapOptions::default()
    };
    Options::new(ModelOptions::default(), boot, SubKpiLabels::ENGLISH).expect("options")
}

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-3),
        "{what}: {a} vs {b}"
    );
}

fn opt_close(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (Some(a), Some(b)) => close(a, b, what),
        (None, None) => {}
        _ => panic!("{what}: {a:?} vs {b:?}"),
    }
}

/// Every point estimate of the one-pass analysis equals the row-by-row
/// analysis's: descriptives, each KPI's model and what-ifs, the NPS-points
/// model, the NPS and the exclusions; both bootstraps give intervals.
#[test]
fn one_pass_equals_rows() {
    let survey = survey(24_000);
    let config = Config::default();
    // Chunks from 20,000 respondents: one pass; from 30,000: the rows.
    let summed = analyse(&survey, &config, &options(20_000)).expect("one pass");
    let rows = analyse(&survey, &config, &options(30_000)).expect("rows");
    assert_eq!(summed.respondents_analysed, rows.respondents_analysed);
    assert_eq!(summed.excluded, rows.excluded);
    for (a, b) in summed.touchpoints.iter().zip(&rows.touchpoints) {
        let (a, b) = (&a.descriptives, &b.descriptives);
        assert_eq!(a.n_experienced, b.n_experienced);
        assert_eq!(a.satisfaction_median, b.satisfaction_median);
        close(a.frequency, b.frequency, "frequency");
        opt_close(a.satisfaction_mean, b.satisfaction_mean, "mean");
        opt_close(a.satisfaction_sd, b.satisfaction_sd, "sd");
        opt_close(a.top_box_share, b.top_box_share, "top box");
    }
    assert_eq!(summed.kpis.len(), 2);
    assert_eq!(summed.kpis.len(), rows.kpis.len());
    for (a, b) in summed.kpis.iter().zip(&rows.kpis) {
        assert_eq!(a.excluded, b.excluded);
        assert_eq!(a.nps.is_some(), b.nps.is_some());
        if let (Some(x), Some(y)) = (&a.nps, &b.nps) {
            close(x.score, y.score, "nps");
        }
        let pairs = [(Some(&a.model), Some(&b.model))].into_iter().chain([(
            a.nps_effects.as_ref().map(|e| &e.model),
            b.nps_effects.as_ref().map(|e| &e.model),
        )]);
        for (x, y) in pairs {
            let (Some(x), Some(y)) = (x, y) else {
                assert!(x.is_none() && y.is_none());
                continue;
            };
            close(x.r2, y.r2, "r2");
            assert_eq!(x.dropped, y.dropped);
            for (s, r) in x.touchpoints.iter().zip(&y.touchpoints) {
                close(s.importance, r.importance, "importance");
                close(s.impact, r.impact, "impact");
                opt_close(s.gain_one_point, r.gain_one_point, "gain");
                opt_close(s.gain_prevent, r.gain_prevent, "prevent");
            }
        }
        let u = a.uncertainty.as_ref().expect("one-pass intervals");
        assert_eq!(u.chunks, Some(64));
        assert!(b.uncertainty.is_some());
        assert!(a
            .nps_effects
            .as_ref()
            .is_none_or(|e| e.uncertainty.is_some()));
    }
}

/// The pass gives the same sums, to the last bit, on one thread and on
/// three: a report does not depend on the consultant's number of cores.
#[test]
fn sums_do_not_depend_on_the_number_of_threads() {
    use crate::kpis::kpi_analyses;
    use crate::one_pass::Pass;
    let survey = survey(21_000);
    let analyses = kpi_analyses(&survey, &Config::default(), SubKpiLabels::ENGLISH);
    let analysed: Vec<usize> = (0..21_000).collect();
    let boot = BootstrapOptions {
        chunks: 64,
        ..BootstrapOptions::default()
    };
    let summed: Vec<usize> = (0..analyses.len()).collect();
    let one = Pass::run_on(&survey, &analysed, &analyses, &summed, &boot, 1);
    let three = Pass::run_on(&survey, &analysed, &analyses, &summed, &boot, 3);
    assert_eq!(one.desc, three.desc);
    assert_eq!(one.histograms, three.histograms);
    assert_eq!(one.weight.to_bits(), three.weight.to_bits());
    assert_eq!(one.groups.len(), three.groups.len());
    for (a, b) in one.groups.iter().zip(&three.groups) {
        assert_eq!(a.chunks, b.chunks);
    }
}

/// A segment column's difference tests from the one-pass sums equal the
/// tests on the rows.
#[test]
fn segment_differences_from_sums_equal_the_rows() {
    use cximpact_ingest::SegmentColumn;
    let mut survey = survey(24_000);
    survey.segments = vec![SegmentColumn {
        column: "region".into(),
        values: (0..24_000)
            .map(|i| Some(["North", "South", "West"][(i * 7) % 3].to_string()))
            .collect::<Vec<_>>()
            .into(),
    }];
    let config = Config::default();
    let summed = analyse(&survey, &config, &options(20_000)).expect("one pass");
    let rows = analyse(&survey, &config, &options(30_000)).expect("rows");
    assert_eq!(summed.segment_models.len(), 3);
    let mut tested = 0;
    for (a, b) in summed.segment_models.iter().zip(&rows.segment_models) {
        assert_eq!(a.value, b.value);
        assert_eq!(a.differences.len(), b.differences.len());
        for (x, y) in a.differences.iter().zip(&b.differences) {
            assert_eq!(x.kpi, y.kpi);
            for (s, r) in x.touchpoints.iter().zip(&y.touchpoints) {
                match (s, r) {
                    (Some(s), Some(r)) => {
                        tested += 1;
                        assert_eq!((s.df1, s.df2), (r.df1, r.df2));
                        assert!((s.p - r.p).abs() < 1e-9, "{} vs {}", s.p, r.p);
                        assert!((s.p_adjusted - r.p_adjusted).abs() < 1e-9);
                    }
                    (None, None) => {}
                    other => panic!("{other:?}"),
                }
            }
        }
    }
    assert!(tested > 0);
}
