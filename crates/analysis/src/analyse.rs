//! From a read survey to the whole analysis, in named steps: who is
//! analysed and who is excluded (with the reason), the touchpoints'
//! descriptives, one impact model per KPI analysis, the bootstrap, the
//! segments and the lead KPI.
//!
//! Every data row ends up either analysed (in at least one KPI model) or in
//! an exclusion with its reason, so `respondents_in` always equals
//! `respondents_analysed` plus the excluded counts.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use cximpact_ingest::{Config, KpiColumn, KpiKind, Survey, TouchpointColumn};
use cximpact_regression::{
    add_gains, describe, fit_kpi, fit_kpi_logistic, fit_kpi_pair, nps, nps_contribution,
    BootstrapOptions, Descriptives, ModelOptions, RegressionError, ReplicateHook,
};

use crate::kpis::{driver_data, kpi_analyses, lead_kpi, oriented, KpiToModel};
use crate::model::{
    Analysis, AnalysisSettings, Exclusion, ExclusionReason, KpiAnalysis, NpsEffects,
    TouchpointInfo, Warning, WarningKind,
};
use crate::one_pass::{self, Pass};
use crate::segment_models::{segment_models, Summed};
use crate::segments::segments;
use crate::subsample::model_rows;
use crate::uncertainty::{
    add_uncertainty, add_uncertainty_on_rows, nps_points_options, BootstrapColumns,
};
use crate::{warnings, AnalysisError, Options, Stage};

/// Runs the analysis of every KPI of `survey` as `config` describes them,
/// with bootstrap intervals when the options ask for replicates.
pub fn analyse(
    survey: &Survey,
    config: &Config,
    options: &Options,
) -> Result<Analysis, AnalysisError> {
    let opts = options.model();
    let mut warnings: Vec<Warning> = survey.warnings.iter().map(warnings::from_ingest).collect();
    warnings::insert_small_bases(&mut warnings, survey, opts.small_base);
    let (analysed, excluded) = respondents(survey)?;
    // Each analysis of each KPI (an NPS question may also be analysed as
    // promoter or detractor vs the rest) is a KPI of its own.
    let analyses = kpi_analyses(survey, config, options.labels());
    options.announce(Stage::Models);
    // A large survey is summed in one pass: its linear KPIs are analysed
    // from the sums, its logistic ones from their rows beside it.
    let pass = one_pass::applies(analysed.len(), options).then(|| {
        let summed = one_pass::summed_analyses(&analyses, !survey.segments.is_empty());
        Pass::run(survey, &analysed, &analyses, &summed, options.bootstrap())
    });
    let touchpoints = touchpoint_infos(survey, &analysed, pass.as_ref());
    let mut models = model_kpis(
        survey,
        &analysed,
        &analyses,
        pass.as_ref(),
        options,
        &mut warnings,
    )?;
    options.announce(Stage::Bootstrap);
    add_intervals(
        survey,
        &analysed,
        &analyses,
        pass.as_ref(),
        &mut models,
        options.bootstrap(),
        &mut warnings,
    );
    let Models { kpis, modelled, .. } = models;
    if kpis.is_empty() {
        return Err(no_kpi_modelled(survey, &warnings));
    }

    let names: Vec<&str> = kpis.iter().map(|k| k.name.as_str()).collect();
    let lead_kpi = lead_kpi(&names, config.report.lead_kpi.as_deref());
    let columns: Vec<KpiColumn> = analyses.iter().map(|a| a.column.clone()).collect();
    options.announce(Stage::Segments);
    let segments = segments(survey, &columns, &analysed, &kpis);
    // A group's own analysis is this analysis on its respondents.
    let analyse_group = |group: &Survey, o: &Options| analyse(group, config, o);
    let segment_models = segment_models(
        survey,
        config,
        options,
        &analysed,
        &columns,
        &kpis,
        &analyse_group,
        pass.as_ref().map(|pass| Summed {
            pass,
            analyses: &analyses,
            modelled: &modelled,
        }),
    );
    Ok(Analysis {
        title: report_title(config, survey),
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
        settings: AnalysisSettings {
            min_not_experienced: opts.min_not_experienced,
            small_base: opts.small_base,
        },
        comparison: None,
        segment_models,
    })
}

/// The report's title: the config's `[report] title`, else the survey
/// file's stem.
pub(crate) fn report_title(config: &Config, survey: &Survey) -> String {
    config.report.title.clone().unwrap_or_else(|| {
        std::path::Path::new(&survey.file)
            .file_stem()
            .map_or_else(|| survey.file.clone(), |s| s.to_string_lossy().into_owned())
    })
}

