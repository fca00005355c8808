//! Every user-visible word of the matrix and the report, in English and
//! Dutch.
//!
//! Kept in one place so a translator (or a consultant fixing a phrase for a
//! client) edits text without touching layout or templates. The Dutch uses
//! the CX vocabulary Dutch clients know from the handbook: klantreis,
//! contactmoment, koesteren en uitbouwen, verbeteren, voorkomen of
//! herontwerpen, besparen ("je doet het te goed"). Templated texts use
//! `{name}` placeholders filled by [`fill`].

use serde::Serialize;

use crate::lang::Lang;
use crate::model::{KpiAnalysis, KpiKind};
use crate::quadrant::Quadrant;

/// The words for one quadrant.
#[derive(Debug, Serialize)]
pub struct QuadrantTexts {
    pub name: &'static str,
    /// One line for the matrix corner.
    pub short: &'static str,
    /// What a touchpoint in this quadrant means for the customer;
    /// `{goal}` is what the KPI measures (see [`Texts::goal`]).
    pub meaning: &'static str,
    /// What to do about it, in client language.
    pub advice: &'static str,
}

/// All texts of one language.
#[derive(Debug, Serialize)]
pub struct Texts {
    pub html_lang: &'static str,
    pub report_kind: &'static str,
    pub generated_from: &'static str,
    pub contents: &'static str,

    // Matrix.
    pub matrix_title: &'static str,
    pub axis_x: &'static str,
    pub axis_x_pct: &'static str,
    /// The y-axis title in plain words: `{kpi}`.
    pub axis_y: &'static str,
    pub reversed_note: &'static str,
    pub binary_note: &'static str,
    pub crosshair_line: &'static str,
    pub legend_title: &'static str,
    pub legend_sub: &'static str,
    pub small_base_key: &'static str,
    /// Legend entry for the interval whiskers.
    pub whisker_key: &'static str,
    /// Legend of the dashed whisker: direction not established.
    pub whisker_uncertain_key: &'static str,
    pub not_placed: &'static str,
    pub rule_mean: &'static str,
    pub rule_median: &'static str,
    pub rule_midpoint: &'static str,
    pub rule_zero: &'static str,
    pub rule_value: &'static str,
    pub axis_satisfaction: &'static str,
    pub axis_impact: &'static str,
    /// Legend key of the hollow bubble.
    pub not_controllable_key: &'static str,
    /// Line added under the matrix title of a KPI with caveats.
    pub caveat_svg: &'static str,

    // Summary.
    pub summary: &'static str,
    pub respondents_in: &'static str,
    pub respondents_analysed: &'static str,
    pub weighting: &'static str,
    pub weighted_by: &'static str,
    pub unweighted: &'static str,
    pub kpis_analysed: &'static str,

    // The lead KPI's headline.
    pub headline_nps_label: &'static str,
    pub headline_mean_label: &'static str,
    pub headline_mean_label_reversed: &'static str,
    pub headline_share_label: &'static str,
    pub headline_share_label_reversed: &'static str,
    /// A 95% interval: `{lo}`, `{hi}`.
    pub ci_95: &'static str,
    /// An interval in a table cell, under a header that names it.
    pub ci_range: &'static str,
    /// NPS points in a table cell: `{v}`.
    pub nps_short: &'static str,

    // The priority list.
    pub priorities_heading: &'static str,
    pub priorities_intro: &'static str,
    pub priorities_no_bootstrap: &'static str,
    pub priorities_ranked_on_other: &'static str,
    pub priorities_none_sound: &'static str,
    pub priorities_none_certain: &'static str,
    pub apart_heading: &'static str,
    pub apart_intro: &'static str,
    pub apart_more: &'static str,
    pub left_out_not_controllable: &'static str,
    /// The what-if sentences: `{tp}` and the gain `{gain}`.
    pub sentence_more: &'static str,
    pub sentence_prevent: &'static str,
    pub sentence_less: &'static str,
    /// Economize actions start with a question: `{tp}`.
    pub economize_question: &'static str,
    /// A gain on a KPI: `{v}` (signed), `{kpi}`.
    pub gain_on: &'static str,
    /// Said of a reversed KPI's gains.
    pub lower_is_better: &'static str,
    /// Percentage points: `{v}`.
    pub pp: &'static str,
    /// NPS points: `{v}`.
    pub nps_points: &'static str,
    pub also: &'static str,
    pub flag_direction: &'static str,
    pub flag_noise: &'static str,
    pub flag_small_base: &'static str,
    pub flag_gain_zero: &'static str,
    pub flag_no_gain: &'static str,
    pub lead_matrix: &'static str,

    // NPS.
    pub nps: &'static str,
    pub nps_score: &'static str,
    pub promoters: &'static str,
    pub passives: &'static str,
    pub detractors: &'static str,
    pub nps_note: &'static str,

    // KPI section.
    pub kpi_section: &'static str,
    pub kpi_meta: &'static str,
    pub kind_nps: &'static str,
    pub kind_scale: &'static str,
    pub kind_binary: &'static str,
    pub reversed_badge: &'static str,
    pub th_touchpoint: &'static str,
    pub th_n: &'static str,
    pub th_frequency: &'static str,
    pub th_mean: &'static str,
    pub th_top_box: &'static str,
    pub th_incidence: &'static str,
    pub th_quality: &'static str,
    pub th_impact: &'static str,
    pub th_quadrant: &'static str,
    pub small_base_mark: &'static str,
    pub th_impact_ci: &'static str,
    pub th_quadrant_probability: &'static str,
    pub uncertain_mark: &'static str,
    pub noise_mark: &'static str,
    pub uncertainty_note: &'static str,
    pub small_base_note: &'static str,
    pub not_in_matrix: &'static str,
    pub table_note: &'static str,
    pub advice_heading: &'static str,
    pub no_touchpoints: &'static str,
    /// One line under each matrix: `{goal}` (see [`Texts::goal`]).
    pub how_to_read: &'static str,
    pub th_gain_more: &'static str,
    pub th_gain_prevent: &'static str,
    /// Unit line under the gain headers: `{unit}`.
    pub gain_unit_points: &'static str,
    pub gain_unit_pp: &'static str,
    pub not_controllable_mark: &'static str,
    /// In a quadrant's list: `{list}`.
    pub quadrant_not_controllable: &'static str,
    /// What a KPI measures, for `{goal}` in the quadrant texts.
    pub goal_nps: &'static str,
    pub goal_scale: &'static str,
    pub goal_reversed: &'static str,
    pub goal_share: &'static str,
    pub goal_share_reversed: &'static str,
    /// A KPI with caveats: `{kpi}`, `{reasons}`.
    pub caveat_note: &'static str,
    pub caveat_separation: &'static str,
    /// `{n}`, `{min}`.
    pub caveat_few: &'static str,
    /// `{sum}`, `{r2}`.
    pub caveat_sum: &'static str,

    // Segments.
    pub segments: &'static str,
    pub segments_intro: &'static str,
    pub th_group: &'static str,
    pub blank_group: &'static str,

    // Data quality.
    pub data_quality: &'static str,
    pub rows_read: &'static str,
    pub rows_analysed: &'static str,
    pub excluded_rows: &'static str,
    pub th_reason: &'static str,
    pub th_count: &'static str,
    pub th_rows: &'static str,
    pub kpi_excluded: &'static str,
    pub no_exclusions: &'static str,
    pub warnings: &'static str,
    pub th_kind: &'static str,
    pub th_examples: &'static str,
    pub no_warnings: &'static str,
    pub whole_column: &'static str,
    pub row: &'static str,
    pub dropped_terms: &'static str,
    pub dropped_intro: &'static str,
    pub th_term: &'static str,
    pub term_incidence: &'static str,
    pub term_quality: &'static str,
    pub no_dropped: &'static str,
    pub reason_too_few_not: &'static str,
    pub reason_everyone: &'static str,
    pub reason_too_few_exp: &'static str,
    pub reason_none_exp: &'static str,
    pub reason_no_variation: &'static str,
    pub reason_collinear: &'static str,

