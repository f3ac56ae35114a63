//! The interactive session driven through a real pseudo-terminal. Every key
//! is sent only once the prompt it answers is on screen.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::{Session, Signal, WaitStatus};
use serde_json::Value;

use crate::support::{partnerscope, stderr_of};

const CTRL_C: &str = "\x03";

/// A session in a pseudo-terminal, with everything it printed and a count
/// of the keys pressed (typed text counts only its Enter).
struct Driver {
    p: Session,
    /// Printed and not yet matched.
    pending: Vec<u8>,
    log: Vec<u8>,
    keys: usize,
}

/// How long any one prompt may take to appear.
const PROMPT_TIMEOUT: Duration = Duration::from_secs(30);

impl Driver {
    fn spawn(dir: &Path, args: &[&str]) -> Self {
        Self::spawn_sized(dir, args, "xterm", (80, 24))
    }

    fn spawn_sized(dir: &Path, args: &[&str], term: &str, (cols, rows): (u16, u16)) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_partnerscope"));
        cmd.args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env("TERM", term)
            .env_remove("PARTNERSCOPE_CONTENT");
        let mut p = Session::spawn(cmd).expect("spawn in a pseudo-terminal");
        p.get_process_mut().set_window_size(cols, rows).unwrap();
        Driver {
            p,
            pending: Vec::new(),
            log: Vec::new(),
            keys: 0,
        }
    }

    /// Reads what the program printed since; `false` at its end.
    fn read_more(&mut self) -> bool {
        let mut buf = [0; 8192];
        match self.p.try_read(&mut buf) {
            Ok(0) => false,
            Ok(n) => {
                self.pending.extend_from_slice(&buf[..n]);
                true
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                // Nothing yet: poll again shortly.
                std::thread::sleep(Duration::from_millis(5));
                true
            }
            // A pseudo-terminal whose program has exited reads as an error.
            Err(_) => false,
        }
    }

    /// Waits for the first match of the pattern and returns its groups (0
    /// is the whole match; a group that took no part is empty).
    fn wait(&mut self, pattern: &str) -> Vec<String> {
        let re = regex::bytes::Regex::new(pattern).unwrap();
        let deadline = Instant::now() + PROMPT_TIMEOUT;
        loop {
            if let Some(found) = re.captures(&self.pending) {
                let groups = found
                    .iter()
                    .map(|m| {
                        m.map_or(String::new(), |m| {
                            String::from_utf8_lossy(m.as_bytes()).into_owned()
                        })
                    })
                    .collect();
                let end = found.get(0).unwrap().end();
                self.log.extend(self.pending.drain(..end));
                return groups;
            }
            if !self.read_more() || Instant::now() > deadline {
                self.log.append(&mut self.pending);
                panic!(
                    "waiting for {pattern:?}\n--- screen so far ---\n{}",
                    self.screen()
                );
            }
        }
    }

    fn key(&mut self, key: &str) {
        self.keys += 1;
        self.p.send(key).unwrap();
    }

    fn line(&mut self, text: &str) {
        self.keys += 1;
        self.p.send(format!("{text}\r")).unwrap();
    }

    fn exit_code(&mut self) -> i32 {
        let deadline = Instant::now() + PROMPT_TIMEOUT;
        while self.read_more() && Instant::now() < deadline {}
        self.log.append(&mut self.pending);
        match self.p.get_process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("did not exit normally: {other:?}"),
        }
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.log).into_owned()
    }
}

/// One person answering the self-reflection part into r.json.
const ONE_PERSON_SELF_REFLECTION: [&str; 9] = [
    "assess",
    "--partnership",
    "P",
    "--member",
    "M",
    "--parts",
    "self-reflection",
    "--output",
    "r.json",
];

/// One person answering the key-steps part into r.json.
const ONE_PERSON_KEY_STEPS: [&str; 9] = [
    "assess",
    "--partnership",
    "P",
    "--member",
    "M",
    "--parts",
    "key-steps",
    "--output",
    "r.json",
];

