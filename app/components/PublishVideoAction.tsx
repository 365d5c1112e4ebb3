/**
 * "Publish to TikTok / YouTube" for a finished product video: a Polaris modal with the caption or
 * title, description, hashtags and product link (prefilled from the product), the platforms the
 * shop has connected, a reconnect prompt for any that refused Glint's access, and under the button
 * where the video was posted and how far each post has got (refreshed while one is processing).
 */
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, ChoiceList, Modal, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import type { ChannelView, PublicationView } from "../publishing/views";
import { isPublicationActive, PublicationList } from "./PublicationList";
import { ReconnectBanners } from "./ReconnectBanners";
import { showToast } from "./toast";
import { LIVE_REFRESH_MS } from "./use-live-refresh";

interface PanelData {
  channels: ChannelView[];
  publications: PublicationView[];
  defaults: { title: string; description: string; hashtags: string; productUrl: string };
}

interface PublishResult {
  results?: Array<{ platform: string; publication: PublicationView | null; error: { message: string } | null }>;
  error?: { message: string };
}

export function PublishVideoAction({ generationId }: { generationId: string }) {
  const url = `/api/generations/${encodeURIComponent(generationId)}/publications`;
  const panel = useFetcher<PanelData>();
  const publish = useFetcher<PublishResult>();
  const [open, setOpen] = useState(false);
  const [platforms, setPlatforms] = useState<string[]>([]);
  const [form, setForm] = useState<PanelData["defaults"] | null>(null);
  const data = panel.data && "channels" in panel.data ? panel.data : undefined;
  const connected = data?.channels.filter((c) => c.state === "connected") ?? [];
  const active = data?.publications.some((p) => isPublicationActive(p.status)) ?? false;

  useEffect(() => {
    panel.load(url);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once per video; the poll below refreshes.
  }, [url]);

  // The fetcher object changes every render; the timer reads the latest one.
  const latest = useRef(panel);
  latest.current = panel;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && latest.current.state === "idle") latest.current.load(url);
    }, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, url]);

  useEffect(() => {
    if (publish.state !== "idle" || !publish.data) return;
    if (publish.data.error) showToast(publish.data.error.message, { isError: true });
    for (const result of publish.data.results ?? []) {
      if (result.error) showToast(result.error.message, { isError: true });
    }
    if (publish.data.results?.some((r) => r.publication)) {
      showToast("Publishing started");
      setOpen(false);
    }
    panel.load(url);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- react to a finished submission only.
  }, [publish.state, publish.data]);

  const start = () => {
    if (!data) return;
    setForm(data.defaults);
    setPlatforms(connected.map((c) => c.platform));
    setOpen(true);
  };
  const field = (key: keyof PanelData["defaults"]) => ({
    value: form?.[key] ?? "",
    onChange: (value: string) => setForm((current) => (current ? { ...current, [key]: value } : current)),
    autoComplete: "off",
  });

  return (
    <BlockStack gap="200" inlineAlign="start">
      <Button onClick={start} disabled={!data} loading={!data && panel.state !== "idle"}>
        Publish to TikTok / YouTube
      </Button>
      {data?.publications.length ? <PublicationList items={data.publications} /> : null}
      <Modal
        open={open}
        onClose={() => setOpen(false)}
        title="Publish video"
        primaryAction={{
          content: "Publish",
          disabled: platforms.length === 0 || !form?.title.trim(),
          loading: publish.state !== "idle",
          onAction: () => publish.submit({ platforms, ...form } as never, { method: "post", action: url, encType: "application/json" }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setOpen(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="400">
            {data ? <ReconnectBanners channels={data.channels} reconnectUrl="/app/channels" /> : null}
            {connected.length === 0 ? (
              <Banner tone="warning" title="No channel connected" action={{ content: "Go to Channels", url: "/app/channels" }}>
                Connect TikTok or YouTube in Channels to publish this video.
              </Banner>
            ) : (
              <ChoiceList
                title="Publish to"
                allowMultiple
                choices={(data?.channels ?? []).map((c) => ({
                  label: c.accountName ? `${c.name} (${c.accountName})` : c.name,
                  value: c.platform,
                  disabled: c.state !== "connected",
                }))}
                selected={platforms}
                onChange={setPlatforms}
              />
            )}
            <TextField label="Title / caption" {...field("title")} maxLength={2200} helpText="YouTube uses up to 100 characters as the title; TikTok uses it as the caption." />
            <TextField label="Description" {...field("description")} multiline={3} maxLength={4000} />
            <TextField label="Hashtags" {...field("hashtags")} helpText="Separated by spaces, e.g. #summer #gift" />
            <TextField label="Product link" type="url" {...field("productUrl")} helpText="Added to the caption and the YouTube description." />
          </BlockStack>
        </Modal.Section>
      </Modal>
    </BlockStack>
  );
}
