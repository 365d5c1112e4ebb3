/**
 * Every job the worker runs: queue → job name → handler. One file per job under app/jobs/.
 */
import type { AppContext } from "../context.server";
import type { HandlerMap } from "./runtime.server";

export function jobHandlers(_ctx: AppContext): HandlerMap {
  return {};
}
