import type pg from "pg";
import { SqlParams } from "@/lib/audience/segments/compile-segment-sql";
import { pool } from "@/lib/db/prisma";
import { flipProfileCursor, type TProfilePageCursor } from "./profile-page-cursor";
import { profileFilterSql, type TProfilePropertyFilter } from "./profile-search-filter";
import { searchCondition, type TProfileSearchField } from "./profile-search-term";

// The Profiles page's list: a prefix search, property filters, two sort orders, keyset pages in
// both directions (no OFFSET, no count). Index use (database collation is C, so a btree serves
// `LIKE 'prefix%'`):
// - email / external id / phone: the unique (workspace_id, <column>) indexes — a range scan;
// - name (field "name"): trigram GIN indexes on first_name and last_name (ILIKE, a BitmapOr);
// - property filters: see profile-search-filter.ts (equals and is set on properties.* by GIN);
// - sort "created": profiles(workspace_id, created_at desc, id); sort "email": (workspace_id, email).
// Filters no index serves are checked row by row while walking the sort order, for at most
// `scanBudget` rows per page: a page never costs more than that walk (~0.1-0.2 s for 50,000 rows
// on the 2-core box); when the budget runs out first the page is short and says so (`scanLimit`),
// and "Next" continues the walk from the last row scanned.

export { PROFILE_SEARCH_FIELDS, type TProfileSearchField } from "./profile-search-term";
export const PROFILE_SORTS = ["created", "email"] as const;
export type TProfileSort = (typeof PROFILE_SORTS)[number];
export const PROFILE_FILTER_SCAN_BUDGET = 50_000;

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

function keysetCondition(sort: TProfileSort, cursor: TProfilePageCursor, params: SqlParams): string {
  const forward = cursor.direction === "after";
  if (sort === "email") return `p.email ${forward ? ">" : "<"} ${params.add(cursor.email ?? "", "text")}`;
  const createdAt = params.add(cursor.createdAt ?? new Date(0), "timestamptz");
  const id = params.add(cursor.id, "uuid");
  // Order is (created_at desc, id asc): "after" means older, or as old with a larger id.
  return forward
    ? `(p.created_at < ${createdAt} or (p.created_at = ${createdAt} and p.id > ${id}))`
    : `(p.created_at > ${createdAt} or (p.created_at = ${createdAt} and p.id < ${id}))`;
}

function orderBy(sort: TProfileSort, forward: boolean, alias: string): string {
  if (sort === "email") return `${alias}.email ${forward ? "asc" : "desc"}`;
  return forward ? `${alias}.created_at desc, ${alias}.id asc` : `${alias}.created_at asc, ${alias}.id desc`;
}

type TRow = {
  id: string;
  email: string | null;
  phone_number: string | null;
  external_id: string | null;
  first_name: string | null;
  last_name: string | null;
  timezone: string | null;
  created_at: Date;
  is_match: boolean;
  scan_rank: number;
};

const COLUMNS =
  "p.id, p.email, p.phone_number, p.external_id, p.first_name, p.last_name, p.timezone, p.created_at";

/**
 * One page of a workspace's profiles. Returns the rows in display order, the cursors of the next
 * and previous pages (null at either end) and, when filters without an index stopped the page at
 * the scan budget, that budget. Sorting by email lists profiles that have one.
 */
export async function searchProfiles(
  options: {
    workspaceId: string;
    term?: string;
    field?: TProfileSearchField;
    sort?: TProfileSort;
    cursor?: TProfilePageCursor;
    filters?: readonly TProfilePropertyFilter[];
    pageSize: number;
    scanBudget?: number;
  },
  db: Pick<pg.Pool, "query"> = pool(),
) {
  const sort = options.sort ?? "created";
  const forward = options.cursor?.direction !== "before";
  const params = new SqlParams([options.workspaceId]);
  const where = ["p.workspace_id = $1::uuid"];
  const search = searchCondition((options.term ?? "").trim(), options.field ?? "any", params);
  if (search) where.push(search);
  if (sort === "email") where.push("p.email is not null");
  if (options.cursor) where.push(keysetCondition(sort, options.cursor, params));
  const { indexed, scanned } = profileFilterSql(options.filters ?? [], params);
  where.push(...indexed);
  const budget = Math.trunc(options.scanBudget ?? PROFILE_FILTER_SCAN_BUDGET);
  const order = orderBy(sort, forward, "p");
  const sql =
    scanned.length === 0
      ? `select ${COLUMNS}, true as is_match, 0 as scan_rank from profiles p where ${where.join(" and ")}
         order by ${order} limit ${options.pageSize + 1}`
      : // The walk in page order, numbered; the outer query keeps the matches and the budget's last
        // row. Ordering the outer query like the inner lets PostgreSQL stream (stop at a full page).
        `select r.* from (
           select ${COLUMNS}, (${scanned.join(" and ")}) as is_match,
                  (row_number() over (order by ${order}))::int as scan_rank
           from profiles p where ${where.join(" and ")} order by ${order} limit ${budget}
         ) r where r.is_match or r.scan_rank = ${budget}
         order by ${orderBy(sort, forward, "r")} limit ${options.pageSize + 2}`;
  const { rows } = await db.query<TRow>(sql, params.values);
  const matches = rows.filter((row) => row.is_match);
  const budgetEdge = scanned.length > 0 ? rows.find((row) => row.scan_rank === budget) : undefined;
  const isFull = matches.length > options.pageSize;
  const page = matches.slice(0, options.pageSize);
  // Where the walk continues: after the page's last row, or after the last row the budget allowed.
  const onward = isFull ? page.at(-1) : budgetEdge;
  const walk = forward ? "after" : "before";
  const back = forward ? "before" : "after";
  const cursorOf = (row: TRow, direction: "after" | "before"): TProfilePageCursor => ({
    direction,
    id: row.id,
    ...(sort === "email" ? { email: row.email ?? "" } : { createdAt: row.created_at }),
  });
  const onwardCursor = onward ? cursorOf(onward, walk) : null;
  const backCursor = options.cursor
    ? matches[0]
      ? cursorOf(matches[0], back)
      : flipProfileCursor(options.cursor)
    : null;
  if (!forward) page.reverse();
  return {
    profiles: page.map(
      (row): TProfileListRow => ({
        id: row.id,
        email: row.email,
        phoneNumber: row.phone_number,
        externalId: row.external_id,
        firstName: row.first_name,
        lastName: row.last_name,
        timezone: row.timezone,
        createdAt: row.created_at,
      }),
    ),
    next: forward ? onwardCursor : backCursor,
    previous: forward ? backCursor : onwardCursor,
    /** Set when the page stopped at the scan budget before filling: more may match further on. */
    scanLimit: !isFull && budgetEdge ? budget : null,
  };
}