    // Methods.
    pub methods: &'static str,
    pub methods_paragraphs: [&'static str; 11],
    pub methods_settings: &'static str,
    /// Methods paragraphs on the bootstrap, shown when it ran.
    pub methods_bootstrap: [&'static str; 3],
    /// Filled into `{unit}` of the first paragraph for a block bootstrap.
    pub bootstrap_blocks: &'static str,
    pub journey: &'static str,
    pub journey_intro: &'static str,
    pub footer: &'static str,

    // Logistic (yes/no) KPIs: odds-ratio wording.
    pub kpi_meta_logistic: &'static str,
    pub matrix_title_logistic: &'static str,
    pub th_incidence_or: &'static str,
    pub th_quality_or: &'static str,
    pub not_estimable: &'static str,
    /// What the odds are of, for `{yes}` in the logistic table note.
    pub odds_of_yes: &'static str,
    pub odds_of_no_reversed: &'static str,
    pub table_note_logistic: &'static str,
    pub sampled_note: &'static str,
    pub separation_note: &'static str,
    pub methods_logistic: &'static str,
    /// Note on a logistic decomposition computed on a subsample.
    pub subsample_note: &'static str,
    /// How logistic models are bootstrapped, shown when both occur.
    pub methods_logistic_bootstrap: &'static str,
}

impl Texts {
    /// What a KPI measures, for `{goal}` in the quadrant texts: "lower
    /// customer effort" for a reversed KPI, "the share who say yes to ..."
    /// for a yes/no KPI, so the advice fits the KPI.
    pub fn goal(&self, kpi: &KpiAnalysis) -> String {
        let template = match (kpi.kind, crate::priorities::shares(kpi), kpi.reverse) {
            (_, true, false) => self.goal_share,
            (_, true, true) => self.goal_share_reversed,
            (KpiKind::Nps, false, false) => self.goal_nps,
            (_, false, true) => self.goal_reversed,
            (_, false, false) => self.goal_scale,
        };
        fill(template, &[("kpi", &mid_sentence(&kpi.label))])
    }

    pub fn quadrant(&self, q: Quadrant) -> &'static QuadrantTexts {
        let qs = if self.html_lang == "nl" { &NL_Q } else { &EN_Q };
        match q {
            Quadrant::Amplify => &qs[0],
            Quadrant::Improve => &qs[1],
            Quadrant::Prevent => &qs[2],
            Quadrant::Economize => &qs[3],
        }
    }
}

/// The texts of a language.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &EN,
        Lang::Nl => &NL,
    }
}

/// A label as it reads inside a sentence: "Customer effort" becomes
/// "customer effort"; acronyms ("NPS score") and one-letter words stay.
pub fn mid_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

/// Replaces each `{key}` in `template` by its value.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

static EN_Q: [QuadrantTexts; 4] = [
    QuadrantTexts {
        name: "Amplify",
        short: "Let more customers experience these, more often",
        meaning: "These moments make the difference for {goal}: they show why customers \
                  choose you.",
        advice: "Let more customers experience them, and more often. Keep them alive in \
                 customers' memory with content and service.",
    },
    QuadrantTexts {
        name: "Improve",
        short: "Raise satisfaction to turn these into standouts",
        meaning: "These moments meet a need, but not yet well enough to do much for \
                  {goal}.",
        advice: "Raise satisfaction here first, especially where many customers meet the \
                 moment: this is where improvement pays off most.",
    },
    QuadrantTexts {
        name: "Prevent or redesign",
        short: "Prevent these, or redesign them to at least neutral",
        meaning: "These moments work against {goal}. They are often the result of \
                  something that went wrong earlier in the journey.",
        advice: "Prevent them by fixing the earlier moments that cause them, redesign them \
                 so that they are at least neutral, or follow them with a positive moment.",
    },
    QuadrantTexts {
        name: "Economize",
        short: "Doing too well? Check before relaxing the norm",
        meaning: "Customers rate these moments well, yet they work against {goal}: you \
                  may be doing too well here.",
        advice: "Does this moment cost more than it returns? Check before relaxing the \
                 standard: what it costs, whether customers would miss it, and whether a \
                 redesign would make it contribute.",
    },
];

static NL_Q: [QuadrantTexts; 4] = [
    QuadrantTexts {
        name: "Koesteren en uitbouwen",
        short: "Laat meer klanten dit beleven, en vaker",
        meaning: "Deze momenten maken het verschil voor {goal}: ze laten zien waarom \
                  klanten voor je kiezen.",
        advice: "Laat meer klanten deze momenten beleven, en vaker. Houd ze levend in de \
                 herinnering met content en service.",
    },
    QuadrantTexts {
        name: "Verbeteren",
        short: "Verhoog de tevredenheid: maak hier uitblinkers van",
        meaning: "Deze momenten vervullen een behoefte, maar nog niet goed genoeg om veel \
                  te doen voor {goal}.",
        advice: "Verhoog hier eerst de tevredenheid, zeker waar veel klanten het moment \
                 meemaken: daar levert verbetering het meest op.",
    },
    QuadrantTexts {
        name: "Voorkomen of herontwerpen",
        short: "Voorkom ze, of herontwerp ze tot minstens neutraal",
        meaning: "Deze momenten werken {goal} tegen. Vaak zijn ze het gevolg van iets wat \
                  eerder in de klantreis misging.",
        advice: "Voorkom ze door de eerdere momenten die ze veroorzaken te verbeteren, \
                 herontwerp ze tot minstens neutraal, of laat er een positief moment op \
                 volgen.",
    },
    QuadrantTexts {
        name: "Besparen",
        short: "Je doet het te goed? Toets voor je de norm versoepelt",
        meaning: "Klanten waarderen deze momenten, maar ze werken {goal} tegen. Mogelijk \
                  geldt hier: je doet het te goed.",
        advice: "Kost dit moment meer dan het oplevert? Toets dat voor je de norm \
                 versoepelt: wat het kost, of klanten het zouden missen, en of een \
                 herontwerp het wel laat bijdragen.",
    },
];

