//! Running the real `fleetdeck` binary in tests: a private data directory, a private keyring
//! service name, no terminal (stdin is empty), so nothing touches the user's own accounts.
#![allow(dead_code)]

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// The binary with a data directory and a keyring service of the test's own.
pub fn fleetdeck(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("fleetdeck").unwrap();
    cmd.env("FLEETDECK_DATA_DIR", data)
        .env(
            "FLEETDECK_KEYRING_SERVICE",
            format!("fleetdeck-cli-test-{}", std::process::id()),
        )
        .env_remove("RUST_LOG")
        .write_stdin("");
    cmd
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// stdout parsed as exactly one JSON document (fails the test otherwise).
pub fn json(o: &Output) -> serde_json::Value {
    let text = stdout(o);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{text}"))
}

/// Every file under a directory, recursively (to check nothing was written, or no secret was).
pub fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// The sandbox served from a runtime on its own thread, so the test can block on the CLI process.
pub struct SandboxHost {
    pub endpoints: std::collections::BTreeMap<String, String>,
    pub credentials: std::collections::BTreeMap<String, Vec<fleetdeck_sandbox::SeedCredential>>,
    faults: std::collections::BTreeMap<String, fleetdeck_sandbox::FaultHandle>,
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SandboxHost {
    /// Start the simulators of `kinds` with small, fast seed data.
    pub fn start(kinds: &[&str], accounts: usize, servers: usize) -> SandboxHost {
        let cfg = fleetdeck_sandbox::SandboxConfig {
            sim: fleetdeck_sandbox::SimConfig {
                accounts,
                servers_per_account: servers,
                action_delay: std::time::Duration::from_millis(100),
                rng_seed: 11,
            },
            port_base: None,
            admin: false,
            state_file: None,
            kinds: Some(kinds.iter().map(|k| k.to_string()).collect()),
        };
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let sandbox = fleetdeck_sandbox::Sandbox::start(cfg).await.unwrap();
                let endpoints = sandbox
                    .endpoints()
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect();
                let credentials = sandbox
                    .credentials()
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect();
                let faults = sandbox
                    .endpoints()
                    .keys()
                    .map(|k| (k.to_string(), sandbox.faults(k).unwrap()))
                    .collect();
                ready_tx.send((endpoints, credentials, faults)).unwrap();
                let _ = tokio::task::spawn_blocking(move || stop_rx.recv()).await;
                let _ = sandbox.shutdown().await;
            });
        });
        let (endpoints, credentials, faults) = ready_rx.recv().unwrap();
        SandboxHost {
            endpoints,
            credentials,
            faults,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    pub fn endpoint(&self, kind: &str) -> &str {
        &self.endpoints[kind]
    }

    pub fn faults(&self, kind: &str) -> &fleetdeck_sandbox::FaultHandle {
        &self.faults[kind]
    }
}

impl Drop for SandboxHost {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Whether a Secret Service is reachable. Tests that store secrets skip without one, unless
/// `REQUIRE_SECRET_SERVICE=1` (scripts/test.sh sets it) makes its absence a failure.
pub fn keyring_available() -> bool {
    let ok = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && std::process::Command::new("secret-tool")
            .args(["search", "service", "fleetdeck-cli-probe"])
            .output()
            .map(|o| o.status.success() || o.status.code() == Some(1))
            .unwrap_or(false);
    if !ok && std::env::var("REQUIRE_SECRET_SERVICE").as_deref() == Ok("1") {
        panic!("REQUIRE_SECRET_SERVICE=1 but no Secret Service is reachable");
    }
    if !ok {
        eprintln!("skipped: no Secret Service (run under dbus-run-session with gnome-keyring)");
    }
    ok
}

/// Collects everything the CLI printed, to check that no secret ever appears.
#[derive(Default)]
pub struct Transcript(pub String);

impl Transcript {
    pub fn record(&mut self, o: &Output) {
        self.0.push_str(&stdout(o));
        self.0.push_str(&stderr(o));
    }
}

/// One CLI session: a private data directory and everything the CLI printed there (to check that
/// no secret ever appears).
pub struct Cli {
    pub dir: tempfile::TempDir,
    pub t: Transcript,
}

impl Default for Cli {
    fn default() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
            t: Transcript::default(),
        }
    }
}

