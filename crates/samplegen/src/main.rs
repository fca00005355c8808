//! `generate-sample`: writes the synthetic insurer touchpoint survey that
//! cximpact is demonstrated and tested on, together with the truth it was
//! generated from.
//!
//! Why this exists: a driver analysis can only be trusted if it recovers
//! effects we know. Real client surveys never come with their truth, so this
//! crate simulates one following the model of `DOMAIN.md`
//! (`y = a + sum_j (c_j d_j + b_j d_j (x_j - m_j)) + e`) with known incidence
//! effects `c_j` and quality effects `b_j`, and dresses the result up like a
//! real Dutch export (`;` separator, decimal comma, blanks and "n.v.t." / 99
//! codes for "not experienced", a weight column, a few missing KPI answers,
//! a block of touchpoints skipped together by the same few respondents).
//!
//! It writes three files into `sample-surveys/` (or `--out DIR`):
//! - `insurance.csv`: the survey export;
//! - `insurance.toml`: the cximpact config that describes the export;
//! - `insurance.truth.json`: the true frequencies, mean satisfactions,
//!   effects on NPS and intended impact-matrix quadrants.
//!
//! Output is a pure function of the seed (and `--n`): running it twice gives
//! byte-identical files, so the files can be committed and regenerated.
//! The RNG is rand's `StdRng` (ChaCha12); its stream is pinned by the
//! workspace `Cargo.lock`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;

/// Seed of the committed sample; `--seed` overrides it.
const DEFAULT_SEED: u64 = 20_170_517;
/// Respondents in the committed sample; `--n` overrides it.
const DEFAULT_N: usize = 2_000;
/// The population truth (frequencies, mean ratings) is estimated once from a
/// large simulation with its own fixed seed, so the truth does not depend on
/// the sample seed and sampling noise in it is negligible (±0.002).
const CALIBRATION_SEED: u64 = 0x00C0_FFEE;
const CALIBRATION_DRAWS: usize = 400_000;

/// Respondent-level general mood: shifts all of a respondent's ratings
/// together, which is what makes touchpoint ratings correlate in real data
/// (and what makes the regression's job non-trivial).
const MOOD_SD: f64 = 0.85;
/// Moment-specific rating noise around touchpoint mean + mood.
const RATING_NOISE_SD: f64 = 1.3;
/// NPS latent intercept (likelihood to recommend of someone who experienced
/// nothing optional, at average quality of the invoice).
const NPS_INTERCEPT: f64 = 6.7;
/// NPS latent noise: large enough to look like survey data, small enough
/// for the strong effects to be recovered clearly at n ≈ 2,000.
const NPS_NOISE_SD: f64 = 1.6;
/// The analysis drops an incidence term below this many non-experiencers;
/// recorded in the truth so readers know which truths are estimable.
const MIN_NOT_EXPERIENCED: usize = 30;
/// Share of respondents migrated from an acquired insurer: they never
/// bought online nor got the welcome pack, so they skip that block together.
const MIGRATED_SHARE: f64 = 0.015;
/// Share of all cells of a coded column that carry "n.v.t." or "99"
/// instead of a blank.
const CODE_SHARE: f64 = 0.015;
/// Share of respondents who did not answer the NPS question.
const NPS_MISSING_SHARE: f64 = 0.004;

const REGIONS: [&str; 4] = ["Noord", "Oost", "Zuid", "West"];
/// Sample composition vs population: the sample over-represents Noord and
/// business customers, which is what the post-stratification weight fixes.
const REGION_SAMPLE: [f64; 4] = [0.13, 0.22, 0.27, 0.38];
const REGION_POPULATION: [f64; 4] = [0.10, 0.21, 0.24, 0.45];
/// Small regional mood differences so that segment comparisons show something.
const REGION_MOOD: [f64; 4] = [0.15, 0.0, -0.05, 0.0];
const BUSINESS_SAMPLE: f64 = 0.22;
const BUSINESS_POPULATION: f64 = 0.15;
const BUSINESS_MOOD: f64 = -0.15;

/// Intended place in the impact matrix on NPS (crosshair at the mean
/// satisfaction across touchpoints and at zero impact).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "lowercase")]
enum Quadrant {
    Amplify,
    Improve,
    Prevent,
    Economize,
    /// No effect at all on the KPI (true c = b = 0).
    #[serde(rename = "none")]
    NoEffect,
}

