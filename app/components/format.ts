/** Merchant-facing formatting of numbers, money, durations and times. Pure: used on server and client. */

const integer = new Intl.NumberFormat("en-US");

export function formatCredits(credits: number): string {
  return `${integer.format(credits)} ${Math.abs(credits) === 1 ? "credit" : "credits"}`;
}

/** Integer cents (USD) as "$19.00". */
export function formatCents(cents: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);
}

/** "4 s", "2 min 5 s", "1 h 3 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "just now", "5 min ago", "3 h ago", else the date. */
export function formatRelativeTime(iso: string, now = Date.now()): string {
  const elapsed = now - new Date(iso).getTime();
  if (elapsed < 45_000) return "just now";
  if (elapsed < 3_600_000) return `${Math.round(elapsed / 60_000)} min ago`;
  if (elapsed < 86_400_000) return `${Math.round(elapsed / 3_600_000)} h ago`;
  return formatDate(iso);
}

/** Share of a cap used, clamped to 0..100, for ProgressBar. */
export function percentOf(value: number, cap: number): number {
  if (cap <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((value / cap) * 100)));
}

/**
 * "Nov 26, 04:05 UTC". A fixed zone so the server-rendered text and the browser's hydration agree
 * (the shop's zone is not known to the app).
 */
export function formatDateTime(iso: string): string {
  const text = new Date(iso).toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
  return `${text} UTC`;
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
}
