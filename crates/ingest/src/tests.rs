//! End-to-end tests of config parsing and survey reading on small CSVs
//! written to temporary directories, so the real file handling (BOM, CRLF,
//! separators) is exercised, not just the parsing helpers.

use std::path::PathBuf;

use tempfile::TempDir;

use crate::*;

fn write(dir: &TempDir, name: &str, content: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn config(toml: &str) -> Config {
    Config::from_toml_str(toml, "test.toml").unwrap()
}

fn read(content: &str, toml: &str) -> Result<Survey, IngestError> {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "survey.csv", content);
    read_survey(&path, &config(toml))
}

fn warnings_of<'a>(survey: &'a Survey, kind: &str) -> Vec<&'a Warning> {
    survey
        .warnings
        .iter()
        .filter(|w| w.kind.code() == kind)
        .collect()
}

#[test]
fn comma_separated_basic() {
    let toml = "[survey]\nid = \"id\"\n[[touchpoint]]\ncolumn = \"tp_a\"\nlabel = \"Website\"\nphase = \"Orientation\"\nscale = [1, 10]\n[[kpi]]\ncolumn = \"nps\"\nkind = \"nps\"\n[segments]\ncolumns = [\"region\"]\n";
    let s = read(
        "id,tp_a,nps,region\nr1,8,9,North\nr2,,10,\nr3,10,0,South\n",
        toml,
    )
    .unwrap();
    assert_eq!(s.respondents_in, 3);
    assert_eq!(s.respondents_kept(), 3);
    assert_eq!(s.kept_ids().collect::<Vec<_>>(), ["r1", "r2", "r3"]);
    assert_eq!(s.rows, [1, 2, 3]);
    assert!(s.weights.is_none());
    let tp = &s.touchpoints[0];
    assert_eq!(tp.label, "Website");
    assert_eq!(tp.phase.as_deref(), Some("Orientation"));
    assert_eq!(tp.scale, (1.0, 10.0));
    assert_eq!(tp.top_box_from, 9.0);
    assert_eq!(tp.values, [Some(8.0), None, Some(10.0)]);
    let nps = &s.kpis[0];
    assert_eq!(nps.kind, KpiKind::Nps);
    assert_eq!(nps.scale, (0.0, 10.0));
    assert_eq!(nps.label, "nps");
    assert_eq!(nps.values, [Some(9.0), Some(10.0), Some(0.0)]);
    assert_eq!(
        s.segments[0].values,
        [Some("North".to_string()), None, Some("South".to_string())]
    );
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn semicolon_and_decimal_comma_are_detected() {
    let toml =
        "[survey]\nweight = \"weight\"\n[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 10]\n";
    let s = read("tp_a;weight\n7,5;1,25\n8;0,75\n", toml).unwrap();
    assert_eq!(s.touchpoints[0].values, [Some(7.5), Some(8.0)]);
    assert_eq!(s.weights, Some(vec![1.25, 0.75]));
    // Without an id column the ids are the row numbers.
    assert_eq!(s.kept_ids().collect::<Vec<_>>(), ["1", "2"]);
}

#[test]
fn semicolon_with_decimal_point_stays_point() {
    let toml = "[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 10]\n";
    let s = read("tp_a;tp_b\n7.5;x\n8.25;y\n", toml).unwrap();
    assert_eq!(s.touchpoints[0].values, [Some(7.5), Some(8.25)]);
}

#[test]
fn configured_decimal_comma_with_tab_separator() {
    let toml = "[survey]\nseparator = \"\\t\"\ndecimal = \",\"\n[[touchpoint]]\ncolumn = \"tp a\"\nscale = [1, 5]\n";
    let s = read("tp a\tother\n4,5\t1,2\n3\t\n", toml).unwrap();
    assert_eq!(s.touchpoints[0].column, "tp a");
    assert_eq!(s.touchpoints[0].values, [Some(4.5), Some(3.0)]);
}

#[test]
fn bom_and_crlf_are_handled() {
    let toml = "[survey]\nid = \"id\"\n[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 5]\n[segments]\ncolumns = [\"region\"]\n";
    let s = read(
        "\u{FEFF}id,tp_a,region\r\n1,4,North\r\n2,\"5\",\"South\"\r\n",
        toml,
    )
    .unwrap();
    assert_eq!(s.kept_ids().collect::<Vec<_>>(), ["1", "2"]);
    assert_eq!(s.touchpoints[0].values, [Some(4.0), Some(5.0)]);
    // No '\r' left on the last column, quoted or not.
    assert_eq!(
        s.segments[0].values,
        [Some("North".to_string()), Some("South".to_string())]
    );
}

#[test]
fn quoted_fields_with_separator_and_newline_count_as_one_row() {
    let toml = "[survey]\nid = \"id\"\n[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 5]\n";
    let s = read(
        "id,comment,tp_a\n1,\"good, fast\",4\n2,\"two\nlines\",9\n3,ok,5\n",
        toml,
    )
    .unwrap();
    assert_eq!(s.touchpoints[0].values, [Some(4.0), None, Some(5.0)]);
    let out = warnings_of(&s, "out_of_scale");
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].row, Some(2), "a quoted newline must not shift rows");
}

