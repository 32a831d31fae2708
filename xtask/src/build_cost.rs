//! `cargo xtask build-cost [--runs N] [--skip-clean] [--skip-peer]`: what the
//! generated crate costs its users to build, beside progenitor's output for
//! the same operations.
//!
//! - the number of crates in its dependency tree (`cargo tree`), normal
//!   dependencies and normal + build dependencies;
//! - a clean build of the crate with all its dependencies, debug and release
//!   (not with `--skip-clean`);
//! - the crate alone once its dependencies are built (`cargo clean -p
//!   gh-actions`, then `cargo build -p gh-actions --lib`), debug and release,
//!   `N` times (default 3), minimum and median, wall clock and CPU (user +
//!   system of cargo and the compilers it runs, from `/usr/bin/time` where
//!   it exists: contention on a shared machine disturbs it much less);
//! - the generator's time over `spec/actions.yaml` (`generator::generate_str`
//!   on the text in memory: load, model, emit, render), minimum of
//!   [`CODEGEN_REPS`], and per operation.
//!
//! Unless `--skip-peer`, the same for progenitor 0.15.1 on GitHub's published
//! description of the same operations ([`progenitor::REFERENCE`]), in the same run
//! (see `progenitor.rs` for its scratch crates): the operations progenitor cannot
//! generate are dropped and named; its generation (parse, `generate_tokens`
//! and prettyplease; minimum of [`CODEGEN_REPS`]) is timed by the generator
//! binary; its output crate alone is built the same way as ours, the two
//! alternating run by run (ours, progenitor's, ours, ...) so that a change
//! of load hits both. A Markdown table gives both sides and the ratios, also
//! per operation since progenitor generates fewer of them.
//!
//! Everything is built in `target/build-cost/`, so the workspace's own
//! `target/debug` and `target/release` are left alone.

use crate::progenitor::{self, Peer};
use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const PACKAGE: &str = "gh-actions";
/// The generated crate alone must build in under this, debug.
const DEBUG_TARGET: Duration = Duration::from_secs(8);
/// Crates in the dependency tree must stay under this.
const DEPS_TARGET: usize = 110;
/// Timed generations of each generator; the minimum is kept.
const CODEGEN_REPS: usize = 10;
const GNU_TIME: &str = "/usr/bin/time";
/// Builds of a crate alone that may go to waste when its dependencies change meanwhile.
const ALONE_ATTEMPTS: usize = 3;

struct Options {
    runs: usize,
    skip_clean: bool,
    skip_peer: bool,
    /// An area (cargo feature) to build alone beside all areas, debug.
    area: Option<String>,
}