static EN: Texts = Texts {
    html_lang: "en",
    report_kind: "Customer experience impact report",
    generated_from: "Survey file {file}",
    contents: "Contents",

    matrix_title: "{kpi} \u{2014} n = {n}, R\u{b2} = {r2}",
    axis_x: "Satisfaction with the touchpoint (mean, {scale})",
    axis_x_pct: "Satisfaction with the touchpoint (mean, % of scale)",
    axis_y: "Impact on {kpi}: share of what explains it (%); above the line it helps, \
             below it hurts",
    reversed_note: "Low answers are good on this KPI: it was reversed, so up is always good.",
    binary_note: "Yes/no KPI.",
    crosshair_line: "Bubble area = share of customers who experienced the moment. \
                     Crosshair: satisfaction {x}, impact {y}.",
    legend_title: "Bubble area:",
    legend_sub: "customers who experienced it",
    small_base_key: "small base (n < {n})",
    whisker_key: "lines: 95% interval",
    whisker_uncertain_key: "dashed: direction uncertain (interval includes zero)",
    not_placed: "Not shown (nobody experienced it): {list}",
    rule_mean: "weighted mean ({v})",
    rule_median: "median ({v})",
    rule_midpoint: "scale midpoint ({v})",
    rule_zero: "zero",
    rule_value: "{v}",
    axis_satisfaction: "satisfaction",
    axis_impact: "impact",
    not_controllable_key: "outline only: not controllable",
    caveat_svg: "Caution: these importances are not sound; see the report.",

    summary: "Summary",
    respondents_in: "Respondents in the file",
    respondents_analysed: "Respondents analysed",
    weighting: "Weighting",
    weighted_by: "weighted by {col}",
    unweighted: "unweighted",
    kpis_analysed: "KPIs analysed",

    headline_nps_label: "{kpi}: Net Promoter Score",
    headline_mean_label: "{kpi}: mean on the {scale} scale",
    headline_mean_label_reversed: "{kpi}: mean on the {scale} scale (low is good)",
    headline_share_label: "{kpi}: share who say yes",
    headline_share_label_reversed: "{kpi}: share who say yes (no is the good answer)",
    ci_95: "95%: {lo} to {hi}",
    ci_range: "{lo} to {hi}",
    nps_short: "{v} NPS",

    priorities_heading: "What to do first",
    priorities_intro: "Actions ranked by what each gains on {kpi}. A gain already counts how \
                       many customers meet the moment. The action follows the moment's \
                       quadrant in the matrix.",
    priorities_no_bootstrap: "The bootstrap was off, so these gains have no intervals and \
                              their certainty was not checked.",
    priorities_ranked_on_other: "The importances of {lead} are not sound (see its section), \
                                 so the list is ranked on {kpi}.",
    priorities_none_sound: "The importances of every KPI have caveats (see their sections), \
                            so there is no priority list.",
    priorities_none_certain: "No action is certain enough to rank on {kpi}.",
    apart_heading: "Shown apart: not certain enough to rank",
    apart_intro: "These moments may matter, but the data does not establish it:",
    apart_more: "{n} more in impact.json (priorities).",
    left_out_not_controllable: "Left out as not controllable: {list}.",
    sentence_more: "One point more satisfaction with {tp}: {gain}",
    sentence_prevent: "One in ten fewer customers experiencing {tp}: {gain}",
    sentence_less: "One point less satisfaction with {tp}: {gain}",
    economize_question: "Does {tp} cost more than it returns? Check before relaxing it.",
    gain_on: "{v} on {kpi}",
    lower_is_better: "lower is better",
    pp: "{v} percentage points",
    nps_points: "{v} NPS points",
    also: "Also: {list}",
    flag_direction: "direction uncertain",
    flag_noise: "not above noise",
    flag_small_base: "small base (n = {n})",
    flag_gain_zero: "gain interval includes zero",
    flag_no_gain: "no gain in the what-if",
    lead_matrix: "The matrix of {kpi}",

    nps: "Net Promoter Score",
    nps_score: "NPS",
    promoters: "Promoters (9-10)",
    passives: "Passives (7-8)",
    detractors: "Detractors (0-6)",
    nps_note: "NPS = % promoters \u{2212} % detractors, from \u{2212}100 to +100. Typical \
               companies score +5 to +10; compare within your sector.",

    kpi_section: "Impact on {kpi}",
    kpi_meta: "{kind} \u{b7} n = {n} \u{b7} R\u{b2} = {r2} (adjusted {adj})",
    kind_nps: "Recommendation (NPS, 0-10)",
    kind_scale: "Rating scale",
    kind_binary: "Yes/no",
    reversed_badge: "reversed: low answers are good",
    th_touchpoint: "Touchpoint",
    th_n: "n experienced",
    th_frequency: "Frequency",
    th_mean: "Mean satisfaction",
    th_top_box: "Top box",
    th_incidence: "Incidence effect",
    th_quality: "Quality effect",
    th_impact: "Impact (% of what explains it)",
    th_quadrant: "Quadrant",
    small_base_mark: "small base",
    th_impact_ci: "Impact (% of what explains it; 95% interval)",
    th_quadrant_probability: "Quadrant (certainty)",
    uncertain_mark: "direction uncertain",
    noise_mark: "not above noise",
    uncertainty_note: "Intervals are 95% bootstrap intervals ({reps} resamples of the \
                       respondents); the line under a mean or an impact is its interval. \
                       Quadrant certainty: share of resamples in which the touchpoint lands in the \
                       same quadrant. Direction uncertain: the impact interval includes \
                       zero. Not above noise: the importance is not clearly larger than \
                       that of a touchpoint made of random numbers ({noise} of the \
                       explained variance).",
    small_base_note: "Small base: fewer than {n} respondents of this KPI's model experienced \
                      the touchpoint; treat its numbers as indicative.",
    not_in_matrix: "not in matrix",
    table_note: "Incidence effect: difference in {kpi} between customers who experienced \
                 the moment (at average satisfaction) and those who did not. Quality \
                 effect: change in {kpi} per satisfaction point. Impact: the moment's share \
                 of what explains {kpi}, signed by its net direction (positive: it helps). \
                 Gain, one point more: the change in {kpi} if everyone who met the moment \
                 rated it one point higher; one in ten fewer: the change if one in ten of \
                 them no longer met it.",
    advice_heading: "What to do, quadrant by quadrant",
    no_touchpoints: "No touchpoints in this quadrant.",
    how_to_read: "How to read: further right, customers are more satisfied with the moment; \
                  higher, it does more for {goal}, and below the line it works against it; \
                  a bigger bubble, more customers meet it.",
    th_gain_more: "Gain: one point more",
    th_gain_prevent: "Gain: one in ten fewer",
    gain_unit_points: "Gains in points of {kpi}",
    gain_unit_pp: "Gains in percentage points of the share who say yes",
    not_controllable_mark: "not controllable",
    quadrant_not_controllable: "Not controllable, shown for information (no advice): {list}",
    goal_nps: "loyalty ({kpi})",
    goal_scale: "a higher {kpi}",
    goal_reversed: "lower {kpi}",
    goal_share: "the share who say yes to {kpi}",
    goal_share_reversed: "the share who say no to {kpi}",
    caveat_note: "Caution: the importances of {kpi} are not sound: {reasons}. Its matrix and \
                  table are shown for information only, and it is left out of the priority \
                  list.",
    caveat_separation: "the touchpoints separate the yes and no answers completely, so some \
                        effects cannot be estimated",
    caveat_few: "only {n} respondents gave the rarer answer (at least {min} are needed)",
    caveat_sum: "the importances added up to {sum} instead of the model's R\u{b2} of {r2}",

    segments: "Segments",
    segments_intro: "KPI levels per group (NPS as a score, yes/no KPIs as a share, other \
                     KPIs as a mean).",
    th_group: "Group",
    blank_group: "(no answer)",

    data_quality: "Data quality",
    rows_read: "Rows read",
    rows_analysed: "Rows analysed",
    excluded_rows: "Rows left out of the analysis",
    th_reason: "Reason",
    th_count: "Count",
    th_rows: "Rows (first few)",
    kpi_excluded: "Left out of the {kpi} model",
    no_exclusions: "No rows were left out.",
    warnings: "Warnings",
    th_kind: "Kind",
    th_examples: "First occurrences",
    no_warnings: "No warnings.",
    whole_column: "whole column",
    row: "row",
    dropped_terms: "Terms left out of the models",
    dropped_intro: "A term that cannot be estimated reliably is left out; the touchpoint's \
                    impact then rests on its other term.",
    th_term: "Term",
    term_incidence: "incidence",
    term_quality: "quality",
    no_dropped: "Every term could be estimated.",
    reason_too_few_not: "only {n} respondents did not experience it (minimum {min})",
    reason_everyone: "every respondent experienced it",
    reason_too_few_exp: "only {n} respondents rated it",
    reason_none_exp: "nobody rated it",
    reason_no_variation: "everyone who rated it gave the same score",
    reason_collinear: "overlaps with {with} (the same respondents skipped them)",

    methods: "How the numbers were made",
    methods_paragraphs: [
        "Every respondent rated the touchpoints they experienced. A blank means \"not \
         experienced\", not a missing answer: whether a customer meets a moment at all is \
         information in itself, so no respondent is dropped for leaving touchpoints blank.",
        "For each KPI one regression model estimates two effects per touchpoint: y = a + \
         \u{3a3}\u{2c7c} ( c\u{2c7c}\u{b7}d\u{2c7c} + b\u{2c7c}\u{b7}d\u{2c7c}\u{b7}(x\u{2c7c} \
         \u{2212} m\u{2c7c}) ) + e, where d\u{2c7c} is 1 if the touchpoint was experienced, \
         x\u{2c7c} the satisfaction and m\u{2c7c} the mean satisfaction of those who \
         experienced it.",
        "The incidence effect c\u{2c7c} is the KPI difference between customers who \
         experienced the moment (at average satisfaction) and those who did not. The \
         quality effect b\u{2c7c} is how much the KPI moves per satisfaction point among \
         those who experienced it.",
        "Importance is each touchpoint's share of the explained variance (R\u{b2}), split \
         fairly over the touchpoints with the Shapley value (LMG method); the importances \
         add up to R\u{b2}. A touchpoint's importance is divided between its incidence and \
         quality terms in proportion to the part of the KPI each term moves on its own.",
        "Importance has no sign; the matrix gives it the touchpoint's net direction. Each of \
         its two terms votes with the sign of its effect, weighted by how much of the KPI \
         that term moves on its own (its effect squared times the spread of the term), so a \
         term whose effect is about zero has about no say. The Shapley share of a term is \
         not used for this: Shapley lends a term credit for variance it shares with \
         correlated touchpoints, so a term without an effect of its own can hold a large \
         share and would decide the sign by accident. The direction is recomputed on every \
         bootstrap resample, so a touchpoint whose terms pull both ways shows up as \
         direction uncertain, not in a confident quadrant.",
        "The what-if puts an effect in the KPI's own units. One point more: the change in \
         the KPI's mean if every customer who experienced the moment rated it one point \
         higher (capped at the top of the scale). One in ten fewer: the change if one in \
         ten of those customers no longer experienced it. Positive is always better (for \
         a reversed KPI such as effort: a lower score). For a yes/no KPI the gain is in \
         percentage points of the share who say yes, averaged over every customer's own \
         modelled probability. NPS points come from a model of each customer's \
         contribution to the NPS (+100 promoter, 0 passive, \u{2212}100 detractor). A gain \
         already counts how many customers meet the moment. Its 95% interval comes from \
         the bootstrap.",
        "The priority list ranks actions by their gain on the lead KPI. A moment's action \
         follows its quadrant: improve and amplify are measured by one point more, prevent \
         by one in ten fewer, economize by the gain of doing less (one in ten fewer, or \
         one point less where the model has no incidence term). Moments whose direction is \
         uncertain, whose importance is not above noise, with a small base or whose gain \
         interval includes zero are listed apart, never above the certain ones. Moments \
         marked not controllable in the config are left out, and so are KPIs whose \
         importances have caveats.",
        "Limits: these are associations in survey answers, not proven causes, and each \
         what-if holds everything else equal. A gain says what the data suggests a change \
         is worth, not what it will certainly deliver; try large changes on a small scale \
         first.",
        "The matrix plots satisfaction (x) against this signed impact (y); bubble area \
         shows the share of customers who experienced the moment. The crosshair lines \
         divide it into four quadrants, each with its own advice. Points exactly on a line \
         count as high satisfaction or positive impact.",
        "KPIs where low answers are good (such as effort) are reversed before modelling, \
         so a positive impact is always good news. Yes/no KPIs are coded 1/0.",
        "All shares and means are weighted when a weight column is given; every n is an \
         unweighted count of respondents.",
    ],
    methods_settings: "Crosshair: satisfaction {x}, impact {y}. An incidence term needs at \
                       least {min_not} respondents who did not experience the touchpoint; \
                       fewer than {small} respondents who experienced it is a small base. \
                       Weighting: {weights}. Importance method: {method}.",
    journey: "The customer journey",
    journey_intro: "The touchpoints in journey order, by phase:",
    methods_bootstrap: [
        "Uncertainty comes from the bootstrap: the respondents are resampled with \
         replacement {reps} times (seed {seed}; a weighted respondent keeps its weight), \
         and every number (satisfaction means, frequencies, each KPI's model with the same \
         terms as the full model, its importances and impacts) is recomputed on each \
         resample. {unit} The 95% interval runs from the 2.5th to the 97.5th percentile \
         of the resampled values. An impact whose interval includes zero has no \
         established direction; a touchpoint experienced by fewer than {small} \
         respondents of a model is a small base.",
        "Quadrant certainty is the share of resamples in which a touchpoint lands in the \
         same quadrant as in the matrix, with the crosshair recomputed by the same rule on \
         each resample (a mean or median line moves with the data; a fixed value stays).",
        "Noise benchmark: each model also gets a touchpoint made of two columns of random \
         numbers. Its importance, the average of its R\u{b2} gain on the empty and on the \
         full model, is what a touchpoint without any real relation to the KPI would get \
         by chance. A touchpoint's importance counts as significant only when the lower \
         end of its interval lies above the 95th percentile of the noise importance over \
         the resamples.",
    ],
    bootstrap_blocks: "With this many respondents a resample draws {chunks} random blocks \
                       of respondents with replacement and adds up their sums of squares \
                       and cross-products, so a resample needs no new pass over the data; \
                       for blocks this large the intervals match those of resampling \
                       single respondents.",
    footer: "Made with cximpact.",

    matrix_title_logistic: "{kpi} \u{2014} n = {n}, pseudo-R\u{b2} = {r2}",
    kpi_meta_logistic: "{kind} \u{b7} n = {n} \u{b7} logistic model \u{b7} McFadden pseudo-R\u{b2} \
                        = {r2} (adjusted {adj})",
    th_incidence_or: "Incidence (odds ratio)",
    th_quality_or: "Quality (odds ratio per point)",
    not_estimable: "not estimable",
    odds_of_yes: "a yes",
    odds_of_no_reversed: "a no (the KPI is reversed: no is the good answer)",
    table_note_logistic: "Logistic model of {kpi}. Incidence: the odds of {yes} for \
                          customers who experienced the moment (at average satisfaction) divided by the odds for those who did not. Quality: \
                          the factor by which those odds change per satisfaction point. Above 1 \
                          raises the odds, below 1 lowers them; the log-odds are in impact.json \
                          and impact.csv. Impact: share of McFadden's pseudo-R\u{b2}, signed by \
                          the net effect.",
    sampled_note: "With {groups} touchpoints the importances were estimated from random \
                   permutations (sampled Shapley values); the largest standard error is {se} \
                   (in pseudo-R\u{b2} units).",
    separation_note: "Some groups of customers all gave the same answer, so the effects marked \
                      \"not estimable\" have no finite odds ratio; the importances remain \
                      valid.",
    methods_logistic: "Yes/no KPIs (and an NPS analysed as promoter or detractor against the \
                       rest) get a logistic model with the same incidence and quality terms, \
                       fitted by maximum likelihood without penalty (survey weights as \
                       frequency weights). Effects are log-odds, shown as odds ratios. \
                       Importance is the Shapley share of McFadden's pseudo-R\u{b2} (1 minus \
                       the log-likelihood of the model over that of a model without \
                       touchpoints): exact up to 12 touchpoints, estimated from random \
                       permutations with a standard error above that.",
    subsample_note: "With this many customers the importances combine a least-squares \
                     decomposition over all {n} with the logistic correction computed on a \
                     random subsample of {rows}; the model itself uses everyone.",
    methods_logistic_bootstrap: "In the bootstrap each resample refits the logistic model, \
                                 which gives its odds ratios, pseudo-R\u{b2} and the direction \
                                 of each impact. Its importances are those of a least-squares \
                                 model of the same yes/no answer, rescaled to the resample's \
                                 pseudo-R\u{b2} and anchored at the values above: repeating the \
                                 full pseudo-R\u{b2} decomposition on every resample would take \
                                 thousands of model fits each.",
};

