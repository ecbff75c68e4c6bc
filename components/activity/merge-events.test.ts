import { describe, expect, it } from "vitest";
import { appendOlderEvents, compareNewestFirst, mergeNewEvents } from "@/components/activity/merge-events";
import type { TActivityEvent } from "@/components/activity/types";

function event(id: string, minute: number): TActivityEvent {
  return {
    id,
    time: new Date(Date.UTC(2026, 10, 29, 12, minute)).toISOString(),
    metric: { id: "m", name: "Placed Order" },
    profile: { id: "p", label: "a@example.com", email: "a@example.com", name: null },
    properties: {},
    value: null,
    valueCurrency: null,
    origin: "api",
  };
}

const ids = (events: TActivityEvent[]) => events.map((e) => e.id);

describe("mergeNewEvents", () => {
  it("prepends events newer than the feed and reports which were added", () => {
    const shown = [event("b", 2), event("a", 1)];
    const result = mergeNewEvents(shown, [event("c", 3), event("b", 2)], { hasOlder: false, pageSize: 50 });
    expect(ids(result.events)).toEqual(["c", "b", "a"]);
    expect(result.addedIds).toEqual(["c"]);
    expect(result.gap).toBe(false);
  });

  it("returns the same array when nothing is new, so React skips the render", () => {
    const shown = [event("a", 1)];
    expect(mergeNewEvents(shown, [event("a", 1)], { hasOlder: false, pageSize: 50 }).events).toBe(shown);
  });

  it("places a back-dated event in time order when the whole history is shown", () => {
    const shown = [event("c", 3), event("a", 1)];
    const result = mergeNewEvents(shown, [event("b", 2), event("z", 0)], { hasOlder: false, pageSize: 50 });
    expect(ids(result.events)).toEqual(["c", "b", "a", "z"]);
  });

  it("leaves events older than the feed to Load more while older pages remain", () => {
    const shown = [event("c", 3), event("b", 2)];
    const result = mergeNewEvents(shown, [event("d", 4), event("a", 1)], { hasOlder: true, pageSize: 50 });
    expect(ids(result.events)).toEqual(["d", "c", "b"]);
  });

  it("breaks time ties by id, like the keyset cursor", () => {
    expect(compareNewestFirst(event("b", 1), event("a", 1))).toBeLessThan(0);
    const result = mergeNewEvents([event("a", 1)], [event("b", 1)], { hasOlder: false, pageSize: 50 });
    expect(ids(result.events)).toEqual(["b", "a"]);
  });

  it("flags a gap when a full poll is entirely newer than the feed", () => {
    const shown = [event("a", 1)];
    const incoming = [event("d", 4), event("c", 3)];
    expect(mergeNewEvents(shown, incoming, { hasOlder: false, pageSize: 2 }).gap).toBe(true);
    expect(mergeNewEvents(shown, incoming, { hasOlder: false, pageSize: 3 }).gap).toBe(false);
    expect(mergeNewEvents(shown, [event("c", 3), event("a", 1)], { hasOlder: false, pageSize: 2 }).gap).toBe(
      false,
    );
  });

  it("never flags a gap on an empty feed", () => {
    expect(mergeNewEvents([], [event("a", 1)], { hasOlder: false, pageSize: 1 }).gap).toBe(false);
  });
});

describe("appendOlderEvents", () => {
  it("skips events a poll already added", () => {
    expect(ids(appendOlderEvents([event("b", 2)], [event("b", 2), event("a", 1)]))).toEqual(["b", "a"]);
  });
});
