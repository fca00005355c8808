//! The analysis's parameters, validated once where they enter (linfa's
//! `ParamGuard` habit): an [`Options`] exists only with valid values, so
//! [`analyse`](crate::analyse) never re-checks them.

use std::sync::Arc;

use cximpact_regression::{BootstrapOptions, ModelOptions, ReplicateHook, MAX_EXACT_GROUPS};

use crate::subsample::LOGISTIC_MODEL_ROWS;

/// A parameter out of its range, named.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    #[error(
        "the exact limit is {limit}, but an exact decomposition handles at most {max} touchpoints"
    )]
    ExactLimit { limit: usize, max: usize },
}

/// The texts of the sub-KPIs made from an NPS question (promoter or
/// detractor vs the rest). They are shown in the report, so the caller
/// picks them in the report's language; the analysis knows no languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubKpiLabels {
    /// Appended to the question's label after ": " for a promoter analysis.
    pub promoter: &'static str,
    /// The same for a detractor analysis.
    pub detractor: &'static str,
}

impl SubKpiLabels {
    pub const ENGLISH: SubKpiLabels = SubKpiLabels {
        promoter: "promoter (9-10) vs rest",
        detractor: "detractor (0-6) vs rest",
    };
    pub const DUTCH: SubKpiLabels = SubKpiLabels {
        promoter: "promotor (9-10) tegenover de rest",
        detractor: "criticaster (0-6) tegenover de rest",
    };
}

impl Default for SubKpiLabels {
    fn default() -> Self {
        SubKpiLabels::ENGLISH
    }
}

/// A stage of [`analyse`](crate::analyse), announced as it starts so a
/// caller can show progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Every KPI's impact model and importance decomposition.
    Models,
    /// The bootstrap replicates (instant when there are none).
    Bootstrap,
    /// Segment comparisons and each large enough group's own analysis.
    Segments,
}

/// Who is told of each [`Stage`]; it only watches, so any two are equal
/// as far as the analysis is concerned.
#[derive(Clone, Default)]
struct StageHook(Option<Arc<dyn Fn(Stage) + Send + Sync>>);

impl std::fmt::Debug for StageHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "StageHook(set)"
        } else {
            "StageHook(none)"
        })
    }
}

impl PartialEq for StageHook {
    fn eq(&self, _: &StageHook) -> bool {
        true
    }
}

/// How to analyse: the impact models' options, the bootstrap's, and the
/// sub-KPI labels. The default (every option's default) is valid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    model: ModelOptions,
    bootstrap: BootstrapOptions,
    labels: SubKpiLabels,
    stage_hook: StageHook,
    /// The most respondents of a logistic model, when not
    /// [`LOGISTIC_MODEL_ROWS`] (tests set a lower one).
    logistic_rows: Option<usize>,
}

impl Options {
    /// Checks the options: an exact Shapley decomposition handles at most
    /// [`MAX_EXACT_GROUPS`] touchpoints, so a higher `exact_limit` is an
    /// error rather than silently capped.
    pub fn new(
        model: ModelOptions,
        bootstrap: BootstrapOptions,
        labels: SubKpiLabels,
    ) -> Result<Options, OptionsError> {
        if model.exact_limit > MAX_EXACT_GROUPS {
            return Err(OptionsError::ExactLimit {
                limit: model.exact_limit,
                max: MAX_EXACT_GROUPS,
            });
        }
        Ok(Options {
            model,
            bootstrap,
            labels,
            stage_hook: StageHook::default(),
            logistic_rows: None,
        })
    }

    /// These options with `hook` told of each stage of the analysis as it
    /// starts (a progress display). Segment groups' own analyses do not
    /// announce theirs.
    pub fn with_stage_hook(mut self, hook: impl Fn(Stage) + Send + Sync + 'static) -> Options {
        self.stage_hook = StageHook(Some(Arc::new(hook)));
        self
    }

    /// These options with `hook` called once each bootstrap replicate of
    /// the analysis is done (from any thread).
    pub fn with_replicate_hook(mut self, hook: impl Fn() + Send + Sync + 'static) -> Options {
        self.bootstrap.on_replicate = ReplicateHook(Some(Arc::new(hook)));
        self
    }

    /// These options with logistic models fitted on at most `rows`
    /// respondents instead of [`LOGISTIC_MODEL_ROWS`].
    pub(crate) fn with_logistic_rows(mut self, rows: usize) -> Options {
        self.logistic_rows = Some(rows);
        self
    }

    /// The most respondents a logistic model is fitted on.
    pub(crate) fn logistic_rows(&self) -> usize {
        self.logistic_rows.unwrap_or(LOGISTIC_MODEL_ROWS)
    }

    pub(crate) fn announce(&self, stage: Stage) {
        if let Some(hook) = &self.stage_hook.0 {
            hook(stage);
        }
    }

    pub fn model(&self) -> &ModelOptions {
        &self.model
    }

    pub fn bootstrap(&self) -> &BootstrapOptions {
        &self.bootstrap
    }

    pub fn labels(&self) -> SubKpiLabels {
        self.labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_limit_above_the_maximum_is_an_error_that_names_it() {
        let model = ModelOptions {
            exact_limit: MAX_EXACT_GROUPS + 1,
            ..ModelOptions::default()
        };
        let err =
            Options::new(model, BootstrapOptions::default(), SubKpiLabels::ENGLISH).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "the exact limit is {}, but an exact decomposition handles at most {} touchpoints",
                MAX_EXACT_GROUPS + 1,
                MAX_EXACT_GROUPS
            )
        );
        let model = ModelOptions {
            exact_limit: MAX_EXACT_GROUPS,
            ..ModelOptions::default()
        };
        assert!(Options::new(model, BootstrapOptions::default(), SubKpiLabels::DUTCH).is_ok());
    }
}
