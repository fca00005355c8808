//! The design of a KPI model: which incidence and quality terms a
//! touchpoint can bring, which of them enter (the collinearity screen),
//! their covariances and correlations with the KPI, and the touchpoints as
//! players of the importance decompositions.
//!
//! Why a module of its own: the linear fit, the logistic fit and the
//! journey-phase importance all start from the same design, and checking
//! the inputs once here means the algorithms after it never re-check them.

use crate::linalg::{weighted_covariance, Correlation, Factor};
use crate::{
    Capacity, DriverData, DropReason, DroppedTerm, ModelOptions, RegressionError, Term, TermRef,
    TouchpointEffect,
};

/// Fewest respondents a KPI model accepts.
pub const MIN_RESPONDENTS: usize = 3;

/// Respondents with the rarer answer a yes/no KPI's model needs per term
/// (the default of [`ModelOptions::per_term`]): the usual "ten events per
/// variable" of logistic regression (Peduzzi et al. 1996).
pub const PER_TERM: usize = 10;

/// A KPI with more than two answers needs half as many respondents per
/// term as a yes/no KPI needs of its rarer answer ([`PER_TERM`]: five by
/// default). Every respondent's answer carries information there, and
/// linear coefficients are estimated well from about two respondents per
/// term (Austin and Steyerberg 2015); five keeps the R² that noise alone
/// would give (`terms / (n - 1)`) near a fifth, which the noise benchmark
/// of the report then shows, and lets a segment group of the default
/// minimum size (200) carry a survey of some twenty touchpoints.
pub fn per_term_continuous(per_term: usize) -> usize {
    per_term.div_ceil(2)
}

/// Checks that predictors, KPI and weights line up and are usable.
pub(crate) fn check_inputs<'a>(
    columns: impl Iterator<Item = &'a [f64]>,
    y: &[f64],
    weights: Option<&[f64]>,
) -> Result<(), RegressionError> {
    let n = y.len();
    for (j, c) in columns.enumerate() {
        if c.len() != n {
            return Err(RegressionError::LengthMismatch {
                what: format!("predictor {j}"),
                expected: n,
                got: c.len(),
            });
        }
        if let Some(index) = c.iter().position(|v| !v.is_finite()) {
            return Err(RegressionError::NonFinite {
                what: format!("predictor {j}"),
                index,
            });
        }
    }
    if let Some(index) = y.iter().position(|v| !v.is_finite()) {
        return Err(RegressionError::NonFinite {
            what: "the KPI".into(),
            index,
        });
    }
    check_weights(weights, n)
}

fn check_weights(weights: Option<&[f64]>, n: usize) -> Result<(), RegressionError> {
    if let Some(w) = weights {
        if w.len() != n {
            return Err(RegressionError::LengthMismatch {
                what: "the weights".into(),
                expected: n,
                got: w.len(),
            });
        }
        if let Some(index) = w.iter().position(|v| !(v.is_finite() && *v > 0.0)) {
            return Err(RegressionError::InvalidWeight {
                index,
                value: w[index],
            });
        }
    }
    Ok(())
}

/// A candidate column of the design.
pub(crate) struct Column {
    pub term: TermRef,
    pub values: Vec<f64>,
}

/// The design of one KPI model, shared by the linear ([`crate::fit_kpi`]) and the
/// logistic ([`crate::fit_kpi_logistic`]) fit: the candidate terms, which of
/// them survived the screening, and the respondent-level summaries.
pub(crate) struct Design {
    /// Respondents in the model.
    pub n: usize,
    /// Sum of their weights.
    pub weighted_n: f64,
    /// Weighted mean and variance (divisor: the sum of weights) of the KPI.
    pub kpi_mean: f64,
    pub kpi_var: f64,
    /// Every candidate term, in touchpoint order (incidence first).
    pub candidates: Vec<Column>,
    /// Indices into `candidates` of the terms in the model, in order.
    pub kept_idx: Vec<usize>,
    /// Weighted covariance of the candidates followed by the KPI.
    pub cov: Vec<f64>,
    /// The same as correlations.
    pub corr: Correlation,
    /// Per touchpoint: bases, centre and small-base flag filled in; effects
    /// and importances still empty.
    pub effects: Vec<TouchpointEffect>,
    /// Terms left out, with reasons, sorted by touchpoint.
    pub dropped: Vec<DroppedTerm>,
    /// The candidates' weighted means when the design was built from
    /// sufficient statistics (`crate::moments`): its candidates then carry
    /// no row values and every fit works from `cov` and these.
    pub means: Option<Vec<f64>>,
}

