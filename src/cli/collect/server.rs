//! The collection server's HTTP side: the questionnaire, its submit endpoint
//! and a health check, nothing else. Every request needs the access token;
//! bodies are capped; sending is rate-limited per address; every response
//! carries a strict Content-Security-Policy.

use std::collections::HashMap;
use std::io::Read;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, Request, Response};

use super::store::{Refusal, Store};
use crate::report::form::Page;

/// The largest request body accepted: a full questionnaire with long notes
/// is well under this.
pub(super) const BODY_CAP: usize = 256 * 1024;

/// The policy for everything that is not the questionnaire.
const LOCKED_DOWN: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Bodies read at once, each on its own thread; a request beyond them is
/// told to send again in a moment.
const UPLOADS_AT_ONCE: usize = 64;

pub(super) struct Server {
    pub http: tiny_http::Server,
    pub token: String,
    pub page: Page,
    pub store: Store,
    pub limiter: Mutex<Limiter>,
    pub stopping: AtomicBool,
    /// Bodies being read now.
    pub uploads: AtomicUsize,
}

/// Answers requests until stopping; several of these run side by side.
pub(super) fn serve(server: Arc<Server>) {
    while !server.stopping.load(Ordering::Relaxed) {
        match server.http.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(request)) if *request.method() == Method::Post => upload(&server, request),
            Ok(Some(request)) => handle(&server, request),
            Ok(None) => {}
            Err(_) => break,
        }
    }
}

/// Reads a body on a thread of its own: a phone that stops sending half-way
/// holds up only its own request, never the page or other members.
fn upload(server: &Arc<Server>, request: Request) {
    if server.uploads.fetch_add(1, Ordering::AcqRel) >= UPLOADS_AT_ONCE {
        server.uploads.fetch_sub(1, Ordering::AcqRel);
        return reply(request, 503, "busy; send again in a moment\n", LOCKED_DOWN);
    }
    let server = Arc::clone(server);
    std::thread::spawn(move || {
        handle(&server, request);
        server.uploads.fetch_sub(1, Ordering::AcqRel);
    });
}

fn handle(server: &Server, mut request: Request) {
    let url = request.url().to_string();
    let (path, query) = split_url(&url);
    if !token_matches(query, &server.token) {
        return reply(request, 403, "", LOCKED_DOWN);
    }
    let address = request.remote_addr().map(|a| a.ip());
    let page_csp = server.page.csp.clone() + "; frame-ancestors 'none'";
    match (request.method(), path) {
        (Method::Get, "/") => {
            let body = server.page.html.clone();
            respond(request, 200, "text/html; charset=utf-8", body, &page_csp)
        }
        (Method::Get, "/health") => reply(request, 200, "ok\n", LOCKED_DOWN),
        (Method::Post, "/submit" | "/started") => {
            let allowed = address.is_none_or(|ip| {
                server
                    .limiter
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .allow(ip, Instant::now())
            });
            if !allowed {
                return reply(
                    request,
                    429,
                    "too many requests from this device; wait a minute\n",
                    LOCKED_DOWN,
                );
            }
            let body = match read_body(&mut request) {
                Ok(body) => body,
                Err(status) => {
                    return reply(request, status, "the request is too large\n", LOCKED_DOWN)
                }
            };
            let outcome = if path == "/submit" {
                server.store.submit(&body)
            } else {
                server.store.started(&body)
            };
            match outcome {
                Ok(()) => reply(request, 200, "saved\n", LOCKED_DOWN),
                Err(Refusal::Invalid(why)) => reply(request, 400, &format!("{why}\n"), LOCKED_DOWN),
                Err(Refusal::Closed) => reply(
                    request,
                    503,
                    "the facilitator has closed the collection\n",
                    LOCKED_DOWN,
                ),
                Err(Refusal::NotSaved(why)) => {
                    eprintln!("\nanswers could not be saved: {why}");
                    reply(
                        request,
                        500,
                        "your answers could not be saved; tell the facilitator\n",
                        LOCKED_DOWN,
                    )
                }
            }
        }
        (_, "/" | "/health" | "/submit" | "/started") => {
            reply(request, 405, "method not allowed\n", LOCKED_DOWN)
        }
        _ => reply(request, 404, "not found\n", LOCKED_DOWN),
    }
}

