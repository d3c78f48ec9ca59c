import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach } from "vitest";

afterEach(async () => {
  cleanup();
  // Unmounting unsubscribes from events asynchronously (listen() answers a promise): let that
  // settle while the mocked event plugin still exists.
  await new Promise((resolve) => setTimeout(resolve, 0));
  clearMocks();
});
