//! The direction of a touchpoint's impact and its what-if gains, checked on
//! seeded surveys with known effects (issue 8): a pure quality driver is a
//! positive driver whatever its (zero or slightly negative) incidence
//! effect, on a plain and on a reversed KPI, linear or logistic; a pure
//! incidence effect is negative through its incidence term; a touchpoint
//! without effect that is correlated with strong drivers comes out
//! uncertain; the gains' intervals hold the truth.
//!
//! Every survey is built from its seed, so a failing seed reproduces.

use cximpact_regression::{
    add_gains, bootstrap, fit_kpi, fit_kpi_logistic, fit_kpi_pair, BootstrapOptions, DriverData,
    ImpactBasis, KpiModel, KpiSample, KpiUncertainty, ModelCaveat, ModelOptions, RegressionError,
    SurveySample,
};

mod common;
use common::Rng;

/// One touchpoint of a synthetic survey: reach, incidence effect `c` and
/// quality effect `b` (per point, around the experiencers' mean rating).
#[derive(Clone, Copy)]
struct Spec {
    reach: f64,
    c: f64,
    b: f64,
}

/// The touchpoints every scenario shares: 0 is the touchpoint under test
/// (its spec varies), 1 a pure incidence effect (a complaint), 2 a driver
/// with both effects, 3 has no effect but is met by the same customers as
/// 0 and rated with the same mood as everything else.
fn specs(first: Spec) -> [Spec; 4] {
    [
        first,
        Spec {
            reach: 0.2,
            c: -0.9,
            b: 0.0,
        },
        Spec {
            reach: 0.55,
            c: 0.5,
            b: 0.25,
        },
        Spec {
            reach: 0.6,
            c: 0.0,
            b: 0.0,
        },
    ]
}

const TOP: f64 = 10.0;

