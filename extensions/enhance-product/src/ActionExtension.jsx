/** Product page → More actions → "Enhance with Glint", with the product's latest Glint results. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { EnhanceAction } from "../../shared/EnhanceAction.jsx";
import { productResults } from "../../shared/glint-api.js";

const STATUS_LABEL = {
  ready_for_review: "Ready for review",
  publishing: "Publishing",
  published: "Published",
  reverted: "Reverted",
  failed: "Failed",
};

function LatestResults({ productId }) {
  const [results, setResults] = useState(null);
  useEffect(() => {
    productResults(productId)
      .then((body) => setResults({ items: body.results.slice(0, 4) }))
      .catch((error) => setResults({ error: error.message }));
  }, [productId]);

  if (!results) return <s-spinner accessibilityLabel="Loading Glint results" />;
  if (results.error) return <s-text tone="critical">{results.error}</s-text>;
  if (results.items.length === 0) return <s-text color="subdued">No Glint images for this product yet.</s-text>;
  return (
    <s-stack direction="block" gap="small-200">
      <s-heading>Latest Glint results</s-heading>
      <s-stack direction="inline" gap="small-200">
        {results.items.map((item) => (
          <s-stack key={item.generationId} direction="block" gap="small-300" inlineSize="96px">
            {item.previewUrl ? <s-image src={item.previewUrl} alt={`${item.style} result`} aspectRatio="1" objectFit="cover" /> : null}
            <s-text>{STATUS_LABEL[item.status] ?? item.status.replaceAll("_", " ")}</s-text>
          </s-stack>
        ))}
      </s-stack>
    </s-stack>
  );
}

function Extension() {
  const productId = shopify.data.selected[0].id;
  return (
    <EnhanceAction productIds={[productId]}>
      <LatestResults productId={productId} />
    </EnhanceAction>
  );
}

export default async () => {
  render(<Extension />, document.body);
};
