//! Reading result documents one at a time from files, directories, JSON
//! Lines files and standard input, with the file and line of anything invalid.

use std::collections::BTreeMap;
use std::io::{BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use memchr::{memchr, memchr_iter, memrchr};

use crate::core::model::aggregate::Invalid;
use crate::io::{json_problem, too_large, MAX_INPUT_BYTES};

/// One input: a file, or standard input.
#[derive(Debug, Clone)]
enum Source {
    File(PathBuf),
    Stdin,
}

/// Expands directories into the result files they hold (`*.json`,
/// `*.jsonl`, `*.ndjson`, not progress files; not what sub-folders hold),
/// sorted by name for a repeatable order.
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
    [".json", ".jsonl", ".ndjson"]
        .iter()
        .any(|ext| name.ends_with(ext))
        && !name.ends_with(".progress.json")
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

/// Lines go to the workers in blocks of about this many bytes, each ending
/// at the end of a line: large enough that handing one over costs nothing
/// beside parsing it, small enough to be parsed while still in the cache.
const BLOCK: usize = 1 << 20;

/// Blocks handed out and not yet folded in, per worker: enough to keep every
/// worker busy while memory stays bounded however large the input.
const IN_FLIGHT_PER_WORKER: usize = 3;

/// Blocks already parsed, kept to be read into again: filling memory the
/// program has touched before costs far less than fresh pages, which the
/// system must find and clear for every block.
struct Spares {
    kept: Mutex<Vec<Vec<u8>>>,
    most: usize,
}

impl Spares {
    /// Keeps up to `most` blocks: as many as can be in flight at once.
    fn new(most: usize) -> Self {
        Spares {
            kept: Mutex::default(),
            most,
        }
    }

    fn take(&self) -> Vec<u8> {
        self.kept
            .lock()
            .ok()
            .and_then(|mut kept| kept.pop())
            .unwrap_or_default()
    }

    fn give(&self, mut block: Vec<u8>) {
        block.clear();
        if let Ok(mut kept) = self.kept.lock() {
            if kept.len() < self.most {
                kept.push(block);
            }
        }
    }
}

/// Why a document was not read: the reader's error or the caller's reason.
pub(crate) enum Rejection {
    Json(serde_json::Error),
    Refused(String),
}

impl From<serde_json::Error> for Rejection {
    fn from(e: serde_json::Error) -> Self {
        Rejection::Json(e)
    }
}

/// Work for a worker: whole lines of a JSON Lines file, from `first_line`
/// on, or one whole-file document.
enum Job {
    Lines {
        name: Arc<str>,
        first_line: usize,
        bytes: Vec<u8>,
    },
    Document {
        name: Arc<str>,
        text: String,
    },
}

/// What one job gave, to be folded in input order.
struct Done<R> {
    read: Vec<Result<R, Invalid>>,
    /// A problem that ends the run after what was read before it.
    stop: Option<Invalid>,
    bytes: u64,
}

impl<R> Done<R> {
    fn problem(bad: Invalid, stop: bool) -> Self {
        let (read, stop) = if stop {
            (Vec::new(), Some(bad))
        } else {
            (vec![Err(bad)], None)
        };
        Done {
            read,
            stop,
            bytes: 0,
        }
    }
}

enum Item<R> {
    Work(Job),
    Ready(Done<R>),
}

/// Reads every document, parsing each with `parse` on up to `threads`
/// threads, and calls `each` with what it gives, in input order. A document
/// that `parse` rejects goes to `bad` with its file and line, also in input
/// order; returning `Err` from `bad` stops.
pub(crate) fn read_all<R, P, F, B>(
    paths: &[PathBuf],
    show_progress: bool,
    threads: usize,
    parse: P,
    each: F,
    bad: B,
) -> Result<(), Invalid>
where
    R: Send,
    P: Fn(&str) -> Result<R, Rejection> + Sync,
    F: FnMut(R),
    B: FnMut(Invalid) -> Result<(), Invalid>,
{
    let sources = sources(paths)?;
    let mut fold = Fold {
        each,
        bad,
        bar: progress_bar(&sources, show_progress),
        count: 0,
    };
    if threads <= 1 {
        let spares = Spares::new(1);
        produce(&sources, &spares, |item| {
            fold.take(match item {
                Item::Work(job) => work(job, &parse, &spares),
                Item::Ready(done) => done,
            })
        })?;
    } else {
        in_parallel(&sources, threads, &parse, &mut fold)?;
    }
    fold.bar.finish_and_clear();
    Ok(())
}

/// Workers parse jobs as they come; this thread reads, hands out, and folds
/// what comes back in the order it was handed out.
fn in_parallel<R, P, F, B>(
    sources: &[Source],
    threads: usize,
    parse: &P,
    fold: &mut Fold<F, B>,
) -> Result<(), Invalid>
where
    R: Send,
    P: Fn(&str) -> Result<R, Rejection> + Sync,
    F: FnMut(R),
    B: FnMut(Invalid) -> Result<(), Invalid>,
{
    let (jobs, queue) = mpsc::sync_channel::<(u64, Job)>(threads);
    let queue = Mutex::new(queue);
    let (finished, results) = mpsc::channel::<(u64, Done<R>)>();
    let limit = (threads * IN_FLIGHT_PER_WORKER) as u64;
    // Beside those in flight, one in each worker's hands and one being read.
    let spares = Spares::new(limit as usize + threads + 1);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (queue, finished, spares) = (&queue, finished.clone(), &spares);
            scope.spawn(move || loop {
                let next = queue
                    .lock()
                    .map_err(drop)
                    .and_then(|q| q.recv().map_err(drop));
                let Ok((seq, job)) = next else { break };
                if finished.send((seq, work(job, parse, spares))).is_err() {
                    break;
                }
            });
        }
        drop(finished);
        let mut waiting: BTreeMap<u64, Done<R>> = BTreeMap::new();
        let (mut handed, mut folded) = (0u64, 0u64);
        // Folds what is ready in order, waiting for results while more than
        // `most` items are out.
        let mut catch_up = |waiting: &mut BTreeMap<u64, Done<R>>,
                            handed: u64,
                            folded: &mut u64,
                            most: u64|
         -> Result<(), Invalid> {
            loop {
                while let Some(done) = waiting.remove(folded) {
                    *folded += 1;
                    fold.take(done)?;
                }
                if handed - *folded <= most {
                    return Ok(());
                }
                let (seq, done) = results.recv().expect("a worker is left for every job");
                waiting.insert(seq, done);
            }
        };
        let read = produce(sources, &spares, |item| {
            match item {
                Item::Work(job) => jobs.send((handed, job)).expect("workers outlive the jobs"),
                Item::Ready(done) => {
                    waiting.insert(handed, done);
                }
            }
            handed += 1;
            while let Ok((seq, done)) = results.try_recv() {
                waiting.insert(seq, done);
            }
            catch_up(&mut waiting, handed, &mut folded, limit)
        });
        // Workers stop once the jobs run out, whether or not the reading ended early.
        drop(jobs);
        read?;
        catch_up(&mut waiting, handed, &mut folded, 0)
    })
}

