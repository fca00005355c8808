//! Unit tests of what the binary used to do untested: exclusions, sub-KPIs,
//! segments and the lead KPI, on a small survey built in memory.

use cximpact_ingest::{
    Config, ExcludedRows, ExclusionReason, KpiColumn, KpiKind, SegmentColumn, Survey,
    TouchpointColumn,
};
use cximpact_regression::{BootstrapOptions, ModelOptions};

use crate::kpis::{kpi_analyses, lead_kpi, oriented};
use crate::{
    analyse, Finding, Options, ReadWarning, SegmentSkip, Stage, SubKpiLabels, WarningKind,
};

/// Rows 5 and 17 of the file are excluded by ingest; the other 40 are kept.
const EXCLUDED_BY_INGEST: [usize; 2] = [5, 17];
const ROWS_IN: usize = 42;

/// The NPS answer of kept row `i` (`None` when skipped): every 9th skips.
fn nps_of(i: usize, a: f64, b: f64) -> Option<f64> {
    (i % 9 != 4).then(|| {
        (0.6 * a + 0.4 * b + (i % 3) as f64 - 1.0)
            .round()
            .clamp(0.0, 10.0)
    })
}

/// The effort answer (1-5, low is good) of kept row `i`; every 7th skips.
fn ces_of(i: usize, a: f64) -> Option<f64> {
    (i % 7 != 4).then(|| (6.0 - a / 2.0).round().clamp(1.0, 5.0))
}

fn survey() -> Survey {
    let rows: Vec<usize> = (1..=ROWS_IN)
        .filter(|r| !EXCLUDED_BY_INGEST.contains(r))
        .collect();
    let a: Vec<f64> = (0..rows.len()).map(|i| 1.0 + (i % 10) as f64).collect();
    let b: Vec<f64> = (0..rows.len())
        .map(|i| 1.0 + ((i * 3 + 1) % 10) as f64)
        .collect();
    let touchpoint = |column: &str, values: &[f64]| TouchpointColumn {
        column: column.into(),
        label: column.into(),
        phase: None,
        scale: (1.0, 10.0),
        top_box_from: 9.0,
        values: values.iter().map(|&v| Some(v)).collect(),
        controllable: true,
        note: None,
    };
    Survey {
        file: "test.csv".into(),
        respondents_in: ROWS_IN,
        all_ids: (1..=ROWS_IN).map(|r| format!("R{r}")).collect(),
        format: "CSV".into(),
        weights: None,
        weight_column: None,
        touchpoints: vec![touchpoint("tp_a", &a), touchpoint("tp_b", &b)],
        kpis: vec![
            KpiColumn {
                column: "nps".into(),
                label: "Recommend".into(),
                kind: KpiKind::Nps,
                scale: (0.0, 10.0),
                reverse: false,
                values: (0..rows.len()).map(|i| nps_of(i, a[i], b[i])).collect(),
            },
            KpiColumn {
                column: "ces".into(),
                label: "Effort".into(),
                kind: KpiKind::Scale,
                scale: (1.0, 5.0),
                reverse: true,
                values: (0..rows.len()).map(|i| ces_of(i, a[i])).collect(),
            },
        ],
        segments: vec![SegmentColumn {
            column: "region".into(),
            values: (0..rows.len())
                .map(|i| match i % 5 {
                    0 => None,
                    1 | 3 => Some("south".to_string()),
                    _ => Some("north".to_string()),
                })
                .collect(),
        }],
        excluded: vec![ExcludedRows {
            reason: ExclusionReason::InvalidWeight,
            rows: EXCLUDED_BY_INGEST.to_vec(),
        }],
        warnings: vec![],
        rows,
        wave: None,
    }
}

fn config(lead: Option<&str>) -> Config {
    let lead = lead.map_or(String::new(), |l| format!("lead_kpi = \"{l}\"\n"));
    let text = format!(
        "[[touchpoint]]\ncolumn = \"tp_a\"\n[[touchpoint]]\ncolumn = \"tp_b\"\n\
         [[kpi]]\ncolumn = \"nps\"\nkind = \"nps\"\n\
         analyse_as = [\"score\", \"promoter\", \"detractor\"]\n\
         [[kpi]]\ncolumn = \"ces\"\nkind = \"scale\"\nreverse = true\nscale = [1, 5]\n\
         [report]\n{lead}"
    );
    Config::from_toml_str(&text, "test.toml").unwrap()
}

fn options() -> Options {
    let boot = BootstrapOptions {
        replicates: 0,
        ..BootstrapOptions::default()
    };
    let model = ModelOptions {
        min_not_experienced: 5,
        small_base: 5,
        // A hand-sized survey (groups of 15): the capacity rule, tested in
        // the regression crate and end to end, is off.
        per_term: 0,
        ..ModelOptions::default()
    };
    Options::new(model, boot, SubKpiLabels::ENGLISH).unwrap()
}

