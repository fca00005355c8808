//! Sufficient statistics of the linear impact models: everything a linear
//! KPI model, its what-ifs and its bootstrap need is a handful of weighted
//! sums over the respondents, so a large survey is read once into these
//! sums (in parallel, per chunk of respondents) and never copied per KPI.
//!
//! Each respondent contributes the raw vector
//!
//! ```text
//! r = (1, d_1, v_1, ..., d_T, v_T, z_1, z_2, y_1 - s_1, ..., y_m - s_m)
//! ```
//!
//! with `d_j` = experienced touchpoint `j`, `v_j = d_j (x_j - t_j)` its
//! rating shifted by a constant `t_j` (zero where not experienced), `z` the
//! bootstrap's two noise columns and `y` the KPI columns shifted by
//! constants `s`. The shifts only keep the sums small (the middle of a
//! scale, say): every covariance is the same whatever they are. [`Moments`]
//! holds `S = sum_i w_i r_i r_i'` (packed upper triangle) with the
//! unweighted counts the term rules need. A quality term centred at the
//! respondents' own weighted mean `m_j` is `d_j (x_j - m_j) = v_j - (m_j -
//! t_j) d_j`, a linear map of the raw columns, so the model's covariances
//! follow from `S` exactly; [`fit_kpi_moments`] gives the model
//! [`crate::fit_kpi`] gives on the rows (to rounding).
//!
//! Sums are additive: the moments of two sets of respondents are the sum of
//! theirs ([`Moments::merge`]), which is what lets the heavy pass run per
//! chunk, on several threads, or in a database (per block of respondents).

use crate::design::{term_checks, Column, Design};
use crate::linalg::{packed_len, row_base, Correlation};
use crate::linear::fit_design;
use crate::whatif::PREVENT_SHARE;
use crate::{
    DroppedTerm, KpiModel, ModelOptions, RegressionError, Term, TermRef, TouchpointEffect,
    MIN_RESPONDENTS,
};
use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2};

/// The distinct answers of one KPI column while there are at most two, with
/// their counts: the capacity rule's "rarer answer" of a yes/no KPI.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Answers {
    #[default]
    None,
    One(f64, usize),
    Two([(f64, usize); 2]),
    Many,
}

impl Answers {
    fn add(&mut self, y: f64) {
        self.add_count(y, 1);
    }

    fn add_count(&mut self, y: f64, c: usize) {
        *self = match *self {
            Answers::None => Answers::One(y, c),
            Answers::One(a, n) if a == y => Answers::One(a, n + c),
            Answers::One(a, n) => Answers::Two([(a, n), (y, c)]),
            Answers::Two([(a, n), b]) if a == y => Answers::Two([(a, n + c), b]),
            Answers::Two([a, (b, n)]) if b == y => Answers::Two([a, (b, n + c)]),
            Answers::Two(_) | Answers::Many => Answers::Many,
        };
    }

    fn merge(&mut self, other: Answers) {
        match other {
            Answers::None => {}
            Answers::One(v, n) => self.add_count(v, n),
            Answers::Two([(a, n), (b, m)]) => {
                self.add_count(a, n);
                self.add_count(b, m);
            }
            Answers::Many => *self = Answers::Many,
        }
    }

    /// The count of the rarer answer when there are exactly two.
    pub fn rarer(&self) -> Option<usize> {
        match self {
            Answers::Two([(_, a), (_, b)]) => Some(*a.min(b)),
            _ => None,
        }
    }
}

/// The sufficient statistics of one set of respondents (see the module
/// docs): weighted cross-products of the raw vector and the unweighted
/// counts of the term rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Moments {
    /// Touchpoints `T`.
    pub touchpoints: usize,
    /// Shift `t_j` of each touchpoint's ratings.
    pub rating_shift: Vec<f64>,
    /// Shift `s_k` of each KPI column.
    pub y_shift: Vec<f64>,
    /// Respondents (unweighted).
    pub n: usize,
    /// Sum of the squared weights (Kish's effective number of respondents
    /// is `W^2 / sum_w2`); 0 when the sums came without it.
    pub sum_w2: f64,
    /// Per touchpoint: respondents who experienced it (unweighted).
    pub n_experienced: Vec<usize>,
    /// Per touchpoint: lowest and highest rating (`+inf`/`-inf` when no
    /// one experienced it).
    pub rating_min: Vec<f64>,
    pub rating_max: Vec<f64>,
    /// Per KPI column: its answers while there are at most two.
    pub answers: Vec<Answers>,
    /// Per touchpoint: `sum w d_j min(1, top_j - x_j)`, the room for "one
    /// point more" below the top of its scale.
    pub headroom: Vec<f64>,
    /// `sum w r r'`, packed upper triangle.
    pub cross: Vec<f64>,
}

