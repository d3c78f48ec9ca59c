//! Shared set-up of the mockito tests: a client on a mock server, a manual clock, the Cloudzy
//! envelope and sample objects shaped like the spec's schemas.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use fleetdeck_core::http::HttpSettings;
use fleetdeck_core::job::{Clock, ManualClock};
pub use fleetdeck_core::testing::{fast_http, test_start as start};
use fleetdeck_core::testing::{test_account, test_context};
use fleetdeck_core::{Account, Credentials, Provider, ProviderContext, ProviderKind, SecretString};
use fleetdeck_provider_cloudzy::{connect_tuned, connect_typed, Cloudzy, PollTuning};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::{json, Value};

pub const ACCOUNT: &str = "zy-main";
pub const TOKEN: &str = "zy-token-0123456789";

pub fn ok(data: Value) -> String {
    json!({"detail": "ok", "code": "OKAY", "data": data}).to_string()
}

pub fn created(data: Value) -> String {
    json!({"detail": "created", "code": "CREATED", "data": data}).to_string()
}

pub fn failed(status: u16, detail: &str) -> String {
    json!({"detail": detail, "code": "FAILED", "data": {"statusCode": status, "detail": detail}}).to_string()
}

pub fn validation(fields: &[&str]) -> String {
    let items: Vec<Value> = fields
        .iter()
        .map(|f| json!({"loc": ["body", f], "msg": "field required", "type": "value_error.missing"}))
        .collect();
    json!({ "detail": items }).to_string()
}

pub fn low_balance() -> String {
    json!({"detail": "You don't have enough balance for the selected product.",
           "code": "BALANCE_IS_NOT_SUFFICIENT",
           "data": {"minimumRequiredBalance": 203.09, "customerBalance": "353.00",
                    "numberOfDaysBalanceValidatedAgainst": 5, "activeInstanceCount": 8}})
    .to_string()
}

pub fn account(endpoint: &str) -> Account {
    test_account(
        ProviderKind::Cloudzy,
        "7c1d2e3f-0000-4000-8000-000000000002",
        ACCOUNT,
        Some(endpoint.into()),
        None,
        false,
        start(),
    )
}

/// Polls every 10 s; list answers are never reused, so each poll sees the mock's current answer.
pub fn tuning() -> PollTuning {
    PollTuning {
        resource_interval: Duration::from_secs(10),
        list_max_age: Duration::ZERO,
        page_size: 100,
    }
}

pub fn context(endpoint: &str, clock: Arc<ManualClock>, http: HttpSettings) -> ProviderContext {
    test_context(
        account(endpoint),
        Credentials::Token(SecretString::from(TOKEN)),
        http,
        clock,
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

    pub async fn client(&self) -> Arc<dyn Provider> {
        self.client_tuned(tuning()).await
    }

    pub async fn client_tuned(&self, tuning: PollTuning) -> Arc<dyn Provider> {
        connect_tuned(
            context(&self.server.url(), self.clock.clone(), fast_http()),
            tuning,
        )
        .await
        .unwrap()
    }

    /// The concrete client (Cloudzy-only filters), pages of `page_size`.
    pub async fn typed(&self, page_size: u32) -> Arc<Cloudzy> {
        connect_typed(
            context(&self.server.url(), self.clock.clone(), fast_http()),
            PollTuning {
                page_size,
                ..tuning()
            },
        )
        .await
        .unwrap()
    }

    /// A request with the token, any query, answering `body` with `status`.
    pub async fn answer(&mut self, method: &str, path: &str, status: usize, body: String) -> Mock {
        self.answer_n(method, path, status, body, 1).await
    }

    /// [`Harness::answer`] expected `times` times. The expectation is set before the mock is
    /// registered: mockito prefers a mock that has not had its expected hits yet, so a burst of
    /// `times` answers is served before a later mock on the same path.
    pub async fn answer_n(
        &mut self,
        method: &str,
        path: &str,
        status: usize,
        body: String,
        times: usize,
    ) -> Mock {
        self.server
            .mock(method, path)
            .match_header("api-token", TOKEN)
            .match_query(Matcher::Any)
            .with_status(status)
            .with_header("content-type", "application/json")
            .with_body(body)
            .expect(times)
            .create_async()
            .await
    }

    /// `GET path` answering `data` in the OKAY envelope.
    pub async fn get(&mut self, path: &str, data: Value) -> Mock {
        self.answer("GET", path, 200, ok(data)).await
    }

    /// A request whose JSON body contains `body` (partial match), answering `data`.
    pub async fn json(&mut self, method: &str, path: &str, body: Value, data: Value) -> Mock {
        self.server
            .mock(method, path)
            .match_header("api-token", TOKEN)
            .match_header("content-type", "application/json")
            .match_body(Matcher::PartialJson(body))
            .with_body(ok(data))
            .create_async()
            .await
    }
}

/// An instance as `InstanceDetailSchema` describes it.
pub fn instance(id: &str, hostname: &str, status: &str, ip: Option<&str>) -> Value {
    json!({
        "id": id, "hostname": hostname, "vcpuCount": 2, "ram": 2048, "disk": 50,
        "insertedAt": "2026-02-01T10:00:00Z", "osId": "os-ubuntu-2204",
        "os": {"id": "os-ubuntu-2204", "name": "Ubuntu 22.04", "family": "ubuntu", "arch": "x64",
               "minRam": "1", "isDefault": true, "isActive": true},
        "region": "DE-Frankfurt", "userId": "u-1", "status": status,
        "mainIp": ip, "mainIpv6": null, "productId": "prod-2gb", "networkStatus": "ok",
        "discountPercent": 0, "attachIso": false, "extraResource": {"bandwidthInTB": 1},
        "class": "default", "ocaData": null, "isDdosProtected": false, "features": [],
        "customerNote": "", "adminNote": null
    })
}

pub fn snapshot(id: &str, instance: &str, status: &str, created_at: i64) -> Value {
    json!({"id": id, "name": format!("snap-{id}"), "size": 50, "status": status,
           "lastRestoredAt": null, "createdAt": created_at, "isInstanceDeleted": false,
           "productId": "prod-2gb", "instanceId": instance, "userId": "u-1",
           "regionId": "DE-Frankfurt", "metadata": {"hostname": "web-fra-01"}})
}

pub fn iso(id: &str, name: &str, status: &str) -> Value {
    json!({"id": id, "name": name, "status": status, "regionId": "DE-Frankfurt", "useVirtio": true,
           "url": "https://example.com/x.iso", "createdAt": 1767225600})
}
