/**
 * The app's JSON API as the admin action extensions use it. Relative URLs resolve against the
 * app's URL and Shopify adds the session token (Authorization: Bearer …) to every call; the app
 * checks it with authenticate.admin. Each call has a time limit so the modal never hangs.
 */

const TIMEOUT_MS = 15_000;

/** Glint's styles, plus "auto": Glint picks the style per product from its analysis. */
export const STYLES = [
  { value: "auto", label: "Automatic (Glint chooses per product)" },
  { value: "studio", label: "Studio (clean, enhanced product shot)" },
  { value: "packshot", label: "Packshot (white background)" },
  { value: "lifestyle", label: "Lifestyle scene" },
  { value: "flat_lay", label: "Flat lay" },
  { value: "on_model", label: "On a model" },
  { value: "detail_macro", label: "Detail close-up" },
  { value: "turntable_video", label: "Turntable video" },
];

export class GlintApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function call(path, init = {}) {
  let response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { Accept: "application/json", ...(init.body ? { "Content-Type": "application/json" } : {}) },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new GlintApiError("Glint did not answer. Check your connection and try again.", 0);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    // The API's errors are written for merchants ({ error: { code, message } }).
    throw new GlintApiError(body?.error?.message ?? "Something went wrong in Glint. Try again in a moment.", response.status);
  }
  return body;
}

/** GET /api/quote?style=&count= → { creditsEach, count, totalCredits, balance, balanceAfter, blocked? } */
export function getQuote({ style, count }) {
  const query = new URLSearchParams({ style, count: String(count) });
  return call(`/api/quote?${query}`);
}

/** POST /api/generations → 202 { generations: [{ id, … }], batchId, creditsReserved } */
export function requestGenerations({ productIds, style }) {
  return call("/api/generations", {
    method: "POST",
    body: JSON.stringify({ productIds, style, source: "extension" }),
  });
}

/** GET /api/products/:id/results → { results: [{ generationId, style, status, previewUrl, createdAt }] } */
export function productResults(productId) {
  return call(`/api/products/${encodeURIComponent(productId)}/results`);
}

/** The app page where the merchant follows a batch (opened inside the admin). */
export function progressUrl(batchId) {
  return batchId ? `app:app/jobs?batch=${encodeURIComponent(batchId)}` : "app:app/jobs";
}
