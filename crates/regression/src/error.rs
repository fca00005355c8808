//! Why a model could not be fitted, in words a user can act on.

use thiserror::Error;

use crate::Capacity;

/// An input the regression cannot work with.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RegressionError {
    /// Inputs of different lengths were handed over together.
    #[error("{what} has {got} values where {expected} were expected")]
    LengthMismatch {
        what: String,
        expected: usize,
        got: usize,
    },
    /// Too few respondents to fit anything.
    #[error("only {n} respondent(s) answered the KPI; at least {min} are needed")]
    TooFewRespondents { n: usize, min: usize },
    /// Every respondent gave the KPI the same answer: there is no variance
    /// to explain.
    #[error(
        "every respondent gave the KPI the same answer ({value}); there is nothing to explain"
    )]
    ConstantKpi { value: f64 },
    /// A value is NaN or infinite.
    #[error("{what} is not a finite number at respondent {index}")]
    NonFinite { what: String, index: usize },
    /// A weight is zero, negative or not finite.
    #[error("weight of respondent {index} is {value}; weights must be positive")]
    InvalidWeight { index: usize, value: f64 },
    /// The groups handed to a decomposition do not fit the predictors.
    #[error("invalid predictor groups: {0}")]
    InvalidGroups(String),
    /// A logistic model was asked for a KPI that is not coded 0/1.
    #[error("the KPI of a logistic model must be 0 or 1, but respondent {index} has {value}")]
    NotBinary { index: usize, value: f64 },
    /// The model has more terms than its data carry (see [`Capacity`]);
    /// nothing was fitted.
    #[error("{}", too_many_terms(.0))]
    TooManyTerms(Capacity),
    /// The least-squares solver failed.
    #[error("the model fit failed: {0}")]
    Fit(String),
}

/// The capacity rule's refusal in words: what the model needs, what the
/// data carry and what to do about it.
fn too_many_terms(c: &Capacity) -> String {
    let (base, who) = if c.rarer_answer {
        (
            format!("the {} respondents with the rarer answer", c.base),
            "respondents with the rarer answer",
        )
    } else {
        (format!("{} respondents", c.base), "respondents")
    };
    let max = c.max_terms();
    let advice = match c.max_touchpoints() {
        0 => "too few for a single touchpoint".to_string(),
        keep => format!("merge or drop touchpoints to about {keep}"),
    };
    format!(
        "{} touchpoints bring {} terms, but {base} carry at most {max} term{} (one per {} of \
         them): {advice}, or collect at least {} {who}",
        c.touchpoints,
        c.terms,
        if max == 1 { "" } else { "s" },
        c.per_term,
        c.base_needed(),
    )
}
