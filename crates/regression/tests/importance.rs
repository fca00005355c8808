//! Which importance method a model uses, how good the sampled estimate is,
//! journey phases as players, and defined results on awkward designs.
#![allow(clippy::needless_range_loop)] // index loops mirror the formulas

use cximpact_regression::{
    fit_kpi, importance_method_for, phase_importance, sampled_shapley, shapley_decomposition,
    DriverData, ImportanceMethod, KpiModel, ModelOptions, RegressionError,
};

mod common;
use common::Rng;

/// `touchpoints` correlated touchpoints (a shared mood), 1-10 ratings,
/// experienced by 50-90%.
fn survey(seed: u64, n: usize, touchpoints: usize) -> DriverData {
    let mut rng = Rng(seed);
    let mut tps = vec![Vec::new(); touchpoints];
    let mut kpi = Vec::with_capacity(n);
    for _ in 0..n {
        let mood = rng.uniform();
        let mut y = 4.0 + 3.0 * mood + 2.0 * rng.uniform();
        for (j, tp) in tps.iter_mut().enumerate() {
            if rng.uniform() < 0.5 + 0.4 * ((j * 5) % 7) as f64 / 7.0 {
                let x = (1.0 + 5.0 * mood + 4.0 * rng.uniform()).round();
                y += 0.1 * (j % 4) as f64 + 0.05 * (j % 3) as f64 * (x - 5.0);
                tp.push(Some(x));
            } else {
                tp.push(None);
            }
        }
        kpi.push(y);
    }
    DriverData {
        kpi,
        touchpoints: tps,
        weights: None,
    }
}

/// Design columns (incidence, centred quality) and pair groups of a survey.
fn design(data: &DriverData) -> (Vec<Vec<f64>>, Vec<Vec<usize>>) {
    let mut columns = Vec::new();
    let mut groups = Vec::new();
    for tp in &data.touchpoints {
        let rated: Vec<f64> = tp.iter().flatten().copied().collect();
        let mean = rated.iter().sum::<f64>() / rated.len() as f64;
        groups.push(vec![columns.len(), columns.len() + 1]);
        columns.push(tp.iter().map(|v| v.map_or(0.0, |_| 1.0)).collect());
        columns.push(tp.iter().map(|v| v.map_or(0.0, |x| x - mean)).collect());
    }
    (columns, groups)
}

fn assert_defined(m: &KpiModel) {
    assert!(m.r2.is_finite() && m.condition_number.is_finite());
    for t in &m.touchpoints {
        for v in [
            t.importance,
            t.importance_share,
            t.impact,
            t.relative_weight,
        ] {
            assert!(v.is_finite(), "{t:?}");
        }
        assert!(t.importance_se.is_none_or(f64::is_finite));
    }
}

/// On 12 touchpoint groups the sampled estimate lies within 4 standard
/// errors of the exact value for every group, and its standard errors are
/// small but not zero.
#[test]
fn sampled_shapley_is_within_a_few_standard_errors_of_exact() {
    let data = survey(12, 800, 12);
    let (columns, groups) = design(&data);
    let exact = shapley_decomposition(&columns, &data.kpi, None, &groups).unwrap();
    let sampled = sampled_shapley(&columns, &data.kpi, None, &groups, 2000, 42).unwrap();
    assert_eq!(sampled.permutations, 2000);
    assert!((sampled.r2 - exact.r2).abs() < 1e-12);
    let sum: f64 = sampled.shapley.iter().sum();
    assert!((sum - exact.r2).abs() < 1e-12);
    for g in 0..groups.len() {
        let (e, s, se) = (exact.shapley[g], sampled.shapley[g], sampled.se[g]);
        assert!(se > 0.0 && se < 0.01, "group {g}: se {se}");
        assert!((s - e).abs() <= 4.0 * se, "group {g}: {s} vs {e} (se {se})");
    }
}

/// The method follows the number of touchpoints in the model: exact up to
/// `exact_limit`, sampled up to `sampling_limit`, relative weights above;
/// importances sum to R² under each.
#[test]
fn method_follows_the_limits() {
    let data = survey(3, 400, 8);
    let base = ModelOptions {
        min_not_experienced: 10,
        ..ModelOptions::default()
    };
    let exact = fit_kpi(&data, &base).unwrap();
    assert_eq!(exact.importance_method, ImportanceMethod::ShapleyExact);
    assert!(exact.touchpoints.iter().all(|t| t.importance_se.is_none()));

    let sampled_opts = ModelOptions {
        exact_limit: 5,
        ..base.clone()
    };
    let sampled = fit_kpi(&data, &sampled_opts).unwrap();
    assert_eq!(sampled.importance_method, ImportanceMethod::ShapleySampled);
    for (s, e) in sampled.touchpoints.iter().zip(&exact.touchpoints) {
        let se = s
            .importance_se
            .expect("a sampled importance has a standard error");
        assert!((s.importance - e.importance).abs() <= 4.0 * se + 1e-12);
        assert_eq!(s.relative_weight, e.relative_weight);
    }
    assert_eq!(sampled, fit_kpi(&data, &sampled_opts).unwrap(), "seeded");

    let rw = fit_kpi(
        &data,
        &ModelOptions {
            exact_limit: 5,
            sampling_limit: 6,
            ..base
        },
    )
    .unwrap();
    assert_eq!(rw.importance_method, ImportanceMethod::RelativeWeights);
    for (t, model) in [(&rw, "rw"), (&exact, "exact"), (&sampled, "sampled")] {
        let sum: f64 = t.touchpoints.iter().map(|t| t.importance).sum();
        assert!((sum - t.r2).abs() < 1e-9, "{model}: {sum} vs {}", t.r2);
        assert_defined(t);
    }
    for t in &rw.touchpoints {
        assert_eq!(t.importance, t.relative_weight);
    }
    // impact.json names the methods in kebab-case.
    for (m, name) in [
        (&exact, "\"shapley-exact\""),
        (&sampled, "\"shapley-sampled\""),
        (&rw, "\"relative-weights\""),
    ] {
        assert_eq!(serde_json::to_string(&m.importance_method).unwrap(), name);
    }
}

