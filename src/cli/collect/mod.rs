//! `partnerscope collect`: serves the questionnaire on the local network,
//! writes each member's answers into a folder as they arrive, shows a live
//! count, and closes into the group's summary.

mod server;
mod store;

use std::io::{BufRead, IsTerminal, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use qrcode::render::unicode::Dense1x2;
use qrcode::QrCode;

use self::server::{serve, Limiter, Server};
use self::store::{Counts, Event, Store};
use super::args::{AggregateArgs, CollectArgs, CsvArgs, DocFormat, OutputArgs};
use super::{inputs, messages};
use crate::core::content::{BankId, Content};
use crate::error::{ExitCode, Failure};
use crate::io::write::emit_with;
use crate::report::form::{render, Mode, Questionnaire};
use crate::report::{self, RenderOptions};

/// Requests handled side by side.
const WORKERS: usize = 8;

pub(super) fn run(
    content: &Content,
    args: &CollectArgs,
    partnership: &str,
    parts: Vec<BankId>,
    today: &str,
) -> anyhow::Result<()> {
    let page = render(
        &Questionnaire {
            content,
            partnership,
            parts: &parts,
            date: today,
        },
        Mode::Collect,
    );
    let http = tiny_http::Server::http(SocketAddr::new(args.bind, args.port)).map_err(|e| {
        Failure::new(
            ExitCode::Usage,
            format!("cannot listen on {}:{}: {e}", args.bind, args.port),
        )
    })?;
    // Made only once listening works, so a port in use leaves no folder behind.
    std::fs::create_dir_all(&args.into)
        .with_context(|| format!("cannot create {}", args.into.display()))?;
    let port = http.server_addr().to_ip().map_or(args.port, |a| a.port());
    let (events, received) = channel();
    let store = Store::new(
        content.clone(),
        &args.into,
        partnership,
        parts,
        events.clone(),
    );
    let already = store.counts().members;
    let server = Arc::new(Server {
        http,
        token: random_token()?,
        page,
        store,
        limiter: Mutex::new(Limiter::new(args.rate)),
        stopping: AtomicBool::new(false),
        uploads: AtomicUsize::new(0),
    });
    announce(&server.token, args.bind, port, &args.into, already);
    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        std::thread::spawn(move || serve(server));
    }
    listen_for_close(events)?;
    show_counts_until_closed(&server.store, &received);

    // Close before anything else, so no answers are written after the summary.
    server.store.close();
    server.stopping.store(true, Ordering::Relaxed);
    server.http.unblock();
    summarise(server.store.content(), &args.into, partnership)
}

/// A random access token: 128 bits, as hexadecimal.
fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no random numbers: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Says where members go, as an address and a QR code, and how to close.
fn announce(token: &str, bind: IpAddr, port: u16, into: &Path, already: usize) {
    let hosts = hosts_for(bind);
    let url = |host: &IpAddr| match host {
        IpAddr::V6(v6) => format!("http://[{v6}]:{port}/?t={token}"),
        IpAddr::V4(v4) => format!("http://{v4}:{port}/?t={token}"),
    };
    let listening = if bind.is_unspecified() {
        format!("every local interface, port {port}")
    } else {
        format!("{bind}, port {port}")
    };
    messages::info(format!("Listening on {listening}."));
    messages::info(format!(
        "Answers are saved in {}{}.",
        into.display(),
        match already {
            0 => String::new(),
            n => format!(" ({n} already there are kept and counted)"),
        }
    ));
    // Nobody can join without the address and its token, so --quiet keeps them.
    messages::always("Members open this address on a phone, tablet or laptop on the same network:");
    for host in &hosts {
        messages::always(format!("  {}", url(host)));
    }
    if let Some(first) = hosts.first() {
        if let Ok(code) = QrCode::new(url(first).as_bytes()) {
            let picture = code
                .render::<Dense1x2>()
                .dark_color(Dense1x2::Light)
                .light_color(Dense1x2::Dark)
                .build();
            messages::info(picture);
        }
    }
    messages::info("Press q (or Ctrl-C) to close the collection and see the summary.");
}

