//! The model from sufficient statistics against the model from the rows.

use super::*;
use crate::{add_gains, fit_kpi, DriverData};

/// A seeded survey: `t` touchpoints with different reach, one of them
/// rated the same by everyone, one experienced by almost everyone, two
/// skipped together; a KPI driven by some of them; weights when asked.
fn survey(seed: u64, n: usize, t: usize, weighted: bool) -> DriverData {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut touchpoints: Vec<Vec<Option<f64>>> = vec![Vec::new(); t];
    let mut kpi = Vec::with_capacity(n);
    let mut weights = Vec::with_capacity(n);
    for _ in 0..n {
        let mut y = 6.0 + 1.5 * (next() - 0.5);
        let together = next() < 0.6;
        for (j, tp) in touchpoints.iter_mut().enumerate() {
            let reach = match j {
                1 => 0.998,
                2 | 3 => {
                    if together {
                        1.0
                    } else {
                        0.0
                    }
                }
                _ => 0.2 + 0.7 * ((j * 7) % 10) as f64 / 10.0,
            };
            if next() < reach {
                let x = if j == 0 {
                    7.0
                } else {
                    (1.0 + next() * 9.99).floor()
                };
                y += 0.15 * ((j % 4) as f64 - 1.0) * (x - 5.5) / 4.5
                    + if j % 3 == 0 { -0.3 } else { 0.2 };
                tp.push(Some(x));
            } else {
                tp.push(None);
            }
        }
        kpi.push(y.round().clamp(0.0, 10.0));
        weights.push(0.4 + 1.2 * next());
    }
    DriverData {
        kpi,
        touchpoints,
        weights: weighted.then_some(weights),
    }
}

fn moments_of(data: &DriverData, tops: &[f64]) -> Moments {
    let t = data.touchpoints.len();
    let mut m = MomentsBuilder::new(Moments::new(vec![5.5; t], vec![5.0]));
    let mut scratch = ProductScratch::default();
    let mut x = vec![None; t];
    for i in 0..data.kpi.len() {
        for (j, tp) in data.touchpoints.iter().enumerate() {
            x[j] = tp[i];
        }
        let w = data.weights.as_ref().map_or(1.0, |w| w[i]);
        m.add(w, &x, tops, [0.0, 0.0], &[data.kpi[i]], &mut scratch);
    }
    m.finish(&mut scratch)
}

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-3),
        "{what}: {a} vs {b}"
    );
}

fn opt_close(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (Some(a), Some(b)) => close(a, b, what),
        (None, None) => {}
        _ => panic!("{what}: {a:?} vs {b:?}"),
    }
}

/// The same model, term by term, from the rows and from the sums: over
/// seeds, weighted and not, on the covariance and on the QR path of the
/// rows fit.
#[test]
fn moments_fit_equals_rows_fit() {
    let opts = ModelOptions {
        min_not_experienced: 30,
        ..ModelOptions::default()
    };
    for seed in 1..=8u64 {
        let n = if seed % 4 == 0 {
            21_000
        } else {
            1_500 + 300 * seed as usize
        };
        let t = 6 + (seed as usize % 5);
        let data = survey(seed, n, t, seed % 2 == 0);
        let tops = vec![10.0; t];
        let mut rows = fit_kpi(&data, &opts).expect("rows fit");
        add_gains(&mut rows, &data, &tops).expect("gains");
        let sums = fit_kpi_moments(&moments_of(&data, &tops), 0, &opts).expect("moments fit");
        assert_eq!(rows.dropped, sums.dropped, "seed {seed}");
        assert_eq!(rows.n, sums.n);
        assert_eq!(rows.n_terms, sums.n_terms);
        assert_eq!(rows.importance_method, sums.importance_method);
        close(rows.r2, sums.r2, "r2");
        close(rows.intercept, sums.intercept, "intercept");
        close(rows.kpi_mean, sums.kpi_mean, "kpi mean");
        close(rows.kpi_sd, sums.kpi_sd, "kpi sd");
        close(rows.weighted_n, sums.weighted_n, "weighted n");
        for (a, b) in rows.touchpoints.iter().zip(&sums.touchpoints) {
            assert_eq!(a.n_experienced, b.n_experienced);
            assert_eq!(a.small_base, b.small_base);
            assert_eq!(a.impact_basis, b.impact_basis);
            opt_close(a.centre, b.centre, "centre");
            opt_close(a.incidence_effect, b.incidence_effect, "incidence");
            opt_close(a.quality_effect, b.quality_effect, "quality");
            opt_close(a.quality_effect_std, b.quality_effect_std, "quality std");
            close(a.importance, b.importance, "importance");
            close(a.impact, b.impact, "impact");
            close(a.relative_weight, b.relative_weight, "relative weight");
            opt_close(a.gain_one_point, b.gain_one_point, "gain one point");
            opt_close(a.gain_prevent, b.gain_prevent, "gain prevent");
        }
    }
}

