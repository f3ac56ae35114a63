//! Loading the content (framework, question banks, resource catalogue) from
//! the copies bundled into the binary or from a directory the user names.

pub mod bank;
pub mod catalogue;
mod fingerprint;
pub mod framework;
mod prepared;
mod problem;
mod validate;

use std::sync::OnceLock;

use serde::de::DeserializeOwned;

pub use bank::{AnswerFormat, Bank, BankId, Question, QuestionKind};
pub use catalogue::{Catalogue, Resource};
pub use framework::Framework;
pub use problem::Problem;

/// The answer that means "don't know"; it is left out of every score.
pub const DONT_KNOW: &str = "dont-know";

pub const FRAMEWORK_FILE: &str = "frameworks/collective-impact.toml";
pub const CATALOGUE_FILE: &str = "frameworks/resources.toml";

const BUNDLED: [(&str, &str); 5] = [
    (
        FRAMEWORK_FILE,
        include_str!("../../../frameworks/collective-impact.toml"),
    ),
    (
        CATALOGUE_FILE,
        include_str!("../../../frameworks/resources.toml"),
    ),
    (
        "questions/self-reflection.toml",
        include_str!("../../../questions/self-reflection.toml"),
    ),
    (
        "questions/readiness.toml",
        include_str!("../../../questions/readiness.toml"),
    ),
    (
        "questions/key-steps.toml",
        include_str!("../../../questions/key-steps.toml"),
    ),
];

/// One content file's text and the name problems are reported under.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path inside the content layout, e.g. `questions/readiness.toml`.
    pub path: &'static str,
    /// What messages call the file: the path on disk, or the layout path when bundled.
    pub shown_as: String,
    pub text: String,
}

/// Everything an assessment needs, validated.
///
/// The bundled catalogue and banks are read when a command first asks for
/// them, so a command that lists resources never reads the questions, nor
/// one that lists questions the catalogue. Content read from files has every
/// part from the start.
#[derive(Debug, Clone)]
pub struct Content {
    pub framework: Framework,
    catalogue: OnceLock<Catalogue>,
    /// The banks in the order an assessment asks them.
    banks: OnceLock<Vec<Bank>>,
    /// A short hash of every content file, so results can say what they were scored with.
    pub fingerprint: String,
    /// Gaps that do not stop the content from working, such as an indicator no question measures.
    pub warnings: Vec<Problem>,
}

impl Content {
    /// Content with every part read and validated.
    pub(super) fn complete(
        framework: Framework,
        catalogue: Catalogue,
        banks: Vec<Bank>,
        fingerprint: String,
        warnings: Vec<Problem>,
    ) -> Self {
        Content {
            framework,
            catalogue: OnceLock::from(catalogue),
            banks: OnceLock::from(banks),
            fingerprint,
            warnings,
        }
    }

    pub fn catalogue(&self) -> &Catalogue {
        self.catalogue.get_or_init(prepared::catalogue)
    }

    /// The banks in the order an assessment asks them.
    pub fn banks(&self) -> &[Bank] {
        self.banks.get_or_init(|| prepared::banks(&self.framework))
    }

    /// For tests that change a question.
    #[cfg(test)]
    pub(crate) fn banks_mut(&mut self) -> &mut Vec<Bank> {
        self.banks();
        self.banks.get_mut().expect("read just now")
    }

    pub fn bank(&self, id: BankId) -> &Bank {
        self.banks()
            .iter()
            .find(|b| b.id == id)
            .expect("every bank is loaded")
    }

    pub fn questions(&self) -> impl Iterator<Item = (BankId, &Question)> {
        self.banks()
            .iter()
            .flat_map(|b| b.questions.iter().map(move |q| (b.id, q)))
    }

    pub fn question(&self, id: &str) -> Option<(BankId, &Question)> {
        self.questions().find(|(_, q)| q.id == id)
    }
}

