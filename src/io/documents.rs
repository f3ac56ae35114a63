//! Reading result documents one at a time from files, directories, JSON
//! Lines files and standard input, with the file and line of anything invalid.

use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::de::DeserializeOwned;

use crate::core::model::aggregate::Invalid;
use crate::io::{too_large, MAX_INPUT_BYTES};

/// One input: a file, or standard input.
#[derive(Debug, Clone)]
enum Source {
    File(PathBuf),
    Stdin,
}

/// Expands directories into the result files they hold (`*.json`, `*.jsonl`,
/// not progress files), sorted by name for a repeatable order.
fn sources(paths: &[PathBuf]) -> Result<Vec<Source>, Invalid> {
    let mut out = Vec::new();
    for path in paths {
        if path != Path::new("-") && !path.exists() {
            return Err(invalid(path, 0, "file not found".into()));
        }
        if path == Path::new("-") {
            out.push(Source::Stdin);
        } else if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| invalid(path, 0, e.to_string()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_result_file(p))
                .collect();
            files.sort();
            out.extend(files.into_iter().map(Source::File));
        } else {
            // A regular file, or a pipe such as `<(zcat results.jsonl.gz)`.
            out.push(Source::File(path.clone()));
        }
    }
    Ok(without_repeats(out))
}

/// The same file named twice (directly and through its folder, or by two
/// paths) is read once, so no result counts twice.
fn without_repeats(sources: Vec<Source>) -> Vec<Source> {
    let mut seen = std::collections::HashSet::new();
    sources
        .into_iter()
        .filter(|source| match source {
            Source::Stdin => true,
            Source::File(path) => {
                let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                seen.insert(key)
            }
        })
        .collect()
}

fn is_result_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    (name.ends_with(".json") || name.ends_with(".jsonl")) && !name.ends_with(".progress.json")
}

fn invalid(path: &Path, line: usize, error: String) -> Invalid {
    Invalid {
        file: path.display().to_string(),
        line,
        error,
    }
}

/// A progress bar on a terminal over the bytes to read; hidden otherwise.
fn progress_bar(sources: &[Source], wanted: bool) -> ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    }
    let total: u64 = sources
        .iter()
        .map(|s| match s {
            Source::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            Source::Stdin => 0,
        })
        .sum();
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {percent:>3}% {msg}").expect("valid template"),
    );
    bar
}

/// Reads every document, calling `each` with it in order. A document that
/// does not parse as `T`, or that `each` rejects with a reason, goes to `bad`
/// with its file and line; returning
/// `Err` from `bad` stops.
pub(crate) fn read_all<T, F, B>(
    paths: &[PathBuf],
    show_progress: bool,
    mut each: F,
    mut bad: B,
) -> Result<(), Invalid>
where
    T: DeserializeOwned,
    F: FnMut(T) -> Result<(), String>,
    B: FnMut(Invalid) -> Result<(), Invalid>,
{
    let sources = sources(paths)?;
    let bar = progress_bar(&sources, show_progress);
    let mut count = 0u64;
    for source in &sources {
        let (name, reader): (String, Box<dyn Read>) = match source {
            Source::Stdin => ("<stdin>".to_string(), Box::new(std::io::stdin().lock())),
            Source::File(p) => (
                p.display().to_string(),
                Box::new(std::fs::File::open(p).map_err(|e| invalid(p, 0, e.to_string()))?),
            ),
        };
        let mut reader = BufReader::with_capacity(1 << 16, reader);
        let mut first = String::new();
        let mut line_no = 1;
        let n = read_line(&mut reader, &mut first, &name, line_no)?;
        bar.inc(n as u64);
        if let Some(rest) = first.strip_prefix('\u{feff}') {
            first = rest.to_string();
        }
        if looks_like_one_line(&first) {
            // JSON Lines: one document per line.
            let mut line = first;
            loop {
                if !line.trim().is_empty() {
                    match serde_json::from_str::<T>(&line) {
                        Ok(doc) => {
                            if let Err(error) = each(doc) {
                                bad(invalid(Path::new(&name), line_no, error))?;
                            }
                        }
                        Err(e) => bad(Invalid {
                            file: name.clone(),
                            line: line_no,
                            error: describe(&e),
                        })?,
                    }
                    count += 1;
                    if count.is_multiple_of(1024) {
                        bar.set_message(format!("{count} results"));
                    }
                }
                line.clear();
                line_no += 1;
                let n = read_line(&mut reader, &mut line, &name, line_no)?;
                if n == 0 {
                    break;
                }
                bar.inc(n as u64);
            }
        } else {
            // One (pretty-printed) document for the whole file.
            if !could_start_a_document(&first) {
                bad(invalid(
                    Path::new(&name),
                    1,
                    "not JSON: a result starts with '{'".into(),
                ))?;
                continue;
            }
            let text = read_rest(reader, first)
                .map_err(|error| invalid(Path::new(&name), line_no, error))?;
            bar.inc(text.len() as u64);
            if text.trim().is_empty() {
                bad(Invalid {
                    file: name.clone(),
                    line: 1,
                    error: "file is empty".into(),
                })?;
                continue;
            }
            match serde_json::from_str::<T>(&text) {
                Ok(doc) => {
                    if let Err(error) = each(doc) {
                        bad(invalid(Path::new(&name), 1, error))?;
                    }
                }
                Err(e) => bad(Invalid {
                    file: name.clone(),
                    line: e.line(),
                    error: describe(&e),
                })?,
            }
            count += 1;
        }
    }
    bar.finish_and_clear();
    Ok(())
}

