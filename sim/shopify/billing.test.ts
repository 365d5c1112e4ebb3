import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBody, startHttpServer, type RunningServer } from "../shared/http";
import { startSimHarness, type SimHarness } from "./test-client";

interface Received {
  topic: string;
  body: Record<string, Record<string, string>>;
  valid: boolean;
}

let h: SimHarness;
let app: RunningServer;
const received: Received[] = [];

beforeAll(async () => {
  let handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async () => undefined;
  app = await startHttpServer((req, res) => handler(req, res));
  h = await startSimHarness({ productCount: 5, options: { appUrl: app.url } });
  handler = async (req, res) => {
    const rawBody = (await readBody(req)).toString("utf8");
    const check = await h.shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
    received.push({ topic: req.headers["x-shopify-topic"] as string, body: JSON.parse(rawBody), valid: check.valid });
    res.writeHead(200).end();
  };
});
afterAll(async () => {
  await h.sim.close();
  await app.close();
});

const SUBSCRIBE = `mutation S($name: String!, $lineItems: [AppSubscriptionLineItemInput!]!, $returnUrl: URL!, $test: Boolean, $trialDays: Int) {
  appSubscriptionCreate(name: $name, lineItems: $lineItems, returnUrl: $returnUrl, test: $test, trialDays: $trialDays) {
    confirmationUrl
    appSubscription { id status lineItems { id plan { pricingDetails { __typename ... on AppUsagePricing { cappedAmount { amount } balanceUsed { amount } } } } } }
    userErrors { field message }
  } }`;
const USAGE = `mutation R($id: ID!, $price: MoneyInput!, $description: String!, $key: String) {
  appUsageRecordCreate(subscriptionLineItemId: $id, price: $price, description: $description, idempotencyKey: $key) {
    appUsageRecord { id idempotencyKey price { amount } }
    userErrors { field message }
  } }`;

async function waitFor<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("timed out");
}

