//! The schema context: builds named types from typed schemas, collecting problems.

mod objects;

use super::shape::{Shape, shape};
use super::{EnumVariant, Field, SchemaNode, Ty, TypeDef, TypeKind, docs_text};
use crate::availability::Availability;
use crate::diagnostics::{Diagnostic, pointer};
use crate::extensions;
use crate::load::RefDocs;
use crate::names::{self, NameSet};
use crate::resolve::{RefError, component_key};
use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema};
use std::collections::{BTreeMap, BTreeSet};

/// Builds named types from schemas, collecting problems.
pub struct SchemaCx<'a> {
    /// Problems found so far.
    pub problems: Vec<Diagnostic>,
    schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
    ref_docs: &'a BTreeMap<String, RefDocs>,
    availability: &'a BTreeMap<String, Availability>,
    types: Vec<TypeDef>,
    index: BTreeMap<String, usize>,
    names: NameSet,
    /// `(key, Rust name)` of every component schema, ordered by key.
    components: Vec<(String, String)>,
    built: BTreeMap<String, Option<bool>>,
    enums_by_values: BTreeMap<Vec<String>, String>,
    unions_by_variants: BTreeMap<Vec<Ty>, String>,
    /// Id newtypes by the name `x-github-id` gives.
    ids: BTreeMap<String, String>,
    /// For each string enum of several values named after a place (not a
    /// component), the names every place that uses it would give.
    enum_hints: BTreeMap<String, Vec<String>>,
}

impl<'a> SchemaCx<'a> {
    /// A context over the component `schemas`, with the docs written beside
    /// `$ref`s and where restricted properties exist.
    pub fn new(
        schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
        ref_docs: &'a BTreeMap<String, RefDocs>,
        availability: &'a BTreeMap<String, Availability>,
    ) -> Self {
        SchemaCx {
            problems: Vec::new(),
            schemas,
            ref_docs,
            availability,
            types: Vec::new(),
            index: BTreeMap::new(),
            names: NameSet::with_reserved(names::RESERVED_TYPES),
            components: Vec::new(),
            built: BTreeMap::new(),
            enums_by_values: BTreeMap::new(),
            unions_by_variants: BTreeMap::new(),
            ids: BTreeMap::new(),
            enum_hints: BTreeMap::new(),
        }
    }

    /// Reserves the names of all component schemas, in key order.
    pub fn register_components(&mut self) {
        let mut keys: Vec<&String> = self.schemas.keys().collect();
        keys.sort();
        for key in keys {
            let name = self.names.claim(&names::pascal(key));
            self.components.push((key.clone(), name));
        }
    }

    /// Builds the component schemas the model did not reach but `wanted`
    /// keeps (by key): those of error answers, which operations reach too.
    pub fn build_components(&mut self, wanted: impl Fn(&str) -> bool) {
        for (key, _) in self.components.clone() {
            if wanted(&key) {
                self.component(&key);
            }
        }
    }

    /// The Rust names of the component schemas.
    pub fn component_names(&self) -> BTreeSet<String> {
        self.components
            .iter()
            .map(|(_, name)| name.clone())
            .collect()
    }

    /// The finished types.
    pub fn into_types(self) -> Vec<TypeDef> {
        let mut types = self.types;
        super::recursion::break_cycles(&mut types);
        types
    }

    /// Where the property or response at `at` exists (unrestricted when the
    /// spec says nothing).
    pub fn availability_at(&self, at: &[String]) -> Availability {
        self.availability
            .get(&pointer(at))
            .cloned()
            .unwrap_or_default()
    }

    /// For each string enum of several values named after a place, the
    /// names every place that uses it would give (see `model::rename`).
    pub fn enum_hints(&self) -> &BTreeMap<String, Vec<String>> {
        &self.enum_hints
    }

    /// Every name a type has or may not have: the types built so far and
    /// the names the generated crate declares itself.
    pub fn taken_names(&self) -> BTreeSet<String> {
        self.index
            .keys()
            .cloned()
            .chain(names::RESERVED_TYPES.iter().map(|n| (*n).to_owned()))
            .collect()
    }

