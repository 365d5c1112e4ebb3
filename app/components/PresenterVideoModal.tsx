/**
 * "Make a presenter video" from the product studio: choose a length and a voice, Glint writes the
 * script, the merchant edits it (word count against the length's budget, credits needed against
 * the balance, shown before anything is charged), then "Approve script & render" reserves the
 * credits and the video is made (voice-over, presenter, final cut) with progress until it is in
 * the review queue. Talks to /api/videos/ugc* through fetchers.
 */
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, InlineStack, Modal, ProgressBar, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { UGC_STAGES } from "../video/ugc-stages";
import { formatCredits } from "./format";
import { showToast } from "./toast";
import { LIVE_REFRESH_MS } from "./use-live-refresh";

interface Quote {
  voiceCredits: number;
  avatarCredits: number;
  total: number;
}
interface Script {
  hook: string;
  benefits: string[];
  callToAction: string;
}
interface Options {
  lengths: number[];
  voices: string[];
  quote: Quote;
  balance: number;
}
interface Video {
  id: string;
  state: string;
  stage: string | null;
  lengthSeconds: number;
  voice: string;
  script: Script;
  words: number;
  wordBudget: number;
  quote: Quote;
  balance: number;
  generation: { id: string; status: string; errorMessage: string | null } | null;
}
type Answer<T> = T | { error: { message: string } };

const WORDS_PER_SECOND = 2.5;

