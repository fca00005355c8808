//! Numbers as a client reads them: thousands separators, a fixed number of
//! decimals, `%` signs and a real minus sign, with the decimal comma and
//! thousands dot in Dutch. Data outputs (CSV/JSON) never go through here:
//! they keep plain machine-readable numbers.

use crate::lang::Lang;

/// Formats numbers for one language.
#[derive(Debug, Clone, Copy)]
pub struct NumFmt {
    pub(crate) lang: Lang,
}

/// Typographic minus: lines up with `+` and does not break across lines.
const MINUS: char = '\u{2212}';

impl NumFmt {
    pub fn new(lang: Lang) -> Self {
        NumFmt { lang }
    }

    fn separators(self) -> (char, char) {
        match self.lang {
            Lang::En => ('.', ','),
            Lang::Nl => (',', '.'),
        }
    }

    /// `1987` -> `1,987` (en) / `1.987` (nl).
    pub fn int(self, v: usize) -> String {
        self.dec(v as f64, 0)
    }

    /// Fixed decimals with grouped thousands; `-` becomes a real minus.
    pub fn dec(self, v: f64, decimals: usize) -> String {
        if !v.is_finite() {
            return "–".into();
        }
        let (dec_sep, group_sep) = self.separators();
        let s = format!("{:.*}", decimals, v.abs());
        let (int_part, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s.as_str(), None),
        };
        let mut out = String::new();
        // "-0.00" is noise: only sign values that stay non-zero when rounded.
        if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
            out.push(MINUS);
        }
        let digits: Vec<char> = int_part.chars().collect();
        for (i, c) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(group_sep);
            }
            out.push(*c);
        }
        if let Some(f) = frac {
            out.push(dec_sep);
            out.push_str(f);
        }
        out
    }

    /// Like [`dec`](Self::dec) with an explicit `+` for positive values.
    pub fn signed(self, v: f64, decimals: usize) -> String {
        let s = self.dec(v, decimals);
        if v > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
            format!("+{s}")
        } else {
            s
        }
    }

    /// A share between 0 and 1 as a percentage: `0.382` -> `38%`.
    pub fn share(self, v: f64, decimals: usize) -> String {
        format!("{}%", self.dec(v * 100.0, decimals))
    }

    /// A value already in percent: `12.4` -> `12.4%`.
    pub fn pct(self, v: f64, decimals: usize) -> String {
        format!("{}%", self.dec(v, decimals))
    }

    /// Optional values print as an en dash.
    pub fn opt(self, v: Option<f64>, f: impl FnOnce(Self, f64) -> String) -> String {
        v.filter(|x| x.is_finite())
            .map_or_else(|| "–".to_string(), |x| f(self, x))
    }

    /// A scale bound without needless decimals: `1` or `0.5`.
    pub fn scale_point(self, v: f64) -> String {
        if v.fract() == 0.0 {
            self.dec(v, 0)
        } else {
            self.dec(v, 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_dutch_numbers() {
        let en = NumFmt::new(Lang::En);
        let nl = NumFmt::new(Lang::Nl);
        assert_eq!(en.int(1987), "1,987");
        assert_eq!(nl.int(1987), "1.987");
        assert_eq!(en.int(1234567), "1,234,567");
        assert_eq!(en.int(12), "12");
        assert_eq!(en.dec(0.4123, 2), "0.41");
        assert_eq!(nl.dec(0.4123, 2), "0,41");
        assert_eq!(nl.dec(-1234.5, 1), "\u{2212}1.234,5");
        assert_eq!(en.dec(-0.001, 2), "0.00");
        assert_eq!(en.signed(0.126, 2), "+0.13");
        assert_eq!(en.signed(-3.0, 0), "\u{2212}3");
        assert_eq!(en.signed(0.0, 1), "0.0");
        assert_eq!(en.share(0.382, 0), "38%");
        assert_eq!(nl.share(0.3826, 1), "38,3%");
        assert_eq!(en.pct(12.4, 1), "12.4%");
        assert_eq!(en.opt(None, |f, v| f.dec(v, 1)), "–");
        assert_eq!(en.scale_point(10.0), "10");
    }
}
