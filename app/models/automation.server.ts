/**
 * Automation rules: which new products Glint enhances by itself, in which styles, whether the
 * results wait for approval or publish directly, and within which daily caps and hours.
 *
 * Matching: inside one scope dimension any listed value matches (case-insensitive); across
 * dimensions all must match; an empty dimension matches everything. When several rules match a
 * product, the oldest enabled one wins, so a product is never generated twice by overlapping rules.
 * Daily caps count the last 24 hours of the rule's own batches.
 */
import { z } from "zod";
import { Prisma, type AutomationRule } from "@prisma/client";
import type { AppContext } from "../context.server";
import { decimalToCents } from "../billing/plans";
import { UserFacingError } from "../errors";
import type { AdminGraphql } from "../shopify/graphql-client.server";
import { PRODUCTS_FOR_RULES_QUERY } from "../shopify/operations/products";
import { withRedisLock } from "../shopify/redis-lock.server";

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const trimmedList = z.array(z.string().trim().min(1).max(255)).max(100).default([]);

export const ruleScopeSchema = z.object({
  /** Collection GIDs or handles. */
  collections: trimmedList,
  productTypes: trimmedList,
  vendors: trimmedList,
  tags: trimmedList,
  priceRange: z
    .object({ minCents: z.number().int().min(0).optional(), maxCents: z.number().int().min(0).optional() })
    .refine((r) => r.minCents === undefined || r.maxCents === undefined || r.minCents <= r.maxCents, {
      message: "The lowest price must not be above the highest price",
    })
    .optional(),
});

export const activeHoursSchema = z.object({
  start: z.string().regex(HH_MM, "Use HH:MM"),
  end: z.string().regex(HH_MM, "Use HH:MM"),
  /** The shop's IANA timezone (from Shopify's shop.ianaTimezone, captured when the rule is saved). */
  timezone: z.string().refine(isTimeZone, "Unknown timezone"),
  /** 0 = Sunday … 6 = Saturday; all days when absent. */
  days: z.array(z.number().int().min(0).max(6)).min(1).optional(),
});

export const ruleInputSchema = z.object({
  name: z.string().trim().min(1, "Give the rule a name").max(120),
  enabled: z.boolean().default(true),
  scope: ruleScopeSchema.default({ collections: [], productTypes: [], vendors: [], tags: [] }),
  styles: z.array(z.string().trim().min(1).max(64)).min(1, "Choose at least one style").max(10),
  autoPublish: z.boolean().default(false),
  dailyProductCap: z.number().int().min(1).max(100_000).nullable().default(null),
  dailyCreditCap: z.number().int().min(1).max(10_000_000).nullable().default(null),
  activeHours: activeHoursSchema.nullable().default(null),
});

export type RuleScope = z.infer<typeof ruleScopeSchema>;
export type ActiveHours = z.infer<typeof activeHoursSchema>;
export type RuleInput = z.input<typeof ruleInputSchema>;
export type Rule = Omit<AutomationRule, "scope" | "activeHours"> & { scope: RuleScope; activeHours: ActiveHours | null };

/** What a rule looks at, whatever the source (webhook + product query, or the preview list). */
export interface RuleProduct {
  id: string;
  productType: string;
  vendor: string;
  tags: string[];
  collections: Array<{ id: string; handle: string }>;
  minPriceCents: number;
  maxPriceCents: number;
}

/** The shape shared by the ProductDetail and ProductsForRules query nodes. */
export interface RuleProductNode {
  id: string;
  productType: string;
  vendor: string;
  tags: string[];
  collections: { nodes: Array<{ id: string; handle: string }> };
  priceRangeV2: { minVariantPrice: { amount: unknown }; maxVariantPrice: { amount: unknown } };
}

export function toRuleProduct(node: RuleProductNode): RuleProduct {
  return {
    id: node.id,
    productType: node.productType,
    vendor: node.vendor,
    tags: node.tags,
    collections: node.collections.nodes,
    minPriceCents: decimalToCents(String(node.priceRangeV2.minVariantPrice.amount)),
    maxPriceCents: decimalToCents(String(node.priceRangeV2.maxVariantPrice.amount)),
  };
}

function parseRule(row: AutomationRule): Rule {
  return {
    ...row,
    scope: ruleScopeSchema.parse(row.scope ?? {}),
    activeHours: row.activeHours ? activeHoursSchema.parse(row.activeHours) : null,
  };
}

const lower = (values: string[]) => new Set(values.map((v) => v.toLowerCase()));

