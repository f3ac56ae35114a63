//! Opening a document for `report` and `compare`: a result or comparison is
//! read whole, straight into its type; an aggregate of any size is walked one
//! profile at a time, so a national programme's `--by partnership` file is
//! reported without being held in memory as documents.

use std::cell::RefCell;
use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::core::compare::Snapshot;
use crate::core::model::aggregate::{Aggregate, Invalid};
use crate::core::model::aggregate::{EachProfile, Profiles};
use crate::core::model::document::Document;
use crate::error::Failure;
use crate::io::{json_problem, read_input, too_large, MAX_INPUT_BYTES};

/// A document ready to render.
pub(crate) enum Opened {
    Whole(Document),
    Aggregate(AggregateSource),
}

/// Opens a result, aggregate or comparison, told apart by its `kind`. `-`
/// reads standard input. Everything is checked before anything is returned,
/// so a report never stops half-way through a broken file.
pub(crate) fn open_document(path: &Path) -> anyhow::Result<Opened> {
    let shown = shown_name(path);
    let bytes = Bytes::of(path).map_err(|why| Failure::input(format!("{shown}: {why}")))?;
    let (start, kind) = {
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| Failure::input(format!("{shown}: file is not valid UTF-8 text")))?;
        let json = text.strip_prefix('\u{feff}').unwrap_or(text);
        if json.trim().is_empty() {
            return Err(Failure::input(format!("{shown}: file is empty")).into());
        }
        let kind = kind_of(json).map_err(|e| invalid_json(&shown, &e))?;
        (text.len() - json.len(), kind)
    };
    let unreadable = |e: serde_json::Error| match e.classify() {
        serde_json::error::Category::Data => {
            Failure::input(format!("{shown}: not a valid {kind}: {}", json_problem(&e)))
        }
        _ => invalid_json(&shown, &e),
    };
    match kind.as_str() {
        "result" | "compare" => {
            // Only an aggregate is read in pieces; anything else is held whole.
            if bytes.len() > MAX_INPUT_BYTES {
                return Err(Failure::input(format!("{shown}: {}", too_large())).into());
            }
            let doc = match bytes {
                // The file is read again in small pieces rather than kept
                // beside the document made from it.
                Bytes::Mapped(map) => {
                    drop(map);
                    let file = std::fs::File::open(path)
                        .map_err(|e| Failure::input(format!("{shown}: {e}")))?;
                    let reader = std::io::BufReader::new(file);
                    read_whole(&kind, after_bom(reader).map_err(serde_json::Error::io))
                }
                Bytes::Read(read) => read_whole(&kind, Ok(&read[start..])),
            };
            let doc = doc.map_err(unreadable)?;
            if let Some(problem) = doc.problem() {
                return Err(
                    Failure::input(format!("{shown}: not a valid {kind}: {problem}")).into(),
                );
            }
            Ok(Opened::Whole(doc))
        }
        "aggregate" => {
            let text = std::str::from_utf8(&bytes[start..]).unwrap_or_default();
            let survey = survey(text).map_err(unreadable)?;
            Ok(Opened::Aggregate(AggregateSource {
                bytes,
                start,
                count: survey.profiles,
                invalid: survey.invalid,
            }))
        }
        _ => Err(Failure::input(format!(
            "{shown}: not a partnerscope result, aggregate or comparison"
        ))
        .into()),
    }
}

/// A result or a comparison, read straight into its type.
fn read_whole(
    kind: &str,
    reader: Result<impl std::io::Read, serde_json::Error>,
) -> Result<Document, serde_json::Error> {
    let reader = reader?;
    if kind == "result" {
        serde_json::from_reader(reader).map(|r| Document::Result(Box::new(r)))
    } else {
        serde_json::from_reader(reader).map(|c| Document::Compare(Box::new(c)))
    }
}

/// `reader` past a UTF-8 byte-order mark, if it starts with one.
fn after_bom<R: std::io::BufRead>(mut reader: R) -> std::io::Result<R> {
    if reader.fill_buf()?.starts_with("\u{feff}".as_bytes()) {
        reader.consume(3);
    }
    Ok(reader)
}

/// What `compare` reads: a result, or an aggregate of one profile.
pub(crate) fn read_snapshot(path: &Path) -> anyhow::Result<Snapshot> {
    let snapshot = match open_document(path)? {
        Opened::Whole(Document::Result(r)) => Ok(Snapshot::from_result(&r)),
        Opened::Whole(Document::Compare(_)) => {
            Err("a comparison cannot be compared again".to_string())
        }
        Opened::Aggregate(source) => {
            let first = source.first()?;
            Snapshot::from_aggregate(source.count, first.as_ref())
        }
    };
    snapshot.map_err(|e| Failure::input(format!("{}: {e}", shown_name(path))).into())
}

