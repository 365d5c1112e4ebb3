/**
 * Shopify's search query syntax, as far as Glint uses it: `field:value`, `field:value*` prefixes,
 * comparisons (`created_at:>2024-01-01`), quoted values, `-field:value` / `NOT` negation, `OR`
 * between terms (AND is implied), and plain words matched against the default text fields.
 */
export interface SearchTerm {
  field: string | null;
  comparator: ":" | ">" | ">=" | "<" | "<=";
  value: string;
  negated: boolean;
}

/** Disjunctive normal form: OR of AND-groups. */
export type SearchQuery = SearchTerm[][];

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  const pattern = /(-?[\w.]+:(?:[<>]=?)?"[^"]*")|("[^"]*")|(\S+)/g;
  for (const match of query.matchAll(pattern)) tokens.push(match[0]);
  return tokens;
}

export function parseSearchQuery(query: string | null | undefined): SearchQuery {
  const groups: SearchQuery = [[]];
  let negateNext = false;
  for (const token of tokenize(query ?? "")) {
    if (token === "OR") {
      groups.push([]);
      continue;
    }
    if (token === "AND") continue;
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    let text = token;
    let negated = negateNext;
    negateNext = false;
    if (text.startsWith("-") && text.length > 1) {
      negated = true;
      text = text.slice(1);
    }
    const match = /^([\w.]+):((?:[<>]=?)?)(.*)$/.exec(text);
    const unquote = (value: string) => value.replace(/^"(.*)"$/, "$1");
    groups[groups.length - 1].push(
      match
        ? { field: match[1].toLowerCase(), comparator: (match[2] || ":") as SearchTerm["comparator"], value: unquote(match[3]), negated }
        : { field: null, comparator: ":", value: unquote(text), negated },
    );
  }
  return groups.filter((group) => group.length > 0);
}

/** How a searchable resource exposes its fields: text fields by name, and the default text. */
export interface Searchable {
  text(field: string): string | string[] | number | undefined;
  defaultText: string;
}

function matchesValue(actual: string | number, term: SearchTerm): boolean {
  if (term.comparator !== ":") {
    const left = typeof actual === "number" ? actual : Date.parse(actual) || Number(actual);
    const right = Date.parse(term.value) || Number(term.value);
    if (Number.isNaN(left) || Number.isNaN(right)) return false;
    if (term.comparator === ">") return left > right;
    if (term.comparator === ">=") return left >= right;
    if (term.comparator === "<") return left < right;
    return left <= right;
  }
  const haystack = String(actual).toLowerCase();
  const needle = term.value.toLowerCase();
  if (needle === "*") return haystack.length > 0;
  if (needle.endsWith("*")) return haystack.startsWith(needle.slice(0, -1)) || haystack.split(/\s+/).some((word) => word.startsWith(needle.slice(0, -1)));
  return haystack === needle;
}

function matchesTerm(item: Searchable, term: SearchTerm): boolean {
  let result: boolean;
  if (term.field === null) {
    const words = term.value.toLowerCase().replace(/\*$/, "");
    result = item.defaultText.toLowerCase().includes(words);
  } else {
    const actual = item.text(term.field);
    if (actual === undefined) result = false;
    else if (Array.isArray(actual)) result = actual.some((value) => matchesValue(value, term));
    // Field searches on text match whole words or prefixes, like Shopify's tokenised index.
    else if (typeof actual === "string" && term.comparator === ":" && !term.value.endsWith("*")) {
      const needle = term.value.toLowerCase();
      const haystack = actual.toLowerCase();
      result = haystack === needle || haystack.split(/[\s-]+/).includes(needle);
    } else result = matchesValue(actual, term);
  }
  return term.negated ? !result : result;
}

export function matchesSearch(item: Searchable, query: SearchQuery): boolean {
  return query.length === 0 || query.some((group) => group.every((term) => matchesTerm(item, term)));
}
