/**
 * A webhook sink for tests, the demo and benchmarks: records every delivery (raw body and
 * headers, as a verifier needs them) and lets callers wait for a number of them.
 */
import { readBody, sendJson, startHttpServer } from "../shared/http";

export interface ReceivedWebhook {
  path: string;
  headers: Headers;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  deliveries: ReceivedWebhook[];
  /** Resolves with the deliveries once there are at least `count`, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const deliveries: ReceivedWebhook[] = [];
  const listeners = new Set<() => void>();
  const server = await startHttpServer(async (req, res) => {
    const body = (await readBody(req)).toString("utf8");
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    deliveries.push({ path: req.url ?? "/", headers, body });
    for (const listener of listeners) listener();
    sendJson(res, 200, { ok: true });
  });
  return {
    url: server.url,
    deliveries,
    waitFor(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (deliveries.length < count) return;
          cleanup();
          resolve(deliveries.slice());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} webhook deliveries, got ${deliveries.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    close: server.close,
  };
}
