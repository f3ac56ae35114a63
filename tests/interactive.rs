//! The interactive session driven through a real pseudo-terminal.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::{Eof, Regex, Session, WaitStatus};
use serde_json::Value;

use crate::support::{partnerscope, stderr_of};

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const CTRL_C: &str = "\x03";

fn spawn(dir: &Path, args: &[&str]) -> Session {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_partnerscope"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("PARTNERSCOPE_CONTENT");
    let mut session = Session::spawn(cmd).expect("spawn in a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

/// Types keys once the prompt has settled: console reads each key in raw
/// mode and keys that arrive while it switches modes can be dropped, as a
/// person typing never notices.
fn type_keys(p: &mut Session, keys: impl AsRef<[u8]>) {
    std::thread::sleep(Duration::from_millis(100));
    p.send(keys).unwrap();
}

/// What the interview shows next.
#[derive(Debug, PartialEq)]
enum Screen {
    Question(usize, usize),
    Note,
    Review,
}

/// The next screen. Right after a note was answered its prompt is drawn
/// again with the answer, so only a question or the review can come next.
fn next_screen(p: &mut Session, note_possible: bool) -> Screen {
    let pattern = if note_possible {
        r"Question (\d+) of (\d+)|What would need to change|Review: pick"
    } else {
        r"Question (\d+) of (\d+)|Review: pick"
    };
    let found = p
        .expect(Regex(pattern))
        .expect("the interview shows a question, a note prompt or the review");
    let text = String::from_utf8_lossy(found.get(0).unwrap()).into_owned();
    if text.starts_with("Question") {
        let n = |i| {
            String::from_utf8_lossy(found.get(i).unwrap())
                .parse()
                .unwrap()
        };
        Screen::Question(n(1), n(2))
    } else if text.starts_with("What") {
        Screen::Note
    } else {
        Screen::Review
    }
}

/// Answers every remaining question with `keys(question number)`, skips
/// notes, and finishes at the review.
fn answer_all(p: &mut Session, keys: impl Fn(usize) -> String) {
    let mut note_possible = true;
    loop {
        match next_screen(p, note_possible) {
            Screen::Note => {
                type_keys(p, ENTER);
                note_possible = false;
            }
            Screen::Question(k, _) => {
                type_keys(p, keys(k));
                note_possible = true;
            }
            Screen::Review => {
                type_keys(p, ENTER);
                return;
            }
        }
    }
}

/// The id of the first question of a bank.
fn first_question(bank: &str) -> String {
    let out = partnerscope()
        .args(["questions", "--bank", bank, "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["banks"][0]["questions"][0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn exit_code(p: &mut Session) -> i32 {
    p.expect(Eof).ok();
    match p.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit normally: {other:?}"),
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The second option everywhere: a 2 on a scale, "no", "under way".
fn second_option(_: usize) -> String {
    format!("{DOWN}{ENTER}")
}

#[test]
fn an_individual_session_runs_to_a_saved_result() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "assess",
            "--partnership",
            "Riverside CEP",
            "--member",
            "Ana",
            "--parts",
            "readiness,key-steps",
        ],
    );
    answer_all(&mut p, second_option);
    p.expect("Result saved to").unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        files.len(),
        1,
        "the result only, no progress file left: {files:?}"
    );
    assert!(files[0].starts_with("riverside-cep-ana-") && files[0].ends_with(".json"));
    let result = read_json(&dir.path().join(&files[0]));
    assert_eq!(result["partnership"], "Riverside CEP");
    assert_eq!(result["member"], "Ana");
    assert_eq!(
        result["parts"],
        serde_json::json!(["readiness", "key-steps"])
    );
    let steps = result["key_steps"].as_array().unwrap();
    assert!(steps.iter().all(|s| s["status"] == "under-way"));
    assert!(result["readiness"]["verdict"].is_string());
}

#[test]
fn going_back_changes_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let mut p = spawn(
        dir.path(),
        &[
            "assess",
            "--partnership",
            "P",
            "--member",
            "M",
            "--parts",
            "key-steps",
            "--output",
            "out.json",
        ],
    );
    assert!(matches!(next_screen(&mut p, false), Screen::Question(1, _)));
    type_keys(&mut p, format!("{DOWN}{ENTER}")); // under way
    assert!(matches!(next_screen(&mut p, false), Screen::Question(2, _)));
    type_keys(&mut p, format!("{UP}{ENTER}")); // the last item: back
    assert!(matches!(next_screen(&mut p, false), Screen::Question(1, _)));
    // The cursor starts on the earlier answer; one more step down is "done".
    type_keys(&mut p, format!("{DOWN}{ENTER}"));
    answer_all(&mut p, |_| ENTER.to_string());
    assert_eq!(exit_code(&mut p), 0);
    let result = read_json(&out);
    assert_eq!(result["answers"][first_question("key-steps")], "done");
}

