//! Servers: list, detail, create (plain and from a snapshot), destroy, the actions, both action path
//! styles, `true` vs `{event_id}` answers, the quirks of the server object, the error envelope.

mod common;

use common::*;
use fleetdeck_core::job::{Condition, JobKind, ResourceKind, Tracking};
use fleetdeck_core::{
    CreateServerRequest, ErrorCode, ExposeSecret, SecretString, ServerAction, ServerStatus,
};
use serde_json::json;

#[tokio::test]
async fn list_absorbs_the_documented_quirks() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    // Straight from the documentation: `disk: "0"`, `v6: ""`, a missing `v6`, no `created_at`,
    // `create_at`, lower-case states, `subscription_id` for `id`, `active_events` running.
    let data = json!([
        {"id": 1, "name": "ubuntu-16-04-x642", "cpu": 1, "memory": 1, "disk": "0", "state": "Stopped",
         "region": "ist2", "image": "ubuntu-16-04-x64", "package": "eos2",
         "networks": {"v4": {"ip": "172.17.32.68", "netmask": "255.255.255.192", "gateway": "172.17.32.65"}, "v6": ""},
         "created_at": "2018-01-04T11:14:34Z", "active_events": []},
        {"id": 4, "name": "ubuntu-16-04-x64", "cpu": 1, "memory": 1, "disk": 40, "state": "Running",
         "region": "ist2", "image": "ubuntu-16-04-x64", "package": "eos2",
         "networks": {"v4": {"ip": "172.17.32.71", "netmask": "255.255.255.192", "gateway": "172.17.32.65"}}},
        {"subscription_id": "1515", "name": "drift", "cpu": "2", "memory": "2", "disk": 60, "bandwidth": 4,
         "state": "running", "create_at": "2018-01-09T10:22:13Z", "active_events": [1578],
         "networks": {"v4": [{"ip": "203.0.113.9"}], "v6": {"ip": "2001:db8::9"}}},
        {"name": "no id: skipped"},
        "not an object"
    ]);
    h.get("/v1/server/list", &t, data).await;
    let c = h.client().await;
    let servers = c.servers().list_servers().await.unwrap();
    assert_eq!(servers.len(), 3);
    let s1 = &servers[0];
    assert_eq!((s1.account.as_str(), s1.id.as_str()), (ACCOUNT, "1"));
    assert_eq!(s1.provider, fleetdeck_core::ProviderKind::Cloudero);
    assert_eq!(s1.status, ServerStatus::Stopped);
    assert_eq!(s1.raw_status.text.as_deref(), Some("Stopped"));
    assert_eq!(s1.disk_gb, None, "disk \"0\" is not a size");
    assert_eq!(s1.memory_mb, Some(1024));
    assert_eq!(s1.ipv4, vec!["172.17.32.68"]);
    assert!(s1.ipv6.is_empty());
    assert_eq!(s1.region.as_deref(), Some("ist2"));
    assert_eq!(s1.plan.as_deref(), Some("eos2"));
    assert_eq!(s1.image.as_deref(), Some("ubuntu-16-04-x64"));
    assert!(s1.created_at.is_some());
    assert_eq!(s1.raw["disk"], "0", "raw is the provider's object");
    let s4 = &servers[1];
    assert_eq!(s4.status, ServerStatus::Running);
    assert_eq!(s4.disk_gb, Some(40));
    assert!(s4.created_at.is_none());
    let drift = &servers[2];
    assert_eq!(drift.id, "1515");
    assert_eq!(drift.status, ServerStatus::Busy, "a running event makes it busy");
    assert_eq!(drift.active_jobs, vec!["1578"]);
    assert_eq!(drift.vcpus, Some(2));
    assert_eq!(drift.memory_mb, Some(2048));
    assert_eq!(drift.bandwidth_gb, Some(4000));
    assert_eq!(drift.ipv4, vec!["203.0.113.9"]);
    assert_eq!(drift.ipv6, vec!["2001:db8::9"]);
    assert_eq!(
        drift.created_at.map(|d| d.to_rfc3339()),
        Some("2018-01-09T10:22:13+00:00".into())
    );
    assert_eq!(drift.extra["bandwidthTb"], 4);
}

