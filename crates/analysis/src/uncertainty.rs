//! The NPS-points what-ifs of an NPS question and the bootstrap that puts
//! intervals on every KPI model (and on those what-ifs) jointly.

use cximpact_ingest::{KpiColumn, Survey};
use cximpact_regression::{
    bootstrap, BootstrapOptions, KpiSample, KpiUncertainty, ModelOptions, RegressionError,
    SurveySample,
};

use crate::kpis::oriented;
use crate::model::KpiAnalysis;

/// Options of an NPS question's NPS-points model: the impact model of each
/// customer's NPS contribution (+100 / 0 / -100) on the same respondents
/// and terms as the score's model (see [`crate::model::NpsEffects`]). Only
/// its effects are used, so its importance is relative weights (one
/// eigendecomposition), not Shapley, and its bootstrap replicates do not
/// decompose their R² at all. When it
/// cannot be fitted (every customer a promoter, say) the KPI has no NPS
/// points.
pub(crate) fn nps_points_options(opts: &ModelOptions) -> ModelOptions {
    ModelOptions {
        exact_limit: 0,
        sampling_limit: 0,
        ..opts.clone()
    }
}

/// Per modelled KPI, by survey row: its oriented values and, for an NPS
/// question analysed as a score, its NPS contribution; the bootstrap
/// resamples these.
#[derive(Debug, Default)]
pub(crate) struct BootstrapColumns {
    pub kpi: Vec<Vec<Option<f64>>>,
    pub nps: Vec<Option<Vec<Option<f64>>>>,
}

/// Bootstraps every KPI model jointly over the analysed respondents
/// (see `cximpact_regression::bootstrap`) and attaches the intervals; the
/// NPS contribution models ride along in the same replicates (for their
/// what-ifs and NPS only: no decomposition of their R²).
pub(crate) fn add_uncertainty(
    survey: &Survey,
    analysed: &[usize],
    columns: &BootstrapColumns,
    kpis: &mut [KpiAnalysis],
    boot: &BootstrapOptions,
) -> Result<(), RegressionError> {
    if boot.replicates == 0 {
        return Ok(());
    }
    let touchpoints: Vec<Vec<Option<f64>>> = survey
        .touchpoints
        .iter()
        .map(|tp| tp.values.to_vec())
        .collect();
    let sample = SurveySample {
        touchpoints: touchpoints.iter().map(Vec::as_slice).collect(),
        weights: survey.weights.as_deref(),
        rows: analysed,
    };
    let mut samples: Vec<KpiSample> = kpis
        .iter()
        .zip(&columns.kpi)
        .map(|(k, column)| KpiSample {
            kpi: column,
            model: &k.model,
            importance: true,
        })
        .collect();
    // The NPS contribution models after the KPIs, in KPI order.
    let mut nps_of: Vec<usize> = Vec::new();
    for (i, (k, column)) in kpis.iter().zip(&columns.nps).enumerate() {
        if let (Some(effects), Some(column)) = (&k.nps_effects, column) {
            // Only its what-ifs in NPS points are read.
            samples.push(KpiSample {
                kpi: column,
                model: &effects.model,
                importance: false,
            });
            nps_of.push(i);
        }
    }
    let results = bootstrap(&sample, &samples, boot)?;
    attach_uncertainty(kpis, &nps_of, results);
    Ok(())
}

/// Bootstraps one KPI model (`column` as analysed) over the kept `rows`
/// it was fitted on alone: a logistic model beside the one-pass sums,
/// resampling its own respondents, with the touchpoint columns copied for
/// those rows only (a subsample of a large survey's).
pub(crate) fn add_uncertainty_on_rows(
    survey: &Survey,
    rows: &[usize],
    column: &KpiColumn,
    kpi: &mut KpiAnalysis,
    boot: &BootstrapOptions,
) -> Result<(), RegressionError> {
    if boot.replicates == 0 {
        return Ok(());
    }
    let touchpoints: Vec<Vec<Option<f64>>> = survey
        .touchpoints
        .iter()
        .map(|tp| rows.iter().map(|&i| tp.values[i]).collect())
        .collect();
    let weights: Option<Vec<f64>> = survey
        .weights
        .as_ref()
        .map(|w| rows.iter().map(|&i| w[i]).collect());
    let answers: Vec<Option<f64>> = rows
        .iter()
        .map(|&i| column.values[i].map(|y| oriented(column, y)))
        .collect();
    let positions: Vec<usize> = (0..rows.len()).collect();
    let sample = SurveySample {
        touchpoints: touchpoints.iter().map(Vec::as_slice).collect(),
        weights: weights.as_deref(),
        rows: &positions,
    };
    let samples = [KpiSample {
        kpi: &answers,
        model: &kpi.model,
        importance: true,
    }];
    kpi.uncertainty = bootstrap(&sample, &samples, boot)?.into_iter().next();
    Ok(())
}

/// Gives every KPI its bootstrap result, then the NPS-points model of
/// KPI `nps_of[i]` the result after them in `results` (the order the
/// samples were handed in).
pub(crate) fn attach_uncertainty(
    kpis: &mut [KpiAnalysis],
    nps_of: &[usize],
    results: Vec<KpiUncertainty>,
) {
    let mut results = results.into_iter();
    for k in kpis.iter_mut() {
        k.uncertainty = results.next();
    }
    for (&i, u) in nps_of.iter().zip(results) {
        if let Some(effects) = kpis[i].nps_effects.as_mut() {
            effects.uncertainty = Some(u);
        }
    }
}
