//! What differs between customer groups: an impact analysis of its own for
//! every segment group with enough respondents, and per touchpoint a test
//! of whether its effect in the group differs from the rest of the sample.
//!
//! A group's analysis is the whole analysis run on its respondents (same
//! config, same model options; terms that cannot be estimated in the group
//! drop out with their reason), without a bootstrap: the difference test on
//! the whole sample, not the group's own intervals, says whether a
//! touchpoint acts differently there. Groups below `[segments] min_size`
//! and the blank answers are listed with the reason, without a model.

use cximpact_ingest::{Config, KpiColumn, SegmentColumn, Survey};
use cximpact_regression::{group_differences, holm, BootstrapOptions, DriverData, Moments};

use crate::kpis::{driver_data, KpiToModel};
use crate::model::{Analysis, KpiAnalysis, KpiDifferences, SegmentAnalysis, SegmentSkip};
use crate::one_pass::Pass;
use crate::segments::group_values;
use crate::subset::subset;
use crate::{AnalysisError, Options};

/// The analysis of one group's survey with the given options (the whole
/// analysis, passed in so this module does not import it).
pub(crate) type AnalyseGroup<'a> =
    dyn Fn(&Survey, &Options) -> Result<Analysis, AnalysisError> + 'a;

/// The group analyses of every segment column, in column order; within a
/// column the named groups sorted, then the blank group when there is one.
#[allow(clippy::too_many_arguments)]
pub(crate) fn segment_models(
    survey: &Survey,
    config: &Config,
    options: &Options,
    analysed: &[usize],
    columns: &[KpiColumn],
    kpis: &[KpiAnalysis],
    analyse: &AnalyseGroup,
    summed: Option<Summed>,
) -> Vec<SegmentAnalysis> {
    if survey.segments.is_empty() {
        return Vec::new();
    }
    // A survey analysed in one pass tests its groups from sums; the others
    // from the rows of each KPI's model.
    let kpi_data: Vec<(usize, Vec<usize>, DriverData)> = match summed {
        Some(_) => Vec::new(),
        None => kpis
            .iter()
            .enumerate()
            .filter_map(|(k, kpi)| {
                let column = columns.iter().find(|c| c.column == kpi.name)?;
                let (rows, _, data) = driver_data(survey, analysed, column);
                Some((k, rows, data))
            })
            .collect(),
    };
    let mut out = Vec::new();
    for seg in &survey.segments {
        let seg_sums = summed.map(|s| s.pass.segment_sums(survey, analysed, s.analyses, seg));
        let mut groups: Vec<SegmentAnalysis> = group_values(seg, analysed)
            .into_iter()
            .map(|value| {
                let whole = Whole {
                    survey,
                    config,
                    options,
                    analysed,
                    kpi_data: &kpi_data,
                    analyse,
                    summed: summed.zip(seg_sums.as_deref()),
                };
                group_model(&whole, seg, value)
            })
            .collect();
        adjust_across_groups(&mut groups, kpis.len());
        out.extend(groups);
    }
    out
}

/// Holm's adjustment over every group of one segment column and every
/// touchpoint, per KPI: with four regions and eighteen touchpoints a KPI
/// has 72 tests, and a touchpoint that acts alike everywhere is flagged in
/// at most 5% of surveys.
fn adjust_across_groups(groups: &mut [SegmentAnalysis], n_kpis: usize) {
    for k in 0..n_kpis {
        let mut at: Vec<(usize, usize, usize)> = Vec::new();
        let mut p: Vec<Option<f64>> = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            for (d, diff) in group
                .differences
                .iter()
                .enumerate()
                .filter(|(_, d)| d.kpi == k)
            {
                for (j, test) in diff.touchpoints.iter().enumerate() {
                    at.push((g, d, j));
                    p.push(test.map(|t| t.p));
                }
            }
        }
        for ((g, d, j), adjusted) in at.into_iter().zip(holm(&p)) {
            if let (Some(t), Some(a)) = (&mut groups[g].differences[d].touchpoints[j], adjusted) {
                t.p_adjusted = a;
            }
        }
    }
}