#[test]
fn configured_codes_replace_defaults_and_column_codes_add() {
    let toml = "[survey]\nnot_experienced = [\"n.v.t.\", \"99\"]\n[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 10]\nnot_experienced = [\"0\"]\n[[touchpoint]]\ncolumn = \"tp_b\"\nscale = [0, 10]\n";
    let s = read(
        "id,tp_a,tp_b\n1,N.V.T.,0\n2, 99 ,99\n3,,\n4,0,n.v.t.\n5,weet niet,5\n",
        toml,
    )
    .unwrap();
    assert_eq!(s.touchpoints[0].values, [None, None, None, None, None]);
    // "0" is only a code for tp_a; for tp_b it is a valid 0.
    assert_eq!(
        s.touchpoints[1].values,
        [Some(0.0), None, None, None, Some(5.0)]
    );
    // "weet niet" is a default code, but the configured list replaces them.
    let unrec = warnings_of(&s, "unrecognised_value");
    assert_eq!(unrec.len(), 1);
    assert_eq!(unrec[0].row, Some(5));
    assert_eq!(unrec[0].column.as_deref(), Some("tp_a"));
    assert!(unrec[0].kind.to_string().contains("\"weet niet\""));
}

#[test]
fn default_codes_are_case_insensitive() {
    let toml = "[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 5]\n";
    let s = read("tp_a\nN/A\nWeet Niet\n-\nDon't know\n3\n", toml).unwrap();
    assert_eq!(s.touchpoints[0].values, [None, None, None, None, Some(3.0)]);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn out_of_scale_warns_with_row_and_column() {
    let toml = "[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 10]\n[[touchpoint]]\ncolumn = \"tp_b\"\nscale = [1, 10]\n";
    let s = read("tp_a,tp_b\n5,6\n7,8\n9,12\n", toml).unwrap();
    assert_eq!(s.touchpoints[1].values, [Some(6.0), Some(8.0), None]);
    let w = warnings_of(&s, "out_of_scale");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].row, Some(3));
    assert_eq!(w[0].column.as_deref(), Some("tp_b"));
    assert!(w[0].file.ends_with("survey.csv"));
    assert!(w[0].kind.to_string().contains("\"12\"") && w[0].kind.to_string().contains("1-10"));
    let shown = w[0].to_string();
    assert!(
        shown.contains("survey.csv, row 3, column \"tp_b\": value \"12\""),
        "{shown}"
    );
}

#[test]
fn text_in_a_cell_is_a_warning() {
    let toml = "[[touchpoint]]\ncolumn = \"tp_app\"\nscale = [1, 5]\n";
    let s = read("tp_app\n4\nabc\n5\n3\n", toml).unwrap();
    assert_eq!(
        s.touchpoints[0].values,
        [Some(4.0), None, Some(5.0), Some(3.0)]
    );
    let w = warnings_of(&s, "unrecognised_value");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].row, Some(2));
    assert_eq!(w[0].column.as_deref(), Some("tp_app"));
    assert!(w[0].kind.to_string().contains("\"abc\" is not a number"));
}

#[test]
fn inf_and_nan_are_not_numbers() {
    let toml = "[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 5]\n";
    let s = read("tp_a\ninf\nNaN\n3\n4\n", toml).unwrap();
    assert_eq!(s.touchpoints[0].values, [None, None, Some(3.0), Some(4.0)]);
    assert_eq!(warnings_of(&s, "unrecognised_value").len(), 2);
}

#[test]
fn mostly_text_column_is_an_error() {
    let toml = "[[touchpoint]]\ncolumn = \"tp_app\"\nscale = [1, 5]\n";
    let err = read("tp_app\n4\nNorth\nSouth\nEast\nWest\nNorth\n", toml).unwrap_err();
    match &err {
        IngestError::TextInNumericColumn {
            column,
            row,
            value,
            bad,
            total,
            ..
        } => {
            assert_eq!(column, "tp_app");
            assert_eq!(*row, 2);
            assert_eq!(value, "North");
            assert_eq!((*bad, *total), (5, 6));
        }
        other => panic!("unexpected {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("survey.csv, row 2, column \"tp_app\": value \"North\" is not a number"));
    assert!(msg.contains("text in numeric column"));
}

