//! Exclusion reasons and warnings as the ingest and analysis steps word
//! them (in English, which data outputs keep), translated for the report.

use super::texts::fill;
use crate::lang::Lang;

/// An exclusion reason in the report's language. Data outputs keep the
/// reasons in English (scripts rely on them); the report translates the
/// reasons the tool itself gives and leaves anything else as it is.
pub fn exclusion_reason(lang: Lang, reason: &str) -> String {
    if lang == Lang::En {
        return reason.to_string();
    }
    let known = match reason {
        "missing or invalid weight" => Some("gewicht ontbreekt of is ongeldig"),
        "weight is zero" => Some("gewicht is nul"),
        "empty row" => Some("lege rij"),
        "duplicate of an earlier row" => Some("kopie van een eerdere rij"),
        "speeder" => Some("te snel ingevuld (speeder)"),
        "straight-liner" => Some("overal hetzelfde antwoord (straight-liner)"),
        "no answer to any KPI question" => Some("geen antwoord op een KPI-vraag"),
        _ => None,
    };
    match (known, reason.strip_prefix("no answer to ")) {
        (Some(text), _) => text.to_string(),
        (None, Some(question)) => format!("geen antwoord op {question}"),
        (None, None) => reason.to_string(),
    }
}

/// The label of a warning kind (`out_of_scale`, ...) in `lang`; unknown
/// kinds read as their words.
pub fn warning_kind(lang: Lang, kind: &str) -> String {
    let nl = match kind {
        "out_of_scale" => "buiten de schaal",
        "unrecognised_value" => "onbekende waarde",
        "scale_assumed" => "schaal aangenomen",
        "small_base" => "kleine basis",
        "invalid_weight" => "ongeldig gewicht",
        "missing_id" => "id ontbreekt",
        "duplicate_row" => "dubbele rij",
        "straight_liner" => "overal hetzelfde antwoord",
        "speeder" => "te snel ingevuld",
        "no_durations" => "geen invultijden",
        "encoding_assumed" => "tekenset aangenomen",
        "file_damaged" => "bestand beschadigd",
        "ragged_row" => "rij met afwijkend aantal velden",
        "kpi_not_modelled" => "KPI niet gemodelleerd",
        "separation" => "volledige scheiding",
        "bootstrap_failed" => "bootstrap mislukt",
        _ => "",
    };
    if lang == Lang::Nl && !nl.is_empty() {
        nl.to_string()
    } else {
        kind.replace('_', " ")
    }
}

/// A warning's sentence in `lang`: the English `message`, or for Dutch the
/// wording named by the `id` in `args`, filled (by [`fill`]) with the args
/// it names. A wording that is unknown or misses an arg falls back to
/// English.
pub fn warning_message(lang: Lang, message: &str, args: &[(String, String)]) -> String {
    if lang == Lang::En {
        return message.to_string();
    }
    let arg = |name: &str| {
        args.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (template, needs): (&str, &[&str]) = match arg("id") {
        Some("weight_missing") => ("gewicht ontbreekt; respondent weggelaten", &[]),
        Some("weight_invalid") => (
            "gewicht \"{raw}\" is geen geldig gewicht (een getal van nul of meer); respondent \
             weggelaten",
            &["raw"],
        ),
        Some("id_blank") => ("respondent-id is leeg; \"rij {row}\" gebruikt", &["row"]),
        Some("small_base") => (
            "slechts {n} respondenten maakten dit contactmoment mee (minder dan {min}); lees de \
             resultaten met zorg",
            &["n", "min"],
        ),
        Some("duplicate_row") => (
            "id \"{respondent}\" herhaalt rij {first} met dezelfde antwoorden; de kopie is \
             weggelaten",
            &["respondent", "first"],
        ),
        Some("straight_liner") => (
            "gaf alle {count} beoordeelde contactmomenten dezelfde score ({score}); mogelijk zijn \
             de vragen niet gelezen",
            &["count", "score"],
        ),
        Some("no_durations") => (
            "geen leesbare invultijden (seconden of u:mm:ss); de controle op te snel invullen is \
             overgeslagen",
            &[],
        ),
        Some("speeder") => (
            "deed er {took} over waar de mediaan {median} is: minder dan {percent}% van de \
             mediaan; mogelijk zijn de vragen niet gelezen",
            &["took", "median", "percent"],
        ),
        Some("out_of_scale") => (
            "waarde \"{raw}\" valt buiten de schaal {low}-{high}; telt als geen antwoord",
            &["raw", "low", "high"],
        ),
        Some("not_a_number") => (
            "waarde \"{raw}\" is geen getal; telt als geen antwoord (koppel tekstantwoorden aan \
             getallen met values = { \"{raw}\" = ... })",
            &["raw"],
        ),
        Some("not_yes_no") => (
            "antwoord \"{raw}\" is geen herkend ja/nee-antwoord; telt als geen antwoord",
            &["raw"],
        ),
        _ => return message.to_string(),
    };
    let values: Option<Vec<(&str, &str)>> = needs
        .iter()
        .map(|&name| arg(name).map(|v| (name, v)))
        .collect();
    match values {
        Some(values) => fill(template, &values),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod exclusion_reason_tests {
    use super::*;

    #[test]
    fn warning_messages_are_filled_in_dutch() {
        let args = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let scale = args(&[
            ("id", "out_of_scale"),
            ("raw", "12"),
            ("low", "1"),
            ("high", "10"),
        ]);
        let english = "value \"12\" is outside the scale 1-10; treated as no answer";
        assert_eq!(warning_message(Lang::En, english, &scale), english);
        assert_eq!(
            warning_message(Lang::Nl, english, &scale),
            "waarde \"12\" valt buiten de schaal 1-10; telt als geen antwoord"
        );
        // Braces that are not placeholders stay.
        let text = args(&[("id", "not_a_number"), ("raw", "n.v.t")]);
        assert_eq!(
            warning_message(Lang::Nl, "x", &text),
            "waarde \"n.v.t\" is geen getal; telt als geen antwoord (koppel tekstantwoorden aan \
             getallen met values = { \"n.v.t\" = ... })"
        );
        // Unknown wordings and missing args fall back to English.
        assert_eq!(warning_message(Lang::Nl, "as is", &[]), "as is");
        let partial = args(&[("id", "out_of_scale"), ("raw", "12")]);
        assert_eq!(warning_message(Lang::Nl, "as is", &partial), "as is");
    }

    #[test]
    fn warning_kinds_are_translated_for_dutch_only() {
        assert_eq!(warning_kind(Lang::En, "out_of_scale"), "out of scale");
        assert_eq!(warning_kind(Lang::Nl, "out_of_scale"), "buiten de schaal");
        assert_eq!(warning_kind(Lang::Nl, "something_new"), "something new");
    }

    #[test]
    fn reasons_are_translated_for_dutch_only() {
        assert_eq!(
            exclusion_reason(Lang::En, "weight is zero"),
            "weight is zero"
        );
        assert_eq!(
            exclusion_reason(Lang::Nl, "weight is zero"),
            "gewicht is nul"
        );
        assert_eq!(
            exclusion_reason(Lang::Nl, "no answer to Likelihood to recommend"),
            "geen antwoord op Likelihood to recommend"
        );
        assert_eq!(exclusion_reason(Lang::Nl, "something new"), "something new");
    }
}
