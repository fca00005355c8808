//! A text export read as a stream of UTF-8 with LF line ends, a block at a
//! time, so that a file of gigabytes is never held whole.
//!
//! The stream decodes (UTF-8 checked, or any encoding through
//! `encoding_rs`), writes every line end (CRLF, a lone CR) as LF, and
//! watches the quotes it hands out, so that a quote never closed can be
//! named by the line where it opened once the file has been read. What the
//! bytes are is decided before, on the first block (see `csv.rs`).

use std::io::{self, Read};

use encoding_rs::{CoderResult, Decoder};

use crate::error::IngestError;

/// How the bytes become UTF-8.
pub(super) enum Decoding {
    /// UTF-8 as is; an invalid byte is an error naming its line.
    Utf8Strict,
    /// UTF-8 as is; an invalid byte means the file is not UTF-8, and it is
    /// read again from the start as Windows-1252 (see [`Failure::NotUtf8`]).
    Utf8Guess,
    /// Through a decoder (UTF-16, Windows-1252, a declared encoding).
    Decoder(Decoder),
}

/// Why the stream stopped before its end.
#[derive(Debug)]
pub(super) enum Failure {
    /// An error to report as it is.
    Error(IngestError),
    /// Not UTF-8 after all: the first invalid byte is on this line.
    NotUtf8 { line: usize },
}

/// What a block is read in: large enough that reading costs little per
/// byte, small enough to be nothing next to the columns.
const BLOCK: usize = 256 * 1024;

/// A byte source as UTF-8 text with LF line ends.
pub(super) struct TextStream<R> {
    input: R,
    file: String,
    decoding: Decoding,
    /// Raw bytes not decoded yet (the start of a character cut by a block).
    raw: Vec<u8>,
    input_done: bool,
    /// Decoded text not handed out yet, from `out_at`.
    out: Vec<u8>,
    out_at: usize,
    /// The last decoded character was a CR (written as LF): an LF right
    /// after it ends the same line.
    after_cr: bool,
    /// Line ends decoded so far.
    lines: usize,
    quotes: QuoteWatch,
    /// Why the stream stopped, once it has.
    pub(super) failure: Option<Failure>,
}

impl<R: Read> TextStream<R> {
    /// The text of `input` as `decoding` reads it; `start` holds bytes
    /// already read from `input` (the first block).
    pub(super) fn new(input: R, start: Vec<u8>, decoding: Decoding, file: &str) -> Self {
        TextStream {
            input,
            file: file.to_string(),
            decoding,
            raw: start,
            input_done: false,
            out: Vec::new(),
            out_at: 0,
            after_cr: false,
            lines: 0,
            quotes: QuoteWatch::default(),
            failure: None,
        }
    }

    /// The text decoded but not handed out yet, decoding more until it
    /// holds a whole first line (outside quotes) or the whole text.
    pub(super) fn first_line(&mut self) -> Result<&[u8], Failure> {
        loop {
            let pending = &self.out[self.out_at..];
            if has_first_line(pending) || self.ended() {
                return Ok(&self.out[self.out_at..]);
            }
            self.decode_more()?;
        }
    }

    /// Sets the separator that quotes are watched with; before any text is
    /// handed out.
    pub(super) fn set_separator(&mut self, separator: u8) {
        self.quotes.separator = separator;
    }

    /// Reads what is left, watching quotes and checking the encoding, so
    /// that errors found later in the file can be reported first.
    pub(super) fn drain(&mut self) {
        let mut sink = vec![0; BLOCK];
        while self.failure.is_none() && matches!(self.read(&mut sink), Ok(n) if n > 0) {}
    }

    /// The line where a quote opens that the text never closes, if any;
    /// once the text has been read.
    pub(super) fn unterminated_quote(&self) -> Option<usize> {
        let q = &self.quotes;
        (q.in_quotes && !q.quote_pending).then_some(q.opened_line)
    }

    fn ended(&self) -> bool {
        self.input_done && self.raw.is_empty()
    }

