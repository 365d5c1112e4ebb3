/**
 * The merchant's verdicts on finished results: approve (publish, via media.server), reject with a
 * reason (the held credits go back), regenerate. Every verdict also feeds the approval-learning
 * table, so automatic model selection learns what merchants keep.
 */
import type { Generation } from "@prisma/client";
import type { AppContext } from "../context.server";
import { UserFacingError } from "../errors";
import { releaseCredits } from "../billing/ledger.server";
import { withGenerationLock } from "../engine/lock.server";
import { recordVerdict } from "../intelligence/approval-learning.server";
import { approveAndPublish, type PublishChoices } from "./media.server";

type ReviewContext = Pick<AppContext, "db" | "queues" | "registry" | "log">;

async function ownedGeneration(ctx: Pick<AppContext, "db">, shopDomain: string, generationId: string): Promise<Generation> {
  const generation = await ctx.db.generation.findFirst({ where: { id: generationId, shop: { domain: shopDomain } } });
  if (!generation) throw new UserFacingError({ code: "not_found", httpStatus: 404, message: "This image no longer exists." });
  return generation;
}

export async function approveGeneration(
  ctx: ReviewContext,
  input: { shopDomain: string; generationId: string } & PublishChoices,
): Promise<Generation> {
  const published = await approveAndPublish(ctx, input);
  await recordVerdict(ctx.db, ctx.registry, { shopId: published.shopId, generationId: published.id, verdict: "approved" });
  return published;
}

/** Only results waiting for review can be rejected; their held credits return to the balance. */
export async function rejectGeneration(
  ctx: ReviewContext,
  input: { shopDomain: string; generationId: string; reason: string },
): Promise<Generation> {
  const generation = await ownedGeneration(ctx, input.shopDomain, input.generationId);
  const reason = input.reason.trim().slice(0, 300) || "No reason given";
  const rejected = await withGenerationLock(ctx.db, generation.id, async (tx, current) => {
    if (current.status === "rejected") return current;
    if (current.status !== "ready_for_review") return undefined;
    return tx.generation.update({
      where: { id: current.id },
      data: { status: "rejected", errorCode: "rejected_by_merchant", errorMessage: `Rejected: ${reason}` },
    });
  });
  if (!rejected) {
    throw new UserFacingError({ code: "not_rejectable", httpStatus: 409, message: "Only images waiting for review can be rejected." });
  }
  await releaseCredits(ctx.db, { shopId: rejected.shopId, generationId: rejected.id, idempotencyKey: `${rejected.id}.release`, reason: "rejected" });
  await recordVerdict(ctx.db, ctx.registry, { shopId: rejected.shopId, generationId: rejected.id, verdict: "rejected" });
  ctx.log.info({ generationId: rejected.id }, "generation rejected by merchant");
  return rejected;
}
