//! The analysis of a survey from its sums alone: the warehouse path.
//!
//! A survey too large for one machine stays in a warehouse; a query there
//! (`cximpact-warehouse` writes it) sums what [`crate::one_pass`] sums in
//! process: per block of respondents the descriptive sums and per KPI
//! question the sufficient statistics of its linear analyses, the rating
//! histograms and the counts of the exclusions, for the whole survey and
//! for every segment group. This module says what the query must sum for a
//! config ([`sums_plan`]) and turns the sums into the same [`Analysis`] an
//! in-process run gives ([`analyse_sums`]): the linear KPI models, their
//! what-ifs, the descriptives and the block bootstrap are those of the
//! rows to rounding. What needs the rows is listed as a warning
//! ([`WarningKind::NotFromSums`]): yes/no KPIs with a logistic model, the
//! row-level data checks and the lists of excluded rows, and the tests of
//! whether a touchpoint acts differently in a segment group.

use cximpact_ingest::{
    Config, KpiColumn, KpiKind, NpsAnalysis, SegmentColumn, Survey, TouchpointColumn,
};
use cximpact_regression::{
    describe_levels, fit_kpi_moments, BootstrapOptions, Moments, NpsSummary, RegressionError,
};

use crate::findings::SumsGap;
use crate::kpis::{kpi_analyses, lead_kpi, KpiToModel};
use crate::model::{
    Analysis, AnalysisSettings, Exclusion, ExclusionReason, KpiAnalysis, NpsEffects, ReadExclusion,
    SegmentAnalysis, SegmentGroup, SegmentSkip, SegmentSummary, TouchpointInfo, Warning,
    WarningKind,
};
use crate::one_pass::Pass;
use crate::options::SubKpiLabels;
use crate::uncertainty::nps_points_options;
use crate::{AnalysisError, Options};

/// One KPI column of a question's moments, as the query computes it from
/// the question's answer `y` (already in its scale, `None` = no answer).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SumColumn {
    /// `y` itself.
    Value,
    /// `lo + hi - y`: a reversed KPI, mirrored within its scale.
    Mirrored { lo: f64, hi: f64 },
    /// The NPS contribution: +100 for 9-10, 0 for 7-8, -100 below.
    NpsPoints,
    /// Promoter (9-10) or detractor (0-6) as 1, else 0; `mirrored` gives
    /// `1 - indicator` (a detractor analysis explains "not a detractor").
    Indicator { promoter: bool, mirrored: bool },
}

/// A KPI question whose linear analyses the query sums.
#[derive(Debug, Clone, PartialEq)]
pub struct SummedQuestion {
    /// Index into the config's (and the survey's) KPIs.
    pub kpi: usize,
    /// The KPI columns of its moments, in order.
    pub columns: Vec<SumColumn>,
    /// The shift of each column (the middle of its scale; 0 for points).
    pub shifts: Vec<f64>,
}

/// What the warehouse query sums for a config: the survey as the config
/// declares it (no rows) and the questions with linear analyses.
#[derive(Debug, Clone)]
pub struct SumsPlan {
    /// The touchpoints and KPIs as ingest would declare them (scales from
    /// the config; no values).
    pub survey: Survey,
    /// Per touchpoint: the shift of its ratings (the middle of its scale).
    pub rating_shift: Vec<f64>,
    /// The questions summed, in config order.
    pub questions: Vec<SummedQuestion>,
}

