//! The bootstrap of logistic KPI models.

use super::*;
use crate::bootstrap::logistic::LogitStats;
use crate::fit_kpi_logistic;

/// The synthetic survey with its KPI cut into a yes/no answer.
fn binary(n: usize, seed: u64, weighted: bool) -> Synthetic {
    let mut s = synthetic(n, seed, weighted);
    for y in s.kpi.iter_mut().flatten() {
        *y = if *y > 6.3 { 1.0 } else { 0.0 };
    }
    s
}

/// The respondents of the KPI model, each weighted by its weight times
/// `counts[row]` (rows drawn 0 times left out).
fn weighted_data(s: &Synthetic, counts: &[u32]) -> DriverData {
    let rows: Vec<usize> = s
        .rows
        .iter()
        .copied()
        .filter(|&r| s.kpi[r].is_some() && counts[r] > 0)
        .collect();
    DriverData {
        kpi: rows.iter().filter_map(|&r| s.kpi[r]).collect(),
        touchpoints: s
            .touchpoints
            .iter()
            .map(|tp| rows.iter().map(|&r| tp[r]).collect())
            .collect(),
        weights: Some(
            rows.iter()
                .map(|&r| counts[r] as f64 * s.weights.as_ref().map_or(1.0, |w| w[r]))
                .collect(),
        ),
    }
}

fn logit_model(s: &Synthetic) -> KpiModel {
    let model = fit_kpi_logistic(
        &weighted_data(s, &vec![1; s.rows.len()]),
        &ModelOptions::default(),
    )
    .unwrap();
    assert_eq!(model.model, crate::ModelKind::Logistic);
    assert!(!model.separation);
    model
}

