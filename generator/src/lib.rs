//! Reads the hand-curated GitHub Actions OpenAPI document and emits the
//! `gh-actions` client crate.
//!
//! The pipeline is `load -> model -> emit -> render`:
//!
//! 1. [`load`]: YAML to `openapiv3::OpenAPI`, with document checks
//!    (references, operation ids, path parameters, responses, products,
//!    methods); each operation's path is parsed once into a
//!    [`path_template::PathTemplate`] and its products resolved through the
//!    one table in [`product`].
//! 2. [`model`]: a plain intermediate form of operations and types, read
//!    from the typed document (`$ref`s followed by [`resolve`], mapping
//!    rules in [`schema`], every Rust name from [`names`]).
//! 3. [`emit`]: one token stream per output file.
//! 4. [`render`]: `syn` + `prettyplease`, a header line, and files written
//!    only when their content changed.
//!
//! Every problem in the spec is reported with its operation and JSON
//! pointer, all of them in one run; nothing panics on input.

pub mod availability;
pub mod diagnostics;
pub mod emit;
pub mod extensions;
pub mod fixtures;
pub mod load;
pub mod manifest;
pub mod method;
pub mod model;
pub mod names;
pub mod path_template;
pub mod product;
pub mod render;
pub mod resolve;
pub mod schema;
pub mod ty;

use diagnostics::Diagnostics;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use emit::Target;

