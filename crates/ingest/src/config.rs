//! The survey configuration: which columns are touchpoints, KPIs, segments,
//! weight and id, and how to read them.
//!
//! It exists separately from reading because the same export is analysed
//! many times with small config changes, and because a config typo must fail
//! loudly before any data is read (hence `deny_unknown_fields` everywhere and
//! validation right after parsing).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use crate::error::IngestError;
use crate::model::KpiKind;
use crate::source::{Format, LoadOptions};

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
    "weet ik niet",
    "geen mening",
    "niet van toepassing",
    "not applicable",
    "-",
    // A code no rating scale uses; survey tools write it for "skipped".
    "-99",
];

/// Values of `[survey] exclude`: data-quality flags that take a respondent
/// out of the analysis instead of only warning.
pub const EXCLUDABLE: &[&str] = &["speeders", "straight_liners"];

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
    /// The config's own texts in other report languages:
    /// `[translations.nl] "Website visit" = "Websitebezoek"` (see
    /// [`Config::translated`]).
    #[serde(default)]
    pub translations: BTreeMap<String, BTreeMap<String, String>>,
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
    /// Codes meaning "did not experience"; when absent the defaults
    /// (`DEFAULT_NOT_EXPERIENCED`: "n.v.t.", "n/a", "weet niet", ...).
    /// Blank always counts.
    pub not_experienced: Option<Vec<String>>,
    /// File format, overriding detection: `csv`, `xlsx`, `sav`,
    /// `qualtrics` or `surveymonkey` (see [`Format`]). The
    /// command line's `--format` wins over this.
    pub format: Option<String>,
    /// Excel: the sheet to read; the first sheet when absent.
    pub sheet: Option<String>,
    /// A column naming each respondent's wave (measurement), for one file
    /// holding several: the latest wave is analysed against the one before
    /// it. Waves sort as numbers when they all are, else as text.
    pub wave: Option<String>,
    /// Text encoding of a CSV export (`utf-8`, `windows-1252`, `utf-16`,
    /// any WHATWG label). Absent: UTF-8 (BOM honoured), falling back to
    /// Windows-1252 with a warning when the bytes are not UTF-8.
    pub encoding: Option<String>,
    /// SPSS user-defined missing values: `"not_experienced"` (default)
    /// treats them as no answer, `"keep"` reads them as values.
    pub user_missing: Option<String>,
    /// Text answers mapped to numbers for every rating column, e.g.
    /// `"Zeer tevreden" = 5` (`[survey.values]`). Compared trimmed and
    /// case-insensitively; a column's own `values` add to and override it.
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
    /// Interview duration column (seconds or minutes, any unit): enables
    /// the speeder check.
    pub duration: Option<String>,
    /// A respondent faster than this fraction of the median duration is a
    /// speeder; default 1/3.
    pub speeder_fraction: Option<f64>,
    /// Fewest rated touchpoints before identical ratings on all of them
    /// count as straight-lining; default 5.
    pub straight_liner_min: Option<usize>,
    /// Data-quality flags that exclude the respondent instead of only
    /// warning: any of `EXCLUDABLE` ("speeders", "straight_liners").
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// `[[touchpoint]]`: one column, or a glob expanding to several (each
/// expanded column takes every setting, `note` included).
#[derive(Debug, Clone, Deserialize)]
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
    /// The question is asked the other way round (1 = very satisfied):
    /// answers are mirrored within the scale when read.
    #[serde(default)]
    pub reverse: bool,
    /// Text answers mapped to numbers, on top of `[survey.values]`.
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
    /// The organisation can act on the moment (default). `false` for a
    /// moment it cannot avoid or change (a mandatory letter, the damage
    /// behind a claim): the report still shows it, but never advises to
    /// prevent or economize it and leaves it out of the priority list.
    #[serde(default = "default_true")]
    pub controllable: bool,
    /// A consultant's note, shown with the touchpoint in the report.
    pub note: Option<String>,
}

