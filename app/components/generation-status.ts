/**
 * How a Generation's status reads to a merchant: a short label, a Badge tone, where it sits in
 * the pipeline (for progress bars) and whether it is still moving (for live refresh).
 */
import type { GenerationStatus } from "@prisma/client";

type Tone = "info" | "success" | "warning" | "critical" | "attention" | "new" | undefined;

interface StatusView {
  label: string;
  tone: Tone;
  /** 0..100: how far along the pipeline a generation in this status is. */
  progress: number;
  active: boolean;
}

export const STATUS_VIEWS: Record<GenerationStatus, StatusView> = {
  pending: { label: "Queued", tone: undefined, progress: 5, active: true },
  analysing: { label: "Studying the product", tone: "info", progress: 20, active: true },
  generating: { label: "Creating image", tone: "info", progress: 50, active: true },
  validating: { label: "Checking quality", tone: "info", progress: 80, active: true },
  ready_for_review: { label: "Ready for review", tone: "attention", progress: 100, active: false },
  publishing: { label: "Publishing", tone: "info", progress: 90, active: true },
  published: { label: "Published", tone: "success", progress: 100, active: false },
  rejected: { label: "Rejected", tone: undefined, progress: 100, active: false },
  reverted: { label: "Reverted", tone: undefined, progress: 100, active: false },
  failed: { label: "Failed", tone: "critical", progress: 100, active: false },
  cancelled: { label: "Cancelled", tone: undefined, progress: 100, active: false },
};

export const MOVING_STATUSES = (Object.keys(STATUS_VIEWS) as GenerationStatus[]).filter((s) => STATUS_VIEWS[s].active);

export function statusView(status: GenerationStatus): StatusView {
  return STATUS_VIEWS[status];
}
