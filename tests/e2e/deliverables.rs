//! The deliverables a consultant hands on: `report.xlsx` beside the other
//! outputs, and the CSV outputs in Dutch Excel's dialect (`--csv-locale
//! nl`), for `analyze` and a batch's `summary.csv`, the default dialect
//! left as it was.

use std::path::Path;

use crate::util::*;

/// Analyses a small survey into `out` with `extra` flags.
fn analyse(scratch: &Scratch, out: &Path, extra: &[&str]) {
    let survey = scratch.write("survey.csv", &small_survey(150));
    let config = scratch.write("survey.toml", CONFIG);
    let mut args = vec![
        "analyze",
        survey.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--bootstrap",
        "0",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    assert_ok(&cximpact(&args));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn analyze_writes_the_dutch_csv_dialect_on_request() {
    let scratch = Scratch::new();
    let (standard, dutch) = (scratch.path("standard"), scratch.path("dutch"));
    analyse(&scratch, &standard, &[]);
    analyse(&scratch, &dutch, &["--csv-locale", "nl"]);

    let s = read(&standard.join("impact.csv"));
    let d = read(&dutch.join("impact.csv"));
    assert!(s.starts_with("kpi,kpi_label,kpi_n,kpi_r2,name,"), "{s}");
    let body = d.strip_prefix('\u{feff}').expect("UTF-8 byte order mark");
    assert!(body.starts_with("kpi;kpi_label;kpi_n;kpi_r2;name;"), "{d}");
    assert_eq!(s.lines().count(), body.lines().count());
    // Same records: decimal points became commas, commas semicolons.
    let first_s: Vec<&str> = s.lines().nth(1).unwrap().split(',').collect();
    let first_d: Vec<&str> = body.lines().nth(1).unwrap().split(';').collect();
    assert_eq!(first_s[3].replace('.', ","), first_d[3], "kpi_r2");
    assert!(first_d[3].contains(','), "{}", first_d[3]);
    assert!(!body.lines().nth(1).unwrap().contains('.'), "{body}");

    let excluded = read(&dutch.join("excluded.csv"));
    assert!(
        excluded.starts_with("\u{feff}row;id;reason;kpi\r\n"),
        "{excluded}"
    );
    // The default stays the machine contract.
    assert!(read(&standard.join("excluded.csv")).starts_with("row,id,reason,kpi\r\n"));
    // The workbook is there in both runs (an xlsx file is a zip archive),
    // the same bytes: the CSV dialect does not touch it.
    let xlsx = std::fs::read(dutch.join("report.xlsx")).expect("report.xlsx written");
    assert!(xlsx.starts_with(b"PK\x03\x04"), "a zip archive");
    assert_eq!(std::fs::read(standard.join("report.xlsx")).unwrap(), xlsx);
    // JSON is never localised.
    assert_eq!(
        read(&standard.join("impact.json")),
        read(&dutch.join("impact.json"))
    );
}

#[test]
fn a_batch_summary_follows_the_csv_locale_and_a_bad_locale_is_an_error() {
    let scratch = Scratch::new();
    let dir = scratch.path("surveys");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("north.csv"), small_survey(90)).unwrap();
    std::fs::write(dir.join("north.toml"), CONFIG).unwrap();
    let out = scratch.path("out");
    let run = cximpact(&[
        "batch",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--bootstrap",
        "0",
        "--csv-locale",
        "nl",
        "-q",
    ]);
    assert_ok(&run);
    let summary = read(&out.join("summary.csv"));
    assert!(
        summary.starts_with("\u{feff}survey;kpi;kpi_label;"),
        "{summary}"
    );
    assert!(read(&out.join("north/impact.csv")).starts_with('\u{feff}'));

    let bad = cximpact(&[
        "batch",
        dir.to_str().unwrap(),
        "--out",
        scratch.path("bad").to_str().unwrap(),
        "--csv-locale",
        "de",
    ]);
    assert_error(&bad, &["--csv-locale", "\"de\""]);
}

/// Width and height from a PNG's header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[1..4], b"PNG");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn every_chart_gets_a_png_of_the_asked_size_unless_none_is_asked() {
    let scratch = Scratch::new();
    let survey = scratch.write("survey.csv", &small_survey(80));
    let run = |out: &std::path::Path, extra: &[&str]| {
        let mut args = vec![
            "analyze",
            survey.to_str().unwrap(),
            "--touchpoints",
            "tp_*",
            "--kpi",
            "nps",
            "--bootstrap",
            "0",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        assert_ok(&cximpact(&args));
    };
    let charts = ["matrix-nps", "importance-nps", "journey"];
    let slide = scratch.path("slide");
    run(&slide, &[]);
    for chart in charts {
        assert_eq!(
            png_size(&std::fs::read(slide.join(format!("{chart}.png"))).unwrap()),
            (1920, 1080),
            "{chart}"
        );
    }
    let small = scratch.path("small");
    run(&small, &["--png-size", "800x600"]);
    for chart in charts {
        assert_eq!(
            png_size(&std::fs::read(small.join(format!("{chart}.png"))).unwrap()),
            (800, 600),
            "{chart}"
        );
    }
    // --no-png on the same folder removes the earlier pictures.
    run(&small, &["--no-png"]);
    for chart in charts {
        assert!(!small.join(format!("{chart}.png")).exists(), "{chart}");
        assert!(small.join(format!("{chart}.svg")).is_file(), "{chart}");
    }
    let bad = cximpact(&[
        "analyze",
        survey.to_str().unwrap(),
        "--touchpoints",
        "tp_*",
        "--kpi",
        "nps",
        "--png-size",
        "2x2",
    ]);
    assert_error(&bad, &["--png-size", "between 100 and 8000"]);
}
