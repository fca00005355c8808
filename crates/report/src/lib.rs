//! Turns an analysis into what a client reads: quadrants, the SVG impact
//! matrix, the HTML report and the CSV/JSON data outputs.
//!
//! The flow mirrors cargo-criterion's report layer: [`quadrant::place`]
//! turns model numbers into a [`Matrix`]; [`layout`] turns a matrix into
//! simple shapes and [`svg`] draws them; [`html`] builds a view model of
//! already-formatted strings and renders an embedded template; [`data`]
//! writes the machine-readable outputs (in the CSV dialect of
//! [`csv_locale`]); [`render_workbook`] writes `report.xlsx`;
//! [`priorities`] turns the lead KPI's matrix and what-ifs into the ranked
//! list of actions. Every renderer returns a `String` (the workbook its
//! bytes), so tests run in memory; only [`output`] touches the disk.

pub mod batch;
mod charts;
pub mod csv_locale;
pub mod data;
pub mod format;
pub mod groups;
pub mod html;
pub mod i18n;
pub mod lang;
pub mod layout;
pub mod model;
pub mod output;
pub mod pdf;
pub mod png;
pub mod priorities;
pub mod quadrant;
pub mod svg;
mod workbook;

#[cfg(test)]
mod fixture;

use std::path::{Path, PathBuf};

pub use batch::{index_html, summarise, summary_csv, SkippedFile, SurveyOutcome, SurveySummary};
pub use csv_locale::{CsvLocale, ParseCsvLocaleError};
pub use data::{excluded_csv, impact_csv, impact_json, impact_records};
pub use html::render_html;
pub use lang::{Lang, ParseLangError};
pub use model::*;
pub use output::{is_output_name, write_outputs, OutputFile};
pub use pdf::{find_browser, print_pdf, PdfError};
pub use png::{svg_to_png, PngSize};

