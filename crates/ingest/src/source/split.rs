//! The records of CSV text, split exactly as the csv crate's reader splits
//! them, but cheaply where that is easy: a record without a quote (or a
//! CR, which the text stream never hands out) is one line whose fields lie
//! between separators, so it is found with `memchr` and split by a plain
//! loop. Any other record goes through `csv_core`, set up as the csv
//! reader was (flexible, `"` quoting with doubled quotes, no comments, no
//! escapes), starting where the record starts; so are the first record
//! (`csv_core` strips a byte order mark there) and every record when the
//! separator is itself special.
//!
//! Most of a survey export is digits and separators: splitting it byte by
//! byte through `csv_core`'s state machine and copying every record into a
//! `ByteRecord` was the largest cost of reading one.

use std::io::{self, Read};

use csv_core::ReadRecordResult;

/// What a block of text is read in (as the csv reader's buffer was).
const BLOCK: usize = 256 * 1024;

/// Records as they are split, in one buffer: every field is followed by
/// one byte (a separator, or a stand-in after the last field), so that
/// field `j` starts one byte after field `j - 1` ends.
#[derive(Default)]
pub(super) struct Records {
    /// The fields' bytes, each followed by one byte.
    text: Vec<u8>,
    /// The end of each field in `text`: the first `fields` (the rest are
    /// kept, so that splitting a line writes over them instead of
    /// zeroing new ones).
    ends: Vec<usize>,
    fields: usize,
    /// Per record: its line and the end of its fields in `ends`.
    records: Vec<(usize, usize)>,
}

impl Records {
    /// Empties the records, keeping their buffers.
    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.fields = 0;
        self.records.clear();
    }

    /// How many records there are.
    pub(super) fn len(&self) -> usize {
        self.records.len()
    }

    /// How many fields there are, over every record.
    pub(super) fn fields(&self) -> usize {
        self.fields
    }

    /// Record `i`: its line and its fields.
    pub(super) fn get(&self, i: usize) -> (usize, Record<'_>) {
        let (line, end) = self.records[i];
        let start = if i == 0 { 0 } else { self.records[i - 1].1 };
        let record = Record {
            text: &self.text,
            ends: &self.ends[start..end],
            first: if start == 0 {
                0
            } else {
                self.ends[start - 1] + 1
            },
        };
        (line, record)
    }

    /// Adds a row without fields (a blank line) on `line`, before the
    /// last record.
    pub(super) fn insert_blank(&mut self, line: usize) {
        let last = self.records.len().saturating_sub(1);
        let end = match last {
            0 => 0,
            _ => self.records[last - 1].1,
        };
        self.records.insert(last, (line, end));
    }

    /// Adds the record on `line` whose fields are `bytes` split at
    /// `separator`.
    fn push_line(&mut self, line: usize, bytes: &[u8], separator: u8) {
        let base = self.text.len();
        self.text.extend_from_slice(bytes);
        self.text.push(separator);
        // Without a branch per byte: every byte's offset is written, and
        // the slot kept only after a separator.
        let at = self.fields;
        if self.ends.len() < at + bytes.len() + 1 {
            self.ends.resize(at + bytes.len() + 1, 0);
        }
        let slots = &mut self.ends[at..];
        let mut n = 0;
        for (i, &b) in bytes.iter().enumerate() {
            slots[n] = base + i;
            n += usize::from(b == separator);
        }
        slots[n] = base + bytes.len();
        self.fields = at + n + 1;
        self.records.push((line, self.fields));
    }

    /// Adds the record on `line` of the fields `csv_core` wrote: their
    /// bytes in `output`, the end of each in `ends`.
    fn push_fields(&mut self, line: usize, output: &[u8], ends: &[usize]) {
        self.ends.truncate(self.fields);
        let mut start = 0;
        for &end in ends {
            self.text.extend_from_slice(&output[start..end]);
            self.ends.push(self.text.len());
            self.text.push(b',');
            start = end;
        }
        self.fields = self.ends.len();
        self.records.push((line, self.fields));
    }
}

/// A record's fields, lent by [`Records::get`].
#[derive(Clone, Copy)]
pub(super) struct Record<'a> {
    text: &'a [u8],
    ends: &'a [usize],
    /// Where the first field starts.
    first: usize,
}

impl<'a> Record<'a> {
    /// How many fields the record has.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `i` (below [`Record::len`]).
    pub(super) fn get(&self, i: usize) -> &'a [u8] {
        let start = if i == 0 {
            self.first
        } else {
            self.ends[i - 1] + 1
        };
        &self.text[start..self.ends[i]]
    }

    /// Every field in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let text = self.text;
        let mut start = self.first;
        self.ends.iter().map(move |&end| {
            let field = &text[start..end];
            start = end + 1;
            field
        })
    }
}

