//! Writes the seed corpus of every target into `corpus/<target>/`: the
//! spec's response examples for `answers` (each behind the two bytes that
//! pick its operation and status), the fixture documents for `loader`, and
//! a few hand-made answers, gzip members and paths for the others, and
//! each webhook example payload, signed, for `webhooks`. Run it
//! from `tests/fuzz/` before the first fuzzing run (see README.md).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

#[path = "../../../tests/wire/generated/answers.rs"]
#[rustfmt::skip]
#[allow(dead_code)]
mod answers;

fn main() {
    let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = fuzz.join("../..");
    let corpus = fuzz.join("corpus");
    let written = [
        ("answers", answer_seeds(&root)),
        ("loader", loader_seeds(&root)),
        ("headers", header_seeds()),
        ("gzip", gzip_seeds()),
        ("paths", path_seeds()),
        ("webhooks", webhook_seeds(&root)),
    ];
    for (target, seeds) in written {
        let dir = corpus.join(target);
        fs::create_dir_all(&dir).expect("the corpus directory");
        for (n, seed) in seeds.iter().enumerate() {
            fs::write(dir.join(format!("seed-{n:04}")), seed).expect("a seed file");
        }
        println!("{target}: {} seeds in {}", seeds.len(), dir.display());
    }
}

/// Every JSON example of a success answer in the spec, behind the index of
/// its (operation, status) in `JSON_ANSWERS`.
fn answer_seeds(root: &Path) -> Vec<Vec<u8>> {
    let text = fs::read_to_string(root.join("spec/actions.yaml")).expect("spec/actions.yaml");
    let spec: Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    let index: BTreeMap<(&str, u16), usize> = answers::JSON_ANSWERS
        .iter()
        .enumerate()
        .map(|(i, &(op, status))| ((op, status), i))
        .collect();
    let mut seeds = Vec::new();
    let Some(paths) = spec["paths"].as_mapping() else {
        return seeds;
    };
    for item in paths.values() {
        let Some(methods) = item.as_mapping() else {
            continue;
        };
        for operation in methods.values() {
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            let Some(responses) = operation["responses"].as_mapping() else {
                continue;
            };
            for (status, response) in responses {
                let status = match status {
                    Value::String(s) => s.parse::<u16>().ok(),
                    Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
                    _ => None,
                };
                let Some(&i) = status.and_then(|s| index.get(&(id, s))) else {
                    continue;
                };
                let response = resolve(&spec, response);
                let media = &response["content"]["application/json"];
                let mut examples: Vec<&Value> = Vec::new();
                if let Some(named) = media["examples"].as_mapping() {
                    examples.extend(named.values().map(|e| &resolve(&spec, e)["value"]));
                }
                if !media["example"].is_null() {
                    examples.push(&media["example"]);
                }
                for example in examples {
                    let Ok(json) = serde_json::to_vec(example) else {
                        continue;
                    };
                    let mut seed = u16::try_from(i)
                        .expect("few answers")
                        .to_be_bytes()
                        .to_vec();
                    seed.extend(json);
                    seeds.push(seed);
                }
            }
        }
    }
    seeds
}

/// Each example payload of the spec's webhooks behind the two bytes the
/// `webhooks` target reads: 0 (sign it with the secret) and the index of
/// its event in the target's list, then once more with a forged signature
/// (1, the event, `sha256=` and 64 zeros, a NUL, the payload).
fn webhook_seeds(root: &Path) -> Vec<Vec<u8>> {
    const EVENTS: [&str; 5] = [
        "workflow_run",
        "workflow_job",
        "workflow_dispatch",
        "deployment_protection_rule",
        "deployment_review",
    ];
    let text = fs::read_to_string(root.join("spec/actions.yaml")).expect("spec/actions.yaml");
    let spec: Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    let mut seeds = Vec::new();
    let Some(hooks) = spec["x-webhooks"].as_mapping() else {
        return seeds;
    };
    for hook in hooks.values() {
        let post = &hook["post"];
        let Some(event) = post["x-github-event"]["event"].as_str() else {
            continue;
        };
        let Some(index) = EVENTS.iter().position(|e| *e == event) else {
            continue;
        };
        let media = &resolve(&spec, &post["requestBody"])["content"]["application/json"];
        let Some(named) = media["examples"].as_mapping() else {
            continue;
        };
        for example in named.values() {
            let Ok(json) = serde_json::to_vec(&resolve(&spec, example)["value"]) else {
                continue;
            };
            let event = u8::try_from(index).expect("few events");
            seeds.push([&[0, event][..], &json].concat());
            let forged = format!("sha256={}", "0".repeat(64));
            seeds.push([&[1, event][..], forged.as_bytes(), &[0], &json].concat());
        }
    }
    seeds
}

/// The value a `$ref` points to within the spec, or the value itself.
fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    let Some(pointer) = value["$ref"].as_str().and_then(|r| r.strip_prefix("#/")) else {
        return value;
    };
    pointer
        .split('/')
        .try_fold(spec, |node, key| node.get(key))
        .unwrap_or(value)
}

