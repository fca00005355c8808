//! `excluded.csv`: every data row left out of the analysis, or out of one
//! KPI's model, with its reason, so that nothing is lost silently.
//!
//! `impact.json` has the same information grouped by reason (row numbers
//! only); this file is the one an analyst filters in Excel to see which
//! respondents, by id, were not used and why. Rows left out of the whole
//! analysis have an empty `kpi`; rows left out of one KPI's model name it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use cximpact_ingest::Survey;
use cximpact_report::Analysis;

/// The file's columns.
pub const HEADER: &str = "row,id,reason,kpi";

/// The CSV text: one line per excluded row (and per KPI), by row.
pub fn excluded_csv(analysis: &Analysis, survey: &Survey) -> String {
    let mut lines: Vec<(usize, String, String, String)> = Vec::new();
    for e in &analysis.excluded {
        for &row in &e.rows {
            lines.push((row, survey.id_of_row(row), e.reason.clone(), String::new()));
        }
    }
    for kpi in &analysis.kpis {
        for e in &kpi.excluded {
            for &row in &e.rows {
                lines.push((
                    row,
                    survey.id_of_row(row),
                    e.reason.clone(),
                    kpi.name.clone(),
                ));
            }
        }
    }
    lines.sort_by(|a, b| (a.0, &a.3).cmp(&(b.0, &b.3)));
    let mut out = String::from(HEADER);
    out.push('\n');
    for (row, id, reason, kpi) in lines {
        out.push_str(&format!(
            "{row},{},{},{}\n",
            quote(&id),
            quote(&reason),
            quote(&kpi)
        ));
    }
    out
}

/// Writes `excluded.csv` into `out_dir` (which `write_report` created).
pub fn write(analysis: &Analysis, survey: &Survey, out_dir: &Path) -> Result<PathBuf> {
    let path = out_dir.join("excluded.csv");
    std::fs::write(&path, excluded_csv(analysis, survey))
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// A CSV field, quoted when it holds a separator, quote or line break.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(quote("R001"), "R001");
        assert_eq!(
            quote("no answer to Q2, recommend"),
            "\"no answer to Q2, recommend\""
        );
        assert_eq!(quote("a \"b\""), "\"a \"\"b\"\"\"");
    }
}
