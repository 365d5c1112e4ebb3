/**
 * Fills a template's {{slots}}. Slot values arrive already sanitised (see slots.ts); rendering is
 * a pure function of (template text, slots), which is what makes an old version reproducible.
 */
import { PROMPT_SLOTS, type PromptSlot, type PromptSlots } from "./template";

const SECTION = /\[\[([^[\]]*)\]\]/g;
const SLOT = /\{\{([a-z_]+)\}\}/g;
/** Slots every prompt can rely on having a value (the renderer guarantees a fallback). */
export const ALWAYS_FILLED: ReadonlySet<PromptSlot> = new Set(["product", "mood"]);

function slotNames(text: string): string[] {
  return [...text.matchAll(SLOT)].map((match) => match[1]);
}

/** Problems with a template text, as sentences; empty when it renders safely. */
export function templateProblems(text: string): string[] {
  const problems: string[] = [];
  for (const name of slotNames(text)) {
    if (!(PROMPT_SLOTS as readonly string[]).includes(name)) problems.push(`unknown slot {{${name}}}`);
  }
  for (const name of slotNames(text.replace(SECTION, ""))) {
    if (!ALWAYS_FILLED.has(name as PromptSlot)) {
      problems.push(`slot {{${name}}} may be empty and must sit inside a [[ … ]] section`);
    }
  }
  if (/\[\[|\]\]/.test(text.replace(SECTION, ""))) problems.push("unbalanced [[ ]] section");
  return problems;
}

export function renderTemplate(text: string, slots: PromptSlots): string {
  const fill = (part: string) => part.replace(SLOT, (_, name: PromptSlot) => slots[name] ?? "");
  const withSections = text.replace(SECTION, (_, section: string) =>
    slotNames(section).every((name) => slots[name as PromptSlot]) ? fill(section) : "",
  );
  return fill(withSections)
    .replace(/\s+/g, " ")
    .replace(/\s+([,.)])/g, "$1")
    .replace(/,\s*$/, "")
    .trim();
}
