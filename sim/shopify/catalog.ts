import { seededRandom, type SeededRandom } from "../shared/random";
import type { SimCollection, SimMedia, SimProduct, SimShop, SimVariant } from "./store";

interface Category {
  collection: string;
  productType: string;
  shape: string;
  nouns: string[];
  adjectives: string[];
  materials: string[];
  vendors: string[];
  tags: string[];
  /** Price range in cents. */
  price: [number, number];
  options: { name: string; values: string[] }[];
}

const COLOURS = ["Black", "White", "Navy", "Forest Green", "Burgundy", "Sand", "Charcoal", "Sky Blue", "Rose", "Olive"];
const SIZES = ["XS", "S", "M", "L", "XL"];

const CATEGORIES: Category[] = [
  { collection: "Watches", productType: "Watch", shape: "watch", nouns: ["Chronograph", "Field Watch", "Dive Watch", "Dress Watch", "Automatic Watch"], adjectives: ["Classic", "Heritage", "Minimal", "Expedition", "Midnight"], materials: ["Steel", "Titanium", "Leather Strap", "Rose Gold"], vendors: ["Tempus & Co", "Northwatch", "Atelier Horloge"], tags: ["watches", "gift", "accessories"], price: [8900, 64900], options: [{ name: "Color", values: ["Silver", "Black", "Gold"] }] },
  { collection: "Jewellery", productType: "Jewellery", shape: "ring", nouns: ["Ring", "Signet Ring", "Band", "Solitaire Ring"], adjectives: ["Delicate", "Bold", "Twisted", "Hammered", "Celestial"], materials: ["Sterling Silver", "14k Gold", "Platinum", "Rose Gold"], vendors: ["Lumen Jewels", "Maison Argent"], tags: ["jewellery", "gift", "wedding"], price: [3900, 129900], options: [{ name: "Size", values: ["5", "6", "7", "8", "9"] }] },
  { collection: "Apparel", productType: "Shirt", shape: "shirt", nouns: ["T-Shirt", "Oxford Shirt", "Polo", "Linen Shirt", "Henley"], adjectives: ["Everyday", "Relaxed", "Slim Fit", "Organic", "Vintage Wash"], materials: ["Cotton", "Linen", "Merino"], vendors: ["Common Thread", "Harbor Apparel", "Fieldhouse"], tags: ["apparel", "men", "women", "summer"], price: [1900, 8900], options: [{ name: "Color", values: COLOURS }, { name: "Size", values: SIZES }] },
  { collection: "Kitchen", productType: "Mug", shape: "mug", nouns: ["Mug", "Espresso Cup", "Latte Mug", "Travel Mug"], adjectives: ["Stoneware", "Speckled", "Glazed", "Handmade", "Double-Walled"], materials: ["Ceramic", "Porcelain", "Enamel"], vendors: ["Kiln & Table", "Morning Ritual"], tags: ["kitchen", "coffee", "home"], price: [1200, 4500], options: [{ name: "Color", values: ["Cream", "Slate", "Terracotta", "Sage"] }] },
  { collection: "Furniture", productType: "Chair", shape: "chair", nouns: ["Lounge Chair", "Dining Chair", "Stool", "Armchair"], adjectives: ["Mid-Century", "Scandinavian", "Industrial", "Upholstered"], materials: ["Oak", "Walnut", "Velvet", "Bouclé"], vendors: ["Form Studio", "Nordhaus", "Grain & Co"], tags: ["furniture", "living room", "home"], price: [12900, 149900], options: [{ name: "Color", values: ["Natural", "Walnut", "Black", "Olive"] }] },
  { collection: "Cosmetics", productType: "Skincare", shape: "bottle", nouns: ["Face Serum", "Cleansing Oil", "Toner", "Body Lotion", "Eau de Parfum"], adjectives: ["Hydrating", "Brightening", "Calming", "Botanical", "Overnight"], materials: ["Rosehip", "Vitamin C", "Hyaluronic", "Lavender"], vendors: ["Bloom Botanics", "Dew Lab", "Salt & Stone"], tags: ["beauty", "skincare", "vegan"], price: [1800, 9800], options: [{ name: "Size", values: ["30 ml", "50 ml", "100 ml"] }] },
  { collection: "Food & Drink", productType: "Pantry", shape: "box", nouns: ["Granola", "Hot Sauce", "Olive Oil", "Coffee Beans", "Tea Tin"], adjectives: ["Small Batch", "Smoked", "Single Origin", "Cold Pressed", "Spiced"], materials: ["Honey", "Chipotle", "Arbequina", "Ethiopian"], vendors: ["Pantry Provisions", "Hillside Farm"], tags: ["food", "gourmet", "organic"], price: [800, 3900], options: [{ name: "Size", values: ["Small", "Large"] }] },
  { collection: "Electronics", productType: "Electronics", shape: "phone", nouns: ["Phone Case", "Wireless Charger", "Earbuds", "Power Bank", "Smart Speaker"], adjectives: ["Slim", "Rugged", "Compact", "Pro", "Magnetic"], materials: ["Aluminium", "Silicone", "Recycled"], vendors: ["Voltline", "Circuit Goods"], tags: ["electronics", "tech", "gift"], price: [1900, 24900], options: [{ name: "Color", values: ["Black", "White", "Blue"] }] },
  { collection: "Bags", productType: "Bag", shape: "bag", nouns: ["Tote", "Backpack", "Crossbody Bag", "Weekender"], adjectives: ["Waxed", "Everyday", "Convertible", "Structured"], materials: ["Canvas", "Leather", "Nylon"], vendors: ["Carry Goods", "Wanderer Supply"], tags: ["bags", "travel", "accessories"], price: [3900, 29900], options: [{ name: "Color", values: ["Tan", "Black", "Olive"] }] },
  { collection: "Footwear", productType: "Shoes", shape: "shoe", nouns: ["Sneaker", "Chelsea Boot", "Loafer", "Running Shoe"], adjectives: ["Low-Top", "Classic", "Trail", "Suede"], materials: ["Leather", "Suede", "Knit"], vendors: ["Stride Co", "Cobbler & Sons"], tags: ["shoes", "footwear", "men", "women"], price: [5900, 22900], options: [{ name: "Size", values: ["38", "39", "40", "41", "42", "43", "44"] }, { name: "Color", values: ["Black", "White", "Tan"] }] },
];

