//! Delimited text exports: the encoding decided on the first block (BOM,
//! UTF-16, Windows-1252), the separator on the header line, and the
//! records read one at a time from a [`TextStream`], as bytes, by a record
//! reader that knows the line of each (`csv_records`, on a thread of its
//! own). The file is never held whole.

use std::io::{Read, Seek, SeekFrom};

use encoding_rs::Encoding;

use super::csv_records::with_records;
use super::grid::{table_from_rows, RowSource, Select};
use super::text_stream::{Decoding, Failure, TextStream};
use super::{Container, Layout, LoadOptions, Table};
use crate::error::IngestError;
use crate::warning::{Warning, WarningKind};

/// How much of the start of a file decides its encoding: what the checks
/// for a lying byte order mark and for binary bytes look at, and a little
/// more for the mark itself.
const SNIFF: usize = 64 * 1024 + 4;

/// A CSV export as a [`Table`]; `forced` is the header layout when the
/// format names one, `select` the columns whose cells are kept.
pub(super) fn read_csv<R: Read + Seek + Send>(
    input: R,
    file: &str,
    opts: &LoadOptions,
    forced: Option<Layout>,
    select: Select,
) -> Result<Table, IngestError> {
    let io_error = |source| IngestError::Io {
        file: file.to_string(),
        source,
    };
    let mut input = Counting::new(input, opts.progress.clone());
    let mut start = vec![0; SNIFF];
    let n = read_full(&mut input, &mut start).map_err(io_error)?;
    start.truncate(n);
    let (decoding, skip) = decoding(&start, file, opts.encoding.as_deref())?;
    start.drain(..skip);
    let stream = TextStream::new(&mut input, start, decoding, file);
    match read_stream(stream, file, opts, forced, select, Vec::new()) {
        Err(Failure::NotUtf8 { line }) => {
            // Not UTF-8 after all: read again as Windows-1252, as Excel
            // writes "CSV (comma delimited)" in Western European locales.
            input.seek(SeekFrom::Start(0)).map_err(io_error)?;
            let latin = encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling();
            let stream = TextStream::new(&mut input, Vec::new(), Decoding::Decoder(latin), file);
            let warning = Warning {
                kind: WarningKind::EncodingAssumed { line },
                file: file.to_string(),
                row: None,
                column: None,
            };
            read_stream(stream, file, opts, forced, select, vec![warning]).map_err(|f| match f {
                Failure::Error(e) => e,
                Failure::NotUtf8 { .. } => unreachable_utf8(file),
            })
        }
        Err(Failure::Error(e)) => Err(e),
        Ok(table) => Ok(table),
    }
}

/// A decoder never reports invalid UTF-8; should it, the file is named.
fn unreachable_utf8(file: &str) -> IngestError {
    IngestError::Csv {
        file: file.to_string(),
        message: "the text could not be decoded".to_string(),
    }
}

/// Reads `buf.len()` bytes unless the input ends first; how many were read.
fn read_full(input: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The table of a text stream. Errors found on the way are reported in the
/// order the file's problems are: encoding first, then a quote never
/// closed, then what the rows hold; so on an error the rest of the text is
/// still read for the first two.
fn read_stream<R: Read + Send>(
    mut stream: TextStream<R>,
    file: &str,
    opts: &LoadOptions,
    forced: Option<Layout>,
    select: Select,
    warnings: Vec<Warning>,
) -> Result<Table, Failure> {
    let first = stream.first_line()?;
    let separator = opts
        .separator
        .unwrap_or_else(|| detect_separator_bytes(first));
    stream.set_separator(separator);
    let source = RowSource {
        file,
        container: Container::Csv,
        separator: Some(separator),
        forced,
        select,
        warnings,
    };
    let table = with_records(&mut stream, separator, file, |rows| {
        table_from_rows(rows, source)
    })
    .and_then(|table| table);
    if let Some(failure) = stream.failure.take() {
        return Err(failure);
    }
    if let Some(line) = stream.unterminated_quote() {
        return Err(Failure::Error(IngestError::UnterminatedQuote {
            file: file.to_string(),
            line,
        }));
    }
    table.map_err(Failure::Error)
}

/// How the bytes of a text export become text, decided on its first
/// block `start`, and how many bytes of byte order mark to skip.
///
/// An explicit encoding is obeyed (strictly for UTF-8: an invalid byte is an
/// error naming its line). Otherwise a BOM decides, then valid UTF-8 is
/// taken as is and anything else is read as Windows-1252 with a warning:
/// that is what Excel writes for "CSV (comma delimited)" in Western
/// European locales. Bytes that are clearly not text are an error.
fn decoding(
    start: &[u8],
    file: &str,
    encoding: Option<&str>,
) -> Result<(Decoding, usize), IngestError> {
    if let Some(label) = encoding {
        let enc = Encoding::for_label(label.trim().as_bytes()).unwrap_or(encoding_rs::UTF_8);
        if enc == encoding_rs::UTF_8 {
            if let Some((bom, _)) = Encoding::for_bom(start).filter(|(e, _)| *e != enc) {
                return Err(IngestError::EncodingConflict {
                    file: file.to_string(),
                    declared: label.trim().to_string(),
                    bom: bom.name(),
                });
            }
            let skip = if start.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            };
            return Ok((Decoding::Utf8Strict, skip));
        }
        // Like `Encoding::decode`: a byte order mark wins over the label.
        return Ok((Decoding::Decoder(enc.new_decoder()), 0));
    }
    if let Some((enc, bom)) = Encoding::for_bom(start) {
        let body = &start[bom..];
        if let Some(text) = bom_lies(enc, body) {
            return Err(IngestError::BomMismatch {
                file: file.to_string(),
                bom: enc.name(),
                text,
            });
        }
        return Ok((
            Decoding::Decoder(enc.new_decoder_without_bom_handling()),
            bom,
        ));
    }
    if let Some(enc) = utf16_without_bom(start) {
        return Ok((Decoding::Decoder(enc.new_decoder_without_bom_handling()), 0));
    }
    if let Some(at) = binary_byte(start) {
        return Err(IngestError::NotText {
            file: file.to_string(),
            line: line_of(start, at),
        });
    }
    Ok((Decoding::Utf8Guess, 0))
}