/// One touchpoint's part of the data generating process.
struct Spec {
    column: &'static str,
    label: &'static str,
    phase: &'static str,
    /// Location of the latent rating (before rounding and clipping to 1-10).
    location: f64,
    /// True incidence effect `c_j` on the NPS latent; `None` where everyone
    /// experiences the touchpoint, so that the effect cannot exist apart
    /// from the intercept.
    incidence: Option<f64>,
    /// True quality effect `b_j`: NPS points per rating point above `m_j`.
    quality: f64,
    /// What the truth was designed to show; checked against the calibrated
    /// truth at start-up so a tuning slip cannot go unnoticed.
    intended: Quadrant,
    /// Whether this column carries "n.v.t." / 99 codes next to blanks.
    coded: bool,
}

// A positional constructor keeps the journey table below one line per moment.
#[allow(clippy::too_many_arguments)]
const fn tp(
    column: &'static str,
    label: &'static str,
    phase: &'static str,
    location: f64,
    incidence: Option<f64>,
    quality: f64,
    intended: Quadrant,
    coded: bool,
) -> Spec {
    Spec {
        column,
        label,
        phase,
        location,
        incidence,
        quality,
        intended,
        coded,
    }
}

// Indices into TOUCHPOINTS, for the dependencies between moments.
const WEBSITE: usize = 0;
const COMPARISON: usize = 1;
const QUOTE_CALL: usize = 2;
const ONLINE_PURCHASE: usize = 3;
const WELCOME_LETTER: usize = 4;
const WELCOME_GIFT: usize = 5;
const APP: usize = 6;
const INVOICE: usize = 7;
const NEWSLETTER: usize = 8;
const CLAIM_FILED: usize = 9;
const CLAIM_CALL: usize = 10;
const ASSESSOR: usize = 11;
const PAYOUT: usize = 12;
const COMPLAINT: usize = 13;
const RENEWAL_NOTICE: usize = 14;
const PREMIUM_INCREASE: usize = 15;
const LOYALTY: usize = 16;
const N_TP: usize = 17;

/// The journey, in order. Effects are on the NPS latent (0-10 scale).
/// Columns: column, label, phase, rating location, c_j, b_j, intended
/// quadrant, carries n.v.t./99 codes.
#[rustfmt::skip]
const TOUCHPOINTS: [Spec; N_TP] = {
    use Quadrant::*;
    [
        // Orientation: shopping around (comparison site) goes with lower
        // loyalty; a good personal quote call builds it.
        tp("tp_website_visit", "Website visit", "Orientation", 6.7, Some(0.35), 0.20, Improve, true),
        tp("tp_comparison_site", "Comparison site", "Orientation", 6.4, Some(-0.35), 0.10, Prevent, true),
        tp("tp_quote_call", "Quote call", "Orientation", 7.9, Some(0.40), 0.20, Amplify, false),
        // Purchase
        tp("tp_online_purchase", "Online purchase", "Purchase", 8.1, Some(0.50), 0.25, Amplify, false),
        // Onboarding: the welcome gift is loved and does nothing (c = b = 0).
        tp("tp_welcome_letter", "Welcome letter", "Onboarding", 7.7, Some(0.30), 0.10, Amplify, false),
        tp("tp_welcome_gift", "Welcome gift", "Onboarding", 8.7, Some(0.0), 0.0, NoEffect, false),
        // Use: the app meets a need but not well enough (the handbook's
        // example); everyone gets the invoice; the frequent newsletter is
        // rated well yet annoys (economize).
        tp("tp_app", "Mobile app", "Use", 6.1, Some(0.70), 0.35, Improve, true),
        tp("tp_monthly_invoice", "Monthly invoice", "Use", 6.8, None, 0.30, Improve, false),
        tp("tp_newsletter", "Newsletter", "Use", 8.0, Some(-0.50), 0.05, Economize, true),
        // Claims: filing means something went wrong; a good call and the
        // payout turn it around; the assessor visit is pleasant but signals
        // a big loss; complaints are rare and ruin it.
        tp("tp_claim_filed", "Filing a claim", "Claims", 6.6, Some(-0.50), 0.30, Prevent, true),
        tp("tp_claim_call", "Claim handling call", "Claims", 6.3, Some(0.40), 0.45, Improve, false),
        tp("tp_assessor_visit", "Damage assessor visit", "Claims", 7.6, Some(-0.60), 0.15, Economize, false),
        tp("tp_claim_payout", "Claim payout", "Claims", 8.0, Some(0.90), 0.35, Amplify, false),
        tp("tp_complaint", "Complaint handling", "Claims", 4.4, Some(-1.80), 0.30, Prevent, false),
        // Renewal: the yearly reminder is fine but reminds people to shop
        // around; the premium increase hurts; the loyalty discount delights.
        tp("tp_renewal_notice", "Renewal notice", "Renewal", 7.8, Some(-0.40), 0.05, Economize, true),
        tp("tp_premium_increase", "Premium increase letter", "Renewal", 4.9, Some(-0.90), 0.20, Prevent, false),
        tp("tp_loyalty_discount", "Loyalty discount", "Renewal", 8.6, Some(0.90), 0.20, Amplify, false),
    ]
};

