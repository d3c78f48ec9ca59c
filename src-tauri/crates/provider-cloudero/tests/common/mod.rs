//! Shared set-up of the mockito tests: a client on a mock server, a manual clock, an in-memory
//! session vault, JWTs with chosen expiries and the Cloude.ro envelope.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use chrono::{DateTime, Utc};
use fleetdeck_core::job::{Clock, ManualClock};
use fleetdeck_core::testing::test_account;
pub use fleetdeck_core::testing::{fast_http, test_start as start};
use fleetdeck_core::{
    Account, Credentials, MemoryVault, Provider, ProviderContext, ProviderKind, SecretString, SessionVault,
};
use fleetdeck_provider_cloudero::{connect_tuned, PollTuning};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::{json, Value};

pub const ACCOUNT: &str = "ro-main";
pub const USER: &str = "ops@example.com";
pub const PASSWORD: &str = "correct horse battery staple";

/// A JWT-shaped token whose payload says `exp`; `tag` makes tokens with the same expiry differ.
pub fn jwt(tag: &str, exp: DateTime<Utc>) -> String {
    let enc = |v: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
    format!(
        "{}.{}.sig-{tag}",
        enc(r#"{"typ":"JWT","alg":"HS256"}"#),
        enc(&format!(
            r#"{{"id":"79","tag":"{tag}","exp":{}}}"#,
            exp.timestamp()
        ))
    )
}

/// A token pair issued at `at`: token for 45 minutes, refresh token for a day.
pub fn pair(tag: &str, at: DateTime<Utc>) -> (String, String) {
    (
        jwt(&format!("t-{tag}"), at + chrono::Duration::minutes(45)),
        jwt(&format!("r-{tag}"), at + chrono::Duration::days(1)),
    )
}

pub fn ok(data: Value) -> String {
    json!({"status": "success", "data": data, "message": null}).to_string()
}

pub fn error(message: &str) -> String {
    json!({"status": "error", "data": null, "message": message,
           "error": {"errorMessage": message, "errorDev": ""}})
    .to_string()
}

pub fn account(endpoint: &str) -> Account {
    test_account(
        ProviderKind::Cloudero,
        "0b9a4a1e-0000-4000-8000-000000000001",
        ACCOUNT,
        Some(endpoint.into()),
        Some(USER.into()),
        false,
        start(),
    )
}

/// Everything a test needs around one client.
pub struct Harness {
    pub server: ServerGuard,
    pub clock: Arc<ManualClock>,
    pub vault: Arc<MemoryVault>,
}

impl Harness {
    pub async fn new() -> Harness {
        Harness {
            server: mockito::Server::new_async().await,
            clock: Arc::new(ManualClock::new(start())),
            vault: Arc::new(MemoryVault::default()),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Event polls every 3 s, resource polls every 5 s; list answers are never reused, so each
    /// poll sees the mock's current answer.
    pub fn tuning() -> PollTuning {
        PollTuning {
            event_interval: Duration::from_secs(3),
            resource_interval: Duration::from_secs(5),
            list_max_age: Duration::ZERO,
        }
    }

    pub async fn client(&self) -> Arc<dyn Provider> {
        self.client_tuned(Self::tuning()).await
    }

    pub async fn client_tuned(&self, tuning: PollTuning) -> Arc<dyn Provider> {
        let vault: Arc<dyn SessionVault> = self.vault.clone();
        let clock: Arc<dyn Clock> = self.clock.clone();
        connect_tuned(
            ProviderContext {
                account: account(&self.server.url()),
                credentials: Credentials::Password(SecretString::from(PASSWORD)),
                session: vault,
                http: fast_http(),
                clock,
            },
            tuning,
        )
        .await
        .unwrap()
    }

    /// `POST /v1/user/login` with the right form, answering `pair`.
    pub async fn login(&mut self, pair: &(String, String)) -> Mock {
        self.login_n(pair, 1).await
    }

    pub async fn login_n(&mut self, pair: &(String, String), times: usize) -> Mock {
        self.server
            .mock("POST", "/v1/user/login")
            .match_header("content-type", "application/x-www-form-urlencoded")
            .match_body(Matcher::AllOf(vec![
                Matcher::UrlEncoded("username".into(), USER.into()),
                Matcher::UrlEncoded("password".into(), PASSWORD.into()),
            ]))
            .with_body(ok(
                json!({"token": pair.0, "refreshtoken": pair.1, "refresh": false}),
            ))
            .expect(times)
            .create_async()
            .await
    }

    /// Log in as the first step of a test: returns the token pair in use.
    pub async fn logged_in(&mut self) -> (String, String) {
        let p = pair("login", self.now());
        self.login(&p).await;
        p
    }

    /// An authenticated GET answering `data`.
    pub async fn get(&mut self, path: &str, token: &str, data: Value) -> Mock {
        self.server
            .mock("GET", path)
            .match_header("authorization", format!("Bearer {token}").as_str())
            .with_body(ok(data))
            .create_async()
            .await
    }

    /// An authenticated request with a form body containing every `pairs` entry, answering `data`.
    pub async fn form(
        &mut self,
        method: &str,
        path: &str,
        token: &str,
        pairs: &[(&str, &str)],
        data: Value,
    ) -> Mock {
        self.server
            .mock(method, path)
            .match_header("authorization", format!("Bearer {token}").as_str())
            .match_header("content-type", "application/x-www-form-urlencoded")
            .match_body(Matcher::AllOf(
                pairs
                    .iter()
                    .map(|(k, v)| Matcher::UrlEncoded((*k).into(), (*v).into()))
                    .collect(),
            ))
            .with_body(ok(data))
            .create_async()
            .await
    }

    /// Any method on `path` answering `status` with the error envelope.
    pub async fn fail(&mut self, method: &str, path: &str, status: usize, message: &str) -> Mock {
        self.server
            .mock(method, path)
            .with_status(status)
            .with_body(error(message))
            .create_async()
            .await
    }
}

/// The server object of the documentation's examples, with its quirks.
pub fn server_json(id: i64, name: &str, state: &str) -> Value {
    json!({
        "id": id, "name": name, "cpu": 1, "memory": 1, "disk": 40, "state": state,
        "region": "ist2", "image": "ubuntu-16-04-x64", "package": "eos2",
        "networks": {"v4": {"ip": "172.17.32.71", "netmask": "255.255.255.192", "gateway": "172.17.32.65"}, "v6": ""},
        "created_at": "2018-01-04T11:14:34Z", "active_events": []
    })
}
