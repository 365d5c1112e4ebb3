/**
 * The choices a merchant has when asking for a video, shared by the request validation and the
 * request dialogs (no server-only imports, no zod: pages bundle it).
 */
export const VIDEO_ASPECT_RATIOS = ["9:16", "1:1", "16:9"] as const;

/** Lengths a merchant may ask for; each model then gets the nearest it accepts. */
export const VIDEO_DURATION_RANGE = { min: 2, max: 12 } as const;
/** The lengths the request dialog offers. */
export const VIDEO_DURATION_CHOICES = [4, 5, 6, 8, 10, 12] as const;

/** stills: each photo gets a slow push-in (keyframe motion, no AI model); clips: a video model animates each photo. */
export const MULTI_PHOTO_MODES = ["stills", "clips"] as const;
export type MultiPhotoMode = (typeof MULTI_PHOTO_MODES)[number];

/** How long each photo of a multi-photo video shows, in whole seconds. */
export const SEGMENT_SECONDS = { min: 2, max: 6, default: 3 } as const;
