//! Bad input gets one readable error naming file, row and column, or a
//! counted warning in the outputs; never a panic.

use crate::util::*;

fn analyze(scratch: &Scratch, survey: &str, config: &str) -> std::process::Output {
    let survey = scratch.write("survey.csv", survey);
    let config = scratch.write("survey.toml", config);
    let out = scratch.out();
    cximpact(&[
        "analyze",
        survey.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

#[test]
fn missing_survey_file() {
    let out = cximpact(&[
        "analyze",
        "no/such/survey.csv",
        "--touchpoints",
        "tp_*",
        "--kpi",
        "nps",
    ]);
    assert_error(&out, &["no/such/survey.csv"]);
}

#[test]
fn missing_column_is_named() {
    let scratch = Scratch::new();
    let config = CONFIG.replace("column = \"nps\"", "column = \"npss\"");
    let out = analyze(&scratch, &small_survey(40), &config);
    assert_error(&out, &["survey.csv", "npss", "nps"]);
}

#[test]
fn duplicate_ids_name_both_rows() {
    let scratch = Scratch::new();
    let survey = small_survey(40).replace("R005,", "R002,");
    let out = analyze(&scratch, &survey, CONFIG);
    assert_error(&out, &["survey.csv", "R002", "3", "6"]);
}

#[test]
fn out_of_scale_value_is_a_counted_warning_with_row_and_column() {
    let scratch = Scratch::new();
    let mut lines: Vec<String> = small_survey(60).lines().map(String::from).collect();
    // Data row 4 (line 5): tp_c = 12 on a 1-10 scale.
    let mut cells: Vec<String> = lines[4].split(',').map(String::from).collect();
    cells[3] = "12".into();
    lines[4] = cells.join(",");
    let out = analyze(&scratch, &(lines.join("\n") + "\n"), CONFIG);
    assert_ok(&out);
    let json = impact_json(&scratch.out());
    let warnings = json["survey"]["warnings"].as_array().unwrap();
    let w = warnings
        .iter()
        .find(|w| w["kind"] == "out_of_scale")
        .expect("out_of_scale warning");
    assert_eq!(w["row"], 4);
    assert_eq!(w["column"], "tp_c");
    assert!(w["file"].as_str().unwrap().ends_with("survey.csv"));
    let html = std::fs::read_to_string(scratch.out().join("report.html")).unwrap();
    assert!(html.contains("tp_c"));
}

#[test]
fn text_in_a_numeric_column_is_an_error() {
    let scratch = Scratch::new();
    let survey: String = small_survey(40)
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_string()
            } else {
                let mut c: Vec<&str> = l.split(',').collect();
                c[1] = "good";
                c.join(",")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let out = analyze(&scratch, &survey, CONFIG);
    assert_error(&out, &["survey.csv", "row 1", "tp_a", "good"]);
}

#[test]
fn missing_kpi_answers_are_excluded_and_counted() {
    let scratch = Scratch::new();
    let survey: String = small_survey(60)
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 7 || i == 9 {
                let mut c: Vec<&str> = l.split(',').collect();
                c[4] = "";
                c.join(",")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let out = analyze(&scratch, &survey, CONFIG);
    assert_ok(&out);
    let json = impact_json(&scratch.out());
    assert_eq!(json["kpis"][0]["n"], 58);
    // With one KPI, a row without its answer is not analysed at all.
    let excluded = json["survey"]["excluded"].as_array().unwrap();
    assert_eq!(excluded.len(), 1);
    assert_eq!(excluded[0]["count"], 2);
    assert_eq!(excluded[0]["rows"], serde_json::json!([7, 9]));
    assert_eq!(json["survey"]["respondents_analysed"], 58);
}

#[test]
fn unknown_config_key_is_named() {
    let scratch = Scratch::new();
    let config = CONFIG.replace("kind = \"nps\"", "kind = \"nps\"\nreversed = true");
    let out = analyze(&scratch, &small_survey(40), &config);
    assert_error(&out, &["survey.toml", "reversed"]);
}

#[test]
fn empty_file_is_an_error() {
    let scratch = Scratch::new();
    let out = analyze(&scratch, "", CONFIG);
    assert_error(&out, &["survey.csv", "empty"]);
}

#[test]
fn header_only_is_an_error() {
    let scratch = Scratch::new();
    let out = analyze(&scratch, "id,tp_a,nps\n", CONFIG);
    assert_error(&out, &["survey.csv"]);
}

#[test]
fn constant_kpi_is_reported_not_fatal_when_another_kpi_works() {
    let scratch = Scratch::new();
    let survey = small_survey(60)
        .replace(",Noord", ",x")
        .replace(",Zuid", ",x");
    let survey: String = survey
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.replace("region", "flat")
            } else {
                l.replace(",x", ",5")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let config = format!("{CONFIG}\n[[kpi]]\ncolumn = \"flat\"\nscale = [1, 10]\n");
    let out = analyze(&scratch, &survey, &config);
    assert_ok(&out);
    let json = impact_json(&scratch.out());
    assert_eq!(json["kpis"].as_array().unwrap().len(), 1);
    assert!(json["survey"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["kind"] == "kpi_not_modelled" && w["column"] == "flat"));
}

#[test]
fn bad_flags_are_one_message() {
    let out = cximpact(&[
        "analyze",
        "sample-surveys/insurance.csv",
        "--lang",
        "fr",
        "--out",
        "/tmp/never",
    ]);
    assert_error(&out, &["fr", "en or nl"]);
    let out = cximpact(&[
        "analyze",
        "sample-surveys/insurance.csv",
        "--crosshair",
        "sideways",
        "--out",
        "/tmp/never",
    ]);
    assert_error(&out, &["--crosshair", "sideways"]);
}

#[test]
fn no_config_at_all_says_what_to_do() {
    let scratch = Scratch::new();
    let survey = scratch.write("lonely.csv", &small_survey(40));
    let out = cximpact(&["analyze", survey.to_str().unwrap()]);
    assert_error(&out, &["lonely.csv", "--config", "--touchpoints"]);
}

#[test]
fn a_rerun_with_fewer_kpis_leaves_no_output_of_the_earlier_run() {
    let scratch = Scratch::new();
    let two_kpis = format!("{CONFIG}[[kpi]]\ncolumn = \"ces\"\nkind = \"scale\"\nscale = [1, 7]\n");
    assert_ok(&analyze(&scratch, &small_survey(80), &two_kpis));
    let out = scratch.out();
    assert!(out.join("matrix-ces.svg").is_file());
    assert!(out.join("importance-ces.png").is_file());
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    assert_ok(&analyze(&scratch, &small_survey(80), CONFIG));
    for stale in ["matrix-ces.svg", "importance-ces.svg", "importance-ces.png"] {
        assert!(!out.join(stale).exists(), "stale {stale} left behind");
    }
    assert!(out.join("matrix-nps.svg").is_file());
    assert!(out.join("importance-nps.svg").is_file());
    assert!(out.join("journey.svg").is_file());
    assert!(
        out.join("notes.txt").is_file(),
        "a file of the user's was removed"
    );
    // Nothing of the writing is left beside the folder.
    let beside: Vec<_> = std::fs::read_dir(scratch.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn control_characters_from_the_data_are_escaped_in_messages() {
    let scratch = Scratch::new();
    let survey = small_survey(40)
        .replace("R005,", "R\u{1b}[2J,")
        .replace("R006,", "R\u{1b}[2J,");
    let out = analyze(&scratch, &survey, CONFIG);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        !err.contains('\u{1b}'),
        "a raw escape reached the terminal: {err:?}"
    );
    assert!(err.contains("R\\u{1b}[2J"), "{err}");
}

#[test]
fn tiny_equal_weights_give_the_unweighted_numbers() {
    let scratch = Scratch::new();
    let weighted = |w: &str| -> String {
        // 400 respondents: 55 promoters carry the logistic model's terms.
        small_survey(400)
            .lines()
            .enumerate()
            .map(|(i, l)| {
                let cell = if i == 0 { "weight" } else { w };
                format!("{l},{cell}\n")
            })
            .collect()
    };
    let config = format!(
        "{}analyse_as = [\"score\", \"promoter\"]\n",
        CONFIG.replace("id = \"id\"", "id = \"id\"\nweight = \"weight\"")
    );
    let r2 = |w: &str, name: &str| -> Vec<f64> {
        let dir = scratch.path(name);
        std::fs::create_dir_all(&dir).unwrap();
        let survey = dir.join("survey.csv");
        std::fs::write(&survey, weighted(w)).unwrap();
        let cfg = dir.join("survey.toml");
        std::fs::write(&cfg, &config).unwrap();
        let out = dir.join("out");
        assert_ok(&analyze_files(
            &survey,
            &cfg,
            &out,
            &["--bootstrap", "0", "--no-png"],
        ));
        impact_json(&out)["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["r2"].as_f64().unwrap())
            .collect()
    };
    let (tiny, one) = (r2("1e-300", "tiny"), r2("1", "one"));
    assert_eq!(tiny.len(), 2, "score and promoter (logistic) models");
    for (t, o) in tiny.iter().zip(&one) {
        assert!((t - o).abs() < 1e-12, "{t} vs {o}");
    }
}

#[test]
fn a_ragged_row_in_a_crlf_file_names_the_line_an_editor_shows() {
    let scratch = Scratch::new();
    // Data row 3 (line 4) has a field too many.
    let survey = small_survey(40)
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 3 {
                format!("{l},extra")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    let out = analyze(&scratch, &survey, CONFIG);
    assert_error(&out, &["survey.csv", "row 3 (line 4)", "8 fields"]);
    let old_mac = survey.replace("\r\n", "\r");
    let out = analyze(&scratch, &old_mac, CONFIG);
    assert_error(&out, &["survey.csv", "row 3 (line 4)", "8 fields"]);
}

#[test]
fn a_utf16_mark_in_front_of_utf8_text_is_named() {
    let scratch = Scratch::new();
    let survey = scratch.path("survey.csv");
    std::fs::write(
        &survey,
        [&[0xFF, 0xFE][..], small_survey(40).as_bytes()].concat(),
    )
    .unwrap();
    let config = scratch.write("survey.toml", CONFIG);
    let out = analyze_files(&survey, &config, &scratch.out(), &[]);
    assert_error(
        &out,
        &["survey.csv", "UTF-16LE byte order mark", "is UTF-8"],
    );
}

/// `small_survey` with a weight column: `odd` for data row 6, weights near
/// 1 elsewhere (`every` for all rows when given).
fn weighted_survey(odd: &str, every: Option<&str>) -> String {
    small_survey(60)
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let w = match (i, every) {
                (0, _) => "weight".to_string(),
                (_, Some(w)) => w.to_string(),
                (6, None) => odd.to_string(),
                _ => format!("{}", 0.9 + 0.01 * (i % 20) as f64),
            };
            format!("{l},{w}\n")
        })
        .collect()
}

#[test]
fn implausible_and_unusable_weights_name_the_weights() {
    let scratch = Scratch::new();
    let config = CONFIG.replace("id = \"id\"", "id = \"id\"\nweight = \"weight\"");
    for odd in ["1e14", "1e308"] {
        let out = analyze(&scratch, &weighted_survey(odd, None), &config);
        assert_error(
            &out,
            &[
                "survey.csv, row 6, column \"weight\"",
                odd,
                "times the median weight",
            ],
        );
    }
    for every in ["0", "n/a"] {
        let out = analyze(&scratch, &weighted_survey("", Some(every)), &config);
        assert_error(
            &out,
            &["survey.csv, column \"weight\": no row has a usable weight"],
        );
    }
}

/// An `[analysis] exact_limit` beyond what an exact decomposition handles
/// names the config and the key (the flag's own error names the flag).
#[test]
fn an_exact_limit_out_of_range_names_where_it_came_from() {
    let scratch = Scratch::new();
    let survey = scratch.write("survey.csv", &small_survey(150));
    let config = scratch.write(
        "survey.toml",
        &format!("{CONFIG}\n[analysis]\nexact_limit = 31\n"),
    );
    let run = analyze_files(&survey, &config, &scratch.out(), &[]);
    assert_error(&run, &["survey.toml: [analysis] exact_limit", "at most 30"]);
    let run = analyze_files(&survey, &config, &scratch.out(), &["--exact-limit", "40"]);
    assert_error(&run, &["--exact-limit", "is 40"]);
}
