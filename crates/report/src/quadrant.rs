//! Where each touchpoint lands in the impact matrix.
//!
//! This is the only "analysis" the report crate does: it turns a KPI model's
//! numbers into plot coordinates (x = satisfaction, y = signed share of the
//! explained variance) and decides, against a crosshair the user chose,
//! which of the four quadrants a touchpoint belongs to. Everything that
//! draws or prints a matrix starts from the [`Matrix`] made here, so the SVG,
//! the HTML tables and the data outputs can never disagree on a quadrant.
//!
//! Ties go up and right: a touchpoint exactly on the crosshair counts as
//! high satisfaction (`x >= cx`) and positive impact (`y >= cy`).

use serde::Serialize;

use cximpact_regression::KpiUncertainty;

use crate::model::{Analysis, KpiAnalysis};

mod crosshair;

pub use crosshair::{Crosshair, CrosshairRule, ParseCrosshairError};

/// The four quadrants, each with its own direction for improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// High satisfaction, positive impact: the moments that make the
    /// difference.
    Amplify,
    /// Low satisfaction, positive impact: meet a need, not well enough yet.
    Improve,
    /// Low satisfaction, negative impact: moments that spoil the experience.
    Prevent,
    /// High satisfaction, negative impact: effort that does not pay off.
    Economize,
}

impl Quadrant {
    /// In the order the report discusses them: act first, then keep, then save.
    pub const ALL: [Quadrant; 4] = [
        Quadrant::Improve,
        Quadrant::Prevent,
        Quadrant::Amplify,
        Quadrant::Economize,
    ];

    /// Stable id used in data outputs and CSS classes.
    pub fn id(self) -> &'static str {
        match self {
            Quadrant::Amplify => "amplify",
            Quadrant::Improve => "improve",
            Quadrant::Prevent => "prevent",
            Quadrant::Economize => "economize",
        }
    }

    /// `high` = satisfaction at or right of the crosshair, `positive` =
    /// impact at or above it.
    pub fn from_sides(high: bool, positive: bool) -> Quadrant {
        match (high, positive) {
            (true, true) => Quadrant::Amplify,
            (false, true) => Quadrant::Improve,
            (false, false) => Quadrant::Prevent,
            (true, false) => Quadrant::Economize,
        }
    }
}

/// Units of the x axis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "unit", rename_all = "snake_case")]
pub enum XScale {
    /// All touchpoints share one scale; x is the mean in scale points.
    Raw { min: f64, max: f64 },
    /// Touchpoints have different scales; x is the mean as % of the scale
    /// (0 = lowest point, 100 = highest).
    PercentOfScale,
}

/// One touchpoint placed in the matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixPoint {
    /// Index into [`Analysis::touchpoints`] (and the model's touchpoints).
    pub touchpoint: usize,
    pub label: String,
    /// Mean satisfaction in x-axis units.
    pub x: f64,
    /// Impact as a signed share of the explained variance, in % (-100..100).
    pub y: f64,
    /// Share of respondents who experienced it, 0-1.
    pub frequency: f64,
    /// Respondents who rated it (the base of `x`).
    pub n_experienced: usize,
    /// Model respondents who experienced it (the base of `y`).
    pub model_n_experienced: usize,
    pub small_base: bool,
    /// The organisation can act on it (config `controllable`); drawn
    /// hollow when not.
    pub controllable: bool,
    pub quadrant: Quadrant,
    /// Bootstrap interval of `x` (satisfaction), in x-axis units.
    pub x_ci: Option<[f64; 2]>,
    /// Bootstrap interval of `y` (impact), in % as plotted.
    pub y_ci: Option<[f64; 2]>,
    /// Share of bootstrap replicates in which the touchpoint lands in the
    /// same quadrant (see [`place`]).
    pub quadrant_probability: Option<f64>,
    /// The impact interval contains zero.
    pub impact_uncertain: bool,
    /// The importance interval lies above the noise benchmark (`None`
    /// without a bootstrap).
    pub significant: Option<bool>,
    /// Where the previous wave had it (`--compare`), against this wave's
    /// crosshair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousPosition>,
}

/// A touchpoint's place in the previous wave, in this matrix's units and
/// against its crosshair, so that an arrow from there to here and the two
/// quadrants tell the same story.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PreviousPosition {
    pub x: f64,
    pub y: f64,
    pub quadrant: Quadrant,
    /// Satisfaction or frequency changed beyond chance (`None` without a
    /// bootstrap).
    pub significant_change: Option<bool>,
}

