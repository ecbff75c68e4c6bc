import { describe, expect, it } from "vitest";
import type { TSegmentCondition } from "@/lib/audience/segment-definition";
import { saveSegment } from "@/lib/audience/segments/save-segment";
import {
  addEvents,
  DAY,
  NOW,
  oneCondition,
  workspaceWith,
} from "@/lib/audience/segments/testing/segment-fixtures";
import { ensureMetric } from "@/lib/engine/testing/engine-fixtures";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();

describe("every condition kind: a matching and a non-matching profile", () => {
  const property = (p: string, operator: string, value?: unknown) =>
    ({ kind: "profile-property", property: p, operator, value }) as TSegmentCondition;
  const cases: [string, TSegmentCondition, Record<string, unknown>, Record<string, unknown>][] = [
    ["equals (text)", property("properties.plan", "equals", "gold"), { plan: "gold" }, { plan: "silver" }],
    ["equals (number)", property("properties.age", "equals", 42), { age: 42 }, { age: 43 }],
    ["equals (boolean)", property("properties.vip", "equals", true), { vip: true }, { vip: false }],
    ["not equals", property("properties.plan", "not_equals", "gold"), { plan: "silver" }, { plan: "gold" }],
    ["contains", property("properties.city", "contains", "ERL"), { city: "Berlin" }, { city: "Paris" }],
    [
      "not contains",
      property("properties.city", "not_contains", "erl"),
      { city: "Paris" },
      { city: "Berlin" },
    ],
    ["starts with", property("properties.code", "starts_with", "de_"), { code: "DE_1" }, { code: "dex" }],
    ["greater than", property("properties.age", "greater_than", 30), { age: 31 }, { age: 30 }],
    ["less than", property("properties.age", "less_than", 30), { age: "29" }, { age: "abc" }],
    [
      "greater than (text)",
      property("properties.since", "greater_than", "2026-01-01"),
      { since: "2026-02-01" },
      { since: "2025-12-31" },
    ],
    ["is set", property("properties.plan", "exists"), { plan: "x" }, { other: 1 }],
    ["is not set", property("properties.plan", "not_exists"), { other: 1 }, { plan: "x" }],
    [
      "in the last N days",
      property("properties.signup", "in_last_days", 7),
      { signup: "2026-06-10" },
      { signup: "2026-06-01" },
    ],
    [
      "in the next N days",
      property("properties.renewal", "in_next_days", 10),
      { renewal: "2026-06-20T08:00:00Z" },
      { renewal: "2026-02-30" },
    ],
    [
      "anniversary in the next N days",
      property("properties.birthday", "anniversary_in_next_days", 14),
      { birthday: "1990-06-20" },
      { birthday: "1990-07-20" },
    ],
    [
      "anniversary without a year",
      property("properties.birthday", "anniversary_in_next_days", 14),
      { birthday: "--06-28" },
      { birthday: "--08-01" },
    ],
  ];
  it.each(cases)("%s", async (_label, condition, matching, other) => {
    const { workspaceId, members } = await workspaceWith({
      yes: { properties: matching },
      no: { properties: other },
    });
    const { id } = await saveSegment({
      workspaceId,
      segmentId: null,
      name: "S",
      definition: oneCondition(condition),
      now: NOW,
    });
    expect(await members(id)).toEqual(["yes"]);
  });

  it("profile columns (locale starts with de)", async () => {
    const { workspaceId, members } = await workspaceWith({
      yes: { locale: "de-DE" },
      no: { locale: "en-US" },
    });
    const { id } = await saveSegment({
      workspaceId,
      segmentId: null,
      definition: oneCondition(property("locale", "starts_with", "de")),
      now: NOW,
    });
    expect(await members(id)).toEqual(["yes"]);
  });

  it("event counts: at least / at most / exactly, in the last N days or ever, with an event-property filter", async () => {
    const { workspaceId, ids, members } = await workspaceWith({ none: {}, one: {}, three: {}, old: {} });
    const metricId = await ensureMetric(workspaceId, "Placed Order");
    await addEvents(workspaceId, metricId, ids.one!, [new Date(NOW.getTime() - DAY)], { total: 50 });
    await addEvents(
      workspaceId,
      metricId,
      ids.three!,
      [1, 2, 3].map((d) => new Date(NOW.getTime() - d * DAY)),
      { total: 10 },
    );
    await addEvents(workspaceId, metricId, ids.old!, [new Date(NOW.getTime() - 100 * DAY)]);
    const count = (
      comparison: "at_least" | "at_most" | "exactly",
      n: number,
      window: object,
      filter?: object,
    ) =>
      oneCondition({
        kind: "event-count",
        metricId,
        comparison,
        count: n,
        window,
        filter,
      } as TSegmentCondition);
    const save = async (definition: unknown) =>
      members((await saveSegment({ workspaceId, segmentId: null, definition, now: NOW })).id);
    const last30 = { kind: "last_days", days: 30 };
    expect(await save(count("at_least", 1, last30))).toEqual(["one", "three"]);
    expect(await save(count("at_least", 1, { kind: "ever" }))).toEqual(["old", "one", "three"]);
    expect(await save(count("at_most", 1, last30))).toEqual(["none", "old", "one"]);
    expect(await save(count("exactly", 0, last30))).toEqual(["none", "old"]);
    expect(await save(count("exactly", 3, { kind: "ever" }))).toEqual(["three"]);
    expect(
      await save(
        count("at_least", 1, { kind: "ever" }, { property: "total", operator: "greater_than", value: 20 }),
      ),
    ).toEqual(["one"]);
  });

  it("list membership and another segment's membership (member and not a member)", async () => {
    const { workspaceId, ids, members } = await workspaceWith({
      listed: { locale: "de" },
      other: { locale: "fr" },
    });
    const list = await db.prisma.list.create({ data: { workspaceId, name: "Newsletter" } });
    await db.pool.query(
      "insert into list_memberships (workspace_id, list_id, profile_id) values ($1, $2, $3)",
      [workspaceId, list.id, ids.listed],
    );
    const inList = await saveSegment({
      workspaceId,
      segmentId: null,
      definition: oneCondition({ kind: "list-membership", listId: list.id, isMember: true }),
      now: NOW,
    });
    expect(await members(inList.id)).toEqual(["listed"]);
    const notInSegment = await saveSegment({
      workspaceId,
      segmentId: null,
      definition: oneCondition({ kind: "segment-membership", segmentId: inList.id, isMember: false }),
      now: NOW,
    });
    expect(await members(notInSegment.id)).toEqual(["other"]);
  });
});
