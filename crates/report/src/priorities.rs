//! The priority list: what to work on first, across KPIs, in the units a
//! client acts on.
//!
//! Each touchpoint gets one action, from its quadrant in the lead KPI's
//! matrix (so the list never contradicts the matrix): improve and amplify
//! are measured by the "one point more" what-if, prevent by "one in ten
//! fewer" (`gain_prevent`), economize by the gain of doing less, worded as
//! a question to check. Reach is already inside those gains, so they are
//! ranked as they stand. Items the data does not establish (direction
//! uncertain, importance not above noise, a small base, a gain interval
//! that includes zero, no gain at all) are never ranked above the certain
//! ones: they follow them, flagged. Touchpoints the consultant marked
//! `controllable = false` never appear, and a KPI whose model has caveats
//! is neither ranked on nor quoted beside an action.

use cximpact_regression::{KpiModel, KpiUncertainty, TouchpointEffect};
use serde::Serialize;

use crate::model::{Analysis, KpiAnalysis, KpiKind};
use crate::quadrant::{place, Crosshair, Quadrant};

/// What to do about a touchpoint: its lead-matrix quadrant as a verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Improve,
    Prevent,
    Amplify,
    Economize,
}

impl Action {
    pub fn from_quadrant(q: Quadrant) -> Action {
        match q {
            Quadrant::Improve => Action::Improve,
            Quadrant::Prevent => Action::Prevent,
            Quadrant::Amplify => Action::Amplify,
            Quadrant::Economize => Action::Economize,
        }
    }

    /// The quadrant the action comes from.
    pub fn quadrant(self) -> Quadrant {
        match self {
            Action::Improve => Quadrant::Improve,
            Action::Prevent => Quadrant::Prevent,
            Action::Amplify => Quadrant::Amplify,
            Action::Economize => Quadrant::Economize,
        }
    }

    pub fn id(self) -> &'static str {
        self.quadrant().id()
    }
}

/// Which what-if measures an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Everyone who experienced it rates it one point higher
    /// (`gain_one_point`).
    OnePointMore,
    /// One in ten of those who experience it no longer do (`gain_prevent`).
    OneInTenFewer,
    /// Everyone who experienced it rates it one point lower: the gain of
    /// doing less where the model has no incidence term (`-gain_one_point`).
    OnePointLess,
}

/// Why an item is not ranked among the certain ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// The impact interval includes zero.
    DirectionUncertain,
    /// The importance is not above the noise benchmark.
    NotSignificant,
    /// Fewer respondents than the small-base threshold experienced it.
    SmallBase,
    /// The gain's interval includes zero.
    GainIncludesZero,
    /// The what-if gives no gain (none computed, or zero or less).
    NoGain,
}

impl Flag {
    pub fn id(self) -> &'static str {
        match self {
            Flag::DirectionUncertain => "direction_uncertain",
            Flag::NotSignificant => "not_significant",
            Flag::SmallBase => "small_base",
            Flag::GainIncludesZero => "gain_includes_zero",
            Flag::NoGain => "no_gain",
        }
    }
}

/// A what-if gain with its interval, in report units: KPI points, or
/// percentage points for a yes/no KPI (see [`gain_scale`]); oriented, so
/// positive is better even on a reversed KPI.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Gain {
    pub value: f64,
    pub ci: Option<[f64; 2]>,
}

impl Gain {
    /// The interval includes zero.
    pub fn includes_zero(&self) -> bool {
        self.ci.is_some_and(|[lo, hi]| lo <= 0.0 && hi >= 0.0)
    }
}

/// The same action's gain on another KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherGain {
    /// Index into [`Analysis::kpis`].
    pub kpi: usize,
    pub gain: Option<Gain>,
    /// In NPS points, for an NPS question analysed as a score.
    pub nps: Option<Gain>,
}

/// One action of the list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priority {
    /// 1-based position in the list; certain items come first.
    pub rank: usize,
    /// Index into [`Analysis::touchpoints`].
    pub touchpoint: usize,
    pub action: Action,
    pub measure: Measure,
    /// The KPI the gain is on (index into [`Analysis::kpis`]).
    pub kpi: usize,
    /// `None` when the model has no such what-if for the touchpoint.
    pub gain: Option<Gain>,
    /// No flag: ranked among the certain items.
    pub certain: bool,
    pub flags: Vec<Flag>,
    /// The other sound KPIs, in KPI order.
    pub other_kpis: Vec<OtherGain>,
    /// The gain in NPS points, when the ranked KPI is an NPS question
    /// analysed as a score.
    pub nps: Option<Gain>,
}

