//! The `cximpact` binary: parses the command line into typed settings
//! (`settings.rs`), runs ingest, analysis and report in that order, and
//! maps every failure to one readable message and a non-zero exit code.

mod batch;
mod cli;
mod inspect;
mod progress;
mod settings;
mod warehouse;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Parser;
use cximpact_ingest::Config;
use cximpact_report::{Analysis, ReportSettings};

use cli::{AnalyzeArgs, Cli, Command};
use progress::AnalyzeProgress;
use settings::Settings;

/// The exit code of a batch in which some surveys failed after the rest
/// finished (1 means nothing could run, 2 wrong usage).
pub const EXIT_SOME_FAILED: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze(args).map(|_| ExitCode::SUCCESS),
        Command::Batch(args) => batch::run(args),
        Command::Inspect(args) => inspect::run(args).map(|()| ExitCode::SUCCESS),
        Command::Sql(args) => warehouse::sql(args).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (e.g. `| head`) is not worth a message.
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("cximpact: error: {}", printable(&format!("{err:#}")));
            ExitCode::FAILURE
        }
    }
}

/// A message as a terminal shows it safely: control characters taken from
/// the data (an escape sequence, a carriage return, a NUL) are written as
/// `\u{1b}`; line breaks stay, since messages quote config lines below
/// themselves.
fn printable(message: &str) -> String {
    message
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Resolves the config: given, beside the survey, or from globs.
fn resolve_config(args: &AnalyzeArgs) -> Result<(Config, Option<PathBuf>)> {
    if let Some(path) = &args.config {
        return Ok((Config::from_file(path)?, Some(path.clone())));
    }
    if !args.touchpoints.is_empty() || !args.kpi.is_empty() {
        if args.touchpoints.is_empty() || args.kpi.is_empty() {
            bail!("without a config, give both --touchpoints GLOB and --kpi COLUMN");
        }
        return Ok((Config::from_patterns(&args.touchpoints, &args.kpi), None));
    }
    let survey = args.survey.clone().unwrap_or_default();
    let beside = survey.with_extension("toml");
    if beside.is_file() {
        return Ok((Config::from_file(&beside)?, Some(beside)));
    }
    bail!(
        "no config for {}: pass --config FILE, put {} beside it, or name the columns with --touchpoints GLOB --kpi COLUMN",
        survey.display(),
        beside.display()
    )
}

/// Runs `cximpact analyze`; returns the analysis and the report settings
/// (a batch summarises them).
fn analyze(args: AnalyzeArgs) -> Result<(Analysis, ReportSettings)> {
    let (config, config_path) = resolve_config(&args)?;
    let settings = Settings::resolve(&args.run, args.format.as_deref(), &config)?;
    // The config's own texts (labels, phases, notes, title) in the
    // report's language where it gives them.
    let config = config.translated(settings.report.lang.code());
    let (Some(path), None) = (&args.survey, &args.moments) else {
        let analysis = warehouse::analyze(&args, &config, &settings)?;
        if !args.run.quiet {
            print_summary(&analysis.0, config_path.as_deref(), &analysis.1);
        }
        return Ok((analysis.0, settings.report));
    };
    let progress = AnalyzeProgress::new(args.run.quiet);
    let survey = progress.reading(path, |read| {
        cximpact_ingest::read_survey_with_progress(path, &config, settings.format, read)
    })?;
    // One file holding several waves: the latest against the one before,
    // unless --compare names the previous wave's file.
    let split = match &args.compare {
        Some(_) => None,
        None => cximpact_analysis::split_waves(&survey)?,
    };
    let (survey, previous_wave) = match split {
        Some(w) => (w.current, Some(w.previous)),
        None => (survey, None),
    };
    let options = progress.watch(settings.analysis.clone(), args.run.bootstrap);
    let mut analysis = cximpact_analysis::analyse(&survey, &config, &options)?;
    let previous = match (&args.compare, previous_wave) {
        (_, Some(prev_survey)) => Some((prev_survey, config.clone())),
        (Some(path), None) => {
            let previous_config = match &args.compare_config {
                Some(path) => Config::from_file(path)?.translated(settings.report.lang.code()),
                None => config.clone(),
            };
            let format =
                Settings::resolve(&args.run, args.format.as_deref(), &previous_config)?.format;
            let survey = progress.reading(path, |read| {
                cximpact_ingest::read_survey_with_progress(path, &previous_config, format, read)
            })?;
            Some((survey, previous_config))
        }
        (None, None) => None,
    };
    if let Some((prev_survey, previous_config)) = previous {
        // The previous wave is an independent sample: its bootstrap gets a
        // seed of its own.
        let mut run = args.run.clone();
        run.seed = cximpact_analysis::batch::survey_seed(run.seed, "previous wave");
        let prev_settings = Settings::resolve(&run, args.format.as_deref(), &previous_config)?;
        progress.stage("Analysing the previous wave");
        let prev =
            cximpact_analysis::analyse(&prev_survey, &previous_config, &prev_settings.analysis)
                .with_context(|| format!("analysing the previous wave {}", prev_survey.file))?;
        let comparison = cximpact_analysis::compare(&analysis, prev, &prev_survey.file);
        analysis.comparison = Some(comparison);
    }
    progress.stage("Writing the report");
    let mut written = cximpact_report::write_report(&analysis, &settings.report, &args.out)
        .with_context(|| format!("writing the report into {}", args.out.display()))?;
    // The PDF's warning and the summary print below a cleared line.
    progress.clear();
    if args.run.pdf {
        written.extend(write_pdf(&args.out));
    }
    if !args.run.quiet {
        print_summary(&analysis, config_path.as_deref(), &written);
    }
    Ok((analysis, settings.report))
}

/// Prints the written report to `out/report.pdf`; a missing browser or a
/// failed print is a warning (even with `-q`: the PDF was asked for), never
/// a failure of the outputs already written.
fn write_pdf(out: &Path) -> Option<PathBuf> {
    let printed = match cximpact_report::find_browser() {
        Some(browser) => cximpact_report::print_pdf(&browser, out),
        None => Err(cximpact_report::PdfError::NoBrowser),
    };
    printed
        .map_err(|e| eprintln!("warning:  {}", printable(&e.to_string())))
        .ok()
}

/// A short account on standard error of what was read and written.
fn print_summary(analysis: &Analysis, config: Option<&Path>, written: &[PathBuf]) {
    if let Some(path) = config {
        eprintln!("config:   {}", path.display());
    }
    let excluded: usize = analysis.excluded.iter().map(|e| e.count).sum();
    eprintln!(
        "survey:   {} ({} rows, {} analysed, {} excluded, {} warnings)",
        analysis.source_file,
        analysis.respondents_in,
        analysis.respondents_analysed,
        excluded,
        analysis.warnings.len()
    );
    for kpi in &analysis.kpis {
        eprintln!(
            "kpi:      {} (n = {}, R² = {:.2})",
            kpi.label, kpi.model.n, kpi.model.r2
        );
    }
    for path in written {
        eprintln!("wrote:    {}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn control_characters_from_the_data_are_escaped() {
        assert_eq!(
            printable("column \"a\u{1b}[31mred\r\0\": bad\nline 2\tok"),
            "column \"a\\u{1b}[31mred\\u{d}\\u{0}\": bad\nline 2\\u{9}ok"
        );
    }
}