const isError = <T,>(answer: Answer<T> | undefined): answer is { error: { message: string } } => typeof answer === "object" && answer !== null && "error" in answer;
const wordsIn = (script: Script) => [script.hook, ...script.benefits, script.callToAction].join(" ").trim().split(/\s+/).filter(Boolean).length;
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function PresenterVideoModal({ productId, open, onClose }: { productId: string; open: boolean; onClose: () => void }) {
  const options = useFetcher<Answer<Options>>();
  const draft = useFetcher<Answer<Video>>();
  const save = useFetcher<Answer<Video>>();
  const approve = useFetcher<Answer<Video>>();
  const poll = useFetcher<Answer<Video>>();
  const [length, setLength] = useState("15");
  const [voice, setVoice] = useState("");
  const [script, setScript] = useState<Script | null>(null);
  const [approving, setApproving] = useState(false);

  // The newest answer about the video wins (draft → save → approve → polling).
  const answers = [poll.data, approve.data, save.data, draft.data].filter((a): a is Video => Boolean(a && !isError(a)));
  const video = answers[0];
  const choices = options.data && !isError(options.data) ? options.data : undefined;
  const failure = [draft.data, save.data, approve.data].find(isError)?.error.message;
  const url = video ? `/api/videos/ugc/${encodeURIComponent(video.id)}` : "";
  const rendering = video ? ["script_approved", "rendering"].includes(video.state) : false;
  const stage = UGC_STAGES.find((s) => s.stage === video?.stage);

  useEffect(() => {
    if (open && options.state === "idle" && !options.data) options.load("/api/videos/ugc");
  }, [open, options]);
  useEffect(() => {
    if (choices && !voice) setVoice(choices.voices.includes("nova") ? "nova" : (choices.voices[0] ?? ""));
  }, [choices, voice]);
  useEffect(() => {
    if (draft.data && !isError(draft.data)) setScript(draft.data.script);
  }, [draft.data]);
  useEffect(() => {
    if (failure) showToast(failure, { isError: true });
  }, [failure]);
  // Approve saves the merchant's last edits first, then approves exactly what was saved.
  useEffect(() => {
    if (!approving || save.state !== "idle" || !save.data) return;
    setApproving(false);
    if (!isError(save.data)) approve.submit(null, { method: "post", action: `${url}/approve` });
  }, [approving, save.state, save.data, approve, url]);
  useEffect(() => {
    if (!rendering) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && poll.state === "idle") poll.load(url);
    }, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [rendering, poll, url]);

  const budget = Math.floor(Number(length) * WORDS_PER_SECOND);
  const words = script ? wordsIn(script) : 0;
  const quote = video?.quote ?? choices?.quote;
  const balance = video?.balance ?? choices?.balance ?? 0;
  const short = quote ? balance < quote.total : false;
  const isDraft = video?.state === "script_draft";
  const busy = draft.state !== "idle" || save.state !== "idle" || approve.state !== "idle" || approving;

  const writeScript = () => draft.submit({ productId, lengthSeconds: Number(length), voice }, { method: "post", action: "/api/videos/ugc", encType: "application/json" });
  const saveScript = () => script && save.submit({ ...script, benefits: script.benefits.filter((b) => b.trim()), voice } as never, { method: "patch", action: url, encType: "application/json" });
  const setBenefit = (index: number, value: string) => script && setScript({ ...script, benefits: script.benefits.map((b, i) => (i === index ? value : b)) });

  const primary = !video
    ? { content: "Write the script", onAction: writeScript, loading: draft.state !== "idle", disabled: !voice }
    : isDraft
      ? {
          content: quote ? `Approve script & render (${formatCredits(quote.total)})` : "Approve script & render",
          onAction: () => {
            setApproving(true);
            saveScript();
          },
          loading: busy,
          disabled: short || words > budget || words === 0,
        }
      : { content: "Close", onAction: onClose };

  return (
    <Modal open={open} onClose={onClose} title="Make a presenter video" primaryAction={primary} secondaryActions={isDraft ? [{ content: "Save script", onAction: saveScript, loading: save.state !== "idle" && !approving }] : []}>
      <Modal.Section>
        <BlockStack gap="400">
          {!video || isDraft ? (
            <InlineStack gap="400">
              <Select
                label="Length"
                options={(choices?.lengths ?? [15, 30, 45]).map((s) => ({ label: `${s} seconds`, value: String(s) }))}
                value={length}
                onChange={setLength}
                disabled={Boolean(video)}
              />
              <Select label="Voice" options={(choices?.voices ?? []).map((v) => ({ label: capitalise(v), value: v }))} value={voice} onChange={setVoice} />
            </InlineStack>
          ) : null}
          {!video ? (
            <Text as="p" tone="subdued">
              A presenter talks about this product for {length} seconds in a vertical video, with your product photo on screen. Glint writes the script from what it knows about the
              product; you can change every word before anything is charged.
            </Text>
          ) : null}
          {isDraft && script ? (
            <BlockStack gap="300">
              <TextField label="Opening line (hook)" value={script.hook} onChange={(v) => setScript({ ...script, hook: v })} autoComplete="off" />
              {script.benefits.map((benefit, i) => (
                <TextField key={i} label={`Benefit ${i + 1}`} value={benefit} onChange={(v) => setBenefit(i, v)} autoComplete="off" multiline={2} />
              ))}
              <TextField label="Call to action" value={script.callToAction} onChange={(v) => setScript({ ...script, callToAction: v })} autoComplete="off" />
              <Text as="p" tone={words > budget ? "critical" : "subdued"}>
                {words} of about {budget} words for {video?.lengthSeconds ?? length} seconds{words > budget ? ": shorten the script or choose a longer video." : "."}
              </Text>
            </BlockStack>
          ) : null}
          {quote && (!video || isDraft) ? (
            short ? (
              <Banner tone="critical" title="Not enough credits" action={{ content: "Buy credits", url: "/app/billing" }}>
                <p>
                  This video needs {formatCredits(quote.total)} and you have {formatCredits(balance)}.
                </p>
              </Banner>
            ) : (
              <Text as="p">
                Credits needed: {formatCredits(quote.total)} ({formatCredits(quote.voiceCredits)} voice-over, {formatCredits(quote.avatarCredits)} presenter). Balance:{" "}
                {formatCredits(balance)}. Nothing is charged until you approve the script.
              </Text>
            )
          ) : null}
          {rendering && video ? (
            <BlockStack gap="200">
              <Text as="p">{stage?.label ?? "Starting"}…</Text>
              <ProgressBar progress={stage?.percent ?? 5} size="small" />
              <Text as="p" tone="subdued">
                You can close this window: the video keeps rendering and appears in Review when it is ready.
              </Text>
            </BlockStack>
          ) : null}
          {video?.state === "ready_for_review" ? (
            <Banner tone="success" title="Your presenter video is ready" action={{ content: "Review it", url: "/app/review" }}>
              <p>Approve it in Review to add it to the product.</p>
            </Banner>
          ) : null}
          {video && ["failed", "cancelled"].includes(video.state) ? (
            <Banner tone="critical" title="The video could not be made">
              <p>{video.generation?.errorMessage ?? "Something went wrong. Your credits were returned."}</p>
            </Banner>
          ) : null}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