/// The whole list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priorities {
    /// The lead KPI as configured (index into [`Analysis::kpis`]).
    pub lead: usize,
    /// The KPI the list is ranked on: the lead KPI, or where its model has
    /// caveats the first KPI without; `None` when every KPI has caveats.
    pub ranked_on: Option<usize>,
    /// Certain items first, each group by gain (largest first).
    pub items: Vec<Priority>,
    /// Touchpoints left out because they are marked not controllable.
    pub not_controllable: Vec<usize>,
}

impl Priorities {
    /// The certain items, in rank order.
    pub fn certain(&self) -> impl Iterator<Item = &Priority> {
        self.items.iter().filter(|p| p.certain)
    }

    /// The flagged items, in rank order.
    pub fn uncertain(&self) -> impl Iterator<Item = &Priority> {
        self.items.iter().filter(|p| !p.certain)
    }
}

/// 100 for a KPI whose mean is a share (yes/no KPIs and logistic models:
/// gains are shown in percentage points), else 1.
pub fn gain_scale(kpi: &KpiAnalysis) -> f64 {
    if shares(kpi) {
        100.0
    } else {
        1.0
    }
}

/// The KPI's mean is a share of yes answers.
pub fn shares(kpi: &KpiAnalysis) -> bool {
    kpi.kind == KpiKind::Binary || kpi.model.model == cximpact_regression::ModelKind::Logistic
}

/// A what-if of touchpoint `j` in a model, scaled by `scale`, with its
/// bootstrap interval where there is one.
pub fn what_if(
    model: &KpiModel,
    uncertainty: Option<&KpiUncertainty>,
    j: usize,
    measure: Measure,
    scale: f64,
) -> Option<Gain> {
    let e = model.touchpoints.get(j)?;
    let u = uncertainty.and_then(|u| u.touchpoints.get(j));
    let (value, ci) = match measure {
        Measure::OnePointMore => (e.gain_one_point?, u.and_then(|u| u.gain_one_point_ci)),
        Measure::OneInTenFewer => (e.gain_prevent?, u.and_then(|u| u.gain_prevent_ci)),
        Measure::OnePointLess => (
            -e.gain_one_point?,
            u.and_then(|u| u.gain_one_point_ci)
                .map(|[lo, hi]| [-hi, -lo]),
        ),
    };
    if !value.is_finite() {
        return None;
    }
    Some(Gain {
        value: value * scale,
        ci: ci
            .filter(|c| c.iter().all(|v| v.is_finite()))
            .map(|[lo, hi]| [lo * scale, hi * scale]),
    })
}

/// The measure of an action on a touchpoint's effect.
fn measure_for(action: Action, e: &TouchpointEffect) -> Measure {
    match action {
        Action::Improve | Action::Amplify => Measure::OnePointMore,
        Action::Prevent => Measure::OneInTenFewer,
        Action::Economize => {
            if e.gain_prevent.is_some() {
                Measure::OneInTenFewer
            } else {
                Measure::OnePointLess
            }
        }
    }
}

/// The gain in NPS points of a KPI with NPS what-ifs.
fn nps_gain(kpi: &KpiAnalysis, j: usize, measure: Measure) -> Option<Gain> {
    let e = kpi.nps_effects.as_ref()?;
    what_if(&e.model, e.uncertainty.as_ref(), j, measure, 1.0)
}

