//! The warehouse path end to end: `cximpact sql` on the sample's config,
//! the DuckDB query run on the sample export loaded as text (as a
//! warehouse holding the raw export would), its CSV result analysed with
//! `analyze --moments` (and as Parquet), and every linear KPI's numbers
//! compared with an in-process run of the same file. The Spark and Postgres queries are
//! parsed by sqlglot for their dialects.
//!
//! DuckDB and sqlglot come from Python: `CXIMPACT_DUCKDB_PYTHON` names an
//! interpreter that has both (CI installs them in a venv). Without it the
//! tests say they skipped, unless `CXIMPACT_REQUIRE_DUCKDB=1` (CI), where
//! that is a failure.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::util::*;

/// `cximpact analyze --moments sums --config config --out out` with
/// `extra` flags.
fn analyze_moments(sums: &Path, config: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["analyze", "--moments", sums.to_str().unwrap()];
    args.extend(["--config", config.to_str().unwrap()]);
    args.extend(["--out", out.to_str().unwrap()]);
    args.extend(extra);
    cximpact(&args)
}

/// The Python with DuckDB and sqlglot, or `None` (the test skips) when
/// not required.
fn python() -> Option<String> {
    let required = std::env::var_os("CXIMPACT_REQUIRE_DUCKDB").is_some_and(|v| v == "1");
    let found = std::env::var("CXIMPACT_DUCKDB_PYTHON").ok().filter(|py| {
        Command::new(py)
            .args(["-c", "import duckdb, sqlglot"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            !required,
            "CXIMPACT_REQUIRE_DUCKDB=1 but CXIMPACT_DUCKDB_PYTHON names no Python with duckdb \
             and sqlglot"
        );
        eprintln!("skipped: no CXIMPACT_DUCKDB_PYTHON with duckdb and sqlglot");
    }
    found
}

/// Runs a Python script with arguments, asserting success.
fn run_python(py: &str, script: &str, args: &[&str]) -> String {
    let out = Command::new(py)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Loads `csv` (`;`, every column as text) into DuckDB as `survey`, runs
/// the query in `sql` and exports its result to `out` as CSV and to
/// `parquet` as Parquet.
const RUN_DUCKDB: &str = r#"
import sys, time, duckdb
csv, sql, out, parquet = sys.argv[1:5]
con = duckdb.connect()
con.execute("CREATE TABLE survey AS SELECT * FROM read_csv(?, delim=';', header=true, all_varchar=true)", [csv])
query = open(sql).read()
start = time.time()
con.execute(f"COPY ({query}) TO '{out}' (HEADER)")
print(f"duckdb query: {time.time() - start:.2f} s", file=sys.stderr)
con.execute(f"COPY ({query}) TO '{parquet}' (FORMAT parquet)")
"#;

/// Prints the query for `dialect` into `path`.
fn write_query(config: &Path, dialect: &str, path: &Path) {
    let out = cximpact(&[
        "sql",
        "--config",
        config.to_str().unwrap(),
        "--table",
        "survey",
        "--dialect",
        dialect,
    ]);
    assert_ok(&out);
    std::fs::write(path, &out.stdout).expect("query written");
}

/// What the sums cannot give: the lists of excluded rows and the tests of
/// a different effect in a segment group (a warning lists both).
const NEEDS_ROWS: [&str; 4] = [
    "rows",
    "difference_p",
    "difference_p_unadjusted",
    "differs_from_rest",
];

/// Numbers equal to `tol` (relative above 1), everything else equal, but
/// for [`NEEDS_ROWS`], which the sums must leave empty.
fn same(a: &Value, b: &Value, path: &str, tol: f64, diffs: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                if NEEDS_ROWS.contains(&k.as_str()) {
                    let empty = v.is_null() || v.as_array().is_some_and(|a| a.is_empty());
                    if !empty {
                        diffs.push(format!("{path}/{k}: {v} from sums, which need rows"));
                    }
                    continue;
                }
                match y.get(k) {
                    Some(w) => same(v, w, &format!("{path}/{k}"), tol, diffs),
                    None => diffs.push(format!("{path}/{k}: missing in-process")),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                same(v, w, &format!("{path}[{i}]"), tol, diffs);
            }
        }
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            if (x - y).abs() > tol * y.abs().max(1.0) {
                diffs.push(format!("{path}: {x} from sums, {y} in process"));
            }
        }
        (Value::Array(x), Value::Array(y)) => diffs.push(format!(
            "{path}: {} entries from sums, {} in process",
            x.len(),
            y.len()
        )),
        _ if a != b => diffs.push(format!("{path}: {a} from sums, {b} in process")),
        _ => {}
    }
}

