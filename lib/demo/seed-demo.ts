import { createApiKey } from "@/lib/api-keys/manage-api-keys";
import { hashPassword } from "@/lib/auth/password";
import type { Database } from "@/lib/db/prisma";
import { ensureMetrics, insertEvents, insertProfiles } from "@/lib/demo/bulk-insert";
import { createRandom, demoEvents, demoProfile } from "@/lib/demo/demo-data";
import { isMessageMetricName } from "@/lib/metrics/message-metrics";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

export const DEMO_LOGIN = { email: "demo@hookflow.local", password: "hookflow-demo", name: "Demo Marketer" };
export const DEMO_METRICS = [
  "Placed Order",
  "Viewed Product",
  "Received Email",
  "Opened Email",
  "Clicked Email",
  "Unsubscribed",
];

/**
 * Seeds the demo workspace on a database with no workspace at all (never touches one with data).
 * Returns the demo API key in clear, which exists nowhere else: the caller prints it once.
 */
export async function seedDemoIfEmpty(
  database: Database,
  options: { profiles?: number; now?: Date } = {},
): Promise<{ workspaceId: string; apiKey: string; profiles: number; events: number } | null> {
  const { prisma, pool } = database;
  if ((await prisma.workspace.count()) > 0) return null;
  const now = options.now ?? new Date();
  const profileCount = options.profiles ?? 1000;
  const passwordHash = await hashPassword(DEMO_LOGIN.password);

  const { workspace, apiKey } = await prisma.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: DEMO_LOGIN.email, name: DEMO_LOGIN.name, passwordHash },
    });
    const workspace = await createWorkspace({ name: "Demo Shop", owner: user }, tx);
    const apiKey = await createApiKey(
      { workspaceId: workspace.id, createdById: user.id, input: { name: "Demo key", scope: "full" } },
      tx,
    );
    return { workspace, apiKey };
  });

  const random = createRandom(20261129);
  const client = await pool.connect();
  let eventCount = 0;
  try {
    await client.query("begin");
    const metricIds = await ensureMetrics(client, workspace.id, DEMO_METRICS, isMessageMetricName);
    const profiles = Array.from({ length: profileCount }, (_, index) => demoProfile(index, random));
    const createdAt = new Date(now.getTime() - 120 * 24 * 3600 * 1000);
    const ids = await insertProfiles(client, workspace.id, profiles, createdAt);
    const rows = profiles.flatMap((profile, index) =>
      demoEvents(profile, Math.floor(random() * 9), random, now).map((event) => ({
        profileId: ids[index] as string,
        event,
      })),
    );
    await insertEvents(client, workspace.id, metricIds, rows);
    eventCount = rows.length;
    const newsletter = await client.query<{ id: string }>(
      "insert into lists (id, workspace_id, name) values (gen_random_uuid(), $1, 'Newsletter') returning id",
      [workspace.id],
    );
    const vip = await client.query<{ id: string }>(
      "insert into lists (id, workspace_id, name) values (gen_random_uuid(), $1, 'VIP customers') returning id",
      [workspace.id],
    );
    await client.query(
      `insert into list_memberships (workspace_id, list_id, profile_id, created_at)
       select $1, $2, id, created_at from profiles where workspace_id = $1 and (hashtext(id::text) & 7) < 5`,
      [workspace.id, newsletter.rows[0]?.id],
    );
    await client.query(
      `insert into list_memberships (workspace_id, list_id, profile_id, created_at)
       select $1, $2, id, created_at from profiles where workspace_id = $1 and properties->>'loyalty_tier' = 'gold'`,
      [workspace.id, vip.rows[0]?.id],
    );
    await client.query("commit");
  } catch (error) {
    // The identity part committed separately (Prisma transaction): undo it, so the next start
    // sees an empty database and seeds again instead of keeping a half-made demo.
    await client.query("rollback");
    await prisma.workspace.delete({ where: { id: workspace.id } });
    await prisma.user.delete({ where: { email: DEMO_LOGIN.email } });
    throw error;
  } finally {
    client.release();
  }
  return { workspaceId: workspace.id, apiKey: apiKey.key, profiles: profileCount, events: eventCount };
}
