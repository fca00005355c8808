//! The records of a CSV text stream, parsed on a thread of their own and
//! handed to the table builder in batches: on two cores, splitting fields
//! and storing cells overlap. Each record keeps its line in the file, and
//! blank lines (which the csv crate skips) are rows without fields, so
//! that row numbers keep matching what the analyst sees.

use std::io::Read;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};

use ::csv::ByteRecord;

use super::grid::Rows;
use super::text_stream::TextStream;
use crate::error::IngestError;

/// Fields per batch (records end a batch at the first past it): enough that
/// handing a batch over costs nothing per record, few enough that the
/// batches in flight stay small however wide the rows (a row of 20,000
/// fields fills one).
const BATCH_FIELDS: usize = 16_384;

/// Batches parsed ahead of the builder.
const AHEAD: usize = 4;

/// Records with their lines; `len` of `records` are in use (the rest are
/// kept for their buffers). An error ends the stream after them.
#[derive(Default)]
struct Batch {
    records: Vec<ByteRecord>,
    lines: Vec<usize>,
    len: usize,
    error: Option<IngestError>,
}

/// Reads the records of `stream` on a thread of their own while `build`
/// turns them into what the caller wants; `build` sees them as [`Rows`].
/// When `build` returns early (an error), the rest of the text is still
/// read, so that the stream can tell what it found later in the file.
pub(super) fn with_records<R: Read + Send, T>(
    stream: &mut TextStream<R>,
    separator: u8,
    file: &str,
    build: impl FnOnce(&mut BatchRows) -> T,
) -> Result<T, IngestError> {
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = sync_channel(AHEAD);
        let (empty_tx, empty_rx) = channel();
        let parser = scope.spawn(move || produce(stream, separator, file, full_tx, empty_rx));
        let mut rows = BatchRows {
            full: full_rx,
            empty: empty_tx,
            batch: Batch::default(),
            at: 0,
        };
        let built = build(&mut rows);
        // The parser sees the builder gone, and reads the rest.
        drop(rows);
        parser.join().map_err(|_| IngestError::Corrupt {
            file: file.to_string(),
        })?;
        Ok(built)
    })
}

/// Parses the records of `stream` into batches sent on `full`, reusing
/// the batches coming back on `empty`; drains the stream once the
/// receiver is gone.
fn produce<R: Read>(
    stream: &mut TextStream<R>,
    separator: u8,
    file: &str,
    full: std::sync::mpsc::SyncSender<Batch>,
    empty: Receiver<Batch>,
) {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .quote(b'"')
        .double_quote(true)
        .buffer_capacity(256 * 1024)
        .from_reader(&mut *stream);
    let mut lines = Lines::default();
    let mut record = ByteRecord::new();
    let mut done = false;
    while !done {
        let mut batch = empty.try_recv().unwrap_or_default();
        batch.len = 0;
        let mut fields = 0;
        while fields < BATCH_FIELDS {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => {
                    done = true;
                    break;
                }
                Err(e) => {
                    batch.error = Some(IngestError::Csv {
                        file: file.to_string(),
                        message: e.to_string(),
                    });
                    done = true;
                    break;
                }
            }
            fields += record.len() + 1;
            let (blanks, line) = lines.of(&record);
            for blank in blanks {
                batch.push_blank(blank);
            }
            batch.push(line, &mut record);
        }
        if full.send(batch).is_err() {
            break;
        }
    }
    drop(reader);
    stream.drain();
}

impl Batch {
    /// The next slot, made if the batch has none left to reuse.
    fn slot(&mut self) -> usize {
        if self.len == self.records.len() {
            self.records.push(ByteRecord::new());
            self.lines.push(0);
        }
        self.len += 1;
        self.len - 1
    }

    /// Adds `record` (its buffers swapped for the slot's old ones).
    fn push(&mut self, line: usize, record: &mut ByteRecord) {
        let i = self.slot();
        std::mem::swap(&mut self.records[i], record);
        self.lines[i] = line;
    }

    /// Adds a blank line.
    fn push_blank(&mut self, line: usize) {
        let i = self.slot();
        self.records[i].clear();
        self.lines[i] = line;
    }
}

/// The lines of records as they are read.
#[derive(Default)]
struct Lines {
    /// The line after the previous record.
    next: usize,
    started: bool,
}

impl Lines {
    /// The blank lines before `record` and its own line.
    fn of(&mut self, record: &ByteRecord) -> (std::ops::Range<usize>, usize) {
        let next = if self.started { self.next } else { 1 };
        let line = record.position().map_or(next, |p| p.line() as usize);
        let blanks = if self.started { next..line } else { 0..0 };
        self.started = true;
        let breaks = memchr::memchr_iter(b'\n', record.as_slice()).count();
        self.next = line + 1 + breaks;
        (blanks, line)
    }
}

/// The batches as [`Rows`], one record lent at a time.
pub(super) struct BatchRows {
    full: Receiver<Batch>,
    empty: Sender<Batch>,
    batch: Batch,
    at: usize,
}

impl Rows for BatchRows {
    type Row = ByteRecord;

    fn next_row(&mut self) -> Option<Result<(usize, &ByteRecord), IngestError>> {
        while self.at == self.batch.len {
            if let Some(error) = self.batch.error.take() {
                return Some(Err(error));
            }
            let next = self.full.recv().ok()?;
            let used = std::mem::replace(&mut self.batch, next);
            // The parser may be gone (done): then the batch is dropped.
            let _ = self.empty.send(used);
            self.at = 0;
        }
        let i = self.at;
        self.at += 1;
        Some(Ok((self.batch.lines[i], &self.batch.records[i])))
    }
}
