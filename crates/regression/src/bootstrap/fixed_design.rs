//! The fixed design of one KPI model in the bootstrap: which raw columns a
//! respondent brings, and how a replicate's model (R², importances,
//! impacts, what-if gains, the noise benchmark) is solved from their
//! cross-products (see the module docs of `crate::bootstrap`).

use super::logistic::{LogitDesign, LogitFit};
use super::options::{SurveySample, DEFAULT_SEED};
use crate::direction::{direction, TermWeight};
use crate::importance::{decompose_by, Estimator, MAX_EXACT_GROUPS};
use crate::linalg::{full_r2, packed_len, row_base, submatrix, Correlation, Factor};
use crate::logistic::{null_log_likelihood, pseudo_per_linear, pseudo_r2};
use crate::moments::Moments;
use crate::{ImportanceMethod, KpiModel, RegressionError};

/// Permutations per replicate when the model's importance is sampled
/// Shapley (above the exact limit).
pub(super) const REPLICATE_PERMUTATIONS: usize = 100;

/// Most touchpoint groups whose Shapley values a replicate recomputes
/// exactly (`2^18` subsets, about 10 ms); above it a replicate samples
/// [`REPLICATE_PERMUTATIONS`] permutations, shifted onto the point estimate.
pub(super) const REPLICATE_EXACT_GROUPS: usize = 18;

// A replicate's exact decomposition never meets the exact walk's limit.
const _: () = assert!(REPLICATE_EXACT_GROUPS <= MAX_EXACT_GROUPS);

/// One KPI model solved from a cross-product matrix.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ReplicateModel {
    pub(super) r2: f64,
    pub(super) importance: Vec<f64>,
    pub(super) impact: Vec<f64>,
    pub(super) noise: f64,
    /// Per touchpoint (`None` where it has no such gain).
    pub(super) gain_one_point: Vec<Option<f64>>,
    pub(super) gain_prevent: Vec<Option<f64>>,
    /// The KPI's weighted mean (oriented; a share for a yes/no KPI).
    pub(super) kpi_mean: f64,
    /// Per player: weighted share of the model's respondents who
    /// experienced the touchpoint.
    pub(super) reach: Vec<f64>,
}

/// The fixed design of one KPI model and how to read a respondent into it.
pub(super) struct FixedDesign {
    /// Raw vector length: `1 + 2 * players + 2 + 1`.
    pub(super) dim: usize,
    /// Touchpoints with a term in the model, in order; player `g` has raw
    /// columns `d` at `1 + 2g` and `q` at `2 + 2g`.
    pub(super) players: Vec<usize>,
    /// Full-sample centre of each player's quality term.
    centre: Vec<f64>,
    /// Whether each player has an incidence / a quality term.
    has_incidence: Vec<bool>,
    has_quality: Vec<bool>,
    /// Per player: the full sample's gains per unit of coefficient (see
    /// [`FixedDesign::set_gain_factors`]); `None` where the player has no
    /// such gain.
    gain_per_quality: Vec<Option<f64>>,
    gain_per_incidence: Vec<Option<f64>>,
    /// Per player: its reach on the full sample (see
    /// [`ReplicateModel::reach`]).
    pub(super) full_reach: Vec<f64>,
    /// Full-sample mean of the KPI (a shift for accuracy).
    kpi_mean: f64,
    /// How a replicate decomposes its R²: exact Shapley up to
    /// [`REPLICATE_EXACT_GROUPS`] groups; above it [`REPLICATE_PERMUTATIONS`]
    /// sampled permutations, drawn with the same seed in every replicate
    /// (common random numbers: the Monte Carlo error then hardly moves
    /// between replicates, so the spread of the replicates is the data's),
    /// or relative weights where the model has them.
    pub(super) estimator: Estimator,
    /// Whether a replicate decomposes its R² at all (see
    /// [`crate::KpiSample::importance`]).
    importance: bool,
    /// Per player: added to each replicate's importance, the difference
    /// between the point estimate and the replicates' estimator on the full
    /// sample (see [`FixedDesign::needs_shift`]); empty when not needed.
    pub(super) shift: Vec<f64>,
    touchpoints: usize,
    /// The logistic model of a binary KPI (`None` for a linear model).
    pub(super) logit: Option<LogitDesign>,
}