/// The error of a survey none of whose KPIs could be modelled, with each
/// KPI's reason from `warnings`.
pub(crate) fn no_kpi_modelled(survey: &Survey, warnings: &[Warning]) -> AnalysisError {
    AnalysisError::NoKpiModelled {
        file: survey.file.clone(),
        reasons: warnings
            .iter()
            .filter(|w| matches!(w.kind, WarningKind::KpiNotModelled { .. }))
            .map(|w| w.kind.clone())
            .collect(),
    }
}

/// The analysed respondents (indices of kept rows that answered at least
/// one KPI) and every data row left out of the whole analysis, by reason:
/// ingest's exclusions, then the rows that answered no KPI.
pub(crate) fn respondents(survey: &Survey) -> Result<(Vec<usize>, Vec<Exclusion>), AnalysisError> {
    let kept = survey.rows.len();
    let file = || survey.file.clone();
    if survey.kpis.is_empty() {
        return Err(AnalysisError::NoKpi { file: file() });
    }
    if survey.touchpoints.is_empty() {
        return Err(AnalysisError::NoTouchpoints { file: file() });
    }
    if kept == 0 && !survey.excluded.is_empty() {
        // Say why, not that nobody answered: all weights zero, say.
        let reasons = survey
            .excluded
            .iter()
            .map(|e| format!("{} ({} rows)", e.reason, e.rows.len()))
            .collect::<Vec<_>>()
            .join("; ");
        return Err(AnalysisError::EveryRowExcluded {
            file: file(),
            reasons,
        });
    }
    let mut excluded: Vec<Exclusion> = survey
        .excluded
        .iter()
        .map(|e| exclusion(survey, ExclusionReason::Read(e.reason), e.rows.clone()))
        .collect();
    let analysed: Vec<usize> = (0..kept)
        .filter(|&i| survey.kpis.iter().any(|k| k.values[i].is_some()))
        .collect();
    let unanswered: Vec<usize> = (0..kept)
        .filter(|&i| survey.kpis.iter().all(|k| k.values[i].is_none()))
        .map(|i| survey.rows[i])
        .collect();
    if !unanswered.is_empty() {
        excluded.push(exclusion(survey, ExclusionReason::NoKpiAnswer, unanswered));
    }
    if analysed.is_empty() {
        return Err(AnalysisError::NothingToAnalyse {
            file: survey.file.clone(),
        });
    }
    Ok((analysed, excluded))
}

/// Data rows (1-based) left out for `reason`, with their respondent ids.
fn exclusion(survey: &Survey, reason: ExclusionReason, rows: Vec<usize>) -> Exclusion {
    Exclusion {
        reason,
        count: rows.len(),
        ids: rows.iter().map(|&row| survey.id_of_row(row)).collect(),
        rows,
    }
}

/// Each touchpoint with its performance and frequency over the analysed
/// respondents (weighted when the survey is), from the one-pass sums when
/// there are.
fn touchpoint_infos(
    survey: &Survey,
    analysed: &[usize],
    pass: Option<&Pass>,
) -> Vec<TouchpointInfo> {
    let descriptives = match pass {
        Some(pass) => pass.descriptives(survey, analysed),
        None => {
            let weights = analysed_weights(survey, analysed);
            survey
                .touchpoints
                .iter()
                .map(|tp| describe_rows(tp, analysed, weights.as_deref()))
                .collect()
        }
    };
    survey
        .touchpoints
        .iter()
        .zip(descriptives)
        .map(|(tp, descriptives)| TouchpointInfo {
            name: tp.column.clone(),
            label: tp.label.clone(),
            phase: tp.phase.clone(),
            scale: tp.scale,
            top_box_from: tp.top_box_from,
            descriptives,
            controllable: tp.controllable,
            note: tp.note.clone(),
        })
        .collect()
}

/// The weights of the analysed respondents, in their order.
pub(crate) fn analysed_weights(survey: &Survey, analysed: &[usize]) -> Option<Vec<f64>> {
    survey
        .weights
        .as_ref()
        .map(|w| analysed.iter().map(|&i| w[i]).collect())
}

/// A touchpoint's descriptives over the analysed respondents (`weights`:
/// theirs), from its rows.
pub(crate) fn describe_rows(
    tp: &TouchpointColumn,
    analysed: &[usize],
    weights: Option<&[f64]>,
) -> Descriptives {
    let values: Vec<Option<f64>> = analysed.iter().map(|&i| tp.values[i]).collect();
    describe(&values, weights, tp.top_box_from)
}

