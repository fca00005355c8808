//! The analysis of a large survey in one pass over its rows.
//!
//! From [`ONE_PASS_FROM`] analysed respondents on, one parallel pass over
//! the rows sums everything the analysis needs per chunk of respondents
//! (the bootstrap's chunks): the sufficient statistics of every linear KPI
//! model (`cximpact_regression::Moments`), the touchpoints' descriptive
//! sums and their rating histograms. The linear models, their what-ifs,
//! the descriptives and the block bootstrap are then computed from those
//! sums alone: no per-KPI copy of the touchpoint columns, no second pass.
//! The numbers are those of the row-by-row analysis to rounding (the
//! regression crate tests the models and the bootstrap against their row
//! versions to 1e-9).
//!
//! A yes/no KPI fitted by a logistic model needs its rows: it is fitted on
//! them beside the pass (on a random subsample above
//! [`LOGISTIC_MODEL_ROWS`](crate::LOGISTIC_MODEL_ROWS), see `subsample`).
//! When the survey has segments the pass also sums its 0/1 answers, so
//! that the tests of whether a touchpoint acts differently in a group (a
//! least-squares test for every KPI) come from sums for it too. Smaller
//! surveys and bootstraps that resample respondents rather than chunks
//! keep the row-by-row analysis.

use cximpact_ingest::{KpiKind, SegmentColumn, Survey};
use cximpact_regression::{
    bootstrap_chunk, bootstrap_moments, bootstrap_noise, describe_levels, fit_kpi_moments,
    group_differences_moments, nps, nps_contribution, BootstrapOptions, CodeTable, Descriptives,
    GroupDifference, ModelOptions, MomentSample, Moments, MomentsBuilder, ProductScratch,
    RegressionError,
};

use crate::analyse::{analysed_weights, describe_rows, kpi_exclusions};
use crate::kpis::{oriented, KpiToModel};
use crate::model::{KpiAnalysis, NpsEffects, Warning};
use crate::uncertainty::{attach_uncertainty, nps_points_options};
use crate::{warnings, Options};

/// The fewest analysed respondents analysed in one pass (where the
/// regression crate also solves the row fits from covariances and the
/// bootstrap resamples chunks by default).
pub(crate) const ONE_PASS_FROM: usize = 20_000;

/// Most distinct ratings of a touchpoint whose histogram the pass keeps
/// (a coded column has at most 255); a touchpoint with more is described
/// from its rows.
const MAX_LEVELS: usize = 256;

/// Whether the survey is analysed in one pass (see the module docs).
pub(crate) fn applies(analysed: usize, options: &Options) -> bool {
    let boot = options.bootstrap();
    let chunked = boot.replicates == 0 || (analysed >= boot.block_from && boot.chunks >= 2);
    analysed >= ONE_PASS_FROM && chunked
}

/// The analyses the pass sums: the linear ones, and the logistic ones too
/// when their segment groups are tested from the sums (`segments`).
pub(crate) fn summed_analyses(analyses: &[KpiToModel], segments: bool) -> Vec<usize> {
    (0..analyses.len())
        .filter(|&a| segments || !analyses[a].logistic)
        .collect()
}

/// The KPI columns of one analysis in the moments: its oriented values
/// and, for an NPS question analysed as a score, the NPS contributions.
fn y_columns(analysis: &KpiToModel) -> usize {
    if analysis.column.kind == KpiKind::Nps {
        2
    } else {
        1
    }
}

/// One group of KPI analyses answered by exactly the same respondents:
/// they share one set of moments per chunk.
struct Group {
    /// Indices into the analyses.
    analyses: Vec<usize>,
    /// Per analysis of the group: its first KPI column in the moments.
    first_y: Vec<usize>,
    /// Empty moments with the group's touchpoints, KPI columns and shifts.
    template: Moments,
    /// Per chunk: the moments (filled by the pass).
    chunks: Vec<Moments>,
    /// The chunks' moments added up: the whole sample's.
    whole: Moments,
}

impl Group {
    /// A group summed per chunk, with its whole-sample moments added up
    /// once.
    fn summed(
        analyses: Vec<usize>,
        first_y: Vec<usize>,
        template: Moments,
        chunks: Vec<Moments>,
    ) -> Group {
        let mut whole = template.clone();
        for c in &chunks {
            whole.merge(c);
        }
        Group {
            analyses,
            first_y,
            template,
            chunks,
            whole,
        }
    }
}