#[test]
fn an_nps_question_gives_promoter_and_detractor_sub_kpis() {
    let s = survey();
    let analyses = kpi_analyses(&s, &config(None), SubKpiLabels::DUTCH);
    let names: Vec<&str> = analyses.iter().map(|a| a.column.column.as_str()).collect();
    assert_eq!(names, ["nps", "nps_promoter", "nps_detractor", "ces"]);
    let [score, promoter, detractor, ces] = &analyses[..] else {
        unreachable!()
    };
    assert!(!score.logistic && promoter.logistic && detractor.logistic && !ces.logistic);
    assert_eq!(
        promoter.column.label,
        "Recommend: promotor (9-10) tegenover de rest"
    );
    assert_eq!(
        detractor.column.label,
        "Recommend: criticaster (0-6) tegenover de rest"
    );
    // Exclusion reasons name the question, not the sub-KPI.
    assert_eq!(detractor.question, "Recommend");
    for sub in [promoter, detractor] {
        assert_eq!(sub.column.kind, KpiKind::Binary);
        assert_eq!(sub.column.scale, (0.0, 1.0));
    }
    // 0/1 indicators: promoters 9-10, detractors 0-6; a skip stays a skip.
    for (i, y) in score.column.values.iter().enumerate() {
        let p = y.map(|y| f64::from(u8::from(y >= 9.0)));
        let d = y.map(|y| f64::from(u8::from(y <= 6.0)));
        assert_eq!(promoter.column.values[i], p);
        assert_eq!(detractor.column.values[i], d);
    }
    // The detractor analysis is reversed: the model explains "not a
    // detractor", so a detractor (1) is modelled as 0 and the rest as 1.
    assert!(!promoter.column.reverse && detractor.column.reverse);
    assert_eq!(oriented(&detractor.column, 1.0), 0.0);
    assert_eq!(oriented(&detractor.column, 0.0), 1.0);
    // The effort score (1-5, low is good) is mirrored within its scale.
    assert_eq!(oriented(&ces.column, 1.0), 5.0);
    assert_eq!(oriented(&ces.column, 4.0), 2.0);
}

#[test]
fn sub_kpi_labels_follow_the_callers_language() {
    let s = survey();
    let analyses = kpi_analyses(&s, &config(None), SubKpiLabels::ENGLISH);
    assert_eq!(
        analyses[1].column.label,
        "Recommend: promoter (9-10) vs rest"
    );
    assert_eq!(
        analyses[2].column.label,
        "Recommend: detractor (0-6) vs rest"
    );
}

#[test]
fn every_row_is_analysed_or_excluded_with_a_reason() {
    let s = survey();
    let a = analyse(&s, &config(None), &options()).unwrap();
    // Kept rows that answered neither KPI: i % 9 == 4 and i % 7 == 4.
    let unanswered: Vec<usize> = (0..s.rows.len())
        .filter(|i| i % 9 == 4 && i % 7 == 4)
        .map(|i| s.rows[i])
        .collect();
    assert_eq!(unanswered, [6]);
    let reasons: Vec<(String, usize)> = a
        .excluded
        .iter()
        .map(|e| (e.reason.to_string(), e.count))
        .collect();
    assert_eq!(
        reasons,
        [
            ("missing or invalid weight".to_string(), 2),
            ("no answer to any KPI question".to_string(), 1)
        ]
    );
    assert_eq!(a.excluded[1].rows, unanswered);
    assert_eq!(a.excluded[0].ids, ["R5", "R17"]);
    assert_eq!(a.excluded[1].ids, ["R6"]);
    let excluded: usize = a.excluded.iter().map(|e| e.count).sum();
    assert_eq!(a.respondents_in, ROWS_IN);
    assert_eq!(a.respondents_in, a.respondents_analysed + excluded);
    // Within each KPI: its model's respondents plus its exclusions are
    // the analysed respondents.
    for k in &a.kpis {
        let out: usize = k.excluded.iter().map(|e| e.count).sum();
        assert_eq!(k.model.n + out, a.respondents_analysed, "{}", k.name);
        for e in &k.excluded {
            assert_eq!(e.ids.len(), e.rows.len());
        }
    }
    let nps = &a.kpis[0];
    let no_answer_to = |kpi: &str| crate::ExclusionReason::NoAnswerTo { kpi: kpi.into() };
    assert_eq!(nps.excluded[0].reason, no_answer_to("Recommend"));
    // The sub-KPIs' reasons name the question too.
    assert_eq!(a.kpis[2].excluded[0].reason, no_answer_to("Recommend"));
    assert_eq!(a.kpis[3].excluded[0].reason, no_answer_to("Effort"));
}

