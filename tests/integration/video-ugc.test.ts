/**
 * UGC presenter videos end to end against the simulators: the script is drafted from product
 * intelligence by the OpenAI-compatible chat model (product name, benefits, word budget), the
 * merchant edits and approves it (nothing voiced, rendered or reserved before), the approved words
 * are what OpenAI TTS voices, the talking-avatar model lip-syncs the presenter on fal (Replicate as
 * fallback), ffmpeg composes a 9:16 MP4 with the product card and the voice track that lasts as
 * long as the voice, and the video lands in review, then on the product; credits are reserved at
 * approval and committed on publish. A failing lip-sync provider fails the video with a refund;
 * blank or corrupt avatar clips never reach review; an approved script cannot be edited.
 */
import { buffer } from "node:stream/consumers";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generationCredits } from "../../app/billing/ledger.server";
import { parseAttempts } from "../../app/engine/attempts";
import { countWords, scriptText, wordBudget } from "../../app/intelligence/ugc-script.server";
import { checkVideo } from "../../app/media/video-checks";
import { retryGeneration } from "../../app/models/generations.server";
import { approveAndPublish } from "../../app/models/media.server";
import { hasAudioStream } from "../../app/video/ugc-compose.server";
import { approveUgcScript, draftUgcScript, editUgcScript, getUgcVideo } from "../../app/video/ugc-scripts.server";
import { voicedRequests } from "../../sim/openai/speech";
import { startVideoHarness, type VideoHarness } from "./video-harness";

let h: VideoHarness;
beforeAll(async () => {
  h = await startVideoHarness({ domain: "video-ugc.myshopify.com", products: 6, credits: 100 });
  // Script writing talks to the OpenAI simulator through the real SDK.
  Object.assign(h.ctx.env, { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: h.providerUrls.openai });
}, 60_000);
afterAll(() => h?.close());
afterEach(() => h.resetFaults());

const AVATAR_MODELS = { fal: ["fal-ai/kling-video/v1/standard/ai-avatar", "fal-ai/creatify/aurora"], replicate: ["bytedance/omni-human"] };
const titleOf = (gid: string) => h.sim.store.productWithMedia(h.domain, Number(gid.split("/").pop()))!.title;
const draft = (productId: string, lengthSeconds = 15) => draftUgcScript(h.ctx, h.admin, { shopDomain: h.domain, productId, lengthSeconds, voice: "nova" });

async function failAvatars(provider: "fal" | "replicate", fault: string): Promise<void> {
  await h.faults(provider, { models: Object.fromEntries(AVATAR_MODELS[provider].map((ref) => [ref, { faults: { [fault]: 1 } }])) });
}

