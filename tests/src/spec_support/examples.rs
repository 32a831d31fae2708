//! Every example of the document, paired with the schema it must satisfy.

use super::{Kind, PRODUCTS, Showing, Spec, escape, nodes, pointer};
use generator::extensions;
use serde_json::Value;

/// One example value and the schema it illustrates.
#[derive(Debug, Clone)]
pub struct ExampleCase<'a> {
    /// The operation it belongs to (`actions/x (GET /path)`), if any.
    pub operation: Option<String>,
    /// The response status it illustrates (`200`), for response examples.
    pub status: Option<String>,
    /// The media type it is given for, for response and request body examples.
    pub media_type: Option<String>,
    /// Where it sits: `response 200 (application/json)`, `request body (...)`, `parameter `x``.
    pub site: String,
    /// `example `name`` or `inline example`.
    pub name: String,
    /// The example value.
    pub value: &'a Value,
    /// JSON pointer to the value.
    pub value_at: String,
    /// The schema the value must satisfy (possibly a `$ref`).
    pub schema: &'a Value,
    /// JSON pointer to that schema.
    pub schema_at: String,
    /// The products (and github.com API versions) the example shows: its own
    /// `x-github-products`/`x-github-api-versions`, else those of its operation, else all.
    pub showing: Showing,
}

impl ExampleCase<'_> {
    /// `actions/x (GET /path): response 200 (application/json) example `default``.
    pub fn describe(&self) -> String {
        match &self.operation {
            Some(op) => format!("{op}: {} {}", self.site, self.name),
            None => format!("{} {}", self.site, self.name),
        }
    }
}

/// Where examples hang: the holder node, its schema, and how to describe it.
struct Holder<'a> {
    operation: Option<String>,
    /// The products of the operation, when the holder is inside one.
    products: Vec<String>,
    status: Option<String>,
    media_type: Option<String>,
    site: String,
    node: &'a Value,
    at: String,
}

impl Spec {
    /// Every example: on response and request body media types, on parameters and headers,
    /// and the `example` of every schema. The messages say what keeps an example from being
    /// checked (no schema, no inline value, a broken `$ref`).
    pub fn examples(&self) -> (Vec<ExampleCase<'_>>, Vec<String>) {
        let mut holders = Vec::new();
        let mut problems = Vec::new();
        for op in self.operations() {
            let label = op.label();
            let Some(raw_op) = self.at(&op.pointer(&[])) else {
                continue;
            };
            let products = strings(raw_op.get(extensions::PRODUCTS));
            let mut bodies: Vec<(Option<&str>, String, &Value, String)> = Vec::new();
            let responses = raw_op.get("responses").and_then(Value::as_object);
            for (status, response) in responses.into_iter().flatten() {
                let at = op.pointer(&["responses", status]);
                bodies.push((Some(status), format!("response {status}"), response, at));
            }
            if let Some(body) = raw_op.get("requestBody") {
                bodies.push((
                    None,
                    "request body".to_owned(),
                    body,
                    op.pointer(&["requestBody"]),
                ));
            }
            for (status, what, body, at) in bodies {
                let (body, at) = match self.deref(body, &at) {
                    Ok(found) => found,
                    Err(e) => {
                        problems.push(format!("{label}: {what}: {e}"));
                        continue;
                    }
                };
                let content = body.get("content").and_then(Value::as_object);
                for (media, media_type) in content.into_iter().flatten() {
                    holders.push(Holder {
                        operation: Some(label.clone()),
                        products: products.clone(),
                        status: status.map(str::to_owned),
                        media_type: Some(media.clone()),
                        site: format!("{what} ({media})"),
                        node: media_type,
                        at: format!("{at}/content/{}", escape(media)),
                    });
                }
            }
        }
        let mut cases = Vec::new();
        for node in nodes(&self.raw) {
            if node.value.get("$ref").is_some() {
                continue;
            }
            let owner = self.operation_at(&node.at);
            let operation = owner.as_ref().map(|op| op.label());
            let products = owner
                .map(|op| strings(op.extension(extensions::PRODUCTS)))
                .unwrap_or_default();
            match node.kind {
                Kind::Schema => {
                    if let Some(value) = node.value.get("example") {
                        cases.push(ExampleCase {
                            operation,
                            status: None,
                            media_type: None,
                            site: "schema".to_owned(),
                            name: "example".to_owned(),
                            value,
                            value_at: format!("{}/example", node.at),
                            schema: node.value,
                            schema_at: node.at.clone(),
                            showing: showing(&products, &[]),
                        });
                    }
                }
                Kind::Parameter | Kind::Header => {
                    let site = match node.value.get("name").and_then(Value::as_str) {
                        Some(name) => format!("parameter `{name}`"),
                        None => "header".to_owned(),
                    };
                    holders.push(Holder {
                        operation,
                        products,
                        status: None,
                        media_type: None,
                        site,
                        node: node.value,
                        at: node.at,
                    });
                }
                _ => {}
            }
        }
        for holder in holders {
            self.examples_on(holder, &mut cases, &mut problems);
        }
        (cases, problems)
    }

