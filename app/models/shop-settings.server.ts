/**
 * The merchant's preferences in Shop.settings and Shop.brandKit. Each section has one owner:
 * `general` (here: default styles, approval mode, onboarding), `spending` (billing caps, see
 * billing/spending-settings.ts), `intelligence` (model budget, see intelligence/intelligence-settings.ts) and the brand
 * kit (intelligence/brand-kit.ts). Saving merges one section at a time and leaves the others as
 * they are. Reads are lenient: a bad stored field falls back to its default.
 */
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import type { AppContext } from "../context.server";
import { withSpendingSettings, type SpendingSettings } from "../billing/spending-settings";
import { brandKitSchema, type BrandKit } from "../intelligence/brand-kit";
import { withIntelligenceSettings, type BudgetPreference } from "../intelligence/intelligence-settings";
import { FALLBACK_DEFAULT_STYLE } from "../components/styles";

export const APPROVAL_MODES = ["review", "auto_publish"] as const;

export const generalSettingsSchema = z.object({
  /** Styles used when a merchant (or onboarding) does not pick one. */
  defaultStyles: z.array(z.string().min(1).max(40)).max(5).catch([]).default([]),
  /** Whether finished images wait for approval or go straight to the product. */
  approvalMode: z.enum(APPROVAL_MODES).catch("review").default("review"),
  /** Set once the merchant finished first-run onboarding. */
  onboardedAt: z.string().datetime().nullable().catch(null).default(null),
});

export type GeneralSettings = z.infer<typeof generalSettingsSchema>;

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function readGeneralSettings(settings: unknown): GeneralSettings {
  return generalSettingsSchema.parse(asRecord(asRecord(settings).general));
}

export interface PreferencesPatch {
  general?: Partial<GeneralSettings>;
  spending?: Partial<SpendingSettings>;
  budgetPreference?: BudgetPreference;
  brandKit?: Partial<BrandKit>;
}

/** Applies a patch to the shop's settings and brand kit in one transaction (no lost concurrent section writes). */
export async function updatePreferences(ctx: Pick<AppContext, "db">, shopId: string, patch: PreferencesPatch): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Shop" WHERE id = ${shopId} FOR UPDATE`;
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { settings: true, brandKit: true } });
    let settings = asRecord(shop.settings);
    if (patch.general) {
      settings = { ...settings, general: generalSettingsSchema.strict().parse({ ...readGeneralSettings(settings), ...patch.general }) };
    }
    if (patch.spending) settings = withSpendingSettings(settings, patch.spending);
    if (patch.budgetPreference) settings = withIntelligenceSettings(settings, { budgetPreference: patch.budgetPreference });
    const brandKit = patch.brandKit ? brandKitSchema.parse({ ...asRecord(shop.brandKit), ...patch.brandKit }) : undefined;
    await tx.shop.update({
      where: { id: shopId },
      data: { settings: settings as Prisma.InputJsonObject, ...(brandKit ? { brandKit: brandKit as Prisma.InputJsonObject } : {}) },
    });
  });
}

export async function updateGeneralSettings(ctx: Pick<AppContext, "db">, shopId: string, patch: Partial<GeneralSettings>): Promise<void> {
  await updatePreferences(ctx, shopId, { general: patch });
}

/** The style used when the merchant does not pick one ("automatic"): their first default style, else a lifestyle scene. */
export function defaultStyleOf(settings: unknown): string {
  return readGeneralSettings(settings).defaultStyles[0] ?? FALLBACK_DEFAULT_STYLE;
}
