//! Instances: list (bookmark paging with a page size of 1, every filter), detail, create (fixed
//! plan, custom size with apps/ISO/SSH keys/floating IPs, from a snapshot), delete and every action.

mod common;

use common::*;
use fleetdeck_core::job::{Condition, JobKind, ResourceKind, Tracking};
use fleetdeck_core::{
    CreateServerRequest, CustomSize, ErrorCode, ExposeSecret, SecretString, ServerAction, ServerFilter,
    ServerStatus,
};
use fleetdeck_provider_cloudzy::InstanceQuery;
use mockito::Matcher;
use serde_json::json;

#[tokio::test]
async fn list_follows_bookmarks_with_a_page_size_of_one() {
    let mut h = Harness::new().await;
    let page = |id: &str, bookmark: Option<&str>| {
        ok(
            json!({"instances": [instance(id, &format!("web-{id}"), "active", Some("203.0.113.1"))],
                  "bookmark": bookmark}),
        )
    };
    let first = h
        .server
        .mock("GET", "/v1/instances")
        .match_header("api-token", TOKEN)
        .match_query(Matcher::Regex("^limit=1$".into()))
        .with_body(page("a", Some("bm-2")))
        .expect(1)
        .create_async()
        .await;
    let second = h
        .server
        .mock("GET", "/v1/instances")
        .match_query(Matcher::AllOf(vec![
            Matcher::UrlEncoded("limit".into(), "1".into()),
            Matcher::UrlEncoded("bookmark".into(), "bm-2".into()),
        ]))
        .with_body(page("b", Some("bm-3")))
        .expect(1)
        .create_async()
        .await;
    let third = h
        .server
        .mock("GET", "/v1/instances")
        .match_query(Matcher::UrlEncoded("bookmark".into(), "bm-3".into()))
        .with_body(page("c", None))
        .expect(1)
        .create_async()
        .await;
    let c = h.typed(1).await;
    let all = c.list_instances(&InstanceQuery::default()).await.unwrap();
    first.assert_async().await;
    second.assert_async().await;
    third.assert_async().await;
    let ids: Vec<_> = all.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
}

#[tokio::test]
async fn a_repeated_bookmark_ends_the_list() {
    let mut h = Harness::new().await;
    let m = h
        .get(
            "/v1/instances",
            json!({"instances": [instance("a", "a", "active", None)], "bookmark": "same"}),
        )
        .await
        .expect(2);
    let c = h.typed(1).await;
    let all = c.list_instances(&InstanceQuery::default()).await.unwrap();
    m.assert_async().await;
    assert_eq!(all.len(), 2, "the second page is kept, then paging stops");
}

#[tokio::test]
async fn list_maps_the_instance_and_accepts_a_bare_array() {
    let mut h = Harness::new().await;
    h.get(
        "/v1/instances",
        json!([instance("9b2f", "web-fra-01", "active", Some("203.0.113.7")), {"hostname": "no id"}]),
    )
    .await;
    let c = h.client().await;
    let servers = c.servers().list_servers().await.unwrap();
    assert_eq!(servers.len(), 1);
    let s = &servers[0];
    assert_eq!(
        (s.account.as_str(), s.id.as_str(), s.name.as_str()),
        (ACCOUNT, "9b2f", "web-fra-01")
    );
    assert_eq!(s.provider, fleetdeck_core::ProviderKind::Cloudzy);
    assert_eq!(s.status, ServerStatus::Running);
    assert_eq!(s.raw_status.text.as_deref(), Some("active"));
    assert_eq!(
        (s.vcpus, s.memory_mb, s.disk_gb, s.bandwidth_gb),
        (Some(2), Some(2048), Some(50), Some(1000))
    );
    assert_eq!(s.ipv4, vec!["203.0.113.7"]);
    assert!(s.ipv6.is_empty());
    assert_eq!(s.region.as_deref(), Some("DE-Frankfurt"));
    assert_eq!(s.plan.as_deref(), Some("prod-2gb"));
    assert_eq!(s.image.as_deref(), Some("os-ubuntu-2204"));
    assert_eq!(
        s.created_at.map(|d| d.to_rfc3339()),
        Some("2026-02-01T10:00:00+00:00".into())
    );
    assert_eq!(s.extra["class"], "default");
    assert_eq!(s.raw["networkStatus"], "ok", "raw is the provider's object");
}

