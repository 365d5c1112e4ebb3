/** Text the platforms receive, from what the merchant wrote: hashtags normalised, limits respected. */
import type { VideoPost } from "./platform";

/** "#summer sale, Gift" → ["summer", "sale", "Gift"]: letters, digits and underscores, deduplicated. */
export function normaliseHashtags(input: string | string[]): string[] {
  const words = (Array.isArray(input) ? input.join(" ") : input).split(/[\s,]+/);
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const word of words) {
    const tag = word.replace(/^#+/, "").replace(/[^\p{L}\p{N}_]/gu, "");
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      tags.push(tag);
    }
  }
  return tags;
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}

/** TikTok has one caption (post_info.title, up to 2200 characters): text, link, then hashtags. */
export function tiktokCaption(post: VideoPost): string {
  const tags = post.hashtags.map((t) => `#${t}`).join(" ");
  const parts = [post.title, post.description, post.productUrl].filter((p): p is string => Boolean(p?.trim()));
  const body = cut(parts.join("\n\n"), 2200 - (tags ? tags.length + 1 : 0));
  return tags ? `${body}\n${tags}` : body;
}

/**
 * YouTube: title up to 100 characters, description up to 5000 bytes, no angle brackets in either
 * (the API refuses them); the product link and hashtags go in the description, hashtags also as tags.
 */
export function youtubeMetadata(post: VideoPost): { title: string; description: string; tags: string[] } {
  const clean = (text: string) => text.replace(/[<>]/g, "");
  const tags = post.hashtags.map((t) => `#${t}`).join(" ");
  const parts = [clean(post.description), post.productUrl ?? "", tags].filter((p) => p.trim());
  let description = parts.join("\n\n");
  while (Buffer.byteLength(description) > 5000) description = cut(description, [...description].length - 50);
  const keywords: string[] = [];
  for (const tag of post.hashtags) {
    if ([...keywords, tag].join(",").length > 500) break;
    keywords.push(tag);
  }
  return { title: cut(clean(post.title).trim() || "Product video", 100), description, tags: keywords };
}
