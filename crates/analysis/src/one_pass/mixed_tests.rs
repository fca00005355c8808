//! A large survey with a linear and a yes/no KPI: the linear KPI comes
//! from the one-pass sums exactly as in an all-linear survey, the yes/no
//! KPI's logistic model from a seeded subsample of its rows (the cap set
//! low here through the options), recovering the effects it was generated
//! with.

use cximpact_ingest::{Config, KpiColumn, KpiKind, SegmentColumn, Survey};
use cximpact_regression::{BootstrapOptions, ModelKind, ModelOptions};

use crate::{analyse, Analysis, ModelSubsample, Options, SubKpiLabels};

/// The true log-odds of the yes/no KPI: intercept, and per touchpoint the
/// incidence effect `c_j` and the quality effect `b_j` (per point, centred
/// at 5.5, the mean of a uniform 1-10 rating).
const INTERCEPT: f64 = -0.3;
const INCIDENCE: [f64; 4] = [0.4, -0.6, 0.0, 0.3];
const QUALITY: [f64; 4] = [0.25, 0.1, 0.0, -0.15];
const REACH: [f64; 4] = [0.8, 0.6, 0.7, 0.5];

/// Respondents, and the most respondents of a logistic model in these
/// tests (the real cap, 100,000, would make a slow debug test).
const N: usize = 30_000;
const CAP: usize = 6_000;

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// A weighted survey of [`N`] respondents: four touchpoints rated 1-10,
/// a 1-10 overall score (linear, 10% skip it) and a yes/no "stays" drawn
/// from the logistic model above (5% skip it), and a region column.
fn survey(seed: u64) -> Survey {
    let mut rng = cximpact_regression::SplitMix::new(seed);
    let mut next = move || rng.uniform();
    let mut tps: Vec<Vec<Option<f64>>> = vec![Vec::new(); 4];
    let (mut overall, mut stays, mut weights) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..N {
        let mut eta = INTERCEPT;
        let mut score = 6.0;
        for (j, tp) in tps.iter_mut().enumerate() {
            if next() < REACH[j] {
                let x = (1.0 + next() * 10.0).floor().min(10.0);
                eta += INCIDENCE[j] + QUALITY[j] * (x - 5.5);
                score += 0.3 * (x - 5.5) * (j as f64 - 1.5) / 1.5;
                tp.push(Some(x));
            } else {
                tp.push(None);
            }
        }
        let yes = next() < sigmoid(eta);
        let noise = 3.0 * (next() - 0.5);
        overall.push((next() > 0.1).then(|| (score + noise).round().clamp(1.0, 10.0)));
        stays.push((next() > 0.05).then_some(if yes { 1.0 } else { 0.0 }));
        weights.push(0.5 + next());
    }
    let kpi = |column: &str, kind, scale, values: Vec<Option<f64>>| KpiColumn {
        column: column.into(),
        label: column.into(),
        kind,
        scale,
        reverse: false,
        values: values.into(),
    };
    super::tests::survey_of(
        "mixed.csv",
        weights,
        tps,
        vec![
            kpi("overall", KpiKind::Scale, (1.0, 10.0), overall),
            kpi("stays", KpiKind::Binary, (0.0, 1.0), stays),
        ],
    )
}

/// With `linear`, "stays" gets the linear model (every KPI from sums).
fn config(linear: bool) -> Config {
    let model = if linear { "linear" } else { "logistic" };
    let text = format!(
        "[[kpi]]\ncolumn = \"overall\"\nkind = \"scale\"\nscale = [1, 10]\n\
         [[kpi]]\ncolumn = \"stays\"\nkind = \"binary\"\nmodel = \"{model}\"\n"
    );
    Config::from_toml_str(&text, "mixed.toml").expect("config")
}

/// One pass (the block bootstrap from 20,000 respondents on), logistic
/// models on at most [`CAP`] respondents, 99% intervals.
fn options(replicates: usize, seed: u64) -> Options {
    let boot = BootstrapOptions {
        replicates,
        seed,
        level: 0.99,
        chunks: 64,
        ..BootstrapOptions::default()
    };
    Options::new(ModelOptions::default(), boot, SubKpiLabels::ENGLISH)
        .expect("options")
        .with_logistic_rows(CAP)
}

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-3),
        "{what}: {a} vs {b}"
    );
}