/// A touchpoint that could not be placed, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnplacedTouchpoint {
    pub touchpoint: usize,
    pub label: String,
    pub reason: Unplaced,
}

/// Why a touchpoint is missing from the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unplaced {
    /// Nobody rated it, so it has no satisfaction mean.
    NotExperienced,
    /// The KPI model has no entry for it.
    NotInModel,
}

/// One KPI's matrix: crosshair values and placed touchpoints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    pub kpi_index: usize,
    pub x_scale: XScale,
    /// The rule asked for, and where it put the lines.
    pub crosshair: Crosshair,
    pub cx: f64,
    pub cy: f64,
    /// In journey order.
    pub points: Vec<MatrixPoint>,
    pub unplaced: Vec<UnplacedTouchpoint>,
    /// The small-base threshold of the analysis, for the legend.
    pub small_base: usize,
    /// Positions `(x, y, frequency)` the axes must hold besides the points,
    /// so that small multiples share their axes; empty for a lone matrix.
    #[serde(skip)]
    pub axis_extent: Vec<(f64, f64, f64)>,
}

impl Matrix {
    /// The placed point of a touchpoint, if it was placed.
    pub fn point(&self, touchpoint: usize) -> Option<&MatrixPoint> {
        self.points.iter().find(|p| p.touchpoint == touchpoint)
    }
}

/// Places every touchpoint of KPI `kpi_index` in the matrix.
///
/// # Panics
/// If `kpi_index` is not an index into `analysis.kpis` (a caller bug, not
/// a data problem).
pub fn place(analysis: &Analysis, kpi_index: usize, crosshair: &Crosshair) -> Matrix {
    let kpi: &KpiAnalysis = &analysis.kpis[kpi_index];
    let x_scale = x_scale(analysis);
    let r2 = kpi.model.r2;

    let mut points = Vec::new();
    let mut unplaced = Vec::new();
    for (i, tp) in analysis.touchpoints.iter().enumerate() {
        let d = &tp.descriptives;
        let Some(effect) = kpi.model.touchpoints.get(i) else {
            unplaced.push(UnplacedTouchpoint {
                touchpoint: i,
                label: tp.label.clone(),
                reason: Unplaced::NotInModel,
            });
            continue;
        };
        let Some(mean) = d.satisfaction_mean.filter(|m| m.is_finite()) else {
            unplaced.push(UnplacedTouchpoint {
                touchpoint: i,
                label: tp.label.clone(),
                reason: Unplaced::NotExperienced,
            });
            continue;
        };
        let x = match x_scale {
            XScale::Raw { .. } => mean,
            XScale::PercentOfScale => percent_of_scale(mean, tp.scale),
        };
        points.push(MatrixPoint {
            touchpoint: i,
            label: tp.label.clone(),
            x,
            y: impact_pct(effect.impact, r2),
            frequency: d.frequency,
            n_experienced: d.n_experienced,
            model_n_experienced: effect.n_experienced,
            small_base: effect.small_base,
            controllable: tp.controllable,
            // Set below, once the crosshair is known.
            quadrant: Quadrant::Amplify,
            x_ci: None,
            y_ci: None,
            quadrant_probability: None,
            impact_uncertain: false,
            significant: None,
            previous: None,
        });
    }

    let xs: Vec<(f64, f64)> = points.iter().map(|p| (p.x, p.frequency)).collect();
    let ys: Vec<(f64, f64)> = points.iter().map(|p| (p.y, p.frequency)).collect();
    let x_mid = match x_scale {
        XScale::Raw { min, max } => (min + max) / 2.0,
        XScale::PercentOfScale => 50.0,
    };
    let cx = resolve(crosshair.x, &xs, x_mid);
    let cy = resolve(crosshair.y, &ys, 0.0);
    for p in &mut points {
        p.quadrant = Quadrant::from_sides(p.x >= cx, p.y >= cy);
    }
    if let Some(u) = &kpi.uncertainty {
        add_uncertainty(analysis, u, crosshair, x_scale, x_mid, &mut points);
    }
    add_previous(analysis, kpi_index, x_scale, (cx, cy), &mut points);

    Matrix {
        kpi_index,
        x_scale,
        crosshair: *crosshair,
        cx,
        cy,
        points,
        unplaced,
        small_base: analysis.settings.small_base,
        axis_extent: Vec::new(),
    }
}