/// Builds the list from the lead KPI's matrix under `crosshair`.
pub fn priorities(a: &Analysis, crosshair: &Crosshair) -> Priorities {
    let lead = a.lead_kpi.min(a.kpis.len().saturating_sub(1));
    let ranked_on = if a.kpis.get(lead).is_some_and(sound) {
        Some(lead)
    } else {
        a.kpis.iter().position(sound)
    };
    let not_controllable: Vec<usize> = a
        .touchpoints
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.controllable)
        .map(|(j, _)| j)
        .collect();
    let Some(k) = ranked_on else {
        return Priorities {
            lead,
            ranked_on,
            items: Vec::new(),
            not_controllable,
        };
    };
    let kpi = &a.kpis[k];
    let m = place(a, k, crosshair);
    let scale = gain_scale(kpi);
    let mut items: Vec<Priority> = Vec::new();
    for p in &m.points {
        let j = p.touchpoint;
        if !a.touchpoints[j].controllable {
            continue;
        }
        let Some(e) = kpi.model.touchpoints.get(j) else {
            continue;
        };
        // No term in the model: nothing to act on.
        if e.incidence_effect.is_none() && e.quality_effect.is_none() {
            continue;
        }
        let action = Action::from_quadrant(p.quadrant);
        let measure = measure_for(action, e);
        let gain = what_if(&kpi.model, kpi.uncertainty.as_ref(), j, measure, scale);
        let flags = flags(kpi, j, e, gain);
        let other_kpis = other_gains(a, k, j, measure);
        items.push(Priority {
            rank: 0,
            touchpoint: j,
            action,
            measure,
            kpi: k,
            gain,
            certain: flags.is_empty(),
            flags,
            other_kpis,
            nps: nps_gain(kpi, j, measure),
        });
    }
    rank(&mut items);
    Priorities {
        lead,
        ranked_on,
        items,
        not_controllable,
    }
}

/// What the data does not establish about touchpoint `j`'s action on
/// `kpi`; empty when the action is certain.
fn flags(kpi: &KpiAnalysis, j: usize, e: &TouchpointEffect, gain: Option<Gain>) -> Vec<Flag> {
    let u = kpi.uncertainty.as_ref().and_then(|u| u.touchpoints.get(j));
    let mut flags = Vec::new();
    if u.is_some_and(|u| u.impact_uncertain) {
        flags.push(Flag::DirectionUncertain);
    }
    if u.is_some_and(|u| u.significant == Some(false)) {
        flags.push(Flag::NotSignificant);
    }
    if e.small_base {
        flags.push(Flag::SmallBase);
    }
    match gain {
        Some(g) if g.value > 0.0 => {
            if g.includes_zero() {
                flags.push(Flag::GainIncludesZero);
            }
        }
        _ => flags.push(Flag::NoGain),
    }
    flags
}

/// The same action's gain on every other sound KPI than `k`.
fn other_gains(a: &Analysis, k: usize, j: usize, measure: Measure) -> Vec<OtherGain> {
    a.kpis
        .iter()
        .enumerate()
        .filter(|&(o, other)| o != k && sound(other))
        .map(|(o, other)| OtherGain {
            kpi: o,
            gain: what_if(
                &other.model,
                other.uncertainty.as_ref(),
                j,
                measure,
                gain_scale(other),
            ),
            nps: nps_gain(other, j, measure),
        })
        .collect()
}

/// A KPI whose model has no caveats: it can be ranked on and quoted.
fn sound(k: &KpiAnalysis) -> bool {
    k.model.caveats.is_empty()
}

