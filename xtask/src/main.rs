//! `cargo xtask codegen [--check]`: regenerate `generated/` from `spec/`, the
//! wire tests in `tests/tests/wire/generated/` from `spec/` too, and the
//! snapshot fixtures' modules in `tests/src/fixtures/` from `tests/fixtures/`.
//!
//! `cargo xtask build-cost`: dependency count and build times of the generated
//! crate, beside progenitor's output for the same operations (see `build_cost.rs`
//! and `progenitor.rs`).
//!
//! `cargo xtask explore <document> [--keep DIR] [--no-check]`: generate and
//! check a client crate for any OpenAPI 3.0 document (see `explore.rs`).
//!
//! `cargo xtask decode-peer [--rounds N]`: the decode benchmark's pages decoded
//! into the generated types and into octocrab's models, in a scratch crate
//! outside the workspace (see `decode_peer.rs`).
//!
//! `cargo xtask audit [--operation ID]`: the spec against GitHub's published description
//! (see `audit/mod.rs`).

mod audit;
mod build_cost;
mod decode_peer;
mod explore;
mod progenitor;
mod scratch;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        ["build-cost", rest @ ..] => build_cost::run(&repo_root()?, rest),
        ["explore", rest @ ..] => explore::run(&repo_root()?, rest),
        ["decode-peer", rest @ ..] => decode_peer::run(&repo_root()?, rest),
        ["audit"] => run_audit(None),
        ["audit", "--operation", id] => run_audit(Some(id)),
        _ => bail!(
            "usage: cargo xtask codegen [--check]\n       cargo xtask audit [--operation ID]\n{}\n{}\n{}",
            build_cost::USAGE,
            explore::USAGE,
            decode_peer::USAGE
        ),
    }
}

fn repo_root() -> Result<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map(Path::to_path_buf)
        .context("xtask has no parent directory")
}

fn codegen(check: bool) -> Result<()> {
    let start = Instant::now();
    let root = repo_root()?;
    let layout = generator::Layout::repo(&root);
    let project = generator::generate_project(&layout)?;
    let generated = project.client;
    let report = generator::render::ensure_files(&layout.out, &generated.files, check)?;
    let wire_report =
        generator::render::ensure_files(&layout.wire_tests, &project.wire_tests, check)?;
    // The snapshot fixtures are generated modules of the tests crate.
    let fixtures = generator::fixtures::generate_fixtures(&root.join("tests/fixtures"))?;
    let specs = fixtures
        .keys()
        .filter(|rel| rel.matches('/').count() == 1 && rel.ends_with("/mod.rs"))
        .count();
    let fixture_report =
        generator::render::ensure_files(&root.join("tests/src/fixtures"), &fixtures, check)?;
    let elapsed = start.elapsed();
    let verb = if check { "checked" } else { "wrote" };
    println!(
        "codegen: {} operations, {} types; {verb} {} file(s), {} unchanged, {} removed; \
         {specs} fixtures: {verb} {} file(s), {} unchanged, {} removed; \
         wire tests: {verb} {} file(s), {} unchanged, {} removed ({:.0} ms)",
        generated.operations,
        generated.types,
        report.written.len(),
        report.unchanged,
        report.removed.len(),
        fixture_report.written.len(),
        fixture_report.unchanged,
        fixture_report.removed.len(),
        wire_report.written.len(),
        wire_report.unchanged,
        wire_report.removed.len(),
        elapsed.as_secs_f64() * 1000.0
    );
    Ok(())
}

/// Prints the audit report; fails when a difference is not listed or an entry is stale.
fn run_audit(only: Option<&str>) -> Result<()> {
    let start = Instant::now();
    let inputs = audit::Inputs::load(&repo_root()?)?;
    let outcome = audit::audit(&inputs, only)?;
    let elapsed = start.elapsed();
    if let Some(id) = only {
        let found = outcome.compared.values().any(|ops| ops.contains(id));
        if !found && outcome.differences.is_empty() {
            bail!("no operation `{id}` in the spec or upstream");
        }
    }
    print!("{}", audit::report::render(&outcome));
    println!("\naudit: {:.0} ms", elapsed.as_secs_f64() * 1000.0);
    let unlisted = outcome.unlisted().count();
    if unlisted > 0 || !outcome.stale.is_empty() {
        bail!(
            "{unlisted} difference(s) from upstream not in {} and {} stale entry part(s) (see the report above)",
            audit::DEVIATIONS_FILE,
            outcome.stale.len()
        );
    }
    Ok(())
}
