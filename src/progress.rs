//! Progress of `cximpact analyze` on standard error, so a long run on a
//! large export shows that it is working and on what: reading the file (a
//! bar of bytes read, with the rate), then a spinner per stage (fitting the
//! models, segment groups, writing the report) and a bar of the
//! bootstrap's replicates.
//!
//! Shown only when standard error is a terminal and `-q` is not given: a
//! pipe, a test or a batch (which has a bar of its own and runs its
//! surveys quietly) sees nothing.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use cximpact_analysis::{Options, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often the bar is redrawn and the bytes read looked at.
const TICK: Duration = Duration::from_millis(100);

/// The longest file name the reading bar shows whole.
const NAME_WIDTH: usize = 30;

const READING: &str =
    "{spinner} Reading {prefix} [{wide_bar}] {bytes}/{total_bytes} ({bytes_per_sec}, {elapsed})";
const STAGE: &str = "{spinner} {msg} ({elapsed})";
const REPLICATES: &str = "{spinner} {msg} [{wide_bar}] {pos}/{len} ({elapsed}, {eta} left)";

/// The progress display of one `analyze` run; does nothing when hidden.
pub(crate) struct AnalyzeProgress {
    bar: Option<ProgressBar>,
}

impl AnalyzeProgress {
    /// Shown on a terminal unless `quiet`.
    pub(crate) fn new(quiet: bool) -> AnalyzeProgress {
        AnalyzeProgress::shown(!quiet && std::io::stderr().is_terminal())
    }

    fn shown(visible: bool) -> AnalyzeProgress {
        AnalyzeProgress {
            // Drawn from its first stage on, once styled.
            bar: visible.then(ProgressBar::hidden),
        }
    }

    /// Runs `read` (which raises the counter it is given to the bytes read
    /// so far) under a bar of `path`'s bytes.
    pub(crate) fn reading<T>(&self, path: &Path, read: impl FnOnce(Arc<AtomicU64>) -> T) -> T {
        let counter = Arc::new(AtomicU64::new(0));
        let Some(bar) = &self.bar else {
            return read(counter);
        };
        // Styled before it is drawn (at the first position).
        let name = file_name(path);
        let length = std::fs::metadata(path).map_or(0, |m| m.len());
        bar.set_prefix(name.clone());
        bar.set_length(length);
        bar.set_style(style(READING).progress_chars("=> "));
        bar.reset_elapsed();
        draw(bar);
        bar.set_position(0);
        // The counter is copied to the bar until the read is over (the
        // sender dropped), at once then, not at the next tick. Once every
        // byte is read, the answers are checked: a spinner says so, since
        // a full bar with a falling rate would look stuck.
        let (done, over) = mpsc::channel::<()>();
        std::thread::scope(|s| {
            let watched = counter.clone();
            s.spawn(move || {
                let mut checking = false;
                while let Err(mpsc::RecvTimeoutError::Timeout) = over.recv_timeout(TICK) {
                    let read = watched.load(Ordering::Relaxed);
                    bar.set_position(read);
                    if !checking && length > 0 && read >= length {
                        checking = true;
                        show_stage(bar, &format!("Checking the answers in {name}"));
                    }
                }
            });
            let result = read(counter.clone());
            drop(done);
            bar.set_position(counter.load(Ordering::Relaxed));
            result
        })
    }

    /// A spinner saying what runs now.
    pub(crate) fn stage(&self, message: &str) {
        if let Some(bar) = &self.bar {
            show_stage(bar, message);
        }
    }

    /// `options` announcing each stage of the analysis to this display;
    /// `replicates` names the bootstrap's.
    pub(crate) fn watch(&self, options: Options, replicates: usize) -> Options {
        let Some(bar) = self.bar.clone() else {
            return options;
        };
        let counted = bar.clone();
        options
            .with_stage_hook(move |stage| match stage_message(stage, replicates) {
                // The bootstrap counts its replicates on a bar.
                Some(message) if stage == Stage::Bootstrap => {
                    bar.set_style(style(REPLICATES).progress_chars("=> "));
                    bar.set_length(replicates as u64);
                    bar.set_position(0);
                    bar.reset_elapsed();
                    bar.set_message(message);
                    draw(&bar);
                }
                Some(message) => show_stage(&bar, &message),
                None => {}
            })
            .with_replicate_hook(move || counted.inc(1))
    }

