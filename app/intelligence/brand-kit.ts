/**
 * The merchant's brand kit (Shop.brandKit): colours, logo, tone and props to avoid. Parsed
 * leniently (a bad field is dropped, the rest kept) because it is merchant input stored as JSON,
 * and turned into prompt guidance only through the prompt-phrase sanitiser: brand text is as
 * untrusted as product text.
 */
import { z } from "zod";
import { toPromptPhrase, toPromptPhrases } from "./untrusted-text";

const HEX_COLOUR = /^#[0-9a-f]{6}$/i;

export const brandKitSchema = z.object({
  colours: z.array(z.string().regex(HEX_COLOUR)).max(8).catch([]).default([]),
  logoUrl: z.string().url().nullable().catch(null).default(null),
  tone: z.string().max(200).catch("").default(""),
  propsToAvoid: z.array(z.string().max(80)).max(20).catch([]).default([]),
});
export type BrandKit = z.infer<typeof brandKitSchema>;

export function parseBrandKit(value: unknown): BrandKit {
  const parsed = brandKitSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : brandKitSchema.parse({});
}

/** What a brand kit contributes to a generation prompt, every part already safe to embed. */
export interface BrandGuidance {
  tone: string;
  /** Hex colours, validated by pattern (safe verbatim). */
  palette: string[];
  avoid: string[];
}

export function brandGuidance(kit: BrandKit): BrandGuidance {
  return {
    tone: toPromptPhrase(kit.tone, 60),
    palette: kit.colours.slice(0, 4).map((c) => c.toLowerCase()),
    avoid: toPromptPhrases(kit.propsToAvoid, 6, 40),
  };
}
