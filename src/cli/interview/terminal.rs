//! The interview on a terminal, asked in one of two ways:
//!
//! - single keys (the default): an option's number answers, letters give the
//!   other commands, arrows and Enter still work; the question is drawn in
//!   full, wrapped to the width, and only the options below it are redrawn;
//! - plain lines (`--plain`, `TERM=dumb`): every prompt is a line of text
//!   read with an ordinary line read, with no cursor movement, no hidden
//!   cursor and no colour, so a screen reader follows it.
//!
//! Text (notes, names, free-text answers, group lines) is always read as a
//! line, so the terminal's own line editing works. Prompts and messages go to
//! standard error; results stay on standard output.

use std::io::{BufRead, Write};

use console::{Key, Style, Term};

use super::flow::{
    group_hint, group_line, kind_label, parse_group_line, PromptError, Prompted, Prompter,
    QuestionView, Reply, ReviewChoice, ReviewEntry, GROUP_SIZES,
};
use super::for_terminal;
use crate::core::answer::Answer;
use crate::core::content::{AnswerFormat, BankId};

/// How prompts are shown and answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Keys,
    Plain,
}

pub(crate) struct TerminalPrompter {
    term: Term,
    mode: Mode,
    colour: bool,
}

/// What a single-key (or plain-line) menu returned.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pick {
    Option(usize),
    DontKnow,
    Keep,
    Note,
    Back,
}

/// A menu of numbered options and the commands it accepts.
struct Menu<'a> {
    options: Vec<String>,
    dont_know: bool,
    note: bool,
    back: bool,
    help: Option<&'a str>,
    /// The answer the question has now, accepted again with Enter.
    current: Option<Pick>,
}

impl Menu<'_> {
    /// The keys, in a short legend shown under the options.
    fn legend(&self, typed: bool) -> String {
        let n = self.options.len();
        let mut keys = vec![if n == 1 {
            "1 answer".to_string()
        } else {
            format!("1-{n} answer")
        }];
        if self.dont_know {
            keys.push("d don't know".into());
        }
        if self.note {
            keys.push("n note".into());
        }
        if self.help.is_some() {
            keys.push("? help".into());
        }
        if self.back {
            keys.push("b back".into());
        }
        if self.current.is_some() {
            keys.push("Enter keep".into());
        }
        let keys = keys.join(" · ");
        if typed {
            format!("Type {keys}, then Enter")
        } else {
            format!("Keys: {keys}")
        }
    }

    /// What a typed key or line means: `None` when it means nothing here.
    fn command(&self, input: &str) -> Option<Command> {
        let input = input.trim().to_lowercase();
        Some(match input.as_str() {
            "" => Command::Enter,
            "d" | "-" if self.dont_know => Command::Pick(Pick::DontKnow),
            "n" if self.note => Command::Pick(Pick::Note),
            "?" | "h" if self.help.is_some() => Command::Help,
            "b" | "<" => Command::Pick(Pick::Back),
            number => {
                let k: usize = number.parse().ok()?;
                (1..=self.options.len()).contains(&k).then_some(())?;
                Command::Pick(Pick::Option(k - 1))
            }
        })
    }

    /// The rows arrows move over: the options, then "don't know".
    fn rows(&self) -> usize {
        self.options.len() + usize::from(self.dont_know)
    }

    fn row_pick(&self, row: usize) -> Pick {
        if row < self.options.len() {
            Pick::Option(row)
        } else {
            Pick::DontKnow
        }
    }

    fn pick_row(&self, pick: Pick) -> Option<usize> {
        match pick {
            Pick::Option(i) => Some(i),
            Pick::DontKnow if self.dont_know => Some(self.options.len()),
            _ => None,
        }
    }
}

enum Command {
    Pick(Pick),
    Help,
    Enter,
}

impl TerminalPrompter {
    pub(crate) fn new(mode: Mode, colour: bool) -> Self {
        let prompter = TerminalPrompter {
            term: Term::stderr(),
            mode,
            colour: colour && mode == Mode::Keys,
        };
        if mode == Mode::Keys {
            // A session that was killed while a menu had hidden the cursor
            // leaves it hidden; show it again.
            let _ = prompter.term.show_cursor();
        }
        prompter
    }

    fn width(&self) -> usize {
        usize::from(self.term.size().1).max(20)
    }

