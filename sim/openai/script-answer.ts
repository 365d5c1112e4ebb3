/**
 * The simulator's answer to a `ugc_script` structured-output request: a spoken script built from
 * the product data JSON in the user message (title, materials, colours, audience, aesthetic) and
 * kept within the word limit the instruction states ("at most N words"). Like schema-answer.ts,
 * the product data is only read as values: the title is quoted as given (a real model might echo
 * it too), nothing in it changes what is answered.
 */
import { cleanText } from "./schema-answer";

interface ProductData {
  title?: string;
  productType?: string;
  analysis?: { materials?: string[]; colours?: string[]; targetAudience?: string; brandAesthetic?: string } | null;
}

/** The first line of the conversation that parses as a JSON object: the product data block. */
function productData(text: string): ProductData {
  for (const line of text.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    try {
      return JSON.parse(line) as ProductData;
    } catch {
      // not the data line
    }
  }
  return {};
}

const words = (line: string) => line.split(/\s+/).filter(Boolean).length;

export function scriptAnswer(text: string): { hook: string; benefits: string[]; callToAction: string } {
  const data = productData(text);
  const name = cleanText(data.title ?? data.productType ?? "this", 80) || "this";
  const material = data.analysis?.materials?.find((m) => m && m !== "unspecified");
  const colour = data.analysis?.colours?.[0];
  const audience = cleanText(data.analysis?.targetAudience ?? "", 60);
  const aesthetic = cleanText(data.analysis?.brandAesthetic ?? "", 40);
  const short = (text: string, max: number) => text.split(/\s+/).slice(0, max).join(" ");
  let benefits = [
    material ? `It is ${material}, so it feels really solid.` : "It feels really solid and well made.",
    audience ? `Honestly perfect for ${short(audience, 5)}.` : "Honestly it fits right into my day.",
    colour ? `The ${colour} finish${aesthetic ? ` looks so ${short(aesthetic, 3)}` : " looks even better in person"}.` : "It looks even better in person.",
  ];
  const hook = `Okay, I need to tell you about the ${name}.`;
  const callToAction = "Tap the link and get yours today.";
  const limit = Number(/at most (\d+) words/i.exec(text)?.[1] ?? 120);
  const total = () => words([hook, ...benefits, callToAction].join(" "));
  while (benefits.length > 2 && total() > limit) benefits.pop();
  // Still too long for a short video: the shortest honest benefits.
  if (total() > limit) benefits = [material ? `Solid ${material}.` : "Really solid.", "Looks great."];
  return { hook, benefits, callToAction };
}
