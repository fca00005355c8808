//! Surveys wider than their respondents carry: a KPI with more model terms
//! than its data carry (one per 5 respondents, or per 10 with the rarer
//! answer of a yes/no KPI) is not modelled and says how many touchpoints
//! fit; when no KPI is left the run stops at once, before any fit.

use std::time::Instant;

use crate::util::*;

/// `n` respondents rating `touchpoints` moments 1-10 (each experienced by
/// about 75%), an NPS 0-10 driven by the first three and by mood, and the
/// config analysing it as score and promoter. Deterministic in `seed`.
fn wide_survey(touchpoints: usize, n: usize, seed: u64) -> (String, String) {
    let mut state = seed;
    let mut uniform = move || {
        // SplitMix64.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let header: Vec<String> = (0..touchpoints).map(|j| format!("tp_{j:03}")).collect();
    let mut csv = format!("id,{},nps\n", header.join(","));
    for i in 0..n {
        let mood = 3.0 * (uniform() - 0.5);
        let mut score = 6.0 + mood;
        let cells: Vec<String> = (0..touchpoints)
            .map(|j| {
                if uniform() >= 0.75 {
                    return String::new();
                }
                let x = (7.0 + mood + 4.0 * (uniform() - 0.5))
                    .round()
                    .clamp(1.0, 10.0);
                if j < 3 {
                    score += 0.3 * (x - 7.0);
                }
                format!("{x}")
            })
            .collect();
        let nps = (score + 4.0 * (uniform() - 0.5)).round().clamp(0.0, 10.0);
        csv.push_str(&format!("R{i:04},{},{nps}\n", cells.join(",")));
    }
    let config = "[survey]\nid = \"id\"\n[[touchpoint]]\ncolumn = \"tp_*\"\nscale = [1, 10]\n\
                  [[kpi]]\ncolumn = \"nps\"\nkind = \"nps\"\nanalyse_as = [\"score\", \"promoter\"]\n";
    (csv, config.to_string())
}

/// The brief's survey: 60 touchpoints x 300 respondents. Neither the score
/// (up to 120 terms on 300 respondents) nor the promoter model fits the
/// rule, so the run stops with one message that says so for each, without
/// fitting anything (a debug build fits the promoter model alone in tens
/// of seconds; the bound is generous for a busy machine).
#[test]
fn a_survey_too_wide_for_its_respondents_stops_at_once() {
    let scratch = Scratch::new();
    let (csv, config) = wide_survey(60, 300, 60);
    let survey = scratch.write("wide.csv", &csv);
    let config = scratch.write("wide.toml", &config);
    let start = Instant::now();
    let out = analyze_files(&survey, &config, &scratch.out(), &[]);
    let took = start.elapsed().as_secs_f64();
    assert_error(
        &out,
        &[
            "none of the KPIs could be modelled",
            "nps was not modelled: 60 touchpoints bring",
            "but 300 respondents carry at most 60 terms",
            "nps: promoter (9-10) vs rest was not modelled: 60 touchpoints bring",
            "respondents with the rarer answer carry at most",
            "merge or drop touchpoints to about",
        ],
    );
    assert!(took < 15.0, "stopping took {took:.1} s");
    assert!(!scratch.out().join("report.html").exists());
}

/// 20 touchpoints x 450 respondents: the score's 40 terms fit (45 carried),
/// the promoters (about a quarter) do not. The report goes on with the
/// score and says why the promoter model is missing.
#[test]
fn a_wide_yes_no_kpi_is_not_modelled_while_the_score_is() {
    let scratch = Scratch::new();
    let (csv, config) = wide_survey(20, 450, 20);
    let survey = scratch.write("wide.csv", &csv);
    let config = scratch.write("wide.toml", &config);
    let out = scratch.out();
    assert_ok(&analyze_files(
        &survey,
        &config,
        &out,
        &["--bootstrap", "0", "--no-png"],
    ));
    let json = impact_json(&out);
    let kpis: Vec<&str> = json["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(kpis, ["nps"]);
    let warnings = json["survey"]["warnings"].as_array().unwrap();
    let refused: Vec<&serde_json::Value> = warnings
        .iter()
        .filter(|w| w["kind"] == "kpi_not_modelled")
        .collect();
    assert_eq!(refused.len(), 1, "{warnings:?}");
    assert_eq!(refused[0]["column"], "nps_promoter");
    let message = refused[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("nps: promoter (9-10) vs rest was not modelled: 20 touchpoints bring 40 terms, but the "),
        "{message}"
    );
    assert!(message.contains("respondents with the rarer answer carry at most"));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("20 touchpoints bring 40 terms"));
}

/// The fuzzer's wide survey scaled down (80 touchpoints, 120 respondents)
/// with the NPS analysed as promoter only: the run ends with one error that
/// names the survey's touchpoints and terms and how many the promoters
/// carry, and writes nothing.
#[test]
fn a_promoter_model_wider_than_its_data_says_how_many_touchpoints_fit() {
    let scratch = Scratch::new();
    let (csv, config) = wide_survey(80, 120, 80);
    let config = config.replace(r#"["score", "promoter"]"#, r#"["promoter"]"#);
    let survey = scratch.write("wide.csv", &csv);
    let config = scratch.write("wide.toml", &config);
    let out = analyze_files(&survey, &config, &scratch.out(), &[]);
    assert_error(
        &out,
        &[
            "wide.csv: none of the KPIs could be modelled",
            "nps: promoter (9-10) vs rest was not modelled: 80 touchpoints bring ",
            "respondents with the rarer answer carry at most ",
            "(one per 10 of them): ",
        ],
    );
    let err = stderr(&out);
    assert!(!err.contains("nps was not modelled"), "{err}");
    // Either a number of touchpoints to keep, below the 80 asked, or none.
    let about = err
        .split("merge or drop touchpoints to about ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.trim().parse::<usize>().ok());
    assert!(
        about.is_some_and(|n| (1..80).contains(&n))
            || err.contains("too few for a single touchpoint"),
        "{err}"
    );
    assert!(!err.contains("to about 0"), "{err}");
    assert!(!scratch.out().join("report.html").exists());
}
