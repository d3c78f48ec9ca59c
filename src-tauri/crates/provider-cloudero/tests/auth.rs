//! The session: login, proactive refresh from the JWT `exp`, refresh on a 401, fall-back to login,
//! single-flight renewal, the keyring-backed session, public endpoints without a login.

mod common;

use std::time::Duration;

use common::*;
use fleetdeck_core::{ErrorCode, ExposeSecret, SecretString, SessionVault};
use mockito::Matcher;
use serde_json::{json, Value};

fn vault_doc(h: &Harness) -> Value {
    let s = h.vault.load().expect("a session in the vault");
    serde_json::from_str(s.expose_secret()).unwrap()
}

#[tokio::test]
async fn logs_in_once_and_keeps_the_session_in_the_vault() {
    let mut h = Harness::new().await;
    let p = pair("a", h.now());
    let login = h.login(&p).await;
    let list = h.get("/v1/server/list", &p.0, json!([])).await;
    let c = h.client().await;
    c.servers().list_servers().await.unwrap();
    c.servers().list_servers().await.unwrap();
    login.assert_async().await;
    list.expect(2).assert_async().await;
    let doc = vault_doc(&h);
    assert_eq!(doc["token"], p.0.as_str());
    assert_eq!(doc["refreshToken"], p.1.as_str());
    assert_eq!(doc["username"], USER);
    assert_eq!(
        doc["tokenExpiresAt"],
        (h.now() + chrono::Duration::minutes(45)).timestamp()
    );
    assert!(
        !doc.to_string().contains(PASSWORD),
        "the password is not in the session document"
    );
}

#[tokio::test]
async fn refreshes_proactively_before_the_token_expires() {
    let mut h = Harness::new().await;
    let p = pair("a", h.now());
    let login = h.login(&p).await;
    let c = h.client().await;
    let first = h.get("/v1/server/list", &p.0, json!([])).await;
    c.servers().list_servers().await.unwrap();
    first.assert_async().await;

    // 41 minutes later the token has less than the 5-minute margin left: refresh first.
    h.clock.advance(Duration::from_secs(41 * 60));
    let q = pair("b", h.now());
    let refresh = h
        .server
        .mock("POST", "/v1/user/refreshtoken")
        .match_header("authorization", format!("Bearer {}", p.1).as_str())
        .match_body(Matcher::UrlEncoded("refreshtoken".into(), p.1.clone()))
        .with_body(ok(json!({"token": q.0, "refreshtoken": q.1, "refresh": true})))
        .expect(1)
        .create_async()
        .await;
    let second = h.get("/v1/server/list", &q.0, json!([])).await;
    c.servers().list_servers().await.unwrap();
    refresh.assert_async().await;
    second.assert_async().await;
    login.assert_async().await; // still exactly one login
    assert_eq!(vault_doc(&h)["token"], q.0.as_str());
}

#[tokio::test]
async fn a_401_mid_session_refreshes_once_and_retries() {
    let mut h = Harness::new().await;
    let p = pair("a", h.now());
    h.login(&p).await;
    let c = h.client().await;
    // The provider revoked the token early.
    let refused = h
        .server
        .mock("POST", "/v1/server/42/start")
        .match_header("authorization", format!("Bearer {}", p.0).as_str())
        .with_status(401)
        .with_body(error("Token is invalid"))
        .expect(1)
        .create_async()
        .await;
    let q = pair("b", h.now());
    let refresh = h
        .server
        .mock("POST", "/v1/user/refreshtoken")
        .with_body(ok(json!({"token": q.0, "refreshtoken": q.1, "refresh": true})))
        .expect(1)
        .create_async()
        .await;
    let start = h
        .form(
            "POST",
            "/v1/server/42/start",
            &q.0,
            &[("id", "42")],
            json!({"event_id": 9}),
        )
        .await;
    let out = c
        .servers()
        .server_action("42", &fleetdeck_core::ServerAction::Start)
        .await
        .unwrap();
    refused.assert_async().await;
    refresh.assert_async().await;
    start.assert_async().await;
    assert!(out.job.is_some());
}

