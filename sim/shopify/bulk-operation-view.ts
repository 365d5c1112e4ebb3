import { gid } from "./ids";
import { iso, type SimContext } from "./runtime";
import type { SimBulkOperation, SimShop } from "./store";

/** Operations take a moment even when tiny, so apps really poll CREATED → RUNNING → COMPLETED. */
export const MIN_RUNTIME_MS = 150;

export function latestBulkOperation(shop: SimShop, type: string): SimBulkOperation | undefined {
  if (type !== "QUERY") return undefined;
  return [...shop.bulkOperations.values()].at(-1);
}

export function visibleStatus(operation: SimBulkOperation, now = Date.now()): SimBulkOperation["status"] {
  if (operation.status === "CANCELED" || operation.status === "FAILED") return operation.status;
  if (operation.status === "COMPLETED" && operation.completedAt !== null && now >= operation.completedAt) return "COMPLETED";
  return now - operation.createdAt < MIN_RUNTIME_MS / 3 ? "CREATED" : "RUNNING";
}

export function bulkOperationView(context: SimContext, operation: SimBulkOperation) {
  const status = visibleStatus(operation);
  const done = status === "COMPLETED";
  return {
    __typename: "BulkOperation",
    id: gid("BulkOperation", operation.id),
    status,
    type: "QUERY",
    query: operation.query,
    errorCode: operation.status === "FAILED" ? "INTERNAL_SERVER_ERROR" : null,
    createdAt: iso(operation.createdAt),
    completedAt: done ? iso(operation.completedAt!) : null,
    objectCount: String(done ? operation.objectCount : Math.floor(operation.objectCount / 2)),
    rootObjectCount: String(done ? operation.rootObjectCount : 0),
    fileSize: done && operation.jsonl !== undefined ? String(Buffer.byteLength(operation.jsonl)) : null,
    url: done ? `${context.sim.url}/bulk/${context.shop.domain}/${operation.id}.jsonl` : null,
    partialDataUrl: null,
  };
}