/// The addresses members can reach: the one bound to, or every non-loopback
/// address of this machine when bound to all of them.
fn hosts_for(bind: IpAddr) -> Vec<IpAddr> {
    if !bind.is_unspecified() {
        return vec![bind];
    }
    let mut hosts: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|i| i.ip())
        .filter(|ip| !ip.is_loopback() && ip.is_ipv4() == bind.is_ipv4())
        .collect();
    hosts.sort();
    hosts.dedup();
    if hosts.is_empty() {
        hosts.push(if bind.is_ipv4() {
            IpAddr::from([127, 0, 0, 1])
        } else {
            IpAddr::from(std::net::Ipv6Addr::LOCALHOST)
        });
    }
    hosts
}

/// Sends `Close` on Ctrl-C, on the q key at a terminal, or on a line `q`
/// from standard input when it is not a terminal.
fn listen_for_close(events: Sender<Event>) -> anyhow::Result<()> {
    let on_interrupt = events.clone();
    ctrlc::set_handler(move || {
        let _ = on_interrupt.send(Event::Close);
    })
    .context("cannot watch for Ctrl-C")?;
    let terminal = console::Term::stderr();
    if std::io::stdin().is_terminal() && terminal.is_term() {
        std::thread::spawn(move || loop {
            match terminal.read_key() {
                Ok(console::Key::Char('q' | 'Q') | console::Key::CtrlC) | Err(_) => {
                    let _ = events.send(Event::Close);
                    break;
                }
                Ok(_) => {}
            }
        });
    } else {
        std::thread::spawn(move || {
            for line in std::io::stdin().lock().lines() {
                match line {
                    Ok(line) if line.trim().eq_ignore_ascii_case("q") => {
                        let _ = events.send(Event::Close);
                        break;
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        });
    }
    Ok(())
}

/// Shows the live count until the collection is closed: one line redrawn on
/// a terminal, a new line for each change otherwise.
fn show_counts_until_closed(store: &Store, events: &Receiver<Event>) {
    let on_terminal = std::io::stderr().is_terminal() && messages::progress_wanted();
    let show = |counts: &Counts| {
        let line = describe(counts);
        if on_terminal {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K{line}");
            let _ = err.flush();
        } else {
            messages::info(line);
        }
    };
    let mut shown = store.counts();
    show(&shown);
    while let Ok(Event::Changed) = events.recv() {
        let counts = store.counts();
        if counts != shown {
            show(&counts);
            shown = counts;
        }
    }
    if on_terminal {
        eprintln!();
    }
}

fn describe(counts: &Counts) -> String {
    let parts: Vec<String> = counts
        .parts
        .iter()
        .map(|(part, started, finished)| format!("{part}: {started} started, {finished} finished"))
        .collect();
    format!("{} · answers sent: {}", parts.join(" · "), counts.members)
}

/// The group's summary over every answers file collected, and the command
/// that renders the report.
fn summarise(content: &Content, into: &Path, partnership: &str) -> anyhow::Result<()> {
    let has_answers = std::fs::read_dir(into)
        .with_context(|| format!("cannot read {}", into.display()))?
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().ends_with(".json"));
    if !has_answers {
        messages::info(format!(
            "Collection closed. No answers were sent, so there is nothing to summarise in {}.",
            into.display()
        ));
        return Ok(());
    }
    let args = AggregateArgs {
        files: vec![into.to_path_buf()],
        format: DocFormat::Table,
        csv: CsvArgs { no_bom: false },
        allow_mixed: false,
        named: false,
        by: None,
        skip_invalid: true,
        output: OutputArgs {
            output: None,
            force: false,
        },
    };
    let aggregated = inputs::aggregate(content, &args)?;
    messages::info(format!(
        "Collection closed. The answers of {} are in {}.",
        match aggregated.members() {
            1 => "1 member".to_string(),
            n => format!("{n} members"),
        },
        into.display()
    ));
    emit_with(None, false, |out| {
        report::exporter(report::Format::Table).write_aggregate(
            out,
            &aggregated,
            RenderOptions::plain(content),
        )
    })?;
    messages::info(format!(
        "For the report to share: partnerscope aggregate {} --format html --output {}",
        shell_word(&into.display().to_string()),
        shell_word(&format!("{}-workshop.html", slug(partnership)))
    ));
    Ok(())
}

fn slug(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "partnership".into()
    } else {
        words.join("-")
    }
}

/// A word quoted for a POSIX shell when it needs quoting.
fn shell_word(word: &str) -> String {
    let plain = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./:@".contains(c));
    if plain && !word.is_empty() {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}
