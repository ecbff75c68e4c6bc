/**
 * Klaviyo's `lookup` filter (`{{ person|lookup:'Favorite Color' }}`) needs per-object rules:
 * on `person` custom properties win over standard fields, `$first_name`-style names are accepted…
 * Scope objects carry their resolver under a symbol: Liquid reads properties by string name only,
 * JSON.stringify and `for` loops skip symbols, so a template can neither see nor call it.
 */
export const LOOKUP_RESOLVER: unique symbol = Symbol("hookflow.templating.lookup");

export type TLookupResolver = (key: string) => unknown;

type TWithResolver = { [LOOKUP_RESOLVER]?: TLookupResolver };

export function attachLookupResolver<T extends object>(target: T, resolve: TLookupResolver): T {
  Object.defineProperty(target, LOOKUP_RESOLVER, { value: resolve, enumerable: false });
  return target;
}

/** Own properties only: `lookup:'constructor'` or `lookup:'__proto__'` on plain data is undefined. */
export function lookupValue(target: unknown, key: string): unknown {
  if (target === null || typeof target !== "object") return undefined;
  const resolve = (target as TWithResolver)[LOOKUP_RESOLVER];
  if (typeof resolve === "function") return resolve(key);
  return readOwn(target, key);
}

export function readOwn(target: object, key: string): unknown {
  return Object.hasOwn(target, key) ? (target as Record<string, unknown>)[key] : undefined;
}