/// The content files bundled into the binary.
pub fn bundled_files() -> Vec<SourceFile> {
    BUNDLED
        .iter()
        .map(|(path, text)| SourceFile {
            path,
            shown_as: (*path).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

/// The bundled content, parsed and validated.
pub fn bundled() -> Result<Content, Vec<Problem>> {
    parse(&bundled_files())
}

/// The bundled content as prepared when the program was built: the same as
/// [`bundled`], at a small part of the cost.
pub(crate) fn prepared() -> Content {
    prepared::content()
}

/// [`bundled`], with every check, but from the copy prepared when the program
/// was built. A problem is reported as [`bundled`] reports it, with the line
/// and column in the TOML.
pub(crate) fn bundled_checked() -> Result<Content, Vec<Problem>> {
    let files = bundled_files();
    match prepared::checked(&files) {
        Some(Ok(content)) => Ok(content),
        _ => parse(&files),
    }
}

/// Parses and validates a full set of content files, reporting every problem found.
pub fn parse(files: &[SourceFile]) -> Result<Content, Vec<Problem>> {
    let mut problems = Vec::new();
    let file = |path: &str| {
        files
            .iter()
            .find(|f| f.path == path)
            .expect("every content file is present")
    };
    let framework: Option<Framework> = parse_toml(file(FRAMEWORK_FILE), &mut problems);
    let catalogue: Option<Catalogue> = parse_toml(file(CATALOGUE_FILE), &mut problems);
    let banks: Vec<Option<Bank>> = BankId::ALL
        .iter()
        .map(|&id| parse_bank(id, file(&id.file()), &mut problems))
        .collect();

    let Some(framework) = framework else {
        return Err(problems);
    };
    let mut parsed_banks: Vec<Bank> = banks.into_iter().flatten().collect();
    let all_parsed = catalogue.is_some() && parsed_banks.len() == BankId::ALL.len();
    let report = validate::validate(
        &framework,
        catalogue.as_ref(),
        &mut parsed_banks,
        all_parsed,
        files,
    );
    problems.extend(report.errors);
    match catalogue {
        Some(catalogue) if problems.is_empty() => Ok(Content::complete(
            framework,
            catalogue,
            parsed_banks,
            fingerprint::fingerprint(files.iter().map(|f| (f.path, f.text.as_str()))),
            report.warnings,
        )),
        _ => Err(problems),
    }
}

fn parse_toml<T: DeserializeOwned>(file: &SourceFile, problems: &mut Vec<Problem>) -> Option<T> {
    match toml::from_str(&file.text) {
        Ok(value) => Some(value),
        Err(e) => {
            problems.push(Problem::from_toml(&file.shown_as, &file.text, &e));
            None
        }
    }
}

fn parse_bank(id: BankId, file: &SourceFile, problems: &mut Vec<Problem>) -> Option<Bank> {
    let first_problem = problems.len();
    let Some(bank) = parse_toml::<Bank>(file, problems) else {
        let first = problems[first_problem].message.clone();
        problems.extend(
            each_question_problem(file)
                .into_iter()
                .filter(|p| !p.message.ends_with(&first) && !first.contains(&p.message)),
        );
        return None;
    };
    if bank.id != id {
        problems.push(Problem::in_file(
            &file.shown_as,
            format!(
                "the bank declares id '{}' but this file holds the '{id}' bank",
                bank.id
            ),
        ));
        return None;
    }
    Some(bank)
}

/// The problems of each question of a bank read alone, once the bank as a
/// whole could not be read: reading stops at the first mistake, which would
/// otherwise hide the others.
fn each_question_problem(file: &SourceFile) -> Vec<Problem> {
    #[derive(serde::Deserialize)]
    struct Loose {
        #[serde(default)]
        questions: Vec<toml::Spanned<toml::Table>>,
    }
    let Ok(loose) = toml::from_str::<Loose>(&file.text) else {
        return Vec::new();
    };
    loose
        .questions
        .into_iter()
        .filter_map(|question| {
            let start = question.span().start;
            let table = question.into_inner();
            let id = table
                .get("id")
                .and_then(|v| v.as_str())
                .unwrap_or("?")
                .to_string();
            let error = toml::Value::Table(table).try_into::<Question>().err()?;
            Some(Problem::at(
                &file.shown_as,
                Some(problem::line_and_column(&file.text, start)),
                format!("question '{id}': {}", problem::one_line(error.message())),
            ))
        })
        .collect()
}
