//! End-to-end benchmark of `cximpact analyze` against the cost of reading
//! the same file: the targets of the "speed and scale" work are ratios to
//! a bare read, so both are timed in the same run and the ratios printed.
//!
//! Cases (criterion groups `read`, `e2e`, `shapley`, `binary`):
//! - **bare read**, the baseline: the csv crate reads the main survey and
//!   parses every cell of every column (ids, weights, touchpoints, KPIs)
//!   into one `Vec<f64>` per column, a blank or non-number cell as NaN,
//!   in-process. Two variants: one thread over the whole file, and two
//!   threads over its halves (split at the first newline after the middle;
//!   the generated file has no quoted line breaks), each parsing into its
//!   own columns, appended in order afterwards. The faster of the two is
//!   the baseline of the ratios, so a ratio is never flattered by a slow
//!   baseline.
//! - `analyze` of the main survey (1,000,000 respondents x 40 touchpoints x
//!   3 KPIs: an NPS, a reversed effort score, a satisfaction score;
//!   weighted) without the bootstrap and with the default bootstrap (200
//!   replicates): targets 2x and 3x the bare read.
//! - `analyze` of 100,000 respondents x 20 touchpoints with one score KPI
//!   (exact Shapley of 20 groups): target 0.5 s.
//! - `analyze` of 26,000 respondents x 14 touchpoints with a yes/no KPI
//!   (`kind = "binary"`, logistic) and the default bootstrap: target 5 s.
//!
//! Every `analyze` runs the release binary as a child process with `-q` and
//! otherwise default flags (PNG pictures included), so reading the CSV,
//! modelling, the bootstrap and writing the report are all timed, as a
//! user runs it. After criterion, a table gives each case's median (over every
//! iteration criterion ran, the warm-up included), its ratio to the bare
//! read and its target, then each `analyze` case runs once more under
//! `/usr/bin/time -v` for its peak memory (target 1 GiB for the main
//! survey).
//!
//! The surveys are generated once (seeded) under `$TMPDIR`
//! (`cximpact-bench-1m/`, `cximpact-bench-shapley-100000x20/`,
//! `cximpact-bench-binary-26000x14/`, each CSV with its config beside it)
//! and reused by later runs. `CXIMPACT_BENCH_ROWS` sets the main survey's
//! number of respondents for a quick trial run, e.g.
//! `CXIMPACT_BENCH_ROWS=20000 cargo bench --bench e2e`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion, SamplingMode};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Normal};

/// The cases, by the name the table and the timings use.
const READ_ONE: &str = "bare read, 1 thread";
const READ_TWO: &str = "bare read, 2 threads";
const NO_BOOTSTRAP: &str = "analyze, no bootstrap";
const BOOTSTRAP: &str = "analyze, bootstrap 200";
const SHAPLEY: &str = "analyze 100000x20, exact Shapley";
const BINARY: &str = "analyze 26000x14 yes/no, bootstrap 200";

/// The peak memory target of the main survey's runs.
const MEMORY_TARGET: u64 = 1 << 30;

/// Every iteration's wall time, per case.
static TIMES: Mutex<BTreeMap<&'static str, Vec<Duration>>> = Mutex::new(BTreeMap::new());

