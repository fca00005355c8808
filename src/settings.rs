//! Typed settings: the raw flags of `cli.rs` and the config's strings,
//! parsed and validated once, here, into the values the library crates take
//! (ripgrep's raw-then-typed step). Nothing downstream parses a setting
//! again.
//!
//! A flag wins over the config, and the config over the defaults of the
//! impact model (`ModelOptions::default()`: 30 not-experienced respondents,
//! small base 30, exact limit 25), which are written there only. The model
//! options are checked once, where they enter: `Options::new` (an exact
//! limit above what an exact decomposition handles is an error).

use anyhow::{anyhow, Context, Result};
use cximpact_analysis::{Options, SubKpiLabels};
use cximpact_ingest::{Config, Format};
use cximpact_regression::{BootstrapOptions, ModelOptions};
use cximpact_report::{Crosshair, CsvLocale, Lang, ParseCrosshairError, PngSize, ReportSettings};

use crate::cli::RunFlags;

/// Everything `cximpact analyze` needs besides the config's column roles.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The survey's format when given with `--format` (else the config's,
    /// else detected).
    pub format: Option<Format>,
    /// How the analysis runs: model options, bootstrap, sub-KPI labels.
    pub analysis: Options,
    /// How the report is written: language, crosshair and CSV dialect.
    pub report: ReportSettings,
}

impl Settings {
    /// The settings of a run with the flags `args` (and `--format`) on a
    /// survey with `config`.
    pub fn resolve(args: &RunFlags, format: Option<&str>, config: &Config) -> Result<Settings> {
        // A bad value names where it came from: the flag or the config.
        let lang = match args.lang.as_deref() {
            Some(flag) => parse_lang(flag).context("--lang")?,
            None => parse_lang(config.report.lang())
                .with_context(|| format!("{}: [report] lang", config.origin))?,
        };
        let crosshair = match &args.crosshair {
            Some(text) => text
                .parse()
                .map_err(|e: ParseCrosshairError| anyhow!("--crosshair: {}", e.0))?,
            None => Crosshair::default(),
        };
        let labels = match lang {
            Lang::En => SubKpiLabels::ENGLISH,
            Lang::Nl => SubKpiLabels::DUTCH,
        };
        let analysis = Options::new(model_options(args, config), bootstrap(args), labels)
            .with_context(|| match (args.exact_limit, config.analysis.exact_limit) {
                (Some(_), _) => "--exact-limit".to_string(),
                (None, Some(_)) => format!("{}: [analysis] exact_limit", config.origin),
                (None, None) => "the model options".to_string(),
            })?;
        Ok(Settings {
            format: parse_format(format)?,
            analysis,
            report: ReportSettings {
                lang,
                crosshair,
                csv_locale: parse_csv_locale(args.csv_locale.as_deref())?,
                png: png_size(args)?,
            },
        })
    }
}

/// The PNG pictures' size: `--png-size`, none with `--no-png`, else a
/// 1920x1080 slide.
fn png_size(args: &RunFlags) -> Result<Option<PngSize>> {
    if args.no_png {
        return Ok(None);
    }
    match &args.png_size {
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|e: String| anyhow!("--png-size: {e}")),
        None => Ok(Some(PngSize::SLIDE)),
    }
}

/// The impact models' options: `--min-not-experienced` and
/// `--exact-limit`, else the config's `[analysis]` thresholds, else the
/// model's defaults.
fn model_options(args: &RunFlags, config: &Config) -> ModelOptions {
    let analysis = &config.analysis;
    let defaults = ModelOptions::default();
    ModelOptions {
        min_not_experienced: args
            .min_not_experienced
            .or(analysis.min_not_experienced)
            .unwrap_or(defaults.min_not_experienced),
        small_base: analysis.small_base.unwrap_or(defaults.small_base),
        exact_limit: args
            .exact_limit
            .or(analysis.exact_limit)
            .unwrap_or(defaults.exact_limit),
        ..defaults
    }
}

/// The bootstrap's replicates and seed from the flags; its other options
/// (level, blocks) keep their defaults.
fn bootstrap(args: &RunFlags) -> BootstrapOptions {
    BootstrapOptions {
        replicates: args.bootstrap,
        seed: args.seed,
        ..BootstrapOptions::default()
    }
}

/// The report language, from `--lang` or the config's `[report] lang`.
fn parse_lang(text: &str) -> Result<Lang> {
    text.parse()
        .map_err(|_| anyhow!("unknown language \"{text}\": use en or nl"))
}

