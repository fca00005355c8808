//! The sample survey end to end: the README's command, the committed
//! report, the recovered truth, languages and crosshairs.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::*;

const SURVEY: &str = "sample-surveys/insurance.csv";
const CONFIG: &str = "sample-surveys/insurance.toml";

fn run_sample(extra: &[&str]) -> (Scratch, Value) {
    let scratch = Scratch::new();
    let out = scratch.out();
    let out_str = out.to_str().unwrap().to_string();
    let mut args = vec!["analyze", SURVEY, "--config", CONFIG, "--out", &out_str];
    args.extend_from_slice(extra);
    assert_ok(&cximpact(&args));
    let json = impact_json(&out);
    (scratch, json)
}

/// The committed `reports/insurance/` is what the current code makes of the
/// sample survey: regenerate it with the README's command when this fails.
#[test]
fn committed_sample_report_is_current() {
    let (scratch, _) = run_sample(&[]);
    let committed = root().join("reports/insurance");
    let mut names: Vec<String> = std::fs::read_dir(scratch.out())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.contains(&"report.html".to_string()));
    for name in &names {
        let fresh = std::fs::read(scratch.out().join(name)).unwrap();
        let old = std::fs::read(committed.join(name)).unwrap_or_default();
        assert!(
            fresh == old,
            "reports/insurance/{name} is stale: run `cargo run --release -- analyze {SURVEY} --config {CONFIG} --out reports/insurance`"
        );
    }
}

/// The JSON contract and the row accounting: every row is analysed or
/// excluded with a reason.
#[test]
fn sample_outputs_keep_the_contract() {
    let (scratch, json) = run_sample(&[]);
    for kpi in ["nps", "ces", "overall_satisfaction", "retention"] {
        assert!(
            scratch.out().join(format!("matrix-{kpi}.svg")).is_file(),
            "{kpi}"
        );
    }
    assert!(scratch.out().join("impact.csv").is_file());
    let survey = &json["survey"];
    let excluded: u64 = survey["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["count"].as_u64().unwrap())
        .sum();
    assert_eq!(survey["respondents_in"].as_u64().unwrap(), 2000);
    assert_eq!(
        survey["respondents_analysed"].as_u64().unwrap() + excluded,
        2000
    );

    let kpis = json["kpis"].as_array().unwrap();
    assert_eq!(kpis.len(), 4);
    let nps = &kpis[0];
    assert_eq!(nps["name"], "nps");
    assert_eq!(nps["kind"], "nps");
    // Four respondents left NPS blank: excluded from that model, counted.
    let missing: u64 = nps["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        nps["n"].as_u64().unwrap() + missing,
        survey["respondents_analysed"].as_u64().unwrap()
    );
    assert!(nps["nps"]["score"].as_f64().unwrap() > -100.0);
    for kpi in kpis {
        let r2 = kpi["r2"].as_f64().unwrap();
        let tps = kpi["touchpoints"].as_array().unwrap();
        assert_eq!(tps.len(), 17);
        let sum: f64 = tps.iter().map(|t| t["importance"].as_f64().unwrap()).sum();
        assert!(
            (sum - r2).abs() < 1e-9,
            "importances sum to R² for {}",
            kpi["name"]
        );
        for t in tps {
            for field in [
                "name",
                "label",
                "phase",
                "n_experienced",
                "frequency",
                "satisfaction_mean",
                "incidence_effect",
                "quality_effect",
                "importance",
                "impact",
                "quadrant",
            ] {
                assert!(t.get(field).is_some(), "{field} missing");
            }
            assert!(
                t["name"].as_str().unwrap().starts_with("tp_"),
                "name is the column name"
            );
            let f = t["frequency"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&f));
            assert!(["amplify", "improve", "prevent", "economize"]
                .contains(&t["quadrant"].as_str().unwrap()));
        }
    }
    // The invoice reaches everyone: no incidence term, and the report says why.
    let invoice = nps["touchpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "tp_monthly_invoice")
        .unwrap();
    assert!(invoice["incidence_effect"].is_null());
    assert!(nps["dropped_terms"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["touchpoint"] == "tp_monthly_invoice"));
}

/// The recovered NPS impacts match the generator's truth: sign for every
/// clear effect, order for the strong ones, and each intended quadrant.
///
/// The truth is stated on the latent scale before NPS answers are clipped to
/// 0-10, which shrinks large positive effects a little; ranks are therefore
/// checked where the truth differs clearly (by 0.5 NPS points or more) and
/// as a rank correlation over all incidence effects.
#[test]
fn sample_recovers_the_truth() {
    let (_, json) = run_sample(&[]);
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("sample-surveys/insurance.truth.json")).unwrap(),
    )
    .unwrap();
    let est: BTreeMap<String, Value> = json["kpis"][0]["touchpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap().to_string(), t.clone()))
        .collect();
    let mut strong = Vec::new();
    let mut incidence = (Vec::new(), Vec::new());
    let mut quadrants = std::collections::BTreeSet::new();
    for t in truth["touchpoints"].as_array().unwrap() {
        let name = t["column"].as_str().unwrap();
        let e = &est[name];
        let (true_effect, est_effect) = match e["impact_basis"].as_str().unwrap() {
            "incidence" => (
                t["incidence_effect"].as_f64().unwrap(),
                e["incidence_effect"].as_f64().unwrap(),
            ),
            _ => (
                t["quality_effect"].as_f64().unwrap(),
                e["quality_effect"].as_f64().unwrap(),
            ),
        };
        if true_effect.abs() >= 0.3 {
            assert_eq!(
                true_effect.signum(),
                e["impact"].as_f64().unwrap().signum(),
                "sign of {name}"
            );
            assert_eq!(
                true_effect.signum(),
                est_effect.signum(),
                "sign of {name}'s effect"
            );
        }
        if t["quadrant"] != "none" {
            assert_eq!(t["quadrant"], e["quadrant"], "quadrant of {name}");
        }
        quadrants.insert(e["quadrant"].as_str().unwrap().to_string());
        if e["impact_basis"] == "incidence" {
            incidence.0.push(true_effect);
            incidence.1.push(est_effect);
            if true_effect.abs() >= 0.5 {
                strong.push((name.to_string(), true_effect.abs(), est_effect.abs()));
            }
        }
    }
    assert_eq!(quadrants.len(), 4, "all four quadrants are populated");
    assert!(strong.len() >= 5);
    let rho = spearman(&incidence.0, &incidence.1);
    assert!(
        rho > 0.9,
        "rank correlation of incidence effects with the truth: {rho}"
    );
    for a in &strong {
        for b in &strong {
            if a.1 >= b.1 + 0.5 {
                assert!(
                    a.2 > b.2,
                    "{} (true {}) should outrank {} (true {})",
                    a.0,
                    a.1,
                    b.0,
                    b.1
                );
            }
        }
    }
}

