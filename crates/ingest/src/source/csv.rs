//! Delimited text exports: the bytes decoded (BOM, UTF-16, Windows-1252),
//! line ends made one, the separator detected, and the records read one
//! at a time by a record reader that knows the line of each.

use encoding_rs::Encoding;

use super::grid::{table_from_rows, GridRow, RowSource, Select};
use super::{Container, Layout, LoadOptions, Table};
use crate::error::IngestError;
use crate::warning::{Warning, WarningKind};

/// A CSV export as a [`Table`]; `forced` is the header layout when the
/// format names one, `select` the columns whose cells are kept.
pub(super) fn read_csv(
    bytes: &[u8],
    file: &str,
    opts: &LoadOptions,
    forced: Option<Layout>,
    select: Select,
) -> Result<Table, IngestError> {
    let mut warnings = Vec::new();
    let text = one_line_end(decode(
        bytes,
        file,
        opts.encoding.as_deref(),
        &mut warnings,
    )?);
    let separator = opts.separator.unwrap_or_else(|| detect_separator(&text));
    if text.trim().is_empty() {
        return Err(IngestError::EmptyFile {
            file: file.to_string(),
        });
    }
    // A quote opened and never closed would swallow the rest of the file
    // into one cell: an error naming the line where it opened.
    if let Some(line) = unterminated_quote(text.as_bytes(), separator) {
        return Err(IngestError::UnterminatedQuote {
            file: file.to_string(),
            line,
        });
    }
    let source = RowSource {
        file,
        container: Container::Csv,
        separator: Some(separator),
        forced,
        select,
        warnings,
    };
    let rows = CsvRows::new(&text, separator, file);
    table_from_rows(Counted::new(rows, opts, bytes.len(), text.len()), source)
}

