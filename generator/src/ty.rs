//! The type of a value as the model and the emitters see it: the vocabulary
//! `schema` maps schemas to and `names` derives names from, standing on
//! nothing else of the generator (so neither imports the other through it).

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
    /// `bytes::Bytes`: a body that is not JSON or text.
    Bytes,
    /// A map from string keys to this type (`Json`: a free-form object).
    Map(Box<Ty>),
    /// `Vec<T>`
    Vec(Box<Ty>),
    /// A named type of the model.
    Named(String),
    /// `Box<T>`: a field or alternative on a cycle of types that would
    /// otherwise hold itself by value.
    Boxed(Box<Ty>),
    /// `Option<T>`: an answer body whose schema allows `null` (fields carry
    /// their optionality in their shape instead).
    Nullable(Box<Ty>),
}

impl Ty {
    /// Named types this type mentions.
    pub fn named(&self) -> Vec<String> {
        match self {
            Ty::Named(n) => vec![n.clone()],
            Ty::Map(t) | Ty::Vec(t) | Ty::Boxed(t) | Ty::Nullable(t) => t.named(),
            _ => Vec::new(),
        }
    }
}
