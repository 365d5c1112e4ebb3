import type { GenerationStatus } from "@prisma/client";
import { Badge } from "@shopify/polaris";
import { statusView } from "./generation-status";

export function GenerationStatusBadge({ status }: { status: GenerationStatus }) {
  const view = statusView(status);
  return (
    <Badge tone={view.tone} progress={view.active ? "partiallyComplete" : status === "published" ? "complete" : undefined}>
      {view.label}
    </Badge>
  );
}
