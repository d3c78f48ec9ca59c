//! Parser robustness (the harness `fleetdeck_core::testing::assert_parser_total`): every parser of
//! this crate, fed whole answers as bytes — real samples (the vz spec's, and answers recorded from
//! LXD 5.0.2), every truncation of them, mutated samples and arbitrary JSON — must never panic.

use fleetdeck_core::http::Response;
use fleetdeck_core::testing::assert_parser_total;

use crate::{parse, wire};

const ACCOUNT: &str = "robust";

fn response(status: u16, body: &[u8]) -> Response {
    fleetdeck_core::testing::response(status, "GET /1.0/x", body)
}

const VZ_CONTAINER: &str = r#"{"type":"sync","status":"success","status_code":200,"metadata":{"hostname":"my-container","config":{"limits.cpus":"3"},"status":{"status":"Running","status_code":103,"machine":[{"disk_space":"5GB","disk_usage":"3GB","memory":"4GB","free_memory":"2GB","cpu_load":"20%","ip_address":"10.0.0.5"}]}}}"#;
const VZ_REVISION: &str = r#"{"type":"sync","metadata":{"hostname":"h","config":{"cpulimit":"200","diskspace":"10485760","ip":"10.0.0.7"},"status":{"status":"running","status_code":"103","numproc":"12","load_average":"0.00/0.01/0.05"}}}"#;
const VZ_LIST: &str =
    r#"{"type":"sync","status":"success","status_code":200,"metadata":[101,102,"/1.0/vz/103"]}"#;
const ASYNC: &str = r#"{"type":"async","status":"ok","status_code":100,"operation":"/1.0/operations/9c","resources":{"containers":["/1.0/vz/104"]},"metadata":{}}"#;
const ERROR: &str = r#"{"type":"error","error":"failure","error_code":400,"metadata":{}}"#;
const LXD_ERROR: &str = r#"{"type":"error","status":"","status_code":0,"operation":"","error_code":404,"error":"Instance not found","metadata":null}"#;
const INSTANCES: &str = r#"{"type":"sync","status":"Success","status_code":200,"metadata":[{"architecture":"x86_64","config":{"image.os":"busybox","image.release":"v1.35.0","limits.cpu":"0-1","limits.memory":"512MiB"},"devices":{},"expanded_devices":{"root":{"path":"/","pool":"default","type":"disk","size":"10GiB"}},"name":"probe1","status":"Running","status_code":103,"created_at":"2026-11-30T03:29:59.772009539Z","location":"none","type":"container","project":"default","state":{"status":"Running","status_code":103,"disk":{"root":{"usage":123}},"memory":{"usage":630784,"usage_peak":1216512},"network":{"eth0":{"addresses":[{"family":"inet","address":"10.1.2.3","netmask":"24","scope":"global"}],"counters":{"bytes_received":10,"bytes_sent":5}},"lo":{"addresses":[],"type":"loopback"}},"pid":14514,"processes":2,"cpu":{"usage":13499955}},"snapshots":null}]}"#;
const OPERATION: &str = r#"{"type":"sync","status":"Success","status_code":200,"metadata":{"id":"c6","class":"task","description":"Starting instance","created_at":"2026-11-30T03:30:03.384723606Z","updated_at":"2026-11-30T03:30:03.384723606Z","status":"Failure","status_code":400,"resources":{"instances":["/1.0/instances/probe1"]},"metadata":{"progress":"rootfs: 45%"},"may_cancel":false,"err":"The instance is already running","location":"none"}}"#;
const OPERATIONS: &str = r#"{"type":"sync","metadata":{"success":[{"id":"60","description":"Snapshotting instance","status":"Success","status_code":200,"resources":{"instances":["/1.0/instances/probe1"]}}],"running":[]}}"#;
const SNAPSHOTS: &str = r#"{"type":"sync","metadata":[{"expires_at":"0001-01-01T00:00:00Z","architecture":"x86_64","created_at":"2026-11-30T03:30:08.638881376Z","name":"s1","stateful":false,"size":-1}]}"#;
const BACKUPS: &str = r#"{"type":"sync","metadata":[{"name":"b1","created_at":"2026-11-30T03:30:09Z","expires_at":"0001-01-01T00:00:00Z","instance_only":false,"optimized_storage":false}]}"#;
const IMAGES: &str = r#"{"type":"sync","metadata":[{"auto_update":false,"properties":{"description":"busybox","os":"busybox","release":"v1.35.0"},"aliases":[{"name":"busybox","description":""}],"architecture":"x86_64","fingerprint":"127f6c05ad25e18dd52de00923b853453e4711f84572550816b076c7d3873ddb","size":1036834,"type":"container","created_at":"2026-11-30T03:29:09Z"}]}"#;
const ROOT: &str = r#"{"type":"sync","metadata":{"api_status":"stable","api_version":"1.0","auth":"trusted","environment":{"server":"lxd","server_version":"5.0.2","server_name":"vm","certificate":"-----BEGIN CERTIFICATE-----","certificate_fingerprint":"dea7"}}}"#;

#[test]
fn envelopes_and_errors_are_total() {
    assert_parser_total(&[VZ_CONTAINER, ASYNC, ERROR, LXD_ERROR, OPERATION], |b| {
        for status in [200, 202, 400, 403, 404, 412, 500] {
            let _ = wire::decode(ACCOUNT, "LXD", &response(status, b)).map_err(|e| e.to_string());
        }
    });
}

#[test]
fn every_parser_is_total() {
    let samples = [
        VZ_CONTAINER,
        VZ_REVISION,
        VZ_LIST,
        INSTANCES,
        OPERATION,
        OPERATIONS,
        SNAPSHOTS,
        BACKUPS,
        IMAGES,
        ROOT,
    ];
    assert_parser_total(&samples, |b| {
        let Ok(answer) = wire::decode(ACCOUNT, "LXD", &response(200, b)) else {
            return 0;
        };
        let m = answer.metadata();
        let mut n = parse::vz_ids(m).len();
        n += parse::vz_container(ACCOUNT, "1", m).is_some() as usize;
        n += parse::instances(ACCOUNT, m).len();
        n += parse::instance(ACCOUNT, m, Some(m)).is_some() as usize;
        n += parse::names(m).len();
        n += parse::snapshots(ACCOUNT, "c", m).len();
        n += parse::backups(ACCOUNT, "c", m).len();
        n += parse::images(ACCOUNT, m).len();
        n += parse::events(ACCOUNT, m).len();
        n += wire::operation(m).map(|o| o.resources.len()).unwrap_or(0);
        n += parse::profile(ACCOUNT, "LXD", m).extra.len();
        n
    });
}
