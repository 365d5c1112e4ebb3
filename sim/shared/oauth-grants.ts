/**
 * The OAuth 2.0 authorization-code bookkeeping the TikTok and YouTube simulators share: codes bound
 * to client, redirect URI and PKCE challenge, access tokens with a lifetime, refresh tokens, and
 * revocation (what a user does in the platform's "connected apps" settings). Each simulator wraps
 * it in its platform's own wire shapes; this holds no HTTP.
 */
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, sendBytes, sendJson } from "./http";

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

export interface AuthorizeOptions {
  platform: string;
  /** The authorize path (the consent form posts back to it). */
  path: string;
  /** client_key (TikTok) or client_id (Google). */
  clientParam: string;
  clientId: string;
  /** "," (TikTok) or " " (Google). */
  scopeSeparator: string;
  knownScopes: string[];
  /** The redirect's granted-scope parameter: scopes (TikTok) or scope (Google). */
  grantedScopeParam: string;
  /** A cancelled consent also says why (TikTok's error_description). */
  denialDescription?: string;
}

/**
 * The authorization endpoint: GET shows the consent page (the simulated user's Allow/Cancel), the
 * form POST redirects to redirect_uri with code + granted scopes (or error=access_denied) and state.
 * PKCE (code_challenge, S256 or plain) is bound to the code when the client sends it.
 */
export async function handleAuthorize(grants: OAuthGrants, options: AuthorizeOptions, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const params = req.method === "POST" ? new URLSearchParams((await readBody(req)).toString("utf8")) : url.searchParams;
  const clientId = params.get(options.clientParam) ?? "";
  const redirectUri = params.get("redirect_uri") ?? "";
  const scope = params.get("scope") ?? "";
  const plain = (status: number, text: string) => sendBytes(res, status, text, "text/plain; charset=utf-8");
  if (clientId !== options.clientId) return plain(401, `Error 401: invalid_client. ${options.clientParam}: unknown application.`);
  if (params.get("response_type") !== "code" || !URL.canParse(redirectUri)) {
    return plain(400, "Error 400: invalid_request. response_type must be code and redirect_uri an absolute URL.");
  }
  if (req.method !== "POST") {
    return sendBytes(res, 200, consentPage(options.platform, scope, options.path, Object.fromEntries(params.entries())), "text/html; charset=utf-8");
  }
  const target = new URL(redirectUri);
  if (params.get("decision") !== "allow") {
    target.searchParams.set("error", "access_denied");
    if (options.denialDescription) target.searchParams.set("error_description", options.denialDescription);
  } else {
    const granted = scope
      .split(options.scopeSeparator)
      .filter((s) => options.knownScopes.includes(s))
      .join(options.scopeSeparator);
    const code = grants.issueCode({
      clientId,
      redirectUri,
      scope: granted,
      codeChallenge: params.get("code_challenge") ?? undefined,
      challengeMethod: params.get("code_challenge_method") ?? undefined,
    });
    target.searchParams.set("code", code);
    target.searchParams.set(options.grantedScopeParam, granted);
  }
  const state = params.get("state");
  if (state !== null) target.searchParams.set("state", state);
  res.writeHead(302, { location: target.toString(), "content-length": 0 });
  res.end();
}

/**
 * The control endpoints both platform simulators mount: POST /_sim/revoke (the user removes the app
 * in the platform's settings: every token dies), POST /_sim/expire-tokens (access tokens expire,
 * refresh tokens stay). Returns false when the request is for neither.
 */
export function handleGrantControl(grants: OAuthGrants, route: string, res: ServerResponse): boolean {
  if (route === "POST /_sim/revoke") {
    grants.revokeAll();
    sendJson(res, 200, { revoked: true });
    return true;
  }
  if (route === "POST /_sim/expire-tokens") {
    grants.expireAccessTokens();
    sendJson(res, 200, { expired: true });
    return true;
  }
  return false;
}

function consentPage(platform: string, scope: string, action: string, hidden: Record<string, string>): string {
  const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const fields = Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(platform)}: authorize Glint</title></head>
<body style="font-family:sans-serif;max-width:420px;margin:48px auto">
<h1>${escape(platform)}</h1><p><strong>Glint</strong> would like to: <code>${escape(scope)}</code></p>
<form method="post" action="${escape(action)}">${fields}
<button name="decision" value="allow" type="submit">Allow</button> <button name="decision" value="deny" type="submit">Cancel</button></form>
</body></html>`;
}
