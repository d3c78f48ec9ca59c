// The end-to-end harness: the real app binary (assets embedded) driven by tauri-driver, which
// proxies WebDriver to WebKitWebDriver, from WebdriverIO's standalone `remote()` (TOOLCHAIN.md 6).
// Every run gets its own data directory and keyring service so it never touches a user's accounts.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { remote } from "webdriverio";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCREENSHOTS = path.join(ROOT, "target", "e2e-screenshots");
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

/**
 * Start the app with `accounts` seeded into a fresh data directory and `env` added to its
 * environment; answers the WebDriver session and a `stop()` that ends it and the driver. Each test
 * file uses its own `port` (and `port + 1`): a driver that is still exiting keeps its port a while.
 */
export async function launchApp({ accounts = [], port = 4444, env: extraEnv = {} } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "fleetdeck-e2e-"));
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
  const driver = spawn(DRIVER, ["--port", String(port), "--native-port", String(port + 1)], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    await waitForPort(port, driver);
    const browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      connectionRetryCount: 0,
      capabilities: {
        // No browserName: WebKitWebDriver refuses the match. Classic WebDriver: tauri-driver
        // does not proxy BiDi, and older WebKitGTK rejects the session otherwise.
        "tauri:options": { application: APP },
        "wdio:enforceWebDriverClassic": true,
      },
    });
    const stop = async () => {
      await browser.deleteSession().catch(() => undefined);
      driver.kill("SIGTERM");
    };
    return { browser, dataDir, stop };
  } catch (e) {
    driver.kill("SIGTERM");
    throw e;
  }
}

/** `[data-testid=…]` */
export const byTestId = (id) => `[data-testid="${id}"]`;
