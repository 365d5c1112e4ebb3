/**
 * A prompt the merchant wrote (edited from the one that produced a result). It is trusted merchant
 * input, so it is used as written instead of the versioned template; it is still cleaned (markup,
 * invisible and control characters removed, whitespace collapsed) and length-limited. It only ever
 * goes to the image or video model as that model's prompt: it is never part of an LLM
 * conversation, so there is no system message for it to read or override.
 */
import { z } from "zod";
import { cleanUntrustedText } from "./untrusted-text";

export const MERCHANT_PROMPT_MAX = 2_000;
/** Generation.promptVersion of a generation run with the merchant's own prompt. */
export const MERCHANT_PROMPT_VERSION = "merchant-edit";

const formatted = (n: number) => n.toLocaleString("en-US");

export const merchantPromptSchema = z
  .string({ error: "The prompt must be text." })
  // Bounds the work below; the real limit applies to the cleaned text.
  .max(MERCHANT_PROMPT_MAX * 4, `Keep the prompt under ${formatted(MERCHANT_PROMPT_MAX)} characters.`)
  .transform((value) => cleanUntrustedText(value, Number.POSITIVE_INFINITY))
  .pipe(
    z
      .string()
      .min(1, "Write a prompt describing the image you want, or cancel to keep the current one.")
      .max(MERCHANT_PROMPT_MAX, `Keep the prompt under ${formatted(MERCHANT_PROMPT_MAX)} characters.`),
  );
