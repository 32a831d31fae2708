//! `WebhookError`: why a delivery was refused, its payload did not decode,
//! or a deployment callback URL was not followed.
//!
//! No message holds a secret or the signature a secret would give: a
//! mismatch says how many secrets were tried, nothing more.

use std::fmt;

/// Why a webhook delivery was refused or could not be read.
///
/// Every variant but [`CallbackUrl`](WebhookError::CallbackUrl) carries
/// the `X-GitHub-Delivery` id when the delivery had a readable one
/// ([`delivery`](WebhookError::delivery)), for logs and for redelivering
/// it from the webhook's settings. Answer the sender with 400 for
/// [`BodyTooLarge`](WebhookError::BodyTooLarge) (or 413),
/// [`MissingEvent`](WebhookError::MissingEvent),
/// [`MalformedEvent`](WebhookError::MalformedEvent),
/// [`MissingSignature`](WebhookError::MissingSignature),
/// [`MalformedSignature`](WebhookError::MalformedSignature) and
/// [`SignatureMismatch`](WebhookError::SignatureMismatch) (401 or 403 are
/// as good); [`NoSecret`](WebhookError::NoSecret) is this side's
/// configuration, a 500.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The verifier has no secret (or only empty ones), so nothing can be
    /// verified and every delivery is refused.
    #[error(
        "{}no webhook secret is configured, so no delivery can be verified",
        prefix(delivery)
    )]
    #[non_exhaustive]
    NoSecret {
        /// The `X-GitHub-Delivery` id.
        delivery: Option<String>,
    },

    /// The body is larger than the verifier's limit
    /// ([`Verifier::max_body_size`](super::Verifier::max_body_size)); it
    /// was not hashed.
    #[error(
        "{}the body of {size} bytes is larger than the limit of {limit} bytes",
        prefix(delivery)
    )]
    #[non_exhaustive]
    BodyTooLarge {
        /// The `X-GitHub-Delivery` id.
        delivery: Option<String>,
        /// The body's size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },

    /// The delivery has no `X-Hub-Signature-256` header: the webhook has
    /// no secret on GitHub's side, or the request did not come from
    /// GitHub. The SHA-1 `X-Hub-Signature` header is never accepted.
    #[error(
        "{}the X-Hub-Signature-256 header is missing (unsigned deliveries and SHA-1 `X-Hub-Signature` are not accepted)",
        prefix(delivery)
    )]
    #[non_exhaustive]
    MissingSignature {
        /// The `X-GitHub-Delivery` id.
        delivery: Option<String>,
    },

    /// The `X-Hub-Signature-256` header is not `sha256=` and 64 lower-case
    /// hex digits.
    #[error(
        "{}the X-Hub-Signature-256 header is malformed: {problem}",
        prefix(delivery)
    )]
    #[non_exhaustive]
    MalformedSignature {
        /// The `X-GitHub-Delivery` id.
        delivery: Option<String>,
        /// What is wrong with it.
        problem: SignatureProblem,
    },

    /// The signature is well-formed but matches no configured secret: the
    /// body was changed on the way, the secrets differ, or the request
    /// did not come from GitHub.
    #[error(
        "{}the signature matches none of the {secrets} configured secret(s)",
        prefix(delivery)
    )]
    #[non_exhaustive]
    SignatureMismatch {
        /// The `X-GitHub-Delivery` id.
        delivery: Option<String>,
        /// How many secrets were tried.
        secrets: usize,
    },

    /// The delivery has no `X-GitHub-Event` header.
    #[error("{}the X-GitHub-Event header is missing", prefix(delivery))]
    #[non_exhaustive]
    MissingEvent {
        /// The `X-GitHub-Delivery` id.
        delivery: Option<String>,
    },

    /// The `X-GitHub-Event` header is not an event name (ASCII letters,
    /// digits, `_`, `-` and `.`, at most 100 of them).
    #[error("{}the X-GitHub-Event header is not an event name", prefix(delivery))]
    #[non_exhaustive]
    MalformedEvent {
        /// The `X-GitHub-Delivery` id.
        delivery: Option<String>,
    },

    /// A verified payload does not decode into the type asked for (the
    /// event's payload type, or a form-encoded body that is not GitHub's
    /// `payload=` form).
    #[error(
        "{}the `{event}` payload does not decode{}: {source} (body: {snippet})",
        prefix(delivery),
        at_path(path)
    )]
    #[non_exhaustive]
    Payload {
        /// The `X-GitHub-Delivery` id.
        delivery: Option<String>,
        /// The `X-GitHub-Event` header, such as `workflow_run`.
        event: String,
        /// Where in the payload decoding failed, such as
        /// `workflow_run.id` (`.` for the top level).
        path: String,
        /// The start of the payload, credential-shaped words redacted.
        snippet: String,
        /// The JSON decoder's error.
        #[source]
        source: serde_json::Error,
    },

    /// A deployment protection rule's `deployment_callback_url` is not
    /// this client's callback endpoint (another origin, outside the base
    /// URL's path, dot segments, another endpoint); nothing was sent, so
    /// the client's token stays where it belongs.
    #[error("refusing the deployment callback URL `{url}`: {reason}")]
    #[non_exhaustive]
    CallbackUrl {
        /// The URL as given, without user info, query or fragment.
        url: String,
        /// Why it was refused.
        reason: String,
    },
}