impl FixedDesign {
    /// The design of `model`'s replicates, decomposing their R² when
    /// `importance` is set.
    pub(super) fn new(model: &KpiModel, importance: bool) -> FixedDesign {
        let mut players = Vec::new();
        let mut centre = Vec::new();
        let mut has_incidence = Vec::new();
        let mut has_quality = Vec::new();
        for (j, e) in model.touchpoints.iter().enumerate() {
            let inc = e.incidence_effect.is_some();
            let qual = e.quality_effect.is_some();
            if inc || qual {
                players.push(j);
                centre.push(e.centre.unwrap_or(0.0));
                has_incidence.push(inc);
                has_quality.push(qual);
            }
        }
        let dim = 1 + 2 * players.len() + 3;
        let logit = LogitDesign::new(model, &players, dim);
        // A replicate recomputes exact Shapley values up to
        // REPLICATE_EXACT_GROUPS groups; a logistic model's pseudo-R² values
        // are estimated from the linear-probability ones (see the module
        // docs), exactly where that is cheap.
        let method = if players.len() > REPLICATE_EXACT_GROUPS {
            match model.importance_method {
                ImportanceMethod::RelativeWeights => ImportanceMethod::RelativeWeights,
                _ => ImportanceMethod::ShapleySampled,
            }
        } else if logit.is_some() {
            ImportanceMethod::ShapleyExact
        } else {
            model.importance_method
        };
        FixedDesign {
            dim,
            players,
            centre,
            has_incidence,
            has_quality,
            gain_per_quality: Vec::new(),
            gain_per_incidence: Vec::new(),
            full_reach: Vec::new(),
            kpi_mean: model.kpi_mean,
            importance,
            estimator: Estimator {
                method,
                permutations: REPLICATE_PERMUTATIONS,
                seed: DEFAULT_SEED,
            },
            shift: Vec::new(),
            touchpoints: model.touchpoints.len(),
            logit,
        }
    }

    /// A replicate's gain is its own coefficient times the full sample's
    /// gain per unit of coefficient, scaled by the change in the
    /// touchpoint's reach:
    ///
    /// ```text
    /// gain* = coef* * (gain / coef) * reach* / reach
    /// ```
    ///
    /// For a linear model `gain / coef` is the (weighted) share of
    /// respondents with headroom (one point more) or `-0.1 f` (prevent), so
    /// this is the replicate's own what-if up to the change in the headroom
    /// share beyond reach. For a logistic model it also keeps the full
    /// sample's average slope of the probability: the spread of the
    /// replicates comes from the coefficient and the reach, which carry
    /// nearly all of it. Call after `full_reach` is set.
    pub(super) fn set_gain_factors(&mut self, model: &KpiModel) {
        // A zero coefficient: the slope at zero, the reach times the KPI's
        // variance (p (1 - p)) for a logistic model, the reach for a linear
        // one; prevent's runs the other way, times a tenth.
        let logistic = self.logit.is_some();
        let slope = |reach: f64| {
            if logistic {
                reach * model.kpi_sd * model.kpi_sd
            } else {
                reach
            }
        };
        let factor = |gain: Option<f64>, coef: Option<f64>, at_zero: f64| match (gain, coef) {
            (Some(g), Some(c)) if c != 0.0 => Some(g / c),
            (Some(_), Some(_)) => Some(at_zero),
            _ => None,
        };
        self.gain_per_quality = Vec::with_capacity(self.players.len());
        self.gain_per_incidence = Vec::with_capacity(self.players.len());
        for (g, &j) in self.players.iter().enumerate() {
            let e = &model.touchpoints[j];
            let reach = self.full_reach.get(g).copied().unwrap_or(0.0);
            self.gain_per_quality
                .push(factor(e.gain_one_point, e.quality_effect, slope(reach)));
            self.gain_per_incidence.push(factor(
                e.gain_prevent,
                e.incidence_effect,
                -crate::PREVENT_SHARE * slope(reach),
            ));
        }
    }

