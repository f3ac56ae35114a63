//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::core::content::BankId;
use crate::io::schema::DocumentSchema;
use crate::report::{CsvTable, Format};

#[derive(Debug, Parser)]
#[command(
    name = "partnerscope",
    version,
    about = "Self-assessment for cross-sector partnerships, scored against the five components of collective impact",
    after_help = "Examples:\n  partnerscope questions\n  partnerscope template > answers.toml\n  partnerscope validate my-content/\n\nExit codes: 0 ok, 1 unexpected error, 2 usage, 3 invalid content, 4 invalid input, 5 output exists, 6 not a terminal, 130 interrupted."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Load content from this directory instead of the bundled copy; files it
    /// lacks fall back to the bundled ones
    #[arg(long, global = true, value_name = "DIR", env = "PARTNERSCOPE_CONTENT")]
    pub content: Option<PathBuf>,

    /// Turn colour off (also when NO_COLOR is set or output is not a terminal)
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Print only results and errors
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also say which content is used and what was read
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the framework, question banks and resource catalogue for problems
    #[command(
        after_help = "Examples:\n  partnerscope validate\n  partnerscope validate ./my-content\n\nEvery problem is listed, one per line, with its file and id. Exit code 3 when any is found."
    )]
    Validate {
        /// Content directory to check (default: --content, or the bundled content)
        dir: Option<PathBuf>,
    },

    /// List the questions of one bank or all of them
    #[command(
        after_help = "Examples:\n  partnerscope questions\n  partnerscope questions --bank readiness\n  partnerscope questions --format json | jq '.banks[0].questions[].id'"
    )]
    Questions {
        /// Only this bank
        #[arg(long, value_enum)]
        bank: Option<Part>,

        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },

    /// Browse the resource catalogue
    #[command(
        after_help = "Examples:\n  partnerscope resources\n  partnerscope resources --component shared-measurement\n  partnerscope resources --stage discover --format json"
    )]
    Resources {
        /// Only resources that serve this component
        #[arg(long, value_name = "ID")]
        component: Option<String>,

        /// Only resources that serve this stage of development
        #[arg(long, value_name = "ID")]
        stage: Option<String>,

        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },

    /// Run an assessment: from an answers file, or interactively on a terminal
    #[command(
        after_help = "Examples:\n  partnerscope assess                      (interactive, on a terminal)\n  partnerscope assess --group --members 6 --partnership Riverside\n  partnerscope assess --resume riverside-group-2026-11-23.progress.json\n  partnerscope assess --answers examples/early-partnership.toml\n  partnerscope assess --answers answers.json --format json --output result.json\n  cat answers.toml | partnerscope assess --answers -\n\nWithout --format the result is a table on standard output, or JSON when --output is given."
    )]
    Assess(AssessArgs),

    /// Combine many results into one profile: statistics, disagreement, suggestions
    #[command(
        after_help = "Examples:\n  partnerscope aggregate results/\n  partnerscope aggregate a.json b.json c.json --format json --output profile.json\n  partnerscope aggregate all.jsonl --by partnership\n  cat results.jsonl | partnerscope aggregate -\n\nInputs are result files, directories of them, or JSON Lines files with one result per line."
    )]
    Aggregate(AggregateArgs),

    /// Show what moved between two results or two aggregates
    #[command(
        after_help = "Examples:\n  partnerscope compare last-year.json this-year.json\n  partnerscope compare last-year.json this-year.json --format html --output progress.html\n\nTwo different partnerships, an \"after\" dated before the \"before\", or two sides scored with different content stop with exit code 4 unless --allow-different is given."
    )]
    Compare {
        /// The earlier result or aggregate
        before: PathBuf,
        /// The later result or aggregate
        after: PathBuf,

        /// Compare even when the two are different partnerships or "after" is dated before "before"
        #[arg(long)]
        allow_different: bool,

        #[arg(long, value_enum, default_value_t = DocFormat::Table)]
        format: DocFormat,

        #[command(flatten)]
        csv: CsvArgs,

        #[command(flatten)]
        output: OutputArgs,
    },

    /// Render a result, group round, aggregate or comparison for sharing
    #[command(
        after_help = "Examples:\n  partnerscope report result.json --format markdown --output result.md\n  partnerscope report result.json --format html --output result.html\n  partnerscope report result.json --format csv > answers.csv\n  partnerscope report profile.json --format csv --csv-table components\n  partnerscope aggregate results/ --format json | partnerscope report - --format html"
    )]
    Report {
        /// A file written by assess, aggregate or compare (JSON; - reads standard input)
        file: PathBuf,

        #[arg(long, value_enum, default_value_t = DocFormat::Markdown)]
        format: DocFormat,

        /// With --format csv: one row per answer (default) or per component score
        #[arg(long, value_enum, default_value_t = CsvTableArg::Answers)]
        csv_table: CsvTableArg,

        #[command(flatten)]
        csv: CsvArgs,

        #[command(flatten)]
        output: OutputArgs,
    },

    /// Print the JSON Schema of a document partnerscope reads or writes
    #[command(
        after_help = "Examples:\n  partnerscope schema result > result.schema.json\n  partnerscope schema answers"
    )]
    Schema {
        #[arg(value_enum)]
        document: SchemaDoc,
    },

    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  partnerscope completions bash > ~/.local/share/bash-completion/completions/partnerscope\n  partnerscope completions zsh > ~/.zfunc/_partnerscope"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff): the overview, or one command's page
    #[command(
        after_help = "Examples:\n  partnerscope man > partnerscope.1 && man ./partnerscope.1\n  partnerscope man report | man -l -"
    )]
    Man {
        /// The command whose page to print (default: the overview)
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },

    /// Write the questionnaire as one web page that members fill in on their own
    #[command(
        after_help = "Examples:\n  partnerscope form --partnership Riverside --output questionnaire.html\n  partnerscope form --partnership Riverside --parts self-reflection,readiness -o q.html\n\nThe page works offline in any current browser and makes no network request. Each member's \"Save my answers\" downloads an answers file; aggregate a folder of them with: partnerscope aggregate FOLDER"
    )]
    Form(FormArgs),

    /// Serve the questionnaire on the local network and gather members' answers live
    #[command(
        after_help = "Examples:\n  partnerscope collect --partnership Riverside --into answers/\n  partnerscope collect --partnership Riverside --into answers/ --bind 127.0.0.1 --port 8080\n\nMembers open the address printed (or scan its QR code). Each submission is checked and saved as its own answers file in --into. Press q or Ctrl-C to close; the group's summary follows."
    )]
    Collect(CollectArgs),

    /// Write an answers file to fill in for a scripted assessment
    #[command(
        after_help = "Examples:\n  partnerscope template > answers.toml\n  partnerscope template --bank readiness --format json --output readiness.json\n\nEvery question is listed with its id, kind, allowed values and text. Fill in the values you know; leave the rest empty (\"\" in TOML, null in JSON)."
    )]
    Template {
        /// Only these banks (repeat for several; default all)
        #[arg(long, value_enum)]
        bank: Vec<Part>,

        #[arg(long, value_enum, default_value_t = TemplateFormat::Toml)]
        format: TemplateFormat,

        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").args(["output", "resume"]).multiple(true)))]
pub struct AssessArgs {
    /// Answers file (TOML or JSON, by extension; - reads standard input)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["resume", "group", "partnership", "member", "parts"])]
    pub answers: Option<PathBuf>,

    /// Continue an interrupted interactive session from its progress file
    #[arg(long, value_name = "PROGRESS_FILE", conflicts_with_all = ["group", "partnership", "member", "parts"])]
    pub resume: Option<PathBuf>,

    /// Partnership name (asked when not given)
    #[arg(long)]
    pub partnership: Option<String>,

    /// Member name, or "group" for one agreed answer (asked when not given)
    #[arg(long, conflicts_with = "group")]
    pub member: Option<String>,

    /// Parts to run, comma-separated (default: asked; all are preselected)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub parts: Option<Vec<Part>>,

    /// Group round: every member in the room rates each question on one line
    #[arg(long)]
    pub group: bool,

    /// Number of members in a group round (asked when not given)
    #[arg(long, requires = "group", value_parser = clap::value_parser!(u16).range(2..=60))]
    pub members: Option<u16>,

    /// Never prompt; fail instead when an answers file is needed
    #[arg(long)]
    pub no_input: bool,

    /// Ask every question as a plain line of text, with numbered options and
    /// no cursor movement: for screen readers and simple terminals (also when TERM=dumb)
    #[arg(long, conflicts_with = "answers")]
    pub plain: bool,

    /// Output format (default: table on standard output, json with --output)
    #[arg(long, value_enum)]
    pub format: Option<DocFormat>,

    #[command(flatten)]
    pub csv: CsvArgs,

    #[command(flatten)]
    pub output: AssessOutputArgs,
}

/// Where an assessment's result goes: like [`OutputArgs`], but `--force`
/// also lets a resumed session replace its result file.
#[derive(Debug, Args)]
pub struct AssessOutputArgs {
    /// Write to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE", conflicts_with = "resume", value_parser = output_file)]
    pub output: Option<PathBuf>,

    /// Replace the result file if it exists (the --output file, or the one a
    /// resumed session writes beside its progress file)
    #[arg(long, requires = "target")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct FormArgs {
    /// The partnership's name, written into every answers file
    #[arg(long)]
    pub partnership: String,

    /// Parts to ask, comma-separated (default: all)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub parts: Option<Vec<Part>>,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// The partnership's name, written into every answers file
    #[arg(long)]
    pub partnership: String,

    /// Parts to ask, comma-separated (default: all)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub parts: Option<Vec<Part>>,

    /// Folder the answers files are written to (created when missing)
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,

    /// Address to listen on (default: every local interface)
    #[arg(long, value_name = "ADDRESS", default_value = "0.0.0.0")]
    pub bind: std::net::IpAddr,

    /// Port to listen on (default: a free one)
    #[arg(long, default_value_t = 0)]
    pub port: u16,

    /// Requests to send answers accepted from one address per minute
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub rate: u32,
}

#[derive(Debug, Args)]
pub struct AggregateArgs {
    /// Result files, directories of them, JSON Lines files; - for standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = DocFormat::Table)]
    pub format: DocFormat,

    #[command(flatten)]
    pub csv: CsvArgs,

    /// Aggregate results scored with different content
    #[arg(long)]
    pub allow_mixed: bool,

    /// Carry member names into the aggregate (anonymous by default)
    #[arg(long)]
    pub named: bool,

    /// One profile per partnership, plus an overview
    #[arg(long, value_enum)]
    pub by: Option<GroupBy>,

    /// Count and list unreadable results instead of stopping at the first
    #[arg(long)]
    pub skip_invalid: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    Partnership,
}

#[derive(Debug, Args)]
pub struct CsvArgs {
    /// With --format csv: leave out the byte-order mark that tells spreadsheets the file is UTF-8
    #[arg(long)]
    pub no_bom: bool,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Write to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE", value_parser = output_file)]
    pub output: Option<PathBuf>,

    /// Replace the output file if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// A file to write; "-", which means standard input where a file is read,
/// would otherwise make a file of that name.
fn output_file(name: &str) -> Result<PathBuf, String> {
    match name {
        "-" => Err("leave out --output to write to standard output".to_string()),
        "" => Err("the file name is empty".to_string()),
        _ => Ok(PathBuf::from(name)),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    Toml,
    Json,
}

/// The parts of an assessment, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Part {
    SelfReflection,
    Readiness,
    KeySteps,
}

impl From<Part> for BankId {
    fn from(part: Part) -> Self {
        match part {
            Part::SelfReflection => BankId::SelfReflection,
            Part::Readiness => BankId::Readiness,
            Part::KeySteps => BankId::KeySteps,
        }
    }
}

/// Every format a document renders in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    /// Tables for the terminal
    Table,
    /// The document itself, for other tools
    Json,
    /// A report to read or convert
    Markdown,
    /// One tidy table for a spreadsheet
    Csv,
    /// A self-contained web page
    Html,
}

impl From<DocFormat> for Format {
    fn from(format: DocFormat) -> Self {
        match format {
            DocFormat::Table => Format::Table,
            DocFormat::Json => Format::Json,
            DocFormat::Markdown => Format::Markdown,
            DocFormat::Csv => Format::Csv,
            DocFormat::Html => Format::Html,
        }
    }
}

/// Which CSV table to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvTableArg {
    /// One row per partnership × member × question
    Answers,
    /// One row per component score
    Components,
}

impl From<CsvTableArg> for CsvTable {
    fn from(table: CsvTableArg) -> Self {
        match table {
            CsvTableArg::Answers => CsvTable::Answers,
            CsvTableArg::Components => CsvTable::Components,
        }
    }
}

/// The documents whose JSON Schema can be printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaDoc {
    /// What `assess` writes
    Result,
    /// What `assess --answers` reads
    Answers,
    /// What `aggregate` writes
    Aggregate,
    /// What `compare` writes
    Compare,
}

impl From<SchemaDoc> for DocumentSchema {
    fn from(doc: SchemaDoc) -> Self {
        match doc {
            SchemaDoc::Result => DocumentSchema::Result,
            SchemaDoc::Answers => DocumentSchema::Answers,
            SchemaDoc::Aggregate => DocumentSchema::Aggregate,
            SchemaDoc::Compare => DocumentSchema::Compare,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