#[test]
fn a_group_round_shows_disagreement_and_saves_every_member() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(
        dir.path(),
        &[
            "assess",
            "--group",
            "--members",
            "3",
            "--partnership",
            "P",
            "--parts",
            "key-steps",
            "--output",
            "group.json",
        ],
    );
    assert!(matches!(next_screen(&mut p, false), Screen::Question(1, _)));
    type_keys(&mut p, format!("3 1 -{ENTER}"));
    p.expect("members disagree").unwrap();
    answer_all(&mut p, |_| format!("2 2 2{ENTER}"));
    assert_eq!(exit_code(&mut p), 0);
    let result = read_json(&dir.path().join("group.json"));
    assert_eq!(result["mode"], "group");
    let members = result["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    let first = first_question("key-steps");
    assert_eq!(members[0]["answers"][&first], "done");
    assert_eq!(members[1]["answers"][&first], "not-started");
    assert_eq!(members[2]["answers"][&first], "dont-know");
    assert!(!result["disagreements"].as_array().unwrap().is_empty());
}

#[test]
fn ctrl_c_keeps_progress_and_resume_finishes_with_the_same_result() {
    let keys = |k: usize| {
        // Vary the answers so that a lost or shifted answer would show.
        let downs = k % 3;
        format!("{}{ENTER}", DOWN.repeat(downs))
    };
    let args = [
        "assess",
        "--partnership",
        "P",
        "--member",
        "M",
        "--parts",
        "readiness",
        "--output",
    ];

    let whole_dir = tempfile::tempdir().unwrap();
    let mut p = spawn(whole_dir.path(), &[&args[..], &["whole.json"]].concat());
    answer_all(&mut p, keys);
    assert_eq!(exit_code(&mut p), 0);
    let whole = read_json(&whole_dir.path().join("whole.json"));

    let dir = tempfile::tempdir().unwrap();
    let mut p = spawn(dir.path(), &[&args[..], &["part.json"]].concat());
    let mut note_possible = true;
    loop {
        match next_screen(&mut p, note_possible) {
            Screen::Question(k, _) if k <= 4 => {
                type_keys(&mut p, keys(k));
                note_possible = true;
            }
            Screen::Question(..) => break,
            Screen::Note => {
                type_keys(&mut p, ENTER);
                note_possible = false;
            }
            Screen::Review => panic!("too few questions to interrupt"),
        }
    }
    type_keys(&mut p, CTRL_C);
    p.expect("assess --resume part.progress.json").unwrap();
    assert_eq!(exit_code(&mut p), 130);
    let progress = read_json(&dir.path().join("part.progress.json"));
    assert_eq!(progress["position"], 4);
    assert!(!dir.path().join("part.json").exists());

    let mut p = spawn(dir.path(), &["assess", "--resume", "part.progress.json"]);
    p.expect("Resuming P at question 5").unwrap();
    answer_all(&mut p, keys);
    assert_eq!(exit_code(&mut p), 0);
    let resumed = read_json(&dir.path().join("part.json"));
    assert_eq!(resumed, whole);
    assert!(!dir.path().join("part.progress.json").exists());
}

#[test]
fn without_a_terminal_it_refuses_instead_of_waiting() {
    let out = partnerscope()
        .args(["assess", "--partnership", "P"])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    let err = stderr_of(&out);
    assert!(
        err.contains("--answers") && err.contains("partnerscope template"),
        "{err}"
    );
}
