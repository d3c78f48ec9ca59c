//! Regions, products, operating systems, applications and the profile.

mod common;

use common::*;
use fleetdeck_core::{ImageKind, PlanKind, PricePeriod};
use mockito::Matcher;
use serde_json::json;

fn region(id: &str, name: &str, active: bool) -> serde_json::Value {
    json!({"id": id, "name": name, "abbr": "X", "image": "https://example.com/flag.png",
           "isActive": active, "isOutOfStock": false, "overallActiveness": true, "ddosActiveness": false,
           "isPremium": false, "isHidden": false, "hasOffsetPrice": false, "maxDiscountPercent": 10,
           "position": {"x": 1}, "config": {"supportIpv6": true, "supportCustomPlan": true,
           "ramThresholdInGB": 64, "diskThresholdInGB": 1000}})
}

fn product(id: &str, region: &str) -> serde_json::Value {
    json!({"id": id, "regionId": region, "planId": "pl-1", "isActive": true, "discountPercent": 0,
           "remainingActualStock": 10,
           "plan": {"id": "pl-1", "name": "Standard 2GB", "type": "regular", "gpuName": null, "gpuQuantity": 0,
                    "isActive": true,
                    "specification": {"cpu": 1, "ram": 2, "ramInMB": 2048, "storage": 50, "bandwidthInTB": 1}},
           "priceItems": [{"id": "pi", "name": "base", "hourlyPrice": 0.0149, "monthlyPrice": 9.95,
                           "hourlyPriceWithoutDiscount": 0.0149, "monthlyPriceWithoutDiscount": 10.95,
                           "discountPercent": 9}]})
}

#[tokio::test]
async fn regions() {
    let mut h = Harness::new().await;
    let m = h
        .server
        .mock("GET", "/v1/regions")
        .match_header("api-token", TOKEN)
        .match_query(Matcher::UrlEncoded("per_page".into(), "1000".into()))
        .with_body(ok(json!([
            region("UK-London", "London", true),
            region("SG-Singapore", "Singapore", false)
        ])))
        .create_async()
        .await;
    let c = h.client().await;
    let regions = c.catalog().unwrap().list_regions().await.unwrap();
    m.assert_async().await;
    assert_eq!(regions.len(), 2);
    let r = &regions[0];
    assert_eq!(
        (r.id.as_str(), r.name.as_deref(), r.country.as_deref()),
        ("UK-London", Some("London"), Some("UK"))
    );
    assert_eq!(r.available, Some(true));
    assert_eq!(r.features["supportCustomPlan"], true);
    assert_eq!(r.raw["abbr"], "X");
    assert_eq!(regions[1].available, Some(false));
}

#[tokio::test]
async fn products_of_one_region_and_of_all() {
    let mut h = Harness::new().await;
    let uk = h
        .server
        .mock("GET", "/v1/products")
        .match_query(Matcher::UrlEncoded("regionId".into(), "UK-London".into()))
        .with_body(ok(json!([product("p-uk", "UK-London")])))
        .expect(2)
        .create_async()
        .await;
    let de = h
        .server
        .mock("GET", "/v1/products")
        .match_query(Matcher::UrlEncoded("regionId".into(), "DE-Frankfurt".into()))
        .with_body(ok(json!({"products": [product("p-de", "DE-Frankfurt")]})))
        .create_async()
        .await;
    h.get(
        "/v1/regions",
        json!([
            region("UK-London", "London", true),
            region("DE-Frankfurt", "Frankfurt", true),
            region("SG-Singapore", "Singapore", false)
        ]),
    )
    .await;
    let c = h.client().await;
    let plans = c.catalog().unwrap().list_plans(Some("UK-London")).await.unwrap();
    let p = &plans[0];
    assert_eq!(p.id, "p-uk");
    assert_eq!(p.name.as_deref(), Some("Standard 2GB"));
    assert_eq!(p.kind, PlanKind::Fixed);
    assert_eq!(
        (p.vcpus, p.memory_mb, p.disk_gb, p.bandwidth_gb),
        (Some(1), Some(2048), Some(50), Some(1000))
    );
    assert_eq!(p.regions, vec!["UK-London"]);
    let monthly = p
        .prices
        .iter()
        .find(|x| x.period == PricePeriod::Monthly)
        .unwrap();
    assert_eq!(monthly.amount.amount, "9.95");
    assert_eq!(monthly.amount.currency.as_deref(), Some("USD"));
    assert_eq!(monthly.before_discount.as_deref(), Some("10.95"));
    assert_eq!(p.prices.len(), 2);
    // Without a region: every available region in turn (Singapore is not asked).
    let all = c.catalog().unwrap().list_plans(None).await.unwrap();
    let ids: Vec<_> = all.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["p-uk", "p-de"]);
    uk.assert_async().await;
    de.assert_async().await;
}