/// Every KPI of `a` (from sums) against the KPI of that name in `b`.
fn same_kpis(a: &Value, b: &Value, path: &str, diffs: &mut Vec<String>) {
    for k in a["kpis"].as_array().unwrap() {
        let name = k["name"].as_str().unwrap();
        match b["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
        {
            Some(theirs) => same(k, theirs, &format!("{path}/{name}"), 1e-9, diffs),
            None => diffs.push(format!("{path}/{name}: not modelled in process")),
        }
    }
}

#[test]
fn duckdb_sums_give_the_in_process_linear_models() {
    let Some(py) = python() else { return };
    let scratch = Scratch::new();
    let config = root().join("sample-surveys/insurance.toml");
    let survey = root().join("sample-surveys/insurance.csv");
    let query = scratch.path("sums.sql");
    let sums = scratch.path("sums.csv");
    let parquet = scratch.path("sums.parquet");
    write_query(&config, "duckdb", &query);
    let timing = run_python(
        &py,
        RUN_DUCKDB,
        &[
            survey.to_str().unwrap(),
            query.to_str().unwrap(),
            sums.to_str().unwrap(),
            parquet.to_str().unwrap(),
        ],
    );
    eprintln!("{}", timing.trim());

    let from_sums = scratch.path("from-sums");
    let in_process = scratch.path("in-process");
    let flags = ["--no-png", "--bootstrap", "0"];
    assert_ok(&analyze_moments(&sums, &config, &from_sums, &flags));
    assert_ok(&analyze_files(&survey, &config, &in_process, &flags));
    let (a, b) = (impact_json(&from_sums), impact_json(&in_process));
    let kpis = |v: &Value| -> Vec<Value> { v["kpis"].as_array().unwrap().clone() };
    let names: Vec<String> = kpis(&a)
        .iter()
        .map(|k| k["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["nps", "ces", "overall_satisfaction"]);
    let mut diffs = Vec::new();
    same_kpis(&a, &b, "", &mut diffs);
    // Each segment group's own analysis too.
    let groups = |v: &Value| v["segments"].as_array().unwrap().clone();
    assert_eq!(groups(&a).len(), groups(&b).len());
    for (g, h) in groups(&a).iter().zip(groups(&b)) {
        let path = format!("{}={}", g["column"], g["value"]);
        for key in ["column", "value", "analysed", "label", "reason"] {
            same(&g[key], &h[key], &format!("{path}/{key}"), 0.0, &mut diffs);
        }
        same_kpis(g, &h, &path, &mut diffs);
    }
    diffs.truncate(20);
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));

    // The same sums exported as Parquet give the same report.
    let from_parquet = scratch.path("from-parquet");
    assert_ok(&analyze_moments(&parquet, &config, &from_parquet, &flags));
    let mut parquet_diffs = Vec::new();
    same_kpis(
        &impact_json(&from_parquet),
        &a,
        "parquet",
        &mut parquet_diffs,
    );
    assert!(parquet_diffs.is_empty(), "{}", parquet_diffs.join("\n"));

    // The logistic KPIs are listed as needing the rows.
    let warnings = a["survey"]["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w["kind"] == "not_from_sums"
        && w["message"].as_str().unwrap().contains("acts differently")));
    for column in ["nps_promoter", "retention"] {
        assert!(
            warnings
                .iter()
                .any(|w| w["kind"] == "not_from_sums" && w["column"] == column),
            "{column} is not listed: {warnings:?}"
        );
    }

    // The bootstrap runs from the blocks.
    let booted = scratch.path("booted");
    assert_ok(&analyze_moments(
        &sums,
        &config,
        &booted,
        &["--no-png", "--bootstrap", "60", "--lang", "nl"],
    ));
    for k in kpis(&impact_json(&booted)) {
        let ci = k["r2_ci"].as_array().expect("an R² interval");
        let r2 = k["r2"].as_f64().unwrap();
        assert!(ci[0].as_f64().unwrap() <= r2 && r2 <= ci[1].as_f64().unwrap());
    }

    // A config that differs from the query's is named.
    let other =
        std::fs::read_to_string(&config)
            .unwrap()
            .replacen("scale = [1, 10]", "scale = [0, 10]", 1);
    let other = scratch.write("other.toml", &other);
    let run = analyze_moments(&sums, &other, &scratch.out(), &[]);
    assert_error(
        &run,
        &[
            "another config",
            "touchpoints differs",
            "tp_website_visit[0 10]",
        ],
    );
}

