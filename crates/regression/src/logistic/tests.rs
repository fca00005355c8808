//! Tests of the logistic fit against hand-computed cases and linfa-logistic,
//! and of its pseudo-R² decomposition against brute force.

use super::irls::{sigmoid, Problem, SubsetFit, Workspace};
use super::shapley::{exact_shapley, linear_anchor, sampled_shapley, CONTROL_VARIATE_MAX_GROUPS};
use super::*;
use crate::importance::decompose;
use crate::linalg::Correlation;
use crate::{fit_kpi, DropReason};

use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};

/// A small linear congruential generator for reproducible test data.
struct Lcg(u64);

impl Lcg {
    fn uniform(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn opts(min_not: usize) -> ModelOptions {
    ModelOptions {
        min_not_experienced: min_not,
        small_base: 30,
        // Hand-sized data: the capacity rule has tests of its own.
        per_term: 0,
        ..ModelOptions::default()
    }
}

/// The 2x2 table
///
/// ```text
///            y = 1   y = 0
///   x = 0      10      30     odds 1/3
///   x = 1      24      16     odds 3/2
/// ```
///
/// With one binary predictor the model is saturated: the intercept is the
/// log-odds of the x = 0 row, ln(1/3) = -1.0986, and the coefficient is the
/// log of the table's odds ratio, ln(4.5) = 1.5041. McFadden by hand:
/// LL = 10 ln .25 + 30 ln .75 + 24 ln .6 + 16 ln .4 = -49.41387,
/// LL0 = 34 ln .425 + 46 ln .575 = -54.54837, pseudo-R² = 0.094127.
#[test]
fn one_binary_predictor_gives_the_log_odds_ratio_of_the_table() {
    let mut x = Vec::new();
    let mut y = Vec::new();
    for (xv, yv, count) in [
        (0.0, 1.0, 10),
        (0.0, 0.0, 30),
        (1.0, 1.0, 24),
        (1.0, 0.0, 16),
    ] {
        for _ in 0..count {
            x.push(xv);
            y.push(yv);
        }
    }
    let fit = fit_logistic(&[x], &y, None).unwrap();
    assert!(fit.converged);
    assert!((fit.coefficients[0] - (1.0f64 / 3.0).ln()).abs() < 1e-9);
    assert!((fit.coefficients[1] - 4.5f64.ln()).abs() < 1e-9);
    let ll = 10.0 * 0.25f64.ln() + 30.0 * 0.75f64.ln() + 24.0 * 0.6f64.ln() + 16.0 * 0.4f64.ln();
    let ll0 = 34.0 * 0.425f64.ln() + 46.0 * 0.575f64.ln();
    assert!((fit.log_likelihood - ll).abs() < 1e-9);
    assert!((fit.null_log_likelihood - ll0).abs() < 1e-9);
    assert!((fit.pseudo_r2 - (1.0 - ll / ll0)).abs() < 1e-12);
    assert!((fit.pseudo_r2 - 0.094127).abs() < 1e-6);
}

/// Random data with three predictors (one binary, two continuous).
fn random_problem(n: usize, seed: u64) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut rng = Lcg(seed);
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); 3];
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        let a = if rng.uniform() < 0.4 { 1.0 } else { 0.0 };
        let b = rng.uniform() * 4.0 - 2.0;
        let c = (rng.uniform() * 9.0).round() - 4.0;
        let eta = -0.3 + 0.9 * a - 0.7 * b + 0.25 * c;
        y.push(if rng.uniform() < sigmoid(eta) {
            1.0
        } else {
            0.0
        });
        cols[0].push(a);
        cols[1].push(b);
        cols[2].push(c);
    }
    (cols, y)
}

/// linfa-logistic with no penalty and the positive class set explicitly
/// agrees with the IRLS fit on unweighted data. linfa-logistic makes the
/// larger class its positive one, so the classes are labelled and its
/// coefficients are negated when it chose the other class.
#[test]
fn agrees_with_linfa_logistic_unweighted() {
    for (seed, n) in [(1u64, 300usize), (7, 800)] {
        let (cols, y) = random_problem(n, seed);
        let ours = fit_logistic(&cols, &y, None).unwrap();
        assert!(ours.converged);

        let x = Array2::from_shape_fn((n, cols.len()), |(i, j)| cols[j][i]);
        let targets: Array1<usize> = y.iter().map(|&v| v as usize).collect();
        let fitted = LogisticRegression::default()
            .alpha(0.0)
            .gradient_tolerance(1e-10)
            .max_iterations(10_000)
            .fit(&Dataset::new(x, targets))
            .unwrap();
        let sign = if fitted.labels().pos.class == 1 {
            1.0
        } else {
            -1.0
        };
        let theirs: Vec<f64> = std::iter::once(fitted.intercept())
            .chain(fitted.params().iter().copied())
            .map(|v| sign * v)
            .collect();
        for (a, b) in ours.coefficients.iter().zip(&theirs) {
            assert!((a - b).abs() < 1e-6, "seed {seed}: {a} vs {b}");
        }
    }
}