impl Moments {
    /// Empty sums for `touchpoints` touchpoints and one KPI column per
    /// entry of `y_shift`.
    pub fn new(rating_shift: Vec<f64>, y_shift: Vec<f64>) -> Moments {
        let t = rating_shift.len();
        let m = y_shift.len();
        Moments {
            touchpoints: t,
            rating_shift,
            n: 0,
            sum_w2: 0.0,
            n_experienced: vec![0; t],
            rating_min: vec![f64::INFINITY; t],
            rating_max: vec![f64::NEG_INFINITY; t],
            answers: vec![Answers::None; m],
            headroom: vec![0.0; t],
            cross: vec![0.0; packed_len(3 + 2 * t + m)],
            y_shift,
        }
    }

    /// Length of the raw vector.
    pub fn dim(&self) -> usize {
        3 + 2 * self.touchpoints + self.y_shift.len()
    }

    /// Raw index of touchpoint `j`'s `d_j` (its `v_j` is the next).
    pub fn experienced_index(j: usize) -> usize {
        1 + 2 * j
    }

    /// Raw index of the first noise column (the second is the next).
    pub fn noise_index(&self) -> usize {
        1 + 2 * self.touchpoints
    }

    /// Raw index of KPI column `k`.
    pub fn y_index(&self, k: usize) -> usize {
        3 + 2 * self.touchpoints + k
    }

    /// The weighted sum of raw columns `a` and `b`'s product.
    pub fn at(&self, a: usize, b: usize) -> f64 {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        self.cross[row_base(self.dim(), a) + b]
    }

    /// Counts one respondent in everything but the cross-products.
    fn count(&mut self, w: f64, x: &[Option<f64>], tops: &[f64], y: &[f64]) {
        for (j, x) in x.iter().enumerate() {
            let Some(x) = *x else { continue };
            self.n_experienced[j] += 1;
            self.rating_min[j] = self.rating_min[j].min(x);
            self.rating_max[j] = self.rating_max[j].max(x);
            self.headroom[j] += w * headroom_of(tops[j], x);
        }
        self.count_rest(w, y);
    }

    /// The counts of a respondent beyond its ratings: KPI answers,
    /// respondents and squared weights.
    fn count_rest(&mut self, w: f64, y: &[f64]) {
        for (a, &y) in self.answers.iter_mut().zip(y) {
            a.add(y);
        }
        self.n += 1;
        self.sum_w2 += w * w;
    }

    /// Adds the sums of `other` (same touchpoints, KPI columns and shifts).
    pub fn merge(&mut self, other: &Moments) {
        debug_assert_eq!(self.cross.len(), other.cross.len());
        self.n += other.n;
        self.sum_w2 += other.sum_w2;
        for j in 0..self.touchpoints {
            self.n_experienced[j] += other.n_experienced[j];
            self.rating_min[j] = self.rating_min[j].min(other.rating_min[j]);
            self.rating_max[j] = self.rating_max[j].max(other.rating_max[j]);
            self.headroom[j] += other.headroom[j];
        }
        for (a, b) in self.answers.iter_mut().zip(&other.answers) {
            a.merge(*b);
        }
        for (a, b) in self.cross.iter_mut().zip(&other.cross) {
            *a += b;
        }
    }

