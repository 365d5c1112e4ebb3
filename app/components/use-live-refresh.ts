/**
 * Re-runs the page's loaders every `intervalMs` while `enabled` (something is still moving) and
 * the tab is visible, so progress shows without a reload. Polling a loader rather than a socket:
 * it works through the admin iframe and any proxy, and stops costing anything when work is done.
 */
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

export const LIVE_REFRESH_MS = 2500;

export function useLiveRefresh(enabled: boolean, intervalMs = LIVE_REFRESH_MS): void {
  const revalidator = useRevalidator();
  // The revalidator object changes every render; the timer reads the latest one.
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && latest.current.state === "idle") latest.current.revalidate();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [enabled, intervalMs]);
}
