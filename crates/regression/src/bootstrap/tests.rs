//! Tests of the bootstrap on a synthetic survey with known drivers.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use super::fixed_design::FixedDesign;
use super::resample::{noise_columns, Units};
use super::*;
use crate::rng::{seeded_bucket, BootstrapStream};
use crate::{fit_kpi, DriverData, KpiModel, ModelOptions};

mod logistic;

/// A survey of `n` respondents, 4 touchpoints (one experienced by
/// everyone, one rarely), a KPI driven by two of them, optional weights.
struct Synthetic {
    touchpoints: Vec<Vec<Option<f64>>>,
    kpi: Vec<Option<f64>>,
    weights: Option<Vec<f64>>,
    rows: Vec<usize>,
}

fn synthetic(n: usize, seed: u64, weighted: bool) -> Synthetic {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let share = [1.0, 0.7, 0.5, 0.08];
    let mut touchpoints: Vec<Vec<Option<f64>>> = (0..4).map(|_| Vec::with_capacity(n)).collect();
    let mut kpi = Vec::with_capacity(n);
    let mut weights = Vec::with_capacity(n);
    for _ in 0..n {
        let e: f64 = StandardNormal.sample(&mut rng);
        let mut y = 6.0 + 1.5 * e;
        for (j, tp) in touchpoints.iter_mut().enumerate() {
            if rng.random::<f64>() < share[j] {
                let x: f64 = rng.random_range(1..=10) as f64;
                y += match j {
                    0 => 0.3 * (x - 5.5),
                    1 => 0.8 + 0.1 * (x - 5.5),
                    2 => -0.6,
                    _ => 0.0,
                };
                tp.push(Some(x));
            } else {
                tp.push(None);
            }
        }
        // Some respondents skip the KPI.
        kpi.push((rng.random::<f64>() > 0.05).then_some(y));
        weights.push(0.5 + rng.random::<f64>());
    }
    Synthetic {
        touchpoints,
        kpi,
        weights: weighted.then_some(weights),
        rows: (0..n).collect(),
    }
}

impl Synthetic {
    fn model(&self) -> KpiModel {
        let rows: Vec<usize> = self
            .rows
            .iter()
            .copied()
            .filter(|&r| self.kpi[r].is_some())
            .collect();
        let data = DriverData {
            kpi: rows.iter().filter_map(|&r| self.kpi[r]).collect(),
            touchpoints: self
                .touchpoints
                .iter()
                .map(|tp| rows.iter().map(|&r| tp[r]).collect())
                .collect(),
            weights: self
                .weights
                .as_ref()
                .map(|w| rows.iter().map(|&r| w[r]).collect()),
        };
        fit_kpi(&data, &ModelOptions::default()).unwrap()
    }

    fn run(&self, model: &KpiModel, boot: &BootstrapOptions) -> KpiUncertainty {
        self.run_with(model, boot, true)
    }

    fn run_with(
        &self,
        model: &KpiModel,
        boot: &BootstrapOptions,
        importance: bool,
    ) -> KpiUncertainty {
        let survey = SurveySample {
            touchpoints: self.touchpoints.iter().map(|t| t.as_slice()).collect(),
            weights: self.weights.as_deref(),
            rows: &self.rows,
        };
        let kpis = [KpiSample {
            kpi: &self.kpi,
            model,
            importance,
        }];
        bootstrap(&survey, &kpis, boot).unwrap().remove(0)
    }
}

fn opts(replicates: usize, seed: u64) -> BootstrapOptions {
    BootstrapOptions {
        replicates,
        seed,
        ..BootstrapOptions::default()
    }
}

/// Solving the fixed design from the full sample's cross-products
/// reproduces the fitted model: R², importances and impacts.
#[test]
fn full_sample_cross_products_reproduce_the_model() {
    for weighted in [false, true] {
        let s = synthetic(3_000, 1, weighted);
        let model = s.model();
        let survey = SurveySample {
            touchpoints: s.touchpoints.iter().map(|t| t.as_slice()).collect(),
            weights: s.weights.as_deref(),
            rows: &s.rows,
        };
        let kpis = [KpiSample {
            kpi: &s.kpi,
            model: &model,
            importance: true,
        }];
        let design = FixedDesign::new(&model, true);
        let noise = noise_columns(s.rows.len(), 7);
        let by_rows = Units::rows(&survey, &kpis, std::slice::from_ref(&design), &noise);
        let boot = BootstrapOptions {
            chunks: 64,
            ..BootstrapOptions::default()
        };
        let by_chunks = Units::chunks(&survey, &kpis, std::slice::from_ref(&design), &noise, &boot);
        for units in [&by_rows, &by_chunks] {
            let full = design
                .solve(&units.full_cross_products(0, design.dim), None)
                .unwrap();
            assert!(
                (full.r2 - model.r2).abs() < 1e-9,
                "{} vs {}",
                full.r2,
                model.r2
            );
            for (j, e) in model.touchpoints.iter().enumerate() {
                assert!((full.importance[j] - e.importance).abs() < 1e-9, "tp {j}");
                assert!((full.impact[j] - e.impact).abs() < 1e-9, "tp {j}");
            }
            assert!(full.noise >= 0.0 && full.noise < 0.01, "{}", full.noise);
        }
    }
}

