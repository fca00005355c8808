//! `--pdf`: the report printed on A4 by a headless Chromium, checked with
//! poppler's `pdfinfo` and `pdftotext` (page size, page numbers and title
//! in the footer, no near-empty last page), and the run without a browser
//! (a warning, every other output written, exit 0).
//!
//! The printing test needs Chromium and poppler-utils. CI installs both
//! and sets `CXIMPACT_REQUIRE_PDF=1`, which makes their absence a failure;
//! elsewhere the test says it skipped the print and checks the rest.

use std::path::Path;
use std::process::Command;

use crate::util::*;

/// `cximpact analyze` of the sample into `out` with `--pdf`, the browser
/// variable set to `browser` when given.
fn analyze_pdf(out: &Path, browser: Option<&str>, extra: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cximpact"));
    cmd.args([
        "analyze",
        "sample-surveys/insurance.csv",
        "--config",
        "sample-surveys/insurance.toml",
        "--out",
        out.to_str().unwrap(),
        "--bootstrap",
        "0",
        "--no-png",
        "--pdf",
    ])
    .args(extra)
    .current_dir(root());
    if let Some(b) = browser {
        cmd.env("CXIMPACT_BROWSER", b);
    }
    cmd.output().expect("the binary runs")
}

/// What a poppler tool prints on standard output for `pdf` (then `after`),
/// `None` when the tool is missing.
fn poppler(tool: &str, before: &[&str], pdf: &Path, after: &[&str]) -> Option<String> {
    let out = Command::new(tool)
        .args(before)
        .arg(pdf)
        .args(after)
        .output()
        .ok()?;
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn required() -> bool {
    std::env::var_os("CXIMPACT_REQUIRE_PDF").is_some_and(|v| v == "1")
}

#[test]
fn without_a_browser_the_pdf_is_a_warning_and_the_rest_is_written() {
    let scratch = Scratch::new();
    let out = scratch.out();
    let run = analyze_pdf(&out, Some("/nonexistent/chromium"), &[]);
    assert_ok(&run);
    let err = stderr(&run);
    assert!(
        err.contains("warning:") && err.contains("no Chromium or Chrome found"),
        "{err}"
    );
    assert!(
        err.contains("CXIMPACT_BROWSER"),
        "says how to name one: {err}"
    );
    assert!(out.join("report.html").is_file() && out.join("report.xlsx").is_file());
    assert!(!out.join("report.pdf").exists());
}

#[test]
fn the_report_prints_on_a4_with_page_numbers_and_the_title() {
    let scratch = Scratch::new();
    for lang in ["en", "nl"] {
        let out = scratch.path(lang);
        let run = analyze_pdf(&out, None, &["--lang", lang]);
        assert_ok(&run);
        let pdf = out.join("report.pdf");
        if !pdf.is_file() {
            assert!(
                !required(),
                "CXIMPACT_REQUIRE_PDF=1 but no report.pdf: {}",
                stderr(&run)
            );
            eprintln!("skipped the PDF print check: {}", stderr(&run));
            return;
        }
        let Some(info) = poppler("pdfinfo", &[], &pdf, &[]) else {
            assert!(!required(), "CXIMPACT_REQUIRE_PDF=1 but pdfinfo is missing");
            eprintln!("skipped the PDF page checks: pdfinfo (poppler-utils) is missing");
            return;
        };
        assert!(info.contains("(A4)"), "not A4:\n{info}");
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("pdfinfo gives the page count");
        assert!(pages >= 5, "{pages} pages");
        let text = poppler("pdftotext", &["-layout"], &pdf, &["-"]).expect("pdftotext");
        let page_texts: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert_eq!(page_texts.len(), pages, "every page has text");
        let title = if lang == "en" {
            "Insurer touchpoint survey (sample)"
        } else {
            "Klantreisonderzoek verzekeraar (voorbeeld)"
        };
        for (i, page) in page_texts.iter().enumerate() {
            let footer = format!("{} / {pages}", i + 1);
            assert!(page.contains(&footer), "page {} lacks {footer:?}", i + 1);
            assert!(
                page.contains(title),
                "page {} lacks the title in its footer",
                i + 1
            );
        }
        // The last page carries a section's end, not only the closing
        // line and the footer (some 15 words).
        let last = page_texts[pages - 1];
        let words = last.split_whitespace().count();
        assert!(words >= 30, "near-empty last page ({words} words):\n{last}");
    }
}
