//! Helpers: run the binary, make temporary surveys, read outputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root (tests run the binary from here so that paths in the
/// report match the README's command).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `cximpact` with `args` in the workspace root.
pub fn cximpact(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cximpact"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

/// `cximpact analyze SURVEY --config CONFIG --out OUT` with `extra` flags.
pub fn analyze_files(survey: &Path, config: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "analyze",
        survey.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    cximpact(&args)
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts success and returns stderr (for debugging on failure).
pub fn assert_ok(out: &Output) {
    assert!(out.status.success(), "cximpact failed: {}", stderr(out));
}

/// Asserts a failure with exactly one error line containing every needle.
pub fn assert_error(out: &Output, needles: &[&str]) {
    assert!(!out.status.success(), "expected failure, got success");
    let err = stderr(out);
    // One message: it may quote the offending config line below itself.
    assert!(err.starts_with("cximpact: error: "), "{err}");
    assert_eq!(
        err.matches("error:").count(),
        1,
        "one message expected, got:\n{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    for needle in needles {
        assert!(err.contains(needle), "error lacks {needle:?}:\n{err}");
    }
}

/// A temporary directory holding files written by the test.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Self {
        Scratch {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("write fixture");
        path
    }

    pub fn out(&self) -> PathBuf {
        self.path("out")
    }
}

/// Parses `impact.json` from an output folder.
pub fn impact_json(out_dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(out_dir.join("impact.json")).expect("impact.json written");
    serde_json::from_str(&text).expect("impact.json is JSON")
}

/// The config of [`small_survey`]: its three touchpoints and the NPS.
pub const CONFIG: &str = r#"
[survey]
id = "id"
[[touchpoint]]
column = "tp_*"
scale = [1, 10]
[[kpi]]
column = "nps"
kind = "nps"
"#;

/// A small clean survey: `n` respondents, three touchpoints, NPS and an
/// effort score, comma separated. Touchpoint `tp_b` is skipped by every
/// third respondent; NPS rises with `tp_a` and with experiencing `tp_b`.
pub fn small_survey(n: usize) -> String {
    let mut s = String::from("id,tp_a,tp_b,tp_c,nps,ces,region\n");
    for i in 0..n {
        let a = 1 + (i * 7) % 10;
        let b = if i % 3 == 0 {
            String::new()
        } else {
            (3 + (i * 3) % 8).to_string()
        };
        let c = 1 + (i * 5) % 10;
        let nps = ((a as f64) * 0.5 + if b.is_empty() { 0.0 } else { 3.0 } + (i % 4) as f64 * 0.5)
            .min(10.0)
            .round();
        let ces = 1 + (i % 7);
        let region = ["Noord", "Zuid"][i % 2];
        s.push_str(&format!("R{i:03},{a},{b},{c},{nps},{ces},{region}\n"));
    }
    s
}

/// Spearman rank correlation (average ranks for ties).
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    fn ranks(v: &[f64]) -> Vec<f64> {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&i, &j| v[i].total_cmp(&v[j]));
        let mut r = vec![0.0; v.len()];
        let mut k = 0;
        while k < idx.len() {
            let mut end = k;
            while end + 1 < idx.len() && v[idx[end + 1]] == v[idx[k]] {
                end += 1;
            }
            for &i in &idx[k..=end] {
                r[i] = (k + end) as f64 / 2.0;
            }
            k = end + 1;
        }
        r
    }
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}
