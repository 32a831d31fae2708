//! Raw requests: any endpoint, with the client's base URL, headers, auth,
//! timeouts, retries, rate-limit handling and errors.

use std::collections::BTreeMap;
use std::fmt::{self, Display, Write as _};
use std::sync::{Mutex, PoisonError};

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use serde::de::DeserializeOwned;

use super::pagination::{Page, PageParts, PageStream, page_from_response};
use crate::transport::client::Client;
use crate::transport::request::{Body, Request, encode_segment};
use crate::transport::response::Response;
use crate::vocabulary::error::Error;
use crate::vocabulary::meta::WithMeta;
use crate::vocabulary::operation::{Operation, Product};

/// What raw requests name in errors and traces when their template is not
/// named (see [`raw_operation`]), one per method.
static RAW: [Operation; 5] = [
    raw_op("GET (raw request)", Method::GET),
    raw_op("POST (raw request)", Method::POST),
    raw_op("PUT (raw request)", Method::PUT),
    raw_op("PATCH (raw request)", Method::PATCH),
    raw_op("DELETE (raw request)", Method::DELETE),
];

const fn raw_op(id: &'static str, method: Method) -> Operation {
    Operation {
        id,
        method,
        path: "(raw request)",
        // A raw request may go to any product: the path is the caller's.
        products: Product::ALL,
    }
}

/// How many method and template pairs get an operation of their own.
const NAMED_TEMPLATES: usize = 512;
/// The longest template named in errors.
const LONGEST_NAMED_TEMPLATE: usize = 200;

/// The operation a raw request names in errors and traces: `GET
/// /repos/{owner}/{repo}/actions/caches`, made once per method and template
/// and kept for the life of the process (errors name operations by a
/// `&'static str`). Past [`NAMED_TEMPLATES`] pairs, or for a template
/// longer than [`LONGEST_NAMED_TEMPLATE`], the method's generic operation
/// (`GET (raw request)`) is used, so templates made at run time cannot
/// grow memory without bound.
fn raw_operation(method: &Method, template: &str) -> Option<&'static Operation> {
    type Named = BTreeMap<(Method, String), &'static Operation>;
    static NAMED: Mutex<Named> = Mutex::new(BTreeMap::new());
    let generic = RAW.iter().find(|op| op.method == *method)?;
    if template.len() > LONGEST_NAMED_TEMPLATE {
        return Some(generic);
    }
    let mut named = NAMED.lock().unwrap_or_else(PoisonError::into_inner);
    let key = (method.clone(), template.to_owned());
    if let Some(op) = named.get(&key) {
        return Some(op);
    }
    if named.len() >= NAMED_TEMPLATES {
        return Some(generic);
    }
    let name: &'static str = Box::leak(format!("{method} {template}").into_boxed_str());
    let op: &'static Operation = Box::leak(Box::new(Operation {
        id: name,
        method: method.clone(),
        path: &name[method.as_str().len() + 1..],
        products: Product::ALL,
    }));
    named.insert(key, op);
    Some(op)
}

impl Client {
    /// A request to any endpoint, such as one this crate has no operation
    /// for. `path` is a template relative to the base URL; each `{name}` is
    /// filled with [`param`](RawRequest::param), percent-encoded as one
    /// segment like the generated operations' path parameters.
    ///
    /// ```no_run
    /// # async fn run(gh: gh_actions::Client) -> Result<(), gh_actions::Error> {
    /// use gh_actions::Method;
    /// #[derive(serde::Deserialize)]
    /// struct Caches { total_count: i64 }
    /// let caches: Caches = gh
    ///     .request(Method::GET, "/repos/{owner}/{repo}/actions/caches")
    ///     .param("owner", "octo-org")
    ///     .param("repo", "octo-repo")
    ///     .query("per_page", 100)
    ///     .send()
    ///     .await?;
    /// println!("{} caches", caches.total_count);
    /// # Ok(()) }
    /// ```
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest {
        RawRequest {
            client: self.clone(),
            method,
            template: path.into(),
            params: Vec::new(),
            query: Vec::new(),
            body: None,
            headers: Vec::new(),
            items_field: None,
        }
    }
}

/// A request built by `Client::request`; finish it with one of the `send`
/// methods, [`page`](RawRequest::page) or [`stream`](RawRequest::stream).
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest {
    client: Client,
    method: Method,
    template: String,
    params: Vec<(String, String)>,
    query: Vec<(String, String)>,
    body: Option<Result<Bytes, serde_json::Error>>,
    headers: Vec<(String, String)>,
    items_field: Option<String>,
}

