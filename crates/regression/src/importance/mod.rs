//! Importance: the share of a KPI model's R² each touchpoint (or journey
//! phase) accounts for, by one of three methods behind one dispatcher.
//!
//! Why three methods: exact Shapley (LMG, [`exact`]) is the reference, but
//! its cost doubles with every touchpoint. Up to
//! [`ModelOptions::exact_limit`] touchpoints (default 25, about a second) it
//! is exact; up to [`ModelOptions::sampling_limit`] (default 100) the
//! Shapley values are estimated from sampled orders with a standard error
//! ([`sampled`]); above that, where even a sample of orders costs seconds
//! per KPI, Johnson's relative weights ([`relweights`], one
//! eigendecomposition) are the importance. Relative weights and the
//! condition number of the design are computed for every model, so the
//! report can always show them beside Shapley.
//!
//! [`decompose_by`] is the one place that runs a method: the linear model,
//! the bootstrap replicates and the logistic model's control variate all
//! call it with their own [`Estimator`].

mod exact;
mod relweights;
mod sampled;

pub use exact::{shapley_decomposition, shapley_from_correlation, Decomposition, MAX_EXACT_GROUPS};
pub use relweights::{relative_weights, relative_weights_from_correlation, RelativeWeights};
pub use sampled::{
    sampled_shapley, sampled_shapley_from_correlation, SampledDecomposition, DEFAULT_PERMUTATIONS,
};

pub(crate) use exact::decompose;

use crate::design::build_design;
use crate::linalg::Correlation;
use crate::{DriverData, ImportanceMethod, ModelOptions, RegressionError};
use relweights::relative_weights_corr;
use sampled::sample;

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
    let Importances { r2, values, se } = match method {
        ImportanceMethod::RelativeWeights => Importances {
            r2: rw.r2,
            values: rw.weights.clone(),
            se: None,
        },
        _ => decompose_by(corr, groups, &Estimator::for_model(method, opts))?,
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

/// How a decomposition is estimated: its method and, for sampled Shapley,
/// how many permutations are drawn with which seed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Estimator {
    pub method: ImportanceMethod,
    pub permutations: usize,
    pub seed: u64,
}

impl Estimator {
    /// `method` with the model options' permutations and seed.
    pub(crate) fn for_model(method: ImportanceMethod, opts: &ModelOptions) -> Estimator {
        Estimator {
            method,
            permutations: opts.permutations,
            seed: opts.seed,
        }
    }
}

/// A decomposition of R² over groups of predictors.
pub(crate) struct Importances {
    /// R² of all the groups' columns.
    pub r2: f64,
    /// Importance of each group; they sum to `r2`.
    pub values: Vec<f64>,
    /// Standard errors, for sampled Shapley only.
    pub se: Option<Vec<f64>>,
}

/// Decomposes the R² of `corr` over `groups` as `estimator` says: exact
/// Shapley (at most [`MAX_EXACT_GROUPS`] groups), sampled Shapley or
/// Johnson's relative weights.
pub(crate) fn decompose_by(
    corr: &Correlation,
    groups: &[Vec<usize>],
    estimator: &Estimator,
) -> Result<Importances, RegressionError> {
    Ok(match estimator.method {
        ImportanceMethod::ShapleyExact => {
            let d = decompose(corr, groups)?;
            Importances {
                r2: d.r2,
                values: d.shapley,
                se: None,
            }
        }
        ImportanceMethod::ShapleySampled => {
            let s = sample(corr, groups, estimator.permutations, estimator.seed)?;
            Importances {
                r2: s.r2,
                values: s.shapley,
                se: Some(s.se),
            }
        }
        ImportanceMethod::RelativeWeights => {
            let rw = relative_weights_corr(corr, groups)?;
            Importances {
                r2: rw.r2,
                values: rw.weights,
                se: None,
            }
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
