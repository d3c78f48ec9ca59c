//! The Cloudzy simulator over real HTTP: envelopes, errors, paging, lazy completion, isolation.

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
    /// Account 0 (well funded) and account 1 (tiny balance).
    tokens: Vec<String>,
}

async fn start() -> Harness {
    let cfg = SimConfig {
        accounts: 2,
        servers_per_account: 5,
        action_delay: DELAY,
        rng_seed: 11,
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

impl Harness {
    async fn send(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(t) = token {
            req = req.header("API-Token", t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        (status, value)
    }
    async fn get(&self, path: &str) -> (u16, Value) {
        self.send("GET", path, Some(&self.tokens[0]), None).await
    }
    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send("POST", path, Some(&self.tokens[0]), Some(body)).await
    }
    async fn data(&self, path: &str) -> Value {
        let (status, v) = self.get(path).await;
        assert_eq!(status, 200, "{path}: {v}");
        assert_eq!(v["code"], "OKAY", "{path}: {v}");
        v["data"].clone()
    }
    async fn wait(&self) {
        tokio::time::sleep(DELAY + Duration::from_millis(60)).await;
    }
    /// A region with products and the cheapest product there.
    async fn region_and_product(&self) -> (String, Value) {
        let regions = self.data("/v1/regions").await;
        let region = regions
            .as_array()
            .unwrap()
            .iter()
            .find(|r| {
                r["isActive"] == true
                    && r["isOutOfStock"] == false
                    && r["config"]["supportCustomPlan"] == true
            })
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let products = self.data(&format!("/v1/products?regionId={region}")).await;
        let product = products.as_array().unwrap()[0].clone();
        (region, product)
    }
    async fn ubuntu(&self) -> String {
        let os = self.data("/v1/os").await;
        os["os"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["isDefault"] == true)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
    async fn create(&self, token: &str, hostnames: &[&str]) -> (u16, Value) {
        let (region, product) = self.region_and_product().await;
        let os = self.ubuntu().await;
        self.send(
            "POST",
            "/v1/instances",
            Some(token),
            Some(json!({"hostnames": hostnames, "region": region, "productId": product["id"], "osId": os, "assignIpv4": true})),
        )
        .await
    }
    async fn first_instance(&self) -> Value {
        self.data("/v1/instances?limit=100").await["instances"][0].clone()
    }
}

#[tokio::test]
async fn auth_and_envelopes() {
    let h = start().await;
    let (status, v) = h.send("GET", "/v1/profile", None, None).await;
    assert_eq!(status, 401);
    assert_eq!(v["code"], "FAILED");
    assert_eq!(v["data"]["statusCode"], 401);
    let (status, v) = h.send("GET", "/v1/instances", Some("czy_wrong"), None).await;
    assert_eq!((status, v["code"].as_str()), (401, Some("FAILED")));

    let profile = h.data("/v1/profile").await;
    assert!(profile["balance"].is_string(), "{profile}");
    assert_eq!(profile["currency"], "USD");
    // Also served under the real API prefix.
    let (status, v) = h
        .send("GET", "/developers/v1/profile", Some(&h.tokens[0]), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(v["data"]["id"], profile["id"]);

    let (status, v) = h.send("PATCH", "/v1/instances", Some(&h.tokens[0]), None).await;
    assert_eq!((status, v["code"].as_str()), (405, Some("FAILED")));
    let (status, v) = h.get("/v1/nothing-here").await;
    assert_eq!((status, v["code"].as_str()), (404, Some("FAILED")));

    let (status, v) = h.get("/v1/instances/does-not-exist").await;
    assert_eq!(status, 404);
    assert_eq!(v["code"], "FAILED");
    assert_eq!(v["data"]["statusCode"], 404);
}

#[tokio::test]
async fn instances_page_by_bookmark_with_page_size_one() {
    let h = start().await;
    let all = h.data("/v1/instances?limit=100").await;
    assert!(all["bookmark"].is_null());
    let all_ids: Vec<Value> = all["instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].clone())
        .collect();
    assert_eq!(all_ids.len(), 5);

    let mut seen = Vec::new();
    let mut bookmark: Option<String> = None;
    for _ in 0..10 {
        let path = match &bookmark {
            Some(b) => format!("/v1/instances?limit=1&bookmark={b}"),
            None => "/v1/instances?limit=1".to_string(),
        };
        let page = h.data(&path).await;
        let items = page["instances"].as_array().unwrap();
        assert!(items.len() <= 1);
        seen.extend(items.iter().map(|i| i["id"].clone()));
        match page["bookmark"].as_str() {
            Some(b) => bookmark = Some(b.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, all_ids);

    let (status, v) = h.get("/v1/instances?limit=500").await;
    assert_eq!(status, 422);
    assert_eq!(v["detail"][0]["loc"], json!(["query", "limit"]));
    let (status, _) = h.get("/v1/instances?bookmark=%%%").await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn instance_filters() {
    let h = start().await;
    let all = h.data("/v1/instances?limit=100").await["instances"].clone();
    let first = &all[0];
    let by_status = h.data("/v1/instances?status=shutdown&limit=100").await["instances"].clone();
    assert!(by_status
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["status"] == "shutdown"));
    assert!(!by_status.as_array().unwrap().is_empty());
    let region = first["region"].as_str().unwrap();
    let by_region = h.data(&format!("/v1/instances?region={region}&limit=100")).await["instances"].clone();
    assert!(by_region
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["region"] == region));
    let ip = first["mainIp"].as_str().unwrap();
    let by_ip = h.data(&format!("/v1/instances?ipv4={ip}")).await["instances"].clone();
    assert_eq!(by_ip.as_array().unwrap().len(), 1);
    let future = h.data("/v1/instances?createdFrom=2999-01-01T00:00:00Z").await["instances"].clone();
    assert!(future.as_array().unwrap().is_empty());
    let (status, v) = h.get("/v1/instances?createdFrom=yesterday").await;
    assert_eq!(status, 422);
    assert_eq!(v["detail"][0]["loc"], json!(["query", "createdFrom"]));
}

#[tokio::test]
async fn create_completes_lazily_and_failure_is_reachable() {
    let h = start().await;
    let (status, v) = h.create(&h.tokens[0], &["web-new-01", "fail-node-01"]).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["code"], "CREATED");
    let created = v["data"]["instances"].as_array().unwrap().clone();
    assert_eq!(created.len(), 2);
    assert_eq!(created[0]["status"], "initializing");
    assert!(created[0]["mainIp"].is_null());
    assert!(created[0]["ram"].as_i64().unwrap() >= 1024, "ram is in MB");

    let id = created[0]["id"].as_str().unwrap();
    let now = h.data(&format!("/v1/instances/{id}")).await;
    assert_eq!(now["status"], "initializing");
    h.wait().await;
    let done = h.data(&format!("/v1/instances/{id}")).await;
    assert_eq!(done["status"], "active");
    assert!(done["mainIp"].is_string());
    let failed_id = created[1]["id"].as_str().unwrap();
    assert_eq!(
        h.data(&format!("/v1/instances/{failed_id}")).await["status"],
        "error"
    );
}

#[tokio::test]
async fn validation_names_every_bad_field() {
    let h = start().await;
    let (status, v) = h
        .post("/v1/instances", json!({"floatingIPCount": 9, "class": "huge"}))
        .await;
    assert_eq!(status, 422);
    assert!(v.get("code").is_none(), "422 carries no code: {v}");
    let locs: Vec<Value> = v["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["loc"].clone())
        .collect();
    for field in ["hostnames", "region", "floatingIPCount", "class", "osId"] {
        assert!(
            locs.contains(&json!(["body", field])),
            "{field} missing in {locs:?}"
        );
    }
    let (status, v) = h.send("POST", "/v1/instances", Some(&h.tokens[0]), None).await;
    assert_eq!(status, 422, "{v}");
    // A custom plan without sizes names the nested fields.
    let (region, _) = h.region_and_product().await;
    let os = h.ubuntu().await;
    let (status, v) = h
        .post(
            "/v1/instances",
            json!({"hostnames": ["x1"], "region": region, "osId": os, "extraResource": {"cpu": 2}}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(v["detail"][0]["loc"], json!(["body", "extraResource", "ramInGB"]));
    // An unknown product is a FAILED 400, not a 422.
    let (status, v) = h
        .post(
            "/v1/instances",
            json!({"hostnames": ["x1"], "region": region, "osId": os, "productId": "nope"}),
        )
        .await;
    assert_eq!((status, v["code"].as_str()), (400, Some("FAILED")));
}

#[tokio::test]
async fn low_balance_answers_460_with_figures() {
    let h = start().await;
    let (status, v) = h.create(&h.tokens[1], &["db-replica-02"]).await;
    assert_eq!(status, 460, "{v}");
    assert_eq!(v["code"], "BALANCE_IS_NOT_SUFFICIENT");
    assert_eq!(v["data"]["customerBalance"], "0.42");
    assert!(v["data"]["minimumRequiredBalance"].as_f64().unwrap() > 0.42);
    assert_eq!(v["data"]["numberOfDaysBalanceValidatedAgainst"], 5);
    assert_eq!(v["data"]["activeInstanceCount"], 5);
}

#[tokio::test]
async fn power_reset_change_os_resize_and_password() {
    let h = start().await;
    let inst = h.first_instance().await;
    let id = inst["id"].as_str().unwrap().to_string();
    assert_eq!(inst["status"], "active");

    let (status, v) = h.post(&format!("/v1/instances/{id}/poweroff"), json!({})).await;
    assert_eq!((status, v["code"].as_str()), (200, Some("OKAY")));
    assert_eq!(h.data(&format!("/v1/instances/{id}")).await["status"], "stopping");
    // Busy instances refuse a second action.
    let (status, v) = h.post(&format!("/v1/instances/{id}/poweron"), json!({})).await;
    assert_eq!((status, v["code"].as_str()), (400, Some("FAILED")));
    h.wait().await;
    assert_eq!(h.data(&format!("/v1/instances/{id}")).await["status"], "shutdown");

    h.post(&format!("/v1/instances/{id}/poweron"), json!({})).await;
    h.wait().await;
    assert_eq!(h.data(&format!("/v1/instances/{id}")).await["status"], "active");

    let (status, _) = h.post(&format!("/v1/instances/{id}/reset"), json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(
        h.data(&format!("/v1/instances/{id}")).await["status"],
        "rebooting"
    );
    h.wait().await;

    let os = h.data("/v1/os").await["os"][2]["id"].clone();
    let (status, _) = h
        .post(&format!("/v1/instances/{id}/change-os"), json!({"osId": os}))
        .await;
    assert_eq!(status, 200);
    let now = h.data(&format!("/v1/instances/{id}")).await;
    assert_eq!(
        (now["status"].as_str(), &now["osId"]),
        (Some("preparing_disk"), &os)
    );
    h.wait().await;
    let (status, v) = h.post(&format!("/v1/instances/{id}/change-os"), json!({})).await;
    assert_eq!((status, &v["detail"][0]["loc"]), (422, &json!(["body", "osId"])));

    // Custom resize, then a shrinking one is refused.
    let (status, v) = h
        .post(
            &format!("/v1/instances/{id}/resize"),
            json!({"type": "CUSTOM", "extraResource": {"cpu": 6, "ramInGB": 12, "diskInGB": 500, "bandwidthInTB": 4}}),
        )
        .await;
    if status == 400 {
        // The first instance's region may not sell custom plans: resize FIXED to its biggest product.
        let region = inst["region"].as_str().unwrap();
        let products = h.data(&format!("/v1/products?regionId={region}")).await;
        let biggest = products.as_array().unwrap().last().unwrap()["id"].clone();
        let (status, v) = h
            .post(
                &format!("/v1/instances/{id}/resize"),
                json!({"type": "FIXED", "productId": biggest}),
            )
            .await;
        assert_eq!(status, 200, "{v}");
    } else {
        assert_eq!(status, 200, "{v}");
        let now = h.data(&format!("/v1/instances/{id}")).await;
        assert_eq!(
            (now["vcpuCount"].as_i64(), now["ram"].as_i64()),
            (Some(6), Some(12 * 1024))
        );
    }
    assert_eq!(h.data(&format!("/v1/instances/{id}")).await["status"], "resizing");
    h.wait().await;
    assert_eq!(h.data(&format!("/v1/instances/{id}")).await["status"], "active");
    let (status, v) = h
        .post(
            &format!("/v1/instances/{id}/resize"),
            json!({"type": "CUSTOM", "extraResource": {"cpu": 1, "ramInGB": 1, "diskInGB": 10}}),
        )
        .await;
    assert_eq!(status, 400, "{v}");
    let (status, v) = h
        .post(&format!("/v1/instances/{id}/resize"), json!({"type": "FIXED"}))
        .await;
    assert_eq!(
        (status, &v["detail"][0]["loc"]),
        (422, &json!(["body", "productId"]))
    );

    let (status, v) = h
        .post(&format!("/v1/instances/{id}/change-pass"), json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(v["data"]["password"].as_str().unwrap().len(), 16);

    let (status, v) = h
        .post(&format!("/v1/instances/{id}/add-traffic"), json!({"amount": 2}))
        .await;
    assert_eq!(status, 200, "{v}");
    let before = v["data"]["extraResource"]["bandwidthInTB"].as_i64().unwrap();
    let (_, v) = h
        .post(&format!("/v1/instances/{id}/add-traffic"), json!({"amount": 1}))
        .await;
    assert_eq!(
        v["data"]["extraResource"]["bandwidthInTB"].as_i64().unwrap(),
        before + 1
    );
    let (status, _) = h
        .post(&format!("/v1/instances/{id}/add-traffic"), json!({"amount": -1}))
        .await;
    assert_eq!(status, 422);

    let (status, _) = h
        .send("DELETE", &format!("/v1/instances/{id}"), Some(&h.tokens[0]), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(h.get(&format!("/v1/instances/{id}")).await.0, 404);
    let with_deleted = h.data("/v1/instances?limit=100&includeDeleted=true").await["instances"].clone();
    assert!(with_deleted
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == id.as_str() && i["status"] == "deleted"));
}

#[tokio::test]
async fn accounts_are_isolated() {
    let h = start().await;
    let a = h.first_instance().await;
    let id = a["id"].as_str().unwrap();
    let (status, _) = h
        .send("GET", &format!("/v1/instances/{id}"), Some(&h.tokens[1]), None)
        .await;
    assert_eq!(status, 404);
    let (status, _) = h
        .send(
            "POST",
            &format!("/v1/instances/{id}/poweroff"),
            Some(&h.tokens[1]),
            None,
        )
        .await;
    assert_eq!(status, 404);
    let (_, b_list) = h
        .send("GET", "/v1/instances?limit=100", Some(&h.tokens[1]), None)
        .await;
    assert!(b_list["data"]["instances"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["id"] != id));
    let (_, b_keys) = h.send("GET", "/v1/ssh-keys", Some(&h.tokens[1]), None).await;
    let a_keys = h.data("/v1/ssh-keys").await;
    assert_ne!(b_keys["data"][0]["id"], a_keys[0]["id"]);
}

#[tokio::test]
async fn snapshots_create_restore_delete_and_page() {
    let h = start().await;
    let inst = h.first_instance().await;
    let id = inst["id"].as_str().unwrap();
    let before = h.data(&format!("/v1/snapshots?instance_id={id}")).await;
    let count = before["total"].as_u64().unwrap();

    let (status, v) = h.post("/v1/snapshots", json!({"instanceId": id})).await;
    assert_eq!((status, v["code"].as_str()), (200, Some("OKAY")));
    assert!(v["data"].is_null());
    let after = h
        .data(&format!("/v1/snapshots?instanceId={id}&per_page=50&limit=50"))
        .await;
    assert_eq!(after["total"].as_u64().unwrap(), count + 1);
    let new = after["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["status"] == "IN_PROGRESS")
        .unwrap()
        .clone();
    assert!(new["createdAt"].is_i64());
    let snap_id = new["id"].as_str().unwrap();
    h.wait().await;
    assert_eq!(
        h.data(&format!("/v1/snapshots/{snap_id}")).await["status"],
        "ACTIVE"
    );

    // Page size 1 walks the list one by one with a stable total.
    let page1 = h
        .data(&format!(
            "/v1/snapshots?instance_id={id}&page=1&per_page=1&limit=1"
        ))
        .await;
    let page2 = h
        .data(&format!(
            "/v1/snapshots?instance_id={id}&page=2&per_page=1&limit=1"
        ))
        .await;
    assert_eq!(page1["snapshots"].as_array().unwrap().len(), 1);
    assert_eq!(page1["total"], page2["total"]);
    assert_ne!(page1["snapshots"][0]["id"], page2["snapshots"][0]["id"]);

    let (status, _) = h
        .post(&format!("/v1/snapshots/{snap_id}/restore"), json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        h.data(&format!("/v1/snapshots/{snap_id}")).await["status"],
        "RESTORING"
    );
    assert_eq!(
        h.data(&format!("/v1/instances/{id}")).await["status"],
        "restoring"
    );
    h.wait().await;
    let restored = h.data(&format!("/v1/snapshots/{snap_id}")).await;
    assert_eq!(restored["status"], "ACTIVE");
    assert!(restored["lastRestoredAt"].is_i64());

    let automated = h
        .data(&format!(
            "/v1/snapshots?instance_id={id}&is_automated_backup=true"
        ))
        .await;
    assert!(automated["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["isAutomatedBackup"] == true));

    let (status, _) = h
        .send(
            "DELETE",
            &format!("/v1/snapshots/{snap_id}"),
            Some(&h.tokens[0]),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(h.get(&format!("/v1/snapshots/{snap_id}")).await.0, 404);
    let (status, _) = h.get("/v1/snapshots?status=DONE").await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn create_from_snapshot_and_custom_plan() {
    let h = start().await;
    let (region, _) = h.region_and_product().await;
    let os = h.ubuntu().await;
    let (status, v) = h
        .post(
            "/v1/instances",
            json!({"hostnames": ["custom-box"], "region": region, "osId": os,
                   "extraResource": {"cpu": 4, "ramInGB": 8, "diskInGB": 120, "bandwidthInTB": 3}, "floatingIPCount": 1}),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    let inst = &v["data"]["instances"][0];
    assert_eq!(
        (
            inst["vcpuCount"].as_i64(),
            inst["ram"].as_i64(),
            inst["disk"].as_i64()
        ),
        (Some(4), Some(8192), Some(120))
    );
    let id = inst["id"].as_str().unwrap();
    let fips = h
        .data(&format!("/v1/floating-ips?region_id={region}&per_page=100"))
        .await;
    assert!(fips["floatingIps"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["instanceId"] == id));
    h.wait().await;

    h.post("/v1/snapshots", json!({"instanceId": id})).await;
    h.wait().await;
    let snaps = h.data(&format!("/v1/snapshots?instance_id={id}")).await;
    let snap_id = snaps["snapshots"][0]["id"].clone();
    let (status, v) = h
        .post(
            "/v1/instances",
            json!({"hostnames": ["custom-box-clone"], "region": region, "fromSnapshot": snap_id,
                   "extraResource": {"cpu": 4, "ramInGB": 8, "diskInGB": 120}}),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["data"]["instances"][0]["fromImage"], snap_id);
    assert_eq!(v["data"]["instances"][0]["osId"].as_str(), Some(os.as_str()));
}

#[tokio::test]
async fn catalog_lists() {
    let h = start().await;
    let regions = h.data("/v1/regions").await;
    assert!(regions.as_array().unwrap().len() >= 5);
    let (status, v) = h.get("/v1/products").await;
    assert_eq!(
        (status, &v["detail"][0]["loc"]),
        (422, &json!(["query", "regionId"]))
    );
    let (status, _) = h.get("/v1/products?regionId=MARS-Olympus").await;
    assert_eq!(status, 404);
    let (region, product) = h.region_and_product().await;
    assert_eq!(product["regionId"], region.as_str());
    assert!(product["plan"]["specification"]["ramInMB"].is_i64());
    assert!(product["priceItems"][0]["monthlyPrice"].is_f64());
    let os = h.data("/v1/os?per_page=1000").await;
    assert_eq!(os["os"][0]["id"].as_str().unwrap().len(), 64);
    let apps = h.data("/v1/applications").await;
    assert!(!apps["applications"][0]["osList"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn ssh_keys_crud() {
    let h = start().await;
    let key = crate::names::ssh_public_key(&mut crate::names::rng(1, "test"), "me@laptop");
    let (status, v) = h
        .post("/v1/ssh-keys", json!({"name": "workstation", "publicKey": key}))
        .await;
    assert_eq!(status, 200, "{v}");
    let id = v["data"]["id"].as_i64().unwrap();
    assert!(v["data"]["customerId"].is_string());
    assert_eq!(h.data(&format!("/v1/ssh-keys/{id}")).await["name"], "workstation");
    let (status, _) = h
        .post("/v1/ssh-keys", json!({"name": "workstation", "publicKey": key}))
        .await;
    assert_eq!(status, 400);
    let (status, v) = h
        .post("/v1/ssh-keys", json!({"name": "bad", "publicKey": "hello"}))
        .await;
    assert_eq!(
        (status, &v["detail"][0]["loc"]),
        (422, &json!(["body", "publicKey"]))
    );
    assert_eq!(h.get("/v1/ssh-keys/abc").await.0, 422);
    let (status, _) = h
        .send("DELETE", &format!("/v1/ssh-keys/{id}"), Some(&h.tokens[0]), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(h.get(&format!("/v1/ssh-keys/{id}")).await.0, 404);
}

#[tokio::test]
async fn floating_ips_lifecycle() {
    let h = start().await;
    let (region, _) = h.region_and_product().await;
    let (status, v) = h
        .post("/v1/floating-ips", json!({"regionId": region, "count": 2}))
        .await;
    assert_eq!(status, 200, "{v}");
    let id = v["data"]["floatingIps"][0]["id"].as_str().unwrap().to_string();
    let (status, v) = h
        .send(
            "PATCH",
            &format!("/v1/floating-ips/{id}"),
            Some(&h.tokens[0]),
            Some(json!({"autoRenew": false, "customerNote": "mail"})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (
            v["data"]["autoRenew"].as_bool(),
            v["data"]["customerNote"].as_str()
        ),
        (Some(false), Some("mail"))
    );
    let page = h.data("/v1/floating-ips?page=1&per_page=1").await;
    assert_eq!(page["floatingIps"].as_array().unwrap().len(), 1);
    let total = page["total"].as_u64().unwrap();
    let (status, _) = h.post(&format!("/v1/floating-ips/{id}/release"), json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(
        h.data("/v1/floating-ips").await["total"].as_u64().unwrap(),
        total - 1
    );
    assert_eq!(
        h.data("/v1/floating-ips?include_deleted=true").await["total"]
            .as_u64()
            .unwrap(),
        total
    );
    let (status, _) = h.post(&format!("/v1/floating-ips/{id}/release"), json!({})).await;
    assert_eq!(status, 404);
    let (status, v) = h.post("/v1/floating-ips", json!({"count": 9})).await;
    assert_eq!(status, 422);
    assert_eq!(v["detail"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn iso_and_image_downloads() {
    let h = start().await;
    let (region, _) = h.region_and_product().await;
    let (status, v) = h
        .post(
            "/v1/iso",
            json!({"name": "Arch 2025.01", "url": "https://mirror.example/arch.iso", "regionId": region}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["data"]["status"], "DOWNLOADING");
    let iso = v["data"]["id"].as_str().unwrap().to_string();
    let (_, v) = h
        .post("/v1/images", json!({"name": "fail-image", "url": "https://mirror.example/x.qcow2", "regionId": region, "format": "qcow2"}))
        .await;
    let image = v["data"]["id"].as_str().unwrap().to_string();
    h.wait().await;
    assert_eq!(h.data(&format!("/v1/iso/{iso}")).await["status"], "READY");
    assert_eq!(h.data(&format!("/v1/images/{image}")).await["status"], "FAILED");
    let failed = h.data("/v1/images?status=FAILED").await;
    assert_eq!(failed["total"], 1);
    let (status, _) = h
        .send("DELETE", &format!("/v1/iso/{iso}"), Some(&h.tokens[0]), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(h.get(&format!("/v1/iso/{iso}")).await.0, 404);
    let isos = h.data("/v1/iso?limit=100&page=1").await;
    assert!(isos["isos"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["id"] != iso.as_str()));
    let (status, v) = h
        .post(
            "/v1/iso",
            json!({"name": "x", "url": "ftp://x", "regionId": region}),
        )
        .await;
    assert_eq!((status, &v["detail"][0]["loc"]), (422, &json!(["body", "url"])));
}

#[tokio::test]
async fn backup_profiles_lifecycle() {
    let h = start().await;
    let list = h.data("/v1/backups").await;
    assert_eq!(list["backups"].as_array().unwrap().len(), 1);
    let inst = h.data("/v1/instances?limit=100").await["instances"][1].clone();
    let id = inst["id"].as_str().unwrap();
    let (status, v) = h
        .post(
            "/v1/backups",
            json!({"instanceId": id, "scheduleFrequency": "weekly", "periodId": 7}),
        )
        .await;
    assert_eq!(
        (status, &v["detail"][0]["loc"]),
        (422, &json!(["body", "scheduleWeekDays"]))
    );
    let (status, v) = h
        .post("/v1/backups", json!({"instanceId": id, "scheduleFrequency": "weekly", "periodId": 14, "scheduleWeekDays": ["Sunday"]}))
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["data"]["status"], "pending");
    let (status, _) = h
        .post(
            "/v1/backups",
            json!({"instanceId": id, "scheduleFrequency": "daily", "periodId": 7}),
        )
        .await;
    assert_eq!(status, 400);
    h.wait().await;
    let profile = h.data(&format!("/v1/backups/{id}")).await;
    assert_eq!(profile["status"], "active");
    assert_eq!(profile["backupFiles"].as_array().unwrap().len(), 1);
    assert!(profile["lastSuccessfulBackupTime"].is_i64());
    let (status, v) = h
        .send(
            "PUT",
            "/v1/backups",
            Some(&h.tokens[0]),
            Some(json!({"instanceId": id, "scheduleFrequency": "daily", "periodId": 3})),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["data"]["scheduleFrequency"], "daily");
    assert_eq!(
        h.data("/v1/backups?status=active").await["backups"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let (status, _) = h
        .send("DELETE", &format!("/v1/backups/{id}"), Some(&h.tokens[0]), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(h.get(&format!("/v1/backups/{id}")).await.0, 404);
}

#[tokio::test]
async fn state_survives_save_and_load() {
    let h = start().await;
    h.create(&h.tokens[0], &["persisted-01"]).await;
    let saved = h.sim.save();
    let cfg = SimConfig {
        accounts: 2,
        servers_per_account: 1,
        action_delay: DELAY,
        rng_seed: 99,
    };
    let other = new(&cfg);
    other.load(saved);
    assert_eq!(other.credentials()[0].secret, h.tokens[0]);
    let st = other.lock();
    assert!(st.accounts[0]
        .instances
        .iter()
        .any(|i| i.hostname == "persisted-01"));
}

#[test]
fn seeds_scale_and_stay_deterministic() {
    let cfg = SimConfig {
        accounts: 4,
        servers_per_account: 2_500,
        action_delay: DELAY,
        rng_seed: 3,
    };
    let a = new(&cfg);
    let b = new(&cfg);
    assert_eq!(a.credentials()[0].secret, b.credentials()[0].secret);
    let st = a.lock();
    let total: usize = st.accounts.iter().map(|a| a.instances.len()).sum();
    assert_eq!(total, 10_000);
    let mut ips: Vec<&str> = st
        .accounts
        .iter()
        .flat_map(|a| a.instances.iter())
        .filter_map(|i| i.main_ip.as_deref())
        .collect();
    ips.sort_unstable();
    ips.dedup();
    assert_eq!(ips.len(), 10_000, "addresses are unique");
}

/// Every one of the 42 endpoints is mounted: without a token each answers the FAILED 401, and the
/// ones addressing a resource answer the FAILED 404 for an unknown id.
#[tokio::test]
async fn all_42_endpoints_authenticate_and_404() {
    let h = start().await;
    let endpoints: [(&str, &str); 42] = [
        ("GET", "/v1/instances"),
        ("POST", "/v1/instances"),
        ("GET", "/v1/instances/{id}"),
        ("DELETE", "/v1/instances/{id}"),
        ("POST", "/v1/instances/{id}/resize"),
        ("POST", "/v1/instances/{id}/change-os"),
        ("POST", "/v1/instances/{id}/poweroff"),
        ("POST", "/v1/instances/{id}/poweron"),
        ("POST", "/v1/instances/{id}/reset"),
        ("POST", "/v1/instances/{id}/add-traffic"),
        ("POST", "/v1/instances/{id}/change-pass"),
        ("GET", "/v1/regions"),
        ("GET", "/v1/products"),
        ("GET", "/v1/os"),
        ("GET", "/v1/applications"),
        ("GET", "/v1/ssh-keys"),
        ("POST", "/v1/ssh-keys"),
        ("GET", "/v1/ssh-keys/{n}"),
        ("DELETE", "/v1/ssh-keys/{n}"),
        ("GET", "/v1/floating-ips"),
        ("POST", "/v1/floating-ips"),
        ("PATCH", "/v1/floating-ips/{id}"),
        ("POST", "/v1/floating-ips/{id}/release"),
        ("GET", "/v1/iso"),
        ("POST", "/v1/iso"),
        ("GET", "/v1/iso/{id}"),
        ("DELETE", "/v1/iso/{id}"),
        ("GET", "/v1/images"),
        ("POST", "/v1/images"),
        ("GET", "/v1/images/{id}"),
        ("DELETE", "/v1/images/{id}"),
        ("GET", "/v1/snapshots"),
        ("POST", "/v1/snapshots"),
        ("GET", "/v1/snapshots/{id}"),
        ("DELETE", "/v1/snapshots/{id}"),
        ("POST", "/v1/snapshots/{id}/restore"),
        ("GET", "/v1/backups"),
        ("POST", "/v1/backups"),
        ("PUT", "/v1/backups"),
        ("GET", "/v1/backups/{id}"),
        ("DELETE", "/v1/backups/{id}"),
        ("GET", "/v1/profile"),
    ];
    // Bodies valid enough to get past validation to the lookup.
    let body_for = |path: &str| match path {
        p if p.ends_with("/resize") => json!({"type": "FIXED", "productId": "p"}),
        p if p.ends_with("/change-os") => json!({"osId": "o"}),
        p if p.ends_with("/add-traffic") => json!({"amount": 1}),
        p if p.starts_with("/v1/floating-ips/") => json!({"autoRenew": true}),
        _ => json!({}),
    };
    for (method, template) in endpoints {
        let path = template
            .replace("{id}", "00000000-0000-4000-8000-000000000000")
            .replace("{n}", "424242");
        let (status, v) = h.send(method, &path, None, Some(body_for(&path))).await;
        assert_eq!(
            (status, v["code"].as_str()),
            (401, Some("FAILED")),
            "{method} {path}"
        );
        if template.contains('{') {
            let (status, v) = h
                .send(method, &path, Some(&h.tokens[0]), Some(body_for(&path)))
                .await;
            assert_eq!(
                (status, v["code"].as_str()),
                (404, Some("FAILED")),
                "{method} {path}: {v}"
            );
        }
    }
}
