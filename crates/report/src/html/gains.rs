//! What-if gains in words and numbers: two significant digits, intervals,
//! NPS points, and a reversed KPI's gain in its own direction.

use crate::format::NumFmt;
use crate::i18n::{fill, Texts};
use crate::model::KpiAnalysis;
use crate::priorities::{shares, Gain};

/// Decimals that show a gain with two significant digits (one to four).
pub(super) fn gain_decimals(v: f64) -> usize {
    let m = v.abs();
    if m.is_nan() || m <= 0.0 || m.is_infinite() {
        return 2;
    }
    let digits = |m: f64| (1 - m.log10().floor() as i64).clamp(1, 4) as usize;
    // 0.0996 rounds to 0.100: two significant digits of that are 0.10.
    let d = digits(m);
    let scale = 10f64.powi(d as i32);
    let rounded = (m * scale).round() / scale;
    // A gain too small to show at four decimals rounds to zero.
    if rounded <= 0.0 {
        return d;
    }
    digits(rounded).min(d)
}

/// A gain as a reader takes it: a reversed KPI's gain turned into the
/// change of its own score (negative: lower, which is better there).
pub(super) fn shown(g: Gain, kpi: &KpiAnalysis) -> Gain {
    if kpi.reverse {
        Gain {
            value: -g.value,
            ci: g.ci.map(|[lo, hi]| [-hi, -lo]),
        }
    } else {
        g
    }
}

/// A gain's number and interval: "+0.12", "95%: 0.08 to 0.16" (with
/// `template` [`Texts::ci_95`]; [`Texts::ci_range`] for a table cell).
pub(super) fn gain_numbers(g: Gain, nf: NumFmt, template: &str) -> (String, String) {
    let d = gain_decimals(g.value);
    (
        nf.signed(g.value, d),
        g.ci.map_or_else(String::new, |[lo, hi]| {
            fill(template, &[("lo", &nf.dec(lo, d)), ("hi", &nf.dec(hi, d))])
        }),
    )
}

/// "+0.12 on Likelihood to recommend (95%: 0.08 to 0.16)", in percentage
/// points for a yes/no KPI, "(lower is better)" for a reversed one.
pub(super) fn gain_on(g: Gain, kpi: &KpiAnalysis, t: &Texts, nf: NumFmt) -> String {
    let (v, ci) = gain_numbers(shown(g, kpi), nf, t.ci_95);
    let v = if shares(kpi) {
        fill(t.pp, &[("v", &v)])
    } else {
        v
    };
    let mut s = fill(t.gain_on, &[("v", &v), ("kpi", &kpi.label)]);
    let aside: Vec<&str> = [kpi.reverse.then_some(t.lower_is_better), Some(ci.as_str())]
        .into_iter()
        .flatten()
        .filter(|x| !x.is_empty())
        .collect();
    if !aside.is_empty() {
        s.push_str(&format!(" ({})", aside.join("; ")));
    }
    s
}

/// "+1.4 NPS points (95%: 0.9 to 1.9)".
pub(super) fn nps_points(g: Gain, t: &Texts, nf: NumFmt) -> String {
    let (v, ci) = gain_numbers(g, nf, t.ci_95);
    let mut s = fill(t.nps_points, &[("v", &v)]);
    if !ci.is_empty() {
        s.push_str(&format!(" ({ci})"));
    }
    s
}
