import type { TSegmentCondition } from "@/lib/audience/segment-definition";
import { pool, prisma } from "@/lib/db/prisma";
import { uuidv7 } from "@/lib/ids/uuid-v7";

// Fixtures of the segment tests (the test file's database is the process's: test/database.ts).

export const NOW = new Date("2026-06-15T12:00:00Z");
export const DAY = 86_400_000;

export async function workspaceWith(
  profiles: Record<string, { locale?: string; properties?: Record<string, unknown> }>,
) {
  const workspace = await prisma.workspace.create({ data: { name: "Segments" } });
  const ids: Record<string, string> = {};
  for (const [name, profile] of Object.entries(profiles)) {
    const created = await prisma.profile.create({
      data: {
        workspaceId: workspace.id,
        email: `${name}@example.com`,
        locale: profile.locale ?? null,
        properties: (profile.properties ?? {}) as object,
      },
    });
    ids[name] = created.id;
  }
  const nameOf = (id: string) => Object.entries(ids).find(([, value]) => value === id)?.[0];
  const members = async (segmentId: string) => {
    const rows = await pool().query<{ profile_id: string }>(
      "select profile_id from segment_memberships where segment_id = $1",
      [segmentId],
    );
    return rows.rows.map((row) => nameOf(row.profile_id)).sort();
  };
  return { workspaceId: workspace.id, ids, members };
}

export async function addEvents(
  workspaceId: string,
  metricId: string,
  profileId: string,
  times: Date[],
  properties = {},
) {
  for (const time of times) {
    await pool().query(
      `insert into events (id, workspace_id, metric_id, profile_id, properties, time, unique_id)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [uuidv7(), workspaceId, metricId, profileId, JSON.stringify(properties), time, uuidv7()],
    );
  }
}

export const changesOf = (id: string, properties: Record<string, unknown> = {}) => ({
  id,
  columns: {},
  clearLocation: false,
  location: {},
  properties,
  unsetProperties: [],
});

export const oneCondition = (condition: TSegmentCondition) => ({
  match: "any" as const,
  groups: [{ match: "all" as const, conditions: [condition] }],
});