fn interval_close(a: Option<[f64; 2]>, b: Option<[f64; 2]>, what: &str) {
    match (a, b) {
        (Some(a), Some(b)) => {
            close(a[0], b[0], what);
            close(a[1], b[1], what);
        }
        (None, None) => {}
        other => panic!("{what}: {other:?}"),
    }
}

/// The linear KPI of a survey that also has a logistic one equals, to
/// 1e-9, the same KPI when every KPI is linear (both from the sums): its
/// model, what-ifs and bootstrap intervals.
#[test]
fn a_logistic_kpi_leaves_the_linear_kpi_as_in_an_all_linear_pass() {
    let survey = survey(5);
    let mixed = analyse(&survey, &config(false), &options(30, 9)).expect("mixed");
    let linear = analyse(&survey, &config(true), &options(30, 9)).expect("all linear");
    let (a, b) = (&mixed.kpis[0], &linear.kpis[0]);
    assert_eq!((a.name.as_str(), b.name.as_str()), ("overall", "overall"));
    assert_eq!(mixed.kpis[1].model.model, ModelKind::Logistic);
    assert_eq!(linear.kpis[1].model.model, ModelKind::Linear);
    assert_eq!(a.model.n, b.model.n);
    assert_eq!(a.excluded, b.excluded);
    assert_eq!(a.subsample, None);
    close(a.model.r2, b.model.r2, "r2");
    close(a.model.intercept, b.model.intercept, "intercept");
    let (ua, ub) = (
        a.uncertainty.as_ref().unwrap(),
        b.uncertainty.as_ref().unwrap(),
    );
    assert_eq!(ua.chunks, Some(64));
    close(ua.r2_ci[0], ub.r2_ci[0], "r2 ci");
    close(ua.r2_ci[1], ub.r2_ci[1], "r2 ci");
    for (j, (s, r)) in a
        .model
        .touchpoints
        .iter()
        .zip(&b.model.touchpoints)
        .enumerate()
    {
        close(s.importance, r.importance, "importance");
        close(s.impact, r.impact, "impact");
        close(s.gain_one_point.unwrap(), r.gain_one_point.unwrap(), "gain");
        let (s, r) = (&ua.touchpoints[j], &ub.touchpoints[j]);
        interval_close(s.importance_ci, r.importance_ci, "importance ci");
        interval_close(s.gain_one_point_ci, r.gain_one_point_ci, "gain ci");
    }
}

/// Above the cap the yes/no KPI's model runs on a random [`CAP`] of those
/// who answered it: its base is the subsample's, it recovers the log-odds
/// the data were drawn with (within four standard errors of a fit on
/// 6,000) and the true what-ifs lie within its 99% intervals; nobody
/// leaves the row accounting, and its exclusions are those who did not
/// answer it.
#[test]
fn a_yes_no_kpi_of_a_large_survey_is_fitted_on_a_seeded_subsample() {
    let survey = survey(5);
    let a = analyse(&survey, &config(false), &options(100, 9)).expect("analysis");
    let excluded: usize = a.excluded.iter().map(|e| e.count).sum();
    assert_eq!(a.respondents_analysed + excluded, a.respondents_in);
    let answered = survey.kpis[1].values.iter().flatten().count();
    let stays = &a.kpis[1];
    assert_eq!(stays.model.n, CAP);
    assert_eq!(
        stays.subsample,
        Some(ModelSubsample {
            n: CAP,
            of: answered,
            seed: 9
        })
    );
    let skipped: usize = stays.excluded.iter().map(|e| e.count).sum();
    assert_eq!(skipped + answered, a.respondents_analysed);
    let overall = survey.kpis[0].values.iter().flatten().count();
    assert_eq!(a.kpis[0].model.n, overall);
    assert_eq!(a.kpis[0].subsample, None);

    let u = stays.uncertainty.as_ref().expect("intervals");
    for (j, e) in stays.model.touchpoints.iter().enumerate() {
        let c = e.incidence_effect.expect("incidence");
        let b = e.quality_effect.expect("quality");
        assert!((c - INCIDENCE[j]).abs() < 0.2, "c{j}: {c}");
        assert!((b - QUALITY[j]).abs() < 0.05, "b{j}: {b}");
        let truth = true_gain_one_point(&survey, j);
        let [lo, hi] = u.touchpoints[j].gain_one_point_ci.expect("gain ci");
        assert!(
            lo <= truth && truth <= hi,
            "gain {j}: {truth} not in [{lo}, {hi}]"
        );
    }
}

