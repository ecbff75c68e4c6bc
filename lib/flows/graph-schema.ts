import { z } from "zod";
import { NO_CONDITIONS, ZConditions } from "@/lib/flows/conditions";

// The saved flow graph, versioned. Drafts, published versions, exports and the engine all read it
// through this one schema; the node-type registry (node-types.ts) adds per-type summaries and
// rules. Bump FLOW_GRAPH_SCHEMA_VERSION and add a migration step in parse-flow-graph.ts when the
// shape changes: versions are immutable, so old graphs must keep parsing.
export const FLOW_GRAPH_SCHEMA_VERSION = 1;

/** Upper bound on a flow's size (issue: hardening — limits documented and enforced). */
export const MAX_FLOW_NODES = 1000;
export const MAX_FLOW_EDGES = 2000;

const ZTimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a 24-hour time such as 09:00");
const ZTimezone = z.string().refine(isTimezone, "Unknown time zone (use an IANA name such as Europe/Paris)");

export function isTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const ZListTriggerConfig = z.object({ listId: z.uuid("Choose a list") });
export const ZSegmentTriggerConfig = z.object({ segmentId: z.uuid("Choose a segment") });
export const ZMetricTriggerConfig = z.object({
  metricId: z.uuid("Choose a metric"),
  filters: ZConditions.default(NO_CONDITIONS),
});
export const ZDateTriggerConfig = z.object({
  // A profile property holding a date (ISO 8601, e.g. "1990-05-17"), e.g. "birthday".
  property: z.string().trim().min(1, "Choose a date property").max(200),
  offsetDays: z.number().int().min(0).max(365).default(0),
  direction: z.enum(["before", "after"]).default("before"),
  recurrence: z.enum(["yearly", "monthly", "once"]).default("yearly"),
  timeOfDay: ZTimeOfDay.default("09:00"),
  timezone: z
    .discriminatedUnion("mode", [
      z.object({ mode: z.literal("profile"), fallback: ZTimezone.default("UTC") }),
      z.object({ mode: z.literal("fixed"), zone: ZTimezone }),
    ])
    .default({ mode: "profile", fallback: "UTC" }),
});

const ZHeader = z.object({
  name: z.string().trim().min(1, "Header name is required").max(200),
  value: z.string().max(8000),
});
export const ZWebhookConfig = z.object({
  url: z.string().trim().max(2000),
  headers: z.array(ZHeader).max(50).default([]),
  body: z.string().max(100_000).default("{}"),
});
export const ZCodeConfig = z.object({
  functionId: z.uuid("Choose a code function").nullable().default(null),
});
export const ZDelayConfig = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("duration"),
    amount: z.number().int().min(0).max(100_000),
    unit: z.enum(["minutes", "hours", "days"]),
  }),
  z.object({
    mode: z.literal("until"),
    // Wait until the next HH:MM in the profile's timezone (or `timezone`), on an allowed weekday.
    time: ZTimeOfDay,
    weekdays: z.array(z.number().int().min(0).max(6)).max(7).default([0, 1, 2, 3, 4, 5, 6]),
    timezone: ZTimezone.nullable().default(null),
  }),
]);
export const ZSplitConfig = z.object({ conditions: ZConditions.default(NO_CONDITIONS) });
export const ZCodeOutputSplitConfig = z.object({
  nodeId: z.string().min(1, "Choose the code node whose output to test"),
  output: z.string().min(1, "Choose an output"),
  operator: z.enum(["equals", "not_equals", "greater_than", "less_than", "exists", "not_exists"]),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
});

const node = <TType extends string, TConfig extends z.ZodType>(type: TType, config: TConfig) =>
  z.object({
    id: z.string().min(1).max(64),
    type: z.literal(type),
    position: z.object({ x: z.number().finite(), y: z.number().finite() }).default({ x: 0, y: 0 }),
    label: z.string().max(200).optional(),
    config,
  });

export const ZFlowNode = z.discriminatedUnion("type", [
  node("list-trigger", ZListTriggerConfig),
  node("segment-trigger", ZSegmentTriggerConfig),
  node("date-trigger", ZDateTriggerConfig),
  node("metric-trigger", ZMetricTriggerConfig),
  node("webhook", ZWebhookConfig),
  node("code", ZCodeConfig),
  node("delay", ZDelayConfig),
  node("split", ZSplitConfig),
  node("code-output-split", ZCodeOutputSplitConfig),
]);
export type TFlowNode = z.infer<typeof ZFlowNode>;
export type TFlowNodeType = TFlowNode["type"];
export type TNodeOf<TType extends TFlowNodeType> = Extract<TFlowNode, { type: TType }>;

export const ZFlowEdge = z.object({
  id: z.string().min(1).max(200),
  source: z.string().min(1),
  // Splits: "yes" / "no". Other nodes have one output (null).
  sourceHandle: z.string().max(64).nullable().default(null),
  target: z.string().min(1),
});
export type TFlowEdge = z.infer<typeof ZFlowEdge>;

export const ZReentry = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("once") }),
  z.object({ mode: z.literal("always") }),
  z.object({
    mode: z.literal("after"),
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 3650),
  }),
]);

export const ZFlowSettings = z.object({
  // Profile conditions re-checked before every action.
  filters: ZConditions.default(NO_CONDITIONS),
  reentry: ZReentry.default({ mode: "once" }),
});

export const ZFlowGraph = z.object({
  schemaVersion: z.literal(FLOW_GRAPH_SCHEMA_VERSION),
  nodes: z.array(ZFlowNode).max(MAX_FLOW_NODES, `A flow has at most ${MAX_FLOW_NODES} nodes`),
  edges: z.array(ZFlowEdge).max(MAX_FLOW_EDGES, `A flow has at most ${MAX_FLOW_EDGES} connections`),
  settings: ZFlowSettings.default({ filters: NO_CONDITIONS, reentry: { mode: "once" } }),
});
export type TFlowGraph = z.infer<typeof ZFlowGraph>;
export type TFlowSettings = z.infer<typeof ZFlowSettings>;

export const TRIGGER_NODE_TYPES = [
  "list-trigger",
  "segment-trigger",
  "date-trigger",
  "metric-trigger",
] as const;
export const ACTION_NODE_TYPES = ["webhook", "code"] as const;
export type TTriggerNode = TNodeOf<(typeof TRIGGER_NODE_TYPES)[number]>;

export function isTriggerNode(node: TFlowNode): node is TTriggerNode {
  return (TRIGGER_NODE_TYPES as readonly string[]).includes(node.type);
}
export function isActionNode(node: TFlowNode): boolean {
  return (ACTION_NODE_TYPES as readonly string[]).includes(node.type);
}

export function emptyFlowGraph(): TFlowGraph {
  return {
    schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
    nodes: [],
    edges: [],
    settings: { filters: NO_CONDITIONS, reentry: { mode: "once" } },
  };
}
