//! Identifier hygiene: case conversion, keyword escaping, collision
//! suffixes, and every name the generator derives (types, builders,
//! statics, locals, variants) live here and nowhere else. The model calls
//! these functions and stores their results; the emitters only read them.

use crate::ty::Ty;
use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Module names the root of the emitted code uses besides the areas:
/// `types` and the modules of `emit::crate_root` (`runtime` stays reserved
/// so that an area never takes the name users expect for the runtime), and
/// `types::requests`, since `types` has a module per area too.
pub const RESERVED_MODULES: &[&str] = &[
    "types",
    "runtime",
    "pagination",
    "error",
    "download",
    "sealing",
    "response",
    "watch",
    "webhooks",
    "raw",
    "auth",
    "filter",
    // The root's re-export of the HTTP client crate.
    "reqwest",
    // Modules of `types`, beside the area modules there.
    REQUEST_TYPES_MODULE,
    SHARED_TYPES_MODULE,
    // Methods of the client itself (its own, and the runtime client's it
    // derefs to), which an area accessor of the same name would hide.
    "builder",
    "from_env",
    "base_url",
    "product",
    "product_source",
    "detect_product",
    "api_version",
    "rate_limit",
    "execute",
    "check_field",
    "request",
    "clone",
];

/// The module of the client that reads webhook events, and its feature.
pub const WEBHOOKS_MODULE: &str = "webhooks";

/// Method names a handler uses for itself (`new`), so no operation takes them.
pub const RESERVED_METHODS: &[&str] = &["new"];

/// The area of the operations without a tag, as OpenAPI tools show them.
pub const DEFAULT_TAG: &str = "default";

/// Type names the emitted crate already uses: a schema with one of them
/// gets the next free number. `types` re-exports `Nullable`, `Timestamp` and
/// `TimestampParseError`, so a schema of that name would be shadowed there;
/// the rest are the root's items and its modules' re-exports, kept apart
/// so that glob imports of `types` and the root never clash.
pub const RESERVED_TYPES: &[&str] = &[
    // `types` re-exports these from the runtime.
    "Nullable",
    "Timestamp",
    "TimestampParseError",
    // The crate root.
    "Client",
    "ClientBuilder",
    "ApiVersion",
    "Error",
    "Product",
    "ProductSource",
    "RetryPolicy",
    "Method",
    // The root's modules `pagination`, `error`, `download` and `sealing`.
    "Page",
    "PageStream",
    "ApiError",
    "DecodeError",
    "DownloadError",
    "RateLimit",
    "RateLimitError",
    "RateLimitKind",
    "ByteStream",
    "DownloadUrl",
    "SealedSecret",
    // `response`, `watch`, `raw` and `auth`.
    "Conditional",
    "ConditionalRequest",
    "Meta",
    "WithMeta",
    "Watch",
    "WatchOptions",
    "RawRequest",
    "Token",
    "TokenSource",
    "BoxFuture",
    "AppCredentials",
    "DateRange",
    "SearchTime",
    // The crate root's private encoding of a refused input.
    REFUSED_TYPE,
];

/// The module of `types` that holds the types several areas use; each
/// other type lives in the module of its one area.
pub const SHARED_TYPES_MODULE: &str = "common";

/// The public module of `types` that holds the types only request bodies
/// use (`types::requests`), apart from the types users read in answers.
/// It is reserved among the area modules, which `types` also declares.
pub const REQUEST_TYPES_MODULE: &str = "requests";

/// Names a request builder uses for itself (`client` and `body` fields; the
/// `send`, `send_with_meta`, `stream`, `watch`, `if_none_match` and
/// `if_modified_since` methods; `request` and `decode` of the runtime's
/// `Endpoint`; the `secret` argument), so no parameter or body field may
/// take them.
pub const RESERVED_INPUTS: &[&str] = &[
    "client",
    "send",
    "send_with_meta",
    "stream",
    "watch",
    "if_none_match",
    "if_modified_since",
    "request",
    "decode",
    "body",
    "secret",
    REFUSED_FIELD,
];