/// Splits the text read from a source into records.
pub(super) struct Splitter {
    separator: u8,
    /// Whether a record without quote or CR may be split by the fast path.
    fast: bool,
    core: csv_core::Reader,
    /// Text read and not split yet: `buf[at..end]` (the buffer is kept at
    /// its size, so that reading into it does not zero it first).
    buf: Vec<u8>,
    at: usize,
    end: usize,
    input_done: bool,
    /// Nothing read yet.
    fresh: bool,
    /// The line `csv_core` would be on: 1 + the line ends consumed.
    line: usize,
    /// `csv_core`'s output for the record it is reading.
    output: Vec<u8>,
    out_ends: Vec<usize>,
}

/// A record split off: its line as the csv reader gives it (the line after
/// the record before, blank lines in between not counted) and how many
/// line ends its fields hold.
pub(super) struct Split {
    pub(super) line: usize,
    pub(super) breaks: usize,
}

impl Splitter {
    pub(super) fn new(separator: u8) -> Splitter {
        let core = csv_core::ReaderBuilder::new()
            .delimiter(separator)
            .quote(b'"')
            .double_quote(true)
            .build();
        Splitter {
            separator,
            fast: !matches!(separator, b'"' | b'\n' | b'\r'),
            core,
            buf: Vec::new(),
            at: 0,
            end: 0,
            input_done: false,
            fresh: true,
            line: 1,
            output: vec![0; 1024],
            out_ends: vec![0; 64],
        }
    }

    /// Splits the next record of `input` onto `records`; `None` at the end
    /// of the text.
    pub(super) fn next(
        &mut self,
        input: &mut impl Read,
        records: &mut Records,
    ) -> io::Result<Option<Split>> {
        let line = self.line;
        if self.fresh {
            self.fresh = false;
            self.fill(input)?;
            return self.slow(input, records, line);
        }
        if !self.fast {
            return self.slow(input, records, line);
        }
        loop {
            let pending = &self.buf[self.at..self.end];
            match memchr::memchr3(b'\n', b'"', b'\r', pending) {
                Some(0) if pending[0] == b'\n' => {
                    // A blank line: skipped, as csv_core skips it.
                    self.at += 1;
                    self.line += 1;
                }
                Some(end) if pending[end] == b'\n' => {
                    records.push_line(line, &pending[..end], self.separator);
                    self.at += end + 1;
                    self.line += 1;
                    return Ok(Some(Split { line, breaks: 0 }));
                }
                Some(_) => return self.slow(input, records, line),
                None if !self.input_done => self.fill(input)?,
                None if pending.is_empty() => return Ok(None),
                None => {
                    // The last line, without a line end.
                    records.push_line(line, pending, self.separator);
                    self.at = self.end;
                    return Ok(Some(Split { line, breaks: 0 }));
                }
            }
        }
    }

    /// Splits the next record through `csv_core`, reading more text as it
    /// needs; `line` is where the record is said to be.
    fn slow(
        &mut self,
        input: &mut impl Read,
        records: &mut Records,
        line: usize,
    ) -> io::Result<Option<Split>> {
        let (mut out, mut ends) = (0, 0);
        loop {
            let pending = &self.buf[self.at..self.end];
            let (result, nin, nout, nend) =
                self.core
                    .read_record(pending, &mut self.output[out..], &mut self.out_ends[ends..]);
            self.line += memchr::memchr_iter(b'\n', &pending[..nin]).count();
            self.at += nin;
            out += nout;
            ends += nend;
            match result {
                ReadRecordResult::InputEmpty => {
                    if self.input_done {
                        // Only reached with input left: csv_core ends the
                        // record when called with none.
                        continue;
                    }
                    self.fill(input)?;
                }
                ReadRecordResult::OutputFull => {
                    let len = self.output.len();
                    self.output.resize(len * 2, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let len = self.out_ends.len();
                    self.out_ends.resize(len * 2, 0);
                }
                ReadRecordResult::Record => {
                    records.push_fields(line, &self.output[..out], &self.out_ends[..ends]);
                    let breaks = memchr::memchr_iter(b'\n', &self.output[..out]).count();
                    return Ok(Some(Split { line, breaks }));
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }

    /// Reads the next block of text after what is pending (`input_done` at
    /// its end).
    fn fill(&mut self, input: &mut impl Read) -> io::Result<()> {
        if self.at > 0 {
            self.buf.copy_within(self.at..self.end, 0);
            self.end -= self.at;
            self.at = 0;
        }
        if self.buf.len() < self.end + BLOCK {
            self.buf.resize(self.end + BLOCK, 0);
        }
        let n = loop {
            match input.read(&mut self.buf[self.end..self.end + BLOCK]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
                Ok(n) => break n,
            }
        };
        self.end += n;
        self.input_done = n == 0;
        Ok(())
    }
}