fn parse(args: &[&str]) -> Result<Options> {
    let mut options = Options {
        runs: 3,
        skip_clean: false,
        skip_peer: false,
        area: None,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--skip-clean" => options.skip_clean = true,
            "--skip-peer" => options.skip_peer = true,
            "--area" => {
                let area = rest.next().context("--area needs an area's feature name")?;
                options.area = Some((*area).to_owned());
            }
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
pub const USAGE: &str =
    "usage: cargo xtask build-cost [--runs N] [--skip-clean] [--skip-peer] [--area FEATURE]";

/// The crate-alone builds of one profile: ours, and progenitor's when measured.
struct ProfileRows {
    profile: &'static str,
    clean: Option<Timing>,
    ours: Vec<Timing>,
    peer: Vec<Timing>,
}

/// Measures and prints the build cost of the generated crate.
pub fn run(root: &Path, args: &[&str]) -> Result<()> {
    let options = parse(args)?;
    let cargo: PathBuf = std::env::var_os("CARGO")
        .unwrap_or_else(|| "cargo".into())
        .into();
    let ours = Crate {
        cargo: cargo.clone(),
        package: PACKAGE,
        dir: root.to_path_buf(),
        target_dir: root.join("target").join("build-cost"),
        features: None,
    };
    let load_before = load_average();

    let normal = ours.tree_crates("normal")?;
    let with_build = ours.tree_crates("normal,build")?;
    println!(
        "dependency tree of {PACKAGE}: {} crates (normal), {} crates (normal + build)",
        normal.len(),
        with_build.len()
    );

    let codegen = our_codegen(root)?;
    println!(
        "codegen ({}): {} operations, {} lines, {:.1} ms (min of {CODEGEN_REPS}), {:.2} ms per operation",
        build_profile(),
        codegen.operations,
        codegen.lines,
        codegen.ms,
        codegen.ms / codegen.operations as f64
    );

    let peer = if options.skip_peer {
        None
    } else {
        let peer = progenitor::prepare(root, &cargo, CODEGEN_REPS)?;
        for d in &peer.dropped {
            println!("progenitor: dropped {}: {}", d.id, d.reason);
        }
        println!(
            "codegen (progenitor, {}): {} of {} operations, {} lines, {:.1} ms (min of {}: parse {:.1}, generate_tokens {:.1}, prettyplease {:.1}), {:.2} ms per operation",
            build_profile(),
            peer.operations,
            peer.operations_in_document,
            peer.lines,
            peer.total_ms,
            peer.repetitions,
            peer.parse_ms,
            peer.generate_ms,
            peer.format_ms,
            peer.total_ms / peer.operations as f64
        );
        Some(peer)
    };
    let theirs = peer.as_ref().map(|p| Crate {
        cargo: cargo.clone(),
        package: progenitor::OUT_PACKAGE,
        dir: p.dir.clone(),
        target_dir: p.target_dir.clone(),
        features: None,
    });

    let mut rows = Vec::new();
    for release in [false, true] {
        let profile = if release { "release" } else { "debug" };
        let clean = if options.skip_clean {
            // Dependencies must be built before the crate alone is timed.
            ours.build(release)?;
            None
        } else {
            ours.cargo(&[
                "clean",
                "--profile",
                if release { "release" } else { "dev" },
            ])?;
            let took = ours.build(release)?;
            println!("{profile}: clean build with dependencies {took}");
            Some(took)
        };
        if let Some(theirs) = &theirs {
            let took = theirs.build(release)?;
            println!(
                "{profile}: {} with dependencies built in {took}",
                theirs.package
            );
        }
        let mut row = ProfileRows {
            profile,
            clean,
            ours: Vec::new(),
            peer: Vec::new(),
        };
        // Alternating, so that a change of load hits both sides.
        for i in 0..options.runs {
            for (side, times) in [
                (Some(&ours), &mut row.ours),
                (theirs.as_ref(), &mut row.peer),
            ] {
                let Some(side) = side else { continue };
                let took = side.alone(release)?;
                println!(
                    "{profile}: {} alone, run {}/{}: {took}",
                    side.package,
                    i + 1,
                    options.runs
                );
                times.push(took);
            }
        }
        rows.push(row);
    }
    let load_after = load_average();

    println!();
    println!("## Build cost of `{PACKAGE}`");
    println!();
    println!(
        "{}; load average {load_before} before, {load_after} after",
        machine(),
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
    for row in &rows {
        let wall = Summary::of(&row.ours, |t| Some(t.wall)).context("no runs")?;
        let target = if row.profile == "debug" {
            format!(
                "< {} s: {}",
                DEBUG_TARGET.as_secs(),
                verdict(wall.median < DEBUG_TARGET)
            )
        } else {
            "-".to_owned()
        };
        println!(
            "| {PACKAGE} alone, {} (median of {}, min {}) | {} | {target} |",
            row.profile,
            row.ours.len(),
            secs(wall.min),
            secs(wall.median)
        );
        if let Some(clean) = row.clean {
            println!(
                "| clean build with dependencies, {} | {} | - |",
                row.profile,
                secs(clean.wall)
            );
        }
    }

    if let Some(peer) = &peer {
        print_comparison(&codegen, peer, &rows, &load_before, &load_after);
    }
    if let Some(area) = &options.area {
        one_area(&ours, area, options.runs)?;
    }
    Ok(())
}

/// The crate alone, debug, with only `area`'s feature beside all areas, the two
/// alternating run by run in the same target directory.
fn one_area(all: &Crate, area: &str, runs: usize) -> Result<()> {
    let alone = Crate {
        cargo: all.cargo.clone(),
        package: all.package,
        dir: all.dir.clone(),
        target_dir: all.target_dir.join("one-area"),
        features: Some(area.to_owned()),
    };
    // Dependencies first, so that only the crate is timed.
    alone.build(false)?;
    let (mut with_all, mut with_one) = (Vec::new(), Vec::new());
    for i in 0..runs {
        for (side, times) in [(all, &mut with_all), (&alone, &mut with_one)] {
            let took = side.alone(false)?;
            let label = side.features.as_deref().unwrap_or("all areas");
            println!(
                "debug: {PACKAGE} alone with {label}, run {}/{runs}: {took}",
                i + 1
            );
            times.push(took);
        }
    }
    let all_wall = Summary::of(&with_all, |t| Some(t.wall)).context("no runs")?;
    let one_wall = Summary::of(&with_one, |t| Some(t.wall)).context("no runs")?;
    let cpu = |runs: &[Timing]| Summary::of(runs, |t| t.cpu).map(|s| s.median);
    println!();
    println!("## One area alone, debug, same run");
    println!();
    println!("| measurement | all areas | `{area}` alone | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| {PACKAGE} alone, wall (median of {runs}) | {} | {} | {:.2} |",
        secs(all_wall.median),
        secs(one_wall.median),
        one_wall.median.as_secs_f64() / all_wall.median.as_secs_f64()
    );
    if let (Some(a), Some(o)) = (cpu(&with_all), cpu(&with_one)) {
        println!(
            "| {PACKAGE} alone, CPU (median of {runs}) | {} | {} | {:.2} |",
            secs(a),
            secs(o),
            o.as_secs_f64() / a.as_secs_f64()
        );
    }
    Ok(())
}

/// The side-by-side table with progenitor, and the operations it dropped.
fn print_comparison(
    codegen: &Codegen,
    peer: &Peer,
    rows: &[ProfileRows],
    load_before: &str,
    load_after: &str,
) {
    let ours_ops = codegen.operations as f64;
    let peer_ops = peer.operations as f64;
    println!();
    println!("## `{PACKAGE}` beside progenitor 0.15.1, same run");
    println!();
    println!(
        "{}; load average {load_before} before, {load_after} after. \
         Ours: `spec/actions.yaml`, {} operations. progenitor: `{}`, {} of its {} operations \
         ({} dropped, below). Codegen: {} builds of both generators, minimum of {CODEGEN_REPS}. \
         Crate alone: `cargo clean -p`, then `cargo build --lib`, dependencies built, \
         the two crates alternating; CPU is user + system of cargo and rustc.",
        machine(),
        codegen.operations,
        progenitor::REFERENCE,
        peer.operations,
        peer.operations_in_document,
        peer.dropped.len(),
        build_profile(),
    );
    println!();
    println!(
        "| measurement | {PACKAGE} | progenitor 0.15.1 | ratio (ours / progenitor) | ratio per operation |"
    );
    println!("|---|---|---|---|---|");
    println!(
        "| operations | {} | {} | {:.3} | - |",
        codegen.operations,
        peer.operations,
        ours_ops / peer_ops
    );
    println!(
        "| lines of Rust generated | {} | {} | {:.2} | {:.2} |",
        codegen.lines,
        peer.lines,
        codegen.lines as f64 / peer.lines as f64,
        (codegen.lines as f64 / ours_ops) / (peer.lines as f64 / peer_ops)
    );
    println!(
        "| codegen, ms per run (per operation) | {:.1} ms ({:.2} ms) | {:.1} ms ({:.2} ms) | {:.2} | {:.2} |",
        codegen.ms,
        codegen.ms / ours_ops,
        peer.total_ms,
        peer.total_ms / peer_ops,
        codegen.ms / peer.total_ms,
        (codegen.ms / ours_ops) / (peer.total_ms / peer_ops)
    );
    for row in rows {
        let measures: [(&str, Measure); 2] = [("CPU", |t| t.cpu), ("wall", |t| Some(t.wall))];
        for (what, pick) in measures {
            let (Some(ours), Some(theirs)) =
                (Summary::of(&row.ours, pick), Summary::of(&row.peer, pick))
            else {
                continue;
            };
            let ratio = ours.median.as_secs_f64() / theirs.median.as_secs_f64();
            println!(
                "| crate alone, {}, {what} (median of {}; min) | {} ({}) | {} ({}) | {ratio:.2} | {:.2} |",
                row.profile,
                row.ours.len(),
                secs(ours.median),
                secs(ours.min),
                secs(theirs.median),
                secs(theirs.min),
                ratio * peer_ops / ours_ops
            );
        }
    }
    println!();
    if peer.dropped.is_empty() {
        println!("Dropped for progenitor: none.");
    } else {
        println!(
            "Dropped for progenitor ({} of {}; each fails when generated alone):",
            peer.dropped.len(),
            peer.operations_in_document
        );
        println!();
        for d in &peer.dropped {
            println!("- `{}`: {}", d.id, d.reason);
        }
    }
}

/// Our generator over `spec/actions.yaml`.
struct Codegen {
    operations: usize,
    lines: usize,
    /// Minimum over [`CODEGEN_REPS`], in ms.
    ms: f64,
}

/// `generator::generate_str` on the spec's text, timed [`CODEGEN_REPS`] times.
fn our_codegen(root: &Path) -> Result<Codegen> {
    let layout = generator::Layout::repo(root);
    let text = std::fs::read_to_string(&layout.spec)
        .with_context(|| format!("cannot read {}", layout.spec.display()))?;
    let name = layout.spec.display().to_string();
    let target = generator::Target::client_crate();
    let mut best = Duration::MAX;
    let mut generated = None;
    for _ in 0..CODEGEN_REPS {
        let start = Instant::now();
        let g = generator::generate_str(&name, &text, &target)
            .with_context(|| format!("{name}: generation failed"))?;
        best = best.min(start.elapsed());
        generated = Some(g);
    }
    let generated = generated.context("no generation")?;
    let lines = generated
        .files
        .iter()
        .filter(|(rel, _)| rel.ends_with(".rs"))
        .map(|(_, text)| text.lines().count())
        .sum();
    Ok(Codegen {
        operations: generated.operations,
        lines,
        ms: best.as_secs_f64() * 1000.0,
    })
}

/// The profile xtask (and so both generators) was built in.
fn build_profile() -> &'static str {
    if cfg!(debug_assertions) {
        "debug (use `cargo run -p xtask --release` for representative codegen times)"
    } else {
        "release"
    }
}

/// One timed cargo run: wall clock, and CPU where GNU time is there.
#[derive(Clone, Copy)]
struct Timing {
    wall: Duration,
    /// User + system time of cargo and its children.
    cpu: Option<Duration>,
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", secs(self.wall))?;
        if let Some(cpu) = self.cpu {
            write!(f, " wall, {} CPU", secs(cpu))?;
        }
        Ok(())
    }
}

/// Picks one measure of a run.
type Measure = fn(&Timing) -> Option<Duration>;

/// Minimum and median of one measure over several runs.
struct Summary {
    min: Duration,
    median: Duration,
}

impl Summary {
    /// `None` when there are no runs or a run lacks the measure.
    fn of(runs: &[Timing], pick: Measure) -> Option<Summary> {
        let mut values: Vec<Duration> = runs.iter().map(pick).collect::<Option<_>>()?;
        values.sort();
        Some(Summary {
            min: *values.first()?,
            median: values[values.len() / 2],
        })
    }
}

/// A package to build: its project directory and target directory.
struct Crate {
    cargo: PathBuf,
    package: &'static str,
    dir: PathBuf,
    target_dir: PathBuf,
    /// Only these features (`--no-default-features --features ..`); `None` for the defaults.
    features: Option<String>,
}

impl Crate {
    fn command(&self, program: &Path) -> Command {
        crate::scratch::command(program, &self.dir, &self.target_dir)
    }

    /// Runs cargo quietly; on failure shows what it printed.
    fn cargo(&self, args: &[&str]) -> Result<()> {
        crate::scratch::run_cargo(&self.cargo, &self.dir, &self.target_dir, args)
    }

    /// `cargo build -p <package> --lib [--release]`, timed (under GNU time
    /// when it is there, for the CPU time).
    fn build(&self, release: bool) -> Result<Timing> {
        Ok(self.timed_build(release)?.0)
    }

    /// [`Crate::build`], and the other crates cargo compiled on the way.
    fn timed_build(&self, release: bool) -> Result<(Timing, Vec<String>)> {
        let mut args = vec!["build", "-p", self.package, "--lib", "--color", "never"];
        if release {
            args.push("--release");
        }
        if let Some(features) = &self.features {
            args.extend(["--no-default-features", "--features", features.as_str()]);
        }
        let timed = Path::new(GNU_TIME).exists();
        let times = self.target_dir.join("build-cost-time.txt");
        let mut cmd = if timed {
            std::fs::create_dir_all(&self.target_dir)
                .with_context(|| format!("cannot create {}", self.target_dir.display()))?;
            let _ = std::fs::remove_file(&times);
            let mut cmd = self.command(Path::new(GNU_TIME));
            cmd.arg("-f")
                .arg("%U %S")
                .arg("-o")
                .arg(&times)
                .arg(&self.cargo);
            cmd
        } else {
            self.command(&self.cargo)
        };
        cmd.args(&args);
        let start = Instant::now();
        let out = cmd
            .output()
            .with_context(|| format!("cannot run cargo {}", args.join(" ")))?;
        let wall = start.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            bail!(
                "cargo {} failed in {}:\n{stderr}",
                args.join(" "),
                self.dir.display(),
            );
        }
        let cpu = if timed {
            let text = std::fs::read_to_string(&times)
                .with_context(|| format!("GNU time wrote no {}", times.display()))?;
            let mut words = text.lines().last().unwrap_or("").split_whitespace();
            let mut next = || words.next().and_then(|w| w.parse::<f64>().ok());
            match (next(), next()) {
                (Some(user), Some(sys)) => Some(Duration::from_secs_f64(user + sys)),
                _ => bail!("cannot read GNU time's output: {text}"),
            }
        } else {
            None
        };
        // `Compiling name vX.Y.Z (...)`
        let others = stderr
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("Compiling "))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|name| *name != self.package)
            .map(str::to_owned)
            .collect();
        Ok((Timing { wall, cpu }, others))
    }

    /// The crate alone: `cargo clean -p <package> [--release]`, then a timed
    /// build. A build that had to compile other crates too (a dependency
    /// edited meanwhile, in a shared working tree) does not count: it is
    /// repeated, up to [`ALONE_ATTEMPTS`] times.
    fn alone(&self, release: bool) -> Result<Timing> {
        let mut args = vec!["clean", "-p", self.package];
        if release {
            args.push("--release");
        }
        for attempt in 1..=ALONE_ATTEMPTS {
            self.cargo(&args)?;
            let (timing, others) = self.timed_build(release)?;
            if others.is_empty() {
                return Ok(timing);
            }
            println!(
                "  ({} built {} too, attempt {attempt}/{ALONE_ATTEMPTS}: not counted)",
                self.package,
                others.join(", ")
            );
        }
        bail!(
            "{}: its dependencies kept changing; no build of the crate alone in {ALONE_ATTEMPTS} attempts",
            self.package
        )
    }

    /// The distinct crates (`name vX.Y.Z`) below the package for these edge kinds.
    fn tree_crates(&self, edges: &str) -> Result<BTreeSet<String>> {
        let args = [
            "tree",
            "-p",
            self.package,
            "--edges",
            edges,
            "--prefix",
            "none",
            "--color",
            "never",
        ];
        let out = self
            .command(&self.cargo)
            .args(args)
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
