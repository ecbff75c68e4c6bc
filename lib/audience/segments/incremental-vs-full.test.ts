import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addProfilesToList, removeProfilesFromList } from "@/lib/audience/list-members";
import type { TSegmentCondition, TSegmentDefinition } from "@/lib/audience/segment-definition";
import { recomputeSegment } from "@/lib/audience/segments/recompute-segment";
import { saveSegment } from "@/lib/audience/segments/save-segment";
import { getSegmentOrThrow } from "@/lib/audience/segments/segment-queries";
import { upsertProfiles } from "@/lib/audience/upsert-profiles";
import { ensureMetric } from "@/lib/engine/testing/engine-fixtures";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";
import { writeEventBatch } from "@/lib/ingestion/write-event-batch";
import { createTestDatabase } from "@/test/database";

// Property: whatever happens to profiles (created, properties changed, events, list joins and
// leaves) through the real write paths, the membership the incremental path keeps equals what a
// full recompute finds — a full recompute afterwards changes nothing.

const db = await createTestDatabase();
const DAY = 86_400_000;

type TOperation =
  | { kind: "create"; locale: string | null; plan: string | null; age: number | null }
  | { kind: "update"; profile: number; plan: string | null; age: number | null }
  | { kind: "event"; profile: number; daysAgo: number; total: number }
  | { kind: "list"; profile: number; join: boolean };

const ZERO_OR_VALUE = <T>(values: T[]) => fc.option(fc.constantFrom(...values), { nil: null });
const operation: fc.Arbitrary<TOperation> = fc.oneof(
  fc.record({
    kind: fc.constant("create" as const),
    locale: ZERO_OR_VALUE(["de-DE", "de-AT", "en-US", "fr-FR"]),
    plan: ZERO_OR_VALUE(["gold", "silver"]),
    age: ZERO_OR_VALUE([18, 30, 45, 70]),
  }),
  fc.record({
    kind: fc.constant("update" as const),
    profile: fc.nat(20),
    plan: ZERO_OR_VALUE(["gold", "silver"]),
    age: ZERO_OR_VALUE([18, 30, 45, 70]),
  }),
  fc.record({
    kind: fc.constant("event" as const),
    profile: fc.nat(20),
    daysAgo: fc.integer({ min: 0, max: 60 }),
    total: fc.integer({ min: 0, max: 100 }),
  }),
  fc.record({ kind: fc.constant("list" as const), profile: fc.nat(20), join: fc.boolean() }),
);

function conditions(metricId: string, listId: string): fc.Arbitrary<TSegmentCondition> {
  return fc.oneof(
    fc.constantFrom<TSegmentCondition>(
      { kind: "profile-property", property: "locale", operator: "starts_with", value: "de" },
      { kind: "profile-property", property: "properties.plan", operator: "equals", value: "gold" },
      { kind: "profile-property", property: "properties.plan", operator: "not_exists" },
      { kind: "profile-property", property: "properties.age", operator: "greater_than", value: 29 },
      { kind: "list-membership", listId, isMember: true },
      { kind: "list-membership", listId, isMember: false },
    ),
    fc.record({
      kind: fc.constant("event-count" as const),
      metricId: fc.constant(metricId),
      comparison: fc.constantFrom("at_least" as const, "at_most" as const, "exactly" as const),
      count: fc.integer({ min: 0, max: 2 }),
      window: fc.constantFrom({ kind: "ever" as const }, { kind: "last_days" as const, days: 30 }),
      filter: fc.option(fc.constant({ property: "total", operator: "greater_than" as const, value: 50 }), {
        nil: undefined,
      }),
    }),
  );
}

function definitions(metricId: string, listId: string): fc.Arbitrary<TSegmentDefinition> {
  const group = fc.record({
    match: fc.constantFrom("all" as const, "any" as const),
    conditions: fc.array(conditions(metricId, listId), { minLength: 1, maxLength: 3 }),
  });
  return fc.record({
    match: fc.constantFrom("all" as const, "any" as const),
    groups: fc.array(group, { minLength: 1, maxLength: 3 }),
  });
}

const changes = (id: string, properties: Record<string, unknown>, columns = {}) => ({
  id,
  columns,
  clearLocation: false,
  location: {},
  properties: Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== null)),
  unsetProperties: Object.entries(properties)
    .filter(([, value]) => value === null)
    .map(([key]) => key),
});

async function apply(workspaceId: string, listId: string, profiles: string[], op: TOperation) {
  if (op.kind === "create") {
    const id = uuidv7();
    await withPgTransaction((tx) =>
      upsertProfiles(tx, [
        {
          workspaceId,
          changes: {
            ...changes(id, { plan: op.plan, age: op.age }, op.locale ? { locale: op.locale } : {}),
            id: undefined,
            email: `${id}@example.com`,
          },
          pointer: "/data",
        },
      ]),
    );
    const row = await db.pool.query<{ id: string }>("select id from profiles where email = $1", [
      `${id}@example.com`,
    ]);
    profiles.push(row.rows[0]!.id);
    return;
  }
  const profileId = profiles[op.profile % Math.max(profiles.length, 1)];
  if (!profileId) return;
  if (op.kind === "update") {
    await withPgTransaction((tx) =>
      upsertProfiles(tx, [
        { workspaceId, changes: changes(profileId, { plan: op.plan, age: op.age }), pointer: "/data" },
      ]),
    );
  } else if (op.kind === "event") {
    const [outcome] = await writeEventBatch(
      [
        {
          id: uuidv7(),
          workspaceId,
          metricName: "Placed Order",
          profile: changes(profileId, {}),
          profilePointer: "/data",
          properties: { total: op.total },
          time: new Date(Date.now() - op.daysAgo * DAY),
          value: null,
          valueCurrency: null,
          uniqueId: uuidv7(),
          isBackfill: false,
        },
      ],
      { atomic: true },
    );
    expect(outcome?.ok).toBe(true);
  } else {
    const document = { data: [{ type: "profile", id: profileId }] };
    if (op.join) await addProfilesToList({ workspaceId, listId, document });
    else await removeProfilesFromList({ workspaceId, listId, document });
  }
}

describe("incremental membership equals a full recompute", () => {
  it("on randomized profiles, events, list changes and definitions", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 5, maxLength: 25 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        async (operations, definitionSeed) => {
          const workspace = await db.prisma.workspace.create({ data: { name: "Property" } });
          const metricId = await ensureMetric(workspace.id, "Placed Order");
          const list = await db.prisma.list.create({ data: { workspaceId: workspace.id, name: "L" } });
          const [definition] = fc.sample(definitions(metricId, list.id), {
            seed: definitionSeed,
            numRuns: 1,
          });
          const saved = await saveSegment({ workspaceId: workspace.id, segmentId: null, definition });
          const profiles: string[] = [];
          for (const op of operations) await apply(workspace.id, list.id, profiles, op);
          const segment = (await getSegmentOrThrow({ workspaceId: workspace.id, segmentId: saved.id }))
            .loaded!;
          const full = await recomputeSegment(segment);
          expect({ joined: full.joined, left: full.left, definition }).toEqual({
            joined: 0,
            left: 0,
            definition,
          });
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
