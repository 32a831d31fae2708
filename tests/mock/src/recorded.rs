//! One request as the mock server received it.

use percent_encoding::percent_decode_str;

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, such as `GET`.
    pub method: String,
    /// The request target as sent: the encoded path and query.
    pub target: String,
    /// Headers, names lower-cased; in arrival order, except that repeated
    /// names are grouped at the first one's place.
    pub headers: Vec<(String, String)>,
    /// The body (chunked bodies are decoded).
    pub body: Vec<u8>,
    pub(super) server_url: String,
}

impl RecordedRequest {
    /// Records what wiremock received.
    ///
    /// wiremock keeps the target as a parsed `url::Url`. Parsing keeps every
    /// `%XX` escape and `+` as it is, but resolves dot segments (`..`,
    /// `%2E%2E`), reads `\` as `/`, and escapes what a URL does not hold raw
    /// (`{`, `}`, non-ASCII; `'` in a query). A client built on `url::Url`,
    /// as reqwest is, has made the same changes before sending, so for it
    /// `target` is byte for byte what went on the wire (the tests of this
    /// module pin both facts down).
    pub(super) fn from_wiremock(request: &wiremock::Request, server_url: &str) -> RecordedRequest {
        let url = &request.url;
        let target = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        let headers = request
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes());
                (name.as_str().to_owned(), value.trim().to_owned())
            })
            .collect();
        RecordedRequest {
            method: request.method.as_str().to_owned(),
            target,
            headers,
            body: request.body.clone(),
            server_url: server_url.to_owned(),
        }
    }

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

/// `%XX` decoded; a `%` not followed by two hex digits stays as it is.
pub(super) fn percent_decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}