/// Integer weights act as frequency weights: the same fit as duplicating
/// each row that many times.
#[test]
fn integer_weights_equal_duplicated_rows() {
    let (cols, y) = random_problem(150, 3);
    let weights: Vec<f64> = (0..y.len()).map(|i| (i % 3 + 1) as f64).collect();
    let weighted = fit_logistic(&cols, &y, Some(&weights)).unwrap();
    let mut dup_cols = vec![Vec::new(); cols.len()];
    let mut dup_y = Vec::new();
    for (i, &w) in weights.iter().enumerate() {
        for _ in 0..w as usize {
            for (d, c) in dup_cols.iter_mut().zip(&cols) {
                d.push(c[i]);
            }
            dup_y.push(y[i]);
        }
    }
    let duplicated = fit_logistic(&dup_cols, &dup_y, None).unwrap();
    for (a, b) in weighted.coefficients.iter().zip(&duplicated.coefficients) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }
    assert!((weighted.log_likelihood - duplicated.log_likelihood).abs() < 1e-8);
    assert!((weighted.pseudo_r2 - duplicated.pseudo_r2).abs() < 1e-12);

    // The same through the KPI model, with touchpoints and blanks.
    let data = tp_data(240, 5, 11);
    let w: Vec<f64> = (0..data.kpi.len()).map(|i| (i % 2 + 1) as f64).collect();
    let weighted = fit_kpi_logistic(
        &DriverData {
            weights: Some(w.clone()),
            ..data.clone()
        },
        &opts(10),
    )
    .unwrap();
    let mut dup = DriverData {
        kpi: vec![],
        touchpoints: vec![vec![]; data.touchpoints.len()],
        weights: None,
    };
    for (i, &wi) in w.iter().enumerate() {
        for _ in 0..wi as usize {
            dup.kpi.push(data.kpi[i]);
            for (d, t) in dup.touchpoints.iter_mut().zip(&data.touchpoints) {
                d.push(t[i]);
            }
        }
    }
    let duplicated = fit_kpi_logistic(&dup, &opts(10)).unwrap();
    assert!((weighted.r2 - duplicated.r2).abs() < 1e-9);
    for (a, b) in weighted.touchpoints.iter().zip(&duplicated.touchpoints) {
        assert!((a.importance - b.importance).abs() < 1e-9);
        match (a.incidence_effect, b.incidence_effect) {
            (Some(x), Some(y)) => assert!((x - y).abs() < 1e-7),
            (x, y) => assert_eq!(x, y),
        }
    }
}

/// Complete separation (y = 1 exactly where x > 5): the likelihood has no
/// maximum. The fit stops with finite coefficients, says it did not
/// converge and names the diverging ones; the pseudo-R² tends to 1.
#[test]
fn complete_separation_is_detected_not_nan() {
    let x: Vec<f64> = (1..=10).map(f64::from).collect();
    let y: Vec<f64> = x.iter().map(|&v| if v > 5.0 { 1.0 } else { 0.0 }).collect();
    let fit = fit_logistic(&[x], &y, None).unwrap();
    assert!(!fit.converged);
    assert_eq!(fit.diverging, vec![0]);
    assert!(fit.coefficients.iter().all(|c| c.is_finite()));
    assert!(fit.coefficients[1] > 5.0);
    assert!(fit.pseudo_r2 > 0.999 && fit.pseudo_r2 <= 1.0);
    assert!(fit.iterations <= LOGISTIC_MAX_ITERATIONS);
}

