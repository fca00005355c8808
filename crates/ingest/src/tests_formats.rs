//! Tests of the formats and meanings added for real exports: the committed
//! fixture exports (read from memory), value maps, reverse coding, the
//! data-quality checks, inspect, and a property test that no input bytes
//! make ingest panic.

use proptest::prelude::*;

use crate::inspect::{inspect_table, Role};
use crate::source::{load_table_from_bytes, Container, Layout, LoadOptions, Select};
use crate::*;

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../../tests/fixtures/exports/", $name)) as &[u8],
        )
    };
}

const EXPORTS: &[(&str, &[u8])] = &[
    fixture!("clean.csv"),
    fixture!("dutch_excel.csv"),
    fixture!("tab_bom.tsv"),
    fixture!("qualtrics_numeric.csv"),
    fixture!("qualtrics_text.csv"),
    fixture!("surveymonkey.csv"),
    fixture!("workbook.xlsx"),
    fixture!("spss.sav"),
    fixture!("small.xls"),
    fixture!("small.ods"),
];

fn bytes_of(name: &str) -> &'static [u8] {
    EXPORTS.iter().find(|(n, _)| *n == name).unwrap().1
}

fn config(toml: &str) -> Config {
    Config::from_toml_str(toml, "test.toml").unwrap()
}

fn read(content: &str, toml: &str) -> Result<Survey, IngestError> {
    read_survey_from_bytes(content.as_bytes(), "survey.csv", &config(toml), None)
}

fn kinds(s: &Survey, kind: &str) -> Vec<Option<usize>> {
    s.warnings
        .iter()
        .filter(|w| w.kind.code() == kind)
        .map(|w| w.row)
        .collect()
}

#[test]
fn layouts_are_detected() {
    let opts = LoadOptions::default();
    let expect = [
        ("clean.csv", Container::Csv, Layout::Plain, "tp_website"),
        (
            "qualtrics_numeric.csv",
            Container::Csv,
            Layout::Qualtrics,
            "Q1_1",
        ),
        (
            "surveymonkey.csv",
            Container::Csv,
            Layout::SurveyMonkey,
            "Website visit",
        ),
        ("workbook.xlsx", Container::Excel, Layout::Plain, "About"),
        ("spss.sav", Container::Sav, Layout::Spss, "q1_1"),
    ];
    for (name, container, layout, column) in expect {
        let t = load_table_from_bytes(bytes_of(name), name, &opts, Select::All).unwrap();
        assert_eq!((t.container, t.layout), (container, layout), "{name}");
        assert!(
            t.columns.iter().any(|c| c == column),
            "{name}: {:?}",
            t.columns
        );
        if name != "workbook.xlsx" {
            assert_eq!(t.rows, 150, "{name}");
        }
    }
}

#[test]
fn qualtrics_question_text_is_the_default_label() {
    let t = load_table_from_bytes(
        bytes_of("qualtrics_text.csv"),
        "q.csv",
        &LoadOptions::default(),
        Select::All,
    )
    .unwrap();
    let i = t.columns.iter().position(|c| c == "Q1_2").unwrap();
    assert_eq!(t.labels[i].as_deref(), Some("Phone call with the helpdesk"));
    let i = t.columns.iter().position(|c| c == "Q2").unwrap();
    assert_eq!(
        t.labels[i].as_deref(),
        Some("How likely is it that you would recommend us to a friend or colleague?")
    );
}