describe("billing", () => {
  it("subscription: pending until approved at the confirmation URL, then usage records are idempotent and capped", async () => {
    const { data } = await h.client.request<{ appSubscriptionCreate: { confirmationUrl: string; appSubscription: { id: string; status: string; lineItems: { id: string; plan: { pricingDetails: { __typename: string } } }[] } } }>(SUBSCRIBE, {
      variables: {
        name: "Glint Pro",
        returnUrl: `${app.url}/app/billing/return`,
        test: true,
        trialDays: 7,
        lineItems: [
          { plan: { appRecurringPricingDetails: { price: { amount: 29, currencyCode: "USD" }, interval: "EVERY_30_DAYS" } } },
          { plan: { appUsagePricingDetails: { cappedAmount: { amount: 10, currencyCode: "USD" }, terms: "$0.10 per image" } } },
        ],
      },
    });
    const created = data!.appSubscriptionCreate;
    expect(created.appSubscription.status).toBe("PENDING");
    expect(created.confirmationUrl.startsWith(`${h.sim.url}/store/${h.shop.domain}/admin/charges/`)).toBe(true);
    const usageLine = created.appSubscription.lineItems.find((l) => l.plan.pricingDetails.__typename === "AppUsagePricing")!;

    const early = await h.client.request<{ appUsageRecordCreate: { userErrors: { message: string }[] } }>(USAGE, { variables: { id: usageLine.id, price: { amount: 1, currencyCode: "USD" }, description: "too early", key: "early" } });
    expect(early.data!.appUsageRecordCreate.userErrors[0].message).toMatch(/not active/);

    const forged = await fetch(created.confirmationUrl.replace(/signature=\w+/, "signature=forged") + "&decision=approve", { redirect: "manual" });
    expect(forged.status).toBe(403);
    const approval = await fetch(`${created.confirmationUrl}&decision=approve`, { redirect: "manual" });
    expect(approval.status).toBe(302);
    const returnUrl = new URL(approval.headers.get("location")!);
    expect(returnUrl.pathname).toBe("/app/billing/return");
    expect(`gid://shopify/AppSubscription/${returnUrl.searchParams.get("charge_id")}`).toBe(created.appSubscription.id);
    const webhook = await waitFor(() => received.find((r) => r.topic === "app_subscriptions/update"));
    expect(webhook.valid).toBe(true);
    expect(webhook.body.app_subscription).toMatchObject({ admin_graphql_api_id: created.appSubscription.id, status: "ACTIVE", capped_amount: "10.00" });

    const charge = (key: string, amount: number) => h.client.request<{ appUsageRecordCreate: { appUsageRecord: { id: string } | null; userErrors: { message: string }[] } }>(USAGE, { variables: { id: usageLine.id, price: { amount, currencyCode: "USD" }, description: `generation ${key}`, key } });
    const first = await charge("gen-1", 4);
    const retry = await charge("gen-1", 4);
    expect(retry.data!.appUsageRecordCreate.appUsageRecord!.id).toBe(first.data!.appUsageRecordCreate.appUsageRecord!.id);
    await charge("gen-2", 5);
    const overCap = await charge("gen-3", 2);
    expect(overCap.data!.appUsageRecordCreate.appUsageRecord).toBeNull();
    expect(overCap.data!.appUsageRecordCreate.userErrors[0].message).toBe("Total price exceeds balance remaining");

    const installation = await h.client.request<{ currentAppInstallation: { activeSubscriptions: { id: string; lineItems: { plan: { pricingDetails: { balanceUsed?: { amount: string } } } }[] }[] } }>(
      `{ currentAppInstallation { activeSubscriptions { id lineItems { plan { pricingDetails { ... on AppUsagePricing { balanceUsed { amount } } } } } } } }`,
    );
    const [active] = installation.data!.currentAppInstallation.activeSubscriptions;
    expect(active.id).toBe(created.appSubscription.id);
    expect(active.lineItems.map((l) => l.plan.pricingDetails.balanceUsed?.amount).filter(Boolean)).toEqual(["9.00"]);
  });

  it("one-time purchase: approval via the control API activates it and delivers a webhook whose HMAC verifies", async () => {
    const { data } = await h.client.request<{ appPurchaseOneTimeCreate: { appPurchaseOneTime: { id: string; status: string }; confirmationUrl: string } }>(
      `mutation P($name: String!, $price: MoneyInput!, $returnUrl: URL!) { appPurchaseOneTimeCreate(name: $name, price: $price, returnUrl: $returnUrl, test: true) { appPurchaseOneTime { id status } confirmationUrl userErrors { field message } } }`,
      { variables: { name: "500 credits", price: { amount: "49.00", currencyCode: "USD" }, returnUrl: `${app.url}/app/billing/credits` } },
    );
    const purchase = data!.appPurchaseOneTimeCreate.appPurchaseOneTime;
    expect(purchase.status).toBe("PENDING");
    const page = await (await fetch(data!.appPurchaseOneTimeCreate.confirmationUrl)).text();
    expect(page).toContain("500 credits");
    const numericId = purchase.id.split("/").pop();
    const approved = await fetch(`${h.sim.url}/_sim/shops/${h.shop.domain}/charges/${numericId}/approve`, { method: "POST" });
    expect(((await approved.json()) as { returnUrl: string }).returnUrl).toBe(`${app.url}/app/billing/credits?charge_id=${numericId}`);
    const webhook = await waitFor(() => received.find((r) => r.topic === "app_purchases_one_time/update"));
    expect(webhook.valid).toBe(true);
    expect(webhook.body.app_purchase_one_time).toMatchObject({ admin_graphql_api_id: purchase.id, name: "500 credits", status: "ACTIVE" });
    const node = await h.client.request<{ node: { status: string } }>(`query N($id: ID!) { node(id: $id) { ... on AppPurchaseOneTime { status } } }`, { variables: { id: purchase.id } });
    expect(node.data!.node.status).toBe("ACTIVE");
  });
});
