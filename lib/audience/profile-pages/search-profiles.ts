import { prisma } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";

// The Profiles page's list: a prefix search on identifiers and names, two sort orders, and keyset
// pages in both directions (no OFFSET, no count). Index use (database collation is C, so a btree
// serves `LIKE 'prefix%'`):
// - email / external id / phone: the unique (workspace_id, <column>) indexes — a range scan;
// - name (field "name" only): NO index on first_name/last_name (prisma/ is frozen): a scan of
//   the workspace's rows, ~145 ms at 200,000 profiles;
// - sort "created": profiles(workspace_id, created_at desc, id); sort "email": (workspace_id, email).

export const PROFILE_SEARCH_FIELDS = ["any", "email", "name", "phone", "external_id"] as const;
export type TProfileSearchField = (typeof PROFILE_SEARCH_FIELDS)[number];
export const PROFILE_SORTS = ["created", "email"] as const;
export type TProfileSort = (typeof PROFILE_SORTS)[number];

export type TProfileListRow = {
  id: string;
  email: string | null;
  phoneNumber: string | null;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  timezone: string | null;
  createdAt: Date;
};

/** Opaque page position: the sort key of the row a page starts after (or ends before). */
export type TProfilePageCursor = {
  direction: "after" | "before";
  createdAt?: Date;
  email?: string;
  id: string;
};

/** Escapes LIKE's wildcards so a search for "a_b%" matches those characters literally. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function searchCondition(term: string, field: TProfileSearchField): Prisma.Sql | null {
  if (!term) return null;
  const prefix = `${escapeLike(term)}%`;
  const emailPrefix = `${escapeLike(term.toLowerCase())}%`;
  const digits = term.replace(/[\s().-]/g, "");
  const phonePrefix = /^\+?\d+$/.test(digits) ? `${digits.startsWith("+") ? "" : "+"}${digits}%` : null;
  const email = Prisma.sql`email like ${emailPrefix} escape '\\'`;
  const externalId = Prisma.sql`external_id like ${prefix} escape '\\'`;
  const phone = phonePrefix ? Prisma.sql`phone_number like ${phonePrefix}` : null;
  const name = Prisma.sql`(first_name ilike ${prefix} escape '\\' or last_name ilike ${prefix} escape '\\'
    or (coalesce(first_name, '') || ' ' || coalesce(last_name, '')) ilike ${prefix} escape '\\')`;
  switch (field) {
    case "email":
      return email;
    case "external_id":
      return externalId;
    case "phone":
      return phone ?? Prisma.sql`false`;
    case "name":
      return name;
    default: {
      // Identifiers only, each an index range scan (a BitmapOr): names have no index, and an OR
      // with them would scan the workspace's rows. Names are searched with field "name".
      if (term.includes("@")) return email;
      const parts = [email, externalId, ...(phone ? [phone] : [])];
      return Prisma.sql`(${Prisma.join(parts, " or ")})`;
    }
  }
}

function keysetCondition(sort: TProfileSort, cursor: TProfilePageCursor | undefined): Prisma.Sql | null {
  if (!cursor) return null;
  const forward = cursor.direction === "after";
  if (sort === "email") {
    return forward ? Prisma.sql`email > ${cursor.email ?? ""}` : Prisma.sql`email < ${cursor.email ?? ""}`;
  }
  const createdAt = cursor.createdAt ?? new Date(0);
  // Order is (created_at desc, id asc): "after" means older, or as old with a larger id.
  return forward
    ? Prisma.sql`(created_at < ${createdAt} or (created_at = ${createdAt} and id > ${cursor.id}::uuid))`
    : Prisma.sql`(created_at > ${createdAt} or (created_at = ${createdAt} and id < ${cursor.id}::uuid))`;
}

function orderBy(sort: TProfileSort, forward: boolean): Prisma.Sql {
  if (sort === "email") return forward ? Prisma.sql`email asc` : Prisma.sql`email desc`;
  return forward ? Prisma.sql`created_at desc, id asc` : Prisma.sql`created_at asc, id desc`;
}

/**
 * One page of a workspace's profiles. Returns the rows in display order and the cursors of the
 * next and previous pages (null at either end). Sorting by email lists profiles that have one.
 */
export async function searchProfiles(options: {
  workspaceId: string;
  term?: string;
  field?: TProfileSearchField;
  sort?: TProfileSort;
  cursor?: TProfilePageCursor;
  pageSize: number;
}) {
  const sort = options.sort ?? "created";
  const forward = options.cursor?.direction !== "before";
  const conditions: Prisma.Sql[] = [Prisma.sql`workspace_id = ${options.workspaceId}::uuid`];
  const search = searchCondition((options.term ?? "").trim(), options.field ?? "any");
  if (search) conditions.push(search);
  if (sort === "email") conditions.push(Prisma.sql`email is not null`);
  const keyset = keysetCondition(sort, options.cursor);
  if (keyset) conditions.push(keyset);
  const rows = await prisma.$queryRaw<TProfileListRow[]>`
    select id::text as id, email, phone_number as "phoneNumber", external_id as "externalId",
      first_name as "firstName", last_name as "lastName", timezone, created_at as "createdAt"
    from profiles
    where ${Prisma.join(conditions, " and ")}
    order by ${orderBy(sort, forward)}
    limit ${options.pageSize + 1}`;
  const hasMore = rows.length > options.pageSize;
  const page = rows.slice(0, options.pageSize);
  if (!forward) page.reverse();
  const cursorOf = (row: TProfileListRow, direction: "after" | "before"): TProfilePageCursor => ({
    direction,
    id: row.id,
    ...(sort === "email" ? { email: row.email ?? "" } : { createdAt: row.createdAt }),
  });
  const first = page[0];
  const last = page.at(-1);
  const hasNext = forward ? hasMore : Boolean(options.cursor);
  const hasPrevious = forward ? Boolean(options.cursor) : hasMore;
  return {
    profiles: page,
    next: hasNext && last ? cursorOf(last, "after") : null,
    previous: hasPrevious && first ? cursorOf(first, "before") : null,
  };
}

/** Cursor ⇄ URL search param ("a.<created-ms or email>.<id>"), validated on the way in. */
export function encodeProfileCursor(cursor: TProfilePageCursor): string {
  const key = cursor.email !== undefined ? `e${cursor.email}` : `t${cursor.createdAt?.getTime() ?? 0}`;
  return Buffer.from(JSON.stringify([cursor.direction === "after" ? "a" : "b", key, cursor.id])).toString(
    "base64url",
  );
}

export function decodeProfileCursor(value: string | undefined): TProfilePageCursor | undefined {
  if (!value) return undefined;
  try {
    const [direction, key, id] = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as string[];
    if (!/^[0-9a-f-]{36}$/i.test(id ?? "") || typeof key !== "string") return undefined;
    const base = { direction: direction === "b" ? ("before" as const) : ("after" as const), id: id! };
    if (key.startsWith("e")) return { ...base, email: key.slice(1) };
    const time = Number(key.slice(1));
    return Number.isFinite(time) ? { ...base, createdAt: new Date(time) } : undefined;
  } catch {
    return undefined;
  }
}
