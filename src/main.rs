//! The `cximpact` binary: parses the command line, runs ingest, regression
//! and report in that order, and maps every failure to one readable message
//! and a non-zero exit code.

mod cli;
mod inspect;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Parser;
use cximpact_analysis::{Options, SubKpiLabels};
use cximpact_ingest::Config;
use cximpact_report::{Crosshair, Lang, ReportSettings};

use cli::{AnalyzeArgs, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze(args),
        Command::Inspect(args) => inspect::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (e.g. `| head`) is not worth a message.
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("cximpact: error: {err:#}");
            ExitCode::FAILURE
        }
    }
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
    let beside = args.survey.with_extension("toml");
    if beside.is_file() {
        return Ok((Config::from_file(&beside)?, Some(beside)));
    }
    bail!(
        "no config for {}: pass --config FILE, put {} beside it, or name the columns with --touchpoints GLOB --kpi COLUMN",
        args.survey.display(),
        beside.display()
    )
}

fn analyze(args: AnalyzeArgs) -> Result<()> {
    let (mut config, config_path) = resolve_config(&args)?;
    if let Some(min) = args.min_not_experienced {
        config.analysis.min_not_experienced = min;
    }
    if let Some(limit) = args.exact_limit {
        config.analysis.exact_limit = limit;
    }
    let lang_text = args.lang.as_deref().unwrap_or(config.report.lang());
    let lang: Lang = lang_text
        .parse()
        .map_err(|_| anyhow::anyhow!("unknown language \"{lang_text}\": use en or nl"))?;
    let crosshair: Crosshair = match &args.crosshair {
        Some(text) => text
            .parse()
            .map_err(|e: cximpact_report::ParseCrosshairError| {
                anyhow::anyhow!("--crosshair: {}", e.0)
            })?,
        None => Crosshair::default(),
    };

    let format = inspect::parse_format(args.format.as_deref())?;
    let survey = cximpact_ingest::read_survey_as(&args.survey, &config, format)?;
    let boot = cximpact_regression::BootstrapOptions {
        replicates: args.bootstrap,
        seed: args.seed,
        ..Default::default()
    };
    let model = cximpact_regression::ModelOptions {
        min_not_experienced: config.analysis.min_not_experienced,
        small_base: config.analysis.small_base,
        exact_limit: config.analysis.exact_limit,
        ..Default::default()
    };
    let labels = match lang {
        Lang::En => SubKpiLabels::ENGLISH,
        Lang::Nl => SubKpiLabels::DUTCH,
    };
    let options = Options::new(model, boot, labels)?;
    let analysis = cximpact_analysis::analyse(&survey, &config, &options)?;
    let settings = ReportSettings { lang, crosshair };
    let written = cximpact_report::write_report(&analysis, &settings, &args.out)
        .with_context(|| format!("writing the report into {}", args.out.display()))?;

    if !args.quiet {
        print_summary(&analysis, config_path.as_deref(), &written);
    }
    Ok(())
}

/// A short account on standard error of what was read and written.
fn print_summary(analysis: &cximpact_report::Analysis, config: Option<&Path>, written: &[PathBuf]) {
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
