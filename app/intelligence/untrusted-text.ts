/**
 * Product text (titles, descriptions, tags, vendor) is written by whoever controls the store, and
 * LLM output may repeat it. Two levels of defence:
 * - `cleanUntrustedText` for text sent to the analysis LLM as data: HTML and control characters
 *   removed, whitespace collapsed, length capped.
 * - `toPromptPhrase` for text copied into a generation prompt: only a short descriptive phrase
 *   survives (letters, digits, light punctuation); anything that reads like an instruction, a role
 *   tag or markup is dropped entirely rather than "repaired".
 */

// C0/C1 controls, zero-width and bidi overrides (used to hide text from reviewers).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const HTML_TAG = /<\/?[a-z][^>]*>/gi;
const HTML_ENTITY = /&(amp|lt|gt|quot|#39|nbsp);/g;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };

/** Cuts at a word boundary when one is near, so capped text stays readable. */
function capLength(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(" ");
  return (lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd();
}

export function cleanUntrustedText(value: string | null | undefined, maxLength: number): string {
  if (!value) return "";
  const text = value
    .normalize("NFKC")
    .replace(HTML_TAG, " ")
    .replace(HTML_ENTITY, (_, name: string) => ENTITIES[name] ?? " ")
    .replace(INVISIBLE, "")
    .replace(/\s+/g, " ")
    .trim();
  return capLength(text, maxLength);
}

/** Words that have no business in a description of how a product looks. */
const INSTRUCTION_LIKE = [
  /\b(ignore|disregard|forget|override|bypass|jailbreak|pretend)\b/i,
  /\b(instructions?|prompts?|system|assistant|developer|user|role|admin)\b/i,
  /\byou\s+(are|must|should|will|now)\b/i,
  /\b(previous|above|earlier)\s+(text|message|rules?)\b/i,
  /\b(respond|reply|output|print|return|reveal|repeat)\b/i,
  /\b(json|schema|api|token|password|secret|http|www)\b/i,
];
// After NFKC: anything but letters, marks, digits, spaces and light punctuation is markup or code.
const NOT_DESCRIPTIVE = /[^\p{L}\p{M}\p{N} ,.'&/-]/u;

/**
 * A short phrase safe to place inside a generation prompt, or "" when the text is not a plain
 * description. Dropping beats escaping here: image models do not honour quoting.
 */
export function toPromptPhrase(value: string | null | undefined, maxLength: number): string {
  if (!value) return "";
  // Checked before any cleaning: a role tag is markup to reject, not a tag to strip and accept.
  const text = value.normalize("NFKC").replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
  if (!text || NOT_DESCRIPTIVE.test(text)) return "";
  if (INSTRUCTION_LIKE.some((pattern) => pattern.test(text))) return "";
  return capLength(text, maxLength).replace(/[ ,.&/-]+$/, "");
}

/** Each item through `toPromptPhrase`, empties and duplicates removed, at most `maxItems`. */
export function toPromptPhrases(values: readonly string[], maxItems: number, maxLength: number): string[] {
  const phrases = new Set<string>();
  for (const value of values) {
    const phrase = toPromptPhrase(value, maxLength).toLowerCase();
    if (phrase) phrases.add(phrase);
    if (phrases.size >= maxItems) break;
  }
  return [...phrases];
}
