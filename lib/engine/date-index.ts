import { createHash } from "node:crypto";
import pg from "pg";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

// The date trigger's daily scan finds "profiles whose <property> falls on one of these month-days"
// through an expression index on the month-day ("MM-DD", characters 6–10 of an ISO date), one
// index per property, partial on the profiles that have it. The scan must write the very same
// expression and predicate (dateIndexSql) or the planner will not use the index.

export type TDateIndexSql = {
  /** profiles_date_<12 hex of sha1(property)>: safe whatever the property's characters. */
  indexName: string;
  /** The month-day expression, e.g. substr(properties->>'birthday', 6, 5). */
  monthDay: string;
  /** The partial-index predicate, e.g. properties ? 'birthday'. */
  hasProperty: string;
  /** The property's raw value, e.g. properties->>'birthday'. */
  value: string;
};

export function dateIndexSql(property: string): TDateIndexSql {
  const literal = pg.escapeLiteral(property);
  const hash = createHash("sha1").update(property).digest("hex").slice(0, 12);
  return {
    indexName: `profiles_date_${hash}`,
    monthDay: `substr(properties->>${literal}, 6, 5)`,
    hasProperty: `properties ? ${literal}`,
    value: `properties->>${literal}`,
  };
}

export type TEnsureDateIndexResult = "exists" | "created" | "building";

/**
 * Creates the month-day index for a date property unless a valid one exists (one catalog lookup
 * when it does). Built CONCURRENTLY: a plain CREATE INDEX on 1M profiles would block profile
 * writes (ingestion) for the seconds the build takes. So `db` must not be inside a transaction.
 * A build that failed leaves an invalid index behind, which is dropped and built again; one that
 * another session is running right now is left to finish ("building": the scan still works
 * meanwhile, only slower).
 */
export async function ensureDateIndex(
  db: Pick<pg.Pool, "query"> | TPgTx,
  property: string,
): Promise<TEnsureDateIndexResult> {
  const sql = dateIndexSql(property);
  const found = await db.query<{ is_valid: boolean; is_building: boolean }>(
    `select i.indisvalid as is_valid,
            exists (select 1 from pg_stat_progress_create_index p where p.index_relid = c.oid) as is_building
     from pg_class c join pg_index i on i.indexrelid = c.oid
     where c.relname = $1 and c.relnamespace = current_schema()::regnamespace`,
    [sql.indexName],
  );
  const existing = found.rows[0];
  if (existing?.is_valid) return "exists";
  if (existing?.is_building) return "building";
  const name = pg.escapeIdentifier(sql.indexName);
  if (existing) await db.query(`drop index concurrently if exists ${name}`);
  try {
    await db.query(
      `create index concurrently if not exists ${name}
       on profiles (workspace_id, (${sql.monthDay})) where ${sql.hasProperty}`,
    );
  } catch (error) {
    // Two sessions creating it at the same instant: the loser's catalog insert collides.
    if (["23505", "42P07"].includes((error as { code?: string }).code ?? "")) return "building";
    throw error;
  }
  return "created";
}
