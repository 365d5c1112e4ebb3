/** GET /api/credits — the shop's available credit balance. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleApi } from "../api.server";
import { getBalance } from "../billing/ledger.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, async ({ ctx, shop }) => ({ balance: await getBalance(ctx.db, shop.id) }));
}
