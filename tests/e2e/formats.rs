//! Real exports in: every committed fixture under `tests/fixtures/exports/`
//! holds the same survey in the exact shape of one platform's export, and
//! must give the same numbers as `clean.csv`. Every row is analysed or
//! listed in `excluded.csv`; broken files under `tests/fixtures/broken/`
//! give one clear error or a row-naming warning, never a panic.

use serde_json::Value;

use crate::util::*;

/// (export, its config) beside each other in tests/fixtures/exports.
const EXPORTS: &[&str] = &[
    "dutch_excel.csv",
    "tab_bom.tsv",
    "qualtrics_numeric.csv",
    "qualtrics_text.csv",
    "surveymonkey.csv",
    "workbook.xlsx",
    "spss.sav",
];

fn export(name: &str) -> String {
    format!("tests/fixtures/exports/{name}")
}

fn config_of(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    format!("tests/fixtures/exports/{stem}.toml")
}

/// Analyses an export with its config; the output folder and impact.json.
fn analyse(name: &str, extra: &[&str]) -> (Scratch, Value) {
    let scratch = Scratch::new();
    let out = scratch.out();
    let survey = export(name);
    let config = config_of(name);
    let mut args = vec![
        "analyze",
        survey.as_str(),
        "--config",
        config.as_str(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    assert_ok(&cximpact(&args));
    let json = impact_json(&out);
    (scratch, json)
}

/// The JSON without what legitimately differs between exports of the same
/// data: names, labels, file names, reason texts (which name the KPI) and
/// warnings (compared separately).
fn numbers_only(v: &Value) -> Value {
    const NAMED: &[&str] = &[
        "name",
        "label",
        "file",
        "title",
        "reason",
        "warnings",
        "weight_column",
        "touchpoint",
        // Segment groups: named and ordered by their values, which an
        // export may code (1 = "Noord"); compared by size below.
        "segments",
        // KPIs by name: the lead KPI and the priority list's KPIs.
        "lead_kpi",
        "ranked_on",
        "kpi",
    ];
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !NAMED.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), numbers_only(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(numbers_only).collect()),
        other => other.clone(),
    }
}