#[test]
fn same_seed_same_intervals_other_seed_other_intervals() {
    let s = synthetic(800, 2, true);
    let model = s.model();
    let a = s.run(&model, &opts(50, 11));
    let b = s.run(&model, &opts(50, 11));
    let c = s.run(&model, &opts(50, 12));
    assert_eq!(a, b);
    assert_ne!(a.touchpoints, c.touchpoints);
    assert_ne!(a.r2_ci, c.r2_ci);
}

#[test]
fn intervals_contain_the_point_estimates() {
    let s = synthetic(2_000, 3, true);
    let model = s.model();
    let u = s.run(&model, &opts(200, DEFAULT_SEED));
    let inside = |ci: [f64; 2], v: f64| ci[0] <= v && v <= ci[1];
    assert!(inside(u.r2_ci, model.r2), "{:?} {}", u.r2_ci, model.r2);
    let survey_desc: Vec<_> = s
        .touchpoints
        .iter()
        .map(|tp| crate::describe(tp, s.weights.as_deref(), 9.0))
        .collect();
    for (j, t) in u.touchpoints.iter().enumerate() {
        let e = &model.touchpoints[j];
        let d = &survey_desc[j];
        assert!(inside(t.frequency_ci, d.frequency), "tp {j}");
        assert!(inside(
            t.satisfaction_ci.unwrap(),
            d.satisfaction_mean.unwrap()
        ));
        if let Some(ci) = t.importance_ci {
            assert!(inside(ci, e.importance), "tp {j}: {ci:?} {}", e.importance);
            assert!(inside(t.impact_ci.unwrap(), e.impact), "tp {j}");
        }
    }
    // Touchpoints 0 (quality), 1 and 2 (incidence) drive the KPI; the
    // rare touchpoint 3 does not.
    assert_eq!(u.touchpoints[0].significant, Some(true));
    assert_eq!(u.touchpoints[1].significant, Some(true));
    assert_eq!(u.touchpoints[2].significant, Some(true));
    assert!(!u.touchpoints[1].impact_uncertain);
    assert!(u.touchpoints[2].impact_ci.unwrap()[1] < 0.0);
    assert!(u.noise_threshold > 0.0 && u.noise_threshold < 0.01);
    let all_finite = |v: &[f64]| v.iter().all(|x| x.is_finite());
    let d = &u.draws;
    assert!(all_finite(&d.satisfaction) && all_finite(&d.frequency));
    assert!(all_finite(&d.importance) && all_finite(&d.impact) && all_finite(&d.r2));
}

#[test]
fn intervals_shrink_with_n() {
    let width = |n: usize| {
        let s = synthetic(n, 4, false);
        let model = s.model();
        let u = s.run(&model, &opts(100, 5));
        let ci = u.touchpoints[1].importance_ci.unwrap();
        let sat = u.touchpoints[1].satisfaction_ci.unwrap();
        (ci[1] - ci[0], sat[1] - sat[0])
    };
    let (imp_small, sat_small) = width(500);
    let (imp_large, sat_large) = width(8_000);
    // Widths go with 1 / sqrt(n): a factor 4 here; ask for 2.
    assert!(imp_large * 2.0 < imp_small, "{imp_large} vs {imp_small}");
    assert!(sat_large * 2.0 < sat_small, "{sat_large} vs {sat_small}");
}

/// The block bootstrap of chunk statistics agrees with the respondent
/// bootstrap on a large sample.
#[test]
fn block_bootstrap_agrees_with_respondent_bootstrap() {
    let s = synthetic(40_000, 6, true);
    let model = s.model();
    let rows = s.run(
        &model,
        &BootstrapOptions {
            replicates: 200,
            block_from: usize::MAX,
            ..BootstrapOptions::default()
        },
    );
    let blocks = s.run(&model, &opts(200, DEFAULT_SEED));
    assert_eq!(rows.unit, ResampleUnit::Respondent);
    assert_eq!(blocks.unit, ResampleUnit::Chunk);
    let width = |ci: [f64; 2]| ci[1] - ci[0];
    let close = |a: [f64; 2], b: [f64; 2], what: &str| {
        if width(b) == 0.0 {
            assert_eq!(width(a), 0.0, "{what}");
            return;
        }
        let ratio = width(a) / width(b);
        assert!((0.7..1.4).contains(&ratio), "{what}: {a:?} vs {b:?}");
        let mid = |c: [f64; 2]| (c[0] + c[1]) / 2.0;
        assert!(
            (mid(a) - mid(b)).abs() < 0.5 * width(b),
            "{what}: {a:?} vs {b:?}"
        );
    };
    close(blocks.r2_ci, rows.r2_ci, "r2");
    for j in 0..3 {
        let (b, r) = (&blocks.touchpoints[j], &rows.touchpoints[j]);
        close(
            b.importance_ci.unwrap(),
            r.importance_ci.unwrap(),
            "importance",
        );
        close(
            b.satisfaction_ci.unwrap(),
            r.satisfaction_ci.unwrap(),
            "satisfaction",
        );
        close(b.frequency_ci, r.frequency_ci, "frequency");
    }
}

