/** Plain-language reasons a merchant reads when a generation does not produce a result. */
import type { ProviderErrorCode } from "../providers/types";

const PROVIDER_MESSAGES: Record<ProviderErrorCode, string> = {
  content_policy:
    "The AI service declined this request under its content policy. Try a different style, or check the product image and title for anything that could be flagged.",
  invalid_input: "The AI service could not use this product's image or details. Check that the product has a clear main image.",
  rate_limited: "The AI services are busy right now. No credits were used; please try again in a few minutes.",
  timeout: "The AI services took too long to respond. No credits were used; please try again.",
  provider_unavailable: "The AI services are temporarily unavailable. No credits were used; please try again later.",
  output_invalid: "We could not produce a result good enough to show you. No credits were used; please try again or pick another style.",
  cancelled: "This generation was cancelled. No credits were used.",
  webhook_invalid: "Something went wrong on our side. No credits were used; please try again.",
  unknown: "Something went wrong while generating. No credits were used; please try again.",
};

export function failureMessage(code: string): string {
  return PROVIDER_MESSAGES[code as ProviderErrorCode] ?? PROVIDER_MESSAGES.unknown;
}

export const NO_MODEL_AVAILABLE =
  "No AI model is available for this style within the credits reserved. No credits were used; please try again later.";
export const SOURCE_IMAGE_MISSING = "This product has no usable image to start from. Add a main product image and try again.";
export const CANCELLED_BY_MERCHANT = "Cancelled by you. No credits were used.";
export const STALLED = "This generation got stuck and was stopped. No credits were used; please try again.";
