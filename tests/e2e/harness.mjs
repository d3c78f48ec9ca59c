// The end-to-end harness: the real app binary (assets embedded) driven by tauri-driver, which
// proxies WebDriver to WebKitWebDriver, from WebdriverIO's standalone `remote()` (ARCHITECTURE.md:
// tests/e2e). Every run gets its own data directory and keyring service so it never touches a user's
// accounts. The driver and the sandbox each run as their own process tree that `stop()` ends whole
// (tests/e2e/processes.mjs): nothing they start may outlive the test file.
import assert from "node:assert/strict";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { remote } from "webdriverio";

import { spawnTree } from "./processes.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCREENSHOTS = path.join(ROOT, "target", "e2e-screenshots");
/** The app's one event channel, read from the generated command map so no test spells it. */
export const FLEET_EVENT = (() => {
  const source = readFileSync(path.join(ROOT, "ui", "src", "bindings", "Commands.ts"), "utf8");
  const found = /export const FLEET_EVENT = "([^"]+)";/.exec(source);
  if (!found) throw new Error("ui/src/bindings/Commands.ts declares no FLEET_EVENT");
  return found[1];
})();
const APP = process.env.FLEETDECK_APP ?? path.join(ROOT, "target", "debug", "fleetdeck-desktop");
const DRIVER = process.env.TAURI_DRIVER ?? "tauri-driver";

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function waitForPort(port, driver, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (driver.exitCode !== null) throw new Error(`tauri-driver exited with ${driver.exitCode}`);
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on ${port} within ${timeoutMs} ms`);
}

/** A promise that settles with `promise` or resolves after `ms`, whichever comes first. */
function withinMs(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/**
 * Start the app with `accounts` seeded into a fresh data directory and `env` added to its
 * environment; answers the WebDriver session and a `stop()` that ends it, the driver and everything
 * the driver started (WebKitWebDriver, the app, WebKit's processes); `stop()` is idempotent and
 * never rejects. When the start fails half-way, what was started is ended before the error. Each test
 * file uses its own `port` (and `port + 1`): a driver that is still exiting keeps its port a while.
 * `application` (default: the debug app or $FLEETDECK_APP) and `dataDir` (default: a fresh temp
 * directory) let the app bench start the release binary or an empty window on a seeded directory.
 * `logFile`, when given, receives the stdout and stderr of the driver and of everything it starts
 * (WebKitWebDriver, the app, WebKit's processes inherit them), appended; otherwise they are this
 * process's own.
 */
export async function launchApp({
  accounts = [],
  port = 4444,
  env: extraEnv = {},
  application = APP,
  dataDir: givenDataDir,
  logFile,
} = {}) {
  const dataDir = givenDataDir ?? mkdtempSync(path.join(tmpdir(), "fleetdeck-e2e-"));
  if (accounts.length > 0) {
    writeFileSync(path.join(dataDir, "accounts.json"), JSON.stringify({ version: 1, accounts }, null, 2));
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const env = {
    ...process.env,
    FLEETDECK_DATA_DIR: dataDir,
    FLEETDECK_KEYRING_SERVICE: process.env.FLEETDECK_KEYRING_SERVICE ?? "fleetdeck-e2e",
    NO_AT_BRIDGE: "1",
    ...extraEnv,
  };
  // The child gets its own copy of the descriptor: the parent's is closed once it is spawned.
  const logFd = logFile === undefined ? null : openSync(logFile, "a");
  let spawned;
  try {
    spawned = spawnTree(DRIVER, ["--port", String(port), "--native-port", String(port + 1)], {
      env,
      stdio: logFd === null ? ["ignore", "inherit", "inherit"] : ["ignore", logFd, logFd],
    });
  } finally {
    if (logFd !== null) closeSync(logFd);
  }
  const { child: driver, stop: stopDriver } = spawned;
  let browser = null;
  let stopping = null;
  const stop = () => {
    stopping ??= (async () => {
      // The session's end closes the app cleanly when the driver still answers; bounded, since a
      // wedged driver would otherwise hold the stop for WebdriverIO's whole request time-out.
      if (browser) await withinMs(browser.deleteSession().catch(() => undefined), 10_000);
      await stopDriver();
    })();
    return stopping;
  };
  try {
    await waitForPort(port, driver);
    // tauri-driver starts WebKitWebDriver beside its own listener and proxies the first request to
    // it at once; on a cold machine WebKitWebDriver is not listening yet and the driver fails the
    // session (CI saw the first file's session refused). Its native port answering is the readiness.
    await waitForPort(port + 1, driver);
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      connectionRetryCount: 0,
      capabilities: {
        // No browserName: WebKitWebDriver refuses the match. Classic WebDriver: tauri-driver
        // does not proxy BiDi, and older WebKitGTK rejects the session otherwise.
        "tauri:options": { application },
        "wdio:enforceWebDriverClassic": true,
      },
    });
    return { browser, dataDir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** `[data-testid=…]` */
export const byTestId = (id) => `[data-testid="${id}"]`;

const SANDBOX = process.env.FLEETDECK_SANDBOX_BIN ?? path.join(ROOT, "target", "debug", "fleetdeck-sandbox");

/**
 * Start a standalone sandbox (`fleetdeck-sandbox serve`) and parse what it prints: one
 * `<kind> <url>` line per provider, `admin <url>`, then `<kind> <label> key=value…` credentials.
 * Answers `{ endpoints, credentials, process, stop }`; `credentials[kind]` lists the seeded accounts
 * as `{ label, user?, password?, token? }`. `args` are extra `serve` flags.
 */
export async function startSandbox({ args = [], timeoutMs = 30_000 } = {}) {
  const { child, stop } = spawnTree(SANDBOX, ["serve", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const endpoints = {};
  const credentials = {};
  let buffered = "";
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sandbox printed no credentials within ${timeoutMs} ms`)), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited with ${code} before it was ready`));
    });
    child.stdout.on("data", (chunk) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const url = /^(\w+) (http:\/\/\S+)$/.exec(line);
        if (url) {
          endpoints[url[1]] = url[2];
          continue;
        }
        const cred = /^(\w+) (\S+) (.*=.*)$/.exec(line);
        if (cred) {
          const entry = { label: cred[2] };
          for (const pair of cred[3].split(" ")) {
            const at = pair.indexOf("=");
            if (at > 0) entry[pair.slice(0, at)] = pair.slice(at + 1);
          }
          (credentials[cred[1]] ??= []).push(entry);
        }
      }
      // Every provider that has an endpoint has printed at least one seeded account.
      const kinds = Object.keys(endpoints).filter((k) => k !== "admin");
      if (kinds.length > 0 && kinds.every((k) => credentials[k]?.length >= 1) && buffered === "") {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve();
      }
    });
  });
  try {
    await ready;
  } catch (e) {
    await stop();
    throw e;
  }
  // The stdout pipe stays read (and drained) until the sandbox ends.
  return { endpoints, credentials, process: child, stop };
}

/** Save `target/e2e-screenshots/<name>.png` once WebKit has painted what the DOM holds (a capture can lag a frame). */
export async function screenshot(browser, name) {
  await browser.execute(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await browser.saveScreenshot(path.join(SCREENSHOTS, `${name}.png`));
}

/** Choose `<option>` `value` of a React-controlled <select> (WebDriver's own choice does not reach React). */
export async function choose(browser, testId, value) {
  await browser.execute(
    (selector, v) => {
      const select = document.querySelector(selector);
      const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set;
      setter.call(select, v);
      select.dispatchEvent(new Event("change", { bubbles: true }));
    },
    byTestId(testId),
    value,
  );
}

/**
 * Add an account through the add-account dialog, as a user would: provider, name, the username
 * when the provider has one, the secret, and the endpoint (a sandbox's) in the "Advanced" section.
 * `signIn` picks a sign-in method by id (`token` for vz/LXD's bearer token); `beforeSubmit` runs with
 * the filled form still open (a screenshot of it, say).
 * Resolves once Rust has checked the credentials, the dialog has closed and the account is listed.
 */
export async function addAccount(browser, { provider, name, endpoint, username, secret, signIn, beforeSubmit }) {
  await browser.$(byTestId("add-account")).click();
  const dialog = await browser.$(byTestId("add-account-dialog"));
  await dialog.waitForDisplayed({ timeout: 10_000 });
  await browser.$(byTestId(`provider-${provider}`)).click();
  // A provider with several sign-in methods (vz/LXD: certificate or bearer token) shows their radios.
  if (signIn !== undefined) await browser.$(byTestId(`sign-in-${signIn}`)).click();
  await browser.$(byTestId("account-input-name")).setValue(name);
  if (username !== undefined) await browser.$(byTestId("account-input-username")).setValue(username);
  await browser.$(byTestId("account-input-secret")).setValue(secret);
  // The endpoint is an override in "Advanced", except where the provider requires one (vz/LXD).
  const advanced = await dialog.$("summary");
  if (await advanced.isExisting()) await advanced.click();
  await browser.$(byTestId("account-input-endpoint")).setValue(endpoint);
  if (beforeSubmit) await beforeSubmit();
  await browser.$(byTestId("add-account-submit")).click();
  // Rust checks the credentials with one read, stores the secret and the dialog closes.
  await dialog.waitForDisplayed({ reverse: true, timeout: 20_000, timeoutMsg: `adding ${name} did not close the dialog` });
  await browser.$(byTestId(`account-${name}`)).waitForDisplayed({ timeout: 10_000 });
}

/** axe-core's browser build, read once (tests/e2e/a11y.e2e.test.mjs injects it into the window). */
let axeSource = null;
/** The impacts an accessibility check fails on. */
export const A11Y_FAILING_IMPACTS = ["serious", "critical"];

/**
 * Run axe-core on the window's document (or on `context`, an axe context: a selector, or
 * `{ include, exclude }`) and answer the violations of impact serious or critical, each as
 * `{ id, impact, summary, help, targets, nodes }`: the rule, its impact, what it asks, its reference page,
 * the CSS selectors of the offending elements and, per element, axe's short account of what fails.
 * The source goes in as the body of the executed script itself: the app's CSP allows no eval and no
 * inline script, and WebDriver's own script is exempt. Injected once per page (it stays on `window`).
 */
export async function checkA11y(browser, context = null) {
  const loaded = await browser.execute(() => typeof window.axe?.run === "function");
  if (!loaded) {
    axeSource ??= readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    await browser.execute(`${axeSource}\nreturn typeof window.axe?.run === "function";`);
    assert.ok(await browser.execute(() => typeof window.axe?.run === "function"), "axe-core did not load in the window");
  }
  const results = await browser.execute(
    async (ctx) => {
      const r = await window.axe.run(ctx ?? document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        summary: v.description,
        help: v.helpUrl,
        targets: v.nodes.map((n) => n.target.join(" ")),
        nodes: v.nodes.map((n) => ({
          target: n.target.join(" "),
          impact: n.impact,
          html: n.html.slice(0, 200),
          summary: (n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 300),
        })),
      }));
    },
    context,
  );
  return results.filter((v) => A11Y_FAILING_IMPACTS.includes(v.impact));
}

/** `violations` of `checkA11y` as readable lines: rule, impact, summary, then each element and what fails. */
export function describeViolations(violations) {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.summary}\n` +
        v.nodes.map((n) => `    ${n.target}\n      ${n.html}\n      ${n.summary}`).join("\n"),
    )
    .join("\n");
}