/// The sums of one set of respondents (the whole survey or one segment
/// group), per block of respondents (a segment group has one block).
#[derive(Debug, Clone, PartialEq)]
pub struct SetSums {
    /// Data rows (every row of the table in the set).
    pub rows_in: usize,
    /// Rows left out for a missing or invalid weight, and for a zero one.
    pub invalid_weight: usize,
    pub zero_weight: usize,
    /// Kept rows that answered no KPI question.
    pub no_kpi: usize,
    /// Rows of waves earlier than the two compared, and rows without a
    /// wave (`[survey] wave`; counted with the current wave).
    pub earlier_wave: usize,
    pub no_wave: usize,
    /// Analysed respondents (kept, answered a KPI).
    pub analysed: usize,
    /// Per touchpoint: kept respondents who rated it.
    pub kept_experienced: Vec<usize>,
    /// Per block: `[sum w, (sum w d_j, sum w d_j x_j) per touchpoint]`
    /// over the analysed respondents.
    pub desc: Vec<Vec<f64>>,
    /// Per touchpoint: its ratings with their summed weights and counts
    /// over the analysed respondents.
    pub histograms: Vec<Vec<(f64, f64, usize)>>,
    /// Per summed question (plan order), per block: the moments of the
    /// respondents who answered it.
    pub questions: Vec<Vec<Moments>>,
}

/// The sums of a survey: the whole set and each segment group.
#[derive(Debug, Clone)]
pub struct SurveySums {
    /// The sums' file, as given.
    pub file: String,
    pub whole: SetSums,
    /// Per segment group: its column, its value (`None`: blank) and sums.
    pub segments: Vec<(String, Option<String>, SetSums)>,
}

/// The plan of the warehouse query for `config`, or what in the config it
/// cannot express (naming the key).
pub fn sums_plan(config: &Config) -> Result<SumsPlan, String> {
    let survey = declared_survey(config, "")?;
    let analyses = kpi_analyses(&survey, config, SubKpiLabels::ENGLISH);
    let mut questions = Vec::new();
    let mut a = 0;
    for (q, (kpi, cfg)) in survey.kpis.iter().zip(&config.kpis).enumerate() {
        let mut columns = Vec::new();
        let mut shifts = Vec::new();
        for way in cfg.analyses() {
            let analysis = &analyses[a];
            a += 1;
            if analysis.logistic {
                continue;
            }
            let scale = analysis.column.scale;
            shifts.push((scale.0 + scale.1) / 2.0);
            columns.push(match way {
                NpsAnalysis::Score if kpi.reverse => SumColumn::Mirrored {
                    lo: scale.0,
                    hi: scale.1,
                },
                NpsAnalysis::Score => SumColumn::Value,
                NpsAnalysis::Promoter | NpsAnalysis::Detractor => SumColumn::Indicator {
                    promoter: way == NpsAnalysis::Promoter,
                    mirrored: analysis.column.reverse,
                },
            });
            if analysis.column.kind == KpiKind::Nps {
                columns.push(SumColumn::NpsPoints);
                shifts.push(0.0);
            }
        }
        if !columns.is_empty() {
            questions.push(SummedQuestion {
                kpi: q,
                columns,
                shifts,
            });
        }
    }
    let rating_shift = survey
        .touchpoints
        .iter()
        .map(|tp| (tp.scale.0 + tp.scale.1) / 2.0)
        .collect();
    Ok(SumsPlan {
        survey,
        rating_shift,
        questions,
    })
}

