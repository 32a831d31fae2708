//! The peer of `cargo xtask build-cost`: progenitor 0.15.1 on GitHub's
//! published description of the same operations.
//!
//! Two scratch crates under `target/build-cost/`, written from the constants
//! here (each `Cargo.toml` starts with [`MARKER`] and has an empty
//! `[workspace]`; the workspace's `Cargo.lock` is copied in so shared
//! dependencies resolve to the same versions, and its `[profile.*]` tables so
//! both sides build with the same settings):
//! - `progenitor-gen/`: a binary on `progenitor`, built in the profile xtask
//!   itself was built in. It tries each operation of the document alone
//!   and drops the ones progenitor cannot generate (an error, a panic or
//!   output that does not parse), writes the rest to
//!   `progenitor-out/document.pruned.yaml`, times parse + `generate_tokens` +
//!   prettyplease on it several times (minimum) and writes the output to
//!   `progenitor-out/src/lib.rs`;
//! - `progenitor-out/`: that output as a library crate, with the
//!   dependencies progenitor's README asks for (`futures`,
//!   `progenitor-client`, `reqwest` with `json`, `query` and `stream`,
//!   `serde`) plus those the output names (`chrono`, `serde_json`, ...).
//!   reqwest's default features (TLS) are off: they change the dependencies,
//!   not the crate itself. Its target directory is `progenitor-out/target/`.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// GitHub's description of this project's operations, relative to the repository root.
pub const REFERENCE: &str = "../shared/reference/github-actions-dotcom-2026-03-10.yaml";
/// The package name of progenitor's output crate.
pub const OUT_PACKAGE: &str = "progenitor-out";
/// First line of each scratch manifest: a directory is only written over
/// when it holds a crate this command wrote.
const MARKER: &str = "# Written by `cargo xtask build-cost`: a scratch crate, rewritten each run.";

const GEN_MANIFEST: &str = r#"[package]
name = "progenitor-gen"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
progenitor = { version = "=0.15.1", default-features = false }
openapiv3 = "2"
# The document keeps its order through the pruning.
serde_json = { version = "1", features = ["preserve_order"] }
serde_yaml = "0.9"
prettyplease = "0.2"
syn = { version = "2", features = ["full"] }
"#;

const OUT_MANIFEST: &str = r#"[package]
name = "progenitor-out"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
path = "src/lib.rs"

[dependencies]
futures = "0.3"
progenitor-client = "=0.15.1"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
"#;

