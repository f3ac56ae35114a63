//! JSON Schemas of the documents partnerscope reads and writes, with the
//! ranges and allowed values the types alone do not say: scores on 0-100,
//! bands from the content in use, the document's own kind and version.

use serde_json::{json, Map, Value};

use crate::core::answer::AnswersDoc;
use crate::core::content::Framework;
use crate::core::model::aggregate::{AggregateReport, AGGREGATE_SCHEMA_VERSION};
use crate::core::model::comparison::{Comparison, COMPARE_SCHEMA_VERSION};
use crate::core::model::result::{AssessmentResult, StepStatus, RESULT_SCHEMA_VERSION};
use crate::core::scoring::INSUFFICIENT;

/// The documents with a published schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocumentSchema {
    Result,
    Answers,
    Aggregate,
    Compare,
}

/// The answers file format version `assess` reads.
const ANSWERS_SCHEMA_VERSION: u32 = 1;

pub(crate) fn render(doc: DocumentSchema, fw: &Framework) -> serde_json::Result<String> {
    let (schema, kind, version) = match doc {
        DocumentSchema::Result => (
            schemars::schema_for!(AssessmentResult),
            Some("result"),
            RESULT_SCHEMA_VERSION,
        ),
        DocumentSchema::Answers => (
            schemars::schema_for!(AnswersDoc),
            None,
            ANSWERS_SCHEMA_VERSION,
        ),
        DocumentSchema::Aggregate => (
            schemars::schema_for!(AggregateReport),
            Some("aggregate"),
            AGGREGATE_SCHEMA_VERSION,
        ),
        DocumentSchema::Compare => (
            schemars::schema_for!(Comparison),
            Some("compare"),
            COMPARE_SCHEMA_VERSION,
        ),
    };
    let mut value = serde_json::to_value(&schema)?;
    if let Some(props) = value.get_mut("properties").and_then(Value::as_object_mut) {
        if let (Some(kind), Some(p)) = (kind, props.get_mut("kind")) {
            *p = json!({ "const": kind });
        }
        if let Some(p) = props
            .get_mut("schema_version")
            .and_then(Value::as_object_mut)
        {
            p.insert("minimum".into(), json!(1));
            p.insert("maximum".into(), json!(version));
        }
    }
    let bands: Vec<String> = fw
        .bands
        .iter()
        .map(|b| b.id.clone())
        .chain([INSUFFICIENT.to_string()])
        .collect();
    tighten(&mut value, &bands, "");
    Ok(serde_json::to_string_pretty(&value)? + "\n")
}

/// Walks every object schema and bounds the properties it knows by name.
fn tighten(schema: &mut Value, bands: &[String], def: &str) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get_mut("properties") {
                for (name, prop) in props.iter_mut() {
                    if let Value::Object(p) = prop {
                        bound(name, p, bands, def);
                    }
                }
            }
            for (key, child) in map.iter_mut() {
                if key == "$defs" {
                    if let Value::Object(defs) = child {
                        for (name, d) in defs.iter_mut() {
                            tighten(d, bands, name);
                        }
                    }
                } else if key != "properties" {
                    tighten(child, bands, def);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| tighten(v, bands, def)),
        _ => {}
    }
}

fn bound(name: &str, p: &mut Map<String, Value>, bands: &[String], def: &str) {
    let numeric = p
        .get("type")
        .is_some_and(|t| t.to_string().contains("number"));
    match name {
        "band" | "band_before" | "band_after" => {
            let mut allowed: Vec<String> = bands.to_vec();
            // An aggregate's key steps carry their status where other items carry a band.
            if def == "Stat" {
                allowed.extend(
                    [
                        StepStatus::Unknown,
                        StepStatus::NotStarted,
                        StepStatus::UnderWay,
                        StepStatus::Done,
                    ]
                    .map(|s| s.as_str().to_string()),
                );
            }
            p.insert("enum".into(), json!(allowed));
        }
        "score" | "mean" | "median" | "min" | "max" | "before" | "after" | "range" if numeric => {
            p.insert("minimum".into(), json!(0));
            p.insert("maximum".into(), json!(100));
        }
        "change" if numeric => {
            p.insert("minimum".into(), json!(-100));
            p.insert("maximum".into(), json!(100));
        }
        "sd" if numeric => {
            p.insert("minimum".into(), json!(0));
        }
        "spread" if numeric => {
            p.insert("minimum".into(), json!(0));
            p.insert("maximum".into(), json!(1));
        }
        _ => {}
    }
}
