/** Reasons offered when rejecting a result; the merchant may also write their own. */
export const REJECT_REASONS = [
  "Product looks different",
  "Background or setting is wrong",
  "Poor image quality",
  "Not on brand",
] as const;