fn units_of(s: &Synthetic, design: &FixedDesign, model: &KpiModel, chunks: Option<usize>) -> Units {
    let survey = SurveySample {
        touchpoints: s.touchpoints.iter().map(|t| t.as_slice()).collect(),
        weights: s.weights.as_deref(),
        rows: &s.rows,
    };
    let kpis = [KpiSample {
        kpi: &s.kpi,
        model,
        importance: true,
    }];
    let noise = noise_columns(s.rows.len(), 7);
    match chunks {
        None => Units::rows(&survey, &kpis, std::slice::from_ref(design), &noise),
        Some(chunks) => {
            let boot = BootstrapOptions {
                chunks,
                ..BootstrapOptions::default()
            };
            Units::chunks(&survey, &kpis, std::slice::from_ref(design), &noise, &boot)
        }
    }
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

/// On the full sample (every respondent or chunk once) the replicate
/// machinery reproduces the fitted logistic model: coefficients and
/// pseudo-R², by refit and by the one-step chunk fit.
#[test]
fn full_sample_reproduces_the_logistic_model() {
    for weighted in [false, true] {
        let s = binary(3_000, 11, weighted);
        let model = logit_model(&s);
        let design = FixedDesign::new(&model, true);
        let logit = design.logit.as_ref().unwrap();
        for chunks in [None, Some(64)] {
            let units = units_of(&s, &design, &model, chunks);
            let counts = units.all_once();
            let fit = units.logit_fit(0, &counts, &design).unwrap();
            for (a, b) in fit.beta.iter().zip(&logit.beta) {
                assert!(close(*a, *b, 1e-7), "{chunks:?}: {a} vs {b}");
            }
            let solved = units.full_solve(0, &design).unwrap();
            assert!(
                close(solved.r2, model.r2, 1e-9),
                "{} vs {}",
                solved.r2,
                model.r2
            );
        }
    }
}

/// A replicate's refit is the maximum-likelihood fit of the weighted
/// replicate data: the same pseudo-R² and coefficients as fitting the drawn
/// respondents directly (the incidence effects taken at the replicate's
/// own centre of each quality term).
#[test]
fn replicate_refit_is_the_weighted_maximum_likelihood_fit() {
    let s = binary(2_000, 12, true);
    let model = logit_model(&s);
    let design = FixedDesign::new(&model, true);
    let logit = design.logit.as_ref().unwrap();
    let units = units_of(&s, &design, &model, None);
    for r in 0..3 {
        let counts = units.draw(&mut BootstrapStream::replicate(99, r));
        let fit = units.logit_fit(0, &counts, &design).unwrap();
        let direct =
            fit_kpi_logistic(&weighted_data(&s, &counts), &ModelOptions::default()).unwrap();
        let solved = design
            .solve(&units.cross_products(0, &counts, design.dim), Some(&fit))
            .unwrap();
        assert!(
            close(solved.r2, direct.r2, 1e-8),
            "{} vs {}",
            solved.r2,
            direct.r2
        );
        for (g, &j) in design.players.iter().enumerate() {
            let e = &direct.touchpoints[j];
            let b_q = logit.coefficient(&fit.beta, 2 + 2 * g);
            if let Some(q) = e.quality_effect {
                assert!(close(b_q, q, 1e-6), "quality {j}: {b_q} vs {q}");
            }
            if let (Some(inc), Some(m0), Some(m1)) =
                (e.incidence_effect, model.touchpoints[j].centre, e.centre)
            {
                let b_d = logit.coefficient(&fit.beta, 1 + 2 * g) + (m1 - m0) * b_q;
                assert!(close(b_d, inc, 1e-6), "incidence {j}: {b_d} vs {inc}");
            }
            // The impact's sign follows the direction of the refit.
            assert_eq!(
                solved.impact[j] > 0.0,
                e.direction > 0.0 && solved.importance[j] > 0.0,
                "touchpoint {j}: direction {}",
                e.direction
            );
        }
    }
}

/// From chunk statistics one Newton step replaces the refit: on 40,000
/// respondents it lands within a small fraction of a standard error of the
/// full refit on the same draw.
#[test]
fn one_step_chunk_fit_is_close_to_the_refit() {
    let s = binary(40_000, 13, false);
    let model = logit_model(&s);
    let design = FixedDesign::new(&model, true);
    let rows = units_of(&s, &design, &model, None);
    let chunked = units_of(&s, &design, &model, Some(64));
    let boot = BootstrapOptions::default();
    // Standard errors of the coefficients from the full-sample information.
    let logit = design.logit.as_ref().unwrap();
    let Units::Rows { kpis, .. } = &rows else {
        unreachable!()
    };
    let info = {
        let mut total = LogitStats::zeros(logit.m);
        let Units::Chunks { logit: stats, .. } = &chunked else {
            unreachable!()
        };
        for c in &stats[0] {
            total.add_scaled(c, 1.0);
        }
        total
    };
    let se: Vec<f64> = (0..logit.m)
        .map(|a| {
            let mut e = LogitStats::zeros(logit.m);
            e.hess = info.hess.clone();
            e.grad[a] = 1.0;
            let (x, _) = e.newton(logit.m);
            x[a].sqrt()
        })
        .collect();
    for r in 0..3 {
        let chunk_counts = chunked.draw(&mut BootstrapStream::replicate(5, r));
        let row_counts: Vec<u32> = (0..s.rows.len())
            .map(|p| chunk_counts[seeded_bucket(p, boot.seed, 64)])
            .collect();
        let one = chunked.logit_fit(0, &chunk_counts, &design).unwrap();
        let refit = logit.fit_rows(&kpis[0], &row_counts);
        for (a, se) in se.iter().enumerate() {
            let gap = (one.beta[a] - refit.beta[a]).abs();
            assert!(gap < 0.05 * se, "coefficient {a}: gap {gap} vs se {se}");
        }
        assert!(close(one.ll, refit.ll, 1e-6), "{} vs {}", one.ll, refit.ll);
    }
}

/// The replicates' pseudo-R² importances, estimated from the
/// linear-probability values, follow the exact pseudo-R² Shapley values of
/// the same replicates: closely correlated, and intervals that agree to a
/// small part of their width.
#[test]
fn replicate_importances_follow_exact_refits() {
    let s = binary(2_000, 14, true);
    let model = logit_model(&s);
    let boot = BootstrapOptions {
        replicates: 40,
        seed: 3,
        ..BootstrapOptions::default()
    };
    let u = s.run(&model, &boot);
    let design = FixedDesign::new(&model, true);
    let units = units_of(&s, &design, &model, None);
    let t = model.touchpoints.len();
    let mut exact = vec![Vec::new(); t];
    let mut proxy = vec![Vec::new(); t];
    for r in 0..boot.replicates {
        let counts = units.draw(&mut BootstrapStream::replicate(boot.seed, r));
        let refit =
            fit_kpi_logistic(&weighted_data(&s, &counts), &ModelOptions::default()).unwrap();
        assert!(close(u.draws.r2[r], refit.r2, 1e-8));
        for j in 0..t {
            exact[j].push(refit.touchpoints[j].importance);
            proxy[j].push(u.draws.importance[r * t + j]);
        }
    }
    for j in 0..t {
        if model.touchpoints[j].importance < 1e-3 {
            continue;
        }
        let (e, p) = (&exact[j], &proxy[j]);
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let (me, mp) = (mean(e), mean(p));
        let cov: f64 = e.iter().zip(p).map(|(a, b)| (a - me) * (b - mp)).sum();
        let ve: f64 = e.iter().map(|a| (a - me).powi(2)).sum();
        let vp: f64 = p.iter().map(|b| (b - mp).powi(2)).sum();
        let corr = cov / (ve * vp).sqrt();
        assert!(corr > 0.97, "touchpoint {j}: correlation {corr}");
        let width = {
            let mut v = e.clone();
            quantile(&mut v, 0.975) - quantile(&mut v, 0.025)
        };
        for q in [0.025, 0.975] {
            let (a, b) = (quantile(&mut e.clone(), q), quantile(&mut p.clone(), q));
            assert!(
                (a - b).abs() < 0.15 * width,
                "touchpoint {j}, q {q}: {a} vs {b}"
            );
        }
    }
}

/// A logistic KPI gets intervals like a linear one: around the point
/// estimates, pseudo-R² interval around the model's, reproducible.
#[test]
fn logistic_intervals_contain_the_point_estimates() {
    let s = binary(3_000, 15, true);
    let model = logit_model(&s);
    let boot = BootstrapOptions {
        replicates: 100,
        ..BootstrapOptions::default()
    };
    let u = s.run(&model, &boot);
    assert_eq!(u, s.run(&model, &boot));
    assert!(
        u.r2_ci[0] < model.r2 && model.r2 < u.r2_ci[1],
        "{:?} vs {}",
        u.r2_ci,
        model.r2
    );
    // The drivers' intervals hold their point estimates. (A percentile
    // interval of an importance near zero, bounded below by 0, may lie just
    // above its point estimate: the null touchpoint 3 is checked by its
    // signed impact instead, which must straddle zero.)
    for j in 0..3 {
        let (tp, e) = (&u.touchpoints[j], &model.touchpoints[j]);
        let [lo, hi] = tp.importance_ci.unwrap();
        assert!(
            lo <= e.importance && e.importance <= hi,
            "{lo} {} {hi}",
            e.importance
        );
        let [ilo, ihi] = tp.impact_ci.unwrap();
        assert!(ilo <= e.impact && e.impact <= ihi);
    }
    assert!(u.touchpoints[3].impact_uncertain);
    assert_eq!(u.touchpoints[3].significant, Some(false));
    // The strong drivers are significant and of known direction: touchpoint
    // 0 (quality) and 1 (incidence, positive), 2 (negative).
    for j in [0, 1, 2] {
        assert_eq!(u.touchpoints[j].significant, Some(true), "touchpoint {j}");
        assert!(!u.touchpoints[j].impact_uncertain, "touchpoint {j}");
    }
    assert!(u.touchpoints[2].impact_ci.unwrap()[1] < 0.0);
    // Every replicate's importances sum to its pseudo-R².
    let t = model.touchpoints.len();
    for r in 0..boot.replicates {
        let sum: f64 = u.draws.importance[r * t..(r + 1) * t].iter().sum();
        assert!(
            (sum - u.draws.r2[r]).abs() < 1e-9,
            "{sum} vs {}",
            u.draws.r2[r]
        );
    }
}
