//! The scratch crates the benchmark and explore commands write under
//! `target/`: each manifest starts with a marker line naming its command,
//! and a directory whose manifest lacks it is never overwritten.

use anyhow::{Result, bail};
use std::path::Path;

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