/// Certain actions first, then by gain, largest first; ties by
/// touchpoint. Numbers the ranks from 1.
fn rank(items: &mut [Priority]) {
    let value = |p: &Priority| p.gain.map_or(f64::NEG_INFINITY, |g| g.value);
    items.sort_by(|x, y| {
        y.certain
            .cmp(&x.certain)
            .then(value(y).total_cmp(&value(x)))
            .then(x.touchpoint.cmp(&y.touchpoint))
    });
    for (i, p) in items.iter_mut().enumerate() {
        p.rank = i + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{fixture, small_fixture};
    use cximpact_regression::{BootstrapDraws, ModelCaveat, ResampleUnit, TouchpointUncertainty};

    /// The small fixture with hand-set gains. A (amplify) gains 0.10 per
    /// point, B (improve) 0.30, C (prevent) 0.50 per point but 0.20 from
    /// one in ten fewer: its action is measured by the latter.
    fn small() -> Analysis {
        let mut a = small_fixture();
        let tps = &mut a.kpis[0].model.touchpoints;
        tps[0].gain_one_point = Some(0.10);
        tps[1].gain_one_point = Some(0.30);
        tps[2].incidence_effect = Some(-2.0);
        tps[2].gain_one_point = Some(0.50);
        tps[2].gain_prevent = Some(0.20);
        a
    }

    /// A bootstrap whose only content is the per-touchpoint flags and
    /// gain intervals given.
    fn with_intervals(t: Vec<TouchpointUncertainty>) -> KpiUncertainty {
        KpiUncertainty {
            replicates: 100,
            seed: 1,
            level: 0.95,
            unit: ResampleUnit::Respondent,
            chunks: None,
            r2_ci: [0.4, 0.6],
            kpi_mean_ci: Some([6.8, 7.2]),
            noise_importance: 0.001,
            noise_threshold: 0.002,
            touchpoints: t,
            draws: BootstrapDraws::default(),
        }
    }

    fn interval(one: Option<[f64; 2]>, prevent: Option<[f64; 2]>) -> TouchpointUncertainty {
        TouchpointUncertainty {
            satisfaction_ci: Some([5.0, 6.0]),
            frequency_ci: [0.4, 0.6],
            importance_ci: Some([0.05, 0.3]),
            impact_ci: Some([0.05, 0.3]),
            impact_pct_ci: Some([10.0, 60.0]),
            impact_uncertain: false,
            significant: Some(true),
            gain_one_point_ci: one,
            gain_prevent_ci: prevent,
        }
    }

    fn order(p: &Priorities) -> Vec<(usize, Action, bool)> {
        p.items
            .iter()
            .map(|i| (i.touchpoint, i.action, i.certain))
            .collect()
    }

    #[test]
    fn ranks_by_gain_on_the_lead_kpi_with_the_quadrants_action() {
        let a = small();
        let p = priorities(&a, &Crosshair::default());
        assert_eq!(p.ranked_on, Some(0));
        // B 0.30, C 0.20 (prevent), A 0.10; D was never experienced.
        assert_eq!(
            order(&p),
            [
                (1, Action::Improve, true),
                (2, Action::Prevent, true),
                (0, Action::Amplify, true)
            ]
        );
        assert_eq!(
            p.items.iter().map(|i| i.rank).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        // Without a bootstrap there are no intervals to flag.
        assert!(p.items.iter().all(|i| i.gain.unwrap().ci.is_none()));
    }

    #[test]
    fn prevent_is_measured_by_one_in_ten_fewer() {
        let p = priorities(&small(), &Crosshair::default());
        let c = p.items.iter().find(|i| i.touchpoint == 2).unwrap();
        assert_eq!(c.measure, Measure::OneInTenFewer);
        assert_eq!(c.gain.unwrap().value, 0.20);
        // Without an incidence term there is nothing to prevent by: no gain,
        // so it is shown apart.
        let mut a = small();
        a.kpis[0].model.touchpoints[2].incidence_effect = None;
        a.kpis[0].model.touchpoints[2].gain_prevent = None;
        let p = priorities(&a, &Crosshair::default());
        let c = p.items.iter().find(|i| i.touchpoint == 2).unwrap();
        assert_eq!((c.gain, c.certain), (None, false));
        assert_eq!(c.flags, [Flag::NoGain]);
        assert_eq!(p.items.last().unwrap().touchpoint, 2);
    }

    #[test]
    fn economize_is_the_gain_of_doing_less() {
        // C placed right of the crosshair: high satisfaction, negative
        // impact.
        let mut a = small();
        a.touchpoints[2].descriptives.satisfaction_mean = Some(9.0);
        let p = priorities(&a, &"5,0".parse().unwrap());
        let c = p.items.iter().find(|i| i.touchpoint == 2).unwrap();
        assert_eq!(
            (c.action, c.measure),
            (Action::Economize, Measure::OneInTenFewer)
        );
        assert_eq!(c.gain.unwrap().value, 0.20);
        // No incidence term: one point less satisfaction, its interval
        // mirrored.
        a.kpis[0].model.touchpoints[2].gain_prevent = None;
        a.kpis[0].model.touchpoints[2].gain_one_point = Some(-0.04);
        let mut t: Vec<_> = (0..4).map(|_| interval(Some([0.05, 0.2]), None)).collect();
        t[2].gain_one_point_ci = Some([-0.07, -0.01]);
        a.kpis[0].uncertainty = Some(with_intervals(t));
        let p = priorities(&a, &"5,0".parse().unwrap());
        let c = p.items.iter().find(|i| i.touchpoint == 2).unwrap();
        assert_eq!(c.measure, Measure::OnePointLess);
        let g = c.gain.unwrap();
        assert_eq!(g.value, 0.04);
        assert_eq!(g.ci, Some([0.01, 0.07]));
        assert!(c.certain, "{:?}", c.flags);
    }

    #[test]
    fn uncertain_items_are_never_ranked_above_certain_ones() {
        let mut a = small();
        let mut t: Vec<_> = (0..4)
            .map(|_| interval(Some([0.05, 0.6]), Some([0.1, 0.3])))
            .collect();
        // B has the largest gain but an uncertain direction; C's gain
        // interval includes zero; A is certain.
        t[1].impact_uncertain = true;
        t[1].significant = Some(false);
        t[2].gain_prevent_ci = Some([-0.05, 0.4]);
        a.kpis[0].uncertainty = Some(with_intervals(t));
        let p = priorities(&a, &Crosshair::default());
        assert_eq!(
            order(&p),
            [
                (0, Action::Amplify, true),
                (1, Action::Improve, false),
                (2, Action::Prevent, false)
            ]
        );
        assert_eq!(
            p.items[1].flags,
            [Flag::DirectionUncertain, Flag::NotSignificant]
        );
        assert_eq!(p.items[2].flags, [Flag::GainIncludesZero]);
        assert_eq!(p.certain().count(), 1);
        assert_eq!(p.uncertain().count(), 2);

        // A small base is flagged too.
        a.kpis[0].model.touchpoints[0].small_base = true;
        let p = priorities(&a, &Crosshair::default());
        assert!(p.items.iter().all(|i| !i.certain));
        let a_item = p.items.iter().find(|i| i.touchpoint == 0).unwrap();
        assert_eq!(a_item.flags, [Flag::SmallBase]);
    }

    #[test]
    fn not_controllable_touchpoints_never_appear() {
        let mut a = small();
        a.touchpoints[2].controllable = false;
        let p = priorities(&a, &Crosshair::default());
        assert!(p.items.iter().all(|i| i.touchpoint != 2));
        assert_eq!(p.not_controllable, [2]);
        assert_eq!(p.items.len(), 2);
    }

    #[test]
    fn kpis_with_caveats_are_not_ranked_on_nor_quoted() {
        let mut a = fixture();
        // Every lead-KPI action quotes the two other KPIs.
        let p = priorities(&a, &Crosshair::default());
        assert_eq!(p.ranked_on, Some(0));
        let kpis: Vec<usize> = p.items[0].other_kpis.iter().map(|o| o.kpi).collect();
        assert_eq!(kpis, [1, 2]);
        // The NPS lead KPI comes with NPS points.
        assert!(p.items.iter().any(|i| i.nps.is_some()));

        a.kpis[2].model.caveats = vec![ModelCaveat::Separation];
        let p = priorities(&a, &Crosshair::default());
        let kpis: Vec<usize> = p.items[0].other_kpis.iter().map(|o| o.kpi).collect();
        assert_eq!(kpis, [1]);

        // A lead KPI with caveats hands the ranking to the next sound one.
        a.kpis[0].model.caveats = vec![ModelCaveat::FewInClass { n: 4, min: 30 }];
        let p = priorities(&a, &Crosshair::default());
        assert_eq!((p.lead, p.ranked_on), (0, Some(1)));
        assert!(p.items.iter().all(|i| i.kpi == 1 && i.nps.is_none()));
        // None sound: no list.
        a.kpis[1].model.caveats = vec![ModelCaveat::ImportanceSum { sum: 0.5 }];
        let p = priorities(&a, &Crosshair::default());
        assert_eq!(p.ranked_on, None);
        assert!(p.items.is_empty());
    }

    /// Yes/no KPIs are ranked in percentage points.
    #[test]
    fn share_kpis_gain_in_percentage_points() {
        let mut a = fixture();
        a.lead_kpi = 2;
        let p = priorities(&a, &Crosshair::default());
        assert_eq!(p.ranked_on, Some(2));
        let first = &p.items[0];
        let kpi = &a.kpis[2];
        let raw = what_if(
            &kpi.model,
            kpi.uncertainty.as_ref(),
            first.touchpoint,
            first.measure,
            1.0,
        )
        .unwrap();
        let shown = first.gain.unwrap();
        assert!((shown.value - 100.0 * raw.value).abs() < 1e-9);
        assert_eq!(gain_scale(kpi), 100.0);
        assert_eq!(gain_scale(&a.kpis[0]), 1.0);
    }
}
