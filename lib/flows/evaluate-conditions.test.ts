import { describe, expect, it } from "vitest";
import type { TCondition, TConditionMatch, TConditions } from "@/lib/flows/conditions";
import { evaluateConditions, type TConditionSubject } from "@/lib/flows/evaluate-conditions";

const VIP_LIST = "0190d000-0000-7000-8000-0000000000a1";
const BUYERS = "0190d000-0000-7000-8000-0000000000b1";
const now = new Date("2026-06-01T12:00:00Z");

const subject = (overrides: Partial<TConditionSubject> = {}): TConditionSubject => ({
  profile: { email: "ada@example.com", properties: { tier: "gold" }, location: { country: "DE" } },
  event: { properties: { $value: 120, Items: [{ SKU: "A-1" }] } },
  listIds: new Set([VIP_LIST]),
  segmentIds: new Set(),
  now,
  ...overrides,
});
const tier = (value: string): TCondition => ({
  kind: "profile-property",
  property: "tier",
  operator: "equals",
  value,
});
const country = (value: string): TCondition => ({
  kind: "profile-property",
  property: "location.country",
  operator: "equals",
  value,
});
const inVip: TCondition = { kind: "list-membership", listId: VIP_LIST, isMember: true };
const inBuyers: TCondition = { kind: "segment-membership", segmentId: BUYERS, isMember: true };
const bigOrder: TCondition = {
  kind: "event-property",
  property: "$value",
  operator: "greater_than",
  value: 100,
};
const set = (match: TConditionMatch, groups: [TConditionMatch, TCondition[]][]): TConditions => ({
  match,
  groups: groups.map(([groupMatch, conditions]) => ({ match: groupMatch, conditions })),
});

describe("evaluateConditions: AND/OR groups", () => {
  it("no conditions (or only empty groups) match everyone", () => {
    expect(evaluateConditions(set("all", []), subject())).toBe(true);
    expect(evaluateConditions(set("any", [["all", []]]), subject())).toBe(true);
  });

  it("OR of AND-groups: one whole group is enough, a half-matching group is not", () => {
    const goldInFrance_orBuyer = set("any", [
      ["all", [tier("gold"), country("FR")]],
      ["all", [inBuyers]],
    ]);
    expect(evaluateConditions(goldInFrance_orBuyer, subject())).toBe(false);
    expect(evaluateConditions(goldInFrance_orBuyer, subject({ segmentIds: new Set([BUYERS]) }))).toBe(true);
    const goldInGermany_orBuyer = set("any", [
      ["all", [tier("gold"), country("DE")]],
      ["all", [inBuyers]],
    ]);
    expect(evaluateConditions(goldInGermany_orBuyer, subject())).toBe(true);
  });

  it("AND of OR-groups (Klaviyo's form): every group needs one match", () => {
    const vipOrBuyer_andBigOrder = set("all", [
      ["any", [inVip, inBuyers]],
      ["any", [bigOrder]],
    ]);
    expect(evaluateConditions(vipOrBuyer_andBigOrder, subject())).toBe(true);
    expect(evaluateConditions(vipOrBuyer_andBigOrder, subject({ listIds: new Set() }))).toBe(false);
    expect(
      evaluateConditions(vipOrBuyer_andBigOrder, subject({ event: { properties: { $value: 20 } } })),
    ).toBe(false);
  });

  it("empty groups are ignored rather than matching or failing everything", () => {
    expect(
      evaluateConditions(
        set("all", [
          ["all", [tier("silver")]],
          ["all", []],
        ]),
        subject(),
      ),
    ).toBe(false);
    expect(
      evaluateConditions(
        set("any", [
          ["all", []],
          ["all", [tier("gold")]],
        ]),
        subject(),
      ),
    ).toBe(true);
  });

  it("event conditions are false without an event, except 'does not exist'", () => {
    const noEvent = subject({ event: null });
    expect(evaluateConditions(set("all", [["all", [bigOrder]]]), noEvent)).toBe(false);
    const missing: TCondition = { kind: "event-property", property: "$value", operator: "not_exists" };
    expect(evaluateConditions(set("all", [["all", [missing]]]), noEvent)).toBe(true);
  });

  it("membership conditions can require absence", () => {
    const notVip: TCondition = { ...inVip, isMember: false };
    expect(evaluateConditions(set("all", [["all", [notVip]]]), subject())).toBe(false);
    expect(evaluateConditions(set("all", [["all", [notVip]]]), subject({ listIds: new Set() }))).toBe(true);
  });
});
