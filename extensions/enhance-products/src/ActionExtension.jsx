/** Product list, products selected → More actions → "Enhance with Glint". */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { EnhanceAction } from "../../shared/EnhanceAction.jsx";

export default async () => {
  render(<EnhanceAction productIds={shopify.data.selected.map((item) => item.id)} />, document.body);
};
