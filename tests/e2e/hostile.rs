//! Hostile input through the binary, under a memory limit and a clock: a
//! file made to take gigabytes (thousands of unused columns, a huge field,
//! a stray far cell) or to confuse the reader (lying byte order marks,
//! damaged bytes, absurd weights) must end in a report or one error naming
//! the file, within seconds and a few hundred MB, never a crash.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::util::*;

/// Address space allowed to the binary: enough for the sample survey with
/// its PNGs (it needs under 500 MB), far less than the gigabytes the files
/// below once took.
const MEMORY_LIMIT: &str = "--as=600000000";
/// Wall-clock bound per run (debug build).
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// Runs `analyze` on `name` holding `bytes` under the limits and checks how
/// it ended.
fn run_hostile(scratch: &Scratch, name: &str, bytes: &[u8], config: &str) {
    let survey = scratch.path(name);
    std::fs::write(&survey, bytes).unwrap();
    let config = scratch.write("hostile.toml", config);
    let mut child = Command::new("prlimit")
        .arg(MEMORY_LIMIT)
        .arg(env!("CARGO_BIN_EXE_cximpact"))
        .args(["analyze", survey.to_str().unwrap(), "--config"])
        .arg(&config)
        .arg("--out")
        .arg(scratch.out())
        .args(["--no-png", "--bootstrap", "0", "-q"])
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit runs the binary");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            child.kill().unwrap();
            panic!("{name}: still running after {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let err = std::io::read_to_string(child.stderr.take().unwrap()).unwrap();
    assert!(
        status.code().is_some(),
        "{name}: killed by a signal ({status}): {err}"
    );
    assert!(!err.contains("panicked"), "{name}: {err}");
    assert!(!err.contains("memory allocation"), "{name}: {err}");
    if !status.success() {
        assert!(err.starts_with("cximpact: error: "), "{name}: {err}");
        assert!(
            err.contains(name),
            "{name}: the error does not name the file: {err}"
        );
    }
}

/// A survey with a weight column: `small_survey` plus weights near 1.
fn weighted(n: usize) -> String {
    small_survey(n)
        .lines()
        .enumerate()
        .map(|(i, l)| match i {
            0 => format!("{l},w\n"),
            _ => format!("{l},{}\n", 0.8 + (i % 5) as f64 / 10.0),
        })
        .collect()
}

const WEIGHTED_CONFIG: &str = "[survey]\nid = \"id\"\nweight = \"w\"\n[[touchpoint]]\ncolumn = \"tp_*\"\nscale = [1, 10]\n[[kpi]]\ncolumn = \"nps\"\nkind = \"nps\"\n";

#[test]
fn files_built_to_take_gigabytes_end_in_seconds_within_the_limit() {
    let scratch = Scratch::new();
    // 20,000 unused columns over 6,000 rows of four fields: once 3.4 GB.
    let mut wide = String::from("id,tp_a,tp_b,nps");
    wide.extend((0..20_000).map(|i| format!(",x{i}")));
    wide.push('\n');
    wide.extend((0..6_000).map(|i| format!("R{i},{},{},{}\n", 1 + i % 10, 1 + i % 7, i % 11)));
    run_hostile(&scratch, "wide.csv", wide.as_bytes(), CONFIG);
    // The same columns, every row complete (empty fields).
    let mut full = String::from("id,tp_a,tp_b,nps");
    full.extend((0..20_000).map(|i| format!(",x{i}")));
    full.push('\n');
    let blanks = ",".repeat(20_000);
    full.extend((0..45).map(|i| format!("R{i},{},{},{}{blanks}\n", 1 + i % 10, 1 + i % 7, i % 11)));
    run_hostile(&scratch, "full.csv", full.as_bytes(), CONFIG);
    // One answer of 20 MB.
    let huge = small_survey(60).replacen("Noord", &"N".repeat(20_000_000), 1);
    run_hostile(&scratch, "huge.csv", huge.as_bytes(), CONFIG);
    // Workbooks: a cell at XFD1048576 (12 KB), an .ods whose far cell
    // made calamine build 8 GB (2 KB), shared strings claiming 100 billion
    // strings (the process aborted asking for 2.4 TB), an .xls with a cell
    // at IV65536 (1.5 GB) and one whose DIMENSIONS record lies (aborted).
    for (fixture, name) in [
        ("far_cell.xlsx", "far.xlsx"),
        ("far_cell.ods", "far.ods"),
        ("lying_shared_strings.xlsx", "lying.xlsx"),
        ("far_cell.xls", "far.xls"),
        ("lying_dimensions.xls", "lying.xls"),
    ] {
        let bytes = std::fs::read(root().join("tests/fixtures/broken").join(fixture)).unwrap();
        run_hostile(&scratch, name, &bytes, CONFIG);
    }
}

#[test]
fn damaged_and_lying_files_end_in_a_report_or_a_named_error() {
    let scratch = Scratch::new();
    let clean = weighted(80);
    let mut cases: Vec<(String, Vec<u8>)> = vec![
        ("cr.csv".into(), clean.replace('\n', "\r").into_bytes()),
        (
            "bom.csv".into(),
            [&[0xFF, 0xFE][..], clean.as_bytes()].concat(),
        ),
        (
            "heavy.csv".into(),
            clean.replacen(",0.9\n", ",1e308\n", 1).into_bytes(),
        ),
        (
            "zero.csv".into(),
            clean
                .replace(",0.", ",0.0")
                .replace(",1.", ",0.")
                .into_bytes(),
        ),
    ];
    // Seeded damage: flipped bytes, NULs, quotes, cuts, marks.
    let mut rng = StdRng::seed_from_u64(7);
    for case in 0..16 {
        let mut bytes = clean.clone().into_bytes();
        for _ in 0..rng.random_range(1..4) {
            let at = rng.random_range(0..bytes.len());
            match rng.random_range(0..5) {
                0 => bytes[at] ^= 1 << rng.random_range(0..8),
                1 => bytes.insert(at, 0),
                2 => bytes.insert(at, b'"'),
                3 => bytes.truncate(at.max(1)),
                _ => bytes.splice(0..0, [0xEF, 0xBB, 0xBF]).for_each(drop),
            }
        }
        cases.push((format!("damaged{case}.csv"), bytes));
    }
    for (name, bytes) in cases {
        run_hostile(&scratch, &name, &bytes, WEIGHTED_CONFIG);
    }
}
