//! Performance and frequency of a touchpoint, and the Net Promoter Score:
//! the descriptive numbers of the matrix, weighted where weights are given.

use crate::{Descriptives, NpsSummary};

/// Describes one touchpoint over a set of respondents.
///
/// `values[i]` is respondent `i`'s satisfaction (`None` = not experienced),
/// `weights` the optional survey weights (same length; the caller validates
/// them), `top_box_from` the lowest score that counts as top box.
///
/// Frequency is `sum(w_i d_i) / sum(w_i)`; mean, standard deviation, median
/// and top-box share are weighted and taken among those who experienced it.
pub fn describe(
    values: &[Option<f64>],
    weights: Option<&[f64]>,
    top_box_from: f64,
) -> Descriptives {
    let w = |i: usize| weights.map_or(1.0, |w| w[i]);
    let total: f64 = (0..values.len()).map(w).sum();
    let rated: Vec<(f64, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (v, w(i))))
        .collect();
    let n_experienced = rated.len();
    summarise(rated, n_experienced, values.len(), total, top_box_from)
}

/// [`describe`] from a touchpoint's rating histogram: `levels` holds each
/// distinct rating with its summed weight and its count, `total` the
/// summed weight and `n_total` the number of all the respondents described
/// (those who did not experience it included). The same numbers as
/// [`describe`] on the rows, to rounding.
pub fn describe_levels(
    levels: &[(f64, f64, usize)],
    total: f64,
    n_total: usize,
    top_box_from: f64,
) -> Descriptives {
    let rated: Vec<(f64, f64)> = levels.iter().map(|&(v, w, _)| (v, w)).collect();
    let n_experienced = levels.iter().map(|l| l.2).sum();
    summarise(rated, n_experienced, n_total, total, top_box_from)
}

/// The descriptives of `(rating, weight)` pairs (one per respondent, or one
/// per distinct rating with the summed weight).
fn summarise(
    mut rated: Vec<(f64, f64)>,
    n_experienced: usize,
    n_total: usize,
    total: f64,
    top_box_from: f64,
) -> Descriptives {
    let w_exp: f64 = rated.iter().map(|(_, w)| w).sum();
    let frequency = if total > 0.0 { w_exp / total } else { 0.0 };
    if n_experienced == 0 || w_exp <= 0.0 {
        return Descriptives {
            n_experienced,
            n_total,
            frequency,
            satisfaction_mean: None,
            satisfaction_sd: None,
            satisfaction_median: None,
            top_box_share: None,
        };
    }
    let mean = rated.iter().map(|(v, w)| v * w).sum::<f64>() / w_exp;
    let var = rated
        .iter()
        .map(|(v, w)| w * (v - mean).powi(2))
        .sum::<f64>()
        / w_exp;
    let top = rated
        .iter()
        .filter(|(v, _)| *v >= top_box_from)
        .map(|(_, w)| w)
        .sum::<f64>()
        / w_exp;
    rated.sort_by(|a, b| a.0.total_cmp(&b.0));
    Descriptives {
        n_experienced,
        n_total,
        frequency,
        satisfaction_mean: Some(mean),
        satisfaction_sd: Some(var.sqrt()),
        satisfaction_median: Some(weighted_median(&rated, w_exp)),
        top_box_share: Some(top),
    }
}

/// The weighted median of `(value, weight)` pairs sorted by value: the
/// smallest value whose cumulative weight reaches half the total, averaged
/// with the next value when the cumulative weight lands on half exactly (so
/// that unweighted data give the textbook median).
fn weighted_median(sorted: &[(f64, f64)], total: f64) -> f64 {
    let half = total / 2.0;
    let mut cum = 0.0;
    for (k, (v, w)) in sorted.iter().enumerate() {
        cum += w;
        if (cum - half).abs() <= 1e-12 * total.max(1.0) {
            return match sorted.get(k + 1) {
                Some((next, _)) => (v + next) / 2.0,
                None => *v,
            };
        }
        if cum > half {
            return *v;
        }
    }
    sorted.last().map_or(f64::NAN, |(v, _)| *v)
}

/// One customer's contribution to the NPS: +100 for a promoter (9-10), 0
/// for a passive (7-8), -100 for a detractor (0-6), with the thresholds of
/// [`nps`]. The weighted mean of the contributions is the NPS, so a linear
/// model of them gives effects in NPS points.
pub fn nps_contribution(score: f64) -> f64 {
    if score >= 9.0 {
        100.0
    } else if score >= 7.0 {
        0.0
    } else {
        -100.0
    }
}

