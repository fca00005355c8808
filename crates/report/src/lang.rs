//! The language a report is written in.
//!
//! Every user-visible text (the matrix, the HTML report, number formats)
//! follows one [`Lang`]; it lives apart from the quadrants because it
//! concerns the words, not where a touchpoint lands.

use std::str::FromStr;

use serde::Serialize;

/// Language of every user-visible text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Nl,
}

impl Lang {
    /// The two-letter code: `"en"`, `"nl"` (the key of a config's
    /// `[translations.<code>]`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }
}

impl FromStr for Lang {
    type Err = ParseLangError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "nl" | "dutch" | "nederlands" => Ok(Lang::Nl),
            _ => Err(ParseLangError(s.to_string())),
        }
    }
}

/// A language name that is neither English nor Dutch; holds the text as
/// given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: expected \"en\" or \"nl\"")]
pub struct ParseLangError(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_codes() {
        assert_eq!("EN".parse(), Ok(Lang::En));
        assert_eq!(" nederlands ".parse(), Ok(Lang::Nl));
        let e = "fr".parse::<Lang>().unwrap_err();
        assert_eq!(e, ParseLangError("fr".into()));
        assert_eq!(
            e.to_string(),
            "unknown language \"fr\": expected \"en\" or \"nl\""
        );
    }
}
