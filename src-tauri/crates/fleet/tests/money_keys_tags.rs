//! Plan comparison, balances, cost estimates, generated and pushed SSH keys, and local tags,
//! through the real provider clients against the embedded simulators of every provider.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use fleetdeck_core::money::MonthlyBasis;
use fleetdeck_core::ErrorCode;
use fleetdeck_fleet::sandbox::EmbeddedSandbox;
use fleetdeck_fleet::{Fleet, FleetConfig, Registry};
use fleetdeck_sandbox::sim::SimConfig;
use fleetdeck_store::{DataDir, MemorySecrets, SecretStore};

struct World {
    fleet: Arc<Fleet>,
    sandbox: EmbeddedSandbox,
    secrets: Arc<MemorySecrets>,
    dir: tempfile::TempDir,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::default());
    let fleet = fleet_on(dir.path(), &secrets);
    let sim = SimConfig {
        action_delay: Duration::from_millis(100),
        ..SimConfig::default()
    };
    let sandbox = EmbeddedSandbox::with_config(fleet.clone(), sim);
    let added = sandbox.try_sandbox().await.unwrap();
    assert!(added.failures.is_empty(), "{:?}", added.failures);
    World {
        fleet,
        sandbox,
        secrets,
        dir,
    }
}

fn fleet_on(dir: &std::path::Path, secrets: &Arc<MemorySecrets>) -> Arc<Fleet> {
    let secrets: Arc<dyn SecretStore> = secrets.clone();
    Fleet::new(FleetConfig::new(DataDir::new(dir), secrets, Arc::new(Registry)))
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn plan_comparison_covers_every_account_that_sells_plans_with_per_unit_prices() {
    let w = world().await;
    let table = w.fleet.plan_comparison(&[], None).await.unwrap();
    assert!(table.failures.is_empty(), "{:?}", table.failures);
    let accounts: BTreeSet<&str> = table.items.iter().map(|o| o.account.as_str()).collect();
    assert_eq!(
        accounts,
        ["sandbox-cloudero", "sandbox-cloudzy", "sandbox-letscloud"].into()
    );
    let priced: Vec<_> = table
        .items
        .iter()
        .filter(|o| o.monthly_estimate.is_some())
        .collect();
    assert!(!priced.is_empty());
    for o in &priced {
        let monthly: f64 = o
            .monthly_estimate
            .as_ref()
            .unwrap()
            .amount
            .amount
            .parse()
            .unwrap();
        match o.vcpus {
            // Checked against the division by float, within the 4-decimal rounding.
            Some(n) if n > 0 => {
                let per: f64 = o.price_per_vcpu.as_deref().unwrap().parse().unwrap();
                assert!((per - monthly / f64::from(n)).abs() < 0.0001, "{o:?}");
            }
            _ => assert_eq!(o.price_per_vcpu, None, "{o:?}"),
        }
        if o.disk_gb.is_none_or(|d| d == 0) {
            assert_eq!(o.price_per_gb_disk, None);
        }
    }
    // Cloudzy states monthly prices next to hourly ones: the monthly one is used.
    assert!(priced.iter().filter(|o| o.account == "sandbox-cloudzy").all(|o| o
        .monthly_estimate
        .as_ref()
        .unwrap()
        .basis
        == MonthlyBasis::Monthly));

    // One region only.
    let region = table
        .items
        .iter()
        .find(|o| o.account == "sandbox-cloudzy")
        .and_then(|o| o.regions.first().cloned())
        .unwrap();
    let one = w.fleet.plan_comparison(&[], Some(&region)).await.unwrap();
    // Accounts that do not serve that region answer no plans, not an error.
    assert!(one.failures.is_empty(), "{:?}", one.failures);
    assert!(!one.items.is_empty());
    assert!(one
        .items
        .iter()
        .all(|o| o.regions.is_empty() || o.regions.contains(&region)));

    // A named account whose provider sells no plans is refused before any request.
    let e = w
        .fleet
        .plan_comparison(&names(&["sandbox-vz"]), None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
    w.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn balances_and_cost_estimates_total_per_currency() {
    let w = world().await;
    let balances = w.fleet.balances(&[]).await.unwrap();
    assert!(balances.failures.is_empty(), "{:?}", balances.failures);
    // vz/LXD states no balance: left out when no account is named.
    assert!(balances.items.iter().all(|b| b.account != "sandbox-vz"));
    assert!(!balances.items.is_empty());
    let stated = balances.items.iter().filter(|b| b.balance.is_some()).count();
    let counted: u32 = balances.totals.iter().map(|t| t.count).sum();
    assert_eq!(counted as usize, stated);
    let currencies: BTreeSet<_> = balances.totals.iter().map(|t| t.currency.clone()).collect();
    assert_eq!(currencies.len(), balances.totals.len(), "one total per currency");
    assert_eq!(
        w.fleet
            .balances(&names(&["sandbox-vz"]))
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Unsupported
    );

    let costs = w.fleet.cost_estimate(&[]).await.unwrap();
    assert!(costs.failures.is_empty(), "{:?}", costs.failures);
    assert!(costs.servers.iter().any(|s| s.monthly_estimate.is_some()));
    // vz/LXD sells no plans: its servers' cost is unknown, with the reason, and not 0.
    let vz: Vec<_> = costs
        .servers
        .iter()
        .filter(|s| s.account == "sandbox-vz")
        .collect();
    assert!(!vz.is_empty());
    assert!(vz
        .iter()
        .all(|s| s.monthly_estimate.is_none() && s.unknown_reason.is_some()));
    let vz_total = costs.accounts.iter().find(|a| a.account == "sandbox-vz").unwrap();
    assert!(vz_total.monthly_estimate.is_empty());
    assert_eq!(vz_total.servers_unknown as usize, vz.len());
    // Every provider that sells plans prices its servers from them.
    for account in ["sandbox-cloudero", "sandbox-cloudzy", "sandbox-letscloud"] {
        let a = costs.accounts.iter().find(|a| a.account == account).unwrap();
        assert!(
            a.servers_priced > 0 && !a.monthly_estimate.is_empty(),
            "{a:?} {:?}",
            costs.servers
        );
    }
    for a in &costs.accounts {
        let listed = costs.servers.iter().filter(|s| s.account == a.account).count();
        assert_eq!((a.servers_priced + a.servers_unknown) as usize, listed);
    }
    w.sandbox.shutdown().await.unwrap();
}

#[cfg(unix)]
#[tokio::test]
async fn a_generated_key_is_written_0600_added_to_the_account_and_kept_nowhere_else() {
    use std::os::unix::fs::PermissionsExt;
    let w = world().await;
    let keys_dir = tempfile::tempdir().unwrap();
    let file = keys_dir.path().join("id_fleet");
    let made = w
        .fleet
        .generate_ssh_key("sandbox-letscloud", "laptop", &file)
        .await
        .unwrap();
    let private = std::fs::read_to_string(&file).unwrap();
    assert!(private.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----"));
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let public = std::fs::read_to_string(keys_dir.path().join("id_fleet.pub")).unwrap();
    assert!(public.starts_with("ssh-ed25519 "), "{public}");
    assert!(made.fingerprint.starts_with("SHA256:"));
    let listed = w.fleet.ssh_keys(&names(&["sandbox-letscloud"])).await.unwrap();
    assert!(listed
        .items
        .iter()
        .any(|k| k.public_key.trim() == public.trim() || k.name == "laptop"));
    // The private key is in the answer nowhere, and nowhere in the data directory.
    let answer = serde_json::to_string(&made).unwrap();
    assert!(!answer.contains("PRIVATE KEY"));
    let body = private.lines().nth(1).unwrap();
    for f in walk(w.dir.path()) {
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        assert!(
            !text.contains(body),
            "the private key leaked into {}",
            f.display()
        );
    }

    // An existing file is never overwritten, and nothing is sent.
    let before = w.fleet.ssh_keys(&[]).await.unwrap().items.len();
    let e = w
        .fleet
        .generate_ssh_key("sandbox-letscloud", "again", &file)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), private);
    assert_eq!(w.fleet.ssh_keys(&[]).await.unwrap().items.len(), before);

    // A provider without SSH keys: refused before a file is written.
    let other = keys_dir.path().join("id_vz");
    let e = w
        .fleet
        .generate_ssh_key("sandbox-vz", "laptop", &other)
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
    assert!(!other.exists());
    drop(w.secrets);
    w.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn one_key_pushed_to_several_accounts_answers_per_account() {
    let w = world().await;
    let pair =
        ssh_key::PrivateKey::random(&mut ssh_key::rand_core::OsRng, ssh_key::Algorithm::Ed25519).unwrap();
    let key = pair.public_key().to_openssh().unwrap();
    let key = key.as_str();
    let results = w
        .fleet
        .push_ssh_key(
            key,
            "pushed",
            &names(&["sandbox-letscloud", "sandbox-cloudzy", "sandbox-vz"]),
        )
        .await
        .unwrap();
    let by: Vec<(&str, bool)> = results
        .iter()
        .map(|r| (r.account.as_str(), r.key.is_some()))
        .collect();
    assert_eq!(
        by,
        vec![
            ("sandbox-letscloud", true),
            ("sandbox-cloudzy", true),
            ("sandbox-vz", false)
        ]
    );
    assert_eq!(results[2].error.as_ref().unwrap().code, ErrorCode::Unsupported);
    let listed = w
        .fleet
        .ssh_keys(&names(&["sandbox-letscloud", "sandbox-cloudzy"]))
        .await
        .unwrap();
    for account in ["sandbox-letscloud", "sandbox-cloudzy"] {
        assert!(
            listed
                .items
                .iter()
                .any(|k| k.account == account && k.name == "pushed"),
            "{account}"
        );
    }
    // A private key or garbage is refused before any request.
    let e = w
        .fleet
        .push_ssh_key(
            "-----BEGIN OPENSSH PRIVATE KEY-----",
            "x",
            &names(&["sandbox-letscloud"]),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    w.sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn local_tags_reach_the_server_listing_and_another_fleet_on_the_same_data() {
    let w = world().await;
    let listed = w.fleet.refresh_servers(&[], true).await.unwrap();
    let pick = |account: &str| {
        let s = listed.servers.iter().find(|s| s.account == account).unwrap();
        format!("{}/{}", s.account, s.id)
    };
    let vz = pick("sandbox-vz");
    let lets = pick("sandbox-letscloud");
    w.fleet
        .add_local_tags(&[vz.clone(), lets.clone()], &names(&["prod", "eu"]))
        .unwrap();
    w.fleet
        .remove_local_tags(std::slice::from_ref(&lets), &names(&["eu"]))
        .unwrap();

    let tagged = |servers: &[fleetdeck_core::Server], address: &str| {
        servers
            .iter()
            .find(|s| format!("{}/{}", s.account, s.id) == address)
            .unwrap()
            .local_tags
            .clone()
    };
    let fresh = w.fleet.refresh_servers(&[], true).await.unwrap();
    assert_eq!(tagged(&fresh.servers, &vz), names(&["eu", "prod"]));
    assert_eq!(tagged(&fresh.servers, &lets), names(&["prod"]));
    // Untagged servers carry none, and the provider's own tags are untouched.
    assert!(fresh
        .servers
        .iter()
        .filter(|s| ![vz.as_str(), lets.as_str()].contains(&format!("{}/{}", s.account, s.id).as_str()))
        .all(|s| s.local_tags.is_empty()));

    // Another process on the same data directory (the CLI) sees them, from the cache too.
    let other = fleet_on(w.dir.path(), &w.secrets);
    let cached = other.cached_servers(&[]).unwrap();
    assert_eq!(tagged(&cached.servers, &vz), names(&["eu", "prod"]));
    assert_eq!(
        other.server(&vz).await.unwrap().local_tags,
        names(&["eu", "prod"])
    );
    other.set_local_tags(&vz, &names(&["staging"])).unwrap();
    let list = w.fleet.local_tags(&[]).unwrap();
    assert_eq!(list.len(), 2);
    assert!(list
        .iter()
        .any(|t| t.account == "sandbox-vz" && t.tags == names(&["staging"])));

    // Unknown accounts are refused before anything is written.
    assert!(w
        .fleet
        .add_local_tags(&[vz.clone(), "nobody/1".into()], &names(&["x"]))
        .is_err());
    assert!(!w
        .fleet
        .local_tags(&[])
        .unwrap()
        .iter()
        .any(|t| t.tags.contains(&"x".to_owned())));

    // Removing an account forgets its local tags.
    w.fleet.remove_account("sandbox-vz").await.unwrap();
    assert!(w
        .fleet
        .local_tags(&[])
        .unwrap()
        .iter()
        .all(|t| t.account != "sandbox-vz"));
    w.sandbox.shutdown().await.unwrap();
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// `ssh-keygen -l` and `ssh-keygen -E md5 -l` of [`FIXED_KEY`], computed with OpenSSH itself.
const FIXED_KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH8SCvoWc6FJgnGXGb9KHRgt6n7hmQAzpKInfnQfJ0F5 fixed";
const FIXED_SHA256: &str = "SHA256:d896n/SjQbSSziD3XAfa4pHmS/eWXC/H5hbNYN09BZM";
const FIXED_MD5_HEX: &str = "f2:d9:de:a1:30:8b:dd:f2:76:a4:f3:9b:fb:8c:eb:93";

#[tokio::test]
async fn every_provider_lists_a_known_key_with_its_sha256_fingerprint_as_ssh_keygen_does() {
    let w = world().await;
    let accounts = names(&["sandbox-cloudero", "sandbox-cloudzy", "sandbox-letscloud"]);
    let pushed = w.fleet.push_ssh_key(FIXED_KEY, "fixed", &accounts).await.unwrap();
    for r in &pushed {
        let key = r
            .key
            .as_ref()
            .unwrap_or_else(|| panic!("{}: {:?}", r.account, r.error));
        assert_eq!(
            key.fingerprint.as_deref(),
            Some(FIXED_SHA256),
            "added to {}",
            r.account
        );
    }
    let listed = w.fleet.ssh_keys(&accounts).await.unwrap();
    assert!(listed.failures.is_empty(), "{:?}", listed.failures);
    for account in &accounts {
        let key = listed
            .items
            .iter()
            .find(|k| &k.account == account && k.name == "fixed")
            .unwrap_or_else(|| panic!("{account} lists the key"));
        assert_eq!(key.fingerprint.as_deref(), Some(FIXED_SHA256), "{account}");
        let one = w.fleet.ssh_key(&format!("{account}/{}", key.id)).await.unwrap();
        assert_eq!(one.fingerprint.as_deref(), Some(FIXED_SHA256), "{account} get");
    }
    // Every seeded key whose public key is known shows the same format.
    for k in listed.items.iter().filter(|k| !k.public_key.is_empty()) {
        let fp = k.fingerprint.as_deref().unwrap_or("");
        assert!(
            fp.starts_with("SHA256:") && !fp.ends_with('='),
            "{}/{}: {fp}",
            k.account,
            k.name
        );
    }
    // Cloude.ro's own (MD5) fingerprint stays its id and stays in the raw data.
    let cloudero = listed
        .items
        .iter()
        .find(|k| k.account == "sandbox-cloudero" && k.name == "fixed")
        .unwrap();
    assert!(cloudero.id.contains(FIXED_MD5_HEX), "{}", cloudero.id);
    assert!(
        cloudero.raw.to_string().contains(FIXED_MD5_HEX),
        "{}",
        cloudero.raw
    );
    w.sandbox.shutdown().await.unwrap();
}
