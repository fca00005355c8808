//! One file holding several waves (`[survey] wave = "column"`): the latest
//! wave is analysed against the one before it.
//!
//! Waves sort as numbers when every wave value is a number ("2025",
//! "2026", "3"), else as text ("2025-Q4" before "2026-Q1"). Rows of earlier
//! waves and rows without a wave are listed as excluded from the current
//! wave with their reason; every row of the file is thus either analysed
//! in one of the two waves or listed.

use cximpact_ingest::{ExcludedRows, Survey};

use crate::findings::ReadExclusion;
use crate::subset::subset;
use crate::AnalysisError;

/// A file's latest wave and the one before it, as two surveys.
#[derive(Debug, Clone)]
pub struct WaveSplit {
    pub current: Survey,
    pub previous: Survey,
    pub current_wave: String,
    pub previous_wave: String,
}

/// Splits a survey read with `[survey] wave`; `None` without a wave column.
pub fn split_waves(survey: &Survey) -> Result<Option<WaveSplit>, AnalysisError> {
    let Some(wave) = &survey.wave else {
        return Ok(None);
    };
    let mut waves: Vec<&String> = wave.values.iter().flatten().collect();
    waves.sort();
    waves.dedup();
    if waves.iter().all(|w| w.trim().parse::<f64>().is_ok()) {
        let number = |w: &&String| w.trim().parse::<f64>().unwrap_or(f64::NAN);
        waves.sort_by(|a, b| number(a).total_cmp(&number(b)));
    }
    let [.., previous_wave, current_wave] = waves[..] else {
        return Err(AnalysisError::OneWave {
            file: survey.file.clone(),
            column: wave.column.clone(),
            waves: waves
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    let rows_of = |w: Option<&String>| -> Vec<usize> {
        (0..wave.values.len())
            .filter(|&i| wave.values[i].as_ref() == w)
            .collect()
    };
    let current_rows = rows_of(Some(current_wave));
    let previous_rows = rows_of(Some(previous_wave));
    let mut current = subset(survey, &current_rows);
    let mut previous = subset(survey, &previous_rows);
    // The file's own exclusions, and the rows of neither wave, are reported
    // with the current wave; the previous wave counts its own rows.
    let file_rows = |idx: Vec<usize>| idx.into_iter().map(|i| survey.rows[i]).collect::<Vec<_>>();
    let earlier: Vec<usize> = (0..wave.values.len())
        .filter(|&i| {
            wave.values[i]
                .as_ref()
                .is_some_and(|w| w != current_wave && w != previous_wave)
        })
        .collect();
    current.excluded = survey.excluded.clone();
    for (reason, rows) in [
        (ReadExclusion::EarlierWave, file_rows(earlier)),
        (ReadExclusion::NoWave, file_rows(rows_of(None))),
    ] {
        if !rows.is_empty() {
            current.excluded.push(ExcludedRows { reason, rows });
        }
    }
    current.warnings = survey.warnings.clone();
    current.respondents_in = survey.respondents_in - previous_rows.len();
    previous.respondents_in = previous_rows.len();
    previous.file = format!("{} ({})", survey.file, previous_wave);
    current.file = survey.file.clone();
    Ok(Some(WaveSplit {
        current,
        previous,
        current_wave: current_wave.clone(),
        previous_wave: previous_wave.clone(),
    }))
}
