//! The config's own texts (touchpoint labels, phases and notes, KPI
//! labels, segment names, the report title) in the report's language.
//!
//! The report's fixed wording comes in English and Dutch; the texts a
//! consultant writes into the config come in whatever language they were
//! written. `[translations.nl]` maps each such text to its Dutch version,
//! so one config serves an English and a Dutch report of the same survey:
//!
//! ```toml
//! [translations.nl]
//! "Website visit" = "Websitebezoek"
//! "Orientation" = "Oriëntatie"
//! ```
//!
//! A touchpoint or KPI without a label is named by its column, so the
//! column name is translated then. A text without a translation stays as
//! written; a translation that matches no text of the config is an error
//! (a typo would otherwise leave the English silently in a Dutch report).

use crate::config::Config;
use crate::error::IngestError;

impl Config {
    /// This config with its texts in language `lang` (`"nl"`, say) where
    /// `[translations.<lang>]` gives them; unchanged when it has no such
    /// table.
    pub fn translated(&self, lang: &str) -> Config {
        let mut config = self.clone();
        let Some(table) = self.translations.get(lang) else {
            return config;
        };
        let tr = |text: &str| table.get(text).cloned();
        for t in &mut config.touchpoints {
            t.label = tr(t.label.as_deref().unwrap_or(&t.column)).or(t.label.take());
            t.phase = t.phase.take().map(|p| tr(&p).unwrap_or(p));
            t.note = t.note.take().map(|n| tr(&n).unwrap_or(n));
        }
        for k in &mut config.kpis {
            k.label = tr(k.label.as_deref().unwrap_or(&k.column)).or(k.label.take());
        }
        for labels in config.segments.labels.values_mut() {
            labels.column = labels.column.take().map(|c| tr(&c).unwrap_or(c));
            for value in labels.values.values_mut() {
                if let Some(t) = tr(value) {
                    *value = t;
                }
            }
        }
        config.report.title = config.report.title.take().map(|t| tr(&t).unwrap_or(t));
        config
    }

    /// Every translation must match a text of the config, and name its
    /// language by a two-letter code.
    pub(crate) fn validate_translations(&self) -> Result<(), IngestError> {
        let texts = self.translatable_texts();
        for (lang, table) in &self.translations {
            if lang.len() != 2 || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(self.error(format!(
                    "[translations.{lang}]: name the language by its two-letter code, e.g. \
                     [translations.nl]"
                )));
            }
            if let Some(unknown) = table.keys().find(|k| !texts.contains(&k.as_str())) {
                return Err(self.error(format!(
                    "[translations.{lang}] \"{unknown}\" matches no label, phase, note, segment \
                     name or title of the config"
                )));
            }
        }
        Ok(())
    }

    /// The texts a translation may replace.
    fn translatable_texts(&self) -> Vec<&str> {
        let mut texts: Vec<&str> = Vec::new();
        for t in &self.touchpoints {
            texts.push(t.label.as_deref().unwrap_or(&t.column));
            texts.extend(t.phase.as_deref());
            texts.extend(t.note.as_deref());
        }
        for k in &self.kpis {
            texts.push(k.label.as_deref().unwrap_or(&k.column));
        }
        for labels in self.segments.labels.values() {
            texts.extend(labels.column.as_deref());
            texts.extend(labels.values.values().map(String::as_str));
        }
        texts.extend(self.report.title.as_deref());
        texts
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    const CONFIG: &str = r#"
[[touchpoint]]
column = "tp_web"
label = "Website visit"
phase = "Orientation"
note = "Redesigned in May."

[[touchpoint]]
column = "tp_call"
phase = "Orientation"

[[kpi]]
column = "nps"
label = "Likelihood to recommend"
kind = "nps"

[segments]
columns = ["type"]
[segments.labels.type]
column = "Customer type"
values = { b2c = "Private" }

[report]
title = "Touchpoint survey"

[translations.nl]
"Website visit" = "Websitebezoek"
"Orientation" = "Oriëntatie"
"Redesigned in May." = "In mei vernieuwd."
"tp_call" = "Telefoongesprek"
"Likelihood to recommend" = "Aanbevelingsbereidheid"
"Customer type" = "Klanttype"
"Private" = "Particulier"
"Touchpoint survey" = "Klantreisonderzoek"
"#;

    #[test]
    fn every_config_text_is_translated() {
        let config = Config::from_toml_str(CONFIG, "t.toml").unwrap();
        let nl = config.translated("nl");
        let web = &nl.touchpoints[0];
        assert_eq!(web.label.as_deref(), Some("Websitebezoek"));
        assert_eq!(web.phase.as_deref(), Some("Oriëntatie"));
        assert_eq!(web.note.as_deref(), Some("In mei vernieuwd."));
        assert_eq!(nl.touchpoints[1].label.as_deref(), Some("Telefoongesprek"));
        assert_eq!(nl.touchpoints[1].column, "tp_call", "columns stay");
        assert_eq!(nl.kpis[0].label.as_deref(), Some("Aanbevelingsbereidheid"));
        assert_eq!(nl.segments.column_label("type"), "Klanttype");
        assert_eq!(nl.segments.value_label("type", "b2c"), "Particulier");
        assert_eq!(nl.report.title.as_deref(), Some("Klantreisonderzoek"));
    }

    #[test]
    fn a_language_without_a_table_keeps_the_texts() {
        let config = Config::from_toml_str(CONFIG, "t.toml").unwrap();
        let en = config.translated("en");
        assert_eq!(en.touchpoints[0].label.as_deref(), Some("Website visit"));
        assert_eq!(en.touchpoints[1].label, None);
        assert_eq!(en.report.title.as_deref(), Some("Touchpoint survey"));
    }

    #[test]
    fn a_translation_of_no_text_is_an_error_naming_it() {
        let typo = CONFIG.replace("\"Website visit\" =", "\"Webiste visit\" =");
        let err = Config::from_toml_str(&typo, "t.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.toml"), "{err}");
        assert!(err.contains("[translations.nl] \"Webiste visit\""), "{err}");
    }

    #[test]
    fn a_language_must_be_a_two_letter_code() {
        let bad = CONFIG.replace("[translations.nl]", "[translations.Dutch]");
        let err = Config::from_toml_str(&bad, "t.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("two-letter code"), "{err}");
    }
}
