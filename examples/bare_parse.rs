//! The benchmark's floor: parse every line of a JSON Lines file with
//! serde_json and do nothing else.
//!
//! cargo run --release --example bare_parse -- results.jsonl

use std::io::{BufRead, BufReader};

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).expect("a JSON Lines file");
    let reader = BufReader::with_capacity(1 << 16, std::fs::File::open(path)?);
    let mut count = 0u64;
    for line in reader.lines() {
        let line = line?;
        let _: serde::de::IgnoredAny = serde_json::from_str(&line)?;
        count += 1;
    }
    println!("{count}");
    Ok(())
}