/// One simulated customer's journey: segment, mood, which moments they
/// experienced and how they rated them (0 where not experienced).
struct Journey {
    business: bool,
    region: usize,
    mood: f64,
    d: [bool; N_TP],
    x: [u8; N_TP],
}

fn normal(rng: &mut StdRng) -> f64 {
    StandardNormal.sample(rng)
}

fn logistic(v: f64) -> f64 {
    1.0 / (1.0 + (-v).exp())
}

/// Rounds a latent score to the integer answer a respondent would tick.
fn to_scale(v: f64, lo: u8, hi: u8) -> u8 {
    v.round().clamp(f64::from(lo), f64::from(hi)) as u8
}

fn pick(rng: &mut StdRng, shares: &[f64]) -> usize {
    let u: f64 = rng.random();
    let mut acc = 0.0;
    for (i, s) in shares.iter().enumerate() {
        acc += s;
        if u < acc {
            return i;
        }
    }
    shares.len() - 1
}

/// The post-stratification cell weight (population share / sample share).
fn cell_weight(business: bool, region: usize) -> f64 {
    let t = if business {
        BUSINESS_POPULATION / BUSINESS_SAMPLE
    } else {
        (1.0 - BUSINESS_POPULATION) / (1.0 - BUSINESS_SAMPLE)
    };
    t * REGION_POPULATION[region] / REGION_SAMPLE[region]
}

