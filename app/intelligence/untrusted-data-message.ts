/**
 * How untrusted store data travels to the LLM: a constant instruction part, then the data as
 * JSON between fixed markers in its own part. JSON encoding keeps quotes, newlines and fake role
 * tags inside string values; forged markers are removed from the data so it cannot appear to end
 * early. System prompts reference the markers through DATA_MARKERS.
 */
import type { ChatCompletionContentPart } from "openai/resources/chat/completions";

const DATA_START = "<<<GLINT_PRODUCT_DATA";
const DATA_END = "GLINT_PRODUCT_DATA>>>";

export const DATA_MARKERS = `${DATA_START} and ${DATA_END}`;

export function untrustedDataParts(instruction: string, data: unknown): ChatCompletionContentPart[] {
  // JSON.stringify leaves < > and letters as they are, so forged markers must be stripped here.
  const json = JSON.stringify(data).replaceAll(DATA_START, "").replaceAll(DATA_END, "");
  return [
    { type: "text", text: instruction },
    { type: "text", text: `${DATA_START}\n${json}\n${DATA_END}` },
  ];
}
