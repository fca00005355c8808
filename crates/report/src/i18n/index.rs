//! The words of a batch's `index.html`, in English and Dutch.

use serde::Serialize;

use crate::lang::Lang;

/// Every text of the batch index page.
#[derive(Debug, Serialize)]
pub struct IndexTexts {
    pub html_lang: &'static str,
    pub title: &'static str,
    /// `{done}` of `{total}` surveys analysed, `{failed}` failed.
    pub intro: &'static str,
    pub th_survey: &'static str,
    pub th_analysed: &'static str,
    pub th_lead: &'static str,
    pub th_level: &'static str,
    pub th_action: &'static str,
    pub th_warnings: &'static str,
    pub failed_heading: &'static str,
    pub failed_intro: &'static str,
    pub skipped_heading: &'static str,
    pub skipped_intro: &'static str,
    /// One skipped file: `{file}`, `{config}`.
    pub skipped_item: &'static str,
    pub summary_note: &'static str,
    pub open_report: &'static str,
}

const EN: IndexTexts = IndexTexts {
    html_lang: "en",
    title: "Customer experience impact: batch overview",
    intro: "{done} of {total} surveys analysed; {failed} could not be analysed.",
    th_survey: "Survey",
    th_analysed: "Respondents analysed",
    th_lead: "Lead KPI",
    th_level: "Level (95% interval, base)",
    th_action: "First action",
    th_warnings: "Warnings",
    failed_heading: "Surveys that could not be analysed",
    failed_intro: "Each error names the file and, where it can, the row and column. The other \
                   surveys are not affected.",
    skipped_heading: "Files not analysed",
    skipped_intro: "These files in the folder were not taken as surveys:",
    skipped_item: "{file}: there is no config {config} beside it",
    summary_note: "Every number of every survey is in summary.csv (one row per survey, KPI and \
                   touchpoint); each survey's folder holds its full report.",
    open_report: "open the report",
};

const NL: IndexTexts = IndexTexts {
    html_lang: "nl",
    title: "Impact van klantbeleving: overzicht van de reeks",
    intro: "{done} van {total} onderzoeken geanalyseerd; {failed} konden niet worden \
            geanalyseerd.",
    th_survey: "Onderzoek",
    th_analysed: "Geanalyseerde respondenten",
    th_lead: "Hoofd-KPI",
    th_level: "Niveau (95%-interval, basis)",
    th_action: "Eerste actie",
    th_warnings: "Waarschuwingen",
    failed_heading: "Onderzoeken die niet konden worden geanalyseerd",
    failed_intro: "Elke fout noemt het bestand en waar mogelijk de rij en kolom. De andere \
                   onderzoeken hebben er geen last van.",
    skipped_heading: "Bestanden die niet zijn geanalyseerd",
    skipped_intro: "Deze bestanden in de map zijn niet als onderzoek gelezen:",
    skipped_item: "{file}: er staat geen configuratie {config} naast",
    summary_note: "Alle cijfers van alle onderzoeken staan in summary.csv (een rij per \
                   onderzoek, KPI en contactmoment); de map van elk onderzoek bevat het \
                   volledige rapport.",
    open_report: "open het rapport",
};

/// The index texts of a language.
pub fn index_texts(lang: Lang) -> &'static IndexTexts {
    match lang {
        Lang::En => &EN,
        Lang::Nl => &NL,
    }
}
