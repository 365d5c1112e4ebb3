import { describe, expect, it } from "vitest";
import { groupOfVariant, groupVariantsByOption, type StudioVariant } from "./variant-groups";

const variant = (id: string, options: Record<string, string>, media: string[] = []): StudioVariant => ({
  id,
  title: Object.values(options).join(" / "),
  selectedOptions: Object.entries(options).map(([name, value]) => ({ name, value })),
  media: { nodes: media.map((m) => ({ id: m })) },
});

describe("groupVariantsByOption", () => {
  it("groups by colour even when it is not the first option, with each colour's images and the general ones apart", () => {
    const variants = [
      variant("v1", { Size: "S", Color: "Black" }, ["m3"]),
      variant("v2", { Size: "M", Color: "Black" }, ["m3"]),
      variant("v4", { Size: "S", Color: "Sand" }, ["m2"]),
    ];
    const grouping = groupVariantsByOption(variants, ["m1", "m2", "m3", "m4"]);
    expect(grouping.option).toBe("Color");
    expect(grouping.groups).toEqual([
      { value: "Black", variantIds: ["v1", "v2"], variantTitles: ["S / Black", "M / Black"], mediaIds: ["m3"] },
      { value: "Sand", variantIds: ["v4"], variantTitles: ["S / Sand"], mediaIds: ["m2"] },
    ]);
    expect(grouping.generalMediaIds).toEqual(["m1", "m4"]);
  });

  it("falls back to the first option with several values when its variants show their own images", () => {
    const grouping = groupVariantsByOption([variant("v1", { Material: "Oak", Finish: "Oiled" }, ["m2"]), variant("v2", { Material: "Oak", Finish: "Raw" })], ["m1", "m2"]);
    expect(grouping.option).toBe("Finish");
    expect(grouping.groups.map((g) => [g.value, g.mediaIds])).toEqual([["Oiled", ["m2"]], ["Raw", []]]);
    expect(grouping.generalMediaIds).toEqual(["m1"]);
  });

  it("makes no groups for sizes that all show the product's images", () => {
    const grouping = groupVariantsByOption([variant("v1", { Size: "S" }), variant("v2", { Size: "L" })], ["m1"]);
    expect(grouping).toEqual({ option: null, groups: [], generalMediaIds: ["m1"] });
  });

  it("still groups by colour when no colour has a photo yet (a place to generate one)", () => {
    const grouping = groupVariantsByOption([variant("v1", { Color: "Red" }), variant("v2", { Color: "Blue" })], ["m1"]);
    expect(grouping.option).toBe("Color");
    expect(grouping.generalMediaIds).toEqual(["m1"]);
  });

  it("makes no groups for a product without a choice (one default variant)", () => {
    const grouping = groupVariantsByOption([variant("v1", { Title: "Default Title" })], ["m1", "m2"]);
    expect(grouping).toEqual({ option: null, groups: [], generalMediaIds: ["m1", "m2"] });
  });

  it("files a variant's generation under its group, and anything else as general", () => {
    const grouping = groupVariantsByOption([variant("v1", { Color: "Red" }), variant("v2", { Color: "Blue" })], []);
    expect(groupOfVariant(grouping, "v2")?.value).toBe("Blue");
    expect(groupOfVariant(grouping, null)).toBeUndefined();
    expect(groupOfVariant(grouping, "gid://shopify/ProductVariant/404")).toBeUndefined();
  });
});
