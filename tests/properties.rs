//! Properties of every parser over generated input, a bounded number of
//! cases each: no panic; a bad input gives exactly one line that names the
//! file (content problems: one line each, each naming its file); nothing is
//! written when the input is refused.

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::support::{content_copy, partnerscope, root, stderr_of};

/// A known-good text with a stretch replaced by generated text, so cases
/// reach past the first line of the parser.
fn spliced(base: String) -> impl Strategy<Value = String> {
    let len = base.len();
    (0..=len, 0..64usize, any::<String>()).prop_map(move |(at, cut, insert)| {
        let mut start = at;
        while !base.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + cut).min(base.len());
        while !base.is_char_boundary(end) {
            end += 1;
        }
        format!("{}{insert}{}", &base[..start], &base[end..])
    })
}

fn example(name: &str) -> String {
    std::fs::read_to_string(root().join("examples").join(name)).unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs `args` on `input` written to `name`, with `--output` into the same
/// folder, and checks the properties.
fn check(name: &str, input: &str, args: &[&str]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, input).unwrap();
    let output = dir.path().join("out.txt");
    let out = partnerscope()
        .args(args)
        .arg(&path)
        .arg("--output")
        .arg(&output)
        .output()
        .unwrap();
    let err = stderr_of(&out);
    prop_assert!(
        matches!(out.status.code(), Some(0 | 4)),
        "exit {:?}: {err}",
        out.status.code()
    );
    if !out.status.success() {
        prop_assert_eq!(err.lines().count(), 1, "{}", err);
        let shown = format!("partnerscope: {}", path.display());
        prop_assert!(err.starts_with(&shown), "{}", err);
        prop_assert!(!err.contains('\u{1b}'), "{}", err);
        prop_assert_eq!(files_in(dir.path()), vec![name.to_string()]);
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 32, failure_persistence: None, ..Config::default() })]

    #[test]
    fn answers_files_in_toml(text in spliced(example("early-partnership.toml"))) {
        check("a.toml", &text, &["assess", "--answers"])?;
    }

    #[test]
    fn answers_files_in_json(text in spliced(r#"{"partnership":"R","member":"M","answers":{"sr-shared-vision":4,"rd-single-programme":"no"},"notes":{"sr-shared-vision":"n"}}"#.to_string())) {
        check("a.json", &text, &["assess", "--answers"])?;
    }

    #[test]
    fn result_documents_for_report(text in spliced(example("early-partnership.result.json"))) {
        check("r.json", &text, &["report"])?;
    }

    #[test]
    fn result_documents_for_aggregate(text in spliced(example("early-partnership.result.json"))) {
        check("r.json", &text, &["aggregate"])?;
    }
}

proptest! {
    #![proptest_config(Config { cases: 16, failure_persistence: None, ..Config::default() })]

    #[test]
    fn content_files(
        file in prop::sample::select(crate::support::CONTENT_FILES.to_vec()),
        at in any::<prop::sample::Index>(),
        insert in any::<String>(),
    ) {
        let content = content_copy();
        let path = content.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut cut = at.index(text.len() + 1);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        std::fs::write(&path, format!("{}{insert}{}", &text[..cut], &text[cut..])).unwrap();
        let before = files_in(&content.path().join("questions"));
        let out = partnerscope().arg("validate").arg(content.path()).output().unwrap();
        let err = stderr_of(&out);
        prop_assert!(matches!(out.status.code(), Some(0 | 3)), "exit {:?}: {err}", out.status.code());
        prop_assert!(!err.contains('\u{1b}'), "{}", err);
        if !out.status.success() {
            let problems: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
            prop_assert!(!problems.is_empty(), "{}", err);
            for line in err.lines() {
                let names_a_file = line.starts_with("error: ") || line.starts_with("warning: ")
                    || line.contains(": ") && line.ends_with("problem(s) found");
                prop_assert!(names_a_file, "{}", line);
            }
        }
        prop_assert_eq!(files_in(&content.path().join("questions")), before);
    }
}
