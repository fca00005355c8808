//! The words of `report.xlsx` that the HTML report does not already have
//! (sheet names and column headers), in English and Dutch. Headers the
//! report's tables share (touchpoint, frequency, quadrant, ...) come from
//! [`Texts`](super::Texts), so the workbook and the page say the same.

/// Every workbook-only text of one language.
#[derive(Debug)]
pub struct WorkbookTexts {
    // Sheet names: at most 31 characters, none of `[]:*?/\`.
    pub sheet_summary: &'static str,
    pub sheet_segments: &'static str,
    pub sheet_segment_models: &'static str,
    pub sheet_comparison: &'static str,
    pub sheet_excluded: &'static str,
    pub sheet_warnings: &'static str,

    // Summary.
    pub survey_file: &'static str,
    pub headline: &'static str,
    pub first_action: &'static str,
    pub previous_wave: &'static str,
    pub kpis_heading: &'static str,
    pub changes_heading: &'static str,

    /// An interval bound of the column before: `{h}`.
    pub ci_low: &'static str,
    pub ci_high: &'static str,
    pub kpi: &'static str,
    pub column: &'static str,
    pub kind: &'static str,
    pub n: &'static str,
    pub r2: &'static str,
    pub adj_r2: &'static str,
    /// The KPI's level as asked: mean, or share who say yes.
    pub level: &'static str,
    pub nps: &'static str,

    // Actions.
    pub rank: &'static str,
    pub certain: &'static str,
    pub action: &'static str,
    pub what_if: &'static str,
    pub what_if_more: &'static str,
    pub what_if_prevent: &'static str,
    pub what_if_less: &'static str,
    pub gain: &'static str,
    pub unit: &'static str,
    pub unit_points: &'static str,
    pub unit_pp: &'static str,
    pub gain_nps: &'static str,
    pub flags: &'static str,
    pub note: &'static str,

    // A KPI's touchpoints.
    pub phase: &'static str,
    pub sd: &'static str,
    pub importance: &'static str,
    pub impact: &'static str,
    pub quadrant_probability: &'static str,
    /// A what-if gain in `{unit}`.
    pub gain_more: &'static str,
    pub gain_prevent: &'static str,
    pub gain_more_nps: &'static str,
    pub gain_prevent_nps: &'static str,
    pub priority_rank: &'static str,
    pub small_base: &'static str,
    pub controllable: &'static str,

    // Segments.
    pub segment: &'static str,
    pub group: &'static str,
    pub own_analysis: &'static str,
    pub no_segments: &'static str,
    pub differs: &'static str,
    pub p_adjusted: &'static str,

    // Comparison.
    pub n_then: &'static str,
    pub nps_then: &'static str,
    pub nps_change: &'static str,
    pub mean_change: &'static str,
    pub sat_change: &'static str,
    pub freq_change: &'static str,
    pub impact_change: &'static str,
    pub quadrant_then: &'static str,
    pub quadrant_now: &'static str,
    pub moved: &'static str,
    pub changed: &'static str,

    // Excluded rows and warnings.
    pub row: &'static str,
    pub id: &'static str,
    pub reason: &'static str,
    pub file: &'static str,
    pub message: &'static str,
}

static EN: WorkbookTexts = WorkbookTexts {
    sheet_summary: "Summary",
    sheet_segments: "Segments",
    sheet_segment_models: "Segment models",
    sheet_comparison: "Comparison",
    sheet_excluded: "Excluded rows",
    sheet_warnings: "Warnings",

    survey_file: "Survey file",
    headline: "Headline",
    first_action: "First action",
    previous_wave: "Previous wave",
    kpis_heading: "KPIs",
    changes_heading: "Change since the previous wave",

    ci_low: "{h}, 95% low",
    ci_high: "{h}, 95% high",
    kpi: "KPI",
    column: "Column",
    kind: "Kind",
    n: "n",
    r2: "R\u{b2}",
    adj_r2: "Adjusted R\u{b2}",
    level: "Level (mean, or share yes)",
    nps: "NPS",

    rank: "Rank",
    certain: "Certain",
    action: "Action",
    what_if: "What-if",
    what_if_more: "one point more satisfaction",
    what_if_prevent: "one in ten fewer experience it",
    what_if_less: "one point less satisfaction",
    gain: "Gain",
    unit: "Unit",
    unit_points: "KPI points",
    unit_pp: "percentage points",
    gain_nps: "Gain in NPS points",
    flags: "Why not certain",
    note: "Note",

    phase: "Phase",
    sd: "Satisfaction SD",
    importance: "Importance (share of R\u{b2})",
    impact: "Impact (signed share of what explains the KPI)",
    quadrant_probability: "Quadrant certainty",
    gain_more: "Gain: one point more ({unit})",
    gain_prevent: "Gain: one in ten fewer ({unit})",
    gain_more_nps: "Gain: one point more (NPS points)",
    gain_prevent_nps: "Gain: one in ten fewer (NPS points)",
    priority_rank: "Priority rank",
    small_base: "Small base",
    controllable: "Controllable",

    segment: "Segment",
    group: "Group",
    own_analysis: "Own analysis",
    no_segments: "The config names no segment columns.",
    differs: "Acts differently from the rest",
    p_adjusted: "p (adjusted)",

    n_then: "n then",
    nps_then: "NPS then",
    nps_change: "NPS change",
    mean_change: "Mean change",
    sat_change: "Satisfaction change (points)",
    freq_change: "Experienced by (change)",
    impact_change: "Impact change",
    quadrant_then: "Quadrant then",
    quadrant_now: "Quadrant now",
    moved: "Moved quadrant",
    changed: "Changed beyond chance",

    row: "Row",
    id: "Id",
    reason: "Reason",
    file: "File",
    message: "Message",
};

