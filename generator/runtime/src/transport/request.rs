//! One API request before it is sent: its operation, encoded path and
//! query, headers and body.

use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};

use bytes::Bytes;
use percent_encoding::{AsciiSet, utf8_percent_encode};
use reqwest::Url;
use reqwest::header::{HeaderName, HeaderValue, InvalidHeaderValue};

use super::multipart::Multipart;
use super::query::{self, Node, QueryStyle, UNRESERVED_ONLY};
use crate::vocabulary::error::Error;
use crate::vocabulary::operation::Operation;

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

/// `application/json`, the content type of [`Request::json_body`].
const JSON: &str = "application/json";

/// `application/x-www-form-urlencoded`, the content type of
/// [`Request::form_body`].
const FORM: &str = "application/x-www-form-urlencoded";

/// A request body and its media type. The bytes are shared, so cloning is
/// cheap.
#[derive(Clone)]
pub(crate) struct Body {
    /// Sent as `Content-Type`; an invalid value fails when sending, as
    /// [`Error::InvalidRequest`].
    pub(crate) content_type: ContentType,
    pub(crate) bytes: Bytes,
}

/// A body's media type: a constant, or one made for the request (a
/// multipart body's boundary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ContentType(Cow<'static, str>);

impl ContentType {
    fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<ContentType> for HeaderValue {
    type Error = InvalidHeaderValue;

    fn try_from(content_type: ContentType) -> Result<HeaderValue, InvalidHeaderValue> {
        match content_type.0 {
            Cow::Borrowed(text) => HeaderValue::try_from(text),
            Cow::Owned(text) => HeaderValue::try_from(text),
        }
    }
}

impl Body {
    /// A JSON body.
    pub(crate) fn json(bytes: Bytes) -> Body {
        Body {
            content_type: ContentType(Cow::Borrowed(JSON)),
            bytes,
        }
    }
}

/// One API request: the operation, its encoded path, query and body.
/// Cloning is cheap enough to re-send it on retries.
#[derive(Clone)]
#[doc(hidden)]
pub struct Request {
    pub(crate) op: &'static Operation,
    /// The path after the base URL, segments already encoded.
    path: String,
    /// Encoded `name=value` pairs in the order they were added.
    query: String,
    pub(crate) body: Option<Body>,
    /// Headers of this request only (conditional requests, raw requests).
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// The answer may hold a credential (the App token exchange): errors
    /// show none of its body.
    pub(crate) hide_answer: bool,
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
            hide_answer: false,
        }
    }

    /// Marks the answer as one that may hold a credential: no error shows
    /// its body, and GitHub's error messages lose credential-shaped words.
    #[cfg(feature = "app-auth")]
    pub(crate) fn hide_answer_body(&mut self) {
        self.hide_answer = true;
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

    /// Appends a list query parameter in OpenAPI's `form` style: exploded,
    /// one `name=value` pair per value; otherwise one pair whose values are
    /// joined by a literal comma (a comma inside a value is encoded as
    /// `%2C`). An empty list adds nothing.
    #[doc(hidden)]
    pub fn query_list(&mut self, name: &str, values: &[&dyn Display], explode: bool) {
        self.query_delimited(name, values, QueryStyle::Form, explode);
    }

    /// Appends a list query parameter in `style`: exploded, one
    /// `name=value` pair per value; otherwise one pair whose values are
    /// joined by the style's delimiter (`,`, `%20`, `|`), each value
    /// encoded. An empty list adds nothing.
    #[doc(hidden)]
    pub fn query_delimited(
        &mut self,
        name: &str,
        values: &[&dyn Display],
        style: QueryStyle,
        explode: bool,
    ) {
        if values.is_empty() {
            return;
        }
        if explode {
            for value in values {
                self.query(name, *value);
            }
            return;
        }
        if !self.query.is_empty() {
            self.query.push('&');
        }
        let _ = write!(self.query, "{}=", encode_segment(&name));
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.query.push_str(style.delimiter());
            }
            let _ = write!(self.query, "{}", encode_segment(*value));
        }
    }

    /// Appends an object query parameter (a struct or map) in `style`, its
    /// fields in the order they serialise: `form` exploded as a pair per
    /// field (`R=100&G=200`), else as one pair (`color=R,100,G,200`, with
    /// `%20` or `|` for the delimited styles), `deepObject` as
    /// `color[R]=100`, nested objects in further brackets. `null` fields
    /// are left out. Anything but an object, or a nested object or list
    /// outside `deepObject`, is an [`Error::Encode`].
    #[doc(hidden)]
    pub fn query_object<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
        explode: bool,
    ) -> Result<(), Error> {
        let json = serde_json::to_vec(value).map_err(|source| self.encode_error(source))?;
        let node: Node =
            serde_json::from_slice(&json).map_err(|source| self.encode_error(source))?;
        let operation = self.op.id;
        let refuse = move |message: String| Error::Encode {
            operation,
            source: serde::ser::Error::custom(message),
        };
        let Node::Object(fields) = node else {
            return Err(refuse(format!(
                "query parameter `{name}` must be an object (a struct or a map)"
            )));
        };
        let mut query = std::mem::take(&mut self.query);
        let written = query::push_object(&mut query, name, &fields, style, explode);
        self.query = query;
        written.map_err(refuse)
    }

    /// Adds a header parameter (sent like [`header`](Request::header)). A
    /// name that is not a header name, or a value with a line break, NUL or
    /// another control character, is an
    /// [`Error::InvalidHeaderParameter`] naming the header.
    #[doc(hidden)]
    pub fn header_param(&mut self, name: &'static str, value: &dyn Display) -> Result<(), Error> {
        let invalid = |reason| Error::InvalidHeaderParameter {
            operation: self.op.id,
            name,
            reason,
        };
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| invalid("it is not a valid header name"))?;
        let value = HeaderValue::try_from(value.to_string()).map_err(|_| {
            invalid("the value has a line break, NUL or another character headers cannot carry")
        })?;
        self.header(header, value);
        Ok(())
    }

    /// Adds a list header parameter (`style: simple`, the only style
    /// headers have): the values joined by commas, in one header. An empty
    /// list adds nothing. A value holding a comma would read as two, so it
    /// is an [`Error::InvalidHeaderParameter`], as is anything
    /// [`header_param`](Request::header_param) refuses.
    #[doc(hidden)]
    pub fn header_list(
        &mut self,
        name: &'static str,
        values: &[&dyn Display],
    ) -> Result<(), Error> {
        if values.is_empty() {
            return Ok(());
        }
        let mut joined = String::new();
        for (i, value) in values.iter().enumerate() {
            let text = value.to_string();
            if text.contains(',') {
                return Err(Error::InvalidHeaderParameter {
                    operation: self.op.id,
                    name,
                    reason: "a value of the list holds a comma, which would split it in two",
                });
            }
            if i > 0 {
                joined.push(',');
            }
            joined.push_str(&text);
        }
        self.header_param(name, &joined)
    }

    /// Sets a JSON body (sent with `Content-Type: application/json`).
    #[doc(hidden)]
    pub fn json_body<B: serde::Serialize>(&mut self, body: &B) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|source| self.encode_error(source))?;
        self.body = Some(Body::json(Bytes::from(bytes)));
        Ok(())
    }

    /// Sets a text body, such as `text/plain` (sent as UTF-8, with
    /// `content_type` as `Content-Type`).
    #[doc(hidden)]
    pub fn text_body(&mut self, content_type: &'static str, text: String) {
        self.bytes_body(content_type, text);
    }

    /// Sets a binary body, such as `application/octet-stream` (sent as is,
    /// with `content_type` as `Content-Type`).
    #[doc(hidden)]
    pub fn bytes_body(&mut self, content_type: &'static str, bytes: impl Into<Bytes>) {
        self.body = Some(Body {
            content_type: ContentType(Cow::Borrowed(content_type)),
            bytes: bytes.into(),
        });
    }

    /// Sets a `multipart/form-data` body (sent with its boundary in the
    /// `Content-Type`); a part that could not be written is an
    /// [`Error::Encode`].
    #[doc(hidden)]
    pub fn multipart_body(&mut self, form: &mut Multipart) -> Result<(), Error> {
        if let Some(source) = form.take_error() {
            return Err(self.encode_error(source));
        }
        let (boundary, bytes) = form.encode();
        self.body = Some(Body {
            content_type: ContentType(Cow::Owned(format!(
                "multipart/form-data; boundary={boundary}"
            ))),
            bytes: Bytes::from(bytes),
        });
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body from the fields of a
    /// struct or map, in the order they serialise: a `null` field is left
    /// out, a string, number or boolean is written as its text, an array of
    /// those as one `key=value` pair per element (`null` elements left out),
    /// and an object, or an array holding objects or arrays, as its compact
    /// JSON text (the keys of nested objects sorted). Anything but an object
    /// at the top level is an [`Error::Encode`].
    #[doc(hidden)]
    pub fn form_body<B: serde::Serialize>(&mut self, body: &B) -> Result<(), Error> {
        let json = serde_json::to_vec(body).map_err(|source| self.encode_error(source))?;
        let kind = match json.first() {
            Some(b'{') => None,
            Some(b'[') => Some("an array"),
            Some(b'"') => Some("a string"),
            Some(b'n') => Some("null"),
            Some(b't' | b'f') => Some("a boolean"),
            _ => Some("a number"),
        };
        if let Some(kind) = kind {
            let message = format!("a form body must be an object (a struct or a map), not {kind}");
            return Err(self.encode_error(serde::ser::Error::custom(message)));
        }
        let fields: FormFields =
            serde_json::from_slice(&json).map_err(|source| self.encode_error(source))?;
        let mut text = String::with_capacity(json.len());
        for (key, value) in &fields.0 {
            push_form_field(&mut text, key, value);
        }
        self.body = Some(Body {
            content_type: ContentType(Cow::Borrowed(FORM)),
            bytes: Bytes::from(text),
        });
        Ok(())
    }

    /// An [`Error::Encode`] for this request's body.
    fn encode_error(&self, source: serde_json::Error) -> Error {
        Error::Encode {
            operation: self.op.id,
            source,
        }
    }

    /// The full URL: `base` (scheme, host and any path prefix such as
    /// `/api/v3`) followed by the path and query. Appending keeps the
    /// prefix, which URL joining would drop. The path and query are set on a
    /// copy of `base`, so the scheme and host are not parsed again.
    ///
    /// The path is checked as the URL will hold it: an empty, `.` or `..`
    /// segment (also as `%2E`) is refused, and so is anything URL parsing
    /// would turn into one or into another separator (`\`, which it reads
    /// as `/`; tab, CR and LF, which it drops; other control characters).
    /// Whatever the path, the URL sent stays under the base URL's prefix
    /// with the segments the path has.
    pub(crate) fn url(&self, base: &Url) -> Result<Url, Error> {
        // Generated paths encode every parameter, so these came from a raw
        // template; `%2E%2E` would be collapsed by URL parsing just like `..`.
        if let Some(at) = self.path.find(|c: char| c == '\\' || c.is_control()) {
            let bad = self.path[at..].chars().next().unwrap_or_default();
            return Err(self.invalid_path(&bad.escape_debug().to_string()));
        }
        let hostile = may_have_dot_or_empty_segment(&self.path)
            .then(|| {
                self.path
                    .split('/')
                    .skip(1)
                    .find(|seg| is_dot_or_empty(seg))
            })
            .flatten();
        if let Some(seg) = hostile {
            return Err(self.invalid_path(seg));
        }
        let mut url = base.clone();
        let prefix = base.path().trim_end_matches('/');
        let mut path = String::with_capacity(prefix.len() + self.path.len() + 1);
        path.push_str(prefix);
        if !self.path.starts_with('/') {
            path.push('/');
        }
        path.push_str(&self.path);
        url.set_path(&path);
        // The same number of separators, under the same prefix: parsing
        // neither added a segment nor resolved one away.
        let separators = |p: &str| p.bytes().filter(|&b| b == b'/').count();
        if separators(url.path()) != separators(&path) || !url.path().starts_with(prefix) {
            return Err(self.invalid_path(&self.path.escape_debug().to_string()));
        }
        if !self.query.is_empty() {
            url.set_query(Some(&self.query));
        }
        Ok(url)
    }

    /// The error for a path that would not reach the endpoint it names.
    fn invalid_path(&self, value: &str) -> Error {
        Error::InvalidPathParameter {
            operation: self.op.id,
            value: value.to_owned(),
        }
    }
}