impl RawRequest {
    /// Fills `{name}` in the path template (percent-encoded as one segment).
    pub fn param(mut self, name: &str, value: impl Display) -> Self {
        self.params.push((name.to_owned(), value.to_string()));
        self
    }

    /// Appends a query parameter (percent-encoded).
    pub fn query(mut self, name: &str, value: impl Display) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// A JSON body from any `Serialize` value.
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = Some(serde_json::to_vec(body).map(Bytes::from));
        self
    }

    /// An extra header. `Authorization`, `Host` and `Content-Length` are
    /// the client's own and refused when sending.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// For [`page`](RawRequest::page) and [`stream`](RawRequest::stream):
    /// the array field holding the items of an object answer, such as
    /// `workflow_runs`. Without it, an array answer is the items, and an
    /// object answer must have exactly one array field.
    pub fn items_field(mut self, name: &str) -> Self {
        self.items_field = Some(name.to_owned());
        self
    }

    /// Sends the request and decodes a 2xx answer into `T` (an empty body
    /// decodes as JSON `null`, so `()` and `Option<_>` accept it).
    pub async fn send<T: DeserializeOwned>(self) -> Result<T, Error> {
        Ok(self.send_with_meta().await?.value)
    }

    /// [`send`](RawRequest::send), with the status and headers.
    pub async fn send_with_meta<T: DeserializeOwned>(self) -> Result<WithMeta<T>, Error> {
        let resp = self.execute().await?;
        if !(200..300).contains(&resp.status()) {
            return Err(resp.unexpected_status());
        }
        let value = decode_or_null(&resp)?;
        Ok(WithMeta::new(value, resp.meta()))
    }

    /// Sends the request and keeps the body as bytes, whatever the status
    /// below 400 (a 302's `Location` is in the headers).
    pub async fn send_bytes(self) -> Result<WithMeta<Bytes>, Error> {
        let resp = self.execute().await?;
        let meta = resp.meta();
        Ok(WithMeta::new(resp.body().clone(), meta))
    }

    /// One page of a list, with its `Link` neighbours.
    pub async fn page<T: DeserializeOwned>(self) -> Result<Page<T>, Error> {
        let field = self.items_field.clone();
        let resp = self.execute().await?;
        page_from_response(resp, &move |resp: &Response| {
            raw_items(resp, field.as_deref())
        })
    }

    /// Every item of every page, lazily, following `Link: rel="next"` on
    /// the base URL's origin only.
    pub fn stream<T: DeserializeOwned + Send + 'static>(self) -> PageStream<T> {
        let field = self.items_field.clone();
        let client = self.client.clone();
        let decode = move |resp: &Response| raw_items(resp, field.as_deref());
        match self.build() {
            Ok(req) => client.stream_with(req, decode),
            Err(error) => PageStream::failed(error),
        }
    }

    async fn execute(self) -> Result<Response, Error> {
        let client = self.client.clone();
        client.execute(self.build()?).await
    }

    /// The request as the generated operations make theirs.
    fn build(self) -> Result<Request, Error> {
        check_template(&self.template)?;
        let op = raw_operation(&self.method, &self.template)
            .ok_or_else(|| invalid(format!("method {} is not supported", self.method)))?;
        let path = fill_template(&self.template, &self.params)?;
        let mut req = Request::new(op, path);
        for (name, value) in &self.query {
            req.query(name, value);
        }
        if let Some(body) = self.body {
            let bytes = body.map_err(|source| Error::Encode {
                operation: op.id,
                source,
            })?;
            req.body = Some(Body::json(bytes));
        }
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(format!("`{}` is not a header name", name.escape_debug())))?;
            if matches!(name.as_str(), "authorization" | "host" | "content-length") {
                return Err(invalid(format!("the `{name}` header is set by the client")));
            }
            let value = HeaderValue::from_str(value).map_err(|_| {
                invalid(format!("the value of `{name}` is not a valid header value"))
            })?;
            req.header(name, value);
        }
        Ok(req)
    }
}

impl fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("path", &self.template)
            .field("params", &self.params)
            .field("query", &self.query)
            .field(
                "body_bytes",
                &self.body.as_ref().map(|b| b.as_ref().map(Bytes::len).ok()),
            )
            .finish_non_exhaustive()
    }
}

