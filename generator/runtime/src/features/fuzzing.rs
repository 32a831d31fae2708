//! Entry points for the fuzz targets of `tests/fuzz/` (the `fuzzing`
//! feature, which nothing else enables). Each runs what the client runs on
//! bytes a hostile server or caller could send, and panics when something
//! that must hold whatever the input does not: that panic is what the
//! fuzzer reports. Not part of the API.

use bytes::Bytes;
use percent_encoding::percent_decode_str;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use super::pagination::page_from_response;
use super::raw::{check_template, fill_template, raw_items};
use crate::transport::error_answer;
use crate::transport::gzip::{GzipError, gunzip, gunzip_prefix, gzip as gzip_member};
use crate::transport::request::{Request, encode_segment};
use crate::transport::response::Response;
use crate::vocabulary::error::Error;
use crate::vocabulary::operation::{Operation, Product};
use crate::vocabulary::rate_limit::RateLimit;

static FUZZED: Operation = Operation {
    id: "fuzz/operation",
    method: Method::GET,
    path: "/repos/{owner}/x",
    products: Product::ALL,
};

/// A token of GitHub's shape, planted into bodies whose errors must not
/// show it.
const PLANTED_TOKEN: &str = "ghs_Fz7e42F292c6912E7710c838347Ae178B4aQ";
/// The part of [`PLANTED_TOKEN`] searched for in error texts.
const PLANTED_CHUNK: &str = "F292c6912E77";

/// Where a fuzzed answer came from (a list page resolves its links here).
fn answer_url() -> Url {
    Url::parse("https://api.github.com/repos/o/r/things").unwrap_or_else(|e| panic!("{e}"))
}

/// Every text an error gives: `Display` and `Debug`, its own and its
/// sources'.
fn texts(error: &Error) -> String {
    let mut all = format!("{error}\n{error:?}");
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        all.push_str(&format!("\n{inner}\n{inner:?}"));
        source = inner.source();
    }
    all
}

/// Reads one answer as the client reads every answer: its rate-limit
/// headers and `retry-after`, the error it makes (shown, and hidden as
/// for the App token exchange, which must not show a token planted in
/// the body), the `Link` header and items of a list page, and decode
/// errors of a hidden body.
///
/// Input: a status byte pair, a byte saying where to plant the token,
/// then `name: value` header lines, a blank line, and the body.
pub fn answer(data: &[u8]) {
    let [high, low, plant_at, rest @ ..] = data else {
        return;
    };
    let status = 100 + u16::from_be_bytes([*high, *low]) % 500;
    let (head, body) = match rest.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&rest[..at], &rest[at + 2..]),
        None => (rest, &[][..]),
    };
    let headers = header_map(head);
    let now = chrono::Utc::now();
    let _ = RateLimit::from_headers(&headers);
    let _ = error_answer::retry_after(&headers, now);

    let error = error_answer::from_status(FUZZED.id, status, &headers, body, now, false);
    let _ = (texts(&error), error.retry_after(), error.rate_limit());

    // Hidden: no text shows the planted token. A request id is a header
    // GitHub sets, not the body: it stays out, so that only the body can
    // bring the chunk in.
    let mut hidden_headers = headers.clone();
    hidden_headers.remove("x-github-request-id");
    let planted = plant(body, *plant_at);
    let unplanted = texts(&error_answer::from_status(
        FUZZED.id,
        status,
        &hidden_headers,
        body,
        now,
        true,
    ));
    let hidden = error_answer::from_status(FUZZED.id, status, &hidden_headers, &planted, now, true);
    assert_hidden(&unplanted, &texts(&hidden));

    // A success answer: a list page with its links, shown.
    let success = 200 + status % 100;
    let resp = Response::new(
        FUZZED.id,
        success,
        headers,
        answer_url(),
        Bytes::copy_from_slice(body),
    );
    if let Ok(page) = page_from_response(resp, &|r| raw_items::<serde_json::Value>(r, None)) {
        let _ = (page.next_cursor(), page.prev_cursor(), page.has_next());
    }

    // And hidden, decoded into a shape that makes the decoder quote values.
    let hidden_answer = |body: Vec<u8>| {
        Response::new(
            FUZZED.id,
            success,
            hidden_headers.clone(),
            answer_url(),
            Bytes::from(body),
        )
        .hiding_body()
    };
    let error_texts = |resp: &Response| {
        let mut all = String::new();
        if let Err(e) = resp.json::<Shaped>() {
            all.push_str(&texts(&e));
        }
        if let Err(e) = resp.json::<serde_json::Value>() {
            all.push_str(&texts(&e));
        }
        if let Err(e) = resp.text() {
            all.push_str(&texts(&e));
        }
        all.push_str(&format!("{resp:?}"));
        all
    };
    let unplanted = error_texts(&hidden_answer(body.to_vec()));
    let planted = hidden_answer(planted);
    assert_hidden(&unplanted, &error_texts(&planted));
    assert_hidden(&unplanted, &texts(&planted.unexpected_status()));
}

/// A shape whose decode errors quote what they met.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Shaped {
    id: u64,
    state: State,
    token: String,
    #[serde(default)]
    items: Vec<u8>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
enum State {
    Open,
    Closed,
}