#[tokio::test]
async fn every_instance_filter_is_sent() {
    let mut h = Harness::new().await;
    let m = h
        .server
        .mock("GET", "/v1/instances")
        .match_query(Matcher::AllOf(
            [
                ("createdFrom", "2026-01-01T00:00:00Z"),
                ("createdTo", "2026-02-01T00:00:00Z"),
                ("host", "node-7"),
                ("hostName", "web-fra-01"),
                ("status", "active"),
                ("region", "DE-Frankfurt"),
                ("isoId", "iso-1"),
                ("osFamily", "ubuntu"),
                ("userId", "u-1"),
                ("ipv4", "203.0.113.7"),
                ("ipv6", "2001:db8::7"),
                ("includeDeleted", "true"),
                ("limit", "100"),
            ]
            .into_iter()
            .map(|(k, v)| Matcher::UrlEncoded(k.into(), v.into()))
            .collect(),
        ))
        .with_body(ok(json!({"instances": [], "bookmark": null})))
        .expect(1)
        .create_async()
        .await;
    let c = h.typed(100).await;
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc();
    let q = InstanceQuery {
        created_from: Some(at("2026-01-01T00:00:00Z")),
        created_to: Some(at("2026-02-01T00:00:00Z")),
        host: Some("node-7".into()),
        hostname: Some("web-fra-01".into()),
        status: Some("active".into()),
        region: Some("DE-Frankfurt".into()),
        iso_id: Some("iso-1".into()),
        os_family: Some("ubuntu".into()),
        user_id: Some("u-1".into()),
        ipv4: Some("203.0.113.7".into()),
        ipv6: Some("2001:db8::7".into()),
        include_deleted: true,
    };
    assert!(c.list_instances(&q).await.unwrap().is_empty());
    m.assert_async().await;
}

#[tokio::test]
async fn the_unified_filter_is_sent_to_the_provider() {
    let mut h = Harness::new().await;
    let mut in_london = instance("x", "db", "shutdown", None);
    in_london["region"] = json!("UK-London");
    let m = h
        .server
        .mock("GET", "/v1/instances")
        .match_query(Matcher::AllOf(vec![
            Matcher::UrlEncoded("region".into(), "UK-London".into()),
            Matcher::UrlEncoded("status".into(), "shutdown".into()),
        ]))
        .with_body(ok(
            json!({"instances": [in_london, instance("y", "web", "shutdown", None)]}),
        ))
        .create_async()
        .await;
    let c = h.client().await;
    let got = c
        .servers()
        .list_servers_filtered(&ServerFilter {
            region: Some("UK-London".into()),
            status: Some("stopped".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    m.assert_async().await;
    // The provider's answer is checked locally too: the instance in another region is dropped.
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].status, ServerStatus::Stopped);
}

#[tokio::test]
async fn detail_plain_or_wrapped() {
    let mut h = Harness::new().await;
    h.get("/v1/instances/i-1", instance("i-1", "web", "initializing", None))
        .await;
    h.get(
        "/v1/instances/i-2",
        json!({"instance": instance("i-2", "db", "active", Some("198.51.100.2"))}),
    )
    .await;
    let c = h.client().await;
    let s = c.servers().get_server("i-1").await.unwrap();
    assert_eq!(s.status, ServerStatus::Provisioning);
    let s = c.servers().get_server("i-2").await.unwrap();
    assert_eq!((s.name.as_str(), s.ipv4[0].as_str()), ("db", "198.51.100.2"));
    let e = c.servers().get_server("../profile").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

#[tokio::test]
async fn create_fixed_plan_makes_one_job_per_instance() {
    let mut h = Harness::new().await;
    let m = h
        .server
        .mock("POST", "/v1/instances")
        .match_header("api-token", TOKEN)
        .match_body(Matcher::Json(json!({
            "hostnames": ["web-1", "web-2"],
            "region": "DE-Frankfurt",
            "productId": "prod-2gb",
            "osId": "os-ubuntu-2204",
            "sshKeyIds": [101, 102],
            "assignIpv4": true,
            "floatingIPCount": 1,
            "billingCycle": "monthly",
            "class": "default",
            "extraResource": {"diskInGB": 50, "bandwidthInTB": 2}
        })))
        .with_status(201)
        .with_body(created(json!({"instances": [
            instance("n-1", "web-1", "initializing", None),
            instance("n-2", "web-2", "initializing", None)
        ]})))
        .create_async()
        .await;
    let c = h.client().await;
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "web-1".into(),
            extra_hostnames: vec!["web-2".into()],
            region: Some("DE-Frankfurt".into()),
            plan: Some("prod-2gb".into()),
            image: Some("os-ubuntu-2204".into()),
            ssh_keys: vec!["101".into(), "102".into()],
            ipv4: Some(true),
            floating_ip_count: Some(1),
            billing_cycle: Some("monthly".into()),
            options: [
                ("class".to_owned(), json!("default")),
                (
                    "extraResource".to_owned(),
                    json!({"diskInGB": 50, "bandwidthInTB": 2}),
                ),
            ]
            .into_iter()
            .collect(),
            ..Default::default()
        })
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(out.jobs.len(), 2);
    for (job, (id, name)) in out.jobs.iter().zip([("n-1", "web-1"), ("n-2", "web-2")]) {
        assert_eq!(job.kind, JobKind::CreateServer);
        assert_eq!(job.target.as_deref(), Some(id));
        assert_eq!(job.target_name.as_deref(), Some(name));
        assert_eq!(
            job.tracking,
            Tracking::Poll {
                resource: ResourceKind::Server,
                id: id.into(),
                until: Condition::Running
            }
        );
    }
}

