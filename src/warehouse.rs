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
    let sums = read_sums(path, config)?;
    let analysis = cximpact_analysis::analyse_sums(&sums, config, &settings.analysis)?;
    let mut written = cximpact_report::write_report(&analysis, &settings.report, &args.out)
        .with_context(|| format!("writing the report into {}", args.out.display()))?;
    if args.run.pdf {
        written.extend(crate::write_pdf(&args.out));
    }
    Ok((analysis, written))
}