/// Quasi-complete separation in a KPI model: nobody who skipped the first
/// touchpoint is in the positive class. The model is flagged, the
/// diverging incidence effect keeps its (positive) sign but has no odds
/// ratio, and nothing is NaN.
#[test]
fn separation_in_a_kpi_model_is_flagged() {
    let mut data = tp_data(200, 3, 5);
    for i in 0..data.kpi.len() {
        if data.touchpoints[0][i].is_none() {
            data.kpi[i] = 0.0;
        }
    }
    let m = fit_kpi_logistic(&data, &opts(10)).unwrap();
    assert!(m.separation);
    let t = &m.touchpoints[0];
    assert!(t.incidence_effect.unwrap() > 3.0);
    assert_eq!(t.incidence_odds_ratio, None);
    assert!(t.impact > 0.0);
    for t in &m.touchpoints {
        assert!(t.importance.is_finite() && t.impact.is_finite());
    }
    assert!(m.r2.is_finite() && m.adj_r2.is_some_and(f64::is_finite));
    let sum: f64 = m.touchpoints.iter().map(|t| t.importance).sum();
    assert!((sum - m.r2).abs() < 1e-6);
}

/// Touchpoint data with blanks and a binary KPI driven by them.
fn tp_data(n: usize, touchpoints: usize, seed: u64) -> DriverData {
    let mut rng = Lcg(seed);
    let mut tps: Vec<Vec<Option<f64>>> = vec![Vec::new(); touchpoints];
    let mut kpi = Vec::with_capacity(n);
    for _ in 0..n {
        let mut eta = -0.2;
        for (j, tp) in tps.iter_mut().enumerate() {
            if rng.uniform() < 0.55 + 0.05 * (j % 5) as f64 {
                let x = (rng.uniform() * 9.0).round() + 1.0;
                eta +=
                    0.25 * (j % 3) as f64 * (x - 5.5) / 3.0 + if j % 4 == 1 { -0.6 } else { 0.3 };
                tp.push(Some(x));
            } else {
                tp.push(None);
            }
        }
        kpi.push(if rng.uniform() < sigmoid(eta) {
            1.0
        } else {
            0.0
        });
    }
    DriverData {
        kpi,
        touchpoints: tps,
        weights: None,
    }
}

/// The kept terms of a KPI model's design: their columns, their
/// linear-probability correlations (KPI last), the touchpoint of each group
/// and the groups.
struct Kept {
    columns: Vec<Vec<f64>>,
    lin: Correlation,
    players: Vec<usize>,
    groups: Vec<Vec<usize>>,
}

fn kept(data: &DriverData) -> Kept {
    let design = build_design(data, &opts(30)).unwrap();
    let (players, groups) = touchpoint_groups(&design.candidates, &design.kept_idx);
    Kept {
        columns: design
            .kept_idx
            .iter()
            .map(|&k| design.candidates[k].values.clone())
            .collect(),
        lin: design.kept_correlation(),
        players,
        groups,
    }
}

impl Problem<'_> {
    /// The fit with every column, from the intercept-only start.
    fn fit_all(&self) -> SubsetFit {
        let all: Vec<usize> = (0..self.columns.len()).collect();
        self.fit(&all, &self.start(all.len()), &mut Workspace::new(self.n))
    }
}