fn rows() -> usize {
    std::env::var("CXIMPACT_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

/// The KPIs of a generated survey.
#[derive(Clone, Copy)]
enum Kpis {
    /// NPS 0-10, effort 1-7 (reversed) and overall satisfaction 1-10.
    Three,
    /// Overall satisfaction 1-10 only.
    Score,
    /// "yes"/"no" satisfied, logistic in the same latent driver.
    YesNo,
}

/// A survey to generate: respondents, touchpoints, KPIs and its folder.
struct Spec {
    dir: PathBuf,
    rows: usize,
    touchpoints: usize,
    kpis: Kpis,
    seed: u64,
}

impl Spec {
    fn csv(&self) -> PathBuf {
        self.dir.join("survey.csv")
    }
}

/// The config beside a generated survey: every touchpoint on 1-10 with a
/// blank as not experienced, phases of 8, weights and ids.
fn config_text(spec: &Spec) -> String {
    let mut toml =
        String::from("[survey]\nid = \"id\"\nweight = \"weight\"\nnot_experienced = [\"\"]\n\n");
    for j in 0..spec.touchpoints {
        let _ = write!(
            toml,
            "[[touchpoint]]\ncolumn = \"tp{j:02}\"\nlabel = \"Touchpoint {j}\"\nphase = \"Phase {}\"\nscale = [1, 10]\n\n",
            j / 8 + 1
        );
    }
    toml.push_str(match spec.kpis {
        Kpis::Three => {
            "[[kpi]]\ncolumn = \"nps\"\nlabel = \"Recommend\"\nkind = \"nps\"\nscale = [0, 10]\n\n\
             [[kpi]]\ncolumn = \"ces\"\nlabel = \"Effort\"\nkind = \"scale\"\nscale = [1, 7]\nreverse = true\n\n\
             [[kpi]]\ncolumn = \"overall\"\nlabel = \"Overall satisfaction\"\nkind = \"scale\"\nscale = [1, 10]\n"
        }
        Kpis::Score => {
            "[[kpi]]\ncolumn = \"overall\"\nlabel = \"Overall satisfaction\"\nkind = \"scale\"\nscale = [1, 10]\n"
        }
        Kpis::YesNo => {
            "[[kpi]]\ncolumn = \"satisfied\"\nlabel = \"Satisfied\"\nkind = \"binary\"\nmodel = \"logistic\"\n"
        }
    });
    toml
}

/// Writes `survey.csv` and `survey.toml` (beside it, so `analyze` finds
/// it) unless they are already there for this spec.
fn generate(spec: &Spec) -> PathBuf {
    let csv = spec.csv();
    let stamp = spec.dir.join(format!("rows-{}", spec.rows));
    if csv.is_file() && stamp.is_file() {
        return csv;
    }
    std::fs::create_dir_all(&spec.dir).expect("bench dir");
    std::fs::write(spec.dir.join("survey.toml"), config_text(spec)).expect("write config");
    let file = File::create(&csv).expect("create csv");
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    write_rows(spec, &mut out);
    out.flush().expect("flush");
    std::fs::write(&stamp, "").expect("stamp");
    csv
}

/// The rows of a survey: per touchpoint a share who experience it, a mean
/// satisfaction and an incidence and quality effect on a latent driver of
/// the KPIs. Deterministic in the spec's seed.
fn write_rows(spec: &Spec, out: &mut impl std::io::Write) {
    let mut rng = StdRng::seed_from_u64(spec.seed);
    let noise = Normal::new(0.0, 1.0).expect("normal");
    let effects: Vec<(f64, f64, f64, f64)> = (0..spec.touchpoints)
        .map(|j| {
            let share = 0.15 + 0.85 * ((j * 37) % 40) as f64 / 40.0;
            let mean = 5.0 + 3.5 * ((j * 13) % 40) as f64 / 40.0;
            let incidence = 0.3 * (((j * 7) % 9) as f64 - 4.0) / 4.0;
            let quality = 0.12 * (((j * 11) % 7) as f64 - 2.0) / 4.0;
            (share, mean, incidence, quality)
        })
        .collect();
    let mut line = String::with_capacity(256);
    line.push_str("id,weight");
    for j in 0..spec.touchpoints {
        let _ = write!(line, ",tp{j:02}");
    }
    line.push_str(match spec.kpis {
        Kpis::Three => ",nps,ces,overall\n",
        Kpis::Score => ",overall\n",
        Kpis::YesNo => ",satisfied\n",
    });
    out.write_all(line.as_bytes()).expect("write");
    for i in 0..spec.rows {
        line.clear();
        let weight = 0.5 + rng.random::<f64>();
        let _ = write!(line, "{i},{weight:.3}");
        let mut latent = 0.0;
        for &(share, mean, incidence, quality) in &effects {
            if rng.random::<f64>() < share {
                let x = (mean + 1.8 * noise.sample(&mut rng))
                    .round()
                    .clamp(1.0, 10.0);
                latent += incidence + quality * (x - mean);
                let _ = write!(line, ",{x}");
            } else {
                line.push(',');
            }
        }
        let base = latent + noise.sample(&mut rng);
        match spec.kpis {
            Kpis::Three => {
                let nps = (7.0 + 1.2 * base).round().clamp(0.0, 10.0);
                let ces = (3.0 - 0.6 * base + 0.8 * noise.sample(&mut rng))
                    .round()
                    .clamp(1.0, 7.0);
                let overall = (7.0 + base + 0.7 * noise.sample(&mut rng))
                    .round()
                    .clamp(1.0, 10.0);
                let _ = writeln!(line, ",{nps},{ces},{overall}");
            }
            Kpis::Score => {
                let overall = (7.0 + base + 0.7 * noise.sample(&mut rng))
                    .round()
                    .clamp(1.0, 10.0);
                let _ = writeln!(line, ",{overall}");
            }
            Kpis::YesNo => {
                let p = 1.0 / (1.0 + (-1.5 * base).exp());
                let answer = if rng.random::<f64>() < p { "yes" } else { "no" };
                let _ = writeln!(line, ",{answer}");
            }
        }
        out.write_all(line.as_bytes()).expect("write");
    }
}

/// A cell as a number; blank or not a number is NaN.
fn cell(field: &[u8]) -> f64 {
    std::str::from_utf8(field)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN)
}

/// Parses the records of `reader` into `columns`, one value per column.
fn parse_into<R: Read>(reader: &mut csv::Reader<R>, columns: &mut [Vec<f64>]) {
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).expect("csv record") {
        for (column, field) in columns.iter_mut().zip(record.iter()) {
            column.push(cell(field));
        }
    }
}

