//! The command line: raw flags as clap parses them. Only `settings.rs`
//! turns them into typed settings; the library crates never see clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Customer experience impact matrix: which touchpoints of the customer
/// journey to work on first.
///
/// Reads a touchpoint survey (CSV export), derives each touchpoint's impact
/// on the KPIs (NPS, effort, retention, ...) and writes the impact matrix per
/// KPI, a client-ready HTML report and CSV/JSON data.
#[derive(Debug, Parser)]
#[command(name = "cximpact", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a survey and write the report.
    ///
    /// Example: cximpact analyze sample-surveys/insurance.csv --config
    /// sample-surveys/insurance.toml --out reports/insurance
    Analyze(AnalyzeArgs),

    /// Analyse many surveys in one run, each into a folder of its own.
    ///
    /// SOURCE is a folder (every export with a config of the same name
    /// beside it: x.csv + x.toml) or a manifest (.toml with [[survey]]
    /// entries: name, file, config, compare; paths relative to it). Writes
    /// OUT/<name>/ per survey as `analyze` would, OUT/index.html linking
    /// every report with its headline numbers and failures, and
    /// OUT/summary.csv. Exit code 3 when some surveys failed and the rest
    /// finished. Example: cximpact batch surveys/ --out reports/
    Batch(BatchArgs),

    /// Print the SQL that sums a survey in a warehouse.
    ///
    /// For a survey too large for one machine: run the query where the
    /// data is (DuckDB, Spark, Postgres), export its result (CSV or Parquet) and
    /// analyse that with `cximpact analyze --moments RESULT --config CFG`.
    /// Example: cximpact sql --config survey.toml --table responses
    /// --dialect duckdb > sums.sql
    Sql(SqlArgs),

    /// Describe an export's columns and suggest a config.
    ///
    /// Prints every column with its detected type, scale, share blank and
    /// suggested role, then a suggested config (touchpoints, KPIs by name,
    /// id, weight, segments). Example: cximpact inspect export.sav
    /// --write-config export.toml
    Inspect(InspectArgs),
}

/// Arguments of `cximpact sql`.
#[derive(Debug, clap::Args)]
pub struct SqlArgs {
    /// The survey's config (TOML); it must name the id column and every
    /// scale.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: PathBuf,

    /// The table (or view) holding one row per respondent, as exported.
    #[arg(long, value_name = "NAME")]
    pub table: String,

    /// SQL dialect: duckdb, spark or postgres.
    #[arg(long, value_name = "DIALECT")]
    pub dialect: String,

    /// Blocks of respondents for the bootstrap (by a hash of the id); at
    /// least 32.
    #[arg(long, value_name = "N", default_value_t = 512)]
    pub blocks: usize,
}

/// Arguments of `cximpact inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// The survey export (CSV, Qualtrics, SurveyMonkey, Excel or SPSS).
    pub survey: PathBuf,

    /// Read the file as this format instead of detecting it: csv, xlsx,
    /// sav, qualtrics or surveymonkey.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,

    /// A config whose [survey] reading options (sheet, encoding,
    /// separator, not_experienced) apply.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Write the suggested config to FILE (refuses to overwrite).
    #[arg(long, value_name = "FILE")]
    pub write_config: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// The survey export: CSV (comma, semicolon or tab; decimal point or
    /// comma; UTF-8, UTF-16 or Windows-1252), a Qualtrics or SurveyMonkey
    /// export, an Excel workbook or an SPSS .sav file.
    #[arg(required_unless_present = "moments")]
    pub survey: Option<PathBuf>,

    /// Analyse the sums a warehouse computed with the query of `cximpact
    /// sql` (its CSV or Parquet export) instead of a survey export; needs
    /// --config.
    #[arg(long, value_name = "RESULT", conflicts_with_all = ["survey", "compare", "touchpoints", "kpi", "format"], requires = "config")]
    pub moments: Option<PathBuf>,

    /// Read the survey as this format instead of detecting it: csv, xlsx,
    /// sav, qualtrics or surveymonkey. Wins over the config's format.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,

    /// Config naming touchpoints, KPIs, codes and segments (TOML). Without
    /// it, a file next to the survey with the same name and `.toml` is used
    /// if there is one, else --touchpoints and --kpi are needed.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Folder to write the report into.
    #[arg(
        long,
        short = 'o',
        value_name = "DIR",
        default_value = "cximpact-report"
    )]
    pub out: PathBuf,

    /// The previous wave's export: the report then shows what moved since
    /// (changes with intervals, arrows in the matrix, a "what moved"
    /// table). Read with the same config unless --compare-config is given.
    #[arg(long, value_name = "PREVIOUS")]
    pub compare: Option<PathBuf>,

    /// Config for the previous wave, when it differs.
    #[arg(long, value_name = "FILE", requires = "compare")]
    pub compare_config: Option<PathBuf>,

    /// Touchpoint columns by glob, without a config (e.g. 'tp_*'). Repeatable.
    #[arg(long, value_name = "GLOB", conflicts_with = "config")]
    pub touchpoints: Vec<String>,

    /// KPI column, without a config (e.g. nps). Repeatable.
    #[arg(long, value_name = "COLUMN", conflicts_with = "config")]
    pub kpi: Vec<String>,

    #[command(flatten)]
    pub run: RunFlags,
}

