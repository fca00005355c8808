//! `cximpact inspect`: prints what the ingest crate sees in an export and
//! its suggested config, and writes that config on request. The detection
//! itself lives in `cximpact_ingest::inspect` so it is tested there.

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
    print!("{}", found.render());
    println!("\nSuggested config:\n\n{suggested}");
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
    Ok(())
}
