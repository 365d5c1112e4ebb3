/**
 * Private Redis and PostgreSQL servers for one chaos run, on free loopback ports and in temporary
 * directories, so the run can restart them without touching the machine's shared servers (6379,
 * 5432) that every other test uses. Each is removed on stop(), and on process exit if a run dies
 * before it gets there.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, readdirSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { Redis } from "ioredis";
import { freePort } from "../../scripts/stack";

export interface PrivateService {
  url: string;
  /** Stops the server cleanly and starts it again on the same port and data. */
  restart(): Promise<void>;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

/** Synchronous last-resort cleanups, run if the process exits with servers still up. */
const onExit = new Set<() => void>();
process.once("exit", () => onExit.forEach((cleanup) => cleanup()));

/**
 * The lifecycle both servers share: registered for the exit cleanup, started (after `init`), and
 * on a failed start or on stop() shut down with their directory removed.
 */
async function managed(server: {
  url: string;
  dir: string;
  init?: () => Promise<void>;
  start: () => Promise<void>;
  shutdown: () => Promise<void>;
  /** Synchronous: runs in the process exit handler. */
  kill: () => void;
}): Promise<PrivateService> {
  const remove = async () => {
    onExit.delete(server.kill);
    await rm(server.dir, { recursive: true, force: true });
  };
  onExit.add(server.kill);
  try {
    await server.init?.();
    await server.start();
  } catch (error) {
    await server.shutdown().catch(() => {});
    await remove();
    throw error;
  }
  return {
    url: server.url,
    async restart() {
      await server.shutdown();
      await server.start();
    },
    async stop() {
      await server.shutdown();
      await remove();
    },
  };
}

async function waitFor(what: string, probe: () => Promise<void>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs} ms: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * redis-server with an append-only file (fsynced every second, and in full on a SIGTERM shutdown),
 * as a production Redis with persistence: a restart keeps the queues.
 */
export async function startPrivateRedis(): Promise<PrivateService> {
  const dir = await mkdtemp(path.join(tmpdir(), "glint-chaos-redis-"));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--dir", dir];
  let server: ChildProcess | undefined;

  const start = async () => {
    const child = spawn("redis-server", args, { stdio: "ignore" });
    server = child;
    await waitFor("private Redis", async () => {
      if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on("error", () => {});
      try {
        await probe.connect();
        // A restarted server answers LOADING until it has replayed the append-only file.
        await probe.ping();
      } finally {
        probe.disconnect();
      }
    });
  };
  const shutdown = async () => {
    const child = server;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  };
  const kill = () => {
    server?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };

  return managed({ url, dir, start, shutdown, kill });
}

/** The newest installed PostgreSQL's bin directory (Debian layout). */
function postgresBin(): string {
  const versions = readdirSync("/usr/lib/postgresql").filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error("no PostgreSQL under /usr/lib/postgresql");
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/** A PostgreSQL tool's command line, as the postgres OS user when we are root (initdb and postgres refuse root). */
function postgresCommand(tool: string, args: string[]): [string, string[]] {
  const bin = path.join(postgresBin(), tool);
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
}

function asPostgres(tool: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(...postgresCommand(tool, args), { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${tool} ${args.join(" ")} failed (${code}):\n${output}`))));
  });
}

function postgresUid(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  return { uid: id("-u"), gid: id("-g") };
}

/** A throwaway PostgreSQL cluster (trust auth, socket in its own directory), started with pg_ctl. */
export async function startPrivatePostgres(): Promise<PrivateService> {
  const dir = await mkdtemp(path.join(tmpdir(), "glint-chaos-pg-"));
  const owner = postgresUid();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, "data");
  const port = await freePort();
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const pgCtl = (...args: string[]) => asPostgres("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), ...args]);
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  let running = false;

  const start = async () => {
    await pgCtl("-o", serverOptions, "-w", "-t", "120", "start");
    running = true;
    await waitFor("private PostgreSQL", async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
      try {
        await client.connect();
        await client.query("select 1");
      } finally {
        await client.end().catch(() => {});
      }
    });
  };
  const shutdown = async () => {
    if (!running) return;
    await pgCtl("-m", "fast", "-w", "-t", "120", "stop");
    running = false;
  };
  const kill = () => {
    if (running) spawnSync(...postgresCommand("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]));
    rmSync(dir, { recursive: true, force: true });
  };

  const init = () => asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  return managed({ url, dir, init, start, shutdown, kill });
}
