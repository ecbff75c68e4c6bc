import { NO_CONDITIONS } from "@/lib/flows/conditions";
import type { TFlowNodeType, TNodeOf } from "@/lib/flows/graph-schema";
import type { TGraphProblem } from "@/lib/flows/validate-graph";

// The node-type registry: what the palette, the node face and the inspector know about each
// node type. Client-safe (no database). The engine's behaviour per type lives in
// lib/engine/handlers, keyed by the same type names.

/**
 * "Nothing chosen yet" for a reference (list, segment, metric). The schema requires a UUID, and
 * the nil UUID is one, so a freshly dropped trigger is a valid draft that saves; the editor and
 * publishFlow (the reference check) both refuse it until the user chooses.
 */
export const UNCHOSEN_ID = "00000000-0000-0000-0000-000000000000";
/** The code-output split's "no code node chosen yet" (validateFlowGraph reports it). */
export const UNCHOSEN_NODE = "unchosen";

export type TNodeGroup = "Triggers" | "Actions" | "Flow control";
export type TNodeIcon = "list" | "segment" | "calendar" | "metric" | "webhook" | "code" | "clock" | "split";

/** Names for the references a node face shows ("Joins Newsletter" rather than a UUID). */
export type TReferenceNames = {
  list: (id: string) => string | undefined;
  segment: (id: string) => string | undefined;
  metric: (id: string) => string | undefined;
  /** Optional: callers without code functions loaded show a generic summary. */
  codeFunction?: (id: string) => string | undefined;
};

type TNodeTypeConfig<TType extends TFlowNodeType> = {
  label: string;
  group: TNodeGroup;
  icon: TNodeIcon;
  description: string;
  defaults: () => TNodeOf<TType>["config"];
  summary: (config: TNodeOf<TType>["config"], names: TReferenceNames) => string;
  /** Problems the schema cannot see (a reference not chosen yet). */
  problems?: (config: TNodeOf<TType>["config"]) => Omit<TGraphProblem, "nodeId">[];
};

const chosen = (id: string) => id !== UNCHOSEN_ID;

export const NODE_TYPES: { [TType in TFlowNodeType]: TNodeTypeConfig<TType> } = {
  "list-trigger": {
    label: "List",
    group: "Triggers",
    icon: "list",
    description: "When a profile joins a list",
    defaults: () => ({ listId: UNCHOSEN_ID }),
    summary: (config, names) =>
      chosen(config.listId) ? `Joins ${names.list(config.listId) ?? "a deleted list"}` : "Choose a list",
    problems: (config) => (chosen(config.listId) ? [] : [{ field: "listId", message: "Choose a list" }]),
  },
  "segment-trigger": {
    label: "Segment",
    group: "Triggers",
    icon: "segment",
    description: "When a profile enters a segment",
    defaults: () => ({ segmentId: UNCHOSEN_ID }),
    summary: (config, names) =>
      chosen(config.segmentId)
        ? `Enters ${names.segment(config.segmentId) ?? "a deleted segment"}`
        : "Choose a segment",
    problems: (config) =>
      chosen(config.segmentId) ? [] : [{ field: "segmentId", message: "Choose a segment" }],
  },
  "date-trigger": {
    label: "Date property",
    group: "Triggers",
    icon: "calendar",
    description: "On a date of each profile, such as a birthday",
    defaults: () => ({
      property: "birthday",
      offsetDays: 0,
      direction: "before",
      recurrence: "yearly",
      timeOfDay: "09:00",
      timezone: { mode: "profile", fallback: "UTC" },
    }),
    summary: (config) => {
      const when =
        config.offsetDays === 0
          ? `On ${config.property}`
          : `${config.offsetDays} day${config.offsetDays === 1 ? "" : "s"} ${config.direction} ${config.property}`;
      return `${when}, ${config.recurrence}, ${config.timeOfDay}`;
    },
  },
  "metric-trigger": {
    label: "Metric",
    group: "Triggers",
    icon: "metric",
    description: "When a profile performs an event, such as Placed Order",
    defaults: () => ({ metricId: UNCHOSEN_ID, filters: NO_CONDITIONS }),
    summary: (config, names) =>
      chosen(config.metricId) ? (names.metric(config.metricId) ?? "A deleted metric") : "Choose a metric",
    problems: (config) =>
      chosen(config.metricId) ? [] : [{ field: "metricId", message: "Choose a metric" }],
  },
  webhook: {
    label: "Webhook",
    group: "Actions",
    icon: "webhook",
    description: "POST to one endpoint",
    defaults: () => ({ url: "", headers: [], body: "{}" }),
    summary: (config) => (config.url ? `POST ${hostOf(config.url)}` : "Enter the URL"),
  },
  code: {
    label: "Code",
    group: "Actions",
    icon: "code",
    description: "Run a code function",
    defaults: () => ({ functionId: null }),
    summary: (config, names) => {
      if (!config.functionId) return "Choose a function";
      if (!names.codeFunction) return "Runs a code function";
      const name = names.codeFunction(config.functionId);
      return name ? `Runs ${name}` : "A deleted function";
    },
  },
  delay: {
    label: "Time delay",
    group: "Flow control",
    icon: "clock",
    description: "Wait before the next step",
    defaults: () => ({ mode: "duration", amount: 1, unit: "days" }),
    summary: (config) =>
      config.mode === "duration"
        ? `Wait ${config.amount} ${config.amount === 1 ? config.unit.replace(/s$/, "") : config.unit}`
        : `Wait until ${config.time}`,
  },
  split: {
    label: "Conditional split",
    group: "Flow control",
    icon: "split",
    description: "Branch on profile or event data",
    defaults: () => ({ conditions: NO_CONDITIONS }),
    summary: (config) => {
      const count = config.conditions.groups.reduce((sum, group) => sum + group.conditions.length, 0);
      return count === 0 ? "Add a condition" : `${count} condition${count === 1 ? "" : "s"}`;
    },
  },
  "code-output-split": {
    label: "Code-output split",
    group: "Flow control",
    icon: "split",
    description: "Branch on a code node's output",
    defaults: () => ({ nodeId: UNCHOSEN_NODE, output: "result", operator: "equals", value: "" }),
    summary: (config) =>
      config.nodeId === UNCHOSEN_NODE
        ? "Choose a code node"
        : `${config.output} ${config.operator.replace("_", " ")}`,
  },
};

export const NODE_GROUPS: TNodeGroup[] = ["Triggers", "Actions", "Flow control"];

export function nodeTypesIn(group: TNodeGroup): TFlowNodeType[] {
  return (Object.keys(NODE_TYPES) as TFlowNodeType[]).filter((type) => NODE_TYPES[type].group === group);
}

export function isFlowNodeType(value: string): value is TFlowNodeType {
  return Object.hasOwn(NODE_TYPES, value);
}

/** A node's own problems from the registry, attributed to the node. */
export function registryProblems(node: {
  id: string;
  type: TFlowNodeType;
  config: unknown;
}): TGraphProblem[] {
  const entry = NODE_TYPES[node.type] as TNodeTypeConfig<TFlowNodeType>;
  return (entry.problems?.(node.config as never) ?? []).map((problem) => ({ ...problem, nodeId: node.id }));
}

export function nodeSummary(node: { type: TFlowNodeType; config: unknown }, names: TReferenceNames): string {
  const entry = NODE_TYPES[node.type] as TNodeTypeConfig<TFlowNodeType>;
  return entry.summary(node.config as never, names);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
