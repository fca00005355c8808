//! The shape of a language's texts: every field a translator fills, and
//! how `{name}` placeholders in them are filled.

use serde::Serialize;

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
    /// Title of the key to the numbered markers of labels that had no spot.
    pub marker_key: &'static str,
    /// Note under a matrix with a broken axis: `{axis}`, `{from}`, `{to}`.
    pub axis_break_note: &'static str,
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
    pub methods_paragraphs: [&'static str; 12],
    pub methods_settings: &'static str,
    /// Methods paragraphs on the bootstrap, shown when it ran.
    pub methods_bootstrap: [&'static str; 3],
    /// Filled into `{unit}` of the first paragraph for a block bootstrap.
    pub bootstrap_blocks: &'static str,
    pub journey: &'static str,
    pub journey_intro: &'static str,
    /// Under a matrix with the previous wave's positions.
    pub moves_note: &'static str,
    // Customer groups.
    /// `{n}`, `{min}`.
    pub segment_too_small: &'static str,
    pub segment_blank: &'static str,
    /// `{error}`.
    pub segment_failed: &'static str,
    pub segment_not_modelled: &'static str,
    pub groups_heading: &'static str,
    /// `{kpi}`, `{min}`.
    pub groups_intro: &'static str,
    /// Heading of one small multiple: `{column}`, `{value}`, `{n}`.
    pub group_title: &'static str,
    pub differs_heading: &'static str,
    pub differs_none: &'static str,
    pub th_group_col: &'static str,
    pub th_impact_group: &'static str,
    pub th_impact_whole: &'static str,
    pub th_quality_group: &'static str,
    pub th_p_adjusted: &'static str,
    pub groups_skipped: &'static str,
    pub groups_method: &'static str,
    // What moved since the previous wave.
    pub moves_heading: &'static str,
    /// `{file}`, `{n}`: the previous wave.
    pub moves_intro: &'static str,
    /// `{then}`, `{change}`, `{ci}`.
    pub moves_nps: &'static str,
    pub th_sat_change: &'static str,
    pub th_freq_change: &'static str,
    pub th_impact_change: &'static str,
    pub th_quadrants: &'static str,
    pub th_verdict: &'static str,
    pub moved_changed: &'static str,
    pub moved_chance: &'static str,
    pub moves_only_current: &'static str,
    pub moves_only_previous: &'static str,
    pub moves_method: &'static str,
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
    /// The `{se}` of [`Texts::sampled_note`] when it rounds to 0.0000.
    pub below_se: &'static str,
    pub separation_note: &'static str,
    pub methods_logistic: &'static str,
    /// Note on a logistic decomposition computed on a subsample.
    pub subsample_note: &'static str,
    /// The same, for a model itself fitted on a subsample (`{n}` its
    /// respondents).
    pub subsample_note_of_sample: &'static str,
    /// Appended to the line under a KPI's heading when its model was
    /// fitted on a random `{n}` of the `{of}` who answered it.
    pub kpi_meta_subsample: &'static str,
    /// Note on a logistic model fitted on a random `{n}` of the `{of}`
    /// who answered the KPI (`{seed}` the draw's seed; `{wider}` how many
    /// times as wide its intervals are, the square root of `of / n`).
    pub model_subsample_note: &'static str,
    /// The rule for logistic models of large surveys (`{cap}` respondents)
    /// and its consequence, shown when a model was fitted on a subsample.
    pub methods_logistic_subsample: &'static str,
    /// How logistic models are bootstrapped, shown when both occur.
    pub methods_logistic_bootstrap: &'static str,
}

/// Replaces each `{key}` in `template` by its value.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}
