//! Times ingest alone on a survey export: how long `read_survey` takes and
//! the process's peak memory, so that the reading can be measured apart
//! from the analysis (`cargo run --release -p cximpact-ingest --example
//! read_timing -- survey.csv survey.toml`).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use cximpact_ingest::{read_survey, Config};

/// The peak resident memory of this process in MiB (Linux), if known.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [csv, toml] = args.as_slice() else {
        eprintln!("usage: read_timing SURVEY.csv CONFIG.toml");
        return ExitCode::FAILURE;
    };
    let config = match Config::from_file(Path::new(toml)) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    match read_survey(Path::new(csv), &config) {
        Ok(survey) => {
            let took = started.elapsed();
            println!(
                "{} rows in, {} kept, {} touchpoints, {} KPIs, {} warnings: {:.2} s, peak {:.0} MiB",
                survey.respondents_in,
                survey.respondents_kept(),
                survey.touchpoints.len(),
                survey.kpis.len(),
                survey.warnings.len(),
                took.as_secs_f64(),
                peak_mib().unwrap_or(f64::NAN),
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
