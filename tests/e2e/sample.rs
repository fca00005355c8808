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
/// The sample analysed without a bootstrap, with `from` replaced by `to`
/// in its config; returns the scratch folder (the outputs are in its
/// `out()`) and impact.json.
fn sample_with_config(from: &str, to: &str) -> (Scratch, Value) {
    let scratch = Scratch::new();
    let config = std::fs::read_to_string(root().join(CONFIG)).unwrap();
    assert!(config.contains(from), "the sample config has {from}");
    let config_path = scratch.write("insurance.toml", &config.replace(from, to));
    let out = scratch.out();
    assert_ok(&cximpact(&[
        "analyze",
        SURVEY,
        "--config",
        config_path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--bootstrap",
        "0",
    ]));
    let json = impact_json(&out);
    (scratch, json)
}

#[test]
fn committed_sample_report_is_current() {
    let (scratch, _) = run_sample(&[]);
    assert_committed_is_current(&scratch, "reports/insurance", "");
}

/// Every output in `scratch.out()` equals its committed copy in `folder`
/// (made by the README's command plus `extra_flags`).
fn assert_committed_is_current(scratch: &Scratch, folder: &str, extra_flags: &str) {
    let committed = root().join(folder);
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
            "{folder}/{name} is stale: run `cargo run -- analyze {SURVEY} --config {CONFIG} --out {folder}{extra_flags}`"
        );
    }
}

