//! Memory follows the columns a config reads, not the columns an export
//! has: an export with thousands of filled columns nobody reads is read
//! with about the memory of the same export without them. Its own test
//! binary, so that the allocator counting the bytes sees this test alone.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use cximpact_ingest::{read_survey, Config};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const ROWS: usize = 5_000;

/// An export of `ROWS` respondents: id, two touchpoints and an NPS, then
/// `unused` columns every row fills.
fn export(unused: usize) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    let mut text = String::from("id,tp_a,tp_b,nps");
    for c in 0..unused {
        text.push_str(&format!(",extra_{c}"));
    }
    text.push('\n');
    let filler: String = (0..unused).map(|c| format!(",{}", c % 7)).collect();
    for r in 0..ROWS {
        text.push_str(&format!("R{r},{},{},{}", 1 + r % 10, 1 + r % 7, r % 11));
        text.push_str(&filler);
        text.push('\n');
    }
    file.write_all(text.as_bytes()).unwrap();
    file
}

/// The peak of bytes in use while reading `path`, above what was in use
/// before.
fn peak_reading(path: &std::path::Path, config: &Config) -> usize {
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let survey = read_survey(path, config).unwrap();
    assert_eq!(survey.respondents_kept(), ROWS);
    assert_eq!(survey.touchpoints.len(), 2);
    PEAK.load(Ordering::Relaxed) - before
}

#[test]
fn thousands_of_unused_columns_cost_no_memory_per_cell() {
    let toml = "[survey]\nid = \"id\"\n[[touchpoint]]\ncolumn = \"tp_*\"\nscale = [1, 10]\n[[kpi]]\ncolumn = \"nps\"\nkind = \"nps\"\n";
    let config = Config::from_toml_str(toml, "test.toml").unwrap();
    let narrow = export(0);
    let wide = export(2_000);
    let narrow_peak = peak_reading(narrow.path(), &config);
    let wide_peak = peak_reading(wide.path(), &config);
    // The wide export holds 10 million more cells (20 MB of text); what
    // it may cost more is per column (its name, its place in the header),
    // never per cell (5,000 rows: 10 KB a column if cells were kept).
    let per_column = (wide_peak.saturating_sub(narrow_peak)) / 2_000;
    assert!(
        per_column < 2_000,
        "{narrow_peak} bytes without the unused columns, {wide_peak} with them: \
         {per_column} bytes per unused column"
    );
}
