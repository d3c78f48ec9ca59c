// The secrets scan of tests/e2e/secret-scan.mjs can fail: secrets planted in a temporary tree in
// every form it claims to find are found (with the right file and offset), the keyring's own
// directory is skipped, and a clean tree passes. No window needed.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { describeHits, JWT_PATTERN, scanForSecrets, secretForms, secretHash, secretsInText } from "./secret-scan.mjs";

const TOKEN = "lc_s3cr3t-token-0123456789abcdef";
const PASSWORD = 'pw "quoted"\\back/slash+more';
const SECRETS = [
  { label: "token", value: TOKEN },
  { label: "password", value: PASSWORD },
];

describe("the secrets scan", () => {
  let dir;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "fleetdeck-secret-scan-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A fresh subtree of the temp dir. */
  const tree = (name) => {
    const root = path.join(dir, name);
    mkdirSync(root, { recursive: true });
    return root;
  };
  const scan = (root, more = {}) => scanForSecrets({ roots: [root], secrets: SECRETS, ...more });

  it("passes a tree without the secrets", () => {
    const root = tree("clean");
    writeFileSync(path.join(root, "accounts.json"), JSON.stringify({ accounts: [{ name: "lab", token: "lc_other-token-0000" }] }));
    mkdirSync(path.join(root, "nested", "deeper"), { recursive: true });
    writeFileSync(path.join(root, "nested", "deeper", "blob.bin"), Buffer.from([0, 1, 2, 255, 254]));
    const result = scan(root);
    assert.deepEqual(result.hits, []);
    assert.equal(result.files, 2);
  });

  it("finds a plain secret, with its file and byte offset", () => {
    const root = tree("plain");
    const prefix = "2026-12-03 WARN request failed: token=";
    writeFileSync(path.join(root, "app.log"), `${prefix}${TOKEN}\n`);
    const { hits } = scan(root);
    assert.equal(hits.length, 1, describeHits(hits));
    assert.equal(hits[0].file, path.join(root, "app.log"));
    assert.equal(hits[0].offset, Buffer.byteLength(prefix));
    assert.equal(hits[0].label, "token");
    assert.equal(hits[0].form, "utf8");
    assert.equal(hits[0].hash, secretHash(TOKEN));
  });

  it("finds a secret base64-encoded at every alignment inside a longer blob, and base64url", () => {
    for (const pad of [0, 1, 2]) {
      const root = tree(`b64-${pad}`);
      const blob = Buffer.concat([Buffer.alloc(pad + 3, "x"), Buffer.from(TOKEN), Buffer.from("-tail")]).toString("base64");
      writeFileSync(path.join(root, "cookie.txt"), `Authorization: Basic ${blob}\n`);
      const { hits } = scan(root);
      assert.ok(hits.some((h) => h.label === "token" && h.form.startsWith("base64")), `alignment ${pad}: ${describeHits(hits)}`);
    }
    const root = tree("b64url");
    const url = Buffer.from(`?${PASSWORD}`).toString("base64url");
    writeFileSync(path.join(root, "state"), url);
    const { hits } = scan(root);
    assert.ok(hits.some((h) => h.label === "password" && h.form.startsWith("base64")), describeHits(hits));
  });

  it("finds a JSON-escaped, percent-encoded and UTF-16LE secret", () => {
    const root = tree("encoded");
    writeFileSync(path.join(root, "cache.json"), JSON.stringify({ raw: { note: PASSWORD } }));
    writeFileSync(path.join(root, "form-body"), `username=ops&password=${encodeURIComponent(PASSWORD)}`);
    writeFileSync(path.join(root, "localstorage.sqlite3"), Buffer.concat([Buffer.from("SQLite format 3\0"), Buffer.from(TOKEN, "utf16le")]));
    const { hits } = scan(root);
    const found = new Set(hits.map((h) => `${path.basename(h.file)}:${h.label}:${h.form}`));
    assert.ok(found.has("cache.json:password:json"), describeHits(hits));
    assert.ok(found.has("form-body:password:percent"), describeHits(hits));
    assert.ok(found.has("localstorage.sqlite3:token:utf16le"), describeHits(hits));
  });

  it("finds a secret inside a binary file", () => {
    const root = tree("binary");
    const bytes = Buffer.concat([Buffer.from([0x00, 0xff, 0x10, 0x80, 0x00]), Buffer.from(TOKEN), Buffer.from([0x00, 0xfe])]);
    mkdirSync(path.join(root, "WebKitCache", "Version 16", "Records"), { recursive: true });
    const file = path.join(root, "WebKitCache", "Version 16", "Records", "1A2B");
    writeFileSync(file, bytes);
    const { hits } = scan(root);
    assert.deepEqual(
      hits.map((h) => [h.file, h.offset, h.form]),
      [[file, 5, "utf8"]],
    );
  });

  it("skips the excluded keyrings/ directory and says so, but not a keyrings file elsewhere", () => {
    const root = tree("xdg-data");
    mkdirSync(path.join(root, "keyrings"));
    writeFileSync(path.join(root, "keyrings", "login.keyring"), TOKEN);
    mkdirSync(path.join(root, "app", "keyrings"), { recursive: true });
    writeFileSync(path.join(root, "app", "keyrings", "copy"), TOKEN);
    const result = scan(root, { exclude: [path.join(root, "keyrings")] });
    assert.deepEqual(result.skipped, [path.join(root, "keyrings")]);
    assert.deepEqual(
      result.hits.map((h) => h.file),
      [path.join(root, "app", "keyrings", "copy")],
      "only the keyring daemon's own directory is exempt",
    );
    // Without the exclusion the planted keyring file is found too: the exemption is what hid it.
    assert.equal(scan(root).hits.length, 2);
  });

  it("does not follow symlinks out of the tree", () => {
    const outside = tree("outside");
    writeFileSync(path.join(outside, "secret.txt"), TOKEN);
    const root = tree("links");
    symlinkSync(outside, path.join(root, "link"));
    assert.deepEqual(scan(root).hits, []);
  });

  it("finds patterns (a JWT) and never prints a secret in a report", () => {
    const root = tree("jwt");
    const jwt = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from('{"sub":"acct-1","exp":1}').toString("base64url")}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
    writeFileSync(path.join(root, "session"), `x${jwt}\n${TOKEN}`);
    const { hits } = scan(root, { patterns: [JWT_PATTERN] });
    assert.ok(hits.some((h) => h.form === "pattern" && h.offset === 1 && h.hash === secretHash(jwt)), describeHits(hits));
    const report = describeHits(hits);
    assert.ok(!report.includes(TOKEN) && !report.includes(jwt), "the report names hashes only");
    assert.match(report, new RegExp(secretHash(TOKEN)));
  });

  it("refuses a secret too short to prove anything", () => {
    assert.throws(() => scanForSecrets({ roots: [dir], secrets: [{ label: "short", value: "abc" }] }), /shorter than/);
  });

  it("finds secrets in text (a DOM dump) by label only", () => {
    const html = `<pre>{"password": ${JSON.stringify(PASSWORD)}}</pre><div>${TOKEN.slice(0, 10)}</div>`;
    const found = secretsInText(html, SECRETS);
    assert.equal(found.length, 1);
    assert.match(found[0], /^password \(json, sha256 [0-9a-f]{12}…\)$/);
    assert.deepEqual(secretsInText("<div>nothing</div>", SECRETS), []);
  });

  it("lists each form once", () => {
    const forms = secretForms("plain-token-123").map((f) => f.form);
    assert.ok(forms.includes("utf8") && !forms.includes("json") && !forms.includes("percent"), forms.join(","));
  });
});
