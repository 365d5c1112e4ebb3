/**
 * Throttle-aware Admin GraphQL client for one shop. Before sending, it reserves the operation's
 * expected cost in the shop's shared bucket (cost-bucket.server.ts) and waits when the bucket
 * would not cover it: pacing, not failing. If Shopify still answers THROTTLED (another app
 * instance, a wrong estimate) or 429/5xx, it backs off and retries a bounded number of times.
 * Every call has a timeout. Operations are the codegen-typed `#graphql` strings in operations/.
 */
import type { AdminMutations, AdminQueries } from "@shopify/admin-api-client";
import type { Logger } from "../logger.server";
import type { CostBucket, ThrottleStatus } from "./cost-bucket.server";
import { ShopifyApiError } from "./errors";

type Operations = AdminQueries & AdminMutations;
export type OperationVariables<Q extends string> = Q extends keyof Operations ? Operations[Q]["variables"] : Record<string, unknown>;
export type OperationData<Q extends string> = Q extends keyof Operations ? Operations[Q]["return"] : unknown;

export interface RequestOptions<Q extends string> {
  variables?: OperationVariables<Q>;
  signal?: AbortSignal;
  /** Points to reserve before the first send; later sends use what Shopify reported last time. */
  expectedCost?: number;
  /**
   * A mutation that is not idempotent (fileCreate) must not be re-sent after an answer that may
   * have been lost: the caller reconciles instead. Queries are always retried.
   */
  retryWhenOutcomeUnknown?: boolean;
}

export interface AdminGraphql {
  readonly shop: string;
  request<Q extends string>(operation: Q, options?: RequestOptions<Q>): Promise<OperationData<Q>>;
}

export interface GraphqlClientConfig {
  shop: string;
  accessToken: string;
  apiVersion: string;
  bucket: CostBucket;
  log: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxAttempts?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface CostExtension {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus;
}

interface GraphqlResponseBody {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
  extensions?: { cost?: CostExtension };
}

const DEFAULT_COST = 10;
const MAX_BACKOFF_MS = 8_000;
/** Last requested cost per operation name, so the next reservation matches what Shopify charges. */
const learnedCost = new Map<string, number>();

export function operationName(operation: string): string {
  return /\b(?:query|mutation)\s+([A-Za-z0-9_]+)/.exec(operation)?.[1] ?? "anonymous";
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function backoffMs(attempt: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

export class ShopifyGraphqlClient implements AdminGraphql {
  readonly shop: string;
  private readonly endpoint: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly config: GraphqlClientConfig) {
    this.shop = config.shop;
    this.endpoint = `https://${config.shop}/admin/api/${config.apiVersion}/graphql.json`;
    this.fetchImpl = config.fetch ?? fetch;
    this.timeoutMs = config.timeoutMs ?? 20_000;
    this.maxAttempts = config.maxAttempts ?? 8;
    this.sleep = config.sleep ?? abortableSleep;
  }

  async request<Q extends string>(operation: Q, options: RequestOptions<Q> = {}): Promise<OperationData<Q>> {
    const name = operationName(operation);
    const isMutation = /^\s*(#graphql\s*)?mutation\b/.test(operation);
    const retryUnknown = !isMutation || options.retryWhenOutcomeUnknown !== false;
    const log = this.config.log.child({ shop: this.shop, operation: name });
    let lastError: ShopifyApiError | undefined;

    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      // Reserve what Shopify will ask for up front (its requested cost, learned per operation).
      let cost: number;
      let wait: number;
      for (;;) {
        cost = learnedCost.get(name) ?? options.expectedCost ?? DEFAULT_COST;
        wait = await this.config.bucket.reserve(cost);
        if (wait >= 0) break;
        await this.sleep(-wait, options.signal);
      }
      if (wait > 0) await this.sleep(wait, options.signal);

      let response: Response;
      try {
        response = await this.fetchImpl(this.endpoint, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            "X-Shopify-Access-Token": this.config.accessToken,
          },
          body: JSON.stringify({ query: operation, variables: options.variables ?? {} }),
          signal: options.signal
            ? AbortSignal.any([options.signal, AbortSignal.timeout(this.timeoutMs)])
            : AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        await this.config.bucket.settle(cost, undefined);
        if (options.signal?.aborted) throw options.signal.reason;
        lastError = new ShopifyApiError("unavailable", `Shopify request ${name} failed: ${(error as Error).name}`, true);
        if (!retryUnknown) throw lastError;
        log.warn({ attempt, err: (error as Error).message }, "shopify request failed; retrying");
        await this.sleep(backoffMs(attempt), options.signal);
        continue;
      }

      if (response.status === 429 || response.status >= 500) {
        await response.body?.cancel();
        await this.config.bucket.settle(cost, undefined);
        lastError = new ShopifyApiError(
          response.status === 429 ? "throttled" : "unavailable",
          `Shopify answered HTTP ${response.status} to ${name}`,
          true,
        );
        if (response.status >= 500 && !retryUnknown) throw lastError;
        const retryAfter = Number(response.headers.get("Retry-After"));
        await this.sleep(retryAfter > 0 ? retryAfter * 1000 : backoffMs(attempt), options.signal);
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        await this.config.bucket.settle(cost, undefined);
        throw new ShopifyApiError("unauthorized", `Shopify answered HTTP ${response.status} to ${name}`, false);
      }
      if (!response.ok) {
        await response.body?.cancel();
        await this.config.bucket.settle(cost, undefined);
        throw new ShopifyApiError("graphql", `Shopify answered HTTP ${response.status} to ${name}`, false);
      }

      const body = (await response.json()) as GraphqlResponseBody;
      const costInfo = body.extensions?.cost;
      if (costInfo?.requestedQueryCost !== undefined) learnedCost.set(name, costInfo.requestedQueryCost);

      if (body.errors?.some((e) => e.extensions?.code === "THROTTLED")) {
        // Not charged: give the reservation back and wait until the bucket covers the request.
        await this.config.bucket.settle(cost, costInfo?.throttleStatus);
        lastError = new ShopifyApiError("throttled", `Shopify throttled ${name}`, true);
        log.info({ attempt, requested: costInfo?.requestedQueryCost }, "shopify throttled; pacing down");
        const status = costInfo?.throttleStatus;
        const needed = (costInfo?.requestedQueryCost ?? cost) - (status?.currentlyAvailable ?? 0);
        await this.sleep(status ? Math.max(100, Math.ceil((needed * 1000) / status.restoreRate)) : backoffMs(attempt), options.signal);
        continue;
      }

      await this.config.bucket.settle(cost - (costInfo?.actualQueryCost ?? cost), costInfo?.throttleStatus);
      if (body.errors?.length) {
        throw new ShopifyApiError(
          "graphql",
          `Shopify rejected ${name}: ${body.errors.map((e) => e.message).join("; ")}`,
          false,
          body.errors,
        );
      }
      return body.data as OperationData<Q>;
    }
    throw lastError ?? new ShopifyApiError("unavailable", `Shopify request ${name} did not succeed`, true);
  }
}