    /// The replicate estimator is not the point estimator: it is shifted
    /// onto the point estimate (see [`FixedDesign::shift`]).
    pub(super) fn needs_shift(&self) -> bool {
        self.importance
            && (self.logit.is_some() || self.estimator.method != ImportanceMethod::ShapleyExact)
    }

    /// Whether a replicate decomposes its R².
    pub(super) fn importance(&self) -> bool {
        self.importance
    }

    /// The packed cross-products of this design's raw vectors (see
    /// [`FixedDesign::row`]) over the respondents whose sufficient
    /// statistics are `m`, KPI column `y`: each entry of the design's raw
    /// vector is a linear map of the moments' raw vector (`q = v + (t -
    /// m) d`, `y - ybar = (y - s) + (s - ybar)`), so its cross-products are
    /// too.
    pub(super) fn cross_from_moments(&self, m: &Moments, y: usize) -> Vec<f64> {
        let dim = self.dim;
        let mut maps: Vec<Vec<(usize, f64)>> = Vec::with_capacity(dim);
        maps.push(vec![(0, 1.0)]);
        for (g, &j) in self.players.iter().enumerate() {
            let d = Moments::experienced_index(j);
            maps.push(vec![(d, 1.0)]);
            maps.push(vec![(d + 1, 1.0), (d, m.rating_shift[j] - self.centre[g])]);
        }
        let noise = m.noise_index();
        maps.push(vec![(noise, 1.0)]);
        maps.push(vec![(noise + 1, 1.0)]);
        maps.push(vec![(m.y_index(y), 1.0), (0, m.y_shift[y] - self.kpi_mean)]);
        let mut s = vec![0.0; packed_len(dim)];
        for a in 0..dim {
            let base = row_base(dim, a);
            for b in a..dim {
                let mut v = 0.0;
                for &(i, fi) in &maps[a] {
                    for &(l, fl) in &maps[b] {
                        v += fi * fl * m.at(i, l);
                    }
                }
                s[base + b] = v;
            }
        }
        s
    }

    /// The non-zero entries of a respondent's raw vector, or `None` when
    /// the respondent is not in the model.
    pub(super) fn row(
        &self,
        survey: &SurveySample,
        kpi: &[Option<f64>],
        row: usize,
        noise: [f64; 2],
        idx: &mut Vec<usize>,
        val: &mut Vec<f64>,
    ) -> bool {
        idx.clear();
        val.clear();
        let Some(y) = kpi[row] else {
            return false;
        };
        idx.push(0);
        val.push(1.0);
        for (g, &j) in self.players.iter().enumerate() {
            if let Some(x) = survey.touchpoints[j][row] {
                idx.push(1 + 2 * g);
                val.push(1.0);
                let q = x - self.centre[g];
                if q != 0.0 {
                    idx.push(2 + 2 * g);
                    val.push(q);
                }
            }
        }
        let d = self.dim;
        idx.extend_from_slice(&[d - 3, d - 2, d - 1]);
        val.extend_from_slice(&[noise[0], noise[1], y - self.kpi_mean]);
        true
    }