/// Reads the sources in order, handing on each block of lines or whole
/// document; stops after the first problem that ends the run.
fn produce<R>(
    sources: &[Source],
    spares: &Spares,
    mut hand_on: impl FnMut(Item<R>) -> Result<(), Invalid>,
) -> Result<(), Invalid> {
    for source in sources {
        let (name, reader): (Arc<str>, Box<dyn Read>) = match source {
            Source::Stdin => ("<stdin>".into(), Box::new(std::io::stdin().lock())),
            Source::File(p) => {
                let name: Arc<str> = p.display().to_string().into();
                match std::fs::File::open(p) {
                    Ok(file) => (name, Box::new(file)),
                    Err(e) => {
                        let stop = invalid(p, 0, e.to_string());
                        return hand_on(Item::Ready(Done::problem(stop, true)));
                    }
                }
            }
        };
        let mut blocks = Blocks::new(reader, &name, spares);
        let mut first = match blocks.next() {
            Ok(block) => block.map(|(_, bytes)| bytes).unwrap_or_default(),
            Err(stop) => return hand_on(Item::Ready(Done::problem(stop, true))),
        };
        if first.starts_with("\u{feff}".as_bytes()) {
            first.drain(..3);
        }
        let named_as_lines = matches!(source, Source::File(p) if is_json_lines_file(p));
        if named_as_lines || holds_json_lines(&first) {
            // JSON Lines: one document per line.
            let mut block = (1, first);
            loop {
                let (first_line, bytes) = block;
                hand_on(Item::Work(Job::Lines {
                    name: name.clone(),
                    first_line,
                    bytes,
                }))?;
                block = match blocks.next() {
                    Ok(Some(block)) => block,
                    Ok(None) => break,
                    Err(stop) => return hand_on(Item::Ready(Done::problem(stop, true))),
                };
            }
        } else if !could_start_a_document(&first) {
            // One (pretty-printed) document for the whole file.
            let bad = blocks.failed(1, "not JSON: a result starts with '{'".into());
            hand_on(Item::Ready(Done::problem(bad, false)))?;
        } else {
            match blocks.rest(first) {
                Ok(text) => hand_on(Item::Work(Job::Document { name, text }))?,
                Err(error) => {
                    let stop = blocks.failed(1, error);
                    return hand_on(Item::Ready(Done::problem(stop, true)));
                }
            }
        }
    }
    Ok(())
}

