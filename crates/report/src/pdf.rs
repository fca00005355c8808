//! `report.pdf`: the written `report.html` printed on A4 by a headless
//! Chromium or Chrome, when one is installed.
//!
//! The page setup (A4, margins, the title and page numbers in the footer,
//! rows and figures kept whole) lives in the report's print stylesheet, so
//! the PDF is what the browser's own "Print" gives; this module only finds
//! a browser and runs it. The PDF is optional: without a browser, or when
//! printing fails, the caller says so and every other output stands.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The environment variable naming the browser to print with, for one
/// that is not on the `PATH` under a usual name.
pub const BROWSER_VARIABLE: &str = "CXIMPACT_BROWSER";

/// Names a Chromium-based browser goes by on the `PATH`.
const BROWSER_NAMES: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// Where macOS and Windows install Chrome, for when it is not on the `PATH`.
const BROWSER_PATHS: [&str; 3] = [
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
];

/// The longest a print may take before the browser is stopped.
const PRINT_TIMEOUT: Duration = Duration::from_secs(120);

/// Why `report.pdf` was not written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "no Chromium or Chrome found to print report.pdf (looked for {} on the PATH; \
         install Chromium, or set {BROWSER_VARIABLE} to the browser's program); \
         every other output was written",
        BROWSER_NAMES.join(", ")
    )]
    NoBrowser,
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "printing {html} to PDF with {browser} failed: {reason}; every other output was written"
    )]
    Print {
        html: PathBuf,
        browser: PathBuf,
        reason: String,
    },
}

/// The browser to print with: the program [`BROWSER_VARIABLE`] names,
/// else the first usual name found on the `PATH`, else a usual install
/// location.
pub fn find_browser() -> Option<PathBuf> {
    if let Some(named) = std::env::var_os(BROWSER_VARIABLE).filter(|v| !v.is_empty()) {
        let named = PathBuf::from(named);
        return if named.components().count() > 1 {
            named.is_file().then_some(named)
        } else {
            on_path(&named.to_string_lossy())
        };
    }
    BROWSER_NAMES
        .iter()
        .find_map(|name| on_path(name))
        .or_else(|| {
            BROWSER_PATHS
                .iter()
                .map(PathBuf::from)
                .find(|p| p.is_file())
        })
}

/// The program `name` in a folder of the `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        [name.to_string(), format!("{name}.exe")]
            .into_iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
    })
}

/// Prints `out_dir/report.html` to `out_dir/report.pdf` with `browser`.
/// The PDF appears whole or not at all: it is printed under a temporary
/// name and renamed when the browser is done.
pub fn print_pdf(browser: &Path, out_dir: &Path) -> Result<PathBuf, PdfError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PdfError::Io { path, source }
    };
    let html =
        fs::canonicalize(out_dir.join("report.html")).map_err(io(&out_dir.join("report.html")))?;
    let target = out_dir.join("report.pdf");
    let partial = out_dir.join(format!(".report.pdf.printing-{}", std::process::id()));
    let profile = std::env::temp_dir().join(format!(
        "cximpact-browser-{}-{}",
        std::process::id(),
        PROFILE_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let printed = run_browser(browser, &html, &partial, &profile);
    let _ = fs::remove_dir_all(&profile);
    let fail = |reason: String| PdfError::Print {
        html: html.clone(),
        browser: browser.to_path_buf(),
        reason,
    };
    let result = printed.map_err(fail).and_then(|()| {
        let head = fs::read(&partial).map_err(|e| fail(format!("no PDF came out ({e})")))?;
        if !head.starts_with(b"%PDF") {
            return Err(fail("what came out is not a PDF".into()));
        }
        fs::rename(&partial, &target).map_err(io(&target))
    });
    let _ = fs::remove_file(&partial);
    result.map(|()| target)
}

/// Browser profiles of prints running at the same time (a batch) apart.
static PROFILE_COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Runs the headless browser on `html`, printing to `pdf`, with a fresh
/// profile folder and no network traffic of its own; stops it after
/// [`PRINT_TIMEOUT`].
fn run_browser(browser: &Path, html: &Path, pdf: &Path, profile: &Path) -> Result<(), String> {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            // The page is the tool's own file with no scripts; the sandbox
            // does not start as root or in many containers.
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(file_url(html))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("the browser did not start ({e})"))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("the browser stopped with {status}")),
            Ok(None) if started.elapsed() > PRINT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "the browser did not finish within {} s",
                    PRINT_TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("waiting for the browser failed ({e})")),
        }
    }
}

/// A `file://` URL of an absolute path, every byte outside the unreserved
/// set percent-encoded (spaces, `#` and `?` in folder names exist).
fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        // A Windows path: file:///C:/...
        url.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~:".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_encode_what_a_url_cannot_hold() {
        assert_eq!(
            file_url(Path::new("/tmp/Client A #2/report.html")),
            "file:///tmp/Client%20A%20%232/report.html"
        );
        assert_eq!(
            file_url(Path::new("/tmp/klant\u{e9}/report.html")),
            "file:///tmp/klant%C3%A9/report.html"
        );
    }

    #[test]
    fn a_missing_report_is_an_error_naming_it() {
        let dir = std::env::temp_dir().join(format!("cximpact-pdf-none-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let err = print_pdf(Path::new("/bin/true"), &dir).unwrap_err();
        assert!(err.to_string().contains("report.html"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_browser_that_prints_nothing_leaves_no_pdf() {
        let dir = std::env::temp_dir().join(format!("cximpact-pdf-true-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("report.html"), "<p>x</p>").unwrap();
        // `true` exits at once with success and prints nothing.
        let t = on_path("true").expect("`true` is on the PATH");
        let err = print_pdf(&t, &dir).unwrap_err();
        assert!(err.to_string().contains("no PDF came out"), "{err}");
        assert!(!dir.join("report.pdf").exists());
        let left: Vec<_> = fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "only report.html stays");
        fs::remove_dir_all(&dir).unwrap();
    }
}
