/**
 * One whole Glint stack per e2e file: private database and Redis prefix, simulators, app server
 * and worker, seeded demo shop. Torn down (and the database dropped) afterwards.
 */
import { inject } from "vitest";
import { startStack, type Stack, type StackOptions } from "../../../scripts/stack";
import { createTestDatabase } from "../../support/database";
import { deletePrefix, testPrefix } from "../../support/harness";

export async function startTestStack(options: Partial<StackOptions> = {}): Promise<Stack & { teardown(): Promise<void> }> {
  const database = await createTestDatabase(inject("dbTemplate"));
  const prefix = testPrefix();
  const lines: string[] = [];
  let stack: Stack;
  try {
    stack = await startStack({
      databaseUrl: database.url,
      redisPrefix: prefix,
      logLevel: "warn",
      storageDir: `.glint/test-storage/${database.name}`,
      onOutput: (source, line) => {
        lines.push(`[${source}] ${line}`);
        if (process.env.E2E_VERBOSE) console.log(`[${source}] ${line}`);
      },
      ...options,
    });
  } catch (error) {
    await database.drop();
    throw new Error(`stack did not start: ${(error as Error).message}\n${lines.slice(-40).join("\n")}`, { cause: error });
  }
  return {
    ...stack,
    async teardown() {
      await stack.stop();
      await database.drop();
      await deletePrefix(prefix);
    },
  };
}
