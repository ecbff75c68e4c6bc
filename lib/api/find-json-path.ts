// Locating the part of a parsed JSON body that a body-wide check refused, so the 400 can name the
// field (a JSON pointer, RFC 6901) instead of "somewhere in the body". Only called once a cheap
// text check has already found a problem: never on the accepted path.

type TVisit = (key: string | null, value: unknown, depth: number) => boolean;

/** The pointer of the first key or value (depth-first) for which `isBad` holds, or null. */
export function findJsonPointer(root: unknown, isBad: TVisit): string | null {
  const found = walk(root, isBad, null, []);
  return found === null ? null : found.map((part) => `/${escapePointer(part)}`).join("");
}

/** The pointer of the first object or array nested `max` levels below the root (as isDeeperThan counts). */
export function findTooDeep(root: unknown, max: number): string | null {
  return findJsonPointer(
    root,
    (_key, value, depth) => value !== null && typeof value === "object" && depth >= max,
  );
}

// NUL and unpaired UTF-16 surrogates: valid in JavaScript strings, refused by PostgreSQL's text
// and jsonb (22P05 "unsupported Unicode escape sequence", which would otherwise be a 500).
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is looked for.
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The pointer of the first key or string PostgreSQL cannot store, or null. */
export function findUnstorableText(root: unknown): string | null {
  return findJsonPointer(
    root,
    (key, value) =>
      (key !== null && UNSTORABLE_TEXT.test(key)) ||
      (typeof value === "string" && UNSTORABLE_TEXT.test(value)),
  );
}

/** "/nodes/1/label" → "nodes.1.label" (the dotted paths of form and action errors). */
export function pointerToPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .join(".");
}

function walk(value: unknown, isBad: TVisit, key: string | null, path: string[]): string[] | null {
  if (isBad(key, value, path.length)) return path;
  if (value === null || typeof value !== "object") return null;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  for (const [childKey, child] of entries) {
    const found = walk(child, isBad, Array.isArray(value) ? null : childKey, [...path, childKey]);
    if (found) return found;
  }
  return null;
}

const escapePointer = (part: string) => part.replaceAll("~", "~0").replaceAll("/", "~1");
