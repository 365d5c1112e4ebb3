import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderProductImage } from "../shared/product-image";
import { startSimHarness, type SimHarness } from "./test-client";

let h: SimHarness;
beforeAll(async () => {
  h = await startSimHarness({ productCount: 12, options: { mediaProcessingMs: 600 } });
});
afterAll(async () => h.sim.close());

const productGid = (index: number) => `gid://shopify/Product/${[...h.shop.products.keys()][index]}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stage(bytes: Buffer, filename: string, mimeType: string, httpMethod: "POST" | "PUT"): Promise<string> {
  const { data } = await h.client.request<{ stagedUploadsCreate: { stagedTargets: { url: string; resourceUrl: string; parameters: { name: string; value: string }[] }[] } }>(
    `mutation S($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } } }`,
    { variables: { input: [{ filename, mimeType, resource: "IMAGE", httpMethod, fileSize: String(bytes.length) }] } },
  );
  const [target] = data!.stagedUploadsCreate.stagedTargets;
  if (httpMethod === "POST") {
    const form = new FormData();
    for (const { name, value } of target.parameters) form.append(name, value);
    form.append("file", new Blob([new Uint8Array(bytes)], { type: mimeType }), filename);
    const response = await fetch(target.url, { method: "POST", body: form });
    expect(response.status).toBe(201);
  } else {
    const response = await fetch(target.url, { method: "PUT", body: new Uint8Array(bytes), headers: { "content-type": mimeType } });
    expect(response.status).toBe(200);
  }
  return target.resourceUrl;
}

interface MediaNode {
  id: string;
  alt: string;
  status: string;
  image: { url: string; width: number; height: number } | null;
  mediaErrors: { code: string }[];
}
const MEDIA_FIELDS = `id alt status mediaErrors { code message } ... on MediaImage { image { url width height } }`;

async function mediaOf(productId: string): Promise<MediaNode[]> {
  const { data } = await h.client.request<{ product: { media: { nodes: MediaNode[] } } }>(`query M($id: ID!) { product(id: $id) { media(first: 50) { nodes { ${MEDIA_FIELDS} } } } }`, { variables: { id: productId } });
  return data!.product.media.nodes;
}

async function waitForStatus(productId: string, mediaId: string, done = ["READY", "FAILED"]): Promise<MediaNode> {
  for (let i = 0; i < 100; i++) {
    const media = (await mediaOf(productId)).find((m) => m.id === mediaId)!;
    if (done.includes(media.status)) return media;
    await sleep(40);
  }
  throw new Error("media never finished processing");
}

describe("media write-back against the store simulator", () => {
  it("staged upload (form POST) + productUpdate media goes UPLOADED → READY with the real dimensions and alt text", async () => {
    const png = await renderProductImage({ seed: 3, width: 640, height: 480, angle: 0, kind: "watch" });
    const resourceUrl = await stage(png, "studio.png", "image/png", "POST");
    const id = productGid(0);
    const before = (await mediaOf(id)).length;
    const { data } = await h.client.request<{ productUpdate: { product: { media: { nodes: MediaNode[] } }; userErrors: unknown[] } }>(
      `mutation U($product: ProductUpdateInput!, $media: [CreateMediaInput!]) { productUpdate(product: $product, media: $media) { product { media(first: 50) { nodes { ${MEDIA_FIELDS} } } } userErrors { field message } } }`,
      { variables: { product: { id }, media: [{ originalSource: resourceUrl, mediaContentType: "IMAGE", alt: "Watch on a marble table" }] } },
    );
    expect(data!.productUpdate.userErrors).toEqual([]);
    const created = data!.productUpdate.product.media.nodes.at(-1)!;
    expect(data!.productUpdate.product.media.nodes).toHaveLength(before + 1);
    expect(["UPLOADED", "PROCESSING"]).toContain(created.status);
    expect(created.image).toBeNull(); // no image until processed, as in Shopify
    const ready = await waitForStatus(id, created.id);
    expect(ready).toMatchObject({ status: "READY", alt: "Watch on a marble table", image: { width: 640, height: 480 } });
    const served = Buffer.from(await (await fetch(ready.image!.url)).arrayBuffer());
    expect(served.equals(png)).toBe(true);
  });

  it("a non-image upload ends FAILED with a media error", async () => {
    const resourceUrl = await stage(Buffer.from("this is not a picture"), "notes.png", "image/png", "PUT");
    const id = productGid(1);
    const { data } = await h.client.request<{ productUpdate: { product: { media: { nodes: MediaNode[] } } } }>(
      `mutation U($product: ProductUpdateInput!, $media: [CreateMediaInput!]) { productUpdate(product: $product, media: $media) { product { media(first: 50) { nodes { id } } } userErrors { message } } }`,
      { variables: { product: { id }, media: [{ originalSource: resourceUrl, mediaContentType: "IMAGE" }] } },
    );
    const failed = await waitForStatus(id, data!.productUpdate.product.media.nodes.at(-1)!.id);
    expect(failed.status).toBe("FAILED");
    expect(failed.mediaErrors[0].code).toBe("IMAGE_PROCESSING_FAILURE");
  });

  it("accepts an MP4 as Video media with sources once READY", async () => {
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from("ftypisom"), Buffer.alloc(64)]);
    const resourceUrl = await stage(mp4, "spin.mp4", "video/mp4", "PUT");
    const id = productGid(6);
    const { data } = await h.client.request<{ productUpdate: { product: { media: { nodes: { id: string; mediaContentType: string }[] } } } }>(
      `mutation U($product: ProductUpdateInput!, $media: [CreateMediaInput!]) { productUpdate(product: $product, media: $media) { product { media(first: 50) { nodes { id mediaContentType } } } userErrors { message } } }`,
      { variables: { product: { id }, media: [{ originalSource: resourceUrl, mediaContentType: "VIDEO", alt: "360° spin" }] } },
    );
    const video = data!.productUpdate.product.media.nodes.at(-1)!;
    expect(video).toMatchObject({ id: expect.stringMatching(/^gid:\/\/shopify\/Video\//), mediaContentType: "VIDEO" });
    expect((await waitForStatus(id, video.id)).status).toBe("READY");
    const sources = await h.client.request<{ node: { sources: { mimeType: string; url: string }[] } }>(`query V($id: ID!) { node(id: $id) { ... on Video { sources { mimeType url } } } }`, { variables: { id: video.id } });
    expect(sources.data!.node.sources[0].mimeType).toBe("video/mp4");
    expect(Buffer.from(await (await fetch(sources.data!.node.sources[0].url)).arrayBuffer()).equals(mp4)).toBe(true);
  });

  it("fileCreate + fileUpdate(referencesToAdd, alt) attaches a READY file to a product; updating before READY is refused", async () => {
    const png = await renderProductImage({ seed: 4, width: 300, height: 300, angle: 1, kind: "mug" });
    const resourceUrl = await stage(png, "glint-abc123.png", "image/png", "PUT");
    const { data } = await h.client.request<{ fileCreate: { files: { id: string; fileStatus: string }[] } }>(
      `mutation F($files: [FileCreateInput!]!) { fileCreate(files: $files) { files { id fileStatus alt } userErrors { field message code } } }`,
      { variables: { files: [{ originalSource: resourceUrl, contentType: "IMAGE", filename: "glint-abc123.png" }] } },
    );
    const [file] = data!.fileCreate.files;
    expect(["UPLOADED", "PROCESSING"]).toContain(file.fileStatus);
    const update = `mutation U($files: [FileUpdateInput!]!) { fileUpdate(files: $files) { files { id alt fileStatus } userErrors { field message code } } }`;
    const early = await h.client.request<{ fileUpdate: { userErrors: { code: string }[] } }>(update, { variables: { files: [{ id: file.id, alt: "too early", referencesToAdd: [productGid(2)] }] } });
    expect(early.data!.fileUpdate.userErrors[0].code).toBe("NON_READY_STATE");

    let found: { id: string; fileStatus: string }[] = [];
    for (let i = 0; i < 50 && found[0]?.fileStatus !== "READY"; i++) {
      await sleep(40);
      const result = await h.client.request<{ files: { nodes: { id: string; fileStatus: string }[] } }>(`query Q($q: String!) { files(first: 5, query: $q) { nodes { id fileStatus } } }`, { variables: { q: "filename:glint-abc123.png" } });
      found = result.data!.files.nodes;
    }
    expect(found).toEqual([{ id: file.id, fileStatus: "READY" }]);

    const done = await h.client.request<{ fileUpdate: { files: { alt: string }[]; userErrors: unknown[] } }>(update, { variables: { files: [{ id: file.id, alt: "Mug in a kitchen", referencesToAdd: [productGid(2)] }] } });
    expect(done.data!.fileUpdate.userErrors).toEqual([]);
    const media = await mediaOf(productGid(2));
    expect(media.at(-1)).toMatchObject({ id: file.id, alt: "Mug in a kitchen", status: "READY" });

    const missing = await h.client.request<{ fileUpdate: { userErrors: { code: string }[] } }>(update, { variables: { files: [{ id: "gid://shopify/MediaImage/1", alt: "x" }] } });
    expect(missing.data!.fileUpdate.userErrors[0].code).toBe("FILE_DOES_NOT_EXIST");
  });

  it("reorders media (returns a Job), attaches variant media, and deletes media", async () => {
    const id = productGid(3);
    const product = [...h.shop.products.values()][3];
    const media = await mediaOf(id);
    const last = media.at(-1)!;
    const { data } = await h.client.request<{ productReorderMedia: { job: { id: string; done: boolean }; mediaUserErrors: unknown[] } }>(
      `mutation R($id: ID!, $moves: [MoveInput!]!) { productReorderMedia(id: $id, moves: $moves) { job { id done } mediaUserErrors { field message code } } }`,
      { variables: { id, moves: [{ id: last.id, newPosition: "0" }] } },
    );
    expect(data!.productReorderMedia.job.id).toMatch(/^gid:\/\/shopify\/Job\//);
    const featured = await h.client.request<{ product: { featuredMedia: { id: string } } }>(`query F($id: ID!) { product(id: $id) { featuredMedia { id } } }`, { variables: { id } });
    expect(featured.data!.product.featuredMedia.id).toBe(last.id);

    const variant = product.variants[0];
    variant.mediaIds = [];
    const append = `mutation A($productId: ID!, $variantMedia: [ProductVariantAppendMediaInput!]!) { productVariantAppendMedia(productId: $productId, variantMedia: $variantMedia) { productVariants { id media(first: 1) { nodes { id } } } userErrors { field message code } } }`;
    const appended = await h.client.request<{ productVariantAppendMedia: { productVariants: { media: { nodes: { id: string }[] } }[]; userErrors: unknown[] } }>(append, { variables: { productId: id, variantMedia: [{ variantId: `gid://shopify/ProductVariant/${variant.id}`, mediaIds: [media[0].id] }] } });
    expect(appended.data!.productVariantAppendMedia.productVariants[0].media.nodes).toEqual([{ id: media[0].id }]);
    const again = await h.client.request<{ productVariantAppendMedia: { userErrors: { code: string }[] } }>(append, { variables: { productId: id, variantMedia: [{ variantId: `gid://shopify/ProductVariant/${variant.id}`, mediaIds: [media[1].id] }] } });
    expect(again.data!.productVariantAppendMedia.userErrors[0].code).toBe("PRODUCT_VARIANT_ALREADY_HAS_MEDIA");

    const deleted = await h.client.request<{ productDeleteMedia: { deletedMediaIds: string[] } }>(
      `mutation D($productId: ID!, $mediaIds: [ID!]!) { productDeleteMedia(productId: $productId, mediaIds: $mediaIds) { deletedMediaIds mediaUserErrors { code message } } }`,
      { variables: { productId: id, mediaIds: [media[0].id] } },
    );
    expect(deleted.data!.productDeleteMedia.deletedMediaIds).toEqual([media[0].id]);
    expect((await mediaOf(id)).map((m) => m.id)).not.toContain(media[0].id);
    expect(variant.mediaIds).toEqual([]);
  });

  it("productSet files replace the gallery, productVariantsBulkUpdate links new media to a variant, fileDelete removes a file everywhere", async () => {
    const id = productGid(4);
    const product = [...h.shop.products.values()][4];
    const [keep] = await mediaOf(id);
    const png = await renderProductImage({ seed: 9, width: 200, height: 200, angle: 2, kind: "bag" });
    const source = await stage(png, "set.png", "image/png", "PUT");
    const set = await h.client.request<{ productSet: { product: { media: { nodes: { id: string }[] } }; userErrors: unknown[] } }>(
      `mutation S($identifier: ProductSetIdentifiers, $input: ProductSetInput!) { productSet(identifier: $identifier, input: $input) { product { media(first: 10) { nodes { id } } } userErrors { field message } } }`,
      { variables: { identifier: { id }, input: { files: [{ id: keep.id }, { originalSource: source, contentType: "IMAGE", alt: "New angle" }] } } },
    );
    expect(set.data!.productSet.userErrors).toEqual([]);
    const gallery = set.data!.productSet.product.media.nodes.map((m) => m.id);
    expect(gallery).toHaveLength(2);
    expect(gallery[0]).toBe(keep.id);

    const variantSource = await stage(png, "variant.png", "image/png", "PUT");
    const variant = product.variants[0];
    const bulk = await h.client.request<{ productVariantsBulkUpdate: { productVariants: { media: { nodes: { id: string }[] } }[]; userErrors: unknown[] } }>(
      `mutation V($productId: ID!, $variants: [ProductVariantsBulkInput!]!, $media: [CreateMediaInput!]) { productVariantsBulkUpdate(productId: $productId, variants: $variants, media: $media) { productVariants { media(first: 1) { nodes { id } } } userErrors { field message } } }`,
      { variables: { productId: id, media: [{ originalSource: variantSource, mediaContentType: "IMAGE" }], variants: [{ id: `gid://shopify/ProductVariant/${variant.id}`, mediaSrc: [variantSource] }] } },
    );
    expect(bulk.data!.productVariantsBulkUpdate.userErrors).toEqual([]);
    const variantMediaId = bulk.data!.productVariantsBulkUpdate.productVariants[0].media.nodes[0].id;
    expect((await mediaOf(id)).map((m) => m.id)).toContain(variantMediaId);

    const deleted = await h.client.request<{ fileDelete: { deletedFileIds: string[] } }>(`mutation D($ids: [ID!]!) { fileDelete(fileIds: $ids) { deletedFileIds userErrors { code message } } }`, { variables: { ids: [variantMediaId] } });
    expect(deleted.data!.fileDelete.deletedFileIds).toEqual([variantMediaId]);
    expect((await mediaOf(id)).map((m) => m.id)).not.toContain(variantMediaId);
    expect(variant.mediaIds).toEqual([]);
  });

  it("runs a bulk operation CREATED/RUNNING → COMPLETED with Shopify's JSONL (children carry __parentId)", async () => {
    const { data } = await h.client.request<{ bulkOperationRunQuery: { bulkOperation: { id: string; status: string }; userErrors: unknown[] } }>(
      `mutation B($query: String!) { bulkOperationRunQuery(query: $query, groupObjects: false) { bulkOperation { id status } userErrors { field message code } } }`,
      { variables: { query: `{ products { edges { node { id title media { edges { node { id } } } } } } }` } },
    );
    expect(["CREATED", "RUNNING"]).toContain(data!.bulkOperationRunQuery.bulkOperation.status);
    const operationId = data!.bulkOperationRunQuery.bulkOperation.id;
    let operation: { status: string; url: string | null; objectCount: string; rootObjectCount: string } | undefined;
    for (let i = 0; i < 50 && operation?.status !== "COMPLETED"; i++) {
      await sleep(50);
      const polled = await h.client.request<{ bulkOperation: typeof operation }>(`query P($id: ID!) { bulkOperation(id: $id) { status url objectCount rootObjectCount } }`, { variables: { id: operationId } });
      operation = polled.data!.bulkOperation;
    }
    expect(operation!.status).toBe("COMPLETED");
    const lines = (await (await fetch(operation!.url!)).text()).trim().split("\n").map((line) => JSON.parse(line) as { id: string; title?: string; __parentId?: string });
    const products = lines.filter((l) => !l.__parentId);
    const media = lines.filter((l) => l.__parentId);
    expect(products).toHaveLength(h.shop.products.size);
    expect(Number(operation!.rootObjectCount)).toBe(h.shop.products.size);
    expect(Number(operation!.objectCount)).toBe(lines.length);
    const firstProduct = [...h.shop.products.values()][5];
    expect(media.filter((m) => m.__parentId === `gid://shopify/Product/${firstProduct.id}`)).toHaveLength(firstProduct.mediaIds.length);
    const current = await h.client.request<{ currentBulkOperation: { id: string } }>(`{ currentBulkOperation { id status } }`);
    expect(current.data!.currentBulkOperation.id).toBe(operationId);
  });

  it("rejects an invalid bulk query with a userError", async () => {
    const { data } = await h.client.request<{ bulkOperationRunQuery: { bulkOperation: null; userErrors: { code: string }[] } }>(
      `mutation B($query: String!) { bulkOperationRunQuery(query: $query, groupObjects: false) { bulkOperation { id } userErrors { field message code } } }`,
      { variables: { query: `{ products { edges { node { nope } } } }` } },
    );
    expect(data!.bulkOperationRunQuery.bulkOperation).toBeNull();
    expect(data!.bulkOperationRunQuery.userErrors[0].code).toBe("INVALID");
  });
});
