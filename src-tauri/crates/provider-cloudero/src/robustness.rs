//! Parser robustness (the harness `fleetdeck_core::testing::assert_parser_total`): every parser of
//! this crate, fed whole answers as bytes — the documentation's real samples, every truncation of
//! them, mutated samples and arbitrary JSON — must never panic.

use fleetdeck_core::http::Response;
use fleetdeck_core::testing::assert_parser_total;
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

const SERVERS: &str = r#"{"status":"success","data":[{"id":1,"name":"ubuntu-16-04-x642","cpu":1,"memory":1,"disk":"0","state":"Stopped","region":"ist2","image":"ubuntu-16-04-x64","package":"eos2","networks":{"v4":{"ip":"172.17.32.68","netmask":"255.255.255.192","gateway":"172.17.32.65"},"v6":""},"created_at":"2018-01-04T11:14:34Z","active_events":[]},{"id":4,"name":"ubuntu-16-04-x64","cpu":1,"memory":1,"disk":40,"state":"Running","region":"ist2","image":"ubuntu-16-04-x64","package":"eos2","networks":{"v4":{"ip":"172.17.32.71","netmask":"255.255.255.192","gateway":"172.17.32.65"}}}]}"#;
const DETAIL: &str = r#"{"status":"success","data":[{"id":1,"name":"ubuntu-16-04-x64","cpu":1,"memory":1,"disk":40,"state":"Stopped","region":"ist2","image":"ubuntu-16-04-x64","package":"eos2","networks":{"v4":{"ip":"172.17.32.68","netmask":"255.255.255.192","gateway":"172.17.32.65"},"v6":""},"created_at":"2018-01-04T11:14:34Z","active_events":[1578]}],"message":null}"#;
const ERROR: &str = r#"{"status":"error","data":null,"message":"The selected package disk size must be greater than or equal to the snapshot disk size. ( 40/20 GB ).","error":{"errorMessage":"The selected package disk size must be greater than or equal to the snapshot disk size. ( 40/20 GB ).","errorDev":""}}"#;
const ACTION_EVENT: &str = r#"{"status":"success","data":{"event_id":1578},"message":null}"#;
const ACTION_TRUE: &str = r#"{"status":"success","data":true,"message":null}"#;
const LOGIN: &str = r#"{"status":"success","data":{"token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpZCI6Ijc5IiwiZXhwIjoxNTE1MDY5NjI1fQ.sig","refreshtoken":"eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpZCI6Ijc5In0.sig","refresh":false},"message":null}"#;
const USER: &str = r#"{"status":"success","data":{"name":"Umut Karacaoğlan","email":"team@cloud.ro","balance":6.25,"register_date":"2017-11-13T14:46:40Z","last_login_date":"2018-01-08T14:39:39Z","is_verified":false}}"#;
const SSH_KEYS: &str = r#"{"status":"success","data":{"SSHTest":{"name":"SSHTest","public_key":"ssh-rsa AAAAB3NzaC1yc2EAAAABJQAAAQEAjNDpbHYrC/lmboOnkeOPDzrdoLM0A44M+VpzZuc4I9778zlapZxJ5irdXwwH8E+Bq1VdvWZDTgEKKT5RBgw200zmKlgsrSLQpOb10qWW26EUpQu3gJgt/oJzMADoJuj5+F6b3v4/rwXs8EwRO5O3hT5+XuOWTsvRVQomLcOe7R2t3HT01eggyvswwAR7IEsynazCQr0FVM3UQ5dlk44Z+zjg9BMqPFMxFWHxFskiRMtQLEKEvJDLG8qDLc+mMV7P8kRAGeNnc7U5Zf4hC+o5ZUdCDqJMKQodkWiR57IB0oxu9PJz40zjlkApzABRQyhUVZnCVX78HgV8BKwmDjuFfw== rsa-key-20180621","fingerprint":"d3:b7:6f:c7:c4:93:6e:35:5d:93:52:4a:3b:84:72:9d"}},"message":null}"#;
const TAGS: &str =
    r#"{"status":"success","data":[{"count":2,"tag":"web1","created_at":null}],"message":null}"#;