    /// Solves the model from a packed cross-product matrix `s` and, for a
    /// logistic model, the replicate's logistic fit.
    pub(super) fn solve(
        &self,
        s: &[f64],
        logit: Option<&LogitFit>,
    ) -> Result<ReplicateModel, RegressionError> {
        let dim = self.dim;
        let zero = self.zero_model();
        let at = |a: usize, b: usize| {
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            s[row_base(dim, a) + b]
        };
        let total = at(0, 0);
        if total <= 0.0 {
            return Ok(zero);
        }
        let mean: Vec<f64> = (0..dim).map(|a| at(0, a) / total).collect();
        let columns = self.columns(&mean);
        let cov = covariance(&columns.cols, at, total, &mean);
        let m = columns.cols.len();
        if cov[m * m - 1] <= 0.0 {
            return Ok(zero);
        }
        let p = columns.p;
        // Order: terms, KPI (for the decomposition) and terms, z1, z2, KPI.
        let terms_y: Vec<usize> = (0..p).chain(std::iter::once(m - 1)).collect();
        let corr_terms = Correlation::from_covariance(p, &submatrix(&cov, m, &terms_y));
        let corr_all = Correlation::from_covariance(p + 2, &cov);

        let (mut importance_g, linear_r2) = if self.importance {
            let decomposition = decompose_by(&corr_terms, &columns.groups, &self.estimator)?;
            (decomposition.values, decomposition.r2)
        } else {
            (
                vec![0.0; columns.groups.len()],
                full_r2(&corr_terms, &columns.groups),
            )
        };
        let (r2, scale) = self.r2_and_scale(logit, at(0, dim - 1), total, linear_r2);
        for v in importance_g.iter_mut() {
            *v *= scale;
        }
        for (v, shift) in importance_g.iter_mut().zip(&self.shift) {
            *v += shift;
        }
        let coefficients = self.coefficients(logit, &columns, &corr_terms, &cov);
        let mut model = ReplicateModel {
            r2: r2.clamp(0.0, 1.0),
            noise: noise_importance(&corr_all, p) * scale,
            kpi_mean: self.kpi_mean + mean[dim - 1],
            reach: (0..self.players.len()).map(|g| mean[1 + 2 * g]).collect(),
            ..zero
        };
        self.set_touchpoints(&mut model, &importance_g, &coefficients, &columns, &cov);
        Ok(model)
    }

    /// The model of a replicate without respondents or KPI variance: R² 0,
    /// no importance, the full sample's KPI mean.
    fn zero_model(&self) -> ReplicateModel {
        let t = self.touchpoints;
        ReplicateModel {
            r2: 0.0,
            importance: vec![0.0; t],
            impact: vec![0.0; t],
            noise: 0.0,
            gain_one_point: vec![None; t],
            gain_prevent: vec![None; t],
            kpi_mean: self.kpi_mean,
            reach: vec![0.0; self.players.len()],
        }
    }

    /// The replicate's design columns as linear combinations of raw
    /// columns (`mean`: the replicate's raw column means), each quality
    /// term re-centred at the replicate's own mean.
    fn columns(&self, mean: &[f64]) -> Columns {
        let dim = self.dim;
        let mut cols: Vec<Vec<(usize, f64)>> = Vec::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut term_cols: Vec<(Option<usize>, Option<usize>)> = Vec::new();
        let mut deltas: Vec<f64> = Vec::new();
        for g in 0..self.players.len() {
            let (d, q) = (1 + 2 * g, 2 + 2 * g);
            let mut group = Vec::new();
            let mut inc_col = None;
            let mut qual_col = None;
            let delta = if mean[d] > 0.0 {
                mean[q] / mean[d]
            } else {
                0.0
            };
            deltas.push(delta);
            if self.has_incidence[g] {
                inc_col = Some(cols.len());
                group.push(cols.len());
                cols.push(vec![(d, 1.0)]);
            }
            if self.has_quality[g] {
                qual_col = Some(cols.len());
                group.push(cols.len());
                cols.push(vec![(q, 1.0), (d, -delta)]);
            }
            term_cols.push((inc_col, qual_col));
            groups.push(group);
        }
        let p = cols.len();
        cols.push(vec![(dim - 3, 1.0)]);
        cols.push(vec![(dim - 2, 1.0)]);
        cols.push(vec![(dim - 1, 1.0)]);
        Columns {
            cols,
            groups,
            term_cols,
            deltas,
            p,
        }
    }

