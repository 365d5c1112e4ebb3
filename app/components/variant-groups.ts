/**
 * The Product studio shows a product's images the way shoppers meet them: grouped by the variant
 * option that changes the look (colour, else the first option with several values whose variants
 * show images of their own: sizes that all show the same photos make no groups), each group with
 * the images its variants show, and the product's general images (on no variant) apart.
 */
export interface StudioVariant {
  id: string;
  title: string;
  selectedOptions: Array<{ name: string; value: string }>;
  media: { nodes: Array<{ id: string }> };
}

export interface VariantGroup {
  /** The option value shared by the group, e.g. "Black". */
  value: string;
  variantIds: string[];
  variantTitles: string[];
  /** Media GIDs shown by the group's variants, in gallery order. */
  mediaIds: string[];
}

export interface VariantGrouping {
  /** The option the groups are by (e.g. "Color"); null when the product has no such choice. */
  option: string | null;
  groups: VariantGroup[];
  /** Product media on no variant, in gallery order. */
  generalMediaIds: string[];
}

const COLOUR_OPTION = /^(colou?r|shade)$/i;

function distinctValues(variants: StudioVariant[], option: string): Set<string> {
  return new Set(variants.flatMap((v) => v.selectedOptions.filter((o) => o.name === option).map((o) => o.value)));
}

export function groupVariantsByOption(variants: StudioVariant[], galleryMediaIds: string[]): VariantGrouping {
  const names = [...new Set(variants.flatMap((v) => v.selectedOptions.map((o) => o.name)))];
  const onVariants = new Set(variants.flatMap((v) => v.media.nodes.map((m) => m.id)));
  const several = (name: string) => distinctValues(variants, name).size > 1;
  const option = names.find((n) => COLOUR_OPTION.test(n) && several(n)) ?? (onVariants.size ? names.find(several) : undefined) ?? null;
  const generalMediaIds = galleryMediaIds.filter((id) => !onVariants.has(id));
  if (!option) return { option: null, groups: [], generalMediaIds: galleryMediaIds };

  const groups = new Map<string, VariantGroup>();
  for (const variant of variants) {
    const value = variant.selectedOptions.find((o) => o.name === option)?.value;
    if (value === undefined) continue;
    const group = groups.get(value) ?? { value, variantIds: [], variantTitles: [], mediaIds: [] };
    group.variantIds.push(variant.id);
    group.variantTitles.push(variant.title);
    for (const media of variant.media.nodes) if (!group.mediaIds.includes(media.id)) group.mediaIds.push(media.id);
    groups.set(value, group);
  }
  const position = (id: string) => {
    const index = galleryMediaIds.indexOf(id);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  for (const group of groups.values()) group.mediaIds.sort((a, b) => position(a) - position(b));
  return { option, groups: [...groups.values()], generalMediaIds };
}

/** The group a generation made for one variant belongs to (undefined: a general result). */
export function groupOfVariant(grouping: VariantGrouping, variantId: string | null | undefined): VariantGroup | undefined {
  return variantId ? grouping.groups.find((g) => g.variantIds.includes(variantId)) : undefined;
}
