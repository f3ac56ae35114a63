//! The edges of an interactive session: deciding whether there is a terminal
//! and how to ask, the progress file and its lock, interruption (Ctrl-C,
//! SIGTERM, a closed terminal), and saving the result.

use std::fs::File;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use anyhow::Context;
use clap::ValueEnum;
use fs4::fs_std::FileExt;

use crate::cli::args::{AssessArgs, DocFormat};
use crate::cli::interview::flow::{self, PromptError, Prompter, Session};
use crate::cli::interview::for_terminal;
use crate::cli::interview::summary::summary;
use crate::cli::interview::terminal::{self, Mode, TerminalPrompter};
use crate::core::assess::assess;
use crate::core::content::{BankId, Content};
use crate::core::model::document::Document;
use crate::core::model::result::AssessmentResult;
use crate::error::ExitCode;
use crate::error::Failure;
use crate::io::write::{emit, write_atomically};
use crate::report::{self, RenderOptions};

/// What an interruption needs to know: where progress is kept, the lock to
/// remove, and how the terminal was being asked.
struct Interruptible {
    progress: Option<PathBuf>,
    lock: Option<PathBuf>,
    mode: Mode,
}

/// Held while progress is written, so that a signal waits for the save to
/// end rather than cut it short.
static STATE: Mutex<Interruptible> = Mutex::new(Interruptible {
    progress: None,
    lock: None,
    mode: Mode::Plain,
});

/// Set once the interruption has been reported, so it is reported once.
static REPORTED: AtomicBool = AtomicBool::new(false);

/// Whether prompts can be shown: stdin and stderr are terminals.
pub(crate) fn has_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Plain line prompts when asked for, or when the terminal says it cannot
/// move its cursor (`TERM=dumb`).
pub(crate) fn mode(plain: bool) -> Mode {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    if plain || dumb {
        Mode::Plain
    } else {
        Mode::Keys
    }
}

fn resume_hint(progress: &Path) -> String {
    let shown = for_terminal(&shell_word(progress));
    format!("Progress is saved in {shown}; continue with: partnerscope assess --resume {shown}")
}

/// A path as it can be typed after `--resume`: one starting with a hyphen
/// gets `./` so it is not read as an option, and one with spaces or quotes
/// is quoted.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let text = if text.starts_with('-') {
        format!("./{text}")
    } else {
        text
    };
    if text.contains(|c: char| c.is_whitespace() || "'\"$`\\;&|<>()*?[]#~".contains(c)) {
        format!("'{}'", text.replace('\'', "'\\''"))
    } else {
        text
    }
}

/// The message for an interruption, the first time only.
fn interruption_message(progress: Option<&Path>) -> Option<String> {
    if REPORTED.swap(true, Ordering::SeqCst) {
        return None;
    }
    Some(match progress {
        Some(path) => format!("Interrupted. {}", resume_hint(path)),
        None => "Interrupted before the first question; nothing to save.".to_string(),
    })
}

/// Ctrl-C, SIGTERM and SIGHUP (a closed terminal window) all end the session
/// the same way: wait for a save under way, put the terminal back, say how
/// to resume, and exit 130. Progress is saved after every answer, so
/// nothing answered is lost.
fn install_interrupt_handler() -> anyhow::Result<()> {
    ctrlc::set_handler(|| {
        let state = STATE
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        terminal::restore(state.mode);
        // A prompt that saw the key itself is already reporting and leaving
        // through the ordinary error path; exiting here would cut its message.
        let Some(message) = interruption_message(state.progress.as_deref()) else {
            return;
        };
        {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "\npartnerscope: {message}");
        }
        if let Some(lock) = &state.lock {
            let _ = std::fs::remove_file(lock);
        }
        std::process::exit(ExitCode::Interrupted.code().into());
    })
    .context("cannot install the Ctrl-C handler")
}

/// The progress file that belongs to a result file: `x.json` → `x.progress.json`.
pub(crate) fn progress_path(output: &Path) -> PathBuf {
    output.with_extension("progress.json")
}

/// The lock beside a progress file, held while a session has it open.
fn lock_path(progress: &Path) -> PathBuf {
    progress.with_extension("lock")
}