    /// A type by name.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.index.get(name).map(|&i| &self.types[i])
    }

    /// The fields of a named struct.
    pub fn struct_fields(&self, name: &str) -> Option<Vec<Field>> {
        match &self.get(name)?.kind {
            TypeKind::Struct { fields, .. } => Some(fields.clone()),
            TypeKind::Alias(Ty::Named(n)) => self.struct_fields(n),
            _ => None,
        }
    }

    fn push(&mut self, def: TypeDef) {
        self.index.insert(def.name.clone(), self.types.len());
        self.types.push(def);
    }

    fn problem(&mut self, at: &[String], msg: impl Into<String>) {
        self.problems.push(Diagnostic::new(pointer(at), msg));
    }

    /// The docs of the schema at `at`: its own title and description, or
    /// for a `$ref` what the document writes beside it.
    fn docs(&self, node: SchemaNode<'_>, at: &[String]) -> String {
        match node {
            SchemaNode::Inline(schema) => docs_text(
                schema.schema_data.title.as_deref(),
                schema.schema_data.description.as_deref(),
            ),
            SchemaNode::Ref(_) => self
                .ref_docs
                .get(&pointer(at))
                .map(|d| docs_text(d.title.as_deref(), d.description.as_deref()))
                .unwrap_or_default(),
        }
    }

    /// Returns the component's Rust name and whether it is nullable, building it on first use.
    fn component(&mut self, key: &str) -> Option<(String, bool)> {
        let name = self
            .components
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, n)| n.clone())?;
        match self.built.get(key) {
            Some(Some(nullable)) => return Some((name, *nullable)),
            Some(None) => return Some((name, false)), // being built: a recursive reference
            None => {}
        }
        self.built.insert(key.to_owned(), None);
        let at = vec![
            "components".to_owned(),
            "schemas".to_owned(),
            key.to_owned(),
        ];
        let node = SchemaNode::from(self.schemas.get(key)?);
        let mut nullable = matches!(node, SchemaNode::Inline(s) if s.schema_data.nullable);
        let docs = self.docs(node, &at);
        if let Some((ty, allows_null)) = self.ty_named(node, &name, &at, false, true) {
            // `allOf` with a nullable member, a union with a nullable alternative.
            nullable |= allows_null;
            // Objects, enums and unions were created under `name` already.
            if self.get(&name).is_none() {
                self.push(TypeDef {
                    name: name.clone(),
                    docs,
                    kind: TypeKind::Alias(ty),
                });
            }
        }
        self.built.insert(key.to_owned(), Some(nullable));
        Some((name, nullable))
    }

    /// The type of `schema`; new named types are named from `hint`.
    /// Returns the type and whether `null` is allowed.
    pub fn ty(
        &mut self,
        schema: SchemaNode<'a>,
        hint: &str,
        at: &[String],
        request: bool,
    ) -> Option<(Ty, bool)> {
        self.ty_named(schema, hint, at, request, false)
    }

    /// The type of a `$ref`: the component's, which must exist.
    fn reference(&mut self, reference: &str, at: &[String]) -> Option<(Ty, bool)> {
        let key = self.schema_key(reference, at)?;
        match self.component(&key) {
            Some((name, nullable)) => Some((Ty::Named(name), nullable)),
            None => {
                self.problem(at, RefError::Missing(reference.to_owned()).message());
                None
            }
        }
    }

    /// The component key of a `$ref`, which must point at
    /// `#/components/schemas/<key>` (a problem at `at` otherwise).
    fn schema_key(&mut self, reference: &str, at: &[String]) -> Option<String> {
        let key = component_key::<Schema>(reference);
        if key.is_none() {
            let error = RefError::Elsewhere {
                reference: reference.to_owned(),
                expected: "#/components/schemas/",
            };
            self.problem(at, error.message());
        }
        key
    }

    /// `fixed`: the schema is a component, whose type takes exactly `hint`
    /// (reserved by `register_components`) and is never shared.
    fn ty_named(
        &mut self,
        node: SchemaNode<'a>,
        hint: &str,
        at: &[String],
        request: bool,
        fixed: bool,
    ) -> Option<(Ty, bool)> {
        let schema = match node {
            SchemaNode::Ref(reference) => return self.reference(reference, at),
            SchemaNode::Inline(schema) => schema,
        };
        let nullable = schema.schema_data.nullable;
        let sub = |k: &str| -> Vec<String> { at.iter().cloned().chain([k.to_owned()]).collect() };
        match shape(schema) {
            Shape::AllOf(members) => self.all_of_ty(node, members, hint, at, request, fixed),
            Shape::OneOf { key, alternatives } => {
                let docs = self.docs(node, at);
                self.one_of(
                    alternatives,
                    hint,
                    &sub(key),
                    request,
                    nullable,
                    docs,
                    fixed,
                )
            }
            Shape::String { values, date_time } => {
                if !values.is_empty() {
                    let values = values.into_iter().map(str::to_owned).collect();
                    let docs = self.docs(node, at);
                    let name = self.string_enum(values, hint, docs, fixed);
                    return Some((Ty::Named(name), nullable));
                }
                let ty = if date_time { Ty::Timestamp } else { Ty::String };
                Some((ty, nullable))
            }
            Shape::Integer => self.integer_ty(schema, at).map(|ty| (ty, nullable)),
            Shape::Number => Some((Ty::F64, nullable)),
            Shape::Boolean => Some((Ty::Bool, nullable)),
            Shape::Array(items) => {
                let Some(items) = items else {
                    self.problem(at, "an array schema needs `items`");
                    return None;
                };
                let item_hint = names::item_type(hint);
                let (item, _) = self.ty_named(items, &item_hint, &sub("items"), request, false)?;
                Some((Ty::Vec(Box::new(item)), nullable))
            }
            Shape::Object(object) => self
                .object_ty(node, object, hint, at, request, fixed)
                .map(|ty| (ty, nullable)),
            Shape::Unsupported(other) => {
                self.problem(
                    &sub("type"),
                    format!("schema type `{other}` is not supported"),
                );
                None
            }
        }
    }

    /// An integer schema's type: `i64`, or the id newtype `x-github-id` names.
    fn integer_ty(&mut self, schema: &Schema, at: &[String]) -> Option<Ty> {
        match extensions::id_type(&schema.schema_data.extensions, at) {
            Ok(None) => Some(Ty::I64),
            Ok(Some(wanted)) => {
                let at_id: Vec<String> = at
                    .iter()
                    .cloned()
                    .chain([extensions::ID.to_owned()])
                    .collect();
                self.id_type(&wanted, &at_id).map(Ty::Named)
            }
            Err(problem) => {
                self.problems.push(problem);
                None
            }
        }
    }

    /// The id newtype `x-github-id` names, created on first use. The name is
    /// the spec's to choose, so one that another type took is a problem,
    /// not a silent `RunId2`.
    fn id_type(&mut self, wanted: &str, at: &[String]) -> Option<String> {
        if names::pascal(wanted) != wanted {
            self.problem(at, extensions::id_type_message());
            return None;
        }
        if let Some(name) = self.ids.get(wanted) {
            return Some(name.clone());
        }
        if self.names.contains(wanted) {
            self.problem(
                at,
                format!("id type `{wanted}` is already the name of another type"),
            );
            return None;
        }
        let name = self.names.claim(wanted);
        self.ids.insert(wanted.to_owned(), name.clone());
        self.push(TypeDef {
            name: name.clone(),
            docs: names::id_docs(),
            kind: TypeKind::Id,
        });
        Some(name)
    }

    /// Whether `ty` is an id newtype.
    pub fn is_id(&self, ty: &Ty) -> bool {
        matches!(ty, Ty::Named(n) if matches!(self.get(n).map(|t| &t.kind), Some(TypeKind::Id)))
    }

    fn string_enum(
        &mut self,
        values: Vec<String>,
        hint: &str,
        docs: String,
        fixed: bool,
    ) -> String {
        if let Some(existing) = self.enums_by_values.get(&values).filter(|_| !fixed) {
            let existing = existing.clone();
            if let Some(hints) = self.enum_hints.get_mut(&existing) {
                hints.push(hint.to_owned());
            }
            return existing;
        }
        let name = match values.as_slice() {
            _ if fixed => hint.to_owned(),
            [one] => self.names.claim(&names::single_value_enum(one, hint)),
            _ => self.names.claim(hint),
        };
        let mut vn = NameSet::default();
        let variants: Vec<EnumVariant> = values
            .iter()
            .map(|v| EnumVariant {
                rust: vn.claim(&names::pascal(v)),
                wire: v.clone(),
            })
            .collect();
        let unknown = vn.claim(names::UNKNOWN_VARIANT);
        if !fixed && values.len() > 1 {
            self.enum_hints.insert(name.clone(), vec![hint.to_owned()]);
        }
        self.enums_by_values
            .entry(values)
            .or_insert_with(|| name.clone());
        self.push(TypeDef {
            name: name.clone(),
            docs,
            kind: TypeKind::Enum { variants, unknown },
        });
        name
    }

    #[allow(clippy::too_many_arguments)]
    fn one_of(
        &mut self,
        alternatives: &'a [ReferenceOr<Schema>],
        hint: &str,
        at: &[String],
        request: bool,
        nullable: bool,
        docs: String,
        fixed: bool,
    ) -> Option<(Ty, bool)> {
        let mut tys = Vec::new();
        let mut any_null = nullable;
        for (i, alt) in alternatives.iter().enumerate() {
            let p: Vec<String> = at.iter().cloned().chain([i.to_string()]).collect();
            let alt_hint = names::alternative_type(hint, i);
            let (t, n) = self.ty_named(alt.into(), &alt_hint, &p, request, false)?;
            any_null |= n;
            if !tys.contains(&t) {
                tys.push(t);
            }
        }
        if tys.len() == 1 {
            return tys.pop().map(|t| (t, any_null));
        }
        if tys.is_empty() {
            self.problem(at, "`oneOf` with no alternatives");
            return None;
        }
        // Unions of the same alternatives share one type.
        if let Some(existing) = self.unions_by_variants.get(&tys).filter(|_| !fixed) {
            return Some((Ty::Named(existing.clone()), any_null));
        }
        let name = if fixed {
            hint.to_owned()
        } else {
            self.names.claim(hint)
        };
        self.unions_by_variants
            .entry(tys.clone())
            .or_insert_with(|| name.clone());
        let mut vn = NameSet::default();
        let variants = tys
            .into_iter()
            .map(|t| {
                let wanted = if self.is_id(&t) {
                    names::ID_VARIANT.to_owned()
                } else {
                    names::union_variant(&t)
                };
                (vn.claim(&wanted), t)
            })
            .collect();
        self.push(TypeDef {
            name: name.clone(),
            docs,
            kind: TypeKind::OneOf { variants },
        });
        Some((Ty::Named(name), any_null))
    }
}