#[tokio::test]
async fn create_custom_with_app_iso_keys_and_floating_ips() {
    let mut h = Harness::new().await;
    let m = h
        .json(
            "POST",
            "/v1/instances",
            json!({
                "hostnames": ["gpu-box"],
                "region": "US-NewYork",
                "extraResource": {"cpu": 4, "ramInGB": 8, "diskInGB": 100, "bandwidthInTB": 5},
                "appId": "app-wordpress",
                "isoId": "iso-alpine",
                "sshKeyIds": [7],
                "assignIpv6": true,
                "floatingIPCount": 5,
                "class": "cpu-optimized",
                "isDdosProtected": true
            }),
            json!({"id": "n-9"}),
        )
        .await;
    let c = h.client().await;
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "ignored-label".into(),
            hostname: Some("gpu-box".into()),
            region: Some("US-NewYork".into()),
            custom_size: Some(CustomSize {
                vcpus: 4,
                memory_gb: 8,
                disk_gb: 100,
                bandwidth_tb: Some(5.0),
            }),
            application: Some("app-wordpress".into()),
            iso: Some("iso-alpine".into()),
            ssh_keys: vec!["7".into()],
            ipv6: Some(true),
            floating_ip_count: Some(5),
            options: [
                ("class".to_owned(), json!("cpu-optimized")),
                ("isDdosProtected".to_owned(), json!(true)),
            ]
            .into_iter()
            .collect(),
            ..Default::default()
        })
        .await
        .unwrap();
    m.assert_async().await;
    // `data: {id}` (tolerated): a job polling that instance.
    assert_eq!(out.jobs.len(), 1);
    assert_eq!(out.jobs[0].target.as_deref(), Some("n-9"));
}

