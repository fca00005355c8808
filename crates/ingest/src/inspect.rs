//! `cximpact inspect`: what is in an export nobody has configured yet.
//!
//! Consultants receive exports with hundreds of columns named `Q12_3`; the
//! config is the slow part. [`inspect`] reads the file with the same
//! [`crate::source`] code as the analysis, describes every column (type,
//! scale, share blank) and suggests a role for it, and
//! [`Inspection::suggested_config`] writes that suggestion as TOML that
//! [`Config`] accepts as is. It is a starting point: the heuristics below
//! are deliberately simple and every guess is visible in the output.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::config::{normalise_code, Config};
use crate::error::IngestError;
use crate::model::KpiKind;
use crate::source::{load_table, number_text, Format, Select, Table};
use crate::warning::Warning;

/// What a column looks like.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnType {
    /// Whole numbers within a usual rating scale.
    Rating,
    /// Text answers that a known answer scale ("Very satisfied", "Zeer
    /// tevreden") maps to a rating.
    TextRating,
    /// Other numbers.
    Number,
    /// Text.
    Text,
    /// Nothing in any row.
    Empty,
}

impl ColumnType {
    fn name(&self) -> &'static str {
        match self {
            ColumnType::Rating => "rating",
            ColumnType::TextRating => "rating (text)",
            ColumnType::Number => "number",
            ColumnType::Text => "text",
            ColumnType::Empty => "empty",
        }
    }
}

/// The role suggested for a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    Id,
    Weight,
    Duration,
    Touchpoint,
    Kpi {
        kind: KpiKind,
        reverse: bool,
    },
    Segment,
    /// Platform metadata, open text, importance ratings, ...
    Other,
}

/// One column as seen by [`inspect`].
#[derive(Debug, Clone)]
pub struct ColumnInfo {
    pub name: String,
    /// The file's label (question text, variable label), if any.
    pub label: Option<String>,
    pub kind: ColumnType,
    /// Detected `(lowest, highest)` for ratings.
    pub scale: Option<(f64, f64)>,
    /// Share of rows blank or a "not experienced" code, 0-1.
    pub blank_share: f64,
    /// Distinct answers.
    pub distinct: usize,
    /// A few answers as written.
    pub examples: Vec<String>,
    /// For text ratings: answer text to number.
    pub text_values: BTreeMap<String, f64>,
    pub role: Role,
    /// Why the role was chosen (or not), shown in the suggested config.
    pub note: Option<String>,
    /// Numbers that look like "did not experience" codes (99, -99, ...)
    /// beside answers on a rating scale.
    pub codes: Vec<String>,
    /// This column's own "not applicable" codes (a 0, -1 or 9 outside an
    /// otherwise 1-5 or 1-7 scale), written into its own config block.
    pub column_codes: Vec<String>,
    /// Yes/no KPIs with text answers: the answer meaning yes.
    pub positive: Option<String>,
}

/// What [`inspect`] found.
#[derive(Debug, Clone)]
pub struct Inspection {
    pub file: String,
    /// e.g. "Qualtrics export (CSV)".
    pub format: String,
    /// Data rows.
    pub rows: usize,
    pub columns: Vec<ColumnInfo>,
    /// Findings while reading (encoding assumed, ragged rows).
    pub warnings: Vec<Warning>,
    /// The `[survey]` reading options the file was read with (`sheet`,
    /// `encoding`, ...), as TOML lines, so the suggested config reads it
    /// the same way.
    pub reading: Vec<String>,
    /// The config's own `not_experienced` codes, kept in the suggestion.
    pub reading_codes: Option<Vec<String>>,
}

/// Reads `path` (format detected, or as given) and describes its columns.
/// `config` supplies reading options (sheet, encoding, separator) and the
/// "not experienced" codes.
pub fn inspect(
    path: &Path,
    config: &Config,
    format: Option<Format>,
) -> Result<Inspection, IngestError> {
    let table = load_table(path, &config.load_options(format)?, Select::All)?;
    Ok(inspect_table(&table, config))
}

