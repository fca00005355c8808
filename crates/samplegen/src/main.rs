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
//! It writes four files into `sample-surveys/` (or `--out DIR`):
//! - `insurance.csv`: the survey export;
//! - `insurance-previous.csv`: the wave before, from the same model with a
//!   weaker mobile app and more comparison-site visits (`previous_wave` in
//!   the truth holds the true changes);
//! - `insurance.toml`: the cximpact config that describes the export;
//! - `insurance.truth.json`: the true frequencies, mean satisfactions,
//!   effects on NPS and intended impact-matrix quadrants, and per KPI
//!   (`kpis`: nps, ces, overall_satisfaction, retention) and touchpoint:
//!   - `side`: where the touchpoint truly belongs ("positive", "negative",
//!     "none" without a direct effect; "mixed" on overall satisfaction where
//!     being there and going well pull opposite ways); NPS also `quadrant`;
//!   - `incidence_effect`, `quality_effect`: the direct effects on the KPI's
//!     latent score, oriented (positive = better), and `direction`: the matrix's
//!     rule (`sum sign(beta) beta^2 var(term) / sum beta^2 var(term)`) on
//!     them, near 0 where the two terms pull about equally hard;
//!   - `gain_one_point`: the change in the KPI's weighted mean if everyone who
//!     experienced the touchpoint rated it one point higher (capped at 10);
//!   - `gain_prevent`: the change if one in ten of them no longer experienced
//!     it (`0.1 * sum_{i experienced} w_i (y_i without it - y_i) / sum_i w_i`);
//!   - NPS only, `gain_one_point_nps` / `gain_prevent_nps`: the same in NPS
//!     points (+100 promoter, 0 passive, -100 detractor per respondent).
//!
//!   The gains are counterfactual on the realised sample: the same
//!   respondents with their own mood and noise draws (nothing redrawn),
//!   answers rounded and clipped as observed, the KPI oriented as the
//!   analysis orients it (effort as `8 - ces`; retention as the probability
//!   of a yes, averaged), means over those who answered the KPI, weighted by
//!   the weights as delivered in the CSV. See [`what_if`].
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
    /// Its effects pull opposite ways about equally hard (true direction
    /// between -0.5 and 0.5, see `true_direction`): no side is right, and
    /// an analysis should flag its direction as uncertain.
    Mixed,
}

/// Below this size a true direction counts as mixed.
const CLEAR_DIRECTION: f64 = 0.5;

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
        // Filing hurts and a smooth filing helps, about equally (mixed).
        tp("tp_claim_filed", "Filing a claim", "Claims", 6.6, Some(-0.50), 0.30, Mixed, true),
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
/// How a wave's customers differ from the current wave's: the previous
/// wave's mobile app was rated lower (before its redesign) and more
/// customers shopped around on comparison sites.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Wave {
    /// Added to the app's latent rating.
    app_shift: f64,
    /// Added to the chance of visiting a comparison site.
    comparison_boost: f64,
}

/// The committed sample's wave.
const CURRENT: Wave = Wave {
    app_shift: 0.0,
    comparison_boost: 0.0,
};

/// The wave before it (`insurance-previous.csv`).
const PREVIOUS: Wave = Wave {
    app_shift: -1.0,
    comparison_boost: 0.12,
};

/// Seed of the previous wave, derived from the sample's.
fn previous_seed(seed: u64) -> u64 {
    seed.wrapping_add(5)
}