/// What the interview asks next, in single-key mode.
const NEXT: &str = r"Question (\d+) of \d+|Keys: 1-(\d+) answer|Your answer:|What would need to change\? \(Enter to skip\)|l lists every answer\s+Review:";

/// Answers every remaining question: `pick(question, options)` gives the key
/// for a menu; text questions, follow-ups and the review get Enter.
fn answer_all(d: &mut Driver, pick: impl Fn(usize, usize) -> String) {
    let mut question = 0;
    loop {
        let found = d.wait(NEXT);
        if found[0].starts_with("Question") {
            question = found[1].parse().unwrap();
        } else if found[0].starts_with("Keys") {
            let options = found[2].parse().unwrap();
            let key = pick(question, options);
            d.key(&key);
        } else if found[0].contains("Review") {
            d.line("");
            return;
        } else {
            d.line("");
        }
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    files
}

/// Every question of the bundled content: (id, reverse-worded, text).
fn bundled_questions(bank: Option<&str>) -> Vec<(String, bool, String)> {
    let mut cmd = partnerscope();
    cmd.args(["questions", "--format", "json"]);
    if let Some(bank) = bank {
        cmd.args(["--bank", bank]);
    }
    let doc: Value = serde_json::from_slice(&cmd.output().unwrap().stdout).unwrap();
    doc["banks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["questions"].as_array().unwrap().clone())
        .map(|q| {
            let s = |k: &str| q[k].as_str().unwrap().to_string();
            (s("id"), q["reverse"] == true, s("text"))
        })
        .collect()
}

/// A fairly positive person: agrees (disagrees with reverse-worded
/// statements), rates every twentieth question low, and takes the first
/// option of everything else.
fn mostly_agree(questions: &[(String, bool, String)], question: usize, options: usize) -> String {
    let reverse = questions[question - 1].1;
    match options {
        5 if question.is_multiple_of(20) => "1".into(),
        5 if reverse => "2".into(),
        5 => "4".into(),
        _ => "1".into(),
    }
}

#[test]
fn a_full_session_takes_one_key_per_question() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::spawn(dir.path(), &["assess", "--output", "r.json"]);
    d.wait("Partnership name:");
    d.line("Riverside CEP");
    d.wait("Keys: 1-2 answer");
    d.key("1");
    d.wait(r#"Enter for "group":"#);
    d.line("Ana");
    d.wait(r"e\.g\. 1 3\):");
    d.line("");
    let questions = bundled_questions(None);
    answer_all(&mut d, |q, options| mostly_agree(&questions, q, options));
    d.wait("The full result is saved in r.json");
    d.wait("--format html --output r.html");
    assert_eq!(d.exit_code(), 0);

    let follow_ups = d.screen().matches("What would need to change?").count();
    println!(
        "{} keys for {} questions, {follow_ups} follow-ups",
        d.keys,
        questions.len()
    );
    assert!(
        follow_ups > 0,
        "the low ratings asked what would need to change"
    );
    assert!(
        d.keys <= questions.len() + 15,
        "{} keys for {} questions ({follow_ups} follow-ups skipped with Enter)",
        d.keys,
        questions.len()
    );
    assert_eq!(files_in(dir.path()), ["r.json"], "no progress or lock left");
    let result = read_json(&dir.path().join("r.json"));
    assert_eq!(result["partnership"], "Riverside CEP");
    assert_eq!(result["member"], "Ana");
    // The key typed is the answer recorded: a 4 is a 4, not the first option.
    let (first, _, _) = &questions[0];
    assert_eq!(result["answers"][first], 4);
    let screen = d.screen();
    assert!(screen.contains("Components (0-100):") && screen.contains("Readiness:"));
}

#[test]
fn no_question_is_cut_at_sixty_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::spawn_sized(
        dir.path(),
        &[
            "assess",
            "--partnership",
            "P",
            "--member",
            "M",
            "--parts",
            "readiness",
            "--output",
            "r.json",
        ],
        "xterm",
        (60, 15),
    );
    answer_all(&mut d, |_, _| "d".into());
    assert_eq!(d.exit_code(), 0);
    let screen = d.screen();
    let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!screen.contains('…'), "nothing is cut short");
    for (id, _, text) in bundled_questions(Some("readiness")) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&text), "{id} is not shown in full");
    }
    let widest = screen
        .lines()
        .filter(|l| !l.contains('\x1b'))
        .map(|l| l.trim_end_matches('\r'))
        .max_by_key(|l| l.chars().count())
        .unwrap();
    assert!(widest.chars().count() <= 60, "too wide: {widest}");
}