#[tokio::test]
async fn list_tolerates_a_map_and_an_empty_answer() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let m = h
        .get(
            "/v1/server/list",
            &t,
            json!({"7": server_json(7, "a", "Running")}),
        )
        .await;
    let c = h.client().await;
    assert_eq!(c.servers().list_servers().await.unwrap()[0].id, "7");
    m.remove_async().await;
    h.get("/v1/server/list", &t, json!(null)).await;
    assert!(c.servers().list_servers().await.unwrap().is_empty());
}

#[tokio::test]
async fn detail_is_a_one_element_array() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let mut s = server_json(1515, "web-1", "Stopped");
    s["active_events"] = json!([1578]);
    s["root_password"] = json!("must-not-leak");
    h.get("/v1/server/1515", &t, json!([s])).await;
    h.get("/v1/server/77", &t, json!(server_json(77, "obj", "running")))
        .await;
    h.get("/v1/server/404", &t, json!([])).await;
    let c = h.client().await;
    let s = c.servers().get_server("1515").await.unwrap();
    assert_eq!((s.id.as_str(), s.name.as_str()), ("1515", "web-1"));
    assert_eq!(s.active_jobs, vec!["1578"]);
    assert!(
        s.raw.get("root_password").is_none(),
        "secrets are scrubbed from raw"
    );
    assert!(!s.raw.to_string().contains("must-not-leak"));
    assert_eq!(
        c.servers().get_server("77").await.unwrap().status,
        ServerStatus::Running
    );
    let e = c.servers().get_server("404").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    let e = c.servers().get_server("../user/info").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

#[tokio::test]
async fn not_found_envelope() {
    let mut h = Harness::new().await;
    h.logged_in().await;
    h.fail("GET", "/v1/server/9", 404, "Server not found").await;
    let c = h.client().await;
    let e = c.servers().get_server("9").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert_eq!(e.to_string(), "ro-main: Server not found");
}

#[tokio::test]
async fn create_sends_the_form_and_tracks_the_event() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let m = h
        .form(
            "POST",
            "/v1/server/create",
            &t,
            &[
                ("name", "web-1"),
                ("region", "ist2"),
                ("package", "eos2"),
                ("image", "ubuntu-16-04-x64"),
                ("hostname", "web-1.example.com"),
                ("ssh_key", "d3:b7:6f:c7"),
                ("ssh_keys", "d3:b7:6f:c7"),
                ("user_data", "I2Nsb3VkLWNvbmZpZw=="),
            ],
            json!({"event_id": 1587}),
        )
        .await;
    let c = h.client().await;
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "web-1".into(),
            hostname: Some("web-1.example.com".into()),
            region: Some("ist2".into()),
            plan: Some("eos2".into()),
            image: Some("ubuntu-16-04-x64".into()),
            ssh_keys: vec!["d3:b7:6f:c7".into()],
            user_data: Some("#cloud-config".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(out.jobs.len(), 1);
    let job = &out.jobs[0];
    assert_eq!(job.kind, JobKind::CreateServer);
    assert_eq!(job.tracking, Tracking::Event { id: "1587".into() });
    assert_eq!(job.target_name.as_deref(), Some("web-1"));
    assert!(job.timeout_secs >= 30 * 60);
}

#[tokio::test]
async fn create_answering_true_finds_the_new_server_by_name() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.form(
        "POST",
        "/v1/server/create",
        &t,
        &[("image", "wordpress")],
        json!(true),
    )
    .await;
    let c = h.client().await;
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "blog".into(),
            region: Some("ist2".into()),
            plan: Some("eos1".into()),
            application: Some("wordpress".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    match &out.jobs[0].tracking {
        Tracking::FindNew {
            resource: ResourceKind::Server,
            matcher,
            until: Condition::Running,
        } => assert_eq!(matcher.label.as_deref(), Some("blog")),
        other => panic!("unexpected tracking {other:?}"),
    }
}

