//! The bundled content as the build script prepared it. Reading it needs
//! neither a TOML parser nor validation, which made up most of the time a
//! command took to start; a test below holds it to the TOML, validated.

use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use super::{validate, Bank, BankId, Catalogue, Content, Framework, Problem, SourceFile};

macro_rules! prepared {
    ($file:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/", $file))
    };
}

const FRAMEWORK: &str = prepared!("frameworks/collective-impact.json");
const CATALOGUE: &str = prepared!("frameworks/resources.json");
/// In the order of `BankId::ALL`.
const BANKS: [&str; 3] = [
    prepared!("questions/self-reflection.json"),
    prepared!("questions/readiness.json"),
    prepared!("questions/key-steps.json"),
];
const FINGERPRINT: &str = prepared!("fingerprint");

/// The bundled content, with its catalogue and banks left to be read when
/// first needed. It carries no warnings: the bundled content may have none,
/// which `validate` and the test below check.
pub(super) fn content() -> Content {
    Content {
        framework: read(FRAMEWORK),
        catalogue: OnceLock::new(),
        banks: OnceLock::new(),
        fingerprint: FINGERPRINT.to_string(),
        warnings: Vec::new(),
    }
}

pub(super) fn catalogue() -> Catalogue {
    read(CATALOGUE)
}

/// The bundled banks, each question's answer format taken from `framework`.
pub(super) fn banks(framework: &Framework) -> Vec<Bank> {
    let mut banks: Vec<Bank> = BANKS.iter().map(|json| read(json)).collect();
    for question in banks.iter_mut().flat_map(|b| &mut b.questions) {
        question.format = validate::resolve_format(question, framework)
            .expect("every bundled question names a scale or option set that exists");
    }
    banks
}

/// The bundled content checked as `validate` checks any content, without
/// parsing its TOML again: the build script parsed it. `None` when the
/// prepared copy does not have the shape of content at all; the TOML then
/// says where it goes wrong.
pub(super) fn checked(files: &[SourceFile]) -> Option<Result<Content, Vec<Problem>>> {
    let framework: Framework = try_read(FRAMEWORK)?;
    let catalogue: Catalogue = try_read(CATALOGUE)?;
    let mut banks = BANKS
        .iter()
        .map(|json| try_read::<Bank>(json))
        .collect::<Option<Vec<_>>>()?;
    let ids_match = banks.iter().zip(BankId::ALL).all(|(b, id)| b.id == id);
    if !ids_match {
        return None;
    }
    let report = validate::validate(&framework, Some(&catalogue), &mut banks, true, files);
    if !report.errors.is_empty() {
        return Some(Err(report.errors));
    }
    Some(Ok(Content::complete(
        framework,
        catalogue,
        banks,
        FINGERPRINT.to_string(),
        report.warnings,
    )))
}

fn read<T: DeserializeOwned>(json: &str) -> T {
    try_read(json).expect("the build script prepared content of the right shape")
}

fn try_read<T: DeserializeOwned>(json: &str) -> Option<T> {
    serde_json::from_str(json).ok()
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::super::{bundled_files, parse};
    use super::*;

    fn json(value: &(impl Serialize + ?Sized)) -> serde_json::Value {
        serde_json::to_value(value).unwrap()
    }

    #[test]
    fn the_prepared_content_is_the_bundled_toml_validated() {
        let validated = parse(&bundled_files())
            .unwrap_or_else(|problems| panic!("the bundled content is invalid: {problems:#?}"));
        let prepared = content();
        assert_eq!(json(&prepared.framework), json(&validated.framework));
        assert_eq!(json(prepared.catalogue()), json(validated.catalogue()));
        assert_eq!(json(prepared.banks()), json(validated.banks()));
        assert_eq!(prepared.fingerprint, validated.fingerprint);
        assert_eq!(prepared.warnings, validated.warnings);
    }

    #[test]
    fn checking_the_prepared_content_finds_what_parsing_the_toml_finds() {
        let files = bundled_files();
        let checked = checked(&files)
            .expect("the prepared content has the shape of content")
            .unwrap_or_else(|problems| panic!("the bundled content is invalid: {problems:#?}"));
        let validated = parse(&files).unwrap();
        assert_eq!(json(&checked.framework), json(&validated.framework));
        assert_eq!(json(checked.catalogue()), json(validated.catalogue()));
        assert_eq!(json(checked.banks()), json(validated.banks()));
        assert_eq!(checked.fingerprint, validated.fingerprint);
        assert_eq!(checked.warnings, validated.warnings);
    }

    #[test]
    fn each_part_is_read_only_when_asked_for() {
        let content = content();
        assert!(content.catalogue.get().is_none() && content.banks.get().is_none());
        assert!(!content.catalogue().resources.is_empty());
        assert!(
            content.banks.get().is_none(),
            "listing resources read the banks"
        );
        assert_eq!(content.banks().len(), BankId::ALL.len());
    }
}
