//! Object schemas: structs from their properties, maps, and `allOf`s
//! merged into one struct.

use super::SchemaCx;
use crate::availability::Availability;
use crate::diagnostics::pointer;
use crate::extensions;
use crate::names::{self, NameSet};
use crate::resolve::RefError;
use crate::schema::shape::{ObjectShape, Shape, shape};
use crate::schema::{Field, FieldShape, SchemaNode, Ty, TypeDef, TypeKind};
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

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

impl<'a> SchemaCx<'a> {
    /// The type of an `allOf` (at `at`): its one member that constrains
    /// something, an object merged from several, or any JSON value. Nullable
    /// when the schema or an empty member says so, or every member allows `null`.
    pub(super) fn all_of_ty(
        &mut self,
        node: SchemaNode<'a>,
        members: &'a [ReferenceOr<Schema>],
        hint: &str,
        at: &[String],
        request: bool,
        fixed: bool,
    ) -> Option<(Ty, bool)> {
        let at_members: Vec<String> = at.iter().cloned().chain(["allOf".to_owned()]).collect();
        let parts = self.all_of_parts(members, &at_members);
        let empty_nullable = parts.iter().any(|p| p.empty && p.nullable);
        let parts: Vec<AllOfPart<'a>> = parts.into_iter().filter(|p| !p.empty).collect();
        let nullable = own_nullable(node)
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

    /// An object schema's type: any JSON value when it says nothing, a map
    /// when it names no field (and does not forbid others), else a struct
    /// named from `hint` (an empty one for `additionalProperties: false`).
    pub(super) fn object_ty(
        &mut self,
        node: SchemaNode<'a>,
        object: ObjectShape<'a>,
        hint: &str,
        at: &[String],
        request: bool,
        fixed: bool,
    ) -> Option<Ty> {
        let ObjectShape {
            typed,
            properties,
            required,
            additional,
        } = object;
        if !typed && properties.is_empty() && additional.is_none() {
            return Some(Ty::Json);
        }
        if properties.is_empty() {
            match additional {
                // An object that names no field and does not close itself
                // (`additionalProperties: false`) may hold any: a free-form map,
                // so no field GitHub sends is dropped.
                Some(AdditionalProperties::Any(true)) | None => {
                    return Some(Ty::Map(Box::new(Ty::Json)));
                }
                Some(AdditionalProperties::Schema(values)) => {
                    let at_values: Vec<String> = at
                        .iter()
                        .cloned()
                        .chain(["additionalProperties".to_owned()])
                        .collect();
                    let (t, _) = self.ty_named(
                        SchemaNode::from(&**values),
                        &names::map_value_type(hint),
                        &at_values,
                        request,
                        false,
                    )?;
                    return Some(Ty::Map(Box::new(t)));
                }
                Some(AdditionalProperties::Any(false)) => {}
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
        Some(Ty::Named(name))
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
                Shape::Object(ObjectShape {
                    typed: false,
                    properties,
                    additional: None,
                    ..
                }) if properties.is_empty() && matches!(node, SchemaNode::Inline(_)) => {
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
                Shape::Object(ObjectShape {
                    properties: own,
                    required: own_required,
                    ..
                }) => {
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

    /// Builds the struct `name` of an object schema's properties.
    fn object(
        &mut self,
        properties: &[Property<'a>],
        required: &[String],
        name: &str,
        docs: String,
        request: bool,
    ) {
        let mut pending = undefined_required(properties, required);
        for property in properties {
            if let Some(field) = self.property_field(property, required, name, request) {
                pending.push(field);
            }
        }
        // Fields in wire-name order, then named in that order.
        pending.sort_by(|a, b| a.wire.cmp(&b.wire));
        let mut field_names = NameSet::default();
        let mut fields = Vec::new();
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

    /// The field of one property of the struct `name` (not yet given its
    /// Rust name), or `None` when its type has a problem (reported).
    fn property_field(
        &mut self,
        property: &Property<'a>,
        required: &[String],
        name: &str,
        request: bool,
    ) -> Option<Field> {
        let (wire, prop, p) = (property.wire, property.node, &property.at);
        let hint = names::nested_type(name, wire);
        let (ty, nullable) = self.ty_named(prop, &hint, p, request, false)?;
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
        let null_is_value = self.null_is_value(prop, p, shape);
        let secret = self.is_password(prop);
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
        Some(Field {
            rust: String::new(),
            wire: wire.to_owned(),
            ty,
            shape,
            docs,
            availability,
            null_is_value,
            secret,
        })
    }

    /// Whether a property is a string with `format: password` (a
    /// credential), written in place or in the component it references.
    fn is_password(&self, prop: SchemaNode<'a>) -> bool {
        let schema = match prop {
            SchemaNode::Inline(schema) => schema,
            SchemaNode::Ref(reference) => {
                let key = crate::resolve::component_key::<Schema>(reference);
                match key.and_then(|k| self.schemas.get(&k)) {
                    Some(ReferenceOr::Item(schema)) => schema,
                    _ => return false,
                }
            }
        };
        match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) => matches!(
                string.format,
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password)
            ),
            openapiv3::SchemaKind::Any(any) => any.format.as_deref() == Some("password"),
            _ => false,
        }
    }

    /// Whether the property at `at` says its `null` is a value of its own
    /// (`x-github-null-is-value`), which only an optional, nullable field may.
    fn null_is_value(&mut self, prop: SchemaNode<'a>, at: &[String], shape: FieldShape) -> bool {
        let null_is_value = match prop {
            SchemaNode::Inline(schema) => {
                extensions::null_is_value(&schema.schema_data.extensions, at).unwrap_or_else(
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
                at,
                format!(
                    "`{}` needs a property that may be absent and null (optional and `nullable`)",
                    extensions::NULL_IS_VALUE
                ),
            );
        }
        null_is_value
    }
}

/// The fields of names in `required` that no property defines: the value
/// must be there, and the schema says nothing else of it. In name order.
fn undefined_required(properties: &[Property<'_>], required: &[String]) -> Vec<Field> {
    let mut undefined: Vec<&String> = required
        .iter()
        .filter(|r| !properties.iter().any(|p| p.wire == r.as_str()))
        .collect();
    undefined.sort();
    undefined.dedup();
    undefined
        .into_iter()
        .map(|wire| Field {
            rust: String::new(),
            wire: wire.clone(),
            ty: Ty::Json,
            shape: FieldShape::Required,
            docs: "Required by the schema, which says nothing else of it.".to_owned(),
            availability: Availability::default(),
            null_is_value: false,
            secret: false,
        })
        .collect()
}

/// The `nullable` a schema written in place gives itself.
fn own_nullable(node: SchemaNode<'_>) -> bool {
    matches!(node, SchemaNode::Inline(schema) if schema.schema_data.nullable)
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
        Shape::Object(object) if object.typed || !object.properties.is_empty() => Some("an object"),
        _ => None,
    }
}
