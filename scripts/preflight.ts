import { loadEnv } from "../app/env.server";
import { preflight } from "../app/preflight.server";

await preflight(loadEnv());
