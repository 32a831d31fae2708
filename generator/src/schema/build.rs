//! The schema context: builds named types from typed schemas, collecting problems.

use super::shape::{Shape, shape};
use super::{EnumVariant, Field, FieldShape, SchemaNode, Ty, TypeDef, TypeKind, docs_text};
use crate::availability::Availability;
use crate::diagnostics::{Diagnostic, pointer};
use crate::extensions;
use crate::load::RefDocs;
use crate::names::{self, NameSet};
use crate::resolve::{RefError, component_key};
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use std::collections::{BTreeMap, BTreeSet};

/// A property of an object schema, with its pointer (which, for a
/// property merged from an `allOf` member, lies in that member).
struct Property<'a> {
    wire: &'a str,
    node: SchemaNode<'a>,
    at: Vec<String>,
}

impl<'a> Property<'a> {
    /// The properties of the object at `at`, in the order given.
    fn list(properties: Vec<(&'a str, SchemaNode<'a>)>, at: &[String]) -> Vec<Property<'a>> {
        properties
            .into_iter()
            .map(|(wire, node)| Property {
                wire,
                node,
                at: at
                    .iter()
                    .cloned()
                    .chain(["properties".to_owned(), wire.to_owned()])
                    .collect(),
            })
            .collect()
    }
}

