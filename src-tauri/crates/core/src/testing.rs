//! Test support shared by the provider crates (feature `test-support`).
//!
//! [`assert_parser_total`] is the parser robustness harness: a response parser must never panic,
//! whatever bytes arrive. It feeds the parser arbitrary JSON documents, every truncation of each
//! real sample, and samples with one value replaced by a value of another shape.
//!
//! The rest is the set-up every provider crate's tests repeat: the fixed start of a manual clock
//! ([`test_start`]), HTTP settings for mock servers ([`fast_http`]) and for the sandbox
//! ([`sandbox_http`]), a test account and its context ([`test_account`], [`test_context`]), and a
//! job followed to its end on the real clock within a bound ([`follow_within`]), and a response
//! as the transport would hand it to a decoder ([`response`]).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

/// Arbitrary JSON values up to a small depth, biased towards the shapes providers send.
pub fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[a-zA-Z0-9 _:.-]{0,12}".prop_map(Value::String),
        Just(Value::String(String::new())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    "[a-z_]{1,10}",
                    Just("data".to_string()),
                    Just("id".to_string()),
                    Just("status".to_string()),
                    Just("success".to_string()),
                    Just("code".to_string()),
                    Just("detail".to_string()),
                    Just("metadata".to_string()),
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Replace the value at a pseudo-random position of `doc` (chosen by `pick`) with `with`.
fn mutate(doc: &mut Value, pick: usize, with: Value) {
    fn count(v: &Value) -> usize {
        1 + match v {
            Value::Array(a) => a.iter().map(count).sum(),
            Value::Object(o) => o.values().map(count).sum(),
            _ => 0,
        }
    }
    fn walk(v: &mut Value, target: &mut usize, with: &mut Option<Value>) {
        if *target == 0 {
            if let Some(w) = with.take() {
                *v = w;
            }
            return;
        }
        *target -= 1;
        match v {
            Value::Array(a) => a.iter_mut().for_each(|x| walk(x, target, with)),
            Value::Object(o) => o.values_mut().for_each(|x| walk(x, target, with)),
            _ => {}
        }
    }
    let n = count(doc);
    let mut target = pick % n.max(1);
    walk(doc, &mut target, &mut Some(with));
}

/// Assert that `parse` never panics: on arbitrary JSON, on every truncation of each sample, and on
/// each sample with one value swapped for a value of another shape. `parse` receives raw bytes and
/// may return anything (errors are fine; panics are not).
pub fn assert_parser_total<R>(samples: &[&str], parse: impl Fn(&[u8]) -> R) {
    for sample in samples {
        let bytes = sample.as_bytes();
        for cut in 0..=bytes.len() {
            let _ = parse(&bytes[..cut]);
        }
    }
    let mut runner = TestRunner::new(Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&arb_json(), |v| {
            let text = v.to_string();
            let _ = parse(text.as_bytes());
            Ok(())
        })
        .unwrap_or_else(|e| panic!("parser panicked on arbitrary JSON: {e}"));
    let parsed: Vec<Value> = samples
        .iter()
        .filter_map(|s| serde_json::from_str(s).ok())
        .collect();
    if parsed.is_empty() {
        return;
    }
    let strategy = (0..parsed.len(), any::<usize>(), arb_json());
    runner
        .run(&strategy, |(i, pick, with)| {
            let mut doc = parsed[i].clone();
            mutate(&mut doc, pick, with);
            let _ = parse(doc.to_string().as_bytes());
            Ok(())
        })
        .unwrap_or_else(|e| panic!("parser panicked on a mutated sample: {e}"));
}

/// The instant the mock tests start their manual clock at (2026-03-01 12:00:00 UTC).
pub fn test_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// HTTP settings for a client on a local mock server: short time-outs and two retries a few
/// milliseconds apart, so retry tests stay fast.
pub fn fast_http() -> crate::http::HttpSettings {
    crate::http::HttpSettings {
        timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        max_retries: 2,
        retry_min_delay: Duration::from_millis(1),
        retry_max_delay: Duration::from_millis(5),
        ..Default::default()
    }
}

/// HTTP settings for a client on the loopback sandbox: short time-outs and three retries
/// 10–100 ms apart (enough to ride out a fault burst of the simulator).
pub fn sandbox_http() -> crate::http::HttpSettings {
    crate::http::HttpSettings {
        timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        max_retries: 3,
        retry_min_delay: Duration::from_millis(10),
        retry_max_delay: Duration::from_millis(100),
        ..Default::default()
    }
}

/// An account of `provider` named `name` on `endpoint`, with no colour and no LXD settings.
/// `sandbox` says whether it talks to the simulator (what "Try the sandbox" sets).
pub fn test_account(
    provider: crate::ProviderKind,
    id: &str,
    name: &str,
    endpoint: Option<String>,
    username: Option<String>,
    sandbox: bool,
    created_at: DateTime<Utc>,
) -> crate::Account {
    crate::Account {
        id: id.into(),
        name: name.into(),
        provider,
        endpoint,
        username,
        color: None,
        lxd: None,
        sandbox,
        created_at,
    }
}

/// The context of a client of `account`, with a fresh in-memory session vault.
pub fn test_context(
    account: crate::Account,
    credentials: crate::Credentials,
    http: crate::http::HttpSettings,
    clock: Arc<dyn crate::job::Clock>,
) -> crate::ProviderContext {
    crate::ProviderContext {
        account,
        credentials,
        session: Arc::new(crate::MemoryVault::default()),
        http,
        clock,
    }
}

/// Follows `job` on `provider` to its end with `clock` (a manual clock in mock tests) and returns
/// every status it was reported in, in order.
pub async fn follow_statuses(
    provider: &dyn crate::Provider,
    clock: &dyn crate::job::Clock,
    job: &mut crate::job::Job,
) -> Vec<crate::job::JobStatus> {
    let mut seen = Vec::new();
    crate::job::follow(provider.jobs(), clock, job, |j| seen.push(j.status)).await;
    seen
}

/// Follows the job of `spec` on `provider` to its end with the real clock, failing the test when
/// it takes longer than `limit` (so a bug cannot hang the suite).
pub async fn follow_within(
    provider: &dyn crate::Provider,
    spec: crate::job::JobSpec,
    kind: crate::ProviderKind,
    limit: Duration,
) -> crate::job::Job {
    let mut job = crate::job::Job::from_spec(spec, "acc-0", "sandbox", kind, Utc::now());
    let followed = tokio::time::timeout(
        limit,
        crate::job::follow(provider.jobs(), &crate::job::SystemClock, &mut job, |_| {}),
    )
    .await;
    assert!(followed.is_ok(), "the job did not end within {limit:?}");
    job
}

/// A response as the transport hands it to a provider's decoder: `status`, the request's
/// `METHOD /path`, the body as given, no headers, not sensitive.
pub fn response(status: u16, request: &str, body: impl AsRef<[u8]>) -> crate::http::Response {
    crate::http::Response {
        status,
        headers: Default::default(),
        body: body.as_ref().to_vec().into(),
        request: request.to_owned(),
        sensitive: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_parser_passes() {
        assert_parser_total(&[r#"{"data": [1, 2]}"#], |b| {
            serde_json::from_slice::<Value>(b).is_ok()
        });
    }

    #[test]
    #[should_panic]
    fn a_panicking_parser_is_caught() {
        assert_parser_total(&[r#"{"data": [1, 2]}"#], |b| {
            let v: Value = serde_json::from_slice(b).unwrap_or(Value::Null);
            // indexes blindly: panics on anything but the sample's shape
            v["data"].as_array().map(|a| a[1].clone()).expect("shape")
        });
    }
}
