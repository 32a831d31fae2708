//! An in-process HTTP/1.1 server on 127.0.0.1 for end-to-end tests.
//!
//! It records every request exactly as it arrived (method, raw path and
//! query, lower-cased headers, body bytes) and answers from a queue of
//! [`Reply`]s or, once the queue is empty, from a handler closure.
//!
//! ```no_run
//! # async fn demo() {
//! use gh_actions_tests::mock::{MockServer, Reply};
//! let server = MockServer::start(|req| {
//!     if req.path() == "/repos/o/r/actions/runs" {
//!         Reply::json(200, serde_json::json!({"total_count": 0, "workflow_runs": []}))
//!     } else {
//!         Reply::empty(404)
//!     }
//! })
//! .await;
//! // point the client at server.url(), call it, then:
//! assert_eq!(server.request_count(), 1);
//! assert_eq!(server.requests()[0].header("accept"), Some("application/vnd.github+json"));
//! # }
//! ```

use std::collections::VecDeque;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// Largest request head accepted (request line and headers).
const MAX_HEAD: usize = 64 * 1024;
/// Largest request body accepted.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, such as `GET`.
    pub method: String,
    /// The request target exactly as sent: the encoded path and query.
    pub target: String,
    /// Headers in arrival order, names lower-cased, values trimmed.
    pub headers: Vec<(String, String)>,
    /// The body (chunked bodies are decoded).
    pub body: Vec<u8>,
    server_url: String,
}

impl RecordedRequest {
    /// The path part of the target, still percent-encoded.
    pub fn path(&self) -> &str {
        self.target
            .split_once('?')
            .map_or(&self.target, |(path, _)| path)
    }

    /// The raw query (after `?`), if any.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, query)| query)
    }

    /// The query as decoded `(name, value)` pairs, in order (`%XX` decoded,
    /// `+` kept as is).
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let Some(query) = self.query() else {
            return Vec::new();
        };
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (percent_decode(name), percent_decode(value))
            })
            .collect()
    }

    /// The decoded value of the first query parameter called `name`.
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// The first value of a header (name matched case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header, in order.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether the header was sent at all.
    pub fn has_header(&self, name: &str) -> bool {
        self.header(name).is_some()
    }

    /// The body decoded as JSON.
    pub fn body_json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::from_slice(&self.body)
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// `http://127.0.0.1:PORT` of the server that received the request, for
    /// building absolute `Link` or `Location` URLs in a handler.
    pub fn server_url(&self) -> &str {
        &self.server_url
    }
}

/// What the server answers to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Headers to send. `content-length` is added unless present (and never
    /// for 1xx, 204 and 304).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Wait this long before answering (for timeout tests).
    pub delay: Option<Duration>,
    /// Close the connection after this answer.
    pub close: bool,
    /// Close the connection without answering (for transport-error tests).
    pub hang_up: bool,
}

