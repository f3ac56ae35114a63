//! Runs a parsed command line: each command reads its inputs, calls the
//! core and renders what it produced through the report exporter.

use std::path::Path;
use std::process::ExitCode as ProcessExitCode;

use clap::Parser;
use serde_json::json;

use super::args::{AssessArgs, Cli, Command, FormArgs, ListFormat, Part, TemplateFormat};
use super::collect;
use super::inputs::{aggregate, read_document_or_answers, read_snapshot_or_answers};
use super::interview::session;
use super::{messages, style};
use crate::core::assess::assess_sheet;
use crate::core::compare::compare;
use crate::core::content::{BankId, Content};
use crate::core::model::document::Document;
use crate::error::{exit_code_of, ExitCode, Failure};
use crate::io::opened::Opened;
use crate::io::write::{emit, emit_with};
use crate::io::{self, answers, schema, template};
use crate::report::form::Questionnaire;
use crate::report::terminal_text::for_terminal;
use crate::report::{self, table::table, Format, RenderOptions};

/// The whole program: parse the command line, run it, map the outcome to an exit code.
pub fn main() -> ProcessExitCode {
    // Set but empty means no override, as unset does; clap would take it for
    // a --content given without its folder. No other thread runs yet.
    if std::env::var_os("PARTNERSCOPE_CONTENT").is_some_and(|v| v.is_empty()) {
        std::env::remove_var("PARTNERSCOPE_CONTENT");
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // --help and --version are "errors" to clap but successes to the user.
            let code = if error.use_stderr() {
                ExitCode::Usage
            } else {
                ExitCode::Success
            };
            let _ = error.print();
            return code.into();
        }
    };
    match run(cli) {
        Ok(code) => code.into(),
        Err(error) => {
            eprintln!("partnerscope: {}", for_terminal(&format!("{error:#}")));
            exit_code_of(&error).into()
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    messages::set(cli.global.quiet, cli.global.verbose);
    let content_dir = cli.global.content.as_deref();
    let no_color = cli.global.no_color;
    if !handles_its_own_interrupts(&cli.command) {
        crate::io::write::clean_up_on_interrupt()?;
    }
    match cli.command {
        Command::Validate { dir } => return validate(dir.as_deref().or(content_dir)),
        Command::Questions { bank, format } => {
            let content = load_content(content_dir)?;
            emit(
                &questions(content, bank.map(BankId::from), format)?,
                None,
                false,
            )?;
        }
        Command::Resources {
            component,
            stage,
            format,
        } => {
            let content = load_content(content_dir)?;
            let text = resources(content, component.as_deref(), stage.as_deref(), format)?;
            emit(&text, None, false)?;
        }
        Command::Assess(args) => {
            let content = load_content(content_dir)?;
            match &args.answers {
                Some(path) => assess(content, path, &args, no_color)?,
                None => {
                    let colour = style::use_colour_on_stderr(no_color);
                    session::run(content, &args, colour, &today())?
                }
            }
        }
        Command::Form(args) => {
            let content = load_content(content_dir)?;
            form(content, &args)?;
        }
        Command::Collect(args) => {
            let content = load_content(content_dir)?;
            let parts = chosen_parts(args.parts.as_deref());
            let partnership = partnership_name(&args.partnership)?;
            collect::run(content, &args, partnership, parts, &today())?;
        }
        Command::Aggregate(args) => {
            crate::allocator::prefer_throughput();
            for file in &args.files {
                refuse_output_over_input(args.output.output.as_deref(), file)?;
            }
            let content = load_content(content_dir)?;
            let aggregated = aggregate(content, &args)?;
            let output = args.output.output.as_deref();
            let options = RenderOptions {
                colour: output.is_none() && style::use_colour(no_color),
                bom: !args.csv.no_bom,
                ..RenderOptions::plain(content)
            };
            let exporter = report::exporter(args.format.into());
            emit_with(output, args.output.force, |out| {
                exporter.write_aggregate(out, &aggregated, options)
            })?;
        }
        Command::Compare {
            before,
            after,
            format,
            allow_different,
            csv,
            output,
        } => {
            crate::allocator::prefer_throughput();
            for file in [&before, &after] {
                refuse_output_over_input(output.output.as_deref(), file)?;
            }
            if before.as_os_str() == "-" && after.as_os_str() == "-" {
                return Err(Failure::new(
                    ExitCode::Usage,
                    "standard input can be read only once; give one side as a file",
                )
                .into());
            }
            let content = load_content(content_dir)?;
            let comparison = compare(
                &content.framework,
                &read_snapshot_or_answers(&before, content)?,
                &read_snapshot_or_answers(&after, content)?,
            );
            check_comparable(&comparison.warnings, allow_different)?;
            let doc = Document::Compare(Box::new(comparison));
            let path = output.output.as_deref();
            let options = RenderOptions {
                colour: path.is_none() && style::use_colour(no_color),
                bom: !csv.no_bom,
                ..RenderOptions::plain(content)
            };
            let exporter = report::exporter(format.into());
            emit_with(path, output.force, |out| exporter.write(out, &doc, options))?;
        }
        Command::Report {
            file,
            format,
            csv_table,
            csv,
            output,
        } => {
            crate::allocator::prefer_throughput();
            refuse_output_over_input(output.output.as_deref(), &file)?;
            let content = load_content(content_dir)?;
            let doc = read_document_or_answers(&file, content)?;
            warn_of_other_content(&file, &doc, content);
            let options = RenderOptions {
                colour: output.output.is_none() && style::use_colour(no_color),
                csv_table: csv_table.into(),
                bom: !csv.no_bom,
                content,
            };
            let exporter = report::exporter(format.into());
            emit_with(output.output.as_deref(), output.force, |out| match &doc {
                Opened::Whole(doc) => exporter.write(out, doc, options),
                Opened::Aggregate(profiles) => exporter.write_aggregate(out, profiles, options),
            })?;
        }
        Command::Schema { document } => {
            let content = load_content(content_dir)?;
            emit(
                &schema::render(document.into(), &content.framework)?,
                None,
                false,
            )?;
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "partnerscope", &mut out);
            emit(&String::from_utf8(out)?, None, false)?;
        }
        Command::Man { command } => emit(&man_page(command.as_deref())?, None, false)?,
        Command::Template {
            bank,
            format,
            output,
        } => {
            let content = load_content(content_dir)?;
            let chosen: Vec<BankId> = bank.into_iter().map(BankId::from).collect();
            // In the order an assessment asks them, each once.
            let banks: Vec<BankId> = BankId::ALL
                .into_iter()
                .filter(|b| chosen.is_empty() || chosen.contains(b))
                .collect();
            let text = match format {
                TemplateFormat::Toml => template::toml(content, &banks, &today()),
                TemplateFormat::Json => template::json(content, &banks, &today())?,
            };
            emit(&text, output.output.as_deref(), output.force)?;
        }
    }
    Ok(ExitCode::Success)
}

