//! Instances: list and detail with their quirks (four flags, memory in MB, mixed IPv4/IPv6, the
//! root password kept out), create (no id returned, label collisions refused), delete, and every
//! action with the job it answers.

mod common;

use common::*;
use fleetdeck_core::job::{Condition, JobKind, ResourceKind, Tracking};
use fleetdeck_core::{
    CreateServerRequest, ErrorCode, ExposeSecret, SecretString, ServerAction, ServerStatus,
};
use serde_json::json;

#[tokio::test]
async fn list_maps_flags_units_and_addresses() {
    let mut h = Harness::new().await;
    let m = h
        .mock(
            "GET",
            "/instances",
            ok(json!([
                instance(
                    "A1",
                    "web-mia-01",
                    RUNNING,
                    &["191.252.1.10", "2804:7f4:3c01::10"]
                ),
                instance("A2", "db-primary", STOPPED, &["191.252.1.11"]),
                instance("A3", "staging-api", BUILDING, &[]),
                instance("A4", "worker-1", LOCKED, &["2804:7f4:3c01::14"]),
                instance("A5", "old-box", SUSPENDED, &["191.252.1.15"]),
            ])),
            1,
        )
        .await;
    let c = h.client().await;
    let list = c.servers().list_servers().await.unwrap();
    m.assert_async().await;
    let status: Vec<ServerStatus> = list.iter().map(|s| s.status).collect();
    assert_eq!(
        status,
        vec![
            ServerStatus::Running,
            ServerStatus::Stopped,
            ServerStatus::Provisioning,
            ServerStatus::Busy,
            ServerStatus::Suspended
        ]
    );
    let web = &list[0];
    assert_eq!(web.account, ACCOUNT);
    assert_eq!(web.id, "A1");
    assert_eq!(web.name, "web-mia-01");
    assert_eq!(web.hostname.as_deref(), Some("web-mia-01.example.com"));
    assert_eq!(web.memory_mb, Some(2048), "memory is MB already");
    assert_eq!((web.vcpus, web.disk_gb), (Some(2), Some(40)));
    assert_eq!(web.ipv4, vec!["191.252.1.10"]);
    assert_eq!(web.ipv6, vec!["2804:7f4:3c01::10"]);
    assert_eq!(web.region.as_deref(), Some("MIA1"));
    assert_eq!(web.image.as_deref(), Some("Ubuntu 24.04 x64"));
    assert_eq!(web.raw_status.text.as_deref(), Some("running"));
    assert_eq!(web.raw_status.flags.get("locked"), Some(&false));
    assert_eq!(list[3].ipv4, Vec::<String>::new());
    assert_eq!(list[3].ipv6, vec!["2804:7f4:3c01::14"]);
    assert_eq!(list[3].raw_status.text.as_deref(), Some("action in progress"));
    assert_eq!(web.raw["domain"], "localdomain");
}

#[tokio::test]
async fn the_root_password_never_leaves_the_parser() {
    let mut h = Harness::new().await;
    h.get(
        "/instances",
        json!([instance("A1", "web", RUNNING, &["191.252.1.10"])]),
    )
    .await;
    h.get("/instances/A1", instance("A1", "web", RUNNING, &["191.252.1.10"]))
        .await;
    let c = h.client().await;
    let list = c.servers().list_servers().await.unwrap();
    let one = c.servers().get_server("A1").await.unwrap();
    for s in [&list[0], &one] {
        let json = serde_json::to_string(s).unwrap();
        assert!(!json.contains("Gen3rated-R00t!"), "{json}");
        assert!(!json.contains("initial_root_password"), "{json}");
        assert!(!format!("{s:?}").contains("Gen3rated-R00t!"));
    }
    // Reachable only on purpose, as a secret, for the keyring.
    let pw = h.concrete().initial_root_password("A1").await.unwrap().unwrap();
    assert!(!format!("{pw:?}").contains("Gen3rated"));
    use fleetdeck_core::ExposeSecret;
    assert_eq!(pw.expose_secret(), "Gen3rated-R00t!");
}