/// The baseline, one thread: every cell of `path` as f64 columns.
fn bare_read(path: &Path) -> Vec<Vec<f64>> {
    let mut reader = csv::Reader::from_path(path).expect("open csv");
    let width = reader.byte_headers().expect("csv header").len();
    let mut columns = vec![Vec::new(); width];
    parse_into(&mut reader, &mut columns);
    columns
}

/// The baseline, two threads: the header, then each half of the data (cut
/// at the first newline after the middle) parsed by a thread of its own,
/// the second half's values appended to the first's.
fn bare_read_parallel(path: &Path) -> Vec<Vec<f64>> {
    let len = std::fs::metadata(path).expect("csv size").len();
    let mut file = BufReader::new(File::open(path).expect("open csv"));
    let mut header = Vec::new();
    file.read_until(b'\n', &mut header).expect("csv header");
    let width = csv::Reader::from_reader(header.as_slice())
        .byte_headers()
        .expect("csv header")
        .len();
    let start = header.len() as u64;
    let middle = start + (len - start) / 2;
    file.seek(SeekFrom::Start(middle)).expect("seek");
    let mut rest = Vec::new();
    file.read_until(b'\n', &mut rest).expect("read");
    let cut = (middle + rest.len() as u64).min(len);
    let half = |from: u64, to: u64| {
        let mut file = File::open(path).expect("open csv");
        file.seek(SeekFrom::Start(from)).expect("seek");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(BufReader::with_capacity(1 << 16, file.take(to - from)));
        let mut columns = vec![Vec::new(); width];
        parse_into(&mut reader, &mut columns);
        columns
    };
    let (mut first, second) = std::thread::scope(|s| {
        let second = s.spawn(|| half(cut, len));
        (half(start, cut), second.join().expect("reader thread"))
    });
    for (column, more) in first.iter_mut().zip(second) {
        column.extend(more);
    }
    first
}

fn analyze(csv: &Path, bootstrap: usize) {
    let out = csv.with_file_name("report");
    let status = analyze_command(csv, &out, bootstrap)
        .status()
        .expect("run cximpact");
    assert!(
        status.success(),
        "cximpact analyze {} failed",
        csv.display()
    );
}

fn analyze_command(csv: &Path, out: &Path, bootstrap: usize) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cximpact"));
    command
        .arg("analyze")
        .arg(csv)
        .arg("--out")
        .arg(out)
        .arg("--bootstrap")
        .arg(bootstrap.to_string())
        .arg("-q");
    command
}

