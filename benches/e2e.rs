//! End-to-end benchmark: `cximpact analyze` on a generated survey of
//! 1,000,000 respondents x 40 touchpoints x 3 KPIs, with the default
//! bootstrap (200 replicates) and, for comparison, without it.
//!
//! The survey is generated once (seeded) into
//! `$TMPDIR/cximpact-bench-1m/` and reused by later runs; the benchmark runs
//! the release binary as a child process, so reading the CSV (ingest),
//! modelling, the bootstrap and writing the report are all timed. Peak
//! memory is measured outside criterion on the same files:
//!
//! ```text
//! cargo bench --bench e2e            # prints the survey's path first
//! /usr/bin/time -v target/release/cximpact analyze \
//!     $TMPDIR/cximpact-bench-1m/survey.csv -q --out /tmp/out
//! ```
//!
//! `CXIMPACT_BENCH_ROWS` overrides the number of respondents (for a quick
//! trial run).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Normal};

const TOUCHPOINTS: usize = 40;

fn rows() -> usize {
    std::env::var("CXIMPACT_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

/// Writes `survey.csv` and `survey.toml` (beside it, so `analyze` finds
/// it) unless they are already there for this number of rows.
fn generate(dir: &Path, n: usize) -> PathBuf {
    let csv = dir.join("survey.csv");
    let stamp = dir.join(format!("rows-{n}"));
    if csv.is_file() && stamp.is_file() {
        return csv;
    }
    std::fs::create_dir_all(dir).expect("bench dir");
    let mut toml =
        String::from("[survey]\nid = \"id\"\nweight = \"weight\"\nnot_experienced = [\"\"]\n\n");
    for j in 0..TOUCHPOINTS {
        let _ = write!(
            toml,
            "[[touchpoint]]\ncolumn = \"tp{j:02}\"\nlabel = \"Touchpoint {j}\"\nphase = \"Phase {}\"\nscale = [1, 10]\n\n",
            j / 8 + 1
        );
    }
    toml.push_str(
        "[[kpi]]\ncolumn = \"nps\"\nlabel = \"Recommend\"\nkind = \"nps\"\nscale = [0, 10]\n\n\
         [[kpi]]\ncolumn = \"ces\"\nlabel = \"Effort\"\nkind = \"scale\"\nscale = [1, 7]\nreverse = true\n\n\
         [[kpi]]\ncolumn = \"overall\"\nlabel = \"Overall satisfaction\"\nkind = \"scale\"\nscale = [1, 10]\n",
    );
    std::fs::write(dir.join("survey.toml"), toml).expect("write config");

    let mut rng = StdRng::seed_from_u64(20261122);
    let noise = Normal::new(0.0, 1.0).expect("normal");
    // Per touchpoint: share who experience it, mean satisfaction, effects.
    let spec: Vec<(f64, f64, f64, f64)> = (0..TOUCHPOINTS)
        .map(|j| {
            let share = 0.15 + 0.85 * ((j * 37) % 40) as f64 / 40.0;
            let mean = 5.0 + 3.5 * ((j * 13) % 40) as f64 / 40.0;
            let incidence = 0.3 * (((j * 7) % 9) as f64 - 4.0) / 4.0;
            let quality = 0.12 * (((j * 11) % 7) as f64 - 2.0) / 4.0;
            (share, mean, incidence, quality)
        })
        .collect();
    let file = std::fs::File::create(&csv).expect("create csv");
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut line = String::with_capacity(256);
    line.push_str("id,weight");
    for j in 0..TOUCHPOINTS {
        let _ = write!(line, ",tp{j:02}");
    }
    line.push_str(",nps,ces,overall\n");
    out.write_all(line.as_bytes()).expect("write");
    for i in 0..n {
        line.clear();
        let weight = 0.5 + rng.random::<f64>();
        let _ = write!(line, "{i},{weight:.3}");
        let mut latent = 0.0;
        for &(share, mean, incidence, quality) in &spec {
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
        let nps = (7.0 + 1.2 * base).round().clamp(0.0, 10.0);
        let ces = (3.0 - 0.6 * base + 0.8 * noise.sample(&mut rng))
            .round()
            .clamp(1.0, 7.0);
        let overall = (7.0 + base + 0.7 * noise.sample(&mut rng))
            .round()
            .clamp(1.0, 10.0);
        let _ = writeln!(line, ",{nps},{ces},{overall}");
        out.write_all(line.as_bytes()).expect("write");
    }
    out.flush().expect("flush");
    std::fs::write(&stamp, "").expect("stamp");
    csv
}

fn analyze(csv: &Path, out: &Path, bootstrap: usize) {
    let status = Command::new(env!("CARGO_BIN_EXE_cximpact"))
        .arg("analyze")
        .arg(csv)
        .arg("--out")
        .arg(out)
        .arg("--bootstrap")
        .arg(bootstrap.to_string())
        .arg("-q")
        .status()
        .expect("run cximpact");
    assert!(status.success(), "cximpact analyze failed");
}

fn bench(c: &mut Criterion) {
    let n = rows();
    let dir = std::env::temp_dir().join(if n == 1_000_000 {
        "cximpact-bench-1m".to_string()
    } else {
        format!("cximpact-bench-{n}")
    });
    let csv = generate(&dir, n);
    eprintln!("survey: {} ({n} rows)", csv.display());
    let out = dir.join("report");
    let mut group = c.benchmark_group("e2e");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(60));
    group.bench_function(format!("analyze_{n}x{TOUCHPOINTS}x3_bootstrap200"), |b| {
        b.iter(|| analyze(&csv, &out, 200))
    });
    group.bench_function(format!("analyze_{n}x{TOUCHPOINTS}x3_no_bootstrap"), |b| {
        b.iter(|| analyze(&csv, &out, 0))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
