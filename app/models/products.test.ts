import { describe, expect, it } from "vitest";
import { UserFacingError } from "../errors";
import { collectionSearchId, productContentHash, productSearchQuery, quoteSearchValue, snapshotsFromBulkLines } from "./products.server";

describe("productSearchQuery", () => {
  it("quotes every merchant value so it stays one literal term", () => {
    expect(productSearchQuery({ text: 'x" OR vendor:evil', vendor: "Acme \\ Co" })).toBe(
      '"x\\" OR vendor:evil" AND vendor:"Acme \\\\ Co"',
    );
    expect(quoteSearchValue('a"b')).toBe('"a\\"b"');
  });

  it("combines filters and is empty without any", () => {
    expect(productSearchQuery({ productType: "Mugs", tag: "sale", status: "active" })).toBe('product_type:"Mugs" AND tag:"sale" AND status:active');
    expect(productSearchQuery({ text: "   " })).toBeUndefined();
  });

  it("filters by collection with Shopify's numeric collection_id term, from a GID or a number", () => {
    expect(productSearchQuery({ collectionId: "gid://shopify/Collection/9000000001", text: "mug" })).toBe('collection_id:9000000001 AND "mug"');
    expect(collectionSearchId(" 42 ")).toBe("42");
  });

  it.each(["gid://shopify/Product/1", "1 OR vendor:x", "1) OR (title:*", "abc", "gid://shopify/Collection/", "1".repeat(21)])(
    "refuses %j as a collection id with a merchant-readable error instead of adding search terms",
    (value) => {
      expect(() => productSearchQuery({ collectionId: value })).toThrow(UserFacingError);
      expect(() => collectionSearchId(value)).toThrow(/collection filter is not valid/);
    },
  );
});

describe("productContentHash", () => {
  const base = { title: "Mug", descriptionHtml: "<p>Blue</p>", mediaIds: ["a", "b"] };
  it("ignores the gallery order but not a changed image, title or description", () => {
    expect(productContentHash({ ...base, mediaIds: ["b", "a"] })).toBe(productContentHash(base));
    expect(productContentHash({ ...base, mediaIds: ["a", "c"] })).not.toBe(productContentHash(base));
    expect(productContentHash({ ...base, title: "Cup" })).not.toBe(productContentHash(base));
    expect(productContentHash({ ...base, descriptionHtml: "" })).not.toBe(productContentHash(base));
  });
});

describe("snapshotsFromBulkLines", () => {
  it("groups child media lines under their product, leaving out Glint's media", async () => {
    async function* lines() {
      yield { id: "P1", title: "A", handle: "a", productType: "", vendor: "", tags: [], descriptionHtml: "", updatedAt: "2026-01-01T00:00:00Z" };
      yield { id: "M1", __parentId: "P1" };
      yield { id: "G1", __parentId: "P1" };
      yield { id: "P2", title: "B", handle: "b", productType: "", vendor: "", tags: [], descriptionHtml: "", updatedAt: "2026-01-01T00:00:00Z" };
    }
    const out = [];
    for await (const snapshot of snapshotsFromBulkLines(lines(), new Set(["G1"]))) out.push(snapshot);
    expect(out.map((s) => [s.shopifyId, s.mediaIds])).toEqual([
      ["P1", ["M1"]],
      ["P2", []],
    ]);
  });
});
