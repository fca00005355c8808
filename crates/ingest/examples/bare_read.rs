//! The reference for ingest's speed: the csv crate reading every cell of an
//! export into f64 columns, and nothing else.

fn main() {
    let path = std::env::args().nth(1).expect("a CSV file");
    let started = std::time::Instant::now();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(&path)
        .expect("open");
    let width = reader.byte_headers().expect("header").len();
    let mut columns: Vec<Vec<f64>> = vec![Vec::new(); width];
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).expect("record") {
        for (c, field) in record.iter().enumerate() {
            let v = std::str::from_utf8(field)
                .ok()
                .and_then(|t| t.parse::<f64>().ok())
                .unwrap_or(f64::NAN);
            columns[c].push(v);
        }
    }
    println!(
        "{} rows, {} columns: {:.2} s",
        columns[0].len(),
        width,
        started.elapsed().as_secs_f64()
    );
}
