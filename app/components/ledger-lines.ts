/**
 * The credit ledger in merchant language. Reservations and their releases are bookkeeping a
 * merchant should not have to reconcile, so each line says what happened to their credits.
 */
import type { LedgerKind } from "@prisma/client";

export interface LedgerLineInput {
  kind: LedgerKind;
  amount: number;
  reason: string | null;
  productTitle: string | null;
}

export function describeLedgerEntry(entry: LedgerLineInput): string {
  const product = entry.productTitle ? ` for ${entry.productTitle}` : "";
  switch (entry.kind) {
    case "grant":
      return entry.reason || "Credits added";
    case "reserve":
      return `Held while creating an image${product}`;
    case "release":
      return `Returned: image${product} was not used`;
    case "commit":
      return `Charged: image${product} published`;
    case "refund":
      return entry.reason ? `Refund: ${entry.reason}` : `Refund${product}`;
  }
}
