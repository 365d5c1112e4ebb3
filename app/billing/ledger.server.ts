/**
 * The credit ledger: append-only LedgerEntry rows, balance derived as the sum of `amount`.
 *
 * Entry effects on the available balance: grant +N, reserve −N, release +N (returns an open
 * reservation), commit 0 (turns the open reservation into a charge), refund +N (returns a charge).
 * A generation's reservation is "open" while it has a reserve and neither a commit nor a release
 * closed it; its charge is what was reserved minus what was released, once committed.
 *
 * Every write happens in one interactive transaction holding a per-shop advisory lock, so
 * concurrent requests from any number of processes are serialised per shop without in-process
 * locks, and the balance can never go below zero. Every entry carries an idempotency key unique
 * per shop: replaying a call (a retried job, a crash after the write) returns the first outcome
 * and writes nothing.
 */
import type { LedgerEntry, LedgerKind, Prisma } from "@prisma/client";
import type { Db } from "../db.server";

type Tx = Prisma.TransactionClient;

export type ReserveResult = { ok: true; balance: number } | { ok: false; balance: number; needed: number };

/** Thrown when an idempotency key is reused for a different operation: a caller bug, not a retry. */
export class LedgerKeyConflictError extends Error {
  constructor(idempotencyKey: string, existing: LedgerEntry, wanted: { kind: LedgerKind; generationId?: string }) {
    super(
      `Ledger idempotency key "${idempotencyKey}" already used for ${existing.kind}` +
        `${existing.generationId ? ` of generation ${existing.generationId}` : ""}, not ${wanted.kind}` +
        `${wanted.generationId ? ` of generation ${wanted.generationId}` : ""}`,
    );
    this.name = "LedgerKeyConflictError";
  }
}

// Generous: under a burst, requests queue on the shop lock and on the connection pool.
const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 } as const;
const POOL_RETRIES = 4;

/** A pool that stayed saturated for its whole connect timeout: nothing ran, so trying again is safe. */
function isPoolExhausted(error: unknown): boolean {
  return error instanceof Error && /timeout exceeded when trying to connect|Unable to start a transaction/i.test(error.message);
}

/**
 * Runs `work` in a transaction that holds the shop's ledger lock until commit or rollback.
 * Under a burst, requests queue for pool connections; one that gave up before it started is retried.
 */