/// `--csv-locale`, or the standard dialect without it.
pub fn parse_csv_locale(text: Option<&str>) -> Result<CsvLocale> {
    text.map_or(Ok(CsvLocale::Standard), |t| {
        t.parse().map_err(|e| anyhow!("--csv-locale: {e}"))
    })
}

/// `--format` as given, checked.
pub fn parse_format(text: Option<&str>) -> Result<Option<Format>> {
    text.map(|t| t.parse::<Format>().map_err(|e| anyhow!("--format: {e}")))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(flags: &[&str]) -> crate::cli::AnalyzeArgs {
        let mut argv = vec!["cximpact", "analyze", "survey.csv"];
        argv.extend_from_slice(flags);
        match crate::cli::Cli::parse_from(argv).command {
            crate::cli::Command::Analyze(args) => args,
            _ => unreachable!(),
        }
    }

    /// (min_not_experienced, small_base, exact_limit) of the settings.
    fn thresholds(s: &Settings) -> (usize, usize, usize) {
        let model = s.analysis.model();
        (
            model.min_not_experienced,
            model.small_base,
            model.exact_limit,
        )
    }

    #[test]
    fn flags_win_over_the_config_and_its_defaults_apply_otherwise() {
        let config = Config::default();
        let s = Settings::resolve(&args(&[]).run, None, &config).unwrap();
        assert_eq!(thresholds(&s), (30, 30, 25));
        let defaults = ModelOptions::default();
        assert_eq!(
            thresholds(&s),
            (
                defaults.min_not_experienced,
                defaults.small_base,
                defaults.exact_limit
            )
        );
        assert_eq!(s.report.lang, Lang::En);
        assert_eq!(s.analysis.labels(), SubKpiLabels::ENGLISH);
        let flags = [
            "--min-not-experienced",
            "12",
            "--exact-limit",
            "9",
            "--lang",
            "nl",
        ];
        let s = Settings::resolve(&args(&flags).run, None, &config).unwrap();
        assert_eq!(s.analysis.model().min_not_experienced, 12);
        assert_eq!(s.analysis.model().exact_limit, 9);
        assert_eq!(s.report.lang, Lang::Nl);
        assert_eq!(s.analysis.labels(), SubKpiLabels::DUTCH);
        assert_eq!(s.analysis.bootstrap().replicates, 200);
        assert_eq!(s.report.csv_locale, CsvLocale::Standard);
        let s = Settings::resolve(&args(&["--csv-locale", "nl"]).run, None, &config).unwrap();
        assert_eq!(s.report.csv_locale, CsvLocale::Nl);
        assert_eq!(s.report.png, Some(PngSize::SLIDE));
        let s = Settings::resolve(&args(&["--png-size", "1280x720"]).run, None, &config).unwrap();
        assert_eq!(
            s.report.png,
            Some(PngSize {
                width: 1280,
                height: 720
            })
        );
        let s = Settings::resolve(&args(&["--no-png"]).run, None, &config).unwrap();
        assert_eq!(s.report.png, None);

        // The config's [analysis] keys, where set, win over the defaults;
        // the flags still win over them.
        let config = Config::from_toml_str(
            "[analysis]\nmin_not_experienced = 20\nsmall_base = 12\n",
            "survey.toml",
        )
        .unwrap();
        let s = Settings::resolve(&args(&[]).run, None, &config).unwrap();
        assert_eq!(thresholds(&s), (20, 12, 25));
        let s =
            Settings::resolve(&args(&["--min-not-experienced", "8"]).run, None, &config).unwrap();
        assert_eq!(thresholds(&s), (8, 12, 25));
    }

    #[test]
    fn bad_settings_are_errors_that_name_them() {
        let config = Config::default();
        let err = |flags: &[&str]| {
            let a = args(flags);
            // As `main` prints it: the whole chain of context.
            format!(
                "{:#}",
                Settings::resolve(&a.run, a.format.as_deref(), &config).unwrap_err()
            )
        };
        assert_eq!(
            err(&["--lang", "fr"]),
            "--lang: unknown language \"fr\": use en or nl"
        );
        assert!(err(&["--exact-limit", "31"]).starts_with("--exact-limit: the exact limit is 31"));
        assert!(err(&["--crosshair", "sideways"]).starts_with("--crosshair: "));
        assert!(err(&["--format", "pdf"]).starts_with("--format: "));
        assert!(err(&["--png-size", "huge"]).starts_with("--png-size: "));
        assert_eq!(
            err(&["--csv-locale", "de"]),
            "--csv-locale: unknown CSV locale \"de\": expected \"standard\" or \"nl\""
        );
    }
}