/// Parses every document of a job.
fn work<R>(job: Job, parse: &impl Fn(&str) -> Result<R, Rejection>, spares: &Spares) -> Done<R> {
    let failed = |name: &str, line: usize, error: String| Invalid {
        file: name.to_string(),
        line,
        error,
    };
    match job {
        Job::Lines {
            name,
            first_line,
            bytes,
        } => {
            let mut read = Vec::new();
            let mut stop = None;
            let mut start = 0;
            for line_no in first_line.. {
                if start >= bytes.len() {
                    break;
                }
                let end = memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
                let Ok(line) = std::str::from_utf8(&bytes[start..end]) else {
                    stop = Some(failed(&name, line_no, "not valid UTF-8 text".into()));
                    break;
                };
                start = end;
                if line.trim().is_empty() {
                    continue;
                }
                read.push(parse(line).map_err(|rejection| {
                    let error = match rejection {
                        Rejection::Json(e) => describe(&e),
                        Rejection::Refused(error) => error,
                    };
                    failed(&name, line_no, error)
                }));
            }
            let done = Done {
                read,
                stop,
                bytes: bytes.len() as u64,
            };
            spares.give(bytes);
            done
        }
        Job::Document { name, text } => {
            let bytes = text.len() as u64;
            let parsed = if text.trim().is_empty() {
                Err(failed(&name, 1, "file is empty".into()))
            } else {
                parse(&text).map_err(|rejection| match rejection {
                    Rejection::Json(e) => failed(&name, e.line(), describe(&e)),
                    Rejection::Refused(error) => failed(&name, 1, error),
                })
            };
            Done {
                read: vec![parsed],
                stop: None,
                bytes,
            }
        }
    }
}

/// Folds what jobs gave, in input order, on one thread.
struct Fold<F, B> {
    each: F,
    bad: B,
    bar: ProgressBar,
    count: u64,
}

impl<F, B> Fold<F, B> {
    fn take<R>(&mut self, done: Done<R>) -> Result<(), Invalid>
    where
        F: FnMut(R),
        B: FnMut(Invalid) -> Result<(), Invalid>,
    {
        for read in done.read {
            match read {
                Ok(doc) => (self.each)(doc),
                Err(bad) => (self.bad)(bad)?,
            }
            self.count += 1;
        }
        self.bar.inc(done.bytes);
        self.bar.set_message(format!("{} results", self.count));
        done.stop.map_or(Ok(()), Err)
    }
}

/// A source read in blocks of whole lines, each line within the input limit.
struct Blocks<'n> {
    reader: Box<dyn Read>,
    name: &'n str,
    spares: &'n Spares,
    /// The start of a line not yet handed out.
    carry: Vec<u8>,
    /// The number of the line `carry` starts.
    line: usize,
    ended: bool,
}

impl<'n> Blocks<'n> {
    fn new(reader: Box<dyn Read>, name: &'n str, spares: &'n Spares) -> Self {
        Blocks {
            reader,
            name,
            spares,
            carry: Vec::new(),
            line: 1,
            ended: false,
        }
    }

    fn failed(&self, line: usize, error: String) -> Invalid {
        Invalid {
            file: self.name.to_string(),
            line,
            error,
        }
    }