/// Draws who experiences what and how it is rated. The dependencies are
/// what real journeys look like: claim moments only after a claim, the
/// complaint mostly after a bad claim experience, the gift only with the
/// welcome letter, the renewal letters only with the renewal notice.
fn draw_journey(rng: &mut StdRng) -> Journey {
    let business = rng.random_bool(BUSINESS_SAMPLE);
    let region = pick(rng, &REGION_SAMPLE);
    let mood =
        MOOD_SD * normal(rng) + REGION_MOOD[region] + if business { BUSINESS_MOOD } else { 0.0 };

    let mut d = [false; N_TP];
    d[WEBSITE] = rng.random_bool(if business { 0.68 } else { 0.76 });
    d[COMPARISON] = rng.random_bool(if business { 0.22 } else { 0.38 });
    d[QUOTE_CALL] = rng.random_bool(if business { 0.45 } else { 0.26 });
    // Those who got a quote by phone mostly bought by phone too.
    d[ONLINE_PURCHASE] = rng.random_bool(if d[QUOTE_CALL] { 0.30 } else { 0.68 });
    d[WELCOME_LETTER] = rng.random_bool(0.63);
    d[WELCOME_GIFT] = d[WELCOME_LETTER] && rng.random_bool(0.35);
    d[APP] = rng.random_bool(if business { 0.30 } else { 0.49 });
    d[INVOICE] = true;
    d[NEWSLETTER] = rng.random_bool(0.65);
    let claim = rng.random_bool(if business { 0.28 } else { 0.20 });
    d[CLAIM_FILED] = claim;
    d[CLAIM_CALL] = claim && rng.random_bool(0.72);
    d[ASSESSOR] = claim && rng.random_bool(0.35);
    d[PAYOUT] = claim && rng.random_bool(0.72);
    d[RENEWAL_NOTICE] = rng.random_bool(0.80);
    d[PREMIUM_INCREASE] = d[RENEWAL_NOTICE] && rng.random_bool(0.37);
    d[LOYALTY] = d[RENEWAL_NOTICE] && rng.random_bool(0.22);
    // Migrated customers skip the purchase and onboarding block together:
    // the same few respondents blank on the same columns, as in real exports.
    if rng.random_bool(MIGRATED_SHARE) {
        d[ONLINE_PURCHASE] = false;
        d[WELCOME_LETTER] = false;
        d[WELCOME_GIFT] = false;
    }

    let mut x = [0u8; N_TP];
    for (j, spec) in TOUCHPOINTS.iter().enumerate() {
        // Always draw the noise so that the random stream does not depend on
        // which moments were experienced (keeps tuning changes local).
        let noise = RATING_NOISE_SD * normal(rng);
        if d[j] && j != COMPLAINT {
            x[j] = to_scale(spec.location + mood + noise, 1, 10);
        }
    }

    // The complaint is mostly the result of an earlier failure: a poor claim
    // call or a refused payout; outside claims, mostly the premium increase.
    let p_complaint = if claim {
        let call = if d[CLAIM_CALL] {
            -0.55 * (f64::from(x[CLAIM_CALL]) - TOUCHPOINTS[CLAIM_CALL].location)
        } else {
            0.0
        };
        logistic(-2.4 + call + if d[PAYOUT] { 0.0 } else { 1.4 })
    } else {
        0.012 + if d[PREMIUM_INCREASE] { 0.035 } else { 0.0 }
    };
    d[COMPLAINT] = rng.random_bool(p_complaint);
    let noise = RATING_NOISE_SD * normal(rng);
    if d[COMPLAINT] {
        x[COMPLAINT] = to_scale(TOUCHPOINTS[COMPLAINT].location + mood + noise, 1, 10);
    }

    Journey {
        business,
        region,
        mood,
        d,
        x,
    }
}

/// Population truth per touchpoint: share experienced and mean rating among
/// those who experienced it, both weighted to the population like the
/// analysis does, so `m_j` here is exactly what the model centres on.
struct Calibration {
    frequency: [f64; N_TP],
    mean: [f64; N_TP],
}

fn calibrate() -> Calibration {
    let mut rng = StdRng::seed_from_u64(CALIBRATION_SEED);
    let mut total = 0.0;
    let mut exp_w = [0.0; N_TP];
    let mut sum_x = [0.0; N_TP];
    for _ in 0..CALIBRATION_DRAWS {
        let j = draw_journey(&mut rng);
        let w = cell_weight(j.business, j.region);
        total += w;
        for t in 0..N_TP {
            if j.d[t] {
                exp_w[t] += w;
                sum_x[t] += w * f64::from(j.x[t]);
            }
        }
    }
    let mut frequency = [0.0; N_TP];
    let mut mean = [0.0; N_TP];
    for t in 0..N_TP {
        frequency[t] = exp_w[t] / total;
        mean[t] = sum_x[t] / exp_w[t];
    }
    Calibration { frequency, mean }
}

/// Quadrant implied by a truth: the sign comes from the incidence effect
/// where it exists (as in the matrix), else from the quality effect.
fn implied_quadrant(spec: &Spec, mean: f64, crosshair: f64) -> Quadrant {
    let effect = match spec.incidence {
        Some(c) if c != 0.0 => c,
        _ => spec.quality,
    };
    let high = mean >= crosshair;
    match (effect > 0.0, effect < 0.0, high) {
        (true, _, true) => Quadrant::Amplify,
        (true, _, false) => Quadrant::Improve,
        (_, true, false) => Quadrant::Prevent,
        (_, true, true) => Quadrant::Economize,
        _ => Quadrant::NoEffect,
    }
}

/// One row of the export, already in output form.
struct Row {
    business: bool,
    region: usize,
    weight: f64,
    cells: [String; N_TP],
    nps: Option<u8>,
    ces: u8,
    overall: u8,
    retention: bool,
}