/// [`inspect`] on a loaded table.
pub fn inspect_table(table: &Table, config: &Config) -> Inspection {
    let codes = config.not_experienced_codes();
    let decimal_comma = table.separator.is_some_and(|s| s != b',');
    let mut columns: Vec<ColumnInfo> = (0..table.columns.len())
        .map(|i| describe(table, i, &codes, decimal_comma))
        .collect();
    assign_roles(&mut columns, table.rows);
    Inspection {
        file: table.file.clone(),
        format: table.layout.describe(table.container).to_string(),
        rows: table.rows,
        columns,
        warnings: table.warnings.clone(),
        reading: reading_options(config),
        reading_codes: config.survey.not_experienced.clone(),
    }
}

/// The reading options of `config`'s `[survey]` as TOML lines.
fn reading_options(config: &Config) -> Vec<String> {
    let s = &config.survey;
    let lines: Vec<String> = [
        ("format", &s.format),
        ("sheet", &s.sheet),
        ("encoding", &s.encoding),
        ("separator", &s.separator),
        ("decimal", &s.decimal),
        ("user_missing", &s.user_missing),
    ]
    .into_iter()
    .filter_map(|(key, value)| value.as_ref().map(|v| format!("{key} = {}", toml_str(v))))
    .collect();
    lines
}

/// Known answer scales of text exports, lowest first; synonyms share a
/// position. Matched case-insensitively.
const TEXT_SCALES: &[&[&[&str]]] = &[
    &[
        &["extremely dissatisfied"],
        &["somewhat dissatisfied"],
        &["neither satisfied nor dissatisfied"],
        &["somewhat satisfied"],
        &["extremely satisfied"],
    ],
    &[
        &["very dissatisfied"],
        &["dissatisfied"],
        &["neither satisfied nor dissatisfied", "neutral"],
        &["satisfied"],
        &["very satisfied"],
    ],
    &[
        &["zeer ontevreden", "heel ontevreden"],
        &["ontevreden"],
        &[
            "neutraal",
            "niet tevreden, niet ontevreden",
            "niet ontevreden, niet tevreden",
        ],
        &["tevreden"],
        &["zeer tevreden", "heel tevreden"],
    ],
    &[
        &["strongly disagree"],
        &["disagree", "somewhat disagree"],
        &["neither agree nor disagree", "neutral"],
        &["agree", "somewhat agree"],
        &["strongly agree"],
    ],
    &[
        &["helemaal mee oneens", "zeer mee oneens"],
        &["mee oneens", "oneens"],
        &["neutraal", "niet mee eens, niet mee oneens"],
        &["mee eens", "eens"],
        &["helemaal mee eens", "zeer mee eens"],
    ],
    &[
        &["very poor"],
        &["poor"],
        &["fair", "average"],
        &["good"],
        &["excellent", "very good"],
    ],
    &[
        &["zeer slecht", "heel slecht"],
        &["slecht"],
        &["redelijk", "neutraal"],
        &["goed"],
        &["zeer goed", "uitstekend", "heel goed"],
    ],
];

