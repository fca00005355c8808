//! Text measured without a font: width estimates, ellipses and word wrap.
//!
//! An SVG has no font metrics at render time (plotters' own estimate,
//! without system fonts, counts bytes at a fixed 0.7 em), so widths are
//! estimated from character classes for a Helvetica-like sans-serif. The
//! estimate errs wide so that labels that do not overlap here do not
//! overlap in a browser either.

/// Estimated advance width of `text` at font size `size` (px), for a
/// Helvetica-like sans-serif, erring slightly wide.
pub fn text_width(text: &str, size: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'I' => 0.28,
            'f' | 't' | 'r' | ' ' | '(' | ')' | '-' | '[' | ']' | '/' => 0.36,
            'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.9,
            '\u{2014}' => 1.0,
            c if c.is_ascii_digit() => 0.58,
            c if c.is_uppercase() => 0.7,
            _ => 0.58,
        })
        .sum();
    em * size * 1.04
}

/// Shortens `text` with an ellipsis until it fits `max_width`.
pub fn fit_text(text: &str, size: f64, max_width: f64) -> String {
    if text_width(text, size) <= max_width {
        return text.to_string();
    }
    // No character is narrower than 0.28 em, so no fitting text is longer
    // than this many characters: cutting there first keeps a label of a
    // million characters (a damaged export's) from costing a million
    // measurements. Trailing blanks are trimmed before measuring, so the
    // shortened text is the same as without the cut.
    let most = (max_width / (0.28 * size * 1.04)).max(0.0) as usize + 1;
    let mut chars: Vec<char> = text.chars().take(most).collect();
    while !chars.is_empty() {
        chars.pop();
        let s: String = chars.iter().collect::<String>().trim_end().to_string() + "\u{2026}";
        if text_width(&s, size) <= max_width {
            return s;
        }
    }
    String::new()
}

/// Greedy word wrap by estimated width.
pub fn wrap(text: &str, size: f64, max_width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && text_width(&candidate, size) > max_width {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_text_is_shortened_at_once() {
        let huge = "Wat vindt u van ".repeat(200_000);
        let started = std::time::Instant::now();
        let fitted = fit_text(&huge, 14.0, 400.0);
        assert!(
            started.elapsed().as_secs_f64() < 1.0,
            "{:?}",
            started.elapsed()
        );
        assert!(fitted.ends_with('\u{2026}') && text_width(&fitted, 14.0) <= 400.0);
        // The same as shortening the text without the cut.
        let short = &huge[..400];
        assert_eq!(fitted, fit_text(short, 14.0, 400.0));
    }
}
