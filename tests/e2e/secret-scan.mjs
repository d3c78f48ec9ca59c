// A secrets scan over files (docs/design-rules.md rule 10: secrets live only in the OS keyring, never in a
// file, log, cache or the web view): every file under the given roots is read as bytes and searched for each
// known secret in the forms it could be written in — UTF-8, UTF-16LE (WebKit's LocalStorage and IndexedDB
// keep strings that way), JSON-escaped, percent-encoded and base64/base64url at each of the three byte
// alignments (so a secret inside a longer base64 blob is found too) — plus optional regular expressions for
// secrets the test cannot know in advance (e.g. session JWTs a provider issued to the app). A hit names the
// file, the byte offset, the form and the secret's label and hash prefix, never the secret itself. Used by
// tests/e2e/secrets.e2e.test.mjs; reusable by any e2e test (no window needed), and tested in
// secret-scan.test.mjs.
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Secrets shorter than this would match by chance (and say nothing): the scan refuses them. */
export const MIN_SECRET_LENGTH = 8;

/** A secret as a report may name it: the first 12 hex digits of its SHA-256. */
export function secretHash(value) {
  return createHash("sha256").update(value, "utf8").digest("hex").slice(0, 12);
}

/**
 * The base64 text that stands for `bytes` wherever they sit in a longer base64 stream: for each
 * of the 3 alignments (0, 1, 2 bytes before them), the characters fully determined by `bytes`.
 */
function base64Inner(bytes) {
  const out = [];
  for (let k = 0; k < 3; k++) {
    const b64 = Buffer.concat([Buffer.alloc(k), bytes]).toString("base64");
    const start = Math.ceil((8 * k) / 6);
    const end = Math.floor((8 * (k + bytes.length)) / 6);
    out.push(b64.slice(start, end));
  }
  return out;
}

/**
 * The byte strings one secret may be written as: `[{ form, bytes }]`, duplicates removed (a token
 * without special characters is its own JSON escape).
 */
export function secretForms(value) {
  const utf8 = Buffer.from(value, "utf8");
  const forms = [
    ["utf8", utf8],
    ["utf16le", Buffer.from(value, "utf16le")],
    ["json", Buffer.from(JSON.stringify(value).slice(1, -1), "utf8")],
    ["percent", Buffer.from(encodeURIComponent(value), "utf8")],
    ...base64Inner(utf8).map((b64, k) => [`base64@${k}`, Buffer.from(b64, "ascii")]),
    ...base64Inner(utf8).map((b64, k) => [`base64url@${k}`, Buffer.from(b64.replaceAll("+", "-").replaceAll("/", "_"), "ascii")]),
  ];
  const seen = new Set();
  const unique = [];
  for (const [form, bytes] of forms) {
    const key = bytes.toString("hex");
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push({ form, bytes });
  }
  return unique;
}

/** Every regular file under `root` (recursively, symlinks not followed), minus `excluded` subtrees. */
function* filesUnder(root, excluded, skippedOut) {
  let stat;
  try {
    stat = lstatSync(root);
  } catch {
    return; // not there: nothing written
  }
  if (excluded.has(path.resolve(root))) {
    skippedOut.push(path.resolve(root));
    return;
  }
  if (stat.isFile()) {
    yield root;
    return;
  }
  if (!stat.isDirectory()) return; // sockets, fifos, symlinks
  for (const name of readdirSync(root).sort()) yield* filesUnder(path.join(root, name), excluded, skippedOut);
}

/**
 * Search every file under `roots` (directories or files) for each of `secrets`
 * (`[{ label, value }]`) in all its `secretForms`, and for each of `patterns` (`[{ label, regex }]`,
 * matched against the bytes read as latin1, so offsets are byte offsets). `exclude` lists absolute
 * paths whose subtree is not read (the keyring's own directory, where secrets belong, encrypted).
 * Answers `{ hits, files, skipped }`: `hits` as `{ file, offset, label, hash, form }` (hash of the
 * secret or of the matched text), `files` the number of files read, `skipped` the excluded paths
 * that existed. Throws on a secret shorter than MIN_SECRET_LENGTH (it would prove nothing).
 */
export function scanForSecrets({ roots, secrets, patterns = [], exclude = [], maxHitsPerFile = 5 }) {
  const needles = [];
  for (const { label, value } of secrets) {
    if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) {
      throw new Error(`secret "${label}" is shorter than ${MIN_SECRET_LENGTH} characters: a scan for it proves nothing`);
    }
    const hash = secretHash(value);
    for (const { form, bytes } of secretForms(value)) needles.push({ label, hash, form, bytes });
  }
  const excluded = new Set(exclude.map((p) => path.resolve(p)));
  const skipped = [];
  const hits = [];
  let files = 0;
  for (const root of roots) {
    for (const file of filesUnder(root, excluded, skipped)) {
      let data;
      try {
        data = readFileSync(file);
      } catch {
        continue; // removed between the listing and the read
      }
      files++;
      let inFile = 0;
      for (const n of needles) {
        for (let at = data.indexOf(n.bytes); at !== -1 && inFile < maxHitsPerFile; at = data.indexOf(n.bytes, at + 1)) {
          hits.push({ file, offset: at, label: n.label, hash: n.hash, form: n.form });
          inFile++;
        }
      }
      if (patterns.length > 0) {
        const text = data.toString("latin1");
        for (const { label, regex } of patterns) {
          const global = new RegExp(regex.source, regex.flags.includes("g") ? regex.flags : `${regex.flags}g`);
          for (const m of text.matchAll(global)) {
            if (inFile >= maxHitsPerFile) break;
            hits.push({ file, offset: m.index, label, hash: secretHash(m[0]), form: "pattern" });
            inFile++;
          }
        }
      }
    }
  }
  return { hits, files, skipped };
}

/** Search one string (a DOM dump, storage contents) for `secrets`: the labels found, never the values. */
export function secretsInText(text, secrets) {
  const data = Buffer.from(text, "utf8");
  const found = [];
  for (const { label, value } of secrets) {
    const forms = secretForms(value).filter((f) => f.form !== "utf16le");
    const hit = forms.find((f) => data.includes(f.bytes));
    if (hit) found.push(`${label} (${hit.form}, sha256 ${secretHash(value)}…)`);
  }
  return found;
}

/** One line per hit, safe to print: path, offset, form, label, hash prefix. */
export function describeHits(hits) {
  return hits.map((h) => `${h.file} @ ${h.offset}: ${h.label} as ${h.form} (sha256 ${h.hash}…)`).join("\n");
}

/** A JSON Web Token (three base64url parts, the header starting `{"`): a session a provider issued. */
export const JWT_PATTERN = { label: "a JSON Web Token", regex: /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ };
