import { pool } from "@/lib/db/prisma";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

// What the webhook body editor completes and previews against: the workspace's real profile
// property keys, the trigger metric's event property keys, its secret names (never values), and
// profiles/events to preview with. Keys are sampled from recent rows (bounded reads: a workspace
// may hold millions of profiles and events; recent rows show the properties in use).

const SAMPLED_ROWS = 500;
const MAX_KEYS = 300;

export type TWebhookTemplateVariables = {
  profilePropertyKeys: string[];
  eventPropertyKeys: string[];
  secretNames: string[];
};

export async function loadWebhookTemplateVariables(
  options: { workspaceId: string; metricId: string | null },
  db: TPgTx = pool(),
): Promise<TWebhookTemplateVariables> {
  const [profileKeys, eventKeys, secrets] = await Promise.all([
    db.query<{ key: string }>(
      `select distinct jsonb_object_keys(properties) as key
       from (select properties from profiles where workspace_id = $1 and properties <> '{}'::jsonb
             order by updated_at desc limit ${SAMPLED_ROWS}) recent
       order by key limit ${MAX_KEYS}`,
      [options.workspaceId],
    ),
    options.metricId
      ? db.query<{ key: string }>(
          `select distinct jsonb_object_keys(properties) as key
           from (select properties from events where workspace_id = $1 and metric_id = $2
                 and jsonb_typeof(properties) = 'object'
                 order by time desc limit ${SAMPLED_ROWS}) recent
           order by key limit ${MAX_KEYS}`,
          [options.workspaceId, options.metricId],
        )
      : Promise.resolve({ rows: [] as { key: string }[] }),
    db.query<{ name: string }>(
      "select name from secrets where workspace_id = $1 and function_id is null order by name",
      [options.workspaceId],
    ),
  ]);
  return {
    profilePropertyKeys: profileKeys.rows.map((row) => row.key),
    eventPropertyKeys: eventKeys.rows.map((row) => row.key),
    secretNames: secrets.rows.map((row) => row.name),
  };
}

export type TPreviewProfileOption = {
  id: string;
  email: string | null;
  name: string;
  externalId: string | null;
};

/** Profiles matching the search (email, name or external id), most recently updated first. */
export async function searchPreviewProfiles(
  options: { workspaceId: string; query: string; limit?: number },
  db: TPgTx = pool(),
): Promise<TPreviewProfileOption[]> {
  const pattern = `%${options.query.trim().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const rows = await db.query<{
    id: string;
    email: string | null;
    first_name: string | null;
    last_name: string | null;
    external_id: string | null;
  }>(
    `select id, email, first_name, last_name, external_id from profiles
     where workspace_id = $1
       and ($2 = '%%' or email ilike $2 or external_id ilike $2
            or concat_ws(' ', first_name, last_name) ilike $2)
     order by updated_at desc limit $3`,
    [options.workspaceId, pattern, options.limit ?? 20],
  );
  return rows.rows.map((row) => ({
    id: row.id,
    email: row.email,
    externalId: row.external_id,
    name: [row.first_name, row.last_name].filter(Boolean).join(" "),
  }));
}

export type TPreviewEventOption = { id: string; metricName: string; time: string };

/** A profile's most recent events (of one metric on metric-triggered flows). */
export async function listRecentProfileEvents(
  options: { workspaceId: string; profileId: string; metricId: string | null; limit?: number },
  db: TPgTx = pool(),
): Promise<TPreviewEventOption[]> {
  const rows = await db.query<{ id: string; metric_name: string; time: Date }>(
    `select e.id, m.name as metric_name, e.time from events e join metrics m on m.id = e.metric_id
     where e.workspace_id = $1 and e.profile_id = $2 and ($3::uuid is null or e.metric_id = $3)
     order by e.time desc, e.id desc limit $4`,
    [options.workspaceId, options.profileId, options.metricId, options.limit ?? 10],
  );
  return rows.rows.map((row) => ({ id: row.id, metricName: row.metric_name, time: row.time.toISOString() }));
}