/// Runs `f` `iters` times, recording each run's time under `case`.
fn timed(case: &'static str, iters: u64, mut f: impl FnMut()) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        f();
        let took = start.elapsed();
        total += took;
        if let Ok(mut times) = TIMES.lock() {
            times.entry(case).or_default().push(took);
        }
    }
    total
}

fn bench(c: &mut Criterion) {
    let n = rows();
    let tmp = std::env::temp_dir();
    let main = Spec {
        dir: tmp.join(if n == 1_000_000 {
            "cximpact-bench-1m".to_string()
        } else {
            format!("cximpact-bench-{n}")
        }),
        rows: n,
        touchpoints: 40,
        kpis: Kpis::Three,
        seed: 20261122,
    };
    let shapley = Spec {
        dir: tmp.join("cximpact-bench-shapley-100000x20"),
        rows: 100_000,
        touchpoints: 20,
        kpis: Kpis::Score,
        seed: 20261123,
    };
    let binary = Spec {
        dir: tmp.join("cximpact-bench-binary-26000x14"),
        rows: 26_000,
        touchpoints: 14,
        kpis: Kpis::YesNo,
        seed: 20261124,
    };
    let surveys = [&main, &shapley, &binary].map(generate);
    let [csv, shapley_csv, binary_csv] = &surveys;
    eprintln!("survey: {} ({n} rows)", csv.display());

    let mut group = c.benchmark_group("read");
    configure(&mut group);
    group.bench_function("bare_read_1_thread", |b| {
        b.iter_custom(|i| timed(READ_ONE, i, || drop(bare_read(csv))))
    });
    group.bench_function("bare_read_2_threads", |b| {
        b.iter_custom(|i| timed(READ_TWO, i, || drop(bare_read_parallel(csv))))
    });
    group.finish();

    let mut group = c.benchmark_group("e2e");
    configure(&mut group);
    group.bench_function(format!("analyze_{n}x40x3_no_bootstrap"), |b| {
        b.iter_custom(|i| timed(NO_BOOTSTRAP, i, || analyze(csv, 0)))
    });
    group.bench_function(format!("analyze_{n}x40x3_bootstrap200"), |b| {
        b.iter_custom(|i| timed(BOOTSTRAP, i, || analyze(csv, 200)))
    });
    group.finish();

    let mut group = c.benchmark_group("shapley");
    configure(&mut group);
    group.bench_function("analyze_100000x20_exact", |b| {
        b.iter_custom(|i| timed(SHAPLEY, i, || analyze(shapley_csv, 0)))
    });
    group.finish();

    let mut group = c.benchmark_group("binary");
    configure(&mut group);
    group.bench_function("analyze_26000x14_yes_no_bootstrap200", |b| {
        b.iter_custom(|i| timed(BINARY, i, || analyze(binary_csv, 200)))
    });
    group.finish();

    let runs = [
        (NO_BOOTSTRAP, csv, 0, Some(MEMORY_TARGET)),
        (BOOTSTRAP, csv, 200, Some(MEMORY_TARGET)),
        (SHAPLEY, shapley_csv, 0, None),
        (BINARY, binary_csv, 200, None),
    ];
    print_table(n, &runs);
}

/// Ten samples (criterion's least), one run each for the slow cases: the
/// 1M survey takes many seconds per run.
fn configure(group: &mut criterion::BenchmarkGroup<criterion::measurement::WallTime>) {
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(5));
}

/// A time target: at most `ratio` times the bare read, or at most an
/// absolute time.
enum Target {
    Ratio(f64),
    Seconds(f64),
}

