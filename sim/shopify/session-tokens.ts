import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** App Bridge session tokens: HS256 JWTs signed with the app's secret, valid for 60 s. */
export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
  sig?: string;
}

const base64url = (input: Buffer | string) => Buffer.from(input).toString("base64url");

export function signJwt(claims: object, secret: string): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = base64url(JSON.stringify(claims));
  const signature = createHmac("sha256", secret).update(`${header}.${body}`).digest("base64url");
  return `${header}.${body}.${signature}`;
}

export function mintSessionToken(input: { shop: string; apiKey: string; apiSecret: string; userId?: number; lifetimeSeconds?: number }): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: SessionTokenClaims = {
    iss: `https://${input.shop}/admin`,
    dest: `https://${input.shop}`,
    aud: input.apiKey,
    sub: String(input.userId ?? 1),
    exp: now + (input.lifetimeSeconds ?? 60),
    nbf: now,
    iat: now,
    jti: randomUUID(),
    sid: createHmac("sha256", input.apiSecret).update(`${input.shop}:${input.userId ?? 1}`).digest("hex").slice(0, 32),
  };
  return signJwt(claims, input.apiSecret);
}

/** Verifies signature, audience and time window (5 s of clock leeway, like the libraries). */
export function verifySessionToken(token: string, input: { apiKey: string; apiSecret: string }): SessionTokenClaims {
  const [header, body, signature] = token.split(".");
  if (!header || !body || !signature) throw new Error("malformed token");
  const expected = createHmac("sha256", input.apiSecret).update(`${header}.${body}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error("signature does not match");
  const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as SessionTokenClaims;
  const now = Math.floor(Date.now() / 1000);
  if (claims.aud !== input.apiKey) throw new Error("audience does not match the app");
  if (claims.exp + 5 < now || claims.nbf - 5 > now) throw new Error("token expired or not yet valid");
  return claims;
}