#[test]
fn spark_and_postgres_queries_parse_in_their_dialects() {
    let Some(py) = python() else { return };
    let scratch = Scratch::new();
    let config = root().join("sample-surveys/insurance.toml");
    for dialect in ["spark", "postgres"] {
        let query = scratch.path(&format!("{dialect}.sql"));
        write_query(&config, dialect, &query);
        run_python(
            &py,
            "import sys, sqlglot\nsqlglot.parse_one(open(sys.argv[1]).read(), read=sys.argv[2])",
            &[query.to_str().unwrap(), dialect],
        );
    }
}

#[test]
fn an_unknown_dialect_or_a_config_without_id_is_a_clear_error() {
    let config = root().join("sample-surveys/insurance.toml");
    let config = config.to_str().unwrap();
    let run = cximpact(&[
        "sql",
        "--config",
        config,
        "--table",
        "t",
        "--dialect",
        "oracle",
    ]);
    assert_error(
        &run,
        &["\"oracle\" is not supported", "duckdb, spark or postgres"],
    );
    let scratch = Scratch::new();
    let no_id = scratch.write("no-id.toml", CONFIG.replace("id = \"id\"", "").as_str());
    let run = cximpact(&[
        "sql",
        "--config",
        no_id.to_str().unwrap(),
        "--table",
        "t",
        "--dialect",
        "duckdb",
    ]);
    assert_error(&run, &["[survey] id is not set"]);
}

/// Loads the sample's two waves into one DuckDB table with a wave column
/// (ids prefixed by the wave) plus a row of an earlier wave and one
/// without a wave, exports the table as `;` CSV to `export` (the
/// in-process run's input) and the query's result to `out`.
const RUN_WAVES: &str = r#"
import sys, duckdb
current, previous, sql, out, export = sys.argv[1:6]
con = duckdb.connect()
load = "SELECT ? || respondent_id AS respondent_id, * EXCLUDE (respondent_id), ? AS wave FROM read_csv(?, delim=';', header=true, all_varchar=true)"
con.execute(f"CREATE TABLE survey AS {load} UNION ALL BY NAME {load}", ['2026-', '2026', current, '2025-', '2025', previous])
con.execute("INSERT INTO survey (respondent_id, wave, weight, nps) VALUES ('2024-1', '2024', '1', '8'), ('x-1', NULL, '1', '7')")
con.execute(f"COPY survey TO '{export}' (HEADER, DELIMITER ';')")
con.execute(f"COPY ({open(sql).read()}) TO '{out}' (HEADER)")
"#;

#[test]
fn duckdb_sums_of_two_waves_give_the_in_process_comparison() {
    let Some(py) = python() else { return };
    let scratch = Scratch::new();
    let config = std::fs::read_to_string(root().join("sample-surveys/insurance.toml"))
        .unwrap()
        .replacen(
            "id = \"respondent_id\"",
            "id = \"respondent_id\"\nwave = \"wave\"",
            1,
        );
    let config = scratch.write("waves.toml", &config);
    let (query, sums, export) = (
        scratch.path("waves.sql"),
        scratch.path("sums.csv"),
        scratch.path("waves.csv"),
    );
    write_query(&config, "duckdb", &query);
    let path = |p: &Path| p.to_str().unwrap().to_string();
    run_python(
        &py,
        RUN_WAVES,
        &[
            &path(&root().join("sample-surveys/insurance.csv")),
            &path(&root().join("sample-surveys/insurance-previous.csv")),
            &path(&query),
            &path(&sums),
            &path(&export),
        ],
    );
    let (from_sums, in_process) = (scratch.path("from-sums"), scratch.path("in-process"));
    let flags = ["--no-png", "--bootstrap", "0"];
    assert_ok(&analyze_moments(&sums, &config, &from_sums, &flags));
    assert_ok(&analyze_files(&export, &config, &in_process, &flags));
    let (a, b) = (impact_json(&from_sums), impact_json(&in_process));
    let mut diffs = Vec::new();
    same_kpis(&a, &b, "", &mut diffs);
    same_kpis(&a["comparison"], &b["comparison"], "comparison", &mut diffs);
    for key in ["respondents_in", "respondents_analysed", "excluded"] {
        same(&a["survey"][key], &b["survey"][key], key, 0.0, &mut diffs);
    }
    diffs.truncate(20);
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    let reasons: Vec<&str> = a["survey"]["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        ["an earlier wave than the two compared", "no wave given"]
    );
    assert_eq!(a["comparison"]["kpis"].as_array().unwrap().len(), 3);
}

