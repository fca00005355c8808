//! A batch: which surveys to analyse in one run, and running them side by
//! side.
//!
//! A batch comes from a folder (every export with a config of the same
//! name beside it: `x.csv` + `x.toml`) or from a manifest (`[[survey]]`
//! entries with `name`, `file`, `config`, `compare`, paths relative to the
//! manifest). Problems that concern one survey (a missing file, two
//! surveys with the same name) stay with that survey, so the rest of the
//! batch runs; files of a folder that have no config are listed, not
//! dropped. Each survey gets a seed of its own, derived from its name, so
//! a rerun gives the same intervals and the order of the surveys does not
//! matter.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;

/// The extensions of the exports a folder batch picks up (the formats
/// `analyze` reads).
pub const EXPORT_EXTENSIONS: [&str; 10] = [
    "csv", "tsv", "txt", "xlsx", "xlsm", "xls", "xlsb", "ods", "sav", "zsav",
];

/// One survey of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedSurvey {
    /// The survey's name: its output folder and its rows in the summary.
    pub name: String,
    pub survey: PathBuf,
    pub config: PathBuf,
    /// An earlier wave to compare with.
    pub compare: Option<PathBuf>,
    /// The bootstrap seed of this survey (see [`survey_seed`]).
    pub seed: u64,
    /// Why the survey cannot run, found while planning; it is then
    /// reported as failed without being read.
    pub problem: Option<String>,
}

/// A file of a batch folder that is not analysed.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub file: PathBuf,
    /// The config it would need beside it.
    pub expected_config: PathBuf,
}

/// What a batch runs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchPlan {
    /// In name order (folder) or manifest order.
    pub surveys: Vec<PlannedSurvey>,
    pub skipped: Vec<Skipped>,
}

/// Why a batch could not be planned at all.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Manifest { path: PathBuf, message: String },
    #[error(
        "{path}: no survey export with a config beside it (x.csv with x.toml); nothing to run"
    )]
    Empty { path: PathBuf },
}

/// The seed of a survey named `name` in a batch run with base seed `base`:
/// the base mixed with a 64-bit FNV-1a hash of the name, which is stable
/// across platforms and releases.
pub fn survey_seed(base: u64, name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    base ^ h
}

impl BatchPlan {
    /// The plan of a folder or a manifest (a `.toml` file).
    pub fn from_path(path: &Path, base_seed: u64) -> Result<BatchPlan, BatchError> {
        let plan = if path.is_dir() {
            Self::from_dir(path, base_seed)?
        } else {
            Self::from_manifest(path, base_seed)?
        };
        if plan.surveys.is_empty() {
            return Err(BatchError::Empty {
                path: path.to_path_buf(),
            });
        }
        Ok(plan)
    }

    /// Every export in `dir` with a config of the same name beside it.
    pub fn from_dir(dir: &Path, base_seed: u64) -> Result<BatchPlan, BatchError> {
        let io = |source| BatchError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .map(|e| e.map(|e| e.path()).map_err(io))
            .collect::<Result<_, _>>()?;
        files.sort();
        let mut plan = BatchPlan::default();
        for file in files.into_iter().filter(|f| f.is_file() && is_export(f)) {
            let config = file.with_extension("toml");
            if !config.is_file() {
                plan.skipped.push(Skipped {
                    file,
                    expected_config: config,
                });
                continue;
            }
            let name = stem(&file);
            plan.surveys.push(PlannedSurvey {
                seed: survey_seed(base_seed, &name),
                name,
                survey: file,
                config,
                compare: None,
                problem: None,
            });
        }
        plan.flag_duplicate_names();
        Ok(plan)
    }

