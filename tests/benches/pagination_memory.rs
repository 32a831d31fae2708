//! Pagination memory: stream 10,000 workflow runs over 100 pages of 100
//! through `list_workflow_runs_for_repo(..).per_page(100).stream()` from a
//! loopback server and record the peak heap with a counting global
//! allocator; compare with streaming 1 page (the baseline), and, for
//! context, with collecting all 10,000 runs into a `Vec`.
//!
//! The mock server runs in a child process (this binary started again with
//! `GH_BENCH_PAGINATION_SERVER=1`), so the allocator counts the client
//! alone. Peak heap is the highest live heap during the stream minus the
//! live heap just before it; the client, its connection and the runtime
//! exist before, and a one-page warm-up stream runs first.
//!
//! `cargo bench -p gh-actions-tests --bench pagination_memory`

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use gh_actions_tests::e2e_support::example;
use gh_actions_tests::mock::{MockServer, RecordedRequest, Reply};

const SERVER_ENV: &str = "GH_BENCH_PAGINATION_SERVER";
const PER_PAGE: usize = 100;
const FIRST_ID: i64 = 30_433_642;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static TOTAL: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = CURRENT.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
    TOTAL.fetch_add(by, Ordering::Relaxed);
    COUNT.fetch_add(1, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; the counters are
// plain atomics and never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on to `System`.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What one measured run allocated.
#[derive(Clone, Copy)]
struct Usage {
    peak: usize,
    total: usize,
    allocations: usize,
    retained: usize,
}

fn measure<T>(f: impl FnOnce() -> T) -> (T, Usage) {
    let start = CURRENT.load(Ordering::SeqCst);
    PEAK.store(start, Ordering::SeqCst);
    let total = TOTAL.load(Ordering::SeqCst);
    let count = COUNT.load(Ordering::SeqCst);
    let out = f();
    let usage = Usage {
        peak: PEAK.load(Ordering::SeqCst) - start,
        total: TOTAL.load(Ordering::SeqCst) - total,
        allocations: COUNT.load(Ordering::SeqCst) - count,
        retained: CURRENT.load(Ordering::SeqCst).saturating_sub(start),
    };
    (out, usage)
}

// ---- the server (child process) ----

/// The page body: `{"total_count":..,"workflow_runs":[..]}` with the example
/// run repeated, ids `FIRST_ID + (page - 1) * 100 + i`.
struct Pages {
    prefix: String,
    suffix: String,
}

impl Pages {
    fn new() -> Pages {
        const MARK: i64 = 987_654_321_012_345;
        let mut run = example("workflow-run-paginated")["workflow_runs"][0].clone();
        run["id"] = serde_json::json!(MARK);
        let text = serde_json::to_string(&run).expect("json");
        let (prefix, suffix) = text
            .split_once(&MARK.to_string())
            .expect("the id is in the run");
        Pages {
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
        }
    }

    fn body(&self, page: usize, pages: usize) -> Vec<u8> {
        let mut out = format!("{{\"total_count\":{},\"workflow_runs\":[", pages * PER_PAGE);
        for i in 0..PER_PAGE {
            if i > 0 {
                out.push(',');
            }
            let id = FIRST_ID + ((page - 1) * PER_PAGE + i) as i64;
            let _ = write!(out, "{}{id}{}", self.prefix, self.suffix);
        }
        out.push_str("]}");
        out.into_bytes()
    }
}

fn reply(pages_text: &Pages, req: &RecordedRequest) -> Reply {
    // /repos/octo-org/pages-<P>/actions/runs?per_page=100&page=<n>
    let pages: usize = req
        .path()
        .split('/')
        .find_map(|s| s.strip_prefix("pages-"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let page: usize = req
        .query_param("page")
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    if req.query_param("per_page").as_deref() != Some("100") || page == 0 || page > pages {
        return Reply::json(422, serde_json::json!({"message": "bad page"}));
    }
    let link = |n: usize| {
        format!(
            "<{}{}?per_page={PER_PAGE}&page={n}>",
            req.server_url(),
            req.path()
        )
    };
    let mut links = Vec::new();
    if page < pages {
        links.push(format!("{}; rel=\"next\"", link(page + 1)));
        links.push(format!("{}; rel=\"last\"", link(pages)));
    }
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", link(page - 1)));
        links.push(format!("{}; rel=\"first\"", link(1)));
    }
    let reply = Reply::json_text(200, pages_text.body(page, pages));
    if links.is_empty() {
        reply
    } else {
        reply.link(links.join(", "))
    }
}

fn serve() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("server runtime");
    let pages = Pages::new();
    let server = rt.block_on(MockServer::start(move |req| reply(&pages, req)));
    println!("{}", server.url());
    // Serve until the parent closes stdin.
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    drop(server);
}

// ---- the client (this process) ----

struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn spawn() -> Server {
        let exe = std::env::current_exe().expect("current exe");
        let mut child = Command::new(exe)
            .env(SERVER_ENV, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the server process");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("server url");
        Server {
            child,
            url: line.trim().to_owned(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// Streams `pages` pages and checks every id arrives once, in order,
/// without keeping them.
async fn stream_all(gh: &gh_actions::Client, pages: usize) -> usize {
    let mut runs = gh
        .workflow_runs()
        .list_workflow_runs_for_repo("octo-org", format!("pages-{pages}"))
        .per_page(100)
        .stream();
    let mut expected = FIRST_ID;
    while let Some(run) = runs.try_next().await.expect("stream") {
        assert_eq!(run.id, expected, "ids arrive once and in order");
        expected += 1;
    }
    (expected - FIRST_ID) as usize
}

/// Collects every run of `pages` pages into one `Vec` (what streaming avoids).
async fn collect_all(gh: &gh_actions::Client, pages: usize) -> Vec<gh_actions::types::WorkflowRun> {
    let mut runs = gh
        .workflow_runs()
        .list_workflow_runs_for_repo("octo-org", format!("pages-{pages}"))
        .per_page(100)
        .stream();
    let mut all = Vec::new();
    while let Some(run) = runs.try_next().await.expect("stream") {
        all.push(run);
    }
    all
}

fn mib(bytes: usize) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn main() {
    if std::env::var_os(SERVER_ENV).is_some() {
        serve();
        return;
    }
    let full = common::bench_mode();
    let many = if full { 100 } else { 3 };
    let repeats = if full { 3 } else { 1 };
    let load_before = common::load_average();

    let server = Server::spawn();
    let page_bytes = Pages::new().body(1, 1).len();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let gh = gh_actions::Client::builder()
        .base_url(&server.url)
        .token("bench-token")
        .build()
        .expect("client");
    // Warm-up: connection, lazily initialised statics.
    assert_eq!(rt.block_on(stream_all(&gh, 1)), PER_PAGE);

    let mut one = Vec::new();
    let mut hundred = Vec::new();
    let mut collected = Vec::new();
    for _ in 0..repeats {
        let (n, u) = measure(|| rt.block_on(stream_all(&gh, 1)));
        assert_eq!(n, PER_PAGE);
        one.push(u);
        let (n, u) = measure(|| rt.block_on(stream_all(&gh, many)));
        assert_eq!(n, PER_PAGE * many);
        hundred.push(u);
        let (all, u) = measure(|| {
            let all = rt.block_on(collect_all(&gh, many));
            let n = all.len();
            drop(all);
            n
        });
        assert_eq!(all, PER_PAGE * many);
        collected.push(u);
    }
    drop(gh);
    drop(rt);
    drop(server);

    // The largest of the repeats (they agree within a few KiB).
    let worst = |v: &[Usage]| *v.iter().max_by_key(|u| u.peak).expect("measured");
    let (one, hundred, collected) = (worst(&one), worst(&hundred), worst(&collected));
    let mut out = String::new();
    let _ = writeln!(out, "### Pagination memory (peak heap of the client)\n");
    let _ = writeln!(
        out,
        "{}; load average before the run {load_before}\n",
        common::machine()
    );
    let _ = writeln!(
        out,
        "One page: {PER_PAGE} runs, {} of JSON. Peak = highest live heap during the stream minus the live heap before it; the largest of {repeats} repeats.\n",
        mib(page_bytes)
    );
    let item = std::mem::size_of::<gh_actions::types::WorkflowRun>();
    let _ = writeln!(
        out,
        "`size_of::<WorkflowRun>()` = {item} B, so the `Vec` of one page's runs alone is {} before any string.\n",
        mib(item * PER_PAGE)
    );
    let _ = writeln!(
        out,
        "| scenario | peak heap | ratio to 1 page | allocated in total | allocations | retained after |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for (label, u) in [
        ("stream 1 page (baseline)".to_owned(), one),
        (
            format!("stream {many} pages ({} runs)", many * PER_PAGE),
            hundred,
        ),
        (
            format!("collect {many} pages into a Vec (context)"),
            collected,
        ),
    ] {
        let _ = writeln!(
            out,
            "| {label} | {} | {:.2} | {} | {} | {} B |",
            mib(u.peak),
            u.peak as f64 / one.peak as f64,
            mib(u.total),
            u.allocations,
            u.retained
        );
    }
    println!("\n{out}");
    if full {
        let dir = common::criterion_dir();
        if std::fs::create_dir_all(&dir).is_ok() {
            let path = dir.join("pagination_memory-summary.md");
            let _ = std::fs::write(&path, &out);
            println!("(written to {})", path.display());
        }
    }
}
