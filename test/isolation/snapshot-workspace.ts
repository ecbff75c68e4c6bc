import type pg from "pg";

// A fingerprint of everything one workspace owns, to prove a refused request changed nothing:
// every public table with a workspace_id column (its rows of the workspace), plus the rows that
// belong to the workspace through a parent (topics, members' users, the workspace row) and the
// queue jobs that name one of its ids. A new table must be classified here, or the snapshot throws.

/** Tables without workspace_id, and how their rows of a workspace are found (null: none are). */
const INDIRECT: Record<string, string | null> = {
  workspaces: "select w::text as row from workspaces w where w.id = $1",
  users: `select u::text as row from users u
          where u.id in (select user_id from memberships where workspace_id = $1)`,
  code_function_topics: `select t::text as row from code_function_topics t
          join code_functions f on f.id = t.function_id where f.workspace_id = $1`,
  event_webhook_topics: `select t::text as row from event_webhook_topics t
          join event_webhooks w on w.id = t.webhook_id where w.workspace_id = $1`,
  code_function_rate_windows: `select r::text as row from code_function_rate_windows r
          join code_functions f on f.id = r.function_id where f.workspace_id = $1`,
  // Not a workspace's data: sign-in sessions (per user), worker heartbeats, migration bookkeeping.
  sessions: null,
  engine_workers: null,
  _prisma_migrations: null,
};

export type TSnapshot = Record<string, string>;

export async function snapshotWorkspace(
  db: pg.Pool,
  workspace: { workspaceId: string; ids: readonly string[] },
): Promise<TSnapshot> {
  const tables = await db.query<{ table_name: string; scoped: boolean }>(
    `select table_name, bool_or(column_name = 'workspace_id') as scoped
     from information_schema.columns where table_schema = 'public' group by table_name order by table_name`,
  );
  const snapshot: TSnapshot = {};
  for (const { table_name: table, scoped } of tables.rows) {
    let sql: string | null;
    if (scoped) sql = `select t::text as row from ${table} t where t.workspace_id = $1`;
    else if (table in INDIRECT) sql = INDIRECT[table] ?? null;
    else throw new Error(`snapshotWorkspace: classify the new table "${table}" (test/isolation)`);
    if (sql) snapshot[table] = await digest(db, sql, [workspace.workspaceId]);
  }
  snapshot["graphile_worker.jobs"] = await digest(
    db,
    `select t.identifier || ':' || j.payload::text as row from graphile_worker._private_jobs j
     join graphile_worker._private_tasks t on t.id = j.task_id
     where j.payload::text ~ $1`,
    [workspace.ids.join("|")],
  );
  return snapshot;
}

/**
 * The tables in which rows of `workspaceId` mention one of `ids` (another workspace's): a request
 * that succeeds inside A must not leave a reference to B's objects in A's data.
 */
export async function tablesNaming(
  db: pg.Pool,
  workspaceId: string,
  ids: readonly string[],
): Promise<string[]> {
  const tables = await db.query<{ table_name: string }>(
    `select table_name from information_schema.columns
     where table_schema = 'public' and column_name = 'workspace_id' order by table_name`,
  );
  const naming: string[] = [];
  for (const { table_name: table } of tables.rows) {
    const found = await db.query(
      `select 1 from ${table} t where t.workspace_id = $1 and t::text ~ $2 limit 1`,
      [workspaceId, ids.join("|")],
    );
    if (found.rows.length > 0) naming.push(table);
  }
  return naming;
}

async function digest(db: pg.Pool, sql: string, params: unknown[]): Promise<string> {
  const result = await db.query<{ digest: string; count: string }>(
    `select md5(coalesce(string_agg(row, E'\\n' order by row), '')) as digest, count(*) as count
     from (${sql}) rows`,
    params,
  );
  const row = result.rows[0]!;
  return `${row.count}:${row.digest}`;
}
