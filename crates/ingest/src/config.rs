//! The survey configuration: which columns are touchpoints, KPIs, segments,
//! weight and id, and how to read them.
//!
//! It exists separately from reading because the same export is analysed
//! many times with small config changes, and because a config typo must fail
//! loudly before any data is read (hence `deny_unknown_fields` everywhere and
//! validation right after parsing).

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use crate::error::IngestError;
use crate::model::KpiKind;

/// Codes that mean "did not experience / cannot remember" when the config
/// gives none. Compared trimmed and case-insensitively.
pub const DEFAULT_NOT_EXPERIENCED: &[&str] = &[
    "",
    "n.v.t.",
    "nvt",
    "n/a",
    "na",
    "weet niet",
    "don't know",
    "dont know",
    "-",
];

/// Binary KPI answers meaning "yes" (1) unless `positive` is configured.
pub const DEFAULT_POSITIVE: &[&str] = &["yes", "ja", "j", "y", "true", "1"];
/// Binary KPI answers meaning "no" (0).
pub const DEFAULT_NEGATIVE: &[&str] = &["no", "nee", "n", "false", "0"];

/// A whole survey configuration (one TOML file).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the config came from (file path or "command line"), used in
    /// error messages.
    #[serde(skip)]
    pub origin: String,
    #[serde(default)]
    pub survey: SurveyConfig,
    /// Touchpoints in journey order (`[[touchpoint]]`).
    #[serde(default, rename = "touchpoint")]
    pub touchpoints: Vec<TouchpointConfig>,
    /// KPIs (`[[kpi]]`).
    #[serde(default, rename = "kpi")]
    pub kpis: Vec<KpiConfig>,
    #[serde(default)]
    pub segments: SegmentsConfig,
    #[serde(default)]
    pub analysis: AnalysisConfig,
    #[serde(default)]
    pub report: ReportConfig,
}

/// `[survey]`: file-level settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyConfig {
    /// Respondent id column; without it 1-based row numbers are the ids.
    pub id: Option<String>,
    /// Weight column.
    pub weight: Option<String>,
    /// `";"`, `","` or a tab; detected from the header when absent.
    pub separator: Option<String>,
    /// `"."` or `","`; detected from the data when absent.
    pub decimal: Option<String>,
    /// Codes meaning "did not experience"; [`DEFAULT_NOT_EXPERIENCED`] when
    /// absent. Blank always counts.
    pub not_experienced: Option<Vec<String>>,
}

/// `[[touchpoint]]`: one column, or a glob expanding to several.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TouchpointConfig {
    /// Column name or glob such as `tp_*`.
    pub column: String,
    pub label: Option<String>,
    pub phase: Option<String>,
    /// `[lowest, highest]`; detected from the data when absent.
    pub scale: Option<[f64; 2]>,
    /// Lowest score counted as top box; default `highest - 1`.
    pub top_box: Option<f64>,
    /// Extra codes for this column, on top of the survey's.
    #[serde(default)]
    pub not_experienced: Vec<String>,
}

/// `[[kpi]]`: one KPI column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiConfig {
    pub column: String,
    pub label: Option<String>,
    #[serde(default = "default_kind")]
    pub kind: KpiKind,
    /// `[lowest, highest]`; NPS defaults to 0-10, binary is 0-1, scale KPIs
    /// are detected from the data.
    pub scale: Option<[f64; 2]>,
    /// Low answers are good (effort scores).
    #[serde(default)]
    pub reverse: bool,
    /// Binary only: answers meaning 1 (replaces [`DEFAULT_POSITIVE`]).
    pub positive: Option<Vec<String>>,
    /// Binary only: extra answers meaning 0 (on top of [`DEFAULT_NEGATIVE`]).
    #[serde(default)]
    pub negative: Vec<String>,
    /// Extra "no answer" codes for this column, on top of the survey's.
    #[serde(default)]
    pub not_experienced: Vec<String>,
}

fn default_kind() -> KpiKind {
    KpiKind::Scale
}

