//! The decoder of every answer the client reads: the first two bytes pick
//! an (operation, status) of `JSON_ANSWERS`, the rest is the body, decoded
//! as the generated operation decodes it. A decode never panics, its error
//! prints, and what decodes encodes and decodes back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The generated table of how the client reads each answer (`cargo xtask codegen`).
#[path = "../../tests/wire/generated/answers.rs"]
#[rustfmt::skip]
#[allow(dead_code)]
mod answers;

use answers::{AnswerVisitor, JSON_ANSWERS, visit_answer};

struct Decode<'a> {
    status: u16,
    body: &'a [u8],
}

impl AnswerVisitor for Decode<'_> {
    fn json<T>(&mut self, type_name: &'static str)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + 'static,
    {
        match gh_actions_runtime::fuzzing::decode_answer::<T>(self.status, self.body) {
            Ok(value) => {
                let written = serde_json::to_vec(&value)
                    .unwrap_or_else(|e| panic!("{type_name} does not encode: {e}"));
                let again: T = serde_json::from_slice(&written).unwrap_or_else(|e| {
                    panic!(
                        "{type_name} does not decode what it encoded: {e}\n{}",
                        String::from_utf8_lossy(&written)
                    )
                });
                assert_eq!(value, again, "{type_name} changed on the way round");
            }
            Err(error) => {
                let _ = (error.to_string(), format!("{error:?}"));
            }
        }
    }

    fn nothing(&mut self, _why: &'static str) {}
}

fuzz_target!(|data: &[u8]| {
    let [high, low, body @ ..] = data else {
        return;
    };
    let (operation, status) =
        JSON_ANSWERS[usize::from(u16::from_be_bytes([*high, *low])) % JSON_ANSWERS.len()];
    assert!(visit_answer(
        operation,
        status,
        &mut Decode { status, body }
    ));
});
