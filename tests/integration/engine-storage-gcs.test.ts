/**
 * The GCS storage driver through the real @google-cloud/storage SDK against the GCS simulator:
 * streamed content-addressed writes with checksums verified, reads, prefix deletion for
 * shop/redact, and V4 signed URLs the browser can load.
 */
import { createHash, generateKeyPairSync } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGcsStorage } from "../../app/storage/gcs";
import type { Storage } from "../../app/storage/types";
import { startGcsSim, type GcsSim } from "../../sim/gcs/server";

let sim: GcsSim;
let storage: Storage;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  sim = await startGcsSim();
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  storage = createGcsStorage({
    bucket: "glint-test",
    projectId: "glint-sim",
    apiEndpoint: sim.url,
    credentials: { client_email: "glint@glint-sim.iam.gserviceaccount.com", private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString() },
  });
});
afterAll(() => sim.close());

describe("GCS storage", () => {
  it("streams an upload under its content key and reads the same bytes back", async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(32 * 1024, i + 1));
    const whole = Buffer.concat(chunks);
    const stored = await storage.put({ shopId: "s1", kind: "output", ext: "png", contentType: "image/png", body: Readable.from(chunks), expectedSha256: sha(whole) });
    expect(stored).toMatchObject({ key: `shops/s1/output/${sha(whole)}.png`, bytes: whole.length });
    expect(await storage.exists(stored.key)).toBe(true);
    expect((await buffer(await storage.get(stored.key))).equals(whole)).toBe(true);
  });

  it("refuses a checksum mismatch and uploads nothing", async () => {
    const body = Buffer.from("not what was validated");
    await expect(storage.put({ shopId: "s1", kind: "output", ext: "png", contentType: "image/png", body, expectedSha256: sha(Buffer.from("x")) })).rejects.toMatchObject({ code: "checksum_mismatch" });
    expect(await storage.exists(`shops/s1/output/${sha(body)}.png`)).toBe(false);
  });

  it("deletes a shop's objects by prefix and leaves other shops alone", async () => {
    const a = await storage.put({ shopId: "gone", kind: "original", ext: "jpg", contentType: "image/jpeg", body: Buffer.from("a") });
    const b = await storage.put({ shopId: "gone", kind: "output", ext: "png", contentType: "image/png", body: Buffer.from("b") });
    const kept = await storage.put({ shopId: "stays", kind: "output", ext: "png", contentType: "image/png", body: Buffer.from("c") });
    expect(await storage.deletePrefix("shops/gone/")).toBe(2);
    expect(await storage.exists(a.key)).toBe(false);
    expect(await storage.exists(b.key)).toBe(false);
    expect(await storage.exists(kept.key)).toBe(true);
  });

  it("signs V4 URLs for the UI", async () => {
    const stored = await storage.put({ shopId: "s2", kind: "output", ext: "png", contentType: "image/png", body: Buffer.from("signed bytes") });
    const url = new URL(await storage.url(stored.key, { expiresInSeconds: 300 }));
    expect(url.searchParams.get("X-Goog-Algorithm")).toBe("GOOG4-RSA-SHA256");
    expect(url.searchParams.get("X-Goog-Expires")).toBe("300");
    expect(url.pathname).toContain(stored.key);
  });
});