#[test]
fn four_text_cells_are_only_warnings() {
    // Below the minimum of 5 text cells a column is not rejected, even when
    // text is the majority.
    let toml = "[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 5]\n";
    let s = read("tp_a\na\nb\nc\nd\n3\n", toml).unwrap();
    assert_eq!(warnings_of(&s, "unrecognised_value").len(), 4);
}

#[test]
fn missing_column_suggests_closest_names() {
    let toml = "[[touchpoint]]\ncolumn = \"tp_clam_filed\"\n";
    let err = read("id,tp_claim_filed,tp_app\n1,2,3\n", toml).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("survey.csv"), "{msg}");
    assert!(
        msg.contains("column \"tp_clam_filed\" not found; did you mean \"tp_claim_filed\"?"),
        "{msg}"
    );
    match err {
        IngestError::MissingColumn { suggestions, .. } => {
            assert_eq!(suggestions, ["tp_claim_filed"])
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn missing_kpi_and_segment_columns_are_errors() {
    let err = read("tp_a,nps\n1,2\n", "[[kpi]]\ncolumn = \"NPS\"\n").unwrap_err();
    assert!(
        err.to_string()
            .contains("\"NPS\" not found; did you mean \"nps\"?"),
        "{err}"
    );
    let err = read("tp_a,nps\n1,2\n", "[segments]\ncolumns = [\"regio\"]\n").unwrap_err();
    assert!(matches!(err, IngestError::MissingColumn { ref column, .. } if column == "regio"));
}

#[test]
fn duplicate_id_names_both_rows() {
    let toml = "[survey]\nid = \"respondent_id\"\n";
    let err = read("respondent_id,tp_a\n7,1\n8,2\n9,3\n8,4\n", toml).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("column \"respondent_id\": id \"8\" appears in row 2 and row 4"),
        "{msg}"
    );
}

#[test]
fn blank_id_gets_row_name_and_warning() {
    let toml = "[survey]\nid = \"id\"\n";
    let s = read("id,tp_a\na,1\n ,2\nc,3\n", toml).unwrap();
    assert_eq!(s.kept_ids().collect::<Vec<_>>(), ["a", "row 2", "c"]);
    let w = warnings_of(&s, "missing_id");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].row, Some(2));
}

#[test]
fn invalid_and_zero_weights_exclude_rows() {
    let toml = "[survey]\nid = \"id\"\nweight = \"w\"\n[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 5]\n";
    let s = read(
        "id,w,tp_a\na,1,1\nb,,2\nc,abc,3\nd,-1,4\ne,0,5\nf,2,5\n",
        toml,
    )
    .unwrap();
    assert_eq!(s.respondents_in, 6);
    assert_eq!(s.respondents_kept(), 2);
    assert_eq!(s.rows, [1, 6]);
    assert_eq!(s.kept_ids().collect::<Vec<_>>(), ["a", "f"]);
    // Weights 1 and 2, rescaled to mean 1.
    assert_eq!(s.weights, Some(vec![2.0 / 3.0, 4.0 / 3.0]));
    assert_eq!(s.weight_column.as_deref(), Some("w"));
    assert_eq!(s.touchpoints[0].values, [Some(1.0), Some(5.0)]);
    assert_eq!(
        s.excluded,
        [
            ExcludedRows {
                reason: ExclusionReason::InvalidWeight,
                rows: vec![2, 3, 4]
            },
            ExcludedRows {
                reason: ExclusionReason::ZeroWeight,
                rows: vec![5]
            },
        ]
    );
    let w = warnings_of(&s, "invalid_weight");
    assert_eq!(
        w.iter().map(|w| w.row).collect::<Vec<_>>(),
        [Some(2), Some(3), Some(4)]
    );
    assert!(w[1].kind.to_string().contains("\"abc\""));
}

/// A survey of 40 rows with weights near 1 and `odd` as the weight of
/// data row 6.
fn weighted(odd: &str) -> String {
    let mut text = String::from("id,w,tp_a\n");
    for i in 1..=40 {
        let w = if i == 6 {
            odd.to_string()
        } else {
            format!("{}", 0.8 + 0.01 * i as f64)
        };
        text.push_str(&format!("r{i},{w},{}\n", 1 + i % 5));
    }
    text
}

const WEIGHTED: &str =
    "[survey]\nid = \"id\"\nweight = \"w\"\n[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 5]\n";

