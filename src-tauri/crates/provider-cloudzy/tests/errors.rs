//! Every one of the 42 endpoints against every error the provider sends: the `FAILED` envelope,
//! 401, 404, 422 naming the fields, 460 with the figures, and 503 — retried for reads, sent once
//! for writes. Plus a time-out naming the account and `Retry-After` on a 429.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use fleetdeck_core::http::HttpSettings;
use fleetdeck_core::{
    BackupPolicyRequest, CreateServerRequest, Error, ErrorCode, FloatingIpFilter, Provider, Result,
    ServerAction, UploadKind, UploadRequest,
};
use fleetdeck_provider_cloudzy::connect_tuned;
use serde_json::json;

/// One endpoint: its method and path, and a call of the client that reaches it.
#[derive(Debug, Clone, Copy)]
enum Call {
    ListInstances,
    CreateInstance,
    GetInstance,
    DeleteInstance,
    Resize,
    ChangeOs,
    PowerOff,
    PowerOn,
    Reset,
    AddTraffic,
    ChangePass,
    Regions,
    Products,
    Os,
    Applications,
    ListKeys,
    CreateKey,
    GetKey,
    DeleteKey,
    ListFloatingIps,
    AddFloatingIp,
    UpdateFloatingIp,
    ReleaseFloatingIp,
    ListIso,
    DownloadIso,
    GetIso,
    DeleteIso,
    ListImages,
    DownloadImage,
    GetImage,
    DeleteImage,
    ListSnapshots,
    CreateSnapshot,
    GetSnapshot,
    DeleteSnapshot,
    RestoreSnapshot,
    ListBackups,
    CreateBackup,
    UpdateBackup,
    GetBackup,
    DeleteBackup,
    Profile,
}

const ENDPOINTS: [(&str, &str, Call); 42] = [
    ("GET", "/v1/instances", Call::ListInstances),
    ("POST", "/v1/instances", Call::CreateInstance),
    ("GET", "/v1/instances/i-1", Call::GetInstance),
    ("DELETE", "/v1/instances/i-1", Call::DeleteInstance),
    ("POST", "/v1/instances/i-1/resize", Call::Resize),
    ("POST", "/v1/instances/i-1/change-os", Call::ChangeOs),
    ("POST", "/v1/instances/i-1/poweroff", Call::PowerOff),
    ("POST", "/v1/instances/i-1/poweron", Call::PowerOn),
    ("POST", "/v1/instances/i-1/reset", Call::Reset),
    ("POST", "/v1/instances/i-1/add-traffic", Call::AddTraffic),
    ("POST", "/v1/instances/i-1/change-pass", Call::ChangePass),
    ("GET", "/v1/regions", Call::Regions),
    ("GET", "/v1/products", Call::Products),
    ("GET", "/v1/os", Call::Os),
    ("GET", "/v1/applications", Call::Applications),
    ("GET", "/v1/ssh-keys", Call::ListKeys),
    ("POST", "/v1/ssh-keys", Call::CreateKey),
    ("GET", "/v1/ssh-keys/101", Call::GetKey),
    ("DELETE", "/v1/ssh-keys/101", Call::DeleteKey),
    ("GET", "/v1/floating-ips", Call::ListFloatingIps),
    ("POST", "/v1/floating-ips", Call::AddFloatingIp),
    ("PATCH", "/v1/floating-ips/f-1", Call::UpdateFloatingIp),
    ("POST", "/v1/floating-ips/f-1/release", Call::ReleaseFloatingIp),
    ("GET", "/v1/iso", Call::ListIso),
    ("POST", "/v1/iso", Call::DownloadIso),
    ("GET", "/v1/iso/iso-1", Call::GetIso),
    ("DELETE", "/v1/iso/iso-1", Call::DeleteIso),
    ("GET", "/v1/images", Call::ListImages),
    ("POST", "/v1/images", Call::DownloadImage),
    ("GET", "/v1/images/img-1", Call::GetImage),
    ("DELETE", "/v1/images/img-1", Call::DeleteImage),
    ("GET", "/v1/snapshots", Call::ListSnapshots),
    ("POST", "/v1/snapshots", Call::CreateSnapshot),
    ("GET", "/v1/snapshots/s-1", Call::GetSnapshot),
    ("DELETE", "/v1/snapshots/s-1", Call::DeleteSnapshot),
    ("POST", "/v1/snapshots/s-1/restore", Call::RestoreSnapshot),
    ("GET", "/v1/backups", Call::ListBackups),
    ("POST", "/v1/backups", Call::CreateBackup),
    ("PUT", "/v1/backups", Call::UpdateBackup),
    ("GET", "/v1/backups/i-1", Call::GetBackup),
    ("DELETE", "/v1/backups/i-1", Call::DeleteBackup),
    ("GET", "/v1/profile", Call::Profile),
];