#[tokio::test]
async fn a_second_401_after_renewal_is_an_auth_error_naming_the_account() {
    let mut h = Harness::new().await;
    let p = pair("a", h.now());
    h.login(&p).await;
    let c = h.client().await;
    let q = pair("b", h.now());
    h.server
        .mock("POST", "/v1/user/refreshtoken")
        .with_body(ok(json!({"token": q.0, "refreshtoken": q.1, "refresh": true})))
        .create_async()
        .await;
    let m = h
        .server
        .mock("GET", "/v1/server/list")
        .with_status(401)
        .with_body(error("Unauthorized"))
        .expect(2)
        .create_async()
        .await;
    let e = c.servers().list_servers().await.unwrap_err();
    m.assert_async().await;
    assert_eq!(e.code(), ErrorCode::Auth);
    assert!(e.to_string().starts_with("ro-main: "), "{e}");
}

#[tokio::test]
async fn an_expired_refresh_token_means_a_fresh_login() {
    let mut h = Harness::new().await;
    let p = pair("a", h.now());
    let first_login = h.login(&p).await;
    let c = h.client().await;
    h.get("/v1/server/list", &p.0, json!([])).await;
    c.servers().list_servers().await.unwrap();
    first_login.assert_async().await;

    // Two days later both tokens are dead: no refresh is attempted.
    h.clock.advance(Duration::from_secs(2 * 24 * 3600));
    let refresh = h
        .server
        .mock("POST", "/v1/user/refreshtoken")
        .expect(0)
        .create_async()
        .await;
    let q = pair("b", h.now());
    let second_login = h.login(&q).await;
    let list = h.get("/v1/server/list", &q.0, json!([])).await;
    c.servers().list_servers().await.unwrap();
    refresh.assert_async().await;
    second_login.assert_async().await;
    list.assert_async().await;
}

#[tokio::test]
async fn a_refused_refresh_token_falls_back_to_login() {
    let mut h = Harness::new().await;
    let p = pair("a", h.now());
    h.login(&p).await;
    let c = h.client().await;
    h.get("/v1/server/list", &p.0, json!([])).await;
    c.servers().list_servers().await.unwrap();

    h.clock.advance(Duration::from_secs(50 * 60));
    let refresh = h
        .fail("POST", "/v1/user/refreshtoken", 401, "Refresh token revoked")
        .await;
    let q = pair("b", h.now());
    let login = h.login(&q).await;
    let list = h.get("/v1/server/list", &q.0, json!([])).await;
    c.servers().list_servers().await.unwrap();
    refresh.assert_async().await;
    login.assert_async().await;
    list.assert_async().await;
}

#[tokio::test]
async fn concurrent_requests_share_one_refresh() {
    let mut h = Harness::new().await;
    let p = pair("a", h.now());
    h.login(&p).await;
    let c = h.client().await;
    h.get("/v1/server/list", &p.0, json!([])).await;
    c.servers().list_servers().await.unwrap();

    h.clock.advance(Duration::from_secs(44 * 60));
    let q = pair("b", h.now());
    let refresh = h
        .server
        .mock("POST", "/v1/user/refreshtoken")
        .with_body(ok(json!({"token": q.0, "refreshtoken": q.1, "refresh": true})))
        .expect(1)
        .create_async()
        .await;
    let list = h
        .get("/v1/server/list", &q.0, json!([server_json(1, "a", "Running")]))
        .await;
    let tasks: Vec<_> = (0..25)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.servers().list_servers().await })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap().len(), 1);
    }
    refresh.assert_async().await;
    list.expect(25).assert_async().await;
}