/// The JSON contract and the row accounting: every row is analysed or
/// excluded with a reason.
#[test]
fn sample_outputs_keep_the_contract() {
    let (scratch, json) = run_sample(&[]);
    for kpi in ["nps", "ces", "overall_satisfaction", "retention"] {
        for chart in ["matrix", "importance"] {
            for ext in ["svg", "png"] {
                let name = format!("{chart}-{kpi}.{ext}");
                assert!(scratch.out().join(&name).is_file(), "{name}");
            }
        }
    }
    // One journey heatmap for the survey, naming every touchpoint and
    // every KPI.
    assert!(scratch.out().join("journey.png").is_file());
    let journey = std::fs::read_to_string(scratch.out().join("journey.svg")).unwrap();
    for label in [
        "Website visit",
        "Premium increase letter",
        "Customer effort",
    ] {
        assert!(journey.contains(label), "{label}");
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
    // nps is analysed as its score and as promoter vs rest (analyse_as).
    assert_eq!(kpis.len(), 5);
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
        if true_effect.abs() >= 0.3 && t["quadrant"] != "mixed" {
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
        match t["quadrant"].as_str().unwrap() {
            "none" => {}
            // Its effects pull opposite ways about equally hard: no side
            // is right, and the analysis must not pretend one is.
            "mixed" => assert_eq!(e["impact_uncertain"], true, "{name} is mixed"),
            q => assert_eq!(q, e["quadrant"], "quadrant of {name}"),
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

/// The Dutch sample report (the committed `reports/insurance-nl/` is
/// current): the tool's wording and the config's own texts, through its
/// `[translations.nl]`, are Dutch.
#[test]
fn dutch_report_speaks_dutch() {
    let (scratch, json) = run_sample(&["--lang", "nl"]);
    assert_committed_is_current(&scratch, "reports/insurance-nl", " --lang nl");
    let html = std::fs::read_to_string(scratch.out().join("report.html")).unwrap();
    for english in [
        "Passives",
        "Website visit",
        "Likelihood to recommend",
        "Customer type",
        // A segment group whose data carry no KPI model says why in Dutch.
        "was not modelled",
        "could be modelled",
    ] {
        assert!(
            !html.contains(english),
            "{english} left in the Dutch report"
        );
    }
    for dutch in [
        "Passieven",
        "Websitebezoek",
        "Aanbevelingsbereidheid",
        "Klanttype",
        "is niet gemodelleerd",
    ] {
        assert!(html.contains(dutch), "{dutch}");
    }
    for word in [
        "Koesteren",
        "Verbeteren",
        "Voorkomen",
        "contactmoment",
        "promotor (9-10) tegenover de rest",
    ] {
        assert!(html.to_lowercase().contains(&word.to_lowercase()), "{word}");
    }
    // Data-quality warnings are in Dutch too, with the row's own numbers.
    assert!(
        html.contains("<td>overal hetzelfde antwoord</td>")
            && html.contains("beoordeelde contactmomenten dezelfde score"),
        "warnings not in Dutch"
    );
    assert!(!html.contains("a straight-liner may not have read"));
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

/// Bootstrap intervals: every KPI carries them (the logistic ones too), the
/// same seed gives the same numbers, another seed other numbers, and
/// `--bootstrap 0` turns them off (null, not missing).
#[test]
fn bootstrap_intervals_are_seeded_and_can_be_turned_off() {
    let (_s, json) = run_sample(&["--bootstrap", "30", "--seed", "5"]);
    let (_s2, again) = run_sample(&["--bootstrap", "30", "--seed", "5"]);
    let (_s3, other) = run_sample(&["--bootstrap", "30", "--seed", "6"]);
    assert_eq!(json, again);
    let nps = |j: &Value| {
        j["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["name"] == "nps")
            .unwrap()
            .clone()
    };
    let k = nps(&json);
    assert_ne!(k["r2_ci"], nps(&other)["r2_ci"]);
    assert_eq!(k["bootstrap"]["replicates"], 30);
    assert_eq!(k["bootstrap"]["seed"], 5);
    let ci_of = |v: &Value| -> Vec<f64> {
        v.as_array()
            .unwrap_or_else(|| panic!("no interval: {v}"))
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    let kpis = json["kpis"].as_array().unwrap();
    assert!(kpis.iter().any(|k| k["model"] == "logistic"));
    for k in kpis {
        let r2 = k["r2"].as_f64().unwrap();
        let r2_ci = ci_of(&k["r2_ci"]);
        assert!(
            r2_ci[0] < r2 && r2 < r2_ci[1],
            "{}: {r2_ci:?} {r2}",
            k["name"]
        );
    }
    // Retention (logistic): the premium increase letter clearly costs
    // customers, in every resample.
    let retention = kpis.iter().find(|k| k["name"] == "retention").unwrap();
    let letter = retention["touchpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "tp_premium_increase")
        .unwrap();
    assert!(ci_of(&letter["impact_ci"])[1] < 0.0, "{letter}");
    assert_eq!(letter["significant"], true);
    for t in kpis
        .iter()
        .flat_map(|k| k["touchpoints"].as_array().unwrap())
    {
        for field in [
            "impact_ci",
            "importance_ci",
            "satisfaction_ci",
            "frequency_ci",
        ] {
            let ci = t[field]
                .as_array()
                .unwrap_or_else(|| panic!("{field}: {t}"));
            assert!(
                ci[0].as_f64().unwrap() <= ci[1].as_f64().unwrap(),
                "{field}"
            );
        }
        let p = t["quadrant_probability"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p));
        assert!(t["small_base"].is_boolean());
        assert!(t["impact_uncertain"].is_boolean());
        assert!(t["significant"].is_boolean());
    }

    let (_s4, off) = run_sample(&["--bootstrap", "0"]);
    for k in off["kpis"].as_array().unwrap() {
        assert!(
            k["r2_ci"].is_null() && k["bootstrap"].is_null(),
            "{}",
            k["name"]
        );
        for t in k["touchpoints"].as_array().unwrap() {
            for field in [
                "impact_ci",
                "importance_ci",
                "satisfaction_ci",
                "quadrant_probability",
                "significant",
            ] {
                assert!(t.get(field).is_some_and(Value::is_null), "{field}");
            }
        }
    }
}

/// NPS analysed as promoter and detractor vs the rest: each is a KPI of its
/// own with a logistic model, odds ratios and a pseudo-R² whose importances
/// add up; retention (kind = "binary") is logistic by default.
#[test]
fn nps_promoter_and_detractor_get_logistic_models() {
    let (scratch, json) = sample_with_config(
        "analyse_as = [\"score\", \"promoter\"]",
        "analyse_as = [\"score\", \"promoter\", \"detractor\"]",
    );
    let out = scratch.out();
    let kpis = json["kpis"].as_array().unwrap();
    let names: Vec<&str> = kpis.iter().map(|k| k["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "nps",
            "nps_promoter",
            "nps_detractor",
            "ces",
            "overall_satisfaction",
            "retention"
        ]
    );
    assert!(out.join("matrix-nps_promoter.svg").is_file());
    assert!(out.join("matrix-nps_detractor.svg").is_file());
    let by_name = |n: &str| kpis.iter().find(|k| k["name"] == n).unwrap();
    assert_eq!(by_name("nps")["model"], "linear");
    assert!(by_name("nps")["pseudo_r2"].is_null());
    let promoter = by_name("nps_promoter");
    let detractor = by_name("nps_detractor");
    assert!(promoter["label"]
        .as_str()
        .unwrap()
        .contains("promoter (9-10) vs rest"));
    assert_eq!(detractor["reverse"], true);
    // The same respondents as the score model.
    assert_eq!(promoter["n"], by_name("nps")["n"]);
    for k in [promoter, detractor, by_name("retention")] {
        assert_eq!(k["model"], "logistic", "{}", k["name"]);
        assert_eq!(k["kind"], "binary");
        let r2 = k["r2"].as_f64().unwrap();
        assert_eq!(k["pseudo_r2"].as_f64().unwrap(), r2);
        assert!(r2 > 0.05 && r2 < 1.0, "{}: {r2}", k["name"]);
        // 17 touchpoints: above the exact limit, so sampled with errors.
        assert_eq!(k["importance_method"], "shapley-sampled");
        let tps = k["touchpoints"].as_array().unwrap();
        let sum: f64 = tps.iter().map(|t| t["importance"].as_f64().unwrap()).sum();
        assert!((sum - r2).abs() < 1e-9, "{}", k["name"]);
        for t in tps {
            if let Some(c) = t["incidence_effect"].as_f64() {
                let or = t["incidence_odds_ratio"].as_f64().unwrap();
                assert!((or - c.exp()).abs() < 1e-9 * or.max(1.0));
            }
            assert!(t["importance_se"].as_f64().unwrap() >= 0.0);
        }
    }
    // The promoter share the model explains is the NPS breakdown's.
    let share = by_name("nps")["nps"]["promoters"].as_f64().unwrap();
    assert!((promoter["kpi_mean"].as_f64().unwrap() - share).abs() < 1e-9);
    // Complaint handling hurts: fewer promoters, more detractors, both a
    // negative impact (the detractor model explains "not a detractor").
    let complaint = |k: &Value| -> f64 {
        k["touchpoints"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "tp_complaint")
            .unwrap()["impact"]
            .as_f64()
            .unwrap()
    };
    assert!(complaint(promoter) < 0.0 && complaint(detractor) < 0.0);
    // The report speaks of odds ratios for these KPIs, and the CSV says
    // which model each row comes from.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Incidence (odds ratio)"));
    assert!(html.contains("McFadden pseudo-R"));
    let csv = std::fs::read_to_string(out.join("impact.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let model = header.iter().position(|h| *h == "kpi_model").unwrap();
    assert!(csv.lines().any(|l| {
        let fields: Vec<&str> = l.split(',').collect();
        fields[0] == "nps_detractor" && fields.get(model) == Some(&"logistic")
    }));
}

/// Above the exact limit importances are sampled, with a standard error,
/// and reported beside relative weights; a limit above 30 is refused.
#[test]
fn exact_limit_switches_to_sampled_shapley() {
    let (_, json) = run_sample(&["--exact-limit", "10", "--bootstrap", "0"]);
    let nps = &json["kpis"][0];
    assert_eq!(nps["importance_method"], "shapley-sampled");
    assert!(nps["condition_number"].as_f64().unwrap() >= 1.0);
    let tps = nps["touchpoints"].as_array().unwrap();
    assert!(tps.iter().all(|t| t["importance_se"].as_f64().is_some()));
    let rw: f64 = tps
        .iter()
        .map(|t| t["relative_weight"].as_f64().unwrap())
        .sum();
    assert!(
        (rw - nps["r2"].as_f64().unwrap()).abs() < 1e-9,
        "relative weights sum to R²"
    );

    let out = cximpact(&[
        "analyze",
        SURVEY,
        "--exact-limit",
        "31",
        "--out",
        "/tmp/never",
    ]);
    assert_error(&out, &["31", "30"]);
}

/// `inspect` on the sample proposes a config that gets the analysis right:
/// 99 codes recognised, every `tp_` column a touchpoint (even "loyalty
/// discount"), retention a yes/no KPI, and the same NPS model as the
/// curated config.
#[test]
fn inspect_suggests_a_working_config_for_the_sample() {
    let scratch = Scratch::new();
    let config = scratch.path("suggested.toml");
    let out = cximpact(&[
        "inspect",
        SURVEY,
        "--write-config",
        config.to_str().unwrap(),
    ]);
    assert_ok(&out);
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("\"99\""), "{text}");
    assert_eq!(text.matches("[[touchpoint]]").count(), 17);
    assert!(
        text.contains("column = \"retention\"\nkind = \"binary\""),
        "{text}"
    );
    let out_dir = scratch.out();
    let result = cximpact(&[
        "analyze",
        SURVEY,
        "--config",
        config.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--bootstrap",
        "0",
    ]);
    assert_ok(&result);
    let suggested = impact_json(&out_dir);
    let (_, curated) = run_sample(&["--bootstrap", "0"]);
    let r2 = |j: &Value| j["kpis"][0]["r2"].as_f64().unwrap();
    assert!((r2(&suggested) - r2(&curated)).abs() < 1e-12);
}

/// The segment table's NPS per group, checked by hand: Noord answers
/// 10, 10, 9, 8, 3, 2 (3 promoters, 2 detractors of 6: +16.7), Zuid
/// 9, 7, 7, 6, 6, 6 (1 promoter, 3 detractors: -33.3).
#[test]
fn segment_nps_is_computed_per_group() {
    let scratch = Scratch::new();
    let nps = [10, 10, 9, 8, 3, 2, 9, 7, 7, 6, 6, 6];
    let mut csv = String::from("id,tp_a,tp_b,nps,region\n");
    // Ten respondents per answer: the same NPS per group, and enough
    // respondents for the model's two terms.
    for copy in 0..10 {
        for (i, y) in nps.iter().enumerate() {
            let region = if i < 6 { "Noord" } else { "Zuid" };
            csv.push_str(&format!(
                "R{copy}_{i},{},{},{y},{region}\n",
                1 + i % 10,
                1 + (i * 7) % 10
            ));
        }
    }
    let survey = scratch.write("seg.csv", &csv);
    let config = scratch.write(
        "seg.toml",
        "[[touchpoint]]\ncolumn = \"tp_*\"\nscale = [1, 10]\n[[kpi]]\ncolumn = \"nps\"\nkind = \"nps\"\n[segments]\ncolumns = [\"region\"]\n[analysis]\nsmall_base = 1\n",
    );
    let out = scratch.out();
    let result = cximpact(&[
        "analyze",
        survey.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--bootstrap",
        "0",
    ]);
    assert_ok(&result);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let row = |group: &str| -> String {
        let start = html.find(&format!("<td>{group}</td>")).expect("group row");
        html[start..start + html[start..].find("</tr>").unwrap()].to_string()
    };
    assert!(row("Noord").contains("16.7"), "{}", row("Noord"));
    assert!(row("Zuid").contains("\u{2212}33.3"), "{}", row("Zuid"));
}

/// The consultant's overrides reach the outputs: `[report] lead_kpi`
/// ranks the priority list on effort, a touchpoint marked not
/// controllable stays out of it (but in the matrix), its note is carried,
/// and an unknown lead KPI is a config error naming the file and key.
#[test]
fn lead_kpi_and_controllable_reach_the_priorities() {
    let (scratch, json) = sample_with_config("lead_kpi = \"nps\"", "lead_kpi = \"ces\"");
    let out = scratch.out();
    assert_eq!(json["lead_kpi"], "ces");
    let priorities = json["priorities"].as_array().unwrap();
    assert!(!priorities.is_empty());
    assert!(priorities.iter().all(|p| p["kpi"] == "ces"));
    // The premium increase letter is marked not controllable in the
    // sample config: in the matrix, never in the list.
    assert!(priorities
        .iter()
        .all(|p| p["touchpoint"] != "tp_premium_increase"));
    let ces = json["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "ces")
        .unwrap();
    let letter = ces["touchpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "tp_premium_increase")
        .unwrap();
    assert_eq!(letter["controllable"], false);
    assert!(letter["note"].as_str().unwrap().contains("Required by law"));
    assert!(letter["quadrant"].is_string());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Left out as not controllable: Premium increase letter."));

    let config = std::fs::read_to_string(root().join(CONFIG)).unwrap();
    let bad = config.replace("lead_kpi = \"nps\"", "lead_kpi = \"effort\"");
    let bad_path = scratch.write("bad.toml", &bad);
    let out = cximpact(&[
        "analyze",
        SURVEY,
        "--config",
        bad_path.to_str().unwrap(),
        "--out",
        scratch.out().to_str().unwrap(),
    ]);
    assert_error(
        &out,
        &["bad.toml", "[report] lead_kpi \"effort\"", "\"ces\""],
    );
}
