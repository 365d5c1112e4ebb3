/**
 * Home: where the merchant's credits stand, what is running, what waits for them, and anything
 * that needs attention. A first-time merchant gets a two-step start instead.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  ProgressBar,
  Select,
  Text,
  Thumbnail,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { handleApi, readJson } from "../api.server";
import { appContext } from "../app-context.server";
import { UserFacingError } from "../errors";
import { generateForProducts } from "../models/catalog-generations.server";
import { listProductsPage } from "../models/products.server";
import { adminGraphqlFor } from "../shopify/admin-client.server";
import { getBalance } from "../billing/ledger.server";
import { findPlan } from "../billing/plans";
import { creditsSpentSince, startOfUtcDay, startOfUtcMonth } from "../billing/spend.server";
import { listSpendAlerts } from "../billing/spend-alerts.server";
import { readSpendingSettings } from "../billing/spending-settings";
import { assetUrls } from "../components/asset-urls.server";
import { formatCredits, formatRelativeTime, percentOf } from "../components/format";
import { MOVING_STATUSES, statusView } from "../components/generation-status";
import { GenerationStatusBadge } from "../components/GenerationStatusBadge";
import { productStudioPath } from "../components/product-paths";
import { RouteError } from "../components/RouteError";
import { SHOT_STYLE_KEYS, STYLE_CHOICES, styleLabel } from "../components/styles";
import { showToast } from "../components/toast";
import { useLiveRefresh } from "../components/use-live-refresh";
import { readGeneralSettings, updateGeneralSettings } from "../models/shop-settings.server";
import { ensureShop } from "../models/shops.server";
import { authenticate } from "../shopify.server";

const DAY_MS = 86_400_000;
const ONBOARDING_PRODUCTS = 3;

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const ctx = appContext();
  const shop = await ensureShop(ctx, session.shop);
  const now = new Date();
  const [balance, spentToday, spentThisMonth, alerts, running, awaiting, awaitingCount, failedToday, everGenerated] = await Promise.all([
    getBalance(ctx.db, shop.id),
    creditsSpentSince(ctx, shop.id, startOfUtcDay(now)),
    creditsSpentSince(ctx, shop.id, startOfUtcMonth(now)),
    listSpendAlerts(ctx, { shopId: shop.id, unacknowledgedOnly: true, limit: 3 }),
    ctx.db.generation.findMany({
      where: { shopId: shop.id, status: { in: MOVING_STATUSES } },
      orderBy: { createdAt: "desc" },
      take: 8,
      select: { id: true, status: true, style: true, createdAt: true, product: { select: { title: true, shopifyId: true } } },
    }),
    ctx.db.generation.findMany({
      where: { shopId: shop.id, status: "ready_for_review" },
      orderBy: { completedAt: "desc" },
      take: 6,
      select: { id: true, style: true, outputAssetId: true, product: { select: { title: true, shopifyId: true } } },
    }),
    ctx.db.generation.count({ where: { shopId: shop.id, status: "ready_for_review" } }),
    ctx.db.generation.count({ where: { shopId: shop.id, status: "failed", updatedAt: { gte: new Date(now.getTime() - DAY_MS) } } }),
    ctx.db.generation.count({ where: { shopId: shop.id }, take: 1 }),
  ]);
  const urls = await assetUrls(ctx, shop.id, awaiting.map((g) => g.outputAssetId));
  const caps = readSpendingSettings(shop.settings);
  const general = readGeneralSettings(shop.settings);
  return {
    balance,
    planName: findPlan(shop.plan)?.name ?? "Free trial",
    spend: {
      today: spentToday,
      month: spentThisMonth,
      dailyCap: caps.dailyCreditCap ?? null,
      monthlyCap: caps.monthlyCreditCap ?? null,
    },
    alerts: alerts.map((a) => ({ id: a.id, message: a.message })),
    paused: shop.pausedAt ? (shop.pausedReason ?? "Generation is paused for your store.") : null,
    running: running.map((g) => ({
      id: g.id,
      status: g.status,
      style: g.style,
      productTitle: g.product.title,
      productGid: g.product.shopifyId,
      createdAt: g.createdAt.toISOString(),
    })),
    awaiting: awaiting.map((g) => ({
      id: g.id,
      style: g.style,
      productTitle: g.product.title,
      productGid: g.product.shopifyId,
      imageUrl: g.outputAssetId ? (urls.get(g.outputAssetId) ?? null) : null,
    })),
    awaitingCount,
    failedToday,
    showOnboarding: everGenerated === 0 && !general.onboardedAt,
  };
}

const onboardingSchema = z.object({ style: z.enum(SHOT_STYLE_KEYS) });

/** First run: remember the chosen style and try it on the first products that have a photo. */
export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session, shop }) => {
    const { style } = await readJson(request, onboardingSchema);
    const admin = adminGraphqlFor(ctx, session.shop, session.accessToken ?? "");
    const { products } = await listProductsPage(admin, { first: 25, filters: { status: "active" }, signal: request.signal });
    const withPhoto = products.filter((p) => p.featuredMedia?.preview?.image?.url).slice(0, ONBOARDING_PRODUCTS);
    if (!withPhoto.length) {
      throw new UserFacingError({ code: "no_products", message: "Add a product with a photo in Shopify first, then try again." });
    }
    await updateGeneralSettings(ctx, shop.id, { defaultStyles: [style], onboardedAt: new Date().toISOString() });
    const result = await generateForProducts(
      ctx,
      admin,
      { shopDomain: session.shop, productIds: withPhoto.map((p) => p.id), style, count: 1, source: "onboarding" },
      request.signal,
    );
    return { started: result.generations.length };
  });
}