#[tokio::test]
async fn concurrent_401s_share_one_renewal() {
    let mut h = Harness::new().await;
    let p = pair("a", h.now());
    h.login(&p).await;
    let c = h.client().await;
    h.get("/v1/server/list", &p.0, json!([])).await;
    c.servers().list_servers().await.unwrap();
    // From now on the old token is refused.
    h.server
        .mock("GET", "/v1/user/info")
        .match_header("authorization", format!("Bearer {}", p.0).as_str())
        .with_status(401)
        .with_body(error("Expired token"))
        .create_async()
        .await;
    let q = pair("b", h.now());
    let refresh = h
        .server
        .mock("POST", "/v1/user/refreshtoken")
        .with_body(ok(json!({"token": q.0, "refreshtoken": q.1, "refresh": true})))
        .expect(1)
        .create_async()
        .await;
    h.get("/v1/user/info", &q.0, json!({"name": "U", "balance": 6.25}))
        .await;
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.billing().unwrap().profile().await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    refresh.assert_async().await;
}

#[tokio::test]
async fn concurrent_first_requests_share_one_login() {
    let mut h = Harness::new().await;
    let p = pair("a", h.now());
    let login = h.login(&p).await;
    h.get("/v1/tags/list", &p.0, json!([])).await;
    let c = h.client().await;
    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.tags().unwrap().list_tags().await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    login.assert_async().await;
}

#[tokio::test]
async fn a_restart_reuses_the_stored_session_without_logging_in() {
    let mut h = Harness::new().await;
    let p = pair("a", h.now());
    h.login(&p).await;
    h.get("/v1/server/list", &p.0, json!([])).await;
    let c = h.client().await;
    c.servers().list_servers().await.unwrap();
    drop(c);

    // A new client (the app restarted) with the same vault.
    let relogin = h
        .server
        .mock("POST", "/v1/user/login")
        .expect(0)
        .create_async()
        .await;
    let c = h.client().await;
    let list = h.get("/v1/server/list", &p.0, json!([])).await;
    c.servers().list_servers().await.unwrap();
    list.assert_async().await;
    relogin.assert_async().await;
}

#[tokio::test]
async fn a_restored_session_with_an_expired_token_is_refreshed() {
    let mut h = Harness::new().await;
    let now = h.now();
    let old = pair("old", now - chrono::Duration::hours(2));
    let doc = json!({"v": 1, "username": USER, "token": old.0,
        "tokenExpiresAt": (now - chrono::Duration::hours(1)).timestamp(),
        "refreshToken": old.1, "refreshExpiresAt": (now + chrono::Duration::hours(20)).timestamp()});
    h.vault.save(&SecretString::from(doc.to_string())).unwrap();
    let q = pair("new", now);
    let refresh = h
        .server
        .mock("POST", "/v1/user/refreshtoken")
        .match_header("authorization", format!("Bearer {}", old.1).as_str())
        .with_body(ok(json!({"token": q.0, "refreshtoken": q.1, "refresh": true})))
        .expect(1)
        .create_async()
        .await;
    let login = h
        .server
        .mock("POST", "/v1/user/login")
        .expect(0)
        .create_async()
        .await;
    h.get("/v1/server/list", &q.0, json!([])).await;
    let c = h.client().await;
    c.servers().list_servers().await.unwrap();
    refresh.assert_async().await;
    login.assert_async().await;
}

#[tokio::test]
async fn a_refused_login_is_an_auth_error_and_clears_the_vault() {
    let mut h = Harness::new().await;
    h.vault
        .save(&SecretString::from(
            json!({"v": 1, "username": USER, "token": "x", "tokenExpiresAt": 1, "refreshToken": "y", "refreshExpiresAt": 2}).to_string(),
        ))
        .unwrap();
    let login = h
        .fail("POST", "/v1/user/login", 400, "Username or password is wrong")
        .await;
    let c = h.client().await;
    let e = c.servers().list_servers().await.unwrap_err();
    login.assert_async().await;
    assert_eq!(e.code(), ErrorCode::Auth);
    let text = e.to_string();
    assert!(
        text.starts_with("ro-main: authentication failed: login refused"),
        "{text}"
    );
    assert!(text.contains("Username or password is wrong"), "{text}");
    assert!(!text.contains(PASSWORD));
    assert!(h.vault.load().is_none());
}

