import {
  execute,
  type GraphQLError,
  Kind,
  parse,
  validate,
  visit,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from "graphql";
import { requestedQueryCost } from "./cost";
import { mutationRoot } from "./mutations";
import { fieldResolver, typeResolver } from "./resolution";
import { queryRoot } from "./query-root";
import type { SimContext, SimRuntime } from "./runtime";
import { adminSchema } from "./schema";
import type { SimShop } from "./store";
import { MAX_SINGLE_QUERY_COST } from "./throttle";

export interface ShopifyGraphqlError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface GraphqlResponse {
  data?: unknown;
  errors?: ShopifyGraphqlError[];
  extensions?: Record<string, unknown>;
}

/** graphql-ruby's wording for the validation errors apps most often hit. */
function shopifyValidationError(error: GraphQLError, document: DocumentNode): ShopifyGraphqlError {
  const base = { locations: error.locations ? [...error.locations] : undefined, path: astPath(document, error.nodes?.[error.nodes.length - 1]) };
  let match = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(error.message);
  if (match) return { ...base, message: `Field '${match[1]}' doesn't exist on type '${match[2]}'`, extensions: { code: "undefinedField", typeName: match[2], fieldName: match[1] } };
  match = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"/.exec(error.message);
  if (match) return { ...base, message: `Field '${match[3]}' doesn't accept argument '${match[1]}'`, extensions: { code: "argumentNotAccepted", name: match[3], typeName: "Field", argumentName: match[1] } };
  match = /^Field "(\w+)" argument "(\w+)" of type "(.+)" is required/.exec(error.message);
  if (match) return { ...base, message: `Field '${match[1]}' is missing required arguments: ${match[2]}`, extensions: { code: "missingRequiredArguments", className: "Field", name: match[1], arguments: match[2] } };
  match = /^Field "(\w+)" of type "(.+)" must have a selection of subfields/.exec(error.message);
  if (match) return { ...base, message: `Field must have selections (field '${match[1]}' returns ${match[2].replace(/[![\]]/g, "")} but has no selections. Did you mean '${match[1]} { ... }'?)`, extensions: { code: "selectionMismatch", nodeName: `field '${match[1]}'`, typeName: match[2] } };
  return { ...base, message: error.message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } };
}

/** Shopify reports where a validation error sits as ["query Name", "field", …]. */
function astPath(document: DocumentNode, target: ASTNode | undefined): string[] | undefined {
  if (!target) return undefined;
  let found: string[] | undefined;
  visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      if (found || node !== target) return;
      const names: string[] = [];
      for (const ancestor of [...(ancestors as ASTNode[]), node]) {
        if (ancestor.kind === Kind.OPERATION_DEFINITION) names.push(ancestor.name ? `${ancestor.operation} ${ancestor.name.value}` : ancestor.operation);
        else if (ancestor.kind === Kind.FRAGMENT_DEFINITION) names.push(`fragment ${ancestor.name.value}`);
        else if (ancestor.kind === Kind.FIELD) names.push(ancestor.alias?.value ?? ancestor.name.value);
        else if (ancestor.kind === Kind.ARGUMENT) names.push(ancestor.name.value);
      }
      found = names;
    },
  });
  return found;
}

function toShopifyError(error: GraphQLError): ShopifyGraphqlError {
  return {
    message: error.message,
    locations: error.locations ? [...error.locations] : undefined,
    path: error.path ? [...error.path] : undefined,
    extensions: { code: "INTERNAL_SERVER_ERROR", ...error.extensions },
  };
}

export interface GraphqlRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** Parses, validates against the real schema, prices, throttles and executes one Admin API request. */
export async function executeAdminGraphql(sim: SimRuntime, shop: SimShop, request: GraphqlRequest): Promise<GraphqlResponse> {
  const schema = adminSchema();
  if (typeof request.query !== "string" || request.query.trim() === "") {
    return { errors: [{ message: "Query missing or empty", extensions: { code: "BAD_REQUEST" } }] };
  }
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    const parseError = error as GraphQLError;
    return { errors: [{ message: parseError.message, locations: parseError.locations ? [...parseError.locations] : undefined, extensions: { code: "parseError" } }] };
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length > 0) return { errors: validationErrors.map((e) => shopifyValidationError(e, document)) };

  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = typeof request.operationName === "string" ? operations.find((o) => o.name?.value === request.operationName) : operations[0];
  if (!operation || (operations.length > 1 && typeof request.operationName !== "string")) {
    return { errors: [{ message: "An operation name is required", extensions: { code: "OPERATION_NAME_REQUIRED" } }] };
  }
  const variables = (request.variables ?? {}) as Record<string, unknown>;
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);

  let requested: number;
  try {
    requested = requestedQueryCost(schema, operation, fragments, variables);
  } catch {
    // Variables that cannot be coerced: let execution report them in Shopify's shape below.
    requested = 0;
  }
  if (requested > MAX_SINGLE_QUERY_COST) {
    return {
      errors: [{
        message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
        extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_SINGLE_QUERY_COST },
      }],
    };
  }
  if (!shop.bucket.tryTake(requested)) {
    return {
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: shop.bucket.status() } },
    };
  }

  const context: SimContext = { sim, shop, actualCost: 0, bulk: false };
  const result = await execute({
    schema,
    document,
    operationName: operation.name?.value,
    variableValues: variables,
    rootValue: operation.operation === "mutation" ? mutationRoot(context) : queryRoot(context),
    contextValue: context,
    fieldResolver,
    typeResolver,
  });
  if (!("data" in result) || result.data === undefined) {
    // Variable coercion failed before execution: Shopify answers with INVALID_VARIABLE.
    shop.bucket.refund(requested);
    return { errors: (result.errors ?? []).map((e) => ({ ...toShopifyError(e), extensions: { code: "INVALID_VARIABLE" } })) };
  }
  const actual = context.actualCost;
  if (actual < requested) shop.bucket.refund(requested - actual);
  return {
    ...(result.errors?.length ? { errors: result.errors.map(toShopifyError) } : {}),
    data: result.data,
    extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: shop.bucket.status() } },
  };
}
