//! `multipart/form-data` bodies (RFC 7578), written here rather than with
//! another crate: each part framed by a boundary that occurs in no part,
//! lines ended by CRLF, a `Content-Disposition: form-data` header naming the
//! part (and the file), and the part's `Content-Type`.

use std::fmt::{Display, Write as _};

use bytes::Bytes;

/// A file sent as one part of a `multipart/form-data` body: its bytes, the
/// file name the server is told, and its content type
/// (`application/octet-stream` unless set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    file_name: String,
    content_type: String,
    bytes: Bytes,
}

impl FilePart {
    /// A file named `file_name` holding `bytes`, sent as
    /// `application/octet-stream`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> FilePart {
        FilePart {
            file_name: file_name.into(),
            content_type: "application/octet-stream".to_owned(),
            bytes: bytes.into(),
        }
    }

    /// Sends the file with this content type (`image/png`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> FilePart {
        self.content_type = content_type.into();
        self
    }
}

/// The parts of a `multipart/form-data` body, in the order they are added.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    /// The first part that could not be written.
    error: Option<serde_json::Error>,
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Bytes,
}

impl Multipart {
    /// No parts yet.
    #[doc(hidden)]
    pub fn new() -> Multipart {
        Multipart::default()
    }

    /// A part holding `value`'s text (a string, number or boolean), sent
    /// without a content type (`text/plain` to the server).
    #[doc(hidden)]
    pub fn text(&mut self, name: &str, value: &dyn Display) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            bytes: Bytes::from(value.to_string()),
        });
    }

    /// A part holding `value` as JSON (`application/json`): an object or
    /// a list. A value that does not serialise is kept as the form's error,
    /// which [`Request::multipart_body`](super::request::Request::multipart_body)
    /// returns.
    #[doc(hidden)]
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.parts.push(Part {
                name: name.to_owned(),
                file_name: None,
                content_type: Some("application/json".to_owned()),
                bytes: Bytes::from(bytes),
            }),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
    }

    /// A part holding a file.
    #[doc(hidden)]
    pub fn file(&mut self, name: &str, file: &FilePart) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: Some(file.file_name.clone()),
            content_type: Some(file.content_type.clone()),
            bytes: file.bytes.clone(),
        });
    }

    /// The error of the first part that could not be written.
    pub(crate) fn take_error(&mut self) -> Option<serde_json::Error> {
        self.error.take()
    }

    /// The body and its boundary. The boundary is the first of a numbered
    /// series that occurs in no part, so the body reads back into the same
    /// parts whatever they hold.
    pub(crate) fn encode(&self) -> (String, Vec<u8>) {
        let mut heads = Vec::with_capacity(self.parts.len());
        for part in &self.parts {
            let mut head = format!(
                "Content-Disposition: form-data; name=\"{}\"",
                quoted(&part.name)
            );
            if let Some(file_name) = &part.file_name {
                let _ = write!(head, "; filename=\"{}\"", quoted(file_name));
            }
            if let Some(content_type) = &part.content_type {
                // A line break would end the header: left out.
                let content_type: String =
                    content_type.chars().filter(|c| !c.is_control()).collect();
                let _ = write!(head, "\r\nContent-Type: {content_type}");
            }
            heads.push(head);
        }
        let boundary = (0u64..)
            .map(|n| format!("gh-actions-boundary-{n:016x}"))
            .find(|b| {
                self.parts
                    .iter()
                    .zip(&heads)
                    .all(|(part, head)| !contains(&part.bytes, b) && !head.contains(b.as_str()))
            })
            .unwrap_or_default();
        let mut body = Vec::new();
        for (part, head) in self.parts.iter().zip(&heads) {
            body.extend_from_slice(format!("--{boundary}\r\n{head}\r\n\r\n").as_bytes());
            body.extend_from_slice(&part.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (boundary, body)
    }
}

/// A name or file name as it goes between quotes: `"`, CR and LF
/// percent-encoded, as browsers send them.
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::{FilePart, Multipart};

    #[test]
    fn parts_are_framed_by_a_boundary_with_crlf_and_their_headers() {
        let mut form = Multipart::new();
        form.text("note", &"a \"b\"\r\nc");
        form.json("meta", &serde_json::json!({"k": [1]}));
        form.file(
            "avatar",
            &FilePart::new("me\".png", &b"\x89PNG"[..]).content_type("image/png"),
        );
        let (boundary, body) = form.encode();
        assert_eq!(boundary, "gh-actions-boundary-0000000000000000");
        let expected = [
            "--gh-actions-boundary-0000000000000000\r\n",
            "Content-Disposition: form-data; name=\"note\"\r\n\r\n",
            "a \"b\"\r\nc\r\n",
            "--gh-actions-boundary-0000000000000000\r\n",
            "Content-Disposition: form-data; name=\"meta\"\r\n",
            "Content-Type: application/json\r\n\r\n",
            "{\"k\":[1]}\r\n",
            "--gh-actions-boundary-0000000000000000\r\n",
            "Content-Disposition: form-data; name=\"avatar\"; filename=\"me%22.png\"\r\n",
            "Content-Type: image/png\r\n\r\n",
        ]
        .concat();
        let mut expected = expected.into_bytes();
        expected.extend_from_slice(b"\x89PNG\r\n--gh-actions-boundary-0000000000000000--\r\n");
        assert_eq!(body, expected);
    }

    #[test]
    fn the_boundary_occurs_in_no_part() {
        let mut form = Multipart::new();
        form.text(
            "trap",
            &"--gh-actions-boundary-0000000000000000 gh-actions-boundary-0000000000000001",
        );
        let (boundary, body) = form.encode();
        assert_eq!(boundary, "gh-actions-boundary-0000000000000002");
        assert!(body.ends_with(b"\r\n--gh-actions-boundary-0000000000000002--\r\n"));
        // No parts: only the closing delimiter.
        let (boundary, body) = Multipart::new().encode();
        assert_eq!(body, format!("--{boundary}--\r\n").into_bytes());
    }
}
