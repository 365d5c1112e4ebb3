import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseMultipart, readBody, requestUrl, sendBytes, sendJson, startHttpServer } from "../shared/http";
import { adminFrameHtml, APP_BRIDGE_SCRIPT } from "./admin-frame";
import { decideCharge, verifyConfirmationSignature } from "./billing";
import { seedCatalog } from "./catalog";
import { MediaBytes, requestedSize } from "./cdn";
import { handleControlApi } from "./control-api";
import { executeAdminGraphql, type GraphqlRequest } from "./graphql-executor";
import { handleAccessTokenRequest, isValidAccessToken } from "./oauth";
import type { SimRuntime } from "./runtime";
import { adminSchema, SIM_API_VERSION } from "./schema";
import { SimStore, type ShopPlan, type SimShop } from "./store";
import { LeakyBucket, PLAN_LIMITS } from "./throttle";
import { WebhookSender, type WebhookDelivery, type WebhookInput } from "./webhooks";

export interface ShopifySimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: number;
  apiKey: string;
  apiSecret: string;
  /** Where webhooks and the admin frame point. */
  appUrl: string;
  mediaProcessingMs?: number;
  webhookRetryDelaysMs?: number[];
  /** Scopes granted by token exchange. */
  scopes?: string;
}

export interface ShopifySim {
  url: string;
  close(): Promise<void>;
  /** In-memory state: inspect products, media, charges in tests. */
  store: SimStore;
  addShop(input: { domain: string; name?: string; productCount: number; plan?: ShopPlan; seed?: number }): SimShop;
  deliverWebhook(input: WebhookInput): Promise<WebhookDelivery[]>;
  /** Every webhook attempt made so far. */
  webhookLog: WebhookSender["log"];
}

const DEFAULT_SCOPES = "read_products,write_products,read_files,write_files";
const UNAUTHORIZED = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

function titleCase(handle: string): string {
  return handle.split("-").map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(" ");
}

