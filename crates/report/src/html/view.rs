//! The view model: everything the template shows, as already formatted
//! strings (and a few flags), so that the template only arranges them.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub(super) struct View {
    pub(super) title: String,
    /// The printed pages' footer text (the title and the report kind) as
    /// the body of a CSS string, every character but letters, digits and
    /// spaces escaped, so no title can end the string or the style block.
    pub(super) print_footer: String,
    pub(super) source: String,
    pub(super) headline: Option<HeadlineView>,
    pub(super) priorities: PrioritiesView,
    /// The matrix the actions follow, on the first screen.
    pub(super) lead_matrix: Option<LeadMatrixView>,
    pub(super) key_figures: Vec<KeyFigure>,
    pub(super) nps: Vec<NpsView>,
    pub(super) kpis: Vec<KpiView>,
    /// Every touchpoint against every KPI, after the KPI sections.
    pub(super) journey_chart: JourneyChartView,
    pub(super) segments: Vec<SegmentView>,
    pub(super) quality: QualityView,
    pub(super) methods_settings: String,
    /// Methods paragraph on logistic models; empty when no KPI has one.
    pub(super) methods_logistic: Vec<String>,
    /// Methods paragraphs on the bootstrap; empty when it did not run.
    pub(super) methods_bootstrap: Vec<String>,
    pub(super) journey: Vec<PhaseView>,
}

#[derive(Debug, Serialize)]
pub(super) struct KeyFigure {
    pub(super) label: String,
    pub(super) value: String,
}

/// The lead KPI's level: "NPS +12" with its interval and base.
#[derive(Debug, Serialize)]
pub(super) struct HeadlineView {
    pub(super) value: String,
    pub(super) label: String,
    pub(super) detail: String,
}

#[derive(Debug, Serialize)]
pub(super) struct PrioritiesView {
    pub(super) intro: String,
    /// Sentences on how the list was made (ranked on another KPI, no
    /// bootstrap, touchpoints left out).
    pub(super) notes: Vec<String>,
    /// The first certain actions; empty with `empty` saying why.
    pub(super) top: Vec<ActionView>,
    pub(super) empty: String,
    /// Flagged actions, shown apart.
    pub(super) apart: Vec<ActionView>,
    pub(super) apart_more: String,
}

#[derive(Debug, Serialize)]
pub(super) struct ActionView {
    pub(super) rank: String,
    pub(super) quadrant: &'static str,
    pub(super) verb: &'static str,
    /// Economize actions: the question to check first.
    pub(super) question: String,
    /// "One point more satisfaction with X: +0.12 on Y (95%: ...)".
    pub(super) sentence: String,
    /// The same action's gains on the other KPIs.
    pub(super) also: String,
    /// Why a flagged action is shown apart.
    pub(super) flags: String,
    pub(super) note: String,
}

#[derive(Debug, Serialize)]
pub(super) struct LeadMatrixView {
    pub(super) anchor: String,
    pub(super) heading: String,
    pub(super) svg: String,
    pub(super) how_to_read: String,
}

/// The journey heatmap's section.
#[derive(Debug, Serialize)]
pub(super) struct JourneyChartView {
    pub(super) heading: String,
    pub(super) intro: String,
    pub(super) svg: String,
}

#[derive(Debug, Serialize)]
pub(super) struct NpsView {
    pub(super) label: String,
    pub(super) score: String,
    pub(super) n: String,
    /// Formatted shares, and plain CSS widths (always `.` decimals).
    pub(super) promoters: String,
    pub(super) passives: String,
    pub(super) detractors: String,
    pub(super) promoters_w: String,
    pub(super) passives_w: String,
    pub(super) detractors_w: String,
}

