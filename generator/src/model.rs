//! Step 2: the intermediate form. Plain data, no tokens: what the emitters read.
//!
//! The model reads the typed document `load` checked; every Rust name in it
//! comes from [`crate::names`], so the emitters only read names, never
//! derive them.

mod body;
mod examples;
mod media;
mod multipart;
mod operation;
mod params;
mod rename;
mod responses;
mod uses;
mod webhooks;

pub use body::SEALED_FIELDS;
pub use uses::TypeUse;

use crate::diagnostics::{Diagnostic, pointer};
use crate::load::Loaded;
use crate::names::{self, NameSet};
use crate::schema::{SchemaCx, Ty};
use std::collections::{BTreeMap, BTreeSet};

pub use crate::extensions::PaginationKind;
pub use crate::method::Method;
pub use crate::path_template::PathTemplate;
pub use crate::product::Product;
pub use crate::schema::{EnumVariant, Field, FieldShape, TypeDef, TypeKind};

/// Everything the emitters need, in output order.
#[derive(Debug, Clone)]
pub struct Model {
    /// Title of the API.
    pub title: String,
    /// One area per tag, in the order the spec lists its tags.
    pub areas: Vec<Area>,
    /// Named types, in the order they were first met.
    pub types: Vec<TypeDef>,
    /// Operations, in path order then method order.
    pub operations: Vec<Operation>,
    /// How the operations use each named type (a type no operation
    /// reaches has no entry).
    pub uses: BTreeMap<String, TypeUse>,
    /// The spec's named examples of request and response bodies, by the
    /// name of the body's type.
    pub examples: BTreeMap<String, Vec<TypeExample>>,
    /// The webhook events the spec describes (`x-webhooks`), in its order.
    pub webhooks: Vec<Webhook>,
}

/// A webhook event: what GitHub delivers for one event and action.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// Its name in the spec (`workflow-run-completed`).
    pub name: String,
    /// The `X-GitHub-Event` value (`workflow_run`).
    pub event: String,
    /// The payload's `action` (`completed`), for events that have one.
    pub action: Option<String>,
    /// The payload's type (a named struct).
    pub ty: Ty,
    /// One-line summary.
    pub summary: String,
    /// Longer description.
    pub description: String,
    /// The spec's named examples of the payload: `(key, compact JSON)`.
    pub examples: Vec<(String, String)>,
}

/// A named example of the spec (`components/examples/<key>`) that a body of
/// some type shows.
#[derive(Debug, Clone)]
pub struct TypeExample {
    /// Its key under `components/examples`.
    pub key: String,
    /// Its `summary`.
    pub summary: String,
    /// Its value, as compact JSON.
    pub json: String,
    /// Whether it shows only some products or API versions.
    pub restricted: bool,
}

/// An API area (one tag): one handler and one module in the client.
#[derive(Debug, Clone)]
pub struct Area {
    /// The tag as written in the spec.
    pub tag: String,
    /// Module name (`workflow_runs`).
    pub module: String,
    /// Handler type name (`WorkflowRuns`).
    pub handler: String,
    /// Description of the tag.
    pub description: String,
}

/// One HTTP operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// GitHub's `operationId`.
    pub id: String,
    /// Method name on the handler (`list_workflow_runs_for_repo`).
    pub method_name: String,
    /// Builder type name (`ListWorkflowRunsForRepo`).
    pub type_name: String,
    /// Name of the `static` that describes the operation to the runtime
    /// (`LIST_WORKFLOW_RUNS_FOR_REPO`).
    pub static_name: String,
    /// Module of the area the operation belongs to.
    pub area: String,
    /// Handler type of that area (`WorkflowRuns`).
    pub handler: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as in the spec.
    pub path: PathTemplate,
    /// The template split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// Path parameters, in template order.
    pub path_params: Vec<Param>,
    /// Query and header parameters, in spec order.
    pub other_params: Vec<Param>,
    /// The JSON request body, if any.
    pub body: Option<Body>,
    /// What a successful call gives.
    pub outcome: Outcome,
    /// How the list pages, for paginated lists.
    pub pagination: Option<Pagination>,
    /// Products that have the operation, in spec order.
    pub products: Vec<Product>,
    /// One-line summary.
    pub summary: String,
    /// Longer description.
    pub description: String,
    /// Fine-grained token permissions.
    pub permissions: Vec<String>,
    /// Error statuses the spec documents.
    pub error_statuses: Vec<u16>,
    /// How a GET can be watched until a final state (`x-github-watch`).
    pub watch: Option<WatchSpec>,
    /// Notes for the docs: why the method has the name it has.
    pub notes: Vec<String>,
}

