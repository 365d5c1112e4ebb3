/**
 * How every benchmark reports a figure: one `name: value unit` line on stdout, and the value merged
 * into bench/results/latest.json under the same name (read-modify-write: benches run one at a time).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const resultsDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../results");
export const LATEST_RESULTS = path.join(resultsDir, "latest.json");

export async function report(name: string, value: number, unit = ""): Promise<void> {
  const rounded = Number.isInteger(value) ? value : Number(value.toFixed(3));
  console.log(`${name}: ${rounded}${unit ? ` ${unit}` : ""}`);
  await mkdir(resultsDir, { recursive: true });
  const current = JSON.parse(await readFile(LATEST_RESULTS, "utf8").catch(() => "{}")) as Record<string, unknown>;
  current[name] = rounded;
  await writeFile(LATEST_RESULTS, `${JSON.stringify(current, null, 2)}\n`);
}

/** Context for a run (what was measured and how), kept next to the figures. */
export async function reportNote(bench: string, note: Record<string, unknown>): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  const current = JSON.parse(await readFile(LATEST_RESULTS, "utf8").catch(() => "{}")) as Record<string, unknown>;
  const notes = (current.notes ?? {}) as Record<string, unknown>;
  notes[bench] = { ...note, at: new Date().toISOString() };
  current.notes = notes;
  await writeFile(LATEST_RESULTS, `${JSON.stringify(current, null, 2)}\n`);
}