/// One weight far beyond what any weighting scheme gives is an error
/// naming the row, the column and how many times the median it is.
#[test]
fn an_implausible_weight_is_an_error_naming_row_column_and_ratio() {
    for (odd, ratio) in [
        ("1e14", "9.9e13 times"),
        ("1e308", "9.9e307 times"),
        ("5000", "4926 times"),
    ] {
        let err = read(&weighted(odd), WEIGHTED).unwrap_err();
        let message = err.to_string();
        assert!(
            matches!(err, IngestError::ImplausibleWeight { row: 6, .. }),
            "{message}"
        );
        assert!(
            message.contains("survey.csv, row 6, column \"w\": weight "),
            "{message}"
        );
        assert!(message.contains(ratio), "{odd}: {message}");
        assert!(message.contains("median weight (1.015)"), "{message}");
    }
    // Too large for a float at all.
    let err = read(&weighted("1e999"), WEIGHTED).unwrap_err();
    assert!(
        err.to_string()
            .contains("weight 1e999 is too large to compare with"),
        "{err}"
    );
    // Up to 1,000 times the median is read, rescaled to mean 1.
    let s = read(&weighted("1000"), WEIGHTED).unwrap();
    let w = s.weights.unwrap();
    assert!((w.iter().sum::<f64>() / w.len() as f64 - 1.0).abs() < 1e-12);
    assert!((w[5] / w[0] - 1000.0 / 0.81).abs() < 1e-9, "{w:?}");
    // Huge equal weights (their sum too large for a float) are read too.
    let huge: String = weighted("1e307")
        .lines()
        .map(|l| {
            let mut c: Vec<&str> = l.split(',').collect();
            if c[0] != "id" {
                c[1] = "1e307";
            }
            c.join(",") + "\n"
        })
        .collect();
    let s = read(&huge, WEIGHTED).unwrap();
    assert!(s.weights.unwrap().iter().all(|w| (w - 1.0).abs() < 1e-12));
}

/// No usable weight at all says the weights are the problem.
#[test]
fn no_usable_weight_is_an_error_about_the_weights() {
    let all = |w: &str| {
        weighted(w)
            .lines()
            .map(|l| {
                let mut c: Vec<&str> = l.split(',').collect();
                if c[0] != "id" {
                    c[1] = w;
                }
                c.join(",")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (w, says) in [
        (
            "0",
            "no row has a usable weight (a number above zero): 40 rows with a weight of zero;",
        ),
        (
            "abc",
            "40 rows blank, negative or not a number (row 1: \"abc\")",
        ),
        (
            "",
            "40 rows blank, negative or not a number (row 1 is blank)",
        ),
    ] {
        let err = read(&all(w), WEIGHTED).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("survey.csv, column \"w\": "), "{message}");
        assert!(message.contains(says), "{message}");
    }
}

#[test]
fn glob_expands_in_file_order_and_skips_explicit_columns() {
    let toml = "[survey]\nid = \"tp_id\"\n[[touchpoint]]\ncolumn = \"tp_*\"\nphase = \"All\"\nscale = [1, 5]\n[[touchpoint]]\ncolumn = \"tp_c\"\nlabel = \"Claim\"\nscale = [1, 5]\n";
    let s = read("tp_id,tp_b,x,tp_a,tp_c\n1,1,2,3,4\n", toml).unwrap();
    let columns: Vec<&str> = s.touchpoints.iter().map(|t| t.column.as_str()).collect();
    // tp_id is the id column and tp_c is configured on its own.
    assert_eq!(columns, ["tp_b", "tp_a", "tp_c"]);
    assert_eq!(s.touchpoints[0].label, "tp_b");
    assert_eq!(s.touchpoints[0].phase.as_deref(), Some("All"));
    assert_eq!(s.touchpoints[2].label, "Claim");
    assert_eq!(s.touchpoints[1].values, [Some(3.0)]);
}

/// `controllable` and `note` reach every column a touchpoint entry names,
/// globs included; the note is trimmed.
#[test]
fn controllable_and_note_reach_the_survey() {
    let toml = "[[touchpoint]]\ncolumn = \"tp_*\"\ncontrollable = false\nnote = \" Sent by law. \"\nscale = [1, 5]\n[[touchpoint]]\ncolumn = \"web\"\nscale = [1, 5]\n";
    let s = read("tp_a,tp_b,web\n1,2,3\n", toml).unwrap();
    let seen: Vec<(&str, bool, Option<&str>)> = s
        .touchpoints
        .iter()
        .map(|t| (t.column.as_str(), t.controllable, t.note.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            ("tp_a", false, Some("Sent by law.")),
            ("tp_b", false, Some("Sent by law.")),
            ("web", true, None)
        ]
    );
}

#[test]
fn glob_matching_nothing_is_an_error() {
    let err = read("a,b\n1,2\n", "[[touchpoint]]\ncolumn = \"tp_*\"\n").unwrap_err();
    assert!(matches!(err, IngestError::NoGlobMatch { ref pattern, .. } if pattern == "tp_*"));
    assert!(err.to_string().contains("no column matches \"tp_*\""));
}

#[test]
fn glob_with_one_label_for_many_columns_is_an_error() {
    let toml = "[[touchpoint]]\ncolumn = \"tp_*\"\nlabel = \"Same\"\n";
    let err = read("tp_a,tp_b\n1,2\n", toml).unwrap_err();
    assert!(matches!(err, IngestError::Config { .. }), "{err:?}");
    assert!(err.to_string().contains("matches 2 columns"));
}

#[test]
fn binary_kpi_maps_answers() {
    let toml = "[[kpi]]\ncolumn = \"stay\"\nkind = \"binary\"\n";
    let s = read(
        "id,stay\n1,Ja\n2,nee\n3,YES\n4,0\n5,maybe\n6,\n7,n.v.t.\n8,1\n",
        toml,
    )
    .unwrap();
    let kpi = &s.kpis[0];
    assert_eq!(kpi.scale, (0.0, 1.0));
    assert_eq!(
        kpi.values,
        [
            Some(1.0),
            Some(0.0),
            Some(1.0),
            Some(0.0),
            None,
            None,
            None,
            Some(1.0)
        ]
    );
    let w = warnings_of(&s, "unrecognised_value");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].row, Some(5));
    assert!(w[0].kind.to_string().contains("\"maybe\""));
}

