import { NO_CONDITIONS } from "@/lib/flows/conditions";
import { emptyFlowGraph, FLOW_GRAPH_SCHEMA_VERSION, type TFlowGraph } from "@/lib/flows/graph-schema";
import { UNCHOSEN_ID } from "@/lib/flows/node-types";

// Starting points offered by "New flow". Client-safe: the templates' graphs are plain data; the
// server fills in references it can resolve (the Placed Order metric) when it creates the flow.

export const FLOW_TEMPLATE_IDS = ["blank", "birthday-card", "shopper-locale"] as const;
export type TFlowTemplateId = (typeof FLOW_TEMPLATE_IDS)[number];

export const FLOW_TEMPLATES: Record<TFlowTemplateId, { name: string; description: string }> = {
  blank: { name: "Untitled flow", description: "An empty canvas" },
  "birthday-card": {
    name: "Birthday card by mail",
    description:
      "14 days before each profile's birthday, every year, POST name, birthday and address to a mail provider",
  },
  "shopper-locale": {
    name: "Save shopper locale",
    description: "On Placed Order, run a code function that saves customer_locale on the profile",
  },
};

const BIRTHDAY_BODY = `{
  "first_name": {{ person.first_name | json }},
  "last_name": {{ person.last_name | json }},
  "birthday": {{ person.birthday | json }},
  "address": {
    "address1": {{ person.address1 | json }},
    "city": {{ person.city | json }},
    "zip": {{ person.zip | json }},
    "country": {{ person.country | json }}
  }
}`;

/** The template's graph; `placedOrderMetricId` is the workspace's Placed Order metric, if any. */
export function flowTemplateGraph(
  template: TFlowTemplateId,
  references: { placedOrderMetricId?: string | null } = {},
): TFlowGraph {
  switch (template) {
    case "blank":
      return emptyFlowGraph();
    case "birthday-card":
      return {
        schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
        nodes: [
          {
            id: "trigger",
            type: "date-trigger",
            position: { x: 0, y: 0 },
            config: {
              property: "birthday",
              offsetDays: 14,
              direction: "before",
              recurrence: "yearly",
              timeOfDay: "09:00",
              timezone: { mode: "profile", fallback: "UTC" },
            },
          },
          {
            id: "send-card",
            type: "webhook",
            position: { x: 0, y: 160 },
            label: "Send birthday card",
            config: { url: "", headers: [], body: BIRTHDAY_BODY },
          },
        ],
        edges: [{ id: "trigger:out->send-card", source: "trigger", sourceHandle: null, target: "send-card" }],
        // A birthday comes every year: the same profile must be able to enter again.
        settings: { filters: NO_CONDITIONS, reentry: { mode: "always" } },
      };
    case "shopper-locale":
      return {
        schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
        nodes: [
          {
            id: "trigger",
            type: "metric-trigger",
            position: { x: 0, y: 0 },
            config: { metricId: references.placedOrderMetricId ?? UNCHOSEN_ID, filters: NO_CONDITIONS },
          },
          {
            id: "save-locale",
            type: "code",
            position: { x: 0, y: 160 },
            label: "Save customer_locale",
            config: { functionId: null },
          },
        ],
        edges: [
          { id: "trigger:out->save-locale", source: "trigger", sourceHandle: null, target: "save-locale" },
        ],
        settings: { filters: NO_CONDITIONS, reentry: { mode: "always" } },
      };
  }
}