static NL: Texts = Texts {
    html_lang: "nl",
    report_kind: "Rapport klantbeleving-impactmatrix",
    generated_from: "Onderzoeksbestand {file}",
    contents: "Inhoud",

    matrix_title: "{kpi} \u{2014} n = {n}, R\u{b2} = {r2}",
    axis_x: "Tevredenheid over het contactmoment (gemiddelde, {scale})",
    axis_x_pct: "Tevredenheid over het contactmoment (gemiddelde, % van de schaal)",
    axis_y: "Impact op {kpi}: aandeel in wat het verklaart (%); boven de lijn helpt het, \
             eronder schaadt het",
    reversed_note: "Lage antwoorden zijn goed op deze KPI: hij is omgekeerd, dus omhoog is \
                    altijd goed.",
    binary_note: "Ja/nee-KPI.",
    crosshair_line: "Bolgrootte = aandeel klanten dat het moment meemaakte (frequentie). \
                     Assenkruis: tevredenheid {x}, impact {y}.",
    legend_title: "Bolgrootte:",
    legend_sub: "klanten die het meemaakten",
    small_base_key: "kleine basis (n < {n})",
    whisker_key: "lijnen: 95%-interval",
    whisker_uncertain_key: "gestippeld: richting onzeker (interval bevat nul)",
    not_placed: "Niet getoond (niemand maakte het mee): {list}",
    rule_mean: "gewogen gemiddelde ({v})",
    rule_median: "mediaan ({v})",
    rule_midpoint: "midden van de schaal ({v})",
    rule_zero: "nul",
    rule_value: "{v}",
    axis_satisfaction: "tevredenheid",
    axis_impact: "impact",
    not_controllable_key: "alleen omtrek: niet beïnvloedbaar",
    caveat_svg: "Let op: deze belangen zijn niet betrouwbaar; zie het rapport.",

    summary: "Samenvatting",
    respondents_in: "Respondenten in het bestand",
    respondents_analysed: "Geanalyseerde respondenten",
    weighting: "Weging",
    weighted_by: "gewogen met {col}",
    unweighted: "ongewogen",
    kpis_analysed: "Geanalyseerde KPI's",

    headline_nps_label: "{kpi}: Net Promoter Score",
    headline_mean_label: "{kpi}: gemiddelde op de schaal {scale}",
    headline_mean_label_reversed: "{kpi}: gemiddelde op de schaal {scale} (laag is goed)",
    headline_share_label: "{kpi}: aandeel dat ja zegt",
    headline_share_label_reversed: "{kpi}: aandeel dat ja zegt (nee is het goede antwoord)",
    ci_95: "95%: {lo} tot {hi}",
    ci_range: "{lo} tot {hi}",
    nps_short: "{v} NPS",

    priorities_heading: "Wat eerst te doen",
    priorities_intro: "Acties gerangschikt naar wat elk oplevert op {kpi}. De winst houdt al \
                       rekening met hoeveel klanten het moment meemaken. De actie volgt het \
                       kwadrant van het moment in de matrix.",
    priorities_no_bootstrap: "De bootstrap stond uit, dus deze winsten hebben geen \
                              intervallen en hun zekerheid is niet getoetst.",
    priorities_ranked_on_other: "De belangen van {lead} zijn niet betrouwbaar (zie de \
                                 paragraaf daarover), dus de lijst is gerangschikt op {kpi}.",
    priorities_none_sound: "De belangen van elke KPI hebben kanttekeningen (zie de \
                            paragrafen), dus er is geen prioriteitenlijst.",
    priorities_none_certain: "Geen actie is zeker genoeg om te rangschikken op {kpi}.",
    apart_heading: "Apart gezet: niet zeker genoeg om te rangschikken",
    apart_intro: "Deze momenten doen er mogelijk toe, maar de data tonen het niet aan:",
    apart_more: "Nog {n} in impact.json (priorities).",
    left_out_not_controllable: "Weggelaten als niet beïnvloedbaar: {list}.",
    sentence_more: "Eén punt meer tevredenheid over {tp}: {gain}",
    sentence_prevent: "Eén op de tien klanten minder die {tp} meemaken: {gain}",
    sentence_less: "Eén punt minder tevredenheid over {tp}: {gain}",
    economize_question: "Kost {tp} meer dan het oplevert? Toets dat voor je het versoepelt.",
    gain_on: "{v} op {kpi}",
    lower_is_better: "lager is beter",
    pp: "{v} procentpunt",
    nps_points: "{v} NPS-punten",
    also: "Verder: {list}",
    flag_direction: "richting onzeker",
    flag_noise: "niet boven ruis",
    flag_small_base: "kleine basis (n = {n})",
    flag_gain_zero: "interval van de winst bevat nul",
    flag_no_gain: "geen winst in de wat-als",
    lead_matrix: "De matrix van {kpi}",

    nps: "Net Promoter Score",
    nps_score: "NPS",
    promoters: "Promotors (9-10)",
    passives: "Passives (7-8)",
    detractors: "Criticasters (0-6)",
    nps_note: "NPS = % promotors \u{2212} % criticasters, van \u{2212}100 tot +100. \
               Gangbare bedrijven scoren +5 tot +10; vergelijk binnen je sector.",

    kpi_section: "Impact op {kpi}",
    kpi_meta: "{kind} \u{b7} n = {n} \u{b7} R\u{b2} = {r2} (gecorrigeerd {adj})",
    kind_nps: "Aanbeveling (NPS, 0-10)",
    kind_scale: "Beoordelingsschaal",
    kind_binary: "Ja/nee",
    reversed_badge: "omgekeerd: lage antwoorden zijn goed",
    th_touchpoint: "Contactmoment",
    th_n: "n meegemaakt",
    th_frequency: "Frequentie",
    th_mean: "Gem. tevredenheid",
    th_top_box: "Topbox",
    th_incidence: "Incidentie-effect",
    th_quality: "Kwaliteitseffect",
    th_impact: "Impact (% van wat het verklaart)",
    th_quadrant: "Kwadrant",
    small_base_mark: "kleine basis",
    th_impact_ci: "Impact (% van wat het verklaart; 95%-interval)",
    th_quadrant_probability: "Kwadrant (zekerheid)",
    uncertain_mark: "richting onzeker",
    noise_mark: "niet boven ruis",
    uncertainty_note: "Intervallen zijn 95%-bootstrapintervallen ({reps} hersteekproeven \
                       van de respondenten); de regel onder een gemiddelde of een impact is \
                       het interval. Zekerheid kwadrant: aandeel hersteekproeven waarin het contactmoment \
                       in hetzelfde kwadrant valt. Richting onzeker: het impactinterval \
                       bevat nul. Niet boven ruis: het belang is niet duidelijk groter dan \
                       dat van een contactmoment van willekeurige getallen ({noise} van de \
                       verklaarde variantie).",
    small_base_note: "Kleine basis: minder dan {n} respondenten in het model van deze KPI \
                      maakten het contactmoment mee; lees de cijfers als indicatief.",
    not_in_matrix: "niet in matrix",
    table_note: "Incidentie-effect: verschil in {kpi} tussen klanten die het moment \
                 meemaakten (bij gemiddelde tevredenheid) en klanten die dat niet deden. \
                 Kwaliteitseffect: verandering in {kpi} per punt tevredenheid. Impact: het \
                 aandeel van het moment in wat {kpi} verklaart, met het teken van zijn \
                 netto-richting (positief: het helpt). Winst, één punt meer: de verandering \
                 in {kpi} als iedereen die het moment meemaakte het één punt hoger gaf; één \
                 op tien minder: de verandering als één op de tien van hen het niet meer \
                 meemaakte.",
    advice_heading: "Wat te doen, per kwadrant",
    no_touchpoints: "Geen contactmomenten in dit kwadrant.",
    how_to_read: "Zo lees je het: verder naar rechts, klanten zijn tevredener over het \
                  moment; hoger, het doet meer voor {goal}, en onder de lijn werkt het dat \
                  tegen; een grotere bol, meer klanten maken het mee.",
    th_gain_more: "Winst: één punt meer",
    th_gain_prevent: "Winst: één op tien minder",
    gain_unit_points: "Winst in punten van {kpi}",
    gain_unit_pp: "Winst in procentpunten van het aandeel dat ja zegt",
    not_controllable_mark: "niet beïnvloedbaar",
    quadrant_not_controllable: "Niet beïnvloedbaar, ter informatie (geen advies): {list}",
    goal_nps: "loyaliteit ({kpi})",
    goal_scale: "een hogere {kpi}",
    goal_reversed: "een lagere {kpi}",
    goal_share: "het aandeel dat ja zegt op {kpi}",
    goal_share_reversed: "het aandeel dat nee zegt op {kpi}",
    caveat_note: "Let op: de belangen van {kpi} zijn niet betrouwbaar: {reasons}. De matrix en \
                  de tabel staan er ter informatie, en de KPI telt niet mee in de \
                  prioriteitenlijst.",
    caveat_separation: "de contactmomenten scheiden de ja- en nee-antwoorden volledig, \
                        zodat sommige effecten niet te schatten zijn",
    caveat_few: "slechts {n} respondenten gaven het zeldzamere antwoord (minstens {min} \
                 nodig)",
    caveat_sum: "de belangen telden op tot {sum} in plaats van de R\u{b2} van het model, {r2}",

    segments: "Segmenten",
    segments_intro: "KPI-niveau per groep (NPS als score, ja/nee-KPI's als aandeel, andere \
                     KPI's als gemiddelde).",
    th_group: "Groep",
    blank_group: "(geen antwoord)",

    data_quality: "Datakwaliteit",
    rows_read: "Gelezen rijen",
    rows_analysed: "Geanalyseerde rijen",
    excluded_rows: "Rijen buiten de analyse",
    th_reason: "Reden",
    th_count: "Aantal",
    th_rows: "Rijen (eerste)",
    kpi_excluded: "Buiten het model voor {kpi}",
    no_exclusions: "Er zijn geen rijen weggelaten.",
    warnings: "Waarschuwingen",
    th_kind: "Soort",
    th_examples: "Eerste gevallen",
    no_warnings: "Geen waarschuwingen.",
    whole_column: "hele kolom",
    row: "rij",
    dropped_terms: "Termen buiten de modellen",
    dropped_intro: "Een term die niet betrouwbaar te schatten is, valt weg; de impact van \
                    het contactmoment rust dan op de andere term.",
    th_term: "Term",
    term_incidence: "incidentie",
    term_quality: "kwaliteit",
    no_dropped: "Alle termen konden worden geschat.",
    reason_too_few_not: "slechts {n} respondenten maakten het niet mee (minimum {min})",
    reason_everyone: "iedere respondent maakte het mee",
    reason_too_few_exp: "slechts {n} respondenten beoordeelden het",
    reason_none_exp: "niemand beoordeelde het",
    reason_no_variation: "iedereen die het beoordeelde gaf dezelfde score",
    reason_collinear: "overlapt met {with} (dezelfde respondenten sloegen ze over)",

    methods: "Hoe de cijfers tot stand kwamen",
    methods_paragraphs: [
        "Iedere respondent beoordeelde de contactmomenten die hij of zij meemaakte. Een \
         lege cel betekent \"niet meegemaakt\", geen ontbrekend antwoord: of een klant een \
         moment meemaakt is op zich al informatie, dus niemand valt af omdat hij \
         contactmomenten open liet.",
        "Per KPI schat één regressiemodel twee effecten per contactmoment: y = a + \
         \u{3a3}\u{2c7c} ( c\u{2c7c}\u{b7}d\u{2c7c} + b\u{2c7c}\u{b7}d\u{2c7c}\u{b7}(x\u{2c7c} \
         \u{2212} m\u{2c7c}) ) + e, met d\u{2c7c} = 1 als het contactmoment is meegemaakt, \
         x\u{2c7c} de tevredenheid en m\u{2c7c} de gemiddelde tevredenheid van wie het \
         meemaakte.",
        "Het incidentie-effect c\u{2c7c} is het verschil in de KPI tussen klanten die het \
         moment meemaakten (bij gemiddelde tevredenheid) en klanten die dat niet deden. \
         Het kwaliteitseffect b\u{2c7c} is hoeveel de KPI beweegt per punt tevredenheid \
         onder wie het meemaakte.",
        "Het belang is het aandeel van elk contactmoment in de verklaarde variantie \
         (R\u{b2}), eerlijk verdeeld met de Shapley-waarde (LMG-methode); de belangen tellen \
         op tot R\u{b2}. Het belang van een contactmoment is verdeeld over zijn incidentie- \
         en kwaliteitsterm naar rato van het deel van de KPI dat elke term op zichzelf \
         beweegt.",
        "Belang heeft geen teken; de matrix geeft het de netto-richting van het \
         contactmoment. Elk van zijn twee termen stemt mee met het teken van zijn effect, \
         gewogen naar hoeveel van de KPI die term op zichzelf beweegt (zijn effect in het \
         kwadraat maal de spreiding van de term), zodat een term met een effect van \
         ongeveer nul vrijwel niets te zeggen heeft. Het Shapley-aandeel van een term \
         wordt hier niet voor gebruikt: Shapley geeft een term ook krediet voor variantie \
         die hij deelt met samenhangende contactmomenten, zodat een term zonder eigen \
         effect een groot aandeel kan hebben en het teken bij toeval zou bepalen. De \
         richting wordt op elke bootstrap-hersteekproef opnieuw berekend, dus een \
         contactmoment waarvan de termen twee kanten op trekken, komt uit als richting \
         onzeker, niet in een zeker kwadrant.",
        "De wat-als zet een effect in de eenheden van de KPI zelf. Eén punt meer: de \
         verandering in het gemiddelde van de KPI als iedere klant die het moment meemaakte \
         het één punt hoger gaf (tot de top van de schaal). Eén op tien minder: de \
         verandering als één op de tien van die klanten het niet meer meemaakte. Positief \
         is altijd beter (bij een omgekeerde KPI zoals inspanning: een lagere score). Bij \
         een ja/nee-KPI is de winst in procentpunten van het aandeel dat ja zegt, \
         gemiddeld over de eigen gemodelleerde kans van elke klant. NPS-punten komen uit \
         een model van de bijdrage van elke klant aan de NPS (+100 promotor, 0 passive, \
         \u{2212}100 criticaster). De winst houdt al rekening met hoeveel klanten het moment \
         meemaken. Het 95%-interval komt uit de bootstrap.",
        "De prioriteitenlijst rangschikt acties naar hun winst op de hoofd-KPI. De actie \
         van een moment volgt zijn kwadrant: verbeteren en koesteren worden gemeten met \
         één punt meer, voorkomen met één op tien minder, besparen met de winst van minder \
         doen (één op tien minder, of één punt minder waar het model geen incidentieterm \
         heeft). Momenten met een onzekere richting, een belang dat niet boven ruis \
         uitkomt, een kleine basis of een winstinterval dat nul bevat, staan apart en \
         nooit boven de zekere. Momenten die in de configuratie niet beïnvloedbaar heten, \
         blijven buiten de lijst, net als KPI's met kanttekeningen bij hun belangen.",
        "Grenzen: dit zijn samenhangen in enquêteantwoorden, geen bewezen oorzaken, en \
         elke wat-als houdt al het andere gelijk. Een winst zegt wat een verandering \
         volgens de data waard is, niet wat die zeker oplevert; probeer grote \
         veranderingen eerst op kleine schaal.",
        "De matrix zet tevredenheid (x) af tegen deze impact met teken (y); de oppervlakte \
         van een bol is het aandeel klanten dat het moment meemaakte (frequentie). Het \
         assenkruis verdeelt de matrix in vier kwadranten, elk met een eigen advies. \
         Punten precies op een lijn tellen als hoge tevredenheid of positieve impact.",
        "KPI's waarop lage antwoorden goed zijn (zoals klantinspanning) zijn vóór het \
         modelleren omgekeerd, zodat positieve impact altijd goed nieuws is. Ja/nee-KPI's \
         zijn gecodeerd als 1/0.",
        "Aandelen en gemiddelden zijn gewogen als er een weegkolom is; elke n is een \
         ongewogen aantal respondenten.",
    ],
    methods_settings: "Assenkruis: tevredenheid {x}, impact {y}. Een incidentieterm vraagt \
                       minstens {min_not} respondenten die het contactmoment niet \
                       meemaakten; minder dan {small} respondenten die het meemaakten is \
                       een kleine basis. Weging: {weights}. Methode voor belang: {method}.",
    journey: "De klantreis",
    journey_intro: "De contactmomenten in de volgorde van de klantreis, per fase:",
    methods_bootstrap: [
        "De onzekerheid komt uit de bootstrap: de respondenten worden {reps} keer met \
         teruglegging opnieuw getrokken (seed {seed}; een gewogen respondent houdt zijn \
         gewicht), en elk getal (tevredenheidsgemiddelden, frequenties, het model van elke \
         KPI met dezelfde termen als het volledige model, de belangen en impacts) wordt \
         op elke hersteekproef opnieuw berekend. {unit} Het 95%-interval loopt van het \
         2,5e tot het 97,5e percentiel van die waarden. Een impact waarvan het interval \
         nul bevat heeft geen vaststaande richting; een contactmoment dat minder dan \
         {small} respondenten van een model meemaakten is een kleine basis.",
        "Zekerheid kwadrant is het aandeel hersteekproeven waarin een contactmoment in \
         hetzelfde kwadrant valt als in de matrix, met het assenkruis op elke \
         hersteekproef volgens dezelfde regel berekend (een gemiddelde of mediaan schuift \
         mee met de data; een vaste waarde blijft staan).",
        "Ruisijking: elk model krijgt ook een contactmoment van twee kolommen \
         willekeurige getallen. Het belang daarvan, het gemiddelde van de winst in \
         R\u{b2} op het lege en op het volledige model, is wat een contactmoment zonder \
         echte samenhang met de KPI bij toeval krijgt. Het belang van een contactmoment \
         telt pas als significant wanneer de ondergrens van zijn interval boven het 95e \
         percentiel van het ruisbelang over de hersteekproeven ligt.",
    ],
    bootstrap_blocks: "Bij zoveel respondenten trekt een hersteekproef {chunks} \
                       willekeurige blokken respondenten met teruglegging en telt hun sommen \
                       van kwadraten en kruisproducten op, zodat een hersteekproef geen \
                       nieuwe doorgang door de data vraagt; bij blokken van deze omvang \
                       geven ze dezelfde intervallen als het trekken van losse \
                       respondenten.",
    footer: "Gemaakt met cximpact.",

    matrix_title_logistic: "{kpi} \u{2014} n = {n}, pseudo-R\u{b2} = {r2}",
    kpi_meta_logistic: "{kind} \u{b7} n = {n} \u{b7} logistisch model \u{b7} McFadden \
                        pseudo-R\u{b2} = {r2} (gecorrigeerd {adj})",
    th_incidence_or: "Incidentie (odds ratio)",
    th_quality_or: "Kwaliteit (odds ratio per punt)",
    not_estimable: "niet schatbaar",
    odds_of_yes: "een ja",
    odds_of_no_reversed: "een nee (de KPI is omgekeerd: nee is het goede antwoord)",
    table_note_logistic: "Logistisch model van {kpi}. Incidentie: de odds op {yes} van \
                          klanten die het moment meemaakten (bij gemiddelde tevredenheid) gedeeld door die van klanten die dat niet deden. \
                          Kwaliteit: de factor waarmee die odds veranderen per punt \
                          tevredenheid. Boven 1 verhoogt de odds, onder 1 verlaagt ze; de \
                          log-odds staan in impact.json en impact.csv. Impact: aandeel in \
                          McFaddens pseudo-R\u{b2}, met het teken van het netto-effect.",
    sampled_note: "Met {groups} contactmomenten is het belang geschat uit willekeurige \
                   permutaties (gesteekproefde Shapley-waarden); de grootste standaardfout is \
                   {se} (in eenheden pseudo-R\u{b2}).",
    separation_note: "Sommige groepen klanten gaven allemaal hetzelfde antwoord, daardoor \
                      hebben de effecten met \"niet schatbaar\" geen eindige odds ratio; het \
                      belang blijft geldig.",
    methods_logistic: "Ja/nee-KPI's (en een NPS die als promotor of criticaster tegenover de \
                       rest is geanalyseerd) krijgen een logistisch model met dezelfde \
                       incidentie- en kwaliteitstermen, geschat met maximale aannemelijkheid \
                       zonder straf (weging als frequentiegewichten). Effecten zijn log-odds, \
                       getoond als odds ratio's. Belang is het Shapley-aandeel in McFaddens \
                       pseudo-R\u{b2} (1 min de log-aannemelijkheid van het model gedeeld door \
                       die van een model zonder contactmomenten): exact tot 12 \
                       contactmomenten, daarboven geschat uit willekeurige permutaties met een \
                       standaardfout.",
    subsample_note: "Bij zoveel klanten combineert het belang een kleinstekwadratenontleding \
                     over alle {n} met de logistische correctie, berekend op een willekeurige \
                     deelsteekproef van {rows}; het model zelf gebruikt iedereen.",
    methods_logistic_bootstrap: "In de bootstrap wordt het logistische model op elke \
                                 hersteekproef opnieuw geschat; dat geeft de odds ratio's, de \
                                 pseudo-R\u{b2} en de richting van elke impact. Het belang komt \
                                 daar uit een kleinstekwadratenmodel van hetzelfde ja/nee-antwoord, \
                                 herschaald naar de pseudo-R\u{b2} van de hersteekproef en \
                                 verankerd aan de waarden hierboven: de volledige \
                                 pseudo-R\u{b2}-ontleding op elke hersteekproef zou telkens \
                                 duizenden modelschattingen vragen.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill("{a} and {b}, {a}", &[("a", "x"), ("b", "y")]),
            "x and y, x"
        );
    }

    #[test]
    fn advice_goals_fit_the_kpi() {
        let a = crate::fixture::fixture();
        let en = texts(Lang::En);
        assert_eq!(en.goal(&a.kpis[0]), "loyalty (likelihood to recommend)");
        assert_eq!(en.goal(&a.kpis[1]), "lower customer effort");
        assert_eq!(
            en.goal(&a.kpis[2]),
            "the share who say yes to still a customer next year"
        );
        assert_eq!(
            texts(Lang::Nl).goal(&a.kpis[1]),
            "een lagere customer effort"
        );
        assert_eq!(mid_sentence("NPS"), "NPS");
        assert_eq!(mid_sentence("X"), "X");
        // Every quadrant's meaning names the goal; the economize advice is
        // a question to check, not a cost cut.
        for t in [en, texts(Lang::Nl)] {
            for q in Quadrant::ALL {
                assert!(t.quadrant(q).meaning.contains("{goal}"), "{q:?}");
            }
            assert!(t.quadrant(Quadrant::Economize).advice.contains('?'));
            assert!(t.quadrant(Quadrant::Economize).short.contains('?'));
        }
    }

    #[test]
    fn dutch_uses_cx_vocabulary() {
        let nl = texts(Lang::Nl);
        assert_eq!(
            nl.quadrant(Quadrant::Amplify).name,
            "Koesteren en uitbouwen"
        );
        assert_eq!(nl.quadrant(Quadrant::Improve).name, "Verbeteren");
        assert_eq!(
            nl.quadrant(Quadrant::Prevent).name,
            "Voorkomen of herontwerpen"
        );
        assert!(nl.quadrant(Quadrant::Economize).short.contains("te goed"));
        assert!(nl.th_touchpoint.contains("Contactmoment"));
        assert_eq!(
            texts(Lang::En).quadrant(Quadrant::Economize).name,
            "Economize"
        );
    }
}

