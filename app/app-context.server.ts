/**
 * The web server's process-wide AppContext (the worker builds its own in worker.ts). Lazy so that
 * importing a route module in a unit test does not connect to anything.
 */
import { createContext, type AppContext } from "./context.server";
import { loadEnv } from "./env.server";

let context: AppContext | undefined;

export function appContext(): AppContext {
  context ??= createContext(loadEnv());
  return context;
}