export async function withShopLedgerLock<T>(db: Db, shopId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        // Function in FROM: the void result never reaches the driver adapter as a column.
        await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`glint-ledger:${shopId}`}, 0))`;
        return work(tx);
      }, TX_OPTIONS);
    } catch (error) {
      if (attempt >= POOL_RETRIES || !isPoolExhausted(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200));
    }
  }
}

async function balanceIn(tx: Tx | Db, shopId: string): Promise<number> {
  const sum = await tx.ledgerEntry.aggregate({ where: { shopId }, _sum: { amount: true } });
  return sum._sum.amount ?? 0;
}

/** The entry already written under this key, if any; a key reused for another operation is a bug. */
async function existingEntry(
  tx: Tx | Db,
  shopId: string,
  idempotencyKey: string,
  wanted: { kind: LedgerKind; generationId?: string },
): Promise<LedgerEntry | null> {
  const entry = await tx.ledgerEntry.findUnique({ where: { shopId_idempotencyKey: { shopId, idempotencyKey } } });
  if (entry && (entry.kind !== wanted.kind || (wanted.generationId !== undefined && entry.generationId !== wanted.generationId))) {
    throw new LedgerKeyConflictError(idempotencyKey, entry, wanted);
  }
  return entry;
}

/** The state of one generation's credits, derived from its entries. */
export interface GenerationCredits {
  /** Reserved and not yet committed or released. */
  open: number;
  /** Charged by a commit (0 until committed). */
  charged: number;
  /** Returned after the charge. */
  refunded: number;
  committed: boolean;
}

export async function generationCredits(tx: Tx | Db, shopId: string, generationId: string): Promise<GenerationCredits> {
  return (await ledgerState(tx, shopId, generationId)).generation;
}

/**
 * The shop's balance and one generation's credits in one query: fewer round trips while the
 * shop's lock is held, so a burst of requests drains faster.
 */
async function ledgerState(tx: Tx | Db, shopId: string, generationId: string): Promise<{ balance: number; generation: GenerationCredits }> {
  const [row] = await tx.$queryRaw<Array<{ balance: bigint; held: bigint; refunded: bigint; committed: boolean }>>`
    SELECT COALESCE(SUM(amount), 0)::bigint AS balance,
      COALESCE(-SUM(amount) FILTER (WHERE "generationId" = ${generationId} AND kind IN ('reserve', 'release')), 0)::bigint AS held,
      COALESCE(SUM(amount) FILTER (WHERE "generationId" = ${generationId} AND kind = 'refund'), 0)::bigint AS refunded,
      COALESCE(bool_or("generationId" = ${generationId} AND kind = 'commit'), false) AS committed
    FROM "LedgerEntry"
    WHERE "shopId" = ${shopId}`;
  const held = Number(row.held);
  const generation = row.committed
    ? { open: 0, charged: held, refunded: Number(row.refunded), committed: true }
    : { open: held, charged: 0, refunded: 0, committed: false };
  return { balance: Number(row.balance), generation };
}

/**
 * Keeps Generation.creditsCharged (what the merchant sees per job) equal to the ledger's net charge,
 * in the same transaction as the entry that changed it. The ledger stays the source of truth.
 */
async function mirrorCharge(tx: Tx, shopId: string, generationId: string, charged: number): Promise<void> {
  await tx.generation.updateMany({ where: { id: generationId, shopId }, data: { creditsCharged: charged } });
}

/** Far above any real grant or price, and inside the 32-bit column: larger values are caller bugs or attacks. */
const MAX_CREDITS_PER_ENTRY = 1_000_000_000;

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer of credits, got ${value}`);
  if (value > MAX_CREDITS_PER_ENTRY) throw new RangeError(`${name} must be at most ${MAX_CREDITS_PER_ENTRY} credits, got ${value}`);
}

/**
 * Holds `amount` credits for a generation if the balance allows it. A refusal writes nothing and
 * says how many credits were missing. Replaying the same key returns ok with the current balance.
 */
export async function reserveCredits(
  db: Db,
  input: { shopId: string; generationId: string; amount: number; idempotencyKey: string },
): Promise<ReserveResult> {
  assertPositiveInteger("amount", input.amount);
  const { shopId, generationId, amount, idempotencyKey } = input;
  // A replay (retried job) needs no lock: entries never change once written.
  if (await existingEntry(db, shopId, idempotencyKey, { kind: "reserve", generationId })) {
    return { ok: true, balance: await balanceIn(db, shopId) };
  }
  return withShopLedgerLock(db, shopId, async (tx) => {
    if (await existingEntry(tx, shopId, idempotencyKey, { kind: "reserve", generationId })) {
      return { ok: true, balance: await balanceIn(tx, shopId) };
    }
    const { balance, generation } = await ledgerState(tx, shopId, generationId);
    if (generation.committed) throw new Error(`Generation ${generationId} is already charged; a new reservation needs a new generation`);
    if (balance < amount) return { ok: false, balance, needed: amount - balance };
    await tx.ledgerEntry.create({
      data: { shopId, generationId, kind: "reserve", amount: -amount, idempotencyKey, reason: "generation" },
    });
    return { ok: true, balance: balance - amount };
  });
}

/**
 * Charges the generation's open reservation. Idempotent: a replay (same key, e.g. a retried job
 * after a crash right after the provider succeeded) returns the amount charged the first time.
 * With nothing open (never reserved, or already released) it charges nothing.
 */
