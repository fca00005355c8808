//! Which header column plays which role: the configured id, weight,
//! duration, KPI, segment and touchpoint columns found in the header (globs
//! expanded in file order), or an error naming the closest header names.

use std::collections::HashSet;

use crate::config::{is_glob, Config, KpiConfig, TouchpointConfig};
use crate::error::IngestError;
use crate::model::KpiKind;

/// Which header column plays which role.
pub(super) struct Plan<'c> {
    pub(super) id: Option<usize>,
    pub(super) weight: Option<usize>,
    pub(super) touchpoints: Vec<Role<'c, TouchpointConfig>>,
    pub(super) kpis: Vec<Role<'c, KpiConfig>>,
    pub(super) segments: Vec<usize>,
    /// The wave column (also the last of `segments`).
    pub(super) wave: Option<usize>,
    pub(super) duration: Option<usize>,
}

/// A touchpoint or KPI column of the plan: header index, config entry,
/// label.
pub(super) type Role<'c, T> = (usize, &'c T, String);

/// The header of the table, for finding configured columns in it.
struct Header<'h> {
    names: &'h [String],
    /// The file's own label per column (question text, variable label).
    labels: &'h [Option<String>],
    file: &'h str,
}

impl Header<'_> {
    /// The configured label, else the file's (question text, variable
    /// label), else the column name.
    fn label_of(&self, idx: usize, configured: &Option<String>) -> String {
        configured
            .clone()
            .or_else(|| self.labels.get(idx).cloned().flatten())
            .unwrap_or_else(|| self.names[idx].clone())
    }

    /// A configured column missing from the header, with the closest names.
    fn missing(&self, name: &str) -> IngestError {
        IngestError::MissingColumn {
            file: self.file.to_string(),
            column: name.to_string(),
            suggestions: suggest(name, self.names),
        }
    }

    /// The index of the column named exactly `name` (trimmed).
    fn find(&self, name: &str) -> Result<usize, IngestError> {
        let name = name.trim();
        self.names
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| self.missing(name))
    }
}

impl<'c> Plan<'c> {
    pub(super) fn resolve(
        header: &[String],
        labels: &[Option<String>],
        config: &'c Config,
        file: &str,
    ) -> Result<Plan<'c>, IngestError> {
        let h = Header {
            names: header,
            labels,
            file,
        };
        let find = |name: &str| h.find(name);
        let id = config.survey.id.as_deref().map(find).transpose()?;
        let weight = config.survey.weight.as_deref().map(find).transpose()?;
        let duration = config.survey.duration.as_deref().map(find).transpose()?;
        let kpis = config
            .kpis
            .iter()
            .map(|k| {
                let idx = h.find(&k.column)?;
                Ok((idx, k, h.label_of(idx, &k.label)))
            })
            .collect::<Result<Vec<_>, IngestError>>()?;
        // The wave column is read like a segment, as the last one.
        let wave = config
            .survey
            .wave
            .as_deref()
            .map(|w| h.find(w))
            .transpose()?;
        let segments = config
            .segments
            .columns
            .iter()
            .map(|s| h.find(s))
            .chain(wave.map(Ok))
            .collect::<Result<Vec<_>, IngestError>>()?;

        // A glob never picks up a column that has another role.
        let mut taken: HashSet<usize> = HashSet::new();
        taken.extend(id);
        taken.extend(weight);
        taken.extend(duration);
        taken.extend(kpis.iter().map(|(i, _, _)| *i));
        taken.extend(segments.iter().copied());
        let touchpoints = touchpoints(&h, config, &taken)?;
        Ok(Plan {
            id,
            weight,
            touchpoints,
            kpis,
            segments,
            wave,
            duration,
        })
    }

    /// Every column the plan reads.
    pub(super) fn used_columns(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self
            .id
            .into_iter()
            .chain(self.weight)
            .chain(self.duration)
            .collect();
        all.extend(self.touchpoints.iter().map(|t| t.0));
        all.extend(self.kpis.iter().map(|k| k.0));
        all.extend(self.segments.iter().copied());
        all
    }

    /// The id and weight columns when they play no other role: read once
    /// rows are weighed and ids known.
    pub(super) fn done_after_weighing(&self) -> Vec<usize> {
        let all = self.used_columns();
        let once = |i: &usize| all.iter().filter(|&j| j == i).count() == 1;
        self.id
            .into_iter()
            .chain(self.weight)
            .filter(once)
            .collect()
    }

    /// The touchpoint, KPI and segment columns read for that role alone
    /// (not also the id, weight or duration, nor twice).
    pub(super) fn read_once(&self) -> Vec<usize> {
        let all = self.used_columns();
        let once = |i: &usize| all.iter().filter(|&j| j == i).count() == 1;
        let mut columns: Vec<usize> = self.touchpoints.iter().map(|t| t.0).collect();
        columns.extend(self.kpis.iter().map(|k| k.0));
        columns.extend(self.segments.iter().copied());
        columns.retain(once);
        columns
    }

    /// Columns whose cells are numbers, for decimal mark detection.
    pub(super) fn numeric_columns(&self) -> impl Iterator<Item = usize> + '_ {
        self.weight
            .into_iter()
            .chain(self.touchpoints.iter().map(|t| t.0))
            .chain(
                self.kpis
                    .iter()
                    .filter(|k| k.1.kind != KpiKind::Binary)
                    .map(|k| k.0),
            )
    }
}