/// One member of an `allOf`, nested `allOf`s flattened.
struct AllOfPart<'a> {
    /// The member as written (a `$ref` stays one, so it keeps its type).
    node: SchemaNode<'a>,
    /// Its pointer.
    at: Vec<String>,
    /// Whether it allows `null`.
    nullable: bool,
    /// Whether it constrains nothing (only docs, or only `nullable`).
    empty: bool,
}

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
            Shape::Not => {
                self.problem(&sub("not"), "`not` schemas are not supported");
                None
            }
            Shape::AllOf(members) => {
                let parts = self.all_of_parts(members, &sub("allOf"));
                let empty_nullable = parts.iter().any(|p| p.empty && p.nullable);
                let parts: Vec<AllOfPart<'a>> = parts.into_iter().filter(|p| !p.empty).collect();
                let nullable = nullable
                    || empty_nullable
                    || (!parts.is_empty() && parts.iter().all(|p| p.nullable));
                match parts.as_slice() {
                    [] => Some((Ty::Json, nullable)),
                    [one] => {
                        let (ty, n) = self.ty_named(one.node, hint, &one.at, request, fixed)?;
                        Some((ty, n || nullable))
                    }
                    _ => {
                        let docs = self.docs(node, at);
                        let name = self.merge_objects(&parts, hint, docs, request, fixed)?;
                        Some((Ty::Named(name), nullable))
                    }
                }
            }
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
            Shape::Integer => match extensions::id_type(&schema.schema_data.extensions, at) {
                Ok(None) => Some((Ty::I64, nullable)),
                Ok(Some(wanted)) => {
                    let name = self.id_type(&wanted, &sub(extensions::ID))?;
                    Some((Ty::Named(name), nullable))
                }
                Err(problem) => {
                    self.problems.push(problem);
                    None
                }
            },
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
            Shape::Object {
                typed,
                properties,
                required,
                additional,
            } => {
                if !typed && properties.is_empty() && additional.is_none() {
                    return Some((Ty::Json, nullable));
                }
                if properties.is_empty() {
                    match additional {
                        Some(AdditionalProperties::Any(true)) => {
                            return Some((Ty::Map(Box::new(Ty::Json)), nullable));
                        }
                        Some(AdditionalProperties::Schema(values)) => {
                            let (t, _) = self.ty_named(
                                SchemaNode::from(&**values),
                                &names::map_value_type(hint),
                                &sub("additionalProperties"),
                                request,
                                false,
                            )?;
                            return Some((Ty::Map(Box::new(t)), nullable));
                        }
                        Some(AdditionalProperties::Any(false)) | None => {}
                    }
                }
                let name = if fixed {
                    hint.to_owned()
                } else {
                    self.names.claim(hint)
                };
                let docs = self.docs(node, at);
                let properties = Property::list(properties, at);
                self.object(&properties, required, &name, docs, request);
                Some((Ty::Named(name), nullable))
            }
            Shape::Unsupported(other) => {
                self.problem(
                    &sub("type"),
                    format!("schema type `{other}` is not supported"),
                );
                None
            }
        }
    }

    /// The id newtype `x-github-id` names, created on first use. The name is
    /// the spec's to choose, so one that another type took is a problem,
    /// not a silent `RunId2`.
    fn id_type(&mut self, wanted: &str, at: &[String]) -> Option<String> {
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
            return existing.clone();
        }
        let name = if fixed {
            hint.to_owned()
        } else {
            self.names.claim(hint)
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

    /// The members of an `allOf` at `at`, nested `allOf`s flattened (in
    /// place or behind a `$ref`).
    fn all_of_parts(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        at: &[String],
    ) -> Vec<AllOfPart<'a>> {
        let mut out = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let node = SchemaNode::from(member);
            let member_at: Vec<String> = at.iter().cloned().chain([i.to_string()]).collect();
            let Some((schema, schema_at)) = self.follow(node, &member_at, 0) else {
                continue;
            };
            match shape(schema) {
                Shape::AllOf(inner) if matches!(node, SchemaNode::Inline(_)) => {
                    let inner_at: Vec<String> = schema_at
                        .iter()
                        .cloned()
                        .chain(["allOf".to_owned()])
                        .collect();
                    let mut nested = self.all_of_parts(inner, &inner_at);
                    if schema.schema_data.nullable {
                        nested.iter_mut().for_each(|p| p.nullable = true);
                    }
                    out.extend(nested);
                }
                Shape::Object {
                    typed: false,
                    properties,
                    additional: None,
                    ..
                } if properties.is_empty() && matches!(node, SchemaNode::Inline(_)) => {
                    out.push(AllOfPart {
                        node,
                        at: member_at,
                        nullable: schema.schema_data.nullable,
                        empty: true,
                    })
                }
                _ => out.push(AllOfPart {
                    node,
                    at: member_at,
                    nullable: schema.schema_data.nullable,
                    empty: false,
                }),
            }
        }
        out
    }

    /// The schema a node stands for and its pointer, `$ref`s followed
    /// (reporting one that leads nowhere).
    fn follow(
        &mut self,
        node: SchemaNode<'a>,
        at: &[String],
        depth: usize,
    ) -> Option<(&'a Schema, Vec<String>)> {
        match node {
            SchemaNode::Inline(schema) => Some((schema, at.to_vec())),
            SchemaNode::Ref(reference) => {
                let key = self.schema_key(reference, at)?;
                let Some(target) = self.schemas.get(&key) else {
                    self.problem(at, RefError::Missing(reference.to_owned()).message());
                    return None;
                };
                if depth >= 32 {
                    self.problem(at, "`$ref`s that only refer to each other");
                    return None;
                }
                let target_at = vec!["components".to_owned(), "schemas".to_owned(), key];
                self.follow(SchemaNode::from(target), &target_at, depth + 1)
            }
        }
    }

    /// One struct with the properties of every `allOf` member (each must be
    /// an object); a property several members define keeps its first
    /// definition, and `required` is the union of the members'.
    fn merge_objects(
        &mut self,
        parts: &[AllOfPart<'a>],
        hint: &str,
        docs: String,
        request: bool,
        fixed: bool,
    ) -> Option<String> {
        let mut properties: Vec<Property<'a>> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        let mut failed = false;
        let mut queue: std::collections::VecDeque<(SchemaNode<'a>, Vec<String>)> =
            parts.iter().map(|p| (p.node, p.at.clone())).collect();
        let mut budget = 256;
        while let Some((node, part_at)) = queue.pop_front() {
            budget -= 1;
            if budget == 0 {
                self.problem(&part_at, "`allOf` members refer back to themselves");
                return None;
            }
            let (schema, schema_at) = self.follow(node, &part_at, 0)?;
            match shape(schema) {
                // An `allOf` behind a `$ref`: its members are merged in its place.
                Shape::AllOf(inner) => {
                    let inner_at: Vec<String> = schema_at
                        .iter()
                        .cloned()
                        .chain(["allOf".to_owned()])
                        .collect();
                    let nested = self.all_of_parts(inner, &inner_at);
                    for (i, p) in nested.into_iter().filter(|p| !p.empty).enumerate() {
                        queue.insert(i, (p.node, p.at));
                    }
                }
                Shape::Object {
                    properties: own,
                    required: own_required,
                    ..
                } => {
                    for p in Property::list(own, &schema_at) {
                        match properties.iter().find(|q| q.wire == p.wire) {
                            None => properties.push(p),
                            Some(first) => {
                                let first = (first.node, first.at.clone());
                                self.check_same_type(first, &p);
                            }
                        }
                    }
                    required.extend(own_required.iter().cloned());
                }
                other => {
                    self.problem(
                        &part_at,
                        format!(
                            "`allOf` can merge only objects, and this member is {}",
                            other.describe()
                        ),
                    );
                    failed = true;
                }
            }
        }
        if failed {
            return None;
        }
        let name = if fixed {
            hint.to_owned()
        } else {
            self.names.claim(hint)
        };
        self.object(&properties, &required, &name, docs, request);
        Some(name)
    }

    /// A property two `allOf` members both define keeps the first
    /// definition; a later one may narrow its docs, but one that says the
    /// value is of another JSON type makes the `allOf` impossible to meet,
    /// which is a problem at the later one (integer and number agree: an
    /// integer is both).
    fn check_same_type(&mut self, first: (SchemaNode<'a>, Vec<String>), later: &Property<'a>) {
        let Some((a, _)) = self.follow(first.0, &first.1, 0) else {
            return;
        };
        let Some((b, _)) = self.follow(later.node, &later.at, 0) else {
            return;
        };
        let (Some(a), Some(b)) = (pinned_type(&shape(a)), pinned_type(&shape(b))) else {
            return;
        };
        let numbers = ["an integer", "a number"];
        if a != b && !(numbers.contains(&a) && numbers.contains(&b)) {
            self.problem(
                &later.at,
                format!(
                    "`allOf` members disagree on property `{}`: it is {b} here and {a} at {}",
                    later.wire,
                    pointer(&first.1)
                ),
            );
        }
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

    fn object(
        &mut self,
        properties: &[Property<'a>],
        required: &[String],
        name: &str,
        docs: String,
        request: bool,
    ) {
        let mut fields = Vec::new();
        let mut field_names = NameSet::default();
        // A name in `required` that no property defines: the value must be
        // there, and the schema says nothing else of it.
        let undefined = required
            .iter()
            .filter(|r| !properties.iter().any(|p| p.wire == r.as_str()));
        let mut undefined: Vec<&String> = undefined.collect();
        undefined.sort();
        undefined.dedup();
        let mut pending: Vec<Field> = undefined
            .into_iter()
            .map(|wire| Field {
                rust: String::new(),
                wire: wire.clone(),
                ty: Ty::Json,
                shape: FieldShape::Required,
                docs: "Required by the schema, which says nothing else of it.".to_owned(),
                availability: Availability::default(),
                null_is_value: false,
            })
            .collect();
        for property in properties {
            let (wire, prop, p) = (property.wire, property.node, &property.at);
            let hint = names::nested_type(name, wire);
            let Some((ty, nullable)) = self.ty_named(prop, &hint, p, request, false) else {
                continue;
            };
            let availability = self.availability_at(p);
            // `required` holds where the field exists; a type used everywhere
            // cannot require a field some products or versions never send.
            let is_required = required.iter().any(|r| r == wire) && !availability.is_restricted();
            let shape = match (is_required, nullable) {
                (true, false) => FieldShape::Required,
                (true, true) => FieldShape::RequiredNullable,
                (false, true) => FieldShape::OptionalNullable,
                (false, false) if matches!(ty, Ty::Vec(_)) && !request => FieldShape::DefaultVec,
                (false, false) => FieldShape::Optional,
            };
            let null_is_value = match prop {
                SchemaNode::Inline(schema) => {
                    extensions::null_is_value(&schema.schema_data.extensions, p).unwrap_or_else(
                        |problem| {
                            self.problems.push(problem);
                            false
                        },
                    )
                }
                SchemaNode::Ref(_) => false,
            };
            if null_is_value && shape != FieldShape::OptionalNullable {
                self.problem(
                    p,
                    format!(
                        "`{}` needs a property that may be absent and null (optional and `nullable`)",
                        extensions::NULL_IS_VALUE
                    ),
                );
            }
            let mut docs = self.docs(prop, p);
            if let Some(sentence) = availability.sentence() {
                let refusal = if request {
                    " Setting it for another product or API version fails before anything is sent."
                } else {
                    ""
                };
                let gap = if docs.is_empty() { "" } else { " " };
                docs = format!("{docs}{gap}{sentence}{refusal}");
            }
            pending.push(Field {
                rust: String::new(),
                wire: wire.to_owned(),
                ty,
                shape,
                docs,
                availability,
                null_is_value,
            });
        }
        // Fields in wire-name order, then named in that order.
        pending.sort_by(|a, b| a.wire.cmp(&b.wire));
        for mut field in pending {
            field.rust = field_names.claim(&names::snake(&field.wire));
            fields.push(field);
        }
        let defaultable = fields
            .iter()
            .all(|f| !matches!(f.shape, FieldShape::Required | FieldShape::RequiredNullable));
        self.push(TypeDef {
            name: name.to_owned(),
            docs,
            kind: TypeKind::Struct {
                fields,
                defaultable,
            },
        });
    }
}

/// The JSON type a schema pins a value to, where it says one plainly: not
/// for unions, `allOf`s or a schema with no type and no properties.
fn pinned_type(shape: &Shape<'_>) -> Option<&'static str> {
    match shape {
        Shape::String { .. } => Some("a string"),
        Shape::Integer => Some("an integer"),
        Shape::Number => Some("a number"),
        Shape::Boolean => Some("a boolean"),
        Shape::Array(_) => Some("an array"),
        Shape::Object {
            typed, properties, ..
        } if *typed || !properties.is_empty() => Some("an object"),
        _ => None,
    }
}
