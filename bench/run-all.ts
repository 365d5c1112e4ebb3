/**
 * `npm run bench`: every benchmark, one after another, each in its own process (exactly as it runs
 * alone), into a fresh bench/results/latest.json. Benchmarks owned elsewhere (throttle, ui-products,
 * bulk-catalog) run when present.
 *
 *   npm run bench [-- --products 1000 --webhooks 1000]
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { LATEST_RESULTS } from "./lib/report";

const { values } = parseArgs({ options: { products: { type: "string", default: "1000" }, webhooks: { type: "string", default: "1000" } } });
const here = path.dirname(new URL(import.meta.url).pathname);
const tsx = path.resolve(here, "../node_modules/.bin/tsx");

/** `nodeFlags`: run with node and the tsx loader instead of the tsx binary (benches that need e.g. --expose-gc). */
const BENCHES: Array<{ file: string; args: string[]; nodeFlags?: string[] }> = [
  { file: "bulk-makespan.ts", args: ["--products", values.products] },
  { file: "overhead.ts", args: [] },
  { file: "webhook-burst.ts", args: ["--webhooks", values.webhooks] },
  { file: "worker-memory.ts", args: ["--products", values.products] },
  { file: "throttle.ts", args: [] },
  { file: "ui-products.ts", args: [] },
  { file: "bulk-catalog.ts", args: [], nodeFlags: ["--expose-gc"] },
];

function run(bench: (typeof BENCHES)[number]): Promise<number> {
  const script = path.join(here, bench.file);
  const [command, argv] = bench.nodeFlags ? [process.execPath, [...bench.nodeFlags, "--import", "tsx", script, ...bench.args]] : [tsx, [script, ...bench.args]];
  return new Promise((resolve) => {
    const child = spawn(command, argv, { stdio: "inherit" });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

await rm(LATEST_RESULTS, { force: true });
const failed: string[] = [];
for (const bench of BENCHES) {
  if (!existsSync(path.join(here, bench.file))) {
    console.log(`-- ${bench.file}: not present, skipped`);
    continue;
  }
  console.log(`-- ${bench.file} ${bench.args.join(" ")}`);
  const started = Date.now();
  const code = await run(bench);
  console.log(`-- ${bench.file}: exit ${code} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (code !== 0) failed.push(bench.file);
}
const latest = JSON.parse(await readFile(LATEST_RESULTS, "utf8").catch(() => "{}")) as Record<string, unknown>;
console.log("\nfigures (bench/results/latest.json):");
for (const [name, value] of Object.entries(latest)) if (name !== "notes") console.log(`  ${name}: ${String(value)}`);
if (failed.length) {
  console.error(`failed: ${failed.join(", ")}`);
  process.exit(1);
}