    /// Decodes the next block onto `out`.
    fn decode_more(&mut self) -> Result<(), Failure> {
        if self.out_at > 0 {
            self.out.drain(..self.out_at);
            self.out_at = 0;
        }
        if !self.input_done && self.raw.len() < BLOCK {
            let at = self.raw.len();
            self.raw.resize(at + BLOCK, 0);
            let n = read_some(&mut self.input, &mut self.raw[at..]).map_err(|source| {
                Failure::Error(IngestError::Io {
                    file: self.file.clone(),
                    source,
                })
            })?;
            self.raw.truncate(at + n);
            self.input_done = n == 0;
        }
        let start = self.out.len();
        let used = match &mut self.decoding {
            Decoding::Utf8Strict | Decoding::Utf8Guess => {
                let valid = match std::str::from_utf8(&self.raw) {
                    Ok(_) => self.raw.len(),
                    // A character cut by the block's end: decoded with the next.
                    Err(e) if e.error_len().is_none() && !self.input_done => e.valid_up_to(),
                    Err(e) => return Err(self.not_utf8(e.valid_up_to())),
                };
                self.out.extend_from_slice(&self.raw[..valid]);
                valid
            }
            Decoding::Decoder(decoder) => {
                let last = self.input_done;
                let mut text = String::with_capacity(
                    decoder
                        .max_utf8_buffer_length(self.raw.len())
                        .unwrap_or(self.raw.len() * 3 + 16),
                );
                let (result, read, _) = decoder.decode_to_string(&self.raw, &mut text, last);
                debug_assert_eq!(result, CoderResult::InputEmpty);
                self.out.extend_from_slice(text.as_bytes());
                read
            }
        };
        self.raw.drain(..used);
        if self.input_done && !self.raw.is_empty() && used == 0 {
            // Nothing more can be decoded (cannot happen with a decoder,
            // which takes every byte at the end).
            self.raw.clear();
        }
        self.one_line_end(start);
        Ok(())
    }

    /// The failure for the invalid UTF-8 byte at `at` in `raw`.
    fn not_utf8(&self, at: usize) -> Failure {
        let line = self.lines + lines_before(&self.raw, at, self.after_cr) + 1;
        match self.decoding {
            Decoding::Utf8Strict => Failure::Error(IngestError::NotUtf8 {
                file: self.file.clone(),
                line,
            }),
            _ => Failure::NotUtf8 { line },
        }
    }

    /// Writes the line ends of `out[start..]` as LF, counting them.
    fn one_line_end(&mut self, start: usize) {
        let text = &mut self.out;
        if start == text.len() {
            return;
        }
        if self.after_cr && text[start] == b'\n' {
            text.remove(start);
        }
        // A CR at the very end: the LF that may follow is in the next block.
        self.after_cr = text.len() > start && text.last() == Some(&b'\r');
        if memchr::memchr(b'\r', &text[start..]).is_some() {
            let mut write = start;
            let mut read = start;
            while read < text.len() {
                let b = text[read];
                read += 1;
                if b == b'\r' {
                    text[write] = b'\n';
                    if text.get(read) == Some(&b'\n') {
                        read += 1;
                    }
                } else {
                    text[write] = b;
                }
                write += 1;
            }
            text.truncate(write);
        }
        self.lines += memchr::memchr_iter(b'\n', &text[start..]).count();
    }
}

impl<R: Read> Read for TextStream<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.failure.is_some() {
            return Err(io::Error::other("the text stream stopped"));
        }
        while self.out_at == self.out.len() && !self.ended() {
            if let Err(failure) = self.decode_more() {
                self.failure = Some(failure);
                return Err(io::Error::other("the text stream stopped"));
            }
        }
        let pending = &self.out[self.out_at..];
        let n = pending.len().min(buf.len());
        buf[..n].copy_from_slice(&pending[..n]);
        self.quotes.watch(&pending[..n]);
        self.out_at += n;
        Ok(n)
    }
}

/// Reads into `buf`, retrying when interrupted; 0 at the end.
fn read_some(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match input.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// Line ends in `raw[..at]` as an editor counts them: LF, CRLF and a lone
/// CR each end one (an LF first ends no line when the text before ended
/// with a CR).
fn lines_before(raw: &[u8], at: usize, after_cr: bool) -> usize {
    let before = &raw[..at.min(raw.len())];
    let mut lines = 0;
    for (i, &b) in before.iter().enumerate() {
        let follows_cr = if i == 0 {
            after_cr
        } else {
            before[i - 1] == b'\r'
        };
        if b == b'\r' || (b == b'\n' && !follows_cr) {
            lines += 1;
        }
    }
    lines
}

/// Whether `text` holds a line end outside quotes.
fn has_first_line(text: &[u8]) -> bool {
    let mut in_quotes = false;
    for &b in text {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => return true,
            _ => {}
        }
    }
    false
}