#[test]
fn spss_labels_missing_values_and_codes() {
    let toml = "[survey]\nid = \"respid\"\n[[touchpoint]]\ncolumn = \"q1_2\"\nscale = [1, 5]\n[[kpi]]\ncolumn = \"q3\"\nscale = [1, 5]\n[segments]\ncolumns = [\"regio\"]\n";
    let s = read_survey_from_bytes(bytes_of("spss.sav"), "s.sav", &config(toml), None).unwrap();
    assert_eq!(s.format, "SPSS data file");
    assert_eq!(s.touchpoints[0].label, "Phone call with the helpdesk");
    // 99 is user-missing: not experienced, and no out-of-scale warning.
    assert!(s.touchpoints[0].values.iter().any(|v| v.is_none()));
    assert!(kinds(&s, "out_of_scale").is_empty(), "{:?}", s.warnings);
    // q3 = 0 is labelled "Niet van toepassing": no answer, not a warning.
    assert_eq!(s.kpis[0].values[120], None);
    assert_eq!(
        s.segments[0].values[0]
            .as_deref()
            .map(|v| ["Noord", "Zuid", "Fryslân"].contains(&v)),
        Some(true)
    );

    // With user_missing = "keep" the 99s are read as values; here their
    // label "Weet niet" still makes them "not experienced".
    let count_99 = |blank: bool| {
        let opts = LoadOptions {
            user_missing_blank: blank,
            ..LoadOptions::default()
        };
        let t = load_table_from_bytes(bytes_of("spss.sav"), "s.sav", &opts, Select::All).unwrap();
        let i = t.columns.iter().position(|c| c == "q1_2").unwrap();
        t.column_cells(i)
            .iter()
            .filter(|c| **c == Some("99"))
            .count()
    };
    assert_eq!(count_99(true), 0);
    assert!(count_99(false) > 10);
    let keep = toml.replace("[survey]\n", "[survey]\nuser_missing = \"keep\"\n");
    let s = read_survey_from_bytes(bytes_of("spss.sav"), "s.sav", &config(&keep), None).unwrap();
    assert!(kinds(&s, "out_of_scale").is_empty(), "{:?}", s.warnings);
    let without_labels = keep.replace("[survey]\n", "[survey]\nnot_experienced = [\"\"]\n");
    let s = read_survey_from_bytes(
        bytes_of("spss.sav"),
        "s.sav",
        &config(&without_labels),
        None,
    )
    .unwrap();
    assert!(!kinds(&s, "out_of_scale").is_empty());
}

#[test]
fn excel_sheet_is_chosen_by_name() {
    let toml =
        "[survey]\nsheet = \"responses\"\n[[touchpoint]]\ncolumn = \"tp_*\"\nscale = [1, 5]\n";
    let s =
        read_survey_from_bytes(bytes_of("workbook.xlsx"), "w.xlsx", &config(toml), None).unwrap();
    assert_eq!(s.respondents_in, 150);
    assert_eq!(s.touchpoints.len(), 6);
    let missing = "[survey]\nsheet = \"Data\"\n";
    let err = read_survey_from_bytes(bytes_of("workbook.xlsx"), "w.xlsx", &config(missing), None)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("sheet \"Data\" not found; the workbook has \"Info\", \"Responses\""),
        "{err}"
    );
}

#[test]
fn value_maps_survey_and_column() {
    let toml = "[survey.values]\n\"Zeer tevreden\" = 5\n\"Tevreden\" = 4\n[[touchpoint]]\ncolumn = \"a\"\nscale = [1, 5]\n[[touchpoint]]\ncolumn = \"b\"\nscale = [1, 5]\nvalues = { \"tevreden\" = 3, \"Prima\" = 2 }\n";
    let s = read(
        "a,b\nzeer tevreden,Tevreden\n TEVREDEN ,prima\nWeet niet,Zeer tevreden\nmeh,1\n",
        toml,
    )
    .unwrap();
    assert_eq!(s.touchpoints[0].values, [Some(5.0), Some(4.0), None, None]);
    // The column's map overrides the survey's for the same text.
    assert_eq!(
        s.touchpoints[1].values,
        [Some(3.0), Some(2.0), Some(5.0), Some(1.0)]
    );
    let w: Vec<&Warning> = s
        .warnings
        .iter()
        .filter(|w| w.kind.code() == "unrecognised_value")
        .collect();
    assert_eq!(w.len(), 1);
    assert!(
        w[0].kind.to_string().contains("values = { \"meh\" = ... }"),
        "{}",
        w[0].kind
    );
}

