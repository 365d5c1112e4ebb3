/**
 * The error a merchant sees. Domain code throws it when a request is refused for a reason the
 * merchant can act on (rate limit, spending cap, not enough credits, paused shop); routes turn it
 * into an HTTP response with `httpStatus` and show `message` as is. Anything else is a bug or an
 * outage and gets a generic message instead.
 */
export interface UserFacingErrorInit {
  /** Stable machine-readable code, e.g. "rate_limited", "insufficient_credits". */
  code: string;
  /** One or two plain sentences the merchant can act on. No internals, ids or stack traces. */
  message: string;
  httpStatus?: number;
  /** When trying again makes sense: how long to wait. Sent as Retry-After. */
  retryAfterMs?: number;
  /** Figures the UI may show next to the message (balance, cap, needed credits…). */
  details?: Record<string, number | string>;
}

export class UserFacingError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly retryAfterMs?: number;
  readonly details?: Record<string, number | string>;

  constructor(init: UserFacingErrorInit) {
    super(init.message);
    this.name = "UserFacingError";
    this.code = init.code;
    this.httpStatus = init.httpStatus ?? 400;
    this.retryAfterMs = init.retryAfterMs;
    this.details = init.details;
  }

  /** The JSON body API routes return. */
  toJSON(): { error: { code: string; message: string; retryAfterMs?: number; details?: Record<string, number | string> } } {
    return {
      error: { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs, details: this.details },
    };
  }

  /** Headers for the HTTP response (Retry-After in whole seconds, rounded up). */
  headers(): Record<string, string> {
    return this.retryAfterMs === undefined ? {} : { "Retry-After": String(Math.max(1, Math.ceil(this.retryAfterMs / 1000))) };
  }
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}