fn simulate(seed: u64, n: usize, cal: &Calibration) -> Vec<Row> {
    let mut rng = StdRng::seed_from_u64(seed);
    let m = &cal.mean;
    let mut rows = Vec::with_capacity(n);
    for _ in 0..n {
        let j = draw_journey(&mut rng);
        // Centred rating, zero where not experienced: the d_j (x_j - m_j) term.
        let dev = |t: usize| {
            if j.d[t] {
                f64::from(j.x[t]) - m[t]
            } else {
                0.0
            }
        };
        let flag = |t: usize| if j.d[t] { 1.0 } else { 0.0 };

        // NPS: exactly the DOMAIN model, so the truth is what a correct
        // analysis should recover (up to rounding and clipping to 0-10).
        let mut driven = 0.0;
        for (t, spec) in TOUCHPOINTS.iter().enumerate() {
            if j.d[t] {
                driven += spec.incidence.unwrap_or(0.0) + spec.quality * dev(t);
            }
        }
        let nps_latent = NPS_INTERCEPT + driven + NPS_NOISE_SD * normal(&mut rng);
        let nps = to_scale(nps_latent, 0, 10);

        // Effort (1-7, low is good): driven by the "work" moments, i.e. the
        // claim process, complaint, app and website, not by the nice extras.
        let effort = 2.6 + 1.1 * flag(COMPLAINT) + 0.5 * flag(CLAIM_FILED) + 0.3 * flag(ASSESSOR)
            - 0.30 * dev(CLAIM_CALL)
            - 0.25 * dev(APP)
            - 0.20 * dev(WEBSITE)
            - 0.20 * dev(ONLINE_PURCHASE)
            - 0.20 * j.mood
            + 0.9 * normal(&mut rng);
        let ces = to_scale(effort, 1, 7);

        // Overall satisfaction: a blend of the moment ratings and the
        // recommendation latent, so it correlates with NPS but is flatter.
        let experienced: Vec<f64> = (0..N_TP)
            .filter(|&t| j.d[t])
            .map(|t| f64::from(j.x[t]))
            .collect();
        let avg = experienced.iter().sum::<f64>() / experienced.len() as f64;
        let overall_latent = 3.0 + 0.55 * avg + 0.3 * (nps_latent - 7.3) + 0.8 * normal(&mut rng);
        let overall = to_scale(overall_latent, 1, 10);

        // Retention: price moments and complaints weigh more than for NPS.
        let logit = 2.2 + 0.35 * (nps_latent - 7.3) - 1.2 * flag(PREMIUM_INCREASE)
            + 0.25 * dev(PREMIUM_INCREASE)
            + 0.8 * flag(LOYALTY)
            - 0.8 * flag(COMPLAINT)
            - 0.5 * flag(COMPARISON);
        let retention = rng.random_bool(logistic(logit));

        let nps_missing = rng.random_bool(NPS_MISSING_SHARE);
        let jitter = (0.12 * normal(&mut rng)).exp();

        let cells: [String; N_TP] = std::array::from_fn(|t| {
            let spec = &TOUCHPOINTS[t];
            // Codes replace a share of the blanks so that about CODE_SHARE of
            // the column's cells is coded (always drawn: stable stream).
            let u: f64 = rng.random();
            let v: f64 = rng.random();
            if j.d[t] {
                j.x[t].to_string()
            } else if spec.coded && u < CODE_SHARE / (1.0 - cal.frequency[t]) {
                if v < 0.7 { "n.v.t." } else { "99" }.to_string()
            } else {
                String::new()
            }
        });

        rows.push(Row {
            business: j.business,
            region: j.region,
            weight: cell_weight(j.business, j.region) * jitter,
            cells,
            nps: (!nps_missing).then_some(nps),
            ces,
            overall,
            retention,
        });
    }
    // Weights are reported normalised to mean 1 and trimmed, as a fieldwork
    // agency would deliver them.
    let mean_w = rows.iter().map(|r| r.weight).sum::<f64>() / rows.len() as f64;
    for r in &mut rows {
        r.weight = (r.weight / mean_w).clamp(0.5, 2.0);
    }
    rows
}

