import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptToken, encryptToken } from "./token-crypto.server";

const key = randomBytes(32);
const binding = { shopId: "shop_1", platform: "tiktok" };

describe("token encryption", () => {
  it("round-trips and never contains the plaintext", () => {
    const sealed = encryptToken(key, "act.secret-access-token", binding);
    expect(sealed).not.toContain("secret-access-token");
    expect(decryptToken(key, sealed, binding)).toBe("act.secret-access-token");
  });

  it("gives a different ciphertext each time (random IV)", () => {
    expect(encryptToken(key, "same", binding)).not.toBe(encryptToken(key, "same", binding));
  });

  it("refuses a ciphertext moved to another shop or platform, another key, or tampered bytes", () => {
    const sealed = encryptToken(key, "token", binding);
    expect(() => decryptToken(key, sealed, { shopId: "shop_2", platform: "tiktok" })).toThrow();
    expect(() => decryptToken(key, sealed, { shopId: "shop_1", platform: "youtube" })).toThrow();
    expect(() => decryptToken(randomBytes(32), sealed, binding)).toThrow();
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptToken(key, parts.join("."), binding)).toThrow();
  });
});
