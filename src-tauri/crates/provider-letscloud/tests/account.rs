//! The account endpoint (`/profile`), the headers every request carries, the envelope's errors,
//! retries of reads only, and the rate budget.

mod common;

use common::*;
use fleetdeck_core::{ErrorCode, ServerAction};
use fleetdeck_provider_letscloud::RATE_LIMIT_PER_HOUR;
use serde_json::json;

#[tokio::test]
async fn profile_gives_balance_and_currency() {
    let mut h = Harness::new().await;
    let m = h
        .mock(
            "GET",
            "/profile",
            ok(
                json!({"name": "Sherman Vasquez", "company_name": null, "email": "sherman@letscloud.io",
                      "currency": "$", "balance": "100.50"}),
            ),
            1,
        )
        .await;
    let c = h.client().await;
    let p = c.billing().unwrap().profile().await.unwrap();
    m.assert_async().await;
    assert_eq!(p.account, ACCOUNT);
    assert_eq!(p.name.as_deref(), Some("Sherman Vasquez"));
    assert_eq!(p.email.as_deref(), Some("sherman@letscloud.io"));
    assert_eq!(p.company, None);
    let balance = p.balance.unwrap();
    assert_eq!(balance.amount, "100.50");
    assert_eq!(balance.currency.as_deref(), Some("USD"));
    assert_eq!(p.extra.get("currencySymbol"), Some(&json!("$")));
}

#[tokio::test]
async fn a_real_currency_symbol_maps_to_brl() {
    let mut h = Harness::new().await;
    h.get(
        "/profile",
        json!({"name": "Ana", "company_name": "Acme Ltda", "email": "ana@acme.com.br",
               "currency": "R$", "balance": "1234.56"}),
    )
    .await;
    let c = h.client().await;
    let p = c.check().await.unwrap();
    assert_eq!(p.company.as_deref(), Some("Acme Ltda"));
    assert_eq!(p.balance.unwrap().currency.as_deref(), Some("BRL"));
}

#[tokio::test]
async fn a_bad_token_is_an_auth_error() {
    let mut h = Harness::new().await;
    h.fail(
        "GET",
        "/profile",
        401,
        refusal("401 unauthorized: please check your api key"),
    )
    .await;
    let c = h.client().await;
    let e = c.check().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Auth);
    assert!(e.to_string().starts_with("lc-main: authentication failed"), "{e}");
    assert!(!e.to_string().contains(TOKEN));
}

#[tokio::test]
async fn success_false_with_http_200_is_an_error() {
    let mut h = Harness::new().await;
    h.mock("GET", "/profile", refusal("Something went wrong"), 1)
        .await;
    let c = h.client().await;
    let e = c.check().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Provider);
    assert_eq!(e.to_string(), "lc-main: Something went wrong");
}

