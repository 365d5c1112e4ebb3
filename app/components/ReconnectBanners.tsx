/** One critical banner per platform that refused Glint's access, with the action that fixes it. */
import { Banner } from "@shopify/polaris";

export interface ReconnectChannel {
  platform: string;
  name: string;
  state: string;
  reconnectMessage: string | null;
}

export function ReconnectBanners({ channels, onReconnect, reconnectUrl }: { channels: ReconnectChannel[]; onReconnect?: (platform: string) => void; reconnectUrl?: string }) {
  return (
    <>
      {channels
        .filter((c) => c.state === "needs_reconnect")
        .map((c) => (
          <Banner
            key={c.platform}
            tone="critical"
            title={`Reconnect ${c.name}`}
            action={onReconnect ? { content: `Reconnect ${c.name}`, onAction: () => onReconnect(c.platform) } : { content: `Reconnect ${c.name}`, url: reconnectUrl }}
          >
            {c.reconnectMessage}
          </Banner>
        ))}
    </>
  );
}
