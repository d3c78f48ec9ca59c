//! Deterministic, believable seed data for the Cloudzy simulator: real-looking regions, plans,
//! operating systems and one-click apps, and customer accounts with servers, keys, snapshots,
//! floating IPs, ISOs, images and a backup profile. The second account has a tiny balance so
//! creates there answer 460.

use chrono::{Duration as ChronoDuration, Utc};
use rand::rngs::StdRng;
use rand::Rng;
use sha2::{Digest, Sha256};

use super::model::*;
use crate::sim::SimConfig;

/// Balance of the deliberately poor account (index 1), low enough that every create answers 460.
pub(crate) const LOW_BALANCE: f64 = 0.42;

/// Counters that mint ids and addresses; saved with the state so restored worlds keep them unique.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Counters {
    pub seq: u64,
    pub ssh_key_id: i64,
    pub ip: u32,
}

pub(crate) fn uuid(rng: &mut StdRng) -> String {
    uuid::Builder::from_random_bytes(rng.random())
        .into_uuid()
        .to_string()
}

/// Cloudzy OS and application ids are 64 hex characters.
pub(crate) fn hex64(name: &str) -> String {
    format!("{:x}", Sha256::digest(name.as_bytes()))
}

impl Counters {
    /// A public-looking IPv4 address in the region's range, unique across the simulator.
    pub fn next_ipv4(&mut self, region: &Region) -> String {
        self.ip += 1;
        let n = self.ip;
        format!("{}.{}.{}", region.ip_prefix, (n / 250) % 250 + 2, n % 250 + 2)
    }

    pub fn next_ipv6(&mut self, region: &Region) -> String {
        self.ip += 1;
        format!("2a0e:97c0:{:x}:{:x}::1", region.position, self.ip)
    }
}

/// (id, name, abbr, active, out of stock, premium, ipv6, custom plans, gpu, ip prefix)
type RegionSpec = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    bool,
    bool,
    bool,
    bool,
    bool,
    &'static str,
);

