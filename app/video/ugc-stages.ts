/**
 * The rendering stages of a presenter video as the merchant sees them (studio progress and the
 * Jobs page's Generation.progress): label and how far along the video is when the stage starts.
 */
export const UGC_STAGES = [
  { stage: "voice", label: "Recording the voice-over", percent: 10 },
  { stage: "avatar", label: "Filming the presenter", percent: 35 },
  { stage: "compose", label: "Putting the final cut together", percent: 85 },
] as const;
export type UgcStage = (typeof UGC_STAGES)[number]["stage"];
export const UGC_STAGE_NAMES = UGC_STAGES.map((s) => s.stage);

export function ugcProgress(stage: UgcStage): { stage: UgcStage; label: string; percent: number } {
  const { label, percent } = UGC_STAGES.find((s) => s.stage === stage)!;
  return { stage, label, percent };
}
