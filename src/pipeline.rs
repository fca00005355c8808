//! From a read survey to a reportable analysis: selects each KPI's
//! respondents, orients reversed KPIs, runs the regression and gathers
//! descriptives, exclusions, warnings and segments for the report.
//!
//! Every data row ends up either analysed (in at least one KPI model) or in
//! an exclusion with its reason, so `respondents_in` always equals
//! `respondents_analysed` plus the excluded counts.

use anyhow::{bail, Result};
use cximpact_ingest::{Config, KpiColumn, KpiKind, KpiModelChoice, NpsAnalysis, Survey};
use cximpact_regression::{
    add_gains, bootstrap, describe, fit_kpi, fit_kpi_logistic, fit_kpi_pair, nps, nps_contribution,
    BootstrapOptions, DriverData, KpiSample, ModelOptions, RegressionError, SurveySample,
};
use cximpact_report as report;

/// Runs the analysis of every KPI of `survey`, with bootstrap intervals
/// when `boot.replicates` is above 0.
pub fn analyse(
    survey: &Survey,
    config: &Config,
    boot: &BootstrapOptions,
) -> Result<report::Analysis> {
    let opts = ModelOptions {
        min_not_experienced: config.analysis.min_not_experienced,
        small_base: config.analysis.small_base,
        exact_limit: config.analysis.exact_limit,
        ..ModelOptions::default()
    };
    let kept = survey.ids.len();
    let mut warnings: Vec<report::Warning> = survey.warnings.iter().map(convert_warning).collect();
    let mut excluded: Vec<report::Exclusion> = survey
        .excluded
        .iter()
        .map(|e| report::Exclusion {
            reason: e.reason.clone(),
            count: e.rows.len(),
            rows: e.rows.clone(),
        })
        .collect();

    // A kept row is analysed when it answered at least one KPI.
    let analysed: Vec<usize> = (0..kept)
        .filter(|&i| survey.kpis.iter().any(|k| k.values[i].is_some()))
        .collect();
    let unanswered: Vec<usize> = (0..kept)
        .filter(|&i| survey.kpis.iter().all(|k| k.values[i].is_none()))
        .map(|i| survey.rows[i])
        .collect();
    if !unanswered.is_empty() {
        excluded.push(report::Exclusion {
            reason: "no answer to any KPI question".into(),
            count: unanswered.len(),
            rows: unanswered,
        });
    }
    if analysed.is_empty() {
        bail!(
            "{}: no respondent answered any KPI question; nothing to analyse",
            survey.file
        );
    }

    let weight_of = |i: usize| survey.weights.as_ref().map_or(1.0, |w| w[i]);
    let analysed_weights: Option<Vec<f64>> = survey
        .weights
        .as_ref()
        .map(|_| analysed.iter().map(|&i| weight_of(i)).collect());

    let touchpoints = survey
        .touchpoints
        .iter()
        .map(|tp| {
            let values: Vec<Option<f64>> = analysed.iter().map(|&i| tp.values[i]).collect();
            report::TouchpointInfo {
                name: tp.column.clone(),
                label: tp.label.clone(),
                phase: tp.phase.clone(),
                scale: tp.scale,
                top_box_from: tp.top_box_from,
                descriptives: describe(&values, analysed_weights.as_deref(), tp.top_box_from),
                controllable: tp.controllable,
                note: tp.note.clone(),
            }
        })
        .collect();

    // The top of each touchpoint's scale caps the "one point more" what-if.
    let tops: Vec<f64> = survey.touchpoints.iter().map(|tp| tp.scale.1).collect();
    let mut kpis = Vec::new();
    // Per modelled KPI: its oriented values by survey row, for the bootstrap.
    let mut kpi_columns: Vec<Vec<Option<f64>>> = Vec::new();
    // Per modelled KPI: its NPS contribution by survey row (NPS questions
    // analysed as a score), for the bootstrap of the NPS what-ifs.
    let mut nps_columns: Vec<Option<Vec<Option<f64>>>> = Vec::new();
    // Each analysis of each KPI (an NPS question may also be analysed as
    // promoter or detractor vs the rest) is a KPI of its own.
    let analyses = kpi_analyses(survey, config);
    for (kpi, logistic, question) in &analyses {
        let rows: Vec<usize> = analysed
            .iter()
            .copied()
            .filter(|&i| kpi.values[i].is_some())
            .collect();
        let missing: Vec<usize> = analysed
            .iter()
            .filter(|&&i| kpi.values[i].is_none())
            .map(|&i| survey.rows[i])
            .collect();
        let raw: Vec<f64> = rows.iter().filter_map(|&i| kpi.values[i]).collect();
        let weights: Option<Vec<f64>> = survey
            .weights
            .as_ref()
            .map(|_| rows.iter().map(|&i| weight_of(i)).collect());
        let data = DriverData {
            kpi: raw.iter().map(|&y| oriented(kpi, y)).collect(),
            touchpoints: survey
                .touchpoints
                .iter()
                .map(|tp| rows.iter().map(|&i| tp.values[i]).collect())
                .collect(),
            weights: weights.clone(),
        };
        // An NPS question's score model and its NPS-points model share one
        // design (see `nps_points_options`).
        let (fitted, nps_fit) = if *logistic {
            (fit_kpi_logistic(&data, &opts), None)
        } else if kpi.kind == KpiKind::Nps {
            let points: Vec<f64> = raw.iter().map(|&y| nps_contribution(y)).collect();
            match fit_kpi_pair(&data, &opts, &points, &nps_points_options(&opts)) {
                Ok((model, points_model)) => (Ok(model), points_model.ok()),
                Err(err) => (Err(err), None),
            }
        } else {
            (fit_kpi(&data, &opts), None)
        };
        let mut model = match fitted {
            Ok(model) => model,
            Err(err) => {
                warnings.push(kpi_not_modelled(survey, kpi, &err));
                continue;
            }
        };
        add_gains(&mut model, &data, &tops)?;
        let nps_effects = match nps_fit {
            Some(mut points_model) => {
                add_gains(&mut points_model, &data, &tops)?;
                Some(report::NpsEffects {
                    model: points_model,
                    uncertainty: None,
                })
            }
            None => None,
        };
        let kpi_excluded = if missing.is_empty() {
            vec![]
        } else {
            vec![report::Exclusion {
                reason: format!("no answer to {question}"),
                count: missing.len(),
                rows: missing,
            }]
        };
        if model.separation {
            warnings.push(separation_warning(survey, kpi, &model));
        }
        kpis.push(report::KpiAnalysis {
            name: kpi.column.clone(),
            label: kpi.label.clone(),
            kind: convert_kind(kpi.kind),
            scale: kpi.scale,
            reverse: kpi.reverse,
            nps: match kpi.kind {
                cximpact_ingest::KpiKind::Nps => nps(&raw, weights.as_deref()),
                _ => None,
            },
            model,
            excluded: kpi_excluded,
            uncertainty: None,
            nps_effects,
        });
        kpi_columns.push(
            kpi.values
                .iter()
                .map(|v| v.map(|y| oriented(kpi, y)))
                .collect(),
        );
        nps_columns.push(
            (kpi.kind == KpiKind::Nps)
                .then(|| kpi.values.iter().map(|v| v.map(nps_contribution)).collect()),
        );
    }
    // Without intervals the analysis still stands: say so and go on.
    if let Err(err) = add_uncertainty(
        survey,
        &analysed,
        &kpi_columns,
        &nps_columns,
        &mut kpis,
        boot,
    ) {
        warnings.push(report::Warning {
            kind: "bootstrap_failed".into(),
            file: survey.file.clone(),
            row: None,
            column: None,
            message: format!("no uncertainty intervals: {err:#}"),
            args: Vec::new(),
        });
    }
    if kpis.is_empty() {
        bail!(
            "{}: none of the KPIs could be modelled: {}",
            survey.file,
            warnings
                .iter()
                .filter(|w| w.kind == "kpi_not_modelled")
                .map(|w| w.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        );
    }

    let names: Vec<&str> = kpis.iter().map(|k| k.name.as_str()).collect();
    let lead_kpi = lead_kpi(&names, config.report.lead_kpi.as_deref());
    let columns: Vec<KpiColumn> = analyses.into_iter().map(|(kpi, _, _)| kpi).collect();
    let segments = segments(survey, &columns, &analysed, &kpis);
    Ok(report::Analysis {
        title: config.report.title.clone().unwrap_or_else(|| {
            std::path::Path::new(&survey.file)
                .file_stem()
                .map_or_else(|| survey.file.clone(), |s| s.to_string_lossy().into_owned())
        }),
        source_file: survey.file.clone(),
        respondents_in: survey.respondents_in,
        respondents_analysed: analysed.len(),
        weight_column: survey.weight_column.clone(),
        excluded,
        warnings,
        touchpoints,
        kpis,
        lead_kpi,
        segments,
        settings: report::AnalysisSettings {
            min_not_experienced: opts.min_not_experienced,
            small_base: opts.small_base,
        },
    })
}

/// The index of the lead KPI among the modelled KPIs' `names`: the
/// configured `[report] lead_kpi` column (an NPS question analysed several
/// ways leads with its score analysis, named after the column; without
/// one, with its first analysis), else the first KPI. A lead KPI that
/// could not be modelled (its warning says why) leaves the lead to the
/// first KPI.
fn lead_kpi(names: &[&str], lead: Option<&str>) -> usize {
    let Some(lead) = lead else {
        return 0;
    };
    let derived =
        [NpsAnalysis::Promoter, NpsAnalysis::Detractor].map(|a| format!("{lead}{}", a.suffix()));
    names
        .iter()
        .position(|&k| k == lead)
        .or_else(|| names.iter().position(|k| derived.iter().any(|d| d == k)))
        .unwrap_or(0)
}

/// Options of an NPS question's NPS-points model: the impact model of each
/// customer's NPS contribution (+100 / 0 / -100) on the same respondents
/// and terms as the score's model (see [`report::NpsEffects`]). Only its
/// effects are used, so its importance is relative weights (one
/// eigendecomposition), not Shapley, here and in its bootstrap. When it
/// cannot be fitted (every customer a promoter, say) the KPI has no NPS
/// points.
fn nps_points_options(opts: &ModelOptions) -> ModelOptions {
    ModelOptions {
        exact_limit: 0,
        sampling_limit: 0,
        ..opts.clone()
    }
}

/// Bootstraps every KPI model jointly over the analysed respondents
/// (see `cximpact_regression::bootstrap`) and attaches the intervals; the
/// NPS contribution models ride along in the same replicates.
fn add_uncertainty(
    survey: &Survey,
    analysed: &[usize],
    kpi_columns: &[Vec<Option<f64>>],
    nps_columns: &[Option<Vec<Option<f64>>>],
    kpis: &mut [report::KpiAnalysis],
    boot: &BootstrapOptions,
) -> Result<()> {
    if boot.replicates == 0 {
        return Ok(());
    }
    let sample = SurveySample {
        touchpoints: survey
            .touchpoints
            .iter()
            .map(|tp| tp.values.as_slice())
            .collect(),
        weights: survey.weights.as_deref(),
        rows: analysed,
    };
    let mut samples: Vec<KpiSample> = kpis
        .iter()
        .zip(kpi_columns)
        .map(|(k, column)| KpiSample {
            kpi: column,
            model: &k.model,
        })
        .collect();
    // The NPS contribution models after the KPIs, in KPI order.
    let mut nps_of: Vec<usize> = Vec::new();
    for (i, (k, column)) in kpis.iter().zip(nps_columns).enumerate() {
        if let (Some(effects), Some(column)) = (&k.nps_effects, column) {
            samples.push(KpiSample {
                kpi: column,
                model: &effects.model,
            });
            nps_of.push(i);
        }
    }
    let mut results = bootstrap(&sample, &samples, boot)?.into_iter();
    for k in kpis.iter_mut() {
        k.uncertainty = results.next();
    }
    for (i, u) in nps_of.into_iter().zip(results) {
        if let Some(effects) = kpis[i].nps_effects.as_mut() {
            effects.uncertainty = Some(u);
        }
    }
    Ok(())
}

/// The analyses of every KPI of the survey, in config order: the KPI
/// column as it is analysed (for an NPS question analysed as promoter or
/// detractor vs the rest, a 0/1 column named `<column>_promoter` or
/// `<column>_detractor`), whether the model is logistic, and the question's
/// own label (for exclusion reasons).
///
/// Yes/no analyses (binary KPIs, promoter, detractor) are logistic unless
/// the KPI's config says `model = "linear"`. A detractor analysis is
/// reversed, like an effort score: the model explains "not a detractor" so
/// that a positive impact is good news.
fn kpi_analyses(survey: &Survey, config: &Config) -> Vec<(KpiColumn, bool, String)> {
    let mut out = Vec::new();
    // The labels made here are shown in the report, so they follow its
    // language (the binary puts the chosen language into the config).
    let dutch = config.report.lang() == "nl";
    for kpi in &survey.kpis {
        let cfg = config.kpis.iter().find(|c| c.column == kpi.column);
        let linear = cfg.and_then(|c| c.model) == Some(KpiModelChoice::Linear);
        let analyses = cfg.map_or_else(|| vec![NpsAnalysis::Score], |c| c.analyses());
        for analysis in analyses {
            let column = match (analysis, kpi.kind) {
                (NpsAnalysis::Score, _) | (_, KpiKind::Scale | KpiKind::Binary) => kpi.clone(),
                (_, KpiKind::Nps) => KpiColumn {
                    column: format!("{}{}", kpi.column, analysis.suffix()),
                    label: format!(
                        "{}: {}",
                        kpi.label,
                        match (analysis == NpsAnalysis::Promoter, dutch) {
                            (true, false) => "promoter (9-10) vs rest",
                            (false, false) => "detractor (0-6) vs rest",
                            (true, true) => "promotor (9-10) tegenover de rest",
                            (false, true) => "criticaster (0-6) tegenover de rest",
                        }
                    ),
                    kind: KpiKind::Binary,
                    scale: (0.0, 1.0),
                    reverse: analysis == NpsAnalysis::Detractor,
                    values: kpi
                        .values
                        .iter()
                        .map(|v| v.and_then(|y| analysis.indicator(y)))
                        .collect(),
                },
            };
            let logistic = column.kind == KpiKind::Binary && !linear;
            out.push((column, logistic, kpi.label.clone()));
        }
    }
    out
}

/// A data-quality warning for a logistic model whose classes the
/// touchpoints separate.
fn separation_warning(
    survey: &Survey,
    kpi: &KpiColumn,
    model: &cximpact_regression::KpiModel,
) -> report::Warning {
    report::Warning {
        kind: "separation".into(),
        file: survey.file.clone(),
        row: None,
        column: Some(kpi.column.clone()),
        message: format!(
            "{}: the touchpoints separate the two answers (some groups of respondents all \
             gave the same answer), so some effects are not estimable: their odds ratios \
             are left out and their log-odds only show the direction. The pseudo-R\u{b2} \
             ({:.3}) and the importances remain valid.",
            kpi.label, model.r2
        ),
        args: Vec::new(),
    }
}

/// The KPI as the model sees it: reversed KPIs (low is good) are mirrored
/// within their scale so that a positive impact always means "better".
fn oriented(kpi: &KpiColumn, y: f64) -> f64 {
    if kpi.reverse {
        kpi.scale.0 + kpi.scale.1 - y
    } else {
        y
    }
}

fn kpi_not_modelled(survey: &Survey, kpi: &KpiColumn, err: &RegressionError) -> report::Warning {
    report::Warning {
        kind: "kpi_not_modelled".into(),
        file: survey.file.clone(),
        row: None,
        column: Some(kpi.column.clone()),
        message: format!("{} was not modelled: {err}", kpi.label),
        args: Vec::new(),
    }
}

fn convert_warning(w: &cximpact_ingest::Warning) -> report::Warning {
    report::Warning {
        kind: w.kind.clone(),
        file: w.file.clone(),
        row: w.row,
        column: w.column.clone(),
        message: w.message.clone(),
        args: w.args.clone(),
    }
}

fn convert_kind(kind: cximpact_ingest::KpiKind) -> report::KpiKind {
    match kind {
        cximpact_ingest::KpiKind::Nps => report::KpiKind::Nps,
        cximpact_ingest::KpiKind::Scale => report::KpiKind::Scale,
        cximpact_ingest::KpiKind::Binary => report::KpiKind::Binary,
    }
}

/// Per segment variable and group: analysed respondents and each modelled
/// KPI's level (NPS for NPS questions, else the weighted mean on the
/// question's own scale; the share of "yes" for binary KPIs).
fn segments(
    survey: &Survey,
    columns: &[KpiColumn],
    analysed: &[usize],
    kpis: &[report::KpiAnalysis],
) -> Vec<report::SegmentSummary> {
    let weight_of = |i: usize| survey.weights.as_ref().map_or(1.0, |w| w[i]);
    survey
        .segments
        .iter()
        .map(|seg| {
            let mut values: Vec<Option<&String>> =
                analysed.iter().map(|&i| seg.values[i].as_ref()).collect();
            values.sort();
            values.dedup();
            // Named groups first (sorted), the blank group last.
            let blank_first = usize::from(values.first() == Some(&None));
            values.rotate_left(blank_first);
            let groups = values
                .into_iter()
                .map(|value| {
                    let members: Vec<usize> = analysed
                        .iter()
                        .copied()
                        .filter(|&i| seg.values[i].as_ref() == value)
                        .collect();
                    let kpi_values = kpis
                        .iter()
                        .map(|k| {
                            let col = columns.iter().find(|c| c.column == k.name)?;
                            let answered: Vec<usize> = members
                                .iter()
                                .copied()
                                .filter(|&i| col.values[i].is_some())
                                .collect();
                            let ys: Vec<f64> =
                                answered.iter().filter_map(|&i| col.values[i]).collect();
                            let ws: Vec<f64> = answered.iter().map(|&i| weight_of(i)).collect();
                            if ys.is_empty() {
                                return None;
                            }
                            match k.kind {
                                report::KpiKind::Nps => nps(&ys, Some(&ws)).map(|s| s.score),
                                _ => {
                                    let total: f64 = ws.iter().sum();
                                    Some(
                                        ys.iter().zip(&ws).map(|(y, w)| y * w).sum::<f64>() / total,
                                    )
                                }
                            }
                        })
                        .collect();
                    report::SegmentGroup {
                        value: value.cloned().unwrap_or_default(),
                        n: members.len(),
                        kpi_values,
                    }
                })
                .collect();
            report::SegmentSummary {
                column: seg.column.clone(),
                groups,
            }
        })
        .collect()
}

#[cfg(test)]
mod lead_kpi_tests {
    use super::lead_kpi;

    #[test]
    fn the_lead_kpi_is_found_among_the_modelled_ones() {
        let names = ["nps", "nps_promoter", "ces", "retention"];
        assert_eq!(lead_kpi(&names, None), 0);
        assert_eq!(lead_kpi(&names, Some("ces")), 2);
        // An NPS question leads with its score analysis...
        assert_eq!(lead_kpi(&names, Some("nps")), 0);
        // ... or, without one, with its first other analysis.
        assert_eq!(lead_kpi(&["ces", "nps_detractor"], Some("nps")), 1);
        // A lead KPI that could not be modelled leaves the lead to the first.
        assert_eq!(lead_kpi(&["nps", "retention"], Some("ces")), 0);
    }
}