fn draw_journey(rng: &mut StdRng, wave: Wave) -> Journey {
    let business = rng.random_bool(BUSINESS_SAMPLE);
    let region = pick(rng, &REGION_SAMPLE);
    let mood =
        MOOD_SD * normal(rng) + REGION_MOOD[region] + if business { BUSINESS_MOOD } else { 0.0 };

    let mut d = [false; N_TP];
    d[WEBSITE] = rng.random_bool(if business { 0.68 } else { 0.76 });
    d[COMPARISON] = rng.random_bool(if business { 0.22 } else { 0.38 } + wave.comparison_boost);
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
            let shift = if j == APP { wave.app_shift } else { 0.0 };
            x[j] = to_scale(spec.location + shift + mood + noise, 1, 10);
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

fn calibrate(wave: Wave) -> Calibration {
    let mut rng = StdRng::seed_from_u64(CALIBRATION_SEED);
    let mut total = 0.0;
    let mut exp_w = [0.0; N_TP];
    let mut sum_x = [0.0; N_TP];
    for _ in 0..CALIBRATION_DRAWS {
        let j = draw_journey(&mut rng, wave);
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

/// Quadrant implied by a truth: the side comes from the true direction
/// (see `true_direction`, the matrix's rule), mixed where it is not clear.
fn implied_quadrant(direction: f64, mean: f64, crosshair: f64) -> Quadrant {
    let high = mean >= crosshair;
    match side_of(direction) {
        Side::Positive if high => Quadrant::Amplify,
        Side::Positive => Quadrant::Improve,
        Side::Negative if high => Quadrant::Economize,
        Side::Negative => Quadrant::Prevent,
        Side::Mixed => Quadrant::Mixed,
        Side::None => Quadrant::NoEffect,
    }
}

/// The side of a true direction: none at 0, mixed below
/// [`CLEAR_DIRECTION`], else its sign.
fn side_of(direction: f64) -> Side {
    if direction == 0.0 {
        Side::None
    } else if direction.abs() < CLEAR_DIRECTION {
        Side::Mixed
    } else {
        sign_side(direction)
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

/// The standard-normal draws behind one respondent's KPI answers (latent
/// noise of NPS, effort and overall satisfaction), kept so that the truth
/// can replay the same respondent with another journey.
#[derive(Clone, Copy, Debug)]
struct KpiNoise {
    nps: f64,
    effort: f64,
    overall: f64,
}

/// One respondent's KPI latent scores; the answers are these rounded and
/// clipped to the KPI's scale.
#[derive(Clone, Copy, Debug)]
struct Answers {
    /// NPS latent (likelihood to recommend, 0-10).
    nps: f64,
    /// Customer effort latent (1-7, low is good: as asked, not reversed).
    effort: f64,
    /// Overall satisfaction latent (1-10).
    overall: f64,
    /// Log-odds of "expects to still be a customer next year".
    retention_logit: f64,
}

impl Answers {
    fn nps(&self) -> u8 {
        to_scale(self.nps, 0, 10)
    }

    fn ces(&self) -> u8 {
        to_scale(self.effort, 1, 7)
    }

    fn overall(&self) -> u8 {
        to_scale(self.overall, 1, 10)
    }
}

/// The KPI latent scores of a respondent with experiences `d`, ratings `x`
/// (read only where `d`), general `mood` and KPI `noise`, with `m` the mean
/// ratings the NPS model centres on. Pure: the simulation and the
/// counterfactual truth both call it, so a what-if changes nothing but
/// the journey.
fn answers(
    d: &[bool; N_TP],
    x: &[u8; N_TP],
    mood: f64,
    noise: &KpiNoise,
    m: &[f64; N_TP],
) -> Answers {
    // Centred rating, zero where not experienced: the d_j (x_j - m_j) term.
    let dev = |t: usize| {
        if d[t] {
            f64::from(x[t]) - m[t]
        } else {
            0.0
        }
    };
    let flag = |t: usize| if d[t] { 1.0 } else { 0.0 };

    // NPS: exactly the DOMAIN model, so the truth is what a correct
    // analysis should recover (up to rounding and clipping to 0-10).
    let mut driven = 0.0;
    for (t, spec) in TOUCHPOINTS.iter().enumerate() {
        if d[t] {
            driven += spec.incidence.unwrap_or(0.0) + spec.quality * dev(t);
        }
    }
    let nps_latent = NPS_INTERCEPT + driven + NPS_NOISE_SD * noise.nps;

    // Effort (1-7, low is good): driven by the "work" moments, i.e. the
    // claim process, complaint, app and website, not by the nice extras.
    // Keep in step with CES_EFFECTS (checked by a unit test).
    let effort = 2.6 + 1.1 * flag(COMPLAINT) + 0.5 * flag(CLAIM_FILED) + 0.3 * flag(ASSESSOR)
        - 0.30 * dev(CLAIM_CALL)
        - 0.25 * dev(APP)
        - 0.20 * dev(WEBSITE)
        - 0.20 * dev(ONLINE_PURCHASE)
        - 0.20 * mood
        + 0.9 * noise.effort;

    // Overall satisfaction: a blend of the moment ratings and the
    // recommendation latent, so it correlates with NPS but is flatter.
    let experienced: Vec<f64> = (0..N_TP)
        .filter(|&t| d[t])
        .map(|t| f64::from(x[t]))
        .collect();
    // max(1): a what-if that removes the only moment leaves no average.
    let avg = experienced.iter().sum::<f64>() / experienced.len().max(1) as f64;
    let overall = 3.0 + 0.55 * avg + 0.3 * (nps_latent - 7.3) + 0.8 * noise.overall;

    // Retention: price moments and complaints weigh more than for NPS.
    // Keep in step with RETENTION_EFFECTS (checked by a unit test).
    let retention_logit = 2.2 + 0.35 * (nps_latent - 7.3) - 1.2 * flag(PREMIUM_INCREASE)
        + 0.25 * dev(PREMIUM_INCREASE)
        + 0.8 * flag(LOYALTY)
        - 0.8 * flag(COMPLAINT)
        - 0.5 * flag(COMPARISON);

    Answers {
        nps: nps_latent,
        effort,
        overall,
        retention_logit,
    }
}

/// One simulated respondent as the truth needs it: journey, KPI noise,
/// the weight as delivered in the export and whether NPS was answered.
struct Respondent {
    journey: Journey,
    noise: KpiNoise,
    weight: f64,
    nps_answered: bool,
}

/// The simulated sample: export rows and the respondents behind them.
struct Sample {
    rows: Vec<Row>,
    respondents: Vec<Respondent>,
}

/// The weight as the export writes it (three decimals), which is what the
/// analysis weights by.
fn delivered_weight(w: f64) -> f64 {
    format!("{w:.3}").parse().unwrap_or(w)
}

fn simulate(seed: u64, n: usize, cal: &Calibration, wave: Wave) -> Sample {
    let mut rng = StdRng::seed_from_u64(seed);
    let m = &cal.mean;
    let mut rows = Vec::with_capacity(n);
    let mut respondents = Vec::with_capacity(n);
    for _ in 0..n {
        let j = draw_journey(&mut rng, wave);
        // The draw order (NPS, effort, overall noise, then the retention
        // coin) is the committed sample's: do not reorder.
        let noise = KpiNoise {
            nps: normal(&mut rng),
            effort: normal(&mut rng),
            overall: normal(&mut rng),
        };
        let a = answers(&j.d, &j.x, j.mood, &noise, m);
        let retention = rng.random_bool(logistic(a.retention_logit));

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
            nps: (!nps_missing).then_some(a.nps()),
            ces: a.ces(),
            overall: a.overall(),
            retention,
        });
        respondents.push(Respondent {
            journey: j,
            noise,
            weight: 0.0,
            nps_answered: !nps_missing,
        });
    }
    // Weights are reported normalised to mean 1 and trimmed, as a fieldwork
    // agency would deliver them.
    let mean_w = rows.iter().map(|r| r.weight).sum::<f64>() / rows.len() as f64;
    for (r, p) in rows.iter_mut().zip(&mut respondents) {
        r.weight = (r.weight / mean_w).clamp(0.5, 2.0);
        p.weight = delivered_weight(r.weight);
    }
    Sample { rows, respondents }
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
         #   controllable = false marks a moment the insurer cannot avoid or change:\n\
         #   it is drawn hollow, gets no prevent/economize advice and stays out of\n\
         #   the priority list. note = \"...\" is shown with the touchpoint.\n\
         # [[kpi]]        the overarching questions to explain.\n\
         #   kind = nps | scale | binary; reverse = true where low is good;\n\
         #   positive = values counted as \"yes\" for a binary KPI.\n\
         #   analyse_as (nps only) = any of \"score\", \"promoter\", \"detractor\": each is\n\
         #   its own KPI; yes/no KPIs get a logistic model (model = \"linear\" to\n\
         #   override).\n\
         # [segments]     columns to compare the matrix across; min_size (default\n\
         #   200): the smallest group with a matrix of its own; [segments.labels.X]\n\
         #   readable names of column X and its values.\n\
         # [report]       presentation settings: title, lang (\"en\" or \"nl\") and\n\
         #   lead_kpi, the KPI the report leads with and ranks its priority list on\n\
         #   (default: the first [[kpi]]).\n\
         # [translations.nl]  the config's own texts (labels, phases, notes,\n\
         #   segment names, title) for a Dutch report (--lang nl).\n\n\
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
        if spec.column == "tp_premium_increase" {
            out.push_str(
                "# Required by law whenever the premium goes up: its wording can change,\n\
                 # not whether customers get it.\n\
                 controllable = false\n\
                 note = \"Required by law when the premium goes up; only its wording and timing can change.\"\n",
            );
        }
    }
    out.push_str(
        "\n[[kpi]]\n\
         column = \"nps\"\n\
         label = \"Likelihood to recommend\"\n\
         kind = \"nps\"\n\
         scale = [0, 10]\n\
         # The 0-10 score, and promoters (9-10) against everyone else as a\n\
         # logistic model (\"detractor\" would add detractors 0-6 vs the rest).\n\
         analyse_as = [\"score\", \"promoter\"]\n\
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
         \n[segments.labels.customer_type]\n\
         column = \"Customer type\"\n\
         values = { particulier = \"Private\", zakelijk = \"Business\" }\n\
         \n[segments.labels.region]\n\
         column = \"Region\"\n\
         values = { Noord = \"North\", Oost = \"East\", West = \"West\", Zuid = \"South\" }\n\
         \n[report]\n\
         title = \"Insurer touchpoint survey (sample)\"\n\
         lead_kpi = \"nps\"\n",
    );
    out.push_str("\n[translations.nl]\n");
    for (en, nl) in DUTCH {
        let _ = writeln!(out, "{en:?} = {nl:?}");
    }
    out
}

/// The sample config's texts in Dutch, for `--lang nl`.
const DUTCH: [(&str, &str); 37] = [
    ("Website visit", "Websitebezoek"),
    ("Comparison site", "Vergelijkingssite"),
    ("Quote call", "Offertegesprek"),
    ("Online purchase", "Online afsluiten"),
    ("Welcome letter", "Welkomstbrief"),
    ("Welcome gift", "Welkomstcadeau"),
    ("Mobile app", "Mobiele app"),
    ("Monthly invoice", "Maandfactuur"),
    ("Newsletter", "Nieuwsbrief"),
    ("Filing a claim", "Schade melden"),
    ("Claim handling call", "Schadegesprek"),
    ("Damage assessor visit", "Bezoek van de schade-expert"),
    ("Claim payout", "Schade-uitkering"),
    ("Complaint handling", "Klachtafhandeling"),
    ("Renewal notice", "Verlengingsbericht"),
    ("Premium increase letter", "Brief over de premieverhoging"),
    ("Loyalty discount", "Loyaliteitskorting"),
    ("Orientation", "Oriëntatie"),
    ("Purchase", "Aankoop"),
    ("Onboarding", "Welkom"),
    ("Use", "Gebruik"),
    ("Claims", "Schade"),
    ("Renewal", "Verlenging"),
    (
        "Required by law when the premium goes up; only its wording and timing can change.",
        "Wettelijk verplicht bij een premieverhoging; alleen de tekst en het moment kunnen veranderen.",
    ),
    ("Likelihood to recommend", "Aanbevelingsbereidheid"),
    ("Customer effort", "Klantinspanning"),
    ("Overall satisfaction", "Algemene tevredenheid"),
    (
        "Expects to still be a customer next year",
        "Verwacht volgend jaar nog klant te zijn",
    ),
    ("Customer type", "Klanttype"),
    ("Private", "Particulier"),
    ("Business", "Zakelijk"),
    ("Region", "Regio"),
    ("North", "Noord"),
    ("East", "Oost"),
    ("South", "Zuid"),
    ("West", "West"),
    (
        "Insurer touchpoint survey (sample)",
        "Klantreisonderzoek verzekeraar (voorbeeld)",
    ),
];

/// The KPIs of the sample, as the analysis orients them (positive =
/// better), in the order of the config.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kpi {
    Nps,
    Ces,
    Overall,
    Retention,
}

const KPIS: [Kpi; 4] = [Kpi::Nps, Kpi::Ces, Kpi::Overall, Kpi::Retention];

impl Kpi {
    fn column(self) -> &'static str {
        match self {
            Kpi::Nps => "nps",
            Kpi::Ces => "ces",
            Kpi::Overall => "overall_satisfaction",
            Kpi::Retention => "retention",
        }
    }

    /// What the truth's gains are a change in.
    fn unit(self) -> &'static str {
        match self {
            Kpi::Nps => "score points (0-10)",
            Kpi::Ces => "effort points reversed (8 - ces, 1-7: positive = less effort)",
            Kpi::Overall => "score points (1-10)",
            Kpi::Retention => "share of yes (0-1; impact.json shows percentage points)",
        }
    }

    /// The direct effect of touchpoint `t` on this KPI's latent score,
    /// oriented (positive = better), as `(incidence, quality)` in the
    /// latent's units (NPS 0-10, effort 1-7 reversed, retention log-odds);
    /// `None` where the generator has no term of the model's form:
    /// incidence where everyone experiences the moment, both for overall
    /// satisfaction (which averages all ratings, see `answers`).
    fn direct_effect(self, t: usize) -> (Option<f64>, Option<f64>) {
        let spec = &TOUCHPOINTS[t];
        let (c, b) = match self {
            Kpi::Nps => (spec.incidence.unwrap_or(0.0), spec.quality),
            Kpi::Ces => CES_EFFECTS[t],
            Kpi::Retention => {
                let (c, b) = RETENTION_EFFECTS[t];
                (
                    RETENTION_PER_NPS * spec.incidence.unwrap_or(0.0) + c,
                    RETENTION_PER_NPS * spec.quality + b,
                )
            }
            Kpi::Overall => return (None, None),
        };
        (spec.incidence.map(|_| c), Some(b))
    }
}

