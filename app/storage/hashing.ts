/** Streams a body to a temporary file while hashing it, so neither step buffers the whole object. */
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface SpooledFile {
  path: string;
  sha256: string;
  bytes: number;
  discard(): Promise<void>;
}

export async function spoolToFile(body: Readable | Buffer, tmpDir: string): Promise<SpooledFile> {
  await mkdir(tmpDir, { recursive: true });
  const path = join(tmpDir, `${randomUUID()}.part`);
  const hash = createHash("sha256");
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
  try {
    await pipeline(source, meter, createWriteStream(path, { flags: "wx" }));
  } catch (error) {
    await unlink(path).catch(() => undefined);
    throw error;
  }
  return { path, sha256: hash.digest("hex"), bytes, discard: () => unlink(path).catch(() => undefined) };
}