/// The bytes of a text export as text without BOM, as the stream reads
/// them: what the encoding checks give, for tests.
#[cfg(test)]
fn decode(
    bytes: &[u8],
    file: &str,
    encoding: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> Result<String, IngestError> {
    let read = |decoding: Decoding, start: &[u8]| {
        let mut stream = TextStream::new(&b""[..], start.to_vec(), decoding, file);
        let mut text = Vec::new();
        match stream.read_to_end(&mut text) {
            Ok(_) => Ok(String::from_utf8(text).unwrap_or_default()),
            Err(_) => Err(stream.failure.take().expect("a failure")),
        }
    };
    let (decoding, skip) = decoding(bytes, file, encoding)?;
    match read(decoding, &bytes[skip..]) {
        Ok(text) => Ok(text),
        Err(Failure::Error(e)) => Err(e),
        Err(Failure::NotUtf8 { line }) => {
            warnings.push(Warning {
                kind: WarningKind::EncodingAssumed { line },
                file: file.to_string(),
                row: None,
                column: None,
            });
            let latin = encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling();
            read(Decoding::Decoder(latin), bytes).map_err(|_| unreachable_utf8(file))
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
#[cfg(test)]
fn detect_separator(text: &str) -> u8 {
    detect_separator_bytes(text.as_bytes())
}

/// [`detect_separator`] on the bytes of the text.
fn detect_separator_bytes(text: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let candidates = [b';', b'\t', b','];
    let mut in_quotes = false;
    for &b in text {
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

/// The file's reader, its position stored in [`LoadOptions::progress`]
/// after each read (for a progress bar; a second reading from the start
/// counts again from zero).
struct Counting<R> {
    inner: R,
    progress: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
    at: u64,
}

impl<R> Counting<R> {
    fn new(inner: R, progress: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>) -> Self {
        Counting {
            inner,
            progress,
            at: 0,
        }
    }

    fn tell(&self) {
        if let Some(progress) = &self.progress {
            progress.store(self.at, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.at += n as u64;
        self.tell();
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.at = self.inner.seek(pos)?;
        self.tell();
        Ok(self.at)
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
        let text = "id,tp\n1,5\n\n\"a,\nb\",7\n".repeat(20_000);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        for bytes in [text.as_bytes().to_vec(), utf16] {
            let progress = Arc::new(AtomicU64::new(0));
            let mut counting =
                Counting::new(std::io::Cursor::new(bytes.clone()), Some(progress.clone()));
            let mut seen = Vec::new();
            let mut buf = vec![0; 4096];
            while counting.read(&mut buf).unwrap() > 0 {
                seen.push(progress.load(Ordering::Relaxed));
            }
            assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
            assert_eq!(seen.last(), Some(&(bytes.len() as u64)));
            // The whole reader raises it to the file's size too.
            let opts = LoadOptions {
                progress: Some(progress.clone()),
                ..LoadOptions::default()
            };
            progress.store(0, Ordering::Relaxed);
            let cursor = std::io::Cursor::new(bytes.clone());
            read_csv(cursor, "f.csv", &opts, None, Select::All).unwrap();
            assert_eq!(progress.load(Ordering::Relaxed), bytes.len() as u64);
        }
    }
}