/// Adds bootstrap intervals and quadrant probabilities to placed points.
///
/// Each replicate is placed like the point estimate: its satisfaction means
/// (in x-axis units) and impacts (in % of its own R²), and its own
/// crosshair: for the `mean` and `median` rules the frequency-weighted mean
/// (or the median) of the replicate's values, fixed values for the other
/// rules. A touchpoint's quadrant probability is the share of replicates in
/// which it falls on the same sides of that replicate's crosshair as the
/// point estimate does of the reported one.
fn add_uncertainty(
    analysis: &Analysis,
    u: &KpiUncertainty,
    crosshair: &Crosshair,
    x_scale: XScale,
    x_mid: f64,
    points: &mut [MatrixPoint],
) {
    let d = &u.draws;
    if d.replicates == 0 {
        return;
    }
    let to_x = |j: usize, v: f64| match x_scale {
        XScale::Raw { .. } => v,
        XScale::PercentOfScale => percent_of_scale(v, analysis.touchpoints[j].scale),
    };
    let mut same = vec![0usize; points.len()];
    let mut xs_all: Vec<Vec<f64>> = vec![Vec::with_capacity(d.replicates); points.len()];
    for r in 0..d.replicates {
        let sat = d.replicate(&d.satisfaction, r);
        let freq = d.replicate(&d.frequency, r);
        let impact = d.replicate(&d.impact, r);
        let r2 = d.r2[r];
        let placed: Vec<(f64, f64, f64)> = points
            .iter()
            .map(|p| {
                let j = p.touchpoint;
                (to_x(j, sat[j]), impact_pct(impact[j], r2), freq[j])
            })
            .collect();
        let xs: Vec<(f64, f64)> = placed.iter().map(|v| (v.0, v.2)).collect();
        let ys: Vec<(f64, f64)> = placed.iter().map(|v| (v.1, v.2)).collect();
        let cx = resolve(crosshair.x, &xs, x_mid);
        let cy = resolve(crosshair.y, &ys, 0.0);
        for (i, p) in points.iter().enumerate() {
            let (x, y, _) = placed[i];
            if Quadrant::from_sides(x >= cx, y >= cy) == p.quadrant {
                same[i] += 1;
            }
            xs_all[i].push(x);
        }
    }
    let lo_q = (1.0 - u.level) / 2.0;
    let hi_q = (1.0 + u.level) / 2.0;
    for (i, p) in points.iter_mut().enumerate() {
        let t = &u.touchpoints[p.touchpoint];
        p.quadrant_probability = Some(same[i] as f64 / d.replicates as f64);
        p.x_ci = Some([
            cximpact_regression::quantile(&mut xs_all[i], lo_q),
            cximpact_regression::quantile(&mut xs_all[i], hi_q),
        ]);
        p.y_ci = t.impact_pct_ci;
        p.impact_uncertain = t.impact_uncertain;
        p.significant = t.significant;
    }
}

pub use crate::model::impact_pct;

/// The previous wave's positions of the touchpoints both waves share, for
/// KPI `k` (see [`PreviousPosition`]).
fn add_previous(
    analysis: &Analysis,
    k: usize,
    x_scale: XScale,
    (cx, cy): (f64, f64),
    points: &mut [MatrixPoint],
) {
    let Some(c) = &analysis.comparison else {
        return;
    };
    let Some(kc) = c.kpis.iter().find(|kc| kc.kpi == k) else {
        return;
    };
    let prev = &c.previous;
    let prev_kpi = &prev.kpis[kc.previous_kpi];
    for change in &kc.touchpoints {
        let Some(p) = points
            .iter_mut()
            .find(|p| p.touchpoint == change.touchpoint)
        else {
            continue;
        };
        let tp = &prev.touchpoints[change.previous_touchpoint];
        let Some(mean) = tp.descriptives.satisfaction_mean.filter(|m| m.is_finite()) else {
            continue;
        };
        let Some(effect) = prev_kpi.model.touchpoints.get(change.previous_touchpoint) else {
            continue;
        };
        let x = match x_scale {
            XScale::Raw { .. } => mean,
            XScale::PercentOfScale => percent_of_scale(mean, tp.scale),
        };
        let y = impact_pct(effect.impact, prev_kpi.model.r2);
        p.previous = Some(PreviousPosition {
            x,
            y,
            quadrant: Quadrant::from_sides(x >= cx, y >= cy),
            significant_change: change.significant_change,
        });
    }
}