/// Dependencies added when the output names the crate (`name::`).
const OUT_OPTIONAL: [(&str, &str); 6] = [
    (
        "chrono",
        r#"chrono = { version = "0.4", default-features = false, features = ["serde"] }"#,
    ),
    ("serde_json", r#"serde_json = "1""#),
    (
        "uuid",
        r#"uuid = { version = "1", features = ["serde", "v4"] }"#,
    ),
    ("regress", r#"regress = "0.10""#),
    ("base64", r#"base64 = "0.22""#),
    ("rand", r#"rand = "0.8""#),
];

/// An operation progenitor could not generate.
pub struct Dropped {
    /// Its operationId.
    pub id: String,
    /// progenitor's error or panic, and the operation's answers.
    pub reason: String,
}

/// progenitor's side, ready to build.
pub struct Peer {
    /// The output crate's directory.
    pub dir: PathBuf,
    /// Its target directory.
    pub target_dir: PathBuf,
    /// Operations in the document.
    pub operations_in_document: usize,
    /// Operations generated.
    pub operations: usize,
    /// The operations left out.
    pub dropped: Vec<Dropped>,
    /// Lines of Rust generated.
    pub lines: usize,
    /// Repetitions of the timed generation.
    pub repetitions: usize,
    /// Minimum times in ms: parse, generate_tokens, prettyplease, and whole runs.
    pub parse_ms: f64,
    pub generate_ms: f64,
    pub format_ms: f64,
    pub total_ms: f64,
}

/// Writes and builds the generator, runs it on [`REFERENCE`] (`repetitions`
/// timed generations) and writes the output crate.
pub fn prepare(root: &Path, cargo: &Path, repetitions: usize) -> Result<Peer> {
    let document = root.join(REFERENCE);
    if !document.exists() {
        bail!(
            "{}: GitHub's description is not there (use --skip-peer to measure without progenitor)",
            document.display()
        );
    }
    prepare_document(root, cargo, &document, repetitions)
}

/// [`prepare`] on any document (`cargo xtask explore --progenitor`).
pub fn prepare_document(
    root: &Path,
    cargo: &Path,
    document: &Path,
    repetitions: usize,
) -> Result<Peer> {
    let base = root.join("target").join("build-cost");
    let profiles = workspace_profiles(root)?;

    let gen_dir = base.join("progenitor-gen");
    write_manifest(&gen_dir, &format!("{GEN_MANIFEST}{profiles}"))?;
    write_if_changed(&gen_dir.join("src").join("main.rs"), GEN_MAIN)?;
    copy_lock(root, &gen_dir)?;
    let release = !cfg!(debug_assertions);
    let profile = if release { "release" } else { "debug" };
    let gen_target = gen_dir.join("target");
    let mut args = vec!["build", "--quiet"];
    if release {
        args.push("--release");
    }
    println!("progenitor-gen: building ({profile}; minutes the first time)");
    let start = Instant::now();
    crate::scratch::run_cargo(cargo, &gen_dir, &gen_target, &args)?;
    println!(
        "progenitor-gen: built ({profile}) in {:.1} s",
        start.elapsed().as_secs_f64()
    );

    let dir = base.join("progenitor-out");
    check_scratch(&dir)?;
    let binary = gen_target.join(profile).join("progenitor-gen");
    let out = Command::new(&binary)
        .arg(document)
        .arg(&dir)
        .arg(repetitions.to_string())
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!(
            "progenitor-gen failed on {}:\n{stdout}{}",
            document.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut dropped = Vec::new();
    let mut result = None;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("dropped ") {
            let (id, reason) = rest.split_once(": ").unwrap_or((rest, ""));
            dropped.push(Dropped {
                id: id.to_owned(),
                reason: reason.to_owned(),
            });
        } else if let Some(rest) = line.strip_prefix("result ") {
            result = Some(rest.to_owned());
        }
    }
    let result = result.context("progenitor-gen printed no `result` line")?;
    let field = |key: &str| -> Result<f64> {
        result
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
            .and_then(|v| v.parse().ok())
            .with_context(|| format!("progenitor-gen's result has no `{key}`: {result}"))
    };
    let operations = field("operations")? as usize;

    let lib_rs = std::fs::read_to_string(dir.join("src").join("lib.rs"))
        .context("progenitor-gen wrote no lib.rs")?;
    let mut manifest = OUT_MANIFEST.to_owned();
    for (name, line) in OUT_OPTIONAL {
        if lib_rs.contains(&format!("{name}::")) {
            manifest.push_str(line);
            manifest.push('\n');
        }
    }
    manifest.push_str(&profiles);
    write_manifest(&dir, &manifest)?;
    copy_lock(root, &dir)?;

    Ok(Peer {
        target_dir: dir.join("target"),
        dir,
        operations_in_document: operations + dropped.len(),
        operations,
        dropped,
        lines: field("lines")? as usize,
        repetitions: field("repetitions")? as usize,
        parse_ms: field("parse_ms")?,
        generate_ms: field("generate_ms")?,
        format_ms: field("format_ms")?,
        total_ms: field("total_ms")?,
    })
}

/// The `[profile.*]` tables of the workspace manifest, so that the scratch
/// crates build with the workspace's settings.
fn workspace_profiles(root: &Path) -> Result<String> {
    let path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            inside = trimmed.starts_with("[profile.");
            if inside {
                out.push('\n');
            }
        }
        if inside && !trimmed.is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    Ok(out)
}

/// Fails when `dir` holds a manifest this command did not write.
fn check_scratch(dir: &Path) -> Result<()> {
    crate::scratch::check(&dir.join("Cargo.toml"), MARKER, "build-cost")
}

/// The manifest: marker, `text`, and an empty `[workspace]` to stay out of this one.
fn write_manifest(dir: &Path, text: &str) -> Result<()> {
    check_scratch(dir)?;
    let manifest =
        format!("{MARKER}\n{text}\n# Not part of the repository's workspace.\n[workspace]\n");
    write_if_changed(&dir.join("Cargo.toml"), &manifest)
}

/// Writes a file unless it already holds `text` (cargo goes by modification times).
fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Starts the scratch crate from the workspace's lock file, so shared
/// dependencies are the versions the repository builds with; kept (with
/// what cargo added) until the workspace's changes.
fn copy_lock(root: &Path, dir: &Path) -> Result<()> {
    let from = root.join("Cargo.lock");
    let to = dir.join("Cargo.lock");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let stale = match (modified(&from), modified(&to)) {
        (Some(from), Some(to)) => from > to,
        _ => true,
    };
    if stale {
        std::fs::copy(&from, &to).with_context(|| format!("cannot write {}", to.display()))?;
    }
    Ok(())
}

/// `src/main.rs` of `progenitor-gen`.
const GEN_MAIN: &str = r##"//! progenitor-gen <document> <out-dir> <repetitions>
//!
//! Written by `cargo xtask build-cost`: progenitor on an OpenAPI document.
//! 1. Tries each operation alone (the document with only that operation, all
//!    components kept) and drops those progenitor cannot generate (an error,
//!    a panic, or output that does not parse): one `dropped <id>: <reason>`
//!    line each.
//! 2. Writes the rest to <out-dir>/document.pruned.yaml.
//! 3. Times parse (YAML text to openapiv3) + generate_tokens + prettyplease
//!    on it <repetitions> times, and writes the output to <out-dir>/src/lib.rs.
//! 4. Prints one `result key=value ...` line (times are minimums, in ms).
use serde_json::Value;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::time::Instant;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
/// The message of the last panic, kept by the panic hook.
static PANIC: Mutex<Option<String>> = Mutex::new(None);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (doc, out, reps) = match args.as_slice() {
        [doc, out, reps] => (
            doc,
            std::path::PathBuf::from(out),
            reps.parse::<usize>().expect("repetitions: a number").max(1),
        ),
        _ => {
            eprintln!("usage: progenitor-gen <document> <out-dir> <repetitions>");
            std::process::exit(2);
        }
    };
    let text = std::fs::read_to_string(doc).expect("cannot read the document");
    // JSON text as JSON: the YAML reader refuses some JSON escapes (surrogate pairs).
    let full: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).expect("the document is not JSON")
    } else {
        serde_yaml::from_str(&text).expect("the document is not YAML")
    };

    // Panics are reasons to drop an operation: keep their first line, print nothing.
    panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_owned());
        let location = info
            .location()
            .map(|l| {
                let file = l.file();
                let short = file
                    .find("progenitor-impl")
                    .or_else(|| file.find("typify"))
                    .map_or(file, |i| &file[i..]);
                format!(" at {short}:{}", l.line())
            })
            .unwrap_or_default();
        let first = message.lines().next().unwrap_or("").trim().to_owned();
        *PANIC.lock().unwrap() = Some(format!("panic `{first}`{location}"));
    }));
    let all = operations(&full);
    let mut dropped: Vec<(String, String)> = Vec::new();
    for (path, method, id) in &all {
        let single = keep(&full, |p, m| p == path && m == method);
        if let Err(why) = generate(&single) {
            println!(
                "dropped {id}: {why}; answers: {}",
                answers(&full, path, method)
            );
            dropped.push((path.clone(), method.clone()));
        }
    }
    let pruned = keep(&full, |p, m| {
        !dropped.iter().any(|(dp, dm)| dp == p && dm == m)
    });
    let code = match generate(&pruned) {
        Ok(code) => code,
        Err(why) => {
            eprintln!("progenitor fails on the document without the dropped operations: {why}");
            std::process::exit(1);
        }
    };
    drop(panic::take_hook());
    let pruned_text = serde_yaml::to_string(&pruned).expect("the pruned document as YAML");
    std::fs::create_dir_all(out.join("src")).expect("cannot create the output directory");
    std::fs::write(out.join("document.pruned.yaml"), &pruned_text)
        .expect("cannot write the pruned document");
    let lib = out.join("src").join("lib.rs");
    if std::fs::read_to_string(&lib).ok().as_deref() != Some(code.as_str()) {
        std::fs::write(&lib, &code).expect("cannot write lib.rs");
    }

    // Stage minimums, and the minimum of whole runs.
    let mut best = [f64::MAX; 4];
    for _ in 0..reps {
        let t0 = Instant::now();
        let spec: openapiv3::OpenAPI = serde_yaml::from_str(&pruned_text).expect("openapiv3 parse");
        let t1 = Instant::now();
        let tokens = progenitor::Generator::default()
            .generate_tokens(&spec)
            .expect("generate_tokens");
        let t2 = Instant::now();
        let file: syn::File = syn::parse2(tokens).expect("the output parses");
        let again = prettyplease::unparse(&file);
        let t3 = Instant::now();
        assert_eq!(again.len(), code.len(), "the output changed between runs");
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        for (b, t) in best
            .iter_mut()
            .zip([ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t3 - t0)])
        {
            *b = b.min(t);
        }
    }
    println!(
        "result operations={} dropped={} lines={} repetitions={reps} parse_ms={:.3} generate_ms={:.3} format_ms={:.3} total_ms={:.3}",
        all.len() - dropped.len(),
        dropped.len(),
        code.lines().count(),
        best[0],
        best[1],
        best[2],
        best[3]
    );
}