export function ruleMatches(scope: RuleScope, product: RuleProduct): boolean {
  const anyOf = (wanted: string[], actual: string[]) => {
    if (wanted.length === 0) return true;
    const set = lower(wanted);
    return actual.some((value) => set.has(value.toLowerCase()));
  };
  const range = scope.priceRange;
  const priceOk =
    !range ||
    ((range.minCents === undefined || product.maxPriceCents >= range.minCents) &&
      (range.maxCents === undefined || product.minPriceCents <= range.maxCents));
  return (
    anyOf(scope.productTypes, [product.productType]) &&
    anyOf(scope.vendors, [product.vendor]) &&
    anyOf(scope.tags, product.tags) &&
    anyOf(scope.collections, product.collections.flatMap((c) => [c.id, c.handle])) &&
    priceOk
  );
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Whether `now` falls in the window, read in the rule's timezone; start > end spans midnight. */
export function withinActiveHours(hours: ActiveHours | null, now: Date): boolean {
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: hours.timezone,
    hour12: false,
    hour: "2-digit",
    minute: "2-digit",
    weekday: "short",
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const minutes = (Number(get("hour")) % 24) * 60 + Number(get("minute"));
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  const start = toMinutes(hours.start);
  const end = toMinutes(hours.end);
  const overnight = start > end;
  const inWindow = overnight ? minutes >= start || minutes < end : minutes >= start && minutes < end;
  if (!inWindow) return false;
  if (!hours.days) return true;
  // An overnight window's early-morning part belongs to the previous day's window.
  let day = WEEKDAYS.indexOf(get("weekday"));
  if (overnight && minutes < end) day = (day + 6) % 7;
  return hours.days.includes(day);
}

// ---- CRUD for the settings page --------------------------------------------------------------

async function shopIdOf(ctx: Pick<AppContext, "db">, shopDomain: string): Promise<string> {
  const shop = await ctx.db.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
  if (!shop) throw new UserFacingError({ code: "shop_not_found", message: "This store is not connected to Glint.", httpStatus: 404 });
  return shop.id;
}

function invalidRule(error: z.ZodError): UserFacingError {
  return new UserFacingError({
    code: "invalid_rule",
    message: error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join(". "),
    httpStatus: 422,
  });
}

function validated(input: unknown): z.infer<typeof ruleInputSchema> {
  const result = ruleInputSchema.safeParse(input);
  if (!result.success) throw invalidRule(result.error);
  return result.data;
}

export async function listRules(ctx: Pick<AppContext, "db">, shopDomain: string): Promise<Rule[]> {
  const rows = await ctx.db.automationRule.findMany({
    where: { shop: { domain: shopDomain } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(parseRule);
}

export async function createRule(ctx: Pick<AppContext, "db">, shopDomain: string, input: RuleInput): Promise<Rule> {
  const data = validated(input);
  const shopId = await shopIdOf(ctx, shopDomain);
  return parseRule(await ctx.db.automationRule.create({ data: { ...data, shopId, activeHours: data.activeHours ?? Prisma.DbNull } }));
}

export async function updateRule(
  ctx: Pick<AppContext, "db">,
  shopDomain: string,
  ruleId: string,
  input: RuleInput,
): Promise<Rule> {
  const data = validated(input);
  const shopId = await shopIdOf(ctx, shopDomain);
  // Scoped by shop: another shop's rule id updates nothing.
  const { count } = await ctx.db.automationRule.updateMany({
    where: { id: ruleId, shopId },
    data: { ...data, activeHours: data.activeHours ?? Prisma.DbNull },
  });
  if (count === 0) throw new UserFacingError({ code: "rule_not_found", message: "That rule no longer exists.", httpStatus: 404 });
  return parseRule(await ctx.db.automationRule.findUniqueOrThrow({ where: { id: ruleId } }));
}

export async function deleteRule(ctx: Pick<AppContext, "db">, shopDomain: string, ruleId: string): Promise<boolean> {
  const shopId = await shopIdOf(ctx, shopDomain);
  const { count } = await ctx.db.automationRule.deleteMany({ where: { id: ruleId, shopId } });
  return count > 0;
}

// ---- Dry-run preview -------------------------------------------------------------------------

export interface RulePreview {
  matched: number;
  considered: number;
  /** Titles of up to 5 matching products, to show the merchant what the rule catches. */
  examples: string[];
}

/** "This rule would have matched N of your last 30 new products." Nothing is queued or charged. */
export async function previewRule(admin: AdminGraphql, input: RuleInput, lastN = 30): Promise<RulePreview> {
  const rule = validated(input);
  const data = await admin.request(PRODUCTS_FOR_RULES_QUERY, { variables: { first: lastN } });
  const nodes = data.products.nodes;
  const matching = nodes.filter((node) => ruleMatches(rule.scope, toRuleProduct(node)));
  return { matched: matching.length, considered: nodes.length, examples: matching.slice(0, 5).map((n) => n.title) };
}

// ---- Firing on a new product -----------------------------------------------------------------

export interface AutomationRequest {
  shopDomain: string;
  productIds: string[];
  style: string;
  count: number;
  source: "automation";
  batchId: string;
  autoPublish: boolean;
}

/** The generation engine's entry point, injected so this module does not depend on its internals. */
export type RequestGenerationsFn = (request: AutomationRequest) => Promise<unknown>;

export type AutomationOutcome =
  | { outcome: "no_rule" }
  | { outcome: "outside_hours" | "product_cap_reached" | "credit_cap_reached"; ruleId: string }
  | { outcome: "queued"; ruleId: string; batchId: string; styles: string[]; autoPublish: boolean };

const DAY_MS = 24 * 3600 * 1000;

/** The rule's batch for one webhook event: deterministic, so a retried job finds the same batch. */
export function automationBatchId(ruleId: string, eventId: string): string {
  return `auto_${ruleId}_${eventId}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 190);
}

export function automationBatchSource(ruleId: string): string {
  return `automation:${ruleId}`;
}

async function usageToday(ctx: Pick<AppContext, "db">, shopId: string, ruleId: string, now: Date) {
  const since = new Date(now.getTime() - DAY_MS);
  const where = { shopId, createdAt: { gte: since }, batch: { source: automationBatchSource(ruleId) } };
  const [products, credits] = await Promise.all([
    ctx.db.generation.findMany({ where, distinct: ["productId"], select: { productId: true } }),
    ctx.db.generation.aggregate({ where, _sum: { creditsReserved: true } }),
  ]);
  return { products: products.length, credits: credits._sum.creditsReserved ?? 0 };
}

/**
 * Evaluates the shop's rules for a new product and queues generations for the first matching one.
 * Serialised per shop (Redis lock) so that concurrent products/create jobs cannot overrun a cap.
 */
export async function runAutomationForNewProduct(
  ctx: Pick<AppContext, "db" | "redis" | "env">,
  input: { shopDomain: string; product: RuleProduct; eventId: string; now?: Date; requestGenerations: RequestGenerationsFn },
): Promise<AutomationOutcome> {
  const now = input.now ?? new Date();
  const shop = await ctx.db.shop.findUnique({ where: { domain: input.shopDomain }, select: { id: true, installed: true } });
  if (!shop?.installed) return { outcome: "no_rule" };
  const rules = (await listRules(ctx, input.shopDomain)).filter((r) => r.enabled);
  const rule = rules.find((r) => ruleMatches(r.scope, input.product));
  if (!rule) return { outcome: "no_rule" };
  if (!withinActiveHours(rule.activeHours, now)) return { outcome: "outside_hours", ruleId: rule.id };

  return withRedisLock(ctx.redis, `${ctx.env.REDIS_PREFIX}:lock:automation:${shop.id}`, async () => {
    const batchId = automationBatchId(rule.id, input.eventId);
    const existing = await ctx.db.batch.findUnique({ where: { id: batchId }, select: { id: true } });
    if (!existing) {
      const usage = await usageToday(ctx, shop.id, rule.id, now);
      if (rule.dailyProductCap !== null && usage.products >= rule.dailyProductCap) {
        return { outcome: "product_cap_reached", ruleId: rule.id };
      }
      if (rule.dailyCreditCap !== null && usage.credits >= rule.dailyCreditCap) {
        return { outcome: "credit_cap_reached", ruleId: rule.id };
      }
      await ctx.db.batch.create({
        data: { id: batchId, shopId: shop.id, source: automationBatchSource(rule.id), total: rule.styles.length },
      });
    }
    for (const style of rule.styles) {
      await input.requestGenerations({
        shopDomain: input.shopDomain,
        productIds: [input.product.id],
        style,
        count: 1,
        source: "automation",
        batchId,
        autoPublish: rule.autoPublish,
      });
    }
    return { outcome: "queued", ruleId: rule.id, batchId, styles: rule.styles, autoPublish: rule.autoPublish };
  });
}