fn write_csv(rows: &[Row]) -> String {
    let mut out = String::from("respondent_id;customer_type;region;weight");
    for spec in &TOUCHPOINTS {
        out.push(';');
        out.push_str(spec.column);
    }
    out.push_str(";nps;ces;overall_satisfaction;retention\n");
    for (i, r) in rows.iter().enumerate() {
        // Dutch export: decimal comma in the weight.
        let weight = format!("{:.3}", r.weight).replace('.', ",");
        let customer = if r.business {
            "zakelijk"
        } else {
            "particulier"
        };
        let _ = write!(
            out,
            "R{:05};{customer};{};{weight}",
            i + 1,
            REGIONS[r.region]
        );
        for c in &r.cells {
            out.push(';');
            out.push_str(c);
        }
        let nps = r.nps.map(|v| v.to_string()).unwrap_or_default();
        let retention = if r.retention { "ja" } else { "nee" };
        let _ = writeln!(out, ";{nps};{};{};{retention}", r.ces, r.overall);
    }
    out
}

fn write_toml() -> String {
    let mut out = String::from(
        "# cximpact survey config for insurance.csv (generated by generate-sample).\n\
         #\n\
         # [survey]       how to read the export. Every key is optional.\n\
         #   id             respondent id column; weight: weight column\n\
         #   separator      field separator; decimal: decimal mark of numbers\n\
         #   not_experienced  cell values meaning \"did not experience it\"\n\
         # [[touchpoint]] one per moment, in journey order. Only `column` is\n\
         #   required; label, phase (journey phase) and scale [min, max] are optional.\n\
         # [[kpi]]        the overarching questions to explain.\n\
         #   kind = nps | scale | binary; reverse = true where low is good;\n\
         #   positive = values counted as \"yes\" for a binary KPI.\n\
         # [segments]     columns to compare the matrix across.\n\
         # [report]       presentation settings.\n\n\
         [survey]\n\
         id = \"respondent_id\"\n\
         weight = \"weight\"\n\
         separator = \";\"\n\
         decimal = \",\"\n\
         not_experienced = [\"\", \"n.v.t.\", \"99\"]\n",
    );
    for spec in &TOUCHPOINTS {
        let _ = write!(
            out,
            "\n[[touchpoint]]\ncolumn = \"{}\"\nlabel = \"{}\"\nphase = \"{}\"\nscale = [1, 10]\n",
            spec.column, spec.label, spec.phase
        );
    }
    out.push_str(
        "\n[[kpi]]\n\
         column = \"nps\"\n\
         label = \"Likelihood to recommend\"\n\
         kind = \"nps\"\n\
         scale = [0, 10]\n\
         \n[[kpi]]\n\
         column = \"ces\"\n\
         label = \"Customer effort\"\n\
         kind = \"scale\"\n\
         scale = [1, 7]\n\
         reverse = true  # low effort is good\n\
         \n[[kpi]]\n\
         column = \"overall_satisfaction\"\n\
         label = \"Overall satisfaction\"\n\
         kind = \"scale\"\n\
         scale = [1, 10]\n\
         \n[[kpi]]\n\
         column = \"retention\"\n\
         label = \"Expects to still be a customer next year\"\n\
         kind = \"binary\"\n\
         positive = [\"ja\"]\n\
         \n[segments]\n\
         columns = [\"customer_type\", \"region\"]\n\
         \n[report]\n\
         title = \"Insurer touchpoint survey (sample)\"\n",
    );
    out
}

#[derive(Serialize)]
struct Truth {
    survey: &'static str,
    config: &'static str,
    description: String,
    seed: u64,
    n: usize,
    kpi: &'static str,
    nps_intercept: f64,
    nps_noise_sd: f64,
    mood_sd: f64,
    rating_noise_sd: f64,
    min_not_experienced: usize,
    crosshair_satisfaction: f64,
    touchpoints: Vec<TruthTouchpoint>,
}

