//! `cargo xtask explore <document> [--keep DIR] [--no-check]`: runs the
//! generator on any OpenAPI 3.0 or 3.1 document (YAML or JSON) and compiles
//! the result.
//!
//! - generation is lenient ([`generator::explore_str`]): the operations it
//!   cannot handle are listed, with their message, instead of failing the run;
//! - the output goes to a scratch crate, `target/explore/<stem>/` (or `DIR`),
//!   whose `Cargo.toml` depends on the runtime crate by path and has an empty
//!   `[workspace]`, so it stays out of this workspace; its `src/` is written
//!   anew each run;
//! - unless `--no-check`, `cargo check` runs in it with the shared target
//!   directory `target/explore-target/` (dependencies build once for every
//!   document), timed: wall clock, and the CPU time of cargo and its rustc
//!   children where `/usr/bin/time` exists. Dependencies are built before
//!   the timed check, which is not incremental (as for a dependency). The
//!   first compiler errors are shown when it fails, and the command fails
//!   too;
//! - the notes (what was read otherwise than written, such as an OpenAPI
//!   3.1 document read as 3.0, or left out) and the blocked operations are
//!   listed last, one line each, then counted by kind of message
//!   (particulars blanked), with the operations each kind keeps out;
//! - a last line sums it up: operations generated and blocked, the time to
//!   generate and the time to check;
//! - with `--progenitor`, progenitor 0.15.1 runs on the same document
//!   (`progenitor.rs`, scratch crates under `target/build-cost/`): what it
//!   generates and drops, and the same timed `cargo check` of its output.

use anyhow::{Context, Result, bail};
use generator::diagnostics::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Usage line of the subcommand.
pub const USAGE: &str =
    "usage: cargo xtask explore <document> [--keep DIR] [--no-check] [--progenitor]";

/// First line of the scratch crate's manifest: a directory is only cleared
/// when it holds a crate this command wrote.
const MARKER: &str = "# Written by `cargo xtask explore`: a scratch crate, rewritten each run.";
/// How many compiler errors are shown when the check fails.
const SHOWN_ERRORS: usize = 5;
const GNU_TIME: &str = "/usr/bin/time";

struct Options {
    document: PathBuf,
    keep: Option<PathBuf>,
    check: bool,
    progenitor: bool,
}

fn parse(args: &[&str]) -> Result<Options> {
    let mut document = None;
    let mut keep = None;
    let mut check = true;
    let mut progenitor = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--no-check" => check = false,
            "--progenitor" => progenitor = true,
            "--keep" => {
                keep = Some(PathBuf::from(
                    rest.next().context("--keep needs a directory")?,
                ))
            }
            other if other.starts_with("--") => bail!("explore: unknown option `{other}`\n{USAGE}"),
            other if document.is_none() => document = Some(PathBuf::from(other)),
            other => bail!("explore: one document only (`{other}` is extra)\n{USAGE}"),
        }
    }
    Ok(Options {
        document: document.with_context(|| format!("explore: no document\n{USAGE}"))?,
        keep,
        check,
        progenitor,
    })
}

/// Generates, writes and checks a client crate for one document; prints the summary.
pub fn run(root: &Path, args: &[&str]) -> Result<()> {
    let options = parse(args)?;
    let path = &options.document;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let stem = crate_stem(path);
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    println!("explore {name} ({:.1} KiB)", text.len() as f64 / 1024.0);

    let start = Instant::now();
    let result = generator::explore_str(&name, &text);
    let gen_ms = start.elapsed().as_secs_f64() * 1000.0;
    let explored = match result {
        Ok(explored) => explored,
        Err(generator::GenerateError::Spec(problems)) => {
            println!("generation failed after {gen_ms:.0} ms:");
            print_problems(&problems.0);
            bail!(
                "{name}: no crate generated, {} problem(s) in the document",
                problems.0.len()
            );
        }
        Err(e) => return Err(e).with_context(|| format!("{name}: generation failed")),
    };
    println!(
        "document: {} {}, OpenAPI {}",
        explored.title, explored.api_version, explored.openapi
    );
    let generated = &explored.generated;
    let lines: usize = generated
        .files
        .iter()
        .filter(|(rel, _)| rel.ends_with(".rs"))
        .map(|(_, text)| text.lines().count())
        .sum();

    let dir = match &options.keep {
        Some(dir) => dir.clone(),
        None => root.join("target").join("explore").join(&stem),
    };
    let removed = write_crate(root, &dir, &stem, &generated.files, &explored.features)?;

    println!(
        "generated: {} operation(s), {} type(s), {} file(s), {lines} lines of Rust in {gen_ms:.0} ms",
        generated.operations,
        generated.types,
        generated.files.len()
    );
    println!(
        "crate: {} (package explore-{stem}; {removed} stale file(s) removed)",
        dir.display()
    );

    let check = if options.check {
        let lib_rs = generated
            .files
            .get("lib.rs")
            .context("no lib.rs was generated")?;
        Some(check_crate(root, &dir, lib_rs)?)
    } else {
        println!("check: skipped (--no-check)");
        None
    };

    if explored.notes.is_empty() {
        println!("notes: none");
    } else {
        println!("notes:");
        print_notes(&explored.notes);
    }
    let blocked_ops = if explored.blocked.is_empty() {
        println!("blocked: none");
        0
    } else {
        println!("blocked:");
        print_problems(&explored.blocked)
    };

    let check_text = match &check {
        None => "check skipped".to_owned(),
        Some(c) if c.ok => format!("check ok in {}", c.times),
        Some(c) => format!("check FAILED ({} error(s)) in {}", c.errors, c.times),
    };
    println!(
        "summary: {} of {} operation(s) generated, {blocked_ops} blocked; generated in {gen_ms:.0} ms; {check_text}",
        generated.operations,
        generated.operations + blocked_ops
    );

    if options.progenitor {
        progenitor_beside(root, path, &text, options.check)?;
    }

    match check {
        Some(Check {
            ok: false, errors, ..
        }) => {
            bail!("{name}: the generated crate does not compile ({errors} error(s))")
        }
        _ => Ok(()),
    }
}

