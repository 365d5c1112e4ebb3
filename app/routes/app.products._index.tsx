/**
 * Products: the catalog straight from Shopify, with what Glint has done for each product. Select
 * products and generate images for them; the dialog shows the cost against the balance first.
 */
import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Card,
  ChoiceList,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  Layout,
  Link,
  Page,
  Text,
  TextField,
  Thumbnail,
  useIndexResourceState,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { useEffect, useState } from "react";
import { z } from "zod";
import { EmptyCard } from "../components/EmptyCard";
import { formatCredits } from "../components/format";
import { GenerateModal, type GenerateRequest } from "../components/GenerateModal";
import { MakeVideoModal } from "../components/MakeVideoModal";
import { GenerationStatusBadge } from "../components/GenerationStatusBadge";
import { FILTER_PARAMS, readProductFilters, type ProductListFilters } from "../components/product-filters";
import { RouteError } from "../components/RouteError";
import { SHOT_STYLE_KEYS } from "../components/styles";
import { showToast } from "../components/toast";
import { productStudioPath } from "../components/product-paths";
import { appContext } from "../app-context.server";
import { getBalance } from "../billing/ledger.server";
import { isUserFacingError } from "../errors";
import { listCollections, listProductsPage } from "../models/products.server";
import { ensureShop } from "../models/shops.server";
import { generateForProducts } from "../models/catalog-generations.server";
import { defaultStyleOf, readGeneralSettings } from "../models/shop-settings.server";
import { STYLE_CAPABILITY } from "../intelligence/select.server";
import type { AppContext } from "../context.server";
import { handleApi, readJson } from "../api.server";
import { authenticate } from "../shopify.server";
import { adminGraphqlFor } from "../shopify/admin-client.server";

const PAGE_SIZE = 50;

/** Per product on the page: Glint's latest generation status and whether a lifestyle image is live. */
async function glintStateByProduct(shopId: string, productGids: string[]) {
  const rows = await appContext().db.product.findMany({
    where: { shopId, shopifyId: { in: productGids } },
    select: {
      shopifyId: true,
      generations: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true } },
      _count: { select: { generations: { where: { style: "lifestyle", status: "published" } } } },
    },
  });
  return new Map(rows.map((r) => [r.shopifyId, { status: r.generations[0]?.status ?? null, hasLifestyle: r._count.generations > 0 }]));
}

/** What one image costs per style: the price of the model Glint tries first (what gets reserved). */
function creditsPerStyle(ctx: Pick<AppContext, "registry">): Record<string, number> {
  return Object.fromEntries(SHOT_STYLE_KEYS.map((style) => [style, ctx.registry.chain(STYLE_CAPABILITY[style])[0]?.credits ?? 0]));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const ctx = appContext();
  const shop = await ensureShop(ctx, session.shop);
  const url = new URL(request.url);
  const filters = readProductFilters(url.searchParams);
  const after = url.searchParams.get("after");
  const admin = adminGraphqlFor(ctx, session.shop, session.accessToken ?? "");
  const [listed, collections, balance] = await Promise.all([
    listProductsPage(admin, {
      filters: { text: filters.text, productType: filters.productType, vendor: filters.vendor, tag: filters.tag, collectionId: filters.collectionId },
      after,
      first: PAGE_SIZE,
      signal: request.signal,
    }).then(
      (page) => ({ page, filterError: null }),
      // A filter Shopify cannot take (a hand-edited collection id): an empty list that says why.
      (error: unknown) => {
        if (!isUserFacingError(error)) throw error;
        return { page: { products: [], pageInfo: { hasNextPage: false, endCursor: null } }, filterError: error.message };
      },
    ),
    listCollections(admin, request.signal),
    getBalance(ctx.db, shop.id),
  ]);
  const { page, filterError } = listed;
  const glint = await glintStateByProduct(shop.id, page.products.map((p) => p.id));
  const products = page.products
    .map((p) => ({
      id: p.id,
      title: p.title,
      status: p.status as string,
      productType: p.productType,
      mediaCount: p.mediaCount?.count ?? 0,
      imageUrl: p.featuredMedia?.preview?.image?.url ?? null,
      glintStatus: glint.get(p.id)?.status ?? null,
      hasLifestyle: glint.get(p.id)?.hasLifestyle ?? false,
    }))
    .filter((p) => !filters.withoutLifestyle || !p.hasLifestyle);
  const unfiltered = !after && !filters.text && !filters.productType && !filters.vendor && !filters.tag && !filters.collectionId;
  return {
    products,
    pageInfo: page.pageInfo,
    catalogEmpty: unfiltered && page.products.length === 0,
    balance,
    creditsPerStyle: creditsPerStyle(ctx),
    defaultStyle: defaultStyleOf(shop.settings),
    collections,
    filterError,
  };
}

