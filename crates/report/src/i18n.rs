//! Every user-visible word of the matrix and the report, in English and
//! Dutch.
//!
//! Kept in one place so a translator (or a consultant fixing a phrase for a
//! client) edits text without touching layout or templates. The Dutch uses
//! the CX vocabulary Dutch clients know from the handbook: klantreis,
//! contactmoment, koesteren en uitbouwen, verbeteren, voorkomen of
//! herontwerpen, besparen ("je doet het te goed"). Templated texts use
//! `{name}` placeholders filled by [`fill`].

use crate::lang::Lang;
use crate::model::{KpiAnalysis, KpiKind};
use crate::quadrant::Quadrant;

mod charts;
mod en;
mod index;
mod messages;
mod nl;
mod texts;
mod workbook;

pub use charts::{chart_texts, ChartTexts};
use en::{EN, EN_Q};
pub use index::{index_texts, IndexTexts};
pub use messages::{exclusion_reason, warning_kind, warning_message};
use nl::{NL, NL_Q};
pub use texts::{fill, QuadrantTexts, Texts};
pub use workbook::{workbook_texts, WorkbookTexts};

impl Texts {
    /// What a KPI measures, for `{goal}` in the quadrant texts: "lower
    /// customer effort" for a reversed KPI, "the share who say yes to ..."
    /// for a yes/no KPI, so the advice fits the KPI.
    pub fn goal(&self, kpi: &KpiAnalysis) -> String {
        let template = match (kpi.kind, crate::priorities::shares(kpi), kpi.reverse) {
            (_, true, false) => self.goal_share,
            (_, true, true) => self.goal_share_reversed,
            (KpiKind::Nps, false, false) => self.goal_nps,
            (_, false, true) => self.goal_reversed,
            (_, false, false) => self.goal_scale,
        };
        fill(template, &[("kpi", &mid_sentence(&kpi.label))])
    }

    pub fn quadrant(&self, q: Quadrant) -> &'static QuadrantTexts {
        let qs = if self.html_lang == "nl" { &NL_Q } else { &EN_Q };
        match q {
            Quadrant::Amplify => &qs[0],
            Quadrant::Improve => &qs[1],
            Quadrant::Prevent => &qs[2],
            Quadrant::Economize => &qs[3],
        }
    }
}

/// The texts of a language.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::En => &EN,
        Lang::Nl => &NL,
    }
}

/// A label as it reads inside a sentence: "Customer effort" becomes
/// "customer effort"; acronyms ("NPS score") and one-letter words stay.
pub fn mid_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill("{a} and {b}, {a}", &[("a", "x"), ("b", "y")]),
            "x and y, x"
        );
    }

    #[test]
    fn advice_goals_fit_the_kpi() {
        let a = crate::fixture::fixture();
        let en = texts(Lang::En);
        assert_eq!(en.goal(&a.kpis[0]), "loyalty (likelihood to recommend)");
        assert_eq!(en.goal(&a.kpis[1]), "lower customer effort");
        assert_eq!(
            en.goal(&a.kpis[2]),
            "the share who say yes to still a customer next year"
        );
        assert_eq!(
            texts(Lang::Nl).goal(&a.kpis[1]),
            "een lagere customer effort"
        );
        assert_eq!(mid_sentence("NPS"), "NPS");
        assert_eq!(mid_sentence("X"), "X");
        // Every quadrant's meaning names the goal; the economize advice is
        // a question to check, not a cost cut.
        for t in [en, texts(Lang::Nl)] {
            for q in Quadrant::ALL {
                assert!(t.quadrant(q).meaning.contains("{goal}"), "{q:?}");
            }
            assert!(t.quadrant(Quadrant::Economize).advice.contains('?'));
            assert!(t.quadrant(Quadrant::Economize).short.contains('?'));
        }
    }

    #[test]
    fn dutch_uses_cx_vocabulary() {
        let nl = texts(Lang::Nl);
        assert_eq!(
            nl.quadrant(Quadrant::Amplify).name,
            "Koesteren en uitbouwen"
        );
        assert_eq!(nl.quadrant(Quadrant::Improve).name, "Verbeteren");
        assert_eq!(
            nl.quadrant(Quadrant::Prevent).name,
            "Voorkomen of herontwerpen"
        );
        assert!(nl.quadrant(Quadrant::Economize).short.contains("te goed"));
        assert!(nl.th_touchpoint.contains("Contactmoment"));
        assert_eq!(
            texts(Lang::En).quadrant(Quadrant::Economize).name,
            "Economize"
        );
    }
}