/// Path, method and operationId (or `METHOD path`) of every operation.
fn operations(doc: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if METHODS.contains(&method.as_str()) {
                let id = op.get("operationId").and_then(Value::as_str).map_or_else(
                    || format!("{} {path}", method.to_uppercase()),
                    str::to_owned,
                );
                out.push((path.clone(), method.clone(), id));
            }
        }
    }
    out
}

/// The document with only the operations `wanted` accepts; path items left
/// without operations go too. Components stay as they are.
fn keep(doc: &Value, wanted: impl Fn(&str, &str) -> bool) -> Value {
    let mut doc = doc.clone();
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            if let Some(item) = item.as_object_mut() {
                item.retain(|method, _| {
                    !METHODS.contains(&method.as_str()) || wanted(path, method)
                });
            }
        }
        paths.retain(|_, item| {
            item.as_object()
                .is_some_and(|item| item.keys().any(|k| METHODS.contains(&k.as_str())))
        });
    }
    doc
}

/// The answers of an operation, each with the schema it names:
/// `200 concurrency-group, 404 basic-error`.
fn answers(doc: &Value, path: &str, method: &str) -> String {
    let responses = doc
        .get("paths")
        .and_then(|p| p.get(path))
        .and_then(|i| i.get(method))
        .and_then(|o| o.get("responses"))
        .and_then(Value::as_object);
    let Some(responses) = responses else {
        return "none".to_owned();
    };
    let described: Vec<String> = responses
        .iter()
        .map(|(status, response)| {
            let response = resolve(doc, response);
            let content = response.get("content").and_then(Value::as_object);
            let body = match content {
                None => "no body".to_owned(),
                Some(content) if content.is_empty() => "no body".to_owned(),
                Some(content) => content
                    .iter()
                    .map(|(media, m)| {
                        let schema =
                            m.get("schema")
                                .map(|s| match s.get("$ref").and_then(Value::as_str) {
                                    Some(r) => r.rsplit('/').next().unwrap_or(r).to_owned(),
                                    None => "inline schema".to_owned(),
                                });
                        match schema {
                            Some(s) if media == "application/json" => s,
                            Some(s) => format!("{media} {s}"),
                            None => format!("{media} without schema"),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" | "),
            };
            format!("{status} {body}")
        })
        .collect();
    described.join(", ")
}

/// Follows local `$ref`s (`#/components/...`).
fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..32 {
        let target = value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| doc.pointer(pointer));
        match target {
            Some(target) => value = target,
            None => break,
        }
    }
    value
}

/// progenitor's formatted output for a document, or why there is none.
fn generate(doc: &Value) -> Result<String, String> {
    let spec: openapiv3::OpenAPI = serde_json::from_value(doc.clone())
        .map_err(|e| format!("not an OpenAPI 3.0 document to openapiv3: {e}"))?;
    *PANIC.lock().unwrap() = None;
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        let tokens = progenitor::Generator::default()
            .generate_tokens(&spec)
            .map_err(|e| format!("error `{e}`"))?;
        let file: syn::File =
            syn::parse2(tokens).map_err(|e| format!("output does not parse: {e}"))?;
        Ok(prettyplease::unparse(&file))
    }));
    match result {
        Ok(result) => result,
        Err(_) => Err(PANIC
            .lock()
            .unwrap()
            .take()
            .unwrap_or_else(|| "panic".to_owned())),
    }
}
"##;
