//! Exclusion reasons and warnings in the report's language.
//!
//! Ingest and the analysis hand them over as enums with their English text
//! (which data outputs keep, as scripts rely on it); here every variant gets
//! its words in each language by an exhaustive `match`, so a new kind does
//! not compile until it has them.

use super::texts::fill;
use crate::format::NumFmt;
use crate::lang::Lang;
use crate::model::{ExclusionReason, Finding, ReadExclusion, ReadWarning, SumsGap, WarningKind};
use cximpact_regression::{Capacity, RegressionError};

/// An exclusion reason in `lang`.
pub fn exclusion_reason(lang: Lang, reason: &ExclusionReason) -> String {
    match lang {
        Lang::En => reason.to_string(),
        Lang::Nl => match reason {
            ExclusionReason::Read(read) => match read {
                ReadExclusion::InvalidWeight => "gewicht ontbreekt of is ongeldig",
                ReadExclusion::ZeroWeight => "gewicht is nul",
                ReadExclusion::EmptyRow => "lege rij",
                ReadExclusion::Duplicate => "kopie van een eerdere rij",
                ReadExclusion::Speeder => "te snel ingevuld (speeder)",
                ReadExclusion::StraightLiner => "overal hetzelfde antwoord (straight-liner)",
                ReadExclusion::EarlierWave => "een eerdere meting dan de twee vergeleken",
                ReadExclusion::NoWave => "geen meting opgegeven",
            }
            .to_string(),
            ExclusionReason::NoKpiAnswer => "geen antwoord op een KPI-vraag".to_string(),
            ExclusionReason::NoAnswerTo { kpi } => format!("geen antwoord op {kpi}"),
        },
    }
}

/// The label of a warning's kind in `lang`: in English its code in words
/// ("out of scale"), kinds sharing a code share a label.
pub fn warning_kind(lang: Lang, kind: &WarningKind) -> String {
    match lang {
        Lang::En => kind.code().replace('_', " "),
        Lang::Nl => dutch_kind(kind).to_string(),
    }
}

fn dutch_kind(kind: &WarningKind) -> &'static str {
    match kind {
        WarningKind::Read(read) => match read {
            ReadWarning::EncodingAssumed { .. } => "tekenset aangenomen",
            ReadWarning::RaggedRow { .. } => "rij met afwijkend aantal velden",
            ReadWarning::FileDamaged { .. } => "bestand beschadigd",
            ReadWarning::WeightMissing | ReadWarning::WeightInvalid { .. } => "ongeldig gewicht",
            ReadWarning::IdBlank { .. } => "id ontbreekt",
            ReadWarning::DuplicateRow { .. } => "dubbele rij",
            ReadWarning::ScaleAssumedWithoutAnswers | ReadWarning::ScaleAssumed { .. } => {
                "schaal aangenomen"
            }
            ReadWarning::OutOfScale { .. } => "buiten de schaal",
            ReadWarning::NotANumber { .. } | ReadWarning::NotYesNo { .. } => "onbekende waarde",
            ReadWarning::StraightLiner { .. } => "overal hetzelfde antwoord",
            ReadWarning::NoDurations => "geen invultijden",
            ReadWarning::Speeder { .. } => "te snel ingevuld",
        },
        WarningKind::SmallBase { .. } => "kleine basis",
        WarningKind::KpiNotModelled { .. } => "KPI niet gemodelleerd",
        WarningKind::Separation { .. } => "volledige scheiding",
        WarningKind::BootstrapFailed { .. } => "bootstrap mislukt",
        WarningKind::NotFromSums(_) => "niet uit de sommen",
    }
}

/// A warning's sentence in `lang`.
pub fn warning_message(lang: Lang, kind: &WarningKind) -> String {
    match lang {
        Lang::En => kind.to_string(),
        Lang::Nl => match kind {
            WarningKind::Read(read) => dutch_read_message(read),
            WarningKind::SmallBase { n, min } => fill(
                "slechts {n} respondenten maakten dit contactmoment mee (minder dan {min}); lees \
                 de resultaten met zorg",
                &[("n", &n.to_string()), ("min", &min.to_string())],
            ),
            WarningKind::KpiNotModelled {
                kpi,
                error: RegressionError::TooManyTerms(c),
            } => format!("{kpi} is niet gemodelleerd: {}", dutch_capacity(c)),
            WarningKind::KpiNotModelled { kpi, error } => {
                format!("{kpi} is niet gemodelleerd: {error}")
            }
            WarningKind::Separation { kpi, pseudo_r2 } => fill(
                "{kpi}: de contactmomenten scheiden de twee antwoorden (sommige groepen \
                 respondenten gaven allemaal hetzelfde antwoord), dus sommige effecten zijn niet \
                 te schatten: hun odds ratio's zijn weggelaten en hun log-odds tonen alleen de \
                 richting. De pseudo-R\u{b2} ({r2}) en de belangrijkheden blijven geldig.",
                &[
                    ("kpi", kpi),
                    ("r2", &NumFmt::new(Lang::Nl).dec(*pseudo_r2, 3)),
                ],
            ),
            WarningKind::BootstrapFailed { error } => {
                format!("geen onzekerheidsintervallen: {error}")
            }
            WarningKind::NotFromSums(gap) => dutch_sums_gap(gap),
        },
    }
}