/// The survey as the config declares it, without rows: what the sums need
/// fixed in advance (explicit columns and scales) or an error naming the
/// config key.
fn declared_survey(config: &Config, file: &str) -> Result<Survey, String> {
    if let Some(key) = [
        ("duration", config.survey.duration.is_some()),
        ("exclude", !config.survey.exclude.is_empty()),
    ]
    .iter()
    .find_map(|(k, set)| set.then_some(k))
    {
        return Err(format!(
            "[survey] {key}: speeder and straight-liner checks need the rows; remove it for the \
             warehouse query"
        ));
    }
    let mut touchpoints = Vec::new();
    for tp in &config.touchpoints {
        if tp.column.contains(['*', '?', '[']) {
            return Err(format!(
                "[[touchpoint]] column = {:?}: a pattern needs the file's header; list the \
                 columns one by one",
                tp.column
            ));
        }
        let Some([lo, hi]) = tp.scale else {
            return Err(format!(
                "[[touchpoint]] {:?}: set scale = [lowest, highest]; the warehouse query cannot \
                 detect it from the data",
                tp.column
            ));
        };
        touchpoints.push(TouchpointColumn {
            column: tp.column.clone(),
            label: tp.label.clone().unwrap_or_else(|| tp.column.clone()),
            phase: tp.phase.clone(),
            scale: (lo, hi),
            top_box_from: tp.top_box.unwrap_or(hi - 1.0),
            values: Default::default(),
            controllable: tp.controllable,
            note: tp.note.as_ref().map(|n| n.trim().to_string()),
        });
    }
    let mut kpis = Vec::new();
    for kpi in &config.kpis {
        let scale = match (kpi.kind, kpi.scale) {
            (KpiKind::Binary, _) => (0.0, 1.0),
            (_, Some([lo, hi])) => (lo, hi),
            (KpiKind::Nps, None) => (0.0, 10.0),
            (KpiKind::Scale, None) => {
                return Err(format!(
                    "[[kpi]] {:?}: set scale = [lowest, highest]; the warehouse query cannot \
                     detect it from the data",
                    kpi.column
                ))
            }
        };
        kpis.push(KpiColumn {
            column: kpi.column.clone(),
            label: kpi.label.clone().unwrap_or_else(|| kpi.column.clone()),
            kind: kpi.kind,
            scale,
            reverse: kpi.reverse,
            values: Default::default(),
        });
    }
    Ok(Survey {
        file: file.to_string(),
        respondents_in: 0,
        all_ids: Default::default(),
        format: "warehouse sums".into(),
        rows: Vec::new(),
        weights: None,
        weight_column: config.survey.weight.clone(),
        touchpoints,
        kpis,
        segments: config
            .segments
            .columns
            .iter()
            .map(|c| SegmentColumn {
                column: c.clone(),
                values: Default::default(),
            })
            .collect(),
        wave: None,
        excluded: Vec::new(),
        warnings: Vec::new(),
    })
}

/// The sums of a file's latest wave and of the one before it (`[survey]
/// wave`), from the sums of every wave (`None`: the rows without a wave):
/// waves sort as numbers when they all are, else as text; the rows of
/// earlier waves and without a wave are counted as excluded from the
/// current wave, as an in-process run lists them.
pub fn split_sums_waves(
    mut waves: Vec<(Option<String>, SurveySums)>,
    column: &str,
) -> Result<(SurveySums, SurveySums), AnalysisError> {
    let file = waves.first().map_or_else(String::new, |w| w.1.file.clone());
    let kept = |s: &SetSums| s.rows_in - s.invalid_weight - s.zero_weight;
    // Rows left out for their weight are the file's exclusions, listed
    // with the current wave whichever wave they name.
    let all_rows: usize = waves.iter().map(|w| w.1.whole.rows_in).sum();
    let invalid: usize = waves.iter().map(|w| w.1.whole.invalid_weight).sum();
    let zero: usize = waves.iter().map(|w| w.1.whole.zero_weight).sum();
    let no_wave: usize = waves
        .iter()
        .filter(|w| w.0.is_none())
        .map(|w| kept(&w.1.whole))
        .sum();
    waves.retain(|w| w.0.is_some());
    let number = |w: &Option<String>| w.as_deref().map(|w| w.trim().parse::<f64>());
    if waves
        .iter()
        .all(|w| number(&w.0).is_some_and(|n| n.is_ok()))
    {
        let key = |w: &Option<String>| number(w).and_then(Result::ok).unwrap_or(f64::NAN);
        waves.sort_by(|a, b| key(&a.0).total_cmp(&key(&b.0)));
    } else {
        waves.sort_by(|a, b| a.0.cmp(&b.0));
    }
    let one_wave = AnalysisError::OneWave {
        file: file.clone(),
        column: column.to_string(),
        waves: waves
            .iter()
            .filter_map(|w| w.0.clone())
            .collect::<Vec<_>>()
            .join(", "),
    };
    if waves.len() < 2 {
        return Err(one_wave);
    }
    let (Some((_, mut current)), Some((Some(previous_wave), mut previous))) =
        (waves.pop(), waves.pop())
    else {
        return Err(one_wave);
    };
    let previous_kept = kept(&previous.whole);
    current.whole.earlier_wave = waves.iter().map(|w| kept(&w.1.whole)).sum();
    current.whole.no_wave = no_wave;
    current.whole.invalid_weight = invalid;
    current.whole.zero_weight = zero;
    current.whole.rows_in = all_rows - previous_kept;
    previous.whole.invalid_weight = 0;
    previous.whole.zero_weight = 0;
    previous.whole.rows_in = previous_kept;
    current.file = file.clone();
    previous.file = format!("{file} ({previous_wave})");
    Ok((current, previous))
}

