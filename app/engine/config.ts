/** Engine settings, derived from the validated env; tests adjust them on their context. */
import type { Env } from "../env.server";
import type { FidelityJudge } from "../media/fidelity";
import type { HealthOptions } from "./health";

export interface EngineConfig {
  /** Base URL providers call back on: {base}/webhooks/providers/{provider}. */
  webhookBaseUrl: string;
  /** Origins exempt from the private-address check of safe downloads (loopback simulators). */
  allowOrigins: string[];
  /** First poll after this long (or the model's typical latency, if shorter). */
  pollFirstMs: number;
  /** Polls back off up to this interval. */
  pollMaxMs: number;
  fidelityThreshold: number;
  judge?: FidelityJudge;
  health: Partial<HealthOptions>;
  ffprobePath: string;
  ffmpegPath: string;
}

export function engineConfig(env: Env): EngineConfig {
  return {
    webhookBaseUrl: env.PROVIDER_WEBHOOK_BASE_URL ?? env.SHOPIFY_APP_URL,
    allowOrigins: env.SAFE_DOWNLOAD_ALLOW_ORIGINS,
    pollFirstMs: env.PROVIDER_POLL_FIRST_MS,
    pollMaxMs: env.PROVIDER_POLL_MAX_MS,
    fidelityThreshold: env.FIDELITY_THRESHOLD,
    health: {},
    ffprobePath: env.FFPROBE_PATH,
    ffmpegPath: env.FFMPEG_PATH,
  };
}