/// A field of a GET's answer that goes through states, and its final ones
/// (`x-github-watch: {field: status, until: [completed]}`).
#[derive(Debug, Clone)]
pub struct WatchSpec {
    /// Rust name of the field in the answer type.
    pub field: String,
    /// Name of the field on the wire.
    pub wire: String,
    /// The wire values that end the watch.
    pub until: Vec<String>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// The path parameter at this index of `path_params`.
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A segment of the path.
    Path,
    /// The query string; a list is written form style, as repeated
    /// `name=value` pairs when `explode` (OpenAPI's default), else as one
    /// comma-separated value.
    Query {
        /// OpenAPI's `explode`.
        explode: bool,
    },
    /// A request header.
    Header,
    /// A part of a `multipart/form-data` body.
    Part(PartKind),
}

/// What a part of a `multipart/form-data` body holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A file (`type: string, format: binary`): bytes, a file name and a
    /// content type, the runtime's `FilePart`.
    File,
    /// A string, number, boolean or string enum, as its text.
    Text,
    /// An object or a list, as JSON.
    Json,
}

/// How a query parameter's list or object is written (OpenAPI's `style`;
/// `explode` is [`ParamLocation::Query`]'s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`: `id=3,4`, or `id=3&id=4` exploded; an object `color=R,100`
    /// or `R=100` exploded.
    Form,
    /// `spaceDelimited`: `id=3%204`.
    SpaceDelimited,
    /// `pipeDelimited`: `id=3|4`.
    PipeDelimited,
    /// `deepObject`, objects only: `color[R]=100`.
    DeepObject,
}

impl QueryStyle {
    /// The name of the style in the document and of the runtime's variant.
    pub fn name(self) -> &'static str {
        match self {
            QueryStyle::Form => "form",
            QueryStyle::SpaceDelimited => "spaceDelimited",
            QueryStyle::PipeDelimited => "pipeDelimited",
            QueryStyle::DeepObject => "deepObject",
        }
    }
}

/// A path, query or header parameter, or a part of a multipart body.
#[derive(Debug, Clone)]
pub struct Param {
    /// Where it goes.
    pub location: ParamLocation,
    /// How a query parameter is written (`Form` elsewhere).
    pub style: QueryStyle,
    /// A query parameter that is an object (a struct or map), written field
    /// by field in its style.
    pub object: bool,
    /// Rust name (of the argument, setter and builder field).
    pub rust: String,
    /// Name of the local that holds a path parameter's encoded segment in
    /// the path's `format!` (never a raw identifier: `r#type` -> `type_`).
    pub local: String,
    /// Name on the wire.
    pub wire: String,
    /// Type.
    pub ty: Ty,
    /// Whether the caller must give it.
    pub required: bool,
    /// Description.
    pub docs: String,
    /// Server-side default, for the docs.
    pub default: Option<String>,
    /// The largest value an integer parameter takes (`maximum`).
    pub maximum: Option<i64>,
}

/// A JSON request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// The body's type.
    pub ty: Ty,
    /// How it is sent.
    pub kind: BodyKind,
    /// Whether the spec requires the body.
    pub required: bool,
    /// For an object body: its fields, spread over arguments and setters.
    pub fields: Option<Vec<BodyField>>,
    /// The body holds `encrypted_value` + `key_id` and takes a sealed secret.
    pub sealed: bool,
    /// Whether the body type has `Default` (every field optional).
    pub defaultable: bool,
    /// Every field of an object body, the sealed ones included.
    pub all_fields: Vec<Field>,
}