fn backup_request() -> BackupPolicyRequest {
    BackupPolicyRequest {
        server_id: "i-1".into(),
        frequency: "daily".into(),
        retention_id: 30,
        weekdays: vec![],
    }
}

fn upload(kind: UploadKind) -> UploadRequest {
    UploadRequest {
        kind,
        name: "x".into(),
        url: "https://example.com/x".into(),
        region: Some("UK-London".into()),
        use_virtio: None,
        format: None,
        decompress: None,
    }
}

/// Reach the endpoint through the public API; the answer itself is dropped.
async fn invoke(c: &dyn Provider, call: Call) -> Result<()> {
    let s = c.servers();
    let action = |a: ServerAction| async move { s.server_action("i-1", &a).await.map(drop) };
    match call {
        Call::ListInstances => s.list_servers().await.map(drop),
        Call::CreateInstance => s
            .create_server(&CreateServerRequest {
                name: "web".into(),
                region: Some("UK-London".into()),
                plan: Some("p".into()),
                ..Default::default()
            })
            .await
            .map(drop),
        Call::GetInstance => s.get_server("i-1").await.map(drop),
        Call::DeleteInstance => s.delete_server("i-1").await.map(drop),
        Call::Resize => {
            action(ServerAction::Resize {
                plan: Some("p".into()),
                custom_size: None,
            })
            .await
        }
        Call::ChangeOs => action(ServerAction::Reinstall { image: "os".into() }).await,
        Call::PowerOff => action(ServerAction::Stop).await,
        Call::PowerOn => action(ServerAction::Start).await,
        Call::Reset => action(ServerAction::Reboot).await,
        Call::AddTraffic => action(ServerAction::AddTraffic { amount_tb: 1.0 }).await,
        Call::ChangePass => action(ServerAction::ResetPassword { password: None }).await,
        Call::Regions => c.catalog().unwrap().list_regions().await.map(drop),
        Call::Products => c.catalog().unwrap().list_plans(Some("UK-London")).await.map(drop),
        Call::Os => c.catalog().unwrap().list_images(None).await.map(drop),
        Call::Applications => c.catalog().unwrap().list_applications().await.map(drop),
        Call::ListKeys => c.ssh_keys().unwrap().list_ssh_keys().await.map(drop),
        Call::CreateKey => c
            .ssh_keys()
            .unwrap()
            .create_ssh_key("k", Some("ssh-ed25519 AAAA k"))
            .await
            .map(drop),
        Call::GetKey => c.ssh_keys().unwrap().get_ssh_key("101").await.map(drop),
        Call::DeleteKey => c.ssh_keys().unwrap().delete_ssh_key("101").await,
        Call::ListFloatingIps => c
            .floating_ips()
            .unwrap()
            .list_floating_ips(&FloatingIpFilter::default())
            .await
            .map(drop),
        Call::AddFloatingIp => c
            .floating_ips()
            .unwrap()
            .allocate_floating_ips("UK-London", 1)
            .await
            .map(drop),
        Call::UpdateFloatingIp => {
            c.floating_ips()
                .unwrap()
                .update_floating_ip("f-1", Some(true), None)
                .await
        }
        Call::ReleaseFloatingIp => c
            .floating_ips()
            .unwrap()
            .release_floating_ip("f-1")
            .await
            .map(drop),
        Call::ListIso => c.uploads().unwrap().list_uploads(UploadKind::Iso).await.map(drop),
        Call::DownloadIso => c
            .uploads()
            .unwrap()
            .download_upload(&upload(UploadKind::Iso))
            .await
            .map(drop),
        Call::GetIso => c
            .uploads()
            .unwrap()
            .get_upload(UploadKind::Iso, "iso-1")
            .await
            .map(drop),
        Call::DeleteIso => c
            .uploads()
            .unwrap()
            .delete_upload(UploadKind::Iso, "iso-1")
            .await
            .map(drop),
        Call::ListImages => c
            .uploads()
            .unwrap()
            .list_uploads(UploadKind::DiskImage)
            .await
            .map(drop),
        Call::DownloadImage => c
            .uploads()
            .unwrap()
            .download_upload(&upload(UploadKind::DiskImage))
            .await
            .map(drop),
        Call::GetImage => c
            .uploads()
            .unwrap()
            .get_upload(UploadKind::DiskImage, "img-1")
            .await
            .map(drop),
        Call::DeleteImage => c
            .uploads()
            .unwrap()
            .delete_upload(UploadKind::DiskImage, "img-1")
            .await
            .map(drop),
        Call::ListSnapshots => c.snapshots().unwrap().list_snapshots(None).await.map(drop),
        Call::CreateSnapshot => c
            .snapshots()
            .unwrap()
            .create_snapshot("i-1", None)
            .await
            .map(drop),
        Call::GetSnapshot => c.snapshots().unwrap().get_snapshot("s-1").await.map(drop),
        Call::DeleteSnapshot => c.snapshots().unwrap().delete_snapshot("s-1").await.map(drop),
        Call::RestoreSnapshot => c
            .snapshots()
            .unwrap()
            .restore_snapshot("s-1", None)
            .await
            .map(drop),
        Call::ListBackups => c.backups().unwrap().list_backup_policies().await.map(drop),
        Call::CreateBackup => c
            .backups()
            .unwrap()
            .set_backup_policy(&backup_request(), false)
            .await
            .map(drop),
        Call::UpdateBackup => c
            .backups()
            .unwrap()
            .set_backup_policy(&backup_request(), true)
            .await
            .map(drop),
        Call::GetBackup => c.backups().unwrap().get_backup_policy("i-1").await.map(drop),
        Call::DeleteBackup => c.backups().unwrap().delete_backup_policy("i-1").await.map(drop),
        Call::Profile => c.billing().unwrap().profile().await.map(drop),
    }
}

