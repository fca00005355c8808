//! Puts a finished set of outputs into the `--out` folder all at once.
//!
//! Every file is rendered in memory first, then written into a fresh
//! folder beside the target (same file system, so the final step is a
//! rename). Only when every write has succeeded are the files moved into
//! the target, and outputs of an earlier run that this run did not produce
//! (a `matrix-<kpi>.svg` of a KPI since removed from the config, say) are
//! removed, so the folder never mixes two runs. Files the tool does not
//! write (a consultant's own notes in the same folder) are never touched.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::ReportError;

/// One output: its file name inside the folder and its contents.
pub type OutputFile = (String, Vec<u8>);

/// Whether `name` is a file some run of the tool writes into an output
/// folder; only such files are removed as stale.
pub fn is_output_name(name: &str) -> bool {
    const FIXED: [&str; 6] = [
        "report.html",
        "report.pdf",
        "impact.csv",
        "impact.json",
        "excluded.csv",
        "report.xlsx",
    ];
    let picture = name.ends_with(".svg") || name.ends_with(".png");
    FIXED.contains(&name)
        || (picture
            && (name.starts_with("matrix-")
                || name.starts_with("importance-")
                || name == "journey.svg"
                || name == "journey.png"))
}

/// Writes `files` into `out_dir` (created if needed) as one step: all of
/// them or, when a write fails, none (the folder is left as it was).
/// Returns the paths in the order given.
pub fn write_outputs(out_dir: &Path, files: &[OutputFile]) -> Result<Vec<PathBuf>, ReportError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ReportError::Io { path, source }
    };
    let existed = out_dir.is_dir();
    fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let staging = staging_dir(out_dir);
    let staged = stage(&staging, files);
    let result = staged.and_then(|()| commit(&staging, out_dir, files));
    // The staging folder is empty after a commit; after a failure it holds
    // whatever was written. Either way it goes, and so does a target
    // folder this call created for nothing.
    let _ = fs::remove_dir_all(&staging);
    if result.is_err() && !existed {
        let _ = fs::remove_dir(out_dir);
    }
    result
}

/// A folder name beside `out_dir` that no other run uses: the process id
/// and a counter (batches write several folders at once).
fn staging_dir(out_dir: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = out_dir
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    parent.join(format!(".{name}.writing-{}-{n}", std::process::id()))
}

/// Writes every file into the (new) staging folder.
pub(crate) fn stage(staging: &Path, files: &[OutputFile]) -> Result<(), ReportError> {
    fs::create_dir(staging).map_err(|source| ReportError::Io {
        path: staging.to_path_buf(),
        source,
    })?;
    for (name, contents) in files {
        let path = staging.join(name);
        fs::write(&path, contents).map_err(|source| ReportError::Io { path, source })?;
    }
    Ok(())
}

/// Moves the staged files into `out_dir` and removes the outputs of an
/// earlier run that this one did not write.
fn commit(
    staging: &Path,
    out_dir: &Path,
    files: &[OutputFile],
) -> Result<Vec<PathBuf>, ReportError> {
    let entries = fs::read_dir(out_dir).map_err(|source| ReportError::Io {
        path: out_dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = is_output_name(&name) && entry.file_type().is_ok_and(|t| t.is_file());
        if ours && !files.iter().any(|(n, _)| *n == name) {
            fs::remove_file(entry.path()).map_err(|source| ReportError::Io {
                path: entry.path(),
                source,
            })?;
        }
    }
    let mut written = Vec::with_capacity(files.len());
    for (name, _) in files {
        let target = out_dir.join(name);
        fs::rename(staging.join(name), &target).map_err(|source| ReportError::Io {
            path: target.clone(),
            source,
        })?;
        written.push(target);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("cximpact-output-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn file(name: &str, text: &str) -> OutputFile {
        (name.to_string(), text.as_bytes().to_vec())
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn a_rerun_with_fewer_kpis_leaves_no_stale_matrix_and_keeps_other_files() {
        let root = scratch("rerun");
        let out = root.join("out");
        write_outputs(
            &out,
            &[
                file("matrix-nps.svg", "1"),
                file("matrix-effort.svg", "1"),
                file("report.html", "1"),
            ],
        )
        .unwrap();
        fs::write(out.join("notes.txt"), "the consultant's").unwrap();
        let written = write_outputs(
            &out,
            &[file("matrix-nps.svg", "2"), file("report.html", "2")],
        )
        .unwrap();
        assert_eq!(
            written,
            [out.join("matrix-nps.svg"), out.join("report.html")]
        );
        assert_eq!(names(&out), ["matrix-nps.svg", "notes.txt", "report.html"]);
        assert_eq!(fs::read_to_string(out.join("report.html")).unwrap(), "2");
        // Nothing is left beside the folder.
        assert_eq!(names(&root), ["out"]);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_failing_write_leaves_the_folder_as_it_was() {
        let root = scratch("fail");
        let out = root.join("out");
        write_outputs(
            &out,
            &[file("report.html", "old"), file("matrix-a.svg", "old")],
        )
        .unwrap();
        // A file name that cannot be written (a folder of that name is in
        // the way inside staging) fails midway through staging.
        let err = write_outputs(
            &out,
            &[
                file("report.html", "new"),
                file("missing/impact.json", "new"),
            ],
        )
        .unwrap_err();
        assert!(err.to_string().contains("impact.json"), "{err}");
        assert_eq!(names(&out), ["matrix-a.svg", "report.html"]);
        assert_eq!(fs::read_to_string(out.join("report.html")).unwrap(), "old");
        assert_eq!(names(&root), ["out"], "the staging folder is removed");
        // A folder created for a failed write is not left behind.
        let fresh = root.join("fresh");
        write_outputs(&fresh, &[file("missing/impact.json", "new")]).unwrap_err();
        assert!(!fresh.exists());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn only_the_tools_own_file_names_count_as_outputs() {
        for name in [
            "report.html",
            "impact.json",
            "impact.csv",
            "excluded.csv",
            "report.xlsx",
            "report.pdf",
            "matrix-x.svg",
            "importance-x.png",
            "journey.svg",
            "journey.png",
        ] {
            assert!(is_output_name(name), "{name}");
        }
        for name in [
            "notes.txt",
            "matrix.svg",
            "survey.csv",
            "report.htm",
            "slides.pdf",
            "journey.pdf",
            "importance.txt",
            "my-journey.svg",
        ] {
            assert!(!is_output_name(name), "{name}");
        }
    }
}
