import { generateKeyPairSync } from "node:crypto";
import { Storage } from "@google-cloud/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crc32c } from "./crc32c";
import { startGcsSim, type GcsSim } from "./server";

let sim: GcsSim;
let storage: Storage;
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

beforeAll(async () => {
  sim = await startGcsSim();
  storage = new Storage({
    apiEndpoint: sim.url,
    projectId: "glint-test",
    // Signed URLs are signed locally with this key; requests to a custom endpoint are not authenticated.
    credentials: { client_email: "glint@glint-test.iam.gserviceaccount.com", private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString() },
  });
});
afterAll(() => sim.close());

const bucket = () => storage.bucket("glint-assets");

describe("GCS simulator through @google-cloud/storage", () => {
  it("computes the CRC32C GCS reports (RFC 3720 check value)", () => {
    expect(Buffer.from(crc32c(Buffer.from("123456789")), "base64").readUInt32BE()).toBe(0xe3069283);
  });

  it("accepts a multipart upload that passes the SDK's md5 and crc32c checks, and reads it back", async () => {
    const bytes = Buffer.from("a small PNG stand-in ".repeat(50));
    const file = bucket().file("shop-1/originals/abc.png");
    await file.save(bytes, { resumable: false, contentType: "image/png", validation: "md5", metadata: { metadata: { generation: "g1" } } });
    await file.save(bytes, { resumable: false, contentType: "image/png", validation: "crc32c" });
    const [metadata] = await file.getMetadata();
    expect(metadata).toMatchObject({ contentType: "image/png", size: String(bytes.length) });
    const [downloaded] = await file.download({ validation: "crc32c" });
    expect(downloaded.equals(bytes)).toBe(true);
  });

  it("accepts a chunked resumable upload with the SDK validating the result", async () => {
    const bytes = Buffer.alloc(700 * 1024, 7);
    for (let i = 0; i < bytes.length; i += 97) bytes[i] = i % 251;
    const file = bucket().file("shop-1/outputs/big.bin");
    await file.save(bytes, { resumable: true, chunkSize: 256 * 1024, validation: "crc32c" });
    const [downloaded] = await file.download();
    expect(downloaded.equals(bytes)).toBe(true);
  });

  it("refuses an upload whose declared checksum does not match", async () => {
    const file = bucket().file("shop-1/bad.bin");
    const upload = file.save(Buffer.from("actual"), { resumable: false, metadata: { md5Hash: Buffer.alloc(16).toString("base64") } });
    await expect(upload).rejects.toThrow();
  });

  it("lists by prefix with delimiters, updates metadata and deletes", async () => {
    await bucket().file("shop-2/a.png").save("a", { resumable: false });
    await bucket().file("shop-2/b.png").save("b", { resumable: false });
    await bucket().file("shop-2/sub/c.png").save("c", { resumable: false });
    const [files, , response] = await bucket().getFiles({ prefix: "shop-2/", delimiter: "/", autoPaginate: false });
    expect(files.map((f) => f.name)).toEqual(["shop-2/a.png", "shop-2/b.png"]);
    expect((response as { prefixes?: string[] }).prefixes).toEqual(["shop-2/sub/"]);
    const [updated] = await bucket().file("shop-2/a.png").setMetadata({ cacheControl: "private, max-age=60", metadata: { approved: "yes" } });
    expect(updated.metadata).toEqual({ approved: "yes" });
    await bucket().file("shop-2/a.png").delete();
    const [exists] = await bucket().file("shop-2/a.png").exists();
    expect(exists).toBe(false);
  });

  it("serves V4 signed-URL reads until they expire", async () => {
    const file = bucket().file("shop-3/published.png");
    await file.save(Buffer.from("signed content"), { resumable: false, contentType: "image/png" });
    const [url] = await file.getSignedUrl({ version: "v4", action: "read", expires: Date.now() + 60_000 });
    expect(url.startsWith(`${sim.url}/glint-assets/shop-3/published.png?`)).toBe(true);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).toString()).toBe("signed content");

    const expired = new URL(url);
    expired.searchParams.set("X-Goog-Date", "20200101T000000Z");
    expect((await fetch(expired)).status).toBe(400);
    const tampered = new URL(url);
    tampered.searchParams.set("X-Goog-Signature", "not-hex");
    expect((await fetch(tampered)).status).toBe(403);
  });
});
