//! Schemas to types. The mapping rules (also in the crate docs):
//!
//! | schema | Rust |
//! |---|---|
//! | object with properties | struct; wire names kept with `#[serde(rename)]` |
//! | object without properties, with `additionalProperties` | map (`serde_json::Map` when free-form) |
//! | object without properties or `additionalProperties` | empty struct; as a response body, `()` |
//! | string with `enum` | enum with an `Unknown(String)` variant that keeps unseen values |
//! | string, `format: date-time` | `Timestamp` (keeps the offset) |
//! | integer (any format) | `i64` |
//! | number / boolean / string | `f64` / `bool` / `String` |
//! | `oneOf` / `anyOf` | untagged enum, one variant per alternative, with `From` impls |
//! | `allOf` with one member | that member |
//! | schema with no type | `serde_json::Value` |
//!
//! Fields: required → `T`; optional → `Option<T>` omitted when `None`;
//! required and nullable → `Option<T>` that must be present; optional and
//! nullable → `Option<Option<T>>` (absent vs `null`); an optional array in a
//! response → `Vec<T>` defaulting to empty (in a request body it stays
//! `Option<Vec<T>>`, since sending `[]` is not the same as sending nothing).
//! Inline schemas are named after where they are (`WorkflowRunHeadCommit`,
//! `ListJobsForWorkflowRunResponse`); string enums with the same values share
//! one type; a name that is taken gets the next free number.

use crate::diagnostics::{Diagnostic, pointer};
use crate::load::resolve_ref;
use crate::names::{self, NameSet};
use serde_json::Value;
use std::collections::BTreeMap;

/// A type as used in a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ty {
    /// `bool`
    Bool,
    /// `i64`
    I64,
    /// `f64`
    F64,
    /// `String`
    String,
    /// `Timestamp`
    Timestamp,
    /// `serde_json::Value`
    Json,
    /// A map from string keys to this type (`Json`: a free-form object).
    Map(Box<Ty>),
    /// `Vec<T>`
    Vec(Box<Ty>),
    /// A named type of the model.
    Named(String),
}

impl Ty {
    /// Named types this type mentions.
    pub fn named(&self) -> Vec<String> {
        match self {
            Ty::Named(n) => vec![n.clone()],
            Ty::Map(t) | Ty::Vec(t) => t.named(),
            _ => Vec::new(),
        }
    }

    /// Whether values of the type can be written into a path or query string.
    pub fn is_display(&self, cx: &SchemaCx<'_>) -> bool {
        self.displays(&|n| cx.get(n), 0)
    }

    /// Whether the emitted type implements `Display` (structs, lists and maps
    /// do not); `depth` stops a self-referential alias or union.
    pub fn displays<'t>(&self, lookup: &dyn Fn(&str) -> Option<&'t TypeDef>, depth: usize) -> bool {
        match self {
            Ty::Bool | Ty::I64 | Ty::F64 | Ty::String | Ty::Timestamp => true,
            Ty::Named(n) if depth < 16 => match lookup(n).map(|t| &t.kind) {
                Some(TypeKind::Enum { .. }) => true,
                Some(TypeKind::OneOf { variants }) => {
                    variants.iter().all(|(_, t)| t.displays(lookup, depth + 1))
                }
                Some(TypeKind::Alias(t)) => t.displays(lookup, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether the type is an object with no fields (no meaningful payload).
    pub fn is_empty_object(&self, cx: &SchemaCx<'_>) -> bool {
        match self {
            Ty::Named(n) => {
                matches!(cx.get(n).map(|t| &t.kind), Some(TypeKind::Struct { fields, .. }) if fields.is_empty())
            }
            _ => false,
        }
    }
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// Docs from the title and description.
    pub docs: String,
    /// What it is.
    pub kind: TypeKind,
}

impl TypeDef {
    /// Named types this type mentions.
    pub fn referenced(&self) -> Vec<String> {
        match &self.kind {
            TypeKind::Struct { fields, .. } => fields.iter().flat_map(|f| f.ty.named()).collect(),
            TypeKind::OneOf { variants } => variants.iter().flat_map(|(_, t)| t.named()).collect(),
            TypeKind::Alias(t) => t.named(),
            TypeKind::Enum { .. } => Vec::new(),
        }
    }
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with named fields.
    Struct {
        /// Fields, ordered by wire name.
        fields: Vec<Field>,
        /// Whether every field may be left out (the type gets `Default`).
        defaultable: bool,
    },
    /// A string enum that keeps unknown values.
    Enum {
        /// Known values.
        variants: Vec<EnumVariant>,
        /// Name of the catch-all variant.
        unknown: String,
    },
    /// One of several alternatives, untagged on the wire.
    OneOf {
        /// `(variant, type)` in spec order.
        variants: Vec<(String, Ty)>,
    },
    /// Another name for a type.
    Alias(Ty),
}

/// One known value of a string enum.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// Rust variant name.
    pub rust: String,
    /// The value on the wire.
    pub wire: String,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name (possibly `r#type`).
    pub rust: String,
    /// Name on the wire.
    pub wire: String,
    /// Type of the value (without the `Option` the shape adds).
    pub ty: Ty,
    /// Required or optional, nullable or not.
    pub shape: FieldShape,
    /// Description.
    pub docs: String,
}

/// How presence and `null` map to Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldShape {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`.
    RequiredNullable,
    /// May be absent: `Option<T>`, skipped when `None`.
    Optional,
    /// May be absent or null: `Option<Option<T>>`.
    OptionalNullable,
    /// An optional array: `Vec<T>`, empty when absent.
    DefaultVec,
}

/// Builds named types from schemas, collecting problems.
pub struct SchemaCx<'a> {
    /// The raw document.
    pub raw: &'a Value,
    /// Problems found so far.
    pub problems: Vec<Diagnostic>,
    types: Vec<TypeDef>,
    index: BTreeMap<String, usize>,
    names: NameSet,
    components: Vec<(String, String)>,
    built: BTreeMap<String, Option<bool>>,
    enums_by_values: BTreeMap<Vec<String>, String>,
    unions_by_variants: BTreeMap<Vec<Ty>, String>,
}

