/**
 * Shared plumbing for the JSON API under /api/* (used by the app's own pages for polling, the admin
 * action extensions, and the demo smoke run). Every call is authenticated with the session token
 * (`authenticate.admin` handles Bearer tokens and CORS preflight), scoped to the token's shop, and
 * answers errors as `{ error: { code, message } }` with a merchant-readable message.
 */
import { z } from "zod";
import { appContext } from "./app-context.server";
import type { AppContext } from "./context.server";
import { isUserFacingError, UserFacingError } from "./errors";
import { ensureShop } from "./models/shops.server";
import { authenticate } from "./shopify.server";

type AdminContext = Awaited<ReturnType<typeof authenticate.admin>>;

export interface ApiRequest {
  ctx: AppContext;
  admin: AdminContext["admin"];
  session: AdminContext["session"];
  /** The shop row of the authenticated session: every query is scoped to it. */
  shop: Awaited<ReturnType<typeof ensureShop>>;
}

function errorResponse(error: unknown, ctx: AppContext): Response {
  if (error instanceof Response) return error;
  if (isUserFacingError(error)) {
    return Response.json(error.toJSON(), { status: error.httpStatus, headers: error.headers() });
  }
  if (error instanceof z.ZodError) {
    const message = error.issues
      .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
      .join("; ");
    return Response.json({ error: { code: "invalid_request", message } }, { status: 400 });
  }
  ctx.log.error({ err: error }, "api request failed");
  return Response.json(
    { error: { code: "internal", message: "Something went wrong on our side. Nothing was charged; please try again." } },
    { status: 500 },
  );
}

/** Wraps a loader/action body: auth, shop scoping, CORS and error mapping. */
export async function handleApi(request: Request, body: (api: ApiRequest) => Promise<unknown>): Promise<Response> {
  const ctx = appContext();
  // authenticate.admin throws Responses for preflight, invalid tokens and re-auth: pass them on.
  const { admin, session, cors } = await authenticate.admin(request);
  let response: Response;
  try {
    const shop = await ensureShop(ctx, session.shop);
    const result = await body({ ctx, admin, session, shop });
    response = result instanceof Response ? result : Response.json(result);
  } catch (error) {
    response = errorResponse(error, ctx);
  }
  return cors(response);
}

/** Parses a JSON body with a zod schema; a malformed body is a clear 400, never a 500. */
export async function readJson<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new UserFacingError({ code: "invalid_request", message: "The request body must be JSON.", httpStatus: 400 });
  }
  return schema.parse(raw);
}

export function notFound(what: string): UserFacingError {
  return new UserFacingError({ code: "not_found", message: `${what} was not found in your store.`, httpStatus: 404 });
}