/// The analysis of `sums` (computed by the query of [`sums_plan`] for
/// `config`): the report an in-process run writes, from the sums alone.
pub fn analyse_sums(
    sums: &SurveySums,
    config: &Config,
    options: &Options,
) -> Result<Analysis, AnalysisError> {
    let plan = sums_plan(config).map_err(|message| AnalysisError::Sums {
        file: sums.file.clone(),
        message,
    })?;
    let survey = Survey {
        file: sums.file.clone(),
        ..plan.survey.clone()
    };
    let mut analysis = analyse_set(&survey, &plan, &sums.whole, config, options)?;
    let mut gaps = vec![SumsGap::RowChecks];
    if !sums.segments.is_empty() {
        analysis.segments =
            segment_summaries(&survey, &plan, sums, config, options, &analysis.kpis);
        analysis.segment_models = segment_models(&survey, &plan, sums, config, options);
        gaps.push(SumsGap::SegmentDifferences);
    }
    for gap in gaps {
        analysis
            .warnings
            .push(about(&survey, None, WarningKind::NotFromSums(gap)));
    }
    Ok(analysis)
}

/// A warning about the whole survey or one of its columns.
fn about(survey: &Survey, column: Option<&str>, kind: WarningKind) -> Warning {
    Warning {
        kind,
        file: survey.file.clone(),
        row: None,
        column: column.map(str::to_string),
    }
}