/// Column `i` described: its answers (blanks and `codes` left out), how
/// many distinct ones, a few examples, and its type and scale.
fn describe(table: &Table, i: usize, codes: &HashSet<String>, decimal_comma: bool) -> ColumnInfo {
    let name = table.columns[i].clone();
    let label = table.labels[i].clone();
    let label_codes: BTreeSet<String> = table.value_labels[i]
        .iter()
        .filter(|(_, l)| codes.contains(&normalise_code(l)))
        .map(|(c, _)| normalise_code(c))
        .collect();
    let answers: Vec<&str> = table
        .column(i)
        .into_iter()
        .flat_map(|c| c.iter())
        .map(|(_, c)| c.trim())
        .filter(|c| {
            let code = normalise_code(c);
            !c.is_empty() && !codes.contains(&code) && !label_codes.contains(&code)
        })
        .collect();
    let blank_share = if table.rows == 0 {
        1.0
    } else {
        1.0 - answers.len() as f64 / table.rows as f64
    };
    let distinct: BTreeSet<&str> = answers.iter().copied().collect();
    let examples: Vec<String> = distinct.iter().take(4).map(|s| s.to_string()).collect();
    let numbers: Vec<f64> = answers
        .iter()
        .filter_map(|a| crate::read::parse_number(a, decimal_comma))
        .collect();
    let mut info = ColumnInfo {
        name,
        label,
        kind: ColumnType::Empty,
        scale: None,
        blank_share,
        distinct: distinct.len(),
        examples,
        text_values: BTreeMap::new(),
        role: Role::Other,
        note: None,
        codes: Vec::new(),
        column_codes: Vec::new(),
        positive: None,
    };
    if answers.is_empty() {
        return info;
    }
    if numbers.len() * 10 >= answers.len() * 9 {
        describe_numbers(&mut info, numbers);
    } else if let Some((scale, values)) = text_scale(&distinct) {
        info.kind = ColumnType::TextRating;
        info.scale = Some(scale);
        info.text_values = values;
    } else {
        info.kind = ColumnType::Text;
    }
    info
}

/// A column of (mostly) numbers: a rating when its whole numbers fit a
/// usual scale, once numbers that look like "did not experience" codes
/// beside a 0-10 scale are set aside (and noted); else a number.
fn describe_numbers(info: &mut ColumnInfo, numbers: Vec<f64>) {
    // Exports often code "don't know" as 99 or -99 beside a 1-10 scale:
    // set those aside when the rest is a rating scale.
    let (coded, rest): (Vec<f64>, Vec<f64>) =
        numbers.iter().partition(|v| NUMERIC_CODES.contains(v));
    let numbers =
        if !coded.is_empty() && rest.len() >= 2 && rest.iter().all(|v| (0.0..=10.0).contains(v)) {
            let found: BTreeSet<String> = coded.iter().map(|v| number_text(*v)).collect();
            info.codes = found.into_iter().collect();
            info.note = Some(format!(
                "{} looks like a \"did not experience\" code",
                info.codes.join(" and ")
            ));
            rest
        } else {
            numbers
        };
    let numbers = set_aside_scale_codes(info, numbers);
    let min = numbers.iter().copied().fold(f64::INFINITY, f64::min);
    let max = numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let whole = numbers.iter().all(|v| v.fract() == 0.0);
    let scale = if min >= 0.0 && max <= 10.0 && min == 0.0 {
        Some((0.0, 10.0))
    } else if min >= 1.0 && max <= 5.0 {
        Some((1.0, 5.0))
    } else if min >= 1.0 && max <= 7.0 {
        Some((1.0, 7.0))
    } else if min >= 1.0 && max <= 10.0 {
        Some((1.0, 10.0))
    } else {
        None
    };
    match scale {
        Some(s) if whole && info.distinct >= 2 => {
            info.kind = ColumnType::Rating;
            info.scale = Some(s);
        }
        _ => info.kind = ColumnType::Number,
    }
}

/// A 0, -1 or 9 outside an otherwise 1-5 or 1-7 scale (a -1 also beside
/// 0-10) is a "not applicable" code of this column, not a scale point: it
/// is noted, kept in `column_codes` and left out of the scale.
fn set_aside_scale_codes(info: &mut ColumnInfo, numbers: Vec<f64>) -> Vec<f64> {
    let whole = numbers.iter().all(|v| v.fract() == 0.0);
    let is_code = |code: f64| {
        let others: Vec<f64> = numbers
            .iter()
            .copied()
            .filter(|v| ![0.0, -1.0, 9.0].contains(v) || (*v == 0.0 && code == -1.0))
            .collect();
        let (lo, hi) = others
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(*v), b.max(*v))
            });
        let distinct: BTreeSet<i64> = others.iter().map(|v| *v as i64).collect();
        numbers.contains(&code)
            && whole
            && distinct.len() >= 2
            && if code == -1.0 {
                lo >= 0.0 && hi <= 10.0
            } else {
                lo >= 1.0 && hi <= 7.0
            }
    };
    let codes: Vec<f64> = [-1.0, 0.0, 9.0]
        .into_iter()
        .filter(|c| is_code(*c))
        .collect();
    if codes.is_empty() {
        return numbers;
    }
    let rest: Vec<f64> = numbers.into_iter().filter(|v| !codes.contains(v)).collect();
    info.column_codes = codes.iter().map(|c| number_text(*c)).collect();
    let hi = rest.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let scale = if hi <= 5.0 {
        "1-5"
    } else if hi <= 7.0 {
        "1-7"
    } else {
        "0-10"
    };
    info.note = Some(format!(
        "{} outside the scale {scale} looks like a \"not applicable\" code",
        info.column_codes.join(" and ")
    ));
    rest
}

