/**
 * Local-disk storage (the embedded default). Writes stream to a temp file under the same
 * directory, are hashed on the way, then renamed into place: a reader never sees a half-written
 * object and a crash leaves only a .part file.
 */
import { createReadStream } from "node:fs";
import { access, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { spoolToFile } from "./hashing";
import { assertKey, objectKey } from "./keys";
import { signedAssetUrl } from "./signed-url";
import { StorageError, type PutObjectInput, type Storage, type StoredObject } from "./types";

export interface LocalStorageOptions {
  dir: string;
  /** Base of the signed /assets URLs. */
  appUrl: string;
  signingSecret: string;
}

export function createLocalStorage(options: LocalStorageOptions): Storage {
  const root = resolve(options.dir);
  const tmpDir = join(root, ".tmp");
  const pathOf = (key: string) => join(root, assertKey(key));

  async function exists(key: string): Promise<boolean> {
    try {
      await access(pathOf(key));
      return true;
    } catch {
      return false;
    }
  }

  return {
    driver: "local",
    async put(input: PutObjectInput): Promise<StoredObject> {
      const spooled = await spoolToFile(input.body, tmpDir);
      if (input.expectedSha256 && input.expectedSha256 !== spooled.sha256) {
        await spooled.discard();
        throw new StorageError("checksum_mismatch", "Stored bytes do not match the expected checksum");
      }
      const key = objectKey(input.shopId, input.kind, spooled.sha256, input.ext);
      if (await exists(key)) {
        await spooled.discard(); // same content already stored
      } else {
        await mkdir(dirname(pathOf(key)), { recursive: true });
        await rename(spooled.path, pathOf(key));
      }
      return { key, sha256: spooled.sha256, bytes: spooled.bytes, contentType: input.contentType };
    },
    async get(key: string): Promise<Readable> {
      const path = pathOf(key);
      try {
        await stat(path);
      } catch {
        throw new StorageError("not_found", `No stored object at "${key}"`);
      }
      return createReadStream(path);
    },
    exists,
    async delete(key: string): Promise<void> {
      await rm(pathOf(key), { force: true });
    },
    async deletePrefix(prefix: string): Promise<number> {
      const dir = pathOf(prefix);
      const files = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
      const count = files.filter((f) => f.isFile()).length;
      await rm(dir, { recursive: true, force: true });
      return count;
    },
    async url(key: string, { expiresInSeconds = 3600 } = {}): Promise<string> {
      return signedAssetUrl(options.appUrl, assertKey(key), options.signingSecret, expiresInSeconds);
    },
  };
}
