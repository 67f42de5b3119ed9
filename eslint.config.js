import { readdirSync } from "node:fs";
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import reactRefresh from "eslint-plugin-react-refresh";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Every folder under src/features: each may import only itself (plus shared layers). */
const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * The layering of src/ (bulletproof-react): features never import each other; shared UI
 * (components) and configured libraries (lib) never import features, stores or the app.
 */
const boundaries = [
  ...features.map((name) => ({
    target: `./src/features/${name}`,
    from: "./src/features",
    except: [`./${name}`],
    message: "Features do not import each other; move what they share to src/stores, src/components or src/lib.",
  })),
  {
    target: ["./src/components", "./src/lib"],
    from: ["./src/features", "./src/stores", "./src/app"],
    message: "src/components and src/lib are shared layers: they never import features, stores or the app.",
  },
];

export default defineConfig([
  globalIgnores([
    "dist",
    "target",
    "node_modules",
    "src-tauri",
    "tests/lab",
    "openspec",
    "src/lib/tauri/bindings.ts",
    // Broken on purpose; src/test/check-lint-rules.mjs lints them and expects errors.
    "src/test/lint-fixtures",
  ]),
  {
    files: ["**/*.{ts,tsx}"],
    extends: [
      js.configs.recommended,
      tseslint.configs.recommended,
      reactHooks.configs.flat["recommended-latest"],
      reactRefresh.configs.vite,
    ],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "import-x": importX },
    settings: {
      // The TypeScript preset tells import-x how to parse the files it follows (no-cycle needs it).
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "import-x/no-restricted-paths": ["error", { zones: boundaries }],
      "import-x/no-cycle": "error",
    },
  },
  {
    files: ["*.config.{js,ts}", "src/test/count-reporter.ts"],
    languageOptions: { globals: globals.node },
  },
  {
    files: ["**/*.{js,mjs}"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
]);
