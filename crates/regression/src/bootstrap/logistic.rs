//! Logistic KPIs in the bootstrap: each replicate's log-odds coefficients
//! and pseudo-R², and what they need to be summed per respondent or per
//! chunk.
//!
//! The logistic model uses exactly the raw columns of the fixed design (the
//! intercept, `d_j` and `q_j = d_j (x_j - m_j)` with the full-sample centre
//! `m_j`), so a respondent's raw vector is also its logistic design row.
//!
//! * **Respondent bootstrap**: the replicate's maximum-likelihood fit,
//!   weights `w_i` times how often respondent `i` was drawn, by
//!   Newton-Raphson with step halving started from the full-sample
//!   coefficients (it converges in a few steps).
//! * **Block bootstrap**: one pass over the rows stores each chunk's
//!   log-likelihood, score `g_c` and information `H_c` at the full-sample
//!   coefficients `b`. A replicate adds them with its chunk counts and takes
//!   one Newton step, `b* = b + H*^-1 g*`, with log-likelihood
//!   `LL*(b) + g*' d - d' H* d / 2` (`d = b* - b`): the one-step bootstrap
//!   (the estimating-function bootstrap of Hu and Kalbfleisch, 2000), which
//!   differs from a full refit by `O(1/n)` while the replicates spread by
//!   `O(1/sqrt(n))`; the block bootstrap runs from 20,000 respondents on.

use super::rows::SparseRows;
use crate::linalg::{add_outer, packed_len, row_base, solve_spd};
use crate::logistic::{sigmoid, softplus};
use crate::{KpiModel, ModelKind};

/// Most Newton-Raphson iterations of a replicate's refit.
const MAX_ITERATIONS: usize = 30;

/// Marks a raw column that is not a parameter of the logistic model.
const NONE: usize = usize::MAX;

/// The logistic side of a KPI's fixed design.
#[derive(Debug, Clone)]
pub(super) struct LogitDesign {
    /// Parameter of each raw column (0 = the intercept), [`NONE`] for the
    /// noise and KPI columns and for terms that are not in the model.
    param: Vec<usize>,
    /// Number of parameters, the intercept included.
    pub(super) m: usize,
    /// Full-sample coefficients per parameter.
    pub(super) beta: Vec<f64>,
    /// The full-sample KPI mean the raw KPI column is centred at.
    kpi_mean: f64,
}

/// A replicate's logistic fit.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LogitFit {
    /// Log-likelihood at `beta` under the replicate's weights.
    pub(super) ll: f64,
    /// Coefficients per parameter.
    pub(super) beta: Vec<f64>,
}

/// Weighted log-likelihood, score and packed information of a logistic
/// model at given coefficients.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LogitStats {
    pub(super) ll: f64,
    pub(super) grad: Vec<f64>,
    pub(super) hess: Vec<f64>,
}

impl LogitStats {
    pub(super) fn zeros(m: usize) -> LogitStats {
        LogitStats {
            ll: 0.0,
            grad: vec![0.0; m],
            hess: vec![0.0; packed_len(m)],
        }
    }

    /// Adds `c` times `other`.
    pub(super) fn add_scaled(&mut self, other: &LogitStats, c: f64) {
        self.ll += c * other.ll;
        for (a, b) in self.grad.iter_mut().zip(&other.grad) {
            *a += c * b;
        }
        for (a, b) in self.hess.iter_mut().zip(&other.hess) {
            *a += c * b;
        }
    }

    /// The Newton step `H^-1 g` and the log-likelihood it reaches on the
    /// quadratic expansion, `ll + g' d - d' H d / 2`.
    pub(super) fn newton(&self, m: usize) -> (Vec<f64>, f64) {
        let mut full = vec![0.0; m * m];
        for a in 0..m {
            for b in a..m {
                let v = self.hess[row_base(m, a) + b];
                full[a * m + b] = v;
                full[b * m + a] = v;
            }
        }
        let mut step = vec![0.0; m];
        solve_spd(&full, &self.grad, m, &mut step);
        let gd: f64 = self.grad.iter().zip(&step).map(|(g, d)| g * d).sum();
        let dhd: f64 = (0..m)
            .map(|a| step[a] * (0..m).map(|b| full[a * m + b] * step[b]).sum::<f64>())
            .sum();
        (step, self.ll + gd - 0.5 * dhd)
    }
}

impl LogitDesign {
    /// The logistic side of `model`'s fixed design (`None` for a linear
    /// model). `players` lists the touchpoints with a term, in order; raw
    /// columns are laid out as in [`super::fixed_design::FixedDesign`] with `dim` entries.
    pub(super) fn new(model: &KpiModel, players: &[usize], dim: usize) -> Option<LogitDesign> {
        if model.model != ModelKind::Logistic {
            return None;
        }
        let mut param = vec![NONE; dim];
        let mut beta = vec![model.intercept];
        param[0] = 0;
        for (g, &j) in players.iter().enumerate() {
            let e = &model.touchpoints[j];
            for (raw, effect) in [
                (1 + 2 * g, e.incidence_effect),
                (2 + 2 * g, e.quality_effect),
            ] {
                if let Some(b) = effect {
                    param[raw] = beta.len();
                    beta.push(if b.is_finite() { b } else { 0.0 });
                }
            }
        }
        Some(LogitDesign {
            m: beta.len(),
            param,
            beta,
            kpi_mean: model.kpi_mean,
        })
    }

