//! A `partnerscope collect` process on a loopback port, and plain HTTP/1.1
//! requests to it over a socket, so tests control every byte sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStdin, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any one wait in these tests may last before it fails.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub struct Collector {
    child: Option<Child>,
    stdin: Option<ChildStdin>,
    pub addr: SocketAddr,
    pub token: String,
    stderr: Arc<Mutex<String>>,
}

pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Collector {
    /// Starts collecting into `dir` on a free loopback port, with `extra` arguments.
    pub fn start(dir: &Path, extra: &[&str]) -> Collector {
        let binary = assert_cmd::cargo::cargo_bin("partnerscope");
        let mut child = std::process::Command::new(binary)
            .env_remove("PARTNERSCOPE_CONTENT")
            .env("NO_COLOR", "1")
            .args(["collect", "--partnership", "Riverside", "--into"])
            .arg(dir)
            .args(["--bind", "127.0.0.1", "--port", "0"])
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("partnerscope starts");
        let stdin = child.stdin.take();
        let stderr = Arc::new(Mutex::new(String::new()));
        let lines = BufReader::new(child.stderr.take().unwrap());
        let (found, url) = std::sync::mpsc::channel();
        let log = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                if let Some(url) = line.trim().strip_prefix("http://") {
                    let _ = found.send(url.to_string());
                }
                let mut log = log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let url = url
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no address printed: {}", stderr.lock().unwrap()));
        let (host, query) = url.split_once("/?t=").expect("the address carries a token");
        Collector {
            child: Some(child),
            stdin,
            addr: host.parse().expect("an address and port"),
            token: query.to_string(),
            stderr,
        }
    }

    /// A request with the access token added to `path`.
    pub fn send(&self, method: &str, path: &str, body: &str) -> Reply {
        let joiner = if path.contains('?') { '&' } else { '?' };
        request(
            self.addr,
            method,
            &format!("{path}{joiner}t={}", self.token),
            body,
        )
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until standard error shows `text`.
    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while !self.stderr().contains(text) {
            assert!(
                start.elapsed() < PATIENCE,
                "never saw {text:?} in: {}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Closes the collection as a facilitator does, with `q`, and waits for the summary.
    pub fn close(mut self) -> (Output, String) {
        let mut stdin = self.stdin.take().unwrap();
        stdin.write_all(b"q\n").unwrap();
        drop(stdin);
        self.finish()
    }

    /// Sends the signal Ctrl-C sends, and waits for the program to end.
    pub fn interrupt(self) -> (Output, String) {
        let status = std::process::Command::new("kill")
            .args(["-INT", &self.child.as_ref().unwrap().id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        self.finish()
    }

    fn finish(mut self) -> (Output, String) {
        let mut child = self.child.take().unwrap();
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > PATIENCE {
                let _ = child.kill();
                panic!("collect did not stop: {}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let output = child.wait_with_output().unwrap();
        // The reader thread may still be copying the last lines.
        std::thread::sleep(Duration::from_millis(50));
        (output, self.stderr())
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One HTTP/1.1 request on its own connection.
pub fn request(addr: SocketAddr, method: &str, target: &str, body: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) and close before reading everything.
    let _ = stream.write_all(body.as_bytes());
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(&raw)));
    let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = &raw[split + 4..];
    let status = headers
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {headers:?}"));
    let body = if headers
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_vec()
    };
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// The body of a response sent in chunks.
fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&rest[..end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.trim(), 16).ok())
            .unwrap_or(0);
        let data = &rest[end + 2..];
        if size == 0 || data.len() < size {
            break;
        }
        out.extend_from_slice(&data[..size]);
        rest = data[size..].strip_prefix(b"\r\n").unwrap_or(&data[size..]);
    }
    out
}