/// The variant of a union that holds an id newtype (`WorkflowId::Id`).
pub const ID_VARIANT: &str = "Id";

/// The docs of an id newtype.
pub fn id_docs() -> String {
    "An id GitHub gives one kind of object, a 64-bit integer on the wire. Each kind has a \
     type of its own, so an id of one kind cannot be passed where another kind is expected.\n\n\
     `From<i64>` and `get` convert from and to the number; JSON sees only the number."
        .to_owned()
}

/// The setter of one entry of a free-form object field (`inputs` -> `input`).
pub fn entry_setter(field: &str) -> String {
    let bare = unraw(field);
    match bare.strip_suffix('s') {
        Some(one) if !one.is_empty() && !one.ends_with('s') => snake(one),
        _ => format!("{bare}_entry"),
    }
}

/// The argument or setter of a request body field whose name a parameter
/// of the same operation took first. A path parameter names the object as
/// it is, so a body field of its name says what it becomes: `new_name` for
/// the `name` of a variable being renamed. Beside a query or header
/// parameter the field is the body's copy: `name_in_body`. The caller's
/// [`NameSet`] still numbers it if even that is taken.
pub fn body_field_beside_parameter(field: &str, in_path: bool) -> String {
    let bare = unraw(field);
    if in_path {
        format!("new_{bare}")
    } else {
        format!("{bare}_in_body")
    }
}

/// What the docs of such a setter add: which body field it sets and why it
/// is not named after it.
pub fn body_field_beside_parameter_docs(wire: &str, param: &str, in_path: bool) -> String {
    beside_parameter_sentence("Sets", wire, param, in_path)
}

/// The same for a required field, which is an argument of the handler
/// method: a note in the operation's docs, naming the argument.
pub fn body_field_beside_parameter_note(
    arg: &str,
    wire: &str,
    param: &str,
    in_path: bool,
) -> String {
    let subject = format!("`{}` sets", unraw(arg));
    beside_parameter_sentence(&subject, wire, param, in_path)
}

fn beside_parameter_sentence(sets: &str, wire: &str, param: &str, in_path: bool) -> String {
    if in_path {
        format!(
            "{sets} `{wire}` in the request body to the new value; the path parameter `{param}` \
             says which object to change, hence the `new_` prefix."
        )
    } else {
        format!(
            "{sets} `{wire}` in the request body; the parameter `{param}` of the same name is \
             sent apart from it, hence the `_in_body` suffix."
        )
    }
}

/// The builder field that keeps the first input a setter refused, and the
/// crate-root type whose encoding fails with its message.
pub const REFUSED_FIELD: &str = "refused";
/// See [`REFUSED_FIELD`].
pub const REFUSED_TYPE: &str = "RefusedInput";

/// The catch-all variant of a string enum, numbered when a value takes it.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Words that cannot be used as plain identifiers (edition 2024, strict and reserved).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

fn words_only(raw: &str) -> String {
    // Anything that is not alphanumeric separates words: `read-only`, `a.b`, `x/y`.
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn lead_digit(name: String, prefix: &str) -> String {
    match name.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("{prefix}{name}"),
        None => prefix.to_owned(),
        _ => name,
    }
}

/// `snake_case` name for a field, parameter or method, as written in source
/// (`r#type` for keywords, `self_` where a raw identifier is not allowed).
pub fn snake(raw: &str) -> String {
    let name = lead_digit(words_only(raw).to_snake_case(), "n");
    escape(name)
}

/// `UpperCamelCase` name for a type or variant.
pub fn pascal(raw: &str) -> String {
    // A leading sign is a word of its own: `+1` and `-1` must not both become `V1`.
    let signed = match raw.as_bytes() {
        [b'+', d, ..] if d.is_ascii_digit() => format!("plus {}", &raw[1..]),
        [b'-', d, ..] if d.is_ascii_digit() => format!("minus {}", &raw[1..]),
        _ => raw.to_owned(),
    };
    let name = lead_digit(words_only(&signed).to_upper_camel_case(), "V");
    escape(name)
}