const IMAGES: &str = r#"{"status":"success","data":[{"name":"Ubuntu 16.04.3","slug":"ubuntu-16-04-x64","type":"template","distribution":"Ubuntu","regions":["ist2"],"min_disk_size":null},{"name":"Wordpress","slug":"wordpress","type":"application","distribution":"Ubuntu","regions":["ist2"],"min_cpu":null,"min_ram":null,"min_disk_size":null}],"message":null}"#;
const PACKAGES: &str = r#"{"status":"success","data":[{"slug":"eos1","cpu":1,"ram":1,"disk":20,"bandwidth":1,"hourly_price":"0.0074","monthly_price":"5.0000","regions":["ist1","izml","ist2"]}],"message":null}"#;
const REGIONS: &str = r#"{"status":"success","data":[{"slug":"ist1","name":"Ist-01","country":"TR","status":false},{"slug":"ist2","name":"Ist-02","country":"TR","status":true}],"message":null}"#;
const EVENTS: &str = r#"{"status":"success","data":[{"id":375,"event":"VM.START","status":0,"subscription_id":1511,"created_at":"2018-06-20T15:21:41Z","completed_at":"2018-06-20T15:21:46Z"},{"id":376,"event":"VM.STOP","status":0,"subscription_id":1511,"created_at":"2018-06-20T15:25:00Z","completed_at":""}],"message":null}"#;
const EVENT: &str = r#"{"status":"success","data":{"id":2536,"event":"VM.START","status":0,"subscription_id":1511,"created_at":"2018-06-20T15:21:41Z","completed_at":""},"message":null}"#;
const SNAPSHOTS: &str = r#"{"status":"success","data":[{"id":1000,"name":"before-upgrade","subscription_id":1595,"size":20,"state":"Active","created_at":"2018-06-20T15:21:41Z"},{"id":"1001","name":"n","server_id":"1595","size":"40","status":"pending"}],"message":null}"#;
const INVOICES: &str = r#"{"status":"success","data":[{"id":1,"number":"CR-2026-0001","amount":"10.0000","status":"paid","created_at":"2026-01-01T00:00:00Z","due_date":"2026-01-15","paid_at":null}],"message":null}"#;
const TRANSACTIONS: &str = r#"{"status":"success","data":[{"id":10,"amount":"-10.00","type":"charge","description":"eos2","created_at":"2026-01-02T00:00:00Z"}],"message":null}"#;
const USAGE: &str = r#"{"status":"success","data":{"incoming":[[125.0859375,1515678960]],"outgoing":[[6.796875,1515678960]]},"message":null}"#;

#[test]
fn envelope_and_error_mapping_are_total() {
    assert_parser_total(&[SERVERS, ERROR, ACTION_EVENT, ACTION_TRUE], |b| {
        for status in [200, 400, 401, 404, 429, 500] {
            let mut r = response(b);
            r.status = status;
            let _ = wire::decode(ACCOUNT, &r).map_err(|e| e.to_string());
        }
    });
}

#[test]
fn action_results_are_total() {
    assert_parser_total(&[ACTION_EVENT, ACTION_TRUE], |b| {
        through(b, |d| wire::action_result(ACCOUNT, "x", d.clone()).is_ok())
    });
}

#[test]
fn servers_are_total() {
    assert_parser_total(&[SERVERS, DETAIL], |b| {
        through(b, |d| {
            (
                parse::servers(ACCOUNT, d).len(),
                parse::single_item(d).and_then(|o| parse::server(ACCOUNT, o)),
            )
        })
    });
}

#[test]
fn catalog_is_total() {
    assert_parser_total(&[IMAGES, PACKAGES, REGIONS], |b| {
        through(b, |d| {
            parse::list_items(d)
                .iter()
                .map(|o| {
                    (
                        parse::image(ACCOUNT, o).is_some(),
                        parse::plan(ACCOUNT, o).is_some(),
                        parse::region(ACCOUNT, o).is_some(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
}

#[test]
fn snapshots_are_total() {
    assert_parser_total(&[SNAPSHOTS], |b| {
        through(b, |d| parse::snapshots(ACCOUNT, d, Some("1")).len())
    });
}

#[test]
fn ssh_keys_and_tags_are_total() {
    assert_parser_total(&[SSH_KEYS, TAGS], |b| {
        through(b, |d| {
            (parse::ssh_keys(ACCOUNT, d).len(), parse::tags(ACCOUNT, d).len())
        })
    });
}

#[test]
fn events_are_total() {
    assert_parser_total(&[EVENTS, EVENT], |b| {
        through(b, |d| {
            (
                parse::events(ACCOUNT, d).len(),
                parse::single_item(d).and_then(|o| parse::event(ACCOUNT, o)),
            )
        })
    });
}

#[test]
fn billing_and_usage_are_total() {
    assert_parser_total(&[USER, INVOICES, TRANSACTIONS, USAGE], |b| {
        through(b, |d| {
            let profile = parse::single_item(d).map(|o| parse::profile(ACCOUNT, o));
            let invoices: Vec<_> = parse::list_items(d)
                .into_iter()
                .map(|o| (parse::invoice(ACCOUNT, o), parse::transaction(ACCOUNT, o)))
                .collect();
            (profile, invoices.len(), parse::usage(ACCOUNT, "1", d).len())
        })
    });
}

#[test]
fn the_login_answer_is_total() {
    use fleetdeck_core::job::SystemClock;
    use fleetdeck_core::MemoryVault;
    use std::sync::Arc;
    let auth = crate::session::Authenticator::new(
        ACCOUNT.into(),
        Some("u".into()),
        None,
        Arc::new(MemoryVault::default()),
        Arc::new(SystemClock),
    );
    assert_parser_total(&[LOGIN, ERROR], |b| auth.session_from(&response(b)).is_ok());
}