/// The token must not show where it did not show without it (a fuzzer
/// may learn the chunk's text and write it into the body itself).
fn assert_hidden(without_token: &str, with_token: &str) {
    if !without_token.contains(PLANTED_CHUNK) {
        assert!(
            !with_token.contains(PLANTED_CHUNK),
            "a hidden answer's token shows: {with_token}"
        );
    }
}

/// `body` with [`PLANTED_TOKEN`] put in at `at` (modulo its length + 1).
fn plant(body: &[u8], at: u8) -> Vec<u8> {
    let at = usize::from(at) % (body.len() + 1);
    let mut out = Vec::with_capacity(body.len() + PLANTED_TOKEN.len());
    out.extend_from_slice(&body[..at]);
    out.extend_from_slice(PLANTED_TOKEN.as_bytes());
    out.extend_from_slice(&body[at..]);
    out
}

/// The headers of `name: value` lines; lines HTTP cannot carry are left out.
fn header_map(head: &[u8]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for line in head.split(|&b| b == b'\n') {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(&line[..colon]),
            HeaderValue::from_bytes(line[colon + 1..].trim_ascii()),
        ) else {
            continue;
        };
        headers.append(name, value);
    }
    headers
}

/// Reads a gzip body as the client does, within a limit from the first
/// two bytes: what inflates fits the limit, a member's start inflates to
/// the same bytes as the whole member, and what this crate's own gzip
/// writes reads back.
pub fn gzip(data: &[u8]) {
    let [a, b, rest @ ..] = data else {
        return;
    };
    let limit = usize::from(u16::from_le_bytes([*a, *b]));
    let prefix = gunzip_prefix(rest, limit);
    if let Some(prefix) = &prefix {
        assert!(prefix.len() <= limit);
    }
    if let Ok(whole) = gunzip(rest, limit) {
        assert!(whole.len() <= limit);
        assert_eq!(
            prefix.as_deref(),
            Some(&whole[..]),
            "a prefix of a valid member"
        );
    }
    let member = gzip_member(rest);
    assert_eq!(gunzip(&member, rest.len()).as_deref(), Ok(rest));
    if let Some(shorter) = rest.len().checked_sub(1) {
        assert_eq!(gunzip(&member, shorter), Err(GzipError::TooLarge));
    }
    let start = &rest[..rest.len().min(limit)];
    assert_eq!(gunzip_prefix(&member, limit).as_deref(), Some(start));
}

/// Builds request URLs from a base path prefix, a raw template and its
/// parameters (fields split by `0xFF` bytes: prefix, template, then names
/// and values), as raw requests and generated operations do: a URL that is
/// built stays on the base host, under the prefix, with the segments its
/// path has; a generated operation's parameter stays one segment that
/// decodes back to the value, or is refused when empty, `.` or `..`.
pub fn path(data: &[u8]) {
    let fields: Vec<String> = data
        .split(|&b| b == 0xff)
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    let [prefix, template, rest @ ..] = fields.as_slice() else {
        return;
    };
    let Ok(base) = Url::parse(&format!(
        "https://ghe.example.com/{}",
        prefix.trim_start_matches('/')
    )) else {
        return;
    };
    if base.query().is_some()
        || base.fragment().is_some()
        || base.host_str() != Some("ghe.example.com")
    {
        return;
    }
    let base_path = base.path().trim_end_matches('/').to_owned();
    let params: Vec<(String, String)> = rest
        .chunks(2)
        .map(|pair| (pair[0].clone(), pair.get(1).cloned().unwrap_or_default()))
        .collect();

    let raw = check_template(template)
        .and_then(|()| fill_template(template, &params))
        .and_then(|path| Ok((Request::new(&FUZZED, path.clone()).url(&base)?, path)));
    if let Ok((url, path)) = raw {
        assert_eq!(url.host_str(), base.host_str());
        assert!(
            url.path().starts_with(&format!("{base_path}/")),
            "{url} left {base_path}"
        );
        let separators = |p: &str| p.matches('/').count();
        assert_eq!(
            separators(url.path()),
            separators(&base_path) + separators(&path)
        );
        for segment in url.path()[base_path.len()..].split('/').skip(1) {
            let dots = segment.to_ascii_lowercase().replace("%2e", ".");
            assert!(dots != "." && dots != "..", "{url} has a dot segment");
        }
    }

    for (_, value) in &params {
        let encoded = encode_segment(value).to_string();
        assert!(!encoded.contains('/'));
        assert_eq!(
            percent_decode_str(&encoded).decode_utf8_lossy(),
            value.as_str()
        );
        let built = Request::new(&FUZZED, format!("/repos/{encoded}/x")).url(&base);
        match built {
            Ok(url) => assert_eq!(url.path(), format!("{base_path}/repos/{encoded}/x")),
            Err(Error::InvalidPathParameter { .. }) => {
                assert!(
                    matches!(value.as_str(), "" | "." | ".."),
                    "{value:?} refused"
                )
            }
            Err(other) => panic!("{value:?}: {other}"),
        }
    }
}

/// Decodes an answer body into `T` as a generated operation does
/// (`Response::json`), the error naming the field path.
pub fn decode_answer<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    Response::new(
        FUZZED.id,
        status,
        HeaderMap::new(),
        answer_url(),
        Bytes::copy_from_slice(body),
    )
    .json()
}