impl Design {
    /// Makes `y` (one value per respondent) the design's KPI: its mean,
    /// variance and covariances with the candidate terms replace the old
    /// KPI's, as [`build_design`] would compute them; the terms stay.
    pub(crate) fn replace_kpi(
        &mut self,
        y: &[f64],
        weights: Option<&[f64]>,
    ) -> Result<(), RegressionError> {
        if y.len() != self.n {
            return Err(RegressionError::LengthMismatch {
                what: "the second KPI".into(),
                expected: self.n,
                got: y.len(),
            });
        }
        check_inputs(std::iter::empty(), y, None)?;
        let w = |i: usize| weights.map_or(1.0, |w| w[i]);
        let total = self.weighted_n;
        let mean = (0..self.n).map(|i| w(i) * y[i]).sum::<f64>() / total;
        let var = (0..self.n)
            .map(|i| w(i) * (y[i] - mean).powi(2))
            .sum::<f64>()
            / total;
        if var <= 1e-12 * mean.abs().max(1.0).powi(2) {
            return Err(RegressionError::ConstantKpi { value: mean });
        }
        let p = self.candidates.len();
        let dim = p + 1;
        for (k, c) in self.candidates.iter().enumerate() {
            // sum w (c - mean_c)(y - mean) = sum w c (y - mean).
            let v = (0..self.n)
                .map(|i| w(i) * c.values[i] * (y[i] - mean))
                .sum::<f64>()
                / total;
            self.cov[k * dim + p] = v;
            self.cov[p * dim + k] = v;
        }
        self.cov[p * dim + p] = var;
        self.kpi_mean = mean;
        self.kpi_var = var;
        self.corr = Correlation::from_covariance(p, &self.cov);
        Ok(())
    }

    /// The capacity rule (see [`Capacity`]): the terms in the model against
    /// the limiting sample size of the KPI `y` (the design's respondents,
    /// or when `y` holds two values the count of the rarer one), checked
    /// before any fit so that a model its data cannot carry costs nothing.
    pub(crate) fn check_capacity(&self, y: &[f64], per_term: usize) -> Result<(), RegressionError> {
        self.check_capacity_of(rarer_answer(y), per_term)
    }

    /// [`Design::check_capacity`] given the count of the rarer answer when
    /// the KPI holds exactly two values (`None` otherwise).
    pub(crate) fn check_capacity_of(
        &self,
        rarer: Option<usize>,
        per_term: usize,
    ) -> Result<(), RegressionError> {
        if per_term == 0 {
            return Ok(());
        }
        // Every term the survey's touchpoints bring, collinear ones
        // included: the refusal speaks of the survey, not of the model
        // left after screening.
        let all: Vec<usize> = (0..self.candidates.len()).collect();
        let capacity = Capacity {
            touchpoints: touchpoint_groups(&self.candidates, &all).0.len(),
            terms: self.candidates.len(),
            base: 0,
            rarer_answer: false,
            per_term,
        };
        let capacity = match rarer {
            Some(rarer) => Capacity {
                base: rarer,
                rarer_answer: true,
                ..capacity
            },
            None => Capacity {
                base: self.n,
                per_term: per_term_continuous(per_term),
                ..capacity
            },
        };
        if capacity.suffices() {
            Ok(())
        } else {
            Err(RegressionError::TooManyTerms(capacity))
        }
    }

    /// The correlations of the terms in the model and the KPI (KPI last):
    /// what the importance decompositions work on.
    pub(crate) fn kept_correlation(&self) -> Correlation {
        self.corr.restrict(&self.kept_idx)
    }
}

/// How many respondents gave the rarer answer when `y` holds exactly two
/// values (a yes/no KPI, whatever its model); `None` otherwise.
fn rarer_answer(y: &[f64]) -> Option<usize> {
    let first = *y.first()?;
    let second = y.iter().copied().find(|&v| v != first)?;
    let mut count = [0usize; 2];
    for &v in y {
        if v == first {
            count[0] += 1;
        } else if v == second {
            count[1] += 1;
        } else {
            return None;
        }
    }
    Some(count[0].min(count[1]))
}