/// Sums are additive: the moments of two halves merged equal the moments
/// of the whole.
#[test]
fn merged_halves_equal_the_whole() {
    let data = survey(3, 2_000, 7, true);
    let tops = vec![10.0; 7];
    let whole = moments_of(&data, &tops);
    let half = |range: std::ops::Range<usize>| DriverData {
        kpi: data.kpi[range.clone()].to_vec(),
        touchpoints: data
            .touchpoints
            .iter()
            .map(|tp| tp[range.clone()].to_vec())
            .collect(),
        weights: data.weights.as_ref().map(|w| w[range.clone()].to_vec()),
    };
    let mut merged = moments_of(&half(0..900), &tops);
    merged.merge(&moments_of(&half(900..2_000), &tops));
    assert_eq!(merged.n, whole.n);
    assert_eq!(merged.n_experienced, whole.n_experienced);
    assert_eq!(merged.rating_min, whole.rating_min);
    assert_eq!(merged.rating_max, whole.rating_max);
    assert_eq!(merged.answers, whole.answers);
    for (a, b) in merged.cross.iter().zip(&whole.cross) {
        close(*a, *b, "cross-product");
    }
}

/// The capacity rule sees the rarer answer of a yes/no KPI in the sums as
/// in the rows.
#[test]
fn rarer_answer_is_counted() {
    let mut a = Answers::default();
    for y in [1.0, 0.0, 1.0, 1.0] {
        a.add(y);
    }
    assert_eq!(a.rarer(), Some(1));
    let mut b = Answers::default();
    b.add(0.0);
    b.add(0.0);
    a.merge(b);
    assert_eq!(a.rarer(), Some(3));
    a.add(2.0);
    assert_eq!(a.rarer(), None);
}

/// The block bootstrap from per-chunk sums draws the same replicates as the
/// block bootstrap from the rows: every replicate value agrees.
#[test]
fn bootstrap_from_chunk_sums_equals_bootstrap_from_rows() {
    use crate::{
        bootstrap, bootstrap_chunk, bootstrap_moments, bootstrap_noise, BootstrapOptions,
        KpiSample, MomentSample, SurveySample,
    };
    let n = 24_000;
    let t = 7;
    let data = survey(11, n, t, true);
    let opts = ModelOptions::default();
    let tops = vec![10.0; t];
    let mut model = fit_kpi(&data, &opts).expect("fit");
    add_gains(&mut model, &data, &tops).expect("gains");
    let boot = BootstrapOptions {
        replicates: 40,
        chunks: 64,
        ..BootstrapOptions::default()
    };
    let rows: Vec<usize> = (0..n).collect();
    let kpi: Vec<Option<f64>> = data.kpi.iter().map(|&y| Some(y)).collect();
    let sample = SurveySample {
        touchpoints: data.touchpoints.iter().map(Vec::as_slice).collect(),
        weights: data.weights.as_deref(),
        rows: &rows,
    };
    let from_rows = bootstrap(
        &sample,
        &[KpiSample {
            kpi: &kpi,
            model: &model,
            importance: true,
        }],
        &boot,
    )
    .expect("rows bootstrap");

    let noise = bootstrap_noise(n, boot.seed);
    let mut chunks: Vec<MomentsBuilder> = (0..boot.chunks)
        .map(|_| MomentsBuilder::new(Moments::new(vec![5.5; t], vec![5.0])))
        .collect();
    let mut scratch = ProductScratch::default();
    let mut desc = vec![vec![0.0; 1 + 2 * t]; boot.chunks];
    let mut x = vec![None; t];
    for i in 0..n {
        let c = bootstrap_chunk(i, &boot);
        let w = data.weights.as_ref().map_or(1.0, |w| w[i]);
        desc[c][0] += w;
        for (j, tp) in data.touchpoints.iter().enumerate() {
            x[j] = tp[i];
            if let Some(v) = tp[i] {
                desc[c][1 + 2 * j] += w;
                desc[c][2 + 2 * j] += w * v;
            }
        }
        chunks[c].add(w, &x, &tops, noise[i], &[data.kpi[i]], &mut scratch);
    }
    let chunks: Vec<Moments> = chunks.into_iter().map(|b| b.finish(&mut scratch)).collect();
    let mut whole = chunks[0].clone();
    for c in &chunks[1..] {
        whole.merge(c);
    }
    let from_sums_model = fit_kpi_moments(&whole, 0, &opts).expect("moments fit");
    let from_sums = bootstrap_moments(
        desc,
        &[MomentSample {
            chunks: &chunks,
            y: 0,
            model: &from_sums_model,
            importance: true,
        }],
        &boot,
    )
    .expect("moments bootstrap");
    let (a, b) = (&from_rows[0].draws, &from_sums[0].draws);
    assert_eq!(a.r2.len(), 40);
    let same = |x: &[f64], y: &[f64], what: &str| {
        assert_eq!(x.len(), y.len(), "{what}");
        for (u, v) in x.iter().zip(y) {
            assert!(
                (u - v).abs() <= 1e-8 * u.abs().max(1e-3),
                "{what}: {u} vs {v}"
            );
        }
    };
    same(&a.satisfaction, &b.satisfaction, "satisfaction");
    same(&a.frequency, &b.frequency, "frequency");
    same(&a.importance, &b.importance, "importance");
    same(&a.impact, &b.impact, "impact");
    same(&a.r2, &b.r2, "r2");
    same(&a.noise, &b.noise, "noise");
    same(&a.kpi_mean, &b.kpi_mean, "kpi mean");
    let flat = |v: &[Option<f64>]| v.iter().map(|g| g.unwrap_or(0.0)).collect::<Vec<_>>();
    same(&flat(&a.gain_one_point), &flat(&b.gain_one_point), "gain");
    same(&flat(&a.gain_prevent), &flat(&b.gain_prevent), "prevent");
    assert_eq!(from_rows[0].chunks, from_sums[0].chunks);
}