impl Cli {
    pub fn new() -> Cli {
        Cli::default()
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Run `fleetdeck -o json ARGS` and record what it printed.
    pub fn out(&mut self, args: &[&str]) -> Output {
        let out = fleetdeck(self.dir.path())
            .args(["-o", "json"])
            .args(args)
            .output()
            .unwrap();
        self.t.record(&out);
        out
    }

    /// Run `fleetdeck -o json ARGS`, expect exit `code`, answer stdout as one JSON document. On a
    /// failure that is the error object (src/lib.rs `report_error`), or `Null` where nothing was
    /// printed (a usage error is only on stderr).
    pub fn run(&mut self, args: &[&str], code: i32) -> serde_json::Value {
        let out = self.out(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "fleetdeck {}\nstdout: {}\nstderr: {}",
            args.join(" "),
            stdout(&out),
            stderr(&out)
        );
        if code != 0 && stdout(&out).trim().is_empty() {
            serde_json::Value::Null
        } else {
            json(&out)
        }
    }

    /// Run as a person would (tables): exit 6 with a message naming the provider.
    pub fn unsupported(&mut self, args: &[&str], provider: &str) {
        let out = fleetdeck(self.dir.path()).args(args).output().unwrap();
        self.t.record(&out);
        assert_eq!(out.status.code(), Some(6), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("{provider} does not offer")),
            "{args:?}: {}",
            stderr(&out)
        );
    }

    /// Add the sandbox's seed account `index` of `kind` as `KIND-INDEX` (secret on stdin, never on
    /// the command line) and answer that name.
    pub fn add_seed_account(&mut self, sb: &SandboxHost, kind: &str, index: usize) -> String {
        let cred = &sb.credentials[kind][index];
        let name = format!("{kind}-{index}");
        let mut cmd = fleetdeck(self.dir.path());
        cmd.args(["-o", "json", "account", "add", &name, "--provider", kind])
            .arg("--endpoint")
            .arg(sb.endpoint(kind))
            .arg("--secret-stdin")
            .write_stdin(cred.secret.clone());
        if let Some(u) = &cred.username {
            cmd.args(["--username", u]);
        }
        let out = cmd.output().unwrap();
        self.t.record(&out);
        assert_eq!(out.status.code(), Some(0), "add {name}: {}", stderr(&out));
        assert_eq!(json(&out)["provider"], kind, "add {name}");
        name
    }
}

/// Simulators and a CLI session with every seed account of every simulator added as `KIND-0`,
/// `KIND-1`… The CLI's methods are reached through it (`Deref`).
pub struct SandboxCli {
    /// Dropped first: the simulators stop before the data directory goes.
    pub sb: SandboxHost,
    pub cli: Cli,
}

impl SandboxCli {
    /// Start the simulators of `kinds` with `accounts` seed accounts of `servers` servers each.
    pub fn start(kinds: &[&str], accounts: usize, servers: usize) -> SandboxCli {
        let sb = SandboxHost::start(kinds, accounts, servers);
        let mut cli = Cli::new();
        for kind in kinds {
            for index in 0..sb.credentials[*kind].len() {
                cli.add_seed_account(&sb, kind, index);
            }
        }
        SandboxCli { sb, cli }
    }
}

impl std::ops::Deref for SandboxCli {
    type Target = Cli;
    fn deref(&self) -> &Cli {
        &self.cli
    }
}

impl std::ops::DerefMut for SandboxCli {
    fn deref_mut(&mut self) -> &mut Cli {
        &mut self.cli
    }
}