/// Per touchpoint: its distinct ratings with their summed weights and
/// counts (`None` once it has more than [`MAX_LEVELS`]).
type Histogram = Option<Vec<(f64, f64, usize)>>;

/// A group's sums from elsewhere ([`Pass::from_sums`]): each member's
/// analysis index and first KPI column, and the moments per chunk.
pub(crate) type SummedGroup = (Vec<(usize, usize)>, Vec<Moments>);

/// The sums of one pass over the analysed respondents.
pub(crate) struct Pass {
    groups: Vec<Group>,
    /// Per chunk: `[sum w, (sum w d_j, sum w d_j x_j) per touchpoint]`.
    desc: Vec<Vec<f64>>,
    /// Per touchpoint: its rating histogram over the analysed respondents.
    histograms: Vec<Histogram>,
    /// Sum of the analysed respondents' weights.
    weight: f64,
}

impl Pass {
    /// Sums `survey`'s `analysed` rows for the analyses `summed` (indices
    /// into `analyses`), in the chunks of the block bootstrap of `boot`.
    pub(crate) fn run(
        survey: &Survey,
        analysed: &[usize],
        analyses: &[KpiToModel],
        summed: &[usize],
        boot: &BootstrapOptions,
    ) -> Pass {
        let chunks = boot.chunks.clamp(2, u16::MAX as usize);
        let boot = BootstrapOptions {
            chunks,
            ..boot.clone()
        };
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        Pass::run_on(survey, analysed, analyses, summed, &boot, threads)
    }

