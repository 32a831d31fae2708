//! `Verifier`: accepts a delivery only when its `X-Hub-Signature-256` is
//! the HMAC-SHA256 of its exact body under one of the configured secrets,
//! compared in constant time, before anything reads the body.

use std::fmt;

use bytes::Bytes;
use ring::hmac;

use super::delivery::VerifiedDelivery;
use super::error::{SignatureProblem, WebhookError};
use super::secret::Secret;

/// The largest body a [`Verifier`] accepts unless told otherwise: 25 MiB,
/// GitHub's own cap on webhook payloads (it does not send larger ones).
pub const DEFAULT_MAX_BODY_SIZE: usize = 25 * 1024 * 1024;

/// The name of the header that names the event, such as `workflow_run`.
pub const EVENT_HEADER: &str = "x-github-event";
/// The name of the header with the body's HMAC-SHA256 signature.
pub const SIGNATURE_256_HEADER: &str = "x-hub-signature-256";
/// The name of the header with the delivery's id (a GUID).
pub const DELIVERY_HEADER: &str = "x-github-delivery";

/// The longest event name and delivery id kept.
const LONGEST_NAME: usize = 100;
/// The length of a SHA-256 digest in hex digits.
const DIGEST_HEX: usize = 64;

/// The headers of one delivery that verification reads, as the HTTP server
/// hands them over (text or bytes, `None` when absent).
///
/// ```
/// use gh_actions_runtime::webhook::DeliveryHeaders;
/// let headers = [
///     ("x-github-event", "ping"),
///     ("x-hub-signature-256", "sha256=..."),
/// ];
/// // From any lookup by lower-case name:
/// let from_lookup = DeliveryHeaders::from_lookup(|name| {
///     headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_bytes())
/// });
/// // Or one by one:
/// let one_by_one = DeliveryHeaders::new()
///     .event(Some("ping"))
///     .signature_256(Some("sha256=..."))
///     .delivery(None::<&str>);
/// ```
#[derive(Clone, Copy, Default)]
pub struct DeliveryHeaders<'h> {
    event: Option<&'h [u8]>,
    signature_256: Option<&'h [u8]>,
    delivery: Option<&'h [u8]>,
}

impl<'h> DeliveryHeaders<'h> {
    /// No headers yet.
    pub fn new() -> Self {
        DeliveryHeaders::default()
    }

    /// The three headers from a lookup by lower-case name
    /// ([`EVENT_HEADER`], [`SIGNATURE_256_HEADER`], [`DELIVERY_HEADER`]),
    /// such as `|name| req.headers().get(name).map(|v| v.as_bytes())`.
    pub fn from_lookup(mut header: impl FnMut(&'static str) -> Option<&'h [u8]>) -> Self {
        DeliveryHeaders {
            event: header(EVENT_HEADER),
            signature_256: header(SIGNATURE_256_HEADER),
            delivery: header(DELIVERY_HEADER),
        }
    }

    /// The `X-GitHub-Event` header.
    pub fn event<V: AsRef<[u8]> + ?Sized>(mut self, value: Option<&'h V>) -> Self {
        self.event = value.map(AsRef::as_ref);
        self
    }

    /// The `X-Hub-Signature-256` header.
    pub fn signature_256<V: AsRef<[u8]> + ?Sized>(mut self, value: Option<&'h V>) -> Self {
        self.signature_256 = value.map(AsRef::as_ref);
        self
    }

    /// The `X-GitHub-Delivery` header.
    pub fn delivery<V: AsRef<[u8]> + ?Sized>(mut self, value: Option<&'h V>) -> Self {
        self.delivery = value.map(AsRef::as_ref);
        self
    }
}

impl fmt::Debug for DeliveryHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn text(value: Option<&[u8]>) -> Option<std::borrow::Cow<'_, str>> {
            value.map(String::from_utf8_lossy)
        }
        f.debug_struct("DeliveryHeaders")
            .field("event", &text(self.event))
            .field("signature_256", &text(self.signature_256))
            .field("delivery", &text(self.delivery))
            .finish()
    }
}

/// Verifies webhook deliveries against one or more shared secrets.
///
/// Several secrets are for a rotation: set the new secret beside the old
/// one, change it on GitHub, then drop the old one; a delivery verifies if
/// any secret gives its signature. Cheap to clone (the secrets are copied,
/// and wiped when dropped).
///
/// ```
/// use gh_actions_runtime::webhook::Verifier;
/// let verifier = Verifier::new("new secret")
///     .also_accept("old secret")
///     .max_body_size(1024 * 1024);
/// assert_eq!(verifier.body_limit(), 1024 * 1024);
/// ```
#[derive(Clone)]
pub struct Verifier {
    secrets: Vec<Secret>,
    max_body_size: usize,
}