#[tokio::test]
async fn a_400_is_a_validation_error_with_the_providers_words() {
    let mut h = Harness::new().await;
    h.fail(
        "PUT",
        "/instances/abc123/change-plan",
        400,
        refusal("The selected plan slug is invalid."),
    )
    .await;
    let c = h.client().await;
    let e = c
        .servers()
        .server_action(
            "abc123",
            &ServerAction::Resize {
                plan: Some("nope".into()),
                custom_size: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(
        e.to_string().contains("The selected plan slug is invalid."),
        "{e}"
    );
}

#[tokio::test]
async fn a_low_balance_refusal_is_low_balance() {
    let mut h = Harness::new().await;
    h.fail(
        "POST",
        "/instances/abc123/snapshots",
        400,
        refusal("You don't have enough balance to perform this action"),
    )
    .await;
    let c = h.client().await;
    let e = c
        .snapshots()
        .unwrap()
        .create_snapshot("abc123", Some("s1"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::LowBalance);
    // The payload keeps LetsCloud's own status and claims no code LetsCloud did not send.
    let p = e.to_payload();
    assert_eq!(p.details.http_status, Some(400));
    assert_eq!(p.details.provider_code, None);
}

#[tokio::test]
async fn a_low_balance_refusal_on_http_200_keeps_200() {
    let mut h = Harness::new().await;
    h.fail(
        "POST",
        "/instances/abc123/snapshots",
        200,
        refusal("You don't have enough balance to perform this action"),
    )
    .await;
    let c = h.client().await;
    let e = c
        .snapshots()
        .unwrap()
        .create_snapshot("abc123", Some("s1"))
        .await
        .unwrap_err();
    let p = e.to_payload();
    assert_eq!(p.code, ErrorCode::LowBalance, "{e}");
    assert_eq!(p.details.http_status, Some(200));
    assert_eq!(p.details.provider_code, None);
}

#[tokio::test]
async fn reads_are_retried_on_503_writes_are_not() {
    let mut h = Harness::new().await;
    let fail = h
        .server
        .mock("GET", "/profile")
        .with_status(503)
        .with_body(refusal("maintenance"))
        .expect(1)
        .create_async()
        .await;
    let good = h
        .mock(
            "GET",
            "/profile",
            ok(json!({"name": "x", "email": "x@y", "currency": "$", "balance": "1.00"})),
            1,
        )
        .await;
    let write = h
        .server
        .mock("PUT", "/instances/abc123/reboot")
        .with_status(503)
        .with_body(refusal("maintenance"))
        .expect(1)
        .create_async()
        .await;
    let c = h.client().await;
    c.check().await.unwrap();
    fail.assert_async().await;
    good.assert_async().await;
    let e = c
        .servers()
        .server_action("abc123", &ServerAction::Reboot)
        .await
        .unwrap_err();
    write.assert_async().await;
    assert_eq!(e.code(), ErrorCode::Provider);
    assert!(e.is_transient());
}

#[tokio::test]
async fn a_non_json_answer_is_a_provider_error() {
    let mut h = Harness::new().await;
    h.mock("GET", "/profile", "<html>maintenance</html>".into(), 1)
        .await;
    let c = h.client().await;
    let e = c.check().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Provider);
    assert!(e.to_string().contains("unexpected answer from LetsCloud"), "{e}");
}

#[tokio::test]
async fn the_remaining_budget_comes_from_the_headers() {
    let mut h = Harness::new().await;
    h.server
        .mock("GET", "/profile")
        .match_header("api-token", TOKEN)
        .with_header("x-ratelimit-limit", "5000")
        .with_header("x-ratelimit-remaining", "4321")
        .with_header("x-ratelimit-reset", "1772370000")
        .with_body(ok(
            json!({"name": "x", "email": "x@y", "currency": "$", "balance": "1.00"}),
        ))
        .create_async()
        .await;
    let c = h.client().await;
    let before = c.rate_status().unwrap();
    assert!(!before.from_headers, "counted locally before any answer");
    assert_eq!(before.limit, Some(RATE_LIMIT_PER_HOUR));
    assert_eq!(before.remaining, Some(RATE_LIMIT_PER_HOUR));
    c.check().await.unwrap();
    let after = c.rate_status().unwrap();
    assert!(after.from_headers);
    assert_eq!(after.limit, Some(5000));
    assert_eq!(after.remaining, Some(4321));
    assert_eq!(after.reset_at.map(|t| t.timestamp()), Some(1_772_370_000));
    assert_eq!(after.used_last_hour, 1);
}

#[tokio::test]
async fn without_headers_the_budget_is_counted_locally() {
    let mut h = Harness::new().await;
    h.get("/locations", json!([])).await;
    let c = h.client().await;
    for _ in 0..3 {
        c.catalog().unwrap().list_regions().await.unwrap();
    }
    let s = c.rate_status().unwrap();
    assert!(!s.from_headers);
    assert_eq!(s.used_last_hour, 3);
    assert_eq!(s.remaining, Some(RATE_LIMIT_PER_HOUR - 3));
}

#[tokio::test]
async fn requests_without_the_version_header_are_not_sent() {
    // The mock only answers requests carrying both headers; anything else gets mockito's 501.
    let mut h = Harness::new().await;
    let strict = h
        .server
        .mock("GET", "/locations")
        .match_header("api-token", TOKEN)
        .match_header("accept", ACCEPT)
        .with_body(ok(json!([])))
        .expect(1)
        .create_async()
        .await;
    let c = h.client().await;
    c.catalog().unwrap().list_regions().await.unwrap();
    strict.assert_async().await;
}

#[tokio::test]
async fn a_spent_budget_is_rate_limited_with_the_wait() {
    let mut h = Harness::new().await;
    // Longer than the transport waits by itself: handed to the caller with the delay.
    let m = h
        .server
        .mock("GET", "/instances")
        .with_status(429)
        .with_header("retry-after", "1200")
        .with_header("x-ratelimit-limit", "5000")
        .with_header("x-ratelimit-remaining", "0")
        .with_body(refusal("Too Many Attempts."))
        .expect(1)
        .create_async()
        .await;
    let c = h.client().await;
    let e = c.servers().list_servers().await.unwrap_err();
    m.assert_async().await;
    assert_eq!(e.code(), ErrorCode::RateLimited);
    assert_eq!(e.to_payload().details.retry_after_secs, Some(1200));
    assert!(e.is_transient());
    let budget = c.rate_status().unwrap();
    assert_eq!(budget.remaining, Some(0));
}