    /// [`Pass::run`] on `threads` threads (the same sums on any number).
    pub(super) fn run_on(
        survey: &Survey,
        analysed: &[usize],
        analyses: &[KpiToModel],
        summed: &[usize],
        boot: &BootstrapOptions,
        threads: usize,
    ) -> Pass {
        let chunks = boot.chunks;
        let groups = group_analyses(survey, analysed, analyses, summed);
        let chunk_of: Vec<u16> = (0..analysed.len())
            .map(|p| bootstrap_chunk(p, boot) as u16)
            .collect();
        let noise = bootstrap_noise(analysed.len(), boot.seed);
        let ctx = Context {
            survey,
            analysed,
            analyses,
            groups: &groups,
            chunk_of: &chunk_of,
            noise: &noise,
            chunks,
            threads,
        };
        // Thread t sums the chunks c with c % threads == t, each over its
        // rows in file order, and the descriptive sums of the touchpoints j
        // with j % threads == t, each over every row in file order: the
        // sums depend neither on timing nor on the number of cores.
        let work = |t: usize| (ctx.sum(t), ctx.describe(t));
        let parts: Vec<(Vec<ChunkSums>, Vec<ColumnSums>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (1..threads)
                .map(|t| {
                    let work = &work;
                    scope.spawn(move || work(t))
                })
                .collect();
            let mut parts = vec![work(0)];
            for (t, h) in handles.into_iter().enumerate() {
                // A thread that could not finish: its share is done here.
                parts.push(h.join().unwrap_or_else(|_| work(t + 1)));
            }
            parts
        });
        ctx.assemble(parts)
    }

    /// The sums of a pass computed elsewhere (a warehouse query, say):
    /// per group of analyses answered by the same respondents, each
    /// member's analysis index and first KPI column with the group's
    /// moments per chunk; per chunk the descriptive sums; per touchpoint
    /// its rating histogram.
    pub(crate) fn from_sums(
        groups: Vec<SummedGroup>,
        desc: Vec<Vec<f64>>,
        histograms: Vec<Histogram>,
    ) -> Pass {
        let weight = desc.iter().map(|d| d.first().copied().unwrap_or(0.0)).sum();
        let groups = groups
            .into_iter()
            .filter(|(members, _)| !members.is_empty())
            .filter_map(|(members, chunks)| {
                let template = chunks.first()?.clone();
                Some(Group::summed(
                    members.iter().map(|m| m.0).collect(),
                    members.iter().map(|m| m.1).collect(),
                    template,
                    chunks,
                ))
            })
            .collect();
        Pass {
            groups,
            desc,
            histograms,
            weight,
        }
    }

    /// Each touchpoint's descriptives over the analysed respondents, as
    /// `describe` gives them from the rows.
    pub(crate) fn descriptives(&self, survey: &Survey, analysed: &[usize]) -> Vec<Descriptives> {
        let weights = analysed_weights(survey, analysed);
        survey
            .touchpoints
            .iter()
            .zip(&self.histograms)
            .map(|(tp, hist)| match hist {
                Some(levels) => {
                    describe_levels(levels, self.weight, analysed.len(), tp.top_box_from)
                }
                None => describe_rows(tp, analysed, weights.as_deref()),
            })
            .collect()
    }

    /// Per value code of segment column `seg` (see `Labels::coded`):
    /// each KPI group's moments over the analysed respondents with that
    /// value, in one pass over the rows.
    pub(crate) fn segment_sums(
        &self,
        survey: &Survey,
        analysed: &[usize],
        analyses: &[KpiToModel],
        seg: &SegmentColumn,
    ) -> Vec<Vec<Moments>> {
        let (codes, labels) = seg.values.coded();
        let mut builders: Vec<Vec<MomentsBuilder>> = (0..labels.len())
            .map(|_| {
                self.groups
                    .iter()
                    .map(|g| MomentsBuilder::new(g.template.clone()))
                    .collect()
            })
            .collect();
        let mut scratch = ProductScratch::default();
        let tops: Vec<f64> = survey.touchpoints.iter().map(|tp| tp.scale.1).collect();
        let coded: Option<Vec<(&[u8], &[f64])>> = survey
            .touchpoints
            .iter()
            .map(|tp| tp.values.coded())
            .collect();
        let tables: Option<Vec<CodeTable>> = coded.as_ref().map(|coded| {
            let levels: Vec<&[f64]> = coded.iter().map(|&(_, l)| l).collect();
            self.groups
                .iter()
                .map(|g| CodeTable::new(&g.template, &levels, &tops))
                .collect()
        });
        let n_tp = survey.touchpoints.len();
        let (mut x, mut row) = (vec![None; n_tp], vec![0u8; n_tp]);
        let mut ys = Vec::new();
        for &i in analysed {
            let Some(mine) = builders.get_mut(codes[i] as usize) else {
                continue;
            };
            let w = survey.weights.as_ref().map_or(1.0, |w| w[i]);
            match &coded {
                Some(coded) => {
                    for (r, (c, _)) in row.iter_mut().zip(coded) {
                        *r = c[i];
                    }
                }
                None => {
                    for (x, tp) in x.iter_mut().zip(&survey.touchpoints) {
                        *x = tp.values[i];
                    }
                }
            }
            for (g, (group, builder)) in self.groups.iter().zip(mine.iter_mut()).enumerate() {
                if kpi_values(analyses, group, i, &mut ys) {
                    match &tables {
                        Some(t) => builder.add_coded(w, &row, &t[g], [0.0, 0.0], &ys, &mut scratch),
                        None => builder.add(w, &x, &tops, [0.0, 0.0], &ys, &mut scratch),
                    }
                }
            }
        }
        builders
            .into_iter()
            .map(|b| b.into_iter().map(|b| b.finish(&mut scratch)).collect())
            .collect()
    }

    /// The group-difference tests of analysis `a` for the group whose
    /// moments per KPI group are `group` (from [`Pass::segment_sums`]);
    /// `None` when they cannot run.
    pub(crate) fn differences(
        &self,
        a: usize,
        group: &[Moments],
        opts: &ModelOptions,
    ) -> Option<Vec<Option<GroupDifference>>> {
        let g = self.groups.iter().position(|g| g.analyses.contains(&a))?;
        let (whole, y) = self.whole(a)?;
        group_differences_moments(whole, group.get(g)?, y, opts).ok()
    }

    /// The group of analysis `a` and its first KPI column in the group's
    /// moments.
    fn locate(&self, a: usize) -> Option<(&Group, usize)> {
        self.groups.iter().find_map(|g| {
            let pos = g.analyses.iter().position(|&x| x == a)?;
            Some((g, g.first_y[pos]))
        })
    }

    /// The moments of analysis `a` over all chunks, and its first KPI
    /// column in them.
    fn whole(&self, a: usize) -> Option<(&Moments, usize)> {
        let (group, y) = self.locate(a)?;
        Some((&group.whole, y))
    }

    /// The impact model of analysis `a` (one of `analyses`) with its
    /// what-ifs, NPS breakdown and NPS-points model; `None` with a warning
    /// when it cannot be fitted.
    pub(crate) fn model_kpi(
        &self,
        survey: &Survey,
        analysed: &[usize],
        analysis: &KpiToModel,
        a: usize,
        opts: &ModelOptions,
        warnings: &mut Vec<Warning>,
    ) -> Option<KpiAnalysis> {
        let kpi = &analysis.column;
        let is_nps = kpi.kind == KpiKind::Nps;
        let fitted = self
            .whole(a)
            .ok_or_else(|| RegressionError::Fit("no respondents answered the KPI".into()))
            .and_then(|(whole, y)| {
                let model = fit_kpi_moments(whole, y, opts)?;
                let points =
                    is_nps.then(|| fit_kpi_moments(whole, y + 1, &nps_points_options(opts)).ok());
                Ok((model, points.flatten()))
            });
        let (model, points) = match fitted {
            Ok(fitted) => fitted,
            Err(err) => {
                warnings.push(warnings::kpi_not_modelled(survey, kpi, &err));
                return None;
            }
        };
        let (answered, missing): (Vec<usize>, Vec<usize>) =
            analysed.iter().partition(|&&i| kpi.values[i].is_some());
        let missing: Vec<usize> = missing.into_iter().map(|i| survey.rows[i]).collect();
        let nps_summary = is_nps.then(|| {
            let raw: Vec<f64> = answered.iter().filter_map(|&i| kpi.values[i]).collect();
            let weights: Option<Vec<f64>> = survey
                .weights
                .as_ref()
                .map(|w| answered.iter().map(|&i| w[i]).collect());
            nps(&raw, weights.as_deref())
        });
        Some(KpiAnalysis {
            name: kpi.column.clone(),
            label: kpi.label.clone(),
            kind: kpi.kind,
            scale: kpi.scale,
            reverse: kpi.reverse,
            nps: nps_summary.flatten(),
            model,
            excluded: kpi_exclusions(survey, analysis, missing),
            uncertainty: None,
            nps_effects: points.map(|model| NpsEffects {
                model,
                uncertainty: None,
            }),
            subsample: None,
        })
    }

    /// The block bootstrap of every modelled KPI (`modelled[k]` is the
    /// analysis of `kpis[k]`) and of their NPS-points models, from the
    /// chunks' sums.
    pub(crate) fn add_uncertainty(
        &self,
        kpis: &mut [KpiAnalysis],
        modelled: &[usize],
        boot: &BootstrapOptions,
    ) -> Result<(), RegressionError> {
        if boot.replicates == 0 {
            return Ok(());
        }
        let boot = BootstrapOptions {
            chunks: self.desc.len(),
            ..boot.clone()
        };
        let located: Vec<(&Group, usize)> = modelled
            .iter()
            .map(|&a| {
                self.locate(a)
                    .ok_or_else(|| RegressionError::Fit("a KPI has no sums".into()))
            })
            .collect::<Result<_, _>>()?;
        let mut samples: Vec<MomentSample> = kpis
            .iter()
            .zip(&located)
            .map(|(k, (g, y))| MomentSample {
                chunks: &g.chunks,
                y: *y,
                model: &k.model,
                importance: true,
            })
            .collect();
        let mut nps_of = Vec::new();
        for (i, (k, (g, y))) in kpis.iter().zip(&located).enumerate() {
            if let Some(effects) = &k.nps_effects {
                // Only its what-ifs in NPS points are read.
                samples.push(MomentSample {
                    chunks: &g.chunks,
                    y: y + 1,
                    model: &effects.model,
                    importance: false,
                });
                nps_of.push(i);
            }
        }
        let results = bootstrap_moments(self.desc.clone(), &samples, &boot)?;
        attach_uncertainty(kpis, &nps_of, results);
        Ok(())
    }
}