/// The batched builder's sums equal a plain sum of `w r r'` over the raw
/// vectors as the module docs define them, with the counts.
#[test]
fn builder_sums_the_raw_vectors() {
    let data = survey(5, 1_000, 6, true);
    let tops = vec![10.0; 6];
    let batched = moments_of(&data, &tops);
    let dim = batched.dim();
    let mut plain = vec![0.0; dim * dim];
    let mut headroom = [0.0; 6];
    for i in 0..data.kpi.len() {
        let w = data.weights.as_ref().map_or(1.0, |w| w[i]);
        let mut r = vec![0.0; dim];
        r[0] = 1.0;
        for (j, tp) in data.touchpoints.iter().enumerate() {
            if let Some(x) = tp[i] {
                r[1 + 2 * j] = 1.0;
                r[2 + 2 * j] = x - 5.5;
                headroom[j] += w * (10.0 - x).min(1.0);
            }
        }
        r[dim - 1] = data.kpi[i] - 5.0;
        for a in 0..dim {
            for b in 0..dim {
                plain[a * dim + b] += w * r[a] * r[b];
            }
        }
    }
    assert_eq!(batched.n, data.kpi.len());
    for a in 0..dim {
        for b in a..dim {
            close(batched.at(a, b), plain[a * dim + b], "cross-product");
        }
    }
    for (a, b) in batched.headroom.iter().zip(&headroom) {
        close(*a, *b, "headroom");
    }
    let experienced: Vec<usize> = data
        .touchpoints
        .iter()
        .map(|tp| tp.iter().filter(|v| v.is_some()).count())
        .collect();
    assert_eq!(batched.n_experienced, experienced);
}

/// The group-difference tests from the whole sample's and the group's
/// moments equal the tests on the rows.
#[test]
fn group_differences_from_moments_equal_the_rows() {
    use crate::{group_differences, group_differences_moments};
    let opts = ModelOptions::default();
    for seed in [2u64, 5, 9] {
        let data = survey(seed, 6_000, 7, seed != 5);
        let tops = vec![10.0; 7];
        // A group of about a third, by a hash of the position.
        let in_group: Vec<bool> = (0..data.kpi.len())
            .map(|i| (i * 2654435761) % 97 < 33)
            .collect();
        let rows = group_differences(&data, &opts, &in_group).expect("rows");
        let whole = moments_of(&data, &tops);
        let pick = |keep: bool| DriverData {
            kpi: (0..data.kpi.len())
                .filter(|&i| in_group[i] == keep)
                .map(|i| data.kpi[i])
                .collect(),
            touchpoints: data
                .touchpoints
                .iter()
                .map(|tp| {
                    (0..tp.len())
                        .filter(|&i| in_group[i] == keep)
                        .map(|i| tp[i])
                        .collect()
                })
                .collect(),
            weights: data.weights.as_ref().map(|w| {
                (0..w.len())
                    .filter(|&i| in_group[i] == keep)
                    .map(|i| w[i])
                    .collect()
            }),
        };
        let group = moments_of(&pick(true), &tops);
        let sums = group_differences_moments(&whole, &group, 0, &opts).expect("sums");
        assert_eq!(rows.len(), sums.len());
        assert!(
            rows.iter().any(Option::is_some),
            "seed {seed}: nothing tested"
        );
        for (a, b) in rows.iter().zip(&sums) {
            match (a, b) {
                (Some(a), Some(b)) => {
                    assert_eq!((a.df1, a.df2), (b.df1, b.df2));
                    close(a.f, b.f, "F");
                    assert!((a.p - b.p).abs() < 1e-9, "p {} vs {}", a.p, b.p);
                    assert!((a.p_adjusted - b.p_adjusted).abs() < 1e-9);
                }
                (None, None) => {}
                other => panic!("seed {seed}: {other:?}"),
            }
        }
    }
}

