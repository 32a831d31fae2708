//! Credentials in answers (`format: password` in the spec): a runner
//! registration token and a just-in-time runner configuration are kept and
//! sent back byte for byte, but their `Debug` never shows them, so logging
//! an answer leaks nothing.

use super::{OWNER, REPO};
use gh_actions_tests::e2e_support::{client, example};
use gh_actions_tests::mock::{MockServer, Reply};
use serde_json::json;

const REGISTRATION: &str = "AABF3JGZDX3P5PMEXLND6TS6FCWO6";
const JIT: &str = "ZW5jb2RlZC1qaXQtY29uZmlnLXdpdGgtYS10b2tlbg==";

#[tokio::test]
async fn debug_shows_every_field_but_the_credential() {
    let mut jit = example("runner-jitconfig");
    jit["encoded_jit_config"] = json!(JIT);
    let token = json!({"token": REGISTRATION, "expires_at": "2026-12-06T10:00:00Z"});
    let server = MockServer::start(move |req| {
        if req.path().ends_with("/generate-jitconfig") {
            Reply::json(201, jit.clone())
        } else {
            Reply::json(201, token.clone())
        }
    })
    .await;
    let runners = client(&server).self_hosted_runners();

    let registration = runners
        .create_registration_token_for_repo(OWNER, REPO)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(registration.token, REGISTRATION);
    let shown = format!("{registration:?} {registration:#?}");
    assert!(!shown.contains(REGISTRATION), "{shown}");
    assert!(
        shown.contains("token: <redacted>") && shown.contains("expires_at: "),
        "{shown}"
    );

    let config = runners
        .generate_runner_jitconfig_for_repo(OWNER, REPO, ["self-hosted"], "r1", 1)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.encoded_jit_config, JIT);
    let shown = format!("{config:?}");
    assert!(!shown.contains(JIT), "{shown}");
    assert!(
        shown.starts_with(
            "ActionsRunnerJitconfig { encoded_jit_config: <redacted>, runner: Runner {"
        ),
        "{shown}"
    );
    // The value itself is untouched: it serializes back as it came.
    let back = serde_json::to_value(&config).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back["encoded_jit_config"], JIT);
}
