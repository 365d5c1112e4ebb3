/**
 * The OAuth 2.0 authorization-code bookkeeping the TikTok and YouTube simulators share: codes bound
 * to client, redirect URI and PKCE challenge, access tokens with a lifetime, refresh tokens, and
 * revocation (what a user does in the platform's "connected apps" settings). Each simulator wraps
 * it in its platform's own wire shapes; this holds no HTTP.
 */
import { createHash, randomBytes } from "node:crypto";

export interface GrantLifetimes {
  accessSeconds: number;
  refreshSeconds: number;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge?: string;
  challengeMethod?: string;
  expiresAt: number;
}

interface AccessGrant {
  scope: string;
  expiresAt: number;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  scope: string;
  expiresIn: number;
  refreshExpiresIn: number;
}

export type GrantFailure = "invalid_client" | "invalid_grant" | "redirect_uri_mismatch" | "invalid_pkce";

/** A code is single use and short-lived, as on every real authorization server. */
const CODE_TTL_MS = 10 * 60_000;

export class OAuthGrants {
  private readonly codes = new Map<string, PendingCode>();
  private readonly access = new Map<string, AccessGrant>();
  private readonly refresh = new Map<string, { scope: string; expiresAt: number }>();
  constructor(
    private readonly lifetimes: GrantLifetimes,
    private readonly tokenPrefix: { access: string; refresh: string; code: string },
  ) {}

  issueCode(input: Omit<PendingCode, "expiresAt">): string {
    const code = `${this.tokenPrefix.code}${randomBytes(18).toString("base64url")}`;
    this.codes.set(code, { ...input, expiresAt: Date.now() + CODE_TTL_MS });
    return code;
  }

  exchangeCode(input: { code: string; clientId: string; redirectUri?: string; codeVerifier?: string }): IssuedTokens | GrantFailure {
    const pending = this.codes.get(input.code);
    this.codes.delete(input.code);
    if (!pending || pending.expiresAt < Date.now()) return "invalid_grant";
    if (pending.clientId !== input.clientId) return "invalid_grant";
    if (pending.redirectUri !== input.redirectUri) return "redirect_uri_mismatch";
    if (pending.codeChallenge && !pkceMatches(pending.codeChallenge, pending.challengeMethod, input.codeVerifier)) return "invalid_pkce";
    return this.issueTokens(pending.scope);
  }

  /** Refresh: a new access token; the refresh token is rotated when `rotate` (TikTok), kept otherwise (Google). */
  refreshTokens(refreshToken: string, rotate: boolean): IssuedTokens | "invalid_grant" {
    const grant = this.refresh.get(refreshToken);
    if (!grant || grant.expiresAt < Date.now()) return "invalid_grant";
    if (!rotate) {
      const accessToken = this.newAccessToken(grant.scope);
      return { accessToken, refreshToken, scope: grant.scope, expiresIn: this.lifetimes.accessSeconds, refreshExpiresIn: Math.round((grant.expiresAt - Date.now()) / 1000) };
    }
    this.refresh.delete(refreshToken);
    return this.issueTokens(grant.scope);
  }

  /** The scope of a live access token, or undefined when it is unknown, expired or revoked. */
  verify(accessToken: string | undefined): string | undefined {
    if (!accessToken) return undefined;
    const grant = this.access.get(accessToken);
    return grant && grant.expiresAt > Date.now() ? grant.scope : undefined;
  }

  /** Revokes one token (access or refresh); revoking a refresh token also ends its access tokens, as Google does. */
  revokeToken(token: string): boolean {
    if (this.access.delete(token)) return true;
    if (this.refresh.delete(token)) {
      this.access.clear();
      return true;
    }
    return false;
  }

  /** The user removes the app: every token dies. */
  revokeAll(): void {
    this.access.clear();
    this.refresh.clear();
  }

  /** Access tokens expire now (refresh tokens stay good): how tests make the app refresh. */
  expireAccessTokens(): void {
    for (const grant of this.access.values()) grant.expiresAt = 0;
  }

  private issueTokens(scope: string): IssuedTokens {
    const refreshToken = `${this.tokenPrefix.refresh}${randomBytes(24).toString("base64url")}`;
    this.refresh.set(refreshToken, { scope, expiresAt: Date.now() + this.lifetimes.refreshSeconds * 1000 });
    return {
      accessToken: this.newAccessToken(scope),
      refreshToken,
      scope,
      expiresIn: this.lifetimes.accessSeconds,
      refreshExpiresIn: this.lifetimes.refreshSeconds,
    };
  }

  private newAccessToken(scope: string): string {
    const token = `${this.tokenPrefix.access}${randomBytes(24).toString("base64url")}`;
    this.access.set(token, { scope, expiresAt: Date.now() + this.lifetimes.accessSeconds * 1000 });
    return token;
  }
}

/** RFC 7636: S256 is base64url(sha256(verifier)); "plain" compares as is. */
function pkceMatches(challenge: string, method: string | undefined, verifier: string | undefined): boolean {
  if (!verifier) return false;
  const computed = method === "plain" ? verifier : createHash("sha256").update(verifier).digest("base64url");
  return computed === challenge;
}

/** The bearer token of a request, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}

/** A minimal consent page: the simulated user approves or denies the app (a form POST to the same URL). */
export function consentPage(input: { platform: string; appName: string; scope: string; action: string; hidden: Record<string, string> }): string {
  const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const fields = Object.entries(input.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(input.platform)}: authorize ${escape(input.appName)}</title></head>
<body style="font-family:sans-serif;max-width:420px;margin:48px auto">
<h1>${escape(input.platform)}</h1><p><strong>${escape(input.appName)}</strong> would like to: <code>${escape(input.scope)}</code></p>
<form method="post" action="${escape(input.action)}">${fields}
<button name="decision" value="allow" type="submit">Allow</button> <button name="decision" value="deny" type="submit">Cancel</button></form>
</body></html>`;
}
