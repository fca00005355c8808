//! What a client gains: each touchpoint's effect in the KPI's own units.
//!
//! A share of R² says how much a moment matters, not what acting on it is
//! worth. The what-ifs answer that from the fitted model, all else equal:
//!
//! * **One point more** (`gain_one_point`): every model respondent who
//!   experienced the touchpoint rates it one point higher, capped at the
//!   top of its scale (`h_i = min(1, top - x_i)`). Linear model: the KPI
//!   mean moves by `b * sum_i w_i d_i h_i / W`. Logistic model: the share
//!   of the positive class moves by `sum_i w_i d_i (p(eta_i + b h_i) -
//!   p(eta_i)) / W`, averaged over the respondents' own probabilities.
//! * **Prevent** (`gain_prevent`): one in ten of those who experienced it
//!   no longer do. Linear model: `-0.1 * c * f` (the quality term averages
//!   to zero among them, as it is centred at their mean), with `f` the
//!   weighted share who experienced it. Logistic model: `0.1 * sum_i w_i
//!   d_i (p(eta_i - c - b q_i) - p(eta_i)) / W`.
//!
//! Reach is inside both numbers (a moment few customers meet moves the mean
//! little), so they rank actions as they stand. They are model-based
//! associations, not proven causes.

use crate::logistic::sigmoid;
use crate::{DriverData, KpiModel, ModelKind, RegressionError};

/// Share of the experiencers that the prevent what-if takes away.
pub const PREVENT_SHARE: f64 = 0.1;

/// Fills [`crate::TouchpointEffect::gain_one_point`] and
/// [`crate::TouchpointEffect::gain_prevent`] of a model fitted on `data`.
/// `tops[j]` is the top of touchpoint `j`'s satisfaction scale.
pub fn add_gains(
    model: &mut KpiModel,
    data: &DriverData,
    tops: &[f64],
) -> Result<(), RegressionError> {
    let n = data.kpi.len();
    let t = data.touchpoints.len();
    for (what, got) in [
        ("the model's touchpoints", model.touchpoints.len()),
        ("the touchpoints' scale tops", tops.len()),
    ] {
        if got != t {
            return Err(RegressionError::LengthMismatch {
                what: what.into(),
                expected: t,
                got,
            });
        }
    }
    if let Some((j, tp)) = data
        .touchpoints
        .iter()
        .enumerate()
        .find(|(_, tp)| tp.len() != n)
    {
        return Err(RegressionError::LengthMismatch {
            what: format!("touchpoint {j}"),
            expected: n,
            got: tp.len(),
        });
    }
    if let Some(w) = data.weights.as_ref().filter(|w| w.len() != n) {
        return Err(RegressionError::LengthMismatch {
            what: "the weights".into(),
            expected: n,
            got: w.len(),
        });
    }
    let w = |i: usize| data.weights.as_ref().map_or(1.0, |w| w[i]);
    let total: f64 = (0..n).map(w).sum();
    if total.is_nan() || total <= 0.0 {
        return Ok(());
    }
    let effects = &model.touchpoints;
    let logistic = model.model == ModelKind::Logistic;
    // Each respondent's linear predictor under the model, built column by
    // column (one sequential pass per touchpoint); a linear model's gains
    // need none.
    let eta = if logistic {
        linear_predictor(model, data)
    } else {
        Vec::new()
    };
    let mut gains = Vec::with_capacity(t);
    for (j, e) in effects.iter().enumerate() {
        let tp = &data.touchpoints[j];
        let b = e.quality_effect;
        let c = e.incidence_effect;
        let mut one = 0.0;
        let mut prevent = 0.0;
        let mut reach = 0.0;
        for i in 0..n {
            let Some(x) = tp[i] else { continue };
            let wi = w(i);
            reach += wi;
            let h = (tops[j] - x).clamp(0.0, 1.0);
            if let Some(b) = b {
                one += wi
                    * if logistic {
                        sigmoid(eta[i] + b * h) - sigmoid(eta[i])
                    } else {
                        b * h
                    };
            }
            if let (Some(c), true) = (c, logistic) {
                let q = x - e.centre.unwrap_or(x);
                prevent += wi * (sigmoid(eta[i] - c - b.unwrap_or(0.0) * q) - sigmoid(eta[i]));
            }
        }
        let gain_one_point = b.map(|_| one / total);
        let gain_prevent = c.map(|c| {
            if logistic {
                PREVENT_SHARE * prevent / total
            } else {
                -PREVENT_SHARE * c * reach / total
            }
        });
        gains.push((gain_one_point, gain_prevent));
    }
    for (e, (one, prevent)) in model.touchpoints.iter_mut().zip(gains) {
        e.gain_one_point = one.filter(|v| v.is_finite());
        e.gain_prevent = prevent.filter(|v| v.is_finite());
    }
    Ok(())
}

