/**
 * Brings up the whole of Glint on its embedded defaults: simulators (in this process), the Remix
 * server and the worker (child processes), a migrated database and a seeded demo shop with credits.
 * Used by the demo (`npm run demo`), the smoke run, the e2e tier and the benchmarks, so they all
 * exercise the same wiring.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { cp, mkdir, readdir, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { startSimulators } from "../sim/start";
import { migrate } from "../prisma/migrate";
import { createDb } from "../app/db.server";
import { grantCredits } from "../app/billing/ledger.server";

export interface StackOptions {
  databaseUrl: string;
  redisUrl?: string;
  redisPrefix?: string;
  /** 0 picks a free port. */
  appPort?: number;
  seed?: number;
  shopDomain?: string;
  productCount?: number;
  /** Credits granted to the demo shop on first start. */
  demoCredits?: number;
  logLevel?: string;
  storageDir?: string;
  /** Pass-through env for the app and worker (e.g. WORKER_CONCURRENCY). */
  extraEnv?: Record<string, string>;
  /** Where child process output goes: inherit (demo), or a callback (tests). */
  onOutput?: (source: "app" | "worker", line: string) => void;
}

export interface Stack {
  appUrl: string;
  /** The local Shopify admin page that embeds the app. */
  adminUrl: string;
  shopDomain: string;
  apiKey: string;
  sims: Awaited<ReturnType<typeof startSimulators>>;
  env: Record<string, string>;
  stop(): Promise<void>;
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const mtime = (await stat(path.join(entry.parentPath, entry.name))).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** Builds the Remix app when the build is missing or older than the sources. */
export async function ensureBuild(log: (line: string) => void = () => {}): Promise<void> {
  const serverBuild = path.join(root, "build/server/index.js");
  if (existsSync(serverBuild) && statSync(serverBuild).mtimeMs > (await newestMtime(path.join(root, "app")))) return;
  log("building the app (remix vite:build)…");
  await run(bin("remix"), ["vite:build"], { cwd: root });
}

/**
 * A private copy of the build for one app process. Several stacks (parallel test files, the demo)
 * share the work tree; a rebuild by one of them replaces build/ and its hashed asset names, which
 * would leave the others serving pages whose scripts and styles no longer exist.
 */
async function snapshotBuild(): Promise<string> {
  const dir = path.join(root, ".glint/builds", randomBytes(6).toString("hex"));
  await cp(path.join(root, "build"), path.join(dir, "build"), { recursive: true });
  return dir;
}

function run(command: string, args: string[], options: { cwd: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed:\n${output}`))));
  });
}

function startChild(
  name: "app" | "worker",
  command: string,
  args: string[],
  env: Record<string, string>,
  onOutput?: StackOptions["onOutput"],
  cwd = root,
): ChildProcess {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: onOutput ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
  });
  if (onOutput) {
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = "";
      stream?.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) onOutput(name, line);
      });
    }
  }
  return child;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} before answering`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the app did not answer at ${url} within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  await exited;
  clearTimeout(timer);
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const seed = options.seed ?? 42;
  const shopDomain = options.shopDomain ?? "glint-demo.myshopify.com";
  const apiKey = "glint-local-app";
  // A fresh secret per run: nothing secret is committed, and sessions signed by an old run are refused.
  const apiSecret = randomBytes(32).toString("hex");
  const appPort = options.appPort || (await freePort());
  const appUrl = `http://127.0.0.1:${appPort}`;
  // Absolute: the app process runs in its build snapshot's folder, the worker in the repository.
  const storageDir = path.resolve(root, options.storageDir ?? ".glint/storage");
  await mkdir(storageDir, { recursive: true });

  await migrate(options.databaseUrl);
  await ensureBuild((line) => options.onOutput?.("app", line) ?? console.log(line));
  const serveDir = await snapshotBuild();

  const sims = await startSimulators({ seed, apiKey, apiSecret, appUrl });
  sims.shopify.addShop({ domain: shopDomain, name: "Glint Demo Store", productCount: options.productCount ?? 24, seed });

  const env: Record<string, string> = {
    NODE_ENV: "production",
    LOG_LEVEL: options.logLevel ?? "info",
    PORT: String(appPort),
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl ?? "redis://127.0.0.1:6379",
    REDIS_PREFIX: options.redisPrefix ?? "{glint}",
    SHOPIFY_APP_URL: appUrl,
    SHOPIFY_API_KEY: apiKey,
    SHOPIFY_API_SECRET: apiSecret,
    SHOPIFY_SIM_URL: sims.urls.shopify,
    APP_BRIDGE_URL: `${sims.urls.shopify}/cdn/app-bridge.js`,
    STORAGE_DIR: storageDir,
    ...sims.appEnv,
    ...options.extraEnv,
  };

  const app = startChild("app", bin("remix-serve"), ["build/server/index.js"], env, options.onOutput, serveDir);
  // Fewer glibc malloc arenas: libvips' threads otherwise fragment memory the worker never gets back (as `npm run worker`).
  const worker = startChild("worker", bin("tsx"), ["app/worker.ts"], { ...env, MALLOC_ARENA_MAX: "2" }, options.onOutput);
  const stop = async () => {
    await Promise.all([stopChild(worker), stopChild(app)]);
    await sims.close();
    await rm(serveDir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${appUrl}/`, app);
    await seedDemoShop(options.databaseUrl, shopDomain, options.demoCredits ?? 200);
  } catch (error) {
    await stop();
    throw error;
  }
  const handle = shopDomain.replace(/\.myshopify\.com$/, "");
  return {
    appUrl,
    adminUrl: `${sims.urls.shopify}/admin/store/${handle}/apps/${apiKey}`,
    shopDomain,
    apiKey,
    sims,
    env,
    stop,
  };
}

/** The demo shop exists with a starting credit balance (granted once per database). */
async function seedDemoShop(databaseUrl: string, domain: string, credits: number): Promise<void> {
  const db = createDb(databaseUrl, { maxConnections: 2 });
  try {
    const shop = await db.shop.upsert({ where: { domain }, create: { domain, name: "Glint Demo Store" }, update: {} });
    await grantCredits(db, { shopId: shop.id, amount: credits, idempotencyKey: "demo-seed", reason: "Demo credits" });
  } finally {
    await db.$disconnect();
  }
}
