/**
 * Table-driven hostile cases. Each case performs one attack and must end in a clear rejection
 * (the expected status or error code, a short message without internals) and no side effect (the
 * snapshot taken before equals the one taken after). Every case is tallied: a case whose
 * assertions fail counts as a breach. Each file writes its tally to bench/results/, and the sum
 * over every security file is written to bench/results/security.json and printed as
 * `hostile_cases: N` / `breaches: M`.
 */
import { readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** What the attacker got back: an HTTP answer, or the error a module threw. */
export interface Rejection {
  /** HTTP status, or the error's code for modules that throw. */
  status: number | string;
  /** What the caller is told (JSON error message, response text or error message). */
  message: string;
  headers?: Headers;
}

export interface HostileCase {
  name: string;
  /** Legitimate traffic the attack builds on (e.g. the genuine delivery a replay copies); runs before the snapshot. */
  setup?: () => Promise<void>;
  attack: () => Promise<Rejection>;
  /** Expected status or code. */
  status: number | string;
  /** The message must match (merchant-readable wording); omit for machine-facing answers (webhooks, auth). */
  message?: RegExp;
  /** Further checks on the rejection (headers, details). */
  check?: (rejection: Rejection) => void | Promise<void>;
  /** Hostile-looking but legitimate input (unicode titles) that must be accepted: `check` verifies what it changed. */
  acceptedWithChanges?: boolean;
}

export interface HostileSuiteOptions {
  /** Everything an attack must not change (rows, jobs, files); compared before and after each case. */
  sideEffects: () => Promise<unknown>;
}

/** Signs of internals leaking into an answer: stack frames, source paths, driver errors. */
const LEAK = /\n\s+at |\bat [\w.<>]+ \(|\.(ts|js|mjs):\d+|node_modules|prisma|PrismaClient|ECONNREFUSED|\[object Object\]|undefined|SELECT |INSERT /i;

const results = { cases: 0, breaches: 0, failed: [] as string[] };
/** Cases started but not yet passed: a case that times out is never caught, so it counts as a breach here. */
const unfinished = new Set<string>();
const resultsDir = path.resolve("bench/results");
const securityDir = path.resolve("tests/security");

export function hostileSuite(label: string, cases: HostileCase[], options: HostileSuiteOptions): void {
  describe(label, () => {
    for (const hostile of cases) {
      it(hostile.name, async () => {
        results.cases += 1;
        unfinished.add(hostile.name);
        try {
          await hostile.setup?.();
          const before = await options.sideEffects();
          const rejection = await hostile.attack();
          expect(rejection.status, `${hostile.name}: answered ${rejection.status} "${rejection.message}"`).toBe(hostile.status);
          // Refusals are judged on their wording; accepted answers (filtered lists) on their content.
          if (typeof rejection.status === "string" || rejection.status >= 300) {
            expect(rejection.message.length, "the message stays short").toBeLessThanOrEqual(400);
            expect(rejection.message, "no internals in the answer").not.toMatch(LEAK);
          }
          if (hostile.message) expect(rejection.message).toMatch(hostile.message);
          await hostile.check?.(rejection);
          if (!hostile.acceptedWithChanges) expect(await options.sideEffects(), "no side effect").toEqual(before);
          unfinished.delete(hostile.name);
        } catch (error) {
          unfinished.delete(hostile.name);
          results.breaches += 1;
          results.failed.push(`${label} › ${hostile.name}`);
          throw error;
        }
      });
    }
  });
}

/** Turns an HTTP response into a Rejection: `{ error: { message } }` JSON or plain text. */
export async function fromResponse(response: Response): Promise<Rejection> {
  const text = await response.text();
  let message = text;
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const found = typeof json.error === "object" ? json.error?.message : (json.error ?? json.message);
    if (typeof found === "string") message = found;
  } catch {
    // plain text
  }
  return { status: response.status, message, headers: response.headers };
}

/** Runs a call that must throw; its error's `code` (or name) becomes the status. */
export async function fromThrown(call: () => Promise<unknown>): Promise<Rejection> {
  try {
    await call();
  } catch (error) {
    const err = error as Error & { code?: string };
    return { status: err.code ?? err.name, message: err.message };
  }
  return { status: "accepted", message: "the call succeeded" };
}

/**
 * Writes this file's tally, then sums the tallies of every security test file present and prints
 * the two summary lines. The last file to finish prints the whole suite's figures.
 */
export function reportHostileTally(file: string): void {
  afterAll(async () => {
    const name = path.basename(file, ".test.ts");
    for (const timedOut of unfinished) {
      results.breaches += 1;
      results.failed.push(`${timedOut} (did not finish)`);
    }
    unfinished.clear();
    await mkdir(resultsDir, { recursive: true });
    await writeFile(path.join(resultsDir, `security-${name}.json`), JSON.stringify({ file: name, ...results }, null, 2));
    const files = (await readdir(securityDir)).filter((f) => f.endsWith(".test.ts")).map((f) => path.basename(f, ".test.ts"));
    const total = { hostile_cases: 0, breaches: 0, files: 0, failed: [] as string[] };
    for (const f of files) {
      const partial = await readFile(path.join(resultsDir, `security-${f}.json`), "utf8").catch(() => undefined);
      if (!partial) continue;
      const tally = JSON.parse(partial) as typeof results;
      total.hostile_cases += tally.cases;
      total.breaches += tally.breaches;
      total.failed.push(...tally.failed);
      total.files += 1;
    }
    await writeFile(path.join(resultsDir, "security.json"), JSON.stringify(total, null, 2));
    console.log(`hostile_cases: ${total.hostile_cases} (${total.files}/${files.length} files)`);
    console.log(`breaches: ${total.breaches}`);
  });
}
