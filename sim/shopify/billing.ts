import { createHmac } from "node:crypto";
import { gid, parseGid } from "./ids";
import { balanceUsedCents, decimal, moneyFromCents as money, toCents } from "./money";
import type { ConnectionArgs } from "./pagination";
import { iso, type SimContext, type SimRuntime } from "./runtime";
import type { SimOneTimePurchase, SimShop, SimSubscription, SimSubscriptionLineItem, SimUsageRecord } from "./store";
import { pageOf } from "./views";
import { oneTimePurchasePayload, subscriptionPayload } from "./webhook-payloads";

const THIRTY_DAYS_MS = 30 * 86_400_000;

interface MoneyInput {
  amount: string | number;
  currencyCode: string;
}

function lineItemGid(subscription: SimSubscription, item: SimSubscriptionLineItem): string {
  return `${gid("AppSubscriptionLineItem", subscription.id)}?v=1&index=${item.index}`;
}

function lineItemView(context: SimContext, subscription: SimSubscription, item: SimSubscriptionLineItem) {
  return {
    __typename: "AppSubscriptionLineItem",
    id: lineItemGid(subscription, item),
    plan: {
      __typename: "AppPlanV2",
      pricingDetails:
        item.kind === "recurring"
          ? { __typename: "AppRecurringPricing", price: money(toCents(item.price!), item.currencyCode), interval: item.interval, discount: null, planHandle: null }
          : { __typename: "AppUsagePricing", balanceUsed: money(balanceUsedCents(item), item.currencyCode), cappedAmount: money(toCents(item.cappedAmount!), item.currencyCode), interval: "EVERY_30_DAYS", terms: item.terms },
    },
    usageRecords: (args: ConnectionArgs) => pageOf(context, item.usageRecords, args, (record) => usageRecordRecordView(context, subscription, item, record)),
  };
}

function usageRecordRecordView(context: SimContext, subscription: SimSubscription, item: SimSubscriptionLineItem, record: SimUsageRecord) {
  return {
    __typename: "AppUsageRecord",
    id: gid("AppUsageRecord", record.id),
    description: record.description,
    idempotencyKey: record.idempotencyKey,
    price: money(toCents(record.price), record.currencyCode),
    createdAt: iso(record.createdAt),
    subscriptionLineItem: () => lineItemView(context, subscription, item),
  };
}

export function usageRecordView(context: SimContext, recordId: number) {
  for (const subscription of context.shop.subscriptions.values()) {
    for (const item of subscription.lineItems) {
      const record = item.usageRecords.find((r) => r.id === recordId);
      if (record) return usageRecordRecordView(context, subscription, item, record);
    }
  }
  return null;
}

export function subscriptionView(context: SimContext, subscription: SimSubscription) {
  return {
    __typename: "AppSubscription",
    id: gid("AppSubscription", subscription.id),
    name: subscription.name,
    status: subscription.status,
    test: subscription.test,
    trialDays: subscription.trialDays,
    returnUrl: subscription.returnUrl,
    createdAt: iso(subscription.createdAt),
    currentPeriodEnd: subscription.status === "ACTIVE" ? iso(subscription.updatedAt + THIRTY_DAYS_MS) : null,
    lineItems: subscription.lineItems.map((item) => lineItemView(context, subscription, item)),
  };
}

export function oneTimePurchaseView(purchase: SimOneTimePurchase) {
  return {
    __typename: "AppPurchaseOneTime",
    id: gid("AppPurchaseOneTime", purchase.id),
    name: purchase.name,
    status: purchase.status,
    test: purchase.test,
    price: money(toCents(purchase.price), purchase.currencyCode),
    createdAt: iso(purchase.createdAt),
  };
}

const scopeHandles = (scopes: string) => scopes.split(",").filter(Boolean).map((handle) => ({ __typename: "AccessScope", handle: handle.trim(), description: handle.trim() }));

/** The app itself (App), as the library's scopes API reads it. */
export function appView(context: SimContext) {
  const { sim } = context;
  return {
    __typename: "App",
    id: gid("App", 1),
    apiKey: sim.apiKey,
    title: "Glint",
    handle: "glint",
    embedded: true,
    requestedAccessScopes: scopeHandles(sim.scopes),
    optionalAccessScopes: [],
    installation: () => appInstallationView(context),
  };
}

export function appInstallationView(context: SimContext) {
  const { shop, sim } = context;
  const subscriptions = [...shop.subscriptions.values()];
  return {
    __typename: "AppInstallation",
    id: gid("AppInstallation", shop.id),
    launchUrl: `${sim.url}/admin/store/${shop.handle}/apps/${sim.apiKey}`,
    uninstallUrl: null,
    accessScopes: scopeHandles(sim.scopes),
    app: () => appView(context),
    activeSubscriptions: subscriptions.filter((s) => s.status === "ACTIVE").map((s) => subscriptionView(context, s)),
    allSubscriptions: (args: ConnectionArgs & { reverse?: boolean }) => pageOf(context, subscriptions, args, (s) => subscriptionView(context, s)),
    oneTimePurchases: (args: ConnectionArgs) => pageOf(context, [...shop.oneTimePurchases.values()], args, (p) => oneTimePurchaseView(p)),
  };
}

