//! Locations, plans per location (the current and the older answer shape) and images per location.

mod common;

use common::*;
use fleetdeck_core::{ErrorCode, ImageKind, PricePeriod};
use serde_json::json;

fn plan(slug: &str, price: &str, code: &str, symbol: &str) -> serde_json::Value {
    json!({"currencycode": code, "shortcode": symbol, "slug": slug, "core": 2, "memory": 2048,
           "disk": 40, "bandwidth": 2000, "monthly_value": price})
}

#[tokio::test]
async fn locations_list() {
    let mut h = Harness::new().await;
    h.get(
        "/locations",
        json!([
            {"slug": "MIA1", "country": "United States", "city": "Miami", "available": false},
            {"slug": "MIA2", "country": "United States", "city": "Miami", "available": true},
            {"slug": "GRU1", "country": "Brazil", "city": "Sao Paulo", "available": true}
        ]),
    )
    .await;
    let c = h.client().await;
    let r = c.catalog().unwrap().list_regions().await.unwrap();
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].id, "MIA1");
    assert_eq!(r[0].available, Some(false));
    assert_eq!(r[1].name.as_deref(), Some("Miami, United States"));
    assert_eq!(r[2].country.as_deref(), Some("Brazil"));
    assert_eq!(r[2].raw["city"], "Sao Paulo");
}

#[tokio::test]
async fn plans_in_the_current_shape() {
    let mut h = Harness::new().await;
    let m = h
        .get(
            "/locations/MIA2/plans",
            json!([{"country": "United States", "city": "Miami", "slug": "MIA2",
                    "plans": [plan("2vcpu-2gb-40ssd", "10.00", "USD", "$"), plan("1vcpu-1gb-10ssd", "5.00", "USD", "$")]}]),
        )
        .await;
    let c = h.client().await;
    let p = c.catalog().unwrap().list_plans(Some("MIA2")).await.unwrap();
    m.assert_async().await;
    assert_eq!(p.len(), 2);
    let first = &p[0];
    assert_eq!(first.id, "2vcpu-2gb-40ssd");
    assert_eq!(
        (first.vcpus, first.memory_mb, first.disk_gb, first.bandwidth_gb),
        (Some(2), Some(2048), Some(40), Some(2000))
    );
    assert_eq!(first.regions, vec!["MIA2"]);
    let price = &first.prices[0];
    assert_eq!(price.amount.amount, "10.00");
    assert_eq!(price.amount.currency.as_deref(), Some("USD"));
    assert_eq!(price.period, PricePeriod::Monthly);
}

#[tokio::test]
async fn plans_in_the_older_shape_with_a_map() {
    let mut h = Harness::new().await;
    h.get(
        "/locations/GRU1/plans",
        json!({"country": "Brazil", "city": "Sao Paulo", "slug": "GRU1",
               "plans": {"0": plan("1vcpu-1gb-10ssd", "25.00", "BRL", "R$"),
                         "1": plan("2vcpu-2gb-40ssd", "50.00", "BRL", "R$")}}),
    )
    .await;
    let c = h.client().await;
    let p = c.catalog().unwrap().list_plans(Some("GRU1")).await.unwrap();
    assert_eq!(p.len(), 2);
    assert!(p.iter().all(|x| x.regions == vec!["GRU1"]));
    assert!(p
        .iter()
        .all(|x| x.prices[0].amount.currency.as_deref() == Some("BRL")));
}

#[tokio::test]
async fn plans_without_a_location_cover_every_available_one() {
    let mut h = Harness::new().await;
    h.get(
        "/locations",
        json!([
            {"slug": "MIA1", "country": "United States", "city": "Miami", "available": false},
            {"slug": "MIA2", "country": "United States", "city": "Miami", "available": true},
            {"slug": "DAL1", "country": "United States", "city": "Dallas", "available": true}
        ]),
    )
    .await;
    let unavailable = h
        .server
        .mock("GET", "/locations/MIA1/plans")
        .expect(0)
        .create_async()
        .await;
    for loc in ["MIA2", "DAL1"] {
        h.get(
            &format!("/locations/{loc}/plans"),
            json!([{"slug": loc, "plans": [plan("1vcpu-1gb-10ssd", "5.00", "USD", "$")]}]),
        )
        .await;
    }
    let c = h.client().await;
    let p = c.catalog().unwrap().list_plans(None).await.unwrap();
    unavailable.assert_async().await;
    assert_eq!(p.len(), 1, "the same plan at the same price is one plan");
    assert_eq!(p[0].regions, vec!["MIA2", "DAL1"]);
}

#[tokio::test]
async fn a_plan_priced_differently_per_location_stays_separate() {
    let mut h = Harness::new().await;
    h.get(
        "/locations",
        json!([{"slug": "MIA2", "available": true}, {"slug": "GRU1", "available": true}]),
    )
    .await;
    h.get(
        "/locations/MIA2/plans",
        json!([{"slug": "MIA2", "plans": [plan("1vcpu-1gb-10ssd", "5.00", "USD", "$")]}]),
    )
    .await;
    h.get(
        "/locations/GRU1/plans",
        json!([{"slug": "GRU1", "plans": [plan("1vcpu-1gb-10ssd", "25.00", "BRL", "R$")]}]),
    )
    .await;
    let c = h.client().await;
    let p = c.catalog().unwrap().list_plans(None).await.unwrap();
    assert_eq!(p.len(), 2);
}

#[tokio::test]
async fn images_per_location() {
    let mut h = Harness::new().await;
    h.get(
        "/locations/MIA2/images",
        json!([
            {"slug": "ubuntu-24.04-x86_64", "distro": "Ubuntu 24.04 x64", "os": "linux"},
            {"slug": "freebsd-14-x86_64", "distro": "FreeBSD 14 x64", "os": "freebsd"}
        ]),
    )
    .await;
    let c = h.client().await;
    let i = c.catalog().unwrap().list_images(Some("MIA2")).await.unwrap();
    assert_eq!(i.len(), 2);
    assert_eq!(i[0].id, "ubuntu-24.04-x86_64");
    assert_eq!(i[0].name, "Ubuntu 24.04 x64");
    assert_eq!(i[0].kind, ImageKind::Os);
    assert_eq!(i[1].family.as_deref(), Some("freebsd"));
    assert_eq!(i[1].regions, vec!["MIA2"]);
}

#[tokio::test]
async fn a_location_slug_cannot_change_the_path() {
    let h = Harness::new().await;
    let c = h.client().await;
    let e = c
        .catalog()
        .unwrap()
        .list_images(Some("../profile"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
}

#[tokio::test]
async fn applications_are_not_offered() {
    let h = Harness::new().await;
    let c = h.client().await;
    let e = c.catalog().unwrap().list_applications().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
    assert!(!c.capabilities().create.applications);
}