const generateSchema = z.object({
  productIds: z.array(z.string()).min(1, "Select at least one product."),
  styles: z.array(z.enum(SHOT_STYLE_KEYS)).min(1, "Pick at least one style."),
  imagesPerStyle: z.number().int().min(1).max(4),
});

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session, shop }) => {
    const body = await readJson(request, generateSchema);
    const autoPublish = readGeneralSettings(shop.settings).approvalMode === "auto_publish";
    const admin = adminGraphqlFor(ctx, session.shop, session.accessToken ?? "");
    // One run = one batch, even when it spans several styles (one engine request per style).
    const batchId = body.styles.length > 1 ? `run_${randomUUID()}` : undefined;
    let count = 0;
    let runBatch = batchId;
    for (const style of body.styles) {
      const result = await generateForProducts(
        ctx,
        admin,
        { shopDomain: session.shop, productIds: body.productIds, style, count: body.imagesPerStyle, batchId, source: "app", autoPublish },
        request.signal,
      );
      count += result.generations.length;
      runBatch ??= result.batchId;
    }
    return { batchId: runBatch ?? null, count };
  });
}

const PRODUCT_STATUS: Record<string, { label: string; tone?: "success" | "info" }> = {
  ACTIVE: { label: "Active", tone: "success" },
  DRAFT: { label: "Draft", tone: "info" },
  ARCHIVED: { label: "Archived" },
};

