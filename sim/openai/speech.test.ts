import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAISim, type OpenAISim } from "./server";
import { voicedRequests } from "./speech";

const run = promisify(execFile);
let sim: OpenAISim;
let client: OpenAI;
beforeAll(async () => {
  sim = await startOpenAISim({ seed: 1, faults: { defaults: { latency: { medianMs: 5, sigma: 0, coldStartMs: 0, queueMs: 0 } } } });
  client = new OpenAI({ apiKey: "sk-test", baseURL: `${sim.url}/v1`, maxRetries: 0 });
});
afterAll(() => sim?.close());

async function probe(bytes: Buffer): Promise<{ seconds: number; codec: string }> {
  const dir = await mkdtemp(join(tmpdir(), "sim-speech-"));
  try {
    await writeFile(join(dir, "a"), bytes);
    const { stdout } = await run("ffprobe", ["-v", "error", "-show_entries", "format=duration:stream=codec_name", "-of", "json", join(dir, "a")]);
    const json = JSON.parse(stdout) as { format: { duration: string }; streams: Array<{ codec_name: string }> };
    return { seconds: Number(json.format.duration), codec: json.streams[0].codec_name };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("OpenAI simulator: POST /v1/audio/speech", () => {
  it("answers the real SDK with an audio file whose length follows the text, and records what was voiced", async () => {
    const input = Array.from({ length: 25 }, () => "word").join(" ");
    const response = await client.audio.speech.create({ model: "gpt-4o-mini-tts", voice: "nova", input, response_format: "mp3" });
    expect(response.headers.get("content-type")).toBe("audio/mpeg");
    const mp3 = await probe(Buffer.from(await response.arrayBuffer()));
    expect(mp3.codec).toBe("mp3");
    expect(mp3.seconds).toBeGreaterThan(9.5);
    expect(mp3.seconds).toBeLessThan(10.6);

    const wav = await client.audio.speech.create({ model: "tts-1", voice: "alloy", input: "five words for the test", response_format: "wav", speed: 2 });
    expect(await probe(Buffer.from(await wav.arrayBuffer()))).toMatchObject({ codec: "pcm_s16le", seconds: expect.closeTo(1, 0) });

    expect((await voicedRequests(sim.url)).map((r) => [r.model, r.voice, r.input])).toEqual([
      ["gpt-4o-mini-tts", "nova", input],
      ["tts-1", "alloy", "five words for the test"],
    ]);
  });

  it("refuses what the API refuses, with OpenAI's error shape", async () => {
    await expect(client.audio.speech.create({ model: "gpt-4o-mini-tts", voice: "robot", input: "hi" })).rejects.toMatchObject({ status: 400, param: "voice" });
    await expect(client.audio.speech.create({ model: "tts-1", voice: "nova", input: "hi", instructions: "cheerful" })).rejects.toMatchObject({ status: 400, param: "instructions" });
    await expect(client.audio.speech.create({ model: "gpt-4o-mini-tts", voice: "nova", input: "x".repeat(4097) })).rejects.toMatchObject({ status: 400, param: "input" });
  });
});