#[test]
fn binary_kpi_with_configured_answers() {
    let toml = "[[kpi]]\ncolumn = \"cust\"\nkind = \"binary\"\npositive = [\"Klant\"]\nnegative = [\"geen klant\"]\n";
    let s = read("cust\nklant\nGeen klant\nja\nnee\n", toml).unwrap();
    // "ja" is no longer positive once positives are configured.
    assert_eq!(s.kpis[0].values, [Some(1.0), Some(0.0), None, Some(0.0)]);
    assert_eq!(warnings_of(&s, "unrecognised_value")[0].row, Some(3));
}

#[test]
fn mostly_unrecognised_binary_is_an_error() {
    let toml = "[[kpi]]\ncolumn = \"stay\"\nkind = \"binary\"\n";
    let err = read("stay\nja\na\nb\nc\nd\ne\n", toml).unwrap_err();
    assert!(
        matches!(err, IngestError::UnrecognisedBinary { row: 2, ref value, .. } if value == "a"),
        "{err:?}"
    );
}

#[test]
fn scale_is_detected_with_a_warning() {
    let cases = [
        ("1\n2\n5\n", (1.0, 5.0)),
        ("0\n3\n10\n", (0.0, 10.0)),
        ("1\n6\n7\n", (1.0, 7.0)),
        ("2\n8\n", (1.0, 10.0)),
        ("10\n60\n100\n", (10.0, 100.0)),
    ];
    for (data, expected) in cases {
        let s = read(
            &format!("tp_a\n{data}"),
            "[[touchpoint]]\ncolumn = \"tp_a\"\n",
        )
        .unwrap();
        assert_eq!(s.touchpoints[0].scale, expected, "data {data:?}");
        assert_eq!(s.touchpoints[0].top_box_from, expected.1 - 1.0);
        let w = warnings_of(&s, "scale_assumed");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].row, None);
        assert!(
            w[0].kind
                .to_string()
                .contains(&format!("assumed {}-{}", expected.0, expected.1)),
            "{}",
            w[0].kind
        );
    }
}

#[test]
fn detected_scale_hints_at_unconfigured_code() {
    let toml = "[[touchpoint]]\ncolumn = \"tp_a\"\n";
    let s = read("tp_a\n1\n5\n99\n", toml).unwrap();
    assert_eq!(s.touchpoints[0].scale, (1.0, 99.0));
    assert!(warnings_of(&s, "scale_assumed")[0]
        .kind
        .to_string()
        .contains("if 99 means \"did not experience\""));
}

#[test]
fn scale_kpi_detection_and_reverse() {
    let toml = "[[kpi]]\ncolumn = \"ces\"\nreverse = true\n";
    let s = read("ces\n1\n3\n5\n", toml).unwrap();
    let kpi = &s.kpis[0];
    assert_eq!(kpi.kind, KpiKind::Scale);
    assert!(kpi.reverse);
    assert_eq!(kpi.scale, (1.0, 5.0));
    // Values are stored as given, not reversed.
    assert_eq!(kpi.values, [Some(1.0), Some(3.0), Some(5.0)]);
}

#[test]
fn top_box_outside_detected_scale_is_an_error() {
    let toml = "[[touchpoint]]\ncolumn = \"tp_a\"\ntop_box = 9\n";
    let err = read("tp_a\n1\n5\n", toml).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("test.toml: touchpoint \"tp_a\": top_box 9"),
        "{err}"
    );
}

