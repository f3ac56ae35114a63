//! The answers a result keeps, in little memory: a group round of ten
//! thousand members holds over a hundred answers each, so every answer is
//! an id shared with every other answer to the same question and a plain
//! value, 24 bytes in all. On disk they are the same JSON object as ever,
//! keys in sorted order.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Number, Value};

/// Question ids and short answers (`yes`, an option id) are shared: they
/// repeat across members, so each is stored once.
const SHARED_TEXT_LENGTH: usize = 64;

/// Text behind one pointer (its length lives with the text), so that an
/// answer takes 24 bytes rather than 40.
pub type Shared = Arc<String>;

/// Room for the ids and short answers of the bundled banks, so that reading
/// one result does not grow the table step by step.
const SHARED_TYPICAL: usize = 256;

thread_local! {
    static SHARED: RefCell<HashMap<String, Shared>> =
        RefCell::new(HashMap::with_capacity(SHARED_TYPICAL));
}

fn shared(text: &str) -> Shared {
    if text.len() > SHARED_TEXT_LENGTH {
        return Arc::new(text.to_string());
    }
    SHARED.with(|known| {
        let mut known = known.borrow_mut();
        if let Some(text) = known.get(text) {
            return Arc::clone(text);
        }
        let new = Arc::new(text.to_string());
        known.insert(text.to_string(), Arc::clone(&new));
        new
    })
}

/// One answer's value as written: a number, a word, or anything else JSON
/// allows (kept as it is, for the reader to refuse).
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    /// A whole number, as JSON numbers up to 2^63 are.
    Int(i64),
    /// A whole number from 2^63 up.
    Large(u64),
    Float(f64),
    Text(Shared),
    Other(Box<Value>),
}

impl Scalar {
    /// The value as generic JSON, for the rules that read answers.
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(*b),
            Scalar::Int(n) => Value::from(*n),
            Scalar::Large(n) => Value::from(*n),
            Scalar::Float(x) => Number::from_f64(*x).map_or(Value::Null, Value::Number),
            Scalar::Text(t) => Value::String(t.to_string()),
            Scalar::Other(v) => (**v).clone(),
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Scalar::Null)
    }

    pub(crate) fn as_text(&self) -> Option<&str> {
        match self {
            Scalar::Text(t) => Some(t.as_str()),
            _ => None,
        }
    }
}

impl From<Value> for Scalar {
    fn from(value: Value) -> Self {
        match value {
            Value::Null => Scalar::Null,
            Value::Bool(b) => Scalar::Bool(b),
            Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => Scalar::Int(i),
                (None, Some(u), _) => Scalar::Large(u),
                (None, None, Some(x)) => Scalar::Float(x),
                _ => Scalar::Other(Box::new(Value::Number(n))),
            },
            Value::String(s) => Scalar::Text(shared(&s)),
            other => Scalar::Other(Box::new(other)),
        }
    }
}