/// Arguments of `cximpact batch`.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// A folder of exports with their configs, or a manifest (.toml).
    pub source: PathBuf,

    /// Folder to write the reports, index.html and summary.csv into.
    #[arg(
        long,
        short = 'o',
        value_name = "DIR",
        default_value = "cximpact-batch"
    )]
    pub out: PathBuf,

    /// Surveys analysed at the same time. Default: the number of cores.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    #[command(flatten)]
    pub run: RunFlags,
}

/// The flags `analyze` and `batch` share: language, crosshair, model
/// thresholds, bootstrap and output.
#[derive(Debug, Clone, clap::Args)]
pub struct RunFlags {
    /// Report language: en or nl. Default: the config's [report] lang, else en.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,

    /// Where the quadrant lines sit: one rule for the satisfaction axis, or
    /// "x,y" for both. Rules: mean, median, midpoint, zero, or a number
    /// ("7.5,0"; with a decimal comma use ";" between x and y: "7,5;0").
    /// Default: mean satisfaction and zero impact.
    #[arg(long, value_name = "RULE")]
    pub crosshair: Option<String>,

    /// Fewest respondents who did not experience a touchpoint for its
    /// incidence effect to be estimated. Default: config, else 30.
    #[arg(long, value_name = "N")]
    pub min_not_experienced: Option<usize>,

    /// Most touchpoints for an exact Shapley decomposition (all subsets);
    /// above it importance is estimated from sampled orders, with a
    /// standard error. At most 30. Default: config, else 25.
    #[arg(long, value_name = "K")]
    pub exact_limit: Option<usize>,

    /// Dialect of the CSV outputs (impact.csv, excluded.csv, a batch's
    /// summary.csv): standard (comma, decimal point; the stable format
    /// scripts read) or nl (semicolon, decimal comma, UTF-8 with a byte
    /// order mark: opens in Dutch Excel as columns of numbers). Default:
    /// standard.
    #[arg(long, value_name = "LOCALE")]
    pub csv_locale: Option<String>,

    /// Size of the PNG picture written beside every chart's SVG, as
    /// WIDTHxHEIGHT in pixels. Default: 1920x1080 (a 16:9 slide).
    #[arg(long, value_name = "WxH", conflicts_with = "no_png")]
    pub png_size: Option<String>,

    /// Write no PNG pictures (SVG only).
    #[arg(long)]
    pub no_png: bool,

    /// Also print the report to report.pdf (A4, page numbers) with a
    /// headless Chromium or Chrome: the one the CXIMPACT_BROWSER variable
    /// names, else one found on the PATH. Without a browser the other
    /// outputs are written and a warning says why there is no PDF.
    #[arg(long)]
    pub pdf: bool,

    /// Bootstrap replicates for the uncertainty intervals, quadrant
    /// probabilities and the noise benchmark; 0 turns the bootstrap off.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub bootstrap: usize,

    /// Seed of the bootstrap's random draws: the same seed gives the same
    /// intervals. In a batch each survey's seed is derived from this one
    /// and the survey's name (the report states it).
    #[arg(long, value_name = "S", default_value_t = cximpact_regression::DEFAULT_SEED)]
    pub seed: u64,

    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}
