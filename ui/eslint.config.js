// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist", "dist-test", "src/bindings"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // DESIGN.md 13: only ui/src/platform/ talks to Tauri; everything else calls its typed functions.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@tauri-apps/*"],
              message: "Import Tauri only in ui/src/platform/; call its typed functions instead.",
            },
          ],
        },
      ],
    },
  },
  {
    // The one door to Tauri, and the tests that mock its IPC.
    files: ["src/platform/**/*.{ts,tsx}", "src/testing/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": "off" },
  },
);
