// `npm run seed -- --profiles 1000000 [--events-per-profile 3] [--workspace <id>]`
// Streams a large, deterministic audience into a workspace (by default the demo workspace,
// seeded first on an empty database) in chunks of 5,000 profiles, one transaction per chunk,
// showing progress. For benchmarks: see docs/PERFORMANCE.md.
import { parseArgs } from "node:util";
import { ensureConfiguredDatabase, loadConfig, migrateDeploy } from "@/lib/db/bootstrap";
import { createDatabase } from "@/lib/db/prisma";
import { ensureMetrics, insertEvents, insertProfiles } from "@/lib/demo/bulk-insert";
import { createRandom, demoEvents, demoProfile } from "@/lib/demo/demo-data";
import { DEMO_METRICS, seedDemoIfEmpty } from "@/lib/demo/seed-demo";
import { isMessageMetricName } from "@/lib/metrics/message-metrics";

const CHUNK = 5_000;

async function main() {
  const { values } = parseArgs({
    options: {
      profiles: { type: "string", default: "1000" },
      "events-per-profile": { type: "string", default: "3" },
      workspace: { type: "string" },
    },
  });
  const total = Number(values.profiles);
  const eventsPerProfile = Number(values["events-per-profile"]);
  if (!Number.isInteger(total) || total < 1) throw new Error("--profiles must be a positive whole number");
  if (!Number.isFinite(eventsPerProfile) || eventsPerProfile < 0)
    throw new Error("--events-per-profile must be ≥ 0");

  const { config, dataDir } = loadConfig();
  const handle = await ensureConfiguredDatabase(config, dataDir, "seed");
  const database = createDatabase(handle.url, 4);
  try {
    await migrateDeploy(handle.url, { quiet: true });
    const demo = await seedDemoIfEmpty(database);
    if (demo) console.log(`[seed] created the demo workspace (API key, shown once: ${demo.apiKey})`);
    const workspace = values.workspace
      ? await database.prisma.workspace.findUniqueOrThrow({ where: { id: values.workspace } })
      : await database.prisma.workspace.findFirstOrThrow({ orderBy: { createdAt: "asc" } });
    const offset = await database.prisma.profile.count({ where: { workspaceId: workspace.id } });
    const random = createRandom(offset + 1);
    const now = new Date();
    const started = Date.now();
    let done = 0;
    let events = 0;
    while (done < total) {
      const size = Math.min(CHUNK, total - done);
      const client = await database.pool.connect();
      try {
        await client.query("begin");
        const metricIds = await ensureMetrics(client, workspace.id, DEMO_METRICS, isMessageMetricName);
        const profiles = Array.from({ length: size }, (_, i) => demoProfile(offset + done + i, random));
        const ids = await insertProfiles(client, workspace.id, profiles, now);
        const rows = profiles.flatMap((profile, i) =>
          demoEvents(profile, Math.round(random() * 2 * eventsPerProfile), random, now).map((event) => ({
            profileId: ids[i] as string,
            event,
          })),
        );
        await insertEvents(client, workspace.id, metricIds, rows);
        await client.query("commit");
        events += rows.length;
      } catch (error) {
        await client.query("rollback");
        throw error;
      } finally {
        client.release();
      }
      done += size;
      const rate = Math.round(done / ((Date.now() - started) / 1000));
      process.stdout.write(
        `\r[seed] ${done.toLocaleString()} / ${total.toLocaleString()} profiles, ${events.toLocaleString()} events (${rate.toLocaleString()} profiles/s)`,
      );
    }
    process.stdout.write("\n");
    await database.pool.query("analyze profiles; analyze events");
    console.log(
      `[seed] done in ${((Date.now() - started) / 1000).toFixed(1)}s into workspace ${workspace.name} (${workspace.id})`,
    );
  } finally {
    await database.prisma.$disconnect();
    await database.pool.end();
    await handle.stop();
  }
}

main().catch((error) => {
  console.error(`[seed] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