/// The overview page, whose list of commands names `partnerscope-COMMAND(1)`,
/// or the page of one of those commands.
fn man_page(command: Option<&str>) -> anyhow::Result<String> {
    let cli = <Cli as clap::CommandFactory>::command();
    let cmd = match command {
        None => cli,
        Some(name) => {
            let Some(sub) = cli.find_subcommand(name) else {
                let known: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
                return Err(Failure::new(
                    ExitCode::Usage,
                    format!("no manual page for '{name}' (known: {})", known.join(", ")),
                )
                .into());
            };
            let page = format!("partnerscope-{name}");
            sub.clone().name(page.clone()).bin_name(page)
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out)?;
    Ok(String::from_utf8(out)?)
}

/// Two documents that may not be the same partnership over time stop the
/// comparison unless the user asked for it; either way each reason is said.
/// Even with `--force`, writing over the file being read would lose it.
/// An input folder counts too: a file already in it is one of the inputs.
fn refuse_output_over_input(output: Option<&Path>, input: &Path) -> anyhow::Result<()> {
    let same = |o: &Path| match (std::fs::canonicalize(o), std::fs::canonicalize(input)) {
        (Ok(o), Ok(i)) => o == i || (i.is_dir() && o.parent() == Some(i.as_path())),
        _ => false,
    };
    match output {
        Some(o) if same(o) => Err(Failure::new(
            ExitCode::Usage,
            format!(
                "{} is the file being read; write the output to another file",
                o.display()
            ),
        )
        .into()),
        _ => Ok(()),
    }
}

/// A report draws its band legend and question counts from the content
/// loaded now, which may not be the content a result was scored with.
fn warn_of_other_content(file: &Path, doc: &Opened, content: &Content) {
    if let Opened::Whole(Document::Result(result)) = doc {
        if result.content_fingerprint != content.fingerprint {
            messages::info(format!(
                "warning: {} was scored with other content ({}) than is loaded now ({}); the report's band legend and question counts come from the loaded content",
                file.display(),
                result.content_fingerprint,
                content.fingerprint
            ));
        }
    }
}

fn check_comparable(warnings: &[String], allowed: bool) -> anyhow::Result<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    if !allowed {
        return Err(Failure::input(format!(
            "{}; use --allow-different to compare them anyway",
            warnings.join("; ")
        ))
        .into());
    }
    for w in warnings {
        messages::info(format!("warning: {w}"));
    }
    Ok(())
}

