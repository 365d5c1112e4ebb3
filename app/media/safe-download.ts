/**
 * The only way the app fetches a URL it did not build itself (provider outputs, product images).
 * Guards against SSRF: only http(s) and data: URLs; the host is resolved and every address is
 * checked (loopback, private, link-local incl. cloud metadata, CGNAT, multicast, reserved are
 * refused) and the connection goes to the checked address, so DNS rebinding cannot swap it.
 * Origins on an explicit allowlist (the loopback simulators in demo/test) skip the address check.
 * Redirects are followed by hand and re-checked. Size is capped and time bounded while streaming.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";

export class DownloadError extends Error {
  constructor(
    readonly code: "blocked_url" | "too_large" | "timeout" | "http_error" | "network",
    message: string,
  ) {
    super(message);
    this.name = "DownloadError";
  }
}

export interface SafeDownloadOptions {
  /** Exact origins ("http://127.0.0.1:4010") allowed despite resolving to a private address. */
  allowOrigins?: readonly string[];
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  signal?: AbortSignal;
}

export interface Downloaded {
  bytes: Buffer;
  /** As declared by the server (or the data: URL); never trusted for the type, see sniffMedia. */
  contentType?: string;
}

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24],
  ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) BLOCKED.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8],
] as const) BLOCKED.addSubnet(net, prefix, "ipv6");

/** True for any address the app must never connect to on a merchant's or provider's behalf. */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return BLOCKED.check(mapped[1], "ipv4");
    return BLOCKED.check(address, "ipv6");
  }
  return true;
}

/** DNS lookup that refuses blocked addresses; the socket connects to what this returns. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as unknown as LookupAddress[];
    const bad = list.find((a) => isBlockedAddress(a.address));
    if (bad || !list.length) {
      return callback(new DownloadError("blocked_url", `Refusing to fetch from a private or reserved address (${hostname})`), "", 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

export async function safeDownload(rawUrl: string, options: SafeDownloadOptions = {}): Promise<Downloaded> {
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let url = parseUrl(rawUrl);
  if (url.protocol === "data:") return decodeDataUrl(rawUrl, maxBytes);
  for (let redirects = 0; ; redirects++) {
    const response = await open(url, options.allowOrigins ?? [], signal);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (redirects >= (options.maxRedirects ?? 3)) throw new DownloadError("http_error", "Too many redirects");
      url = parseUrl(new URL(response.headers.location, url).toString());
      if (url.protocol === "data:") throw new DownloadError("blocked_url", "Redirect to a data: URL refused");
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new DownloadError("http_error", `Download failed with HTTP ${status}`);
    }
    const declared = Number(response.headers["content-length"]);
    if (declared > maxBytes) {
      response.destroy();
      throw new DownloadError("too_large", `File is larger than ${maxBytes} bytes`);
    }
    return { bytes: await readCapped(response, maxBytes, signal), contentType: response.headers["content-type"] };
  }
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DownloadError("blocked_url", "Not a valid URL");
  }
  if (!["http:", "https:", "data:"].includes(url.protocol)) throw new DownloadError("blocked_url", `URL scheme ${url.protocol} is not allowed`);
  if (url.username || url.password) throw new DownloadError("blocked_url", "URLs with credentials are not allowed");
  return url;
}

function open(url: URL, allowOrigins: readonly string[], signal: AbortSignal): Promise<IncomingMessage> {
  const allowed = allowOrigins.includes(url.origin);
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowed && isIP(literal) && isBlockedAddress(literal)) {
    return Promise.reject(new DownloadError("blocked_url", `Refusing to fetch from a private or reserved address (${literal})`));
  }
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: "GET", signal, lookup: allowed ? undefined : guardedLookup, headers: { accept: "image/*,video/*,*/*" } }, resolve);
    req.on("error", (error) => reject(classify(error, signal)));
    req.end();
  });
}

async function readCapped(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        response.destroy();
        throw new DownloadError("too_large", `File is larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw classify(error, signal);
  }
  return Buffer.concat(chunks);
}

function decodeDataUrl(raw: string, maxBytes: number): Downloaded {
  const match = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(raw);
  if (!match) throw new DownloadError("blocked_url", "Malformed data: URL");
  const base64 = match[2].split(";").includes("base64");
  if ((base64 ? (match[3].length * 3) / 4 : match[3].length) > maxBytes) throw new DownloadError("too_large", `File is larger than ${maxBytes} bytes`);
  const bytes = base64 ? Buffer.from(match[3], "base64") : Buffer.from(decodeURIComponent(match[3]));
  return { bytes, contentType: match[1] || undefined };
}

function classify(error: unknown, signal: AbortSignal): Error {
  if (error instanceof DownloadError) return error;
  if (error instanceof Error && error.cause instanceof DownloadError) return error.cause;
  if (signal.aborted) return new DownloadError("timeout", "Download timed out");
  return new DownloadError("network", `Download failed: ${error instanceof Error ? error.message : String(error)}`);
}
