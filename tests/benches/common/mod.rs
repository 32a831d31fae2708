//! Shared by the benchmark binaries: criterion set-up, the machine line and
//! the table of ratios against each benchmark's baseline in the same run.

#![allow(dead_code)]

use criterion::Criterion;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

static START: OnceLock<SystemTime> = OnceLock::new();

/// The repository root.
pub fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// Where criterion keeps its results: `$CARGO_TARGET_DIR/criterion`, else
/// `target/criterion` at the repository root.
pub fn criterion_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("criterion"),
        None => repo_root().join("target").join("criterion"),
    }
}

/// True under `cargo bench`; `cargo test --benches` runs each benchmark once
/// without `--bench`, and no summary is printed then.
pub fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// A criterion with short, fixed timings (the whole suite runs in minutes).
pub fn criterion() -> Criterion {
    START.get_or_init(SystemTime::now);
    Criterion::default()
        .output_directory(&criterion_dir())
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args()
}

/// `nproc`, the CPU model and the load average, for the results table.
pub fn machine() -> String {
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
    format!("nproc {cpus}, {model}, load average {}", load_average())
}

/// The 1, 5 and 15 minute load averages from `/proc/loadavg`.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// Criterion's point estimate (the middle value of `time:`) for benchmark
/// `id` (`group/function`), in nanoseconds per iteration; `None` when it was
/// not measured by this process.
pub fn estimate_ns(id: &str) -> Option<f64> {
    let path = criterion_dir().join(id).join("new").join("estimates.json");
    let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
    if modified < *START.get()? {
        return None;
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    let pick = |name: &str| json.get(name)?.get("point_estimate")?.as_f64();
    pick("slope").or_else(|| pick("mean"))
}

/// A human reading of a duration in nanoseconds.
pub fn fmt_ns(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// One line of a results table: a benchmark, the baseline it is compared
/// with, and how many operations one iteration holds.
pub struct Row {
    pub label: &'static str,
    pub id: &'static str,
    pub baseline: Option<&'static str>,
    /// Operations per iteration and their name, for a per-operation time.
    pub per: Option<(f64, &'static str)>,
}

/// Prints a Markdown table of the rows measured by this run and writes it to
/// `target/criterion/<name>-summary.md`.
pub fn report(name: &str, title: &str, rows: &[Row]) {
    if !bench_mode() {
        return;
    }
    let mut out = String::new();
    let _ = writeln!(out, "### {title}\n");
    let _ = writeln!(out, "{}\n", machine());
    let _ = writeln!(
        out,
        "| benchmark | time / iteration | per operation | baseline | ratio |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for row in rows {
        let Some(ns) = estimate_ns(row.id) else {
            continue;
        };
        let per = row
            .per
            .map(|(n, what)| format!("{} / {what}", fmt_ns(ns / n)))
            .unwrap_or_else(|| "-".to_owned());
        let (baseline, ratio) = match row.baseline.and_then(|b| Some((b, estimate_ns(b)?))) {
            Some((b, base)) => (
                format!("`{b}` {}", fmt_ns(base)),
                format!("{:.3}", ns / base),
            ),
            None => ("-".to_owned(), "-".to_owned()),
        };
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} | {per} | {baseline} | {ratio} |",
            row.label,
            row.id,
            fmt_ns(ns)
        );
    }
    println!("\n{out}");
    let path = criterion_dir().join(format!("{name}-summary.md"));
    if std::fs::create_dir_all(criterion_dir()).is_ok() {
        let _ = std::fs::write(&path, &out);
        println!("(written to {})", path.display());
    }
}
