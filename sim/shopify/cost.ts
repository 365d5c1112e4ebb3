import {
  getArgumentValues,
  getNamedType,
  isCompositeType,
  isListType,
  getNullableType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/** Shopify's costs: scalars and enums 0, objects 1, connections 2 + page size × node cost, mutations 10. */
export const MUTATION_COST = 10;
export const CONNECTION_COST = 2;

/** Types that are structure rather than data: they cost nothing themselves. */
export function isFreeWrapper(type: GraphQLNamedType): boolean {
  return type.name === "PageInfo" || type.name.endsWith("Edge") || type.name.endsWith("Payload");
}

export function isConnectionType(type: GraphQLNamedType): boolean {
  return type.name.endsWith("Connection");
}

interface CostContext {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function collectFields(context: CostContext, parent: GraphQLCompositeType, selectionSet: SelectionSetNode | undefined, out: { parent: GraphQLCompositeType; node: FieldNode }[] = []) {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) out.push({ parent, node: selection });
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typeName = selection.typeCondition?.name.value;
      const type = typeName ? (context.schema.getType(typeName) as GraphQLCompositeType) : parent;
      collectFields(context, type, selection.selectionSet, out);
    } else {
      const fragment = context.fragments.get(selection.name.value);
      if (fragment) collectFields(context, context.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType, fragment.selectionSet, out);
    }
  }
  return out;
}

function fieldDefinition(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return "getFields" in parent ? parent.getFields()[name] : undefined;
}

/** Argument values for pricing; a missing variable prices as an absent argument (execution reports it). */
function argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    return {};
  }
}

function selectionCost(context: CostContext, parent: GraphQLCompositeType, selectionSet: SelectionSetNode | undefined): number {
  let total = 0;
  for (const { parent: owner, node } of collectFields(context, parent, selectionSet)) {
    const field = fieldDefinition(owner, node.name.value);
    if (!field) continue;
    const type = getNamedType(field.type);
    if (!isCompositeType(type)) continue;
    const children = selectionCost(context, type, node.selectionSet);
    if (isConnectionType(type)) {
      const args = argumentsOf(field, node, context.variables) as { first?: number; last?: number };
      total += CONNECTION_COST + (args.first ?? args.last ?? 1) * children;
    } else if (isFreeWrapper(type)) {
      total += children;
    } else {
      // A plain list of objects (e.g. nodes(ids:)) is sized by the ids it asks for.
      const args = argumentsOf(field, node, context.variables) as { ids?: unknown[] };
      const count = isListType(getNullableType(field.type)) && Array.isArray(args.ids) ? args.ids.length : 1;
      total += count * (1 + children);
    }
  }
  return total;
}

/** The cost Shopify charges up front, computed from the operation alone. */
export function requestedQueryCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: FragmentDefinitionNode[], variables: Record<string, unknown>): number {
  const context: CostContext = { schema, fragments: new Map(fragments.map((f) => [f.name.value, f])), variables };
  if (operation.operation === "mutation") {
    const root = schema.getMutationType()!;
    return collectFields(context, root, operation.selectionSet).reduce((sum, { node }) => {
      const field = root.getFields()[node.name.value];
      const payload = field ? getNamedType(field.type) : undefined;
      return sum + MUTATION_COST + (payload && isCompositeType(payload) ? selectionCost(context, payload, node.selectionSet) : 0);
    }, 0);
  }
  return selectionCost(context, schema.getQueryType()!, operation.selectionSet);
}

/** Cost of one resolved field value, summed during execution into the actual query cost. */
export function actualFieldCost(type: GraphQLNamedType, value: unknown, isMutationRoot: boolean): number {
  if (isMutationRoot) return MUTATION_COST;
  if (value === null || value === undefined || !isCompositeType(type)) return 0;
  if (isConnectionType(type)) return CONNECTION_COST;
  if (isFreeWrapper(type)) return 0;
  return Array.isArray(value) ? value.length : 1;
}