/// The reads some writes make first (the lists diffed to find what they create) answer fine.
async fn prerequisites(h: &mut Harness, method: &str, call: Call) {
    if method == "GET" {
        return;
    }
    let list = match call {
        Call::CreateSnapshot => "/v1/snapshots",
        Call::DownloadIso => "/v1/iso",
        Call::DownloadImage => "/v1/images",
        _ => return,
    };
    h.get(list, json!({"total": 0, "items": []})).await;
}

/// Run `call` against a fresh mock server answering `status` + `body` on its endpoint, `times` times.
async fn against(method: &str, path: &str, call: Call, status: usize, body: String, times: usize) -> Error {
    let mut h = Harness::new().await;
    prerequisites(&mut h, method, call).await;
    let m = h.answer_n(method, path, status, body, times).await;
    let c = h.client().await;
    let e = invoke(c.as_ref(), call)
        .await
        .expect_err(&format!("{method} {path} answering {status} must fail"));
    m.assert_async().await;
    e
}

#[tokio::test]
async fn the_failed_envelope_on_every_endpoint() {
    for (method, path, call) in ENDPOINTS {
        let e = against(method, path, call, 400, failed(400, "Instance is locked"), 1).await;
        assert_eq!(e.code(), ErrorCode::Provider, "{method} {path}: {e}");
        assert_eq!(
            e.to_string(),
            format!("{ACCOUNT}: Instance is locked"),
            "{method} {path}"
        );
        // HTTP 200 carrying FAILED: the inner status decides.
        let e = against(method, path, call, 200, failed(404, "Resource not found"), 1).await;
        assert_eq!(e.code(), ErrorCode::NotFound, "{method} {path}: {e}");
    }
}

#[tokio::test]
async fn unauthorized_on_every_endpoint() {
    for (method, path, call) in ENDPOINTS {
        let e = against(method, path, call, 401, failed(401, "Invalid API token"), 1).await;
        assert_eq!(e.code(), ErrorCode::Auth, "{method} {path}: {e}");
        assert_eq!(e.account(), Some(ACCOUNT));
    }
}

#[tokio::test]
async fn not_found_on_every_endpoint() {
    for (method, path, call) in ENDPOINTS {
        let e = against(method, path, call, 404, failed(404, "Resource not found"), 1).await;
        assert_eq!(e.code(), ErrorCode::NotFound, "{method} {path}: {e}");
        assert!(
            e.to_string().contains("Resource not found"),
            "{method} {path}: {e}"
        );
    }
}

#[tokio::test]
async fn validation_names_the_fields_on_every_endpoint() {
    for (method, path, call) in ENDPOINTS {
        let e = against(method, path, call, 422, validation(&["name", "regionId"]), 1).await;
        let p = e.to_payload();
        assert_eq!(p.code, ErrorCode::Validation, "{method} {path}: {e}");
        let fields: Vec<_> = p.details.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "regionId"], "{method} {path}");
    }
}