/// What an analysis from a warehouse's sums lacks, in Dutch.
fn dutch_sums_gap(gap: &SumsGap) -> String {
    match gap {
        SumsGap::LogisticKpi { kpi } => fill(
            "{kpi} is niet gemodelleerd: het logistische model heeft de antwoorden per \
             respondent nodig, niet de sommen uit het datawarehouse; draai cximpact op de \
             export, of zet model = \"linear\" voor deze KPI",
            &[("kpi", kpi)],
        ),
        SumsGap::RowChecks => "geanalyseerd uit de sommen van het datawarehouse: de controles per \
                               rij (antwoorden buiten de schaal of geen getal, lege id's, dubbele \
                               rijen) en de lijsten van uitgesloten rijen hebben de rijen nodig; \
                               draai cximpact op de export voor die controles"
            .to_string(),
        SumsGap::SegmentDifferences => "geanalyseerd uit de sommen van het datawarehouse: elke \
                                        segmentgroep heeft een eigen analyse, maar de toetsen of \
                                        een contactmoment in een groep anders werkt hebben de \
                                        rijen nodig; draai cximpact op de export daarvoor"
            .to_string(),
    }
}

/// More terms than the data carry (the capacity rule), in Dutch.
fn dutch_capacity(c: &Capacity) -> String {
    let base = if c.rarer_answer {
        format!("de {} respondenten met het zeldzamere antwoord", c.base)
    } else {
        format!("{} respondenten", c.base)
    };
    let who = if c.rarer_answer {
        "respondenten met het zeldzamere antwoord"
    } else {
        "respondenten"
    };
    let advice = match c.max_touchpoints() {
        0 => "te weinig voor één contactmoment".to_string(),
        keep => format!("voeg contactmomenten samen of laat er vallen tot ongeveer {keep}"),
    };
    fill(
        "{touchpoints} contactmomenten leveren {terms} termen op, maar {base} dragen er \
         hoogstens {max} (één per {per} van hen): {advice}, of verzamel minstens {needed} {who}",
        &[
            ("touchpoints", &c.touchpoints.to_string()),
            ("terms", &c.terms.to_string()),
            ("base", &base),
            ("max", &c.max_terms().to_string()),
            ("per", &c.per_term.to_string()),
            ("advice", &advice),
            ("needed", &c.base_needed().to_string()),
            ("who", who),
        ],
    )
}

