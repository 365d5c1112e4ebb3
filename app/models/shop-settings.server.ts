/**
 * The merchant's general preferences, stored under `general` in Shop.settings (spending caps live
 * under `spending`, see billing/spending-settings.ts; brand guidance in Shop.brandKit). Read
 * leniently: a bad stored field falls back to its default instead of breaking a page.
 */
import { z } from "zod";
import type { AppContext } from "../context.server";

export const APPROVAL_MODES = ["review", "auto_publish"] as const;

export const generalSettingsSchema = z.object({
  /** Styles used when a merchant (or onboarding) does not pick one; empty means "let Glint choose". */
  defaultStyles: z.array(z.string().min(1).max(40)).max(5).catch([]).default([]),
  /** Whether finished images wait for approval or go straight to the product. */
  approvalMode: z.enum(APPROVAL_MODES).catch("review").default("review"),
  /** Advanced: model id per capability the router should try first. */
  preferredModels: z.record(z.string(), z.string()).catch({}).default({}),
  /** Set once the merchant finished first-run onboarding. */
  onboardedAt: z.string().datetime().nullable().catch(null).default(null),
});

export type GeneralSettings = z.infer<typeof generalSettingsSchema>;

export function readGeneralSettings(settings: unknown): GeneralSettings {
  const general = settings && typeof settings === "object" ? (settings as Record<string, unknown>).general : undefined;
  return generalSettingsSchema.parse(general && typeof general === "object" ? general : {});
}

/** Merges a validated patch into Shop.settings.general, leaving the other sections untouched. */
export async function updateGeneralSettings(
  ctx: Pick<AppContext, "db">,
  shopId: string,
  patch: Partial<GeneralSettings>,
): Promise<GeneralSettings> {
  const shop = await ctx.db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { settings: true } });
  const base = shop.settings && typeof shop.settings === "object" ? (shop.settings as Record<string, unknown>) : {};
  const general = generalSettingsSchema.strict().parse({ ...readGeneralSettings(base), ...patch });
  await ctx.db.shop.update({ where: { id: shopId }, data: { settings: { ...base, general } } });
  return general;
}
