//! The edges of an interactive session: deciding whether there is a terminal,
//! the progress file, Ctrl-C, and saving the result.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context;

use crate::cli::args::AssessArgs;
use crate::cli::interview::flow::{self, PromptError, Prompter, Session, PROGRESS_KIND};
use crate::cli::interview::terminal::TerminalPrompter;
use crate::core::assess::assess;
use crate::core::content::{BankId, Content};
use crate::core::model::document::Document;
use crate::core::model::result::AssessmentResult;
use crate::error::ExitCode;
use crate::error::Failure;
use crate::io::write::{emit, write_atomically};
use crate::report::{self, RenderOptions};

/// The progress file of the session under way, for the Ctrl-C handler's message.
static PROGRESS: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Whether prompts can be shown: stdin and stderr are terminals and `--no-input` is off.
pub(crate) fn can_prompt(no_input: bool) -> bool {
    !no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn resume_hint(progress: &Path) -> String {
    format!(
        "Progress is saved in {}; continue with: partnerscope assess --resume {}",
        progress.display(),
        progress.display()
    )
}

/// Ctrl-C restores the cursor dialoguer hid, says how to resume, and exits 130.
/// Progress is saved after every answer, so nothing answered is lost.
fn install_interrupt_handler() -> anyhow::Result<()> {
    ctrlc::set_handler(|| {
        let _ = console::Term::stderr().show_cursor();
        eprintln!();
        eprintln!("Interrupted.");
        match PROGRESS.lock().ok().and_then(|p| p.clone()) {
            Some(path) => eprintln!("{}", resume_hint(&path)),
            None => eprintln!("No question had been asked yet, so there is nothing to resume."),
        }
        std::process::exit(ExitCode::Interrupted.code().into());
    })
    .context("cannot install the Ctrl-C handler")
}

/// The progress file that belongs to a result file: `x.json` → `x.progress.json`.
pub(crate) fn progress_path(output: &Path) -> PathBuf {
    output.with_extension("progress.json")
}

/// A default result file name from the partnership, member and date.
pub(crate) fn default_output(partnership: &str, member: Option<&str>, date: &str) -> PathBuf {
    let slug = |s: &str| {
        let s: String = s
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        s.split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    PathBuf::from(format!(
        "{}-{}-{date}.json",
        slug(partnership),
        slug(member.unwrap_or("group"))
    ))
}

pub(crate) fn read_session(path: &Path) -> anyhow::Result<Session> {
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
    if session.kind != PROGRESS_KIND {
        return Err(Failure::input(format!("{}: not a progress file", path.display())).into());
    }
    Ok(session)
}

/// Runs an interactive session, new or resumed, to a saved result.
pub(crate) fn run(
    content: &Content,
    args: &AssessArgs,
    colour: bool,
    today: &str,
) -> anyhow::Result<()> {
    if !can_prompt(args.no_input) {
        return Err(Failure::new(
            ExitCode::NotATerminal,
            "no terminal to ask questions on: give an answers file with --answers FILE (start one with `partnerscope template`)",
        )
        .into());
    }
    install_interrupt_handler()?;
    let mut prompter = TerminalPrompter::new(colour);
    let (mut session, progress) = match &args.resume {
        Some(path) => resume(content, path, &mut prompter)?,
        None => start(content, args, &mut prompter, today)?,
    };
    *PROGRESS.lock().expect("not poisoned") = Some(progress.clone());

    let mut save = |s: &Session| -> anyhow::Result<()> {
        let text = serde_json::to_string_pretty(s)? + "\n";
        write_atomically(&progress, &text, true)
    };
    save(&session)?;
    match flow::run(content, &mut session, &mut prompter, &mut save) {
        Ok(()) => {}
        Err(PromptError::Interrupted) => {
            let _ = console::Term::stderr().show_cursor();
            return Err(Failure::new(
                ExitCode::Interrupted,
                format!("interrupted. {}", resume_hint(&progress)),
            )
            .into());
        }
        Err(PromptError::Failed(e)) => return Err(e),
    }
    let result = Document::Result(Box::new(finish(content, &session)?));
    let options = RenderOptions {
        colour,
        ..RenderOptions::plain(content)
    };
    let table = report::exporter(report::Format::Table).render(&result, options)?;
    emit(&table, None, false)?;
    let output = PathBuf::from(&session.output);
    let json = report::exporter(report::Format::Json).render(&result, options)?;
    write_atomically(&output, &json, args.output.force || args.resume.is_some())?;
    std::fs::remove_file(&progress).ok();
    crate::cli::messages::info(format!("Result saved to {}", output.display()));
    Ok(())
}

/// The result of a finished session; the same whether or not it was interrupted and resumed.
pub(crate) fn finish(content: &Content, session: &Session) -> anyhow::Result<AssessmentResult> {
    let responses = session.responses(content).map_err(Failure::input)?;
    let mut result = assess(content, &session.meta(), &responses);
    if session.is_group() {
        let shared = session.shared_response(content).map_err(Failure::input)?;
        result.answers = shared.answers_as_values();
        result.notes = shared.notes;
    }
    Ok(result)
}

fn start(
    content: &Content,
    args: &AssessArgs,
    prompter: &mut TerminalPrompter,
    today: &str,
) -> anyhow::Result<(Session, PathBuf)> {
    let group = if args.group {
        Some(match args.members {
            Some(n) => usize::from(n),
            None => prompter.ask_member_count().map_err(stop)?,
        })
    } else {
        None
    };
    let who = flow::ask_start(
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
    if output.exists() && !args.output.force {
        return Err(Failure::new(
            ExitCode::OutputExists,
            format!(
                "{} already exists; use --output to choose another file or --force to replace it",
                output.display()
            ),
        )
        .into());
    }
    let progress = progress_path(&output);
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
    prompter.tell(&format!(
        "Answers are saved after each question in {}.",
        progress.display()
    ));
    let session = Session::new(
        who,
        today,
        &output.display().to_string(),
        &content.fingerprint,
    );
    Ok((session, progress))
}

fn resume(
    content: &Content,
    path: &Path,
    prompter: &mut dyn Prompter,
) -> anyhow::Result<(Session, PathBuf)> {
    let session = read_session(path)?;
    if session.content_fingerprint != content.fingerprint {
        prompter.tell(
            "Note: the content has changed since this session started; answers are checked again.",
        );
    }
    session
        .responses(content)
        .map_err(|e| Failure::input(format!("{}: {e}", path.display())))?;
    let total = flow::questions(content, &session.parts).len();
    prompter.tell(&format!(
        "Resuming {} at question {} of {total}.",
        session.partnership,
        (session.position + 1).min(total)
    ));
    Ok((session, path.to_path_buf()))
}

fn stop(e: PromptError) -> anyhow::Error {
    match e {
        PromptError::Interrupted => {
            let _ = console::Term::stderr().show_cursor();
            Failure::new(
                ExitCode::Interrupted,
                "interrupted before the first question; nothing to save",
            )
            .into()
        }
        PromptError::Failed(e) => e,
    }
}
