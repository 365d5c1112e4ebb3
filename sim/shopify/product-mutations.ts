import { randomUUID } from "node:crypto";
import { attachMedia, detachMedia } from "./file-mutations";
import { gid, idOf } from "./ids";
import { ingestMedia, isAcceptableSource, mediaKindFor } from "./media-ingest";
import { createProduct, updateProduct, type ProductFields } from "./products";
import { queryRoot } from "./query-root";
import type { SimContext } from "./runtime";
import { mediaStatus, type SimMedia, type SimProduct } from "./store";
import { productView, variantView } from "./views";

interface CreateMediaInput {
  originalSource: string;
  alt?: string;
  mediaContentType: string;
}

interface MediaUserError {
  field: string[];
  message: string;
  code?: string;
}

export function productMutations(context: SimContext) {
  const { sim, shop } = context;

  const findProduct = (id: string | undefined): SimProduct | undefined => shop.products.get(idOf(id ?? "", "Product") ?? -1);

  /** Validates then creates and attaches media; returns errors without creating anything on failure. */
  const addMedia = (product: SimProduct, inputs: CreateMediaInput[], field: string): { media: SimMedia[]; errors: MediaUserError[] } => {
    const errors = inputs.flatMap((input, index) => (isAcceptableSource(input.originalSource) ? [] : [{ field: [field, String(index), "originalSource"], message: "Image URL is invalid", code: "INVALID" }]));
    if (errors.length) return { media: [], errors };
    const media = inputs.map((input) => {
      const item = ingestMedia(sim, shop, { originalSource: input.originalSource, alt: input.alt, kind: mediaKindFor(input.mediaContentType, input.originalSource) });
      attachMedia(shop, item, product.id);
      return item;
    });
    return { media, errors: [] };
  };

  const productOnly = (product: SimProduct | undefined, field: string[]) =>
    product ? null : { field, message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" };

  return {
    productUpdate: (args: { product?: ProductFields & { id?: string }; input?: ProductFields & { id?: string }; identifier?: { id?: string }; media?: CreateMediaInput[] }) => {
      const fields = args.product ?? args.input ?? {};
      const product = findProduct(args.identifier?.id ?? fields.id);
      const missing = productOnly(product, ["id"]);
      if (missing || !product) return { product: null, userErrors: [missing] };
      const { errors } = addMedia(product, args.media ?? [], "media");
      if (errors.length) return { product: null, userErrors: errors };
      updateProduct(shop, product, fields);
      return { product: productView(context, product), userErrors: [] };
    },

    productSet: (args: { identifier?: { id?: string; handle?: string }; input: ProductFields & { files?: { id?: string; originalSource?: string; alt?: string; contentType?: string; filename?: string }[] } }) => {
      const { files, ...fields } = args.input;
      let product = args.identifier?.id ? findProduct(args.identifier.id) : args.identifier?.handle ? [...shop.products.values()].find((p) => p.handle === args.identifier!.handle) : undefined;
      if (args.identifier && !product) return { product: null, productSetOperation: null, userErrors: [{ field: ["identifier"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
      product = product ? updateProduct(shop, product, fields) : createProduct(sim.store, shop, fields);
      if (files) {
        // productSet replaces the product's media list with exactly the files given.
        const keep: number[] = [];
        for (const file of files) {
          const existing = file.id ? shop.media.get(idOf(file.id, "MediaImage", "Video", "GenericFile") ?? -1) : undefined;
          const media = existing ?? (file.originalSource ? ingestMedia(sim, shop, { originalSource: file.originalSource, alt: file.alt, filename: file.filename, kind: mediaKindFor(file.contentType, file.originalSource) }) : undefined);
          if (!media) continue;
          if (existing && file.alt !== undefined) existing.alt = file.alt;
          keep.push(media.id);
          if (!media.productIds.includes(product.id)) media.productIds.push(product.id);
        }
        for (const removed of product.mediaIds.filter((id) => !keep.includes(id))) {
          const media = shop.media.get(removed);
          if (media) media.productIds = media.productIds.filter((id) => id !== product!.id);
        }
        product.mediaIds = keep;
        for (const variant of product.variants) variant.mediaIds = variant.mediaIds.filter((id) => keep.includes(id));
      }
      return { product: productView(context, product), productSetOperation: null, userErrors: [] };
    },

    productDeleteMedia: (args: { productId: string; mediaIds: string[] }) => {
      const product = findProduct(args.productId);
      if (!product) return { deletedMediaIds: null, deletedProductImageIds: null, product: null, mediaUserErrors: [{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
      const ids = args.mediaIds.map((id) => idOf(id, "MediaImage", "Video", "GenericFile") ?? -1);
      const notOnProduct = ids.findIndex((id) => !product.mediaIds.includes(id));
      if (notOnProduct !== -1) {
        return { deletedMediaIds: null, deletedProductImageIds: null, product: productView(context, product), mediaUserErrors: [{ field: ["mediaIds"], message: `Media id ${args.mediaIds[notOnProduct]} does not exist on product`, code: "MEDIA_DOES_NOT_EXIST_ON_PRODUCT" }] };
      }
      for (const id of ids) {
        detachMedia(shop, id);
        shop.media.delete(id);
      }
      return { deletedMediaIds: args.mediaIds, deletedProductImageIds: ids.map((id) => gid("ProductImage", id)), product: productView(context, product), mediaUserErrors: [] };
    },

    productReorderMedia: (args: { id: string; moves: { id: string; newPosition: string | number }[] }) => {
      const product = findProduct(args.id);
      if (!product) return { job: null, mediaUserErrors: [{ field: ["id"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
      const errors: MediaUserError[] = [];
      args.moves.forEach((move, index) => {
        const mediaId = idOf(move.id, "MediaImage", "Video", "GenericFile") ?? -1;
        if (!product.mediaIds.includes(mediaId)) errors.push({ field: ["moves", String(index), "id"], message: "Media does not exist on product", code: "MEDIA_DOES_NOT_EXIST_ON_PRODUCT" });
      });
      if (errors.length) return { job: null, mediaUserErrors: errors };
      for (const move of args.moves) {
        const mediaId = idOf(move.id)!;
        const rest = product.mediaIds.filter((id) => id !== mediaId);
        rest.splice(Math.min(Number(move.newPosition), rest.length), 0, mediaId);
        product.mediaIds = rest;
      }
      product.updatedAt = Date.now();
      // Shopify reorders asynchronously and hands back a Job; the simulator applies it at once.
      return { job: { __typename: "Job", id: gid("Job", randomUUID()), done: false, query: () => queryRoot(context) }, mediaUserErrors: [] };
    },

    productVariantAppendMedia: (args: { productId: string; variantMedia: { variantId: string; mediaIds: string[] }[] }) => {
      const product = findProduct(args.productId);
      if (!product) return { product: null, productVariants: null, userErrors: [{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
      const errors: MediaUserError[] = [];
      const changes = args.variantMedia.map((input, index) => {
        const variant = product.variants.find((v) => v.id === idOf(input.variantId, "ProductVariant"));
        const mediaIds = input.mediaIds.map((id) => idOf(id, "MediaImage", "Video") ?? -1);
        if (!variant) errors.push({ field: ["variantMedia", String(index), "variantId"], message: "Variant does not exist on the specified product", code: "PRODUCT_VARIANT_DOES_NOT_EXIST_ON_PRODUCT" });
        else if (mediaIds.length !== 1) errors.push({ field: ["variantMedia", String(index), "mediaIds"], message: "Only one media can be attached to a variant", code: "TOO_MANY_MEDIA_PER_INPUT_PAIR" });
        else if (!product.mediaIds.includes(mediaIds[0])) errors.push({ field: ["variantMedia", String(index), "mediaIds"], message: "Media does not exist on the specified product", code: "MEDIA_DOES_NOT_EXIST_ON_PRODUCT" });
        else if (mediaStatus(shop.media.get(mediaIds[0])!) !== "READY") errors.push({ field: ["variantMedia", String(index), "mediaIds"], message: "Non-ready media cannot be attached to variants", code: "NON_READY_MEDIA" });
        else if (variant.mediaIds.length > 0) errors.push({ field: ["variantMedia", String(index), "variantId"], message: "The variant already has attached media", code: "PRODUCT_VARIANT_ALREADY_HAS_MEDIA" });
        return { variant, mediaIds };
      });
      if (errors.length) return { product: null, productVariants: null, userErrors: errors };
      for (const { variant, mediaIds } of changes) variant!.mediaIds = mediaIds;
      return { product: productView(context, product), productVariants: changes.map(({ variant }) => variantView(context, product, variant!)), userErrors: [] };
    },

    productVariantDetachMedia: (args: { productId: string; variantMedia: { variantId: string; mediaIds: string[] }[] }) => {
      const product = findProduct(args.productId);
      if (!product) return { product: null, productVariants: null, userErrors: [{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
      const errors: MediaUserError[] = [];
      const changes = args.variantMedia.map((input, index) => {
        const variant = product.variants.find((v) => v.id === idOf(input.variantId, "ProductVariant"));
        const mediaIds = input.mediaIds.map((id) => idOf(id) ?? -1);
        if (!variant) errors.push({ field: ["variantMedia", String(index), "variantId"], message: "Variant does not exist on the specified product", code: "PRODUCT_VARIANT_DOES_NOT_EXIST_ON_PRODUCT" });
        else if (mediaIds.some((id) => !variant.mediaIds.includes(id))) errors.push({ field: ["variantMedia", String(index), "mediaIds"], message: "Media is not attached to the variant", code: "MEDIA_IS_NOT_ATTACHED_TO_VARIANT" });
        return { variant, mediaIds };
      });
      if (errors.length) return { product: null, productVariants: null, userErrors: errors };
      for (const { variant, mediaIds } of changes) variant!.mediaIds = variant!.mediaIds.filter((id) => !mediaIds.includes(id));
      return { product: productView(context, product), productVariants: changes.map(({ variant }) => variantView(context, product, variant!)), userErrors: [] };
    },

    productVariantsBulkUpdate: (args: { productId: string; media?: CreateMediaInput[]; variants: { id?: string; mediaId?: string; mediaSrc?: string[]; price?: string; compareAtPrice?: string | null }[] }) => {
      const product = findProduct(args.productId);
      if (!product) return { product: null, productVariants: null, userErrors: [{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
      const errors: MediaUserError[] = [];
      args.variants.forEach((input, index) => {
        const variant = product.variants.find((v) => v.id === idOf(input.id ?? "", "ProductVariant"));
        if (!variant) errors.push({ field: ["variants", String(index), "id"], message: "Product variant does not exist", code: "PRODUCT_VARIANT_DOES_NOT_EXIST" });
        else if (input.mediaId && !product.mediaIds.includes(idOf(input.mediaId) ?? -1)) errors.push({ field: ["variants", String(index), "mediaId"], message: "Media does not exist on the specified product", code: "MEDIA_DOES_NOT_EXIST_ON_PRODUCT" });
      });
      if (errors.length) return { product: null, productVariants: null, userErrors: errors };
      const { media: created, errors: mediaErrors } = addMedia(product, args.media ?? [], "media");
      if (mediaErrors.length) return { product: null, productVariants: null, userErrors: mediaErrors };
      const variants = args.variants.map((input) => {
        const variant = product.variants.find((v) => v.id === idOf(input.id ?? "", "ProductVariant"))!;
        if (input.mediaId) variant.mediaIds = [idOf(input.mediaId)!];
        const fromSource = input.mediaSrc?.length ? created[(args.media ?? []).findIndex((m) => m.originalSource === input.mediaSrc![0])] : undefined;
        if (fromSource) variant.mediaIds = [fromSource.id];
        if (input.price !== undefined) variant.price = Number(input.price).toFixed(2);
        if (input.compareAtPrice !== undefined) variant.compareAtPrice = input.compareAtPrice === null ? null : Number(input.compareAtPrice).toFixed(2);
        variant.updatedAt = Date.now();
        return variant;
      });
      product.updatedAt = Date.now();
      return { product: productView(context, product), productVariants: variants.map((v) => variantView(context, product, v)), userErrors: [] };
    },
  };
}
