/**
 * "Video from several photos" in the Product studio: pick 2–8 of the product's photos and Glint
 * results (they play in the order picked), stills (a gentle zoom on each) or clips (a video model
 * animates each), how long each shows, the transition, the shape, the title and price over the
 * video and background music. Credits needed against the balance come from the server's quote.
 */
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Checkbox, ChoiceList, InlineGrid, InlineStack, Modal, Select, Text, Thumbnail } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { MOTION_PRESETS, type MotionPreset } from "../video/motion-presets";
import { MUSIC_TRACKS } from "../video/music-tracks";
import { MAX_ANGLES, MIN_ANGLES, TRANSITIONS } from "../video/stitch-limits";
import { SEGMENT_SECONDS, VIDEO_ASPECT_RATIOS, type MultiPhotoMode } from "../video/video-options";
import { confirmAction, modelOptions, useVideoQuote, useVideoRequest, VideoCreditsSummary } from "./VideoRequest";

interface Photo {
  id: string;
  url: string | null;
  label: string;
  byGlint: boolean;
}

const TRANSITION_LABELS: Record<(typeof TRANSITIONS)[number], string> = {
  fade: "Fade",
  dissolve: "Dissolve",
  slideleft: "Slide left",
  wipeleft: "Wipe left",
  circleopen: "Circle open",
};

interface MultiPhotoVideoModalProps {
  open: boolean;
  productId: string;
  productTitle: string;
  onClose(): void;
}

export function MultiPhotoVideoModal({ open, productId, productTitle, onClose }: MultiPhotoVideoModalProps) {
  const photos = useFetcher<{ photos: Photo[] } | { error: { message: string } }>();
  const { load } = photos;
  useEffect(() => {
    if (open) load(`/api/videos?${new URLSearchParams({ kind: "photos", productId })}`);
  }, [open, productId, load]);
  const choices = photos.data && "photos" in photos.data ? photos.data.photos : [];

  const [picked, setPicked] = useState<string[]>([]);
  const [mode, setMode] = useState<MultiPhotoMode>("stills");
  const [segmentSeconds, setSegmentSeconds] = useState<number>(SEGMENT_SECONDS.default);
  const [transition, setTransition] = useState<string>("fade");
  const [aspectRatio, setAspectRatio] = useState<string>("1:1");
  const [overlay, setOverlay] = useState(true);
  const [music, setMusic] = useState("");
  const [modelId, setModelId] = useState("");
  const [motion, setMotion] = useState<MotionPreset>("push_in");

  const enough = picked.length >= MIN_ANGLES;
  const query = new URLSearchParams({ kind: "multi_photo", mode, angles: String(Math.max(MIN_ANGLES, picked.length)) });
  if (mode === "clips" && modelId) query.set("modelId", modelId);
  const { quote, error: quoteError } = useVideoQuote(open, query.toString());
  const request = useVideoRequest(onClose);

  const toggle = (id: string, on: boolean) => setPicked((current) => (on ? [...current, id].slice(0, MAX_ANGLES) : current.filter((p) => p !== id)));
  const totalSeconds = enough ? picked.length * segmentSeconds - (picked.length - 1) * 0.5 : null;

  return (
    <Modal
      open={open}
      onClose={onClose}
      title={`Video from photos of ${productTitle}`}
      primaryAction={confirmAction(quote, enough, request, () => ({
        kind: "multi_photo",
        productId,
        images: picked,
        mode,
        segmentSeconds,
        transition,
        aspectRatio,
        overlay,
        ...(music ? { music } : {}),
        ...(mode === "clips" ? { motion, ...(modelId ? { modelId } : {}) } : {}),
      }))}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">
            Pick {MIN_ANGLES} to {MAX_ANGLES} photos; they play in the order you pick them.
          </Text>
          {photos.state !== "idle" && !choices.length ? <Text as="p" tone="subdued">Loading photos…</Text> : null}
          {photos.data && "error" in photos.data ? <Text as="p" tone="critical">{photos.data.error.message}</Text> : null}
          <InlineGrid columns={{ xs: 2, sm: 4 }} gap="300">
            {choices.map((photo) => {
              const order = picked.indexOf(photo.id);
              return (
                <BlockStack key={photo.id} gap="100">
                  <Thumbnail source={photo.url ?? ""} alt={photo.label} size="large" />
                  <InlineStack gap="100" blockAlign="center">
                    <Checkbox
                      label={order >= 0 ? `${order + 1}. ${photo.label}` : photo.label}
                      checked={order >= 0}
                      disabled={order < 0 && picked.length >= MAX_ANGLES}
                      onChange={(on) => toggle(photo.id, on)}
                    />
                    {photo.byGlint ? <Badge tone="magic">Glint</Badge> : null}
                  </InlineStack>
                </BlockStack>
              );
            })}
          </InlineGrid>
        </BlockStack>
      </Modal.Section>
      <Modal.Section>
        <BlockStack gap="400">
          <ChoiceList
            title="How each photo moves"
            choices={[
              { label: "Stills with a gentle zoom", value: "stills", helpText: "Quick and cheap; your photos exactly as they are." },
              { label: "Clips from a video model", value: "clips", helpText: "Each photo comes to life; costs the model's credits per photo." },
            ]}
            selected={[mode]}
            onChange={([value]) => setMode(value as MultiPhotoMode)}
          />
          {mode === "clips" ? (
            <InlineGrid columns={2} gap="300">
              <Select label="Video model" options={modelOptions(quote?.models ?? [], " per photo")} value={modelId} onChange={setModelId} />
              <Select
                label="Camera move"
                options={MOTION_PRESETS.map((m) => ({ label: m.replace("_", " "), value: m }))}
                value={motion}
                onChange={(value) => setMotion(value as MotionPreset)}
              />
            </InlineGrid>
          ) : null}
          <InlineGrid columns={3} gap="300">
            <Select
              label="Each photo shows"
              options={Array.from({ length: SEGMENT_SECONDS.max - SEGMENT_SECONDS.min + 1 }, (_, i) => SEGMENT_SECONDS.min + i).map((s) => ({ label: `${s} seconds`, value: String(s) }))}
              value={String(segmentSeconds)}
              onChange={(value) => setSegmentSeconds(Number(value))}
              helpText={totalSeconds ? `Video: ${totalSeconds} seconds` : undefined}
            />
            <Select label="Transition" options={TRANSITIONS.map((t) => ({ label: TRANSITION_LABELS[t], value: t }))} value={transition} onChange={setTransition} />
            <Select label="Shape" options={VIDEO_ASPECT_RATIOS.map((r) => ({ label: r, value: r }))} value={aspectRatio} onChange={setAspectRatio} />
          </InlineGrid>
          <Checkbox label="Show the product title and price" checked={overlay} onChange={setOverlay} />
          <Select
            label="Background music"
            options={[{ label: "No music", value: "" }, ...MUSIC_TRACKS.map((t) => ({ label: t.title, value: t.id }))]}
            value={music}
            onChange={setMusic}
            helpText="Short royalty-free loops made for Glint."
          />
        </BlockStack>
      </Modal.Section>
      <Modal.Section>
        <VideoCreditsSummary quote={quote} quoteError={quoteError} requestError={request.error} />
      </Modal.Section>
    </Modal>
  );
}
