//! Wave against wave: what moved between the previous measurement and
//! this one.
//!
//! The two waves are independent samples, each with its own bootstrap (the
//! previous wave with a seed of its own). Pairing replicate `b` of one wave
//! with replicate `b` of the other draws from the distribution of the
//! difference, so the percentile interval of the paired differences is the
//! interval of each change. Touchpoints and KPIs are matched by column
//! name; the ones in one wave only are listed, not compared.

use crate::model::{
    impact_pct, Analysis, Comparison, KpiAnalysis, KpiComparison, TouchpointChange,
};
use cximpact_regression::{quantile, BootstrapDraws, KpiUncertainty};

/// Compares `current` with `previous` (both analysed with the same
/// options; the previous one with its own bootstrap seed).
pub fn compare(current: &Analysis, previous: Analysis, previous_file: &str) -> Comparison {
    let tp_names = |a: &Analysis| {
        a.touchpoints
            .iter()
            .map(|t| t.name.clone())
            .collect::<Vec<_>>()
    };
    let kpi_names = |a: &Analysis| a.kpis.iter().map(|k| k.name.clone()).collect::<Vec<_>>();
    let (cur_tp, prev_tp) = (tp_names(current), tp_names(&previous));
    let (cur_kpi, prev_kpi) = (kpi_names(current), kpi_names(&previous));
    let only = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter().filter(|n| !b.contains(n)).cloned().collect()
    };
    let pairs: Vec<(usize, usize)> = cur_tp
        .iter()
        .enumerate()
        .filter_map(|(j, n)| prev_tp.iter().position(|p| p == n).map(|pj| (j, pj)))
        .collect();
    let kpis = cur_kpi
        .iter()
        .enumerate()
        .filter_map(|(k, n)| {
            let pk = prev_kpi.iter().position(|p| p == n)?;
            Some(compare_kpi(current, &previous, k, pk, &pairs))
        })
        .collect();
    Comparison {
        previous_file: previous_file.to_string(),
        touchpoints_only_current: only(&cur_tp, &prev_tp),
        touchpoints_only_previous: only(&prev_tp, &cur_tp),
        kpis_only_current: only(&cur_kpi, &prev_kpi),
        kpis_only_previous: only(&prev_kpi, &cur_kpi),
        kpis,
        previous: Box::new(previous),
    }
}

fn compare_kpi(
    current: &Analysis,
    previous: &Analysis,
    k: usize,
    pk: usize,
    pairs: &[(usize, usize)],
) -> KpiComparison {
    let (ck, pkpi) = (&current.kpis[k], &previous.kpis[pk]);
    let boot = ck.uncertainty.as_ref().zip(pkpi.uncertainty.as_ref());
    let level = boot.map_or(0.95, |(u, _)| u.level);
    let nps_boot = ck
        .nps_effects
        .as_ref()
        .zip(pkpi.nps_effects.as_ref())
        .and_then(|(a, b)| Some((a.uncertainty.as_ref()?, b.uncertainty.as_ref()?)));
    let nps_change = ck
        .nps
        .as_ref()
        .zip(pkpi.nps.as_ref())
        .map(|(a, b)| a.score - b.score);
    let nps_change_ci = nps_change
        .and(nps_boot)
        .and_then(|(a, b)| change_ci(&a.draws.kpi_mean, &b.draws.kpi_mean, level));
    let mean_change_ci =
        boot.and_then(|(a, b)| change_ci(&a.draws.kpi_mean, &b.draws.kpi_mean, level));
    let touchpoints = pairs
        .iter()
        .map(|&(j, pj)| touchpoint_change(current, previous, (ck, pkpi), (j, pj), boot, level))
        .collect();
    KpiComparison {
        kpi: k,
        previous_kpi: pk,
        nps_change,
        nps_change_ci,
        mean_change: ck.model.kpi_mean - pkpi.model.kpi_mean,
        mean_change_ci,
        touchpoints,
    }
}

