//! Wire tests from the spec, in the manner of protocol tests: for every
//! operation, every documented status and every example of that status, one
//! test that calls the generated client against a mock server and checks the
//! request it sent (method, percent-encoded path, query, API headers, body)
//! and what the answer decoded into.
//!
//! Inputs come from the spec: a parameter's `example` (else a value made from
//! its type: strings with a space, a slash, a percent sign and a non-ASCII
//! letter, so every path segment's encoding is tested; ids above 2^32), and
//! the request body's example, spread over the arguments and setters the
//! client has for its fields. The expected path and query are encoded here,
//! independently of the runtime. A status without an example of its answer
//! (or a body without a request example) gets no test; it is listed in
//! `UNTESTED` with the reason, and the hand-written guard beside the tests
//! fails on it, so removing an example cannot make a test pass silently.

use super::Target;
use crate::availability::Availability;
use crate::diagnostics::pointer;
use crate::extensions::{self, Place};
use crate::load::{Endpoint, Loaded};
use crate::model::{
    Body, BodyField, FieldShape, Model, Operation, Outcome, Param, ParamLocation, PathPart,
    Payload, TypeKind,
};
use crate::names::{snake, unraw};
use crate::product::{ApiVersion, Product};
use crate::resolve::{component_key, resolve};
use crate::schema::Ty;
use indexmap::IndexMap;
use openapiv3::{Example, Parameter, ReferenceOr, StatusCode};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::BTreeMap;

