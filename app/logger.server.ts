import { pino, type Logger } from "pino";

export type { Logger };

/**
 * JSON logs. Child loggers carry shop, generationId and jobId. Anything that could carry a
 * credential is redacted by path, and callers log ids, never tokens or signed URLs.
 */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: "glint", ...base },
    redact: {
      paths: [
        "accessToken",
        "*.accessToken",
        "token",
        "*.token",
        "apiKey",
        "*.apiKey",
        "secret",
        "*.secret",
        "authorization",
        "*.authorization",
        "headers.authorization",
        "*.headers.authorization",
        "signedUrl",
        "*.signedUrl",
      ],
      censor: "[redacted]",
    },
  });
}