/// A field of an object body, seen from the builder.
#[derive(Debug, Clone)]
pub struct BodyField {
    /// The struct field.
    pub field: Field,
    /// Name of the argument or setter (unique among the operation's inputs).
    pub arg: String,
    /// For an optional free-form object (`inputs`): the setter of one entry
    /// (`input(key, value)`); the field's own setter then takes any
    /// `Serialize` value that is an object.
    pub entry: Option<String>,
}

/// How a request body is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`, from an object type.
    Form,
    /// Text the caller gives, with this content type.
    Text(String),
    /// Bytes the caller gives, with this content type.
    Bytes(String),
}

impl Body {
    /// A body the caller gives whole (text or bytes), not spread over setters.
    pub(crate) fn unstructured(ty: Ty, kind: BodyKind, required: bool) -> Body {
        Body {
            ty,
            kind,
            required,
            fields: None,
            sealed: false,
            defaultable: false,
            all_fields: Vec::new(),
        }
    }

    /// Whether a setter can refuse its value (a free-form object given as
    /// something that is not one), so the builder keeps the refusal.
    pub fn refusable(&self) -> bool {
        self.fields.iter().flatten().any(|f| f.entry.is_some())
    }
}

/// What a successful call gives.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// One success status.
    Single(Success),
    /// Several success statuses: an enum, one variant each.
    Several {
        /// Enum type name.
        name: String,
        /// `(variant, success)` in status order.
        variants: Vec<(String, Success)>,
    },
}

impl Outcome {
    /// Every success status, in status order.
    pub fn successes(&self) -> Vec<&Success> {
        match self {
            Outcome::Single(s) => vec![s],
            Outcome::Several { variants, .. } => variants.iter().map(|(_, s)| s).collect(),
        }
    }
}

/// One success status and what it carries.
#[derive(Debug, Clone)]
pub struct Success {
    /// HTTP status.
    pub status: u16,
    /// Whether any 2xx status is this success (the spec's `default`
    /// answer, when it gives no success status).
    pub any_2xx: bool,
    /// Its payload.
    pub payload: Payload,
    /// The response description, for docs.
    pub docs: String,
}

/// The payload of a success response.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// A JSON body of this type.
    Json(Ty),
    /// No body that means anything (204, or an empty object).
    Empty,
    /// A redirect: the `Location` to download from.
    Redirect,
    /// A text body (`text/*`, XML).
    Text,
    /// Bytes (any other content type that is not JSON).
    Bytes,
}

/// How a paginated list pages.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// How the pages are addressed.
    pub kind: PaginationKind,
    /// Name of the wrapper type that implements `ListBody`.
    pub list_type: String,
    /// Rust name of the array field.
    pub items_field: String,
    /// Type of one item.
    pub item: Ty,
    /// The page-size parameter (Rust name) and its largest value: a stream
    /// asks for the largest page unless the caller chose a size.
    pub page_size: Option<(String, i64)>,
    /// Rust name of `total_count` and whether it is optional.
    pub total_count: Option<(String, bool)>,
}