#[test]
fn anchored_choice_text_and_default_codes() {
    let toml = "[[kpi]]\ncolumn = \"nps\"\nkind = \"nps\"\n";
    let s = read(
        "nps\n0 - Not at all likely\n10 - Extremely likely\n7\n-99\nNot applicable\n",
        toml,
    )
    .unwrap();
    assert_eq!(
        s.kpis[0].values,
        [Some(0.0), Some(10.0), Some(7.0), None, None]
    );
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn reversed_touchpoint_is_mirrored() {
    let toml = "[[touchpoint]]\ncolumn = \"a\"\nscale = [1, 5]\nreverse = true\n";
    let s = read("a\n1\n2\n5\n\n", toml).unwrap();
    assert_eq!(s.touchpoints[0].values, [Some(5.0), Some(4.0), Some(1.0)]);
}

#[test]
fn exact_duplicate_rows_are_excluded_conflicting_ones_are_errors() {
    let toml = "[survey]\nid = \"id\"\n[[touchpoint]]\ncolumn = \"a\"\nscale = [1, 5]\n";
    let s = read("id,a\nx,1\ny,2\nx,1\nz,3\n", toml).unwrap();
    assert_eq!(s.kept_ids().collect::<Vec<_>>(), ["x", "y", "z"]);
    assert_eq!(
        s.excluded,
        [ExcludedRows {
            reason: ExclusionReason::Duplicate,
            rows: vec![3]
        }]
    );
    assert_eq!(kinds(&s, "duplicate_row"), [Some(3)]);
    assert_eq!(s.respondents_in, s.respondents_kept() + 1);
    assert_eq!(s.id_of_row(3), "x");
    let err = read("id,a\nx,1\ny,2\nx,4\n", toml).unwrap_err();
    assert!(
        matches!(
            err,
            IngestError::DuplicateId {
                first_row: 1,
                second_row: 3,
                ..
            }
        ),
        "{err:?}"
    );
}

fn rated(values: &[&str]) -> String {
    values.join(",")
}

#[test]
fn straight_liners_warn_and_can_be_excluded() {
    let head = "a,b,c,d,e,f\n";
    let rows = [
        rated(&["4", "4", "4", "4", "4", "4"]), // straight-liner
        rated(&["4", "4", "4", "4", "", ""]),   // only four rated
        rated(&["4", "5", "4", "4", "4", "4"]),
        rated(&["2", "2", "2", "2", "2", ""]), // five rated: straight-liner
    ];
    let data = format!("{head}{}\n", rows.join("\n"));
    let toml = "[[touchpoint]]\ncolumn = \"*\"\nscale = [1, 5]\n";
    let s = read(&data, toml).unwrap();
    assert_eq!(kinds(&s, "straight_liner"), [Some(1), Some(4)]);
    assert_eq!(s.respondents_kept(), 4);
    let excluding = format!("[survey]\nexclude = [\"straight_liners\"]\n{toml}");
    let s = read(&data, &excluding).unwrap();
    assert_eq!(s.rows, [2, 3]);
    assert_eq!(s.touchpoints[0].values.len(), 2);
    assert_eq!(
        s.excluded,
        [ExcludedRows {
            reason: ExclusionReason::StraightLiner,
            rows: vec![1, 4]
        }]
    );
    let strict = format!("[survey]\nstraight_liner_min = 4\n{toml}");
    assert_eq!(
        kinds(&read(&data, &strict).unwrap(), "straight_liner"),
        [Some(1), Some(2), Some(4)]
    );
}

#[test]
fn speeders_against_the_median_duration() {
    let data = "id,secs,a\n1,300,1\n2,310,2\n3,90,3\n4,1:40,4\n5,320,5\n6,,3\n";
    let toml = "[survey]\nid = \"id\"\nduration = \"secs\"\n[[touchpoint]]\ncolumn = \"a\"\nscale = [1, 5]\n";
    let s = read(data, toml).unwrap();
    // Median 300: under 100 seconds is a speeder; 1:40 is exactly 100.
    assert_eq!(kinds(&s, "speeder"), [Some(3)]);
    assert_eq!(s.respondents_kept(), 6);
    // The duration column is never a touchpoint, even under a glob.
    let glob = toml.replace("column = \"a\"", "column = \"*\"");
    assert_eq!(read(data, &glob).unwrap().touchpoints.len(), 1);
    let excluding = toml.replace(
        "duration = \"secs\"",
        "duration = \"secs\"\nexclude = [\"speeders\"]\nspeeder_fraction = 0.5",
    );
    let s = read(data, &excluding).unwrap();
    assert_eq!(kinds(&s, "speeder"), [Some(3), Some(4)]);
    assert_eq!(
        s.excluded,
        [ExcludedRows {
            reason: ExclusionReason::Speeder,
            rows: vec![3, 4]
        }]
    );
    assert_eq!(s.kept_ids().collect::<Vec<_>>(), ["1", "2", "5", "6"]);
}

#[test]
fn new_config_keys_are_validated() {
    let bad = [
        ("[survey]\nformat = \"pdf\"\n", "format \"pdf\""),
        ("[survey]\nencoding = \"klingon\"\n", "encoding"),
        ("[survey]\nuser_missing = \"maybe\"\n", "user_missing"),
        ("[survey]\nspeeder_fraction = 1.5\n", "speeder_fraction"),
        ("[survey]\nexclude = [\"slow\"]\n", "exclude \"slow\""),
        ("[survey]\nexclude = [\"speeders\"]\n", "needs duration"),
        ("[survey]\nstraight_liner_min = 1\n", "at least 2"),
    ];
    for (toml, needle) in bad {
        let err = Config::from_toml_str(toml, "c.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains(needle), "{toml:?}: {err}");
    }
}

#[test]
fn inspect_suggests_roles() {
    let t = load_table_from_bytes(
        bytes_of("clean.csv"),
        "clean.csv",
        &LoadOptions::default(),
        Select::All,
    )
    .unwrap();
    let found = inspect_table(&t, &Config::default());
    let role = |name: &str| {
        found
            .columns
            .iter()
            .find(|c| c.name == name)
            .unwrap()
            .role
            .clone()
    };
    assert_eq!(role("id"), Role::Id);
    assert_eq!(role("weight"), Role::Weight);
    assert_eq!(role("duration"), Role::Duration);
    assert_eq!(role("tp_app"), Role::Touchpoint);
    assert_eq!(role("region"), Role::Segment);
    assert_eq!(
        role("nps"),
        Role::Kpi {
            kind: KpiKind::Nps,
            reverse: false
        }
    );
    assert_eq!(
        role("ces"),
        Role::Kpi {
            kind: KpiKind::Scale,
            reverse: true
        }
    );
    let app = found.columns.iter().find(|c| c.name == "tp_app").unwrap();
    assert_eq!(app.scale, Some((1.0, 5.0)));
    assert!((app.blank_share - 0.5).abs() < 0.15, "{}", app.blank_share);
    // The suggestion is a valid config.
    let cfg = Config::from_toml_str(&found.suggested_config(), "suggested").unwrap();
    assert_eq!(cfg.touchpoints.len(), 6);

    // Choice text: a known answer scale becomes [survey.values].
    let t = load_table_from_bytes(
        bytes_of("qualtrics_text.csv"),
        "q.csv",
        &LoadOptions::default(),
        Select::All,
    )
    .unwrap();
    let found = inspect_table(&t, &Config::default());
    let cfg = Config::from_toml_str(&found.suggested_config(), "suggested").unwrap();
    assert_eq!(cfg.survey.values.get("Extremely satisfied"), Some(&5.0));
    assert_eq!(cfg.survey.id.as_deref(), Some("ResponseId"));
    assert!(found.render().contains("Qualtrics export (CSV)"));
}

/// Random bytes, and valid exports damaged at random: reading must end in
/// a survey or an error, never a panic, whatever the extension.
mod no_panic {
    use super::*;

    const NAMES: &[&str] = &["f.csv", "f.xlsx", "f.sav", "f.txt", "f.xls", "f.ods"];

    fn configs() -> Vec<Config> {
        vec![
            Config::default(),
            config("[survey]\nid = \"id\"\nduration = \"duration\"\n[[touchpoint]]\ncolumn = \"tp_*\"\n[[kpi]]\ncolumn = \"nps\"\nkind = \"nps\"\n"),
            config("[[touchpoint]]\ncolumn = \"*\"\n"),
        ]
    }

    fn try_all(bytes: &[u8]) {
        for name in NAMES {
            for c in configs() {
                let _ = read_survey_from_bytes(bytes, name, &c, None);
            }
        }
        let opts = LoadOptions::default();
        if let Ok(t) = load_table_from_bytes(bytes, "f.csv", &opts, Select::All) {
            let _ = inspect_table(&t, &Config::default()).suggested_config();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            try_all(&bytes);
        }

        #[test]
        fn random_text(text in "[a-z0-9,;\t\"\r\n .-]{0,400}") {
            try_all(text.as_bytes());
        }

        #[test]
        fn mutated_exports(
            which in 0..EXPORTS.len(),
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
            cut in proptest::option::of(any::<prop::sample::Index>()),
        ) {
            let (name, original) = EXPORTS[which];
            let mut bytes = original.to_vec();
            for (at, byte, op) in edits {
                if bytes.is_empty() { break; }
                let i = at.index(bytes.len());
                match op {
                    0 => bytes[i] = byte,
                    1 => bytes.insert(i, byte),
                    _ => { bytes.remove(i); }
                }
            }
            if let Some(cut) = cut {
                let len = cut.index(bytes.len() + 1);
                bytes.truncate(len);
            }
            let _ = read_survey_from_bytes(&bytes, name, &configs()[1], None);
            let _ = read_survey_from_bytes(&bytes, name, &Config::default(), None);
        }
    }
}

/// Hostile CSVs: a small weighted survey damaged by one of the things real
/// and malicious files do. Reading must end within seconds in a survey or
/// in an error that names the file, and the line where the error is about
/// the file's structure.
mod hostile {
    use super::*;

    const FILE: &str = "hostile.csv";

    const TOML: &str = "[survey]\nid = \"id\"\nweight = \"w\"\n[[touchpoint]]\ncolumn = \"tp_*\"\n[[kpi]]\ncolumn = \"nps\"\nkind = \"nps\"\n";

    /// A clean survey of `n` rows with line ends `end`.
    fn survey(n: usize, end: &str) -> String {
        let mut text = format!("id,w,tp_a,tp_b,nps{end}");
        for i in 0..n {
            text.push_str(&format!(
                "R{i},{},{},{},{}{end}",
                0.5 + (i % 4) as f64 / 4.0,
                1 + i % 5,
                1 + i % 3,
                i % 11
            ));
        }
        text
    }

    /// Odd things to write into a cell.
    const ODD: &[&str] = &[
        "1e308",
        "-1e308",
        "1e999",
        "NaN",
        "inf",
        "-0",
        "0",
        "99999999999999999999999",
        "1,5",
        "\"",
        "\"\"",
        "\u{0}",
        "\u{1b}[2J",
        "=cmd|' /C calc'!A0",
        "\u{feff}",
        "\r",
        " ",
    ];

    /// One damage of `kind` (0..10) at `at` (a fraction of the length).
    fn damage(mut bytes: Vec<u8>, kind: u8, at: f64, pick: usize) -> Vec<u8> {
        let i = ((bytes.len() as f64) * at) as usize;
        let i = i.min(bytes.len());
        match kind {
            0 => {
                if let Some(b) = bytes.get_mut(i) {
                    *b ^= 1 << (pick % 8);
                }
            }
            1 => bytes.truncate(i),
            2 => bytes.insert(i, b'"'),
            3 => bytes.insert(i, 0),
            4 => {
                let boms: [&[u8]; 3] = [b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"];
                bytes.splice(0..0, boms[pick % 3].iter().copied());
            }
            5 => {
                let huge = "x".repeat(200_000 + pick);
                bytes.splice(i..i, huge.bytes());
            }
            6 => {
                let odd = ODD[pick % ODD.len()];
                bytes.splice(i..i, odd.bytes());
            }
            7 => {
                // A wide header: thousands of columns nobody reads.
                let end = bytes
                    .iter()
                    .position(|&b| b == b'\n')
                    .unwrap_or(bytes.len());
                let wide: String = (0..5_000 + pick).map(|c| format!(",x{c}")).collect();
                bytes.splice(end..end, wide.bytes());
            }
            8 => {
                // An odd weight for row 1.
                let text = String::from_utf8_lossy(&bytes).replacen(
                    ",0.5,",
                    &format!(",{},", ODD[pick % ODD.len()]),
                    1,
                );
                bytes = text.into_bytes();
            }
            _ => {
                let text: Vec<u8> = String::from_utf8_lossy(&bytes)
                    .encode_utf16()
                    .flat_map(|u| {
                        if pick.is_multiple_of(2) {
                            u.to_le_bytes()
                        } else {
                            u.to_be_bytes()
                        }
                    })
                    .collect();
                bytes = text;
            }
        }
        bytes
    }

    fn check(bytes: &[u8]) {
        let started = std::time::Instant::now();
        let result = read_survey_from_bytes(bytes, FILE, &config(TOML), None);
        let took = started.elapsed();
        assert!(took.as_secs() < 5, "took {took:?}");
        if let Err(err) = result {
            let message = err.to_string();
            assert!(message.starts_with(FILE), "{message}");
            let about_a_line = matches!(
                err,
                IngestError::RaggedRow { .. }
                    | IngestError::UnterminatedQuote { .. }
                    | IngestError::NotUtf8 { .. }
                    | IngestError::NotText { .. }
            );
            if about_a_line {
                assert!(message.contains("line "), "{message}");
            }
            let about_a_row = matches!(
                err,
                IngestError::TextInNumericColumn { .. } | IngestError::ImplausibleWeight { .. }
            );
            if about_a_row {
                assert!(message.contains(", row "), "{message}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn damaged_surveys_end_in_a_survey_or_a_named_error(
            rows in 0usize..60,
            end in 0usize..3,
            damages in proptest::collection::vec((0u8..10, 0.0f64..1.0, 0usize..1000), 1..4),
        ) {
            let mut bytes = survey(rows, ["\n", "\r\n", "\r"][end]).into_bytes();
            for (kind, at, pick) in damages {
                bytes = damage(bytes, kind, at, pick);
            }
            check(&bytes);
        }
    }
}

/// A workbook of 12 KB whose data sheet has one stray cell at XFD1048576
/// (or ZZ500000): its grid would be billions of empty cells (the process
/// used to abort asking for 550 GB). It is refused at once, naming the
/// stray cell and what to do.
#[test]
fn a_stray_far_cell_is_refused_not_allocated() {
    let toml =
        "[survey]\nsheet = \"Responses\"\n[[touchpoint]]\ncolumn = \"tp_*\"\nscale = [1, 5]\n";
    for (bytes, cell) in [
        (
            &include_bytes!("../../../tests/fixtures/broken/far_cell.xlsx")[..],
            "XFD1048576",
        ),
        (
            &include_bytes!("../../../tests/fixtures/broken/far_cell_zz.xlsx")[..],
            "ZZ500000",
        ),
    ] {
        let started = std::time::Instant::now();
        let err = read_survey_from_bytes(bytes, "far.xlsx", &config(toml), None).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("far.xlsx"), "{text}");
        assert!(text.contains(cell), "{text}");
        assert!(text.contains("Delete the stray cells"), "{text}");
        assert!(started.elapsed().as_secs() < 10);
    }
}

#[test]
fn column_letters_and_cell_addresses() {
    use crate::source::{a1, column_letters};
    assert_eq!(column_letters(0), "A");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(701), "ZZ");
    assert_eq!(column_letters(16_383), "XFD");
    assert_eq!(a1((1_048_575, 16_383)), "XFD1048576");
}

/// A header of 20,000 columns the config does not use, over 6,000 rows
/// that end after four fields: storing every column's cells made this
/// 0.8 MB file take 3.4 GB and four minutes. Columns nobody reads keep no
/// cells; rows are still empty or repeated by all their columns.
#[test]
fn columns_the_config_does_not_use_cost_nothing() {
    let mut text = String::from("id,tp_a,tp_b,nps");
    for i in 0..20_000 {
        text.push_str(&format!(",x{i}"));
    }
    text.push('\n');
    for i in 0..6_000 {
        text.push_str(&format!("R{i},{},{},{}\n", 1 + i % 10, 1 + i % 7, i % 11));
    }
    let toml = "[survey]\nid = \"id\"\n[[touchpoint]]\ncolumn = \"tp_*\"\nscale = [1, 10]\n[[kpi]]\ncolumn = \"nps\"\nkind = \"nps\"\n";
    let started = std::time::Instant::now();
    let s = read_survey_from_bytes(text.as_bytes(), "wide.csv", &config(toml), None).unwrap();
    assert_eq!(s.respondents_kept(), 6_000);
    assert_eq!(s.touchpoints.len(), 2);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());

    let used = |header: &[String]| header.iter().map(|h| h == "nps").collect();
    let t = load_table_from_bytes(
        text.as_bytes(),
        "wide.csv",
        &LoadOptions::default(),
        Select::Columns(&used),
    )
    .unwrap();
    assert_eq!(t.columns.len(), 20_004);
    assert!(t.column(0).is_none() && t.column(4).is_none());
    assert_eq!(t.column_cells(3)[10], Some("10"));

    // A cell only in a column nobody reads still makes its row non-empty,
    // and still tells two rows with the same id apart.
    let text = "id,nps,note\nA,5,x\nB,,y\nA,5,z\n";
    let toml = "[survey]\nid = \"id\"\n[[touchpoint]]\ncolumn = \"nps\"\n";
    let err = read_survey_from_bytes(text.as_bytes(), "f.csv", &config(toml), None).unwrap_err();
    assert!(
        matches!(
            err,
            IngestError::DuplicateId {
                first_row: 1,
                second_row: 3,
                ..
            }
        ),
        "{err}"
    );
    let text = "id,nps,note\nA,5,x\nB,,y\nA,5,x\n";
    let s = read_survey_from_bytes(text.as_bytes(), "f.csv", &config(toml), None).unwrap();
    assert_eq!(s.rows, [1, 2]);
    assert!(s
        .excluded
        .iter()
        .all(|e| e.reason != ExclusionReason::EmptyRow));
}

/// Workbooks read whole by calamine when opened (.ods) or that make it
/// reserve room on the file's word (.xlsx shared strings): a file of a few
/// kilobytes must not make it build gigabytes.
mod workbook_cost {
    use std::io::Write;

    use super::*;

    /// A zip of `files` (name, content), stored.
    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, content) in files {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// An .ods of one sheet "Data" whose rows are `rows` (table-row XML).
    fn ods(rows: &str) -> Vec<u8> {
        let content = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
             xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body>\
             <office:spreadsheet><table:table table:name=\"Data\">{rows}</table:table>\
             </office:spreadsheet></office:body></office:document-content>"
        );
        let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest \
             xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\
             <manifest:file-entry manifest:full-path=\"/\" \
             manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
             </manifest:manifest>";
        zip_of(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", content.as_bytes()),
        ])
    }

    fn row(cells: &[&str]) -> String {
        let cells: String = cells
            .iter()
            .map(|c| match c.parse::<f64>() {
                Ok(_) => format!("<table:table-cell office:value-type=\"float\" office:value=\"{c}\"><text:p>{c}</text:p></table:table-cell>"),
                Err(_) => format!("<table:table-cell office:value-type=\"string\"><text:p>{c}</text:p></table:table-cell>"),
            })
            .collect();
        format!("<table:table-row>{cells}</table:table-row>")
    }

    const TOML: &str = "[survey]\nid = \"id\"\n[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 5]\n";

    fn read_ods(bytes: &[u8]) -> Result<Survey, IngestError> {
        read_survey_from_bytes(bytes, "s.ods", &config(TOML), None)
    }

    #[test]
    fn an_ods_survey_is_read_with_its_repeated_rows() {
        let rows = row(&["id", "tp_a"])
            + &row(&["A", "4"])
            + &row(&["B", "5"]).replace(
                "<table:table-row>",
                "<table:table-row table:number-rows-repeated=\"2\">",
            )
            + &row(&["C", "2"]);
        // The repeated row is two respondents with the same id and
        // answers: the copy is left out as an exact repeat.
        let s = read_ods(&ods(&rows)).unwrap();
        assert_eq!(s.kept_ids().collect::<Vec<_>>(), ["A", "B", "C"]);
        assert_eq!(s.touchpoints[0].values, [Some(4.0), Some(5.0), Some(2.0)]);
        assert_eq!(
            s.excluded,
            [ExcludedRows {
                reason: ExclusionReason::Duplicate,
                rows: vec![3]
            }]
        );
    }

    /// 6,000 empty rows and a cell in column 16,000: calamine would build
    /// 96 million cells (about 5 GB) from 2 KB.
    #[test]
    fn a_far_cell_in_an_ods_is_refused_before_calamine_builds_it() {
        let far = "<table:table-row table:number-rows-repeated=\"6000\"><table:table-cell/></table:table-row>\
                   <table:table-row><table:table-cell table:number-columns-repeated=\"15999\"/>\
                   <table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>";
        let rows = row(&["id", "tp_a"]) + &row(&["A", "4"]) + far;
        let started = std::time::Instant::now();
        let err = read_ods(&ods(&rows)).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("s.ods: "), "{message}");
        assert!(message.contains("sheet \"Data\""), "{message}");
        assert!(message.contains("WQJ6003"), "{message}");
        assert!(message.contains("Delete the stray cells"), "{message}");
        assert!(started.elapsed().as_secs() < 5);
    }

    /// Filled cells repeated across 16,384 columns and 1,000 rows: dense,
    /// but 16 million cells from one element.
    #[test]
    fn repeated_cells_beyond_the_limit_are_refused() {
        let rows = row(&["id", "tp_a"])
            + "<table:table-row table:number-rows-repeated=\"1000\"><table:table-cell \
               table:number-columns-repeated=\"16384\" office:value-type=\"float\" \
               office:value=\"1\"/></table:table-row>";
        let message = read_ods(&ods(&rows)).unwrap_err().to_string();
        assert!(message.contains("more than 10000000 cells"), "{message}");
        assert!(message.contains(".xlsx or CSV"), "{message}");
        // Four billion spaces in one answer.
        let rows = row(&["id", "tp_a"])
            + "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>a\
               <text:s text:c=\"4000000000\"/></text:p></table:table-cell></table:table-row>";
        let message = read_ods(&ods(&rows)).unwrap_err().to_string();
        assert!(message.contains("spaces"), "{message}");
    }

    /// An .xlsx whose shared strings claim 100 billion strings: calamine
    /// reserved room for them and the process aborted.
    #[test]
    fn shared_strings_that_claim_too_many_are_refused() {
        let original = bytes_of("workbook.xlsx");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(original)).unwrap();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
            files.push((entry.name().unwrap().to_string(), content));
        }
        let sst = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"100000000000\"><si><t>a</t></si></sst>";
        files.push(("xl/sharedStrings.xml".into(), sst.as_bytes().to_vec()));
        let files: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, c)| (n.as_str(), c.as_slice()))
            .collect();
        let lying = zip_of(&files);
        let err = read_survey_from_bytes(&lying, "w.xlsx", &Config::default(), None).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("w.xlsx: "), "{message}");
        assert!(message.contains("claim 100000000000 strings"), "{message}");
    }
}

