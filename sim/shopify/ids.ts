/** Shopify global ids: gid://shopify/{Type}/{number}[?query]. */
export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export interface ParsedGid {
  type: string;
  id: number;
}

export function parseGid(value: string): ParsedGid | undefined {
  const match = /^gid:\/\/shopify\/(\w+)\/(\d+)/.exec(value);
  return match ? { type: match[1], id: Number(match[2]) } : undefined;
}

/** Numeric id of a gid of the expected type (or of any listed type). */
export function idOf(value: string, ...types: string[]): number | undefined {
  const parsed = parseGid(value);
  return parsed && (types.length === 0 || types.includes(parsed.type)) ? parsed.id : undefined;
}
