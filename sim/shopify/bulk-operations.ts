import { type GraphQLError, Kind, parse, validate, type DocumentNode } from "graphql";
import { executeBulkQuery } from "./resolution";
import { bulkOperationView, MIN_RUNTIME_MS, visibleStatus } from "./bulk-operation-view";
import { idOf } from "./ids";
import type { SimContext } from "./runtime";
import { adminSchema } from "./schema";
import type { SimBulkOperation } from "./store";

const RUNTIME_PER_OBJECT_MS = 0.02;

type JsonObject = Record<string, unknown>;

function isConnection(value: unknown): value is { edges?: { node: JsonObject }[]; nodes?: JsonObject[] } {
  return typeof value === "object" && value !== null && (Array.isArray((value as JsonObject).edges) || Array.isArray((value as JsonObject).nodes));
}

function connectionNodes(value: { edges?: { node: JsonObject }[]; nodes?: JsonObject[] }): JsonObject[] {
  return value.nodes ?? (value.edges ?? []).map((edge) => edge.node);
}

/** Shopify's JSONL: one line per node, nested connection nodes on their own lines with __parentId. */
function flatten(node: JsonObject, parentId: string | undefined, lines: string[]): void {
  const own: JsonObject = {};
  const children: JsonObject[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (isConnection(value)) children.push(...connectionNodes(value));
    else own[key] = value;
  }
  if (parentId) own.__parentId = parentId;
  lines.push(JSON.stringify(own));
  for (const child of children) flatten(child, typeof node.id === "string" ? node.id : undefined, lines);
}

async function run(context: SimContext, operation: SimBulkOperation, document: DocumentNode): Promise<void> {
  const result = await executeBulkQuery(context.sim, context.shop, document);
  if (result.errors?.length || !result.data) {
    operation.status = "FAILED";
    operation.completedAt = Date.now();
    return;
  }
  const lines: string[] = [];
  let roots = 0;
  for (const value of Object.values(result.data)) {
    if (!isConnection(value)) continue;
    for (const node of connectionNodes(value)) {
      roots++;
      flatten(node, undefined, lines);
    }
  }
  operation.jsonl = lines.length ? `${lines.join("\n")}\n` : "";
  operation.objectCount = lines.length;
  operation.rootObjectCount = roots;
  operation.completedAt = Math.max(Date.now(), operation.createdAt + MIN_RUNTIME_MS + lines.length * RUNTIME_PER_OBJECT_MS);
  operation.status = "COMPLETED";
}

export function bulkMutations(context: SimContext) {
  const { shop, sim } = context;
  return {
    bulkOperationRunQuery: (args: { query: string }) => {
      let document: DocumentNode;
      try {
        document = parse(args.query);
      } catch (error) {
        return { bulkOperation: null, userErrors: [{ field: ["query"], message: `Invalid bulk query: ${(error as GraphQLError).message}`, code: "INVALID" }] };
      }
      const errors = validate(adminSchema(), document);
      const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      if (errors.length || !operation || operation.operation !== "query") {
        return { bulkOperation: null, userErrors: [{ field: ["query"], message: `Invalid bulk query: ${errors[0]?.message ?? "a bulk query must be a query"}`, code: "INVALID" }] };
      }
      const bulk: SimBulkOperation = { id: sim.store.nextId(), query: args.query, status: "CREATED", createdAt: Date.now(), completedAt: null, objectCount: 0, rootObjectCount: 0 };
      shop.bulkOperations.set(bulk.id, bulk);
      void run(context, bulk, document);
      return { bulkOperation: bulkOperationView(context, bulk), userErrors: [] };
    },

    bulkOperationCancel: (args: { id: string }) => {
      const bulk = shop.bulkOperations.get(idOf(args.id, "BulkOperation") ?? -1);
      if (!bulk) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
      if (visibleStatus(bulk) !== "COMPLETED") {
        bulk.status = "CANCELED";
        bulk.completedAt = Date.now();
      }
      return { bulkOperation: bulkOperationView(context, bulk), userErrors: [] };
    },
  };
}
