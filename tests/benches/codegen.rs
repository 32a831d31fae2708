//! Codegen: the generator over `spec/` (load + model + emit + render, in
//! memory, no files written, no compilation), per run and per operation,
//! with each stage on its own: emit and render one file after another, and
//! also as the generator runs them (a file a job, on every core). Baseline:
//! parsing the same YAML into a `serde_yaml::Value`, the floor any generator
//! reading this spec pays.
//!
//! `cargo bench -p gh-actions-tests --bench codegen`

mod common;

use common::Row;
use criterion::{BatchSize, Criterion};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let root = common::repo_root();
    let layout = generator::Layout::repo(&root);
    let target = generator::Target::client_crate();
    let spec_text = std::fs::read_to_string(&layout.spec).expect("spec/actions.yaml");
    let generated = generator::generate_crate(&layout).expect("the spec generates");
    println!(
        "codegen: {} operations, {} types, {} files, {} bytes of spec",
        generated.operations,
        generated.types,
        generated.files.len(),
        spec_text.len()
    );
    let loaded = generator::load::load_file(&layout.spec).expect("load");
    let model = generator::model::build(&loaded).expect("model");
    let emitted = generator::emit::emit(&model, &target);

    let mut group = c.benchmark_group("codegen");
    group.sample_size(20);
    group.measurement_time(std::time::Duration::from_secs(6));
    group.bench_function("generate_crate", |b| {
        b.iter(|| generator::generate_crate(black_box(&layout)).expect("generate"))
    });
    group.bench_function("yaml_parse_baseline", |b| {
        b.iter(|| {
            let text = std::fs::read_to_string(black_box(&layout.spec)).expect("read");
            serde_yaml::from_str::<serde_yaml::Value>(&text).expect("yaml")
        })
    });
    group.bench_function("stage_load", |b| {
        b.iter(|| generator::load::load_file(black_box(&layout.spec)).expect("load"))
    });
    group.bench_function("stage_model", |b| {
        b.iter(|| generator::model::build(black_box(&loaded)).expect("model"))
    });
    group.bench_function("stage_emit", |b| {
        b.iter(|| generator::emit::emit(black_box(&model), &target))
    });
    group.bench_function("stage_render", |b| {
        b.iter_batched(
            || emitted.clone(),
            |files| {
                files
                    .into_iter()
                    .map(|(rel, tokens)| {
                        generator::render::rust_file(&rel, tokens).expect("render")
                    })
                    .map(|text| text.len())
                    .sum::<usize>()
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("stage_emit_and_render_on_every_core", |b| {
        b.iter(|| generator::emit::emit_rendered(black_box(&model), &target).expect("render"))
    });
    group.finish();

    let ops = generated.operations as f64;
    let row = |label, id, baseline| Row {
        label,
        id,
        baseline,
        per: Some((ops, "operation")),
    };
    common::report(
        "codegen",
        "Codegen (generator over spec/, in memory)",
        &[
            row(
                "whole generator",
                "codegen/generate_crate",
                Some("codegen/yaml_parse_baseline"),
            ),
            row(
                "baseline: read + parse the YAML",
                "codegen/yaml_parse_baseline",
                None,
            ),
            row(
                "stage load",
                "codegen/stage_load",
                Some("codegen/generate_crate"),
            ),
            row(
                "stage model",
                "codegen/stage_model",
                Some("codegen/generate_crate"),
            ),
            row(
                "stage emit",
                "codegen/stage_emit",
                Some("codegen/generate_crate"),
            ),
            row(
                "stage render",
                "codegen/stage_render",
                Some("codegen/generate_crate"),
            ),
            row(
                "emit + render as the generator runs them (every core, a file a job)",
                "codegen/stage_emit_and_render_on_every_core",
                Some("codegen/generate_crate"),
            ),
        ],
    );
}

fn main() {
    let mut c = common::criterion();
    benches(&mut c);
    c.final_summary();
}
