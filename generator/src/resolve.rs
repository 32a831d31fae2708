//! `$ref`s resolved through the typed `components` of the document.
//!
//! Only references into the `components` map of the referring kind are
//! followed (`#/components/parameters/...` for a parameter). A reference
//! written to any other node of the document (`#/components/schemas/a/allOf/0`)
//! reaches here as one into `components`: `load` moved the node there, under
//! a key from its place, before the document was typed. `load` has also
//! checked that every `$ref` points at something.

use indexmap::IndexMap;
use openapiv3::{Components, Example, Parameter, ReferenceOr, RequestBody, Response, Schema};

/// Reference chains longer than this are taken for cycles.
const MAX_HOPS: usize = 32;

/// A kind of object that lives in a map of `components`.
pub trait Component: Sized {
    /// Where references to this kind point (`#/components/schemas/`).
    const PREFIX: &'static str;

    /// The map of `components` that holds this kind.
    fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

impl Component for Schema {
    const PREFIX: &'static str = "#/components/schemas/";
    fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.schemas
    }
}

impl Component for Parameter {
    const PREFIX: &'static str = "#/components/parameters/";
    fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.parameters
    }
}

impl Component for RequestBody {
    const PREFIX: &'static str = "#/components/requestBodies/";
    fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.request_bodies
    }
}

impl Component for Example {
    const PREFIX: &'static str = "#/components/examples/";
    fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.examples
    }
}

impl Component for Response {
    const PREFIX: &'static str = "#/components/responses/";
    fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.responses
    }
}

/// Why a `$ref` could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// The reference does not point into the map of its kind.
    Elsewhere {
        /// The `$ref` as written.
        reference: String,
        /// Where it should point (`#/components/parameters/`).
        expected: &'static str,
    },
    /// The component does not exist.
    Missing(String),
    /// The references go round in a circle.
    Cycle(String),
}

impl RefError {
    /// What is wrong, in one sentence.
    pub fn message(&self) -> String {
        match self {
            RefError::Elsewhere {
                reference,
                expected,
            } => format!("`$ref: {reference}` is not supported: it must point into `{expected}`"),
            RefError::Missing(reference) => format!("`$ref: {reference}` points at nothing"),
            RefError::Cycle(reference) => {
                format!("`$ref: {reference}` leads round in a circle of references")
            }
        }
    }
}

/// The component key a reference names (`#/components/schemas/a~1b` -> `a/b`),
/// if it points into the map of `T`.
pub fn component_key<T: Component>(reference: &str) -> Option<String> {
    let escaped = reference.strip_prefix(T::PREFIX)?;
    Some(escaped.replace("~1", "/").replace("~0", "~"))
}

/// The object `node` stands for, following references through `components`.
pub fn resolve<'a, T: Component>(
    components: &'a Components,
    node: &'a ReferenceOr<T>,
) -> Result<&'a T, RefError> {
    match node {
        ReferenceOr::Item(item) => Ok(item),
        ReferenceOr::Reference { reference } => resolve_ref(components, reference),
    }
}

/// The object a `$ref` points at, following further references.
pub fn resolve_ref<'a, T: Component>(
    components: &'a Components,
    reference: &str,
) -> Result<&'a T, RefError> {
    let mut current = reference;
    for _ in 0..MAX_HOPS {
        let key = component_key::<T>(current).ok_or_else(|| RefError::Elsewhere {
            reference: current.to_owned(),
            expected: T::PREFIX,
        })?;
        match T::map(components).get(&key) {
            None => return Err(RefError::Missing(current.to_owned())),
            Some(ReferenceOr::Item(item)) => return Ok(item),
            Some(ReferenceOr::Reference { reference }) => current = reference,
        }
    }
    Err(RefError::Cycle(reference.to_owned()))
}

/// The pointer segments of the place the object `node` stands for is
/// written: `at` for an object written there, else the component its
/// references end at (where its vendor extensions are). `at` as well when
/// the references cannot be followed, which is reported where they are.
pub fn written_at<T: Component>(
    components: &Components,
    node: &ReferenceOr<T>,
    at: &[String],
) -> Vec<String> {
    let ReferenceOr::Reference { reference } = node else {
        return at.to_vec();
    };
    let mut current = reference;
    for _ in 0..MAX_HOPS {
        let Some(key) = component_key::<T>(current) else {
            break;
        };
        match T::map(components).get(&key) {
            None => break,
            Some(ReferenceOr::Item(_)) => {
                let section = T::PREFIX.trim_start_matches("#/").trim_end_matches('/');
                return section.split('/').map(str::to_owned).chain([key]).collect();
            }
            Some(ReferenceOr::Reference { reference }) => current = reference,
        }
    }
    at.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn components(yaml: &str) -> Components {
        serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn follows_chains_and_reports_missing_cycles_and_wrong_kinds() {
        let c = components(
            r##"
parameters:
  a: {$ref: '#/components/parameters/b'}
  b: {name: b, in: query, schema: {type: string}}
  loop: {$ref: '#/components/parameters/loop'}
"##,
        );
        let p = resolve_ref::<Parameter>(&c, "#/components/parameters/a");
        assert_eq!(p.map(|p| p.parameter_data_ref().name.as_str()), Ok("b"));
        assert_eq!(
            resolve_ref::<Parameter>(&c, "#/components/parameters/nope"),
            Err(RefError::Missing("#/components/parameters/nope".into()))
        );
        assert!(matches!(
            resolve_ref::<Parameter>(&c, "#/components/parameters/loop"),
            Err(RefError::Cycle(_))
        ));
        assert!(matches!(
            resolve_ref::<Parameter>(&c, "#/components/schemas/b"),
            Err(RefError::Elsewhere { .. })
        ));
    }

    #[test]
    fn keys_are_unescaped() {
        assert_eq!(
            component_key::<Schema>("#/components/schemas/a~1b~0c"),
            Some("a/b~c".to_owned())
        );
        assert_eq!(component_key::<Schema>("#/definitions/a"), None);
    }

    #[test]
    fn written_at_names_the_component_a_chain_of_references_ends_at() {
        let c = components(
            r##"
responses:
  a: {$ref: '#/components/responses/b'}
  b: {description: done}
"##,
        );
        let at = vec!["paths".to_owned(), "/x".to_owned()];
        let reference = |to: &str| ReferenceOr::<Response>::Reference {
            reference: format!("#/components/responses/{to}"),
        };
        assert_eq!(
            written_at(&c, &reference("a"), &at),
            ["components", "responses", "b"]
        );
        assert_eq!(written_at(&c, &reference("nope"), &at), at);
    }
}
