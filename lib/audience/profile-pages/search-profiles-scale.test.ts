import { beforeAll, describe, expect, it } from "vitest";
import { searchProfiles } from "@/lib/audience/profile-pages/search-profiles";
import { createTestDatabase } from "@/test/database";

// The list's queries at 200,000 profiles: identifier prefixes and both sorts stay index range
// scans (checked in the plan, and timed); names go through the trigram indexes. 1M profiles with
// property filters: bench/audience.ts.

const db = await createTestDatabase();
const PROFILES = 200_000;
let workspaceId = "";

beforeAll(async () => {
  workspaceId = (await db.prisma.workspace.create({ data: { name: "Scale" } })).id;
  await db.prisma.$executeRaw`
    insert into profiles (id, workspace_id, email, external_id, phone_number, first_name, created_at)
    select gen_random_uuid(), ${workspaceId}::uuid, 'person' || n || '@example.com', 'ext-' || n,
      '+1' || (2000000000 + n)::text, 'First' || n, now() - make_interval(secs => n)
    from generate_series(1, ${PROFILES}) as n`;
  await db.prisma.$executeRawUnsafe("analyze profiles");
}, 120_000);

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  await run(); // warm
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

describe("searchProfiles at 200,000 profiles", () => {
  it("pages and prefix searches on identifiers stay fast", async () => {
    const timings: Record<string, number> = {};
    const [firstPage, tFirst] = await timed(() => searchProfiles({ workspaceId, pageSize: 50 }));
    timings.newestFirst = tFirst;
    const [, tNext] = await timed(() =>
      searchProfiles({ workspaceId, cursor: firstPage.next!, pageSize: 50 }),
    );
    timings.nextPage = tNext;
    const [byEmail, tEmailSort] = await timed(() =>
      searchProfiles({ workspaceId, sort: "email", pageSize: 50 }),
    );
    timings.emailSort = tEmailSort;
    expect(byEmail.profiles[0]!.email).toBe("person100000@example.com");
    const [found, tEmail] = await timed(() =>
      searchProfiles({ workspaceId, term: "person12345", pageSize: 50 }),
    );
    timings.emailPrefix = tEmail;
    expect(found.profiles.map((p) => p.email)).toContain("person12345@example.com");
    const [, tExternal] = await timed(() =>
      searchProfiles({ workspaceId, term: "ext-9999", field: "external_id", pageSize: 50 }),
    );
    timings.externalIdPrefix = tExternal;
    const [common, tCommon] = await timed(() => searchProfiles({ workspaceId, term: "p", pageSize: 50 }));
    timings.commonPrefix = tCommon;
    expect(common.profiles).toHaveLength(50);
    const [, tName] = await timed(() =>
      searchProfiles({ workspaceId, term: "First777", field: "name", pageSize: 50 }),
    );
    timings.namePrefix = tName;
    console.info(
      "searchProfiles ms at 200k:",
      JSON.stringify(timings, (_, v) => (typeof v === "number" ? Math.round(v) : v)),
    );
    for (const key of [
      "newestFirst",
      "nextPage",
      "emailSort",
      "emailPrefix",
      "externalIdPrefix",
      "commonPrefix",
      "namePrefix",
    ])
      expect(timings[key]).toBeLessThan(300);
  });

  it("an email prefix is an index range scan in the plan", async () => {
    const plan = await db.prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `explain select id from profiles where workspace_id = '${workspaceId}' and email like 'person12345%' order by created_at desc, id limit 51`,
    );
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
    expect(text).toContain("profiles_workspace_id_email_key");
  });

  it("a name prefix uses the trigram indexes", async () => {
    const plan = await db.prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `explain select id from profiles where workspace_id = '${workspaceId}'
       and (first_name ilike 'First12345%' or last_name ilike 'First12345%') order by created_at desc, id limit 51`,
    );
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toContain("profiles_first_name_idx");
  });
});
