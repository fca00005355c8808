//! A batch's overview: `index.html`, linking every survey's report with
//! its headline numbers and listing the surveys that failed and the files
//! not taken, and `summary.csv`, every survey's `impact.csv` rows in one
//! table with the survey's name in front.

use minijinja::{context, Environment};
use serde::Serialize;

use crate::csv_locale::{CsvLocale, CsvWriter};
use crate::data::{impact_records, CSV_HEADER};
use crate::format::NumFmt;
use crate::html::first_screen_summary;
use crate::i18n::{fill, index_texts};
use crate::lang::Lang;
use crate::model::Analysis;
use crate::{ReportError, ReportSettings};

/// What the overview keeps of one analysed survey (the analysis itself is
/// dropped as soon as its report is written).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveySummary {
    pub name: String,
    /// Link to the survey's report, relative to the batch folder.
    pub link: String,
    pub analysed: String,
    pub warnings: String,
    pub lead_kpi: String,
    /// e.g. "NPS +12".
    pub level: String,
    /// e.g. "95% interval +8 to +16 · n = 812".
    pub level_detail: String,
    /// The report's first certain action in words.
    pub first_action: String,
    /// The survey's `impact.csv` records.
    #[serde(skip)]
    pub records: Vec<Vec<String>>,
}

/// How one survey of a batch ended.
#[derive(Debug, Clone, PartialEq)]
pub enum SurveyOutcome {
    Done(SurveySummary),
    Failed { name: String, error: String },
}

/// A file of the batch folder that was not analysed, and the config it
/// would need.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedFile {
    pub file: String,
    pub expected_config: String,
}

/// The summary of `analysis`, whose report was written with `settings`
/// into the folder `name` of the batch.
pub fn summarise(name: &str, analysis: &Analysis, settings: &ReportSettings) -> SurveySummary {
    let nf = NumFmt::new(settings.lang);
    let [lead_kpi, level, level_detail, first_action] = first_screen_summary(analysis, settings);
    SurveySummary {
        name: name.to_string(),
        link: format!("{}/report.html", url_path_segment(name)),
        analysed: nf.int(analysis.respondents_analysed),
        warnings: nf.int(analysis.warnings.len()),
        lead_kpi,
        level,
        level_detail,
        first_action,
        records: impact_records(analysis, settings),
    }
}

/// `summary.csv`: `survey` followed by `impact.csv`'s columns, one record
/// per analysed survey, KPI and touchpoint, in batch order. Failed
/// surveys have no rows (they are listed in `index.html`). Written in the
/// dialect of `locale`, like the surveys' own `impact.csv`.
pub fn summary_csv(outcomes: &[SurveyOutcome], locale: CsvLocale) -> String {
    let header: Vec<&str> = std::iter::once("survey").chain(CSV_HEADER).collect();
    let mut csv = CsvWriter::new(locale, &header);
    for outcome in outcomes {
        if let SurveyOutcome::Done(s) = outcome {
            for record in &s.records {
                csv.record(std::iter::once(s.name.clone()).chain(record.iter().cloned()));
            }
        }
    }
    csv.finish()
}

#[derive(Serialize)]
struct Failure<'a> {
    name: &'a str,
    error: &'a str,
}

const TEMPLATE: &str = include_str!("../templates/index.html");

/// `index.html` in `lang`.
pub fn index_html(
    outcomes: &[SurveyOutcome],
    skipped: &[SkippedFile],
    lang: Lang,
) -> Result<String, ReportError> {
    let t = index_texts(lang);
    let nf = NumFmt::new(lang);
    let done: Vec<&SurveySummary> = outcomes
        .iter()
        .filter_map(|o| match o {
            SurveyOutcome::Done(s) => Some(s),
            SurveyOutcome::Failed { .. } => None,
        })
        .collect();
    let failed: Vec<Failure> = outcomes
        .iter()
        .filter_map(|o| match o {
            SurveyOutcome::Failed { name, error } => Some(Failure { name, error }),
            SurveyOutcome::Done(_) => None,
        })
        .collect();
    let intro = fill(
        t.intro,
        &[
            ("done", &nf.int(done.len())),
            ("total", &nf.int(outcomes.len())),
            ("failed", &nf.int(failed.len())),
        ],
    );
    let mut env = Environment::new();
    env.add_template("index.html", TEMPLATE)?;
    let html = env.get_template("index.html")?.render(context! {
        t => t, intro => intro, done => done, failed => failed,
        skipped => skipped
            .iter()
            .map(|s| fill(t.skipped_item, &[("file", &s.file), ("config", &s.expected_config)]))
            .collect::<Vec<_>>(),
    })?;
    Ok(html)
}

/// A folder name as one path segment of a relative link: characters that
/// mean something in a URL are percent-encoded.
fn url_path_segment(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::fixture;

    fn outcomes() -> Vec<SurveyOutcome> {
        let a = fixture();
        vec![
            SurveyOutcome::Done(summarise("Acme Q3", &a, &ReportSettings::default())),
            SurveyOutcome::Failed {
                name: "broken".into(),
                error: "broken.csv, row 3: <bad> & worse".into(),
            },
        ]
    }

    #[test]
    fn the_summary_has_the_first_screen_in_a_line() {
        let SurveyOutcome::Done(s) = &outcomes()[0] else {
            unreachable!()
        };
        assert_eq!(s.link, "Acme%20Q3/report.html");
        assert!(s.level.starts_with("NPS "), "{}", s.level);
        assert!(s.level_detail.contains("n = "), "{}", s.level_detail);
        assert!(!s.first_action.is_empty());
        assert_eq!(s.records.len(), 3 * fixture().touchpoints.len());
    }

    #[test]
    fn summary_csv_puts_the_survey_in_front_of_every_impact_row() {
        let csv = summary_csv(&outcomes(), CsvLocale::Standard);
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].starts_with("survey,kpi,"), "{}", lines[0]);
        let a = fixture();
        let impact = crate::impact_csv(&a, &ReportSettings::default());
        let impact_lines: Vec<&str> = impact.lines().collect();
        assert_eq!(
            lines.len(),
            impact_lines.len(),
            "no rows for the failed survey"
        );
        for (s, i) in lines[1..].iter().zip(&impact_lines[1..]) {
            assert_eq!(*s, format!("Acme Q3,{i}"));
        }
    }

    #[test]
    fn the_index_links_reports_and_lists_failures_escaped() {
        let skipped = [SkippedFile {
            file: "c.xlsx".into(),
            expected_config: "c.toml".into(),
        }];
        let html = index_html(&outcomes(), &skipped, Lang::En).unwrap();
        // minijinja escapes the slash; browsers read &#x2f; as /.
        assert!(
            html.contains("href=\"Acme%20Q3&#x2f;report.html\""),
            "{html}"
        );
        assert!(html.contains("1 of 2 surveys analysed; 1 could not be analysed."));
        assert!(html.contains("broken.csv, row 3: &lt;bad&gt; &amp; worse"));
        assert!(html.contains("c.xlsx") && html.contains("c.toml"));
        let nl = index_html(&outcomes(), &[], Lang::Nl).unwrap();
        assert!(nl.contains("lang=\"nl\"") && nl.contains("1 van 2 onderzoeken"));
        assert!(!nl.contains("c.xlsx"));
    }
}
