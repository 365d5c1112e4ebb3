/**
 * Structured-output answers for the OpenAI simulator. The answer's shape comes only from the
 * requested JSON schema (every property, no extras, enums respected, array and number bounds
 * kept), so it always validates, whatever the prompt says. The values are deterministic facts
 * about the product: keywords found in its text and statistics of its images. Product text is
 * data, never instructions: it is only searched for known words or quoted, cleaned and cut short.
 */
import { hashSeed } from "../shared/random";

export interface ProductFacts {
  /** Cleaned product text (titles, descriptions) from the user messages. */
  text: string;
  title: string;
  colour: string;
  material: string;
  noun: string;
  /** Mean brightness 0..255 of the first image, when there is one. */
  brightness?: number;
  width?: number;
  height?: number;
}

type Schema = Record<string, unknown>;

const NOUNS = ["watch", "ring", "necklace", "shirt", "t-shirt", "dress", "mug", "cup", "chair", "table", "lamp", "bottle", "box", "phone", "bag", "backpack", "shoe", "sneaker", "candle", "hat", "jacket"];
const MATERIALS = ["leather", "cotton", "linen", "wool", "silk", "ceramic", "porcelain", "glass", "steel", "aluminium", "wood", "oak", "bamboo", "plastic", "gold", "silver", "denim"];

/** Cleans untrusted product text: no control characters, collapsed whitespace, bounded length. */
export function cleanText(text: string, max = 2_000): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim().slice(0, max);
}

export function extractFacts(text: string, image?: { colour: string; brightness: number; width: number; height: number }): ProductFacts {
  const cleaned = cleanText(text);
  const lower = cleaned.toLowerCase();
  const firstHit = (words: string[]) => words.find((w) => new RegExp(`\\b${w}s?\\b`).test(lower));
  const title = /title:\s*([^\n.;]{1,80})/i.exec(cleaned)?.[1]?.trim() ?? cleaned.slice(0, 60);
  return {
    text: lower,
    title,
    colour: image?.colour ?? firstHit(["black", "white", "red", "blue", "green", "brown", "grey", "gold", "silver", "pink", "beige"]) ?? "neutral",
    material: firstHit(MATERIALS) ?? "unspecified",
    noun: firstHit(NOUNS) ?? "product",
    brightness: image?.brightness,
    width: image?.width,
    height: image?.height,
  };
}

export function answerForSchema(schema: Schema, facts: ProductFacts): unknown {
  return answer(schema, facts, schema, "");
}

function answer(schema: Schema, facts: ProductFacts, root: Schema, key: string): unknown {
  if (typeof schema.$ref === "string") return answer(resolveRef(root, schema.$ref), facts, root, key);
  if ("const" in schema) return schema.const;
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(union)) {
    const branch = union.find((s) => s.type !== "null") ?? union[0];
    return answer(branch, facts, root, key);
  }
  if (Array.isArray(schema.enum)) return pickEnum(schema.enum, facts, key);
  const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== "null") ?? "null") : schema.type;
  switch (type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, answer(property, facts, root, name)]));
    }
    case "array": {
      const min = Number(schema.minItems ?? 1);
      const max = Number(schema.maxItems ?? 3);
      const count = Math.max(min, Math.min(max, 3));
      const items = (schema.items ?? {}) as Schema;
      return Array.from({ length: count }, (_, i) => answer(items, facts, root, `${key}[${i}]`));
    }
    case "string":
      return fitString(stringFor(key, facts), schema);
    case "integer":
    case "number":
      return numberFor(key, facts, schema, type === "integer");
    case "boolean":
      return booleanFor(key, facts);
    case "null":
      return null;
    default:
      return stringFor(key, facts);
  }
}

function resolveRef(root: Schema, ref: string): Schema {
  if (ref === "#") return root;
  let node: unknown = root;
  for (const part of ref.replace(/^#\//, "").split("/")) node = (node as Schema | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  if (!node || typeof node !== "object") throw new Error(`unresolvable $ref ${ref}`);
  return node as Schema;
}

/** The enum value the product text mentions, else a stable choice from the product's words. */
function pickEnum(values: unknown[], facts: ProductFacts, key: string): unknown {
  const mentioned = values.find((v) => typeof v === "string" && v.length > 2 && facts.text.includes(v.toLowerCase().replace(/_/g, " ")));
  if (mentioned !== undefined) return mentioned;
  const byNoun = values.find((v) => typeof v === "string" && (v.includes(facts.noun) || facts.noun.includes(v.toLowerCase())));
  if (byNoun !== undefined) return byNoun;
  return values[hashSeed(`${key}:${facts.noun}:${facts.colour}`) % values.length];
}

function stringFor(key: string, facts: ProductFacts): string {
  const name = key.toLowerCase();
  const subject = `${facts.colour} ${facts.material === "unspecified" ? "" : `${facts.material} `}${facts.noun}`.replace(/\s+/g, " ");
  if (/alt/.test(name)) return `${capitalise(subject)} photographed on a plain background`;
  if (/colou?r/.test(name)) return facts.colour;
  if (/material/.test(name)) return facts.material;
  if (/category|type|kind|noun/.test(name)) return facts.noun;
  if (/title|name/.test(name)) return facts.title || capitalise(subject);
  if (/prompt/.test(name)) return `Studio photograph of the ${subject}, soft daylight, clean seamless backdrop`;
  if (/style|scene|setting|background/.test(name)) return (facts.brightness ?? 200) > 140 ? "bright studio" : "moody studio";
  if (/reason|explanation|summary|description|notes?/.test(name)) return `A ${subject} shown on its own against a plain backdrop.`;
  return subject;
}

function fitString(value: string, schema: Schema): string {
  const max = typeof schema.maxLength === "number" ? schema.maxLength : undefined;
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  let result = max !== undefined ? value.slice(0, max).trimEnd() : value;
  while (result.length < min) result += ".";
  return result;
}

function numberFor(key: string, facts: ProductFacts, schema: Schema, integer: boolean): number {
  const min = typeof schema.minimum === "number" ? schema.minimum : typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + (integer ? 1 : 0.001) : undefined;
  const max = typeof schema.maximum === "number" ? schema.maximum : typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum - (integer ? 1 : 0.001) : undefined;
  const name = key.toLowerCase();
  let value: number;
  if (/confidence|score|probability/.test(name)) value = max !== undefined && max <= 1 ? 0.82 : 82;
  else if (/width/.test(name)) value = facts.width ?? 1024;
  else if (/height/.test(name)) value = facts.height ?? 1024;
  else if (/bright/.test(name)) value = facts.brightness ?? 128;
  else value = (hashSeed(`${key}:${facts.noun}`) % 10) + 1;
  if (min !== undefined) value = Math.max(min, value);
  if (max !== undefined) value = Math.min(max, value);
  return integer ? Math.round(value) : value;
}

function booleanFor(key: string, facts: ProductFacts): boolean {
  const name = key.toLowerCase();
  if (/person|human|model|people|face/.test(name)) return false;
  if (/white.?background|plain/.test(name)) return (facts.brightness ?? 0) > 200;
  return /has|is|contains/.test(name) ? facts.text.includes(name.replace(/^(has|is|contains)_?/, "")) : false;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