/// Exact importances sum to the pseudo-R² and equal a brute-force Shapley
/// computation in which every subset is refitted from scratch.
#[test]
fn exact_importances_match_brute_force_and_sum_to_pseudo_r2() {
    let data = tp_data(400, 4, 21);
    let m = fit_kpi_logistic(&data, &opts(30)).unwrap();
    assert_eq!(m.model, ModelKind::Logistic);
    assert_eq!(m.importance_method, ImportanceMethod::ShapleyExact);
    assert_eq!(m.pseudo_r2, Some(m.r2));
    assert!(!m.separation);
    let sum: f64 = m.touchpoints.iter().map(|t| t.importance).sum();
    assert!(m.r2 > 0.02);
    assert!((sum - m.r2).abs() < 1e-9, "{sum} vs {}", m.r2);
    assert!(m.touchpoints.iter().all(|t| t.importance_se.is_none()));

    // Brute force: every touchpoint has both terms (no drops here).
    assert!(m.dropped.is_empty(), "{:?}", m.dropped);
    let design = build_design(&data, &opts(30)).unwrap();
    let cols_of = |tp: usize| -> Vec<Vec<f64>> {
        design
            .kept_idx
            .iter()
            .map(|&k| &design.candidates[k])
            .filter(|c| c.term.touchpoint == tp)
            .map(|c| c.values.clone())
            .collect()
    };
    let g = 4;
    let v = |mask: usize| -> f64 {
        let cols: Vec<Vec<f64>> = (0..g)
            .filter(|t| mask >> t & 1 == 1)
            .flat_map(cols_of)
            .collect();
        fit_logistic(&cols, &data.kpi, None).unwrap().pseudo_r2
    };
    let values: Vec<f64> = (0..1 << g).map(v).collect();
    let fact = [1.0, 1.0, 2.0, 6.0, 24.0];
    for (t, effect) in m.touchpoints.iter().enumerate() {
        let phi: f64 = (0..1usize << g)
            .filter(|mask| mask >> t & 1 == 0)
            .map(|mask| {
                let s = mask.count_ones() as usize;
                fact[s] * fact[g - s - 1] / fact[g] * (values[mask | 1 << t] - values[mask])
            })
            .sum();
        assert!((phi - effect.importance).abs() < 1e-9, "{t}: {phi}");
        // Odds ratios are the exponentiated log-odds.
        let c = effect.incidence_effect.unwrap();
        assert!((effect.incidence_odds_ratio.unwrap() - c.exp()).abs() < 1e-12);
        let b = effect.quality_effect.unwrap();
        assert!((effect.quality_odds_ratio.unwrap() - b.exp()).abs() < 1e-12);
        assert_eq!(effect.quality_effect_std, None);
    }
    // The full model's coefficients are those of a direct fit.
    let all: Vec<Vec<f64>> = (0..g).flat_map(cols_of).collect();
    let direct = fit_logistic(&all, &data.kpi, None).unwrap();
    assert!((direct.coefficients[0] - m.intercept).abs() < 1e-9);
    assert!((direct.pseudo_r2 - m.r2).abs() < 1e-12);
}

/// The sampled estimator (forced here on a problem small enough to do
/// exactly) lands within a few standard errors of the exact values and its
/// estimates sum to the pseudo-R².
#[test]
fn sampled_shapley_agrees_with_exact_within_its_standard_errors() {
    let data = tp_data(500, 6, 33);
    let Kept {
        columns,
        lin,
        groups,
        ..
    } = kept(&data);
    let problem = Problem::new(&columns, &data.kpi, None);
    let full = problem.fit_all();
    let v_full = pseudo_r2(full.ll, problem.null_ll);
    let exact = exact_shapley(&problem, &groups, &full.coef);
    let anchor = linear_anchor(&lin, &groups, v_full).unwrap();
    let sampled = sampled_shapley(&problem, &groups, &lin, anchor.k, &anchor, v_full).unwrap();
    let se = sampled.se.unwrap();
    for g in 0..groups.len() {
        let diff = (sampled.values[g] - exact.values[g]).abs();
        assert!(
            diff <= 4.0 * se[g] + 1e-6,
            "group {g}: {} vs {} (se {})",
            sampled.values[g],
            exact.values[g],
            se[g]
        );
        // The control variate keeps the errors small: well under the
        // stopping tolerance of half a percent of the pseudo-R² here.
        assert!(se[g] <= 0.005 * v_full, "group {g}: se {}", se[g]);
    }
    let sum: f64 = sampled.values.iter().sum();
    assert!((sum - v_full).abs() < 1e-8, "{sum} vs {v_full}");
    let exact_sum: f64 = exact.values.iter().sum();
    assert!((exact_sum - v_full).abs() < 1e-9);
}

/// Above the exact limit the KPI model says it sampled, with standard
/// errors, and is reproducible.
#[test]
fn many_touchpoints_are_sampled_reproducibly() {
    let data = tp_data(400, MAX_EXACT_LOGISTIC_GROUPS + 2, 8);
    let m = fit_kpi_logistic(&data, &opts(30)).unwrap();
    assert_eq!(m.importance_method, ImportanceMethod::ShapleySampled);
    assert!(m
        .touchpoints
        .iter()
        .all(|t| t.importance_se.is_some_and(|s| s.is_finite() && s >= 0.0)));
    let sum: f64 = m.touchpoints.iter().map(|t| t.importance).sum();
    assert!(
        (sum - m.r2).abs() < 0.01 * m.r2.max(0.01),
        "{sum} vs {}",
        m.r2
    );
    let again = fit_kpi_logistic(&data, &opts(30)).unwrap();
    assert_eq!(m, again);
}