/// Builds the model, or every problem that stops it.
pub fn build(loaded: &Loaded) -> Result<Model, Vec<Diagnostic>> {
    let mut cx = SchemaCx::new(
        &loaded.components.schemas,
        &loaded.ref_docs,
        &loaded.availability,
    );
    let mut problems = Vec::new();

    let (mut areas, by_tag) = areas(loaded);
    let area_by_tag: BTreeMap<&str, &Area> =
        by_tag.iter().map(|(tag, &i)| (*tag, &areas[i])).collect();

    // Component schemas first, in key order, so they keep their names.
    cx.register_components();

    let mut operations = build_operations(&mut cx, loaded, &area_by_tag, &mut problems);
    let mut webhooks = webhooks::build(&mut cx, loaded, &mut problems);
    // The schemas of error answers (and others operations reach where the
    // model does not look); those no operation reaches are not generated.
    cx.build_components(|key| {
        loaded
            .users
            .contains_key(&pointer(["components", "schemas", key]))
    });
    problems.append(&mut cx.problems);
    let problems = crate::diagnostics::attribute(problems, &loaded.users);
    if !problems.is_empty() {
        return Err(problems);
    }
    resolve_method_names(&mut operations);
    // A tag no (generated) operation has makes no area.
    areas.retain(|a| operations.iter().any(|o| o.area == a.module));
    let components = cx.component_names();
    let renames = rename::shared_enum_names(cx.enum_hints(), &cx.taken_names());
    let mut types = cx.into_types();
    rename::apply(&renames, &mut types, &mut operations, &mut webhooks);
    let uses = uses::type_uses(&types, &operations, &webhooks);
    uses::drop_leftovers(&mut types, &uses, &components);
    let examples = examples::collect(loaded, &operations);
    Ok(Model {
        title: loaded.info.title.clone(),
        areas,
        types,
        operations,
        uses,
        examples,
        webhooks,
    })
}

/// The areas, one per tag, with the index of each tag's area. Areas come
/// from the tag list, then from tags the operations use but the list lacks,
/// in order of first use; an operation without a tag is in the `default`
/// area. An operation with several tags is in the area of its first.
fn areas(loaded: &Loaded) -> (Vec<Area>, BTreeMap<&str, usize>) {
    let mut areas = Vec::new();
    let mut modules = NameSet::with_reserved(names::RESERVED_MODULES);
    let mut by_tag: BTreeMap<&str, usize> = BTreeMap::new();
    let listed = loaded.tags.iter().map(|t| (t.name.as_str(), true));
    let used = loaded.endpoints.iter().map(|ep| (endpoint_tag(ep), false));
    for (tag, is_listed) in listed.chain(used) {
        // A tag listed twice names the area of its last listing.
        if !is_listed && by_tag.contains_key(tag) {
            continue;
        }
        let description = loaded
            .tags
            .iter()
            .find(|t| is_listed && t.name == tag)
            .and_then(|t| t.description.as_deref());
        let module = modules.claim(&names::snake(tag));
        by_tag.insert(tag, areas.len());
        areas.push(Area {
            tag: tag.to_owned(),
            handler: names::handler(&module),
            module,
            description: text(description),
        });
    }
    (areas, by_tag)
}

/// The operation of every endpoint that has no problem; the problems of the
/// others go to `problems`, and schema problems inside an operation are
/// tied to it.
fn build_operations<'a>(
    cx: &mut SchemaCx<'a>,
    loaded: &'a Loaded,
    area_by_tag: &BTreeMap<&str, &Area>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Operation> {
    let mut operations = Vec::new();
    let mut type_names = NameSet::default();
    for endpoint in &loaded.endpoints {
        let seen = cx.problems.len();
        match operation::build(
            cx,
            &loaded.components,
            area_by_tag,
            &mut type_names,
            endpoint,
        ) {
            Ok(o) => operations.push(o),
            Err(mut d) => problems.append(&mut d),
        }
        // Schema problems inside the operation are reported as the operation's.
        let inside = format!("{}/", pointer(endpoint.at(&[])));
        for d in &mut cx.problems[seen..] {
            if d.operation.is_none() && d.pointer.starts_with(&inside) {
                d.operation = Some(endpoint.id.clone());
            }
        }
    }
    operations
}

