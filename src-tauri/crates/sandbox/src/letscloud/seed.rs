//! Deterministic, believable LetsCloud seed data: real-looking locations (Miami, São Paulo, …),
//! the slug-named plans and images of the SDK fixtures, and customer accounts. The first account
//! pays in dollars and has SSH keys and snapshots; the second pays in reais (`R$`) and has no SSH
//! keys, so its key list shows the empty-list quirk.

use base64::Engine;
use rand::rngs::StdRng;
use rand::Rng;

use super::model::*;
use crate::sim::SimConfig;

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A LetsCloud instance identifier (16 mixed-case alphanumerics, e.g. `Mq5VF63YAdCqXt4U`).
pub(crate) fn identifier(rng: &mut StdRng) -> String {
    (0..16)
        .map(|_| char::from(ALNUM[rng.random_range(0..ALNUM.len())]))
        .collect()
}

pub(crate) fn lower_alnum(rng: &mut StdRng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(ALNUM[rng.random_range(26..ALNUM.len())]))
        .collect()
}

/// A root password as LetsCloud generates one: 16 characters with every class present.
pub(crate) fn password(rng: &mut StdRng) -> String {
    const SETS: [&[u8]; 4] = [
        b"ABCDEFGHJKLMNPQRSTUVWXYZ",
        b"abcdefghijkmnopqrstuvwxyz",
        b"23456789",
        b"!@#%^*-_=+",
    ];
    (0..16)
        .map(|i| {
            let set = if i < 4 {
                SETS[i]
            } else {
                SETS[rng.random_range(0..3)]
            };
            char::from(set[rng.random_range(0..set.len())])
        })
        .collect()
}

/// A generated key pair as the API returns it once. The private key has the OpenSSH PEM shape
/// but is random bytes: the sandbox never hands out usable key material.
pub(crate) fn generated_pair(rng: &mut StdRng, comment: &str) -> (String, String) {
    let public = crate::names::ssh_public_key(rng, comment);
    let body: Vec<u8> = (0..288).map(|_| rng.random()).collect();
    let b64 = base64::engine::general_purpose::STANDARD.encode(body);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(70)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .collect();
    let private = format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n",
        lines.join("\n")
    );
    (public, private)
}

/// Counter of handed-out addresses; saved with the state so restored worlds stay unique.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Counters {
    pub ip: u32,
}

impl Counters {
    /// One IPv4 and one IPv6 address in the location's ranges.
    pub fn addresses(&mut self, location: &Location) -> Vec<String> {
        self.ip += 1;
        let n = self.ip;
        vec![
            format!("{}.{}.{}", location.ip_prefix, (n / 250) % 250 + 2, n % 250 + 2),
            format!("{}:{:x}::1", location.ipv6_prefix, n),
        ]
    }
}

pub(crate) fn catalog() -> Catalog {
    let images = vec![
        ("ubuntu-24.04-x86_64", "Ubuntu 24.04 x64", "linux"),
        ("ubuntu-22.04-x86_64", "Ubuntu 22.04 x64", "linux"),
        ("debian-12-x86_64", "Debian 12 x64", "linux"),
        ("almalinux-9-x86_64", "AlmaLinux 9 x64", "linux"),
        ("rockylinux-9-x86_64", "Rocky Linux 9 x64", "linux"),
        ("centos-7.9-x86_64", "CentOS 7.9 x64", "linux"),
        ("freebsd-14.1-x86_64", "FreeBSD 14.1 x64", "freebsd"),
        ("windows-2022-x86_64", "Windows Server 2022 x64", "windows"),
    ];
    let all: Vec<String> = images.iter().map(|i| i.0.to_string()).collect();
    let no_windows: Vec<String> = all
        .iter()
        .filter(|s| !s.starts_with("windows"))
        .cloned()
        .collect();
    let loc = |slug: &str,
               country: &str,
               city: &str,
               available: bool,
               images: &Vec<String>,
               factor: f64,
               v4: &str,
               v6: &str| Location {
        slug: slug.into(),
        country: country.into(),
        city: city.into(),
        available,
        images: images.clone(),
        price_factor: factor,
        ip_prefix: v4.into(),
        ipv6_prefix: v6.into(),
    };
    Catalog {
        locations: vec![
            loc(
                "MIA1",
                "United States",
                "Miami",
                true,
                &all,
                1.0,
                "191.96",
                "2804:3d28:1",
            ),
            loc(
                "SAO1",
                "Brazil",
                "São Paulo",
                true,
                &all,
                1.1,
                "177.107",
                "2804:3d28:2",
            ),
            loc(
                "NYC1",
                "United States",
                "New York",
                true,
                &no_windows,
                1.0,
                "162.220",
                "2804:3d28:3",
            ),
            loc(
                "FRA1",
                "Germany",
                "Frankfurt",
                false,
                &no_windows,
                1.2,
                "194.163",
                "2804:3d28:4",
            ),
        ],
        plans: vec![
            plan("1vcpu-1gb-10ssd", 1, 1024, 10, 1000, 5.0),
            plan("1vcpu-2gb-20ssd", 1, 2048, 20, 2000, 10.0),
            plan("2vcpu-4gb-40ssd", 2, 4096, 40, 3000, 20.0),
            plan("4vcpu-8gb-80ssd", 4, 8192, 80, 4000, 40.0),
            plan("8vcpu-16gb-160ssd", 8, 16384, 160, 5000, 80.0),
            plan("12vcpu-32gb-320ssd", 12, 32768, 320, 6000, 160.0),
        ],
        images: images
            .into_iter()
            .map(|(slug, distro, os)| Image {
                slug: slug.into(),
                distro: distro.into(),
                os: os.into(),
            })
            .collect(),
    }
}

