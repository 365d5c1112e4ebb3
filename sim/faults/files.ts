/**
 * Output files a simulator serves at /files/{id}.{ext}, as the providers' CDNs do. Bounded in
 * memory: the oldest files are dropped past `maxBytes` (benchmarks create thousands), the way a
 * provider's output URLs expire.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { requestUrl, sendBytes, sendJson } from "../shared/http";
import type { OutputFile } from "./outputs";

export class FileStore {
  private readonly files = new Map<string, OutputFile>();
  private bytes = 0;

  constructor(private readonly maxBytes = 256 * 1024 * 1024) {}

  /** Stores a file and returns its path, e.g. /files/3f2c….png */
  put(file: OutputFile, name = `${randomUUID()}.${file.extension}`): string {
    this.files.set(name, file);
    this.bytes += file.bytes.length;
    for (const [oldest, old] of this.files) {
      if (this.bytes <= this.maxBytes || oldest === name) break;
      this.files.delete(oldest);
      this.bytes -= old.bytes.length;
    }
    return `/files/${name}`;
  }

  /** A stored file by the path put() returned. */
  get(path: string): OutputFile | undefined {
    return this.files.get(path.slice("/files/".length));
  }

  /** Answers GET /files/{name}; returns false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const path = requestUrl(req).pathname;
    if (!path.startsWith("/files/") || req.method !== "GET") return false;
    const file = this.files.get(path.slice("/files/".length));
    if (!file) sendJson(res, 404, { detail: "file not found" });
    else sendBytes(res, 200, file.bytes, file.contentType, { "cache-control": "public, max-age=3600" });
    return true;
  }
}
