import { z } from "zod";

// One condition language for trigger filters (event properties), flow filters (the profile) and
// conditional splits (both, plus list/segment membership). Evaluated in JavaScript by
// evaluate-conditions.ts against data the engine loads in bulk for a batch of steps.

export const CONDITION_OPERATORS = [
  "equals",
  "not_equals",
  "contains",
  "not_contains",
  "starts_with",
  "greater_than",
  "less_than",
  "exists",
  "not_exists",
  "in_last_days",
] as const;
export type TConditionOperator = (typeof CONDITION_OPERATORS)[number];

const ZOperand = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);

function propertyComparison<TKind extends "profile-property" | "event-property">(kind: TKind) {
  return z
    .object({
      kind: z.literal(kind),
      // A dotted path: "email", "first_name", "properties.plan", "location.country" on a profile;
      // "Items.0.SKU" or "$value" on an event's properties.
      property: z.string().trim().min(1, "Choose a property").max(200),
      operator: z.enum(CONDITION_OPERATORS),
      value: ZOperand.optional(),
    })
    .superRefine((comparison, context) => {
      if (comparison.operator === "exists" || comparison.operator === "not_exists") return;
      if (comparison.value === undefined || comparison.value === "") {
        context.addIssue({ code: "custom", path: ["value"], message: "Enter a value to compare with" });
      } else if (
        comparison.operator === "in_last_days" &&
        !(typeof comparison.value === "number" && comparison.value > 0)
      ) {
        context.addIssue({ code: "custom", path: ["value"], message: "Enter a number of days above 0" });
      }
    });
}

export const ZProfilePropertyCondition = propertyComparison("profile-property");
export const ZEventPropertyCondition = propertyComparison("event-property");
export const ZListMembershipCondition = z.object({
  kind: z.literal("list-membership"),
  listId: z.uuid("Choose a list"),
  isMember: z.boolean().default(true),
});
export const ZSegmentMembershipCondition = z.object({
  kind: z.literal("segment-membership"),
  segmentId: z.uuid("Choose a segment"),
  isMember: z.boolean().default(true),
});

export const ZCondition = z.discriminatedUnion("kind", [
  ZProfilePropertyCondition,
  ZEventPropertyCondition,
  ZListMembershipCondition,
  ZSegmentMembershipCondition,
]);
export type TCondition = z.infer<typeof ZCondition>;

/**
 * AND/OR groups, one level deep: the set `match`es its groups, each group `match`es its
 * conditions. The editor starts every set as OR-of-AND-groups ("any group", each "all of"):
 * each group then reads as one complete audience ("gold tier in DE" or "ordered in the last 30
 * days"), the shape HubSpot filter groups, Zapier and n8n use. Klaviyo's AND-of-OR rows are one
 * click away (both `match`es are editable), so neither form needs rewriting into the other — a
 * conversion that can grow exponentially and that published versions (immutable, already storing
 * both fields since schema v1) could not undergo anyway. See docs/decisions.md.
 */
export const ZConditionGroup = z.object({
  match: z.enum(["all", "any"]).default("all"),
  conditions: z.array(ZCondition).max(50, "At most 50 conditions in a group"),
});
const ZConditionGroups = z.object({
  match: z.enum(["all", "any"]).default("all"),
  groups: z.array(ZConditionGroup).max(20, "At most 20 condition groups"),
});
/** Grouped conditions; older flat shapes (see `groupLegacyConditions`) parse as one group. */
export const ZConditions = z.preprocess(groupLegacyConditions, ZConditionGroups);
export type TConditionGroup = z.infer<typeof ZConditionGroup>;
export type TConditions = z.infer<typeof ZConditionGroups>;
export type TConditionMatch = TConditions["match"];

/**
 * Flat condition lists written before groups existed (a bare array, or `{ match, conditions }`
 * as in imported or hand-written graphs) become one group with the same `match`, so graphs that
 * are already stored keep parsing and mean what they meant. Anything else passes through to the
 * schema, which reports it.
 */
export function groupLegacyConditions(input: unknown): unknown {
  if (Array.isArray(input)) return { match: "all", groups: [{ match: "all", conditions: input }] };
  if (input && typeof input === "object" && !("groups" in input) && "conditions" in input) {
    const { match, conditions } = input as { match?: unknown; conditions: unknown };
    return { match: "all", groups: [{ match: match ?? "all", conditions }] };
  }
  return input;
}

export const NO_CONDITIONS: TConditions = { match: "all", groups: [] };

export function listConditions(conditions: TConditions | undefined): TCondition[] {
  return conditions?.groups.flatMap((group) => group.conditions) ?? [];
}

/** Where a condition sits, as the user sees it: "condition 2", or "group 1, condition 2" once there are groups. */
export function conditionPlace(groupCount: number, groupIndex: number, conditionIndex?: number): string {
  const group = groupCount > 1 ? `group ${groupIndex + 1}` : "";
  if (conditionIndex === undefined) return group || "the group";
  return [group, `condition ${conditionIndex + 1}`].filter(Boolean).join(", ");
}

export function countConditions(conditions: TConditions | undefined): number {
  return listConditions(conditions).length;
}