/// Writes the questionnaire page that members fill in offline.
fn form(content: &Content, args: &FormArgs) -> anyhow::Result<()> {
    let parts = chosen_parts(args.parts.as_deref());
    let questionnaire = Questionnaire {
        content,
        partnership: partnership_name(&args.partnership)?,
        parts: &parts,
        date: &today(),
    };
    let page = report::form::render(&questionnaire, report::form::Mode::Offline);
    emit(&page.html, args.output.output.as_deref(), args.output.force)?;
    if let Some(path) = &args.output.output {
        messages::info(format!(
            "Questionnaire written to {}. Send it to members; aggregate the answers files they save with: partnerscope aggregate FOLDER",
            path.display()
        ));
    }
    Ok(())
}

/// The parts named on the command line, in the order an assessment asks them; all by default.
fn chosen_parts(parts: Option<&[Part]>) -> Vec<BankId> {
    match parts {
        Some(parts) if !parts.is_empty() => BankId::ALL
            .into_iter()
            .filter(|id| parts.iter().any(|p| BankId::from(*p) == *id))
            .collect(),
        _ => BankId::ALL.to_vec(),
    }
}

fn partnership_name(name: &str) -> anyhow::Result<&str> {
    let name = name.trim();
    let refuse = |why: &str| Err(Failure::new(ExitCode::Usage, why.to_string()).into());
    if name.is_empty() {
        return refuse("--partnership is empty; give the partnership's name");
    }
    // A page shows such a character escaped, so the answers sent back would
    // name another partnership than this one.
    if name.chars().any(crate::core::text::is_hostile_char) {
        return refuse("--partnership holds a control character; type the name as it should read");
    }
    Ok(name)
}

/// The interview (which saves progress) and the collection server (which
/// closes into a summary) handle their own interruptions; every other
/// command has only files to clean up.
fn handles_its_own_interrupts(command: &Command) -> bool {
    matches!(command, Command::Assess(args) if args.answers.is_none())
        || matches!(command, Command::Collect(_))
}

/// Renders a document in the chosen format to standard output or a file.
fn assess(content: &Content, path: &Path, args: &AssessArgs, no_color: bool) -> anyhow::Result<()> {
    refuse_output_over_input(args.output.output.as_deref(), path)?;
    let sheet = answers::read(path, content)?;
    let result = assess_sheet(content, &sheet);
    let output = args.output.output.as_deref();
    let format = args.format.map_or(
        if output.is_some() {
            Format::Json
        } else {
            Format::Table
        },
        Format::from,
    );
    let options = RenderOptions {
        colour: output.is_none() && style::use_colour(no_color),
        bom: !args.csv.no_bom,
        ..RenderOptions::plain(content)
    };
    let doc = Document::Result(Box::new(result));
    let exporter = report::exporter(format);
    emit_with(output, args.output.force, |out| {
        exporter.write(out, &doc, options)
    })?;
    if let Some(path) = output {
        messages::info(format!("Result written to {}", path.display()));
    }
    Ok(())
}