/// .xls workbooks (written by xlwt): calamine reads every sheet when it
/// opens one, into a grid reserved as the DIMENSIONS record claims. A cell
/// at IV65536 made 5 KB take 1.5 GB; a record claiming 2^30 rows by 65,535
/// columns aborted the process. Both are refused before calamine opens
/// them; a small honest one is read.
#[test]
fn xls_workbooks_are_measured_before_they_are_opened() {
    let toml = "[survey]\nid = \"id\"\n[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 5]\n";
    let small = include_bytes!("../../../tests/fixtures/exports/small.xls");
    let s = read_survey_from_bytes(small, "s.xls", &config(toml), None).unwrap();
    assert_eq!(s.kept_ids().collect::<Vec<_>>(), ["A", "B", "C"]);
    assert_eq!(s.touchpoints[0].values, [Some(4.0), Some(5.0), Some(2.0)]);
    let far = include_bytes!("../../../tests/fixtures/broken/far_cell.xls");
    let message = read_survey_from_bytes(far, "far.xls", &config(toml), None)
        .unwrap_err()
        .to_string();
    assert!(message.starts_with("far.xls: "), "{message}");
    assert!(
        message.contains("IV65536") && message.contains("Delete the stray cells"),
        "{message}"
    );
    let lying = include_bytes!("../../../tests/fixtures/broken/lying_dimensions.xls");
    let message = read_survey_from_bytes(lying, "lying.xls", &config(toml), None)
        .unwrap_err()
        .to_string();
    assert!(message.starts_with("lying.xls: "), "{message}");
    assert!(
        message.contains("damaged") && message.contains("fills 8"),
        "{message}"
    );
}