/// A survey of `n` respondents: ratings `round(6 + mood + N(0, 1.3))` on
/// 1-10 (the shared mood correlates every rating with every other), KPI
/// latent `5.5 + sum_j d_j (c_j + b_j (x_j - m_j)) + N(0, 1.5)` with `m_j`
/// the experiencers' mean rating. (Mood does not drive the KPI directly: a
/// common cause outside the survey would bias any regression's effects,
/// and the truth here is the generator's own effects.) Linear: the latent
/// rounded and clipped to 0-10, or for a reversed KPI an effort score on
/// 1-7 falling with the latent (low effort is good), oriented back by the
/// analysis as `8 - effort`. Logistic: 1 with probability
/// `logistic(latent - 5.5 + 1)`. Returns the data as the analysis sees it
/// (oriented) and the true gain of one point more of every touchpoint on
/// the realised respondents (the linear latent's, before rounding).
fn survey(seed: u64, n: usize, specs: &[Spec; 4], kind: Kind) -> (DriverData, Vec<f64>) {
    let mut rng = Rng(seed);
    let t = specs.len();
    let mut d = vec![vec![false; n]; t];
    let mut x = vec![vec![0.0; n]; t];
    let mut mood = vec![0.0; n];
    for i in 0..n {
        mood[i] = rng.normal();
        for j in 0..t {
            d[j][i] = if j == 3 {
                // Met by the same customers as touchpoint 0, mostly.
                if rng.uniform() < 0.8 {
                    d[0][i]
                } else {
                    rng.uniform() < specs[j].reach
                }
            } else {
                rng.uniform() < specs[j].reach
            };
            x[j][i] = (6.0 + mood[i] + 1.3 * rng.normal()).round().clamp(1.0, TOP);
        }
    }
    let centre: Vec<f64> = (0..t)
        .map(|j| {
            let (s, k) = (0..n)
                .filter(|&i| d[j][i])
                .fold((0.0, 0.0), |(s, k), i| (s + x[j][i], k + 1.0));
            s / k
        })
        .collect();
    let mut kpi = Vec::with_capacity(n);
    for i in 0..n {
        let mut latent = 5.5 + 1.5 * rng.normal();
        for j in 0..t {
            if d[j][i] {
                latent += specs[j].c + specs[j].b * (x[j][i] - centre[j]);
            }
        }
        let u = rng.uniform();
        kpi.push(match kind {
            Kind::Linear => latent.round().clamp(0.0, 10.0),
            // Effort on 1-7 (7 = most effort), mirrored back as the
            // analysis orients a reversed KPI: 8 - effort.
            Kind::Reversed => 8.0 - (4.0 - 0.6 * (latent - 5.5)).round().clamp(1.0, 7.0),
            Kind::Logistic => f64::from(u8::from(u < logistic(latent - 4.5))),
        });
    }
    let truth = (0..t)
        .map(|j| {
            (0..n)
                .filter(|&i| d[j][i])
                .map(|i| specs[j].b * (TOP - x[j][i]).min(1.0))
                .sum::<f64>()
                / n as f64
        })
        .collect();
    let touchpoints = (0..t)
        .map(|j| (0..n).map(|i| d[j][i].then_some(x[j][i])).collect())
        .collect();
    (
        DriverData {
            kpi,
            touchpoints,
            weights: None,
        },
        truth,
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Linear,
    Reversed,
    Logistic,
}

fn logistic(v: f64) -> f64 {
    1.0 / (1.0 + (-v).exp())
}

fn opts() -> ModelOptions {
    ModelOptions {
        min_not_experienced: 30,
        ..ModelOptions::default()
    }
}

fn fit(data: &DriverData, kind: Kind) -> KpiModel {
    let mut m = if kind == Kind::Logistic {
        fit_kpi_logistic(data, &opts()).unwrap()
    } else {
        fit_kpi(data, &opts()).unwrap()
    };
    add_gains(&mut m, data, &[TOP; 4]).unwrap();
    m
}

fn boot(data: &DriverData, model: &KpiModel, seed: u64, replicates: usize) -> KpiUncertainty {
    let rows: Vec<usize> = (0..data.kpi.len()).collect();
    let kpi: Vec<Option<f64>> = data.kpi.iter().map(|&y| Some(y)).collect();
    let sample = SurveySample {
        touchpoints: data.touchpoints.iter().map(Vec::as_slice).collect(),
        weights: None,
        rows: &rows,
    };
    let opts = BootstrapOptions {
        replicates,
        seed,
        ..BootstrapOptions::default()
    };
    bootstrap(
        &sample,
        &[KpiSample {
            kpi: &kpi,
            model,
            importance: true,
        }],
        &opts,
    )
    .unwrap()
    .remove(0)
}

/// Share of `seeds` surveys in which `check` holds for touchpoint 0's
/// effect, with the scenario's first touchpoint `first`.
fn share(seeds: u64, n: usize, first: Spec, kind: Kind, check: impl Fn(&KpiModel) -> bool) -> f64 {
    let hits = (0..seeds)
        .filter(|&s| {
            let (data, _) = survey(1000 + s, n, &specs(first), kind);
            check(&fit(&data, kind))
        })
        .count();
    hits as f64 / seeds as f64
}

const PURE_QUALITY: Spec = Spec {
    reach: 0.6,
    c: 0.0,
    b: 0.3,
};
const SLIGHTLY_NEGATIVE_INCIDENCE: Spec = Spec {
    reach: 0.6,
    c: -0.06,
    b: 0.3,
};

#[test]
fn a_pure_quality_driver_is_positive_on_plain_and_reversed_kpis() {
    for kind in [Kind::Linear, Kind::Reversed] {
        for first in [PURE_QUALITY, SLIGHTLY_NEGATIVE_INCIDENCE] {
            let positive = share(100, 800, first, kind, |m| {
                let e = &m.touchpoints[0];
                e.impact > 0.0 && e.direction > 0.5 && e.impact_basis == ImpactBasis::Quality
            });
            assert!(
                positive >= 0.95,
                "positive in {positive} of the seeds (c = {})",
                first.c
            );
        }
    }
}

#[test]
fn a_pure_quality_driver_is_positive_on_a_logistic_kpi() {
    let first = Spec {
        reach: 0.6,
        c: -0.06,
        b: 0.5,
    };
    let positive = share(40, 1500, first, Kind::Logistic, |m| {
        m.touchpoints[0].impact > 0.0 && m.touchpoints[0].gain_one_point.unwrap() > 0.0
    });
    assert!(positive >= 0.95, "positive in {positive} of the seeds");
}

#[test]
fn a_pure_incidence_effect_is_negative_through_its_incidence_term() {
    for kind in [Kind::Linear, Kind::Reversed, Kind::Logistic] {
        let negative = share(40, 1500, PURE_QUALITY, kind, |m| {
            let e = &m.touchpoints[1];
            e.impact < 0.0
                && e.impact_basis == ImpactBasis::Incidence
                && e.gain_prevent.unwrap() > 0.0
        });
        assert!(negative >= 0.95, "negative in {negative} of the seeds");
    }
}

#[test]
fn importance_splits_add_up() {
    for s in 0..20 {
        for kind in [Kind::Linear, Kind::Logistic] {
            let (data, _) = survey(77 + s, 600, &specs(SLIGHTLY_NEGATIVE_INCIDENCE), kind);
            let m = fit(&data, kind);
            let total: f64 = m.touchpoints.iter().map(|t| t.importance).sum();
            assert!((total - m.r2).abs() < 1e-9 * m.r2.max(1.0), "seed {s}");
            for t in &m.touchpoints {
                let parts =
                    t.importance_incidence.unwrap_or(0.0) + t.importance_quality.unwrap_or(0.0);
                assert!((parts - t.importance).abs() < 1e-12, "seed {s}: {t:?}");
                assert!((-1.0..=1.0).contains(&t.direction));
            }
        }
    }
}

/// Touchpoint 3 has no effect but shares its customers with touchpoint 0
/// and its mood with every rating: its Shapley share is not zero, yet it
/// must not be placed confidently.
#[test]
fn a_no_effect_touchpoint_near_strong_drivers_is_flagged() {
    let seeds = 40;
    let mut flagged = 0;
    let mut drivers_certain = 0;
    for s in 0..seeds {
        let (data, _) = survey(5000 + s, 800, &specs(PURE_QUALITY), Kind::Linear);
        let m = fit(&data, Kind::Linear);
        let u = boot(&data, &m, s, 150);
        let t = &u.touchpoints[3];
        if t.impact_uncertain || t.significant == Some(false) {
            flagged += 1;
        }
        // The real drivers are placed with confidence, as a rule: the
        // touchpoint under test shares 80% of its customers with the
        // no-effect one, so their incidence effects are hard to tell apart
        // and now and then its direction is rightly uncertain.
        if [0, 1, 2]
            .iter()
            .all(|&j| !u.touchpoints[j].impact_uncertain)
        {
            drivers_certain += 1;
        }
    }
    assert!(
        flagged as f64 >= 0.85 * seeds as f64,
        "flagged in {flagged} of {seeds}"
    );
    assert!(
        drivers_certain as f64 >= 0.85 * seeds as f64,
        "drivers certain in {drivers_certain} of {seeds}"
    );
}

/// The "one point more" gain of the quality driver: its interval holds the
/// gain the generator's own effect gives on the realised respondents, and
/// the estimate is within a quarter of it.
#[test]
fn gain_intervals_hold_the_truth() {
    let seeds = 40;
    let mut held = 0;
    let mut close = 0;
    for s in 0..seeds {
        let (data, truth) = survey(9000 + s, 1200, &specs(PURE_QUALITY), Kind::Linear);
        let m = fit(&data, Kind::Linear);
        let u = boot(&data, &m, s, 200);
        let [lo, hi] = u.touchpoints[0].gain_one_point_ci.unwrap();
        let gain = m.touchpoints[0].gain_one_point.unwrap();
        assert!(
            lo <= gain && gain <= hi,
            "seed {s}: {gain} outside [{lo}, {hi}]"
        );
        if lo <= truth[0] && truth[0] <= hi {
            held += 1;
        }
        if (gain - truth[0]).abs() <= 0.25 * truth[0].abs() {
            close += 1;
        }
        // The KPI mean's interval holds the mean.
        let [mlo, mhi] = u.kpi_mean_ci.unwrap();
        assert!(mlo <= m.kpi_mean && m.kpi_mean <= mhi, "seed {s}");
        // Prevent for the complaint: -0.1 c f, positive.
        let prevent = m.touchpoints[1].gain_prevent.unwrap();
        let [plo, phi] = u.touchpoints[1].gain_prevent_ci.unwrap();
        assert!(
            prevent > 0.0 && plo <= prevent && prevent <= phi,
            "seed {s}"
        );
    }
    assert!(
        held as f64 >= 0.85 * seeds as f64,
        "held in {held} of {seeds}"
    );
    assert!(
        close as f64 >= 0.9 * seeds as f64,
        "close in {close} of {seeds}"
    );
}

/// A yes/no KPI with a single "no": the model cannot be sound. Its
/// importances still add up to its pseudo-R², and it says why it is not
/// to be read as sound.
#[test]
fn a_yes_no_kpi_with_one_no_is_flagged_and_adds_up() {
    let (mut data, _) = survey(42, 300, &specs(PURE_QUALITY), Kind::Linear);
    data.kpi = (0..data.kpi.len())
        .map(|i| f64::from(u8::from(i != 7)))
        .collect();
    // One "no" carries no term: by default the model is not fitted.
    match fit_kpi_logistic(&data, &opts()) {
        Err(RegressionError::TooManyTerms(c)) => {
            assert_eq!((c.base, c.rarer_answer, c.max_terms()), (1, true, 0));
        }
        other => panic!("expected too many terms, got {other:?}"),
    }
    // Without the capacity rule it is fitted, flagged and adds up.
    let unruled = ModelOptions {
        per_term: 0,
        ..opts()
    };
    let m = fit_kpi_logistic(&data, &unruled).unwrap();
    let total: f64 = m.touchpoints.iter().map(|t| t.importance).sum();
    assert!((total - m.r2).abs() < 1e-9, "{total} vs {}", m.r2);
    assert!(
        m.caveats
            .iter()
            .any(|c| matches!(c, ModelCaveat::FewInClass { n: 1, .. })),
        "{:?}",
        m.caveats
    );
}

/// Two KPIs on one design: each model is the one `fit_kpi` gives alone.
#[test]
fn a_pair_of_kpis_fits_as_each_alone() {
    let (data, _) = survey(31, 900, &specs(PURE_QUALITY), Kind::Linear);
    let second: Vec<f64> = data
        .kpi
        .iter()
        .map(|&y| {
            if y >= 9.0 {
                100.0
            } else if y >= 7.0 {
                0.0
            } else {
                -100.0
            }
        })
        .collect();
    let other = ModelOptions {
        exact_limit: 0,
        sampling_limit: 0,
        ..opts()
    };
    let (first, pair) = fit_kpi_pair(&data, &opts(), &second, &other).unwrap();
    let alone = fit_kpi(&data, &opts()).unwrap();
    assert_eq!(first, alone);
    let pair = pair.unwrap();
    let alone = fit_kpi(
        &DriverData {
            kpi: second,
            ..data.clone()
        },
        &other,
    )
    .unwrap();
    assert!((pair.r2 - alone.r2).abs() < 1e-10);
    assert!((pair.intercept - alone.intercept).abs() < 1e-8);
    for (a, b) in pair.touchpoints.iter().zip(&alone.touchpoints) {
        for (x, y) in [
            (a.incidence_effect, b.incidence_effect),
            (a.quality_effect, b.quality_effect),
        ] {
            assert!((x.unwrap() - y.unwrap()).abs() < 1e-8, "{x:?} vs {y:?}");
        }
        assert!((a.importance - b.importance).abs() < 1e-10);
    }
    // A constant second KPI is its own error, not the first model's.
    let constant = vec![5.0; data.kpi.len()];
    let (first, pair) = fit_kpi_pair(&data, &opts(), &constant, &other).unwrap();
    assert_eq!(first, fit_kpi(&data, &opts()).unwrap());
    assert!(pair.is_err());
}

/// A yes/no KPI's gains get intervals that hold them, and its share's
/// interval holds the share.
#[test]
fn logistic_gain_intervals_hold_the_estimates() {
    let first = Spec {
        reach: 0.6,
        c: 0.0,
        b: 0.5,
    };
    let (data, _) = survey(4242, 1500, &specs(first), Kind::Logistic);
    let m = fit(&data, Kind::Logistic);
    let u = boot(&data, &m, 7, 100);
    let gain = m.touchpoints[0].gain_one_point.unwrap();
    let [lo, hi] = u.touchpoints[0].gain_one_point_ci.unwrap();
    assert!(
        0.0 < lo && lo <= gain && gain <= hi,
        "{gain} in [{lo}, {hi}]"
    );
    let prevent = m.touchpoints[1].gain_prevent.unwrap();
    let [plo, phi] = u.touchpoints[1].gain_prevent_ci.unwrap();
    assert!(0.0 < plo && plo <= prevent && prevent <= phi);
    let [mlo, mhi] = u.kpi_mean_ci.unwrap();
    assert!(mlo <= m.kpi_mean && m.kpi_mean <= mhi);
}