/// The analysed respondents left out of a KPI's model (data rows
/// `missing`): they did not answer it.
pub(crate) fn kpi_exclusions(
    survey: &Survey,
    analysis: &KpiToModel,
    missing: Vec<usize>,
) -> Vec<Exclusion> {
    if missing.is_empty() {
        return Vec::new();
    }
    let reason = ExclusionReason::NoAnswerTo {
        kpi: analysis.question.clone(),
    };
    vec![exclusion(survey, reason, missing)]
}

/// The KPI models of an analysis, in analysis order.
#[derive(Default)]
struct Models {
    kpis: Vec<KpiAnalysis>,
    /// Per KPI: the index of its analysis.
    modelled: Vec<usize>,
    /// Per KPI: the kept rows its model was fitted on; `None` for a model
    /// from the one-pass sums.
    rows: Vec<Option<Vec<usize>>>,
}

/// Every KPI analysis's model: from the one-pass sums when there are and
/// the model is linear, else from its rows (a logistic model of a KPI
/// answered by more than the options' logistic rows on a seeded random
/// subsample of them, see `subsample`). A KPI that cannot be modelled is
/// a warning and is left out.
fn model_kpis(
    survey: &Survey,
    analysed: &[usize],
    analyses: &[KpiToModel],
    pass: Option<&Pass>,
    options: &Options,
    warnings: &mut Vec<Warning>,
) -> Result<Models, AnalysisError> {
    let opts = options.model();
    // The top of each touchpoint's scale caps the "one point more" what-if.
    let tops: Vec<f64> = survey.touchpoints.iter().map(|tp| tp.scale.1).collect();
    let mut models = Models::default();
    for (a, analysis) in analyses.iter().enumerate() {
        if let Some(pass) = pass.filter(|_| !analysis.logistic) {
            if let Some(kpi) = pass.model_kpi(survey, analysed, analysis, a, opts, warnings) {
                models.kpis.push(kpi);
                models.modelled.push(a);
                models.rows.push(None);
            }
            continue;
        }
        let cap = if analysis.logistic {
            options.logistic_rows()
        } else {
            usize::MAX
        };
        let seed = options.bootstrap().seed;
        let (rows, subsample) = model_rows(analysed, &analysis.column, cap, seed);
        let fitted = model_kpi(survey, analysed, &rows, analysis, opts, &tops, warnings)?;
        let Some(mut kpi) = fitted else {
            continue;
        };
        kpi.subsample = subsample;
        models.kpis.push(kpi);
        models.modelled.push(a);
        models.rows.push(Some(rows));
    }
    Ok(models)
}

/// The bootstrap of every KPI model. Without one-pass sums, one bootstrap
/// resamples the analysed respondents for every model jointly. Beside the
/// sums, the models from the sums share the block bootstrap of the chunks'
/// sums, and each model from rows (a logistic one) is bootstrapped over
/// its own rows, so that only those are copied (the replicate hook counts
/// them as one bootstrap). A bootstrap that fails is a warning: the
/// analysis stands without its intervals.
fn add_intervals(
    survey: &Survey,
    analysed: &[usize],
    analyses: &[KpiToModel],
    pass: Option<&Pass>,
    models: &mut Models,
    boot: &BootstrapOptions,
    warnings: &mut Vec<Warning>,
) {
    let mut failed = |r: Result<(), RegressionError>| {
        if let Err(err) = r {
            warnings.push(warnings::bootstrap_failed(survey, &err));
        }
    };
    let Some(pass) = pass else {
        let columns = bootstrap_columns(survey, analyses, models);
        failed(add_uncertainty(
            survey,
            analysed,
            &columns,
            &mut models.kpis,
            boot,
        ));
        return;
    };
    let from_rows = models.rows.iter().flatten().count();
    let runs = from_rows + usize::from(from_rows < models.kpis.len());
    let boot = &one_progress(boot, runs);
    let mut slots: Vec<Option<KpiAnalysis>> = Vec::new();
    let (mut summed, mut summed_at, mut summed_analyses) = (Vec::new(), Vec::new(), Vec::new());
    let kpis = std::mem::take(&mut models.kpis);
    for (k, (mut kpi, rows)) in kpis.into_iter().zip(&models.rows).enumerate() {
        let a = models.modelled[k];
        match rows {
            Some(rows) => {
                let column = &analyses[a].column;
                failed(add_uncertainty_on_rows(
                    survey, rows, column, &mut kpi, boot,
                ));
                slots.push(Some(kpi));
            }
            None => {
                summed.push(kpi);
                summed_at.push(k);
                summed_analyses.push(a);
                slots.push(None);
            }
        }
    }
    if !summed.is_empty() {
        failed(pass.add_uncertainty(&mut summed, &summed_analyses, boot));
    }
    for (k, kpi) in summed_at.into_iter().zip(summed) {
        slots[k] = Some(kpi);
    }
    models.kpis = slots.into_iter().flatten().collect();
}