impl Reply {
    /// A reply with this status, no headers and no body.
    pub fn new(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: None,
            close: false,
            hang_up: false,
        }
    }

    /// A JSON body (`content-type: application/json; charset=utf-8`).
    pub fn json(status: u16, value: impl serde::Serialize) -> Reply {
        match serde_json::to_vec(&value) {
            Ok(body) => Reply::json_text(status, body),
            Err(e) => panic!("mock server: reply body is not JSON: {e}"),
        }
    }

    /// A JSON body given as text, sent byte for byte (spec examples,
    /// deliberately malformed JSON).
    pub fn json_text(status: u16, text: impl Into<Vec<u8>>) -> Reply {
        Reply::bytes(status, text).header("content-type", "application/json; charset=utf-8")
    }

    /// No body (`content-length: 0` except for 204 and 304).
    pub fn empty(status: u16) -> Reply {
        Reply::new(status)
    }

    /// A `302 Found` to `location`.
    pub fn redirect(location: impl Into<String>) -> Reply {
        Reply::new(302).header("location", location)
    }

    /// A plain-text body.
    pub fn text(status: u16, text: impl Into<String>) -> Reply {
        Reply::bytes(status, text.into()).header("content-type", "text/plain; charset=utf-8")
    }

    /// An HTML body (what proxies and load balancers send on errors).
    pub fn html(status: u16, html: impl Into<String>) -> Reply {
        Reply::bytes(status, html.into()).header("content-type", "text/html; charset=utf-8")
    }

    /// A raw body without a content type.
    pub fn bytes(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            body: body.into(),
            ..Reply::new(status)
        }
    }

    /// GitHub's primary rate-limit answer: 403 with `x-ratelimit-remaining:
    /// 0` and the reset time in epoch seconds.
    pub fn primary_rate_limit(reset_epoch_secs: u64) -> Reply {
        Reply::json(
            403,
            serde_json::json!({
                "message": "API rate limit exceeded for user ID 1.",
                "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
            }),
        )
        .header("x-ratelimit-limit", "5000")
        .header("x-ratelimit-remaining", "0")
        .header("x-ratelimit-used", "5000")
        .header("x-ratelimit-reset", reset_epoch_secs.to_string())
        .header("x-ratelimit-resource", "core")
    }

    /// GitHub's secondary rate-limit answer: 403 with `retry-after`.
    pub fn secondary_rate_limit(retry_after_secs: u64) -> Reply {
        Reply::json(
            403,
            serde_json::json!({
                "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
            }),
        )
        .header("retry-after", retry_after_secs.to_string())
    }

    /// Closes the connection without answering.
    pub fn hang_up() -> Reply {
        Reply {
            hang_up: true,
            ..Reply::new(0)
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds a `link` header, such as `<URL>; rel="next"`.
    pub fn link(self, value: impl Into<String>) -> Reply {
        self.header("link", value)
    }

    /// Adds `x-github-request-id`.
    pub fn request_id(self, id: impl Into<String>) -> Reply {
        self.header("x-github-request-id", id)
    }

    /// Waits before answering.
    pub fn delayed(mut self, delay: Duration) -> Reply {
        self.delay = Some(delay);
        self
    }

    /// Closes the connection after answering (`connection: close`).
    pub fn closing(mut self) -> Reply {
        self.close = true;
        self
    }
}

type Handler = dyn Fn(&RecordedRequest) -> Reply + Send + Sync;

struct Shared {
    url: String,
    requests: Mutex<Vec<RecordedRequest>>,
    queue: Mutex<VecDeque<Reply>>,
    handler: Box<Handler>,
    connections: AtomicUsize,
}

impl Shared {
    fn reply_to(&self, request: &RecordedRequest) -> Reply {
        match lock(&self.queue).pop_front() {
            Some(reply) => reply,
            None => (self.handler)(request),
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The server; it stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept_task: JoinHandle<()>,
}

impl MockServer {
    /// Starts a server that answers every request with `handler` (after
    /// any replies queued with [`push_reply`](MockServer::push_reply)).
    pub async fn start(
        handler: impl Fn(&RecordedRequest) -> Reply + Send + Sync + 'static,
    ) -> MockServer {
        let listener = match TcpListener::bind("127.0.0.1:0").await {
            Ok(listener) => listener,
            Err(e) => panic!("mock server: cannot bind 127.0.0.1:0: {e}"),
        };
        let addr = match listener.local_addr() {
            Ok(addr) => addr,
            Err(e) => panic!("mock server: no local address: {e}"),
        };
        let shared = Arc::new(Shared {
            url: format!("http://{addr}"),
            requests: Mutex::new(Vec::new()),
            queue: Mutex::new(VecDeque::new()),
            handler: Box::new(handler),
            connections: AtomicUsize::new(0),
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
                    let _ = serve_connection(stream, &shared).await;
                });
                while connections.try_join_next().is_some() {}
            }
        });
        MockServer {
            addr,
            shared,
            accept_task,
        }
    }

    /// Starts a server that answers with `replies` in order, then with 500
    /// and a JSON message naming the unexpected request.
    pub async fn with_replies(replies: impl IntoIterator<Item = Reply>) -> MockServer {
        let server = MockServer::start(|req| {
            Reply::json(
                500,
                serde_json::json!({
                    "message": format!("mock server: no reply left for {} {}", req.method, req.target)
                }),
            )
        })
        .await;
        lock(&server.shared.queue).extend(replies);
        server
    }

    /// Queues a reply; queued replies are used before the handler.
    pub fn push_reply(&self, reply: Reply) {
        lock(&self.shared.queue).push_back(reply);
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        self.shared.url.clone()
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// How many requests were received.
    pub fn request_count(&self) -> usize {
        lock(&self.shared.requests).len()
    }

    /// The most recent request.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        lock(&self.shared.requests).last().cloned()
    }

    /// How many TCP connections were accepted (keep-alive reuses one).
    pub fn connection_count(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.accept_task.abort();
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.shared.url)
            .field("requests", &self.request_count())
            .finish()
    }
}

