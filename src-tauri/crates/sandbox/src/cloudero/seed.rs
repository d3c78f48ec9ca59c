//! The seeded Cloude.ro world: a few companies' accounts with servers in several regions and
//! states, snapshots, SSH keys, tags, the last day's events, invoices and transactions.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use chrono::{Datelike, Duration as ChronoDuration, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;
use serde_json::json;

use super::model::*;
use crate::names;
use crate::sim::SimConfig;

/// First server id: the panel's ids are in the thousands.
const FIRST_SERVER_ID: u64 = 1501;

pub(crate) fn world(cfg: &SimConfig) -> World {
    let mut rng = names::rng(cfg.rng_seed, "cloudero");
    let mut w = World {
        accounts: Vec::new(),
        next_server: FIRST_SERVER_ID,
        next_snapshot: 301,
        next_event: 2401,
        session_generation: 1,
        signing_key: names::secret(&mut rng, "jwt"),
    };
    for i in 0..cfg.accounts {
        let account = account(&mut w, &mut rng, i, cfg.servers_per_account);
        w.accounts.push(account);
    }
    w
}

fn account(w: &mut World, rng: &mut StdRng, i: usize, servers: usize) -> Account {
    let now = Utc::now();
    let company = names::company(i);
    let mut a = Account {
        id: 79 + i as u64,
        label: format!("cloudero-{company}"),
        name: names::person(rng),
        email: format!("ops@{company}.example"),
        password: names::secret(rng, "pw"),
        balance: f64::from(rng.random_range(2_000..40_000u32)) / 100.0,
        register_date: now - ChronoDuration::days(rng.random_range(400..1500)),
        last_login_date: Some(now - ChronoDuration::hours(rng.random_range(2..300))),
        servers: BTreeMap::new(),
        snapshots: BTreeMap::new(),
        keys: Vec::new(),
        tags: BTreeMap::new(),
        events: BTreeMap::new(),
        invoices: Vec::new(),
        transactions: Vec::new(),
    };
    let usable: Vec<&RegionDef> = REGIONS.iter().filter(|r| r.available).collect();
    for n in 0..servers {
        let region = usable.choose(rng).copied().unwrap_or(&REGIONS[1]);
        let pkgs: Vec<&PackageDef> = PACKAGES[..4]
            .iter()
            .filter(|p| p.regions.contains(&region.slug))
            .collect();
        let pkg = pkgs.choose(rng).copied().unwrap_or(&PACKAGES[1]);
        let images: Vec<&ImageDef> = IMAGES
            .iter()
            .filter(|im| !im.application && im.regions.contains(&region.slug))
            .collect();
        let img = images.choose(rng).copied().unwrap_or(&IMAGES[0]);
        let id = w.next_server;
        w.next_server += 1;
        let name = names::server_name(rng, region.site, n);
        let stopped = rng.random_bool(0.2);
        let tags: BTreeSet<String> = names::tags(rng).into_iter().collect();
        for t in &tags {
            a.tags.entry(t.clone()).or_insert(None);
        }
        a.servers.insert(
            id,
            Server {
                id,
                hostname: format!("{name}.{company}.example"),
                name,
                cpu: pkg.cpu,
                memory: pkg.ram,
                disk: pkg.disk,
                bandwidth: pkg.bandwidth,
                state: if stopped { "Stopped" } else { "Running" }.into(),
                region: region.slug.into(),
                image: img.slug.into(),
                package: pkg.slug.into(),
                ipv4: format!("{}.{}.{}", region.net, (id / 250) % 250, 2 + id % 250),
                created_at: now - ChronoDuration::days(rng.random_range(3..700)),
                tags,
            },
        );
    }
    // Snapshots of the first few servers.
    let ids: Vec<u64> = a.servers.keys().copied().take(3).collect();
    for sid in ids {
        let Some(s) = a.servers.get(&sid) else { continue };
        let day = (now - ChronoDuration::days(rng.random_range(1..60))).date_naive();
        let id = w.next_snapshot;
        w.next_snapshot += 1;
        a.snapshots.insert(
            id,
            Snapshot {
                id,
                name: names::snapshot_name(rng, day),
                server_id: sid,
                region: s.region.clone(),
                size: (s.disk / 3).max(1),
                state: "Active".into(),
                created_at: Utc.from_utc_datetime(&day.and_hms_opt(3, 15, 0).unwrap_or_default()),
            },
        );
    }
    for name in names::ssh_key_names(rng.random_range(2..=3)) {
        let public_key = names::ssh_public_key(rng, &format!("{name}@{company}"));
        let fingerprint = md5_fingerprint(&public_key).unwrap_or_default();
        a.keys.push(Key {
            name,
            public_key,
            fingerprint,
        });
    }
    // The last day's finished events: restarts of a few servers.
    let ids: Vec<u64> = a.servers.keys().copied().take(4).collect();
    for sid in ids {
        let id = w.next_event;
        w.next_event += 1;
        let at = now - ChronoDuration::minutes(rng.random_range(30..1200));
        let kind = ["VM.REBOOT", "VM.START", "VM.UPDATE"]
            .choose(rng)
            .copied()
            .unwrap_or("VM.REBOOT");
        a.events.insert(
            id,
            Event {
                id,
                event: kind.into(),
                server_id: sid,
                created_at: at,
                started: Instant::now()
                    .checked_sub(Duration::from_secs(3600))
                    .unwrap_or_else(Instant::now),
                delay_ms: 9_000,
                fail: false,
                status: 1,
                completed_at: Some(at + ChronoDuration::seconds(9)),
                prev_state: "Running".into(),
                effect: Effect::Reboot,
            },
        );
    }
    billing(&mut a, rng, i);
    a
}

