/**
 * SSRF through the one module that fetches URLs the app did not build (provider outputs, product
 * images): loopback in every spelling, cloud metadata, private and CGNAT ranges, non-HTTP schemes,
 * credentials in URLs, and redirects from an allowed origin to any of those. A canary server on
 * loopback counts the connections that got through: it must see none.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { safeDownload } from "../../app/media/safe-download";
import { fromThrown, hostileSuite, reportHostileTally, type HostileCase } from "./support/hostile";

let canary: Server;
let canaryPort = 0;
let canaryHits = 0;
/** Stands in for an allowlisted provider origin that turns hostile: redirects wherever it is told. */
let redirector: Server;
let redirectorOrigin = "";

const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));

beforeAll(async () => {
  canary = createServer((_req, res) => {
    canaryHits += 1;
    res.end("internal secret");
  });
  canaryPort = await listen(canary);
  redirector = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/loop") return res.writeHead(302, { location: "/loop" }).end();
    if (url.pathname === "/endless") {
      res.writeHead(200, { "content-type": "image/png" });
      const chunk = Buffer.alloc(64 * 1024);
      const pump = () => { while (res.write(chunk)); };
      res.on("drain", pump);
      return pump();
    }
    if (url.pathname === "/hang") return; // never answers
    res.writeHead(302, { location: url.searchParams.get("to") ?? "/" }).end();
  });
  redirectorOrigin = `http://127.0.0.1:${await listen(redirector)}`;
});
afterAll(async () => {
  canary?.closeAllConnections();
  redirector?.closeAllConnections();
  await Promise.all([canary, redirector].map((s) => new Promise((r) => s?.close(r))));
});
reportHostileTally(import.meta.filename);

const download = (url: () => string, options: { maxBytes?: number; timeoutMs?: number } = {}) => () =>
  fromThrown(() => safeDownload(url(), { allowOrigins: [redirectorOrigin], timeoutMs: options.timeoutMs ?? 3_000, maxBytes: options.maxBytes }));
const via = (target: () => string) => () => `${redirectorOrigin}/r?to=${encodeURIComponent(target())}`;

const BLOCKED: Array<[string, () => string]> = [
  ["loopback 127.0.0.1", () => `http://127.0.0.1:${canaryPort}/`],
  ["localhost (resolves to loopback)", () => `http://localhost:${canaryPort}/`],
  ["IPv6 loopback [::1]", () => `http://[::1]:${canaryPort}/`],
  ["IPv4-mapped IPv6 loopback", () => `http://[::ffff:127.0.0.1]:${canaryPort}/`],
  ["0.0.0.0", () => `http://0.0.0.0:${canaryPort}/`],
  ["decimal IP 2130706433", () => `http://2130706433:${canaryPort}/`],
  ["hex IP 0x7f000001", () => `http://0x7f000001:${canaryPort}/`],
  ["octal IP 0177.0.0.1", () => `http://0177.0.0.1:${canaryPort}/`],
  ["short IP 127.1", () => `http://127.1:${canaryPort}/`],
  ["cloud metadata 169.254.169.254", () => "http://169.254.169.254/latest/meta-data/iam/security-credentials/"],
  ["IPv6 link-local metadata [fe80::a9fe:a9fe]", () => "http://[fe80::a9fe:a9fe]/"],
  ["private 10.0.0.1", () => "http://10.0.0.1/"],
  ["private 172.16.5.4", () => "http://172.16.5.4/"],
  ["private 192.168.0.1", () => "http://192.168.0.1/admin"],
  ["CGNAT 100.64.0.1", () => "http://100.64.0.1/"],
  ["IPv6 unique-local [fd00::1]", () => "http://[fd00::1]/"],
  ["file:///etc/passwd", () => "file:///etc/passwd"],
  ["gopher:// to Redis", () => `gopher://127.0.0.1:6379/_FLUSHALL`],
  ["ftp://", () => "ftp://127.0.0.1/pub"],
  ["javascript:", () => "javascript:alert(1)"],
  ["credentials in the URL", () => `http://admin:admin@127.0.0.1:${canaryPort}/`],
  ["not a URL", () => "http//missing-colon"],
  ["redirect to loopback", via(() => `http://127.0.0.1:${canaryPort}/`)],
  ["redirect to localhost", via(() => `http://localhost:${canaryPort}/`)],
  ["redirect to cloud metadata", via(() => "http://169.254.169.254/latest/meta-data/")],
  ["redirect to file://", via(() => "file:///etc/passwd")],
  ["redirect to a data: URL", via(() => "data:image/png;base64,iVBORw0KGgo=")],
  ["redirect to gopher://", via(() => "gopher://127.0.0.1:6379/_INFO")],
];

const cases: HostileCase[] = [
  ...BLOCKED.map(([name, url]): HostileCase => ({ name, status: "blocked_url", message: /refus|not allowed|not a valid|malformed/i, attack: download(url) })),
  { name: "redirect loop on an allowed origin", status: "http_error", message: /too many redirects/i, attack: download(() => `${redirectorOrigin}/loop`) },
  { name: "endless body from an allowed origin", status: "too_large", attack: download(() => `${redirectorOrigin}/endless`, { maxBytes: 1024 * 1024 }) },
  { name: "allowed origin that never answers", status: "timeout", attack: download(() => `${redirectorOrigin}/hang`, { timeoutMs: 300 }) },
  { name: "data: URL above the size cap", status: "too_large", attack: download(() => `data:image/png;base64,${Buffer.alloc(2 * 1024 * 1024).toString("base64")}`, { maxBytes: 1024 * 1024 }) },
];

hostileSuite("SSRF through safe downloads", cases, { sideEffects: async () => ({ canaryHits }) });

it("control: the canary does count a connection it is allowed to receive", async () => {
  const before = canaryHits;
  const origin = `http://127.0.0.1:${canaryPort}`;
  await safeDownload(`${origin}/`, { allowOrigins: [origin], timeoutMs: 3_000 });
  expect(canaryHits).toBe(before + 1);
});