/// `a + sum_j d_j (c_j + b_j (x_j - m_j))` of every respondent of `data`.
fn linear_predictor(model: &KpiModel, data: &DriverData) -> Vec<f64> {
    let mut eta = vec![model.intercept; data.kpi.len()];
    for (e, tp) in model.touchpoints.iter().zip(&data.touchpoints) {
        let (c, b) = (
            e.incidence_effect.unwrap_or(0.0),
            e.quality_effect.unwrap_or(0.0),
        );
        if c == 0.0 && b == 0.0 {
            continue;
        }
        let centre = e.centre.unwrap_or(0.0);
        for (v, x) in eta.iter_mut().zip(tp) {
            if let Some(x) = x {
                *v += c + b * (x - centre);
            }
        }
    }
    eta
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fit_kpi, fit_kpi_logistic, ModelOptions};

    fn opts() -> ModelOptions {
        ModelOptions {
            min_not_experienced: 2,
            small_base: 2,
            // Hand-sized data: the capacity rule has tests of its own.
            per_term: 0,
            ..ModelOptions::default()
        }
    }

    /// KPI = 1 + 2 d + 0.5 d (x - 3) exactly, ratings 1..5 among the six
    /// who experienced it (x = 1, 2, 3, 3, 4, 5), four who did not. One
    /// point more: headroom 1, 1, 1, 1, 1, 0 -> 0.5 * 5 / 10 = 0.25.
    /// Prevent: -0.1 * 2 * 6 / 10 = -0.12.
    #[test]
    fn linear_gains_by_hand() {
        let xs = [
            Some(1.0),
            Some(2.0),
            Some(3.0),
            Some(3.0),
            Some(4.0),
            Some(5.0),
            None,
            None,
            None,
            None,
        ];
        let kpi: Vec<f64> = xs
            .iter()
            .map(|x| x.map_or(1.0, |x| 3.0 + 0.5 * (x - 3.0)))
            .collect();
        // A second touchpoint, rated by everyone, with no effect.
        let other: Vec<Option<f64>> = (0..10).map(|i| Some(((i * 7) % 5) as f64 + 1.0)).collect();
        let data = DriverData {
            kpi,
            touchpoints: vec![xs.to_vec(), other],
            weights: None,
        };
        let mut m = fit_kpi(&data, &opts()).unwrap();
        add_gains(&mut m, &data, &[5.0, 5.0]).unwrap();
        let g = &m.touchpoints[0];
        assert!((g.gain_one_point.unwrap() - 0.25).abs() < 1e-9, "{g:?}");
        assert!((g.gain_prevent.unwrap() + 0.12).abs() < 1e-9);
        // Everyone experienced the second: no incidence term, no prevent.
        assert_eq!(m.touchpoints[1].gain_prevent, None);
        assert!(m.touchpoints[1].gain_one_point.unwrap().abs() < 1e-9);
    }

    /// A logistic gain is the average change in probability: for a model
    /// with one rated touchpoint, every respondent experienced it, the gain
    /// equals the mean of p(eta + b h) - p(eta) computed by hand.
    #[test]
    fn logistic_gain_is_the_average_change_in_probability() {
        let xs: Vec<Option<f64>> = (0..40).map(|i| Some((i % 5) as f64 + 1.0)).collect();
        let kpi: Vec<f64> = (0..40)
            .map(|i| f64::from(u8::from((i % 5) + (i % 3) >= 3)))
            .collect();
        let data = DriverData {
            kpi,
            touchpoints: vec![xs.clone()],
            weights: None,
        };
        let mut m = fit_kpi_logistic(&data, &opts()).unwrap();
        add_gains(&mut m, &data, &[5.0]).unwrap();
        let e = &m.touchpoints[0];
        let b = e.quality_effect.unwrap();
        let by_hand: f64 = xs
            .iter()
            .map(|x| {
                let x = x.unwrap();
                let eta = m.intercept + b * (x - e.centre.unwrap());
                let h = (5.0 - x).min(1.0);
                sigmoid(eta + b * h) - sigmoid(eta)
            })
            .sum::<f64>()
            / 40.0;
        assert!(b > 0.0);
        assert!((e.gain_one_point.unwrap() - by_hand).abs() < 1e-12);
        assert!(e.gain_one_point.unwrap() > 0.0 && e.gain_one_point.unwrap() < 1.0);
    }
}