/// A connection with its read buffer (a client may send the next request
/// before the previous answer is read).
struct Connection {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Connection {
    /// Reads more bytes; `false` at end of stream.
    async fn fill(&mut self) -> io::Result<bool> {
        let mut chunk = [0u8; 8192];
        let n = self.stream.read(&mut chunk).await?;
        self.buffer.extend_from_slice(&chunk[..n]);
        Ok(n > 0)
    }

    /// One CRLF-terminated line, without the CRLF.
    async fn line(&mut self) -> io::Result<Option<String>> {
        loop {
            if let Some(end) = self.buffer.windows(2).position(|w| w == b"\r\n") {
                let line = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
                self.buffer.drain(..end + 2);
                return Ok(Some(line));
            }
            if self.buffer.len() > MAX_HEAD {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "line too long"));
            }
            if !self.fill().await? {
                return Ok(None);
            }
        }
    }

    async fn exact(&mut self, n: usize) -> io::Result<Vec<u8>> {
        while self.buffer.len() < n {
            if !self.fill().await? {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
        Ok(self.buffer.drain(..n).collect())
    }
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_owned())
}

async fn serve_connection(stream: TcpStream, shared: &Shared) -> io::Result<()> {
    let mut conn = Connection {
        stream,
        buffer: Vec::new(),
    };
    loop {
        // Request line; blank lines before it are allowed.
        let request_line = loop {
            match conn.line().await? {
                None => return Ok(()),
                Some(line) if line.is_empty() => continue,
                Some(line) => break line,
            }
        };
        let mut parts = request_line.split_whitespace();
        let (Some(method), Some(target), version) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid("bad request line"));
        };
        let (method, target) = (method.to_owned(), target.to_owned());
        let http10 = version == Some("HTTP/1.0");

        let mut headers = Vec::new();
        let mut head_size = request_line.len();
        loop {
            let Some(line) = conn.line().await? else {
                return Ok(());
            };
            if line.is_empty() {
                break;
            }
            head_size += line.len();
            if head_size > MAX_HEAD {
                return Err(invalid("request head too large"));
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.to_ascii_lowercase())
        };
        if header("expect").as_deref() == Some("100-continue") {
            conn.stream
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                .await?;
        }
        let chunked = header("transfer-encoding").is_some_and(|v| v.contains("chunked"));
        let body = if chunked {
            read_chunked(&mut conn).await?
        } else {
            let length = match header("content-length") {
                Some(v) => v
                    .parse::<usize>()
                    .map_err(|_| invalid("bad content-length"))?,
                None => 0,
            };
            if length > MAX_BODY {
                return Err(invalid("body too large"));
            }
            conn.exact(length).await?
        };
        let client_closes = match header("connection") {
            Some(v) if v.contains("close") => true,
            Some(v) if v.contains("keep-alive") => false,
            _ => http10,
        };
        let request = RecordedRequest {
            method,
            target,
            headers,
            body,
            server_url: shared.url.clone(),
        };
        lock(&shared.requests).push(request.clone());

        let reply = shared.reply_to(&request);
        if let Some(delay) = reply.delay {
            tokio::time::sleep(delay).await;
        }
        if reply.hang_up {
            return Ok(());
        }
        let close = client_closes || reply.close;
        let head_only = request.method == "HEAD";
        conn.stream
            .write_all(&encode_reply(&reply, close, head_only))
            .await?;
        conn.stream.flush().await?;
        if close {
            return conn.stream.shutdown().await;
        }
    }
}

async fn read_chunked(conn: &mut Connection) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line = conn
            .line()
            .await?
            .ok_or_else(|| invalid("eof in chunk size"))?;
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| invalid("bad chunk size"))?;
        if size == 0 {
            // Trailers, up to an empty line.
            while let Some(trailer) = conn.line().await? {
                if trailer.is_empty() {
                    break;
                }
            }
            return Ok(body);
        }
        if body.len() + size > MAX_BODY {
            return Err(invalid("body too large"));
        }
        body.extend(conn.exact(size).await?);
        conn.exact(2).await?;
    }
}

