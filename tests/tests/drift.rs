//! The committed generated files are exactly what the generator makes now:
//! `generated/` and `tests/tests/wire/generated/` from `spec/`, and
//! `tests/src/fixtures/` from `tests/fixtures/`.
//! A failure names each stale file; `cargo xtask codegen` fixes them all.

use generator::render::ensure_files;
use generator::{Layout, fixtures::generate_fixtures, generate_crate, generate_project};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| panic!("the tests crate has no parent directory"))
}

fn crate_files(root: &Path) -> BTreeMap<String, String> {
    generate_crate(&Layout::repo(root))
        .unwrap_or_else(|e| panic!("generating the client crate failed:\n{e}"))
        .files
}

fn fixture_files(root: &Path) -> BTreeMap<String, String> {
    generate_fixtures(&root.join("tests/fixtures"))
        .unwrap_or_else(|e| panic!("generating the fixture modules failed:\n{e}"))
}

/// Compares `files` with `dir` on disk, writing nothing (the `--check` of the xtask).
fn assert_up_to_date(dir: &Path, files: &BTreeMap<String, String>) {
    if let Err(stale) = ensure_files(dir, files, true) {
        // Names each stale file and ends with the command that fixes them.
        panic!("{stale}");
    }
}

#[test]
fn generated_crate_is_up_to_date_with_the_spec() {
    let root = repo_root();
    assert_up_to_date(&root.join("generated"), &crate_files(&root));
}

#[test]
fn wire_tests_are_up_to_date_with_the_spec() {
    let root = repo_root();
    let layout = Layout::repo(&root);
    let project = generate_project(&layout)
        .unwrap_or_else(|e| panic!("generating the wire tests failed:\n{e}"));
    assert!(project.wire_tests.contains_key("mod.rs"));
    assert_up_to_date(&layout.wire_tests, &project.wire_tests);
    assert!(
        project.client.files == crate_files(&root),
        "the client crate generated with the wire tests differs from the one generated alone"
    );
}

#[test]
fn fixture_modules_are_up_to_date_with_the_fixture_specs() {
    let root = repo_root();
    assert_up_to_date(&root.join("tests/src/fixtures"), &fixture_files(&root));
}

#[test]
fn generation_is_deterministic() {
    let root = repo_root();
    let (first, second) = (crate_files(&root), crate_files(&root));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (rel, text) in &first {
        assert!(second[rel] == *text, "two runs made different `{rel}`");
    }
    let (first, second) = (fixture_files(&root), fixture_files(&root));
    assert!(first == second, "two runs made different fixture modules");
}

/// Files are emitted and rendered on several threads, each taking the next
/// file: the text is what emitting and rendering them one by one makes.
#[test]
fn emitting_on_several_threads_makes_the_same_files_as_one_by_one() {
    let root = repo_root();
    let layout = Layout::repo(&root);
    let loaded = generator::load::load_file(&layout.spec).unwrap_or_else(|e| panic!("{e:?}"));
    let model = generator::model::build(&loaded).unwrap_or_else(|e| panic!("{e:?}"));
    let target = generator::Target::client_crate();
    let one_by_one: BTreeMap<String, String> = generator::emit::emit(&model, &target)
        .into_iter()
        .map(|(rel, tokens)| {
            let text = generator::render::rust_file(&rel, tokens).unwrap_or_else(|e| panic!("{e}"));
            (rel, text)
        })
        .collect();
    let threaded =
        generator::emit::emit_rendered(&model, &target).unwrap_or_else(|e| panic!("{e}"));
    assert!(one_by_one.len() > 20, "only {} files", one_by_one.len());
    assert_eq!(
        one_by_one.keys().collect::<Vec<_>>(),
        threaded.keys().collect::<Vec<_>>()
    );
    for (rel, text) in &one_by_one {
        assert!(
            threaded[rel] == *text,
            "`{rel}` differs between the two ways"
        );
    }
}
