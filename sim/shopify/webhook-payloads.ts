import { gid } from "./ids";
import type { SimMedia, SimOneTimePurchase, SimProduct, SimShop, SimSubscription } from "./store";
import { balanceUsedCents } from "./money";

/** REST-style payloads, shaped like the examples in Shopify's webhook reference. */

const restTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "-00:00");

export function productPayload(shop: SimShop, product: SimProduct, mediaUrl: (media: SimMedia) => string) {
  const media = product.mediaIds.map((id) => shop.media.get(id)).filter((m): m is SimMedia => !!m);
  const images = media
    .filter((m) => m.typename === "MediaImage")
    .map((m, index) => ({
      id: m.id,
      product_id: product.id,
      position: index + 1,
      created_at: restTime(m.createdAt),
      updated_at: restTime(m.updatedAt),
      alt: m.alt || null,
      width: m.width ?? null,
      height: m.height ?? null,
      src: mediaUrl(m),
      variant_ids: product.variants.filter((v) => v.mediaIds.includes(m.id)).map((v) => v.id),
      admin_graphql_api_id: gid("ProductImage", m.id),
    }));
  return {
    admin_graphql_api_id: gid("Product", product.id),
    body_html: product.descriptionHtml,
    created_at: restTime(product.createdAt),
    handle: product.handle,
    id: product.id,
    product_type: product.productType,
    published_at: product.status === "ACTIVE" ? restTime(product.createdAt) : null,
    template_suffix: null,
    title: product.title,
    updated_at: restTime(product.updatedAt),
    vendor: product.vendor,
    status: product.status.toLowerCase(),
    published_scope: "global",
    tags: product.tags.join(", "),
    variants: product.variants.map((variant, index) => ({
      admin_graphql_api_id: gid("ProductVariant", variant.id),
      barcode: null,
      compare_at_price: variant.compareAtPrice,
      created_at: restTime(variant.createdAt),
      id: variant.id,
      inventory_policy: "deny",
      position: index + 1,
      price: variant.price,
      product_id: product.id,
      sku: variant.sku,
      taxable: true,
      title: variant.title,
      updated_at: restTime(variant.updatedAt),
      option1: variant.selectedOptions[0]?.value ?? null,
      option2: variant.selectedOptions[1]?.value ?? null,
      option3: variant.selectedOptions[2]?.value ?? null,
      image_id: variant.mediaIds[0] ?? null,
      inventory_quantity: variant.inventoryQuantity,
    })),
    options: product.options.map((option, index) => ({ name: option.name, id: option.id, product_id: product.id, position: index + 1, values: option.values })),
    images,
    image: images[0] ?? null,
    media: media.map((m, index) => ({
      id: m.id,
      product_id: product.id,
      position: index + 1,
      created_at: restTime(m.createdAt),
      updated_at: restTime(m.updatedAt),
      alt: m.alt || null,
      status: "READY",
      media_content_type: m.typename === "Video" ? "VIDEO" : "IMAGE",
      preview_image: { width: m.width ?? null, height: m.height ?? null, src: mediaUrl(m), status: "READY" },
      variant_ids: product.variants.filter((v) => v.mediaIds.includes(m.id)).map((v) => v.id),
      admin_graphql_api_id: gid(m.typename, m.id),
    })),
    variant_gids: product.variants.map((v) => ({ admin_graphql_api_id: gid("ProductVariant", v.id), updated_at: restTime(v.updatedAt) })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

export function productDeletePayload(productId: number) {
  return { id: productId };
}

export function shopPayload(shop: SimShop) {
  return {
    id: shop.id,
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    province: null,
    country: "US",
    address1: null,
    zip: null,
    city: null,
    source: null,
    phone: null,
    latitude: null,
    longitude: null,
    primary_locale: "en",
    address2: null,
    created_at: restTime(shop.createdAt),
    updated_at: restTime(shop.createdAt),
    country_code: "US",
    country_name: "United States",
    currency: shop.currencyCode,
    customer_email: shop.email,
    timezone: "(GMT+00:00) Etc/UTC",
    iana_timezone: "Etc/UTC",
    shop_owner: `${shop.name} Owner`,
    money_format: "${{amount}}",
    weight_unit: "kg",
    plan_display_name: { basic: "Basic", standard: "Shopify", advanced: "Advanced", plus: "Shopify Plus" }[shop.plan],
    plan_name: shop.plan === "plus" ? "shopify_plus" : shop.plan,
    myshopify_domain: shop.domain,
    password_enabled: false,
  };
}

export function subscriptionPayload(shop: SimShop, subscription: SimSubscription) {
  const recurring = subscription.lineItems.find((l) => l.kind === "recurring");
  const usage = subscription.lineItems.find((l) => l.kind === "usage");
  return {
    app_subscription: {
      admin_graphql_api_id: gid("AppSubscription", subscription.id),
      name: subscription.name,
      status: subscription.status,
      admin_graphql_api_shop_id: gid("Shop", shop.id),
      created_at: restTime(subscription.createdAt),
      updated_at: restTime(subscription.updatedAt),
      currency: (recurring ?? usage)?.currencyCode ?? shop.currencyCode,
      capped_amount: usage?.cappedAmount ?? null,
      price: recurring?.price ?? null,
      interval: (recurring?.interval ?? "EVERY_30_DAYS").toLowerCase(),
      plan_handle: null,
      balance_used: usage ? (balanceUsedCents(usage) / 100).toFixed(2) : null,
    },
  };
}

export function oneTimePurchasePayload(shop: SimShop, purchase: SimOneTimePurchase) {
  return {
    app_purchase_one_time: {
      admin_graphql_api_id: gid("AppPurchaseOneTime", purchase.id),
      name: purchase.name,
      status: purchase.status,
      admin_graphql_api_shop_id: gid("Shop", shop.id),
      created_at: restTime(purchase.createdAt),
      updated_at: restTime(purchase.updatedAt),
    },
  };
}

/** The three mandatory compliance topics. */
export function compliancePayload(shop: SimShop, topic: "customers/data_request" | "customers/redact" | "shop/redact", customerId = 191167) {
  const customer = { id: customerId, email: "john@example.com", phone: "555-625-1199" };
  if (topic === "shop/redact") return { shop_id: shop.id, shop_domain: shop.domain };
  if (topic === "customers/redact") return { shop_id: shop.id, shop_domain: shop.domain, customer, orders_to_redact: [299938, 280263, 220458] };
  return { shop_id: shop.id, shop_domain: shop.domain, orders_requested: [299938, 280263, 220458], customer, data_request: { id: 9999 } };
}