    /// The replicate's R² and the factor its linear importances are scaled
    /// by: for a logistic model its pseudo-R² and `pseudo-R² / R²_lin`
    /// (`kpi_sum`: the weighted sum of the KPI column, centred at the full
    /// sample's share; `total`: the weight sum), else the linear R² and 1.
    fn r2_and_scale(
        &self,
        logit: Option<&LogitFit>,
        kpi_sum: f64,
        total: f64,
        linear_r2: f64,
    ) -> (f64, f64) {
        match logit {
            Some(fit) if self.logit.is_some() => {
                let positive = kpi_sum + self.kpi_mean * total;
                let share = (positive / total).clamp(0.0, 1.0);
                let ll0 = null_log_likelihood(total, share);
                let pseudo = pseudo_r2(fit.ll, ll0);
                (pseudo, pseudo_per_linear(pseudo, linear_r2))
            }
            _ => (linear_r2, 1.0),
        }
    }

    /// Each player's incidence and quality coefficients in the KPI's units
    /// (linear) or in log-odds (logistic: an incidence effect taken at the
    /// replicate's own quality centre, `c + delta b`); 0 for a term not in
    /// the model.
    fn coefficients(
        &self,
        logit: Option<&LogitFit>,
        columns: &Columns,
        corr_terms: &Correlation,
        cov: &[f64],
    ) -> Vec<(f64, f64)> {
        let m = columns.cols.len();
        match (&self.logit, logit) {
            (Some(design), Some(fit)) => (0..self.players.len())
                .map(|g| {
                    let (d, q) = (1 + 2 * g, 2 + 2 * g);
                    let b_q = design.coefficient(&fit.beta, q);
                    (
                        design.coefficient(&fit.beta, d) + columns.deltas[g] * b_q,
                        b_q,
                    )
                })
                .collect(),
            _ => {
                let beta = standardized_coefficients(corr_terms);
                let sd_y = cov[m * m - 1].max(0.0).sqrt();
                let raw = |c: Option<usize>| {
                    c.map_or(0.0, |c| {
                        let sd = cov[c * m + c].max(0.0).sqrt();
                        if sd > 0.0 {
                            beta[c] * sd_y / sd
                        } else {
                            0.0
                        }
                    })
                };
                columns
                    .term_cols
                    .iter()
                    .map(|&(i, q)| (raw(i), raw(q)))
                    .collect()
            }
        }
    }

    /// Each player's importance, its impact signed by the replicate's
    /// direction, and its what-if gains (see
    /// [`FixedDesign::set_gain_factors`]), from the player's importance
    /// `importance_g`, coefficients and the replicate's reach (already in
    /// `model`).
    fn set_touchpoints(
        &self,
        model: &mut ReplicateModel,
        importance_g: &[f64],
        coefficients: &[(f64, f64)],
        columns: &Columns,
        cov: &[f64],
    ) {
        let m = columns.cols.len();
        for (g, &j) in self.players.iter().enumerate() {
            let imp = importance_g[g].max(0.0);
            model.importance[j] = imp;
            let (c, b) = coefficients[g];
            let (inc_col, qual_col) = columns.term_cols[g];
            let weight = |col: Option<usize>, coef: f64| {
                col.map(|col| TermWeight {
                    coef,
                    var: cov[col * m + col],
                })
            };
            let (d, _) = direction(weight(inc_col, c), weight(qual_col, b));
            model.impact[j] = if d > 0.0 {
                imp
            } else if d < 0.0 {
                -imp
            } else {
                0.0
            };
            let full = self.full_reach.get(g).copied().unwrap_or(0.0);
            let reach_ratio = if full > 0.0 {
                model.reach[g] / full
            } else {
                0.0
            };
            if let Some(Some(k)) = self.gain_per_quality.get(g) {
                model.gain_one_point[j] = Some(b * k * reach_ratio);
            }
            if let Some(Some(k)) = self.gain_per_incidence.get(g) {
                model.gain_prevent[j] = Some(c * k * reach_ratio);
            }
        }
    }
}

