use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use crate::support::{content_copy, edit, partnerscope, stderr_of, stdout_of};

fn append(path: &Path, text: &str) {
    let mut f = OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

/// Runs `validate` on `dir`, which must fail as invalid content saying
/// each of `expected`; gives what it said.
fn assert_invalid(dir: &Path, expected: &[&str]) -> String {
    let out = partnerscope().arg("validate").arg(dir).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    for e in expected {
        assert!(err.contains(e), "missing {e:?} in:\n{err}");
    }
    err
}

fn question(id: &str, body: &str) -> String {
    format!("\n[[questions]]\nid = \"{id}\"\ntext = \"Planted question\"\n{body}\n")
}

#[test]
fn bundled_content_is_valid() {
    let out = partnerscope().arg("validate").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains("ok"));
    assert!(
        !stderr_of(&out).contains("warning"),
        "bundled content has coverage gaps: {}",
        stderr_of(&out)
    );
}

#[test]
fn a_copy_of_the_content_is_valid() {
    let dir = content_copy();
    partnerscope()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .success();
}

#[test]
fn every_planted_problem_is_reported_in_one_run() {
    let dir = content_copy();
    let d = dir.path();
    let sr = d.join("questions/self-reflection.toml");
    let measure =
        |target: &str, weight: &str| format!("[[questions.measures]]\n{target}\nweight = {weight}");
    append(
        &sr,
        &[
            question("planted-dup", "kind = \"yes-no\"\n"),
            measure("component = \"common-agenda\"", "1.0"),
            question("planted-dup", "kind = \"yes-no\"\n"),
            measure("component = \"common-agenda\"", "1.0"),
            question("planted-unknown-component", "kind = \"yes-no\""),
            measure("component = \"no-such-component\"", "1.0"),
            question("planted-wrong-indicator", "kind = \"yes-no\""),
            measure(
                "component = \"common-agenda\"\nindicator = \"sm-shared-data\"",
                "1.0",
            ),
            question(
                "planted-unknown-stage",
                "kind = \"yes-no\"\nstages = [\"nowhere\"]",
            ),
            measure("component = \"common-agenda\"", "1.0"),
            question("planted-no-labels", "kind = \"scale\""),
            measure("component = \"common-agenda\"", "1.0"),
            question("planted-empty-labels", "kind = \"scale\"\nlabels = []"),
            measure("component = \"common-agenda\"", "1.0"),
            question("planted-zero-weight", "kind = \"yes-no\""),
            measure("component = \"common-agenda\"", "0"),
            question("planted-negative-weight", "kind = \"yes-no\""),
            measure("component = \"common-agenda\"", "-1.5"),
            question("planted-huge-weight", "kind = \"yes-no\""),
            measure("component = \"common-agenda\"", "1e308"),
        ]
        .concat(),
    );
    append(
        &d.join("questions/key-steps.toml"),
        &[
            question(
                "planted-unknown-step",
                "kind = \"choice\"\noption_set = \"progress\"",
            ),
            measure("step = \"no-such-step\"", "1.0"),
        ]
        .concat(),
    );
    append(
        &d.join("frameworks/resources.toml"),
        "\n[[resources]]\nid = \"planted-resource\"\ntitle = \"T\"\npublisher = \"P\"\nkind = \"tool\"\ncomponents = [\"no-such-component\"]\nwhen = \"W\"\n",
    );
    // A syntax error in one file does not hide the problems in the others.
    let readiness = d.join("questions/readiness.toml");
    let lines_before = std::fs::read_to_string(&readiness).unwrap().lines().count();
    append(&readiness, "\nbroken = = 1\n");

    let out = partnerscope().arg("validate").arg(d).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    let expect = [
        format!("readiness.toml:{}:", lines_before + 2),
        "duplicate question id 'planted-dup'".to_string(),
        "question 'planted-unknown-component': unknown component 'no-such-component'".to_string(),
        "indicator 'sm-shared-data' is not an indicator of component 'common-agenda'".to_string(),
        "question 'planted-unknown-stage': unknown stage 'nowhere'".to_string(),
        "question 'planted-no-labels': a scale question needs labels".to_string(),
        "question 'planted-empty-labels': a scale needs at least 2 labels".to_string(),
        "question 'planted-zero-weight': weight 0 must be more than 0 and at most 1000".to_string(),
        "question 'planted-negative-weight': weight -1.5 must be more than 0 and at most 1000"
            .to_string(),
        "question 'planted-huge-weight': weight 1e308 must be more than 0 and at most 1000"
            .to_string(),
        "question 'planted-unknown-step': unknown key step 'no-such-step'".to_string(),
        "resource 'planted-resource': unknown component 'no-such-component'".to_string(),
    ];
    for e in &expect {
        assert!(err.contains(e.as_str()), "missing {e:?} in:\n{err}");
    }
    // Each problem names its file, and semantic ones the line of the offending id.
    let unknown = err
        .lines()
        .find(|l| l.contains("planted-unknown-component"))
        .unwrap();
    assert!(
        unknown.contains("self-reflection.toml:")
            && unknown
                .split(':')
                .nth(2)
                .is_some_and(|l| l.parse::<usize>().is_ok()),
        "{unknown}"
    );
    assert!(err.contains("12 problem(s) found"), "{err}");
}

