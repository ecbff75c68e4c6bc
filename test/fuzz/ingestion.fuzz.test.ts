import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { POST as postBulk } from "@/app/api/event-bulk-create-jobs/route";
import { POST as postEvent } from "@/app/api/events/route";
import { POST as postProfileImport } from "@/app/api/profile-import/route";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { createTestDatabase } from "@/test/database";
import { asReceived, countWorkspaceRows, sendFuzzCase } from "@/test/fuzz/api-case";
import {
  BYTES_MARK,
  createTally,
  FUZZ_RUNS,
  FUZZ_SEED,
  hostileDate,
  hostileJson,
  hostileNumber,
  hostileProperties,
  hostileString,
  invalidUtf8,
  objectOf,
  PROTOTYPE_KEYS,
  spliceBytes,
} from "@/test/fuzz/hostile-values";

// Property-based fuzzing of the ingestion API through its real route handlers on a real database.
// Each case is a valid document with one part made hostile (or the whole body replaced); the
// contract: never a 5xx, never a hang, a 4xx names the field, a refused request writes nothing,
// an accepted one stores exactly what was sent.

const db = await createTestDatabase();
const fixture = await createApiFixture("Fuzz");
const TIMEOUT = 60_000 + FUZZ_RUNS * 300;
let caseNumber = 0;

const PROFILE_FIELDS = [
  "email",
  "phone_number",
  "external_id",
  "first_name",
  "location",
  "properties",
  "meta",
  "image",
  "__proto__",
  "constructor",
];
const EVENT_FIELDS = ["properties", "time", "value", "value_currency", "unique_id", "metric", "__proto__"];

/** A hostile change to a valid document: which part, and what goes there. */
const mutation = fc.oneof(
  fc.record({
    part: fc.constant("event" as const),
    field: fc.constantFrom(...EVENT_FIELDS),
    value: hostileJson,
  }),
  fc.record({ part: fc.constant("event" as const), field: fc.constant("time"), value: hostileDate }),
  fc.record({ part: fc.constant("event" as const), field: fc.constant("value"), value: hostileNumber }),
  fc.record({
    part: fc.constant("event" as const),
    field: fc.constant("properties"),
    value: hostileProperties,
  }),
  fc.record({ part: fc.constant("metric" as const), field: fc.constant("name"), value: hostileString }),
  fc.record({
    part: fc.constant("profile" as const),
    field: fc.constantFrom(...PROFILE_FIELDS),
    value: hostileJson,
  }),
  fc.record({
    part: fc.constant("profile" as const),
    field: fc.constant("properties"),
    value: hostileProperties,
  }),
  fc.record({ part: fc.constant("whole" as const), field: fc.constant(""), value: hostileJson }),
  fc.record({ part: fc.constant("bytes" as const), field: fc.constant(""), value: invalidUtf8 }),
  fc.record({ part: fc.constant("truncate" as const), field: fc.constant(""), value: fc.nat() }),
);
type TMutation = { part: string; field: string; value: unknown };

function baseEvent(id: string) {
  return {
    properties: { order: id, note: BYTES_MARK },
    time: "2026-07-15T10:00:00Z",
    value: 12.5,
    unique_id: `fuzz-${id}`,
    metric: { data: { type: "metric", attributes: { name: "Fuzzed" } } },
  };
}
const baseProfile = (n: number) => ({ type: "profile", attributes: { email: `fuzz-${n}@example.com` } });

function applyMutation(
  target: { event: Record<string, unknown>; profile: { attributes: Record<string, unknown> } },
  change: TMutation,
) {
  if (change.part === "event") Object.defineProperty(target.event, change.field, enumerable(change.value));
  if (change.part === "metric") {
    (target.event.metric as { data: { attributes: Record<string, unknown> } }).data.attributes.name =
      change.value;
  }
  if (change.part === "profile") {
    Object.defineProperty(target.profile.attributes, change.field, enumerable(change.value));
  }
}
const enumerable = (value: unknown) => ({ value, enumerable: true, writable: true, configurable: true });

/** The body as sent: JSON text, or bytes with invalid UTF-8 spliced in, or cut short. */
function encodeBody(document: unknown, change: TMutation): string | Uint8Array {
  if (change.part === "whole") return JSON.stringify(change.value) ?? "";
  const text = JSON.stringify(document);
  if (change.part === "bytes") return spliceBytes(text, change.value as Uint8Array);
  if (change.part === "truncate") return text.slice(0, (change.value as number) % text.length);
  return text;
}

async function expectStoredAsSent(uniqueId: string, properties: unknown) {
  const event = await db.prisma.event.findFirst({ where: { workspaceId: fixture.workspaceId, uniqueId } });
  expect(event, `event ${uniqueId} stored`).not.toBeNull();
  expect(event!.properties).toEqual(asReceived(properties));
}

async function expectNothingWritten(before: Awaited<ReturnType<typeof countWorkspaceRows>>) {
  expect(await countWorkspaceRows(db, fixture.workspaceId)).toEqual(before);
}

