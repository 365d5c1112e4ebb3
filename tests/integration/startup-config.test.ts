import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const tsx = path.resolve("node_modules/.bin/tsx");

/** Starts the real worker entry point with an environment and returns what an operator sees. */
function startWorker(env: Record<string, string>) {
  const result = spawnSync(tsx, ["app/worker.ts"], {
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "test",
      SHOPIFY_API_KEY: "k",
      SHOPIFY_API_SECRET: "0123456789abcdef0123",
      REDIS_PREFIX: "{glint-startup-test}",
      ...env,
    },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: result.status, stderr: result.stderr.trim() };
}

describe("start-up configuration errors", () => {
  it("an unreachable DATABASE_URL stops with one sentence naming it", () => {
    const { code, stderr } = startWorker({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5999/glint" });
    expect(code).toBe(78);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/DATABASE_URL: cannot reach PostgreSQL at postgresql:\/\/postgres@127\.0\.0\.1:5999\/glint \(connection refused\)/);
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });

  it("an unreachable REDIS_URL stops with one sentence naming it", () => {
    const { code, stderr } = startWorker({ REDIS_URL: "redis://127.0.0.1:6390" });
    expect(code).toBe(78);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/REDIS_URL: cannot reach Redis at redis:\/\/127\.0\.0\.1:6390/);
  });

  it("a malformed DATABASE_URL and a missing secret are both named, without starting anything", () => {
    const { code, stderr } = startWorker({ DATABASE_URL: "mysql://root@127.0.0.1/glint", SHOPIFY_API_SECRET: "" });
    expect(code).toBe(78);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toContain("DATABASE_URL must be a URL starting with postgresql:// or postgres://");
    expect(stderr).toContain("SHOPIFY_API_SECRET");
  });

  it("never prints a password from the URL", () => {
    const { stderr } = startWorker({ DATABASE_URL: "postgresql://glint:hunter2secret@127.0.0.1:5999/glint" });
    expect(stderr).toContain("DATABASE_URL");
    expect(stderr).not.toContain("hunter2secret");
  });
});
