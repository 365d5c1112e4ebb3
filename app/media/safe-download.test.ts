import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DownloadError, isBlockedAddress, safeDownload } from "./safe-download";

describe("safe download", () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/ok") return res.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(1000, 1));
      if (req.url === "/big") {
        res.writeHead(200); // no content-length: the cap must hold while streaming
        const timer = setInterval(() => res.write(Buffer.alloc(64 * 1024)), 1);
        res.on("close", () => clearInterval(timer));
        return;
      }
      if (req.url === "/hang") return; // never answers
      if (req.url === "/to-metadata") return res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      if (req.url === "/to-ok") return res.writeHead(302, { location: "/ok" }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

  const code = (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (e instanceof DownloadError ? e.code : String(e)));

  it("refuses loopback, private and metadata addresses unless the origin is allowlisted", async () => {
    expect(await code(safeDownload(`${origin}/ok`))).toBe("blocked_url");
    expect(await code(safeDownload(`http://localhost:${new URL(origin).port}/ok`))).toBe("blocked_url");
    expect(await code(safeDownload("http://169.254.169.254/latest/meta-data/"))).toBe("blocked_url");
    expect(await code(safeDownload("http://[::1]/x"))).toBe("blocked_url");
    const got = await safeDownload(`${origin}/ok`, { allowOrigins: [origin] });
    expect(got.bytes.length).toBe(1000);
    expect(got.contentType).toBe("image/png");
  });

  it("re-checks redirects: an allowlisted origin cannot bounce the app to the metadata service", async () => {
    expect(await code(safeDownload(`${origin}/to-metadata`, { allowOrigins: [origin], timeoutMs: 3000 }))).toBe("blocked_url");
    expect((await safeDownload(`${origin}/to-ok`, { allowOrigins: [origin] })).bytes.length).toBe(1000);
  });

  it("caps size while streaming and bounds time", async () => {
    expect(await code(safeDownload(`${origin}/big`, { allowOrigins: [origin], maxBytes: 1024 * 1024 }))).toBe("too_large");
    const started = Date.now();
    expect(await code(safeDownload(`${origin}/hang`, { allowOrigins: [origin], timeoutMs: 300 }))).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("accepts data: URLs within the cap and refuses other schemes", async () => {
    const got = await safeDownload(`data:image/png;base64,${Buffer.from("hello").toString("base64")}`);
    expect(got.bytes.toString()).toBe("hello");
    expect(got.contentType).toBe("image/png");
    expect(await code(safeDownload(`data:image/png;base64,${Buffer.alloc(4096).toString("base64")}`, { maxBytes: 1024 }))).toBe("too_large");
    expect(await code(safeDownload("file:///etc/passwd"))).toBe("blocked_url");
    expect(await code(safeDownload("ftp://example.com/x"))).toBe("blocked_url");
  });

  it("classifies addresses", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1"]) {
      expect(isBlockedAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "34.120.1.1", "2606:4700::1111"]) expect(isBlockedAddress(a), a).toBe(false);
  });
});