#[derive(Serialize)]
struct TruthTouchpoint {
    column: &'static str,
    label: &'static str,
    phase: &'static str,
    frequency: f64,
    mean_satisfaction: f64,
    incidence_effect: Option<f64>,
    quality_effect: f64,
    quadrant: Quadrant,
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn truth(seed: u64, n: usize, cal: &Calibration, crosshair: f64) -> Truth {
    let description = "Synthetic touchpoint survey of a Dutch insurer. Per respondent: segment \
        (customer type, region; the sample over-represents business and Noord, the weight \
        post-stratifies back), a general mood ~ N(segment shift, 0.85); experience indicators \
        d_j ~ Bernoulli with dependencies (claim moments only after a claim, complaint mostly \
        after a poor claim call or refused payout, gift only with the welcome letter, renewal \
        letters only with the renewal notice, 1.5% migrated customers skip online purchase, \
        welcome letter and gift together; the monthly invoice reaches everyone); ratings \
        x_j = round(location_j + mood + N(0, 1.3)) clipped to 1-10; NPS latent \
        y = a + sum_j d_j (c_j + b_j (x_j - m_j)) + N(0, 1.6), rounded and clipped to 0-10, \
        with c_j = incidence_effect, b_j = quality_effect and m_j = mean_satisfaction (the \
        population mean rating among those who experienced j). frequency and \
        mean_satisfaction are population values from a 400,000-draw calibration run. CES, \
        overall satisfaction and retention (logistic) derive from related latent scores with \
        partly different drivers. Blanks, n.v.t. and 99 all mean not experienced; about 0.4% \
        of respondents left NPS blank."
        .to_string();
    let touchpoints = TOUCHPOINTS
        .iter()
        .enumerate()
        .map(|(t, s)| TruthTouchpoint {
            column: s.column,
            label: s.label,
            phase: s.phase,
            frequency: round3(cal.frequency[t]),
            mean_satisfaction: round3(cal.mean[t]),
            incidence_effect: s.incidence,
            quality_effect: s.quality,
            quadrant: s.intended,
        })
        .collect();
    Truth {
        survey: "insurance.csv",
        config: "insurance.toml",
        description,
        seed,
        n,
        kpi: "nps",
        nps_intercept: NPS_INTERCEPT,
        nps_noise_sd: NPS_NOISE_SD,
        mood_sd: MOOD_SD,
        rating_noise_sd: RATING_NOISE_SD,
        min_not_experienced: MIN_NOT_EXPERIENCED,
        crosshair_satisfaction: round3(crosshair),
        touchpoints,
    }
}

struct Args {
    seed: u64,
    n: usize,
    out: PathBuf,
}

const USAGE: &str = "usage: generate-sample [--seed N] [--n RESPONDENTS] [--out DIR]\n\
    Writes insurance.csv, insurance.toml and insurance.truth.json\n\
    (default DIR: the workspace's sample-surveys/).";

fn parse_args() -> Result<Args, String> {
    // Default next to the workspace root, whatever the working directory.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().and_then(Path::parent).unwrap_or(manifest);
    let default_out = root.join("sample-surveys");
    let mut args = Args {
        seed: DEFAULT_SEED,
        n: DEFAULT_N,
        out: default_out,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--n" => args.n = value()?.parse().map_err(|e| format!("--n: {e}"))?,
            "--out" => args.out = PathBuf::from(value()?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.n == 0 {
        return Err("--n must be at least 1".into());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let cal = calibrate();
    let crosshair = cal.mean.iter().sum::<f64>() / N_TP as f64;
    // Guard the design: the intended quadrants must follow from the truth.
    for (t, spec) in TOUCHPOINTS.iter().enumerate() {
        let implied = implied_quadrant(spec, cal.mean[t], crosshair);
        if implied != spec.intended {
            eprintln!(
                "error: {} is intended {:?} but its truth implies {:?} (mean {:.2}, crosshair {:.2})",
                spec.column, spec.intended, implied, cal.mean[t], crosshair
            );
            return ExitCode::FAILURE;
        }
    }

    let rows = simulate(args.seed, args.n, &cal);
    let truth_json = match serde_json::to_string_pretty(&truth(args.seed, args.n, &cal, crosshair))
    {
        Ok(s) => s + "\n",
        Err(e) => {
            eprintln!("error: serialising truth: {e}");
            return ExitCode::FAILURE;
        }
    };
    let files = [
        ("insurance.csv", write_csv(&rows)),
        ("insurance.toml", write_toml()),
        ("insurance.truth.json", truth_json),
    ];
    if let Err(e) = fs::create_dir_all(&args.out) {
        eprintln!("error: creating {}: {e}", args.out.display());
        return ExitCode::FAILURE;
    }
    for (name, content) in files {
        let path = args.out.join(name);
        if let Err(e) = fs::write(&path, content) {
            eprintln!("error: writing {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}