/// The linear model says what it is.
#[test]
fn the_linear_model_reports_linear() {
    let data = tp_data(100, 2, 2);
    let m = fit_kpi(&data, &opts(10)).unwrap();
    assert_eq!(m.model, ModelKind::Linear);
    assert_eq!(m.pseudo_r2, None);
    assert!(!m.separation);
    assert!(m
        .touchpoints
        .iter()
        .all(|t| t.incidence_odds_ratio.is_none() && t.quality_odds_ratio.is_none()));
}

/// Both models see the same design: the same terms dropped for the same
/// reasons.
#[test]
fn logistic_and_linear_share_the_design() {
    let mut data = tp_data(120, 3, 4);
    // Touchpoint 2 rated by everyone: its incidence term cannot exist.
    for v in data.touchpoints[2].iter_mut() {
        v.get_or_insert(5.0);
    }
    let lin = fit_kpi(&data, &opts(30)).unwrap();
    let log = fit_kpi_logistic(&data, &opts(30)).unwrap();
    assert_eq!(lin.dropped, log.dropped);
    assert!(log
        .dropped
        .iter()
        .any(|d| d.touchpoint == 2 && d.reason == DropReason::EveryoneExperienced));
    assert_eq!(lin.n_terms, log.n_terms);
}

#[test]
fn a_kpi_that_is_not_binary_is_an_error() {
    let data = DriverData {
        kpi: vec![0.0, 1.0, 2.0, 1.0],
        touchpoints: vec![vec![Some(1.0), Some(2.0), None, Some(3.0)]],
        weights: None,
    };
    assert_eq!(
        fit_kpi_logistic(&data, &opts(1)),
        Err(RegressionError::NotBinary {
            index: 2,
            value: 2.0
        })
    );
    let constant = DriverData {
        kpi: vec![1.0; 4],
        ..data
    };
    assert!(matches!(
        fit_kpi_logistic(&constant, &opts(1)),
        Err(RegressionError::ConstantKpi { .. })
    ));
}

/// Above LOGISTIC_DECOMPOSITION_ROWS respondents the sub-model fits run on
/// a subsample, anchored at the linear-probability decomposition of every
/// respondent: the importances stay within a small part of their bootstrap
/// interval of the exact decomposition on every respondent, still sum to
/// the pseudo-R² of the full model, and the model says so.
#[test]
fn large_surveys_decompose_on_an_anchored_subsample() {
    let n = 3 * LOGISTIC_DECOMPOSITION_ROWS;
    let data = tp_data(n, 5, 41);
    let model = fit_kpi_logistic(&data, &opts(30)).unwrap();
    assert_eq!(
        model.importance_subsample,
        Some(LOGISTIC_DECOMPOSITION_ROWS)
    );
    assert_eq!(model.importance_method, ImportanceMethod::ShapleyExact);
    let sum: f64 = model.touchpoints.iter().map(|t| t.importance).sum();
    assert!((sum - model.r2).abs() < 1e-9, "{sum} vs {}", model.r2);

    // The exact decomposition on every respondent.
    let Kept {
        columns,
        players,
        groups,
        ..
    } = kept(&data);
    let problem = Problem::new(&columns, &data.kpi, None);
    let full = problem.fit_all();
    assert!((pseudo_r2(full.ll, problem.null_ll) - model.r2).abs() < 1e-12);
    let exact = exact_shapley(&problem, &groups, &full.coef);
    for (g, &tp) in players.iter().enumerate() {
        let got = model.touchpoints[tp].importance;
        let want = exact.values[g];
        // Measured: within 3e-5 (0.1% of the importance); the bootstrap
        // interval of an importance at this n is about +-10%.
        assert!(
            (got - want).abs() <= 0.02 * want + 1e-4,
            "touchpoint {tp}: {got} vs {want}"
        );
    }
}

/// The same above the exact limit: the sampled decomposition on the
/// subsample agrees with one on every respondent within their standard
/// errors.
#[test]
fn large_surveys_sample_on_an_anchored_subsample() {
    let n = 2 * LOGISTIC_DECOMPOSITION_ROWS + 5_000;
    let data = tp_data(n, 14, 42);
    let model = fit_kpi_logistic(&data, &opts(30)).unwrap();
    assert_eq!(
        model.importance_subsample,
        Some(LOGISTIC_DECOMPOSITION_ROWS)
    );
    assert_eq!(model.importance_method, ImportanceMethod::ShapleySampled);
    let sum: f64 = model.touchpoints.iter().map(|t| t.importance).sum();
    assert!((sum - model.r2).abs() < 1e-9, "{sum} vs {}", model.r2);

    let Kept {
        columns,
        lin,
        players,
        groups,
    } = kept(&data);
    let problem = Problem::new(&columns, &data.kpi, None);
    let anchor = linear_anchor(&lin, &groups, model.r2).unwrap();
    let everyone = sampled_shapley(&problem, &groups, &lin, anchor.k, &anchor, model.r2).unwrap();
    let se = everyone.se.unwrap();
    for (g, &tp) in players.iter().enumerate() {
        let e = &model.touchpoints[tp];
        let combined = (se[g].powi(2) + e.importance_se.unwrap().powi(2)).sqrt();
        let diff = (e.importance - everyone.values[g]).abs();
        assert!(
            diff <= 4.0 * combined + 0.01 * everyone.values[g],
            "touchpoint {tp}: {} vs {} (se {combined})",
            e.importance,
            everyone.values[g]
        );
    }
}

