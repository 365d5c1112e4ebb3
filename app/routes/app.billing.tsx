/**
 * Billing: the current plan and balance, plans and credit packs (approved on Shopify's own page,
 * so the browser's top frame goes there), the usage history in plain words, and Shopify invoices.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { handleApi, readJson } from "../api.server";
import { appContext } from "../app-context.server";
import { adminGraphqlFn } from "../billing/admin-graphql";
import { buyCreditPack, confirmOneTimePurchase } from "../billing/credit-packs.server";
import { getBalance } from "../billing/ledger.server";
import { CREDIT_PACKS, PLANS, findPlan } from "../billing/plans";
import { activeSubscription, cancelSubscription, confirmSubscription, subscribeToPlan } from "../billing/subscriptions.server";
import { formatCents, formatCredits, formatDate, formatDateTime } from "../components/format";
import { describeLedgerEntry } from "../components/ledger-lines";
import { RouteError } from "../components/RouteError";
import { showToast } from "../components/toast";
import { ensureShop } from "../models/shops.server";
import { authenticate } from "../shopify.server";
import { adminGraphqlFor } from "../shopify/admin-client.server";
import type { AppContext } from "../context.server";

const HISTORY_ROWS = 50;

/** Billing takes a plain GraphQL function; this one is the shop's throttle-aware client. */
function billingAdmin(ctx: AppContext, session: { shop: string; accessToken?: string }) {
  return adminGraphqlFn(adminGraphqlFor(ctx, session.shop, session.accessToken ?? ""));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const ctx = appContext();
  const shop = await ensureShop(ctx, session.shop);
  const url = new URL(request.url);

  // Back from Shopify's approval page: ask Shopify for the charge's status, then show a clean URL.
  const chargeId = url.searchParams.get("charge_id");
  const kind = url.searchParams.get("kind");
  if (chargeId && (kind === "plan" || kind === "pack")) {
    const outcome =
      kind === "plan"
        ? await confirmSubscription(ctx, billingAdmin(ctx, session), { shopId: shop.id, chargeId })
        : await confirmOneTimePurchase(ctx, billingAdmin(ctx, session), { shopId: shop.id, chargeId });
    const clean = new URL(url);
    for (const key of ["charge_id", "kind"]) clean.searchParams.delete(key);
    clean.searchParams.set("outcome", outcome.status === "ACTIVE" ? "approved" : "declined");
    throw redirect(`${clean.pathname}${clean.search}`);
  }

  const [balance, subscription, entries] = await Promise.all([
    getBalance(ctx.db, shop.id),
    activeSubscription(ctx, shop.id),
    ctx.db.ledgerEntry.findMany({
      where: { shopId: shop.id },
      orderBy: { createdAt: "desc" },
      take: HISTORY_ROWS,
      select: { id: true, kind: true, amount: true, reason: true, createdAt: true, generationId: true },
    }),
  ]);
  const generationIds = [...new Set(entries.flatMap((e) => (e.generationId ? [e.generationId] : [])))];
  const generations = await ctx.db.generation.findMany({
    where: { shopId: shop.id, id: { in: generationIds } },
    select: { id: true, product: { select: { title: true } } },
  });
  const titles = new Map(generations.map((g) => [g.id, g.product.title]));
  return {
    balance,
    currentPlan: subscription ? (findPlan(subscription.offerKey)?.key ?? null) : null,
    renewsAt: subscription?.currentPeriodEnd?.toISOString() ?? null,
    history: entries.map((e) => ({
      id: e.id,
      date: e.createdAt.toISOString(),
      description: describeLedgerEntry({ ...e, productTitle: e.generationId ? (titles.get(e.generationId) ?? null) : null }),
      // A commit moves nothing: the credits already left the balance when they were held.
      amount: e.kind === "commit" ? null : e.amount,
    })),
    invoicesUrl: `https://admin.shopify.com/store/${session.shop.replace(/\.myshopify\.com$/, "")}/settings/billing`,
  };
}

const billingActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("plan"), key: z.string() }),
  z.object({ intent: z.literal("pack"), key: z.string() }),
  z.object({ intent: z.literal("cancel") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, shop, session }) => {
    const body = await readJson(request, billingActionSchema);
    const returnUrl = (kind: "plan" | "pack") => `${ctx.env.SHOPIFY_APP_URL}/app/billing?shop=${encodeURIComponent(session.shop)}&kind=${kind}`;
    if (body.intent === "plan") {
      const { confirmationUrl } = await subscribeToPlan(ctx, billingAdmin(ctx, session), { shopId: shop.id, planKey: body.key, returnUrl: returnUrl("plan") });
      return { confirmationUrl };
    }
    if (body.intent === "pack") {
      const { confirmationUrl } = await buyCreditPack(ctx, billingAdmin(ctx, session), { shopId: shop.id, packKey: body.key, returnUrl: returnUrl("pack") });
      return { confirmationUrl };
    }
    await cancelSubscription(ctx, billingAdmin(ctx, session), { shopId: shop.id });
    return { cancelled: true };
  });
}

type BillingActionResult = { confirmationUrl: string } | { cancelled: true } | { error: { message: string } };

