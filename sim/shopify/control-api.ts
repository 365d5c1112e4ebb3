import type { IncomingMessage, ServerResponse } from "node:http";
import { readJson, sendJson } from "../shared/http";
import { decideCharge } from "./billing";
import { gid } from "./ids";
import { createProduct, deleteProduct, updateProduct, type ProductFields } from "./products";
import { mediaUrl, type SimRuntime } from "./runtime";
import { mintSessionToken } from "./session-tokens";
import { mediaStatus, type ShopPlan, type SimMedia, type SimProduct, type SimShop } from "./store";
import { compliancePayload, productDeletePayload, productPayload, shopPayload } from "./webhook-payloads";
import type { WebhookInput } from "./webhooks";

export interface ControlApiDeps {
  sim: SimRuntime;
  addShop(input: { domain: string; name?: string; productCount: number; plan?: ShopPlan; seed?: number }): SimShop;
  corsOrigin: string;
}

export function describeShop(shop: SimShop) {
  return { id: gid("Shop", shop.id), domain: shop.domain, handle: shop.handle, name: shop.name, plan: shop.plan, accessToken: shop.accessToken, productCount: shop.products.size, installed: shop.installed };
}

export function describeMedia(sim: SimRuntime, shop: SimShop, media: SimMedia) {
  return {
    id: gid(media.typename, media.id),
    typename: media.typename,
    alt: media.alt,
    status: mediaStatus(media),
    url: mediaUrl(sim, shop, media.id, media.filename, media.updatedAt),
    width: media.width ?? null,
    height: media.height ?? null,
    mimeType: media.mimeType,
    failure: media.failure ?? null,
  };
}

export function describeProduct(sim: SimRuntime, shop: SimShop, product: SimProduct) {
  const { mediaIds, ...rest } = product;
  return {
    ...rest,
    id: gid("Product", product.id),
    variants: product.variants.map((v) => ({ ...v, id: gid("ProductVariant", v.id), mediaIds: v.mediaIds.map((id) => gid(shop.media.get(id)?.typename ?? "MediaImage", id)) })),
    media: mediaIds.map((id) => shop.media.get(id)).filter((m): m is SimMedia => !!m).map((m) => describeMedia(sim, shop, m)),
  };
}

/** Standard payload for a topic when the caller gives none. */
function defaultPayload(sim: SimRuntime, shop: SimShop, topic: string, productId?: number): unknown {
  if (topic === "app/uninstalled" || topic === "shop/update") return shopPayload(shop);
  if (topic === "shop/redact" || topic === "customers/redact" || topic === "customers/data_request") return compliancePayload(shop, topic);
  if (topic === "products/delete" && productId) return productDeletePayload(productId);
  const product = productId ? shop.products.get(productId) : undefined;
  if (product && (topic === "products/create" || topic === "products/update")) return productPayload(shop, product, (m) => mediaUrl(sim, shop, m.id, m.filename, m.updatedAt));
  throw new Error(`no default payload for ${topic}; pass payload`);
}