/// A progress file held by this session: a second session on it is refused.
struct SessionLock {
    _file: File,
    path: PathBuf,
}

impl SessionLock {
    fn take(progress: &Path) -> anyhow::Result<Self> {
        let path = lock_path(progress);
        let file = File::create(&path)
            .map_err(|e| Failure::input(format!("cannot create {}: {e}", path.display())))?;
        if !file.try_lock_exclusive().unwrap_or(false) {
            return Err(Failure::new(
                ExitCode::OutputExists,
                format!(
                    "{} is open in another partnerscope session; finish or stop that one first",
                    progress.display()
                ),
            )
            .into());
        }
        STATE.lock().expect("not poisoned").lock = Some(path.clone());
        Ok(SessionLock { _file: file, path })
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        if let Ok(mut state) = STATE.lock() {
            state.lock = None;
        }
    }
}

/// A default result file name from the partnership, member and date.
pub(crate) fn default_output(partnership: &str, member: Option<&str>, date: &str) -> PathBuf {
    PathBuf::from(format!(
        "{}-{}-{date}.json",
        slug(partnership, "partnership"),
        slug(member.unwrap_or("group"), "group")
    ))
}

/// Longest part of a default file name taken from a name, so that any name
/// makes a file name the file system accepts.
const SLUG_CHARS: usize = 40;

/// A name as part of a file name: lower-case letters and digits joined by
/// hyphens, never empty and never starting with a hyphen (which a shell
/// would read as an option).
fn slug(name: &str, fallback: &str) -> String {
    let lowered: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let joined = lowered
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let short: String = joined.chars().take(SLUG_CHARS).collect();
    let short = short.trim_end_matches('-');
    if short.is_empty() {
        fallback.to_string()
    } else {
        short.to_string()
    }
}

