/**
 * Toasts through App Bridge (`shopify.toast.show`). App Bridge is a global set by its script; it is
 * absent during server rendering and if the script failed to load, so every call is guarded: a
 * missing toast must never break the action it reports on.
 */
interface AppBridgeToast {
  toast?: { show(message: string, options?: { isError?: boolean; duration?: number }): void };
}

export function showToast(message: string, options: { isError?: boolean } = {}): void {
  if (typeof window === "undefined") return;
  const bridge = (window as unknown as { shopify?: AppBridgeToast }).shopify;
  bridge?.toast?.show(message, { isError: options.isError, duration: 5000 });
}
