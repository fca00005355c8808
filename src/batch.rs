//! `cximpact batch`: plans the batch (`cximpact_analysis::batch`), runs
//! each survey as `analyze` would into `OUT/<name>/`, shows progress, and
//! writes the overview (`index.html`, `summary.csv`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use cximpact_analysis::{run_batch, BatchPlan, PlannedSurvey};
use cximpact_report::{
    index_html, is_output_name, summarise, summary_csv, write_outputs, SkippedFile, SurveyOutcome,
};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{AnalyzeArgs, BatchArgs};

/// Runs `cximpact batch`: exit 0 when every survey was analysed, 3 when
/// some failed (after the rest finished).
pub fn run(mut args: BatchArgs) -> Result<ExitCode> {
    // The flags every survey shares are checked before any survey runs.
    let shared = crate::settings::Settings::resolve(&args.run, None, &Default::default())?;
    // Without a browser to print with, say so once, not per survey.
    if args.run.pdf && cximpact_report::find_browser().is_none() {
        eprintln!("warning:  {}", cximpact_report::PdfError::NoBrowser);
        args.run.pdf = false;
    }
    let csv_locale = shared.report.csv_locale;
    // The index speaks --lang, else English.
    let index_lang = shared.report.lang;
    let plan = BatchPlan::from_path(&args.source, args.run.seed)?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let progress = Progress::new(plan.surveys.len() as u64, args.run.quiet);
    let outcomes = run_batch(
        &plan.surveys,
        jobs,
        |s| {
            progress.started(&s.name);
            one_survey(s, &args)
        },
        |s, outcome, n| progress.finished(&s.name, outcome, n),
    );
    progress.done();
    remove_stale_reports(&args.out, &plan.surveys);
    let skipped: Vec<SkippedFile> = plan
        .skipped
        .iter()
        .map(|s| SkippedFile {
            file: s.file.display().to_string(),
            expected_config: s.expected_config.display().to_string(),
        })
        .collect();
    let overview = [
        (
            "index.html".to_string(),
            index_html(&outcomes, &skipped, index_lang)?.into_bytes(),
        ),
        (
            "summary.csv".to_string(),
            summary_csv(&outcomes, csv_locale).into_bytes(),
        ),
    ];
    let written = write_outputs(&args.out, &overview)
        .with_context(|| format!("writing the batch overview into {}", args.out.display()))?;
    let failed = outcomes
        .iter()
        .filter(|o| matches!(o, SurveyOutcome::Failed { .. }))
        .count();
    if !args.run.quiet {
        for s in &plan.skipped {
            eprintln!(
                "skipped:  {} (no config {} beside it)",
                s.file.display(),
                s.expected_config.display()
            );
        }
        for path in &written {
            eprintln!("wrote:    {}", path.display());
        }
        eprintln!(
            "batch:    {} of {} surveys analysed, {failed} failed",
            outcomes.len() - failed,
            outcomes.len()
        );
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(crate::EXIT_SOME_FAILED)
    })
}

/// One survey, as `cximpact analyze SURVEY --config CONFIG --out
/// OUT/<name>` with the batch's flags and the survey's own seed.
fn one_survey(s: &PlannedSurvey, batch: &BatchArgs) -> SurveyOutcome {
    let failed = |error: String| SurveyOutcome::Failed {
        name: s.name.clone(),
        error,
    };
    if let Some(problem) = &s.problem {
        return failed(problem.clone());
    }
    let mut run = batch.run.clone();
    run.seed = s.seed;
    run.quiet = true;
    let args = AnalyzeArgs {
        survey: Some(s.survey.clone()),
        moments: None,
        format: None,
        config: Some(s.config.clone()),
        out: batch.out.join(&s.name),
        compare: s.compare.clone(),
        compare_config: None,
        touchpoints: Vec::new(),
        kpi: Vec::new(),
        run,
    };
    // A panic is a bug, but it stays with its survey: the rest of the
    // batch finishes.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::analyze(args).map(|(analysis, settings)| summarise(&s.name, &analysis, &settings))
    }));
    match run {
        Ok(Ok(summary)) => SurveyOutcome::Done(summary),
        Ok(Err(err)) => failed(crate::printable(&format!("{err:#}"))),
        Err(_) => failed(format!(
            "{}: the analysis stopped on an internal error (a bug: please report it with the \
             file)",
            s.survey.display()
        )),
    }
}

/// Removes report folders in `out` of surveys no longer in the batch (a
/// folder holding nothing but the tool's outputs), so the batch folder does
/// not mix runs. Anything else is left alone.
fn remove_stale_reports(out: &Path, surveys: &[PlannedSurvey]) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let path: PathBuf = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !path.is_dir() || surveys.iter().any(|s| s.name == name) {
            continue;
        }
        let only_outputs = std::fs::read_dir(&path).is_ok_and(|files| {
            files.flatten().all(|f| {
                f.file_type().is_ok_and(|t| t.is_file())
                    && is_output_name(&f.file_name().to_string_lossy())
            })
        });
        if only_outputs && path.join("impact.json").is_file() {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Progress on standard error: a bar on a terminal (surveys done, the one
/// running, elapsed time), a line per survey otherwise, nothing with `-q`.
struct Progress {
    bar: Option<ProgressBar>,
    lines: bool,
    total: u64,
    /// The surveys running now (several with `--jobs` above 1).
    running: std::sync::Mutex<Vec<String>>,
}

impl Progress {
    fn new(total: u64, quiet: bool) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal).then(|| {
            let bar = ProgressBar::new(total);
            let style = ProgressStyle::with_template(
                "{elapsed_precise} [{bar:30}] {pos}/{len} surveys  {msg}",
            )
            .map_or_else(
                |_| ProgressStyle::default_bar(),
                |s| s.progress_chars("=> "),
            );
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            lines: !quiet && !terminal,
            total,
            running: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Shows which surveys run now; `add` one that starts, else `name`
    /// finished.
    fn update_running(&self, name: &str, add: bool) {
        let Some(bar) = &self.bar else {
            return;
        };
        let Ok(mut running) = self.running.lock() else {
            return;
        };
        if add {
            running.push(name.to_string());
        } else {
            running.retain(|n| n != name);
        }
        bar.set_message(if running.is_empty() {
            String::new()
        } else {
            format!("running {}", running.join(", "))
        });
    }

    fn started(&self, name: &str) {
        self.update_running(name, true);
    }

    fn finished(&self, name: &str, outcome: &SurveyOutcome, n: usize) {
        let status = match outcome {
            SurveyOutcome::Done(_) => "done".to_string(),
            SurveyOutcome::Failed { error, .. } => format!("failed: {error}"),
        };
        self.update_running(name, false);
        if let Some(bar) = &self.bar {
            bar.inc(1);
            if matches!(outcome, SurveyOutcome::Failed { .. }) {
                bar.println(format!("{name}: {status}"));
            }
        } else if self.lines {
            eprintln!("survey {n}/{}: {name}: {status}", self.total);
        }
    }

    fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