/// Direct effects on effort as `(incidence, quality)`, oriented (a lower
/// effort is positive), i.e. minus the coefficients in `answers`.
const CES_EFFECTS: [(f64, f64); N_TP] = {
    let mut e = [(0.0, 0.0); N_TP];
    e[COMPLAINT] = (-1.1, 0.0);
    e[CLAIM_FILED] = (-0.5, 0.0);
    e[ASSESSOR] = (-0.3, 0.0);
    e[CLAIM_CALL] = (0.0, 0.30);
    e[APP] = (0.0, 0.25);
    e[WEBSITE] = (0.0, 0.20);
    e[ONLINE_PURCHASE] = (0.0, 0.20);
    e
};

/// Retention log-odds per NPS latent point (`answers`).
const RETENTION_PER_NPS: f64 = 0.35;
/// Retention's own direct effects on top of `RETENTION_PER_NPS` times the
/// NPS effects, as `(incidence, quality)` in log-odds.
const RETENTION_EFFECTS: [(f64, f64); N_TP] = {
    let mut e = [(0.0, 0.0); N_TP];
    e[PREMIUM_INCREASE] = (-1.2, 0.25);
    e[LOYALTY] = (0.8, 0.0);
    e[COMPLAINT] = (-0.8, 0.0);
    e[COMPARISON] = (-0.5, 0.0);
    e
};