/// A replicate's design columns (see [`FixedDesign::columns`]).
struct Columns {
    /// Each term's column, then z1, z2 and the KPI, as (raw column,
    /// coefficient) pairs.
    cols: Vec<Vec<(usize, f64)>>,
    /// Per player: the positions in `cols` of its terms.
    groups: Vec<Vec<usize>>,
    /// Per player: its incidence and quality columns, if in the model.
    term_cols: Vec<(Option<usize>, Option<usize>)>,
    /// Per player: how far the replicate's centre of the quality term
    /// lies from the full sample's.
    deltas: Vec<f64>,
    /// Number of term columns.
    p: usize,
}

/// The covariance matrix (row-major `m x m`) of the columns `cols`, linear
/// combinations of raw columns whose weighted cross-product sums `at` gives
/// (`total`: the weight sum, `mean`: the raw columns' means). A column
/// whose variance is lost in rounding has none: it is zeroed so that it
/// cannot enter a factorization (effect 0 in this replicate).
fn covariance(
    cols: &[Vec<(usize, f64)>],
    at: impl Fn(usize, usize) -> f64,
    total: f64,
    mean: &[f64],
) -> Vec<f64> {
    let raw_cov = |a: usize, b: usize| at(a, b) / total - mean[a] * mean[b];
    let second = |a: usize| at(a, a) / total;
    let m = cols.len();
    let mut cov = vec![0.0; m * m];
    for a in 0..m {
        for b in a..m {
            let mut v = 0.0;
            for &(ra, ca) in &cols[a] {
                for &(rb, cb) in &cols[b] {
                    v += ca * cb * raw_cov(ra, rb);
                }
            }
            cov[a * m + b] = v;
            cov[b * m + a] = v;
        }
    }
    for a in 0..m {
        let scale: f64 = cols[a]
            .iter()
            .map(|&(r, c)| c * c * second(r))
            .sum::<f64>()
            .max(f64::MIN_POSITIVE);
        if cov[a * m + a] <= 1e-10 * scale {
            for b in 0..m {
                cov[a * m + b] = 0.0;
                cov[b * m + a] = 0.0;
            }
        }
    }
    cov
}

/// The noise group's importance on the linear scale: the mean of its R²
/// gain on the empty and on the full model (see the module docs). `corr`
/// holds the `p` terms, then the two noise columns, then the KPI.
fn noise_importance(corr: &Correlation, p: usize) -> f64 {
    let all_terms: Vec<usize> = (0..p).collect();
    let with_noise: Vec<usize> = (0..p + 2).collect();
    let r2_all = r2_of(corr, &all_terms);
    let r2_noise = r2_of(corr, &[p, p + 1]);
    let r2_both = r2_of(corr, &with_noise);
    (0.5 * (r2_noise + r2_both - r2_all)).max(0.0)
}

/// R² of the KPI on columns `cols` of a correlation matrix (a column that
/// is a combination of earlier ones is skipped).
fn r2_of(corr: &Correlation, cols: &[usize]) -> f64 {
    let mut factor = Factor::new(corr);
    for &c in cols {
        factor.push(c);
    }
    factor
        .z()
        .iter()
        .map(|v| v * v)
        .sum::<f64>()
        .clamp(0.0, 1.0)
}

/// Standardised regression coefficients of the KPI on every predictor;
/// a predictor skipped as collinear (or without variance) gets 0.
fn standardized_coefficients(corr: &Correlation) -> Vec<f64> {
    let mut factor = Factor::new(corr);
    for c in 0..corr.p {
        factor.push(c);
    }
    let b = factor.solve_transposed(factor.z().to_vec());
    let mut beta = vec![0.0; corr.p];
    for (i, &c) in factor.cols().iter().enumerate() {
        beta[c] = b[i];
    }
    beta
}
