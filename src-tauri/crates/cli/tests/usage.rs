//! What needs no provider: help everywhere, completions, the account list on an empty data
//! directory, the JSON shapes of lists and errors, and every bad-input case → exit 2 before any
//! request (and before anything is written to the data directory).

mod common;

use clap::CommandFactory;
use common::*;
use fleetdeck_cli::args::Cli;

/// Every command path, e.g. ["server", "create"], from the real clap definition.
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands() {
            let mut path = prefix.clone();
            path.push(sub.get_name().to_owned());
            out.push(path.clone());
            walk(sub, path, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), Vec::new(), &mut out);
    out
}

#[test]
fn clap_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn help_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let paths = command_paths();
    assert!(paths.len() > 50, "only {} command paths", paths.len());
    for p in paths.iter().chain([&Vec::new()]) {
        let out = fleetdeck(dir.path()).args(p).arg("--help").output().unwrap();
        assert!(out.status.success(), "{p:?} --help failed: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains("Usage: fleetdeck"), "{p:?}: {text}");
    }
    // The contract's nouns are all there.
    let top = stdout(&fleetdeck(dir.path()).arg("--help").output().unwrap());
    for noun in [
        "account",
        "region",
        "plan",
        "image",
        "app",
        "server",
        "snapshot",
        "ssh-key",
        "floating-ip",
        "iso",
        "custom-image",
        "backup",
        "tag",
        "invoice",
        "transaction",
        "usage",
        "event",
        "completions",
    ] {
        assert!(top.contains(&format!("  {noun} ")), "no '{noun}' in help:\n{top}");
    }
    assert!(files_under(dir.path()).is_empty(), "help wrote files");
}

