//! The workbook read back as Excel would: sheet names, numbers as
//! numbers with their formats, frozen headers, text that stays text.

use std::io::{Cursor, Read};

use calamine::{Data, Range, Reader, Xlsx};

use super::*;
use crate::fixture::fixture;
use crate::model::{Comparison, KpiComparison, KpiDifferences, TouchpointChange};

fn settings(lang: Lang) -> ReportSettings {
    ReportSettings {
        lang,
        ..Default::default()
    }
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("an xlsx file")
}

/// A sheet's XML as stored in the file.
fn sheet_xml(bytes: &[u8], sheet: usize) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{sheet}.xml"))
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The column of `header` in a sheet's first row.
fn col(range: &Range<Data>, header: &str) -> usize {
    let row: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect();
    row.iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header:?} in {row:?}"))
}

/// The fixture with a previous wave and a segment group with a model of
/// its own, so that every sheet is there.
fn full_fixture() -> Analysis {
    let mut a = fixture();
    let change = |j: usize| TouchpointChange {
        touchpoint: j,
        previous_touchpoint: j,
        satisfaction_change: Some(0.25),
        satisfaction_change_ci: Some([0.1, 0.4]),
        frequency_change: -0.02,
        frequency_change_ci: Some([-0.05, 0.01]),
        impact_change: 3.5,
        impact_change_ci: Some([-1.0, 8.0]),
        significant_change: Some(true),
    };
    a.comparison = Some(Comparison {
        previous_file: "wave1.csv".into(),
        previous: Box::new(fixture()),
        kpis: vec![KpiComparison {
            kpi: 0,
            previous_kpi: 0,
            nps_change: Some(4.0),
            nps_change_ci: Some([1.0, 7.0]),
            mean_change: 0.3,
            mean_change_ci: Some([0.1, 0.5]),
            touchpoints: vec![change(0), change(9)],
        }],
        touchpoints_only_current: vec![],
        touchpoints_only_previous: vec![],
        kpis_only_current: vec![],
        kpis_only_previous: vec![],
    });
    a.segment_models = vec![crate::model::SegmentAnalysis {
        column: "region".into(),
        column_label: "Region".into(),
        value: "N".into(),
        label: "North".into(),
        analysed: 900,
        min_size: 100,
        skipped: None,
        analysis: Some(Box::new(fixture())),
        differences: vec![KpiDifferences {
            kpi: 0,
            touchpoints: vec![None; a.touchpoints.len()],
        }],
    }];
    a
}

#[test]
fn every_sheet_is_there_named_in_the_report_language() {
    let a = full_fixture();
    let en = open(&render_workbook(&a, &settings(Lang::En)).unwrap());
    assert_eq!(
        en.sheet_names(),
        [
            "Summary",
            "Likelihood to recommend",
            "Customer effort",
            "Still a customer next year",
            "Segments",
            "Segment models",
            "Comparison",
            "Excluded rows",
            "Warnings"
        ]
    );
    let nl = open(&render_workbook(&a, &settings(Lang::Nl)).unwrap());
    let names = nl.sheet_names();
    for name in [
        "Samenvatting",
        "Segmenten",
        "Segmentmodellen",
        "Vergelijking",
        "Uitgesloten rijen",
        "Waarschuwingen",
    ] {
        assert!(names.contains(&name.to_string()), "{name} in {names:?}");
    }
    // Without a previous wave and segment models, those sheets are left out.
    let plain = open(&render_workbook(&fixture(), &settings(Lang::En)).unwrap());
    assert!(!plain.sheet_names().contains(&"Comparison".to_string()));
    assert!(!plain.sheet_names().contains(&"Segment models".to_string()));
}

#[test]
fn a_kpi_sheet_holds_the_analysis_numbers_as_numbers_with_formats() {
    let a = fixture();
    let t = texts(Lang::En);
    let bytes = render_workbook(&a, &settings(Lang::En)).unwrap();
    let mut wb = open(&bytes);
    let sheet = "Likelihood to recommend";
    let range = wb.worksheet_range(sheet).unwrap();
    let styles = wb.worksheet_style(sheet).unwrap();
    assert_eq!(range.height(), 1 + a.touchpoints.len());
    let (freq, mean, n) = (
        col(&range, t.th_frequency),
        col(&range, t.th_mean),
        col(&range, t.th_n),
    );
    let impact = col(&range, workbook_texts(Lang::En).impact);
    let m = place(&a, 0, &ReportSettings::default().crosshair);
    for (j, tp) in a.touchpoints.iter().enumerate() {
        let row = j + 1;
        assert_eq!(range.get((row, 0)), Some(&Data::String(tp.label.clone())));
        let d = &tp.descriptives;
        assert_eq!(range.get((row, freq)), Some(&Data::Float(d.frequency)));
        assert_eq!(
            range.get((row, n)),
            Some(&Data::Float(d.n_experienced as f64))
        );
        match d.satisfaction_mean {
            Some(v) => assert_eq!(range.get((row, mean)), Some(&Data::Float(v))),
            None => assert!(matches!(range.get((row, mean)), None | Some(Data::Empty))),
        }
        if let Some(p) = m.point(j) {
            assert_eq!(range.get((row, impact)), Some(&Data::Float(p.y / 100.0)));
        }
    }
    let format = |c: usize| {
        styles
            .get((1, c as u32))
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.clone())
    };
    assert_eq!(format(freq).as_deref(), Some("0.0%"));
    assert_eq!(format(impact).as_deref(), Some("+0.0%;-0.0%;0.0%"));
    assert_eq!(format(mean).as_deref(), Some("0.00"));
    // The header is frozen (with the touchpoint column) and filterable.
    let xml = sheet_xml(&bytes, 2);
    assert!(
        xml.contains(r#"<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>"#),
        "{}",
        &xml[..xml.len().min(1500)]
    );
    assert!(xml.contains("<autoFilter ref=\"A1:"), "autofilter");
    assert!(xml.contains("<col "), "column widths");
}

