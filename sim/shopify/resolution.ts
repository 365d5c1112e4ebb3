import { execute, getNamedType, GraphQLError, type DocumentNode, type GraphQLFieldResolver, type GraphQLTypeResolver } from "graphql";
import { actualFieldCost } from "./cost";
import { queryRoot } from "./query-root";
import type { SimContext, SimRuntime } from "./runtime";
import { adminSchema } from "./schema";
import type { SimShop } from "./store";

/**
 * Resolves a field from a view object (see views.ts). A field the view does not define is valid
 * in the real schema but not simulated: it resolves to null with an explicit error, never silently.
 */
export const fieldResolver: GraphQLFieldResolver<Record<string, unknown>, SimContext> = (source, args, context, info) => {
  if (!source || !(info.fieldName in source)) {
    throw new GraphQLError(`The Shopify simulator does not implement ${info.parentType.name}.${info.fieldName}`, { extensions: { code: "NOT_IMPLEMENTED_IN_SIMULATOR" } });
  }
  const property = source[info.fieldName];
  const value = typeof property === "function" ? (property as (a: unknown, c: SimContext) => unknown)(args, context) : property;
  const type = getNamedType(info.returnType);
  const isMutationRoot = info.parentType === info.schema.getMutationType();
  const tally = (resolved: unknown) => {
    context.actualCost += actualFieldCost(type, resolved, isMutationRoot);
    return resolved;
  };
  return value instanceof Promise ? value.then(tally) : tally(value);
};

export const typeResolver: GraphQLTypeResolver<{ __typename?: string }, SimContext> = (value) => value.__typename;

/** Executes a bulk operation's query over whole connections (no cost, no page limits). */
export async function executeBulkQuery(sim: SimRuntime, shop: SimShop, document: DocumentNode) {
  const context: SimContext = { sim, shop, actualCost: 0, bulk: true };
  return execute({ schema: adminSchema(), document, rootValue: queryRoot(context), contextValue: context, fieldResolver, typeResolver });
}