impl Verifier {
    /// A verifier with one secret and the [`DEFAULT_MAX_BODY_SIZE`].
    pub fn new(secret: impl Into<Secret>) -> Verifier {
        Verifier::with_secrets([secret])
    }

    /// A verifier with every secret given (empty ones are left out; with
    /// none left, every delivery is refused with
    /// [`WebhookError::NoSecret`]).
    pub fn with_secrets<S: Into<Secret>>(secrets: impl IntoIterator<Item = S>) -> Verifier {
        Verifier {
            secrets: Vec::new(),
            max_body_size: DEFAULT_MAX_BODY_SIZE,
        }
        .extend(secrets)
    }

    /// Also accepts deliveries signed with `secret` (during a rotation).
    pub fn also_accept(self, secret: impl Into<Secret>) -> Verifier {
        self.extend([secret])
    }

    /// The largest body accepted, in bytes (default
    /// [`DEFAULT_MAX_BODY_SIZE`]). Read at most this many bytes and one
    /// more from the request, so that a larger body is refused without
    /// being held in memory whole.
    pub fn max_body_size(mut self, bytes: usize) -> Verifier {
        self.max_body_size = bytes;
        self
    }

    /// The largest body accepted, in bytes.
    pub fn body_limit(&self) -> usize {
        self.max_body_size
    }

    /// How many (non-empty) secrets are configured.
    pub fn secret_count(&self) -> usize {
        self.secrets.len()
    }

    fn extend<S: Into<Secret>>(mut self, secrets: impl IntoIterator<Item = S>) -> Verifier {
        self.secrets.extend(
            secrets
                .into_iter()
                .map(Into::into)
                .filter(|secret| !secret.is_empty()),
        );
        self
    }

    /// Accepts the delivery if its signature is the HMAC-SHA256 of `body`
    /// under one of the secrets; only then is the body handed out, as a
    /// [`VerifiedDelivery`] to parse.
    ///
    /// `body` is the request body exactly as received (not parsed and
    /// written again, not decompressed by anything but the HTTP layer).
    /// Checked in this order, each failure its own [`WebhookError`]: a
    /// secret is configured, the body is within the limit, the signature
    /// header is present and well-formed, the event header is present and
    /// an event name, the signature matches.
    pub fn verify(
        &self,
        headers: DeliveryHeaders<'_>,
        body: impl Into<Bytes>,
    ) -> Result<VerifiedDelivery, WebhookError> {
        let body = body.into();
        let delivery = headers.delivery.and_then(delivery_id);
        if self.secrets.is_empty() {
            return Err(WebhookError::NoSecret { delivery });
        }
        if body.len() > self.max_body_size {
            return Err(WebhookError::BodyTooLarge {
                delivery,
                size: body.len(),
                limit: self.max_body_size,
            });
        }
        let Some(signature) = headers.signature_256 else {
            return Err(WebhookError::MissingSignature { delivery });
        };
        let digest = match parse_signature(signature) {
            Ok(digest) => digest,
            Err(problem) => return Err(WebhookError::MalformedSignature { delivery, problem }),
        };
        let Some(event) = headers.event else {
            return Err(WebhookError::MissingEvent { delivery });
        };
        let Some(event) = event_name(event) else {
            return Err(WebhookError::MalformedEvent { delivery });
        };
        // Every secret is tried, so the time taken does not tell which one
        // matched; each comparison is ring's constant-time one.
        let matched = self.secrets.iter().fold(false, |matched, secret| {
            let key = hmac::Key::new(hmac::HMAC_SHA256, secret.expose());
            hmac::verify(&key, &body, &digest).is_ok() | matched
        });
        if !matched {
            return Err(WebhookError::SignatureMismatch {
                delivery,
                secrets: self.secrets.len(),
            });
        }
        Ok(VerifiedDelivery::new(event, delivery, body))
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secrets", &self.secrets)
            .field("max_body_size", &self.max_body_size)
            .finish()
    }
}

