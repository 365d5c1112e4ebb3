import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", ".glint/**", "app/shopify/types/**", "extensions/**/dist/**", "bench/results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Only env.server.ts reads the environment (plus scripts and tests that set it up).
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through app/env.server.ts" }],
    },
  },
  {
    files: ["app/env.server.ts", "scripts/**", "tests/**", "bench/**", "sim/**", "prisma/**", "*.config.ts", "vite.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
