-- Generation.variantId holds a Shopify ProductVariant GID (the variant the images are for).
-- Earlier rows stored the image number of a multi-image request there ("1", "2", …), which also
-- lives in options.variant: clear those so no code mistakes them for a variant.
UPDATE "Generation" SET "variantId" = NULL WHERE "variantId" IS NOT NULL AND "variantId" NOT LIKE 'gid://shopify/ProductVariant/%';