fn plan(slug: &str, core: i64, memory: i64, disk: i64, bandwidth: i64, usd: f64) -> Plan {
    Plan {
        slug: slug.into(),
        core,
        memory,
        disk,
        bandwidth,
        monthly_usd: usd,
    }
}

const PEOPLE: [(&str, Option<&str>, &str, Currency); 6] = [
    ("Marina Costa", Some("Acme Hosting"), "acme", Currency::Usd),
    (
        "João Pereira",
        Some("Padaria Digital Ltda"),
        "padaria",
        Currency::Brl,
    ),
    ("Priya Raman", None, "raman", Currency::Usd),
    ("Lucas Almeida", Some("Nimbus Labs"), "nimbus", Currency::Brl),
    ("Grace Hopper", Some("Initech"), "initech", Currency::Usd),
    ("Tomás Silva", None, "silva", Currency::Brl),
];

const ROLES: [&str; 10] = [
    "web",
    "db-primary",
    "staging-api",
    "worker",
    "cache",
    "mail",
    "vpn",
    "ci-runner",
    "grafana",
    "proxy",
];

pub(crate) fn accounts(
    cfg: &SimConfig,
    catalog: &Catalog,
    counters: &mut Counters,
    rng: &mut StdRng,
) -> Vec<Account> {
    let usable: Vec<&Location> = catalog.locations.iter().filter(|l| l.available).collect();
    let mut out = Vec::with_capacity(cfg.accounts);
    for a in 0..cfg.accounts {
        let (name, company, tag, currency) = PEOPLE[a % PEOPLE.len()];
        let tag = if a < PEOPLE.len() {
            tag.to_string()
        } else {
            format!("{tag}{}", a / PEOPLE.len() + 1)
        };
        let first = name
            .split(' ')
            .next()
            .unwrap_or(name)
            .to_ascii_lowercase()
            .replace(['ã', 'á'], "a")
            .replace('ó', "o");
        let mut acct = Account {
            label: format!("letscloud-{tag}"),
            token: format!("lc_{}", lower_alnum(rng, 48)),
            name: name.into(),
            company_name: company.map(str::to_string),
            email: format!("{first}@{tag}.example"),
            currency,
            balance: 150.0 * currency.factor() + f64::from(rng.random_range(0..20_000u32)) / 100.0,
            instances: Vec::new(),
            ssh_keys: Vec::new(),
            snapshots: Vec::new(),
        };
        if a % 2 == 0 {
            for title in ["MacBook Pro", "Deploy Bot"] {
                acct.ssh_keys.push(SshKey {
                    slug: slugify(title),
                    title: title.into(),
                    public_key: crate::names::ssh_public_key(rng, &format!("{}@{tag}", slugify(title))),
                });
            }
        }
        let mut counts = std::collections::HashMap::<String, u32>::new();
        for s in 0..cfg.servers_per_account {
            let location = usable[(s + a) % usable.len()];
            let role = ROLES[s % ROLES.len()];
            let site = location.slug.to_ascii_lowercase();
            let base = format!("{role}-{}", &site[..3]);
            let n = counts.entry(base.clone()).or_insert(0);
            *n += 1;
            let label = format!("{base}-{n:02}");
            let plan = &catalog.plans[rng.random_range(0..4)];
            let image_slug = &location.images[rng.random_range(0..location.images.len() - 1)];
            let image = catalog.images.iter().find(|i| &i.slug == image_slug);
            acct.instances.push(Instance {
                identifier: identifier(rng),
                hostname: format!("{label}.{tag}.example"),
                label,
                cpus: plan.core,
                memory: plan.memory,
                disk: plan.disk,
                location: location.slug.clone(),
                plan: plan.slug.clone(),
                image: image_slug.clone(),
                template_label: image.map(|i| i.distro.clone()).unwrap_or_default(),
                ips: counters.addresses(location),
                root_password: password(rng),
                booted: s % 5 != 3,
                built: true,
                locked: false,
                suspended: s % 5 == 4,
                pending: None,
            });
        }
        for inst in acct.instances.iter().take(if a % 2 == 0 { 2 } else { 0 }) {
            let label = format!("{} before upgrade", inst.label);
            acct.snapshots.push(Snapshot {
                slug: format!("{}-{}", slugify(&label), lower_alnum(rng, 6)),
                label,
                size: (inst.disk / 3).max(1),
                os_reference: inst.image.clone(),
                reference: inst.identifier.clone(),
                build: true,
                locations: vec![inst.location.clone()],
                building: None,
            });
        }
        out.push(acct);
    }
    out
}