#[tokio::test]
async fn create_from_snapshot_without_ids_finds_the_hostname() {
    let mut h = Harness::new().await;
    let m = h
        .json(
            "POST",
            "/v1/instances",
            json!({"hostnames": ["restored"], "fromSnapshot": "snap-1", "productId": "prod-2gb"}),
            json!(null),
        )
        .await;
    let c = h.client().await;
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "restored".into(),
            region: Some("DE-Frankfurt".into()),
            plan: Some("prod-2gb".into()),
            from_snapshot: Some("snap-1".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    m.assert_async().await;
    match &out.jobs[0].tracking {
        Tracking::FindNew {
            resource: ResourceKind::Server,
            matcher,
            until: Condition::Running,
        } => assert_eq!(matcher.hostname.as_deref(), Some("restored")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn create_is_checked_before_anything_is_sent() {
    let mut h = Harness::new().await;
    let m = h
        .answer("POST", "/v1/instances", 200, ok(json!(null)))
        .await
        .expect(0);
    let c = h.client().await;
    let base = CreateServerRequest {
        name: "a".into(),
        region: Some("DE-Frankfurt".into()),
        plan: Some("p".into()),
        ..Default::default()
    };
    let field = |r: CreateServerRequest| {
        let c = c.clone();
        async move {
            match c.servers().create_server(&r).await.unwrap_err() {
                fleetdeck_core::Error::InvalidInput { field, .. } => field.unwrap_or_default(),
                other => panic!("{other:?}"),
            }
        }
    };
    assert_eq!(
        field(CreateServerRequest {
            region: None,
            ..base.clone()
        })
        .await,
        "region"
    );
    assert_eq!(
        field(CreateServerRequest {
            plan: None,
            ..base.clone()
        })
        .await,
        "plan"
    );
    assert_eq!(
        field(CreateServerRequest {
            extra_hostnames: (0..10).map(|i| format!("h{i}")).collect(),
            ..base.clone()
        })
        .await,
        "extraHostnames"
    );
    assert_eq!(
        field(CreateServerRequest {
            ssh_keys: vec!["laptop".into()],
            ..base.clone()
        })
        .await,
        "sshKeys"
    );
    assert_eq!(
        field(CreateServerRequest {
            floating_ip_count: Some(6),
            ..base.clone()
        })
        .await,
        "floatingIpCount"
    );
    assert_eq!(
        field(CreateServerRequest {
            root_password: Some(SecretString::from("x")),
            ..base.clone()
        })
        .await,
        "rootPassword"
    );
    m.assert_async().await;
}

#[tokio::test]
async fn create_low_balance_and_validation() {
    let mut h = Harness::new().await;
    let m = h.answer("POST", "/v1/instances", 460, low_balance()).await;
    let c = h.client().await;
    let req = CreateServerRequest {
        name: "a".into(),
        region: Some("DE-Frankfurt".into()),
        plan: Some("p".into()),
        ..Default::default()
    };
    match c.servers().create_server(&req).await.unwrap_err() {
        fleetdeck_core::Error::LowBalance {
            account, shortfall, ..
        } => {
            assert_eq!(account, ACCOUNT);
            assert_eq!(shortfall.required.as_deref(), Some("203.09"));
            assert_eq!(shortfall.available.as_deref(), Some("353.00"));
        }
        other => panic!("{other:?}"),
    }
    m.remove_async().await;
    h.answer("POST", "/v1/instances", 422, validation(&["hostnames", "region"]))
        .await;
    let e = c.servers().create_server(&req).await.unwrap_err();
    let p = e.to_payload();
    assert_eq!(p.code, ErrorCode::Validation);
    let fields: Vec<_> = p.details.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["hostnames", "region"]);
    assert!(e.to_string().contains("hostnames: field required"), "{e}");
}

#[tokio::test]
async fn delete_polls_until_gone() {
    let mut h = Harness::new().await;
    let m = h
        .answer("DELETE", "/v1/instances/i-1", 200, ok(json!(null)))
        .await;
    let c = h.client().await;
    let out = c.servers().delete_server("i-1").await.unwrap();
    m.assert_async().await;
    let job = out.job.unwrap();
    assert_eq!(job.kind, JobKind::DeleteServer);
    assert_eq!(
        job.tracking,
        Tracking::Poll {
            resource: ResourceKind::Server,
            id: "i-1".into(),
            until: Condition::Gone
        }
    );
}

#[tokio::test]
async fn power_and_reset_actions() {
    let mut h = Harness::new().await;
    let on = h
        .answer("POST", "/v1/instances/i-1/poweron", 200, ok(json!(null)))
        .await;
    let off = h
        .answer("POST", "/v1/instances/i-1/poweroff", 200, ok(json!(null)))
        .await;
    let reset = h
        .answer("POST", "/v1/instances/i-1/reset", 200, ok(json!(null)))
        .await;
    let c = h.client().await;
    let until = |a: ServerAction| {
        let c = c.clone();
        async move {
            match c
                .servers()
                .server_action("i-1", &a)
                .await
                .unwrap()
                .job
                .unwrap()
                .tracking
            {
                Tracking::Poll { until, .. } => until,
                other => panic!("{other:?}"),
            }
        }
    };
    assert_eq!(until(ServerAction::Start).await, Condition::Running);
    assert_eq!(until(ServerAction::Stop).await, Condition::Stopped);
    assert_eq!(until(ServerAction::Reboot).await, Condition::Running);
    on.assert_async().await;
    off.assert_async().await;
    reset.assert_async().await;
    let e = c
        .servers()
        .server_action("i-1", &ServerAction::Shutdown)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
    let e = c
        .servers()
        .server_action("i-1", &ServerAction::Freeze)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
}

#[tokio::test]
async fn change_password_returns_the_generated_password_as_a_secret() {
    let mut h = Harness::new().await;
    h.answer(
        "POST",
        "/v1/instances/i-1/change-pass",
        200,
        ok(json!({"password": "N3w-Gen!pass"})),
    )
    .await;
    let c = h.client().await;
    let out = c
        .servers()
        .server_action("i-1", &ServerAction::ResetPassword { password: None })
        .await
        .unwrap();
    assert!(out.job.is_none());
    assert_eq!(out.password.as_ref().unwrap().expose_secret(), "N3w-Gen!pass");
    assert!(!format!("{out:?}").contains("N3w-Gen!pass"));
    let e = c
        .servers()
        .server_action(
            "i-1",
            &ServerAction::ResetPassword {
                password: Some(SecretString::from("mine")),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

#[tokio::test]
async fn change_os_sends_the_os_and_polls() {
    let mut h = Harness::new().await;
    let m = h
        .json(
            "POST",
            "/v1/instances/i-1/change-os",
            json!({"osId": "os-debian-12"}),
            json!(null),
        )
        .await;
    let c = h.client().await;
    let job = c
        .servers()
        .server_action(
            "i-1",
            &ServerAction::Reinstall {
                image: "os-debian-12".into(),
            },
        )
        .await
        .unwrap()
        .job
        .unwrap();
    m.assert_async().await;
    assert_eq!(job.kind, JobKind::Reinstall);
    assert!(job.description.contains("os-debian-12"));
}

#[tokio::test]
async fn resize_fixed_and_custom() {
    let mut h = Harness::new().await;
    let fixed = h
        .server
        .mock("POST", "/v1/instances/i-1/resize")
        .match_body(Matcher::Json(
            json!({"instanceId": "i-1", "type": "FIXED", "productId": "prod-4gb"}),
        ))
        .with_body(ok(json!(null)))
        .create_async()
        .await;
    h.get(
        "/v1/instances/i-1",
        instance("i-1", "web", "active", Some("203.0.113.1")),
    )
    .await;
    let custom = h
        .server
        .mock("POST", "/v1/instances/i-1/resize")
        .match_body(Matcher::Json(json!({
            "instanceId": "i-1", "type": "CUSTOM", "regionId": "DE-Frankfurt",
            "extraResource": {"cpu": 8, "ramInGB": 16, "diskInGB": 200, "bandwidthInTB": 10}
        })))
        .with_body(ok(json!(null)))
        .create_async()
        .await;
    let c = h.client().await;
    let job = c
        .servers()
        .server_action(
            "i-1",
            &ServerAction::Resize {
                plan: Some("prod-4gb".into()),
                custom_size: None,
            },
        )
        .await
        .unwrap()
        .job
        .unwrap();
    assert_eq!(job.kind, JobKind::Resize);
    c.servers()
        .server_action(
            "i-1",
            &ServerAction::Resize {
                plan: None,
                custom_size: Some(CustomSize {
                    vcpus: 8,
                    memory_gb: 16,
                    disk_gb: 200,
                    bandwidth_tb: Some(10.0),
                }),
            },
        )
        .await
        .unwrap();
    fixed.assert_async().await;
    custom.assert_async().await;
}

#[tokio::test]
async fn resize_low_balance_names_the_figures() {
    let mut h = Harness::new().await;
    h.answer("POST", "/v1/instances/i-1/resize", 460, low_balance())
        .await;
    let c = h.client().await;
    let e = c
        .servers()
        .server_action(
            "i-1",
            &ServerAction::Resize {
                plan: Some("prod-64gb".into()),
                custom_size: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::LowBalance);
    assert!(e.to_string().contains("required 203.09, available 353.00"), "{e}");
}

#[tokio::test]
async fn add_traffic_completes_at_once() {
    let mut h = Harness::new().await;
    let m = h
        .json(
            "POST",
            "/v1/instances/i-1/add-traffic",
            json!({"amount": 2.5}),
            json!(null),
        )
        .await;
    let c = h.client().await;
    let out = c
        .servers()
        .server_action("i-1", &ServerAction::AddTraffic { amount_tb: 2.5 })
        .await
        .unwrap();
    m.assert_async().await;
    assert!(out.job.is_none());
    assert!(out.message.unwrap().contains("2.5 TB"));
}
