//! Sealed secrets, which no example can show: what the client sends opens,
//! with the secret key matching the published public key, to the plaintext
//! (text or any bytes), and the ciphertext stays out of `Debug`.

use super::{OWNER, REPO};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use crypto_box::SecretKey;
use crypto_box::aead::OsRng;
use gh_actions::sealing::SealedSecret;
use gh_actions::secrets::{CreateOrUpdateOrgSecretOutcome, CreateOrUpdateRepoSecretOutcome};
use gh_actions_tests::e2e_support::{assert_json_body, client, only_request, serve};
use gh_actions_tests::mock::{MockServer, RecordedRequest, Reply};
use serde_json::json;

const KEY_ID: &str = "568250167242549743";
const PLAINTEXT: &str = "hunter2 ✓ with spaces, quotes \" and newlines\n";

/// A fresh X25519 key pair: the secret key and the base64 public key, as
/// GitHub keeps and publishes them.
fn key_pair() -> (SecretKey, String) {
    let secret = SecretKey::generate(&mut OsRng);
    let public = STANDARD.encode(secret.public_key().as_bytes());
    (secret, public)
}

/// Opens the `encrypted_value` of a request body with `secret`, as GitHub does.
fn open(req: &RecordedRequest, secret: &SecretKey) -> Vec<u8> {
    let body = req.body_json().expect("the body is JSON");
    let sealed = STANDARD
        .decode(body["encrypted_value"].as_str().expect("a string"))
        .expect("standard base64");
    secret.unseal(&sealed).expect("opens with the matching key")
}

#[tokio::test]
async fn a_repo_secret_sealed_with_the_published_key_opens_to_the_plaintext() {
    let (secret_key, public_key) = key_pair();
    let published = json!({ "key_id": KEY_ID, "key": public_key });
    let server = MockServer::start(move |req: &RecordedRequest| match req.method.as_str() {
        "GET" => Reply::json(200, &published),
        _ => Reply::empty(201),
    })
    .await;
    let gh = client(&server);
    let key = gh
        .secrets()
        .get_repo_public_key(OWNER, REPO)
        .send()
        .await
        .expect("the key");
    let sealed = SealedSecret::seal(&key.key_id, &key.key, PLAINTEXT).expect("seals");
    let outcome = gh
        .secrets()
        .create_or_update_repo_secret(OWNER, REPO, "TOKEN", &sealed)
        .send()
        .await
        .expect("stored");
    assert_eq!(outcome, CreateOrUpdateRepoSecretOutcome::Created);
    let put = &server.requests()[1];
    assert_eq!(put.body_json().expect("JSON")["key_id"], KEY_ID);
    assert_eq!(open(put, &secret_key), PLAINTEXT.as_bytes());
}

/// Any bytes seal, and an organisation secret without selected repositories
/// sends no `selected_repository_ids` at all.
#[tokio::test]
async fn an_org_secret_of_any_bytes_opens_and_unset_repositories_are_left_out() {
    let (secret_key, public_key) = key_pair();
    let plaintext = b"\x00binary\xff";
    let sealed = SealedSecret::seal(KEY_ID, &public_key, plaintext).expect("seals");
    let server = serve(Reply::empty(204)).await;
    let outcome = client(&server)
        .secrets()
        .create_or_update_org_secret(OWNER, "NPM_TOKEN", &sealed, "private")
        .send()
        .await
        .expect("replaced");
    assert_eq!(outcome, CreateOrUpdateOrgSecretOutcome::Updated);
    let req = only_request(&server);
    let body = json!({
        "encrypted_value": sealed.encrypted_value(),
        "key_id": KEY_ID,
        "visibility": "private",
    });
    assert_json_body(&req, &body);
    assert_eq!(open(&req, &secret_key), plaintext);
}

#[tokio::test]
async fn a_secret_request_keeps_the_ciphertext_out_of_debug() {
    let sealed = SealedSecret::seal(KEY_ID, &key_pair().1, PLAINTEXT).expect("seals");
    let server = serve(Reply::empty(201)).await;
    let gh = client(&server);
    let builder = gh
        .secrets()
        .create_or_update_org_secret(OWNER, "NAME", &sealed, "all");
    let shown = format!("{builder:?} {sealed:?}");
    assert!(!shown.contains(sealed.encrypted_value()), "{shown}");
    assert!(
        shown.contains("<sealed>") && shown.contains("NAME"),
        "{shown}"
    );
}