export async function startShopifySim(options: ShopifySimOptions): Promise<ShopifySim> {
  adminSchema(); // load once up front so the first request is not slow
  const store = new SimStore();
  const webhooks = new WebhookSender({ appUrl: options.appUrl, apiSecret: options.apiSecret, retryDelaysMs: options.webhookRetryDelaysMs ?? [1_000, 5_000, 30_000] });
  const sim: SimRuntime = { store, url: "", apiKey: options.apiKey, apiSecret: options.apiSecret, appUrl: options.appUrl.replace(/\/$/, ""), mediaProcessingMs: options.mediaProcessingMs ?? 300, scopes: options.scopes ?? DEFAULT_SCOPES, webhooks };
  const mediaBytes = new MediaBytes();
  const corsOrigin = new URL(options.appUrl).origin;

  const addShop: ShopifySim["addShop"] = (input) => {
    if (store.shops.has(input.domain)) throw new Error(`shop ${input.domain} already exists`);
    const handle = input.domain.replace(/\.myshopify\.com$/, "");
    const plan = input.plan ?? "standard";
    const limits = PLAN_LIMITS[plan];
    const accessToken = `shpat_${randomBytes(16).toString("hex")}`;
    const shop: SimShop = {
      id: store.nextId(),
      domain: input.domain,
      handle,
      name: input.name ?? titleCase(handle),
      email: `owner@${input.domain}`,
      plan,
      currencyCode: "USD",
      createdAt: Date.now() - 365 * 86_400_000,
      installed: true,
      accessToken,
      accessTokens: new Map([[accessToken, { mode: "offline" as const }]]),
      products: new Map(),
      collections: new Map(),
      media: new Map(),
      stagedUploads: new Map(),
      bulkOperations: new Map(),
      subscriptions: new Map(),
      oneTimePurchases: new Map(),
      bucket: new LeakyBucket(limits.maximumAvailable, limits.restoreRate),
      adminApiCalls: 0,
    };
    seedCatalog(shop, { productCount: input.productCount, seed: input.seed ?? options.seed ?? 1, nextId: () => store.nextId(), now: Date.now() });
    store.shops.set(shop.domain, shop);
    return shop;
  };

  async function handleStore(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    // /store/{shop}/admin/...
    const [, , domain, ...rest] = url.pathname.split("/");
    const shop = store.shop(domain);
    if (!shop) return sendJson(res, 404, { errors: "Not Found" });
    const path = `/${rest.join("/")}`;
    const graphqlMatch = /^\/admin\/api\/([\w-]+)\/graphql\.json$/.exec(path);
    if (graphqlMatch && req.method === "POST") {
      if (!isValidAccessToken(shop, req.headers["x-shopify-access-token"] as string | undefined)) return sendJson(res, 401, UNAUTHORIZED);
      shop.adminApiCalls++;
      const raw = (await readBody(req)).toString("utf8");
      let request: GraphqlRequest;
      try {
        request = (req.headers["content-type"] ?? "").includes("application/graphql") ? { query: raw } : (JSON.parse(raw) as GraphqlRequest);
      } catch {
        return sendJson(res, 400, { errors: "Invalid JSON in request body" });
      }
      const response = await executeAdminGraphql(sim, shop, request);
      return sendJson(res, 200, response, { "x-shopify-api-version": SIM_API_VERSION, "x-request-id": randomBytes(8).toString("hex") });
    }
    if (path === "/admin/oauth/access_token" && req.method === "POST") {
      const raw = (await readBody(req)).toString("utf8");
      const body = (req.headers["content-type"] ?? "").includes("json") ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
      const result = handleAccessTokenRequest(sim, shop, body);
      return sendJson(res, result.status, result.body);
    }
    const chargeMatch = /^\/admin\/charges\/[^/]+\/(\d+)\/(RecurringApplicationCharge|ApplicationCharge)\/\w+$/.exec(path);
    if (chargeMatch && req.method === "GET") {
      const id = Number(chargeMatch[1]);
      const kind = chargeMatch[2] === "RecurringApplicationCharge" ? "subscription" : "oneTime";
      if (!verifyConfirmationSignature(sim, shop, kind, id, url.searchParams.get("signature"))) return sendBytes(res, 403, "Invalid charge signature", "text/plain");
      const decision = url.searchParams.get("decision");
      if (decision === "approve" || decision === "decline") {
        const result = decideCharge(sim, shop, kind, id, decision === "approve");
        if (!result) return sendBytes(res, 409, "This charge is no longer pending", "text/plain");
        res.writeHead(302, { location: result.returnUrl });
        return void res.end();
      }
      return sendBytes(res, 200, chargeConfirmationPage(shop, kind, id, url), "text/html; charset=utf-8");
    }
    return sendJson(res, 404, { errors: "Not Found" });
  }

  function chargeConfirmationPage(shop: SimShop, kind: "subscription" | "oneTime", id: number, url: URL): string {
    const charge = kind === "subscription" ? shop.subscriptions.get(id) : shop.oneTimePurchases.get(id);
    const link = (decision: string) => {
      const target = new URL(url.href);
      target.searchParams.set("decision", decision);
      return `${target.pathname}${target.search}`;
    };
    const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    return `<!doctype html><html><head><title>Approve charge</title></head><body style="font-family:system-ui;max-width:40em;margin:3em auto">
<h1>${escape(shop.name)}: approve ${kind === "subscription" ? "subscription" : "purchase"}</h1>
<p>${escape(charge?.name ?? "Unknown charge")} (${charge?.status ?? "missing"})${charge && "test" in charge && charge.test ? " — test charge" : ""}</p>
<p><a id="approve" href="${link("approve")}">Approve</a> · <a id="decline" href="${link("decline")}">Decline</a></p></body></html>`;
  }

  async function handleStagedUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let key: string;
    let bytes: Buffer;
    if (req.method === "POST") {
      const parts = parseMultipart(await readBody(req), req.headers["content-type"]);
      key = parts.find((p) => p.name === "key")?.data.toString("utf8") ?? "";
      const file = parts.find((p) => p.name === "file");
      if (!file) return sendBytes(res, 400, "<Error><Code>InvalidArgument</Code><Message>Missing file field</Message></Error>", "application/xml");
      bytes = file.data;
    } else if (req.method === "PUT") {
      key = decodeURIComponent(url.pathname.slice("/staged-uploads/".length));
      bytes = await readBody(req);
    } else return sendBytes(res, 405, "", "text/plain");
    const shopId = Number(/^tmp\/(\d+)\//.exec(key)?.[1]);
    const shop = [...store.shops.values()].find((s) => s.id === shopId);
    const upload = shop?.stagedUploads.get(key);
    if (!upload) return sendBytes(res, 403, "<Error><Code>AccessDenied</Code><Message>Invalid upload policy or key</Message></Error>", "application/xml");
    upload.bytes = bytes;
    if (req.method === "PUT") return sendBytes(res, 200, "", "text/plain");
    const location = `${sim.url}/staged-uploads/${key}`;
    return sendBytes(res, 201, `<?xml version='1.0' encoding='UTF-8'?><PostResponse><Location>${location}</Location><Bucket>shopify-staged-uploads</Bucket><Key>${key}</Key><ETag>"${randomBytes(16).toString("hex")}"</ETag></PostResponse>`, "application/xml");
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    const path = url.pathname;
    if (path.startsWith("/store/")) return handleStore(req, res, url);
    if (path.startsWith("/_sim/")) return handleControlApi({ sim, addShop, corsOrigin }, req, res, url);
    if (path.startsWith("/staged-uploads/")) return handleStagedUpload(req, res, url);
    const cdnMatch = /^\/cdn\/shop\/([^/]+)\/files\/(\d+)\//.exec(path);
    if (cdnMatch && req.method === "GET") {
      const shop = store.shop(cdnMatch[1]);
      const media = shop?.media.get(Number(cdnMatch[2]));
      const file = shop && media ? await mediaBytes.get(shop.domain, media, requestedSize(url.searchParams)) : undefined;
      if (!file) return sendBytes(res, 404, "Not Found", "text/plain");
      return sendBytes(res, 200, file.bytes, file.contentType, { "cache-control": "public, max-age=31536000" });
    }
    const bulkMatch = /^\/bulk\/([^/]+)\/(\d+)\.jsonl$/.exec(path);
    if (bulkMatch && req.method === "GET") {
      const jsonl = store.shop(bulkMatch[1])?.bulkOperations.get(Number(bulkMatch[2]))?.jsonl;
      return jsonl === undefined ? sendBytes(res, 404, "Not Found", "text/plain") : sendBytes(res, 200, jsonl, "application/jsonl");
    }
    if (path === "/cdn/app-bridge.js") return sendBytes(res, 200, APP_BRIDGE_SCRIPT, "text/javascript; charset=utf-8", { "access-control-allow-origin": "*" });
    const adminMatch = /^\/admin\/store\/([^/]+)\/apps\/([^/]+)(\/.*)?$/.exec(path);
    if (adminMatch && req.method === "GET") {
      const shop = store.shop(`${adminMatch[1]}.myshopify.com`);
      if (!shop || adminMatch[2] !== sim.apiKey) return sendBytes(res, 404, "App or store not found", "text/plain");
      // Real admin URLs carry the app's own path (…/apps/{key}/app/channels); the frame adds /app itself.
      const appPath = (adminMatch[3] ?? "").replace(/^\/app(?=\/|$)/, "");
      return sendBytes(res, 200, adminFrameHtml({ sim, shop, appPath, search: url.search }), "text/html; charset=utf-8");
    }
    return sendJson(res, 404, { errors: "Not Found" });
  }

  const server = await startHttpServer(handle, { port: options.port });
  sim.url = server.url;
  return {
    url: server.url,
    store,
    addShop,
    deliverWebhook: (input) => webhooks.deliver(input),
    webhookLog: webhooks.log,
    close: async () => {
      webhooks.close();
      await server.close();
    },
  };
}