    /// The `example` and `examples` of one media type, parameter or header.
    fn examples_on<'a>(
        &'a self,
        holder: Holder<'a>,
        cases: &mut Vec<ExampleCase<'a>>,
        problems: &mut Vec<String>,
    ) {
        let what = match &holder.operation {
            Some(op) => format!("{op}: {}", holder.site),
            None => holder.site.clone(),
        };
        let mut found: Vec<(String, &Value, String, Showing)> = Vec::new();
        if let Some(value) = holder.node.get("example") {
            found.push((
                "inline example".to_owned(),
                value,
                format!("{}/example", holder.at),
                showing(&holder.products, &[]),
            ));
        }
        let examples = holder.node.get("examples").and_then(Value::as_object);
        for (name, example) in examples.into_iter().flatten() {
            let at = format!("{}/examples/{}", holder.at, escape(name));
            match self.deref(example, &at) {
                Err(e) => problems.push(format!("{what} example `{name}`: {e}")),
                Ok((example, example_at)) => match example.get("value") {
                    Some(value) => found.push((
                        format!("example `{name}`"),
                        value,
                        format!("{example_at}/value"),
                        match strings(example.get(extensions::PRODUCTS)) {
                            own if !own.is_empty() => {
                                showing(&own, &strings(example.get(extensions::API_VERSIONS)))
                            }
                            _ => showing(&holder.products, &[]),
                        },
                    )),
                    None => problems.push(format!(
                        "{what} example `{name}` has no inline `value` to check (at {example_at})"
                    )),
                },
            }
        }
        if found.is_empty() {
            return;
        }
        let Some(schema) = holder.node.get("schema") else {
            problems.push(format!(
                "{what} has examples but no schema to check them against (at {})",
                holder.at
            ));
            return;
        };
        for (name, value, value_at, showing) in found {
            cases.push(ExampleCase {
                operation: holder.operation.clone(),
                status: holder.status.clone(),
                media_type: holder.media_type.clone(),
                site: holder.site.clone(),
                name,
                value,
                value_at,
                schema,
                schema_at: format!("{}/schema", holder.at),
                showing,
            });
        }
    }

    /// Names under `#/components/examples` that no `$ref` points at.
    pub fn unreferenced_examples(&self) -> Vec<&str> {
        let all = nodes(&self.raw);
        let referenced: Vec<&str> = all
            .iter()
            .filter_map(|n| n.value.get("$ref").and_then(Value::as_str))
            .collect();
        let examples = self
            .raw
            .pointer("/components/examples")
            .and_then(Value::as_object);
        (examples.into_iter().flatten())
            .map(|(name, _)| name.as_str())
            .filter(|name| {
                !referenced.contains(&pointer(["components", "examples", name]).as_str())
            })
            .collect()
    }
}

/// The strings of a list extension (`x-github-products`); anything else reads as none.
fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// What an example shows: `products` (every product when none is named) and, on github.com,
/// `api_versions` (every version when none is named).
fn showing(products: &[String], api_versions: &[String]) -> Showing {
    if products.is_empty() {
        let all: Vec<String> = PRODUCTS.iter().map(|p| (*p).to_owned()).collect();
        Showing::of(&all, api_versions)
    } else {
        Showing::of(products, api_versions)
    }
}
