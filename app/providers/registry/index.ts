/**
 * Loads and validates the model registry, and answers the pipeline's questions about it. The
 * registry is injectable: tests and operators build one from their own config (an extra model,
 * a different chain) and pass it in the AppContext.
 */
import type { Capability } from "../types";
import { registryConfig } from "./models";
import { registrySchema, type ModelEntry, type RegistryConfig, type RegistryConfigInput } from "./schema";

export type { ModelEntry, RegistryConfig, RegistryConfigInput, SpeechModelEntry } from "./schema";
export { CAPABILITIES } from "./schema";
export { mapGenerationInput } from "./input-mapping";

export class RegistryError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid model registry: ${problems.join("; ")}`);
    this.name = "RegistryError";
  }
}

export interface Registry {
  readonly config: RegistryConfig;
  readonly models: readonly ModelEntry[];
  /** The model, or undefined when the id is unknown. */
  find(modelId: string): ModelEntry | undefined;
  /** The model; throws for an unknown id (ids come from validated data, so that is a bug). */
  get(modelId: string): ModelEntry;
  /** The ordered fallback chain for a capability (empty when none is declared). */
  chain(capability: Capability): readonly ModelEntry[];
  /** A model by its provider reference (webhooks carry refs, not our ids). */
  findByRef(provider: ModelEntry["provider"], modelRef: string): ModelEntry | undefined;
}

/** Validates a registry config; throws RegistryError with one line per problem. */
export function createRegistry(input: RegistryConfigInput): Registry {
  const parsed = registrySchema.safeParse(input);
  if (!parsed.success) {
    throw new RegistryError(parsed.error.issues.map((issue) => `${formatPath(issue.path, input)}: ${issue.message}`));
  }
  const config = parsed.data;
  const byId = new Map(config.models.map((m) => [m.id, m]));
  return {
    config,
    models: config.models,
    find: (modelId) => byId.get(modelId),
    get(modelId) {
      const model = byId.get(modelId);
      if (!model) throw new RegistryError([`unknown model "${modelId}"`]);
      return model;
    },
    chain: (capability) => (config.chains[capability] ?? []).map((id) => byId.get(id)!),
    findByRef: (provider, modelRef) => config.models.find((m) => m.provider === provider && m.modelRef === modelRef),
  };
}

/** The shipped registry (models.ts), validated once per process. */
let shipped: Registry | undefined;
export function defaultRegistry(): Registry {
  shipped ??= createRegistry(registryConfig);
  return shipped;
}

/** "models[3] (flux-2-pro).credits" reads better than "models.3.credits". */
function formatPath(path: PropertyKey[], input: RegistryConfigInput): string {
  if (path[0] === "models" && typeof path[1] === "number") {
    const id = (input.models[path[1]] as { id?: unknown } | undefined)?.id;
    const rest = path.slice(2).map(String).join(".");
    return `models[${path[1]}]${typeof id === "string" ? ` (${id})` : ""}${rest ? `.${rest}` : ""}`;
  }
  return path.length ? path.map(String).join(".") : "registry";
}

/** The reference the provider adapter receives: "owner/name:version" when pinned. */
export function providerModelRef(model: ModelEntry): string {
  return model.version ? `${model.modelRef}:${model.version}` : model.modelRef;
}