/// The Shapley players of a design: the touchpoints with a term in the
/// model, and per player the positions (in `kept_idx` order) of its terms.
pub(crate) fn touchpoint_groups(
    candidates: &[Column],
    kept_idx: &[usize],
) -> (Vec<usize>, Vec<Vec<usize>>) {
    let mut players: Vec<usize> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (pos, &k) in kept_idx.iter().enumerate() {
        let tp = candidates[k].term.touchpoint;
        if players.last() != Some(&tp) {
            players.push(tp);
            groups.push(Vec::new());
        }
        if let Some(g) = groups.last_mut() {
            g.push(pos);
        }
    }
    (players, groups)
}

/// Checks the inputs of a KPI model and builds its design: the candidate
/// incidence and quality terms of every touchpoint, the reasons for those
/// that cannot enter, and a collinearity screen (see [`crate::fit_kpi`]).
pub(crate) fn build_design(
    data: &DriverData,
    opts: &ModelOptions,
) -> Result<Design, RegressionError> {
    check_driver_data(data)?;
    let y = &data.kpi;
    let n = y.len();
    let weights = data.weights.as_deref();
    let w = |i: usize| weights.map_or(1.0, |w| w[i]);
    let weighted_n: f64 = (0..n).map(w).sum();
    let kpi_mean = (0..n).map(|i| w(i) * y[i]).sum::<f64>() / weighted_n;
    let kpi_var = (0..n)
        .map(|i| w(i) * (y[i] - kpi_mean).powi(2))
        .sum::<f64>()
        / weighted_n;
    if kpi_var <= 1e-12 * kpi_mean.abs().max(1.0).powi(2) {
        return Err(RegressionError::ConstantKpi { value: kpi_mean });
    }

    // Candidate terms per touchpoint, in touchpoint order (incidence first).
    let mut dropped = Vec::new();
    let mut candidates = Vec::new();
    let mut effects = Vec::with_capacity(data.touchpoints.len());
    for (j, tp) in data.touchpoints.iter().enumerate() {
        effects.push(add_candidates(
            j,
            tp,
            weights,
            opts,
            &mut candidates,
            &mut dropped,
        ));
    }

    // Screen for collinearity on the correlation scale, in term order: a
    // term that (almost) lies in the span of the terms kept before it goes.
    let cand_values: Vec<&[f64]> = candidates.iter().map(|c| c.values.as_slice()).collect();
    let cov = weighted_covariance(&cand_values, y, weights);
    let design = Design {
        n,
        weighted_n,
        kpi_mean,
        kpi_var,
        corr: Correlation::from_covariance(candidates.len(), &cov),
        candidates,
        kept_idx: Vec::new(),
        cov,
        effects,
        dropped,
        means: None,
    };
    Ok(design.screened())
}

impl Design {
    /// The design with its collinearity screen done (`kept_idx`) and its
    /// dropped terms sorted by touchpoint.
    pub(crate) fn screened(mut self) -> Design {
        self.kept_idx = screen_collinear(&self.corr, &self.candidates, &mut self.dropped);
        self.dropped
            .sort_by_key(|d| (d.touchpoint, d.term == Term::Quality));
        self
    }
}

/// Checks that every touchpoint, the KPI and the weights of `data` line up
/// and are usable, and that there are enough respondents.
fn check_driver_data(data: &DriverData) -> Result<(), RegressionError> {
    let y = &data.kpi;
    let n = y.len();
    for (j, tp) in data.touchpoints.iter().enumerate() {
        if tp.len() != n {
            return Err(RegressionError::LengthMismatch {
                what: format!("touchpoint {j}"),
                expected: n,
                got: tp.len(),
            });
        }
        if let Some(index) = tp.iter().position(|v| v.is_some_and(|v| !v.is_finite())) {
            return Err(RegressionError::NonFinite {
                what: format!("touchpoint {j}"),
                index,
            });
        }
    }
    check_inputs(std::iter::empty(), y, None)?;
    check_weights(data.weights.as_deref(), n)?;
    if n < MIN_RESPONDENTS {
        return Err(RegressionError::TooFewRespondents {
            n,
            min: MIN_RESPONDENTS,
        });
    }
    Ok(())
}

