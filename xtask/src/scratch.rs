//! The scratch crates the benchmark and explore commands write under
//! `target/`: each manifest starts with a marker line naming its command,
//! and a directory whose manifest lacks it is never overwritten.

use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::{Command, Stdio};

/// Fails when the manifest at `manifest` exists and does not start with
/// `marker`, the first line `command` writes.
pub fn check(manifest: &Path, marker: &str, command: &str) -> Result<()> {
    if let Ok(existing) = std::fs::read_to_string(manifest)
        && !existing.starts_with(marker)
    {
        bail!(
            "{} is not a scratch crate of `cargo xtask {command}`; not overwriting it",
            manifest.display()
        );
    }
    Ok(())
}

/// `program` set to run in the scratch crate `dir`, building into
/// `target_dir`, without a compiler wrapper or standard input.
pub fn command(program: &Path, dir: &Path, target_dir: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("RUSTC_WRAPPER")
        .stdin(Stdio::null());
    cmd
}

/// Runs cargo quietly in a scratch crate; on failure shows what it printed.
pub fn run_cargo(cargo: &Path, dir: &Path, target_dir: &Path, args: &[&str]) -> Result<()> {
    let out = command(cargo, dir, target_dir)
        .args(args)
        .output()
        .with_context(|| format!("cannot run cargo {}", args.join(" ")))?;
    if !out.status.success() {
        bail!(
            "cargo {} failed in {}:\n{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}
