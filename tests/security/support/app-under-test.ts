/**
 * The app as an attacker meets it, in-process: a private database and Redis prefix (the harness),
 * a store simulator with two installed shops, and the real Remix route modules loaded only after
 * process.env points at them (app/shopify.server.ts reads its configuration at import).
 * Requests are crafted by hand and handed to the routes' loader/action, exactly as Remix would.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { grantCredits } from "../../../app/billing/ledger.server";
import { closeContext } from "../../../app/context.server";
import { ensureShop } from "../../../app/models/shops.server";
import { offlineSessionId } from "../../../app/shopify/admin-client.server";
import { mintSessionToken } from "../../../sim/shopify/session-tokens";
import { startShopifySim, type ShopifySim } from "../../../sim/shopify/server";
import { createTestContext, type TestContext } from "../../support/harness";

export const APP_URL = "http://127.0.0.1:9";
export const SHOP_A = "victim-a.myshopify.com";
export const SHOP_B = "victim-b.myshopify.com";

type RouteHandler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<Response>;
interface RouteModule {
  loader?: RouteHandler;
  action?: RouteHandler;
}

export interface InstalledShop {
  domain: string;
  id: string;
  productGids: string[];
}

export interface AppUnderTest {
  test: TestContext;
  sim: ShopifySim;
  apiKey: string;
  apiSecret: string;
  storageDir: string;
  shops: { a: InstalledShop; b: InstalledShop };
  /** Loads app/routes/<file>.ts (after the environment is set). */
  route(file: string): Promise<RouteModule>;
  /** Calls a route's loader (GET/HEAD/OPTIONS) or action (anything else), as Remix would. */
  call(file: string, request: Request, params?: Record<string, string>): Promise<Response>;
  /** A valid App Bridge session token for a shop (60 s, signed with the app's secret). */
  token(shop: string, overrides?: { secret?: string; apiKey?: string; lifetimeSeconds?: number }): string;
  close(): Promise<void>;
}

export interface AppUnderTestOptions {
  productsPerShop?: number;
  creditsPerShop?: number;
  env?: Record<string, string>;
}

export async function startAppUnderTest(options: AppUnderTestOptions = {}): Promise<AppUnderTest> {
  const storageDir = await mkdtemp(path.join(tmpdir(), "glint-sec-"));
  const test = await createTestContext({ STORAGE_DIR: storageDir, SHOPIFY_APP_URL: APP_URL, ...options.env });
  const { env } = test;
  const sim = await startShopifySim({ port: 0, apiKey: env.SHOPIFY_API_KEY, apiSecret: env.SHOPIFY_API_SECRET, appUrl: APP_URL, mediaProcessingMs: 50 });

  Object.assign(process.env, {
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: env.DATABASE_URL,
    REDIS_URL: env.REDIS_URL,
    REDIS_PREFIX: env.REDIS_PREFIX,
    SHOPIFY_API_KEY: env.SHOPIFY_API_KEY,
    SHOPIFY_API_SECRET: env.SHOPIFY_API_SECRET,
    SHOPIFY_APP_URL: APP_URL,
    SHOPIFY_SIM_URL: sim.url,
    STORAGE_DIR: storageDir,
    ...options.env,
  });

  const install = async (domain: string, seed: number): Promise<InstalledShop> => {
    const simShop = sim.addShop({ domain, productCount: options.productsPerShop ?? 3, seed });
    const shop = await ensureShop(test.ctx, domain);
    // An installed shop: the offline session holds the simulator's access token.
    await test.ctx.db.session.create({
      data: { id: offlineSessionId(domain), shop: domain, state: "installed", isOnline: false, accessToken: simShop.accessToken, scope: "read_products,write_products,read_files,write_files" },
    });
    if (options.creditsPerShop) {
      await grantCredits(test.ctx.db, { shopId: shop.id, amount: options.creditsPerShop, idempotencyKey: "security-seed", reason: "test credits" });
    }
    return { domain, id: shop.id, productGids: [...simShop.products.keys()].map((id) => `gid://shopify/Product/${id}`) };
  };
  const shops = { a: await install(SHOP_A, 11), b: await install(SHOP_B, 23) };

  const modules = new Map<string, RouteModule>();
  const route = async (file: string): Promise<RouteModule> => {
    let module = modules.get(file);
    if (!module) {
      module = (await import(`../../../app/routes/${file}.ts`)) as RouteModule;
      modules.set(file, module);
    }
    return module;
  };

  return {
    test,
    sim,
    apiKey: env.SHOPIFY_API_KEY,
    apiSecret: env.SHOPIFY_API_SECRET,
    storageDir,
    shops,
    route,
    async call(file, request, params = {}) {
      const module = await route(file);
      const reads = ["GET", "HEAD", "OPTIONS"].includes(request.method);
      const handler = reads ? (module.loader ?? module.action) : (module.action ?? module.loader);
      if (!handler) throw new Error(`route ${file} has no handler for ${request.method}`);
      try {
        return await handler({ request, params, context: {} });
      } catch (thrown) {
        // Remix turns a thrown Response into the HTTP answer.
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    },
    token(shop, overrides = {}) {
      return mintSessionToken({
        shop,
        apiKey: overrides.apiKey ?? env.SHOPIFY_API_KEY,
        apiSecret: overrides.secret ?? env.SHOPIFY_API_SECRET,
        lifetimeSeconds: overrides.lifetimeSeconds,
      });
    },
    async close() {
      if (modules.size) {
        const { appContext } = await import("../../../app/app-context.server");
        await closeContext(appContext());
      }
      await sim.close();
      await test.cleanup();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

/** A request to the app as a browser or extension would send it. */
export function apiRequest(
  pathAndQuery: string,
  init: { method?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Request {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.rawBody !== undefined) headers["Content-Type"] ??= "application/json";
  return new Request(`${APP_URL}${pathAndQuery}`, {
    method: init.method ?? "GET",
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
}
