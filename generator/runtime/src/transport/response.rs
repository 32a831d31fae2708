//! One answer after it arrived: status, headers and the whole body, and
//! what the generated code reads from it (JSON with the failing field's
//! path, text, bytes, a redirect's download URL).

use bytes::Bytes;
use reqwest::Url;
use reqwest::header::{HeaderMap, LOCATION};

use super::json_path;
use crate::vocabulary::download_url::DownloadUrl;
use crate::vocabulary::error::{DecodeError, Error};
use crate::vocabulary::message::{
    HIDDEN_BODY, header_str, redact_url, snippet, without_secrets, without_tokens,
};
use crate::vocabulary::meta::Meta;

/// A 2xx or 3xx answer, body read in full.
#[doc(hidden)]
pub struct Response {
    operation: &'static str,
    status: u16,
    headers: HeaderMap,
    /// The URL the request went to; relative `Location`s resolve against it.
    url: Url,
    body: Bytes,
    /// Errors show none of the body (it may hold a credential).
    body_hidden: bool,
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct("Response");
        out.field("operation", &self.operation)
            .field("status", &self.status)
            .field("url", &redact_url(&self.url));
        if self.body_hidden {
            out.field("body", &HIDDEN_BODY);
        } else {
            out.field("body", &self.body);
        }
        out.finish_non_exhaustive()
    }
}

impl Response {
    pub(crate) fn new(
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
            body_hidden: false,
        }
    }

    /// The same answer, whose errors show none of its body (an answer that
    /// may hold a credential, such as an installation token).
    pub(crate) fn hiding_body(mut self) -> Response {
        self.body_hidden = true;
        self
    }

    /// What errors show of the body: its start, or a placeholder.
    fn shown_body(&self) -> String {
        if self.body_hidden {
            HIDDEN_BODY.to_owned()
        } else {
            without_tokens(&snippet(&self.body))
        }
    }

    /// The HTTP status code.
    #[doc(hidden)]
    pub fn status(&self) -> u16 {
        self.status
    }

    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The status and headers of the answer, for callers who want them
    /// beside the decoded value.
    #[doc(hidden)]
    pub fn meta(&self) -> Meta {
        Meta::new(self.status, self.headers.clone())
    }

    /// The raw body.
    pub(crate) fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as bytes, for answers that are not JSON (a cheap clone: the
    /// bytes are shared).
    #[doc(hidden)]
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    /// The body as text, for `text/*` answers; a body that is not UTF-8 is
    /// an [`Error::Decode`] naming the operation and status.
    #[doc(hidden)]
    pub fn text(&self) -> Result<String, Error> {
        match std::str::from_utf8(&self.body) {
            Ok(text) => Ok(text.to_owned()),
            Err(e) => {
                let source = serde::de::Error::custom(format!("the answer is not UTF-8: {e}"));
                Err(self.decode_error(".", source))
            }
        }
    }

    pub(crate) fn url(&self) -> &Url {
        &self.url
    }

    /// Decodes the JSON body; on failure the error names the field path
    /// (`workflow_runs[2].head_commit.timestamp`) and keeps a snippet.
    #[doc(hidden)]
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        // One decode; a failure's position is turned into the field path by
        // scanning the text (`json_path`), not by decoding again.
        serde_json::from_slice(&self.body).map_err(|source| {
            let path = json_path::path_of(&self.body, &source);
            self.decode_error(&path, source)
        })
    }

    /// A decode error for this answer at `path` (`.` for the top level).
    /// For an answer whose body is hidden, the decoder's message (which may
    /// quote a value) becomes its category and position, and the path loses
    /// credential-shaped keys.
    pub(crate) fn decode_error(&self, path: &str, source: serde_json::Error) -> Error {
        let (path, source) = if self.body_hidden {
            let category = match source.classify() {
                serde_json::error::Category::Io => "the answer could not be read",
                serde_json::error::Category::Syntax => "the answer is not well-formed JSON",
                serde_json::error::Category::Data => "the answer does not have the expected shape",
                serde_json::error::Category::Eof => "the answer ends too early",
            };
            let hidden = if source.line() == 0 {
                serde::de::Error::custom(category)
            } else {
                serde::de::Error::custom(format!(
                    "{category} (line {}, column {})",
                    source.line(),
                    source.column()
                ))
            };
            (without_secrets(path), hidden)
        } else {
            // The decoder's message may quote a value: a token-shaped one
            // does not show.
            let message = source.to_string();
            let redacted = without_tokens(&message);
            if redacted == message {
                (path.to_owned(), source)
            } else {
                (without_tokens(path), serde::de::Error::custom(redacted))
            }
        };
        Error::Decode(Box::new(DecodeError {
            operation: self.operation,
            status: self.status,
            path,
            snippet: self.shown_body(),
            request_id: self.request_id(),
            source,
        }))
    }

    /// A decode error for this answer whose message is this crate's own
    /// text, never quoting the body (see [`hiding_body`](Self::hiding_body)).
    #[cfg(feature = "app-auth")]
    pub(crate) fn shape_error(&self, why: &'static str) -> Error {
        Error::Decode(Box::new(DecodeError {
            operation: self.operation,
            status: self.status,
            path: ".".to_owned(),
            snippet: self.shown_body(),
            request_id: self.request_id(),
            source: serde::de::Error::custom(why),
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
            snippet: self.shown_body(),
        }
    }

    fn request_id(&self) -> Option<String> {
        header_str(&self.headers, "x-github-request-id").map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    const OPERATION: &str = "actions/get-thing";

    fn response(status: u16, headers: &[(&'static str, &str)], body: &str) -> Response {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        let url = Url::parse("https://ghe.example.com/api/v3/repos/o/r/logs").unwrap();
        Response::new(OPERATION, status, map, url, Bytes::from(body.to_owned()))
    }

    #[test]
    fn text_and_bytes_answers() {
        let resp = response(200, &[], "héllo\n");
        assert_eq!(resp.text().unwrap(), "héllo\n");
        assert_eq!(resp.bytes(), Bytes::from("héllo\n"));
        let url = Url::parse("https://api.github.com/x").unwrap();
        let binary = Response::new(
            OPERATION,
            200,
            HeaderMap::new(),
            url,
            Bytes::from_static(b"ab\xFFcd"),
        );
        assert_eq!(&binary.bytes()[..], b"ab\xFFcd");
        let err = binary.text().unwrap_err();
        assert_eq!(err.status(), Some(200));
        assert_eq!(err.operation(), Some("actions/get-thing"));
        assert_eq!(
            err.to_string(),
            "actions/get-thing: could not decode the 200 answer: the answer is not UTF-8: invalid utf-8 sequence of 1 bytes from index 2 (body: ab\u{FFFD}cd)"
        );
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