#[tokio::test]
async fn operating_systems() {
    let mut h = Harness::new().await;
    let m = h
        .server
        .mock("GET", "/v1/os")
        .match_query(Matcher::UrlEncoded("per_page".into(), "1000".into()))
        .with_body(ok(json!({"os": [
            {"id": "a1", "name": "Ubuntu 22.04", "family": "ubuntu", "arch": "x64", "minRam": "512",
             "isDefault": true, "isActive": true},
            {"id": "b2", "name": "Windows Server 2022", "family": "windows", "arch": "x64", "minRam": "2GB"}
        ]})))
        .create_async()
        .await;
    let c = h.client().await;
    let os = c.catalog().unwrap().list_images(None).await.unwrap();
    m.assert_async().await;
    assert_eq!(os.len(), 2);
    assert_eq!(os[0].kind, ImageKind::Os);
    assert_eq!(
        (os[0].family.as_deref(), os[0].min_memory_mb),
        (Some("ubuntu"), Some(512))
    );
    assert_eq!(os[1].min_memory_mb, Some(2048));
}

#[tokio::test]
async fn applications() {
    let mut h = Harness::new().await;
    h.get(
        "/v1/applications",
        json!({"applications": [
            {"id": "app-wp", "name": "WordPress", "price": 0, "pricingType": "monthly", "isActive": true,
             "logoUrl": "https://example.com/wp.png", "tag": "cms", "isExperimental": false,
             "description": "Blog", "osFamily": "ubuntu", "osList": ["a1", "a2"]}
        ]}),
    )
    .await;
    let c = h.client().await;
    let apps = c.catalog().unwrap().list_applications().await.unwrap();
    let a = &apps[0];
    assert_eq!((a.id.as_str(), a.kind), ("app-wp", ImageKind::Application));
    assert_eq!(a.compatible_os, vec!["a1", "a2"]);
    assert_eq!(a.description.as_deref(), Some("Blog"));
    assert_eq!(a.price.as_ref().unwrap().amount.amount, "0");
}

#[tokio::test]
async fn profile_and_check() {
    let mut h = Harness::new().await;
    let m = h
        .get(
            "/v1/profile",
            json!({"id": "c-42", "email": "ops@example.com", "firstName": "Ada", "lastName": "Lovelace",
                   "balance": "353.00", "currency": "USD", "apiToken": "must-not-leak"}),
        )
        .await
        .expect(2);
    let c = h.client().await;
    let p = c.billing().unwrap().profile().await.unwrap();
    assert_eq!(p.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(p.email.as_deref(), Some("ops@example.com"));
    let b = p.balance.unwrap();
    assert_eq!(
        (b.amount.as_str(), b.currency.as_deref()),
        ("353.00", Some("USD"))
    );
    assert_eq!(p.extra["customerId"], "c-42");
    assert!(!p.raw.to_string().contains("must-not-leak"));
    assert_eq!(c.check().await.unwrap().email.as_deref(), Some("ops@example.com"));
    m.assert_async().await;
}

#[tokio::test]
async fn check_falls_back_when_the_profile_is_missing() {
    let mut h = Harness::new().await;
    h.answer("GET", "/v1/profile", 404, failed(404, "Not Found"))
        .await;
    let keys = h.get("/v1/ssh-keys", json!([])).await;
    let c = h.client().await;
    let p = c.check().await.unwrap();
    keys.assert_async().await;
    assert_eq!(p.account, ACCOUNT);
    // A refused token is an auth error, not a fallback.
    let mut h2 = Harness::new().await;
    h2.answer("GET", "/v1/profile", 401, failed(401, "Invalid token"))
        .await;
    let c2 = h2.client().await;
    assert_eq!(
        c2.check().await.unwrap_err().code(),
        fleetdeck_core::ErrorCode::Auth
    );
}