/// The bytes of a text export as a `String` without BOM.
///
/// An explicit encoding is obeyed (strictly for UTF-8: an invalid byte is an
/// error naming its line). Otherwise a BOM decides, then valid UTF-8 is
/// taken as is and anything else is read as Windows-1252 with a warning:
/// that is what Excel writes for "CSV (comma delimited)" in Western
/// European locales. Bytes that are clearly not text are an error.
fn decode(
    bytes: &[u8],
    file: &str,
    encoding: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> Result<String, IngestError> {
    if let Some(label) = encoding {
        let enc = Encoding::for_label(label.trim().as_bytes()).unwrap_or(encoding_rs::UTF_8);
        if enc == encoding_rs::UTF_8 {
            if let Some((bom, _)) = Encoding::for_bom(bytes).filter(|(e, _)| *e != enc) {
                return Err(IngestError::EncodingConflict {
                    file: file.to_string(),
                    declared: label.trim().to_string(),
                    bom: bom.name(),
                });
            }
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            return std::str::from_utf8(body).map(str::to_string).map_err(|e| {
                IngestError::NotUtf8 {
                    file: file.to_string(),
                    line: line_of(body, e.valid_up_to()),
                }
            });
        }
        let (text, _, _) = enc.decode(bytes);
        return Ok(text.into_owned());
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        if let Some(text) = bom_lies(enc, body) {
            return Err(IngestError::BomMismatch {
                file: file.to_string(),
                bom: enc.name(),
                text,
            });
        }
        let (text, _) = enc.decode_without_bom_handling(body);
        return Ok(text.into_owned());
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Ok(text.into_owned());
    }
    if let Some(at) = binary_byte(bytes) {
        return Err(IngestError::NotText {
            file: file.to_string(),
            line: line_of(bytes, at),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let line = line_of(bytes, e.valid_up_to());
            warnings.push(Warning {
                kind: WarningKind::EncodingAssumed { line },
                file: file.to_string(),
                row: None,
                column: None,
            });
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(text.into_owned())
        }
    }
}

/// 1-based line of byte offset `at`, as an editor counts lines: LF, CRLF
/// and a lone CR (old Mac exports) each end one.
fn line_of(bytes: &[u8], at: usize) -> usize {
    let before = &bytes[..at.min(bytes.len())];
    let lone_cr = |i: usize| before[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    1 + (0..before.len())
        .filter(|&i| before[i] == b'\n' || lone_cr(i))
        .count()
}

/// The text with every line end (CRLF, or a lone CR from old Mac exports)
/// written as LF, so that every reader and every line number that follows
/// counts lines as an editor shows them. A line break inside a quoted
/// answer becomes LF too.
fn one_line_end(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            chars.next_if_eq(&'\n');
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// What the text after a byte order mark really is, when the mark lies: a
/// UTF-16 mark in front of UTF-8 text (or of UTF-16 in the other byte
/// order), or a UTF-8 mark in front of UTF-16. Read as the mark says, such
/// text is one line of nonsense characters and every configured column
/// would be "not found"; `None` when the mark fits.
fn bom_lies(bom: &'static Encoding, body: &[u8]) -> Option<&'static str> {
    let sample = &body[..body.len().min(64 * 1024) & !1];
    let actual = match utf16_without_bom(sample) {
        Some(utf16) => utf16,
        None if !sample.contains(&0) && utf8_prefix(sample) => encoding_rs::UTF_8,
        None => return None,
    };
    if actual == bom {
        return None;
    }
    // Text in the mark's encoding has line ends or separators; anything
    // else read as UTF-16 has none (they would need zero bytes).
    let (as_marked, _) = bom.decode_without_bom_handling(sample);
    let plausible = as_marked.contains(['\n', '\r', ',', ';', '\t']) && !as_marked.contains('\0');
    (!plausible).then(|| actual.name())
}

/// Whether `bytes` are UTF-8, allowing a character cut off at the end.
fn utf8_prefix(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// UTF-16 without BOM ("Unicode text" from Excel sometimes lacks one):
/// ASCII text with a zero byte in every other position.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(512) & !1];
    if sample.len() < 8 {
        return None;
    }
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    let half = sample.len() / 2;
    if zeros_at(1) * 10 >= half * 9 && zeros_at(0) == 0 {
        Some(encoding_rs::UTF_16LE)
    } else if zeros_at(0) * 10 >= half * 9 && zeros_at(1) == 0 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Offset of the first byte showing that `bytes` is not a text export: a
/// NUL, or control characters making up more than 1% of the start.
fn binary_byte(bytes: &[u8]) -> Option<usize> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if let Some(i) = sample.iter().position(|&b| b == 0) {
        return Some(i);
    }
    let is_control = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A);
    let controls = sample.iter().filter(|&&b| is_control(b)).count();
    if controls * 100 > sample.len() {
        return sample.iter().position(|&b| is_control(b));
    }
    None
}

/// The most frequent of `;`, tab and `,` in the header line (outside
/// quotes); `,` when there is none (a single-column file).
pub(crate) fn detect_separator(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let candidates = [b';', b'\t', b','];
    let mut in_quotes = false;
    for b in text.bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(i) = candidates.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 2;
    for i in 0..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// The line where a quote opens that is never closed, if any. Quotes only
/// open at the start of a field (as the csv crate reads them); a quote
/// inside an unquoted field is a literal character. Line ends are LF (see
/// [`one_line_end`]).
fn unterminated_quote(bytes: &[u8], separator: u8) -> Option<usize> {
    let mut in_quotes = false;
    let mut at_field_start = true;
    let (mut line, mut opened_line) = (1, 0);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else if b == b'"' && at_field_start {
            in_quotes = true;
            opened_line = line;
        }
        at_field_start = !in_quotes && (b == separator || b == b'\n');
        i += 1;
    }
    in_quotes.then_some(opened_line)
}

/// The records of CSV text as rows of text with their lines, quote-aware.
///
/// Blank lines, which the csv crate skips, are rows of the file (excluded
/// as empty rows later): they are given as rows without cells, so that row
/// numbers keep matching what the analyst sees.
struct CsvRows<'a> {
    records: ::csv::StringRecordsIntoIter<&'a [u8]>,
    file: &'a str,
    /// The line after the previous record.
    next_line: usize,
    /// Blank lines still to give before `held`.
    blanks: std::ops::Range<usize>,
    held: Option<GridRow>,
    started: bool,
}

impl<'a> CsvRows<'a> {
    fn new(text: &'a str, separator: u8, file: &'a str) -> CsvRows<'a> {
        let records = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator)
            .quote(b'"')
            .double_quote(true)
            .from_reader(text.as_bytes())
            .into_records();
        CsvRows {
            records,
            file,
            next_line: 1,
            blanks: 0..0,
            held: None,
            started: false,
        }
    }
}

impl Iterator for CsvRows<'_> {
    type Item = Result<GridRow, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(blank) = self.blanks.next() {
            return Some(Ok((blank, Vec::new())));
        }
        if let Some(row) = self.held.take() {
            return Some(Ok(row));
        }
        let record = match self.records.next()? {
            Ok(record) => record,
            Err(e) => {
                return Some(Err(IngestError::Csv {
                    file: self.file.to_string(),
                    message: e.to_string(),
                }))
            }
        };
        let line = record
            .position()
            .map_or(self.next_line, |p| p.line() as usize);
        if self.started {
            self.blanks = self.next_line..line;
        }
        self.started = true;
        let breaks: usize = record.iter().map(|f| f.matches('\n').count()).sum();
        self.next_line = line + 1 + breaks;
        let row = (line, record.iter().map(str::to_string).collect());
        match self.blanks.next() {
            Some(blank) => {
                self.held = Some(row);
                Some(Ok((blank, Vec::new())))
            }
            None => Some(Ok(row)),
        }
    }
}

