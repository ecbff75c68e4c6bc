import { OPERATOR_LABELS_TEXT } from "@/components/segments/operator-labels";
import type { TSegmentCondition } from "@/lib/audience/segment-definition";

export const formatCount = (value: number) => value.toLocaleString("en-US");

/** One condition in words, with names looked up (e.g. "Placed Order at least 2 times in the last 30 days"). */
export function describeCondition(condition: TSegmentCondition, names: ReadonlyMap<string, string>): string {
  switch (condition.kind) {
    case "profile-property": {
      const operator = OPERATOR_LABELS_TEXT[condition.operator];
      if (condition.value === undefined) return `${condition.property} ${operator}`;
      return `${condition.property} ${operator.replace("…", String(condition.value))}${operator.includes("…") ? "" : ` ${JSON.stringify(condition.value)}`}`;
    }
    case "event-count": {
      const metric = names.get(condition.metricId) ?? "an unknown metric";
      const window = condition.window.kind === "ever" ? "ever" : `in the last ${condition.window.days} days`;
      const filter = condition.filter
        ? ` where ${condition.filter.property} ${OPERATOR_LABELS_TEXT[condition.filter.operator]}${condition.filter.value === undefined ? "" : ` ${JSON.stringify(condition.filter.value)}`}`
        : "";
      return `${metric} ${condition.comparison.replace("_", " ")} ${condition.count} times ${window}${filter}`;
    }
    case "list-membership":
      return `${condition.isMember ? "is in" : "is not in"} list ${names.get(condition.listId) ?? "(deleted)"}`;
    case "segment-membership":
      return `${condition.isMember ? "is in" : "is not in"} segment ${names.get(condition.segmentId) ?? "(deleted)"}`;
  }
}
