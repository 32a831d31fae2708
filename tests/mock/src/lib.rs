//! The mock HTTP server of the workspace's tests (the runtime's own and the
//! end-to-end tests of the generated client): [`wiremock`] on 127.0.0.1,
//! behind the small API the tests are written against. It depends on
//! neither the runtime nor the client, so both can test against it.
//!
//! Every request is recorded as it arrived (method, path and query still
//! percent-encoded as sent, lower-cased headers, body bytes) and answered
//! from a queue of [`Reply`]s or, once the queue is empty, by a handler
//! closure. wiremock does the HTTP (hyper: keep-alive, chunked bodies,
//! `Expect: 100-continue`); this crate only records and picks the answer.
//! What wiremock cannot do on the wire (hang up without answering, send
//! raw bytes, count connections) is in `gh_actions_tests::raw_server`.
//!
//! ```no_run
//! # async fn demo() {
//! use gh_actions_mock::{MockServer, Reply};
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

mod recorded;
mod reply;
#[cfg(test)]
mod tests;

pub use recorded::RecordedRequest;
pub use reply::Reply;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Answers a request given its index among all requests received (from 0).
type Handler = dyn Fn(&RecordedRequest, usize) -> Reply + Send + Sync;

/// What the responder and the test share: the record and the answers.
struct State {
    url: String,
    requests: Mutex<Vec<RecordedRequest>>,
    queue: Mutex<VecDeque<Reply>>,
    handler: Box<Handler>,
}

/// Locks a mutex whose data stays valid even if a holder panicked (what a
/// server's shared state needs: a panicking handler is a failed test, and
/// must not hide what was recorded before it).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking handler must not hide the requests recorded before it.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The one wiremock responder, mounted for every request: records the
/// request, then answers from the queue or the handler.
struct Responder(Arc<State>);

impl wiremock::Respond for Responder {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let state = &self.0;
        let recorded = RecordedRequest::from_wiremock(request, &state.url);
        let index = {
            let mut requests = lock(&state.requests);
            requests.push(recorded.clone());
            requests.len() - 1
        };
        // Pop first and release the lock: the handler may take its time.
        let queued = lock(&state.queue).pop_front();
        queued
            .unwrap_or_else(|| (state.handler)(&recorded, index))
            .into_template()
    }
}

/// The server; it stops when dropped.
pub struct MockServer {
    server: wiremock::MockServer,
    state: Arc<State>,
}

impl MockServer {
    /// Starts a server that answers every request with `handler` (after
    /// any replies queued with [`push_reply`](MockServer::push_reply)).
    pub async fn start(
        handler: impl Fn(&RecordedRequest) -> Reply + Send + Sync + 'static,
    ) -> MockServer {
        MockServer::start_indexed(move |request, _| handler(request)).await
    }

    /// Starts a server whose `handler` also gets each request's index
    /// among all requests received, from 0 (for answers that change from
    /// one attempt to the next: a 502 and then a 200).
    pub async fn start_indexed(
        handler: impl Fn(&RecordedRequest, usize) -> Reply + Send + Sync + 'static,
    ) -> MockServer {
        // Not `wiremock::MockServer::start()`: that one comes from a pool
        // shared across tests, so a port (and a client's keep-alive
        // connection to it) could outlive the test that used it. Recording
        // is ours: it is synchronous and in answer order.
        let server = wiremock::MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        let state = Arc::new(State {
            url: server.uri(),
            requests: Mutex::new(Vec::new()),
            queue: Mutex::new(VecDeque::new()),
            handler: Box::new(handler),
        });
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Responder(state.clone()))
            .mount(&server)
            .await;
        MockServer { server, state }
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
        lock(&server.state.queue).extend(replies);
        server
    }

    /// Queues a reply; queued replies are used before the handler.
    pub fn push_reply(&self, reply: Reply) {
        lock(&self.state.queue).push_back(reply);
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        self.state.url.clone()
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        *self.server.address()
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state.requests).clone()
    }

    /// How many requests were received.
    pub fn request_count(&self) -> usize {
        lock(&self.state.requests).len()
    }

    /// The most recent request.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        lock(&self.state.requests).last().cloned()
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.state.url)
            .field("requests", &self.request_count())
            .finish()
    }
}
