//! What a replicate resamples: respondents (their sparse raw vectors) or,
//! from `block_from` respondents on, chunks of respondents (their summed
//! cross-products and logistic statistics), and the seeded noise columns
//! that travel with each respondent.

use super::fixed_design::{FixedDesign, ReplicateModel};
use super::logistic::{LogitFit, LogitStats};
use super::options::{BootstrapOptions, KpiSample, SurveySample};
use super::rows::SparseRows;
use crate::linalg::{add_outer, packed_len};
use crate::rng::{seeded_bucket, BootstrapStream};
use crate::RegressionError;

/// Two seeded standard normal values per respondent position.
pub(super) fn noise_columns(n: usize, seed: u64) -> Vec<[f64; 2]> {
    let mut rng = BootstrapStream::noise(seed);
    (0..n)
        .map(|_| [rng.standard_normal(), rng.standard_normal()])
        .collect()
}

/// What a replicate resamples, with what it needs to sum.
pub(super) enum Units {
    /// Respondents: each KPI's rows as sparse raw vectors.
    Rows {
        n: usize,
        /// Per analysed position: weight.
        weights: Vec<f64>,
        /// Per analysed position and touchpoint: satisfaction.
        touchpoints: Vec<Vec<Option<f64>>>,
        /// Per KPI: sparse rows (position, weight, indices, values).
        kpis: Vec<SparseRows>,
    },
    /// Chunks: each chunk's descriptive sums and, per KPI, cross-products.
    Chunks {
        chunks: usize,
        /// `[chunk][1 + 2T]`: sum w, then per touchpoint sum w d, sum w d x.
        desc: Vec<Vec<f64>>,
        /// `[kpi][chunk]` packed cross-products.
        cross: Vec<Vec<Vec<f64>>>,
        /// `[kpi][chunk]` logistic statistics at the full-sample
        /// coefficients (empty for a linear KPI).
        logit: Vec<Vec<LogitStats>>,
    },
}

impl Units {
    pub(super) fn rows(
        survey: &SurveySample,
        kpis: &[KpiSample],
        designs: &[FixedDesign],
        noise: &[[f64; 2]],
    ) -> Units {
        let weight = |row: usize| survey.weights.map_or(1.0, |w| w[row]);
        let n = survey.rows.len();
        let mut idx = Vec::new();
        let mut val = Vec::new();
        let sparse = kpis
            .iter()
            .zip(designs)
            .map(|(k, d)| {
                let mut s = SparseRows {
                    pos: Vec::new(),
                    weight: Vec::new(),
                    start: vec![0],
                    idx: Vec::new(),
                    val: Vec::new(),
                };
                for (p, &row) in survey.rows.iter().enumerate() {
                    if d.row(survey, k.kpi, row, noise[p], &mut idx, &mut val) {
                        s.pos.push(p);
                        s.weight.push(weight(row));
                        s.idx.extend_from_slice(&idx);
                        s.val.extend_from_slice(&val);
                        s.start.push(s.idx.len());
                    }
                }
                s
            })
            .collect();
        Units::Rows {
            n,
            weights: survey.rows.iter().map(|&r| weight(r)).collect(),
            touchpoints: survey
                .touchpoints
                .iter()
                .map(|tp| survey.rows.iter().map(|&r| tp[r]).collect())
                .collect(),
            kpis: sparse,
        }
    }

    pub(super) fn chunks(
        survey: &SurveySample,
        kpis: &[KpiSample],
        designs: &[FixedDesign],
        noise: &[[f64; 2]],
        boot: &BootstrapOptions,
    ) -> Units {
        // Chunk ids are stored as u16.
        let k_chunks = boot.chunks.min(u16::MAX as usize);
        let chunk: Vec<u16> = (0..survey.rows.len())
            .map(|p| seeded_bucket(p, boot.seed, k_chunks) as u16)
            .collect();
        let desc = chunk_descriptives(survey, &chunk, k_chunks);
        let (cross, logit) = kpis
            .iter()
            .zip(designs)
            .map(|(k, d)| chunk_sums(survey, k, d, noise, &chunk, k_chunks))
            .unzip::<_, _, Vec<_>, Vec<_>>();
        Units::Chunks {
            chunks: k_chunks,
            desc,
            cross,
            logit,
        }
    }

