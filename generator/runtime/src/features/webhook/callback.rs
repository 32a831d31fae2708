//! Answering a deployment protection rule: the `deployment_callback_url`
//! of a `deployment_protection_rule` event, checked against the client's
//! base URL before the client's token goes anywhere near it.

use std::fmt;

use percent_encoding::percent_decode_str;
use reqwest::{Method, Url};

use super::error::WebhookError;
use crate::transport::client::Client;
use crate::transport::request::encode_segment;
use crate::vocabulary::error::Error;
use crate::vocabulary::message::redact_text;

/// The callback path below the base URL, as the raw request template.
const CALLBACK_TEMPLATE: &str =
    "/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule";

/// The answer to a deployment protection rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ReviewState {
    /// The deployment may go ahead.
    Approved,
    /// The deployment is refused.
    Rejected,
}

/// A deployment protection rule's callback, checked to be this client's
/// own `POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule`
/// (operation `actions/review-custom-gates-for-run`).
///
/// Made by [`Client::deployment_callback`]; answer with
/// [`review`](DeploymentCallback::review), or pass
/// [`owner`](DeploymentCallback::owner), [`repo`](DeploymentCallback::repo)
/// and [`run_id`](DeploymentCallback::run_id) to the generated operation.
#[derive(Clone)]
pub struct DeploymentCallback {
    client: Client,
    owner: String,
    repo: String,
    run_id: u64,
}

impl Client {
    /// Checks a `deployment_callback_url` from a `deployment_protection_rule`
    /// payload: it must be on the base URL's origin (scheme, host and
    /// port), below its path, and exactly the callback endpoint
    /// `/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule`,
    /// with no user info, query, fragment, dot or empty segment. Anything
    /// else is [`WebhookError::CallbackUrl`], so a forged payload cannot
    /// make the client send its token elsewhere.
    ///
    /// Owner and repository are percent-decoded (they are encoded again
    /// when the answer is sent).
    pub fn deployment_callback(&self, url: &str) -> Result<DeploymentCallback, WebhookError> {
        let refuse = |reason: &str| WebhookError::CallbackUrl {
            url: redact_text(url).escape_debug().to_string(),
            reason: reason.to_owned(),
        };
        let base = Url::parse(self.base_url())
            .map_err(|_| refuse("the client's base URL does not parse"))?;
        let parts = callback_parts(url, &base).map_err(refuse)?;
        Ok(DeploymentCallback {
            client: self.clone(),
            owner: parts.owner,
            repo: parts.repo,
            run_id: parts.run_id,
        })
    }
}

impl DeploymentCallback {
    /// The repository owner, percent-decoded.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// The repository name, percent-decoded.
    pub fn repo(&self) -> &str {
        &self.repo
    }

    /// The workflow run waiting for the answer.
    pub fn run_id(&self) -> u64 {
        self.run_id
    }

    /// The callback's path below the base URL, each segment
    /// percent-encoded as the client sends it.
    pub fn path(&self) -> String {
        let segment = |value: &str| encode_segment(&value).to_string();
        format!(
            "/repos/{}/{}/actions/runs/{}/deployment_protection_rule",
            segment(&self.owner),
            segment(&self.repo),
            self.run_id
        )
    }

    /// Answers the rule for `environment_name`: `POST`s
    /// `{environment_name, state, comment}` to the callback with the
    /// client's headers, token (the App installation's), retries and
    /// errors. GitHub answers 204.
    pub async fn review(
        &self,
        environment_name: &str,
        state: ReviewState,
        comment: Option<&str>,
    ) -> Result<(), Error> {
        #[derive(serde::Serialize)]
        struct Review<'a> {
            environment_name: &'a str,
            state: ReviewState,
            #[serde(skip_serializing_if = "Option::is_none")]
            comment: Option<&'a str>,
        }
        self.client
            .request(Method::POST, CALLBACK_TEMPLATE)
            .param("owner", &self.owner)
            .param("repo", &self.repo)
            .param("run_id", self.run_id)
            .json(&Review {
                environment_name,
                state,
                comment,
            })
            .send::<()>()
            .await
    }
}

impl fmt::Debug for DeploymentCallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeploymentCallback")
            .field("owner", &self.owner)
            .field("repo", &self.repo)
            .field("run_id", &self.run_id)
            .finish_non_exhaustive()
    }
}

/// What a good callback URL names.
#[derive(Debug, PartialEq, Eq)]
struct CallbackParts {
    owner: String,
    repo: String,
    run_id: u64,
}

