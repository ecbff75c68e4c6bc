import { invalid } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";

// Cursor pagination as Klaviyo does it: `page[cursor]` (opaque) and `page[size]`, with
// `links.next` carrying the full URL of the next page (absent on the last page). Cursors are
// keyset positions, so a page costs the same however deep it is.

export function readPageSize(url: URL, options: { defaultSize: number; maxSize: number }): number {
  const raw = url.searchParams.get("page[size]");
  if (raw === null || raw === "") return options.defaultSize;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > options.maxSize) {
    throw invalid(`page[size] must be a whole number from 1 to ${options.maxSize}`, "page[size]");
  }
  return size;
}

/**
 * The raw `page[cursor]`, or null. A full next-page URL is accepted too (some Klaviyo clients
 * pass `links.next` back as the cursor), and its own page[cursor] is used.
 */
export function readPageCursor(url: URL): string | null {
  const raw = url.searchParams.get("page[cursor]");
  if (raw === null || raw === "") return null;
  if (/^https?:\/\//.test(raw)) {
    try {
      return new URL(raw).searchParams.get("page[cursor]");
    } catch {
      throw invalid("The page cursor is not valid", "page[cursor]");
    }
  }
  return raw;
}

/** Opaque cursor for a keyset position (a JSON array of the sort key values). */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor(raw: string, arity: number): string[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((value) => typeof value === "string")
    ) {
      return values as string[];
    }
  } catch {
    // fall through: a cursor we did not issue
  }
  throw invalid("The page cursor is not valid (use links.next from the previous page)", "page[cursor]");
}

/** A cursor that is a single row id (keyset on a uuidv7 primary key). */
export function decodeIdCursor(raw: string): string {
  const [id] = decodeCursor(raw, 1) as [string];
  if (!isUuid(id))
    throw invalid("The page cursor is not valid (use links.next from the previous page)", "page[cursor]");
  return id;
}

/** `links` of a collection: self (the request as made) and next (same query, next cursor). */
export function collectionLinks(url: URL, baseUrl: string, nextCursor: string | null) {
  const self = `${baseUrl}${url.pathname}${url.search}`;
  if (!nextCursor) return { self };
  const next = new URL(self);
  next.searchParams.set("page[cursor]", nextCursor);
  return { self, next: next.toString() };
}