#[test]
fn going_back_shows_the_earlier_answer_and_enter_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::spawn(
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
    d.wait("Question 1 of");
    d.wait("Keys: 1-3 answer");
    d.key("3"); // done
    d.wait("Question 2 of");
    d.wait("b back");
    d.key("b");
    d.wait("Question 1 of");
    d.wait(r"3  Done   \(current answer\)");
    d.wait("Enter keep");
    d.key("\r");
    d.wait("Done \\(kept\\)");
    answer_all(&mut d, |_, _| "2".into());
    assert_eq!(d.exit_code(), 0);
    let result = read_json(&dir.path().join("out.json"));
    let (first, _, _) = &bundled_questions(Some("key-steps"))[0];
    assert_eq!(result["answers"][first], "done");
}

#[test]
fn ctrl_c_at_the_follow_up_keeps_the_rating_and_resume_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::spawn(dir.path(), &ONE_PERSON_SELF_REFLECTION);
    d.wait("Keys: 1-5 answer");
    d.key("1");
    d.wait(r"What would need to change\? \(Enter to skip\)");
    d.key(CTRL_C);
    d.wait("continue with: partnerscope assess --resume r.progress.json");
    assert_eq!(d.exit_code(), 130);
    let progress = read_json(&dir.path().join("r.progress.json"));
    let (first, _, _) = &bundled_questions(Some("self-reflection"))[0];
    assert_eq!(progress["members"][0]["answers"][first], 1);
    assert_eq!(progress["position"], 1);
    assert_eq!(files_in(dir.path()), ["r.progress.json"], "no lock left");

    let mut d = Driver::spawn(dir.path(), &["assess", "--resume", "r.progress.json"]);
    d.wait("Resuming P at question 2 of");
    answer_all(&mut d, |_, _| "d".into());
    assert_eq!(d.exit_code(), 0);
    let review = regex::Regex::new(r#"Review: 1 of \d+ questions answered; "don't know" to \d+\."#);
    assert!(review.unwrap().is_match(&d.screen()), "{}", d.screen());
    assert_eq!(read_json(&dir.path().join("r.json"))["answers"][first], 1);
}

#[test]
fn a_group_round_keeps_a_note_and_the_follow_up_and_shows_the_spread() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::spawn(
        dir.path(),
        &[
            "assess",
            "--group",
            "--members",
            "3",
            "--partnership",
            "P",
            "--parts",
            "self-reflection",
            "--output",
            "g.json",
        ],
    );
    d.wait("Question 1 of");
    d.wait("Answers:");
    d.line("b");
    d.wait("first question; there is nothing before it");
    d.wait("Answers:");
    d.line("n");
    d.wait("Note on this question:");
    d.line("NOTE A from discussion");
    d.wait("Answers:");
    d.line("1 x 9");
    d.wait(r"'x', '9' are not an answer here: type 1-5 or - \(don't know\)");
    d.line("1 2 -");
    d.wait(r"Spread: 1:1 2:1 3:0 4:0 5:0 -:1");
    d.wait(r"The room rates this low\. What would need to change\?");
    d.line("FOLLOW B");
    d.wait("Question 2 of");
    d.wait("Answers:");
    d.line("b");
    d.wait("Question 1 of");
    d.wait(r"Current answers: 1 2 - \(Enter keeps them\)");
    d.line("");
    d.wait("Question 2 of");
    d.wait("Answers:");
    d.line("Y n Y");
    d.wait("Question 3 of");
    d.wait("Answers:");
    d.key(CTRL_C);
    assert_eq!(d.exit_code(), 130);
    let progress = read_json(&dir.path().join("g.progress.json"));
    let (first, _, _) = &bundled_questions(Some("self-reflection"))[0];
    assert_eq!(
        progress["shared"]["notes"][first],
        "NOTE A from discussion; FOLLOW B"
    );
    let members = progress["members"].as_array().unwrap();
    assert_eq!(members[0]["answers"][first], 1);
    assert_eq!(members[1]["answers"][first], 2);
    assert_eq!(members[2]["answers"][first], "dont-know");
    assert_eq!(progress["position"], 2);
    // The line editor draws a prompt twice: while typing, and once more with
    // the answer. A follow-up per member would draw it four times or more.
    let follow_ups = d.screen().matches("What would need to change").count();
    assert_eq!(follow_ups, 2, "asked once for the question, not per member");
}

