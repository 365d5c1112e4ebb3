/**
 * The headless end-to-end check behind `npm run demo -- --smoke`: one bulk generation over N seeded
 * products, through the app's JSON API exactly as the admin extension calls it (session token),
 * then approval and write-back, verified in the store simulator. Exit status tells whether all of
 * it worked.
 */
import type { Stack } from "./stack";

export interface SmokeSummary {
  ok: boolean;
  lines: string[];
}

interface GenerationView {
  id: string;
  productId: string;
  status: string;
  creditsReserved: number;
  creditsCharged: number;
  errorMessage?: string | null;
}

const TERMINAL_REVIEW = new Set(["ready_for_review", "failed", "cancelled"]);
const TERMINAL_PUBLISH = new Set(["published", "failed", "cancelled"]);

export class AppApi {
  constructor(private readonly stack: Stack) {}

  private async token(): Promise<string> {
    const url = `${this.stack.sims.urls.shopify}/_sim/session-token?shop=${encodeURIComponent(this.stack.shopDomain)}`;
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`session token: HTTP ${response.status}`);
    return ((await response.json()) as { token: string }).token;
  }

  async call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.stack.appUrl}${path}`, {
      method,
      // A browser-like User-Agent: the Shopify library answers 410 to clients isbot calls bots (Node's fetch is one).
      headers: { Authorization: `Bearer ${await this.token()}`, "Content-Type": "application/json", "User-Agent": "Mozilla/5.0 (Glint smoke)" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await response.json().catch(() => ({}))) as T & { error?: { message: string } };
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${json.error?.message ?? ""}`.trim());
    return json;
  }

  /** Polls the batch until every generation is in one of `done`, or the deadline passes. */
  async waitForBatch(batchId: string, done: Set<string>, timeoutMs: number): Promise<GenerationView[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { generations } = await this.call<{ generations: GenerationView[] }>("GET", `/api/generations?batchId=${batchId}`);
      if (generations.every((g) => done.has(g.status))) return generations;
      if (Date.now() > deadline) {
        const stuck = generations.filter((g) => !done.has(g.status)).map((g) => `${g.id}:${g.status}`);
        throw new Error(`timed out waiting for ${stuck.join(", ")}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function simProductMedia(stack: Stack, productId: string): Promise<Array<{ id: string; status: string }>> {
  const url = `${stack.sims.urls.shopify}/_sim/shops/${encodeURIComponent(stack.shopDomain)}/products/${encodeURIComponent(productId)}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`store simulator: product ${productId}: HTTP ${response.status}`);
  return ((await response.json()) as { media: Array<{ id: string; status: string }> }).media;
}

export async function runSmoke(stack: Stack, options: { products: number; style?: string }): Promise<SmokeSummary> {
  const started = Date.now();
  const api = new AppApi(stack);
  const style = options.style ?? "studio";

  const { products } = await api.call<{ products: Array<{ id: string; title: string }> }>(
    "GET",
    `/api/products?first=${options.products}`,
  );
  if (products.length < options.products) throw new Error(`expected ${options.products} products, got ${products.length}`);
  const mediaBefore = new Map<string, number>();
  for (const p of products) mediaBefore.set(p.id, (await simProductMedia(stack, p.id)).length);

  const balanceBefore = (await api.call<{ balance: number }>("GET", "/api/credits")).balance;
  const created = await api.call<{ batchId: string; generations: GenerationView[] }>("POST", "/api/generations", {
    productIds: products.map((p) => p.id),
    style,
  });

  const reviewed = await api.waitForBatch(created.batchId, TERMINAL_REVIEW, 120_000);
  for (const g of reviewed.filter((g) => g.status === "ready_for_review")) {
    await api.call("POST", `/api/generations/${g.id}/approve`, {});
  }
  const finished = await api.waitForBatch(created.batchId, TERMINAL_PUBLISH, 120_000);

  const published = finished.filter((g) => g.status === "published");
  const failures = finished.filter((g) => g.status !== "published");
  let mediaAdded = 0;
  let mediaNotReady = 0;
  for (const g of published) {
    const media = await simProductMedia(stack, g.productId);
    mediaAdded += media.length - (mediaBefore.get(g.productId) ?? 0);
    mediaNotReady += media.filter((m) => m.status !== "READY").length;
  }
  const balanceAfter = (await api.call<{ balance: number }>("GET", "/api/credits")).balance;
  const charged = finished.reduce((sum, g) => sum + g.creditsCharged, 0);

  const ok =
    failures.length === 0 &&
    published.length === options.products &&
    mediaAdded === options.products &&
    mediaNotReady === 0 &&
    balanceBefore - balanceAfter === charged;
  const lines = [
    `smoke: jobs ${finished.length}, published ${published.length}, failures ${failures.length}`,
    `smoke: media added ${mediaAdded} (not READY: ${mediaNotReady})`,
    `smoke: credits charged ${charged}, balance ${balanceBefore} → ${balanceAfter}`,
    `smoke: seconds ${((Date.now() - started) / 1000).toFixed(1)}`,
    ...failures.map((g) => `smoke: failed ${g.productId}: ${g.status} ${g.errorMessage ?? ""}`),
    `smoke: ${ok ? "OK" : "FAILED"}`,
  ];
  return { ok, lines };
}