impl Serialize for Scalar {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Scalar::Null => serializer.serialize_unit(),
            Scalar::Bool(b) => serializer.serialize_bool(*b),
            Scalar::Int(n) => serializer.serialize_i64(*n),
            Scalar::Large(n) => serializer.serialize_u64(*n),
            Scalar::Float(x) => serializer.serialize_f64(*x),
            Scalar::Text(t) => serializer.serialize_str(t),
            Scalar::Other(v) => v.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer")
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(b))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Scalar, E> {
        Ok(i64::try_from(n).map_or(Scalar::Large(n), Scalar::Int))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(n))
    }
    fn visit_f64<E>(self, x: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(x))
    }
    fn visit_str<E>(self, s: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(shared(s)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Scalar, A::Error> {
        let value = Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Scalar::Other(Box::new(value)))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scalar, A::Error> {
        let value = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(Scalar::Other(Box::new(value)))
    }
}

/// Answers by question id, in id order; a repeated id keeps its last value,
/// as a JSON object read into a map would.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers(Vec<(Shared, Scalar)>);

impl Answers {
    fn from_pairs(mut pairs: Vec<(Shared, Scalar)>) -> Self {
        // A stable sort keeps repeats in the order written, so the last is kept.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(Shared, Scalar)> = Vec::with_capacity(pairs.len());
        for pair in pairs {
            match kept.last_mut() {
                Some(last) if last.0 == pair.0 => *last = pair,
                _ => kept.push(pair),
            }
        }
        kept.shrink_to_fit();
        Answers(kept)
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Scalar> {
        self.0
            .binary_search_by(|(key, _)| key.as_str().cmp(id))
            .ok()
            .map(|i| &self.0[i].1)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Scalar)> {
        self.0.iter().map(|(id, value)| (id.as_str(), value))
    }
}

impl From<BTreeMap<String, Value>> for Answers {
    fn from(map: BTreeMap<String, Value>) -> Self {
        Answers::from_pairs(
            map.into_iter()
                .map(|(id, value)| (shared(&id), Scalar::from(value)))
                .collect(),
        )
    }
}

impl Serialize for Answers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (id, value) in &self.0 {
            map.serialize_entry(id.as_str(), value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Answers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnswersVisitor;
        impl<'de> Visitor<'de> for AnswersVisitor {
            type Value = Answers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("answers by question id")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Answers, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(id) = map.next_key::<Cow<str>>()? {
                    pairs.push((shared(&id), map.next_value::<Scalar>()?));
                }
                Ok(Answers::from_pairs(pairs))
            }
        }
        deserializer.deserialize_map(AnswersVisitor)
    }
}

/// Documented as the JSON object it is written as.
impl schemars::JsonSchema for Answers {
    fn inline_schema() -> bool {
        <BTreeMap<String, Value>>::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        <BTreeMap<String, Value>>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        <BTreeMap<String, Value>>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, Value>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_the_same_json_object() {
        let text = r#"{"b":"yes","a":4,"c":null,"d":[1,2],"e":2.5,"f":true}"#;
        let answers: Answers = serde_json::from_str(text).unwrap();
        let generic: BTreeMap<String, Value> = serde_json::from_str(text).unwrap();
        assert_eq!(
            serde_json::to_string(&answers).unwrap(),
            serde_json::to_string(&generic).unwrap()
        );
        assert_eq!(answers, Answers::from(generic));
        assert_eq!(answers.get("b").and_then(Scalar::as_text), Some("yes"));
        assert_eq!(answers.get("a").map(Scalar::to_value), Some(Value::from(4)));
        assert!(answers.get("c").is_some_and(Scalar::is_null));
        assert!(answers.get("z").is_none());
    }

    #[test]
    fn an_answer_takes_24_bytes() {
        assert_eq!(std::mem::size_of::<(Shared, Scalar)>(), 24);
    }

    #[test]
    fn numbers_read_and_write_as_they_were() {
        let text = r#"{"a":-3,"b":18446744073709551615,"c":0.1,"d":1e300,"e":7}"#;
        let answers: Answers = serde_json::from_str(text).unwrap();
        let generic: BTreeMap<String, Value> = serde_json::from_str(text).unwrap();
        assert_eq!(
            serde_json::to_string(&answers).unwrap(),
            serde_json::to_string(&generic).unwrap()
        );
        for (id, value) in answers.iter() {
            assert_eq!(value.to_value(), generic[id], "{id}");
        }
    }

    #[test]
    fn a_repeated_id_keeps_its_last_value() {
        let answers: Answers = serde_json::from_str(r#"{"a":1,"b":2,"a":3}"#).unwrap();
        let ids: Vec<&str> = answers.iter().map(|(id, _)| id).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(answers.get("a").map(Scalar::to_value), Some(Value::from(3)));
    }

    #[test]
    fn ids_are_stored_once_however_often_they_are_answered() {
        let one: Answers = serde_json::from_str(r#"{"q-vision":1}"#).unwrap();
        let two: Answers = serde_json::from_str(r#"{"q-vision":2}"#).unwrap();
        assert!(Arc::ptr_eq(&one.0[0].0, &two.0[0].0));
    }
}
