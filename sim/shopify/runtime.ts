import type { SimShop, SimStore } from "./store";
import type { WebhookSender } from "./webhooks";

/** Simulator-wide services the GraphQL resolvers and HTTP routes share. */
export interface SimRuntime {
  store: SimStore;
  /** Base URL of the simulator, e.g. http://127.0.0.1:41234 */
  url: string;
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  mediaProcessingMs: number;
  /** Comma-separated scopes granted to the app (token exchange answers, accessScopes). */
  scopes: string;
  webhooks: WebhookSender;
}

/** Per-request GraphQL context. */
export interface SimContext {
  sim: SimRuntime;
  shop: SimShop;
  /** Summed while resolving: what the query actually cost. */
  actualCost: number;
  /** Bulk operations read whole connections: first/last are not required there. */
  bulk: boolean;
}

export function mediaUrl(sim: SimRuntime, shop: SimShop, mediaId: number, filename: string, updatedAt: number): string {
  return `${sim.url}/cdn/shop/${shop.domain}/files/${mediaId}/${encodeURIComponent(filename)}?v=${Math.floor(updatedAt / 1000)}`;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
