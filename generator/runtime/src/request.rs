//! One API request before it is sent, one answer after, and path encoding.

use std::fmt::{self, Display, Write as _};

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Url;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, LOCATION};

use super::client::Operation;
use super::download::DownloadUrl;
use super::error::{self, DecodeError, Error};
use super::meta::Meta;

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const UNRESERVED_ONLY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment (everything but RFC 3986 unreserved
/// characters), so that `/`, `?`, `#`, `%` and spaces in a concurrency group,
/// workflow file or secret name stay inside the segment. The value is
/// encoded while it is written into the path, without a copy of its text.
#[doc(hidden)]
pub fn encode_segment(value: &dyn Display) -> Encoded<'_> {
    Encoded(value)
}

/// A value shown percent-encoded (see [`encode_segment`]).
#[doc(hidden)]
pub struct Encoded<'a>(&'a dyn Display);

impl Display for Encoded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(PercentWriter(f), "{}", self.0)
    }
}

/// Percent-encodes whatever is written through it into the inner writer.
struct PercentWriter<W>(W);

impl<W: fmt::Write> fmt::Write for PercentWriter<W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for part in utf8_percent_encode(s, UNRESERVED_ONLY) {
            self.0.write_str(part)?;
        }
        Ok(())
    }
}

/// One API request: the operation, its encoded path, query and body.
/// Cloning is cheap enough to re-send it on retries.
#[derive(Clone)]
#[doc(hidden)]
pub struct Request {
    pub(super) op: &'static Operation,
    /// The path after the base URL, segments already encoded.
    path: String,
    /// Encoded `name=value` pairs in the order they were added.
    query: String,
    pub(super) body: Option<Bytes>,
    /// Headers of this request only (conditional requests, raw requests).
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
}

impl Request {
    /// A request for `op`; `path` is the filled-in template, already encoded
    /// with [`encode_segment`].
    #[doc(hidden)]
    pub fn new(op: &'static Operation, path: String) -> Request {
        Request {
            op,
            path,
            query: String::new(),
            body: None,
            headers: Vec::new(),
        }
    }

    /// Adds a header to this request (sent after the client's own headers,
    /// replacing one of the same name).
    #[doc(hidden)]
    pub fn header(&mut self, name: HeaderName, value: HeaderValue) {
        self.headers.push((name, value));
    }

    /// Appends a query parameter (encoded here).
    #[doc(hidden)]
    pub fn query(&mut self, name: &str, value: &dyn Display) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        let _ = write!(
            self.query,
            "{}={}",
            encode_segment(&name),
            encode_segment(value)
        );
    }

    /// Sets a JSON body (sent with `Content-Type: application/json`).
    #[doc(hidden)]
    pub fn json_body<B: serde::Serialize>(&mut self, body: &B) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|source| Error::Encode {
            operation: self.op.id,
            source,
        })?;
        self.body = Some(Bytes::from(bytes));
        Ok(())
    }

    /// The full URL: `base` (scheme, host and any path prefix such as
    /// `/api/v3`, without a trailing slash) followed by the path and query.
    /// Appending keeps the prefix, which URL joining would drop.
    pub(super) fn url(&self, base: &str) -> Result<Url, Error> {
        // Templates have no empty or dot segments, so these came from a parameter;
        // `%2E%2E` would be collapsed by URL parsing just like `..`.
        let hostile = self
            .path
            .split('/')
            .skip(1)
            .find(|seg| is_dot_or_empty(seg));
        if let Some(seg) = hostile {
            return Err(Error::InvalidPathParameter {
                operation: self.op.id,
                value: seg.to_owned(),
            });
        }
        let mut text = String::with_capacity(base.len() + self.path.len() + self.query.len() + 1);
        text.push_str(base);
        if !self.path.starts_with('/') {
            text.push('/');
        }
        text.push_str(&self.path);
        if !self.query.is_empty() {
            text.push('?');
            text.push_str(&self.query);
        }
        Url::parse(&text).map_err(|e| Error::Config {
            message: format!("{}: cannot build a URL from `{text}`: {e}", self.op.id),
        })
    }
}