/// The final table: medians, ratios to the bare read, targets, and the
/// `analyze` cases' peak memory.
fn print_table(n: usize, runs: &[(&'static str, &PathBuf, usize, Option<u64>)]) {
    let times = TIMES.lock().map(|t| t.clone()).unwrap_or_default();
    let median_of = |case: &str| times.get(case).map(|t| median(t));
    let read = [READ_ONE, READ_TWO]
        .into_iter()
        .filter_map(|c| median_of(c).map(|m| (c, m)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    let targets = [
        (READ_ONE, None),
        (READ_TWO, None),
        (NO_BOOTSTRAP, Some(Target::Ratio(2.0))),
        (BOOTSTRAP, Some(Target::Ratio(3.0))),
        (SHAPLEY, Some(Target::Seconds(0.5))),
        (BINARY, Some(Target::Seconds(5.0))),
    ];
    println!();
    println!("main survey: {n} respondents x 40 touchpoints x 3 KPIs");
    match read {
        Some((case, _)) => println!("baseline: {case} (the faster bare read)"),
        None => println!("baseline: not run (no ratios)"),
    }
    println!(
        "{:<40} {:>9} {:>7} {:>9}  verdict",
        "case", "median", "runs", "ratio"
    );
    for (case, target) in targets {
        let Some(m) = median_of(case) else {
            println!("{case:<40} not run");
            continue;
        };
        let runs = times.get(case).map_or(0, Vec::len);
        // Ratios only on the file the bare read reads.
        let same_file = !matches!(target, Some(Target::Seconds(_)));
        let ratio = read.filter(|_| same_file).map(|(_, r)| m / r);
        let ratio_text = ratio.map_or("-".to_string(), |r| format!("{r:.2}x"));
        let verdict = match target {
            None => String::new(),
            Some(Target::Ratio(max)) => match ratio {
                Some(r) => format!("<= {max}x: {}", ok(r <= max)),
                None => format!("<= {max}x: no baseline"),
            },
            Some(Target::Seconds(max)) => format!("<= {max} s: {}", ok(m <= max)),
        };
        println!("{case:<40} {m:>7.3} s {runs:>7} {ratio_text:>9}  {verdict}");
    }
    print_memory(runs, &times);
}

fn ok(within: bool) -> &'static str {
    if within {
        "ok"
    } else {
        "over"
    }
}

/// Each `analyze` case that was timed runs once more under
/// `/usr/bin/time -v`; its maximum resident set size is printed, against
/// the target where there is one.
fn print_memory(
    runs: &[(&'static str, &PathBuf, usize, Option<u64>)],
    times: &BTreeMap<&'static str, Vec<Duration>>,
) {
    let time = Path::new("/usr/bin/time");
    println!();
    if !time.is_file() {
        println!("peak memory: not measured (/usr/bin/time is missing)");
        return;
    }
    println!("{:<40} {:>10}  verdict", "peak memory", "max RSS");
    for &(case, csv, bootstrap, target) in runs {
        if !times.contains_key(case) {
            continue;
        }
        let out = csv.with_file_name("report");
        let inner = analyze_command(csv, &out, bootstrap);
        let output = Command::new(time)
            .arg("-v")
            .arg(inner.get_program())
            .args(inner.get_args())
            .output();
        let peak = output.ok().and_then(|o| {
            let stderr = String::from_utf8_lossy(&o.stderr);
            o.status.success().then(|| max_rss(&stderr)).flatten()
        });
        let Some(bytes) = peak else {
            println!("{case:<40} {:>10}", "failed");
            continue;
        };
        let verdict = target.map_or(String::new(), |t| {
            format!("<= {}: {}", gib(t), ok(bytes <= t))
        });
        println!("{case:<40} {:>10}  {verdict}", gib(bytes));
    }
}

/// "Maximum resident set size (kbytes): N" of `time -v`, in bytes.
fn max_rss(report: &str) -> Option<u64> {
    report.lines().find_map(|line| {
        let kb = line
            .trim()
            .strip_prefix("Maximum resident set size (kbytes):")?;
        kb.trim().parse::<u64>().ok().map(|k| k * 1024)
    })
}

fn gib(bytes: u64) -> String {
    format!("{:.2} GiB", bytes as f64 / (1u64 << 30) as f64)
}

/// The median of the run times, in seconds.
fn median(times: &[Duration]) -> f64 {
    let mut s: Vec<f64> = times.iter().map(Duration::as_secs_f64).collect();
    s.sort_by(f64::total_cmp);
    let mid = s.len() / 2;
    if s.len().is_multiple_of(2) {
        (s[mid - 1] + s[mid]) / 2.0
    } else {
        s[mid]
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
