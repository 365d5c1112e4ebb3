/**
 * How operators hear about spend events outside the app: a Notifier gets one notice per event
 * (a spend threshold crossed, a shop paused). The shipped one POSTs JSON to a webhook (Slack-style
 * incoming webhook, an email gateway, a pager); tests pass a recording double.
 */
export interface OperatorNotice {
  kind: "spend_threshold" | "shop_paused";
  /** One plain sentence with the figures. */
  message: string;
  shopId?: string;
  figures: Record<string, number | string>;
}

export interface Notifier {
  notify(notice: OperatorNotice): Promise<void>;
}

export const NOTIFIER_TIMEOUT_MS = 5_000;

/** POSTs `{ text, ...notice }` to `url`; a non-2xx answer or a timeout is an error. */
export function webhookNotifier(url: string, options: { timeoutMs?: number; fetch?: typeof fetch } = {}): Notifier {
  const send = options.fetch ?? fetch;
  return {
    async notify(notice) {
      const response = await send(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: notice.message, ...notice }),
        signal: AbortSignal.timeout(options.timeoutMs ?? NOTIFIER_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`Alert webhook answered HTTP ${response.status}`);
    },
  };
}

/** The configured notifier, or one that does nothing when no webhook is set. */
export function notifierFromEnv(env: { SPEND_ALERT_WEBHOOK_URL?: string }): Notifier {
  return env.SPEND_ALERT_WEBHOOK_URL ? webhookNotifier(env.SPEND_ALERT_WEBHOOK_URL) : { notify: async () => undefined };
}
