//! What errors and logs may show of an answer or a URL: the start of a
//! body, a header as text, URLs without credentials or signatures, and how
//! many attempts a request took.

use std::time::Duration;

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

/// A duration for messages: `30 s`, `1.5 s`, `250 ms`.
pub(crate) fn duration_text(duration: Duration) -> String {
    let millis = duration.as_millis();
    if millis < 1000 {
        format!("{millis} ms")
    } else if millis % 1000 == 0 {
        format!("{} s", millis / 1000)
    } else {
        format!("{} s", duration.as_secs_f64())
    }
}

/// What stands in for a body that may hold a credential.
pub(crate) const HIDDEN_BODY: &str = "(not shown: this answer may hold a token)";

/// GitHub's token prefixes: personal (classic and fine-grained), OAuth,
/// user-to-server, installation and refresh tokens.
const TOKEN_PREFIXES: [&str; 6] = ["ghp_", "github_pat_", "gho_", "ghu_", "ghs_", "ghr_"];

/// `text` with every word that may be a credential replaced by
/// `<redacted>`: a word (a run of letters, digits and `_-.+/=%`) that starts
/// with one of GitHub's token prefixes or a JWT's `eyJ`, or that is 20 or
/// more characters long and mixes letters and digits (old 40-hex tokens,
/// `v1.` installation tokens, base64 secrets). Prose, and URLs without
/// numbers, stay as they are. For answers that may hold a credential.
pub(crate) fn without_secrets(text: &str) -> String {
    redact_words(text, may_be_secret)
}

/// `text` with every word that has the shape of a GitHub token (one of
/// its prefixes, or a JWT's `eyJ`) replaced by `<redacted>`; commit SHAs,
/// ids and other long words stay. For every other answer a client shows:
/// a server or proxy that echoes the request's `Authorization` into an
/// error page must not put the token into a log.
pub(crate) fn without_tokens(text: &str) -> String {
    redact_words(text, has_token_prefix)
}

/// `text` with each word `secret` says yes to replaced by `<redacted>`.
fn redact_words(text: &str, secret: fn(&str) -> bool) -> String {
    let is_word_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '+' | '/' | '=' | '%');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_word_char) {
        out.push_str(&rest[..start]);
        let word_and_more = &rest[start..];
        let len = word_and_more
            .find(|c: char| !is_word_char(c))
            .unwrap_or(word_and_more.len());
        let word = &word_and_more[..len];
        if secret(word) {
            out.push_str("<redacted>");
        } else {
            out.push_str(word);
        }
        rest = &word_and_more[len..];
    }
    out.push_str(rest);
    out
}

/// Whether a word, or a part of it after `=`, `/`, `+`, `.` or a
/// percent-escape (`token=ghs_...`, `token%20ghs_...`), starts with a
/// GitHub token prefix or `eyJ`.
fn has_token_prefix(word: &str) -> bool {
    word.split(['=', '/', '+', '.', '%']).any(|part| {
        let escaped = part.len() > 2 && part.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit);
        let part = if escaped { &part[2..] } else { part };
        let part = part.trim_start_matches(['-', '_']);
        let lower = part.to_ascii_lowercase();
        TOKEN_PREFIXES.iter().any(|p| lower.starts_with(p)) || part.starts_with("eyJ")
    })
}

/// Whether one word (see [`without_secrets`]) may be a credential: a
/// part of it after `=`, `/`, `+` or `.` (`token=ghs_...`) counts too.
fn may_be_secret(word: &str) -> bool {
    has_token_prefix(word)
        || (word.len() >= 20
            && word.bytes().any(|b| b.is_ascii_digit())
            && word.bytes().any(|b| b.is_ascii_alphabetic()))
}

/// A JSON value with [`without_secrets`] applied to every string in it.
pub(crate) fn json_without_secrets(value: &mut serde_json::Value) {
    json_redacted(value, without_secrets);
}

/// A JSON value with [`without_tokens`] applied to every string in it.
pub(crate) fn json_without_tokens(value: &mut serde_json::Value) {
    json_redacted(value, without_tokens);
}

fn json_redacted(value: &mut serde_json::Value, redact: fn(&str) -> String) {
    use serde_json::Value;
    match value {
        Value::String(text) => *text = redact(text),
        Value::Array(items) => items.iter_mut().for_each(|v| json_redacted(v, redact)),
        Value::Object(map) => {
            let fields = std::mem::take(map);
            for (key, mut field) in fields {
                json_redacted(&mut field, redact);
                map.insert(redact(&key), field);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
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

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(duration_text(Duration::from_secs(30)), "30 s");
        assert_eq!(duration_text(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(duration_text(Duration::from_millis(250)), "250 ms");
        assert_eq!(duration_text(Duration::ZERO), "0 ms");
    }

    #[test]
    fn token_shaped_words_are_redacted_everywhere_and_shas_kept() {
        let token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        assert_eq!(
            without_tokens(&format!("<html>Bearer {token}</html>")),
            "<html>Bearer <redacted></html>"
        );
        assert_eq!(
            without_tokens("authorization=token%20ghs_x; jwt eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
            "<redacted>; jwt <redacted>"
        );
        let sha = "No commit found for SHA: 6dcb09b5b57875f334f61aebed695e2e4193db5e";
        assert_eq!(without_tokens(sha), sha);
        let mut value = serde_json::json!({"errors": [{"value": token}], "ghs_k": 1});
        json_without_tokens(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"errors": [{"value": "<redacted>"}], "<redacted>": 1})
        );
    }

    #[test]
    fn credential_shaped_words_are_redacted_and_prose_kept() {
        let token = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
        assert_eq!(
            without_secrets(&format!("Bad token {token}, try again.")),
            "Bad token <redacted>, try again."
        );
        for secret in [
            "github_pat_11ABC",
            "GHP_abc",
            "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxIn0.c2ln",
            "v1.1f699f1069f60xxx1e9f8e5a5b6e2c1b6f3e4d5c",
            "0123456789abcdef0123456789abcdef01234567",
            "token=ghs_x",
            "/x/ghs_x",
        ] {
            let text = format!("token: {secret}");
            assert_eq!(without_secrets(&text), "token: <redacted>", "{secret}");
        }
        assert_eq!(
            without_secrets(r#"{"token":"ghs_x"}"#),
            r#"{"token":"<redacted>"}"#
        );
        for prose in [
            "A JSON web token could not be decoded",
            "'Expiration time' claim ('exp') is too far in the future",
            "see https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app",
            "Not Found",
            "é ünïcode — and 12345",
        ] {
            assert_eq!(without_secrets(prose), prose);
        }
        let mut value = serde_json::json!({"a": [token, 1, null], "ghs_key": {"b": "fine"}});
        json_without_secrets(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"a": ["<redacted>", 1, null], "<redacted>": {"b": "fine"}})
        );
    }
}