#[test]
fn a_closed_terminal_keeps_progress_and_restores_nothing_half_done() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::spawn(dir.path(), &ONE_PERSON_KEY_STEPS);
    for n in 1..=2 {
        d.wait(&format!("Question {n} of"));
        d.wait("Keys: 1-3 answer");
        d.key("2");
    }
    d.wait("Question 3 of");
    d.wait("Keys: 1-3 answer");
    d.p.get_process_mut().signal(Signal::SIGHUP).unwrap();
    assert_eq!(d.exit_code(), 130);
    assert_eq!(files_in(dir.path()), ["r.progress.json"]);
    let progress = read_json(&dir.path().join("r.progress.json"));
    assert_eq!(progress["position"], 2);
    assert_eq!(
        progress["members"][0]["answers"].as_object().unwrap().len(),
        2
    );
}

#[test]
fn a_held_progress_file_refuses_a_second_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = Driver::spawn(dir.path(), &ONE_PERSON_KEY_STEPS);
    first.wait("Keys: 1-3 answer");
    let mut second = Driver::spawn(dir.path(), &["assess", "--resume", "r.progress.json"]);
    second.wait("r.progress.json is open in another partnerscope session");
    assert_eq!(second.exit_code(), 5);
    first.key("3");
    first.wait("Question 2 of");
    first.wait("Keys: 1-3 answer");
    first.key(CTRL_C);
    assert_eq!(first.exit_code(), 130);
    let progress = read_json(&dir.path().join("r.progress.json"));
    assert_eq!(
        progress["position"], 1,
        "the second session changed nothing"
    );
}

/// A progress file as a session leaves it after one answer.
fn interrupted_session(dir: &Path, output: &str) {
    let mut d = Driver::spawn(
        dir,
        &[
            "assess",
            "--partnership",
            "P",
            "--member",
            "M",
            "--parts",
            "key-steps",
            "--output",
            output,
        ],
    );
    d.wait("Keys: 1-3 answer");
    d.key("3");
    d.wait("Question 2 of");
    d.wait("Keys: 1-3 answer");
    d.key(CTRL_C);
    assert_eq!(d.exit_code(), 130);
}

#[test]
fn a_progress_file_is_checked_instead_of_crashing() {
    let dir = tempfile::tempdir().unwrap();
    interrupted_session(dir.path(), "r.json");
    let path = dir.path().join("r.progress.json");
    let mut progress = read_json(&path);
    progress["members"] = serde_json::json!([]);
    std::fs::write(&path, progress.to_string()).unwrap();
    let mut d = Driver::spawn(dir.path(), &["assess", "--resume", "r.progress.json"]);
    d.wait("r.progress.json: members has 0 entries; 1 expected for one person");
    assert_eq!(d.exit_code(), 4);
}