fn x_scale(analysis: &Analysis) -> XScale {
    let mut scales = analysis.touchpoints.iter().map(|t| t.scale);
    let Some(first) = scales.next() else {
        return XScale::Raw {
            min: 0.0,
            max: 10.0,
        };
    };
    if scales.all(|s| s == first) {
        XScale::Raw {
            min: first.0,
            max: first.1,
        }
    } else {
        XScale::PercentOfScale
    }
}

fn percent_of_scale(v: f64, (lo, hi): (f64, f64)) -> f64 {
    if hi > lo {
        (v - lo) / (hi - lo) * 100.0
    } else {
        50.0
    }
}

fn resolve(rule: CrosshairRule, values: &[(f64, f64)], midpoint: f64) -> f64 {
    match rule {
        CrosshairRule::Mean => weighted_mean(values).unwrap_or(midpoint),
        CrosshairRule::Median => median(values.iter().map(|v| v.0)).unwrap_or(midpoint),
        CrosshairRule::Midpoint => midpoint,
        CrosshairRule::Zero => 0.0,
        CrosshairRule::Value(v) => v,
    }
}

/// Mean weighted by frequency; the plain mean when every weight is zero.
fn weighted_mean(values: &[(f64, f64)]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let w: f64 = values.iter().map(|v| v.1.max(0.0)).sum();
    if w > 0.0 {
        Some(values.iter().map(|v| v.0 * v.1.max(0.0)).sum::<f64>() / w)
    } else {
        Some(values.iter().map(|v| v.0).sum::<f64>() / values.len() as f64)
    }
}