/// The sample's config with every yes/no analysis linear (the NPS as
/// score, promoter and detractor; retention): each of them from sums
/// equals the in-process model.
#[test]
fn yes_no_analyses_with_a_linear_model_come_from_the_sums_too() {
    let Some(py) = python() else { return };
    let scratch = Scratch::new();
    let config = std::fs::read_to_string(root().join("sample-surveys/insurance.toml"))
        .unwrap()
        .replacen(
            "analyse_as = [\"score\", \"promoter\"]",
            "analyse_as = [\"score\", \"promoter\", \"detractor\"]\nmodel = \"linear\"",
            1,
        )
        .replacen(
            "positive = [\"ja\"]",
            "positive = [\"ja\"]\nmodel = \"linear\"",
            1,
        );
    let config = scratch.write("linear.toml", &config);
    let survey = root().join("sample-surveys/insurance.csv");
    let (query, sums, parquet) = (
        scratch.path("sums.sql"),
        scratch.path("sums.csv"),
        scratch.path("sums.parquet"),
    );
    write_query(&config, "duckdb", &query);
    let path = |p: &Path| p.to_str().unwrap().to_string();
    run_python(
        &py,
        RUN_DUCKDB,
        &[&path(&survey), &path(&query), &path(&sums), &path(&parquet)],
    );
    let (from_sums, in_process) = (scratch.path("from-sums"), scratch.path("in-process"));
    let flags = ["--no-png", "--bootstrap", "0"];
    assert_ok(&analyze_moments(&sums, &config, &from_sums, &flags));
    assert_ok(&analyze_files(&survey, &config, &in_process, &flags));
    let (a, b) = (impact_json(&from_sums), impact_json(&in_process));
    let names: Vec<&str> = a["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
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
    let mut diffs = Vec::new();
    same_kpis(&a, &b, "", &mut diffs);
    diffs.truncate(20);
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

/// Runs the query in `sql` in Spark local mode (ANSI on, as Spark 4 and
/// Databricks default) on `csv` (`;`, every column as text) and writes
/// its rows to `out` as CSV.
const RUN_SPARK: &str = r#"
import sys, csv
from pyspark.sql import SparkSession
data, sql, out = sys.argv[1:4]
spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
         .config("spark.sql.ansi.enabled", "true").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
spark.read.option("sep", ";").option("header", True).csv(data).createOrReplaceTempView("survey")
columns = ["layout", "set_column", "set_value", "block", "sums", "wave"]
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(columns)
    for r in spark.sql(open(sql).read()).collect():
        w.writerow(["" if r[c] is None else r[c] for c in columns])
"#;

/// The Spark query run in Spark local mode gives the in-process models.
/// Needs `CXIMPACT_SPARK_PYTHON`, a Python with pyspark (and a Java 17
/// runtime); CI does not install it (400 MB, a minute per run), so without
/// it the test says it skipped.
#[test]
fn spark_local_mode_gives_the_in_process_linear_models() {
    let Some(py) = std::env::var("CXIMPACT_SPARK_PYTHON").ok() else {
        eprintln!("skipped: no CXIMPACT_SPARK_PYTHON with pyspark");
        return;
    };
    let scratch = Scratch::new();
    let config = root().join("sample-surveys/insurance.toml");
    let survey = root().join("sample-surveys/insurance.csv");
    let (query, sums) = (scratch.path("spark.sql"), scratch.path("sums.csv"));
    write_query(&config, "spark", &query);
    let path = |p: &Path| p.to_str().unwrap().to_string();
    run_python(
        &py,
        RUN_SPARK,
        &[&path(&survey), &path(&query), &path(&sums)],
    );
    let (from_sums, in_process) = (scratch.path("from-sums"), scratch.path("in-process"));
    let flags = ["--no-png", "--bootstrap", "0"];
    assert_ok(&analyze_moments(&sums, &config, &from_sums, &flags));
    assert_ok(&analyze_files(&survey, &config, &in_process, &flags));
    let mut diffs = Vec::new();
    same_kpis(
        &impact_json(&from_sums),
        &impact_json(&in_process),
        "",
        &mut diffs,
    );
    diffs.truncate(20);
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
