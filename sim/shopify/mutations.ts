import { billingMutations } from "./billing";
import { bulkMutations } from "./bulk-operations";
import { fileMutations } from "./file-mutations";
import { productMutations } from "./product-mutations";
import type { SimContext } from "./runtime";

/** The Mutation root: every simulated mutation, grouped by area. */
export function mutationRoot(context: SimContext) {
  return { ...fileMutations(context), ...productMutations(context), ...billingMutations(context), ...bulkMutations(context) };
}
