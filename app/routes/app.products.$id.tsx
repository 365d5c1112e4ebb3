/**
 * Product studio: the product's current images, every Glint result for it next to the original
 * (with a before/after slider), and per result approve and publish (placement, alt text, colour
 * variants), reject with a reason, or edit its prompt and regenerate. Images are grouped by the
 * variant option that changes the look (colour), each group with its own results and a way to
 * generate for it; the product's general images stay apart. Revert puts the gallery back.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  ChoiceList,
  InlineGrid,
  InlineStack,
  Layout,
  Modal,
  Page,
  ProgressBar,
  Select,
  Text,
  TextField,
  Thumbnail,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { handleApi, notFound, readJson } from "../api.server";
import { appContext } from "../app-context.server";
import { getBalance } from "../billing/ledger.server";
import { assetUrls } from "../components/asset-urls.server";
import { BeforeAfterSlider } from "../components/BeforeAfterSlider";
import { formatCredits } from "../components/format";
import { GenerateModal, type GenerateRequest } from "../components/GenerateModal";
import { MakeVideoModal } from "../components/MakeVideoModal";
import { MultiPhotoVideoModal } from "../components/MultiPhotoVideoModal";
import { statusView } from "../components/generation-status";
import { GenerationStatusBadge } from "../components/GenerationStatusBadge";
import { PublishVideoAction } from "../components/PublishVideoAction";
import { PresenterVideoModal } from "../components/PresenterVideoModal";
import { productGidFromParam } from "../components/product-paths";
import { REJECT_REASONS } from "../components/reject-reasons";
import { RouteError } from "../components/RouteError";
import { SHOT_STYLE_KEYS, styleLabel } from "../components/styles";
import { showToast } from "../components/toast";
import { useLiveRefresh } from "../components/use-live-refresh";
import { groupOfVariant, groupVariantsByOption } from "../components/variant-groups";
import { STYLE_CAPABILITY } from "../intelligence/select.server";
import { MERCHANT_PROMPT_MAX, MERCHANT_PROMPT_VERSION } from "../intelligence/merchant-prompt";
import { generateForProducts, regenerateWithPrompt } from "../models/catalog-generations.server";
import { defaultAltText, requestRevert } from "../models/media.server";
import { getProductDetail, getProductVariants } from "../models/products.server";
import { approveGeneration, rejectGeneration } from "../models/review.server";
import { defaultStyleOf, readGeneralSettings } from "../models/shop-settings.server";
import { ensureShop } from "../models/shops.server";
import { authenticate } from "../shopify.server";
import { adminGraphqlFor } from "../shopify/admin-client.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const ctx = appContext();
  const shop = await ensureShop(ctx, session.shop);
  const gid = productGidFromParam(params.id ?? "");
  if (!gid) throw new Response("Not found", { status: 404 });
  const admin = adminGraphqlFor(ctx, session.shop, session.accessToken ?? "");
  const [product, variants, balance, row] = await Promise.all([
    getProductDetail(admin, gid, request.signal),
    getProductVariants(admin, gid, request.signal),
    getBalance(ctx.db, shop.id),
    ctx.db.product.findUnique({ where: { shopId_shopifyId: { shopId: shop.id, shopifyId: gid } }, select: { id: true } }),
  ]);
  if (!product) throw new Response("Not found", { status: 404 });

  const generations = row
    ? await ctx.db.generation.findMany({
        where: { shopId: shop.id, productId: row.id, status: { notIn: ["cancelled"] } },
        orderBy: { createdAt: "desc" },
        take: 30,
        select: { id: true, status: true, style: true, modelId: true, errorMessage: true, sourceAssetId: true, outputAssetId: true, creditsReserved: true, prompt: true, promptVersion: true, variantId: true, capability: true },
      })
    : [];
  const published = row
    ? await ctx.db.asset.findMany({ where: { shopId: shop.id, productId: row.id, kind: "published", shopifyMediaId: { not: null } }, select: { shopifyMediaId: true } })
    : [];
  const glintMedia = new Set(published.map((a) => a.shopifyMediaId));
  const urls = await assetUrls(ctx, shop.id, generations.flatMap((g) => [g.sourceAssetId, g.outputAssetId]));
  const media = product.media.nodes.map((m) => ({ id: m.id, url: m.preview?.image?.url ?? null, alt: m.alt ?? "", byGlint: glintMedia.has(m.id) }));
  const featuredUrl = media[0]?.url ?? null;
  const grouping = groupVariantsByOption(variants ?? [], media.map((m) => m.id));

  return {
    product: { id: product.id, title: product.title, status: product.status },
    balance,
    creditsPerStyle: Object.fromEntries(SHOT_STYLE_KEYS.map((s) => [s, ctx.registry.chain(STYLE_CAPABILITY[s])[0]?.credits ?? 0])),
    defaultStyle: defaultStyleOf(shop.settings),
    media,
    option: grouping.option,
    groups: grouping.groups,
    generalMediaIds: grouping.generalMediaIds,
    hasGlintMedia: glintMedia.size > 0,
    results: generations.map((g) => ({
      id: g.id,
      status: g.status,
      style: g.style,
      model: g.modelId ? (ctx.registry.find(g.modelId)?.displayName ?? g.modelId) : null,
      error: g.status === "failed" ? g.errorMessage : null,
      beforeUrl: (g.sourceAssetId ? urls.get(g.sourceAssetId) : undefined) ?? featuredUrl,
      afterUrl: g.outputAssetId ? (urls.get(g.outputAssetId) ?? null) : null,
      suggestedAlt: defaultAltText(product.title, styleLabel(g.style)),
      prompt: g.prompt,
      promptEdited: g.promptVersion === MERCHANT_PROMPT_VERSION,
      group: groupOfVariant(grouping, g.variantId)?.value ?? null,
      // Every video capability (image_to_video, multi_photo_video, avatar_video) can go to TikTok/YouTube.
      video: g.capability.endsWith("_video"),
    })),
  };
}

const studioActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("approve"),
    generationId: z.string(),
    altText: z.string().max(512),
    placement: z.enum(["featured", "end", "position"]),
    position: z.number().int().min(0).optional(),
    variantIds: z.array(z.string()).optional(),
  }),
  z.object({ intent: z.literal("reject"), generationId: z.string(), reason: z.string().max(300) }),
  z.object({
    intent: z.literal("generate"),
    styles: z.array(z.enum(SHOT_STYLE_KEYS)).min(1),
    imagesPerStyle: z.number().int().min(1).max(4),
    variantId: z.string().max(100).optional(),
  }),
  // The prompt's own rules (length, cleaning) are applied where every request is validated.
  z.object({ intent: z.literal("regenerate"), generationId: z.string().max(64), prompt: z.string() }),
  z.object({ intent: z.literal("revert") }),
]);

const autoPublishOf = (settings: unknown) => readGeneralSettings(settings).approvalMode === "auto_publish";

export async function action({ request, params }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session, shop }) => {
    const gid = productGidFromParam(params.id ?? "");
    if (!gid) throw notFound("This product");
    const body = await readJson(request, studioActionSchema);
    const shopDomain = session.shop;
    switch (body.intent) {
      case "approve":
        await approveGeneration(ctx, {
          shopDomain,
          generationId: body.generationId,
          altText: body.altText,
          featured: body.placement === "featured",
          position: body.placement === "position" ? body.position : undefined,
          variantIds: body.variantIds?.length ? body.variantIds : undefined,
        });
        return { done: "Publishing to your product" };
      case "reject":
        await rejectGeneration(ctx, { shopDomain, generationId: body.generationId, reason: body.reason });
        return { done: "Rejected. The credits are back in your balance." };
      case "generate": {
        const admin = adminGraphqlFor(ctx, shopDomain, session.accessToken ?? "");
        let count = 0;
        for (const style of body.styles) {
          const result = await generateForProducts(
            ctx,
            admin,
            { shopDomain, productIds: [gid], style, count: body.imagesPerStyle, variantId: body.variantId, source: "app", autoPublish: autoPublishOf(shop.settings) },
            request.signal,
          );
          count += result.generations.length;
        }
        return { done: `Creating ${count} new ${count === 1 ? "image" : "images"}` };
      }
      case "regenerate": {
        const admin = adminGraphqlFor(ctx, shopDomain, session.accessToken ?? "");
        const result = await regenerateWithPrompt(
          ctx,
          admin,
          { shopDomain, generationId: body.generationId, prompt: body.prompt, productGid: gid, autoPublish: autoPublishOf(shop.settings) },
          request.signal,
        );
        return { done: result.generations.every((g) => g.existing) ? "Already creating an image from this prompt" : "Creating a new image from your prompt" };
      }
      case "revert":
        await requestRevert(ctx, { shopDomain, productIds: [gid] });
        return { done: "Restoring your original images" };
    }
  });
}

type StudioActionResult = { done: string } | { error: { message: string } };

/** Sends one studio action and reports its outcome as a toast. */
function useStudioAction(onDone?: () => void) {
  const fetcher = useFetcher<StudioActionResult>();
  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data) return;
    if ("done" in data) {
      showToast(data.done);
      onDone?.();
    } else showToast(data.error.message, { isError: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);
  const submit = (body: Record<string, unknown>) => fetcher.submit(body as never, { method: "post", encType: "application/json" });
  return { submit, busy: fetcher.state !== "idle", error: fetcher.data && "error" in fetcher.data ? fetcher.data.error.message : undefined };
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type Result = Loaded["results"][number];

interface ResultCardProps {
  result: Result;
  productTitle: string;
  option: Loaded["option"];
  groups: Loaded["groups"];
  mediaCount: number;
  /** What a regenerate costs (the style's first model). */
  creditsEach: number;
}

function ResultCard({ result, productTitle, option, groups, mediaCount, creditsEach }: ResultCardProps) {
  const [altText, setAltText] = useState(result.suggestedAlt);
  const [placement, setPlacement] = useState<"featured" | "end" | "position">("end");
  const [position, setPosition] = useState("1");
  // A result made for one variant is offered for that variant's group first.
  const [groupValue, setGroupValue] = useState(result.group ?? "");
  const [rejecting, setRejecting] = useState(false);
  const [reasons, setReasons] = useState<string[]>([REJECT_REASONS[0]]);
  const [otherReason, setOtherReason] = useState("");
  const [editing, setEditing] = useState(false);
  const [prompt, setPrompt] = useState("");
  // Starts from the prompt as it is now: a card mounted while its generation was pending had none.
  const openEditor = () => {
    setPrompt(result.prompt ?? "");
    setEditing(true);
  };
  const action = useStudioAction(() => {
    setRejecting(false);
    setEditing(false);
  });
  const view = statusView(result.status);
  const reviewable = result.status === "ready_for_review";
  const optionName = (option ?? "").toLowerCase();
  const promptTooLong = prompt.trim().length > MERCHANT_PROMPT_MAX;

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {styleLabel(result.style)}
            </Text>
            {result.promptEdited ? <Badge tone="info">Your prompt</Badge> : null}
          </InlineStack>
          <InlineStack gap="300" blockAlign="center">
            {result.prompt && !view.active ? (
              <Button variant="plain" onClick={openEditor} accessibilityLabel={`Edit prompt of this ${styleLabel(result.style).toLowerCase()} and regenerate`}>
                Edit prompt
              </Button>
            ) : null}
            <GenerationStatusBadge status={result.status} />
          </InlineStack>
        </InlineStack>
        {result.afterUrl && result.beforeUrl ? (
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            <BlockStack gap="200">
              <InlineGrid columns={2} gap="200">
                <BlockStack gap="100">
                  <Text as="span" tone="subdued" variant="bodySm">
                    Original
                  </Text>
                  <img src={result.beforeUrl} alt={`Original image of ${productTitle}`} style={{ width: "100%", aspectRatio: "1 / 1", objectFit: "contain", borderRadius: 8, background: "var(--p-color-bg-surface-secondary)" }} />
                </BlockStack>
                <BlockStack gap="100">
                  <Text as="span" tone="subdued" variant="bodySm">
                    New
                  </Text>
                  <img src={result.afterUrl} alt={`New ${styleLabel(result.style).toLowerCase()} of ${productTitle}`} style={{ width: "100%", aspectRatio: "1 / 1", objectFit: "contain", borderRadius: 8, background: "var(--p-color-bg-surface-secondary)" }} />
                </BlockStack>
              </InlineGrid>
              <BeforeAfterSlider beforeUrl={result.beforeUrl} afterUrl={result.afterUrl} subject={productTitle} />
            </BlockStack>
            {reviewable ? (
              <BlockStack gap="300">
                <TextField label="Alt text" value={altText} onChange={setAltText} multiline={2} maxLength={512} autoComplete="off" helpText="Describes the image for shoppers using screen readers and for search engines." />
                <Select
                  label="Where to put it"
                  options={[
                    { label: "Add after the current images", value: "end" },
                    { label: "Make it the main (featured) image", value: "featured" },
                    { label: "At a position I choose", value: "position" },
                  ]}
                  value={placement}
                  onChange={(v) => setPlacement(v as typeof placement)}
                />
                {placement === "position" ? (
                  <Select
                    label="Position"
                    options={Array.from({ length: mediaCount + 1 }, (_, i) => ({ label: `Image ${i + 1}`, value: String(i + 1) }))}
                    value={position}
                    onChange={setPosition}
                  />
                ) : null}
                {groups.length ? (
                  <Select
                    label={`Show for ${optionName}`}
                    options={[{ label: `Every ${optionName}`, value: "" }, ...groups.map((g) => ({ label: g.value, value: g.value }))]}
                    value={groupValue}
                    onChange={setGroupValue}
                  />
                ) : null}
                <InlineStack gap="200">
                  <Button
                    variant="primary"
                    loading={action.busy}
                    onClick={() =>
                      action.submit({
                        intent: "approve",
                        generationId: result.id,
                        altText,
                        placement,
                        position: Number(position) - 1,
                        variantIds: groups.find((g) => g.value === groupValue)?.variantIds ?? [],
                      })
                    }
                  >
                    Approve and publish
                  </Button>
                  <Button onClick={() => setRejecting(true)} disabled={action.busy}>
                    Reject
                  </Button>
                </InlineStack>
              </BlockStack>
            ) : (
              <BlockStack gap="200">
                {result.status === "published" ? <Text as="p">This image is live on your product.</Text> : null}
                {result.model ? (
                  <Text as="p" tone="subdued">
                    Made with {result.model}
                  </Text>
                ) : null}
              </BlockStack>
            )}
          </InlineGrid>
        ) : view.active ? (
          <BlockStack gap="200">
            <ProgressBar progress={view.progress} size="small" />
            <Text as="p" tone="subdued">
              {view.label}… this usually takes under a minute.
            </Text>
          </BlockStack>
        ) : result.error ? (
          <Banner tone="critical">
            <Text as="p">{result.error}</Text>
          </Banner>
        ) : null}
        {result.video && result.afterUrl && !view.active ? <PublishVideoAction generationId={result.id} /> : null}
      </BlockStack>
      <Modal
        open={rejecting}
        onClose={() => setRejecting(false)}
        title="Reject this image?"
        primaryAction={{
          content: "Reject image",
          destructive: true,
          loading: action.busy,
          onAction: () =>
            action.submit({ intent: "reject", generationId: result.id, reason: [...reasons.filter((r) => r !== "other"), otherReason].filter(Boolean).join("; ") }),
        }}
        secondaryActions={[{ content: "Keep it", onAction: () => setRejecting(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <ChoiceList
              title="What's wrong with it?"
              allowMultiple
              choices={[...REJECT_REASONS.map((r) => ({ label: r, value: r })), { label: "Something else", value: "other" }]}
              selected={reasons}
              onChange={setReasons}
            />
            {reasons.includes("other") ? <TextField label="Tell us more" value={otherReason} onChange={setOtherReason} autoComplete="off" maxLength={200} /> : null}
            <Text as="p" tone="subdued">
              The credits held for this image go back to your balance. Your feedback helps Glint pick better next time.
            </Text>
          </BlockStack>
        </Modal.Section>
      </Modal>
      <Modal
        open={editing}
        onClose={() => setEditing(false)}
        title="Edit the prompt and regenerate"
        primaryAction={{
          content: "Regenerate",
          loading: action.busy,
          disabled: !prompt.trim() || promptTooLong,
          onAction: () => action.submit({ intent: "regenerate", generationId: result.id, prompt }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setEditing(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <TextField
              label="Prompt"
              value={prompt}
              onChange={setPrompt}
              multiline={6}
              maxLength={MERCHANT_PROMPT_MAX}
              showCharacterCount
              autoComplete="off"
              error={promptTooLong ? `Keep the prompt under ${MERCHANT_PROMPT_MAX.toLocaleString("en-US")} characters.` : editing ? action.error : undefined}
              helpText="This is what produced the image. Describe the scene, light and mood you want; Glint keeps your product as it is."
            />
            <Text as="p" tone="subdued">
              Regenerating makes a new image for {formatCredits(creditsEach)}. This one stays here, so you can still compare or publish it.
            </Text>
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Card>
  );
}

type Media = Loaded["media"][number];

/** A product's images as thumbnails, Glint's own marked. */
function MediaThumbs({ media, productTitle }: { media: Array<Media & { position: number }>; productTitle: string }) {
  return (
    <InlineGrid columns={3} gap="200">
      {media.map((m) => (
        <BlockStack gap="100" key={m.id}>
          <Thumbnail source={m.url ?? ""} alt={m.alt || `${productTitle}, image ${m.position + 1}`} size="large" />
          {m.byGlint ? <Badge tone="magic">Glint</Badge> : null}
        </BlockStack>
      ))}
    </InlineGrid>
  );
}

export default function ProductStudio() {
  const data = useLoaderData<typeof loader>();
  // The run the dialog starts: the whole product, or one option value (its first variant).
  const [generating, setGenerating] = useState<{ variantId?: string; subject?: string } | null>(null);
  const [reverting, setReverting] = useState(false);
  const [presenting, setPresenting] = useState(false);
  const [video, setVideo] = useState<"one" | "photos" | null>(null);
  const generate = useStudioAction(() => setGenerating(null));
  const revert = useStudioAction(() => setReverting(false));
  useLiveRefresh(data.results.some((r) => statusView(r.status).active));

  const mediaById = new Map(data.media.map((m, position) => [m.id, { ...m, position }]));
  const mediaOf = (ids: string[]) => ids.flatMap((id) => mediaById.get(id) ?? []);
  const optionName = (data.option ?? "").toLowerCase();
  const general = data.results.filter((r) => !r.group);
  const resultCard = (r: Result) => (
    <ResultCard
      key={r.id}
      result={r}
      productTitle={data.product.title}
      option={data.option}
      groups={data.groups}
      mediaCount={data.media.length}
      creditsEach={data.creditsPerStyle[r.style] ?? 0}
    />
  );

  return (
    <Page
      title={data.product.title}
      backAction={{ content: "Products", url: "/app/products" }}
      titleMetadata={data.product.status === "ACTIVE" ? <Badge tone="success">Active</Badge> : <Badge>{data.product.status === "DRAFT" ? "Draft" : "Archived"}</Badge>}
      primaryAction={{ content: "Generate images", onAction: () => setGenerating({}) }}
      secondaryActions={[
        { content: "Make a video", onAction: () => setVideo("one") },
        { content: "Video from several photos", onAction: () => setVideo("photos") },
        { content: "Make a presenter video", onAction: () => setPresenting(true) },
        ...(data.hasGlintMedia ? [{ content: "Revert to original images", destructive: true, onAction: () => setReverting(true) }] : []),
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="h2" variant="headingMd">
              Glint results
            </Text>
            {general.length === 0 ? (
              <Card>
                <BlockStack gap="200" inlineAlign="start">
                  <Text as="p">{data.results.length === 0 ? "No images made for this product yet." : `No images for the whole product yet: the results below are for one ${optionName} each.`}</Text>
                  <Button variant="primary" onClick={() => setGenerating({})}>
                    Generate images
                  </Button>
                </BlockStack>
              </Card>
            ) : (
              general.map(resultCard)
            )}
            {data.groups.length ? (
              <Text as="h2" variant="headingMd">
                Images by {optionName}
              </Text>
            ) : null}
            {data.groups.map((group) => {
              const images = mediaOf(group.mediaIds);
              const titles = group.variantTitles.filter((t) => t !== group.value);
              return (
                <BlockStack gap="400" key={group.value}>
                  <Card>
                    <BlockStack gap="300">
                      <InlineStack align="space-between" blockAlign="center" gap="200">
                        <BlockStack gap="050">
                          <Text as="h3" variant="headingSm">
                            {data.option}: {group.value}
                          </Text>
                          <Text as="p" tone="subdued" variant="bodySm">
                            {group.variantIds.length === 1 ? "1 variant" : `${group.variantIds.length} variants`}
                            {titles.length ? `: ${titles.join(", ")}` : ""}
                          </Text>
                        </BlockStack>
                        <Button onClick={() => setGenerating({ variantId: group.variantIds[0], subject: `${data.product.title} in ${group.value}` })}>
                          {`Generate for ${group.value}`}
                        </Button>
                      </InlineStack>
                      {images.length ? (
                        <MediaThumbs media={images} productTitle={data.product.title} />
                      ) : (
                        <Text as="p" tone="subdued">
                          No image of its own: shoppers see the product&apos;s main image when they choose {group.value}.
                        </Text>
                      )}
                    </BlockStack>
                  </Card>
                  {data.results.filter((r) => r.group === group.value).map(resultCard)}
                </BlockStack>
              );
            })}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {data.groups.length ? "Product images" : "Images on your product"}
                </Text>
                {data.media.length === 0 ? (
                  <Text as="p" tone="subdued">
                    This product has no images yet. Add a photo in Shopify so Glint has something to work from.
                  </Text>
                ) : (
                  <>
                    {data.groups.length ? (
                      <Text as="p" tone="subdued">
                        {data.generalMediaIds.length
                          ? `Shown for every ${optionName}. Images of one ${optionName} are with that ${optionName}.`
                          : `Every image belongs to one ${optionName}: find them with their ${optionName}.`}
                      </Text>
                    ) : null}
                    {data.generalMediaIds.length ? <MediaThumbs media={mediaOf(data.generalMediaIds)} productTitle={data.product.title} /> : null}
                  </>
                )}
              </BlockStack>
            </Card>
            <Box>
              <Text as="p" tone="subdued">
                Balance: {formatCredits(data.balance)}
              </Text>
            </Box>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <PresenterVideoModal productId={data.product.id} open={presenting} onClose={() => setPresenting(false)} />
      <MakeVideoModal open={video === "one"} productIds={[data.product.id]} subject={data.product.title} onClose={() => setVideo(null)} />
      <MultiPhotoVideoModal open={video === "photos"} productId={data.product.id} productTitle={data.product.title} onClose={() => setVideo(null)} />
      <GenerateModal
        open={generating !== null}
        productCount={1}
        subject={generating?.subject}
        balance={data.balance}
        creditsPerStyle={data.creditsPerStyle}
        defaultStyle={data.defaultStyle}
        submitting={generate.busy}
        error={generate.error}
        onClose={() => setGenerating(null)}
        onConfirm={(r: GenerateRequest) => generate.submit({ intent: "generate", styles: r.styles, imagesPerStyle: r.imagesPerStyle, variantId: generating?.variantId })}
      />
      <Modal
        open={reverting}
        onClose={() => setReverting(false)}
        title="Revert to the original images?"
        primaryAction={{ content: "Revert", destructive: true, loading: revert.busy, onAction: () => revert.submit({ intent: "revert" }) }}
        secondaryActions={[{ content: "Cancel", onAction: () => setReverting(false) }]}
      >
        <Modal.Section>
          <Text as="p">
            Every image Glint added to this product is removed and your original images go back in their original order. Your
            Glint results stay here, so you can publish them again later.
          </Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError pageTitle="Product" />;
}