    /// The next run of whole lines, about a block long, with the number of
    /// its first line; a line longer than the input limit is refused before
    /// it can fill memory.
    fn next(&mut self) -> Result<Option<(usize, Vec<u8>)>, Invalid> {
        let mut buf = self.spares.take();
        buf.append(&mut self.carry);
        let mut want = BLOCK;
        let mut searched = 0;
        loop {
            self.fill(&mut buf, want)?;
            let too_long = || self.failed(self.line, format!("line {}", too_large()));
            if let Some(last) = memrchr(b'\n', &buf[searched..]).map(|i| searched + i) {
                // A line counts with its end of line, as it is read.
                if buf.len() > MAX_INPUT_BYTES
                    && memchr(b'\n', &buf).is_some_and(|i| i >= MAX_INPUT_BYTES)
                {
                    return Err(too_long());
                }
                self.carry = buf.split_off(last + 1);
                let first = self.line;
                self.line += memchr_iter(b'\n', &buf).count();
                return Ok(Some((first, buf)));
            }
            if buf.len() > MAX_INPUT_BYTES {
                return Err(too_long());
            }
            if self.ended {
                let first = self.line;
                self.line += 1;
                return Ok((!buf.is_empty()).then_some((first, buf)));
            }
            searched = buf.len();
            want = (buf.len() * 2).min(MAX_INPUT_BYTES + 1);
        }
    }

    /// Reads until `buf` holds `want` bytes or the source ends.
    fn fill(&mut self, buf: &mut Vec<u8>, want: usize) -> Result<(), Invalid> {
        if self.ended || buf.len() >= want {
            return Ok(());
        }
        let missing = want - buf.len();
        buf.reserve_exact(missing);
        match (&mut self.reader).take(missing as u64).read_to_end(buf) {
            Ok(n) => self.ended = n < missing,
            Err(e) => return Err(self.failed(self.line, e.to_string())),
        }
        Ok(())
    }

    /// The whole document whose text starts with `first`, within the input limit.
    fn rest(&mut self, mut first: Vec<u8>) -> Result<String, String> {
        first.append(&mut self.carry);
        if !self.ended {
            (&mut self.reader)
                .take((MAX_INPUT_BYTES + 1).saturating_sub(first.len()) as u64)
                .read_to_end(&mut first)
                .map_err(|e| e.to_string())?;
        }
        if first.len() > MAX_INPUT_BYTES {
            return Err(format!("document {}", too_large()));
        }
        String::from_utf8(first).map_err(|_| "not valid UTF-8 text".into())
    }
}

/// Whether a file starting with `start` could hold one JSON object, so a
/// file of anything else stops at once instead of being read whole.
fn could_start_a_document(start: &[u8]) -> bool {
    let start = start.trim_ascii_start();
    start.is_empty() || start.starts_with(b"{")
}

fn is_json_lines_file(path: &Path) -> bool {
    has_extension(path, "jsonl") || has_extension(path, "ndjson")
}

/// Whether text starting with `start` is JSON Lines: its first line that is
/// not blank holds a whole object, or, when that line is damaged, the next
/// one does. Blank lines and a bad line at the top must not turn the file
/// into one document and lose the good lines after them.
fn holds_json_lines(start: &[u8]) -> bool {
    let mut lines = start
        .split(|&b| b == b'\n')
        .map(<[u8]>::trim_ascii)
        .filter(|l| !l.is_empty());
    let whole_object = |l: &[u8]| l.len() > 2 && l.starts_with(b"{") && l.ends_with(b"}");
    match (lines.next(), lines.next()) {
        (Some(first), _) if whole_object(first) => true,
        // A pretty-printed document opens with a brace on its own line.
        (Some(first), Some(second)) => first != b"{" && whole_object(second),
        _ => false,
    }
}

fn describe(e: &serde_json::Error) -> String {
    let message = json_problem(e);
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

/// A `.json` file holding one JSON value, an object without `kind`. A
/// JSON Lines file of results costs one line to tell apart: its first line
/// has a `kind`.
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
    // A second document after the first makes JSON Lines saved as .json,
    // whose lines are results even when the first is something else.
    matches!(values.next(), Some(Ok(Kind { kind: None }))) && values.next().is_none()
}
