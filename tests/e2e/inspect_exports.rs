//! `inspect` on exports shaped like the public datasets consultants try
//! first: its suggested config analyses them without edits.

use crate::util::*;

/// xorshift: a small seeded generator for the test exports.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Shaped like the public airline passenger-satisfaction survey: 14
/// service ratings 1-5 where 0 means "not applicable", passenger facts,
/// and an overall "satisfied" / "neutral or dissatisfied" column.
fn airline_export(n: usize) -> String {
    const SERVICES: [&str; 14] = [
        "Inflight wifi service",
        "Departure/Arrival time convenient",
        "Ease of Online booking",
        "Gate location",
        "Food and drink",
        "Online boarding",
        "Seat comfort",
        "Inflight entertainment",
        "On-board service",
        "Leg room service",
        "Baggage handling",
        "Checkin service",
        "Inflight service",
        "Cleanliness",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut s = String::from("id,Gender,Customer Type,Age,Type of Travel,Class,Flight Distance,");
    s.push_str(&SERVICES.join(","));
    s.push_str(",Departure Delay in Minutes,Arrival Delay in Minutes,satisfaction\n");
    for i in 0..n {
        let mut cells = vec![
            (70_000 + i).to_string(),
            ["Male", "Female"][i % 2].to_string(),
            ["Loyal Customer", "disloyal Customer"][usize::from(rng.unit() < 0.2)].to_string(),
            (18 + (rng.unit() * 60.0) as usize).to_string(),
            ["Business travel", "Personal Travel"][usize::from(rng.unit() < 0.3)].to_string(),
            ["Eco", "Business", "Eco Plus"][(rng.unit() * 3.0) as usize % 3].to_string(),
            (100 + (rng.unit() * 3000.0) as usize).to_string(),
        ];
        let mut drive = 0.0;
        for j in 0..SERVICES.len() {
            if rng.unit() < 0.05 {
                cells.push("0".into());
            } else {
                let r = (1.0 + rng.unit() * 5.0).floor().min(5.0);
                if j == 5 || j == 7 {
                    drive += r - 3.0;
                }
                cells.push(r.to_string());
            }
        }
        cells.push(((rng.unit() * 40.0) as usize).to_string());
        cells.push(((rng.unit() * 40.0) as usize).to_string());
        let satisfied = drive + 2.0 * (rng.unit() - 0.5) > 0.5;
        cells.push(
            if satisfied {
                "satisfied"
            } else {
                "neutral or dissatisfied"
            }
            .into(),
        );
        s.push_str(&cells.join(","));
        s.push('\n');
    }
    s
}

/// An NPS survey export: a 0-10 recommendation question, touchpoint
/// ratings 1-10 with 99 for "don't know", a region.
fn nps_export(n: usize) -> String {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut s = String::from(
        "ResponseId,Region,Q1_1 Website,Q1_2 Call centre,Q1_3 Invoice,Q1_4 Repair visit,\
         How likely are you to recommend us to a friend?\n",
    );
    for i in 0..n {
        let mut cells = vec![
            format!("R_{i:05}"),
            ["North", "South", "East"][i % 3].into(),
        ];
        let mut drive = 0.0;
        for _ in 0..4 {
            if rng.unit() < 0.1 {
                cells.push("99".into());
            } else {
                let r = (1.0 + rng.unit() * 10.0).floor().min(10.0);
                drive += 0.3 * (r - 5.5);
                cells.push(r.to_string());
            }
        }
        let nps = (7.0 + drive + 2.0 * (rng.unit() - 0.5))
            .round()
            .clamp(0.0, 10.0);
        cells.push(nps.to_string());
        s.push_str(&cells.join(","));
        s.push('\n');
    }
    s
}

/// `inspect --write-config`, then `analyze` with that config unedited;
/// returns the config and impact.json.
fn inspect_then_analyze(
    scratch: &Scratch,
    name: &str,
    export: &str,
) -> (String, serde_json::Value) {
    let survey = scratch.write(name, export);
    let config = scratch.path("suggested.toml");
    assert_ok(&cximpact(&[
        "inspect",
        survey.to_str().unwrap(),
        "--write-config",
        config.to_str().unwrap(),
    ]));
    let text = std::fs::read_to_string(&config).unwrap();
    let out = scratch.out();
    let run = analyze_files(&survey, &config, &out, &["--bootstrap", "0", "--no-png"]);
    assert!(run.status.success(), "{}\n{text}", stderr(&run));
    (text, impact_json(&out))
}

#[test]
fn an_airline_style_export_analyses_with_the_suggested_config() {
    let scratch = Scratch::new();
    let (config, json) = inspect_then_analyze(&scratch, "airline.csv", &airline_export(600));
    // 0 outside the 1-5 ratings is "not applicable", per column.
    assert!(config.contains("not_experienced = [\"0\"]"), "{config}");
    assert!(config.contains("scale = [1, 5]"), "{config}");
    assert!(!config.contains("scale = [0, 10]"), "{config}");
    // The satisfaction column is the KPI, with its yes answer.
    assert!(
        config.contains("column = \"satisfaction\"\nkind = \"binary\""),
        "{config}"
    );
    assert!(config.contains("positive = [\"satisfied\"]"), "{config}");
    let kpis = json["kpis"].as_array().unwrap();
    assert_eq!(kpis[0]["name"], "satisfaction");
    assert_eq!(kpis[0]["touchpoints"].as_array().unwrap().len(), 14);
    // Ratings were read on 1-5, the zeros as not experienced.
    let wifi = &kpis[0]["touchpoints"][0];
    assert!(wifi["frequency"].as_f64().unwrap() < 0.99, "{wifi}");
    assert!(json["survey"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["kind"] != "out_of_scale" && w["kind"] != "not_yes_no"));
}

#[test]
fn an_nps_export_analyses_with_the_suggested_config() {
    let scratch = Scratch::new();
    let (config, json) = inspect_then_analyze(&scratch, "nps.csv", &nps_export(500));
    assert!(config.contains("kind = \"nps\""), "{config}");
    assert!(config.contains("\"99\""), "{config}");
    let kpi = &json["kpis"][0];
    assert_eq!(kpi["kind"], "nps");
    assert_eq!(kpi["touchpoints"].as_array().unwrap().len(), 4);
}

#[test]
fn a_suggested_config_without_a_kpi_says_so_and_analyze_names_the_problem() {
    let scratch = Scratch::new();
    let export: String = nps_export(200)
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect();
    let survey = scratch.write("no_kpi.csv", &export);
    let config = scratch.path("no_kpi.toml");
    assert_ok(&cximpact(&[
        "inspect",
        survey.to_str().unwrap(),
        "--write-config",
        config.to_str().unwrap(),
    ]));
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("No KPI column was found"), "{text}");
    let run = analyze_files(&survey, &config, &scratch.out(), &[]);
    assert_error(&run, &["no_kpi.csv", "no KPI"]);
}

/// `cximpact inspect survey.csv | head`: a reader that stops early ends
/// the run quietly (no panic, no error message), and a config asked for
/// is still written.
#[test]
fn inspect_into_a_closed_pipe_ends_quietly() {
    use std::process::{Command, Stdio};
    let scratch = Scratch::new();
    let written = scratch.path("suggested.toml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cximpact"))
        .args(["inspect", "sample-surveys/insurance.csv", "--write-config"])
        .arg(&written)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Close the reading end before the tool writes its listing.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("the run ends");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("error"), "{err}");
    assert!(out.status.success(), "{err}");
    assert!(written.is_file(), "the config is written");
}