#[derive(Debug, Serialize)]
pub(super) struct KpiView {
    pub(super) anchor: String,
    pub(super) heading: String,
    pub(super) meta: String,
    pub(super) reversed: bool,
    pub(super) svg: String,
    pub(super) how_to_read: String,
    /// Why this KPI's importances are not sound; empty when they are.
    pub(super) caveat: String,
    pub(super) gain_unit: String,
    pub(super) rows: Vec<RowView>,
    pub(super) table_note: String,
    pub(super) has_small_base: bool,
    pub(super) small_base_note: String,
    pub(super) quadrants: Vec<QuadrantView>,
    /// Column headers of the effects: odds ratios for logistic KPIs.
    pub(super) th_incidence: &'static str,
    pub(super) th_quality: &'static str,
    /// Bootstrap columns and note are shown.
    pub(super) has_uncertainty: bool,
    pub(super) uncertainty_note: String,
    /// What moved since the previous wave (`--compare`).
    pub(super) moves: Option<super::moves::MovesView>,
    /// The customer groups' matrices and differences.
    pub(super) groups: Option<super::segment_groups::GroupsView>,
}

#[derive(Debug, Serialize)]
pub(super) struct RowView {
    pub(super) label: String,
    pub(super) name: String,
    pub(super) n: String,
    pub(super) frequency: String,
    pub(super) mean: String,
    pub(super) top_box: String,
    pub(super) incidence: String,
    pub(super) quality: String,
    pub(super) impact: String,
    /// What-ifs as shown (a reversed KPI in its own direction), each with
    /// its interval and, for an NPS question, NPS points.
    pub(super) gain_more: String,
    pub(super) gain_more_ci: String,
    pub(super) gain_more_nps: String,
    pub(super) gain_more_nps_ci: String,
    pub(super) gain_prevent: String,
    pub(super) gain_prevent_ci: String,
    pub(super) gain_prevent_nps: String,
    pub(super) gain_prevent_nps_ci: String,
    pub(super) not_controllable: bool,
    pub(super) note: String,
    pub(super) quadrant: String,
    pub(super) quadrant_id: &'static str,
    pub(super) small_base: bool,
    /// Bootstrap interval of the mean, "7.1–7.4" (empty without one).
    pub(super) mean_ci: String,
    /// Bootstrap interval of the impact as plotted, in %.
    pub(super) impact_ci: String,
    /// Share of bootstrap replicates in the same quadrant.
    pub(super) quadrant_probability: String,
    /// The impact interval contains zero.
    pub(super) uncertain: bool,
    /// The importance does not clear the noise benchmark.
    pub(super) not_above_noise: bool,
}

#[derive(Debug, Serialize)]
pub(super) struct QuadrantView {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) meaning: String,
    pub(super) advice: &'static str,
    pub(super) touchpoints: Vec<String>,
    /// Touchpoints marked not controllable: listed for information, with
    /// no advice.
    pub(super) not_controllable: String,
}

#[derive(Debug, Serialize)]
pub(super) struct SegmentView {
    pub(super) column: String,
    pub(super) headers: Vec<String>,
    pub(super) rows: Vec<SegmentRow>,
}

#[derive(Debug, Serialize)]
pub(super) struct SegmentRow {
    pub(super) group: String,
    pub(super) n: String,
    pub(super) values: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct QualityView {
    pub(super) rows_read: String,
    pub(super) rows_analysed: String,
    pub(super) excluded: Vec<ExclusionView>,
    pub(super) kpi_excluded: Vec<KpiExclusions>,
    pub(super) warnings: Vec<WarningGroup>,
    pub(super) dropped: Vec<DroppedView>,
}

#[derive(Debug, Serialize)]
pub(super) struct ExclusionView {
    pub(super) reason: String,
    pub(super) count: String,
    pub(super) rows: String,
}

#[derive(Debug, Serialize)]
pub(super) struct KpiExclusions {
    pub(super) heading: String,
    pub(super) excluded: Vec<ExclusionView>,
}

#[derive(Debug, Serialize)]
pub(super) struct WarningGroup {
    pub(super) kind: String,
    pub(super) count: String,
    pub(super) examples: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct DroppedView {
    pub(super) kpi: String,
    pub(super) touchpoint: String,
    pub(super) term: &'static str,
    pub(super) reason: String,
}

#[derive(Debug, Serialize)]
pub(super) struct PhaseView {
    pub(super) phase: String,
    pub(super) touchpoints: Vec<String>,
}
