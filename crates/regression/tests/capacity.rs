//! The capacity rule against truth: a KPI model is refused exactly when
//! its terms outnumber a tenth of its limiting sample size (respondents, or
//! for a yes/no KPI those with the rarer answer), the refusal comes before
//! any fit, and a model within capacity is the model fitted without the
//! rule.

use std::time::Instant;

use cximpact_regression::{
    fit_kpi, fit_kpi_logistic, per_term_continuous, Capacity, DriverData, ModelOptions,
    RegressionError, PER_TERM,
};
use proptest::prelude::*;

mod common;
use common::Rng;

/// `n` respondents, `touchpoints` rated 1-10 by about 70% of them, and a
/// latent score driven by the first two; `share` of the respondents with
/// the highest scores are the yes answers of the 0/1 KPI. Returns the data
/// with the 0/1 KPI and the latent score.
fn survey(seed: u64, n: usize, touchpoints: usize, share: f64) -> (DriverData, Vec<f64>) {
    let mut rng = Rng(seed);
    let mut ratings = vec![Vec::with_capacity(n); touchpoints];
    let mut latent = Vec::with_capacity(n);
    for _ in 0..n {
        let mood = rng.normal();
        let mut score = mood;
        for (j, tp) in ratings.iter_mut().enumerate() {
            let rating = if rng.uniform() < 0.7 {
                let x = (6.0 + 1.5 * mood + 1.5 * rng.normal())
                    .round()
                    .clamp(1.0, 10.0);
                if j < 2 {
                    score += 0.4 * (x - 6.0);
                }
                Some(x)
            } else {
                None
            };
            tp.push(rating);
        }
        latent.push(score + rng.normal());
    }
    let mut sorted = latent.clone();
    sorted.sort_by(f64::total_cmp);
    let cut = sorted[((1.0 - share) * n as f64) as usize];
    let data = DriverData {
        kpi: latent
            .iter()
            .map(|&s| f64::from(u8::from(s >= cut)))
            .collect(),
        touchpoints: ratings,
        weights: None,
    };
    (data, latent)
}

fn unruled() -> ModelOptions {
    ModelOptions {
        per_term: 0,
        ..ModelOptions::default()
    }
}

fn rarer(y: &[f64]) -> usize {
    let yes = y.iter().filter(|&&v| v == 1.0).count();
    yes.min(y.len() - yes)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Over seeds, sizes and shares: the logistic model is refused exactly
    /// when its terms exceed the rarer answer's count over ten, the refusal
    /// names the terms and the base, and an accepted model is the one
    /// fitted without the rule.
    #[test]
    fn a_logistic_model_is_refused_exactly_beyond_capacity(
        seed in any::<u64>(),
        n in 40usize..400,
        touchpoints in 1usize..5,
        share in 0.05f64..0.5,
    ) {
        let (data, _) = survey(seed, n, touchpoints, share);
        let base = rarer(&data.kpi);
        prop_assume!(base > 0);
        // The terms do not depend on the KPI: the cheap linear fit counts them.
        let terms = fit_kpi(&data, &unruled()).unwrap().n_terms;
        match fit_kpi_logistic(&data, &ModelOptions::default()) {
            Ok(model) => {
                prop_assert!(terms <= base / PER_TERM, "{terms} terms on {base}");
                prop_assert_eq!(model, fit_kpi_logistic(&data, &unruled()).unwrap());
            }
            Err(RegressionError::TooManyTerms(c)) => {
                prop_assert!(terms > base / PER_TERM, "{terms} terms on {base}");
                prop_assert_eq!((c.terms, c.base, c.rarer_answer), (terms, base, true));
                prop_assert!(c.max_touchpoints() < c.touchpoints);
            }
            Err(other) => prop_assert!(false, "unexpected error {other}"),
        }
    }

    /// The same for a linear model of a score: its base is every
    /// respondent.
    #[test]
    fn a_linear_model_is_refused_exactly_beyond_capacity(
        seed in any::<u64>(),
        n in 20usize..200,
        touchpoints in 1usize..8,
    ) {
        let (mut data, latent) = survey(seed, n, touchpoints, 0.3);
        data.kpi = latent;
        let terms = fit_kpi(&data, &unruled()).unwrap().n_terms;
        match fit_kpi(&data, &ModelOptions::default()) {
            Ok(model) => {
                prop_assert!(terms <= n / per_term_continuous(PER_TERM));
                prop_assert_eq!(model, fit_kpi(&data, &unruled()).unwrap());
            }
            Err(RegressionError::TooManyTerms(c)) => {
                prop_assert!(terms > n / per_term_continuous(PER_TERM));
                prop_assert_eq!((c.terms, c.base, c.rarer_answer), (terms, n, false));
            }
            Err(other) => prop_assert!(false, "unexpected error {other}"),
        }
    }
}

/// A yes/no KPI modelled by least squares is limited by its rarer answer
/// too: the information is in the answers, not in the model.
#[test]
fn a_yes_no_kpi_is_limited_by_its_rarer_answer_whatever_the_model() {
    // 300 respondents, 6% yes: 18 yes answers carry one term.
    let (data, _) = survey(7, 300, 2, 0.06);
    let err = fit_kpi(&data, &ModelOptions::default()).unwrap_err();
    assert!(
        matches!(err, RegressionError::TooManyTerms(c) if c.rarer_answer && c.base == 18),
        "{err}"
    );
}

/// The brief's survey: 60 touchpoints, 300 respondents, a quarter yes. The
/// model is refused before any fit (the full fit alone takes seconds in a
/// debug build; the refusal only builds the design) with a message that
/// says what the data carry.
#[test]
fn a_wide_logistic_kpi_is_refused_at_once_with_what_the_data_carry() {
    let (data, _) = survey(2024, 300, 60, 0.25);
    let start = Instant::now();
    let err = fit_kpi_logistic(&data, &ModelOptions::default()).unwrap_err();
    let took = start.elapsed().as_secs_f64();
    assert!(took < 2.0, "refusing took {took:.2} s");
    let RegressionError::TooManyTerms(c) = err.clone() else {
        panic!("expected too many terms, got {err}");
    };
    assert_eq!((c.touchpoints, c.base, c.max_terms()), (60, 75, 7));
    assert_eq!(c.max_touchpoints(), 7 * 60 / c.terms);
    assert_eq!(
        err.to_string(),
        format!(
            "60 touchpoints bring {} terms, but the 75 respondents with the rarer answer carry \
             at most 7 terms (one per 10 of them): merge or drop touchpoints to about {}, or \
             collect at least {} respondents with the rarer answer",
            c.terms,
            c.max_touchpoints(),
            c.terms * 10
        )
    );
}

/// The arithmetic of the rule, by hand.
#[test]
fn capacity_by_hand() {
    let c = Capacity {
        touchpoints: 60,
        terms: 120,
        base: 300,
        rarer_answer: false,
        per_term: 10,
    };
    assert_eq!(
        (c.max_terms(), c.max_touchpoints(), c.base_needed()),
        (30, 15, 1200)
    );
    assert!(!c.suffices());
    let fits = Capacity { base: 1200, ..c };
    assert!(fits.suffices());
    let no_terms = Capacity {
        terms: 0,
        touchpoints: 0,
        ..c
    };
    assert!(no_terms.suffices());
    assert_eq!(no_terms.max_touchpoints(), 0);
}
