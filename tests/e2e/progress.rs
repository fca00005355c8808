//! Progress on standard error: bars and spinners belong on a terminal
//! only. A pipe (a script, a log, these tests) gets the plain summary
//! lines and no control characters; `-q` silences a terminal too.
//!
//! The terminal is a pseudo-terminal from util-linux's `script`, which
//! every Debian system has (bsdutils is essential).

use std::path::Path;
use std::process::Command;

use crate::util::*;

/// The words and characters of the progress display.
const PROGRESS: [&str; 6] = [
    "Reading",
    "Fitting models",
    "Bootstrap:",
    "Writing the report",
    "\r",
    "\u{1b}",
];

fn small(scratch: &Scratch) -> (std::path::PathBuf, std::path::PathBuf) {
    let survey = scratch.write("survey.csv", &small_survey(300));
    let config = scratch.write("survey.toml", CONFIG);
    (survey, config)
}

#[test]
fn a_pipe_sees_the_summary_and_no_progress() {
    let scratch = Scratch::new();
    let (survey, config) = small(&scratch);
    let out = analyze_files(
        &survey,
        &config,
        &scratch.out(),
        &["--bootstrap", "20", "--no-png"],
    );
    assert_ok(&out);
    let err = stderr(&out);
    assert!(
        err.contains("survey:   ") && err.contains("wrote:    "),
        "{err}"
    );
    for word in PROGRESS {
        assert!(!err.contains(word), "{word:?} on a pipe:\n{err}");
    }
    let quiet = analyze_files(
        &survey,
        &config,
        &scratch.out(),
        &["--bootstrap", "20", "--no-png", "-q"],
    );
    assert_ok(&quiet);
    assert_eq!(stderr(&quiet), "");
}

/// `cximpact analyze` on a pseudo-terminal: what the terminal received.
fn on_a_terminal(survey: &Path, config: &Path, out: &Path, extra: &str) -> String {
    let command = format!(
        "{} analyze {} --config {} --out {} --bootstrap 200 --no-png {extra}",
        env!("CARGO_BIN_EXE_cximpact"),
        survey.display(),
        config.display(),
        out.display()
    );
    let run = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .output()
        .expect("util-linux's script runs (package bsdutils)");
    assert!(run.status.success(), "{run:?}");
    String::from_utf8_lossy(&run.stdout).into_owned()
}

/// The display redraws at most 20 times a second, so a stage of a few
/// milliseconds may never be drawn; the run (200 replicates) lasts long
/// enough for some to be.
#[test]
fn a_terminal_sees_the_stages_unless_quiet() {
    let scratch = Scratch::new();
    let (survey, config) = small(&scratch);
    let shown = on_a_terminal(&survey, &config, &scratch.out(), "");
    let stages = [
        "Reading survey.csv",
        "Fitting models",
        "Bootstrap: 200 replicates",
        "Segment groups",
        "Writing the report",
    ];
    assert!(
        stages.iter().any(|s| shown.contains(s)),
        "no stage shown:\n{shown:?}"
    );
    // The line is cleared before the summary, and nothing follows it.
    let summary = shown.find("config:   ").expect("the summary");
    assert!(shown[..summary].ends_with("\r\u{1b}[2K"), "{shown:?}");
    assert!(!shown[summary..].contains('\u{1b}'), "{shown:?}");
    let quiet = on_a_terminal(&survey, &config, &scratch.out(), "-q");
    assert_eq!(quiet, "");
}
