//! The group-difference test on seeded surveys with a known answer: one
//! touchpoint's quality effect is twice as strong in a group of customers,
//! five others act the same in and out of the group (which also has a
//! higher KPI level and meets some moments more often). Over many seeds
//! the differing touchpoint is found, and a touchpoint that does not
//! differ is flagged (Holm-adjusted p below 5%) in at most 5% of cases.

use cximpact_regression::{group_differences, DriverData, ModelOptions};

mod common;
use common::Rng;

const N: usize = 1500;
const TOUCHPOINTS: usize = 6;

fn survey(seed: u64) -> (DriverData, Vec<bool>) {
    let mut rng = Rng(seed);
    let mut touchpoints: Vec<Vec<Option<f64>>> =
        (0..TOUCHPOINTS).map(|_| Vec::with_capacity(N)).collect();
    let mut kpi = Vec::with_capacity(N);
    let mut group = Vec::with_capacity(N);
    for _ in 0..N {
        let g = rng.uniform() < 0.4;
        let mut y = 6.0 + if g { 0.5 } else { 0.0 };
        for (j, column) in touchpoints.iter_mut().enumerate() {
            let reach = if g && j == 3 { 0.85 } else { 0.65 };
            let x = (rng.uniform() < reach)
                .then(|| (6.0 + 1.5 * rng.normal()).round().clamp(1.0, 10.0));
            let slope = if j == 0 && g { 0.6 } else { 0.3 };
            y += match x {
                Some(x) => slope * (x - 6.0),
                None => -0.2,
            };
            column.push(x);
        }
        kpi.push(y + rng.normal());
        group.push(g);
    }
    let data = DriverData {
        kpi,
        touchpoints,
        weights: None,
    };
    (data, group)
}

#[test]
fn a_differing_touchpoint_is_found_and_the_others_rarely_flagged() {
    let seeds = 400u64;
    let (mut found, mut surveys_with_false_flag, mut false_flags) = (0, 0, 0);
    for seed in 0..seeds {
        let (data, group) = survey(seed);
        let tests = group_differences(&data, &ModelOptions::default(), &group).unwrap();
        let flagged = |j: usize| tests[j].is_some_and(|t| t.p_adjusted < 0.05);
        assert!(tests.iter().all(Option::is_some));
        found += usize::from(flagged(0));
        false_flags += (1..TOUCHPOINTS).filter(|&j| flagged(j)).count();
        surveys_with_false_flag += usize::from((1..TOUCHPOINTS).any(flagged));
    }
    let seeds = seeds as usize;
    let checks = seeds * (TOUCHPOINTS - 1);
    eprintln!(
        "found in {found} of {seeds}; {false_flags} false flags in {checks} touchpoints; \
         a survey with any: {surveys_with_false_flag}"
    );
    assert!(found * 100 >= 95 * seeds, "found in {found} of {seeds}");
    // A touchpoint that does not differ is flagged in at most 5% of cases
    // (Holm makes it far fewer) ...
    assert!(false_flags * 100 <= 5 * checks, "{false_flags} of {checks}");
    // ... and a survey with any such flag stays near the 5% Holm allows
    // (about 4.9% here; 400 surveys estimate it within about 1%).
    assert!(
        surveys_with_false_flag * 1000 <= 75 * seeds,
        "{surveys_with_false_flag}"
    );
}

#[test]
fn a_group_too_small_or_a_wrong_length_is_handled() {
    let (data, mut group) = survey(1);
    group.iter_mut().for_each(|g| *g = false);
    group[0] = true;
    let tests = group_differences(&data, &ModelOptions::default(), &group).unwrap();
    assert!(
        tests.iter().all(Option::is_none),
        "one member: nothing testable"
    );
    assert!(group_differences(&data, &ModelOptions::default(), &group[1..]).is_err());
}
