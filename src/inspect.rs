//! `cximpact inspect`: prints what the ingest crate sees in an export and
//! its suggested config, and writes that config on request. The detection
//! itself lives in `cximpact_ingest::inspect` so it is tested there.

use std::io::Write as _;

use anyhow::{bail, Context, Result};
use cximpact_ingest::Config;

use crate::cli::InspectArgs;
use crate::settings::parse_format;

/// Runs `cximpact inspect`.
pub fn run(args: InspectArgs) -> Result<()> {
    let config = match &args.config {
        Some(path) => Config::from_file(path)?,
        None => Config::default(),
    };
    let format = parse_format(args.format.as_deref())?;
    let found = cximpact_ingest::inspect(&args.survey, &config, format)?;
    let suggested = found.suggested_config();
    // The config is written first: a reader that closes the pipe early
    // (`| head`) must not cost the file that was asked for.
    if let Some(path) = &args.write_config {
        if path.exists() {
            bail!(
                "{} already exists; not overwriting it (remove it or pick another name)",
                path.display()
            );
        }
        std::fs::write(path, &suggested).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote:    {}", path.display());
    }
    // Written, not printed: a closed pipe is an error `main` ends on
    // quietly, where `print!` would panic.
    let mut out = std::io::stdout().lock();
    write!(out, "{}", found.render())?;
    writeln!(out, "\nSuggested config:\n\n{suggested}")?;
    out.flush()?;
    Ok(())
}