/// Whether a path segment is empty, `.` or `..`, in any mix of `.` and `%2E`.
fn is_dot_or_empty(seg: &str) -> bool {
    let dot = |s: Option<&str>| s.is_some_and(|s| s == "." || s.eq_ignore_ascii_case("%2e"));
    let split = |at: usize| dot(seg.get(..at)) && dot(seg.get(at..));
    match seg.len() {
        0 => true,
        1 | 3 => dot(Some(seg)),
        2 => seg == "..",
        4 => split(1) || split(3),
        6 => split(3),
        _ => false,
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation", &self.op.id)
            .field("method", &self.op.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body_bytes", &self.body.as_ref().map(Bytes::len))
            .finish()
    }
}

/// A 2xx or 3xx answer, body read in full.
#[derive(Debug)]
#[doc(hidden)]
pub struct Response {
    operation: &'static str,
    status: u16,
    headers: HeaderMap,
    /// The URL the request went to; relative `Location`s resolve against it.
    url: Url,
    body: Bytes,
}

impl Response {
    pub(super) fn new(
        operation: &'static str,
        status: u16,
        headers: HeaderMap,
        url: Url,
        body: Bytes,
    ) -> Response {
        Response {
            operation,
            status,
            headers,
            url,
            body,
        }
    }

    /// The HTTP status code.
    #[doc(hidden)]
    pub fn status(&self) -> u16 {
        self.status
    }

    pub(super) fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The status and headers of the answer, for callers who want them
    /// beside the decoded value.
    #[doc(hidden)]
    pub fn meta(&self) -> Meta {
        Meta::new(self.status, self.headers.clone())
    }

    /// The raw body.
    pub(super) fn body(&self) -> &Bytes {
        &self.body
    }

    pub(super) fn url(&self) -> &Url {
        &self.url
    }

    /// Decodes the JSON body; on failure the error names the field path
    /// (`workflow_runs[2].head_commit.timestamp`) and keeps a snippet.
    #[doc(hidden)]
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        // The fast path: plain serde_json. Tracking the field path costs about
        // as much as the decode itself, so it runs only to explain a failure.
        if let Ok(value) = serde_json::from_slice(&self.body) {
            return Ok(value);
        }
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        let (path, source) = match serde_path_to_error::deserialize(&mut de) {
            // Trailing garbage after the JSON value is a decode error too.
            Ok(value) => match de.end() {
                Ok(()) => return Ok(value),
                Err(e) => (".".to_owned(), e),
            },
            Err(e) => (e.path().to_string(), e.into_inner()),
        };
        Err(self.decode_error(&path, source))
    }

    /// A decode error for this answer at `path` (`.` for the top level).
    pub(super) fn decode_error(&self, path: &str, source: serde_json::Error) -> Error {
        Error::Decode(Box::new(DecodeError {
            operation: self.operation,
            status: self.status,
            path: path.to_owned(),
            snippet: error::snippet(&self.body),
            request_id: self.request_id(),
            source,
        }))
    }

    /// The redirect target of a 302 download answer, from `Location`
    /// (absolute, or relative to the request URL).
    #[doc(hidden)]
    pub fn download_url(&self) -> Result<DownloadUrl, Error> {
        let missing = || Error::MissingLocation {
            operation: self.operation,
            status: self.status,
        };
        let location = self
            .headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .ok_or_else(missing)?;
        let url = self.url.join(location).map_err(|_| missing())?;
        DownloadUrl::new(url).ok_or_else(missing)
    }

    /// The error for a status the operation does not document.
    #[doc(hidden)]
    pub fn unexpected_status(self) -> Error {
        Error::UnexpectedStatus {
            operation: self.operation,
            status: self.status,
            request_id: self.request_id(),
            snippet: error::snippet(&self.body),
        }
    }

    fn request_id(&self) -> Option<String> {
        error::header_str(&self.headers, "x-github-request-id").map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Product;
    use reqwest::Method;
    use reqwest::header::HeaderValue;

    static OP: Operation = Operation {
        id: "actions/get-thing",
        method: Method::GET,
        path: "/repos/{owner}/{repo}/things/{name}",
        products: &[Product::GitHubCom],
    };

    fn response(status: u16, headers: &[(&'static str, &str)], body: &str) -> Response {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        let url = Url::parse("https://ghe.example.com/api/v3/repos/o/r/logs").unwrap();
        Response::new(OP.id, status, map, url, Bytes::from(body.to_owned()))
    }

    #[test]
    fn segment_encoding_keeps_one_segment() {
        assert_eq!(
            encode_segment(&"déploy/prod 100%#?").to_string(),
            "d%C3%A9ploy%2Fprod%20100%25%23%3F"
        );
        assert_eq!(encode_segment(&"a/b").to_string(), "a%2Fb");
        assert_eq!(encode_segment(&"a b").to_string(), "a%20b");
        assert_eq!(encode_segment(&"100%").to_string(), "100%25");
        assert_eq!(encode_segment(&"x#y?z").to_string(), "x%23y%3Fz");
        assert_eq!(encode_segment(&"ci.yml").to_string(), "ci.yml");
        assert_eq!(encode_segment(&"A-z_0~9").to_string(), "A-z_0~9");
        assert_eq!(encode_segment(&"+&=;:@").to_string(), "%2B%26%3D%3B%3A%40");
        assert_eq!(
            encode_segment(&12_345_678_901_i64).to_string(),
            "12345678901"
        );
    }

    #[test]
    fn dot_and_empty_path_parameters_are_refused() {
        for value in ["..", ".", ""] {
            let path = format!("/repos/o/r/actions/secrets/{}", encode_segment(&value));
            let err = Request::new(&OP, path)
                .url("https://api.github.com")
                .unwrap_err();
            assert!(
                matches!(&err, Error::InvalidPathParameter { value: v, .. } if v == value),
                "{value:?}: {err}"
            );
        }
        for seg in ["%2e", "%2E%2e", ".%2E", "%2e.", ""] {
            assert!(is_dot_or_empty(seg), "{seg}");
        }
        for seg in ["...", "a.", "%2e%2e%2e", "%2f", "é.", "%2"] {
            assert!(!is_dot_or_empty(seg), "{seg}");
        }
        let ok = format!("/repos/o/r/actions/secrets/{}", encode_segment(&"..a"));
        assert!(Request::new(&OP, ok).url("https://api.github.com").is_ok());
    }

    #[test]
    fn url_appends_to_the_base_prefix_and_encodes_the_query() {
        let path = format!(
            "/repos/{}/{}/things/{}",
            encode_segment(&"o"),
            encode_segment(&"r"),
            encode_segment(&"a b/c")
        );
        let mut req = Request::new(&OP, path);
        req.query("per_page", &50);
        req.query("created", &">=2024-01-01");
        req.query("branch", &"feature/x y");
        let url = req.url("https://ghe.example.com/api/v3").unwrap();
        assert_eq!(
            url.as_str(),
            "https://ghe.example.com/api/v3/repos/o/r/things/a%20b%2Fc?per_page=50&created=%3E%3D2024-01-01&branch=feature%2Fx%20y"
        );
        assert_eq!(url.path_segments().unwrap().count(), 7);
    }

    #[test]
    fn json_body_is_serialised() {
        let mut req = Request::new(&OP, "/x".to_owned());
        req.json_body(&serde_json::json!({"ref": "main"})).unwrap();
        assert_eq!(req.body.as_deref(), Some(&br#"{"ref":"main"}"#[..]));
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Runs {
        workflow_runs: Vec<Run>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Run {
        id: i64,
    }

    #[test]
    fn decode_errors_name_the_field_path_and_keep_a_snippet() {
        let resp = response(
            200,
            &[("x-github-request-id", "R1")],
            r#"{"workflow_runs":[{"id":1},{"id":"two"}]}"#,
        );
        let err = resp.json::<Runs>().unwrap_err();
        assert_eq!(err.request_id(), Some("R1"));
        let Error::Decode(d) = err else {
            panic!("expected Decode")
        };
        assert_eq!(d.path, "workflow_runs[1].id");
        assert_eq!(d.status, 200);
        assert!(d.snippet.starts_with(r#"{"workflow_runs""#));
        let ok = response(200, &[], r#"{"workflow_runs":[{"id":12345678901}]}"#);
        assert_eq!(
            ok.json::<Runs>().unwrap().workflow_runs[0].id,
            12_345_678_901
        );
    }

    #[test]
    fn download_url_reads_absolute_and_relative_locations() {
        let abs = response(
            302,
            &[("location", "https://storage.example.net/logs.zip?sig=abc")],
            "",
        );
        assert_eq!(
            abs.download_url().unwrap().as_str(),
            "https://storage.example.net/logs.zip?sig=abc"
        );
        let rel = response(302, &[("location", "/_download/logs.zip")], "");
        assert_eq!(
            rel.download_url().unwrap().as_str(),
            "https://ghe.example.com/_download/logs.zip"
        );
        let none = response(302, &[], "");
        assert!(matches!(
            none.download_url(),
            Err(Error::MissingLocation { status: 302, .. })
        ));
    }

    #[test]
    fn unexpected_status_keeps_status_and_snippet() {
        let err = response(202, &[("x-github-request-id", "R2")], "accepted").unexpected_status();
        assert_eq!(err.status(), Some(202));
        assert_eq!(err.request_id(), Some("R2"));
        assert!(err.to_string().contains("accepted"));
    }
}
