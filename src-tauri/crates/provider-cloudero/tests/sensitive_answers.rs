//! Answers that may hold a secret (the login's token pair) are never quoted in an error message,
//! even when they are not the JSON the client expects (core `Request::sensitive_answer`).

mod common;

use common::*;

#[tokio::test]
async fn a_login_answer_is_never_quoted_in_an_error() {
    let mut h = Harness::new().await;
    let leaked = "token=eyJleaked.session.value";
    h.server
        .mock("POST", "/v1/user/login")
        .with_status(502)
        .with_header("content-type", "text/plain")
        .with_body(leaked)
        .expect_at_least(1)
        .create_async()
        .await;
    let c = h.client().await;
    let e = c.servers().list_servers().await.unwrap_err();
    let text = e.to_string();
    assert!(!text.contains("eyJleaked"), "{text}");
    assert!(text.starts_with(ACCOUNT), "{text}");
}
