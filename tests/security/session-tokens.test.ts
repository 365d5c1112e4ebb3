/**
 * Every JSON API route refuses callers without a genuine, current session token for an installed
 * shop: no token, a token signed with another secret, an expired one, one for another app, an
 * unsigned (alg none) one, garbage. The library answers 401 (App Bridge then fetches a new token)
 * or sends a tokenless request to the login page; nothing is read, queued or charged.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { signJwt } from "../../sim/shopify/session-tokens";
import { apiRequest, startAppUnderTest, type AppUnderTest } from "./support/app-under-test";
import { apiRoutes } from "./support/api-routes";
import { seedTargets, type ShopTargets } from "./support/fixtures";
import { fromResponse, hostileSuite, reportHostileTally, type HostileCase } from "./support/hostile";
import { sideEffects } from "./support/side-effects";

let app: AppUnderTest;
let targets: ShopTargets;

beforeAll(async () => {
  app = await startAppUnderTest({ creditsPerShop: 100 });
  targets = await seedTargets(app, app.shops.a, 1);
});
afterAll(async () => {
  await app?.close();
});
reportHostileTally(import.meta.filename);

/** Claims of a token that would be valid for shop A, to be tampered with. */
function claims(overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  const shop = app.shops.a.domain;
  return { iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: app.apiKey, sub: "1", exp: now + 60, nbf: now, iat: now, jti: "j1", sid: "s1", ...overrides };
}

const unsigned = (body: object) =>
  `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify(body)).toString("base64url")}.`;

const TOKENS: Array<{ name: string; token: () => string | undefined; status: number }> = [
  { name: "no token", token: () => undefined, status: 302 },
  { name: "token signed with another secret", token: () => app.token(app.shops.a.domain, { secret: "attacker-secret-attacker-secret" }), status: 401 },
  { name: "expired token", token: () => app.token(app.shops.a.domain, { lifetimeSeconds: -300 }), status: 401 },
];

const ODD_TOKENS: Array<{ name: string; token: () => string; status: number }> = [
  { name: "token for another app (aud)", token: () => app.token(app.shops.a.domain, { apiKey: "someone-elses-app" }), status: 401 },
  { name: "unsigned token (alg none)", token: () => unsigned(claims()), status: 401 },
  { name: "garbage token", token: () => "not.a.jwt", status: 401 },
  { name: "token with a valid signature over edited claims", token: () => {
    const genuine = app.token(app.shops.a.domain);
    const [header, , signature] = genuine.split(".");
    return `${header}.${Buffer.from(JSON.stringify(claims({ dest: `https://${app.shops.b.domain}` }))).toString("base64url")}.${signature}`;
  }, status: 401 },
  { name: "not-yet-valid token (nbf in the future)", token: () => signJwt(claims({ nbf: Math.floor(Date.now() / 1000) + 3600, exp: Math.floor(Date.now() / 1000) + 7200 }), app.apiSecret), status: 401 },
  { name: "HS256 token keyed with the public api key", token: () => {
    const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
    const body = Buffer.from(JSON.stringify(claims())).toString("base64url");
    return `${header}.${body}.${createHmac("sha256", app.apiKey).update(`${header}.${body}`).digest("base64url")}`;
  }, status: 401 },
];

const routes = () => apiRoutes({ generationId: targets.failed, productGid: app.shops.a.productGids[0] });
const ROUTE_LABELS = apiRoutes({ generationId: "x", productGid: "x" }).map((r) => r.label);

const cases: HostileCase[] = [
  ...ROUTE_LABELS.flatMap((label, index) =>
    TOKENS.map((variant) => ({
      name: `${label} with ${variant.name}`,
      status: variant.status,
      attack: async () => {
        const route = routes()[index];
        const response = await app.call(route.file, apiRequest(route.path, { method: route.method, token: variant.token(), body: route.body }), route.params);
        return fromResponse(response);
      },
    })),
  ),
  ...ODD_TOKENS.map((variant) => ({
    name: `POST /api/generations with ${variant.name}`,
    status: variant.status,
    attack: async () => {
      const route = routes()[3];
      return fromResponse(await app.call(route.file, apiRequest(route.path, { method: "POST", token: variant.token(), body: route.body })));
    },
  })),
];

hostileSuite("session tokens on every API route", cases, { sideEffects: () => sideEffects(app.test.ctx, app.storageDir) });
