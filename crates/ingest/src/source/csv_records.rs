//! The records of a CSV text stream, parsed on a thread of their own and
//! handed to the table builder in batches: on two cores, splitting fields
//! and storing cells overlap (`split` splits them). Each record keeps its
//! line in the file, and blank lines (which the csv crate skips) are rows
//! without fields, so that row numbers keep matching what the analyst
//! sees.

use std::io::Read;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};

use super::grid::Rows;
use super::split::{Record, Records, Split, Splitter};
use super::text_stream::TextStream;
use crate::error::IngestError;

/// Fields per batch (records end a batch at the first past it): enough that
/// handing a batch over costs nothing per record, few enough that the
/// batches in flight stay small however wide the rows (a row of 20,000
/// fields fills one).
const BATCH_FIELDS: usize = 16_384;

/// Batches parsed ahead of the builder.
const AHEAD: usize = 4;

/// Records with their lines, blank lines among them as records without
/// fields. An error ends the stream after them.
#[derive(Default)]
struct Batch {
    records: Records,
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
    let mut splitter = Splitter::new(separator);
    let mut lines = Lines::default();
    let mut done = false;
    while !done {
        let mut batch = empty.try_recv().unwrap_or_default();
        batch.records.clear();
        while batch.records.fields() < BATCH_FIELDS {
            let split = match splitter.next(&mut *stream, &mut batch.records) {
                Ok(Some(split)) => split,
                Ok(None) => {
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
            };
            for blank in lines.blanks_before(&split) {
                batch.records.insert_blank(blank);
            }
        }
        if full.send(batch).is_err() {
            break;
        }
    }
    stream.drain();
}

/// The lines of records as they are read.
#[derive(Default)]
struct Lines {
    /// The line after the previous record.
    next: usize,
    started: bool,
}

impl Lines {
    /// The blank lines to count before the record `split`: those between
    /// the line after the record before and the line the csv reader gives
    /// this one.
    fn blanks_before(&mut self, split: &Split) -> std::ops::Range<usize> {
        let blanks = if self.started {
            self.next..split.line
        } else {
            0..0
        };
        self.started = true;
        self.next = split.line + 1 + split.breaks;
        blanks
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
    type Row<'a> = Record<'a>;

    fn next_row(&mut self) -> Option<Result<(usize, Record<'_>), IngestError>> {
        while self.at == self.batch.records.len() {
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
        Some(Ok(self.batch.records.get(i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Hands out `text` a few bytes at a time, as a slow source would.
    struct Chunks<'a> {
        text: &'a [u8],
        size: usize,
    }

    impl Read for Chunks<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.size.min(buf.len()).min(self.text.len());
            buf[..n].copy_from_slice(&self.text[..n]);
            self.text = &self.text[n..];
            Ok(n)
        }
    }

    type Rows = Vec<(usize, Vec<Vec<u8>>)>;

    /// The rows of `text` as the splitter gives them.
    fn split(text: &[u8], separator: u8, size: usize) -> Rows {
        let mut input = Chunks { text, size };
        let mut splitter = Splitter::new(separator);
        let mut records = Records::default();
        let mut lines = Lines::default();
        while let Some(split) = splitter.next(&mut input, &mut records).unwrap() {
            for blank in lines.blanks_before(&split) {
                records.insert_blank(blank);
            }
        }
        (0..records.len())
            .map(|i| {
                let (line, record) = records.get(i);
                (line, record.iter().map(<[u8]>::to_vec).collect())
            })
            .collect()
    }

    /// The rows of `text` as the csv crate's reader gives them, with the
    /// lines and blank rows that this module gave them when it read
    /// through that reader.
    fn reference(text: &[u8], separator: u8, size: usize) -> Rows {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator)
            .quote(b'"')
            .double_quote(true)
            .buffer_capacity(256 * 1024)
            .from_reader(Chunks { text, size });
        let mut rows = Vec::new();
        let (mut next, mut started) = (0, false);
        let mut record = ::csv::ByteRecord::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let line = record.position().map_or(0, |p| p.line() as usize);
            if started {
                rows.extend((next..line).map(|blank| (blank, Vec::new())));
            }
            started = true;
            next = line + 1 + memchr::memchr_iter(b'\n', record.as_slice()).count();
            rows.push((line, record.iter().map(<[u8]>::to_vec).collect()));
        }
        rows
    }

    fn same(text: &[u8], separator: u8, size: usize) {
        assert_eq!(
            split(text, separator, size),
            reference(text, separator, size),
            "{:?} split at {:?} read {size} bytes at a time",
            String::from_utf8_lossy(text),
            separator as char
        );
    }

    #[test]
    fn records_split_as_the_csv_reader_splits_them() {
        let texts: [&[u8]; 14] = [
            b"",
            b"\n\n",
            b"a,b\n1,2\n",
            b"a,b\n1,2",
            b"a,b,\n,\n,,\n",
            b"\n\na,b\n\n1,2\n\n\n3,4\n\n",
            b"a,b\n\"1,\n2\",3\n\n4,\"x\"\"y\"\n5,6",
            b"a,b\n1,5\" screen\n\"x\"y,\"z\n",
            b"\xEF\xBB\xBFa,b\n1,2\n",
            b"\xEF\xBB\xBF\xEF\xBB\xBFa,b\n1,2\n",
            b"a,b\r\n1,2\r3,4\r\n\r\n5,6",
            b" \n \n,\n",
            b"\"unclosed,\n1,2\n",
            b"a;b\n1;2,5\n\"3;\";4\n",
        ];
        for text in texts {
            for separator in [b',', b';', b'\t'] {
                for size in [1, 2, 3, 5, 1 << 20] {
                    same(text, separator, size);
                }
            }
        }
    }

    #[test]
    fn long_lines_and_many_records_split_alike() {
        let long = format!(
            "a,b\n{},1\n\"{}\n\",2\n",
            "x".repeat(600_000),
            "y".repeat(300_000)
        );
        same(long.as_bytes(), b',', 1 << 20);
        same(long.as_bytes(), b',', 70_000);
        let many = "1,2,,3\n\n\"4\",5\n".repeat(50_000);
        same(many.as_bytes(), b',', 1 << 20);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Random texts over the bytes that matter (quotes, separators, line
        /// ends, CR, space), with a byte order mark or not, read in pieces
        /// of any size.
        #[test]
        fn random_texts_split_alike(
            bom in any::<bool>(),
            body in proptest::collection::vec(
                prop::sample::select(b"a1,;\"\n\r ".to_vec()), 0..60),
            separator in prop::sample::select(vec![b',', b';']),
            size in prop::sample::select(vec![1usize, 2, 3, 7, 64, 1 << 20]),
        ) {
            let mut text = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
            text.extend(body);
            prop_assert_eq!(split(&text, separator, size), reference(&text, separator, size));
        }
    }
}