/** A text filter edited locally and written to the URL after a pause in typing. */
function useDebouncedParam(initial: string, write: (value: string) => void): [string, (value: string) => void] {
  const [value, setValue] = useState(initial);
  useEffect(() => setValue(initial), [initial]);
  useEffect(() => {
    if (value === initial) return;
    const timer = setTimeout(() => write(value), 350);
    return () => clearTimeout(timer);
    // `write` changes every render; only the typed value matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, initial]);
  return [value, setValue];
}

export default function ProductsPage() {
  const data = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const filters = readProductFilters(params);
  const generate = useFetcher<{ batchId: string | null; count: number } | { error: { message: string } }>();
  const [modalOpen, setModalOpen] = useState(false);
  const [videoOpen, setVideoOpen] = useState(false);
  // A filtered list (e.g. a shared or reloaded link) opens with its filters in view.
  const { mode, setMode } = useSetIndexFiltersMode(
    filters.collectionId || filters.productType || filters.vendor || filters.tag || filters.withoutLifestyle ? IndexFiltersMode.Filtering : IndexFiltersMode.Default,
  );

  const rows = data.products.map((p) => ({ ...p, id: p.id }));
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(rows);

  /** Writes one filter to the URL and goes back to the first page. */
  const setFilter = (key: keyof ProductListFilters, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(FILTER_PARAMS[key], value);
    else next.delete(FILTER_PARAMS[key]);
    next.delete("after");
    next.delete("trail");
    setParams(next, { preventScrollReset: true });
  };

  const [text, setText] = useDebouncedParam(filters.text, (v) => setFilter("text", v));
  const [productType, setProductType] = useDebouncedParam(filters.productType, (v) => setFilter("productType", v));
  const [vendor, setVendor] = useDebouncedParam(filters.vendor, (v) => setFilter("vendor", v));
  const [tag, setTag] = useDebouncedParam(filters.tag, (v) => setFilter("tag", v));

  // The generate action answers with the batch to follow, or a refusal to show in the dialog.
  const result = generate.data;
  useEffect(() => {
    if (generate.state !== "idle" || !result) return;
    if ("count" in result) {
      setModalOpen(false);
      clearSelection();
      showToast(`Generating ${result.count} ${result.count === 1 ? "image" : "images"}`);
      navigate(result.batchId ? `/app/jobs?batch=${encodeURIComponent(result.batchId)}` : "/app/jobs");
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generate.state, result]);

  const selectedIds = allResourcesSelected ? rows.map((r) => r.id) : selectedResources;
  const onConfirm = (request: GenerateRequest) => {
    generate.submit(
      { productIds: selectedIds, styles: request.styles, imagesPerStyle: request.imagesPerStyle },
      { method: "post", encType: "application/json" },
    );
  };

  const collectionChoices = data.collections.map((c) => ({ value: c.id, label: c.title }));
  const filterDefinitions: IndexFiltersProps["filters"] = [
    {
      key: "withoutLifestyle",
      label: "No lifestyle image yet",
      pinned: true,
      filter: (
        <ChoiceList
          title="Lifestyle image"
          titleHidden
          choices={[{ value: "1", label: "Only products without a lifestyle image" }]}
          selected={filters.withoutLifestyle ? ["1"] : []}
          onChange={(v) => setFilter("withoutLifestyle", v.includes("1") ? "1" : "")}
        />
      ),
    },
    ...(collectionChoices.length
      ? [
          {
            key: "collectionId",
            label: "Collection",
            pinned: true,
            filter: (
              <ChoiceList
                title="Collection"
                titleHidden
                choices={collectionChoices}
                selected={filters.collectionId ? [filters.collectionId] : []}
                onChange={([v]) => setFilter("collectionId", v ?? "")}
              />
            ),
          },
        ]
      : []),
    {
      key: "productType",
      label: "Product type",
      filter: <TextField label="Product type" labelHidden value={productType} onChange={setProductType} autoComplete="off" />,
    },
    {
      key: "vendor",
      label: "Vendor",
      filter: <TextField label="Vendor" labelHidden value={vendor} onChange={setVendor} autoComplete="off" />,
    },
    {
      key: "tag",
      label: "Tag",
      filter: <TextField label="Tag" labelHidden value={tag} onChange={setTag} autoComplete="off" />,
    },
  ];
  const applied: IndexFiltersProps["appliedFilters"] = [];
  const collectionTitle = data.collections.find((c) => c.id === filters.collectionId)?.title;
  if (filters.withoutLifestyle) applied.push({ key: "withoutLifestyle", label: "No lifestyle image yet", onRemove: () => setFilter("withoutLifestyle", "") });
  if (filters.collectionId) applied.push({ key: "collectionId", label: `Collection: ${collectionTitle ?? "selected"}`, onRemove: () => setFilter("collectionId", "") });
  if (filters.productType) applied.push({ key: "productType", label: `Type: ${filters.productType}`, onRemove: () => setFilter("productType", "") });
  if (filters.vendor) applied.push({ key: "vendor", label: `Vendor: ${filters.vendor}`, onRemove: () => setFilter("vendor", "") });
  if (filters.tag) applied.push({ key: "tag", label: `Tag: ${filters.tag}`, onRemove: () => setFilter("tag", "") });

  const clearAll = () => {
    const next = new URLSearchParams();
    setParams(next, { preventScrollReset: true });
  };

  // Shopify cursors only go forward: the cursors of earlier pages ride along in the URL.
  const trail = (params.get("trail") ?? "").split(",").filter(Boolean);
  const after = params.get("after");
  const goToPage = (direction: "next" | "previous") => {
    const next = new URLSearchParams(params);
    const nextTrail = [...trail];
    if (direction === "next" && data.pageInfo.endCursor) {
      if (after) nextTrail.push(after);
      next.set("after", data.pageInfo.endCursor);
    } else {
      const previous = nextTrail.pop();
      if (previous) next.set("after", previous);
      else next.delete("after");
    }
    if (nextTrail.length) next.set("trail", nextTrail.join(","));
    else next.delete("trail");
    setParams(next);
  };
  const pageNumber = trail.length + (after ? 2 : 1);

  const filtered = Boolean(filters.text || applied.length);
  const rowMarkup = rows.map((product, index) => {
    const status = PRODUCT_STATUS[product.status] ?? { label: product.status };
    return (
      <IndexTable.Row id={product.id} key={product.id} position={index} selected={selectedResources.includes(product.id)}>
        <IndexTable.Cell>
          <Thumbnail source={product.imageUrl ?? ImageIcon} alt={product.imageUrl ? product.title : ""} size="small" />
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Link url={productStudioPath(product.id)} removeUnderline dataPrimaryLink>
            <Text as="span" fontWeight="semibold">
              {product.title}
            </Text>
          </Link>
        </IndexTable.Cell>
        <IndexTable.Cell>{product.productType || "—"}</IndexTable.Cell>
        <IndexTable.Cell>
          <Badge tone={status.tone}>{status.label}</Badge>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" alignment="end" numeric>
            {product.mediaCount}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          {product.glintStatus ? <GenerationStatusBadge status={product.glintStatus} /> : <Text as="span" tone="subdued">Not started</Text>}
        </IndexTable.Cell>
      </IndexTable.Row>
    );
  });

  return (
    <Page
      title="Products"
      subtitle={`Balance: ${formatCredits(data.balance)}`}
      primaryAction={{ content: "Generate images", disabled: selectedIds.length === 0, onAction: () => setModalOpen(true) }}
    >
      <Layout>
        <Layout.Section>
          {data.catalogEmpty ? (
            <EmptyCard
              heading="Your store has no products yet"
              body="Add products in Shopify, then come back here to create images for them."
            />
          ) : (
            <BlockStack gap="400">
              {data.filterError ? (
                <Banner tone="warning" title="This filter can't be used" action={{ content: "Clear filters", onAction: clearAll }}>
                  <Text as="p">{data.filterError}</Text>
                </Banner>
              ) : null}
              <Card padding="0">
                <IndexFilters
                  queryValue={text}
                  queryPlaceholder="Search products"
                  onQueryChange={setText}
                  onQueryClear={() => setText("")}
                  filters={filterDefinitions}
                  appliedFilters={applied}
                  onClearAll={clearAll}
                  mode={mode}
                  setMode={setMode}
                  tabs={[{ id: "all", content: "All products" }]}
                  selected={0}
                  onSelect={() => {}}
                  canCreateNewView={false}
                  cancelAction={{ onAction: () => {} }}
                />
                <IndexTable
                  resourceName={{ singular: "product", plural: "products" }}
                  itemCount={rows.length}
                  selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                  onSelectionChange={handleSelectionChange}
                  promotedBulkActions={[
                    { content: "Generate images", onAction: () => setModalOpen(true) },
                    { content: "Make a video", onAction: () => setVideoOpen(true) },
                  ]}
                  headings={[
                    { title: "Image", hidden: true, id: "image" },
                    { title: "Product" },
                    { title: "Type" },
                    { title: "Status" },
                    { title: "Media", alignment: "end" },
                    { title: "Glint" },
                  ]}
                  emptyState={
                    <BlockStack gap="200" inlineAlign="center">
                      <Text as="p" variant="headingMd" alignment="center">
                        {filtered ? "No products match these filters" : "No products on this page"}
                      </Text>
                      <Text as="p" tone="subdued" alignment="center">
                        {filtered ? "Try other words or clear the filters." : "Go back to the previous page."}
                      </Text>
                    </BlockStack>
                  }
                  pagination={{
                    hasPrevious: Boolean(after),
                    hasNext: data.pageInfo.hasNextPage,
                    onPrevious: () => goToPage("previous"),
                    onNext: () => goToPage("next"),
                    label: `Page ${pageNumber}`,
                  }}
                >
                  {rowMarkup}
                </IndexTable>
              </Card>
            </BlockStack>
          )}
        </Layout.Section>
      </Layout>
      <MakeVideoModal
        open={videoOpen}
        productIds={selectedIds}
        subject={selectedIds.length === 1 ? "1 product" : `${selectedIds.length} products`}
        onClose={() => setVideoOpen(false)}
      />
      <GenerateModal
        open={modalOpen}
        productCount={selectedIds.length}
        balance={data.balance}
        creditsPerStyle={data.creditsPerStyle}
        defaultStyle={data.defaultStyle}
        submitting={generate.state !== "idle"}
        error={result && "error" in result ? result.error.message : undefined}
        onClose={() => setModalOpen(false)}
        onConfirm={onConfirm}
      />
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError pageTitle="Products" />;
}