/// A touchpoint rated by 40 respondents, 39 of them giving 8 and one 3:
/// most replicates draw no 3, so the quality term has no variance there.
/// Its effect is then 0 and nothing is NaN.
#[test]
fn a_term_without_variance_in_a_replicate_is_zero_not_nan() {
    let mut s = synthetic(300, 8, false);
    for (i, v) in s.touchpoints[3].iter_mut().enumerate() {
        *v = match i {
            0 => Some(3.0),
            1..40 => Some(8.0),
            _ => None,
        };
    }
    let model = s.model();
    assert!(model.touchpoints[3].quality_effect.is_some());
    let u = s.run(&model, &opts(100, 9));
    let d = &u.draws;
    for v in [
        &d.satisfaction,
        &d.frequency,
        &d.importance,
        &d.impact,
        &d.r2,
        &d.noise,
    ] {
        assert!(v.iter().all(|x| x.is_finite()));
    }
    let t = &u.touchpoints[3];
    assert!(t.importance_ci.unwrap().iter().all(|x| x.is_finite()));
    assert!(t.impact_pct_ci.unwrap().iter().all(|x| x.is_finite()));
}

#[test]
fn zero_replicates_is_off() {
    let s = synthetic(100, 10, false);
    let model = s.model();
    let survey = SurveySample {
        touchpoints: s.touchpoints.iter().map(|t| t.as_slice()).collect(),
        weights: None,
        rows: &s.rows,
    };
    let kpis = [KpiSample {
        kpi: &s.kpi,
        model: &model,
        importance: true,
    }];
    assert!(bootstrap(&survey, &kpis, &opts(0, 1)).unwrap().is_empty());
}

/// From `COVARIANCE_SOLVE_FROM` respondents on, `fit_kpi` solves from
/// covariances instead of QR: the survey repeated 8 times (24,000 rows,
/// that path) gives the model of the survey once (3,000 rows, QR).
#[test]
fn covariance_solve_matches_qr() {
    let s = synthetic(3_000, 12, true);
    let once = s.model();
    let times = 8;
    let rep = |v: &Vec<Option<f64>>| -> Vec<Option<f64>> {
        (0..times).flat_map(|_| v.iter().copied()).collect()
    };
    let big = Synthetic {
        touchpoints: s.touchpoints.iter().map(rep).collect(),
        kpi: rep(&s.kpi),
        weights: s
            .weights
            .as_ref()
            .map(|w| (0..times).flat_map(|_| w.iter().copied()).collect()),
        rows: (0..times * s.rows.len()).collect(),
    };
    let many = big.model();
    assert!(many.n >= crate::linear::COVARIANCE_SOLVE_FROM);
    assert!((once.r2 - many.r2).abs() < 1e-10);
    assert!((once.intercept - many.intercept).abs() < 1e-9);
    for (a, b) in once.touchpoints.iter().zip(&many.touchpoints) {
        for (x, y) in [
            (a.incidence_effect, b.incidence_effect),
            (a.quality_effect, b.quality_effect),
        ] {
            assert_eq!(x.is_some(), y.is_some());
            if let (Some(x), Some(y)) = (x, y) {
                assert!((x - y).abs() < 1e-9, "{x} vs {y}");
            }
        }
        assert!((a.importance - b.importance).abs() < 1e-10);
    }
}

#[test]
fn quantiles_interpolate() {
    let mut v = vec![4.0, 1.0, 3.0, 2.0];
    assert_eq!(quantile(&mut v, 0.0), 1.0);
    assert_eq!(quantile(&mut v, 1.0), 4.0);
    assert!((quantile(&mut v, 0.5) - 2.5).abs() < 1e-12);
    assert!((quantile(&mut v, 0.25) - 1.75).abs() < 1e-12);
}

/// A model whose replicates skip the decomposition (an NPS in points) has
/// the same what-if and mean intervals as with it, and no importance or
/// impact intervals at all rather than made-up ones.
#[test]
fn a_model_without_importance_keeps_its_what_ifs() {
    let s = synthetic(2_000, 4, true);
    let model = s.model();
    let boot = opts(60, 9);
    let with = s.run_with(&model, &boot, true);
    let without = s.run_with(&model, &boot, false);
    assert_eq!(with.kpi_mean_ci, without.kpi_mean_ci);
    assert!(with.touchpoints.iter().any(|t| t.importance_ci.is_some()));
    for (a, b) in with.touchpoints.iter().zip(&without.touchpoints) {
        assert_eq!(a.gain_one_point_ci, b.gain_one_point_ci);
        assert_eq!(a.gain_prevent_ci, b.gain_prevent_ci);
        assert_eq!(a.satisfaction_ci, b.satisfaction_ci);
        assert_eq!(a.frequency_ci, b.frequency_ci);
        assert_eq!(
            (b.importance_ci, b.impact_ci, b.impact_pct_ci, b.significant),
            (None, None, None, None)
        );
        assert!(!b.impact_uncertain);
    }
}