/// Six monthly invoices (the latest unpaid; an older one overdue for every other account) and the
/// top-ups, charges and a refund behind them.
fn billing(a: &mut Account, rng: &mut StdRng, i: usize) {
    let now = Utc::now();
    let monthly: f64 = a
        .servers
        .values()
        .filter_map(|s| package(&s.package))
        .filter_map(|p| p.monthly.parse::<f64>().ok())
        .sum::<f64>()
        .max(5.0);
    let mut tx_id = 9001 + (i as u64) * 1000;
    for m in (0..6u32).rev() {
        let first = now
            .with_day(1)
            .unwrap_or(now)
            .date_naive()
            .checked_sub_months(chrono::Months::new(m))
            .unwrap_or(now.date_naive());
        let issued = Utc.from_utc_datetime(&first.and_hms_opt(0, 5, 0).unwrap_or_default());
        let amount = monthly * (0.85 + f64::from(rng.random_range(0..30u32)) / 100.0);
        let status = match m {
            0 => "unpaid",
            3 if i % 2 == 1 => "overdue",
            _ => "paid",
        };
        let paid_at = (status == "paid").then(|| ts(issued + ChronoDuration::days(2)));
        a.invoices.push(json!({
            "id": 5000 + (i as u64) * 100 + u64::from(m),
            "number": format!("CR-{}-{:05}", issued.year(), 1200 + (i as u32) * 37 + (5 - m)),
            "amount": format!("{amount:.2}"),
            "status": status,
            "created_at": ts(issued),
            "due_date": ts(issued + ChronoDuration::days(14)),
            "paid_at": paid_at,
        }));
        if status == "paid" {
            tx_id += 1;
            a.transactions.push(json!({
                "id": tx_id,
                "amount": format!("{:.2}", (amount / 10.0).ceil() * 10.0),
                "type": "topup",
                "description": "Card top-up",
                "created_at": ts(issued + ChronoDuration::days(2)),
            }));
        }
        tx_id += 1;
        a.transactions.push(json!({
            "id": tx_id,
            "amount": format!("-{amount:.2}"),
            "type": "charge",
            "description": format!("Servers, {}", issued.format("%B %Y")),
            "created_at": ts(issued),
        }));
    }
    tx_id += 1;
    a.transactions.push(json!({
        "id": tx_id,
        "amount": "4.90",
        "type": "refund",
        "description": "Downtime credit",
        "created_at": ts(now - ChronoDuration::days(12)),
    }));
}

/// MD5 fingerprint (colon hex) of an OpenSSH public key line, as the panel states it.
pub(crate) fn md5_fingerprint(public_key: &str) -> Option<String> {
    use base64::Engine;
    use md5::{Digest, Md5};
    let blob = public_key.split_whitespace().nth(1)?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(blob).ok()?;
    let digest = Md5::digest(&bytes);
    Some(
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":"),
    )
}
