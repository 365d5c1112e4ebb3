/**
 * Runs the Shopify store simulator on its own:
 *   tsx sim/shopify/main.ts --app-url http://127.0.0.1:3000 --api-key KEY --api-secret SECRET \
 *     [--port 4100] [--shop demo.myshopify.com] [--products 200] [--plan standard] [--seed 1]
 * Prints the simulator URL and the shop's offline access token as one JSON line, then serves
 * until SIGINT/SIGTERM. Drive it through the /_sim/ control API.
 */
import { parseArgs } from "node:util";
import { startShopifySim } from "./server";
import type { ShopPlan } from "./store";

const { values } = parseArgs({
  options: {
    "app-url": { type: "string" },
    "api-key": { type: "string" },
    "api-secret": { type: "string" },
    port: { type: "string", default: "0" },
    shop: { type: "string" },
    products: { type: "string", default: "24" },
    plan: { type: "string", default: "standard" },
    seed: { type: "string", default: "1" },
  },
});

const appUrl = values["app-url"];
const apiKey = values["api-key"];
const apiSecret = values["api-secret"];
if (!appUrl || !apiKey || !apiSecret) {
  console.error("usage: tsx sim/shopify/main.ts --app-url URL --api-key KEY --api-secret SECRET [--port N] [--shop DOMAIN] [--products N] [--plan PLAN] [--seed N]");
  process.exit(2);
}

const sim = await startShopifySim({ port: Number(values.port), seed: Number(values.seed), apiKey, apiSecret, appUrl });
const shop = values.shop ? sim.addShop({ domain: values.shop, productCount: Number(values.products), plan: values.plan as ShopPlan, seed: Number(values.seed) }) : undefined;
console.log(JSON.stringify({ url: sim.url, shop: shop?.domain, accessToken: shop?.accessToken }));

const stop = () => {
  sim.close().then(() => process.exit(0), () => process.exit(1));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
