import { GraphQLError } from "graphql";

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export const MAX_PAGE_SIZE = 250;

/** Opaque cursors shaped like Shopify's: base64 of {"last_id":…,"last_value":…}. */
export function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: String(id) })).toString("base64");
}

function decodeCursor(cursor: string): number {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown };
    if (typeof value.last_id === "number") return value.last_id;
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_USER_INPUT" } });
}

/**
 * Relay connection over an already filtered and sorted list, with Shopify's argument rules:
 * exactly one of first/last, at most 250 per page.
 */
export function connection<T extends { id: number }, V>(items: T[], args: ConnectionArgs, view: (item: T) => V, options: { unbounded?: boolean } = {}) {
  const { first, last, after, before } = args;
  if ((first == null) === (last == null)) throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_USER_INPUT" } });
  const size = (first ?? last)!;
  if (size < 0 || (size > MAX_PAGE_SIZE && !options.unbounded)) {
    throw new GraphQLError(`The ${first != null ? "first" : "last"} argument must be between 0 and ${MAX_PAGE_SIZE}.`, { extensions: { code: "BAD_USER_INPUT" } });
  }
  const ordered = args.reverse ? [...items].reverse() : items;
  let start = 0;
  let end = ordered.length;
  if (after) start = ordered.findIndex((item) => item.id === decodeCursor(after)) + 1;
  if (before) {
    const index = ordered.findIndex((item) => item.id === decodeCursor(before));
    end = index === -1 ? end : index;
  }
  if (first != null) end = Math.min(end, start + first);
  else start = Math.max(start, end - last!);
  const page = ordered.slice(start, end);
  const edges = page.map((item) => ({ cursor: encodeCursor(item.id), node: view(item) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: end < ordered.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