/// The touchpoint columns in config order, globs expanded in file order.
///
/// An exact header name wins over glob syntax ("Q1[a]" is a real column in
/// some exports). A glob never picks up a column in `taken` (another role)
/// or one named explicitly as a touchpoint elsewhere: "tp_*" next to an
/// explicit "tp_app" with its own label must not list tp_app twice.
fn touchpoints<'c>(
    h: &Header,
    config: &'c Config,
    taken: &HashSet<usize>,
) -> Result<Vec<Role<'c, TouchpointConfig>>, IngestError> {
    let explicit: HashSet<usize> = config
        .touchpoints
        .iter()
        .filter_map(|tp| h.names.iter().position(|n| n == tp.column.trim()))
        .collect();
    let mut touchpoints: Vec<Role<'c, TouchpointConfig>> = Vec::new();
    let mut used: HashSet<usize> = HashSet::new();
    for tp in &config.touchpoints {
        let name = tp.column.trim();
        if let Some(idx) = h.names.iter().position(|n| n == name) {
            if used.insert(idx) {
                touchpoints.push((idx, tp, h.label_of(idx, &tp.label)));
            }
            continue;
        }
        let skip = |i: &usize| taken.contains(i) || explicit.contains(i) || used.contains(i);
        let new: Vec<usize> = glob_columns(h, config, tp, name)?
            .into_iter()
            .filter(|i| !skip(i))
            .collect();
        if new.len() > 1 && tp.label.is_some() {
            return Err(IngestError::Config {
                file: config.origin.clone(),
                message: format!(
                    "touchpoint \"{name}\" matches {} columns but has one label; give each column its own [[touchpoint]] or remove label",
                    new.len()
                ),
            });
        }
        for idx in new {
            used.insert(idx);
            touchpoints.push((idx, tp, h.label_of(idx, &tp.label)));
        }
    }
    Ok(touchpoints)
}

/// The header columns matching touchpoint `name` as a glob, in file order;
/// an error when `name` is no glob (a missing column) or matches nothing.
fn glob_columns(
    h: &Header,
    config: &Config,
    tp: &TouchpointConfig,
    name: &str,
) -> Result<Vec<usize>, IngestError> {
    debug_assert_eq!(tp.column.trim(), name);
    if !is_glob(name) {
        return Err(h.missing(name));
    }
    let pattern = glob::Pattern::new(name).map_err(|e| IngestError::Config {
        file: config.origin.clone(),
        message: format!("touchpoint \"{name}\": invalid pattern: {e}"),
    })?;
    let matching: Vec<usize> = (0..h.names.len())
        .filter(|&i| pattern.matches(&h.names[i]))
        .collect();
    if matching.is_empty() {
        return Err(IngestError::NoGlobMatch {
            file: h.file.to_string(),
            pattern: name.to_string(),
        });
    }
    Ok(matching)
}

/// Header names close to `name` (case-insensitive edit distance), best
/// first, at most three.
fn suggest(name: &str, header: &[String]) -> Vec<String> {
    let target = name.to_lowercase();
    let limit = (target.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &String)> = header
        .iter()
        .filter(|h| !h.is_empty())
        .map(|h| (edit_distance(&target, &h.to_lowercase()), h))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort_by_key(|(d, _)| *d);
    scored.into_iter().take(3).map(|(_, h)| h.clone()).collect()
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_use_edit_distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        let header = [
            "tp_app".to_string(),
            "tp_web".to_string(),
            "nps".to_string(),
        ];
        assert_eq!(suggest("tp_ap", &header), ["tp_app"]);
        assert_eq!(suggest("TP_WEB", &header), ["tp_web"]);
        assert!(suggest("completely_different", &header).is_empty());
    }
}
