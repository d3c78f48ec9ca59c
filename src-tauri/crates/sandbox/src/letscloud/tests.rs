//! The LetsCloud simulator over real HTTP: envelopes, quirks, lazy completion, isolation, budget.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use super::{new, Sim};
use crate::sim::{ProviderSim, SimConfig};

const DELAY: Duration = Duration::from_millis(120);

struct Harness {
    base: String,
    http: reqwest::Client,
    sim: Arc<Sim>,
    /// Account 0 (USD, with keys and snapshots) and account 1 (BRL, no keys).
    tokens: Vec<String>,
}

async fn start() -> Harness {
    let cfg = SimConfig {
        accounts: 2,
        servers_per_account: 5,
        action_delay: DELAY,
        rng_seed: 5,
    };
    let sim = new(&cfg);
    let tokens = sim.credentials().into_iter().map(|c| c.secret).collect();
    let base = crate::common::serve_on_loopback(sim.clone().router()).await;
    Harness {
        base,
        http: reqwest::Client::new(),
        sim,
        tokens,
    }
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Harness {
    async fn send_as(&self, token: Option<&str>, method: &str, path: &str, body: Option<Value>) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self
            .http
            .request(method, format!("{}{}", self.base, path))
            .header("Accept", "application/vnd.letscloud.v1+json");
        if let Some(t) = token {
            req = req.header("api-token", t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        Answer {
            status,
            headers,
            body,
        }
    }
    async fn send(&self, method: &str, path: &str, body: Option<Value>) -> Answer {
        self.send_as(Some(&self.tokens[0]), method, path, body).await
    }
    async fn data(&self, path: &str) -> Value {
        let a = self.send("GET", path, None).await;
        assert_eq!(a.status, 200, "{path}: {}", a.body);
        assert_eq!(a.body["success"], true, "{path}: {}", a.body);
        a.body["data"].clone()
    }
    async fn ok_message(&self, method: &str, path: &str, body: Option<Value>) -> String {
        let a = self.send(method, path, body).await;
        assert_eq!(
            (a.status, &a.body["success"]),
            (200, &json!(true)),
            "{method} {path}: {}",
            a.body
        );
        a.body["message"].as_str().unwrap().to_string()
    }
    async fn wait(&self) {
        tokio::time::sleep(DELAY + Duration::from_millis(60)).await;
    }
    async fn instance(&self, id: &str) -> Value {
        self.data(&format!("/instances/{id}")).await
    }
    /// A running (booted, unsuspended) seeded instance of account 0.
    async fn running(&self) -> Value {
        let list = self.data("/instances").await;
        list.as_array()
            .unwrap()
            .iter()
            .find(|i| i["booted"] == true && i["suspended"] == false)
            .unwrap()
            .clone()
    }
}

fn create_body(label: &str, hostname: &str) -> Value {
    json!({"location_slug": "MIA1", "plan_slug": "1vcpu-2gb-20ssd", "hostname": hostname, "label": label,
           "image_slug": "ubuntu-24.04-x86_64"})
}

#[tokio::test]
async fn auth_envelope_and_rate_headers() {
    let h = start().await;
    let a = h.send_as(None, "GET", "/profile", None).await;
    assert_eq!((a.status, &a.body["success"]), (401, &json!(false)));
    assert!(a.body["message"].is_string());
    let a = h.send_as(Some("lc_nope"), "GET", "/instances", None).await;
    assert_eq!(a.status, 401);

    let a = h.send("GET", "/profile", None).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["data"]["currency"], "$");
    assert!(a.body["data"]["balance"].is_string());
    assert_eq!(a.headers["x-ratelimit-limit"], "5000");
    let first: u32 = a.headers["x-ratelimit-remaining"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let b = h.send("GET", "/api/profile", None).await;
    let second: u32 = b.headers["x-ratelimit-remaining"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        second,
        first - 1,
        "every call spends budget; also served under /api"
    );
    assert!(b.headers.contains_key("x-ratelimit-reset"));

    let brl = h.send_as(Some(&h.tokens[1]), "GET", "/profile", None).await;
    assert_eq!(brl.body["data"]["currency"], "R$");

    let a = h.send("PATCH", "/instances", None).await;
    assert_eq!((a.status, &a.body["success"]), (405, &json!(false)));

    let a = h.send("GET", "/instances/unknown", None).await;
    assert_eq!((a.status, &a.body["success"]), (404, &json!(false)));
}

#[tokio::test]
async fn budget_runs_out_with_429_and_retry_after() {
    let h = start().await;
    h.sim.set_hourly_limit(3);
    for _ in 0..3 {
        assert_eq!(h.send("GET", "/locations", None).await.status, 200);
    }
    let a = h.send("GET", "/locations", None).await;
    assert_eq!(a.status, 429);
    assert_eq!(a.body["success"], false);
    assert_eq!(a.headers["x-ratelimit-remaining"], "0");
    let retry: u64 = a.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 3000 && retry <= 3600);
    // Budgets are per token.
    assert_eq!(
        h.send_as(Some(&h.tokens[1]), "GET", "/locations", None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn catalog_shapes() {
    let h = start().await;
    let locations = h.data("/locations").await;
    assert!(locations
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["available"] == false));
    let plans = h.data("/locations/MIA1/plans").await;
    let wrapper = &plans[0];
    assert_eq!(wrapper["slug"], "MIA1");
    let plan = &wrapper["plans"][0];
    assert_eq!(plan["memory"], 1024, "memory in MB");
    assert!(plan["monthly_value"].is_string());
    assert_eq!(
        (plan["currencycode"].as_str(), plan["shortcode"].as_str()),
        (Some("USD"), Some("$"))
    );
    let brl = h
        .send_as(Some(&h.tokens[1]), "GET", "/locations/SAO1/plans", None)
        .await;
    assert_eq!(brl.body["data"][0]["plans"][0]["shortcode"], "R$");
    let images = h.data("/locations/NYC1/images").await;
    assert!(images.as_array().unwrap().iter().all(|i| i["os"] != "windows"));
    assert!(images[0]["distro"].is_string());
    assert_eq!(h.send("GET", "/locations/XXX9/plans", None).await.status, 404);
}

#[tokio::test]
async fn create_answers_no_identifier_then_builds() {
    let h = start().await;
    let before = h.data("/instances").await.as_array().unwrap().len();
    let a = h
        .send(
            "POST",
            "/instances",
            Some(create_body("api-blue", "api-blue.acme.example")),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(
        a.body,
        json!({"success": true, "message": "Instance successfully created"})
    );

    let list = h.data("/instances").await;
    assert_eq!(list.as_array().unwrap().len(), before + 1);
    let new = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "api-blue" && i["hostname"] == "api-blue.acme.example")
        .unwrap()
        .clone();
    assert_eq!(
        (
            new["built"].as_bool(),
            new["locked"].as_bool(),
            new["booted"].as_bool()
        ),
        (Some(false), Some(true), Some(false))
    );
    assert!(new["ip_addresses"].as_array().unwrap().is_empty());
    assert_eq!(new["initial_root_password"].as_str().unwrap().len(), 16);
    h.wait().await;
    let built = h.instance(new["identifier"].as_str().unwrap()).await;
    assert_eq!(
        (
            built["built"].as_bool(),
            built["locked"].as_bool(),
            built["booted"].as_bool()
        ),
        (Some(true), Some(false), Some(true))
    );
    let ips: Vec<&str> = built["ip_addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["address"].as_str().unwrap())
        .collect();
    assert!(
        ips.iter().any(|a| a.contains('.')) && ips.iter().any(|a| a.contains(':')),
        "v4 and v6 mixed: {ips:?}"
    );
    assert_eq!(built["memory"], 2048);
    assert_eq!(built["template_label"], "Ubuntu 24.04 x64");
}

#[tokio::test]
async fn failed_build_rolls_back() {
    let h = start().await;
    h.ok_message(
        "POST",
        "/instances",
        Some(create_body("fail-canary", "canary.acme.example")),
    )
    .await;
    let list = h.data("/instances").await;
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["label"] == "fail-canary"));
    h.wait().await;
    let list = h.data("/instances").await;
    assert!(!list
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["label"] == "fail-canary"));
}

#[tokio::test]
async fn create_validation() {
    let h = start().await;
    let a = h.send("POST", "/instances", Some(json!({"label": "x"}))).await;
    assert_eq!((a.status, &a.body["success"]), (400, &json!(false)));
    let errors = a.body["errors"].as_object().unwrap();
    for field in ["location_slug", "plan_slug", "hostname", "image_slug"] {
        assert!(errors.contains_key(field), "{field}: {}", a.body);
    }
    assert!(a.body["message"].as_str().unwrap().contains("more errors"));
    let mut body = create_body("x", "bad_host!");
    body["plan_slug"] = json!("99vcpu");
    body["password"] = json!("short");
    let a = h.send("POST", "/instances", Some(body)).await;
    let errors = a.body["errors"].as_object().unwrap();
    assert!(
        errors.contains_key("plan_slug")
            && errors.contains_key("hostname")
            && errors.contains_key("password")
    );
    let mut body = create_body("x", "x.example");
    body["location_slug"] = json!("FRA1");
    body["image_slug"] = json!("debian-12-x86_64");
    let a = h.send("POST", "/instances", Some(body)).await;
    assert_eq!(a.status, 400);
    assert!(a.body["message"].as_str().unwrap().contains("not available"));
}

#[tokio::test]
async fn power_actions_lock_then_settle() {
    let h = start().await;
    let inst = h.running().await;
    let id = inst["identifier"].as_str().unwrap();

    assert_eq!(
        h.ok_message("PUT", &format!("/instances/{id}/power-off"), None)
            .await,
        "The instance is turning OFF."
    );
    assert_eq!(h.instance(id).await["locked"], true);
    let busy = h.send("PUT", &format!("/instances/{id}/reboot"), None).await;
    assert_eq!((busy.status, &busy.body["success"]), (400, &json!(false)));
    h.wait().await;
    let off = h.instance(id).await;
    assert_eq!(
        (off["booted"].as_bool(), off["locked"].as_bool()),
        (Some(false), Some(false))
    );

    h.ok_message("PUT", &format!("/instances/{id}/power-on"), None)
        .await;
    h.wait().await;
    assert_eq!(h.instance(id).await["booted"], true);
    h.ok_message("POST", &format!("/instances/{id}/shutdown"), None)
        .await;
    h.wait().await;
    assert_eq!(h.instance(id).await["booted"], false);
    h.ok_message("PUT", &format!("/instances/{id}/reboot"), None)
        .await;
    h.wait().await;
    assert_eq!(h.instance(id).await["booted"], true);

    let suspended = h
        .data("/instances")
        .await
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["suspended"] == true)
        .unwrap()
        .clone();
    let a = h
        .send(
            "PUT",
            &format!(
                "/instances/{}/power-on",
                suspended["identifier"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(a.status, 400);
    assert!(a.body["message"].as_str().unwrap().contains("suspended"));
}

#[tokio::test]
async fn reset_password_and_change_plan_with_method_spoofing() {
    let h = start().await;
    let inst = h.running().await;
    let id = inst["identifier"].as_str().unwrap();
    let a = h
        .send(
            "PUT",
            &format!("/instances/{id}/reset-password"),
            Some(json!({"password": "abc"})),
        )
        .await;
    assert_eq!(a.status, 400);
    assert!(a.body["errors"]["password"].is_array());
    h.ok_message(
        "PUT",
        &format!("/instances/{id}/reset-password"),
        Some(json!({"password": "N3w-Secret-Pass"})),
    )
    .await;
    assert_eq!(h.instance(id).await["locked"], true);
    h.wait().await;

    // Form-encoded POST + _method=PUT, as the Postman docs send it.
    let resp = h
        .http
        .post(format!("{}/instances/{id}/change-plan", h.base))
        .header("api-token", &h.tokens[0])
        .form(&[("_method", "PUT"), ("plan_slug", "12vcpu-32gb-320ssd")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["success"], true, "{body}");
    h.wait().await;
    let resized = h.instance(id).await;
    assert_eq!(
        (resized["cpus"].as_i64(), resized["memory"].as_i64()),
        (Some(12), Some(32768))
    );
    let a = h
        .send(
            "PUT",
            &format!("/instances/{id}/change-plan"),
            Some(json!({"plan_slug": "1vcpu-1gb-10ssd"})),
        )
        .await;
    assert_eq!(a.status, 400, "disk cannot shrink: {}", a.body);
    let a = h
        .send(
            "POST",
            &format!("/instances/{id}/change-plan"),
            Some(json!({"plan_slug": "x"})),
        )
        .await;
    assert_eq!(a.status, 405);
}

#[tokio::test]
async fn delete_takes_effect_after_the_delay() {
    let h = start().await;
    let inst = h.running().await;
    let id = inst["identifier"].as_str().unwrap();
    assert_eq!(
        h.ok_message("DELETE", &format!("/instances/{id}"), None).await,
        "Instance successfully deleted"
    );
    assert_eq!(h.instance(id).await["locked"], true);
    h.wait().await;
    assert_eq!(h.send("GET", &format!("/instances/{id}"), None).await.status, 404);
}

#[tokio::test]
async fn ssh_keys_quirks() {
    let h = start().await;
    // Account 1 has no keys: HTTP 200 + success:false.
    let a = h.send_as(Some(&h.tokens[1]), "GET", "/sshkeys", None).await;
    assert_eq!((a.status, &a.body["success"]), (200, &json!(false)));

    let keys = h.data("/sshkeys").await;
    assert_eq!(keys.as_array().unwrap().len(), 2);
    // Generated: the private key comes back once.
    let a = h
        .send("POST", "/sshkeys", Some(json!({"title": "My Project 1"})))
        .await;
    assert_eq!(a.body["data"]["slug"], "my-project-1");
    assert!(a.body["data"]["private_key"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----"));
    let got = h.data("/sshkeys/my-project-1").await;
    assert!(got.get("private_key").is_none());
    // Same title replaces.
    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@laptop";
    let a = h
        .send(
            "POST",
            "/sshkeys",
            Some(json!({"title": "My Project 1", "key": key})),
        )
        .await;
    assert_eq!(a.body["data"]["public_key"], key);
    assert!(a.body["data"].get("private_key").is_none());
    assert_eq!(h.data("/sshkeys").await.as_array().unwrap().len(), 3);
    let a = h
        .send(
            "POST",
            "/sshkeys",
            Some(json!({"title": "junk", "key": "not a key"})),
        )
        .await;
    assert_eq!(a.status, 400);

    // DELETE with a JSON body, and the POST + _method=DELETE fallback.
    assert_eq!(
        h.ok_message("DELETE", "/sshkeys", Some(json!({"slug": "my-project-1"})))
            .await,
        "SSH Key was successfully deleted!"
    );
    h.ok_message(
        "POST",
        "/sshkeys",
        Some(json!({"_method": "DELETE", "slug": "deploy-bot"})),
    )
    .await;
    assert_eq!(h.send("GET", "/sshkeys/deploy-bot", None).await.status, 404);
    assert_eq!(
        h.send("DELETE", "/sshkeys", Some(json!({"slug": "deploy-bot"})))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn snapshots_lifecycle() {
    let h = start().await;
    let inst = h.running().await;
    let id = inst["identifier"].as_str().unwrap();
    let a = h
        .send(
            "POST",
            &format!("/instances/{id}/snapshots"),
            Some(json!({"label": "nightly"})),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let slug = a.body["data"]["slug"].as_str().unwrap().to_string();
    assert_eq!(a.body["data"]["build"], false);
    assert_eq!(a.body["data"]["reference"], id);
    assert_eq!(
        h.data(&format!("/snapshots/status/{slug}")).await,
        json!({"slug": slug, "build": false})
    );
    let a = h.send("DELETE", &format!("/snapshots/{slug}"), None).await;
    assert_eq!(a.status, 400, "cannot delete while building");
    h.wait().await;
    assert_eq!(h.data(&format!("/snapshots/{slug}")).await["build"], true);

    assert_eq!(
        h.ok_message(
            "PUT",
            &format!("/snapshots/{slug}"),
            Some(json!({"label": "nightly-2"}))
        )
        .await,
        "Snapshot successfully updated"
    );
    assert_eq!(h.data(&format!("/snapshots/{slug}")).await["label"], "nightly-2");
    h.ok_message(
        "POST",
        &format!("/snapshots/{slug}"),
        Some(json!({"_method": "PUT", "label": "nightly-3"})),
    )
    .await;
    assert_eq!(h.data(&format!("/snapshots/{slug}")).await["label"], "nightly-3");
    assert_eq!(
        h.ok_message("DELETE", &format!("/snapshots/{slug}"), None).await,
        "Snapshot successfully deleted!"
    );
    assert_eq!(
        h.send("GET", &format!("/snapshots/{slug}"), None).await.status,
        404
    );

    // A failing snapshot vanishes once its build ends.
    let a = h
        .send(
            "POST",
            &format!("/instances/{id}/snapshots"),
            Some(json!({"label": "fail-please"})),
        )
        .await;
    let slug = a.body["data"]["slug"].as_str().unwrap().to_string();
    h.wait().await;
    assert_eq!(
        h.send("GET", &format!("/snapshots/status/{slug}"), None)
            .await
            .status,
        404
    );
    let all = h.data("/snapshots").await;
    assert_eq!(
        all.as_array().unwrap().len(),
        2,
        "the two seeded snapshots remain"
    );
}

#[tokio::test]
async fn accounts_are_isolated() {
    let h = start().await;
    let inst = h.running().await;
    let id = inst["identifier"].as_str().unwrap();
    let other = &h.tokens[1];
    assert_eq!(
        h.send_as(Some(other), "GET", &format!("/instances/{id}"), None)
            .await
            .status,
        404
    );
    assert_eq!(
        h.send_as(Some(other), "PUT", &format!("/instances/{id}/power-off"), None)
            .await
            .status,
        404
    );
    let theirs = h.send_as(Some(other), "GET", "/instances", None).await.body["data"].clone();
    assert!(theirs.as_array().unwrap().iter().all(|i| i["identifier"] != id));
    let snaps = h.send_as(Some(other), "GET", "/snapshots", None).await.body["data"].clone();
    assert!(snaps.as_array().unwrap().is_empty());
}

#[tokio::test]
async fn state_survives_save_and_load() {
    let h = start().await;
    h.ok_message(
        "POST",
        "/instances",
        Some(create_body("persisted", "persisted.example")),
    )
    .await;
    let saved = h.sim.save();
    let other = new(&SimConfig {
        accounts: 1,
        servers_per_account: 1,
        action_delay: DELAY,
        rng_seed: 77,
    });
    other.load(saved);
    assert_eq!(other.credentials().len(), 2);
    let st = other.lock();
    assert!(st.accounts[0].instances.iter().any(|i| i.label == "persisted"));
}

#[test]
fn large_seeds_are_deterministic() {
    let cfg = SimConfig {
        accounts: 5,
        servers_per_account: 2_000,
        action_delay: DELAY,
        rng_seed: 9,
    };
    let a = new(&cfg);
    let b = new(&cfg);
    assert_eq!(a.credentials()[3].secret, b.credentials()[3].secret);
    let st = a.lock();
    assert_eq!(
        st.accounts.iter().map(|a| a.instances.len()).sum::<usize>(),
        10_000
    );
    let mut ids: Vec<&str> = st
        .accounts
        .iter()
        .flat_map(|a| a.instances.iter())
        .map(|i| i.identifier.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 10_000);
}

/// Every endpoint is mounted and authenticates; the ones addressing a resource answer 404 for an
/// unknown identifier or slug.
#[tokio::test]
async fn every_endpoint_authenticates_and_404s() {
    let h = start().await;
    let endpoints = [
        ("GET", "/profile", None),
        ("GET", "/locations", None),
        ("GET", "/locations/{s}/plans", None),
        ("GET", "/locations/{s}/images", None),
        ("GET", "/instances", None),
        ("POST", "/instances", None),
        ("GET", "/instances/{s}", None),
        ("DELETE", "/instances/{s}", None),
        ("PUT", "/instances/{s}/power-on", None),
        ("PUT", "/instances/{s}/power-off", None),
        ("PUT", "/instances/{s}/reboot", None),
        ("POST", "/instances/{s}/shutdown", None),
        (
            "PUT",
            "/instances/{s}/reset-password",
            Some(json!({"password": "Long-enough-1"})),
        ),
        (
            "PUT",
            "/instances/{s}/change-plan",
            Some(json!({"plan_slug": "2vcpu-4gb-40ssd"})),
        ),
        ("POST", "/instances/{s}/snapshots", Some(json!({"label": "x"}))),
        ("GET", "/sshkeys", None),
        ("POST", "/sshkeys", None),
        ("DELETE", "/sshkeys", Some(json!({"slug": "{s}"}))),
        ("GET", "/sshkeys/{s}", None),
        ("GET", "/snapshots", None),
        ("GET", "/snapshots/{s}", None),
        ("PUT", "/snapshots/{s}", Some(json!({"label": "x"}))),
        ("DELETE", "/snapshots/{s}", None),
        ("GET", "/snapshots/status/{s}", None),
    ];
    for (method, template, body) in endpoints {
        let path = template.replace("{s}", "nope404");
        let body =
            body.map(|b| serde_json::from_str::<Value>(&b.to_string().replace("{s}", "nope404")).unwrap());
        let a = h.send_as(None, method, &path, body.clone()).await;
        assert_eq!(
            (a.status, &a.body["success"]),
            (401, &json!(false)),
            "{method} {path}"
        );
        if template.contains("{s}") {
            let a = h.send(method, &path, body).await;
            assert_eq!(
                (a.status, &a.body["success"]),
                (404, &json!(false)),
                "{method} {path}: {}",
                a.body
            );
        }
    }
}
