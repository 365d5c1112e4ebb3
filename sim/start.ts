/**
 * Starts every simulator (Shopify store, Replicate, fal, OpenAI, Google Cloud Storage, TikTok,
 * YouTube) on loopback.
 * Ports are 0 (free) by default so parallel test files never collide.
 *
 * In code (tests, demo, benchmarks): `startSimulators(options)`; `appEnv` holds the variables that
 * point the app at them. As a command (`npm run sim [-- --seed 7 --base-port 4100 --faults f.json
 * --shop demo.myshopify.com=24 --app-url http://127.0.0.1:3000]`): prints the URLs and app
 * variables as JSON and stays up until SIGTERM/SIGINT.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { FaultConfig } from "./faults/engine";
import { startFalSim, type FalSim } from "./fal/server";
import { startGcsSim, type GcsSim } from "./gcs/server";
import { startOpenAISim, type OpenAISim } from "./openai/server";
import { startReplicateSim, type ReplicateSim } from "./replicate/server";
import { startShopifySim, type ShopifySim } from "./shopify/server";
import { startTikTokSim, type TikTokSim } from "./tiktok/server";
import { startYouTubeSim, type YouTubeSim } from "./youtube/server";

export type SimulatorName = "shopify" | "replicate" | "fal" | "openai" | "gcs" | "tiktok" | "youtube";
type ProviderSimName = "replicate" | "fal" | "openai";

export interface SimulatorOptions {
  seed?: number;
  /** The app's Shopify credentials and URL (webhooks, the admin frame and provider callbacks go there). */
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  ports?: Partial<Record<SimulatorName, number>>;
  /** Start-up fault rules for every provider simulator; `providerFaults` overrides per simulator. */
  faults?: Partial<FaultConfig>;
  providerFaults?: Partial<Record<ProviderSimName, Partial<FaultConfig>>>;
  /** Passed to the store simulator (media READY delay). */
  mediaProcessingMs?: number;
}

export interface Simulators {
  urls: Record<SimulatorName, string>;
  falJwksUrl: string;
  replicateWebhookSecret: string;
  openaiWebhookSecret: string;
  shopify: ShopifySim;
  replicate: ReplicateSim;
  fal: FalSim;
  openai: OpenAISim;
  gcs: GcsSim;
  tiktok: TikTokSim;
  youtube: YouTubeSim;
  /** Variables that point the app (env.server.ts) at these simulators. */
  appEnv: Record<string, string>;
  close(): Promise<void>;
}