fn median(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = values.collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{fixture, small_fixture};

    /// Three touchpoints on a 1-10 scale, R² = 0.5:
    /// A mean 8, freq 0.5, impact +0.2 -> y = +40
    /// B mean 6, freq 1.0, impact +0.1 -> y = +20
    /// C mean 5, freq 0.5, impact -0.2 -> y = -40
    /// D nobody experienced it -> unplaced.
    #[test]
    fn places_by_mean_and_zero() {
        let a = small_fixture();
        let m = place(&a, 0, &Crosshair::default());
        // Weighted mean x = (8*.5 + 6*1 + 5*.5) / 2 = 12.5 / 2 = 6.25.
        assert!((m.cx - 6.25).abs() < 1e-12, "{}", m.cx);
        assert_eq!(m.cy, 0.0);
        let ys: Vec<f64> = m.points.iter().map(|p| p.y).collect();
        assert!((ys[0] - 40.0).abs() < 1e-9 && (ys[1] - 20.0).abs() < 1e-9);
        assert!((ys[2] + 40.0).abs() < 1e-9);
        let q: Vec<Quadrant> = m.points.iter().map(|p| p.quadrant).collect();
        assert_eq!(q, [Quadrant::Amplify, Quadrant::Improve, Quadrant::Prevent]);
        assert_eq!(m.unplaced.len(), 1);
        assert_eq!(m.unplaced[0].reason, Unplaced::NotExperienced);
        assert_eq!(
            m.x_scale,
            XScale::Raw {
                min: 1.0,
                max: 10.0
            }
        );
    }

    #[test]
    fn places_by_median_midpoint_and_value() {
        let a = small_fixture();
        // Median x of 8, 6, 5 = 6; median y of 40, 20, -40 = 20.
        let c = Crosshair {
            x: CrosshairRule::Median,
            y: CrosshairRule::Median,
        };
        let m = place(&a, 0, &c);
        assert_eq!((m.cx, m.cy), (6.0, 20.0));
        let q: Vec<Quadrant> = m.points.iter().map(|p| p.quadrant).collect();
        // B sits exactly on both lines: ties go to high / positive.
        assert_eq!(q, [Quadrant::Amplify, Quadrant::Amplify, Quadrant::Prevent]);

        // Scale 1-10: midpoint 5.5; y midpoint = 0.
        let m = place(&a, 0, &"midpoint,midpoint".parse().unwrap());
        assert_eq!((m.cx, m.cy), (5.5, 0.0));
        let q: Vec<Quadrant> = m.points.iter().map(|p| p.quadrant).collect();
        assert_eq!(q, [Quadrant::Amplify, Quadrant::Amplify, Quadrant::Prevent]);

        let m = place(&a, 0, &"7,30".parse().unwrap());
        assert_eq!((m.cx, m.cy), (7.0, 30.0));
        let q: Vec<Quadrant> = m.points.iter().map(|p| p.quadrant).collect();
        assert_eq!(q, [Quadrant::Amplify, Quadrant::Prevent, Quadrant::Prevent]);

        let m = place(&a, 0, &"zero,-50".parse().unwrap());
        let q: Vec<Quadrant> = m.points.iter().map(|p| p.quadrant).collect();
        assert_eq!(q, [Quadrant::Amplify; 3]);
    }

    #[test]
    fn mixed_scales_use_percent_of_scale() {
        let mut a = small_fixture();
        // A on 1-5 with mean 4 -> (4-1)/4*100 = 75%.
        a.touchpoints[0].scale = (1.0, 5.0);
        a.touchpoints[0].descriptives.satisfaction_mean = Some(4.0);
        let m = place(&a, 0, &"midpoint".parse().unwrap());
        assert_eq!(m.x_scale, XScale::PercentOfScale);
        assert_eq!(m.cx, 50.0);
        assert!((m.points[0].x - 75.0).abs() < 1e-9);
        // B: (6-1)/9*100.
        assert!((m.points[1].x - 500.0 / 9.0).abs() < 1e-9);
    }

    /// Four replicates of the small fixture: the point values, except that
    /// B's impact turns negative in replicate 3 and A's satisfaction drops
    /// to 5 in replicate 2, which also moves that replicate's mean
    /// crosshair to (5*.5 + 6 + 5*.5) / 2 = 5.5: A (5) falls left of it and
    /// B (6, left of the reported 6.25) right. A and B each leave their
    /// quadrant in one or two replicates, C never.
    #[test]
    fn quadrant_probability_counts_replicates_on_the_same_sides() {
        use cximpact_regression::{BootstrapDraws, KpiUncertainty};
        let mut a = small_fixture();
        let reps = 4;
        let mut d = BootstrapDraws {
            replicates: reps,
            touchpoints: 4,
            ..BootstrapDraws::default()
        };
        for r in 0..reps {
            let a_sat = if r == 2 { 5.0 } else { 8.0 };
            d.satisfaction.extend([a_sat, 6.0, 5.0, 0.0]);
            d.frequency.extend([0.5, 1.0, 0.5, 0.0]);
            let b_impact = if r == 3 { -0.1 } else { 0.1 };
            d.impact.extend([0.2, b_impact, -0.2, 0.0]);
            d.importance.extend([0.2, 0.1, 0.2, 0.0]);
            d.r2.push(0.5);
            d.noise.push(0.001);
        }
        let u = KpiUncertainty::from_draws(
            d,
            &[true, true, true, false],
            &[true, true, true, false],
            0.95,
        );
        a.kpis[0].uncertainty = Some(u);
        let m = place(&a, 0, &Crosshair::default());
        let probs: Vec<f64> = m
            .points
            .iter()
            .map(|p| p.quadrant_probability.unwrap())
            .collect();
        assert_eq!(probs, [0.75, 0.5, 1.0]);
        // y intervals in % of R²: B from -20% to +20%.
        let b = &m.points[1];
        let [lo, hi] = b.y_ci.unwrap();
        assert!(lo < 0.0 && hi > 0.0 && b.impact_uncertain);
        assert!((hi - 20.0).abs() < 1e-9);
        // With a fixed crosshair, A's drop to 5 (< 7) changes its quadrant
        // in replicate 2 only.
        let m = place(&a, 0, &"7,0".parse().unwrap());
        assert_eq!(m.points[0].quadrant_probability, Some(0.75));
        // Without a bootstrap there is nothing to report.
        a.kpis[0].uncertainty = None;
        let m = place(&a, 0, &Crosshair::default());
        assert!(m
            .points
            .iter()
            .all(|p| p.quadrant_probability.is_none() && p.y_ci.is_none()));
    }

    #[test]
    fn zero_r2_gives_zero_impact() {
        let mut a = small_fixture();
        a.kpis[0].model.r2 = 0.0;
        let m = place(&a, 0, &Crosshair::default());
        assert!(m.points.iter().all(|p| p.y == 0.0));
    }

    #[test]
    fn full_fixture_places_every_experienced_touchpoint() {
        let a = fixture();
        for k in 0..a.kpis.len() {
            let m = place(&a, k, &Crosshair::default());
            assert_eq!(m.points.len() + m.unplaced.len(), a.touchpoints.len());
            let total: f64 = m.points.iter().map(|p| p.y.abs()).sum();
            assert!(total <= 100.0 + 1e-6, "shares sum to at most 100%: {total}");
        }
    }
}
