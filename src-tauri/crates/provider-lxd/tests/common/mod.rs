//! Shared set-up of the tests: accounts of either flavour on a mock server (or a real daemon), the
//! LXD envelopes, and running a job to its end with the core waiter.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use fleetdeck_core::http::HttpSettings;
use fleetdeck_core::job::{follow, Clock, Job, JobSpec, ManualClock, SystemClock};
use fleetdeck_core::{
    Account, Credentials, LxdFlavour, LxdSettings, MemoryVault, Provider, ProviderContext, ProviderKind,
    SecretString,
};
use fleetdeck_provider_lxd::{connect_tuned, PollTuning};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::{json, Value};

pub const ACCOUNT: &str = "home-lxd";
pub const TOKEN: &str = "vz-bearer-token-0123456789";

pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
}

pub fn fast_http() -> HttpSettings {
    HttpSettings {
        timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(2),
        max_retries: 2,
        retry_min_delay: Duration::from_millis(1),
        retry_max_delay: Duration::from_millis(5),
        ..Default::default()
    }
}

pub fn tuning() -> PollTuning {
    PollTuning {
        wait_slice: Duration::from_secs(5),
        wait_grace: Duration::from_secs(5),
        poll_interval: Duration::from_secs(2),
    }
}

pub fn account(endpoint: &str, lxd: LxdSettings) -> Account {
    Account {
        id: "7d1c6e0a-0000-4000-8000-000000000006".into(),
        name: ACCOUNT.into(),
        provider: ProviderKind::Vz,
        endpoint: Some(endpoint.into()),
        username: None,
        color: None,
        lxd: Some(lxd),
        sandbox: false,
        created_at: start(),
    }
}

pub fn settings(flavour: LxdFlavour) -> LxdSettings {
    LxdSettings {
        flavour,
        client_cert_pem: None,
        server_fingerprint: None,
        project: None,
    }
}

pub fn bearer() -> Credentials {
    Credentials::Lxd {
        client_key_pem: None,
        bearer: Some(SecretString::from(TOKEN)),
    }
}

pub async fn client_with(
    endpoint: &str,
    lxd: LxdSettings,
    credentials: Credentials,
    clock: Arc<dyn Clock>,
) -> fleetdeck_core::Result<Arc<dyn Provider>> {
    connect_tuned(
        ProviderContext {
            account: account(endpoint, lxd),
            credentials,
            session: Arc::new(MemoryVault::default()),
            http: fast_http(),
            clock,
        },
        tuning(),
    )
    .await
}

/// A mock server and a manual clock.
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

    /// A client of the given flavour (bearer token over loopback http).
    pub async fn client(&self, flavour: LxdFlavour) -> Arc<dyn Provider> {
        self.client_settings(settings(flavour)).await
    }

    pub async fn client_settings(&self, lxd: LxdSettings) -> Arc<dyn Provider> {
        client_with(&self.server.url(), lxd, bearer(), self.clock.clone())
            .await
            .unwrap()
    }

    /// A mock that also checks the bearer token.
    pub fn mock(&mut self, method: &str, path: &str) -> Mock {
        self.server
            .mock(method, path)
            .match_header("authorization", format!("Bearer {TOKEN}").as_str())
    }

    pub fn mock_query(&mut self, method: &str, path: &str, query: Matcher) -> Mock {
        self.mock(method, path).match_query(query)
    }

    /// Follow a job to its end with the core waiter on the manual clock.
    pub async fn run(&self, provider: &Arc<dyn Provider>, spec: JobSpec) -> Job {
        run_job(provider, spec, self.clock.as_ref()).await
    }
}

pub async fn run_job(provider: &Arc<dyn Provider>, spec: JobSpec, clock: &dyn Clock) -> Job {
    let mut job = Job::from_spec(spec, "acc-id", ACCOUNT, ProviderKind::Vz, clock.now());
    follow(provider.jobs(), clock, &mut job, |_| {}).await;
    job
}

pub async fn run_real(provider: &Arc<dyn Provider>, spec: JobSpec) -> Job {
    run_job(provider, spec, &SystemClock).await
}

/// The sync envelope, LXD spelling.
pub fn sync(metadata: Value) -> String {
    json!({"type": "sync", "status": "Success", "status_code": 200, "operation": "",
           "error_code": 0, "error": "", "metadata": metadata})
    .to_string()
}

/// The sync envelope, seed spelling.
pub fn vz_sync(metadata: Value) -> String {
    json!({"type": "sync", "status": "success", "status_code": 200, "metadata": metadata}).to_string()
}

/// The async envelope (HTTP 202) of an operation, LXD spelling.
pub fn async_op(id: &str, description: &str, resources: Value) -> String {
    json!({"type": "async", "status": "Operation created", "status_code": 100,
           "operation": format!("/1.0/operations/{id}"), "error_code": 0, "error": "",
           "metadata": operation(id, description, "Running", 103, resources, "")})
    .to_string()
}

/// An operation object.
pub fn operation(id: &str, description: &str, status: &str, code: u16, resources: Value, err: &str) -> Value {
    json!({"id": id, "class": "task", "description": description,
           "created_at": "2026-03-01T12:00:00Z", "updated_at": "2026-03-01T12:00:01Z",
           "status": status, "status_code": code, "resources": resources,
           "metadata": null, "may_cancel": false, "err": err, "location": "none"})
}

/// The error envelope.
pub fn error(code: u16, message: &str) -> String {
    json!({"type": "error", "status": "", "status_code": 0, "operation": "", "error_code": code,
           "error": message, "metadata": null})
    .to_string()
}

/// `GET /1.0` of a server of the given kind (`"lxd"` or `"vz"`).
pub fn root(server: &str) -> String {
    sync(
        json!({"api_extensions": ["etag"], "api_status": "stable", "api_version": "1.0",
                "auth": "trusted", "public": false, "auth_methods": ["tls"],
                "environment": {"server": server, "server_name": "node1", "server_version": "5.0.2",
                                "certificate": "-----BEGIN CERTIFICATE-----\n...",
                                "certificate_fingerprint": "dea70c9c"}}),
    )
}