    /// How often each unit is drawn in one replicate: as many draws as
    /// units, uniformly with replacement.
    pub(super) fn draw(&self, rng: &mut BootstrapStream) -> Vec<u32> {
        let units = match self {
            Units::Rows { n, .. } => *n,
            Units::Chunks { chunks, .. } => *chunks,
        };
        let mut counts = vec![0u32; units];
        for _ in 0..units {
            counts[rng.below(units)] += 1;
        }
        counts
    }

    /// Every unit once: the full sample.
    pub(super) fn all_once(&self) -> Vec<u32> {
        let units = match self {
            Units::Rows { n, .. } => *n,
            Units::Chunks { chunks, .. } => *chunks,
        };
        vec![1; units]
    }

    /// The packed cross-products of the full sample.
    #[cfg(test)]
    pub(super) fn full_cross_products(&self, kpi: usize, dim: usize) -> Vec<f64> {
        self.cross_products(kpi, &self.all_once(), dim)
    }

    /// KPI `kpi`'s model solved on the full sample by the replicates'
    /// estimator.
    pub(super) fn full_solve(
        &self,
        kpi: usize,
        design: &FixedDesign,
    ) -> Result<ReplicateModel, RegressionError> {
        let counts = self.all_once();
        let logit = self.logit_fit(kpi, &counts, design);
        design.solve(
            &self.cross_products(kpi, &counts, design.dim),
            logit.as_ref(),
        )
    }

    /// The logistic fit of KPI `kpi` in a replicate (`None` for a linear
    /// KPI).
    pub(super) fn logit_fit(
        &self,
        kpi: usize,
        counts: &[u32],
        design: &FixedDesign,
    ) -> Option<LogitFit> {
        let logit = design.logit.as_ref()?;
        Some(match self {
            Units::Rows { kpis, .. } => logit.fit_rows(&kpis[kpi], counts),
            Units::Chunks { logit: stats, .. } => logit.fit_chunks(&stats[kpi], counts),
        })
    }

    /// Descriptive sums of a replicate: `[sum w, (sum w d_j, sum w d_j x_j)...]`.
    pub(super) fn descriptives(&self, counts: &[u32], t: usize) -> Vec<f64> {
        let mut out = vec![0.0; 1 + 2 * t];
        match self {
            Units::Rows {
                weights,
                touchpoints,
                ..
            } => {
                for (p, &c) in counts.iter().enumerate() {
                    if c == 0 {
                        continue;
                    }
                    let v = c as f64 * weights[p];
                    out[0] += v;
                    for (j, tp) in touchpoints.iter().enumerate() {
                        if let Some(x) = tp[p] {
                            out[1 + 2 * j] += v;
                            out[2 + 2 * j] += v * x;
                        }
                    }
                }
            }
            Units::Chunks { desc, .. } => {
                for (chunk, &c) in desc.iter().zip(counts) {
                    if c == 0 {
                        continue;
                    }
                    let c = c as f64;
                    for (o, s) in out.iter_mut().zip(chunk) {
                        *o += c * s;
                    }
                }
            }
        }
        out
    }

    /// The packed cross-products of KPI `kpi` in a replicate.
    pub(super) fn cross_products(&self, kpi: usize, counts: &[u32], dim: usize) -> Vec<f64> {
        let mut out = self.cross_products_many(kpi, &[counts], dim);
        out.pop().unwrap_or_default()
    }

    /// The packed cross-products of KPI `kpi` in several replicates (one
    /// draw's counts each). Chunks are read once for all of them, which
    /// keeps the sums out of main memory's way; each replicate's sum runs
    /// over the chunks in the same order as alone, so it is the same to
    /// the last bit.
    pub(super) fn cross_products_many(
        &self,
        kpi: usize,
        counts: &[&[u32]],
        dim: usize,
    ) -> Vec<Vec<f64>> {
        let mut out = vec![vec![0.0; packed_len(dim)]; counts.len()];
        match self {
            Units::Rows { kpis, .. } => {
                let rows = &kpis[kpi];
                for (s, counts) in out.iter_mut().zip(counts) {
                    for (r, &p) in rows.pos.iter().enumerate() {
                        let c = counts[p];
                        if c == 0 {
                            continue;
                        }
                        let (a, b) = (rows.start[r], rows.start[r + 1]);
                        add_outer(
                            s,
                            dim,
                            &rows.idx[a..b],
                            &rows.val[a..b],
                            c as f64 * rows.weight[r],
                        );
                    }
                }
            }
            Units::Chunks { cross, .. } => {
                for (k, chunk) in cross[kpi].iter().enumerate() {
                    for (s, counts) in out.iter_mut().zip(counts) {
                        let c = counts[k];
                        if c != 0 {
                            add_scaled(s, c as f64, chunk);
                        }
                    }
                }
            }
        }
        out
    }
}