#[test]
fn segments_give_each_groups_nps_with_the_blank_group_last() {
    let s = survey();
    let a = analyse(&s, &config(None), &options()).unwrap();
    let region = &a.segments[0];
    assert_eq!(region.column, "region");
    let values: Vec<&str> = region.groups.iter().map(|g| g.value.as_str()).collect();
    assert_eq!(values, ["north", "south", ""]);
    let analysed = |i: &usize| s.kpis.iter().any(|k| k.values[*i].is_some());
    for group in &region.groups {
        let members: Vec<usize> = (0..s.rows.len())
            .filter(analysed)
            .filter(|&i| s.segments[0].values[i].as_deref().unwrap_or("") == group.value)
            .collect();
        assert_eq!(group.n, members.len(), "{}", group.value);
        // NPS by hand: % promoters minus % detractors among those answering.
        let scores: Vec<f64> = members
            .iter()
            .filter_map(|&i| s.kpis[0].values[i])
            .collect();
        let share = |f: fn(f64) -> bool| {
            100.0 * scores.iter().filter(|&&y| f(y)).count() as f64 / scores.len() as f64
        };
        let expected = share(|y| y >= 9.0) - share(|y| y <= 6.0);
        let got = group.kpi_values[0].unwrap();
        assert!(
            (got - expected).abs() < 1e-9,
            "{}: {got} vs {expected}",
            group.value
        );
        // The effort KPI's level is its mean on its own scale, not reversed.
        let ces: Vec<f64> = members
            .iter()
            .filter_map(|&i| s.kpis[1].values[i])
            .collect();
        let mean = ces.iter().sum::<f64>() / ces.len() as f64;
        assert!((group.kpi_values[3].unwrap() - mean).abs() < 1e-12);
    }
}

#[test]
fn the_lead_kpi_is_found_among_the_modelled_ones() {
    let names = ["nps", "nps_promoter", "ces", "retention"];
    assert_eq!(lead_kpi(&names, None), 0);
    assert_eq!(lead_kpi(&names, Some("ces")), 2);
    // An NPS question leads with its score analysis...
    assert_eq!(lead_kpi(&names, Some("nps")), 0);
    // ... or, without one, with its first other analysis.
    assert_eq!(lead_kpi(&["ces", "nps_detractor"], Some("nps")), 1);
    // A lead KPI that could not be modelled leaves the lead to the first.
    assert_eq!(lead_kpi(&["nps", "retention"], Some("ces")), 0);
    // Through the whole analysis, from the config.
    let a = analyse(&survey(), &config(Some("ces")), &options()).unwrap();
    assert_eq!(a.kpis[a.lead_kpi].name, "ces");
}

#[test]
fn a_survey_without_kpi_answers_is_an_error_naming_the_file() {
    let mut s = survey();
    for k in &mut s.kpis {
        k.values = vec![None; k.values.len()].into();
    }
    let err = analyse(&s, &config(None), &options()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "test.csv: no respondent answered any KPI question; nothing to analyse"
    );
}

/// A config without KPIs or without touchpoints, and a survey whose every
/// row was left out (all weights zero, say), each say what is wrong rather
/// than that nobody answered.
#[test]
fn missing_kpis_touchpoints_or_rows_say_what_is_wrong() {
    let mut s = survey();
    s.kpis.clear();
    let err = analyse(&s, &config(None), &options()).unwrap_err();
    assert!(err.to_string().contains("names no KPI"), "{err}");

    let mut s = survey();
    s.touchpoints.clear();
    let err = analyse(&s, &config(None), &options()).unwrap_err();
    assert!(err.to_string().contains("names no touchpoint"), "{err}");

    let mut s = survey();
    let rows: Vec<usize> = s.rows.clone();
    let n = rows.len();
    s.excluded = vec![cximpact_ingest::ExcludedRows {
        reason: ExclusionReason::InvalidWeight,
        rows,
    }];
    s.rows.clear();
    for tp in &mut s.touchpoints {
        tp.values = Vec::new().into();
    }
    for k in &mut s.kpis {
        k.values = Vec::new().into();
    }
    let err = analyse(&s, &config(None), &options()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "test.csv: every data row was left out before the analysis: missing or invalid weight \
             ({n} rows)"
        )
    );
}

