//! Parser robustness (the harness `fleetdeck_core::testing::assert_parser_total`): every parser of
//! this crate, fed whole answers as bytes — the documentation's samples, every truncation of them,
//! mutated samples and arbitrary JSON — must never panic.

use fleetdeck_core::http::Response;
use fleetdeck_core::testing::assert_parser_total;
use fleetdeck_core::UploadKind;
use serde_json::Value;

use crate::{parse, wire};

const ACCOUNT: &str = "robust";

fn response(body: &[u8]) -> Response {
    fleetdeck_core::testing::response(200, "GET /v1/x", body)
}

/// The envelope decoder, then `parse` on its `data`.
fn through<R>(body: &[u8], parse: impl Fn(&Value) -> R) -> Option<R> {
    wire::decode(ACCOUNT, &response(body)).ok().map(|d| parse(&d))
}

const INSTANCES: &str = r#"{"detail":"ok","code":"OKAY","data":{"instances":[{"id":"9b2f0c1e-4a8d-4f3e-9c57-0d6f1b2a3c4d","hostname":"web-fra-01","vcpuCount":2,"ram":4096,"disk":80,"insertedAt":"2026-01-02T03:04:05","osId":"5f1c","os":{"id":"5f1c","name":"Ubuntu 22.04","family":"ubuntu","arch":"x64","minRam":"1","isDefault":true,"isActive":true},"region":"DE-Frankfurt","userId":"u-1","status":"active","mainIp":"203.0.113.7","mainIpv6":"2001:db8::7","productId":"p-1","networkStatus":"ok","discountPercent":0,"attachIso":false,"extraResource":{"cpu":null,"ramInGB":null,"diskInGB":20,"bandwidthInTB":2},"class":"default","ocaData":null,"isDdosProtected":false,"features":["monitoring"]}],"bookmark":"bm-2"}}"#;
const INSTANCE: &str = r#"{"detail":"ok","code":"OKAY","data":{"id":"i-1","hostname":"db-primary","vcpuCount":"4","ram":"8192","disk":160,"status":"shutdown","region":"UK-London","class":"cpu-optimized"}}"#;
const CREATED: &str = r#"{"detail":"created","code":"CREATED","data":{"instances":[{"id":"i-2","hostname":"a","vcpuCount":1,"ram":1024,"disk":25,"class":"default","status":"initializing"}]}}"#;
const FAILED: &str =
    r#"{"detail":"Error message","code":"FAILED","data":{"statusCode":404,"detail":"Resource not found"}}"#;
const VALIDATION: &str =
    r#"{"detail":[{"loc":["body","hostnames"],"msg":"field required","type":"value_error.missing"}]}"#;
const LOW_BALANCE: &str = r#"{"detail":"You don't have enough balance for the selected product.","code":"BALANCE_IS_NOT_SUFFICIENT","data":{"minimumRequiredBalance":203.09,"customerBalance":"353.00","numberOfDaysBalanceValidatedAgainst":5,"activeInstanceCount":8}}"#;
const REGIONS: &str = r#"{"detail":"ok","code":"OKAY","data":[{"id":"UK-London","name":"London","abbr":"LON","isActive":true,"isOutOfStock":false,"isPremium":false,"config":{"supportIpv6":true,"supportCustomPlan":true,"ramThresholdInGB":64}}]}"#;
const PRODUCTS: &str = r#"{"detail":"ok","code":"OKAY","data":[{"id":"p-1","regionId":"UK-London","planId":"pl-1","isActive":true,"plan":{"id":"pl-1","name":"Standard 2GB","type":"regular","gpuQuantity":0,"specification":{"cpu":1,"ram":2,"ramInMB":2048,"storage":50,"bandwidthInTB":1}},"priceItems":[{"id":"x","name":"base","hourlyPrice":0.0149,"monthlyPrice":9.95,"hourlyPriceWithoutDiscount":0.0149,"monthlyPriceWithoutDiscount":9.95,"discountPercent":0}]}]}"#;
const OS: &str = r#"{"detail":"ok","code":"OKAY","data":{"os":[{"id":"5f1c","name":"Ubuntu 22.04","family":"ubuntu","arch":"x64","minRam":"512","isDefault":true,"isActive":true}]}}"#;
const APPS: &str = r#"{"detail":"ok","code":"OKAY","data":{"applications":[{"id":"a-1","name":"WordPress","price":0,"pricingType":"free","isActive":true,"tag":"cms","osFamily":"ubuntu","osList":["5f1c"]}]}}"#;
const SSH_KEYS: &str = r#"{"detail":"ok","code":"OKAY","data":[{"id":101,"name":"laptop","publicKey":"ssh-ed25519 AAAA laptop","customerId":"c-1"}]}"#;
const FLOATING: &str = r#"{"detail":"ok","code":"OKAY","data":{"floatingIps":[{"id":"f-1","ipAddress":"198.51.100.4","regionId":"UK-London","instanceId":null,"autoRenew":true,"customerNote":"prod","expiresAt":1767225600}],"total":1}}"#;
const ISOS: &str = r#"{"detail":"ok","code":"OKAY","data":{"isos":[{"id":"iso-1","name":"Alpine","status":"DOWNLOADING","regionId":"UK-London","useVirtio":true,"url":"https://example.com/a.iso"}],"total":1}}"#;
const IMAGES: &str = r#"{"detail":"ok","code":"OKAY","data":{"images":[{"id":"img-1","name":"Debian","status":"READY","regionId":"UK-London","format":"qcow2","size":2}],"total":1}}"#;
const SNAPSHOTS: &str = r#"{"detail":"ok","code":"OKAY","data":{"snapshots":[{"id":"s-1","name":"snap-1","size":20,"status":"IN_PROGRESS","lastRestoredAt":null,"createdAt":1767225600,"isInstanceDeleted":false,"productId":"p-1","instanceId":"i-1","userId":"u-1","regionId":"UK-London","metadata":{}}],"total":1}}"#;
const BACKUPS: &str = r#"{"detail":"ok","code":"OKAY","data":{"backups":[{"instanceId":"i-1","status":"active","monthlyPrice":1.5,"feePercentage":20,"scheduleFrequency":"weekly","scheduleWeekDays":["Sunday"],"maxFiles":4,"periodId":7,"lastSuccessfulBackupTime":1767225600,"backupFiles":[{"id":"s-2","name":"auto","status":"ACTIVE","isInstanceDeleted":false,"instanceId":"i-1","userId":"u-1"}],"createdAt":1767225600}]}}"#;
const PROFILE: &str = r#"{"detail":"ok","code":"OKAY","data":{"id":"c-1","email":"ops@example.com","firstName":"Ada","lastName":"Lovelace","balance":"353.00","currency":"USD"}}"#;
const PASSWORD: &str = r#"{"detail":"ok","code":"OKAY","data":{"password":"Gen3rated!"}}"#;