fn split_url(url: &str) -> (&str, &str) {
    url.split_once('?').unwrap_or((url, ""))
}

/// Whether the query carries the access token, compared in constant time.
fn token_matches(query: &str, token: &str) -> bool {
    query
        .split('&')
        .filter_map(|pair| pair.strip_prefix("t="))
        .any(|given| {
            given.len() == token.len()
                && given
                    .bytes()
                    .zip(token.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        })
}

/// The body, read no further than the cap.
fn read_body(request: &mut Request) -> Result<Vec<u8>, u16> {
    if request.body_length().is_some_and(|n| n > BODY_CAP) {
        return Err(413);
    }
    let mut body = Vec::new();
    request
        .as_reader()
        .take(BODY_CAP as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|_| 400u16)?;
    if body.len() > BODY_CAP {
        return Err(413);
    }
    Ok(body)
}

fn reply(request: Request, status: u16, text: &str, csp: &str) {
    respond(
        request,
        status,
        "text/plain; charset=utf-8",
        text.to_string(),
        csp,
    )
}

fn respond(request: Request, status: u16, content_type: &str, body: String, csp: &str) {
    let headers = [
        ("Content-Type", content_type),
        ("Content-Security-Policy", csp),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ];
    let mut response = Response::from_string(body).with_status_code(status);
    for (name, value) in headers {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    // A member's device that went away mid-reply is no error of ours.
    let _ = request.respond(response);
}

/// A token bucket per address: `per_minute` requests, refilled evenly.
pub(super) struct Limiter {
    per_minute: f64,
    buckets: HashMap<IpAddr, (f64, Instant)>,
}

/// Addresses remembered before full buckets are forgotten.
const REMEMBERED_ADDRESSES: usize = 4096;

impl Limiter {
    pub(super) fn new(per_minute: u32) -> Self {
        Limiter {
            per_minute: f64::from(per_minute),
            buckets: HashMap::new(),
        }
    }

    pub(super) fn allow(&mut self, ip: IpAddr, now: Instant) -> bool {
        let per_minute = self.per_minute;
        let refill = |(tokens, at): (f64, Instant)| {
            let elapsed = now.saturating_duration_since(at).as_secs_f64();
            (tokens + elapsed * per_minute / 60.0).min(per_minute)
        };
        if self.buckets.len() > REMEMBERED_ADDRESSES {
            self.buckets
                .retain(|_, bucket| refill(*bucket) < per_minute);
        }
        let bucket = self.buckets.entry(ip).or_insert((per_minute, now));
        let tokens = refill(*bucket);
        let allowed = tokens >= 1.0;
        *bucket = (if allowed { tokens - 1.0 } else { tokens }, now);
        allowed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_must_match_exactly() {
        assert!(token_matches("t=abc", "abc"));
        assert!(token_matches("x=1&t=abc", "abc"));
        assert!(!token_matches("t=abd", "abc"));
        assert!(!token_matches("t=ab", "abc"));
        assert!(!token_matches("", "abc"));
    }

    #[test]
    fn an_address_gets_its_allowance_then_waits_for_the_refill() {
        let mut limiter = Limiter::new(3);
        let ip: IpAddr = [10, 0, 0, 1].into();
        let other: IpAddr = [10, 0, 0, 2].into();
        let start = Instant::now();
        assert!((0..3).all(|_| limiter.allow(ip, start)));
        assert!(!limiter.allow(ip, start));
        assert!(limiter.allow(other, start), "addresses are counted apart");
        assert!(limiter.allow(ip, start + Duration::from_secs(20)));
        assert!(!limiter.allow(ip, start + Duration::from_secs(20)));
    }
}
