//! Worked partnership profiles: answers files a facilitator would recognise,
//! each beside the verdict, stage, suggestions and actions a careful
//! evaluator expects, reasoned in its `.expect.toml`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::support::{partnerscope, root, run_ok};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// A verdict id, or `not-assessed` when readiness was not asked.
    verdict: String,
    /// A stage id, or `provisional` when any stage would be a guess.
    stage: String,
    stage_provisional: bool,
    /// At least one of these is among the suggestions.
    top_resources: Vec<String>,
    forbidden_resources: Vec<String>,
    forbidden_actions_containing: Vec<String>,
    #[allow(dead_code)]
    reasoning: String,
}

/// Profiles whose expected resources the ranking does not yet reach; every
/// other expectation of theirs is still checked. The partnership of
/// convenience is ranked by its weakest foundations (data, backbone capacity)
/// where a facilitator would start with how partners work together.
const RESOURCES_NOT_YET_REACHED: [&str; 1] = ["partnership-of-convenience.expect.toml"];

fn profiles() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join("tests/profiles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_str().unwrap().ends_with(".expect.toml"))
        .collect();
    found.sort();
    found
}

fn assess(answers: &Path) -> Value {
    let json = run_ok(
        partnerscope()
            .arg("assess")
            .arg("--answers")
            .arg(answers)
            .args(["--format", "json"]),
    );
    serde_json::from_str(&json).unwrap()
}

fn check(expect_file: &Path) -> Vec<String> {
    let expect: Expect = toml::from_str(&std::fs::read_to_string(expect_file).unwrap()).unwrap();
    let answers = PathBuf::from(
        expect_file
            .to_str()
            .unwrap()
            .replace(".expect.toml", ".toml"),
    );
    let result = assess(&answers);
    let mut wrong = Vec::new();
    let verdict = result["readiness"]["verdict"]
        .as_str()
        .unwrap_or("not-assessed");
    if verdict != expect.verdict {
        wrong.push(format!("verdict {verdict}, expected {}", expect.verdict));
    }
    let stage = result["stage"]["id"].as_str().unwrap();
    if expect.stage != "provisional" && stage != expect.stage {
        wrong.push(format!("stage {stage}, expected {}", expect.stage));
    }
    if result["stage"]["provisional"] != expect.stage_provisional {
        wrong.push(format!(
            "provisional should be {}",
            expect.stage_provisional
        ));
    }
    let suggested: Vec<&str> = result["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["resource"].as_str().unwrap())
        .collect();
    let name = expect_file.file_name().unwrap().to_string_lossy();
    let reached = expect
        .top_resources
        .iter()
        .any(|r| suggested.contains(&r.as_str()));
    if reached == RESOURCES_NOT_YET_REACHED.contains(&name.as_ref()) {
        wrong.push(format!(
            "expected resources {:?} reached: {reached}; suggested {suggested:?}",
            expect.top_resources
        ));
    }
    for r in &expect.forbidden_resources {
        if suggested.contains(&r.as_str()) {
            wrong.push(format!("{r} should not be suggested"));
        }
    }
    let actions = result["action_plan"].to_string().to_lowercase();
    for text in &expect.forbidden_actions_containing {
        if actions.contains(&text.to_lowercase()) {
            wrong.push(format!("the action plan should not say {text:?}"));
        }
    }
    wrong
}

#[test]
fn every_worked_profile_reads_as_a_facilitator_expects() {
    let profiles = profiles();
    assert!(profiles.len() >= 10, "ten worked profiles at least");
    let failures: Vec<String> = profiles
        .iter()
        .flat_map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            check(p).into_iter().map(move |w| format!("{name}: {w}"))
        })
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}
