/** Limits and choices of the stitch (stitch.server.ts) that pages and request validation share. */
export const MIN_ANGLES = 2;
export const MAX_ANGLES = 8;

/** ffmpeg xfade transitions offered between angles. */
export const TRANSITIONS = ["fade", "dissolve", "slideleft", "wipeleft", "circleopen"] as const;
export type Transition = (typeof TRANSITIONS)[number];