    /// The design of KPI column `k`'s model: the candidate terms and their
    /// drop reasons by the rules of [`crate::fit_kpi`], their covariances
    /// with each other and the KPI, and the collinearity screen.
    pub(crate) fn design(&self, k: usize, opts: &ModelOptions) -> Result<Design, RegressionError> {
        let n = self.n;
        if n < MIN_RESPONDENTS {
            return Err(RegressionError::TooFewRespondents {
                n,
                min: MIN_RESPONDENTS,
            });
        }
        let weighted_n = self.at(0, 0);
        if !(weighted_n.is_finite() && weighted_n > 0.0) {
            return Err(RegressionError::InvalidWeight {
                index: 0,
                value: weighted_n,
            });
        }
        // Raw means and covariances (divisor: the sum of weights).
        let mean: Vec<f64> = (0..self.dim())
            .map(|a| self.at(0, a) / weighted_n)
            .collect();
        let cov_raw = |a: usize, b: usize| self.at(a, b) / weighted_n - mean[a] * mean[b];
        let yi = self.y_index(k);
        let kpi_mean = self.y_shift[k] + mean[yi];
        let kpi_var = cov_raw(yi, yi).max(0.0);
        if kpi_var <= 1e-12 * kpi_mean.abs().max(1.0).powi(2) {
            return Err(RegressionError::ConstantKpi { value: kpi_mean });
        }
        // Each candidate as a combination of raw columns.
        let mut combos: Vec<Vec<(usize, f64)>> = Vec::new();
        let mut candidates = Vec::new();
        let mut dropped = Vec::new();
        let mut effects = Vec::with_capacity(self.touchpoints);
        for j in 0..self.touchpoints {
            let (d, v) = (1 + 2 * j, 2 + 2 * j);
            let n_exp = self.n_experienced[j];
            let w_exp = self.at(0, d);
            let centre = (n_exp > 0).then(|| self.rating_shift[j] + self.at(0, v) / w_exp);
            let (lo, hi) = (self.rating_min[j], self.rating_max[j]);
            let (incidence, quality) = term_checks(n_exp, n - n_exp, centre, opts, |m| {
                (lo - m).abs().max((hi - m).abs())
            });
            let term = |term| TermRef {
                touchpoint: j,
                term,
            };
            let drop = |term, reason| DroppedTerm {
                touchpoint: j,
                term,
                reason,
            };
            match incidence {
                Ok(()) => {
                    combos.push(vec![(d, 1.0)]);
                    candidates.push(Column {
                        term: term(Term::Incidence),
                        values: Vec::new(),
                    });
                }
                Err(reason) => dropped.push(drop(Term::Incidence, reason)),
            }
            match quality {
                Ok(m) => {
                    combos.push(vec![(v, 1.0), (d, self.rating_shift[j] - m)]);
                    candidates.push(Column {
                        term: term(Term::Quality),
                        values: Vec::new(),
                    });
                }
                Err(reason) => dropped.push(drop(Term::Quality, reason)),
            }
            effects.push(TouchpointEffect::unfitted(
                n_exp,
                n - n_exp,
                centre,
                n_exp < opts.small_base,
            ));
        }
        let p = candidates.len();
        let means: Vec<f64> = combos
            .iter()
            .map(|c| c.iter().map(|&(a, f)| f * mean[a]).sum())
            .collect();
        combos.push(vec![(yi, 1.0)]);
        let dim = p + 1;
        let mut cov = vec![0.0; dim * dim];
        for a in 0..dim {
            for b in a..dim {
                let mut s = 0.0;
                for &(i, fi) in &combos[a] {
                    for &(l, fl) in &combos[b] {
                        s += fi * fl * cov_raw(i, l);
                    }
                }
                cov[a * dim + b] = s;
                cov[b * dim + a] = s;
            }
        }
        let design = Design {
            n,
            weighted_n,
            kpi_mean,
            kpi_var,
            corr: Correlation::from_covariance(p, &cov),
            candidates,
            kept_idx: Vec::new(),
            cov,
            effects,
            dropped,
            means: Some(means),
        };
        Ok(design.screened())
    }
}

/// A rating's share of a point of headroom below its scale's top `top`.
fn headroom_of(top: f64, x: f64) -> f64 {
    (top - x).clamp(0.0, 1.0)
}

/// What a rating code adds to a builder's sums (see
/// [`MomentsBuilder::add_coded`]); code 0 (not experienced) adds nothing
/// and moves neither the lowest nor the highest rating.
#[derive(Debug, Clone, Copy)]
struct CodeEntry {
    /// 1 for a rating, 0 for code 0.
    experienced: f64,
    /// The rating less the touchpoint's shift.
    centred: f64,
    /// The rating's share of a point of headroom.
    headroom: f64,
    /// The rating (`+inf` for code 0).
    low: f64,
    /// The rating (`-inf` for code 0).
    high: f64,
}

/// Per touchpoint, what each code of its coded ratings column adds to the
/// sums of builders of moments with given rating shifts.
#[derive(Debug, Clone)]
pub struct CodeTable {
    entries: Vec<Vec<CodeEntry>>,
}

