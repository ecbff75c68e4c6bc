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

/** AND/OR groups, one level deep: `match` over groups, each group `match`es its conditions. */
export const ZConditionGroup = z.object({
  match: z.enum(["all", "any"]).default("all"),
  conditions: z.array(ZCondition).max(50, "At most 50 conditions in a group"),
});
export const ZConditions = z.object({
  match: z.enum(["all", "any"]).default("all"),
  groups: z.array(ZConditionGroup).max(20, "At most 20 condition groups"),
});
export type TConditionGroup = z.infer<typeof ZConditionGroup>;
export type TConditions = z.infer<typeof ZConditions>;

export const NO_CONDITIONS: TConditions = { match: "all", groups: [] };

export function listConditions(conditions: TConditions | undefined): TCondition[] {
  return conditions?.groups.flatMap((group) => group.conditions) ?? [];
}