/// Reads one line into `buf`, refusing a line longer than the input limit
/// before it can fill memory.
fn read_line(
    reader: &mut impl BufRead,
    buf: &mut String,
    name: &str,
    line: usize,
) -> Result<usize, Invalid> {
    let failed = |error: String| Invalid {
        file: name.to_string(),
        line,
        error,
    };
    let mut bytes = std::mem::take(buf).into_bytes();
    bytes.clear();
    let n = reader
        .by_ref()
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_until(b'\n', &mut bytes)
        .map_err(|e| failed(e.to_string()))?;
    if n > MAX_INPUT_BYTES {
        return Err(failed(format!("line {}", too_large())));
    }
    *buf = String::from_utf8(bytes).map_err(|_| failed("not valid UTF-8 text".into()))?;
    Ok(n)
}

/// Whether a file whose first line is `first` could hold one JSON object, so
/// a file of anything else stops at once instead of being read whole.
fn could_start_a_document(first: &str) -> bool {
    let start = first.trim_start();
    start.is_empty() || start.starts_with('{')
}

/// The rest of a whole-file document after its first line, within the input limit.
fn read_rest(reader: impl Read, first: String) -> Result<String, String> {
    let mut bytes = first.into_bytes();
    reader
        .take((MAX_INPUT_BYTES - bytes.len()) as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(format!("document {}", too_large()));
    }
    String::from_utf8(bytes).map_err(|_| "not valid UTF-8 text".into())
}

/// A first line that holds a whole JSON value marks a JSON Lines file.
fn looks_like_one_line(first: &str) -> bool {
    let t = first.trim();
    t.starts_with('{') && t.ends_with('}') && t.len() > 2
}

fn describe(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    match e.classify() {
        serde_json::error::Category::Eof => format!("truncated JSON ({message})"),
        serde_json::error::Category::Data => format!("not a partnerscope result: {message}"),
        _ => message,
    }
}

/// Sets answers files apart from result documents among the inputs, so they
/// can be scored on the way in. A file named on the command line is an
/// answers file when it is TOML, or JSON whose first document has no `kind`;
/// in a folder only the JSON ones count (those `form` and `collect` save), so
/// that a folder keeping TOML answers beside their results is not counted
/// twice. Folders without answers files are passed on whole.
pub(crate) fn split_answers_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut results = Vec::new();
    let mut answers = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            files.sort();
            let (found, rest): (Vec<PathBuf>, Vec<PathBuf>) = files
                .into_iter()
                .filter(|p| is_result_file(p))
                .partition(|p| is_json_answers(p));
            if found.is_empty() {
                results.push(path.clone());
            } else {
                results.extend(rest);
                answers.extend(found);
            }
        } else if path.is_file() && (has_extension(path, "toml") || is_json_answers(path)) {
            answers.push(path.clone());
        } else {
            results.push(path.clone());
        }
    }
    (results, answers)
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// A `.json` file whose first JSON value is an object without `kind`. Only
/// that first value is read, so a large JSON Lines file costs one line.
fn is_json_answers(path: &Path) -> bool {
    #[derive(serde::Deserialize)]
    struct Kind {
        kind: Option<serde::de::IgnoredAny>,
    }
    if !has_extension(path, "json") || path.to_string_lossy().ends_with(".progress.json") {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut values =
        serde_json::Deserializer::from_reader(BufReader::new(file)).into_iter::<Kind>();
    matches!(values.next(), Some(Ok(Kind { kind: None })))
}
