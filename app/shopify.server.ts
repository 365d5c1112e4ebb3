/**
 * The one seam to Shopify: app config, session storage, authentication, webhooks registration.
 * Every route reaches Shopify through `authenticate` / `unauthenticated` exported here.
 */
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { LogSeverity, shopifyApi, WebhookType, WebhookValidationErrorReason } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { appContext } from "./app-context.server";
import { grantTrialCredits } from "./billing/trial.server";
import { ensureShop } from "./models/shops.server";
import { simRoutedFetch } from "./shopify/sim-routing.server";
import type { VerifiedWebhook } from "./shopify/webhook-intake.server";

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

/**
 * Webhook intake's HMAC check, by the same library validator authenticate.webhook uses. The
 * intake does not call authenticate.webhook because that also loads (and may refresh) the shop's
 * offline session on every delivery: a database read, sometimes a token call, on the path Shopify
 * times. Jobs that need the Admin API load the session themselves.
 */
const webhookValidator = shopifyApi({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: env.SCOPES.split(","),
  hostName: new URL(env.SHOPIFY_APP_URL).host,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
}).webhooks;

/** Throws a Response like authenticate.webhook: 405 not POST, 401 bad HMAC, 400 missing headers or body. */
export async function verifyWebhook(request: Request): Promise<VerifiedWebhook> {
  if (request.method !== "POST") throw new Response(undefined, { status: 405, statusText: "Method not allowed" });
  const rawBody = await request.text();
  const check = await webhookValidator.validate({ rawBody, rawRequest: request });
  if (!check.valid) {
    const status = check.reason === WebhookValidationErrorReason.InvalidHmac ? 401 : 400;
    throw new Response(undefined, { status, statusText: status === 401 ? "Unauthorized" : "Bad Request" });
  }
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(rawBody) as Record<string, unknown>;
  } catch {
    throw new Response(undefined, { status: 400, statusText: "Bad Request" });
  }
  return {
    shop: check.domain,
    topic: check.topic,
    webhookId: check.webhookId,
    eventId: check.webhookType === WebhookType.Webhooks ? check.eventId : undefined,
    payload,
  };
}
