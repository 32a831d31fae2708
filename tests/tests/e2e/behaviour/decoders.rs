//! The generated type each operation decodes its JSON success body into,
//! keyed by operation id and status, and the error-body types by schema.

use gh_actions::types::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;

/// How one JSON body of the spec is decoded.
pub(super) struct Decoder {
    /// The operation id, or the error schema's name for error bodies.
    pub(super) operation: &'static str,
    /// The response status (0 for error bodies, which any error status may carry).
    pub(super) status: u16,
    /// The Rust type, for messages.
    pub(super) type_name: &'static str,
    /// Decodes raw bytes as the client does: `Ok(true)` when they decode,
    /// `Ok(false)` when they do not. `Err` means a decoded value could not be
    /// encoded again, or encoded into something that decodes to a different
    /// value.
    pub(super) decode: fn(&[u8]) -> Result<bool, String>,
}

impl Decoder {
    /// `actions/x 200 (Type)`, for messages.
    pub(super) fn describe(&self) -> String {
        format!("{} {} ({})", self.operation, self.status, self.type_name)
    }
}

fn decode<T>(bytes: &[u8]) -> Result<bool, String>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let Ok(decoded) = serde_json::from_slice::<T>(bytes) else {
        return Ok(false);
    };
    let _ = format!("{decoded:?}");
    let encoded = serde_json::to_vec(&decoded)
        .map_err(|e| format!("a decoded value does not encode: {e}"))?;
    let again: T = serde_json::from_slice(&encoded).map_err(|e| {
        format!(
            "the encoding of a decoded value does not decode: {e}: {}",
            String::from_utf8_lossy(&encoded)
        )
    })?;
    if again != decoded {
        return Err(format!(
            "decode(encode(x)) != x for {}",
            String::from_utf8_lossy(&encoded)
        ));
    }
    Ok(true)
}

macro_rules! decoders {
    ($(($operation:literal, $status:literal, $ty:ty)),* $(,)?) => {
        &[$(Decoder {
            operation: $operation,
            status: $status,
            type_name: stringify!($ty),
            decode: decode::<$ty>,
        }),*]
    };
}

// How the client reads each answer, generated from the spec with the wire
// tests (`cargo xtask codegen`).
#[path = "../../wire/generated/answers.rs"]
#[rustfmt::skip]
mod answers;

/// Builds the decoder of the type the generated table names.
struct Collect(Option<Decoder>, &'static str, u16);

impl answers::AnswerVisitor for Collect {
    fn json<T>(&mut self, type_name: &'static str)
    where
        T: Serialize + DeserializeOwned + PartialEq + Debug + 'static,
    {
        self.0 = Some(Decoder {
            operation: self.1,
            status: self.2,
            type_name,
            decode: decode::<T>,
        });
    }

    fn nothing(&mut self, _why: &'static str) {}
}

/// Whether the client gives `operation`'s `status` outcome without reading
/// the body (an empty object, a redirect).
pub(super) fn reads_nothing(operation: &str, status: u16) -> bool {
    struct Nothing(bool);
    impl answers::AnswerVisitor for Nothing {
        fn json<T>(&mut self, _type_name: &'static str)
        where
            T: Serialize + DeserializeOwned + PartialEq + Debug + 'static,
        {
        }
        fn nothing(&mut self, _why: &'static str) {
            self.0 = true;
        }
    }
    let mut nothing = Nothing(false);
    answers::visit_answer(operation, status, &mut nothing);
    nothing.0
}

/// One entry per operation and status whose JSON answer the client decodes:
/// the type it decodes it into (the list wrapper for paginated lists).
pub(super) fn success_decoders() -> &'static [Decoder] {
    static DECODERS: std::sync::OnceLock<Vec<Decoder>> = std::sync::OnceLock::new();
    DECODERS.get_or_init(|| {
        answers::JSON_ANSWERS
            .iter()
            .filter_map(|&(operation, status)| {
                let mut collect = Collect(None, operation, status);
                answers::visit_answer(operation, status, &mut collect);
                collect.0
            })
            .collect()
    })
}

/// The error-body schemas of the spec and their types.
pub(super) const ERROR_BODIES: &[Decoder] = decoders![
    ("basic-error", 0, BasicError),
    ("validation-error", 0, ValidationError),
    ("validation-error-simple", 0, ValidationErrorSimple),
];

/// The decoder of `operation`'s `status` success body.
pub(super) fn success(operation: &str, status: u16) -> Option<&'static Decoder> {
    success_decoders()
        .iter()
        .find(|d| d.operation == operation && d.status == status)
}

/// The decoder of an error body whose schema is `#/components/schemas/<name>`.
pub(super) fn error_body(schema_ref: &str) -> Option<&'static Decoder> {
    let name = schema_ref.strip_prefix("#/components/schemas/")?;
    ERROR_BODIES.iter().find(|d| d.operation == name)
}