/// What reading found, in Dutch.
fn dutch_read_message(kind: &ReadWarning) -> String {
    match kind {
        ReadWarning::EncodingAssumed { line } => fill(
            "het bestand is geen UTF-8 (eerste ongeldige byte op regel {line}); gelezen als \
             Windows-1252. Zet encoding in [survey] als letters met accenten er verkeerd uitzien",
            &[("line", &line.to_string())],
        ),
        ReadWarning::RaggedRow { fields, expected } => fill(
            "de rij heeft {fields} velden maar de kopregel {expected}; de ontbrekende worden als \
             leeg gelezen",
            &[
                ("fields", &fields.to_string()),
                ("expected", &expected.to_string()),
            ],
        ),
        ReadWarning::FileDamaged { detail } => fill(
            "het SPSS-bestand is mogelijk beschadigd: {detail}",
            &[("detail", detail)],
        ),
        ReadWarning::WeightMissing => "gewicht ontbreekt; respondent weggelaten".to_string(),
        ReadWarning::WeightInvalid { raw } => fill(
            "gewicht \"{raw}\" is geen geldig gewicht (een getal van nul of meer); respondent \
             weggelaten",
            &[("raw", raw)],
        ),
        ReadWarning::IdBlank { row } => fill(
            "respondent-id is leeg; \"rij {row}\" gebruikt",
            &[("row", &row.to_string())],
        ),
        ReadWarning::DuplicateRow { id, first } => fill(
            "id \"{respondent}\" herhaalt rij {first} met dezelfde antwoorden; de kopie is \
             weggelaten",
            &[("respondent", id), ("first", &first.to_string())],
        ),
        ReadWarning::ScaleAssumedWithoutAnswers => {
            "geen schaal ingesteld en geen numerieke antwoorden; 1-10 aangenomen".to_string()
        }
        ReadWarning::ScaleAssumed {
            low,
            high,
            lowest,
            highest,
            highest_looks_like_code,
        } => dutch_scale_assumed((*low, *high), (*lowest, *highest), *highest_looks_like_code),
        ReadWarning::OutOfScale { raw, low, high } => fill(
            "waarde \"{raw}\" valt buiten de schaal {low}-{high}; telt als geen antwoord",
            &[
                ("raw", raw),
                ("low", &low.to_string()),
                ("high", &high.to_string()),
            ],
        ),
        ReadWarning::NotANumber { raw } => fill(
            "waarde \"{raw}\" is geen getal; telt als geen antwoord (koppel tekstantwoorden aan \
             getallen met values = { \"{raw}\" = ... })",
            &[("raw", raw)],
        ),
        ReadWarning::NotYesNo { raw } => fill(
            "antwoord \"{raw}\" is geen herkend ja/nee-antwoord; telt als geen antwoord",
            &[("raw", raw)],
        ),
        ReadWarning::StraightLiner { count, score } => fill(
            "gaf alle {count} beoordeelde contactmomenten dezelfde score ({score}); mogelijk zijn \
             de vragen niet gelezen",
            &[("count", &count.to_string()), ("score", &score.to_string())],
        ),
        ReadWarning::NoDurations => "geen leesbare invultijden (seconden of u:mm:ss); de \
                                     controle op te snel invullen is overgeslagen"
            .to_string(),
        ReadWarning::Speeder {
            took,
            median,
            fraction,
        } => fill(
            "deed er {took} over waar de mediaan {median} is: minder dan {percent}% van de \
             mediaan; mogelijk zijn de vragen niet gelezen",
            &[
                ("took", &took.to_string()),
                ("median", &median.to_string()),
                ("percent", &format!("{:.0}", fraction * 100.0)),
            ],
        ),
    }
}

