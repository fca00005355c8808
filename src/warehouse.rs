//! The warehouse path on the command line: `cximpact sql` prints the query
//! that sums a survey where it is stored, `cximpact analyze --moments`
//! writes the report from the exported result.

use std::path::PathBuf;

use anyhow::{Context, Result};
use cximpact_ingest::Config;
use cximpact_report::Analysis;
use cximpact_warehouse::{query, read_sums, Dialect};

use crate::cli::{AnalyzeArgs, SqlArgs};
use crate::settings::Settings;

/// Prints the query of `cximpact sql` on standard output.
pub fn sql(args: SqlArgs) -> Result<()> {
    let dialect = Dialect::parse(&args.dialect)?;
    let config = Config::from_file(&args.config)?;
    let text = query(&config, &args.table, dialect, args.blocks)?;
    use std::io::Write;
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(())
}

/// `cximpact analyze --moments`: the report from a warehouse's sums, and
/// the files written.
pub fn analyze(
    args: &AnalyzeArgs,
    config: &Config,
    settings: &Settings,
) -> Result<(Analysis, Vec<PathBuf>)> {
    let path = args
        .moments
        .as_ref()
        .context("give the survey export, or --moments RESULT")?;
    let waves = read_sums(path, config)?;
    // A file holding several waves: the latest against the one before, as
    // for an export.
    let (current, previous) = match &config.survey.wave {
        Some(column) => {
            let (current, previous) = cximpact_analysis::split_sums_waves(waves, column)?;
            (current, Some(previous))
        }
        None => {
            let whole = waves
                .into_iter()
                .next()
                .context("the result holds no sums")?;
            (whole.1, None)
        }
    };
    let mut analysis = cximpact_analysis::analyse_sums(&current, config, &settings.analysis)?;
    if let Some(previous) = previous {
        // The previous wave is an independent sample: its bootstrap gets a
        // seed of its own.
        let mut run = args.run.clone();
        run.seed = cximpact_analysis::batch::survey_seed(run.seed, "previous wave");
        let prev_settings = Settings::resolve(&run, None, config)?;
        let prev = cximpact_analysis::analyse_sums(&previous, config, &prev_settings.analysis)
            .with_context(|| format!("analysing the previous wave {}", previous.file))?;
        analysis.comparison = Some(cximpact_analysis::compare(&analysis, prev, &previous.file));
    }
    let mut written = cximpact_report::write_report(&analysis, &settings.report, &args.out)
        .with_context(|| format!("writing the report into {}", args.out.display()))?;
    if args.run.pdf {
        written.extend(crate::write_pdf(&args.out));
    }
    Ok((analysis, written))
}