#[tokio::test]
async fn a_list_sent_as_a_map_is_read() {
    let mut h = Harness::new().await;
    h.get(
        "/instances",
        json!({"0": instance("A1", "web", RUNNING, &["191.252.1.10"]),
               "1": instance("A2", "db", STOPPED, &[])}),
    )
    .await;
    let c = h.client().await;
    let list = c.servers().list_servers().await.unwrap();
    assert_eq!(list.len(), 2);
}

#[tokio::test]
async fn an_account_without_instances_is_an_empty_list() {
    for body in [
        ok(json!([])),
        r#"{"success":true}"#.to_owned(),
        ok(serde_json::Value::Null),
    ] {
        let mut h = Harness::new().await;
        h.mock("GET", "/instances", body, 1).await;
        let c = h.client().await;
        assert!(c.servers().list_servers().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn detail_and_a_missing_instance() {
    let mut h = Harness::new().await;
    h.get("/instances/A2", instance("A2", "db", STOPPED, &["191.252.1.11"]))
        .await;
    h.fail("GET", "/instances/ZZ", 400, refusal("Instance not found"))
        .await;
    let c = h.client().await;
    let s = c.servers().get_server("A2").await.unwrap();
    assert_eq!(s.status, ServerStatus::Stopped);
    let e = c.servers().get_server("ZZ").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound);
    let e = c.servers().get_server("../profile").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

fn order(name: &str) -> CreateServerRequest {
    CreateServerRequest {
        name: name.into(),
        region: Some("MIA2".into()),
        plan: Some("1vcpu-1gb-10ssd".into()),
        image: Some("ubuntu-24.04-x86_64".into()),
        ssh_keys: vec!["my-laptop".into()],
        root_password: Some(SecretString::from("Str0ng-Passw0rd!")),
        ..Default::default()
    }
}

#[tokio::test]
async fn create_sends_the_order_and_answers_a_find_new_job() {
    let mut h = Harness::new().await;
    h.get(
        "/instances",
        json!([instance("A1", "web-mia-01", RUNNING, &["191.252.1.10"])]),
    )
    .await;
    let create = h
        .json(
            "POST",
            "/instances",
            json!({"label": "web-mia-02", "hostname": "web-mia-02", "location_slug": "MIA2",
                   "plan_slug": "1vcpu-1gb-10ssd", "image_slug": "ubuntu-24.04-x86_64",
                   "ssh_slug": "my-laptop", "password": "Str0ng-Passw0rd!"}),
            ack("Instance successfully created"),
        )
        .await;
    let c = h.client().await;
    let out = c.servers().create_server(&order("web-mia-02")).await.unwrap();
    create.assert_async().await;
    assert_eq!(out.message.as_deref(), Some("Instance successfully created"));
    assert_eq!(out.jobs.len(), 1);
    let job = &out.jobs[0];
    assert_eq!(job.kind, JobKind::CreateServer);
    assert_eq!(job.target, None, "LetsCloud returns no identifier");
    assert_eq!(job.target_name.as_deref(), Some("web-mia-02"));
    let Tracking::FindNew {
        resource,
        matcher,
        until,
    } = &job.tracking
    else {
        panic!("{:?}", job.tracking)
    };
    assert_eq!(*resource, ResourceKind::Server);
    assert_eq!(matcher.label.as_deref(), Some("web-mia-02"));
    assert_eq!(matcher.hostname.as_deref(), Some("web-mia-02"));
    assert_eq!(*until, Condition::Running);
    // The persisted job holds no secret.
    let persisted = serde_json::to_string(job).unwrap();
    assert!(!persisted.contains("Str0ng-Passw0rd!"));
}

/// The instance a create made, as the list shows it right after the order: not built yet, its
/// hostname the one the create sent, and the root password LetsCloud generated.
fn new_instance(id: &str, label: &str) -> serde_json::Value {
    let mut o = instance(id, label, BUILDING, &[]);
    o["hostname"] = json!(label);
    o["initial_root_password"] = json!("Fresh-R00t-9173");
    o
}

#[tokio::test]
async fn create_finds_the_new_instance_at_once_and_hands_over_its_generated_password() {
    let mut h = Harness::new().await;
    // The label check sees the account before the order; the list after it shows the new instance.
    let before = h
        .mock(
            "GET",
            "/instances",
            ok(json!([instance("A1", "web-mia-01", RUNNING, &["191.252.1.10"])])),
            1,
        )
        .await;
    let create = h
        .mock("POST", "/instances", ack("Instance successfully created"), 1)
        .await;
    let after = h
        .mock(
            "GET",
            "/instances",
            ok(json!([
                instance("A1", "web-mia-01", RUNNING, &["191.252.1.10"]),
                new_instance("B7", "web-mia-02")
            ])),
            1,
        )
        .await;
    let c = h.client().await;
    let req = CreateServerRequest {
        root_password: None,
        ..order("web-mia-02")
    };
    let out = c.servers().create_server(&req).await.unwrap();
    before.assert_async().await;
    create.assert_async().await;
    after.assert_async().await;
    let job = &out.jobs[0];
    assert_eq!(job.target.as_deref(), Some("B7"));
    assert_eq!(job.server_id.as_deref(), Some("B7"));
    assert_eq!(
        job.tracking,
        Tracking::Poll {
            resource: ResourceKind::Server,
            id: "B7".into(),
            until: Condition::Running
        }
    );
    let password = out.password.as_ref().expect("the generated password");
    assert_eq!(password.expose_secret(), "Fresh-R00t-9173");
    // The job, which is persisted, holds no secret.
    assert!(!serde_json::to_string(job).unwrap().contains("Fresh-R00t-9173"));
}

#[tokio::test]
async fn a_password_the_user_chose_is_not_handed_back() {
    let mut h = Harness::new().await;
    h.mock("GET", "/instances", ok(json!([])), 1).await;
    h.mock("POST", "/instances", ack("Instance successfully created"), 1)
        .await;
    h.get("/instances", json!([new_instance("B8", "web-mia-02")]))
        .await;
    let c = h.client().await;
    let out = c.servers().create_server(&order("web-mia-02")).await.unwrap();
    assert_eq!(out.jobs[0].target.as_deref(), Some("B8"));
    assert!(out.password.is_none(), "the user knows the password chosen");
}

#[tokio::test]
async fn a_label_in_use_is_refused_before_anything_is_ordered() {
    let mut h = Harness::new().await;
    h.get(
        "/instances",
        json!([instance("A1", "web-mia-01", RUNNING, &["191.252.1.10"])]),
    )
    .await;
    let create = h.server.mock("POST", "/instances").expect(0).create_async().await;
    let c = h.client().await;
    // Case does not make a label different.
    let e = c.servers().create_server(&order("WEB-MIA-01")).await.unwrap_err();
    create.assert_async().await;
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(e.to_string().contains("instance A1 is already labelled"), "{e}");
}

#[tokio::test]
async fn a_second_create_with_a_pending_label_is_refused() {
    let mut h = Harness::new().await;
    h.get("/instances", json!([])).await;
    let create = h
        .server
        .mock("POST", "/instances")
        .with_body(ack("Instance successfully created"))
        .expect(1)
        .create_async()
        .await;
    let c = h.client().await;
    c.servers().create_server(&order("web-mia-02")).await.unwrap();
    // The first instance does not show in the list yet: the label is still reserved here.
    let e = c.servers().create_server(&order("web-mia-02")).await.unwrap_err();
    create.assert_async().await;
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(e.to_string().contains("still pending"), "{e}");
}

#[tokio::test]
async fn a_refused_create_frees_its_label() {
    let mut h = Harness::new().await;
    h.get("/instances", json!([])).await;
    let refused = h
        .server
        .mock("POST", "/instances")
        .with_status(400)
        .with_body(refusal("The plan slug field is invalid."))
        .expect(1)
        .create_async()
        .await;
    let accepted = h
        .server
        .mock("POST", "/instances")
        .with_body(ack("Instance successfully created"))
        .expect(1)
        .create_async()
        .await;
    let c = h.client().await;
    let e = c.servers().create_server(&order("web-1")).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
    c.servers().create_server(&order("web-1")).await.unwrap();
    refused.assert_async().await;
    accepted.assert_async().await;
}

#[tokio::test]
async fn create_is_never_retried() {
    let mut h = Harness::new().await;
    h.get("/instances", json!([])).await;
    let create = h
        .server
        .mock("POST", "/instances")
        .with_status(503)
        .with_body(refusal("Service Unavailable"))
        .expect(1)
        .create_async()
        .await;
    let c = h.client().await;
    let e = c.servers().create_server(&order("web-1")).await.unwrap_err();
    create.assert_async().await;
    assert_eq!(e.code(), ErrorCode::Provider);
}

#[tokio::test]
async fn create_checks_its_input_locally() {
    let h = Harness::new().await;
    let c = h.client().await;
    let field = |req: CreateServerRequest| {
        let c = c.clone();
        async move {
            let e = c.servers().create_server(&req).await.unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
            e.to_payload().details.fields[0].field.clone()
        }
    };
    assert_eq!(field(order("")).await, "name");
    assert_eq!(
        field(CreateServerRequest {
            region: None,
            ..order("a")
        })
        .await,
        "region"
    );
    assert_eq!(
        field(CreateServerRequest {
            plan: None,
            ..order("a")
        })
        .await,
        "plan"
    );
    assert_eq!(
        field(CreateServerRequest {
            image: None,
            ..order("a")
        })
        .await,
        "image"
    );
    assert_eq!(
        field(CreateServerRequest {
            ssh_keys: vec!["a".into(), "b".into()],
            ..order("a")
        })
        .await,
        "sshKeys"
    );
    assert_eq!(
        field(CreateServerRequest {
            root_password: Some(SecretString::from("short")),
            ..order("a")
        })
        .await,
        "password"
    );
    assert_eq!(
        field(CreateServerRequest {
            hostname: Some("bad host".into()),
            ..order("a")
        })
        .await,
        "hostname"
    );
    assert_eq!(
        field(CreateServerRequest {
            extra_hostnames: vec!["b".into()],
            ..order("a")
        })
        .await,
        "extraHostnames"
    );
}

#[tokio::test]
async fn delete_polls_until_gone() {
    let mut h = Harness::new().await;
    let m = h
        .mock("DELETE", "/instances/A1", ack("Instance successfully deleted"), 1)
        .await;
    let c = h.client().await;
    let out = c.servers().delete_server("A1").await.unwrap();
    m.assert_async().await;
    assert_eq!(out.message.as_deref(), Some("Instance successfully deleted"));
    let job = out.job.unwrap();
    assert_eq!(job.kind, JobKind::DeleteServer);
    assert_eq!(
        job.tracking,
        Tracking::Poll {
            resource: ResourceKind::Server,
            id: "A1".into(),
            until: Condition::Gone
        }
    );
}

#[tokio::test]
async fn power_actions_use_their_endpoints_and_conditions() {
    let cases = [
        (
            ServerAction::Start,
            "PUT",
            "power-on",
            "The instance is turning ON",
            Condition::Running,
        ),
        (
            ServerAction::Stop,
            "PUT",
            "power-off",
            "The instance is turning OFF.",
            Condition::Stopped,
        ),
        (
            ServerAction::Reboot,
            "PUT",
            "reboot",
            "The instance is rebooting",
            Condition::Running,
        ),
    ];
    for (action, method, path, message, until) in cases {
        let mut h = Harness::new().await;
        let m = h
            .mock(method, &format!("/instances/A1/{path}"), ack(message), 1)
            .await;
        let c = h.client().await;
        let out = c.servers().server_action("A1", &action).await.unwrap();
        m.assert_async().await;
        assert_eq!(out.message.as_deref(), Some(message));
        let job = out.job.unwrap();
        assert_eq!(job.kind, action.job_kind());
        assert_eq!(job.target.as_deref(), Some("A1"));
        assert_eq!(
            job.tracking,
            Tracking::Poll {
                resource: ResourceKind::Server,
                id: "A1".into(),
                until
            }
        );
    }
}

#[tokio::test]
async fn graceful_shutdown_tolerates_an_empty_body() {
    let mut h = Harness::new().await;
    let m = h.mock("POST", "/instances/A1/shutdown", String::new(), 1).await;
    let c = h.client().await;
    let out = c
        .servers()
        .server_action("A1", &ServerAction::Shutdown)
        .await
        .unwrap();
    m.assert_async().await;
    let job = out.job.unwrap();
    assert_eq!(job.kind, JobKind::Shutdown);
    assert!(matches!(
        job.tracking,
        Tracking::Poll {
            until: Condition::Stopped,
            ..
        }
    ));
}

#[tokio::test]
async fn reset_password_sends_the_chosen_password() {
    let mut h = Harness::new().await;
    let m = h
        .json(
            "PUT",
            "/instances/A1/reset-password",
            json!({"password": "N3w-R00t-Passw0rd"}),
            ack("The password was changed successfully."),
        )
        .await;
    let c = h.client().await;
    let out = c
        .servers()
        .server_action(
            "A1",
            &ServerAction::ResetPassword {
                password: Some(SecretString::from("N3w-R00t-Passw0rd")),
            },
        )
        .await
        .unwrap();
    m.assert_async().await;
    assert!(out.password.is_none(), "the user chose it: nothing to show");
    assert!(matches!(
        out.job.unwrap().tracking,
        Tracking::Poll {
            until: Condition::Settled,
            ..
        }
    ));
    let e = c
        .servers()
        .server_action("A1", &ServerAction::ResetPassword { password: None })
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

/// LetsCloud sets the password the user chooses and requires one: the Go SDK refuses an empty
/// password and both SDKs always send `password` (docs/wire-decisions.md, LetsCloud reference). No password,
/// an empty or a too short one is refused here, naming the field, before any request.
#[tokio::test]
async fn reset_password_requires_a_password_and_sends_nothing_without_one() {
    let mut h = Harness::new().await;
    let put = h
        .server
        .mock("PUT", "/instances/A1/reset-password")
        .expect(0)
        .create_async()
        .await;
    let c = h.client().await;
    for password in [None, Some(""), Some("short")] {
        let e = c
            .servers()
            .server_action(
                "A1",
                &ServerAction::ResetPassword {
                    password: password.map(SecretString::from),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{password:?}: {e}");
        assert_eq!(e.to_payload().details.fields[0].field, "password", "{password:?}");
    }
    put.assert_async().await;
}

#[tokio::test]
async fn change_plan_sends_the_plan_and_tolerates_both_answers() {
    for answer in [ack("Plan changed"), String::new()] {
        let mut h = Harness::new().await;
        let m = h
            .json(
                "PUT",
                "/instances/A1/change-plan",
                json!({"plan_slug": "2vcpu-2gb-40ssd"}),
                answer,
            )
            .await;
        let c = h.client().await;
        let out = c
            .servers()
            .server_action(
                "A1",
                &ServerAction::Resize {
                    plan: Some("2vcpu-2gb-40ssd".into()),
                    custom_size: None,
                },
            )
            .await
            .unwrap();
        m.assert_async().await;
        assert_eq!(out.job.unwrap().kind, JobKind::Resize);
    }
}

#[tokio::test]
async fn an_action_refused_with_http_200_is_an_error() {
    let mut h = Harness::new().await;
    h.mock(
        "PUT",
        "/instances/A1/power-on",
        refusal("The instance is locked"),
        1,
    )
    .await;
    let c = h.client().await;
    let e = c
        .servers()
        .server_action("A1", &ServerAction::Start)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(e.to_string().contains("The instance is locked"));
}

#[tokio::test]
async fn actions_letscloud_lacks_are_unsupported() {
    let h = Harness::new().await;
    let c = h.client().await;
    for action in [
        ServerAction::Freeze,
        ServerAction::Reinstall { image: "x".into() },
        ServerAction::Rename { name: "x".into() },
    ] {
        let e = c.servers().server_action("A1", &action).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::Unsupported);
        assert!(!action.is_offered(&c.capabilities()));
    }
    assert!(ServerAction::Shutdown.is_offered(&c.capabilities()));
}