/** Where the merchant approves a charge: on the simulator's store host, like Shopify's own URL. */
function confirmationUrl(sim: SimRuntime, shop: SimShop, kind: "subscription" | "oneTime", id: number): string {
  const path = kind === "subscription" ? "RecurringApplicationCharge/confirm_recurring_application_charge" : "ApplicationCharge/confirm_application_charge";
  const signature = createHmac("sha256", sim.apiSecret).update(`${shop.domain}:${kind}:${id}`).digest("hex");
  return `${sim.url}/store/${shop.domain}/admin/charges/${sim.apiKey}/${id}/${path}?signature=${signature}`;
}

export function verifyConfirmationSignature(sim: SimRuntime, shop: SimShop, kind: "subscription" | "oneTime", id: number, signature: string | null): boolean {
  return signature === createHmac("sha256", sim.apiSecret).update(`${shop.domain}:${kind}:${id}`).digest("hex");
}

/**
 * The merchant's decision on a pending charge. Approval activates it (and replaces any other
 * active subscription), then Shopify notifies the app by webhook and sends the merchant back to
 * returnUrl with charge_id.
 */
export function decideCharge(sim: SimRuntime, shop: SimShop, kind: "subscription" | "oneTime", id: number, approve: boolean): { returnUrl: string } | undefined {
  const charge = kind === "subscription" ? shop.subscriptions.get(id) : shop.oneTimePurchases.get(id);
  if (!charge || charge.status !== "PENDING") return undefined;
  const now = Date.now();
  if (charge.kind === "subscription" && approve) {
    for (const other of shop.subscriptions.values()) {
      if (other.status !== "ACTIVE") continue;
      other.status = "CANCELLED";
      other.updatedAt = now;
      void sim.webhooks.deliverTopic(shop.domain, "app_subscriptions/update", subscriptionPayload(shop, other)).catch(() => undefined);
    }
  }
  charge.status = approve ? "ACTIVE" : "DECLINED";
  charge.updatedAt = now;
  const [topic, payload] = charge.kind === "subscription" ? ["app_subscriptions/update", subscriptionPayload(shop, charge)] : ["app_purchases_one_time/update", oneTimePurchasePayload(shop, charge)];
  void sim.webhooks.deliverTopic(shop.domain, topic, payload).catch(() => undefined);
  // A return URL inside the real admin (admin.shopify.com/store/…) maps onto the simulated admin.
  const returnUrl = new URL(charge.returnUrl.replace(/^https:\/\/admin\.shopify\.com\//, `${sim.url}/admin/`));
  returnUrl.searchParams.set("charge_id", String(charge.id));
  return { returnUrl: returnUrl.href };
}

export function billingMutations(context: SimContext) {
  const { sim, shop } = context;
  return {
    appSubscriptionCreate: (args: { name: string; returnUrl: string; test?: boolean; trialDays?: number; lineItems: { plan: { appRecurringPricingDetails?: { price: MoneyInput; interval?: "EVERY_30_DAYS" | "ANNUAL" }; appUsagePricingDetails?: { cappedAmount: MoneyInput; terms: string } } }[] }) => {
      const recurring = args.lineItems.filter((l) => l.plan.appRecurringPricingDetails).length;
      const usage = args.lineItems.filter((l) => l.plan.appUsagePricingDetails).length;
      if (args.lineItems.length === 0 || recurring > 1 || usage > 1 || args.lineItems.some((l) => !!l.plan.appRecurringPricingDetails === !!l.plan.appUsagePricingDetails)) {
        return { appSubscription: null, confirmationUrl: null, userErrors: [{ field: ["lineItems"], message: "A subscription takes at most one recurring and one usage line item, each with exactly one pricing detail" }] };
      }
      const now = Date.now();
      const subscription: SimSubscription = {
        kind: "subscription",
        id: sim.store.nextId(),
        name: args.name,
        status: "PENDING",
        test: args.test ?? false,
        trialDays: args.trialDays ?? 0,
        returnUrl: args.returnUrl,
        createdAt: now,
        updatedAt: now,
        lineItems: args.lineItems.map((line, index) => {
          const recurringDetails = line.plan.appRecurringPricingDetails;
          const usageDetails = line.plan.appUsagePricingDetails;
          return recurringDetails
            ? { index, kind: "recurring", price: decimal(recurringDetails.price.amount), interval: recurringDetails.interval ?? "EVERY_30_DAYS", currencyCode: recurringDetails.price.currencyCode, usageRecords: [] }
            : { index, kind: "usage", cappedAmount: decimal(usageDetails!.cappedAmount.amount), terms: usageDetails!.terms, interval: "EVERY_30_DAYS", currencyCode: usageDetails!.cappedAmount.currencyCode, usageRecords: [] };
        }),
      };
      shop.subscriptions.set(subscription.id, subscription);
      return { appSubscription: subscriptionView(context, subscription), confirmationUrl: confirmationUrl(sim, shop, "subscription", subscription.id), userErrors: [] };
    },

    appUsageRecordCreate: (args: { subscriptionLineItemId: string; description: string; price: MoneyInput; idempotencyKey?: string | null }) => {
      const parsed = parseGid(args.subscriptionLineItemId);
      const index = Number(new URL(args.subscriptionLineItemId.replace("gid://", "http://")).searchParams.get("index") ?? 0);
      const subscription = parsed?.type === "AppSubscriptionLineItem" ? shop.subscriptions.get(parsed.id) : undefined;
      const item = subscription?.lineItems.find((l) => l.index === index && l.kind === "usage");
      if (!subscription || !item) return { appUsageRecord: null, userErrors: [{ field: ["subscriptionLineItemId"], message: "Subscription line item not found or not a usage line item" }] };
      if (args.idempotencyKey && args.idempotencyKey.length > 255) return { appUsageRecord: null, userErrors: [{ field: ["idempotencyKey"], message: "Idempotency key is too long (maximum is 255 characters)" }] };
      // The same idempotency key returns the record already created: no second charge.
      const existing = args.idempotencyKey ? item.usageRecords.find((r) => r.idempotencyKey === args.idempotencyKey) : undefined;
      if (existing) return { appUsageRecord: usageRecordRecordView(context, subscription, item, existing), userErrors: [] };
      if (subscription.status !== "ACTIVE") return { appUsageRecord: null, userErrors: [{ field: ["subscriptionLineItemId"], message: "The app subscription is not active" }] };
      if (args.price.currencyCode !== item.currencyCode) return { appUsageRecord: null, userErrors: [{ field: ["price"], message: `Currency must be ${item.currencyCode}` }] };
      if (toCents(args.price.amount) <= 0) return { appUsageRecord: null, userErrors: [{ field: ["price"], message: "Price must be greater than 0" }] };
      if (balanceUsedCents(item) + toCents(args.price.amount) > toCents(item.cappedAmount!)) {
        return { appUsageRecord: null, userErrors: [{ field: [], message: "Total price exceeds balance remaining" }] };
      }
      const record: SimUsageRecord = { id: sim.store.nextId(), description: args.description, idempotencyKey: args.idempotencyKey ?? null, price: decimal(args.price.amount), currencyCode: args.price.currencyCode, createdAt: Date.now() };
      item.usageRecords.push(record);
      return { appUsageRecord: usageRecordRecordView(context, subscription, item, record), userErrors: [] };
    },

    appPurchaseOneTimeCreate: (args: { name: string; price: MoneyInput; returnUrl: string; test?: boolean }) => {
      if (toCents(args.price.amount) < 50) return { appPurchaseOneTime: null, confirmationUrl: null, userErrors: [{ field: ["price"], message: "Price must be at least 0.50" }] };
      const now = Date.now();
      const purchase: SimOneTimePurchase = { kind: "oneTime", id: sim.store.nextId(), name: args.name, status: "PENDING", test: args.test ?? false, price: decimal(args.price.amount), currencyCode: args.price.currencyCode, returnUrl: args.returnUrl, createdAt: now, updatedAt: now };
      shop.oneTimePurchases.set(purchase.id, purchase);
      return { appPurchaseOneTime: oneTimePurchaseView(purchase), confirmationUrl: confirmationUrl(sim, shop, "oneTime", purchase.id), userErrors: [] };
    },

    appSubscriptionCancel: (args: { id: string; prorate?: boolean }) => {
      const parsed = parseGid(args.id);
      const subscription = parsed?.type === "AppSubscription" ? shop.subscriptions.get(parsed.id) : undefined;
      if (!subscription) return { appSubscription: null, userErrors: [{ field: ["id"], message: "Couldn't find RecurringApplicationCharge" }] };
      if (subscription.status === "ACTIVE" || subscription.status === "PENDING") {
        subscription.status = "CANCELLED";
        subscription.updatedAt = Date.now();
        void sim.webhooks.deliverTopic(shop.domain, "app_subscriptions/update", subscriptionPayload(shop, subscription)).catch(() => undefined);
      }
      return { appSubscription: subscriptionView(context, subscription), userErrors: [] };
    },
  };
}