fn escape(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The name without a raw-identifier prefix, for comparisons and serde renames.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// The last segment of an `operationId` (`actions/list-jobs` -> `list-jobs`),
/// which names the operation's method and builder.
fn operation_short(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}

/// The handler method of an operation (`list_jobs`).
pub fn operation_method(id: &str) -> String {
    snake(operation_short(id))
}

/// The builder type of an operation (`ListJobs`), before collision numbering.
pub fn operation_builder(id: &str) -> String {
    pascal(operation_short(id))
}

/// The `static` that describes an operation to the runtime (`LIST_JOBS`).
pub fn operation_static(builder: &str) -> String {
    builder.to_shouty_snake_case()
}

/// The enum of an operation with several success statuses (`ListJobsOutcome`).
pub fn outcome_enum(builder: &str) -> String {
    format!("{builder}Outcome")
}

/// The variant of an outcome enum for a status without `x-github-outcome`.
pub fn status_variant(status: u16) -> String {
    match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        204 => "NoContent",
        301 => "MovedPermanently",
        302 => "Found",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        _ => return format!("Status{status}"),
    }
    .to_owned()
}

/// Names of the Rust prelude, which a handler must not take: a glob
/// import of its module would hide the prelude's item.
const PRELUDE: &[&str] = &[
    "Default",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "ToString",
    "From",
    "Into",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Extend",
    "AsRef",
    "AsMut",
];

/// The handler type of an area, from its module name (`workflow_runs` ->
/// `WorkflowRuns`; `default` -> `DefaultOperations`, not a prelude name).
pub fn handler(module: &str) -> String {
    let name = pascal(module);
    if PRELUDE.contains(&unraw(&name)) {
        format!("{}Operations", unraw(&name))
    } else {
        name
    }
}

/// The local that holds an encoded path segment, captured by name in the
/// `format!` of the path: a capture cannot be a raw identifier, so
/// `r#type` becomes `type_`.
pub fn segment_local(rust: &str) -> String {
    let bare = unraw(rust);
    if snake(bare) == bare {
        bare.to_owned()
    } else {
        format!("{bare}_")
    }
}

/// The type of an inline schema inside `parent`, named after where it is
/// (`WorkflowRun` + `head_commit` -> `WorkflowRunHeadCommit`).
pub fn nested_type(parent: &str, part: &str) -> String {
    format!("{parent}{}", pascal(part))
}

/// The type of an operation's request body (`CreateDispatchRequest`).
pub fn request_type(builder: &str) -> String {
    format!("{builder}Request")
}

/// The type of an operation's success body (`ListJobsResponse`).
pub fn response_type(builder: &str) -> String {
    format!("{builder}Response")
}

/// The type of an array's items (`...Item`).
pub fn item_type(array: &str) -> String {
    format!("{array}Item")
}

/// The type of a map's values (`...Value`).
pub fn map_value_type(map: &str) -> String {
    format!("{map}Value")
}

/// The name of a string enum of one value, from that value and the last
/// word of the name its place would give (`hint`): `action: [completed]`
/// of `WebhookWorkflowJobCompleted` is `CompletedAction`. Enums of the same
/// values share one type, so a name after its first place
/// (`WebhookWorkflowJobCompletedAction`) would be wrong for the others
/// (a workflow run's `completed`).
pub fn single_value_enum(value: &str, hint: &str) -> String {
    let last_word = hint
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(hint, |(i, _)| &hint[i..]);
    if !value.chars().any(char::is_alphanumeric) {
        return hint.to_owned();
    }
    match pascal(value) {
        value if value.ends_with(last_word) => value,
        value => format!("{value}{last_word}"),
    }
}

/// The type of the alternative at `index` (from 0) of a union (`...Variant1`).
pub fn alternative_type(union: &str, index: usize) -> String {
    format!("{union}Variant{}", index + 1)
}