/// The analysis of one set of respondents from its sums.
fn analyse_set(
    survey: &Survey,
    plan: &SumsPlan,
    set: &SetSums,
    config: &Config,
    options: &Options,
) -> Result<Analysis, AnalysisError> {
    let opts = options.model();
    if set.analysed == 0 {
        return Err(AnalysisError::NothingToAnalyse {
            file: survey.file.clone(),
        });
    }
    let mut warnings = Vec::new();
    for (tp, &n) in survey.touchpoints.iter().zip(&set.kept_experienced) {
        if n < opts.small_base {
            let kind = WarningKind::SmallBase {
                n,
                min: opts.small_base,
            };
            warnings.push(about(survey, Some(&tp.column), kind));
        }
    }
    let analyses = kpi_analyses(survey, config, options.labels());
    let located = locate(config, plan, &analyses);
    let pass = Pass::from_sums(
        plan.questions
            .iter()
            .zip(&set.questions)
            .map(|(q, blocks)| {
                let members: Vec<(usize, usize)> = located
                    .iter()
                    .enumerate()
                    .filter_map(|(a, l)| l.filter(|l| l.0 == q.kpi).map(|l| (a, l.1)))
                    .collect();
                (members, blocks.clone())
            })
            .collect(),
        set.desc.clone(),
        set.histograms.iter().cloned().map(Some).collect(),
    );
    // Each touchpoint described from its histogram, as the one pass does.
    let weight: f64 = set.desc.iter().filter_map(|d| d.first()).sum();
    let touchpoints = survey
        .touchpoints
        .iter()
        .zip(&set.histograms)
        .map(|(tp, levels)| TouchpointInfo {
            descriptives: describe_levels(levels, weight, set.analysed, tp.top_box_from),
            name: tp.column.clone(),
            label: tp.label.clone(),
            phase: tp.phase.clone(),
            scale: tp.scale,
            top_box_from: tp.top_box_from,
            controllable: tp.controllable,
            note: tp.note.clone(),
        })
        .collect();
    let mut kpis = Vec::new();
    let mut modelled = Vec::new();
    for (a, analysis) in analyses.iter().enumerate() {
        let Some((q, y)) = located[a] else {
            let gap = SumsGap::LogisticKpi {
                kpi: analysis.column.label.clone(),
            };
            warnings.push(about(
                survey,
                Some(&analysis.column.column),
                WarningKind::NotFromSums(gap),
            ));
            continue;
        };
        let qi = plan.questions.iter().position(|p| p.kpi == q).unwrap_or(0);
        let whole = merged(&set.questions[qi], plan, qi);
        match model_from_sums(&whole, y, analysis, set.analysed, opts) {
            Ok(kpi) => {
                kpis.push(kpi);
                modelled.push(a);
            }
            Err(err) => warnings.push(crate::warnings::kpi_not_modelled(
                survey,
                &analysis.column,
                &err,
            )),
        }
    }
    if let Err(err) = pass.add_uncertainty(&mut kpis, &modelled, options.bootstrap()) {
        warnings.push(crate::warnings::bootstrap_failed(survey, &err));
    }
    if kpis.is_empty() {
        return Err(crate::analyse::no_kpi_modelled(survey, &warnings));
    }
    let names: Vec<&str> = kpis.iter().map(|k| k.name.as_str()).collect();
    let lead_kpi = lead_kpi(&names, config.report.lead_kpi.as_deref());
    Ok(Analysis {
        title: crate::analyse::report_title(config, survey),
        source_file: survey.file.clone(),
        respondents_in: set.rows_in,
        respondents_analysed: set.analysed,
        weight_column: survey.weight_column.clone(),
        excluded: exclusions(set),
        warnings,
        touchpoints,
        kpis,
        lead_kpi,
        segments: Vec::new(),
        settings: AnalysisSettings {
            min_not_experienced: opts.min_not_experienced,
            small_base: opts.small_base,
        },
        comparison: None,
        segment_models: Vec::new(),
    })
}

/// Per analysis (in the order of `kpi_analyses`): its question (index
/// into the config's KPIs) and its first column in the question's moments;
/// `None` for a logistic one.
fn locate(
    config: &Config,
    plan: &SumsPlan,
    analyses: &[KpiToModel],
) -> Vec<Option<(usize, usize)>> {
    let mut out = vec![None; analyses.len()];
    let mut a = 0;
    for (q, cfg) in config.kpis.iter().enumerate() {
        let mut first = 0;
        for _ in cfg.analyses() {
            let Some(analysis) = analyses.get(a) else {
                return out;
            };
            if !analysis.logistic && plan.questions.iter().any(|p| p.kpi == q) {
                out[a] = Some((q, first));
                first += if analysis.column.kind == KpiKind::Nps {
                    2
                } else {
                    1
                };
            }
            a += 1;
        }
    }
    out
}

/// The moments of question `qi` over all its blocks (empty sums when it
/// has none).
fn merged(blocks: &[Moments], plan: &SumsPlan, qi: usize) -> Moments {
    let mut whole = Moments::new(plan.rating_shift.clone(), plan.questions[qi].shifts.clone());
    for b in blocks {
        whole.merge(b);
    }
    whole
}

