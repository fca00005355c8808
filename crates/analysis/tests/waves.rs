//! Wave against wave on seeded surveys with known changes: one touchpoint's
//! satisfaction rises by exactly one point, another's frequency drops by
//! exactly 20 points, three stay as they were. Over many seeds the changes
//! are found with intervals that hold the truth, and the unchanged
//! touchpoints are flagged in at most 5% of the waves.

use cximpact_analysis::{analyse, compare, Analysis, Options, SubKpiLabels};
use cximpact_ingest::{Config, KpiColumn, KpiKind, Survey, TouchpointColumn};
use cximpact_regression::{BootstrapOptions, ModelOptions};

/// SplitMix64: a small seeded generator for the test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// A whole number from `lo` to `hi`, each equally likely.
    fn int(&mut self, lo: u64, hi: u64) -> f64 {
        (lo + self.next() % (hi - lo + 1)) as f64
    }
}

const N: usize = 800;
const TOUCHPOINTS: usize = 5;

/// One wave: touchpoint 0's satisfaction is uniform on 3..=8 (4..=9 in the
/// second wave: +1.0), touchpoint 1 is experienced by 70% (50% in the
/// second wave: -0.20); the others do not change.
fn wave(seed: u64, second: bool) -> Survey {
    let mut rng = Rng(seed);
    let frequency = [0.8, if second { 0.5 } else { 0.7 }, 0.6, 0.9, 0.75];
    let mut values: Vec<Vec<Option<f64>>> =
        (0..TOUCHPOINTS).map(|_| Vec::with_capacity(N)).collect();
    let mut nps = Vec::with_capacity(N);
    for _ in 0..N {
        let mut drive = 0.0;
        for (j, column) in values.iter_mut().enumerate() {
            let experienced = rng.unit() < frequency[j];
            let (lo, hi) = if j == 0 && second { (4, 9) } else { (3, 8) };
            let v = experienced.then(|| rng.int(lo, hi));
            drive += match v {
                Some(v) => 0.25 * (v - 5.5),
                None => -0.3,
            };
            column.push(v);
        }
        let answer = (7.0 + drive + 2.0 * (rng.unit() - 0.5))
            .round()
            .clamp(0.0, 10.0);
        nps.push(Some(answer));
    }
    let touchpoints = values
        .into_iter()
        .enumerate()
        .map(|(j, values)| TouchpointColumn {
            column: format!("tp_{j}"),
            label: format!("Moment {j}"),
            phase: None,
            scale: (1.0, 10.0),
            top_box_from: 9.0,
            values: values.into(),
            controllable: true,
            note: None,
        })
        .collect();
    Survey {
        file: format!("wave{}.csv", if second { 2 } else { 1 }),
        respondents_in: N,
        all_ids: (1..=N).map(|r| r.to_string()).collect(),
        format: "CSV".into(),
        rows: (1..=N).collect(),
        weights: None,
        weight_column: None,
        touchpoints,
        kpis: vec![KpiColumn {
            column: "nps".into(),
            label: "Recommend".into(),
            kind: KpiKind::Nps,
            scale: (0.0, 10.0),
            reverse: false,
            values: nps.into(),
        }],
        segments: Vec::new(),
        wave: None,
        excluded: Vec::new(),
        warnings: Vec::new(),
    }
}

fn analysed(survey: &Survey, seed: u64) -> Analysis {
    let options = Options::new(
        ModelOptions::default(),
        BootstrapOptions {
            replicates: 200,
            seed,
            ..BootstrapOptions::default()
        },
        SubKpiLabels::ENGLISH,
    )
    .unwrap();
    analyse(survey, &Config::default(), &options).unwrap()
}

#[test]
fn known_changes_are_found_and_unchanged_touchpoints_rarely_flagged() {
    let seeds = 100;
    let (mut rise_found, mut drop_found, mut rise_held, mut drop_held) = (0, 0, 0, 0);
    let mut false_flags = 0;
    for seed in 0..seeds {
        let previous = analysed(&wave(1000 + seed, false), 7 + seed);
        let current = analysed(&wave(2000 + seed, true), 99 + seed);
        let c = compare(&current, previous, "wave1.csv");
        assert_eq!(c.kpis.len(), 1);
        let k = &c.kpis[0];
        assert!(k.nps_change.is_some() && k.nps_change_ci.is_some());
        let rise = &k.touchpoints[0];
        let fall = &k.touchpoints[1];
        rise_found += usize::from(rise.significant_change == Some(true));
        drop_found += usize::from(fall.significant_change == Some(true));
        let holds = |ci: Option<[f64; 2]>, truth: f64| {
            ci.is_some_and(|[lo, hi]| lo <= truth && truth <= hi)
        };
        rise_held += usize::from(holds(rise.satisfaction_change_ci, 1.0));
        drop_held += usize::from(holds(fall.frequency_change_ci, -0.2));
        false_flags += k.touchpoints[2..]
            .iter()
            .filter(|t| t.significant_change == Some(true))
            .count();
    }
    let seeds = seeds as usize;
    assert_eq!(
        (rise_found, drop_found),
        (seeds, seeds),
        "the changes are found"
    );
    // 95% intervals: allow for chance over 30 seeds.
    assert!(
        rise_held >= seeds * 85 / 100,
        "rise held in {rise_held} of {seeds}"
    );
    assert!(
        drop_held >= seeds * 85 / 100,
        "drop held in {drop_held} of {seeds}"
    );
    let checks = seeds * (TOUCHPOINTS - 2);
    eprintln!("found {rise_found}/{drop_found}, held {rise_held}/{drop_held}, false flags {false_flags} of {checks}");
    assert!(
        false_flags * 100 <= checks * 5,
        "unchanged touchpoints flagged {false_flags} times in {checks}"
    );
}

#[test]
fn touchpoints_and_kpis_of_one_wave_only_are_listed_not_compared() {
    let mut previous = wave(1, false);
    previous.touchpoints.remove(4);
    let mut current = wave(2, true);
    current.touchpoints[2].column = "tp_new".into();
    let c = compare(&analysed(&current, 1), analysed(&previous, 2), "wave1.csv");
    assert_eq!(c.touchpoints_only_current, ["tp_new", "tp_4"]);
    assert_eq!(c.touchpoints_only_previous, ["tp_2"]);
    let compared: Vec<usize> = c.kpis[0].touchpoints.iter().map(|t| t.touchpoint).collect();
    assert_eq!(compared, [0, 1, 3]);
    assert_eq!(c.kpis[0].touchpoints[2].previous_touchpoint, 3);
    // Without a bootstrap: changes, no intervals, no verdict.
    let options = Options::new(
        ModelOptions::default(),
        BootstrapOptions {
            replicates: 0,
            ..BootstrapOptions::default()
        },
        SubKpiLabels::ENGLISH,
    )
    .unwrap();
    let a = analyse(&wave(3, false), &Config::default(), &options).unwrap();
    let b = analyse(&wave(4, true), &Config::default(), &options).unwrap();
    let c = compare(&b, a, "x");
    let t = &c.kpis[0].touchpoints[0];
    assert!(t.satisfaction_change.is_some() && t.satisfaction_change_ci.is_none());
    assert_eq!(t.significant_change, None);
}
