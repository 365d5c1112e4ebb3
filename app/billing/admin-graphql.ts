/**
 * The Admin GraphQL client billing needs, as a plain function so any client fits (the app's
 * throttle-aware one in app/shopify/, `admin.graphql` wrapped, or a test client), and one helper
 * that turns GraphQL errors and userErrors into exceptions with a time limit on the call.
 */

export type AdminGraphqlFn = (
  query: string,
  options?: { variables?: Record<string, unknown> },
) => Promise<{ data?: any; errors?: any; extensions?: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Adapts the app's throttle-aware client (app/shopify/graphql-client.server.ts: `request` returns
 * `data` and throws on GraphQL errors) to the function shape billing takes.
 */
export function adminGraphqlFn(client: {
  request(operation: string, options?: { variables?: Record<string, unknown> }): Promise<unknown>;
}): AdminGraphqlFn {
  return async (query, options) => ({ data: await client.request(query, { variables: options?.variables }) });
}

export const ADMIN_CALL_TIMEOUT_MS = 20_000;

/** Shopify refused or failed a billing call. `userErrors` are Shopify's own messages. */
export class ShopifyBillingError extends Error {
  constructor(
    message: string,
    readonly userErrors: Array<{ field?: string[] | null; message: string }> = [],
  ) {
    super(message);
    this.name = "ShopifyBillingError";
  }
}

/**
 * Runs one operation and returns `data[root]`. Throws ShopifyBillingError on transport errors,
 * top-level GraphQL errors, a missing root, or a non-empty userErrors list.
 */
export async function runAdmin<T>(
  admin: AdminGraphqlFn,
  operation: string,
  root: string,
  variables: Record<string, unknown> = {},
  timeoutMs = ADMIN_CALL_TIMEOUT_MS,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ShopifyBillingError(`Shopify did not answer ${root} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const response = await Promise.race([admin(operation, { variables }), timeout]);
    if (response.errors) {
      const messages = Array.isArray(response.errors) ? response.errors.map((e: { message?: string }) => e.message).join("; ") : String(response.errors);
      throw new ShopifyBillingError(`Shopify rejected ${root}: ${messages}`);
    }
    const payload = response.data?.[root];
    if (payload === undefined) throw new ShopifyBillingError(`Shopify returned no ${root}`);
    const userErrors = payload?.userErrors ?? [];
    if (userErrors.length > 0) {
      throw new ShopifyBillingError(`Shopify refused ${root}: ${userErrors.map((e: { message: string }) => e.message).join("; ")}`, userErrors);
    }
    return payload as T;
  } finally {
    clearTimeout(timer);
  }
}