/// `[segments]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentsConfig {
    #[serde(default)]
    pub columns: Vec<String>,
}

/// `[analysis]`: thresholds the analysis and the reader share.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisConfig {
    /// Fewest "not experienced" respondents needed to compare groups.
    #[serde(default = "default_thirty")]
    pub min_not_experienced: usize,
    /// Below this many answers a base is flagged as small.
    #[serde(default = "default_thirty")]
    pub small_base: usize,
}

impl Default for AnalysisConfig {
    fn default() -> Self {
        AnalysisConfig {
            min_not_experienced: 30,
            small_base: 30,
        }
    }
}

fn default_thirty() -> usize {
    30
}

/// `[report]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    pub title: Option<String>,
    /// `"en"` or `"nl"`; see [`ReportConfig::lang`].
    pub lang: Option<String>,
}

impl ReportConfig {
    /// The report language, `"en"` unless configured.
    pub fn lang(&self) -> &str {
        self.lang.as_deref().unwrap_or("en")
    }
}

impl Config {
    /// Reads and validates a TOML config file.
    pub fn from_file(path: &Path) -> Result<Config, IngestError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| IngestError::Io {
            file: origin.clone(),
            source,
        })?;
        Config::from_toml_str(&text, &origin)
    }

    /// Parses and validates TOML text; `origin` names it in errors.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Config, IngestError> {
        let mut config: Config = toml::from_str(text).map_err(|e| IngestError::Config {
            file: origin.to_string(),
            // toml's Display already gives line, column and a snippet.
            message: e.to_string().trim_end().to_string(),
        })?;
        config.origin = origin.to_string();
        config.validate()?;
        Ok(config)
    }

    /// A config for use without a file: touchpoints from column names or
    /// globs, KPIs by column name. A KPI whose name suggests likelihood to
    /// recommend (nps, recommend, aanbevel) is an NPS KPI, others are scales.
    pub fn from_patterns(touchpoints: &[String], kpis: &[String]) -> Config {
        let kpis = kpis
            .iter()
            .map(|column| {
                let lower = column.to_lowercase();
                let kind = if ["nps", "recommend", "aanbevel"]
                    .iter()
                    .any(|k| lower.contains(k))
                {
                    KpiKind::Nps
                } else {
                    KpiKind::Scale
                };
                KpiConfig::new(column, kind)
            })
            .collect();
        Config {
            origin: "command line".to_string(),
            touchpoints: touchpoints
                .iter()
                .map(|column| TouchpointConfig {
                    column: column.clone(),
                    ..TouchpointConfig::default()
                })
                .collect(),
            kpis,
            ..Config::default()
        }
    }

    /// The separator byte, when configured.
    pub fn separator(&self) -> Option<u8> {
        self.survey.separator.as_deref().and_then(separator_byte)
    }

    /// `Some(true)` for a configured decimal comma, `None` when to detect.
    pub fn decimal_comma(&self) -> Option<bool> {
        self.survey.decimal.as_deref().map(|d| d == ",")
    }

    /// The survey-level "did not experience" codes, lowercased and trimmed,
    /// blank included.
    pub fn not_experienced_codes(&self) -> HashSet<String> {
        let mut codes: HashSet<String> = match &self.survey.not_experienced {
            Some(list) => list.iter().map(|c| normalise_code(c)).collect(),
            None => DEFAULT_NOT_EXPERIENCED
                .iter()
                .map(|c| normalise_code(c))
                .collect(),
        };
        codes.insert(String::new());
        codes
    }

    fn error(&self, message: String) -> IngestError {
        IngestError::Config {
            file: self.origin.clone(),
            message,
        }
    }

    /// Checks what serde cannot: allowed values, scale order, duplicates.
    fn validate(&self) -> Result<(), IngestError> {
        if let Some(sep) = &self.survey.separator {
            if separator_byte(sep).is_none() {
                return Err(self.error(format!(
                    "[survey] separator {sep:?} is not supported; use \";\", \",\" or \"\\t\""
                )));
            }
        }
        if let Some(dec) = &self.survey.decimal {
            if dec != "." && dec != "," {
                return Err(self.error(format!(
                    "[survey] decimal {dec:?} is not supported; use \".\" or \",\""
                )));
            }
        }
        if let Some(lang) = &self.report.lang {
            if lang != "en" && lang != "nl" {
                return Err(self.error(format!(
                    "[report] lang {lang:?} is not supported; use \"en\" or \"nl\""
                )));
            }
        }
        let mut seen = HashSet::new();
        for tp in &self.touchpoints {
            let what = format!("touchpoint \"{}\"", tp.column);
            if tp.column.trim().is_empty() {
                return Err(self.error("a [[touchpoint]] has an empty column".to_string()));
            }
            if is_glob(&tp.column) {
                if let Err(e) = glob::Pattern::new(&tp.column) {
                    return Err(self.error(format!("{what}: invalid pattern: {e}")));
                }
            }
            if !seen.insert(tp.column.as_str()) {
                return Err(self.error(format!("{what} is listed twice")));
            }
            if let Some(scale) = tp.scale {
                check_scale(&what, scale).map_err(|m| self.error(m))?;
                if let Some(top) = tp.top_box {
                    check_top_box(&what, top, (scale[0], scale[1])).map_err(|m| self.error(m))?;
                }
            }
        }
        let mut seen = HashSet::new();
        for kpi in &self.kpis {
            let what = format!("kpi \"{}\"", kpi.column);
            if kpi.column.trim().is_empty() {
                return Err(self.error("a [[kpi]] has an empty column".to_string()));
            }
            if !seen.insert(kpi.column.as_str()) {
                return Err(self.error(format!("{what} is listed twice")));
            }
            if let Some(scale) = kpi.scale {
                check_scale(&what, scale).map_err(|m| self.error(m))?;
                if kpi.kind == KpiKind::Binary && scale != [0.0, 1.0] {
                    return Err(self.error(format!(
                        "{what}: a binary KPI is always scored 0-1; remove scale"
                    )));
                }
            }
            if kpi.kind != KpiKind::Binary && (kpi.positive.is_some() || !kpi.negative.is_empty()) {
                return Err(self.error(format!(
                    "{what}: positive/negative only apply to kind = \"binary\""
                )));
            }
        }
        Ok(())
    }
}