/// [`CsvRows`] passed through, the reader's position after each row stored
/// in [`LoadOptions::progress`], scaled from the decoded text to the file's
/// bytes (an UTF-16 file is twice its text).
struct Counted<'a> {
    rows: CsvRows<'a>,
    progress: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
    file_bytes: u64,
    text_bytes: u64,
}

impl<'a> Counted<'a> {
    fn new(rows: CsvRows<'a>, opts: &LoadOptions, file_bytes: usize, text_bytes: usize) -> Self {
        Counted {
            rows,
            progress: opts.progress.clone(),
            file_bytes: file_bytes as u64,
            text_bytes: text_bytes.max(1) as u64,
        }
    }
}

impl Iterator for Counted<'_> {
    type Item = Result<GridRow, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        let row = self.rows.next();
        if let Some(progress) = &self.progress {
            let text_read = self.rows.records.reader().position().byte();
            let bytes =
                u128::from(text_read) * u128::from(self.file_bytes) / u128::from(self.text_bytes);
            progress.store(
                bytes.min(u128::from(self.file_bytes)) as u64,
                std::sync::atomic::Ordering::Relaxed,
            );
        }
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_detection_ignores_quoted_text() {
        assert_eq!(detect_separator("a;b;c\n1,2;3;4"), b';');
        assert_eq!(detect_separator("\"x;y;z\",b,c\n"), b',');
        assert_eq!(detect_separator("a\tb\tc,d\n"), b'\t');
        assert_eq!(detect_separator("single\n1\n"), b',');
    }

    #[test]
    fn unterminated_quotes_are_found() {
        assert_eq!(unterminated_quote(b"a,b\n1,\"x\n2,3\n", b','), Some(2));
        assert_eq!(unterminated_quote(b"a,b\n1,\"x\ny\"\n2,3\n", b','), None);
        // A quote inside an unquoted field is literal.
        assert_eq!(unterminated_quote(b"a,b\n1,5\" screen\n", b','), None);
        assert_eq!(unterminated_quote(b"a;b\n\"x\"\"\";2\n", b';'), None);
    }

    #[test]
    fn windows_1252_falls_back_with_a_warning() {
        let mut w = Vec::new();
        let text = decode(b"id,naam\n1,caf\xE9\n", "f.csv", None, &mut w).unwrap();
        assert_eq!(text, "id,naam\n1,café\n");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::EncodingAssumed { line: 2 });
        let err = decode(b"a\n\xE9", "f.csv", Some("utf-8"), &mut w).unwrap_err();
        assert!(matches!(err, IngestError::NotUtf8 { line: 2, .. }));
        let text = decode(b"a\n\xE9", "f.csv", Some("windows-1252"), &mut w).unwrap();
        assert_eq!(text, "a\né");
    }

    /// A byte order mark that does not fit the text after it is named,
    /// with what the text really is; one that fits is obeyed.
    #[test]
    fn a_lying_byte_order_mark_is_named() {
        let text = "id,tp_a,nps\n1,5,9\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let with = |bom: &[u8], body: &[u8]| [bom, body].concat();
        let (mark_le, mark_be, mark_8) =
            (&[0xFF, 0xFE][..], &[0xFE, 0xFF][..], &b"\xEF\xBB\xBF"[..]);
        for (bytes, bom, actual) in [
            (with(mark_le, text.as_bytes()), "UTF-16LE", "UTF-8"),
            (with(mark_be, text.as_bytes()), "UTF-16BE", "UTF-8"),
            (with(mark_be, &le), "UTF-16BE", "UTF-16LE"),
            (with(mark_le, &be), "UTF-16LE", "UTF-16BE"),
            (with(mark_8, &le), "UTF-8", "UTF-16LE"),
        ] {
            let err = decode(&bytes, "s.csv", None, &mut Vec::new()).unwrap_err();
            let message = err.to_string();
            assert!(
                matches!(err, IngestError::BomMismatch { bom: b, text: t, .. } if b == bom && t == actual),
                "{message}"
            );
            assert!(
                message.starts_with("s.csv: the file starts with a"),
                "{message}"
            );
        }
        // Marks that fit, and accented text in UTF-16.
        for bytes in [
            with(mark_le, &le),
            with(mark_be, &be),
            with(mark_8, text.as_bytes()),
        ] {
            assert_eq!(
                decode(&bytes, "s.csv", None, &mut Vec::new()).unwrap(),
                text
            );
        }
        let dutch = "regio;naam\nFrysl\u{e2}n;Jos\u{e9}\n";
        let bytes = with(
            mark_le,
            &dutch
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
        );
        assert_eq!(
            decode(&bytes, "s.csv", None, &mut Vec::new()).unwrap(),
            dutch
        );
        // A declared UTF-8 file with a UTF-16 mark says both.
        let err = decode(&with(mark_le, &le), "s.csv", Some("utf-8"), &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("encoding = \"utf-8\""), "{err}");
        assert!(
            err.to_string().contains("UTF-16LE byte order mark"),
            "{err}"
        );
    }

    #[test]
    fn utf16_is_decoded_and_binary_rejected() {
        let mut w = Vec::new();
        let le: Vec<u8> = "id\ttp\n1\t5\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&le, "f", None, &mut w).unwrap(), "id\ttp\n1\t5\n");
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(&le);
        assert_eq!(decode(&bom, "f", None, &mut w).unwrap(), "id\ttp\n1\t5\n");
        let err = decode(b"id\n\x01\x02\x00\x03", "f", None, &mut w).unwrap_err();
        assert!(
            matches!(err, IngestError::NotText { line: 2, .. }),
            "{err:?}"
        );
        assert!(w.is_empty());
    }

    #[test]
    fn progress_ends_at_the_file_size_and_only_rises() {
        use std::sync::atomic::{AtomicU64, Ordering};
        use std::sync::Arc;
        // A blank line, a quoted cell with a line break and a separator.
        let text = "id,tp\n1,5\n\n\"a,\nb\",7\n";
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        for bytes in [text.as_bytes().to_vec(), utf16] {
            let progress = Arc::new(AtomicU64::new(0));
            let opts = LoadOptions {
                progress: Some(progress.clone()),
                ..LoadOptions::default()
            };
            let rows = CsvRows::new(text, b',', "f.csv");
            let counted = Counted::new(rows, &opts, bytes.len(), text.len());
            let mut seen = Vec::new();
            for row in counted {
                row.unwrap();
                seen.push(progress.load(Ordering::Relaxed));
            }
            assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
            assert_eq!(seen.last(), Some(&(bytes.len() as u64)), "{seen:?}");
        }
    }
}
