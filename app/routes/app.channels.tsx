/**
 * Channels: the TikTok and YouTube accounts videos are published to. Connect opens the platform's
 * consent page top-level (TikTok and Google refuse to load in the admin iframe); the platform sends
 * the merchant back to /channels/:platform/callback, which returns here. A platform that refused
 * Glint's access shows a "Reconnect" banner. Recent publications and their status are listed below.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { handleApi, readJson } from "../api.server";
import { appContext } from "../app-context.server";
import { EmptyCard } from "../components/EmptyCard";
import { isPublicationActive, PublicationList } from "../components/PublicationList";
import { ReconnectBanners } from "../components/ReconnectBanners";
import { RouteError } from "../components/RouteError";
import { showToast } from "../components/toast";
import { useLiveRefresh } from "../components/use-live-refresh";
import { ensureShop } from "../models/shops.server";
import { connectUrl, disconnectAccount } from "../publishing/accounts.server";
import { PLATFORM_NAMES } from "../publishing/errors";
import { channelViews, publicationViews } from "../publishing/overview.server";
import { authenticate } from "../shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const ctx = appContext();
  const shop = await ensureShop(ctx, session.shop);
  return { channels: await channelViews(ctx, shop.id), publications: (await publicationViews(ctx.db, shop.id)).slice(0, 20) };
}

const channelsActionSchema = z.object({ intent: z.enum(["connect", "disconnect"]), platform: z.enum(["tiktok", "youtube"]) });

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, shop }) => {
    const body = await readJson(request, channelsActionSchema);
    if (body.intent === "connect") return { authorizeUrl: connectUrl(ctx.env, { shop: shop.domain, platform: body.platform }) };
    await disconnectAccount(ctx, shop.id, body.platform);
    return { disconnected: PLATFORM_NAMES[body.platform] };
  });
}

type ChannelsActionResult = { authorizeUrl: string } | { disconnected: string } | { error: { message: string } };

const STATE_BADGE = {
  connected: <Badge tone="success">Connected</Badge>,
  needs_reconnect: <Badge tone="critical">Needs reconnecting</Badge>,
  not_connected: <Badge>Not connected</Badge>,
  unavailable: <Badge>Not available</Badge>,
};

export default function Channels() {
  const { channels, publications } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const fetcher = useFetcher<ChannelsActionResult>();
  useLiveRefresh(publications.some((p) => isPublicationActive(p.status)));
  const connected = channels.find((c) => c.platform === search.get("connected"));

  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data) return;
    // The consent page must be the top window: open() with _top leaves the admin iframe (App Bridge routes it).
    if ("authorizeUrl" in data) window.open(data.authorizeUrl, "_top");
    if ("disconnected" in data) showToast(`${data.disconnected} disconnected`);
    if ("error" in data) showToast(data.error.message, { isError: true });
  }, [fetcher.state, fetcher.data]);

  const submit = (intent: "connect" | "disconnect", platform: string) => fetcher.submit({ intent, platform } as never, { method: "post", encType: "application/json" });
  const busy = (platform: string) => fetcher.state !== "idle" && (fetcher.json as { platform?: string } | undefined)?.platform === platform;

  return (
    <Page title="Channels" subtitle="Publish your product videos to TikTok and YouTube">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <ReconnectBanners channels={channels} onReconnect={(platform) => submit("connect", platform)} />
            {connected?.state === "connected" ? (
              <Banner tone="success" title={`${connected.name} connected`}>
                Videos can now be published to {connected.accountName ?? connected.name}.
              </Banner>
            ) : null}
            {channels.map((channel) => (
              <Card key={channel.platform}>
                <InlineStack align="space-between" blockAlign="center" gap="400">
                  <BlockStack gap="100">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="h2" variant="headingMd">
                        {channel.name}
                      </Text>
                      {STATE_BADGE[channel.state]}
                    </InlineStack>
                    <Text as="p" tone="subdued">
                      {channel.state === "unavailable"
                        ? `Publishing to ${channel.name} is not set up for this app.`
                        : channel.accountName
                          ? `${channel.accountName}${channel.handle ? ` (${channel.handle.startsWith("@") ? channel.handle : `@${channel.handle}`})` : ""}`
                          : `Connect your ${channel.name} account to publish product videos to it.`}
                    </Text>
                  </BlockStack>
                  {channel.state === "connected" ? (
                    <Button onClick={() => submit("disconnect", channel.platform)} loading={busy(channel.platform)} tone="critical" variant="secondary">
                      Disconnect
                    </Button>
                  ) : channel.state !== "unavailable" ? (
                    <Button variant="primary" onClick={() => submit("connect", channel.platform)} loading={busy(channel.platform)}>
                      {channel.state === "needs_reconnect" ? `Reconnect ${channel.name}` : `Connect ${channel.name}`}
                    </Button>
                  ) : null}
                </InlineStack>
              </Card>
            ))}
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          {publications.length ? (
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Recent publications
                </Text>
                <PublicationList items={publications} showTitle />
              </BlockStack>
            </Card>
          ) : (
            <EmptyCard heading="No videos published yet" body="Open a product with a finished video and choose Publish to TikTok / YouTube." action={{ content: "Go to products", url: "/app/products" }} />
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError pageTitle="Channels" />;
}