describe("UGC presenter video: script → approve script → render → review", () => {
  it("drafts from intelligence, voices the approved edit, renders a 9:16 video with sound, reviews and publishes it", async () => {
    const gid = h.productIds[0];
    const before = await h.balance();
    const voicedBefore = (await voicedRequests(h.providerUrls.openai)).length;

    const drafted = await draft(gid, 15);
    expect(drafted.state).toBe("script_draft");
    expect(drafted.script.hook).toContain(titleOf(gid));
    expect(drafted.script.benefits.length).toBeGreaterThanOrEqual(2);
    expect(drafted.script.benefits.length).toBeLessThanOrEqual(3);
    expect(drafted.wordBudget).toBe(wordBudget(15));
    expect(drafted.words).toBeLessThanOrEqual(wordBudget(15));
    // Quoted up front from the registry: one voice-over plus the first lip-sync model.
    expect(drafted.quote).toMatchObject({ voiceCredits: 1, avatarCredits: 11, total: 12 });
    expect(drafted.balance).toBe(before);

    // Nothing is voiced, rendered or reserved for a draft.
    expect(await h.ctx.db.generation.count({ where: { shopId: h.shop.id } })).toBe(0);
    expect(await h.balance()).toBe(before);
    expect((await voicedRequests(h.providerUrls.openai)).length).toBe(voicedBefore);

    const tooLong = { hook: "Wait.", benefits: [Array.from({ length: 40 }, () => "really").join(" ")], callToAction: "Buy it." };
    await expect(editUgcScript(h.ctx, { shopDomain: h.domain, scriptId: drafted.id, script: tooLong })).rejects.toThrow(/fits about 37/);

    const edited = {
      hook: "Stop scrolling, this is the one thing on my desk I actually use.",
      benefits: ["It is sturdy and it looks great.", "It goes with everything I own."],
      callToAction: "Tap the link and grab yours today.",
    };
    const saved = await editUgcScript(h.ctx, { shopDomain: h.domain, scriptId: drafted.id, script: edited });
    expect(saved.script).toEqual(edited);

    const approved = await approveUgcScript(h.ctx, { shopDomain: h.domain, scriptId: drafted.id });
    expect(["script_approved", "rendering"]).toContain(approved.state);
    expect(await h.balance()).toBe(before - 12);
    // Approving again (a double click) is the same video and the same reservation.
    const again = await approveUgcScript(h.ctx, { shopDomain: h.domain, scriptId: drafted.id });
    expect(again.generation?.id).toBe(approved.generation?.id);
    await expect(editUgcScript(h.ctx, { shopDomain: h.domain, scriptId: drafted.id, script: { ...edited, hook: "Changed my mind." } })).rejects.toMatchObject({
      code: "script_locked",
      httpStatus: 409,
    });

    const ready = await h.waitFor(approved.generation!.id, undefined, 120_000);
    expect(ready.errorMessage, JSON.stringify(ready.attempts)).toBeNull();
    expect(ready).toMatchObject({ status: "ready_for_review", capability: "avatar_video", style: "ugc_video", creditsReserved: 12 });
    expect(parseAttempts(ready.attempts)[0]).toMatchObject({ modelId: "kling-ai-avatar", outcome: "succeeded" });
    // Stages were reported as the generation's progress (the Jobs page); compose came last.
    expect(ready.progress).toMatchObject({ stage: "compose", label: "Putting the final cut together" });

    // The words voiced are the words approved, with the chosen voice.
    const voiced = (await voicedRequests(h.providerUrls.openai)).slice(voicedBefore);
    expect(voiced).toHaveLength(1);
    expect(voiced[0]).toMatchObject({ model: "gpt-4o-mini-tts", voice: "nova", input: scriptText(edited) });

    const script = await h.ctx.db.videoScript.findUniqueOrThrow({ where: { id: drafted.id } });
    const expectedVoiceMs = (countWords(scriptText(edited)) / 2.5) * 1000;
    expect(Math.abs(script.voiceDurationMs! - expectedVoiceMs)).toBeLessThan(300);

    const output = await h.ctx.db.asset.findUniqueOrThrow({ where: { id: ready.outputAssetId! } });
    expect(output).toMatchObject({ kind: "output", mimeType: "video/mp4", width: 720, height: 1280 });
    const video = await buffer(await h.ctx.storage.get(output.storageKey));
    const facts = await checkVideo(video);
    expect(facts.width * 16).toBe(facts.height * 9);
    expect(Math.abs(facts.durationMs - script.voiceDurationMs!)).toBeLessThanOrEqual(250);
    expect(await hasAudioStream(video)).toBe(true);
    expect(ready.posterAssetId).not.toBeNull();
    expect((await getUgcVideo(h.ctx, { shopDomain: h.domain, scriptId: drafted.id })).state).toBe("ready_for_review");

    // Approved in review: written back as product video, and the reservation is committed.
    await approveAndPublish(h.ctx, { shopDomain: h.domain, generationId: ready.id, altText: "Presenter video" });
    const published = await h.waitFor(ready.id, ["published", "failed"]);
    expect(published.errorMessage).toBeNull();
    expect(published.status).toBe("published");
    expect(await generationCredits(h.ctx.db, h.shop.id, ready.id)).toMatchObject({ committed: true, charged: 12 });
    expect(await h.balance()).toBe(before - 12);
  }, 180_000);

  it("a failing lip-sync provider fails the video and returns the credits; a retry renders the same approved script", async () => {
    await failAvatars("fal", "job_failure");
    await failAvatars("replicate", "job_failure");
    const before = await h.balance();
    const drafted = await draft(h.productIds[1]);
    const approved = await approveUgcScript(h.ctx, { shopDomain: h.domain, scriptId: drafted.id });
    expect(await h.balance()).toBe(before - 12);
    const done = await h.waitFor(approved.generation!.id, undefined, 120_000);
    expect(done.status).toBe("failed");
    expect(done.outputAssetId).toBeNull();
    expect(parseAttempts(done.attempts).filter((a) => a.outcome === "failed").map((a) => a.modelId)).toEqual(["kling-ai-avatar", "creatify-aurora", "omni-human"]);
    expect(await h.balanceSettlesAt(before)).toBe(before);
    expect((await getUgcVideo(h.ctx, { shopDomain: h.domain, scriptId: drafted.id })).state).toBe("failed");

    // Retried once the provider is back: the same words (voice-over reused, not paid again), the same quote.
    await h.resetFaults();
    const voiced = (await voicedRequests(h.providerUrls.openai)).length;
    const retry = await retryGeneration(h.ctx, { shopDomain: h.domain, generationId: done.id });
    expect(retry.creditsReserved).toBe(12);
    const ready = await h.waitFor(retry.generations[0].id, undefined, 120_000);
    expect(ready.status).toBe("ready_for_review");
    expect((await voicedRequests(h.providerUrls.openai)).length).toBe(voiced);
    expect(await getUgcVideo(h.ctx, { shopDomain: h.domain, scriptId: drafted.id })).toMatchObject({ state: "ready_for_review", generation: { id: ready.id } });
    expect(await h.balance()).toBe(before - 12);
  }, 240_000);

  it("blank or corrupt avatar clips never reach review: the next lip-sync model is tried, or the credits come back", async () => {
    await failAvatars("fal", "blank_image");
    const before = await h.balance();
    const first = await approveUgcScript(h.ctx, { shopDomain: h.domain, scriptId: (await draft(h.productIds[2])).id });
    const ready = await h.waitFor(first.generation!.id, undefined, 120_000);
    const attempts = parseAttempts(ready.attempts);
    expect(attempts.filter((a) => a.outcome === "rejected").map((a) => a.errorCode)).toEqual(["output_invalid:blank", "output_invalid:blank"]);
    expect(ready.status).toBe("ready_for_review");
    expect(attempts.at(-1)).toMatchObject({ modelId: "omni-human", outcome: "succeeded" });

    await failAvatars("replicate", "corrupt_file");
    const second = await approveUgcScript(h.ctx, { shopDomain: h.domain, scriptId: (await draft(h.productIds[3])).id });
    const failed = await h.waitFor(second.generation!.id, undefined, 120_000);
    expect(failed.status).toBe("failed");
    expect(failed.outputAssetId).toBeNull();
    expect(parseAttempts(failed.attempts).map((a) => a.errorCode)).toEqual(["output_invalid:blank", "output_invalid:blank", "output_invalid:corrupt"]);
    // The first video's 12 credits stay reserved for review; the second's come back.
    expect(await h.balanceSettlesAt(before - 12)).toBe(before - 12);
  }, 240_000);
});