/// The owner, repository and run of `url` if it is the callback endpoint
/// below `base`; otherwise why not.
fn callback_parts(url: &str, base: &Url) -> Result<CallbackParts, &'static str> {
    // URL parsing drops tabs and line breaks, reads `\` as `/` and resolves
    // dot segments: what it would change is refused before it parses.
    if url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return Err("it holds a space, control character or `\\`");
    }
    if raw_path(url).split('/').any(is_dot_segment) {
        return Err("its path has a `.` or `..` segment");
    }
    let parsed = Url::parse(url).map_err(|_| "it is not an absolute URL")?;
    if parsed.scheme() != base.scheme() {
        return Err("its scheme is not the base URL's");
    }
    if parsed.host() != base.host() {
        return Err("its host is not the base URL's");
    }
    if parsed.port_or_known_default() != base.port_or_known_default() {
        return Err("its port is not the base URL's");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("it carries user info");
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err("it has a query or a fragment");
    }
    if parsed.path() != raw_path(url) {
        return Err("URL parsing changes its path");
    }
    let segments: Vec<&str> = parsed.path().split('/').skip(1).collect();
    let prefix: Vec<&str> = base.path().split('/').filter(|s| !s.is_empty()).collect();
    let Some(rest) = segments.strip_prefix(prefix.as_slice()) else {
        return Err("it is outside the base URL's path");
    };
    let [
        "repos",
        owner,
        repo,
        "actions",
        "runs",
        run_id,
        "deployment_protection_rule",
    ] = rest
    else {
        return Err(
            "it is not `/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule` below the base URL",
        );
    };
    let run_id = (run_id.len() <= 20 && run_id.bytes().all(|b| b.is_ascii_digit()))
        .then(|| run_id.parse::<u64>().ok())
        .flatten()
        .ok_or("its run id is not a number")?;
    Ok(CallbackParts {
        owner: name(owner).ok_or("its owner is not a name")?,
        repo: name(repo).ok_or("its repository is not a name")?,
        run_id,
    })
}

/// The path of a URL as written: from the first `/` after the authority
/// to the query or fragment.
fn raw_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority_end = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let rest = &after_scheme[authority_end..];
    if !rest.starts_with('/') {
        return "";
    }
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

/// `.` or `..`, also percent-encoded (`%2e`, `.%2E`), which URL parsing
/// resolves away.
fn is_dot_segment(segment: &str) -> bool {
    let plain = segment.to_ascii_lowercase().replace("%2e", ".");
    plain == "." || plain == ".."
}

/// A percent-decoded owner or repository name: UTF-8, not empty, no `/`
/// and no control character.
fn name(segment: &str) -> Option<String> {
    let decoded = percent_decode_str(segment).decode_utf8().ok()?;
    let plain = !decoded.is_empty()
        && !is_dot_segment(&decoded)
        && !decoded
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control());
    plain.then(|| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(url: &str, base: &str) -> Result<CallbackParts, &'static str> {
        callback_parts(url, &Url::parse(base).unwrap())
    }

    #[test]
    fn the_raw_path_is_what_was_written() {
        assert_eq!(raw_path("https://h/a/../b?q#f"), "/a/../b");
        assert_eq!(raw_path("https://h"), "");
        assert_eq!(raw_path("https://h?x=/y"), "");
    }

    #[test]
    fn encoded_dots_are_dot_segments() {
        for dots in [".", "..", "%2e", "%2E%2e", ".%2E"] {
            assert!(is_dot_segment(dots), "{dots}");
        }
        assert!(!is_dot_segment(".github"));
    }

    #[test]
    fn a_callback_under_a_base_path_keeps_its_prefix() {
        let base = "https://ghe.example.com/api/v3";
        assert_eq!(
            parts(
                "https://ghe.example.com/api/v3/repos/o/r/actions/runs/9/deployment_protection_rule",
                base
            ),
            Ok(CallbackParts {
                owner: "o".into(),
                repo: "r".into(),
                run_id: 9
            })
        );
        assert_eq!(
            parts(
                "https://ghe.example.com/repos/o/r/actions/runs/9/deployment_protection_rule",
                base
            ),
            Err("it is outside the base URL's path")
        );
    }

    #[test]
    fn names_and_run_ids_are_checked_after_decoding() {
        let base = "https://api.github.com";
        let url = |owner: &str, run: &str| {
            format!(
                "https://api.github.com/repos/{owner}/r/actions/runs/{run}/deployment_protection_rule"
            )
        };
        assert_eq!(
            parts(&url("a%2Fb", "1"), base),
            Err("its owner is not a name")
        );
        assert_eq!(
            parts(&url("%FF", "1"), base),
            Err("its owner is not a name")
        );
        assert_eq!(
            parts(&url("o", "-1"), base),
            Err("its run id is not a number")
        );
        assert_eq!(
            parts(&url("o", "99999999999999999999"), base),
            Err("its run id is not a number")
        );
        assert_eq!(
            parts(&url("o", "1e3"), base),
            Err("its run id is not a number")
        );
    }
}