/// The whole analysis a group is part of.
struct Whole<'a> {
    survey: &'a Survey,
    config: &'a Config,
    options: &'a Options,
    /// Indices of the analysed respondents among the kept rows.
    analysed: &'a [usize],
    /// Per KPI of the whole analysis: its index, the kept rows in its
    /// model and the model's data (built once for every group).
    kpi_data: &'a [(usize, Vec<usize>, DriverData)],
    analyse: &'a AnalyseGroup<'a>,
    /// The one-pass sums and, per value code of the segment column, each
    /// KPI group's moments.
    summed: Option<(Summed<'a>, &'a [Vec<Moments>])>,
}

/// The sums of a survey analysed in one pass: the pass, the KPI analyses
/// and, per KPI of the whole analysis, its analysis index.
#[derive(Clone, Copy)]
pub(crate) struct Summed<'a> {
    pub pass: &'a Pass,
    pub analyses: &'a [KpiToModel],
    pub modelled: &'a [usize],
}

/// The group of `seg`'s respondents answering `value` (blank: `None`).
fn group_model(whole: &Whole, seg: &SegmentColumn, value: Option<&String>) -> SegmentAnalysis {
    let Whole {
        survey,
        config,
        options,
        analysed,
        ..
    } = *whole;
    let labels = &config.segments;
    let members: Vec<usize> = analysed
        .iter()
        .copied()
        .filter(|&i| seg.values[i].as_ref() == value)
        .collect();
    let mut out = SegmentAnalysis {
        column: seg.column.clone(),
        column_label: labels.column_label(&seg.column).to_string(),
        value: value.cloned().unwrap_or_default(),
        label: value.map_or_else(String::new, |v| {
            labels.value_label(&seg.column, v).to_string()
        }),
        analysed: members.len(),
        min_size: labels.min_size(),
        skipped: None,
        analysis: None,
        differences: Vec::new(),
    };
    let min = out.min_size;
    if value.is_none() {
        out.skipped = Some(SegmentSkip::Blank);
        return out;
    }
    if members.len() < min {
        out.skipped = Some(SegmentSkip::TooSmall {
            n: members.len(),
            min,
        });
        return out;
    }
    let group_options = Options::new(
        options.model().clone(),
        BootstrapOptions {
            replicates: 0,
            ..options.bootstrap().clone()
        },
        options.labels(),
    )
    .map(|o| o.with_logistic_rows(options.logistic_rows()));
    let result = group_options
        .map_err(|e| SegmentSkip::Failed(e.to_string()))
        .and_then(|o| {
            (whole.analyse)(&group_survey(survey, &members), &o).map_err(|e| match e {
                AnalysisError::NoKpiModelled { reasons, .. } => SegmentSkip::NoKpiModelled(reasons),
                other => SegmentSkip::Failed(other.to_string()),
            })
        });
    match result {
        Ok(a) => out.analysis = Some(Box::new(a)),
        Err(skip) => out.skipped = Some(skip),
    }
    out.differences = differences(whole, seg, value);
    out
}

/// Per KPI of the whole analysis: each touchpoint's test of a different
/// effect in the group (see [`group_differences`]); a KPI whose test
/// cannot run has no entry.
fn differences(whole: &Whole, seg: &SegmentColumn, value: Option<&String>) -> Vec<KpiDifferences> {
    if let Some((summed, seg_sums)) = whole.summed {
        let (_, labels) = seg.values.coded();
        let Some(code) = labels.iter().position(|l| l.as_ref() == value) else {
            return Vec::new();
        };
        return summed
            .modelled
            .iter()
            .enumerate()
            .filter_map(|(k, &a)| {
                let touchpoints =
                    summed
                        .pass
                        .differences(a, seg_sums.get(code)?, whole.options.model())?;
                Some(KpiDifferences {
                    kpi: k,
                    touchpoints,
                })
            })
            .collect();
    }
    whole
        .kpi_data
        .iter()
        .filter_map(|(k, rows, data)| {
            let in_group: Vec<bool> = rows
                .iter()
                .map(|&i| seg.values[i].as_ref() == value)
                .collect();
            let touchpoints = group_differences(data, whole.options.model(), &in_group).ok()?;
            Some(KpiDifferences {
                kpi: *k,
                touchpoints,
            })
        })
        .collect()
}

/// The survey of one group: its kept rows only, no segments (so the group
/// analysis does not recurse) and none of the whole file's exclusions or
/// warnings (the whole analysis reports those).
fn group_survey(survey: &Survey, members: &[usize]) -> Survey {
    let mut s = subset(survey, members);
    s.segments.clear();
    s
}