/// One linear analysis from its question's moments: the model with its
/// what-ifs, for an NPS score the NPS and its points model.
fn model_from_sums(
    whole: &Moments,
    y: usize,
    analysis: &KpiToModel,
    analysed: usize,
    opts: &cximpact_regression::ModelOptions,
) -> Result<KpiAnalysis, RegressionError> {
    let kpi = &analysis.column;
    let is_nps = kpi.kind == KpiKind::Nps;
    let model = fit_kpi_moments(whole, y, opts)?;
    let points = is_nps
        .then(|| fit_kpi_moments(whole, y + 1, &nps_points_options(opts)).ok())
        .flatten();
    let missing = analysed.saturating_sub(whole.n);
    let excluded = if missing == 0 {
        Vec::new()
    } else {
        vec![Exclusion {
            reason: ExclusionReason::NoAnswerTo {
                kpi: analysis.question.clone(),
            },
            count: missing,
            rows: Vec::new(),
            ids: Vec::new(),
        }]
    };
    Ok(KpiAnalysis {
        name: kpi.column.clone(),
        label: kpi.label.clone(),
        kind: kpi.kind,
        scale: kpi.scale,
        reverse: kpi.reverse,
        nps: is_nps.then(|| nps_from_points(whole, y + 1)).flatten(),
        model,
        excluded,
        uncertainty: None,
        nps_effects: points.map(|model| NpsEffects {
            model,
            uncertainty: None,
        }),
        subsample: None,
    })
}

/// The NPS breakdown from the sums of the contributions `c` (+100, 0,
/// -100): with weighted shares `p` (promoters) and `d` (detractors), the
/// mean of `c` is `100 (p - d)` and the mean of `c²` is `10000 (p + d)`.
fn nps_from_points(m: &Moments, col: usize) -> Option<NpsSummary> {
    let total = m.at(0, 0);
    if m.n == 0 || total <= 0.0 {
        return None;
    }
    let yi = m.y_index(col);
    let mean = m.at(0, yi) / total / 100.0;
    let square = m.at(yi, yi) / total / 10_000.0;
    let promoters = (square + mean) / 2.0;
    let detractors = (square - mean) / 2.0;
    Some(NpsSummary {
        n: m.n,
        score: 100.0 * (promoters - detractors),
        promoters,
        passives: 1.0 - promoters - detractors,
        detractors,
    })
}

/// The rows left out of the whole set, by reason (counts only: the sums
/// do not say which rows).
fn exclusions(set: &SetSums) -> Vec<Exclusion> {
    [
        (
            ExclusionReason::Read(ReadExclusion::InvalidWeight),
            set.invalid_weight,
        ),
        (
            ExclusionReason::Read(ReadExclusion::ZeroWeight),
            set.zero_weight,
        ),
        (ExclusionReason::NoKpiAnswer, set.no_kpi),
        (
            ExclusionReason::Read(ReadExclusion::EarlierWave),
            set.earlier_wave,
        ),
        (ExclusionReason::Read(ReadExclusion::NoWave), set.no_wave),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(reason, count)| Exclusion {
        reason,
        count,
        rows: Vec::new(),
        ids: Vec::new(),
    })
    .collect()
}

/// The segment groups of `column` in report order: named values sorted,
/// then the blank answers.
fn groups_of<'a>(sums: &'a SurveySums, column: &str) -> Vec<(Option<&'a String>, &'a SetSums)> {
    let mut groups: Vec<(Option<&String>, &SetSums)> = sums
        .segments
        .iter()
        .filter(|(c, _, s)| c == column && s.analysed > 0)
        .map(|(_, v, s)| (v.as_ref(), s))
        .collect();
    groups.sort_by(|a, b| match (a.0, b.0) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
        (Some(x), Some(y)) => x.cmp(y),
    });
    groups
}