#[test]
fn default_limits() {
    let o = ModelOptions::default();
    assert_eq!(o.exact_limit, 25);
    assert_eq!(
        importance_method_for(25, &o),
        ImportanceMethod::ShapleyExact
    );
    assert_eq!(
        importance_method_for(26, &o),
        ImportanceMethod::ShapleySampled
    );
    assert_eq!(
        importance_method_for(101, &o),
        ImportanceMethod::RelativeWeights
    );
    // An exact limit above what the walk handles is capped.
    let o = ModelOptions {
        exact_limit: 40,
        ..o
    };
    assert_eq!(
        importance_method_for(31, &o),
        ImportanceMethod::ShapleySampled
    );
}

/// Phases as players: with one touchpoint per phase the phase importances
/// are the touchpoint importances; grouped, they still sum to R², and a
/// phase without touchpoints gets nothing.
#[test]
fn journey_phases_as_players() {
    let data = survey(5, 400, 6);
    let opts = ModelOptions {
        min_not_experienced: 10,
        ..ModelOptions::default()
    };
    let m = fit_kpi(&data, &opts).unwrap();
    let own = phase_importance(&data, &[0, 1, 2, 3, 4, 5], &opts).unwrap();
    for (t, p) in m.touchpoints.iter().zip(&own.importance) {
        assert!((t.importance - p).abs() < 1e-12);
    }
    let phases = [0, 0, 1, 1, 1, 3];
    let ph = phase_importance(&data, &phases, &opts).unwrap();
    assert_eq!(ph.method, ImportanceMethod::ShapleyExact);
    assert_eq!(ph.importance.len(), 4);
    assert_eq!(ph.importance[2], 0.0, "phase 2 has no touchpoints");
    let sum: f64 = ph.importance.iter().sum();
    assert!((sum - m.r2).abs() < 1e-9);
    let rw: f64 = ph.relative_weight.iter().sum();
    assert!((rw - m.r2).abs() < 1e-9);
    assert!(phase_importance(&data, &[0, 1], &opts).is_err());
}

/// Awkward designs give defined numbers: a constant touchpoint, one that
/// everyone experienced, one that no one did, two identical touchpoints,
/// and more touchpoints than respondents.
#[test]
fn awkward_designs_are_defined() {
    let mut data = survey(9, 60, 4);
    let n = data.kpi.len();
    data.touchpoints.push(vec![Some(7.0); n]); // constant, everyone
    data.touchpoints.push(vec![None; n]); // no one
    data.touchpoints.push(data.touchpoints[0].clone()); // identical to 0
    let m = fit_kpi(&data, &ModelOptions::default()).unwrap();
    assert_defined(&m);
    assert_eq!(m.touchpoints[4].importance, 0.0);
    assert_eq!(m.touchpoints[5].importance, 0.0);
    assert_eq!(m.touchpoints[6].importance, 0.0, "a duplicate adds nothing");
    let sum: f64 = m.touchpoints.iter().map(|t| t.importance).sum();
    assert!((sum - m.r2).abs() < 1e-9);

    // 40 touchpoints, 12 respondents: far beyond the capacity rule, so by
    // default not fitted; without the rule, terms beyond the rank drop out
    // as collinear and the model is defined under every method.
    let wide = survey(10, 12, 40);
    assert!(matches!(
        fit_kpi(&wide, &ModelOptions::default()),
        Err(RegressionError::TooManyTerms(c)) if c.base == 12 && c.max_terms() == 2
    ));
    let unruled = ModelOptions {
        per_term: 0,
        ..ModelOptions::default()
    };
    for opts in [
        unruled.clone(),
        ModelOptions {
            exact_limit: 3,
            sampling_limit: 4,
            ..unruled
        },
    ] {
        let m = fit_kpi(&wide, &opts).unwrap();
        assert_defined(&m);
        assert!(m.n_terms < 12);
        let sum: f64 = m.touchpoints.iter().map(|t| t.importance).sum();
        assert!((sum - m.r2).abs() < 1e-9, "{sum} vs {}", m.r2);
    }
}