export const CATALOG_CATEGORY_COUNT = CATEGORIES.length;

export function handleize(text: string): string {
  return text.toLowerCase().replace(/&/g, "and").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function cents(amount: number): string {
  return (amount / 100).toFixed(2);
}

function pickSome<T>(random: SeededRandom, items: readonly T[], min: number, max: number): T[] {
  const count = Math.min(items.length, random.int(min, max));
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count) chosen.push(pool.splice(random.int(0, pool.length - 1), 1)[0]);
  return chosen;
}

/** Cartesian product of option values (Color × Size …), capped to keep variant counts realistic. */
function combinations(options: { name: string; values: string[] }[], limit: number): { name: string; value: string }[][] {
  let combos: { name: string; value: string }[][] = [[]];
  for (const option of options) combos = combos.flatMap((combo) => option.values.map((value) => [...combo, { name: option.name, value }]));
  return combos.slice(0, limit);
}

/**
 * Fills a shop with a deterministic catalog: products spread over categories, each with variants,
 * options, tags, its category's collection (and maybe curated ones) and two to four seeded photos.
 * Photos are only described here; the CDN route renders them on first request, so 10,000 products
 * cost no image work up front.
 */
export function seedCatalog(shop: SimShop, input: { productCount: number; seed: number; nextId: () => number; now: number }): void {
  const random = seededRandom(input.seed);
  const collections = new Map<string, SimCollection>();
  for (const category of CATEGORIES) {
    const collection: SimCollection = {
      id: input.nextId(),
      title: category.collection,
      handle: handleize(category.collection),
      description: `Our ${category.collection.toLowerCase()} range.`,
      productIds: [],
      updatedAt: input.now,
    };
    collections.set(category.collection, collection);
    shop.collections.set(collection.id, collection);
  }
  const handleUses = new Map<string, number>();
  for (let index = 0; index < input.productCount; index++) {
    const category = CATEGORIES[index % CATEGORIES.length];
    const noun = random.pick(category.nouns);
    const material = random.pick(category.materials);
    const title = `${random.pick(category.adjectives)} ${material} ${noun}`;
    const baseHandle = handleize(title);
    const uses = (handleUses.get(baseHandle) ?? 0) + 1;
    handleUses.set(baseHandle, uses);
    const handle = uses === 1 ? baseHandle : `${baseHandle}-${uses}`;
    // Spread creation over the last year, oldest first, so created_at filters have something to cut.
    const createdAt = input.now - (input.productCount - index) * 3_600_000 - random.int(0, 3_599_999);
    const productId = input.nextId();
    const options = pickSome(random, category.options, 1, category.options.length).map((option) => ({
      id: input.nextId(),
      name: option.name,
      values: pickSome(random, option.values, 1, Math.min(4, option.values.length)),
    }));
    const basePrice = random.int(category.price[0] / 100, category.price[1] / 100) * 100 - 1;
    const variants: SimVariant[] = combinations(options, 12).map((selectedOptions, position) => ({
      id: input.nextId(),
      title: selectedOptions.map((o) => o.value).join(" / "),
      sku: `${category.productType.slice(0, 3).toUpperCase()}-${index + 1}-${position + 1}`,
      price: cents(basePrice + (selectedOptions.some((o) => o.name === "Size" && /XL|100|Large|44/.test(o.value)) ? 500 : 0)),
      compareAtPrice: random.chance(0.2) ? cents(Math.round(basePrice * 1.25)) : null,
      selectedOptions,
      inventoryQuantity: random.int(0, 120),
      mediaIds: [],
      createdAt,
      updatedAt: createdAt,
    }));
    const mediaIds: number[] = [];
    const photoCount = random.int(2, 4);
    for (let angle = 0; angle < photoCount; angle++) {
      const media: SimMedia = {
        id: input.nextId(),
        typename: "MediaImage",
        alt: angle === 0 ? title : "",
        filename: `${handle}-${angle + 1}.png`,
        mimeType: "image/png",
        createdAt,
        updatedAt: createdAt,
        source: { kind: "seeded", seed: (input.seed * 100_003 + index) >>> 0, angle, shape: category.shape },
        width: 1024,
        height: 1024,
        readyAt: createdAt,
        outcome: "ok",
        productIds: [productId],
      };
      shop.media.set(media.id, media);
      mediaIds.push(media.id);
    }
    const colours = options.find((o) => o.name === "Color")?.values ?? [];
    if (colours.length > 1) {
      // Each colour's variants show that colour's photo, as merchants usually set up; photos past
      // the last colour stay general (shown for every variant).
      for (const variant of variants) {
        const colour = variant.selectedOptions.find((o) => o.name === "Color")!.value;
        variant.mediaIds.push(mediaIds[colours.indexOf(colour) % mediaIds.length]);
      }
    }
    const collection = collections.get(category.collection)!;
    collection.productIds.push(productId);
    const product: SimProduct = {
      id: productId,
      title,
      handle,
      descriptionHtml: `<p>${title}: ${random.pick(category.adjectives).toLowerCase()} ${noun.toLowerCase()} in ${material.toLowerCase()}, made by ${random.pick(category.vendors)}.</p><ul><li>${material}</li><li>Ships in 2-3 days</li></ul>`,
      productType: category.productType,
      vendor: random.pick(category.vendors),
      tags: pickSome(random, category.tags, 1, 3).sort(),
      status: random.chance(0.9) ? "ACTIVE" : random.chance(0.5) ? "DRAFT" : "ARCHIVED",
      createdAt,
      updatedAt: createdAt + random.int(0, 86_400_000),
      options,
      variants,
      mediaIds,
      collectionIds: [collection.id],
    };
    shop.products.set(productId, product);
  }
  seedCuratedCollections(shop, input);
}

/**
 * Hand-picked collections across categories, as most stores have next to one per category, so a
 * product sits in one to three collections. Created after the products so their ids stay stable.
 */
function seedCuratedCollections(shop: SimShop, input: { nextId: () => number; now: number }): void {
  const products = [...shop.products.values()];
  const curated: Array<{ title: string; description: string; members: SimProduct[] }> = [
    { title: "Gift Ideas", description: "Presents for every budget.", members: products.filter((p) => p.tags.includes("gift")) },
    { title: "Bestsellers", description: "What customers buy most.", members: products.filter((_, index) => index % 3 === 0) },
  ];
  for (const { title, description, members } of curated) {
    const collection: SimCollection = { id: input.nextId(), title, handle: handleize(title), description, productIds: members.map((p) => p.id), updatedAt: input.now };
    shop.collections.set(collection.id, collection);
    for (const product of members) product.collectionIds.push(collection.id);
  }
}
