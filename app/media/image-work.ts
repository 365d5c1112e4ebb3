/**
 * At most N decodes of full-size images at once in this process. A 4K RGBA frame is ~60 MB once
 * decoded and the checks hold two or three such buffers, while a worker runs dozens of jobs at a
 * time: without a bound its memory follows the job concurrency. The decodes are CPU-bound, so a
 * bound near the core count costs no throughput. Jobs wait in arrival order.
 */
import sharp from "sharp";

let slots = 2;
let busy = 0;
const waiting: Array<() => void> = [];

/** Set once at process start (the worker, from IMAGE_WORK_CONCURRENCY). */
export function configureImageWork(concurrency: number): void {
  slots = Math.max(1, concurrency);
  // libvips' operation cache keeps decoded images for reuse; the worker never sees the same image twice.
  sharp.cache(false);
}

export async function withImageWork<T>(work: () => Promise<T>): Promise<T> {
  if (busy >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
  else busy++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else busy--;
  }
}
