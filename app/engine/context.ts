/** The part of AppContext the engine uses, so its functions say what they depend on. */
import type { AppContext } from "../context.server";
import { ModelHealth } from "./health";

export type EngineContext = Pick<AppContext, "env" | "db" | "redis" | "queues" | "log" | "registry" | "providers" | "storage" | "engine">;

export function modelHealth(ctx: Pick<EngineContext, "redis" | "env" | "engine">): ModelHealth {
  return new ModelHealth(ctx.redis, ctx.env.REDIS_PREFIX, ctx.engine.health);
}