impl WebhookError {
    /// The `X-GitHub-Delivery` id of the delivery, when it had a readable
    /// one (up to 100 visible ASCII characters).
    pub fn delivery(&self) -> Option<&str> {
        match self {
            WebhookError::NoSecret { delivery }
            | WebhookError::BodyTooLarge { delivery, .. }
            | WebhookError::MissingSignature { delivery }
            | WebhookError::MalformedSignature { delivery, .. }
            | WebhookError::SignatureMismatch { delivery, .. }
            | WebhookError::MissingEvent { delivery }
            | WebhookError::MalformedEvent { delivery }
            | WebhookError::Payload { delivery, .. } => delivery.as_deref(),
            WebhookError::CallbackUrl { .. } => None,
        }
    }

    /// Whether the delivery itself was refused (its headers, size or
    /// signature) rather than this side's configuration, a payload or a
    /// callback URL: the sender gets a 4xx.
    pub fn is_refused_delivery(&self) -> bool {
        matches!(
            self,
            WebhookError::BodyTooLarge { .. }
                | WebhookError::MissingSignature { .. }
                | WebhookError::MalformedSignature { .. }
                | WebhookError::SignatureMismatch { .. }
                | WebhookError::MissingEvent { .. }
                | WebhookError::MalformedEvent { .. }
        )
    }
}

/// What is wrong with an `X-Hub-Signature-256` header.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureProblem {
    /// It does not start with `sha256=`. `algorithm` is what stands before
    /// its `=` (such as `sha1`), when that is a short name.
    Prefix {
        /// The name before `=`, if there is one of at most 16 letters,
        /// digits and `-`.
        algorithm: Option<String>,
    },
    /// The digest holds a character that is not a hex digit.
    NotHex,
    /// The digest has upper-case hex digits; GitHub sends lower case.
    UpperCase,
    /// The digest is not 64 hex digits long (a SHA-256 digest).
    Length {
        /// How many characters it has.
        digits: usize,
    },
}

impl fmt::Display for SignatureProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureProblem::Prefix {
                algorithm: Some(algorithm),
            } => write!(f, "it starts with `{algorithm}=`, not `sha256=`"),
            SignatureProblem::Prefix { algorithm: None } => {
                f.write_str("it does not start with `sha256=`")
            }
            SignatureProblem::NotHex => f.write_str("the digest is not hex"),
            SignatureProblem::UpperCase => {
                f.write_str("the digest has upper-case hex digits (GitHub sends lower case)")
            }
            SignatureProblem::Length { digits } => write!(
                f,
                "the digest has {digits} hex digits, not the 64 of a SHA-256 digest"
            ),
        }
    }
}

/// `webhook delivery `ID`: ` or `webhook delivery: `.
fn prefix(delivery: &Option<String>) -> String {
    match delivery {
        Some(id) => format!("webhook delivery `{id}`: "),
        None => "webhook delivery: ".to_owned(),
    }
}

/// ` at `path`` inside the payload; nothing for the top level (`.`).
fn at_path(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        format!(" at `{path}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_delivery_when_known() {
        let with = WebhookError::MissingEvent {
            delivery: Some("72d3162e-cc78-11e3-81ab-4c9367dc0958".to_owned()),
        };
        assert_eq!(
            with.to_string(),
            "webhook delivery `72d3162e-cc78-11e3-81ab-4c9367dc0958`: the X-GitHub-Event header is missing"
        );
        assert_eq!(
            with.delivery(),
            Some("72d3162e-cc78-11e3-81ab-4c9367dc0958")
        );
        let without = WebhookError::SignatureMismatch {
            delivery: None,
            secrets: 2,
        };
        assert_eq!(
            without.to_string(),
            "webhook delivery: the signature matches none of the 2 configured secret(s)"
        );
        assert!(without.is_refused_delivery());
    }

    #[test]
    fn signature_problems_say_what_is_expected() {
        let sha1 = SignatureProblem::Prefix {
            algorithm: Some("sha1".to_owned()),
        };
        assert_eq!(sha1.to_string(), "it starts with `sha1=`, not `sha256=`");
        assert_eq!(
            SignatureProblem::Length { digits: 40 }.to_string(),
            "the digest has 40 hex digits, not the 64 of a SHA-256 digest"
        );
    }
}