/// The wire tests of a model: `mod.rs` and one file per area, as tokens.
/// They call `gh_actions_tests::wire_support` (`tests/src/wire_support.rs`).
pub fn emit_wire_tests(loaded: &Loaded, model: &Model) -> BTreeMap<String, TokenStream> {
    let target = Target::module("::gh_actions").for_model(model);
    let endpoints: BTreeMap<&str, &Endpoint> = loaded
        .endpoints
        .iter()
        .map(|ep| (ep.id.as_str(), ep))
        .collect();
    let mut files = BTreeMap::new();
    let mut tested = Vec::new();
    let mut untested = Vec::new();
    let mut modules = Vec::new();
    for area in &model.areas {
        let mut tests = Vec::new();
        for op in model.operations.iter().filter(|o| o.area == area.module) {
            let Some(ep) = endpoints.get(op.id.as_str()) else {
                continue;
            };
            let cx = OpCx {
                loaded,
                model,
                ep,
                op,
                target: &target,
            };
            for case in cx.cases() {
                match case {
                    Ok(case) => {
                        let (id, status) = (&op.id, case.status);
                        tested.push(quote!((#id, #status)));
                        tests.push(cx.test(&case));
                    }
                    Err((status, reason)) => {
                        let id = &op.id;
                        untested.push(quote!((#id, #status, #reason)));
                    }
                }
            }
        }
        let module = format_ident!("{}", area.module);
        modules.push(module);
        let docs = format!(
            " Wire tests of the `{}` operations, one per documented status and example.",
            area.module
        );
        files.insert(
            format!("{}.rs", area.module),
            quote! {
                #![doc = #docs]
                use gh_actions_tests::wire_support as wire;
                #(#tests)*
            },
        );
    }
    files.insert("answers.rs".to_owned(), answers(model, &target));
    let (webhook_tests, webhooks_untested) = webhook_tests(model, &target);
    if !model.webhooks.is_empty() {
        files.insert("webhooks.rs".to_owned(), webhook_tests);
        modules.push(format_ident!("webhooks"));
    }
    files.insert(
        "mod.rs".to_owned(),
        quote! {
            //! Wire tests generated from the spec by `cargo xtask codegen`.
            //! `answers.rs` beside them is not a module of this suite: the
            //! suites that decode answers they make themselves include it.
            #(mod #modules;)*

            /// Every operation and status a generated test calls.
            pub const TESTED: &[(&str, u16)] = &[#(#tested),*];

            /// The operations and statuses the spec gives no test for, and why.
            pub const UNTESTED: &[(&str, u16, &str)] = &[#(#untested),*];

            /// The webhooks the spec gives no example payload, so no test.
            pub const WEBHOOKS_UNTESTED: &[&str] = &[#(#webhooks_untested),*];
        },
    );
    files
}

/// `answers.rs`: how the client reads the answer of every success status of
/// every operation, as a visitor that other test suites include (the
/// upstream-answer and hostile-body tests), so no one writes that table by hand.
fn answers(model: &Model, target: &Target) -> TokenStream {
    let mut arms = Vec::new();
    let mut json = Vec::new();
    for op in &model.operations {
        let id = &op.id;
        for s in op.outcome.successes() {
            let status = s.status;
            let ty = match (&op.pagination, &s.payload) {
                (Some(p), Payload::Json(_)) => Some(Ty::Named(p.list_type.clone())),
                (None, Payload::Json(ty)) => Some(ty.clone()),
                _ => None,
            };
            let visit = match &ty {
                Some(ty) => {
                    json.push(quote!((#id, #status)));
                    let tokens = target.ty(ty);
                    let label = match ty {
                        Ty::Named(name) => name.clone(),
                        other => target.ty(other).to_string().replace(' ', ""),
                    };
                    quote!(visitor.json::<#tokens>(#label))
                }
                None => {
                    let why = match s.payload {
                        Payload::Redirect => "the client reads the `Location` header, not the body",
                        Payload::Text | Payload::Bytes => "the client gives the body as it came",
                        _ => "the client gives the outcome without reading a body",
                    };
                    quote!(visitor.nothing(#why))
                }
            };
            arms.push(quote!((#id, #status) => #visit,));
        }
    }
    quote! {
        //! How the client reads the answer of each success status of each
        //! operation: for the test suites that decode answers they make
        //! themselves (from GitHub's published schemas, or mutated).

        /// Told how the client reads one answer.
        pub trait AnswerVisitor {
            /// The client decodes the body into `T`, named `type_name`.
            fn json<T>(&mut self, type_name: &'static str)
            where
                T: ::serde::Serialize
                    + ::serde::de::DeserializeOwned
                    + ::std::cmp::PartialEq
                    + ::std::fmt::Debug
                    + 'static;
            /// The client does not read the body, for this reason.
            fn nothing(&mut self, why: &'static str);
        }

        /// Every operation and success status whose answer the client decodes from JSON.
        pub const JSON_ANSWERS: &[(&str, u16)] = &[#(#json),*];

        /// Tells `visitor` how the client reads `operation`'s `status`
        /// answer; `false` when the spec gives the operation no such success status.
        pub fn visit_answer(operation: &str, status: u16, visitor: &mut impl AnswerVisitor) -> bool {
            match (operation, status) {
                #(#arms)*
                _ => return false,
            }
            true
        }
    }
}

/// `webhooks.rs`: for each webhook and each example payload, a test that
/// signs the payload, receives it through the client's `webhooks::receive`
/// and checks the event, the action and the payload field by field; and the
/// webhooks without an example.
fn webhook_tests(model: &Model, target: &Target) -> (TokenStream, Vec<String>) {
    let mut tests = Vec::new();
    let mut untested = Vec::new();
    for hook in &model.webhooks {
        if hook.examples.is_empty() {
            untested.push(hook.name.clone());
        }
        let event = &hook.event;
        let event_variant = format_ident!("{}", crate::names::pascal(event));
        let pattern = match &hook.action {
            Some(action) => {
                let actions = format_ident!("{}Action", crate::names::pascal(event));
                let action = format_ident!("{}", crate::names::pascal(action));
                quote!(::gh_actions::webhooks::Event::#event_variant(::gh_actions::webhooks::#actions::#action(payload)))
            }
            None => quote!(::gh_actions::webhooks::Event::#event_variant(payload)),
        };
        let _ = target;
        for (key, json) in &hook.examples {
            let name = format_ident!("{}_{}", snake(&hook.name), snake(key));
            let doc = format!(
                " `{}`: the example `{key}` is received as its event and action.",
                hook.name
            );
            let payload = raw_str(json);
            let webhook = &hook.name;
            tests.push(quote! {
                #[doc = #doc]
                #[test]
                fn #name() {
                    const PAYLOAD: &str = #payload;
                    match wire::deliver(#event, PAYLOAD) {
                        #pattern => wire::check_json(#webhook, &*payload, PAYLOAD),
                        #[allow(unreachable_patterns)]
                        other => panic!("{}: expected {}, got {other:?}", #webhook, ::std::stringify!(#pattern)),
                    }
                }
            });
        }
    }
    let tokens = quote! {
        //! Webhook payloads of the spec, received through a signed delivery.
        use gh_actions_tests::wire_support as wire;
        #(#tests)*
    };
    (tokens, untested)
}

/// One test to write.
struct Case {
    status: u16,
    /// The example of the answer (key, JSON text); `None` for a status
    /// without a body.
    answer: Option<(String, String)>,
    /// Whether the status has more than one example (the test name says which).
    several: bool,
    /// Whether the status is an error.
    error: bool,
    /// The request example (key, value), for a body.
    request: Option<(String, Value)>,
    product: Product,
    version: Option<ApiVersion>,
}

/// An example and where it applies.
struct Shown {
    key: String,
    value: Value,
    availability: Availability,
}

struct OpCx<'a> {
    loaded: &'a Loaded,
    model: &'a Model,
    ep: &'a Endpoint,
    op: &'a Operation,
    target: &'a Target,
}

type Untested = (u16, String);

impl OpCx<'_> {
    /// Every test of the operation, or why a status has none.
    fn cases(&self) -> Vec<Result<Case, Untested>> {
        let mut out = Vec::new();
        for (status, node) in &self.ep.operation.responses.responses {
            let StatusCode::Code(code) = status else {
                continue;
            };
            let code = *code;
            let Ok(response) = resolve(&self.loaded.components, node) else {
                continue;
            };
            let at = pointer(self.ep.at(&["responses", &code.to_string()]));
            let response_availability = self
                .loaded
                .availability
                .get(&at)
                .cloned()
                .unwrap_or_default();
            let error = code >= 400;
            let success = self
                .op
                .outcome
                .successes()
                .into_iter()
                .find(|s| s.status == code);
            if !error && success.is_none() {
                out.push(Err((
                    code,
                    "the client has no outcome for this status".to_owned(),
                )));
                continue;
            }
            let answers: Vec<Option<Shown>> = match response.content.get("application/json") {
                Some(media) => {
                    let shown = self.examples(&media.examples, media.example.as_ref());
                    if shown.is_empty() {
                        out.push(Err((
                            code,
                            "the spec has no example of this answer".to_owned(),
                        )));
                        continue;
                    }
                    shown.into_iter().map(Some).collect()
                }
                None => vec![None],
            };
            let several = answers.len() > 1;
            for answer in answers {
                let mut places = vec![response_availability.clone()];
                if let Some(a) = &answer {
                    places.push(a.availability.clone());
                }
                out.push(self.case(code, answer, several, error, places));
            }
        }
        out
    }

    /// The test of one answer: the request example and the product that fit it.
    fn case(
        &self,
        status: u16,
        answer: Option<Shown>,
        several: bool,
        error: bool,
        places: Vec<Availability>,
    ) -> Result<Case, Untested> {
        let requests = match &self.op.body {
            None => vec![None],
            Some(_) => {
                let shown = self.request_examples();
                if shown.is_empty() {
                    return Err((
                        status,
                        "the spec has no example of the request body".to_owned(),
                    ));
                }
                shown.into_iter().map(Some).collect()
            }
        };
        for request in requests {
            let mut all = places.clone();
            if let Some(r) = &request {
                all.push(r.availability.clone());
                all.extend(self.body_field_availability(&r.value));
            }
            if let Some((product, version)) = self.config(&all) {
                return Ok(Case {
                    status,
                    answer: answer.map(|a| (a.key, a.value.to_string())),
                    several,
                    error,
                    request: request.map(|r| (r.key, r.value)),
                    product,
                    version,
                });
            }
        }
        Err((
            status,
            "no product and API version has both this answer and a request example".to_owned(),
        ))
    }

    /// The first product (and API version, where the client chooses it) of the operation
    /// that every availability admits.
    fn config(&self, places: &[Availability]) -> Option<(Product, Option<ApiVersion>)> {
        let admits = |a: &Availability, p: Product, v: Option<ApiVersion>| {
            (a.products.is_empty() || a.products.contains(&p))
                && match v {
                    Some(v) => a.api_versions.is_empty() || a.api_versions.contains(&v),
                    None => true,
                }
        };
        self.op.products.iter().find_map(|&p| {
            let versions: Vec<Option<ApiVersion>> = if p.chooses_api_version() {
                ApiVersion::ALL.iter().copied().map(Some).collect()
            } else {
                vec![None]
            };
            versions
                .into_iter()
                .find(|&v| places.iter().all(|a| admits(a, p, v)))
                .map(|v| (p, v))
        })
    }

    /// Where the body fields a request example sets exist.
    fn body_field_availability(&self, value: &Value) -> Vec<Availability> {
        let Some(body) = &self.op.body else {
            return Vec::new();
        };
        let Some(object) = value.as_object() else {
            return Vec::new();
        };
        body.all_fields
            .iter()
            .filter(|f| object.contains_key(&f.wire))
            .map(|f| f.availability.clone())
            .collect()
    }

    /// The examples of a media type, in the spec's order (a lone `example` too).
    fn examples(
        &self,
        examples: &IndexMap<String, ReferenceOr<Example>>,
        example: Option<&Value>,
    ) -> Vec<Shown> {
        let mut out = Vec::new();
        for (name, node) in examples {
            let key = match node {
                ReferenceOr::Reference { reference } => {
                    component_key::<Example>(reference).unwrap_or_else(|| name.clone())
                }
                ReferenceOr::Item(_) => name.clone(),
            };
            let Ok(example) = resolve(&self.loaded.components, node) else {
                continue;
            };
            let Some(value) = &example.value else {
                continue;
            };
            let at = ["components", "examples", key.as_str()];
            let availability = extensions::availability(&example.extensions, Place::Example, &at)
                .ok()
                .flatten()
                .unwrap_or_default();
            out.push(Shown {
                key,
                value: value.clone(),
                availability,
            });
        }
        if let (true, Some(value)) = (out.is_empty(), example) {
            out.push(Shown {
                key: "example".to_owned(),
                value: value.clone(),
                availability: Availability::default(),
            });
        }
        out
    }

    fn request_examples(&self) -> Vec<Shown> {
        let body = self
            .ep
            .operation
            .request_body
            .as_ref()
            .and_then(|rb| resolve(&self.loaded.components, rb).ok());
        let Some(media) = body.and_then(|b| b.content.get("application/json")) else {
            return Vec::new();
        };
        self.examples(&media.examples, media.example.as_ref())
    }

    /// The value the tests give parameter `p`: the spec's example, or one
    /// made up for its type.
    fn param_value(&self, p: &Param) -> Value {
        self.param_example(&p.wire, p.location)
            .unwrap_or_else(|| self.made_up(&p.wire, &p.ty, p.maximum))
    }

    /// The example value the spec gives a parameter, if any.
    fn param_example(&self, wire: &str, location: ParamLocation) -> Option<Value> {
        let wanted = |p: &Parameter| {
            let d = p.parameter_data_ref();
            d.name == wire
                && matches!(
                    (p, location),
                    (Parameter::Path { .. }, ParamLocation::Path)
                        | (Parameter::Query { .. }, ParamLocation::Query { .. })
                        | (Parameter::Header { .. }, ParamLocation::Header)
                )
        };
        self.ep
            .operation
            .parameters
            .iter()
            .chain(&self.ep.path_parameters)
            .filter_map(|node| resolve(&self.loaded.components, node).ok())
            .find(|p| wanted(p))
            .and_then(|p| p.parameter_data_ref().example.clone())
    }

    /// A value of type `ty` for a parameter that has no example.
    fn made_up(&self, wire: &str, ty: &Ty, maximum: Option<i64>) -> Value {
        match ty {
            Ty::Bool => Value::Bool(true),
            Ty::I64 => Value::from(maximum.unwrap_or(30_433_642_123)),
            Ty::F64 => Value::from(1.5),
            Ty::Timestamp => Value::from("2026-03-10T12:34:56Z"),
            Ty::Vec(item) => Value::Array(vec![self.made_up(wire, item, maximum)]),
            Ty::Boxed(inner) | Ty::Nullable(inner) => self.made_up(wire, inner, maximum),
            Ty::Named(name) => match self
                .model
                .types
                .iter()
                .find(|t| &t.name == name)
                .map(|t| &t.kind)
            {
                Some(TypeKind::Enum { variants, .. }) => variants
                    .first()
                    .map_or_else(|| Value::from(wire), |v| Value::from(v.wire.clone())),
                Some(TypeKind::Id) => Value::from(30_433_642_123_i64),
                Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => {
                    self.made_up(wire, inner, maximum)
                }
                Some(TypeKind::OneOf { variants }) => variants.first().map_or_else(
                    || Value::from(wire),
                    |(_, t)| self.made_up(wire, t, maximum),
                ),
                _ => Value::from(format!("{wire} ✓/%")),
            },
            _ => Value::from(format!("{wire} ✓/%")),
        }
    }

    /// The test function of one case.
    fn test(&self, case: &Case) -> TokenStream {
        let op = self.op;
        let id = &op.id;
        let mut name = format!("{}_{}", unraw(&op.method_name), case.status);
        if let (true, Some((key, _))) = (case.several, &case.answer) {
            name.push('_');
            name.push_str(&snake(key));
        }
        let name = format_ident!("{}", name);
        let doc = format!(
            " `{id}` answered {}{}.",
            case.status,
            match &case.answer {
                Some((key, _)) => format!(" with the example `{key}`"),
                None => String::new(),
            }
        );
        let answer = self.answer(case);
        let call = self.call(case);
        let expected = self.expected(case);
        let check = self.check(case);
        let answer_const = case.answer.as_ref().map(|(_, json)| {
            let json = raw_str(json);
            quote!(const ANSWER: &str = #json;)
        });
        quote! {
            #[doc = #doc]
            #[::tokio::test]
            async fn #name() {
                #answer_const
                let server = wire::serve(#answer).await;
                let result = #call;
                wire::check_request(&server, &#expected);
                #check
            }
        }
    }

    fn answer(&self, case: &Case) -> TokenStream {
        let status = case.status;
        match (&case.answer, self.payload(case.status)) {
            (Some(_), Some(Payload::Text)) => quote!(wire::Answer::Text(#status, ANSWER)),
            (Some(_), _) => quote!(wire::Answer::Json(#status, ANSWER)),
            (None, Some(Payload::Redirect)) => quote!(wire::Answer::Redirect(#status)),
            (None, _) => quote!(wire::Answer::Empty(#status)),
        }
    }

    fn payload(&self, status: u16) -> Option<&Payload> {
        self.op
            .outcome
            .successes()
            .into_iter()
            .find(|s| s.status == status)
            .map(|s| &s.payload)
    }

    /// `wire::value::<T>("json")`.
    fn value(&self, ty: TokenStream, value: &Value) -> TokenStream {
        let json = raw_str(&value.to_string());
        quote!(wire::value::<#ty>(#json))
    }

    /// The client call, up to `.send().await`.
    fn call(&self, case: &Case) -> TokenStream {
        let op = self.op;
        let product = format_ident!("{}", case.product.runtime_variant());
        let version = match case.version {
            Some(v) => {
                let v = format_ident!("{}", v.runtime_variant());
                quote!(::std::option::Option::Some(::gh_actions::ApiVersion::#v))
            }
            None => quote!(::std::option::Option::None),
        };
        let handler = format_ident!("{}", op.area);
        let method = super::ident(&op.method_name);
        let mut args = Vec::new();
        let mut setters = Vec::new();
        for p in op.path_params.iter().chain(&op.other_params) {
            let value = self.param_value(p);
            let v = self.value(self.target.ty(&p.ty), &value);
            if p.required {
                args.push(v);
            } else {
                let setter = super::ident(&p.rust);
                setters.push(quote!(.#setter(#v)));
            }
        }
        if let (Some(body), Some((_, example))) = (&op.body, &case.request) {
            self.body_inputs(body, example, &mut args, &mut setters);
        }
        quote! {
            wire::client(&server, ::gh_actions::Product::#product, #version)
                .#handler()
                .#method(#(#args),*)
                #(#setters)*
                .send()
                .await
        }
    }

    /// The arguments and setters that make the client send `example`.
    fn body_inputs(
        &self,
        body: &Body,
        example: &Value,
        args: &mut Vec<TokenStream>,
        setters: &mut Vec<TokenStream>,
    ) {
        let Some(fields) = &body.fields else {
            args.push(self.value(self.target.ty(&body.ty), example));
            return;
        };
        let object = example.as_object();
        let get = |wire: &str| object.and_then(|o| o.get(wire));
        if body.sealed {
            let key_id = sealed_key_id(example);
            args.push(quote!(&wire::sealed(#key_id)));
        }
        for bf in fields {
            let f = &bf.field;
            let ty = self.target.ty(&f.ty);
            let optional_ty = quote!(::std::option::Option<#ty>);
            match f.shape {
                FieldShape::Required => {
                    args.push(self.value(ty, get(&f.wire).unwrap_or(&Value::Null)))
                }
                FieldShape::RequiredNullable => {
                    args.push(self.value(optional_ty, get(&f.wire).unwrap_or(&Value::Null)))
                }
                FieldShape::Optional | FieldShape::DefaultVec | FieldShape::OptionalNullable => {
                    if let Some(v) = get(&f.wire) {
                        setters.push(self.setter(bf, v, ty, optional_ty));
                    }
                }
            }
        }
    }

    fn setter(
        &self,
        bf: &BodyField,
        v: &Value,
        ty: TokenStream,
        optional_ty: TokenStream,
    ) -> TokenStream {
        let setter = super::ident(&bf.arg);
        let value = if bf.entry.is_some() {
            self.value(quote!(::serde_json::Value), v)
        } else if bf.field.shape == FieldShape::OptionalNullable {
            self.value(optional_ty, v)
        } else {
            self.value(ty, v)
        };
        quote!(.#setter(#value))
    }

    /// The `wire::Expected` of the case.
    fn expected(&self, case: &Case) -> TokenStream {
        let op = self.op;
        let id = &op.id;
        let method = op.method.as_str();
        let target = self.target_string();
        let product = format_ident!("{}", case.product.runtime_variant());
        let version = match case.version {
            Some(v) => {
                let v = format_ident!("{}", v.runtime_variant());
                quote!(::std::option::Option::Some(::gh_actions::ApiVersion::#v))
            }
            None => quote!(::std::option::Option::None),
        };
        let body = match (&op.body, &case.request) {
            (Some(body), Some((_, example))) if body.sealed => {
                // The secret the test seals carries the example's key id, or a made-up one.
                let mut sent = example.clone();
                if let Some(object) = sent.as_object_mut() {
                    object.insert("key_id".to_owned(), Value::from(sealed_key_id(example)));
                }
                let json = raw_str(&sent.to_string());
                quote!(wire::Body::Sealed(#json))
            }
            (Some(_), Some((_, example))) => {
                let json = raw_str(&example.to_string());
                quote!(wire::Body::Json(#json))
            }
            _ => quote!(wire::Body::None),
        };
        quote! {
            wire::Expected {
                operation: #id,
                method: #method,
                target: #target,
                product: ::gh_actions::Product::#product,
                version: #version,
                body: #body,
            }
        }
    }

    /// The path and query the client must send, encoded here.
    fn target_string(&self) -> String {
        let op = self.op;
        let mut path = String::new();
        for part in &op.path_parts {
            match part {
                PathPart::Literal(s) => path.push_str(s),
                PathPart::Param(i) => {
                    if let Some(p) = op.path_params.get(*i) {
                        let value = self.param_value(p);
                        path.push_str(&encode(&text(&value)));
                    }
                }
            }
        }
        let mut pairs = Vec::new();
        for p in &op.other_params {
            let ParamLocation::Query { explode } = p.location else {
                continue;
            };
            let value = self.param_value(p);
            match &value {
                Value::Array(items) if explode => {
                    for item in items {
                        pairs.push(format!("{}={}", encode(&p.wire), encode(&text(item))));
                    }
                }
                Value::Array(items) if !items.is_empty() => {
                    let joined: Vec<String> = items.iter().map(|i| encode(&text(i))).collect();
                    pairs.push(format!("{}={}", encode(&p.wire), joined.join(",")));
                }
                Value::Array(_) => {}
                other => pairs.push(format!("{}={}", encode(&p.wire), encode(&text(other)))),
            }
        }
        if pairs.is_empty() {
            path
        } else {
            format!("{path}?{}", pairs.join("&"))
        }
    }

    /// What the outcome must be.
    fn check(&self, case: &Case) -> TokenStream {
        let id = &self.op.id;
        let status = case.status;
        if case.error {
            let example = match &case.answer {
                Some(_) => quote!(::std::option::Option::Some(ANSWER)),
                None => quote!(::std::option::Option::None),
            };
            return quote!(wire::check_api_error(#id, result, #status, #example););
        }
        let json = case.answer.as_ref().map(|(_, j)| j.clone());
        if let Some(p) = &self.op.pagination {
            let items = self.items_wire(&p.list_type, &p.items_field);
            let total = match &p.total_count {
                Some((rust, _)) => {
                    let wire = self.items_wire(&p.list_type, rust);
                    quote!(::std::option::Option::Some(#wire))
                }
                None => quote!(::std::option::Option::None),
            };
            return quote! {
                let got = wire::success(#id, result);
                wire::check_page(#id, &got, ANSWER, #items, #total);
            };
        }
        match &self.op.outcome {
            Outcome::Single(s) if s.payload == Payload::Empty => {
                quote!(let () = wire::success(#id, result);)
            }
            Outcome::Single(s) => {
                let value = payload_check(id, &s.payload, json.as_deref(), quote!(got));
                quote! {
                    let got = wire::success(#id, result);
                    #value
                }
            }
            Outcome::Several { name, variants } => {
                let Some((variant, s)) = variants.iter().find(|(_, s)| s.status == status) else {
                    return quote!();
                };
                let outcome = format_ident!("{name}");
                let area = format_ident!("{}", self.op.area);
                let variant = format_ident!("{variant}");
                let path = quote!(::gh_actions::#area::#outcome::#variant);
                let (pattern, body) = match s.payload {
                    Payload::Empty => (quote!(#path), quote!()),
                    _ => (
                        quote!(#path(value)),
                        payload_check(id, &s.payload, json.as_deref(), quote!(value)),
                    ),
                };
                quote! {
                    match wire::success(#id, result) {
                        #pattern => { #body }
                        #[allow(unreachable_patterns)]
                        other => panic!("{}: expected {}, got {other:?}", #id, ::std::stringify!(#pattern)),
                    }
                }
            }
        }
    }

    /// The wire name of a field of a list type, by its Rust name.
    fn items_wire(&self, list_type: &str, rust: &str) -> String {
        self.model
            .types
            .iter()
            .find(|t| t.name == list_type)
            .and_then(|t| match &t.kind {
                TypeKind::Struct { fields, .. } => fields.iter().find(|f| f.rust == rust),
                _ => None,
            })
            .map_or_else(|| unraw(rust).to_owned(), |f| f.wire.clone())
    }
}

/// The check of one success payload held in `got`.
fn payload_check(id: &str, payload: &Payload, json: Option<&str>, got: TokenStream) -> TokenStream {
    match (payload, json) {
        (Payload::Json(_), Some(_)) => quote!(wire::check_json(#id, &#got, ANSWER);),
        (Payload::Text, Some(json)) => {
            let text: String = serde_json::from_str(json).unwrap_or_else(|_| json.to_owned());
            quote!(assert_eq!(#got, #text, "{}: text", #id);)
        }
        (Payload::Redirect, _) => quote!(wire::check_redirect(#id, &#got);),
        (Payload::Empty, _) => quote!(let () = #got;),
        _ => quote!(let _ = #got;),
    }
}

/// The key id of a sealed request example, or a made-up one.
fn sealed_key_id(example: &Value) -> String {
    example
        .get("key_id")
        .and_then(Value::as_str)
        .unwrap_or("012345678912345678")
        .to_owned()
}

/// A raw string literal of `text` (`r#"..."#`, with as many `#` as it needs).
fn raw_str(text: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| quote!(#text))
}

/// A JSON value as written into a URL: strings bare, numbers and booleans
/// as JSON writes them.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::emit_wire_tests;
    use crate::{load, model};

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
tags: [{name: things}]
paths:
  /things/{name}:
    get:
      operationId: things/get
      tags: [things]
      x-github-products: [github.com]
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
        - {name: per_page, in: query, schema: {type: integer}, example: 7}
      responses:
        "200":
          description: a thing
          content:
            application/json:
              schema: {$ref: '#/components/schemas/thing'}
              examples: {default: {$ref: '#/components/examples/thing'}}
        "404":
          description: no such thing
components:
  schemas:
    thing:
      type: object
      properties:
        id: {type: integer}
  examples:
    thing:
      value: {id: 1}
"##;

    /// The generated `mod.rs` and the area file, as text.
    fn generate(spec: &str) -> (String, String) {
        let loaded = load::read_str("things.yaml", spec).unwrap_or_else(|e| panic!("{e:?}"));
        let model = model::build(&loaded).unwrap_or_else(|e| panic!("{e:?}"));
        let files = emit_wire_tests(&loaded, &model);
        let text = |rel: &str| files.get(rel).map(ToString::to_string).unwrap_or_default();
        (text("mod.rs"), text("things.rs"))
    }

    #[test]
    fn every_status_with_an_example_gets_a_test_that_encodes_the_path_and_query() {
        let (root, things) = generate(SPEC);
        assert!(root.contains("(\"things/get\" , 200u16)"), "{root}");
        assert!(root.contains("(\"things/get\" , 404u16)"), "{root}");
        assert!(things.contains("async fn get_200"), "{things}");
        assert!(things.contains("async fn get_404"), "{things}");
        // The made-up name holds a space, a slash, a percent sign and a
        // non-ASCII letter; the example per_page is used as given.
        assert!(
            things.contains("\"/things/name%20%E2%9C%93%2F%25?per_page=7\""),
            "{things}"
        );
    }

    #[test]
    fn removing_an_answer_example_removes_its_test_and_says_why() {
        let without = SPEC.replace(
            "              examples: {default: {$ref: '#/components/examples/thing'}}\n",
            "",
        );
        assert_ne!(without, SPEC);
        let (root, things) = generate(&without);
        assert!(!things.contains("async fn get_200"), "{things}");
        assert!(
            root.contains("(\"things/get\" , 200u16 , \"the spec has no example of this answer\")"),
            "{root}"
        );
    }
}
