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
            BASE.replace("id = \"id\"", "id = \"id\"\nwave = \"w\""),
            "[survey] wave",
        ),
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
