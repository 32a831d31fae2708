//! Error answers as people read them: a gzip-encoded error body is shown
//! as its text, inflated within the error-body bound, even when it was cut
//! at that bound or inflates past it.

use reqwest::Method;

use gh_actions_mock::{MockServer, Reply};
use gh_actions_runtime::{Client, Error};

use crate::raw_and_meta::gzip;

async fn error_of(reply: Reply) -> Error {
    let server = MockServer::start(move |_| reply.clone()).await;
    let gh = Client::builder().base_url(server.url()).build().unwrap();
    gh.request(Method::GET, "/x")
        .send::<serde_json::Value>()
        .await
        .unwrap_err()
}

fn api_message(err: &Error) -> &str {
    match err {
        Error::Api(api) => &api.message,
        other => panic!("{other:?}"),
    }
}

/// Text that hardly compresses: letters from a fixed pseudo-random walk.
fn letters(len: usize) -> Vec<u8> {
    let mut state = 0x2545_f491_u32;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            b'a' + (state % 26) as u8
        })
        .collect()
}

#[tokio::test]
async fn a_gzip_error_body_is_shown_as_its_text() {
    let body = br#"{"message": "Server Error", "documentation_url": "https://docs.github.com/x"}"#;
    let err = error_of(Reply::bytes(500, gzip(body)).header("content-encoding", "gzip")).await;
    assert_eq!(api_message(&err), "Server Error");

    let html = b"<html><body>502 Bad Gateway</body></html>";
    let err = error_of(Reply::bytes(502, gzip(html)).header("Content-Encoding", "GZIP")).await;
    assert_eq!(
        api_message(&err),
        "<html><body>502 Bad Gateway</body></html>"
    );
}

#[tokio::test]
async fn a_gzip_error_body_larger_than_the_bound_shows_its_start() {
    // Inflates to 1 MiB: the first 64 KiB are read.
    let mut big = b"<html> upstream failed ".to_vec();
    big.extend(vec![b'x'; 1 << 20]);
    let err = error_of(Reply::bytes(503, gzip(&big)).header("content-encoding", "gzip")).await;
    assert!(
        api_message(&err).starts_with("<html> upstream failed xxxx"),
        "{err}"
    );

    // Compressed past the bound, so the member is cut: its start still reads.
    let mut noisy = b"<html> noisy failure ".to_vec();
    noisy.extend(letters(200 * 1024));
    let member = gzip(&noisy);
    assert!(member.len() > 64 * 1024);
    let err = error_of(Reply::bytes(500, member).header("content-encoding", "gzip")).await;
    assert!(
        api_message(&err).starts_with("<html> noisy failure "),
        "{err}"
    );

    // Not gzip after all: the bytes are shown as they came.
    let err = error_of(Reply::text(500, "plain words").header("content-encoding", "gzip")).await;
    assert_eq!(api_message(&err), "plain words");
}