describe("fuzzing the ingestion API", () => {
  it(`POST /api/events: ${FUZZ_RUNS} hostile documents`, { timeout: TIMEOUT }, async () => {
    const tally = createTally("POST /api/events");
    await fc.assert(
      fc.asyncProperty(mutation, async (change) => {
        const n = ++caseNumber;
        const event = baseEvent(String(n));
        const profile = baseProfile(n);
        applyMutation({ event, profile }, change);
        const document = { data: { type: "event", attributes: { ...event, profile: { data: profile } } } };
        const before = await countWorkspaceRows(db, fixture.workspaceId);
        const body = encodeBody(document, change);
        const answer = await sendFuzzCase({
          handler: postEvent,
          path: "/api/events",
          key: fixture.ingestKey,
          body,
        });
        tally.count(answer.status);
        if (answer.status >= 400) return expectNothingWritten(before);
        expect(answer.status).toBe(202);
        if (change.part !== "whole" && change.field !== "unique_id") {
          await expectStoredAsSent(event.unique_id, event.properties ?? {});
        }
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
    tally.report();
  });

  it(`POST /api/event-bulk-create-jobs: ${FUZZ_RUNS} hostile documents`, { timeout: TIMEOUT }, async () => {
    const tally = createTally("POST /api/event-bulk-create-jobs");
    await fc.assert(
      fc.asyncProperty(mutation, fc.integer({ min: 1, max: 3 }), async (change, eventCount) => {
        const n = ++caseNumber;
        const events = Array.from({ length: eventCount }, (_, index) => baseEvent(`${n}-${index}`));
        const profile = baseProfile(n);
        applyMutation({ event: events[0]!, profile }, change);
        const document = {
          data: {
            type: "event-bulk-create-job",
            attributes: {
              "events-bulk-create": {
                data: [
                  {
                    type: "event-bulk-create",
                    attributes: {
                      profile: { data: profile },
                      events: { data: events.map((attributes) => ({ type: "event", attributes })) },
                    },
                  },
                ],
              },
            },
          },
        };
        const before = await countWorkspaceRows(db, fixture.workspaceId);
        const body = encodeBody(document, change);
        const answer = await sendFuzzCase({
          handler: postBulk,
          path: "/api/event-bulk-create-jobs",
          key: fixture.ingestKey,
          body,
        });
        tally.count(answer.status);
        if (answer.status >= 400) return expectNothingWritten(before);
        expect(answer.status).toBe(202);
        if (change.part === "whole" || change.field === "unique_id") return;
        for (const event of events) await expectStoredAsSent(event.unique_id, event.properties ?? {});
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
    tally.report();
  });

  it(`POST /api/profile-import: ${FUZZ_RUNS} hostile documents`, { timeout: TIMEOUT }, async () => {
    const tally = createTally("POST /api/profile-import");
    const profileChange = mutation.filter((change) => change.part !== "event" && change.part !== "metric");
    await fc.assert(
      fc.asyncProperty(profileChange, async (change) => {
        const n = ++caseNumber;
        const profile = baseProfile(n);
        profile.attributes = objectOf([
          ["email", `fuzz-${n}@example.com`],
          ["properties", { note: BYTES_MARK }],
        ]) as typeof profile.attributes;
        applyMutation({ event: {}, profile }, change);
        const before = await countWorkspaceRows(db, fixture.workspaceId);
        const body = encodeBody({ data: profile }, change);
        const answer = await sendFuzzCase({
          handler: postProfileImport,
          path: "/api/profile-import",
          key: fixture.ingestKey,
          body,
        });
        tally.count(answer.status);
        if (answer.status >= 400) return expectNothingWritten(before);
        expect([200, 201]).toContain(answer.status);
        const email = (profile.attributes as Record<string, unknown>).email;
        const properties = (profile.attributes as Record<string, unknown>).properties;
        if (change.part === "whole" || typeof email !== "string" || answer.status !== 201) return;
        const stored = await db.prisma.profile.findFirst({
          where: { workspaceId: fixture.workspaceId, email: email.trim().toLowerCase() },
        });
        if (properties && typeof properties === "object")
          expect(stored?.properties).toEqual(asReceived(properties));
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
    tally.report();
  });

  it("refuses prototype keys anywhere in a body with a pointer to them", async () => {
    for (const key of PROTOTYPE_KEYS.slice(0, 1)) {
      const properties = objectOf([[key, { polluted: true }]]);
      const body = JSON.stringify({
        data: {
          type: "event",
          attributes: { ...baseEvent("proto"), properties, profile: { data: baseProfile(0) } },
        },
      });
      const answer = await sendFuzzCase({
        handler: postEvent,
        path: "/api/events",
        key: fixture.ingestKey,
        body,
      });
      expect(answer.status).toBe(400);
      expect(answer.errors[0]?.pointer).toBe(`/data/attributes/properties/${key}`);
    }
  });
});