export default function BillingPage() {
  const { balance, currentPlan, renewsAt, history, invoicesUrl } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const fetcher = useFetcher<BillingActionResult>();
  const pendingKey = fetcher.state !== "idle" ? String((fetcher.json as { key?: string } | undefined)?.key ?? "cancel") : null;

  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== "idle" || !result) return;
    // Shopify's approval page must open in the top frame, outside the admin iframe.
    if ("confirmationUrl" in result) window.open(result.confirmationUrl, "_top");
    else if ("cancelled" in result) showToast("Your plan was cancelled");
    else showToast(result.error.message, { isError: true });
  }, [fetcher.state, fetcher.data]);

  const choose = (intent: "plan" | "pack" | "cancel", key?: string) =>
    fetcher.submit({ intent, ...(key ? { key } : {}) }, { method: "post", encType: "application/json" });

  const plan = currentPlan ? PLANS.find((p) => p.key === currentPlan) : undefined;
  const outcome = params.get("outcome");

  return (
    <Page title="Billing" secondaryActions={[{ content: "View invoices in Shopify", url: invoicesUrl, target: "_top", external: true }]}>
      <Layout>
        {outcome ? (
          <Layout.Section>
            <Banner tone={outcome === "approved" ? "success" : "warning"} title={outcome === "approved" ? "Payment approved" : "Payment not approved"}>
              <Text as="p">
                {outcome === "approved"
                  ? "Your credits are in your balance."
                  : "Nothing was charged. You can choose a plan or pack again at any time."}
              </Text>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <InlineStack align="space-between" blockAlign="center" gap="400">
              <BlockStack gap="100">
                <Text as="h2" variant="headingMd">
                  {plan ? plan.name : "Free trial"}
                </Text>
                <Text as="p" tone="subdued">
                  {plan
                    ? `${formatCredits(plan.monthlyCredits)} every 30 days${renewsAt ? `, renews ${formatDate(renewsAt)}` : ""}.`
                    : "No plan yet: you are using your starting credits."}
                </Text>
              </BlockStack>
              <BlockStack gap="100" inlineAlign="end">
                <Text as="p" variant="headingLg">
                  {formatCredits(balance)}
                </Text>
                <Text as="p" tone="subdued">
                  available
                </Text>
              </BlockStack>
            </InlineStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Plans
            </Text>
            <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
              {PLANS.map((p) => (
                <Card key={p.key}>
                  <BlockStack gap="300">
                    <InlineStack align="space-between" blockAlign="center">
                      <Text as="h3" variant="headingSm">
                        {p.name}
                      </Text>
                      {p.key === currentPlan ? <Badge tone="success">Current plan</Badge> : null}
                    </InlineStack>
                    <Text as="p" variant="headingLg">
                      {formatCents(p.priceCents)}
                      <Text as="span" tone="subdued" variant="bodyMd">
                        {" "}
                        / 30 days
                      </Text>
                    </Text>
                    <Text as="p">{formatCredits(p.monthlyCredits)} included</Text>
                    <Text as="p" tone="subdued" variant="bodySm">
                      Extra: {p.overage.terms}. {p.trialDays}-day free trial.
                    </Text>
                    {p.key === currentPlan ? (
                      <Button onClick={() => choose("cancel")} loading={pendingKey === "cancel"} tone="critical" variant="plain">
                        Cancel plan
                      </Button>
                    ) : (
                      <Button onClick={() => choose("plan", p.key)} loading={pendingKey === p.key} accessibilityLabel={`${currentPlan ? "Switch to this plan" : "Choose plan"}: ${p.name}`}>
                        {currentPlan ? "Switch to this plan" : "Choose plan"}
                      </Button>
                    )}
                  </BlockStack>
                </Card>
              ))}
            </InlineGrid>
          </BlockStack>
        </Layout.Section>

        <Layout.Section>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Credit packs
            </Text>
            <Text as="p" tone="subdued">
              One-time purchases. Pack credits never expire.
            </Text>
            <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
              {CREDIT_PACKS.map((pack) => (
                <Card key={pack.key}>
                  <BlockStack gap="300">
                    <Text as="h3" variant="headingSm">
                      {formatCredits(pack.credits)}
                    </Text>
                    <Text as="p" variant="headingLg">
                      {formatCents(pack.priceCents)}
                    </Text>
                    <Button onClick={() => choose("pack", pack.key)} loading={pendingKey === pack.key} accessibilityLabel={`Buy ${formatCredits(pack.credits)}`}>
                      Buy
                    </Button>
                  </BlockStack>
                </Card>
              ))}
            </InlineGrid>
          </BlockStack>
        </Layout.Section>

        <Layout.Section>
          <Card padding="0">
            <BlockStack gap="0">
              <Box padding="400">
                <Text as="h2" variant="headingMd">
                  Credit history
                </Text>
              </Box>
              {history.length ? (
                <DataTable
                  columnContentTypes={["text", "text", "numeric"]}
                  headings={["Date", "What happened", "Credits"]}
                  rows={history.map((h) => [
                    formatDateTime(h.date),
                    h.description,
                    h.amount === null ? "—" : h.amount > 0 ? `+${h.amount}` : String(h.amount),
                  ])}
                />
              ) : (
                <Box padding="400">
                  <Text as="p" tone="subdued">
                    No credit activity yet.
                  </Text>
                </Box>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError pageTitle="Billing" />;
}
