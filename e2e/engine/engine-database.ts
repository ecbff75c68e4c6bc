import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { clusterDirFor, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { uuidv7 } from "@/lib/ids/uuid-v7";

// The e2e server's database, for seeding what the UI cannot create yet (flows: the builder is
// another issue). scripts/e2e-server.ts runs Hookflow on .data/e2e (its own embedded PostgreSQL)
// unless HOOKFLOW_E2E_DATABASE_URL names a server; the running cluster is shared, never started or
// stopped from here.

const ROOT = path.resolve(import.meta.dirname, "../..");

export async function connectE2eDatabase(): Promise<pg.Client> {
  let url = process.env.HOOKFLOW_E2E_DATABASE_URL;
  if (!url) {
    const dataDir = path.join(ROOT, ".data/e2e/postgres");
    // Only ever attach to the server's cluster: never initialise or start one from a spec.
    if (!existsSync(path.join(clusterDirFor(dataDir), "postmaster.pid"))) {
      throw new Error(
        "The e2e server's PostgreSQL is not running (.data/e2e): run the spec through Playwright",
      );
    }
    const server = await startEmbeddedPostgres({ dataDir });
    url = server.databaseUrl("hookflow");
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The workspace the user with this email created at sign-up. */
export async function workspaceIdOf(client: pg.Client, email: string): Promise<string> {
  const result = await client.query<{ workspace_id: string }>(
    `select m.workspace_id from memberships m join users u on u.id = m.user_id
     where u.email = $1 and m.status = 'active' order by m.created_at limit 1`,
    [email],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`No workspace for ${email}`);
  return row.workspace_id;
}

/**
 * Inserts a live flow and its first version the way publishFlow stores them (flows row with the
 * denormalised trigger columns, an immutable version, live_version_id pointing at it).
 */
export async function insertLiveFlow(
  client: pg.Client,
  options: {
    workspaceId: string;
    name: string;
    graph: { nodes: { id: string; type: string; config: unknown }[] };
  },
): Promise<string> {
  const trigger = options.graph.nodes.find((node) => node.type.endsWith("-trigger"));
  const ref = (trigger?.config as { listId?: string; metricId?: string } | undefined) ?? {};
  await client.query("begin");
  try {
    const flow = await client.query<{ id: string }>(
      `insert into flows (id, workspace_id, name, status, trigger_type, trigger_ref, draft_graph)
       values ($6, $1, $2, 'live', $3, $4, $5) returning id`,
      [
        options.workspaceId,
        options.name,
        trigger?.type ?? null,
        ref.listId ?? ref.metricId ?? null,
        options.graph,
        uuidv7(),
      ],
    );
    const flowId = flow.rows[0]!.id;
    const version = await client.query<{ id: string }>(
      `insert into flow_versions (id, workspace_id, flow_id, number, schema_version, graph)
       values ($4, $1, $2, 1, 1, $3) returning id`,
      [options.workspaceId, flowId, options.graph, uuidv7()],
    );
    await client.query("update flows set live_version_id = $1 where id = $2", [version.rows[0]!.id, flowId]);
    await client.query("commit");
    return flowId;
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}