#[test]
fn completions_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "_fleetdeck()"),
        ("zsh", "#compdef fleetdeck"),
        ("fish", "complete -c fleetdeck"),
    ] {
        let out = fleetdeck(dir.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains(marker), "{shell} completion lacks {marker}");
        assert!(
            text.contains("floating-ip"),
            "{shell} completion lacks subcommands"
        );
    }
    let out = fleetdeck(dir.path())
        .args(["completions", "powershell"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn account_list_on_an_empty_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let out = fleetdeck(dir.path()).args(["account", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "(none)");

    for args in [
        vec!["-o", "json", "account", "list"],
        vec!["--output", "json", "account", "list"],
        vec!["account", "list", "-o", "json"],
    ] {
        let out = fleetdeck(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(json(&out), serde_json::json!([]), "{args:?}");
        assert!(stderr(&out).is_empty(), "{args:?}: {}", stderr(&out));
    }
    // --data-dir overrides the environment.
    let other = tempfile::tempdir().unwrap();
    let out = fleetdeck(dir.path())
        .args([
            "--data-dir",
            other.path().to_str().unwrap(),
            "-o",
            "json",
            "account",
            "list",
        ])
        .output()
        .unwrap();
    assert_eq!(json(&out), serde_json::json!([]));
}

#[test]
fn lists_over_no_accounts_are_empty_arrays() {
    let dir = tempfile::tempdir().unwrap();
    for noun in [
        "server",
        "snapshot",
        "ssh-key",
        "floating-ip",
        "iso",
        "custom-image",
        "backup",
        "tag",
        "invoice",
        "transaction",
        "event",
        "job",
    ] {
        let out = fleetdeck(dir.path())
            .args(["-o", "json", noun, "list"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{noun}: {}", stderr(&out));
        assert_eq!(json(&out), serde_json::json!([]), "{noun}");
    }
}

#[test]
fn unknown_account_is_not_found_with_one_json_error_object() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["server", "show", "nobody/1"],
        vec!["server", "list", "--account", "nobody"],
        vec!["region", "list", "--account", "nobody"],
        vec!["account", "check", "nobody"],
        vec!["account", "remove", "nobody"],
        vec!["snapshot", "list", "--account", "nobody"],
        vec!["job", "wait", "no-such-job"],
    ] {
        let out = fleetdeck(dir.path())
            .args(["-o", "json"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5), "{args:?}: {}", stderr(&out));
        let doc = json(&out);
        assert_eq!(doc["code"], "notFound", "{args:?}");
        assert!(doc["message"].is_string());
        assert!(stderr(&out).starts_with("error: "), "{args:?}");
    }
    // Without -o json: nothing on stdout, the message on stderr.
    let out = fleetdeck(dir.path())
        .args(["server", "show", "nobody/1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("nobody"));
}

/// Each bad input: exit 2, a message naming the problem, nothing written to the data directory.
#[test]
fn bad_input_is_exit_2_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("missing.pub");
    let key = key.to_str().unwrap();
    let long_name = "x".repeat(65);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        // invalid account names
        (
            vec![
                "account",
                "add",
                "bad name",
                "--provider",
                "cloudzy",
                "--secret-stdin",
            ],
            "invalid account name",
        ),
        (
            vec!["account", "add", &long_name, "--provider", "cloudzy"],
            "invalid account name",
        ),
        (
            vec!["account", "add", "ünï", "--provider", "cloudzy"],
            "invalid account name",
        ),
        (vec!["account", "remove", "a/b"], "invalid account name"),
        (vec!["account", "check", ""], "invalid account name"),
        (
            vec!["server", "list", "--account", "no way"],
            "invalid account name",
        ),
        (
            vec!["region", "list", "--account", "bad!"],
            "invalid account name",
        ),
        (
            vec![
                "server",
                "create",
                "--account",
                "bad!",
                "--name",
                "n",
                "--region",
                "r",
                "--plan",
                "p",
                "--image",
                "i",
            ],
            "invalid account name",
        ),
        // malformed addresses
        (vec!["server", "show", "noslash"], "malformed address"),
        (vec!["server", "show", "work/"], "malformed address"),
        (vec!["server", "start", "bad name/1"], "malformed address"),
        (vec!["server", "reboot", "/1"], "malformed address"),
        (vec!["server", "delete", "nope", "--yes"], "malformed address"),
        (vec!["snapshot", "delete", "x", "--yes"], "malformed address"),
        (vec!["snapshot", "list", "--server", "x"], "malformed address"),
        (vec!["ssh-key", "delete", "x", "--yes"], "malformed address"),
        (vec!["usage", "show", "x"], "malformed address"),
        // unknown provider
        (
            vec!["account", "add", "a", "--provider", "hetzner"],
            "unknown provider",
        ),
        (vec!["account", "add", "a", "--provider", ""], "unknown provider"),
        // http endpoints that are not loopback, and junk endpoints
        (
            vec![
                "account",
                "add",
                "a",
                "--provider",
                "cloudzy",
                "--endpoint",
                "http://example.com",
            ],
            "plain http",
        ),
        (
            vec![
                "account",
                "add",
                "a",
                "--provider",
                "vz",
                "--endpoint",
                "http://10.0.0.1:8443",
            ],
            "plain http",
        ),
        (
            vec![
                "account",
                "add",
                "a",
                "--provider",
                "letscloud",
                "--endpoint",
                "ftp://127.0.0.1",
            ],
            "unsupported scheme",
        ),
        (
            vec![
                "account",
                "add",
                "a",
                "--provider",
                "letscloud",
                "--endpoint",
                "not a url",
            ],
            "not a valid URL",
        ),
        // missing files
        (
            vec![
                "ssh-key",
                "add",
                "--account",
                "a",
                "--name",
                "k",
                "--public-key-file",
                key,
            ],
            "not a readable file",
        ),
        (
            vec!["account", "add", "a", "--provider", "vz", "--server-cert", key],
            "not a readable file",
        ),
        // destructive commands need --yes
        (vec!["server", "delete", "a/1"], "--yes"),
        (vec!["snapshot", "delete", "a/1"], "--yes"),
        (vec!["ssh-key", "delete", "a/1"], "--yes"),
        // commands that overwrite a disk need --yes like deletions
        (
            vec!["server", "reinstall", "a/1", "--image", "debian-12"],
            "--yes",
        ),
        (vec!["snapshot", "restore", "a/1"], "--yes"),
        (vec!["snapshot", "restore", "a/1", "--server", "7"], "--yes"),
        // missing required options, unknown output format, unknown command
        (
            vec!["server", "create", "--account", "a", "--name", "n"],
            "required",
        ),
        (vec!["-o", "yaml", "account", "list"], "invalid value"),
        (vec!["server", "explode", "a/1"], "unrecognized subcommand"),
        (vec!["server", "reinstall", "a/1", "--yes"], "--image"),
        (vec!["server", "resize", "a/1"], "--plan"),
        // no secret and no terminal
        (
            vec!["account", "add", "a", "--provider", "cloudzy"],
            "--secret-stdin",
        ),
        // Cloude.ro without its login name (checked by the fleet before any request)
        (
            vec!["account", "add", "a", "--provider", "cloudero", "--secret-stdin"],
            "username",
        ),
        // vz over https without a pinned certificate, not interactive
        (
            vec![
                "account",
                "add",
                "a",
                "--provider",
                "vz",
                "--endpoint",
                "https://10.0.0.1:8443",
            ],
            "--server-fingerprint",
        ),
        (
            vec!["account", "add", "a", "--provider", "vz"],
            "--server-fingerprint",
        ),
        // a malformed fingerprint; certificate options on a non-vz account
        (
            vec![
                "account",
                "add",
                "a",
                "--provider",
                "vz",
                "--server-fingerprint",
                "abc",
            ],
            "not a SHA-256 fingerprint",
        ),
        (
            vec![
                "account",
                "add",
                "a",
                "--provider",
                "cloudzy",
                "--secret-stdin",
                "--server-fingerprint",
                "ab",
            ],
            "vz accounts only",
        ),
    ];
    for (args, needle) in &cases {
        let out = fleetdeck(dir.path()).args(args).output().unwrap();
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?} → {:?}: {err}",
            out.status.code()
        );
        assert!(err.contains(needle), "{args:?}: stderr lacks '{needle}':\n{err}");
    }
    assert!(
        files_under(dir.path())
            .iter()
            .all(|f| !f.ends_with("accounts.json")),
        "bad input saved an account"
    );
}

#[test]
fn bad_input_with_json_output_prints_the_error_object() {
    let dir = tempfile::tempdir().unwrap();
    let out = fleetdeck(dir.path())
        .args(["-o", "json", "account", "add", "a", "--provider", "cloudzy"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_eq!(doc["code"], "invalidInput");
    assert_eq!(doc["details"]["fields"][0]["field"], "secret");
}

#[test]
fn version_prints() {
    let dir = tempfile::tempdir().unwrap();
    let out = fleetdeck(dir.path()).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).starts_with("fleetdeck "));
}
