/**
 * Every state change of a generation happens under a row lock (SELECT … FOR UPDATE), so a webhook
 * and a poll finishing the same attempt at the same moment, or a cancel racing a completion,
 * are serialised: the second one sees the state the first one left and does nothing.
 */
import type { Generation, Prisma } from "@prisma/client";
import type { Db } from "../db.server";

export type Tx = Prisma.TransactionClient;

const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

export async function withGenerationLock<T>(
  db: Db,
  generationId: string,
  work: (tx: Tx, generation: Generation) => Promise<T>,
): Promise<T | undefined> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM "Generation" WHERE id = ${generationId} FOR UPDATE`;
    if (!rows.length) return undefined;
    const generation = await tx.generation.findUniqueOrThrow({ where: { id: generationId } });
    return work(tx, generation);
  }, TX_OPTIONS);
}