#[test]
fn resume_writes_beside_the_progress_file_and_replaces_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    interrupted_session(&sub, "r.json");
    std::fs::write(sub.join("r.json"), "precious").unwrap();

    let mut d = Driver::spawn(dir.path(), &["assess", "--resume", "sub/r.progress.json"]);
    d.wait("sub/r.json already exists");
    assert_eq!(d.exit_code(), 5);
    assert_eq!(
        std::fs::read_to_string(sub.join("r.json")).unwrap(),
        "precious"
    );

    let mut d = Driver::spawn(
        dir.path(),
        &["assess", "--resume", "sub/r.progress.json", "--force"],
    );
    d.wait("Resuming P at question 2 of");
    answer_all(&mut d, |_, _| "1".into());
    assert_eq!(d.exit_code(), 0);
    assert_eq!(
        files_in(dir.path()),
        ["sub"],
        "nothing in the folder resumed from"
    );
    assert_eq!(files_in(&sub), ["r.json"]);
    let (first, _, _) = &bundled_questions(Some("key-steps"))[0];
    assert_eq!(read_json(&sub.join("r.json"))["answers"][first], "done");
}

#[test]
fn plain_mode_completes_a_session_without_moving_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::spawn(
        dir.path(),
        &[
            "assess",
            "--plain",
            "--partnership",
            "P",
            "--member",
            "M",
            "--parts",
            "key-steps",
            "--format",
            "markdown",
            "--output",
            "r.md",
        ],
    );
    d.wait("Question 1 of");
    d.wait("Answer:");
    d.line("4");
    d.wait("'4' is not an answer here");
    d.wait("Answer:");
    d.line("?");
    d.wait("Answer:");
    d.line("3");
    loop {
        let found = d.wait(r"Answer:|l lists every answer\s+Review:");
        if found[0].contains("Review") {
            d.line("");
            break;
        }
        d.line("2");
    }
    d.wait("The full result is saved in r.md");
    assert_eq!(d.exit_code(), 0);
    let screen = d.screen();
    assert!(
        !screen.contains('\x1b'),
        "no escape sequence at all: {:?}",
        screen
            .find('\x1b')
            .map(|i| &screen[i..(i + 20).min(screen.len())])
    );
    assert!(screen.contains("  1  Not started") && screen.contains("Type 1-3 answer"));
    let report = std::fs::read_to_string(dir.path().join("r.md")).unwrap();
    assert!(report.starts_with('#'), "the chosen format: {report:.40}");
}

#[test]
fn a_dumb_terminal_gets_plain_prompts() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::spawn_sized(
        dir.path(),
        &["assess", "--partnership", "P", "--member", "M"],
        "dumb",
        (80, 24),
    );
    d.wait("Parts to run");
    d.line("3");
    d.wait("Question 1 of");
    d.wait("Answer:");
    d.key(CTRL_C);
    assert_eq!(d.exit_code(), 130);
    assert!(!d.screen().contains('\x1b'));
}

#[test]
fn lines_pasted_into_a_note_after_the_first_answer_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::spawn(dir.path(), &ONE_PERSON_KEY_STEPS);
    d.wait("Keys: 1-3 answer");
    d.key("n");
    d.wait("Note on this question:");
    // One write, as a terminal delivers a paste: every letter after the
    // first line would be a key for the menus that follow.
    d.line("first pasted line\rsecond pasted line\rthird d2 n");
    d.wait("Only the first line of what was pasted is kept.");
    d.wait("Question 1 of");
    d.wait("Keys: 1-3 answer");
    d.key("1");
    d.wait("Question 2 of");
    d.wait("Keys: 1-3 answer");
    d.key(CTRL_C);
    assert_eq!(d.exit_code(), 130);
    let progress = read_json(&dir.path().join("r.progress.json"));
    let (first, _, _) = &bundled_questions(Some("key-steps"))[0];
    let member = &progress["members"][0];
    assert_eq!(member["answers"][first], "not-started");
    assert_eq!(member["answers"].as_object().unwrap().len(), 1);
    assert_eq!(member["notes"][first], "first pasted line");
    assert_eq!(member["notes"].as_object().unwrap().len(), 1);
}

