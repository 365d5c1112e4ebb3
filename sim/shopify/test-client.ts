import "@shopify/shopify-api/adapters/node";
import { type ApiVersion, LogSeverity, Session, shopifyApi, type Shopify } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { simRoutedFetch } from "../../app/shopify/sim-routing.server";
import { SIM_API_VERSION } from "./schema";
import { startShopifySim, type ShopifySim, type ShopifySimOptions } from "./server";
import type { SimShop } from "./store";

export const TEST_API_KEY = "sim-test-api-key";
export const TEST_API_SECRET = "sim-test-api-secret";

export interface SimHarness {
  sim: ShopifySim;
  shopify: Shopify;
  shop: SimShop;
  /** The real @shopify/shopify-api GraphQL client with an offline session for the shop. */
  client: InstanceType<Shopify["clients"]["Graphql"]>;
}

/**
 * Starts the store simulator on a random port with one shop, and points the real Shopify library at
 * it (fetches to https://*.myshopify.com are routed to the simulator).
 */
export async function startSimHarness(input: { productCount?: number; plan?: "basic" | "standard" | "advanced" | "plus"; options?: Partial<ShopifySimOptions> } = {}): Promise<SimHarness> {
  const sim = await startShopifySim({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: "http://127.0.0.1:9", mediaProcessingMs: 100, webhookRetryDelaysMs: [20, 40], ...input.options });
  setAbstractFetchFunc(simRoutedFetch(sim.url));
  const shopify = shopifyApi({
    apiKey: TEST_API_KEY,
    apiSecretKey: TEST_API_SECRET,
    apiVersion: SIM_API_VERSION as ApiVersion,
    isEmbeddedApp: true,
    hostName: "127.0.0.1",
    hostScheme: "http",
    scopes: ["read_products", "write_products"],
    logger: { level: LogSeverity.Error },
  });
  const shop = sim.addShop({ domain: "glint-test.myshopify.com", productCount: input.productCount ?? 30, plan: input.plan, seed: 7 });
  const session = new Session({ id: `offline_${shop.domain}`, shop: shop.domain, state: "", isOnline: false, accessToken: shop.accessToken });
  return { sim, shopify, shop, client: new shopify.clients.Graphql({ session }) };
}
