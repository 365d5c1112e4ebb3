/**
 * What the two video dialogs share: the quote from GET /api/videos (credits needed against the
 * balance, the refusal the request would get, the video models with their credits and the length
 * each makes), the request to POST /api/videos, and the credits summary shown before confirming.
 */
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, InlineStack, Text } from "@shopify/polaris";
import { useEffect, useRef } from "react";
import { formatCredits } from "./format";
import { showToast } from "./toast";

export interface VideoModelChoice {
  id: string;
  displayName: string;
  credits: number;
  durations: number[];
  fittedDurationSeconds: number | null;
}

export interface VideoQuote {
  totalCredits: number;
  balance: number;
  blocked?: { code: string; message: string };
  fittedDurationSeconds?: number | null;
  models: VideoModelChoice[];
}

type ApiError = { error: { code: string; message: string } };

/** Loads the quote for `query` whenever it changes while the dialog is open. */
export function useVideoQuote(open: boolean, query: string | null) {
  const fetcher = useFetcher<VideoQuote | ApiError>();
  const { load } = fetcher;
  useEffect(() => {
    if (open && query) load(`/api/videos?${query}`);
  }, [open, query, load]);
  const data = fetcher.data;
  return {
    quote: data && !("error" in data) ? data : undefined,
    error: data && "error" in data ? data.error.message : undefined,
    loading: fetcher.state !== "idle",
  };
}

/** Posts a video request; closes the dialog with a toast once it is queued. */
export function useVideoRequest(onQueued: () => void) {
  const fetcher = useFetcher<{ creditsReserved: number } | ApiError>();
  const handled = useRef<unknown>(undefined);
  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data || handled.current === data) return;
    handled.current = data;
    if ("error" in data) return;
    showToast("Video queued. Follow it on the Jobs page.");
    onQueued();
  }, [fetcher.state, fetcher.data, onQueued]);
  const data = fetcher.data;
  return {
    submit: (body: Record<string, unknown>) => fetcher.submit(JSON.stringify(body), { method: "post", action: "/api/videos", encType: "application/json" }),
    submitting: fetcher.state !== "idle",
    error: data && "error" in data ? data.error.message : undefined,
  };
}

/** The dialog's confirm button: the price once quoted, disabled until the request is complete and allowed. */
export function confirmAction(quote: VideoQuote | undefined, complete: boolean, request: ReturnType<typeof useVideoRequest>, body: () => Record<string, unknown>) {
  return {
    content: quote && complete ? `Make video for ${formatCredits(quote.totalCredits)}` : "Make video",
    disabled: !quote || !complete || Boolean(quote.blocked),
    loading: request.submitting,
    onAction: () => request.submit(body()),
  };
}

/** Model picker options: automatic first, then each model with its credits and the length it would make. */
export function modelOptions(models: VideoModelChoice[], unit: string) {
  return [
    { label: "Automatic (Glint picks the best available)", value: "" },
    ...models.map((m) => ({
      label: `${m.displayName} · ${formatCredits(m.credits)}${unit}${m.fittedDurationSeconds ? ` · makes ${m.fittedDurationSeconds} s` : ""}`,
      value: m.id,
    })),
  ];
}

export function VideoCreditsSummary({ quote, quoteError, requestError }: { quote?: VideoQuote; quoteError?: string; requestError?: string }) {
  return (
    <BlockStack gap="300">
      {(
        [
          ["Credits needed", quote?.totalCredits],
          ["Your balance", quote?.balance],
        ] as const
      ).map(([label, credits]) => (
        <InlineStack key={label} align="space-between">
          <Text as="span">{label}</Text>
          <Text as="span" fontWeight="semibold">
            {credits === undefined ? "…" : formatCredits(credits)}
          </Text>
        </InlineStack>
      ))}
      {quote?.blocked ? (
        <Banner
          tone="critical"
          title={quote.blocked.code === "insufficient_credits" ? "Not enough credits" : "This video can't start right now"}
          action={quote.blocked.code === "insufficient_credits" ? { content: "Buy credits", url: "/app/billing" } : undefined}
        >
          <Text as="p">{quote.blocked.message}</Text>
        </Banner>
      ) : (
        <Text as="p" tone="subdued">
          Credits are held now and charged only if you publish the video. A video that fails costs nothing.
        </Text>
      )}
      {quoteError || requestError ? (
        <Banner tone="critical" title="The video didn't start">
          <Text as="p">{requestError ?? quoteError}</Text>
        </Banner>
      ) : null}
    </BlockStack>
  );
}
