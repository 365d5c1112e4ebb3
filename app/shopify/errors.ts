/**
 * The Shopify Admin API boundary's error family. `retryable` tells a job whether another attempt
 * can help; `toUserFacing` turns any of them into a sentence a merchant can act on, so Shopify's
 * codes (THROTTLED, INTERNAL_SERVER_ERROR…) never reach the UI.
 */
import { UserFacingError } from "../errors";

export type ShopifyErrorCode =
  /** The cost bucket stayed empty through every retry. */
  | "throttled"
  /** HTTP 5xx, network failure or timeout. */
  | "unavailable"
  /** 401/403: the token was revoked or the scope is missing (uninstalled shop). */
  | "unauthorized"
  /** Top-level GraphQL errors: a bug in an operation, not worth retrying. */
  | "graphql"
  /** userErrors of a mutation: Shopify refused the input. */
  | "user_error"
  /** No offline session stored for the shop. */
  | "no_session";

export class ShopifyApiError extends Error {
  constructor(
    readonly code: ShopifyErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = "ShopifyApiError";
  }
}

export function isShopifyApiError(error: unknown): error is ShopifyApiError {
  return error instanceof ShopifyApiError;
}

const MERCHANT_MESSAGES: Record<ShopifyErrorCode, string> = {
  throttled: "Shopify is busy with other requests for your store. Glint will keep trying; no action is needed.",
  unavailable: "Shopify did not answer in time. Glint will try again shortly.",
  unauthorized: "Glint no longer has access to your store. Open the app again to re-authorise it.",
  graphql: "Shopify rejected a request from Glint. Try again; if it keeps happening, contact Glint support.",
  user_error: "Shopify refused the change.",
  no_session: "Glint is not connected to this store. Open the app from your Shopify admin to reconnect.",
};

export function toUserFacing(error: ShopifyApiError): UserFacingError {
  const message =
    error.code === "user_error" ? `${MERCHANT_MESSAGES.user_error} ${error.message}` : MERCHANT_MESSAGES[error.code];
  return new UserFacingError({ code: `shopify_${error.code}`, message, httpStatus: error.retryable ? 503 : 502 });
}

/** A mutation's userErrors as one error; no-op when empty. */
export function throwOnUserErrors(
  mutation: string,
  userErrors: ReadonlyArray<{ message: string; field?: ReadonlyArray<string> | null; code?: string | null }> | undefined | null,
): void {
  if (!userErrors || userErrors.length === 0) return;
  const message = userErrors.map((e) => e.message).join("; ");
  throw new ShopifyApiError("user_error", message, false, { mutation, userErrors });
}
