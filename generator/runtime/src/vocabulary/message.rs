//! What errors and logs may show of an answer or a URL: the start of a
//! body, a header as text, URLs without credentials or signatures, and how
//! many attempts a request took.

use reqwest::Url;
use reqwest::header::HeaderMap;

/// ` (after N attempts)` when a request was sent more than once.
pub(crate) fn after(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    }
}

/// The header as text, if present and readable.
pub(crate) fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    // Looked up by text: no `HeaderName` is allocated, and an invalid name
    // is absent.
    headers.get(name)?.to_str().ok().map(str::trim)
}

/// The start of a body for error messages: lossy UTF-8, whitespace collapsed,
/// at most `SNIPPET_CHARS` characters (cut on a character boundary).
pub(crate) fn snippet(body: &[u8]) -> String {
    const SNIPPET_CHARS: usize = 200;
    // Enough bytes for SNIPPET_CHARS characters of up to four bytes each.
    let head = &body[..body.len().min(SNIPPET_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let mut out = String::new();
    let mut count = 0;
    let mut truncated = head.len() < body.len();
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            count += 1;
        }
        for ch in word.chars() {
            if count >= SNIPPET_CHARS {
                truncated = true;
                break;
            }
            out.push(ch);
            count += 1;
        }
        if count >= SNIPPET_CHARS {
            truncated = true;
            break;
        }
    }
    if truncated {
        out.push('…');
    }
    out
}

/// Text that did not parse as a URL, for messages: cut at the query, and
/// without anything before an `@` in the authority (user info).
pub(crate) fn redact_text(text: &str) -> String {
    let text = text.split(['?', '#']).next().unwrap_or_default();
    match text.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            let (authority, path) = rest.split_at(authority_end);
            let host = authority.rsplit('@').next().unwrap_or(authority);
            format!("{scheme}://{host}{path}")
        }
        None => text.rsplit('@').next().unwrap_or(text).to_owned(),
    }
}

/// A URL for messages and logs: no user info, no query, no fragment.
pub(crate) fn redact_url(url: &Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_cuts_on_character_boundaries() {
        let body = "é".repeat(500);
        let text = snippet(body.as_bytes());
        assert_eq!(text.chars().count(), 201);
        assert!(text.ends_with('…'));
        // A multi-byte character split by the byte limit becomes U+FFFD, never a panic.
        let cut = &"€".repeat(400).into_bytes()[..799];
        assert!(snippet(cut).starts_with("€€"));
        assert_eq!(snippet(b"  short  "), "short");
    }
}
