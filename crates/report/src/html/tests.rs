//! Report tests: the page is self-contained, speaks the reader's language,
//! and its first screen, gains and notes say what the analysis found.

use super::gains::gain_decimals;
use super::*;
use crate::fixture::fixture;
use crate::lang::Lang;
use crate::priorities::{Measure, Priority};
use crate::quadrant::Quadrant;

/// minijinja's HTML escaping, for comparing texts.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
        .replace('"', "&quot;")
}

fn html(lang: Lang) -> String {
    let s = ReportSettings {
        lang,
        ..Default::default()
    };
    render_html(&fixture(), &s).unwrap()
}

#[test]
fn html_names_every_touchpoint_and_quadrant_advice() {
    let h = html(Lang::En);
    let a = fixture();
    for tp in &a.touchpoints {
        assert!(h.contains(&esc(&tp.label)), "missing {}", tp.label);
    }
    let t = texts(Lang::En);
    for q in Quadrant::ALL {
        assert!(
            h.contains(&esc(t.quadrant(q).advice)),
            "missing advice for {q:?}"
        );
    }
    assert!(h.contains("Net Promoter Score") && h.contains("+12"));
    assert!(h.contains("1,987") && h.contains("2,104"));
    assert!(h.contains("weighted by weight"));
    assert!(h.contains("What to do first"));
    assert!(h.contains("out of scale") && h.contains("row 17, q10_app"));
    assert!(h.contains("nobody rated it"));
    assert!(h.contains("(no answer)"));
    // The lead KPI's matrix on the first screen, one per KPI, and the
    // journey heatmap after them.
    assert_eq!(h.matches("<svg").count(), 5);
    let journey = h.find("<section id=\"journey\">").unwrap();
    assert!(h.find("<section id=\"kpi-3\">").unwrap() < journey);
    assert!(h[journey..].contains("Impact along the customer journey"));
}

#[test]
fn html_is_self_contained() {
    let h = html(Lang::En);
    assert!(!h.contains("http://") && !h.contains("https://"));
    assert!(!h.contains("<script"));
    assert!(!h.contains("<link"));
    assert!(!h.contains("@import") && !h.contains("url("));
    assert!(h.starts_with("<!DOCTYPE html>"));
}

#[test]
fn dutch_html_uses_dutch_words_and_decimal_comma() {
    let h = html(Lang::Nl);
    for w in [
        "lang=\"nl\"",
        "Koesteren en uitbouwen",
        "Verbeteren",
        "Voorkomen of herontwerpen",
        "Besparen",
        "je doet het te goed",
        "klantreis",
        "Contactmoment",
        "Tevredenheid",
        "Frequentie",
        "Impact",
        "Respondenten",
        "Aanbeveling",
        "1.987",
        "0,41",
        "Impact langs de klantreis",
        "Lees een rij",
    ] {
        assert!(h.contains(w), "missing {w}");
    }
    assert!(!h.contains("What to do first"));
    assert!(!h.contains("Impact along the customer journey"));
    assert!(h.contains("Wat eerst te doen") && h.contains("NPS-punten"));
}