/// The scale `low`-`high` assumed from answers between `lowest` and
/// `highest`, in Dutch.
fn dutch_scale_assumed(
    (low, high): (f64, f64),
    (lowest, highest): (f64, f64),
    highest_looks_like_code: bool,
) -> String {
    let mut text = fill(
        "geen schaal ingesteld; {low}-{high} aangenomen op grond van de antwoorden (laagste \
         {lowest}, hoogste {highest}); zet scale om zeker te zijn",
        &[
            ("low", &low.to_string()),
            ("high", &high.to_string()),
            ("lowest", &lowest.to_string()),
            ("highest", &highest.to_string()),
        ],
    );
    if highest_looks_like_code {
        text.push_str(&format!(
            "; als {highest} \"niet meegemaakt\" betekent, zet het dan bij not_experienced"
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Shortest;
    use cximpact_regression::RegressionError;

    /// One value of every variant (see `every_variant_is_listed`).
    fn every_kind() -> Vec<WarningKind> {
        let read = [
            ReadWarning::EncodingAssumed { line: 3 },
            ReadWarning::RaggedRow {
                fields: 4,
                expected: 6,
            },
            ReadWarning::FileDamaged {
                detail: "bad record".into(),
            },
            ReadWarning::WeightMissing,
            ReadWarning::WeightInvalid { raw: "x".into() },
            ReadWarning::IdBlank { row: 7 },
            ReadWarning::DuplicateRow {
                id: "R1".into(),
                first: 2,
            },
            ReadWarning::ScaleAssumedWithoutAnswers,
            ReadWarning::ScaleAssumed {
                low: 1.0,
                high: 99.0,
                lowest: 1.0,
                highest: 99.0,
                highest_looks_like_code: true,
            },
            ReadWarning::OutOfScale {
                raw: "12".into(),
                low: 1.0,
                high: 10.0,
            },
            ReadWarning::NotANumber { raw: "abc".into() },
            ReadWarning::NotYesNo {
                raw: "maybe".into(),
            },
            ReadWarning::StraightLiner {
                count: 6,
                score: Shortest(7.0),
            },
            ReadWarning::NoDurations,
            ReadWarning::Speeder {
                took: Shortest(40.0),
                median: Shortest(300.0),
                fraction: 1.0 / 3.0,
            },
        ];
        let error = RegressionError::ConstantKpi { value: 5.0 };
        let mut all: Vec<WarningKind> = read.into_iter().map(WarningKind::Read).collect();
        all.extend([
            WarningKind::SmallBase { n: 12, min: 30 },
            WarningKind::KpiNotModelled {
                kpi: "Effort".into(),
                error: error.clone(),
            },
            WarningKind::Separation {
                kpi: "Stays".into(),
                pseudo_r2: 0.4123,
            },
            WarningKind::BootstrapFailed { error },
            WarningKind::NotFromSums(SumsGap::LogisticKpi {
                kpi: "Stays".into(),
            }),
            WarningKind::NotFromSums(SumsGap::RowChecks),
            WarningKind::NotFromSums(SumsGap::SegmentDifferences),
        ]);
        all
    }

    fn every_reason() -> Vec<ExclusionReason> {
        let mut all: Vec<ExclusionReason> = [
            ReadExclusion::InvalidWeight,
            ReadExclusion::ZeroWeight,
            ReadExclusion::EmptyRow,
            ReadExclusion::Duplicate,
            ReadExclusion::Speeder,
            ReadExclusion::StraightLiner,
            ReadExclusion::EarlierWave,
            ReadExclusion::NoWave,
        ]
        .into_iter()
        .map(ExclusionReason::Read)
        .collect();
        all.push(ExclusionReason::NoKpiAnswer);
        all.push(ExclusionReason::NoAnswerTo {
            kpi: "Likelihood to recommend".into(),
        });
        all
    }

    /// A variant added to the enums breaks this match: a reminder to list
    /// it in `every_kind` too, so that its words are tested.
    #[test]
    fn every_variant_is_listed() {
        for kind in every_kind() {
            match kind {
                WarningKind::Read(read) => match read {
                    ReadWarning::EncodingAssumed { .. }
                    | ReadWarning::RaggedRow { .. }
                    | ReadWarning::FileDamaged { .. }
                    | ReadWarning::WeightMissing
                    | ReadWarning::WeightInvalid { .. }
                    | ReadWarning::IdBlank { .. }
                    | ReadWarning::DuplicateRow { .. }
                    | ReadWarning::ScaleAssumedWithoutAnswers
                    | ReadWarning::ScaleAssumed { .. }
                    | ReadWarning::OutOfScale { .. }
                    | ReadWarning::NotANumber { .. }
                    | ReadWarning::NotYesNo { .. }
                    | ReadWarning::StraightLiner { .. }
                    | ReadWarning::NoDurations
                    | ReadWarning::Speeder { .. } => {}
                },
                WarningKind::SmallBase { .. }
                | WarningKind::KpiNotModelled { .. }
                | WarningKind::Separation { .. }
                | WarningKind::BootstrapFailed { .. }
                | WarningKind::NotFromSums(_) => {}
            }
        }
    }

    #[test]
    fn every_variant_has_english_and_dutch_words() {
        for kind in every_kind() {
            for lang in [Lang::En, Lang::Nl] {
                assert!(!warning_kind(lang, &kind).is_empty(), "{kind:?}");
                assert!(!warning_message(lang, &kind).is_empty(), "{kind:?}");
            }
            assert_ne!(
                warning_message(Lang::En, &kind),
                warning_message(Lang::Nl, &kind),
                "{kind:?} has no Dutch"
            );
            assert_eq!(warning_message(Lang::En, &kind), kind.to_string());
        }
        for reason in every_reason() {
            for lang in [Lang::En, Lang::Nl] {
                assert!(!exclusion_reason(lang, &reason).is_empty(), "{reason:?}");
            }
            assert_ne!(
                exclusion_reason(Lang::En, &reason),
                exclusion_reason(Lang::Nl, &reason),
                "{reason:?} has no Dutch"
            );
        }
    }

    #[test]
    fn warning_messages_are_filled_in_dutch() {
        let scale = WarningKind::Read(ReadWarning::OutOfScale {
            raw: "12".into(),
            low: 1.0,
            high: 10.0,
        });
        assert_eq!(
            warning_message(Lang::En, &scale),
            "value \"12\" is outside the scale 1-10; treated as no answer"
        );
        assert_eq!(
            warning_message(Lang::Nl, &scale),
            "waarde \"12\" valt buiten de schaal 1-10; telt als geen antwoord"
        );
        // Braces that are not placeholders stay.
        let text = WarningKind::Read(ReadWarning::NotANumber {
            raw: "n.v.t".into(),
        });
        assert_eq!(
            warning_message(Lang::Nl, &text),
            "waarde \"n.v.t\" is geen getal; telt als geen antwoord (koppel tekstantwoorden aan \
             getallen met values = { \"n.v.t\" = ... })"
        );
        let speeder = WarningKind::Read(ReadWarning::Speeder {
            took: Shortest(40.0),
            median: Shortest(300.5),
            fraction: 0.25,
        });
        assert_eq!(
            warning_message(Lang::Nl, &speeder),
            "deed er 40 over waar de mediaan 300.5 is: minder dan 25% van de mediaan; mogelijk \
             zijn de vragen niet gelezen"
        );
        let separation = WarningKind::Separation {
            kpi: "Blijft klant".into(),
            pseudo_r2: 0.4123,
        };
        let nl = warning_message(Lang::Nl, &separation);
        assert!(
            nl.starts_with("Blijft klant: de contactmomenten scheiden"),
            "{nl}"
        );
        assert!(nl.contains("pseudo-R\u{b2} (0,412)"), "{nl}");
        let scale = WarningKind::Read(ReadWarning::ScaleAssumed {
            low: 1.0,
            high: 99.0,
            lowest: 1.0,
            highest: 99.0,
            highest_looks_like_code: true,
        });
        assert_eq!(
            warning_message(Lang::Nl, &scale),
            "geen schaal ingesteld; 1-99 aangenomen op grond van de antwoorden (laagste 1, \
             hoogste 99); zet scale om zeker te zijn; als 99 \"niet meegemaakt\" betekent, zet \
             het dan bij not_experienced"
        );
        let ragged = WarningKind::Read(ReadWarning::RaggedRow {
            fields: 4,
            expected: 6,
        });
        assert_eq!(
            warning_message(Lang::Nl, &ragged),
            "de rij heeft 4 velden maar de kopregel 6; de ontbrekende worden als leeg gelezen"
        );
    }

    #[test]
    fn a_kpi_beyond_capacity_is_explained_in_dutch() {
        let capacity = cximpact_regression::Capacity {
            touchpoints: 60,
            terms: 118,
            base: 76,
            rarer_answer: true,
            per_term: 10,
        };
        let kind = WarningKind::KpiNotModelled {
            kpi: "Promotor".into(),
            error: RegressionError::TooManyTerms(capacity),
        };
        assert_eq!(
            warning_message(Lang::Nl, &kind),
            "Promotor is niet gemodelleerd: 60 contactmomenten leveren 118 termen op, maar de 76 \
             respondenten met het zeldzamere antwoord dragen er hoogstens 7 (één per 10 van \
             hen): voeg contactmomenten samen of laat er vallen tot ongeveer 3, of verzamel \
             minstens 1180 respondenten met het zeldzamere antwoord"
        );
        assert_eq!(
            warning_message(Lang::En, &kind),
            "Promotor was not modelled: 60 touchpoints bring 118 terms, but the 76 respondents \
             with the rarer answer carry at most 7 terms (one per 10 of them): merge or drop \
             touchpoints to about 3, or collect at least 1180 respondents with the rarer answer"
        );
    }

    #[test]
    fn warning_kinds_are_labelled_by_code_in_english() {
        let missing = WarningKind::Read(ReadWarning::WeightMissing);
        let invalid = WarningKind::Read(ReadWarning::WeightInvalid { raw: "x".into() });
        assert_eq!(warning_kind(Lang::En, &missing), "invalid weight");
        assert_eq!(warning_kind(Lang::En, &invalid), "invalid weight");
        assert_eq!(warning_kind(Lang::Nl, &invalid), "ongeldig gewicht");
        let separation = WarningKind::Separation {
            kpi: "Stays".into(),
            pseudo_r2: 0.4,
        };
        assert_eq!(warning_kind(Lang::En, &separation), "separation");
        assert_eq!(warning_kind(Lang::Nl, &separation), "volledige scheiding");
    }

    #[test]
    fn reasons_are_translated_for_dutch_only() {
        let zero = ExclusionReason::Read(ReadExclusion::ZeroWeight);
        assert_eq!(exclusion_reason(Lang::En, &zero), "weight is zero");
        assert_eq!(exclusion_reason(Lang::Nl, &zero), "gewicht is nul");
        let question = ExclusionReason::NoAnswerTo {
            kpi: "Likelihood to recommend".into(),
        };
        assert_eq!(
            exclusion_reason(Lang::En, &question),
            "no answer to Likelihood to recommend"
        );
        assert_eq!(
            exclusion_reason(Lang::Nl, &question),
            "geen antwoord op Likelihood to recommend"
        );
    }
}