export async function commitCredits(
  db: Db,
  input: { shopId: string; generationId: string; idempotencyKey: string },
): Promise<{ committed: number }> {
  return withShopLedgerLock(db, input.shopId, async (tx) => {
    const { shopId, generationId, idempotencyKey } = input;
    const state = await generationCredits(tx, shopId, generationId);
    if (await existingEntry(tx, shopId, idempotencyKey, { kind: "commit", generationId })) return { committed: state.charged };
    // A second commit under another key must not charge twice either.
    if (state.committed) return { committed: state.charged };
    if (state.open === 0) return { committed: 0 };
    await tx.ledgerEntry.create({
      data: { shopId, generationId, kind: "commit", amount: 0, idempotencyKey, reason: `charged ${state.open}` },
    });
    await mirrorCharge(tx, shopId, generationId, state.open);
    return { committed: state.open };
  });
}

/** Returns the generation's open reservation to the balance. Idempotent; a no-op once committed. */
export async function releaseCredits(
  db: Db,
  input: { shopId: string; generationId: string; idempotencyKey: string; reason: string },
): Promise<{ released: number }> {
  return withShopLedgerLock(db, input.shopId, async (tx) => {
    const { shopId, generationId, idempotencyKey, reason } = input;
    const existing = await existingEntry(tx, shopId, idempotencyKey, { kind: "release", generationId });
    if (existing) return { released: existing.amount };
    const state = await generationCredits(tx, shopId, generationId);
    if (state.committed || state.open === 0) return { released: 0 };
    await tx.ledgerEntry.create({
      data: { shopId, generationId, kind: "release", amount: state.open, idempotencyKey, reason },
    });
    return { released: state.open };
  });
}

/**
 * Gives back what a committed generation was charged (e.g. the merchant reports a bad result).
 * At most the charge minus earlier refunds; idempotent on the key.
 */
export async function refundCredits(
  db: Db,
  input: { shopId: string; generationId: string; idempotencyKey: string; reason: string },
): Promise<{ refunded: number }> {
  return withShopLedgerLock(db, input.shopId, async (tx) => {
    const { shopId, generationId, idempotencyKey, reason } = input;
    const existing = await existingEntry(tx, shopId, idempotencyKey, { kind: "refund", generationId });
    if (existing) return { refunded: existing.amount };
    const state = await generationCredits(tx, shopId, generationId);
    const refundable = state.charged - state.refunded;
    if (refundable <= 0) return { refunded: 0 };
    await tx.ledgerEntry.create({
      data: { shopId, generationId, kind: "refund", amount: refundable, idempotencyKey, reason },
    });
    await mirrorCharge(tx, shopId, generationId, state.charged - state.refunded - refundable);
    return { refunded: refundable };
  });
}

/**
 * Adds credits (plan allowance, purchased pack, goodwill). Idempotent on the key: the same
 * purchase or billing period is granted once however many times it is reported.
 */
export async function grantCredits(
  db: Db,
  input: { shopId: string; amount: number; idempotencyKey: string; reason: string; purchaseId?: string },
): Promise<{ granted: number; balance: number; duplicate: boolean }> {
  assertPositiveInteger("amount", input.amount);
  return withShopLedgerLock(db, input.shopId, async (tx) => {
    const { shopId, amount, idempotencyKey, reason, purchaseId } = input;
    const existing = await existingEntry(tx, shopId, idempotencyKey, { kind: "grant" });
    if (existing) return { granted: existing.amount, balance: await balanceIn(tx, shopId), duplicate: true };
    await tx.ledgerEntry.create({ data: { shopId, kind: "grant", amount, idempotencyKey, reason, purchaseId } });
    return { granted: amount, balance: await balanceIn(tx, shopId), duplicate: false };
  });
}

/** Credits available now (grants and refunds minus charges and open reservations). */
export async function getBalance(db: Db, shopId: string): Promise<number> {
  return balanceIn(db, shopId);
}