function SpendMeter({ label, spent, cap }: { label: string; spent: number; cap: number | null }) {
  return (
    <BlockStack gap="100">
      <InlineStack align="space-between">
        <Text as="span">{label}</Text>
        <Text as="span" tone="subdued">
          {cap ? `${formatCredits(spent)} of ${cap}` : `${formatCredits(spent)} · no limit`}
        </Text>
      </InlineStack>
      {cap ? (
        <ProgressBar progress={percentOf(spent, cap)} tone={spent >= cap ? "critical" : "primary"} size="small" />
      ) : null}
    </BlockStack>
  );
}

function Onboarding() {
  const fetcher = useFetcher<{ started: number } | { error: { message: string } }>();
  const navigate = useNavigate();
  const [style, setStyle] = useState("lifestyle");
  const result = fetcher.data;
  useEffect(() => {
    if (fetcher.state === "idle" && result && "started" in result) {
      showToast(`Creating images for ${result.started} products`);
      navigate("/app/jobs");
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, result]);
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Get started in two steps
          </Text>
          <Text as="p" tone="subdued">
            Pick the look you want, then try it on 3 of your products with your free starting credits. Nothing changes in your store
            until you approve an image.
          </Text>
        </BlockStack>
        <Select
          label="1. Default style"
          options={STYLE_CHOICES.map((s) => ({ value: s.value, label: s.label }))}
          value={style}
          onChange={setStyle}
          helpText={STYLE_CHOICES.find((s) => s.value === style)?.helpText}
        />
        {result && "error" in result ? (
          <Banner tone="critical" title="We couldn't start">
            <Text as="p">{result.error.message}</Text>
          </Banner>
        ) : null}
        <InlineStack gap="300">
          <Button
            variant="primary"
            loading={fetcher.state !== "idle"}
            onClick={() => fetcher.submit({ style }, { method: "post", encType: "application/json" })}
          >
            2. Try it on 3 products
          </Button>
          <Button url="/app/products">Choose products myself</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  useLiveRefresh(data.running.length > 0);
  const { spend } = data;

  return (
    <Page title="Glint" subtitle="Studio-quality product images, made from the photos you already have">
      <Layout>
        {data.paused ? (
          <Layout.Section>
            <Banner tone="critical" title="Generation is paused">
              <Text as="p">{data.paused}</Text>
            </Banner>
          </Layout.Section>
        ) : null}
        {data.alerts.map((alert) => (
          <Layout.Section key={alert.id}>
            <Banner tone="warning" title="Spending alert">
              <Text as="p">{alert.message}</Text>
            </Banner>
          </Layout.Section>
        ))}
        {data.failedToday > 0 ? (
          <Layout.Section>
            <Banner tone="warning" title={`${data.failedToday} ${data.failedToday === 1 ? "image" : "images"} failed today`} action={{ content: "See what happened", url: "/app/jobs?status=failed" }}>
              <Text as="p">No credits were used for them. You can retry from the Jobs page.</Text>
            </Banner>
          </Layout.Section>
        ) : null}
        {data.showOnboarding ? (
          <Layout.Section>
            <Onboarding />
          </Layout.Section>
        ) : null}

        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Credits
                </Text>
                <Text as="p" variant="heading2xl">
                  {data.balance.toLocaleString("en-US")}
                </Text>
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="p" tone="subdued">
                    {data.planName}
                  </Text>
                  <Button url="/app/billing" variant="plain">
                    Get more credits
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Spending
                </Text>
                <SpendMeter label="Today" spent={spend.today} cap={spend.dailyCap} />
                <SpendMeter label="This month" spent={spend.month} cap={spend.monthlyCap} />
                <Button url="/app/settings" variant="plain">
                  Set spending limits
                </Button>
              </BlockStack>
            </Card>
          </InlineGrid>
        </Layout.Section>

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  In progress
                </Text>
                <Button url="/app/jobs" variant="plain">
                  All jobs
                </Button>
              </InlineStack>
              {data.running.length === 0 ? (
                <Text as="p" tone="subdued">
                  Nothing is running right now.
                </Text>
              ) : (
                data.running.map((job) => (
                  <BlockStack gap="100" key={job.id}>
                    <InlineStack align="space-between" blockAlign="center" gap="200">
                      <Text as="span" fontWeight="semibold">
                        {job.productTitle} · {styleLabel(job.style)}
                      </Text>
                      <GenerationStatusBadge status={job.status} />
                    </InlineStack>
                    <ProgressBar progress={statusView(job.status).progress} size="small" />
                    <Text as="span" tone="subdued" variant="bodySm">
                      Started {formatRelativeTime(job.createdAt)}
                    </Text>
                  </BlockStack>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Waiting for your review{data.awaitingCount ? ` (${data.awaitingCount})` : ""}
                </Text>
                {data.awaitingCount ? (
                  <Button url="/app/review" variant="plain">
                    Review all
                  </Button>
                ) : null}
              </InlineStack>
              {data.awaiting.length === 0 ? (
                <Text as="p" tone="subdued">
                  New images appear here when they are ready. You decide what goes live.
                </Text>
              ) : (
                <InlineGrid columns={{ xs: 2, sm: 3, md: 6 }} gap="300">
                  {data.awaiting.map((g) => (
                    <Box key={g.id}>
                      <BlockStack gap="100">
                        <Thumbnail source={g.imageUrl ?? ""} alt={`${styleLabel(g.style)} of ${g.productTitle}`} size="large" />
                        <Button url={productStudioPath(g.productGid)} variant="plain" accessibilityLabel={`Review ${g.productTitle}`}>
                          {g.productTitle}
                        </Button>
                      </BlockStack>
                    </Box>
                  ))}
                </InlineGrid>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError pageTitle="Glint" />;
}
