//! A hand-written HTTP/1.1 server for what the wiremock-based
//! [`crate::mock`] server cannot do: hang up without answering, and count
//! the TCP connections it accepted (to see keep-alive reuse).
//!
//! It reads each request (head and `content-length` body), records its head
//! byte for byte, and answers with the next queued [`RawAnswer`] or, once
//! the queue is empty, with the fallback [`Reply`]. Nothing else: anything
//! that HTTP can express belongs to the mock server.

use std::collections::VecDeque;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

use crate::mock::{Reply, lock};

/// Largest request head accepted (request line and headers).
const MAX_HEAD: usize = 64 * 1024;
/// Largest request body accepted.
const MAX_BODY: usize = 16 * 1024 * 1024;
/// Most body bytes an [`RawAnswer::Endless`] answer writes.
pub const ENDLESS_BUDGET: usize = 1024 * 1024 * 1024;

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum RawAnswer {
    /// Closes the connection without answering.
    HangUp,
    /// Answers with this status and a chunked body of spaces that does not
    /// end: it stops only when the client stops reading (a write fails) or
    /// after [`ENDLESS_BUDGET`] bytes, so a test cannot run away.
    Endless(u16),
    /// Answers with this reply (with `content-length`) and keeps the
    /// connection open unless the client asked to close it.
    Reply(Reply),
}

struct Shared {
    heads: Mutex<Vec<String>>,
    queue: Mutex<VecDeque<RawAnswer>>,
    fallback: Reply,
    connections: AtomicUsize,
    endless_bytes: AtomicUsize,
}

/// The server; it stops when dropped.
pub struct RawServer {
    url: String,
    shared: Arc<Shared>,
    accept_task: JoinHandle<()>,
}

impl RawServer {
    /// Starts a server that answers with the queued answers, then with
    /// `fallback`.
    pub async fn start(fallback: Reply) -> RawServer {
        let listener = match TcpListener::bind("127.0.0.1:0").await {
            Ok(listener) => listener,
            Err(e) => panic!("raw server: cannot bind 127.0.0.1:0: {e}"),
        };
        let url = match listener.local_addr() {
            Ok(addr) => format!("http://{addr}"),
            Err(e) => panic!("raw server: no local address: {e}"),
        };
        let shared = Arc::new(Shared {
            heads: Mutex::new(Vec::new()),
            queue: Mutex::new(VecDeque::new()),
            fallback,
            connections: AtomicUsize::new(0),
            endless_bytes: AtomicUsize::new(0),
        });
        let accept_shared = shared.clone();
        let accept_task = tokio::spawn(async move {
            // Dropping the set (when the server is dropped and this task is
            // aborted) aborts every connection task with it.
            let mut connections = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                accept_shared.connections.fetch_add(1, Ordering::SeqCst);
                let shared = accept_shared.clone();
                connections.spawn(async move {
                    // A client that goes away mid-request ends its
                    // connection; there is nobody to report it to.
                    let _ = serve_connection(stream, &shared).await;
                });
                while connections.try_join_next().is_some() {}
            }
        });
        RawServer {
            url,
            shared,
            accept_task,
        }
    }

    /// Queues an answer for the next request; queued answers come before
    /// the fallback.
    pub fn push(&self, answer: RawAnswer) {
        lock(&self.shared.queue).push_back(answer);
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The head (request line and headers, up to the blank line) of every
    /// request so far, as received.
    pub fn request_heads(&self) -> Vec<String> {
        lock(&self.shared.heads).clone()
    }

    /// How many requests were received, hung up on or not.
    pub fn request_count(&self) -> usize {
        lock(&self.shared.heads).len()
    }

    /// How many TCP connections were accepted.
    pub fn connection_count(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// How many body bytes [`RawAnswer::Endless`] answers managed to write
    /// before the client stopped reading.
    pub fn endless_bytes_written(&self) -> usize {
        self.shared.endless_bytes.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.accept_task.abort();
    }
}

impl std::fmt::Debug for RawServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawServer")
            .field("url", &self.url)
            .field("requests", &self.request_count())
            .field("connections", &self.connection_count())
            .finish()
    }
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_owned())
}

