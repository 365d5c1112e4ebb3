import { GraphqlQueryError } from "@shopify/shopify-api";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimHarness, type SimHarness } from "./test-client";

let h: SimHarness;
beforeAll(async () => {
  h = await startSimHarness({ productCount: 60 });
});
afterAll(async () => h.sim.close());

interface ProductPage {
  products: { edges: { cursor: string; node: { id: string; title: string; productType: string; createdAt: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const PAGE = `#graphql
  query Page($first: Int!, $after: String, $query: String, $sortKey: ProductSortKeys) {
    products(first: $first, after: $after, query: $query, sortKey: $sortKey) {
      edges { cursor node { id title productType createdAt } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

async function errorOf(promise: Promise<unknown>): Promise<GraphqlQueryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphqlQueryError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

describe("Shopify store simulator: products over the real GraphQL client", () => {
  it("answers shop details", async () => {
    const { data } = await h.client.request<{ shop: { name: string; myshopifyDomain: string; currencyCode: string; plan: { displayName: string; shopifyPlus: boolean } } }>(
      `{ shop { name myshopifyDomain currencyCode plan { displayName shopifyPlus } } }`,
    );
    expect(data?.shop).toEqual({ name: "Glint Test", myshopifyDomain: "glint-test.myshopify.com", currencyCode: "USD", plan: { displayName: "Shopify", shopifyPlus: false } });
  });

  it("pages through the whole catalog with cursors, each product once", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { data }: { data?: ProductPage } = await h.client.request<ProductPage>(PAGE, { variables: { first: 25, after } });
      seen.push(...data!.products.edges.map((e) => e.node.id));
      after = data!.products.pageInfo.hasNextPage ? data!.products.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(60);
    expect(seen[0]).toMatch(/^gid:\/\/shopify\/Product\/\d+$/);
  });

  it("filters with Shopify search syntax: product_type, title prefix, tag, created_at, plain text and negation", async () => {
    const all = [...h.shop.products.values()];
    const count = async (query: string) => {
      const { data } = await h.client.request<ProductPage>(PAGE, { variables: { first: 250, query } });
      return data!.products.edges.map((e) => e.node);
    };
    const watches = await count("product_type:Watch");
    expect(watches.length).toBe(all.filter((p) => p.productType === "Watch").length);
    expect(watches.length).toBeGreaterThan(0);
    expect(watches.every((p) => p.productType === "Watch")).toBe(true);

    const firstWord = all[0].title.split(" ")[0];
    const prefixed = await count(`title:${firstWord}*`);
    expect(prefixed.length).toBeGreaterThan(0);
    expect(prefixed.every((p) => p.title.toLowerCase().startsWith(firstWord.toLowerCase()) || p.title.toLowerCase().includes(` ${firstWord.toLowerCase()}`))).toBe(true);

    const tagged = await count("tag:gift");
    expect(tagged.length).toBe(all.filter((p) => p.tags.includes("gift")).length);

    const cutoff = new Date(all[40].createdAt).toISOString();
    const recent = await count(`created_at:>'${cutoff}'`.replace(/'/g, ""));
    expect(recent.length).toBe(all.filter((p) => p.createdAt > Date.parse(cutoff)).length);

    const notWatches = await count("-product_type:Watch");
    expect(notWatches.length).toBe(60 - watches.length);

    const vendor = all[3].vendor;
    const plain = await count(`"${vendor}"`);
    expect(plain.length).toBe(all.filter((p) => `${p.title} ${p.vendor} ${p.productType} ${p.tags.join(" ")}`.toLowerCase().includes(vendor.toLowerCase())).length);
  });

  it("sorts by title and reverses", async () => {
    const { data } = await h.client.request<ProductPage>(PAGE, { variables: { first: 10, sortKey: "TITLE" } });
    const titles = data!.products.edges.map((e) => e.node.title.toLowerCase());
    expect(titles).toEqual([...titles].sort());
  });

  it("returns product details, variants, options, collections and seeded photos that really download", async () => {
    const product = [...h.shop.products.values()][2];
    const { data } = await h.client.request<{ product: { title: string; totalInventory: number; priceRangeV2: { minVariantPrice: { amount: string } }; featuredMedia: { image: { url: string; width: number } }; media: { nodes: { status: string; mediaContentType: string }[] }; variants: { nodes: { price: string; selectedOptions: { name: string }[] }[] }; options: { name: string; values: string[] }[]; collections: { nodes: { title: string }[] } } }>(
      `query P($id: ID!) { product(id: $id) {
        title totalInventory priceRangeV2 { minVariantPrice { amount currencyCode } }
        featuredMedia { ... on MediaImage { image { url width height } } }
        media(first: 10) { nodes { status mediaContentType } }
        variants(first: 20) { nodes { price selectedOptions { name value } } }
        options { name values }
        collections(first: 5) { nodes { title } }
      } }`,
      { variables: { id: `gid://shopify/Product/${product.id}` } },
    );
    expect(data!.product.title).toBe(product.title);
    expect(data!.product.media.nodes.length).toBe(product.mediaIds.length);
    expect(data!.product.media.nodes.every((m) => m.status === "READY" && m.mediaContentType === "IMAGE")).toBe(true);
    expect(data!.product.variants.nodes.length).toBe(product.variants.length);
    expect(data!.product.options.map((o) => o.name)).toEqual(product.options.map((o) => o.name));
    // Its category's collection first, then any curated ones it was picked for.
    expect(data!.product.collections.nodes.map((c) => c.title)).toEqual(product.collectionIds.map((id) => h.shop.collections.get(id)!.title));
    expect(data!.product.collections.nodes[0].title).not.toBe("Bestsellers");
    const image = await fetch(data!.product.featuredMedia.image.url);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it("resizes images on the CDN for url(transform: {maxWidth})", async () => {
    const id = `gid://shopify/Product/${[...h.shop.products.keys()][4]}`;
    const { data } = await h.client.request<{ product: { featuredMedia: { image: { full: string; thumb: string } } } }>(
      `query T($id: ID!) { product(id: $id) { featuredMedia { ... on MediaImage { image { full: url thumb: url(transform: { maxWidth: 160, maxHeight: 160 }) } } } } }`,
      { variables: { id } },
    );
    const size = async (url: string) => (await sharp(Buffer.from(await (await fetch(url)).arrayBuffer())).metadata()).width;
    expect(await size(data!.product.featuredMedia.image.thumb)).toBe(160);
    expect(await size(data!.product.featuredMedia.image.full)).toBe(1024);
  });

  it("counts products, resolves node/nodes, and lists collection products", async () => {
    const ids = [...h.shop.products.keys()].slice(0, 2).map((id) => `gid://shopify/Product/${id}`);
    const { data } = await h.client.request<{ productsCount: { count: number }; nodes: ({ id: string } | null)[]; collections: { nodes: { title: string; products: { nodes: { productType: string }[] } }[] } }>(
      `query C($ids: [ID!]!) { productsCount(query: "status:active") { count precision } nodes(ids: $ids) { id ... on Product { title } }
        collections(first: 10) { nodes { title products(first: 50) { nodes { productType } } } } }`,
      { variables: { ids: [...ids, "gid://shopify/Product/1"] } },
    );
    expect(data!.productsCount.count).toBe([...h.shop.products.values()].filter((p) => p.status === "ACTIVE").length);
    expect(data!.nodes.map((n) => n?.id ?? null)).toEqual([...ids, null]);
    const watches = data!.collections.nodes.find((c) => c.title === "Watches")!;
    expect(watches.products.nodes.length).toBeGreaterThan(0);
    expect(watches.products.nodes.every((p) => p.productType === "Watch")).toBe(true);
  });

  it("lists collections by title and filters products by collection_id, as Shopify's search does", async () => {
    const { data } = await h.client.request<{ collections: { nodes: { id: string; title: string }[] } }>(`{ collections(first: 50, sortKey: TITLE) { nodes { id title } } }`);
    const titles = data!.collections.nodes.map((c) => c.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));
    expect(titles).toEqual(expect.arrayContaining(["Bestsellers", "Gift Ideas", "Watches"]));
    const gifts = data!.collections.nodes.find((c) => c.title === "Gift Ideas")!;
    const numericId = gifts.id.split("/").pop()!;
    const members = [...h.shop.products.values()].filter((p) => p.tags.includes("gift"));
    expect(members.length).toBeGreaterThan(3);
    // Products from several categories, some also in Bestsellers: one product, several collections.
    expect(new Set(members.map((p) => p.productType)).size).toBeGreaterThan(1);
    expect(members.some((p) => p.collectionIds.length === 3)).toBe(true);
    const page = await h.client.request<ProductPage>(PAGE, { variables: { first: 100, query: `collection_id:${numericId} AND status:active` } });
    expect(page.data!.products.edges.map((e) => e.node.id).sort()).toEqual(
      members.filter((p) => p.status === "ACTIVE").map((p) => `gid://shopify/Product/${p.id}`).sort(),
    );
    const none = await h.client.request<ProductPage>(PAGE, { variables: { first: 10, query: "collection_id:1" } });
    expect(none.data!.products.edges).toEqual([]);
  });

  it("returns each variant's options and its own media", async () => {
    const product = [...h.shop.products.values()].find((p) => p.variants.some((v) => v.mediaIds.length > 0))!;
    const { data } = await h.client.request<{ product: { variants: { nodes: { selectedOptions: { name: string; value: string }[]; media: { nodes: { id: string }[] } }[] } } }>(
      `query V($id: ID!) { product(id: $id) { variants(first: 50) { nodes { selectedOptions { name value } media(first: 5) { nodes { id } } } } } }`,
      { variables: { id: `gid://shopify/Product/${product.id}` } },
    );
    expect(data!.product.variants.nodes).toEqual(
      product.variants.map((v) => ({ selectedOptions: v.selectedOptions, media: { nodes: v.mediaIds.map((id) => ({ id: `gid://shopify/MediaImage/${id}` })) } })),
    );
  });

  it("typed lookups return null for an id of another type", async () => {
    const productId = `gid://shopify/Product/${[...h.shop.products.keys()][0]}`;
    const collectionId = `gid://shopify/Collection/${[...h.shop.collections.keys()][0]}`;
    const { data } = await h.client.request<{ product: null; bulkOperation: null; collection: { id: string } }>(
      `query L($p: ID!, $c: ID!) { product(id: $c) { id } bulkOperation(id: $p) { id } collection(id: $c) { id } }`,
      { variables: { p: productId, c: collectionId } },
    );
    expect(data).toEqual({ product: null, bulkOperation: null, collection: { id: collectionId } });
  });

  it("rejects an unknown field with Shopify's validation error shape", async () => {
    const error = await errorOf(h.client.request(`query Bad { products(first: 1) { nodes { id notAField } } }`));
    const [first] = (error.body as { errors: { graphQLErrors: { message: string; path: string[]; extensions: { code: string } }[] } }).errors.graphQLErrors;
    expect(first.message).toBe("Field 'notAField' doesn't exist on type 'Product'");
    expect(first.extensions.code).toBe("undefinedField");
    expect(first.path).toEqual(["query Bad", "products", "nodes", "notAField"]);
  });

  it("requires first or last on connections, and caps pages at 250", async () => {
    const missing = await errorOf(h.client.request(`{ products { nodes { id } } }`));
    expect(missing.message).toMatch(/first or last/);
    const tooBig = await errorOf(h.client.request(`{ products(first: 251) { nodes { id } } }`));
    expect(tooBig.message).toMatch(/250/);
  });

  it("reports a valid but unsimulated field as an explicit error, not a silent value", async () => {
    const error = await errorOf(h.client.request(`{ shop { id name checkoutApiSupported } }`));
    expect(error.message).toMatch(/does not implement Shop.checkoutApiSupported/);
  });

  it("refuses a request without a valid access token", async () => {
    const response = await fetch(`${h.sim.url}/store/${h.shop.domain}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": "shpat_wrong" },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(response.status).toBe(401);
  });

  it("seeds 10,000 products deterministically in under a second of CPU (no images rendered up front)", async () => {
    const cpuBefore = process.cpuUsage();
    const big = h.sim.addShop({ domain: "big-store.myshopify.com", productCount: 10_000, seed: 99 });
    const cpu = process.cpuUsage(cpuBefore);
    expect(big.products.size).toBe(10_000);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(1000);
    const twin = h.sim.addShop({ domain: "big-twin.myshopify.com", productCount: 50, seed: 99 });
    const titles = (shop: typeof big) => [...shop.products.values()].slice(0, 50).map((p) => [p.title, p.vendor, p.tags.join(","), p.variants.length]);
    expect(titles(twin)).toEqual(titles(big));
    const kinds = new Set([...big.products.values()].map((p) => p.productType));
    expect(kinds.size).toBeGreaterThanOrEqual(8);
  });
});
