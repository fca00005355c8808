//! The sample survey against the truth it was generated from
//! (`sample-surveys/insurance.truth.json`, written by `generate-sample`):
//! every touchpoint with a direct effect on the side of the matrix its truth
//! says (NPS and effort), and the what-if gains within reach of the true
//! counterfactual gains, with intervals that hold them.
//!
//! The truth's `kpis` section is computed by the generator on the realised
//! sample (the same respondents with their own noise, one point more or the
//! moment taken away), oriented like the analysis (effort as 8 - ces). It
//! is what a correct analysis estimates, up to sampling error.

use std::sync::OnceLock;

use serde_json::Value;

use crate::util::*;

const SURVEY: &str = "sample-surveys/insurance.csv";
const CONFIG: &str = "sample-surveys/insurance.toml";

/// A true gain smaller than this (in KPI points) is not checked: it is
/// too small to act on, and a quarter of it is below any sampling error.
const MATTERS: f64 = 0.02;
/// "Close" to the truth: within this share of it.
const CLOSE: f64 = 0.25;
/// Share of the gains whose 95% interval must hold the truth.
const COVERAGE: f64 = 0.9;

/// The sample's `impact.json` with the default options (default crosshair,
/// 200 bootstrap replicates, default seed), computed once for the module.
fn sample() -> &'static Value {
    static JSON: OnceLock<Value> = OnceLock::new();
    JSON.get_or_init(|| {
        let scratch = Scratch::new();
        let out = scratch.out();
        assert_ok(&cximpact(&[
            "analyze",
            SURVEY,
            "--config",
            CONFIG,
            "--out",
            out.to_str().unwrap(),
        ]));
        impact_json(&out)
    })
}

fn truth() -> Value {
    let path = root().join("sample-surveys/insurance.truth.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The analysed KPI called `name` in impact.json.
fn kpi<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == name)
        .unwrap_or_else(|| panic!("no KPI {name} in impact.json"))
}

/// The truth's per-touchpoint entries for KPI `column`.
fn truth_touchpoints(truth: &Value, column: &str) -> Vec<Value> {
    truth["kpis"]
        .as_array()
        .expect("the truth has per-KPI entries: regenerate it with generate-sample")
        .iter()
        .find(|k| k["column"] == column)
        .unwrap_or_else(|| panic!("no truth for {column}"))["touchpoints"]
        .as_array()
        .unwrap()
        .clone()
}

/// The estimate of touchpoint `column` in an analysed KPI.
fn touchpoint<'a>(kpi: &'a Value, column: &str) -> &'a Value {
    kpi["touchpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == column)
        .unwrap_or_else(|| panic!("{column} not in {}", kpi["name"]))
}

fn side_sign(side: &str) -> Option<f64> {
    match side {
        "positive" => Some(1.0),
        "negative" => Some(-1.0),
        _ => None,
    }
}

/// Touchpoints with a direct effect land on their true side: the sign of
/// `impact` and of `direction`, and the quadrant (its side of the zero
/// line; for NPS the intended quadrant itself). A touchpoint whose true
/// terms pull about equally hard (side "mixed": true direction between -0.5
/// and 0.5, filing a claim on NPS) must be flagged `impact_uncertain`.
/// Touchpoints without a direct effect are skipped. Returns the
/// touchpoints checked.
fn assert_sides(kpi: &Value, truth: &[Value]) -> usize {
    let name = kpi["name"].as_str().unwrap();
    let mut checked = 0;
    for t in truth {
        let column = t["column"].as_str().unwrap();
        let e = touchpoint(kpi, column);
        if t["side"] == "mixed" {
            checked += 1;
            assert_eq!(
                e["impact_uncertain"], true,
                "{name}: {column} (true terms pull both ways) is drawn confidently: {e}"
            );
            continue;
        }
        let Some(sign) = side_sign(t["side"].as_str().unwrap()) else {
            continue;
        };
        checked += 1;
        let impact = e["impact"].as_f64().unwrap();
        let direction = e["direction"]
            .as_f64()
            .unwrap_or_else(|| panic!("{name}: {column} has no direction: {e}"));
        let quadrant = e["quadrant"].as_str().unwrap();
        let upper = ["amplify", "improve"].contains(&quadrant);
        let placed = impact.signum() == sign
            && direction.signum() == sign
            && upper == (sign > 0.0)
            && t.get("quadrant").is_none_or(|q| q == quadrant);
        assert!(
            placed,
            "{name}: {column} is truly {} ({}) but drawn in {quadrant} with impact {impact}, \
             direction {direction}",
            t["side"],
            t.get("quadrant").unwrap_or(&Value::Null)
        );
    }
    checked
}