impl Default for TouchpointConfig {
    fn default() -> Self {
        TouchpointConfig {
            column: String::new(),
            label: None,
            phase: None,
            scale: None,
            top_box: None,
            not_experienced: Vec::new(),
            reverse: false,
            values: BTreeMap::new(),
            controllable: true,
            note: None,
        }
    }
}

fn default_true() -> bool {
    true
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
    /// Binary only: answers meaning 1 (replaces `DEFAULT_POSITIVE`: yes,
    /// ja, ...).
    pub positive: Option<Vec<String>>,
    /// Binary only: extra answers meaning 0 (on top of `DEFAULT_NEGATIVE`:
    /// no, nee, ...).
    #[serde(default)]
    pub negative: Vec<String>,
    /// Extra "no answer" codes for this column, on top of the survey's.
    #[serde(default)]
    pub not_experienced: Vec<String>,
    /// Text answers mapped to numbers, on top of `[survey.values]`.
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
    /// NPS only: the analyses to run, each its own KPI in the outputs:
    /// `"score"` (the 0-10 answer, linear model; the default), `"promoter"`
    /// (9-10 vs the rest) and `"detractor"` (0-6 vs the rest), e.g.
    /// `analyse_as = ["score", "promoter"]`. See [`NpsAnalysis`].
    pub analyse_as: Option<Vec<NpsAnalysis>>,
    /// The model of a yes/no analysis (kind = "binary", or an NPS analysed
    /// as promoter or detractor): `"logistic"` (default) or `"linear"` (a
    /// linear probability model). Scores are always modelled linearly.
    pub model: Option<KpiModelChoice>,
}

/// One way of analysing an NPS question (`analyse_as`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NpsAnalysis {
    /// The 0-10 answer itself. Output name: the column.
    Score,
    /// 1 for promoters (9-10), 0 for passives and detractors. Output name:
    /// `<column>_promoter`.
    Promoter,
    /// 1 for detractors (0-6), 0 for passives and promoters. Output name:
    /// `<column>_detractor`. Being a detractor is bad news, so the analysis
    /// is reversed like an effort score: the model explains "not a
    /// detractor" and a positive impact is good news.
    Detractor,
}

impl NpsAnalysis {
    /// The suffix added to the KPI column's name in the outputs.
    pub fn suffix(self) -> &'static str {
        match self {
            NpsAnalysis::Score => "",
            NpsAnalysis::Promoter => "_promoter",
            NpsAnalysis::Detractor => "_detractor",
        }
    }

    /// The 0/1 value of a 0-10 answer; `None` for [`NpsAnalysis::Score`].
    pub fn indicator(self, score: f64) -> Option<f64> {
        match self {
            NpsAnalysis::Score => None,
            NpsAnalysis::Promoter => Some(if score >= 9.0 { 1.0 } else { 0.0 }),
            NpsAnalysis::Detractor => Some(if score <= 6.0 { 1.0 } else { 0.0 }),
        }
    }
}

/// The model of a yes/no analysis (`model`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KpiModelChoice {
    /// Logistic regression; importance on McFadden's pseudo-R².
    Logistic,
    /// Least squares on the 0/1 answer (linear probability model).
    Linear,
}

impl KpiConfig {
    /// The analyses of this KPI: `analyse_as` for an NPS KPI (the score
    /// when not configured), the KPI itself otherwise.
    pub fn analyses(&self) -> Vec<NpsAnalysis> {
        match (&self.analyse_as, self.kind) {
            (Some(list), KpiKind::Nps) => list.clone(),
            _ => vec![NpsAnalysis::Score],
        }
    }
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
    /// Fewest analysed respondents for a segment's own impact model
    /// (default [`SegmentsConfig::DEFAULT_MIN_SIZE`]).
    pub min_size: Option<usize>,
    /// Readable names per segment column:
    /// `[segments.labels.customer_type] column = "Customer type"`,
    /// `values = { particulier = "Private" }`.
    #[serde(default)]
    pub labels: std::collections::BTreeMap<String, SegmentLabels>,
}

/// The readable name of a segment column and of its values.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentLabels {
    pub column: Option<String>,
    #[serde(default)]
    pub values: std::collections::BTreeMap<String, String>,
}

