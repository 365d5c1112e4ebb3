/**
 * Jobs: every generation as it moves, refreshed every few seconds while anything runs. Bulk runs
 * show overall progress, including the images that failed; failed images can be retried and
 * waiting ones cancelled.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  ProgressBar,
  Select,
  Text,
} from "@shopify/polaris";
import type { GenerationStatus } from "@prisma/client";
import { useEffect } from "react";
import { z } from "zod";
import { handleApi, readJson } from "../api.server";
import { appContext } from "../app-context.server";
import { EmptyCard } from "../components/EmptyCard";
import { formatCredits, formatDuration, formatRelativeTime } from "../components/format";
import { MOVING_STATUSES, STATUS_VIEWS } from "../components/generation-status";
import { GenerationStatusBadge } from "../components/GenerationStatusBadge";
import { JOB_ROW_SELECT, toJobRow } from "../components/job-rows.server";
import { productStudioPath } from "../components/product-paths";
import { RouteError } from "../components/RouteError";
import { styleLabel } from "../components/styles";
import { showToast } from "../components/toast";
import { useLiveRefresh } from "../components/use-live-refresh";
import { cancelGeneration, retryGeneration } from "../models/generations.server";
import { ensureShop } from "../models/shops.server";
import { authenticate } from "../shopify.server";

const ROWS = 100;
const STATUS_FILTERS = ["active", "ready_for_review", "published", "failed", "cancelled"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const ctx = appContext();
  const shop = await ensureShop(ctx, session.shop);
  const url = new URL(request.url);
  const batchId = url.searchParams.get("batch");
  const statusParam = url.searchParams.get("status");
  const status = (STATUS_FILTERS as readonly string[]).includes(statusParam ?? "") ? statusParam : null;
  const statusWhere = status === "active" ? { in: MOVING_STATUSES } : status ? { equals: status as GenerationStatus } : undefined;

  const generations = await ctx.db.generation.findMany({
    where: { shopId: shop.id, ...(batchId ? { batchId } : {}), ...(statusWhere ? { status: statusWhere } : {}) },
    orderBy: { createdAt: "desc" },
    take: ROWS,
    select: JOB_ROW_SELECT,
  });
  // Overall progress of the bulk runs on screen, counted over all their generations.
  const batchIds = [...new Set(generations.flatMap((g) => (g.batchId ? [g.batchId] : [])))].slice(0, 5);
  const counts = batchIds.length
    ? await ctx.db.generation.groupBy({ by: ["batchId", "status"], where: { shopId: shop.id, batchId: { in: batchIds } }, _count: true })
    : [];
  const batches = batchIds
    .map((id) => {
      const rows = counts.filter((c) => c.batchId === id);
      const count = (statuses: GenerationStatus[]) => rows.filter((r) => statuses.includes(r.status)).reduce((n, r) => n + r._count, 0);
      return {
        id,
        total: count(Object.keys(STATUS_VIEWS) as GenerationStatus[]),
        running: count(MOVING_STATUSES),
        failed: count(["failed"]),
        cancelled: count(["cancelled"]),
      };
    })
    // Finished runs stay visible when the merchant asked for that run.
    .filter((b) => b.running > 0 || b.id === batchId);
  return { jobs: generations.map((g) => toJobRow(g)), batches, batchId, status };
}

const jobActionSchema = z.object({ intent: z.enum(["retry", "cancel"]), generationId: z.string().min(1) });

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session }) => {
    const { intent, generationId } = await readJson(request, jobActionSchema);
    if (intent === "retry") await retryGeneration(ctx, { shopDomain: session.shop, generationId });
    else await cancelGeneration(ctx, { shopDomain: session.shop, generationId });
    return { intent };
  });
}

function BatchProgress({ batch }: { batch: { total: number; running: number; failed: number; cancelled: number } }) {
  const finished = batch.total - batch.running;
  const succeeded = finished - batch.failed - batch.cancelled;
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Bulk run: {finished} of {batch.total} images finished
          </Text>
          {batch.running ? <Badge tone="info">Running</Badge> : <Badge tone={batch.failed ? "warning" : "success"}>Done</Badge>}
        </InlineStack>
        <ProgressBar progress={batch.total ? Math.round((finished / batch.total) * 100) : 0} tone={batch.failed ? "highlight" : "primary"} />
        <Text as="p" tone="subdued">
          {succeeded} ready{batch.failed ? `, ${batch.failed} failed (no credits used)` : ""}
          {batch.cancelled ? `, ${batch.cancelled} cancelled` : ""}
          {batch.running ? `, ${batch.running} still working` : ""}
        </Text>
      </BlockStack>
    </Card>
  );
}

function JobActions({ id, status }: { id: string; status: GenerationStatus }) {
  const fetcher = useFetcher<{ intent: string } | { error: { message: string } }>();
  const run = (intent: "retry" | "cancel") =>
    fetcher.submit({ intent, generationId: id }, { method: "post", encType: "application/json" });
  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state === "idle" && data && "error" in data) showToast(data.error.message, { isError: true });
  }, [fetcher.state, fetcher.data]);
  if (status === "failed" || status === "cancelled") {
    return (
      <Button size="slim" onClick={() => run("retry")} loading={fetcher.state !== "idle"}>
        Retry
      </Button>
    );
  }
  if (status === "pending" || status === "analysing" || status === "generating") {
    return (
      <Button size="slim" variant="plain" tone="critical" onClick={() => run("cancel")} loading={fetcher.state !== "idle"}>
        Cancel
      </Button>
    );
  }
  return null;
}

export default function JobsPage() {
  const { jobs, batches, batchId, status } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  useLiveRefresh(jobs.some((j) => STATUS_VIEWS[j.status].active));

  const setStatus = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set("status", value);
    else next.delete("status");
    setParams(next);
  };

  return (
    <Page
      title="Jobs"
      subtitle="Updates every few seconds while images are being made"
      backAction={batchId ? { content: "All jobs", url: "/app/jobs" } : undefined}
    >
      <Layout>
        {batches.map((batch) => (
          <Layout.Section key={batch.id}>
            <BatchProgress batch={batch} />
          </Layout.Section>
        ))}
        <Layout.Section>
          {jobs.length === 0 && !status && !batchId ? (
            <EmptyCard
              heading="No jobs yet"
              body="When you generate images, each one shows up here with its progress."
              action={{ content: "Choose products", url: "/app/products" }}
            />
          ) : (
            <Card padding="0">
              <BlockStack>
                <div style={{ padding: "var(--p-space-300) var(--p-space-400)", maxWidth: 280 }}>
                  <Select
                    label="Show"
                    labelInline
                    options={[
                      { label: "All jobs", value: "" },
                      { label: "In progress", value: "active" },
                      { label: "Ready for review", value: "ready_for_review" },
                      { label: "Published", value: "published" },
                      { label: "Failed", value: "failed" },
                      { label: "Cancelled", value: "cancelled" },
                    ]}
                    value={status ?? ""}
                    onChange={setStatus}
                  />
                </div>
                <IndexTable
                  resourceName={{ singular: "job", plural: "jobs" }}
                  itemCount={jobs.length}
                  selectable={false}
                  headings={[
                    { title: "Product" },
                    { title: "Stage" },
                    { title: "Model" },
                    { title: "Time", alignment: "end" },
                    { title: "Credits", alignment: "end" },
                    { title: "Actions", hidden: true, id: "actions" },
                  ]}
                  emptyState={
                    <Text as="p" tone="subdued" alignment="center">
                      No jobs match this filter.
                    </Text>
                  }
                >
                  {jobs.map((job, index) => (
                    <IndexTable.Row id={job.id} key={job.id} position={index}>
                      <IndexTable.Cell>
                        <BlockStack gap="050">
                          <Button url={productStudioPath(job.productGid)} variant="plain" textAlign="start">
                            {job.productTitle}
                          </Button>
                          <Text as="span" tone="subdued" variant="bodySm">
                            {styleLabel(job.style)} · {formatRelativeTime(job.createdAt)}
                          </Text>
                          {job.error ? (
                            <div style={{ maxWidth: 420, whiteSpace: "normal" }}>
                              <Text as="p" tone="critical" variant="bodySm">
                                {job.error}
                              </Text>
                            </div>
                          ) : null}
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <BlockStack gap="100">
                          <GenerationStatusBadge status={job.status} />
                          {job.progress ? (
                            <div style={{ width: 160 }}>
                              <ProgressBar progress={job.progress.percent} size="small" />
                              <Text as="span" tone="subdued" variant="bodySm">
                                {job.progress.label}
                                {job.progress.detail ? ` · ${job.progress.detail}` : ""}
                              </Text>
                            </div>
                          ) : null}
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <BlockStack gap="050">
                          <Text as="span">{job.modelName ?? "Not chosen yet"}</Text>
                          {job.fallbacks.length ? (
                            <div style={{ maxWidth: 260, whiteSpace: "normal" }}>
                              <Text as="span" tone="subdued" variant="bodySm">
                                Tried first: {job.fallbacks.join(", ")}
                              </Text>
                            </div>
                          ) : null}
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {job.durationMs === null ? "—" : formatDuration(job.durationMs)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric tone={job.creditsHeld ? "subdued" : undefined}>
                          {job.credits ? `${formatCredits(job.credits)}${job.creditsHeld ? " held" : ""}` : "—"}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <JobActions id={job.id} status={job.status} />
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              </BlockStack>
            </Card>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError pageTitle="Jobs" />;
}
