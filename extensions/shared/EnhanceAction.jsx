/**
 * "Enhance with Glint" for one or many products: choose a style (or automatic), see the credits
 * needed against the balance, confirm, and follow the queued work in the app. Shared by the
 * product list (selection) and product page actions; `children` adds page-specific content.
 */
import { useEffect, useState } from "preact/hooks";
import { getQuote, progressUrl, requestGenerations, STYLES } from "./glint-api.js";

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function QuoteSummary({ quote }) {
  if (!quote) return <s-spinner accessibilityLabel="Working out the credits needed" />;
  if (quote.error) return <s-banner tone="critical">{quote.error}</s-banner>;
  return (
    <s-stack direction="block" gap="small-200">
      <s-text>
        Needs <s-text type="strong">{plural(quote.totalCredits, "credit")}</s-text> · you have {plural(quote.balance, "credit")}
      </s-text>
      {quote.blocked ? <s-banner tone="warning">{quote.blocked.message}</s-banner> : null}
    </s-stack>
  );
}

export function EnhanceAction({ productIds, children }) {
  const [style, setStyle] = useState("auto");
  const [quote, setQuote] = useState(null);
  const [phase, setPhase] = useState({ name: "choosing" });

  useEffect(() => {
    let current = true;
    setQuote(null);
    getQuote({ style, count: productIds.length })
      .then((q) => current && setQuote(q))
      .catch((error) => current && setQuote({ error: error.message }));
    return () => {
      current = false;
    };
  }, [style, productIds.length]);

  async function confirm() {
    setPhase({ name: "submitting" });
    try {
      const result = await requestGenerations({ productIds, style });
      setPhase({ name: "queued", batchId: result.batchId, count: result.generations?.length ?? productIds.length });
    } catch (error) {
      setPhase({ name: "error", message: error.message });
    }
  }

  const cannotConfirm = !quote || quote.error || quote.blocked || productIds.length === 0;
  if (phase.name === "queued") {
    return (
      <s-admin-action heading="Enhance with Glint">
        <s-stack direction="block" gap="base">
          <s-banner tone="success">{plural(phase.count, "image")} queued. Results arrive in your review queue.</s-banner>
          <s-link href={progressUrl(phase.batchId)}>Follow progress in Glint</s-link>
        </s-stack>
        <s-button slot="primary-action" onClick={() => shopify.close()}>
          Done
        </s-button>
      </s-admin-action>
    );
  }

  return (
    <s-admin-action heading="Enhance with Glint" loading={phase.name === "submitting"}>
      <s-stack direction="block" gap="base">
        <s-text>{plural(productIds.length, "product")} selected</s-text>
        <s-select label="Style" value={style} onChange={(event) => setStyle(event.currentTarget.value)}>
          {STYLES.map((option) => (
            <s-option key={option.value} value={option.value}>
              {option.label}
            </s-option>
          ))}
        </s-select>
        <QuoteSummary quote={quote} />
        {phase.name === "error" ? <s-banner tone="critical">{phase.message}</s-banner> : null}
        {children}
      </s-stack>
      <s-button slot="primary-action" variant="primary" disabled={cannotConfirm} onClick={confirm}>
        Queue
      </s-button>
      <s-button slot="secondary-actions" onClick={() => shopify.close()}>
        Cancel
      </s-button>
    </s-admin-action>
  );
}