/// Which side of the zero-impact line a touchpoint truly belongs on.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "lowercase")]
enum Side {
    Positive,
    Negative,
    /// No direct effect on the KPI.
    None,
    /// Being there and going well pull opposite ways about equally hard
    /// (see the truth's description).
    Mixed,
}

fn sign_side(v: f64) -> Side {
    if v > 0.0 {
        Side::Positive
    } else if v < 0.0 {
        Side::Negative
    } else {
        Side::None
    }
}

/// The true side of a touchpoint on `kpi`. NPS, CES and retention: the
/// side of its true direction (see [`side_of`]; the same rule as the
/// matrix). Overall satisfaction has no terms of the model's form: the
/// sign of the counterfactual gains where one point more and being there
/// agree (`-prevent` is the gain of being there), else mixed.
fn true_side(kpi: Kpi, direction: Option<f64>, one_point: f64, prevent: Option<f64>) -> Side {
    match kpi {
        Kpi::Nps | Kpi::Ces | Kpi::Retention => side_of(direction.unwrap_or(0.0)),
        Kpi::Overall => {
            let quality = sign_side(one_point);
            match prevent.map(|p| sign_side(-p)) {
                None => quality,
                Some(being) if being == quality => quality,
                Some(_) => Side::Mixed,
            }
        }
    }
}

/// Oriented KPI outcomes of one respondent, in the order of [`Outcome`].
const N_OUT: usize = 5;

/// What the what-ifs are measured on.
#[derive(Clone, Copy)]
enum Outcome {
    /// NPS answer 0-10.
    Nps = 0,
    /// Contribution to the NPS: +100 promoter, 0 passive, -100 detractor.
    NpsPoints = 1,
    /// 8 - ces: the effort answer reversed.
    Effort = 2,
    Overall = 3,
    /// Probability of a yes (the expected value, no new draws).
    Retention = 4,
}

impl Kpi {
    fn outcome(self) -> Outcome {
        match self {
            Kpi::Nps => Outcome::Nps,
            Kpi::Ces => Outcome::Effort,
            Kpi::Overall => Outcome::Overall,
            Kpi::Retention => Outcome::Retention,
        }
    }
}

fn nps_points(score: u8) -> f64 {
    match score {
        9.. => 100.0,
        7 | 8 => 0.0,
        _ => -100.0,
    }
}

/// One respondent's oriented outcomes for a journey.
fn outcomes(r: &Respondent, d: &[bool; N_TP], x: &[u8; N_TP], m: &[f64; N_TP]) -> [f64; N_OUT] {
    let a = answers(d, x, r.journey.mood, &r.noise, m);
    [
        f64::from(a.nps()),
        nps_points(a.nps()),
        8.0 - f64::from(a.ces()),
        f64::from(a.overall()),
        logistic(a.retention_logit),
    ]
}

/// Top of the touchpoint rating scale.
const RATING_TOP: u8 = 10;
/// Share of the experiencers the prevent what-if takes away.
const PREVENT_SHARE: f64 = 0.1;

