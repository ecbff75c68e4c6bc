import type pg from "pg";

/** How long the Logs tab keeps invocations. */
export const INVOCATION_RETENTION_DAYS = 30;
export const PRUNE_INVOCATIONS_EVERY_MS = 60 * 60_000;
/** Rows deleted per statement, so one prune never holds a long transaction. */
const PRUNE_CHUNK = 5_000;
const MAX_CHUNKS_PER_RUN = 20;

/** The smallest UUIDv7 of a millisecond: ids are time-ordered, so "older than" is a primary-key range. */
export function uuidv7Floor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}

/**
 * Deletes invocations older than the retention, oldest first, in chunks through the primary key
 * (code_invocations ids are UUIDv7, whose first 48 bits are the creation time). Any process may
 * run it at any time; a run does at most 100,000 rows and the next run continues.
 */
export async function pruneInvocations(options: {
  database: pg.Pool;
  now?: Date;
  retentionDays?: number;
}): Promise<{ deleted: number }> {
  const now = options.now ?? new Date();
  const cutoff = uuidv7Floor(
    now.getTime() - (options.retentionDays ?? INVOCATION_RETENTION_DAYS) * 86_400_000,
  );
  let deleted = 0;
  for (let chunk = 0; chunk < MAX_CHUNKS_PER_RUN; chunk++) {
    const result = await options.database.query(
      `delete from code_invocations where id in (
         select id from code_invocations where id < $1::uuid order by id limit $2)`,
      [cutoff, PRUNE_CHUNK],
    );
    deleted += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < PRUNE_CHUNK) break;
  }
  return { deleted };
}
