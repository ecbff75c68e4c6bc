import type pg from "pg";
import type { TEngineProfile } from "@/lib/engine/load-subjects";
import { ENGINE_TASKS } from "@/lib/engine/queue";

export type TTriggerEvent = {
  id: string;
  workspace_id: string;
  metric_id: string;
  metric_name: string;
  is_message_metric: boolean;
  profile_id: string;
  properties: Record<string, unknown>;
  time: Date;
  unique_id: string;
  value: number | null;
  depth: number;
  /** The waiting trigger job the event came from (absorbed), null for the job's own events. */
  job_id: string | null;
};

export type TTriggerBatch = {
  events: TTriggerEvent[];
  /** Waiting trigger jobs looked at: deleted by the write if still waiting then (start-event-runs.ts). */
  jobIds: string[];
  flows: { id: string; workspace_id: string; status: "draft" | "manual" | "live"; live_version_id: string }[];
  /** The events' profiles, only when a flow listens to one of their metrics. */
  profiles: Map<string, TEngineProfile>;
};

type TRow = {
  jobs: string[];
  events: (Omit<TTriggerEvent, "time"> & { time: string })[];
  flows: TTriggerBatch["flows"];
  profiles: (Omit<TEngineProfile, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string })[];
};

/**
 * Everything a trigger job reads, in ONE round trip and one snapshot: its events, those of up to
 * `absorbJobs` other waiting trigger jobs (looked at, not locked: the write takes them only if
 * still waiting, start-event-runs.ts), the live flows listening to their metrics and the events'
 * profiles. It was five serial round trips (absorb, events, flows, profiles inside the
 * transaction); at concurrency 1 each costs ~1-2 ms on a busy box (docs/PERFORMANCE.md).
 */
export async function loadTriggerBatch(
  database: pg.Pool,
  eventIds: readonly string[],
  absorbJobs: number,
): Promise<TTriggerBatch> {
  const result = await database.query<TRow>({
    name: "hookflow_load_trigger_batch",
    text: `with peeked as (
       select j.id, j.payload from graphile_worker._private_jobs j
       where $3::int > 0 and j.task_id = (select id from graphile_worker._private_tasks where identifier = $2)
         and j.locked_at is null and j.run_at <= now() and j.attempts = 0
       order by j.id limit $3
     ), wanted as (
       select id, null::bigint as job_id from unnest($1::uuid[]) as own(id)
       union all
       select x.id::uuid, p.id from peeked p cross join lateral json_array_elements_text(p.payload::json -> 'eventIds') as x(id)
     ), found as (
       select e.id, e.workspace_id, e.metric_id, m.name as metric_name, m.is_message_metric, e.profile_id, e.properties,
              e.time, e.unique_id, e.value::float8 as value, e.depth, w.job_id::text as job_id
       from wanted w join events e on e.id = w.id join metrics m on m.id = e.metric_id
     ), live as (
       select id, workspace_id, status, live_version_id from flows
       where status in ('live', 'manual') and trigger_type = 'metric-trigger' and live_version_id is not null
         and trigger_ref = any(array(select distinct metric_id::text from found where not is_message_metric))
     )
     select (select coalesce(json_agg(p.id::text), '[]') from peeked p) as jobs,
            (select coalesce(json_agg(found), '[]') from found) as events,
            (select coalesce(json_agg(live), '[]') from live) as flows,
            (select coalesce(json_agg(p), '[]') from (
               select id, email, phone_number as "phoneNumber", external_id as "externalId", first_name as "firstName",
                      last_name as "lastName", organization, title, locale, timezone, location, properties,
                      created_at as "createdAt", updated_at as "updatedAt"
               from profiles where exists (select 1 from live) and id in (select profile_id from found)) p) as profiles`,
    values: [eventIds, ENGINE_TASKS.triggerEvents, absorbJobs],
  });
  const row = result.rows[0]!;
  return {
    jobIds: row.jobs,
    events: row.events.map((event) => ({ ...event, time: new Date(event.time) })),
    flows: row.flows,
    profiles: new Map(
      row.profiles.map((profile) => [
        profile.id,
        { ...profile, createdAt: new Date(profile.createdAt), updatedAt: new Date(profile.updatedAt) },
      ]),
    ),
  };
}