/// For an OpenAPI 3.1 document (`text`, read from `document`), the path of its 3.0.3 rewrite (written to
/// `target/explore/`); `None` for any other.
fn rewritten_30(root: &Path, document: &Path, text: &str) -> Result<Option<PathBuf>> {
    let name = document.display().to_string();
    let (version, raw) = generator::load::as_openapi30(&name, text).map_err(|problems| {
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("{name}: {}", shown.join("; "))
    })?;
    if !version.starts_with("3.1") {
        return Ok(None);
    }
    let stem = document
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("document");
    let dir = root.join("target").join("explore");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(format!("{stem}.openapi30.json"));
    std::fs::write(&path, serde_json::to_vec(&raw)?)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Some(path))
}

/// progenitor on the same document (see `progenitor.rs`): the operations
/// it generates when each is tried alone, why it drops the others (counted
/// by kind), the time of one generation, and the same `cargo check` of its
/// output. Trying each operation alone regenerates every component each
/// time, so on a large document this takes minutes.
fn progenitor_beside(root: &Path, document: &Path, text: &str, check: bool) -> Result<()> {
    let cargo = PathBuf::from(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // progenitor's openapiv3 reads 3.0 only: a 3.1 document goes to it as
    // this generator reads it, rewritten to 3.0.3.
    let rewritten;
    let document = match rewritten_30(root, document, text)? {
        Some(path) => {
            rewritten = path;
            println!(
                "progenitor: the document is OpenAPI 3.1; it reads the 3.0.3 rewrite {}",
                rewritten.display()
            );
            rewritten.as_path()
        }
        None => document,
    };
    let start = Instant::now();
    let peer = match crate::progenitor::prepare_document(root, &cargo, document, 1) {
        Ok(peer) => peer,
        Err(e) => {
            let why = format!("{e:#}");
            let shown: Vec<&str> = why.lines().take(8).collect();
            println!(
                "progenitor: no output after {:.0} s:\n  {}",
                start.elapsed().as_secs_f64(),
                shown.join("\n  ")
            );
            return Ok(());
        }
    };
    println!(
        "progenitor: {} of {} operation(s) generated, {} lines in {:.0} ms (parse {:.0}, generate_tokens {:.0}, prettyplease {:.0}); trying each operation alone and building took {:.0} s",
        peer.operations,
        peer.operations_in_document,
        peer.lines,
        peer.total_ms,
        peer.parse_ms,
        peer.generate_ms,
        peer.format_ms,
        start.elapsed().as_secs_f64()
    );
    if !peer.dropped.is_empty() {
        let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
        for d in &peer.dropped {
            let reason = d.reason.split("; answers:").next().unwrap_or(&d.reason);
            *kinds.entry(message_kind(reason)).or_default() += 1;
        }
        let mut kinds: Vec<_> = kinds.into_iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        println!("progenitor dropped, by kind:");
        for (kind, n) in kinds {
            println!("  {n:>5}  {kind}");
        }
    }
    if !check {
        return Ok(());
    }
    let lib = peer.dir.join("src").join("lib.rs");
    let lib_rs =
        std::fs::read_to_string(&lib).with_context(|| format!("cannot read {}", lib.display()))?;
    let write_lib = |text: &str| {
        std::fs::write(&lib, text).with_context(|| format!("cannot write {}", lib.display()))
    };
    write_lib("")?;
    let warm = cargo_check(&peer.dir, &peer.target_dir)?;
    write_lib(&lib_rs)?;
    if !warm.ok {
        println!(
            "progenitor check: its dependencies do not build:\n{}",
            warm.stderr
        );
        return Ok(());
    }
    let run = cargo_check(&peer.dir, &peer.target_dir)?;
    let blocks = error_blocks(&run.stderr);
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for block in &blocks {
        let code = block
            .strip_prefix("error[")
            .and_then(|rest| rest.split(']').next())
            .unwrap_or("error");
        *codes.entry(code).or_default() += 1;
    }
    let codes: Vec<String> = codes.iter().map(|(c, n)| format!("{c} {n}")).collect();
    println!(
        "progenitor check: {} in {}; {} error(s){}",
        if run.ok { "ok" } else { "FAILED" },
        run.times(),
        blocks.len(),
        if codes.is_empty() {
            String::new()
        } else {
            format!(" ({})", codes.join(", "))
        }
    );
    Ok(())
}

/// The operations a problem keeps out: its own, or those that reach the
/// component it is in.
fn blocked_by(problem: &Diagnostic) -> impl Iterator<Item = &str> {
    problem
        .operation
        .iter()
        .chain(&problem.used_by)
        .map(String::as_str)
}

/// One line per problem, then the count of each kind of message with the
/// operations it keeps out; returns how many operations are kept out.
fn print_problems(problems: &[Diagnostic]) -> usize {
    for p in problems {
        let op = p.operation.as_deref().unwrap_or("(document)");
        let users = match p.used_by.len() {
            0 => String::new(),
            n => format!("; used by {n} operation(s)"),
        };
        println!("  {op}: {} (at {}{users})", p.message, p.pointer);
    }
    let operations: BTreeSet<&str> = problems.iter().flat_map(blocked_by).collect();
    let whole = problems
        .iter()
        .filter(|p| blocked_by(p).next().is_none())
        .count();
    let mut kinds: BTreeMap<String, (usize, BTreeSet<&str>)> = BTreeMap::new();
    for p in problems {
        let kind = kinds.entry(message_kind(&p.message)).or_default();
        kind.0 += 1;
        kind.1.extend(blocked_by(p));
    }
    let mut kinds: Vec<_> = kinds.into_iter().collect();
    kinds.sort_by(|a, b| {
        (b.1.1.len(), b.1.0)
            .cmp(&(a.1.1.len(), a.1.0))
            .then_with(|| a.0.cmp(&b.0))
    });
    println!(
        "{} problem(s): {} operation(s) blocked, {whole} problem(s) tied to no operation; by kind (problems, operations blocked):",
        problems.len(),
        operations.len()
    );
    for (kind, (n, ops)) in kinds {
        println!("  {n:>5} {:>5}  {kind}", ops.len());
    }
    operations.len()
}

/// One line per note, then the count of each kind.
fn print_notes(notes: &[Diagnostic]) {
    for n in notes {
        println!("  {} (at {})", n.message, n.pointer);
    }
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for n in notes {
        *kinds.entry(message_kind(&n.message)).or_default() += 1;
    }
    println!("{} note(s); by kind:", notes.len());
    for (kind, n) in kinds {
        println!("  {n:>5}  {kind}");
    }
}

/// A message with its particulars blanked: `quoted` names, `"strings"`,
/// `[lists]` and numbers, so that messages of one kind count together.
fn message_kind(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        let close = match c {
            '`' | '"' => Some(c),
            '[' => Some(']'),
            _ => None,
        };
        if let Some(end) = close.and_then(|close| after.find(close)) {
            out.push(c);
            out.push('…');
            out.push_str(&after[end..end + 1]);
            rest = &after[end + 1..];
        } else if c.is_ascii_digit() {
            out.push('N');
            rest = rest.trim_start_matches(|d: char| d.is_ascii_digit());
        } else {
            out.push(c);
            rest = after;
        }
    }
    out
}