/// Adds touchpoint `j`'s candidate terms (`tp`: its ratings, `None` = not
/// experienced) to `candidates`, or the reasons they cannot enter to
/// `dropped`, and returns its effect with bases and centre filled in.
fn add_candidates(
    j: usize,
    tp: &[Option<f64>],
    weights: Option<&[f64]>,
    opts: &ModelOptions,
    candidates: &mut Vec<Column>,
    dropped: &mut Vec<DroppedTerm>,
) -> TouchpointEffect {
    let n = tp.len();
    let w = |i: usize| weights.map_or(1.0, |w| w[i]);
    let n_exp = tp.iter().filter(|v| v.is_some()).count();
    let n_not = n - n_exp;
    let w_exp: f64 = (0..n).filter(|&i| tp[i].is_some()).map(w).sum();
    let centre =
        (n_exp > 0).then(|| (0..n).filter_map(|i| tp[i].map(|x| w(i) * x)).sum::<f64>() / w_exp);
    let drop = |term, reason| DroppedTerm {
        touchpoint: j,
        term,
        reason,
    };
    let (incidence, quality) = term_checks(n_exp, n_not, centre, opts, |m| {
        tp.iter()
            .flatten()
            .map(|x| (x - m).abs())
            .fold(0.0, f64::max)
    });
    match incidence {
        Ok(()) => candidates.push(Column {
            term: TermRef {
                touchpoint: j,
                term: Term::Incidence,
            },
            values: tp
                .iter()
                .map(|v| if v.is_some() { 1.0 } else { 0.0 })
                .collect(),
        }),
        Err(reason) => dropped.push(drop(Term::Incidence, reason)),
    }
    match quality {
        Ok(m) => candidates.push(Column {
            term: TermRef {
                touchpoint: j,
                term: Term::Quality,
            },
            values: tp.iter().map(|v| v.map_or(0.0, |x| x - m)).collect(),
        }),
        Err(reason) => dropped.push(drop(Term::Quality, reason)),
    }
    TouchpointEffect::unfitted(n_exp, n_not, centre, n_exp < opts.small_base)
}

/// Whether a touchpoint's incidence term and its quality term can enter a
/// model, from its respondents who did (`n_exp`) and did not (`n_not`)
/// experience it, the weighted mean of their ratings (`centre`) and the
/// largest distance of a rating from a centre (`spread`): the quality
/// term's `Ok` holds its centre.
pub(crate) fn term_checks(
    n_exp: usize,
    n_not: usize,
    centre: Option<f64>,
    opts: &ModelOptions,
    spread: impl FnOnce(f64) -> f64,
) -> (Result<(), DropReason>, Result<f64, DropReason>) {
    let incidence = if n_exp == 0 {
        Err(DropReason::TooFewExperienced { n: 0 })
    } else if n_not == 0 {
        Err(DropReason::EveryoneExperienced)
    } else if n_not < opts.min_not_experienced {
        Err(DropReason::TooFewNotExperienced {
            n: n_not,
            min: opts.min_not_experienced,
        })
    } else {
        Ok(())
    };
    let quality = match centre {
        _ if n_exp < 2 => Err(DropReason::TooFewExperienced { n: n_exp }),
        Some(m) => {
            if spread(m) <= 1e-12 * m.abs().max(1.0) {
                Err(DropReason::NoVariation)
            } else {
                Ok(m)
            }
        }
        None => Err(DropReason::TooFewExperienced { n: n_exp }),
    };
    (incidence, quality)
}

/// Greedy pivoted Cholesky in term order: returns the indices of the terms
/// kept and records each dropped one with the kept terms it depends on.
fn screen_collinear(
    corr: &Correlation,
    candidates: &[Column],
    dropped: &mut Vec<DroppedTerm>,
) -> Vec<usize> {
    let mut factor = Factor::new(corr);
    for k in 0..corr.p {
        if factor.push(k) {
            continue;
        }
        let with = factor
            .cols()
            .iter()
            .zip(&factor.rejected_dependence())
            .filter(|(_, c)| c.abs() > 1e-6)
            .map(|(&i, _)| candidates[i].term)
            .collect();
        let term = candidates[k].term;
        let reason = if corr.at(k, k) == 0.0 {
            DropReason::NoVariation
        } else {
            DropReason::Collinear { with }
        };
        dropped.push(DroppedTerm {
            touchpoint: term.touchpoint,
            term: term.term,
            reason,
        });
    }
    factor.cols().to_vec()
}
