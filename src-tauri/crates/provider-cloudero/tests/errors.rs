//! The error envelope through every endpoint the client calls: each maps to a typed error that
//! names the account and carries `error.errorMessage`.

mod common;

use common::*;
use fleetdeck_core::{CreateServerRequest, Error, ErrorCode, ServerAction};
use mockito::Matcher;
use serde_json::json;

const MESSAGE: &str = "Postdata: Invalid";

fn check(what: &str, r: Result<impl std::fmt::Debug, Error>) {
    let e = r.expect_err(what);
    assert_eq!(e.code(), ErrorCode::Validation, "{what}: {e}");
    assert_eq!(e.account(), Some(ACCOUNT), "{what}");
    assert!(e.to_string().contains(MESSAGE), "{what}: {e}");
}

#[tokio::test]
async fn every_endpoint_maps_the_error_envelope() {
    let mut h = Harness::new().await;
    h.logged_in().await;
    // The envelope's `message` differs from `error.errorMessage`: the latter must win.
    let body = json!({"status": "error", "data": null, "message": "generic",
                      "error": {"errorMessage": MESSAGE, "errorDev": ""}})
    .to_string();
    let mut mocks = Vec::new();
    for method in ["GET", "POST", "PUT", "DELETE"] {
        mocks.push(
            h.server
                .mock(method, Matcher::Regex("^/v1/".into()))
                .match_query(Matcher::Any)
                .with_status(400)
                .with_body(&body)
                .expect_at_least(1)
                .create_async()
                .await,
        );
    }
    let c = h.client().await;
    let s = c.servers();
    check("server list", s.list_servers().await);
    check("server detail", s.get_server("1").await);
    let create = CreateServerRequest {
        name: "n".into(),
        region: Some("ist2".into()),
        plan: Some("eos1".into()),
        image: Some("u".into()),
        ..Default::default()
    };
    check("server create", s.create_server(&create).await);
    let from_snapshot = CreateServerRequest {
        from_snapshot: Some("3".into()),
        ..create.clone()
    };
    check("create from snapshot", s.create_server(&from_snapshot).await);
    check("server destroy", s.delete_server("1").await);
    for a in [
        ServerAction::Start,
        ServerAction::Stop,
        ServerAction::Reboot,
        ServerAction::ResetPassword { password: None },
        ServerAction::Reinstall { image: "u".into() },
        ServerAction::Resize {
            plan: Some("eos2".into()),
            custom_size: None,
        },
    ] {
        check(a.verb(), s.server_action("1", &a).await);
    }
    let snaps = c.snapshots().unwrap();
    check("server snapshots", snaps.list_snapshots(Some("1")).await);
    check("snapshot list", snaps.list_snapshots(None).await);
    check("snapshot create", snaps.create_snapshot("1", Some("s")).await);
    check("snapshot destroy", snaps.delete_snapshot("2").await);
    check("snapshot restore", snaps.restore_snapshot("2", Some("1")).await);
    let keys = c.ssh_keys().unwrap();
    check("sshkey list", keys.list_ssh_keys().await);
    check(
        "sshkey create",
        keys.create_ssh_key("k", Some("ssh-ed25519 AAAA k")).await,
    );
    check("sshkey update", keys.rename_ssh_key("aa:bb", "k2").await);
    check("sshkey destroy", keys.delete_ssh_key("aa:bb").await);
    let tags = c.tags().unwrap();
    check("tags list", tags.list_tags().await);
    check(
        "tags create",
        tags.tag_servers(&["t".into()], &["1".into()]).await,
    );
    check("tags update", tags.set_server_tags("1", &["t".into()]).await);
    check("tags destroy", tags.delete_tag("t").await);
    let cat = c.catalog().unwrap();
    check("region list", cat.list_regions().await);
    check("package list", cat.list_plans(None).await);
    check("image list", cat.list_images(None).await);
    check("application list", cat.list_applications().await);
    let ev = c.events().unwrap();
    check("event list", ev.list_events().await);
    check("event detail", ev.get_event("5").await);
    let b = c.billing().unwrap();
    check("user info", b.profile().await);
    check("invoice list", b.list_invoices().await);
    check("transaction list", b.list_transactions().await);
    check("usage list", c.usage().unwrap().usage("1").await);
    for m in mocks {
        m.assert_async().await;
    }
}

/// A low balance keeps what Cloude.ro sent — 402, or 400 with the words — and claims no provider
/// code (Cloude.ro sends none), never Cloudzy's 460 and `BALANCE_IS_NOT_SUFFICIENT`.
#[tokio::test]
async fn a_low_balance_keeps_the_status_cloude_ro_sent() {
    for status in [402, 400] {
        let mut h = Harness::new().await;
        h.logged_in().await;
        let body = json!({"status": "error", "data": null, "message": "Insufficient balance",
                          "error": {"errorMessage": "Insufficient balance: top up to create a server",
                                    "errorDev": ""}})
        .to_string();
        let m = h
            .server
            .mock("POST", "/v1/server/create")
            .with_status(status)
            .with_body(&body)
            .create_async()
            .await;
        let c = h.client().await;
        let create = CreateServerRequest {
            name: "n".into(),
            region: Some("ist2".into()),
            plan: Some("eos1".into()),
            image: Some("u".into()),
            ..Default::default()
        };
        let p = c.servers().create_server(&create).await.unwrap_err().to_payload();
        m.assert_async().await;
        assert_eq!(p.code, ErrorCode::LowBalance, "{status}: {}", p.message);
        assert_eq!(p.details.http_status, Some(status as u16));
        assert_eq!(p.details.provider_code, None);
        assert_eq!(p.details.account.as_deref(), Some(ACCOUNT));
    }
}
