//! The reader on hand-made results: the order of the numbers, empty
//! blocks, the weights' rescaling, and every way a result can fail to fit
//! the config.

use super::*;

/// One touchpoint on 1-3, one scale KPI on 1-3, a weight, one segment
/// column.
const CONFIG: &str = r#"
[survey]
id = "id"
weight = "w"
[[touchpoint]]
column = "tp"
scale = [1, 3]
[[kpi]]
column = "sat"
scale = [1, 3]
[segments]
columns = ["region"]
"#;

fn config() -> Config {
    Config::from_toml_str(CONFIG, "survey.toml").unwrap()
}

/// A set's sums: 4 rows (1 with an invalid weight), 3 analysed, summed
/// weight 6; the histogram's points 1, 2, 3; the question's raw vector has
/// 6 columns, its 21 cross-products numbered 100, 101, ...
fn sums(off_scale: usize, extra: &str) -> String {
    let mut n = vec!["4 1 0 0 3 6".to_string(), "2".into(), "6 4 9".into()];
    n.push(format!("1 1 2 1 1 0 {off_scale}"));
    n.push("3 2 1 3 0.5".into());
    n.extend((0..21).map(|k| (100 + k).to_string()));
    n.push(extra.to_string());
    n.join(" ").trim().to_string()
}

fn result(rows: &[(&str, &str, &str, String)], layout: &str) -> String {
    let mut text = "layout,set_column,set_value,block,sums,wave\n".to_string();
    for (column, value, block, sums) in rows {
        text.push_str(&format!("\"{layout}\",{column},{value},{block},{sums},\n"));
    }
    text
}

fn signature(blocks: usize) -> String {
    Layout::new(&config(), blocks).unwrap().signature()
}

#[test]
fn the_numbers_land_where_the_layout_says() {
    let text = result(
        &[
            ("", "", "1", sums(0, "")),
            ("region", "Noord", "-1", sums(0, "")),
        ],
        &signature(32),
    );
    let read = read_sums_text(&text, "sums.csv", &config()).unwrap();
    let whole = &read.whole;
    assert_eq!(
        (whole.rows_in, whole.invalid_weight, whole.analysed),
        (4, 1, 3)
    );
    assert_eq!(whole.kept_experienced, [2]);
    // 32 blocks, all but one empty; the weights rescaled to a mean of
    // one over the 3 kept rows (summed weight 6).
    assert_eq!(whole.desc.len(), 32);
    assert_eq!(whole.desc[0], [0.0; 3]);
    assert_eq!(whole.desc[1], [3.0, 2.0, 4.5]);
    // A point nobody gave (3: weight 1, count 0) is no level.
    assert_eq!(whole.histograms[0], [(1.0, 0.5, 1), (2.0, 1.0, 1)]);
    let m = &whole.questions[0][1];
    assert_eq!((m.n, m.n_experienced[0]), (3, 2));
    assert_eq!(
        (m.rating_min[0], m.rating_max[0], m.headroom[0]),
        (1.0, 3.0, 0.25)
    );
    // Row-major upper triangle of the 6 raw columns, halved by the rescale.
    assert_eq!(m.at(0, 0), 50.0);
    assert_eq!(m.at(0, 5), 52.5);
    assert_eq!(m.at(1, 1), 53.0);
    assert_eq!(m.at(5, 1), 55.0);
    assert_eq!(m.at(5, 5), 60.0);
    assert_eq!(whole.questions[0][0].n, 0);
    assert_eq!(read.segments.len(), 1);
    assert_eq!(read.segments[0].0, "region");
    assert_eq!(read.segments[0].1.as_deref(), Some("Noord"));
}

#[test]
fn an_empty_rating_range_reads_as_infinite() {
    let row = sums(0, "").replace("3 2 1 3 0.5", "3 0 1e+300 -1e+300 0");
    let text = result(&[("", "", "0", row)], &signature(32));
    let read = read_sums_text(&text, "sums.csv", &config()).unwrap();
    let m = &read.whole.questions[0][0];
    assert_eq!(m.rating_min[0], f64::INFINITY);
    assert_eq!(m.rating_max[0], f64::NEG_INFINITY);
}

