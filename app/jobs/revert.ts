/** Job "revert" on QUEUE.publish, data { shop, productId }: restores a product's original media. */
import { revertProduct, type MediaContext } from "../models/media.server";
import type { JobHandler } from "./runtime.server";

export const REVERT_JOB = "revert";

export interface RevertJobData {
  shop: string;
  /** Product row id. */
  productId: string;
}

export function revertHandler(ctx: MediaContext): JobHandler<RevertJobData> {
  return async (job, run) => revertProduct(ctx, { productId: job.data.productId, signal: run.signal, log: run.log });
}
