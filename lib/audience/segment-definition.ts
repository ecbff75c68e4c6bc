import { z } from "zod";
import { ZListMembershipCondition, ZSegmentMembershipCondition } from "@/lib/flows/conditions";

// A segment's definition: ONE schema shared by the builder (components/segments), the server
// actions and the engine (lib/audience/segments/compile-segment-sql.ts). Groups are shaped like
// flow filter conditions (lib/flows/conditions.ts: `match` of groups, each `match`ing its
// conditions) and the property operators keep those names, so a marketer reads one language.

/** Operators on a profile property; "in_next_days" and "anniversary_in_next_days" look ahead. */
export const SEGMENT_PROPERTY_OPERATORS = [
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
  "in_next_days",
  "anniversary_in_next_days",
] as const;
export type TSegmentPropertyOperator = (typeof SEGMENT_PROPERTY_OPERATORS)[number];

/** Operators that take a number of days as their value. */
export const DAY_OPERATORS: readonly TSegmentPropertyOperator[] = [
  "in_last_days",
  "in_next_days",
  "anniversary_in_next_days",
];
const VALUELESS_OPERATORS: readonly TSegmentPropertyOperator[] = ["exists", "not_exists"];

/** Profile columns a condition may name directly; anything else is `properties.<key>` or `location.<key>`. */
export const PROFILE_COLUMNS = [
  "email",
  "phone_number",
  "external_id",
  "first_name",
  "last_name",
  "organization",
  "title",
  "locale",
  "timezone",
  "created_at",
] as const;

const ZOperand = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);
export const MAX_DAYS = 3650;

const ZPropertyPath = z
  .string()
  .trim()
  .min(1, "Choose a property")
  .max(200)
  .refine(
    (path) =>
      (PROFILE_COLUMNS as readonly string[]).includes(path) || /^(properties|location)\.[^.]+$/.test(path),
    { message: "Choose a profile field, properties.<name> or location.<name>" },
  );

function checkOperand(
  comparison: { operator: TSegmentPropertyOperator; value?: unknown },
  context: z.RefinementCtx,
) {
  const { operator, value } = comparison;
  if (VALUELESS_OPERATORS.includes(operator)) return;
  if (value === undefined || value === "") {
    context.addIssue({ code: "custom", path: ["value"], message: "Enter a value to compare with" });
  } else if (DAY_OPERATORS.includes(operator)) {
    if (!(typeof value === "number" && Number.isInteger(value) && value > 0 && value <= MAX_DAYS)) {
      context.addIssue({
        code: "custom",
        path: ["value"],
        message: `Enter a whole number of days from 1 to ${MAX_DAYS}`,
      });
    }
  } else if (["contains", "not_contains", "starts_with"].includes(operator) && typeof value !== "string") {
    context.addIssue({ code: "custom", path: ["value"], message: "Enter text to look for" });
  }
}

export const ZProfilePropertySegmentCondition = z
  .object({
    kind: z.literal("profile-property"),
    property: ZPropertyPath,
    operator: z.enum(SEGMENT_PROPERTY_OPERATORS),
    value: ZOperand.optional(),
  })
  .superRefine(checkOperand);

/** A filter on the counted events' properties (no day operators: an event has its own time). */
export const ZEventPropertyFilter = z
  .object({
    property: z.string().trim().min(1, "Choose an event property").max(200),
    operator: z.enum(SEGMENT_PROPERTY_OPERATORS).refine((operator) => !DAY_OPERATORS.includes(operator), {
      message: "Day operators do not apply to event properties",
    }),
    value: ZOperand.optional(),
  })
  .superRefine(checkOperand);

export const ZEventCountSegmentCondition = z.object({
  kind: z.literal("event-count"),
  metricId: z.uuid("Choose a metric"),
  comparison: z.enum(["at_least", "at_most", "exactly"]),
  count: z.number().int("Enter a whole number").min(0, "Enter 0 or more").max(1_000_000),
  window: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("ever") }),
    z.object({
      kind: z.literal("last_days"),
      days: z.number().int().min(1, "Enter at least 1 day").max(MAX_DAYS, `At most ${MAX_DAYS} days`),
    }),
  ]),
  filter: ZEventPropertyFilter.optional(),
});

export const ZSegmentCondition = z.discriminatedUnion("kind", [
  ZProfilePropertySegmentCondition,
  ZEventCountSegmentCondition,
  // List and segment membership mean the same in a segment as in a flow's split: one schema.
  ZListMembershipCondition,
  ZSegmentMembershipCondition,
]);

export const ZSegmentConditionGroup = z.object({
  match: z.enum(["all", "any"]).default("all"),
  conditions: z
    .array(ZSegmentCondition)
    .min(1, "Add a condition to this group")
    .max(50, "At most 50 conditions in a group"),
});

export const ZSegmentDefinition = z.object({
  match: z.enum(["all", "any"]).default("any"),
  groups: z
    .array(ZSegmentConditionGroup)
    .min(1, "Add at least one condition")
    .max(20, "At most 20 condition groups"),
});

export type TSegmentCondition = z.infer<typeof ZSegmentCondition>;
export type TSegmentConditionGroup = z.infer<typeof ZSegmentConditionGroup>;
export type TSegmentDefinition = z.infer<typeof ZSegmentDefinition>;
export type TEventPropertyFilter = z.infer<typeof ZEventPropertyFilter>;

/** What a definition reads: the incremental path re-evaluates a segment only when one of these changed. */
export type TSegmentDependencies = {
  /** Property paths ("locale", "properties.plan", "location.country"). */
  properties: Set<string>;
  metricIds: Set<string>;
  listIds: Set<string>;
  segmentIds: Set<string>;
  /** Conditions whose truth changes with the clock alone: the sweep recomputes these segments. */
  hasTimeWindow: boolean;
};

export function segmentDependencies(definition: TSegmentDefinition): TSegmentDependencies {
  const dependencies: TSegmentDependencies = {
    properties: new Set(),
    metricIds: new Set(),
    listIds: new Set(),
    segmentIds: new Set(),
    hasTimeWindow: false,
  };
  for (const condition of definition.groups.flatMap((group) => group.conditions)) {
    switch (condition.kind) {
      case "profile-property":
        dependencies.properties.add(condition.property);
        if (DAY_OPERATORS.includes(condition.operator)) dependencies.hasTimeWindow = true;
        break;
      case "event-count":
        dependencies.metricIds.add(condition.metricId);
        if (condition.window.kind === "last_days") dependencies.hasTimeWindow = true;
        break;
      case "list-membership":
        dependencies.listIds.add(condition.listId);
        break;
      case "segment-membership":
        dependencies.segmentIds.add(condition.segmentId);
        break;
    }
  }
  return dependencies;
}

/** A new, empty-ish definition for the builder: one group with one property condition. */
export const NEW_SEGMENT_DEFINITION: TSegmentDefinition = {
  match: "any",
  groups: [
    {
      match: "all",
      conditions: [{ kind: "profile-property", property: "locale", operator: "starts_with", value: "" }],
    },
  ],
};