    /// The surveys a manifest lists, paths relative to the manifest.
    pub fn from_manifest(path: &Path, base_seed: u64) -> Result<BatchPlan, BatchError> {
        let text = std::fs::read_to_string(path).map_err(|source| BatchError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let manifest: Manifest = toml::from_str(&text).map_err(|e| BatchError::Manifest {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().replace('\n', " "),
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        let mut plan = BatchPlan::default();
        for entry in manifest.survey {
            let survey = base.join(&entry.file);
            let config = entry
                .config
                .map_or_else(|| survey.with_extension("toml"), |c| base.join(c));
            let compare = entry.compare.map(|c| base.join(c));
            let name = entry.name.unwrap_or_else(|| stem(&survey));
            let missing = [Some(&survey), Some(&config), compare.as_ref()]
                .into_iter()
                .flatten()
                .find(|p| !p.is_file());
            plan.surveys.push(PlannedSurvey {
                seed: survey_seed(base_seed, &name),
                problem: missing.map(|p| format!("{}: no such file", p.display())),
                name,
                survey,
                config,
                compare,
            });
        }
        plan.flag_duplicate_names();
        Ok(plan)
    }

    /// Two surveys with one name would write into one folder: neither runs,
    /// each says which other survey has its name. Names differing only in
    /// case clash too (case-insensitive file systems).
    fn flag_duplicate_names(&mut self) {
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, s) in self.surveys.iter().enumerate() {
            by_name.entry(s.name.to_lowercase()).or_default().push(i);
        }
        for group in by_name.values().filter(|g| g.len() > 1) {
            for &i in group {
                let others: Vec<String> = group
                    .iter()
                    .filter(|&&j| j != i)
                    .map(|&j| self.surveys[j].survey.display().to_string())
                    .collect();
                let s = &mut self.surveys[i];
                s.problem.get_or_insert_with(|| {
                    format!(
                        "{}: another survey of the batch has the name \"{}\" ({}); give each a \
                         name of its own",
                        s.survey.display(),
                        s.name,
                        others.join(", ")
                    )
                });
            }
        }
        for s in &mut self.surveys {
            if s.problem.is_none() && !is_safe_name(&s.name) {
                s.problem = Some(format!(
                    "the survey name \"{}\" cannot be a folder name: leave out / \\ : * ? \" < > | \
                     and do not start it with a dot",
                    s.name
                ));
            }
        }
    }
}

/// Runs `work` on every survey of `surveys`, at most `jobs` at a time, and
/// returns the results in the surveys' order. `on_done` hears of each
/// survey as it finishes (with the number finished so far), for progress.
pub fn run_batch<T, W, D>(surveys: &[PlannedSurvey], jobs: usize, work: W, on_done: D) -> Vec<T>
where
    T: Send,
    W: Fn(&PlannedSurvey) -> T + Sync,
    D: Fn(&PlannedSurvey, &T, usize) + Sync,
{
    use rayon::prelude::*;
    let finished = AtomicUsize::new(0);
    let run = || {
        surveys
            .par_iter()
            .map(|s| {
                let result = work(s);
                let n = finished.fetch_add(1, Ordering::SeqCst) + 1;
                on_done(s, &result, n);
                result
            })
            .collect()
    };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
    {
        Ok(pool) => pool.install(run),
        // No pool (threads refused): run on the global one.
        Err(_) => run(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[serde(default)]
    survey: Vec<ManifestEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestEntry {
    name: Option<String>,
    file: PathBuf,
    config: Option<PathBuf>,
    compare: Option<PathBuf>,
}

fn is_export(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

/// A name that is one plain folder name on every system: not empty, not
/// hidden, no path separator, none of Windows' reserved characters and no
/// control characters.
fn is_safe_name(name: &str) -> bool {
    !name.trim().is_empty()
        && !name.starts_with('.')
        && !name.chars().any(|c| {
            c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cximpact-batch-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn touch(dir: &Path, name: &str) {
        std::fs::write(dir.join(name), "x").unwrap();
    }

    #[test]
    fn a_folder_pairs_exports_with_their_configs_and_lists_the_rest() {
        let dir = scratch("dir");
        for f in [
            "b.csv", "b.toml", "a.sav", "a.toml", "c.xlsx", "notes.md", "d.toml",
        ] {
            touch(&dir, f);
        }
        let plan = BatchPlan::from_path(&dir, 7).unwrap();
        let names: Vec<&str> = plan.surveys.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(plan.surveys[1].config, dir.join("b.toml"));
        assert!(plan.surveys.iter().all(|s| s.problem.is_none()));
        assert_eq!(
            plan.skipped,
            [Skipped {
                file: dir.join("c.xlsx"),
                expected_config: dir.join("c.toml")
            }]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn two_exports_with_one_name_both_fail_and_the_rest_runs() {
        let dir = scratch("dup");
        for f in ["x.csv", "x.xlsx", "x.toml", "y.csv", "y.toml"] {
            touch(&dir, f);
        }
        let plan = BatchPlan::from_path(&dir, 7).unwrap();
        let problems: Vec<bool> = plan.surveys.iter().map(|s| s.problem.is_some()).collect();
        assert_eq!(problems, [true, true, false]);
        let p = plan.surveys[0].problem.as_deref().unwrap();
        assert!(
            p.contains("x.csv") && p.contains("x.xlsx") && p.contains("\"x\""),
            "{p}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_manifest_resolves_paths_beside_it_and_keeps_missing_files_with_their_survey() {
        let dir = scratch("manifest");
        std::fs::create_dir_all(dir.join("acme")).unwrap();
        touch(&dir, "acme/q3.csv");
        touch(&dir, "acme/q2.csv");
        touch(&dir, "acme/acme.toml");
        touch(&dir, "other.csv");
        touch(&dir, "other.toml");
        let manifest = dir.join("batch.toml");
        std::fs::write(
            &manifest,
            r#"
[[survey]]
name = "Acme Q3"
file = "acme/q3.csv"
config = "acme/acme.toml"
compare = "acme/q2.csv"

[[survey]]
file = "other.csv"

[[survey]]
name = "gone"
file = "missing.csv"
config = "other.toml"
"#,
        )
        .unwrap();
        let plan = BatchPlan::from_path(&manifest, 7).unwrap();
        let s = &plan.surveys;
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].name, "Acme Q3");
        assert_eq!(s[0].config, dir.join("acme/acme.toml"));
        assert_eq!(
            s[0].compare.as_deref(),
            Some(dir.join("acme/q2.csv").as_path())
        );
        assert_eq!(
            (s[1].name.as_str(), s[1].config.clone()),
            ("other", dir.join("other.toml"))
        );
        assert!(s[0].problem.is_none() && s[1].problem.is_none());
        let p = s[2].problem.as_deref().unwrap();
        assert!(
            p.contains("missing.csv") && p.contains("no such file"),
            "{p}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_bad_manifest_names_itself_and_the_key() {
        let dir = scratch("badmanifest");
        let manifest = dir.join("batch.toml");
        std::fs::write(
            &manifest,
            "[[survey]]\nfile = \"a.csv\"\nconfgi = \"a.toml\"\n",
        )
        .unwrap();
        let err = BatchPlan::from_path(&manifest, 7).unwrap_err().to_string();
        assert!(
            err.contains("batch.toml") && err.contains("confgi"),
            "{err}"
        );
        std::fs::write(&manifest, "").unwrap();
        let err = BatchPlan::from_path(&manifest, 7).unwrap_err().to_string();
        assert!(err.contains("nothing to run"), "{err}");
        let missing = BatchPlan::from_path(&dir.join("nope.toml"), 7).unwrap_err();
        assert!(missing.to_string().contains("nope.toml"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn names_that_are_not_folder_names_are_refused() {
        for bad in ["../up", "a/b", ".hidden", " ", "x:y", "a\\b", "tab\there"] {
            assert!(!is_safe_name(bad), "{bad}");
        }
        for good in ["Acme Q3", "acme_2026-q3", "klant.één", "export (1)"] {
            assert!(is_safe_name(good), "{good}");
        }
    }

    #[test]
    fn seeds_depend_on_the_name_only() {
        assert_eq!(survey_seed(1, "acme"), survey_seed(1, "acme"));
        assert_ne!(survey_seed(1, "acme"), survey_seed(1, "acme2"));
        assert_ne!(survey_seed(1, "acme"), survey_seed(2, "acme"));
        // FNV-1a of the empty name is its offset basis.
        assert_eq!(survey_seed(0, ""), 0xcbf2_9ce4_8422_2325);
    }

    #[test]
    fn runs_keep_the_plan_order_and_report_each_survey_once() {
        let surveys: Vec<PlannedSurvey> = (0..12)
            .map(|i| PlannedSurvey {
                name: format!("s{i}"),
                survey: PathBuf::from(format!("s{i}.csv")),
                config: PathBuf::from(format!("s{i}.toml")),
                compare: None,
                seed: i,
                problem: None,
            })
            .collect();
        let seen = std::sync::Mutex::new(Vec::new());
        let out = run_batch(
            &surveys,
            3,
            |s| s.seed * 10,
            |s, r, n| seen.lock().unwrap().push((s.seed, *r, n)),
        );
        assert_eq!(out, (0..12).map(|i| i * 10).collect::<Vec<u64>>());
        let mut seen = seen.into_inner().unwrap();
        let mut counts: Vec<usize> = seen.iter().map(|x| x.2).collect();
        counts.sort();
        assert_eq!(counts, (1..=12).collect::<Vec<_>>());
        seen.sort();
        assert!(seen.iter().all(|(seed, r, _)| *r == seed * 10));
    }
}
