//! `cargo xtask build-cost [--runs N] [--skip-clean]`: what the generated
//! crate costs its users to build.
//!
//! - the number of crates in its dependency tree (`cargo tree`), normal
//!   dependencies and normal + build dependencies;
//! - a clean build of the crate with all its dependencies, debug and release;
//! - the crate alone once its dependencies are built (`cargo clean -p
//!   gh-actions`, then `cargo build -p gh-actions`), debug and release, `N`
//!   times (default 3), minimum and median.
//!
//! Everything is built in `target/build-cost/`, so the workspace's own
//! `target/debug` and `target/release` are left alone.

use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PACKAGE: &str = "gh-actions";
/// The generated crate alone must build in under this, debug.
const DEBUG_TARGET: Duration = Duration::from_secs(8);
/// Crates in the dependency tree must stay under this.
const DEPS_TARGET: usize = 110;

struct Options {
    runs: usize,
    skip_clean: bool,
}

fn parse(args: &[&str]) -> Result<Options> {
    let mut options = Options {
        runs: 3,
        skip_clean: false,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--skip-clean" => options.skip_clean = true,
            "--runs" => {
                let n = rest.next().context("--runs needs a number")?;
                options.runs = n
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .with_context(|| format!("--runs {n}: not a positive number"))?;
            }
            other => bail!("build-cost: unknown argument `{other}`\n{USAGE}"),
        }
    }
    Ok(options)
}

/// Usage line of the subcommand.
pub const USAGE: &str = "usage: cargo xtask build-cost [--runs N] [--skip-clean]";

/// Measures and prints the build cost of the generated crate.
pub fn run(root: &Path, args: &[&str]) -> Result<()> {
    let options = parse(args)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target_dir = root.join("target").join("build-cost");
    let ctx = Ctx {
        cargo: cargo.into(),
        root: root.to_path_buf(),
        target_dir,
    };
    let load_before = load_average();

    let normal = ctx.tree_crates("normal")?;
    let with_build = ctx.tree_crates("normal,build")?;
    println!(
        "dependency tree of {PACKAGE}: {} crates (normal), {} crates (normal + build)",
        normal.len(),
        with_build.len()
    );

    let mut rows = Vec::new();
    for release in [false, true] {
        let profile = if release { "release" } else { "debug" };
        let clean = if options.skip_clean {
            // Dependencies must be built before the crate alone is timed.
            ctx.build(release)?;
            None
        } else {
            ctx.cargo(&[
                "clean",
                "--profile",
                if release { "release" } else { "dev" },
            ])?;
            let took = ctx.build(release)?;
            println!("{profile}: clean build with dependencies {}", secs(took));
            Some(took)
        };
        let mut alone = Vec::new();
        for i in 0..options.runs {
            let mut args = vec!["clean", "-p", PACKAGE];
            if release {
                args.push("--release");
            }
            ctx.cargo(&args)?;
            let took = ctx.build(release)?;
            println!(
                "{profile}: {PACKAGE} alone, run {}/{}: {}",
                i + 1,
                options.runs,
                secs(took)
            );
            alone.push(took);
        }
        alone.sort();
        rows.push((profile, clean, alone));
    }

    println!();
    println!("## Build cost of `{PACKAGE}`");
    println!();
    println!(
        "{}; load average {load_before} before, {} after",
        machine(),
        load_average()
    );
    println!();
    println!("| measurement | value | target |");
    println!("|---|---|---|");
    println!(
        "| crates in the dependency tree (normal) | {} | < {DEPS_TARGET}: {} |",
        normal.len(),
        verdict(normal.len() < DEPS_TARGET)
    );
    println!(
        "| crates in the dependency tree (normal + build) | {} | - |",
        with_build.len()
    );
    for (profile, clean, alone) in &rows {
        let min = alone[0];
        let median = alone[alone.len() / 2];
        let target = if *profile == "debug" {
            format!(
                "< {} s: {}",
                DEBUG_TARGET.as_secs(),
                verdict(median < DEBUG_TARGET)
            )
        } else {
            "-".to_owned()
        };
        println!(
            "| {PACKAGE} alone, {profile} (median of {}, min {}) | {} | {target} |",
            alone.len(),
            secs(min),
            secs(median)
        );
        if let Some(clean) = clean {
            println!(
                "| clean build with dependencies, {profile} | {} | - |",
                secs(*clean)
            );
        }
    }
    Ok(())
}

struct Ctx {
    cargo: PathBuf,
    root: PathBuf,
    target_dir: PathBuf,
}

impl Ctx {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.cargo);
        cmd.current_dir(&self.root)
            .args(args)
            .env("CARGO_TARGET_DIR", &self.target_dir)
            .env_remove("RUSTC_WRAPPER");
        cmd
    }

    /// Runs cargo quietly; on failure shows what it printed.
    fn cargo(&self, args: &[&str]) -> Result<()> {
        let out = self
            .command(args)
            .stdin(Stdio::null())
            .output()
            .with_context(|| format!("cannot run cargo {}", args.join(" ")))?;
        if !out.status.success() {
            bail!(
                "cargo {} failed:\n{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    }

    /// `cargo build -p gh-actions --lib [--release]`, timed.
    fn build(&self, release: bool) -> Result<Duration> {
        let mut args = vec!["build", "-p", PACKAGE, "--lib"];
        if release {
            args.push("--release");
        }
        let start = Instant::now();
        self.cargo(&args)?;
        Ok(start.elapsed())
    }

    /// The distinct crates (`name vX.Y.Z`) below the package for these edge kinds.
    fn tree_crates(&self, edges: &str) -> Result<BTreeSet<String>> {
        let args = [
            "tree", "-p", PACKAGE, "--edges", edges, "--prefix", "none", "--color", "never",
        ];
        let out = self
            .command(&args)
            .stdin(Stdio::null())
            .output()
            .context("cannot run cargo tree")?;
        if !out.status.success() {
            bail!(
                "cargo tree failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let text = String::from_utf8(out.stdout).context("cargo tree output is not UTF-8")?;
        let mut crates = BTreeSet::new();
        for line in text.lines().skip(1) {
            // `name vX.Y.Z (path) (*)`, `name vX.Y.Z (proc-macro)`: keep name and version.
            let mut words = line.split_whitespace();
            if let (Some(name), Some(version)) = (words.next(), words.next()) {
                crates.insert(format!("{name} {version}"));
            }
        }
        Ok(crates)
    }
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "missed" }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    format!("nproc {cpus}, {model}")
}