#[test]
fn envelope_and_error_mapping_are_total() {
    assert_parser_total(&[INSTANCES, FAILED, VALIDATION, LOW_BALANCE], |b| {
        for status in [200, 201, 400, 401, 404, 422, 429, 460, 500, 503] {
            let mut r = response(b);
            r.status = status;
            let _ = wire::decode(ACCOUNT, &r).map_err(|e| e.to_string());
        }
    });
}

#[test]
fn instances_are_total() {
    assert_parser_total(&[INSTANCES, INSTANCE, CREATED], |b| {
        through(b, |d| {
            (
                parse::servers(ACCOUNT, d).len(),
                parse::bookmark(d),
                parse::single_item(d, &["instance"]).and_then(|o| parse::server(ACCOUNT, o)),
            )
        })
    });
}

#[test]
fn catalog_is_total() {
    assert_parser_total(&[REGIONS, PRODUCTS, OS, APPS], |b| {
        through(b, |d| {
            parse::list_items(d, &["regions", "products", "os", "applications", "data"])
                .iter()
                .map(|o| {
                    (
                        parse::region(ACCOUNT, o).is_some(),
                        parse::plan(ACCOUNT, o, Some("UK-London")).is_some(),
                        parse::os(ACCOUNT, o).is_some(),
                        parse::application(ACCOUNT, o).is_some(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
}

#[test]
fn keys_and_floating_ips_are_total() {
    assert_parser_total(&[SSH_KEYS, FLOATING], |b| {
        through(b, |d| {
            let items = parse::list_items(d, &["floatingIps", "sshKeys", "data"]);
            (
                items.iter().filter_map(|o| parse::ssh_key(ACCOUNT, o)).count(),
                items
                    .iter()
                    .filter_map(|o| parse::floating_ip(ACCOUNT, o))
                    .count(),
                parse::total(d),
            )
        })
    });
}

#[test]
fn uploads_are_total() {
    assert_parser_total(&[ISOS, IMAGES], |b| {
        through(b, |d| {
            parse::list_items(d, &["isos", "images", "data"])
                .iter()
                .map(|o| {
                    (
                        parse::upload(ACCOUNT, UploadKind::Iso, o).is_some(),
                        parse::upload(ACCOUNT, UploadKind::DiskImage, o).is_some(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
}

#[test]
fn snapshots_and_backups_are_total() {
    assert_parser_total(&[SNAPSHOTS, BACKUPS], |b| {
        through(b, |d| {
            let items = parse::list_items(d, &["snapshots", "backups", "data"]);
            (
                items.iter().filter_map(|o| parse::snapshot(ACCOUNT, o)).count(),
                items
                    .iter()
                    .filter_map(|o| parse::backup_policy(ACCOUNT, o))
                    .count(),
            )
        })
    });
}

#[test]
fn profile_and_password_are_total() {
    assert_parser_total(&[PROFILE, PASSWORD], |b| {
        through(b, |d| {
            parse::single_item(d, &["profile"]).map(|o| parse::profile(ACCOUNT, o).name)
        })
    });
}
