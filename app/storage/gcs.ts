/**
 * Google Cloud Storage. The body is spooled to a local temp file while hashed (streaming, never
 * buffered), then uploaded under its content key with the client's md5/crc32c validation; the
 * sha256 is kept in the object metadata. `apiEndpoint` points the official SDK at the GCS
 * simulator in tests and the demo.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { Storage as GcsClient, type StorageOptions } from "@google-cloud/storage";
import { spoolToFile } from "./hashing";
import { assertKey, objectKey } from "./keys";
import { StorageError, type PutObjectInput, type Storage, type StoredObject } from "./types";

export interface GcsStorageOptions {
  bucket: string;
  projectId?: string;
  apiEndpoint?: string;
  /** Service-account credentials; signed URLs need a private key. */
  credentials?: StorageOptions["credentials"];
  /** Per-request timeout. */
  timeoutMs?: number;
  tmpDir?: string;
}

export function createGcsStorage(options: GcsStorageOptions): Storage {
  const client = new GcsClient({
    projectId: options.projectId,
    apiEndpoint: options.apiEndpoint,
    credentials: options.credentials,
    timeout: options.timeoutMs ?? 30_000,
    retryOptions: { autoRetry: true, maxRetries: 3, totalTimeout: 120 },
  });
  const bucket = client.bucket(options.bucket);
  const tmpDir = options.tmpDir ?? join(tmpdir(), "glint-gcs-spool");

  async function exists(key: string): Promise<boolean> {
    const [found] = await bucket.file(assertKey(key)).exists();
    return found;
  }

  return {
    driver: "gcs",
    async put(input: PutObjectInput): Promise<StoredObject> {
      const spooled = await spoolToFile(input.body, tmpDir);
      try {
        if (input.expectedSha256 && input.expectedSha256 !== spooled.sha256) {
          throw new StorageError("checksum_mismatch", "Stored bytes do not match the expected checksum");
        }
        const key = objectKey(input.shopId, input.kind, spooled.sha256, input.ext);
        if (!(await exists(key))) {
          await bucket.upload(spooled.path, {
            destination: key,
            validation: "md5",
            resumable: false,
            metadata: { contentType: input.contentType, metadata: { sha256: spooled.sha256 } },
          });
        }
        return { key, sha256: spooled.sha256, bytes: spooled.bytes, contentType: input.contentType };
      } finally {
        await spooled.discard();
      }
    },
    async get(key: string): Promise<Readable> {
      const file = bucket.file(assertKey(key));
      const [found] = await file.exists();
      if (!found) throw new StorageError("not_found", `No stored object at "${key}"`);
      return file.createReadStream({ validation: "md5" });
    },
    exists,
    async delete(key: string): Promise<void> {
      await bucket.file(assertKey(key)).delete({ ignoreNotFound: true });
    },
    async deletePrefix(prefix: string): Promise<number> {
      const [files] = await bucket.getFiles({ prefix: assertKey(prefix.replace(/\/$/, "")) + "/" });
      await Promise.all(files.map((f) => f.delete({ ignoreNotFound: true })));
      return files.length;
    },
    async url(key: string, { expiresInSeconds = 3600 } = {}): Promise<string> {
      const [url] = await bucket.file(assertKey(key)).getSignedUrl({
        version: "v4",
        action: "read",
        expires: Date.now() + expiresInSeconds * 1000,
      });
      return url;
    },
  };
}