impl KpiConfig {
    /// A KPI with every option at its default.
    pub fn new(column: &str, kind: KpiKind) -> KpiConfig {
        KpiConfig {
            column: column.to_string(),
            label: None,
            kind,
            scale: None,
            reverse: false,
            positive: None,
            negative: Vec::new(),
            not_experienced: Vec::new(),
        }
    }
}

/// Whether a configured column is a glob rather than a plain name.
pub(crate) fn is_glob(column: &str) -> bool {
    column.contains(['*', '?', '['])
}

pub(crate) fn normalise_code(code: &str) -> String {
    code.trim().to_lowercase()
}

fn separator_byte(sep: &str) -> Option<u8> {
    match sep {
        ";" => Some(b';'),
        "," => Some(b','),
        // TOML "\t" is a real tab; 'tab' and a literal backslash-t are
        // accepted because people write them.
        "\t" | "tab" | "\\t" => Some(b'\t'),
        _ => None,
    }
}

fn check_scale(what: &str, scale: [f64; 2]) -> Result<(), String> {
    if !(scale[0].is_finite() && scale[1].is_finite() && scale[0] < scale[1]) {
        return Err(format!(
            "{what}: scale must be [lowest, highest] with lowest < highest, got [{}, {}]",
            scale[0], scale[1]
        ));
    }
    Ok(())
}

pub(crate) fn check_top_box(what: &str, top: f64, scale: (f64, f64)) -> Result<(), String> {
    if !(top > scale.0 && top <= scale.1) {
        return Err(format!(
            "{what}: top_box {top} must lie above the lowest and at most the highest point of the scale {}-{}",
            scale.0, scale.1
        ));
    }
    Ok(())
}
