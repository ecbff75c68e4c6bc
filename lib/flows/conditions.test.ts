import { describe, expect, it } from "vitest";
import { groupLegacyConditions, ZConditions } from "@/lib/flows/conditions";
import { ZSplitConfig } from "@/lib/flows/graph-schema";

const gold = { kind: "profile-property", property: "tier", operator: "equals", value: "gold" } as const;
const de = {
  kind: "profile-property",
  property: "location.country",
  operator: "equals",
  value: "DE",
} as const;

describe("ZConditions", () => {
  it("parses the grouped shape unchanged", () => {
    const grouped = {
      match: "any",
      groups: [
        { match: "all", conditions: [gold, de] },
        { match: "any", conditions: [gold] },
      ],
    };
    expect(ZConditions.parse(grouped)).toEqual(grouped);
  });

  it("reads a flat list written before groups as one group with the same match", () => {
    expect(ZConditions.parse({ match: "any", conditions: [gold, de] })).toEqual({
      match: "all",
      groups: [{ match: "any", conditions: [gold, de] }],
    });
    expect(ZConditions.parse([gold])).toEqual({
      match: "all",
      groups: [{ match: "all", conditions: [gold] }],
    });
    expect(groupLegacyConditions({ match: "all", groups: [] })).toEqual({ match: "all", groups: [] });
  });

  it("defaults to no conditions and still refuses malformed input with the field's message", () => {
    expect(ZSplitConfig.parse({})).toEqual({ conditions: { match: "all", groups: [] } });
    const result = ZConditions.safeParse({
      match: "all",
      groups: [{ match: "all", conditions: [{ ...gold, property: "" }] }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ["groups", 0, "conditions", 0, "property"],
      message: "Choose a property",
    });
    expect(ZConditions.safeParse({ match: "both", groups: [] }).success).toBe(false);
  });
});
