import { describe, expect, it } from "vitest";
import { jobPayload, sameTopic, WEBHOOK_TOPICS } from "./webhook-intake.server";

describe("sameTopic", () => {
  it("matches the library's enum form and the header form for every topic", () => {
    for (const topic of Object.keys(WEBHOOK_TOPICS) as Array<keyof typeof WEBHOOK_TOPICS>) {
      expect(sameTopic(topic.toUpperCase().replaceAll("/", "_"), topic)).toBe(true);
      expect(sameTopic(topic, topic)).toBe(true);
    }
    expect(sameTopic("PRODUCTS_UPDATE", "products/create")).toBe(false);
  });
});

describe("jobPayload", () => {
  const request = {
    shop_id: 954889,
    shop_domain: "shop.myshopify.com",
    orders_requested: [299938, 280263],
    customer: { id: 191167, email: "john@example.com", phone: "555-625-1199" },
    data_request: { id: 9999 },
  };

  it("keeps only ids of a customer request: no email or phone reaches the queue", () => {
    const kept = jobPayload("customers/data_request", request);
    expect(JSON.stringify(kept)).not.toMatch(/john@example\.com|555-625-1199/);
    expect(kept).toMatchObject({ shop_id: 954889, customer: { id: 191167 }, orders_requested: [299938, 280263], data_request: { id: 9999 } });
    expect(JSON.stringify(jobPayload("customers/redact", request))).not.toMatch(/john@example\.com/);
  });

  it("passes product payloads through", () => {
    const product = { admin_graphql_api_id: "gid://shopify/Product/1", title: "Mug" };
    expect(jobPayload("products/create", product)).toBe(product);
  });
});