    /// Clears the display (before the summary, a warning or an error).
    pub(crate) fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for AnalyzeProgress {
    fn drop(&mut self) {
        self.clear();
    }
}

fn show_stage(bar: &ProgressBar, message: &str) {
    // Styled and worded before the next tick draws it.
    bar.set_style(style(STAGE));
    bar.reset_elapsed();
    bar.set_message(message.to_string());
    draw(bar);
}

/// Starts drawing on standard error, ticking on its own.
fn draw(bar: &ProgressBar) {
    if bar.is_hidden() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
    }
    bar.enable_steady_tick(TICK);
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner())
}

/// What the spinner says during `stage`; nothing for a bootstrap of no
/// replicates.
fn stage_message(stage: Stage, replicates: usize) -> Option<String> {
    match stage {
        Stage::Models => Some("Fitting models".to_string()),
        Stage::Bootstrap if replicates == 0 => None,
        Stage::Bootstrap => Some(format!(
            "Bootstrap: {replicates} replicate{}",
            if replicates == 1 { "" } else { "s" }
        )),
        Stage::Segments => Some("Segment groups".to_string()),
    }
}

/// The file's name as the bar shows it: control characters escaped, so
/// a hostile name cannot move the cursor, and a long one cut to its first
/// and last characters so the bar fits on one line.
fn file_name(path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let name: Vec<char> = crate::printable(&name).chars().collect();
    if name.len() <= NAME_WIDTH {
        return name.into_iter().collect();
    }
    let half = (NAME_WIDTH - 1) / 2;
    let head: String = name[..half].iter().collect();
    let tail: String = name[name.len() - half..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_stage_says_what_runs() {
        assert_eq!(
            stage_message(Stage::Models, 200).as_deref(),
            Some("Fitting models")
        );
        assert_eq!(
            stage_message(Stage::Bootstrap, 200).as_deref(),
            Some("Bootstrap: 200 replicates")
        );
        assert_eq!(
            stage_message(Stage::Bootstrap, 1).as_deref(),
            Some("Bootstrap: 1 replicate")
        );
        assert_eq!(stage_message(Stage::Bootstrap, 0), None);
        assert_eq!(
            stage_message(Stage::Segments, 0).as_deref(),
            Some("Segment groups")
        );
    }

    #[test]
    fn the_templates_are_valid() {
        for template in [READING, STAGE, REPLICATES] {
            assert!(ProgressStyle::with_template(template).is_ok(), "{template}");
        }
    }

    #[test]
    fn a_file_name_cannot_steer_the_terminal() {
        assert_eq!(
            file_name(Path::new("/data/a\u{1b}[2Jb.csv")),
            "a\\u{1b}[2Jb.csv"
        );
        assert_eq!(file_name(Path::new("survey.csv")), "survey.csv");
        let long = format!("{}.csv", "x".repeat(40));
        let cut = file_name(Path::new(&long));
        assert_eq!(cut, format!("{}…{}.csv", "x".repeat(14), "x".repeat(10)));
        assert_eq!(cut.chars().count(), 29);
    }

    /// Hidden or shown, the read runs once with a counter and its result
    /// comes back; a shown bar ends at the bytes read.
    #[test]
    fn reading_runs_the_read_and_follows_its_counter() {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), "id,tp\n1,5\n").unwrap();
        for visible in [false, true] {
            let progress = AnalyzeProgress::shown(visible);
            let got = progress.reading(file.path(), |counter| {
                counter.store(10, Ordering::Relaxed);
                std::thread::sleep(TICK * 3);
                "read"
            });
            assert_eq!(got, "read");
            if let Some(bar) = &progress.bar {
                assert_eq!(bar.length(), Some(10));
                assert_eq!(bar.position(), 10);
                let name = file_name(file.path());
                assert_eq!(bar.message(), format!("Checking the answers in {name}"));
            }
        }
    }
}
