import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", ".glint/**", ".cache/**", "app/shopify/types/**", "extensions/**/dist/**", "extensions/node_modules/**", "bench/results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      // The classic hook rules; v7's other "recommended" rules target code compiled by the React Compiler, which we do not use.
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Only env.server.ts reads the environment (plus scripts and tests that set it up).
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through app/env.server.ts" }],
    },
  },
  {
    // Admin UI extensions run in Shopify's extension sandbox (browser globals plus `shopify`).
    files: ["extensions/**/*.{js,jsx}"],
    languageOptions: {
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: Object.fromEntries(
        ["fetch", "AbortSignal", "URLSearchParams", "URL", "console", "setTimeout", "clearTimeout", "document", "shopify"].map((g) => [g, "readonly"]),
      ),
    },
  },
  {
    files: ["app/env.server.ts", "scripts/**", "tests/**", "bench/**", "sim/**", "prisma/**", "*.config.ts", "vite.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