/// `out += c * v`, element by element: compiled once more for AVX2 and
/// picked at run time (the same operations, so the same bits).
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn add_scaled(out: &mut [f64], c: f64, v: &[f64]) {
    for (o, v) in out.iter_mut().zip(v) {
        *o += c * v;
    }
}

/// Each chunk's descriptive sums: `[sum w, (sum w d_j, sum w d_j x_j)...]`.
fn chunk_descriptives(survey: &SurveySample, chunk: &[u16], k_chunks: usize) -> Vec<Vec<f64>> {
    let weight = |row: usize| survey.weights.map_or(1.0, |w| w[row]);
    let t = survey.touchpoints.len();
    let mut desc = vec![vec![0.0; 1 + 2 * t]; k_chunks];
    for (p, &row) in survey.rows.iter().enumerate() {
        let w = weight(row);
        let c = &mut desc[chunk[p] as usize];
        c[0] += w;
        for (j, tp) in survey.touchpoints.iter().enumerate() {
            if let Some(x) = tp[row] {
                c[1 + 2 * j] += w;
                c[2 + 2 * j] += w * x;
            }
        }
    }
    desc
}

/// One KPI's packed cross-products per chunk and, for a logistic model,
/// its statistics at the full-sample coefficients per chunk (empty for a
/// linear one): one pass over the rows, the chunks split over two threads
/// by parity.
fn chunk_sums(
    survey: &SurveySample,
    k: &KpiSample,
    d: &FixedDesign,
    noise: &[[f64; 2]],
    chunk: &[u16],
    k_chunks: usize,
) -> (Vec<Vec<f64>>, Vec<LogitStats>) {
    let weight = |row: usize| survey.weights.map_or(1.0, |w| w[row]);
    type Chunk = (usize, Vec<f64>, Option<LogitStats>);
    let half = |parity: usize| -> Vec<Chunk> {
        let mut mine: Vec<Chunk> = (parity..k_chunks)
            .step_by(2)
            .map(|c| {
                let logit = d.logit.as_ref().map(|l| LogitStats::zeros(l.m));
                (c, vec![0.0; packed_len(d.dim)], logit)
            })
            .collect();
        let mut idx = Vec::with_capacity(d.dim);
        let mut val = Vec::with_capacity(d.dim);
        let mut scratch = (Vec::new(), Vec::new());
        for (p, &row) in survey.rows.iter().enumerate() {
            let c = chunk[p] as usize;
            if c % 2 != parity {
                continue;
            }
            if d.row(survey, k.kpi, row, noise[p], &mut idx, &mut val) {
                let (_, cross, logit) = &mut mine[c / 2];
                add_outer(cross, d.dim, &idx, &val, weight(row));
                if let (Some(design), Some(stats)) = (&d.logit, logit) {
                    design.accumulate(&design.beta, &idx, &val, weight(row), &mut scratch, stats);
                }
            }
        }
        mine
    };
    let (even, odd) = std::thread::scope(|scope| {
        let odd = scope.spawn(|| half(1));
        (half(0), odd.join())
    });
    let mut all = vec![Vec::new(); k_chunks];
    let mut logit = match &d.logit {
        Some(l) => vec![LogitStats::zeros(l.m); k_chunks],
        None => Vec::new(),
    };
    for (c, s, l) in even.into_iter().chain(odd.unwrap_or_default()) {
        all[c] = s;
        if let Some(l) = l {
            logit[c] = l;
        }
    }
    for s in &mut all {
        if s.is_empty() {
            *s = vec![0.0; packed_len(d.dim)];
        }
    }
    (all, logit)
}