/// The known answer scale (see [`TEXT_SCALES`]) every distinct answer
/// belongs to: its `(1, points)` scale and each answer's number.
fn text_scale(distinct: &BTreeSet<&str>) -> Option<((f64, f64), BTreeMap<String, f64>)> {
    let lower: BTreeSet<String> = distinct.iter().map(|d| normalise_code(d)).collect();
    TEXT_SCALES.iter().find_map(|scale| {
        let position = |text: &str| scale.iter().position(|syn| syn.contains(&text));
        if !lower.iter().all(|t| position(t).is_some()) {
            return None;
        }
        let values = distinct
            .iter()
            .filter_map(|d| Some((d.to_string(), (position(&normalise_code(d))? + 1) as f64)))
            .collect();
        Some(((1.0, scale.len() as f64), values))
    })
}

/// Numbers exports use for "don't know" / "not applicable".
const NUMERIC_CODES: &[f64] = &[-99.0, -9.0, 97.0, 98.0, 99.0, 999.0, 9999.0];

/// The name prefix most rating columns share (`tp_`, `Q5_`), when at least
/// three do: columns with it are touchpoints whatever words their names hold.
fn touchpoint_prefix(columns: &[ColumnInfo]) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for c in columns
        .iter()
        .filter(|c| matches!(c.kind, ColumnType::Rating | ColumnType::TextRating))
    {
        if let Some(pos) = c.name.find(['_', '.']) {
            *counts.entry(c.name[..=pos].to_lowercase()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 3)
        .max_by_key(|(_, n)| *n)
        .map(|(p, _)| p)
}

/// Columns survey platforms add on their own; never suggested as anything
/// but id or duration.
const METADATA: &[&str] = &[
    "startdate",
    "enddate",
    "status",
    "ipaddress",
    "progress",
    "finished",
    "recordeddate",
    "recipientlastname",
    "recipientfirstname",
    "recipientemail",
    "externalreference",
    "externaldatareference",
    "locationlatitude",
    "locationlongitude",
    "distributionchannel",
    "userlanguage",
    "collector id",
    "start date",
    "end date",
    "ip address",
    "email address",
    "first name",
    "last name",
    "custom data 1",
];

/// Whether every answer is a yes or a no (in English or Dutch).
fn yes_no(answers: &[String]) -> bool {
    use crate::config::{DEFAULT_NEGATIVE, DEFAULT_POSITIVE};
    answers.iter().all(|a| {
        let a = a.trim().to_lowercase();
        DEFAULT_POSITIVE.contains(&a.as_str()) || DEFAULT_NEGATIVE.contains(&a.as_str())
    })
}

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// Column names that are respondent ids (besides `..._id` and `... id`).
const ID_NAMES: &[&str] = &[
    "id",
    "respondent id",
    "respondentid",
    "respondent_id",
    "responseid",
    "response id",
    "response_id",
    "respnr",
    "respondentnummer",
    "record",
    "uuid",
    "resp_id",
    "respid",
];

/// Words in a column's name or label that suggest its role.
const WEIGHT_WORDS: &[&str] = &["weight", "gewicht", "weegfactor", "weging"];
const DURATION_WORDS: &[&str] = &["duration", "duur", "seconds", "seconden", "looptijd"];
/// A yes/no question about staying or buying more.
const YES_NO_KPI_WORDS: &[&str] = &[
    "retention",
    "stay",
    "churn",
    "blijven",
    "blijft",
    "opzeg",
    "renew",
    "verleng",
    "loyal",
    "buy more",
    "meer afnemen",
];
const NPS_WORDS: &[&str] = &["nps", "recommend", "aanbevel", "aanbevee", "aanraden"];
const EFFORT_WORDS: &[&str] = &["ces", "effort", "moeite", "inspanning"];
/// A rating that is an overall KPI rather than a touchpoint.
const SCALE_KPI_WORDS: &[&str] = &[
    "overall",
    "algemeen",
    "totaal",
    "retention",
    "stay",
    "blijven",
    "loyal",
    "cross",
    "buy more",
    "meer afnemen",
    "klant blijft",
];
const SEGMENT_WORDS: &[&str] = &[
    "region",
    "regio",
    "segment",
    "customer type",
    "klanttype",
    "channel",
    "kanaal",
    "wave",
    "golf",
    "division",
    "divisie",
    "gender",
    "geslacht",
    "age group",
    "leeftijd",
    "provincie",
    "country",
];
/// A rating of stated importance or expectation, not of satisfaction.
const IMPORTANCE_WORDS: &[&str] = &["importan", "belang", "expectation", "verwacht"];

/// Suggests a role for every column, in file order: the first column that
/// fits takes the id, weight and duration; the others go by their content
/// and the words of their name and label.
fn assign_roles(columns: &mut [ColumnInfo], rows: usize) {
    let prefix = touchpoint_prefix(columns);
    let mut singles = Singles::default();
    for c in columns.iter_mut() {
        let name = c.name.to_lowercase();
        c.role = match singles.claim(c, &name, rows) {
            Some(role) => role,
            None => content_role(c, &name, prefix.as_deref()),
        };
    }
}

/// The roles a survey has one column of, once taken.
#[derive(Default)]
struct Singles {
    id: bool,
    weight: bool,
    duration: bool,
}

impl Singles {
    /// The id, weight or duration role for column `c` (lowercased `name`)
    /// when it fits and is not taken yet.
    fn claim(&mut self, c: &ColumnInfo, name: &str, rows: usize) -> Option<Role> {
        let numeric = matches!(c.kind, ColumnType::Rating | ColumnType::Number);
        let unique = c.distinct == rows && c.blank_share == 0.0;
        let id_name = ID_NAMES.contains(&name) || name.ends_with("_id") || name.ends_with(" id");
        if !self.id && id_name && unique {
            self.id = true;
            Some(Role::Id)
        } else if !self.weight && numeric && has_any(name, WEIGHT_WORDS) {
            self.weight = true;
            Some(Role::Weight)
        } else if !self.duration && numeric && has_any(name, DURATION_WORDS) {
            self.duration = true;
            Some(Role::Duration)
        } else {
            None
        }
    }
}

/// The role column `c` (lowercased `name`) gets by its content and words;
/// where the guess needs checking, its note says why.
fn content_role(c: &mut ColumnInfo, name: &str, prefix: Option<&str>) -> Role {
    let text = format!("{name} {}", c.label.as_deref().unwrap_or("").to_lowercase());
    let rating = matches!(c.kind, ColumnType::Rating | ColumnType::TextRating);
    if METADATA.contains(&name) || c.kind == ColumnType::Empty {
        Role::Other
    } else if rating && prefix.is_some_and(|p| name.starts_with(p)) {
        Role::Touchpoint
    } else if let Some(role) = kpi_role(c, &text) {
        role
    } else if c.distinct <= 20 && has_any(&text, SEGMENT_WORDS) {
        Role::Segment
    } else if rating && has_any(&text, IMPORTANCE_WORDS) {
        c.note = Some("looks like stated importance or expectation, not satisfaction".to_string());
        Role::Other
    } else if rating {
        Role::Touchpoint
    } else if c.kind == ColumnType::Text && (2..=12).contains(&c.distinct) && c.blank_share < 0.5 {
        Role::Segment
    } else {
        Role::Other
    }
}

/// The KPI role the words `text` (name and label) and content of `c`
/// suggest, if any: a yes/no retention question, a recommendation, an
/// effort score (likely reversed, noted) or another overall rating.
fn kpi_role(c: &mut ColumnInfo, text: &str) -> Option<Role> {
    let numeric = matches!(c.kind, ColumnType::Rating | ColumnType::Number);
    let rating = matches!(c.kind, ColumnType::Rating | ColumnType::TextRating);
    let kpi = |kind, reverse| Some(Role::Kpi { kind, reverse });
    if c.kind == ColumnType::Text
        && c.distinct == 2
        && yes_no(&c.examples)
        && has_any(text, YES_NO_KPI_WORDS)
    {
        kpi(KpiKind::Binary, false)
    } else if let Some(positive) = outcome_answer(c, text) {
        c.note = Some(format!("yes/no KPI: \"{positive}\" counts as yes"));
        c.positive = Some(positive);
        kpi(KpiKind::Binary, false)
    } else if (rating || numeric) && has_any(text, NPS_WORDS) {
        kpi(KpiKind::Nps, false)
    } else if rating && has_any(text, EFFORT_WORDS) {
        c.note = Some("effort: low is good on most CES scales; check reverse".to_string());
        kpi(KpiKind::Scale, true)
    } else if rating && has_any(text, SCALE_KPI_WORDS) {
        kpi(KpiKind::Scale, false)
    } else {
        None
    }
}

/// Words in a column's name or label that mark it as an outcome.
const OUTCOME_WORDS: &[&str] = &[
    "satisf",
    "tevreden",
    "csat",
    "recommend",
    "aanbevel",
    "loyal",
    "retention",
    "churn",
    "outcome",
];
/// Words in an answer that read as the good outcome.
const POSITIVE_ANSWER_WORDS: &[&str] = &["satisfied", "tevreden", "promoter", "yes", "ja", "loyal"];
/// Words in an answer that turn it round.
const NEGATING_WORDS: &[&str] = &[
    "dis",
    "not",
    "niet",
    "ontevreden",
    "neutral",
    "neutraal",
    "un",
    "no ",
];

/// For a text column with two answers whose name reads as an outcome
/// (satisfaction, recommend, loyalty, ...): the answer that reads as the
/// good one ("satisfied" beside "neutral or dissatisfied").
fn outcome_answer(c: &ColumnInfo, text: &str) -> Option<String> {
    if c.kind != ColumnType::Text || c.distinct != 2 || !has_any(text, OUTCOME_WORDS) {
        return None;
    }
    let good = |a: &String| {
        let a = a.to_lowercase();
        has_any(&a, POSITIVE_ANSWER_WORDS) && !has_any(&a, NEGATING_WORDS)
    };
    let goods: Vec<&String> = c.examples.iter().filter(|a| good(a)).collect();
    match goods[..] {
        [one] => Some(one.clone()),
        _ => None,
    }
}

impl Inspection {
    /// A plain-text table of the columns, one line each.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: {}, {} data rows, {} columns",
            self.file,
            self.format,
            self.rows,
            self.columns.len()
        );
        for w in &self.warnings {
            let _ = writeln!(out, "warning: {w}");
        }
        let width = self
            .columns
            .iter()
            .map(|c| c.name.chars().count().min(28))
            .max()
            .unwrap_or(4)
            .max(6);
        let _ = writeln!(
            out,
            "\n{:<width$}  {:<13}  {:<7}  {:>6}  {:>8}  {:<11}  label / examples",
            "column", "type", "scale", "blank", "distinct", "suggested"
        );
        for c in &self.columns {
            let scale = c
                .scale
                .map(|(a, b)| format!("{}-{}", number_text(a), number_text(b)))
                .unwrap_or_default();
            let role = match &c.role {
                Role::Id => "id",
                Role::Weight => "weight",
                Role::Duration => "duration",
                Role::Touchpoint => "touchpoint",
                Role::Kpi {
                    kind: KpiKind::Nps, ..
                } => "kpi (nps)",
                Role::Kpi { .. } => "kpi",
                Role::Segment => "segment",
                Role::Other => "-",
            };
            let detail = match &c.label {
                Some(l) => truncate(l, 50),
                None => truncate(&c.examples.join(" | "), 50),
            };
            let _ = writeln!(
                out,
                "{:<width$}  {:<13}  {:<7}  {:>5.0}%  {:>8}  {:<11}  {}",
                truncate(&c.name, 28),
                c.kind.name(),
                scale,
                c.blank_share * 100.0,
                c.distinct,
                role,
                detail
            );
        }
        out
    }

    /// The suggestion as a config file (TOML) that [`Config`] parses.
    pub fn suggested_config(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Suggested by `cximpact inspect` from {} ({}, {} rows).\n# A starting point: check every line, then run `cximpact analyze`.\n",
            self.file, self.format, self.rows
        );
        self.write_survey(&mut out);
        self.write_values(&mut out);
        for c in self.with_role(&Role::Touchpoint) {
            let _ = writeln!(out, "\n[[touchpoint]]\ncolumn = {}", toml_str(&c.name));
            if let Some(l) = &c.label {
                let _ = writeln!(out, "label = {}", toml_str(l));
            }
            if let Some((a, b)) = c.scale {
                let _ = writeln!(out, "scale = [{}, {}]", number_text(a), number_text(b));
            }
            write_column_codes(&mut out, c);
        }
        self.write_kpis(&mut out);
        if self.with_kpis().is_empty() {
            out.push_str(
                "\n# No KPI column was found: add a [[kpi]] block naming the question the\n\
                 # touchpoints should explain (column, kind = \"nps\", \"scale\" or \"binary\").\n",
            );
        }
        let segments: Vec<String> = self
            .with_role(&Role::Segment)
            .into_iter()
            .map(|c| toml_str(&c.name))
            .collect();
        if !segments.is_empty() {
            let _ = writeln!(out, "\n[segments]\ncolumns = [{}]", segments.join(", "));
        }
        self.write_skipped(&mut out);
        out
    }

    /// The columns suggested as KPIs.
    fn with_kpis(&self) -> Vec<&ColumnInfo> {
        self.columns
            .iter()
            .filter(|c| matches!(c.role, Role::Kpi { .. }))
            .collect()
    }

    /// The columns suggested for `role`.
    fn with_role(&self, role: &Role) -> Vec<&ColumnInfo> {
        self.columns.iter().filter(|c| &c.role == role).collect()
    }

    /// `[survey]`: id, weight and duration (commented out when none was
    /// found), and the "did not experience" codes seen beside ratings.
    fn write_survey(&self, out: &mut String) {
        out.push_str("[survey]\n");
        for line in &self.reading {
            let _ = writeln!(out, "{line}");
        }
        for (r, key) in [
            (Role::Id, "id"),
            (Role::Weight, "weight"),
            (Role::Duration, "duration"),
        ] {
            match self.with_role(&r).first() {
                Some(c) => {
                    let _ = writeln!(out, "{key} = {}", toml_str(&c.name));
                }
                None => {
                    let _ = writeln!(out, "# {key} = \"COLUMN\"");
                }
            }
        }
        let codes: BTreeSet<&str> = self
            .columns
            .iter()
            .filter(|c| matches!(c.role, Role::Touchpoint | Role::Kpi { .. }))
            .flat_map(|c| c.codes.iter().map(String::as_str))
            .collect();
        if !codes.is_empty() || self.reading_codes.is_some() {
            let base: Vec<&str> = match &self.reading_codes {
                Some(given) => given.iter().map(String::as_str).collect(),
                None => crate::config::DEFAULT_NOT_EXPERIENCED.to_vec(),
            };
            let mut seen = BTreeSet::new();
            let list: Vec<String> = base
                .into_iter()
                .chain(codes)
                .filter(|c| seen.insert(*c))
                .map(toml_str)
                .collect();
            let _ = writeln!(out, "not_experienced = [{}]", list.join(", "));
        }
    }

    /// `[survey.values]`: one map for every text rating column, as answer
    /// texts are shared.
    fn write_values(&self, out: &mut String) {
        let mut values: BTreeMap<&str, f64> = BTreeMap::new();
        for c in &self.columns {
            if matches!(c.role, Role::Touchpoint | Role::Kpi { .. }) {
                values.extend(c.text_values.iter().map(|(k, v)| (k.as_str(), *v)));
            }
        }
        if !values.is_empty() {
            out.push_str("\n# Text answers as numbers (check the order).\n[survey.values]\n");
            for (k, v) in &values {
                let _ = writeln!(out, "{} = {}", toml_str(k), number_text(*v));
            }
        }
    }

    /// A `[[kpi]]` per KPI column, with its kind, scale and note.
    fn write_kpis(&self, out: &mut String) {
        for c in &self.columns {
            let Role::Kpi { kind, reverse } = &c.role else {
                continue;
            };
            let _ = writeln!(out, "\n[[kpi]]\ncolumn = {}", toml_str(&c.name));
            if let Some(l) = &c.label {
                let _ = writeln!(out, "label = {}", toml_str(l));
            }
            let kind = match kind {
                KpiKind::Nps => "nps",
                KpiKind::Scale => "scale",
                KpiKind::Binary => "binary",
            };
            let _ = writeln!(out, "kind = \"{kind}\"");
            if kind != "nps" {
                if let Some((a, b)) = c.scale {
                    let _ = writeln!(out, "scale = [{}, {}]", number_text(a), number_text(b));
                }
            }
            if *reverse {
                let _ = writeln!(out, "reverse = true");
            }
            if let Some(p) = &c.positive {
                let _ = writeln!(out, "positive = [{}]", toml_str(p));
                let others: Vec<String> = c
                    .examples
                    .iter()
                    .filter(|e| *e != p)
                    .map(|e| toml_str(e))
                    .collect();
                let _ = writeln!(out, "negative = [{}]", others.join(", "));
            }
            write_column_codes(out, c);
            if let Some(note) = &c.note {
                let _ = writeln!(out, "# {note}");
            }
        }
    }

    /// The columns left out on purpose, with the reason, as comments.
    fn write_skipped(&self, out: &mut String) {
        let skipped: Vec<&ColumnInfo> = self
            .columns
            .iter()
            .filter(|c| c.role == Role::Other && c.note.is_some())
            .collect();
        if !skipped.is_empty() {
            out.push_str("\n# Not suggested:\n");
            for c in skipped {
                let _ = writeln!(
                    out,
                    "#   {}: {}",
                    c.name.replace('\n', " "),
                    c.note.as_deref().unwrap_or("")
                );
            }
        }
    }
}

/// A column's own "not applicable" codes, as its config block's
/// `not_experienced`, with the reason as a comment.
fn write_column_codes(out: &mut String, c: &ColumnInfo) {
    if c.column_codes.is_empty() {
        return;
    }
    let list: Vec<String> = c.column_codes.iter().map(|v| toml_str(v)).collect();
    let _ = writeln!(out, "not_experienced = [{}]", list.join(", "));
    if let Some(note) = &c.note {
        let _ = writeln!(out, "# {note}");
    }
}

fn truncate(text: &str, max: usize) -> String {
    let flat = text.replace(['\n', '\r'], " ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_round_trip() {
        for s in [
            "plain",
            "quote \" back \\ slash",
            "line\nbreak\ttab",
            "bell\u{7}",
        ] {
            let doc = format!("x = {}", toml_str(s));
            let v: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(v["x"].as_str(), Some(s));
        }
    }
}
