//! GitHub App installation tokens: the JWT a server can verify, one
//! exchange for many concurrent requests, and a refresh after expiry.
#![cfg(feature = "app-auth")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use gh_actions_mock::{MockServer, RecordedRequest, Reply};
use gh_actions_runtime::auth::AppCredentials;
use gh_actions_runtime::{Client, Error, Method};
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RsaKeyPair, UnparsedPublicKey};

const KEY: &str = include_str!("../data/test-app-key.pem");

/// The public half of [`KEY`] (a PKCS#1 `RSA PRIVATE KEY`), as GitHub keeps
/// it to check the App's JWTs.
fn public_key() -> Vec<u8> {
    let body: String = KEY
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    let der = STANDARD.decode(body).expect("base64");
    let key = RsaKeyPair::from_der(&der).expect("an RSA key");
    key.public().as_ref().to_vec()
}

/// Verifies the App JWT as GitHub would: RS256 signature by the App's key,
/// issuer, issued-at set back, lifetime at most ten minutes.
fn verify_app_jwt(seen: &RecordedRequest, public_key: &[u8]) -> Result<(), String> {
    let header = seen.header("authorization").ok_or("no authorization")?;
    let jwt = header.strip_prefix("Bearer ").ok_or("not a bearer token")?;
    let parts: Vec<&str> = jwt.split('.').collect();
    let [head, claims, signature] = parts.as_slice() else {
        return Err(format!("{} parts", parts.len()));
    };
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|e| e.to_string())?;
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, public_key)
        .verify(format!("{head}.{claims}").as_bytes(), &signature)
        .map_err(|_| "bad signature".to_owned())?;
    let head: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(head).unwrap()).unwrap();
    assert_eq!(head["alg"], "RS256");
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).unwrap()).unwrap();
    let now = chrono::Utc::now().timestamp();
    let (iat, exp) = (
        claims["iat"].as_i64().unwrap(),
        claims["exp"].as_i64().unwrap(),
    );
    assert_eq!(claims["iss"], "12345");
    assert!(iat <= now - 59 && iat >= now - 65, "iat {iat}, now {now}");
    assert!(exp > now && exp - iat <= 600, "iat {iat}, exp {exp}");
    Ok(())
}

/// An API whose exchange endpoint checks the JWT and hands out numbered
/// tokens valid for `lifetime`; other paths need the latest token.
async fn app_api(lifetime: chrono::Duration) -> (MockServer, Arc<AtomicUsize>) {
    let public_key = public_key();
    let exchanges = Arc::new(AtomicUsize::new(0));
    let count = exchanges.clone();
    let server = MockServer::start_indexed(move |seen, _| {
        if seen.target == "/app/installations/777/access_tokens" {
            assert_eq!(seen.method, "POST");
            if let Err(why) = verify_app_jwt(seen, &public_key) {
                return Reply::json_text(401, format!(r#"{{"message": "{why}"}}"#));
            }
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            let expires = (chrono::Utc::now() + lifetime).to_rfc3339();
            return Reply::json_text(
                201,
                format!(r#"{{"token": "ghs_{n}", "expires_at": "{expires}"}}"#),
            );
        }
        let want = format!("Bearer ghs_{}", count.load(Ordering::SeqCst));
        match seen.header("authorization") {
            Some(got) if got == want => Reply::json_text(200, r#"{"ok": true}"#),
            _ => Reply::json_text(401, r#"{"message": "Bad credentials"}"#),
        }
    })
    .await;
    (server, exchanges)
}

async fn call(gh: &Client) -> Result<serde_json::Value, Error> {
    gh.request(Method::GET, "/repos/o/r/actions/runs")
        .send()
        .await
}

#[tokio::test]
async fn many_concurrent_requests_share_one_installation_token() {
    let (server, exchanges) = app_api(chrono::Duration::hours(1)).await;
    let gh = Client::builder()
        .base_url(server.url())
        .app_installation(AppCredentials::new("12345", KEY, 777))
        .build()
        .unwrap();
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let gh = gh.clone();
            tokio::spawn(async move { call(&gh).await })
        })
        .collect();
    for handle in calls {
        assert_eq!(handle.await.unwrap().unwrap()["ok"], true);
    }
    assert_eq!(exchanges.load(Ordering::SeqCst), 1);
    assert_eq!(server.requests().len(), 21);
    assert!(!format!("{gh:?}").contains("ghs_"));
}

#[tokio::test]
async fn an_expired_installation_token_is_replaced() {
    let (server, exchanges) = app_api(chrono::Duration::seconds(1)).await;
    let gh = Client::builder()
        .base_url(server.url())
        .app_installation(AppCredentials::new("12345", KEY, 777).refresh_margin(Duration::ZERO))
        .build()
        .unwrap();
    call(&gh).await.unwrap();
    call(&gh).await.unwrap();
    assert_eq!(exchanges.load(Ordering::SeqCst), 1, "still valid: reused");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    call(&gh).await.unwrap();
    assert_eq!(
        exchanges.load(Ordering::SeqCst),
        2,
        "expired: exchanged again"
    );
    let last = server.requests().pop().unwrap();
    assert_eq!(last.header("authorization"), Some("Bearer ghs_2"));
}

#[test]
fn a_bad_private_key_is_a_configuration_error_that_quotes_nothing() {
    for pem in [
        "not a key",
        "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LWJ5dGVz\n-----END RSA PRIVATE KEY-----\n",
        "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n",
    ] {
        let err = Client::builder()
            .app_installation(AppCredentials::new("1", pem, 2))
            .build()
            .unwrap_err();
        assert!(
            err.to_string().contains("private key is not usable"),
            "{err}"
        );
        assert!(!err.to_string().contains("c2VjcmV0"), "{err}");
    }
    let both = Client::builder()
        .token("t")
        .app_installation(AppCredentials::new("1", KEY, 2))
        .build()
        .unwrap_err();
    assert!(both.to_string().contains("not several"), "{both}");
}
