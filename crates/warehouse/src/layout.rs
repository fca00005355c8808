//! What the query sums for a config, in the order of the result's `sums`
//! column (see the crate docs): shared by the query writer and the reader
//! so that both read the same list.

use cximpact_analysis::{sums_plan, SumColumn, SumsPlan};
use cximpact_ingest::{Config, KpiKind};

use crate::WarehouseError;

/// Counts at the start of every set's sums (the kept rows' summed weight
/// follows them).
pub(crate) const COUNTS: usize = 5;

/// The fewest blocks: the bootstrap resamples them, and a handful of
/// blocks gives intervals far too narrow (one block: none at all).
pub(crate) const MIN_BLOCKS: usize = 32;

/// The shape of a config's sums.
#[derive(Debug, Clone)]
pub struct Layout {
    pub(crate) plan: SumsPlan,
    /// Blocks of the whole survey's respondents.
    pub(crate) blocks: usize,
    /// Per touchpoint: the points of its scale.
    pub(crate) points: Vec<Vec<f64>>,
    /// Per summed question, per KPI column: the values whose answers are
    /// counted (`None`: too many to count).
    pub(crate) answers: Vec<Vec<Option<Vec<f64>>>>,
    pub(crate) segments: Vec<String>,
    pub(crate) weight: Option<String>,
    pub(crate) id: String,
    /// The wave column (`[survey] wave`): every set is summed per wave.
    pub(crate) wave: Option<String>,
}

impl Layout {
    /// The layout of `config`'s sums in `blocks` blocks, or what in the
    /// config the warehouse path cannot express.
    pub fn new(config: &Config, blocks: usize) -> Result<Layout, WarehouseError> {
        let error = |message: String| WarehouseError::Config {
            config: config.origin.clone(),
            message,
        };
        if !(MIN_BLOCKS..=1_000_000).contains(&blocks) {
            return Err(error(format!(
                "--blocks {blocks}: use {MIN_BLOCKS} to 1000000 blocks (512 by default); the \
                 bootstrap resamples blocks, and from fewer its intervals mean little"
            )));
        }
        let id = config.survey.id.clone().ok_or_else(|| {
            error(
                "[survey] id is not set: the warehouse query puts respondents in blocks by a \
                 hash of their id; name the id column"
                    .into(),
            )
        })?;
        let plan = sums_plan(config).map_err(error)?;
        let mut points = Vec::new();
        for tp in &plan.survey.touchpoints {
            let (lo, hi) = tp.scale;
            if hi - lo > 100.0 || hi < lo {
                return Err(error(format!(
                    "[[touchpoint]] {:?}: scale [{lo}, {hi}] has more than 101 points; the \
                     warehouse query keeps a histogram per scale point",
                    tp.column
                )));
            }
            points.push(
                (0..)
                    .map(|k| lo + k as f64)
                    .take_while(|&p| p <= hi)
                    .collect(),
            );
        }
        let answers = plan
            .questions
            .iter()
            .map(|q| {
                let kind = plan.survey.kpis[q.kpi].kind;
                q.columns.iter().map(|&c| answer_values(c, kind)).collect()
            })
            .collect();
        Ok(Layout {
            blocks,
            points,
            answers,
            segments: config.segments.columns.clone(),
            weight: config.survey.weight.clone(),
            id,
            wave: config.survey.wave.clone(),
            plan,
        })
    }

    /// Touchpoints.
    pub(crate) fn touchpoints(&self) -> usize {
        self.plan.survey.touchpoints.len()
    }

    /// Length of question `qi`'s raw vector.
    pub(crate) fn dim(&self, qi: usize) -> usize {
        3 + 2 * self.touchpoints() + self.plan.questions[qi].columns.len()
    }

    /// How many numbers one row's `sums` holds.
    pub(crate) fn len(&self) -> usize {
        let t = self.touchpoints();
        let hist: usize = self.points.iter().map(|p| 2 * p.len() + 1).sum();
        let questions: usize = (0..self.plan.questions.len())
            .map(|qi| {
                let counted: usize = self.answers[qi].iter().flatten().map(Vec::len).sum();
                let d = self.dim(qi);
                1 + counted + 4 * t + d * (d + 1) / 2
            })
            .sum();
        COUNTS + 1 + t + (1 + 2 * t) + hist + questions
    }

    /// What the sums were computed for, one `key=value` per `;` (the
    /// result's `layout` column).
    pub fn signature(&self) -> String {
        self.parts()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// The signature's parts.
    pub(crate) fn parts(&self) -> Vec<(&'static str, String)> {
        let survey = &self.plan.survey;
        let touchpoints = survey
            .touchpoints
            .iter()
            .map(|tp| format!("{}[{} {}]", tp.column, tp.scale.0, tp.scale.1))
            .collect::<Vec<_>>()
            .join(" ");
        let kpis = survey
            .kpis
            .iter()
            .enumerate()
            .map(|(q, k)| {
                let columns = self
                    .plan
                    .questions
                    .iter()
                    .find(|p| p.kpi == q)
                    .map(|p| p.columns.iter().map(column_name).collect::<Vec<_>>())
                    .unwrap_or_default();
                format!(
                    "{}[{} {}]({})",
                    k.column,
                    k.scale.0,
                    k.scale.1,
                    columns.join(" ")
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        vec![
            ("version", "1".to_string()),
            ("blocks", self.blocks.to_string()),
            ("id", self.id.clone()),
            ("weight", self.weight.clone().unwrap_or_default()),
            ("touchpoints", touchpoints),
            ("kpis", kpis),
            ("segments", self.segments.join(" ")),
            ("wave", self.wave.clone().unwrap_or_default()),
        ]
    }
}

/// A KPI column's name in the signature.
fn column_name(c: &SumColumn) -> String {
    match c {
        SumColumn::Value => "value".into(),
        SumColumn::Mirrored { .. } => "mirrored".into(),
        SumColumn::NpsPoints => "points".into(),
        SumColumn::Indicator { promoter, mirrored } => format!(
            "{}{}",
            if *mirrored { "not-" } else { "" },
            if *promoter { "promoter" } else { "detractor" }
        ),
    }
}

/// The values of a KPI column whose answers the capacity rule counts (a
/// yes/no column's 0 and 1; the NPS points), as the column holds them.
fn answer_values(c: SumColumn, kind: KpiKind) -> Option<Vec<f64>> {
    match c {
        SumColumn::Indicator { .. } => Some(vec![0.0, 1.0]),
        SumColumn::NpsPoints => Some(vec![-100.0, 0.0, 100.0]),
        SumColumn::Value | SumColumn::Mirrored { .. } if kind == KpiKind::Binary => {
            Some(vec![0.0, 1.0])
        }
        SumColumn::Value | SumColumn::Mirrored { .. } => None,
    }
}
