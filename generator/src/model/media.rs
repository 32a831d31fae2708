//! Content types of request and response bodies, and which one an
//! operation uses when it lists several.

use openapiv3::MediaType;

/// What a content type carries, as far as the client cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MediaKind {
    /// `application/json`, `application/*+json`, `text/json`: typed JSON.
    Json,
    /// `application/x-www-form-urlencoded`: a typed form.
    Form,
    /// `text/*` and XML: a `String`.
    Text,
    /// Anything else (`application/octet-stream`, images, archives, `*/*`): bytes.
    Binary,
    /// `multipart/*`: a `multipart/form-data` request body is sent as its
    /// parts (`model/multipart.rs`); answers are never read as multipart.
    Multipart,
}

impl MediaKind {
    /// The kind of a content type (parameters such as `charset` ignored).
    pub fn of(content_type: &str) -> MediaKind {
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/json" | "text/json" => MediaKind::Json,
            e if e.ends_with("+json") => MediaKind::Json,
            "application/x-www-form-urlencoded" => MediaKind::Form,
            e if e.starts_with("multipart/") => MediaKind::Multipart,
            e if e.starts_with("text/") || e == "application/xml" || e.ends_with("+xml") => {
                MediaKind::Text
            }
            _ => MediaKind::Binary,
        }
    }
}

/// The content type a body is sent or read as, when the operation lists
/// several: JSON first, then a form, text, bytes, multipart; among equals,
/// the first by name. `None` for no content.
pub fn choose(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&str, MediaKind, &MediaType)> {
    content
        .iter()
        .map(|(key, media)| (key.as_str(), MediaKind::of(key), media))
        .min_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)))
}

/// The problem of JSON or form content without a schema.
pub(super) fn no_schema(content_type: &str) -> String {
    format!("`{content_type}` content needs a `schema`")
}

#[cfg(test)]
mod tests {
    use super::MediaKind;

    #[test]
    fn content_types_are_classified_by_their_essence() {
        assert_eq!(
            MediaKind::of("application/json; charset=utf-8"),
            MediaKind::Json
        );
        assert_eq!(
            MediaKind::of("application/vnd.github+json"),
            MediaKind::Json
        );
        assert_eq!(
            MediaKind::of("Application/X-WWW-Form-Urlencoded"),
            MediaKind::Form
        );
        assert_eq!(MediaKind::of("text/plain"), MediaKind::Text);
        assert_eq!(MediaKind::of("application/xml"), MediaKind::Text);
        assert_eq!(MediaKind::of("multipart/form-data"), MediaKind::Multipart);
        assert_eq!(MediaKind::of("application/octet-stream"), MediaKind::Binary);
        assert_eq!(MediaKind::of("*/*"), MediaKind::Binary);
    }
}
