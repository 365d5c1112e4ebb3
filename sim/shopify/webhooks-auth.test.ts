import type { IncomingMessage } from "node:http";
import { RequestedTokenType, Session } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBody, startHttpServer, type RunningServer } from "../shared/http";
import { signJwt } from "./session-tokens";
import { startSimHarness, TEST_API_KEY, TEST_API_SECRET, type SimHarness } from "./test-client";

interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  valid: boolean;
}

let h: SimHarness;
let app: RunningServer;
const received: Received[] = [];
/** Status codes the fake app answers with, in order; 200 once exhausted. */
let scriptedStatuses: number[] = [];

beforeAll(async () => {
  app = await startHttpServer(async (req, res) => {
    const body = (await readBody(req)).toString("utf8");
    const check = await h.shopify.webhooks.validate({ rawBody: body, rawRequest: req, rawResponse: res });
    received.push({ path: req.url ?? "", headers: req.headers, body, valid: check.valid });
    res.writeHead(scriptedStatuses.shift() ?? 200).end();
  });
  h = await startSimHarness({ productCount: 5, options: { appUrl: app.url, webhookRetryDelaysMs: [30, 60, 90] } });
});
afterAll(async () => {
  await h.sim.close();
  await app.close();
});

const sessionToken = async () => ((await (await fetch(`${h.sim.url}/_sim/session-token?shop=${h.shop.domain}`)).json()) as { token: string }).token;