fn shown_name(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

fn invalid_json(shown: &str, e: &serde_json::Error) -> Failure {
    Failure::input(format!("{shown}:{}:{}: invalid JSON", e.line(), e.column()))
}

/// The document's `kind`, from a pass that checks the JSON and skips the rest.
fn kind_of(text: &str) -> Result<String, serde_json::Error> {
    #[derive(Deserialize)]
    struct Kind {
        #[serde(default)]
        kind: Option<serde_json::Value>,
    }
    match serde_json::from_str::<Kind>(text) {
        Ok(Kind {
            kind: Some(serde_json::Value::String(kind)),
        }) => Ok(kind),
        Ok(_) => Ok(String::new()),
        Err(e) if e.classify() == serde_json::error::Category::Data => Ok(String::new()),
        Err(e) => Err(e),
    }
}

/// An input's bytes: a regular file is mapped into memory, so its size is
/// not limited by what can be read in; anything else (standard input, a
/// pipe) is read, up to the input limit.
enum Bytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl Bytes {
    fn of(path: &Path) -> Result<Bytes, String> {
        let regular = path != Path::new("-") && std::fs::metadata(path).is_ok_and(|m| m.is_file());
        if !regular {
            return read_input(path).map(Bytes::Read);
        }
        let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
        if file.metadata().map_err(|e| e.to_string())?.len() == 0 {
            return Ok(Bytes::Read(Vec::new()));
        }
        // SAFETY: the map is only read. A file truncated by another program
        // while it is being reported on is the one way this can fail, as it
        // would for any program that maps its input.
        unsafe { memmap2::Mmap::map(&file) }
            .map(Bytes::Mapped)
            .map_err(|e| e.to_string())
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(map) => map,
            Bytes::Read(bytes) => bytes,
        }
    }
}

/// An aggregate checked from end to end, whose profiles are read again one
/// at a time whenever they are walked.
pub(crate) struct AggregateSource {
    bytes: Bytes,
    /// Where the JSON starts, after any byte-order mark.
    start: usize,
    count: usize,
    invalid: Vec<Invalid>,
}

impl AggregateSource {
    fn text(&self) -> &str {
        // Checked as UTF-8 when the source was opened.
        std::str::from_utf8(&self.bytes[self.start..]).unwrap_or_default()
    }

    fn first(&self) -> anyhow::Result<Option<Aggregate>> {
        let first = RefCell::new(None);
        self.each(&mut |a| {
            first.borrow_mut().get_or_insert_with(|| a.clone());
            Ok(())
        })?;
        Ok(first.into_inner())
    }
}

impl Profiles for AggregateSource {
    fn count(&self) -> usize {
        self.count
    }

    fn each(&self, each: &mut EachProfile) -> anyhow::Result<()> {
        let failure = RefCell::new(None);
        let walk = Walk {
            each: RefCell::new(each),
            failure: &failure,
        };
        let mut de = serde_json::Deserializer::from_str(self.text());
        let walked = walk.deserialize(&mut de);
        if let Some(failure) = failure.into_inner() {
            return Err(failure);
        }
        // The whole file was checked when it was opened.
        walked.map_err(|e| anyhow::anyhow!("the aggregate changed while it was read: {e}"))
    }

    fn invalid(&self) -> &[Invalid] {
        &self.invalid
    }
}

/// What the checking pass learns: how many profiles there are and which
/// results were skipped. It requires what a full read would.
#[derive(Deserialize)]
struct Survey {
    #[serde(rename = "schema_version")]
    _schema_version: u32,
    #[serde(rename = "kind")]
    _kind: crate::core::model::kind::DocumentKind,
    #[serde(deserialize_with = "count_profiles")]
    profiles: usize,
    #[serde(default)]
    invalid: Vec<Invalid>,
}

/// Checks the whole document, each profile read as a typed aggregate and
/// dropped at once.
fn survey(text: &str) -> Result<Survey, serde_json::Error> {
    serde_json::from_str(text)
}

fn count_profiles<'de, D: Deserializer<'de>>(deserializer: D) -> Result<usize, D::Error> {
    struct Counter;
    impl<'de> Visitor<'de> for Counter {
        type Value = usize;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of profiles")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
            let mut n = 0;
            while seq.next_element::<Aggregate>()?.is_some() {
                n += 1;
            }
            Ok(n)
        }
    }
    deserializer.deserialize_seq(Counter)
}

/// Reads an aggregate report, handing each profile to `each` as soon as it
/// is read and skipping every other field.
struct Walk<'a, 'f> {
    each: RefCell<&'a mut EachProfile<'a>>,
    failure: &'f RefCell<Option<anyhow::Error>>,
}

impl<'de> DeserializeSeed<'de> for &Walk<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &Walk<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an aggregate report")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<str>>()? {
            if key == "profiles" {
                map.next_value_seed(ProfileList(self))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// The `profiles` array of a walk.
struct ProfileList<'w, 'a, 'f>(&'w Walk<'a, 'f>);

impl<'de> DeserializeSeed<'de> for ProfileList<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ProfileList<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of profiles")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(profile) = seq.next_element::<Aggregate>()? {
            if let Err(failure) = (self.0.each.borrow_mut())(&profile) {
                *self.0.failure.borrow_mut() = Some(failure);
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}