/// The replicate hook hears every replicate once, from both threads.
#[test]
fn the_replicate_hook_counts_every_replicate() {
    use crate::{bootstrap_moments, BootstrapOptions, MomentSample, ReplicateHook};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let data = survey(4, 3_000, 5, false);
    let tops = vec![10.0; 5];
    let opts = ModelOptions::default();
    let chunks: Vec<Moments> = (0..40)
        .map(|c| {
            let pick = DriverData {
                kpi: (c..data.kpi.len())
                    .step_by(40)
                    .map(|i| data.kpi[i])
                    .collect(),
                touchpoints: data
                    .touchpoints
                    .iter()
                    .map(|tp| (c..tp.len()).step_by(40).map(|i| tp[i]).collect())
                    .collect(),
                weights: None,
            };
            moments_of(&pick, &tops)
        })
        .collect();
    let mut whole = chunks[0].clone();
    for c in &chunks[1..] {
        whole.merge(c);
    }
    let model = fit_kpi_moments(&whole, 0, &opts).expect("fit");
    let heard = Arc::new(AtomicUsize::new(0));
    let counter = heard.clone();
    let boot = BootstrapOptions {
        replicates: 25,
        chunks: 40,
        on_replicate: ReplicateHook(Some(Arc::new(move || {
            counter.fetch_add(1, Ordering::Relaxed);
        }))),
        ..BootstrapOptions::default()
    };
    let desc = vec![vec![0.0; 11]; 40];
    bootstrap_moments(
        desc,
        &[MomentSample {
            chunks: &chunks,
            y: 0,
            model: &model,
            importance: true,
        }],
        &boot,
    )
    .expect("bootstrap");
    assert_eq!(heard.load(Ordering::Relaxed), 25);
}

/// Coded ratings sum to the same moments, to the last bit, as the ratings
/// themselves: weighted and not, with a touchpoint nobody rated differently
/// and ones skipped together.
#[test]
fn coded_ratings_sum_to_the_same_bits() {
    for (seed, weighted) in [(3, true), (4, false), (5, true)] {
        let data = survey(seed, 1_500, 7, weighted);
        let t = data.touchpoints.len();
        let tops = vec![10.0; t];
        // Each touchpoint's distinct ratings, code 0 left for "not rated".
        let levels: Vec<Vec<f64>> = data
            .touchpoints
            .iter()
            .map(|tp| {
                let mut l: Vec<f64> = tp.iter().flatten().copied().collect();
                l.sort_by(f64::total_cmp);
                l.dedup();
                l.insert(0, f64::NAN);
                l
            })
            .collect();
        let slices: Vec<&[f64]> = levels.iter().map(Vec::as_slice).collect();
        let template = Moments::new(vec![5.5; t], vec![5.0]);
        let table = CodeTable::new(&template, &slices, &tops);
        let mut coded = MomentsBuilder::new(template);
        let mut scratch = ProductScratch::default();
        for i in 0..data.kpi.len() {
            let codes: Vec<u8> = data
                .touchpoints
                .iter()
                .zip(&levels)
                .map(|(tp, l)| tp[i].map_or(0, |x| l.iter().position(|&v| v == x).unwrap() as u8))
                .collect();
            let w = data.weights.as_ref().map_or(1.0, |w| w[i]);
            coded.add_coded(w, &codes, &table, [0.0, 0.0], &[data.kpi[i]], &mut scratch);
        }
        let coded = coded.finish(&mut scratch);
        let plain = moments_of(&data, &tops);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&coded.cross), bits(&plain.cross), "seed {seed}");
        assert_eq!(bits(&coded.headroom), bits(&plain.headroom));
        assert_eq!(bits(&coded.rating_min), bits(&plain.rating_min));
        assert_eq!(bits(&coded.rating_max), bits(&plain.rating_max));
        assert_eq!(coded.n_experienced, plain.n_experienced);
        assert_eq!(
            (coded.n, coded.sum_w2.to_bits()),
            (plain.n, plain.sum_w2.to_bits())
        );
        assert_eq!(coded.answers, plain.answers);
    }
}