#[test]
fn dutch_report_speaks_dutch() {
    let (scratch, json) = run_sample(&["--lang", "nl"]);
    let html = std::fs::read_to_string(scratch.out().join("report.html")).unwrap();
    for word in ["Koesteren", "Verbeteren", "Voorkomen", "contactmoment"] {
        assert!(html.to_lowercase().contains(&word.to_lowercase()), "{word}");
    }
    // Data outputs keep their English ids whatever the language.
    assert!(json["kpis"][0]["touchpoints"][0]["quadrant"].is_string());
    let svg = std::fs::read_to_string(scratch.out().join("matrix-nps.svg")).unwrap();
    assert!(svg.contains("Tevredenheid") || svg.contains("tevredenheid"));
}

#[test]
fn crosshair_rules_move_the_lines() {
    let (_, json) = run_sample(&["--crosshair", "midpoint,zero"]);
    assert!((json["kpis"][0]["crosshair"]["x"].as_f64().unwrap() - 5.5).abs() < 1e-12);
    // At the scale midpoint nearly everything is "high" satisfaction.
    let low = json["kpis"][0]["touchpoints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["satisfaction_mean"].as_f64().unwrap() < 5.5)
        .count();
    let improve_or_prevent = json["kpis"][0]["touchpoints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["quadrant"] == "improve" || t["quadrant"] == "prevent")
        .count();
    assert_eq!(low, improve_or_prevent);

    let (_, json) = run_sample(&["--crosshair", "7,5;0"]);
    assert!((json["kpis"][0]["crosshair"]["x"].as_f64().unwrap() - 7.5).abs() < 1e-12);
}

#[test]
fn config_beside_the_survey_is_found() {
    let scratch = Scratch::new();
    let out = scratch.out();
    let out = cximpact(&["analyze", SURVEY, "--out", out.to_str().unwrap()]);
    assert_ok(&out);
    assert!(stderr(&out).contains("insurance.toml"));
}

#[test]
fn globs_work_without_a_config() {
    let scratch = Scratch::new();
    let survey = scratch.write("plain.csv", &small_survey(90));
    let out = scratch.out();
    let result = cximpact(&[
        "analyze",
        survey.to_str().unwrap(),
        "--touchpoints",
        "tp_*",
        "--kpi",
        "nps",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_ok(&result);
    let json = impact_json(&out);
    let names: Vec<&str> = json["kpis"][0]["touchpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["tp_a", "tp_b", "tp_c"]);
    assert_eq!(json["kpis"][0]["kind"], "nps");
    // tp_b is skipped by every third respondent (30 of 90): incidence term in.
    let b = &json["kpis"][0]["touchpoints"][1];
    assert!(b["incidence_effect"].as_f64().unwrap() > 2.0);
}

#[test]
fn help_explains_the_command() {
    let out = cximpact(&["analyze", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--config",
        "--out",
        "--lang",
        "--crosshair",
        "--touchpoints",
        "--kpi",
    ] {
        assert!(help.contains(flag), "{flag}");
    }
}
