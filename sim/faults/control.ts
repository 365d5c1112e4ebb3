/**
 * The run-time control endpoint every provider simulator mounts at /_sim/faults:
 *   GET    → current configuration
 *   POST   → merge rules ({ seed?, defaults?, models? }), same shape as at start-up
 *   DELETE → back to the start-up configuration
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { readJson, requestUrl, sendJson } from "../shared/http";
import type { FaultConfig, FaultEngine } from "./engine";

export const FAULT_CONTROL_PATH = "/_sim/faults";

/** Answers the request when it is for the control endpoint; returns false otherwise. */
export async function handleFaultControl(engine: FaultEngine, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (requestUrl(req).pathname !== FAULT_CONTROL_PATH) return false;
  switch (req.method) {
    case "GET":
      sendJson(res, 200, engine.snapshot());
      return true;
    case "POST":
    case "PATCH": {
      const patch = await readJson<Partial<FaultConfig>>(req);
      if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
        sendJson(res, 400, { error: "body must be an object { seed?, defaults?, models? }" });
        return true;
      }
      sendJson(res, 200, engine.update(patch));
      return true;
    }
    case "DELETE":
      sendJson(res, 200, engine.reset());
      return true;
    default:
      sendJson(res, 405, { error: "use GET, POST or DELETE" });
      return true;
  }
}

/** Client for tests, demo and benchmarks: sets rules on a running simulator. */
export async function setFaults(simUrl: string, patch: Partial<FaultConfig>): Promise<FaultConfig> {
  const response = await fetch(`${simUrl}${FAULT_CONTROL_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(patch),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`fault control answered ${response.status}`);
  return (await response.json()) as FaultConfig;
}

export async function resetFaults(simUrl: string): Promise<void> {
  const response = await fetch(`${simUrl}${FAULT_CONTROL_PATH}`, { method: "DELETE", signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`fault control answered ${response.status}`);
}
