//! The respondents a yes/no KPI's logistic model is fitted on: every
//! analysed respondent who answered it, or, above [`LOGISTIC_MODEL_ROWS`],
//! a seeded simple random subsample of that many of them.
//!
//! A logistic model needs its rows: its fit passes over them a few times,
//! its decomposition fits sub-models and its bootstrap refits or takes a
//! Newton step per replicate. On a survey of millions that means a copy of
//! every touchpoint column per KPI and minutes of fitting, for intervals
//! that a hundred thousand respondents already make narrow. The linear
//! models and the descriptives of such a survey keep using everyone (they
//! come from sums, see `one_pass`); only the logistic model is fitted on
//! the subsample, and the report says so per KPI.

use cximpact_ingest::KpiColumn;
use cximpact_regression::SplitMix;

use crate::model::ModelSubsample;

/// The most respondents a logistic model is fitted on; a yes/no KPI
/// answered by more is fitted on a seeded random subsample of this many.
///
/// Why this many (measured on 1,000,000 respondents x 40 touchpoints, a
/// linear NPS and a yes/no KPI, release build): the run's peak memory is
/// 0.23 GB with 50,000, 0.33 GB with 100,000, 0.52 GB with 200,000 and
/// 2.1 GB with everyone (0.19 GB with both KPIs linear), and its CPU time
/// 15, 15, 17 and 23 s (the pseudo-R² decomposition, which runs on 20,000
/// rows whatever the cap, costs about 10 s of it). The intervals narrow
/// with the square root of the size: a what-if's 95% interval is 0.32,
/// 0.22, 0.16 and 0.07 percentage points wide. At 100,000 a what-if is
/// known to about a tenth of a percentage point either way, for a sixth
/// of the memory of a full fit.
pub const LOGISTIC_MODEL_ROWS: usize = 100_000;

/// Decorrelates the subsample's stream from the bootstrap's, which starts
/// from the same seed.
const STREAM: u64 = 0x6C6F_6769_7374_6963;

/// The rows of a logistic model of `kpi`: the `analysed` respondents who
/// answered it, or a random `cap` of them (in file order) with what the
/// draw was, when more answered.
pub(crate) fn model_rows(
    analysed: &[usize],
    kpi: &KpiColumn,
    cap: usize,
    seed: u64,
) -> (Vec<usize>, Option<ModelSubsample>) {
    let answered: Vec<usize> = analysed
        .iter()
        .copied()
        .filter(|&i| kpi.values[i].is_some())
        .collect();
    if answered.len() <= cap {
        return (answered, None);
    }
    let drawn = draw(&answered, cap, seed);
    let subsample = ModelSubsample {
        n: drawn.len(),
        of: answered.len(),
        seed,
    };
    (drawn, Some(subsample))
}

/// A simple random sample of `size` of `from`, in their order: selection
/// sampling (Knuth's algorithm S), which keeps each item with probability
/// (still needed) / (still to see), so every subset of `size` is equally
/// likely. One sequential stream: the same draw on any number of cores.
fn draw(from: &[usize], size: usize, seed: u64) -> Vec<usize> {
    let mut rng = SplitMix::new(seed ^ STREAM);
    let mut out = Vec::with_capacity(size.min(from.len()));
    for (seen, &item) in from.iter().enumerate() {
        let needed = size - out.len();
        if needed == 0 {
            break;
        }
        let left = from.len() - seen;
        if (rng.uniform() * left as f64) < needed as f64 {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use cximpact_ingest::KpiKind;

    /// The draw keeps exactly `size` items, in order, and always the same
    /// ones for a seed; another seed draws others.
    #[test]
    fn a_draw_has_its_size_in_file_order_and_follows_its_seed() {
        let from: Vec<usize> = (0..10_000).map(|i| 3 * i + 1).collect();
        let a = draw(&from, 2_500, 7);
        assert_eq!(a.len(), 2_500);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert!(a.iter().all(|x| x % 3 == 1 && *x < 30_000));
        assert_eq!(a, draw(&from, 2_500, 7));
        let b = draw(&from, 2_500, 8);
        assert_ne!(a, b);
        // Two independent quarters share about a sixteenth of the items.
        let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
        assert!((500..750).contains(&shared), "{shared}");
        assert_eq!(draw(&from, 10_000, 7), from);
        assert_eq!(draw(&from, 20_000, 7), from);
        assert!(draw(&from, 0, 7).is_empty());
    }

    /// Every item is equally likely to be drawn: over 400 seeds each of
    /// 50 items is kept about 400 x 10 / 50 = 80 times (binomial sd 8.0),
    /// the first as often as the last; and the draw's halves hold about
    /// half each.
    #[test]
    fn every_item_is_drawn_equally_often() {
        let from: Vec<usize> = (0..50).collect();
        let mut kept = [0usize; 50];
        for seed in 0..400 {
            for i in draw(&from, 10, seed) {
                kept[i] += 1;
            }
        }
        assert_eq!(kept.iter().sum::<usize>(), 4_000);
        for (i, &k) in kept.iter().enumerate() {
            assert!((48..=112).contains(&k), "item {i} drawn {k} times");
        }
        let first_half: usize = kept[..25].iter().sum();
        assert!((1_900..=2_100).contains(&first_half), "{first_half}");
    }

    /// A KPI answered by no more than the cap uses all who answered it;
    /// above the cap, a subsample of the cap's size of those who answered,
    /// with its counts.
    #[test]
    fn the_model_rows_are_the_answers_or_a_subsample_of_them() {
        let kpi = KpiColumn {
            column: "stays".into(),
            label: "Stays".into(),
            kind: KpiKind::Binary,
            scale: (0.0, 1.0),
            reverse: false,
            values: (0..1_000)
                .map(|i| (i % 4 != 0).then_some((i % 2) as f64))
                .collect::<Vec<_>>()
                .into(),
        };
        let analysed: Vec<usize> = (0..1_000).filter(|i| i % 5 != 0).collect();
        let answered = analysed.iter().filter(|&&i| i % 4 != 0).count();
        let (rows, sub) = model_rows(&analysed, &kpi, answered, 3);
        assert_eq!(rows.len(), answered);
        assert_eq!(sub, None);
        let (rows, sub) = model_rows(&analysed, &kpi, 100, 3);
        assert_eq!(rows.len(), 100);
        assert!(rows.iter().all(|&i| i % 4 != 0 && i % 5 != 0));
        assert_eq!(
            sub,
            Some(ModelSubsample {
                n: 100,
                of: answered,
                seed: 3
            })
        );
    }
}
