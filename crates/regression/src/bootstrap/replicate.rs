//! One bootstrap replicate (its draw, its descriptives and every KPI's
//! model), and running all of them over two threads.

use super::fixed_design::{FixedDesign, ReplicateModel};
use super::options::ReplicateHook;
use super::resample::Units;
use crate::rng::BootstrapStream;
use crate::RegressionError;

/// One replicate's numbers before they are gathered per KPI.
pub(super) struct Replicate {
    /// Per touchpoint: satisfaction mean among those who experienced it.
    pub(super) sat: Vec<f64>,
    /// Per touchpoint: frequency, 0-1.
    pub(super) freq: Vec<f64>,
    /// Per KPI: its model in this replicate.
    pub(super) models: Vec<ReplicateModel>,
}

/// A replicate whose models may have failed.
struct Drawn {
    sat: Vec<f64>,
    freq: Vec<f64>,
    models: Vec<Result<ReplicateModel, RegressionError>>,
}

/// Runs replicates `0..reps`, split over two threads; each replicate has
/// its own random stream (of `seed`), so results do not depend on the
/// split. `point_sat` holds the full-sample satisfaction means. The first
/// replicate's error, if any, is the result.
pub(super) fn run_replicates(
    units: &Units,
    designs: &[FixedDesign],
    point_sat: &[Option<f64>],
    reps: usize,
    seed: u64,
    hook: &ReplicateHook,
) -> Result<Vec<Replicate>, RegressionError> {
    // Each thread runs its replicates a few at a time, so that a large
    // survey's chunk sums are read once per batch rather than once per
    // replicate; a replicate's numbers do not depend on its batch.
    let run = |mine: Vec<usize>| -> Vec<Drawn> {
        let mut out = Vec::with_capacity(mine.len());
        for batch in mine.chunks(BATCH) {
            out.extend(replicates(units, designs, point_sat, seed, batch));
            for _ in batch {
                hook.tell();
            }
        }
        out
    };
    let results: Vec<Drawn> = if reps >= 4 {
        std::thread::scope(|scope| {
            let odd = scope.spawn(|| run((1..reps).step_by(2).collect()));
            let even = run((0..reps).step_by(2).collect());
            let odd = odd.join().unwrap_or_default();
            let mut all = Vec::with_capacity(reps);
            let mut odd = odd.into_iter();
            for e in even {
                all.push(e);
                if let Some(o) = odd.next() {
                    all.push(o);
                }
            }
            all
        })
    } else {
        run((0..reps).collect())
    };
    if results.len() != reps {
        return Err(RegressionError::Fit("a bootstrap thread failed".into()));
    }
    results
        .into_iter()
        .map(|r| {
            r.models
                .into_iter()
                .collect::<Result<Vec<_>, _>>()
                .map(|models| Replicate {
                    sat: r.sat,
                    freq: r.freq,
                    models,
                })
        })
        .collect()
}

/// Replicates run together by one thread (see [`run_replicates`]).
const BATCH: usize = 8;

/// Replicates `rs`: each draws its units, takes the touchpoints'
/// satisfaction means (the full sample's `point_sat` where it drew no one
/// who experienced one) and frequencies, and solves every KPI's model.
fn replicates(
    units: &Units,
    designs: &[FixedDesign],
    point_sat: &[Option<f64>],
    seed: u64,
    rs: &[usize],
) -> Vec<Drawn> {
    let t = point_sat.len();
    let counts: Vec<Vec<u32>> = rs
        .iter()
        .map(|&r| units.draw(&mut BootstrapStream::replicate(seed, r)))
        .collect();
    let mut drawn: Vec<Drawn> = counts
        .iter()
        .map(|counts| {
            let desc = units.descriptives(counts, t);
            let mut sat = Vec::with_capacity(t);
            let mut freq = Vec::with_capacity(t);
            for j in 0..t {
                let (w_all, w_exp, wx) = (desc[0], desc[1 + 2 * j], desc[2 + 2 * j]);
                freq.push(if w_all > 0.0 { w_exp / w_all } else { 0.0 });
                sat.push(if w_exp > 0.0 {
                    wx / w_exp
                } else {
                    point_sat[j].unwrap_or(0.0)
                });
            }
            Drawn {
                sat,
                freq,
                models: Vec::with_capacity(designs.len()),
            }
        })
        .collect();
    let all: Vec<&[u32]> = counts.iter().map(Vec::as_slice).collect();
    for (k, d) in designs.iter().enumerate() {
        let cross = units.cross_products_many(k, &all, d.dim);
        for ((drawn, counts), cross) in drawn.iter_mut().zip(&counts).zip(cross) {
            let logit = units.logit_fit(k, counts, d);
            drawn.models.push(d.solve(&cross, logit.as_ref()));
        }
    }
    drawn
}