#[test]
fn unknown_fields_are_named() {
    let dir = content_copy();
    let path = dir.path().join("questions/readiness.toml");
    edit(&path, "weight =", "wieght =");
    assert_invalid(dir.path(), &["unknown field `wieght`"]);
}

#[test]
fn content_override_applies_to_every_command() {
    let dir = content_copy();
    edit(
        &dir.path().join("questions/readiness.toml"),
        "[[questions]]\nid = \"",
        "[[questions]]\nid = \"zz-overridden-",
    );
    let out = partnerscope()
        .args(["questions", "--bank", "readiness", "--format", "json"])
        .env("PARTNERSCOPE_CONTENT", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stdout_of(&out).contains("zz-overridden-"));
}

#[test]
fn missing_content_directory_is_an_error() {
    partnerscope()
        .args(["validate", "/no/such/dir"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("content directory not found"));
}

#[test]
fn the_readme_example_question_is_valid_content() {
    let readme = std::fs::read_to_string(crate::support::root().join("README.md")).unwrap();
    let section = &readme[readme.find("### Adding a question").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let snippet = &section[start..start + section[start..].find("```").unwrap()];
    let dir = content_copy();
    append(
        &dir.path().join("questions/self-reflection.toml"),
        &format!("\n{snippet}"),
    );
    let out = partnerscope()
        .arg("validate")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let bundled = stdout_of(&partnerscope().arg("validate").output().unwrap());
    let count = |text: &str| -> usize {
        let at = text.find(" questions").unwrap();
        text[..at].rsplit('(').next().unwrap().parse().unwrap()
    };
    assert!(
        count(&stdout_of(&out)) == count(&bundled) + 1,
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn the_bundled_content_scores_as_a_copy_of_it_read_from_disk() {
    let dir = content_copy();
    let assess = |content: Option<&Path>| {
        let mut cmd = partnerscope();
        if let Some(dir) = content {
            cmd.arg("--content").arg(dir);
        }
        let out = cmd
            .args(["assess", "--answers"])
            .arg(crate::support::root().join("examples/early-partnership.toml"))
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        stdout_of(&out)
    };
    let bundled = assess(None);
    assert!(bundled.contains("sha256:"), "{bundled}");
    assert_eq!(bundled, assess(Some(dir.path())));
}

#[test]
fn the_framework_rules_must_name_what_it_defines_and_keep_their_order() {
    let dir = content_copy();
    let fw = dir.path().join("frameworks/collective-impact.toml");
    edit(
        &fw,
        "quick_win_stages = [\"discover\", \"define\", \"develop\"]",
        "quick_win_stages = [\"discover\", \"nostage\"]",
    );
    edit(&fw, "id = \"developing\"", "id = \"developing\"\n#");
    edit(&fw, "min = 50\n", "min = 75\n");
    edit(
        &fw,
        "key_steps_done = 4\nmin_score = 62",
        "key_steps_done = 1\nmin_score = 62",
    );
    edit(&fw, "min_each_component = 75", "min_each_component = 250");
    edit(&fw, "max_actions = 3", "max_actions = 0");
    edit(&fw, "\nid = \"progress\"", "\nid = \"progress\"\n#");
    let text = std::fs::read_to_string(&fw).unwrap();
    let precondition = text
        .find("precondition = \"")
        .expect("a key step names its precondition");
    let end = precondition + text[precondition..].find('\n').unwrap();
    std::fs::write(
        &fw,
        format!(
            "{}precondition = \"no-such-precondition\"{}",
            &text[..precondition],
            &text[end..]
        ),
    )
    .unwrap();

    assert_invalid(
        dir.path(),
        &[
            "suggestions.quick_win_stages names 'nostage', which is not a stage",
            "bands must be listed from the lowest minimum to the highest",
            "stage 'deliver' asks for a lower key_steps_done than 'develop' before it",
            "stage 'do-more': min_each_component must be within 0-100",
            "suggestions.max_actions must be at least 1",
            "names precondition 'no-such-precondition', which is not a precondition",
        ],
    );
}

#[test]
fn a_choice_option_needs_a_label() {
    let dir = content_copy();
    append(
        &dir.path().join("questions/self-reflection.toml"),
        &question(
            "planted-blank-option",
            "kind = \"choice\"\noptions = [{ id = \"a\", label = \"\", score = 0.0 }, { id = \"b\", label = \"B\", score = 1.0 }]",
        ),
    );
    assert_invalid(dir.path(), &["option 'a' needs a label"]);
}

#[test]
fn a_folder_without_content_files_is_refused_and_stray_banks_are_warned_of() {
    let empty = tempfile::tempdir().unwrap();
    assert_invalid(empty.path(), &["holds none of the content files"]);

    let dir = content_copy();
    std::fs::copy(
        dir.path().join("questions/readiness.toml"),
        dir.path().join("questions/extra.toml"),
    )
    .unwrap();
    let out = partnerscope()
        .arg("validate")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("extra.toml: is not read"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_repeated_id_is_pointed_at_where_it_is_repeated() {
    let dir = content_copy();
    let fw = dir.path().join("frameworks/collective-impact.toml");
    let text = std::fs::read_to_string(&fw).unwrap();
    let at = text.find("[readiness]").expect("a readiness table");
    let repeated = "[[preconditions]]\nid = \"financial-resources\"\ngroup = \"precondition\"\nname = \"Again\"\nsummary = \"Again\"\n\n";
    std::fs::write(&fw, format!("{}{repeated}{}", &text[..at], &text[at..])).unwrap();
    let line = text[..at].lines().count() + 2;
    assert_invalid(
        dir.path(),
        &[&format!(
            ":{line}:1: duplicate precondition id 'financial-resources'"
        )],
    );
}

#[test]
fn a_mistake_in_one_question_does_not_hide_those_in_others() {
    let dir = content_copy();
    append(
        &dir.path().join("questions/self-reflection.toml"),
        &[
            question("planted-colour", "kind = \"yes-no\"\ncolour = \"red\""),
            question("planted-kind", "kind = \"sclae\""),
            question("planted-weight", "kind = \"yes-no\""),
            "[[questions.measures]]\ncomponent = \"common-agenda\"\nweight = \"1\"\n".to_string(),
        ]
        .concat(),
    );
    let err = assert_invalid(
        dir.path(),
        &[
            "unknown field `colour`",
            "question 'planted-kind': unknown variant `sclae`",
            "question 'planted-weight': invalid type: string \"1\"",
        ],
    );
    assert!(err.contains("3 problem(s) found"), "{err}");
}

#[test]
fn bytes_that_are_not_utf8_are_pointed_at() {
    let dir = content_copy();
    let path = dir.path().join("questions/readiness.toml");
    let mut bytes = std::fs::read(&path).unwrap();
    let lines_before = bytes.iter().filter(|&&b| b == b'\n').count();
    bytes.extend_from_slice(b"# caf\xe9\n");
    std::fs::write(&path, bytes).unwrap();
    assert_invalid(
        dir.path(),
        &[&format!(
            "readiness.toml:{}:6: not valid UTF-8 text",
            lines_before + 1
        )],
    );
}
