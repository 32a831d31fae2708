//! Where in a JSON text a decode failed, as a field path
//! (`workflow_runs[2].head_commit.timestamp`).
//!
//! serde_json reports the line and column of a failure. Rather than decode
//! a failed body a second time through a path-tracking deserializer (which
//! would compile every type's `Deserialize` impl twice over, a third of the
//! client's release build), the text up to that position is scanned once,
//! keeping the stack of open objects and arrays with the current key or
//! index of each: a small function that is the same for every type.

/// The field path at the position of `error` in `body`; `.` when the
/// failure is at the top level or has no position.
pub(crate) fn path_of(body: &[u8], error: &serde_json::Error) -> String {
    match offset(body, error.line(), error.column()) {
        Some(at) => path_at(body, at),
        None => ".".to_owned(),
    }
}

/// The byte offset of a 1-based line and a column (bytes into the line).
fn offset(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += body.get(start..)?.iter().position(|&b| b == b'\n')? + 1;
    }
    Some((start + column).min(body.len()))
}

enum Frame {
    /// An object and the key of the value being read, once its key is read.
    Object { key: Option<String>, in_key: bool },
    /// An array and the index of the value being read.
    Array { index: usize },
}

/// The path of the value being read at byte `end` of `body`.
fn path_at(body: &[u8], end: usize) -> String {
    let text = &body[..end.min(body.len())];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                in_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, in_key }) => {
                    *key = None;
                    *in_key = true;
                }
                None => {}
            },
            b'"' => {
                let (string, next) = read_string(text, i + 1);
                if let Some(Frame::Object { key, in_key }) = stack.last_mut()
                    && *in_key
                {
                    *key = Some(string);
                    *in_key = false;
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// The text of a string whose opening quote is just before `start`, and
/// the index after its closing quote (or the end). Escapes are kept as
/// written but for `\"` and `\\`, which is enough for keys.
fn read_string(text: &[u8], start: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut i = start;
    while i < text.len() {
        match text[i] {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1),
            b'\\' => {
                if let Some(&next) = text.get(i + 1) {
                    if next != b'"' && next != b'\\' {
                        out.push(b'\\');
                    }
                    out.push(next);
                }
                i += 2;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), i)
}

#[cfg(test)]
mod tests {
    use super::path_of;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        workflow_runs: Vec<Run>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Run {
        id: i64,
        #[serde(default)]
        head: Option<Head>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Head {
        owner: Owner,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Owner {
        login: String,
    }

    /// The path a failed decode of `text` into a `Page` names.
    fn path(text: &str) -> String {
        let error = serde_json::from_str::<Page>(text).expect_err("must fail");
        path_of(text.as_bytes(), &error)
    }

    #[test]
    fn a_wrong_type_is_named_by_its_field_path() {
        assert_eq!(
            path(r#"{"workflow_runs":[{"id":1},{"id":"two"}]}"#),
            "workflow_runs[1].id"
        );
        assert_eq!(
            path(r#"{"workflow_runs":[{"id":1,"head":{"owner":{"login":7}}}]}"#),
            "workflow_runs[0].head.owner.login"
        );
    }

    #[test]
    fn pretty_printed_text_and_escaped_keys_are_followed() {
        let text = "{\n  \"x\\\"y\": \"{[\",\n  \"workflow_runs\": [\n    {\"id\": 1},\n    {\"id\": true}\n  ]\n}";
        assert_eq!(path(text), "workflow_runs[1].id");
    }

    #[test]
    fn a_missing_field_names_the_object_that_lacks_it() {
        assert_eq!(
            path(r#"{"workflow_runs":[{"id":1},{"head":null}]}"#),
            "workflow_runs[1]"
        );
        assert_eq!(path(r#"{"runs":[]}"#), ".");
    }

    #[test]
    fn trailing_text_and_broken_json_are_reported() {
        assert_eq!(path(r#"{"workflow_runs":[]} x"#), ".");
        assert_eq!(
            path(r#"{"workflow_runs":[{"id":1},{"id":"#),
            "workflow_runs[1].id"
        );
    }
}