/// The content for the rest of the run. It is loaded once and kept until
/// the program ends: freeing its thousands of small pieces one by one on
/// the way out cost a short command 7 to 8 % of its instructions.
pub(super) fn load_content(dir: Option<&Path>) -> anyhow::Result<&'static Content> {
    let content = io::content::load(dir).map_err(|problems| Failure::content(&problems))?;
    let source = dir.map_or("bundled content".to_string(), |d| d.display().to_string());
    messages::detail(format!("content: {source} ({})", content.fingerprint));
    Ok(Box::leak(Box::new(content)))
}

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

fn validate(dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let source = dir.map_or("bundled content".to_string(), |d| d.display().to_string());
    match io::content::validate(dir) {
        Ok(content) => {
            for warning in &content.warnings {
                messages::info(format!("warning: {warning}"));
            }
            let questions = content.questions().count();
            let summary = format!(
                "{source}: ok ({questions} questions in {} banks, {} resources, {} warning(s))\n",
                content.banks().len(),
                content.catalogue().resources.len(),
                content.warnings.len()
            );
            emit(&summary, None, false)?;
            Ok(ExitCode::Success)
        }
        Err(problems) => {
            for problem in &problems {
                eprintln!("error: {problem}");
            }
            eprintln!("{source}: {} problem(s) found", problems.len());
            Ok(ExitCode::InvalidContent)
        }
    }
}

fn questions(
    content: &Content,
    only: Option<BankId>,
    format: ListFormat,
) -> anyhow::Result<String> {
    let banks: Vec<_> = content
        .banks()
        .iter()
        .filter(|b| only.is_none_or(|id| id == b.id))
        .collect();
    Ok(match format {
        ListFormat::Json => {
            let value = json!({ "schema_version": 1, "banks": banks });
            serde_json::to_string_pretty(&value)? + "\n"
        }
        ListFormat::Table => {
            let mut table = table(&["id", "part", "kind", "measures", "question"]);
            for bank in banks {
                for q in &bank.questions {
                    let measures: Vec<String> = q
                        .measures
                        .iter()
                        .filter_map(|m| {
                            m.indicator
                                .clone()
                                .or(m.component.clone())
                                .or(m.precondition.clone())
                                .or(m.step.clone())
                        })
                        .collect();
                    table.add_row(vec![
                        q.id.clone(),
                        bank.id.to_string(),
                        q.kind.as_str().to_string(),
                        measures.join(", "),
                        q.text.clone(),
                    ]);
                }
            }
            format!("{table}\n")
        }
    })
}

fn resources(
    content: &Content,
    component: Option<&str>,
    stage: Option<&str>,
    format: ListFormat,
) -> anyhow::Result<String> {
    let fw = &content.framework;
    if let Some(c) = component {
        if fw.component(c).is_none() {
            let known: Vec<&str> = fw.components.iter().map(|c| c.id.as_str()).collect();
            return Err(Failure::input(format!(
                "unknown component '{c}' (known: {})",
                known.join(", ")
            ))
            .into());
        }
    }
    if let Some(s) = stage {
        if fw.stage(s).is_none() {
            let known: Vec<&str> = fw.stages.iter().map(|s| s.id.as_str()).collect();
            return Err(Failure::input(format!(
                "unknown stage '{s}' (known: {})",
                known.join(", ")
            ))
            .into());
        }
    }
    let selected: Vec<_> = content
        .catalogue()
        .resources
        .iter()
        .filter(|r| component.is_none_or(|c| r.components.iter().any(|x| x == c)))
        .filter(|r| stage.is_none_or(|s| r.stages.iter().any(|x| x == s)))
        .collect();
    Ok(match format {
        ListFormat::Json => {
            let value = json!({ "schema_version": 1, "resources": selected });
            serde_json::to_string_pretty(&value)? + "\n"
        }
        ListFormat::Table => {
            let mut table = table(&["id", "title", "publisher", "kind", "when to use", "link"]);
            for r in selected {
                table.add_row(vec![
                    r.id.clone(),
                    r.title.clone(),
                    r.publisher.clone(),
                    r.kind.as_str().to_string(),
                    r.when.clone(),
                    r.url.clone().unwrap_or_default(),
                ]);
            }
            format!("{table}\n")
        }
    })
}