/// The first screen: the lead KPI's headline with interval and base,
/// the top five certain actions in KPI points with intervals and NPS
/// points, then the matrix they follow; all before the KPI sections.
#[test]
fn first_screen_tells_the_story() {
    let a = fixture();
    let h = html(Lang::En);
    let summary = &h[h.find("id=\"summary\"").unwrap()..h.find("id=\"kpi-1\"").unwrap()];
    let nps_ci = a.kpis[0]
        .nps_effects
        .as_ref()
        .unwrap()
        .uncertainty
        .as_ref()
        .unwrap()
        .kpi_mean_ci
        .unwrap();
    let nf = NumFmt::new(Lang::En);
    assert!(summary.contains("NPS +12"), "{summary}");
    assert!(summary.contains(&format!(
        "95%: {} to {} \u{b7} n = 1,987",
        nf.signed(nps_ci[0], 0),
        nf.signed(nps_ci[1], 0)
    )));
    let p = priorities(&a, &Default::default());
    let top: Vec<&Priority> = p.certain().take(5).collect();
    assert_eq!(top.len(), 5);
    let ol =
        &summary[summary.find("<ol class=\"actions\">").unwrap()..summary.find("</ol>").unwrap()];
    assert_eq!(ol.matches("<li>").count(), 5);
    // The first action in words, with its interval and NPS points.
    let first = &top[0];
    let tp = &a.touchpoints[first.touchpoint].label;
    let g = first.gain.unwrap();
    let d = gain_decimals(g.value);
    let [lo, hi] = g.ci.unwrap();
    let words = format!(
        "{}: {} on Likelihood to recommend (95%: {} to {}), {} NPS points",
        match first.measure {
            Measure::OnePointMore => format!("One point more satisfaction with {tp}"),
            Measure::OneInTenFewer => format!("One in ten fewer customers experiencing {tp}"),
            Measure::OnePointLess => format!("One point less satisfaction with {tp}"),
        },
        nf.signed(g.value, d),
        nf.dec(lo, d),
        nf.dec(hi, d),
        nf.signed(
            first.nps.unwrap().value,
            gain_decimals(first.nps.unwrap().value)
        ),
    );
    assert!(summary.contains(&esc(&words)), "{words}");
    // The other KPIs beside it, effort in its own direction.
    assert!(summary.contains("Also: "));
    assert!(summary.contains("on Customer effort (lower is better; 95%"));
    assert!(summary.contains("percentage points on Still a customer next year"));
    // The flagged ones apart, with their reasons.
    assert!(summary.contains("Shown apart: not certain enough to rank"));
    assert!(summary.contains("not above noise"));
    // The not controllable payment arrangement is left out, and said so.
    assert!(summary.contains("Left out as not controllable: Payment arrangement."));
    assert!(!summary.contains("experiencing Payment arrangement"));
    // The matrix the actions follow, with its how-to-read line.
    assert!(summary.contains("<svg"));
    assert!(summary.contains("How to read: further right"));
    // The old ranking by share of R² times reach is gone.
    assert!(!h.contains("of what explains Likelihood to recommend</span>"));
}

#[test]
fn headline_speaks_the_kpis_own_scale() {
    let a = fixture();
    let t = texts(Lang::En);
    let nf = NumFmt::new(Lang::En);
    // Effort was reversed for the model: the headline turns it back.
    let h = headline(&a.kpis[1], t, nf);
    assert_eq!(h.value, "2.90");
    assert_eq!(
        h.label,
        "Customer effort: mean on the 1-7 scale (low is good)"
    );
    assert!(
        h.detail.starts_with("95%: 2.") && h.detail.ends_with("n = 1,904"),
        "{}",
        h.detail
    );
    let h = headline(&a.kpis[2], t, nf);
    assert_eq!(h.value, "86%");
    assert_eq!(h.label, "Still a customer next year: share who say yes");
}

/// Economize is a question to check; not controllable moments get no
/// prevent or economize advice, only a mark and their note.
#[test]
fn advice_fits_the_kpi_and_respects_overrides() {
    let h = html(Lang::En);
    assert!(h.contains("Does this moment cost more than it returns? Check before relaxing"));
    assert!(!h.contains("save cost"));
    // Effort's quadrants speak of lower effort, not loyalty.
    let effort = &h[h.find("id=\"kpi-2\"").unwrap()..h.find("id=\"kpi-3\"").unwrap()];
    assert!(effort.contains("lower customer effort"));
    assert!(!effort.contains("loyalty"));
    let stay = &h[h.find("id=\"kpi-3\"").unwrap()..];
    assert!(stay.contains("the share who say yes to still a customer next year"));
    // The payment arrangement: marked, its note shown, listed apart in
    // its quadrant with no advice.
    assert!(h.contains(">not controllable</span>"));
    assert!(h.contains("Offered by law to every customer in arrears."));
    assert!(h.contains("Not controllable, shown for information (no advice): Payment arrangement"));
    assert!(!h.contains("<li>Payment arrangement ("));
    // A controllable touchpoint's note is shown too.
    assert!(h.contains("Run by a subcontractor since March."));
}

