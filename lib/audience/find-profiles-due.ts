import type pg from "pg";
import { monthDaysAhead } from "@/lib/audience/segments/compile-segment-sql";
import { pool } from "@/lib/db/prisma";
import { dateIndexSql } from "@/lib/engine/date-index";

// "Whose <date property> is due in the next N days, yearly" (birthdays, anniversaries) over a
// whole workspace, without reading every profile:
// - dates with a year ("1990-05-17", also with a time after it) through the date trigger's
//   month-day expression index (lib/engine/date-index.ts: substr(value, 6, 5), partial on
//   `properties ? key`; ensureDateIndex builds it, the date trigger does so when published);
// - dates without a year ("--05-17", ISO 8601's form) through the properties GIN index, one
//   containment per month-day (a BitmapOr).
// 29 February counts on 28 February in years without it (the engine's rule). The month-days are
// UTC calendar days from `now`; the caller applies each profile's zone when it schedules.

export const MAX_DUE_DAYS = 366;
const ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}";

export type TDueProfile = { profileId: string; value: string; monthDay: string };

/** One keyset page (by profile id) of the profiles due; `after` is the last id of the previous page. */
export async function findProfilesWithDateDue(
  options: {
    workspaceId: string;
    property: string;
    days: number;
    now?: Date;
    after?: string;
    limit?: number;
  },
  db: Pick<pg.Pool, "query"> = pool(),
): Promise<TDueProfile[]> {
  if (!Number.isInteger(options.days) || options.days < 0 || options.days > MAX_DUE_DAYS)
    throw new RangeError(`days must be a whole number from 0 to ${MAX_DUE_DAYS}`);
  const sql = dateIndexSql(options.property);
  const monthDays = monthDaysAhead(options.now ?? new Date(), options.days);
  const yearless = monthDays.map((key) => JSON.stringify({ [options.property]: `--${key}` }));
  const containments = yearless.map((_, index) => `properties @> $${index + 5}::jsonb`).join(" or ");
  const result = await db.query<{ id: string; value: string }>(
    `select id, ${sql.value} as value from profiles
     where workspace_id = $1::uuid and id > $3::uuid
       and ((${sql.hasProperty} and ${sql.monthDay} = any($2::text[]) and ${sql.value} ~ '${ISO_DATE}')
            or ${containments})
     order by id limit $4`,
    [
      options.workspaceId,
      monthDays,
      options.after ?? "00000000-0000-0000-0000-000000000000",
      options.limit ?? 50_000,
      ...yearless,
    ],
  );
  return result.rows.map((row) => ({
    profileId: row.id,
    value: row.value,
    monthDay: row.value.startsWith("--") ? row.value.slice(2, 7) : row.value.slice(5, 10),
  }));
}