#[tokio::test]
async fn create_checks_its_input_before_sending() {
    let h = Harness::new().await;
    let c = h.client().await;
    let base = CreateServerRequest {
        name: "x".into(),
        region: Some("ist2".into()),
        plan: Some("eos1".into()),
        image: Some("ubuntu".into()),
        ..Default::default()
    };
    for (req, field) in [
        (
            CreateServerRequest {
                region: None,
                ..base.clone()
            },
            "region",
        ),
        (
            CreateServerRequest {
                plan: None,
                ..base.clone()
            },
            "plan",
        ),
        (
            CreateServerRequest {
                image: None,
                ..base.clone()
            },
            "image",
        ),
        (
            CreateServerRequest {
                name: " ".into(),
                ..base.clone()
            },
            "name",
        ),
        (
            CreateServerRequest {
                ssh_keys: vec!["a".into(), "b".into()],
                ..base.clone()
            },
            "sshKeys",
        ),
    ] {
        let e = c.servers().create_server(&req).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert_eq!(e.to_payload().details.fields[0].field, field);
    }
}

#[tokio::test]
async fn create_from_snapshot_uses_the_snapshots_server() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.get(
        "/v1/snapshot/list",
        &t,
        json!([{"id": 37, "name": "snap", "subscription_id": 1515, "size": 20, "state": "Active"}]),
    )
    .await;
    let m = h
        .form(
            "POST",
            "/v1/server/1515/create_from_snapshot",
            &t,
            &[
                ("id", "1515"),
                ("name", "snaptovm - api2"),
                ("package", "eos1"),
                ("snapshot_id", "37"),
            ],
            json!({"event_id": 1600}),
        )
        .await;
    let c = h.client().await;
    let out = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "snaptovm - api2".into(),
            plan: Some("eos1".into()),
            from_snapshot: Some("37".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(out.jobs[0].tracking, Tracking::Event { id: "1600".into() });
}

#[tokio::test]
async fn create_from_snapshot_surfaces_the_disk_size_error() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    h.get(
        "/v1/snapshot/list",
        &t,
        json!([{"id": 37, "subscription_id": 1515}]),
    )
    .await;
    let msg = "The selected package disk size must be greater than or equal to the snapshot disk size. ( 40/20 GB ).";
    h.fail("POST", "/v1/server/1515/create_from_snapshot", 400, msg)
        .await;
    let c = h.client().await;
    let e = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "n".into(),
            plan: Some("eos1".into()),
            from_snapshot: Some("37".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert_eq!(
        e.to_string(),
        format!("ro-main: the provider rejected the request: {msg}")
    );
    let e = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "n".into(),
            plan: Some("eos1".into()),
            from_snapshot: Some("999".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn destroy_true_polls_until_gone_and_event_is_tracked() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let m = h
        .form(
            "DELETE",
            "/v1/server/42/destroy",
            &t,
            &[("id", "42")],
            json!(true),
        )
        .await;
    let c = h.client().await;
    let out = c.servers().delete_server("42").await.unwrap();
    m.assert_async().await;
    let job = out.job.unwrap();
    assert_eq!(job.kind, JobKind::DeleteServer);
    assert_eq!(
        job.tracking,
        Tracking::Poll {
            resource: ResourceKind::Server,
            id: "42".into(),
            until: Condition::Gone
        }
    );
    h.form(
        "DELETE",
        "/v1/server/43/destroy",
        &t,
        &[("id", "43")],
        json!({"event_id": 5}),
    )
    .await;
    let out = c.servers().delete_server("43").await.unwrap();
    assert_eq!(out.job.unwrap().tracking, Tracking::Event { id: "5".into() });
}

#[tokio::test]
async fn power_actions_send_the_path_and_the_body_id() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let c = h.client().await;
    for (action, path, until) in [
        (ServerAction::Start, "/v1/server/42/start", Condition::Running),
        (ServerAction::Stop, "/v1/server/42/stop", Condition::Stopped),
        (ServerAction::Reboot, "/v1/server/42/reboot", Condition::Running),
    ] {
        let m = h
            .form(
                "POST",
                path,
                &t,
                &[("id", "42"), ("subscription_id", "42")],
                json!(true),
            )
            .await;
        let job = c
            .servers()
            .server_action("42", &action)
            .await
            .unwrap()
            .job
            .unwrap();
        m.assert_async().await;
        assert_eq!(job.kind, action.job_kind());
        assert_eq!(job.target.as_deref(), Some("42"));
        assert_eq!(
            job.tracking,
            Tracking::Poll {
                resource: ResourceKind::Server,
                id: "42".into(),
                until
            }
        );
        let m = h
            .form("POST", path, &t, &[("id", "42")], json!({"event_id": 1587}))
            .await;
        let job = c
            .servers()
            .server_action("42", &action)
            .await
            .unwrap()
            .job
            .unwrap();
        m.assert_async().await;
        assert_eq!(job.tracking, Tracking::Event { id: "1587".into() });
    }
}

