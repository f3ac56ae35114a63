//! Entry points for the coverage-guided fuzz targets in `fuzz/`, built only
//! with the `fuzzing` feature. Each drives one parser with arbitrary bytes
//! the way the command line does, and turns a broken promise into a panic
//! the fuzzer reports: an error that is not one line naming the file, or a
//! control character in a message.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::core::aggregate::{AggregateOptions, Aggregator, ResultInput, Scorer};
use crate::core::answer::{parse, Syntax};
use crate::core::assess::assess_sheet;
use crate::core::content::{bundled, bundled_files, Content};
use crate::core::model::document::Document;
use crate::io::documents::Rejection;
use crate::report::{exporter, Format, RenderOptions};

const FORMATS: [Format; 5] = [
    Format::Table,
    Format::Json,
    Format::Markdown,
    Format::Csv,
    Format::Html,
];

fn content() -> &'static Content {
    static CONTENT: OnceLock<Content> = OnceLock::new();
    CONTENT.get_or_init(|| bundled().expect("the bundled content is valid"))
}

fn assert_one_clean_line(message: &str, file: &str) {
    assert!(
        !message.contains('\n'),
        "a message of more than one line: {message:?}"
    );
    assert!(
        message.starts_with(file),
        "a message that does not name {file}: {message:?}"
    );
    assert!(
        !message.chars().any(crate::core::text::is_hostile_char),
        "a control character in: {message:?}"
    );
}

fn render_everywhere(doc: &Document, content: &Content) {
    for format in FORMATS {
        let _ = exporter(format).render(doc, RenderOptions::plain(content));
    }
}

fn render_aggregate(profiles: &dyn crate::report::Profiles, content: &Content) {
    for format in FORMATS {
        let mut out = Vec::new();
        let _ = exporter(format).write_aggregate(&mut out, profiles, RenderOptions::plain(content));
    }
}

/// The first byte picks TOML or JSON; the rest is an answers file.
pub fn answers(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let syntax = if pick % 2 == 0 {
        Syntax::Toml
    } else {
        Syntax::Json
    };
    match parse("fuzz.answers", text, syntax, content()) {
        Ok(sheet) => render_everywhere(
            &Document::Result(Box::new(assess_sheet(content(), &sheet))),
            content(),
        ),
        Err(message) => assert_one_clean_line(&message, "fuzz.answers"),
    }
}

/// Arbitrary bytes as a file given to `aggregate` and to `report`.
pub fn documents(data: &[u8]) {
    let path = std::env::temp_dir().join(format!("partnerscope-fuzz-{}.json", std::process::id()));
    std::fs::write(&path, data).expect("the temporary folder is writable");
    aggregate_file(&path);
    match crate::io::opened::open_document(&path) {
        Ok(crate::io::opened::Opened::Whole(doc)) => render_everywhere(&doc, content()),
        Ok(crate::io::opened::Opened::Aggregate(profiles)) => {
            render_aggregate(&profiles, content())
        }
        Err(_) => {}
    }
    let _ = std::fs::remove_file(&path);
}

fn aggregate_file(path: &std::path::Path) {
    for by_partnership in [false, true] {
        let options = AggregateOptions {
            by_partnership,
            named: true,
            allow_mixed: true,
        };
        let scorer = Scorer::new(content(), options);
        let mut aggregator = Aggregator::new(content(), options);
        let read = crate::io::documents::read_all(
            &[PathBuf::from(path)],
            false,
            1,
            |text| {
                let doc: ResultInput = serde_json::from_str(text)?;
                scorer.score(&doc).map_err(Rejection::Refused)
            },
            |scored| aggregator.add(scored),
            Err,
        );
        if read.is_ok() {
            if let Ok(report) = aggregator.into_folded().map(|f| f.into_report(Vec::new())) {
                render_aggregate(&report, content());
            }
        }
    }
}

/// The first byte picks which content file to replace; the rest is its text.
/// Content that validates is used for an assessment of an example.
pub fn content_files(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut files = bundled_files();
    let count = files.len();
    files[usize::from(pick) % count].text = text.to_string();
    let content = match crate::core::content::parse(&files) {
        Ok(content) => content,
        Err(problems) => {
            for problem in problems {
                assert_one_clean_line(&problem.to_string(), &problem.file);
            }
            return;
        }
    };
    let example = include_str!("../examples/early-partnership.toml");
    if let Ok(sheet) = parse("example.toml", example, Syntax::Toml, &content) {
        let doc = Document::Result(Box::new(assess_sheet(&content, &sheet)));
        render_everywhere(&doc, &content);
    }
}