#[tokio::test]
async fn public_endpoints_work_without_a_login() {
    let mut h = Harness::new().await;
    let login = h
        .server
        .mock("POST", "/v1/user/login")
        .expect(0)
        .create_async()
        .await;
    for (path, data) in [
        (
            "/v1/region/list",
            json!([{"slug": "ist2", "name": "Ist-02", "country": "TR", "status": true}]),
        ),
        (
            "/v1/package/list",
            json!([{"slug": "eos1", "cpu": 1, "ram": 1, "disk": 20}]),
        ),
    ] {
        h.server
            .mock("GET", path)
            .match_header("authorization", Matcher::Missing)
            .with_body(ok(data))
            .create_async()
            .await;
    }
    h.server
        .mock("GET", "/v1/image/list")
        .match_query(Matcher::Any)
        .match_header("authorization", Matcher::Missing)
        .with_body(ok(json!([])))
        .expect(2)
        .create_async()
        .await;
    let c = h.client().await;
    let cat = c.catalog().unwrap();
    assert_eq!(cat.list_regions().await.unwrap().len(), 1);
    assert_eq!(cat.list_plans(None).await.unwrap().len(), 1);
    cat.list_images(None).await.unwrap();
    cat.list_applications().await.unwrap();
    login.assert_async().await;
}

#[tokio::test]
async fn connect_refuses_a_token_or_a_missing_username() {
    use fleetdeck_core::{Credentials, ProviderContext};
    let h = Harness::new().await;
    let mk = |credentials, username: Option<&str>| {
        let mut account = account(&h.server.url());
        account.username = username.map(str::to_owned);
        ProviderContext {
            account,
            credentials,
            session: h.vault.clone(),
            http: fast_http(),
            clock: h.clock.clone(),
        }
    };
    let e = fleetdeck_provider_cloudero::connect(mk(Credentials::Token(SecretString::from("t")), Some(USER)))
        .await
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let e = fleetdeck_provider_cloudero::connect(mk(Credentials::Password(SecretString::from("p")), None))
        .await
        .err()
        .unwrap();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("login name"));
    // Plain http to a non-loopback host is refused by the core.
    let mut ctx = mk(Credentials::Password(SecretString::from("p")), Some(USER));
    ctx.account.endpoint = Some("http://api.cloude.ro".into());
    assert!(fleetdeck_provider_cloudero::connect(ctx).await.is_err());
}

#[tokio::test]
async fn a_session_stored_by_another_process_is_adopted_instead_of_refreshing() {
    let mut h = Harness::new().await;
    let p = pair("app", h.now());
    h.login(&p).await;
    h.get("/v1/server/list", &p.0, json!([])).await;
    let c = h.client().await;
    c.servers().list_servers().await.unwrap();

    // 42 minutes later the CLI (same keyring entry) has already refreshed the session.
    h.clock.advance(Duration::from_secs(42 * 60));
    let cli = pair("cli", h.now());
    let doc = json!({"v": 1, "username": USER, "token": cli.0,
        "tokenExpiresAt": (h.now() + chrono::Duration::minutes(45)).timestamp(),
        "refreshToken": cli.1, "refreshExpiresAt": (h.now() + chrono::Duration::days(1)).timestamp()});
    h.vault.save(&SecretString::from(doc.to_string())).unwrap();
    let refresh = h
        .server
        .mock("POST", "/v1/user/refreshtoken")
        .expect(0)
        .create_async()
        .await;
    let list = h.get("/v1/server/list", &cli.0, json!([])).await;
    c.servers().list_servers().await.unwrap();
    refresh.assert_async().await;
    list.assert_async().await;
}