/// The generated text of every file, keyed by path relative to the output directory.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Relative path -> content.
    pub files: BTreeMap<String, String>,
    /// Number of operations.
    pub operations: usize,
    /// Number of named types.
    pub types: usize,
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The spec has problems.
    #[error("{0}")]
    Spec(#[from] Diagnostics),
    /// The emitted code did not parse (a generator bug).
    #[error(transparent)]
    Render(#[from] render::RenderError),
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// Generates the module files for a spec given as text (no manifest).
pub fn generate_str(name: &str, spec: &str, target: &Target) -> Result<Generated, GenerateError> {
    let loaded = load::read_str(name, spec).map_err(Diagnostics)?;
    generate_loaded(&loaded, target)
}

/// The model of a loaded spec, or every problem of every stage: those
/// `load` found and those of the model, in one list.
fn build_model(loaded: &load::Loaded) -> Result<model::Model, Vec<diagnostics::Diagnostic>> {
    let (model, mut problems) = match model::build(loaded) {
        Ok(model) => (Some(model), Vec::new()),
        Err(problems) => (None, problems),
    };
    problems.extend(loaded.problems.iter().cloned());
    let problems = loaded.restore_places(diagnostics::attribute(problems, &loaded.users));
    match model {
        Some(model) if problems.is_empty() => Ok(model),
        _ => Err(problems),
    }
}

fn generate_loaded(loaded: &load::Loaded, target: &Target) -> Result<Generated, GenerateError> {
    generate_model(loaded, target).map(|(_, generated)| generated)
}

/// The model and the files emitted from it.
fn generate_model(
    loaded: &load::Loaded,
    target: &Target,
) -> Result<(model::Model, Generated), GenerateError> {
    let model = build_model(loaded).map_err(Diagnostics)?;
    let files = emit::emit_rendered(&model, target)?;
    let generated = Generated {
        files,
        operations: model.operations.len(),
        types: model.types.len(),
    };
    Ok((model, generated))
}

/// A document generated leniently: the operations that could be generated,
/// and the problems that kept the others out.
#[derive(Debug, Clone)]
pub struct Explored {
    /// The `openapi` version the document writes.
    pub openapi: String,
    /// Its `info.title`.
    pub title: String,
    /// The version of the API it describes (`info.version`).
    pub api_version: String,
    /// The module files of a client crate (keys relative to its `src/`).
    pub generated: Generated,
    /// The crate's cargo feature of each API area, which gates the area's
    /// module and types; the client's manifest turns them all on by default.
    pub features: Vec<String>,
    /// Every problem that kept an operation (or the whole document) out,
    /// each naming its operation where it has one.
    pub blocked: Vec<diagnostics::Diagnostic>,
    /// What was read otherwise than written, or left out, without keeping
    /// an operation out (see [`load::Loaded::notes`]).
    pub notes: Vec<diagnostics::Diagnostic>,
}

/// Generates a client crate from any OpenAPI 3.0 or 3.1 document (YAML or
/// JSON text), leaving out the operations it cannot generate instead of
/// failing: for trying the generator on documents written elsewhere.
pub fn explore_str(name: &str, text: &str) -> Result<Explored, GenerateError> {
    let mut loaded = load::read_str(name, text).map_err(Diagnostics)?;
    // Problems of the document as a whole (not in an operation or a
    // component) are reported, not fatal, here.
    let (whole, own): (Vec<_>, Vec<_>) = loaded
        .problems
        .drain(..)
        .partition(|d| d.operation.is_none() && load::component_of(&d.pointer).is_none());
    loaded.problems = own;
    let mut blocked = loaded.restore_places(whole);
    // Each round leaves out the operations the last one found problems in;
    // a component problem leaves out every operation that reaches it.
    loop {
        let problems = match build_model(&loaded) {
            Ok(_) => break,
            Err(problems) => problems,
        };
        let out: std::collections::BTreeSet<String> = problems
            .iter()
            .flat_map(|d| d.operation.iter().chain(&d.used_by))
            .cloned()
            .collect();
        blocked.extend(problems);
        if out.is_empty() {
            // Nothing to leave out that would help.
            return Err(Diagnostics(blocked).into());
        }
        loaded.endpoints.retain(|ep| !out.contains(&ep.id));
        loaded
            .problems
            .retain(|d| d.operation.as_ref().is_none_or(|op| !out.contains(op)));
        for users in loaded.users.values_mut() {
            users.retain(|op| !out.contains(op));
        }
        loaded.users.retain(|_, users| !users.is_empty());
    }
    let (model, generated) = generate_model(&loaded, &Target::client_crate())?;
    blocked.sort();
    blocked.dedup();
    Ok(Explored {
        openapi: loaded.openapi,
        title: loaded.info.title,
        api_version: loaded.info.version,
        generated,
        features: emit::area_features(&model),
        blocked,
        notes: loaded.notes,
    })
}

/// Where `codegen` reads and writes.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The spec.
    pub spec: PathBuf,
    /// The runtime crate's directory, which the client's manifest depends on.
    pub runtime: PathBuf,
    /// The output crate directory.
    pub out: PathBuf,
    /// The directory of the wire tests generated from the spec.
    pub wire_tests: PathBuf,
}

impl Layout {
    /// The repository's layout, from its root directory.
    pub fn repo(root: &Path) -> Self {
        Layout {
            spec: root.join("spec/actions.yaml"),
            runtime: root.join("generator/runtime"),
            out: root.join("generated"),
            wire_tests: root.join("tests/tests/wire/generated"),
        }
    }
}

/// Generates the whole client crate: its manifest and the emitted modules
/// under `src/`. Every file of it is the generator's.
pub fn generate_crate(layout: &Layout) -> Result<Generated, GenerateError> {
    let loaded = load::read_file(&layout.spec).map_err(Diagnostics)?;
    client_crate(layout, &loaded).map(|(_, client)| client)
}

/// The model of the loaded spec and the client crate's files.
fn client_crate(
    layout: &Layout,
    loaded: &load::Loaded,
) -> Result<(model::Model, Generated), GenerateError> {
    let (model, generated) = generate_model(loaded, &Target::client_crate())?;
    let mut files: BTreeMap<String, String> = generated
        .files
        .into_iter()
        .map(|(rel, text)| (format!("src/{rel}"), text))
        .collect();
    files.insert(
        "Cargo.toml".to_owned(),
        manifest::client_crate(&model, &layout.out, &layout.runtime),
    );
    files.insert("README.md".to_owned(), manifest::client_readme(&model));
    Ok((model, Generated { files, ..generated }))
}

/// Everything `cargo xtask codegen` writes from the spec, from one read of it.
#[derive(Debug, Clone)]
pub struct Project {
    /// The client crate (see [`generate_crate`]), keyed by path in `layout.out`.
    pub client: Generated,
    /// The wire tests (see `emit::emit_wire_tests`), keyed by path in
    /// `layout.wire_tests`.
    pub wire_tests: BTreeMap<String, String>,
}

/// Generates the client crate and the wire tests of its spec.
pub fn generate_project(layout: &Layout) -> Result<Project, GenerateError> {
    let loaded = load::read_file(&layout.spec).map_err(Diagnostics)?;
    let (model, client) = client_crate(layout, &loaded)?;
    let mut wire_tests = BTreeMap::new();
    for (rel, tokens) in emit::emit_wire_tests(&loaded, &model) {
        let text = render::rust_file(&rel, tokens)?;
        wire_tests.insert(rel, text);
    }
    Ok(Project { client, wire_tests })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_referential_path_parameter_is_a_diagnostic_not_a_hang() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
tags: [{name: things}]
paths:
  /things/{id}:
    get:
      operationId: things/get
      tags: [things]
      x-github-products: [github.com]
      parameters:
        - {name: id, in: path, required: true, schema: {$ref: '#/components/schemas/loop'}}
      responses:
        "204": {description: done}
components:
  schemas:
    loop:
      $ref: '#/components/schemas/loop'
"##;
        let err = generate_str("loop.yaml", spec, &Target::module("crate::x")).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("things/get") && text.contains("cannot be written into a URL"),
            "{text}"
        );
    }

    #[test]
    fn a_value_openapiv3_cannot_read_is_named_where_it_is_and_nothing_else_is_blamed() {
        // A bad `maximum` inside a parameter's schema, and a component with
        // a bad `maxLength`: each is reported at its own node, once, and the
        // `$ref` to the component still resolves.
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
tags: [{name: things}]
paths:
  /things/{id}:
    get:
      operationId: things/get
      tags: [things]
      x-github-products: [github.com]
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, maximum: big}}
      responses:
        "200":
          description: a thing
          content: {application/json: {schema: {$ref: '#/components/schemas/thing'}}}
components:
  schemas:
    thing:
      type: object
      properties:
        name: {type: string, maxLength: -1}