export async function startSimulators(options: SimulatorOptions): Promise<Simulators> {
  const seed = options.seed ?? 1;
  const faultsFor = (name: ProviderSimName): Partial<FaultConfig> => ({ seed, ...options.faults, ...options.providerFaults?.[name] });
  const tokens = { replicate: `r8_sim_${randomHex()}`, fal: `fal_sim_${randomHex()}`, openai: `sk-sim-${randomHex()}` };
  const openaiWebhookSecret = `whsec_${randomBytes(32).toString("base64")}`;
  const social = {
    tiktok: { clientKey: `sbaw${randomHex()}`, clientSecret: randomHex() },
    youtube: { clientId: `${randomHex()}.apps.googleusercontent.com`, clientSecret: `GOCSPX-${randomHex()}` },
  };
  const appUrl = options.appUrl.replace(/\/$/, "");

  const started: Array<{ close(): Promise<void> }> = [];
  const track = async <T extends { close(): Promise<void> }>(sim: Promise<T>): Promise<T> => {
    const running = await sim;
    started.push(running);
    return running;
  };
  const closeAll = () => Promise.allSettled(started.map((sim) => sim.close())).then(() => undefined);

  try {
    const [shopify, replicate, fal, openai, gcs, tiktok, youtube] = await Promise.all([
      track(
        startShopifySim({ port: options.ports?.shopify, seed, apiKey: options.apiKey, apiSecret: options.apiSecret, appUrl, mediaProcessingMs: options.mediaProcessingMs }),
      ),
      track(startReplicateSim({ port: options.ports?.replicate, seed, apiToken: tokens.replicate, faults: faultsFor("replicate") })),
      track(startFalSim({ port: options.ports?.fal, seed, apiKey: tokens.fal, faults: faultsFor("fal") })),
      track(
        startOpenAISim({
          port: options.ports?.openai,
          seed,
          apiKey: tokens.openai,
          faults: faultsFor("openai"),
          webhook: { url: `${appUrl}/webhooks/providers/openai`, secret: openaiWebhookSecret },
        }),
      ),
      track(startGcsSim({ port: options.ports?.gcs })),
      track(startTikTokSim({ port: options.ports?.tiktok, ...social.tiktok })),
      track(startYouTubeSim({ port: options.ports?.youtube, ...social.youtube })),
    ]);
    const urls = { shopify: shopify.url, replicate: replicate.url, fal: fal.url, openai: openai.url, gcs: gcs.url, tiktok: tiktok.url, youtube: youtube.url };
    return {
      urls,
      falJwksUrl: fal.jwksUrl,
      replicateWebhookSecret: replicate.webhookSecret,
      openaiWebhookSecret,
      shopify,
      replicate,
      fal,
      openai,
      gcs,
      tiktok,
      youtube,
      appEnv: {
        REPLICATE_API_TOKEN: tokens.replicate,
        REPLICATE_BASE_URL: `${replicate.url}/v1`,
        FAL_KEY: tokens.fal,
        FAL_BASE_URL: fal.url,
        FAL_JWKS_URL: fal.jwksUrl,
        OPENAI_API_KEY: tokens.openai,
        OPENAI_BASE_URL: `${openai.url}/v1`,
        OPENAI_WEBHOOK_SECRET: openaiWebhookSecret,
        GCS_API_ENDPOINT: gcs.url,
        GCS_PROJECT_ID: "glint-sim",
        GCS_BUCKET: "glint-sim",
        TIKTOK_CLIENT_KEY: social.tiktok.clientKey,
        TIKTOK_CLIENT_SECRET: social.tiktok.clientSecret,
        TIKTOK_WEB_BASE_URL: tiktok.url,
        TIKTOK_API_BASE_URL: tiktok.url,
        YOUTUBE_CLIENT_ID: social.youtube.clientId,
        YOUTUBE_CLIENT_SECRET: social.youtube.clientSecret,
        GOOGLE_ACCOUNTS_BASE_URL: youtube.url,
        GOOGLE_OAUTH_BASE_URL: youtube.url,
        YOUTUBE_API_BASE_URL: youtube.url,
        YOUTUBE_WATCH_BASE_URL: youtube.url,
        // Tokens issued by these simulators die with them, so a per-run key is all they need.
        PUBLISHING_TOKEN_KEY: randomBytes(32).toString("base64"),
        // Provider outputs and store images are served from these loopback origins.
        SAFE_DOWNLOAD_ALLOW_ORIGINS: Object.values(urls).join(","),
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function randomHex(): string {
  return randomBytes(12).toString("hex");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: "string", default: "1" },
      "base-port": { type: "string" },
      faults: { type: "string" },
      shop: { type: "string", multiple: true, default: [] },
      "app-url": { type: "string", default: "http://127.0.0.1:3000" },
      "api-key": { type: "string", default: "glint-local-app" },
      "api-secret": { type: "string" },
    },
  });
  const base = values["base-port"] ? Number(values["base-port"]) : undefined;
  const names: SimulatorName[] = ["shopify", "replicate", "fal", "openai", "gcs", "tiktok", "youtube"];
  const sims = await startSimulators({
    seed: Number(values.seed),
    apiKey: values["api-key"],
    // A throwaway secret for this local run unless the app's is given.
    apiSecret: values["api-secret"] ?? randomBytes(32).toString("hex"),
    appUrl: values["app-url"],
    ports: base ? Object.fromEntries(names.map((name, i) => [name, base + i])) : undefined,
    faults: values.faults ? (JSON.parse(await readFile(values.faults, "utf8")) as Partial<FaultConfig>) : undefined,
  });
  for (const shop of values.shop) {
    const [domain, count] = shop.split("=");
    sims.shopify.addShop({ domain, productCount: Number(count ?? 24), seed: Number(values.seed) });
  }
  process.stdout.write(`${JSON.stringify({ urls: sims.urls, falJwksUrl: sims.falJwksUrl, appEnv: sims.appEnv }, null, 2)}\n`);
  const stop = () => void sims.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`glint sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
