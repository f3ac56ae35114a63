//! The interview's prompter for a real terminal, built on dialoguer. Prompts
//! and messages go to standard error; results stay on standard output.

use console::{Style, Term};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Input, MultiSelect, Select};

use crate::cli::interview::flow::{
    group_hint, kind_label, parse_group_line, PromptError, Prompted, Prompter, QuestionView, Reply,
};
use crate::core::answer::{Answer, YesNo};
use crate::core::content::{AnswerFormat, BankId};

pub(crate) struct TerminalPrompter {
    term: Term,
    theme: Box<dyn Theme>,
    colour: bool,
}

impl TerminalPrompter {
    pub(crate) fn new(colour: bool) -> Self {
        let theme: Box<dyn Theme> = if colour {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        TerminalPrompter {
            term: Term::stderr(),
            theme,
            colour,
        }
    }

    fn style(&self, style: Style, text: &str) -> String {
        if self.colour {
            style.apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }

    /// Labels wider than the terminal break dialoguer's redraws, so they are cut to fit.
    fn fit(&self, label: &str) -> String {
        let width = usize::from(self.term.size().1).saturating_sub(6).max(20);
        console::truncate_str(label, width, "…").into_owned()
    }

    fn header(&self, view: &QuestionView) {
        let q = view.question;
        // The counter comes first so that cutting a long line to the width keeps it.
        let line = format!(
            "Question {} of {} · {} · {} ({})",
            view.number,
            view.total,
            view.part,
            view.informs,
            kind_label(q)
        );
        let _ = self.term.write_line("");
        let _ = self
            .term
            .write_line(&self.style(Style::new().cyan().bold(), &self.fit(&line)));
        if let Some(note) = view.note {
            let _ = self
                .term
                .write_line(&self.style(Style::new().dim(), &format!("note: {note}")));
        }
    }

    fn ask_single(&mut self, view: &QuestionView) -> Prompted<Reply> {
        let q = view.question;
        let values = q.format.labelled_values();
        let mut items: Vec<String> = values
            .iter()
            .map(|(v, label)| match q.format {
                AnswerFormat::Scale { .. } => self.fit(&format!("{v}  {label}")),
                _ => self.fit(label),
            })
            .collect();
        let dont_know = items.len();
        items.push("Don't know / skip".to_string());
        let add_note = items.len();
        items.push("Add a note first…".to_string());
        let help = q.help.as_ref().map(|_| {
            items.push("Show help".to_string());
            items.len() - 1
        });
        let back = view.can_go_back.then(|| {
            items.push("← Back to the previous question".to_string());
            items.len() - 1
        });
        let default = match view.current.first().cloned().flatten() {
            Some(Answer::DontKnow) => dont_know,
            Some(a) => values
                .iter()
                .position(|(v, _)| a.as_text() == *v)
                .unwrap_or(0),
            None => 0,
        };
        loop {
            let picked = Select::with_theme(self.theme.as_ref())
                .with_prompt(self.fit(&q.text))
                .items(&items)
                .default(default)
                .interact_on(&self.term)
                .map_err(prompt_error)?;
            return Ok(match picked {
                i if i < values.len() => Reply::Answer(answer_from(&q.format, &values[i].0)),
                i if i == dont_know => Reply::Answer(Answer::DontKnow),
                i if i == add_note => Reply::AddNote,
                i if Some(i) == back => Reply::Back,
                i if Some(i) == help => {
                    let text = q.help.as_deref().unwrap_or_default();
                    let _ = self
                        .term
                        .write_line(&self.style(Style::new().green(), &format!("  {text}")));
                    continue;
                }
                _ => Reply::Skip,
            });
        }
    }

    fn ask_text(&mut self, view: &QuestionView) -> Prompted<Reply> {
        let q = view.question;
        if let Some(help) = &q.help {
            let _ = self
                .term
                .write_line(&self.style(Style::new().dim(), &format!("  {help}")));
        }
        let hint = if view.can_go_back {
            " (Enter to skip, < to go back)"
        } else {
            " (Enter to skip)"
        };
        let current = match view.current.first().cloned().flatten() {
            Some(Answer::Text(t)) => t,
            _ => String::new(),
        };
        let line: String = Input::with_theme(self.theme.as_ref())
            .with_prompt(format!("{}{hint}", q.text))
            .with_initial_text(current)
            .allow_empty(true)
            .interact_text_on(&self.term)
            .map_err(prompt_error)?;
        Ok(match line.trim() {
            "<" if view.can_go_back => Reply::Back,
            "" => Reply::Skip,
            text => Reply::Answer(Answer::Text(text.to_string())),
        })
    }

    fn ask_group(&mut self, view: &QuestionView, members: usize) -> Prompted<Reply> {
        let q = view.question;
        for (v, label) in q.format.labelled_values() {
            let shown = match q.format {
                AnswerFormat::Choice { ref options } => {
                    let n = options.iter().position(|o| o.id == v).map_or(0, |i| i + 1);
                    format!("  {n} = {label}")
                }
                _ => format!("  {v} = {label}"),
            };
            let _ = self.term.write_line(&self.fit(&shown));
        }
        if let Some(help) = &q.help {
            let _ = self
                .term
                .write_line(&self.style(Style::new().dim(), &format!("  help: {help}")));
        }
        let back = if view.can_go_back {
            ", < to go back"
        } else {
            ""
        };
        let prompt = format!(
            "{}\n  {members} answers, {}; - for don't know; n to add a note{back}",
            self.fit(&q.text),
            group_hint(q)
        );
        let question = q.clone();
        let line: String = Input::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .validate_with(move |input: &String| -> Result<(), String> {
                match input.trim() {
                    "<" | "n" => Ok(()),
                    line => parse_group_line(&question, line, members).map(drop),
                }
            })
            .interact_text_on(&self.term)
            .map_err(prompt_error)?;
        Ok(match line.trim() {
            "<" if view.can_go_back => Reply::Back,
            "<" => Reply::Skip,
            "n" => Reply::AddNote,
            line => Reply::Group(
                parse_group_line(q, line, members)
                    .map_err(|e| PromptError::Failed(anyhow::anyhow!("group answers: {e}")))?,
            ),
        })
    }
}

fn answer_from(format: &AnswerFormat, value: &str) -> Answer {
    match format {
        AnswerFormat::Scale { .. } => Answer::Point(value.parse().unwrap_or(1)),
        AnswerFormat::YesNo => Answer::YesNo(if value == "yes" {
            YesNo::Yes
        } else {
            YesNo::No
        }),
        AnswerFormat::Choice { .. } => Answer::Choice(value.to_string()),
        AnswerFormat::Text => Answer::Text(value.to_string()),
    }
}

fn prompt_error(e: dialoguer::Error) -> PromptError {
    let dialoguer::Error::IO(io) = e;
    match io.kind() {
        std::io::ErrorKind::Interrupted | std::io::ErrorKind::UnexpectedEof => {
            PromptError::Interrupted
        }
        _ => PromptError::Failed(io.into()),
    }
}

impl Prompter for TerminalPrompter {
    fn ask(&mut self, view: &QuestionView) -> Prompted<Reply> {
        self.header(view);
        match (view.members, &view.question.format) {
            (_, AnswerFormat::Text) => self.ask_text(view),
            (Some(n), _) => self.ask_group(view, n),
            (None, _) => self.ask_single(view),
        }
    }

    fn ask_note(&mut self, prompt: &str) -> Prompted<Option<String>> {
        let note: String = Input::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .allow_empty(true)
            .interact_text_on(&self.term)
            .map_err(prompt_error)?;
        let note = note.trim();
        Ok((!note.is_empty()).then(|| note.to_string()))
    }

    fn ask_line(&mut self, prompt: &str, default: &str) -> Prompted<String> {
        let mut input = Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .allow_empty(true);
        if !default.is_empty() {
            input = input.default(default.to_string());
        }
        input.interact_text_on(&self.term).map_err(prompt_error)
    }

    fn ask_parts(&mut self, all: &[BankId]) -> Prompted<Vec<BankId>> {
        loop {
            let names: Vec<&str> = all.iter().map(|b| b.as_str()).collect();
            let picked = MultiSelect::with_theme(self.theme.as_ref())
                .with_prompt("Parts to run (space to toggle, Enter to confirm)")
                .items(&names)
                .defaults(&vec![true; names.len()])
                .interact_on(&self.term)
                .map_err(prompt_error)?;
            if !picked.is_empty() {
                return Ok(picked.into_iter().map(|i| all[i]).collect());
            }
            let _ = self.term.write_line("Choose at least one part.");
        }
    }

    fn ask_group_size(&mut self) -> Prompted<Option<usize>> {
        let mode = Select::with_theme(self.theme.as_ref())
            .with_prompt("Respondents is answering?")
            .items(&[
                "One person (or the group agreeing one answer)",
                "A group round: every member rates each question",
            ])
            .default(0)
            .interact_on(&self.term)
            .map_err(prompt_error)?;
        if mode == 0 {
            return Ok(None);
        }
        self.ask_member_count().map(Some)
    }

    fn review(&mut self, lines: &[String]) -> Prompted<Option<usize>> {
        let mut items = vec!["✔ Finish and save".to_string()];
        items.extend(lines.iter().map(|l| self.fit(l)));
        let picked = Select::with_theme(self.theme.as_ref())
            .with_prompt("Review: pick an answer to change, or finish")
            .items(&items)
            .default(0)
            .max_length(15)
            .interact_on(&self.term)
            .map_err(prompt_error)?;
        Ok(picked.checked_sub(1))
    }

    fn tell(&mut self, message: &str) {
        let _ = self.term.write_line(message);
    }
}

impl TerminalPrompter {
    pub(crate) fn ask_member_count(&mut self) -> Prompted<usize> {
        Input::<usize>::with_theme(self.theme.as_ref())
            .with_prompt("Number of members in the room")
            .validate_with(|n: &usize| {
                if (2..=60).contains(n) {
                    Ok(())
                } else {
                    Err("between 2 and 60")
                }
            })
            .interact_text_on(&self.term)
            .map_err(prompt_error)
    }
}
