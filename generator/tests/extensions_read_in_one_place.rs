//! Vendor extensions are read in one place: no source of the generator, the
//! xtask or the tests spells an `x-github-*` key in a string literal outside
//! `generator/src/extensions.rs` (and its `extensions/` directory). Everything
//! else names a key through `generator::extensions`, so adding or renaming an
//! extension is one edit there, not a grep.
//!
//! Not keys, and so allowed: HTTP header names that start the same way
//! ([`HEADERS`]) and text in comments; outside the generator also fixtures:
//! raw strings (YAML) and a literal followed by `:`, which is a key of a
//! `json!` value. The generator's own sources spell no key even in a fixture.

use std::path::{Path, PathBuf};

/// HTTP headers GitHub sends or reads that share the prefix; they are not
/// vendor extensions.
const HEADERS: [&str; 4] = [
    "x-github-request-id",
    "x-github-api-version",
    "x-github-media-type",
    "x-github-sso",
];

/// The source trees scanned, relative to the workspace root.
const SCANNED: [&str; 4] = ["generator/src", "xtask/src", "tests/src", "tests/tests"];

/// The extension module, whose business the keys are.
const EXTENSIONS: [&str; 2] = ["generator/src/extensions.rs", "generator/src/extensions/"];

/// The prefix of every vendor extension the spec uses.
const PREFIX: &str = "x-github-";

/// A string literal as written in Rust source: its text between the quotes
/// (escapes left as written), the line it starts on, and whether `:` (not
/// `::`) follows it.
#[derive(Debug)]
struct Literal {
    text: String,
    line: usize,
    before_colon: bool,
    /// A raw string (`r#"..."#`): fixture text, such as YAML.
    raw: bool,
}

/// The ordinary (and byte) string literals of `source`, skipping comments,
/// raw strings and character literals.
fn string_literals(source: &str) -> Vec<Literal> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let rest = &chars[i..];
        match rest {
            ['/', '/', ..] => {
                // Up to the newline, which the next round counts.
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            ['/', '*', ..] => i = skip_block_comment(&chars, i, &mut line),
            ['r', '#' | '"', ..] | ['b', 'r', '#' | '"', ..] if !ident_before(&chars, i) => {
                let start_line = line;
                let end = skip_raw_string(&chars, i, &mut line);
                if end != i {
                    let text: String = chars[i..=end.min(chars.len() - 1)].iter().collect();
                    out.push(Literal {
                        text: raw_content(&text),
                        line: start_line,
                        before_colon: false,
                        raw: true,
                    });
                }
                i = end;
            }
            ['\'', ..] => i = skip_char_literal(&chars, i),
            ['"', ..] => {
                let start_line = line;
                let mut j = i + 1;
                let mut text = String::new();
                while j < chars.len() && chars[j] != '"' {
                    if chars[j] == '\\' && j + 1 < chars.len() {
                        text.push(chars[j]);
                        j += 1;
                    }
                    if chars[j] == '\n' {
                        line += 1;
                    }
                    text.push(chars[j]);
                    j += 1;
                }
                i = j + 1;
                let after: String = chars[i.min(chars.len())..]
                    .iter()
                    .skip_while(|c| c.is_whitespace() && **c != '\n')
                    .take(2)
                    .collect();
                out.push(Literal {
                    text,
                    line: start_line,
                    before_colon: after.starts_with(':') && !after.starts_with("::"),
                    raw: false,
                });
                continue;
            }
            ['\n', ..] => line += 1,
            _ => {}
        }
        i += 1;
    }
    out
}

/// Whether the character before `i` continues an identifier (`for"` is not
/// a raw string, `br"` is handled by its own arm).
fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// The index of the `/` that ends the (possibly nested) comment opening at `i`.
fn skip_block_comment(chars: &[char], mut i: usize, line: &mut usize) -> usize {
    let mut depth = 0;
    while i + 1 < chars.len() {
        match (chars[i], chars[i + 1]) {
            ('/', '*') => {
                depth += 1;
                i += 2;
            }
            ('*', '/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i - 1;
                }
            }
            (c, _) => {
                if c == '\n' {
                    *line += 1;
                }
                i += 1;
            }
        }
    }
    chars.len()
}

/// The index of the last character of the raw string opening at `i`
/// (`r"..."`, `r#"..."#`, `br##"..."##`), or of `r` when it is not one.
fn skip_raw_string(chars: &[char], i: usize, line: &mut usize) -> usize {
    let mut j = i + if chars[i] == 'b' { 2 } else { 1 };
    let hashes = chars[j..].iter().take_while(|c| **c == '#').count();
    j += hashes;
    if chars.get(j) != Some(&'"') {
        return i;
    }
    j += 1;
    while j < chars.len() {
        if chars[j] == '"'
            && chars[j + 1..]
                .iter()
                .take(hashes)
                .filter(|c| **c == '#')
                .count()
                == hashes
        {
            return j + hashes;
        }
        if chars[j] == '\n' {
            *line += 1;
        }
        j += 1;
    }
    chars.len()
}

