/**
 * Chaos, short form for CI: a 12-product bulk run with auto-publish while the worker is SIGKILLed
 * once and restarted, and the run's own Redis and PostgreSQL (private servers on free ports, not
 * the machine's shared ones) are each restarted once, under provider faults (20% 5xx, 2%
 * blank/corrupt outputs, 30% lost and 20% duplicated webhooks; hangs only in the full form,
 * `npx tsx bench/chaos.ts --full`). Afterwards nothing is lost, charged twice, published twice or
 * published invalid, and the ledger balances.
 */
import { expect, it } from "vitest";
import { PROVIDER_CHAOS_NO_HANGS, runChaos } from "../../bench/lib/chaos";

it("a bulk run survives a worker SIGKILL, Redis and PostgreSQL restarts and provider faults", async () => {
  const lines: string[] = [];
  const { figures, workerKills, redisRestarts, postgresRestarts } = await runChaos({ products: 12, workerKills: 1, redisRestarts: 1, postgresRestarts: 1, providerFaults: PROVIDER_CHAOS_NO_HANGS, seed: 3, timeoutMs: 150_000, log: (line) => lines.push(line) });
  for (const [name, value] of Object.entries(figures)) console.log(`${name}: ${value}`);
  expect(workerKills, "the worker was killed while work was in flight").toBe(1);
  expect({ redisRestarts, postgresRestarts }, "Redis and PostgreSQL restarted while work was in flight").toEqual({ redisRestarts: 1, postgresRestarts: 1 });
  expect(figures, lines.slice(-20).join("\n")).toEqual({ lost_jobs: 0, double_charges: 0, duplicate_media: 0, invalid_published: 0, unbalanced_ledger: 0 });
}, 300_000);
