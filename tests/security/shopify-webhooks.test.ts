/**
 * Shopify webhook routes: deliveries with a missing, forged or mismatched HMAC, a tampered body,
 * a replayed event, the wrong topic or missing headers are refused (or, for a replay, acknowledged
 * and ignored) without recording an event or queueing a job.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { startAppUnderTest, type AppUnderTest } from "./support/app-under-test";
import { fromResponse, hostileSuite, reportHostileTally, type HostileCase } from "./support/hostile";
import { shopifyWebhookRequest, type WebhookDelivery } from "./support/shopify-webhook";
import { sideEffects } from "./support/side-effects";

let app: AppUnderTest;

beforeAll(async () => {
  app = await startAppUnderTest();
});
afterAll(async () => {
  await app?.close();
});
reportHostileTally(import.meta.filename);

const TOPICS = [
  { topic: "products/create", file: "webhooks.products.create", body: { id: 9000000001, title: "New product", admin_graphql_api_id: "gid://shopify/Product/9000000001" } },
  { topic: "app/uninstalled", file: "webhooks.app.uninstalled", body: { id: 1, domain: "victim-a.myshopify.com" } },
  { topic: "shop/redact", file: "webhooks.shop.redact", body: { shop_id: 1, shop_domain: "victim-a.myshopify.com" } },
  { topic: "customers/redact", file: "webhooks.customers.redact", body: { shop_id: 1, shop_domain: "victim-a.myshopify.com", customer: { id: 5 } } },
  { topic: "app_purchases_one_time/update", file: "webhooks.app_purchases_one_time.update", body: { app_purchase_one_time: { admin_graphql_api_id: "gid://shopify/AppPurchaseOneTime/1", status: "ACTIVE" } } },
];

const deliver = async (file: string, delivery: Omit<WebhookDelivery, "shop" | "secret"> & Partial<Pick<WebhookDelivery, "shop" | "secret">>) =>
  fromResponse(await app.call(file, shopifyWebhookRequest({ shop: app.shops.a.domain, secret: app.apiSecret, ...delivery })));

const ATTACKS: Array<{ name: string; status: number; delivery: (t: (typeof TOPICS)[number]) => Omit<WebhookDelivery, "shop" | "secret"> & { secret?: string } }> = [
  { name: "no HMAC header", status: 400, delivery: (t) => ({ topic: t.topic, body: JSON.stringify(t.body), headers: { "X-Shopify-Hmac-Sha256": undefined } }) },
  { name: "HMAC signed with another secret", status: 401, delivery: (t) => ({ topic: t.topic, body: JSON.stringify(t.body), secret: "not-the-app-secret-0123456789" }) },
  { name: "body tampered after signing", status: 401, delivery: (t) => ({ topic: t.topic, body: JSON.stringify(t.body), headers: { "X-Shopify-Hmac-Sha256": Buffer.from("tampered").toString("base64") } }) },
];

const tampered = (t: (typeof TOPICS)[number]): HostileCase => ({
  name: `${t.topic}: valid HMAC of another body`,
  status: 401,
  attack: async () => {
    const genuine = shopifyWebhookRequest({ topic: t.topic, shop: app.shops.a.domain, secret: app.apiSecret, body: JSON.stringify(t.body) });
    const headers = new Headers(genuine.headers);
    const forgedBody = JSON.stringify({ ...t.body, injected: true });
    return fromResponse(await app.call(t.file, new Request(genuine.url, { method: "POST", headers, body: forgedBody })));
  },
});

/** A genuine delivery is accepted once; the same event again is acknowledged and does nothing. */
function replay(t: (typeof TOPICS)[number]): HostileCase {
  const eventId = randomUUID();
  let primed = false;
  return {
    name: `${t.topic}: replayed event`,
    status: 200,
    attack: async () => {
      if (!primed) throw new Error("first delivery missing");
      return deliver(t.file, { topic: t.topic, body: JSON.stringify(t.body), eventId, headers: { "X-Shopify-Webhook-Id": randomUUID() } });
    },
    setup: async () => {
      const first = await deliver(t.file, { topic: t.topic, body: JSON.stringify(t.body), eventId });
      if (first.status !== 200) throw new Error(`genuine delivery refused: ${first.status}`);
      primed = true;
    },
  };
}

const cases: HostileCase[] = [
  ...TOPICS.flatMap((t) => ATTACKS.map((a) => ({ name: `${t.topic}: ${a.name}`, status: a.status, attack: () => deliver(t.file, a.delivery(t)) }))),
  ...TOPICS.map(tampered),
  ...TOPICS.slice(0, 2).map(replay),
  {
    name: "products/create signed correctly but sent to the app/uninstalled route",
    status: 400,
    attack: () => deliver("webhooks.app.uninstalled", { topic: "products/create", body: JSON.stringify(TOPICS[0].body) }),
  },
  {
    name: "products/create without a shop domain header",
    status: 400,
    attack: () => deliver("webhooks.products.create", { topic: "products/create", body: JSON.stringify(TOPICS[0].body), headers: { "X-Shopify-Shop-Domain": undefined } }),
  },
  {
    name: "products/create without a topic header",
    status: 400,
    attack: () => deliver("webhooks.products.create", { topic: "products/create", body: JSON.stringify(TOPICS[0].body), headers: { "X-Shopify-Topic": undefined } }),
  },
  {
    name: "products/create with an empty HMAC",
    status: 400,
    attack: () => deliver("webhooks.products.create", { topic: "products/create", body: JSON.stringify(TOPICS[0].body), headers: { "X-Shopify-Hmac-Sha256": "" } }),
  },
];

hostileSuite("Shopify webhook signatures", cases, { sideEffects: () => sideEffects(app.test.ctx, app.storageDir) });