describe("webhooks", () => {
  it("signs with the app secret, sends Shopify's headers to /webhooks/<topic>, and retries non-2xx answers", async () => {
    received.length = 0;
    scriptedStatuses = [500, 503];
    const [delivery] = await h.sim.deliverWebhook({ shop: h.shop.domain, topic: "app/uninstalled", payload: { id: h.shop.id, myshopify_domain: h.shop.domain } });
    expect(delivery).toEqual({ status: 200, attempts: 3 });
    expect(received).toHaveLength(3);
    expect(received.every((r) => r.valid && r.path === "/webhooks/app/uninstalled")).toBe(true);
    const headers = received[2].headers;
    expect(headers["x-shopify-topic"]).toBe("app/uninstalled");
    expect(headers["x-shopify-shop-domain"]).toBe(h.shop.domain);
    expect(headers["x-shopify-api-version"]).toBe("2026-10");
    expect(headers["x-shopify-event-id"]).toBeTruthy();
    expect(headers["x-shopify-triggered-at"]).toBeTruthy();
    expect(new Set(received.map((r) => r.headers["x-shopify-webhook-id"])).size).toBe(1); // retries of one delivery
  });

  it("gives up after the configured retries", async () => {
    scriptedStatuses = [500, 500, 500, 500];
    const [delivery] = await h.sim.deliverWebhook({ shop: h.shop.domain, topic: "shop/redact", payload: { shop_id: h.shop.id, shop_domain: h.shop.domain } });
    expect(delivery).toEqual({ status: 500, attempts: 4 });
  });

  it("sends duplicates with one event id and distinct webhook ids; a forged HMAC fails validation", async () => {
    received.length = 0;
    scriptedStatuses = [];
    await h.sim.deliverWebhook({ shop: h.shop.domain, topic: "customers/redact", payload: { shop_domain: h.shop.domain }, duplicates: 2, eventId: "evt-1" });
    expect(received.map((r) => r.headers["x-shopify-event-id"])).toEqual(["evt-1", "evt-1", "evt-1"]);
    expect(new Set(received.map((r) => r.headers["x-shopify-webhook-id"])).size).toBe(3);
    received.length = 0;
    await h.sim.deliverWebhook({ shop: h.shop.domain, topic: "customers/data_request", payload: {}, hmacSecret: "not-the-secret" });
    expect(received[0].valid).toBe(false);
  });

  it("creates, updates and deletes products through the control API with REST-shaped product webhooks", async () => {
    received.length = 0;
    const control = (method: string, path: string, body?: object) =>
      fetch(`${h.sim.url}/_sim/shops/${h.shop.domain}${path}`, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    const created = (await (await control("POST", "/products", { title: "Linen Apron", productType: "Apparel", tags: "kitchen, linen", price: "24.00", webhook: true })).json()) as { id: string };
    const numericId = Number(created.id.split("/").pop());
    await control("PUT", `/products/${numericId}`, { title: "Linen Apron (Natural)", webhook: true });
    await control("DELETE", `/products/${numericId}?webhook=1`);
    expect(received.map((r) => r.path)).toEqual(["/webhooks/products/create", "/webhooks/products/update", "/webhooks/products/delete"]);
    const createPayload = JSON.parse(received[0].body);
    expect(createPayload).toMatchObject({ id: numericId, title: "Linen Apron", product_type: "Apparel", tags: "kitchen, linen", admin_graphql_api_id: created.id, status: "active" });
    expect(createPayload.variants[0]).toMatchObject({ price: "24.00", product_id: numericId });
    expect(JSON.parse(received[1].body).title).toBe("Linen Apron (Natural)");
    expect(JSON.parse(received[2].body)).toEqual({ id: numericId });
    expect(h.shop.products.has(numericId)).toBe(false);
  });
});

describe("session tokens and token exchange", () => {
  it("mints session tokens the library accepts", async () => {
    const payload = await h.shopify.session.decodeSessionToken(await sessionToken());
    expect(payload).toMatchObject({ iss: `https://${h.shop.domain}/admin`, dest: `https://${h.shop.domain}`, aud: TEST_API_KEY });
    expect(payload.exp - payload.iat).toBe(60);
  });

  it("exchanges a session token for working offline and online access tokens", async () => {
    const { session } = await h.shopify.auth.tokenExchange({ shop: h.shop.domain, sessionToken: await sessionToken(), requestedTokenType: RequestedTokenType.OfflineAccessToken });
    expect(session.accessToken).toMatch(/^shpat_/);
    const client = new h.shopify.clients.Graphql({ session });
    const { data } = await client.request<{ shop: { myshopifyDomain: string } }>(`{ shop { myshopifyDomain } }`);
    expect(data!.shop.myshopifyDomain).toBe(h.shop.domain);

    const online = await h.shopify.auth.tokenExchange({ shop: h.shop.domain, sessionToken: await sessionToken(), requestedTokenType: RequestedTokenType.OnlineAccessToken });
    expect(online.session.isOnline).toBe(true);
    expect(online.session.onlineAccessInfo?.associated_user.id).toBe(1);
    expect(online.session.expires!.getTime()).toBeGreaterThan(Date.now());
  });

  it("answers the app library's access-scopes query with the granted scopes", async () => {
    const { data } = await h.client.request<{ app: { requestedAccessScopes: { handle: string }[]; installation: { accessScopes: { handle: string }[] } } }>(
      `query FetchAccessScopes { app { requestedAccessScopes { handle } optionalAccessScopes { handle } installation { accessScopes { handle } } } }`,
    );
    expect(data!.app.installation.accessScopes.map((s) => s.handle)).toEqual(["read_products", "write_products", "read_files", "write_files"]);
    expect(data!.app.requestedAccessScopes).toEqual(data!.app.installation.accessScopes);
  });

  it("refuses a subject token for another shop or signed with another secret", async () => {
    const exchange = (subjectToken: string) =>
      fetch(`${h.sim.url}/store/${h.shop.domain}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_id: TEST_API_KEY, client_secret: TEST_API_SECRET, grant_type: "urn:ietf:params:oauth:grant-type:token-exchange", subject_token: subjectToken, subject_token_type: "urn:ietf:params:oauth:token-type:id_token", requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token" }),
      });
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: "https://other.myshopify.com/admin", dest: "https://other.myshopify.com", aud: TEST_API_KEY, sub: "1", exp: now + 60, nbf: now, iat: now, jti: "x", sid: "y" };
    const otherShop = await exchange(signJwt(claims, TEST_API_SECRET));
    expect(otherShop.status).toBe(400);
    expect(((await otherShop.json()) as { error: string }).error).toBe("invalid_subject_token");
    const wrongSecret = await exchange(signJwt({ ...claims, iss: `https://${h.shop.domain}/admin`, dest: `https://${h.shop.domain}` }, "wrong"));
    expect(wrongSecret.status).toBe(400);
  });

  it("stops serving a shop's tokens after app/uninstalled through the control API", async () => {
    const twin = h.sim.addShop({ domain: "uninstall-me.myshopify.com", productCount: 5 });
    const client = new h.shopify.clients.Graphql({ session: new Session({ id: "offline_uninstall-me", shop: twin.domain, state: "", isOnline: false, accessToken: twin.accessToken }) });
    await client.request(`{ shop { name } }`);
    const response = await fetch(`${h.sim.url}/_sim/webhooks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ shop: twin.domain, topic: "app/uninstalled" }) });
    expect(((await response.json()) as { deliveries: { status: number }[] }).deliveries[0].status).toBe(200);
    await expect(client.request(`{ shop { name } }`)).rejects.toThrow(/401|Unauthorized/);
  });
});