#[test]
fn the_summary_has_the_survey_kpis_and_ranked_actions() {
    let a = fixture();
    let mut wb = open(&render_workbook(&a, &settings(Lang::En)).unwrap());
    let range = wb.worksheet_range("Summary").unwrap();
    let cells: Vec<(String, Data)> = range
        .rows()
        .filter(|r| r.len() > 1)
        .map(|r| (r[0].to_string(), r[1].clone()))
        .collect();
    let value = |label: &str| cells.iter().find(|(l, _)| l == label).map(|c| c.1.clone());
    assert_eq!(
        value("Survey file"),
        Some(Data::String(a.source_file.clone()))
    );
    assert_eq!(value("Respondents analysed"), Some(Data::Float(1987.0)));
    assert!(matches!(value("Headline"), Some(Data::String(s)) if s.starts_with("NPS ")));
    // The KPI table: the NPS as a number.
    let header = range
        .rows()
        .position(|r| r[0] == Data::String("KPI".into()))
        .unwrap();
    let nps_col = range
        .rows()
        .nth(header)
        .unwrap()
        .iter()
        .position(|d| *d == Data::String("NPS".into()))
        .unwrap();
    assert_eq!(range.get((header + 1, nps_col)), Some(&Data::Float(12.4)));
    // Ranked actions, rank 1 first.
    let actions = range
        .rows()
        .position(|r| r[0] == Data::String("Rank".into()))
        .unwrap();
    assert_eq!(range.get((actions + 1, 0)), Some(&Data::Float(1.0)));
    assert_eq!(range.get((actions + 1, 1)), Some(&Data::Bool(true)));
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let mut a = fixture();
    a.touchpoints[0].label = "=HYPERLINK(\"http://x\")".into();
    a.touchpoints[1].label = "-5 days".into();
    let bytes = render_workbook(&a, &settings(Lang::En)).unwrap();
    let mut wb = open(&bytes);
    let range = wb.worksheet_range("Likelihood to recommend").unwrap();
    assert_eq!(
        range.get((1, 0)),
        Some(&Data::String("=HYPERLINK(\"http://x\")".into()))
    );
    assert_eq!(range.get((2, 0)), Some(&Data::String("-5 days".into())));
    for sheet in 1..=6 {
        assert!(
            !sheet_xml(&bytes, sheet).contains("<f>"),
            "sheet {sheet} has a formula"
        );
    }
}

#[test]
fn the_data_quality_and_comparison_sheets_carry_their_rows() {
    let a = full_fixture();
    let mut wb = open(&render_workbook(&a, &settings(Lang::Nl)).unwrap());
    let excluded = wb.worksheet_range("Uitgesloten rijen").unwrap();
    let total = crate::data::excluded_rows(&a).len();
    assert_eq!(excluded.height(), 1 + total);
    assert_eq!(excluded.get((1, 0)), Some(&Data::Float(5.0)));
    // Reasons in Dutch; the KPI by its label.
    let reasons: Vec<String> = excluded.rows().skip(1).map(|r| r[2].to_string()).collect();
    assert!(
        reasons
            .iter()
            .any(|r| r == "geen antwoord op Customer effort"),
        "{reasons:?}"
    );
    let warnings = wb.worksheet_range("Waarschuwingen").unwrap();
    assert_eq!(warnings.height(), 1 + a.warnings.len());
    let cmp = wb.worksheet_range("Vergelijking").unwrap();
    assert_eq!(cmp.height(), 3);
    assert_eq!(cmp.get((1, 2)), Some(&Data::Float(0.25)));
    let models = wb.worksheet_range("Segmentmodellen").unwrap();
    assert_eq!(models.height(), 1 + a.kpis.len() * a.touchpoints.len());
    assert_eq!(models.get((1, 1)), Some(&Data::String("North".into())));
}

#[test]
fn the_bytes_are_the_same_on_every_run() {
    let a = full_fixture();
    let s = settings(Lang::En);
    assert_eq!(
        render_workbook(&a, &s).unwrap(),
        render_workbook(&a, &s).unwrap()
    );
}

#[test]
fn kpi_labels_become_valid_distinct_sheet_names() {
    let mut a = fixture();
    a.kpis[0].label = "Q12 / NPS: how likely? [main]".into();
    a.kpis[1].label = "'Summary'".into();
    a.kpis[2].label = "A very long KPI label that Excel would refuse".into();
    let mut more = a.kpis[2].clone();
    more.label = "A very long KPI label that Excel would also refuse".into();
    a.kpis.push(more);
    let names = sheet_names(&a, workbook_texts(Lang::En));
    assert_eq!(
        names,
        [
            "Q12 NPS how likely main",
            "Summary (2)",
            "A very long KPI label that Exce",
            "A very long KPI label that (2)"
        ]
    );
    for n in &names {
        rust_xlsxwriter::utility::check_sheet_name(n).unwrap();
    }
}