/// The top-level fields of a JSON object in the order they were written
/// (`serde_json::Map` sorts its keys).
struct FormFields(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for FormFields {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<FormFields, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = FormFields;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<FormFields, A::Error> {
                let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(field) = map.next_entry()? {
                    fields.push(field);
                }
                Ok(FormFields(fields))
            }
        }
        de.deserialize_map(Fields)
    }
}

/// Writes one form field (see [`Request::form_body`]) as `key=value` pairs.
fn push_form_field(out: &mut String, key: &str, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Array(items) if items.iter().all(|v| !v.is_array() && !v.is_object()) => {
            for item in items {
                if let Some(text) = scalar_text(item) {
                    push_form_pair(out, key, &text);
                }
            }
        }
        Value::Array(_) | Value::Object(_) => push_form_pair(out, key, &value.to_string()),
        scalar => {
            if let Some(text) = scalar_text(scalar) {
                push_form_pair(out, key, &text);
            }
        }
    }
}

/// The text of a string, number or boolean; `None` for anything else.
fn scalar_text(value: &serde_json::Value) -> Option<Cow<'_, str>> {
    use serde_json::Value;
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Appends `key=value`, `&`-separated, both form-encoded.
fn push_form_pair(out: &mut String, key: &str, value: &str) {
    if !out.is_empty() {
        out.push('&');
    }
    push_form_encoded(out, key);
    out.push('=');
    push_form_encoded(out, value);
}

