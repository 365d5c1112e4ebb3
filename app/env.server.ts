/**
 * The only reader of process.env. Every variable is validated here at start-up; a bad or missing
 * one stops the process with a single sentence naming it (see `loadEnv`). Defaults serve local
 * development on this machine kind: local PostgreSQL and Redis, disk storage, simulators on.
 */
import { z } from "zod";

const urlWithProtocols = (name: string, protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}` },
  );

const optionalUrl = z
  .string()
  .url()
  .optional()
  .or(z.literal("").transform(() => undefined));

const flag = z
  .enum(["1", "0", "true", "false", "on", "off", "yes", "no"])
  .transform((v) => ["1", "true", "on", "yes"].includes(v));

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),

    DATABASE_URL: urlWithProtocols("DATABASE_URL", ["postgresql:", "postgres:"]).default(
      "postgresql://postgres@127.0.0.1:5432/glint",
    ),
    REDIS_URL: urlWithProtocols("REDIS_URL", ["redis:", "rediss:"]).default("redis://127.0.0.1:6379"),
    /** Hash-tagged so every key of one deployment lands in one Redis Cluster slot. */
    REDIS_PREFIX: z
      .string()
      .regex(/^\{[a-z0-9_-]+\}$/i, "REDIS_PREFIX must look like {glint} (a Redis Cluster hash tag)")
      .default("{glint}"),

    SHOPIFY_APP_URL: z.string().url().default("http://127.0.0.1:3000"),
    SHOPIFY_API_KEY: z.string().min(1, "SHOPIFY_API_KEY is required"),
    SHOPIFY_API_SECRET: z.string().min(16, "SHOPIFY_API_SECRET must be at least 16 characters"),
    SCOPES: z.string().default("read_products,write_products,write_files,read_files"),
    /** Set by demo and tests: routes the Admin API to the store simulator instead of *.myshopify.com. */
    SHOPIFY_SIM_URL: optionalUrl,
    /** Local App Bridge stand-in for offline embedding; the CDN script is used when unset. */
    APP_BRIDGE_URL: optionalUrl,
    /** Billing in test mode (no real charge): on everywhere except a production store. */
    BILLING_TEST: flag.default(true),
    /** Per-shop rate limit: generation requests per minute (token bucket; bursts up to this many). */
    RATE_LIMIT_GENERATIONS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    /** Per-shop limit on generations queued or running at once (a bulk run counts each product). */
    RATE_LIMIT_CONCURRENT_GENERATIONS: z.coerce.number().int().min(1).default(50),
    /** Global guard: no new generations once today's provider spend (all shops) reaches this, in USD. */
    GLOBAL_DAILY_PROVIDER_CAP_USD: z.coerce.number().int().min(1).default(500),
    /** Daily provider-spend alert thresholds in USD, comma-separated: all shops together, and per shop. */
    GLOBAL_SPEND_ALERT_THRESHOLDS_USD: z.string().regex(/^\d+(,\d+)*$/, "GLOBAL_SPEND_ALERT_THRESHOLDS_USD must look like 50,100,250").default("50,100,250"),
    SHOP_SPEND_ALERT_THRESHOLDS_USD: z.string().regex(/^\d+(,\d+)*$/, "SHOP_SPEND_ALERT_THRESHOLDS_USD must look like 5,20,50").default("5,20,50"),
    /** Where spend alerts are POSTed as JSON (Slack-style incoming webhook, email gateway…); off when unset. */
    SPEND_ALERT_WEBHOOK_URL: optionalUrl,

    STORAGE_DRIVER: z.enum(["local", "gcs"]).default("local"),
    STORAGE_DIR: z.string().default(".glint/storage"),
    GCS_BUCKET: z.string().optional(),
    GCS_API_ENDPOINT: optionalUrl,
    GCS_PROJECT_ID: z.string().optional(),

    REPLICATE_API_TOKEN: z.string().optional(),
    REPLICATE_BASE_URL: optionalUrl,
    FAL_KEY: z.string().optional(),
    FAL_BASE_URL: optionalUrl,
    /** PEM or JWKS URL the app trusts for fal webhook signatures. */
    FAL_JWKS_URL: optionalUrl,
    OPENAI_API_KEY: z.string().optional(),
    OPENAI_BASE_URL: optionalUrl,
    /** Signing secret (whsec_…) of the OpenAI project webhook (Sora completion events). */
    OPENAI_WEBHOOK_SECRET: z.string().optional(),
    /** Per-attempt timeout of a provider API call. OpenAI image generation answers synchronously: it has its own. */
    PROVIDER_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    OPENAI_IMAGE_TIMEOUT_MS: z.coerce.number().int().min(100).default(180_000),

    /** Generation engine: base URL providers call back on (defaults to SHOPIFY_APP_URL). */
    PROVIDER_WEBHOOK_BASE_URL: optionalUrl,
    /** Origins (comma-separated, e.g. http://127.0.0.1:4010) exempt from the private-address check of safe downloads: the loopback simulators in demo/test only. */
    SAFE_DOWNLOAD_ALLOW_ORIGINS: z
      .string()
      .default("")
      .refine(
        (value) => value.split(",").map((o) => o.trim()).filter(Boolean).every((o) => URL.canParse(o) && /^https?:$/.test(new URL(o).protocol)),
        "SAFE_DOWNLOAD_ALLOW_ORIGINS must be comma-separated http(s) origins",
      )
      .transform((value) => value.split(",").map((o) => o.trim()).filter(Boolean).map((o) => new URL(o).origin)),
    /** First fallback poll of a provider job (or the model's typical latency if shorter), then backing off to the max. */
    PROVIDER_POLL_FIRST_MS: z.coerce.number().int().min(50).default(15_000),
    PROVIDER_POLL_MAX_MS: z.coerce.number().int().min(50).default(60_000),
    /** Product-fidelity score (0..1) below which an output is rejected as an altered product. */
    FIDELITY_THRESHOLD: z.coerce.number().min(0).max(1).default(0.7),
    FFPROBE_PATH: z.string().default("ffprobe"),
    FFMPEG_PATH: z.string().default("ffmpeg"),
    /** Font of the multi-photo video's title/price overlay (Debian: fonts-dejavu-core). */
    VIDEO_OVERLAY_FONT: z.string().default("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    /** Credits of a multi-photo video made from stills (no video model runs; clips cost their model's credits per angle). */
    MULTI_PHOTO_STILLS_CREDITS: z.coerce.number().int().min(1).default(3),

    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
    /** Full-size image decodes at once per worker (memory: ~150 MB each for a 4K image). */
    IMAGE_WORK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),

    /** AES-256-GCM key (32 bytes, base64 or hex) for TikTok/YouTube tokens at rest; required once a platform is configured. */
    PUBLISHING_TOKEN_KEY: z
      .string()
      .refine((value) => tokenKeyBytes(value)?.length === 32, "PUBLISHING_TOKEN_KEY must be 32 bytes, base64 or hex (openssl rand -base64 32)")
      .optional(),
    /** TikTok Login Kit + Content Posting API (Direct Post); publishing to TikTok is off when unset. */
    TIKTOK_CLIENT_KEY: z.string().optional(),
    TIKTOK_CLIENT_SECRET: z.string().optional(),
    /** www.tiktok.com: the authorize page and public post URLs. */
    TIKTOK_WEB_BASE_URL: z.string().url().default("https://www.tiktok.com"),
    TIKTOK_API_BASE_URL: z.string().url().default("https://open.tiktokapis.com"),
    /** Google OAuth client (web application) with the YouTube Data API v3 enabled; publishing to YouTube is off when unset. */
    YOUTUBE_CLIENT_ID: z.string().optional(),
    YOUTUBE_CLIENT_SECRET: z.string().optional(),
    GOOGLE_ACCOUNTS_BASE_URL: z.string().url().default("https://accounts.google.com"),
    GOOGLE_OAUTH_BASE_URL: z.string().url().default("https://oauth2.googleapis.com"),
    YOUTUBE_API_BASE_URL: z.string().url().default("https://www.googleapis.com"),
    YOUTUBE_WATCH_BASE_URL: z.string().url().default("https://www.youtube.com"),
    /** Timeout of one TikTok/YouTube API call; uploads get it per chunk. */
    PUBLISHING_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    /** First wait before asking TikTok/YouTube whether a posted video finished processing; later checks back off to a minute. */
    PUBLISHING_STATUS_POLL_MS: z.coerce.number().int().min(50).default(10_000),
  })
  .superRefine((env, ctx) => {
    if (env.STORAGE_DRIVER === "gcs" && !env.GCS_BUCKET) {
      ctx.addIssue({ code: "custom", path: ["GCS_BUCKET"], message: "GCS_BUCKET is required when STORAGE_DRIVER=gcs" });
    }
    const platforms = [env.TIKTOK_CLIENT_KEY, env.YOUTUBE_CLIENT_ID].filter(Boolean);
    if (platforms.length && !env.PUBLISHING_TOKEN_KEY) {
      ctx.addIssue({ code: "custom", path: ["PUBLISHING_TOKEN_KEY"], message: "PUBLISHING_TOKEN_KEY is required when TikTok or YouTube publishing is configured" });
    }
    if (Boolean(env.TIKTOK_CLIENT_KEY) !== Boolean(env.TIKTOK_CLIENT_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["TIKTOK_CLIENT_SECRET"], message: "TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET go together" });
    }
    if (Boolean(env.YOUTUBE_CLIENT_ID) !== Boolean(env.YOUTUBE_CLIENT_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["YOUTUBE_CLIENT_SECRET"], message: "YOUTUBE_CLIENT_ID and YOUTUBE_CLIENT_SECRET go together" });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** The 32-byte key from PUBLISHING_TOKEN_KEY (64 hex characters or base64), or undefined when malformed. */
export function tokenKeyBytes(value: string): Buffer | undefined {
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return Buffer.from(value, "base64");
  return undefined;
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Invalid configuration: ${problems[0]}.`
        : `Invalid configuration: ${problems.join("; ")}.`,
    );
    this.name = "EnvError";
  }
}

/** Parses an environment; throws EnvError with one sentence per bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset so that `FOO= npm run demo` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
    }),
  );
}

let cached: Env | undefined;

/**
 * The process's configuration. On a bad environment it prints one clear line and exits,
 * rather than a stack trace from deep inside a client library.
 */
export function loadEnv(): Env {
  if (cached) return cached;
  try {
    cached = parseEnv(process.env);
    return cached;
  } catch (error) {
    if (error instanceof EnvError) exitWithConfigError(error.message);
    throw error;
  }
}

export function exitWithConfigError(message: string): never {
  process.stderr.write(`glint: ${message}\n`);
  process.exit(78); // EX_CONFIG
}

/** A URL safe to print: credentials removed. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = "***";
    url.search = "";
    return url.toString();
  } catch {
    return "(unparseable URL)";
  }
}