fn error(text: &str, config_text: &str) -> String {
    let config = Config::from_toml_str(config_text, "survey.toml").unwrap();
    read_sums_text(text, "sums.csv", &config)
        .unwrap_err()
        .to_string()
}

#[test]
fn a_result_that_does_not_fit_the_config_says_what_differs() {
    let ok = |rows: &[(&str, &str, &str, String)]| result(rows, &signature(32));
    let cases: Vec<(String, String, &str)> = vec![
        (
            ok(&[("", "", "0", sums(0, ""))]),
            CONFIG.replace("scale = [1, 3]\n[[kpi]]", "scale = [1, 5]\n[[kpi]]"),
            "touchpoints differs: the sums have \"tp[1 3]\", the config has \"tp[1 5]\"",
        ),
        (
            ok(&[("", "", "0", sums(0, ""))]),
            CONFIG.replace("weight = \"w\"\n", ""),
            "weight differs: the sums have \"w\", the config has none",
        ),
        (
            ok(&[("", "", "0", sums(0, ""))]),
            CONFIG.replace("weight = \"w\"\n", "weight = \"w\"\nwave = \"year\"\n"),
            "wave differs: the sums have none, the config has \"year\"",
        ),
        (
            ok(&[("", "", "0", sums(0, "7"))]),
            CONFIG.into(),
            "line 2: sums holds 44 numbers; the config's layout needs 43",
        ),
        (
            ok(&[("", "", "32", sums(0, ""))]),
            CONFIG.into(),
            "line 2: block 32 is outside 0..32",
        ),
        (
            ok(&[("", "", "0", sums(0, "")), ("", "", "0", sums(0, ""))]),
            CONFIG.into(),
            "line 3: block 0 appears twice",
        ),
        (
            ok(&[("", "", "0", sums(0, "")), ("city", "x", "-1", sums(0, ""))]),
            CONFIG.into(),
            "set column \"city\" is not a segment column of the config (region)",
        ),
        (
            ok(&[("", "", "0", sums(2, ""))]),
            CONFIG.into(),
            "2 ratings of touchpoint \"tp\" are not whole points of its scale",
        ),
        (
            ok(&[("region", "x", "-1", sums(0, ""))]),
            CONFIG.into(),
            "no rows for the whole survey",
        ),
        (
            "layout,set_column,block,sums,wave\n".into(),
            CONFIG.into(),
            "no column \"set_value\"",
        ),
        (
            ok(&[("", "", "0", sums(0, "").replacen("4", "x", 1))]),
            CONFIG.into(),
            "\"x\" in sums is not a number",
        ),
        (
            result(&[("", "", "0", sums(0, ""))], "version=1"),
            CONFIG.into(),
            "names no block count",
        ),
        (
            result(&[("", "", "0", sums(0, ""))], "version=1;blocks=4"),
            CONFIG.into(),
            "the sums are in 4 blocks; the bootstrap needs at least 32",
        ),
    ];
    for (text, config, needle) in cases {
        let err = error(&text, &config);
        assert!(err.contains(needle), "{needle}\n{err}");
        assert!(err.starts_with("sums.csv"), "{err}");
    }
}

#[test]
fn a_file_that_is_neither_parquet_nor_text_is_named() {
    let path = std::env::temp_dir().join(format!("cximpact-sums-{}.bin", std::process::id()));
    std::fs::write(&path, [0xff, 0xfe, 0x00, 0x81]).unwrap();
    let err = read_sums(&path, &config()).unwrap_err().to_string();
    std::fs::remove_file(&path).unwrap();
    assert!(
        err.contains("neither Parquet nor UTF-8 text (CSV)"),
        "{err}"
    );
    let missing = read_sums(Path::new("/nonexistent/sums.csv"), &config()).unwrap_err();
    assert!(
        missing.to_string().starts_with("/nonexistent/sums.csv: "),
        "{missing}"
    );
}
