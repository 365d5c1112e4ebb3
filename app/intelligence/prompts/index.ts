/**
 * The registry of prompt templates: every family and every version ever shipped. Validated when
 * the module loads, so a typo in a slot or a duplicate version id fails the build's tests and the
 * process start, never a merchant's generation.
 */
import type { Capability } from "../../providers/types";
import type { ShotStyle } from "../analysis-schema";
import { detailMacroTemplates } from "./detail-macro";
import { flatLayTemplates } from "./flat-lay";
import { lifestyleTemplates } from "./lifestyle";
import { onModelTemplates } from "./on-model";
import { packshotTemplates } from "./packshot";
import { productVideoTemplates } from "./product-video";
import { templateProblems } from "./render";
import type { PromptTemplateFamily, PromptTemplateVersion } from "./template";

export const TEMPLATE_FAMILIES: readonly PromptTemplateFamily[] = [
  packshotTemplates,
  lifestyleTemplates,
  flatLayTemplates,
  onModelTemplates,
  detailMacroTemplates,
  productVideoTemplates,
];

/** Capabilities whose prompt does not depend on the shot style. */
const CAPABILITY_FAMILIES: Partial<Record<Capability, string>> = { image_to_video: "product_video" };

export function validateTemplateFamilies(families: readonly PromptTemplateFamily[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const family of families) {
    if (!family.versions.some((v) => v.status === "active")) problems.push(`${family.family}: no active version`);
    for (const version of family.versions) {
      if (!version.version.startsWith(`${family.family}@`)) problems.push(`${version.version}: id must start with ${family.family}@`);
      if (seen.has(version.version)) problems.push(`${version.version}: duplicate version id`);
      seen.add(version.version);
      for (const problem of [...templateProblems(version.prompt), ...templateProblems(version.negativePrompt)]) {
        problems.push(`${version.version}: ${problem}`);
      }
    }
  }
  return problems;
}

const problems = validateTemplateFamilies(TEMPLATE_FAMILIES);
if (problems.length) throw new Error(`Invalid prompt templates: ${problems.join("; ")}`);

const byVersion = new Map(
  TEMPLATE_FAMILIES.flatMap((family) => family.versions.map((version) => [version.version, { family, version }] as const)),
);

/** Any version ever shipped, for reproducing a stored generation. */
export function templateVersion(versionId: string): { family: PromptTemplateFamily; version: PromptTemplateVersion } | undefined {
  return byVersion.get(versionId);
}

/** The family that writes prompts for this style and capability. */
export function templateFamilyFor(style: ShotStyle, capability: Capability): PromptTemplateFamily {
  const name = CAPABILITY_FAMILIES[capability] ?? style;
  const family = TEMPLATE_FAMILIES.find((f) => f.family === name);
  if (!family) throw new Error(`No prompt template family for style "${style}" and capability "${capability}"`);
  return family;
}

/** Versions selection may serve now (normally one; several while an experiment runs). */
export function activeVersions(family: PromptTemplateFamily): PromptTemplateVersion[] {
  return family.versions.filter((version) => version.status === "active");
}