#[test]
fn warnings_are_ordered_by_row_with_column_warnings_first() {
    let toml = "[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 5]\n[[touchpoint]]\ncolumn = \"tp_b\"\nscale = [1, 5]\n[[touchpoint]]\ncolumn = \"tp_c\"\n";
    let s = read("tp_a,tp_b,tp_c\n1,x,2\n9,2,3\ny,8,4\n", toml).unwrap();
    let order: Vec<(Option<usize>, &str, &str)> = s
        .warnings
        .iter()
        .map(|w| (w.row, w.column.as_deref().unwrap_or(""), w.kind.code()))
        .collect();
    assert_eq!(
        order,
        [
            (None, "tp_c", "scale_assumed"),
            (Some(1), "tp_b", "unrecognised_value"),
            (Some(2), "tp_a", "out_of_scale"),
            (Some(3), "tp_a", "unrecognised_value"),
            (Some(3), "tp_b", "out_of_scale"),
        ]
    );
}

#[test]
fn duplicate_header_is_an_error() {
    let err = read("id,tp_a,tp_a\n1,2,3\n", "").unwrap_err();
    assert!(
        err.to_string()
            .contains("column \"tp_a\" appears more than once in the header (columns 2 and 3)"),
        "{err}"
    );
}

#[test]
fn empty_and_header_only_files_are_errors() {
    let err = read("", "").unwrap_err();
    assert!(matches!(err, IngestError::EmptyFile { .. }));
    assert!(err
        .to_string()
        .ends_with("is empty: expected a header line with column names"));
    let err = read("\u{FEFF}id,tp_a\r\n", "").unwrap_err();
    assert!(matches!(err, IngestError::NoData { .. }), "{err:?}");
    assert!(err.to_string().contains("has a header but no data rows"));
}

#[test]
fn not_utf8_falls_back_to_windows_1252_with_a_warning() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("latin1.csv");
    std::fs::write(&path, b"id,tp_a,regio\n1,2,Noord\n2,3,Frysl\xE2n\n").unwrap();
    let toml = "[survey]\nid = \"id\"\n[segments]\ncolumns = [\"regio\"]\n";
    let s = read_survey(&path, &config(toml)).unwrap();
    assert_eq!(s.segments[0].values[1].as_deref(), Some("Fryslân"));
    let w = warnings_of(&s, "encoding_assumed");
    assert_eq!(w.len(), 1);
    assert!(w[0].kind.to_string().contains("line 3"), "{}", w[0].kind);

    // Declared UTF-8 is strict: the error names the line.
    let strict =
        format!("{toml}encoding = \"utf-8\"\n").replace("[segments]\ncolumns = [\"regio\"]\n", "");
    let err = read_survey(&path, &config(&strict)).unwrap_err();
    assert!(
        matches!(err, IngestError::NotUtf8 { line: 3, .. }),
        "{err:?}"
    );
    // Declared Windows-1252: no warning.
    let declared = strict.replace("utf-8", "windows-1252");
    let s = read_survey(&path, &config(&declared)).unwrap();
    assert!(warnings_of(&s, "encoding_assumed").is_empty());
}

