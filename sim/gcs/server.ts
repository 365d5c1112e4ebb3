/**
 * Google Cloud Storage JSON API simulator for the real `@google-cloud/storage` with `apiEndpoint`:
 *   POST /upload/storage/v1/b/{bucket}/o?uploadType=multipart|media|resumable
 *   PUT  <resumable session URI>            (single request or chunks: 308 + Range until complete)
 *   GET/PATCH/DELETE /storage/v1/b/{bucket}/o/{object}   (GET ?alt=media for the bytes)
 *   GET  /storage/v1/b/{bucket}/o?prefix=&delimiter=&maxResults=&pageToken=
 *   GET  /{bucket}/{object}?X-Goog-Algorithm=GOOG4-RSA-SHA256…   (V4 signed-URL reads)
 * Uploads answer md5Hash and crc32c (the SDK verifies both), an X-Goog-Hash sent by the client is
 * checked, and downloads carry X-Goog-Hash so the SDK can validate what it read.
 */
import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, requestUrl, sendBytes, sendJson, startHttpServer } from "../shared/http";
import { crc32c } from "./crc32c";

export interface GcsSimOptions {
  port?: number;
}

export interface GcsSim {
  url: string;
  close(): Promise<void>;
}

interface StoredObject {
  bucket: string;
  name: string;
  bytes: Buffer;
  contentType: string;
  generation: number;
  metageneration: number;
  metadata: Record<string, string>;
  cacheControl?: string;
  created: Date;
  updated: Date;
  md5: string;
  crc32c: string;
}

interface UploadSession {
  bucket: string;
  name: string;
  contentType: string;
  metadata: Record<string, string>;
  /** Checksums the client put in the object resource; the server verifies them. */
  declared?: { md5?: string; crc32c?: string };
  received: Buffer;
}

interface ObjectResource {
  name?: string;
  contentType?: string;
  metadata?: Record<string, string>;
  md5Hash?: string;
  crc32c?: string;
}

/** Longest validity Google accepts for a V4 signature (7 days). */
const MAX_SIGNED_SECONDS = 604_800;