/// An exclusion reason in the report's language. Data outputs keep the
/// reasons in English (scripts rely on them); the report translates the
/// reasons the tool itself gives and leaves anything else as it is.
pub fn exclusion_reason(lang: Lang, reason: &str) -> String {
    if lang == Lang::En {
        return reason.to_string();
    }
    let known = match reason {
        "missing or invalid weight" => Some("gewicht ontbreekt of is ongeldig"),
        "weight is zero" => Some("gewicht is nul"),
        "empty row" => Some("lege rij"),
        "duplicate of an earlier row" => Some("kopie van een eerdere rij"),
        "speeder" => Some("te snel ingevuld (speeder)"),
        "straight-liner" => Some("overal hetzelfde antwoord (straight-liner)"),
        "no answer to any KPI question" => Some("geen antwoord op een KPI-vraag"),
        _ => None,
    };
    match (known, reason.strip_prefix("no answer to ")) {
        (Some(text), _) => text.to_string(),
        (None, Some(question)) => format!("geen antwoord op {question}"),
        (None, None) => reason.to_string(),
    }
}

/// The label of a warning kind (`out_of_scale`, ...) in `lang`; unknown
/// kinds read as their words.
pub fn warning_kind(lang: Lang, kind: &str) -> String {
    let nl = match kind {
        "out_of_scale" => "buiten de schaal",
        "unrecognised_value" => "onbekende waarde",
        "scale_assumed" => "schaal aangenomen",
        "small_base" => "kleine basis",
        "invalid_weight" => "ongeldig gewicht",
        "missing_id" => "id ontbreekt",
        "duplicate_row" => "dubbele rij",
        "straight_liner" => "overal hetzelfde antwoord",
        "speeder" => "te snel ingevuld",
        "no_durations" => "geen invultijden",
        "encoding_assumed" => "tekenset aangenomen",
        "file_damaged" => "bestand beschadigd",
        "ragged_row" => "rij met afwijkend aantal velden",
        "kpi_not_modelled" => "KPI niet gemodelleerd",
        "separation" => "volledige scheiding",
        "bootstrap_failed" => "bootstrap mislukt",
        _ => "",
    };
    if lang == Lang::Nl && !nl.is_empty() {
        nl.to_string()
    } else {
        kind.replace('_', " ")
    }
}