/// Equal JSON, numbers within 1e-9 (formats parse "7.5" and 7.5 alike,
/// but summation order must not make a test flaky).
fn assert_same(a: &Value, b: &Value, path: &str) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(
                (x - y).abs() <= 1e-9 * x.abs().max(1.0),
                "{path}: {x} != {y}"
            );
        }
        (Value::Object(x), Value::Object(y)) => {
            let kx: Vec<&String> = x.keys().collect();
            let ky: Vec<&String> = y.keys().collect();
            assert_eq!(kx, ky, "{path}: keys differ");
            for (k, v) in x {
                assert_same(v, &y[k], &format!("{path}.{k}"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}: lengths differ");
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                assert_same(p, q, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

/// The sizes of the segment groups, sorted.
fn group_sizes(json: &Value) -> Vec<u64> {
    let mut n: Vec<u64> = json["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["n"].as_u64().unwrap())
        .collect();
    n.sort_unstable();
    n
}

/// (kind, row) of the row-level data-quality warnings.
fn flagged_rows(json: &Value, kind: &str) -> Vec<u64> {
    json["survey"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == kind)
        .map(|w| w["row"].as_u64().unwrap())
        .collect()
}

#[test]
fn every_export_gives_the_clean_analysis() {
    let (_s, clean) = analyse("clean.csv", &[]);
    let speeders = flagged_rows(&clean, "speeder");
    assert!(!speeders.is_empty(), "the fixture has speeders");
    for name in EXPORTS {
        let (_s, json) = analyse(name, &[]);
        assert_same(&numbers_only(&clean), &numbers_only(&json), name);
        assert_eq!(
            group_sizes(&clean),
            group_sizes(&json),
            "{name}: segment groups"
        );
        if !name.starts_with("surveymonkey") {
            assert_eq!(flagged_rows(&json, "speeder"), speeders, "{name}");
        }
        // Nothing the format itself should have caused.
        let odd: Vec<&Value> = json["survey"]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| !["speeder", "encoding_assumed"].contains(&w["kind"].as_str().unwrap()))
            .collect();
        assert!(odd.is_empty(), "{name}: {odd:?}");
    }
}

#[test]
fn labels_come_from_the_export() {
    let expected = [
        "Website visit",
        "Phone call with the helpdesk",
        "Welcome letter",
    ];
    for name in ["qualtrics_numeric.csv", "spss.sav", "surveymonkey.csv"] {
        let (_s, json) = analyse(name, &[]);
        let labels: Vec<&str> = json["kpis"][0]["touchpoints"]
            .as_array()
            .unwrap()
            .iter()
            .take(3)
            .map(|t| t["label"].as_str().unwrap())
            .collect();
        assert_eq!(labels, expected, "{name}");
    }
    let (_s, json) = analyse("spss.sav", &[]);
    assert_eq!(json["kpis"][1]["label"], "Hoeveel moeite kostte het?");
}

#[test]
fn nothing_is_lost_on_any_format() {
    for name in std::iter::once(&"clean.csv").chain(EXPORTS) {
        let (scratch, json) = analyse(name, &[]);
        let survey = &json["survey"];
        let excluded: Vec<&Value> = survey["excluded"].as_array().unwrap().iter().collect();
        let count: u64 = excluded.iter().map(|e| e["count"].as_u64().unwrap()).sum();
        assert_eq!(
            survey["respondents_in"].as_u64().unwrap(),
            survey["respondents_analysed"].as_u64().unwrap() + count,
            "{name}"
        );
        assert_eq!(survey["respondents_in"], 150, "{name}");
        for e in &excluded {
            assert_eq!(e["count"], e["rows"].as_array().unwrap().len(), "{name}");
        }
        // excluded.csv lists the same rows by id, plus per-KPI exclusions.
        let csv = std::fs::read_to_string(scratch.out().join("excluded.csv")).unwrap();
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("row,id,reason,kpi"));
        let rows: Vec<Vec<String>> = lines
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect();
        let whole: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r.last().unwrap().is_empty())
            .collect();
        assert_eq!(whole.len() as u64, count, "{name}: {csv}");
        assert_eq!(whole[0][0], "121");
        assert_eq!(whole[0][1], "R121", "{name}: ids, not row numbers");
        let per_kpi: u64 = json["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|k| k["excluded"].as_array().unwrap())
            .map(|e| e["count"].as_u64().unwrap())
            .sum();
        assert_eq!((rows.len() - whole.len()) as u64, per_kpi, "{name}");
        assert_eq!(per_kpi, 3, "{name}: three blank NPS answers");
    }
}

#[test]
fn format_flag_overrides_detection() {
    // A Qualtrics export under a neutral name, read as Qualtrics.
    let scratch = Scratch::new();
    let copy = scratch.path("export.txt");
    std::fs::copy(root().join(export("qualtrics_numeric.csv")), &copy).unwrap();
    let config = config_of("qualtrics_numeric.csv");
    let out = scratch.out();
    let run = |format: &str| {
        cximpact(&[
            "analyze",
            copy.to_str().unwrap(),
            "--config",
            &config,
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
            "-q",
        ])
    };
    assert_ok(&run("qualtrics"));
    assert_eq!(impact_json(&out)["survey"]["respondents_in"], 150);
    // Read as plain CSV, the question text and ImportId rows are data.
    assert_ok(&run("csv"));
    assert_eq!(impact_json(&out)["survey"]["respondents_in"], 152);
    assert_error(&run("sav"), &["export.txt", "SPSS"]);
    assert_error(&run("pdf"), &["--format", "pdf", "qualtrics"]);
}

#[test]
fn inspect_suggests_a_config_that_analyses() {
    for name in [
        "clean.csv",
        "spss.sav",
        "qualtrics_numeric.csv",
        "dutch_excel.csv",
    ] {
        let scratch = Scratch::new();
        let config = scratch.path("suggested.toml");
        let survey = export(name);
        let out = cximpact(&[
            "inspect",
            &survey,
            "--write-config",
            config.to_str().unwrap(),
        ]);
        assert_ok(&out);
        let printed = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(printed.contains("Suggested config:"), "{printed}");
        let suggested = std::fs::read_to_string(&config).unwrap();
        assert_eq!(
            suggested.matches("[[touchpoint]]").count(),
            6,
            "{name}:\n{suggested}"
        );
        assert!(suggested.contains("kind = \"nps\""), "{name}:\n{suggested}");
        let run = cximpact(&[
            "analyze",
            &survey,
            "--config",
            config.to_str().unwrap(),
            "--out",
            scratch.out().to_str().unwrap(),
            "-q",
        ]);
        assert_ok(&run);
        // Refuses to overwrite.
        let again = cximpact(&[
            "inspect",
            &survey,
            "--write-config",
            config.to_str().unwrap(),
        ]);
        assert_error(&again, &["already exists"]);
    }
    let out = cximpact(&["inspect", &export("spss.sav")]);
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    for needle in [
        "SPSS data file",
        "150 data rows",
        "id = \"respid\"",
        "weight = \"gewicht\"",
        "columns = [\"regio\"]",
        "reverse = true",
    ] {
        assert!(printed.contains(needle), "{needle}:\n{printed}");
    }
}

/// Every file in the broken corpus: one clear error naming the file, or an
/// analysis with warnings; never a panic.
#[test]
fn broken_files_give_one_clear_error_or_warnings() {
    let expected: &[(&str, Option<&[&str]>)] = &[
        ("binary_garbage.csv", Some(&["not a text file"])),
        (
            "duplicate_header.csv",
            Some(&["\"tp_website\" appears more than once"]),
        ),
        ("empty.csv", Some(&["is empty"])),
        ("only_bom.csv", Some(&["is empty"])),
        ("header_only.csv", Some(&["no data rows"])),
        ("garbage.sav", Some(&["SPSS"])),
        ("not_really.sav", Some(&["SPSS"])),
        ("truncated.sav", Some(&["SPSS"])),
        ("garbage.xlsx", Some(&["Excel"])),
        ("truncated.xlsx", Some(&["Excel"])),
        // One stray cell far below and right of the data, in every sheet.
        (
            "far_cell.xlsx",
            Some(&["XFD1048576", "Delete the stray cells"]),
        ),
        (
            "far_cell_zz.xlsx",
            Some(&["ZZ500000", "Delete the stray cells"]),
        ),
        // The same in the formats calamine reads whole, and workbooks
        // whose own counts lie: refused before anything is built.
        ("far_cell.ods", Some(&["WQJ6003", "Delete the stray cells"])),
        ("far_cell.xls", Some(&["IV65536", "Delete the stray cells"])),
        ("lying_dimensions.xls", Some(&["damaged", "claims"])),
        (
            "lying_shared_strings.xlsx",
            Some(&["damaged", "claim 100000000000 strings"]),
        ),
        (
            "ragged_extra_fields.csv",
            Some(&["row 5 (line 6)", "15 fields", "header has 12"]),
        ),
        ("unterminated_quote.csv", Some(&["line 9", "never closed"])),
        ("invalid_utf8.csv", None),
        ("ragged_short_rows.csv", None),
        ("stray_quotes.csv", None),
        ("truncated.csv", None),
    ];
    let dir = root().join("tests/fixtures/broken");
    let mut listed: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    listed.sort();
    let mut names: Vec<String> = expected.iter().map(|(n, _)| n.to_string()).collect();
    names.sort();
    assert_eq!(listed, names, "every corpus file has an expectation");
    for (name, needles) in expected {
        let scratch = Scratch::new();
        let survey = format!("tests/fixtures/broken/{name}");
        let out = cximpact(&[
            "analyze",
            &survey,
            "--config",
            "tests/fixtures/exports/clean.toml",
            "--out",
            scratch.out().to_str().unwrap(),
            "-q",
        ]);
        match needles {
            Some(needles) => {
                let mut all = vec![survey.as_str()];
                all.extend_from_slice(needles);
                assert_error(&out, &all);
            }
            None => {
                assert_ok(&out);
                let json = impact_json(&scratch.out());
                assert!(
                    !json["survey"]["warnings"].as_array().unwrap().is_empty(),
                    "{name}: expected a warning"
                );
            }
        }
        let inspected = cximpact(&["inspect", &survey]);
        assert!(!stderr(&inspected).contains("panicked"), "{name}");
        // inspect may describe what analyze rejects (a header without
        // rows); when it fails, it is one message too.
        if !inspected.status.success() {
            assert_error(&inspected, &[survey.as_str()]);
        } else {
            assert!(needles.is_some() || !inspected.stdout.is_empty(), "{name}");
        }
    }
}

#[test]
fn short_rows_and_invalid_utf8_warnings_name_the_row() {
    let (scratch, json) = {
        let scratch = Scratch::new();
        let out = cximpact(&[
            "analyze",
            "tests/fixtures/broken/ragged_short_rows.csv",
            "--config",
            "tests/fixtures/exports/clean.toml",
            "--out",
            scratch.out().to_str().unwrap(),
            "-q",
        ]);
        assert_ok(&out);
        let json = impact_json(&scratch.out());
        (scratch, json)
    };
    drop(scratch);
    let ragged: Vec<&Value> = json["survey"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "ragged_row")
        .collect();
    assert_eq!(ragged.len(), 1);
    assert_eq!(ragged[0]["row"], 5);
    for key in ["kind", "file", "row", "column", "message"] {
        assert!(ragged[0].get(key).is_some(), "{key}");
    }
}

#[test]
fn an_enormous_field_is_read() {
    let scratch = Scratch::new();
    let clean = std::fs::read_to_string(root().join(export("clean.csv"))).unwrap();
    let mut text = String::new();
    for (i, line) in clean.lines().enumerate() {
        let extra = match i {
            0 => "comment".to_string(),
            3 => format!("\"{}\"", "x, \"y\"\n".replace('"', "\"\"").repeat(300_000)),
            _ => "ok".to_string(),
        };
        text.push_str(&format!("{line},{extra}\n"));
    }
    let survey = scratch.write("big.csv", &text);
    let out = cximpact(&[
        "analyze",
        survey.to_str().unwrap(),
        "--config",
        &root()
            .join("tests/fixtures/exports/clean.toml")
            .to_string_lossy(),
        "--out",
        scratch.out().to_str().unwrap(),
        "-q",
    ]);
    assert_ok(&out);
    assert_eq!(impact_json(&scratch.out())["survey"]["respondents_in"], 150);
}

/// `inspect --config X --write-config Y` keeps X's reading options (the
/// sheet above all), so `analyze` with Y reads the same data.
#[test]
fn a_suggested_config_keeps_the_reading_options_it_was_given() {
    let scratch = Scratch::new();
    let given = config_of("workbook.xlsx");
    let survey = export("workbook.xlsx");
    let config = scratch.path("suggested.toml");
    assert_ok(&cximpact(&[
        "inspect",
        &survey,
        "--config",
        &given,
        "--write-config",
        config.to_str().unwrap(),
    ]));
    let suggested = std::fs::read_to_string(&config).unwrap();
    assert!(suggested.contains("sheet = \"Responses\""), "{suggested}");
    let run = cximpact(&[
        "analyze",
        &survey,
        "--config",
        config.to_str().unwrap(),
        "--out",
        scratch.out().to_str().unwrap(),
        "-q",
        "--bootstrap",
        "0",
    ]);
    assert_ok(&run);
}