impl SegmentsConfig {
    /// Segments smaller than this get no model of their own by default.
    pub const DEFAULT_MIN_SIZE: usize = 200;

    /// The smallest segment with a model of its own.
    pub fn min_size(&self) -> usize {
        self.min_size.unwrap_or(Self::DEFAULT_MIN_SIZE)
    }

    /// The readable name of segment column `column`.
    pub fn column_label<'a>(&'a self, column: &'a str) -> &'a str {
        self.labels
            .get(column)
            .and_then(|l| l.column.as_deref())
            .unwrap_or(column)
    }

    /// The readable name of `value` of segment column `column`.
    pub fn value_label<'a>(&'a self, column: &str, value: &'a str) -> &'a str {
        self.labels
            .get(column)
            .and_then(|l| l.values.get(value))
            .map_or(value, String::as_str)
    }

    /// Labels must name a segment column; a minimum size must be positive.
    fn check(&self) -> Result<(), String> {
        if let Some(column) = self.labels.keys().find(|c| !self.columns.contains(c)) {
            return Err(format!(
                "[segments.labels.{column}] names a column that is not in [segments] columns"
            ));
        }
        if self.min_size == Some(0) {
            return Err("[segments] min_size must be at least 1".into());
        }
        Ok(())
    }
}

/// `[analysis]`: thresholds of the analysis, as configured. A key not set
/// is `None`: the analysis's own default applies (the binary resolves
/// flags, these keys and the defaults in one place), so no default is
/// written twice.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisConfig {
    /// Fewest "not experienced" respondents needed to compare groups.
    pub min_not_experienced: Option<usize>,
    /// Below this many answers a base is flagged as small.
    pub small_base: Option<usize>,
    /// Most touchpoints for an exact Shapley decomposition; above it the
    /// importances are sampled (with a standard error). At most 30.
    pub exact_limit: Option<usize>,
}