    /// The coefficient of raw column `raw`, 0 when it is not a parameter.
    pub(super) fn coefficient(&self, beta: &[f64], raw: usize) -> f64 {
        match self.param.get(raw) {
            Some(&p) if p != NONE => beta[p],
            _ => 0.0,
        }
    }

    /// Adds one respondent (its raw vector's non-zero entries, KPI last)
    /// with weight `v` at coefficients `beta`.
    pub(super) fn accumulate(
        &self,
        beta: &[f64],
        idx: &[usize],
        val: &[f64],
        v: f64,
        scratch: &mut (Vec<usize>, Vec<f64>),
        stats: &mut LogitStats,
    ) {
        let (pidx, pval) = scratch;
        pidx.clear();
        pval.clear();
        let mut eta = 0.0;
        let mut y = 0.0;
        let last = self.param.len() - 1;
        for (&raw, &x) in idx.iter().zip(val) {
            if raw == last {
                y = if x + self.kpi_mean > 0.5 { 1.0 } else { 0.0 };
                continue;
            }
            let p = self.param[raw];
            if p != NONE {
                eta += beta[p] * x;
                pidx.push(p);
                pval.push(x);
            }
        }
        let p = sigmoid(eta);
        stats.ll += v * (y * eta - softplus(eta));
        let r = v * (y - p);
        for (&a, &x) in pidx.iter().zip(pval.iter()) {
            stats.grad[a] += r * x;
        }
        add_outer(&mut stats.hess, self.m, pidx, pval, v * p * (1.0 - p));
    }

    /// The statistics of a KPI's rows at `beta`, each row weighted by its
    /// weight times its count.
    fn rows_stats(&self, rows: &SparseRows, counts: &[u32], beta: &[f64]) -> LogitStats {
        let mut stats = LogitStats::zeros(self.m);
        let mut scratch = (Vec::new(), Vec::new());
        for (r, &p) in rows.pos.iter().enumerate() {
            let c = counts[p];
            if c == 0 {
                continue;
            }
            let (a, b) = (rows.start[r], rows.start[r + 1]);
            self.accumulate(
                beta,
                &rows.idx[a..b],
                &rows.val[a..b],
                c as f64 * rows.weight[r],
                &mut scratch,
                &mut stats,
            );
        }
        stats
    }

    /// The replicate's maximum-likelihood fit on respondent counts: Newton
    /// steps from the full-sample coefficients, halved whenever a step
    /// would lower the likelihood, until the coefficients stop moving (or
    /// the classes turn out separated in this replicate, when the
    /// likelihood stops rising while the coefficients still move).
    pub(super) fn fit_rows(&self, rows: &SparseRows, counts: &[u32]) -> LogitFit {
        let mut beta = self.beta.clone();
        let mut stats = self.rows_stats(rows, counts, &beta);
        for _ in 0..MAX_ITERATIONS {
            let (delta, _) = stats.newton(self.m);
            let mut step = 1.0;
            let mut accepted = None;
            for _ in 0..30 {
                let trial: Vec<f64> = beta.iter().zip(&delta).map(|(b, d)| b + step * d).collect();
                let trial_stats = self.rows_stats(rows, counts, &trial);
                if trial_stats.ll >= stats.ll - 1e-12 * stats.ll.abs().max(1.0) {
                    accepted = Some((trial, trial_stats));
                    break;
                }
                step *= 0.5;
            }
            let Some((trial, trial_stats)) = accepted else {
                break;
            };
            let gain = trial_stats.ll - stats.ll;
            let size = trial.iter().fold(1.0f64, |a, b| a.max(b.abs()));
            let moved = delta.iter().fold(0.0f64, |a, d| a.max(d.abs())) * step;
            beta = trial;
            stats = trial_stats;
            if moved <= 1e-9 * size || gain <= 1e-13 * (stats.ll.abs() + 1.0) {
                break;
            }
        }
        LogitFit { ll: stats.ll, beta }
    }

    /// The replicate's one-step fit from chunk statistics at the
    /// full-sample coefficients (see the module docs).
    pub(super) fn fit_chunks(&self, chunks: &[LogitStats], counts: &[u32]) -> LogitFit {
        let mut total = LogitStats::zeros(self.m);
        for (s, &c) in chunks.iter().zip(counts) {
            if c > 0 {
                total.add_scaled(s, c as f64);
            }
        }
        let (delta, ll) = total.newton(self.m);
        let beta = self.beta.iter().zip(&delta).map(|(b, d)| b + d).collect();
        LogitFit {
            ll: ll.min(0.0),
            beta,
        }
    }
}
