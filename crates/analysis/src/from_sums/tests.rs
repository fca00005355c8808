//! The plan of the warehouse query: what a config's sums hold, and what a
//! config the query cannot express is told.

use super::*;

fn config(text: &str) -> Config {
    Config::from_toml_str(text, "survey.toml").expect("a valid config")
}

const BASE: &str = r#"
[survey]
id = "id"
[[touchpoint]]
column = "tp_a"
scale = [1, 5]
[[touchpoint]]
column = "tp_b"
scale = [0, 10]
reverse = true
[[kpi]]
column = "nps"
kind = "nps"
analyse_as = ["score", "promoter", "detractor"]
model = "linear"
[[kpi]]
column = "effort"
scale = [1, 7]
reverse = true
[[kpi]]
column = "stays"
kind = "binary"
"#;

#[test]
fn the_plan_sums_every_linear_analysis_in_config_order() {
    let plan = sums_plan(&config(BASE)).unwrap();
    assert_eq!(plan.rating_shift, [3.0, 5.0]);
    // The logistic yes/no KPI is not summed.
    assert_eq!(plan.questions.len(), 2);
    let nps = &plan.questions[0];
    assert_eq!(nps.kpi, 0);
    assert_eq!(
        nps.columns,
        [
            SumColumn::Value,
            SumColumn::NpsPoints,
            SumColumn::Indicator {
                promoter: true,
                mirrored: false
            },
            SumColumn::Indicator {
                promoter: false,
                mirrored: true
            },
        ]
    );
    assert_eq!(nps.shifts, [5.0, 0.0, 0.5, 0.5]);
    let effort = &plan.questions[1];
    assert_eq!(effort.kpi, 1);
    assert_eq!(effort.columns, [SumColumn::Mirrored { lo: 1.0, hi: 7.0 }]);
    assert_eq!(effort.shifts, [4.0]);
}

#[test]
fn what_the_query_cannot_express_names_the_config_key() {
    let cases = [
        (BASE.replace("scale = [1, 5]\n", ""), "set scale"),
        (BASE.replace("\"tp_a\"", "\"tp_*\""), "pattern"),
        (BASE.replace("scale = [1, 7]\n", ""), "[[kpi]] \"effort\""),
        (
            BASE.replace("id = \"id\"", "id = \"id\"\nduration = \"secs\""),
            "[survey] duration",
        ),
    ];
    for (text, needle) in cases {
        let err = sums_plan(&config(&text)).unwrap_err();
        assert!(err.contains(needle), "{needle}: {err}");
    }
}

/// The sums of a set of `rows` data rows, `invalid` of them with an
/// invalid weight, the rest analysed.
fn set(rows: usize, invalid: usize) -> SetSums {
    SetSums {
        rows_in: rows,
        invalid_weight: invalid,
        zero_weight: 0,
        no_kpi: 0,
        earlier_wave: 0,
        no_wave: 0,
        analysed: rows - invalid,
        kept_experienced: Vec::new(),
        desc: Vec::new(),
        histograms: Vec::new(),
        questions: Vec::new(),
    }
}

fn wave(name: Option<&str>, rows: usize, invalid: usize) -> (Option<String>, SurveySums) {
    let sums = SurveySums {
        file: "sums.csv".into(),
        whole: set(rows, invalid),
        segments: Vec::new(),
    };
    (name.map(str::to_string), sums)
}

#[test]
fn waves_split_into_the_latest_two_with_the_rest_counted_as_excluded() {
    let waves = vec![
        wave(Some("10"), 50, 1),
        wave(Some("9"), 40, 2),
        wave(Some("100"), 30, 3),
        wave(None, 7, 1),
    ];
    let (current, previous) = split_sums_waves(waves, "year").unwrap();
    // Waves that are all numbers sort as numbers: 100 after 10 after 9.
    assert_eq!(current.whole.analysed, 27);
    assert_eq!(previous.whole.analysed, 49);
    assert_eq!(previous.file, "sums.csv (10)");
    // The weight exclusions of every wave, the earlier wave's and the
    // wave-less kept rows go with the current wave; its rows are the file's
    // but the previous wave's kept ones.
    let w = &current.whole;
    assert_eq!((w.invalid_weight, w.earlier_wave, w.no_wave), (7, 38, 6));
    assert_eq!(w.rows_in, 127 - 49);
    assert_eq!(
        (previous.whole.rows_in, previous.whole.invalid_weight),
        (49, 0)
    );

    let text = vec![wave(Some("2025-Q4"), 5, 0), wave(Some("2026-Q1"), 6, 0)];
    let (current, _) = split_sums_waves(text, "q").unwrap();
    assert_eq!(current.whole.rows_in, 6);

    let one = vec![wave(Some("2026"), 5, 0), wave(None, 2, 0)];
    let err = split_sums_waves(one, "year").unwrap_err().to_string();
    assert!(
        err.contains("the wave column \"year\" holds one wave (2026)"),
        "{err}"
    );
}
