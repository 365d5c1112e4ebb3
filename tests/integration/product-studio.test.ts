/**
 * The Product studio's loader and actions against the store simulator: regenerate a result with an
 * edited prompt (a new generation, charged once, a double click joins it, the prompt validated),
 * and images grouped by colour with a colour's generations under that colour.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBalance } from "../../app/billing/ledger.server";
import { readOptions } from "../../app/engine/options";
import type { SimProduct } from "../../sim/shopify/store";
import { apiRequest, startAppUnderTest, type AppUnderTest } from "../security/support/app-under-test";

let app: AppUnderTest;
let studio: { loader: (args: LoaderFunctionArgs) => Promise<unknown>; action: (args: ActionFunctionArgs) => Promise<Response> };
let product: SimProduct;

beforeAll(async () => {
  app = await startAppUnderTest({ productsPerShop: 10, creditsPerShop: 100 });
  // Imported once the environment points at the simulator (shopify.server reads it at import).
  studio = await import("../../app/routes/app.products.$id");
  // A product whose colours each show their own photo, as the simulator seeds them.
  product = [...app.sim.store.requireShop(app.shops.a.domain).products.values()].find(
    (p) => (p.options.find((o) => o.name === "Color")?.values.length ?? 0) > 1 && p.mediaIds.length > 2,
  )!;
  expect(product).toBeDefined();
});
afterAll(async () => {
  await app?.close();
});

const params = () => ({ id: String(product.id) });
const gid = () => `gid://shopify/Product/${product.id}`;

async function act(body: unknown, shop = app.shops.a.domain) {
  const request = apiRequest(`/app/products/${product.id}`, { method: "POST", token: app.token(shop), body });
  const response = await studio.action({ request, params: params(), context: {} });
  return { status: response.status, body: (await response.json()) as { done?: string; error?: { code: string; message: string } } };
}

interface StudioData {
  option: string | null;
  groups: Array<{ value: string; variantIds: string[]; mediaIds: string[] }>;
  generalMediaIds: string[];
  results: Array<{ id: string; prompt: string | null; promptEdited: boolean; group: string | null }>;
}

async function load(): Promise<StudioData> {
  const request = apiRequest(`/app/products/${product.id}`, { token: app.token(app.shops.a.domain) });
  return (await studio.loader({ request, params: params(), context: {} })) as StudioData;
}

const db = () => app.test.ctx.db;
const shopId = () => app.shops.a.id;
const reservations = () => db().ledgerEntry.count({ where: { shopId: shopId(), kind: "reserve" } });

describe("edit prompt and regenerate", () => {
  let originalId: string;

  beforeAll(async () => {
    const generated = await act({ intent: "generate", styles: ["lifestyle"], imagesPerStyle: 1 });
    expect(generated.status).toBe(200);
    const original = await db().generation.findFirstOrThrow({ where: { shopId: shopId() }, orderBy: { createdAt: "desc" } });
    originalId = original.id;
    // What the engine's prompt step records (no worker runs here).
    await db().generation.update({ where: { id: originalId }, data: { prompt: "Lifestyle photo of the product on a kitchen table", promptVersion: "lifestyle@1", status: "ready_for_review" } });
  });

  it("shows the prompt that produced each result", async () => {
    const { results } = await load();
    expect(results.find((r) => r.id === originalId)).toMatchObject({ prompt: "Lifestyle photo of the product on a kitchen table", promptEdited: false });
  });

  it("makes one new generation with the edited prompt, charged once, even when double-clicked", async () => {
    const balanceBefore = await getBalance(db(), shopId());
    const reservedBefore = await reservations();
    const prompt = "  The product on a walnut desk,\n soft morning light  ";
    const [first, second] = await Promise.all([
      act({ intent: "regenerate", generationId: originalId, prompt }),
      act({ intent: "regenerate", generationId: originalId, prompt }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const created = await db().generation.findMany({ where: { shopId: shopId(), id: { not: originalId } } });
    expect(created).toHaveLength(1);
    const original = await db().generation.findUniqueOrThrow({ where: { id: originalId } });
    expect(created[0].requestKey).not.toBe(original.requestKey);
    expect(created[0]).toMatchObject({ style: original.style, productId: original.productId, status: "pending" });
    expect(readOptions(created[0].options).prompt).toBe("The product on a walnut desk, soft morning light");
    expect(await reservations()).toBe(reservedBefore + 1);
    expect(await getBalance(db(), shopId())).toBe(balanceBefore - created[0].creditsReserved);
    // The original result is untouched.
    expect(original.status).toBe("ready_for_review");
  });

  it("refuses an empty or overlong prompt, and another shop's result, with a sentence and nothing created", async () => {
    const before = await db().generation.count();
    const empty = await act({ intent: "regenerate", generationId: originalId, prompt: " \n " });
    expect(empty).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/Write a prompt/) } } });
    const long = await act({ intent: "regenerate", generationId: originalId, prompt: "a".repeat(2_001) });
    expect(long).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/under 2,000 characters/) } } });
    const foreign = await act({ intent: "regenerate", generationId: originalId, prompt: "mine now" }, app.shops.b.domain);
    expect(foreign.status).toBe(404);
    expect(await db().generation.count()).toBe(before);
  });

  it("accepts the same prompt on the JSON API, validated the same way", async () => {
    const post = async (body: unknown) => {
      const response = await app.call("api.generations", apiRequest("/api/generations", { method: "POST", token: app.token(app.shops.a.domain), body }));
      return { status: response.status, body: (await response.json()) as { generations?: Array<{ id: string }>; error?: { message: string } } };
    };
    const bad = await post({ productIds: [gid()], style: "studio", prompt: "" });
    expect(bad).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/Write a prompt/) } } });
    const ok = await post({ productIds: [gid()], style: "studio", prompt: "On white marble <b>with</b> shadows" });
    expect(ok.status).toBe(202);
    const row = await db().generation.findUniqueOrThrow({ where: { id: ok.body.generations![0].id } });
    expect(readOptions(row.options).prompt).toBe("On white marble with shadows");
  });
});

describe("source image", () => {
  it("is never one of Glint's own published results, even when it became the main image", async () => {
    const simShop = app.sim.store.requireShop(app.shops.a.domain);
    const target = [...simShop.products.values()].find((p) => p.id !== product.id && p.mediaIds.length > 1)!;
    const [featured, next] = target.mediaIds;
    const row = await db().product.create({ data: { shopId: shopId(), shopifyId: `gid://shopify/Product/${target.id}`, title: target.title, handle: target.handle, contentHash: "x" } });
    // As after publishing a result as the featured image: Glint's asset carries that media id.
    await db().asset.create({
      data: { shopId: shopId(), productId: row.id, kind: "published", storageKey: "k", checksum: "c", mimeType: "image/png", bytes: 1, shopifyMediaId: `gid://shopify/MediaImage/${featured}` },
    });
    const response = await app.call(
      "api.generations",
      apiRequest("/api/generations", { method: "POST", token: app.token(app.shops.a.domain), body: { productIds: [`gid://shopify/Product/${target.id}`], style: "studio" } }),
    );
    expect(response.status).toBe(202);
    const generation = await db().generation.findFirstOrThrow({ where: { productId: row.id } });
    expect(readOptions(generation.options).sourceImageUrl).toContain(`/files/${next}/`);
  });
});

describe("images grouped by colour", () => {
  it("groups the variants' images by colour, with the general images apart", async () => {
    const data = await load();
    expect(data.option).toBe("Color");
    const colours = product.options.find((o) => o.name === "Color")!.values;
    expect(data.groups.map((g) => g.value)).toEqual(colours);
    for (const group of data.groups) {
      const variants = product.variants.filter((v) => v.selectedOptions.some((o) => o.name === "Color" && o.value === group.value));
      expect(group.variantIds).toEqual(variants.map((v) => `gid://shopify/ProductVariant/${v.id}`));
      expect(group.mediaIds).toEqual([...new Set(variants.flatMap((v) => v.mediaIds))].map((id) => `gid://shopify/MediaImage/${id}`));
    }
    const onVariants = new Set(product.variants.flatMap((v) => v.mediaIds));
    expect(data.generalMediaIds).toEqual(product.mediaIds.filter((id) => !onVariants.has(id)).map((id) => `gid://shopify/MediaImage/${id}`));
  });

  it("generates for one colour from that colour's photo, and shows the result under that colour", async () => {
    const data = await load();
    const group = data.groups[1];
    const generated = await act({ intent: "generate", styles: ["packshot"], imagesPerStyle: 1, variantId: group.variantIds[0] });
    expect(generated.status).toBe(200);
    const row = await db().generation.findFirstOrThrow({ where: { shopId: shopId(), variantId: group.variantIds[0] } });
    // The photo the simulator serves for that colour's media.
    const mediaNumber = group.mediaIds[0].split("/").pop();
    expect(readOptions(row.options).sourceImageUrl).toContain(`/files/${mediaNumber}/`);
    const after = await load();
    expect(after.results.find((r) => r.id === row.id)?.group).toBe(group.value);
    // Results without a variant stay with the whole product.
    expect(after.results.filter((r) => r.id !== row.id).every((r) => r.group === null)).toBe(true);
  });

  it("refuses a variant of another product", async () => {
    const other = [...app.sim.store.requireShop(app.shops.a.domain).products.values()].find((p) => p.id !== product.id)!;
    const refused = await act({ intent: "generate", styles: ["packshot"], imagesPerStyle: 1, variantId: `gid://shopify/ProductVariant/${other.variants[0].id}` });
    expect(refused).toMatchObject({ status: 404, body: { error: { message: expect.stringMatching(/variant is no longer on this product/) } } });
  });
});