/// `boot` for `runs` bootstraps of one analysis, with its replicate hook
/// told once per `runs` replicates: together they count `replicates`, as
/// one bootstrap does, so a progress bar fills once.
fn one_progress(boot: &BootstrapOptions, runs: usize) -> BootstrapOptions {
    let Some(hook) = boot.on_replicate.0.clone().filter(|_| runs > 1) else {
        return boot.clone();
    };
    let done = AtomicUsize::new(0);
    let thinned = move || {
        if done.fetch_add(1, Ordering::Relaxed) % runs == runs - 1 {
            hook();
        }
    };
    BootstrapOptions {
        on_replicate: ReplicateHook(Some(Arc::new(thinned))),
        ..boot.clone()
    }
}

/// Per KPI modelled from rows, by survey row: its oriented answers and,
/// for an NPS question, the NPS contributions, where the row is in its
/// model (`None` elsewhere).
fn bootstrap_columns(
    survey: &Survey,
    analyses: &[KpiToModel],
    models: &Models,
) -> BootstrapColumns {
    let mut columns = BootstrapColumns::default();
    for (&a, rows) in models.modelled.iter().zip(&models.rows) {
        let column = &analyses[a].column;
        let in_model = |f: &dyn Fn(f64) -> f64| {
            let mut values = vec![None; survey.rows.len()];
            for &i in rows.iter().flatten() {
                values[i] = column.values[i].map(f);
            }
            values
        };
        columns.kpi.push(in_model(&|y| oriented(column, y)));
        columns
            .nps
            .push((column.kind == KpiKind::Nps).then(|| in_model(&nps_contribution)));
    }
    columns
}

/// The impact model of one KPI analysis over `rows` (the analysed
/// respondents who answered it, or a subsample of them), with its
/// what-ifs, NPS breakdown and exclusions (the `analysed` respondents who
/// did not answer it). A model that cannot be fitted becomes a warning and
/// `None`; the other KPIs go on.
fn model_kpi(
    survey: &Survey,
    analysed: &[usize],
    rows: &[usize],
    analysis: &KpiToModel,
    opts: &ModelOptions,
    tops: &[f64],
    warnings: &mut Vec<Warning>,
) -> Result<Option<KpiAnalysis>, AnalysisError> {
    let kpi = &analysis.column;
    let missing: Vec<usize> = analysed
        .iter()
        .filter(|&&i| kpi.values[i].is_none())
        .map(|&i| survey.rows[i])
        .collect();
    let (_, raw, data) = driver_data(survey, rows, kpi);
    let weights = data.weights.clone();
    let is_nps = kpi.kind == KpiKind::Nps;
    // An NPS question's score model and its NPS-points model share one
    // design (see `nps_points_options`).
    let (fitted, points_fit) = if analysis.logistic {
        (fit_kpi_logistic(&data, opts), None)
    } else if is_nps {
        let points: Vec<f64> = raw.iter().map(|&y| nps_contribution(y)).collect();
        match fit_kpi_pair(&data, opts, &points, &nps_points_options(opts)) {
            Ok((model, points_model)) => (Ok(model), points_model.ok()),
            Err(err) => (Err(err), None),
        }
    } else {
        (fit_kpi(&data, opts), None)
    };
    let mut model = match fitted {
        Ok(model) => model,
        Err(err) => {
            warnings.push(warnings::kpi_not_modelled(survey, kpi, &err));
            return Ok(None);
        }
    };
    add_gains(&mut model, &data, tops)?;
    let nps_effects = match points_fit {
        Some(mut points_model) => {
            add_gains(&mut points_model, &data, tops)?;
            Some(NpsEffects {
                model: points_model,
                uncertainty: None,
            })
        }
        None => None,
    };
    let excluded = kpi_exclusions(survey, analysis, missing);
    if model.separation {
        warnings.push(warnings::separation(survey, kpi, &model));
    }
    Ok(Some(KpiAnalysis {
        name: kpi.column.clone(),
        label: kpi.label.clone(),
        kind: kpi.kind,
        scale: kpi.scale,
        reverse: kpi.reverse,
        nps: if is_nps {
            nps(&raw, weights.as_deref())
        } else {
            None
        },
        model,
        excluded,
        uncertainty: None,
        nps_effects,
        subsample: None,
    }))
}