#[test]
fn segment_groups_get_their_own_model_or_the_reason_why_not() {
    let text = |min: usize| {
        format!(
            "[[touchpoint]]\ncolumn = \"tp_a\"\n[[touchpoint]]\ncolumn = \"tp_b\"\n\
             [[kpi]]\ncolumn = \"nps\"\nkind = \"nps\"\n\
             [segments]\ncolumns = [\"region\"]\nmin_size = {min}\n\
             [segments.labels.region]\ncolumn = \"Region\"\nvalues = {{ south = \"South\" }}\n"
        )
    };
    let s = survey();
    let config = Config::from_toml_str(&text(12), "test.toml").unwrap();
    let a = analyse(&s, &config, &options()).unwrap();
    let groups: Vec<(&str, &str, usize)> = a
        .segment_models
        .iter()
        .map(|g| (g.value.as_str(), g.label.as_str(), g.analysed))
        .collect();
    // 39 analysed respondents (one answered no KPI): 15 north, 16 south, 8 blank.
    assert_eq!(
        groups,
        [("north", "north", 15), ("south", "South", 16), ("", "", 8)]
    );
    assert!(a.segment_models.iter().all(|g| g.column_label == "Region"));
    let [north, south, blank] = &a.segment_models[..] else {
        unreachable!()
    };
    assert_eq!(blank.skipped, Some(SegmentSkip::Blank));
    for g in [north, south] {
        let own = g.analysis.as_ref().expect("a model of its own");
        assert_eq!(own.respondents_analysed, g.analysed);
        assert!(own.segment_models.is_empty(), "no recursion");
        // One test per touchpoint of the whole analysis's KPI.
        assert_eq!(g.differences[0].touchpoints.len(), 2);
    }
    // Below the minimum: listed with its size, no model, no tests.
    let config = Config::from_toml_str(&text(20), "test.toml").unwrap();
    let a = analyse(&s, &config, &options()).unwrap();
    assert_eq!(
        a.segment_models[0].skipped,
        Some(SegmentSkip::TooSmall { n: 15, min: 20 })
    );
    assert!(a.segment_models[0].analysis.is_none() && a.segment_models[0].differences.is_empty());
    // Labels must name a segment column.
    let bad = text(12).replace("[segments.labels.region]", "[segments.labels.regio]");
    let err = Config::from_toml_str(&bad, "test.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("test.toml") && err.contains("regio"), "{err}");
}

/// The stages are announced once each, in order, and the segment groups'
/// own analyses (two here) announce nothing.
#[test]
fn the_stage_hook_hears_each_stage_once_in_order() {
    let text = "[[touchpoint]]\ncolumn = \"tp_a\"\n[[touchpoint]]\ncolumn = \"tp_b\"\n\
                [[kpi]]\ncolumn = \"nps\"\nkind = \"nps\"\n\
                [segments]\ncolumns = [\"region\"]\nmin_size = 12\n";
    let config = Config::from_toml_str(text, "test.toml").unwrap();
    let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = heard.clone();
    let options = options().with_stage_hook(move |stage| log.lock().unwrap().push(stage));
    let a = analyse(&survey(), &config, &options).unwrap();
    assert_eq!(
        a.segment_models
            .iter()
            .filter(|g| g.analysis.is_some())
            .count(),
        2
    );
    assert_eq!(
        *heard.lock().unwrap(),
        [Stage::Models, Stage::Bootstrap, Stage::Segments]
    );
}

#[test]
fn small_bases_come_after_column_warnings_and_before_row_warnings() {
    let mut s = survey();
    // Half the respondents did not experience tp_b: 20 of the 40 kept.
    let mut values = s.touchpoints[1].values.to_vec();
    for v in values.iter_mut().step_by(2) {
        *v = None;
    }
    s.touchpoints[1].values = values.into();
    let read = |kind, row, column: &str| cximpact_ingest::Warning {
        kind,
        file: "test.csv".into(),
        row,
        column: Some(column.into()),
    };
    let out_of_scale = ReadWarning::OutOfScale {
        raw: "12".into(),
        low: 1.0,
        high: 10.0,
    };
    s.warnings = vec![
        read(ReadWarning::ScaleAssumedWithoutAnswers, None, "tp_a"),
        read(out_of_scale, Some(3), "tp_a"),
    ];
    let model = ModelOptions {
        min_not_experienced: 5,
        small_base: 30,
        ..ModelOptions::default()
    };
    let options = Options::new(model, options().bootstrap().clone(), SubKpiLabels::ENGLISH);
    let a = analyse(&s, &config(None), &options.unwrap()).unwrap();
    let order: Vec<(Option<usize>, &str, &str)> = a
        .warnings
        .iter()
        .map(|w| (w.row, w.column.as_deref().unwrap_or(""), w.kind.code()))
        .collect();
    // The models' own warnings (separation here) follow.
    assert_eq!(
        order[..3],
        [
            (None, "tp_a", "scale_assumed"),
            (None, "tp_b", "small_base"),
            (Some(3), "tp_a", "out_of_scale"),
        ]
    );
    assert_eq!(
        a.warnings[1].kind,
        WarningKind::SmallBase { n: 20, min: 30 }
    );
    assert_eq!(
        a.warnings[1].kind.to_string(),
        "only 20 respondents experienced this touchpoint (fewer than 30); read its results with care"
    );
}
