/**
 * What the pages show about publishing: each platform's connection (with the reconnect prompt when
 * the platform refused Glint's access), and publications with their status. Plain data for the
 * Channels page and the product page's publish dialog.
 */
import type { VideoPublication } from "@prisma/client";
import type { Db } from "../db.server";
import type { Env } from "../env.server";
import { configuredPlatforms, SOCIAL_PLATFORMS } from "./clients.server";
import { PLATFORM_NAMES } from "./errors";
import { publicationsOf } from "./publications.server";
import type { ChannelState, ChannelView, PublicationView } from "./views";

export async function channelViews(ctx: { env: Env; db: Db }, shopId: string): Promise<ChannelView[]> {
  const accounts = await ctx.db.socialAccount.findMany({ where: { shopId } });
  const configured = configuredPlatforms(ctx.env);
  return SOCIAL_PLATFORMS.map((platform) => {
    const name = PLATFORM_NAMES[platform];
    const account = accounts.find((a) => a.platform === platform);
    const state: ChannelState = !configured.includes(platform)
      ? "unavailable"
      : account?.status === "connected"
        ? "connected"
        : account?.status === "needs_reconnect"
          ? "needs_reconnect"
          : "not_connected";
    return {
      platform,
      name,
      state,
      accountName: account && account.status !== "disconnected" ? account.displayName : null,
      handle: account && account.status !== "disconnected" ? account.handle : null,
      reconnectMessage:
        state === "needs_reconnect" ? `${name} no longer accepts Glint's access${account?.displayName ? ` to ${account.displayName}` : ""}. Reconnect ${name} to publish videos again.` : null,
    };
  });
}

export function publicationView(p: VideoPublication): PublicationView {
  return {
    id: p.id,
    generationId: p.generationId,
    platform: p.platform,
    platformName: PLATFORM_NAMES[p.platform],
    title: p.title,
    status: p.status,
    url: p.externalUrl,
    error: p.status === "failed" ? p.errorMessage : null,
    createdAt: p.createdAt.toISOString(),
  };
}

export async function publicationViews(db: Db, shopId: string, generationIds?: string[]): Promise<PublicationView[]> {
  return (await publicationsOf(db, shopId, generationIds)).map(publicationView);
}

/** What the publish dialog starts with, from the product: its title, its storefront link, its tags as hashtags. */
export async function publishDefaults(db: Db, shop: { id: string; domain: string }, generationId: string) {
  const generation = await db.generation.findFirst({ where: { id: generationId, shopId: shop.id }, include: { product: true } });
  if (!generation) return null;
  const { product } = generation;
  const hashtags = [...product.tags, product.productType ?? ""].map((t) => t.replace(/[^\p{L}\p{N}_]/gu, "")).filter(Boolean).slice(0, 6);
  return {
    title: product.title,
    description: `${product.title}${product.vendor ? ` by ${product.vendor}` : ""}. Shop it now.`,
    hashtags: hashtags.map((t) => `#${t}`).join(" "),
    productUrl: `https://${shop.domain}/products/${product.handle}`,
  };
}