/// Gives each operation a method name of its own within its area. The
/// first (in operation order) keeps the name of its short id; a later one
/// takes the name of its whole id (`pull_request_stacks_list`), or a number
/// when that is taken too. Both say so in their docs.
fn resolve_method_names(operations: &mut [Operation]) {
    let mut taken: BTreeMap<String, NameSet> = BTreeMap::new();
    let mut holders: BTreeMap<(String, String), usize> = BTreeMap::new();
    for i in 0..operations.len() {
        let op = &operations[i];
        let set = taken
            .entry(op.area.clone())
            .or_insert_with(|| NameSet::with_reserved(names::RESERVED_METHODS));
        let wanted = op.method_name.clone();
        if !set.contains(&wanted) {
            set.claim(&wanted);
            holders.insert((op.area.clone(), wanted), i);
            continue;
        }
        let whole = names::snake(&op.id);
        let name = if set.contains(&whole) {
            set.claim(&wanted)
        } else {
            set.claim(&whole)
        };
        let bare = names::unraw(&wanted).to_owned();
        let holder = holders.get(&(op.area.clone(), wanted.clone())).copied();
        let why = match holder {
            Some(h) => format!(
                "Named `{}` because `{bare}` is the method of `{}`.",
                names::unraw(&name),
                operations[h].id
            ),
            None => format!(
                "Named `{}` because `{bare}` is a name the handler uses itself.",
                names::unraw(&name)
            ),
        };
        if let Some(h) = holder {
            let note = format!(
                "`{}`, whose id ends the same way, is `{}`.",
                operations[i].id,
                names::unraw(&name)
            );
            operations[h].notes.push(note);
        }
        operations[i].method_name = name;
        operations[i].notes.push(why);
    }
}

/// The tag whose area has the operation: its first, or the default area's.
pub(super) fn endpoint_tag(ep: &crate::load::Endpoint) -> &str {
    ep.operation
        .tags
        .first()
        .map_or(names::DEFAULT_TAG, String::as_str)
}

/// A description or summary, trimmed.
fn text(v: Option<&str>) -> String {
    v.unwrap_or_default().trim().to_owned()
}