pub(crate) fn catalog(rng: &mut StdRng) -> Catalog {
    // (id, name, abbr, active, out of stock, premium, ipv6, custom, gpu, ip prefix)
    let specs: [RegionSpec; 7] = [
        (
            "US-NewYork",
            "New York",
            "US",
            true,
            false,
            false,
            true,
            true,
            false,
            "104.243",
        ),
        (
            "US-LosAngeles",
            "Los Angeles",
            "US",
            true,
            false,
            true,
            true,
            true,
            true,
            "172.86",
        ),
        (
            "DE-Frankfurt",
            "Frankfurt",
            "DE",
            true,
            false,
            false,
            true,
            true,
            false,
            "185.234",
        ),
        (
            "NL-Amsterdam",
            "Amsterdam",
            "NL",
            true,
            false,
            false,
            true,
            false,
            false,
            "193.149",
        ),
        (
            "UK-London",
            "London",
            "GB",
            true,
            false,
            false,
            false,
            true,
            false,
            "91.132",
        ),
        (
            "SG-Singapore",
            "Singapore",
            "SG",
            true,
            true,
            false,
            true,
            false,
            false,
            "103.253",
        ),
        (
            "CH-Zurich",
            "Zurich",
            "CH",
            false,
            false,
            true,
            true,
            false,
            false,
            "45.134",
        ),
    ];
    let regions: Vec<Region> = specs
        .iter()
        .enumerate()
        .map(
            |(i, &(id, name, abbr, active, oos, premium, ipv6, custom, gpu, prefix))| Region {
                id: id.into(),
                name: name.into(),
                abbr: abbr.into(),
                active,
                out_of_stock: oos,
                premium,
                ipv6,
                custom_plans: custom,
                gpu,
                ram_threshold_gb: 64,
                disk_threshold_gb: 1000,
                ip_prefix: prefix.into(),
                position: i as i64 + 1,
            },
        )
        .collect();

    // (name, cpu, ram GB, disk GB, bandwidth TB, monthly USD, class)
    let plans: [(&str, i64, i64, i64, i64, f64, &str); 6] = [
        ("Standard 1GB", 1, 1, 25, 1, 4.95, "default"),
        ("Standard 2GB", 1, 2, 50, 2, 9.95, "default"),
        ("Standard 4GB", 2, 4, 100, 3, 19.95, "default"),
        ("Standard 8GB", 4, 8, 160, 4, 39.95, "default"),
        ("High Frequency 8GB", 4, 8, 200, 5, 59.95, "cpu-optimized"),
        ("Standard 16GB", 8, 16, 320, 6, 79.95, "default"),
    ];
    let mut products = Vec::new();
    for region in &regions {
        for (name, cpu, ram, disk, bw, monthly, class) in plans {
            if class == "cpu-optimized" && !region.premium {
                continue;
            }
            let surcharge = if region.premium { 1.2 } else { 1.0 };
            products.push(Product {
                id: uuid(rng),
                region_id: region.id.clone(),
                plan_id: format!("{}-{}", class, name.to_ascii_lowercase().replace(' ', "-")),
                name: name.into(),
                cpu,
                ram_gb: ram,
                disk_gb: disk,
                bandwidth_tb: bw,
                monthly: super::wire::round2(monthly * surcharge),
                stock: if region.out_of_stock {
                    0
                } else {
                    rng.random_range(12..400)
                },
                class: class.into(),
            });
        }
    }

    // (name, family, min ram, default)
    let oses: [(&str, &str, &str, bool); 9] = [
        ("Ubuntu 24.04 LTS", "ubuntu", "512MB", true),
        ("Ubuntu 22.04 LTS", "ubuntu", "512MB", false),
        ("Debian 12", "debian", "512MB", false),
        ("Debian 11", "debian", "512MB", false),
        ("AlmaLinux 9", "almalinux", "1GB", false),
        ("Rocky Linux 9", "rocky", "1GB", false),
        ("CentOS Stream 9", "centos", "1GB", false),
        ("Windows Server 2022", "windows", "2GB", false),
        ("FreeBSD 14.1", "freebsd", "1GB", false),
    ];
    let os: Vec<Os> = oses
        .iter()
        .map(|&(name, family, min_ram, default)| Os {
            id: hex64(name),
            name: name.into(),
            family: family.into(),
            min_ram: min_ram.into(),
            default,
            active: true,
        })
        .collect();
    let linux = |families: &[&str]| -> Vec<String> {
        os.iter()
            .filter(|o| families.contains(&o.family.as_str()))
            .map(|o| o.id.clone())
            .collect()
    };
    let applications = vec![
        Application {
            id: hex64("app:Docker"),
            name: "Docker".into(),
            tag: "Developer tools".into(),
            description: "Docker Engine and Compose, ready to run containers.".into(),
            os_family: "ubuntu".into(),
            os_list: linux(&["ubuntu", "debian"]),
            price: 0.0,
        },
        Application {
            id: hex64("app:WordPress"),
            name: "WordPress".into(),
            tag: "CMS".into(),
            description: "WordPress on Nginx, PHP-FPM and MariaDB.".into(),
            os_family: "ubuntu".into(),
            os_list: linux(&["ubuntu"]),
            price: 0.0,
        },
        Application {
            id: hex64("app:MetaTrader 5"),
            name: "MetaTrader 5".into(),
            tag: "Trading".into(),
            description: "MetaTrader 5 terminal preinstalled for forex trading.".into(),
            os_family: "windows".into(),
            os_list: linux(&["windows"]),
            price: 0.0,
        },
        Application {
            id: hex64("app:OpenVPN"),
            name: "OpenVPN".into(),
            tag: "Networking".into(),
            description: "OpenVPN Access Server with two free connections.".into(),
            os_family: "ubuntu".into(),
            os_list: linux(&["ubuntu", "debian"]),
            price: 0.0,
        },
        Application {
            id: hex64("app:cPanel"),
            name: "cPanel & WHM".into(),
            tag: "Control panels".into(),
            description: "cPanel & WHM on AlmaLinux (licence billed monthly).".into(),
            os_family: "almalinux".into(),
            os_list: linux(&["almalinux"]),
            price: 26.99,
        },
    ];
    Catalog {
        regions,
        products,
        os,
        applications,
    }
}

const COMPANIES: [(&str, &str, &str); 8] = [
    ("acme", "Ada", "Lovelace"),
    ("globex", "Hank", "Scorpio"),
    ("initech", "Peter", "Gibbons"),
    ("umbrella", "Alice", "Abernathy"),
    ("hooli", "Gavin", "Belson"),
    ("vandelay", "Art", "Vandelay"),
    ("wonka", "Charlie", "Bucket"),
    ("tyrell", "Rachael", "Tyrell"),
];