/// `[report]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    pub title: Option<String>,
    /// `"en"` or `"nl"`; see [`ReportConfig::lang`].
    pub lang: Option<String>,
    /// The KPI column the report leads with and ranks the priority list
    /// on; the first `[[kpi]]` when absent. Must be a `[[kpi]]` column (an
    /// NPS question analysed several ways leads with its score analysis).
    pub lead_kpi: Option<String>,
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

    /// How to read the survey export: the config's `[survey]` reading
    /// options, with `format` (from `--format`) winning over its `format`.
    pub(crate) fn load_options(&self, format: Option<Format>) -> Result<LoadOptions, IngestError> {
        let format = match format {
            Some(f) => f,
            None => match &self.survey.format {
                Some(text) => text.parse().map_err(|message| self.error(message))?,
                None => Format::Auto,
            },
        };
        Ok(LoadOptions {
            format,
            sheet: self.survey.sheet.clone(),
            encoding: self.survey.encoding.clone(),
            separator: self.separator(),
            user_missing_blank: self.user_missing_is_not_experienced(),
            progress: None,
        })
    }

    /// The separator byte, when configured.
    pub fn separator(&self) -> Option<u8> {
        self.survey.separator.as_deref().and_then(separator_byte)
    }

    /// `Some(true)` for a configured decimal comma, `None` when to detect.
    pub fn decimal_comma(&self) -> Option<bool> {
        self.survey.decimal.as_deref().map(|d| d == ",")
    }

    /// Whether SPSS user-missing values count as "not experienced".
    pub fn user_missing_is_not_experienced(&self) -> bool {
        self.survey.user_missing.as_deref() != Some("keep")
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

    pub(crate) fn error(&self, message: String) -> IngestError {
        IngestError::Config {
            file: self.origin.clone(),
            message,
        }
    }

    /// Checks what serde cannot: allowed values, scale order, duplicates.
    fn validate(&self) -> Result<(), IngestError> {
        self.segments.check().map_err(|m| self.error(m))?;
        self.validate_reading()?;
        self.validate_quality_flags()?;
        self.validate_values()?;
        self.validate_report()?;
        self.validate_touchpoints()?;
        self.validate_kpis()?;
        self.validate_translations()
    }

    /// `[survey]` reading options: separator, decimal mark, format,
    /// encoding and user-missing values.
    fn validate_reading(&self) -> Result<(), IngestError> {
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
        if let Some(format) = &self.survey.format {
            if format.parse::<Format>().is_err() {
                return Err(self.error(format!(
                    "[survey] format {format:?} is not supported; use {}",
                    Format::NAMES
                )));
            }
        }
        if let Some(enc) = &self.survey.encoding {
            if encoding_rs::Encoding::for_label(enc.trim().as_bytes()).is_none() {
                return Err(self.error(format!(
                    "[survey] encoding {enc:?} is unknown; use e.g. \"utf-8\" or \"windows-1252\""
                )));
            }
        }
        if let Some(mode) = &self.survey.user_missing {
            if mode != "not_experienced" && mode != "keep" {
                return Err(self.error(format!(
                    "[survey] user_missing {mode:?} is not supported; use \"not_experienced\" or \"keep\""
                )));
            }
        }
        Ok(())
    }

    /// `[survey]` data-quality options: speeders, straight-liners and what
    /// they exclude.
    fn validate_quality_flags(&self) -> Result<(), IngestError> {
        if let Some(f) = self.survey.speeder_fraction {
            if !(f > 0.0 && f < 1.0) {
                return Err(self.error(format!(
                    "[survey] speeder_fraction {f} must lie between 0 and 1"
                )));
            }
        }
        if self.survey.straight_liner_min == Some(0) || self.survey.straight_liner_min == Some(1) {
            return Err(self.error("[survey] straight_liner_min must be at least 2".to_string()));
        }
        for flag in &self.survey.exclude {
            if !EXCLUDABLE.contains(&flag.as_str()) {
                return Err(self.error(format!(
                    "[survey] exclude {flag:?} is not supported; use any of {EXCLUDABLE:?}"
                )));
            }
        }
        if self.survey.exclude.iter().any(|f| f == "speeders") && self.survey.duration.is_none() {
            return Err(self.error(
                "[survey] exclude = [\"speeders\"] needs duration = \"COLUMN\"".to_string(),
            ));
        }
        Ok(())
    }

    /// Every `values` map (survey, touchpoints, KPIs) maps text to numbers.
    fn validate_values(&self) -> Result<(), IngestError> {
        for (text, v) in self.survey.values.iter().chain(
            self.touchpoints
                .iter()
                .flat_map(|t| t.values.iter())
                .chain(self.kpis.iter().flat_map(|k| k.values.iter())),
        ) {
            if !v.is_finite() {
                return Err(self.error(format!("values: {text:?} = {v} is not a number")));
            }
        }
        Ok(())
    }

    /// `[report]`: the language and the lead KPI.
    fn validate_report(&self) -> Result<(), IngestError> {
        if let Some(lang) = &self.report.lang {
            if lang != "en" && lang != "nl" {
                return Err(self.error(format!(
                    "[report] lang {lang:?} is not supported; use \"en\" or \"nl\""
                )));
            }
        }
        if let Some(lead) = &self.report.lead_kpi {
            if !self.kpis.iter().any(|k| &k.column == lead) {
                let columns: Vec<String> = self
                    .kpis
                    .iter()
                    .map(|k| format!("{:?}", k.column))
                    .collect();
                return Err(self.error(if columns.is_empty() {
                    format!("[report] lead_kpi {lead:?} names no [[kpi]]: the config has none")
                } else {
                    format!(
                        "[report] lead_kpi {lead:?} is not a [[kpi]] column; use one of {}",
                        columns.join(", ")
                    )
                }));
            }
        }
        Ok(())
    }

    /// `[[touchpoint]]`s: a column each, listed once, valid globs, scales
    /// and top boxes.
    fn validate_touchpoints(&self) -> Result<(), IngestError> {
        let mut seen = HashSet::new();
        for tp in &self.touchpoints {
            let what = format!("touchpoint \"{}\"", tp.column);
            if tp.column.trim().is_empty() {
                return Err(self.error("a [[touchpoint]] has an empty column".to_string()));
            }
            if tp.note.as_deref().is_some_and(|n| n.trim().is_empty()) {
                return Err(self.error(format!("{what}: note is empty; remove it or write one")));
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
        Ok(())
    }

    /// `[[kpi]]`s: a column each, listed once, and options that fit their
    /// kind.
    fn validate_kpis(&self) -> Result<(), IngestError> {
        let mut seen = HashSet::new();
        for kpi in &self.kpis {
            let what = format!("kpi \"{}\"", kpi.column);
            if kpi.column.trim().is_empty() {
                return Err(self.error("a [[kpi]] has an empty column".to_string()));
            }
            if !seen.insert(kpi.column.as_str()) {
                return Err(self.error(format!("{what} is listed twice")));
            }
            self.validate_kpi(kpi, &what)?;
        }
        Ok(())
    }

    /// One KPI's scale, yes/no answers, analyses and model; `what` names it.
    fn validate_kpi(&self, kpi: &KpiConfig, what: &str) -> Result<(), IngestError> {
        if let Some(scale) = kpi.scale {
            check_scale(what, scale).map_err(|m| self.error(m))?;
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
        if let Some(list) = &kpi.analyse_as {
            if kpi.kind != KpiKind::Nps {
                return Err(
                    self.error(format!("{what}: analyse_as only applies to kind = \"nps\""))
                );
            }
            if list.is_empty() {
                return Err(self.error(format!(
                    "{what}: analyse_as is empty; use any of \"score\", \"promoter\", \"detractor\""
                )));
            }
            if let Some(twice) = list
                .iter()
                .enumerate()
                .find(|(i, a)| list[..*i].contains(a))
            {
                return Err(self.error(format!("{what}: analyse_as lists {:?} twice", twice.1)));
            }
        }
        let yes_no =
            kpi.kind == KpiKind::Binary || kpi.analyses().iter().any(|a| *a != NpsAnalysis::Score);
        if kpi.model == Some(KpiModelChoice::Logistic) && !yes_no {
            return Err(self.error(format!(
                "{what}: model = \"logistic\" needs a yes/no analysis (kind = \"binary\", or an NPS analysed as promoter or detractor)"
            )));
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
            values: BTreeMap::new(),
            analyse_as: None,
            model: None,
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

#[cfg(test)]
mod analyse_as_tests {
    use super::*;

    fn parse(kpi: &str) -> Result<Config, IngestError> {
        Config::from_toml_str(&format!("[[kpi]]\n{kpi}\n"), "test.toml")
    }

    #[test]
    fn nps_analyses_default_to_the_score_and_can_be_listed() {
        let c = parse("column = \"nps\"\nkind = \"nps\"").unwrap();
        assert_eq!(c.kpis[0].analyses(), vec![NpsAnalysis::Score]);
        let c = parse(
            "column = \"nps\"\nkind = \"nps\"\nanalyse_as = [\"score\", \"promoter\", \"detractor\"]",
        )
        .unwrap();
        assert_eq!(
            c.kpis[0].analyses(),
            vec![
                NpsAnalysis::Score,
                NpsAnalysis::Promoter,
                NpsAnalysis::Detractor
            ]
        );
        let c = parse(
            "column = \"nps\"\nkind = \"nps\"\nanalyse_as = [\"promoter\"]\nmodel = \"linear\"",
        )
        .unwrap();
        assert_eq!(c.kpis[0].model, Some(KpiModelChoice::Linear));
        assert_eq!(NpsAnalysis::Promoter.indicator(9.0), Some(1.0));
        assert_eq!(NpsAnalysis::Promoter.indicator(8.0), Some(0.0));
        assert_eq!(NpsAnalysis::Detractor.indicator(6.0), Some(1.0));
        assert_eq!(NpsAnalysis::Detractor.indicator(7.0), Some(0.0));
        assert_eq!(NpsAnalysis::Score.indicator(7.0), None);
    }

    #[test]
    fn bad_analyses_are_config_errors() {
        for (kpi, needle) in [
            (
                "column = \"ces\"\nkind = \"scale\"\nanalyse_as = [\"promoter\"]",
                "analyse_as only applies",
            ),
            (
                "column = \"nps\"\nkind = \"nps\"\nanalyse_as = []",
                "is empty",
            ),
            (
                "column = \"nps\"\nkind = \"nps\"\nanalyse_as = [\"score\", \"score\"]",
                "twice",
            ),
            (
                "column = \"nps\"\nkind = \"nps\"\nanalyse_as = [\"passive\"]",
                "passive",
            ),
            (
                "column = \"sat\"\nkind = \"scale\"\nmodel = \"logistic\"",
                "needs a yes/no analysis",
            ),
        ] {
            let err = parse(kpi).unwrap_err().to_string();
            assert!(err.contains(needle), "{kpi}: {err}");
        }
        assert!(parse("column = \"stay\"\nkind = \"binary\"\nmodel = \"logistic\"").is_ok());
    }
}

#[cfg(test)]
mod report_keys_tests {
    use super::*;

    const KPIS: &str =
        "[[kpi]]\ncolumn = \"nps\"\nkind = \"nps\"\n\n[[kpi]]\ncolumn = \"ces\"\nreverse = true\n";

    fn parse(text: &str) -> Result<Config, IngestError> {
        Config::from_toml_str(text, "survey.toml")
    }

    #[test]
    fn touchpoints_are_controllable_without_a_note_by_default() {
        let c = parse(&format!("[[touchpoint]]\ncolumn = \"tp_web\"\n{KPIS}")).unwrap();
        assert!(c.touchpoints[0].controllable);
        assert_eq!(c.touchpoints[0].note, None);
        assert_eq!(c.report.lead_kpi, None);
        // Touchpoints from the command line too.
        let c = Config::from_patterns(&["tp_*".into()], &["nps".into()]);
        assert!(c.touchpoints[0].controllable);
    }

    #[test]
    fn controllable_and_note_are_read() {
        let c = parse(&format!(
            "[[touchpoint]]\ncolumn = \"tp_letter\"\ncontrollable = false\n\
             note = \"Required by law when the premium rises.\"\n\n\
             [[touchpoint]]\ncolumn = \"tp_web\"\ncontrollable = true\n{KPIS}"
        ))
        .unwrap();
        assert!(!c.touchpoints[0].controllable);
        assert_eq!(
            c.touchpoints[0].note.as_deref(),
            Some("Required by law when the premium rises.")
        );
        assert!(c.touchpoints[1].controllable);
    }

    #[test]
    fn bad_touchpoint_keys_are_config_errors() {
        let err = parse(&format!(
            "[[touchpoint]]\ncolumn = \"tp_web\"\ncontrollable = \"no\"\n{KPIS}"
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("survey.toml: ") && err.contains("controllable"),
            "{err}"
        );
        let err = parse(&format!(
            "[[touchpoint]]\ncolumn = \"tp_web\"\nnote = \"  \"\n{KPIS}"
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("tp_web") && err.contains("note is empty"),
            "{err}"
        );
    }

    #[test]
    fn lead_kpi_names_a_kpi_column() {
        let c = parse(&format!("{KPIS}\n[report]\nlead_kpi = \"ces\"\n")).unwrap();
        assert_eq!(c.report.lead_kpi.as_deref(), Some("ces"));
    }

    #[test]
    fn unknown_lead_kpi_is_an_error_naming_file_and_key() {
        let err = parse(&format!("{KPIS}\n[report]\nlead_kpi = \"effort\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("survey.toml: "), "{err}");
        assert!(
            err.contains("[report] lead_kpi \"effort\"") && err.contains("\"nps\", \"ces\""),
            "{err}"
        );
        let err = parse("[report]\nlead_kpi = \"nps\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("lead_kpi") && err.contains("has none"),
            "{err}"
        );
        // A typo in the key itself is caught by serde.
        let err = parse(&format!("{KPIS}\n[report]\nlead = \"nps\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("lead"), "{err}");
    }
}
