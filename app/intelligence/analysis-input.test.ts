import { describe, expect, it } from "vitest";
import { analysisHash, analysisUserParts, type ProductContent } from "./analysis-input";
import { parseBrandKit } from "./brand-kit";

const kit = parseBrandKit({});
const mug: ProductContent = {
  title: "Mug",
  description: "Blue ceramic mug",
  tags: ["kitchen", "mug"],
  imageUrls: ["https://cdn.example/mug.png"],
};

describe("analysisHash", () => {
  it("changes with the shop, the description, the images and the brand kit, not with tag order", () => {
    const base = analysisHash("shop-a", mug, kit);
    expect(analysisHash("shop-a", { ...mug, tags: ["mug", "kitchen"] }, kit)).toBe(base);
    expect(analysisHash("shop-b", mug, kit)).not.toBe(base);
    expect(analysisHash("shop-a", { ...mug, description: "Red ceramic mug" }, kit)).not.toBe(base);
    expect(analysisHash("shop-a", { ...mug, imageUrls: ["https://cdn.example/mug-2.png"] }, kit)).not.toBe(base);
    expect(analysisHash("shop-a", mug, parseBrandKit({ tone: "playful" }))).not.toBe(base);
  });
});

describe("analysisUserParts", () => {
  it("sends a constant instruction, the delimited data, then at most three usable images", () => {
    const parts = analysisUserParts(
      {
        ...mug,
        imageUrls: ["javascript:alert(1)", "file:///etc/passwd", "data:text/html;base64,AA==", "https://a/1.png", "data:image/png;base64,iVBO", "https://a/2.png", "https://a/3.png"],
      },
      { name: "Clay", brandKit: kit },
    );
    expect(parts.map((p) => p.type)).toEqual(["text", "text", "image_url", "image_url", "image_url"]);
    expect(parts.slice(2).map((p) => (p.type === "image_url" ? p.image_url.url : ""))).toEqual([
      "https://a/1.png",
      "data:image/png;base64,iVBO",
      "https://a/2.png",
    ]);
  });

  it("cleans and caps the product text inside the data", () => {
    const parts = analysisUserParts({ title: "x".repeat(500), description: "<b>Bold</b>\u0000 claim" }, { brandKit: kit });
    const data = parts[1].type === "text" ? parts[1].text : "";
    const json = JSON.parse(data.split("\n")[1]) as { title: string; description: string };
    expect(json.title.length).toBeLessThanOrEqual(200);
    expect(json.description).toBe("Bold claim");
  });
});