/// The fixture documents of the snapshot tests, good and broken.
fn loader_seeds(root: &Path) -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    for dir in ["tests/fixtures", "tests/fixtures/broken"] {
        let mut files: Vec<PathBuf> = fs::read_dir(root.join(dir))
            .expect("the fixtures")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        files.sort();
        seeds.extend(files.iter().filter_map(|f| fs::read(f).ok()));
    }
    seeds
}

/// Answers as `fuzzing::answer` reads them: status, plant byte, headers,
/// blank line, body.
fn header_seeds() -> Vec<Vec<u8>> {
    let answer = |status: u16, head: &str, body: &str| {
        let mut seed = status.wrapping_sub(100).to_be_bytes().to_vec();
        seed.push(7);
        seed.extend(head.as_bytes());
        seed.extend(b"\n\n");
        seed.extend(body.as_bytes());
        seed
    };
    vec![
        answer(
            403,
            "x-ratelimit-limit: 5000\nx-ratelimit-remaining: 0\nx-ratelimit-used: 5000\nx-ratelimit-reset: 1700000090\nx-ratelimit-resource: core",
            r#"{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest"}"#,
        ),
        answer(
            403,
            "retry-after: 30",
            r#"{"message":"You have exceeded a secondary rate limit."}"#,
        ),
        answer(429, "retry-after: Tue, 14 Nov 2023 22:15:00 GMT", ""),
        answer(
            422,
            "x-github-request-id: ABCD:1234",
            r#"{"message":"Validation Failed","errors":[{"resource":"Secret","field":"name","code":"invalid"}]}"#,
        ),
        answer(
            502,
            "content-type: text/html",
            "<html><body>502 Bad Gateway</body></html>",
        ),
        answer(
            200,
            "link: <https://api.github.com/repos/o/r/things?page=2>; rel=\"next\", <https://api.github.com/repos/o/r/things?page=5>; rel=\"last\"\nlink: </x?after=abc>; rel=\"next prev\"; title=\"a, b\"",
            r#"{"total_count": 2, "things": [1, 2]}"#,
        ),
        answer(
            200,
            "link: <?before=Y3Vyc29y>; REL=previous,<>;rel=first",
            "[1, 2, 3]",
        ),
        answer(
            201,
            "",
            r#"{"id": 1, "state": "Open", "token": "ghs_x", "items": [1]}"#,
        ),
    ]
}

/// Gzip inputs as `fuzzing::gzip` reads them: the limit, then a member.
fn gzip_seeds() -> Vec<Vec<u8>> {
    // `printf 'hello, gzip\n' | gzip -9n` (GNU gzip).
    const HELLO: &[u8] = &[
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9,
        0xd7, 0x51, 0x48, 0xaf, 0xca, 0x2c, 0xe0, 0x02, 0x00, 0x86, 0x1f, 0x82, 0xa4, 0x0c, 0x00,
        0x00, 0x00,
    ];
    let with_limit = |limit: u16, member: &[u8]| {
        let mut seed = limit.to_le_bytes().to_vec();
        seed.extend(member);
        seed
    };
    let stored = stored_member(br#"{"message": "Server Error"}"#);
    let mut named = vec![0x1f, 0x8b, 8, 0x08 | 0x10 | 0x04 | 0x02, 0, 0, 0, 0, 0, 3];
    named.extend([3, 0, b'a', b'b', b'c']);
    named.extend(b"name.json\0a comment\0");
    named.extend([0, 0]);
    named.extend(&stored[10..]);
    vec![
        with_limit(1024, HELLO),
        with_limit(5, HELLO),
        with_limit(1024, &HELLO[..20]),
        with_limit(4096, &stored),
        with_limit(4096, &named),
        with_limit(64, b"not gzip at all"),
    ]
}

/// `data` as a gzip member of one stored deflate block.
fn stored_member(data: &[u8]) -> Vec<u8> {
    let len = u16::try_from(data.len()).expect("a short text");
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1];
    out.extend(len.to_le_bytes());
    out.extend((!len).to_le_bytes());
    out.extend(data);
    out.extend(crc32(data).to_le_bytes());
    out.extend(u32::from(len).to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Paths as `fuzzing::path` reads them: prefix, template, then names and
/// values, split by `0xFF`.
fn path_seeds() -> Vec<Vec<u8>> {
    let fields = |parts: &[&str]| {
        let mut seed = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                seed.push(0xff);
            }
            seed.extend(part.as_bytes());
        }
        seed
    };
    vec![
        fields(&[
            "api/v3",
            "/repos/{owner}/{repo}/actions/runs",
            "owner",
            "o",
            "repo",
            "r",
        ]),
        fields(&["", "/x/..\\..\\y"]),
        fields(&["api/v3/", "/x/.\t./{a}", "a", "..%2f"]),
        fields(&[
            "",
            "/orgs/{org}/actions/secrets/{name}",
            "org",
            "é/ü",
            "name",
            "a b%",
        ]),
        fields(&["x", "/{a}/{b}", "a", ".", "b", "%2E%2e"]),
    ]
}
