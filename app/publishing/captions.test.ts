import { describe, expect, it } from "vitest";
import { normaliseHashtags, tiktokCaption, youtubeMetadata } from "./captions";

describe("captions", () => {
  it("normalises hashtags the way a merchant types them", () => {
    expect(normaliseHashtags("#summer, sale  #Summer gift-ideas ##new")).toEqual(["summer", "sale", "giftideas", "new"]);
  });

  it("puts the product link and hashtags in the TikTok caption within 2200 characters", () => {
    const caption = tiktokCaption({ title: "Meet the mug", description: "x".repeat(3000), hashtags: ["mug", "coffee"], productUrl: "https://shop.example/products/mug" });
    expect([...caption].length).toBeLessThanOrEqual(2200);
    expect(caption.endsWith("#mug #coffee")).toBe(true);
  });

  it("keeps YouTube titles under 100 characters, strips angle brackets and lists tags", () => {
    const meta = youtubeMetadata({ title: `<b>${"Long ".repeat(40)}</b>`, description: "Great <mug>", hashtags: ["mug"], productUrl: "https://shop.example/p" });
    expect([...meta.title].length).toBeLessThanOrEqual(100);
    expect(meta.title).not.toMatch(/[<>]/);
    expect(meta.description).toBe("Great mug\n\nhttps://shop.example/p\n\n#mug");
    expect(meta.tags).toEqual(["mug"]);
  });
});