#[test]
fn row_with_extra_fields_is_an_error_naming_it() {
    let err = read("a,b\n1,2\n1,2,3,4\n", "").unwrap_err();
    assert!(
        matches!(
            err,
            IngestError::RaggedRow {
                row: 2,
                line: 3,
                fields: 4,
                expected: 2,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("row 2 (line 3)"), "{err}");
    // Blank extra fields (trailing separators) are harmless.
    let s = read("a,b\n1,2,,\n3,4\n", "").unwrap();
    assert_eq!(s.respondents_in, 2);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

/// Line numbers are counted as an editor shows them, whatever ends the
/// lines: LF, CRLF or a lone CR (old Mac exports), and a quoted answer
/// spanning lines counts its lines.
#[test]
fn line_numbers_count_every_kind_of_line_end() {
    let toml = "[[touchpoint]]\ncolumn = \"b\"\nscale = [1, 5]\n";
    for end in ["\n", "\r\n", "\r"] {
        // Data row 3 is on line 4 and has a field too many.
        let text = ["a,b", "1,2", "3,4", "5,6,7", "8,9"].join(end) + end;
        let err = read(&text, toml).unwrap_err();
        assert!(
            matches!(
                err,
                IngestError::RaggedRow {
                    row: 3,
                    line: 4,
                    ..
                }
            ),
            "{end:?}: {err:?}"
        );
        // A quoted answer over two lines: data row 3 starts on line 5.
        let text = ["a,b", "1,2", "\"x", "y\",4", "5,6,7"].join(end) + end;
        let err = read(&text, toml).unwrap_err();
        assert!(
            matches!(
                err,
                IngestError::RaggedRow {
                    row: 3,
                    line: 5,
                    ..
                }
            ),
            "{end:?}: {err:?}"
        );
        // Warnings name data rows (the header not counted), here row 2.
        let text = ["a,b", "1,2", "3,12", "4,5"].join(end) + end;
        let s = read(&text, toml).unwrap();
        assert_eq!(s.respondents_in, 3, "{end:?}");
        assert_eq!(warnings_of(&s, "out_of_scale")[0].row, Some(2), "{end:?}");
        // An encoding problem names its line.
        let bytes = ["a,b", "1,2", "3,4", "5,caf\u{e9}"]
            .join(end)
            .replace('\u{e9}', "\u{1}")
            .into_bytes()
            .into_iter()
            .map(|b| if b == 1 { 0xE9 } else { b })
            .collect::<Vec<u8>>();
        let s = read_survey_from_bytes(&bytes, "f.csv", &config(""), None).unwrap();
        let w = warnings_of(&s, "encoding_assumed");
        assert!(
            w[0].kind.to_string().contains("line 4"),
            "{end:?}: {}",
            w[0]
        );
    }
}

#[test]
fn short_row_is_a_warning_naming_it() {
    let toml = "[[touchpoint]]\ncolumn = \"b\"\nscale = [1, 5]\n";
    let s = read("a,b\n1,2\n3\n4,5\n", toml).unwrap();
    assert_eq!(s.touchpoints[0].values, [Some(2.0), None, Some(5.0)]);
    let w = warnings_of(&s, "ragged_row");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].row, Some(2));
}

#[test]
fn unterminated_quote_is_an_error_naming_the_line() {
    let err = read("a,b\n1,2\n3,\"four\n5,6\n", "").unwrap_err();
    assert!(
        matches!(err, IngestError::UnterminatedQuote { line: 3, .. }),
        "{err:?}"
    );
}

#[test]
fn missing_file_is_an_io_error() {
    let err = read_survey(
        std::path::Path::new("/nonexistent/x.csv"),
        &Config::default(),
    )
    .unwrap_err();
    assert!(err
        .to_string()
        .starts_with("/nonexistent/x.csv: cannot read"));
}

#[test]
fn read_header_detects_separator_and_trims() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "h.csv", "\u{FEFF}\"id\"; tp_a ;\"a;b\"\n1;2;3\n");
    assert_eq!(
        read_header(&path, &Config::default()).unwrap(),
        ["id", "tp_a", "a;b"]
    );
}

#[test]
fn config_full_example_parses() {
    let c = config(
        r#"
[survey]
id = "respondent_id"
weight = "weight"
separator = ";"
decimal = ","
not_experienced = ["", "n.v.t.", "99"]
[[touchpoint]]
column = "tp_claim_filed"
label = "Filing a claim"
phase = "Claims"
scale = [1, 10]
top_box = 9
not_experienced = ["0"]
[[kpi]]
column = "nps"
label = "Likelihood to recommend"
kind = "nps"
scale = [0, 10]
reverse = false
[[kpi]]
column = "stay"
kind = "binary"
positive = ["yes", "ja"]
[segments]
columns = ["customer_type", "region"]
[analysis]
min_not_experienced = 20
small_base = 25
[report]
title = "Insurance 2025"
lang = "nl"
"#,
    );
    assert_eq!(c.origin, "test.toml");
    assert_eq!(c.separator(), Some(b';'));
    assert_eq!(c.decimal_comma(), Some(true));
    assert_eq!(c.touchpoints[0].scale, Some([1.0, 10.0]));
    assert_eq!(c.touchpoints[0].top_box, Some(9.0));
    assert_eq!(c.kpis[1].kind, KpiKind::Binary);
    assert_eq!(c.analysis.min_not_experienced, Some(20));
    assert_eq!(c.analysis.small_base, Some(25));
    assert_eq!(c.analysis.exact_limit, None);
    assert_eq!(c.report.title.as_deref(), Some("Insurance 2025"));
    assert_eq!(c.report.lang(), "nl");
    let codes = c.not_experienced_codes();
    assert!(codes.contains("99") && codes.contains("") && !codes.contains("nvt"));
}

#[test]
fn config_defaults() {
    let c = config("[[touchpoint]]\ncolumn = \"a\"\n[[kpi]]\ncolumn = \"b\"\n");
    // Unset thresholds are left to the analysis's defaults.
    assert_eq!(c.analysis.min_not_experienced, None);
    assert_eq!(c.analysis.small_base, None);
    assert_eq!(c.report.lang(), "en");
    assert_eq!(c.kpis[0].kind, KpiKind::Scale);
    assert_eq!(c.separator(), None);
    assert_eq!(c.decimal_comma(), None);
    let codes = c.not_experienced_codes();
    for code in DEFAULT_NOT_EXPERIENCED_FOR_TEST {
        assert!(codes.contains(*code), "{code}");
    }
}

const DEFAULT_NOT_EXPERIENCED_FOR_TEST: &[&str] = &[
    "",
    "-99",
    "not applicable",
    "n.v.t.",
    "nvt",
    "n/a",
    "na",
    "weet niet",
    "don't know",
    "dont know",
    "-",
];

