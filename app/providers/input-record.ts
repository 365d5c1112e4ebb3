/** Provider inputs are JSON: an undefined field must be absent, not sent as null or "undefined". */
export function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