/// NPS: every touchpoint with an effect on its true side and in its
/// intended quadrant (default crosshair: mean satisfaction, zero impact;
/// filing a claim, whose true terms pull both ways, flagged uncertain); the
/// welcome gift, which does nothing, is not confidently placed.
#[test]
fn nps_sides_and_quadrants_follow_the_truth() {
    let json = sample();
    let nps = kpi(json, "nps");
    assert_eq!(nps["crosshair"]["x_rule"], "mean", "default crosshair");
    assert_eq!(nps["crosshair"]["y"].as_f64(), Some(0.0));
    let truth = truth_touchpoints(&truth(), "nps");
    assert_eq!(assert_sides(nps, &truth), 16);
    let mut no_effect = 0;
    for t in truth.iter().filter(|t| t["side"] == "none") {
        let column = t["column"].as_str().unwrap();
        let e = touchpoint(nps, column);
        assert!(
            e["impact_uncertain"] == true || e["significant"] == false,
            "{column} has no effect yet is placed confidently: {e}"
        );
        no_effect += 1;
    }
    assert_eq!(no_effect, 1);
}

/// Effort (a reversed KPI): the claim process and the complaint cost
/// effort, a better website, app, claim call and online purchase lower it.
/// Those driven by how well they go must not land below the line because
/// of a near-zero incidence effect.
#[test]
fn effort_sides_follow_the_truth() {
    let json = sample();
    let ces = kpi(json, "ces");
    assert_eq!(ces["reverse"], true);
    let truth = truth_touchpoints(&truth(), "ces");
    assert_eq!(assert_sides(ces, &truth), 7);
}

/// Overall satisfaction averages every rating, so some moments are truly
/// mixed (being there hurts, going well helps); the rest must never be
/// confidently on the wrong side.
#[test]
fn overall_satisfaction_is_never_confidently_wrong() {
    let json = sample();
    let overall = kpi(json, "overall_satisfaction");
    let mut checked = 0;
    for t in truth_touchpoints(&truth(), "overall_satisfaction") {
        let column = t["column"].as_str().unwrap();
        let Some(sign) = side_sign(t["side"].as_str().unwrap()) else {
            continue;
        };
        let e = touchpoint(overall, column);
        if e["impact"].as_f64().unwrap().signum() != sign {
            assert!(
                e["impact_uncertain"] == true || e["significant"] == false,
                "{column} is truly {} but confidently drawn on the other side: {e}",
                t["side"]
            );
        }
        checked += 1;
    }
    assert!(checked >= 8, "{checked}");
}

/// One estimated gain against its truth.
struct Gain {
    what: String,
    truth: f64,
    estimate: f64,
    ci: [f64; 2],
}

impl Gain {
    fn close(&self) -> bool {
        (self.estimate - self.truth).abs() <= CLOSE * self.truth.abs()
    }

    fn covered(&self) -> bool {
        self.ci[0] <= self.truth && self.truth <= self.ci[1]
    }

    /// The truth lies within twice the interval's half-width of the
    /// estimate (on the side it lies).
    fn near(&self) -> bool {
        let half = if self.truth < self.estimate {
            self.estimate - self.ci[0]
        } else {
            self.ci[1] - self.estimate
        };
        (self.truth - self.estimate).abs() <= 2.0 * half
    }
}

/// The estimate and interval of `field` (with `field_ci`), `None` when
/// impact.json leaves it out or null.
fn estimated(e: &Value, field: &str) -> Option<(f64, [f64; 2])> {
    let v = e.get(field)?.as_f64()?;
    let ci = e
        .get(format!("{field}_ci"))
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{field} without {field}_ci: {e}"));
    Some((v, [ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap()]))
}