/// Serves requests on one connection until either side closes it.
async fn serve_connection(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    // Bytes read past the current request (a pipelined next one).
    let mut buffer = Vec::new();
    loop {
        let head_end = loop {
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            if buffer.len() > MAX_HEAD {
                return Err(invalid("request head too large"));
            }
            if !fill(&mut stream, &mut buffer).await? {
                return Ok(());
            }
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
        let body_length = header(&head, "content-length").map_or(Ok(0), |v| {
            v.parse::<usize>()
                .map_err(|_| invalid("bad content-length"))
        })?;
        if body_length > MAX_BODY {
            return Err(invalid("body too large"));
        }
        while buffer.len() < head_end + body_length {
            if !fill(&mut stream, &mut buffer).await? {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
        buffer.drain(..head_end + body_length);
        // Chunked bodies are not read; such a request ends the connection.
        let client_closes = header(&head, "connection").is_some_and(|v| v.contains("close"))
            || header(&head, "transfer-encoding").is_some();
        lock(&shared.heads).push(head);

        let answer = lock(&shared.queue).pop_front();
        let reply = match answer.unwrap_or_else(|| RawAnswer::Reply(shared.fallback.clone())) {
            RawAnswer::HangUp => return Ok(()),
            RawAnswer::Endless(status) => return endless(&mut stream, status, shared).await,
            RawAnswer::Reply(reply) => reply,
        };
        if let Some(delay) = reply.delay {
            tokio::time::sleep(delay).await;
        }
        stream.write_all(&encode(&reply)).await?;
        stream.flush().await?;
        if client_closes {
            return stream.shutdown().await;
        }
    }
}

/// Writes a chunked body of spaces until a write fails or the budget ends.
async fn endless(stream: &mut TcpStream, status: u16, shared: &Shared) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await?;
    let data = vec![b' '; 64 * 1024];
    let mut chunk = format!("{:x}\r\n", data.len()).into_bytes();
    chunk.extend_from_slice(&data);
    chunk.extend_from_slice(b"\r\n");
    let mut written = 0;
    while written < ENDLESS_BUDGET {
        stream.write_all(&chunk).await?;
        written += data.len();
        shared.endless_bytes.fetch_add(data.len(), Ordering::SeqCst);
    }
    Ok(())
}

/// Reads more bytes; `false` at end of stream.
async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> io::Result<bool> {
    let mut chunk = [0u8; 8192];
    let n = stream.read(&mut chunk).await?;
    buffer.extend_from_slice(&chunk[..n]);
    Ok(n > 0)
}

/// The lower-cased value of the first header `name` in a request head.
fn header(head: &str, name: &str) -> Option<String> {
    head.split("\r\n").skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_ascii_lowercase())
    })
}

/// `reply` as HTTP/1.1 bytes, with `content-length` unless the status has
/// no body.
fn encode(reply: &Reply) -> Vec<u8> {
    let reason = StatusCode::from_u16(reply.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Status");
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", reply.status);
    let bodyless = reply.status < 200 || reply.status == 204 || reply.status == 304;
    if !bodyless {
        head.push_str(&format!("content-length: {}\r\n", reply.body.len()));
    }
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    if !bodyless {
        out.extend_from_slice(&reply.body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn raw_exchange(server: &RawServer, request: &[u8]) -> String {
        let addr = server.url().trim_start_matches("http://").to_owned();
        let mut stream = TcpStream::connect(addr).await.expect("connects");
        stream.write_all(request).await.expect("writes");
        let mut out = Vec::new();
        stream.read_to_end(&mut out).await.expect("reads");
        String::from_utf8_lossy(&out).into_owned()
    }

    #[tokio::test]
    async fn hang_up_closes_without_an_answer() {
        let server = RawServer::start(Reply::empty(204)).await;
        server.push(RawAnswer::HangUp);
        let answer = raw_exchange(&server, b"GET / HTTP/1.1\r\n\r\n").await;
        assert_eq!(answer, "");
        assert_eq!(server.request_count(), 1);
    }

    #[tokio::test]
    async fn keep_alive_serves_several_requests_on_one_connection() {
        let server = RawServer::start(Reply::empty(204)).await;
        server.push(RawAnswer::Reply(Reply::text(200, "one")));
        let answer = raw_exchange(
            &server,
            b"GET /a%2Fb?x=1%202 HTTP/1.1\r\nHost: h\r\n\r\n\
              PUT /c HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
        assert!(answer.contains("content-length: 3\r\n"), "{answer}");
        assert!(answer.contains("\r\n\r\none"), "{answer}");
        assert!(
            answer.ends_with("HTTP/1.1 204 No Content\r\n\r\n"),
            "{answer}"
        );
        assert_eq!(server.connection_count(), 1);
        assert_eq!(
            server.request_heads(),
            [
                "GET /a%2Fb?x=1%202 HTTP/1.1\r\nHost: h\r\n\r\n",
                "PUT /c HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nConnection: close\r\n\r\n",
            ]
        );
    }
}