/// The document's file stem as a package-name part: lower case, `-` for the rest.
fn crate_stem(path: &Path) -> String {
    let raw = path
        .file_stem()
        .map_or_else(|| "document".into(), |s| s.to_string_lossy().to_lowercase());
    let mut stem = String::new();
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c);
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        "document".into()
    } else {
        stem.into()
    }
}

/// Writes the manifest and `src/` (cleared first); returns how many stale files went.
fn write_crate(
    root: &Path,
    dir: &Path,
    stem: &str,
    files: &BTreeMap<String, String>,
    features: &[String],
) -> Result<usize> {
    let manifest_path = dir.join("Cargo.toml");
    crate::scratch::check(&manifest_path, MARKER, "explore")?;
    let src = dir.join("src");
    let mut removed = 0;
    if src.exists() {
        for rel in list_files(&src)? {
            if !files.contains_key(&rel) {
                removed += 1;
            }
        }
        std::fs::remove_dir_all(&src).with_context(|| format!("cannot clear {}", src.display()))?;
    }
    for (rel, text) in files {
        let relative = Path::new(rel);
        if relative.is_absolute()
            || relative
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            bail!("generated file `{rel}` is not a plain relative path");
        }
        let path = src.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let runtime = root.join("generator").join("runtime");
    // The untagged operations' area is the feature `untagged` (cargo's own
    // `default` names the defaults).
    let areas: Vec<&String> = features.iter().collect();
    // Typed webhook events, when the document has any, are checked too.
    let (webhooks, webhooks_default) = if files.contains_key("webhooks.rs") {
        (
            "webhooks = [\"gh-actions-runtime/webhooks\"]\n",
            ", \"webhooks\"",
        )
    } else {
        ("", "")
    };
    let manifest = format!(
        r#"{MARKER}
[package]
name = "explore-{stem}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
gh-actions-runtime = {{ path = {runtime:?} }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"

[features]
# Every area, as the client's manifest has them, and the webhook events: on by default.
default = [{defaults}{webhooks_default}]
{areas}app-auth = ["gh-actions-runtime/app-auth"]
{webhooks}examples = []

# Not part of the repository's workspace.
[workspace]
"#,
        runtime = runtime.display().to_string(),
        defaults = areas
            .iter()
            .map(|f| format!("{f:?}"))
            .collect::<Vec<_>>()
            .join(", "),
        areas = areas
            .iter()
            .map(|f| format!("{f} = []\n"))
            .collect::<String>(),
    );
    std::fs::write(&manifest_path, manifest)
        .with_context(|| format!("cannot write {}", manifest_path.display()))?;
    // Start from the workspace's lock file so the dependencies are the
    // versions the repository builds with (cargo drops the rest).
    let lock = dir.join("Cargo.lock");
    std::fs::copy(root.join("Cargo.lock"), &lock)
        .with_context(|| format!("cannot write {}", lock.display()))?;
    Ok(removed)
}

/// Every file below `dir`, relative to it with `/` separators.
fn list_files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in
            std::fs::read_dir(&d).with_context(|| format!("cannot list {}", d.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                todo.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                let parts: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
                out.push(parts.join("/"));
            }
        }
    }
    Ok(out)
}

