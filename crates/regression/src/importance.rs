//! Which importance a model reports, and journey phases as players.
//!
//! Why three methods: exact Shapley (LMG) is the reference, but its cost
//! doubles with every touchpoint. Up to [`ModelOptions::exact_limit`]
//! touchpoints (default 25, about a second) it is exact; up to
//! [`ModelOptions::sampling_limit`] (default 100) the Shapley values are
//! estimated from sampled orders with a standard error; above that, where
//! even a sample of orders costs seconds per KPI, Johnson's relative weights
//! (one eigendecomposition) are the importance. Relative weights and the
//! condition number of the design are computed for every model, so the
//! report can always show them beside Shapley.

use crate::design::build_design;
use crate::linalg::Correlation;
use crate::relweights::relative_weights_corr;
use crate::sampled::sample;
use crate::shapley::{decompose, MAX_EXACT_GROUPS};
use crate::{DriverData, ImportanceMethod, ModelOptions, RegressionError};

/// The importance method for `groups` players under `opts`: exact Shapley
/// up to `min(exact_limit, MAX_EXACT_GROUPS)`, sampled Shapley up to
/// `sampling_limit`, relative weights above.
pub fn importance_method_for(groups: usize, opts: &ModelOptions) -> ImportanceMethod {
    if groups <= opts.exact_limit.min(MAX_EXACT_GROUPS) {
        ImportanceMethod::ShapleyExact
    } else if groups <= opts.sampling_limit {
        ImportanceMethod::ShapleySampled
    } else {
        ImportanceMethod::RelativeWeights
    }
}

/// Importance of each group of a correlation matrix's predictors.
pub(crate) struct GroupImportance {
    pub method: ImportanceMethod,
    /// R² of all the groups' columns.
    pub r2: f64,
    /// By `method`; they sum to `r2`.
    pub values: Vec<f64>,
    /// Standard errors, for sampled Shapley only.
    pub se: Option<Vec<f64>>,
    /// Johnson's relative weights, whatever the method.
    pub relative: Vec<f64>,
    /// Of the correlation matrix of the groups' columns.
    pub condition_number: f64,
}

/// Decomposes the R² of `corr` over `groups` by the method
/// [`importance_method_for`] picks, with relative weights beside it.
pub(crate) fn group_importance(
    corr: &Correlation,
    groups: &[Vec<usize>],
    opts: &ModelOptions,
) -> Result<GroupImportance, RegressionError> {
    let rw = relative_weights_corr(corr, groups)?;
    let method = importance_method_for(groups.len(), opts);
    let (r2, values, se) = match method {
        ImportanceMethod::RelativeWeights => (rw.r2, rw.weights.clone(), None),
        _ => importance_by(corr, groups, method, opts)?,
    };
    Ok(GroupImportance {
        method,
        r2,
        values,
        se,
        relative: rw.weights,
        condition_number: rw.condition_number,
    })
}

/// R², importance of each group and (sampled Shapley only) their standard
/// errors.
pub(crate) type Importances = (f64, Vec<f64>, Option<Vec<f64>>);

/// R², importance of each group and (sampled Shapley only) standard errors
/// by a given `method`, e.g. the full model's method for a bootstrap
/// replicate. Sampling uses `opts.permutations` and `opts.seed`.
pub(crate) fn importance_by(
    corr: &Correlation,
    groups: &[Vec<usize>],
    method: ImportanceMethod,
    opts: &ModelOptions,
) -> Result<Importances, RegressionError> {
    Ok(match method {
        ImportanceMethod::ShapleyExact => {
            let d = decompose(corr, groups)?;
            (d.r2, d.shapley, None)
        }
        ImportanceMethod::ShapleySampled => {
            let s = sample(corr, groups, opts.permutations, opts.seed)?;
            (s.r2, s.shapley, Some(s.se))
        }
        ImportanceMethod::RelativeWeights => {
            let rw = relative_weights_corr(corr, groups)?;
            (rw.r2, rw.weights, None)
        }
    })
}

/// The importance of journey phases (or any grouping of touchpoints) as
/// players, in the linear model of [`crate::fit_kpi`].
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseImportance {
    /// How `importance` was computed (by the number of phases with a term
    /// in the model; see [`importance_method_for`]).
    pub method: ImportanceMethod,
    /// R² of the model.
    pub r2: f64,
    /// Per phase `0..=max(phases)`: the Shapley value (or relative weight)
    /// of all its touchpoints' terms together; 0 for a phase without terms
    /// in the model. They sum to `r2`.
    pub importance: Vec<f64>,
    /// Standard errors when the method is sampled Shapley.
    pub importance_se: Option<Vec<f64>>,
    /// Johnson's relative weight of each phase.
    pub relative_weight: Vec<f64>,
}

/// Decomposes the R² of the impact model of `data` (the same terms as
/// [`crate::fit_kpi`] with `opts` keeps) over journey phases: `phases[j]`
/// is the phase of touchpoint `j`, and all terms of a phase's touchpoints
/// form one player. With few phases this is exact even for many
/// touchpoints.
pub fn phase_importance(
    data: &DriverData,
    phases: &[usize],
    opts: &ModelOptions,
) -> Result<PhaseImportance, RegressionError> {
    if phases.len() != data.touchpoints.len() {
        return Err(RegressionError::LengthMismatch {
            what: "the phases".into(),
            expected: data.touchpoints.len(),
            got: phases.len(),
        });
    }
    let design = build_design(data, opts)?;
    let n_phases = phases.iter().max().map_or(0, |m| m + 1);
    // Players: the phases with a term in the model, in phase order.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n_phases];
    for (pos, &k) in design.kept_idx.iter().enumerate() {
        members[phases[design.candidates[k].term.touchpoint]].push(pos);
    }
    let players: Vec<usize> = (0..n_phases).filter(|&p| !members[p].is_empty()).collect();
    let groups: Vec<Vec<usize>> = players.iter().map(|&p| members[p].clone()).collect();
    let kept_corr = design.kept_correlation();
    let gi = group_importance(&kept_corr, &groups, opts)?;
    let mut importance = vec![0.0; n_phases];
    let mut relative_weight = vec![0.0; n_phases];
    let mut se = gi.se.as_ref().map(|_| vec![0.0; n_phases]);
    for (g, &p) in players.iter().enumerate() {
        importance[p] = gi.values[g].max(0.0);
        relative_weight[p] = gi.relative[g];
        if let (Some(out), Some(from)) = (se.as_mut(), gi.se.as_ref()) {
            out[p] = from[g];
        }
    }
    Ok(PhaseImportance {
        method: gi.method,
        r2: gi.r2,
        importance,
        importance_se: se,
        relative_weight,
    })
}