/// Server roles the seed names servers after; `{role}-{region}-{nn}` keeps large seeds unique.
const ROLES: [&str; 12] = [
    "web",
    "db-primary",
    "staging-api",
    "worker",
    "cache",
    "mail-relay",
    "vpn-gateway",
    "ci-runner",
    "grafana",
    "edge-proxy",
    "k8s-node",
    "backup-vault",
];

/// Short site code of a region for server names ("DE-Frankfurt" → "fra").
fn region_code(id: &str) -> String {
    let code = match id {
        "US-NewYork" => "nyc",
        "US-LosAngeles" => "lax",
        "DE-Frankfurt" => "fra",
        "NL-Amsterdam" => "ams",
        "UK-London" => "lon",
        "SG-Singapore" => "sin",
        "CH-Zurich" => "zrh",
        other => {
            return other
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(3)
                .collect::<String>()
                .to_ascii_lowercase()
        }
    };
    code.to_string()
}

pub(crate) fn accounts(
    cfg: &SimConfig,
    catalog: &Catalog,
    counters: &mut Counters,
    rng: &mut StdRng,
) -> Vec<Account> {
    let now = Utc::now();
    let usable: Vec<&Region> = catalog
        .regions
        .iter()
        .filter(|r| r.active && !r.out_of_stock)
        .collect();
    let mut out = Vec::with_capacity(cfg.accounts);
    for a in 0..cfg.accounts {
        let (company, first, last) = COMPANIES[a % COMPANIES.len()];
        let company = if a < COMPANIES.len() {
            company.to_string()
        } else {
            format!("{company}{}", a / COMPANIES.len() + 1)
        };
        let customer_id = uuid(rng);
        let token: String = (0..40)
            .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
            .collect();
        let mut acct = Account {
            label: format!("cloudzy-{company}"),
            token: format!("czy_{token}"),
            customer_id: customer_id.clone(),
            email: format!("{}@{company}.example", first.to_ascii_lowercase()),
            first_name: first.into(),
            last_name: last.into(),
            balance: if a == 1 {
                LOW_BALANCE
            } else {
                353.0 + f64::from(rng.random_range(0..40_000u32)) / 100.0
            },
            instances: Vec::new(),
            ssh_keys: Vec::new(),
            floating_ips: Vec::new(),
            isos: Vec::new(),
            images: Vec::new(),
            snapshots: Vec::new(),
            backups: Vec::new(),
        };

        for name in ["laptop-ed25519", "ci-deploy"] {
            counters.ssh_key_id += 1;
            acct.ssh_keys.push(SshKey {
                id: 1000 + counters.ssh_key_id,
                name: name.into(),
                public_key: crate::names::ssh_public_key(rng, &format!("{name}@{company}")),
                customer_id: customer_id.clone(),
            });
        }

        let mut role_counts = std::collections::HashMap::<String, u32>::new();
        for s in 0..cfg.servers_per_account {
            let region = usable[(s + a) % usable.len()];
            let role = ROLES[s % ROLES.len()];
            let code = region_code(&region.id);
            let base = format!("{role}-{code}");
            let n = role_counts.entry(base.clone()).or_insert(0);
            *n += 1;
            let hostname = if s < 3 && a == 0 && role != "web" {
                role.to_string()
            } else {
                format!("{base}-{:02}", n)
            };
            let region_products: Vec<&Product> = catalog
                .products
                .iter()
                .filter(|p| p.region_id == region.id)
                .collect();
            let product = region_products[rng.random_range(0..region_products.len())];
            let os = &catalog.os[rng.random_range(0..catalog.os.len() - 1)];
            counters.seq += 1;
            let inserted_at = now - ChronoDuration::minutes(rng.random_range(60..60 * 24 * 400));
            let status = if s % 5 == 3 { "shutdown" } else { "active" };
            acct.instances.push(Instance {
                id: uuid(rng),
                hostname,
                vcpu: product.cpu,
                ram_mb: product.ram_gb * 1024,
                disk_gb: product.disk_gb,
                inserted_at,
                os_id: Some(os.id.clone()),
                iso_id: None,
                from_image: None,
                app_id: (s % 7 == 2).then(|| catalog.applications[0].id.clone()),
                region: region.id.clone(),
                user_id: customer_id.clone(),
                status: status.into(),
                main_ip: Some(counters.next_ipv4(region)),
                main_ipv6: region.ipv6.then(|| counters.next_ipv6(region)),
                product_id: Some(product.id.clone()),
                class: product.class.clone(),
                extra: ExtraResource::default(),
                ddos: s % 4 == 0,
                customer_note: (s == 0)
                    .then(|| "production — do not reboot during business hours".to_string()),
                features: if s % 6 == 1 {
                    vec!["monitoring".into()]
                } else {
                    Vec::new()
                },
                host: format!("node-{code}-{:02}", rng.random_range(1..40)),
                discount_percent: 0,
                billing_cycle: if s % 3 == 0 {
                    "monthly".into()
                } else {
                    "hourly".into()
                },
                monthly_price: product.monthly,
                deleted: false,
                seq: counters.seq,
                pending: None,
            });
        }

        let epoch = now.timestamp();
        for inst in acct.instances.iter().take(2) {
            acct.snapshots.push(Snapshot {
                id: uuid(rng),
                name: format!(
                    "{}-{}",
                    inst.hostname,
                    (now - ChronoDuration::days(3)).format("%Y%m%d-%H%M")
                ),
                size_gb: (inst.disk_gb / 3).max(1),
                status: "ACTIVE".into(),
                last_restored_at: None,
                created_at: epoch - 3 * 86_400,
                instance_deleted: false,
                product_id: inst.product_id.clone(),
                instance_id: inst.id.clone(),
                user_id: customer_id.clone(),
                region_id: inst.region.clone(),
                metadata: inst.metadata(),
                automated: false,
                pending: None,
            });
        }
        if let Some(inst) = acct.instances.first() {
            let monthly = super::wire::round2(inst.monthly_price * 0.2);
            acct.backups.push(BackupProfile {
                instance_id: inst.id.clone(),
                status: "active".into(),
                monthly_price: monthly,
                fee_percentage: 20,
                schedule_frequency: "daily".into(),
                schedule_week_days: Vec::new(),
                period_id: 7,
                last_successful_backup_time: Some(epoch - 6 * 3600),
                created_at: epoch - 30 * 86_400,
                pending: None,
            });
            acct.snapshots.push(Snapshot {
                id: uuid(rng),
                name: format!("{}-auto-{}", inst.hostname, epoch - 6 * 3600),
                size_gb: (inst.disk_gb / 3).max(1),
                status: "ACTIVE".into(),
                last_restored_at: None,
                created_at: epoch - 6 * 3600,
                instance_deleted: false,
                product_id: inst.product_id.clone(),
                instance_id: inst.id.clone(),
                user_id: customer_id.clone(),
                region_id: inst.region.clone(),
                metadata: inst.metadata(),
                automated: true,
                pending: None,
            });
        }

        let fip_region = usable[a % usable.len()];
        let attached = acct
            .instances
            .iter()
            .find(|i| i.region == fip_region.id)
            .map(|i| i.id.clone());
        for instance_id in [attached, None] {
            acct.floating_ips.push(FloatingIp {
                id: uuid(rng),
                address: counters.next_ipv4(fip_region),
                region_id: fip_region.id.clone(),
                instance_id,
                auto_renew: true,
                customer_note: None,
                created_at: epoch - 20 * 86_400,
                expires_at: epoch + 10 * 86_400,
                released: false,
            });
        }

        acct.isos.push(Artifact {
            id: uuid(rng),
            name: "SystemRescue 11.02".into(),
            url: "https://fastly-cdn.system-rescue.org/releases/11.02/systemrescue-11.02-amd64.iso".into(),
            region_id: usable[0].id.clone(),
            status: "READY".into(),
            use_virtio: Some(true),
            format: None,
            decompress: None,
            size_mb: 853,
            created_at: epoch - 12 * 86_400,
            pending: None,
        });
        acct.images.push(Artifact {
            id: uuid(rng),
            name: "Debian 12 golden image".into(),
            url: "https://images.example.net/golden/debian-12-2025-01.qcow2.gz".into(),
            region_id: usable[0].id.clone(),
            status: "READY".into(),
            use_virtio: None,
            format: Some("qcow2".into()),
            decompress: Some("gzip".into()),
            size_mb: 2_048,
            created_at: epoch - 40 * 86_400,
            pending: None,
        });
        out.push(acct);
    }
    out
}