export async function startGcsSim(options: GcsSimOptions = {}): Promise<GcsSim> {
  const objects = new Map<string, StoredObject>();
  const sessions = new Map<string, UploadSession>();
  let generation = Date.now() * 1000;
  let origin = "";
  const keyOf = (bucket: string, name: string) => `${bucket}/${name}`;

  function resource(object: StoredObject): Record<string, unknown> {
    const encoded = encodeURIComponent(object.name);
    return {
      kind: "storage#object",
      id: `${object.bucket}/${object.name}/${object.generation}`,
      selfLink: `${origin}/storage/v1/b/${object.bucket}/o/${encoded}`,
      mediaLink: `${origin}/download/storage/v1/b/${object.bucket}/o/${encoded}?generation=${object.generation}&alt=media`,
      name: object.name,
      bucket: object.bucket,
      generation: String(object.generation),
      metageneration: String(object.metageneration),
      contentType: object.contentType,
      storageClass: "STANDARD",
      size: String(object.bytes.length),
      md5Hash: object.md5,
      crc32c: object.crc32c,
      etag: Buffer.from(`${object.generation}:${object.metageneration}`).toString("base64"),
      timeCreated: object.created.toISOString(),
      updated: object.updated.toISOString(),
      ...(object.cacheControl ? { cacheControl: object.cacheControl } : {}),
      ...(Object.keys(object.metadata).length ? { metadata: object.metadata } : {}),
    };
  }

  /** Stores a completed upload, after checking any hash the client declared (X-Goog-Hash or resource md5Hash/crc32c). */
  function store(res: ServerResponse, req: IncomingMessage, upload: Omit<UploadSession, "received">, bytes: Buffer): void {
    const md5 = createHash("md5").update(bytes).digest("base64");
    const crc = crc32c(bytes);
    const declared = { ...upload.declared, ...parseGoogHash(req.headers["x-goog-hash"]) };
    if ((declared.md5 && declared.md5 !== md5) || (declared.crc32c && declared.crc32c !== crc)) {
      return gcsError(res, 400, "Provided checksum does not match the uploaded content.", "invalid");
    }
    const now = new Date();
    const previous = objects.get(keyOf(upload.bucket, upload.name));
    const object: StoredObject = {
      bucket: upload.bucket,
      name: upload.name,
      contentType: upload.contentType,
      metadata: upload.metadata,
      bytes,
      generation: ++generation,
      metageneration: 1,
      created: previous?.created ?? now,
      updated: now,
      md5,
      crc32c: crc,
    };
    objects.set(keyOf(upload.bucket, upload.name), object);
    sendJson(res, 200, resource(object));
  }

  async function startUpload(req: IncomingMessage, res: ServerResponse, bucket: string, url: URL): Promise<void> {
    const type = url.searchParams.get("uploadType");
    const body = await readBody(req);
    if (type === "media") {
      const name = url.searchParams.get("name");
      if (!name) return gcsError(res, 400, "Required parameter: name", "required");
      return store(res, req, { bucket, name, contentType: String(req.headers["content-type"] ?? "application/octet-stream"), metadata: {} }, body);
    }
    if (type === "multipart") {
      const [metaPart, dataPart] = parseRelated(body, req.headers["content-type"]);
      if (!metaPart || !dataPart) return gcsError(res, 400, "Multipart upload needs a metadata part and a media part", "invalid");
      const meta = JSON.parse(metaPart.data.toString("utf8")) as ObjectResource;
      const name = meta.name ?? url.searchParams.get("name");
      if (!name) return gcsError(res, 400, "Required parameter: name", "required");
      const contentType = meta.contentType ?? dataPart.contentType ?? "application/octet-stream";
      return store(res, req, { bucket, name, contentType, metadata: meta.metadata ?? {}, declared: { md5: meta.md5Hash, crc32c: meta.crc32c } }, dataPart.data);
    }
    if (type === "resumable") {
      const meta = (body.length ? JSON.parse(body.toString("utf8")) : {}) as ObjectResource;
      const name = url.searchParams.get("name") ?? meta.name;
      if (!name) return gcsError(res, 400, "Required parameter: name", "required");
      const id = randomUUID();
      const contentType = String(req.headers["x-upload-content-type"] ?? meta.contentType ?? "application/octet-stream");
      sessions.set(id, { bucket, name, contentType, metadata: meta.metadata ?? {}, declared: { md5: meta.md5Hash, crc32c: meta.crc32c }, received: Buffer.alloc(0) });
      res.writeHead(200, { location: `${origin}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&upload_id=${id}`, "content-length": 0 });
      return void res.end();
    }
    gcsError(res, 400, `Unsupported uploadType ${type}`, "invalid");
  }

  async function continueUpload(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const session = sessions.get(id);
    if (!session) return gcsError(res, 404, "No such upload session", "notFound");
    const body = await readBody(req);
    const range = /^bytes (\*|(\d+)-(\d+|\*))\/(\d+|\*)$/.exec(String(req.headers["content-range"] ?? "bytes */*"));
    if (!range) return gcsError(res, 400, "Malformed Content-Range", "invalid");
    const [, , startText, endText, totalText] = range;
    if (startText !== undefined) {
      const start = Number(startText);
      if (start > session.received.length) return gcsError(res, 400, "Upload resumed past the received bytes", "invalid");
      session.received = Buffer.concat([session.received.subarray(0, start), body]);
    }
    const total = totalText === "*" ? undefined : Number(totalText);
    // "bytes N-*/…" sends the rest of the object in this one request.
    const complete = total !== undefined ? session.received.length >= total : endText === "*";
    if (!complete) {
      const headers: Record<string, string | number> = { "content-length": 0 };
      if (session.received.length > 0) headers.range = `bytes=0-${session.received.length - 1}`;
      res.writeHead(308, headers);
      return void res.end();
    }
    sessions.delete(id);
    store(res, req, session, total !== undefined ? session.received.subarray(0, total) : session.received);
  }

  async function objectRequest(req: IncomingMessage, res: ServerResponse, bucket: string, name: string, url: URL): Promise<void> {
    const object = objects.get(keyOf(bucket, name));
    if (!object) return gcsError(res, 404, `No such object: ${bucket}/${name}`, "notFound");
    if (req.method === "DELETE") {
      objects.delete(keyOf(bucket, name));
      res.writeHead(204);
      return void res.end();
    }
    if (req.method === "PATCH") {
      const patch = JSON.parse((await readBody(req)).toString("utf8") || "{}") as { contentType?: string; cacheControl?: string; metadata?: Record<string, string | null> };
      if (patch.contentType) object.contentType = patch.contentType;
      if (patch.cacheControl) object.cacheControl = patch.cacheControl;
      for (const [key, value] of Object.entries(patch.metadata ?? {})) {
        if (value === null) delete object.metadata[key];
        else object.metadata[key] = value;
      }
      object.metageneration++;
      object.updated = new Date();
      return sendJson(res, 200, resource(object));
    }
    if (url.searchParams.get("alt") === "media") return sendMedia(res, object);
    sendJson(res, 200, resource(object));
  }

  function sendMedia(res: ServerResponse, object: StoredObject): void {
    sendBytes(res, 200, object.bytes, object.contentType, {
      "x-goog-hash": `crc32c=${object.crc32c},md5=${object.md5}`,
      "x-goog-generation": String(object.generation),
      "x-goog-stored-content-length": String(object.bytes.length),
    });
  }

  function list(res: ServerResponse, bucket: string, url: URL): void {
    const prefix = url.searchParams.get("prefix") ?? "";
    const delimiter = url.searchParams.get("delimiter");
    const max = Number(url.searchParams.get("maxResults") ?? 1000);
    const after = url.searchParams.get("pageToken") ?? "";
    const names = [...objects.values()]
      .filter((o) => o.bucket === bucket && o.name.startsWith(prefix) && o.name > after)
      .sort((a, b) => a.name.localeCompare(b.name));
    const items: StoredObject[] = [];
    const prefixes = new Set<string>();
    let nextPageToken: string | undefined;
    for (const object of names) {
      if (items.length + prefixes.size >= max) {
        nextPageToken = items.at(-1)?.name;
        break;
      }
      const rest = object.name.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      if (delimiter && cut >= 0) prefixes.add(prefix + rest.slice(0, cut + delimiter.length));
      else items.push(object);
    }
    sendJson(res, 200, { kind: "storage#objects", items: items.map(resource), ...(prefixes.size ? { prefixes: [...prefixes] } : {}), ...(nextPageToken ? { nextPageToken } : {}) });
  }

  /** A V4 signed-URL read: the signature must be well formed and the URL inside its validity window. */
  function signedRead(res: ServerResponse, bucket: string, name: string, url: URL): void {
    const q = (key: string) => url.searchParams.get(key) ?? "";
    if (q("X-Goog-Algorithm") !== "GOOG4-RSA-SHA256" && q("X-Goog-Algorithm") !== "GOOG4-HMAC-SHA256") {
      return xmlError(res, 400, "InvalidArgument", "Unsupported X-Goog-Algorithm");
    }
    const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(q("X-Goog-Date"));
    const expires = Number(q("X-Goog-Expires"));
    if (!date || !Number.isInteger(expires) || expires < 1 || expires > MAX_SIGNED_SECONDS) {
      return xmlError(res, 400, "AuthorizationQueryParametersError", "X-Goog-Date or X-Goog-Expires is malformed");
    }
    if (!/^[^/]+\/\d{8}\/[^/]+\/storage\/goog4_request$/.test(q("X-Goog-Credential")) || !/^[0-9a-f]{64,}$/.test(q("X-Goog-Signature"))) {
      return xmlError(res, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
    }
    const signedAt = Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6]);
    if (Date.now() > signedAt + expires * 1000) return xmlError(res, 400, "ExpiredToken", "Invalid argument: the signed URL has expired.");
    if (signedAt > Date.now() + 60_000) return xmlError(res, 400, "InvalidArgument", "The signed URL is not valid yet.");
    const object = objects.get(keyOf(bucket, name));
    if (!object) return xmlError(res, 404, "NoSuchKey", "The specified key does not exist.");
    sendMedia(res, object);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    const path = url.pathname;
    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(path);
    if (upload && req.method === "POST") return startUpload(req, res, decodeURIComponent(upload[1]), url);
    if (upload && req.method === "PUT" && url.searchParams.get("upload_id")) return continueUpload(req, res, url.searchParams.get("upload_id")!);
    const object = /^\/(?:download\/)?storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(path);
    if (object) return objectRequest(req, res, decodeURIComponent(object[1]), decodeURIComponent(object[2]), url);
    const listing = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(path);
    if (listing && req.method === "GET") return list(res, decodeURIComponent(listing[1]), url);
    const bucket = /^\/storage\/v1\/b\/([^/]+)$/.exec(path);
    if (bucket && req.method === "GET") return sendJson(res, 200, { kind: "storage#bucket", id: bucket[1], name: bucket[1], location: "US", storageClass: "STANDARD" });
    const signed = /^\/([^/]+)\/(.+)$/.exec(path);
    if (signed && req.method === "GET" && url.searchParams.has("X-Goog-Signature")) {
      return signedRead(res, decodeURIComponent(signed[1]), decodeURIComponent(signed[2]), url);
    }
    gcsError(res, 404, `Not found: ${req.method} ${path}`, "notFound");
  }

  const server = await startHttpServer(handle, { port: options.port });
  origin = server.url;
  return { url: server.url, close: server.close };
}

