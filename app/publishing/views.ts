/** The publishing data pages render (shared by loaders and client components, so no server code here). */
import type { SocialPlatform, VideoPublication } from "@prisma/client";

export type ChannelState = "connected" | "needs_reconnect" | "not_connected" | "unavailable";

export interface ChannelView {
  platform: SocialPlatform;
  name: string;
  state: ChannelState;
  accountName: string | null;
  handle: string | null;
  /** Set when state is needs_reconnect: the merchant-readable prompt. */
  reconnectMessage: string | null;
}

export interface PublicationView {
  id: string;
  generationId: string;
  platform: SocialPlatform;
  platformName: string;
  title: string;
  status: VideoPublication["status"];
  url: string | null;
  error: string | null;
  createdAt: string;
}
