//! Runs a parsed command line.

use std::path::Path;

use serde_json::json;

use crate::assess::assess_sheet;
use crate::cli::{AssessArgs, Cli, Command, ListFormat, TemplateFormat};
use crate::content::{self, BankId, Content};
use crate::error::Failure;
use crate::exit_codes::ExitCode;
use crate::output::emit;
use crate::report::{self, Document, RenderOptions};
use crate::{aggregate, answers, compare, messages, schema};
use crate::{interactive, style, template};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    messages::set(cli.global.quiet, cli.global.verbose);
    let content_dir = cli.global.content.as_deref();
    match cli.command {
        Command::Validate { dir } => Ok(validate(dir.as_deref().or(content_dir))),
        Command::Questions { bank, format } => {
            let content = load_content(content_dir)?;
            emit(&questions(&content, bank, format)?, None, false)?;
            Ok(ExitCode::Success)
        }
        Command::Resources {
            component,
            stage,
            format,
        } => {
            let content = load_content(content_dir)?;
            let text = resources(&content, component.as_deref(), stage.as_deref(), format)?;
            emit(&text, None, false)?;
            Ok(ExitCode::Success)
        }
        Command::Assess(args) => {
            let content = load_content(content_dir)?;
            if let Some(path) = &args.answers {
                assess(&content, path, &args, cli.global.no_color)?;
            } else {
                let colour = style::use_colour_on_stderr(cli.global.no_color);
                interactive::run(&content, &args, colour, &today())?;
            }
            Ok(ExitCode::Success)
        }
        Command::Aggregate(args) => {
            let content = load_content(content_dir)?;
            let report = aggregate::run(&content, &args)?;
            let text = match args.format {
                ListFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
                ListFormat::Table => report::aggregate_table::render(&report),
            };
            emit(&text, args.output.output.as_deref(), args.output.force)?;
            Ok(ExitCode::Success)
        }
        Command::Compare {
            before,
            after,
            format,
            output,
        } => {
            let content = load_content(content_dir)?;
            let comparison = compare::compare(
                &content.framework,
                &compare::read_snapshot(&before)?,
                &compare::read_snapshot(&after)?,
            );
            let text = match format {
                ListFormat::Json => serde_json::to_string_pretty(&comparison)? + "\n",
                ListFormat::Table => compare::render_table(&comparison),
            };
            emit(&text, output.output.as_deref(), output.force)?;
            Ok(ExitCode::Success)
        }
        Command::Report {
            file,
            format,
            csv_table,
            output,
        } => {
            let content = load_content(content_dir)?;
            let doc = Document::read(&file)?;
            let options = RenderOptions {
                colour: output.output.is_none() && style::use_colour(cli.global.no_color),
                csv_table,
                content: &content,
            };
            let text = report::exporter(format).render(&doc, options)?;
            emit(&text, output.output.as_deref(), output.force)?;
            Ok(ExitCode::Success)
        }
        Command::Schema { document } => {
            emit(&schema::render(document)?, None, false)?;
            Ok(ExitCode::Success)
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "partnerscope", &mut out);
            emit(&String::from_utf8(out)?, None, false)?;
            Ok(ExitCode::Success)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut out)?;
            emit(&String::from_utf8(out)?, None, false)?;
            Ok(ExitCode::Success)
        }
        Command::Template {
            bank,
            format,
            output,
        } => {
            let content = load_content(content_dir)?;
            let banks = if bank.is_empty() {
                BankId::ALL.to_vec()
            } else {
                bank
            };
            let text = match format {
                TemplateFormat::Toml => template::toml(&content, &banks, &today()),
                TemplateFormat::Json => template::json(&content, &banks, &today())?,
            };
            emit(&text, output.output.as_deref(), output.force)?;
            Ok(ExitCode::Success)
        }
    }
}

fn assess(content: &Content, path: &Path, args: &AssessArgs, no_color: bool) -> anyhow::Result<()> {
    let sheet = answers::read(path, content)?;
    let result = assess_sheet(content, &sheet);
    let output = args.output.output.as_deref();
    let format = args.format.unwrap_or(if output.is_some() {
        report::Format::Json
    } else {
        report::Format::Table
    });
    let options = RenderOptions {
        colour: output.is_none() && style::use_colour(no_color),
        ..RenderOptions::plain(content)
    };
    let text = report::exporter(format).render(&Document::Result(Box::new(result)), options)?;
    emit(&text, output, args.output.force)?;
    if let Some(path) = output {
        messages::info(format!("Result written to {}", path.display()));
    }
    Ok(())
}

pub fn load_content(dir: Option<&Path>) -> anyhow::Result<Content> {
    let content = content::load(dir).map_err(|problems| Failure::content(&problems))?;
    let source = dir.map_or("bundled content".to_string(), |d| d.display().to_string());
    messages::detail(format!("content: {source} ({})", content.fingerprint));
    Ok(content)
}

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

fn validate(dir: Option<&Path>) -> ExitCode {
    let source = dir.map_or("bundled content".to_string(), |d| d.display().to_string());
    match content::load(dir) {
        Ok(content) => {
            for warning in &content.warnings {
                messages::info(format!("warning: {warning}"));
            }
            let questions = content.questions().count();
            println!(
                "{source}: ok ({questions} questions in {} banks, {} resources, {} warnings)",
                content.banks.len(),
                content.catalogue.resources.len(),
                content.warnings.len()
            );
            ExitCode::Success
        }
        Err(problems) => {
            for problem in &problems {
                eprintln!("error: {problem}");
            }
            eprintln!("{source}: {} problem(s) found", problems.len());
            ExitCode::InvalidContent
        }
    }
}

fn questions(
    content: &Content,
    only: Option<BankId>,
    format: ListFormat,
) -> anyhow::Result<String> {
    let banks: Vec<_> = content
        .banks
        .iter()
        .filter(|b| only.is_none_or(|id| id == b.id))
        .collect();
    Ok(match format {
        ListFormat::Json => {
            let value = json!({ "schema_version": 1, "banks": banks });
            serde_json::to_string_pretty(&value)? + "\n"
        }
        ListFormat::Table => {
            let mut table = style::table(&["id", "part", "kind", "measures", "question"]);
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
        .catalogue
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
            let mut table =
                style::table(&["id", "title", "publisher", "kind", "when to use", "link"]);
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