impl<'a> SchemaCx<'a> {
    /// A context over `raw`.
    pub fn new(raw: &'a Value) -> Self {
        SchemaCx {
            raw,
            problems: Vec::new(),
            types: Vec::new(),
            index: BTreeMap::new(),
            // Names the emitted modules use for other things.
            names: NameSet::with_reserved(&[
                "Timestamp",
                "Client",
                "Error",
                "Page",
                "PageStream",
                "DownloadUrl",
                "SealedSecret",
            ]),
            components: Vec::new(),
            built: BTreeMap::new(),
            enums_by_values: BTreeMap::new(),
            unions_by_variants: BTreeMap::new(),
        }
    }

    /// Reserves the names of all component schemas, in document order.
    pub fn register_components(&mut self) {
        let keys: Vec<String> = self
            .raw
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for key in keys {
            let name = self.names.claim(&names::pascal(&key));
            self.components.push((key, name));
        }
    }

    /// Builds the component schemas no operation reached.
    pub fn build_remaining_components(&mut self) {
        for (key, _) in self.components.clone() {
            self.component(&key);
        }
    }

    /// The finished types.
    pub fn into_types(self) -> Vec<TypeDef> {
        self.types
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
        let schema = self
            .raw
            .pointer(&format!(
                "/components/schemas/{}",
                key.replace('~', "~0").replace('/', "~1")
            ))?
            .clone();
        let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true);
        let docs = docs_of(&schema);
        let ty = self.ty_named(&schema, &name, &at, false, true);
        if let Some((ty, _)) = ty {
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
        schema: &Value,
        hint: &str,
        at: &[String],
        request: bool,
    ) -> Option<(Ty, bool)> {
        self.ty_named(schema, hint, at, request, false)
    }

