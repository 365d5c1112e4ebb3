/**
 * Chaos, by command. Short form (the CI test's size): 12 products, one worker SIGKILL, one Redis
 * and one PostgreSQL restart (the run's own servers), provider faults without hangs. Full form
 * (`--full`): 200 products, five worker SIGKILLs, two Redis and two PostgreSQL restarts at random
 * moments, every provider fault including 5% hangs, 20 minutes to settle. Prints lost_jobs,
 * double_charges, duplicate_media, invalid_published and unbalanced_ledger (all must be 0) and
 * exits 1 when any is not.
 *
 *   npx tsx bench/chaos.ts [--full] [--seed 3]
 */
import { parseArgs } from "node:util";
import { PROVIDER_CHAOS, PROVIDER_CHAOS_NO_HANGS, runChaos } from "./lib/chaos";
import { report } from "./lib/report";

const { values } = parseArgs({ options: { full: { type: "boolean", default: false }, seed: { type: "string", default: "3" } } });
const { figures, workerKills, redisRestarts, postgresRestarts, workerExits } = await runChaos({
  products: values.full ? 200 : 12,
  workerKills: values.full ? 5 : 1,
  redisRestarts: values.full ? 2 : 1,
  postgresRestarts: values.full ? 2 : 1,
  providerFaults: values.full ? PROVIDER_CHAOS : PROVIDER_CHAOS_NO_HANGS,
  seed: Number(values.seed),
  timeoutMs: (values.full ? 20 : 3) * 60_000,
  log: (line) => console.error(`  ${line}`),
});
console.log(`worker_kills: ${workerKills}`);
console.log(`redis_restarts: ${redisRestarts}`);
console.log(`postgres_restarts: ${postgresRestarts}`);
console.log(`worker_exits: ${workerExits}`);
for (const [name, value] of Object.entries(figures)) await report(`chaos_${name}`, value);
for (const [name, value] of Object.entries(figures)) console.log(`${name}: ${value}`);
process.exit(Object.values(figures).every((v) => v === 0) ? 0 : 1);