/// Follows the quotes of CSV text as it is handed out. Quotes only open at
/// the start of a field (as the csv crate reads them); a quote inside an
/// unquoted field is a literal character. Only quotes and line ends are
/// looked at, found with `memchr`.
struct QuoteWatch {
    separator: u8,
    in_quotes: bool,
    /// A quote inside a quoted field, not known yet to be doubled.
    quote_pending: bool,
    /// The last byte watched; `None` before the first.
    last: Option<u8>,
    line: usize,
    opened_line: usize,
}

impl Default for QuoteWatch {
    fn default() -> Self {
        QuoteWatch {
            separator: b',',
            in_quotes: false,
            quote_pending: false,
            last: None,
            line: 1,
            opened_line: 0,
        }
    }
}

impl QuoteWatch {
    fn watch(&mut self, text: &[u8]) {
        let lines = |t: &[u8]| memchr::memchr_iter(b'\n', t).count();
        let mut i = 0;
        while i < text.len() {
            if self.quote_pending {
                self.quote_pending = false;
                if text[i] == b'"' {
                    // A doubled quote: still inside.
                    i += 1;
                    continue;
                }
                self.in_quotes = false;
            }
            let Some(at) = memchr::memchr(b'"', &text[i..]) else {
                self.line += lines(&text[i..]);
                break;
            };
            self.line += lines(&text[i..i + at]);
            let before = if i + at > 0 {
                Some(text[i + at - 1])
            } else {
                self.last
            };
            i += at + 1;
            if self.in_quotes {
                self.quote_pending = true;
            } else if before.is_none_or(|b| b == self.separator || b == b'\n') {
                self.in_quotes = true;
                self.opened_line = self.line;
            }
        }
        if let Some(&b) = text.last() {
            self.last = Some(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quotes of `text` watched in blocks of `size` bytes: the line
    /// where an unclosed one opened.
    fn unterminated(text: &[u8], separator: u8, size: usize) -> Option<usize> {
        let mut watch = QuoteWatch {
            separator,
            ..QuoteWatch::default()
        };
        for block in text.chunks(size) {
            watch.watch(block);
        }
        (watch.in_quotes && !watch.quote_pending).then_some(watch.opened_line)
    }

    #[test]
    fn unterminated_quotes_are_found_across_blocks() {
        for size in [1, 2, 3, 100] {
            assert_eq!(unterminated(b"a,b\n1,\"x\n2,3\n", b',', size), Some(2));
            assert_eq!(unterminated(b"a,b\n1,\"x\ny\"\n2,3\n", b',', size), None);
            // A quote inside an unquoted field is literal.
            assert_eq!(unterminated(b"a,b\n1,5\" screen\n", b',', size), None);
            assert_eq!(unterminated(b"a;b\n\"x\"\"\";2\n", b';', size), None);
            assert_eq!(unterminated(b"a;b\n\"x\"\"", b';', size), Some(2));
        }
    }

    /// The text of `bytes` read through the stream in small reads.
    fn streamed(bytes: &[u8], decoding: Decoding) -> Result<String, Failure> {
        let mut stream = TextStream::new(&bytes[1..], bytes[..1].to_vec(), decoding, "f.csv");
        let mut text = Vec::new();
        let mut buf = [0u8; 3];
        loop {
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => text.extend_from_slice(&buf[..n]),
                Err(_) => return Err(stream.failure.take().unwrap()),
            }
        }
        Ok(String::from_utf8(text).unwrap())
    }

    #[test]
    fn line_ends_become_lf_and_bad_bytes_are_placed() {
        let text = streamed(b"a\r\nb\rc\n\r\n\"x\r\ny\"", Decoding::Utf8Strict).unwrap();
        assert_eq!(text, "a\nb\nc\n\n\"x\ny\"");
        let failure = streamed(b"a\r\nb\rc\n\xE9", Decoding::Utf8Strict).unwrap_err();
        assert!(
            matches!(
                failure,
                Failure::Error(IngestError::NotUtf8 { line: 4, .. })
            ),
            "{failure:?}"
        );
        let failure = streamed(b"a\r\n\r\xE9", Decoding::Utf8Guess).unwrap_err();
        assert!(
            matches!(failure, Failure::NotUtf8 { line: 3 }),
            "{failure:?}"
        );
        let latin = encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling();
        let text = streamed(b"caf\xE9\r\n", Decoding::Decoder(latin)).unwrap();
        assert_eq!(text, "caf\u{e9}\n");
    }
}
