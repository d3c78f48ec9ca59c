//! Parser robustness (the harness `fleetdeck_core::testing::assert_parser_total`): every parser of
//! this crate, fed whole answers as bytes — the SDKs' real samples, every truncation of them,
//! mutated samples and arbitrary JSON — must never panic.

use fleetdeck_core::http::Response;
use fleetdeck_core::testing::assert_parser_total;
use serde_json::Value;

use crate::wire::{self, Expect};
use crate::{jobs, parse};

const ACCOUNT: &str = "robust";

fn response(body: &[u8]) -> Response {
    fleetdeck_core::testing::response(200, "GET /x", body)
}

/// The envelope decoder, then `parse` on its `data`.
fn through<R>(body: &[u8], parse: impl Fn(&Value) -> R) -> Option<R> {
    wire::decode(ACCOUNT, &response(body), Expect::Ack)
        .ok()
        .map(|a| parse(&a.data))
}

const PROFILE: &str = r#"{"success":true,"data":{"name":"Sherman Vasquez","company_name":null,"email":"sherman@letscloud.io","currency":"$","balance":"0.01"}}"#;
const LOCATIONS: &str = r#"{"success":true,"data":[{"slug":"MIA1","country":"United States","city":"Miami","available":false},{"slug":"MIA2","country":"United States","city":"Miami","available":true}]}"#;
const PLANS_CURRENT: &str = r#"{"success":true,"data":[{"country":"United States","city":"Miami","slug":"MIA1","plans":[{"currencycode":"USD","shortcode":"$","slug":"1vcpu-1gb-10ssd","core":1,"memory":1024,"disk":10,"bandwidth":1000,"monthly_value":"5.00"}]}]}"#;
const PLANS_OLDER: &str = r#"{"success":true,"data":{"country":"Brazil","city":"Sao Paulo","slug":"GRU1","plans":{"0":{"currencycode":"BRL","shortcode":"R$","slug":"1vcpu-1gb-10ssd","core":1,"memory":1024,"disk":10,"bandwidth":1000,"monthly_value":"25.00"}}}}"#;
const IMAGES: &str =
    r#"{"success":true,"data":[{"slug":"ubuntu-24.04-x86_64","distro":"Ubuntu 24.04 x64","os":"linux"}]}"#;
const INSTANCES: &str = r#"{"success":true,"data":[{"identifier":"Mq5VF63YAdCqXt4U","booted":false,"built":false,"locked":true,"memory":1024,"total_disk_size":10,"cpus":1,"domain":"localdomain","label":"web-mia-01","ip_addresses":[{"address":"191.252.1.10"},{"address":"2804:7f4:3c01::10"}],"template_label":"CentOS 7.4 x64","hostname":"web-mia-01","initial_root_password":"x","location":{"slug":"MIA1","country":"United States","city":"Miami"}}]}"#;
const INSTANCE: &str = r#"{"success":true,"data":{"identifier":"Mq5VF63YAdCqXt4U","booted":true,"built":true,"locked":false,"suspended":false,"memory":1024,"total_disk_size":10,"cpus":1,"label":"web","ip_addresses":[{"address":"191.252.1.10"}],"template_label":"CentOS 7.4 x64","hostname":"web"}}"#;
const SSH_KEYS: &str = r#"{"success":true,"data":[{"slug":"my-project-1","title":"My Project 1","public_key":"ssh-rsa AAAAB3 email@email.com"}]}"#;
const SSH_CREATED: &str = r#"{"success":true,"data":{"title":"My Project 2","slug":"my-project-2","public_key":"ssh-rsa AAAAB3 phpseclib-generated-key","private_key":"-----BEGIN RSA PRIVATE KEY-----\r\nMIIC\r\n-----END RSA PRIVATE KEY-----"}}"#;
const SNAPSHOTS: &str = r#"{"success":true,"data":[{"slug":"snap-abc","size":10,"label":"before-upgrade","os_reference":"ubuntu-24.04-x86_64","reference":"Mq5VF63YAdCqXt4U","build":false,"locations":["MIA1"]}]}"#;
const SNAPSHOT_STATUS: &str = r#"{"success":true,"data":{"slug":"snap-abc","build":true}}"#;
const ACK: &str = r#"{"success":true,"message":"The instance is turning ON"}"#;
const REFUSAL: &str = r#"{"success":false,"message":"Something went wrong"}"#;

#[test]
fn envelope_and_error_mapping_are_total() {
    assert_parser_total(&[INSTANCES, ACK, REFUSAL], |b| {
        for status in [200, 400, 401, 404, 429, 500, 503] {
            let mut r = response(b);
            r.status = status;
            for expect in [Expect::Data, Expect::List, Expect::Ack] {
                let _ = wire::decode(ACCOUNT, &r, expect).map_err(|e| e.to_string());
            }
            let _ = wire::is_refusal(&r);
        }
    });
}

#[test]
fn instances_are_total() {
    assert_parser_total(&[INSTANCES, INSTANCE], |b| {
        through(b, |d| {
            let list = parse::servers(ACCOUNT, d);
            let one = parse::single_item(d).and_then(|o| parse::server(ACCOUNT, o));
            let matched = list.iter().filter(|s| jobs::same_label(s, "web")).count();
            let pw = parse::single_item(d)
                .and_then(parse::initial_root_password)
                .is_some();
            (list.len(), one, matched, pw)
        })
    });
}

#[test]
fn catalog_is_total() {
    assert_parser_total(&[LOCATIONS, PLANS_CURRENT, PLANS_OLDER, IMAGES], |b| {
        through(b, |d| {
            (
                parse::regions(ACCOUNT, d).len(),
                parse::plans(ACCOUNT, "MIA1", d).len(),
                parse::images(ACCOUNT, Some("MIA1"), d).len(),
            )
        })
    });
}

#[test]
fn snapshots_are_total() {
    assert_parser_total(&[SNAPSHOTS, SNAPSHOT_STATUS], |b| {
        through(b, |d| {
            (
                parse::snapshots(ACCOUNT, d).len(),
                parse::single_item(d).map(|o| parse::snapshot_status(o.get("build"))),
            )
        })
    });
}

#[test]
fn ssh_keys_and_profile_are_total() {
    assert_parser_total(&[SSH_KEYS, SSH_CREATED, PROFILE], |b| {
        through(b, |d| {
            let one = parse::single_item(d);
            (
                parse::ssh_keys(ACCOUNT, d).len(),
                one.and_then(parse::private_key).is_some(),
                one.map(|o| parse::profile(ACCOUNT, o)),
            )
        })
    });
}