pub(crate) fn read_session(path: &Path, content: &Content) -> anyhow::Result<Session> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::input(format!("{}: {e}", path.display())))?;
    let session: Session = serde_json::from_str(&text).map_err(|e| {
        Failure::input(format!(
            "{}:{}:{}: not a partnerscope progress file: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    session
        .check(content)
        .map_err(|e| Failure::input(format!("{}: {e}", path.display())))?;
    Ok(session)
}

/// The result file of a resumed session: always beside its progress file,
/// whatever folder the session is resumed from.
fn output_beside(progress: &Path, session: &Session) -> anyhow::Result<PathBuf> {
    let name = Path::new(&session.output)
        .file_name()
        .filter(|&n| progress.file_name() != Some(n))
        .ok_or_else(|| {
            Failure::input(format!(
                "{}: output '{}' is not a file name",
                progress.display(),
                session.output
            ))
        })?;
    Ok(progress.parent().unwrap_or(Path::new("")).join(name))
}

/// What a user may do about an output file that exists: a resumed session
/// keeps the output it was started with, so only a new one can choose another.
#[derive(Clone, Copy)]
enum Way {
    New,
    Resumed,
}

fn refuse_existing(output: &Path, force: bool, way: Way) -> anyhow::Result<()> {
    if output.exists() && !force {
        let advice = match way {
            Way::New => "use --output to choose another file or --force to replace it",
            Way::Resumed => "move it aside, or add --force to replace it",
        };
        return Err(Failure::new(
            ExitCode::OutputExists,
            format!("{} already exists; {advice}", output.display()),
        )
        .into());
    }
    Ok(())
}

/// Runs an interactive session, new or resumed, to a saved result.
pub(crate) fn run(
    content: &Content,
    args: &AssessArgs,
    colour: bool,
    today: &str,
) -> anyhow::Result<()> {
    if args.no_input {
        return Err(Failure::new(
            ExitCode::NotATerminal,
            "--no-input was given, so no questions are asked: give an answers file with --answers FILE (start one with `partnerscope template`)",
        )
        .into());
    }
    if !has_terminal() {
        return Err(Failure::new(
            ExitCode::NotATerminal,
            "no terminal to ask questions on: give an answers file with --answers FILE (start one with `partnerscope template`)",
        )
        .into());
    }
    let mode = mode(args.plain);
    STATE.lock().expect("not poisoned").mode = mode;
    install_interrupt_handler()?;
    let mut prompter = TerminalPrompter::new(mode, colour);
    let (mut session, progress, output, _lock) = match &args.resume {
        Some(path) => resume(content, path, args, &mut prompter)?,
        None => start(content, args, &mut prompter, today)?,
    };
    STATE.lock().expect("not poisoned").progress = Some(progress.clone());

    let mut save = |s: &Session| -> anyhow::Result<()> {
        let text = serde_json::to_string_pretty(s)? + "\n";
        let _held = STATE.lock().unwrap_or_else(|p| p.into_inner());
        // The progress file is replaced whole or not at all, so a failed save
        // (a full disk) leaves every earlier answer in it.
        write_atomically(&progress, &text, true).map_err(|e| {
            e.context(format!(
                "the last answer could not be saved; the earlier ones are safe. {}",
                resume_hint(&progress)
            ))
        })
    };
    save(&session)?;
    let outcome = flow::run(content, &mut session, &mut prompter, &mut save);
    terminal::restore(mode);
    match outcome {
        Ok(()) => {}
        Err(PromptError::Interrupted) => {
            let message =
                interruption_message(Some(&progress)).unwrap_or_else(|| "Interrupted.".to_string());
            eprintln!();
            return Err(Failure::new(ExitCode::Interrupted, message).into());
        }
        Err(PromptError::Failed(e)) => return Err(e),
    }
    let result = finish(content, &session)?;
    let format = session
        .format
        .as_deref()
        .and_then(|f| DocFormat::from_str(f, true).ok())
        .unwrap_or(DocFormat::Json);
    let document = Document::Result(Box::new(result.clone()));
    let text = report::exporter(format.into()).render(
        &document,
        RenderOptions {
            colour: false,
            ..RenderOptions::plain(content)
        },
    )?;
    write_atomically(&output, &text, args.output.force)
        .map_err(|e| e.context(format!("the answers are kept in {}", progress.display())))?;
    std::fs::remove_file(&progress).ok();
    let stdout = console::Term::stdout();
    let width = stdout.is_term().then(|| usize::from(stdout.size().1));
    emit(&summary(&result, width), None, false)?;
    crate::cli::messages::info(saved_message(&output, format));
    Ok(())
}

/// Where the result went and how to read or share it.
fn saved_message(output: &Path, format: DocFormat) -> String {
    let shown = for_terminal(&output.display().to_string());
    if format != DocFormat::Json {
        return format!("The full result is saved in {shown}.");
    }
    let html = for_terminal(&output.with_extension("html").display().to_string());
    format!(
        "The full result is saved in {shown}.\nTo read it all:\n  partnerscope report {shown} --format table\nTo share it as a web page:\n  partnerscope report {shown} --format html --output {html}"
    )
}

/// The result of a finished session; the same whether or not it was interrupted and resumed.
pub(crate) fn finish(content: &Content, session: &Session) -> anyhow::Result<AssessmentResult> {
    let responses = session.responses(content).map_err(Failure::input)?;
    let mut result = assess(content, &session.meta(), &responses);
    if session.is_group() {
        let shared = session.shared_response(content).map_err(Failure::input)?;
        result.answers = shared.answers_as_values().into();
        result.notes = shared.notes;
    }
    Ok(result)
}

type Opened = (Session, PathBuf, PathBuf, SessionLock);

fn start(
    content: &Content,
    args: &AssessArgs,
    prompter: &mut TerminalPrompter,
    today: &str,
) -> anyhow::Result<Opened> {
    // With --output the checks need no answers, so they come before any question.
    if let Some(output) = &args.output.output {
        refuse_existing(output, args.output.force, Way::New)?;
        refuse_running(output)?;
    }
    let group = if args.group {
        Some(match args.members {
            Some(n) => usize::from(n),
            None => prompter.ask_member_count().map_err(stop)?,
        })
    } else {
        None
    };
    let who = flow::ask_start(
        content,
        prompter,
        args.partnership.clone(),
        args.member.clone(),
        args.parts
            .clone()
            .map(|parts| parts.into_iter().map(BankId::from).collect()),
        group,
    )
    .map_err(stop)?;
    let output = args
        .output
        .output
        .clone()
        .unwrap_or_else(|| default_output(&who.partnership, who.member.as_deref(), today));
    refuse_existing(&output, args.output.force, Way::New)?;
    refuse_running(&output)?;
    let progress = progress_path(&output);
    let lock = SessionLock::take(&progress)?;
    prompter.tell(&format!(
        "Answers are saved after each question in {}.",
        progress.display()
    ));
    let name = output
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let mut session = Session::new(who, today, &name, &content.fingerprint);
    session.format = args
        .format
        .filter(|f| *f != DocFormat::Json)
        .and_then(|f| f.to_possible_value())
        .map(|v| v.get_name().to_string());
    Ok((session, progress, output, lock))
}

fn refuse_running(output: &Path) -> anyhow::Result<()> {
    let progress = progress_path(output);
    if progress.exists() {
        return Err(Failure::new(
            ExitCode::OutputExists,
            format!(
                "a session for {} is already in progress; continue it with: partnerscope assess --resume {}",
                output.display(),
                progress.display()
            ),
        )
        .into());
    }
    Ok(())
}

fn resume(
    content: &Content,
    path: &Path,
    args: &AssessArgs,
    prompter: &mut dyn Prompter,
) -> anyhow::Result<Opened> {
    // The lock comes first, so a session that finishes meanwhile is not read half-way.
    let lock = SessionLock::take(path)?;
    let mut session = read_session(path, content)?;
    let output = output_beside(path, &session)?;
    refuse_existing(&output, args.output.force, Way::Resumed)?;
    if let Some(format) = args.format {
        session.format = format.to_possible_value().map(|v| v.get_name().to_string());
    }
    if session.content_fingerprint != content.fingerprint {
        prompter.tell(
            "Note: the content has changed since this session started; answers are checked again.",
        );
    }
    let total = flow::questions(content, &session.parts).len();
    prompter.tell(&if session.position < total {
        format!(
            "Resuming {} at question {} of {total}.",
            session.partnership,
            session.position + 1
        )
    } else {
        format!(
            "Resuming {}: all {total} questions are answered; here is the review.",
            session.partnership
        )
    });
    Ok((session, path.to_path_buf(), output, lock))
}

fn stop(e: PromptError) -> anyhow::Error {
    match e {
        PromptError::Interrupted => {
            let message = interruption_message(None).unwrap_or_else(|| "Interrupted.".to_string());
            eprintln!();
            Failure::new(ExitCode::Interrupted, message).into()
        }
        PromptError::Failed(e) => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resumed_result_goes_beside_its_progress_file() {
        let mut session = flow::Session::new(
            flow::Respondents {
                partnership: "P".into(),
                member: None,
                parts: BankId::ALL.to_vec(),
                group_size: None,
            },
            "2026-11-23",
            "../elsewhere/r.json",
            "fp",
        );
        let progress = Path::new("sub/r.progress.json");
        assert_eq!(
            output_beside(progress, &session).unwrap(),
            Path::new("sub/r.json")
        );
        session.output = "..".into();
        assert!(output_beside(progress, &session).is_err());
        session.output = "r.progress.json".into();
        assert!(
            output_beside(progress, &session).is_err(),
            "never the progress file itself"
        );
    }
}

#[cfg(test)]
mod naming_tests {
    use super::*;

    #[test]
    fn any_name_makes_a_file_name_a_shell_can_take_back() {
        let odd = default_output("!!!", Some("---"), "2026-11-23");
        assert_eq!(odd, PathBuf::from("partnership-group-2026-11-23.json"));
        let long = default_output(&"Riverside ".repeat(100), None, "2026-11-23");
        assert!(long.to_string_lossy().len() < 80, "{}", long.display());
        assert_eq!(
            shell_word(Path::new("-x.progress.json")),
            "./-x.progress.json"
        );
        assert_eq!(shell_word(Path::new("my file.json")), "'my file.json'");
        assert_eq!(shell_word(Path::new("plain.json")), "plain.json");
    }
}