/// Per segment column and group: analysed respondents and each modelled
/// KPI's level (the NPS for an NPS score, else the mean on the question's
/// own scale), from the group's moments.
fn segment_summaries(
    survey: &Survey,
    plan: &SumsPlan,
    sums: &SurveySums,
    config: &Config,
    options: &Options,
    kpis: &[KpiAnalysis],
) -> Vec<SegmentSummary> {
    let analyses = kpi_analyses(survey, config, options.labels());
    let located = locate(config, plan, &analyses);
    // Per modelled KPI: its question among the summed ones and the column
    // of its level.
    let columns: Vec<Option<(usize, usize)>> = kpis
        .iter()
        .map(|k| {
            let a = analyses.iter().position(|a| a.column.column == k.name)?;
            let (q, first) = located[a]?;
            let qi = plan.questions.iter().position(|p| p.kpi == q)?;
            Some((qi, first + usize::from(k.kind == KpiKind::Nps)))
        })
        .collect();
    survey
        .segments
        .iter()
        .map(|seg| SegmentSummary {
            column: seg.column.clone(),
            groups: groups_of(sums, &seg.column)
                .into_iter()
                .map(|(value, set)| SegmentGroup {
                    value: value.cloned().unwrap_or_default(),
                    n: set.analysed,
                    kpi_values: columns
                        .iter()
                        .map(|c| c.and_then(|(qi, col)| kpi_level(plan, set, qi, col)))
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// The level of column `col` of summed question `qi` among a set's
/// respondents: its weighted mean, turned back to the question's own scale.
fn kpi_level(plan: &SumsPlan, set: &SetSums, qi: usize, col: usize) -> Option<f64> {
    let whole = merged(&set.questions[qi], plan, qi);
    let total = whole.at(0, 0);
    if whole.n == 0 || total <= 0.0 {
        return None;
    }
    let q = &plan.questions[qi];
    let mean = q.shifts[col] + whole.at(0, whole.y_index(col)) / total;
    Some(match q.columns[col] {
        SumColumn::Mirrored { lo, hi } => lo + hi - mean,
        SumColumn::Indicator { mirrored: true, .. } => 1.0 - mean,
        _ => mean,
    })
}

/// Each segment group's own analysis from its sums (no bootstrap), or why
/// it has none; the difference tests need the rows (a warning says so).
fn segment_models(
    survey: &Survey,
    plan: &SumsPlan,
    sums: &SurveySums,
    config: &Config,
    options: &Options,
) -> Vec<SegmentAnalysis> {
    let labels = &config.segments;
    let mut out = Vec::new();
    for seg in &survey.segments {
        for (value, set) in groups_of(sums, &seg.column) {
            let mut group = SegmentAnalysis {
                column: seg.column.clone(),
                column_label: labels.column_label(&seg.column).to_string(),
                value: value.cloned().unwrap_or_default(),
                label: value.map_or_else(String::new, |v| {
                    labels.value_label(&seg.column, v).to_string()
                }),
                analysed: set.analysed,
                min_size: labels.min_size(),
                skipped: None,
                analysis: None,
                differences: Vec::new(),
            };
            group.skipped = if value.is_none() {
                Some(SegmentSkip::Blank)
            } else if set.analysed < group.min_size {
                Some(SegmentSkip::TooSmall {
                    n: set.analysed,
                    min: group.min_size,
                })
            } else {
                match group_analysis(survey, plan, set, config, options) {
                    Ok(a) => {
                        group.analysis = Some(Box::new(a));
                        None
                    }
                    Err(skip) => Some(skip),
                }
            };
            out.push(group);
        }
    }
    out
}

/// A group's analysis without a bootstrap.
fn group_analysis(
    survey: &Survey,
    plan: &SumsPlan,
    set: &SetSums,
    config: &Config,
    options: &Options,
) -> Result<Analysis, SegmentSkip> {
    let o = Options::new(
        options.model().clone(),
        BootstrapOptions {
            replicates: 0,
            ..options.bootstrap().clone()
        },
        options.labels(),
    )
    .map_err(|e| SegmentSkip::Failed(e.to_string()))?;
    analyse_set(survey, plan, set, config, &o).map_err(|e| match e {
        AnalysisError::NoKpiModelled { reasons, .. } => SegmentSkip::NoKpiModelled(reasons),
        other => SegmentSkip::Failed(other.to_string()),
    })
}

#[cfg(test)]
mod tests;
