/**
 * Admin API types for every `#graphql` operation under app/shopify/operations, generated from the
 * pinned schema file (never downloaded): `npm run graphql-codegen`.
 *
 * Not `shopifyApiProject()`: it only uses a cached schema when it sits in the output folder as
 * admin-<version>.schema.json and otherwise fetches shopify.dev. The pinned file lives in
 * app/shopify/schema/, so the same generates block is spelled out here with that path.
 */
import { ApiType, pluckConfig, preset } from "@shopify/api-codegen-preset";

const schema = "./app/shopify/schema/admin-2026-10.schema.json";
const documents = ["./app/shopify/operations/*.ts"];
const outputDir = "./app/shopify/types";

export default {
  schema,
  documents,
  extensions: {
    codegen: {
      pluckConfig,
      generates: {
        [`${outputDir}/admin.types.d.ts`]: {
          plugins: ["typescript"],
          config: { defaultScalarType: "string", scalars: { JSON: "unknown" }, enumsAsTypes: true },
        },
        [`${outputDir}/admin.generated.d.ts`]: {
          preset,
          presetConfig: { apiType: ApiType.Admin },
        },
      },
    },
  },
};