/// Groups the analyses `summed` by the respondents who answered them (an
/// NPS question's analyses always share theirs), each with empty chunk
/// sums.
fn group_analyses(
    survey: &Survey,
    analysed: &[usize],
    analyses: &[KpiToModel],
    summed: &[usize],
) -> Vec<Group> {
    let shifts: Vec<f64> = survey
        .touchpoints
        .iter()
        .map(|tp| (tp.scale.0 + tp.scale.1) / 2.0)
        .collect();
    let answered = |a: usize, i: usize| analyses[a].column.values[i].is_some();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &a in summed {
        let same = groups.iter_mut().find(|g| {
            analysed
                .iter()
                .all(|&i| answered(g[0], i) == answered(a, i))
        });
        match same {
            Some(g) => g.push(a),
            None => groups.push(vec![a]),
        }
    }
    groups
        .into_iter()
        .map(|members| {
            let mut first_y = Vec::new();
            let mut y_shift = Vec::new();
            for &a in &members {
                first_y.push(y_shift.len());
                let scale = analyses[a].column.scale;
                y_shift.push((scale.0 + scale.1) / 2.0);
                if y_columns(&analyses[a]) == 2 {
                    y_shift.push(0.0);
                }
            }
            let template = Moments::new(shifts.clone(), y_shift);
            Group::summed(members, first_y, template, Vec::new())
        })
        .collect()
}

