import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { findUnstorableText } from "@/lib/api/find-json-path";
import { isDeeperThan } from "@/lib/api/read-json-body";
import { PROFILE_COLUMNS, SEGMENT_PROPERTY_OPERATORS } from "@/lib/audience/segment-definition";
import { saveSegment } from "@/lib/audience/segments/save-segment";
import { HookflowError } from "@/lib/errors";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { createTestDatabase } from "@/test/database";
import {
  createTally,
  FUZZ_RUNS,
  FUZZ_SEED,
  hostileDate,
  hostileJson,
  hostileNumber,
  hostileString,
  objectOf,
  PROTOTYPE_KEYS,
  withinTimeLimit,
} from "@/test/fuzz/hostile-values";

// Fuzzing segment definitions through saveSegment (the server action's domain call: validate,
// check references, compile to SQL, compute membership, all in one transaction) on profiles whose
// properties are hostile too. Contract: saved, or a validation error naming the field; never a
// database error (property names and values reach SQL), never a hang, nothing saved on failure.

const db = await createTestDatabase();
const workspace = await db.prisma.workspace.create({ data: { name: "Fuzz segments" } });
const metric = await db.prisma.metric.create({ data: { workspaceId: workspace.id, name: "Fuzzed" } });
const list = await db.prisma.list.create({ data: { workspaceId: workspace.id, name: "Fuzzed" } });
const TIMEOUT = 60_000 + FUZZ_RUNS * 150;

const storable = (value: unknown) => findUnstorableText(value) === null;
// Profiles with hostile properties, as the API can store them (depth ≤ 64, storable text).
const samples = fc.sample(fc.tuple(hostileString, hostileJson, hostileDate), { numRuns: 40, seed: 42 });
for (const [key, value, date] of samples) {
  const properties = objectOf([
    [key.slice(0, 200), value],
    ["birthday", date],
    ["plan", "pro"],
  ]);
  if (!storable(properties) || isDeeperThan(properties, 60) || JSON.stringify(properties).length > 500_000)
    continue;
  await db.prisma.profile.create({
    data: { workspaceId: workspace.id, email: `${uuidv7()}@example.com`, properties: properties as object },
  });
}

const propertyPath = fc.oneof(
  { arbitrary: fc.constantFrom(...PROFILE_COLUMNS, "properties.birthday", "properties.plan"), weight: 4 },
  {
    arbitrary: fc.oneof(hostileString, fc.constantFrom(...PROTOTYPE_KEYS)).map((key) => `properties.${key}`),
    weight: 3,
  },
  hostileString.map((key) => `location.${key}`),
  hostileString,
);
const operand = fc.oneof(
  { arbitrary: fc.oneof(fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 3650 })), weight: 4 },
  hostileString,
  hostileNumber,
  fc.boolean(),
  hostileDate,
  hostileJson,
  fc.constant(undefined),
);
const operator = fc.oneof(
  { arbitrary: fc.constantFrom(...SEGMENT_PROPERTY_OPERATORS), weight: 5 },
  { arbitrary: hostileString, weight: 1 },
);
const condition = fc.oneof(
  // Valid shapes with hostile text where it reaches SQL (the property name and the operand).
  {
    arbitrary: fc.record({
      kind: fc.constant("profile-property"),
      property: propertyPath,
      operator: fc.constantFrom(
        "equals",
        "not_equals",
        "contains",
        "starts_with",
        "greater_than",
        "less_than",
      ),
      value: hostileString.filter((text) => text.length > 0 && text.length <= 1000),
    }),
    weight: 6,
  },
  fc.record({ kind: fc.constant("profile-property"), property: propertyPath, operator, value: operand }),
  fc.record({
    kind: fc.constant("event-count"),
    metricId: fc.oneof(fc.constant(metric.id), fc.uuid(), hostileString),
    comparison: fc.constantFrom("at_least", "at_most", "exactly"),
    count: fc.oneof(fc.nat(5), hostileNumber),
    window: fc.oneof(
      fc.constant({ kind: "ever" }),
      fc.record({ kind: fc.constant("last_days"), days: hostileNumber }),
    ),
    filter: fc.option(fc.record({ property: hostileString, operator, value: operand }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant("list-membership"),
    listId: fc.oneof(fc.constant(list.id), fc.uuid()),
    isMember: fc.boolean(),
  }),
  fc.record({
    kind: fc.constantFrom("segment-membership", "__proto__"),
    segmentId: fc.uuid(),
    isMember: fc.boolean(),
  }),
);
const definition = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      match: fc.constantFrom("all", "any"),
      groups: fc.array(
        fc.record({
          match: fc.constantFrom("all", "any"),
          conditions: fc.array(condition, { minLength: 1, maxLength: 2 }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    }),
  },
  { weight: 1, arbitrary: hostileJson },
);

async function segmentCount() {
  return db.prisma.segment.count({ where: { workspaceId: workspace.id } });
}

describe("fuzzing segment definitions", () => {
  it(`saveSegment: ${FUZZ_RUNS} hostile definitions`, { timeout: TIMEOUT }, async () => {
    const tally = createTally("saveSegment");
    await fc.assert(
      fc.asyncProperty(definition, async (candidate) => {
        const before = await segmentCount();
        const outcome = await withinTimeLimit("saveSegment", () =>
          saveSegment({ workspaceId: workspace.id, segmentId: null, definition: candidate }).then(
            (saved) => ({ saved }),
            (error: unknown) => ({ error }),
          ),
        );
        tally.count("saved" in outcome ? "saved" : "refused");
        if ("saved" in outcome) {
          expect(await segmentCount()).toBe(before + 1);
          return;
        }
        const error = outcome.error;
        if (error instanceof z.ZodError) {
          for (const issue of error.issues) expect(issue.message.length).toBeGreaterThan(0);
        } else {
          expect(error, String(error)).toBeInstanceOf(HookflowError);
          expect((error as HookflowError).status).toBeLessThan(500);
        }
        expect(await segmentCount()).toBe(before);
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
    tally.report();
  });
});
