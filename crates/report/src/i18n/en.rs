//! The English texts.

use super::texts::{QuadrantTexts, Texts};

pub(super) static EN_Q: [QuadrantTexts; 4] = [
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

pub(super) static EN: Texts = Texts {
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
    marker_key: "Numbered bubbles:",
    axis_break_note: "The {axis} axis is broken: it leaves out {from} to {to}, \
                      where no touchpoint lies.",
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
        "A model is fitted only when the data carry its terms: at least 5 respondents per \
         term, and for a yes/no KPI at least 10 respondents with the rarer answer per term \
         (the usual rule of ten events per variable). Below that the effects and \
         importances mostly describe chance (with 120 terms and 300 respondents, pure noise \
         would already explain 40% of the variance), so such a KPI is not modelled at all \
         rather than with a few touchpoints picked out: the warnings say how many \
         touchpoints its data carry. Merging related touchpoints, dropping rare ones or \
         collecting more answers brings it within reach.",
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
         count as high satisfaction or positive impact. A label always stays in its \
         bubble's quadrant; one that finds no free spot there becomes a number on the \
         bubble, named in a key beside the chart. When at most two moments lie farther \
         beyond the others than the others' whole range (at least 20 points of impact, or \
         a ninth of the satisfaction scale), the axis leaves out the empty stretch between \
         them: two pieces at the same scale with a break mark, each with its own tick \
         labels, so every position still reads its true value; a note under the chart \
         says what was left out. An interval that runs past the edge (or the break) ends \
         there in an arrowhead.",
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
    moves_note: "Arrows: change since the previous wave (from the dot to the bubble); dark beyond chance, faint within it.",
    segment_too_small: "only {n} analysed respondents (minimum {min})",
    segment_blank: "no answer to the segment question",
    segment_failed: "could not be analysed: {error}",
    segment_not_modelled: "no KPI could be modelled: {reasons}",
    groups_heading: "Customer groups",
    groups_intro: "The matrix of {kpi} per customer group with at least {min} analysed respondents, on the same axes and against the whole sample's quadrant lines.",
    group_title: "{column}: {value} (n = {n})",
    differs_heading: "What differs between groups",
    differs_none: "No touchpoint acts differently in any group than in the rest of the sample (at the 5% level, Holm-adjusted).",
    th_group_col: "Group",
    th_impact_group: "Impact in the group (%)",
    th_impact_whole: "Impact overall (%)",
    th_quality_group: "Effect of one point more, in the group",
    th_p_adjusted: "p (adjusted)",
    groups_skipped: "Without a matrix of their own: {list}.",
    groups_method: "A touchpoint differs in a group when the model of the whole sample with every touchpoint's terms also multiplied by membership of the group fits clearly better with that touchpoint's products than without them (an F-test; p-values adjusted with Holm's method over every group of the segment and every touchpoint, so a touchpoint that acts alike everywhere is flagged in at most 5% of surveys). A weighted survey counts its effective number of respondents. For yes/no KPIs the test is an approximation (least squares). A group's own matrix has no intervals; the test says whether a difference is beyond chance.",
    moves_heading: "What moved since the previous wave",
    moves_intro: "Compared with the previous wave ({file}, n = {n}).",
    moves_nps: "The NPS was {then} then and changed by {change} ({ci}).",
    th_sat_change: "Satisfaction change (points)",
    th_freq_change: "Experienced by (change, % points)",
    th_impact_change: "Impact change (% points)",
    th_quadrants: "Quadrant then \u{2192} now",
    th_verdict: "Change",
    moved_changed: "beyond chance",
    moved_chance: "within chance",
    moves_only_current: "New in this wave, not compared: {list}.",
    moves_only_previous: "In the previous wave only: {list}.",
    moves_method: "Both waves are bootstrapped independently; each interval holds 95% of the paired replicate differences. A change counts as beyond chance when its satisfaction or frequency change is more than 2.24 bootstrap standard errors from zero (5% split over the two measures), so a moment that did not change is flagged in at most one wave in twenty. The previous positions are placed against this wave's quadrant lines.",
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
    below_se: "below {se}",
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
    subsample_note_of_sample: "Its importances combine a least-squares decomposition over \
                               those {n} customers with the logistic correction computed on a \
                               random {rows} of them.",
    kpi_meta_subsample: "model fitted on a random {n} of the {of} who answered (see the note \
                         under the table)",
    model_subsample_note: "{of} customers answered this question; the model was fitted on a \
                           random {n} of them (seed {seed}), which keeps the analysis of so \
                           large a survey fast and its memory bounded. Its effects, \
                           importances and intervals come from those {n} customers, so the \
                           intervals are about {wider} times as wide as a fit on all {of} \
                           would give. Satisfaction, reach and the other KPIs use every \
                           respondent.",
    methods_logistic_subsample: "A yes/no KPI answered by more than {cap} customers is fitted \
                                 on a simple random subsample of {cap} of them, drawn with the \
                                 bootstrap's seed (a rerun draws the same customers), and \
                                 bootstrapped by resampling that subsample; its table says how \
                                 many answered. Satisfaction, reach and the other KPIs use \
                                 every respondent. The consequence: that model's intervals \
                                 reflect {cap} customers, so they are wider than a fit on \
                                 everyone would give, by about the square root of how many \
                                 times more customers answered (about 3 times as wide for \
                                 1,000,000).",
    methods_logistic_bootstrap: "In the bootstrap each resample refits the logistic model, \
                                 which gives its odds ratios, pseudo-R\u{b2} and the direction \
                                 of each impact. Its importances are those of a least-squares \
                                 model of the same yes/no answer, rescaled to the resample's \
                                 pseudo-R\u{b2} and anchored at the values above: repeating the \
                                 full pseudo-R\u{b2} decomposition on every resample would take \
                                 thousands of model fits each.",
};
