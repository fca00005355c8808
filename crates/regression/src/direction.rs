//! Which way a touchpoint drives the KPI, and how its importance divides
//! between its two terms.
//!
//! Why a rule of its own: a touchpoint enters the model with an incidence
//! and a quality term, and the two can point different ways. Taking the
//! sign of one fixed term lets a coin flip decide the quadrant: a pure
//! quality driver (the better the website goes, the better the KPI) whose
//! incidence effect is about zero would be drawn as harmful half the time.
//! Signing each term's Shapley share is no better: Shapley lends a term
//! credit for variance it shares with correlated neighbours, so a term
//! whose own coefficient is about zero can hold a large share.
//!
//! So each term `t` weighs by the KPI variance it moves on its own,
//! `w_t = beta_t^2 var(term_t)` (its coefficient squared times its
//! variance; on the log-odds scale for a logistic model), and
//!
//! ```text
//! direction = (sum_t sign(beta_t) w_t) / (sum_t w_t)      in [-1, 1]
//! impact    = sign(direction) * importance
//! ```
//!
//! A term with a coefficient near zero weighs near nothing. The touchpoint's
//! Shapley importance divides between its terms in the same proportion
//! (`importance_t = importance * w_t / sum w`), so the parts add up to the
//! importance exactly.

use crate::design::Design;
use crate::{ImpactBasis, KpiModel, ModelCaveat, Term, TouchpointEffect};

/// One term's coefficient and the variance of its column.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TermWeight {
    pub coef: f64,
    pub var: f64,
}

impl TermWeight {
    fn weight(self) -> f64 {
        let w = self.coef * self.coef * self.var.max(0.0);
        if w.is_finite() {
            w
        } else {
            f64::MAX
        }
    }
}

/// The direction in `[-1, 1]` of a touchpoint with the given terms (`None`
/// = not in the model) and the share of the direction weight its incidence
/// term carries (`None` when neither term weighs anything).
pub(crate) fn direction(
    incidence: Option<TermWeight>,
    quality: Option<TermWeight>,
) -> (f64, Option<f64>) {
    let wi = incidence.map_or(0.0, TermWeight::weight);
    let wq = quality.map_or(0.0, TermWeight::weight);
    let total = wi + wq;
    if total.is_nan() || total <= 0.0 {
        return (0.0, None);
    }
    let signed = |t: Option<TermWeight>, w: f64| t.map_or(0.0, |t| t.coef.signum() * w);
    let d = (signed(incidence, wi) + signed(quality, wq)) / total;
    (d.clamp(-1.0, 1.0), Some(wi / total))
}

/// Sets a touchpoint's direction, signed impact, basis and the split of
/// its (already set) importance between its terms.
fn sign_touchpoint(
    e: &mut TouchpointEffect,
    incidence: Option<TermWeight>,
    quality: Option<TermWeight>,
) {
    let (d, incidence_share) = direction(incidence, quality);
    e.direction = d;
    e.impact = if d > 0.0 {
        e.importance
    } else if d < 0.0 {
        -e.importance
    } else {
        0.0
    };
    e.impact_basis = match incidence_share {
        None => ImpactBasis::None,
        Some(s) if s >= 0.5 => ImpactBasis::Incidence,
        Some(_) => ImpactBasis::Quality,
    };
    // Without any weight (both effects exactly zero), the terms in the
    // model share the importance equally.
    let share = incidence_share.unwrap_or(match (incidence, quality) {
        (Some(_), Some(_)) => 0.5,
        (Some(_), None) => 1.0,
        _ => 0.0,
    });
    e.importance_incidence = incidence.map(|_| e.importance * share);
    e.importance_quality = quality.map(|_| e.importance - e.importance * share);
}

