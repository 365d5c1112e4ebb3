/**
 * Review queue: every finished image waiting for the merchant, from bulk runs and automation.
 * Approve publishes to the product (after the current images, with suggested alt text); reject
 * returns the credits. Both work on a selection.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  BlockStack,
  Card,
  ChoiceList,
  IndexTable,
  Layout,
  Link,
  Modal,
  Page,
  Text,
  Thumbnail,
  useIndexResourceState,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { handleApi, readJson } from "../api.server";
import { appContext } from "../app-context.server";
import { assetUrls } from "../components/asset-urls.server";
import { EmptyCard } from "../components/EmptyCard";
import { formatRelativeTime } from "../components/format";
import { MOVING_STATUSES } from "../components/generation-status";
import { productStudioPath } from "../components/product-paths";
import { REJECT_REASONS } from "../components/reject-reasons";
import { RouteError } from "../components/RouteError";
import { styleLabel } from "../components/styles";
import { showToast } from "../components/toast";
import { useLiveRefresh } from "../components/use-live-refresh";
import { defaultAltText } from "../models/media.server";
import { approveGeneration, rejectGeneration } from "../models/review.server";
import { ensureShop } from "../models/shops.server";
import { authenticate } from "../shopify.server";

const QUEUE_ROWS = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const ctx = appContext();
  const shop = await ensureShop(ctx, session.shop);
  const [waiting, running] = await Promise.all([
    ctx.db.generation.findMany({
      where: { shopId: shop.id, status: "ready_for_review" },
      orderBy: { completedAt: "desc" },
      take: QUEUE_ROWS,
      select: { id: true, style: true, source: true, outputAssetId: true, posterAssetId: true, completedAt: true, createdAt: true, product: { select: { title: true, shopifyId: true } } },
    }),
    ctx.db.generation.count({ where: { shopId: shop.id, status: { in: MOVING_STATUSES } } }),
  ]);
  // A video is shown by its poster frame (a thumbnail cannot play an MP4).
  const shown = waiting.map((g) => g.posterAssetId ?? g.outputAssetId);
  const urls = await assetUrls(ctx, shop.id, shown);
  return {
    running,
    items: waiting.map((g, i) => ({
      id: g.id,
      style: g.style,
      fromAutomation: g.source === "automation",
      productTitle: g.product.title,
      productGid: g.product.shopifyId,
      imageUrl: shown[i] ? (urls.get(shown[i]) ?? null) : null,
      isVideo: Boolean(g.posterAssetId),
      finishedAt: (g.completedAt ?? g.createdAt).toISOString(),
    })),
  };
}

const reviewActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), ids: z.array(z.string()).min(1).max(QUEUE_ROWS) }),
  z.object({ intent: z.literal("reject"), ids: z.array(z.string()).min(1).max(QUEUE_ROWS), reason: z.string().max(300) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session }) => {
    const body = await readJson(request, reviewActionSchema);
    const generations = await ctx.db.generation.findMany({
      where: { id: { in: body.ids }, shop: { domain: session.shop } },
      select: { id: true, style: true, product: { select: { title: true } } },
    });
    // One at a time: each publish and each release takes the shop's locks; a failure stops nothing else.
    let done = 0;
    const failures: string[] = [];
    for (const g of generations) {
      try {
        if (body.intent === "approve") {
          await approveGeneration(ctx, { shopDomain: session.shop, generationId: g.id, altText: defaultAltText(g.product.title, styleLabel(g.style)) });
        } else {
          await rejectGeneration(ctx, { shopDomain: session.shop, generationId: g.id, reason: body.reason });
        }
        done++;
      } catch (error) {
        ctx.log.warn({ err: error, generationId: g.id }, "review action failed for one image");
        failures.push(g.product.title);
      }
    }
    return { intent: body.intent, done, failures };
  });
}

type ReviewActionResult = { intent: "approve" | "reject"; done: number; failures: string[] } | { error: { message: string } };

export default function ReviewPage() {
  const { items, running } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<ReviewActionResult>();
  const [rejecting, setRejecting] = useState(false);
  const [reasons, setReasons] = useState<string[]>([REJECT_REASONS[0]]);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(items);
  const selected = allResourcesSelected ? items.map((i) => i.id) : selectedResources;
  useLiveRefresh(running > 0);

  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data) return;
    if ("error" in data) return showToast(data.error.message, { isError: true });
    const verb = data.intent === "approve" ? "Publishing" : "Rejected";
    showToast(`${verb} ${data.done} ${data.done === 1 ? "image" : "images"}${data.failures.length ? `; ${data.failures.length} could not be changed` : ""}`, {
      isError: data.failures.length > 0,
    });
    setRejecting(false);
    clearSelection();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);

  const submit = (body: Record<string, unknown>) => fetcher.submit(body as never, { method: "post", encType: "application/json" });
  const busy = fetcher.state !== "idle";

  return (
    <Page title="Review" subtitle={items.length ? `${items.length} ${items.length === 1 ? "image is" : "images are"} waiting for you` : undefined}>
      <Layout>
        <Layout.Section>
          {items.length === 0 ? (
            <EmptyCard
              heading="Nothing to review"
              body={running ? `${running} ${running === 1 ? "image is" : "images are"} still being made. They will appear here when ready.` : "New images appear here when they are ready. Nothing is published until you approve it."}
              action={running ? { content: "See progress", url: "/app/jobs" } : { content: "Generate images", url: "/app/products" }}
            />
          ) : (
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "image", plural: "images" }}
                itemCount={items.length}
                selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                onSelectionChange={handleSelectionChange}
                loading={busy}
                promotedBulkActions={[
                  { content: "Approve and publish", onAction: () => submit({ intent: "approve", ids: selected }) },
                  { content: "Reject", onAction: () => setRejecting(true) },
                ]}
                headings={[{ title: "New image" }, { title: "Product" }, { title: "Style" }, { title: "Ready" }]}
              >
                {items.map((item, index) => (
                  <IndexTable.Row id={item.id} key={item.id} position={index} selected={selectedResources.includes(item.id)}>
                    <IndexTable.Cell>
                      <Thumbnail source={item.imageUrl ?? ""} alt={`${styleLabel(item.style)} of ${item.productTitle}`} size="large" />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="050">
                        <Link url={productStudioPath(item.productGid)} removeUnderline dataPrimaryLink>
                          <Text as="span" fontWeight="semibold">
                            {item.productTitle}
                          </Text>
                        </Link>
                        {item.fromAutomation ? (
                          <Text as="span" tone="subdued" variant="bodySm">
                            From an automation rule
                          </Text>
                        ) : null}
                        {item.isVideo ? (
                          <Text as="span" tone="subdued" variant="bodySm">
                            Video (poster frame shown)
                          </Text>
                        ) : null}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{styleLabel(item.style)}</IndexTable.Cell>
                    <IndexTable.Cell>{formatRelativeTime(item.finishedAt)}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          )}
        </Layout.Section>
      </Layout>
      <Modal
        open={rejecting}
        onClose={() => setRejecting(false)}
        title={`Reject ${selected.length} ${selected.length === 1 ? "image" : "images"}?`}
        primaryAction={{ content: "Reject", destructive: true, loading: busy, onAction: () => submit({ intent: "reject", ids: selected, reason: reasons.join("; ") }) }}
        secondaryActions={[{ content: "Cancel", onAction: () => setRejecting(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <ChoiceList title="What's wrong with them?" allowMultiple choices={REJECT_REASONS.map((r) => ({ label: r, value: r }))} selected={reasons} onChange={setReasons} />
            <Text as="p" tone="subdued">
              The credits held for these images go back to your balance.
            </Text>
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError pageTitle="Review" />;
}
