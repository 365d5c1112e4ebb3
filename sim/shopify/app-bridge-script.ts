/**
 * Stand-in for https://cdn.shopify.com/shopifycloud/app-bridge.js, served at /cdn/app-bridge.js.
 * It runs inside the embedded app's iframe and gives the app what App Bridge v4 gives it:
 * window.shopify (config, idToken, toast, loading, environment), a fetch that adds the session
 * token to same-origin requests, <ui-nav-menu> links shown by the admin frame, top-frame
 * redirects via the parent, and the session-token bounce page (shopify-reload).
 */
export const APP_BRIDGE_SCRIPT = String.raw`(function () {
  "use strict";
  if (window.shopify && window.shopify.__glintSim) return;
  var script = document.currentScript;
  var simOrigin = new URL(script.src).origin;
  var params = new URLSearchParams(location.search);
  function remember(key) {
    var value = params.get(key);
    try {
      if (value) sessionStorage.setItem("glint-sim:" + key, value);
      return value || sessionStorage.getItem("glint-sim:" + key);
    } catch (e) { return value; }
  }
  var host = remember("host");
  var shop = remember("shop");
  if (!shop && host) {
    try { shop = atob(host.replace(/-/g, "+").replace(/_/g, "/")).split("/").pop() + ".myshopify.com"; } catch (e) {}
  }
  var config = { apiKey: script.getAttribute("data-api-key") || "", shop: shop, host: host, locale: params.get("locale") || "en" };

  var cached = null;
  function idToken() {
    if (cached && cached.expires > Date.now() + 10000) return Promise.resolve(cached.token);
    return originalFetch(simOrigin + "/_sim/session-token?shop=" + encodeURIComponent(config.shop || ""), { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error("session token request failed: " + r.status); return r.json(); })
      .then(function (body) { cached = { token: body.token, expires: Date.now() + 50000 }; return body.token; });
  }

  function toParent(message) {
    if (window.parent !== window) window.parent.postMessage(Object.assign({ source: "glint-sim-app-bridge" }, message), "*");
  }
  function redirectTop(url) {
    if (window.parent !== window) toParent({ type: "redirect", url: String(url) });
    else location.assign(url);
  }

  var toastRoot = null;
  var toastCount = 0;
  function showToast(message, options) {
    options = options || {};
    if (!toastRoot) {
      toastRoot = document.createElement("div");
      toastRoot.setAttribute("data-glint-sim", "toasts");
      toastRoot.style.cssText = "position:fixed;left:50%;bottom:24px;transform:translateX(-50%);z-index:2147483647;display:flex;flex-direction:column;gap:8px;align-items:center";
      document.body.appendChild(toastRoot);
    }
    var id = "toast-" + ++toastCount;
    var el = document.createElement("div");
    el.id = id;
    el.setAttribute("role", options.isError ? "alert" : "status");
    el.className = "glint-sim-toast" + (options.isError ? " glint-sim-toast--error" : "");
    el.textContent = message;
    el.style.cssText = "padding:10px 16px;border-radius:8px;color:#fff;font:14px system-ui;box-shadow:0 4px 12px rgba(0,0,0,.2);background:" + (options.isError ? "#8e1f0b" : "#1a1a1a");
    toastRoot.appendChild(el);
    setTimeout(function () { el.remove(); if (options.onDismiss) options.onDismiss(); }, options.duration || 5000);
    return id;
  }

  var loadingBar = null;
  function loading(on) {
    if (on === undefined) return !!loadingBar;
    if (on && !loadingBar) {
      loadingBar = document.createElement("div");
      loadingBar.setAttribute("data-glint-sim", "loading");
      loadingBar.style.cssText = "position:fixed;top:0;left:0;height:3px;width:100%;background:#008060;z-index:2147483647";
      document.body.appendChild(loadingBar);
    } else if (!on && loadingBar) { loadingBar.remove(); loadingBar = null; }
  }

  // App Bridge v4 adds the session token to every same-origin fetch and follows reauthorize headers.
  var originalFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var request = new Request(input, init);
    if (new URL(request.url, location.href).origin !== location.origin) return originalFetch(input, init);
    function send(token, retried) {
      var headers = new Headers(request.headers);
      if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + token);
      return originalFetch(new Request(request.clone(), { headers: headers })).then(function (response) {
        var reauth = response.headers.get("X-Shopify-API-Request-Failure-Reauthorize-Url");
        if (reauth) { redirectTop(reauth); return response; }
        if (!retried && response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1") {
          cached = null;
          return idToken().then(function (fresh) { return send(fresh, true); });
        }
        return response;
      });
    }
    return idToken().then(function (token) { return send(token, false); });
  };

  // Server-rendered redirects call window.open(url, "_top"): route them through the admin frame.
  var originalOpen = window.open.bind(window);
  window.open = function (url, target, features) {
    if (target === "_top" || target === "_parent") { redirectTop(new URL(url, location.href).href); return null; }
    return originalOpen(url, target, features);
  };

  // <ui-nav-menu>: hidden in the app, its links shown by the admin frame's left nav.
  function publishNavMenu() {
    var menu = document.querySelector("ui-nav-menu");
    if (!menu) return;
    var items = Array.prototype.map.call(menu.querySelectorAll("a"), function (a) {
      return { label: a.textContent.trim(), href: a.getAttribute("href"), home: a.getAttribute("rel") === "home" };
    });
    toParent({ type: "nav-menu", items: items });
  }
  if (window.customElements && !customElements.get("ui-nav-menu")) {
    customElements.define("ui-nav-menu", class extends HTMLElement {
      connectedCallback() { this.style.display = "none"; setTimeout(publishNavMenu, 0); }
    });
  }
  new MutationObserver(function () { publishNavMenu(); }).observe(document.documentElement, { childList: true, subtree: true });

  window.addEventListener("message", function (event) {
    if (event.origin !== simOrigin || !event.data || event.data.source !== "glint-sim-admin") return;
    if (event.data.type === "navigate") {
      // Same event App Bridge dispatches; the Remix AppProvider turns it into a client navigation.
      var anchor = document.createElement("a");
      anchor.setAttribute("href", event.data.href);
      anchor.style.display = "none";
      document.body.appendChild(anchor);
      anchor.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
      anchor.remove();
      // Apps without a shopify:navigate listener get a full page load instead.
      var target = new URL(event.data.href, location.href);
      setTimeout(function () { if (location.pathname !== target.pathname) location.assign(target.href); }, 100);
    }
  });

  window.shopify = {
    __glintSim: true,
    config: config,
    environment: { embedded: window.parent !== window, mobile: false, pos: false },
    idToken: idToken,
    toast: { show: showToast, hide: function (id) { var el = document.getElementById(id); if (el) el.remove(); } },
    loading: loading,
    origin: simOrigin,
  };

  // The library's bounce page (patchSessionTokenPath) carries shopify-reload: come back with a fresh id_token.
  var reload = params.get("shopify-reload");
  if (reload) {
    idToken().then(function (token) {
      var target = new URL(reload, location.href);
      if (target.origin !== location.origin) return;
      target.searchParams.set("id_token", token);
      location.replace(target.href);
    });
  }
  document.addEventListener("DOMContentLoaded", publishNavMenu);
})();
`;