/// The gains that matter on KPI `name`: one point more for every
/// touchpoint with a direct effect, prevent where it has a direct incidence
/// effect, each where the true gain exceeds [`MATTERS`]; for NPS also in NPS
/// points (the same what-ifs).
fn gains(json: &Value, truth: &Value, name: &str) -> Vec<Gain> {
    let k = kpi(json, name);
    let mut out = Vec::new();
    for t in truth_touchpoints(truth, name) {
        if t["side"] == "none" {
            continue;
        }
        let column = t["column"].as_str().unwrap();
        let e = touchpoint(k, column);
        let incidence = t["incidence_effect"].as_f64().is_some_and(|c| c != 0.0);
        for (what, checked) in [("gain_one_point", true), ("gain_prevent", incidence)] {
            let true_gain = t[what].as_f64().unwrap_or(0.0);
            if !checked || true_gain.abs() <= MATTERS {
                continue;
            }
            let (estimate, ci) =
                estimated(e, what).unwrap_or_else(|| panic!("{name}: {column} has no {what}: {e}"));
            out.push(Gain {
                what: format!("{name} {column} {what}"),
                truth: true_gain,
                estimate,
                ci,
            });
            if name == "nps" {
                let field = format!("{what}_nps");
                // One point more in NPS points is part of the contract;
                // prevent in NPS points where impact.json gives it.
                let est = estimated(e, &field);
                assert!(
                    est.is_some() || what == "gain_prevent",
                    "nps: {column} has no {field}"
                );
                if let Some((estimate, ci)) = est {
                    out.push(Gain {
                        what: format!("{name} {column} {field}"),
                        truth: t[&field].as_f64().unwrap(),
                        estimate,
                        ci,
                    });
                }
            }
        }
    }
    out
}

/// The what-if gains on NPS (score and NPS points) and effort: each within
/// a quarter of the true counterfactual gain or inside its 95% interval,
/// and the intervals hold the truth for at least 90% of them.
///
/// A 95% interval misses the truth one time in twenty by design, and a
/// gain of a few hundredths can be more than a quarter off by sampling
/// alone: on this sample the WLS fit puts one point more on Online
/// purchase at +0.057 (95%: 0.028 to 0.086) against a true +0.099, 2.8
/// standard errors off (a 40,000-respondent run of the generator puts the
/// model and the truth within 2% of each other there). So at most one gain
/// in twenty may miss both, and then by no more than twice its interval's
/// half-width: still enough to catch a wrong sign, wrong units or reach
/// counted twice.
#[test]
fn gains_match_the_truth() {
    let json = sample();
    let truth = truth();
    let mut all = gains(json, &truth, "nps");
    let n_nps = all.len();
    all.extend(gains(json, &truth, "ces"));
    // 15 one-point and 6 prevent gains on the NPS score matter (and the
    // same one-point gains in NPS points), and 4 one-point gains on effort
    // (its prevent gains are all small).
    assert!(n_nps >= 21 + 15, "NPS gains checked: {n_nps}");
    assert!(
        all.len() - n_nps == 4,
        "effort gains checked: {}",
        all.len() - n_nps
    );

    let table: String = all
        .iter()
        .map(|g| {
            format!(
                "\n{:<50} truth {:>8.4} estimate {:>8.4} [{:>8.4}, {:>8.4}]{}{}",
                g.what,
                g.truth,
                g.estimate,
                g.ci[0],
                g.ci[1],
                if g.close() { "" } else { "  far" },
                if g.covered() { "" } else { "  outside" },
            )
        })
        .collect();
    for g in &all {
        assert!(
            g.ci[0] <= g.estimate && g.estimate <= g.ci[1],
            "{}: estimate outside its own interval{table}",
            g.what
        );
        assert!(
            g.close() || g.near(),
            "{}: neither within a quarter of the truth nor within twice its interval{table}",
            g.what
        );
    }
    let missed = all.iter().filter(|g| !g.close() && !g.covered()).count();
    assert!(
        20 * missed <= all.len(),
        "{missed} of {} gains neither within a quarter of the truth nor in their interval{table}",
        all.len()
    );
    let covered = all.iter().filter(|g| g.covered()).count();
    assert!(
        covered as f64 >= COVERAGE * all.len() as f64,
        "intervals hold the truth for {covered} of {}{table}",
        all.len()
    );
}