/// The true what-ifs of touchpoint `t` on every outcome, computed on the
/// realised respondents (their own mood and noise, nothing redrawn):
/// - one point more: `sum_i w_i (y_i(x_it + min(1, 10 - x_it)) - y_i) / W`
///   over those who experienced `t`;
/// - prevent: `0.1 * sum_i w_i (y_i(d_it = 0) - y_i) / W` over those who
///   experienced `t` (its incidence and quality contribution removed).
///
/// `W` sums the weights of those who answered the KPI (NPS has blanks).
/// Returns `(one_point, prevent)`.
fn what_if(respondents: &[Respondent], m: &[f64; N_TP], t: usize) -> ([f64; N_OUT], [f64; N_OUT]) {
    let mut total = [0.0; N_OUT];
    let mut one = [0.0; N_OUT];
    let mut prevent = [0.0; N_OUT];
    for r in respondents {
        let j = &r.journey;
        let answered = |k: usize| r.nps_answered || k > Outcome::NpsPoints as usize;
        for (k, tot) in total.iter_mut().enumerate() {
            if answered(k) {
                *tot += r.weight;
            }
        }
        if !j.d[t] {
            continue;
        }
        let base = outcomes(r, &j.d, &j.x, m);
        let mut up = j.x;
        up[t] += RATING_TOP.saturating_sub(up[t]).min(1);
        let up = outcomes(r, &j.d, &up, m);
        let mut without = j.d;
        without[t] = false;
        let without = outcomes(r, &without, &j.x, m);
        for k in (0..N_OUT).filter(|&k| answered(k)) {
            one[k] += r.weight * (up[k] - base[k]);
            prevent[k] += r.weight * (without[k] - base[k]);
        }
    }
    for k in 0..N_OUT {
        if total[k] > 0.0 {
            one[k] /= total[k];
            prevent[k] *= PREVENT_SHARE / total[k];
        }
    }
    (one, prevent)
}

/// The matrix's direction rule (see cximpact-regression's `direction`)
/// applied to the true direct effects of
/// touchpoint `t` on `kpi`: `sum_t sign(beta_t) beta_t^2 var(term_t) /
/// sum_t beta_t^2 var(term_t)` over its incidence term `d` and quality
/// term `d (x - mean)`, with `mean` the weighted mean rating of those who
/// experienced it and the weighted variances over the respondents who
/// answered the KPI (as the analysis centres and weighs them). Near 0 where
/// the terms pull against each other about equally hard: a rule of this
/// kind cannot place such a touchpoint confidently. `None` for overall
/// satisfaction (no direct effects of the model's form); 0 without effect.
fn true_direction(respondents: &[Respondent], kpi: Kpi, t: usize) -> Option<f64> {
    let (c, b) = kpi.direct_effect(t);
    let b = b?;
    let rows: Vec<&Respondent> = respondents
        .iter()
        .filter(|r| r.nps_answered || kpi != Kpi::Nps)
        .collect();
    let total: f64 = rows.iter().map(|r| r.weight).sum();
    let experienced = |r: &Respondent| r.journey.d[t];
    let reach: f64 = rows
        .iter()
        .filter(|r| experienced(r))
        .map(|r| r.weight)
        .sum();
    if !(total > 0.0 && reach > 0.0) {
        return Some(0.0);
    }
    let mean = rows
        .iter()
        .filter(|r| experienced(r))
        .map(|r| r.weight * f64::from(r.journey.x[t]))
        .sum::<f64>()
        / reach;
    let var = |term: &dyn Fn(&Respondent) -> f64| {
        let m = rows.iter().map(|r| r.weight * term(r)).sum::<f64>() / total;
        rows.iter()
            .map(|r| r.weight * (term(r) - m).powi(2))
            .sum::<f64>()
            / total
    };
    let flag = |r: &Respondent| if experienced(r) { 1.0 } else { 0.0 };
    let quality = |r: &Respondent| {
        if experienced(r) {
            f64::from(r.journey.x[t]) - mean
        } else {
            0.0
        }
    };
    let terms = [
        (c.unwrap_or(0.0), if c.is_some() { var(&flag) } else { 0.0 }),
        (b, var(&quality)),
    ];
    let weight: f64 = terms.iter().map(|(beta, v)| beta * beta * v).sum();
    if weight <= 0.0 {
        return Some(0.0);
    }
    Some(
        terms
            .iter()
            .map(|(beta, v)| beta.signum() * beta * beta * v)
            .sum::<f64>()
            / weight,
    )
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
    kpis: Vec<TruthKpi>,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_wave: Option<PreviousWaveTruth>,
}

/// The previous wave and the true change per touchpoint since (current
/// minus previous, in the population the weights represent).
#[derive(Serialize)]
struct PreviousWaveTruth {
    survey: &'static str,
    seed: u64,
    description: &'static str,
    changes: Vec<TruthChange>,
}

#[derive(Serialize)]
struct TruthChange {
    column: &'static str,
    satisfaction_change: f64,
    frequency_change: f64,
}

