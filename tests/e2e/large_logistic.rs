//! A yes/no KPI answered by more respondents than a logistic model is
//! fitted on (`cximpact_analysis::LOGISTIC_MODEL_ROWS`): the binary fits it
//! on a random subsample of them, says so under its table in the report's
//! language and in the methods, and keeps every respondent in the NPS
//! model and the row accounting.

use cximpact_analysis::LOGISTIC_MODEL_ROWS;

use crate::util::*;

/// `n` respondents: three touchpoints rated 1-10 (the second skipped by
/// every third), an NPS and a yes/no "stays" that rises with the first
/// touchpoint; every 50th respondent skips "stays". Deterministic.
fn survey(n: usize) -> String {
    let mut csv = String::with_capacity(n * 24);
    csv.push_str("id,tp_a,tp_b,tp_c,nps,stays\n");
    let mut state = 11u64;
    for i in 0..n {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let u = (state >> 33) as usize;
        let a = 1 + u % 10;
        let b = if i % 3 == 0 {
            String::new()
        } else {
            (1 + (u / 10) % 10).to_string()
        };
        let c = 1 + (u / 100) % 10;
        let nps = (a as f64 * 0.6 + ((u / 1000) % 5) as f64).round().min(10.0);
        let stays = match (i % 50, (u / 7000) % 10 < a) {
            (0, _) => "",
            (_, true) => "ja",
            (_, false) => "nee",
        };
        csv.push_str(&format!("R{i},{a},{b},{c},{nps},{stays}\n"));
    }
    csv
}

/// The small survey's config with the yes/no KPI.
fn config() -> String {
    format!("{CONFIG}[[kpi]]\ncolumn = \"stays\"\nlabel = \"Stays\"\nkind = \"binary\"\n")
}

#[test]
fn a_yes_no_kpi_of_a_large_survey_is_fitted_on_a_subsample_and_says_so() {
    // Every 50th skips "stays": 102,900 answer it.
    let n = LOGISTIC_MODEL_ROWS + 5_000;
    let answered = n - n.div_ceil(50);
    let scratch = Scratch::new();
    let survey = scratch.write("large.csv", &survey(n));
    let config = scratch.write("large.toml", &config());
    let out = scratch.out();
    let flags = ["--bootstrap", "0", "--no-png", "-q"];
    assert_ok(&analyze_files(&survey, &config, &out, &flags));
    let json = impact_json(&out);
    assert_eq!(json["survey"]["respondents_in"], n);
    assert_eq!(json["survey"]["respondents_analysed"], n);
    let kpis = json["kpis"].as_array().unwrap();
    assert_eq!(kpis[0]["name"], "nps");
    assert_eq!(kpis[0]["n"], n);
    assert!(kpis[0].get("model_subsample").is_none());
    assert_eq!(kpis[1]["name"], "stays");
    assert_eq!(kpis[1]["model"], "logistic");
    assert_eq!(kpis[1]["n"], LOGISTIC_MODEL_ROWS);
    assert_eq!(kpis[1]["model_subsample"]["n"], LOGISTIC_MODEL_ROWS);
    assert_eq!(kpis[1]["model_subsample"]["of"], answered);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let note = format!(
        "{} customers answered this question; the model was fitted on a random 100,000 of them",
        thousands(answered, ',')
    );
    assert!(html.contains(&note), "{note}");
    assert!(html.contains("answered by more than 100,000 customers is fitted on a simple random"));

    let nl = scratch.out().with_file_name("nl");
    let flags = ["--bootstrap", "0", "--no-png", "-q", "--lang", "nl"];
    assert_ok(&analyze_files(&survey, &config, &nl, &flags));
    let html = std::fs::read_to_string(nl.join("report.html")).unwrap();
    let note = format!(
        "{} klanten beantwoordden deze vraag; het model is geschat op een willekeurige 100.000 \
         van hen",
        thousands(answered, '.')
    );
    assert!(html.contains(&note), "{note}");
}

/// `n` with `sep` between groups of three digits.
fn thousands(n: usize, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(d);
    }
    out
}