impl CodeTable {
    /// The table for builders of moments like `moments` (their rating
    /// shifts), touchpoint `j`'s ratings coded by `levels[j]` (code `c`'s
    /// rating is `levels[j][c]`; code 0 is not experienced) on scales with
    /// tops `tops`.
    pub fn new(moments: &Moments, levels: &[&[f64]], tops: &[f64]) -> CodeTable {
        let entries = levels
            .iter()
            .zip(&moments.rating_shift)
            .zip(tops)
            .map(|((levels, &shift), &top)| {
                let none = CodeEntry {
                    experienced: 0.0,
                    centred: 0.0,
                    headroom: 0.0,
                    low: f64::INFINITY,
                    high: f64::NEG_INFINITY,
                };
                std::iter::once(none)
                    .chain(levels.iter().skip(1).map(|&x| CodeEntry {
                        experienced: 1.0,
                        centred: x - shift,
                        headroom: headroom_of(top, x),
                        low: x,
                        high: x,
                    }))
                    .collect()
            })
            .collect();
        CodeTable { entries }
    }
}

/// Respondents per matrix product of [`MomentsBuilder`].
const BATCH: usize = 64;

/// Sums many respondents into [`Moments`] in batches: each batch of
/// respondents' raw vectors (scaled by the square root of their weights)
/// is one matrix product `R'R` (a blocked kernel), which costs a fraction
/// of a rank-one update per respondent.
/// Many builders (one per chunk, say) share one [`ProductScratch`].
#[derive(Debug)]
pub struct MomentsBuilder {
    moments: Moments,
    /// `BATCH x dim`, row-major: the pending respondents.
    batch: Vec<f64>,
    rows: usize,
}

/// The `dim x dim` product of one batch, shared by builders.
#[derive(Debug, Default)]
pub struct ProductScratch(Vec<f64>);

impl MomentsBuilder {
    /// A builder adding to `start` (usually empty moments).
    pub fn new(start: Moments) -> MomentsBuilder {
        let dim = start.dim();
        MomentsBuilder {
            moments: start,
            batch: vec![0.0; BATCH * dim],
            rows: 0,
        }
    }

    /// Adds one respondent with weight `w` (positive), ratings `x` (one per
    /// touchpoint, `None` = not experienced), scale tops `tops`, noise `z`
    /// and KPI values `y`.
    pub fn add(
        &mut self,
        w: f64,
        x: &[Option<f64>],
        tops: &[f64],
        z: [f64; 2],
        y: &[f64],
        scratch: &mut ProductScratch,
    ) {
        let m = &mut self.moments;
        m.count(w, x, tops, y);
        let dim = m.dim();
        let s = w.sqrt();
        let row = &mut self.batch[self.rows * dim..(self.rows + 1) * dim];
        row[0] = s;
        for (j, x) in x.iter().enumerate() {
            match *x {
                Some(x) => {
                    row[1 + 2 * j] = s;
                    row[2 + 2 * j] = s * (x - m.rating_shift[j]);
                }
                None => {
                    row[1 + 2 * j] = 0.0;
                    row[2 + 2 * j] = 0.0;
                }
            }
        }
        self.finish_row(s, z, y, scratch);
    }

    /// [`MomentsBuilder::add`] for a respondent whose ratings are codes
    /// (`codes[j]`, 0 = not experienced) of the columns `table` was made
    /// for: the same sums to the last bit, without a branch per touchpoint
    /// (whether a customer met a touchpoint is as good as random to the
    /// processor, and each wrong guess costs more than the sums).
    pub fn add_coded(
        &mut self,
        w: f64,
        codes: &[u8],
        table: &CodeTable,
        z: [f64; 2],
        y: &[f64],
        scratch: &mut ProductScratch,
    ) {
        let m = &mut self.moments;
        let dim = m.dim();
        let s = w.sqrt();
        let row = &mut self.batch[self.rows * dim..(self.rows + 1) * dim];
        row[0] = s;
        for (j, (&c, entries)) in codes.iter().zip(&table.entries).enumerate() {
            let e = &entries[c as usize];
            row[1 + 2 * j] = s * e.experienced;
            row[2 + 2 * j] = s * e.centred;
            m.n_experienced[j] += usize::from(c != 0);
            m.headroom[j] += w * e.headroom;
            m.rating_min[j] = m.rating_min[j].min(e.low);
            m.rating_max[j] = m.rating_max[j].max(e.high);
        }
        m.count_rest(w, y);
        self.finish_row(s, z, y, scratch);
    }