#[test]
fn config_unknown_key_is_an_error_naming_file_key_and_line() {
    let err = Config::from_toml_str(
        "[[touchpoint]]\ncolumn = \"a\"\nlabl = \"A\"\n",
        "survey.toml",
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("survey.toml: "), "{msg}");
    assert!(msg.contains("unknown field `labl`"), "{msg}");
    assert!(msg.contains("line 3"), "{msg}");
}

#[test]
fn config_rejects_bad_values() {
    let bad = [
        ("[survey]\nseparator = \"|\"\n", "separator"),
        ("[survey]\ndecimal = \"'\"\n", "decimal"),
        ("[report]\nlang = \"de\"\n", "lang"),
        (
            "[[touchpoint]]\ncolumn = \"a\"\nscale = [10, 1]\n",
            "lowest < highest",
        ),
        (
            "[[touchpoint]]\ncolumn = \"a\"\nscale = [1, 5]\ntop_box = 6\n",
            "top_box 6",
        ),
        (
            "[[touchpoint]]\ncolumn = \"a\"\n[[touchpoint]]\ncolumn = \"a\"\n",
            "listed twice",
        ),
        (
            "[[kpi]]\ncolumn = \"a\"\nkind = \"likert\"\n",
            "unknown variant `likert`",
        ),
        (
            "[[kpi]]\ncolumn = \"a\"\npositive = [\"x\"]\n",
            "only apply to kind = \"binary\"",
        ),
        (
            "[[kpi]]\ncolumn = \"a\"\nkind = \"binary\"\nscale = [1, 5]\n",
            "binary KPI",
        ),
        ("[[touchpoint]]\nlabel = \"x\"\n", "missing field `column`"),
    ];
    for (toml, expected) in bad {
        let err = Config::from_toml_str(toml, "c.toml").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("c.toml: "), "{msg}");
        assert!(msg.contains(expected), "{toml:?} gave {msg}");
    }
}

#[test]
fn config_from_file_names_the_file() {
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "cx.toml", "[survey\n");
    let err = Config::from_file(&path).unwrap_err();
    assert!(
        err.to_string().starts_with(&path.display().to_string()),
        "{err}"
    );
    let err = Config::from_file(&dir.path().join("nope.toml")).unwrap_err();
    assert!(matches!(err, IngestError::Io { .. }));
}

#[test]
fn from_patterns_builds_touchpoints_and_kpis() {
    let c = Config::from_patterns(
        &["tp_*".to_string(), "extra".to_string()],
        &[
            "nps".to_string(),
            "Recommend_score".to_string(),
            "aanbeveling".to_string(),
            "ces".to_string(),
        ],
    );
    assert_eq!(c.origin, "command line");
    assert_eq!(c.touchpoints.len(), 2);
    assert_eq!(c.touchpoints[0].column, "tp_*");
    let kinds: Vec<KpiKind> = c.kpis.iter().map(|k| k.kind).collect();
    assert_eq!(
        kinds,
        [KpiKind::Nps, KpiKind::Nps, KpiKind::Nps, KpiKind::Scale]
    );
    assert_eq!(c.analysis.small_base, None);

    // And it reads a file end to end.
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "s.csv", "tp_a,tp_b,nps,extra\n1,2,9,3\n");
    let c = Config::from_patterns(&["tp_*".to_string()], &["nps".to_string()]);
    let s = read_survey(&path, &c).unwrap();
    assert_eq!(s.touchpoints.len(), 2);
    assert_eq!(s.kpis[0].scale, (0.0, 10.0));
}

#[test]
fn empty_rows_are_excluded_and_trailing_ones_dropped() {
    let toml = "[survey]\nweight = \"w\"\n[[touchpoint]]\ncolumn = \"tp_a\"\nscale = [1, 5]\n";
    // Row 2 is an empty line, row 3 an Excel ";;"-style line; the trailing
    // blank lines are padding and not rows at all.
    let s = read("tp_a,b,w\n1,2,1\n\n,,\n3,9,1\n\n\n,,\n", toml).unwrap();
    assert_eq!(s.respondents_in, 4);
    assert_eq!(s.rows, [1, 4]);
    assert_eq!(s.touchpoints[0].values, [Some(1.0), Some(3.0)]);
    assert_eq!(
        s.excluded,
        [ExcludedRows {
            reason: ExclusionReason::EmptyRow,
            rows: vec![2, 3]
        }]
    );
    // Empty rows are not reported as invalid weights.
    assert!(warnings_of(&s, "invalid_weight").is_empty());

    let err = read("tp_a,b,w\n\n,,\n", toml).unwrap_err();
    assert!(matches!(err, IngestError::NoData { .. }), "{err:?}");
}