/// What form encoding leaves as it is: the unreserved characters, and the
/// space, which it writes as `+`.
const FORM_KEEPS: &AsciiSet = &UNRESERVED_ONLY.remove(b' ');

/// Appends `text` encoded as HTML forms send it
/// (`application/x-www-form-urlencoded`): RFC 3986 unreserved characters
/// as they are, a space as `+`, every other UTF-8 byte as `%XX`.
fn push_form_encoded(out: &mut String, text: &str) {
    for chunk in utf8_percent_encode(text, FORM_KEEPS) {
        out.extend(chunk.chars().map(|c| if c == ' ' { '+' } else { c }));
    }
}

/// Whether some segment of `path` may be empty, `.` or `..` (one pass over
/// the bytes, so that the common path is not split): a segment that starts
/// with `.` or `%`, an empty one, or a trailing slash.
fn may_have_dot_or_empty_segment(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.ends_with(b"/")
        || bytes
            .windows(2)
            .any(|w| w[0] == b'/' && matches!(w[1], b'/' | b'.' | b'%'))
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
            .field(
                "content_type",
                &self.body.as_ref().map(|b| b.content_type.as_str()),
            )
            .field("body_bytes", &self.body.as_ref().map(|b| b.bytes.len()))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::operation::Product;
    use reqwest::Method;

    static OP: Operation = Operation {
        id: "actions/get-thing",
        method: Method::GET,
        path: "/repos/{owner}/{repo}/things/{name}",
        products: &[Product::GitHubCom],
    };

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
                .url(&Url::parse("https://api.github.com").unwrap())
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
        assert!(
            Request::new(&OP, ok)
                .url(&Url::parse("https://api.github.com").unwrap())
                .is_ok()
        );
    }

    #[test]
    fn what_url_parsing_would_turn_into_a_dot_segment_is_refused() {
        let base = Url::parse("https://ghe.example.com/api/v3").unwrap();
        for path in [
            "/x/..\\..\\..\\y",
            "/x\\y",
            "/x/.\t./y",
            "/x/.\n./y",
            "/x/.\r./y",
            "/x/\u{1b}y",
            "/x/\u{85}y",
        ] {
            let err = Request::new(&OP, path.to_owned()).url(&base).unwrap_err();
            let Error::InvalidPathParameter { value, .. } = &err else {
                panic!("{path:?}: {err:?}")
            };
            assert!(!value.contains(['\t', '\n', '\r']), "{value:?}");
        }
        // What parsing only escapes keeps its segments under the prefix.
        let url = Request::new(&OP, "/x/a b/{c}/é\"q".to_owned())
            .url(&base)
            .unwrap();
        assert_eq!(url.path(), "/api/v3/x/a%20b/%7Bc%7D/%C3%A9%22q");
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
        let url = req
            .url(&Url::parse("https://ghe.example.com/api/v3").unwrap())
            .unwrap();
        assert_eq!(
            url.as_str(),
            "https://ghe.example.com/api/v3/repos/o/r/things/a%20b%2Fc?per_page=50&created=%3E%3D2024-01-01&branch=feature%2Fx%20y"
        );
        assert_eq!(url.path_segments().unwrap().count(), 7);
    }

    /// The content type and bytes of a request's body.
    fn body(req: &Request) -> Option<(&str, &[u8])> {
        req.body
            .as_ref()
            .map(|b| (b.content_type.as_str(), &b.bytes[..]))
    }

    #[test]
    fn json_body_is_serialised() {
        let mut req = Request::new(&OP, "/x".to_owned());
        req.json_body(&serde_json::json!({"ref": "main"})).unwrap();
        assert_eq!(
            body(&req),
            Some(("application/json", &br#"{"ref":"main"}"#[..]))
        );
    }

    #[test]
    fn query_lists_explode_or_join_with_a_literal_comma() {
        let mut req = Request::new(&OP, "/x".to_owned());
        req.query("per_page", &5);
        req.query_list("status", &[&"in progress", &"a,b"], true);
        req.query_list("event", &[&"push", &"a,b", &"x/y z", &7], false);
        req.query_list("none", &[], false);
        req.query_list("none", &[], true);
        req.query_list("one", &[&"only"], false);
        let url = req
            .url(&Url::parse("https://api.github.com").unwrap())
            .unwrap();
        assert_eq!(
            url.query(),
            Some(
                "per_page=5&status=in%20progress&status=a%2Cb&event=push,a%2Cb,x%2Fy%20z,7&one=only"
            )
        );
        let mut first = Request::new(&OP, "/x".to_owned());
        first.query_list("ids", &[&1, &2], false);
        first.query_list("empty", &[], true);
        assert_eq!(first.query, "ids=1,2");
        let mut none = Request::new(&OP, "/x".to_owned());
        none.query_list("ids", &[], false);
        assert_eq!(
            none.url(&Url::parse("https://api.github.com").unwrap())
                .unwrap()
                .as_str(),
            "https://api.github.com/x"
        );
    }

    #[test]
    fn header_params_are_checked_without_panicking() {
        let mut req = Request::new(&OP, "/x".to_owned());
        req.header_param("X-Trace-Id", &"abc 123 é").unwrap();
        req.header_param("if-match", &42).unwrap();
        let headers: Vec<(&str, &[u8])> = req
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_bytes()))
            .collect();
        assert_eq!(
            headers,
            [
                ("x-trace-id", "abc 123 é".as_bytes()),
                ("if-match", &b"42"[..])
            ]
        );
        for value in ["a\r\nx-evil: 1", "a\nb", "nul\0", "bell\u{7}", "del\u{7f}"] {
            let err = req.header_param("X-Trace-Id", &value).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidHeaderParameter {
                        operation: "actions/get-thing",
                        name: "X-Trace-Id",
                        ..
                    }
                ),
                "{value:?}: {err:?}"
            );
            assert_eq!(
                err.to_string(),
                "actions/get-thing: header parameter `X-Trace-Id` cannot be sent: the value has a line break, NUL or another character headers cannot carry"
            );
            assert_eq!(err.attempts(), 0);
            assert_eq!(err.operation(), Some("actions/get-thing"));
        }
        for name in ["", "x trace", "x:y", "x\ny", "é"] {
            let err = req.header_param(name, &"v").unwrap_err();
            assert!(
                matches!(&err, Error::InvalidHeaderParameter { name: n, reason: "it is not a valid header name", .. } if *n == name),
                "{name:?}: {err:?}"
            );
        }
        let err = req.header_param("x\ny", &"v").unwrap_err();
        assert_eq!(
            err.to_string(),
            "actions/get-thing: header parameter `x\\ny` cannot be sent: it is not a valid header name"
        );
        assert_eq!(req.headers.len(), 2, "refused headers are not added");
    }

    #[test]
    fn list_header_params_join_with_commas_and_refuse_a_comma_inside_a_value() {
        let mut req = Request::new(&OP, "/x".to_owned());
        req.header_list("openai-beta", &[&"a=v1", &7, &"b c"])
            .unwrap();
        req.header_list("x-one", &[&"only"]).unwrap();
        req.header_list("x-none", &[]).unwrap();
        let headers: Vec<(&str, &[u8])> = req
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_bytes()))
            .collect();
        assert_eq!(
            headers,
            [("openai-beta", &b"a=v1,7,b c"[..]), ("x-one", &b"only"[..])]
        );
        let err = req.header_list("x-list", &[&"a", &"b,c"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "actions/get-thing: header parameter `x-list` cannot be sent: a value of the list holds a comma, which would split it in two"
        );
        let err = req.header_list("x-list", &[&"a", &"b\nc"]).unwrap_err();
        assert!(
            matches!(err, Error::InvalidHeaderParameter { name: "x-list", .. }),
            "{err:?}"
        );
        assert_eq!(req.headers.len(), 2, "refused lists add no header");
    }

    #[test]
    fn text_and_bytes_bodies_keep_their_content_type() {
        let mut req = Request::new(&OP, "/x".to_owned());
        req.text_body("text/plain; charset=utf-8", "héllo\n".to_owned());
        assert_eq!(
            body(&req),
            Some(("text/plain; charset=utf-8", "héllo\n".as_bytes()))
        );
        req.bytes_body("application/octet-stream", vec![0u8, 0xFF, 0x1F, 0x8B]);
        assert_eq!(
            body(&req),
            Some(("application/octet-stream", &[0u8, 0xFF, 0x1F, 0x8B][..]))
        );
        req.bytes_body("application/zip", Bytes::from_static(b"PK"));
        assert_eq!(body(&req), Some(("application/zip", &b"PK"[..])));
        assert!(
            format!("{req:?}")
                .contains(r#"content_type: Some("application/zip"), body_bytes: Some(2)"#)
        );
    }

    #[test]
    fn form_encoding_matches_html_forms() {
        let mut out = String::new();
        push_form_encoded(&mut out, "a b+c&d=e/f?g#h%i~j-k.l_m*n'o\"p\tq\r\nr é€😀");
        assert_eq!(
            out,
            "a+b%2Bc%26d%3De%2Ff%3Fg%23h%25i~j-k.l_m%2An%27o%22p%09q%0D%0Ar+%C3%A9%E2%82%AC%F0%9F%98%80"
        );
        let mut plain = String::new();
        push_form_encoded(&mut plain, "AZaz09");
        assert_eq!(plain, "AZaz09");
    }

    #[derive(serde::Serialize)]
    struct Dispatch {
        zeta: &'static str,
        alpha: Option<i64>,
        #[serde(rename = "ref")]
        git_ref: &'static str,
        labels: Vec<&'static str>,
        ids: Vec<Option<i64>>,
        none: Vec<i64>,
        ok: bool,
        ratio: f64,
        big: u64,
        inputs: serde_json::Value,
        grid: Vec<Vec<i64>>,
        mixed: serde_json::Value,
    }

    #[test]
    fn form_bodies_keep_field_order_and_encode_like_html_forms() {
        let dispatch = Dispatch {
            zeta: "a b&c=d",
            alpha: None,
            git_ref: "refs/heads/main",
            labels: vec!["bug", "good first issue"],
            ids: vec![Some(1), None, Some(3)],
            none: vec![],
            ok: true,
            ratio: 0.5,
            big: u64::MAX,
            inputs: serde_json::json!({"b": "x y", "a": [1, null]}),
            grid: vec![vec![1, 2], vec![]],
            mixed: serde_json::json!(["s", {"k": null}]),
        };
        let mut req = Request::new(&OP, "/x".to_owned());
        req.form_body(&dispatch).unwrap();
        let expected = concat!(
            "zeta=a+b%26c%3Dd",
            "&ref=refs%2Fheads%2Fmain",
            "&labels=bug&labels=good+first+issue",
            "&ids=1&ids=3",
            "&ok=true",
            "&ratio=0.5",
            "&big=18446744073709551615",
            "&inputs=%7B%22a%22%3A%5B1%2Cnull%5D%2C%22b%22%3A%22x+y%22%7D",
            "&grid=%5B%5B1%2C2%5D%2C%5B%5D%5D",
            "&mixed=%5B%22s%22%2C%7B%22k%22%3Anull%7D%5D",
        );
        assert_eq!(
            body(&req),
            Some(("application/x-www-form-urlencoded", expected.as_bytes()))
        );

        let mut map = std::collections::BTreeMap::new();
        map.insert("é key", "v");
        req.form_body(&map).unwrap();
        assert_eq!(
            body(&req),
            Some(("application/x-www-form-urlencoded", &b"%C3%A9+key=v"[..]))
        );
        req.form_body(&serde_json::json!({})).unwrap();
        assert_eq!(
            body(&req),
            Some(("application/x-www-form-urlencoded", &b""[..]))
        );
    }

    /// The message of the error `form_body` gives for `value`, which must
    /// leave the request without a body.
    fn form_error<T: serde::Serialize>(value: &T) -> String {
        let mut req = Request::new(&OP, "/x".to_owned());
        let err = req.form_body(value).unwrap_err();
        assert!(matches!(err, Error::Encode { .. }), "{err:?}");
        assert!(req.body.is_none());
        err.to_string()
    }

    #[test]
    fn form_bodies_must_be_objects() {
        let message = |kind: &str| {
            format!(
                "actions/get-thing: could not encode the request body: a form body must be an object (a struct or a map), not {kind}"
            )
        };
        assert_eq!(form_error(&vec![1]), message("an array"));
        assert_eq!(form_error(&"text"), message("a string"));
        assert_eq!(form_error(&()), message("null"));
        assert_eq!(form_error(&Option::<i64>::None), message("null"));
        assert_eq!(form_error(&true), message("a boolean"));
        assert_eq!(form_error(&-1.5), message("a number"));
        assert_eq!(form_error(&7_u8), message("a number"));
    }
}
