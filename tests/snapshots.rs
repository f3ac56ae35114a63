//! Every output of every document kind, held still by snapshots: a change to
//! what a reader sees shows up as a diff to review.

use std::path::Path;

use crate::support::{by_partnership, documents, partnerscope, root, run_ok};

const FORMATS: [&str; 5] = ["table", "json", "markdown", "csv", "html"];

/// Paths of the scratch folder differ between runs; the reader does not care.
fn settings(dir: &Path) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(&regex_escape(&dir.display().to_string()), "[DIR]");
    settings.add_filter(&regex_escape(&root().display().to_string()), "[ROOT]");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '/' || c == '_' || c == '-' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

fn snapshot_every_format(name: &str, file: &Path, dir: &Path) {
    settings(dir).bind(|| {
        for format in FORMATS {
            let text = run_ok(
                partnerscope()
                    .arg("report")
                    .arg(file)
                    .args(["--format", format]),
            );
            insta::assert_snapshot!(format!("{name}.{format}"), text);
        }
        let components = run_ok(partnerscope().arg("report").arg(file).args([
            "--format",
            "csv",
            "--csv-table",
            "components",
        ]));
        insta::assert_snapshot!(format!("{name}.components.csv"), components);
    });
}

#[test]
fn every_document_kind_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, file) in documents(dir.path()) {
        snapshot_every_format(kind, &file, dir.path());
    }
}

#[test]
fn aggregate_by_partnership_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let file = by_partnership(dir.path());
    snapshot_every_format("by-partnership", &file, dir.path());
}

#[test]
fn commands_print_their_documents_directly() {
    let examples = root().join("examples");
    let dir = tempfile::tempdir().unwrap();
    settings(dir.path()).bind(|| {
        let assess = run_ok(
            partnerscope()
                .arg("assess")
                .arg("--answers")
                .arg(examples.join("strong-agenda.toml")),
        );
        insta::assert_snapshot!("assess.table", assess);
        let aggregate = run_ok(partnerscope().arg("aggregate").arg(&examples));
        insta::assert_snapshot!("aggregate.direct.table", aggregate);
        let by = run_ok(
            partnerscope()
                .arg("aggregate")
                .arg(&examples)
                .args(["--by", "partnership"]),
        );
        insta::assert_snapshot!("by-partnership.direct.table", by);
        let compare = run_ok(
            partnerscope()
                .args(["compare", "--allow-different"])
                .arg(examples.join("early-partnership.result.json"))
                .arg(examples.join("strong-agenda.result.json")),
        );
        insta::assert_snapshot!("compare.direct.table", compare);
    });
}