/// Which area modules use each named type (directly or through other types).
pub fn type_areas(model: &Model) -> BTreeMap<String, BTreeSet<String>> {
    let by_name: BTreeMap<&str, &TypeDef> =
        model.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut reach = |roots: Vec<&Ty>, area: &str| {
        let mut stack: Vec<String> = roots.iter().flat_map(|t| t.named()).collect();
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            out.entry(n.clone()).or_default().insert(area.to_owned());
            if let Some(t) = by_name.get(n.as_str()) {
                stack.extend(t.referenced());
            }
        }
    };
    for op in &model.operations {
        let mut roots: Vec<&Ty> = Vec::new();
        roots.extend(op.path_params.iter().map(|p| &p.ty));
        roots.extend(op.other_params.iter().map(|p| &p.ty));
        if let Some(b) = &op.body {
            roots.push(&b.ty);
        }
        for s in op.outcome.successes() {
            if let Payload::Json(t) = &s.payload {
                roots.push(t);
            }
        }
        reach(roots, &op.area);
    }
    // The webhook payloads are the `webhooks` module's.
    for webhook in &model.webhooks {
        reach(vec![&webhook.ty], names::WEBHOOKS_MODULE);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    fn model(spec: &str) -> Model {
        let loaded = load_str("test.yaml", spec).unwrap_or_else(|d| panic!("{d:?}"));
        build(&loaded).unwrap_or_else(|d| panic!("{d:?}"))
    }

    fn spec(schemas: &str) -> String {
        format!(
            r##"
openapi: 3.0.3
info: {{title: t, version: "1"}}
tags: [{{name: error}}]
paths:
  /zebras/{{id}}:
    get:
      operationId: things/get-zebra
      tags: [error]
      x-github-products: [ghes-2.22, github.com]
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses:
        "200":
          description: a zebra
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/zebra'}}}}}}
  /apples:
    post:
      operationId: things/create-apple
      tags: [error]
      x-github-products: [github.com]
      responses: {{"204": {{description: done}}}}
components:
  schemas:
{schemas}"##
        )
    }

    fn fields(model: &Model, name: &str) -> Vec<String> {
        match model.types.iter().find(|t| t.name == name).map(|t| &t.kind) {
            Some(TypeKind::Struct { fields, .. }) => {
                fields.iter().map(|f| f.wire.clone()).collect()
            }
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn keys_are_read_in_name_order_whatever_the_document_order() {
        let model = model(&spec(
            r##"
    zebra:
      type: object
      properties: {z: {type: string}, a: {type: string}, m: {type: string}}
    apple: {type: string, enum: [x]}
"##,
        ));
        assert_eq!(fields(&model, "Zebra"), ["a", "m", "z"]);
        let paths: Vec<&str> = model.operations.iter().map(|o| o.path.as_str()).collect();
        assert_eq!(paths, ["/apples", "/zebras/{id}"]);
        let types: Vec<&str> = model.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            types,
            ["Zebra"],
            "a schema no operation reaches is not generated"
        );
    }

    #[test]
    fn operations_carry_their_method_products_and_rust_names() {
        let model = model(&spec("    zebra: {type: object}\n"));
        let op = &model.operations[1];
        assert_eq!(op.method, Method::Get);
        assert_eq!(op.products, [Product::Ghes2_22, Product::GitHubCom]);
        assert_eq!(
            (
                op.method_name.as_str(),
                op.type_name.as_str(),
                op.static_name.as_str()
            ),
            ("get_zebra", "GetZebra", "GET_ZEBRA")
        );
        assert_eq!(op.path_params[0].local, "id");
        // `error` is a module of the crate root, so the area takes the next name.
        assert_eq!(
            (op.area.as_str(), op.handler.as_str()),
            ("error2", "Error2")
        );
    }

    #[test]
    fn a_schema_named_like_a_reexported_runtime_type_is_renamed() {
        let model = model(&spec(
            "    zebra: {type: object, properties: {a: {$ref: '#/components/schemas/timestamp-parse-error'}, b: {$ref: '#/components/schemas/client-builder'}}}\n    timestamp-parse-error: {type: object}\n    client-builder: {type: object}\n",
        ));
        let types: Vec<&str> = model.types.iter().map(|t| t.name.as_str()).collect();
        assert!(types.contains(&"TimestampParseError2"), "{types:?}");
        assert!(types.contains(&"ClientBuilder2"), "{types:?}");
    }

    #[test]
    fn a_field_some_products_or_versions_lack_is_optional_and_says_where_it_exists() {
        let model = model(&spec(
            r##"
    zebra:
      type: object
      required: [stripes, mane]
      properties:
        stripes:
          $ref: '#/components/schemas/stripes'
          description: How the zebra looks.
          x-github-products: [github.com]
          x-github-api-versions: ['2022-11-28']
        mane: {type: string, nullable: true, x-github-products: [github.com, ghes-3.21]}
    stripes: {type: string, enum: [wide, thin]}
"##,
        ));
        let Some(TypeKind::Struct { fields, .. }) = model
            .types
            .iter()
            .find(|t| t.name == "Zebra")
            .map(|t| &t.kind)
        else {
            panic!("no Zebra struct");
        };
        let (mane, stripes) = (&fields[0], &fields[1]);
        assert_eq!(
            stripes.shape,
            FieldShape::Optional,
            "required where it exists only"
        );
        assert_eq!(
            stripes.docs,
            "How the zebra looks. Only on github.com with API version 2022-11-28."
        );
        assert_eq!(mane.shape, FieldShape::OptionalNullable);
        assert_eq!(
            mane.docs,
            "Only on github.com and GitHub Enterprise Server 3.21."
        );
        assert!(mane.availability.is_restricted());
    }

    #[test]
    fn availability_keys_are_checked_where_they_are_written() {
        let text = spec(
            r##"
    zebra:
      type: object
      x-github-products: [github.com]
      properties:
        stripes: {type: string, x-github-api-versions: ['2020-01-01']}
"##,
        );
        let problems = match load_str("test.yaml", &text) {
            Ok(_) => panic!("accepted"),
            Err(problems) => problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        };
        assert!(
            problems.iter().any(|p| p.contains(
                "read on an operation, a schema property, a response or an example only"
            ) && p.contains("#/components/schemas/zebra")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("unknown API version \"2020-01-01\"")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_type_knows_whether_request_bodies_answers_or_parameters_use_it() {
        let mut text = spec(
            r##"
    zebra:
      type: object
      properties:
        mane: {$ref: '#/components/schemas/mane'}
        stripes: {$ref: '#/components/schemas/stripes'}
    mane: {type: object, properties: {colour: {type: string, nullable: true}}}
    stripes: {type: string, enum: [wide, thin]}
    apple: {type: object, properties: {stripes: {$ref: '#/components/schemas/stripes'}}}
"##,
        );
        text = text.replace(
            r#"responses: {"204": {description: done}}"#,
            r#"requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/apple'}}}}
      responses: {"204": {description: done}}"#,
        );
        let model = model(&text);
        let uses = |n: &str| model.uses.get(n).copied().unwrap_or_default();
        assert!(uses("Apple").request_only());
        assert!(uses("Zebra").response && !uses("Zebra").request_body);
        assert!(uses("Mane").response, "reached through the answer's type");
        let stripes = uses("Stripes");
        assert!(stripes.request_body && stripes.response && !stripes.request_only());
    }

    #[test]
    fn null_is_value_is_refused_on_a_field_that_cannot_be_absent_and_null() {
        let text = spec(
            r##"
    zebra:
      type: object
      required: [mane]
      properties:
        mane: {type: string, nullable: true, x-github-null-is-value: true}
        tail: {type: string, nullable: true, x-github-null-is-value: true}
"##,
        );
        let loaded = load_str("test.yaml", &text).unwrap_or_else(|d| panic!("{d:?}"));
        let problems = match build(&loaded) {
            Ok(_) => panic!("accepted"),
            Err(problems) => problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("properties/mane")
                && problems[0].contains(crate::extensions::NULL_IS_VALUE),
            "{problems:?}"
        );
    }

    #[test]
    fn malformed_extension_values_are_problems_where_they_are_written() {
        let mut text = spec(
            r##"
    zebra: {type: object}
    apple:
      type: object
      x-github-sealed-secret: "yes"
      properties: {key_id: {type: string}, encrypted_value: {type: string}}
  responses:
    made: {description: made, x-github-outcome: 3}
"##,
        );
        text = text.replace(
            r#"responses: {"204": {description: done}}"#,
            r#"requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/apple'}}}}
      x-github-permissions: read
      responses: {"201": {$ref: '#/components/responses/made'}, "204": {description: done}}"#,
        );
        let loaded = load_str("test.yaml", &text).unwrap_or_else(|d| panic!("{d:?}"));
        let pointers: Vec<String> = match build(&loaded) {
            Ok(_) => panic!("accepted"),
            Err(problems) => problems.into_iter().map(|d| d.pointer).collect(),
        };
        let apples = "#/paths/~1apples/post";
        for (extension, at) in [
            (crate::extensions::PERMISSIONS, apples),
            (
                crate::extensions::SEALED_SECRET,
                "#/components/schemas/apple",
            ),
            (crate::extensions::OUTCOME, "#/components/responses/made"),
        ] {
            let want = format!("{at}/{extension}");
            assert!(pointers.contains(&want), "{want} not in {pointers:?}");
        }
    }

    #[test]
    fn a_description_beside_a_ref_documents_the_field() {
        let model = model(&spec(
            r##"
    zebra:
      type: object
      properties:
        stripes:
          $ref: '#/components/schemas/stripes'
          description: How the zebra looks.
    stripes: {type: string, enum: [wide, thin]}
"##,
        ));
        let Some(TypeKind::Struct { fields, .. }) = model
            .types
            .iter()
            .find(|t| t.name == "Zebra")
            .map(|t| &t.kind)
        else {
            panic!("no Zebra struct");
        };
        assert_eq!(fields[0].docs, "How the zebra looks.");
    }
}
