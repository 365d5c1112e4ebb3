/**
 * The one seam to Shopify: app config, session storage, authentication, webhooks registration.
 * Every route reaches Shopify through `authenticate` / `unauthenticated` exported here.
 */
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { appContext } from "./app-context.server";
import { grantTrialCredits } from "./billing/trial.server";
import { ensureShop } from "./models/shops.server";
import { simRoutedFetch } from "./shopify/sim-routing.server";

export const API_VERSION = ApiVersion.October26;

const ctx = appContext();
const { env } = ctx;

// Demo and tests: the Admin API, token exchange and billing go to the store simulator.
if (env.SHOPIFY_SIM_URL) setAbstractFetchFunc(simRoutedFetch(env.SHOPIFY_SIM_URL));

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: env.SCOPES.split(","),
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(ctx.db),
  distribution: AppDistribution.AppStore,
  // Shopify-managed install + token exchange: the embedded app never bounces through OAuth redirects.
  future: { unstable_newEmbeddedAuthStrategy: true },
  hooks: {
    afterAuth: async ({ session }) => {
      const shop = await ensureShop(ctx, session.shop);
      await grantTrialCredits(ctx, shop.id);
    },
  },
  logger: { level: env.LOG_LEVEL === "debug" || env.LOG_LEVEL === "trace" ? 3 : 1 },
});

export default shopify;
export const apiVersion = API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
