/**
 * The bundled royalty-free music a multi-photo video may carry (files in ./music/, see its README).
 * Ids and titles only, so pages can list them; the worker resolves the file (finish.server.ts).
 */
export const MUSIC_TRACKS = [
  { id: "calm", title: "Calm pad", file: "calm.m4a" },
  { id: "upbeat", title: "Upbeat pulse", file: "upbeat.m4a" },
  { id: "bright", title: "Bright bells", file: "bright.m4a" },
] as const;

export type MusicTrackId = (typeof MUSIC_TRACKS)[number]["id"];
export const MUSIC_TRACK_IDS = MUSIC_TRACKS.map((t) => t.id) as [MusicTrackId, ...MusicTrackId[]];
