import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalStorage } from "./local";
import { verifyAssetSignature } from "./signed-url";
import { StorageError, type Storage } from "./types";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("local storage", () => {
  let dir: string;
  let storage: Storage;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "glint-storage-"));
    storage = createLocalStorage({ dir, appUrl: "https://app.example", signingSecret: "s".repeat(32) });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("stores a stream under its content address and reads it back", async () => {
    const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(64 * 1024, i));
    const whole = Buffer.concat(chunks);
    const stored = await storage.put({ shopId: "shop1", kind: "output", ext: "png", contentType: "image/png", body: Readable.from(chunks) });
    expect(stored).toEqual({ key: `shops/shop1/output/${sha(whole)}.png`, sha256: sha(whole), bytes: whole.length, contentType: "image/png" });
    const back = Buffer.concat(await (await storage.get(stored.key)).toArray());
    expect(back.equals(whole)).toBe(true);
    // No temp file left behind.
    expect(await readdir(join(dir, ".tmp"))).toEqual([]);
  });

  it("refuses bytes that do not match the expected checksum and stores nothing", async () => {
    const put = storage.put({ shopId: "shop1", kind: "output", ext: "png", contentType: "image/png", body: Buffer.from("abc"), expectedSha256: sha(Buffer.from("abd")) });
    await expect(put).rejects.toMatchObject({ code: "checksum_mismatch" });
    expect(await storage.exists(`shops/shop1/output/${sha(Buffer.from("abc"))}.png`)).toBe(false);
  });

  it("stores the same bytes once, deletes by shop prefix, and rejects path traversal", async () => {
    const a = await storage.put({ shopId: "s1", kind: "original", ext: "jpg", contentType: "image/jpeg", body: Buffer.from("one") });
    const b = await storage.put({ shopId: "s1", kind: "original", ext: "jpg", contentType: "image/jpeg", body: Buffer.from("one") });
    await storage.put({ shopId: "s2", kind: "original", ext: "jpg", contentType: "image/jpeg", body: Buffer.from("two") });
    expect(b.key).toBe(a.key);
    expect(await storage.deletePrefix("shops/s1/")).toBe(1);
    expect(await storage.exists(a.key)).toBe(false);
    expect(await text(await storage.get(`shops/s2/original/${sha(Buffer.from("two"))}.jpg`))).toBe("two");
    await expect(storage.get("shops/../../etc/passwd")).rejects.toBeInstanceOf(StorageError);
  });

  it("signs UI URLs that verify only for the same key and before expiry", async () => {
    const key = "shops/s1/output/abc.png";
    const url = new URL(await storage.url(key, { expiresInSeconds: 60 }));
    expect(url.pathname).toBe(`/assets/${key}`);
    const params = { exp: url.searchParams.get("exp"), sig: url.searchParams.get("sig") };
    const secret = "s".repeat(32);
    expect(verifyAssetSignature(key, params, secret)).toBe(true);
    expect(verifyAssetSignature("shops/s2/output/abc.png", params, secret)).toBe(false);
    expect(verifyAssetSignature(key, params, "t".repeat(32))).toBe(false);
    expect(verifyAssetSignature(key, params, secret, Date.now() + 120_000)).toBe(false);
  });
});