function parseGoogHash(header: string | string[] | undefined): { md5?: string; crc32c?: string } {
  const result: { md5?: string; crc32c?: string } = {};
  for (const entry of String(header ?? "").split(",")) {
    const at = entry.indexOf("=");
    if (at < 0) continue;
    const key = entry.slice(0, at).trim();
    if (key === "md5" || key === "crc32c") result[key] = entry.slice(at + 1).trim();
  }
  return result;
}

/** The parts of a multipart/related body (metadata JSON, then the media). */
function parseRelated(body: Buffer, contentType: string | undefined): Array<{ contentType?: string; data: Buffer }> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? "");
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: Array<{ contentType?: string; data: Buffer }> = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const from = start + delimiter.length;
    if (body.subarray(from, from + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, from);
    if (next === -1) break;
    const part = body.subarray(from + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, headerEnd).toString("utf8");
    parts.push({ contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim(), data: Buffer.from(part.subarray(headerEnd + 4)) });
    start = next;
  }
  return parts;
}

function gcsError(res: ServerResponse, code: number, message: string, reason: string): void {
  sendJson(res, code, { error: { code, message, errors: [{ message, domain: "global", reason }] } });
}

function xmlError(res: ServerResponse, status: number, code: string, message: string): void {
  sendBytes(res, status, `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`, "application/xml; charset=UTF-8");
}