#[tokio::test]
async fn the_body_id_path_style_is_the_fallback_and_is_remembered() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let missing = h
        .server
        .mock("POST", "/v1/server/42/start")
        .with_status(404)
        .with_body("<html>Not Found</html>")
        .expect(1)
        .create_async()
        .await;
    let start = h
        .form(
            "POST",
            "/v1/server/start",
            &t,
            &[("id", "42")],
            json!({"event_id": 1}),
        )
        .await;
    let stop = h
        .form(
            "POST",
            "/v1/server/stop",
            &t,
            &[("id", "42")],
            json!({"event_id": 2}),
        )
        .await;
    let never = h
        .server
        .mock("POST", "/v1/server/42/stop")
        .expect(0)
        .create_async()
        .await;
    let c = h.client().await;
    c.servers()
        .server_action("42", &ServerAction::Start)
        .await
        .unwrap();
    c.servers()
        .server_action("42", &ServerAction::Stop)
        .await
        .unwrap();
    missing.assert_async().await;
    start.assert_async().await;
    stop.assert_async().await;
    never.assert_async().await;
}

#[tokio::test]
async fn an_unknown_server_is_not_found_in_both_styles() {
    let mut h = Harness::new().await;
    h.logged_in().await;
    h.fail("POST", "/v1/server/9/reboot", 404, "Server not found")
        .await;
    h.fail("POST", "/v1/server/reboot", 404, "Server not found").await;
    let c = h.client().await;
    let e = c
        .servers()
        .server_action("9", &ServerAction::Reboot)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn change_password_is_emailed_or_shown_once() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let m = h
        .form(
            "POST",
            "/v1/server/1520/change_password",
            &t,
            &[("subscription_id", "1520"), ("id", "1520")],
            json!({"event_id": 77}),
        )
        .await;
    let c = h.client().await;
    let out = c
        .servers()
        .server_action("1520", &ServerAction::ResetPassword { password: None })
        .await
        .unwrap();
    m.assert_async().await;
    assert_eq!(out.job.unwrap().tracking, Tracking::Event { id: "77".into() });
    assert!(out.message.unwrap().contains("e-mail"));
    assert!(out.password.is_none());

    m.remove_async().await;
    h.form(
        "POST",
        "/v1/server/1520/change_password",
        &t,
        &[],
        json!({"password": "N3w-Pa55!"}),
    )
    .await;
    let out = c
        .servers()
        .server_action("1520", &ServerAction::ResetPassword { password: None })
        .await
        .unwrap();
    assert!(out.job.is_none());
    assert_eq!(out.password.unwrap().expose_secret(), "N3w-Pa55!");

    let e = c
        .servers()
        .server_action(
            "1520",
            &ServerAction::ResetPassword {
                password: Some(SecretString::from("chosen")),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

#[tokio::test]
async fn reinstall_and_upgrade() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let reinstall = h
        .form(
            "POST",
            "/v1/server/42/refresh_install",
            &t,
            &[("id", "42"), ("image", "debian-12")],
            json!({"event_id": 10}),
        )
        .await;
    let upgrade = h
        .form(
            "POST",
            "/v1/server/42/upgrade_package",
            &t,
            &[("id", "42"), ("package", "eos3"), ("type", "all")],
            json!(true),
        )
        .await;
    let c = h.client().await;
    let out = c
        .servers()
        .server_action(
            "42",
            &ServerAction::Reinstall {
                image: "debian-12".into(),
            },
        )
        .await
        .unwrap();
    reinstall.assert_async().await;
    let job = out.job.unwrap();
    assert_eq!(
        (job.kind, job.tracking),
        (JobKind::Reinstall, Tracking::Event { id: "10".into() })
    );
    let out = c
        .servers()
        .server_action(
            "42",
            &ServerAction::Resize {
                plan: Some("eos3".into()),
                custom_size: None,
            },
        )
        .await
        .unwrap();
    upgrade.assert_async().await;
    assert!(out.job.is_none(), "an upgrade answering true is complete");
    assert!(out.message.is_some());
    let e = c
        .servers()
        .server_action(
            "42",
            &ServerAction::Resize {
                plan: None,
                custom_size: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

#[tokio::test]
async fn actions_cloudero_lacks_are_unsupported() {
    let h = Harness::new().await;
    let c = h.client().await;
    for a in [
        ServerAction::Shutdown,
        ServerAction::Freeze,
        ServerAction::Rename { name: "x".into() },
        ServerAction::AddTraffic { amount_tb: 1.0 },
    ] {
        let e = c.servers().server_action("1", &a).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::Unsupported);
        assert!(!a.is_offered(&c.capabilities()));
    }
}

#[tokio::test]
async fn error_envelope_mapping_for_actions() {
    let mut h = Harness::new().await;
    h.logged_in().await;
    let c = h.client().await;
    let cases = [
        (
            400,
            "Server has an active event, try again later",
            ErrorCode::Conflict,
        ),
        (
            400,
            "Insufficient balance for this package",
            ErrorCode::LowBalance,
        ),
        (403, "Forbidden", ErrorCode::Forbidden),
        (409, "Busy", ErrorCode::Conflict),
        (422, "Postdata: Invalid", ErrorCode::Validation),
        (500, "Internal error", ErrorCode::Provider),
    ];
    for (status, msg, code) in cases {
        let m = h.fail("POST", "/v1/server/5/start", status, msg).await;
        let e = c
            .servers()
            .server_action("5", &ServerAction::Start)
            .await
            .unwrap_err();
        assert_eq!(e.code(), code, "{status} {msg}");
        assert!(e.to_string().contains(msg), "{e}");
        assert_eq!(e.account(), Some(ACCOUNT));
        m.remove_async().await;
    }
    // HTTP 200 with `status: "error"` is an error too; `data: false` is a failure.
    let m = h
        .server
        .mock("POST", "/v1/server/5/start")
        .with_body(error("Something odd"))
        .create_async()
        .await;
    let e = c
        .servers()
        .server_action("5", &ServerAction::Start)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Provider);
    m.remove_async().await;
    h.server
        .mock("POST", "/v1/server/5/start")
        .with_body(ok(json!(false)))
        .create_async()
        .await;
    let e = c
        .servers()
        .server_action("5", &ServerAction::Start)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Provider);
}

#[tokio::test]
async fn reads_are_retried_writes_are_not() {
    let mut h = Harness::new().await;
    let (t, _) = h.logged_in().await;
    let flaky = h
        .server
        .mock("GET", "/v1/server/list")
        .with_status(503)
        .expect(1)
        .create_async()
        .await;
    let good = h.get("/v1/server/list", &t, json!([])).await;
    let write = h
        .server
        .mock("POST", "/v1/server/create")
        .with_status(503)
        .with_body(error("Service Unavailable"))
        .expect(1)
        .create_async()
        .await;
    let c = h.client().await;
    c.servers().list_servers().await.unwrap();
    flaky.assert_async().await;
    good.assert_async().await;
    let e = c
        .servers()
        .create_server(&CreateServerRequest {
            name: "x".into(),
            region: Some("ist2".into()),
            plan: Some("eos1".into()),
            image: Some("u".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    write.assert_async().await;
    assert_eq!(e.code(), ErrorCode::Provider);
}

#[tokio::test]
async fn rate_limiting_is_typed() {
    let mut h = Harness::new().await;
    h.logged_in().await;
    h.server
        .mock("POST", "/v1/server/1/start")
        .with_status(429)
        .with_header("retry-after", "120")
        .with_body(error("Too many requests"))
        .create_async()
        .await;
    let c = h.client().await;
    let e = c
        .servers()
        .server_action("1", &ServerAction::Start)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::RateLimited);
    assert_eq!(e.to_payload().details.retry_after_secs, Some(120));
}

#[tokio::test]
async fn unreadable_answers_are_clear_provider_errors() {
    let mut h = Harness::new().await;
    h.logged_in().await;
    h.server
        .mock("GET", "/v1/server/list")
        .with_body("<html>maintenance</html>")
        .create_async()
        .await;
    let c = h.client().await;
    let e = c.servers().list_servers().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Provider);
    assert!(e.to_string().contains("unexpected answer"), "{e}");
}