const numericId = (value: string) => Number(value.replace(/^gid:\/\/shopify\/\w+\//, ""));

/**
 * JSON control API under /_sim/ so a simulator in another process (demo, e2e, benchmarks) can be
 * driven: shops, products (+ webhooks), webhook delivery, throttle, charges, session tokens.
 */
export async function handleControlApi(deps: ControlApiDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { sim } = deps;
  const cors = { "access-control-allow-origin": deps.corsOrigin, "access-control-allow-headers": "content-type, authorization", vary: "origin" };
  if (req.method === "OPTIONS") {
    res.writeHead(204, { ...cors, "access-control-allow-methods": "GET, POST, PUT, DELETE" });
    res.end();
    return;
  }
  const parts = url.pathname.split("/").filter(Boolean).slice(1); // drop "_sim"
  const method = req.method ?? "GET";
  const shopOf = (domain: string) => {
    const shop = sim.store.shop(domain);
    if (!shop) throw Object.assign(new Error(`unknown shop ${domain}`), { status: 404 });
    return shop;
  };
  try {
    if (parts[0] === "session-token" && method === "GET") {
      const shop = shopOf(url.searchParams.get("shop") ?? "");
      const token = mintSessionToken({ shop: shop.domain, apiKey: sim.apiKey, apiSecret: sim.apiSecret, userId: Number(url.searchParams.get("user") ?? 1) });
      return sendJson(res, 200, { token }, { ...cors, "cache-control": "no-store" });
    }
    if (parts[0] === "webhooks" && parts.length === 1 && method === "POST") {
      const body = await readJson<WebhookInput & { productId?: string }>(req);
      const shop = shopOf(body.shop);
      if (body.topic === "app/uninstalled") {
        // Uninstalling revokes every token; a new token exchange reinstalls.
        shop.installed = false;
        shop.accessTokens.clear();
      }
      const payload = body.payload ?? defaultPayload(sim, shop, body.topic, body.productId ? numericId(body.productId) : undefined);
      return sendJson(res, 200, { deliveries: await sim.webhooks.deliver({ ...body, payload }) });
    }
    if (parts[0] === "webhooks" && parts[1] === "log" && method === "GET") return sendJson(res, 200, { deliveries: sim.webhooks.log });
    if (parts[0] !== "shops") return sendJson(res, 404, { error: "unknown control endpoint" });
    if (parts.length === 1 && method === "POST") {
      const body = await readJson<{ domain: string; name?: string; productCount?: number; plan?: ShopPlan; seed?: number }>(req);
      return sendJson(res, 201, describeShop(deps.addShop({ ...body, productCount: body.productCount ?? 5 })));
    }
    const shop = shopOf(parts[1]);
    const [, , resource, id, action] = parts;
    if (!resource && method === "GET") return sendJson(res, 200, describeShop(shop));
    if (resource === "throttle" && method === "PUT") {
      shop.bucket.configure(await readJson(req));
      return sendJson(res, 200, shop.bucket.status());
    }
    if (resource === "products") {
      if (!id && method === "POST") {
        const body = await readJson<ProductFields & { price?: string; webhook?: boolean }>(req);
        const product = createProduct(sim.store, shop, body);
        if (body.webhook) await sim.webhooks.deliverTopic(shop.domain, "products/create", defaultPayload(sim, shop, "products/create", product.id));
        return sendJson(res, 201, describeProduct(sim, shop, product));
      }
      const product = shop.products.get(numericId(decodeURIComponent(id ?? "")));
      if (!product) return sendJson(res, 404, { error: "unknown product" });
      if (method === "GET") return sendJson(res, 200, describeProduct(sim, shop, product));
      if (method === "PUT") {
        const body = await readJson<ProductFields & { webhook?: boolean }>(req);
        updateProduct(shop, product, body);
        if (body.webhook) await sim.webhooks.deliverTopic(shop.domain, "products/update", defaultPayload(sim, shop, "products/update", product.id));
        return sendJson(res, 200, describeProduct(sim, shop, product));
      }
      if (method === "DELETE") {
        deleteProduct(shop, product.id);
        if (url.searchParams.get("webhook") === "1") await sim.webhooks.deliverTopic(shop.domain, "products/delete", productDeletePayload(product.id));
        return sendJson(res, 200, { deletedProductId: gid("Product", product.id) });
      }
    }
    if (resource === "charges" && (action === "approve" || action === "decline") && method === "POST") {
      const chargeId = numericId(decodeURIComponent(id ?? ""));
      const kind = shop.subscriptions.has(chargeId) ? "subscription" : "oneTime";
      const decision = decideCharge(sim, shop, kind, chargeId, action === "approve");
      return decision ? sendJson(res, 200, decision) : sendJson(res, 404, { error: "no pending charge with that id" });
    }
    return sendJson(res, 404, { error: "unknown control endpoint" });
  } catch (error) {
    const status = (error as { status?: number }).status ?? 400;
    return sendJson(res, status, { error: (error as Error).message }, cors);
  }
}