pub use priorities::{priorities, Action, Flag, Gain, Measure, Priorities, Priority};
pub use quadrant::{
    place, Crosshair, CrosshairRule, Matrix, MatrixPoint, ParseCrosshairError, Quadrant,
};
use rayon::prelude::*;
pub use svg::render_matrix_svg;
pub use workbook::render_workbook;

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ReportSettings {
    pub lang: Lang,
    pub crosshair: Crosshair,
    /// The dialect of the CSV outputs.
    pub csv_locale: CsvLocale,
    /// A PNG picture of every chart at this size beside its SVG; `None`
    /// for none.
    pub png: Option<PngSize>,
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("drawing the impact matrix failed: {0}")]
    Svg(String),
    #[error("rendering the HTML report failed: {0}")]
    Template(#[from] minijinja::Error),
    #[error("serialising the JSON output failed: {0}")]
    Json(#[from] serde_json::Error),
    #[error("drawing a PNG picture failed: {0}")]
    Png(String),
    #[error("writing the Excel workbook failed: {0}")]
    Workbook(String),
}

/// Writes every output into `out_dir` (created if needed): per KPI
/// `matrix-<kpi name>.svg` and `importance-<kpi name>.svg`, then
/// `journey.svg`, `report.html`, `impact.csv`, `impact.json`,
/// `excluded.csv` and `report.xlsx` (each chart with its PNG first when
/// `settings.png` asks for pictures), all at once (see [`output`]): a
/// failure leaves the folder as it was, and outputs of an earlier run that
/// this one does not write are removed. Returns the written paths in that
/// order.
pub fn write_report(
    analysis: &Analysis,
    settings: &ReportSettings,
    out_dir: &Path,
) -> Result<Vec<PathBuf>, ReportError> {
    // Every chart's SVG first, then their PNG pictures on all cores.
    let mut charts: Vec<(String, String)> = Vec::new();
    let mut matrices = Vec::with_capacity(analysis.kpis.len());
    for (k, kpi) in analysis.kpis.iter().enumerate() {
        let matrix = place(analysis, k, &settings.crosshair);
        let stem = file_stem(&kpi.name);
        charts.push((
            format!("matrix-{stem}"),
            render_matrix_svg(&matrix, kpi, settings.lang)?,
        ));
        charts.push((
            format!("importance-{stem}"),
            charts::render_importance_svg(&matrix, kpi, settings.lang)?,
        ));
        matrices.push(matrix);
    }
    charts.push((
        "journey".into(),
        charts::render_journey_svg(analysis, &matrices, settings.lang)?,
    ));
    let pngs: Vec<Option<Vec<u8>>> = charts
        .par_iter()
        .map(|(_, svg)| settings.png.map(|size| svg_to_png(svg, size)).transpose())
        .collect::<Result<_, _>>()?;
    let mut files: Vec<OutputFile> = Vec::new();
    for ((name, svg), png) in charts.into_iter().zip(pngs) {
        if let Some(png) = png {
            files.push((format!("{name}.png"), png));
        }
        files.push((format!("{name}.svg"), svg.into_bytes()));
    }
    files.push((
        "report.html".into(),
        render_html(analysis, settings)?.into_bytes(),
    ));
    files.push((
        "impact.csv".into(),
        impact_csv(analysis, settings).into_bytes(),
    ));
    let mut json = serde_json::to_string_pretty(&impact_json(analysis, settings))?;
    json.push('\n');
    files.push(("impact.json".into(), json.into_bytes()));
    files.push((
        "excluded.csv".into(),
        excluded_csv(analysis, settings.csv_locale).into_bytes(),
    ));
    files.push(("report.xlsx".into(), render_workbook(analysis, settings)?));
    write_outputs(out_dir, &files)
}

/// A KPI column name made safe for a file name: anything but letters,
/// digits, `-` and `_` becomes `_` (column names like "Q12 / NPS" exist).
pub fn file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "kpi".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::fixture;
    use std::fs;

    #[test]
    fn writes_every_output() {
        let dir = std::env::temp_dir().join(format!("cximpact-report-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let a = fixture();
        let paths = write_report(&a, &ReportSettings::default(), &dir.join("out")).unwrap();
        let names: Vec<String> = paths
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "matrix-q20_recommend.svg",
                "importance-q20_recommend.svg",
                "matrix-q21_effort.svg",
                "importance-q21_effort.svg",
                "matrix-q22_stay.svg",
                "importance-q22_stay.svg",
                "journey.svg",
                "report.html",
                "impact.csv",
                "impact.json",
                "excluded.csv",
                "report.xlsx"
            ]
        );
        let json = fs::read_to_string(dir.join("out/impact.json")).unwrap();
        assert!(json.ends_with("}\n"));
        // Optional preview for humans: CXIMPACT_PREVIEW=/tmp/dir cargo test.
        if let Some(p) = std::env::var_os("CXIMPACT_PREVIEW") {
            let p = PathBuf::from(p);
            write_report(&a, &ReportSettings::default(), &p.join("en")).unwrap();
            let nl = ReportSettings {
                lang: Lang::Nl,
                crosshair: "midpoint".parse().unwrap(),
                ..Default::default()
            };
            write_report(&a, &nl, &p.join("nl")).unwrap();
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn io_errors_name_the_path() {
        let dir = std::env::temp_dir().join(format!("cximpact-report-file-{}", std::process::id()));
        fs::write(&dir, "not a directory").unwrap();
        let err =
            write_report(&fixture(), &ReportSettings::default(), &dir.join("sub")).unwrap_err();
        assert!(err.to_string().contains(&*dir.to_string_lossy()), "{err}");
        fs::remove_file(&dir).unwrap();
    }

    /// Golden files: a change in any output shows up as a reviewable diff
    /// (`cargo insta review`).
    #[test]
    fn golden_outputs() {
        let a = fixture();
        let settings = ReportSettings::default();
        let m = place(&a, 0, &settings.crosshair);
        insta::assert_snapshot!(
            "matrix_nps_en.svg",
            render_matrix_svg(&m, &a.kpis[0], Lang::En).unwrap()
        );
        insta::assert_snapshot!(
            "importance_nps_en.svg",
            charts::render_importance_svg(&m, &a.kpis[0], Lang::En).unwrap()
        );
        let matrices: Vec<Matrix> = (0..a.kpis.len())
            .map(|k| place(&a, k, &settings.crosshair))
            .collect();
        insta::assert_snapshot!(
            "journey_en.svg",
            charts::render_journey_svg(&a, &matrices, Lang::En).unwrap()
        );
        // Sorted keys: serde_json's `preserve_order` may be switched on by
        // another crate of the workspace through feature unification.
        insta::with_settings!({ sort_maps => true }, {
            insta::assert_json_snapshot!("impact.json", impact_json(&a, &settings));
        });
        // The matrices have their own snapshot; keep the page's readable.
        let html = render_html(&a, &settings).unwrap();
        insta::assert_snapshot!("report_en.html", strip_svgs(&html));
        let nl = ReportSettings {
            lang: Lang::Nl,
            crosshair: "midpoint".parse().unwrap(),
            ..Default::default()
        };
        insta::assert_snapshot!("report_nl.html", strip_svgs(&render_html(&a, &nl).unwrap()));
    }

    fn strip_svgs(html: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let Some(i) = rest.find("<svg") {
            out.push_str(&rest[..i]);
            out.push_str("[svg]");
            let end = rest[i..].find("</svg>").map_or(rest.len(), |e| i + e + 6);
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(file_stem("Q12 / NPS"), "Q12___NPS");
        assert_eq!(file_stem(""), "kpi");
    }
}