/// Above CONTROL_VARIATE_MAX_GROUPS groups the control variate's anchor is
/// sampled: it agrees with the exact linear-probability decomposition
/// within its standard errors, which the importances' errors include.
#[test]
fn many_groups_use_a_sampled_anchor_within_its_errors() {
    let data = tp_data(2_000, CONTROL_VARIATE_MAX_GROUPS + 2, 43);
    let Kept {
        lin,
        players,
        groups,
        ..
    } = kept(&data);
    assert!(groups.len() > CONTROL_VARIATE_MAX_GROUPS);
    let model = fit_kpi_logistic(&data, &opts(30)).unwrap();
    let pseudo = model.r2;
    let anchor = linear_anchor(&lin, &groups, pseudo).unwrap();
    let exact = decompose(&lin, &groups).unwrap();
    let k = pseudo_per_linear(pseudo, exact.r2);
    assert!((anchor.k - k).abs() < 1e-12);
    let se = anchor.se.as_ref().expect("a sampled anchor has errors");
    for g in 0..groups.len() {
        let want = k * exact.shapley[g];
        assert!(se[g] > 0.0);
        assert!(
            (anchor.values[g] - want).abs() <= 4.0 * se[g] + 1e-9,
            "group {g}: {} vs {want} (se {})",
            anchor.values[g],
            se[g]
        );
    }
    // The model's standard errors include the anchor's.
    for (g, &tp) in players.iter().enumerate() {
        assert!(model.touchpoints[tp].importance_se.unwrap() >= se[g] - 1e-15);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// Sub-model fits that stop at the log-likelihood tolerance give every
    /// subset's pseudo-R² within 1e-9 of a fit run to convergence, in no
    /// more iterations, and the exact and sampled decompositions built on
    /// them still sum to the full model's pseudo-R².
    #[test]
    fn early_stopped_sub_models_keep_the_decomposition(
        seed in proptest::prelude::any::<u64>(),
        touchpoints in 2usize..6,
    ) {
        let data = tp_data(300, touchpoints, seed);
        let k = kept(&data);
        let problem = Problem::new(&k.columns, &data.kpi, None);
        let full = problem.fit_all();
        let ll0 = problem.null_ll;
        let v_full = pseudo_r2(full.ll, ll0);
        let mut ws = Workspace::new(problem.n);
        for mask in 1..1usize << k.groups.len() {
            let cols: Vec<usize> = (0..k.groups.len())
                .filter(|g| mask >> g & 1 == 1)
                .flat_map(|g| k.groups[g].iter().copied())
                .collect();
            let start = problem.start(cols.len());
            let strict = problem.fit(&cols, &start, &mut ws);
            let early = problem.fit_subset(&cols, &start, &mut ws);
            proptest::prop_assert!(early.iterations <= strict.iterations);
            let gap = (pseudo_r2(early.ll, ll0) - pseudo_r2(strict.ll, ll0)).abs();
            proptest::prop_assert!(gap <= 1e-9, "subset {mask}: {gap}");
        }
        let exact: f64 = exact_shapley(&problem, &k.groups, &full.coef).values.iter().sum();
        proptest::prop_assert!((exact - v_full).abs() < 1e-9, "{exact} vs {v_full}");
        let anchor = linear_anchor(&k.lin, &k.groups, v_full).unwrap();
        let sampled = sampled_shapley(&problem, &k.groups, &k.lin, anchor.k, &anchor, v_full)
            .unwrap();
        let sum: f64 = sampled.values.iter().sum();
        proptest::prop_assert!((sum - v_full).abs() < 1e-8, "{sum} vs {v_full}");
    }
}
