//! Unit tests of the Cloude.ro simulator through its router (no sockets).

use super::*;
use axum::body::Body;
use axum::http::Request;
use tower::ServiceExt;

const DELAY: Duration = Duration::from_millis(500);

fn sim() -> Arc<Sim> {
    new(&SimConfig {
        accounts: 2,
        servers_per_account: 5,
        action_delay: DELAY,
        rng_seed: 11,
    })
}

struct Call<'a> {
    method: &'a str,
    path: &'a str,
    token: Option<&'a str>,
    form: &'a [(&'a str, &'a str)],
}

async fn send(sim: &Arc<Sim>, c: Call<'_>) -> (StatusCode, Value) {
    let mut req = Request::builder().method(c.method).uri(c.path);
    if let Some(t) = c.token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let body = if c.form.is_empty() {
        Body::empty()
    } else {
        req = req.header("content-type", "application/x-www-form-urlencoded");
        Body::from(serde_urlencoded::to_string(c.form).unwrap())
    };
    let resp = sim
        .clone()
        .router()
        .oneshot(req.body(body).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 24).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

async fn get(sim: &Arc<Sim>, path: &str, token: &str) -> (StatusCode, Value) {
    send(
        sim,
        Call {
            method: "GET",
            path,
            token: Some(token),
            form: &[],
        },
    )
    .await
}

async fn post(sim: &Arc<Sim>, path: &str, token: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    send(
        sim,
        Call {
            method: "POST",
            path,
            token: Some(token),
            form,
        },
    )
    .await
}

async fn login(sim: &Arc<Sim>, account: usize) -> (String, String) {
    let c = &sim.credentials()[account];
    let user = c.username.clone().unwrap();
    let (s, v) = send(
        sim,
        Call {
            method: "POST",
            path: "/v1/user/login",
            token: None,
            form: &[("username", &user), ("password", &c.secret)],
        },
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "success");
    assert_eq!(v["data"]["refresh"], false);
    (
        v["data"]["token"].as_str().unwrap().to_owned(),
        v["data"]["refreshtoken"].as_str().unwrap().to_owned(),
    )
}

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

fn first_server(list: &Value, state: &str) -> u64 {
    list["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == state)
        .map(|s| s["id"].as_u64().unwrap())
        .unwrap_or_else(|| panic!("no {state} server in {list}"))
}

#[tokio::test]
async fn login_issues_jwts_with_the_documented_lifetimes() {
    let sim = sim();
    let (t, r) = login(&sim, 0).await;
    assert_eq!(t.split('.').count(), 3);
    let now = Utc::now().timestamp();
    let exp = claims(&t)["exp"].as_i64().unwrap();
    assert!((exp - now - 45 * 60).abs() <= 2, "{exp} vs {now}");
    let rexp = claims(&r)["exp"].as_i64().unwrap();
    assert!((rexp - now - 24 * 3600).abs() <= 2);
    assert_ne!(t, login(&sim, 0).await.0, "every login issues a new token");

    let (s, v) = send(
        &sim,
        Call {
            method: "POST",
            path: "/v1/user/login",
            token: None,
            form: &[("username", "ops@acme.example"), ("password", "wrong")],
        },
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(v["status"], "error");
    assert_eq!(v["data"], Value::Null);
    assert!(v["error"]["errorMessage"].as_str().unwrap().contains("incorrect"));
    assert_eq!(v["error"]["errorDev"], "");
}

#[tokio::test]
async fn public_endpoints_need_no_token_the_rest_do() {
    let sim = sim();
    for path in ["/v1/region/list", "/v1/package/list", "/v1/image/list"] {
        let (s, v) = send(
            &sim,
            Call {
                method: "GET",
                path,
                token: None,
                form: &[],
            },
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(!v["data"].as_array().unwrap().is_empty());
    }
    let (_, apps) = send(
        &sim,
        Call {
            method: "GET",
            path: "/v1/image/list?type=application",
            token: None,
            form: &[],
        },
    )
    .await;
    assert!(apps["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["type"] == "application"));
    let (_, both) = send(
        &sim,
        Call {
            method: "GET",
            path: "/v1/image/list?type=all,application",
            token: None,
            form: &[],
        },
    )
    .await;
    assert!(both["data"].as_array().unwrap().len() > apps["data"].as_array().unwrap().len());
    let (s, v) = send(
        &sim,
        Call {
            method: "GET",
            path: "/v1/server/list",
            token: None,
            form: &[],
        },
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(v["status"], "error");
}

#[tokio::test]
async fn tokens_expire_on_demand_and_refresh_both_ways() {
    let sim = sim();
    let (t, r) = login(&sim, 0).await;
    assert_eq!(get(&sim, "/v1/server/list", &t).await.0, StatusCode::OK);
    // a refresh token is not an access token, and a forged one is refused
    assert_eq!(get(&sim, "/v1/server/list", &r).await.0, StatusCode::UNAUTHORIZED);
    let forged = format!("{}x", &t[..t.len() - 1]);
    assert_eq!(
        get(&sim, "/v1/server/list", &forged).await.0,
        StatusCode::UNAUTHORIZED
    );
    // refresh: as the bearer, or as the form field
    let (s, v) = send(
        &sim,
        Call {
            method: "POST",
            path: "/v1/user/refreshtoken",
            token: Some(&r),
            form: &[],
        },
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"]["refresh"], true);
    let (s, _) = send(
        &sim,
        Call {
            method: "POST",
            path: "/v1/user/refreshtoken",
            token: None,
            form: &[("refreshtoken", &r)],
        },
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = send(
        &sim,
        Call {
            method: "POST",
            path: "/v1/user/refreshtoken",
            token: Some(&t),
            form: &[],
        },
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "an access token does not refresh");

    sim.expire_sessions();
    assert_eq!(get(&sim, "/v1/server/list", &t).await.0, StatusCode::UNAUTHORIZED);
    let (s, _) = send(
        &sim,
        Call {
            method: "POST",
            path: "/v1/user/refreshtoken",
            token: Some(&r),
            form: &[],
        },
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "refresh tokens expire too");
    let (t2, _) = login(&sim, 0).await;
    assert_eq!(get(&sim, "/v1/server/list", &t2).await.0, StatusCode::OK);
}

#[tokio::test]
async fn server_objects_carry_the_documented_quirks() {
    let sim = sim();
    let (t, _) = login(&sim, 0).await;
    let (_, list) = get(&sim, "/v1/server/list", &t).await;
    let servers = list["data"].as_array().unwrap();
    assert_eq!(servers.len(), 5);
    let s = &servers[0];
    assert_eq!(s["networks"]["v6"], "");
    assert!(s["networks"]["v4"]["ip"].is_string());
    assert!(["Running", "Stopped"].contains(&s["state"].as_str().unwrap()));
    assert!(s["active_events"].is_array());
    for s in servers {
        if s["state"] == "Stopped" {
            assert_eq!(s["disk"], "0", "stopped servers report disk as the string \"0\"");
        } else {
            assert!(s["disk"].is_u64());
        }
    }
    let id = s["id"].as_u64().unwrap();
    let (_, detail) = get(&sim, &format!("/v1/server/{id}"), &t).await;
    let arr = detail["data"].as_array().expect("detail is an array");
    assert_eq!(arr.len(), 1);
    assert_eq!(arr[0]["id"], id);
    let (s, v) = get(&sim, "/v1/server/999999", &t).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["error"]["errorMessage"], "Server not found");
}

#[tokio::test]
async fn accounts_are_separate() {
    let sim = sim();
    let (a, _) = login(&sim, 0).await;
    let (b, _) = login(&sim, 1).await;
    let (_, la) = get(&sim, "/v1/server/list", &a).await;
    let (_, lb) = get(&sim, "/v1/server/list", &b).await;
    let id = la["data"][0]["id"].as_u64().unwrap();
    assert!(lb["data"].as_array().unwrap().iter().all(|s| s["id"] != id));
    assert_eq!(
        get(&sim, &format!("/v1/server/{id}"), &b).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, ia) = get(&sim, "/v1/user/info", &a).await;
    let (_, ib) = get(&sim, "/v1/user/info", &b).await;
    assert_ne!(ia["data"]["email"], ib["data"]["email"]);
    assert!(ia["data"]["balance"].is_number());
}

#[tokio::test]
async fn an_action_runs_as_an_event_and_completes_after_the_delay() {
    let sim = sim();
    let (t, _) = login(&sim, 0).await;
    let (_, list) = get(&sim, "/v1/server/list", &t).await;
    let id = first_server(&list, "Running");
    let (s, v) = post(
        &sim,
        &format!("/v1/server/{id}/stop"),
        &t,
        &[("id", &id.to_string())],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let ev = v["data"]["event_id"].as_u64().unwrap();
    let (_, e) = get(&sim, &format!("/v1/event/{ev}"), &t).await;
    assert_eq!(e["data"]["status"], 0);
    assert_eq!(e["data"]["completed_at"], "");
    assert_eq!(e["data"]["event"], "VM.STOP");
    assert_eq!(e["data"]["subscription_id"], id);
    let (_, d) = get(&sim, &format!("/v1/server/{id}"), &t).await;
    assert_eq!(d["data"][0]["state"], "Stopping");
    assert_eq!(d["data"][0]["active_events"], json!([ev]));
    // busy: a second action is refused
    let (s, v) = post(&sim, &format!("/v1/server/{id}/reboot"), &t, &[]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["message"].as_str().unwrap().contains("active event"));

    tokio::time::sleep(DELAY + Duration::from_millis(60)).await;
    let (_, e) = get(&sim, &format!("/v1/event/{ev}"), &t).await;
    assert_eq!(e["data"]["status"], 1);
    assert!(!e["data"]["completed_at"].as_str().unwrap().is_empty());
    let (_, d) = get(&sim, &format!("/v1/server/{id}"), &t).await;
    assert_eq!(d["data"][0]["state"], "Stopped");
    assert_eq!(d["data"][0]["active_events"], json!([]));
    let (_, events) = get(&sim, "/v1/event/list", &t).await;
    assert!(events["data"].as_array().unwrap().iter().any(|e| e["id"] == ev));

    // the body style of the curl examples works too
    let (s, v) = post(&sim, "/v1/server/start", &t, &[("id", &id.to_string())]).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["data"]["event_id"].is_u64());
}

#[tokio::test]
async fn a_name_with_fail_makes_the_event_fail() {
    let sim = sim();
    let (t, _) = login(&sim, 0).await;
    let (s, v) = post(
        &sim,
        "/v1/server/create",
        &t,
        &[
            ("name", "fail-web-01"),
            ("region", "fra1"),
            ("package", "eos2"),
            ("image", "debian-12-x64"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let ev = v["data"]["event_id"].as_u64().unwrap();
    tokio::time::sleep(DELAY + Duration::from_millis(60)).await;
    let (_, e) = get(&sim, &format!("/v1/event/{ev}"), &t).await;
    assert_eq!(e["data"]["status"], -1);
    assert!(e["data"]["message"].as_str().unwrap().contains("fail"));
    let sid = e["data"]["subscription_id"].as_u64().unwrap();
    let (_, d) = get(&sim, &format!("/v1/server/{sid}"), &t).await;
    assert_eq!(d["data"][0]["state"], "Error");
    // destroy still works, answers true and the server goes after the delay
    let (s, v) = send(
        &sim,
        Call {
            method: "DELETE",
            path: &format!("/v1/server/{sid}/destroy"),
            token: Some(&t),
            form: &[("id", &sid.to_string())],
        },
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["data"], true);
    tokio::time::sleep(DELAY + Duration::from_millis(60)).await;
    assert_eq!(
        get(&sim, &format!("/v1/server/{sid}"), &t).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn create_validates_its_form() {
    let sim = sim();
    let (t, _) = login(&sim, 0).await;
    let (s, v) = post(&sim, "/v1/server/create", &t, &[("name", "x")]).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["error"]["errorMessage"]
        .as_str()
        .unwrap()
        .starts_with("Postdata: Invalid"));
    let (s, _) = post(
        &sim,
        "/v1/server/create",
        &t,
        &[
            ("name", "x"),
            ("region", "ist1"),
            ("package", "eos1"),
            ("image", "debian-12-x64"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "ist1 is unavailable");
    let (s, _) = post(
        &sim,
        "/v1/server/create",
        &t,
        &[
            ("name", "x"),
            ("region", "izml"),
            ("package", "eos5"),
            ("image", "debian-12-x64"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "eos5 is not offered in izml");
}

#[tokio::test]
async fn snapshots_keys_and_tags() {
    let sim = sim();
    let (t, _) = login(&sim, 0).await;
    let (_, list) = get(&sim, "/v1/server/list", &t).await;
    let id = first_server(&list, "Running").to_string();
    // snapshot lifecycle
    let (s, v) = post(
        &sim,
        "/v1/snapshot/create",
        &t,
        &[("id", &id), ("name", "before-upgrade")],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, snaps) = get(&sim, "/v1/snapshot/list", &t).await;
    let snap = snaps["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "before-upgrade")
        .unwrap()
        .clone();
    assert_eq!(snap["state"], "Pending");
    assert_eq!(snap["subscription_id"].to_string(), id);
    tokio::time::sleep(DELAY + Duration::from_millis(60)).await;
    let (_, per_server) = get(&sim, &format!("/v1/server/{id}/snapshots"), &t).await;
    let snap_now = per_server["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == snap["id"])
        .unwrap()
        .clone();
    assert_eq!(snap_now["state"], "Active");
    // create from it with too small a package: the documented message
    let snap_id = snap["id"].to_string();
    let (s, v) = post(
        &sim,
        &format!("/v1/server/{id}/create_from_snapshot"),
        &t,
        &[("name", "copy"), ("package", "eos1"), ("snapshot_id", &snap_id)],
    )
    .await;
    if snap["size"].as_u64().unwrap() > 20 {
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(v["message"].as_str().unwrap().contains("snapshot disk size"));
    }
    let (s, v) = post(
        &sim,
        &format!("/v1/server/{id}/create_from_snapshot"),
        &t,
        &[("name", "copy"), ("package", "eos5"), ("snapshot_id", &snap_id)],
    )
    .await;
    assert!(
        s == StatusCode::OK || v["message"].as_str().unwrap().contains("not offered"),
        "{v}"
    );
    let (s, v) = send(
        &sim,
        Call {
            method: "DELETE",
            path: "/v1/snapshot/destroy",
            token: Some(&t),
            form: &[("id", &snap_id)],
        },
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["data"], true);

    // keys: a map keyed by name, `[]` when empty
    let (_, keys) = get(&sim, "/v1/sshkey/list", &t).await;
    let map = keys["data"].as_object().expect("a map");
    let fps: Vec<String> = map
        .values()
        .map(|k| k["fingerprint"].as_str().unwrap().to_owned())
        .collect();
    for (name, k) in map {
        assert_eq!(&k["name"], name);
        assert_eq!(k["fingerprint"].as_str().unwrap().split(':').count(), 16);
    }
    for fp in &fps {
        let (s, _) = send(
            &sim,
            Call {
                method: "DELETE",
                path: "/v1/sshkey/destroy",
                token: Some(&t),
                form: &[("fingerprint", fp)],
            },
        )
        .await;
        assert_eq!(s, StatusCode::OK);
    }
    let (_, keys) = get(&sim, "/v1/sshkey/list", &t).await;
    assert_eq!(keys["data"], json!([]));
    let pk = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFHa+jmnrPMTwe0fmOMPX7KCyU1WaIu7X5//2bI+u6zg test";
    let (s, _) = post(
        &sim,
        "/v1/sshkey/create",
        &t,
        &[("name", "laptop"), ("public_key", pk)],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (_, keys) = get(&sim, "/v1/sshkey/list", &t).await;
    assert_eq!(
        keys["data"]["laptop"]["fingerprint"],
        "81:ac:c1:01:c0:fb:17:19:55:8f:60:67:4f:a4:a0:82"
    );
    let (s, _) = post(
        &sim,
        "/v1/sshkey/create",
        &t,
        &[("name", "bad"), ("public_key", "not a key")],
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // tags: many-to-many create, space-separated update, counts, destroy
    let (s, v) = post(
        &sim,
        "/v1/tags/create",
        &t,
        &[("sub_ids[]", &id), ("tags[]", "blue"), ("tags[]", "green")],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, tags) = get(&sim, "/v1/tags/list", &t).await;
    let blue = tags["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tag"] == "blue")
        .unwrap()
        .clone();
    assert_eq!(blue["count"], 1);
    let (s, _) = send(
        &sim,
        Call {
            method: "PUT",
            path: "/v1/tags/update",
            token: Some(&t),
            form: &[("sub_id", &id), ("tags", "green red")],
        },
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // The reference's server objects carry no tags (docs/wire-decisions.md, Cloude.ro reference): the
    // tags a server holds show only in the tag listing's counts.
    let (_, d) = get(&sim, &format!("/v1/server/{id}"), &t).await;
    assert!(d["data"][0].get("tags").is_none(), "{d}");
    let (_, listed) = get(&sim, "/v1/server/list", &t).await;
    assert!(
        listed["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s.get("tags").is_none()),
        "{listed}"
    );
    let count = |tags: &Value, name: &str| {
        tags["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["tag"] == name)
            .map(|t| t["count"].clone())
    };
    let (_, tags) = get(&sim, "/v1/tags/list", &t).await;
    assert_eq!(count(&tags, "red"), Some(json!(1)), "{tags}");
    assert_eq!(count(&tags, "blue"), Some(json!(0)), "{tags}");
    for item in tags["data"].as_array().unwrap() {
        let mut keys: Vec<&str> = item.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["count", "created_at", "tag"],
            "the reference's shape: {item}"
        );
    }
    let (s, _) = send(
        &sim,
        Call {
            method: "DELETE",
            path: "/v1/tags/destroy",
            token: Some(&t),
            form: &[("tag", "green")],
        },
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (_, tags) = get(&sim, "/v1/tags/list", &t).await;
    assert_eq!(count(&tags, "green"), None, "{tags}");
    assert_eq!(count(&tags, "red"), Some(json!(1)), "{tags}");
}

#[tokio::test]
async fn billing_and_usage() {
    let sim = sim();
    let (t, _) = login(&sim, 1).await;
    let (_, inv) = get(&sim, "/v1/invoice/list", &t).await;
    let inv = inv["data"].as_array().unwrap();
    assert_eq!(inv.len(), 6);
    assert!(inv
        .iter()
        .all(|i| i["amount"].is_string() && i["number"].as_str().unwrap().starts_with("CR-")));
    assert!(inv.iter().any(|i| i["status"] == "unpaid"));
    let (_, tx) = get(&sim, "/v1/transaction/list", &t).await;
    let tx = tx["data"].as_array().unwrap();
    assert!(tx
        .iter()
        .any(|x| x["type"] == "charge" && x["amount"].as_str().unwrap().starts_with('-')));
    assert!(tx.iter().any(|x| x["type"] == "topup"));
    let (_, list) = get(&sim, "/v1/server/list", &t).await;
    let id = first_server(&list, "Running");
    let (_, u) = get(&sim, &format!("/v1/usage/list?id={id}"), &t).await;
    let inc = u["data"]["incoming"].as_array().unwrap();
    assert_eq!(inc.len(), 24);
    assert!(inc[0][1].as_i64().unwrap() > 1_600_000_000);
    assert!(inc.iter().any(|p| p[0].as_f64().unwrap() > 0.0));
    assert_eq!(
        get(&sim, "/v1/usage/list?id=1", &t).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn state_survives_save_and_load() {
    let a = sim();
    let (t, _) = login(&a, 0).await;
    let (_, list) = get(&a, "/v1/server/list", &t).await;
    let id = first_server(&list, "Running");
    post(&a, &format!("/v1/server/{id}/stop"), &t, &[]).await;
    let saved = a.save();
    let b = new(&SimConfig {
        rng_seed: 99,
        ..SimConfig::default()
    });
    b.load(saved);
    assert_eq!(a.credentials()[0].secret, b.credentials()[0].secret);
    // the token of `a` is valid for `b` (same signing key), and the stop is still pending there
    let (_, d) = get(&b, &format!("/v1/server/{id}"), &t).await;
    assert_eq!(d["data"][0]["state"], "Stopping");
    b.load(json!({"garbage": true}));
    assert_eq!(
        a.credentials()[0].secret,
        b.credentials()[0].secret,
        "unreadable state is ignored"
    );
}

#[test]
fn seeds_scale_to_ten_thousand_servers() {
    let s = new(&SimConfig {
        accounts: 4,
        servers_per_account: 2500,
        action_delay: DELAY,
        rng_seed: 1,
    });
    let w = s.lock();
    let total: usize = w.accounts.iter().map(|a| a.servers.len()).sum();
    assert_eq!(total, 10_000);
    let names: BTreeSet<&str> = w.accounts[0].servers.values().map(|s| s.name.as_str()).collect();
    assert_eq!(names.len(), 2500, "names are unique within an account");
}

#[tokio::test]
async fn invoices_carry_a_signed_document_link_that_works_only_with_its_signature() {
    let sim = sim();
    let (t, _) = login(&sim, 1).await;
    let req = Request::builder()
        .uri("/v1/invoice/list")
        .header("authorization", format!("Bearer {t}"))
        .header("host", "127.0.0.1:4711")
        .body(Body::empty())
        .unwrap();
    let resp = sim.clone().router().oneshot(req).await.unwrap();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 24).await.unwrap();
    let inv: Value = serde_json::from_slice(&bytes).unwrap();
    let first = &inv["data"][0];
    let link = first["pdf_url"].as_str().unwrap();
    let id = first["id"].as_u64().unwrap();
    let prefix = format!("http://127.0.0.1:4711/v1/invoice/{id}/pdf?token=");
    assert!(link.starts_with(&prefix), "{link}");
    let path = link.trim_start_matches("http://127.0.0.1:4711");
    let fetch = |uri: String| {
        let sim = sim.clone();
        async move {
            let resp = sim
                .router()
                .oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap())
                .await
                .unwrap();
            let status = resp.status();
            let kind = resp
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_owned());
            let body = axum::body::to_bytes(resp.into_body(), 1 << 24).await.unwrap();
            (status, kind, body)
        }
    };
    // The signed link alone opens it: no bearer token needed.
    let (status, kind, body) = fetch(path.to_owned()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind.as_deref(), Some("application/pdf"));
    assert!(body.starts_with(b"%PDF-"));
    // Without the signature, or with another invoice's, it is refused.
    let bare = format!("/v1/invoice/{id}/pdf");
    assert_eq!(fetch(bare.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        fetch(format!("{bare}?token=forged")).await.0,
        StatusCode::FORBIDDEN
    );
    let other = inv["data"][1]["pdf_url"].as_str().unwrap();
    let other_token = other.split_once("token=").unwrap().1;
    assert_eq!(
        fetch(format!("{bare}?token={other_token}")).await.0,
        StatusCode::FORBIDDEN
    );
}
