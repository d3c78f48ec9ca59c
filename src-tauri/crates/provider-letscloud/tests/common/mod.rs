//! Shared set-up of the mockito tests: a client on a mock server, a manual clock, the LetsCloud
//! envelope and the instance object of the SDK fixtures.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use fleetdeck_core::job::{Clock, ManualClock};
pub use fleetdeck_core::testing::{fast_http, test_start as start};
use fleetdeck_core::testing::{test_account, test_context};
use fleetdeck_core::{Account, Credentials, Provider, ProviderContext, ProviderKind, SecretString};
use fleetdeck_provider_letscloud::{build, connect_tuned, LetsCloud, PollTuning};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::{json, Value};

pub const ACCOUNT: &str = "lc-main";
pub const TOKEN: &str = "lc-token-0123456789abcdef";
pub const ACCEPT: &str = "application/vnd.letscloud.v1+json";

/// `{success: true, data}`.
pub fn ok(data: Value) -> String {
    json!({"success": true, "data": data}).to_string()
}

/// `{success: true, message}`.
pub fn ack(message: &str) -> String {
    json!({"success": true, "message": message}).to_string()
}

/// `{success: false, message}`.
pub fn refusal(message: &str) -> String {
    json!({"success": false, "message": message}).to_string()
}

pub fn account(endpoint: &str) -> Account {
    test_account(
        ProviderKind::LetsCloud,
        "0b9a4a1e-0000-4000-8000-000000000002",
        ACCOUNT,
        Some(endpoint.into()),
        None,
        false,
        start(),
    )
}

/// Everything a test needs around one client.
pub struct Harness {
    pub server: ServerGuard,
    pub clock: Arc<ManualClock>,
}

impl Harness {
    pub async fn new() -> Harness {
        Harness {
            server: mockito::Server::new_async().await,
            clock: Arc::new(ManualClock::new(start())),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Server polls every 5 s, snapshot polls every 10 s; list answers are never reused, so each
    /// poll sees the mock's current answer.
    pub fn tuning() -> PollTuning {
        PollTuning {
            server_interval: Duration::from_secs(5),
            snapshot_interval: Duration::from_secs(10),
            list_max_age: Duration::ZERO,
            settle_grace_polls: 3,
        }
    }

    fn ctx(&self) -> ProviderContext {
        test_context(
            account(&self.server.url()),
            Credentials::Token(SecretString::from(TOKEN)),
            fast_http(),
            self.clock.clone(),
        )
    }

    pub async fn client(&self) -> Arc<dyn Provider> {
        self.client_tuned(Self::tuning()).await
    }

    pub async fn client_tuned(&self, tuning: PollTuning) -> Arc<dyn Provider> {
        connect_tuned(self.ctx(), tuning).await.unwrap()
    }

    /// The concrete client (for what the traits do not carry).
    pub fn concrete(&self) -> LetsCloud {
        build(self.ctx(), Self::tuning()).unwrap()
    }

    /// A request with the token and the version header, answering `body` once per `times`.
    pub async fn mock(&mut self, method: &str, path: &str, body: String, times: usize) -> Mock {
        self.server
            .mock(method, path)
            .match_header("api-token", TOKEN)
            .match_header("accept", ACCEPT)
            .with_body(body)
            .expect(times)
            .create_async()
            .await
    }

    /// An authenticated GET answering `data` (any number of times).
    pub async fn get(&mut self, path: &str, data: Value) -> Mock {
        self.server
            .mock("GET", path)
            .match_header("api-token", TOKEN)
            .match_header("accept", ACCEPT)
            .with_body(ok(data))
            .create_async()
            .await
    }

    /// An authenticated request whose JSON body contains `body` (partial match), answering `answer`.
    pub async fn json(&mut self, method: &str, path: &str, body: Value, answer: String) -> Mock {
        self.server
            .mock(method, path)
            .match_header("api-token", TOKEN)
            .match_header("accept", ACCEPT)
            .match_header("content-type", "application/json")
            .match_body(Matcher::PartialJson(body))
            .with_body(answer)
            .expect(1)
            .create_async()
            .await
    }

    /// Any request on `path` answering `status` with `body`.
    pub async fn fail(&mut self, method: &str, path: &str, status: usize, body: String) -> Mock {
        self.server
            .mock(method, path)
            .with_status(status)
            .with_body(body)
            .create_async()
            .await
    }
}

/// The instance object of the SDK fixtures, with its quirks: four flags, memory in MB, IPv4 and
/// IPv6 mixed, and the generated root password.
pub fn instance(id: &str, label: &str, flags: (bool, bool, bool, bool), ips: &[&str]) -> Value {
    let (booted, built, locked, suspended) = flags;
    json!({
        "identifier": id, "booted": booted, "built": built, "locked": locked, "suspended": suspended,
        "memory": 2048, "total_disk_size": 40, "cpus": 2, "domain": "localdomain",
        "label": label, "hostname": format!("{label}.example.com"),
        "ip_addresses": ips.iter().map(|a| json!({"address": a})).collect::<Vec<_>>(),
        "template_label": "Ubuntu 24.04 x64", "initial_root_password": "Gen3rated-R00t!",
        "location": {"slug": "MIA1", "country": "United States", "city": "Miami", "available": true}
    })
}

pub const RUNNING: (bool, bool, bool, bool) = (true, true, false, false);
pub const STOPPED: (bool, bool, bool, bool) = (false, true, false, false);
pub const BUILDING: (bool, bool, bool, bool) = (false, false, true, false);
pub const LOCKED: (bool, bool, bool, bool) = (true, true, true, false);
pub const SUSPENDED: (bool, bool, bool, bool) = (false, true, false, true);

pub fn snapshot(slug: &str, label: &str, reference: &str, build: bool) -> Value {
    json!({"slug": slug, "size": 40, "label": label, "os_reference": "ubuntu-24.04-x86_64",
           "reference": reference, "build": build, "locations": ["MIA1"]})
}