fn touchpoint_change(
    current: &Analysis,
    previous: &Analysis,
    (ck, pkpi): (&KpiAnalysis, &KpiAnalysis),
    (j, pj): (usize, usize),
    boot: Option<(&KpiUncertainty, &KpiUncertainty)>,
    level: f64,
) -> TouchpointChange {
    let (cd, pd) = (
        &current.touchpoints[j].descriptives,
        &previous.touchpoints[pj].descriptives,
    );
    let impact = |kpi: &KpiAnalysis, j: usize| {
        kpi.model
            .touchpoints
            .get(j)
            .map_or(0.0, |e| impact_pct(e.impact, kpi.model.r2))
    };
    // Replicate b's value of touchpoint j in one of the draw fields.
    let column = |d: &BootstrapDraws, values: &[f64], j: usize| -> Vec<f64> {
        (0..d.replicates)
            .map(|r| {
                values
                    .get(r * d.touchpoints + j)
                    .copied()
                    .unwrap_or(f64::NAN)
            })
            .collect()
    };
    let impact_column = |d: &BootstrapDraws, j: usize| -> Vec<f64> {
        (0..d.replicates)
            .map(|r| {
                let v = d
                    .impact
                    .get(r * d.touchpoints + j)
                    .copied()
                    .unwrap_or(f64::NAN);
                impact_pct(v, d.r2.get(r).copied().unwrap_or(f64::NAN))
            })
            .collect()
    };
    let paired = |f: &dyn Fn(&BootstrapDraws, usize) -> Vec<f64>| {
        boot.map(|(a, b)| (f(&a.draws, j), f(&b.draws, pj)))
    };
    let satisfaction = paired(&|d, j| column(d, &d.satisfaction, j));
    let frequency = paired(&|d, j| column(d, &d.frequency, j));
    let ci = |draws: &Option<(Vec<f64>, Vec<f64>)>| {
        draws.as_ref().and_then(|(a, b)| change_ci(a, b, level))
    };
    let satisfaction_change = cd
        .satisfaction_mean
        .zip(pd.satisfaction_mean)
        .map(|(a, b)| a - b);
    let frequency_change = cd.frequency - pd.frequency;
    let z = normal_quantile(1.0 - (1.0 - level) / 4.0);
    let beyond = |change: Option<f64>, draws: &Option<(Vec<f64>, Vec<f64>)>| {
        let se = draws.as_ref().and_then(|(a, b)| change_se(a, b));
        change.zip(se).is_some_and(|(c, se)| c.abs() > z * se)
    };
    TouchpointChange {
        touchpoint: j,
        previous_touchpoint: pj,
        satisfaction_change,
        satisfaction_change_ci: ci(&satisfaction),
        frequency_change,
        frequency_change_ci: ci(&frequency),
        impact_change: impact(ck, j) - impact(pkpi, pj),
        impact_change_ci: ci(&paired(&impact_column)),
        significant_change: boot.map(|_| {
            beyond(satisfaction_change, &satisfaction) || beyond(Some(frequency_change), &frequency)
        }),
    }
}

/// The standard deviation of `current[b] - previous[b]` over the
/// replicates both waves have; `None` when fewer than ten pairs remain.
pub fn change_se(current: &[f64], previous: &[f64]) -> Option<f64> {
    let diffs = paired_differences(current, previous)?;
    let n = diffs.len() as f64;
    let mean = diffs.iter().sum::<f64>() / n;
    let var = diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0);
    Some(var.sqrt())
}

/// `current[b] - previous[b]` over the replicates both waves have,
/// skipping pairs with a missing value; `None` when fewer than ten remain.
fn paired_differences(current: &[f64], previous: &[f64]) -> Option<Vec<f64>> {
    let diffs: Vec<f64> = current
        .iter()
        .zip(previous)
        .map(|(a, b)| a - b)
        .filter(|d| d.is_finite())
        .collect();
    (diffs.len() >= 10).then_some(diffs)
}

/// The standard normal quantile of `p`, for `p` in (0, 1).
fn normal_quantile(p: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::standard().inverse_cdf(p)
}

/// The percentile interval (at `level`) of `current[b] - previous[b]` over
/// the replicates both waves have, skipping replicates where either value
/// is missing; `None` when fewer than ten pairs remain.
pub fn change_ci(current: &[f64], previous: &[f64], level: f64) -> Option<[f64; 2]> {
    let mut diffs = paired_differences(current, previous)?;
    let alpha = (1.0 - level) / 2.0;
    let lo = quantile(&mut diffs, alpha);
    let hi = quantile(&mut diffs, 1.0 - alpha);
    Some([lo, hi])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_intervals_are_percentiles_of_paired_differences() {
        let cur: Vec<f64> = (0..100).map(|i| 10.0 + i as f64 / 100.0).collect();
        let prev = vec![9.0; 100];
        let [lo, hi] = change_ci(&cur, &prev, 0.90).unwrap();
        assert!((lo - 1.0495).abs() < 1e-9, "{lo}");
        assert!((hi - 1.9405).abs() < 1e-9, "{hi}");
        // Missing replicates are skipped; too few pairs give no interval.
        let mut gappy = cur.clone();
        gappy[3] = f64::NAN;
        assert!(change_ci(&gappy, &prev, 0.95).is_some());
        assert!(change_ci(&cur[..9], &prev[..9], 0.95).is_none());
        // The spread of the differences: sd of 0.00..0.99 in 0.01 steps.
        let se = change_se(&cur, &prev).unwrap();
        assert!((se - 0.290_115).abs() < 1e-6, "{se}");
    }

    #[test]
    fn normal_quantiles_match_tables() {
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-6);
        assert!((normal_quantile(0.9875) - 2.241_403).abs() < 1e-6);
        assert!((normal_quantile(0.005) + 2.575_829).abs() < 1e-6);
        assert!(normal_quantile(0.5).abs() < 1e-12);
    }
}
