//! The words of the slide charts beside the matrix (the importance bar
//! chart and the journey heatmap) and of the report's journey section, in
//! English and Dutch. Texts the matrix already has (its title, the
//! interval and small-base keys, the caution) come from
//! [`Texts`](super::Texts), so the charts and the matrix say the same.

use crate::lang::Lang;

/// Every chart-only text of one language.
#[derive(Debug)]
pub struct ChartTexts {
    // The importance bar chart.
    /// Under the title: `{kpi}`.
    pub importance_subtitle: &'static str,
    /// Under the bars: `{kpi}`.
    pub importance_axis: &'static str,
    /// Added to the subtitle of a reversed KPI.
    pub importance_reversed: &'static str,
    pub quadrant_legend: &'static str,
    /// A dashed whisker over a pale bar.
    pub uncertain_bar_key: &'static str,
    /// An arrowhead where a whisker leaves the chart.
    pub clipped_key: &'static str,

    // The journey heatmap.
    /// The chart's title: `{survey}`.
    pub journey_title: &'static str,
    pub journey_subtitle: &'static str,
    /// Added to the subtitle when a KPI is reversed.
    pub journey_reversed: &'static str,
    /// Under a KPI's name in its column head: `{n}`, `{r2}`.
    pub column_meta: &'static str,
    pub key_title: &'static str,
    pub key_helps: &'static str,
    pub key_hurts: &'static str,
    pub hatched_key: &'static str,
    pub missing_key: &'static str,
    /// The heading of touchpoints without a phase.
    pub no_phase: &'static str,
    /// Under the heatmap: `{list}` of KPIs with caveats.
    pub caveat_kpis: &'static str,

    // The report's journey section.
    pub journey_heading: &'static str,
    pub journey_intro: &'static str,
}

const EN: ChartTexts = ChartTexts {
    importance_subtitle: "Each moment's share of what explains {kpi}, with its sign, from most \
                          positive to most negative. Bar colour: its quadrant in the impact \
                          matrix.",
    importance_axis: "Impact on {kpi}: share of what explains it (%); right of zero it helps, \
                      left of it hurts",
    importance_reversed: "Low answers are good on this KPI: it was reversed, so right of zero \
                          is always good.",
    quadrant_legend: "Quadrant in the matrix:",
    uncertain_bar_key: "dashed line, pale bar: direction uncertain (interval includes zero)",
    clipped_key: "arrow: the interval runs on beyond the chart",

    journey_title: "Impact along the customer journey \u{2014} {survey}",
    journey_subtitle: "Each moment's share of what explains each KPI, with its sign (%). Blue \
                       helps, orange hurts. Moments in journey order, by phase.",
    journey_reversed: "Where low answers are good, the KPI was reversed: blue still helps.",
    column_meta: "n = {n} \u{b7} R\u{b2} = {r2}",
    key_title: "Impact (%)",
    key_helps: "helps",
    key_hurts: "hurts",
    hatched_key: "hatched: direction uncertain (interval includes zero)",
    missing_key: "not in the model, or nobody experienced it",
    no_phase: "Other moments",
    caveat_kpis: "Caution: the importances of {list} are not sound; see the report.",

    journey_heading: "Impact along the customer journey",
    journey_intro: "Every moment against every KPI at once. Read across a row to see whether \
                    a moment helps one KPI and hurts another; read down a column to see \
                    where in the journey a KPI is won or lost.",
};

const NL: ChartTexts = ChartTexts {
    importance_subtitle: "Het aandeel van elk moment in wat {kpi} verklaart, met teken, van \
                          meest positief naar meest negatief. Kleur van de balk: het kwadrant \
                          in de impactmatrix.",
    importance_axis: "Impact op {kpi}: aandeel in wat het verklaart (%); rechts van nul helpt \
                      het, links ervan schaadt het",
    importance_reversed: "Lage antwoorden zijn goed op deze KPI: hij is omgekeerd, dus rechts \
                          van nul is altijd goed.",
    quadrant_legend: "Kwadrant in de matrix:",
    uncertain_bar_key: "gestippelde lijn, bleke balk: richting onzeker (interval bevat nul)",
    clipped_key: "pijl: het interval loopt door buiten de grafiek",

    journey_title: "Impact langs de klantreis \u{2014} {survey}",
    journey_subtitle: "Het aandeel van elk moment in wat elke KPI verklaart, met teken (%). \
                       Blauw helpt, oranje schaadt. Momenten in de volgorde van de \
                       klantreis, per fase.",
    journey_reversed: "Waar lage antwoorden goed zijn, is de KPI omgekeerd: blauw helpt ook \
                       daar.",
    column_meta: "n = {n} \u{b7} R\u{b2} = {r2}",
    key_title: "Impact (%)",
    key_helps: "helpt",
    key_hurts: "schaadt",
    hatched_key: "gearceerd: richting onzeker (interval bevat nul)",
    missing_key: "niet in het model, of door niemand meegemaakt",
    no_phase: "Overige momenten",
    caveat_kpis: "Let op: de belangen van {list} zijn niet betrouwbaar; zie het rapport.",

    journey_heading: "Impact langs de klantreis",
    journey_intro: "Elk moment tegenover elke KPI tegelijk. Lees een rij om te zien of een \
                    moment de ene KPI helpt en de andere schaadt; lees een kolom om te zien \
                    waar in de klantreis een KPI gewonnen of verloren wordt.",
};

/// The chart texts of a language.
pub fn chart_texts(lang: Lang) -> &'static ChartTexts {
    match lang {
        Lang::En => &EN,
        Lang::Nl => &NL,
    }
}
