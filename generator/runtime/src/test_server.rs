//! A local mock server for the runtime's own tests, on `wiremock`: answers
//! chosen by the request's index, and every request recorded as sent.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

/// One request as received.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) method: String,
    /// Path and query exactly as sent (still percent-encoded).
    pub(crate) target: String,
    /// Lower-cased names.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Seen {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The answer to one request.
pub(crate) struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Option<Duration>,
}

impl Answer {
    pub(crate) fn json(status: u16, body: &str) -> Answer {
        Answer::bytes(status, body.as_bytes()).header("content-type", "application/json")
    }

    pub(crate) fn bytes(status: u16, body: &[u8]) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: body.to_vec(),
            delay: None,
        }
    }

    pub(crate) fn redirect(location: &str) -> Answer {
        Answer::bytes(302, b"").header("location", location)
    }

    pub(crate) fn header(mut self, name: &str, value: &str) -> Answer {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub(crate) fn delayed(mut self, delay: Duration) -> Answer {
        self.delay = Some(delay);
        self
    }

    fn template(self) -> ResponseTemplate {
        let mut template = ResponseTemplate::new(self.status).set_body_bytes(self.body);
        for (name, value) in self.headers {
            template = template.insert_header(name.as_str(), value.as_str());
        }
        match self.delay {
            Some(delay) => template.set_delay(delay),
            None => template,
        }
    }
}

type Handler = dyn Fn(&Seen, usize) -> Answer + Send + Sync;

/// Records each request and answers it with the handler's answer for its index.
struct Recorder {
    seen: Arc<Mutex<Vec<Seen>>>,
    count: AtomicUsize,
    handler: Box<Handler>,
}

impl Respond for Recorder {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let target = match request.url.query() {
            Some(query) => format!("{}?{query}", request.url.path()),
            None => request.url.path().to_owned(),
        };
        let headers = request
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_ascii_lowercase(), value)
            })
            .collect();
        let seen = Seen {
            method: request.method.to_string(),
            target,
            headers,
            body: request.body.clone(),
        };
        let answer = (self.handler)(&seen, self.count.fetch_add(1, Ordering::SeqCst));
        self.seen.lock().unwrap().push(seen);
        answer.template()
    }
}

pub(crate) struct TestServer {
    /// `http://127.0.0.1:PORT`
    pub(crate) url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    _server: MockServer,
}

impl TestServer {
    /// Serves until dropped; `answer(n)` answers the n-th request (from 0).
    pub(crate) async fn start(
        answer: impl Fn(usize) -> Answer + Send + Sync + 'static,
    ) -> TestServer {
        TestServer::start_with(move |_, n| answer(n)).await
    }

    /// Serves until dropped; `answer(request, n)` answers each request.
    pub(crate) async fn start_with(
        answer: impl Fn(&Seen, usize) -> Answer + Send + Sync + 'static,
    ) -> TestServer {
        let server = MockServer::start().await;
        let seen = Arc::new(Mutex::new(Vec::new()));
        Mock::given(wiremock::matchers::any())
            .respond_with(Recorder {
                seen: seen.clone(),
                count: AtomicUsize::new(0),
                handler: Box::new(answer),
            })
            .mount(&server)
            .await;
        TestServer {
            url: server.uri(),
            seen,
            _server: server,
        }
    }

    pub(crate) fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}
