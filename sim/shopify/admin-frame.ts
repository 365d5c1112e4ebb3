import type { SimRuntime } from "./runtime";
import { mintSessionToken } from "./session-tokens";
import type { SimShop } from "./store";

export { APP_BRIDGE_SCRIPT } from "./app-bridge-script";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Shopify's host parameter: base64 of "admin.shopify.com/store/{handle}" without padding. (Plain
 * base64, not base64url: @shopify/shopify-api rejects hosts outside [A-Za-z0-9+/].)
 */
export function hostParam(handle: string): string {
  return Buffer.from(`admin.shopify.com/store/${handle}`).toString("base64").replace(/=+$/, "");
}

/** The iframe URL Shopify's admin loads for an embedded app. */
export function embeddedAppUrl(sim: SimRuntime, shop: SimShop, appPath: string, extraSearch = ""): string {
  const url = new URL(`${sim.appUrl}/app${appPath}`);
  new URLSearchParams(extraSearch).forEach((value, key) => url.searchParams.set(key, value));
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shop.domain);
  url.searchParams.set("host", hostParam(shop.handle));
  url.searchParams.set("id_token", mintSessionToken({ shop: shop.domain, apiKey: sim.apiKey, apiSecret: sim.apiSecret }));
  url.searchParams.set("locale", "en");
  return url.href;
}

/**
 * A minimal Shopify admin: top bar, left nav with the app's <ui-nav-menu> items (sent by the
 * App Bridge stand-in), and the app in an iframe. Redirect requests from the app navigate the top
 * window; app URLs under admin.shopify.com are mapped back onto the simulator.
 */
export function adminFrameHtml(input: { sim: SimRuntime; shop: SimShop; appPath: string; search: string }): string {
  const { sim, shop } = input;
  const appOrigin = new URL(sim.appUrl).origin;
  const adminBase = `/admin/store/${shop.handle}/apps/${sim.apiKey}`;
  const iframeSrc = embeddedAppUrl(sim, shop, input.appPath, input.search);
  const staticNav = ["Home", "Orders", "Products", "Customers", "Content", "Analytics", "Marketing", "Discounts"];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(shop.name)} · Glint · Shopify (simulated)</title>
<style>
  body{margin:0;font:14px system-ui,-apple-system,sans-serif;background:#f1f1f1;color:#303030;display:grid;grid-template-rows:56px 1fr;grid-template-columns:240px 1fr;height:100vh}
  header{grid-column:1/3;background:#1a1a1a;color:#fff;display:flex;align-items:center;gap:16px;padding:0 16px}
  header .logo{font-weight:700;color:#95bf47}
  header input{flex:0 1 480px;margin:0 auto;border-radius:8px;border:0;padding:8px 12px;background:#303030;color:#fff}
  nav{background:#ebebeb;padding:12px 8px;overflow:auto}
  nav a{display:block;padding:6px 12px;border-radius:8px;color:#303030;text-decoration:none}
  nav a.active,nav a:hover{background:#fff}
  nav .section{margin:16px 12px 4px;font-size:12px;color:#616161}
  nav .app a{padding-left:24px}
  main{padding:0;overflow:hidden}
  iframe{border:0;width:100%;height:100%;background:#fff}
</style></head>
<body>
<header><span class="logo">shopify</span><input aria-label="Search" placeholder="Search"><span>${escapeHtml(shop.name)}</span></header>
<nav aria-label="Admin">
  ${staticNav.map((label) => `<a href="#" aria-disabled="true">${label}</a>`).join("\n  ")}
  <div class="section">Apps</div>
  <div class="app" id="app-nav"><a href="${adminBase}" data-app-href="/app">Glint</a></div>
</nav>
<main><iframe id="app-iframe" name="app-iframe" title="Glint" src="${escapeHtml(iframeSrc)}" allow="clipboard-write"></iframe></main>
<script>
(function () {
  var appOrigin = ${JSON.stringify(appOrigin)};
  var adminBase = ${JSON.stringify(adminBase)};
  var simOrigin = location.origin;
  var frame = document.getElementById("app-iframe");
  var navRoot = document.getElementById("app-nav");
  function adminPathFor(href) {
    var url = new URL(href, appOrigin);
    return adminBase + url.pathname.replace(/^\\/app/, "") + url.search;
  }
  function markActive() {
    Array.prototype.forEach.call(navRoot.querySelectorAll("a"), function (a) {
      a.classList.toggle("active", a.getAttribute("href") === location.pathname);
    });
  }
  navRoot.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-app-href]");
    if (!link) return;
    event.preventDefault();
    history.pushState(null, "", link.getAttribute("href"));
    frame.contentWindow.postMessage({ source: "glint-sim-admin", type: "navigate", href: link.getAttribute("data-app-href") }, appOrigin);
    markActive();
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== appOrigin || !event.data || event.data.source !== "glint-sim-app-bridge") return;
    if (event.data.type === "nav-menu") {
      navRoot.innerHTML = "";
      event.data.items.forEach(function (item) {
        var a = document.createElement("a");
        a.textContent = item.home ? "Glint" : item.label;
        a.setAttribute("href", adminPathFor(item.href));
        a.setAttribute("data-app-href", item.href);
        navRoot.appendChild(a);
      });
      markActive();
    } else if (event.data.type === "redirect") {
      // Real admin URLs for this app map onto the simulated admin.
      var target = String(event.data.url).replace(/^https:\\/\\/admin\\.shopify\\.com\\//, simOrigin + "/admin/");
      location.assign(target);
    }
  });
  markActive();
})();
</script>
</body></html>`;
}