fn encode_reply(reply: &Reply, close: bool, head_only: bool) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    let has = |name: &str| {
        reply
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    let bodyless = reply.status < 200 || reply.status == 204 || reply.status == 304;
    if !bodyless && !has("content-length") && !has("transfer-encoding") {
        head.push_str(&format!("content-length: {}\r\n", reply.body.len()));
    }
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if close && !has("connection") {
        head.push_str("connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    if !bodyless && !head_only {
        out.extend_from_slice(&reply.body);
    }
    out
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        410 => "Gone",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', hi, lo]) => hex(*hi).zip(hex(*lo)),
            _ => None,
        };
        match escaped {
            Some((hi, lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn raw_exchange(server: &MockServer, request: &[u8]) -> String {
        let mut stream = TcpStream::connect(server.addr()).await.unwrap();
        stream.write_all(request).await.unwrap();
        let mut out = Vec::new();
        stream.read_to_end(&mut out).await.unwrap();
        String::from_utf8_lossy(&out).into_owned()
    }

    #[tokio::test]
    async fn keep_alive_serves_several_requests_on_one_connection() {
        let server = MockServer::with_replies([Reply::text(200, "one"), Reply::empty(204)]).await;
        let answer = raw_exchange(
            &server,
            b"GET /a%2Fb?x=1%202 HTTP/1.1\r\nHost: h\r\nX-Thing: Yes\r\n\r\n\
              PUT /c HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
        assert!(answer.contains("content-length: 3\r\n"));
        assert!(answer.contains("\r\n\r\none"));
        assert!(answer.contains("HTTP/1.1 204 No Content\r\n"));
        assert!(answer.ends_with("connection: close\r\n\r\n"));
        let requests = server.requests();
        assert_eq!(server.request_count(), 2);
        assert_eq!(server.connection_count(), 1);
        assert_eq!(requests[0].path(), "/a%2Fb");
        assert_eq!(requests[0].query_param("x").as_deref(), Some("1 2"));
        assert_eq!(requests[0].header("x-thing"), Some("Yes"));
        assert_eq!(requests[0].headers[1].0, "x-thing");
        assert_eq!(requests[1].method, "PUT");
        assert_eq!(requests[1].body, b"abc");
        assert_eq!(requests[1].server_url(), server.url());
    }

    #[tokio::test]
    async fn chunked_bodies_are_decoded_and_the_queue_runs_out_into_500() {
        let server = MockServer::with_replies([]).await;
        let answer = raw_exchange(
            &server,
            b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
              4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n",
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 500 "), "{answer}");
        assert!(answer.contains("no reply left for POST /x"));
        assert_eq!(server.last_request().unwrap().body_text(), "Wikipedia");
    }

    #[tokio::test]
    async fn queued_replies_come_before_the_handler() {
        let server =
            MockServer::start(|req| Reply::json(200, serde_json::json!({"path": req.path()})))
                .await;
        server.push_reply(Reply::redirect("https://example.invalid/x").closing());
        let first = raw_exchange(&server, b"GET /q HTTP/1.1\r\n\r\n").await;
        assert!(
            first.contains("302 Found") && first.contains("location: https://example.invalid/x")
        );
        let second = raw_exchange(&server, b"GET /h HTTP/1.1\r\nConnection: close\r\n\r\n").await;
        assert!(second.ends_with(r#"{"path":"/h"}"#), "{second}");
    }

    #[tokio::test]
    async fn hang_up_closes_without_an_answer() {
        let server = MockServer::with_replies([Reply::hang_up()]).await;
        let answer = raw_exchange(&server, b"GET / HTTP/1.1\r\n\r\n").await;
        assert_eq!(answer, "");
        assert_eq!(server.request_count(), 1);
    }

    #[test]
    fn percent_decoding_handles_bad_escapes() {
        assert_eq!(percent_decode("a%20b%2F%zz%4"), "a b/%zz%4");
        assert_eq!(percent_decode("d%C3%A9"), "dé");
    }
}