/// A warning's sentence in `lang`: the English `message`, or for Dutch the
/// wording named by the `id` in `args`, filled (by [`fill`]) with the args
/// it names. A wording that is unknown or misses an arg falls back to
/// English.
pub fn warning_message(lang: Lang, message: &str, args: &[(String, String)]) -> String {
    if lang == Lang::En {
        return message.to_string();
    }
    let arg = |name: &str| {
        args.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (template, needs): (&str, &[&str]) = match arg("id") {
        Some("weight_missing") => ("gewicht ontbreekt; respondent weggelaten", &[]),
        Some("weight_invalid") => (
            "gewicht \"{raw}\" is geen geldig gewicht (een getal van nul of meer); respondent \
             weggelaten",
            &["raw"],
        ),
        Some("id_blank") => ("respondent-id is leeg; \"rij {row}\" gebruikt", &["row"]),
        Some("small_base") => (
            "slechts {n} respondenten maakten dit contactmoment mee (minder dan {min}); lees de \
             resultaten met zorg",
            &["n", "min"],
        ),
        Some("duplicate_row") => (
            "id \"{respondent}\" herhaalt rij {first} met dezelfde antwoorden; de kopie is \
             weggelaten",
            &["respondent", "first"],
        ),
        Some("straight_liner") => (
            "gaf alle {count} beoordeelde contactmomenten dezelfde score ({score}); mogelijk zijn \
             de vragen niet gelezen",
            &["count", "score"],
        ),
        Some("no_durations") => (
            "geen leesbare invultijden (seconden of u:mm:ss); de controle op te snel invullen is \
             overgeslagen",
            &[],
        ),
        Some("speeder") => (
            "deed er {took} over waar de mediaan {median} is: minder dan {percent}% van de \
             mediaan; mogelijk zijn de vragen niet gelezen",
            &["took", "median", "percent"],
        ),
        Some("out_of_scale") => (
            "waarde \"{raw}\" valt buiten de schaal {low}-{high}; telt als geen antwoord",
            &["raw", "low", "high"],
        ),
        Some("not_a_number") => (
            "waarde \"{raw}\" is geen getal; telt als geen antwoord (koppel tekstantwoorden aan \
             getallen met values = { \"{raw}\" = ... })",
            &["raw"],
        ),
        Some("not_yes_no") => (
            "antwoord \"{raw}\" is geen herkend ja/nee-antwoord; telt als geen antwoord",
            &["raw"],
        ),
        _ => return message.to_string(),
    };
    let values: Option<Vec<(&str, &str)>> = needs
        .iter()
        .map(|&name| arg(name).map(|v| (name, v)))
        .collect();
    match values {
        Some(values) => fill(template, &values),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod exclusion_reason_tests {
    use super::*;

    #[test]
    fn warning_messages_are_filled_in_dutch() {
        let args = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let scale = args(&[
            ("id", "out_of_scale"),
            ("raw", "12"),
            ("low", "1"),
            ("high", "10"),
        ]);
        let english = "value \"12\" is outside the scale 1-10; treated as no answer";
        assert_eq!(warning_message(Lang::En, english, &scale), english);
        assert_eq!(
            warning_message(Lang::Nl, english, &scale),
            "waarde \"12\" valt buiten de schaal 1-10; telt als geen antwoord"
        );
        // Braces that are not placeholders stay.
        let text = args(&[("id", "not_a_number"), ("raw", "n.v.t")]);
        assert_eq!(
            warning_message(Lang::Nl, "x", &text),
            "waarde \"n.v.t\" is geen getal; telt als geen antwoord (koppel tekstantwoorden aan \
             getallen met values = { \"n.v.t\" = ... })"
        );
        // Unknown wordings and missing args fall back to English.
        assert_eq!(warning_message(Lang::Nl, "as is", &[]), "as is");
        let partial = args(&[("id", "out_of_scale"), ("raw", "12")]);
        assert_eq!(warning_message(Lang::Nl, "as is", &partial), "as is");
    }

    #[test]
    fn warning_kinds_are_translated_for_dutch_only() {
        assert_eq!(warning_kind(Lang::En, "out_of_scale"), "out of scale");
        assert_eq!(warning_kind(Lang::Nl, "out_of_scale"), "buiten de schaal");
        assert_eq!(warning_kind(Lang::Nl, "something_new"), "something new");
    }

    #[test]
    fn reasons_are_translated_for_dutch_only() {
        assert_eq!(
            exclusion_reason(Lang::En, "weight is zero"),
            "weight is zero"
        );
        assert_eq!(
            exclusion_reason(Lang::Nl, "weight is zero"),
            "gewicht is nul"
        );
        assert_eq!(
            exclusion_reason(Lang::Nl, "no answer to Likelihood to recommend"),
            "geen antwoord op Likelihood to recommend"
        );
        assert_eq!(exclusion_reason(Lang::Nl, "something new"), "something new");
    }
}
