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
    let run = |r: usize| -> Drawn {
        let drawn = replicate(units, designs, point_sat, seed, r);
        hook.tell();
        drawn
    };
    let results: Vec<Drawn> = if reps >= 4 {
        std::thread::scope(|scope| {
            let odd = scope.spawn(|| (1..reps).step_by(2).map(run).collect::<Vec<_>>());
            let even: Vec<Drawn> = (0..reps).step_by(2).map(run).collect();
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
        (0..reps).map(run).collect()
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

/// Replicate `r`: draws its units, takes the touchpoints' satisfaction
/// means (the full sample's `point_sat` where it drew no one who
/// experienced one) and frequencies, and solves every KPI's model.
fn replicate(
    units: &Units,
    designs: &[FixedDesign],
    point_sat: &[Option<f64>],
    seed: u64,
    r: usize,
) -> Drawn {
    let t = point_sat.len();
    let counts = units.draw(&mut BootstrapStream::replicate(seed, r));
    let desc = units.descriptives(&counts, t);
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
    let models = designs
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let logit = units.logit_fit(k, &counts, d);
            d.solve(&units.cross_products(k, &counts, d.dim), logit.as_ref())
        })
        .collect();
    Drawn { sat, freq, models }
}
