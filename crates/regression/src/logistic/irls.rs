//! Maximum-likelihood fitting of a logistic model: Newton-Raphson
//! (iteratively reweighted least squares) with step halving on the
//! weighted log-likelihood, and the link functions it needs.
//!
//! Why its own file: one estimator serves the full model, the thousands of
//! sub-model fits of the pseudo-R² decomposition and [`crate::fit_logistic`],
//! so its speed (the chord method, eight-lane sums) and its stopping rules
//! (convergence, separation) are tuned in one place.

use crate::linalg::solve_spd;

/// Newton-Raphson iterations per fit before it gives up (a fit that needs
/// them all is reported as not converged).
pub const LOGISTIC_MAX_ITERATIONS: usize = 60;

/// How close to its maximum, relative to `|LL(0)|`, a sub-model fit of the
/// pseudo-R² decomposition stops: its pseudo-R² is then off by about
/// `1e-10`, far below the sampling error of a sampled decomposition and
/// the digits a report shows.
const SUBSET_LL_TOLERANCE: f64 = 1e-10;

/// `1 - LL / LL0`, 0 when there is nothing to explain, never negative.
pub(crate) fn pseudo_r2(ll: f64, ll0: f64) -> f64 {
    if ll0 < 0.0 {
        (1.0 - ll / ll0).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Log-likelihood of the intercept-only model, `W (p log p + (1 - p)
/// log(1 - p))`, for weight sum `W` and positive share `p`.
pub(crate) fn null_log_likelihood(total: f64, share: f64) -> f64 {
    let xlogx = |p: f64| if p > 0.0 { p * p.ln() } else { 0.0 };
    total * (xlogx(share) + xlogx(1.0 - share))
}

/// `log(1 + exp(x))` without overflow.
pub(crate) fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// `1 / (1 + exp(-x))` without overflow.
pub(crate) fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// The rows of one logistic problem: columns (column-major), 0/1 KPI and
/// weights.
pub(super) struct Problem<'a> {
    pub(super) n: usize,
    pub(super) columns: &'a [Vec<f64>],
    y: &'a [f64],
    w: Vec<f64>,
    /// Weighted share of the positive class.
    share: f64,
    /// Log-likelihood of the intercept-only model.
    pub(super) null_ll: f64,
}

/// One fit of a subset of columns.
#[derive(Debug, Clone)]
pub(super) struct SubsetFit {
    /// Intercept first, then the subset's columns in the order given.
    pub(super) coef: Vec<f64>,
    pub(super) ll: f64,
    pub(super) iterations: usize,
    pub(super) converged: bool,
    /// Positions in `coef` still moving when the fit stopped.
    pub(super) diverging: Vec<usize>,
}

/// Scratch vectors reused across fits.
pub(super) struct Workspace {
    eta: Vec<f64>,
    trial: Vec<f64>,
    v: Vec<f64>,
    vx: Vec<f64>,
}

impl Workspace {
    pub(super) fn new(n: usize) -> Self {
        Workspace {
            eta: vec![0.0; n],
            trial: vec![0.0; n],
            v: vec![0.0; n],
            vx: vec![0.0; n],
        }
    }
}

impl<'a> Problem<'a> {
    pub(super) fn new(columns: &'a [Vec<f64>], y: &'a [f64], weights: Option<&[f64]>) -> Self {
        let n = y.len();
        let w: Vec<f64> = weights.map_or_else(|| vec![1.0; n], |w| w.to_vec());
        let total: f64 = w.iter().sum();
        let positive: f64 = w.iter().zip(y).map(|(w, y)| w * y).sum();
        let share = if total > 0.0 { positive / total } else { 0.0 };
        let null_ll = null_log_likelihood(total, share);
        Problem {
            n,
            columns,
            y,
            w,
            share,
            null_ll,
        }
    }

    /// Starting values: the intercept-only maximum, zero slopes.
    pub(super) fn start(&self, k: usize) -> Vec<f64> {
        let p = self.share.clamp(1e-12, 1.0 - 1e-12);
        let mut start = vec![0.0; k + 1];
        start[0] = (p / (1.0 - p)).ln();
        start
    }

    /// Linear predictor of `coef` (intercept first) on `cols` into `eta`,
    /// returning the log-likelihood.
    fn eval(&self, cols: &[usize], coef: &[f64], eta: &mut [f64]) -> f64 {
        eta.fill(coef[0]);
        for (k, &c) in cols.iter().enumerate() {
            let b = coef[k + 1];
            if b != 0.0 {
                for (e, x) in eta.iter_mut().zip(&self.columns[c]) {
                    *e += b * x;
                }
            }
        }
        eta.iter()
            .zip(self.y)
            .zip(&self.w)
            .map(|((&e, &y), &w)| w * (y * e - softplus(e)))
            .sum()
    }

    /// The gradient `X'W(y - p)` at the linear predictor in `ws.eta` into
    /// `grad` and, when `fresh`, the information `X'W diag(p(1-p)) X` into
    /// `hess` (`m x m`, the intercept as column 0); `ws.vx`, `ws.v` and
    /// `ws.trial` serve as scratch.
    fn gradient_information(
        &self,
        cols: &[usize],
        ws: &mut Workspace,
        fresh: bool,
        grad: &mut [f64],
        hess: &mut [f64],
    ) {
        let m = cols.len() + 1;
        let mut g0 = 0.0;
        let mut h00 = 0.0;
        for i in 0..self.n {
            let p = sigmoid(ws.eta[i]);
            let r = self.w[i] * (self.y[i] - p);
            ws.vx[i] = r;
            g0 += r;
            if fresh {
                let v = self.w[i] * p * (1.0 - p);
                ws.v[i] = v;
                h00 += v;
            }
        }
        grad[0] = g0;
        if fresh {
            hess[0] = h00;
        }
        for (ka, &ca) in cols.iter().enumerate() {
            let a = ka + 1;
            let xa = &self.columns[ca];
            grad[a] = dot(xa, &ws.vx);
            if !fresh {
                continue;
            }
            for (t, (x, v)) in ws.trial.iter_mut().zip(xa.iter().zip(&ws.v)) {
                *t = x * v;
            }
            hess[a * m] = sum(&ws.trial);
            hess[a] = hess[a * m];
            for (kb, &cb) in cols[..=ka].iter().enumerate() {
                let b = kb + 1;
                let h = dot(&ws.trial, &self.columns[cb]);
                hess[a * m + b] = h;
                hess[b * m + a] = h;
            }
        }
    }

    /// Newton-Raphson with step halving from `start` (intercept first, then
    /// one value per entry of `cols`).
    ///
    /// The information matrix (the expensive part: `m^2 / 2` products per
    /// row against `m` for the gradient) is recomputed only when the last
    /// step did not shrink the step size fourfold or needed halving; in
    /// between, steps reuse it (the chord method). Warm-started fits, the
    /// bulk of a decomposition, then take one full Newton step and a few
    /// cheap ones. The fixed point, a zero gradient, is the same.
    pub(super) fn fit(&self, cols: &[usize], start: &[f64], ws: &mut Workspace) -> SubsetFit {
        self.fit_to(cols, start, ws, 0.0)
    }

    /// A sub-model fit of the pseudo-R² decomposition, which needs the
    /// log-likelihood, not the last digits of the coefficients: as
    /// [`Problem::fit`], but it stops as soon as the Newton decrement
    /// says the maximum is less than [`SUBSET_LL_TOLERANCE`] times
    /// `|LL(0)|` away (a pseudo-R² off by at most about that much).
    pub(super) fn fit_subset(
        &self,
        cols: &[usize],
        start: &[f64],
        ws: &mut Workspace,
    ) -> SubsetFit {
        self.fit_to(cols, start, ws, SUBSET_LL_TOLERANCE * self.null_ll.abs())
    }

    /// Newton-Raphson as in [`Problem::fit`], stopping early once the
    /// predicted gain in `LL` of the next step, `g' H^-1 g / 2`, is at most
    /// `ll_tol` (0: run to the coefficients' convergence).
    fn fit_to(&self, cols: &[usize], start: &[f64], ws: &mut Workspace, ll_tol: f64) -> SubsetFit {
        let m = cols.len() + 1;
        let mut coef = start.to_vec();
        let mut ll = self.eval(cols, &coef, &mut ws.eta);
        let mut grad = vec![0.0; m];
        let mut hess = vec![0.0; m * m];
        let mut trial_coef = vec![0.0; m];
        let mut stalls = 0;
        let mut delta = vec![0.0; m];
        let mut fresh = true;
        let mut last_size = f64::INFINITY;
        for iteration in 1..=LOGISTIC_MAX_ITERATIONS {
            self.gradient_information(cols, ws, fresh, &mut grad, &mut hess);
            let was_fresh = fresh;
            solve_spd(&hess, &grad, m, &mut delta);
            if ll_tol > 0.0 && 0.5 * dot(&grad, &delta).abs() <= ll_tol {
                return SubsetFit {
                    coef,
                    ll,
                    iterations: iteration,
                    converged: true,
                    diverging: vec![],
                };
            }

            // Step halving: never accept a lower likelihood.
            let mut step = 1.0;
            let mut accepted = false;
            let mut stalled = false;
            for _ in 0..40 {
                for k in 0..m {
                    trial_coef[k] = coef[k] + step * delta[k];
                }
                let trial_ll = self.eval(cols, &trial_coef, &mut ws.trial);
                if trial_ll >= ll - 1e-12 * ll.abs().max(1.0) {
                    let gain = trial_ll - ll;
                    std::mem::swap(&mut coef, &mut trial_coef);
                    std::mem::swap(&mut ws.eta, &mut ws.trial);
                    ll = trial_ll;
                    accepted = true;
                    // Only full Newton steps count as stalls: a chord step
                    // that gains nothing gets a fresh matrix instead.
                    stalled = gain <= 1e-13 * (ll.abs() + 1.0);
                    if !stalled {
                        stalls = 0;
                    } else if was_fresh {
                        stalls += 1;
                    }
                    break;
                }
                step *= 0.5;
            }
            let size = coef.iter().fold(1.0f64, |a, c| a.max(c.abs()));
            let moved = delta.iter().fold(0.0f64, |a, d| a.max(d.abs())) * step;
            if accepted && moved <= 1e-10 * size {
                return SubsetFit {
                    coef,
                    ll,
                    iterations: iteration,
                    converged: true,
                    diverging: vec![],
                };
            }
            // A step from a reused information matrix that did not contract
            // well (or was halved or refused): refresh it and try again.
            let contracted = step == 1.0 && moved <= 0.25 * last_size && !stalled;
            last_size = moved;
            fresh = !contracted;
            // (A refused chord step is retried with a fresh matrix, unless
            // the iterations are used up.)
            if !was_fresh && !accepted && iteration < LOGISTIC_MAX_ITERATIONS {
                continue;
            }
            if !accepted || stalls >= 3 || iteration == LOGISTIC_MAX_ITERATIONS {
                // The likelihood no longer moves but the coefficients do:
                // they diverge (separation), or the cap was reached.
                let diverging = delta
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.abs() > 1e-3)
                    .map(|(k, _)| k)
                    .collect();
                return SubsetFit {
                    coef,
                    ll,
                    iterations: iteration,
                    converged: false,
                    diverging,
                };
            }
        }
        unreachable!("the loop returns at LOGISTIC_MAX_ITERATIONS at the latest")
    }
}

/// `sum_i a_i b_i` in eight independent lanes, so that the compiler can
/// vectorise it (a plain `sum` must add in order, one at a time).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0.0f64; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f64 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    acc.iter().sum::<f64>() + tail
}

/// `sum_i a_i` in eight lanes (see [`dot`]).
fn sum(a: &[f64]) -> f64 {
    let mut acc = [0.0f64; 8];
    let chunks = a.chunks_exact(8);
    let tail: f64 = chunks.remainder().iter().sum();
    for x in chunks {
        for k in 0..8 {
            acc[k] += x[k];
        }
    }
    acc.iter().sum::<f64>() + tail
}