/// Net Promoter Score of 0-10 answers: promoters answer 9-10, passives 7-8,
/// detractors 0-6; the score is `100 * (promoters - detractors)` with
/// weighted shares. Returns `None` when there are no answers.
pub fn nps(scores: &[f64], weights: Option<&[f64]>) -> Option<NpsSummary> {
    if scores.is_empty() {
        return None;
    }
    let w = |i: usize| weights.map_or(1.0, |w| w[i]);
    let (mut pro, mut pas, mut det, mut total) = (0.0, 0.0, 0.0, 0.0);
    for (i, &s) in scores.iter().enumerate() {
        let wi = w(i);
        total += wi;
        if s >= 9.0 {
            pro += wi;
        } else if s >= 7.0 {
            pas += wi;
        } else {
            det += wi;
        }
    }
    if total <= 0.0 {
        return None;
    }
    let (promoters, passives, detractors) = (pro / total, pas / total, det / total);
    Some(NpsSummary {
        n: scores.len(),
        score: 100.0 * (promoters - detractors),
        promoters,
        passives,
        detractors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-12;

    #[test]
    fn describes_unweighted_touchpoint() {
        // Rated by 4 of 5: 6, 8, 9, 10. Mean 8.25; variance
        // ((2.25)^2 + 0.25^2 + 0.75^2 + 1.75^2) / 4 = 8.75 / 4; median (8+9)/2;
        // top box (>= 9): 2 of 4.
        let d = describe(
            &[Some(8.0), None, Some(6.0), Some(10.0), Some(9.0)],
            None,
            9.0,
        );
        assert_eq!(d.n_experienced, 4);
        assert_eq!(d.n_total, 5);
        assert!((d.frequency - 0.8).abs() < EPS);
        assert!((d.satisfaction_mean.unwrap() - 8.25).abs() < EPS);
        assert!((d.satisfaction_sd.unwrap() - (8.75f64 / 4.0).sqrt()).abs() < EPS);
        assert!((d.satisfaction_median.unwrap() - 8.5).abs() < EPS);
        assert!((d.top_box_share.unwrap() - 0.5).abs() < EPS);
    }

    #[test]
    fn weights_count_like_duplicated_rows() {
        // Weight 2 on the first respondent equals listing it twice.
        let weighted = describe(&[Some(4.0), Some(10.0), None], Some(&[2.0, 1.0, 1.0]), 9.0);
        let duplicated = describe(&[Some(4.0), Some(4.0), Some(10.0), None], None, 9.0);
        assert!((weighted.frequency - duplicated.frequency).abs() < EPS);
        assert!((weighted.satisfaction_mean.unwrap() - 6.0).abs() < EPS);
        assert_eq!(weighted.satisfaction_median, duplicated.satisfaction_median);
        assert_eq!(weighted.top_box_share, duplicated.top_box_share);
    }

    #[test]
    fn nobody_experienced_gives_no_performance() {
        let d = describe(&[None, None], None, 9.0);
        assert_eq!(d.n_experienced, 0);
        assert_eq!(d.frequency, 0.0);
        assert_eq!(d.satisfaction_mean, None);
        assert_eq!(d.top_box_share, None);
    }

    #[test]
    fn nps_from_shares() {
        // 3 promoters (9, 10, 9), 1 passive (7), 2 detractors (6, 0) of 6:
        // NPS = 100 * (3 - 2) / 6.
        let s = nps(&[9.0, 10.0, 7.0, 6.0, 0.0, 9.0], None).unwrap();
        assert_eq!(s.n, 6);
        assert!((s.score - 100.0 / 6.0).abs() < 1e-9);
        assert!((s.promoters - 0.5).abs() < EPS);
        assert!((s.passives - 1.0 / 6.0).abs() < EPS);
        assert!((s.detractors - 1.0 / 3.0).abs() < EPS);
        assert!(nps(&[], None).is_none());
    }

    #[test]
    fn weighted_nps() {
        // A promoter weighted 3 against a detractor weighted 1: 75% - 25%.
        let s = nps(&[10.0, 3.0], Some(&[3.0, 1.0])).unwrap();
        assert!((s.score - 50.0).abs() < 1e-9);
    }
}

#[cfg(test)]
mod levels_tests {
    use super::*;

    /// The histogram gives the rows' descriptives, median ties included.
    #[test]
    fn levels_describe_like_rows() {
        let values: Vec<Option<f64>> = [3.0, 7.0, 7.0, 9.0, 10.0, 5.0, 7.0, 9.0]
            .iter()
            .map(|&v| Some(v))
            .chain([None, None])
            .collect();
        for weights in [
            None,
            Some(vec![1.0, 0.5, 2.0, 1.5, 1.0, 0.7, 1.3, 1.0, 2.0, 1.0]),
        ] {
            let rows = describe(&values, weights.as_deref(), 9.0);
            let w = |i: usize| weights.as_ref().map_or(1.0, |w| w[i]);
            let mut levels: Vec<(f64, f64, usize)> = Vec::new();
            for (i, v) in values.iter().enumerate() {
                let Some(v) = *v else { continue };
                match levels.iter_mut().find(|l| l.0 == v) {
                    Some(l) => {
                        l.1 += w(i);
                        l.2 += 1;
                    }
                    None => levels.push((v, w(i), 1)),
                }
            }
            let total: f64 = (0..values.len()).map(w).sum();
            let sums = describe_levels(&levels, total, values.len(), 9.0);
            assert_eq!(rows.n_experienced, sums.n_experienced);
            assert_eq!(rows.n_total, sums.n_total);
            assert_eq!(rows.satisfaction_median, sums.satisfaction_median);
            for (a, b) in [
                (Some(rows.frequency), Some(sums.frequency)),
                (rows.satisfaction_mean, sums.satisfaction_mean),
                (rows.satisfaction_sd, sums.satisfaction_sd),
                (rows.top_box_share, sums.top_box_share),
            ] {
                assert!((a.unwrap() - b.unwrap()).abs() < 1e-12);
            }
        }
    }
}