fn previous_wave_truth(seed: u64, cal: &Calibration, previous: &Calibration) -> PreviousWaveTruth {
    PreviousWaveTruth {
        survey: "insurance-previous.csv",
        seed: previous_seed(seed),
        description: "The wave before: the mobile app was rated about a point lower (before \
                      its redesign) and about 12 points more customers visited a comparison \
                      site; everything else the same. Changes are current minus previous.",
        changes: TOUCHPOINTS
            .iter()
            .enumerate()
            .map(|(t, spec)| TruthChange {
                column: spec.column,
                satisfaction_change: round3(cal.mean[t] - previous.mean[t]),
                frequency_change: round3(cal.frequency[t] - previous.frequency[t]),
            })
            .collect(),
    }
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

/// The truth per KPI: side and what-if gains of every touchpoint.
#[derive(Serialize)]
struct TruthKpi {
    column: &'static str,
    gain_unit: &'static str,
    touchpoints: Vec<TruthKpiTouchpoint>,
}

#[derive(Serialize)]
struct TruthKpiTouchpoint {
    column: &'static str,
    side: Side,
    /// NPS only: the intended quadrant (as in the top-level touchpoints).
    #[serde(skip_serializing_if = "Option::is_none")]
    quadrant: Option<Quadrant>,
    incidence_effect: Option<f64>,
    quality_effect: Option<f64>,
    /// The direction rule on the true effects (see `true_direction`).
    direction: Option<f64>,
    gain_one_point: f64,
    gain_prevent: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gain_one_point_nps: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gain_prevent_nps: Option<f64>,
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn round4(v: f64) -> f64 {
    let r = (v * 10_000.0).round() / 10_000.0;
    // No "-0.0" in the JSON.
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The per-KPI truth on the realised sample.
fn kpi_truth(respondents: &[Respondent], m: &[f64; N_TP]) -> Vec<TruthKpi> {
    let gains: Vec<_> = (0..N_TP).map(|t| what_if(respondents, m, t)).collect();
    KPIS.iter()
        .map(|&kpi| {
            let k = kpi.outcome() as usize;
            let touchpoints = TOUCHPOINTS
                .iter()
                .enumerate()
                .map(|(t, spec)| {
                    let (one, prevent) = &gains[t];
                    // Prevent needs someone who did not experience it.
                    let reachable = spec.incidence.is_some();
                    let (c, b) = kpi.direct_effect(t);
                    let direction = true_direction(respondents, kpi, t);
                    let nps = kpi == Kpi::Nps;
                    let p = Outcome::NpsPoints as usize;
                    TruthKpiTouchpoint {
                        column: spec.column,
                        side: true_side(kpi, direction, one[k], reachable.then_some(prevent[k])),
                        quadrant: nps.then_some(spec.intended),
                        incidence_effect: c.map(round4),
                        quality_effect: b.map(round4),
                        direction: direction.map(round4),
                        gain_one_point: round4(one[k]),
                        gain_prevent: reachable.then_some(round4(prevent[k])),
                        gain_one_point_nps: nps.then_some(round4(one[p])),
                        gain_prevent_nps: (nps && reachable).then_some(round4(prevent[p])),
                    }
                })
                .collect();
            TruthKpi {
                column: kpi.column(),
                gain_unit: kpi.unit(),
                touchpoints,
            }
        })
        .collect()
}

fn truth(
    seed: u64,
    n: usize,
    cal: &Calibration,
    crosshair: f64,
    respondents: &[Respondent],
) -> Truth {
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
        of respondents left NPS blank. \
        kpis: per KPI (nps, ces, overall_satisfaction, retention) and touchpoint, the truth \
        on the realised sample, counterfactually (the same respondents with their own mood \
        and noise draws, nothing redrawn, answers rounded and clipped as observed), oriented \
        as the analysis orients the KPI (ces as 8 - ces: positive = less effort; retention \
        as the probability of yes, 0-1). gain_one_point: the change in the weighted mean of \
        the KPI if everyone who experienced the touchpoint rated it one point higher (x -> \
        x + min(1, 10 - x)), all else equal; the mean is over those who answered the KPI, \
        weighted by the delivered weights. gain_prevent: the change if one in ten of those \
        who experienced it no longer did: 0.1 * sum over experiencers of w_i (y_i without \
        the touchpoint's incidence and quality contribution - y_i) / sum over all of w_i \
        (null for the invoice, which everyone gets). gain_one_point_nps, gain_prevent_nps \
        (nps only): the same in NPS points (+100 promoter 9-10, 0 passive 7-8, -100 \
        detractor 0-6). incidence_effect, quality_effect: the direct effects on the KPI's \
        latent score, oriented, in its units (NPS 0-10, effort 1-7 reversed, retention \
        log-odds: 0.35 x the NPS effects plus its own); null for overall satisfaction, \
        whose latent averages all experienced ratings (so every moment has a small direct \
        quality effect and an incidence effect that depends on its rating against the \
        others), and incidence null where everyone experiences the moment. direction: \
        the matrix's direction rule on these true effects, sum of sign(beta) beta^2 var(term) \
        over sum of beta^2 var(term) for the incidence term d_j and the quality term \
        d_j (x_j - mean rating of those who experienced j), weighted variances over the \
        realised respondents who answered the KPI; near 0 where the two terms pull against \
        each other about equally (filing a claim on nps and retention: its effect is \
        ambiguous by that rule, so an analysis should flag it direction-uncertain). side: \
        where the touchpoint truly belongs in the matrix (positive or negative impact, none \
        without a direct effect, mixed where the true direction lies between -0.5 and 0.5). \
        nps, ces and retention: the side of the true direction (nps: the intended quadrant \
        is given too, mixed for filing a claim) (ces: complaint, filing a claim and the assessor visit cost \
        effort; a better claim call, app, website and online purchase lower it; the rest \
        have no direct effect, although ratings share the mood that also lowers effort, so \
        they can show a small positive impact); overall satisfaction: the sign the \
        counterfactual one-point and being-there (-gain_prevent) gains share, or mixed \
        where they disagree. All gains rounded to 4 decimals."
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
        kpis: kpi_truth(respondents, &cal.mean),
        previous_wave: None,
    }
}

struct Args {
    seed: u64,
    n: usize,
    out: PathBuf,
}

const USAGE: &str = "usage: generate-sample [--seed N] [--n RESPONDENTS] [--out DIR]\n\
    Writes insurance.csv, insurance-previous.csv, insurance.toml and\n\
    insurance.truth.json\n\
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

    let cal = calibrate(CURRENT);
    let crosshair = cal.mean.iter().sum::<f64>() / N_TP as f64;
    let sample = simulate(args.seed, args.n, &cal, CURRENT);
    // The previous wave: other customers, the same KPI model (centred on
    // the current wave's means), a weaker app and more comparison shopping.
    let previous = simulate(previous_seed(args.seed), args.n, &cal, PREVIOUS);
    let cal_previous = calibrate(PREVIOUS);
    // Guard the design: the intended quadrants must follow from the truth.
    for (t, spec) in TOUCHPOINTS.iter().enumerate() {
        let direction = true_direction(&sample.respondents, Kpi::Nps, t).unwrap_or(0.0);
        let implied = implied_quadrant(direction, cal.mean[t], crosshair);
        if implied != spec.intended {
            eprintln!(
                "error: {} is intended {:?} but its truth implies {:?} (direction {:.2}, mean {:.2}, crosshair {:.2})",
                spec.column, spec.intended, implied, direction, cal.mean[t], crosshair
            );
            return ExitCode::FAILURE;
        }
    }

    let mut truth = truth(args.seed, args.n, &cal, crosshair, &sample.respondents);
    truth.previous_wave = Some(previous_wave_truth(args.seed, &cal, &cal_previous));
    let truth_json = match serde_json::to_string_pretty(&truth) {
        Ok(s) => s + "\n",
        Err(e) => {
            eprintln!("error: serialising truth: {e}");
            return ExitCode::FAILURE;
        }
    };
    let files = [
        ("insurance.csv", write_csv(&sample.rows)),
        ("insurance-previous.csv", write_csv(&previous.rows)),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A respondent with mood 0 who experienced `moments` (touchpoint,
    /// rating) and the invoice (rated 6).
    fn respondent(moments: &[(usize, u8)], nps_noise: f64, weight: f64) -> Respondent {
        let mut d = [false; N_TP];
        let mut x = [0u8; N_TP];
        d[INVOICE] = true;
        x[INVOICE] = 6;
        for &(t, rating) in moments {
            d[t] = true;
            x[t] = rating;
        }
        Respondent {
            journey: Journey {
                business: false,
                region: 0,
                mood: 0.0,
                d,
                x,
            },
            noise: KpiNoise {
                nps: nps_noise,
                effort: 0.0,
                overall: 0.0,
            },
            weight,
            nps_answered: true,
        }
    }

    /// Three respondents, checked by hand. Centres m: invoice 6, app 9,
    /// complaint 4, so every rating below sits at its centre.
    /// - A (weight 1): app 9. NPS latent 6.7 + 0.7 + 1.6 * 0.625 = 8.4 -> 8;
    ///   app one point more (9 -> 10): + 0.35 = 8.75 -> 9 (+1, and
    ///   passive -> promoter: +100 NPS points); without the app 7.7 -> 8
    ///   (no change). Effort 2.6 -> 3; app one point more: 2.35 -> 2, i.e.
    ///   8 - ces + 1.
    /// - B (weight 3): complaint 4. NPS 6.7 - 1.8 + 1.0 = 5.9 -> 6; one
    ///   point more (+0.3): 6.2 -> 6 (no change); without the complaint
    ///   7.7 -> 8 (+2, detractor -> passive: +100 points). Effort
    ///   2.6 + 1.1 = 3.7 -> 4; without the complaint 3 (8 - ces + 1).
    /// - C (weight 2): like A but left NPS blank: out of the NPS means, in
    ///   the effort mean.
    ///
    /// NPS means over A and B (weight 4), effort over all three (6):
    /// - app, one point: NPS 1 * 1 / 4 = 0.25, NPS points 100 / 4 = 25,
    ///   effort (1 * 1 + 2 * 1) / 6 = 0.5; prevent: 0 on NPS and effort.
    /// - complaint, prevent: NPS 0.1 * 3 * 2 / 4 = 0.15, points
    ///   0.1 * 3 * 100 / 4 = 7.5, effort 0.1 * 3 * 1 / 6 = 0.05;
    ///   retention 0.1 * 3 * (p(2.2 + 0.35 * 0.4) - p(2.2 + 0.35 * -1.4
    ///   - 0.8)) / 6.
    #[test]
    fn what_if_by_hand() {
        let mut m = [6.0; N_TP];
        m[APP] = 9.0;
        m[COMPLAINT] = 4.0;
        let a = respondent(&[(APP, 9)], 0.625, 1.0);
        let b = respondent(&[(COMPLAINT, 4)], 0.625, 3.0);
        let mut c = respondent(&[(APP, 9)], 0.625, 2.0);
        c.nps_answered = false;
        let sample = [a, b, c];
        let close = |got: f64, want: f64| {
            assert!((got - want).abs() < 1e-12, "got {got}, want {want}");
        };
        let (nps, points, effort, retention) = (
            Outcome::Nps as usize,
            Outcome::NpsPoints as usize,
            Outcome::Effort as usize,
            Outcome::Retention as usize,
        );

        let (one, prevent) = what_if(&sample, &m, APP);
        close(one[nps], 0.25);
        close(one[points], 25.0);
        close(one[effort], 0.5);
        close(prevent[nps], 0.0);
        close(prevent[effort], 0.0);

        let (one, prevent) = what_if(&sample, &m, COMPLAINT);
        close(one[nps], 0.0);
        close(prevent[nps], 0.15);
        close(prevent[points], 7.5);
        close(prevent[effort], 0.05);
        let without = logistic(2.2 + 0.35 * (7.7 - 7.3));
        let with = logistic(2.2 + 0.35 * (5.9 - 7.3) - 0.8);
        assert!((prevent[retention] - 0.1 * 3.0 * (without - with) / 6.0).abs() < 1e-9);

        // At the top of the scale there is no point more to give.
        let top = [respondent(&[(APP, 10)], 0.625, 1.0)];
        let (one, _) = what_if(&top, &m, APP);
        assert_eq!(one, [0.0; N_OUT]);
    }

    /// The effect tables the truth reports are the coefficients `answers`
    /// uses: toggling a moment (rated at its centre) moves the latent by the
    /// incidence effect, one rating point by the quality effect.
    #[test]
    fn effect_tables_match_the_simulation() {
        let m = [5.0; N_TP];
        let noise = KpiNoise {
            nps: 0.0,
            effort: 0.0,
            overall: 0.0,
        };
        let mut base_d = [false; N_TP];
        base_d[INVOICE] = true;
        let base_x = [5u8; N_TP];
        for t in 0..N_TP {
            let mut d = base_d;
            d[t] = true;
            let mut up = base_x;
            up[t] = 6;
            let at = answers(&d, &base_x, 0.0, &noise, &m);
            let better = answers(&d, &up, 0.0, &noise, &m);
            let without = answers(&base_d, &base_x, 0.0, &noise, &m);
            let oriented = |a: &Answers, k: Kpi| match k {
                Kpi::Nps => a.nps,
                Kpi::Ces => -a.effort,
                Kpi::Retention => a.retention_logit,
                Kpi::Overall => unreachable!(),
            };
            for kpi in [Kpi::Nps, Kpi::Ces, Kpi::Retention] {
                let (c, b) = kpi.direct_effect(t);
                let b = b.expect("every moment has a quality effect entry");
                let slope = oriented(&better, kpi) - oriented(&at, kpi);
                assert!((slope - b).abs() < 1e-12, "{kpi:?} quality of {t}");
                if let Some(c) = c {
                    let step = oriented(&at, kpi) - oriented(&without, kpi);
                    assert!((step - c).abs() < 1e-12, "{kpi:?} incidence of {t}");
                } else {
                    assert_eq!(t, INVOICE);
                }
            }
        }
        assert_eq!(Kpi::Overall.direct_effect(APP), (None, None));
    }

    /// Four respondents of weight 1, two filed a claim rated 4 and 6:
    /// var(d) = 0.25; the quality term is -1, 1, 0, 0 with mean 0, var 0.5.
    /// NPS: c = -0.5, b = 0.3: weights 0.0625 and 0.045, direction
    /// (-0.0625 + 0.045) / 0.1075. Effort: only the incidence term, -1.
    #[test]
    fn direction_by_hand() {
        let sample = [
            respondent(&[(CLAIM_FILED, 4)], 0.0, 1.0),
            respondent(&[(CLAIM_FILED, 6)], 0.0, 1.0),
            respondent(&[], 0.0, 1.0),
            respondent(&[], 0.0, 1.0),
        ];
        let got = true_direction(&sample, Kpi::Nps, CLAIM_FILED).unwrap();
        assert!((got - (-0.0625 + 0.045) / 0.1075).abs() < 1e-12, "{got}");
        assert_eq!(true_direction(&sample, Kpi::Ces, CLAIM_FILED), Some(-1.0));
        assert_eq!(true_direction(&sample, Kpi::Nps, WELCOME_GIFT), Some(0.0));
        assert_eq!(true_direction(&sample, Kpi::Nps, INVOICE), Some(0.0));
        assert_eq!(true_direction(&sample, Kpi::Overall, CLAIM_FILED), None);
    }

    /// The true sides on effort: the claim process and the
    /// complaint cost effort, good digital moments and calls lower it, the
    /// nice extras do nothing directly.
    #[test]
    fn effort_sides() {
        let cal = Calibration {
            frequency: [0.5; N_TP],
            mean: [7.0; N_TP],
        };
        let sample = simulate(5, 400, &cal, CURRENT);
        let side = |kpi: Kpi, t: usize| {
            true_side(kpi, true_direction(&sample.respondents, kpi, t), 0.0, None)
        };
        for t in [COMPLAINT, CLAIM_FILED, ASSESSOR] {
            assert_eq!(side(Kpi::Ces, t), Side::Negative);
        }
        for t in [CLAIM_CALL, APP, WEBSITE, ONLINE_PURCHASE] {
            assert_eq!(side(Kpi::Ces, t), Side::Positive);
        }
        for t in [WELCOME_GIFT, NEWSLETTER, INVOICE, LOYALTY] {
            assert_eq!(side(Kpi::Ces, t), Side::None);
        }
        // On NPS filing a claim hurts and a smooth filing helps, about
        // equally: mixed.
        assert_eq!(side(Kpi::Nps, CLAIM_FILED), Side::Mixed);
        assert_eq!(side(Kpi::Nps, WELCOME_GIFT), Side::None);
        assert_eq!(
            true_side(Kpi::Overall, None, 0.06, Some(0.006)),
            Side::Mixed
        );
        assert_eq!(
            true_side(Kpi::Overall, None, 0.09, Some(-0.004)),
            Side::Positive
        );
    }

    /// The committed sample: the simulation is untouched by the truth
    /// (same rows from the same seed) and the truth's NPS what-ifs follow
    /// the design: helping moments gain, the invoice most.
    #[test]
    fn sample_truth_follows_the_design() {
        let cal = Calibration {
            frequency: [0.5; N_TP],
            mean: [7.0; N_TP],
        };
        let sample = simulate(11, 300, &cal, CURRENT);
        let again = simulate(11, 300, &cal, CURRENT);
        assert_eq!(write_csv(&sample.rows), write_csv(&again.rows));
        for (row, r) in sample.rows.iter().zip(&sample.respondents) {
            assert_eq!(format!("{:.3}", row.weight), format!("{:.3}", r.weight));
            assert_eq!(row.nps.is_some(), r.nps_answered);
            let a = answers(
                &r.journey.d,
                &r.journey.x,
                r.journey.mood,
                &r.noise,
                &cal.mean,
            );
            assert_eq!(row.ces, a.ces());
            assert_eq!(row.overall, a.overall());
        }
        let kpis = kpi_truth(&sample.respondents, &cal.mean);
        let nps = &kpis[0];
        assert_eq!(nps.column, "nps");
        let invoice = &nps.touchpoints[INVOICE];
        assert!(invoice.gain_prevent.is_none());
        assert!(invoice.gain_one_point > 0.1, "{}", invoice.gain_one_point);
        let gift = &nps.touchpoints[WELCOME_GIFT];
        assert_eq!((gift.gain_one_point, gift.gain_prevent), (0.0, Some(0.0)));
        assert!(nps.touchpoints[COMPLAINT].gain_prevent.unwrap() > 0.0);
        assert!(nps.touchpoints[APP].gain_prevent.unwrap() < 0.0);
    }
}
