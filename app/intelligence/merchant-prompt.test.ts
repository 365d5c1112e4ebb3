import { describe, expect, it } from "vitest";
import { MERCHANT_PROMPT_MAX, merchantPromptSchema } from "./merchant-prompt";

const parse = (value: unknown) => merchantPromptSchema.safeParse(value);

describe("merchantPromptSchema", () => {
  it("keeps the merchant's words, trimmed and with whitespace collapsed", () => {
    expect(parse("  Mug on a walnut desk,\n\n soft morning light  ").data).toBe("Mug on a walnut desk, soft morning light");
  });

  it("removes markup and invisible characters instead of passing them to the model", () => {
    expect(parse("Mug <script>alert(1)</script> on <b>marble</b>\u200B\u202E").data).toBe("Mug alert(1) on marble");
  });

  it.each([
    ["", /Write a prompt/],
    ["   \n\t ", /Write a prompt/],
    ["<p></p>", /Write a prompt/],
    ["x".repeat(MERCHANT_PROMPT_MAX + 1), /under 2,000 characters/],
    ["x".repeat(MERCHANT_PROMPT_MAX * 4 + 1), /under 2,000 characters/],
    [42, /must be text/],
  ])("refuses %j with a sentence the merchant can act on", (value, message) => {
    const result = parse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it("accepts exactly the maximum length", () => {
    expect(parse("y".repeat(MERCHANT_PROMPT_MAX)).data).toHaveLength(MERCHANT_PROMPT_MAX);
  });
});
