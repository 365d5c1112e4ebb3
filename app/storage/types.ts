/**
 * Where generated media and the product originals live. Keys are content-addressed per shop
 * (`shops/{shopId}/{kind}/{sha256}.{ext}`): the same bytes are stored once, and a key names its
 * content, so a checksum mismatch is detectable at any time. Bodies stream; nothing is buffered
 * whole in memory.
 */
import type { Readable } from "node:stream";

export type StoredKind = "original" | "output" | "published";

export interface PutObjectInput {
  shopId: string;
  kind: StoredKind;
  /** File extension without the dot, e.g. "png", "mp4". */
  ext: string;
  contentType: string;
  body: Readable | Buffer;
  /** When the caller knows the checksum (e.g. it validated the bytes), the write is verified against it. */
  expectedSha256?: string;
}

export interface StoredObject {
  key: string;
  /** sha256 hex of the stored bytes. */
  sha256: string;
  bytes: number;
  contentType: string;
}

export interface Storage {
  readonly driver: "local" | "gcs";
  put(input: PutObjectInput): Promise<StoredObject>;
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Removes everything under a prefix (shop/redact); returns how many objects went. */
  deletePrefix(prefix: string): Promise<number>;
  /** A short-lived URL the merchant's browser can load (signed for GCS; HMAC-signed app URL for local). */
  url(key: string, options?: { expiresInSeconds?: number }): Promise<string>;
}

export class StorageError extends Error {
  constructor(
    readonly code: "checksum_mismatch" | "not_found" | "invalid_key",
    message: string,
  ) {
    super(message);
    this.name = "StorageError";
  }
}