    /// Writes the noise and KPI columns of the pending row (whose
    /// respondent has square-rooted weight `s`) and moves on.
    fn finish_row(&mut self, s: f64, z: [f64; 2], y: &[f64], scratch: &mut ProductScratch) {
        let m = &self.moments;
        let dim = m.dim();
        let noise = m.noise_index();
        let row = &mut self.batch[self.rows * dim..(self.rows + 1) * dim];
        row[noise] = s * z[0];
        row[noise + 1] = s * z[1];
        for (k, &y) in y.iter().enumerate() {
            row[noise + 2 + k] = s * (y - m.y_shift[k]);
        }
        self.rows += 1;
        if self.rows == BATCH {
            self.flush(scratch);
        }
    }

    /// Adds the pending respondents' `R'R` to the sums.
    fn flush(&mut self, scratch: &mut ProductScratch) {
        if self.rows == 0 {
            return;
        }
        let dim = self.moments.dim();
        let dense = &mut scratch.0;
        dense.clear();
        dense.resize(dim * dim, 0.0);
        let batch = &self.batch[..self.rows * dim];
        match (
            ArrayView2::from_shape((self.rows, dim), batch),
            ArrayViewMut2::from_shape((dim, dim), &mut dense[..]),
        ) {
            (Ok(r), Ok(mut d)) => general_mat_mul(1.0, &r.t(), &r, 0.0, &mut d),
            // The buffers are sized for these shapes; were they not, the
            // same sums one product at a time.
            _ => {
                for row in batch.chunks_exact(dim) {
                    for (a, &ra) in row.iter().enumerate() {
                        for (b, &rb) in row.iter().enumerate() {
                            dense[a * dim + b] += ra * rb;
                        }
                    }
                }
            }
        }
        for a in 0..dim {
            let base = row_base(dim, a);
            for b in a..dim {
                self.moments.cross[base + b] += dense[a * dim + b];
            }
        }
        self.rows = 0;
    }

    /// The moments of every respondent added.
    pub fn finish(mut self, scratch: &mut ProductScratch) -> Moments {
        self.flush(scratch);
        self.moments
    }
}

impl Moments {
    /// Each kept term of `design` (built from these moments) as a
    /// combination of raw columns: incidence `d_j`, quality `v_j + (t_j -
    /// m_j) d_j` at the design's centre `m_j`.
    pub(crate) fn kept_combos(&self, design: &Design) -> Vec<Vec<(usize, f64)>> {
        design
            .kept_idx
            .iter()
            .map(|&c| {
                let term = design.candidates[c].term;
                let j = term.touchpoint;
                let d = Moments::experienced_index(j);
                match term.term {
                    Term::Incidence => vec![(d, 1.0)],
                    Term::Quality => {
                        let centre = design.effects[j].centre.unwrap_or(self.rating_shift[j]);
                        vec![(d + 1, 1.0), (d, self.rating_shift[j] - centre)]
                    }
                }
            })
            .collect()
    }

    /// `sum w a b` of two combinations of raw columns.
    pub(crate) fn combo_product(&self, a: &[(usize, f64)], b: &[(usize, f64)]) -> f64 {
        let mut s = 0.0;
        for &(i, fi) in a {
            for &(l, fl) in b {
                s += fi * fl * self.at(i, l);
            }
        }
        s
    }
}

/// Fits the linear impact model of KPI column `k` of `m`: the model
/// [`crate::fit_kpi`] fits on the same respondents' rows (same terms, drop
/// reasons, coefficients, R², importances and impacts, to rounding), with
/// the what-if gains filled in as [`crate::add_gains`] would.
pub fn fit_kpi_moments(
    m: &Moments,
    k: usize,
    opts: &ModelOptions,
) -> Result<KpiModel, RegressionError> {
    let design = m.design(k, opts)?;
    design.check_capacity_of(m.answers[k].rarer(), opts.per_term)?;
    let mut model = fit_design(&design, &[], None, opts)?;
    add_linear_gains(&mut model, m);
    Ok(model)
}

/// The linear what-ifs of `crate::whatif` from the sums: one point more
/// moves the KPI mean by `b * sum w d h / W`, prevent by `-0.1 c sum w d /
/// W`.
fn add_linear_gains(model: &mut KpiModel, m: &Moments) {
    let total = m.at(0, 0);
    if total.is_nan() || total <= 0.0 {
        return;
    }
    for (j, e) in model.touchpoints.iter_mut().enumerate() {
        let reach = m.at(0, 1 + 2 * j);
        e.gain_one_point = e
            .quality_effect
            .map(|b| b * m.headroom[j] / total)
            .filter(|v| v.is_finite());
        e.gain_prevent = e
            .incidence_effect
            .map(|c| -PREVENT_SHARE * c * reach / total)
            .filter(|v| v.is_finite());
    }
}

#[cfg(test)]
mod tests;
