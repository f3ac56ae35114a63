//! The document as JSON, in its documented, versioned shape. An aggregate's
//! profiles are serialised one at a time as they are reached.

use std::cell::RefCell;
use std::io::Write;

use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{Exporter, Profiles, RenderOptions};
use crate::core::model::aggregate::AGGREGATE_SCHEMA_VERSION;
use crate::core::model::comparison::Comparison;
use crate::core::model::kind::DocumentKind;
use crate::core::model::result::AssessmentResult;

pub(crate) struct JsonExporter;

fn write_pretty(out: &mut dyn Write, value: &impl Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

impl Exporter for JsonExporter {
    fn write_result(
        &self,
        out: &mut dyn Write,
        result: &AssessmentResult,
        _: RenderOptions,
    ) -> anyhow::Result<()> {
        write_pretty(out, result)
    }

    fn write_aggregate(
        &self,
        out: &mut dyn Write,
        profiles: &dyn Profiles,
        _: RenderOptions,
    ) -> anyhow::Result<()> {
        let report = Report {
            profiles,
            failure: RefCell::new(None),
        };
        let written = write_pretty(out, &report);
        // A profile that could not be made stops the writing; its own error,
        // with its exit code, says why.
        match report.failure.into_inner() {
            Some(failure) => Err(failure),
            None => written,
        }
    }

    fn write_compare(
        &self,
        out: &mut dyn Write,
        comparison: &Comparison,
        _: RenderOptions,
    ) -> anyhow::Result<()> {
        write_pretty(out, comparison)
    }
}

/// An aggregate report in the shape of `AggregateReport`, field for field.
struct Report<'a> {
    profiles: &'a dyn Profiles,
    failure: RefCell<Option<anyhow::Error>>,
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut report = serializer.serialize_struct("AggregateReport", 4)?;
        report.serialize_field("schema_version", &AGGREGATE_SCHEMA_VERSION)?;
        report.serialize_field("kind", &DocumentKind::Aggregate)?;
        report.serialize_field("profiles", &Each(self))?;
        report.serialize_field("invalid", self.profiles.invalid())?;
        report.end()
    }
}

/// The profiles as a JSON array, each serialised as soon as it is made.
struct Each<'a, 'b>(&'a Report<'b>);

impl Serialize for Each<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.profiles.count()))?;
        let mut failed = None;
        let walked = self.0.profiles.each(&mut |profile| {
            seq.serialize_element(profile).map_err(|e| {
                let message = e.to_string();
                failed = Some(e);
                anyhow::anyhow!(message)
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        if let Err(failure) = walked {
            let message = format!("{failure:#}");
            *self.0.failure.borrow_mut() = Some(failure);
            return Err(S::Error::custom(message));
        }
        seq.end()
    }
}
