import { describe, expect, it } from "vitest";
import { z } from "zod";
import { answerForSchema, extractFacts } from "./schema-answer";

// Draft 2020-12 features OpenAI strict mode allows: $defs/$ref, anyOf with null, enums, bounds.
const schema = {
  type: "object",
  additionalProperties: false,
  required: ["product", "tags", "rating", "variant", "shots"],
  properties: {
    product: { $ref: "#/$defs/product" },
    tags: { type: "array", items: { type: "string", maxLength: 12 }, minItems: 2, maxItems: 5 },
    rating: { type: "integer", minimum: 3, maximum: 4 },
    variant: { anyOf: [{ type: "null" }, { type: "string", enum: ["small", "large"] }] },
    shots: { type: "array", maxItems: 2, items: { $ref: "#/$defs/shot" } },
  },
  $defs: {
    product: {
      type: "object",
      additionalProperties: false,
      required: ["title", "material", "category"],
      properties: {
        title: { type: "string", maxLength: 20 },
        material: { type: "string" },
        category: { type: "string", enum: ["bags", "jewellery", "homeware"] },
      },
    },
    shot: { type: "object", additionalProperties: false, required: ["scene", "confidence"], properties: { scene: { type: "string" }, confidence: { type: "number", minimum: 0, maximum: 1 } } },
  },
};

const Expected = z
  .object({
    product: z.object({ title: z.string().max(20), material: z.string(), category: z.enum(["bags", "jewellery", "homeware"]) }).strict(),
    tags: z.array(z.string().max(12)).min(2).max(5),
    rating: z.number().int().min(3).max(4),
    variant: z.enum(["small", "large"]).nullable(),
    shots: z.array(z.object({ scene: z.string(), confidence: z.number().min(0).max(1) }).strict()).max(2),
  })
  .strict();

describe("answerForSchema", () => {
  it("follows $ref, unions, enums and bounds, filling values from the product", () => {
    const facts = extractFacts("Title: Weekend holdall bag in full-grain leather, large size", { colour: "brown", brightness: 180, width: 800, height: 800 });
    const answer = Expected.parse(answerForSchema(schema, facts));
    expect(answer.product).toEqual({ title: "Weekend holdall bag", material: "leather", category: "bags" });
    expect(answer.variant).toBe("large");
    expect(answer.tags).toHaveLength(3);
  });

  it("is a pure function of the product facts", () => {
    const facts = extractFacts("Title: Ceramic vase", undefined);
    expect(JSON.stringify(answerForSchema(schema, facts))).toBe(JSON.stringify(answerForSchema(schema, extractFacts("Title: Ceramic vase", undefined))));
  });
});