/// The variant of a union that holds `ty`: a named type keeps its name,
/// other types are named after their JSON kind.
pub fn union_variant(ty: &Ty) -> String {
    match ty {
        Ty::Named(n) => n.clone(),
        Ty::I64 => "Integer".into(),
        Ty::F64 => "Number".into(),
        Ty::Bool => "Boolean".into(),
        Ty::String => "String".into(),
        Ty::Timestamp => "Timestamp".into(),
        Ty::Vec(_) => "Array".into(),
        Ty::Map(_) | Ty::Json => "Object".into(),
        Ty::Bytes => "Bytes".into(),
        Ty::Boxed(inner) | Ty::Nullable(inner) => union_variant(inner),
    }
}

/// Hands out unique names: the first request for a name gets it, later ones
/// get `Name2`, `Name3`, ... in request order, so output stays deterministic.
#[derive(Debug, Default)]
pub struct NameSet {
    taken: BTreeSet<String>,
}

impl NameSet {
    /// Names that are already in use (reserved words of the emitted scope).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        NameSet {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claims `wanted` or the first free `wantedN`.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        // A numbered name is never a keyword, so it needs no `r#`.
        let base = unraw(wanted);
        let mut n = 2;
        loop {
            let candidate = format!("{base}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_enum_of_one_value_is_named_after_the_value_and_its_place_s_last_word() {
        let cases = [
            (
                "completed",
                "WebhookWorkflowJobCompletedAction",
                "CompletedAction",
            ),
            (
                "in_progress",
                "WebhookWorkflowRunInProgressAction",
                "InProgressAction",
            ),
            ("zip", "DownloadArtifactArchiveFormat", "ZipFormat"),
            ("User", "WebhooksReviewersItemType", "UserType"),
            ("type", "ThingType", "Type"),
            ("", "ThingKind", "ThingKind"),
            ("+", "ThingKind", "ThingKind"),
        ];
        for (value, hint, name) in cases {
            assert_eq!(single_value_enum(value, hint), name, "{value} {hint}");
        }
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(snake("gen"), "r#gen");
    }

    #[test]
    fn separators_and_digits() {
        assert_eq!(pascal("read-only"), "ReadOnly");
        assert_eq!(pascal("in_progress"), "InProgress");
        assert_eq!(pascal("2022-11-28"), "V20221128");
        assert_eq!(snake("+1"), "n1");
        assert_eq!(
            snake("actions/list-workflow-runs"),
            "actions_list_workflow_runs"
        );
        assert_eq!(pascal(""), "V");
        assert_eq!(pascal("+1"), "Plus1");
        assert_eq!(pascal("-1"), "Minus1");
    }

    #[test]
    fn operation_names_come_from_the_last_id_segment() {
        assert_eq!(operation_method("actions/re-run-job"), "re_run_job");
        assert_eq!(operation_builder("actions/re-run-job"), "ReRunJob");
        assert_eq!(operation_static("ReRunJob"), "RE_RUN_JOB");
        assert_eq!(operation_method("type"), "r#type");
    }

    #[test]
    fn segment_locals_are_never_raw() {
        assert_eq!(segment_local("run_id"), "run_id");
        assert_eq!(segment_local("r#type"), "type_");
        assert_eq!(segment_local("self_"), "self_");
    }

    #[test]
    fn a_body_field_beside_a_parameter_of_its_name_says_which_it_is() {
        // `PATCH .../variables/{name}` with `{"name": ...}`: the path names
        // the variable, the body renames it.
        assert_eq!(body_field_beside_parameter("name", true), "new_name");
        assert_eq!(body_field_beside_parameter("r#type", true), "new_type");
        assert_eq!(body_field_beside_parameter("force", false), "force_in_body");
        let docs = body_field_beside_parameter_docs("name", "name", true);
        assert!(
            docs.starts_with("Sets `name` in the request body"),
            "{docs}"
        );
        let note = body_field_beside_parameter_note("force_in_body", "force", "force", false);
        assert!(
            note.starts_with("`force_in_body` sets `force` in the request body"),
            "{note}"
        );
    }

    #[test]
    fn collisions_get_numbered_in_order() {
        let mut names = NameSet::default();
        assert_eq!(names.claim("Foo"), "Foo");
        assert_eq!(names.claim("Foo"), "Foo2");
        assert_eq!(names.claim("Foo"), "Foo3");
        let mut fields = NameSet::default();
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("r#type"), "type2");
    }
}