/// The digest of `sha256=<64 lower-case hex digits>` (spaces and tabs
/// around the value are HTTP's, and ignored).
fn parse_signature(value: &[u8]) -> Result<[u8; DIGEST_HEX / 2], SignatureProblem> {
    let value = value.trim_ascii();
    let Some(at) = value.iter().position(|&b| b == b'=') else {
        return Err(SignatureProblem::Prefix { algorithm: None });
    };
    let (algorithm, hex) = (&value[..at], &value[at + 1..]);
    if algorithm != b"sha256" {
        let shown = (1..=16).contains(&algorithm.len())
            && algorithm
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-');
        let algorithm = shown.then(|| String::from_utf8_lossy(algorithm).into_owned());
        return Err(SignatureProblem::Prefix { algorithm });
    }
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return Err(SignatureProblem::NotHex);
    }
    if hex.iter().any(u8::is_ascii_uppercase) {
        return Err(SignatureProblem::UpperCase);
    }
    if hex.len() != DIGEST_HEX {
        return Err(SignatureProblem::Length { digits: hex.len() });
    }
    let mut digest = [0u8; DIGEST_HEX / 2];
    for (byte, pair) in digest.iter_mut().zip(hex.chunks_exact(2)) {
        *byte = (hex_value(pair[0]) << 4) | hex_value(pair[1]);
    }
    Ok(digest)
}

/// The value of one lower-case hex digit (already checked).
fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        _ => digit - b'a' + 10,
    }
}

/// The event name, if the header is one: ASCII letters, digits, `_`, `-`
/// and `.`, at most [`LONGEST_NAME`] of them.
fn event_name(value: &[u8]) -> Option<String> {
    let value = value.trim_ascii();
    let is_name = (1..=LONGEST_NAME).contains(&value.len())
        && value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    is_name.then(|| String::from_utf8_lossy(value).into_owned())
}

/// The delivery id, if it can go into logs as it is: at most
/// [`LONGEST_NAME`] visible ASCII characters (GitHub sends a GUID).
fn delivery_id(value: &[u8]) -> Option<String> {
    let value = value.trim_ascii();
    let printable =
        (1..=LONGEST_NAME).contains(&value.len()) && value.iter().all(u8::is_ascii_graphic);
    printable.then(|| String::from_utf8_lossy(value).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    #[test]
    fn a_signature_is_sha256_and_64_lower_case_hex_digits() {
        let digest = parse_signature(GOOD.as_bytes()).unwrap();
        assert_eq!(digest[0], 0x75);
        assert_eq!(digest[31], 0x17);
        assert!(parse_signature(format!(" {GOOD}\t").as_bytes()).is_ok());
    }

    #[test]
    fn each_malformed_signature_names_its_problem() {
        let hex = &GOOD["sha256=".len()..];
        let cases: [(String, SignatureProblem); 8] = [
            (
                format!("sha1={}", &hex[..40]),
                SignatureProblem::Prefix {
                    algorithm: Some("sha1".into()),
                },
            ),
            (
                format!("SHA256={hex}"),
                SignatureProblem::Prefix {
                    algorithm: Some("SHA256".into()),
                },
            ),
            (hex.to_owned(), SignatureProblem::Prefix { algorithm: None }),
            (
                format!("sha 256 with spaces={hex}"),
                SignatureProblem::Prefix { algorithm: None },
            ),
            (
                format!("sha256={}", hex.to_uppercase()),
                SignatureProblem::UpperCase,
            ),
            (format!("sha256={}g", &hex[1..]), SignatureProblem::NotHex),
            (
                format!("sha256={}", &hex[..62]),
                SignatureProblem::Length { digits: 62 },
            ),
            (
                format!("sha256={hex}00"),
                SignatureProblem::Length { digits: 66 },
            ),
        ];
        for (value, problem) in cases {
            assert_eq!(parse_signature(value.as_bytes()), Err(problem), "{value}");
        }
        assert_eq!(
            parse_signature(b"sha256="),
            Err(SignatureProblem::Length { digits: 0 })
        );
    }

    #[test]
    fn event_names_and_delivery_ids_are_kept_only_when_plain() {
        assert_eq!(event_name(b"workflow_run").as_deref(), Some("workflow_run"));
        assert_eq!(event_name(b" ping ").as_deref(), Some("ping"));
        assert_eq!(event_name(b""), None);
        assert_eq!(event_name(b"ping\r\nx-injected: 1"), None);
        assert_eq!(event_name(&[b'a'; 101]), None);
        assert_eq!(
            delivery_id(b"72d3162e-cc78-11e3-81ab-4c9367dc0958").as_deref(),
            Some("72d3162e-cc78-11e3-81ab-4c9367dc0958")
        );
        assert_eq!(delivery_id(b"id\nforged log line"), None);
        assert_eq!(delivery_id("caf\u{e9}".as_bytes()), None);
    }

    #[test]
    fn empty_secrets_are_left_out() {
        let verifier = Verifier::with_secrets(["", "k"]).also_accept(String::new());
        assert_eq!(verifier.secret_count(), 1);
        assert_eq!(Verifier::new("").secret_count(), 0);
    }
}