    fn ty_named(
        &mut self,
        schema: &Value,
        hint: &str,
        at: &[String],
        request: bool,
        fixed: bool,
    ) -> Option<(Ty, bool)> {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            if let Some(key) = r.strip_prefix("#/components/schemas/") {
                let key = key.replace("~1", "/").replace("~0", "~");
                return match self.component(&key) {
                    Some((name, nullable)) => Some((Ty::Named(name), nullable)),
                    None => {
                        self.problem(at, format!("`$ref: {r}` points at nothing"));
                        None
                    }
                };
            }
            let target = resolve_ref(self.raw, r)?.clone();
            return self.ty_named(&target, hint, at, request, fixed);
        }
        let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true);
        let sub = |k: &str| -> Vec<String> { at.iter().cloned().chain([k.to_owned()]).collect() };

        if schema.get("not").is_some() {
            self.problem(&sub("not"), "`not` schemas are not supported");
            return None;
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            if all.len() != 1 {
                self.problem(
                    &sub("allOf"),
                    "`allOf` is supported only with a single member",
                );
                return None;
            }
            let (ty, n) = self.ty_named(
                &all[0],
                hint,
                &[sub("allOf"), vec!["0".into()]].concat(),
                request,
                fixed,
            )?;
            return Some((ty, n || nullable));
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(alts) = schema.get(key).and_then(Value::as_array) {
                return self.one_of(
                    alts,
                    hint,
                    &sub(key),
                    request,
                    nullable,
                    docs_of(schema),
                    fixed,
                );
            }
        }
        let typ = schema.get("type");
        match typ.and_then(Value::as_str) {
            Some("string") => {
                if let Some(values) = schema.get("enum").and_then(Value::as_array) {
                    let values: Vec<String> = values
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect();
                    if values.is_empty() {
                        return Some((Ty::String, nullable));
                    }
                    return Some((
                        Ty::Named(self.string_enum(values, hint, docs_of(schema), fixed)),
                        nullable,
                    ));
                }
                let ty = match schema.get("format").and_then(Value::as_str) {
                    Some("date-time") => Ty::Timestamp,
                    _ => Ty::String,
                };
                Some((ty, nullable))
            }
            Some("integer") => Some((Ty::I64, nullable)),
            Some("number") => Some((Ty::F64, nullable)),
            Some("boolean") => Some((Ty::Bool, nullable)),
            Some("array") => {
                let Some(items) = schema.get("items") else {
                    self.problem(at, "an array schema needs `items`");
                    return None;
                };
                let item_hint = format!("{hint}Item");
                let (item, _) = self.ty_named(items, &item_hint, &sub("items"), request, false)?;
                Some((Ty::Vec(Box::new(item)), nullable))
            }
            Some("object") | None => {
                let props = schema.get("properties").and_then(Value::as_object);
                if typ.is_none() && props.is_none() && schema.get("additionalProperties").is_none()
                {
                    return Some((Ty::Json, nullable));
                }
                if props.is_none_or(|p| p.is_empty()) {
                    match schema.get("additionalProperties") {
                        Some(Value::Bool(true)) => {
                            return Some((Ty::Map(Box::new(Ty::Json)), nullable));
                        }
                        Some(v @ Value::Object(_)) => {
                            let (t, _) = self.ty_named(
                                v,
                                &format!("{hint}Value"),
                                &sub("additionalProperties"),
                                request,
                                false,
                            )?;
                            return Some((Ty::Map(Box::new(t)), nullable));
                        }
                        _ => {}
                    }
                }
                let name = if fixed {
                    hint.to_owned()
                } else {
                    self.names.claim(hint)
                };
                self.object(schema, &name, at, request);
                Some((Ty::Named(name), nullable))
            }
            Some(other) => {
                self.problem(
                    &sub("type"),
                    format!("schema type `{other}` is not supported"),
                );
                None
            }
        }
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
        let unknown = vn.claim("Unknown");
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
        alts: &[Value],
        hint: &str,
        at: &[String],
        request: bool,
        nullable: bool,
        docs: String,
        fixed: bool,
    ) -> Option<(Ty, bool)> {
        let mut tys = Vec::new();
        let mut any_null = nullable;
        for (i, alt) in alts.iter().enumerate() {
            let p: Vec<String> = at.iter().cloned().chain([i.to_string()]).collect();
            let (t, n) =
                self.ty_named(alt, &format!("{hint}Variant{}", i + 1), &p, request, false)?;
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
                let wanted = match &t {
                    Ty::Named(n) => n.clone(),
                    Ty::I64 => "Integer".into(),
                    Ty::F64 => "Number".into(),
                    Ty::Bool => "Boolean".into(),
                    Ty::String => "String".into(),
                    Ty::Timestamp => "Timestamp".into(),
                    Ty::Vec(_) => "Array".into(),
                    Ty::Map(_) | Ty::Json => "Object".into(),
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

    fn object(&mut self, schema: &Value, name: &str, at: &[String], request: bool) {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        let mut field_names = NameSet::default();
        let props = schema
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for r in &required {
            if !props.contains_key(*r) {
                self.problem(
                    &[at, &["required".to_owned()]].concat(),
                    format!("required property `{r}` is not defined"),
                );
            }
        }
        for (wire, prop) in &props {
            let p: Vec<String> = at
                .iter()
                .cloned()
                .chain(["properties".to_owned(), wire.clone()])
                .collect();
            let hint = format!("{name}{}", names::pascal(wire));
            let Some((ty, nullable)) = self.ty_named(prop, &hint, &p, request, false) else {
                continue;
            };
            let is_required = required.contains(&wire.as_str());
            let shape = match (is_required, nullable) {
                (true, false) => FieldShape::Required,
                (true, true) => FieldShape::RequiredNullable,
                (false, true) => FieldShape::OptionalNullable,
                (false, false) if matches!(ty, Ty::Vec(_)) && !request => FieldShape::DefaultVec,
                (false, false) => FieldShape::Optional,
            };
            fields.push(Field {
                rust: field_names.claim(&names::snake(wire)),
                wire: wire.clone(),
                ty,
                shape,
                docs: docs_of(prop),
            });
        }
        let defaultable = fields
            .iter()
            .all(|f| !matches!(f.shape, FieldShape::Required | FieldShape::RequiredNullable));
        self.push(TypeDef {
            name: name.to_owned(),
            docs: docs_of(schema),
            kind: TypeKind::Struct {
                fields,
                defaultable,
            },
        });
    }
}

fn docs_of(schema: &Value) -> String {
    let title = schema
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim();
    let desc = schema
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim();
    match (title.is_empty(), desc.is_empty()) {
        (_, false) if desc.starts_with(title) => desc.to_owned(),
        (false, false) => format!("{title}.\n\n{desc}"),
        (false, true) => format!("{title}."),
        (true, _) => desc.to_owned(),
    }
}