fn custom(message: &str) -> serde_json::Error {
    serde::de::Error::custom(message)
}

fn invalid(message: String) -> Error {
    Error::InvalidRawRequest { message }
}

/// Refuses a template that URL parsing would send elsewhere than it reads:
/// a `\\` (parsed as `/`), a control character (tab, CR and LF are
/// dropped, which can join `.` and `.` into `..`), or a `.` or `..` segment
/// (also as `%2E`), which would leave the path, even the base URL's prefix.
pub(crate) fn check_template(template: &str) -> Result<(), Error> {
    let shown = template.escape_debug();
    if let Some(bad) = template.chars().find(|&c| c == '\\' || c.is_control()) {
        return Err(invalid(format!(
            "the path `{shown}` holds `{}`, which URL parsing would change",
            bad.escape_debug()
        )));
    }
    let dots = template.split(['/', '?', '#']).find(|segment| {
        let lower = segment.to_ascii_lowercase().replace("%2e", ".");
        lower == "." || lower == ".."
    });
    if let Some(segment) = dots {
        return Err(invalid(format!(
            "the path `{shown}` has a `{segment}` segment, which would leave the path"
        )));
    }
    Ok(())
}

/// Fills every `{name}` of `template`; a missing or unused parameter and an
/// unclosed brace are errors, so nothing goes to the wrong path.
pub(crate) fn fill_template(template: &str, params: &[(String, String)]) -> Result<String, Error> {
    if !template.starts_with('/') {
        return Err(invalid(format!(
            "the path `{template}` must start with `/`"
        )));
    }
    let mut out = String::with_capacity(template.len());
    let mut used = vec![false; params.len()];
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| invalid(format!("unclosed `{{` in the path `{template}`")))?;
        let name = &after[..close];
        let index = params
            .iter()
            .position(|(n, _)| n == name)
            .ok_or_else(|| invalid(format!("no value for `{{{name}}}` in `{template}`")))?;
        used[index] = true;
        let _ = write!(out, "{}", encode_segment(&params[index].1));
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(invalid(format!("unmatched `}}` in the path `{template}`")));
    }
    out.push_str(rest);
    if let Some(i) = used.iter().position(|u| !u) {
        let name = &params[i].0;
        return Err(invalid(format!(
            "`{name}` is not a parameter of `{template}`"
        )));
    }
    Ok(out)
}

/// Decodes a body, reading an empty one as `null`.
fn decode_or_null<T: DeserializeOwned>(resp: &Response) -> Result<T, Error> {
    if resp.body().iter().all(u8::is_ascii_whitespace) {
        return serde_json::from_slice(b"null")
            .map_err(|_| resp.decode_error(".", custom("the answer body is empty")));
    }
    resp.json()
}

/// The items of a raw list page: an array answer, the named array field of
/// an object answer, or its only array field.
pub(crate) fn raw_items<T: DeserializeOwned>(
    resp: &Response,
    field: Option<&str>,
) -> Result<PageParts<T>, Error> {
    let value: serde_json::Value = resp.json()?;
    let (total_count, items) = match value {
        serde_json::Value::Array(items) => (None, serde_json::Value::Array(items)),
        serde_json::Value::Object(mut map) => {
            let total = map.get("total_count").and_then(serde_json::Value::as_i64);
            let key = match field {
                Some(name) => name.to_owned(),
                None => {
                    let arrays: Vec<&String> = map
                        .iter()
                        .filter(|(_, v)| v.is_array())
                        .map(|(k, _)| k)
                        .collect();
                    match arrays.as_slice() {
                        [one] => (*one).clone(),
                        _ => {
                            return Err(resp.decode_error(
                                ".",
                                custom("no single array field; name it with `items_field`"),
                            ));
                        }
                    }
                }
            };
            let items = map.remove(&key).ok_or_else(|| {
                resp.decode_error(".", custom(&format!("the answer has no field `{key}`")))
            })?;
            (total, items)
        }
        _ => {
            return Err(resp.decode_error(".", custom("a list is an array or an object")));
        }
    };
    let items = serde_path_to_error::deserialize(items).map_err(|e| {
        let path = e.path().to_string();
        resp.decode_error(&path, e.into_inner())
    })?;
    Ok((total_count, items))
}