/// The text between the quotes of a raw string as written (`r#"a"#` -> `a`).
fn raw_content(literal: &str) -> String {
    let open = literal.find('"').map_or(0, |at| at + 1);
    let close = literal.rfind('"').unwrap_or(literal.len()).max(open);
    literal[open..close].to_owned()
}

/// The index of the closing `'` of a character literal opening at `i`
/// (`'"'`, `'\''`, `'\u{22}'`), or `i` itself for a lifetime.
fn skip_char_literal(chars: &[char], i: usize) -> usize {
    match chars.get(i + 1..) {
        // The escaped character is never the end: `'\''`.
        Some(['\\', _, rest @ ..]) => match rest.iter().position(|c| *c == '\'') {
            Some(end) => i + 3 + end,
            None => i,
        },
        Some([_, '\'', ..]) => i + 2,
        _ => i,
    }
}

/// The vendor extension keys a literal spells: `x-github-...` at its start
/// or right after a quote inside it (`\"` in an ordinary string, `"` in a
/// raw one), up to the first character a key cannot hold.
fn keys_in(text: &str, raw: bool) -> Vec<String> {
    let quote = if raw { "\"" } else { "\\\"" };
    let mut keys = Vec::new();
    let starts = text
        .match_indices(PREFIX)
        .map(|(at, _)| at)
        .filter(|&at| at == 0 || text[..at].ends_with(quote));
    for at in starts {
        let key: String = text[at..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
            .collect();
        if !HEADERS.contains(&key.as_str()) {
            keys.push(key);
        }
    }
    keys
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_source_outside_the_extensions_module_spells_an_extension_key() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or_else(|| panic!("the generator has no parent directory"));
    let mut files = Vec::new();
    for dir in SCANNED {
        rust_files(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 50, "found only {} source files", files.len());
    let mut found = Vec::new();
    for path in files {
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if EXTENSIONS.iter().any(|m| rel == *m || rel.starts_with(m)) {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let in_generator = rel.starts_with("generator/");
        for literal in string_literals(&source) {
            // Fixtures are fine in the tests; the generator spells no key at all.
            if (literal.before_colon || literal.raw) && !in_generator {
                continue;
            }
            for key in keys_in(&literal.text, literal.raw) {
                found.push(format!(
                    "{rel}:{}: \"{key}\" (name it through generator::extensions)",
                    literal.line
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "vendor extension keys spelled outside generator/src/extensions.rs:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_sees_keys_in_code_and_not_in_comments_fixtures_or_headers() {
    let source = r####"
        // "x-github-products" in a comment
        /* "x-github-watch" /* nested */ "x-github-id" */
        let yaml = r#"x-github-outcome: Created"#;
        let quote = '"';
        let apostrophe = '\'';
        let read = op.get("x-github-pagination");
        let escaped = "{\"x-github-sealed-secret\": true}";
        let fixture = json!({"x-github-api-versions": ["2022-11-28"]});
        let header = req.header("x-github-request-id");
        let version = req.header("x-github-api-version");
        fn f<'a>(x: &'a str) -> &'a str { "x-github-permissions" }
    "####;
    let literals = string_literals(source);
    let keys: Vec<(String, usize, bool, bool)> = literals
        .iter()
        .flat_map(|l| {
            keys_in(&l.text, l.raw)
                .into_iter()
                .map(|k| (k, l.line, l.before_colon, l.raw))
        })
        .collect();
    let want = [
        ("x-github-outcome".to_owned(), 4, false, true),
        ("x-github-pagination".to_owned(), 7, false, false),
        ("x-github-sealed-secret".to_owned(), 8, false, false),
        ("x-github-api-versions".to_owned(), 9, true, false),
        ("x-github-permissions".to_owned(), 12, false, false),
    ];
    assert_eq!(keys, want);
}

#[test]
fn every_extension_the_module_reads_is_an_x_github_key() {
    for key in generator::extensions::ALL {
        // `x-webhooks` is GitHub's own top-level key for its webhook events.
        if key == generator::extensions::WEBHOOKS {
            continue;
        }
        assert!(key.starts_with(PREFIX), "{key}");
        assert!(!HEADERS.contains(&key), "{key} is also a header name");
    }
}