/// What every thread of the pass reads.
struct Context<'a> {
    survey: &'a Survey,
    analysed: &'a [usize],
    analyses: &'a [KpiToModel],
    groups: &'a [Group],
    /// The chunk of each analysed position.
    chunk_of: &'a [u16],
    noise: &'a [[f64; 2]],
    chunks: usize,
    threads: usize,
}

/// The sums of one chunk: per group its moments.
struct ChunkSums {
    chunk: usize,
    moments: Vec<Moments>,
}

/// One touchpoint's descriptive sums, per chunk: the summed weight and the
/// weighted sum of ratings of those who experienced it, and its rating
/// histogram.
struct ColumnSums {
    touchpoint: usize,
    desc: Vec<[f64; 2]>,
    histograms: Vec<Histogram>,
}

/// A coded column's codes (one per survey row) and levels.
type Coded<'a> = Option<(&'a [u8], &'a [f64])>;

/// How the pass turns a row's ratings into sums.
enum Ratings<'a> {
    /// Every touchpoint coded: per group, the table of its codes.
    Coded(Vec<CodeTable>),
    /// Otherwise: each rating looked up (`coded` where a column is) and
    /// added with the scales' tops.
    Plain {
        coded: &'a [Coded<'a>],
        tops: &'a [f64],
    },
}

/// A thread's analysed positions of a block of rows, in chunk order,
/// copied row by row out of the columns (read one at a time): per row its
/// survey row, weight, bootstrap noise, rating codes and KPI answers.
struct Block {
    rows: Vec<usize>,
    weights: Vec<f64>,
    noise: Vec<[f64; 2]>,
    /// `ROW_BLOCK x touchpoints`: the code of each coded touchpoint.
    codes: Vec<u8>,
    /// `ROW_BLOCK x analyses`: each analysis' KPI answer.
    kpis: Vec<Option<f64>>,
}

impl Block {
    fn new(touchpoints: usize, analyses: usize) -> Block {
        Block {
            rows: Vec::with_capacity(ROW_BLOCK),
            weights: Vec::with_capacity(ROW_BLOCK),
            noise: Vec::with_capacity(ROW_BLOCK),
            codes: vec![0; ROW_BLOCK * touchpoints],
            kpis: vec![None; ROW_BLOCK * analyses],
        }
    }

    /// Copies the analysed positions `positions` (at most [`ROW_BLOCK`]),
    /// row `r` of the block being `positions[r]`.
    fn fill(&mut self, ctx: &Context, coded: &[Coded], positions: &[usize]) {
        let survey = ctx.survey;
        self.rows.clear();
        self.rows.extend(positions.iter().map(|&p| ctx.analysed[p]));
        self.weights.clear();
        match &survey.weights {
            Some(w) => self.weights.extend(self.rows.iter().map(|&i| w[i])),
            None => self.weights.resize(self.rows.len(), 1.0),
        }
        self.noise.clear();
        self.noise.extend(positions.iter().map(|&p| ctx.noise[p]));
        let n_tp = coded.len();
        for (j, c) in coded.iter().enumerate() {
            let Some((codes, _)) = c else { continue };
            for (r, &i) in self.rows.iter().enumerate() {
                self.codes[r * n_tp + j] = codes[i];
            }
        }
        let n_kpi = ctx.analyses.len();
        for (a, analysis) in ctx.analyses.iter().enumerate() {
            let values = &analysis.column.values;
            for (r, &i) in self.rows.iter().enumerate() {
                self.kpis[r * n_kpi + a] = values[i];
            }
        }
    }
}

