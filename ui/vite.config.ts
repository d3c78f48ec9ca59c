/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The Tauri window loads `devUrl` (this server) in dev builds and the embedded `ui/dist` otherwise.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  // WebKitGTK 2.40+ (Debian 12) and WebView2 run ES2021 fine; Safari 15 is Tauri's macOS floor.
  build: { target: ["es2021", "safari15"], outDir: "dist", emptyOutDir: true },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/testing/setup.ts"],
    // Dates are shown in local time (src/i18n/format.ts): tests read them in UTC wherever they run.
    env: { TZ: "UTC" },
    // Whole-app renders take seconds on a loaded 2-core CI machine; a hang still fails.
    testTimeout: 20_000,
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