struct Check {
    ok: bool,
    errors: usize,
    /// Wall and CPU time of the timed check.
    times: String,
}

/// `cargo check` in the scratch crate, timed; prints the outcome. The
/// dependencies are brought up to date first, with an empty `lib.rs`, so
/// that the time is the generated code's alone. Incremental compilation is
/// off, as when the crate is someone's dependency.
fn check_crate(root: &Path, dir: &Path, lib_rs: &str) -> Result<Check> {
    let target_dir = root.join("target").join("explore-target");
    std::fs::create_dir_all(&target_dir)
        .with_context(|| format!("cannot create {}", target_dir.display()))?;
    let lib = dir.join("src").join("lib.rs");
    let write_lib = |text: &str| {
        std::fs::write(&lib, text).with_context(|| format!("cannot write {}", lib.display()))
    };
    write_lib("")?;
    let warm = cargo_check(dir, &target_dir)?;
    // Written again, lib.rs is newer than the stub's check: cargo checks the crate.
    write_lib(lib_rs)?;
    if !warm.ok {
        bail!(
            "cargo check of the dependencies failed in {}:\n{}",
            dir.display(),
            warm.stderr
        );
    }
    let deps = warm.dependencies_built();
    if deps > 0 {
        println!(
            "dependencies: {deps} crate(s) built first in {}",
            warm.times()
        );
    }
    let run = cargo_check(dir, &target_dir)?;
    let log = dir.join("check.log");
    std::fs::write(&log, run.stderr.as_bytes())
        .with_context(|| format!("cannot write {}", log.display()))?;

    let blocks = error_blocks(&run.stderr);
    let warnings = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning") && !(l.contains("` (lib)") && l.contains("generated")))
        .count();
    let verdict = if run.ok { "ok" } else { "FAILED" };
    println!(
        "check: {verdict} in {}; {} error(s), {warnings} warning(s) (log: {})",
        run.times(),
        blocks.len(),
        log.display()
    );
    if !run.ok {
        if blocks.is_empty() {
            // Not a compiler error (a manifest or resolution problem): show the tail.
            let tail: Vec<_> = run.stderr.lines().rev().take(20).collect();
            for line in tail.into_iter().rev() {
                println!("  | {line}");
            }
        }
        for block in blocks.iter().take(SHOWN_ERRORS) {
            println!();
            print!("{block}");
        }
        if blocks.len() > SHOWN_ERRORS {
            println!("... and {} more error(s)", blocks.len() - SHOWN_ERRORS);
        }
    }
    Ok(Check {
        ok: run.ok,
        errors: blocks.len(),
        times: run.times(),
    })
}

struct CheckRun {
    ok: bool,
    stderr: String,
    wall: f64,
    /// User and system CPU seconds of cargo and the compilers it ran.
    cpu: Option<(f64, f64)>,
}

impl CheckRun {
    fn times(&self) -> String {
        let cpu = self.cpu.map_or_else(String::new, |(user, sys)| {
            format!(", {:.1} s CPU (user {user:.1} + sys {sys:.1})", user + sys)
        });
        format!("{:.1} s wall{cpu}", self.wall)
    }

    /// How many crates other than the scratch crate were compiled or checked.
    fn dependencies_built(&self) -> usize {
        self.stderr
            .lines()
            .map(str::trim_start)
            .filter(|l| l.starts_with("Compiling ") || l.starts_with("Checking "))
            .filter(|l| !l.contains(" explore-"))
            .count()
    }
}

/// One `cargo check --lib`, under GNU time when it is there.
fn cargo_check(dir: &Path, target_dir: &Path) -> Result<CheckRun> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let times = target_dir.join("explore-time.txt");
    let timed = Path::new(GNU_TIME).exists();
    let mut cmd = if timed {
        let _ = std::fs::remove_file(&times);
        let mut cmd = Command::new(GNU_TIME);
        cmd.arg("-f").arg("%U %S").arg("-o").arg(&times).arg(&cargo);
        cmd
    } else {
        Command::new(&cargo)
    };
    cmd.args(["check", "--lib", "--color", "never"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTC_WRAPPER")
        .stdin(Stdio::null());
    let start = Instant::now();
    let out = cmd
        .output()
        .with_context(|| format!("cannot run cargo check in {}", dir.display()))?;
    let wall = start.elapsed().as_secs_f64();
    let cpu = timed
        .then(|| std::fs::read_to_string(&times).ok())
        .flatten()
        .and_then(|t| {
            // GNU time prints "Command exited with non-zero status N" first on failure.
            let mut it = t.lines().last()?.split_whitespace().map(str::parse::<f64>);
            Some((it.next()?.ok()?, it.next()?.ok()?))
        });
    Ok(CheckRun {
        ok: out.status.success(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        wall,
        cpu,
    })
}

/// The compiler's error diagnostics, each from its `error` line to the blank line after it.
fn error_blocks(stderr: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in stderr.lines() {
        let starts_error = (line.starts_with("error[") || line.starts_with("error:"))
            && !line.starts_with("error: could not compile")
            && !line.starts_with("error: aborting");
        if starts_error {
            blocks.extend(current.take());
            current = Some(String::new());
        } else if line.is_empty() || (line.starts_with("warning") && current.is_some()) {
            blocks.extend(current.take());
        }
        if let Some(block) = current.as_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks.extend(current);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_kinds_blank_the_particulars() {
        assert_eq!(
            message_kind(
                "request body content [\"text/plain\"] is not supported (only application/json)"
            ),
            "request body content […] is not supported (only application/json)"
        );
        assert_eq!(
            message_kind("informational response 101 is not supported"),
            "informational response N is not supported"
        );
        assert_eq!(
            message_kind("parameter `per_page` has no schema"),
            "parameter `…` has no schema"
        );
    }

    #[test]
    fn stems_are_package_names() {
        assert_eq!(
            crate_stem(Path::new("/x/api.github.com.json")),
            "api-github-com"
        );
        assert_eq!(
            crate_stem(Path::new("Petstore_Expanded.yaml")),
            "petstore-expanded"
        );
    }

    #[test]
    fn error_blocks_skip_the_summary() {
        let stderr = "    Checking x v0.0.0\nerror[E0425]: cannot find value `a`\n --> src/lib.rs:1:1\n\nerror: aborting due to 1 previous error\n";
        assert_eq!(
            error_blocks(stderr),
            vec!["error[E0425]: cannot find value `a`\n --> src/lib.rs:1:1\n".to_owned()]
        );
    }
}