/// Rows read per block of [`Context::sum`]: enough that each chunk has
/// a good number of rows in a block, few enough that the block's ratings,
/// one row after another, stay in cache.
const ROW_BLOCK: usize = 1 << 13;

impl Context<'_> {
    /// Sums the chunks of thread `t` (chunk `c` belongs to thread `c %
    /// threads`), each over its rows in file order: a chunk's sums are the
    /// same however many threads share the work.
    fn sum(&self, t: usize) -> Vec<ChunkSums> {
        let survey = self.survey;
        let n_tp = survey.touchpoints.len();
        let coded: Vec<Coded> = survey
            .touchpoints
            .iter()
            .map(|tp| tp.values.coded())
            .collect();
        let mine: Vec<usize> = (t..self.chunks).step_by(self.threads).collect();
        let mut slot = vec![usize::MAX; self.chunks];
        for (s, &c) in mine.iter().enumerate() {
            slot[c] = s;
        }
        // Per chunk of this thread, one builder per group.
        let mut states: Vec<Vec<MomentsBuilder>> = mine
            .iter()
            .map(|_| {
                self.groups
                    .iter()
                    .map(|g| MomentsBuilder::new(g.template.clone()))
                    .collect()
            })
            .collect();
        let mut scratch = ProductScratch::default();
        let tops: Vec<f64> = survey.touchpoints.iter().map(|tp| tp.scale.1).collect();
        // Every touchpoint coded (the usual case): each group's builders
        // add the codes through a table, without a branch per rating.
        let levels: Option<Vec<&[f64]>> = coded.iter().map(|c| c.map(|(_, l)| l)).collect();
        let ratings = match &levels {
            Some(levels) => Ratings::Coded(
                self.groups
                    .iter()
                    .map(|g| CodeTable::new(&g.template, levels, &tops))
                    .collect(),
            ),
            None => Ratings::Plain {
                coded: &coded,
                tops: &tops,
            },
        };
        let mut x = vec![None; n_tp];
        let mut ys: Vec<f64> = Vec::new();
        // The rows in blocks, in file order; within a block, this thread's
        // rows chunk by chunk (each chunk's rows still in file order). A
        // chunk's sums then stay in cache for all its rows of the block,
        // while the columns are read one block at a time.
        let mut block = Vec::with_capacity(ROW_BLOCK);
        let mut starts = vec![0usize; mine.len() + 1];
        let mut order = vec![0usize; ROW_BLOCK];
        let mut rows = Block::new(n_tp, self.analyses.len());
        for first in (0..self.analysed.len()).step_by(ROW_BLOCK) {
            let last = (first + ROW_BLOCK).min(self.analysed.len());
            block.clear();
            block.extend((first..last).filter_map(|p| {
                let s = slot[self.chunk_of[p] as usize];
                (s != usize::MAX).then_some((s, p))
            }));
            starts.fill(0);
            for &(s, _) in &block {
                starts[s + 1] += 1;
            }
            for s in 0..mine.len() {
                starts[s + 1] += starts[s];
            }
            let mut next = starts.clone();
            for &(s, p) in &block {
                order[next[s]] = p;
                next[s] += 1;
            }
            rows.fill(self, &coded, &order[..block.len()]);
            for (s, state) in states.iter_mut().enumerate() {
                for r in starts[s]..starts[s + 1] {
                    self.add_row(state, r, &rows, &ratings, (&mut x, &mut ys), &mut scratch);
                }
            }
        }
        states
            .into_iter()
            .zip(mine)
            .map(|(builders, chunk)| ChunkSums {
                chunk,
                moments: builders
                    .into_iter()
                    .map(|b| b.finish(&mut scratch))
                    .collect(),
            })
            .collect()
    }

    /// Adds row `r` of `block` to its chunk's builders (one per group); `x`
    /// and `ys` are scratch.
    fn add_row(
        &self,
        builders: &mut [MomentsBuilder],
        r: usize,
        block: &Block,
        ratings: &Ratings,
        (x, ys): (&mut [Option<f64>], &mut Vec<f64>),
        scratch: &mut ProductScratch,
    ) {
        let n_tp = x.len();
        let codes = &block.codes[r * n_tp..(r + 1) * n_tp];
        if let Ratings::Plain { coded, .. } = ratings {
            for (j, tp) in self.survey.touchpoints.iter().enumerate() {
                x[j] = match coded[j] {
                    Some((_, levels)) => match codes[j] {
                        0 => None,
                        c => Some(levels[c as usize]),
                    },
                    None => tp.values[block.rows[r]],
                };
            }
        }
        let n_kpi = self.analyses.len();
        let kpis = &block.kpis[r * n_kpi..(r + 1) * n_kpi];
        let (w, z) = (block.weights[r], block.noise[r]);
        for (g, (group, builder)) in self.groups.iter().zip(builders).enumerate() {
            if kpi_values_of(self.analyses, group, |a| kpis[a], ys) {
                match ratings {
                    Ratings::Coded(tables) => {
                        builder.add_coded(w, codes, &tables[g], z, ys, scratch)
                    }
                    Ratings::Plain { tops, .. } => builder.add(w, x, tops, z, ys, scratch),
                }
            }
        }
    }

    /// The descriptive sums of the touchpoints of thread `t` (touchpoint
    /// `j` belongs to thread `j % threads`), each per chunk over its rows
    /// in file order, read one column at a time. Thread 0 also sums each
    /// chunk's weight, returned first as touchpoint `usize::MAX`.
    fn describe(&self, t: usize) -> Vec<ColumnSums> {
        let survey = self.survey;
        let weight = |i: usize| survey.weights.as_ref().map_or(1.0, |w| w[i]);
        let mut out = Vec::new();
        if t == 0 {
            let mut desc = vec![[0.0, 0.0]; self.chunks];
            for (p, &i) in self.analysed.iter().enumerate() {
                desc[self.chunk_of[p] as usize][0] += weight(i);
            }
            out.push(ColumnSums {
                touchpoint: usize::MAX,
                desc,
                histograms: Vec::new(),
            });
        }
        for (j, tp) in survey.touchpoints.iter().enumerate() {
            if j % self.threads != t {
                continue;
            }
            let mut desc = vec![[0.0, 0.0]; self.chunks];
            let mut histograms: Vec<Histogram> = vec![Some(Vec::new()); self.chunks];
            match tp.values.coded() {
                Some((codes, levels)) => {
                    let mut by_code = vec![(0.0, 0usize); self.chunks * levels.len()];
                    // Without a branch on whether the customer met the
                    // touchpoint (as good as random to the processor): code
                    // 0 counts in a slot nobody reads and adds `w * 0` to
                    // the sums, which leaves them as they were, bit for bit.
                    let (met, rating): (Vec<f64>, Vec<f64>) = (0..levels.len())
                        .map(|code| {
                            if code == 0 {
                                (0.0, 0.0)
                            } else {
                                (1.0, levels[code])
                            }
                        })
                        .unzip();
                    for (p, &i) in self.analysed.iter().enumerate() {
                        let code = codes[i] as usize;
                        let (c, w) = (self.chunk_of[p] as usize, weight(i));
                        let count = &mut by_code[c * levels.len() + code];
                        count.0 += w;
                        count.1 += 1;
                        desc[c][0] += w * met[code];
                        desc[c][1] += w * rating[code];
                    }
                    for (hist, counts) in histograms.iter_mut().zip(by_code.chunks(levels.len())) {
                        *hist = Some(
                            counts
                                .iter()
                                .enumerate()
                                .filter(|&(code, &(_, n))| code > 0 && n > 0)
                                .map(|(code, &(w, n))| (levels[code], w, n))
                                .collect(),
                        );
                    }
                }
                None => {
                    for (p, &i) in self.analysed.iter().enumerate() {
                        let Some(v) = tp.values[i] else { continue };
                        let (c, w) = (self.chunk_of[p] as usize, weight(i));
                        add_level(&mut histograms[c], v, w);
                        desc[c][0] += w;
                        desc[c][1] += w * v;
                    }
                }
            }
            out.push(ColumnSums {
                touchpoint: j,
                desc,
                histograms,
            });
        }
        out
    }

    /// Puts every chunk's sums in place and adds up the histograms and
    /// the weight in chunk order.
    fn assemble(&self, parts: Vec<(Vec<ChunkSums>, Vec<ColumnSums>)>) -> Pass {
        let n_tp = self.survey.touchpoints.len();
        let mut chunks: Vec<Option<ChunkSums>> = (0..self.chunks).map(|_| None).collect();
        let mut desc = vec![vec![0.0; 1 + 2 * n_tp]; self.chunks];
        let mut by_chunk: Vec<Vec<Histogram>> = vec![vec![Some(Vec::new()); n_tp]; self.chunks];
        for (sums, columns) in parts {
            for sums in sums {
                let c = sums.chunk;
                chunks[c] = Some(sums);
            }
            for column in columns {
                let j = column.touchpoint;
                for (c, [w, wx]) in column.desc.into_iter().enumerate() {
                    if j == usize::MAX {
                        desc[c][0] = w;
                    } else {
                        desc[c][1 + 2 * j] = w;
                        desc[c][2 + 2 * j] = wx;
                    }
                }
                for (c, h) in column.histograms.into_iter().enumerate() {
                    by_chunk[c][j] = h;
                }
            }
        }
        let mut moments: Vec<Vec<Moments>> =
            vec![Vec::with_capacity(self.chunks); self.groups.len()];
        let mut histograms: Vec<Histogram> = vec![Some(Vec::new()); n_tp];
        let mut weight = 0.0;
        for ((c, sums), theirs) in chunks.into_iter().enumerate().zip(by_chunk) {
            // Every chunk belongs to a thread; an empty one stands in for
            // a chunk no thread returned.
            let sums = sums.unwrap_or_else(|| ChunkSums {
                chunk: c,
                moments: self.groups.iter().map(|g| g.template.clone()).collect(),
            });
            for (g, m) in moments.iter_mut().zip(sums.moments) {
                g.push(m);
            }
            weight += desc[c][0];
            for (h, theirs) in histograms.iter_mut().zip(theirs) {
                merge_levels(h, theirs);
            }
        }
        let groups = self
            .groups
            .iter()
            .zip(moments)
            .map(|(g, chunks)| {
                Group::summed(
                    g.analyses.clone(),
                    g.first_y.clone(),
                    g.template.clone(),
                    chunks,
                )
            })
            .collect();
        Pass {
            groups,
            desc,
            histograms,
            weight,
        }
    }
}