static NL: WorkbookTexts = WorkbookTexts {
    sheet_summary: "Samenvatting",
    sheet_segments: "Segmenten",
    sheet_segment_models: "Segmentmodellen",
    sheet_comparison: "Vergelijking",
    sheet_excluded: "Uitgesloten rijen",
    sheet_warnings: "Waarschuwingen",

    survey_file: "Onderzoeksbestand",
    headline: "Kerncijfer",
    first_action: "Eerste actie",
    previous_wave: "Vorige meting",
    kpis_heading: "KPI's",
    changes_heading: "Verandering sinds de vorige meting",

    ci_low: "{h}, 95%-ondergrens",
    ci_high: "{h}, 95%-bovengrens",
    kpi: "KPI",
    column: "Kolom",
    kind: "Soort",
    n: "n",
    r2: "R\u{b2}",
    adj_r2: "Gecorrigeerde R\u{b2}",
    level: "Niveau (gemiddelde, of aandeel ja)",
    nps: "NPS",

    rank: "Rang",
    certain: "Zeker",
    action: "Actie",
    what_if: "Wat-als",
    what_if_more: "een punt meer tevredenheid",
    what_if_prevent: "een op tien minder maakt het mee",
    what_if_less: "een punt minder tevredenheid",
    gain: "Winst",
    unit: "Eenheid",
    unit_points: "KPI-punten",
    unit_pp: "procentpunten",
    gain_nps: "Winst in NPS-punten",
    flags: "Waarom niet zeker",
    note: "Notitie",

    phase: "Fase",
    sd: "Standaardafwijking tevredenheid",
    importance: "Belang (aandeel van R\u{b2})",
    impact: "Impact (aandeel in wat de KPI verklaart, met teken)",
    quadrant_probability: "Zekerheid kwadrant",
    gain_more: "Winst: een punt meer ({unit})",
    gain_prevent: "Winst: een op tien minder ({unit})",
    gain_more_nps: "Winst: een punt meer (NPS-punten)",
    gain_prevent_nps: "Winst: een op tien minder (NPS-punten)",
    priority_rank: "Prioriteit",
    small_base: "Kleine basis",
    controllable: "Beïnvloedbaar",

    segment: "Segment",
    group: "Groep",
    own_analysis: "Eigen analyse",
    no_segments: "De configuratie noemt geen segmentkolommen.",
    differs: "Werkt anders dan de rest",
    p_adjusted: "p (gecorrigeerd)",

    n_then: "n toen",
    nps_then: "NPS toen",
    nps_change: "Verandering NPS",
    mean_change: "Verandering gemiddelde",
    sat_change: "Verandering tevredenheid (punten)",
    freq_change: "Meegemaakt door (verandering)",
    impact_change: "Verandering impact",
    quadrant_then: "Kwadrant toen",
    quadrant_now: "Kwadrant nu",
    moved: "Ander kwadrant",
    changed: "Veranderd buiten toeval",

    row: "Rij",
    id: "Id",
    reason: "Reden",
    file: "Bestand",
    message: "Melding",
};

/// The workbook texts of a language.
pub fn workbook_texts(lang: crate::lang::Lang) -> &'static WorkbookTexts {
    match lang {
        crate::lang::Lang::En => &EN,
        crate::lang::Lang::Nl => &NL,
    }
}
