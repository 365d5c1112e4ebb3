/**
 * "Make a video" for one product (Product studio) or a selection (Products bulk action): camera
 * move, length, shape and, optionally, the video model with its credits. Credits needed against
 * the balance come from the server's quote (the same price the request reserves) and are shown
 * before anything is confirmed; a model that cannot make the asked length shows the one it makes.
 */
import { Modal, Select, BlockStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { MOTION_PRESETS, type MotionPreset } from "../video/motion-presets";
import { VIDEO_ASPECT_RATIOS, VIDEO_DURATION_CHOICES } from "../video/video-options";
import { confirmAction, modelOptions, useVideoQuote, useVideoRequest, VideoCreditsSummary } from "./VideoRequest";

const MOTION_LABELS: Record<MotionPreset, string> = {
  slow_orbit: "Slow orbit around the product",
  push_in: "Push in to the front",
  reveal: "Reveal from a close edge",
  lifestyle_scene: "Lifestyle scene",
};

const SHAPE_LABELS: Record<(typeof VIDEO_ASPECT_RATIOS)[number], string> = {
  "9:16": "Vertical 9:16 (Reels, TikTok)",
  "1:1": "Square 1:1",
  "16:9": "Wide 16:9 (product page, YouTube)",
};

interface MakeVideoModalProps {
  open: boolean;
  productIds: string[];
  /** "Trail shoe" or "3 products". */
  subject: string;
  onClose(): void;
}

export function MakeVideoModal({ open, productIds, subject, onClose }: MakeVideoModalProps) {
  const [motion, setMotion] = useState<MotionPreset>("slow_orbit");
  const [durationSeconds, setDurationSeconds] = useState(5);
  const [aspectRatio, setAspectRatio] = useState<string>("9:16");
  const [modelId, setModelId] = useState("");

  const query = new URLSearchParams({ kind: "product_video", products: String(Math.max(1, productIds.length)), durationSeconds: String(durationSeconds) });
  if (modelId) query.set("modelId", modelId);
  const { quote, error: quoteError } = useVideoQuote(open, productIds.length ? query.toString() : null);
  const request = useVideoRequest(onClose);
  const fitted = quote?.fittedDurationSeconds;

  return (
    <Modal
      open={open}
      onClose={onClose}
      title={`Make a video of ${subject}`}
      primaryAction={confirmAction(quote, productIds.length > 0, request, () => ({
        kind: "product_video",
        productIds,
        motion,
        durationSeconds,
        aspectRatio,
        ...(modelId ? { modelId } : {}),
      }))}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="400">
          <Select
            label="Camera move"
            options={MOTION_PRESETS.map((m) => ({ label: MOTION_LABELS[m], value: m }))}
            value={motion}
            onChange={(value) => setMotion(value as MotionPreset)}
          />
          <Select
            label="Length"
            options={VIDEO_DURATION_CHOICES.map((s) => ({ label: `${s} seconds`, value: String(s) }))}
            value={String(durationSeconds)}
            onChange={(value) => setDurationSeconds(Number(value))}
            helpText={fitted && fitted !== durationSeconds ? `This model makes ${fitted}-second videos, the closest it offers.` : undefined}
          />
          <Select
            label="Shape"
            options={VIDEO_ASPECT_RATIOS.map((r) => ({ label: SHAPE_LABELS[r], value: r }))}
            value={aspectRatio}
            onChange={setAspectRatio}
          />
          <Select label="Video model" options={modelOptions(quote?.models ?? [], " per video")} value={modelId} onChange={setModelId} />
          {productIds.length > 1 ? (
            <Text as="p" tone="subdued">
              One video per product, {productIds.length} in all.
            </Text>
          ) : null}
        </BlockStack>
      </Modal.Section>
      <Modal.Section>
        <VideoCreditsSummary quote={quote} quoteError={quoteError} requestError={request.error} />
      </Modal.Section>
    </Modal>
  );
}
