//! The typed pass of `load`: every operation checked, and resolved into an
//! [`Endpoint`] (method, parsed path, products).

use super::document::{Endpoint, operation_slots};
use crate::diagnostics::{Diagnostic, pointer};
use crate::extensions;
use crate::method::Method;
use crate::path_template::PathTemplate;
use crate::product::Product;
use crate::resolve::resolve;
use openapiv3::{Components, Operation, Parameter, PathItem, Paths, ReferenceOr, StatusCode};
use std::collections::{BTreeMap, BTreeSet};

/// Checks every operation of `paths` and returns those the client can send.
/// Paths are taken in key order, the order they have always had (the JSON
/// object sorted them; openapiv3 keeps document order), which decides
/// which use of a duplicate `operationId` comes first and the order of the
/// operations in the output.
pub(super) fn check_paths(
    paths: Paths,
    components: &Components,
    out: &mut Vec<Diagnostic>,
) -> Vec<Endpoint> {
    let mut items: Vec<(String, ReferenceOr<PathItem>)> = paths.paths.into_iter().collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let mut endpoints = Vec::new();
    let mut seen_ids = BTreeMap::new();
    for (path, item) in items {
        let mut item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                out.push(Diagnostic::new(
                    pointer(["paths", &path, "$ref"]),
                    format!(
                        "`$ref: {reference}` for a path item is not supported: write its operations under the path"
                    ),
                ));
                continue;
            }
        };
        let template = match PathTemplate::parse(&path) {
            Ok(t) => t,
            Err(msg) => {
                out.push(Diagnostic::new(pointer(["paths", &path]), msg));
                continue;
            }
        };
        let parameters = std::mem::take(&mut item.parameters);
        for (key, slot) in operation_slots(&mut item) {
            let Some(op) = slot.take() else { continue };
            // Without an `operationId`, the operation is named from its method and path.
            let id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| generated_id(key, &template));
            let site = Site {
                template: &template,
                key,
                id: Some(&id),
                given_id: op.operation_id.is_some(),
                path_parameters: &parameters,
                components,
            };
            site.check_id(&mut seen_ids, out);
            site.check_responses(&op, out);
            site.check_path_parameters(&op, out);
            let products = site.products(&op, out);
            let Some(method) = Method::from_key(key) else {
                out.push(site.diagnostic(
                    &[],
                    format!(
                        "`{}` operations are not supported: the client sends only {}",
                        key.to_uppercase(),
                        supported_methods()
                    ),
                ));
                continue;
            };
            endpoints.push(Endpoint {
                id,
                method,
                template: template.clone(),
                products,
                path_parameters: parameters.clone(),
                operation: op,
            });
        }
    }
    endpoints
}

/// The id of an operation without `operationId`: its method and the
/// segments of its path, joined by `-` (`GET /pets/{petId}` -> `get-pets-petId`).
fn generated_id(key: &str, template: &PathTemplate) -> String {
    let mut id = key.to_owned();
    for segment in template.as_str().split('/').filter(|s| !s.is_empty()) {
        id.push('-');
        id.push_str(segment.trim_start_matches('{').trim_end_matches('}'));
    }
    id
}

fn supported_methods() -> String {
    let names: Vec<&str> = Method::ALL.iter().map(|m| m.as_str()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// One operation being checked: where it is and what it shares with its path.
struct Site<'a> {
    template: &'a PathTemplate,
    key: &'static str,
    id: Option<&'a str>,
    /// Whether the document gave the id (else it was made from the method and path).
    given_id: bool,
    path_parameters: &'a [ReferenceOr<Parameter>],
    components: &'a Components,
}

impl Site<'_> {
    fn at(&self, rest: &[&str]) -> String {
        pointer(
            ["paths", self.template.as_str(), self.key]
                .iter()
                .chain(rest)
                .copied(),
        )
    }

    fn diagnostic(&self, rest: &[&str], message: String) -> Diagnostic {
        Diagnostic::new(self.at(rest), message).in_operation(self.id)
    }

    /// An `operationId` is used once; `seen` maps each id to where it was
    /// first used. An id made from the method and path that a written one
    /// already took is a problem too: the operation needs an id of its own.
    fn check_id(&self, seen: &mut BTreeMap<String, String>, out: &mut Vec<Diagnostic>) {
        let Some(id) = self.id else { return };
        match seen.get(id) {
            Some(first) if self.given_id => out.push(self.diagnostic(
                &["operationId"],
                format!("duplicate operationId, first used at {first}"),
            )),
            Some(first) => out.push(self.diagnostic(
                &[],
                format!(
                    "the operation has no operationId, and `{id}` (made from its method and path) is already used at {first}"
                ),
            )),
            None => {
                seen.insert(id.to_owned(), self.at(&[]));
            }
        }
    }

    /// At least one response, and at least one of them a success (or a
    /// `default`, which is the success when no status is). (Without
    /// `responses` at all, only the salvaged copy has the operation, with none.)
    fn check_responses(&self, op: &Operation, out: &mut Vec<Diagnostic>) {
        let r = &op.responses;
        if r.responses.is_empty() && r.default.is_none() && r.extensions.is_empty() {
            out.push(self.diagnostic(&["responses"], "the operation has no responses".into()));
        } else if !r.responses.keys().any(is_success) && r.default.is_none() {
            out.push(self.diagnostic(
                &["responses"],
                "the operation has no success (2xx or 3xx) response".into(),
            ));
        }
    }

    /// Path parameters are declared exactly when the template names them,
    /// and are required.
    fn check_path_parameters(&self, op: &Operation, out: &mut Vec<Diagnostic>) {
        let path = self.template.as_str();
        let lists = [
            (self.path_parameters, pointer(["paths", path, "parameters"])),
            (op.parameters.as_slice(), self.at(&["parameters"])),
        ];
        let mut declared = BTreeSet::new();
        for (list, base) in lists {
            for (i, p) in list.iter().enumerate() {
                // A `$ref` that leads nowhere is reported by the raw pass or the model.
                let Ok(Parameter::Path { parameter_data, .. }) = resolve(self.components, p) else {
                    continue;
                };
                let name = parameter_data.name.as_str();
                let at = format!("{base}/{i}");
                if !self.template.has_param(name) {
                    out.push(
                        Diagnostic::new(
                            at.clone(),
                            format!("path parameter `{name}` does not appear in the path `{path}`"),
                        )
                        .in_operation(self.id),
                    );
                }
                if !parameter_data.required {
                    out.push(
                        Diagnostic::new(
                            at,
                            format!("path parameter `{name}` must be `required: true`"),
                        )
                        .in_operation(self.id),
                    );
                }
                declared.insert(name);
            }
        }
        for name in self.template.params() {
            if !declared.contains(name) {
                out.push(self.diagnostic(
                    &["parameters"],
                    format!("path parameter `{{{name}}}` is not declared"),
                ));
            }
        }
    }

    /// The products of `x-github-products`, each resolved through the product
    /// table; without the key, every product has the operation. Problems
    /// leave it with none.
    fn products(&self, op: &Operation, out: &mut Vec<Diagnostic>) -> Vec<Product> {
        let at = ["paths", self.template.as_str(), self.key];
        extensions::operation_products(&op.extensions, &at).unwrap_or_else(|problems| {
            out.extend(problems.into_iter().map(|d| d.in_operation(self.id)));
            Vec::new()
        })
    }
}

/// Whether a response key is a success: a 2xx or 3xx status or range.
fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => (200..400).contains(code),
        StatusCode::Range(range) => matches!(range, 2 | 3),
    }
}