/// The KPI columns of `group` for survey row `i` into `ys`; false when
/// the row did not answer the group's KPIs.
fn kpi_values(analyses: &[KpiToModel], group: &Group, i: usize, ys: &mut Vec<f64>) -> bool {
    kpi_values_of(analyses, group, |a| analyses[a].column.values[i], ys)
}

/// [`kpi_values`] with the analyses' values for the respondent given by
/// `value` (analysis index to its KPI answer).
fn kpi_values_of(
    analyses: &[KpiToModel],
    group: &Group,
    value: impl Fn(usize) -> Option<f64>,
    ys: &mut Vec<f64>,
) -> bool {
    ys.clear();
    for &a in &group.analyses {
        let analysis = &analyses[a];
        let Some(y) = value(a) else {
            return false;
        };
        ys.push(oriented(&analysis.column, y));
        if y_columns(analysis) == 2 {
            ys.push(nps_contribution(y));
        }
    }
    true
}

/// Counts rating `v` with weight `w` in a histogram.
fn add_level(hist: &mut Histogram, v: f64, w: f64) {
    let Some(levels) = hist else { return };
    if let Some(level) = levels.iter_mut().find(|l| l.0 == v) {
        level.1 += w;
        level.2 += 1;
    } else if levels.len() < MAX_LEVELS {
        levels.push((v, w, 1));
    } else {
        *hist = None;
    }
}

/// Adds histogram `other` to `hist`.
fn merge_levels(hist: &mut Histogram, other: Histogram) {
    let Some(other) = other else {
        *hist = None;
        return;
    };
    for (v, w, n) in other {
        let Some(levels) = hist else { return };
        if let Some(level) = levels.iter_mut().find(|l| l.0 == v) {
            level.1 += w;
            level.2 += n;
        } else if levels.len() < MAX_LEVELS {
            levels.push((v, w, n));
        } else {
            *hist = None;
        }
    }
}

#[cfg(test)]
mod mixed_tests;
#[cfg(test)]
mod tests;