/// The true "one point more" gain of touchpoint `j` on the yes/no KPI:
/// the weighted mean over its respondents of `p(eta + b_j h) - p(eta)`,
/// `h = min(1, 10 - x)` for those who experienced it, under the true
/// model.
fn true_gain_one_point(survey: &Survey, j: usize) -> f64 {
    let weights = survey.weights.as_ref().unwrap();
    let (mut sum, mut total) = (0.0, 0.0);
    for (i, w) in weights.iter().enumerate() {
        if survey.kpis[1].values[i].is_none() {
            continue;
        }
        let x = |k: usize| survey.touchpoints[k].values[i];
        let eta: f64 = INTERCEPT
            + (0..4)
                .filter_map(|k| x(k).map(|x| INCIDENCE[k] + QUALITY[k] * (x - 5.5)))
                .sum::<f64>();
        let up = x(j).map_or(0.0, |x| QUALITY[j] * (10.0 - x).min(1.0));
        sum += w * (sigmoid(eta + up) - sigmoid(eta));
        total += w;
    }
    sum / total
}

/// The same seed gives the same analysis, to the last digit; another seed
/// draws another subsample.
#[test]
fn the_subsample_follows_the_seed() {
    let survey = survey(5);
    let json = |a: &Analysis| serde_json::to_string(a).expect("json");
    let first = analyse(&survey, &config(false), &options(10, 9)).expect("first");
    let again = analyse(&survey, &config(false), &options(10, 9)).expect("again");
    assert_eq!(json(&first), json(&again));
    let other = analyse(&survey, &config(false), &options(10, 10)).expect("other");
    assert_eq!(other.kpis[1].model.n, CAP);
    assert_ne!(first.kpis[1].model.intercept, other.kpis[1].model.intercept);
}

/// With a segment column the yes/no KPI's tests of a different effect in
/// each group come from the pass's sums, equal to the tests on its rows
/// (every respondent who answered it, not the subsample), and each
/// group's own analysis models it.
#[test]
fn segment_tests_of_a_yes_no_kpi_from_sums_equal_the_rows() {
    let mut survey = survey(6);
    survey.segments = vec![SegmentColumn {
        column: "region".into(),
        values: (0..N)
            .map(|i| Some(["North", "South"][(i * 7 / 3) % 2].to_string()))
            .collect::<Vec<_>>()
            .into(),
    }];
    let config = config(false);
    let summed = analyse(&survey, &config, &options(0, 9)).expect("one pass");
    // Respondent bootstrap from 40,000 on: the rows.
    let boot = BootstrapOptions {
        replicates: 2,
        block_from: 40_000,
        ..BootstrapOptions::default()
    };
    let rows_options = Options::new(ModelOptions::default(), boot, SubKpiLabels::ENGLISH)
        .unwrap()
        .with_logistic_rows(CAP);
    let rows = analyse(&survey, &config, &rows_options).expect("rows");
    assert_eq!(summed.segment_models.len(), 2);
    let mut tested = 0;
    for (a, b) in summed.segment_models.iter().zip(&rows.segment_models) {
        let own = a.analysis.as_ref().expect("group analysis");
        assert_eq!(own.kpis.len(), 2);
        assert_eq!(own.kpis[1].model.model, ModelKind::Logistic);
        let stays = |g: &crate::SegmentAnalysis| {
            g.differences
                .iter()
                .find(|d| d.kpi == 1)
                .expect("yes/no KPI tested")
                .touchpoints
                .clone()
        };
        for (s, r) in stays(a).iter().zip(&stays(b)) {
            let (s, r) = (s.expect("tested"), r.expect("tested"));
            tested += 1;
            assert_eq!((s.df1, s.df2), (r.df1, r.df2));
            assert!((s.p - r.p).abs() < 1e-9, "{} vs {}", s.p, r.p);
            assert!((s.p_adjusted - r.p_adjusted).abs() < 1e-9);
        }
    }
    assert_eq!(tested, 8);
}

/// The bootstraps of the sums and of the logistic model's subsample tell
/// the replicate hook (a progress bar) as one bootstrap does: once per
/// replicate.
#[test]
fn the_bootstraps_count_their_replicates_once() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let survey = survey(5);
    let told = Arc::new(AtomicUsize::new(0));
    let counter = told.clone();
    let options = options(12, 9).with_replicate_hook(move || {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    let a = analyse(&survey, &config(false), &options).expect("analysis");
    assert!(a.kpis.iter().all(|k| k.uncertainty.is_some()));
    assert_eq!(told.load(Ordering::Relaxed), 12);
}