#[test]
fn kpi_with_caveats_is_flagged_and_not_ranked() {
    let mut a = fixture();
    a.kpis[2].model.caveats = vec![cximpact_regression::ModelCaveat::FewInClass { n: 7, min: 30 }];
    let h = render_html(&a, &ReportSettings::default()).unwrap();
    let note = "Caution: the importances of Still a customer next year are not sound: only 7 \
                respondents gave the rarer answer (at least 30 are needed).";
    // At its matrix and at its table.
    assert_eq!(h.matches(&esc(note)).count(), 2);
    // Not quoted beside the actions.
    assert!(!h.contains("percentage points on Still a customer next year"));
    let nl = render_html(
        &a,
        &ReportSettings {
            lang: Lang::Nl,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(nl.contains("Let op: de belangen van Still a customer next year zijn niet betrouwbaar"));

    // A lead KPI with caveats: ranked on the next sound one, and said so.
    a.kpis[0].model.caveats = vec![cximpact_regression::ModelCaveat::Separation];
    let h = render_html(&a, &ReportSettings::default()).unwrap();
    assert!(h.contains(&esc("The importances of Likelihood to recommend are not sound (see its section), so the list is ranked on Customer effort.")));
}

#[test]
fn methods_explain_direction_what_if_and_limits() {
    let h = html(Lang::En);
    let methods = &h[h.find("id=\"methods\"").unwrap()..];
    assert!(methods.contains("net direction"));
    assert!(methods.contains("Shapley lends a term credit"));
    assert!(methods.contains("capped at the top of the scale"));
    assert!(methods.contains("one in ten of those customers"));
    assert!(methods.contains("not proven causes"));
    let nl = html(Lang::Nl);
    assert!(nl.contains("geen bewezen oorzaken") && nl.contains("netto-richting"));
}

/// Without a bootstrap the list says its certainty was not checked
/// and quotes no intervals.
#[test]
fn priorities_without_a_bootstrap_say_so() {
    let mut a = fixture();
    for k in &mut a.kpis {
        k.uncertainty = None;
        if let Some(e) = k.nps_effects.as_mut() {
            e.uncertainty = None;
        }
    }
    let h = render_html(&a, &ReportSettings::default()).unwrap();
    let summary = &h[h.find("id=\"summary\"").unwrap()..h.find("id=\"kpi-1\"").unwrap()];
    assert!(summary.contains("The bootstrap was off"));
    assert!(!summary.contains("95%"));
    assert!(summary.contains("NPS +12</div>"));
}

#[test]
fn gains_keep_two_significant_digits() {
    assert_eq!(gain_decimals(0.12), 2);
    assert_eq!(gain_decimals(1.4), 1);
    assert_eq!(gain_decimals(0.013), 3);
    assert_eq!(gain_decimals(23.0), 1);
    assert_eq!(gain_decimals(0.0), 2);
    assert_eq!(gain_decimals(0.09996), 2);
    // Too small to show at four decimals: no overflow, four decimals.
    assert_eq!(gain_decimals(0.00001), 4);
    assert_eq!(gain_decimals(-1e-300), 4);
    assert_eq!(gain_decimals(-0.0996), 2);
}

/// The fixture's retention KPI is logistic: its table shows odds
/// ratios, its headline a pseudo-R², and the methods explain both.
#[test]
fn logistic_kpis_speak_of_odds_ratios() {
    let h = html(Lang::En);
    assert_eq!(h.matches("Incidence (odds ratio)").count(), 1);
    // The linear KPIs keep their effect headers.
    assert!(h.contains("<th class=\"num wrap\">Incidence effect</th>"));
    assert!(h.contains("McFadden pseudo-R\u{b2} = 0.22"));
    assert!(h.contains("the largest standard error is 0.0006"));
    assert!(h.contains("get a logistic model"));
    // exp(0.1176) for the first touchpoint, two decimals.
    let a = fixture();
    let or = a.kpis[2].model.touchpoints[0].incidence_odds_ratio.unwrap();
    assert!(h.contains(&format!("<td class=\"num\">{or:.2}</td>")));
    let nl = html(Lang::Nl);
    assert!(nl.contains("Incidentie (odds ratio)") && nl.contains("logistisch model"));

    // A separated model says which effects are not estimable.
    let mut a = fixture();
    a.kpis[2].model.separation = true;
    a.kpis[2].model.touchpoints[0].incidence_odds_ratio = None;
    let h = render_html(&a, &ReportSettings::default()).unwrap();
    assert!(h.contains(">not estimable<"));
    assert!(h.contains("no finite odds ratio"));
    assert!(!h.contains("random subsample"));

    // A large survey's decomposition says it used a subsample; the
    // bootstrap of a logistic model is explained in the methods.
    let mut a = fixture();
    a.kpis[2].model.importance_subsample = Some(20_000);
    a.kpis[2].model.n = 250_000;
    let h = render_html(&a, &ReportSettings::default()).unwrap();
    assert!(h.contains(
        "over all 250,000 with the logistic correction computed on a random subsample of 20,000"
    ));
    assert!(h.contains("each resample refits the logistic model"));
    let v = crate::data::impact_json(&a, &ReportSettings::default());
    assert_eq!(v["kpis"][2]["importance_subsample"], 20_000);
    assert!(v["kpis"][0]["importance_subsample"].is_null());

    // Standard errors too small for four decimals say so instead of 0.0000.
    let mut a = fixture();
    for e in &mut a.kpis[2].model.touchpoints {
        e.importance_se = e.importance_se.map(|s| s / 1000.0);
    }
    let render = |lang| {
        let s = ReportSettings {
            lang,
            ..Default::default()
        };
        render_html(&a, &s).unwrap()
    };
    assert!(render(Lang::En).contains("the largest standard error is below 0.0001 (in"));
    assert!(render(Lang::Nl).contains("de grootste standaardfout is kleiner dan 0,0001"));
}

/// A logistic model fitted on a subsample of a large survey says so under
/// its table, in plain words and in the report's language, with how many
/// answered; the methods state the rule and its consequence; the JSON
/// carries the draw. A model on everyone says none of it.
#[test]
fn a_model_on_a_subsample_says_of_how_many_and_why() {
    use cximpact_analysis::ModelSubsample;
    let mut a = fixture();
    a.kpis[2].model.n = 100_000;
    a.kpis[2].model.importance_subsample = Some(20_000);
    a.kpis[2].subsample = Some(ModelSubsample {
        n: 100_000,
        of: 1_234_567,
        seed: 42,
    });
    let render = |lang| {
        let s = ReportSettings {
            lang,
            ..Default::default()
        };
        render_html(&a, &s).unwrap()
    };
    let en = render(Lang::En);
    for needle in [
        "n = 100,000 \u{b7} logistic model",
        "model fitted on a random 100,000 of the 1,234,567 who answered",
        "1,234,567 customers answered this question; the model was fitted on a random 100,000 \
         of them (seed 42)",
        "so the intervals are about 3.5 times as wide as a fit on all 1,234,567 would give",
        "decomposition over those 100,000 customers with the logistic correction computed on a \
         random 20,000 of them",
        "answered by more than 100,000 customers is fitted on a simple random subsample of \
         100,000 of them",
        "that model's intervals reflect 100,000 customers, so they are wider",
    ] {
        assert!(en.contains(&esc(needle)), "{needle}");
    }
    assert!(!en.contains("the model itself uses everyone"));
    let nl = render(Lang::Nl);
    for needle in [
        "model geschat op een willekeurige 100.000 van de 1.234.567 die antwoordden",
        "1.234.567 klanten beantwoordden deze vraag; het model is geschat op een willekeurige \
         100.000 van hen (seed 42)",
        "dus de intervallen zijn ongeveer 3,5 keer zo breed als bij een schatting op alle \
         1.234.567",
        "wordt geschat op een enkelvoudige aselecte steekproef van 100.000 van hen",
    ] {
        assert!(nl.contains(&esc(needle)), "{needle}");
    }
    let v = crate::data::impact_json(&a, &ReportSettings::default());
    assert_eq!(v["kpis"][2]["n"], 100_000);
    assert_eq!(
        v["kpis"][2]["model_subsample"],
        serde_json::json!({"n": 100_000, "of": 1_234_567, "seed": 42})
    );
    assert!(v["kpis"][0].get("model_subsample").is_none());
    let plain = html(Lang::En);
    assert!(!plain.contains("customers answered this question"));
    assert!(!plain.contains("answered by more than"));
}