#[test]
fn help_asked_for_twice_is_shown_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::spawn(dir.path(), &ONE_PERSON_KEY_STEPS);
    d.wait("Keys: 1-3 answer");
    d.key("?");
    d.wait("Keys: 1-3 answer");
    d.key("?");
    d.key("1");
    d.wait("Question 2 of");
    // The menu drawn first, then once more below the help.
    assert_eq!(
        d.screen().matches("Keys: 1-3 answer").count(),
        2,
        "{}",
        d.screen()
    );
    d.key(CTRL_C);
    assert_eq!(d.exit_code(), 130);
}

#[test]
fn the_review_marks_edits_notes_and_changes_by_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::spawn(dir.path(), &ONE_PERSON_KEY_STEPS);
    d.wait("Keys: 1-3 answer");
    d.key("n");
    d.wait("Note on this question:");
    d.line("first thought");
    d.wait("Keys: 1-3 answer");
    d.key("1");
    loop {
        let found = d.wait(r"Keys: 1-3 answer|l lists every answer\s+Review:");
        if found[0].contains("Review") {
            break;
        }
        d.key("2");
    }
    d.line("m 3");
    d.wait("To come back to: 3.");
    d.wait("Review:");
    d.line("e 1");
    d.wait("Note on question 1: first thought");
    d.wait("New note");
    d.line("agreed at the March meeting");
    d.wait("Review:");
    d.line("2");
    d.wait("Question 2 of");
    d.wait("Keys: 1-3 answer");
    d.key("3");
    d.wait("Review:");
    d.line("");
    d.wait("Still marked to come back to: 3. Enter again finishes");
    d.wait("Review:");
    d.line("");
    assert_eq!(d.exit_code(), 0);
    let result = read_json(&dir.path().join("r.json"));
    let ids: Vec<String> = bundled_questions(Some("key-steps"))
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    assert_eq!(result["notes"][&ids[0]], "agreed at the March meeting");
    assert_eq!(result["answers"][&ids[1]], "done");
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

#[test]
fn a_line_longer_than_the_terminal_is_shown_once_and_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::spawn_sized(
        dir.path(),
        &["assess", "--output", "r.json"],
        "xterm",
        (60, 24),
    );
    d.wait("Partnership name:");
    let name = "Riverside and Harbourside ".repeat(5);
    let name = name.trim();
    d.line(name);
    d.wait("Who is answering");
    let size = |n| std::num::NonZeroU16::new(n).unwrap();
    let mut terminal = vt100::Parser::new(size(24), size(60), 0);
    terminal.process(&d.log);
    let screen = terminal.screen().contents();
    assert_eq!(
        screen.matches("Partnership name:").count(),
        1,
        "the wrapped line is shown twice:\n{screen}"
    );
    assert!(screen.contains(name), "{screen}");
    d.key(CTRL_C);
    assert_eq!(d.exit_code(), 130);
}

#[test]
fn a_question_mark_on_a_text_question_asks_for_help_instead_of_answering() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Driver::spawn(dir.path(), &ONE_PERSON_SELF_REFLECTION);
    let mut question = 0;
    loop {
        let found = d.wait(NEXT);
        if found[0].starts_with("Question") {
            question = found[1].parse().unwrap();
        } else if found[0].starts_with("Keys") {
            d.key("1");
        } else if found[0] == "Your answer:" {
            break;
        } else {
            d.line("");
        }
    }
    d.line("?");
    d.wait("Your answer:");
    d.line("Our own words");
    d.wait(&format!("Question {} of", question + 1));
    d.key(CTRL_C);
    assert_eq!(d.exit_code(), 130);
    let progress = read_json(&dir.path().join("r.progress.json"));
    let text = progress.to_string();
    assert!(text.contains("Our own words"), "{text}");
    assert!(
        !text.contains("\"?\""),
        "the question mark was kept: {text}"
    );
}
