import { describe, expect, it } from "vitest";
import { sameTopic, WEBHOOK_TOPICS } from "./webhook-intake.server";

describe("sameTopic", () => {
  it("matches the library's enum form and the header form for every topic", () => {
    for (const topic of Object.keys(WEBHOOK_TOPICS) as Array<keyof typeof WEBHOOK_TOPICS>) {
      expect(sameTopic(topic.toUpperCase().replaceAll("/", "_"), topic)).toBe(true);
      expect(sameTopic(topic, topic)).toBe(true);
    }
    expect(sameTopic("PRODUCTS_UPDATE", "products/create")).toBe(false);
  });
});