/// Importances add up to R² in a sound decomposition. Where they do not
/// (a slightly negative sampled estimate set to zero, numerical trouble),
/// they are rescaled to R²; a gap of more than 1% of R² also gives the
/// model a [`ModelCaveat::ImportanceSum`]. Call before
/// [`sign_touchpoint`]; sets `importance_share` too.
pub(crate) fn settle_importances(model: &mut KpiModel) {
    let r2 = model.r2;
    let sum: f64 = model.touchpoints.iter().map(|t| t.importance).sum();
    if (sum - r2).abs() > 1e-12 * r2.max(1.0) {
        if (sum - r2).abs() > 0.01 * r2 {
            model.caveats.push(ModelCaveat::ImportanceSum { sum });
        }
        let factor = if sum > 0.0 { r2 / sum } else { 0.0 };
        for t in &mut model.touchpoints {
            t.importance *= factor;
        }
    }
    for t in &mut model.touchpoints {
        t.importance_share = if r2 > 0.0 { t.importance / r2 } else { 0.0 };
    }
}

/// Signs every touchpoint's impact by its direction, from the fitted
/// coefficients and the variances of the design's kept terms.
pub(crate) fn sign_touchpoints(model: &mut KpiModel, design: &Design) {
    let Design {
        ref candidates,
        ref kept_idx,
        ref cov,
        ..
    } = *design;
    let dim = candidates.len() + 1;
    let mut weights: Vec<(Option<TermWeight>, Option<TermWeight>)> =
        vec![(None, None); model.touchpoints.len()];
    for &k in kept_idx {
        let term = candidates[k].term;
        let e = &model.touchpoints[term.touchpoint];
        let var = cov[k * dim + k];
        let slot = &mut weights[term.touchpoint];
        match term.term {
            Term::Incidence => {
                slot.0 = e.incidence_effect.map(|coef| TermWeight { coef, var });
            }
            Term::Quality => {
                slot.1 = e.quality_effect.map(|coef| TermWeight { coef, var });
            }
        }
    }
    for (e, (inc, qual)) in model.touchpoints.iter_mut().zip(weights) {
        sign_touchpoint(e, inc, qual);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tw(coef: f64, var: f64) -> Option<TermWeight> {
        Some(TermWeight { coef, var })
    }

    /// A quality slope of +0.22 on ratings with variance 4 outweighs an
    /// incidence effect of -0.05 on a 60/40 split by far:
    /// w_q = 0.0484 * 4 = 0.1936, w_i = 0.0025 * 0.24 = 0.0006, so
    /// direction = (0.1936 - 0.0006) / 0.1942.
    #[test]
    fn a_tiny_opposite_incidence_does_not_flip_a_quality_driver() {
        let (d, share) = direction(tw(-0.05, 0.24), tw(0.22, 4.0));
        assert!((d - (0.1936 - 0.0006) / 0.1942).abs() < 1e-12);
        assert!((share.unwrap() - 0.0006 / 0.1942).abs() < 1e-12);
    }

    #[test]
    fn a_strong_negative_incidence_makes_the_moment_negative() {
        let (d, share) = direction(tw(-1.2, 0.09), tw(0.01, 2.0));
        assert!(d < -0.99);
        assert!(share.unwrap() > 0.99);
    }

    #[test]
    fn split_adds_up_and_impact_follows_the_direction() {
        let mut e = TouchpointEffect {
            incidence_effect: Some(-0.05),
            quality_effect: Some(0.22),
            importance: 0.08,
            ..TouchpointEffect::unfitted(10, 5, Some(3.0), false)
        };
        sign_touchpoint(&mut e, tw(-0.05, 0.24), tw(0.22, 4.0));
        assert_eq!(e.impact, 0.08);
        assert_eq!(e.impact_basis, ImpactBasis::Quality);
        let (i, q) = (
            e.importance_incidence.unwrap(),
            e.importance_quality.unwrap(),
        );
        assert!((i + q - 0.08).abs() < 1e-15);
        assert!(q > 300.0 * i);
        // Only a quality term: it carries everything.
        sign_touchpoint(&mut e, None, tw(-0.3, 1.0));
        assert_eq!(e.importance_incidence, None);
        assert_eq!(e.importance_quality, Some(0.08));
        assert_eq!(e.impact, -0.08);
        assert_eq!(e.direction, -1.0);
        // No weight at all: no direction, no impact.
        sign_touchpoint(&mut e, tw(0.0, 0.2), tw(0.0, 1.0));
        assert_eq!((e.direction, e.impact), (0.0, 0.0));
        assert_eq!(e.impact_basis, ImpactBasis::None);
        assert_eq!(e.importance_incidence, Some(0.04));
    }
}
