//! Writes N synthetic assessment results as JSON Lines, scored with the
//! bundled content, for the aggregate benchmark.
//!
//! cargo run --release --example gen_results -- 100000 > results.jsonl

use std::io::{BufWriter, Write};

use partnerscope::core::answer::{Answer, Response, YesNo};
use partnerscope::core::assess::{assess, Subject};
use partnerscope::core::content::{self, AnswerFormat, BankId};

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(10_000);
    let partnerships: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(50);
    let content = content::bundled().map_err(|p| anyhow::anyhow!("{p:?}"))?;
    let mut rng = fastrand::Rng::with_seed(7);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for i in 0..n {
        let partnership = i % partnerships;
        // Each partnership leans towards its own level, so profiles differ.
        let lean = (partnership % 5) as f64 / 4.0;
        let mut response = Response {
            member: Some(format!("member {i}")),
            ..Response::default()
        };
        for (_, q) in content.questions() {
            if rng.f64() < 0.05 {
                continue;
            }
            let pick = |rng: &mut fastrand::Rng, k: usize| {
                let x = (lean * 0.6 + rng.f64() * 0.4) * k as f64;
                (x as usize).min(k - 1)
            };
            let answer = match &q.format {
                AnswerFormat::Scale { labels } => Answer::Point(pick(&mut rng, labels.len()) + 1),
                AnswerFormat::YesNo => Answer::YesNo([YesNo::No, YesNo::Yes][pick(&mut rng, 2)]),
                AnswerFormat::Choice { options } => {
                    Answer::Choice(options[pick(&mut rng, options.len())].id.clone())
                }
                AnswerFormat::Text => continue,
            };
            response.answers.insert(q.id.clone(), answer);
        }
        let meta = Subject {
            partnership: format!("Partnership {partnership:03}"),
            member: response.member.clone(),
            date: Some("2026-11-23".to_string()),
            parts: BankId::ALL.to_vec(),
        };
        let result = assess(&content, &meta, &[response]);
        serde_json::to_writer(&mut out, &result)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