#[tokio::test]
async fn low_balance_carries_the_figures_on_every_endpoint() {
    for (method, path, call) in ENDPOINTS {
        let e = against(method, path, call, 460, low_balance(), 1).await;
        let p = e.to_payload();
        assert_eq!(p.code, ErrorCode::LowBalance, "{method} {path}: {e}");
        assert_eq!(p.details.http_status, Some(460), "{method} {path}");
        assert_eq!(
            p.details.provider_code.as_deref(),
            Some("BALANCE_IS_NOT_SUFFICIENT"),
            "{method} {path}"
        );
        let b = p.details.balance.unwrap();
        assert_eq!(
            (b.required.as_deref(), b.available.as_deref()),
            (Some("203.09"), Some("353.00")),
            "{method} {path}"
        );
    }
}

/// A 460 without Cloudzy's code keeps the status and claims no code the provider did not send.
#[tokio::test]
async fn a_low_balance_without_a_code_claims_none() {
    let body = json!({"detail": "You don't have enough balance", "data": null}).to_string();
    let e = against("POST", "/v1/instances", Call::CreateInstance, 460, body, 1).await;
    let p = e.to_payload();
    assert_eq!(p.code, ErrorCode::LowBalance, "{e}");
    assert_eq!(p.details.http_status, Some(460));
    assert_eq!(p.details.provider_code, None);
}

#[tokio::test]
async fn a_503_is_retried_for_reads_and_sent_once_for_writes() {
    for (method, path, call) in ENDPOINTS {
        // fast_http: two retries after the first attempt.
        let times = if method == "GET" { 3 } else { 1 };
        let e = against(method, path, call, 503, "Service Unavailable".into(), times).await;
        match e {
            Error::Provider {
                status: Some(503), ..
            } => {}
            other => panic!("{method} {path}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_read_recovers_after_a_503_burst() {
    let mut h = Harness::new().await;
    let burst = h.answer_n("GET", "/v1/regions", 503, "busy".into(), 2).await;
    let fine = h.get("/v1/regions", json!([{"id": "UK-London"}])).await;
    let c = h.client().await;
    assert_eq!(c.catalog().unwrap().list_regions().await.unwrap().len(), 1);
    burst.assert_async().await;
    fine.assert_async().await;
}

#[tokio::test]
async fn a_429_waits_for_retry_after() {
    let mut h = Harness::new().await;
    let limited = h
        .server
        .mock("GET", "/v1/os")
        .match_query(mockito::Matcher::Any)
        .with_status(429)
        .with_header("retry-after", "7")
        .expect(1)
        .create_async()
        .await;
    h.get("/v1/os", json!({"os": []})).await;
    let c = h.client().await;
    let before = h.now();
    c.catalog().unwrap().list_images(None).await.unwrap();
    limited.assert_async().await;
    assert_eq!((h.now() - before).num_seconds(), 7);
    // A write answered 429 is not repeated: the caller sees the rate limit.
    h.answer("POST", "/v1/instances/i-1/poweron", 429, failed(429, "slow down"))
        .await;
    let e = c
        .servers()
        .server_action("i-1", &ServerAction::Start)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::RateLimited);
}

#[tokio::test]
async fn malformed_bodies_are_provider_errors() {
    let mut h = Harness::new().await;
    h.answer("GET", "/v1/instances", 200, "<html>oops".into()).await;
    h.answer("GET", "/v1/ssh-keys", 200, "[1, 2]".into()).await;
    let c = h.client().await;
    let e = c.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Provider);
    assert!(e.to_string().contains("unexpected answer from Cloudzy"), "{e}");
    assert_eq!(
        c.ssh_keys().unwrap().list_ssh_keys().await.unwrap_err().code(),
        ErrorCode::Provider
    );
}

#[tokio::test]
async fn a_time_out_names_the_account() {
    // A listener that accepts and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s);
        }
    });
    let clock = Arc::new(fleetdeck_core::job::ManualClock::new(start()));
    let http = HttpSettings {
        timeout: Duration::from_millis(300),
        max_retries: 0,
        ..fast_http()
    };
    let c = connect_tuned(context(&format!("http://{addr}"), clock, http), tuning())
        .await
        .unwrap();
    let e = c.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Network);
    let text = e.to_string();
    assert!(
        text.starts_with(&format!("{ACCOUNT}: network error: GET /v1/instances timed out")),
        "{text}"
    );
}

#[tokio::test]
async fn the_token_is_sent_and_never_shown() {
    let mut h = Harness::new().await;
    // `answer` matches the API-Token header: a request without it would get mockito's 501.
    h.get("/v1/ssh-keys", json!([])).await;
    let c = h.client().await;
    c.ssh_keys().unwrap().list_ssh_keys().await.unwrap();
    let e = against(
        "GET",
        "/v1/profile",
        Call::Profile,
        401,
        failed(401, "bad token"),
        1,
    )
    .await;
    assert!(!format!("{e:?} {e}").contains(TOKEN));
}
