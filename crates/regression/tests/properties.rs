//! Properties any importance decomposition must have, checked on random
//! surveys: importances add up to R²; rescaling a touchpoint's scale or
//! reordering the touchpoints changes nothing; relative weights and Shapley
//! agree when predictors are (nearly) uncorrelated; integer weights equal
//! duplicated rows.
//!
//! Each case builds its survey deterministically from a generated seed, so
//! a failure prints a seed that reproduces it.
#![allow(clippy::needless_range_loop)] // index loops mirror the formulas

use cximpact_regression::{
    fit_kpi, relative_weights_from_correlation, shapley_from_correlation, DriverData, KpiModel,
    ModelOptions,
};
use proptest::prelude::*;

mod common;
use common::Rng;

/// A survey of `n` respondents and `touchpoints` touchpoints rated 1-10,
/// each experienced by 45-90%, with a KPI driven by both incidence and
/// quality plus noise.
fn survey(seed: u64, n: usize, touchpoints: usize) -> DriverData {
    let mut rng = Rng(seed);
    let reach: Vec<f64> = (0..touchpoints)
        .map(|_| 0.45 + 0.45 * rng.uniform())
        .collect();
    let effect: Vec<f64> = (0..touchpoints).map(|_| rng.uniform() - 0.3).collect();
    let slope: Vec<f64> = (0..touchpoints).map(|_| 0.4 * rng.uniform()).collect();
    let mut tps = vec![Vec::new(); touchpoints];
    let mut kpi = Vec::with_capacity(n);
    for _ in 0..n {
        let mood = rng.uniform();
        let mut y = 5.0 + 2.0 * mood + 2.0 * rng.uniform();
        for j in 0..touchpoints {
            if rng.uniform() < reach[j] {
                let x = (1.0 + 6.0 * mood + 3.0 * rng.uniform()).round();
                y += effect[j] + slope[j] * (x - 5.0);
                tps[j].push(Some(x));
            } else {
                tps[j].push(None);
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

fn opts() -> ModelOptions {
    ModelOptions {
        min_not_experienced: 10,
        ..ModelOptions::default()
    }
}

fn importances(m: &KpiModel) -> Vec<f64> {
    m.touchpoints.iter().map(|t| t.importance).collect()
}

fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Shapley importances and relative weights each add up to R², and
    /// nothing is NaN.
    #[test]
    fn importances_sum_to_r2(seed in any::<u64>(), touchpoints in 1usize..7) {
        let m = fit_kpi(&survey(seed, 120, touchpoints), &opts()).unwrap();
        let sum: f64 = importances(&m).iter().sum();
        let rw: f64 = m.touchpoints.iter().map(|t| t.relative_weight).sum();
        prop_assert!((sum - m.r2).abs() < 1e-9, "{} vs {}", sum, m.r2);
        prop_assert!((rw - m.r2).abs() < 1e-9, "{} vs {}", rw, m.r2);
        prop_assert!(m.condition_number.is_finite() && m.condition_number >= 1.0 - 1e-9);
    }

    /// x -> a x + b (a > 0) on one touchpoint's satisfaction changes no
    /// importance, no relative weight and no R²; the quality slope scales
    /// by 1 / a.
    #[test]
    fn rescaling_a_touchpoint_changes_nothing(
        seed in any::<u64>(),
        touchpoints in 1usize..6,
        pick in 0usize..6,
        a in 0.1f64..20.0,
        b in -50.0f64..50.0,
    ) {
        let data = survey(seed, 120, touchpoints);
        let j = pick % touchpoints;
        let mut scaled = data.clone();
        for v in scaled.touchpoints[j].iter_mut().flatten() {
            *v = a * *v + b;
        }
        let m = fit_kpi(&data, &opts()).unwrap();
        let s = fit_kpi(&scaled, &opts()).unwrap();
        prop_assert!((m.r2 - s.r2).abs() < 1e-9);
        prop_assert!(close(&importances(&m), &importances(&s), 1e-9));
        let rw = |m: &KpiModel| m.touchpoints.iter().map(|t| t.relative_weight).collect::<Vec<_>>();
        prop_assert!(close(&rw(&m), &rw(&s), 1e-9));
        if let (Some(q), Some(qs)) = (m.touchpoints[j].quality_effect, s.touchpoints[j].quality_effect) {
            prop_assert!((q - a * qs).abs() < 1e-7 * q.abs().max(1.0));
        }
    }

    /// Reordering the touchpoints reorders the results and nothing else.
    #[test]
    fn permuting_touchpoints_changes_nothing(
        seed in any::<u64>(),
        touchpoints in 2usize..7,
        shuffle in any::<u64>(),
    ) {
        let data = survey(seed, 120, touchpoints);
        let mut order: Vec<usize> = (0..touchpoints).collect();
        let mut rng = Rng(shuffle);
        for i in (1..touchpoints).rev() {
            order.swap(i, (rng.next() % (i as u64 + 1)) as usize);
        }
        let permuted = DriverData {
            touchpoints: order.iter().map(|&j| data.touchpoints[j].clone()).collect(),
            ..data.clone()
        };
        let m = fit_kpi(&data, &opts()).unwrap();
        let p = fit_kpi(&permuted, &opts()).unwrap();
        prop_assert!((m.r2 - p.r2).abs() < 1e-9);
        for (k, &j) in order.iter().enumerate() {
            let (a, b) = (&m.touchpoints[j], &p.touchpoints[k]);
            prop_assert!((a.importance - b.importance).abs() < 1e-9);
            prop_assert!((a.relative_weight - b.relative_weight).abs() < 1e-9);
            prop_assert!((a.impact - b.impact).abs() < 1e-9);
        }
    }

    /// On predictors whose intercorrelations are at most 0.03 in size,
    /// relative weights and Shapley agree within 0.005 (both equal the
    /// squared correlations with the KPI when the predictors are exactly
    /// uncorrelated).
    #[test]
    fn relative_weights_agree_with_shapley_on_uncorrelated_predictors(
        seed in any::<u64>(),
        p in 1usize..7,
    ) {
        let mut rng = Rng(seed);
        let dim = p + 1;
        let mut corr = vec![vec![0.0; dim]; dim];
        for i in 0..dim {
            corr[i][i] = 1.0;
            for j in 0..i {
                let r = if j == 0 {
                    0.6 * rng.uniform() - 0.3 // with the KPI (row 0)
                } else {
                    0.06 * rng.uniform() - 0.03
                };
                corr[i][j] = r;
                corr[j][i] = r;
            }
        }
        let groups: Vec<Vec<usize>> = (0..p).map(|j| vec![j]).collect();
        let s = shapley_from_correlation(&corr, &groups).unwrap();
        let rw = relative_weights_from_correlation(&corr, &groups).unwrap();
        prop_assert!((s.r2 - rw.r2).abs() < 1e-12);
        for j in 0..p {
            prop_assert!((s.shapley[j] - rw.weights[j]).abs() < 0.005,
                "{}: {} vs {}", j, s.shapley[j], rw.weights[j]);
        }
    }

    /// Weights of 1, 2 or 3 give the model of the data with each row
    /// repeated that often.
    #[test]
    fn integer_weights_equal_duplicated_rows(seed in any::<u64>(), touchpoints in 1usize..6) {
        let data = survey(seed, 60, touchpoints);
        let mut rng = Rng(seed ^ 0xABCD);
        let w: Vec<usize> = (0..data.kpi.len()).map(|_| 1 + (rng.next() % 3) as usize).collect();
        let weighted = DriverData {
            weights: Some(w.iter().map(|&k| k as f64).collect()),
            ..data.clone()
        };
        let rep = |v: &[Option<f64>]| -> Vec<Option<f64>> {
            v.iter().zip(&w).flat_map(|(x, &k)| std::iter::repeat_n(*x, k)).collect()
        };
        let duplicated = DriverData {
            kpi: data.kpi.iter().zip(&w).flat_map(|(y, &k)| std::iter::repeat_n(*y, k)).collect(),
            touchpoints: data.touchpoints.iter().map(|t| rep(t)).collect(),
            weights: None,
        };
        // Unweighted counts decide which terms enter: a minimum of one
        // non-experiencer keeps the same terms in both. The capacity rule
        // counts respondents unweighted too (weights add no information),
        // so it is off: the duplicated rows would count double.
        let o = ModelOptions { min_not_experienced: 1, per_term: 0, ..ModelOptions::default() };
        let a = fit_kpi(&weighted, &o).unwrap();
        let b = fit_kpi(&duplicated, &o).unwrap();
        prop_assert!((a.r2 - b.r2).abs() < 1e-9);
        prop_assert!(close(&importances(&a), &importances(&b), 1e-9));
        for (x, y) in a.touchpoints.iter().zip(&b.touchpoints) {
            prop_assert!((x.relative_weight - y.relative_weight).abs() < 1e-9);
            if let (Some(c), Some(d)) = (x.incidence_effect, y.incidence_effect) {
                prop_assert!((c - d).abs() < 1e-7);
            }
        }
    }
}
