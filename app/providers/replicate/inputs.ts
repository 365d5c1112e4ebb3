/**
 * Replicate request shapes. A modelRef "owner/name:version" runs that pinned version through
 * POST /v1/predictions; "owner/name" runs the model's latest (official models) through
 * POST /v1/models/{owner}/{name}/predictions.
 */
import { withoutUndefined } from "../input-record";
import type { StartRequest } from "../types";

export type ReplicateCreateOptions = ({ version: string } | { model: string }) & {
  input: Record<string, unknown>;
  webhook?: string;
  webhook_events_filter?: Array<"start" | "output" | "logs" | "completed">;
};

export function predictionRequest(request: StartRequest): ReplicateCreateOptions {
  const target = request.modelRef.includes(":") ? { version: request.modelRef } : { model: request.modelRef };
  return {
    ...target,
    input: withoutUndefined(request.input),
    // Only the terminal event matters to the pipeline; intermediate ones would be noise.
    ...(request.webhookUrl ? { webhook: request.webhookUrl, webhook_events_filter: ["completed"] } : {}),
  };
}