    fn style(&self, style: Style, text: &str) -> String {
        if self.colour {
            style.force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }

    /// Text wrapped to the terminal's width (one column spare, so that a
    /// full line never makes the terminal wrap on its own), every line
    /// after the first indented like the first.
    fn wrap(&self, text: &str, indent: usize) -> Vec<String> {
        let pad = " ".repeat(indent);
        let options = textwrap::Options::new(self.width() - 1)
            .initial_indent(&pad)
            .subsequent_indent(&pad)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        text.lines()
            .flat_map(|line| textwrap::wrap(line, &options))
            .map(|l| l.into_owned())
            .collect()
    }

    /// Writes lines, returning how many rows they took.
    fn write_lines(&self, lines: &[String]) -> usize {
        for line in lines {
            let _ = self.term.write_line(line);
        }
        lines.len()
    }

    /// Writes a message wrapped to the width.
    fn say(&self, text: &str, indent: usize, style: Style) {
        let lines: Vec<String> = self
            .wrap(&for_terminal(text), indent)
            .iter()
            .map(|l| self.style(style.clone(), l))
            .collect();
        self.write_lines(&lines);
    }

    fn erase(&self, rows: usize) {
        if self.mode == Mode::Keys && rows > 0 {
            let _ = self.term.clear_last_lines(rows);
        }
    }

    fn header(&self, view: &QuestionView) {
        let q = view.question;
        let _ = self.term.write_line("");
        let counter = format!(
            "Question {} of {} · {} · {} ({})",
            view.number,
            view.total,
            view.part,
            view.informs,
            kind_label(q)
        );
        self.say(&counter, 0, Style::new().cyan().bold());
        self.say(&q.text, 0, Style::new().bold());
        if let Some(note) = view.note {
            self.say(&format!("Note so far: {note}"), 2, Style::new().dim());
        }
    }

    /// Reads one line: with dialoguer's line editor in key mode, or in the
    /// terminal's ordinary line mode in plain mode, where nothing is redrawn.
    fn read_line(&mut self, prompt: &str) -> Prompted<String> {
        quiet_input(false);
        if self.mode == Mode::Keys {
            return self.edit_line(prompt);
        }
        let shown = self.style(Style::new().bold(), &for_terminal(prompt));
        let _ = write!(std::io::stderr(), "{shown} ");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        match std::io::stdin().lock().read_line(&mut line) {
            Ok(0) => Err(PromptError::Interrupted),
            Ok(_) => Ok(line.trim_end_matches(['\n', '\r']).to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Err(PromptError::Interrupted),
            Err(e) => Err(PromptError::Failed(e.into())),
        }
    }

    fn edit_line(&mut self, prompt: &str) -> Prompted<String> {
        // The line editor draws its prompt on one row, so a prompt wider than
        // the terminal is wrapped here and only its last row given to it.
        let mut rows = self.wrap(&for_terminal(prompt), 0);
        let prompt = rows.pop().unwrap_or_default();
        let rows: Vec<String> = rows
            .iter()
            .map(|row| self.style(Style::new().bold(), row))
            .collect();
        self.write_lines(&rows);
        let prompt = self.style(Style::new().bold(), &prompt);
        let read = dialoguer::Input::<String>::with_theme(&LineTheme)
            .with_prompt(&prompt)
            .allow_empty(true)
            .report(false)
            .interact_text_on(&self.term);
        match read {
            Ok(line) => {
                self.settle_line(&prompt, &line);
                if discard_typed_ahead() {
                    self.say(
                        "Only the first line of what was pasted is kept.",
                        0,
                        Style::new().yellow(),
                    );
                }
                Ok(line)
            }
            Err(dialoguer::Error::IO(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::Interrupted | std::io::ErrorKind::UnexpectedEof
                ) =>
            {
                Err(PromptError::Interrupted)
            }
            Err(dialoguer::Error::IO(e)) => Err(PromptError::Failed(e.into())),
        }
    }

    /// Puts what was typed on screen once, whole. The line editor clears only
    /// the row its cursor ends on, so the rows above it of a line that wrapped
    /// would stay and the line be shown again below them.
    fn settle_line(&self, prompt: &str, line: &str) {
        let shown = format!("{prompt}{}{line}", LineTheme::separator(prompt));
        let width = self.width().max(1);
        let rows = console::measure_text_width(&shown).div_ceil(width).max(1);
        let _ = self.term.clear_last_lines(rows - 1);
        let _ = self.term.write_line(&shown);
    }

    /// Draws the options, the highlighted row marked, and the legend.
    fn draw_menu(&self, menu: &Menu, highlight: Option<usize>) -> usize {
        let mut rows = Vec::new();
        let labels = menu
            .options
            .iter()
            .enumerate()
            .map(|(i, label)| (format!("{}", i + 1), label.as_str()))
            .chain(menu.dont_know.then_some(("d".to_string(), "Don't know")));
        for (row, (key, label)) in labels.enumerate() {
            let marker = if highlight == Some(row) { "›" } else { " " };
            let current = if menu.current.and_then(|c| menu.pick_row(c)) == Some(row) {
                "   (current answer)"
            } else {
                ""
            };
            let text = format!("{marker} {key}  {}{current}", for_terminal(label));
            let options = textwrap::Options::new(self.width() - 1)
                .subsequent_indent("     ")
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            for line in textwrap::wrap(&text, &options) {
                let line = line.into_owned();
                rows.push(if highlight == Some(row) {
                    self.style(Style::new().reverse(), &line)
                } else {
                    line
                });
            }
        }
        let legend: Vec<String> = self
            .wrap(&menu.legend(self.mode == Mode::Plain), 0)
            .iter()
            .map(|l| self.style(Style::new().dim(), l))
            .collect();
        rows.extend(legend);
        self.write_lines(&rows)
    }

    /// Asks a menu with single keys: a number or letter acts at once.
    fn menu_keys(&mut self, menu: &Menu) -> Prompted<Pick> {
        let mut highlight = menu.current.and_then(|c| menu.pick_row(c));
        // Quiet before drawing: a key pressed as soon as the menu shows is
        // then neither echoed nor mistaken for a line.
        quiet_input(true);
        let mut drawn = self.draw_menu(menu, highlight);
        let mut help_shown = false;
        loop {
            let key = self.term.read_key_raw().map_err(read_error)?;
            let command = match key {
                Key::Char(c) => menu.command(&c.to_string()),
                Key::Backspace => Some(Command::Pick(Pick::Back)),
                Key::Enter => Some(Command::Enter),
                Key::CtrlC => return Err(PromptError::Interrupted),
                Key::ArrowDown | Key::ArrowUp => {
                    let rows = menu.rows();
                    highlight = Some(match (highlight, key) {
                        (None, Key::ArrowDown) => 0,
                        (None, _) => rows - 1,
                        (Some(r), Key::ArrowDown) => (r + 1) % rows,
                        (Some(r), _) => (r + rows - 1) % rows,
                    });
                    self.erase(drawn);
                    drawn = self.draw_menu(menu, highlight);
                    continue;
                }
                _ => None,
            };
            let pick = match command {
                Some(Command::Pick(pick)) => pick,
                // Once is enough: it stays on screen above the options.
                Some(Command::Help) if help_shown => continue,
                Some(Command::Help) => {
                    help_shown = true;
                    self.erase(drawn);
                    self.say(menu.help.unwrap_or_default(), 2, Style::new().green());
                    drawn = self.draw_menu(menu, highlight);
                    continue;
                }
                Some(Command::Enter) => match highlight.map(|r| menu.row_pick(r)) {
                    Some(pick) if Some(pick) == menu.current => Pick::Keep,
                    Some(pick) => pick,
                    None => continue,
                },
                None => continue,
            };
            self.erase(drawn);
            return Ok(pick);
        }
    }

    /// Asks a menu as a plain line: the same keys, typed and ended with Enter.
    fn menu_plain(&mut self, menu: &Menu) -> Prompted<Pick> {
        self.draw_menu(menu, None);
        loop {
            let line = self.read_line("Answer:")?;
            match menu.command(&line) {
                Some(Command::Pick(pick)) => return Ok(pick),
                Some(Command::Help) => {
                    self.say(menu.help.unwrap_or_default(), 2, Style::new());
                }
                Some(Command::Enter) if menu.current.is_some() => return Ok(Pick::Keep),
                _ => {
                    self.say(
                        &format!(
                            "'{}' is not an answer here. {}",
                            line.trim(),
                            menu.legend(true)
                        ),
                        0,
                        Style::new(),
                    );
                }
            }
        }
    }

    fn menu(&mut self, menu: &Menu) -> Prompted<Pick> {
        match self.mode {
            Mode::Keys => self.menu_keys(menu),
            Mode::Plain => self.menu_plain(menu),
        }
    }

    fn ask_single(&mut self, view: &QuestionView) -> Prompted<Reply> {
        let q = view.question;
        let values = q.format.labelled_values();
        let current = view.current.first().cloned().flatten();
        let menu = Menu {
            options: values.iter().map(|(_, label)| label.clone()).collect(),
            dont_know: true,
            note: true,
            back: view.can_go_back,
            help: q.help.as_deref(),
            current: current.as_ref().map(|a| match a {
                Answer::DontKnow => Pick::DontKnow,
                a => Pick::Option(
                    values
                        .iter()
                        .position(|(v, _)| a.as_text() == *v)
                        .unwrap_or(0),
                ),
            }),
        };
        let reply = match self.menu(&menu)? {
            // The same answer again keeps it, without asking its follow-up twice.
            pick if Some(pick) == menu.current => Reply::Keep,
            Pick::Option(i) => Reply::Answer(answer_from(&q.format, &values[i].0)),
            Pick::DontKnow => Reply::Answer(Answer::DontKnow),
            Pick::Keep => Reply::Keep,
            Pick::Note => Reply::AddNote,
            Pick::Back => Reply::Back,
        };
        let echo = match &reply {
            Reply::Answer(a) => Some(a.describe(&q.format)),
            Reply::Keep => current.map(|a| format!("{} (kept)", a.describe(&q.format))),
            _ => None,
        };
        if let Some(echo) = echo {
            self.say(&format!("→ {echo}"), 2, Style::new().green());
        }
        Ok(reply)
    }

    fn ask_text(&mut self, view: &QuestionView) -> Prompted<Reply> {
        let q = view.question;
        if let Some(help) = &q.help {
            self.say(help, 2, Style::new().dim());
        }
        let current = match view.current.first().cloned().flatten() {
            Some(Answer::Text(t)) => Some(t),
            _ => None,
        };
        let mut hint = "Type the answer and press Enter".to_string();
        hint.push_str(match (&current, view.can_go_back) {
            (Some(_), true) => "; Enter alone keeps the current answer, - clears it, b goes back.",
            (Some(_), false) => "; Enter alone keeps the current answer, - clears it.",
            (None, true) => "; Enter alone skips, b goes back.",
            (None, false) => "; Enter alone skips.",
        });
        self.say(&hint, 0, Style::new().dim());
        if let Some(text) = &current {
            self.say(&format!("Current answer: {text}"), 2, Style::new());
        }
        let mut line = self.read_line("Your answer:")?;
        // "?" asks for help on every other prompt, so here too, rather
        // than becoming the answer.
        while line.trim() == "?" {
            let help = q.help.as_deref().unwrap_or(
                "This question has no more help: answer in your own words, or press Enter alone to go on.",
            );
            self.say(help, 2, Style::new().dim());
            line = self.read_line("Your answer:")?;
        }
        Ok(match (line.trim(), &current) {
            ("b" | "<", _) if view.can_go_back => Reply::Back,
            ("", Some(_)) => Reply::Keep,
            ("", None) | ("-", Some(_)) => Reply::Skip,
            (text, _) => Reply::Answer(Answer::Text(text.to_string())),
        })
    }

    fn ask_group(&mut self, view: &QuestionView, members: usize) -> Prompted<Reply> {
        let q = view.question;
        for (k, (_, label)) in q.format.labelled_values().iter().enumerate() {
            let key = match q.format {
                AnswerFormat::YesNo => label[..1].to_lowercase(),
                _ => (k + 1).to_string(),
            };
            self.say(&format!("{key} = {label}"), 2, Style::new());
        }
        let back = if view.can_go_back { " · b back" } else { "" };
        let help = if q.help.is_some() { " · ? help" } else { "" };
        self.say(
            &format!(
                "Type {members} answers, one per member: {}. Alone on the line: - nobody knows · n note{help}{back}",
                group_hint(q)
            ),
            0,
            Style::new().dim(),
        );
        let current = view.current.iter().any(Option::is_some);
        if current {
            self.say(
                &format!(
                    "Current answers: {} (Enter keeps them)",
                    group_line(q, &view.current)
                ),
                0,
                Style::new(),
            );
        }
        loop {
            let line = self.read_line("Answers:")?;
            let reply = match line.trim().to_lowercase().as_str() {
                "b" | "<" => Reply::Back,
                "n" => Reply::AddNote,
                "?" | "h" if q.help.is_some() => {
                    self.say(
                        q.help.as_deref().unwrap_or_default(),
                        2,
                        Style::new().green(),
                    );
                    continue;
                }
                "" if current => Reply::Keep,
                "" => {
                    self.say("Type the members' answers first.", 0, Style::new());
                    continue;
                }
                "-" => Reply::Group(vec![Some(Answer::DontKnow); members]),
                typed => match parse_group_line(q, typed, members) {
                    Ok(answers) => Reply::Group(answers),
                    Err(e) => {
                        self.say(&format!("✘ {e}"), 0, Style::new().red());
                        continue;
                    }
                },
            };
            return Ok(reply);
        }
    }

    fn review_list(&self, entries: &[ReviewEntry]) {
        let _ = self.term.write_line("");
        self.say("Every answer:", 0, Style::new().bold());
        for e in entries {
            let mut flags = Vec::new();
            if e.marked {
                flags.push("★ come back to this");
            }
            if e.split {
                flags.push("⚑ split");
            }
            let flags = if flags.is_empty() {
                String::new()
            } else {
                format!("   {}", flags.join("  "))
            };
            self.say(&format!("{:>3}. {}", e.number, e.question), 0, Style::new());
            let answer = e.answer.as_deref().unwrap_or("(no answer)");
            self.say(&format!("→ {answer}{flags}"), 5, Style::new().cyan());
            if let Some(note) = &e.note {
                self.say(&format!("note: {note}"), 5, Style::new().dim());
            }
        }
    }

    fn review_status(&self, entries: &[ReviewEntry]) {
        let dont_know = entries.iter().filter(|e| e.dont_know).count();
        let answered = entries.iter().filter(|e| e.answer.is_some()).count() - dont_know;
        let marked = marked_numbers(entries);
        let _ = self.term.write_line("");
        let mut status = format!(
            "Review: {answered} of {} answered",
            plural(entries.len(), "question", "questions")
        );
        if dont_know > 0 {
            status.push_str(&format!("; \"don't know\" to {dont_know}"));
        }
        status.push('.');
        if let Some(marked) = &marked {
            status.push_str(&format!(" To come back to: {marked}."));
        }
        self.say(&status, 0, Style::new().cyan().bold());
        self.say(
            "Enter finishes and saves · a number changes that answer · m and a number marks it to come back to · e and a number edits its note · l lists every answer",
            0,
            Style::new().dim(),
        );
    }

    /// Reads a review command until one makes sense. Finishing with
    /// questions still marked asks once more, as the marks are not kept.
    fn review_command(&mut self, entries: &[ReviewEntry]) -> Prompted<ReviewChoice> {
        let mut marks_named = false;
        loop {
            let line = self.read_line("Review:")?;
            let line = line.trim().to_lowercase();
            let (word, number) = split_command(&line);
            let index = number.and_then(|n| n.checked_sub(1));
            match (word, index) {
                ("" | "f", None) => match marked_numbers(entries) {
                    Some(marked) if !marks_named => {
                        marks_named = true;
                        self.say(
                            &format!("Still marked to come back to: {marked}. Enter again finishes and saves; the marks are not kept."),
                            0,
                            Style::new().yellow(),
                        );
                    }
                    _ => return Ok(ReviewChoice::Finish),
                },
                ("", Some(i)) => return Ok(ReviewChoice::Change(i)),
                ("m", Some(i)) => return Ok(ReviewChoice::ToggleMark(i)),
                ("e", Some(i)) if i < entries.len() => {
                    let now = entries[i].note.as_deref().unwrap_or("(none)");
                    self.say(
                        &format!("Note on question {}: {now}", i + 1),
                        0,
                        Style::new(),
                    );
                    let text = self.read_line("New note (Enter keeps it, - removes it):")?;
                    match text.trim() {
                        "" => continue,
                        "-" => return Ok(ReviewChoice::SetNote(i, None)),
                        t => return Ok(ReviewChoice::SetNote(i, Some(t.to_string()))),
                    }
                }
                ("l", None) => {
                    self.review_list(entries);
                    self.review_status(entries);
                }
                _ => self.say(
                    &format!(
                        "'{line}' is not a review command: Enter, a number from 1 to {}, m 12, e 12 or l.",
                        entries.len()
                    ),
                    0,
                    Style::new(),
                ),
            }
        }
    }
}

/// `m 12` or `m12` → ("m", Some(12)); `12` → ("", Some(12)).
/// The numbers of the questions marked to come back to, if any are.
fn marked_numbers(entries: &[ReviewEntry]) -> Option<String> {
    let marked: Vec<String> = entries
        .iter()
        .filter(|e| e.marked)
        .map(|e| e.number.to_string())
        .collect();
    (!marked.is_empty()).then(|| marked.join(", "))
}

fn split_command(line: &str) -> (&str, Option<usize>) {
    let digits = line
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(line.len());
    let (word, number) = line.split_at(digits);
    match number.trim().parse() {
        Ok(n) => (word.trim(), Some(n)),
        Err(_) if number.trim().is_empty() => (word.trim(), None),
        Err(_) => (line, None),
    }
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn answer_from(format: &AnswerFormat, value: &str) -> Answer {
    match format {
        AnswerFormat::Scale { .. } => Answer::Point(value.parse().unwrap_or(1)),
        AnswerFormat::YesNo if value == "yes" => Answer::YesNo(crate::core::answer::YesNo::Yes),
        AnswerFormat::YesNo => Answer::YesNo(crate::core::answer::YesNo::No),
        AnswerFormat::Choice { .. } => Answer::Choice(value.to_string()),
        AnswerFormat::Text => Answer::Text(value.to_string()),
    }
}

fn read_error(e: std::io::Error) -> PromptError {
    match e.kind() {
        std::io::ErrorKind::Interrupted | std::io::ErrorKind::UnexpectedEof => {
            PromptError::Interrupted
        }
        _ => PromptError::Failed(e.into()),
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
        let colon = if prompt.ends_with(char::is_alphanumeric) {
            ":"
        } else {
            ""
        };
        let note = self.read_line(&format!("{prompt}{colon}"))?;
        let note = note.trim();
        Ok((!note.is_empty()).then(|| note.to_string()))
    }

    fn ask_line(&mut self, prompt: &str, default: &str) -> Prompted<String> {
        let line = self.read_line(&format!("{prompt}:"))?;
        Ok(if line.trim().is_empty() {
            default.to_string()
        } else {
            line
        })
    }

    fn ask_parts(&mut self, all: &[(BankId, usize)]) -> Prompted<Vec<BankId>> {
        let listed: Vec<String> = all
            .iter()
            .enumerate()
            .map(|(i, (bank, n))| {
                format!(
                    "{} {} ({})",
                    i + 1,
                    bank.as_str(),
                    plural(*n, "question", "questions")
                )
            })
            .collect();
        self.say(&format!("Parts: {}.", listed.join(", ")), 0, Style::new());
        loop {
            let line =
                self.read_line("Parts to run (Enter for all, or their numbers, e.g. 1 3):")?;
            if line.trim().is_empty() {
                return Ok(all.iter().map(|(b, _)| *b).collect());
            }
            let picked: Option<Vec<BankId>> = line
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|t| !t.is_empty())
                .map(|t| {
                    let k: usize = t.parse().ok()?;
                    all.get(k.checked_sub(1)?).map(|(b, _)| *b)
                })
                .collect();
            match picked {
                Some(mut parts) if !parts.is_empty() => {
                    parts.sort_by_key(|p| all.iter().position(|(b, _)| b == p));
                    parts.dedup();
                    return Ok(parts);
                }
                _ => self.say(
                    &format!(
                        "Type numbers from 1 to {}, or press Enter for all.",
                        all.len()
                    ),
                    0,
                    Style::new(),
                ),
            }
        }
    }

    fn ask_group_size(&mut self) -> Prompted<Option<usize>> {
        self.say("Who is answering?", 0, Style::new().bold());
        let menu = Menu {
            options: vec![
                "One person, or the room agreeing one answer".to_string(),
                "A group round: every member's answer typed on one line".to_string(),
            ],
            dont_know: false,
            note: false,
            back: false,
            help: None,
            current: None,
        };
        match self.menu(&menu)? {
            Pick::Option(i) => {
                self.say(&format!("→ {}", menu.options[i]), 2, Style::new().green());
                if i == 1 {
                    self.ask_member_count().map(Some)
                } else {
                    Ok(None)
                }
            }
            _ => self.ask_group_size(),
        }
    }

    fn review(&mut self, entries: &[ReviewEntry], list: bool) -> Prompted<ReviewChoice> {
        if list {
            self.review_list(entries);
        }
        self.review_status(entries);
        self.review_command(entries)
    }

    fn tell(&mut self, message: &str) {
        self.say(message, 0, Style::new());
    }
}

impl TerminalPrompter {
    pub(crate) fn ask_member_count(&mut self) -> Prompted<usize> {
        loop {
            let line = self.read_line("Number of members in the room:")?;
            match line.trim().parse::<usize>() {
                Ok(n) if GROUP_SIZES.contains(&n) => return Ok(n),
                _ => self.say(
                    &format!(
                        "Type a number from {} to {}.",
                        GROUP_SIZES.start(),
                        GROUP_SIZES.end()
                    ),
                    0,
                    Style::new(),
                ),
            }
        }
    }
}

/// dialoguer's plain look, with no second colon after a prompt that already
/// ends in one (or in a question mark).
struct LineTheme;

impl LineTheme {
    fn separator(prompt: &str) -> &'static str {
        let ends = console::strip_ansi_codes(prompt);
        if ends.ends_with([':', '?']) {
            " "
        } else {
            ": "
        }
    }
}

impl dialoguer::theme::Theme for LineTheme {
    fn format_input_prompt(
        &self,
        f: &mut dyn std::fmt::Write,
        prompt: &str,
        _default: Option<&str>,
    ) -> std::fmt::Result {
        write!(f, "{prompt}{}", Self::separator(prompt))
    }

    fn format_input_prompt_selection(
        &self,
        f: &mut dyn std::fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> std::fmt::Result {
        write!(f, "{prompt}{}{sel}", Self::separator(prompt))
    }
}

/// The terminal's settings before the session changed them, to put back on
/// any way out (including a signal).
#[cfg(unix)]
static ORIGINAL: std::sync::Mutex<Option<rustix::termios::Termios>> = std::sync::Mutex::new(None);

/// Turns the terminal's echo and line editing off while single keys are
/// read (so keys typed ahead are neither echoed nor lost between two
/// questions), or back on for a line read.
#[cfg(unix)]
fn quiet_input(on: bool) {
    use rustix::termios::{tcgetattr, tcsetattr, LocalModes, OptionalActions, SpecialCodeIndex};
    let stdin = std::io::stdin();
    let Ok(mut original) = ORIGINAL.lock() else {
        return;
    };
    match (on, original.as_ref()) {
        (true, None) => {
            let Ok(now) = tcgetattr(&stdin) else { return };
            let mut quiet = now.clone();
            quiet
                .local_modes
                .remove(LocalModes::ICANON | LocalModes::ECHO);
            quiet.special_codes[SpecialCodeIndex::VMIN] = 1;
            quiet.special_codes[SpecialCodeIndex::VTIME] = 0;
            if tcsetattr(&stdin, OptionalActions::Now, &quiet).is_ok() {
                *original = Some(now);
            }
        }
        (false, Some(saved)) => {
            let _ = tcsetattr(&stdin, OptionalActions::Now, saved);
            *original = None;
        }
        _ => {}
    }
}

#[cfg(not(unix))]
fn quiet_input(_on: bool) {}

/// Throws away input still waiting after a line was read, and says whether
/// there was any. Lines pasted after the first would otherwise reach the
/// next single-key menu as keys, answering questions nobody answered.
#[cfg(unix)]
fn discard_typed_ahead() -> bool {
    use rustix::termios::{tcflush, QueueSelector};
    let stdin = std::io::stdin();
    // Flushed even when nothing is counted: in line mode the count leaves
    // out a last pasted line that has no line end yet.
    let waiting = rustix::io::ioctl_fionread(&stdin).unwrap_or(0) > 0;
    tcflush(&stdin, QueueSelector::IFlush).is_ok() && waiting
}

#[cfg(not(unix))]
fn discard_typed_ahead() -> bool {
    false
}

/// Puts the terminal back as the session found it: line editing and echo
/// on, cursor shown. Safe to call from a signal handler's thread.
pub(crate) fn restore(mode: Mode) {
    quiet_input(false);
    if mode == Mode::Keys {
        let _ = Term::stderr().show_cursor();
    }
}