"##;
        let err = generate_str("bad.yaml", spec, &Target::module("crate::x")).unwrap_err();
        let GenerateError::Spec(Diagnostics(problems)) = &err else {
            panic!("{err}");
        };
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 2, "{text:#?}");
        assert!(
            text.iter().any(
                |t| t.contains("things/get: not a valid OpenAPI 3.0 document")
                    && t.contains("\"big\"")
                    && t.ends_with("(at #/paths/~1things~1{id}/get/parameters/0/schema)")
            ),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("not a valid OpenAPI 3.0 document")
                    && t.contains("-1")
                    && t.contains(
                        "(at #/components/schemas/thing/properties/name; used by things/get)"
                    )),
            "{text:#?}"
        );
    }

    #[test]
    fn a_query_parameter_read_as_a_list_leaves_no_unused_union_behind() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
tags: [{name: things}]
paths:
  /things:
    get:
      operationId: things/find
      tags: [things]
      x-github-products: [github.com]
      parameters:
        - name: state
          in: query
          schema:
            oneOf:
              - {type: string, enum: [open, closed]}
              - {type: array, items: {type: string, enum: [open, closed]}}
      responses:
        "200":
          description: found
          content: {application/json: {schema: {$ref: '#/components/schemas/error'}}}
components:
  schemas:
    error:
      type: object
      properties:
        details: {type: array, items: {type: object, properties: {code: {type: string}}}}
"##;
        let generated = generate_str("find.yaml", spec, &Target::module("crate::x"))
            .unwrap_or_else(|e| panic!("{e}"));
        let all: String = generated.files.values().cloned().collect();
        // The parameter is a list of the enum; the union of one and a list is gone.
        assert!(
            all.contains("state: ::std::option::Option<::std::vec::Vec<"),
            "{all}"
        );
        let types: Vec<&str> = all
            .lines()
            .filter_map(|l| {
                let l = l.trim_start();
                l.strip_prefix("pub enum ")
                    .or_else(|| l.strip_prefix("pub struct "))
                    .and_then(|rest| rest.split([' ', '(', '{']).next())
            })
            .collect();
        // The handler, the builder, the list's item enum, and the component
        // with its item type (`Error` is taken); no `FindState` union.
        assert_eq!(
            types,
            [
                "Things",
                "Find",
                "FindStateVariant1",
                "Error2DetailsItem",
                "Error2"
            ]
        );
    }

    #[test]
    fn all_of_members_that_give_a_property_two_json_types_are_a_problem() {
        let spec = |later: &str| {
            format!(
                r##"
openapi: 3.0.3
info: {{title: t, version: "1"}}
tags: [{{name: things}}]
paths:
  /things:
    get:
      operationId: things/get
      tags: [things]
      x-github-products: [github.com]
      responses:
        "200":
          description: a thing
          content:
            application/json:
              schema:
                allOf:
                  - $ref: '#/components/schemas/base'
                  - {{type: object, properties: {{x: {later}}}}}
components:
  schemas:
    base:
      type: object
      properties:
        x: {{type: integer, description: The count.}}
"##
            )
        };
        let err = generate_str(
            "t.yaml",
            &spec("{type: string}"),
            &Target::module("crate::x"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("things/get: `allOf` members disagree on property `x`: it is a string here and an integer at #/components/schemas/base/properties/x")
                && err.contains("allOf/1/properties/x)"),
            "{err}"
        );
        // Narrowing the docs, or saying `number` of an integer, is no problem.
        for fine in ["{description: The count of things.}", "{type: number}"] {
            generate_str("t.yaml", &spec(fine), &Target::module("crate::x"))
                .unwrap_or_else(|e| panic!("{fine}: {e}"));
        }
    }

    #[test]
    fn explore_leaves_out_blocked_operations_and_generates_the_rest() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      parameters:
        - {name: session, in: cookie, schema: {type: string}}
      responses: {"204": {description: done}}
  /b:
    get:
      responses:
        "200":
          description: a b
          content: {application/json: {schema: {$ref: '#/components/schemas/bad'}}}
  /c:
    get:
      operationId: things/get-c
      responses:
        "200":
          description: a c
          content: {application/json: {schema: {$ref: '#/components/schemas/good'}}}
components:
  schemas:
    good: {type: object, properties: {x: {type: string}}}
    bad: {type: file}
"##;
        let strict = generate_str("t.yaml", spec, &Target::client_crate())
            .unwrap_err()
            .to_string();
        assert!(strict.contains("2 problem(s)"), "{strict}");
        let explored = explore_str("t.yaml", spec).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(explored.generated.operations, 1);
        let blocked: Vec<String> = explored.blocked.iter().map(ToString::to_string).collect();
        assert_eq!(blocked.len(), 2, "{blocked:?}");
        assert!(blocked[0].contains("used by get-b"), "{blocked:?}");
        assert!(
            blocked[1].starts_with("error: get-a: `in: cookie`"),
            "{blocked:?}"
        );
        let area = &explored.generated.files["default.rs"];
        assert!(area.contains("pub fn get_c(") && !area.contains("pub fn get_a("));
    }
}
